//! A dispute over the amount of a pension (待遇核查, B4): the recipient
//! files with the reason and evidence (online, at a kiosk or at the
//! window); the county checks (复核, 审核 by another clerk) and, on
//! approval, the amount is determined again (`domain::benefit::determine`)
//! from the ledger as it should have stood at the determination: every
//! entry credited by then, including payments booked late, and the
//! corrections booked since (A5). The difference of the account and extra parts is
//! computed for every month already paid; the person sees the months and
//! confirms, and only then the new amount applies and the total difference
//! is paid (or withheld) by the next payrolls (`pensions.pending_fen`).

use crate::backend::cases::engine::Stored;
use crate::backend::cases::engine::fact;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts, ts_micros};
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::model::{BenefitReviewView, ResumptionForm};
use crate::names;
use chrono::NaiveDate;
use domain::Yuan;
use domain::benefit::{self, Month};
use domain::case::CaseType;
use sqlx::{Any, Row, Transaction};

/// Files a review of the amount; the id of the case.
pub async fn submit(state: &AppState, caller: &Caller, form: &ResumptionForm, uploads: Vec<Upload>) -> AppResult<String> {
    let not_stopped = |status: &str| {
        if status == "stopped" { Err(AppError::new(ErrorCode::Conflict, msg::review_pension_terminated())) } else { Ok(()) }
    };
    crate::backend::benefits::pensions::file_about_pension(state, caller, form, uploads, CaseType::BenefitReview, "对待遇计发标准有异议的理由", not_stopped)
        .await
}

pub(crate) type Form = crate::backend::benefits::pensions::PensionRequest;

pub(crate) fn facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    vec![
        fact(Key::FactCurrentMonthly, f.monthly.map_or_else(|| "—".to_owned(), |m| m.to_string())),
        fact(Key::FactObjection, f.reason.clone()),
        fact(Key::FactConfirmation, names::confirmation(f.confirmation)),
    ]
}

/// Approval: the re-determination and the difference of every month paid,
/// kept for the person to confirm (or "no change" when the amount was right).
pub(crate) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    let row = sqlx::query(
        "SELECT p.id, p.account_id, p.first_month, p.account_fen, p.extra_fen, p.determined_on, i.birth_date FROM pensions p \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number WHERE p.id_kind = $1 AND p.id_number = $2",
    )
    .bind(c.person.kind().code())
    .bind(c.person.as_str())
    .fetch_one(&mut **tx)
    .await?;
    let s = |k: &str| row.try_get::<String, _>(k).map_err(AppError::internal);
    let i = |k: &str| row.try_get::<i64, _>(k).map_err(AppError::internal);
    let (pension, account, determined_on) = (s("id")?, s("account_id")?, s("determined_on")?);
    let birth = row
        .try_get::<Option<String>, _>("birth_date")?
        .and_then(|b| NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok())
        .ok_or_else(|| AppError::invalid(msg::review_birth_date_missing()))?;
    // The claim's rule (B1): entries credited by the determination
    // (payments booked late count) and corrections booked since, with the
    // interest to the month before the first month paid.
    let first = Month(i("first_month")?);
    let as_of = NaiveDate::parse_from_str(&determined_on, "%Y-%m-%d").map_err(AppError::internal)?;
    let stored = crate::backend::money::interest::stored_amount(state.today(), tx, &account, first, as_of).await?;
    let (years, balance) = (stored.years.len() as i64, stored.balance.fen());
    let policy = reference::policy_on(&mut **tx, first.first_day()).await?;
    let d = benefit::determine(birth, years as u32, stored.balance, &policy).map_err(AppError::invalid)?;
    let (old_account, old_extra) = (i("account_fen")?, i("extra_fen")?);
    let delta = d.account.fen() + d.extra.fen() - old_account - old_extra;
    let paid: Vec<(i64, i64)> =
        sqlx::query_as("SELECT month, amount_fen FROM payroll_items WHERE pension_id = $1 AND status = 'paid' AND kind = 'monthly' ORDER BY month")
            .bind(&pension)
            .fetch_all(&mut **tx)
            .await?;
    let months: Vec<(String, String, String)> =
        paid.iter().map(|(m, a)| (Month(*m).to_string(), Yuan::from_fen(*a).to_string(), Yuan::from_fen(a + delta).to_string())).collect();
    let total = delta * paid.len() as i64;
    sqlx::query(
        "INSERT INTO benefit_reviews (case_id, pension_id, old_account_fen, old_extra_fen, new_account_fen, new_extra_fen, new_balance_fen, \
         new_years, delta_fen, months, total_fen, state, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(&pension)
    .bind(old_account)
    .bind(old_extra)
    .bind(d.account.fen())
    .bind(d.extra.fen())
    .bind(balance)
    .bind(years)
    .bind(delta)
    .bind(serde_json::to_string(&months).map_err(AppError::internal)?)
    .bind(total)
    .bind(if delta == 0 { "no_change" } else { "awaiting" })
    .bind(ts_micros(now()))
    .execute(&mut **tx)
    .await?;
    let text = if delta == 0 {
        msg::review_unchanged_notice()
    } else {
        let (monthly, back, months) = (Yuan::from_fen(delta.abs()), Yuan::from_fen(total.abs()), paid.len());
        // One message per case: the words differ in each language.
        match (delta > 0, total > 0) {
            (true, true) => msg::review_raised_paid_back_notice(monthly, months, back),
            (true, false) => msg::review_raised_withheld_notice(monthly, months, back),
            (false, true) => msg::review_lowered_paid_back_notice(monthly, months, back),
            (false, false) => msg::review_lowered_withheld_notice(monthly, months, back),
        }
    };
    crate::backend::infra::notices::notify(tx, &c.applicant, id, text).await
}

/// The signed-in person's latest review, if any.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Option<BenefitReviewView>> {
    let person = caller.principal()?.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let row = sqlx::query(
        "SELECT r.case_id, r.old_account_fen, r.old_extra_fen, r.new_account_fen, r.new_extra_fen, r.delta_fen, r.months, r.total_fen, r.state \
         FROM benefit_reviews r JOIN pensions p ON p.id = r.pension_id WHERE p.id_kind = $1 AND p.id_number = $2 ORDER BY r.decided_at DESC LIMIT 1",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let i = |k: &str| r.try_get::<i64, _>(k).map(Yuan::from_fen).map_err(AppError::internal);
    let s = |k: &str| r.try_get::<String, _>(k).map_err(AppError::internal);
    Ok(Some(BenefitReviewView {
        case_id: s("case_id")?,
        old_parts: (i("old_account_fen")? + i("old_extra_fen")?).to_string(),
        new_parts: (i("new_account_fen")? + i("new_extra_fen")?).to_string(),
        delta: i("delta_fen")?.to_string(),
        months: serde_json::from_str(&s("months")?).map_err(AppError::internal)?,
        total: i("total_fen")?.to_string(),
        state: s("state")?,
    }))
}

/// The person (or staff at a kiosk for them) confirms the re-determination
/// of case `id`: the new amount applies from the next payroll, which also
/// pays (or starts withholding) the difference of the months paid.
pub async fn confirm(state: &AppState, caller: &Caller, id: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let mut tx = state.db.begin_write().await?;
    let row = sqlx::query(
        "SELECT r.pension_id, p.account_id, r.old_account_fen, r.new_account_fen, r.new_extra_fen, r.new_balance_fen, r.new_years, r.delta_fen, \
         r.total_fen, r.months, r.state FROM benefit_reviews r JOIN pensions p ON p.id = r.pension_id \
         WHERE r.case_id = $1 AND p.id_kind = $2 AND p.id_number = $3",
    )
    .bind(id)
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found(msg::review_result_not_found()))?;
    let i = |c: &str| row.try_get::<i64, _>(c).map_err(AppError::internal);
    let s = |c: &str| row.try_get::<String, _>(c).map_err(AppError::internal);
    let (pension, account_id, st) = (s("pension_id")?, s("account_id")?, s("state")?);
    let (old_account, account, extra, balance, years, delta, total) =
        (i("old_account_fen")?, i("new_account_fen")?, i("new_extra_fen")?, i("new_balance_fen")?, i("new_years")?, i("delta_fen")?, i("total_fen")?);
    if st != "awaiting" {
        return Err(AppError::new(ErrorCode::Conflict, msg::review_result_confirmed_or_not_needed()));
    }
    sqlx::query(
        "UPDATE pensions SET account_fen = $1, extra_fen = $2, balance_fen = $3, contribution_years = $4, monthly_fen = monthly_fen + $5, \
         pending_fen = pending_fen + $6 WHERE id = $7",
    )
    .bind(account)
    .bind(extra)
    .bind(balance)
    .bind(years)
    .bind(delta)
    .bind(total)
    .bind(&pension)
    .execute(&mut *tx)
    .await?;
    draw_difference(&mut tx, &account_id, id, (account - old_account) * months_paid(&s("months")?)?, state.today()).await?;
    let monthly: i64 = sqlx::query_scalar("SELECT monthly_fen FROM pensions WHERE id = $1").bind(&pension).fetch_one(&mut *tx).await?;
    let reason = format!("待遇核查 {id} 重新核定：每月{} {} 元", if delta > 0 { "增加" } else { "减少" }, Yuan::from_fen(delta.abs()));
    crate::backend::benefits::pensions::record_event(&mut tx, &pension, "adjust", monthly, &reason, &p.account_id).await?;
    let done = sqlx::query("UPDATE benefit_reviews SET state = 'confirmed', confirmed_at = $1 WHERE case_id = $2 AND state = 'awaiting'")
        .bind(ts(now()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::review_result_already_confirmed()));
    }
    let mut entry = caller.audit("benefit_review.confirm", Some(id.to_owned()));
    entry.after = Some(serde_json::json!({ "delta": Yuan::from_fen(delta).to_string(), "total": Yuan::from_fen(total).to_string() }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    let (monthly, difference) = (Yuan::from_fen(monthly), Yuan::from_fen(total.abs()));
    Ok(if total > 0 { msg::review_confirmed_paid_back(monthly, difference) } else { msg::review_confirmed_withheld(monthly, difference) })
}

fn months_paid(months: &str) -> AppResult<i64> {
    Ok(serde_json::from_str::<Vec<serde_json::Value>>(months).map_err(AppError::internal)?.len() as i64)
}

/// A6: the account part of the months already paid is now the new one, so
/// the account funds `more` (the new part less the old, times those
/// months; negative when the part went down) in addition to the monthly
/// drawings booked at the old part. One `drawing` entry keyed by the case,
/// dated the day it is confirmed: never more than the account holds
/// (beyond that the fund pays, as with the monthly drawings), and never
/// more given back than the drawings took. The closure, which works the
/// drawings out from the months due at the part then in force, finds them
/// booked.
async fn draw_difference(tx: &mut Transaction<'_, Any>, account: &str, case: &str, more: i64, today: NaiveDate) -> AppResult<()> {
    if more == 0 {
        return Ok(());
    }
    let (held, drawn): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(CAST(SUM(amount_fen) AS BIGINT), 0), COALESCE(CAST(SUM(CASE WHEN kind = 'drawing' THEN -amount_fen ELSE 0 END) AS BIGINT), 0) \
         FROM ledger_entries WHERE account_id = $1",
    )
    .bind(account)
    .fetch_one(&mut **tx)
    .await?;
    let fen = if more > 0 { -more.min(held.max(0)) } else { (-more).min(drawn.max(0)) };
    crate::backend::money::ledger::post(tx, account, &[("drawing", format!("review:{case}"), Yuan::from_fen(fen), today)]).await
}
