//! The monthly check (B5): each line against the previous month, every
//! difference explained by the change that makes it due, or by a fund
//! officer's explanation approved by another; a wrong batch is voided and
//! generated again.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::db::Db;
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::{PayrollBatch, PayrollCheck, UnexplainedLine};
use domain::audit::AuditEntry;
use domain::benefit::Month;
use domain::{DivisionCode, Role, Yuan};
use sqlx::Row;
use std::collections::HashMap;

use crate::backend::benefits::payroll::*;

/// Step 2: checks every generated county payroll of the league and month
/// against the last month sent; those fully explained become `checked`
/// (an empty one `sent`: there is nothing to send). Run again, it checks
/// again those that did not pass.
pub async fn check(db: &Db, league: &DivisionCode, month: Month, by: &AuditEntry) -> AppResult<Vec<PayrollBatch>> {
    let league = league_of(league)?;
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM payroll_batches WHERE league_code = $1 AND month = $2 AND run = 1 AND state <> 'void' ORDER BY id")
            .bind(league.as_str())
            .bind(month.0)
            .fetch_all(db.pool())
            .await?;
    if ids.is_empty() {
        return Err(AppError::invalid(msg::payroll_check_no_county_data(month)));
    }
    let mut out = Vec::new();
    for id in ids {
        let b = batch(db, &id).await?.ok_or_else(|| AppError::internal("batch vanished"))?;
        if b.state == "generated" {
            check_one(db, &b, month, by).await?;
        }
        out.push(batch(db, &id).await?.ok_or_else(|| AppError::internal("batch vanished"))?);
    }
    Ok(out)
}

/// The payroll month a change of a pension takes effect in (B5): the
/// first run-1 month of the county generated at or after it was recorded
/// (the next one, when none is yet), or the month it pays from when that
/// is later (`pension_events.effective_month`: a new pension's first month,
/// a resumption's first month paid again). Voided batches do not count: a
/// change recorded while a voided month stood takes effect in it when it is
/// generated again. In SQL over an event `e` of county `$county`, with the
/// month being checked `$month`.
pub(crate) fn effective_month_sql(county: &str, month: &str) -> String {
    let generated = format!(
        "COALESCE((SELECT MIN(b.month) FROM payroll_batches b WHERE b.county_code = {county} AND b.run = 1 AND b.state <> 'void' \
         AND b.generated_at >= e.at), {month} + 1)"
    );
    format!("CASE WHEN e.effective_month > {generated} THEN e.effective_month ELSE {generated} END")
}

pub(crate) async fn check_one(db: &Db, b: &PayrollBatch, month: Month, by: &AuditEntry) -> AppResult<()> {
    let county = DivisionCode::parse(&b.county).map_err(AppError::internal)?;
    // The last month of the county sent to the bank (B5): a month is never
    // compared with one that was not paid.
    let prev: Option<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, month, items, total_fen FROM payroll_batches WHERE county_code = $1 AND run = 1 AND state = 'sent' AND month < $2 \
         ORDER BY month DESC LIMIT 1",
    )
    .bind(county.as_str())
    .bind(month.0)
    .fetch_optional(db.pool())
    .await?;
    let (prev_id, prev_month) = prev.as_ref().map_or((String::new(), i64::MIN / 2), |p| (p.0.clone(), p.1));
    // Per pension: this month's regular amount and arrears (earlier
    // months), the same of the previous payroll; those that differ, with
    // each change recorded for them and the month it takes effect in.
    let rows = sqlx::query(&format!(
        "SELECT d.pension_id, d.cr, d.ca, d.pr, d.pa, p.id_kind, p.id_number, i.name, e.event, \
         CAST({effective} AS BIGINT) AS effective FROM \
         (SELECT pension_id, CAST(SUM(cr) AS BIGINT) AS cr, CAST(SUM(ca) AS BIGINT) AS ca, CAST(SUM(pr) AS BIGINT) AS pr, \
          CAST(SUM(pa) AS BIGINT) AS pa FROM \
          (SELECT pension_id, CASE WHEN month = $3 AND kind = 'monthly' THEN amount_fen ELSE 0 END AS cr, \
           CASE WHEN month < $3 OR kind <> 'monthly' THEN amount_fen ELSE 0 END AS ca, 0 AS pr, 0 AS pa FROM payroll_items \
           WHERE batch_id = $1 AND kind <> 'settlement' \
           UNION ALL SELECT pension_id, 0, 0, CASE WHEN month = $4 AND kind = 'monthly' THEN amount_fen ELSE 0 END, \
           CASE WHEN month < $4 OR kind <> 'monthly' THEN amount_fen ELSE 0 END FROM payroll_items WHERE batch_id = $2 AND kind <> 'settlement') AS u \
          GROUP BY pension_id HAVING SUM(cr) <> SUM(pr) OR SUM(ca) <> 0 OR SUM(pa) <> 0) AS d \
         JOIN pensions p ON p.id = d.pension_id JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         LEFT JOIN pension_events e ON e.pension_id = d.pension_id ORDER BY d.pension_id",
        effective = effective_month_sql("$5", "$3")
    ))
    .bind(&b.id)
    .bind(&prev_id)
    .bind(month.0)
    .bind(prev_month)
    .bind(county.as_str())
    .fetch_all(db.pool())
    .await?;
    struct Diff {
        pension: String,
        person: String,
        name: String,
        fen: [i64; 4],
        events: Vec<String>,
    }
    let mut diffs: Vec<Diff> = Vec::new();
    for r in rows {
        let pension: String = r.try_get("pension_id")?;
        let i = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let event: Option<String> = r.try_get("event")?;
        let effective: Option<i64> = r.try_get("effective")?;
        // Only a change taking effect after the month compared with, and by
        // this one, explains it.
        let event = event.filter(|_| effective.is_some_and(|m| m > prev_month && m <= month.0));
        match diffs.last_mut() {
            Some(last) if last.pension == pension => last.events.extend(event),
            _ => {
                let kind = domain::DocumentKind::from_code(&s("id_kind")?).ok_or_else(|| AppError::internal("bad kind"))?;
                let person = domain::DocumentNumber::parse(kind, &s("id_number")?).map_err(AppError::internal)?.masked();
                let fen = [i("cr")?, i("ca")?, i("pr")?, i("pa")?];
                diffs.push(Diff { pension, person, name: s("name")?, fen, events: event.into_iter().collect() })
            }
        }
    }
    // What fund officers explained in words, with who approved it.
    let explanations: HashMap<String, (String, Option<String>)> =
        sqlx::query_as::<_, (String, String, Option<String>)>("SELECT pension_id, reason, approved_by FROM payroll_explanations WHERE batch_id = $1")
            .bind(&b.id)
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .map(|(p, reason, approved)| (p, (reason, approved)))
            .collect();
    // Each pension's change under one explanation; the explanations add up
    // to the change of the batch's head count and total.
    let mut by_kind: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut unexplained = Vec::new();
    for Diff { pension, person, name, fen: [cr, ca, pr, pa], events } in &diffs {
        let has = |k: &str| events.iter().any(|e| e == k);
        let explanation = explanations.get(pension);
        let kind = if *pr == 0 && *cr > 0 && has("start") {
            Some("starts")
        } else if (*pr == 0 && *cr > 0 || *ca > 0) && has("resume") {
            Some("resumptions")
        } else if *ca > 0 && has("start") && cr == pr {
            Some("starts")
        } else if *cr == 0 && *ca == 0 && has("stop") {
            Some("stops")
        } else if *cr == 0 && *ca == 0 && has("suspend") {
            Some("suspensions")
        } else if *cr > 0 && *pr > 0 && (cr != pr || *ca != 0 || *pa != 0) && has("adjust") {
            // A new amount, a one-off difference paid or withheld (B4), or
            // the month after one.
            Some("adjustments")
        } else if cr == pr && *ca == 0 && *pa > 0 {
            Some("arrears_paid_last_month")
        } else if explanation.is_some_and(|(_, approved)| approved.is_some()) {
            Some("explained_by_officers")
        } else {
            None
        };
        let (this, before) = (cr + ca, pr + pa);
        match kind {
            Some(k) => {
                let e = by_kind.entry(k).or_default();
                e.0 += i64::from(this > 0) - i64::from(before > 0);
                e.1 += this - before;
            }
            None => unexplained.push(UnexplainedLine {
                pension: pension.clone(),
                name: name.clone(),
                document_masked: person.clone(),
                this: Yuan::from_fen(this).to_string(),
                previous: Yuan::from_fen(before).to_string(),
                explanation: explanation.map(|(reason, _)| reason.clone()),
            }),
        }
    }
    // D4: settlement lines, this payroll's against the previous one's; each
    // must pay what its approved settlement says.
    let (n_now, fen_now, n_before, fen_before, wrong): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN i.batch_id = $1 THEN 1 END), CAST(COALESCE(SUM(CASE WHEN i.batch_id = $1 THEN i.amount_fen END), 0) AS BIGINT), \
         COUNT(CASE WHEN i.batch_id = $2 THEN 1 END), CAST(COALESCE(SUM(CASE WHEN i.batch_id = $2 THEN i.amount_fen END), 0) AS BIGINT), \
         COUNT(CASE WHEN i.batch_id = $1 AND (s.case_id IS NULL OR s.total_fen <> i.amount_fen) THEN 1 END) \
         FROM payroll_items i LEFT JOIN settlements s ON s.case_id = i.case_id WHERE i.batch_id IN ($1, $2) AND i.kind = 'settlement'",
    )
    .bind(&b.id)
    .bind(&prev_id)
    .fetch_one(db.pool())
    .await?;
    if n_now != 0 || n_before != 0 {
        by_kind.insert("settlements", (n_now - n_before, fen_now - fen_before));
    }
    let (prev_items, prev_total) = prev.map_or((0, 0), |p| (p.2, p.3));
    let kinds = ["starts", "stops", "suspensions", "resumptions", "adjustments", "arrears_paid_last_month", "settlements", "explained_by_officers"];
    let report = PayrollCheck {
        previous_batch: prev_id,
        previous_items: prev_items,
        previous_total: Yuan::from_fen(prev_total).to_string(),
        explained: kinds
            .iter()
            .map(|k| {
                let (n, fen) = by_kind.get(k).copied().unwrap_or_default();
                (k.to_string(), n, Yuan::from_fen(fen).to_string())
            })
            .collect(),
        passed: unexplained.is_empty() && wrong == 0,
        unexplained,
        settlements_not_matching: wrong,
    };
    let json = serde_json::to_string(&report).map_err(AppError::internal)?;
    let mut tx = db.begin_write().await?;
    let state = match (report.passed, b.items) {
        (false, _) => "generated",
        // Nothing to send: it counts as sent.
        (true, 0) => "sent",
        (true, _) => "checked",
    };
    sqlx::query("UPDATE payroll_batches SET check_report = $1, state = $2, checked_at = $3, checked_by = $4 WHERE id = $5 AND state = 'generated'")
        .bind(&json)
        .bind(state)
        .bind(ts(now()))
        .bind(&by.actor)
        .bind(&b.id)
        .execute(&mut *tx)
        .await?;
    let mut entry = by.clone();
    entry.action = "payroll.check".into();
    entry.subject = Some(b.id.clone());
    entry.after = Some(json);
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// Step 2, the way forward: a fund officer of the league explains in words
/// a difference the check could not explain (`pension` must be among the
/// batch's unexplained lines). It counts once another officer approves it.
/// Recorded again before approval: the new words replace the old.
pub async fn explain(db: &Db, league: Option<&DivisionCode>, batch_id: &str, pension: &str, reason: &str, by: &AuditEntry) -> AppResult<()> {
    let b = open_batch_of(db, league, batch_id).await?;
    let listed = b.check.as_ref().is_some_and(|c| c.unexplained.iter().any(|u| u.pension == pension));
    if !listed {
        return Err(AppError::not_found(msg::payroll_difference_not_found()));
    }
    let mut tx = db.begin_write().await?;
    let written = sqlx::query(
        "INSERT INTO payroll_explanations (batch_id, pension_id, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (batch_id, pension_id) DO UPDATE SET reason = excluded.reason, recorded_by = excluded.recorded_by, \
         recorded_at = excluded.recorded_at WHERE payroll_explanations.approved_at IS NULL",
    )
    .bind(batch_id)
    .bind(pension)
    .bind(reason)
    .bind(&by.actor)
    .bind(ts(now()))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if written == 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::payroll_explanation_approved_locked()));
    }
    let mut entry = by.clone();
    entry.action = "payroll.explain".into();
    entry.subject = Some(format!("{batch_id}/{pension}"));
    entry.after = Some(serde_json::json!({ "reason": reason }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// Another fund officer of the league approves an explanation (four eyes:
/// never the one who wrote it); the batch is checked again.
pub async fn approve_explanation(db: &Db, league: Option<&DivisionCode>, batch_id: &str, pension: &str, by: &AuditEntry) -> AppResult<PayrollBatch> {
    let b = open_batch_of(db, league, batch_id).await?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT recorded_by, approved_at FROM payroll_explanations WHERE batch_id = $1 AND pension_id = $2")
            .bind(batch_id)
            .bind(pension)
            .fetch_optional(&mut *tx)
            .await?;
    match row {
        None => return Err(AppError::not_found(msg::payroll_explanation_missing())),
        Some((_, Some(_))) => return Err(AppError::new(ErrorCode::Conflict, msg::payroll_explanation_already_approved())),
        Some((recorded_by, None)) if recorded_by == by.actor => {
            return Err(AppError::new(ErrorCode::Forbidden, msg::payroll_explanation_self_approval()));
        }
        Some(_) => {}
    }
    sqlx::query("UPDATE payroll_explanations SET approved_by = $1, approved_at = $2 WHERE batch_id = $3 AND pension_id = $4 AND approved_at IS NULL")
        .bind(&by.actor)
        .bind(ts(now()))
        .bind(batch_id)
        .bind(pension)
        .execute(&mut *tx)
        .await?;
    let mut entry = by.clone();
    entry.action = "payroll.explanation_approved".into();
    entry.subject = Some(format!("{batch_id}/{pension}"));
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    let month = Month::parse(&b.month).ok_or_else(|| AppError::internal("bad month"))?;
    check_one(db, &b, month, by).await?;
    batch(db, batch_id).await?.ok_or_else(|| AppError::internal("batch vanished"))
}

/// Step 2, the other way forward: the county clerk corrected the data and
/// voids the county's unsent batch of `month` to generate it again. The
/// batch and its lines are kept as `void` (who, when, why); the lines leave
/// the once-only rule, each pension's next month goes back to the first
/// month the batch paid it, and what the batch settled of a pending
/// difference (B4) is pending again. Nothing is deleted.
pub async fn void(db: &Db, county: &DivisionCode, month: Month, reason: &str, by: &AuditEntry) -> AppResult<PayrollBatch> {
    let county = county_of(county)?;
    let b = current(db, &county, month, 1).await?.ok_or_else(|| AppError::not_found(msg::payroll_county_no_month_data(county, month)))?;
    if b.state == "sent" {
        return Err(AppError::new(ErrorCode::Conflict, msg::payroll_batch_sent_cannot_void(b.id)));
    }
    let mut tx = db.begin_write().await?;
    let at = ts(now());
    let voided = sqlx::query(
        "UPDATE payroll_batches SET state = 'void', voided_at = $1, voided_by = $2, void_reason = $3 WHERE id = $4 AND state IN ('generated', 'checked')",
    )
    .bind(&at)
    .bind(&by.actor)
    .bind(reason)
    .bind(&b.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if voided == 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::payroll_batch_just_sent_or_voided(b.id)));
    }
    // Pending differences back: an adjustment line paid what was owed to
    // the person, a monthly line withheld part of what was owed back.
    sqlx::query(
        "UPDATE pensions SET pending_fen = pending_fen \
         + (SELECT COALESCE(CAST(SUM(i.amount_fen) AS BIGINT), 0) FROM payroll_items i WHERE i.batch_id = $1 AND i.pension_id = pensions.id AND i.kind = 'adjustment') \
         - (SELECT COALESCE(CAST(SUM(i.withheld_fen) AS BIGINT), 0) FROM payroll_items i WHERE i.batch_id = $1 AND i.pension_id = pensions.id AND i.kind = 'monthly') \
         WHERE id IN (SELECT pension_id FROM payroll_items WHERE batch_id = $1 AND (kind = 'adjustment' OR withheld_fen > 0))",
    )
    .bind(&b.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE pensions SET next_month = (SELECT MIN(i.month) FROM payroll_items i WHERE i.batch_id = $1 AND i.pension_id = pensions.id AND i.kind = 'monthly') \
         WHERE id IN (SELECT pension_id FROM payroll_items WHERE batch_id = $1 AND kind = 'monthly')",
    )
    .bind(&b.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE payroll_items SET status = 'void', live = NULL WHERE batch_id = $1").bind(&b.id).execute(&mut *tx).await?;
    let mut entry = by.clone();
    entry.action = "payroll.void".into();
    entry.subject = Some(b.id.clone());
    entry.before = Some(serde_json::json!({ "state": b.state, "items": b.items, "total": b.total }).to_string());
    entry.after = Some(serde_json::json!({ "state": "void", "reason": reason }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    batch(db, &b.id).await?.ok_or_else(|| AppError::internal("batch vanished"))
}

/// Step 2 by a fund officer of the league.
pub async fn check_by(state: &AppState, caller: &Caller, league: &str, month: &str) -> AppResult<Vec<PayrollBatch>> {
    let league = place_for(caller, Role::LeagueFundOfficer, league)?;
    check(&state.db, &league, month_of(month)?, &caller.audit("", None)).await
}

/// What a difference is explained with: at least a few words, at most 200
/// characters.
pub(crate) fn explanation_text(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.chars().count() < 4 || reason.chars().count() > 200 {
        return Err(AppError::invalid(msg::payroll_explain_difference_reason()));
    }
    Ok(reason.to_owned())
}

/// Step 2's explanation by a fund officer of the batch's league.
pub async fn explain_by(state: &AppState, caller: &Caller, batch: &str, pension: &str, reason: &str) -> AppResult<()> {
    let officer = caller.staff_with(&[Role::LeagueFundOfficer])?;
    let reason = explanation_text(reason)?;
    explain(&state.db, officer.jurisdiction.as_ref(), batch, pension, &reason, &caller.audit("", None)).await
}

/// Its approval by another fund officer of the league.
pub async fn approve_explanation_by(state: &AppState, caller: &Caller, batch: &str, pension: &str) -> AppResult<PayrollBatch> {
    let officer = caller.staff_with(&[Role::LeagueFundOfficer])?;
    approve_explanation(&state.db, officer.jurisdiction.as_ref(), batch, pension, &caller.audit("", None)).await
}

/// Step 2's void by a county clerk of the county, with the reason.
pub async fn void_by(state: &AppState, caller: &Caller, county: &str, month: &str, reason: &str) -> AppResult<PayrollBatch> {
    let county = place_for(caller, Role::CountyClerk, county)?;
    let reason = explanation_text(reason)?;
    void(&state.db, &county, month_of(month)?, &reason, &caller.audit("", None)).await
}
