//! Refused calls (401, 403) counted per route and client address, outside
//! the audit chain (security issue 33, item 13): an auditor sees who keeps
//! knocking where, and a flood of refusals costs neither the chain nor the
//! database much. Counts gather in memory and are written at most every
//! few seconds; past [`MAX_KEYS`] pending keys or [`MAX_ROWS_A_DAY`]
//! stored rows, new addresses count together under `*`.

use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Distinct (route, address, status) kept in memory between writes.
pub const MAX_KEYS: usize = 10_000;
/// Rows stored a day before new addresses are folded into `*`.
pub const MAX_ROWS_A_DAY: i64 = 50_000;
/// How often the counts are written.
pub const WRITE_EVERY: Duration = Duration::from_secs(5);

type Key = (String, String, u16);

#[derive(Debug)]
pub struct Counter {
    pending: Mutex<(HashMap<Key, i64>, Instant)>,
}

impl Default for Counter {
    fn default() -> Self {
        Counter { pending: Mutex::new((HashMap::new(), Instant::now())) }
    }
}

/// An IPv6 client counts by its /64 (one subscriber's whole network: a
/// client rotating through its addresses is still one key); IPv4 as is.
fn network(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => ip.to_owned(),
    }
}

impl Counter {
    /// Counts one refusal; every [`WRITE_EVERY`] the counts gathered are
    /// written, on a task of their own.
    pub fn count(&self, db: &Db, route: &str, ip: &str, status: u16) {
        let due = {
            let mut guard = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let (counts, since) = &mut *guard;
            let key = (route.to_owned(), network(ip), status);
            let key = if counts.len() >= MAX_KEYS && !counts.contains_key(&key) { ("*".to_owned(), "*".to_owned(), status) } else { key };
            *counts.entry(key).or_insert(0) += 1;
            (since.elapsed() >= WRITE_EVERY).then(|| {
                *since = Instant::now();
                std::mem::take(counts)
            })
        };
        if let Some(batch) = due {
            let db = db.clone();
            tokio::spawn(async move {
                if let Err(e) = write(&db, batch).await {
                    tracing::error!("refusal counts not written: {e}");
                }
            });
        }
    }

    /// Writes what was gathered now (tests, shutdown).
    pub async fn flush(&self, db: &Db) -> AppResult<()> {
        let batch = {
            let mut guard = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            guard.1 = Instant::now();
            std::mem::take(&mut guard.0)
        };
        write(db, batch).await
    }
}

async fn write(db: &Db, batch: HashMap<Key, i64>) -> AppResult<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let day = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("CST")).date_naive().to_string();
    let mut tx = db.begin_write().await?;
    let mut rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM refusals WHERE day = $1").bind(&day).fetch_one(&mut *tx).await?;
    for ((route, ip, status), n) in batch {
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM refusals WHERE day = $1 AND route = $2 AND ip = $3 AND status = $4")
            .bind(&day)
            .bind(&route)
            .bind(&ip)
            .bind(i64::from(status))
            .fetch_one(&mut *tx)
            .await?;
        let (route, ip) = if known == 0 && rows >= MAX_ROWS_A_DAY { ("*".to_owned(), "*".to_owned()) } else { (route, ip) };
        rows += 1 - known.min(1);
        sqlx::query(
            "INSERT INTO refusals (day, route, ip, status, count) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (day, route, ip, status) DO UPDATE SET count = refusals.count + excluded.count",
        )
        .bind(&day)
        .bind(&route)
        .bind(&ip)
        .bind(i64::from(status))
        .bind(n)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await.map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_ipv6_client_counts_by_its_network() {
        assert_eq!(super::network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(super::network("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
        assert_eq!(super::network("203.0.113.7"), "203.0.113.7");
        assert_eq!(super::network("-"), "-");
    }
}
