//! File uploads from pages, as plain HTML forms (they work before the
//! WASM arrives): the administrator's registry import and the enrolment
//! form with its attachments. The answer is a redirect to the page that
//! shows the result, or back to the form with the reason.

use app::backend::auth::Caller;
use app::backend::{AppState, registry};
use app::error::AppError;
use axum::{
    Extension,
    extract::{Multipart, Path, State, multipart::MultipartRejection},
    response::Redirect,
};

/// The page that imports files of a kind, and the import itself (each
/// service checks the caller's role).
fn import_page(kind: &str) -> Option<&'static str> {
    match kind {
        "registry" | "other_schemes" | "special_groups" => Some("/staff/admin"),
        "tax_payments" | "tax_reconciliation" => Some("/staff/fund"),
        _ => None,
    }
}

async fn import_kind(state: &AppState, caller: &Caller, kind: &str, name: &str, bytes: &[u8]) -> Result<app::model::ImportReport, AppError> {
    match kind {
        "registry" => registry::import_by(state, caller, name, bytes).await,
        "tax_payments" => app::backend::tax::import_by(state, caller, name, bytes).await,
        "tax_reconciliation" => app::backend::tax::reconcile_by(state, caller, name, bytes).await,
        _ => match app::backend::lists::List::of(kind) {
            Some(list) => list.import_by(state, caller, name, bytes).await,
            None => Err(AppError::not_found("没有这种导入")),
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
) -> Redirect {
    let Some(page) = import_page(&kind) else { return Redirect::to("/staff") };
    let result = async {
        let mut form = form.map_err(|_| AppError::invalid("请选择要导入的文件"))?;
        while let Some(field) = form.next_field().await.map_err(|e| upload_error(&e.to_string()))? {
            if field.name() != Some("file") {
                continue;
            }
            let name = field.file_name().unwrap_or("upload.csv").to_owned();
            let bytes = field.bytes().await.map_err(|e| upload_error(&e.to_string()))?;
            if bytes.is_empty() {
                return Err(AppError::invalid("请选择要导入的文件"));
            }
            return import_kind(&state, &caller, &kind, &name, &bytes).await;
        }
        Err(AppError::invalid("请选择要导入的文件"))
    }
    .await;
    match result {
        Ok(report) => Redirect::to(&format!("{page}?{kind}_batch={}#{kind}", report.batch_id)),
        Err(e) => Redirect::to(&format!("{page}?{kind}_error={}#{kind}", crate::access::encode(&e.message))),
    }
}

fn upload_error(cause: &str) -> AppError {
    tracing::info!("upload refused: {cause}");
    if cause.contains("length limit") || cause.contains("too large") {
        AppError::invalid(format!("文件超过 {} MB 的上限，请分批导出后再导入", registry::MAX_FILE_BYTES / 1024 / 1024))
    } else {
        AppError::invalid("文件没有完整上传，请重试")
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
) -> Result<(T, Vec<app::backend::documents::Upload>), AppError> {
    use app::backend::documents::{KINDS, Upload};
    let mut form = form.map_err(|_| AppError::invalid("表单没有完整提交，请重试"))?;
    let mut fields = serde_json::Map::new();
    let mut uploads = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|e| upload_error(&e.to_string()))? {
        let name = field.name().unwrap_or_default().to_owned();
        if KINDS.iter().any(|(k, _)| *k == name) {
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
    let fields = serde_json::from_value(serde_json::Value::Object(fields)).map_err(|_| AppError::invalid("表单内容有误，请检查后重试"))?;
    Ok((fields, uploads))
}

/// Where a page form goes after it was sent: the case, or back to the form
/// with the reason.
fn after_filing(result: Result<String, AppError>, staff: bool, form_page: (&str, &str)) -> Redirect {
    match (result, staff) {
        (Ok(id), true) => Redirect::to(&format!("/staff/cases/{id}")),
        (Ok(id), false) => Redirect::to(&format!("/me/cases/{id}")),
        (Err(e), true) => Redirect::to(&format!("{}?error={}", form_page.1, crate::access::encode(&e.message))),
        (Err(e), false) => Redirect::to(&format!("{}?error={}", form_page.0, crate::access::encode(&e.message))),
    }
}

fn is_staff(caller: &Caller) -> bool {
    caller.principal.as_ref().is_some_and(|p| p.is_staff() && p.kiosk.is_none())
}

/// `POST /cases/enrolment`: the enrolment form of the pages (resident,
/// kiosk, or staff filing for someone); back to the case, or to the form
/// with the reason.
pub async fn enrolment_form(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> Redirect {
    let result = async {
        let (fields, uploads) = read_form(form).await?;
        app::backend::cases::submit_enrolment(&state, &caller, &fields, uploads).await
    }
    .await;
    after_filing(result, is_staff(&caller), ("/me/enrol", "/staff/enrol-person"))
}

/// `POST /cases/key-change`: the E5 form of the pages.
pub async fn key_change_form(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> Redirect {
    let result = async {
        let (fields, uploads) = read_form(form).await?;
        app::backend::changes::submit_key_change(&state, &caller, &fields, uploads).await
    }
    .await;
    after_filing(result, is_staff(&caller), ("/me/key-change", "/staff/key-change"))
}

/// `POST /cases/account-check`: the A5 form of the account page.
pub async fn account_check_form(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> Redirect {
    let result = async {
        let (fields, uploads) = read_form(form).await?;
        app::backend::disputes::submit(&state, &caller, &fields, uploads).await
    }
    .await;
    after_filing(result, false, ("/me/account", "/me/account"))
}
