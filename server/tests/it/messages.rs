//! Issue 36 §1: text messages as a first-class channel, through an SMS
//! platform on loopback that speaks the platform's HTTP interface
//! (`support::sms`), and one outbox for mail and text messages.

use crate::support::actors::{self, Actor, ZHANG, real_name, session_cookie};
use crate::support::filing::{ALL, decide, file, form};
use crate::support::{TestApp, on_day};
use serde_json::{Value, json};

on_both_engines!(
    a_person_with_only_a_phone_signs_in_and_is_told_everything_by_text,
    a_platform_outage_loses_nothing_and_sends_nothing_twice,
    undelivered_and_refused_messages_are_shown_with_the_reason,
    a_new_mobile_number_receives_codes_only_after_seven_days,
    the_person_chooses_channels_and_the_language_of_texts,
    the_sweep_lists_for_a_visit_whom_no_reminder_reached,
    the_fund_officer_sees_what_the_texts_cost,
);

const ERDUN: (&str, &str, &str) = ("额尔敦", "150423196308150037", "13947600011");
const ZHANG_MOBILE: &str = "13847100001";

/// Signs a person in with the code texted to `mobile`.
async fn by_text(app: &TestApp, name: &str, id: &str, mobile: &str) -> Actor {
    let anon = Actor::anonymous();
    let (status, _) = anon.post(app, "/api/v1/auth/code", real_name(name, id)).await;
    assert_eq!(status, 202);
    let code = app.code_texted_to(mobile).await.expect("a code by text message");
    let mut body = real_name(name, id);
    body["code"] = code.into();
    let r = anon.request(app, "POST", "/api/v1/auth/code/verify", Some(body)).await;
    assert_eq!(r.status().as_u16(), 200, "signed in with the texted code");
    Actor { label: name.into(), cookie: session_cookie(&r) }
}

fn statuses(record: &Value) -> Vec<(String, String, String)> {
    record["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["purpose"].as_str().unwrap().to_owned(), m["channel"].as_str().unwrap().to_owned(), m["status"].as_str().unwrap().to_owned()))
        .collect()
}

/// The herder with a basic phone and no e-mail (issue 36): the code comes
/// by text message, and so does every notice that goes by mail to others.
async fn a_person_with_only_a_phone_signs_in_and_is_told_everything_by_text(app: TestApp) {
    let erdun = by_text(&app, ERDUN.0, ERDUN.1, ERDUN.2).await;
    let (status, me) = erdun.get(&app, "/api/v1/me").await;
    assert_eq!(status, 200, "{me}");
    let texts = app.phones.texts_to(ERDUN.2);
    assert_eq!(texts.len(), 1);
    assert!(texts[0].starts_with("【内蒙古城乡居民养老保险】您的登录验证码为 ") && texts[0].contains("10分钟内有效"), "{texts:?}");
    assert!(app.phones.received()[0].template_id == "NMG-YL-0001", "the code's template");

    // Zhang without her e-mail: a case's receipt and its decision by text
    // message, as mail goes to those who have an address.
    sqlx::query("UPDATE registry_persons SET email = NULL WHERE id_number = $1").bind(ZHANG.1).execute(app.db.pool()).await.unwrap();
    let zhang = by_text(&app, ZHANG.0, ZHANG.1, ZHANG_MOBILE).await;
    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().expect("filed").to_owned();
    assert!(app.phones.has(ZHANG_MOBILE, "参保登记申请已受理"), "{:?}", app.phones.texts_to(ZHANG_MOBILE));
    let township = actors::staff(&app, "m.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "m.county", "county_clerk", "150121").await;
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
    assert!(app.phones.has(ZHANG_MOBILE, "已审核通过"), "{:?}", app.phones.texts_to(ZHANG_MOBILE));
    // A passkey added: told at once (H3).
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    app::backend::identity::accounts::tell_passkey_change(&app.state, &account, true).await;
    assert!(app.phones.has(ZHANG_MOBILE, "新的通行密钥"));
    let to: Vec<Vec<String>> = app.mail.all().into_iter().map(|m| m.to).collect();
    assert!(to.iter().flatten().all(|t| t.contains("@staff.example")), "no resident here has an e-mail address: {to:?}");

    // Delivery receipts mark them delivered; she sees each on her page.
    app.deliver().await;
    let (_, record) = zhang.get(&app, "/api/v1/me/record").await;
    let seen = statuses(&record);
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(seen.iter().all(|(_, channel, status)| channel == "sms" && status == "delivered"), "{seen:?}");
    assert!(seen.iter().any(|(purpose, _, _)| purpose == "code") && seen.iter().any(|(purpose, _, _)| purpose == "notice"), "{seen:?}");
    assert_eq!(record["messages"][0]["to_masked"], "138****0001");
}

async fn a_platform_outage_loses_nothing_and_sends_nothing_twice(app: TestApp) {
    let anon = Actor::anonymous();
    // Down: the mail goes, the text waits with the reason.
    app.phones.set_down(true);
    assert_eq!(anon.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await.0, 202);
    assert_eq!(app.deliver().await, 1, "the mail");
    let (attempts, error, status): (i64, Option<String>, String) =
        sqlx::query_as("SELECT attempts, last_error, status FROM outbox WHERE channel = 'sms'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((attempts, status.as_str()), (1, "queued"));
    assert!(error.as_deref().is_some_and(|e| e.contains("503")), "{error:?}");
    // Not again before its pause is over.
    assert_eq!(app.deliver().await, 0);
    assert_eq!(app.phones.submissions(), 0);
    // Back: it goes, once, and the code in it is the mailed one.
    app.phones.set_down(false);
    assert_eq!(app.deliver_at(chrono::Utc::now() + chrono::Duration::minutes(1)).await, 1);
    assert_eq!(app.phones.last_code_for(ZHANG_MOBILE), app.mail.last_code_for(ZHANG.2));

    // The answer is lost after the platform took it: sent again with the
    // same client id, the platform sends nothing twice.
    let before = app.phones.texts_to(ZHANG_MOBILE).len();
    app.phones.lose_answers(1);
    assert_eq!(anon.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await.0, 202);
    app.deliver().await;
    assert_eq!(app.phones.texts_to(ZHANG_MOBILE).len(), before + 1, "on the phone once");
    let queued: i64 = app.count("outbox WHERE channel = 'sms' AND status = 'queued'").await;
    assert_eq!(queued, 1, "we do not know it went: it is tried again");
    let submissions = app.phones.submissions();
    assert_eq!(app.deliver_at(chrono::Utc::now() + chrono::Duration::minutes(1)).await, 1);
    assert_eq!(app.phones.submissions(), submissions + 1, "submitted again");
    assert_eq!(app.phones.texts_to(ZHANG_MOBILE).len(), before + 1, "and still on the phone once");

    // Throttled: sent again after the time the platform asked for.
    app.phones.throttle(1);
    assert_eq!(anon.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await.0, 202);
    app.deliver().await;
    let (error, next): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT last_error, next_attempt_at FROM outbox WHERE channel = 'sms' AND status = 'queued'").fetch_one(app.db.pool()).await.unwrap();
    assert!(error.as_deref().is_some_and(|e| e.contains("429")), "{error:?}");
    let next = chrono::DateTime::parse_from_rfc3339(&next.unwrap()).unwrap();
    assert!(next <= chrono::Utc::now() + chrono::Duration::seconds(2), "after the 1 s it asked for, not the default pause");
    assert_eq!(app.deliver_at(chrono::Utc::now() + chrono::Duration::seconds(3)).await, 1);
    assert_eq!(app.phones.texts_to(ZHANG_MOBILE).len(), before + 2);
    assert_eq!(app.count("outbox WHERE status = 'queued'").await, 0, "nothing left behind");
}

async fn undelivered_and_refused_messages_are_shown_with_the_reason(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    // The phone is switched off for good: the receipt says so.
    app.phones.unreachable(ZHANG_MOBILE);
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    app::backend::identity::accounts::tell_passkey_change(&app.state, &account, true).await;
    app.deliver().await;
    // The platform has no template for notices: refused
    // before it is sent, with the reason.
    sqlx::query("DELETE FROM sms_templates WHERE purpose = 'notice'").execute(app.db.pool()).await.unwrap();
    app::backend::identity::accounts::tell_passkey_change(&app.state, &account, false).await;
    let (_, record) = zhang.get(&app, "/api/v1/me/record").await;
    let failed: Vec<&Value> = record["messages"].as_array().unwrap().iter().filter(|m| m["status"] == "failed").collect();
    assert_eq!(failed.len(), 2, "{record}");
    assert!(failed.iter().any(|m| m["reason"].as_str().unwrap().contains("模板")), "{failed:?}");
    assert!(failed.iter().any(|m| m["reason"].as_str().unwrap().contains("UNDELIV")), "{failed:?}");
    // Staff of her place see the same, masked; the mail went meanwhile.
    let clerk = actors::staff(&app, "r.township", "township_clerk", "150121100").await;
    let (status, found) = clerk.post(&app, "/api/v1/staff/persons/lookup", json!({"document_number": ZHANG.1})).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["messages"], record["messages"]);
    assert!(!found.to_string().contains(ZHANG_MOBILE) && !found.to_string().contains(ZHANG.2), "masked: {found}");
    assert!(app.mail.has(ZHANG.2, "通行密钥"));
}

/// A stolen code cannot capture every later one: a new number waits 7 days
/// (or a passkey she had before) before it receives sign-in codes, and the
/// old number is told.
async fn a_new_mobile_number_receives_codes_only_after_seven_days(app: TestApp) {
    let zhang = crate::support::filing::insured_zhang(&app).await;
    let (status, body) = zhang.post(&app, "/api/v1/me/details", json!({"phone": "13900000009"})).await;
    assert_eq!(status, 200, "{body}");
    assert!(app.phones.has(ZHANG_MOBILE, "已改为 139****0009"), "the old number is told: {:?}", app.phones.texts_to(ZHANG_MOBILE));
    assert!(app.mail.has(ZHANG.2, "139****0009"), "and the mail");
    // Notices go to the new number at once; codes still to the old one.
    let anon = Actor::anonymous();
    let codes_before = app.phones.texts_to(ZHANG_MOBILE).len();
    assert_eq!(anon.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await.0, 202);
    app.deliver().await;
    assert_eq!(app.phones.texts_to(ZHANG_MOBILE).len(), codes_before + 1);
    assert!(app.phones.texts_to("13900000009").is_empty(), "no code to the new number yet");
    // A passkey added meanwhile is told to both numbers, whatever channel
    // was chosen: whoever changed the number cannot hide it from her.
    assert_eq!(zhang.post(&app, "/api/v1/me/contact", json!({"channels": "email", "sms_lang": "zh-CN"})).await.0, 200);
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    app::backend::identity::accounts::tell_passkey_change(&app.state, &account, true).await;
    assert!(app.phones.has(ZHANG_MOBILE, "新的通行密钥") && app.phones.has("13900000009", "新的通行密钥"));
    assert!(app.mail.has(ZHANG.2, "通行密钥变动提醒"));
    assert_eq!(zhang.post(&app, "/api/v1/me/contact", json!({"channels": "all", "sms_lang": "zh-CN"})).await.0, 200);
    // Eight days later, the new number gets them.
    let later = chrono::Utc::now() - chrono::Duration::days(8);
    sqlx::query("UPDATE contact_changes SET changed_at = $1").bind(app::backend::infra::clock::ts(later)).execute(app.db.pool()).await.unwrap();
    assert_eq!(anon.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await.0, 202);
    assert!(app.code_texted_to("13900000009").await.is_some());

    // A change confirmed by a passkey she had before it is trusted at once.
    let (status, _) = zhang.post(&app, "/api/v1/me/details", json!({"phone": "13900000010"})).await;
    assert_eq!(status, 200);
    let mut tx = app.db.begin_write().await.unwrap();
    let old_passkey = "pk-before-the-change";
    sqlx::query("INSERT INTO passkeys (id, account_id, credential_id, passkey_json, created_at, registered_via) VALUES ($1, $2, $1, '{}', $3, 'passkey')")
        .bind(old_passkey)
        .bind(&account)
        .bind(app::backend::infra::clock::ts(chrono::Utc::now() - chrono::Duration::days(30)))
        .execute(&mut *tx)
        .await
        .unwrap();
    // One registered after the change (perhaps with a stolen code) does not.
    sqlx::query(
        "INSERT INTO passkeys (id, account_id, credential_id, passkey_json, created_at, registered_via) VALUES ('pk-new', $1, 'pk-new', '{}', $2, 'code')",
    )
    .bind(&account)
    .bind(app::backend::infra::clock::ts(chrono::Utc::now() + chrono::Duration::seconds(5)))
    .execute(&mut *tx)
    .await
    .unwrap();
    app::backend::infra::outbox::confirm_contacts_by_passkey(&mut tx, &account, "pk-new", chrono::Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    let pending = "contact_changes WHERE previous = '13900000009' AND confirmed_at IS NULL";
    assert_eq!(app.count(pending).await, 1, "a passkey newer than the change confirms nothing");
    let mut tx = app.db.begin_write().await.unwrap();
    app::backend::infra::outbox::confirm_contacts_by_passkey(&mut tx, &account, old_passkey, chrono::Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app.count(pending).await, 0);
    // (An hour on: the limit on codes per person is not what is tested.)
    sqlx::query("DELETE FROM auth_events").execute(app.db.pool()).await.unwrap();
    assert_eq!(anon.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await.0, 202);
    assert!(app.code_texted_to("13900000010").await.is_some());
}

async fn the_person_chooses_channels_and_the_language_of_texts(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    for bad in [json!({"channels": "fax", "sms_lang": "zh-CN"}), json!({"channels": "sms", "sms_lang": "en"})] {
        let (status, body) = zhang.post(&app, "/api/v1/me/contact", bad).await;
        assert_eq!(status, 400, "{body}");
    }
    let (status, body) = zhang.post(&app, "/api/v1/me/contact", json!({"channels": "sms", "sms_lang": "mn-Mong"})).await;
    assert_eq!(status, 200, "{body}");
    let (_, record) = zhang.get(&app, "/api/v1/me/record").await;
    assert_eq!((record["channels"].as_str(), record["sms_lang"].as_str()), (Some("sms"), Some("mn-Mong")));
    // Her details changed (E4): told by text message only, in Mongolian.
    let mails = app.mail.all().len();
    let person = domain::DocumentNumber::parse(domain::DocumentKind::ResidentId, ZHANG.1).unwrap();
    let said = app::i18n::msg::key_change_done_notice();
    app::backend::infra::notices::tell(&app.state, &person, domain::message::Purpose::Notice, |lang| ("s".into(), said.text(lang))).await;
    assert_eq!(app.mail.all().len(), mails, "text messages only, as she chose");
    let last = app.phones.texts_to(ZHANG_MOBILE).pop().unwrap();
    assert!(last.ends_with(&said.text(app::i18n::Lang::MnMong)), "in Mongolian: {last}");
    assert_eq!(app.phones.received().last().unwrap().template_id, "NMG-YL-1002");
    // A notice that guards the account goes on every channel all the same.
    let account: String = sqlx::query_scalar("SELECT id FROM accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    app::backend::identity::accounts::tell_passkey_change(&app.state, &account, true).await;
    assert_eq!(app.mail.all().len(), mails + 1, "a passkey added is mailed whatever was chosen");
    // Audited, and nobody else can choose for her.
    assert_eq!(app.count("audit_log WHERE action = 'person.contact_choice'").await, 1);
    assert_eq!(Actor::anonymous().post(&app, "/api/v1/me/contact", json!({"channels": "all", "sms_lang": "zh-CN"})).await.0, 401);
}

async fn the_sweep_lists_for_a_visit_whom_no_reminder_reached(app: TestApp) {
    let (_zhang, county, _fund) = crate::support::pensions::zhang_receiving_since_2020(&app).await;
    // Only a phone, switched off: the reminder before the due day (20
    // December 2020) never arrives.
    sqlx::query("UPDATE registry_persons SET email = NULL WHERE id_number = $1").bind(ZHANG.1).execute(app.db.pool()).await.unwrap();
    app.phones.unreachable(ZHANG_MOBILE);
    let before_due = on_day(&app, chrono::NaiveDate::from_ymd_opt(2020, 12, 1).unwrap()).await;
    let (status, body) = county.post(&before_due, "/api/v1/certification/sweep", json!({})).await;
    assert_eq!((status, body["message"].as_str()), (200, Some("已提醒 1 人，暂停发放 0 人")), "{body}");
    app.deliver().await;
    assert_eq!(app.count("outbox WHERE purpose = 'certification_reminder' AND status = 'failed'").await, 1);
    // Overdue, but not suspended: listed for a visit.
    let (_, body) = county.post(&app, "/api/v1/certification/sweep", json!({})).await;
    assert_eq!(body["message"].as_str(), Some("已提醒 0 人，暂停发放 0 人"), "{body}");
    let status: String = sqlx::query_scalar("SELECT status FROM pensions WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(status, "active");
    let assistant = actors::staff(&app, "v.assistant", "village_assistant", "150121100201").await;
    let (_, due) = assistant.get(&app, "/api/v1/certification/due").await;
    assert_eq!(due[0]["state_label"].as_str(), Some("提醒未送达，请上门核实认证"), "{due}");
}

async fn the_fund_officer_sees_what_the_texts_cost(app: TestApp) {
    let _zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    // A long text: 【signature】 and body over 70 characters, billed as two.
    let person = domain::DocumentNumber::parse(domain::DocumentKind::ResidentId, ZHANG.1).unwrap();
    let long = "您".repeat(80);
    app::backend::infra::notices::tell(&app.state, &person, domain::message::Purpose::Notice, |_| ("t".into(), long.clone())).await;
    app.deliver().await;
    let fund = actors::staff(&app, "f.fund", "league_fund_officer", "1501").await;
    let (status, rows) = fund.get(&app, "/api/v1/fund/message-costs?league=1501").await;
    assert_eq!(status, 200, "{rows}");
    // The code (1 part) and the long notice (93 characters: 2 parts) at 4 fen.
    assert_eq!((rows[0]["messages"].as_i64(), rows[0]["segments"].as_i64(), rows[0]["cost"].as_str()), (Some(2), Some(3), Some("0.12")), "{rows}");
    assert_eq!(rows[0]["mails"].as_i64(), Some(2), "{rows}");
    // Another league's officer is refused; a clerk is not a fund officer.
    let other = actors::staff(&app, "f.other", "league_fund_officer", "1504").await;
    assert_eq!(other.get(&app, "/api/v1/fund/message-costs?league=1501").await.0, 403);
    let clerk = actors::staff(&app, "f.county", "county_clerk", "150121").await;
    assert_eq!(clerk.get(&app, "/api/v1/fund/message-costs?league=1501").await.0, 403);
    let (_, html) = fund.get_text(&app, "/staff/fund").await;
    assert!(html.contains("短信和邮件（按月）") && html.contains("0.12"), "on the fund page");
}
