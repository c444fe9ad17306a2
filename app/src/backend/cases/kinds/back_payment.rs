//! C2: back payment (中断补缴, 一次性补缴) as an application through the case
//! engine: 初审 (township), 复核 (county). The years are checked against
//! the ledger and the rules of `domain::back_payment` at filing, and again
//! at approval (a payment may have arrived meanwhile); the amount is the
//! tier in force × the years. Approval records the back payment and tells
//! the person what to pay; the money comes through the tax bureau and is
//! booked from its payment details under the years paid for.

use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, NewCase, Stored};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::model::BackPaymentForm;
use crate::names;
use chrono::Datelike;
use domain::back_payment::{self, Kind, Situation};
use domain::case::CaseType;
use domain::{ApplicantKind, Confirmation, DivisionCode, DocumentNumber, Yuan};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use std::collections::BTreeSet;

/// A back payment as filed, with the amount worked out when filed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Form {
    pub kind: Kind,
    /// Stored as the list the person wrote it as (`2019,2020`).
    #[serde(with = "years_text")]
    pub years: BTreeSet<i32>,
    pub tier: Yuan,
    pub amount: Yuan,
    pub confirmation: Confirmation,
}

/// Years as one line of text: `2019,2020,2021`.
fn years_line(years: &BTreeSet<i32>) -> String {
    years.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

mod years_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeSet;

    pub fn serialize<S: Serializer>(years: &BTreeSet<i32>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::years_line(years))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeSet<i32>, D::Error> {
        let text = String::deserialize(d)?;
        text.split(',').map(|y| y.trim().parse::<i32>().map_err(serde::de::Error::custom)).collect()
    }
}

/// `2019,2021`, `2019、2021`, `2011-2019` (at most 15 years).
fn parse_years(text: &str) -> AppResult<BTreeSet<i32>> {
    let bad = || AppError::invalid(msg::back_payment_years_format());
    let mut years = BTreeSet::new();
    for part in text.split([',', '，', '、', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once(['-', '－', '—']).unwrap_or((part, part));
        let (a, b): (i32, i32) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
        if !(1990..=2100).contains(&a) || b < a || b - a > 15 {
            return Err(bad());
        }
        years.extend(a..=b);
    }
    if years.len() > 15 {
        return Err(AppError::invalid(msg::back_payment_max_fifteen_years()));
    }
    Ok(years)
}

/// Every (account, year) covered by an approved back payment (C2): the
/// years a payment arrives for as 补缴 (the tax import's subsidy rule).
pub(crate) async fn approved_years<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E) -> AppResult<Vec<(String, i64)>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT account_id, years FROM back_payments").fetch_all(ex).await?;
    let mut out = Vec::new();
    for (account, years) in rows {
        out.extend(parse_years(&years)?.into_iter().map(|y| (account.clone(), i64::from(y))));
    }
    Ok(out)
}

/// The person's situation from the records, inside `tx`.
async fn situation(state: &AppState, tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<(Situation, String, DivisionCode, String)> {
    let row: Option<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT i.name, i.village_code, i.birth_date, a.id FROM insured_persons i \
         JOIN personal_accounts a ON a.id_kind = i.id_kind AND a.id_number = i.id_number WHERE i.id_kind = $1 AND i.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let (name, village, birth, account) = row.ok_or_else(|| AppError::invalid(msg::ledger_not_enrolled()))?;
    let opened: String = sqlx::query_scalar("SELECT opened_on FROM personal_accounts WHERE id = $1").bind(&account).fetch_one(&mut **tx).await?;
    let paid = domain::ledger::contribution_years(&crate::backend::money::ledger::entries(&mut **tx, &account).await?);
    let today = state.today();
    let policy = reference::policy_on(&mut **tx, today).await?;
    let year_of = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok());
    let birth_year = birth.as_deref().and_then(year_of).ok_or_else(|| AppError::invalid(msg::back_payment_birth_date_missing()))?;
    let s = Situation {
        birth_year,
        enrolled_year: year_of(&opened).unwrap_or(today.year()),
        this_year: today.year(),
        paid_years: paid.into_keys().collect(),
        pension_age: policy.pension_age,
        min_years: policy.min_contribution_years,
        min_age: policy.enrolment_min_age,
    };
    Ok((s, name, DivisionCode::parse(&village).map_err(AppError::internal)?, account))
}

/// Files a back payment; the id of the case.
pub async fn submit(state: &AppState, caller: &Caller, form: &BackPaymentForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let kind = Kind::parse(form.kind.trim()).ok_or_else(|| AppError::invalid(msg::back_payment_choose_kind()))?;
    let years = parse_years(&form.years)?;
    let policy = reference::policy_on(state.db.pool(), state.today()).await?;
    let tier = Yuan::parse(form.tier.trim()).ok().filter(|t| policy.tiers.contains(t)).ok_or_else(|| {
        let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
        AppError::invalid(msg::ledger_tier_not_standard(tiers.join("、")))
    })?;
    if filing.applicant_kind == ApplicantKind::Staff && !uploads.iter().any(|u| u.kind == "signed_form") {
        return Err(AppError::invalid(msg::account_check_upload_signed_form(crate::names::document_kind("signed_form"))));
    }
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    let deadline = cases::deadline_for(state, CaseType::BackPayment).await?;
    let mut tx = state.db.begin_write().await?;
    let (s, name, village, _) = situation(state, &mut tx, &filing.person).await?;
    if filing.applicant_kind == ApplicantKind::Staff && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::account_check_own_area_only()));
    }
    let amount = back_payment::check(kind, &years, tier, &s).map_err(AppError::invalid)?;
    cases::refuse_open(&mut tx, CaseType::BackPayment, &filing.person).await?;
    let years_text = years_line(&years);
    let new = NewCase {
        case_type: CaseType::BackPayment,
        filing: &filing,
        person_name: &name,
        place: &village,
        form: &Form { kind, years: years.clone(), tier, amount, confirmation },
        deadline,
    };
    let after = serde_json::json!({ "kind": kind.code(), "years": years_text, "amount": amount.to_string() });
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, after).await?;
    tx.commit().await?;
    crate::backend::infra::notices::mail_received(
        state,
        &filing.person,
        names::back_payment_kind(kind),
        msg::case_received_back_payment(names::back_payment_kind(kind), &years_text, amount, deadline),
    )
    .await;
    Ok(id)
}

/// Approval: the years are checked again, the back payment recorded, and
/// the person told what to pay.
pub(crate) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let (kind, years, tier) = (f.kind, &f.years, f.tier);
    let (s, _, _, account) = situation(state, tx, &c.person).await?;
    let amount = back_payment::check(kind, years, tier, &s).map_err(|why| AppError::invalid(msg::back_payment_no_longer_eligible(why)))?;
    sqlx::query("INSERT INTO back_payments (case_id, account_id, kind, years, tier_fen, amount_fen, approved_on) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(&account)
        .bind(kind.code())
        .bind(years_line(years))
        .bind(tier.fen())
        .bind(amount.fen())
        .bind(state.today().to_string())
        .execute(&mut **tx)
        .await?;
    let (label, years) = (names::back_payment_kind(kind), years_line(years));
    crate::backend::infra::notices::notify(tx, &c.applicant, id, msg::back_payment_approved_notice(label, years, amount)).await
}

/// What the applicant and reviewers see of a back payment.
pub(crate) fn facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    vec![
        fact(Key::FactBackPaymentKind, names::back_payment_kind(f.kind)),
        fact(Key::FactBackPaymentYears, years_line(&f.years)),
        fact(Key::FactTier, f.tier.to_string()),
        fact(Key::FactBackPaymentAmount, f.amount.to_string()),
        fact(Key::FactConfirmation, names::confirmation(f.confirmation)),
    ]
}
