//! Archives (S2), internal audit's risk lists (S3), consultations and
//! reports (S4).

use super::{ApiError, ApiResult, ErrorBody, Input, MessageDto, message};
use app::backend::identity::auth::Caller;
use app::backend::oversight::statistics::{Dashboard, Records};
use app::backend::{AppState, oversight::archives, oversight::consultations, oversight::risks, oversight::statistics};
use app::model::{ArchiveQuery, ArchiveRow, ConsultationFiled, ConsultationForm, ConsultationRow, ConsultationStatus, RiskList};
use axum::extract::{Path, Query, State, rejection::QueryRejection};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// S4: files a consultation (咨询) or a report (举报); anyone, signed in
/// or not. The answer holds the tracking number: keep it to read the
/// answer. A clerk of the county filing it (a call, a visit) owns it.
#[utoipa::path(operation_id = "oversight_file", post, path = "/consultations", request_body = ConsultationForm,
    responses((status = 200, body = ConsultationFiled), (status = 400, body = ErrorBody)))]
pub(super) async fn file(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(form): Input<ConsultationForm>,
) -> ApiResult<ConsultationFiled> {
    Ok(Json(consultations::file(&state, &caller, &form).await?))
}

/// S4: where a filing stands, and the answer, by its tracking number.
#[utoipa::path(operation_id = "oversight_status", get, path = "/consultations/{tracking}", params(("tracking" = String, Path)),
    responses((status = 200, body = ConsultationStatus), (status = 404, body = ErrorBody)))]
pub(super) async fn status(State(state): State<AppState>, Path(tracking): Path<String>) -> ApiResult<ConsultationStatus> {
    Ok(Json(consultations::status(&state, &tracking).await?))
}

/// S4: the filings a clerk owns, and (county clerks) those of their
/// county; the contact is shown to the owner only.
#[utoipa::path(get, path = "/staff/consultations",
    responses((status = 200, body = [ConsultationRow]), (status = 403, body = ErrorBody)))]
pub(super) async fn list(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<ConsultationRow>> {
    Ok(Json(consultations::list(&state, &caller).await?))
}

/// S4: a county clerk takes a filing of their county that has no owner.
#[utoipa::path(post, path = "/staff/consultations/{tracking}/take", params(("tracking" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn take(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(tracking): Path<String>) -> ApiResult<MessageDto> {
    Ok(message(consultations::take(&state, &caller, &tracking).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerBody {
    pub answer: String,
}

/// S4: the owner answers; the filing is closed and the filer told.
#[utoipa::path(post, path = "/staff/consultations/{tracking}/answer", params(("tracking" = String, Path)), request_body = AnswerBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn answer(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(tracking): Path<String>,
    Input(b): Input<AnswerBody>,
) -> ApiResult<MessageDto> {
    Ok(message(consultations::answer(&state, &caller, &tracking, &b.answer).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskQuery {
    /// One list by its code (e.g. `paid_after_death`); all when absent.
    pub list: Option<String>,
}

/// S3: the risk lists from data comparison, within the auditor's
/// jurisdiction, people masked; each reading is in the audit trail.
#[utoipa::path(get, path = "/audit/risks", params(RiskQuery),
    responses((status = 200, body = [RiskList]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn risk_lists(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<RiskQuery>) -> ApiResult<Vec<RiskList>> {
    Ok(Json(risks::lists(&state, &caller, q.list.as_deref().filter(|l| !l.is_empty())).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArchivedDto {
    /// Cases archived by this run (0: nothing new had finished).
    pub archived: i64,
}

/// S2: a county clerk archives the cases of their county that finished
/// and are not archived yet (repeatable: a second run archives nothing).
#[utoipa::path(post, path = "/archives/run", responses((status = 200, body = ArchivedDto), (status = 403, body = ErrorBody)))]
pub(super) async fn archive_run(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<ArchivedDto> {
    Ok(Json(ArchivedDto { archived: archives::run_by(&state, &caller).await? }))
}

/// S2: archived cases of the caller's jurisdiction (county clerks,
/// auditors), people masked; the search is recorded.
#[utoipa::path(get, path = "/archives", params(ArchiveQuery),
    responses((status = 200, body = [ArchiveRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn archive_search(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<ArchiveQuery>, QueryRejection>,
) -> ApiResult<Vec<ArchiveRow>> {
    let Query(q) = q.map_err(super::reference::bad_query)?;
    Ok(Json(archives::search(&state, &caller, &q).await?))
}

/// S2: one archived case as a tar package: `manifest.json` (the record as
/// sealed), `SHA256SUMS`, `documents/`. The export is recorded.
#[utoipa::path(get, path = "/archives/{case_id}/package", params(("case_id" = String, Path)),
    responses((status = 200, content_type = "application/x-tar"), (status = 404, body = ErrorBody)))]
pub(super) async fn archive_package(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(case_id): Path<String>,
) -> Result<Response, ApiError> {
    let tar = archives::package(&state, &caller, &case_id).await?;
    let disposition = format!("attachment; filename=\"archive-{case_id}.tar\"");
    Ok(([(header::CONTENT_TYPE, "application/x-tar".to_owned()), (header::CONTENT_DISPOSITION, disposition)], tar).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct HandoverBody {
    /// Records finished in this year or before (YYYY).
    pub year: i32,
}

/// S2: a county clerk hands the permanent and long-term records of their
/// county finished by `year` over to the archive office (移交): marked
/// once; the answer is the catalogue (CSV, UTF-8), its batch id in the
/// `x-handover-id` header. Nothing left to hand over: 409.
#[utoipa::path(post, path = "/archives/handovers", request_body = HandoverBody,
    responses((status = 200, content_type = "text/csv"), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn handover(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<HandoverBody>) -> Result<Response, ApiError> {
    let (id, csv) = archives::hand_over(&state, &caller, b.year).await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::HeaderName::from_static("x-handover-id"), id)], csv).into_response())
}

/// S2: the catalogue of an earlier handover of the caller's jurisdiction.
#[utoipa::path(get, path = "/archives/handovers/{id}", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 404, body = ErrorBody)))]
pub(super) async fn handover_catalogue(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let csv = archives::handover_catalogue(&state, &caller, &id).await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaceQuery {
    /// A place within the viewer's jurisdiction (division code); the
    /// jurisdiction when absent.
    pub place: Option<String>,
}

/// S1: the dashboard's figures over the viewer's jurisdiction (or a place
/// in it): insured by league, county, age band and tier, enrolments and
/// payroll by month, case deadlines, certification.
#[utoipa::path(get, path = "/statistics", params(PlaceQuery),
    responses((status = 200, body = Dashboard), (status = 403, body = ErrorBody)))]
pub(super) async fn statistics(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<PlaceQuery>, QueryRejection>,
) -> ApiResult<Dashboard> {
    let Query(q) = q.map_err(super::reference::bad_query)?;
    Ok(Json(statistics::dashboard(&state, &caller, q.place.as_deref()).await?))
}

/// S1: the same figures as CSV (UTF-8 with BOM; text cells safe to open
/// in a spreadsheet).
#[utoipa::path(get, path = "/statistics/csv", params(PlaceQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody)))]
pub(super) async fn statistics_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<PlaceQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(super::reference::bad_query)?;
    let csv = statistics::csv(&state, &caller, q.place.as_deref()).await?;
    let disposition = format!("attachment; filename=\"statistics-{}.csv\"", state.today());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], csv).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordsQuery {
    /// league, county, age, tier, enrolled, paid, deadline, certification.
    pub figure: String,
    /// The group's key as the dashboard gives it.
    pub key: String,
    pub place: Option<String>,
    /// How many to list (1–1000, default 100); `total` counts them all.
    pub limit: Option<i64>,
}

/// S1: the records one figure counts, people masked; the view is recorded.
#[utoipa::path(get, path = "/statistics/records", params(RecordsQuery),
    responses((status = 200, body = Records), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn statistics_records(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<RecordsQuery>, QueryRejection>,
) -> ApiResult<Records> {
    let Query(q) = q.map_err(super::reference::bad_query)?;
    Ok(Json(statistics::records(&state, &caller, q.place.as_deref(), &q.figure, &q.key, q.limit.unwrap_or(100)).await?))
}
