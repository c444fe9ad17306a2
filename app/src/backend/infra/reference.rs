//! Reference data: administrative divisions, the working-day calendar and
//! policy parameters. Loaded from the data files in `app/data/` with
//! `ON CONFLICT DO NOTHING`: a second load adds nothing, and a correction an
//! administrator made is never overwritten by the seed.

use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::{CalendarDay, DivisionRow};
use chrono::NaiveDate;
use domain::calendar::DayKind;
use domain::policy::{PolicyRow, check_row};
use domain::{DivisionCode, Policy, WorkCalendar};
use sqlx::{Any, Row, Transaction};

pub const DIVISIONS: &str = include_str!("../../../data/divisions.csv");
pub const DEMO_DIVISIONS: &str = include_str!("../../../data/demo_divisions.csv");
pub const CALENDAR: &str = include_str!("../../../data/calendar.csv");
pub const POLICY: &str = include_str!("../../../data/policy.csv");

/// How many rows a load added, per table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadReport {
    pub divisions: u64,
    pub calendar_days: u64,
    pub policy_params: u64,
}

/// Data lines of a seed file: `(line number, fields)`, comments skipped.
fn data_lines(file: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    file.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect()))
}

fn bad_line(file: &str, line: usize) -> AppError {
    AppError::internal(format!("seed file {file}, line {line}: malformed"))
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Loads the reference data in one transaction.
pub async fn load_reference(db: &Db) -> AppResult<LoadReport> {
    let mut tx = db.begin_write().await?;
    let report = LoadReport {
        divisions: insert_divisions(&mut tx, "divisions.csv", DIVISIONS).await?,
        calendar_days: insert_calendar(&mut tx, CALENDAR).await?,
        policy_params: insert_policy(&mut tx, POLICY).await?,
    };
    if report != LoadReport::default() {
        let after = format!(r#"{{"divisions":{},"calendar_days":{},"policy_params":{}}}"#, report.divisions, report.calendar_days, report.policy_params);
        crate::backend::infra::audit::append(&mut tx, &crate::backend::infra::audit::system_entry("system", "reference.load", None, Some(after))).await?;
    }
    tx.commit().await?;
    Ok(report)
}

pub(crate) async fn insert_divisions(tx: &mut Transaction<'_, Any>, file: &str, csv: &str) -> AppResult<u64> {
    let mut added = 0;
    for (line, f) in data_lines(csv) {
        let (code, name, name_mn) = match f[..] {
            [code, name] => (code, name, None),
            [code, name, name_mn] => (code, name, Some(name_mn).filter(|n| !n.is_empty())),
            _ => return Err(bad_line(file, line)),
        };
        let code = DivisionCode::parse(code).map_err(|_| bad_line(file, line))?;
        // A Mongolian name added to the file later reaches a division
        // loaded before it.
        let result = sqlx::query(
            "INSERT INTO divisions (code, name, level, parent_code, name_mn) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (code) DO UPDATE SET name_mn = excluded.name_mn WHERE divisions.name_mn IS NULL AND excluded.name_mn IS NOT NULL",
        )
        .bind(code.as_str())
        .bind(name)
        .bind(code.level().code())
        .bind(code.parent().map(String::from))
        .bind(name_mn)
        .execute(&mut **tx)
        .await?;
        added += result.rows_affected();
    }
    Ok(added)
}

async fn insert_calendar(tx: &mut Transaction<'_, Any>, csv: &str) -> AppResult<u64> {
    let mut added = 0;
    for (line, f) in data_lines(csv) {
        let [day, kind, note] = f[..] else { return Err(bad_line("calendar.csv", line)) };
        let (Some(day), Some(kind)) = (date(day), DayKind::from_code(kind)) else {
            return Err(bad_line("calendar.csv", line));
        };
        let result = sqlx::query("INSERT INTO calendar_days (day, kind, note) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING")
            .bind(day.to_string())
            .bind(kind.code())
            .bind(note)
            .execute(&mut **tx)
            .await?;
        added += result.rows_affected();
    }
    Ok(added)
}

async fn insert_policy(tx: &mut Transaction<'_, Any>, csv: &str) -> AppResult<u64> {
    let mut added = 0;
    for (line, f) in data_lines(csv) {
        let [key, from, value] = f[..] else { return Err(bad_line("policy.csv", line)) };
        let row = PolicyRow { key: key.to_owned(), effective_from: date(from).ok_or_else(|| bad_line("policy.csv", line))?, value: value.to_owned() };
        check_row(&row).map_err(|e| AppError::internal(format!("policy.csv line {line}: {e}")))?;
        let result = sqlx::query(
            "INSERT INTO policy_params (key, effective_from, value) VALUES ($1, $2, $3) \
             ON CONFLICT (key, effective_from) DO NOTHING",
        )
        .bind(&row.key)
        .bind(row.effective_from.to_string())
        .bind(&row.value)
        .execute(&mut **tx)
        .await?;
        added += result.rows_affected();
    }
    Ok(added)
}

/// Sets the Mongolian names of divisions (a translator's import).
pub async fn set_division_names_mn(tx: &mut sqlx::Transaction<'_, sqlx::Any>, names: &[(String, String)]) -> AppResult<()> {
    for (code, name_mn) in names {
        sqlx::query("UPDATE divisions SET name_mn = $2 WHERE code = $1").bind(code).bind(name_mn).execute(&mut **tx).await?;
    }
    Ok(())
}

/// The name of one division, if known.
pub async fn division_name(db: &Db, code: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar("SELECT name FROM divisions WHERE code = $1").bind(code).fetch_optional(db.pool()).await.map_err(AppError::internal)
}

/// The divisions of one level, ordered by code.
pub async fn divisions_at(db: &Db, level: domain::DivisionLevel) -> AppResult<Vec<DivisionRow>> {
    let rows: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT code, name, level, name_mn FROM divisions WHERE level = $1 ORDER BY code").bind(level.code()).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|(code, name, level, name_mn)| DivisionRow { code, name, level, name_mn }).collect())
}

/// Divisions under `parent` (all of them when `None`), ordered by code.
pub async fn divisions(db: &Db, parent: Option<&DivisionCode>) -> AppResult<Vec<DivisionRow>> {
    let rows = match parent {
        Some(p) => {
            sqlx::query("SELECT code, name, level, name_mn FROM divisions WHERE parent_code = $1 ORDER BY code").bind(p.as_str()).fetch_all(db.pool()).await
        }
        None => sqlx::query("SELECT code, name, level, name_mn FROM divisions ORDER BY code").fetch_all(db.pool()).await,
    }?;
    rows.iter()
        .map(|r| Ok(DivisionRow { code: r.try_get("code")?, name: r.try_get("name")?, level: r.try_get("level")?, name_mn: r.try_get("name_mn")? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)
}

/// The policy parameters, read through `ex`: the pool, or the transaction
/// the caller holds (a caller holding one connection never waits for a
/// second: ten such requests at once would hold the whole pool).
pub async fn policy_rows<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E) -> AppResult<Vec<PolicyRow>> {
    let rows = sqlx::query("SELECT key, effective_from, value FROM policy_params ORDER BY key, effective_from").fetch_all(ex).await?;
    rows.iter()
        .map(|r| {
            let from: String = r.try_get("effective_from")?;
            Ok(PolicyRow {
                key: r.try_get("key")?,
                effective_from: date(&from).ok_or_else(|| AppError::internal(format!("bad date {from}")))?,
                value: r.try_get("value")?,
            })
        })
        .collect()
}

/// The typed policy in force on `on`.
pub async fn policy_on<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, on: NaiveDate) -> AppResult<Policy> {
    let rows = policy_rows(ex).await?;
    Policy::in_force(&rows, on).map_err(|e| AppError::not_found(e.to_string()))
}

/// Calendar rows between two dates inclusive (ISO text compares as dates
/// for years 0000–9999, which is all a calendar holds).
async fn calendar_rows(db: &Db, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<CalendarDay>> {
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let rows = sqlx::query("SELECT day, kind, note FROM calendar_days WHERE day >= $1 AND day <= $2 ORDER BY day")
        .bind(iso(from))
        .bind(iso(to))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let day: String = r.try_get("day")?;
            let kind: String = r.try_get("kind")?;
            match (date(&day), DayKind::from_code(&kind)) {
                (Some(day), Some(kind)) => Ok(CalendarDay { day, kind, note: r.try_get("note")? }),
                _ => Err(AppError::internal(format!("bad calendar row {day} {kind}"))),
            }
        })
        .collect()
}

pub async fn calendar_days_of_year(db: &Db, year: i32) -> AppResult<Vec<CalendarDay>> {
    let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Err(AppError::invalid(msg::reference_year_out_of_range()));
    };
    calendar_rows(db, from, to).await
}

/// The whole working-day calendar, for deadline arithmetic.
pub async fn work_calendar(db: &Db) -> AppResult<WorkCalendar> {
    let (first, last) = (NaiveDate::from_ymd_opt(1, 1, 1), NaiveDate::from_ymd_opt(9999, 12, 31));
    let days = calendar_rows(db, first.expect("valid"), last.expect("valid")).await?;
    Ok(WorkCalendar::new(days.into_iter().map(|d| (d.day, d.kind))))
}
