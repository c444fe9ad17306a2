//! Consultations and reports (issue 8; S4), internal audit's risk lists
//! (S3) and the archives (S2), over HTTP on both engines. Today is 2 June 2025
//! (support::test_today).

use crate::support;
use crate::support::TestApp;
use crate::support::actors::{self, Actor, BATEER, ZHANG};
use crate::support::filing::{ALL, file, form, insured_zhang};
use crate::support::pensions::{paid_month, registry_death, zhang_receiving_since_2020};
use serde_json::{Value, json};

on_both_engines!(
    anyone_files_and_the_first_contact_owner_answers,
    a_filing_nobody_owns_is_taken_by_a_county_clerk,
    each_risk_list_finds_what_was_planted_and_nothing_else,
    finished_cases_are_archived_once_and_export_as_sealed_packages,
    each_dashboard_figure_equals_a_direct_count_and_drills_down_to_its_records,
);

fn report(county: &str, contact: &str) -> Value {
    json!({"kind": "report", "county": county, "topic": "疑似冒领养老金", "body": "邻村某人去世两年，家属仍在领取养老金。",
        "contact_name": "王先生", "contact": contact})
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM consultations").fetch_one(app.db.pool()).await.unwrap()
}

fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail.all().iter().filter(|m| m.to.iter().any(|t| t.contains(to))).map(|m| support::smtp::decoded_body(&m.data)).collect()
}

async fn anyone_files_and_the_first_contact_owner_answers(app: TestApp) {
    let c1 = actors::staff(&app, "q.county1", "county_clerk", "150121").await;
    let c2 = actors::staff(&app, "q.county2", "county_clerk", "150121").await;
    let other = actors::staff(&app, "q.other", "county_clerk", "150423").await;
    let anon = Actor::anonymous();

    // Bad input is refused with the reason, and nothing is stored.
    for (field, value) in [
        ("kind", json!("complaint")),
        ("county", json!("150199")),
        ("county", json!("150121100201")),
        ("body", json!("  ")),
        ("topic", json!("很长".repeat(30))),
        ("contact", json!("call me")),
    ] {
        let mut bad = report("150121", "wang@example.com");
        bad[field] = value;
        let (status, body) = anon.post(&app, "/api/v1/consultations", bad).await;
        assert_eq!(status, 400, "{field}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    }
    assert_eq!(count(&app).await, 0);

    // Anonymous: a tracking number, a receipt by mail, an owner among the
    // county's clerks; a second filing goes to the clerk with fewer open.
    let (status, filed) = anon.post(&app, "/api/v1/consultations", report("150121", "wang@example.com")).await;
    assert_eq!(status, 200, "{filed}");
    let tracking = filed["tracking"].as_str().unwrap().to_owned();
    assert!(tracking.starts_with("JB-20250602-") && tracking.len() == 20, "{tracking}");
    assert_eq!(filed["deadline"], "2025-06-23", "15 working days");
    assert!(mails_to(&app, "wang@example.com").iter().any(|m| m.contains(&tracking)), "the receipt names the tracking number");
    // Anyone may give any address: the receipt carries none of the filer's
    // own words (issue 33, low).
    assert!(!mails_to(&app, "wang@example.com").iter().any(|m| m.contains("疑似冒领") || m.contains("邻村某人")), "no free text in the receipt");
    let mut question = report("150121", "");
    question["kind"] = json!("consultation");
    question["topic"] = json!("缴费档次怎么选");
    let (_, second) = anon.post(&app, "/api/v1/consultations", question).await;
    let second = second["tracking"].as_str().unwrap().to_owned();
    assert!(second.starts_with("ZX-"), "{second}");
    let owners: Vec<Option<String>> =
        sqlx::query_scalar("SELECT owner FROM consultations ORDER BY created_at, tracking").fetch_all(app.db.pool()).await.unwrap();
    assert!(owners.iter().all(Option::is_some) && owners[0] != owners[1], "one each: {owners:?}");

    // The filer reads where it stands; no one reads it without the number.
    let (status, s) = anon.get(&app, &format!("/api/v1/consultations/{}", tracking.to_lowercase().replace('-', " "))).await;
    assert_eq!((status, s["status_label"].as_str(), s["answered"].as_bool()), (200, Some("办理中"), Some(false)), "{s}");
    assert!(!s.to_string().contains("wang@example.com") && !s.to_string().contains("家属"), "no contact, no text: {s}");
    assert_eq!(anon.get(&app, "/api/v1/consultations/JB-20250602-ABCDEFGH").await.0, 404);
    assert_eq!(anon.get(&app, "/api/v1/consultations/not-a-number").await.0, 404);

    // The clerks of the county see both; the contact only its owner.
    let owner_of_report = owners[0].clone().unwrap();
    let c1_id: String = sqlx::query_scalar("SELECT id FROM accounts WHERE login = 'q.county1'").fetch_one(app.db.pool()).await.unwrap();
    let (owner, helper) = if owner_of_report == c1_id { (&c1, &c2) } else { (&c2, &c1) };
    let row = |list: &Value| list.as_array().unwrap().iter().find(|r| r["tracking"] == tracking.as_str()).cloned().unwrap_or(Value::Null);
    let (status, mine) = owner.get(&app, "/api/v1/staff/consultations").await;
    assert_eq!((status, row(&mine)["contact"].as_str(), row(&mine)["mine"].as_bool()), (200, Some("wang@example.com"), Some(true)), "{mine}");
    let (_, theirs) = helper.get(&app, "/api/v1/staff/consultations").await;
    assert_eq!((row(&theirs)["contact"].as_str(), row(&theirs)["mine"].as_bool()), (Some("w***@example.com"), Some(false)), "{theirs}");
    let (_, elsewhere) = other.get(&app, "/api/v1/staff/consultations").await;
    assert_eq!(elsewhere.as_array().map(Vec::len), Some(0), "another county sees nothing: {elsewhere}");
    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    assert_eq!(zhang.get(&app, "/api/v1/staff/consultations").await.0, 403);
    let audit: Vec<String> =
        sqlx::query_scalar("SELECT COALESCE(after_json, '') FROM audit_log WHERE action LIKE 'consultation.%'").fetch_all(app.db.pool()).await.unwrap();
    assert!(audit.len() >= 5, "filings and listings are recorded: {audit:?}");
    assert!(audit.iter().all(|a| !a.contains("wang@example.com") && !a.contains("家属")), "but not what people wrote: {audit:?}");

    // Only the owner answers, once; the filer reads it and gets it by mail.
    let answer = |text: &str| json!({"answer": text});
    let (status, body) = helper.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), answer("已转稽核。")).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().unwrap().contains("首问负责人"), "{body}");
    assert_eq!(owner.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), answer(" ")).await.0, 400);
    let (status, body) =
        owner.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), answer("经核查，该人员已于上月停发并追回。感谢监督。")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(owner.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), answer("再答")).await.0, 409);
    let (_, s) = anon.get(&app, &format!("/api/v1/consultations/{tracking}")).await;
    assert_eq!(
        (s["status_label"].as_str(), s["answer"].as_str(), s["answered_on"].as_str()),
        (Some("已答复"), Some("经核查，该人员已于上月停发并追回。感谢监督。"), Some("2025-06-02")),
        "{s}"
    );
    assert!(mails_to(&app, "wang@example.com").iter().any(|m| m.contains("已于上月停发")), "the answer is mailed");

    // A township clerk who takes a call owns what they file.
    let township = actors::staff(&app, "q.township", "township_clerk", "150121100").await;
    let mut call = report("150121", "");
    call["kind"] = json!("consultation");
    let (status, filed) = township.post(&app, "/api/v1/consultations", call).await;
    assert_eq!(status, 200, "{filed}");
    let (_, list) = township.get(&app, "/api/v1/staff/consultations").await;
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1, "a township clerk sees what they own: {list}");
    assert_eq!((rows[0]["mine"].as_bool(), rows[0]["channel"].as_str()), (Some(true), Some("窗口、电话")), "{list}");
}

async fn a_filing_nobody_owns_is_taken_by_a_county_clerk(app: TestApp) {
    let anon = Actor::anonymous();
    let (status, filed) = anon.post(&app, "/api/v1/consultations", report("150102", "")).await;
    assert_eq!(status, 200, "{filed}");
    let tracking = filed["tracking"].as_str().unwrap().to_owned();
    let a = actors::staff(&app, "n.county1", "county_clerk", "150102").await;
    let b = actors::staff(&app, "n.county2", "county_clerk", "150102").await;
    let (_, list) = a.get(&app, "/api/v1/staff/consultations").await;
    assert_eq!(list[0]["owner_name"], Value::Null, "{list}");
    assert_eq!(list[0]["contact"], Value::Null);
    let (status, body) = a.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), json!({"answer": "答复"})).await;
    assert_eq!(status, 409, "taken first: {body}");
    let outsider = actors::staff(&app, "n.other", "county_clerk", "150121").await;
    assert_eq!(outsider.post(&app, &format!("/api/v1/staff/consultations/{tracking}/take"), json!({})).await.0, 404, "not their county");
    assert_eq!(a.post(&app, &format!("/api/v1/staff/consultations/{tracking}/take"), json!({})).await.0, 200);
    let (status, body) = b.post(&app, &format!("/api/v1/staff/consultations/{tracking}/take"), json!({})).await;
    assert_eq!(status, 409, "one owner: {body}");
    assert_eq!(a.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), json!({"answer": "已核实处理"})).await.0, 200);
    let (_, s) = anon.get(&app, &format!("/api/v1/consultations/{tracking}")).await;
    assert_eq!(s["answered"], true, "{s}");

    // Filing without signing in is bounded per address (10 an hour).
    for n in 2..=10 {
        assert_eq!(anon.post(&app, "/api/v1/consultations", report("150102", "")).await.0, 200, "filing {n}");
    }
    let (status, body) = anon.post(&app, "/api/v1/consultations", report("150102", "")).await;
    assert_eq!(status, 429, "{body}");
    assert!(body["message"].as_str().unwrap().contains("请稍后再提交"), "{body}");
    assert_eq!(count(&app).await, 10, "nothing stored for the refused one");
    // A clerk filing for callers is not bounded.
    assert_eq!(a.post(&app, "/api/v1/consultations", report("150102", "")).await.0, 200);
}

/// The finding counts of every list, by code, as the auditor sees them.
async fn counts(app: &TestApp, auditor: &Actor) -> Vec<(String, usize)> {
    let (status, lists) = auditor.get(app, "/api/v1/audit/risks").await;
    assert_eq!(status, 200, "{lists}");
    lists.as_array().unwrap().iter().map(|l| (l["code"].as_str().unwrap().to_owned(), l["findings"].as_array().unwrap().len())).collect()
}

fn expect(found: &[usize; 6]) -> Vec<(String, usize)> {
    ["paid_after_death", "shared_bank_card", "paid_in_custody", "other_scheme", "subsidy_over_cap", "self_reviewed"]
        .iter()
        .zip(found)
        .map(|(c, n)| ((*c).to_owned(), *n))
        .collect()
}

async fn findings(app: &TestApp, auditor: &Actor, code: &str) -> Vec<Value> {
    let (status, lists) = auditor.get(app, &format!("/api/v1/audit/risks?list={code}")).await;
    assert_eq!(status, 200, "{lists}");
    lists[0]["findings"].as_array().unwrap().clone()
}

async fn each_risk_list_finds_what_was_planted_and_nothing_else(app: TestApp) {
    let (_zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    // Bateer, a second recipient of the county since January 2025, 200.00
    // a month, set up like Zhang's pension (support::pensions).
    let pool = app.db.pool();
    sqlx::query(
        "INSERT INTO insured_persons (id_kind, id_number, name, village_code, tier, bank_card, enrolled_on, enrolment_case) \
                 VALUES ('resident_id', $1, $2, '150121100202', '100.00', '6222020000000001', '2010-01-01', 'fixture')",
    )
    .bind(BATEER.1)
    .bind(BATEER.0)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO personal_accounts (id, id_kind, id_number, opened_on) VALUES ('a-bateer', 'resident_id', $1, '2010-01-01')")
        .bind(BATEER.1)
        .execute(pool)
        .await
        .unwrap();
    let jan = domain::benefit::Month::parse("2025-01").unwrap().0;
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on) \
         VALUES ('p-bateer', 'a-bateer', 'resident_id', $1, '150121', 'fixture', $2, $2, 15, 0, 139, 20000, 0, 0, 20000, 'active', '2024-12-20')",
    )
    .bind(BATEER.1)
    .bind(jan)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor) VALUES ('e-bateer', 'p-bateer', 'start', 20000, 'fixture', '2024-12-20T00:00:00.000000Z', 'fixture')")
        .execute(pool).await.unwrap();
    // June's payroll pays Zhang January 2020 – June 2025, Bateer January – June 2025.
    paid_month(&app, &county, &fund, "2025-06").await;

    let auditor = actors::staff(&app, "r.auditor", "auditor", "15").await;
    let elsewhere = actors::staff(&app, "r.auditor2", "auditor", "1502").await;
    assert_eq!(county.get(&app, "/api/v1/audit/risks").await.0, 403, "auditors only");
    assert_eq!(auditor.get(&app, "/api/v1/audit/risks?list=nonsense").await.0, 404);
    assert_eq!(counts(&app, &auditor).await, expect(&[0, 0, 0, 0, 0, 0]), "a clean start finds nothing");

    // Zhang died on 20 April: May and June were paid after it.
    let admin = actors::staff(&app, "r.admin", "administrator", "15").await;
    registry_death(&app, &admin, "2025-04-20").await;
    assert_eq!(counts(&app, &auditor).await, expect(&[1, 0, 0, 0, 0, 0]));
    let f = &findings(&app, &auditor, "paid_after_death").await[0];
    assert_eq!((f["name"].as_str(), f["amount"].as_str(), f["county"].as_str()), (Some(ZHANG.0), Some("422.06"), Some("150121")), "{f}");
    assert!(f["detail"].as_str().unwrap().contains("2025-05 起仍发放 2 个月"), "{f}");
    assert!(!f.to_string().contains(ZHANG.1), "the ID number is masked: {f}");

    // Bateer's card is Zhang's too.
    sqlx::query("UPDATE insured_persons SET bank_card = (SELECT bank_card FROM insured_persons WHERE id_number = $1) WHERE id_number = $2")
        .bind(ZHANG.1)
        .bind(BATEER.1)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(counts(&app, &auditor).await, expect(&[1, 2, 0, 0, 0, 0]), "both holders of the card");

    // The justice bureau holds Bateer since 15 April: May and June paid.
    let (status, r) = admin
        .post_csv(
            &app,
            "/api/v1/admin/list-imports/custody?file_name=c.csv",
            format!("证件类型,证件号码,收押日期\n居民身份证,{},2025-04-15\n居民身份证,{},2025-13-01\n", BATEER.1, ZHANG.1).into_bytes(),
        )
        .await;
    assert_eq!((status, r["added"].as_i64(), r["rejected"].as_array().map(Vec::len)), (200, Some(1), Some(1)), "a bad date is refused: {r}");
    assert_eq!(counts(&app, &auditor).await, expect(&[1, 2, 1, 0, 0, 0]));
    let f = &findings(&app, &auditor, "paid_in_custody").await[0];
    assert_eq!((f["name"].as_str(), f["amount"].as_str()), (Some(BATEER.0), Some("400.00")), "{f}");

    // Zhang is insured under another scheme too.
    let (status, _) = admin
        .post_csv(
            &app,
            "/api/v1/admin/list-imports/other_schemes?file_name=o.csv",
            format!("证件类型,证件号码,参加的养老保险\n居民身份证,{},企业职工基本养老保险\n", ZHANG.1).into_bytes(),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(counts(&app, &auditor).await, expect(&[1, 2, 1, 1, 0, 0]));

    // Collective subsidies: Bateer's 100.00 is within the cap, Zhang's 2024
    // total of 10,000.00 is not (written behind the import's back, which refuses it).
    for (voucher, account, collective) in [("X1", "a-bateer", 10_000), ("X2", "p-zhang", 600_000), ("X3", "p-zhang", 400_000)] {
        sqlx::query("INSERT INTO tax_payments (voucher, account_id, year, tier_fen, personal_fen, government_paid_fen, subsidy_fen, collective_fen, donation_fen, deposited_on, batch_id) \
                     VALUES ($1, COALESCE((SELECT account_id FROM pensions WHERE id = $2), $2), 2024, 0, 0, 0, 0, $3, 0, '2024-05-01', 'planted')")
            .bind(voucher).bind(account).bind(collective as i64).execute(pool).await.unwrap();
    }
    assert_eq!(counts(&app, &auditor).await, expect(&[1, 2, 1, 1, 1, 0]));
    let f = &findings(&app, &auditor, "subsidy_over_cap").await[0];
    assert!(f["detail"].as_str().unwrap().starts_with("2024 年度合计 10000.00 元，上限 2000.00 元"), "{f}");
    assert_eq!(f["amount"], "8000.00");

    // A decision by the clerk who approved the step before: refused by the
    // system, so it is written behind its back; the list shows it.
    let (case, actor, name): (String, String, String) =
        sqlx::query_as("SELECT case_id, actor, actor_name FROM case_events WHERE event = 'approve' ORDER BY case_id, seq LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap();
    sqlx::query("INSERT INTO case_events (case_id, seq, at, actor, actor_name, role, event, from_state, to_state, reason) \
                 SELECT case_id, MAX(seq) + 1, '2025-06-02T01:00:00Z', $2, $3, NULL, 'approve', 'approved', 'approved', NULL FROM case_events WHERE case_id = $1 GROUP BY case_id")
        .bind(&case).bind(&actor).bind(&name).execute(pool).await.unwrap();
    assert_eq!(counts(&app, &auditor).await, expect(&[1, 2, 1, 1, 1, 1]));
    let f = &findings(&app, &auditor, "self_reviewed").await[0];
    assert_eq!(f["subject"].as_str(), Some(case.as_str()), "{f}");

    // An auditor of another league sees none of it; every reading is recorded.
    assert_eq!(counts(&app, &elsewhere).await, expect(&[0, 0, 0, 0, 0, 0]));
    let readings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'risk.lists'").fetch_one(pool).await.unwrap();
    assert_eq!(readings, 12, "eight overviews and four single lists; the refused calls read nothing");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

async fn finished_cases_are_archived_once_and_export_as_sealed_packages(app: TestApp) {
    insured_zhang(&app).await;
    let enrolment: String = sqlx::query_scalar("SELECT id FROM cases WHERE person_id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
    // 刘淑珍 of the same county files and withdraws; 巴特尔 of another county files.
    let liu = actors::resident(&app, "刘淑珍", "150121196405101246", "liushuzhen@example.com").await;
    let (_, body) = file(&app, &liu, form(&ALL, &[])).await;
    let withdrawn = body["id"].as_str().unwrap().to_owned();
    let (_, case) = liu.get(&app, &format!("/api/v1/cases/{withdrawn}")).await;
    assert_eq!(liu.post(&app, &format!("/api/v1/cases/{withdrawn}/withdraw"), json!({"version": case["version"]})).await.0, 200);
    let bateer = actors::resident(&app, BATEER.0, BATEER.1, BATEER.2).await;
    let (_, body) = file(&app, &bateer, form(&ALL, &[])).await;
    assert!(body["id"].is_string(), "{body}");

    let county = actors::staff(&app, "ar.county", "county_clerk", "150121").await;
    let other = actors::staff(&app, "ar.other", "county_clerk", "150423").await;
    let auditor = actors::staff(&app, "ar.auditor", "auditor", "15").await;
    assert_eq!(auditor.get(&app, "/api/v1/archives").await.1.as_array().map(Vec::len), Some(0), "nothing archived before a run");
    assert_eq!(county.post(&app, "/api/v1/archives/run", json!({})).await.1["archived"], 2, "the two finished cases");
    assert_eq!(county.post(&app, "/api/v1/archives/run", json!({})).await.1["archived"], 0, "a second run archives nothing");
    assert_eq!(other.post(&app, "/api/v1/archives/run", json!({})).await.1["archived"], 0, "an open case is not archived");
    let out = app.run_cli(&["archive"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("已归档 0 件"), "{out:?}");
    assert_eq!(auditor.post(&app, "/api/v1/archives/run", json!({})).await.0, 403, "county clerks archive");

    // Searched within the jurisdiction, people masked.
    let (status, rows) = auditor.get(&app, "/api/v1/archives").await;
    assert_eq!(status, 200, "{rows}");
    let rows = rows.as_array().unwrap().clone();
    let row = |id: &str| rows.iter().find(|r| r["case_id"] == id).cloned().unwrap();
    let z = row(&enrolment);
    assert_eq!(
        (z["retention_label"].as_str(), z["keep_until"].as_str(), z["documents"].as_i64(), z["person"].as_str(), z["outcome_label"].as_str()),
        (Some("永久"), None, Some(4), Some("150121********1242"), Some("已办结（通过）")),
        "{z}"
    );
    let l = row(&withdrawn);
    // Finished on the day of the last step (the clock's, in China).
    let year: i32 = l["finished_on"].as_str().unwrap()[..4].parse().unwrap();
    let ten_years = format!("{}-12-31", year + 10);
    assert_eq!(
        (l["retention_label"].as_str(), l["keep_until"].as_str(), l["outcome_label"].as_str()),
        (Some("短期（10 年）"), Some(ten_years.as_str()), Some("已撤回")),
        "{l}"
    );
    let (_, found) = county.get(&app, &format!("/api/v1/archives?person={}&year={year}&case_type=enrolment", ZHANG.1)).await;
    assert_eq!(found.as_array().map(|a| a.iter().map(|r| r["case_id"].clone()).collect::<Vec<_>>()), Some(vec![json!(enrolment)]), "{found}");
    let (status, html) = county.get_text(&app, &format!("/staff/archives?person={}", ZHANG.1)).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(&format!("/api/v1/archives/{}/package", found[0]["case_id"].as_str().unwrap())), "the page lists it with its package: {html}");
    assert!(html.contains("150121********1242"), "{html}");
    assert_eq!(html.matches(ZHANG.1).count(), 1, "masked in the list (only the search field keeps what was typed): {html}");
    assert_eq!(county.get(&app, "/api/v1/archives?case_type=pension").await.0, 400);
    assert_eq!(county.get(&app, "/api/v1/archives?year=20x5").await.0, 400);
    assert_eq!(other.get(&app, "/api/v1/archives").await.1.as_array().map(Vec::len), Some(0), "another county's records");

    // The package: the manifest as sealed, checksums, the documents.
    let r = county.request(&app, "GET", &format!("/api/v1/archives/{enrolment}/package"), None).await;
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "application/x-tar"));
    let bytes = r.bytes().await.unwrap();
    let mut files = std::collections::BTreeMap::new();
    for entry in tar::Archive::new(&bytes[..]).entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        files.insert(name.strip_prefix(&format!("{enrolment}/")).unwrap().to_owned(), content);
    }
    assert_eq!(files.len(), 6, "{:?}", files.keys().collect::<Vec<_>>());
    assert_eq!(sha256_hex(&files["manifest.json"]), z["manifest_sha256"].as_str().unwrap(), "the manifest as sealed");
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let events: Vec<&str> = manifest["timeline"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["submit", "approve", "approve"]);
    assert_eq!(manifest["case"]["person"]["name"], ZHANG.0);
    assert_eq!(manifest["retention"]["class"], "permanent");
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).unwrap();
    assert_eq!(sums.lines().count(), 5);
    for line in sums.lines() {
        let (sum, name) = line.split_once("  ").unwrap();
        assert_eq!(sha256_hex(&files[name]), sum, "{name}");
    }
    let listed: Vec<&str> = manifest["documents"].as_array().unwrap().iter().map(|d| d["sha256"].as_str().unwrap()).collect();
    let packed: Vec<String> = files.iter().filter(|(n, _)| n.starts_with("documents/")).map(|(_, b)| sha256_hex(b)).collect();
    assert_eq!(listed, packed, "each document as listed");
    assert_eq!(other.request(&app, "GET", &format!("/api/v1/archives/{enrolment}/package"), None).await.status(), 404);
    assert_eq!(bateer.request(&app, "GET", &format!("/api/v1/archives/{enrolment}/package"), None).await.status(), 403);
    assert_eq!(county.request(&app, "GET", "/api/v1/archives/no-such-case/package", None).await.status(), 404);

    // Handed over to the archive office by year: the permanent record, not
    // the short-term one; once; the catalogue can be fetched again.
    let hand_over = |year: i32| county.request(&app, "POST", "/api/v1/archives/handovers", Some(json!({"year": year})));
    assert_eq!(hand_over(year - 1).await.status(), 409, "nothing finished before {year}");
    assert_eq!(hand_over(1980).await.status(), 400);
    let r = hand_over(year).await;
    assert_eq!(r.status(), 200);
    let id = r.headers()["x-handover-id"].to_str().unwrap().to_owned();
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "the header and the permanent record: {csv}");
    assert!(
        lines[1].starts_with(&format!("1,{enrolment},参保登记,{},{},", ZHANG.0, ZHANG.1)) && lines[1].ends_with(z["manifest_sha256"].as_str().unwrap()),
        "{csv}"
    );
    assert_eq!(hand_over(year).await.status(), 409, "handed over once");
    let (status, again) = auditor.get_text(&app, &format!("/api/v1/archives/handovers/{id}")).await;
    assert_eq!((status, again.as_str()), (200, csv.as_str()));
    assert_eq!(other.get_text(&app, &format!("/api/v1/archives/handovers/{id}")).await.0, 404, "another county's batch");
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT action FROM audit_log WHERE action LIKE 'archive.%' ORDER BY action").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(actions, ["archive.catalogue", "archive.export", "archive.handover", "archive.run", "archive.search"]);
}

/// S1: every figure of the dashboard against a count made here from the
/// rows themselves, and its drill-down listing exactly that many records.
async fn each_dashboard_figure_equals_a_direct_count_and_drills_down_to_its_records(app: TestApp) {
    let out = app.run_cli(&["generate", "--people", "400", "--open-cases", "60", "--seed", "7"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    paid_month(&app, &county, &fund, "2025-05").await;
    let (status, m) = county
        .post(
            &app,
            "/api/v1/certification/assisted",
            json!({"document_kind": "resident_id", "document_number": ZHANG.1, "mode": "kiosk", "note": "窗口核验身份证原件"}),
        )
        .await;
    assert_eq!(status, 200, "{m}");
    // One person deregistered: no longer insured, still an enrolment of their month.
    let gone: String =
        sqlx::query_scalar("SELECT id_number FROM insured_persons WHERE village_code LIKE '150121%' AND id_number <> $1 ORDER BY id_number LIMIT 1")
            .bind(ZHANG.1)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    sqlx::query("UPDATE insured_persons SET deregistered_on = '2025-03-01' WHERE id_number = $1").bind(&gone).execute(app.db.pool()).await.unwrap();

    let auditor = actors::staff(&app, "s.audit", "auditor", "1501").await;
    let (status, d) = auditor.get(&app, "/api/v1/statistics").await;
    assert_eq!(status, 200, "{d}");

    // The direct counts, from the rows.
    let people: Vec<(String, String, String, Option<String>, String, Option<String>)> =
        sqlx::query_as("SELECT id_number, village_code, tier, birth_date, enrolled_on, deregistered_on FROM insured_persons WHERE village_code LIKE '1501%'")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let insured: Vec<_> = people.iter().filter(|p| p.5.is_none()).collect();
    assert_eq!(d["insured_total"].as_i64(), Some(insured.len() as i64));
    let bars = |name: &str| -> Vec<(String, i64)> {
        d[name].as_array().unwrap().iter().map(|b| (b["key"].as_str().unwrap().to_owned(), b["count"].as_i64().unwrap())).collect()
    };
    let count = |f: &dyn Fn(&&&(String, String, String, Option<String>, String, Option<String>)) -> bool| insured.iter().filter(|p| f(p)).count() as i64;
    for (key, n) in bars("insured_by_county") {
        assert_eq!(n, count(&|p| p.1.starts_with(&key)), "county {key}");
    }
    assert_eq!(bars("insured_by_league"), vec![("1501".to_owned(), insured.len() as i64)]);
    for (key, n) in bars("insured_by_tier") {
        assert_eq!(n, count(&|p| p.2 == key), "tier {key}");
    }
    let band = |id: &str, birth: &Option<String>| {
        let year: i32 = birth.as_deref().map_or(&id[6..10], |b| &b[..4]).parse().unwrap();
        match 2025 - year {
            a if a < 30 => "16-29",
            a if a < 45 => "30-44",
            a if a < 60 => "45-59",
            _ => "60+",
        }
    };
    let ages = bars("insured_by_age");
    assert_eq!(ages.iter().map(|a| a.1).sum::<i64>(), insured.len() as i64);
    for (key, n) in &ages {
        assert_eq!(*n, count(&|p| band(&p.0, &p.3) == key), "age {key}");
    }
    let enrolled = bars("enrolments_by_month");
    assert_eq!(enrolled.len(), 12);
    for (key, n) in &enrolled {
        assert_eq!(*n, people.iter().filter(|p| p.4.starts_with(key.as_str())).count() as i64, "enrolled {key}");
    }
    assert!(enrolled.iter().any(|e| e.1 > 0), "{enrolled:?}");
    let paid: Vec<&Value> = d["payroll_by_month"].as_array().unwrap().iter().filter(|m| m["count"].as_i64() != Some(0)).collect();
    let total: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM payroll_items").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(paid.len(), 1, "{paid:?}");
    assert_eq!(
        (paid[0]["key"].as_str(), paid[0]["count"].as_i64(), paid[0]["amount"].as_str()),
        (Some("2025-05"), Some(1), Some(format!("{}.{:02}", total / 100, total % 100).as_str()))
    );
    let cases: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT state, deadline, updated_at, received_on FROM cases WHERE jurisdiction LIKE '1501%'").fetch_all(app.db.pool()).await.unwrap();
    let cases: Vec<_> = cases.into_iter().filter(|c| c.3.as_str() >= "2024-07-01").collect();
    let state_of = |c: &(String, String, String, String)| -> &str {
        let decided =
            chrono::DateTime::parse_from_rfc3339(&c.2).map(|t| t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).date_naive().to_string());
        match c.0.as_str() {
            "approved" | "terminated" => {
                if decided.unwrap() <= c.1 {
                    "met"
                } else {
                    "missed"
                }
            }
            "withdrawn" => "withdrawn",
            "returned" => "returned",
            _ => {
                if c.1.as_str() < "2025-06-02" {
                    "overdue"
                } else {
                    "open"
                }
            }
        }
    };
    for (key, n) in bars("deadlines") {
        assert_eq!(n, cases.iter().filter(|c| state_of(c) == key).count() as i64, "deadline {key}");
    }
    assert!(bars("deadlines").iter().filter(|b| b.1 > 0).count() >= 2, "{d}");
    assert_eq!(bars("certification"), vec![("certified".to_owned(), 1), ("not_certified".to_owned(), 0)]);
    assert_eq!(d["certification_rate"], "100.0%");

    // Every group drills down to as many records as it counts.
    for figure in
        ["insured_by_league", "insured_by_county", "insured_by_age", "insured_by_tier", "enrolments_by_month", "payroll_by_month", "deadlines", "certification"]
    {
        let code = match figure {
            "insured_by_league" => "league",
            "insured_by_county" => "county",
            "insured_by_age" => "age",
            "insured_by_tier" => "tier",
            "enrolments_by_month" => "enrolled",
            "payroll_by_month" => "paid",
            "deadlines" => "deadline",
            _ => "certification",
        };
        for (key, n) in bars(figure).into_iter().filter(|b| b.1 > 0) {
            let (status, r) = auditor.get(&app, &format!("/api/v1/statistics/records?figure={code}&key={}&limit=1000", key.replace('+', "%2B"))).await;
            assert_eq!(status, 200, "{r}");
            assert_eq!((r["total"].as_i64(), r["records"].as_array().unwrap().len() as i64), (Some(n), n), "{code} {key}: {r}");
            let first = r["records"][0]["person"].as_str().unwrap();
            assert!(first.contains('*'), "masked: {first}");
        }
    }
    let views: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'statistics.records'").fetch_one(app.db.pool()).await.unwrap();
    assert!(views > 10, "every drill-down is recorded");
    let (status, e) = auditor.get(&app, "/api/v1/statistics/records?figure=salary&key=x").await;
    assert_eq!(status, 400, "{e}");

    // A county clerk sees their county; another county is not theirs.
    let (status, c) = county.get(&app, "/api/v1/statistics").await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["insured_total"].as_i64(), Some(count(&|p| p.1.starts_with("150121"))));
    assert_eq!(c["insured_by_county"].as_array().unwrap().len(), 1);
    let (status, _) = county.get(&app, "/api/v1/statistics?place=150423").await;
    assert_eq!(status, 403);
    let (status, a) = auditor.get(&app, "/api/v1/statistics?place=150121").await;
    assert_eq!((status, &a["insured_total"]), (200, &c["insured_total"]), "a place within the auditor's league");
    let (status, _) = auditor.get(&app, "/api/v1/statistics?place=150423").await;
    assert_eq!(status, 403, "赤峰 is not the auditor's");
    let (status, _) = Actor::anonymous().get(&app, "/api/v1/statistics").await;
    assert_eq!(status, 401);
    // A township clerk: their township; pensions and payrolls are kept by county.
    let township = actors::staff(&app, "s.town", "township_clerk", "150121100").await;
    let (status, t) = township.get(&app, "/api/v1/statistics").await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["insured_total"].as_i64(), Some(count(&|p| p.1.starts_with("150121100"))));
    assert_eq!((t["payroll_by_month"].as_array().map(Vec::len), t["certification"].as_array().map(Vec::len)), (Some(0), Some(0)));
    let (status, _) = township.get(&app, "/api/v1/statistics?place=150121100201").await;
    assert_eq!(status, 400, "no finer than a township");

    // The page (rendered by the server): the same total, bars linking to
    // their records; a stranger is sent to sign in.
    let (status, html) = county.get_text(&app, "/staff/statistics").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(&format!(r#"<strong class="total">{}</strong>"#, c["insured_total"])), "{html}");
    assert!(html.contains("/staff/statistics/records?figure=tier&amp;key="), "{html}");
    let r = Actor::anonymous().request(&app, "GET", "/staff/statistics", None).await;
    assert!(r.status().as_u16() == 303 || r.url().path() == "/signin", "sent to sign in: {} {}", r.status(), r.url());
    let (status, html) = county.get_text(&app, "/staff/statistics?place=150423").await;
    assert_eq!(status, 403);
    assert!(html.contains("只能查看本辖区的统计"), "{html}");

    // The CSV: the same figures, a cell planted as a formula neutralised.
    sqlx::query("UPDATE divisions SET name = '=HYPERLINK(\"http://evil\")' WHERE code = '150121'").execute(app.db.pool()).await.unwrap();
    let (status, csv) = auditor.get_text(&app, "/api/v1/statistics/csv").await;
    assert_eq!(status, 200, "{csv}");
    assert!(csv.starts_with('\u{feff}'), "BOM for spreadsheets");
    assert!(csv.contains(&format!("参保人数（按盟市）,1501,{},", insured.len())) || csv.contains(&format!(",1501,{},", insured.len())), "{csv}");
    let line = csv.lines().find(|l| l.contains("参保人数（按旗县）") && l.contains(",150121,")).unwrap();
    assert!(line.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "{line}");
    assert!(!csv.lines().any(|l| l.split(',').any(|cell| cell.starts_with('='))), "{csv}");
}
