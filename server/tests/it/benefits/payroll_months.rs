//! No payroll month lost (issue "money", B1, B5, B6): a line is explained
//! by the change that makes it due in its month, whenever recorded; a
//! county that cannot pass the check holds back only itself and has a way
//! forward (an explanation approved by a second officer, or a void and a
//! new generation); the next month waits for this one; the bank files pay
//! every month due once. Both engines.

use crate::support::actors::{self, Actor};
use crate::support::pensions::{claim_at_window, fifteen_years, insured, receiving};
use crate::support::{self, TestApp, on_day};
use chrono::NaiveDate;
use domain::benefit::Month;
use serde_json::{Value, json};
use std::collections::BTreeMap;

on_both_engines!(
    a_claim_approved_before_last_months_payroll_is_paid_from_its_first_month,
    an_unexplained_difference_holds_back_one_county_and_has_a_way_forward,
    a_voided_month_is_generated_again_and_paid_once,
    a_month_is_never_skipped,
    twelve_months_of_a_county_pay_every_month_due_once,
);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn month(s: &str) -> i64 {
    Month::parse(s).unwrap().0
}

struct Staff {
    filer: Actor,
    township: Actor,
    county: Actor,
    county2: Actor,
    fund: Actor,
    fund2: Actor,
}

async fn staff(app: &TestApp) -> Staff {
    Staff {
        filer: actors::staff(app, "m.filer", "township_clerk", "150121100").await,
        township: actors::staff(app, "m.township", "township_clerk", "150121100").await,
        county: actors::staff(app, "m.county", "county_clerk", "150121").await,
        county2: actors::staff(app, "m.county2", "county_clerk", "150121").await,
        fund: actors::staff(app, "m.fund", "league_fund_officer", "1501").await,
        fund2: actors::staff(app, "m.fund2", "league_fund_officer", "1501").await,
    }
}

async fn claim_approved(app: &TestApp, s: &Staff, number: &str) {
    claim_at_window(app, &s.filer, [&s.township, &s.county, &s.county2], number).await;
}

async fn change(app: &TestApp, s: &Staff, number: &str, action: &str) {
    let body = json!({"document_kind": "居民身份证", "document_number": number, "action": action, "reason": "核实", "back_pay": true});
    let (status, answer) = s.county.post(app, "/api/v1/pensions/status", body).await;
    assert_eq!(status, 200, "{action} {number}: {answer}");
}

async fn generate(app: &TestApp, s: &Staff, m: &str) -> Value {
    let (status, b) = s.county.post(app, "/api/v1/payroll/generate", json!({"place": "150121", "month": m})).await;
    assert_eq!(status, 200, "generate {m}: {b}");
    b
}

async fn check(app: &TestApp, s: &Staff, m: &str) -> Value {
    let (status, b) = s.fund.post(app, "/api/v1/payroll/check", json!({"place": "1501", "month": m})).await;
    assert_eq!(status, 200, "check {m}: {b}");
    b[0].clone()
}

/// The league's bank file of `m`, paid in full by the bank's return: the
/// file's id.
async fn send_and_pay(app: &TestApp, s: &Staff, m: &str) -> String {
    let (status, file) = s.fund.post(app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": m})).await;
    assert_eq!(status, 200, "bank file {m}: {file}");
    let id = file["id"].as_str().unwrap().to_owned();
    let (_, csv) = s.fund.get_text(app, &format!("/api/v1/fund/exports/{id}")).await;
    let lines: Vec<String> = csv
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},成功,", f[0], f[4])
        })
        .collect();
    if !lines.is_empty() {
        let (status, report) = s
            .fund
            .post_csv(app, &format!("/api/v1/payroll/returns?file_name={id}.csv"), format!("流水号,金额,结果,失败原因\n{}\n", lines.join("\n")).into_bytes())
            .await;
        assert_eq!((status, report["rejected"].as_array().map(Vec::len)), (200, Some(0)), "{report}");
    }
    id
}

/// The months each pension has a line sent or paid for, and how many.
async fn lines_out(app: &TestApp) -> BTreeMap<(String, i64), i64> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT pension_id, month, COUNT(*) FROM payroll_items WHERE kind = 'monthly' AND status IN ('sent', 'paid') GROUP BY pension_id, month",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    rows.into_iter().map(|(p, m, n)| ((p, m), n)).collect()
}

async fn pension_of(app: &TestApp, number: &str) -> (String, i64) {
    sqlx::query_as("SELECT id, monthly_fen FROM pensions WHERE id_number = $1").bind(number).fetch_one(app.db.pool()).await.unwrap()
}

/// The case: she turns 60 on 5 November 2025 and her claim is
/// approved on 7 November, before the county generates November's payroll
/// (her first month is December). December's check explains her line by
/// her start, and December and January are paid; nothing is lost.
async fn a_claim_approved_before_last_months_payroll_is_paid_from_its_first_month(app: TestApp) {
    let s = staff(&app).await;
    let steady = insured(&app, 1, "常秀兰", "1950-02-01").await;
    receiving(&app, 1, &steady, "2015-03", "2025-10", 30_000).await;
    let her = insured(&app, 2, "吴桂英", "1965-11-05").await;
    fifteen_years(&app, &s.fund, &[(&her, "吴桂英")]).await;
    // October, the first month this system pays.
    let oct = on_day(&app, day("2025-10-20")).await;
    generate(&oct, &s, "2025-10").await;
    assert_eq!(check(&oct, &s, "2025-10").await["state"], "checked");
    send_and_pay(&oct, &s, "2025-10").await;
    // 7 November: approved; then November's payroll leaves her out.
    let nov7 = on_day(&app, day("2025-11-07")).await;
    claim_approved(&nov7, &s, &her).await;
    let (pension, monthly) = pension_of(&app, &her).await;
    let nov = on_day(&app, day("2025-11-20")).await;
    let b = generate(&nov, &s, "2025-11").await;
    assert_eq!(b["items"], 1, "November: only the pension already paid: {b}");
    assert_eq!(check(&nov, &s, "2025-11").await["state"], "checked");
    send_and_pay(&nov, &s, "2025-11").await;
    // December: her first month, explained by her start.
    let dec = on_day(&app, day("2025-12-20")).await;
    let b = generate(&dec, &s, "2025-12").await;
    assert_eq!(b["items"], 2, "{b}");
    let checked = check(&dec, &s, "2025-12").await;
    assert_eq!(checked["state"], "checked", "her start explains her line: {checked}");
    let starts = checked["check"]["explained"].as_array().unwrap().iter().find(|e| e[0] == "starts").cloned().unwrap();
    assert_eq!(starts, json!(["starts", 1, domain::Yuan::from_fen(monthly).to_string()]), "{checked}");
    send_and_pay(&dec, &s, "2025-12").await;
    let jan = on_day(&app, day("2026-01-20")).await;
    generate(&jan, &s, "2026-01").await;
    assert_eq!(check(&jan, &s, "2026-01").await["state"], "checked");
    send_and_pay(&jan, &s, "2026-01").await;
    let out = lines_out(&app).await;
    for m in ["2025-12", "2026-01"] {
        assert_eq!(out.get(&(pension.clone(), month(m))), Some(&1), "{m} paid to her once: {out:?}");
        assert_eq!(out.get(&("p-1".to_owned(), month(m))), Some(&1), "{m} paid to the steady pensioner once");
    }
    assert_eq!(out.get(&(pension, month("2025-11"))), None, "November was not hers");
}

/// Two counties of one league: one passes, one has an amount nothing
/// explains. The passing county is sent; the blocked one shows the person
/// and waits; an officer explains, the same officer cannot approve,
/// another does; the check passes and a supplementary file of the same
/// month sends it.
async fn an_unexplained_difference_holds_back_one_county_and_has_a_way_forward(app: TestApp) {
    let s = staff(&app).await;
    let other_county = actors::staff(&app, "m.county150102", "county_clerk", "150102").await;
    let a = insured(&app, 1, "常秀兰", "1950-02-01").await;
    receiving(&app, 1, &a, "2015-03", "2025-09", 30_000).await;
    // A pensioner of 新城区 (150102).
    let b = insured(&app, 2, "吴桂英", "1951-03-01").await;
    receiving(&app, 2, &b, "2016-04", "2025-09", 25_000).await;
    sqlx::query("UPDATE pensions SET county_code = '150102' WHERE id = 'p-2'").execute(app.db.pool()).await.unwrap();
    sqlx::query("UPDATE insured_persons SET village_code = '150102001001' WHERE id_number = $1").bind(&b).execute(app.db.pool()).await.unwrap();
    let sep = on_day(&app, day("2025-09-20")).await;
    for (who, place) in [(&s.county, "150121"), (&other_county, "150102")] {
        assert_eq!(who.post(&sep, "/api/v1/payroll/generate", json!({"place": place, "month": "2025-09"})).await.0, 200);
    }
    check(&sep, &s, "2025-09").await;
    send_and_pay(&sep, &s, "2025-09").await;
    // October: 150121's amount changed with no recorded reason.
    sqlx::query("UPDATE pensions SET monthly_fen = monthly_fen + 1234 WHERE id = 'p-1'").execute(app.db.pool()).await.unwrap();
    let oct = on_day(&app, day("2025-10-20")).await;
    for (who, place) in [(&s.county, "150121"), (&other_county, "150102")] {
        assert_eq!(who.post(&oct, "/api/v1/payroll/generate", json!({"place": place, "month": "2025-10"})).await.0, 200);
    }
    let (_, checked) = s.fund.post(&oct, "/api/v1/payroll/check", json!({"place": "1501", "month": "2025-10"})).await;
    let blocked = checked.as_array().unwrap().iter().find(|b| b["county"] == "150121").unwrap().clone();
    assert_eq!(blocked["state"], "generated", "{checked}");
    let line = &blocked["check"]["unexplained"][0];
    assert_eq!(
        (line["pension"].as_str(), line["name"].as_str(), line["this"].as_str(), line["previous"].as_str()),
        (Some("p-1"), Some("常秀兰"), Some("312.34"), Some("300.00")),
        "the person and both amounts: {blocked}"
    );
    assert!(line["document_masked"].as_str().unwrap().contains('*'), "the ID is masked: {line}");
    // The league's file goes with 150102 alone, naming the county held back.
    let (status, file) = s.fund.post(&oct, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-10"})).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!((file["id"].as_str(), file["held_back"].clone()), (Some("1501-2025-10-1"), json!(["150121-2025-10-1"])), "{file}");
    let (_, csv) = s.fund.get_text(&oct, "/api/v1/fund/exports/1501-2025-10-1").await;
    assert_eq!(csv.lines().count(), 3, "one line, 150102's: {csv}");
    // The way forward: an explanation, and a second officer's approval.
    let batch = blocked["id"].as_str().unwrap();
    let explain = |reason: &str| json!({"batch": batch, "pension": "p-1", "reason": reason});
    assert_eq!(s.fund.post(&oct, "/api/v1/payroll/explanations", explain("")).await.0, 400, "a reason is needed");
    assert_eq!(
        s.fund.post(&oct, "/api/v1/payroll/explanations", json!({"batch": batch, "pension": "p-9", "reason": "任意说明文字"})).await.0,
        404,
        "only a listed difference"
    );
    assert_eq!(s.county.post(&oct, "/api/v1/payroll/explanations", explain("经核实为待遇核查结果")).await.0, 403, "a county clerk does not explain");
    let other_league = actors::staff(&app, "m.fund1502", "league_fund_officer", "1502").await;
    assert_eq!(other_league.post(&oct, "/api/v1/payroll/explanations", explain("经核实为待遇核查结果")).await.0, 403, "another league's officer");
    let (status, body) = s.fund.post(&oct, "/api/v1/payroll/explanations", explain("经核实为待遇核查结果，补录调整记录")).await;
    assert_eq!(status, 200, "{body}");
    let (_, still) = s.fund.get(&oct, "/api/v1/payroll/batches?month=2025-10").await;
    let still = still.as_array().unwrap().iter().find(|b| b["county"] == "150121").unwrap().clone();
    assert_eq!(still["state"], "generated", "an explanation alone does not release it");
    let (status, body) = s.fund.post(&oct, "/api/v1/payroll/explanations/approve", explain("")).await;
    assert_eq!(status, 403, "the one who wrote it may not approve it: {body}");
    let (status, approved) = s.fund2.post(&oct, "/api/v1/payroll/explanations/approve", explain("")).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["state"], "checked", "{approved}");
    let by_officers = approved["check"]["explained"].as_array().unwrap().iter().find(|e| e[0] == "explained_by_officers").cloned();
    assert_eq!(by_officers, Some(json!(["explained_by_officers", 0, "12.34"])), "{approved}");
    assert_eq!(s.fund2.post(&oct, "/api/v1/payroll/explanations/approve", explain("")).await.0, 409, "approved once");
    // The supplementary file of the same month.
    let (status, file2) = s.fund.post(&oct, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-10"})).await;
    assert_eq!(status, 200, "{file2}");
    assert_eq!((file2["id"].as_str(), file2["held_back"].clone()), (Some("1501-2025-10-1-2"), json!([])), "{file2}");
    let (_, csv2) = s.fund.get_text(&oct, "/api/v1/fund/exports/1501-2025-10-1-2").await;
    assert!(csv2.lines().nth(2).unwrap().contains("312.34"), "{csv2}");
    let (_, again) = s.fund.post(&oct, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-10"})).await;
    assert_eq!(again["id"], "1501-2025-10-1-2", "asked again: the latest file, nothing sent twice");
    assert_eq!(app.count("bank_files").await, 3);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('payroll.explain', 'payroll.explanation_approved')")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

/// The other way forward: the county corrects the data, voids the unsent
/// batch (kept, with who and why) and generates the month again; the lines
/// of the void batch left the once-only rule, the pension's next month
/// went back, and the month is paid once.
async fn a_voided_month_is_generated_again_and_paid_once(app: TestApp) {
    let s = staff(&app).await;
    let a = insured(&app, 1, "常秀兰", "1950-02-01").await;
    receiving(&app, 1, &a, "2015-03", "2025-09", 30_000).await;
    let sep = on_day(&app, day("2025-09-20")).await;
    generate(&sep, &s, "2025-09").await;
    check(&sep, &s, "2025-09").await;
    send_and_pay(&sep, &s, "2025-09").await;
    sqlx::query("UPDATE pensions SET monthly_fen = 99999 WHERE id = 'p-1'").execute(app.db.pool()).await.unwrap();
    let oct = on_day(&app, day("2025-10-20")).await;
    generate(&oct, &s, "2025-10").await;
    assert_eq!(check(&oct, &s, "2025-10").await["state"], "generated");
    // Not the fund officer's, not without a reason, not another county's.
    let void = |reason: &str| json!({"place": "150121", "month": "2025-10", "reason": reason});
    assert_eq!(s.fund.post(&oct, "/api/v1/payroll/void", void("金额录入错误，已更正")).await.0, 403);
    assert_eq!(s.county.post(&oct, "/api/v1/payroll/void", void("")).await.0, 400);
    let other = actors::staff(&app, "m.county150102", "county_clerk", "150102").await;
    assert_eq!(other.post(&oct, "/api/v1/payroll/void", void("金额录入错误，已更正")).await.0, 403);
    // The data is corrected; the batch voided and the month generated again.
    sqlx::query("UPDATE pensions SET monthly_fen = 30000 WHERE id = 'p-1'").execute(app.db.pool()).await.unwrap();
    let (status, voided) = s.county.post(&oct, "/api/v1/payroll/void", void("金额录入错误，已更正")).await;
    assert_eq!(status, 200, "{voided}");
    assert_eq!((voided["state"].as_str(), voided["void_reason"].as_str()), (Some("void"), Some("金额录入错误，已更正")));
    let next: i64 = sqlx::query_scalar("SELECT next_month FROM pensions WHERE id = 'p-1'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(next, month("2025-10"), "the pension's next month went back");
    let again = generate(&oct, &s, "2025-10").await;
    assert_eq!((again["id"].as_str(), again["total"].as_str()), (Some("150121-2025-10-1-2"), Some("300.00")), "{again}");
    assert_eq!(check(&oct, &s, "2025-10").await["state"], "checked");
    send_and_pay(&oct, &s, "2025-10").await;
    assert_eq!(lines_out(&app).await.get(&("p-1".to_owned(), month("2025-10"))), Some(&1), "October paid once");
    let kept: Vec<(String, String)> =
        sqlx::query_as("SELECT b.state, i.status FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id WHERE b.id = '150121-2025-10-1'")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(kept, vec![("void".to_owned(), "void".to_owned())], "nothing deleted");
    let (status, body) = s.county.post(&oct, "/api/v1/payroll/void", void("再次作废试试看")).await;
    assert_eq!(status, 409, "a sent month is not voided: {body}");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'payroll.void' AND subject = '150121-2025-10-1'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

/// November cannot be generated while October is unsent, nor December
/// before November: January's check can never compare with a month that
/// was not paid.
async fn a_month_is_never_skipped(app: TestApp) {
    let s = staff(&app).await;
    let a = insured(&app, 1, "常秀兰", "1950-02-01").await;
    receiving(&app, 1, &a, "2015-03", "2025-10", 30_000).await;
    let nov = on_day(&app, day("2025-11-20")).await;
    generate(&nov, &s, "2025-10").await;
    let (status, body) = s.county.post(&nov, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-11"})).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["message"].as_str().unwrap().contains("2025-10"), "{body}");
    check(&nov, &s, "2025-10").await;
    send_and_pay(&nov, &s, "2025-10").await;
    let dec = on_day(&app, day("2025-12-20")).await;
    let (status, body) = s.county.post(&dec, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-12"})).await;
    assert_eq!(status, 400, "November first: {body}");
    assert!(body["message"].as_str().unwrap().contains("2025-11"), "{body}");
    generate(&dec, &s, "2025-11").await;
    let (status, _) = s.county.post(&dec, "/api/v1/payroll/generate", json!({"place": "150121", "month": "2025-10"})).await;
    assert_eq!(status, 200, "an earlier month asked again: the batch as it is");
    assert_eq!(app.count("payroll_batches").await, 2);
}

/// A county through twelve months (July 2025 to June 2026) in which a claim,
/// a resumption and a stop are each recorded (a) before that month's
/// generation, (b) between generation and check, (c) between check and the
/// bank file, (d) after it. Every check passes with no explanation by
/// hand; every pensioner has exactly one line sent per month due (worked
/// out here from the schedule alone), and the bank files sum to the
/// amounts due.
async fn twelve_months_of_a_county_pay_every_month_due_once(app: TestApp) {
    let s = staff(&app).await;
    let months: Vec<String> = (0..12).map(|i| Month(month("2025-07") + i).to_string()).collect();
    let (gen_day, check_day, bank_day) = (20, 22, 24);
    // When in a month's cycle a change is recorded.
    let timing = |t: char| match t {
        'a' => 10,
        'b' => 21,
        'c' => 23,
        _ => 26,
    };
    // Steady pensioners and those who will resume or stop.
    let mut people: Vec<(u32, String)> = Vec::new();
    for n in 1..=10 {
        let number = insured(&app, n, &format!("领取人{n}"), &format!("195{}-0{}-01", n % 10, 1 + n % 9)).await;
        receiving(&app, n, &number, "2015-03", "2025-07", 20_000 + i64::from(n) * 1_000).await;
        people.push((n, number));
    }
    // Resumptions: 3–6, suspended in August before its payroll, each back
    // with back pay in the month and at the timing given.
    let resumes = [(3, "2025-10", 'a'), (4, "2025-11", 'b'), (5, "2025-12", 'c'), (6, "2026-01", 'd')];
    // Stops: 7–10.
    let stops = [(7, "2026-02", 'a'), (8, "2026-03", 'b'), (9, "2026-04", 'c'), (10, "2026-05", 'd')];
    // Claims: each turns 60 on the 5th of the month of her approval (her
    // first month is the next); the fifth turned 60 in March 2025 and
    // claims late.
    let claims = [
        ("1965-08-05", "2025-08", 'a'),
        ("1965-09-05", "2025-09", 'b'),
        ("1965-10-05", "2025-10", 'c'),
        ("1965-11-05", "2025-11", 'd'),
        ("1965-03-05", "2025-12", 'b'),
    ];
    let mut claimants = Vec::new();
    for (i, (birth, _, _)) in claims.iter().enumerate() {
        let n = 20 + i as u32;
        claimants.push(insured(&app, n, &format!("申领人{n}"), birth).await);
    }
    let named: Vec<(String, String)> = claimants.iter().enumerate().map(|(i, c)| (c.clone(), format!("申领人{}", 20 + i))).collect();
    fifteen_years(&app, &s.fund, &named.iter().map(|(c, n)| (c.as_str(), n.as_str())).collect::<Vec<_>>()).await;

    let number_of = |n: u32| people.iter().find(|p| p.0 == n).unwrap().1.clone();
    let at = |m: &str, d: u32| day(&format!("{m}-{d:02}"));
    for m in &months {
        // Every change of this month, in the order of its day.
        let mut steps: Vec<(u32, String)> = vec![(gen_day, "generate".into()), (check_day, "check".into()), (bank_day, "bank".into())];
        if m == "2025-08" {
            steps.extend((3..=6).map(|n| (5, format!("suspend {n}"))));
        }
        steps.extend(resumes.iter().filter(|r| r.1 == m).map(|r| (timing(r.2), format!("resume {}", r.0))));
        steps.extend(stops.iter().filter(|r| r.1 == m).map(|r| (timing(r.2), format!("stop {}", r.0))));
        steps.extend(claims.iter().enumerate().filter(|(_, c)| c.1 == m).map(|(i, c)| (timing(c.2), format!("claim {i}"))));
        steps.sort();
        for (d, step) in steps {
            let on = on_day(&app, at(m, d)).await;
            let (what, who) = step.split_once(' ').unwrap_or((step.as_str(), ""));
            match what {
                "generate" => {
                    generate(&on, &s, m).await;
                }
                "check" => {
                    let b = check(&on, &s, m).await;
                    assert_eq!(b["state"], "checked", "{m}: every difference explained by its own change: {b}");
                }
                "bank" => {
                    send_and_pay(&on, &s, m).await;
                }
                "suspend" | "resume" | "stop" => change(&on, &s, &number_of(who.parse().unwrap()), what).await,
                _ => claim_approved(&on, &s, &claimants[who.parse::<usize>().unwrap()]).await,
            }
        }
    }

    // The months due, from the schedule alone: a stop recorded before the
    // month's payroll ends payment before that month, after it from the
    // next; a resumption with back pay pays every month; a claim pays from
    // the month after the 60th birthday.
    let last = month("2026-06");
    let mut due: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (n, _) in &people {
        let end = stops.iter().find(|s| s.0 == *n).map_or(last, |(_, m, t)| if *t == 'a' { month(m) - 1 } else { month(m) });
        due.insert(format!("p-{n}"), (month("2025-07"), end));
    }
    for (i, (birth, _, _)) in claims.iter().enumerate() {
        let first = Month::of(domain::benefit::reaches_age(day(birth), 60)).next().0;
        let (pension, _) = pension_of(&app, &claimants[i]).await;
        due.insert(pension, (first, last));
    }
    let out = lines_out(&app).await;
    let mut owed = 0i64;
    for (pension, (from, to)) in &due {
        let monthly: i64 = sqlx::query_scalar("SELECT monthly_fen FROM pensions WHERE id = $1").bind(pension).fetch_one(app.db.pool()).await.unwrap();
        for m in month("2025-03")..=last {
            let expected = i64::from(m >= *from && m <= *to);
            assert_eq!(out.get(&(pension.clone(), m)).copied().unwrap_or(0), expected, "{pension} {}: sent lines", Month(m));
        }
        owed += monthly * (to - from + 1);
    }
    assert_eq!(out.values().filter(|n| **n > 1).count(), 0, "no month paid twice");
    let sent: i64 = sqlx::query_scalar("SELECT CAST(SUM(total_fen) AS BIGINT) FROM bank_files").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(sent, owed, "the bank files sum to the amounts due");
    let explained_by_hand: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_explanations").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(explained_by_hand, 0);
    let _ = support::test_today();
}
