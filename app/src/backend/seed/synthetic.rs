//! Synthetic data for benchmarks (issue 4, Scale): a league filled with N
//! people with realistic distributions (age, sex, ethnicity, county, tier,
//! enrolment, recipients over 60) and M open cases of every type. Seeded,
//! so a run is reproducible; idempotent (rows are keyed by what the seed
//! produces and inserted with ON CONFLICT DO NOTHING), and written in
//! batches of multi-row INSERTs, one transaction per batch.

use crate::backend::infra::db::{Arg, Db, insert_many};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDate};
use domain::case::{ALL_CASE_TYPES, CaseState, CaseType};
use domain::id_number::with_check_char;
use domain::{DivisionCode, WorkCalendar};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Debug, Clone)]
pub struct Plan {
    /// Counties of the league to spread people over.
    pub counties: Vec<String>,
    pub people: usize,
    pub open_cases: usize,
    pub seed: u64,
    pub today: NaiveDate,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Generated {
    pub people: u64,
    pub insured: u64,
    pub cases: u64,
}

const SURNAMES: [&str; 16] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "高", "郭", "何"];
const GIVEN: [&str; 16] =
    ["桂兰", "秀英", "建国", "志强", "海燕", "丽娟", "国庆", "淑珍", "玉兰", "文华", "春梅", "振华", "巴特尔", "其其格", "乌兰", "苏日娜"];
const TIERS: [(&str, u32); 6] = [("100.00", 40), ("200.00", 25), ("300.00", 12), ("500.00", 12), ("1000.00", 8), ("2000.00", 3)];
const BATCH: usize = 500;

fn ethnicity(r: u32) -> &'static str {
    match r {
        0..=78 => "汉族",
        79..=95 => "蒙古族",
        96..=97 => "满族",
        98 => "回族",
        _ => "达斡尔族",
    }
}

fn weighted<'a>(rng: &mut StdRng, table: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (v, w) in table {
        if x < *w {
            return v;
        }
        x -= w;
    }
    table[0].0
}

/// A village of the county: township 1xx, village 2xx (synthetic codes).
fn village(county: &str, rng: &mut StdRng) -> String {
    format!("{county}{:03}{:03}", 100 + rng.random_range(0..10), 200 + rng.random_range(0..20))
}

struct Person {
    id: String,
    name: String,
    sex: &'static str,
    birth: NaiveDate,
    ethnicity: &'static str,
    village: String,
}

fn person(i: usize, plan: &Plan, rng: &mut StdRng) -> Person {
    let county = &plan.counties[i % plan.counties.len()];
    // Ages 16–95, more of them in the middle and the older years (rural).
    let age_days = 16 * 365 + rng.random_range(0..(50 * 365)) + rng.random_range(0..(30 * 365));
    let birth = plan.today - Duration::days(age_days as i64);
    // The sequence number holds `i` so that numbers never collide.
    let seq = i / plan.counties.len();
    let female = rng.random_bool(0.5);
    let order = (seq % 500) * 2 + usize::from(!female);
    let day_shift = (seq / 500) as i64;
    let birth = birth - Duration::days(day_shift % 3650);
    let first17 = format!("{county}{}{:03}", birth.format("%Y%m%d"), order % 1000);
    Person {
        id: with_check_char(&first17),
        name: format!("{}{}", SURNAMES[rng.random_range(0..SURNAMES.len())], GIVEN[rng.random_range(0..GIVEN.len())]),
        sex: if female { "female" } else { "male" },
        birth,
        ethnicity: ethnicity(rng.random_range(0..100)),
        village: village(county, rng),
    }
}

async fn insert(db: &Db, table_and_cols: &str, rows: &[Vec<String>], conflict: &str) -> AppResult<u64> {
    let rows: Vec<Vec<Arg>> = rows.iter().map(|r| r.iter().map(|v| Arg::from(v.as_str())).collect()).collect();
    let mut tx = db.begin_write().await?;
    let n = insert_many(&mut tx, table_and_cols, &format!("ON CONFLICT {conflict} DO NOTHING"), &rows).await?;
    tx.commit().await?;
    Ok(n)
}

pub async fn generate(db: &Db, plan: &Plan, calendar: &WorkCalendar) -> AppResult<Generated> {
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let mut out = Generated::default();
    let mut registry = Vec::with_capacity(BATCH);
    let mut insured = Vec::with_capacity(BATCH);
    let mut people_ids = Vec::with_capacity(plan.people);
    for i in 0..plan.people {
        let p = person(i, plan, &mut rng);
        registry.push(vec![
            "resident_id".into(),
            p.id.clone(),
            p.name.clone(),
            p.sex.into(),
            p.birth.to_string(),
            p.ethnicity.into(),
            format!("{}号", p.village),
            p.village.clone(),
            "2026-01-01".into(),
            "synthetic".into(),
        ]);
        // Most adults are enrolled; everyone over 60 receives a pension.
        if rng.random_bool(0.85) {
            let enrolled = NaiveDate::from_ymd_opt(2012 + rng.random_range(0..14), 1, 1).unwrap_or(plan.today);
            insured.push(vec![
                "resident_id".into(),
                p.id.clone(),
                p.name.clone(),
                p.village.clone(),
                weighted(&mut rng, &TIERS).into(),
                enrolled.to_string(),
                "synthetic".into(),
            ]);
        }
        people_ids.push((p.id, p.name, p.village));
        if registry.len() == BATCH {
            out.people += flush_registry(db, &mut registry).await?;
            out.insured += flush_insured(db, &mut insured).await?;
        }
    }
    out.people += flush_registry(db, &mut registry).await?;
    out.insured += flush_insured(db, &mut insured).await?;

    let mut cases = Vec::with_capacity(BATCH);
    for n in 0..plan.open_cases.min(people_ids.len().max(1) * 3) {
        let (id, name, village) = &people_ids[rng.random_range(0..people_ids.len())];
        let case_type = ALL_CASE_TYPES[rng.random_range(0..ALL_CASE_TYPES.len())];
        let step = rng.random_range(0..case_type.steps().len()) as u8;
        let state = CaseState::InReview(step);
        let place = DivisionCode::parse(village).map_err(AppError::internal)?;
        let received = plan.today - Duration::days(rng.random_range(0..30));
        let deadline = calendar.deadline(received, case_type.time_limit_days());
        let queue_key = case_type.steps()[step as usize].queue_key(&place).unwrap_or_default();
        let case_id = format!("synthetic-{}-{n}", plan.seed);
        cases.push(vec![
            case_id,
            case_type.code().into(),
            "resident_id".into(),
            id.clone(),
            name.clone(),
            "synthetic".into(),
            "self".into(),
            "online".into(),
            village.clone(),
            state.code(),
            synthetic_form(case_type).into(),
            received.to_string(),
            deadline.to_string(),
            received.to_string(),
            received.to_string(),
            queue_key,
        ]);
        if cases.len() == BATCH {
            out.cases += flush_cases(db, &mut cases).await?;
        }
    }
    out.cases += flush_cases(db, &mut cases).await?;
    Ok(out)
}

/// A stored form of each kind as an online filing writes it, the same for
/// every synthetic case of that kind (its figures are not the person's).
fn synthetic_form(case_type: CaseType) -> &'static str {
    match case_type {
        CaseType::Enrolment => {
            r#"{"household_type":"agricultural","residence_address":"嘎查","phone":"13800000000","tier":"200.00","bank_card":"6217000000000000","special_group":null,"confirmation":"online_declaration","registry":{"sex":"female","birth_date":"1965-03-08","ethnicity":"蒙古族"}}"#
        }
        CaseType::KeyDetailChange => {
            r#"{"old":{"name":"甲","birth_date":null,"document_kind":"resident_id","document_number":"150121196503081242"},"new":{"name":"乙","birth_date":null,"document_kind":"resident_id","document_number":"150121196503081242"},"reason":"更名","confirmation":"online_declaration"}"#
        }
        CaseType::AccountDispute => r#"{"year":2024,"description":"缴费未到账","confirmation":"online_declaration"}"#,
        CaseType::BackPayment => r#"{"kind":"interrupted","years":"2023","tier":"200.00","amount":"200.00","confirmation":"online_declaration"}"#,
        CaseType::BenefitClaim => {
            r#"{"first_month":"2025-07","age":60,"years":15,"balance":"6000.00","interest":"0.00","divisor":139,"basic":"203.00","account":"43.17","extra":"0.00","monthly":"246.17","bank_card":"6217000000000000","confirmation":"online_declaration"}"#
        }
        CaseType::Resumption | CaseType::BenefitReview => r#"{"reason":"已认证","suspended_for":null,"monthly":"246.17","confirmation":"online_declaration"}"#,
        CaseType::BankCardChange => r#"{"bank_card":"6217000000000000","old_card":null}"#,
        CaseType::Deregistration => {
            r#"{"ground":"nationality","event_date":"2025-01-01","payee_name":"甲","payee_id_kind":"resident_id","payee_id_number":"150121196503081242","relation":"self","bank_card":"6217000000000000","confirmation":"passkey_commitment","commitment":"","declared_name":null}"#
        }
        CaseType::TransferIn => {
            r#"{"scheme":"resident","from_league":"1502","from_name":"包头市","enrolled_here":true,"returning":false,"registry_village":"150121100001","registry":{"sex":"female","birth_date":"1965-03-08","ethnicity":"蒙古族"},"confirmation":"online_declaration"}"#
        }
    }
}

async fn flush_registry(db: &Db, rows: &mut Vec<Vec<String>>) -> AppResult<u64> {
    let n = insert(
        db,
        "registry_persons (id_kind, id_number, name, sex, birth_date, ethnicity, address, village_code, record_date, batch_id)",
        rows,
        "(id_kind, id_number)",
    )
    .await?;
    rows.clear();
    Ok(n)
}

async fn flush_insured(db: &Db, rows: &mut Vec<Vec<String>>) -> AppResult<u64> {
    let n = insert(db, "insured_persons (id_kind, id_number, name, village_code, tier, enrolled_on, enrolment_case)", rows, "(id_kind, id_number)").await?;
    // Each insured person's personal account, opened on enrolment.
    let accounts: Vec<Vec<String>> = rows.iter().map(|r| vec![format!("syn-{}", r[1]), r[0].clone(), r[1].clone(), r[5].clone()]).collect();
    insert(db, "personal_accounts (id, id_kind, id_number, opened_on)", &accounts, "(id)").await?;
    rows.clear();
    Ok(n)
}

async fn flush_cases(db: &Db, rows: &mut Vec<Vec<String>>) -> AppResult<u64> {
    let n = insert(
        db,
        "cases (id, case_type, person_id_kind, person_id_number, person_name, applicant_account, applicant_kind, channel, \
         jurisdiction, state, form_json, received_on, deadline, created_at, updated_at, queue_key)",
        rows,
        "(id)",
    )
    .await?;
    rows.clear();
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synthetic_form_reads_as_its_kind() {
        for t in ALL_CASE_TYPES {
            crate::backend::cases::Form::read(t, synthetic_form(t)).unwrap_or_else(|e| panic!("{}: {e}", t.code()));
        }
    }
}
