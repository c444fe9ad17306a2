//! 待遇测算 (issue 36 §3): what a resident's monthly pension would be at
//! pension age if they pay a tier for some more years, against what they
//! have today. The arithmetic is the domain's (`benefit::estimate`); this
//! gathers the person's figures and the rules in force.

use crate::backend::identity::auth::Caller;
use crate::backend::{AppState, infra::audit, infra::reference};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::EstimateView;
use chrono::NaiveDate;
use domain::Yuan;
use domain::benefit;

/// The served person's estimate for `tier` (one in force; else the tier
/// chosen for this year, else the lowest) and `more` years (at most the
/// years left; else all of them). Audited.
pub async fn my_estimate(state: &AppState, caller: &Caller, tier: Option<&str>, more: Option<u32>) -> AppResult<EstimateView> {
    let person = caller.principal()?.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let today = state.today();
    let mut tx = state.db.pool().begin().await?;
    let row: Option<(Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT i.birth_date, i.tier, a.id FROM insured_persons i JOIN personal_accounts a ON a.id_kind = i.id_kind AND a.id_number = i.id_number \
         WHERE i.id_kind = $1 AND i.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let (birth, chosen, account) = row.ok_or_else(|| AppError::not_found(msg::ledger_not_enrolled()))?;
    let birth = birth
        .as_deref()
        .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
        .ok_or_else(|| AppError::invalid(msg::back_payment_birth_date_missing()))?;
    let in_force = reference::policy_on(&mut *tx, today).await?;
    let first = benefit::first_month(birth, &in_force);
    let stored = crate::backend::money::interest::stored_amount(today, &mut tx, &account, first, today).await?;
    // The rules of the first payment once it has come (what a claim
    // approved today uses), else those in force today.
    let policy = reference::policy_on(&mut *tx, first.first_day().min(today)).await?;
    let (rate_year, rate) = crate::backend::money::interest::rate_for(&mut *tx, chrono::Datelike::year(&today)).await?;
    tx.rollback().await?;
    let tier = match tier.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Yuan::parse(t).ok().filter(|y| policy.tiers.contains(y)).ok_or_else(|| AppError::invalid(msg::estimate_choose_tier()))?,
        None => {
            chosen.as_deref().and_then(|t| Yuan::parse(t).ok()).filter(|y| policy.tiers.contains(y)).or(policy.tiers.first().copied()).unwrap_or(Yuan::ZERO)
        }
    };
    let years_left = benefit::years_left(birth, today, &policy);
    let view = EstimateView {
        birth,
        today,
        contribution_years: u32::try_from(stored.years.len()).unwrap_or(u32::MAX),
        balance: stored.balance,
        tiers: policy.tiers.clone(),
        tier,
        more: more.unwrap_or(years_left).min(years_left),
        years_left,
        rate,
        rate_year,
        policy,
    };
    audit::record(&state.db, caller.audit("benefit.estimate", Some(person.masked()))).await?;
    Ok(view)
}
