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

use app::i18n::msg;
use benefits::{eligibility, payroll};
use cases::deregistration;
pub use deregistration::print as print_settlement;
use identity::{auth, me, staff};
use infra::reference;
use money::{contributions, fund};
pub use staff::print_handover;
pub use transfers::{print_approval, print_contact_letter};

use app::backend::AppState;
use app::error::{AppError, ErrorCode};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, FromRequest, Request},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::{
    router::{OpenApiRouter, UtoipaMethodRouterExt},
    routes,
};

#[derive(OpenApi)]
#[openapi(info(title = "内蒙古城乡居民基本养老保险 API", version = "1"), components(schemas(ErrorBody, ErrorCode)))]
pub struct ApiDoc;

/// A transfer document carries one account's history: a few hundred entries.
const TRANSFER_DOCUMENT_LIMIT: usize = 1024 * 1024;

/// Every operation, each declared once: its `#[utoipa::path]` attribute
/// gives the method and path to both the router and the OpenAPI document
/// (utoipa-axum), so an operation cannot be served undocumented or
/// documented unserved. Paths are relative to `/api/v1`.
fn operations() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reference::divisions))
        .routes(routes!(reference::policy))
        .routes(routes!(reference::working_days))
        .routes(routes!(reference::deadline))
        .routes(routes!(reference::openapi_json))
        .routes(routes!(auth::request_code))
        .routes(routes!(auth::verify_code))
        .routes(routes!(auth::register_start))
        .routes(routes!(auth::register_finish))
        .routes(routes!(auth::sign_in_start))
        .routes(routes!(auth::sign_in_finish))
        .routes(routes!(auth::sign_out))
        .routes(routes!(me::me))
        .routes(routes!(me::record))
        .routes(routes!(me::change_details))
        .routes(routes!(me::choose_contact))
        .routes(routes!(me::notices))
        .routes(routes!(me::account))
        .routes(routes!(me::standing))
        .routes(routes!(me::estimate))
        .routes(routes!(me::certificate))
        .routes(routes!(me::choose_tier))
        .routes(routes!(reference::statement))
        .routes(routes!(reference::statement_qr))
        .routes(routes!(reference::certificate))
        .routes(routes!(reference::certificate_qr))
        .routes(routes!(staff::import_tax_payments).layer(staff::upload_limit()))
        .routes(routes!(staff::reconcile_tax).layer(staff::upload_limit()))
        .routes(routes!(contributions::unpaid))
        .routes(routes!(contributions::remind))
        .routes(routes!(fund::post))
        .routes(routes!(fund::movement))
        .routes(routes!(fund::vouchers))
        .routes(routes!(fund::balances))
        .routes(routes!(fund::message_costs))
        .routes(routes!(fund::statement).layer(staff::upload_limit()))
        .routes(routes!(fund::reconciliation))
        .routes(routes!(fund::drafts))
        .routes(routes!(staff::export_registrations))
        .routes(routes!(staff::export_file))
        .routes(routes!(staff::government_paid_list))
        .routes(routes!(me::passkeys))
        .routes(routes!(me::revoke_passkey))
        .routes(routes!(me::sessions))
        .routes(routes!(me::end_session))
        .routes(routes!(staff::reinvite_staff))
        .routes(routes!(staff::disable_staff))
        .routes(routes!(staff::enable_staff))
        .routes(routes!(staff::staff_roles))
        .routes(routes!(staff::request_handover))
        .routes(routes!(staff::revoke_kiosk))
        .routes(routes!(staff::conflicts, staff::declare_conflict))
        .routes(routes!(me::agencies, me::declare_agency))
        .routes(routes!(me::agency))
        .routes(routes!(staff::kiosk_device))
        .routes(routes!(staff::kiosk_resident))
        .routes(routes!(staff::kiosk_finish))
        .routes(routes!(staff::persons))
        .routes(routes!(staff::lookup))
        .routes(routes!(staff::create_staff, staff::staff_list))
        .routes(routes!(staff::register_kiosk, staff::kiosk_list))
        .routes(routes!(staff::import_registry).layer(staff::upload_limit()))
        .routes(routes!(staff::import_list).layer(staff::upload_limit()))
        .routes(routes!(staff::audit))
        .routes(routes!(staff::refusals))
        .routes(routes!(cases::mine))
        .routes(routes!(cases::enrol).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(cases::key_change).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(cases::account_check).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(payroll::claim).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(payroll::mine))
        .routes(routes!(payroll::generate))
        .routes(routes!(payroll::check))
        .routes(routes!(payroll::bank_file))
        .routes(routes!(payroll::explain))
        .routes(routes!(payroll::approve_explanation))
        .routes(routes!(payroll::void))
        .routes(routes!(payroll::returns).layer(staff::upload_limit()))
        .routes(routes!(payroll::reissue))
        .routes(routes!(payroll::increase))
        .routes(routes!(payroll::batches))
        .routes(routes!(payroll::plan))
        .routes(routes!(payroll::upcoming))
        .routes(routes!(payroll::mail_notices))
        .routes(routes!(payroll::notice))
        .routes(routes!(payroll::resumption).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(payroll::status))
        .routes(routes!(payroll::benefit_review).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(payroll::confirm_review))
        .routes(routes!(eligibility::self_certify))
        .routes(routes!(eligibility::bank_card))
        .routes(routes!(eligibility::assisted))
        .routes(routes!(eligibility::due))
        .routes(routes!(eligibility::sweep))
        .routes(routes!(eligibility::overpayment_list))
        .routes(routes!(eligibility::overpayment_step))
        .routes(routes!(payroll::death_list).layer(staff::upload_limit()))
        .routes(routes!(deregistration::file).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(deregistration::settlement))
        .routes(routes!(deregistration::bank_card))
        .routes(routes!(transfers::file).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(transfers::inbox).layer(DefaultBodyLimit::max(TRANSFER_DOCUMENT_LIMIT)))
        .routes(routes!(transfers::key))
        .routes(routes!(transfers::funds_received))
        .routes(routes!(transfers::letters))
        .routes(routes!(transfers::release_letter))
        .routes(routes!(transfers::connection))
        .routes(routes!(transfers::connection_out))
        .routes(routes!(transfers::within_league))
        .routes(routes!(oversight::file))
        .routes(routes!(oversight::status))
        .routes(routes!(oversight::list))
        .routes(routes!(oversight::take))
        .routes(routes!(oversight::answer))
        .routes(routes!(oversight::risk_lists))
        .routes(routes!(oversight::archive_search))
        .routes(routes!(oversight::archive_run))
        .routes(routes!(oversight::archive_package))
        .routes(routes!(oversight::handover))
        .routes(routes!(oversight::handover_catalogue))
        .routes(routes!(oversight::statistics))
        .routes(routes!(oversight::statistics_csv))
        .routes(routes!(oversight::statistics_records))
        .routes(routes!(cases::back_payment).layer(DefaultBodyLimit::max(crate::uploads::FORM_LIMIT)))
        .routes(routes!(cases::finding))
        .routes(routes!(cases::one))
        .routes(routes!(cases::decide))
        .routes(routes!(cases::resubmit))
        .routes(routes!(cases::withdraw))
        .routes(routes!(cases::claim))
        .routes(routes!(cases::release))
        .routes(routes!(cases::document))
        .routes(routes!(cases::queue))
        .fallback(|| async { ApiError(AppError::not_found(msg::api_endpoint_not_found())) })
}

/// Every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// The message's id in the catalogue (`app/locales`), for a program
    /// that writes its own sentence; absent for a text without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The message's named arguments.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub args: std::collections::BTreeMap<String, String>,
    /// Safe to show to the person, in their language (the `lang` cookie).
    pub message: String,
}

impl From<&AppError> for ErrorBody {
    fn from(e: &AppError) -> Self {
        {
            let lang = app::i18n::reader();
            ErrorBody { code: e.code, key: e.message.id().map(str::to_owned), args: e.message.named_args(lang), message: e.message.text(lang) }
        }
    }
}

pub struct ApiError(pub AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ErrorBody::from(&self.0))).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A request body: JSON from programs and scripts, or the fields of a page's
/// plain form post (`application/x-www-form-urlencoded`, see
/// `app::pages::form`), read into the same type; values are trimmed as a
/// person typed them. A refusal is a `{code, message}` in words.
pub struct Input<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Input<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let refused = || ApiError(AppError::invalid(msg::api_invalid_json()));
        if crate::forms::is_form(req.headers()) {
            let bytes = axum::body::Bytes::from_request(req, state)
                .await
                .map_err(|e| if e.status() == StatusCode::PAYLOAD_TOO_LARGE { ApiError(crate::web::too_large()) } else { refused() })?;
            return crate::forms::read(&bytes).map(Input).map_err(|e| {
                tracing::debug!("form refused: {e}");
                refused()
            });
        }
        Json::<T>::from_request(req, state).await.map(|Json(v)| Input(v)).map_err(|e| {
            tracing::debug!("body refused: {e}");
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                return ApiError(crate::web::too_large());
            }
            refused()
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

/// A short confirmation: what was done, in the reader's language, with the
/// message's id and arguments as in [`ErrorBody`].
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MessageDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub args: std::collections::BTreeMap<String, String>,
    pub message: String,
}

fn message(m: impl Into<app::i18n::Message>) -> Json<MessageDto> {
    let m = m.into();
    let lang = app::i18n::reader();
    Json(MessageDto { key: m.id().map(str::to_owned), args: m.named_args(lang), message: m.text(lang) })
}

/// The API under `/api/v1` and its OpenAPI document, both from
/// [`operations`]; the document says who may call each operation (from the
/// access table).
pub fn split() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", operations()).split_for_parts();
    crate::access::document(&mut doc);
    (router, doc)
}

/// The OpenAPI document as served.
pub fn document() -> utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::LazyLock<utoipa::openapi::OpenApi> = std::sync::LazyLock::new(|| split().1);
    DOCUMENT.clone()
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
