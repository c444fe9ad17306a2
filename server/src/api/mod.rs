//! The JSON API for mobile and kiosk clients and scripts, under `/api/v1`.
//! The OpenAPI document at `/api/v1/openapi.json` is generated from these
//! handlers, so an operation cannot exist without being documented.
//!
//! Handlers are thin: the caller (resolved by `access`), parse the input,
//! call one service, map the result. Every error is `{code, message}` with
//! a Chinese message. Who may call what is in `access::ROUTES`.

// One folder per context, as in app/src/backend.
mod benefits;
mod cases;
mod identity;
mod infra;
mod money;
mod oversight;
mod transfers;

use benefits::{eligibility, payroll};
use cases::deregistration;
pub use deregistration::print as print_settlement;
use identity::{auth, me, staff};
use infra::reference;
use money::fund;
pub use staff::print_handover;
pub use transfers::{print_approval, print_contact_letter};

use app::backend::AppState;
use app::error::{AppError, ErrorCode};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, FromRequest, Request},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(title = "内蒙古城乡居民基本养老保险 API", version = "1"),
    paths(
        reference::divisions,
        reference::policy,
        reference::working_days,
        reference::deadline,
        reference::openapi_json,
        reference::statement,
        reference::statement_qr,
        me::account,
        me::choose_tier,
        staff::import_tax_payments,
        staff::reconcile_tax,
        staff::export_registrations,
        staff::export_file,
        staff::government_paid_list,
        auth::request_code,
        auth::verify_code,
        auth::register_start,
        auth::register_finish,
        auth::sign_in_start,
        auth::sign_in_finish,
        auth::sign_out,
        me::me,
        me::record,
        me::change_details,
        me::notices,
        me::passkeys,
        me::revoke_passkey,
        me::sessions,
        me::end_session,
        me::agencies,
        me::declare_agency,
        me::agency,
        staff::kiosk_device,
        staff::kiosk_resident,
        staff::kiosk_finish,
        staff::persons,
        staff::lookup,
        staff::create_staff,
        staff::staff_list,
        staff::reinvite_staff,
        staff::disable_staff,
        staff::enable_staff,
        staff::staff_roles,
        staff::request_handover,
        staff::kiosk_list,
        staff::revoke_kiosk,
        staff::conflicts,
        staff::declare_conflict,
        staff::register_kiosk,
        staff::import_registry,
        staff::import_list,
        staff::audit,
        staff::refusals,
        cases::enrol,
        cases::key_change,
        cases::account_check,
        cases::back_payment,
        payroll::claim,
        payroll::mine,
        payroll::generate,
        payroll::check,
        payroll::bank_file,
        payroll::explain,
        payroll::approve_explanation,
        payroll::void,
        payroll::returns,
        payroll::reissue,
        payroll::increase,
        payroll::batches,
        payroll::resumption,
        payroll::benefit_review,
        payroll::confirm_review,
        payroll::status,
        payroll::death_list,
        payroll::plan,
        payroll::upcoming,
        payroll::notice,
        payroll::mail_notices,
        eligibility::self_certify,
        eligibility::bank_card,
        eligibility::assisted,
        eligibility::due,
        eligibility::sweep,
        eligibility::overpayment_list,
        eligibility::overpayment_step,
        deregistration::file,
        deregistration::settlement,
        deregistration::bank_card,
        transfers::file,
        transfers::inbox,
        transfers::key,
        transfers::funds_received,
        transfers::letters,
        transfers::release_letter,
        transfers::connection,
        transfers::connection_out,
        transfers::within_league,
        oversight::file,
        oversight::status,
        oversight::list,
        oversight::take,
        oversight::answer,
        oversight::risk_lists,
        oversight::archive_run,
        oversight::archive_search,
        oversight::archive_package,
        oversight::handover,
        oversight::handover_catalogue,
        oversight::statistics,
        oversight::statistics_csv,
        oversight::statistics_records,
        fund::post,
        fund::movement,
        fund::vouchers,
        fund::balances,
        fund::statement,
        fund::reconciliation,
        fund::drafts,
        cases::finding,
        cases::mine,
        cases::one,
        cases::decide,
        cases::resubmit,
        cases::withdraw,
        cases::queue,
        cases::document,
        cases::claim,
        cases::release,
    ),
    components(schemas(ErrorBody, ErrorCode))
)]
pub struct ApiDoc;

/// A transfer document carries one account's history: a few hundred entries.
const TRANSFER_DOCUMENT_LIMIT: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/divisions", get(reference::divisions))
        .route("/policy", get(reference::policy))
        .route("/working-days", get(reference::working_days))
        .route("/working-days/deadline", get(reference::deadline))
        .route("/openapi.json", get(reference::openapi_json))
        .route("/auth/code", post(auth::request_code))
        .route("/auth/code/verify", post(auth::verify_code))
        .route("/auth/passkey/register/start", post(auth::register_start))
        .route("/auth/passkey/register/finish", post(auth::register_finish))
        .route("/auth/passkey/sign-in/start", post(auth::sign_in_start))
        .route("/auth/passkey/sign-in/finish", post(auth::sign_in_finish))
        .route("/auth/sign-out", post(auth::sign_out))
        .route("/me", get(me::me))
        .route("/me/record", get(me::record))
        .route("/me/details", post(me::change_details))
        .route("/me/notices", get(me::notices))
        .route("/me/account", get(me::account))
        .route("/me/tier", post(me::choose_tier))
        .route("/statements/{code}", get(reference::statement))
        .route("/statements/{code}/qr", get(reference::statement_qr))
        .route("/fund/tax-payments", post(staff::import_tax_payments).layer(staff::upload_limit()))
        .route("/fund/tax-reconciliations", post(staff::reconcile_tax).layer(staff::upload_limit()))
        .route("/fund/post", post(fund::post))
        .route("/fund/movements", post(fund::movement))
        .route("/fund/vouchers", get(fund::vouchers))
        .route("/fund/balances", get(fund::balances))
        .route("/fund/bank-statements", post(fund::statement).layer(staff::upload_limit()))
        .route("/fund/reconciliation", get(fund::reconciliation))
        .route("/fund/drafts", get(fund::drafts))
        .route("/fund/registration-exports", post(staff::export_registrations))
        .route("/fund/exports/{id}", get(staff::export_file))
        .route("/fund/government-paid-lists", post(staff::government_paid_list))
        .route("/me/passkeys", get(me::passkeys))
        .route("/me/passkeys/{id}/revoke", post(me::revoke_passkey))
        .route("/me/sessions", get(me::sessions))
        .route("/me/sessions/{id}/end", post(me::end_session))
        .route("/admin/staff/{login}/reinvite", post(staff::reinvite_staff))
        .route("/admin/staff/{login}/disable", post(staff::disable_staff))
        .route("/admin/staff/{login}/enable", post(staff::enable_staff))
        .route("/admin/staff/{login}/roles", post(staff::staff_roles))
        .route("/admin/staff/{login}/handover", post(staff::request_handover))
        .route("/admin/kiosks/{id}/revoke", post(staff::revoke_kiosk))
        .route("/staff/conflicts", get(staff::conflicts).post(staff::declare_conflict))
        .route("/me/agencies", get(me::agencies).post(me::declare_agency))
        .route("/me/agencies/{id}", get(me::agency))
        .route("/kiosk/device", post(staff::kiosk_device))
        .route("/kiosk/resident", post(staff::kiosk_resident))
        .route("/kiosk/finish", post(staff::kiosk_finish))
        .route("/staff/persons", get(staff::persons))
        .route("/staff/persons/lookup", post(staff::lookup))
        .route("/admin/staff", post(staff::create_staff).get(staff::staff_list))
        .route("/admin/kiosks", post(staff::register_kiosk).get(staff::kiosk_list))
        .route("/admin/registry-imports", post(staff::import_registry).layer(staff::upload_limit()))
        .route("/admin/list-imports/{kind}", post(staff::import_list).layer(staff::upload_limit()))
        .route("/audit", get(staff::audit))
        .route("/audit/refusals", get(staff::refusals))
        .route("/cases", get(cases::mine))
        .route("/cases/enrolment", post(cases::enrol).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/cases/key-change", post(cases::key_change).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/cases/account-check", post(cases::account_check).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/cases/benefit-claim", post(payroll::claim).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/me/pension", get(payroll::mine))
        .route("/payroll/generate", post(payroll::generate))
        .route("/payroll/check", post(payroll::check))
        .route("/payroll/bank-files", post(payroll::bank_file))
        .route("/payroll/explanations", post(payroll::explain))
        .route("/payroll/explanations/approve", post(payroll::approve_explanation))
        .route("/payroll/void", post(payroll::void))
        .route("/payroll/returns", post(payroll::returns).layer(staff::upload_limit()))
        .route("/payroll/reissue", post(payroll::reissue))
        .route("/payroll/increase", post(payroll::increase))
        .route("/payroll/batches", get(payroll::batches))
        .route("/payroll/plan", get(payroll::plan))
        .route("/benefits/upcoming", get(payroll::upcoming))
        .route("/benefits/notices/mail", post(payroll::mail_notices))
        .route("/benefits/notices/{account}", get(payroll::notice))
        .route("/cases/resumption", post(payroll::resumption).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/pensions/status", post(payroll::status))
        .route("/cases/benefit-review", post(payroll::benefit_review).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/me/benefit-review/{id}/confirm", post(payroll::confirm_review))
        .route("/me/certification", post(eligibility::self_certify))
        .route("/me/bank-card", post(eligibility::bank_card))
        .route("/certification/assisted", post(eligibility::assisted))
        .route("/certification/due", get(eligibility::due))
        .route("/certification/sweep", post(eligibility::sweep))
        .route("/overpayments", get(eligibility::overpayment_list))
        .route("/overpayments/{id}", post(eligibility::overpayment_step))
        .route("/pensions/death-lists", post(payroll::death_list).layer(staff::upload_limit()))
        .route("/cases/deregistration", post(deregistration::file).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/settlements/{id}", get(deregistration::settlement))
        .route("/settlements/{id}/bank-card", post(deregistration::bank_card))
        .route("/cases/transfer-in", post(transfers::file).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/transfers/inbox", post(transfers::inbox).layer(DefaultBodyLimit::max(TRANSFER_DOCUMENT_LIMIT)))
        .route("/transfers/key", get(transfers::key))
        .route("/transfers/{id}/funds-received", post(transfers::funds_received))
        .route("/transfers/letters", get(transfers::letters))
        .route("/transfers/{id}/release", post(transfers::release_letter))
        .route("/transfers/{id}/connection", post(transfers::connection))
        .route("/transfers/connection-out", post(transfers::connection_out))
        .route("/transfers/within-league", post(transfers::within_league))
        .route("/consultations", post(oversight::file))
        .route("/consultations/{tracking}", get(oversight::status))
        .route("/staff/consultations", get(oversight::list))
        .route("/staff/consultations/{tracking}/take", post(oversight::take))
        .route("/staff/consultations/{tracking}/answer", post(oversight::answer))
        .route("/audit/risks", get(oversight::risk_lists))
        .route("/archives", get(oversight::archive_search))
        .route("/archives/run", post(oversight::archive_run))
        .route("/archives/{case_id}/package", get(oversight::archive_package))
        .route("/archives/handovers", post(oversight::handover))
        .route("/archives/handovers/{id}", get(oversight::handover_catalogue))
        .route("/statistics", get(oversight::statistics))
        .route("/statistics/csv", get(oversight::statistics_csv))
        .route("/statistics/records", get(oversight::statistics_records))
        .route("/cases/back-payment", post(cases::back_payment).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .route("/cases/{id}/finding", post(cases::finding))
        .route("/cases/{id}", get(cases::one))
        .route("/cases/{id}/decision", post(cases::decide))
        .route("/cases/{id}/resubmit", post(cases::resubmit))
        .route("/cases/{id}/withdraw", post(cases::withdraw))
        .route("/cases/{id}/claim", post(cases::claim))
        .route("/cases/{id}/release", post(cases::release))
        .route("/cases/{id}/documents/{sha}", get(cases::document))
        .route("/staff/queue", get(cases::queue))
        .fallback(|| async { ApiError(AppError::not_found("没有这个接口，请查看 /api/v1/openapi.json")) })
}

/// Every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Safe to show to the person, in Chinese.
    pub message: String,
}

impl ErrorBody {
    pub fn forbidden(message: &str) -> Self {
        ErrorBody { code: ErrorCode::Forbidden, message: message.to_owned() }
    }
}

pub struct ApiError(pub AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ErrorBody { code: self.0.code, message: self.0.message })).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A JSON request body whose rejection is a Chinese `{code, message}`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(req, state).await.map(|Json(v)| JsonBody(v)).map_err(|e| {
            tracing::debug!("body refused: {e}");
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                return ApiError(crate::web::too_large());
            }
            ApiError(AppError::invalid("请求内容不是有效的 JSON，或缺少必填项；请对照 /api/v1/openapi.json 检查"))
        })
    }
}

/// A JSON answer that also sets cookies.
fn with_cookies<T: Serialize>(cookies: &[String], body: T) -> Response {
    let mut response = Json(body).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// A short confirmation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MessageDto {
    pub message: String,
}

fn message(m: impl Into<String>) -> Json<MessageDto> {
    Json(MessageDto { message: m.into() })
}

/// The OpenAPI document as served: the operations, and who may call each
/// (from the access table).
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = <ApiDoc as utoipa::OpenApi>::openapi();
    crate::access::document(&mut doc);
    doc
}

#[cfg(test)]
mod tests {
    /// The OpenAPI document is valid OpenAPI 3.1, so a generated client
    /// works: checked by PyPI's `openapi-spec-validator` (`./dev test`
    /// installs it).
    #[test]
    fn the_openapi_document_is_valid() {
        let doc = super::document().to_pretty_json().expect("serialisable");
        let file = std::env::temp_dir().join(format!("pension-openapi-{}.json", std::process::id()));
        std::fs::write(&file, doc).expect("written");
        let out = std::process::Command::new("python3")
            .args(["-m", "openapi_spec_validator", "--subschema-errors", "all"])
            .arg(&file)
            .output()
            .expect("python3 runs (openapi-spec-validator: pip install openapi-spec-validator)");
        if out.status.success() {
            let _ = std::fs::remove_file(&file);
        }
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "the OpenAPI document is not valid:\n{said}");
    }

    /// Each operation says who may call it, and those not public name the
    /// session cookie as their security scheme.
    #[test]
    fn every_operation_says_who_may_call_it() {
        let doc = super::document();
        let schemes = doc.components.as_ref().map(|c| c.security_schemes.len()).unwrap_or_default();
        assert_eq!(schemes, 1, "the session cookie is the one scheme");
        let mut secured = 0;
        for (path, item) in &doc.paths.paths {
            for op in [&item.get, &item.post, &item.put, &item.delete, &item.patch].into_iter().flatten() {
                let description = op.description.as_deref().unwrap_or_default();
                assert!(description.contains("Who may call: "), "{path}: {description}");
                let public = description.contains("Who may call: anyone, signed in or not.");
                assert_eq!(op.security.is_none(), public, "{path}: security as the rule says");
                secured += usize::from(!public);
            }
        }
        assert!(secured > 50, "{secured} operations need a session");
    }
}
