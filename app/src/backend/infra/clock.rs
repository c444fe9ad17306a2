//! Time as the system stores and shows it: instants in UTC as RFC 3339
//! text (which sorts as it compares), days and minutes as people in China
//! read them, and fresh identifiers.

use crate::error::AppResult;
use chrono::{DateTime, SecondsFormat, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The text form of times in the identity tables; sorts as it compares.
/// The day in China of a stored UTC time.
pub fn china_day(stored: &str) -> AppResult<chrono::NaiveDate> {
    let cst = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    DateTime::parse_from_rfc3339(stored).map(|t| t.with_timezone(&cst).date_naive()).map_err(crate::error::AppError::internal)
}

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A stored time to the microsecond, for records that are ordered by it
/// (the payroll check reads the pension events recorded since the
/// previous payroll was generated).
pub fn ts_micros(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored time as people read it: China Standard Time, to the minute.
pub fn local_time(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |t| t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset")).format("%Y-%m-%d %H:%M").to_string(),
    )
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
