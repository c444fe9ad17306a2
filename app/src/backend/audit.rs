//! Writing and checking the audit trail (G3). `append` runs inside the
//! business transaction it records: both land, or neither.

use super::db::Db;
use crate::model::{AuditQuery, AuditRow};
use crate::error::{AppError, AppResult};
use chrono::{SecondsFormat, Utc};
use domain::audit::{AuditEntry, AuditRecord, ChainBreak, GENESIS, record_hash, verify_chain};
use sqlx::{Any, Row, Transaction};

/// Appends one record; returns its sequence number.
pub async fn append(tx: &mut Transaction<'_, Any>, entry: &AuditEntry) -> AppResult<i64> {
    if tx.backend_name() == "PostgreSQL" {
        // One writer of the chain at a time; released at commit or rollback.
        sqlx::query("SELECT pg_advisory_xact_lock(7243001)")
            .execute(&mut **tx)
            .await
            .map_err(AppError::internal)?;
    }
    let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    let (seq, prev_hash) = match last {
        Some(row) => (
            row.try_get::<i64, _>("seq").map_err(AppError::internal)? + 1,
            row.try_get::<String, _>("hash").map_err(AppError::internal)?,
        ),
        None => (1, GENESIS.to_owned()),
    };
    let at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
    let hash = record_hash(seq, &at, entry, &prev_hash);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, on_behalf_of, role, kiosk, channel, ip, action, subject, \
         before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(seq)
    .bind(&at)
    .bind(&entry.actor)
    .bind(entry.on_behalf_of.clone())
    .bind(entry.role.clone())
    .bind(entry.kiosk.clone())
    .bind(&entry.channel)
    .bind(entry.ip.clone())
    .bind(&entry.action)
    .bind(entry.subject.clone())
    .bind(entry.before.clone())
    .bind(entry.after.clone())
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    Ok(seq)
}

/// Records something that changed nothing else (a view of personal data,
/// a search) in a transaction of its own, run to the end on its own task:
/// a page render that stops awaiting midway cannot leave the write lock
/// held.
pub async fn record(db: &Db, entry: AuditEntry) -> AppResult<()> {
    let db = db.clone();
    tokio::spawn(async move {
        let mut tx = db.begin_write().await.map_err(AppError::internal)?;
        append(&mut tx, &entry).await?;
        tx.commit().await.map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// A record made by the system itself (loads, batch jobs).
pub fn system_entry(channel: &str, action: &str, subject: Option<String>, after: Option<String>) -> AuditEntry {
    AuditEntry {
        actor: "system".into(),
        channel: channel.into(),
        action: action.into(),
        subject,
        after,
        ..Default::default()
    }
}

const PAGE: i64 = 5_000;

/// Checks the whole chain, a page at a time. `Ok(n)`: n records, intact.
pub async fn verify(db: &Db) -> AppResult<Result<i64, ChainBreak>> {
    let (mut next, mut prev) = (1_i64, GENESIS.to_owned());
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, actor, on_behalf_of, role, kiosk, channel, ip, action, subject, before_json, \
             after_json, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
        )
        .bind(next)
        .bind(PAGE)
        .fetch_all(db.pool())
        .await
        .map_err(AppError::internal)?;
        let records = rows.iter().map(to_record).collect::<Result<Vec<_>, _>>().map_err(AppError::internal)?;
        match verify_chain(&records, next, prev) {
            Err(broken) => return Ok(Err(broken)),
            Ok((n, p)) => (next, prev) = (n, p),
        }
        if (records.len() as i64) < PAGE {
            return Ok(Ok(next - 1));
        }
    }
}

fn to_record(r: &sqlx::any::AnyRow) -> Result<AuditRecord, sqlx::Error> {
    Ok(AuditRecord {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        entry: AuditEntry {
            actor: r.try_get("actor")?,
            on_behalf_of: r.try_get("on_behalf_of")?,
            role: r.try_get("role")?,
            kiosk: r.try_get("kiosk")?,
            channel: r.try_get("channel")?,
            ip: r.try_get("ip")?,
            action: r.try_get("action")?,
            subject: r.try_get("subject")?,
            before: r.try_get("before_json")?,
            after: r.try_get("after_json")?,
        },
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}



/// The newest 200 records that match, for auditors only; the search is
/// itself recorded.
pub async fn search(
    state: &super::AppState,
    caller: &super::auth::Caller,
    q: &AuditQuery,
) -> AppResult<Vec<AuditRow>> {
    caller.staff_with(&[domain::Role::Auditor])?;
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let date = |s: &Option<String>, name: &str| -> AppResult<Option<chrono::NaiveDate>> {
        blank(s)
            .map(|d| {
                chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| AppError::invalid(format!("{name}应为 YYYY-MM-DD 格式的日期")))
            })
            .transpose()
    };
    let from = date(&q.from, "起始日期")?.map(|d| d.to_string()).unwrap_or_default();
    let to = date(&q.to, "截止日期")?.and_then(|d| d.succ_opt()).map_or_else(|| "9999".to_owned(), |d| d.to_string());
    let rows = sqlx::query(
        "SELECT seq, at, actor, on_behalf_of, role, kiosk, channel, ip, action, subject, after_json FROM audit_log \
         WHERE ($1 = '' OR actor = $1) AND action LIKE $2 AND ($3 = '' OR subject = $3) AND at >= $4 AND at < $5 \
         ORDER BY seq DESC LIMIT 200",
    )
    .bind(blank(&q.actor).unwrap_or_default())
    .bind(format!("{}%", blank(&q.action).unwrap_or_default().replace(['%', '_'], "")))
    .bind(blank(&q.subject).unwrap_or_default())
    .bind(from)
    .bind(to)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let found = rows
        .iter()
        .map(|r| {
            Ok(AuditRow {
                seq: r.try_get("seq")?,
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                on_behalf_of: r.try_get("on_behalf_of")?,
                role: r.try_get("role")?,
                kiosk: r.try_get("kiosk")?,
                channel: r.try_get("channel")?,
                ip: r.try_get("ip")?,
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                after: r.try_get("after_json")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::internal)?;
    let mut entry = caller.audit("audit.search", None);
    entry.after = Some(serde_json::to_string(q).map_err(AppError::internal)?);
    record(&state.db, entry).await?;
    Ok(found)
}
