//! Benefits (issue 6; B1, B3, B5, B6): a claim determined from the ledger
//! and paid by the county payroll through the league's bank file, the
//! bank's return with a failure paid in a second run, a duplicate payment
//! refused by the database, and the check that blocks an unexplained
//! difference. Both engines. Today is 2 June 2025 (support::test_today).

#[path = "benefits/determination.rs"]
mod determination;
#[path = "benefits/payroll_months.rs"]
mod payroll_months;

use crate::support;
use crate::support::actors::{self, Actor, BATEER, LI, ZHANG};
use crate::support::filing::{ALL, decide, file, form, insured_zhang};
use crate::support::pensions::{bank_lines, month, paid_month, zhang_paying, zhang_receiving_since_2020, zhang_with_years};
use crate::support::{TestApp, smtp};
use serde_json::{Value, json};

on_both_engines!(
    a_claim_is_determined_and_paid_through_the_bank,
    a_claim_is_served_through_a_pool_of_one_connection,
    the_check_blocks_an_unexplained_difference,
    payroll_steps_are_refused_outside_the_role_or_place,
    months_of_suspension_resumption_and_stop_are_each_explained,
    a_death_list_suspends_at_once,
    a_payroll_killed_part_way_is_generated_once,
    people_about_to_reach_pension_age_are_listed_and_told,
    a_death_in_the_registry_suspends_payment,
    a_death_after_payments_is_recovered_in_order,
    certification_by_data_by_staff_and_the_sweep,
    a_kiosk_certifies_the_resident_it_serves,
    a_resident_prints_her_certificates_and_anyone_verifies_them,
    the_estimate_at_sixty_is_what_a_claim_approved_today_determines,
    community_correction_keeps_payment_without_increases,
    a_disputed_amount_is_redetermined_and_the_difference_paid,
    an_amount_owed_back_is_withheld_in_part_each_month,
    the_account_part_of_each_month_paid_is_drawn_from_the_account,
    drawings_stop_when_the_account_is_empty,
    the_bank_file_name_column_is_quoted_and_formula_guarded,
    a_resident_sees_where_she_stands_and_the_way_on,
);

/// Issue 33 (low): the bank file's one free-text column, as the database
/// writes it: a formula gets an apostrophe, a comma or quote is quoted.
async fn the_bank_file_name_column_is_quoted_and_formula_guarded(app: TestApp) {
    let sql = format!("SELECT {} FROM (SELECT $1 AS name) t", app::backend::benefits::payroll::bank::bank_column("姓名"));
    for (name, written) in [
        ("张桂英", "张桂英"),
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1+2", "'+1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("张,三", "\"张,三\""),
    ] {
        let got: String = sqlx::query_scalar(&sql).bind(name).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(got, written, "{name}");
        assert_eq!(got, app::backend::infra::exports::csv_cell(name), "the same rule as every other CSV");
    }
}

async fn claim(app: &TestApp, who: &Actor, card: &str) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().text("bank_card", card.to_owned());
    let r = app.client.post(app.url("/api/v1/cases/benefit-claim")).header("cookie", who.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn message(body: &Value) -> &str {
    body["message"].as_str().unwrap_or_default()
}

/// Zhang's claim approved at all three steps; the pension's id.
async fn zhang_receiving(app: &TestApp) -> (Actor, Actor) {
    let zhang = insured_zhang(app).await;
    let fund = actors::staff(app, "p.fund", "league_fund_officer", "1501").await;
    zhang_with_years(app, &fund, 2010, 14).await;
    let (status, body) = claim(app, &zhang, "6222 0215 0000 1234").await;
    assert_eq!(status, 400, "{body}");
    assert!(message(&body).contains("不足 15 年") && message(&body).contains("补缴"), "{body}");
    assert_eq!(app.count("cases").await, 1, "only the enrolment: nothing half-filed");
    zhang_with_years(app, &fund, 2024, 1).await;
    let (status, body) = claim(app, &zhang, "6222 0215 0000 1234").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(claim(app, &zhang, "6222021500001234").await.0, 409, "one open claim");
    let township = actors::staff(app, "p.township", "township_clerk", "150121100").await;
    let county = actors::staff(app, "p.county", "county_clerk", "150121").await;
    let county2 = actors::staff(app, "p.county2", "county_clerk", "150121").await;
    assert_eq!(decide(app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(decide(app, &county, &id, "approve", "").await.0, 200);
    assert_eq!(decide(app, &county, &id, "approve", "").await.0, 403, "the reviewer may not also approve");
    assert_eq!(decide(app, &county2, &id, "approve", "").await.0, 200);
    (zhang, county)
}

/// A claim filed, decided at its three steps and paid, a certification
/// sweep, served through a pool of one connection: no step holds a
/// transaction while it reads the policy, the calendar or the interest rate
/// through a second connection (ten such requests at once would hold a
/// pool of ten and wait for each other).
async fn a_claim_is_served_through_a_pool_of_one_connection(app: TestApp) {
    let one = support::with_one_connection(&app).await;
    let zhang = insured_zhang(&one).await;
    let fund = actors::staff(&one, "o.fund", "league_fund_officer", "1501").await;
    zhang_with_years(&one, &fund, 2010, 15).await;
    let township = actors::staff(&one, "o.township", "township_clerk", "150121100").await;
    let (status, list) = township.get(&one, "/api/v1/benefits/upcoming?months=3").await;
    assert_eq!((status, list[0]["estimate"].as_str().is_some()), (200, true), "the 告知书 list estimates each person: {list}");
    let (status, body) = claim(&one, &zhang, "6222 0215 0000 1234").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let county = actors::staff(&one, "o.county", "county_clerk", "150121").await;
    let county2 = actors::staff(&one, "o.county2", "county_clerk", "150121").await;
    for who in [&township, &county, &county2] {
        assert_eq!(decide(&one, who, &id, "approve", "").await.0, 200, "{}", who.label);
    }
    let (status, batch) = county.post(&one, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-06"})).await;
    assert_eq!((status, batch["items"].as_i64()), (200, Some(3)), "{batch}");
    let (status, body) = county.post(&one, "/api/v1/certification/sweep", json!({})).await;
    assert_eq!(status, 200, "{body}");
}

async fn a_claim_is_determined_and_paid_through_the_bank(app: TestApp) {
    let (zhang, county) = zhang_receiving(&app).await;
    let li = actors::resident(&app, LI.0, LI.1, LI.2).await;
    let (status, body) = claim(&app, &li, "6222021500005678").await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("尚未参保"), "{body}");

    // By hand (B1): 15 years, 4 × 530 + 11 × 560 = 8,280.00; with the
    // interest to March 2025, the month before the first month paid: 2024
    // (not yet posted by the year-end run) at 2.62 % on 7,720 × 12 + 560 × 9
    // → 213.27, and January–March 2025 at 1.50 % on 8,493.27 × 3 → 31.85:
    // 8,525.12 ÷ 139 = 61.3318… → 61.33; basic 197; no extra at 15 years:
    // 258.33 a month from April 2025.
    let (status, pension) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(status, 200, "{pension}");
    assert_eq!(
        (pension["monthly"].as_str(), pension["basic"].as_str(), pension["account"].as_str(), pension["extra"].as_str()),
        (Some("258.33"), Some("197.00"), Some("61.33"), Some("0.00")),
        "{pension}"
    );
    assert_eq!((pension["first_month"].as_str(), pension["divisor"].as_i64()), (Some("2025-04"), Some(139)));
    assert!(!pension["bank_card"].as_str().unwrap().contains("02150000"), "the card is masked: {pension}");

    // B7: June's plan, before the payroll: three months of one pension.
    let (status, plan) = county.get(&app, "/api/v1/payroll/plan?month=2025-06").await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(
        plan,
        json!([{"county": "150121", "month": "2025-06", "recipients": 1, "amount": "774.99"},
        {"county": "合计", "month": "2025-06", "recipients": 1, "amount": "774.99"}])
    );

    // June's payroll pays April and May too (the claim came late).
    let (status, batch) = county.post(&app, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-06"})).await;
    assert_eq!(status, 200, "{batch}");
    assert_eq!((batch["items"].as_i64(), batch["total"].as_str()), (Some(3), Some("774.99")), "{batch}");
    let (_, again) = county.post(&app, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-06"})).await;
    assert_eq!(again["id"], batch["id"], "the same batch");
    assert_eq!(app.count("payroll_items").await, 3, "nothing generated twice");
    let (_, plan) = county.get(&app, "/api/v1/payroll/plan?month=2025-07").await;
    assert_eq!(plan[0]["amount"], "258.33", "July's plan: one month, {plan}");

    let fund = actors::staff(&app, "p.fund2", "league_fund_officer", "1501").await;
    let (status, body) = fund.post(&app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-06"})).await;
    assert_eq!(status, 400, "not checked yet: {body}");
    let (status, checked) = fund.post(&app, "/api/v1/payroll/check", json!({"place": "1501", "month": "2025-06"})).await;
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked[0]["state"], "checked", "{checked}");
    assert_eq!(checked[0]["check"]["explained"][0], json!(["starts", 1, "774.99"]), "{checked}");
    let (status, file) = fund.post(&app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-06"})).await;
    assert_eq!(status, 200, "{file}");
    let file_id = file["id"].as_str().unwrap().to_owned();
    let (status, csv) = fund.get_text(&app, &format!("/api/v1/fund/exports/{file_id}")).await;
    assert_eq!(status, 200, "{csv}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "批次号,1501-2025-06-1,笔数,3,金额合计,774.99");
    assert_eq!(lines[1], "流水号,姓名,证件号码,银行卡号,金额,所属期");
    assert_eq!(lines.len(), 5);
    let total: i64 = lines[2..].iter().map(|l| domain::Yuan::parse(l.split(',').nth(4).unwrap()).unwrap().fen()).sum();
    assert_eq!(total, 77_499, "the control total equals the lines");
    let months: Vec<&str> = lines[2..].iter().map(|l| l.rsplit(',').next().unwrap()).collect();
    assert_eq!(months, ["2025-04", "2025-05", "2025-06"], "所属期 of each line: {csv}");
    assert!(lines[2].split(',').nth(4) == Some("258.33"), "金额 in yuan with two decimals: {csv}");
    assert!(lines[2..].iter().all(|l| l.contains("6222021500001234") && l.contains(ZHANG.1)), "{csv}");
    let (_, same) = fund.post(&app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-06"})).await;
    assert_eq!(same["id"], file["id"], "asked again: the same file");
    assert_eq!(app.count("bank_files").await, 1);

    // Nobody is paid twice for a month: the database refuses a second item.
    let twice = sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status) \
         SELECT id || 'x', batch_id, pension_id, month, amount_fen, name, bank_card, 'generated' FROM payroll_items LIMIT 1",
    )
    .execute(app.db.pool())
    .await;
    assert!(twice.is_err(), "a second live item for the same pension and month is refused by the database");

    // The bank: two paid, one failed; a line for an unknown item, a line
    // whose amount differs.
    let ids: Vec<String> = lines[2..].iter().map(|l| l.split(',').next().unwrap().to_owned()).collect();
    let returned = format!("流水号,金额,结果,失败原因\n{},258.33,成功,\n{},258.33,成功,\n{},258.33,失败,账户已冻结\nX-1,1.00,成功,\n", ids[0], ids[1], ids[2]);
    let (status, report) = fund.post_csv(&app, "/api/v1/payroll/returns?file_name=r.csv", returned.clone().into_bytes()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["updated"].as_i64(), report["rejected"].as_array().map(Vec::len)), (Some(3), Some(1)), "{report}");
    let (_, report2) = fund.post_csv(&app, "/api/v1/payroll/returns?file_name=r.csv", returned.into_bytes()).await;
    assert_eq!(report2["already_imported"], true, "the same file again changes nothing");
    let clash = format!("流水号,金额,结果,失败原因\n{},258.33,成功,\n{},258.33,成功,\n{},9.99,成功,\n", ids[2], ids[0], ids[1]);
    let (_, report3) = fund.post_csv(&app, "/api/v1/payroll/returns?file_name=r2.csv", clash.into_bytes()).await;
    assert_eq!((report3["updated"].as_i64(), report3["unchanged"].as_i64()), (Some(0), Some(1)), "{report3}");
    let reasons = report3["rejected"].to_string();
    assert!(reasons.contains("不同的回盘结果") && reasons.contains("金额与发放文件不一致"), "{reasons}");
    let (_, batches) = county.get(&app, "/api/v1/payroll/batches?month=2025-06").await;
    assert_eq!(
        (batches[0]["paid"].as_i64(), batches[0]["failed"].as_i64(), batches[0]["failed_total"].as_str()),
        (Some(2), Some(1), Some("258.33")),
        "{batches}"
    );

    // The second run pays only the failed item.
    let (status, second) = county.post(&app, "/api/v1/payroll/reissue", json!({"place": "150121", "month": "2025-06"})).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!((second["run"].as_i64(), second["items"].as_i64(), second["total"].as_str()), (Some(2), Some(1), Some("258.33")), "{second}");
    let (_, none) = county.post(&app, "/api/v1/payroll/reissue", json!({"place": "150121", "month": "2025-06"})).await;
    assert_eq!(none, Value::Null, "nothing failed any more");
    let (status, file2) = fund.post(&app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-06", "run": 2})).await;
    assert_eq!(status, 200, "{file2}");
    let (_, csv2) = fund.get_text(&app, &format!("/api/v1/fund/exports/{}", file2["id"].as_str().unwrap())).await;
    let line = csv2.lines().nth(2).unwrap().to_owned();
    let (_, r) = fund
        .post_csv(
            &app,
            "/api/v1/payroll/returns?file_name=r3.csv",
            format!("流水号,金额,结果,失败原因\n{},258.33,成功,\n", line.split(',').next().unwrap()).into_bytes(),
        )
        .await;
    assert_eq!(r["updated"].as_i64(), Some(1), "{r}");

    // The resident sees every month paid, and the failed attempt.
    let (_, pension) = zhang.get(&app, "/api/v1/me/pension").await;
    let payments = pension["payments"].as_array().unwrap();
    let paid: Vec<&str> = payments.iter().filter(|p| p["status"] == "paid").map(|p| p["month"].as_str().unwrap()).collect();
    assert_eq!(paid.len(), 3, "{pension}");
    for m in ["2025-04", "2025-05", "2025-06"] {
        assert!(paid.contains(&m), "{m} paid once: {pension}");
    }
    assert!(payments.iter().any(|p| p["status"] == "reissued" && p["failure"] == "账户已冻结"), "{pension}");
    let paid_twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT pension_id, month FROM payroll_items WHERE status = 'paid' GROUP BY pension_id, month HAVING COUNT(*) > 1) AS d",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(paid_twice, 0);
    // The once-rule's `live` is NULL exactly on the lines that failed, and a
    // second live line for a paid month is still refused.
    let wrong: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_items WHERE (live IS NULL) <> (status IN ('failed', 'reissued'))")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(wrong, 0);
    let again = sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status) \
         SELECT id || 'y', batch_id, pension_id, month, amount_fen, name, bank_card, 'generated' FROM payroll_items WHERE status = 'reissued'",
    )
    .execute(app.db.pool())
    .await;
    assert!(again.is_err(), "the reissued month was paid by the second run: a third line is refused");
}

async fn the_check_blocks_an_unexplained_difference(app: TestApp) {
    let (_zhang, county) = zhang_receiving(&app).await;
    let fund = actors::staff(&app, "p.fund2", "league_fund_officer", "1501").await;
    for step in ["generate", "check", "bank-files"] {
        let place = if step == "generate" { "150121" } else { "1501" };
        let who = if step == "generate" { &county } else { &fund };
        assert_eq!(who.post(&app, &format!("/api/v1/payroll/{step}"), json!({"place": place, "month": "2025-06"})).await.0, 200, "{step}");
    }
    // The amount is changed outside any recorded adjustment.
    sqlx::query("UPDATE pensions SET monthly_fen = monthly_fen + 10000").execute(app.db.pool()).await.unwrap();
    let (status, july) = county.post(&app, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-07"})).await;
    assert_eq!((status, july["total"].as_str()), (200, Some("358.33")), "{july}");
    let (_, checked) = fund.post(&app, "/api/v1/payroll/check", json!({"place": "1501", "month": "2025-07"})).await;
    assert_eq!(checked[0]["state"], "generated", "{checked}");
    assert_eq!(checked[0]["check"]["passed"], false);
    assert!(checked[0]["check"]["unexplained"].to_string().contains("358.33"), "{checked}");
    let (status, body) = fund.post(&app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-07"})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("未说明的差异"), "{body}");
    assert_eq!(app.count("bank_files").await, 1, "only June's");
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_items WHERE status = 'sent' AND month = $1")
        .bind(domain::benefit::Month::parse("2025-07").unwrap().0)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(sent, 0, "nothing of July went to the bank");
    // Two months ahead is refused.
    let (status, body) = county.post(&app, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-08"})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("最多生成下月"), "{body}");
}

async fn payroll_steps_are_refused_outside_the_role_or_place(app: TestApp) {
    let township = actors::staff(&app, "x.township", "township_clerk", "150121100").await;
    let other_county = actors::staff(&app, "x.county", "county_clerk", "150102").await;
    let other_league = actors::staff(&app, "x.fund", "league_fund_officer", "1502").await;
    let county = actors::staff(&app, "x.county2", "county_clerk", "150121").await;
    let resident = actors::resident(&app, LI.0, LI.1, LI.2).await;
    let june = |place: &str| json!({"place": place, "month": "2025-06"});
    assert_eq!(township.post(&app, "/api/v1/payroll/generate", june("150121")).await.0, 403);
    assert_eq!(other_county.post(&app, "/api/v1/payroll/generate", june("150121")).await.0, 403);
    assert_eq!(county.post(&app, "/api/v1/payroll/check", june("1501")).await.0, 403, "the county does not check its own payroll");
    assert_eq!(other_league.post(&app, "/api/v1/payroll/check", june("1501")).await.0, 403);
    assert_eq!(other_league.post(&app, "/api/v1/payroll/bank-files", june("1501")).await.0, 403);
    assert_eq!(resident.get(&app, "/api/v1/payroll/batches?month=2025-06").await.0, 403);
    assert_eq!(county.post(&app, "/api/v1/payroll/generate", json!({"place": "150121", "month": "June"})).await.0, 400);
    assert_eq!(county.post(&app, "/api/v1/payroll/generate", june("150121100")).await.0, 400, "a township is not a county");
    assert_eq!(app.count("payroll_batches").await, 0, "nothing written by a refused call");
    let (status, none) = resident.get(&app, "/api/v1/me/pension").await;
    assert_eq!((status, none), (200, Value::Null));
}

/// The month's payroll generated and checked; the batch.
fn explained(batch: &Value, kind: &str) -> Value {
    batch["check"]["explained"].as_array().unwrap().iter().find(|e| e[0] == kind).cloned().unwrap_or(Value::Null)
}

async fn months_of_suspension_resumption_and_stop_are_each_explained(app: TestApp) {
    let (zhang, county) = zhang_receiving(&app).await;
    let fund = actors::staff(&app, "p.fund2", "league_fund_officer", "1501").await;
    let april = month(&app, &county, &fund, "2025-04").await;
    assert_eq!(explained(&april, "starts"), json!(["starts", 1, "258.33"]));

    // May: suspended (suspected loss of eligibility, B11).
    let status_of = |action: &str, reason: &str, back_pay: bool| json!({"document_kind": "居民身份证", "document_number": ZHANG.1, "action": action, "reason": reason, "back_pay": back_pay});
    let (status, body) = zhang.post(&app, "/api/v1/cases/resumption", json!({})).await;
    assert!(status >= 400, "a resident cannot post JSON here: {body}");
    let (status, body) = county.post(&app, "/api/v1/pensions/status", status_of("resume", "核实", true)).await;
    assert_eq!(status, 409, "an active pension cannot be resumed: {body}");
    let (status, body) = county.post(&app, "/api/v1/pensions/status", status_of("suspend", "疑似丧失领取资格，待核实", false)).await;
    assert_eq!(status, 200, "{body}");
    let may = month(&app, &county, &fund, "2025-05").await;
    assert_eq!((may["items"].as_i64(), explained(&may, "suspensions")), (Some(0), json!(["suspensions", -1, "-258.33"])));
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(mine["status_label"], "暂停发放", "{mine}");

    // She applies for resumption; approved, May is paid with June.
    let form = reqwest::multipart::Form::new().text("reason", "本人健在，已到村委会确认");
    let r = app.client.post(app.url("/api/v1/cases/resumption")).header("cookie", zhang.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let township = actors::staff(&app, "p.township3", "township_clerk", "150121100").await;
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
    let june = month(&app, &county, &fund, "2025-06").await;
    assert_eq!((june["items"].as_i64(), june["total"].as_str()), (Some(2), Some("516.66")), "{june}");
    assert_eq!(explained(&june, "resumptions"), json!(["resumptions", 1, "516.66"]));

    // July: stopped; nothing more is paid.
    let (status, _) = county.post(&app, "/api/v1/pensions/status", status_of("stop", "经核实已丧失领取资格", false)).await;
    assert_eq!(status, 200);
    let july = month(&app, &county, &fund, "2025-07").await;
    assert_eq!((july["items"].as_i64(), explained(&july, "stops")), (Some(0), json!(["stops", -1, "-516.66"])));
    let (status, _) = county.post(&app, "/api/v1/pensions/status", status_of("resume", "再核实", true)).await;
    assert_eq!(status, 409, "a stopped pension stays stopped");
    let months: Vec<i64> = sqlx::query_scalar("SELECT month FROM payroll_items ORDER BY month").fetch_all(app.db.pool()).await.unwrap();
    let m = |t: &str| domain::benefit::Month::parse(t).unwrap().0;
    assert_eq!(months, vec![m("2025-04"), m("2025-05"), m("2025-06")], "each month once");
}

async fn a_death_list_suspends_at_once(app: TestApp) {
    let (zhang, _county) = zhang_receiving(&app).await;
    let assistant = actors::staff(&app, "p.assistant", "village_assistant", "150121100201").await;
    let file = format!(
        "证件类型,证件号码,姓名,死亡日期\n居民身份证,{z},{n},2025-05-20\n居民身份证,{l},{ln},2025-05-21\n居民身份证,{z},张三,2025-05-20\n居民身份证,{z},{n},2030-01-01\n",
        z = ZHANG.1,
        n = ZHANG.0,
        l = LI.1,
        ln = LI.0
    );
    let (status, report) = assistant.post_csv(&app, "/api/v1/pensions/death-lists?file_name=d.csv", file.clone().into_bytes()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["added"].as_i64(), Some(1), "{report}");
    let reasons = report["rejected"].to_string();
    assert!(reasons.contains("本村没有此人") && reasons.contains("姓名与参保登记不一致") && reasons.contains("晚于今天"), "{reasons}");
    let (_, again) = assistant.post_csv(&app, "/api/v1/pensions/death-lists?file_name=d.csv", file.into_bytes()).await;
    assert_eq!(again["already_imported"], true);
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(mine["status"], "suspended", "{mine}");
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pension_events WHERE event = 'suspend'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(events, 1, "suspended once");
    let other = actors::staff(&app, "p.assistant2", "village_assistant", "150121100202").await;
    let (status, report) = other
        .post_csv(
            &app,
            "/api/v1/pensions/death-lists?file_name=e.csv",
            format!("证件类型,证件号码,姓名,死亡日期\n居民身份证,{},{},2025-05-20\n", ZHANG.1, ZHANG.0).into_bytes(),
        )
        .await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(0)), "another village's assistant suspends no one here: {report}");
    let county_clerk = actors::staff(&app, "p.c9", "county_clerk", "150121").await;
    assert_eq!(county_clerk.post_csv(&app, "/api/v1/pensions/death-lists", b"x".to_vec()).await.0, 403);
}

async fn a_payroll_killed_part_way_is_generated_once(app: TestApp) {
    // A county of generated people, each with a pension (set up directly:
    // the claims are tested above).
    let out = app.run_cli(&["generate", "--people", "4000", "--open-cases", "0", "--seed", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on) \
         SELECT 'p-' || a.id, a.id, a.id_kind, a.id_number, substr(i.village_code, 1, 6), 'fixture', $1, $1, 15, 1390000, 139, 19700, 10000, 0, \
         29700, 'active', '2025-05-01' FROM personal_accounts a JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number",
    )
    .bind(domain::benefit::Month::parse("2025-05").unwrap().0)
    .execute(app.db.pool())
    .await
    .unwrap();
    let expected: i64 = app.count("pensions WHERE county_code = '150121'").await * 2;
    assert!(expected > 1000, "a real county: {expected}");
    let mut run = app.spawn_cli(&["payroll-generate", "--county", "150121", "--month", "2025-06"]);
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    run.kill().expect("kill the payroll run");
    run.wait().unwrap();
    let after_kill = app.count("payroll_items").await;
    assert!(after_kill == 0 || after_kill == expected, "all or nothing: {after_kill} of {expected}");
    let out = app.run_cli(&["payroll-generate", "--county", "150121", "--month", "2025-06"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = app.run_cli(&["payroll-generate", "--county", "150121", "--month", "2025-06"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(app.count("payroll_items").await, expected, "May and June once for each pension");
    let (items, total): (i64, i64) = sqlx::query_as("SELECT items, total_fen FROM payroll_batches").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((items, total), (expected, expected * 29_700), "the batch's count and total equal its items");
}

async fn people_about_to_reach_pension_age_are_listed_and_told(app: TestApp) {
    // Zhang reached 60 on 8 March 2025 and has not claimed: on the list,
    // first with 14 years (too few), then with 15.
    let zhang = insured_zhang(&app).await;
    let fund = actors::staff(&app, "n.fund", "league_fund_officer", "1501").await;
    zhang_with_years(&app, &fund, 2010, 14).await;
    let township = actors::staff(&app, "n.township", "township_clerk", "150121100").await;
    let (status, list) = township.get(&app, "/api/v1/benefits/upcoming?months=3").await;
    assert_eq!(status, 200, "{list}");
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1, "only Zhang is insured and of age here: {list}");
    assert_eq!((rows[0]["eligible_on"].as_str(), rows[0]["contribution_years"].as_i64()), (Some("2025-03-08"), Some(14)));
    assert!(rows[0]["problem"].as_str().unwrap().contains("不足 15 年"), "{list}");
    assert!(!list.to_string().contains(ZHANG.1), "masked: {list}");
    zhang_with_years(&app, &fund, 2024, 1).await;
    let (_, list) = township.get(&app, "/api/v1/benefits/upcoming?months=3").await;
    assert_eq!(list[0]["estimate"], "258.33", "{list}");
    let account = list[0]["account"].as_str().unwrap().to_owned();

    // The notice: contribution history, the parts, how to claim.
    let (status, notice) = township.get(&app, &format!("/api/v1/benefits/notices/{account}")).await;
    assert_eq!(status, 200, "{notice}");
    assert_eq!(notice["years"].as_array().unwrap().len(), 15);
    assert_eq!((notice["first_month"].as_str(), notice["account_part"].as_str()), (Some("2025-04"), Some("61.33")));
    assert!(notice["how_to_claim"].as_str().unwrap().contains("我的养老金"));
    assert_ne!(notice["reader_lang"], "mn-Mong", "she reads Chinese: {notice}");
    let other = actors::staff(&app, "n.other", "township_clerk", "150102001").await;
    assert_eq!(other.get(&app, &format!("/api/v1/benefits/notices/{account}")).await.0, 404, "another township's clerk");
    let (_, none) = other.get(&app, "/api/v1/benefits/upcoming?months=3").await;
    assert_eq!(none, json!([]));
    assert_eq!(township.get(&app, "/api/v1/benefits/upcoming?months=0").await.0, 400);
    assert_eq!(zhang.get(&app, "/api/v1/benefits/upcoming?months=3").await.0, 403);
    let views: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'benefit.notice'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(views, 1, "the notice view is audited");

    // Sent once, by mail and by text message (issue 36 §1).
    let before = app.mail.all().len();
    let (status, body) = township.post(&app, "/api/v1/benefits/notices/mail", json!({"months": 3})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["message"].as_str().unwrap().contains("本次发出 1 人"), "{body}");
    app.deliver().await;
    let mails = app.mail.all();
    assert_eq!(mails.len(), before + 1);
    let text = smtp::decoded_body(&mails.last().unwrap().data);
    assert!(text.contains("2025-03-08") && text.contains("258.33"), "{text}");
    let texts = app.phones.texts_to("13847100001");
    assert!(texts.iter().any(|t| t.contains("2025-03-08") && t.contains("258.33") && t.contains("/me/pension")), "{texts:?}");
    let (_, again) = township.post(&app, "/api/v1/benefits/notices/mail", json!({"months": 3})).await;
    assert!(again["message"].as_str().unwrap().contains("本次发出 0 人") && again["message"].as_str().unwrap().contains("此前已发 1 人"), "{again}");
    assert_eq!(app.mail.all().len(), before + 1);
    assert_eq!(app.phones.texts_to("13847100001").len(), texts.len());
    // §4: to a reader of Mongolian (the language she signs in with) the
    // same notice, same figures, in Mongolian (the record of the sending
    // taken back to send it again).
    sqlx::query("UPDATE accounts SET lang = 'mn-Mong' WHERE id_number = $1").bind(ZHANG.1).execute(app.db.pool()).await.unwrap();
    sqlx::query("DELETE FROM benefit_notices").execute(app.db.pool()).await.unwrap();
    let (status, _) = township.post(&app, "/api/v1/benefits/notices/mail", json!({"months": 3})).await;
    assert_eq!(status, 200);
    app.deliver().await;
    let text = smtp::decoded_body(&app.mail.all().last().unwrap().data);
    assert!(text.contains("2025-03-08 ᠳᠤ") && text.contains("258.33 ᠶᠤᠸᠠᠨ") && !text.contains("告知书") && !text.contains("申领方式"), "{text}");
    // The notice to print says so too: it prints in Mongolian for her.
    let (_, notice) = township.get(&app, &format!("/api/v1/benefits/notices/{account}")).await;
    assert_eq!(notice["reader_lang"], "mn-Mong", "{notice}");
    assert!(notice["how_to_claim_mn"].as_str().unwrap().contains("ᠮᠢᠨᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ"), "{notice}");
    sqlx::query("UPDATE accounts SET lang = 'zh-CN' WHERE id_number = $1").bind(ZHANG.1).execute(app.db.pool()).await.unwrap();

    // Once she claims and is approved, she is no longer on the list.
    let (status, body) = claim(&app, &zhang, "6222021500001234").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let county = actors::staff(&app, "n.county", "county_clerk", "150121").await;
    let county2 = actors::staff(&app, "n.county2", "county_clerk", "150121").await;
    for who in [&township, &county, &county2] {
        assert_eq!(decide(&app, who, &id, "approve", "").await.0, 200);
    }
    let (_, list) = township.get(&app, "/api/v1/benefits/upcoming?months=3").await;
    assert_eq!(list, json!([]));
}

async fn a_death_in_the_registry_suspends_payment(app: TestApp) {
    let (zhang, _county) = zhang_receiving(&app).await;
    let admin = actors::staff(&app, "r.admin", "administrator", "15").await;
    support::pensions::registry_death(&app, &admin, "2025-05-30").await;
    let (status, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!((status, mine["status"].as_str()), (200, Some("suspended")), "{mine}");
    let reason: String = sqlx::query_scalar("SELECT reason FROM pension_events WHERE event = 'suspend'").fetch_one(app.db.pool()).await.unwrap();
    assert!(reason.contains("户籍登记死亡：2025-05-30"), "{reason}");
}

async fn a_death_after_payments_is_recovered_in_order(app: TestApp) {
    let (zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    // June 2025's payroll pays January 2020 to June 2025: 66 months.
    paid_month(&app, &county, &fund, "2025-06").await;
    assert_eq!(app.count("payroll_items WHERE status = 'paid'").await, 66);

    // She died on 10 March 2020 and nobody told us (冒领). The clerk stops
    // the pension with the date of death.
    let stop = |ground: &str, on: &str| {
        json!({"document_kind": "居民身份证", "document_number": ZHANG.1, "action": "stop",
        "reason": "核实死亡", "ground": ground, "ended_on": on})
    };
    let (status, body) = county.post(&app, "/api/v1/pensions/status", stop("death", "2030-01-01")).await;
    assert_eq!(status, 400, "a date in the future: {body}");
    let (status, body) = county.post(&app, "/api/v1/pensions/status", stop("death", "")).await;
    assert_eq!(status, 400, "a ground without a date: {body}");
    let (status, body) = county
        .post(
            &app,
            "/api/v1/pensions/status",
            json!({"document_kind": "居民身份证", "document_number": ZHANG.1,
        "action": "suspend", "reason": "x", "ground": "death", "ended_on": "2020-03-10"}),
        )
        .await;
    assert_eq!(status, 400, "a date of death only with a stop: {body}");
    assert_eq!(app.count("overpayments").await, 0, "nothing half-written");
    let before = app.mail.all().len();
    let (status, body) = county.post(&app, "/api/v1/pensions/status", stop("death", "2020-03-10")).await;
    assert_eq!(status, 200, "{body}");
    assert!(message(&body).contains("冒领"), "{body}");

    // By hand: April 2020 to June 2025 = 63 months × 211.03 = 13,294.89.
    // Left in the account: 1,950.00 − 3 × 14.03 (January to March were due)
    // = 1,907.91 (taken first; the 63 months' account part is in what is
    // owed, not drawn as well); then the funeral grant (15 years:
    // 1,500.00); 9,886.98 to refund.
    let (status, list) = county.get(&app, "/api/v1/overpayments").await;
    assert_eq!(status, 200, "{list}");
    let o = &list[0];
    assert_eq!((o["months"].as_i64(), o["overpaid"].as_str(), o["from_month"].as_str()), (Some(63), Some("13294.89"), Some("2020-04")), "{o}");
    let steps: Vec<(String, String)> =
        o["steps"].as_array().unwrap().iter().map(|s| (s["step"].as_str().unwrap().to_owned(), s["amount"].as_str().unwrap().to_owned())).collect();
    assert_eq!(steps, vec![("balance".into(), "1907.91".into()), ("funeral_grant".into(), "1500.00".into()), ("refund_order".into(), "9886.98".into())]);
    assert_eq!((o["outstanding"].as_str(), o["state_label"].as_str()), (Some("9886.98"), Some("已责令退还")));
    assert!(!list.to_string().contains(ZHANG.1), "masked: {list}");
    let (kind, amount): (String, i64) =
        sqlx::query_as("SELECT kind, amount_fen FROM account_entries WHERE kind = 'recovery'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((kind.as_str(), amount), ("recovery", -190_791), "a new ledger entry, never an edit");
    let ledger: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger_entries").fetch_one(app.db.pool()).await.unwrap();
    // The bank's return drew 66 × 14.03; the 63 months not due are
    // reversed (recovered in full instead), the 3 due stay drawn:
    // 1,950.00 − 3 × 14.03 − 1,907.91 = 0, never below.
    assert_eq!(ledger, 0, "the account is empty, not overdrawn");
    let back: i64 = app.count("account_entries WHERE kind = 'drawing' AND amount_fen > 0").await;
    assert_eq!(back, 63, "each month not due reversed once");
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(account["balance"].as_str(), Some(domain::Yuan::from_fen(ledger).to_string().as_str()), "balance = sum of entries: {account}");
    let mails = app.mail.all();
    assert!(mails[before..].iter().any(|m| smtp::decoded_body(&m.data).contains("9886.98")), "the refund order is mailed");

    // The family refunds part; more than owed and nonsense are refused.
    let op = format!("/api/v1/overpayments/{}", o["id"].as_str().unwrap());
    assert_eq!(county.post(&app, &op, json!({"action": "refund", "amount": "20000"})).await.0, 400);
    assert_eq!(county.post(&app, &op, json!({"action": "refund", "amount": "abc"})).await.0, 400);
    assert_eq!(county.post(&app, &op, json!({"action": "refund", "amount": "-5"})).await.0, 400);
    let (status, after) = county.post(&app, &op, json!({"action": "refund", "amount": "5000.00", "note": "家属退还"})).await;
    assert_eq!((status, after["outstanding"].as_str()), (200, Some("4886.98")), "{after}");
    // Taking again finds nothing more to take, and orders nothing new.
    let (_, again) = county.post(&app, &op, json!({"action": "recover"})).await;
    assert_eq!(again["steps"].as_array().unwrap().len(), 4, "{again}");
    assert_eq!(county.post(&app, &op, json!({"action": "referral", "note": ""})).await.0, 400, "a referral says why");
    let (status, referred) = county.post(&app, &op, json!({"action": "referral", "note": "拒不退还，移交区人社局"})).await;
    assert_eq!(status, 200, "{referred}");
    assert_eq!((referred["state_label"].as_str(), referred["steps"][4]["amount"].as_str()), (Some("已移交行政部门"), Some("4886.98")));
    assert_eq!(county.post(&app, &op, json!({"action": "referral", "note": "再次"})).await.0, 409);

    // Only the county's clerks, only their county.
    let other = actors::staff(&app, "o.other", "county_clerk", "150102").await;
    assert_eq!(other.post(&app, &op, json!({"action": "recover"})).await.0, 404);
    assert_eq!(other.get(&app, "/api/v1/overpayments").await.1, json!([]));
    assert_eq!(zhang.get(&app, "/api/v1/overpayments").await.0, 403);
    assert_eq!(fund.post(&app, &op, json!({"action": "recover"})).await.0, 403);
    let steps: i64 = app.count("overpayment_steps").await;
    assert_eq!(steps, 5, "each step once");
    assert!(sqlx::query("UPDATE overpayment_steps SET amount_fen = 0").execute(app.db.pool()).await.is_err(), "steps are append-only");
    assert_eq!(county.post(&app, "/api/v1/pensions/status", stop("death", "2020-03-10")).await.0, 409, "stopped once");
}

/// Issue 36 §2: at a kiosk the staff member who saw the resident's ID card
/// certifies her there (refused there before); it is recorded as an
/// assisted certification by that staff member, in her name, and touches
/// nobody else.
async fn a_kiosk_certifies_the_resident_it_serves(app: TestApp) {
    let (zhang, _county, _fund) = zhang_receiving_since_2020(&app).await;
    let kiosk = actors::kiosk(&app, "k.cert", "150121100").await;
    assert_eq!(kiosk.post(&app, "/api/v1/me/certification", json!({"confirmed": true})).await.0, 403, "nobody served yet");
    actors::serving(&app, &kiosk, (ZHANG.0, ZHANG.1)).await;
    let (_, mine) = kiosk.get(&app, "/api/v1/me/pension").await;
    assert_eq!(mine["certification"]["can_self_certify"], json!(true), "{mine}");
    let (status, body) = kiosk.post(&app, "/api/v1/me/certification", json!({"confirmed": false})).await;
    assert_eq!(status, 400, "she must confirm: {body}");
    assert_eq!(app.count("certifications").await, 0, "nothing recorded");
    let (status, body) = kiosk.post(&app, "/api/v1/me/certification", json!({"confirmed": true})).await;
    assert_eq!(status, 200, "{body}");
    assert!(message(&body).contains("完成认证") && message(&body).contains("自助终端"), "{body}");
    let staff: String = sqlx::query_scalar("SELECT id FROM accounts WHERE login = 'k.cert'").fetch_one(app.db.pool()).await.unwrap();
    let (method, by, on): (String, String, String) =
        sqlx::query_as("SELECT method, by_actor, certified_on FROM certifications").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((method.as_str(), by.as_str(), on), ("kiosk", staff.as_str(), app.state.today().to_string()));
    let (_, hers) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(hers["certification"]["last_on"].as_str(), Some(app.state.today().to_string().as_str()), "{hers}");
    let (kiosk_id, served): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT kiosk, on_behalf_of FROM audit_log WHERE action = 'certification.assisted'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((kiosk_id.is_some(), served.as_deref()), (true, Some("150121********1242")));
}

/// Issue 36 §4: 参保证明 and 待遇领取证明, printed by the resident for other
/// offices, verified by anyone with the code (typed or from the QR code),
/// showing no more than the masked name and document; printing again the
/// same day keeps the code; a change of the record says the paper is
/// superseded.
async fn a_resident_prints_her_certificates_and_anyone_verifies_them(app: TestApp) {
    let (zhang, county, _fund) = zhang_receiving_since_2020(&app).await;
    let (status, insured) = zhang.get(&app, "/api/v1/me/certificates/insured").await;
    assert_eq!(status, 200, "{insured}");
    assert_eq!((insured["title"].as_str(), insured["name"].as_str(), insured["document"].as_str()), (Some("参保证明"), Some(ZHANG.0), Some(ZHANG.1)));
    let row = |c: &Value, label: &str| c["rows"].as_array().unwrap().iter().find(|r| r["label"] == label).map(|r| r["value"].as_str().unwrap().to_owned());
    assert_eq!(row(&insured, "参保状态").as_deref(), Some("按月领取养老金"), "{insured}");
    assert!(row(&insured, "参保日期").is_some() && row(&insured, "累计缴费年限").is_some(), "{insured}");
    let (_, again) = zhang.get(&app, "/api/v1/me/certificates/insured").await;
    assert_eq!(again["code"], insured["code"], "the same facts the same day keep one code");
    assert_eq!(app.count("certificates").await, 1);
    let (status, receiving) = zhang.get(&app, "/api/v1/me/certificates/receiving").await;
    assert_eq!(status, 200, "{receiving}");
    let (_, pension) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(row(&receiving, "月养老金（元）"), pension["monthly"].as_str().map(str::to_owned), "{receiving}");
    assert_eq!(row(&receiving, "发放状态").as_deref(), Some("正常发放"));
    assert_ne!(receiving["code"], insured["code"]);
    assert_eq!(zhang.get(&app, "/api/v1/me/certificates/pension").await.0, 404);
    let (_, page) = zhang.get_text(&app, "/me/certificate/insured").await;
    assert!(page.contains("参保证明") && page.contains(ZHANG.1) && page.contains(insured["code"].as_str().unwrap()), "her own paper");

    // Anyone checks it, by the printed code typed in any case, or the QR's.
    let anyone = Actor::anonymous();
    let printed = insured["code"].as_str().unwrap().to_lowercase();
    let (status, check) = anyone.get(&app, &format!("/api/v1/certificates/{printed}")).await;
    assert_eq!(status, 200, "{check}");
    assert_eq!(
        (check["still_current"].as_bool(), check["name_masked"].as_str(), check["document_masked"].as_str()),
        (Some(true), Some("张**"), Some("150121********1242"))
    );
    assert!(!check.to_string().contains(ZHANG.1), "no full number in public: {check}");
    let qr = app.client.get(app.url(&format!("/api/v1/certificates/{printed}/qr"))).send().await.unwrap();
    assert_eq!((qr.status().as_u16(), qr.headers()["content-type"].to_str().unwrap()), (200, "image/svg+xml"));
    let stored = insured["verify_path"].as_str().unwrap().to_owned();
    let (status, verify) = anyone.get_text(&app, &stored).await;
    assert_eq!(status, 200);
    assert!(verify.contains("真实有效：本证明由本系统出具") && verify.contains("参保证明"), "the /verify page knows certificates");
    assert_eq!(anyone.get(&app, "/api/v1/certificates/not-a-code").await.0, 400);
    assert_eq!(anyone.get(&app, "/api/v1/certificates/ABCD-EFGH-JKMN-PQRS").await.0, 404);

    // Her pension suspended (certification overdue): the paper says it is
    // superseded; a new one states the suspension under a new code.
    let (status, body) = county.post(&app, "/api/v1/certification/sweep", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (_, check) = anyone.get(&app, &format!("/api/v1/certificates/{}", receiving["code"].as_str().unwrap())).await;
    assert_eq!(check["still_current"], json!(false), "{check}");
    let (_, now) = zhang.get(&app, "/api/v1/me/certificates/receiving").await;
    assert_eq!(row(&now, "发放状态").as_deref(), Some("暂停发放"));
    assert_ne!(now["code"], receiving["code"]);

    // Someone not insured here is told so; every issue is audited.
    let bateer = actors::resident(&app, BATEER.0, BATEER.1, BATEER.2).await;
    let (status, body) = bateer.get(&app, "/api/v1/me/certificates/insured").await;
    assert_eq!(status, 404, "{body}");
    assert!(message(&body).contains("还没有在本系统参保"), "{body}");
    assert_eq!(app.count("audit_log WHERE action = 'certificate.issue'").await, 5, "each issue, the page's too");
}

async fn certification_by_data_by_staff_and_the_sweep(app: TestApp) {
    // Determined 20 December 2019 and never certified: due 20 December 2020.
    let (zhang, county, _fund) = zhang_receiving_since_2020(&app).await;
    let assistant = actors::staff(&app, "c.assistant", "village_assistant", "150121100201").await;
    let (status, due) = assistant.get(&app, "/api/v1/certification/due").await;
    assert_eq!(status, 200, "{due}");
    assert_eq!((due[0]["due_on"].as_str(), due[0]["state_label"].as_str()), (Some("2020-12-20"), Some("已逾期")), "{due}");
    assert!(!due.to_string().contains(ZHANG.1), "masked: {due}");

    // A code session cannot self-certify: a passkey is needed (the browser
    // test certifies with one).
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!((mine["certification"]["overdue"].as_bool(), mine["certification"]["can_self_certify"].as_bool()), (Some(true), Some(false)), "{mine}");
    let (status, body) = zhang.post(&app, "/api/v1/me/certification", json!({"confirmed": true})).await;
    assert_eq!(status, 403, "{body}");
    assert!(message(&body).contains("通行密钥"), "{body}");
    // Nor change the bank card the pension goes to.
    let (status, body) = zhang.post(&app, "/api/v1/me/bank-card", json!({"bank_card": "6222021500009999"})).await;
    assert_eq!(status, 403, "{body}");

    // The sweep suspends her; again, nothing changes.
    let (status, body) = county.post(&app, "/api/v1/certification/sweep", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(message(&body), "已提醒 0 人，暂停发放 1 人");
    let (_, body) = county.post(&app, "/api/v1/certification/sweep", json!({})).await;
    assert_eq!(message(&body), "已提醒 0 人，暂停发放 0 人");
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!((mine["status"].as_str(), mine["certification"]["suspended_for_it"].as_bool()), (Some("suspended"), Some(true)), "{mine}");
    app.deliver().await;
    assert!(app.mail.all().iter().any(|m| smtp::decoded_body(&m.data).contains("暂停发放")), "she is told");

    // Assisted at the window: only staff of her place, with a note.
    let form = |mode: &str, note: &str| json!({"document_kind": "居民身份证", "document_number": ZHANG.1, "mode": mode, "note": note});
    let far = actors::staff(&app, "c.far", "village_assistant", "150121100202").await;
    assert_eq!(far.post(&app, "/api/v1/certification/assisted", form("kiosk", "已核对身份证")).await.0, 404);
    assert_eq!(assistant.post(&app, "/api/v1/certification/assisted", form("phone", "已核对身份证")).await.0, 400);
    assert_eq!(assistant.post(&app, "/api/v1/certification/assisted", form("home_visit", " ")).await.0, 400);
    assert_eq!(zhang.post(&app, "/api/v1/certification/assisted", form("kiosk", "x")).await.0, 403);
    let (status, body) = assistant.post(&app, "/api/v1/certification/assisted", form("home_visit", "上门核对本人及身份证")).await;
    assert_eq!(status, 200, "{body}");
    assert!(message(&body).contains("另一位工作人员"), "{body}");
    // Certified, but the back pay waits for a second person (issue 33, item
    // 11): a resumption filed for her, decided by others.
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(
        (mine["status"].as_str(), mine["certification"]["last_on"].as_str(), mine["certification"]["due_on"].as_str()),
        (Some("suspended"), Some("2025-06-02"), Some("2026-06-02")),
        "{mine}"
    );
    let case: String = sqlx::query_scalar("SELECT id FROM cases WHERE case_type = 'resumption'").fetch_one(app.db.pool()).await.unwrap();
    let township = actors::staff(&app, "c.township", "township_clerk", "150121100").await;
    let (status, body) = decide(&app, &township, &case, "approve", "").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = decide(&app, &county, &case, "approve", "").await;
    assert_eq!(status, 200, "{body}");
    // Resumed, and the suspended months are paid by the next payroll.
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(mine["status"].as_str(), Some("active"), "{mine}");
    let resumed: (String, String) = sqlx::query_as("SELECT event, reason FROM pension_events ORDER BY at DESC LIMIT 1").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(resumed.0, "resume");
    assert!(resumed.1.contains(&case), "{resumed:?}");
    let reason: String = sqlx::query_scalar("SELECT form_json FROM cases WHERE id = $1").bind(&case).fetch_one(app.db.pool()).await.unwrap();
    assert!(reason.contains("上门认证"), "{reason}");
    let (_, due) = assistant.get(&app, "/api/v1/certification/due").await;
    assert_eq!(due, json!([]), "nobody due within 30 days");

    // Signed in with her passkey: she certifies herself, and changes her card.
    let own = actors::by_passkey(&app, "zhang.passkey", ZHANG.1).await;
    assert_eq!(own.post(&app, "/api/v1/me/certification", json!({"confirmed": false})).await.0, 400, "she must confirm");
    let (status, body) = own.post(&app, "/api/v1/me/certification", json!({"confirmed": true})).await;
    assert_eq!(status, 200, "{body}");
    assert!(message(&body).contains("2026-06-02"), "{body}");
    assert_eq!(own.post(&app, "/api/v1/me/bank-card", json!({"bank_card": "12ab"})).await.0, 400);
    let (status, body) = own.post(&app, "/api/v1/me/bank-card", json!({"bank_card": "6222 0215 0000 9999"})).await;
    assert_eq!(status, 200, "{body}");
    let (_, mine) = own.get(&app, "/api/v1/me/pension").await;
    assert!(mine["bank_card"].as_str().unwrap().ends_with("9999") && !mine["bank_card"].as_str().unwrap().contains("02150000"), "{mine}");
    let logged: String = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'pension.bank_card'").fetch_one(app.db.pool()).await.unwrap();
    assert!(!logged.contains("6222021500009999"), "masked in the audit log: {logged}");
    assert_eq!(own.post(&app, "/api/v1/me/bank-card", json!({"bank_card": "6222021500009999"})).await.0, 400, "the same card");

    // Data comparison: a registry record showing her alive certifies her
    // on the record's date; the same file again changes nothing.
    let admin = actors::staff(&app, "c.admin", "administrator", "15").await;
    let file = format!(
        "证件类型,证件号码,姓名,性别,出生日期,民族,户籍地址,村(社区)代码,联系电话,电子邮箱,死亡日期,记录日期\n\
         居民身份证,{},{},女,1965-03-08,汉族,土默特左旗察素齐镇北只图村12号,150121100201,13847100001,{},,2025-06-01\n",
        ZHANG.1, ZHANG.0, ZHANG.2
    );
    let (status, report) = admin.post_csv(&app, "/api/v1/admin/registry-imports?file_name=r.csv", file.clone().into_bytes()).await;
    assert_eq!(status, 200, "{report}");
    let methods: Vec<(String, String)> =
        sqlx::query_as("SELECT method, certified_on FROM certifications ORDER BY certified_on, method").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(
        methods,
        vec![("data".to_owned(), "2025-06-01".to_owned()), ("home_visit".to_owned(), "2025-06-02".to_owned()), ("self".to_owned(), "2025-06-02".to_owned())]
    );
    admin.post_csv(&app, "/api/v1/admin/registry-imports?file_name=r2.csv", file.into_bytes()).await;
    assert_eq!(app.count("certifications").await, 3);
    assert!(sqlx::query("DELETE FROM certifications").execute(app.db.pool()).await.is_err(), "append-only");
}

async fn community_correction_keeps_payment_without_increases(app: TestApp) {
    let (zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    paid_month(&app, &county, &fund, "2025-06").await;
    // The administrator enters rises of the basic pension (as the region's
    // notices would): 197 → 200 from June, 207 from July, 212 from August.
    for (from, value) in [("2025-06-01", "200"), ("2025-07-01", "207"), ("2025-08-01", "212")] {
        sqlx::query("INSERT INTO policy_params (key, effective_from, value) VALUES ('pension.basic_monthly', $1, $2)")
            .bind(from)
            .bind(value)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    let body = |action: &str, until: &str| json!({"document_kind": "居民身份证", "document_number": ZHANG.1, "action": action, "reason": "（2025）刑缓字第12号", "until": until});
    assert_eq!(county.post(&app, "/api/v1/pensions/status", body("community_correction", "2025-01-01")).await.0, 400, "a term already over");
    assert_eq!(county.post(&app, "/api/v1/pensions/status", body("community_correction", "")).await.0, 400);
    let other = actors::staff(&app, "b8.other", "county_clerk", "150102").await;
    assert_eq!(other.post(&app, "/api/v1/pensions/status", body("community_correction", "2025-07-31")).await.0, 404);
    let (status, said) = county.post(&app, "/api/v1/pensions/status", body("community_correction", "2025-07-31")).await;
    assert_eq!(status, 200, "{said}");

    // June's payroll exists: June cannot be raised any more (it would need
    // back pay); a month with no rise is refused with what to do.
    let raise = |m: &str| json!({"place": "150121", "month": m});
    let (status, body_) = county.post(&app, "/api/v1/payroll/increase", raise("2025-06")).await;
    assert_eq!(status, 409, "{body_}");
    assert!(message(&body_).contains("发放数据已经生成"), "{body_}");
    let (status, body_) = county.post(&app, "/api/v1/payroll/increase", raise("2025-05")).await;
    assert_eq!(status, 400, "no rise in May: {body_}");
    assert_eq!(fund.post(&app, "/api/v1/payroll/increase", raise("2025-07")).await.0, 403, "county clerks only");
    // July: she is under community correction: paid, not raised.
    let (status, july) = county.post(&app, "/api/v1/payroll/increase", raise("2025-07")).await;
    assert_eq!(status, 200, "{july}");
    assert_eq!(message(&july), "2025-07 起每月提高 7.00 元：调整 0 人，社区矫正或在押期间不调整 1 人");
    let (_, again) = county.post(&app, "/api/v1/payroll/increase", raise("2025-07")).await;
    assert_eq!(again, july, "once per county and month");
    let july_batch = month(&app, &county, &fund, "2025-07").await;
    assert_eq!(july_batch["total"], "211.03", "paid as before: {july_batch}");
    // August, after the term: this rise applies, July's is not made up.
    let (status, aug) = county.post(&app, "/api/v1/payroll/increase", raise("2025-08")).await;
    assert_eq!(status, 200, "{aug}");
    assert!(message(&aug).contains("提高 5.00 元：调整 1 人"), "{aug}");
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!((mine["monthly"].as_str(), mine["basic"].as_str()), (Some("216.03"), Some("202.00")), "{mine}");
    assert_eq!(county.post(&app, "/api/v1/payroll/increase", raise("2025-07")).await.1, july, "July's run is kept as it was");
    let events: Vec<String> =
        sqlx::query_scalar("SELECT reason FROM pension_events WHERE event = 'adjust' ORDER BY at").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[0].contains("社区矫正至 2025-07-31") && events[1].contains("提高 5.00 元"), "{events:?}");

    // Custody: suspended, not raised while in custody; released without
    // back pay at the amount before.
    let (status, _) = county
        .post(&app, "/api/v1/pensions/status", json!({"document_kind": "居民身份证", "document_number": ZHANG.1, "action": "custody", "reason": "收押"}))
        .await;
    assert_eq!(status, 200);
    let held: Option<String> = sqlx::query_scalar("SELECT no_increase_until FROM pensions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(held.as_deref(), Some("9999-12-31"));
    let (status, _) = county
        .post(
            &app,
            "/api/v1/pensions/status",
            json!({"document_kind": "居民身份证", "document_number": ZHANG.1, "action": "resume", "reason": "刑满释放", "back_pay": false}),
        )
        .await;
    assert_eq!(status, 200);
    let (held, monthly): (Option<String>, i64) = sqlx::query_as("SELECT no_increase_until, monthly_fen FROM pensions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((held, monthly), (None, 21_603), "later increases apply again, at the amount before custody");
}

async fn a_disputed_amount_is_redetermined_and_the_difference_paid(app: TestApp) {
    let (zhang, county) = zhang_receiving(&app).await;
    let fund = actors::staff(&app, "r.fund", "league_fund_officer", "1501").await;
    paid_month(&app, &county, &fund, "2025-06").await;
    // Her 2009 payment (deposited 15 March 2009) reaches the ledger only now.
    zhang_paying(&app, &fund, 2009, 1, 500, 30).await;
    let review = |reason: &str| reqwest::multipart::Form::new().text("reason", reason.to_owned());
    let post = |form: reqwest::multipart::Form| {
        app.client.post(app.url("/api/v1/cases/benefit-review")).header("cookie", zhang.cookie.clone().unwrap()).multipart(form).send()
    };
    assert_eq!(post(review(" ")).await.unwrap().status().as_u16(), 400, "a reason is needed");
    let r = post(review("2009年的缴费没有计入")).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(post(review("再次")).await.unwrap().status().as_u16(), 409, "one open review");
    let county2 = actors::staff(&app, "r.county2", "county_clerk", "150121").await;
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county2, &id, "approve", "").await.0, 200);

    // By hand: 16 years; the stored amount by the claim's rule: 8,280.00 +
    // 530.00 + 2024's 213.27 (posted) + January–March 2025 at 1.50 % on
    // 9,023.27 × 3 = 33.84, of which 31.85 was posted at the claim:
    // 9,057.11 ÷ 139 = 65.159… → 65.16, extra 2 × 1 = 2.00: 67.16 against
    // 61.33, 5.83 more a month; April to June paid: 17.49 to pay. Nothing
    // changes before she confirms.
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    let r = &mine["review"];
    assert_eq!(
        (r["old_parts"].as_str(), r["new_parts"].as_str(), r["delta"].as_str(), r["total"].as_str(), r["state"].as_str()),
        (Some("61.33"), Some("67.16"), Some("5.83"), Some("17.49"), Some("awaiting")),
        "{mine}"
    );
    assert_eq!(r["months"], json!([["2025-04", "258.33", "264.16"], ["2025-05", "258.33", "264.16"], ["2025-06", "258.33", "264.16"]]));
    assert_eq!(mine["monthly"], "258.33");
    let li = actors::resident(&app, LI.0, LI.1, LI.2).await;
    let confirm = format!("/api/v1/me/benefit-review/{id}/confirm");
    assert_eq!(li.post(&app, &confirm, json!({})).await.0, 404, "only her own");
    let (status, body) = zhang.post(&app, &confirm, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(zhang.post(&app, &confirm, json!({})).await.0, 409, "confirmed once");
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!((mine["monthly"].as_str(), mine["account"].as_str(), mine["extra"].as_str()), (Some("264.16"), Some("65.16"), Some("2.00")), "{mine}");
    // A6: April to June drew the old account part, 3 × 61.33; they now draw
    // the new one, 3 × 65.16 = 195.48: the difference, 3 × 3.83 = 11.49, is
    // drawn once, on the day she confirms.
    let review_drawing: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT source, amount_fen, credited_on FROM account_entries WHERE kind = 'drawing' AND source NOT LIKE 'drawing:%'")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(review_drawing, vec![(format!("review:{id}"), -1149, "2025-06-02".to_owned())]);
    assert_eq!(drawings(&app).await.iter().map(|d| d.0).sum::<i64>(), -19_548);

    // July pays the new amount and the difference, and the check explains it.
    let july = month(&app, &county, &fund, "2025-07").await;
    assert_eq!((july["items"].as_i64(), july["total"].as_str()), (Some(2), Some("281.65")), "{july}");
    assert_eq!(explained(&july, "adjustments"), json!(["adjustments", 0, "-493.34"]), "{july}");
    let pending: i64 = sqlx::query_scalar("SELECT pending_fen FROM pensions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(pending, 0, "paid once");

    // The 2009 payment turns out to be booked in error: a correction takes
    // it back (A5; set up directly, the check request is tested with the
    // ledger), and a second review lowers the account part: 8,527.11 (the
    // 530.00 gone, dated June; its interest to March, 1.99, stays: the
    // ledger had it then) ÷ 139 = 61.346… → 61.35, 3.81 less a month (the
    // year counted stays: a correction is not a contribution). 3 × 3.81 =
    // 11.43 of the 11.49 drawn for April to June is given back.
    sqlx::query(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, booked_at) \
         SELECT id, 'correction', 'case:fixture', -53000, '2025-06-02', 2025, '2025-06-02T12:00:00.000000Z' FROM personal_accounts",
    )
    .execute(app.db.pool())
    .await
    .unwrap();
    let r = post(review("2009年的缴费系误记")).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let second = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(decide(&app, &county, &second, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county2, &second, "approve", "").await.0, 200);
    let (_, mine) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!((mine["review"]["delta"].as_str(), mine["review"]["total"].as_str()), (Some("-3.81"), Some("-11.43")), "{mine}");
    assert_eq!(zhang.post(&app, &format!("/api/v1/me/benefit-review/{second}/confirm"), json!({})).await.0, 200);
    let review_drawing: Vec<(String, i64)> =
        sqlx::query_as("SELECT source, amount_fen FROM account_entries WHERE kind = 'drawing' AND source LIKE 'review:%' ORDER BY amount_fen")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(review_drawing, vec![(format!("review:{id}"), -1149), (format!("review:{second}"), 1143)]);
    assert_eq!(drawings(&app).await.iter().map(|d| d.0).sum::<i64>(), -18_405, "3 × 61.35");
}

async fn an_amount_owed_back_is_withheld_in_part_each_month(app: TestApp) {
    let (_zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    paid_month(&app, &county, &fund, "2025-06").await;
    // As a confirmed review would leave it: 300.00 paid in excess, recorded
    // with its event (set up directly; the review itself is tested above).
    sqlx::query("UPDATE pensions SET pending_fen = -30000").execute(app.db.pool()).await.unwrap();
    sqlx::query("INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor) VALUES ('e-review', 'p-zhang', 'adjust', 21103, 'fixture', '2025-06-02T12:00:00.000000Z', 'fixture')")
        .execute(app.db.pool()).await.unwrap();
    // At most half of July's 211.03 is withheld (105.51, rounded down in her
    // favour): 105.52 is paid, 194.49 is left for later months.
    let july = month(&app, &county, &fund, "2025-07").await;
    assert_eq!((july["items"].as_i64(), july["total"].as_str()), (Some(1), Some("105.52")), "{july}");
    let pending: i64 = sqlx::query_scalar("SELECT pending_fen FROM pensions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(pending, -19_449);
}

/// The drawings of a pension: (amount in fen, date), in date order.
async fn drawings(app: &TestApp) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT amount_fen, credited_on FROM account_entries WHERE kind = 'drawing' ORDER BY credited_on").fetch_all(app.db.pool()).await.unwrap()
}

/// A6, A3, A4: the bank's return draws the account part of each month paid
/// from the personal account, the statement shows it, and the year-end
/// interest is on what is left.
async fn the_account_part_of_each_month_paid_is_drawn_from_the_account(app: TestApp) {
    let (zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    // June 2025's payroll: January 2020 to June 2025, 66 months of 211.03;
    // the bank pays all but June, which fails.
    month(&app, &county, &fund, "2025-06").await;
    let lines: Vec<(String, String)> = bank_lines(&app, &fund, "2025-06").await.into_iter().map(|f| (f[0].clone(), f[5].clone())).collect();
    assert_eq!(lines.len(), 66);
    let returned: Vec<String> =
        lines.iter().map(|(id, m)| if m == "2025-06" { format!("{id},211.03,失败,账户冻结") } else { format!("{id},211.03,成功,") }).collect();
    let body = format!("流水号,金额,结果,失败原因\n{}\n", returned.join("\n"));
    let (status, report) = fund.post_csv(&app, "/api/v1/payroll/returns?file_name=r.csv", body.clone().into_bytes()).await;
    assert_eq!((status, report["updated"].as_i64()), (200, Some(66)), "{report}");

    // By hand: 65 months paid, each drawing the account part 14.03 on the
    // first day of its month; the failed June draws nothing.
    let drawn = drawings(&app).await;
    assert_eq!(drawn.len(), 65, "{drawn:?}");
    assert!(drawn.iter().all(|(fen, _)| *fen == -1403), "{drawn:?}");
    assert_eq!((drawn[0].1.as_str(), drawn[64].1.as_str()), ("2020-01-01", "2025-05-01"));
    // The same lines in another file: already paid, nothing drawn twice.
    let (status, report) = fund.post_csv(&app, "/api/v1/payroll/returns?file_name=r-again.csv", format!("{body}\n").into_bytes()).await;
    assert_eq!((status, report["unchanged"].as_i64(), report["updated"].as_i64()), (200, Some(66), Some(0)), "{report}");
    assert_eq!(drawings(&app).await.len(), 65);

    // The resident's account: 1,950.00 − 65 × 14.03 = 1,038.05, and the
    // drawings among its entries.
    let (status, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!((status, account["balance"].as_str()), (200, Some("1038.05")), "{account}");
    assert!(account.to_string().contains("个人账户养老金支出"), "{account}");

    // Year-end interest for 2024 at 2.62 %, by hand (fen × months earning):
    // opening 14 × 130.00 − 48 × 14.03 = 1,146.56, for 12 months;
    // 130.00 deposited 15 March earns 9 months; the drawings of January to
    // December 2024 stop earning after their month: 11 + 10 + … + 0 = 66
    // months of 14.03. 114,656 × 12 + 13,000 × 9 − 1,403 × 66 = 1,400,274;
    // × 2.62 % ÷ 12 = 3,057.26 fen → 30.57 (on the undrawn balance it
    // would be 50.24).
    let out = app.run_cli(&["interest", "--year", "2024"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let interest: i64 = sqlx::query_scalar("SELECT amount_fen FROM account_entries WHERE kind = 'interest'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(interest, 3057);
    let ledger: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger_entries").fetch_one(app.db.pool()).await.unwrap();
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!((ledger, account["balance"].as_str()), (106_862, Some("1068.62")), "balance = sum of entries: {account}");
}

/// A6: the account pays the account part only while it holds anything;
/// beyond that the fund pays, and the balance never goes below zero.
async fn drawings_stop_when_the_account_is_empty(app: TestApp) {
    let (zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    // An account part of 31.00 a month against 1,950.00 (as for someone
    // paid past the divisor's months): 62 months draw 31.00 (1,922.00),
    // the 63rd the 28.00 left, the last three nothing.
    sqlx::query("UPDATE pensions SET account_fen = 3100 WHERE id = 'p-zhang'").execute(app.db.pool()).await.unwrap();
    paid_month(&app, &county, &fund, "2025-06").await;
    let drawn = drawings(&app).await;
    assert_eq!(drawn.len(), 63, "{drawn:?}");
    assert!(drawn[..62].iter().all(|(fen, _)| *fen == -3100), "{drawn:?}");
    assert_eq!(drawn[62], (-2800, "2025-03-01".to_owned()));
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(account["balance"].as_str(), Some("0.00"), "{account}");
    assert_eq!(app.count("payroll_items WHERE status = 'paid'").await, 66, "every month paid in full all the same");
}

/// Issue 36 (4, 5): 我的 says where she stands and leads on (enrol, follow
/// the application, pay, claim); the pension page offers the claim only
/// when the claim would be taken, and not again while it is in review;
/// the resident opens her own 告知书 and chooses next year's tier.
async fn a_resident_sees_where_she_stands_and_the_way_on(app: TestApp) {
    let step = |v: &Value| v["step"].as_str().unwrap_or_default().to_owned();
    let li = actors::resident(&app, LI.0, LI.1, LI.2).await;
    let (status, standing) = li.get(&app, "/api/v1/me/standing").await;
    assert_eq!((status, step(&standing)), (200, "enrol".to_owned()), "{standing}");
    assert!(standing["said"].as_str().unwrap().contains("可以在网上参保登记"), "{standing}");
    let (_, account_page) = li.get_text(&app, "/me/account").await;
    assert!(account_page.contains(r#"data-standing="enrol""#) && account_page.contains(r#"href="/me/enrol""#), "no dead end");
    let (_, notice_page) = li.get_text(&app, "/me/notice").await;
    assert!(notice_page.contains("还不在名单上"), "says why there is no notice");

    let zhang = actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, filed) = file(&app, &zhang, form(&ALL, &[])).await;
    let id = filed["id"].as_str().unwrap().to_owned();
    let (_, standing) = zhang.get(&app, "/api/v1/me/standing").await;
    assert_eq!((step(&standing), standing["case_id"].as_str()), ("enrolment_in_review".to_owned(), Some(id.as_str())), "{standing}");
    let (_, me) = zhang.get_text(&app, "/me").await;
    assert!(me.contains(&format!(r#"href="/me/cases/{id}""#)), "我的 leads to the application");
    let township = actors::staff(&app, "w.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "w.county", "county_clerk", "150121").await;
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);

    // 60 since 8 March 2025, no year paid: a lump back payment first; the
    // pension page does not offer a claim that would be refused.
    let (_, standing) = zhang.get(&app, "/api/v1/me/standing").await;
    assert_eq!(step(&standing), "too_few_years", "{standing}");
    assert!(standing["said"].as_str().unwrap().contains("不足 15 年"), "{standing}");
    let (_, pension) = zhang.get_text(&app, "/me/pension").await;
    assert!(!pension.contains(r#"id="claim""#) && pension.contains(r#"href="/me/account#back_payment""#), "no claim form, the way on");

    let fund = actors::staff(&app, "w.fund", "league_fund_officer", "1501").await;
    zhang_with_years(&app, &fund, 2010, 15).await;
    let (_, standing) = zhang.get(&app, "/api/v1/me/standing").await;
    assert_eq!(step(&standing), "claim", "{standing}");
    assert_eq!(standing["said"], "您已年满 60 周岁，累计缴费 15 年，可以申领养老金。");
    let (_, pension) = zhang.get_text(&app, "/me/pension").await;
    assert!(pension.contains(r#"id="claim""#), "the claim form");
    // Her own notice, as the clerk prints it; the view is audited.
    let (status, notice) = zhang.get_text(&app, "/me/notice").await;
    assert_eq!(status, 200);
    assert!(notice.contains("待遇领取告知书") && notice.contains("258.33") && notice.contains("2025-04"), "her notice");
    let views: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'benefit.notice'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(views, 1);

    // Next year's tier, on the account page, nothing preselected.
    let (_, account_page) = zhang.get_text(&app, "/me/account").await;
    assert!(
        account_page.contains(r#"data-tier="2026">500.00"#),
        "the enrolment's tier stands: {}",
        &account_page[account_page.find("id=\"tier\"").unwrap_or(0)..][..600.min(account_page.len())]
    );
    assert!(account_page.contains(r#"<table class="data summary">"#), "a summary of the years first");
    let (status, said) = zhang.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "1000"})).await;
    assert_eq!(status, 200, "{said}");
    let (_, account_page) = zhang.get_text(&app, "/me/account").await;
    assert!(account_page.contains(r#"data-tier="2026">1000.00"#) && account_page.contains(r#"data-tier="2025">500.00"#));

    let (status, _) = claim(&app, &zhang, "").await;
    assert_eq!(status, 200);
    let (_, standing) = zhang.get(&app, "/api/v1/me/standing").await;
    assert_eq!(step(&standing), "claim_in_review", "{standing}");
    let (_, pension) = zhang.get_text(&app, "/me/pension").await;
    assert!(!pension.contains(r#"id="claim""#), "not offered again while in review");
}

/// Issue 36 §3 (待遇测算): at 60, with nothing more to pay, the estimate is
/// to the fen what the claim approved today determines; the tier must be
/// one in force, the years are at most those left.
async fn the_estimate_at_sixty_is_what_a_claim_approved_today_determines(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let fund = actors::staff(&app, "e.fund", "league_fund_officer", "1501").await;
    zhang_with_years(&app, &fund, 2010, 15).await;
    let (status, estimate) = zhang.get(&app, "/api/v1/me/estimate").await;
    assert_eq!(status, 200, "{estimate}");
    assert_eq!((estimate["basis"]["years_left"].as_u64(), estimate["basis"]["more"].as_u64()), (Some(0), Some(0)), "{estimate}");
    let monthly = estimate["projected"]["monthly"].as_str().expect("a figure").to_owned();
    assert_eq!(estimate["without_paying"]["monthly"].as_str(), Some(monthly.as_str()));
    assert!(estimate["refusal"].is_null(), "{estimate}");
    assert_eq!(zhang.get(&app, "/api/v1/me/estimate?years=9").await.1["basis"]["more"].as_u64(), Some(0), "at most the years left");
    for bad in ["/api/v1/me/estimate?tier=450", "/api/v1/me/estimate?years=abc", "/api/v1/me/estimate?tier=abc"] {
        let (status, body) = zhang.get(&app, bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    assert_eq!(Actor::anonymous().get(&app, "/api/v1/me/estimate").await.0, 401);
    let (_, html) = zhang.get_text(&app, "/me/pension").await;
    assert!(html.contains("待遇测算") && html.contains(&format!("data-estimate>{monthly}<")), "on the page, without JavaScript");
    // The claim, approved today.
    let (status, body) = claim(&app, &zhang, "6222 0215 0000 1234").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let township = actors::staff(&app, "e.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "e.county", "county_clerk", "150121").await;
    let county2 = actors::staff(&app, "e.county2", "county_clerk", "150121").await;
    for who in [&township, &county, &county2] {
        assert_eq!(decide(&app, who, &id, "approve", "").await.0, 200);
    }
    let (_, pension) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(pension["monthly"].as_str(), Some(monthly.as_str()), "{pension}");
}
