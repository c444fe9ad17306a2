//! File uploads from pages, as plain HTML forms (they work before the
//! WASM arrives): the administrator's registry import and the enrolment
//! form with its attachments. The answer is a redirect to the page that
//! shows the result, or back to the form with the reason.

use app::backend::auth::Caller;
use app::backend::{AppState, registry};
use app::error::AppError;
use axum::{
    Extension,
    extract::{Multipart, State, multipart::MultipartRejection},
    response::Redirect,
};

fn back(query: &str) -> Redirect {
    Redirect::to(&format!("/staff/admin?{query}#registry"))
}

fn refused(e: &AppError) -> Redirect {
    back(&format!("import_error={}", crate::access::encode(&e.message)))
}

/// `POST /staff/admin/registry-upload` (multipart, field `file`).
pub async fn registry_upload(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> Redirect {
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
            return registry::import_by(&state, &caller, &name, &bytes).await;
        }
        Err(AppError::invalid("请选择要导入的文件"))
    }
    .await;
    match result {
        Ok(report) => back(&format!("batch={}", report.batch_id)),
        Err(e) => refused(&e),
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

/// Reads an application form sent as multipart: text fields by name, files
/// by attachment kind. Nothing is stored here; a file of the wrong type or
/// size refuses the whole form.
pub async fn read_enrolment(
    form: Result<Multipart, MultipartRejection>,
) -> Result<(app::model::EnrolmentForm, Vec<app::backend::documents::Upload>), AppError> {
    use app::backend::documents::{KINDS, Upload};
    let mut form = form.map_err(|_| AppError::invalid("表单没有完整提交，请重试"))?;
    let mut fields = app::model::EnrolmentForm::default();
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
        let v = Some(value.clone());
        match name.as_str() {
            "name" => fields.name = v,
            "document_kind" => fields.document_kind = v,
            "document_number" => fields.document_number = v,
            "household_type" => fields.household_type = value,
            "residence_address" => fields.residence_address = value,
            "phone" => fields.phone = value,
            "tier" => fields.tier = value,
            "special_group" => fields.special_group = v,
            "bank_card" => fields.bank_card = value,
            "confirmation" => fields.confirmation = v,
            _ => {}
        }
    }
    Ok((fields, uploads))
}

/// `POST /cases/enrolment`: the enrolment form of the pages (resident,
/// kiosk, or staff filing for someone); back to the case, or to the form
/// with the reason.
pub async fn enrolment_form(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> Redirect {
    let staff = caller.principal.as_ref().is_some_and(|p| p.is_staff() && p.kiosk.is_none());
    let result = async {
        let (fields, uploads) = read_enrolment(form).await?;
        app::backend::cases::submit_enrolment(&state, &caller, &fields, uploads).await
    }
    .await;
    match (result, staff) {
        (Ok(id), true) => Redirect::to(&format!("/staff/cases/{id}")),
        (Ok(id), false) => Redirect::to(&format!("/me/cases/{id}")),
        (Err(e), true) => Redirect::to(&format!("/staff/enrol-person?error={}", crate::access::encode(&e.message))),
        (Err(e), false) => Redirect::to(&format!("/me/enrol?error={}", crate::access::encode(&e.message))),
    }
}
