//! Contributions and the personal account (issue 5; C1, C3, C5, A1–A4):
//! the tax bureau's payment details booked to the ledger, year-end
//! interest (also killed half way), statements and their verification.
//! Both engines.

use crate::support;
use crate::support::TestApp;
use crate::support::actors::{self, BATEER, ZHANG};
use crate::support::filing::{JPEG, decide, insured_zhang};
use serde_json::{Value, json};

on_both_engines!(
    payment_details_are_booked_by_deposit_date_and_bad_lines_reported,
    interest_is_posted_once_per_account_and_year,
    an_interest_run_killed_half_way_posts_each_account_once,
    statements_show_the_years_and_verify_publicly,
    the_ledger_is_append_only,
    vouchers_booked_before_the_view_count_once,
    residents_choose_a_tier_in_force,
    reconciliation_lists_every_difference,
    registration_changes_are_exported_once_each,
    government_paid_list_from_the_special_groups,
    statements_are_mailed_once_a_year,
    an_account_check_posts_a_correction_entry,
    back_payments_are_checked_against_the_ledger,
    interest_in_sql_rounds_as_the_domain,
    the_statement_counts_the_years_paid_for,
    the_subsidy_is_booked_only_as_the_policy_says,
    the_contribution_season_reminds_the_unpaid_once_and_lists_them_by_village,
);

const HEADER: &str = "证件类型,证件号码,姓名,缴费年度,缴费档次,个人缴费,政府代缴,政府补贴,集体补助,社会资助,缴入国库日期,税票号码";

fn payments(lines: &[String]) -> String {
    format!("{HEADER}\n{}\n", lines.join("\n"))
}

fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn zhang_line(rest: &str) -> String {
    format!("居民身份证,{},{},{rest}", ZHANG.1, ZHANG.0)
}

/// The file of the first test, hand-checked line by line.
fn first_file() -> String {
    payments(&[
        zhang_line("2024,500,500,0,60,0,0,2024-03-15,V2024-1"),      // 2: booked (personal, subsidy)
        zhang_line("2024,500,500,0,0,1500,600,2024-05-01,V2024-2"),  // 3: collective+donation 2100 > 2000 (C3)
        zhang_line("2024,500,500,0,60,1500,500,2024-11-20,V2024-3"), // 4: booked (personal, subsidy, collective, donation = the cap)
        zhang_line("2024,450,450,0,0,0,0,2024-03-15,V2024-4"),       // 5: not a tier
        zhang_line("2024,500,400,0,0,0,0,2024-03-15,V2024-5"),       // 6: personal + government-paid ≠ tier
        format!("居民身份证,{},{},2024,500,500,0,0,0,0,2024-03-15,V2024-6", BATEER.1, BATEER.0), // 7: not insured
        format!("居民身份证,{},张三,2024,500,500,0,0,0,0,2024-03-15,V2024-7", ZHANG.1), // 8: name differs
        zhang_line("2024,500,500,0,60,0,0,2024-03-15,V2024-1"),      // 9: voucher repeated in the file
        zhang_line("2025,500,500,0,0,0,0,2025-07-01,V2025-8"),       // 10: deposited after today
        "a,b".to_owned(),                                            // 11: two columns
    ])
}

async fn fund_officer(app: &TestApp) -> actors::Actor {
    actors::staff(app, "l.fund", "league_fund_officer", "1501").await
}

async fn import_http(app: &TestApp, who: &actors::Actor, body: Vec<u8>) -> (u16, Value) {
    who.post_csv(app, "/api/v1/fund/tax-payments?file_name=payments.csv", body).await
}

async fn entries_of(app: &TestApp, id_number: &str) -> Vec<(String, i64, String)> {
    sqlx::query_as(
        "SELECT e.kind, e.amount_fen, e.credited_on FROM ledger_entries e JOIN personal_accounts a ON a.id = e.account_id \
         WHERE a.id_number = $1 ORDER BY e.credited_on, e.kind",
    )
    .bind(id_number)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

/// No ledger entry points to a missing account, and every pooled SQLite
/// connection still checks foreign keys: the import and the interest run
/// write on a connection of their own without that check
/// (`Db::bulk_connection`), closed afterwards.
async fn references_hold(app: &TestApp) {
    let orphans: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM personal_accounts a WHERE a.id = e.account_id)")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(orphans, 0, "entries of no account");
    if app.db.engine() == app::backend::infra::db::Engine::Sqlite {
        let mut held = Vec::new();
        for _ in 0..app.db.pool().options().get_max_connections() {
            let mut conn = app.db.pool().acquire().await.unwrap();
            let on: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap();
            assert_eq!(on, 1, "a pooled connection without foreign key checks");
            held.push(conn);
        }
    }
}

/// Zhang insured, with the first file booked (GB18030, over HTTP).
async fn zhang_with_payments(app: &TestApp) -> actors::Actor {
    let zhang = insured_zhang(app).await;
    let fund = fund_officer(app).await;
    let gbk = gb18030(&first_file());
    let (status, report) = import_http(app, &fund, gbk).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["encoding"], "GB18030");
    zhang
}

async fn payment_details_are_booked_by_deposit_date_and_bad_lines_reported(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    // Only the fund officer imports.
    let (status, _) = import_http(&app, &zhang, first_file().into_bytes()).await;
    assert_eq!(status, 403);
    // A fund officer of another league books nothing of Zhang's (Hohhot),
    // and that does not stop Hohhot importing the same file.
    let chifeng = actors::staff(&app, "l.fund.chifeng", "league_fund_officer", "1504").await;
    let (_, elsewhere) = import_http(&app, &chifeng, first_file().into_bytes()).await;
    assert_eq!(elsewhere["added"], 0, "{elsewhere}");
    assert!(elsewhere["rejected"].to_string().contains("不是本辖区"), "{elsewhere}");
    let fund = fund_officer(&app).await;
    let gbk = gb18030(&first_file());
    let (status, report) = import_http(&app, &fund, gbk).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["total"].as_i64(), report["added"].as_i64()), (Some(10), Some(2)), "{report}");
    let lines: Vec<i64> = report["rejected"].as_array().unwrap().iter().map(|r| r[0].as_i64().unwrap()).collect();
    assert_eq!(lines, [3, 5, 6, 7, 8, 9, 10, 11], "{report}");
    let reasons = report["rejected"].to_string();
    for expected in
        ["超过 2024 年度最高缴费档次", "不是 2024 年度的档次", "应等于缴费档次", "没有个人账户", "姓名与参保登记不一致", "文件中重复", "晚于今天", "应有 12 列"]
    {
        assert!(reasons.contains(expected), "{expected}: {reasons}");
    }
    // Booked by kind, dated by the treasury deposit (A2).
    assert_eq!(
        entries_of(&app, ZHANG.1).await,
        [
            ("personal".to_owned(), 50_000, "2024-03-15".to_owned()),
            ("subsidy".to_owned(), 6_000, "2024-03-15".to_owned()),
            ("collective".to_owned(), 150_000, "2024-11-20".to_owned()),
            ("donation".to_owned(), 50_000, "2024-11-20".to_owned()),
            ("personal".to_owned(), 50_000, "2024-11-20".to_owned()),
            ("subsidy".to_owned(), 6_000, "2024-11-20".to_owned()),
        ]
    );
    // The same file again: nothing changes, the earlier batch is reported.
    let gbk = gb18030(&first_file());
    let (_, again) = import_http(&app, &fund, gbk).await;
    assert_eq!((again["already_imported"].as_bool(), &again["batch_id"]), (Some(true), &report["batch_id"]));
    assert_eq!((again["added"].as_i64(), again["unchanged"].as_i64()), (Some(0), Some(2)), "nothing booked this time: {again}");
    // A file with another header is refused whole and leaves nothing behind.
    let (status, refused) = import_http(&app, &fund, "姓名,金额\n张三,100\n".as_bytes().to_vec()).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.to_string().contains("表头不正确"), "{refused}");
    assert_eq!(entries_of(&app, ZHANG.1).await.len(), 6, "nothing booked from a refused file");
    references_hold(&app).await;
    // Another file through the subcommand: a voucher seen before (same
    // content: unchanged; other content: refused), and one more collective
    // yuan for 2024 over the cap across files (C3).
    let second = payments(&[
        zhang_line("2024,500,500,0,60,0,0,2024-03-15,V2024-1"),
        zhang_line("2024,500,500,0,60,0,0,2024-03-16,V2024-3"),
        zhang_line("2024,500,500,0,0,1,0,2024-12-01,V2024-9"),
    ]);
    let path = std::env::temp_dir().join(format!("tax-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, second).unwrap();
    let out = app.run_cli(&["import-tax-payments", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("新增 0") && text.contains("未变 1") && text.contains("内容不同") && text.contains("超过 2024 年度最高缴费档次"), "{text}");
    assert_eq!(entries_of(&app, ZHANG.1).await.len(), 6, "nothing booked twice");
    // The balance is the sum of the entries.
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(account["balance"], "3120.00", "{account}");
}

async fn interest_is_posted_once_per_account_and_year(app: TestApp) {
    zhang_with_payments(&app).await;
    // 2024 at 2.62 % (policy table). By hand:
    //   560 (personal + subsidy, 15 March) × 0.0262 × 9/12          = 11.004
    //   2560 (personal + subsidy + collective + donation, 20 November) × 0.0262 × 1/12 = 5.589333…
    //   16.593333… → 16.59 (rounded once).
    let out = app.run_cli(&["interest", "--year", "2024"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("本次记账 1 户"), "{}", String::from_utf8_lossy(&out.stdout));
    let interest: Vec<(String, i64, String)> = entries_of(&app, ZHANG.1).await.into_iter().filter(|e| e.0 == "interest").collect();
    assert_eq!(interest, [("interest".to_owned(), 1_659, "2024-12-31".to_owned())]);
    let again = app.run_cli(&["interest", "--year", "2024"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("此前记账完毕"));
    assert_eq!(entries_of(&app, ZHANG.1).await.len(), 7, "posted once");
    // 2025 has not closed (today is 2 June 2025).
    let early = app.run_cli(&["interest", "--year", "2025"]);
    assert!(!early.status.success());
    assert!(String::from_utf8_lossy(&early.stderr).contains("尚未结束"), "{}", String::from_utf8_lossy(&early.stderr));
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.interest'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(runs, 1);
}

async fn an_interest_run_killed_half_way_posts_each_account_once(app: TestApp) {
    // A league of generated people, each with one payment in 2024.
    let out = app.run_cli(&["generate", "--people", "3000", "--open-cases", "0", "--seed", "7"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let people: Vec<(String, String, String)> =
        sqlx::query_as("SELECT i.id_number, i.name, i.tier FROM insured_persons i JOIN personal_accounts a ON a.id_number = i.id_number ORDER BY i.id_number")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let lines: Vec<String> = people
        .iter()
        .enumerate()
        .map(|(i, (id, name, tier))| {
            let subsidy = if domain::Yuan::parse(tier).unwrap() >= domain::Yuan::from_yuan(500) { 60 } else { 30 };
            format!("居民身份证,{id},{name},2024,{tier},{tier},0,{subsidy},0,0,2024-{:02}-10,G-{i}", 1 + i % 12)
        })
        .collect();
    let path = std::env::temp_dir().join(format!("tax-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, payments(&lines)).unwrap();
    let out = app.run_cli(&["import-tax-payments", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Credited in December, a payment earns nothing in its year: no entry.
    let accounts = (0..people.len()).filter(|i| i % 12 != 11).count() as i64;

    // One account per transaction, so that the kill lands half way.
    let count =
        || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM account_entries WHERE kind = 'interest'").fetch_one(app.db.pool()).await.unwrap() };
    let mut run = app.spawn_cli(&["interest", "--year", "2024", "--chunk", "1"]);
    for _ in 0..6000 {
        if count().await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    run.kill().expect("kill the interest run");
    run.wait().unwrap();
    let after_kill = count().await;
    assert!(after_kill > 0 && after_kill < accounts, "killed half way: {after_kill} of {accounts} posted");
    let finished: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interest_runs").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(finished, 0, "the run did not finish");

    let out = app.run_cli(&["interest", "--year", "2024"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let per_account: Vec<(String, i64)> =
        sqlx::query_as("SELECT account_id, COUNT(*) FROM account_entries WHERE kind = 'interest' GROUP BY account_id HAVING COUNT(*) <> 1")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert!(per_account.is_empty(), "posted more than once: {per_account:?}");
    assert_eq!(count().await, accounts, "every account posted");
    references_hold(&app).await;
    // Each amount is the domain's computation on the account's entries.
    let sample: Vec<(String, i64)> = sqlx::query_as("SELECT account_id, amount_fen FROM account_entries WHERE kind = 'interest' ORDER BY account_id LIMIT 25")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    for (account, fen) in sample {
        let entries = app::backend::money::ledger::entries(app.db.pool(), &account).await.unwrap();
        let without: Vec<_> = entries.into_iter().filter(|e| e.kind != domain::ledger::EntryKind::Interest).collect();
        let expected = domain::ledger::interest_for_year(&without, 2024, "0.0262".parse().unwrap());
        assert_eq!(fen, expected.fen(), "{account}");
    }
}

async fn statements_show_the_years_and_verify_publicly(app: TestApp) {
    let zhang = zhang_with_payments(&app).await;
    assert!(app.run_cli(&["interest", "--year", "2024"]).status.success());
    let (status, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(status, 200, "{account}");
    assert_eq!((account["balance"].as_str(), account["contribution_years"].as_u64()), (Some("3136.59"), Some(1)));
    let years = account["years"].as_array().unwrap();
    assert_eq!(years.iter().map(|y| y["year"].as_i64().unwrap()).collect::<Vec<_>>(), [2024, 2025]);
    assert_eq!((years[0]["opening"].as_str(), years[0]["interest"].as_str(), years[0]["closing"].as_str()), (Some("0.00"), Some("16.59"), Some("3136.59")));
    assert_eq!(years[1]["opening"], years[0]["closing"], "a year opens with the last one's closing");
    assert_eq!(years[0]["entries"].as_array().unwrap().len(), 7);
    assert_eq!(account["name_masked"], "张**");
    // Verification by anyone, without signing in: only what it needs.
    let path = years[0]["verify_path"].as_str().unwrap();
    let code = path.trim_start_matches("/verify/");
    let (status, check) = actors::Actor::anonymous().get(&app, &format!("/api/v1/statements/{code}")).await;
    assert_eq!(status, 200);
    assert_eq!((check["still_current"].as_bool(), check["closing"].as_str(), check["year"].as_i64()), (Some(true), Some("3136.59"), Some(2024)));
    assert_eq!(check["digest"], years[0]["digest"]);
    assert!(!check.to_string().contains(ZHANG.1) && !check.to_string().contains("张桂兰"), "masked: {check}");
    let page = app.get(path).await.text().await.unwrap();
    assert!(page.contains("真实有效") && page.contains("3136.59"), "the public page says it is genuine");
    // One code, printed and in the QR code: typed as a person reads it off
    // the paper (lower case, spaces for dashes), on the page without
    // JavaScript and through the API, it is the same statement.
    let printed = years[0]["code"].as_str().unwrap();
    assert_eq!((printed.len(), printed.replace('-', "")), (19, code.to_owned()), "grouped for print: {printed}");
    assert_eq!(check["code"], printed);
    let typed = printed.replace('-', " ").to_lowercase();
    let page = app.get(&format!("/verify?code={}", typed.replace(' ', "+"))).await.text().await.unwrap();
    assert!(page.contains("真实有效") && page.contains("3136.59") && page.contains(printed), "typed on /verify");
    let (status, typed_check) = actors::Actor::anonymous().get(&app, &format!("/api/v1/statements/{}", typed.replace(' ', ""))).await;
    assert_eq!((status, &typed_check["digest"]), (200, &check["digest"]));
    let form = app.get("/verify").await;
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains(r#"action="/verify""#), "a page to type the code into");
    let qr_link = app::backend::money::statements::qr_svg_of(&format!("{}/verify/{code}", app.state.public_url)).unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/statements/{}/qr", typed.replace(' ', "-"))).await.text().await.unwrap(),
        qr_link,
        "the QR code holds the printed code"
    );
    // A code that cannot be one says how it should look.
    let (status, body) = actors::Actor::anonymous().get(&app, "/api/v1/statements/made-up-code").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("16 位字母和数字"), "{body}");
    let qr = app.get(&format!("/api/v1/statements/{code}/qr")).await;
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
    // Viewing again issues no new statement: the same content, the same code.
    let (_, again) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(again["years"][0]["verify_path"], years[0]["verify_path"]);
    // A forged or altered code is not genuine.
    let mut forged = code.to_owned();
    forged.replace_range(0..1, if code.starts_with('A') { "B" } else { "A" });
    let (status, body) = actors::Actor::anonymous().get(&app, &format!("/api/v1/statements/{forged}")).await;
    assert_eq!(status, 404, "{body}");
    assert!(body["message"].as_str().unwrap().contains("不是本系统出具"));
    // Someone not insured has no account to show.
    let li = actors::resident(&app, actors::LI.0, actors::LI.1, actors::LI.2).await;
    assert_eq!(li.get(&app, "/api/v1/me/account").await.0, 404);
    let views: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.view'").fetch_one(app.db.pool()).await.unwrap();
    assert!(views >= 2, "every view is audited");
}

async fn the_ledger_is_append_only(app: TestApp) {
    zhang_with_payments(&app).await;
    // The entries booked here (one correction) and the tax vouchers that
    // are entries too.
    sqlx::query(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, booked_at) \
         SELECT id, 'correction', 'case:fixture', 100, '2025-06-02', 2025, '2025-06-02T12:00:00Z' FROM personal_accounts",
    )
    .execute(app.db.pool())
    .await
    .unwrap();
    for (table, column) in [("account_entries", "amount_fen"), ("tax_payments", "personal_fen")] {
        let update = sqlx::query(&format!("UPDATE {table} SET {column} = 0")).execute(app.db.pool()).await;
        assert!(update.is_err(), "an entry cannot be edited ({table})");
        let delete = sqlx::query(&format!("DELETE FROM {table}")).execute(app.db.pool()).await;
        assert!(delete.is_err(), "an entry cannot be deleted ({table})");
    }
    assert_eq!(app.count("ledger_entries").await, 7);
}

/// A voucher imported before its row stood for its entries had them
/// copied into `account_entries` (migration 24 marks it `entries_apart`):
/// the account counts them once.
async fn vouchers_booked_before_the_view_count_once(app: TestApp) {
    let zhang = zhang_with_payments(&app).await;
    let (_, before) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(before["balance"], "3120.00", "{before}");
    let pool = app.db.pool();
    sqlx::query(
        "INSERT INTO tax_payments (voucher, account_id, year, tier_fen, personal_fen, government_paid_fen, subsidy_fen, collective_fen, \
         donation_fen, deposited_on, batch_id, entries_apart) SELECT 'OLD-2023', id, 2023, 50000, 50000, 0, 6000, 0, 0, '2023-03-15', 'old', 1 \
         FROM personal_accounts",
    )
    .execute(pool)
    .await
    .unwrap();
    for (kind, fen) in [("personal", 50_000), ("subsidy", 6_000)] {
        sqlx::query(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             SELECT id, $1, 'tax:OLD-2023', $2, '2023-03-15', 2023, 'old', '2023-03-20T00:00:00Z' FROM personal_accounts",
        )
        .bind(kind)
        .bind(fen)
        .execute(pool)
        .await
        .unwrap();
    }
    // 3,120.00 + 500.00 + 60.00, and 2023 shows the two entries once.
    let (_, after) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(after["balance"], "3680.00", "{after}");
    let old: Vec<(String, i64, String)> = entries_of(&app, ZHANG.1).await.into_iter().filter(|e| e.2.starts_with("2023")).collect();
    assert_eq!(old, vec![("personal".to_owned(), 50_000, "2023-03-15".to_owned()), ("subsidy".to_owned(), 6_000, "2023-03-15".to_owned())]);
}

async fn residents_choose_a_tier_in_force(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let (status, body) = zhang.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "450"})).await;
    assert_eq!(status, 400, "not a tier: {body}");
    let (status, _) = zhang.post(&app, "/api/v1/me/tier", json!({"year": 2030, "tier": "1000"})).await;
    assert_eq!(status, 400, "only this year or the next");
    assert_eq!(zhang.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "1000"})).await.0, 200);
    assert_eq!(zhang.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "2000"})).await.0, 200);
    let stored: Vec<(i64, i64)> = sqlx::query_as("SELECT year, tier_fen FROM contribution_choices").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(stored, [(2026, 200_000)], "one choice per year, the latest");
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'contribution.choose_tier' ORDER BY seq DESC LIMIT 1")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(before.contains("1000.00") && after.contains("2000.00"), "{before} {after}");
    let li = actors::resident(&app, actors::LI.0, actors::LI.1, actors::LI.2).await;
    assert_eq!(li.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "1000"})).await.0, 400, "not insured");
}

async fn reconciliation_lists_every_difference(app: TestApp) {
    zhang_with_payments(&app).await;
    let fund = actors::staff(&app, "l.fund.reconcile", "league_fund_officer", "1501").await;
    // 15 March agrees; on 20 November the bureau has 400 of donation, we
    // booked 500; on 1 July it has two payments we never received.
    let file = "缴入国库日期,笔数,个人缴费,政府代缴,政府补贴,集体补助,社会资助\n\
                2024-03-15,1,500,0,60,0,0\n\
                2024-11-20,1,500,0,0,1500,400\n\
                2024-07-01,2,1000,0,0,0,0\n\
                2024-12-01,x,0,0,0,0,0\n";
    let r = app
        .client
        .post(app.url("/api/v1/fund/tax-reconciliations?file_name=totals.csv"))
        .header("cookie", fund.cookie.clone().unwrap())
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["unchanged"], 1, "{report}");
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 3, "{report}");
    assert_eq!(rejected[0][0], 3);
    assert!(rejected[0][1].as_str().unwrap().contains("社会资助：本系统 500.00，税务 400.00"), "{report}");
    assert!(!rejected[0][1].as_str().unwrap().contains("个人缴费"), "only what differs: {report}");
    assert_eq!(rejected[1][1], "2024-07-01 不一致：笔数：本系统 0，税务 2；个人缴费：本系统 0.00，税务 1000.00", "{report}");
    assert!(rejected[2][1].as_str().unwrap().contains("笔数应为整数"));
    assert_eq!(entries_of(&app, ZHANG.1).await.len(), 6, "reconciliation books nothing");
    // Through the subcommand too (no league limit for the system).
    let path = std::env::temp_dir().join(format!("rec-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, "缴入国库日期,笔数,个人缴费,政府代缴,政府补贴,集体补助,社会资助\n2024-11-20,1,500,0,60,1500,500\n").unwrap();
    let out = app.run_cli(&["reconcile-tax", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("未变 1，退回 0"), "{}", String::from_utf8_lossy(&out.stdout));
}

/// C5: what changed since the last export goes to the bureau once, with a
/// batch id; an invalid person is held back (still queued) with the reason.
async fn registration_changes_are_exported_once_each(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let fund = fund_officer(&app).await;
    let export = |who: actors::Actor| {
        let app = &app;
        async move { who.post(app, "/api/v1/fund/registration-exports", json!({})).await }
    };
    assert_eq!(export(zhang.clone()).await.0, 403, "only fund officers export");
    // A fund officer of another league has nothing of Hohhot's to send.
    let chifeng = actors::staff(&app, "l.fund.chifeng", "league_fund_officer", "1504").await;
    let (status, body) = export(chifeng.clone()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("没有需要报送"), "{body}");

    let (status, first) = export(fund.clone()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["exported"], 1, "{first}");
    let batch = first["batch_id"].as_str().unwrap().to_owned();
    let file = |who: actors::Actor, batch: String| {
        let app = &app;
        async move {
            let r = who.request(app, "GET", &format!("/api/v1/fund/exports/{batch}"), None).await;
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, csv) = file(fund.clone(), batch.clone()).await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("批次号,变更类型,证件类型,证件号码"), "{csv}");
    assert!(lines[1].starts_with(&format!("{batch},新增,居民身份证,{},,{}", ZHANG.1, ZHANG.0)), "{csv}");
    assert!(lines[1].ends_with(",2025,500.00"), "this year and the enrolment tier: {csv}");
    let downloads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'tax.download_export'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(downloads, 1, "the download is audited");
    assert_eq!(file(chifeng, batch.clone()).await.0, 404, "another league's batch");

    // Sent once: nothing new until something changes.
    assert_eq!(export(fund.clone()).await.0, 400);
    assert_eq!(zhang.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "1000"})).await.0, 200);
    let (status, second) = export(fund.clone()).await;
    assert_eq!(status, 200, "{second}");
    let (_, csv) = file(fund.clone(), second["batch_id"].as_str().unwrap().to_owned()).await;
    let lines: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "this year and next year's choice: {csv}");
    assert!(lines[0].contains(",变更,") && lines[0].ends_with(",2025,500.00"), "{csv}");
    assert!(lines[1].contains(",变更,") && lines[1].ends_with(",2026,1000.00"), "{csv}");

    // A person whose data cannot pass validation is held, and stays queued.
    sqlx::query("UPDATE insured_persons SET village_code = '1501' WHERE id_number = $1").bind(ZHANG.1).execute(app.db.pool()).await.unwrap();
    assert_eq!(zhang.post(&app, "/api/v1/me/tier", json!({"year": 2026, "tier": "2000"})).await.0, 200);
    let (status, held) = export(fund.clone()).await;
    assert_eq!(status, 200, "{held}");
    assert_eq!(held["exported"], 0, "{held}");
    assert_eq!(held["held"][0][1], "村(社区)代码不正确", "{held}");
    assert!(!held.to_string().contains(ZHANG.1), "masked: {held}");
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registration_changes WHERE export_batch IS NULL").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(waiting, 1);
    // The subcommand (no league limit) holds it with the reason.
    let out_file = std::env::temp_dir().join(format!("reg-{}.csv", uuid::Uuid::new_v4().simple()));
    let out = app.run_cli(&["export-registrations", "--out", out_file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("报送 0 人，暂缓 1 人") && stdout.contains("村(社区)代码不正确"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap().lines().count(), 1, "header only");
}

/// C4: the year's government-paid list is generated from the special-group
/// list (imported by an administrator), at the lowest tier, once per person.
async fn government_paid_list_from_the_special_groups(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let admin = actors::staff(&app, "admin.groups", "administrator", "15").await;
    let list = format!(
        "证件类型,证件号码,特殊群体\n居民身份证,{},低保对象\n居民身份证,{},特困人员\n居民身份证,150121196503081243,低保对象\n居民身份证,{},\n",
        ZHANG.1, BATEER.1, ZHANG.1
    );
    let import = |who: actors::Actor, body: String| {
        let app = &app;
        async move {
            let r = app
                .client
                .post(app.url("/api/v1/admin/list-imports/special_groups?file_name=groups.csv"))
                .header("cookie", who.cookie.clone().unwrap())
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let fund = fund_officer(&app).await;
    assert_eq!(import(fund.clone(), list.clone()).await.0, 403, "administrators import the list");
    let (status, report) = import(admin, list).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["added"], 2, "{report}");
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2, "{report}");
    assert_eq!(rejected[0][0], 4, "a wrong check digit: {report}");
    assert!(rejected[1][1].as_str().unwrap().contains("请填写特殊群体"), "{report}");

    let generate = |who: actors::Actor, year: i32| {
        let app = &app;
        async move { who.post(app, "/api/v1/fund/government-paid-lists", json!({ "year": year })).await }
    };
    assert_eq!(generate(zhang, 2025).await.0, 403);
    let (status, body) = generate(fund.clone(), 2030).await;
    assert_eq!(status, 400, "only this year or the next: {body}");
    let (status, first) = generate(fund.clone(), 2025).await;
    assert_eq!(status, 200, "{first}");
    // Bateer is on the list but not insured: only Zhang, at the lowest tier.
    assert_eq!(first["listed"], 1, "{first}");
    assert_eq!(first["total"], "100.00", "{first}");
    let batch = first["batch_id"].as_str().unwrap();
    let r = fund.request(&app, "GET", &format!("/api/v1/fund/exports/{batch}"), None).await;
    let csv = r.text().await.unwrap();
    assert_eq!(csv.lines().nth(1).unwrap(), format!("{batch},居民身份证,{},{},低保对象,2025,100.00", ZHANG.1, ZHANG.0), "{csv}");
    // Once per person and year.
    let (status, again) = generate(fund.clone(), 2025).await;
    assert_eq!(status, 400, "{again}");
    assert!(again["message"].as_str().unwrap().contains("已是最新"), "{again}");
    let chifeng = actors::staff(&app, "l.fund.chifeng", "league_fund_officer", "1504").await;
    assert_eq!(generate(chifeng, 2025).await.0, 400, "no one of Chifeng's");
    // The subcommand: next year's list, then nothing new.
    let out_file = std::env::temp_dir().join(format!("gov-{}.csv", uuid::Uuid::new_v4().simple()));
    let out = app.run_cli(&["government-paid", "--year", "2026", "--out", out_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&out_file).unwrap().contains(&format!("{},{},低保对象,2026,100.00", ZHANG.1, ZHANG.0)));
    let out = app.run_cli(&["government-paid", "--year", "2026", "--out", out_file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("已是最新"), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM government_paid").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(rows, 2);
}

/// A4: the yearly statement by e-mail, through a real SMTP server, and by
/// text message (issue 36 §1); a failed delivery is retried by the outbox,
/// and a second run sends nothing again.
async fn statements_are_mailed_once_a_year(app: TestApp) {
    use app::backend::money::statements::mail_statements;
    zhang_with_payments(&app).await;
    let by = app::backend::infra::audit::system_entry("batch", "", None, None);
    let early = mail_statements(&app.state, 2024, &by).await.unwrap_err();
    assert!(early.to_string().contains("利息尚未记账"), "{early}");
    assert!(app.run_cli(&["interest", "--year", "2024"]).status.success());
    let before = app.mail.all().len();

    // The mail server is down: the text message goes, the mail waits in
    // the outbox and goes when the mail server is back; nothing is lost.
    let mut down = app.state.clone();
    down.mail = std::sync::Arc::new(app::backend::infra::mail::EmailSender::from_url("smtp://127.0.0.1:9", "t <t@pension.example>").unwrap());
    let r = mail_statements(&down, 2024, &by).await.unwrap();
    assert_eq!((r.sent, r.sent_before), (1, 0), "{r:?}");
    assert_eq!(app.count("statement_mailings").await, 1);
    assert_eq!(app.mail.all().len(), before, "queued: the mailer sends them");
    app::backend::infra::outbox::deliver(&down, chrono::Utc::now()).await.unwrap();
    assert_eq!(app.mail.all().len(), before, "the mail server was down");
    let texts = app.phones.texts_to("13847100001");
    assert!(
        texts.last().is_some_and(|t| t.starts_with("【内蒙古城乡居民养老保险】") && t.contains("年末余额3136.59元") && t.contains("/verify/")),
        "{texts:?}"
    );
    app.deliver_at(chrono::Utc::now() + chrono::Duration::minutes(1)).await;
    let mails = app.mail.all();
    assert_eq!(mails.len(), before + 1);
    let mail = mails.last().unwrap();
    assert!(mail.to.iter().any(|t| t.contains(ZHANG.2)), "{:?}", mail.to);
    let text = support::smtp::decoded_body(&mail.data);
    assert!(text.contains("2024 年度对账单") && text.contains("本年利息 16.59 元") && text.contains("年末余额 3136.59 元"), "{text}");
    // Its link verifies.
    let code = text.split("/verify/").nth(1).unwrap().split_whitespace().next().unwrap();
    let (status, check) = actors::Actor::anonymous().get(&app, &format!("/api/v1/statements/{code}")).await;
    assert_eq!((status, check["closing"].as_str()), (200, Some("3136.59")), "{check}");

    // Again: nothing more is sent.
    let r = mail_statements(&app.state, 2024, &by).await.unwrap();
    assert_eq!((r.sent, r.sent_before), (0, 1), "{r:?}");
    assert_eq!(app.mail.all().len(), before + 1);

    // §4: had she signed in in Mongolian, the same statement would be
    // written to her in Mongolian, with the same figures (the record of
    // the sending is taken back to send it again).
    sqlx::query("UPDATE accounts SET lang = 'mn-Mong' WHERE id_number = $1").bind(ZHANG.1).execute(app.db.pool()).await.unwrap();
    sqlx::query("DELETE FROM statement_mailings WHERE year = 2024").execute(app.db.pool()).await.unwrap();
    let r = mail_statements(&app.state, 2024, &by).await.unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
    app.deliver().await;
    let text = support::smtp::decoded_body(&app.mail.all().last().unwrap().data);
    assert!(text.contains("2024 ᠣᠨ ᠤ ᠬᠦᠰᠦᠨᠦᠭ") && text.contains("ᠡᠨᠡ ᠵᠢᠯ ᠦᠨ ᠬᠦᠦ 16.59 ᠶᠤᠸᠠᠨ") && text.contains("3136.59 ᠶᠤᠸᠠᠨ"), "{text}");
    assert!(!text.contains("年度对账单") && text.contains("/verify/"), "{text}");
}

async fn file_check(app: &TestApp, who: &actors::Actor, year: &str, evidence: bool) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new().text("year", year.to_owned()).text("description", "2024 年 11 月缴费 500 元只记入 400 元");
    if evidence {
        form = form.part("evidence", reqwest::multipart::Part::bytes(JPEG.to_vec()).file_name("receipt.jpg"));
    }
    let r = app.client.post(app.url("/api/v1/cases/account-check")).header("cookie", who.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A5: a check request with evidence; the township's finding, the county's
/// review and approval; the correction is a new entry, the old ones stay.
async fn an_account_check_posts_a_correction_entry(app: TestApp) {
    let zhang = zhang_with_payments(&app).await;
    let li = actors::resident(&app, actors::LI.0, actors::LI.1, actors::LI.2).await;
    assert_eq!(file_check(&app, &li, "2024", true).await.0, 400, "no account, no check");
    let (status, body) = file_check(&app, &zhang, "2024", false).await;
    assert_eq!(status, 400, "evidence is required: {body}");
    assert!(body["message"].as_str().unwrap().contains("证明材料"), "{body}");
    assert_eq!(file_check(&app, &zhang, "2099", true).await.0, 400, "a year to come");
    let (status, body) = file_check(&app, &zhang, "2024", true).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(file_check(&app, &zhang, "2024", true).await.0, 409, "one open check at a time");
    let entries_before = entries_of(&app, ZHANG.1).await;

    let township = actors::staff(&app, "d.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "d.county", "county_clerk", "150121").await;
    let county2 = actors::staff(&app, "d.county2", "county_clerk", "150121").await;
    let finding = |who: actors::Actor, amount: &'static str| {
        let (app, id) = (&app, id.clone());
        async move {
            let (_, case) = who.get(app, &format!("/api/v1/cases/{id}")).await;
            let version = case["version"].as_i64().unwrap_or(-1);
            who.post(
                app,
                &format!("/api/v1/cases/{id}/finding"),
                json!({"version": version, "amount": amount, "answer": "经核对税务明细，少记 100 元，予以补记"}),
            )
            .await
        }
    };
    // No approval without a finding; the resident and another county cannot record one.
    let (status, body) = decide(&app, &township, &id, "approve", "").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("核查结论"), "{body}");
    assert_eq!(finding(zhang.clone(), "100").await.0, 403);
    let other = actors::staff(&app, "o.township", "township_clerk", "150102001").await;
    assert_eq!(finding(other, "100").await.0, 404, "not their case");
    let (status, body) = finding(township.clone(), "abc").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(finding(township.clone(), "100.00").await.0, 200);
    // A stale version is refused.
    let (status, _) = township.post(&app, &format!("/api/v1/cases/{id}/finding"), json!({"version": 0, "amount": "1", "answer": "x"})).await;
    assert_eq!(status, 409);
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(entries_of(&app, ZHANG.1).await, entries_before, "nothing posted before the final approval");
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
    let (status, _) = decide(&app, &county, &id, "approve", "").await;
    assert_eq!(status, 403, "who reviewed may not approve");
    assert_eq!(decide(&app, &county2, &id, "approve", "").await.0, 200);

    let after = entries_of(&app, ZHANG.1).await;
    assert_eq!(after.len(), entries_before.len() + 1);
    assert!(entries_before.iter().all(|e| after.contains(e)), "old entries untouched");
    assert!(after.contains(&("correction".to_owned(), 10_000, support::test_today().to_string())), "{after:?}");
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(account["balance"], "3220.00", "3120 booked + 100 corrected: {account}");
    let (_, notices) = zhang.get(&app, "/api/v1/me/notices").await;
    assert!(notices.to_string().contains("已记入更正 100.00 元"), "{notices}");
    // The balance is still the sum of the entries.
    let sum: i64 = after.iter().map(|e| e.1).sum();
    assert_eq!(sum, 322_000);
}

async fn file_back_payment(app: &TestApp, who: &actors::Actor, kind: &str, years: &str, tier: &str) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().text("kind", kind.to_owned()).text("years", years.to_owned()).text("tier", tier.to_owned());
    let r = app.client.post(app.url("/api/v1/cases/back-payment")).header("cookie", who.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// C2: Zhang (born 1965, 60 this year, enrolled 2025, 2024 paid) may pay
/// back at most 14 years before enrolment; checked again at approval.
async fn back_payments_are_checked_against_the_ledger(app: TestApp) {
    let zhang = zhang_with_payments(&app).await;
    let refused = |body: Value, text: &str| assert!(body["message"].as_str().unwrap_or_default().contains(text), "{text}: {body}");
    let (status, body) = file_back_payment(&app, &zhang, "lump", "2009-2023", "500").await;
    assert_eq!(status, 400);
    refused(body, "最多可补缴 14 年");
    let (status, body) = file_back_payment(&app, &zhang, "interrupted", "2020", "500").await;
    assert_eq!(status, 400);
    refused(body, "请申请一次性补缴");
    let (status, body) = file_back_payment(&app, &zhang, "lump", "2024", "500").await;
    assert_eq!(status, 400);
    refused(body, "2024 年已有缴费记录");
    let (status, body) = file_back_payment(&app, &zhang, "lump", "2020", "450").await;
    assert_eq!(status, 400);
    refused(body, "缴费档次应为当前标准之一");
    assert_eq!(file_back_payment(&app, &zhang, "lump", "twenty", "500").await.0, 400);
    assert_eq!(file_back_payment(&app, &zhang, "monthly", "2020", "500").await.0, 400);
    assert_eq!(app.count("cases").await, 1, "only the enrolment: nothing half-filed");

    let (status, body) = file_back_payment(&app, &zhang, "lump", "2014-2023", "300").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(file_back_payment(&app, &zhang, "lump", "2010", "300").await.0, 409, "one open back payment");
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert!(case["form"].to_string().contains("3000.00"), "10 years × 300: {case}");

    let township = actors::staff(&app, "b.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "b.county", "county_clerk", "150121").await;
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    // Meanwhile 2015 was paid: the approval is refused with the reason.
    let fund = actors::staff(&app, "b.fund", "league_fund_officer", "1501").await;
    let (status, report) = import_http(&app, &fund, payments(&[zhang_line("2015,300,300,0,30,0,0,2025-05-06,V2015-1")]).into_bytes()).await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(1)), "{report}");
    let (status, body) = decide(&app, &county, &id, "approve", "").await;
    assert_eq!(status, 400, "{body}");
    refused(body, "2015 年已有缴费记录");
    assert_eq!(app.count("back_payments").await, 0);
    assert_eq!(decide(&app, &county, &id, "terminate", "2015 年已缴费，请重新申请").await.0, 200);

    let (status, body) = file_back_payment(&app, &zhang, "lump", "2016-2023", "300").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(decide(&app, &township, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &county, &id, "approve", "").await.0, 200);
    let stored: (String, String, i64) = sqlx::query_as("SELECT kind, years, amount_fen FROM back_payments").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(stored, ("lump".to_owned(), "2016,2017,2018,2019,2020,2021,2022,2023".to_owned(), 240_000));
    let (_, notices) = zhang.get(&app, "/api/v1/me/notices").await;
    assert!(notices.to_string().contains("一次性补缴已核准"), "{notices}");
}

/// The interest run computes in SQL (domain::ledger::interest_sql): on
/// each engine it must give, fen for fen, what the domain's one rounding
/// rule gives (domain::ledger::interest_from_weighted), halves included.
async fn interest_in_sql_rounds_as_the_domain(app: TestApp) {
    let rates = ["0.0262", "0.015", "0.0175", "0.035", "0.03125", "0.0001", "0"];
    // Halves on purpose (× 0.015 / 12 = ÷ 800: 400 is half a fen), zero,
    // negatives (corrections), large balances, and a spread of others.
    let mut weighted: Vec<i64> = vec![0, 1, -1, 400, -400, 1_200, 4_000_000_000, -4_000_000_000, 12_345_678_901];
    let mut x: i64 = 0x2545_F491;
    for _ in 0..300 {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        weighted.push((x >> 20) % 2_000_000_000);
    }
    for rate in rates {
        let rate: domain::Decimal = rate.parse().unwrap();
        // Over an aggregate, as the run uses it (a NUMERIC sum on PostgreSQL).
        let sql = format!("SELECT CAST({} AS BIGINT) FROM (SELECT CAST($1 AS BIGINT) AS w) AS t", domain::ledger::interest_sql("SUM(w)", rate).unwrap());
        for &w in &weighted {
            let fen: i64 = sqlx::query_scalar(&sql).bind(w).fetch_one(app.db.pool()).await.unwrap();
            assert_eq!(fen, domain::ledger::interest_from_weighted(w, rate).fen(), "weighted {w} at {rate}");
        }
    }
    assert!(domain::ledger::interest_sql("w", "0.00000001234567".parse().unwrap()).is_none(), "too many digits are refused");
}

/// One definition of a contribution year (缴费年度), the year paid for:
/// a 2019 contribution deposited in January 2020 counts for 2019, and
/// fourteen years paid on one day count fourteen. The statement, the 告知书
/// list and the claim agree on 15; the ledger's sections stay by the year
/// of crediting.
async fn the_statement_counts_the_years_paid_for(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let fund = fund_officer(&app).await;
    let mut lines = vec![zhang_line("2019,100,100,0,30,0,0,2020-01-16,Y2019")];
    lines.extend((2009..=2018).chain(2020..=2023).map(|y| zhang_line(&format!("{y},100,100,0,30,0,0,2025-04-01,Y{y}"))));
    let (status, report) = import_http(&app, &fund, payments(&lines).into_bytes()).await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(15)), "{report}");
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(account["contribution_years"], 15, "{account}");
    let paid: Vec<(i64, Value)> = account["paid_years"].as_array().unwrap().iter().map(|p| (p["year"].as_i64().unwrap(), p["credited_on"].clone())).collect();
    assert_eq!(paid.first(), Some(&(2009, json!("2025-04-01"))), "{account}");
    assert!(paid.contains(&(2019, json!("2020-01-16"))), "2019 paid, credited in 2020: {account}");
    assert!(paid.contains(&(2024, Value::Null)) && paid.contains(&(2025, Value::Null)), "not paid: {account}");
    assert_eq!(paid.len(), 17, "2009 to 2025: {account}");
    // The ledger's sections by the year of crediting.
    let sections: Vec<i64> =
        account["years"].as_array().unwrap().iter().filter(|y| !y["entries"].as_array().unwrap().is_empty()).map(|y| y["year"].as_i64().unwrap()).collect();
    assert_eq!(sections, [2020, 2025], "{account}");
    // The statement page says so in words.
    let (status, page) = zhang.get_text(&app, "/me/account").await;
    assert_eq!(status, 200);
    assert!(page.contains("已缴，记账 2020-01-16") && page.contains("未缴"), "{page}");
    // The 告知书 list counts the same years.
    let county = actors::staff(&app, "s.county", "county_clerk", "150121").await;
    let (_, rows) = county.get(&app, "/api/v1/benefits/upcoming?months=12").await;
    let row = rows.as_array().unwrap().iter().find(|r| r["name"] == ZHANG.0).cloned().unwrap();
    assert_eq!(row["contribution_years"], 15, "{row}");
}

/// C3: the 政府补贴 column is booked only as the subsidy in force for the
/// tier and year; on a year back-paid by approval (补缴) none, unless a
/// policy parameter grants it. A line otherwise is refused with the reason.
async fn the_subsidy_is_booked_only_as_the_policy_says(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let fund = fund_officer(&app).await;
    let file = payments(&[
        zhang_line("2024,500,500,0,999.00,0,0,2024-03-15,S2024-1"), // 2: 999.00 on the 500 tier
        zhang_line("2024,500,500,0,60.00,0,0,2024-03-16,S2024-2"),  // 3: booked
        zhang_line("2023,300,300,0,30,0,0,2023-03-15,S2023-1"),     // 4: booked
        zhang_line("2022,300,300,0,0,0,0,2022-03-15,S2022-1"),      // 5: no subsidy on a year paid in its time
        zhang_line("2021,100,0,100,30,0,0,2021-03-15,S2021-1"),     // 6: 政府代缴, booked
    ]);
    let (status, report) = import_http(&app, &fund, file.into_bytes()).await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(3)), "{report}");
    let rejected = report["rejected"].to_string();
    assert!(rejected.contains("政府补贴 999.00 元与 2024 年度 500.00 元档次的补贴标准 60.00 元不符"), "{rejected}");
    assert!(rejected.contains("政府补贴 0.00 元与 2022 年度 300.00 元档次的补贴标准 30.00 元不符"), "{rejected}");
    // A back payment of 2016–2018 approved (C2): those years earn no subsidy.
    let (status, body) = file_back_payment(&app, &zhang, "lump", "2016-2018", "300").await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(decide(&app, &actors::staff(&app, "c.township", "township_clerk", "150121100").await, &id, "approve", "").await.0, 200);
    assert_eq!(decide(&app, &actors::staff(&app, "c.county", "county_clerk", "150121").await, &id, "approve", "").await.0, 200);
    let back = payments(&[
        zhang_line("2016,300,300,0,30,0,0,2025-05-06,B2016"), // 2: a subsidy on a back-paid year
        zhang_line("2017,300,300,0,0,0,0,2025-05-06,B2017"),  // 3: booked
    ]);
    let (_, report) = import_http(&app, &fund, back.into_bytes()).await;
    assert_eq!(report["added"], 1, "{report}");
    assert!(report["rejected"].to_string().contains("2016 年为补缴年度，不享受政府补贴"), "{report}");
    // The region grants it from 2018: the subsidy of the tier is due then.
    sqlx::query("INSERT INTO policy_params (key, effective_from, value) VALUES ('subsidy.back_payment', '2018-01-01', '1')")
        .execute(app.db.pool())
        .await
        .unwrap();
    let granted = payments(&[
        zhang_line("2018,300,300,0,0,0,0,2025-05-06,B2018-0"),  // 2: now the subsidy is due
        zhang_line("2018,300,300,0,30,0,0,2025-05-06,B2018-1"), // 3: booked
    ]);
    let (_, report) = import_http(&app, &fund, granted.into_bytes()).await;
    assert_eq!(report["added"], 1, "{report}");
    assert!(report["rejected"].to_string().contains("补贴标准 30.00 元不符"), "{report}");
    let subsidies: Vec<(String, i64, String)> = entries_of(&app, ZHANG.1).await.into_iter().filter(|e| e.0 == "subsidy").collect();
    assert_eq!(subsidies.iter().map(|e| e.1).sum::<i64>(), 6_000 + 3_000 + 3_000 + 3_000, "{subsidies:?}");
}

/// A personal contribution for `year`, as the tax import books it (the
/// import itself is tested above).
async fn paid_for(app: &TestApp, account: &str, year: i32) {
    sqlx::query(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
         VALUES ($1, 'personal', $2, 10000, $3, $4, NULL, $3)",
    )
    .bind(account)
    .bind(format!("tax:{account}:{year}"))
    .bind(format!("{year}-03-01"))
    .bind(i64::from(year))
    .execute(app.db.pool())
    .await
    .unwrap();
}

/// Issue 36 §4: the contribution season. The village assistant lists the
/// people of the village due to pay this year and not yet paid (masked);
/// the county clerk reminds them once, by text message, with their tier;
/// one with no contact on file is counted for a visit; someone who paid,
/// receives a pension or is of pension age is neither listed nor reminded.
async fn the_contribution_season_reminds_the_unpaid_once_and_lists_them_by_village(app: TestApp) {
    use support::pensions::insured;
    let (phone, bao) = ("13847100091", insured(&app, 1, "包金花", "1980-05-01").await);
    // In the household register, with her mobile number (as the registry
    // import writes it; that import is tested in registry.rs).
    sqlx::query(
        "INSERT INTO registry_persons (id_kind, id_number, name, sex, birth_date, ethnicity, address, village_code, phone, record_date, batch_id) \
         VALUES ('resident_id', $1, '包金花', 'female', '1980-05-01', '蒙古族', '北只图村3号', '150121100201', $2, '2025-01-01', 'fixture')",
    )
    .bind(&bao)
    .bind(phone)
    .execute(app.db.pool())
    .await
    .unwrap();
    let wuyun = insured(&app, 2, "乌云", "1985-09-09").await;
    insured(&app, 3, "高娃", "1982-01-01").await;
    paid_for(&app, "acct-3", 2025).await;
    insured(&app, 4, "其其格", "1960-01-01").await;

    let assistant = actors::staff(&app, "s.assistant", "village_assistant", "150121100201").await;
    let (status, rows) = assistant.get(&app, "/api/v1/contributions/unpaid").await;
    assert_eq!(status, 200, "{rows}");
    let listed: Vec<(String, String)> =
        rows.as_array().unwrap().iter().map(|r| (r["name_masked"].as_str().unwrap().to_owned(), r["document_masked"].as_str().unwrap().to_owned())).collect();
    let masked = |n: &str| format!("{}********{}", &n[..6], &n[14..]);
    assert_eq!(listed, vec![("包**".to_owned(), masked(&bao)), ("乌*".to_owned(), masked(&wuyun))], "{rows}");
    assert_eq!((rows[0]["tier"].as_str(), rows[0]["year"].as_i64(), &rows[0]["reminded_on"]), (Some("100.00"), Some(2025), &Value::Null));
    let far = actors::staff(&app, "s.far", "village_assistant", "150121100202").await;
    assert_eq!(far.get(&app, "/api/v1/contributions/unpaid").await.1, json!([]), "another village's");
    assert_eq!(assistant.post(&app, "/api/v1/contributions/reminders", json!({})).await.0, 403, "the county reminds");

    let county = actors::staff(&app, "s.county", "county_clerk", "150121").await;
    let (status, body) = county.post(&app, "/api/v1/contributions/reminders", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["message"], "已提醒 1 人；此前已提醒 0 人；1 人没有手机号码或电子邮箱，请村协办员当面告知");
    app.deliver().await;
    assert!(app.phones.has(phone, "2025年度养老保险开始缴费，您选的档次每年100.00元"), "{:?}", app.phones.texts_to(phone));
    let (_, body) = county.post(&app, "/api/v1/contributions/reminders", json!({})).await;
    assert_eq!(body["message"], "已提醒 0 人；此前已提醒 1 人；1 人没有手机号码或电子邮箱，请村协办员当面告知", "once a year");
    app.deliver().await;
    assert_eq!(app.phones.texts_to(phone).len(), 1, "sent once");
    let (_, rows) = assistant.get(&app, "/api/v1/contributions/unpaid").await;
    assert!(rows[0]["reminded_on"].is_string() && rows[1]["reminded_on"].is_null(), "{rows}");

    // She pays: she is off the list.
    paid_for(&app, "acct-1", 2025).await;
    let (_, rows) = assistant.get(&app, "/api/v1/contributions/unpaid").await;
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    let (_, page) = assistant.get_text(&app, "/staff/unpaid").await;
    assert!(page.contains("本年度未缴费人员") && page.contains(&masked(&wuyun)) && !page.contains(&wuyun), "the page, masked");
    let audited: i64 = app.count("audit_log WHERE action IN ('contribution.remind', 'contribution.unpaid_list')").await;
    assert!(audited >= 6, "every list and run audited: {audited}");
}
