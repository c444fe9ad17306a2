//! File uploads: the staff's imports from pages, as plain HTML forms (they
//! work without JavaScript; the answer is a redirect to the page that shows
//! the result, or back to the form with the reason), and the reading of an
//! application form with its attachments for the `/api/v1/cases/…`
//! operations (which pages post to as well, see `forms.rs`).

use app::backend::identity::auth::Caller;
use app::backend::{AppState, infra::registry};
use app::error::AppError;
use app::i18n::msg;
use axum::{
    Extension,
    extract::{Multipart, Path, State, multipart::MultipartRejection},
    response::{IntoResponse, Redirect, Response},
};

/// The page that imports files of a kind, and the import itself (each
/// service checks the caller's role).
fn import_page(kind: &str) -> Option<&'static str> {
    match kind {
        "registry" | "other_schemes" | "special_groups" | "custody" => Some("/staff/admin"),
        "tax_payments" | "tax_reconciliation" => Some("/staff/fund"),
        "bank_returns" => Some("/staff/payroll"),
        "death_list" => Some("/staff/deaths"),
        _ => None,
    }
}

async fn import_kind(state: &AppState, caller: &Caller, kind: &str, name: &str, bytes: &[u8]) -> Result<app::model::ImportReport, AppError> {
    match kind {
        "registry" => app::backend::benefits::certification::import_registry_by(state, caller, name, bytes).await,
        "tax_payments" => app::backend::money::tax::import_by(state, caller, name, bytes).await,
        "tax_reconciliation" => app::backend::money::tax::reconcile_by(state, caller, name, bytes).await,
        "bank_returns" => app::backend::benefits::payroll::bank::import_returns_by(state, caller, name, bytes).await,
        "death_list" => app::backend::benefits::pensions::import_deaths(state, caller, name, bytes).await,
        _ => match app::backend::infra::lists::List::of(kind) {
            Some(list) => list.import_by(state, caller, name, bytes).await,
            None => Err(AppError::not_found(msg::imports_unknown_kind())),
        },
    }
}

/// `POST /staff/imports/{kind}` (multipart, field `file`): a file import
/// from a page; back to the page's section with the batch (its report is
/// shown there) or the reason.
pub async fn import_upload(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(kind): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(page) = import_page(&kind) else { return Redirect::to("/staff").into_response() };
    let result = async {
        let mut form = form.map_err(|_| AppError::invalid(msg::uploads_choose_file()))?;
        while let Some(field) = form.next_field().await.map_err(|e| upload_error(&e.to_string()))? {
            if field.name() != Some("file") {
                continue;
            }
            let name = field.file_name().unwrap_or("upload.csv").to_owned();
            let bytes = field.bytes().await.map_err(|e| upload_error(&e.to_string()))?;
            if bytes.is_empty() {
                return Err(AppError::invalid(msg::uploads_choose_file()));
            }
            return import_kind(&state, &caller, &kind, &name, &bytes).await;
        }
        Err(AppError::invalid(msg::uploads_choose_file()))
    }
    .await;
    match result {
        Ok(report) => Redirect::to(&format!("{page}?{kind}_batch={}#{kind}", report.batch_id)).into_response(),
        Err(e) => refused(&state, &e, &format!("{page}?{kind}_error=1#{kind}")),
    }
}

/// Back to the form with the reason in the flash cookie (never in the URL).
fn refused(state: &AppState, e: &AppError, to: &str) -> Response {
    let cookie = app::backend::identity::auth::sessions::flash_cookie(&e.to_string(), state.secure_cookies);
    ([(axum::http::header::SET_COOKIE, cookie)], Redirect::to(to)).into_response()
}

fn upload_error(cause: &str) -> AppError {
    tracing::info!("upload refused: {cause}");
    if cause.contains("length limit") || cause.contains("too large") {
        AppError::invalid(msg::uploads_file_too_large(registry::MAX_FILE_BYTES / 1024 / 1024))
    } else {
        AppError::invalid(msg::uploads_file_incomplete())
    }
}

/// Room for the form and its attachments (each at most
/// `domain::document::MAX_DOCUMENT_BYTES`).
pub const FORM_LIMIT: usize = 6 * domain::document::MAX_DOCUMENT_BYTES;

/// Reads an application form sent as multipart: text fields by name into
/// `T` (fields it does not know are ignored), files by attachment kind.
/// Nothing is stored here; a file of the wrong type or size refuses the
/// whole form.
pub async fn read_form<T: serde::de::DeserializeOwned>(
    form: Result<Multipart, MultipartRejection>,
) -> Result<(T, Vec<app::backend::infra::documents::Upload>), AppError> {
    use app::backend::infra::documents::{KINDS, Upload};
    let mut form = form.map_err(|_| AppError::invalid(msg::uploads_form_incomplete()))?;
    let mut fields = serde_json::Map::new();
    let mut uploads = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|e| upload_error(&e.to_string()))? {
        let name = field.name().unwrap_or_default().to_owned();
        if KINDS.contains(&name.as_str()) {
            let file_name = field.file_name().unwrap_or("upload").to_owned();
            let bytes = field.bytes().await.map_err(|e| upload_error(&e.to_string()))?;
            if !bytes.is_empty() {
                uploads.push(Upload::check(&name, &file_name, bytes.to_vec())?);
            }
            continue;
        }
        let value = field.text().await.map_err(|e| upload_error(&e.to_string()))?;
        fields.insert(name, serde_json::Value::String(value));
    }
    Ok((typed(serde_json::Value::Object(fields))?, uploads))
}

fn typed<T: serde::de::DeserializeOwned>(fields: serde_json::Value) -> Result<T, AppError> {
    serde_json::from_value(fields).map_err(|_| AppError::invalid(msg::uploads_form_invalid()))
}
