//! Rate limits on one-time codes and sign-in attempts.
//!
//! Each counted event is a row (key, time); a limit is "at most `max` in
//! the last `window`". The window slides, so a lock ends by itself. Keys
//! combine the person with the caller's address: somebody elsewhere who
//! keeps failing locks only their own address, never the person out of
//! theirs. Passkey sign-in is limited by address only. The answer is the
//! same whether or not an account or registry record exists.

use super::ts;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub minutes: i64,
}

/// Codes sent for one person to one address.
pub const CODES_PER_PERSON_AND_IP: Limit = Limit { max: 3, minutes: 10 };
/// Codes sent for one person from anywhere (bounds mail to their inbox).
pub const CODES_PER_PERSON: Limit = Limit { max: 10, minutes: 60 };
/// Everything from one address.
pub const REQUESTS_PER_IP: Limit = Limit { max: 60, minutes: 10 };
/// Consultations and reports filed without a staff member, from one address.
pub const CONSULTATIONS_PER_IP: Limit = Limit { max: 10, minutes: 60 };
/// Wrong codes or names for one person from one address.
pub const FAILURES_PER_PERSON_AND_IP: Limit = Limit { max: 5, minutes: 15 };

/// Passkey ceremonies started from one address (each is a stored row).
pub const CEREMONIES_PER_IP: Limit = Limit { max: 100, minutes: 10 };

/// A person (document and, for code requests, the name given) as a
/// throttle key: a hash, so `auth_events` keeps no ID number.
pub fn person_key(kind: &str, number: &str, name: Option<&str>) -> String {
    let digest = super::hash_secret(&format!("pension-throttle\u{0}{kind}\u{0}{number}\u{0}{}", name.unwrap_or_default()));
    format!("p:{}", &digest[..32])
}

/// Counts one event for `key` in its own transaction, refused at the limit.
pub async fn admit(db: &crate::backend::infra::db::Db, key: &str, limit: Limit) -> AppResult<()> {
    let now = crate::backend::infra::clock::now();
    let mut tx = db.begin_write().await?;
    check(&mut tx, key, limit, now).await?;
    record(&mut tx, key, now).await?;
    tx.commit().await.map_err(AppError::internal)
}

pub fn with_ip(key: &str, ip: Option<&str>) -> String {
    format!("{key}@{}", ip.unwrap_or("-"))
}

pub fn ip_key(ip: Option<&str>) -> String {
    format!("ip:{}", ip.unwrap_or("-"))
}

/// Refuses when `key` has reached its limit.
pub async fn check(tx: &mut Transaction<'_, Any>, key: &str, limit: Limit, now: DateTime<Utc>) -> AppResult<()> {
    if tx.backend_name() == "PostgreSQL" {
        // One count-then-record per key at a time (SQLite's write
        // transactions are already one at a time): requests sent at once
        // cannot all pass the limit. Released at commit or rollback.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))").bind(key).execute(&mut **tx).await?;
    }
    let since = ts(now - Duration::minutes(limit.minutes));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_events WHERE throttle_key = $1 AND at > $2").bind(key).bind(&since).fetch_one(&mut **tx).await?;
    if n >= limit.max {
        return Err(AppError::new(ErrorCode::RateLimited, msg::auth_too_many_attempts(limit.minutes)));
    }
    Ok(())
}

pub async fn record(tx: &mut Transaction<'_, Any>, key: &str, now: DateTime<Utc>) -> AppResult<()> {
    sqlx::query("INSERT INTO auth_events (throttle_key, at) VALUES ($1, $2)").bind(key).bind(ts(now)).execute(&mut **tx).await?;
    Ok(())
}
