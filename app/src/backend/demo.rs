//! Demo data, loaded once into an empty database by `serve` (README lists
//! what it holds). Later features add their demo people and cases here.

use super::db::Db;
use super::reference::{DEMO_DIVISIONS, insert_divisions};
use crate::error::{AppError, AppResult};

const MARKER: &str = "demo_loaded";

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
    if claimed == 0 {
        return Ok(false);
    }
    insert_divisions(&mut tx, "demo_divisions.csv", DEMO_DIVISIONS).await?;
    super::audit::append(&mut tx, &super::audit::system_entry("system", "demo.load", None, None)).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(true)
}
