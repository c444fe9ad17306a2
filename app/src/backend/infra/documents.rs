//! Documents: stored on disk under their SHA-256 (the same file twice is
//! stored once), metadata in the database. Shown only to those who may see
//! a case that holds them.

use crate::backend::AppState;
use crate::backend::infra::clock::{now, ts};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use domain::document::{MediaType, sniff};
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};
use std::path::PathBuf;

/// A file as it arrived, checked.
#[derive(Clone)]
pub struct Upload {
    pub kind: String,
    pub file_name: String,
    pub media_type: MediaType,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload").field("kind", &self.kind).field("bytes", &self.bytes.len()).finish()
    }
}

impl Upload {
    /// Checks type (by content) and size; the name is kept for people only.
    pub fn check(kind: &str, file_name: &str, bytes: Vec<u8>) -> AppResult<Upload> {
        let media_type =
            sniff(&bytes).map_err(|e| AppError::invalid(msg::documents_kind_error(crate::names::document_kind(kind), crate::i18n::Nested(e.into()))))?;
        let file_name: String = file_name.chars().filter(|c| !c.is_control() && *c != '/' && *c != '\\').take(100).collect();
        Ok(Upload { kind: kind.to_owned(), file_name, media_type, bytes })
    }

    pub fn sha256(&self) -> String {
        Sha256::digest(&self.bytes).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The attachment kinds of the forms (their names: [`crate::names::document_kind`]).
pub const KINDS: [&str; 8] = ["id_front", "id_back", "hukou_home", "hukou_self", "signed_form", "change_proof", "evidence", "bank_card_photo"];

fn path_of(state: &AppState, sha: &str) -> PathBuf {
    state.document_dir.join(&sha[..2]).join(sha)
}

/// Writes the file (if new) and its row; links it to the case.
pub async fn attach(state: &AppState, tx: &mut Transaction<'_, Any>, case_id: &str, upload: &Upload, by: &str) -> AppResult<()> {
    let sha = upload.sha256();
    let path = path_of(state, &sha);
    if !path.exists() {
        let dir = path.parent().expect("a parent");
        tokio::fs::create_dir_all(dir).await.map_err(AppError::internal)?;
        let tmp = dir.join(format!(".{sha}.{}", uuid::Uuid::new_v4()));
        tokio::fs::write(&tmp, &upload.bytes).await.map_err(AppError::internal)?;
        tokio::fs::rename(&tmp, &path).await.map_err(AppError::internal)?;
    }
    let at = ts(now());
    sqlx::query("INSERT INTO documents (sha256, media_type, size_bytes, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING")
        .bind(&sha)
        .bind(upload.media_type.mime())
        .bind(upload.bytes.len() as i64)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO case_documents (case_id, sha256, kind, file_name, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (case_id, sha256, kind) DO NOTHING",
    )
    .bind(case_id)
    .bind(&sha)
    .bind(&upload.kind)
    .bind(&upload.file_name)
    .bind(by)
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The bytes and type of a document of a case (the caller has been
/// allowed to see the case).
pub async fn read(state: &AppState, case_id: &str, sha: &str) -> AppResult<(Vec<u8>, String)> {
    let media: Option<String> =
        sqlx::query_scalar("SELECT d.media_type FROM case_documents c JOIN documents d ON d.sha256 = c.sha256 WHERE c.case_id = $1 AND c.sha256 = $2")
            .bind(case_id)
            .bind(sha)
            .fetch_optional(state.db.pool())
            .await?;
    let media = media.ok_or_else(|| AppError::not_found(msg::documents_attachment_not_found()))?;
    let bytes = tokio::fs::read(path_of(state, sha)).await.map_err(AppError::internal)?;
    Ok((bytes, media))
}
