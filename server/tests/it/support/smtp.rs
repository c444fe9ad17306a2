//! A small SMTP server on loopback: the server under test delivers its mail
//! here over real SMTP (lettre's transport, not a mock), and tests read it.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    /// The message as received (headers and body; the body may be
    /// quoted-printable or base64 encoded).
    pub data: String,
}

#[derive(Debug, Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<Mail>>>);

impl Inbox {
    pub fn all(&self) -> Vec<Mail> {
        self.0.lock().unwrap().clone()
    }

    /// Whether a message to `to` says `text` (in its subject or body).
    pub fn has(&self, to: &str, text: &str) -> bool {
        self.all().iter().any(|m| m.to.iter().any(|t| t.contains(to)) && (subject(&m.data).contains(text) || decoded_body(&m.data).contains(text)))
    }

    /// The six-digit code in the newest message to `to`.
    pub fn last_code_for(&self, to: &str) -> Option<String> {
        let mails = self.all();
        let mail = mails.iter().rev().find(|m| m.to.iter().any(|t| t.contains(to)))?;
        let text = decoded_body(&mail.data);
        let at = text.find("验证码为")?;
        let digits: String = text[at..].chars().filter(char::is_ascii_digit).take(6).collect();
        (digits.len() == 6).then_some(digits)
    }
}

/// The Subject header of a message, its encoded words (RFC 2047, base64 as
/// lettre writes them) decoded.
pub fn subject(data: &str) -> String {
    use base64::Engine;
    let head = data.split_once("\r\n\r\n").map_or(data, |(h, _)| h);
    let mut lines = head.split("\r\n").skip_while(|l| !l.to_ascii_lowercase().starts_with("subject:"));
    let mut raw = lines.next().map(|l| l["subject:".len()..].to_owned()).unwrap_or_default();
    for more in lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')) {
        raw.push_str(more);
    }
    let mut out = Vec::new();
    for word in raw.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        match lower.strip_prefix("=?utf-8?b?").and_then(|w| w.strip_suffix("?=")) {
            Some(_) => out.extend(base64::engine::general_purpose::STANDARD.decode(&word[10..word.len() - 2]).unwrap_or_default()),
            None => {
                if !out.is_empty() {
                    out.push(b' ');
                }
                out.extend(word.as_bytes());
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The body of a single-part message, decoding base64 or quoted-printable.
pub fn decoded_body(data: &str) -> String {
    let (head, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let head = head.to_ascii_lowercase();
    if head.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(joined).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    } else if head.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let mut out = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'='
                && i + 2 < b.len()
                && let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(b[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    } else {
        body.to_owned()
    }
}

/// Starts the server; returns its inbox and port.
pub async fn start() -> (Inbox, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let store = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 localhost test SMTP\r\n").await;
                let mut to = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-localhost\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("HELO") || cmd.starts_with("MAIL") || cmd.starts_with("RSET") || cmd.starts_with("NOOP") {
                        b"250 OK\r\n"
                    } else if cmd.starts_with("RCPT") {
                        to.push(line.trim_end()[8..].trim().to_owned());
                        b"250 OK\r\n"
                    } else if cmd == "DATA" {
                        let _ = write.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" || line == ".\n" {
                                break;
                            }
                            data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
                        }
                        store.0.lock().unwrap().push(Mail { to: std::mem::take(&mut to), data });
                        b"250 queued\r\n"
                    } else if cmd.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"502 not implemented\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (inbox, port)
}
