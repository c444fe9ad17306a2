//! Pensions and payrolls set up over HTTP (issue 6), shared by the
//! benefits, deregistration and oversight tests.

use super::TestApp;
use super::actors::{self, Actor, ZHANG};
use super::filing::insured_zhang;
use serde_json::{Value, json};

pub const HEADER: &str = "证件类型,证件号码,姓名,缴费年度,缴费档次,个人缴费,政府代缴,政府补贴,集体补助,社会资助,缴入国库日期,税票号码";

/// Zhang (born 8 March 1965: 60 on 8 March 2025) with `years` years of
/// 500 + 60 subsidy from 2010 on, each deposited on 15 March of its year.
pub async fn zhang_with_years(app: &TestApp, fund: &Actor, from: i32, years: i32) {
    zhang_paying(app, fund, from, years, 500, 60).await;
}

pub async fn zhang_paying(app: &TestApp, fund: &Actor, from: i32, years: i32, tier: i32, subsidy: i32) {
    let lines: Vec<String> = (from..from + years)
        .map(|y| format!("居民身份证,{},{},{y},{tier},{tier},0,{subsidy},0,0,{y}-03-15,P{y}", ZHANG.1, ZHANG.0))
        .collect();
    let (status, report) = fund.post_csv(app, "/api/v1/fund/tax-payments?file_name=p.csv", format!("{HEADER}\n{}\n", lines.join("\n")).into_bytes()).await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(i64::from(years))), "{report}");
}

pub async fn month(app: &TestApp, county: &Actor, fund: &Actor, m: &str) -> Value {
    let (status, b) = county.post(app, "/api/v1/payroll/generate", json!({"place": "150121", "month": m})).await;
    assert_eq!(status, 200, "{m}: {b}");
    let (status, checked) = fund.post(app, "/api/v1/payroll/check", json!({"place": "1501", "month": m})).await;
    assert_eq!(status, 200, "{m}: {checked}");
    assert_eq!(checked[0]["state"], "checked", "{m}: every difference explained: {checked}");
    checked[0].clone()
}

/// The league's bank file for a checked month, as the bank reads it: the
/// fields of each payment line (流水号 first, 金额 fifth, 所属期 sixth).
pub async fn bank_lines(app: &TestApp, fund: &Actor, m: &str) -> Vec<Vec<String>> {
    let (status, file) = fund.post(app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": m})).await;
    assert_eq!(status, 200, "{file}");
    let (_, csv) = fund.get_text(app, &format!("/api/v1/fund/exports/{}", file["id"].as_str().unwrap())).await;
    csv.lines().skip(2).map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

/// A month's payroll of county 150121 checked, sent and all paid.
pub async fn paid_month(app: &TestApp, county: &Actor, fund: &Actor, m: &str) {
    month(app, county, fund, m).await;
    let lines: Vec<String> = bank_lines(app, fund, m).await.iter().map(|f| format!("{},{},成功,", f[0], f[4])).collect();
    let (status, report) = fund.post_csv(app, &format!("/api/v1/payroll/returns?file_name={m}.csv"), format!("流水号,金额,结果,失败原因\n{}\n", lines.join("\n")).into_bytes()).await;
    assert_eq!((status, report["rejected"].as_array().map(Vec::len)), (200, Some(0)), "{report}");
}

/// Zhang with 15 years at the 100 tier (15 × 130 = 1,950.00) and a pension
/// as if determined in December 2019 (set up directly: the claim itself is
/// tested above): 197.00 + 1,950.00 ÷ 139 = 14.03 → 211.03 a month from
/// January 2020.
pub async fn zhang_receiving_since_2020(app: &TestApp) -> (Actor, Actor, Actor) {
    let zhang = insured_zhang(app).await;
    let fund = actors::staff(app, "o.fund", "league_fund_officer", "1501").await;
    zhang_paying(app, &fund, 2010, 15, 100, 30).await;
    let account: String = sqlx::query_scalar("SELECT id FROM personal_accounts").fetch_one(app.db.pool()).await.unwrap();
    let jan = domain::benefit::Month::parse("2020-01").unwrap().0;
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on) \
         VALUES ('p-zhang', $1, 'resident_id', $2, '150121', 'fixture', $3, $3, 15, 195000, 139, 19700, 1403, 0, 21103, 'active', '2019-12-20')",
    )
    .bind(&account)
    .bind(ZHANG.1)
    .bind(jan)
    .execute(app.db.pool())
    .await
    .unwrap();
    sqlx::query("INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor) VALUES ('e-start', 'p-zhang', 'start', 21103, 'fixture', '2019-12-20T00:00:00.000000Z', 'fixture')")
        .execute(app.db.pool())
        .await
        .unwrap();
    let county = actors::staff(app, "o.county", "county_clerk", "150121").await;
    (zhang, county, fund)
}


/// Zhang's death on `on`, in a registry file an administrator imports
/// (newer than the demo registry's record of her).
pub async fn registry_death(app: &TestApp, admin: &Actor, on: &str) {
    let file = format!(
        "证件类型,证件号码,姓名,性别,出生日期,民族,户籍地址,村(社区)代码,联系电话,电子邮箱,死亡日期,记录日期\n\
         居民身份证,{},{},女,1965-03-08,汉族,土默特左旗察素齐镇北只图村12号,150121100201,13847100001,{},{on},2026-11-01\n",
        ZHANG.1, ZHANG.0, ZHANG.2
    );
    let (status, report) = admin.post_csv(app, "/api/v1/admin/registry-imports?file_name=r.csv", file.into_bytes()).await;
    assert_eq!((status, report["updated"].as_i64()), (200, Some(1)), "{report}");
}
