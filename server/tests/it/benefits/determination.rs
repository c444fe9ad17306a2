//! B1 (precision), B2, B4: a new pension divides the account's whole
//! stored amount, with the interest to the month before its first month;
//! the estimate at filing, the 告知书 list and a review follow the same
//! rule; the year-end run then posts the year's interest less what was
//! posted, so a year's interest is the same with or without a pension
//! determined in it. Both engines; every figure worked by hand.

use crate::support::actors::{self, ZHANG};
use crate::support::filing::{decide, insured_zhang};
use crate::support::pensions::{claim_at_window, fifteen_years, insured, zhang_with_years};
use crate::support::{self, TestApp, on_day};
use chrono::NaiveDate;
use serde_json::{Value, json};

on_both_engines!(a_new_pension_divides_the_whole_stored_amount, a_late_claim_counts_interest_to_the_month_before_its_first_month,);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn interest_entries(app: &TestApp, id_number: &str) -> Vec<(String, i64, String)> {
    sqlx::query_as(
        "SELECT e.source, e.amount_fen, e.credited_on FROM account_entries e JOIN personal_accounts a ON a.id = e.account_id \
         WHERE a.id_number = $1 AND e.kind = 'interest' ORDER BY e.credited_on, e.source",
    )
    .bind(id_number)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

fn fact<'a>(case: &'a Value, label: &str) -> &'a str {
    case["form"].as_array().unwrap().iter().find(|f| f[0] == label).and_then(|f| f[1].as_str()).unwrap_or("")
}

/// Zhang (60 on 8 March 2025: first month April 2025) and a neighbour with
/// the same ledger, fifteen years of 500 from 2010, each deposited on
/// 15 March with its year's subsidy (30 to 2013, then 60); 2024's year-end
/// interest posted for both.
///
/// By hand: 4 × 530 + 11 × 560 = 8,280.00. 2024 at 2.62 % on 7,720 × 12 +
/// 560 × 9 = 97,680 → 213.27 (213.268); the stored amount at the end of
/// March 2025 is 8,280 + 213.27 = 8,493.27 and its interest January–March
/// at 1.50 %: 8,493.27 × 3 × 0.015 / 12 = 31.85 (31.8497…). 8,525.12 ÷ 139
/// = 61.3318… → 61.33; with the basic 197 and no extra at 15 years, 258.33
/// a month (the ledger as booked alone would give 8,493.27 ÷ 139 = 61.10).
///
/// The year 2025 at its end: 8,493.27 × 12 × 0.015 / 12 = 127.40
/// (127.399…) for both; for Zhang 31.85 of it was posted at the
/// determination (it earns nothing in its own year), so the run posts
/// 95.55.
async fn a_new_pension_divides_the_whole_stored_amount(app: TestApp) {
    let zhang = insured_zhang(&app).await;
    let fund = actors::staff(&app, "d.fund", "league_fund_officer", "1501").await;
    zhang_with_years(&app, &fund, 2010, 15).await;
    let neighbour = insured(&app, 1, "邻居", "1965-03-09").await;
    let lines: Vec<String> =
        (2010..2025).map(|y| format!("居民身份证,{neighbour},邻居,{y},500,500,0,{},0,0,{y}-03-15,N{y}", if y < 2014 { 30 } else { 60 })).collect();
    let (status, report) = fund
        .post_csv(&app, "/api/v1/fund/tax-payments?file_name=n.csv", format!("{}\n{}\n", super::support::pensions::HEADER, lines.join("\n")).into_bytes())
        .await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(15)), "{report}");
    assert!(app.run_cli(&["interest", "--year", "2024"]).status.success());
    assert_eq!(interest_entries(&app, ZHANG.1).await, [("interest:2024".to_owned(), 21_327, "2024-12-31".to_owned())]);

    // The 告知书 list: the same rule as the claim.
    let county = actors::staff(&app, "d.county", "county_clerk", "150121").await;
    let (_, rows) = county.get(&app, "/api/v1/benefits/upcoming?months=12").await;
    let row = rows.as_array().unwrap().iter().find(|r| r["name"] == ZHANG.0).cloned().unwrap();
    assert_eq!((row["balance"].as_str(), row["estimate"].as_str()), (Some("8525.12"), Some("258.33")), "{row}");

    // The claim: the estimate at filing, then the determination.
    let form = reqwest::multipart::Form::new().text("bank_card", "6222021500001234");
    let r = app.client.post(app.url("/api/v1/cases/benefit-claim")).header("cookie", zhang.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let (_, case) = zhang.get(&app, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(fact(&case, "月养老金合计（元，申请时测算）"), "258.33", "{case}");
    assert_eq!((fact(&case, "个人账户储存额（元）"), fact(&case, "其中计至起发月前一月的利息（元）")), ("8525.12", "31.85"), "{case}");
    let township = actors::staff(&app, "d.township", "township_clerk", "150121100").await;
    let county2 = actors::staff(&app, "d.county2", "county_clerk", "150121").await;
    for who in [&township, &county, &county2] {
        assert_eq!(decide(&app, who, &id, "approve", "").await.0, 200);
    }
    let (_, pension) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(
        (pension["balance_at_determination"].as_str(), pension["interest_at_determination"].as_str(), pension["divisor"].as_i64()),
        (Some("8525.12"), Some("31.85"), Some(139)),
        "{pension}"
    );
    assert_eq!((pension["account"].as_str(), pension["monthly"].as_str()), (Some("61.33"), Some("258.33")), "{pension}");
    // The interest to March is in the ledger, as the statement shows it.
    assert_eq!(
        interest_entries(&app, ZHANG.1).await,
        [("interest:2024".to_owned(), 21_327, "2024-12-31".to_owned()), ("interest:2025:to:3".to_owned(), 3_185, "2025-03-31".to_owned())]
    );
    let (_, account) = zhang.get(&app, "/api/v1/me/account").await;
    assert_eq!(account["balance"], "8525.12", "{account}");

    // B4: a review by the same rule finds the amount right.
    let form = reqwest::multipart::Form::new().text("reason", "请核对个人账户养老金");
    let r = app.client.post(app.url("/api/v1/cases/benefit-review")).header("cookie", zhang.cookie.clone().unwrap()).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let review = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    for who in [&county, &county2] {
        assert_eq!(decide(&app, who, &review, "approve", "").await.0, 200);
    }
    let (_, pension) = zhang.get(&app, "/api/v1/me/pension").await;
    assert_eq!(pension["review"]["state"], "no_change", "{pension}");

    // The year end: the year's interest less what was posted.
    let by = app::backend::infra::audit::system_entry("batch", "", None, None);
    app::backend::money::interest::post_interest(&app.db, 2025, day("2026-01-10"), 50_000, &by).await.unwrap();
    let of_2025 = |entries: Vec<(String, i64, String)>| -> (i64, Vec<i64>) {
        let year: Vec<i64> = entries.into_iter().filter(|e| e.0.starts_with("interest:2025")).map(|e| e.1).collect();
        (year.iter().sum(), year)
    };
    assert_eq!(of_2025(interest_entries(&app, ZHANG.1).await), (12_740, vec![3_185, 9_555]));
    assert_eq!(of_2025(interest_entries(&app, &neighbour).await), (12_740, vec![12_740]), "the same year's interest without a pension");
}

/// A late claim: she turned 60 on 20 May 2024 (first month June 2024) and
/// claims in December 2026, after the year-end runs of 2023, 2024 and 2025.
/// The stored amount is the one at the end of May 2024, interest to then
/// included; the months since are arrears.
///
/// By hand: 15 years of 100 + 30 (2009–2023), each on 15 March: 1,950.00.
/// 2023 at 3.97 % on 1,820 × 12 + 130 × 9 = 23,010 → 76.12 (posted by the
/// run); 2024 January–May at 2.62 % on 2,026.12 × 5 → 22.12 (22.118…),
/// held in the 2024 year-end entry already (53.08), so nothing is posted
/// again. 2,048.24 ÷ 139 = 14.7355… → 14.74; 211.74 a month.
async fn a_late_claim_counts_interest_to_the_month_before_its_first_month(app: TestApp) {
    let fund = actors::staff(&app, "l.fund", "league_fund_officer", "1501").await;
    let her = insured(&app, 7, "晚申领", "1964-05-20").await;
    let lines: Vec<String> = (2009..2024).map(|y| format!("居民身份证,{her},晚申领,{y},100,100,0,30,0,0,{y}-03-15,L{y}")).collect();
    let (status, report) = fund
        .post_csv(&app, "/api/v1/fund/tax-payments?file_name=l.csv", format!("{}\n{}\n", super::support::pensions::HEADER, lines.join("\n")).into_bytes())
        .await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(15)), "{report}");
    for year in ["2023", "2024"] {
        assert!(app.run_cli(&["interest", "--year", year]).status.success());
    }
    let by = app::backend::infra::audit::system_entry("batch", "", None, None);
    app::backend::money::interest::post_interest(&app.db, 2025, day("2026-01-10"), 50_000, &by).await.unwrap();
    let posted = interest_entries(&app, &her).await;
    assert_eq!(posted.iter().map(|e| e.1).collect::<Vec<_>>(), [7_612, 5_308, 3_119], "{posted:?}");

    let december = on_day(&app, day("2026-12-10")).await;
    let filer = actors::staff(&app, "l.filer", "township_clerk", "150121100").await;
    let township = actors::staff(&app, "l.township", "township_clerk", "150121100").await;
    let county = actors::staff(&app, "l.county", "county_clerk", "150121").await;
    let county2 = actors::staff(&app, "l.county2", "county_clerk", "150121").await;
    claim_at_window(&december, &filer, [&township, &county, &county2], &her).await;
    let (balance, interest, account, monthly, first): (i64, i64, i64, i64, i64) =
        sqlx::query_as("SELECT balance_fen, interest_fen, account_fen, monthly_fen, first_month FROM pensions WHERE id_number = $1")
            .bind(&her)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((balance, interest, account, monthly), (204_824, 2_212, 1_474, 21_174));
    assert_eq!(domain::benefit::Month(first).to_string(), "2024-06");
    assert_eq!(interest_entries(&app, &her).await, posted, "the interest to May 2024 was in the ledger already: nothing posted twice");
    let _ = (json!({}), support::test_today(), fifteen_years);
}
