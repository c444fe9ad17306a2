//! Files the system writes for the tax bureau (the registration data, C5;
//! the government-paid list, C4), kept with their batch: an officer of the
//! league downloads them (audited: they hold personal data), the
//! subcommands write them to disk.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::audit;
use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use domain::DivisionCode;
use sqlx::{Any, Transaction};

/// Stores a file written in `tx` (the same transaction that marks what it holds).
pub async fn save(
    tx: &mut Transaction<'_, Any>,
    kind: &str,
    batch_id: &str,
    within: Option<&DivisionCode>,
    actor: &str,
    (exported, held): (i64, i64),
    content: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO export_files (batch_id, kind, scope, exported_at, exported_by, rows_exported, rows_held, content) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(batch_id)
    .bind(kind)
    .bind(scope(within))
    .bind(ts(now()))
    .bind(actor)
    .bind(exported)
    .bind(held)
    .bind(content)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn scope(within: Option<&DivisionCode>) -> &str {
    within.map_or("all", DivisionCode::as_str)
}

/// The file of a batch (for the subcommands, which print the batch id).
pub async fn content(db: &Db, batch_id: &str) -> AppResult<String> {
    sqlx::query_scalar("SELECT content FROM export_files WHERE batch_id = $1")
        .bind(batch_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::exports_batch_not_found()))
}

/// The file of a batch, for a fund officer of the league it was written
/// for; "not found" for anyone else's. The download is audited.
pub async fn file_of(state: &crate::backend::AppState, caller: &Caller, batch_id: &str) -> AppResult<String> {
    let officer = caller.staff_with(&[domain::Role::LeagueFundOfficer])?;
    let content: String = sqlx::query_scalar("SELECT content FROM export_files WHERE batch_id = $1 AND scope = $2")
        .bind(batch_id)
        .bind(scope(officer.jurisdiction.as_ref()))
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::exports_batch_not_found()))?;
    audit::record(&state.db, caller.audit("tax.download_export", Some(batch_id.to_owned()))).await?;
    Ok(content)
}

/// One CSV field, quoted when it must be (files other systems read).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// One CSV field of a file people open in a spreadsheet: text that a
/// spreadsheet would run as a formula (starting with = + - @, a tab or a
/// carriage return) gets a leading apostrophe; numbers stay numbers.
pub fn csv_cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<rust_decimal::Decimal>().is_err();
    csv_field(&if formula { format!("'{s}") } else { s.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_cell_never_runs_a_formula() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_cell("+1+2"), "'+1+2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-50.00"), "-50.00");
        assert_eq!(csv_cell("土默特左旗"), "土默特左旗");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }
}
