//! A real reverse proxy on loopback (nginx, Debian's `nginx-light`, which
//! `./dev test` installs): the client address behind a proxy (H5).

use std::process::{Child, Command, Stdio};

/// nginx forwarding everything to `upstream` on 127.0.0.1, adding the
/// address it got each request from to `X-Forwarded-For`, as a production
/// proxy does. Stopped when dropped.
pub struct Nginx {
    pub port: u16,
    child: Child,
    dir: std::path::PathBuf,
}

impl Nginx {
    pub async fn start(upstream: u16) -> Nginx {
        let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"].into_iter().find(|p| std::path::Path::new(p).exists()).unwrap_or("nginx");
        let dir = std::env::temp_dir().join("pension-tests").join(format!("nginx-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = super::reserve_port();
        let d = dir.display();
        let conf = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log stderr warn;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
               server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://127.0.0.1:{upstream};\n      proxy_set_header Host $http_host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }}\n  }}\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let mut child = Command::new(binary)
            .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf"), "-e", "stderr"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("nginx is needed for the proxy tests (Debian's nginx-light; ./dev test installs it): {e}"));
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Nginx { port, child, dir };
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("nginx did not start on port {port}");
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
