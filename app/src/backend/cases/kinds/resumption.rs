//! Resumption of a suspended pension (B8): filed by the recipient or for
//! them, and on approval the pension paid again with what was held back.

use crate::backend::AppState;
use crate::backend::cases::engine::Stored;
use crate::backend::cases::engine::fact;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::documents::Upload;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::names;
use domain::case::CaseType;
use sqlx::{Any, Transaction};

use crate::backend::benefits::pensions::*;

/// B11: a suspended person asks for their pension to be resumed (online,
/// at a kiosk, or at the window by staff), with the reason and evidence;
/// 初审 (township), 复核 (county); approval resumes it and the suspended
/// months are paid by the next payroll.
pub async fn submit_resumption(state: &AppState, caller: &Caller, form: &crate::model::ResumptionForm, uploads: Vec<Upload>) -> AppResult<String> {
    let only_suspended = |status: &str| {
        if status == "suspended" { Ok(()) } else { Err(AppError::new(ErrorCode::Conflict, msg::resume_not_needed_status(status_label(status)))) }
    };
    file_about_pension(state, caller, form, uploads, CaseType::Resumption, "申请恢复的理由", only_suspended).await
}

/// Approval of a resumption: resumed with the suspended months paid.
pub(crate) async fn approve_resumption(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    apply_change(tx, &c.person, Change::Resume { back_pay: true }, &format!("恢复待遇申请 {id} 核准"), state.today(), "case").await?;
    crate::backend::infra::notices::notify(tx, &c.applicant, id, msg::resume_approved_notice()).await
}

pub(crate) type Form = PensionRequest;

pub(crate) fn resumption_facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    vec![
        fact(Key::FactSuspensionReason, f.suspended_for.clone().unwrap_or_else(|| "—".to_owned())),
        fact(Key::FactResumptionReason, f.reason.clone()),
        fact(Key::FactConfirmation, names::confirmation(f.confirmation)),
    ]
}
