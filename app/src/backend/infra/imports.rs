//! Imported files, whatever they hold (household registry, the other-scheme
//! list, the tax bureau's files): reading CSV in UTF-8 or GB18030, and the
//! batch record that makes a repeat of the same file a no-op and keeps the
//! refused lines with their reasons for the report page.

use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
pub use crate::model::ImportReport;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

/// Who imports (and reads the reports of) files of a kind.
pub fn importer(kind: &str) -> Option<domain::Role> {
    match kind {
        "registry" | "other_schemes" | "special_groups" | "custody" => Some(domain::Role::Administrator),
        "tax_payments" | "tax_reconciliation" | "bank_returns" | "bank_statement" => Some(domain::Role::LeagueFundOfficer),
        "death_list" => Some(domain::Role::VillageAssistant),
        _ => None,
    }
}

/// Larger files are refused (a league's extract is far smaller).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses a file over `MAX_FILE_BYTES`.
pub fn check_size(bytes: &[u8]) -> AppResult<()> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::invalid(msg::imports_file_too_large(MAX_FILE_BYTES / 1024 / 1024)));
    }
    Ok(())
}

/// Text of the file: UTF-8 if it is valid UTF-8, otherwise GB18030.
pub fn decode(bytes: &[u8]) -> AppResult<(String, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_owned(), "UTF-8"));
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(AppError::invalid(msg::imports_unknown_encoding()));
    }
    Ok((text.into_owned(), "GB18030"))
}

/// `(line number, fields)` of each data line, after checking the header.
pub fn lines(text: &str, columns: &[&str]) -> AppResult<Vec<(i64, Result<Vec<String>, String>)>> {
    let mut out = Vec::new();
    for_each_line(text, columns, |line, fields| out.push((line, fields.map(|f| f.iter().map(str::to_owned).collect()))))?;
    Ok(out)
}

/// Calls `f` with each data line's number and fields, without collecting
/// them (large files), after checking the header. Blank lines are skipped.
pub fn for_each_line(text: &str, columns: &[&str], mut f: impl FnMut(i64, Result<&csv::StringRecord, String>)) -> AppResult<()> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        _ => return Err(AppError::invalid(msg::imports_empty_or_no_header())),
    }
    if record.iter().map(str::trim).ne(columns.iter().copied()) {
        return Err(AppError::invalid(msg::imports_wrong_header(columns.join(","))));
    }
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                if record.iter().all(|s| s.trim().is_empty()) {
                    continue;
                }
                f(record.position().map_or(0, |p| p.line() as i64), Ok(&record));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as i64);
                f(line, Err("该行无法按 CSV 读取（引号不配对？）".to_owned()));
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }) {
                    return Ok(());
                }
            }
        }
    }
}

/// The file being imported.
pub struct FileInfo<'a> {
    pub kind: &'static str,
    pub file_name: &'a str,
    pub sha256: String,
    pub encoding: &'static str,
}

/// The batch that already imported this file, if any.
pub async fn earlier(tx: &mut Transaction<'_, Any>, kind: &str, sha256: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar("SELECT batch_id FROM import_batches WHERE kind = $1 AND file_sha256 = $2")
        .bind(kind)
        .bind(sha256)
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)
}

/// A fresh report for a new batch.
pub fn new_report(encoding: &str, total: usize) -> ImportReport {
    ImportReport {
        batch_id: uuid::Uuid::new_v4().to_string(),
        already_imported: false,
        encoding: encoding.to_owned(),
        total: total as i64,
        added: 0,
        updated: 0,
        unchanged: 0,
        rejected: vec![],
    }
}

/// Records the batch and its refused lines, in the import's transaction.
pub async fn record(tx: &mut Transaction<'_, Any>, file: &FileInfo<'_>, actor: &str, report: &ImportReport) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO import_batches (batch_id, kind, file_sha256, file_name, encoding, imported_at, imported_by, \
         rows_total, rows_added, rows_updated, rows_unchanged, rows_rejected) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&report.batch_id)
    .bind(file.kind)
    .bind(&file.sha256)
    .bind(file.file_name)
    .bind(file.encoding)
    .bind(crate::backend::infra::clock::ts(crate::backend::infra::clock::now()))
    .bind(actor)
    .bind(report.total)
    .bind(report.added)
    .bind(report.updated)
    .bind(report.unchanged)
    .bind(report.rejected.len() as i64)
    .execute(&mut **tx)
    .await?;
    for (line, reason) in &report.rejected {
        sqlx::query("INSERT INTO import_rejections (batch_id, line, reason) VALUES ($1, $2, $3)")
            .bind(&report.batch_id)
            .bind(line)
            .bind(reason)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The stored report of a batch of `kind`.
/// An import's report for a staff member who may import that kind: only a
/// batch they imported, or one imported by someone inside their
/// jurisdiction (the report's rejected lines name people); any other is
/// "not found", as for a batch nobody has.
pub async fn report_for(
    state: &crate::backend::AppState,
    caller: &crate::backend::identity::auth::Caller,
    kind: &str,
    batch_id: &str,
) -> AppResult<ImportReport> {
    let role = importer(kind).ok_or_else(|| AppError::not_found(msg::imports_unknown_kind()))?;
    let p = caller.staff_with(&[role])?;
    let by: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT b.imported_by, a.jurisdiction FROM import_batches b LEFT JOIN accounts a ON a.id = b.imported_by WHERE b.batch_id = $1 AND b.kind = $2",
    )
    .bind(batch_id)
    .bind(kind)
    .fetch_optional(state.db.pool())
    .await?;
    let mine =
        by.is_some_and(|(account, place)| account == p.account_id || place.and_then(|c| domain::DivisionCode::parse(&c).ok()).is_some_and(|c| p.covers(&c)));
    if !mine {
        return Err(AppError::not_found(msg::imports_batch_not_found()));
    }
    report_of(&state.db, kind, batch_id, false).await
}

pub async fn report_of(db: &Db, kind: &str, batch_id: &str, already_imported: bool) -> AppResult<ImportReport> {
    let b = sqlx::query("SELECT encoding, rows_total, rows_added, rows_updated, rows_unchanged FROM import_batches WHERE batch_id = $1 AND kind = $2")
        .bind(batch_id)
        .bind(kind)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::imports_batch_not_found()))?;
    let errors = sqlx::query("SELECT line, reason FROM import_rejections WHERE batch_id = $1 ORDER BY line").bind(batch_id).fetch_all(db.pool()).await?;
    let get = |c: &str| b.try_get::<i64, _>(c).map_err(AppError::internal);
    let (added, updated, unchanged) = (get("rows_added")?, get("rows_updated")?, get("rows_unchanged")?);
    // The same file again changed nothing now: what the earlier batch
    // booked is unchanged by this one (a script reading `added` must not
    // believe it was booked twice).
    let (added, updated, unchanged) = if already_imported { (0, 0, added + updated + unchanged) } else { (added, updated, unchanged) };
    Ok(ImportReport {
        batch_id: batch_id.to_owned(),
        already_imported,
        encoding: b.try_get("encoding")?,
        total: get("rows_total")?,
        added,
        updated,
        unchanged,
        rejected: errors.iter().map(|e| Ok((e.try_get("line")?, e.try_get("reason")?))).collect::<Result<_, sqlx::Error>>()?,
    })
}
