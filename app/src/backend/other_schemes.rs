//! The shared list of people insured under another basic pension scheme
//! (G2; E3 refuses their enrolment with the reason). The file is the whole
//! current list: an import replaces the stored list in one transaction, so
//! the same file twice gives the same state, and a crash leaves the old
//! list. CSV, UTF-8 or GB18030, columns `证件类型,证件号码,参加的养老保险`;
//! bad lines are reported with their number and the good ones kept.

use super::audit;
use super::db::Db;
use super::imports::{self, FileInfo, ImportReport};
use crate::error::{AppError, AppResult};
use domain::audit::AuditEntry;
use domain::{DocumentKind, DocumentNumber};

pub const COLUMNS: [&str; 3] = ["证件类型", "证件号码", "参加的养老保险"];
const KIND: &str = "other_schemes";

fn parse(fields: &[String]) -> Result<(DocumentNumber, String), String> {
    let [kind, number, scheme] = fields else { return Err(format!("应有 {} 列，实际 {} 列", COLUMNS.len(), fields.len())) };
    let kind = DocumentKind::from_label_or_code(kind.trim()).ok_or_else(|| format!("证件类型“{kind}”不正确"))?;
    let doc = DocumentNumber::parse(kind, number).map_err(|e| e.to_string())?;
    let scheme = scheme.trim();
    if scheme.is_empty() || scheme.chars().count() > 50 {
        return Err("请填写参加的养老保险名称".into());
    }
    Ok((doc, scheme.to_owned()))
}

/// Replaces the list with the file's good lines; the same file again
/// reports the earlier batch and changes nothing.
pub async fn import(db: &Db, file_name: &str, bytes: &[u8], by: &AuditEntry) -> AppResult<ImportReport> {
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    let file = FileInfo { kind: KIND, file_name, sha256: imports::sha256_hex(bytes), encoding };
    let lines = imports::lines(&text, &COLUMNS)?;
    let mut report = imports::new_report(encoding, lines.len());
    let mut good = std::collections::BTreeMap::new();
    for (line, fields) in lines {
        match fields.and_then(|f| parse(&f)) {
            Ok((doc, scheme)) => {
                if good.insert((doc.kind().code(), doc.as_str().to_owned()), scheme).is_some() {
                    report.rejected.push((line, "证件号码在文件中重复".to_owned()));
                }
            }
            Err(reason) => report.rejected.push((line, reason)),
        }
    }
    report.added = good.len() as i64;
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    if let Some(batch_id) = imports::earlier(&mut tx, KIND, &file.sha256).await? {
        drop(tx);
        return report_of(db, &batch_id, true).await;
    }
    sqlx::query("DELETE FROM other_scheme_insured").execute(&mut *tx).await.map_err(AppError::internal)?;
    for ((kind, number), scheme) in &good {
        sqlx::query("INSERT INTO other_scheme_insured (id_kind, id_number, scheme) VALUES ($1, $2, $3)")
            .bind(*kind)
            .bind(number)
            .bind(scheme)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    }
    imports::record(&mut tx, &file, &by.actor, &report).await?;
    let mut entry = by.clone();
    entry.action = "other_schemes.import".into();
    entry.subject = Some(report.batch_id.clone());
    entry.after = Some(serde_json::json!({ "file": file_name, "stored": good.len(), "rejected": report.rejected.len() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(report)
}

pub async fn report_of(db: &Db, batch_id: &str, already_imported: bool) -> AppResult<ImportReport> {
    imports::report_of(db, KIND, batch_id, already_imported).await
}

/// An administrator imports the list (page and API).
pub async fn import_by(state: &super::AppState, caller: &super::auth::Caller, file_name: &str, bytes: &[u8]) -> AppResult<ImportReport> {
    caller.staff_with(&[domain::Role::Administrator])?;
    import(&state.db, file_name, bytes, &caller.audit("", None)).await
}
