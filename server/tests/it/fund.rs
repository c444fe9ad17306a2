//! The league's fund books (issue 8; F1, F2) over HTTP on both engines:
//! vouchers from the business events, each account's allowed movements,
//! bank statements and reconciliation, the month-end income account,
//! budget and final-account drafts. Today is 2 June 2025
//! (support::test_today).

use crate::support::TestApp;
use crate::support::actors::{self, Actor};
use crate::support::pensions::{bank_lines, month, zhang_receiving_since_2020};
use serde_json::{Value, json};

on_both_engines!(
    the_books_follow_the_business_once_and_always_balance,
    each_account_moves_only_as_its_rule_allows,
    reconciliation_lists_every_difference_and_the_income_account_empties_by_month_end,
);

async fn vouchers(app: &TestApp) -> i64 {
    app.count("fund_vouchers").await
}

/// Every voucher's debits equal its credits, and so do the ledger's.
async fn assert_balanced(app: &TestApp) {
    let unbalanced: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT voucher_id, CAST(SUM(debit_fen) AS BIGINT), CAST(SUM(credit_fen) AS BIGINT) FROM fund_entries GROUP BY voucher_id \
         HAVING SUM(debit_fen) <> SUM(credit_fen)",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert!(unbalanced.is_empty(), "{unbalanced:?}");
    let (d, c): (i64, i64) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(debit_fen), 0) AS BIGINT), CAST(COALESCE(SUM(credit_fen), 0) AS BIGINT) FROM fund_entries")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(d, c);
}

fn balance(rows: &Value, account: &str) -> String {
    rows.as_array().unwrap().iter().find(|r| r["account"] == account).unwrap_or_else(|| panic!("{account}: {rows}"))["balance"].as_str().unwrap().to_owned()
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Payroll funding is booked on the day the bank file was made, by the
/// clock (tests run with an earlier business day): balances after it.
const LATER: &str = "2099-12-31";

async fn the_books_follow_the_business_once_and_always_balance(app: TestApp) {
    // Zhang paid 15 years of 100 + 30 subsidy (2010–2024, each on 15
    // March); her pension of 211.03 runs from January 2020 and the May 2025
    // payroll pays what is due; the bank fails one line.
    let (_zhang, county, fund) = zhang_receiving_since_2020(&app).await;
    month(&app, &county, &fund, "2025-05").await;
    let items: Vec<(String, String)> = bank_lines(&app, &fund, "2025-05").await.into_iter().map(|f| (f[0].clone(), f[4].clone())).collect();
    assert!(items.len() > 1, "{items:?}");
    let returns =
        items.iter().enumerate().map(|(i, (id, amount))| if i == 0 { format!("{id},{amount},失败,账户已销户") } else { format!("{id},{amount},成功,") });
    let (status, report) = fund
        .post_csv(
            &app,
            "/api/v1/payroll/returns?file_name=r.csv",
            format!("流水号,金额,结果,失败原因\n{}\n", returns.collect::<Vec<_>>().join("\n")).into_bytes(),
        )
        .await;
    assert_eq!((status, report["rejected"].as_array().map(Vec::len)), (200, Some(0)), "{report}");
    let (funded, failed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT CAST(SUM(funded_fen) AS BIGINT) FROM bank_files), (SELECT CAST(SUM(amount_fen) AS BIGINT) FROM payroll_items WHERE status = 'failed')",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();

    // Only the league's fund officer posts, in their league.
    let auditor = actors::staff(&app, "f.audit", "auditor", "1501").await;
    let other = actors::staff(&app, "f.other", "league_fund_officer", "1502").await;
    for (who, league, expected) in [(&county, "1501", 403), (&auditor, "1501", 403), (&other, "1501", 403), (&fund, "150121", 400)] {
        let (status, body) = who.post(&app, "/api/v1/fund/post", json!({"league": league})).await;
        assert_eq!(status, expected, "{body}");
    }
    assert_eq!(vouchers(&app).await, 0);

    // One voucher per deposit day, the bank file's funding, its results:
    // two runs at once (the nightly job and an officer) book each once.
    let outputs = std::thread::scope(|s| {
        let runs = [s.spawn(|| app.run_cli(&["fund-post"])), s.spawn(|| app.run_cli(&["fund-post"]))];
        runs.map(|r| r.join().unwrap())
    });
    let booked: i64 = outputs
        .into_iter()
        .map(|out| {
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8_lossy(&out.stdout).to_string();
            text.trim().trim_start_matches("已生成记账凭证 ").trim_end_matches(" 张").parse::<i64>().unwrap_or_else(|_| panic!("{text}"))
        })
        .sum();
    assert_eq!(booked, 15 + 1 + 1);
    assert_balanced(&app).await;
    let (status, again) = fund.post(&app, "/api/v1/fund/post", json!({"league": "1501"})).await;
    assert_eq!((status, again["booked"].as_i64()), (200, Some(0)), "a further run books nothing");
    assert_eq!(vouchers(&app).await, 17);

    let (status, rows) = auditor.get(&app, &format!("/api/v1/fund/balances?league=1501&on={LATER}")).await;
    assert_eq!(status, 200, "{rows}");
    assert_eq!(balance(&rows, "special"), "1950.00", "15 × 130.00 deposited by the tax bureau");
    assert_eq!(balance(&rows, "contributions"), "1500.00");
    assert_eq!(balance(&rows, "subsidies"), "450.00");
    assert_eq!(balance(&rows, "clearing"), "0.00", "the bank accounted for every yuan it was given");
    assert_eq!(balance(&rows, "benefits"), yuan(funded - failed));
    assert_eq!(balance(&rows, "expenditure"), format!("-{}", yuan(funded - failed)), "funded, less the failed line back");
    let (status, _) = county.get(&app, &format!("/api/v1/fund/balances?league=1501&on={LATER}")).await;
    assert_eq!(status, 403);

    // The failed line paid again in a second run: funded again, paid.
    let (status, b) = county.post(&app, "/api/v1/payroll/reissue", json!({"place": "150121", "month": "2025-05"})).await;
    assert_eq!(status, 200, "{b}");
    let (status, checked) = fund.post(&app, "/api/v1/payroll/check", json!({"place": "1501", "month": "2025-05"})).await;
    assert_eq!(status, 200, "{checked}");
    let (status, file2) = fund.post(&app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": "2025-05", "run": 2})).await;
    assert_eq!(status, 200, "{file2}");
    let (_, csv2) = fund.get_text(&app, &format!("/api/v1/fund/exports/{}", file2["id"].as_str().unwrap())).await;
    let line = csv2.lines().nth(2).unwrap().split(',').collect::<Vec<_>>();
    let (status, report) = fund
        .post_csv(&app, "/api/v1/payroll/returns?file_name=r2.csv", format!("流水号,金额,结果,失败原因\n{},{},成功,\n", line[0], line[4]).into_bytes())
        .await;
    assert_eq!((status, report["updated"].as_i64()), (200, Some(1)), "{report}");
    let (_, posted) = fund.post(&app, "/api/v1/fund/post", json!({"league": "1501"})).await;
    assert_eq!(posted["booked"].as_i64(), Some(2), "the second file's funding and result: {posted}");
    assert_balanced(&app).await;
    let (_, rows) = fund.get(&app, &format!("/api/v1/fund/balances?league=1501&on={LATER}")).await;
    assert_eq!(balance(&rows, "benefits"), yuan(funded), "everything due is paid, once");
    assert_eq!(balance(&rows, "clearing"), "0.00");

    // The vouchers of the deposit day of 2024 carry their lines.
    let (status, list) = auditor.get(&app, "/api/v1/fund/vouchers?league=1501&from=2024-03-15&to=2024-03-15").await;
    assert_eq!(status, 200, "{list}");
    let v = &list[0];
    assert_eq!((list.as_array().unwrap().len(), v["kind"].as_str(), v["total"].as_str()), (1, Some("contribution"), Some("130.00")), "{list}");
    let lines: Vec<(&str, &str, &str)> =
        v["lines"].as_array().unwrap().iter().map(|l| (l["account"].as_str().unwrap(), l["debit"].as_str().unwrap(), l["credit"].as_str().unwrap())).collect();
    assert_eq!(lines, [("special", "130.00", "0.00"), ("contributions", "0.00", "100.00"), ("subsidies", "0.00", "30.00")]);

    // Drafts: 2024's final account from the books, 2025's budget from the
    // pension in payment.
    let (status, drafts) = auditor.get(&app, "/api/v1/fund/drafts?league=1501&year=2024").await;
    assert_eq!(status, 200, "{drafts}");
    let find = |section: &str, item: &str| -> String {
        drafts
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["section"].as_str().unwrap().contains(section) && r["item"] == item)
            .unwrap_or_else(|| panic!("{section} {item}: {drafts}"))["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(find("2024 年决算", "财政专户年初余额"), "1820.00");
    assert_eq!(find("2024 年决算", "个人缴费收入"), "100.00");
    assert_eq!(find("2024 年决算", "收入合计"), "130.00");
    assert_eq!(find("2024 年决算", "支出合计"), "0.00");
    assert_eq!(find("2024 年决算", "财政专户年末余额"), "1950.00");
    assert_eq!(find("2025 年预算", "基本养老金支出"), "2532.36", "211.03 × 12");
    let (status, _) = auditor.get(&app, "/api/v1/fund/drafts?league=1501&year=2026").await;
    assert_eq!(status, 400, "a year not closed");
    let (status, _) = other.get(&app, "/api/v1/fund/drafts?league=1501&year=2024").await;
    assert_eq!(status, 403);
}

fn movement(from: &str, to: &str, amount: &str, date: &str, reference: &str) -> Value {
    json!({"league": "1501", "from": from, "to": to, "amount": amount, "date": date, "reference": reference})
}

/// A movement entered by `first` and then by `second` (two people,
/// issue 33): the first entry waits (202), the second books it; the
/// second's answer, with the voucher in place of the answer when booked.
async fn moved(app: &TestApp, first: &Actor, second: &Actor, body: Value) -> (u16, Value) {
    let (status, answer) = first.post(app, "/api/v1/fund/movements", body.clone()).await;
    assert_eq!((status, answer["status"].as_str()), (202, Some("pending")), "{answer}");
    let (status, answer) = second.post(app, "/api/v1/fund/movements", body).await;
    if status == 200 { (status, answer["voucher"].clone()) } else { (status, answer) }
}

async fn each_account_moves_only_as_its_rule_allows(app: TestApp) {
    let fund = actors::staff(&app, "m.fund", "league_fund_officer", "1501").await;
    let fund2 = actors::staff(&app, "m.fund2", "league_fund_officer", "1501").await;
    let auditor = actors::staff(&app, "m.audit", "auditor", "1501").await;
    let other = actors::staff(&app, "m.other", "league_fund_officer", "1502").await;

    // The procedure's movements: interest into the income account, the
    // income account into the special account, the special account into
    // the expenditure account.
    // Two people: one officer's entry books nothing, the same officer again
    // neither; another officer's other figures are refused with both named.
    let (status, a) = fund.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "1000.00", "2025-05-20", "A-1")).await;
    assert_eq!((status, a["status"].as_str()), (202, Some("pending")), "{a}");
    assert_eq!(fund.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "1000.00", "2025-05-20", "A-1")).await.0, 202);
    let (status, e) = fund2.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "100.00", "2025-05-20", "A-1")).await;
    assert_eq!(status, 409, "{e}");
    assert!(e["message"].as_str().unwrap().contains("1000.00"), "names the other entry: {e}");
    assert_eq!(vouchers(&app).await, 0, "nothing booked by one person");
    let (status, v) = fund2.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "1000.00", "2025-05-20", "A-1")).await;
    assert_eq!((status, v["voucher"]["total"].as_str()), (200, Some("1000.00")), "{v}");
    for (from, to, amount, reference) in [("利息收入", "收入户", "12.34", "I-1"), ("income", "special", "12.34", "S-1")] {
        let (status, v) = moved(&app, &fund, &fund2, movement(from, to, amount, "2025-05-20", reference)).await;
        assert_eq!(status, 200, "{from} → {to}: {v}");
        assert_eq!(v["total"], amount);
    }
    assert_eq!(vouchers(&app).await, 3);
    assert_balanced(&app).await;

    // The same receipt again is the same voucher; with other figures, a
    // conflict; nothing more is booked.
    let (status, v) = fund.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "1000.00", "2025-05-20", "A-1")).await;
    assert_eq!(status, 200, "{v}");
    let v = v["voucher"].clone();
    let (status, e) = fund.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "1000.01", "2025-05-20", "A-1")).await;
    assert_eq!(status, 409, "{e}");
    assert!(e["message"].as_str().unwrap().contains(v["id"].as_str().unwrap()), "names the voucher: {e}");

    // What the rules forbid, and bad input: refused with the reason.
    for (body, words) in [
        (movement("收入户", "支出户", "5.00", "2025-05-20", "X-1"), "除向财政专户划转外不得发生其他支付业务"),
        (movement("special", "income", "5.00", "2025-05-20", "X-2"), "只向支出户拨付"),
        (movement("expenditure", "special", "5.00", "2025-05-20", "X-3"), "支出户"),
        (movement("个人缴费收入", "财政专户", "5.00", "2025-05-20", "X-4"), "自动记账"),
        (movement("special", "基本户", "5.00", "2025-05-20", "X-5"), "不存在"),
        (movement("special", "expenditure", "-5.00", "2025-05-20", "X-6"), "大于零"),
        (movement("special", "expenditure", "5.001", "2025-05-20", "X-7"), "金额"),
        (movement("special", "expenditure", "5.00", "2025-06-03", "X-8"), "晚于今天"),
        (movement("special", "expenditure", "5.00", "2025-05-20", " "), "回单号"),
    ] {
        let (status, e) = fund.post(&app, "/api/v1/fund/movements", body.clone()).await;
        assert_eq!(status, 400, "{body}: {e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{body}: {e}");
    }
    for (who, expected) in [(&auditor, 403), (&other, 403)] {
        let (status, e) = who.post(&app, "/api/v1/fund/movements", movement("special", "expenditure", "5.00", "2025-05-20", "Y-1")).await;
        assert_eq!(status, expected, "{e}");
    }
    assert_eq!(vouchers(&app).await, 3, "nothing refused was booked");

    let (_, rows) = auditor.get(&app, "/api/v1/fund/balances?league=1501&on=2025-05-20").await;
    assert_eq!(
        (balance(&rows, "income"), balance(&rows, "special"), balance(&rows, "expenditure"), balance(&rows, "interest")),
        ("0.00".into(), "-987.66".into(), "1000.00".into(), "12.34".into())
    );
    let (_, rows) = auditor.get(&app, "/api/v1/fund/balances?league=1501&on=2025-05-19").await;
    assert_eq!(balance(&rows, "expenditure"), "0.00", "balances at the end of a day before");
}

const STATEMENT: &str = "账户,交易日期,流水号,收入,支出,摘要";

async fn import(app: &TestApp, fund: &Actor, name: &str, lines: &[String]) -> (u16, Value) {
    fund.post_csv(app, &format!("/api/v1/fund/bank-statements?league=1501&file_name={name}"), format!("{STATEMENT}\n{}\n", lines.join("\n")).into_bytes()).await
}

fn findings(r: &Value) -> Vec<String> {
    r["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned()).collect()
}

async fn reconciliation_lists_every_difference_and_the_income_account_empties_by_month_end(app: TestApp) {
    let fund = actors::staff(&app, "r.fund", "league_fund_officer", "1501").await;
    let fund2 = actors::staff(&app, "r.fund2", "league_fund_officer", "1501").await;
    let auditor = actors::staff(&app, "r.audit", "auditor", "1501").await;
    // The books of May: 1,000.00 to the expenditure account on the 10th and
    // 200.00 on the 12th, 12.34 of interest into the income account on the 20th.
    let (status, v) = moved(&app, &fund, &fund2, movement("利息收入", "财政专户", "3000.00", "2025-04-30", "OPEN")).await;
    assert_eq!(status, 200, "{v}");
    let mut ids = Vec::new();
    for (from, to, amount, date, reference) in [
        ("special", "expenditure", "1000.00", "2025-05-10", "A-1"),
        ("special", "expenditure", "200.00", "2025-05-12", "A-2"),
        ("interest", "income", "12.34", "2025-05-20", "I-1"),
    ] {
        let (status, v) = moved(&app, &fund, &fund2, movement(from, to, amount, date, reference)).await;
        assert_eq!(status, 200, "{v}");
        ids.push(v["id"].as_str().unwrap().to_owned());
    }
    let a2 = &ids[1];

    // Bad statements are refused line by line, nothing of them kept.
    let (status, report) = import(
        &app,
        &fund,
        "bad.csv",
        &[
            "基本户,2025-05-10,Z1,5.00,,".into(),
            "支出户,2025-05-10,Z2,5.00,5.00,".into(),
            "支出户,2025/05/10,Z3,5.00,,".into(),
            "支出户,2025-07-10,Z4,5.00,,".into(),
            "支出户,2025-05-10,,5.00,,".into(),
            "支出户,2025-05-10,B2,1000.00,,财政专户拨入".into(),
            "支出户,2025-05-11,B2,6.00,,".into(),
        ],
    )
    .await;
    assert_eq!(status, 200, "{report}");
    let reasons: Vec<i64> = report["rejected"].as_array().unwrap().iter().map(|r| r[0].as_i64().unwrap()).collect();
    assert_eq!((report["added"].as_i64(), reasons), (Some(1), vec![2, 3, 4, 5, 6, 8]), "{report}");
    let (status, e) = fund.post_csv(&app, "/api/v1/fund/bank-statements?league=1501&file_name=h.csv", "日期,金额\n2025-05-10,5\n".as_bytes().to_vec()).await;
    assert_eq!(status, 400, "{e}");
    let (status, _) = auditor.post_csv(&app, "/api/v1/fund/bank-statements?league=1501&file_name=a.csv", format!("{STATEMENT}\n").into_bytes()).await;
    assert_eq!(status, 403, "auditors read, they do not import");

    // The bank's statement: everything but the 200.00 of the 12th, and a
    // 50.00 fee the books do not have.
    let may = vec![
        "财政专户,2025-04-30,B0,3000.00,,期初".to_owned(),
        "财政专户,2025-05-10,B1,,1000.00,拨付支出户".into(),
        "支出户,2025-05-10,B2,1000.00,,财政专户拨入".into(),
        "收入户,2025-05-20,B3,12.34,,利息".into(),
        "支出户,2025-05-25,B4,,50.00,手续费".into(),
    ];
    let (status, report) = import(&app, &fund, "may.csv", &may).await;
    assert_eq!((status, report["added"].as_i64(), report["unchanged"].as_i64()), (200, Some(4), Some(1)), "B2 came with the refused file: {report}");
    let (_, again) = import(&app, &fund, "may.csv", &may).await;
    assert_eq!(again["already_imported"], true);

    let (status, r) = auditor.get(&app, "/api/v1/fund/reconciliation?league=1501&from=2025-05-01&to=2025-05-31").await;
    assert_eq!(status, 200, "{r}");
    let mut found = findings(&r);
    found.sort();
    let mut expected = vec![
        format!("支出户：2025-05-12 账上有 200.00 元（{a2}），银行无"),
        "支出户：2025-05-25 银行有 -50.00 元（流水号 B4），账上无".to_owned(),
        "支出户：2025-05-31 日终账面余额 1200.00 元，银行余额 950.00 元".into(),
        "收入户月末应无余额：2025-05-31 账面 12.34 元，银行 12.34 元，请划转财政专户".into(),
        format!("财政专户：2025-05-12 账上有 -200.00 元（{a2}），银行无"),
        "财政专户：2025-05-31 日终账面余额 1800.00 元，银行余额 2000.00 元".into(),
    ];
    expected.sort();
    assert_eq!(found, expected, "{r}");
    let expenditure = &r["accounts"].as_array().unwrap().iter().find(|a| a["account"] == "expenditure").unwrap();
    assert_eq!((expenditure["book_balance"].as_str(), expenditure["bank_balance"].as_str()), (Some("1200.00"), Some("950.00")));
    assert_eq!(expenditure["only_at_bank"][0]["reference"], "B4");

    // A day with nothing amiss.
    let (_, day) = fund.get(&app, "/api/v1/fund/reconciliation?league=1501&from=2025-05-10&to=2025-05-10").await;
    assert_eq!(findings(&day), Vec::<String>::new(), "{day}");

    // The income account emptied into the special account on the 31st, on
    // both sides: that finding is gone, the others stay.
    let (status, v) = moved(&app, &fund, &fund2, movement("income", "special", "12.34", "2025-05-31", "S-1")).await;
    assert_eq!(status, 200, "{v}");
    let (_, report) = import(
        &app,
        &fund,
        "may-2.csv",
        &["收入户,2025-05-31,B5,,12.34,划转财政专户".into(), "财政专户,2025-05-31,B6,12.34,,收入户划入".into(), may[4].clone()],
    )
    .await;
    assert_eq!((report["added"].as_i64(), report["unchanged"].as_i64()), (Some(2), Some(1)), "the overlapping line adds nothing: {report}");
    let (_, r) = auditor.get(&app, "/api/v1/fund/reconciliation?league=1501&from=2025-05-01&to=2025-05-31").await;
    let found = findings(&r);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(!found.iter().any(|f| f.contains("收入户")), "{found:?}");

    for (q, expected) in [("from=2025-05-31&to=2025-05-01", 400), ("from=2024-01-01&to=2025-05-31", 400), ("from=2025-13-01&to=2025-05-31", 400)] {
        let (status, _) = fund.get(&app, &format!("/api/v1/fund/reconciliation?league=1501&{q}")).await;
        assert_eq!(status, expected, "{q}");
    }
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'fund.reconcile'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(audited, 3, "every reconciliation read is recorded");

    // The books page: the same findings, the trial balance, the vouchers.
    let (status, html) = auditor.get_text(&app, "/staff/fund/books?league=1501&from=2025-05-01&to=2025-05-31").await;
    assert_eq!(status, 200, "{html}");
    for f in &found {
        assert!(html.contains(f.as_str()), "{f}: {html}");
    }
    assert!(html.contains("科目余额表") && html.contains(a2), "{html}");
    let county = actors::staff(&app, "r.county", "county_clerk", "150121").await;
    let (status, _) = county.get_text(&app, "/staff/fund/books?league=1501").await;
    assert_eq!(status, 403);
}
