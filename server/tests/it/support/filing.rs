//! Filing cases over HTTP as a resident would (issue 4), shared by the
//! case, change and ledger tests.

use super::TestApp;
use super::actors::{self, Actor, ZHANG};
use serde_json::{Value, json};

pub const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 a small photo";
pub const PDF: &[u8] = b"%PDF-1.4\n a scanned page";

pub fn form(kinds: &[(&str, &[u8])], extra: &[(&str, &str)]) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new()
        .text("household_type", "农业")
        .text("residence_address", "察素齐镇北只图村12号")
        .text("phone", "13847100001")
        .text("tier", "500.00")
        .text("bank_card", "6228480012345678")
        .text("special_group", "");
    for (k, v) in extra {
        f = f.text(k.to_string(), v.to_string());
    }
    for (kind, bytes) in kinds {
        f = f.part(kind.to_string(), reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(format!("{kind}.jpg")));
    }
    f
}

pub const ALL: [(&str, &[u8]); 4] = [("id_front", JPEG), ("id_back", JPEG), ("hukou_home", PDF), ("hukou_self", PDF)];

pub async fn file(app: &TestApp, who: &Actor, form: reqwest::multipart::Form) -> (u16, Value) {
    file_to(app, who, "/api/v1/cases/enrolment", form).await
}

/// Files a multipart form at `path` as `who`.
pub async fn file_to(app: &TestApp, who: &Actor, path: &str, form: reqwest::multipart::Form) -> (u16, Value) {
    let r = app.client.post(app.url(path)).header("cookie", who.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn decide(app: &TestApp, who: &Actor, id: &str, decision: &str, reason: &str) -> (u16, Value) {
    let (_, case) = who.get(app, &format!("/api/v1/cases/{id}")).await;
    let version = case["version"].as_i64().unwrap_or(-1);
    who.post(app, &format!("/api/v1/cases/{id}/decision"), json!({"version": version, "decision": decision, "reason": reason})).await
}

/// Zhang enrolled and approved (township, then county).
pub async fn insured_zhang(app: &TestApp) -> Actor {
    let zhang = actors::resident(app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, body) = file(app, &zhang, form(&ALL, &[])).await;
    assert!(body["id"].is_string(), "enrolment filed: {body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let township = actors::staff(app, "z.township", "township_clerk", "150121100").await;
    let county = actors::staff(app, "z.county", "county_clerk", "150121").await;
    assert_eq!(decide(app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(decide(app, &county, &id, "approve", "").await.0, 200);
    zhang
}
