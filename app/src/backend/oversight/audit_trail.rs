//! The auditor's search of the audit trail (S5); the search is itself
//! recorded.

use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::{AuditQuery, AuditRow};
use sqlx::Row;

use crate::backend::infra::audit::*;

/// The newest 200 records that match, for auditors only; the search is
/// itself recorded.
pub async fn search(state: &crate::backend::AppState, caller: &crate::backend::identity::auth::Caller, q: &AuditQuery) -> AppResult<Vec<AuditRow>> {
    caller.staff_with(&[domain::Role::Auditor])?;
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let date = |s: &Option<String>, name: &str| -> AppResult<Option<chrono::NaiveDate>> {
        blank(s).map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| AppError::invalid(msg::audit_trail_named_date_format(name)))).transpose()
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
    .await?;
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
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut entry = caller.audit("audit.search", None);
    entry.after = Some(serde_json::to_string(q).map_err(AppError::internal)?);
    record(&state.db, entry).await?;
    Ok(found)
}

/// The day's refusals, most first (auditors; the reading is audited).
pub async fn of_day(state: &crate::backend::AppState, caller: &crate::backend::identity::auth::Caller, day: &str) -> AppResult<Vec<crate::model::RefusalRow>> {
    caller.staff_with(&[domain::Role::Auditor])?;
    let day = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(msg::audit_trail_date_format()))?;
    let rows: Vec<(String, String, i64, i64)> =
        sqlx::query_as("SELECT route, ip, status, count FROM refusals WHERE day = $1 ORDER BY count DESC, route, ip LIMIT 500")
            .bind(day.to_string())
            .fetch_all(state.db.pool())
            .await?;
    let mut entry = caller.audit("audit.refusals", Some(day.to_string()));
    entry.after = Some(rows.len().to_string());
    crate::backend::infra::audit::record(&state.db, entry).await?;
    Ok(rows.into_iter().map(|(route, ip, status, count)| crate::model::RefusalRow { route, ip, status, count }).collect())
}
