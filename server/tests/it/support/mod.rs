//! `spawn_app()`: a real server on a loopback port over its own fresh
//! database, SQLite or PostgreSQL (STYLE.md §10). No mocks of our database.

// Each test module uses only part of it.
#![allow(dead_code)]

pub mod actors;
pub mod filing;
pub mod pensions;
pub mod proxy;
pub mod sms;
pub mod smtp;

use app::backend::{AppState, infra::db::Db, infra::reference};
use chrono::NaiveDate;
use leptos::prelude::LeptosOptions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub database_url: String,
    pub client: reqwest::Client,
    pub state: AppState,
    /// Messages the server sent, received by a real SMTP server on loopback.
    pub mail: smtp::Inbox,
    /// Text messages the server sent, received by an SMS platform on loopback.
    pub phones: sms::Phones,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.expect("a JSON body"))
    }

    /// Runs a subcommand of the real server binary against this database.
    pub fn run_cli(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("RUST_LOG", "warn")
            .env("PENSION_TODAY", test_today().to_string())
            .output()
            .expect("run the server binary")
    }

    /// The server binary on this database, running in the background.
    pub fn spawn_cli(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("RUST_LOG", "warn")
            .env("PENSION_TODAY", test_today().to_string())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start the server binary")
    }

    /// The last one-time code mailed to `to`, once the outbox has been
    /// sent (the server's own mailer runs only under `server serve`).
    pub async fn code_for(&self, to: &str) -> Option<String> {
        self.deliver().await;
        self.mail.last_code_for(to)
    }

    /// The last one-time code texted to `mobile`.
    pub async fn code_texted_to(&self, mobile: &str) -> Option<String> {
        self.deliver().await;
        self.phones.last_code_for(mobile)
    }

    /// One round of the server's mailer, now.
    pub async fn deliver(&self) -> u32 {
        self.deliver_at(chrono::Utc::now()).await
    }

    /// One round of the server's mailer at `at` (later: what waited is due).
    pub async fn deliver_at(&self, at: chrono::DateTime<chrono::Utc>) -> u32 {
        app::backend::infra::outbox::deliver(&self.state, at).await.expect("outbox")
    }

    pub async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}")).fetch_one(self.db.pool()).await.expect("count").get::<i64, _>("n")
    }
}

/// The action of the page's form that posts to `api` (with its page-form
/// parameters, `app::pages::form`), as a browser reads it.
pub fn form_action(page: &str, api: &str) -> String {
    let start = page.find(&format!(r#"action="{api}?"#)).unwrap_or_else(|| panic!("a form posting to {api}")) + r#"action=""#.len();
    let end = start + page[start..].find('"').expect("the attribute ends");
    page[start..end].replace("&amp;", "&")
}

/// "Today" in every test: fixed, so results do not depend on the clock.
pub fn test_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 2).unwrap()
}

/// A new empty database of the given engine; fails loudly when PostgreSQL
/// is unreachable rather than skipping.
pub async fn fresh_database(engine: Engine) -> (Db, String) {
    let name = format!("pension_test_{}", uuid::Uuid::new_v4().simple());
    let url = match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("pension-tests");
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}?mode=rwc", dir.join(format!("{name}.db")).display())
        }
        Engine::Postgres => {
            let admin_url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
            let admin = Db::connect(&admin_url).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is unreachable at TEST_DATABASE_URL or 127.0.0.1:5432 ({e}); the suite runs on both engines and does not skip")
            });
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.expect("create database");
            admin.close().await;
            let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
            format!("{base}/{name}")
        }
    };
    let db = Db::connect(&url).await.expect("connect to the test database");
    db.migrate().await.expect("migrations");
    (db, url)
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, None, Default::default()).await
}

/// A free loopback port, for a server started later (a peer that is down).
pub fn reserve_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server on `port` (any free one when `None`) with this transfer setting
/// (T3: a deployment serving one league, with its key and peers).
pub async fn spawn_app_with(engine: Engine, port: Option<u16>, transfers: app::backend::transfers::config::TransferConfig) -> TestApp {
    if std::env::var("RUST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).with_test_writer().try_init();
    }
    let (db, database_url) = fresh_database(engine).await;
    reference::load_reference(&db).await.expect("reference data");
    app::backend::seed::demo::load_demo_once(&db).await.expect("demo data");
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port.unwrap_or(0))).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let leptos_options = LeptosOptions::builder().output_name("pension").site_root("target/site").site_addr(addr).build();
    let (mail, smtp_port) = smtp::start().await;
    let sender =
        app::backend::infra::mail::EmailSender::from_url(&format!("smtp://127.0.0.1:{smtp_port}"), "test <noreply@pension.example>").expect("mail sender");
    let (phones, message_url) = sms::start().await;
    let public_url = format!("http://localhost:{}", addr.port());
    let mut state = AppState::new(leptos_options, db.clone(), Some(test_today()), &public_url, std::sync::Arc::new(sender)).expect("state");
    state.sms = Some(std::sync::Arc::new(app::backend::infra::sms::SmsGateway::from_url(&message_url, "内蒙古城乡居民养老保险").expect("SMS platform")));
    state.document_dir = std::env::temp_dir().join("pension-tests").join(format!("docs-{}", uuid::Uuid::new_v4().simple()));
    state.transfers = std::sync::Arc::new(transfers);
    serve(listener, &state);
    // A request that hangs fails the test with its path instead of hanging the suite.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(std::time::Duration::from_secs(30)).build().unwrap();
    TestApp { base: format!("http://{addr}"), db, database_url, client, state, mail, phones }
}

/// The same deployment (database, settings, mail) answering as if today
/// were `day`, on a port of its own: what a clerk does later in the year.
/// Sessions live in the database, so every actor's cookie works on it.
pub async fn on_day(app: &TestApp, day: NaiveDate) -> TestApp {
    let mut state = app.state.clone();
    state.today_override = Some(day);
    beside(app, state).await
}

/// The same deployment served through a pool of one database connection,
/// on a port of its own (the test's own queries keep `app.db`): a request
/// that held one connection while waiting for a second would wait for
/// itself, and time out.
pub async fn with_one_connection(app: &TestApp) -> TestApp {
    let mut state = app.state.clone();
    state.db = Db::connect_with(&app.database_url, Some(1)).await.expect("a pool of one");
    beside(app, state).await
}

/// `app`'s deployment with `state`, served on a port of its own.
async fn beside(app: &TestApp, state: AppState) -> TestApp {
    let port = serve_also(&state).await;
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        db: app.db.clone(),
        database_url: app.database_url.clone(),
        client: app.client.clone(),
        state,
        mail: app.mail.clone(),
        phones: app.phones.clone(),
    }
}

/// Another server on the same database with this state (a setting
/// changed), on a new port: the port.
pub async fn serve_also(state: &AppState) -> u16 {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    serve(listener, state);
    port
}

/// The real service over `state`, answering on `listener` in the background.
fn serve(listener: tokio::net::TcpListener, state: &AppState) {
    tokio::spawn(server::web::serve_on(listener, state.clone(), std::future::pending()));
}

/// Runs each named test on SQLite and on PostgreSQL: `name::sqlite`,
/// `name::postgres`.
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use $crate::support::{Engine, spawn_app};
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { super::$name(spawn_app(Engine::Sqlite).await).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { super::$name(spawn_app(Engine::Postgres).await).await }
        }
    )*};
}
