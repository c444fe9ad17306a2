//! Demo data, loaded once into an empty database by `serve` (README lists
//! what it holds). Later features add their demo people and cases here.

use super::db::Db;
use super::reference::{DEMO_DIVISIONS, insert_divisions};
use super::registry;
use crate::error::{AppError, AppResult};

const MARKER: &str = "demo_loaded";
/// Five residents in the registry (README lists them).
pub const DEMO_REGISTRY: &str = include_str!("../../data/demo_registry.csv");

/// Loads the demo data unless it was loaded before. Returns whether it did.
pub async fn load_demo_once(db: &Db) -> AppResult<bool> {
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    let claimed = sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(MARKER)
        .bind("1")
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if claimed > 0 {
        insert_divisions(&mut tx, "demo_divisions.csv", DEMO_DIVISIONS).await?;
        super::audit::append(&mut tx, &super::audit::system_entry("system", "demo.load", None, None)).await?;
        tx.commit().await.map_err(AppError::internal)?;
    } else {
        drop(tx);
    }
    // Idempotent by the file's hash, so this also completes a load that
    // was cut short between the two steps.
    let by = super::audit::system_entry("system", "", None, None);
    registry::import(db, "demo_registry.csv", DEMO_REGISTRY.as_bytes(), &by).await?;
    Ok(claimed > 0)
}
