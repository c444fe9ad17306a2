//! The benefit claim (B1–B4): who may claim, the figures of the pension on
//! the whole stored amount, and on approval the pension in payment.

use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, NewCase, Stored};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::new_id;
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::model::BenefitClaimForm;
use crate::names;
use chrono::NaiveDate;
use domain::benefit::{self, Determination, Month};
use domain::case::CaseType;
use domain::{ApplicantKind, BankCard, Confirmation, DivisionCode, DivisionLevel, DocumentNumber, Yuan};
use sqlx::{Any, Transaction};

use crate::backend::benefits::pensions::*;

/// What the records say of a claimant, inside `tx`.
pub(crate) struct Claimant {
    name: String,
    village: DivisionCode,
    account: String,
    bank_card: Option<String>,
    determination: Determination,
    stored: crate::backend::money::interest::StoredAmount,
}

pub(crate) async fn claimant(state: &AppState, tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<Claimant> {
    let row: Option<(String, String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT i.name, i.village_code, i.birth_date, a.id, i.bank_card FROM insured_persons i \
         JOIN personal_accounts a ON a.id_kind = i.id_kind AND a.id_number = i.id_number WHERE i.id_kind = $1 AND i.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let (name, village, birth, account, bank_card) = row.ok_or_else(|| AppError::invalid(msg::ledger_not_enrolled()))?;
    let birth = birth
        .as_deref()
        .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
        .ok_or_else(|| AppError::invalid(msg::back_payment_birth_date_missing()))?;
    let receiving: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE account_id = $1").bind(&account).fetch_optional(&mut **tx).await?;
    if receiving.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, msg::claim_already_determined()));
    }
    let other: Option<String> = sqlx::query_scalar("SELECT scheme FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(scheme) = other {
        return Err(AppError::new(ErrorCode::Conflict, msg::claim_other_scheme_duplicate(scheme)));
    }
    let policy = reference::policy_on(&mut **tx, state.today()).await?;
    benefit::check_age(birth, state.today(), &policy).map_err(AppError::invalid)?;
    let first = benefit::first_month(birth, &policy);
    let stored = crate::backend::money::interest::stored_amount(state.today(), tx, &account, first, state.today()).await?;
    let policy = reference::policy_on(&mut **tx, first.first_day()).await?;
    let determination = benefit::determine(birth, stored.years.len() as u32, stored.balance, &policy).map_err(AppError::invalid)?;
    Ok(Claimant { name, village: DivisionCode::parse(&village).map_err(AppError::internal)?, account, bank_card, determination, stored })
}

/// A claim as filed: the determination with its working when filed (B1:
/// the stored amount and the interest in it, the divisor, each part; the
/// approval determines it again), the card and the confirmation.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Form {
    #[serde(with = "month_text")]
    pub first_month: Month,
    pub age: u32,
    pub years: u32,
    pub balance: Yuan,
    /// The interest in the stored amount (claims filed before it was
    /// shown have none: 0).
    #[serde(default)]
    pub interest: Yuan,
    pub divisor: u32,
    pub basic: Yuan,
    pub account: Yuan,
    pub extra: Yuan,
    pub monthly: Yuan,
    pub bank_card: BankCard,
    pub confirmation: Confirmation,
}

/// A month as `2026-07`.
mod month_text {
    use domain::benefit::Month;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&m.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).ok_or_else(|| serde::de::Error::custom("bad month"))
    }
}

/// Files a claim; the id of the case.
pub async fn submit(state: &AppState, caller: &Caller, form: &BenefitClaimForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let card = if form.bank_card.trim().is_empty() { None } else { Some(cases::bank_card(&form.bank_card)?) };
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    let deadline = cases::deadline_for(state, CaseType::BenefitClaim).await?;
    let mut tx = state.db.begin_write().await?;
    let c = claimant(state, &mut tx, &filing.person).await?;
    if filing.applicant_kind == ApplicantKind::Staff && !p.covers(&c.village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::account_check_own_area_only()));
    }
    let on_file = c.bank_card.as_deref().and_then(BankCard::from_stored);
    let card = card.or(on_file).ok_or_else(|| AppError::invalid(msg::claim_enter_bank_card_number()))?;
    cases::refuse_open(&mut tx, CaseType::BenefitClaim, &filing.person).await?;
    let d = &c.determination;
    let filed = Form {
        first_month: d.first_month,
        age: d.age_at_first_payment,
        years: d.contribution_years,
        balance: d.balance,
        interest: c.stored.interest,
        divisor: d.divisor,
        basic: d.basic,
        account: d.account,
        extra: d.extra,
        monthly: d.monthly,
        bank_card: card,
        confirmation,
    };
    let monthly = c.determination.monthly;
    let new = NewCase { case_type: CaseType::BenefitClaim, filing: &filing, person_name: &c.name, place: &c.village, form: &filed, deadline };
    let after = serde_json::json!({ "estimated_monthly": monthly.to_string() });
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, after).await?;
    tx.commit().await?;
    let kind = crate::names::case_type(CaseType::BenefitClaim);
    crate::backend::infra::notices::mail_received(state, &filing.person, kind, msg::case_received_claim(kind, monthly, deadline)).await;
    Ok(id)
}

/// Approval: the amount determined again from the ledger as it is now,
/// the pension opened with its start recorded (what explains its first
/// payroll), the bank card kept for the payroll.
pub(crate) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let who = claimant(state, tx, &c.person).await.map_err(|e| AppError::invalid(msg::claim_no_longer_eligible(e.message)))?;
    let d = &who.determination;
    let card = &f.bank_card;
    let county = who.village.at_level(DivisionLevel::County).ok_or_else(|| AppError::internal("a village has a county"))?;
    // The interest to the month before the first month paid, in the
    // ledger as the statement shows it (B1).
    let postings: Vec<(&str, String, Yuan, NaiveDate)> =
        who.stored.postings.iter().map(|(source, amount, on)| ("interest", source.clone(), *amount, *on)).collect();
    crate::backend::money::ledger::post(tx, &who.account, &postings).await?;
    let pension = new_id();
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on, interest_fen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, 'active', $15, $16)",
    )
    .bind(&pension)
    .bind(&who.account)
    .bind(c.person.kind().code())
    .bind(c.person.as_str())
    .bind(county.as_str())
    .bind(id)
    .bind(d.first_month.0)
    .bind(i64::from(d.contribution_years))
    .bind(d.balance.fen())
    .bind(i64::from(d.divisor))
    .bind(d.basic.fen())
    .bind(d.account.fen())
    .bind(d.extra.fen())
    .bind(d.monthly.fen())
    .bind(state.today().to_string())
    .bind(who.stored.interest.fen())
    .execute(&mut **tx)
    .await?;
    record_event(tx, &pension, "start", d.monthly.fen(), id, "case").await?;
    sqlx::query("UPDATE insured_persons SET bank_card = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(card.as_str())
        .bind(c.person.kind().code())
        .bind(c.person.as_str())
        .execute(&mut **tx)
        .await?;
    let (monthly, first, tail) = (d.monthly, d.first_month, card.tail());
    crate::backend::infra::notices::notify(tx, &c.applicant, id, msg::claim_determined_notice(monthly, first, tail)).await
}

/// What the applicant and reviewers see of a claim.
pub(crate) fn facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    vec![
        fact(Key::FactFirstMonth, f.first_month.to_string()),
        fact(Key::FactAgeAtStart, f.age.to_string()),
        fact(Key::FactContributionYears, f.years.to_string()),
        fact(Key::FactBalance, f.balance.to_string()),
        fact(Key::FactInterestToStart, f.interest.to_string()),
        fact(Key::FactDivisor, f.divisor.to_string()),
        fact(Key::FactBasicPension, f.basic.to_string()),
        fact(Key::FactAccountPension, f.account.to_string()),
        fact(Key::FactLongContributionPension, f.extra.to_string()),
        fact(Key::FactMonthlyTotal, f.monthly.to_string()),
        fact(Key::FactBankCard, cases::card_fact(&f.bank_card)),
        fact(Key::FactConfirmation, names::confirmation(f.confirmation)),
    ]
}
