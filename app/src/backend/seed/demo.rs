//! Demo data, loaded only when asked (`server serve --demo`, `server
//! load-demo`; README lists what it holds), once. Later features add their
//! demo people and cases here.

use crate::backend::infra::db::Db;
use crate::backend::infra::reference::{DEMO_DIVISIONS, insert_divisions};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use chrono::Datelike;

const MARKER: &str = "demo_loaded";
/// Set once the demo's insured people, payments, interest and pensioner
/// are in: a start later (another year) posts nothing more.
const LEDGER_MARKER: &str = "demo_ledger_loaded";

/// The whole demo, once: the registry people ([`load_demo_once`]), then
/// the insured people, their payments, the interest of the years closed
/// on `today` and a pensioner ([`load_demo_ledger`]). A load cut short is
/// completed by the next (each step is idempotent). Returns whether the
/// ledger part was loaded now.
pub async fn load_demo(db: &Db, today: chrono::NaiveDate) -> AppResult<bool> {
    load_demo_once(db).await?;
    let done: Option<String> = sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1").bind(LEDGER_MARKER).fetch_optional(db.pool()).await?;
    if done.is_some() {
        return Ok(false);
    }
    load_demo_ledger(db, today).await?;
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(LEDGER_MARKER)
        .bind(today.to_string())
        .execute(db.pool())
        .await?;
    Ok(true)
}
/// The residents in the registry (README lists them).
pub const DEMO_REGISTRY: &str = include_str!("../../../data/demo_registry.csv");

/// Loads the demo data unless it was loaded before. Returns whether it did.
pub async fn load_demo_once(db: &Db) -> AppResult<bool> {
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(MARKER)
        .bind("1")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed > 0 {
        insert_divisions(&mut tx, "demo_divisions.csv", DEMO_DIVISIONS).await?;
        crate::backend::infra::audit::append(&mut tx, &crate::backend::infra::audit::system_entry("system", "demo.load", None, None)).await?;
        tx.commit().await?;
    } else {
        drop(tx);
    }
    // Idempotent by the file's hash, so this also completes a load that
    // was cut short between the two steps.
    let by = crate::backend::infra::audit::system_entry("system", "", None, None);
    crate::backend::benefits::certification::import_registry(db, "demo_registry.csv", DEMO_REGISTRY.as_bytes(), chrono::Local::now().date_naive(), &by).await?;
    Ok(claimed > 0)
}

/// Demo insured people with a personal account and payments from the tax
/// bureau (README): 李建国 of 新城区, Hohhot (three years), and 刘淑珍 of
/// 土默特左旗, 60 in May 2024 with 15 years (2010–2024): she can claim her
/// pension (B3); 赵玉兰 of the same village, receiving her pension since
/// October 2023 (`DEMO_PENSIONER`), due to certify (B9); 王秀英, who paid
/// in 2009 and died on 12 September 2026 (the registry says so): her heir
/// can file her deregistration (D3); 萨仁 of 巴林右旗, 60 in July 2024
/// with 15 years, who claims in Mongolian with the keyboard alone (the
/// browser suite). Ethnic group as the registry has it.
/// `(number, name, village, sex, birth date, enrolled on, account, tier)`.
pub const DEMO_INSURED: [(&str, &str, &str, &str, &str, &str, &str, &str); 5] = [
    ("150102199001011134", "李建国", "150102001001", "male", "1990-01-01", "2023-01-05", "demo-account", "500.00"),
    ("150121196405101246", "刘淑珍", "150121100201", "female", "1964-05-10", "2010-03-01", "demo-account-2", "300.00"),
    ("150121196309121247", "赵玉兰", "150121100201", "female", "1963-09-12", "2009-03-01", "demo-account-3", "200.00"),
    ("150121195004121284", "王秀英", "150121100202", "female", "1950-04-12", "2009-03-01", "demo-account-4", "100.00"),
    ("150423196407202269", "萨仁", "150423100201", "female", "1964-07-20", "2010-03-01", "demo-account-5", "300.00"),
];

/// The demo recipient: her pension determined on 28 September 2023 from
/// the ledger then, paid by the county's payroll from this month on
/// (earlier months were paid before this system), last certified by data
/// comparison on 15 December 2025.
pub const DEMO_PENSIONER: (&str, &str, &str) = ("150121196309121247", "demo-account-3", "2023-09-28");
pub const DEMO_TAX_PAYMENTS: &str = include_str!("../../../data/demo_tax_payments.csv");

/// Makes the demo insured people insured with an account, books the demo
/// payment file and posts the interest of every closed year (each step
/// idempotent).
async fn load_demo_ledger(db: &Db, today: chrono::NaiveDate) -> AppResult<()> {
    // Every demo payment must be in the past, or the lines after `today`
    // are refused once and for all (the file counts as imported).
    let last_payment = DEMO_TAX_PAYMENTS
        .lines()
        .filter_map(|l| l.split(',').nth(10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()))
        .max()
        .unwrap_or(today);
    if today < last_payment {
        return Err(AppError::invalid(msg::demo_today_before_payment(last_payment, today)));
    }
    let mut tx = db.begin_write().await?;
    for (number, name, village, sex, birth, enrolled, account, tier) in DEMO_INSURED {
        sqlx::query(
            "INSERT INTO insured_persons (id_kind, id_number, name, village_code, tier, enrolled_on, enrolment_case, sex, birth_date, ethnicity, bank_card) \
             VALUES ('resident_id', $1, $2, $3, $8, $4, 'demo', $5, $6, \
             COALESCE((SELECT ethnicity FROM registry_persons WHERE id_kind = 'resident_id' AND id_number = $1), '汉族'), $7) ON CONFLICT (id_kind, id_number) DO NOTHING",
        )
        .bind(number)
        .bind(name)
        .bind(village)
        .bind(enrolled)
        .bind(sex)
        .bind(birth)
        .bind(format!("6222021{}", &number[6..18]))
        .bind(tier)
        .execute(&mut *tx)
        .await?;
        let opened =
            sqlx::query("INSERT INTO personal_accounts (id, id_kind, id_number, opened_on) VALUES ($1, 'resident_id', $2, $3) ON CONFLICT (id) DO NOTHING")
                .bind(account)
                .bind(number)
                .bind(enrolled)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if opened == 1 {
            crate::backend::money::registration::queue(&mut tx, account, "new", None).await?;
        }
    }
    tx.commit().await?;
    let by = crate::backend::infra::audit::system_entry("system", "", None, None);
    crate::backend::money::tax::import_payments(db, "demo_tax_payments.csv", DEMO_TAX_PAYMENTS.as_bytes(), today, None, &by).await?;
    // The years with a published rate (REQUIREMENTS §5: from 2016).
    for year in 2016..today.year() {
        crate::backend::money::interest::post_interest(db, year, today, crate::backend::money::interest::INTEREST_CHUNK, &by).await?;
    }
    load_demo_pension(db, today).await
}

async fn load_demo_pension(db: &Db, today: chrono::NaiveDate) -> AppResult<()> {
    use domain::benefit::{self, Month};
    let (number, account, determined) = DEMO_PENSIONER;
    let on = chrono::NaiveDate::parse_from_str(determined, "%Y-%m-%d").map_err(AppError::internal)?;
    let birth = chrono::NaiveDate::parse_from_str(DEMO_INSURED[2].4, "%Y-%m-%d").map_err(AppError::internal)?;
    let mut tx = db.begin_write().await?;
    // Determined as a claim is (B1): on the stored amount with interest to
    // the month before the first month paid.
    let first = benefit::first_month(birth, &crate::backend::infra::reference::policy_on(&mut *tx, on).await?);
    let stored = crate::backend::money::interest::stored_amount(on, &mut tx, account, first, on).await?;
    let policy = crate::backend::infra::reference::policy_on(&mut *tx, first.first_day()).await?;
    let d =
        benefit::determine(birth, stored.years.len() as u32, stored.balance, &policy).map_err(|e| AppError::invalid(msg::demo_pension_cannot_determine(e)))?;
    let pension = format!("demo-pension-{number}");
    let added = sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on, interest_fen) \
         VALUES ($1, $2, 'resident_id', $3, '150121', 'demo', $4, $5, $6, $7, $8, $9, $10, $11, $12, 'active', $13, $14) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&pension)
    .bind(account)
    .bind(number)
    .bind(d.first_month.0)
    .bind(Month::of(today).0.max(d.first_month.0))
    .bind(i64::from(d.contribution_years))
    .bind(d.balance.fen())
    .bind(i64::from(d.divisor))
    .bind(d.basic.fen())
    .bind(d.account.fen())
    .bind(d.extra.fen())
    .bind(d.monthly.fen())
    .bind(determined)
    .bind(stored.interest.fen())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if added == 1 {
        let postings: Vec<(&str, String, domain::Yuan, chrono::NaiveDate)> =
            stored.postings.iter().map(|(source, amount, on)| ("interest", source.clone(), *amount, *on)).collect();
        crate::backend::money::ledger::post(&mut tx, account, &postings).await?;
        sqlx::query(
            "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
             VALUES ($1, $2, 'start', $3, '演示数据', $4, 'system', $5)",
        )
        .bind(format!("{pension}-start"))
        .bind(&pension)
        .bind(d.monthly.fen())
        .bind(format!("{determined}T00:00:00.000000Z"))
        .bind(d.first_month.0)
        .execute(&mut *tx)
        .await?;
        let certified = chrono::NaiveDate::from_ymd_opt(2025, 12, 15).expect("a date").min(today).max(on);
        crate::backend::benefits::certification::record(&mut tx, &pension, "data", certified, "registry:demo", today, "system", true).await?;
    }
    tx.commit().await.map_err(AppError::internal)
}

/// Demo staff: one account per role (README lists them).
pub const DEMO_STAFF: [(&str, &str, &str, &str); 13] = [
    ("admin", "系统管理员（演示）", "administrator", "15"),
    ("auditor", "稽核内控员（演示）", "auditor", "15"),
    ("hhht.fund", "呼和浩特市基金财务员（演示）", "league_fund_officer", "1501"),
    ("tmzq.county", "土默特左旗复核员（演示）", "county_clerk", "150121"),
    ("csq.clerk", "察素齐镇经办员（演示）", "township_clerk", "150121100"),
    ("bzt.assistant", "北只图村协办员（演示）", "village_assistant", "150121100201"),
    // Second clerks, so that a case can pass two steps by two people.
    ("csq.clerk2", "察素齐镇经办员二（演示）", "township_clerk", "150121100"),
    ("tmzq.county2", "土默特左旗复核员二（演示）", "county_clerk", "150121"),
    // Two more county clerks for the deregistration walk-through (初审, 审核).
    ("tmzq.county3", "土默特左旗经办员三（演示）", "county_clerk", "150121"),
    ("tmzq.county4", "土默特左旗经办员四（演示）", "county_clerk", "150121"),
    // The county clerk of the transfer walk-through (关系转入, 制度衔接).
    ("tmzq.county5", "土默特左旗经办员五（演示）", "county_clerk", "150121"),
    // Another, who confirms the money of a 制度衔接 whose 《信息表》 the
    // fifth recorded (separation of duties).
    ("tmzq.county6", "土默特左旗经办员六（演示）", "county_clerk", "150121"),
    // A county clerk of 巴林右旗 (the Mongolian 告知书 of 萨仁).
    ("bylq.county", "巴林右旗经办员（演示）", "county_clerk", "150423"),
];
pub const DEMO_KIOSK: (&str, &str) = ("察素齐镇便民服务中心1号机（演示）", "150121100");

/// Makes sure the demo staff and kiosk exist, and returns fresh links for
/// those not set up yet: a first-passkey link for each staff member
/// without one, and the setup link of the kiosk until a device holds it.
pub async fn demo_links(state: &crate::backend::AppState, public_url: &str) -> AppResult<Vec<String>> {
    use crate::backend::identity::kiosks;
    let system = crate::backend::identity::staff::system_caller();
    let mut links = Vec::new();
    for (login, name, role, jurisdiction) in DEMO_STAFF {
        let input = crate::model::NewStaff {
            login: login.into(),
            name: name.into(),
            roles: vec![role.into()],
            jurisdiction: jurisdiction.into(),
            email: format!("{login}@staff.example"),
        };
        let invitation = match crate::backend::identity::staff::create_staff(state, &system, &input).await {
            Ok(inv) => Some(inv),
            Err(e) if e.code == crate::error::ErrorCode::Conflict => {
                let has_key: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM passkeys p JOIN accounts a ON a.id = p.account_id WHERE a.login = $1 AND p.revoked_at IS NULL")
                        .bind(login)
                        .fetch_one(state.db.pool())
                        .await?;
                if has_key > 0 { None } else { Some(crate::backend::identity::staff::reinvite_staff(state, &system, login).await?) }
            }
            Err(e) => return Err(e),
        };
        if let Some(inv) = invitation {
            links.push(format!("{name} [{login}]: {public_url}/staff/enrol#{}", inv.token));
        }
    }
    let (name, township) = DEMO_KIOSK;
    if let Some(code) = kiosks::demo_setup_code(state, name, township).await? {
        links.push(format!("{name}: {public_url}/kiosk/setup#{code}"));
    }
    Ok(links)
}
