//! Role-typed test actors (STYLE.md §10): each holds the session cookie of
//! a real session. Residents sign in through the real one-time-code flow
//! over HTTP and SMTP; staff sessions are opened by the session service
//! (their passkey ceremonies are exercised in the browser suite).

use super::TestApp;
use app::backend::identity::auth::{AccountKind, sessions};
use app::backend::identity::kiosks;
use app::model::{NewKiosk, NewStaff};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Actor {
    pub label: String,
    /// `Cookie` header value; `None` for the anonymous actor.
    pub cookie: Option<String>,
}

impl Actor {
    pub fn anonymous() -> Actor {
        Actor { label: "anonymous".into(), cookie: None }
    }

    pub async fn request(&self, app: &TestApp, method: &str, path: &str, body: Option<Value>) -> reqwest::Response {
        let verb = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = app.client.request(verb, app.url(path));
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        // The whole error chain: a timeout and a closed connection read alike at the top.
        req.send().await.unwrap_or_else(|e| panic!("{method} {path} as {}: {e:?}", self.label))
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> (u16, Value) {
        let r = self.request(app, "GET", path, None).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
        let r = self.request(app, "POST", path, Some(body)).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Uploads a file as the request body (the import endpoints).
    pub async fn post_csv(&self, app: &TestApp, path: &str, body: Vec<u8>) -> (u16, Value) {
        let mut req = app.client.post(app.url(path)).header("content-type", "text/csv").body(body);
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// A download: status and text.
    pub async fn get_text(&self, app: &TestApp, path: &str) -> (u16, String) {
        let r = self.request(app, "GET", path, None).await;
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    }
}

/// The `name=value` of the session cookie a response set.
pub fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session=") && !c.starts_with("session=;"))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

pub fn real_name(name: &str, id: &str) -> Value {
    json!({ "name": name, "document_kind": "resident_id", "document_number": id })
}

/// Signs a registry person in with a one-time code read from the SMTP inbox.
pub async fn resident(app: &TestApp, name: &str, id: &str, email: &str) -> Actor {
    let anon = Actor::anonymous();
    let (status, _) = anon.post(app, "/api/v1/auth/code", real_name(name, id)).await;
    assert_eq!(status, 202, "code requested for {name}");
    let code = app.code_for(email).await.expect("a code arrived by SMTP");
    let mut body = real_name(name, id);
    body["code"] = code.into();
    let r = anon.request(app, "POST", "/api/v1/auth/code/verify", Some(body)).await;
    assert_eq!(r.status().as_u16(), 200, "code accepted for {name}");
    Actor { label: name.into(), cookie: session_cookie(&r) }
}

pub const ZHANG: (&str, &str, &str) = ("张桂兰", "150121196503081242", "zhangguilan@example.com");
pub const BATEER: (&str, &str, &str) = ("巴特尔", "150423198007151318", "bateer@example.com");
pub const LI: (&str, &str, &str) = ("李建国", "150102199001011134", "lijianguo@example.com");
/// Died 2026-09-12 in the demo registry.
pub const WANG: (&str, &str) = ("王秀英", "150121195004121284");

/// A staff account with one role, and a session for it.
pub async fn staff(app: &TestApp, login: &str, role: &str, jurisdiction: &str) -> Actor {
    let input = NewStaff {
        login: login.into(),
        name: format!("{login}（测试）"),
        roles: vec![role.into()],
        jurisdiction: jurisdiction.into(),
        email: format!("{login}@staff.example"),
    };
    let invitation =
        app::backend::identity::staff::create_staff(&app.state, &app::backend::identity::staff::system_caller(), &input).await.expect("create staff");
    open_session(app, login, &invitation.account_id, None).await
}

pub async fn session_for(app: &TestApp, label: &str, account_id: &str) -> Actor {
    open_session(app, label, account_id, None).await
}

/// A resident who signed in before (`resident`), now signed in with their
/// passkey (the ceremony itself is tested in identity.rs and the browser).
pub async fn by_passkey(app: &TestApp, label: &str, id_number: &str) -> Actor {
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE id_number = $1").bind(id_number).fetch_one(app.db.pool()).await.unwrap();
    let mut tx = app.db.begin_write().await.unwrap();
    let now = app::backend::infra::clock::now();
    let secret = sessions::open(&mut tx, &account, AccountKind::Resident, "passkey", None, app::i18n::Lang::Zh, now).await.unwrap();
    // The passkey behind the session, registered long enough ago to open
    // the money gates (`passkey.money_gate_days`).
    let passkey = format!("pk-{label}-{}", secret.get(..8).unwrap_or_default());
    sqlx::query("INSERT INTO passkeys (id, account_id, credential_id, passkey_json, created_at, registered_via) VALUES ($1, $2, $1, '{}', $3, 'passkey')")
        .bind(&passkey)
        .bind(&account)
        .bind(app::backend::infra::clock::ts(now - chrono::Duration::days(30)))
        .execute(&mut *tx)
        .await
        .unwrap();
    sessions::bind_passkey(&mut tx, &secret, &passkey).await.unwrap();
    tx.commit().await.unwrap();
    Actor { label: label.into(), cookie: Some(format!("session={secret}")) }
}

async fn open_session(app: &TestApp, label: &str, account_id: &str, kiosk: Option<&str>) -> Actor {
    let mut tx = app.db.begin_write().await.unwrap();
    let secret =
        sessions::open(&mut tx, account_id, AccountKind::Staff, "passkey", kiosk, app::i18n::Lang::Zh, app::backend::infra::clock::now()).await.unwrap();
    tx.commit().await.unwrap();
    Actor { label: label.into(), cookie: Some(format!("session={secret}")) }
}

/// A township clerk who unlocked a kiosk of their township.
pub async fn kiosk(app: &TestApp, login: &str, township: &str) -> Actor {
    let input = NewKiosk { name: format!("{login} 终端"), township: township.into() };
    let setup = kiosks::register(&app.state, &app::backend::identity::staff::system_caller(), &input).await.expect("kiosk");
    let staff_input = NewStaff {
        login: login.into(),
        name: "终端经办员".into(),
        roles: vec!["township_clerk".into()],
        jurisdiction: township.into(),
        email: format!("{login}@staff.example"),
    };
    let invitation = app::backend::identity::staff::create_staff(&app.state, &app::backend::identity::staff::system_caller(), &staff_input).await.unwrap();
    open_session(app, login, &invitation.account_id, Some(&setup.kiosk_id)).await
}

/// Another kiosk session of the same staff member on the same kiosk (the
/// next resident after "finish").
pub async fn kiosk_again(app: &TestApp, login: &str) -> Actor {
    let (account, kiosk): (String, String) =
        sqlx::query_as("SELECT a.id, s.kiosk_id FROM accounts a JOIN sessions s ON s.account_id = a.id WHERE a.login = $1 AND s.kiosk_id IS NOT NULL LIMIT 1")
            .bind(login)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    open_session(app, login, &account, Some(&kiosk)).await
}

/// A kiosk session that has identified and attested `who` (name, number).
pub async fn serving(app: &TestApp, kiosk: &Actor, who: (&str, &str)) {
    let (status, body) = kiosk.post(app, "/api/v1/kiosk/resident", json!({"name": who.0, "document_number": who.1, "attested": true})).await;
    assert_eq!(status, 200, "identified {}: {body}", who.0);
}
