//! Staff, administrator, auditor and kiosk operations.

use crate::api::{ApiError, ApiResult, ErrorBody, Input, MessageDto, message, with_cookies};
use app::backend::identity::auth::Caller;
use app::backend::identity::auth::codes::RealName;
use app::backend::{AppState, identity::accounts, identity::kiosks, identity::persons, infra::registry};
use app::error::AppError;
use app::i18n::msg;
use app::model::{AuditQuery, AuditRow, ImportReport, KioskRow, KioskSetup, NewKiosk, NewStaff, PersonRow, PersonView};
use axum::{
    Extension, Json,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, Query, State, rejection::BytesRejection, rejection::QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use domain::{DocumentKind, DocumentNumber};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeviceBody {
    /// The setup code an administrator was given for this kiosk.
    pub setup_code: String,
}

/// Makes this browser a registered kiosk (the device cookie).
#[utoipa::path(post, path = "/kiosk/device", request_body = DeviceBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody)))]
pub(crate) async fn kiosk_device(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<DeviceBody>,
) -> Result<Response, ApiError> {
    let token = kiosks::set_up_device(&state, &caller, &b.setup_code).await?;
    let body = crate::api::message(msg::kiosk_registered()).0;
    Ok(with_cookies(&[kiosks::device_cookie(&token, state.secure_cookies)], body))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct KioskResidentBody {
    pub name: String,
    /// Resident ID number, as read from the card.
    pub document_number: String,
    /// The staff member saw the ID card.
    pub attested: bool,
}

/// At an unlocked kiosk: the staff member identifies the resident.
#[utoipa::path(post, path = "/kiosk/resident", request_body = KioskResidentBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn kiosk_resident(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<KioskResidentBody>,
) -> ApiResult<MessageDto> {
    let who = RealName::parse(&b.name, DocumentKind::ResidentId.code(), &b.document_number)?;
    kiosks::identify(&state, &caller, &who, b.attested).await?;
    Ok(message(msg::staff_resident_verified()))
}

/// Ends the kiosk session ("办理完毕").
#[utoipa::path(post, path = "/kiosk/finish", responses((status = 200, body = MessageDto)))]
pub(crate) async fn kiosk_finish(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> Result<Response, ApiError> {
    kiosks::finish(&state, &caller).await?;
    let clear = app::backend::identity::auth::sessions::clear_cookie(state.secure_cookies);
    Ok(with_cookies(&[clear], crate::api::message(msg::kiosk_session_ended()).0))
}

/// People of the caller's jurisdiction (masked).
#[utoipa::path(get, path = "/staff/persons", responses((status = 200, body = [PersonRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn persons(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<PersonRow>> {
    Ok(Json(persons::staff_list(&state, &caller).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LookupBody {
    /// resident_id (default) or another document kind code.
    #[serde(default)]
    document_kind: Option<String>,
    document_number: String,
}

/// One person by document, inside the caller's jurisdiction (audited). A
/// POST: an ID number never travels in a URL (proxy and browser logs,
/// history).
#[utoipa::path(post, path = "/staff/persons/lookup", request_body = LookupBody,
    responses((status = 200, body = PersonView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn lookup(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(q): Input<LookupBody>) -> ApiResult<PersonView> {
    let kind = DocumentKind::from_label_or_code(q.document_kind.as_deref().unwrap_or("resident_id"))
        .ok_or_else(|| AppError::invalid(msg::case_document_kind_invalid()))?;
    let document = DocumentNumber::parse(kind, &q.document_number).map_err(AppError::invalid)?;
    Ok(Json(persons::staff_lookup(&state, &caller, &document).await?))
}

/// Creates a staff account (administrators, inside their jurisdiction);
/// the invitation goes to the staff member's own mail address, and the
/// answer says where (never the link itself).
#[utoipa::path(post, path = "/admin/staff", request_body = NewStaff,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_staff(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<NewStaff>) -> ApiResult<MessageDto> {
    let invitation = app::backend::identity::staff::create_staff(&state, &caller, &b).await?;
    let email = app::backend::identity::staff::email_of(&state, &invitation.account_id).await?;
    Ok(message(app::backend::identity::staff::mailed_to(&invitation, email.as_deref())))
}

/// The staff of the administrator's jurisdiction.
#[utoipa::path(get, path = "/admin/staff", responses((status = 200, body = [app::model::StaffRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn staff_list(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<app::model::StaffRow>> {
    Ok(Json(app::backend::identity::staff::list_staff(&state, &caller).await?))
}

/// A new invitation to a staff member's own address (a lost passkey): their
/// passkeys are revoked and their sessions end.
#[utoipa::path(post, path = "/admin/staff/{login}/reinvite", params(("login" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn reinvite_staff(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(login): Path<String>) -> ApiResult<MessageDto> {
    let invitation = app::backend::identity::staff::reinvite_staff(&state, &caller, &login).await?;
    let email = app::backend::identity::staff::email_of(&state, &invitation.account_id).await?;
    Ok(message(app::backend::identity::staff::mailed_to(&invitation, email.as_deref())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DisableBody {
    /// Why (moved, retired, …), kept with the account and in the audit trail.
    pub reason: String,
}

/// Disables a staff account: sessions end at once, invitations are void.
#[utoipa::path(post, path = "/admin/staff/{login}/disable", params(("login" = String, Path)), request_body = DisableBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn disable_staff(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(login): Path<String>,
    Input(b): Input<DisableBody>,
) -> ApiResult<MessageDto> {
    app::backend::identity::staff::disable_staff(&state, &caller, &login, &b.reason).await?;
    Ok(message(msg::staff_account_disabled()))
}

/// Enables a disabled staff account again.
#[utoipa::path(post, path = "/admin/staff/{login}/enable", params(("login" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn enable_staff(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(login): Path<String>) -> ApiResult<MessageDto> {
    app::backend::identity::staff::enable_staff(&state, &caller, &login).await?;
    Ok(message(msg::staff_account_restored()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RolesBody {
    /// Role codes, e.g. `county_clerk`.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// Replaces a staff member's roles.
#[utoipa::path(post, path = "/admin/staff/{login}/roles", params(("login" = String, Path)), request_body = RolesBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn staff_roles(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(login): Path<String>,
    Input(b): Input<RolesBody>,
) -> ApiResult<MessageDto> {
    app::backend::identity::staff::set_staff_roles(&state, &caller, &login, &b.roles).await?;
    Ok(message(msg::staff_roles_changed()))
}

/// Asks for a printed hand-over of a new invitation; another
/// administrator approves it (on `/print/staff/{login}/handover`).
#[utoipa::path(post, path = "/admin/staff/{login}/handover", params(("login" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn request_handover(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(login): Path<String>) -> ApiResult<MessageDto> {
    app::backend::identity::staff::request_handover(&state, &caller, &login).await?;
    Ok(message(msg::staff_handover_print_requested()))
}

/// The second administrator approves a hand-over: the printed sheet with
/// the one-time link (an HTML page to print; a form post, so the link is
/// in no URL and no log).
pub async fn print_handover(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(login): Path<String>) -> Response {
    use leptos::prelude::*;
    let (name, invitation) = match app::backend::identity::staff::approve_handover(&state, &caller, &login).await {
        Ok(r) => r,
        Err(e) => return ApiError(e).into_response(),
    };
    let link = format!("{}/staff/enrol#{}", state.public_url, invitation.token);
    let qr = match app::backend::money::statements::qr_svg_of(&link) {
        Ok(q) => q,
        Err(e) => return ApiError(e).into_response(),
    };
    let until = app::backend::infra::clock::local_time(&invitation.expires_at);
    let body = view! {
        <h1>"工作人员账户登记交接单"</h1>
        <table>
            <tr><th>"姓名"</th><td>{name.clone()}</td><th>"登录名"</th><td>{login.clone()}</td></tr>
            <tr><th>"有效期至"</th><td colspan="3">{until}</td></tr>
            <tr>
                <td colspan="4">
                    "请本人用手机扫描二维码，或在浏览器中输入下面的链接，登记通行密钥（指纹、面容或屏幕锁）。链接只能使用一次，请勿转交他人。"<br/>
                    // The QR code is an SVG this server drew (`qr_svg_of`), not input.
                    <div style="text-align:center" inner_html=qr></div>
                    <code style="word-break:break-all">{link}</code>
                </td>
            </tr>
            <tr><th>"交接人签字"</th><td class="sign"></td><th>"接收人签字"</th><td class="sign"></td></tr>
        </table>
    };
    let mut res = axum::response::Html(crate::render::print_page(format!("登记交接单 - {name}"), login, body)).into_response();
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConflictBody {
    pub document_kind: String,
    pub document_number: String,
    /// 本人, 配偶, 父母, 子女, 兄弟姐妹 or 其他亲属.
    pub relation: String,
}

/// The people the caller (staff) declared they may not decide on.
#[utoipa::path(get, path = "/staff/conflicts", responses((status = 200, body = [app::model::ConflictRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn conflicts(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<app::model::ConflictRow>> {
    Ok(Json(accounts::my_conflicts(&state, &caller).await?))
}

/// A staff member declares themselves (their ID number) or a relative: the
/// cases about that person are decided by others (回避).
#[utoipa::path(post, path = "/staff/conflicts", request_body = ConflictBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn declare_conflict(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<ConflictBody>,
) -> ApiResult<MessageDto> {
    let kind = DocumentKind::from_label_or_code(&b.document_kind).ok_or_else(|| AppError::invalid(msg::auth_choose_document_kind()))?;
    let person = DocumentNumber::parse(kind, &b.document_number).map_err(AppError::invalid)?;
    accounts::declare_conflict(&state, &caller, &person, &b.relation).await?;
    Ok(message(msg::staff_conflict_declared()))
}

/// The kiosks of the administrator's jurisdiction.
#[utoipa::path(get, path = "/admin/kiosks", responses((status = 200, body = [KioskRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn kiosk_list(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<KioskRow>> {
    Ok(Json(kiosks::list(&state, &caller).await?))
}

/// Revokes a kiosk: its device stops working, its sessions end.
#[utoipa::path(post, path = "/admin/kiosks/{id}/revoke", params(("id" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn revoke_kiosk(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<MessageDto> {
    kiosks::revoke(&state, &caller, &id).await?;
    Ok(message(msg::staff_kiosk_disabled()))
}

/// Registers a kiosk of a township.
#[utoipa::path(post, path = "/admin/kiosks", request_body = NewKiosk,
    responses((status = 200, body = KioskSetup), (status = 400, body = ErrorBody)))]
pub(crate) async fn register_kiosk(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<NewKiosk>) -> ApiResult<KioskSetup> {
    Ok(Json(kiosks::register(&state, &caller, &b).await?))
}

/// Uploads are limited to the registry's file limit (and refused with a
/// clear message above it).
pub(crate) fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(registry::MAX_FILE_BYTES)
}

pub(crate) fn upload_refused(e: BytesRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::invalid(msg::uploads_file_too_large(registry::MAX_FILE_BYTES / 1024 / 1024))
    } else {
        AppError::invalid(msg::uploads_file_incomplete())
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The file's name, for the record.
    pub file_name: Option<String>,
}

/// The file of an import call (CSV request body): its name for the record
/// (`default` when none is given) and its bytes, or the reason it is refused.
pub(crate) fn csv_upload(
    q: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
    default: &str,
) -> Result<(String, Bytes), ApiError> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    let bytes = body.map_err(upload_refused)?;
    Ok((q.file_name.unwrap_or_else(|| default.to_owned()), bytes))
}

/// Imports a household registry file (the request body: CSV in UTF-8 or GB18030).
#[utoipa::path(post, path = "/admin/registry-imports", params(ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody)))]
pub(crate) async fn import_registry(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let (name, bytes) = csv_upload(q, body, "upload.csv")?;
    Ok(Json(app::backend::benefits::certification::import_registry_by(&state, &caller, &name, &bytes).await?))
}

/// Replaces a list kept by another agency (`other_schemes`: people insured
/// under another basic pension scheme, CSV `证件类型,证件号码,参加的养老保险`;
/// `special_groups`: hardship groups, CSV `证件类型,证件号码,特殊群体`;
/// `custody`: people held in custody, CSV `证件类型,证件号码,收押日期`),
/// UTF-8 or GB18030.
#[utoipa::path(post, path = "/admin/list-imports/{kind}", params(("kind" = String, Path), ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn import_list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(kind): axum::extract::Path<String>,
    q: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let list = app::backend::infra::lists::List::of(&kind).ok_or_else(|| app::error::AppError::not_found(msg::api_staff_unknown_list()))?;
    let (name, bytes) = csv_upload(q, body, "upload.csv")?;
    Ok(Json(list.import_by(&state, &caller, &name, &bytes).await?))
}

/// Imports the tax bureau's payment details (league fund officers; the
/// request body: CSV with the columns in docs/formats.md, UTF-8 or GB18030).
/// Good lines are booked to the personal accounts, bad lines reported.
#[utoipa::path(post, path = "/fund/tax-payments", params(ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody)))]
pub(crate) async fn import_tax_payments(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let (name, bytes) = csv_upload(q, body, "upload.csv")?;
    Ok(Json(app::backend::money::tax::import_by(&state, &caller, &name, &bytes).await?))
}

/// Compares the tax bureau's reconciliation totals with what was booked
/// (league fund officers; CSV body, columns in docs/formats.md). Books nothing;
/// every difference is listed.
#[utoipa::path(post, path = "/fund/tax-reconciliations", params(ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody)))]
pub(crate) async fn reconcile_tax(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let (name, bytes) = csv_upload(q, body, "upload.csv")?;
    Ok(Json(app::backend::money::tax::reconcile_by(&state, &caller, &name, &bytes).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportDto {
    pub batch_id: String,
    pub exported: i64,
    /// `(masked document, reason)` of the people held back (still queued).
    #[schema(value_type = Vec<Object>)]
    pub held: Vec<(String, String)>,
    pub message: String,
}

/// C5: exports the registration data queued since the last export for the
/// officer's league (new, changed, stopped), validated; returns the batch.
#[utoipa::path(post, path = "/fund/registration-exports",
    responses((status = 200, body = ExportDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn export_registrations(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<ExportDto> {
    let r = app::backend::money::registration::export_by(&state, &caller).await?;
    let message = format!("已生成报送批次 {}：报送 {} 人，暂缓 {} 人", r.batch_id, r.exported, r.held.len());
    Ok(Json(ExportDto { batch_id: r.batch_id, exported: r.exported, held: r.held, message }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct GovernmentPaidBody {
    pub year: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GovernmentPaidDto {
    pub batch_id: String,
    pub year: i32,
    pub listed: i64,
    /// Yuan, two decimals.
    pub total: String,
    pub message: String,
}

/// C4: lists the insured people of the officer's league in a hardship group
/// who are not yet on the year's government-paid list (lowest tier).
#[utoipa::path(post, path = "/fund/government-paid-lists", request_body = GovernmentPaidBody,
    responses((status = 200, body = GovernmentPaidDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn government_paid_list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(body): Input<GovernmentPaidBody>,
) -> ApiResult<GovernmentPaidDto> {
    let r = app::backend::money::government_paid::generate_by(&state, &caller, body.year).await?;
    let message = format!("已生成 {} 年政府代缴名单批次 {}：{} 人，合计 {} 元", r.year, r.batch_id, r.listed, r.total);
    Ok(Json(GovernmentPaidDto { batch_id: r.batch_id, year: r.year, listed: r.listed, total: r.total, message }))
}

/// The file of an export batch (CSV, UTF-8; the download is audited).
#[utoipa::path(get, path = "/fund/exports/{id}", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 404, body = ErrorBody)))]
pub(crate) async fn export_file(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    use axum::response::IntoResponse;
    let csv = app::backend::infra::exports::file_of(&state, &caller, &id).await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

/// Searches the audit trail (auditors).
#[utoipa::path(get, path = "/audit", params(AuditQuery),
    responses((status = 200, body = [AuditRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn audit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Vec<AuditRow>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(app::backend::oversight::audit_trail::search(&state, &caller, &q).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// YYYY-MM-DD (China Standard Time).
    pub day: String,
}

/// Refused calls (401, 403) of a day per route and client address, most
/// first (counted outside the audit chain).
#[utoipa::path(get, path = "/audit/refusals", params(DayQuery),
    responses((status = 200, body = [app::model::RefusalRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn refusals(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<DayQuery>, QueryRejection>,
) -> ApiResult<Vec<app::model::RefusalRow>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(app::backend::oversight::audit_trail::of_day(&state, &caller, &q.day).await?))
}
