//! The case engine and enrolment (issue 4; E1–E3): filing with attachments,
//! the two review steps, separation of duties, returns and resubmission,
//! concurrent decisions, someone else's case, bad uploads. Both engines.

use crate::support;
use crate::support::TestApp;
use crate::support::actors::{self, Actor, BATEER, ZHANG};
use crate::support::filing::{ALL, JPEG, PDF, decide, file, form, insured_zhang};
use serde_json::{Value, json};

on_both_engines!(
    enrolment_through_both_steps_opens_the_account,
    a_handler_may_not_review_and_returns_come_back,
    a_clerk_does_not_decide_on_themselves_or_a_declared_relative,
    two_decisions_at_once_exactly_one_wins,
    other_peoples_cases_and_bad_uploads_are_refused,
    staff_file_for_a_resident_of_their_area_only,
    claims_and_counts_in_the_queue,
    synthetic_data_is_reproducible_and_queues_stay_short,
    insured_people_change_phone_and_address_at_once,
    someone_insured_under_another_scheme_is_refused_with_the_reason,
    sex_and_ethnicity_change_at_once_within_the_rules,
    page_forms_work_without_javascript,
    a_key_detail_change_is_reviewed_in_the_league_pool_and_rekeys_the_history,
    administrators_import_the_other_scheme_list_over_http,
    the_young_and_students_are_told_when_they_may_enrol,
);

async fn enrolment_through_both_steps_opens_the_account(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (status, body) = file(&app, &zhang, form(&ALL, &[])).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["row"]["state"], "初审中");
    // Received Monday 2025-06-02 (the test's today): 3 working days → 06-05.
    assert_eq!(case["row"]["received_on"], "2025-06-02");
    assert_eq!(case["row"]["deadline"], "2025-06-05");
    assert_eq!(case["documents"].as_array().unwrap().len(), 4);
    assert!(case["form"].to_string().contains("**** 5678"), "the bank card is masked");
    assert!(!case["form"].to_string().contains("6228480012345678"));
    // A second enrolment while this one is open: refused (E3).
    let (status, body) = file(&app, &zhang, form(&ALL, &[])).await;
    assert_eq!(status, 409, "{body}");

    let township = actors::staff(&app, "c.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "c.county", "county_clerk", "150121").await;
    let (_, queue) = township.get(&app, "/api/v1/staff/queue").await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let (_, county_queue) = county.get(&app, "/api/v1/staff/queue").await;
    assert_eq!(county_queue, json!([]), "the county's step comes after the township's");
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    let (_, county_queue) = county.get(&app, "/api/v1/staff/queue").await;
    assert_eq!(county_queue.as_array().unwrap().len(), 1);
    assert_eq!(app.count("insured_persons").await, 0);
    let (status, body) = decide(&app, &county, &id, "approve", "").await;
    assert_eq!((status, body["state"].as_str()), (200, Some("approved")));
    assert_eq!(app.count("insured_persons").await, 1);
    assert_eq!(app.count("personal_accounts").await, 1, "the account is opened, empty");
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["row"]["state"], "已办结（通过）");
    let events: Vec<&str> = case["timeline"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["提交申请", "审核通过", "审核通过"]);
    // Told by mail at receipt and at the decision.
    let mails: Vec<_> = app.mail.all().into_iter().filter(|m| m.to.iter().any(|t| t.contains(ZHANG.2))).collect();
    assert!(mails.len() >= 3, "code, receipt, decision: {}", mails.len());
    // Enrolled now: another enrolment is refused with the reason.
    let (status, body) = file(&app, &zhang, form(&ALL, &[])).await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("无需重复登记"), "{body}");
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'case.%' ORDER BY seq").fetch_all(app.db.pool()).await.unwrap();
    assert!(actions.starts_with(&["case.submit".to_owned()]) && actions.iter().filter(|a| *a == "case.approve").count() == 2, "{actions:?}");
}

async fn a_handler_may_not_review_and_returns_come_back(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().unwrap().to_owned();
    // One account holding both business roles (one duty group: allowed).
    let both = {
        let input = app::model::NewStaff {
            login: "two.steps".into(),
            name: "双岗".into(),
            roles: vec!["township_clerk".into()],
            jurisdiction: "150121100".into(),
            email: "two.steps@staff.example".into(),
        };
        let inv = app::backend::identity::staff::create_staff(&app.state, &app::backend::identity::staff::system_caller(), &input).await.unwrap();
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, 'county_clerk')").bind(&inv.account_id).execute(app.db.pool()).await.unwrap();
        actors::session_for(&app, "two.steps", &inv.account_id).await
    };
    assert_eq!(decide(&app, &both, &id, "approve", "").await.0, 200);
    let (status, body) = decide(&app, &both, &id, "approve", "").await;
    assert_eq!(status, 403, "the handler of the initial review may not review: {body}");
    assert!(body["message"].as_str().unwrap().contains("前序环节"), "{body}");
    let (_, case) = both.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["can_decide"], false);
    assert_eq!(case["row"]["state"], "复核中", "nothing changed");

    let county = actors::staff(&app, "r.county", "county_clerk", "150121").await;
    let (status, _) = decide(&app, &county, &id, "return", " ").await;
    assert_eq!(status, 400, "a return says what is missing");
    assert_eq!(decide(&app, &county, &id, "return", "户口簿本人页不清晰，请重新拍照").await.0, 200);
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["needed"], "户口簿本人页不清晰，请重新拍照");
    assert_eq!(case["can_resubmit"], true);
    let version = case["version"].as_i64().unwrap();
    let (status, body) = zhang.post(&app, &format!("/api/v1/cases/{id}/resubmit"), json!({"version": version})).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("in_review:0")));
    // A new round: the same clerk may do the initial review again…
    assert_eq!(decide(&app, &both, &id, "approve", "").await.0, 200);
    // …and still not the review after it.
    assert_eq!(decide(&app, &both, &id, "approve", "").await.0, 403);
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
}

/// Issue 33 (11): a clerk who declared the person as themselves or a
/// relative may neither claim nor decide the case; a colleague does. The
/// declaration is checked, kept and audited.
async fn a_clerk_does_not_decide_on_themselves_or_a_declared_relative(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().unwrap().to_owned();
    let son = actors::staff(&app, "son.clerk", "township_clerk", "150121100").await;
    let declare = |relation: &str, number: &str| json!({"document_kind": "resident_id", "document_number": number, "relation": relation});
    assert_eq!(son.post(&app, "/api/v1/staff/conflicts", declare("表亲", ZHANG.1)).await.0, 400, "a relation from the list");
    assert_eq!(son.post(&app, "/api/v1/staff/conflicts", declare("父母", "150121196503081243")).await.0, 400, "a valid number");
    let (status, body) = son.post(&app, "/api/v1/staff/conflicts", declare("父母", ZHANG.1)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(son.post(&app, "/api/v1/staff/conflicts", declare("父母", ZHANG.1)).await.0, 409);
    assert_eq!(zhang.post(&app, "/api/v1/staff/conflicts", declare("本人", ZHANG.1)).await.0, 403, "staff only");
    let (_, listed) = son.get(&app, "/api/v1/staff/conflicts").await;
    assert_eq!(listed[0]["document_masked"], "150121********1242");
    let (_, case) = son.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["can_decide"], false, "{case}");
    let (status, body) = son.post(&app, &format!("/api/v1/cases/{id}/claim"), json!({})).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = decide(&app, &son, &id, "approve", "").await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().unwrap().contains("回避"), "{body}");
    let colleague = actors::staff(&app, "other.clerk", "township_clerk", "150121100").await;
    assert_eq!(decide(&app, &colleague, &id, "approve", "").await.0, 200);
    let declared: Option<String> =
        sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'staff.conflict_declare'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(declared.as_deref(), Some("父母"));
}

async fn two_decisions_at_once_exactly_one_wins(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().unwrap().to_owned();
    let a = actors::staff(&app, "race.a", "township_clerk", "150121100").await;
    let b = actors::staff(&app, "race.b", "township_clerk", "150121100").await;
    let (_, case) = a.get(&app, &format!("/api/v1/cases/{id}")).await;
    let version = case["version"].as_i64().unwrap();
    let path = format!("/api/v1/cases/{id}/decision");
    let (ra, rb) = tokio::join!(
        a.post(&app, &path, json!({"version": version, "decision": "approve"})),
        b.post(&app, &path, json!({"version": version, "decision": "return", "reason": "材料不全"})),
    );
    let mut statuses = [ra.0, rb.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{ra:?} {rb:?}");
    let loser = if ra.0 == 409 { &ra.1 } else { &rb.1 };
    assert!(loser["message"].as_str().unwrap().contains("已由他人处理"), "{loser}");
    let decisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_events WHERE case_id = $1 AND event IN ('approve', 'return')")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(decisions, 1);
}

async fn other_peoples_cases_and_bad_uploads_are_refused(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let bateer = actors::resident(&app, BATEER.0, BATEER.1, BATEER.2).await;
    let before = (app.count("cases").await, app.count("documents").await);
    // An executable named like a photo.
    let disguised: [(&str, &[u8]); 4] = [("id_front", b"MZ\x90\x00this is not a photo"), ("id_back", JPEG), ("hukou_home", PDF), ("hukou_self", PDF)];
    let (status, body) = file(&app, &zhang, form(&disguised, &[])).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("身份证人像面"), "{body}");
    let big = vec![0xFFu8; domain::document::MAX_DOCUMENT_BYTES + 1];
    let oversized: [(&str, &[u8]); 4] = [("id_front", &big), ("id_back", JPEG), ("hukou_home", PDF), ("hukou_self", PDF)];
    let (status, body) = file(&app, &zhang, form(&oversized, &[])).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("MB"), "{body}");
    let (status, body) = file(&app, &zhang, form(&ALL[..3], &[])).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("户口簿本人页"), "{body}");
    let (status, _) = file(&app, &zhang, form(&ALL, &[("tier", "123.00")])).await;
    assert_eq!(status, 400, "a tier not in the policy table");
    assert_eq!((app.count("cases").await, app.count("documents").await), before, "nothing stored");
    let stored = std::fs::read_dir(&app.state.document_dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no file written");

    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().unwrap().to_owned();
    let (status, _) = bateer.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(status, 404, "someone else's case");
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    let sha = case["documents"][0]["sha256"].as_str().unwrap();
    let r = bateer.request(&app, "GET", &format!("/api/v1/cases/{id}/documents/{sha}"), None).await;
    assert_eq!(r.status(), 404);
    let r = zhang.request(&app, "GET", &format!("/api/v1/cases/{id}/documents/{sha}"), None).await;
    assert_eq!(r.status(), 200);
    assert!(["image/jpeg", "application/pdf"].contains(&r.headers()["content-type"].to_str().unwrap()));
    // Issue 33 (low): an upload is shown sandboxed, a PDF saved, not opened.
    assert!(r.headers()["content-security-policy"].to_str().unwrap().starts_with("sandbox"), "{:?}", r.headers());
    let mut pdfs = 0;
    for d in case["documents"].as_array().unwrap() {
        let r = zhang.request(&app, "GET", &format!("/api/v1/cases/{id}/documents/{}", d["sha256"].as_str().unwrap()), None).await;
        if r.headers()["content-type"] != "application/pdf" {
            assert_eq!(r.headers()["content-disposition"], "inline", "an image is shown");
            continue;
        }
        pdfs += 1;
        assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"), "{:?}", r.headers());
        assert!(r.headers()["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
    }
    assert!(pdfs > 0, "the household register pages were PDFs");
    let version = case["version"].as_i64().unwrap();
    let (status, _) = bateer.post(&app, &format!("/api/v1/cases/{id}/withdraw"), json!({"version": version})).await;
    assert_eq!(status, 404);
    let other_county = actors::staff(&app, "o.county", "county_clerk", "150423").await;
    assert_eq!(other_county.get(&app, &format!("/api/v1/cases/{id}")).await.0, 404, "another county's case");
    assert_eq!(decide(&app, &other_county, &id, "approve", "").await.0, 404);
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(case["row"]["state"], "初审中", "unchanged");
}

async fn staff_file_for_a_resident_of_their_area_only(app: TestApp) {
    let clerk = actors::staff(&app, "f.township", "township_clerk", "150121100").await;
    let paper: [(&str, &[u8]); 1] = [("signed_form", PDF)];
    let build = |name: &str, id: &str, conf: &str| form(&paper, &[("name", name), ("document_number", id), ("confirmation", conf)]);
    let (status, body) = file(&app, &clerk, build(BATEER.0, BATEER.1, "签字")).await;
    assert_eq!(status, 403, "a resident of another county: {body}");
    let (status, body) = file(&app, &clerk, build(ZHANG.0, ZHANG.1, "")).await;
    assert_eq!(status, 400, "the signature or fingerprint is recorded: {body}");
    let (status, body) = file(&app, &clerk, build(ZHANG.0, ZHANG.1, "指印")).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap();
    // The clerk who took it in may not do its initial review.
    assert_eq!(decide(&app, &clerk, id, "approve", "").await.0, 403);
    let (_, case) = clerk.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert!(case["form"].to_string().contains("指印"));
}

async fn claims_and_counts_in_the_queue(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().unwrap().to_owned();
    let a = actors::staff(&app, "claim.a", "township_clerk", "150121100").await;
    let b = actors::staff(&app, "claim.b", "township_clerk", "150121100").await;
    assert_eq!(a.post(&app, &format!("/api/v1/cases/{id}/claim"), json!({})).await.0, 200);
    let (status, body) = b.post(&app, &format!("/api/v1/cases/{id}/claim"), json!({})).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = decide(&app, &b, &id, "approve", "").await;
    assert_eq!(status, 403);
    assert!(body["message"].as_str().unwrap().contains("认领"), "{body}");
    let (_, queue) = b.get(&app, "/api/v1/staff/queue").await;
    assert_eq!(queue[0]["claimed_by"], "claim.a（测试）");
    let counts = app::backend::cases::queue_counts(&app.state, &caller_of(&app, &b).await).await.unwrap();
    assert_eq!(counts, app::model::QueueCounts { waiting: 1, due_today: 0, overdue: 0 });
    // Three working days later the case is due; a day after, overdue.
    sqlx::query("UPDATE cases SET deadline = '2025-06-01' WHERE id = $1").bind(&id).execute(app.db.pool()).await.unwrap();
    let counts = app::backend::cases::queue_counts(&app.state, &caller_of(&app, &b).await).await.unwrap();
    assert_eq!(counts.overdue, 1);
    assert_eq!(b.post(&app, &format!("/api/v1/cases/{id}/release"), json!({})).await.0, 409, "only the claimer releases");
    assert_eq!(a.post(&app, &format!("/api/v1/cases/{id}/release"), json!({})).await.0, 200);
    assert_eq!(decide(&app, &b, &id, "approve", "").await.0, 200);
}

/// The caller behind an actor's session, for calling a service directly.
async fn caller_of(app: &TestApp, actor: &Actor) -> app::backend::identity::auth::Caller {
    let secret = actor.cookie.as_ref().unwrap().trim_start_matches("session=");
    let principal = app::backend::identity::auth::sessions::principal(&app.db, secret, app::backend::infra::clock::now()).await.unwrap();
    app::backend::identity::auth::Caller { principal, ip: None, channel: "test", lang: app::i18n::Lang::Zh }
}

async fn synthetic_data_is_reproducible_and_queues_stay_short(app: TestApp) {
    use app::backend::{infra::reference, seed::synthetic};
    let calendar = reference::work_calendar(&app.db).await.unwrap();
    let plan = synthetic::Plan { counties: vec!["150102".into(), "150121".into()], people: 1200, open_cases: 900, seed: 7, today: support::test_today() };
    let first = synthetic::generate(&app.db, &plan, &calendar).await.unwrap();
    assert!(first.people > 1150 && first.insured > 900 && first.cases == 900, "{first:?}");
    let again = synthetic::generate(&app.db, &plan, &calendar).await.unwrap();
    assert_eq!(again, synthetic::Generated::default(), "the same seed adds nothing");
    // Every generated ID number is valid (GB 11643).
    let ids: Vec<String> = sqlx::query_scalar("SELECT id_number FROM registry_persons WHERE batch_id = 'synthetic'").fetch_all(app.db.pool()).await.unwrap();
    assert!(ids.iter().all(|i| domain::IdNumber::parse(i).is_ok()));
    let clerk = actors::staff(&app, "bench.county", "county_clerk", "150121").await;
    let (status, queue) = clerk.get(&app, "/api/v1/staff/queue").await;
    assert_eq!(status, 200);
    let rows = queue.as_array().unwrap();
    assert_eq!(rows.len(), 100, "a page of the most urgent");
    let deadlines: Vec<&str> = rows.iter().map(|r| r["deadline"].as_str().unwrap()).collect();
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]), "sorted by deadline");
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE queue_key LIKE 'county_clerk:150121'").fetch_one(app.db.pool()).await.unwrap();
    let counts = app::backend::cases::queue_counts(&app.state, &caller_of(&app, &clerk).await).await.unwrap();
    assert!(counts.waiting >= waiting && waiting > 100, "{counts:?} {waiting}");
}

async fn insured_people_change_phone_and_address_at_once(app: TestApp) {
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let change = json!({"phone": "13900000001", "residence_address": "呼和浩特市新城区1号"});
    let (status, body) = zhang.post(&app, "/api/v1/me/details", change.clone()).await;
    assert_eq!(status, 400, "not insured yet: {body}");
    let (_, body) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = body["id"].as_str().unwrap().to_owned();
    let township = actors::staff(&app, "e4.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "e4.county", "county_clerk", "150121").await;
    decide(&app, &township, &id, "approve", "").await;
    decide(&app, &county, &id, "approve", "").await;
    let (status, _) = zhang.post(&app, "/api/v1/me/details", json!({"phone": "12345"})).await;
    assert_eq!(status, 400, "a wrong phone number changes nothing");
    assert_eq!(zhang.post(&app, "/api/v1/me/details", change).await.0, 200);
    let (phone, address): (String, String) =
        sqlx::query_as("SELECT phone, residence_address FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((phone.as_str(), address.as_str()), ("13900000001", "呼和浩特市新城区1号"));
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'person.change_details'").fetch_one(app.db.pool()).await.unwrap();
    assert!(before.contains("138****0001") && before.contains("察素齐镇北只图村12号"), "{before}");
    assert!(after.contains("139****0001") && !after.contains("13900000001"), "old and new, masked: {after}");
    let (_, notices) = zhang.get(&app, "/api/v1/me/notices").await;
    let texts: Vec<&str> = notices.as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("已受理")) && texts.iter().any(|t| t.contains("审核通过")), "{texts:?}");
}

async fn someone_insured_under_another_scheme_is_refused_with_the_reason(app: TestApp) {
    // The shared list of people in other basic pension schemes (G2, E3),
    // imported through the real binary: a bad line reported, the rest kept.
    let list = std::env::temp_dir().join(format!("other-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&list, format!("证件类型,证件号码,参加的养老保险\n居民身份证,{},城镇职工基本养老保险\n居民身份证,123,机关事业单位养老保险\n", ZHANG.1))
        .unwrap();
    let out = app.run_cli(&["import-list", "other_schemes", list.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("新增 1") && text.contains("第 3 行"), "{text}");
    let again = app.run_cli(&["import-list", "other_schemes", list.to_str().unwrap()]);
    assert!(again.status.success());
    assert_eq!(app.count("other_scheme_insured").await, 1, "the same file twice: the same list");
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (status, body) = file(&app, &zhang, form(&ALL, &[])).await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("已参加城镇职工基本养老保险"), "{body}");
    assert_eq!(app.count("cases").await, 0);
}

/// Issue 34 (4): a page's form posts to the API operation as a plain HTML
/// form and comes back to the page with the outcome, which the form says
/// once (from the flash cookie, never from the URL); a program's call to
/// the same operation still answers JSON.
async fn page_forms_work_without_javascript(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let (_, page) = zhang.get_text(&app, "/me").await;
    let action = support::form_action(&page, "/api/v1/me/details");
    let cookie = zhang.cookie.clone().unwrap();
    let send = |action: String, body: &'static str| {
        app.client
            .post(app.url(&action))
            .header("cookie", &cookie)
            .header("origin", &app.base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let shown =
        |location: String, flash: String| app.client.get(app.url(location.split('#').next().unwrap())).header("cookie", format!("{cookie}; {flash}")).send();
    let flash = |r: &reqwest::Response| r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();

    // Refused: back to the form with the reason; nothing changed.
    let r = send(action.clone(), "phone=&residence_address=&sex=male&ethnicity=").await.unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/me?refused=me-details#me-details", "the reason is not in the URL");
    let page = shown(location, flash(&r)).await.unwrap().text().await.unwrap();
    assert!(page.contains("第17位") && page.contains(r#"role="alert""#), "the form says why");
    let (sex, phone): (String, String) =
        sqlx::query_as("SELECT sex, phone FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((sex.as_str(), phone.as_str()), ("female", "13847100001"), "nothing changed");

    // Done: back with the form's own words; the change is made once.
    let r = send(action.clone(), "phone=13900000002&residence_address=&sex=&ethnicity=").await.unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/me?done=me-details#me-details");
    let page = shown(location, flash(&r)).await.unwrap().text().await.unwrap();
    assert!(page.contains("已变更。"), "the form says it is done");
    let phone: String = sqlx::query_scalar("SELECT phone FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(phone, "13900000002");

    // A return address that is not a page of this site is not followed.
    let hostile = action.replace("_back=%2Fme", "_back=%2F%2Fevil.example%2Fme");
    assert_ne!(hostile, action);
    let r = send(hostile, "phone=13900000003&residence_address=&sex=&ethnicity=").await.unwrap();
    assert_eq!(r.headers()["location"].to_str().unwrap(), "/?done=me-details#me-details");

    // The same form on another site, posted with her cookie: refused, and
    // nothing changed (the API reads plain forms, so the origin check is
    // what stops a cross-site post).
    let r = app
        .client
        .post(app.url(&action))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("phone=13900000009&residence_address=&sex=&ethnicity=")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let phone: String = sqlx::query_scalar("SELECT phone FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(phone, "13900000003", "the last change of her own");

    // The same fields from a program (no page-form parameters): JSON.
    let r = send("/api/v1/me/details".into(), "sex=%E7%94%B7").await.unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("第17位"), "{body}");
}

async fn sex_and_ethnicity_change_at_once_within_the_rules(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    // E4. Her ID number's 17th digit says female: "男" contradicts it.
    let (status, body) = zhang.post(&app, "/api/v1/me/details", json!({"sex": "男"})).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("第17位"), "{body}");
    let (status, _) = zhang.post(&app, "/api/v1/me/details", json!({"ethnicity": "火星族"})).await;
    assert_eq!(status, 400, "not an ethnic group of GB/T 3304");
    let (status, body) = zhang.post(&app, "/api/v1/me/details", json!({"ethnicity": "汉族"})).await;
    assert_eq!(status, 400, "the same as now: {body}");
    assert_eq!(zhang.post(&app, "/api/v1/me/details", json!({"ethnicity": "蒙古族", "sex": "女"})).await.0, 200);
    let (_, record) = zhang.get(&app, "/api/v1/me/record").await;
    assert_eq!((record["ethnicity"].as_str(), record["sex"].as_str()), (Some("蒙古族"), Some("女")));
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'person.change_details'").fetch_one(app.db.pool()).await.unwrap();
    assert!(before.contains("汉族") && after.contains("蒙古族"), "old and new values: {before} {after}");
}

/// Zhang's birth date corrected by the police: 1965-03-18, a new number.
fn corrected_id() -> String {
    domain::id_number::with_check_char("15012119650318124")
}

fn change_form(extra: &[(&str, &str)], proof: bool) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new().text("reason", "公安机关更正出生日期");
    for (k, v) in extra {
        f = f.text(k.to_string(), v.to_string());
    }
    if proof {
        f = f.part("change_proof", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("证明.pdf"));
    }
    f
}

async fn file_change(app: &TestApp, who: &Actor, form: reqwest::multipart::Form) -> (u16, Value) {
    let r = app.client.post(app.url("/api/v1/cases/key-change")).header("cookie", who.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn a_key_detail_change_is_reviewed_in_the_league_pool_and_rekeys_the_history(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let new_id = corrected_id();
    // The registry already holds the corrected record (shared data, G2).
    let line =
        format!("居民身份证,{new_id},张桂兰,女,1965-03-18,汉族,土默特左旗察素齐镇北只图村12号,150121100201,13847100001,zhangguilan@example.com,,2026-11-01");
    let csv = format!("证件类型,证件号码,姓名,性别,出生日期,民族,户籍地址,村(社区)代码,联系电话,电子邮箱,死亡日期,记录日期\n{line}\n");
    app::backend::benefits::certification::import_registry(
        &app.db,
        "fix.csv",
        csv.as_bytes(),
        support::test_today(),
        &app::backend::infra::audit::system_entry("batch", "", None, None),
    )
    .await
    .unwrap();

    // Refusals, each with its reason and nothing stored.
    let cases_before = app.count("cases").await;
    let (status, body) = file_change(&app, &zhang, change_form(&[("new_birth_date", "1965-03-18")], true)).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("新身份证号码"), "the ID holds the birth date: {body}");
    let (status, _) = file_change(&app, &zhang, change_form(&[("new_document_number", &new_id), ("new_birth_date", "1965-03-18")], false)).await;
    assert_eq!(status, 400, "the proof is required");
    let (status, _) = file_change(&app, &zhang, change_form(&[("new_document_number", "150121196503181240")], true)).await;
    assert_eq!(status, 400, "a wrong check character");
    let (status, body) = file_change(&app, &zhang, change_form(&[("new_document_number", &new_id), ("new_birth_date", "1965-03-19")], true)).await;
    assert_eq!(status, 400, "birth date and number disagree: {body}");
    assert_eq!(app.count("cases").await, cases_before);

    let (status, body) = file_change(&app, &zhang, change_form(&[("new_document_number", &new_id), ("new_birth_date", "1965-03-18")], true)).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let (status, _) = file_change(&app, &zhang, change_form(&[("new_name", "张桂芝")], true)).await;
    assert_eq!(status, 409, "one change at a time");
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!((case["row"]["state"].as_str(), case["row"]["deadline"].as_str()), (Some("复核中"), Some("2025-06-05")));
    assert!(case["form"].to_string().contains("与户籍信息一致"), "compared with the registry: {}", case["form"]);
    assert!(!case["form"].to_string().contains(&new_id), "numbers are masked");

    // 复核: the person's county. 审核: any county clerk of the league, not the one who did 复核.
    let township = actors::staff(&app, "k.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "k.county", "county_clerk", "150121").await;
    let hohhot_city = actors::staff(&app, "k.xincheng", "county_clerk", "150102").await;
    let chifeng = actors::staff(&app, "k.chifeng", "county_clerk", "150423").await;
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 403, "复核 is the county's");
    assert_eq!(decide(&app, &hohhot_city, &id, "approve", "").await.0, 404, "复核 is not pooled: another county does not see it");
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 403, "who did 复核 may not do 审核");
    let (_, pool) = hohhot_city.get(&app, "/api/v1/staff/queue").await;
    assert!(pool.as_array().unwrap().iter().any(|c| c["id"] == id.as_str()), "in the league pool: {pool}");
    let (_, other_league) = chifeng.get(&app, "/api/v1/staff/queue").await;
    assert_eq!(other_league, json!([]), "another league's pool does not hold it");
    assert_eq!(decide(&app, &chifeng, &id, "approve", "").await.0, 404);
    let (status, body) = decide(&app, &hohhot_city, &id, "approve", "").await;
    assert_eq!((status, body["state"].as_str()), (200, Some("approved")), "{body}");

    // The history is whole under the new number.
    let (insured, birth): (i64, String) =
        sqlx::query_as("SELECT COUNT(*), MAX(birth_date) FROM insured_persons WHERE id_number = $1").bind(&new_id).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((insured, birth.as_str()), (1, "1965-03-18"));
    for (table, column) in [("insured_persons", "id_number"), ("personal_accounts", "id_number"), ("cases", "person_id_number"), ("accounts", "id_number")] {
        let old: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1")).bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(old, 0, "{table} no longer names the old number");
    }
    let moved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE person_id_number = $1").bind(&new_id).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(moved, 2, "the enrolment and the change");
    let link: (String, String) =
        sqlx::query_as("SELECT old_id_number, new_id_number FROM person_key_changes WHERE case_id = $1").bind(&id).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(link, (ZHANG.1.to_owned(), new_id.clone()));
    // Her session follows her: she sees her record and both cases.
    let (_, record) = zhang.get(&app, "/api/v1/me/record").await;
    assert_eq!(record["birth_date"], "1965-03-18");
    let (_, mine) = zhang.get(&app, "/api/v1/cases").await;
    assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    // The old number cannot be enrolled again.
    let old_self = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (status, body) = file(&app, &old_self, form(&ALL, &[])).await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("新的证件号码"), "{body}");
}

async fn administrators_import_the_other_scheme_list_over_http(app: TestApp) {
    let admin = actors::staff(&app, "o.admin", "administrator", "1501").await;
    let csv = format!("证件类型,证件号码,参加的养老保险\n居民身份证,{},城镇职工基本养老保险\n护照,?,x\n", BATEER.1);
    let send = |body: Vec<u8>| {
        app.client
            .post(app.url("/api/v1/admin/list-imports/other_schemes?file_name=list.csv"))
            .header("cookie", admin.cookie.clone().unwrap())
            .header("content-type", "text/csv")
            .body(body)
            .send()
    };
    let r = send(csv.clone().into_bytes()).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!((report["added"].as_i64(), report["already_imported"].as_bool()), (Some(1), Some(false)), "{report}");
    assert_eq!(report["rejected"][0][0], 3, "line 3 is refused with its reason: {report}");
    let again: Value = send(csv.into_bytes()).await.unwrap().json().await.unwrap();
    assert_eq!((again["batch_id"].clone(), again["already_imported"].as_bool()), (report["batch_id"].clone(), Some(true)));
    let (gbk, _, _) = encoding_rs::GB18030.encode("证件类型,证件号码,参加的养老保险\n");
    let r = send(gbk.into_owned()).await.unwrap();
    let empty: Value = r.json().await.unwrap();
    assert_eq!((empty["encoding"].as_str(), empty["added"].as_i64()), (Some("GB18030"), Some(0)), "a GB18030 file with no lines empties the list");
    assert_eq!(app.count("other_scheme_insured").await, 0);
    let r = send(b"\xff\xfe\x00bad".to_vec()).await.unwrap();
    assert_eq!(r.status().as_u16(), 400, "unreadable: refused whole");
    assert_eq!(app.count("import_batches").await, 3, "the demo registry and two lists");
}

/// E1 (issue 36, 4): enrolment refuses someone under the enrolment age
/// (a policy parameter, 16) and full-time students, saying when or why;
/// nothing is filed.
async fn the_young_and_students_are_told_when_they_may_enrol(app: TestApp) {
    sqlx::query(
        "INSERT INTO registry_persons (id_kind, id_number, name, sex, birth_date, ethnicity, address, village_code, record_date, batch_id) \
         VALUES ('resident_id', '150121201003081231', '张小雨', 'female', '2010-03-08', '汉族', '土默特左旗察素齐镇北只图村12号', '150121100201', '2025-01-01', 'test')",
    )
    .execute(app.db.pool())
    .await
    .unwrap();
    let clerk = actors::staff(&app, "y.township", "township_clerk", "150121100").await;
    let paper: [(&str, &[u8]); 1] = [("signed_form", PDF)];
    let young = form(&paper, &[("name", "张小雨"), ("document_number", "150121201003081231"), ("confirmation", "signature")]);
    let (status, body) = file(&app, &clerk, young).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["message"], "年满 16 周岁方可参保：2026-03-08 年满 16 周岁，届时可以申请");
    assert_eq!((body["key"].as_str(), body["args"]["from"].as_str()), (Some("enrol-too-young"), Some("2026-03-08")), "{body}");
    // On her sixteenth birthday she may.
    let birthday = support::on_day(&app, chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()).await;
    let clerk_then = actors::staff(&birthday, "y2.township", "township_clerk", "150121100").await;
    let young = form(&paper, &[("name", "张小雨"), ("document_number", "150121201003081231"), ("confirmation", "signature")]);
    assert_eq!(file(&birthday, &clerk_then, young).await.0, 200);

    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (status, body) = file(&app, &zhang, form(&ALL, &[("full_time_student", "true")])).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("全日制在校学生不参加"), "{body}");
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE person_name = '张桂兰'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(cases, 0, "nothing filed");
    assert_eq!(file(&app, &zhang, form(&ALL, &[("full_time_student", "false")])).await.0, 200);
}
