//! Pensions and payrolls set up over HTTP (issue 6), shared by the
//! benefits, deregistration and oversight tests.

use super::TestApp;
use super::actors::{self, Actor, ZHANG};
use super::filing::insured_zhang;
use serde_json::{Value, json};

pub const HEADER: &str = "证件类型,证件号码,姓名,缴费年度,缴费档次,个人缴费,政府代缴,政府补贴,集体补助,社会资助,缴入国库日期,税票号码";

/// Zhang (born 8 March 1965: 60 on 8 March 2025) with `years` years of
/// 500 from 2010 on, each deposited on 15 March of its year, with the
/// subsidy of the year (the pilot's flat 30 before 2014, then 60).
pub async fn zhang_with_years(app: &TestApp, fund: &Actor, from: i32, years: i32) {
    zhang_paying(app, fund, from, years, 500, 60).await;
}

/// Zhang's years at `tier`, with `subsidy` from 2014 (the merged scheme)
/// and the pilot's flat 30 before (the policy table's).
pub async fn zhang_paying(app: &TestApp, fund: &Actor, from: i32, years: i32, tier: i32, subsidy: i32) {
    let lines: Vec<String> = (from..from + years)
        .map(|y| {
            let subsidy = if y < 2014 { 30 } else { subsidy };
            format!("居民身份证,{},{},{y},{tier},{tier},0,{subsidy},0,0,{y}-03-15,P{y}", ZHANG.1, ZHANG.0)
        })
        .collect();
    let (status, report) = fund.post_csv(app, "/api/v1/fund/tax-payments?file_name=p.csv", format!("{HEADER}\n{}\n", lines.join("\n")).into_bytes()).await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(i64::from(years))), "{report}");
}

/// A month of county 150121 generated, checked and sent to the bank (the
/// next month waits for it): the batch as checked.
pub async fn month(app: &TestApp, county: &Actor, fund: &Actor, m: &str) -> Value {
    let (status, b) = county.post(app, "/api/v1/payroll/generate", json!({"place": "150121", "month": m})).await;
    assert_eq!(status, 200, "{m}: {b}");
    let (status, checked) = fund.post(app, "/api/v1/payroll/check", json!({"place": "1501", "month": m})).await;
    assert_eq!(status, 200, "{m}: {checked}");
    let sent = if b["items"] == 0 { "sent" } else { "checked" };
    assert_eq!(checked[0]["state"], sent, "{m}: every difference explained: {checked}");
    if b["items"] != 0 {
        let (status, file) = fund.post(app, "/api/v1/payroll/bank-files", json!({"place": "1501", "month": m})).await;
        assert_eq!(status, 200, "{m}: {file}");
    }
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
    let (status, report) = fund
        .post_csv(app, &format!("/api/v1/payroll/returns?file_name={m}.csv"), format!("流水号,金额,结果,失败原因\n{}\n", lines.join("\n")).into_bytes())
        .await;
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

fn month_no(s: &str) -> i64 {
    domain::benefit::Month::parse(s).unwrap().0
}

/// A woman of county 150121 born on `birth` (serial `n`), insured with an
/// account and a bank card, written directly (enrolment is tested
/// elsewhere); her ID number.
pub async fn insured(app: &TestApp, n: u32, name: &str, birth: &str) -> String {
    let number = domain::id_number::with_check_char(&format!("150121{}{:03}", birth.replace('-', ""), n * 2));
    sqlx::query(
        "INSERT INTO insured_persons (id_kind, id_number, name, village_code, tier, enrolled_on, enrolment_case, sex, birth_date, ethnicity, bank_card) \
         VALUES ('resident_id', $1, $2, $3, '100.00', '2010-01-01', 'fixture', 'female', $4, '汉族', $5)",
    )
    .bind(&number)
    .bind(name)
    .bind("150121100201")
    .bind(birth)
    .bind(format!("62220215{:08}", n))
    .execute(app.db.pool())
    .await
    .unwrap();
    sqlx::query("INSERT INTO personal_accounts (id, id_kind, id_number, opened_on) VALUES ($1, 'resident_id', $2, '2010-01-01')")
        .bind(format!("acct-{n}"))
        .bind(&number)
        .execute(app.db.pool())
        .await
        .unwrap();
    number
}

/// A pension of `monthly` fen from `first`, the months before `next` paid
/// before this system (as the demo's), with its start recorded on
/// 1 June 2025 as the claim records it.
pub async fn receiving(app: &TestApp, n: u32, number: &str, first: &str, next: &str, monthly: i64) -> String {
    let id = format!("p-{n}");
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on) \
         VALUES ($1, $2, 'resident_id', $3, '150121', 'fixture', $4, $5, 15, 0, 139, $6, 0, 0, $6, 'active', '2025-06-01')",
    )
    .bind(&id)
    .bind(format!("acct-{n}"))
    .bind(number)
    .bind(month_no(first))
    .bind(month_no(next))
    .bind(monthly)
    .execute(app.db.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
         VALUES ($1, $2, 'start', $3, 'fixture', '2025-06-01T00:00:00.000000Z', 'fixture', $4)",
    )
    .bind(format!("start-{id}"))
    .bind(&id)
    .bind(monthly)
    .bind(month_no(first))
    .execute(app.db.pool())
    .await
    .unwrap();
    id
}

/// Fifteen years (2010–2024) at the 100 tier for each person, through the
/// tax bureau's file.
pub async fn fifteen_years(app: &TestApp, fund: &Actor, people: &[(&str, &str)]) {
    let lines: Vec<String> = people
        .iter()
        .flat_map(|(number, name)| (2010..2025).map(move |y| format!("居民身份证,{number},{name},{y},100,100,0,30,0,0,{y}-03-15,T{y}-{number}")))
        .collect();
    let (status, report) = fund.post_csv(app, "/api/v1/fund/tax-payments?file_name=years.csv", format!("{HEADER}\n{}\n", lines.join("\n")).into_bytes()).await;
    assert_eq!((status, report["added"].as_i64()), (200, Some(lines.len() as i64)), "{report}");
}

/// A claim for `number` filed at the window by `filer` with the signed
/// form, and approved at its three steps (初审, 复核, 审核) by `deciders`
/// on `app`'s day: the start is recorded then.
pub async fn claim_at_window(app: &TestApp, filer: &Actor, deciders: [&Actor; 3], number: &str) {
    let form = reqwest::multipart::Form::new()
        .text("document_kind", "居民身份证")
        .text("document_number", number.to_owned())
        .text("confirmation", "签字")
        .part("signed_form", reqwest::multipart::Part::bytes(super::filing::PDF.to_vec()).file_name("form.pdf"));
    let (status, body) = super::filing::file_to(app, filer, "/api/v1/cases/benefit-claim", form).await;
    assert_eq!(status, 200, "claim filed for {number}: {body}");
    let id = body["id"].as_str().unwrap().to_owned();
    for who in deciders {
        let (status, body) = super::filing::decide(app, who, &id, "approve", "").await;
        assert_eq!(status, 200, "{}: {body}", who.label);
    }
}
