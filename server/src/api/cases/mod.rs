//! Cases (issue 4): filing an enrolment, the applicant's cases, one case
//! with its timeline, staff queues and decisions, documents.

pub(crate) mod deregistration;

use crate::api::{ApiError, ApiResult, ErrorBody, Input, MessageDto, message};
use app::backend::identity::auth::Caller;
use app::backend::{AppState, cases};
use app::error::AppError;
use app::i18n::msg;
use app::model::{CaseRow, CaseView};
use axum::{
    Extension, Json,
    extract::{Multipart, Path, State, multipart::MultipartRejection},
    http::header,
    response::{IntoResponse, Response},
};
use domain::case::CaseEvent;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseIdDto {
    pub id: String,
}

/// Files an enrolment (multipart: the fields of `EnrolmentForm`, and the
/// files `id_front`, `id_back`, `hukou_home`, `hukou_self`; staff filing
/// for someone: `signed_form`). JPEG, PNG or PDF by content, 8 MB each.
#[utoipa::path(post, path = "/cases/enrolment", request_body(content = app::model::EnrolmentForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn enrol(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: cases::kinds::enrolment::submit_enrolment(&state, &caller, &fields, uploads).await? }))
}

/// Files an E5 change of name, birth date or document number (multipart:
/// the fields of `KeyChangeForm`, the file `change_proof`; staff filing for
/// someone also `signed_form`). Reviewed by the county (复核), then by any
/// county clerk of the league (审核); on approval the person's records move
/// to the new number.
#[utoipa::path(post, path = "/cases/key-change", request_body(content = app::model::KeyChangeForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn key_change(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::key_change::submit_key_change(&state, &caller, &fields, uploads).await? }))
}

/// A5: files a check of the personal account (multipart: the fields of
/// `DisputeForm` and the file `evidence`; staff filing for someone also
/// `signed_form`). 初审 (the township records the finding), 复核, 审核;
/// on approval the correction is posted as a new entry.
#[utoipa::path(post, path = "/cases/account-check", request_body(content = app::model::DisputeForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn account_check(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::account_check::submit(&state, &caller, &fields, uploads).await? }))
}

/// C2: files a back payment (multipart: the fields of `BackPaymentForm`;
/// staff filing for someone also `signed_form`). 初审, 复核; the years and
/// the amount are checked against the ledger.
#[utoipa::path(post, path = "/cases/back-payment", request_body(content = app::model::BackPaymentForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn back_payment(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::back_payment::submit(&state, &caller, &fields, uploads).await? }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FindingBody {
    /// The case's `version` as seen.
    pub version: i64,
    /// The correction in yuan: positive adds, negative takes away, 0 none.
    pub amount: String,
    /// The answer to the resident.
    pub answer: String,
}

/// A5: the township clerk's finding on an account check at 初审.
#[utoipa::path(post, path = "/cases/{id}/finding", params(("id" = String, Path)), request_body = FindingBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn finding(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<FindingBody>,
) -> ApiResult<MessageDto> {
    app::backend::cases::kinds::account_check::record_finding(&state, &caller, &id, b.version, &b.amount, &b.answer).await?;
    Ok(message(msg::case_finding_recorded()))
}

/// The caller's applications.
#[utoipa::path(operation_id = "cases_mine", get, path = "/cases", responses((status = 200, body = [CaseRow]), (status = 401, body = ErrorBody)))]
pub(crate) async fn mine(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<CaseRow>> {
    Ok(Json(cases::mine(&state, &caller).await?))
}

/// One case with its timeline (applicant, the person, staff of its jurisdiction).
#[utoipa::path(get, path = "/cases/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody)))]
pub(crate) async fn one(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<CaseView> {
    Ok(Json(cases::view(&state, &caller, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionBody {
    /// The case's `version` as seen: a decision on an older one is refused (409).
    pub version: i64,
    /// approve, return or terminate
    pub decision: String,
    /// Required for return and terminate: what is missing, or why.
    #[serde(default)]
    pub reason: Option<String>,
}

pub(crate) fn parse_decision(decision: &str, reason: Option<String>) -> Result<CaseEvent, AppError> {
    let reason = reason.unwrap_or_default();
    match decision {
        "approve" => Ok(CaseEvent::Approve),
        "return" => Ok(CaseEvent::Return(reason)),
        "terminate" => Ok(CaseEvent::Terminate(reason)),
        _ => Err(AppError::invalid(msg::api_cases_invalid_decision())),
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StateDto {
    pub state: String,
}

/// A reviewer's decision on the current step.
#[utoipa::path(post, path = "/cases/{id}/decision", params(("id" = String, Path)), request_body = DecisionBody,
    responses((status = 200, body = StateDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn decide(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<DecisionBody>,
) -> ApiResult<StateDto> {
    let event = parse_decision(&b.decision, b.reason)?;
    let next = cases::decide(&state, &caller, &id, b.version, event).await?;
    Ok(Json(StateDto { state: next.code() }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VersionBody {
    pub version: i64,
}

/// The applicant sends a returned case again.
#[utoipa::path(post, path = "/cases/{id}/resubmit", params(("id" = String, Path)), request_body = VersionBody,
    responses((status = 200, body = StateDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn resubmit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<VersionBody>,
) -> ApiResult<StateDto> {
    let next = cases::applicant_acts(&state, &caller, &id, b.version, CaseEvent::Resubmit).await?;
    Ok(Json(StateDto { state: next.code() }))
}

/// The applicant takes an open case back.
#[utoipa::path(post, path = "/cases/{id}/withdraw", params(("id" = String, Path)), request_body = VersionBody,
    responses((status = 200, body = StateDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<VersionBody>,
) -> ApiResult<StateDto> {
    let next = cases::applicant_acts(&state, &caller, &id, b.version, CaseEvent::Withdraw).await?;
    Ok(Json(StateDto { state: next.code() }))
}

/// The caller's queue: open cases of their jurisdiction waiting for their role, by deadline.
#[utoipa::path(get, path = "/staff/queue", responses((status = 200, body = [CaseRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn queue(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<CaseRow>> {
    Ok(Json(cases::queue(&state, &caller).await?))
}

/// An attachment of a case (for those who may see the case; audited).
#[utoipa::path(get, path = "/cases/{id}/documents/{sha}", params(("id" = String, Path), ("sha" = String, Path)),
    responses((status = 200, description = "the file, JPEG, PNG or PDF"), (status = 404, body = ErrorBody)))]
pub(crate) async fn document(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((id, sha)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (bytes, media) = cases::document(&state, &caller, &id, &sha).await?;
    // An upload is someone's file: shown in a sandbox (no script, no
    // same-origin access), and a PDF (which can carry script and forms)
    // is saved, not opened in the portal's origin. Images are shown inline.
    let disposition = if media == "application/pdf" { format!("attachment; filename=\"{sha}.pdf\"") } else { "inline".to_owned() };
    Ok((
        [
            (header::CONTENT_TYPE, media),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Claims the case for the caller (a reviewer of its current step).
#[utoipa::path(operation_id = "cases_claim", post, path = "/cases/{id}/claim", params(("id" = String, Path)),
    responses((status = 200, body = crate::api::MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn claim(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<crate::api::MessageDto> {
    cases::claim(&state, &caller, &id, true).await?;
    Ok(crate::api::message(msg::case_claimed()))
}

/// Releases the caller's claim.
#[utoipa::path(post, path = "/cases/{id}/release", params(("id" = String, Path)),
    responses((status = 200, body = crate::api::MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn release(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<crate::api::MessageDto> {
    cases::claim(&state, &caller, &id, false).await?;
    Ok(crate::api::message(msg::case_released()))
}
