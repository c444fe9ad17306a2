//! Writing and checking the audit trail (G3). `append` runs inside the
//! business transaction it records: both land, or neither.

use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use chrono::{SecondsFormat, Utc};
use domain::audit::{AuditEntry, AuditRecord, ChainBreak, GENESIS, record_hash, verify_chain};
use sqlx::{Any, Row, Transaction};

/// Appends one record; returns its sequence number.
pub async fn append(tx: &mut Transaction<'_, Any>, entry: &AuditEntry) -> AppResult<i64> {
    if tx.backend_name() == "PostgreSQL" {
        // One writer of the chain at a time; released at commit or rollback.
        sqlx::query("SELECT pg_advisory_xact_lock(7243001)").execute(&mut **tx).await?;
    }
    let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut **tx).await?;
    let (seq, prev_hash) = match last {
        Some(row) => (row.try_get::<i64, _>("seq")? + 1, row.try_get::<String, _>("hash")?),
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
    .await?;
    Ok(seq)
}

/// Records something that changed nothing else (a view of personal data,
/// a search) in a transaction of its own, run to the end on its own task:
/// a page render that stops awaiting midway cannot leave the write lock
/// held.
pub async fn record(db: &Db, entry: AuditEntry) -> AppResult<()> {
    let db = db.clone();
    tokio::spawn(async move {
        let mut tx = db.begin_write().await?;
        append(&mut tx, &entry).await?;
        tx.commit().await.map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// A record made by the system itself (loads, batch jobs).
pub fn system_entry(channel: &str, action: &str, subject: Option<String>, after: Option<String>) -> AuditEntry {
    AuditEntry { actor: "system".into(), channel: channel.into(), action: action.into(), subject, after, ..Default::default() }
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
        .await?;
        let records = rows.iter().map(to_record).collect::<Result<Vec<_>, _>>()?;
        match verify_chain(&records, next, prev) {
            Err(broken) => return Ok(Err(broken)),
            Ok((n, p)) => (next, prev) = (n, p),
        }
        if (records.len() as i64) < PAGE {
            return Ok(Ok(next - 1));
        }
    }
}

/// The newest record of the chain, as `server audit-head` writes it down
/// (signed with `AUDIT_KEY`, a key kept outside the database) so that the
/// newest records cannot be deleted unseen: the chain alone cannot tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    /// `seq hash signature`, one line.
    pub fn line(&self, key: &[u8]) -> String {
        format!("{} {} {}", self.seq, self.hash, self.signature(key))
    }

    /// HMAC-SHA256 of the head under `key`, hex.
    pub fn signature(&self, key: &[u8]) -> String {
        mac_hex(key, &format!("pension-audit-head:{}:{}", self.seq, self.hash))
    }

    /// The mark a recorded restore carries for this head: only a holder of
    /// `AUDIT_KEY` can write one that `check_head` accepts.
    fn restore_mark(&self, key: &[u8]) -> String {
        format!("{}:{}:{}", self.seq, self.hash, mac_hex(key, &format!("pension-audit-restore:{}:{}", self.seq, self.hash)))
    }

    /// A line written by [`Head::line`], its signature checked (a head file
    /// changed by whoever changed the database is refused).
    pub fn parse(line: &str, key: &[u8]) -> Result<Head, String> {
        let mut parts = line.split_whitespace();
        let (Some(seq), Some(hash), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err("审计链头文件格式应为一行“序号 哈希 签名”".to_owned());
        };
        let head = Head { seq: seq.parse().map_err(|_| format!("审计链头的序号“{seq}”不是数字"))?, hash: hash.to_owned() };
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(format!("pension-audit-head:{}:{}", head.seq, head.hash).as_bytes());
        let given: Vec<u8> = (0..signature.len() / 2).filter_map(|i| u8::from_str_radix(signature.get(2 * i..2 * i + 2)?, 16).ok()).collect();
        mac.verify_slice(&given).map_err(|_| "审计链头的签名不符：文件被改动，或 AUDIT_KEY 不是签名时的密钥".to_owned())?;
        Ok(head)
    }
}

fn mac_hex(key: &[u8], text: &str) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// The newest record (`None`: the trail is empty).
pub async fn head(db: &Db) -> AppResult<Option<Head>> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(db.pool()).await?;
    Ok(row.map(|(seq, hash)| Head { seq, hash }))
}

/// What the stored chain says of a head written down earlier.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadCheck {
    /// The record is there, unchanged.
    Holds,
    /// A restore from backup was recorded for this head (`server
    /// audit-restored`) at this sequence number: the records after the
    /// backup are gone, knowingly.
    Restored { at: i64 },
    /// The chain ends before the head: its newest records were deleted.
    EndsBefore { last: i64 },
    /// The record at the head's number is another one.
    Differs,
}

/// Checks the stored chain against a head written down earlier. A restore
/// counts only with the mark made with `key` (someone who deleted records
/// cannot record a "restore" to cover them without the key).
pub async fn check_head(db: &Db, head: &Head, key: &[u8]) -> AppResult<HeadCheck> {
    let restored: Option<i64> = sqlx::query_scalar("SELECT seq FROM audit_log WHERE action = 'audit.restore' AND subject = $1 ORDER BY seq LIMIT 1")
        .bind(head.restore_mark(key))
        .fetch_optional(db.pool())
        .await?;
    if let Some(at) = restored {
        return Ok(HeadCheck::Restored { at });
    }
    let at: Option<String> = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1").bind(head.seq).fetch_optional(db.pool()).await?;
    Ok(match at {
        Some(hash) if hash == head.hash => HeadCheck::Holds,
        Some(_) => HeadCheck::Differs,
        None => HeadCheck::EndsBefore { last: self::head(db).await?.map_or(0, |h| h.seq) },
    })
}

/// Records that the database was restored from a backup older than `head`
/// (the operator's word, with the reason): the chain verifies against that
/// head from now on, and the restore stays in the trail.
pub async fn record_restore(db: &Db, head: &Head, key: &[u8], reason: &str) -> AppResult<i64> {
    let mut tx = db.begin_write().await?;
    let entry = system_entry("system", "audit.restore", Some(head.restore_mark(key)), Some(reason.to_owned()));
    let seq = append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(seq)
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
