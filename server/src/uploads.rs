//! File uploads from pages, as plain HTML forms (they work before the
//! WASM arrives): the administrator's registry import. The answer is a
//! redirect back to the page, which shows the batch's report.

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
