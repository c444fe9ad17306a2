//! The household registry (G2): the file's records, stored by record date
//! (`upsert`); what an import does to pensions is in
//! `benefits::certification::import_registry`.
//!
//! The file: CSV with a header line of `domain::registry::COLUMNS`, in UTF-8
//! (with or without BOM) or GB18030. Policy for bad lines: **good lines are
//! booked, bad lines are reported** with their line number and reason, and
//! kept with the batch. A file that cannot be read at all (encoding, header,
//! size) is refused whole and changes nothing.
//!
//! Idempotent: a file already imported (same SHA-256) changes nothing and
//! reports the earlier batch. Within a file and across files, a record
//! replaces the stored one only when its record date is newer. The whole
//! import is one transaction: killed halfway, nothing of it remains.

use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
pub use crate::model::ImportReport;
use domain::registry::RegistryRecord;
use sqlx::Row;

pub use crate::backend::infra::imports::MAX_FILE_BYTES;
use crate::backend::infra::imports::{self};

pub(crate) const KIND: &str = "registry";

/// The stored fields that a record date decides between, for comparison.
fn content(r: &RegistryRecord) -> Vec<Option<String>> {
    vec![
        Some(r.name.clone()),
        Some(r.sex.code().to_owned()),
        Some(r.birth_date.to_string()),
        Some(r.ethnicity.clone()),
        Some(r.address.clone()),
        Some(r.village.to_string()),
        r.phone.clone(),
        r.email.clone(),
        r.death_date.map(|d| d.to_string()),
    ]
}

pub(crate) enum Upsert {
    Added,
    Updated,
    Unchanged,
    Conflict,
}

pub(crate) async fn upsert(tx: &mut sqlx::Transaction<'_, sqlx::Any>, r: &RegistryRecord, batch_id: &str) -> AppResult<Upsert> {
    let kind = r.document.kind().code();
    let number = r.document.as_str();
    let existing = sqlx::query(
        "SELECT name, sex, birth_date, ethnicity, address, village_code, phone, email, death_date, record_date \
         FROM registry_persons WHERE id_kind = $1 AND id_number = $2",
    )
    .bind(kind)
    .bind(number)
    .fetch_optional(&mut **tx)
    .await?;
    let bind_all = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments<'static>>| {
        q.bind(r.name.clone())
            .bind(r.sex.code())
            .bind(r.birth_date.to_string())
            .bind(r.ethnicity.clone())
            .bind(r.address.clone())
            .bind(r.village.to_string())
            .bind(r.phone.clone())
            .bind(r.email.clone())
            .bind(r.death_date.map(|d| d.to_string()))
            .bind(r.record_date.to_string())
            .bind(batch_id.to_owned())
            .bind(kind)
            .bind(number.to_owned())
    };
    let Some(row) = existing else {
        bind_all(sqlx::query(
            "INSERT INTO registry_persons (name, sex, birth_date, ethnicity, address, village_code, phone, email, \
             death_date, record_date, batch_id, id_kind, id_number) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        ))
        .execute(&mut **tx)
        .await?;
        return Ok(Upsert::Added);
    };
    let stored_date: String = row.try_get("record_date")?;
    let incoming_date = r.record_date.to_string();
    if incoming_date < stored_date {
        return Ok(Upsert::Unchanged);
    }
    let stored: Vec<Option<String>> = ["name", "sex", "birth_date", "ethnicity", "address", "village_code", "phone", "email", "death_date"]
        .iter()
        .map(|c| row.try_get::<Option<String>, _>(*c))
        .collect::<Result<_, _>>()?;
    if stored == content(r) {
        return Ok(Upsert::Unchanged);
    }
    if incoming_date == stored_date {
        return Ok(Upsert::Conflict);
    }
    bind_all(sqlx::query(
        "UPDATE registry_persons SET name = $1, sex = $2, birth_date = $3, ethnicity = $4, address = $5, \
         village_code = $6, phone = $7, email = $8, death_date = $9, record_date = $10, batch_id = $11 \
         WHERE id_kind = $12 AND id_number = $13",
    ))
    .execute(&mut **tx)
    .await?;
    Ok(Upsert::Updated)
}

/// The stored report of an earlier batch.
pub async fn report_of(db: &Db, batch_id: &str, already_imported: bool) -> AppResult<ImportReport> {
    imports::report_of(db, KIND, batch_id, already_imported).await
}

/// A person as the registry knows them (personal data: callers mask it in
/// lists and audit every view).
#[derive(Clone, PartialEq, Eq)]
pub struct RegistryPerson {
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub address: String,
    pub village_code: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub death_date: Option<String>,
}

impl std::fmt::Debug for RegistryPerson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryPerson").field("village_code", &self.village_code).finish_non_exhaustive()
    }
}

/// The registry record of a document, if any.
pub async fn find<'e, E>(executor: E, document: &domain::DocumentNumber) -> AppResult<Option<RegistryPerson>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT name, sex, birth_date, ethnicity, address, village_code, phone, email, death_date \
         FROM registry_persons WHERE id_kind = $1 AND id_number = $2",
    )
    .bind(document.kind().code())
    .bind(document.as_str())
    .fetch_optional(executor)
    .await?;
    row.map(|r| {
        Ok(RegistryPerson {
            name: r.try_get("name")?,
            sex: r.try_get("sex")?,
            birth_date: r.try_get("birth_date")?,
            ethnicity: r.try_get("ethnicity")?,
            address: r.try_get("address")?,
            village_code: r.try_get("village_code")?,
            phone: r.try_get("phone")?,
            email: r.try_get("email")?,
            death_date: r.try_get("death_date")?,
        })
    })
    .transpose()
    .map_err(|e: sqlx::Error| AppError::internal(e))
}
