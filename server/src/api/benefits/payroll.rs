//! The monthly payroll (B5, B6) and the pension claim (B1, B3).

use crate::api::cases::CaseIdDto;
use crate::api::{ApiResult, ErrorBody, Input};
use app::backend::identity::auth::Caller;
use app::backend::{AppState, benefits::payroll, benefits::pensions};
use app::i18n::msg;
use app::model::{BankFileResult, ImportReport, PayrollBatch, PensionView};
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Multipart, Query, State};
use axum::{Extension, Json, body::Bytes};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// B3: files a pension claim (multipart: the fields of `BenefitClaimForm`;
/// staff filing for someone also `signed_form`). 初审, 复核, 审核 within
/// 20 working days; the amount is estimated now and determined at approval.
#[utoipa::path(operation_id = "payroll_claim", post, path = "/cases/benefit-claim", request_body(content = app::model::BenefitClaimForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn claim(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::benefit_claim::submit(&state, &caller, &fields, uploads).await? }))
}

/// The signed-in resident's pension: amount, parts, payments by month.
/// `null` before a pension is determined.
#[utoipa::path(operation_id = "payroll_mine", get, path = "/me/pension", responses((status = 200, body = Option<PensionView>), (status = 401, body = ErrorBody)))]
pub(crate) async fn mine(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Option<PensionView>> {
    Ok(Json(app::backend::benefits::overview::my_pension(&state, &caller).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PayrollBody {
    /// A county (generate, reissue) or a league (check, bank file) code.
    pub place: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Bank files: the run (1 the month's payroll, 2 … second runs).
    #[serde(default = "first_run")]
    pub run: i64,
}

fn first_run() -> i64 {
    1
}

/// Step 1 (county clerk): the county's payroll of the month; again: the same batch.
#[utoipa::path(post, path = "/payroll/generate", request_body = PayrollBody,
    responses((status = 200, body = PayrollBatch), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn generate(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<PayrollBody>) -> ApiResult<PayrollBatch> {
    Ok(Json(payroll::generate_by(&state, &caller, &b.place, &b.month).await?))
}

/// Step 2 (fund officer): checks the league's county payrolls of the month
/// against the previous month; unexplained differences block sending.
#[utoipa::path(post, path = "/payroll/check", request_body = PayrollBody,
    responses((status = 200, body = [PayrollBatch]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn check(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<PayrollBody>) -> ApiResult<Vec<PayrollBatch>> {
    Ok(Json(app::backend::benefits::payroll::check::check_by(&state, &caller, &b.place, &b.month).await?))
}

/// Step 3 (fund officer): records the funding transfer and writes the
/// bank file of the league's checked county payrolls not yet sent (the
/// month's file, or a supplementary one for counties cleared later), with
/// the county batches still held back by their check. Nothing new to send:
/// the latest file.
#[utoipa::path(post, path = "/payroll/bank-files", request_body = PayrollBody,
    responses((status = 200, body = BankFileResult), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn bank_file(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<PayrollBody>) -> ApiResult<BankFileResult> {
    Ok(Json(app::backend::benefits::payroll::bank::bank_file_by(&state, &caller, &b.place, &b.month, b.run).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ExplanationBody {
    /// The batch id (`150121-2026-12-1`).
    pub batch: String,
    /// The pension of the unexplained line, as the check lists it.
    pub pension: String,
    /// Why the amount differs (4–200 characters); not needed to approve.
    #[serde(default)]
    pub reason: String,
}

/// Step 2, a way forward (fund officer of the batch's league): explains in
/// words a difference the check listed. It counts once another fund
/// officer approves it.
#[utoipa::path(post, path = "/payroll/explanations", request_body = ExplanationBody,
    responses((status = 200, body = crate::api::MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn explain(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<ExplanationBody>,
) -> ApiResult<crate::api::MessageDto> {
    app::backend::benefits::payroll::check::explain_by(&state, &caller, &b.batch, &b.pension, &b.reason).await?;
    Ok(crate::api::message(msg::payroll_note_recorded()))
}

/// Step 2 (another fund officer of the league, never the one who wrote it):
/// approves an explanation; the batch is checked again and returned.
#[utoipa::path(post, path = "/payroll/explanations/approve", request_body = ExplanationBody,
    responses((status = 200, body = PayrollBatch), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn approve_explanation(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<ExplanationBody>,
) -> ApiResult<PayrollBatch> {
    Ok(Json(app::backend::benefits::payroll::check::approve_explanation_by(&state, &caller, &b.batch, &b.pension).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VoidBody {
    /// The county.
    pub place: String,
    /// `YYYY-MM`.
    pub month: String,
    /// What was corrected (4–200 characters).
    pub reason: String,
}

/// Step 2, the other way forward (county clerk): after correcting the
/// data, voids the county's unsent payroll of the month so that it can be
/// generated again. The batch and its lines are kept as `void`.
#[utoipa::path(post, path = "/payroll/void", request_body = VoidBody,
    responses((status = 200, body = PayrollBatch), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn void(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<VoidBody>) -> ApiResult<PayrollBatch> {
    Ok(Json(app::backend::benefits::payroll::check::void_by(&state, &caller, &b.place, &b.month, &b.reason).await?))
}

/// Step 4 (fund officer): the bank's return file (CSV body:
/// 流水号,金额,结果,失败原因). The same file again changes nothing.
#[utoipa::path(post, path = "/payroll/returns", params(crate::api::staff::ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody)))]
pub(crate) async fn returns(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<crate::api::staff::ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let (name, bytes) = crate::api::staff::csv_upload(q, body, "returns.csv")?;
    Ok(Json(app::backend::benefits::payroll::bank::import_returns_by(&state, &caller, &name, &bytes).await?))
}

/// B8 and 调待 (county clerk, before the month's payroll): adds the rise of
/// the basic pension taking effect in the month to the county's pensions
/// started before it, except those under community correction or in
/// custody; again: the same figures.
#[utoipa::path(post, path = "/payroll/increase", request_body = PayrollBody,
    responses((status = 200, body = crate::api::MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn increase(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<PayrollBody>,
) -> ApiResult<crate::api::MessageDto> {
    let (delta, raised, skipped) = payroll::increase_by(&state, &caller, &b.place, &b.month).await?;
    Ok(crate::api::message(msg::payroll_raise_done(&b.month, delta, raised, skipped)))
}

/// Step 5 (county clerk): pays the month's failed items again, to the
/// bank cards as they are now. `null` when nothing failed.
#[utoipa::path(post, path = "/payroll/reissue", request_body = PayrollBody,
    responses((status = 200, body = Option<PayrollBatch>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn reissue(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<PayrollBody>,
) -> ApiResult<Option<PayrollBatch>> {
    Ok(Json(app::backend::benefits::payroll::bank::reissue_by(&state, &caller, &b.place, &b.month).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM`.
    pub month: String,
}

/// The payroll batches of a month in the caller's jurisdiction, with
/// issued, paid and failed totals.
#[utoipa::path(get, path = "/payroll/batches", params(MonthQuery),
    responses((status = 200, body = [PayrollBatch]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn batches(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<MonthQuery>, QueryRejection>,
) -> ApiResult<Vec<PayrollBatch>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    let month = domain::benefit::Month::parse(&q.month).ok_or_else(|| app::error::AppError::invalid(msg::payroll_month_format_example()))?;
    Ok(Json(payroll::batches(&state, &caller, month).await?))
}

/// B11: a suspended person applies for resumption (multipart: the fields of
/// `ResumptionForm`, evidence optional; staff filing for someone also
/// `signed_form`). 初审, 复核; approval resumes and back-pays.
#[utoipa::path(post, path = "/cases/resumption", request_body(content = app::model::ResumptionForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn resumption(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::resumption::submit_resumption(&state, &caller, &fields, uploads).await? }))
}

/// B4: the recipient disputes the amount (multipart: `reason`, evidence
/// optional; staff filing for someone also `signed_form`). 复核, 审核 by
/// the county; approval re-determines, and the person confirms the result.
#[utoipa::path(post, path = "/cases/benefit-review", request_body(content = app::model::ResumptionForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn benefit_review(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::benefit_review::submit(&state, &caller, &fields, uploads).await? }))
}

/// B4: the person confirms the re-determination of their review case `id`:
/// the new amount and the difference apply from the next payroll.
#[utoipa::path(post, path = "/me/benefit-review/{id}/confirm", params(("id" = String, Path)),
    responses((status = 200, body = crate::api::MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn confirm_review(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> crate::api::ApiResult<crate::api::MessageDto> {
    Ok(crate::api::message(app::backend::cases::kinds::benefit_review::confirm(&state, &caller, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusBody {
    pub document_kind: String,
    pub document_number: String,
    /// `suspend`, `custody` (B8: suspended, no increase until release),
    /// `resume`, `stop` or `community_correction` (B8: paid, no increase
    /// until `until`).
    pub action: String,
    pub reason: String,
    /// Resume only: pay the suspended months (false for custody, B8).
    #[serde(default)]
    pub back_pay: bool,
    /// `community_correction` only (B8): the end of the term.
    pub until: Option<String>,
    /// Stop only (B12): `death` or `ineligible`, with `ended_on` (the day):
    /// the months paid after it become an overpayment, recovered in order.
    pub ground: Option<String>,
    pub ended_on: Option<String>,
}

/// B8, B11 (county clerk of the pension's county): suspend, resume or stop
/// a pension, with the reason; the next payroll and its check follow.
#[utoipa::path(operation_id = "payroll_status", post, path = "/pensions/status", request_body = StatusBody,
    responses((status = 200, body = crate::api::MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<StatusBody>,
) -> crate::api::ApiResult<crate::api::MessageDto> {
    if b.action == "community_correction" {
        let until = b.until.as_deref().unwrap_or_default();
        return Ok(crate::api::message(pensions::community_correction_by(&state, &caller, &b.document_kind, &b.document_number, until, &b.reason).await?));
    }
    let change = pensions::Change::parse(&b.action, b.back_pay).ok_or_else(|| app::error::AppError::invalid(msg::api_payroll_invalid_action()))?;
    let ended = pensions::Ended::parse(b.ground.as_deref(), b.ended_on.as_deref(), state.today())?;
    Ok(crate::api::message(pensions::change_by(&state, &caller, &b.document_kind, &b.document_number, change, &b.reason, ended).await?))
}

/// B10 (village assistant): the month's death list (CSV body
/// `证件类型,证件号码,姓名,死亡日期`); the pensions of the people on it are
/// suspended at once.
#[utoipa::path(post, path = "/pensions/death-lists", params(crate::api::staff::ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn death_list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<crate::api::staff::ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let (name, bytes) = crate::api::staff::csv_upload(q, body, "deaths.csv")?;
    Ok(Json(pensions::import_deaths(&state, &caller, &name, &bytes).await?))
}

/// B7: the fund-use plan of a month per county of the caller's
/// jurisdiction, and the total (last row).
#[utoipa::path(get, path = "/payroll/plan", params(MonthQuery),
    responses((status = 200, body = [app::model::FundPlanRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn plan(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<MonthQuery>, QueryRejection>,
) -> ApiResult<Vec<app::model::FundPlanRow>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    let month = domain::benefit::Month::parse(&q.month).ok_or_else(|| app::error::AppError::invalid(msg::payroll_month_format_example()))?;
    Ok(Json(payroll::plan(&state, &caller, month).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthsQuery {
    /// Reaching pension age within this many months (1–24).
    pub months: u32,
}

/// B2 (township or county clerk): insured people of the jurisdiction who
/// reach pension age within `months` (or have, without claiming), alive,
/// with contribution years, balance and the estimated monthly pension.
#[utoipa::path(get, path = "/benefits/upcoming", params(MonthsQuery),
    responses((status = 200, body = [app::model::UpcomingRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn upcoming(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<MonthsQuery>, QueryRejection>,
) -> ApiResult<Vec<app::model::UpcomingRow>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(app::backend::benefits::eligibility_notices::upcoming(&state, &caller, q.months).await?))
}

/// B2: the notice 《待遇领取告知书》 of one person on the list.
#[utoipa::path(get, path = "/benefits/notices/{account}", params(("account" = String, Path)),
    responses((status = 200, body = app::model::BenefitNotice), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn notice(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(account): axum::extract::Path<String>,
) -> ApiResult<app::model::BenefitNotice> {
    Ok(Json(app::backend::benefits::eligibility_notices::notice(&state, &caller, &account).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MailNoticesBody {
    pub months: u32,
}

/// B2: mails the notice to everyone on the list with an address who was
/// not mailed before.
#[utoipa::path(post, path = "/benefits/notices/mail", request_body = MailNoticesBody,
    responses((status = 200, body = crate::api::MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn mail_notices(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<MailNoticesBody>,
) -> crate::api::ApiResult<crate::api::MessageDto> {
    let (sent, before) = app::backend::benefits::eligibility_notices::mail_notices(&state, &caller, b.months).await?;
    Ok(crate::api::message(format!("本次发出 {sent} 人（邮件和短信；未能即时送出的自动重试），此前已发 {before} 人")))
}
