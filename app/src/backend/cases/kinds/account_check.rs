//! A5: a resident asks for a check of their personal account, with
//! evidence. The township clerk checks and records the finding (the answer,
//! and the correction in yuan: positive, negative or zero) before passing
//! it on; the county reviews and approves. On approval a correction entry
//! is posted (never an edit of an old one) and the answer goes to the
//! resident. The correction is dated the day of approval, so a closed
//! year's statement and interest stay as they were: interest owed on the
//! corrected amount for past years is part of the finding's amount.

use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, NewCase, Stored};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::audit, money::ledger};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::model::DisputeForm;
use chrono::Datelike;
use domain::case::{CaseState, CaseType};
use domain::{ApplicantKind, Confirmation, DivisionCode, Yuan};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// An account check as filed, and the township clerk's finding once
/// recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Form {
    pub year: i32,
    pub description: String,
    pub confirmation: Confirmation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
}

/// What the check found: the correction (0: the account is right), the
/// answer to the resident, and who recorded it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub amount: Yuan,
    pub answer: String,
    pub by: String,
}

/// The largest correction one finding may post (yuan).
const MAX_CORRECTION_FEN: i64 = 10_000_000;

/// Files a check request; the id of the case.
pub async fn submit(state: &AppState, caller: &Caller, form: &DisputeForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let this_year = state.today().year();
    let year: i32 =
        form.year.trim().parse().ok().filter(|y| (1990..=this_year).contains(y)).ok_or_else(|| AppError::invalid(msg::account_check_enter_year(this_year)))?;
    let description = cases::required(&form.description, "需要核查的事项（500 字以内）", 500)?;
    if !uploads.iter().any(|u| u.kind == "evidence") {
        return Err(AppError::invalid(msg::account_check_upload_evidence(crate::names::document_kind("evidence"))));
    }
    if filing.applicant_kind == ApplicantKind::Staff && !uploads.iter().any(|u| u.kind == "signed_form") {
        return Err(AppError::invalid(msg::account_check_upload_signed_form(crate::names::document_kind("signed_form"))));
    }
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    ledger::account_of(state.db.pool(), &filing.person).await?.ok_or_else(|| AppError::invalid(msg::account_check_no_account_yet()))?;
    let deadline = cases::deadline_for(state, CaseType::AccountDispute).await?;
    let mut tx = state.db.begin_write().await?;
    let (name, village): (String, String) = sqlx::query_as("SELECT name, village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(filing.person.kind().code())
        .bind(filing.person.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if filing.applicant_kind == ApplicantKind::Staff && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::account_check_own_area_only()));
    }
    cases::refuse_open(&mut tx, CaseType::AccountDispute, &filing.person).await?;
    let new = NewCase {
        case_type: CaseType::AccountDispute,
        filing: &filing,
        person_name: &name,
        place: &village,
        form: &Form { year, description, confirmation, finding: None },
        deadline,
    };
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "year": year })).await?;
    tx.commit().await?;
    crate::backend::infra::notices::mail_received_by(state, &filing.person, crate::names::case_type(CaseType::AccountDispute), deadline).await;
    Ok(id)
}

/// The township clerk's finding, on `version` of the case at its first
/// step: the answer, and the correction in yuan (0: the account is right).
pub async fn record_finding(state: &AppState, caller: &Caller, id: &str, version: i64, amount: &str, answer: &str) -> AppResult<()> {
    let p = caller.principal()?;
    let answer = cases::required(answer, "核查结论（500 字以内）", 500)?;
    let amount = Yuan::parse(amount.trim())
        .ok()
        .filter(|a| a.fen().abs() <= MAX_CORRECTION_FEN)
        .ok_or_else(|| AppError::invalid(msg::account_check_correction_amount_invalid()))?;
    let mut tx = state.db.begin_write().await?;
    let c = cases::load(&mut *tx, id).await?.filter(|c| cases::may_see(p, c)).ok_or_else(cases::not_found)?;
    if c.case_type != CaseType::AccountDispute || c.state != CaseState::InReview(0) {
        return Err(AppError::invalid(msg::account_check_conclusion_first_review_only()));
    }
    if c.version != version {
        return Err(cases::changed_meanwhile());
    }
    let handled = cases::handlers(&mut *tx, id, &c).await?;
    let conflict = cases::conflict_of(&mut *tx, p, &c).await?;
    cases::decision_right(p, &c, &handled, conflict.as_deref()).map_err(|why| AppError::new(ErrorCode::Forbidden, why))?;
    let mut form: Form = c.form()?;
    let before = form.finding.replace(Finding { amount, answer: answer.clone(), by: p.name.clone() });
    let changed = sqlx::query("UPDATE cases SET form_json = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND version = $4")
        .bind(id)
        .bind(serde_json::to_string(&form).map_err(AppError::internal)?)
        .bind(ts(now()))
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(cases::changed_meanwhile());
    }
    cases::record_event(&mut tx, id, p, "finding", Some(c.state), c.state, Some(&format!("更正 {amount} 元：{answer}"))).await?;
    let mut entry = caller.audit("case.finding", Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    entry.before = before.map(|f| serde_json::to_string(&f)).transpose().map_err(AppError::internal)?;
    entry.after = Some(serde_json::to_string(&form.finding).map_err(AppError::internal)?);
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// The first step cannot be approved without a finding.
pub(crate) fn finding_recorded(f: &Form) -> AppResult<&Finding> {
    f.finding.as_ref().ok_or_else(|| AppError::invalid(msg::account_check_conclusion_required()))
}

/// Approval: the correction entry (when not zero) and the answer.
pub(crate) async fn apply_correction(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let finding = finding_recorded(f)?;
    let amount = finding.amount;
    let account: String = sqlx::query_scalar("SELECT id FROM personal_accounts WHERE id_kind = $1 AND id_number = $2")
        .bind(c.person.kind().code())
        .bind(c.person.as_str())
        .fetch_one(&mut **tx)
        .await?;
    if amount != Yuan::ZERO {
        let today = state.today();
        sqlx::query(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             VALUES ($1, 'correction', $2, $3, $4, $5, NULL, $6)",
        )
        .bind(&account)
        .bind(format!("case:{id}"))
        .bind(amount.fen())
        .bind(today.to_string())
        .bind(i64::from(today.year()))
        .bind(ts(now()))
        .execute(&mut **tx)
        .await?;
    }
    let answer = &finding.answer;
    let text = if amount == Yuan::ZERO { msg::account_check_answer_no_correction(answer) } else { msg::account_check_answer_corrected(answer, amount) };
    crate::backend::infra::notices::notify(tx, &c.applicant, id, text).await
}

/// What the applicant and reviewers see of an account check.
pub(crate) fn facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    let mut rows = vec![fact(Key::FactCheckYear, f.year.to_string()), fact(Key::FactCheckMatter, f.description.clone())];
    if let Some(finding) = &f.finding {
        rows.push(fact(Key::FactFinding, finding.answer.clone()));
        rows.push(fact(Key::FactCorrectionAmount, finding.amount.to_string()));
        rows.push(fact(Key::FactCheckedBy, finding.by.clone()));
    }
    rows
}
