//! A small SMS platform on loopback speaking the HTTP interface the server
//! is a client of (docs/messages.md): the server submits over real HTTP,
//! and tests read the phones. It enforces what the real platform does:
//! the account and secret, one message per client id, a template for each
//! message; and it can be down, throttle, lose an answer, or fail to
//! deliver to a number, to test what the outbox does then.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub const ACCOUNT: &str = "pension";
pub const SECRET: &str = "s3cret/+";

#[derive(Debug, Clone, Deserialize)]
pub struct Submitted {
    pub client_id: String,
    pub mobile: String,
    pub signature: String,
    pub template_id: String,
    pub params: BTreeMap<String, String>,
    pub content: String,
}

#[derive(Default)]
struct Inner {
    /// What reached the phones, once per client id.
    delivered: Vec<Submitted>,
    /// Every submission, duplicates included.
    submissions: usize,
    by_client: HashMap<String, String>,
    receipts: Vec<serde_json::Value>,
    down: bool,
    throttle: usize,
    lose_answers: usize,
    unreachable: HashSet<String>,
}

#[derive(Clone, Default)]
pub struct Phones(Arc<Mutex<Inner>>);

impl Phones {
    /// The texts a number received, in order.
    pub fn texts_to(&self, mobile: &str) -> Vec<String> {
        self.0.lock().unwrap().delivered.iter().filter(|m| m.mobile == mobile).map(|m| m.content.clone()).collect()
    }

    pub fn received(&self) -> Vec<Submitted> {
        self.0.lock().unwrap().delivered.clone()
    }

    /// Whether a text to `mobile` says `text`.
    pub fn has(&self, mobile: &str, text: &str) -> bool {
        self.texts_to(mobile).iter().any(|t| t.contains(text))
    }

    /// The six-digit code in the newest text to `mobile`.
    pub fn last_code_for(&self, mobile: &str) -> Option<String> {
        let inner = self.0.lock().unwrap();
        let m = inner.delivered.iter().rev().find(|m| m.mobile == mobile)?;
        m.params.get("code").cloned()
    }

    pub fn submissions(&self) -> usize {
        self.0.lock().unwrap().submissions
    }

    /// Answers 503 to everything while down.
    pub fn set_down(&self, down: bool) {
        self.0.lock().unwrap().down = down;
    }

    /// Answers 429 (retry after 1 s) to the next `n` submissions.
    pub fn throttle(&self, n: usize) {
        self.0.lock().unwrap().throttle = n;
    }

    /// Takes the next `n` submissions but answers 500, as if the answer
    /// were lost on the way back.
    pub fn lose_answers(&self, n: usize) {
        self.0.lock().unwrap().lose_answers = n;
    }

    /// Messages to this number are taken but never reach the phone.
    pub fn unreachable(&self, mobile: &str) {
        self.0.lock().unwrap().unreachable.insert(mobile.to_owned());
    }
}

fn authorised(headers: &HeaderMap) -> bool {
    use base64::Engine;
    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT}:{SECRET}")));
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

fn refuse(status: StatusCode, error: &str) -> Response {
    (status, Json(serde_json::json!({ "error": error }))).into_response()
}

async fn send(State(phones): State<Phones>, headers: HeaderMap, Json(m): Json<Submitted>) -> Response {
    if !authorised(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "鉴权失败");
    }
    let mut inner = phones.0.lock().unwrap();
    if inner.down {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "平台维护中");
    }
    if inner.throttle > 0 {
        inner.throttle -= 1;
        return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], Json(serde_json::json!({ "error": "超过发送速率" }))).into_response();
    }
    inner.submissions += 1;
    if let Some(msg_id) = inner.by_client.get(&m.client_id) {
        return Json(serde_json::json!({ "msg_id": msg_id, "duplicate": true })).into_response();
    }
    let mobile_ok = m.mobile.len() == 11 && m.mobile.starts_with('1') && m.mobile.bytes().all(|b| b.is_ascii_digit());
    if !mobile_ok {
        return refuse(StatusCode::BAD_REQUEST, "号码无效");
    }
    if m.template_id.is_empty() || !m.content.starts_with(&format!("【{}】", m.signature)) {
        return refuse(StatusCode::BAD_REQUEST, "模板或签名未报备");
    }
    let msg_id = format!("M{:06}", inner.by_client.len() + 1);
    inner.by_client.insert(m.client_id.clone(), msg_id.clone());
    let status = if inner.unreachable.contains(&m.mobile) { "UNDELIV" } else { "DELIVRD" };
    inner.receipts.push(serde_json::json!({ "msg_id": msg_id, "client_id": m.client_id, "status": status }));
    if status == "DELIVRD" {
        inner.delivered.push(m);
    }
    if inner.lose_answers > 0 {
        inner.lose_answers -= 1;
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "网关超时");
    }
    Json(serde_json::json!({ "msg_id": msg_id })).into_response()
}

async fn reports(State(phones): State<Phones>, headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "鉴权失败");
    }
    let inner = phones.0.lock().unwrap();
    Json(serde_json::json!({ "reports": inner.receipts })).into_response()
}

#[derive(Deserialize)]
struct Ack {
    msg_ids: Vec<String>,
}

async fn ack(State(phones): State<Phones>, headers: HeaderMap, Json(a): Json<Ack>) -> Response {
    if !authorised(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "鉴权失败");
    }
    phones.0.lock().unwrap().receipts.retain(|r| !a.msg_ids.iter().any(|id| r["msg_id"] == id.as_str()));
    StatusCode::NO_CONTENT.into_response()
}

/// Starts the platform on a free loopback port: the phones, and the
/// `MESSAGE_URL` to reach it.
pub async fn start() -> (Phones, String) {
    let phones = Phones::default();
    let router = Router::new()
        .route("/api/sms/send", post(send))
        .route("/api/sms/reports", get(reports))
        .route("/api/sms/reports/ack", post(ack))
        .with_state(phones.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let secret = percent_encode(SECRET);
    (phones, format!("http://{ACCOUNT}:{secret}@127.0.0.1:{port}/api"))
}

fn percent_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
