//! The monthly payroll through the agent bank (B5, B6).
//!
//! 1. A county generates its payroll of a month (`generate`, county clerk):
//!    one item per active pension and month from the pension's
//!    `next_month` to the payroll's month (a late claim's or a
//!    resumption's arrears come by themselves). Run again: nothing new. A
//!    month is never skipped: the next month waits until this one is sent.
//! 2. The league checks each county's payroll against the last month sent
//!    to the bank (`check`, fund officer): every pension whose total
//!    differs must be explained by the change that makes it due in this
//!    month (a start, stop, suspension, resumption or adjustment taking
//!    effect in it, whenever recorded). An unexplained difference keeps the
//!    county's batch from being sent; the report lists each with the
//!    person. The way forward: a fund officer explains it in words and
//!    another approves (`explain`, `approve_explanation`; the check runs
//!    again), or the county clerk corrects the data, voids the unsent
//!    batch (`void`: kept, with who and why) and generates the month again.
//! 3. The league writes the bank file (`bank_file`): the counties that
//!    passed; it records the funding transfer from the expenditure
//!    account, marks the items sent and keeps the file. A county cleared
//!    later goes in a supplementary file of the same month (part 2, 3 …).
//!    Asked again with nothing new: the latest file.
//! 4. The bank's return file (`import_returns`): per line paid or failed
//!    with the reason; the same file again changes nothing. The account
//!    part of each month paid is drawn from the personal account (a
//!    `drawing` ledger entry).
//! 5. Failures, once corrected (a new bank card), are paid in a second run
//!    (`reissue`): failed → reissued, and a new item that goes the same way.
//!
//! Nobody is paid twice for a month: the unique index `payroll_items_once`
//! over (pension, month, kind, live); `live` is 1 on a generated, sent or
//! paid line and NULL once the line failed or its batch was voided.
//!
//! Bank file (UTF-8 CSV): first line `批次号,{id},笔数,{n},金额合计,{yuan}`,
//! then the bank's columns (`bank_formats`; default
//! `流水号,姓名,证件号码,银行卡号,金额,所属期`), one line per item.
//! Return file (UTF-8 or GB18030 CSV): `流水号,金额,结果,失败原因`, 结果 is
//! 成功 or 失败 (then with the reason).

use super::auth::{Caller, now, ts, ts_micros};
use super::db::Db;
use super::imports::{self, FileInfo, ImportReport};
use super::{AppState, audit, exports};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{BankFileResult, PayrollBatch, PayrollCheck, UnexplainedLine};
use domain::audit::AuditEntry;
use domain::benefit::Month;
use domain::{DivisionCode, DivisionLevel, Role, Yuan};
use sqlx::Row;
use std::collections::HashMap;

fn county_of(code: &DivisionCode) -> AppResult<DivisionCode> {
    code.at_level(DivisionLevel::County).ok_or_else(|| AppError::invalid("请指定旗县（6位区划代码）"))
}

fn league_of(code: &DivisionCode) -> AppResult<DivisionCode> {
    code.at_level(DivisionLevel::League).ok_or_else(|| AppError::invalid("请指定盟市（4位区划代码）"))
}

/// `{place}-{YYYY-MM}-{run}`; the `n`-th of the same (a month generated
/// again after a void, a supplementary bank file) adds `-{n}`.
pub fn batch_id(place: &DivisionCode, month: Month, run: i64, n: i64) -> String {
    if n <= 1 { format!("{place}-{month}-{run}") } else { format!("{place}-{month}-{run}-{n}") }
}

/// The batch of `county`, `month` and `run` that is not void.
async fn current(db: &Db, county: &DivisionCode, month: Month, run: i64) -> AppResult<Option<PayrollBatch>> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM payroll_batches WHERE county_code = $1 AND month = $2 AND run = $3 AND state <> 'void'")
        .bind(county.as_str())
        .bind(month.0)
        .bind(run)
        .fetch_optional(db.pool())
        .await
        .map_err(AppError::internal)?;
    match id {
        Some(id) => batch(db, &id).await,
        None => Ok(None),
    }
}

async fn batch(db: &Db, id: &str) -> AppResult<Option<PayrollBatch>> {
    let row = sqlx::query(
        "SELECT b.id, b.county_code, b.month, b.run, b.state, b.items, b.total_fen, b.check_report, b.bank_file, b.void_reason, \
         CAST(SUM(CASE WHEN i.status = 'paid' THEN 1 ELSE 0 END) AS BIGINT) AS paid, \
         CAST(SUM(CASE WHEN i.status = 'paid' THEN i.amount_fen ELSE 0 END) AS BIGINT) AS paid_fen, \
         CAST(SUM(CASE WHEN i.status IN ('failed', 'reissued') THEN 1 ELSE 0 END) AS BIGINT) AS failed, \
         CAST(SUM(CASE WHEN i.status IN ('failed', 'reissued') THEN i.amount_fen ELSE 0 END) AS BIGINT) AS failed_fen \
         FROM payroll_batches b LEFT JOIN payroll_items i ON i.batch_id = b.id WHERE b.id = $1 \
         GROUP BY b.id, b.county_code, b.month, b.run, b.state, b.items, b.total_fen, b.check_report, b.bank_file, b.void_reason",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
    .map_err(AppError::internal)?;
    let Some(r) = row else { return Ok(None) };
    let i = |c: &str| r.try_get::<Option<i64>, _>(c).map(Option::unwrap_or_default).map_err(AppError::internal);
    let s = |c: &str| r.try_get::<Option<String>, _>(c).map_err(AppError::internal);
    let fen = |c: &str| i(c).map(|f| Yuan::from_fen(f).to_string());
    Ok(Some(PayrollBatch {
        id: s("id")?.unwrap_or_default(),
        county: s("county_code")?.unwrap_or_default(),
        month: Month(i("month")?).to_string(),
        run: i("run")?,
        state: s("state")?.unwrap_or_default(),
        items: i("items")?,
        total: fen("total_fen")?,
        paid: i("paid")?,
        paid_total: fen("paid_fen")?,
        failed: i("failed")?,
        failed_total: fen("failed_fen")?,
        check: s("check_report")?.and_then(|j| serde_json::from_str(&j).ok()),
        bank_file: s("bank_file")?,
        void_reason: s("void_reason")?,
    }))
}

/// A batch's head count and total, from its items.
async fn count_items(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: &str) -> AppResult<()> {
    sqlx::query(
        "UPDATE payroll_batches SET items = (SELECT COUNT(*) FROM payroll_items WHERE batch_id = $1), \
         total_fen = (SELECT COALESCE(CAST(SUM(amount_fen) AS BIGINT), 0) FROM payroll_items WHERE batch_id = $1), \
         recipients = (SELECT COUNT(DISTINCT COALESCE(pension_id, case_id)) FROM payroll_items WHERE batch_id = $1) WHERE id = $1",
    )
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    Ok(())
}

/// Step 1: a county's payroll of `month` (run 1). A month is never
/// skipped: the county's previous month must have been sent to the bank
/// (an empty batch that passed the check counts as sent) before this one.
pub async fn generate(db: &Db, county: &DivisionCode, month: Month, today: chrono::NaiveDate, by: &AuditEntry) -> AppResult<PayrollBatch> {
    if county.level() != DivisionLevel::County {
        return Err(AppError::invalid("待遇发放数据按旗县生成：请指定6位旗县区划代码"));
    }
    if month > Month::of(today).next() {
        return Err(AppError::invalid(format!("最多生成下月（{}）的发放数据", Month::of(today).next())));
    }
    if let Some(b) = current(db, county, month, 1).await? {
        return Ok(b);
    }
    let last: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT id, month, state FROM payroll_batches WHERE county_code = $1 AND run = 1 AND state <> 'void' ORDER BY month DESC LIMIT 1",
    )
    .bind(county.as_str())
    .fetch_optional(db.pool())
    .await
    .map_err(AppError::internal)?;
    if let Some((last_id, last, state)) = last {
        let last = Month(last);
        if last > month {
            return Err(AppError::new(ErrorCode::Conflict, format!("已生成 {last} 的发放数据，不能再生成更早的 {month}")));
        }
        if state != "sent" {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("{last} 的发放数据（批次 {last_id}）尚未发送银行：请先通过比对并发送；比对有差异的，说明并经审批，或更正后作废重新生成。之后才能生成 {month}"),
            ));
        }
        if last.next() < month {
            return Err(AppError::invalid(format!("发放月份不能跳过：请先生成 {} 的发放数据", last.next())));
        }
    }
    let voided: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_batches WHERE county_code = $1 AND month = $2 AND run = 1 AND state = 'void'")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(db.pool())
        .await
        .map_err(AppError::internal)?;
    let id = batch_id(county, month, 1, voided + 1);
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    let at = ts_micros(now());
    sqlx::query(
        "INSERT INTO payroll_batches (id, county_code, league_code, month, run, state, items, total_fen, generated_at, generated_by) \
         VALUES ($1, $2, $3, $4, 1, 'generated', 0, 0, $5, $6)",
    )
    .bind(&id)
    .bind(county.as_str())
    .bind(league_of(county)?.as_str())
    .bind(month.0)
    .bind(&at)
    .bind(&by.actor)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    let from: Option<i64> =
        sqlx::query_scalar("SELECT MIN(next_month) FROM pensions WHERE county_code = $1 AND status = 'active' AND next_month <= $2")
            .bind(county.as_str())
            .bind(month.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    if let Some(from) = from {
        sqlx::query(
            "WITH RECURSIVE months (m) AS (SELECT CAST($3 AS BIGINT) UNION ALL SELECT m + 1 FROM months WHERE m < $2) \
             INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status, id_number) \
             SELECT $1 || '-' || CAST(ROW_NUMBER() OVER (ORDER BY p.id, m.m) AS TEXT), $1, p.id, m.m, p.monthly_fen, i.name, \
             COALESCE(i.bank_card, ''), 'generated', p.id_number \
             FROM pensions p JOIN months m ON m.m >= p.next_month \
             JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
             WHERE p.county_code = $4 AND p.status = 'active' AND p.next_month <= $2",
        )
        .bind(&id)
        .bind(month.0)
        .bind(from)
        .bind(county.as_str())
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
        sqlx::query("UPDATE pensions SET next_month = $1 WHERE county_code = $2 AND status = 'active' AND next_month <= $3")
            .bind(month.next().0)
            .bind(county.as_str())
            .bind(month.0)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
        let policy = super::reference::policy_on(db, month.first_day()).await?;
        settle_pending(&mut tx, &id, month, i64::from(policy.max_withholding_percent), &at, &by.actor).await?;
    }
    // D4: the settlements of the county's deregistrations not yet paid,
    // each a one-off line to the payee.
    sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, case_id, month, amount_fen, name, bank_card, status, kind, id_number) \
         SELECT $1 || '-s' || CAST(ROW_NUMBER() OVER (ORDER BY s.case_id) AS TEXT), $1, NULL, s.case_id, $2, s.total_fen, s.payee_name, \
         s.bank_card, 'generated', 'settlement', s.payee_id_number FROM settlements s WHERE s.county_code = $3 AND s.total_fen > 0 \
         AND NOT EXISTS (SELECT 1 FROM payroll_items i WHERE i.case_id = s.case_id AND i.case_id IS NOT NULL AND i.status <> 'void')",
    )
    .bind(&id)
    .bind(month.0)
    .bind(county.as_str())
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    count_items(&mut tx, &id).await?;
    let mut entry = by.clone();
    entry.action = "payroll.generate".into();
    entry.subject = Some(id.clone());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    batch(db, &id).await?.ok_or_else(|| AppError::internal("batch vanished"))
}

/// B4: what a confirmed re-determination left to pay or withhold
/// (`pensions.pending_fen`) is settled with the month's payroll: a sum
/// owed to the person is one `adjustment` line beside the month's; a sum
/// owed back is withheld from the month's line, at most
/// `pension.max_withholding_percent` of it (rounded down to the fen, in
/// the person's favour), the rest in later months. Each is a pension event
/// the check reads.
async fn settle_pending(tx: &mut sqlx::Transaction<'_, sqlx::Any>, batch: &str, month: Month, max_percent: i64, at: &str, by: &str) -> AppResult<()> {
    // Driven by the few pensions with something pending (a partial index),
    // not by the batch's lines.
    let this_month = "pending_fen <> 0 AND EXISTS (SELECT 1 FROM payroll_items i WHERE i.pension_id = pensions.id AND i.month = $2 \
                      AND i.batch_id = $1 AND i.kind = 'monthly')";
    let events = sqlx::query(&format!(
        "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
         SELECT 'pending-' || id || '-' || $1, id, 'adjust', monthly_fen, \
         CASE WHEN pending_fen > 0 THEN '补发待遇核查差额' ELSE '扣回待遇核查差额' END, $3, $4, $2 \
         FROM pensions WHERE {this_month}"
    ))
    .bind(batch)
    .bind(month.0)
    .bind(at)
    .bind(by)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    if events.rows_affected() == 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status, kind, id_number) \
         SELECT i.batch_id || '-a' || CAST(ROW_NUMBER() OVER (ORDER BY i.pension_id) AS TEXT), i.batch_id, i.pension_id, i.month, p.pending_fen, \
         i.name, i.bank_card, 'generated', 'adjustment', i.id_number FROM payroll_items i JOIN pensions p ON p.id = i.pension_id \
         WHERE i.batch_id = $1 AND i.month = $2 AND i.kind = 'monthly' AND p.pending_fen > 0",
    )
    .bind(batch)
    .bind(month.0)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    // What is withheld is kept on the line (`withheld_fen`): a void gives
    // it back to what is pending.
    sqlx::query(
        "UPDATE payroll_items SET withheld_fen = CASE WHEN -p.pending_fen < payroll_items.amount_fen * $3 / 100 \
         THEN -p.pending_fen ELSE payroll_items.amount_fen * $3 / 100 END FROM pensions p \
         WHERE p.id = payroll_items.pension_id AND payroll_items.batch_id = $1 AND payroll_items.month = $2 \
         AND payroll_items.kind = 'monthly' AND p.pending_fen < 0",
    )
    .bind(batch)
    .bind(month.0)
    .bind(max_percent)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query("UPDATE payroll_items SET amount_fen = amount_fen - withheld_fen WHERE batch_id = $1 AND month = $2 AND kind = 'monthly' AND withheld_fen > 0")
        .bind(batch)
        .bind(month.0)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    sqlx::query(&format!(
        "UPDATE pensions SET pending_fen = CASE WHEN pending_fen > 0 THEN 0 ELSE pending_fen + \
         (SELECT i.withheld_fen FROM payroll_items i WHERE i.batch_id = $1 AND i.month = $2 AND i.kind = 'monthly' AND i.pension_id = pensions.id) END \
         WHERE {this_month}"
    ))
    .bind(batch)
    .bind(month.0)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    Ok(())
}

/// B8 and the yearly increase (调待): the rise of the basic pension that
/// takes effect on the first day of `month` (the policy table that day
/// against the day before) is added to every pension of the county that
/// started before it and is not stopped, except those under community
/// correction or in custody then (`no_increase_until`; they skip this
/// rise for good). Before the month's payroll only; once per county and
/// month (again: the same figures). (rise, raised, skipped).
pub async fn increase(db: &Db, county: &DivisionCode, month: Month, by: &AuditEntry) -> AppResult<(Yuan, i64, i64)> {
    let county = county_of(county)?;
    let done: Option<(i64, i64, i64)> = sqlx::query_as("SELECT delta_fen, raised, skipped FROM increase_runs WHERE county_code = $1 AND month = $2")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_optional(db.pool())
        .await
        .map_err(AppError::internal)?;
    if let Some((delta, raised, skipped)) = done {
        return Ok((Yuan::from_fen(delta), raised, skipped));
    }
    let day = month.first_day();
    let now_basic = super::reference::policy_on(db, day).await?.basic_pension_monthly;
    let before = super::reference::policy_on(db, day.pred_opt().unwrap_or(day)).await?.basic_pension_monthly;
    let delta = now_basic - before;
    if !delta.is_positive() {
        return Err(AppError::invalid(format!("{month} 基础养老金没有提高（{before} 元）：请先在政策参数中录入自 {day} 起的新标准")));
    }
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    let generated: Option<i64> = sqlx::query_scalar("SELECT MAX(month) FROM payroll_batches WHERE county_code = $1 AND month >= $2 AND state <> 'void'")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    if let Some(m) = generated {
        return Err(AppError::new(ErrorCode::Conflict, format!("{} 的发放数据已经生成：待遇调整须在 {month} 发放数据生成之前进行", Month(m))));
    }
    let eligible = "county_code = $1 AND status <> 'stopped' AND first_month < $2";
    let held = "no_increase_until IS NOT NULL AND no_increase_until >= $3";
    let skipped: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM pensions WHERE {eligible} AND {held}"))
        .bind(county.as_str())
        .bind(month.0)
        .bind(day.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let reason = format!("{day} 起基础养老金提高 {delta} 元");
    sqlx::query(&format!(
        "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
         SELECT 'raise-' || id || '-' || CAST($2 AS TEXT), id, 'adjust', monthly_fen + $4, $5, $6, $7, $2 FROM pensions WHERE {eligible} AND NOT ({held})"
    ))
    .bind(county.as_str())
    .bind(month.0)
    .bind(day.to_string())
    .bind(delta.fen())
    .bind(&reason)
    .bind(ts_micros(now()))
    .bind(&by.actor)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    let raised = sqlx::query(&format!(
        "UPDATE pensions SET basic_fen = basic_fen + $4, monthly_fen = monthly_fen + $4 WHERE {eligible} AND NOT ({held})"
    ))
    .bind(county.as_str())
    .bind(month.0)
    .bind(day.to_string())
    .bind(delta.fen())
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected() as i64;
    sqlx::query("INSERT INTO increase_runs (county_code, month, delta_fen, raised, skipped, at, by_actor) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(county.as_str())
        .bind(month.0)
        .bind(delta.fen())
        .bind(raised)
        .bind(skipped)
        .bind(ts(now()))
        .bind(&by.actor)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let mut entry = by.clone();
    entry.action = "pension.increase".into();
    entry.subject = Some(format!("{county}-{month}"));
    entry.after = Some(serde_json::json!({ "delta": delta.to_string(), "raised": raised, "skipped": skipped }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok((delta, raised, skipped))
}

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
            .await
            .map_err(AppError::internal)?;
    if ids.is_empty() {
        return Err(AppError::invalid(format!("{month} 尚无旗县生成发放数据")));
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
fn effective_month_sql(county: &str, month: &str) -> String {
    let generated = format!(
        "COALESCE((SELECT MIN(b.month) FROM payroll_batches b WHERE b.county_code = {county} AND b.run = 1 AND b.state <> 'void' \
         AND b.generated_at >= e.at), {month} + 1)"
    );
    format!("CASE WHEN e.effective_month > {generated} THEN e.effective_month ELSE {generated} END")
}

async fn check_one(db: &Db, b: &PayrollBatch, month: Month, by: &AuditEntry) -> AppResult<()> {
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
    .await
    .map_err(AppError::internal)?;
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
    .await
    .map_err(AppError::internal)?;
    struct Diff {
        pension: String,
        person: String,
        name: String,
        fen: [i64; 4],
        events: Vec<String>,
    }
    let mut diffs: Vec<Diff> = Vec::new();
    for r in rows {
        let pension: String = r.try_get("pension_id").map_err(AppError::internal)?;
        let i = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let event: Option<String> = r.try_get("event").map_err(AppError::internal)?;
        let effective: Option<i64> = r.try_get("effective").map_err(AppError::internal)?;
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
            .await
            .map_err(AppError::internal)?
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
    .await
    .map_err(AppError::internal)?;
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
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
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
        .await
        .map_err(AppError::internal)?;
    let mut entry = by.clone();
    entry.action = "payroll.check".into();
    entry.subject = Some(b.id.clone());
    entry.after = Some(json);
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// A batch of the fund officer's league that is not void nor sent, for an
/// explanation of its check.
async fn open_batch_of(db: &Db, officer_league: Option<&DivisionCode>, id: &str) -> AppResult<PayrollBatch> {
    let b = batch(db, id).await?.filter(|b| b.run == 1).ok_or_else(|| AppError::not_found("没有这个发放批次"))?;
    let county = DivisionCode::parse(&b.county).map_err(AppError::internal)?;
    if !officer_league.is_none_or(|j| county.is_within(j)) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能办理本盟市的待遇发放"));
    }
    if b.state != "generated" {
        return Err(AppError::new(ErrorCode::Conflict, format!("批次 {id} 已{}，不需要再说明差异", if b.state == "void" { "作废" } else { "通过比对" })));
    }
    Ok(b)
}

/// Step 2, the way forward: a fund officer of the league explains in words
/// a difference the check could not explain (`pension` must be among the
/// batch's unexplained lines). It counts once another officer approves it.
/// Recorded again before approval: the new words replace the old.
pub async fn explain(db: &Db, league: Option<&DivisionCode>, batch_id: &str, pension: &str, reason: &str, by: &AuditEntry) -> AppResult<()> {
    let b = open_batch_of(db, league, batch_id).await?;
    let listed = b.check.as_ref().is_some_and(|c| c.unexplained.iter().any(|u| u.pension == pension));
    if !listed {
        return Err(AppError::not_found("该批次的比对结果中没有这一笔未说明的差异：请先比对，再对列出的差异逐笔说明"));
    }
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
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
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if written == 0 {
        return Err(AppError::new(ErrorCode::Conflict, "这一笔的说明已经审批，不能再修改"));
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
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT recorded_by, approved_at FROM payroll_explanations WHERE batch_id = $1 AND pension_id = $2")
            .bind(batch_id)
            .bind(pension)
            .fetch_optional(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    match row {
        None => return Err(AppError::not_found("这一笔还没有说明：请先由基金财务人员写明差异的原因")),
        Some((_, Some(_))) => return Err(AppError::new(ErrorCode::Conflict, "这一笔的说明已经审批")),
        Some((recorded_by, None)) if recorded_by == by.actor => {
            return Err(AppError::new(ErrorCode::Forbidden, "说明须由另一名基金财务人员审批，不能审批自己写的说明"));
        }
        Some(_) => {}
    }
    sqlx::query("UPDATE payroll_explanations SET approved_by = $1, approved_at = $2 WHERE batch_id = $3 AND pension_id = $4 AND approved_at IS NULL")
        .bind(&by.actor)
        .bind(ts(now()))
        .bind(batch_id)
        .bind(pension)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let mut entry = by.clone();
    entry.action = "payroll.explanation_approved".into();
    entry.subject = Some(format!("{batch_id}/{pension}"));
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
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
    let b = current(db, &county, month, 1).await?.ok_or_else(|| AppError::not_found(format!("{county} 没有 {month} 的发放数据")))?;
    if b.state == "sent" {
        return Err(AppError::new(ErrorCode::Conflict, format!("批次 {} 已发送银行，不能作废：发放有误的，按失败重发或追回多发待遇办理", b.id)));
    }
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    let at = ts(now());
    let voided = sqlx::query(
        "UPDATE payroll_batches SET state = 'void', voided_at = $1, voided_by = $2, void_reason = $3 WHERE id = $4 AND state IN ('generated', 'checked')",
    )
    .bind(&at)
    .bind(&by.actor)
    .bind(reason)
    .bind(&b.id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if voided == 0 {
        return Err(AppError::new(ErrorCode::Conflict, format!("批次 {} 刚刚已被发送或作废", b.id)));
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
    .await
    .map_err(AppError::internal)?;
    sqlx::query(
        "UPDATE pensions SET next_month = (SELECT MIN(i.month) FROM payroll_items i WHERE i.batch_id = $1 AND i.pension_id = pensions.id AND i.kind = 'monthly') \
         WHERE id IN (SELECT pension_id FROM payroll_items WHERE batch_id = $1 AND kind = 'monthly')",
    )
    .bind(&b.id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query("UPDATE payroll_items SET status = 'void', live = NULL WHERE batch_id = $1")
        .bind(&b.id)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let mut entry = by.clone();
    entry.action = "payroll.void".into();
    entry.subject = Some(b.id.clone());
    entry.before = Some(serde_json::json!({ "state": b.state, "items": b.items, "total": b.total }).to_string());
    entry.after = Some(serde_json::json!({ "state": "void", "reason": reason }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    batch(db, &b.id).await?.ok_or_else(|| AppError::internal("batch vanished"))
}

/// Step 3: the league's bank file of `month` and `run`, of the county
/// batches that passed the check and are not sent yet: the first file of
/// the month, or a supplementary one (part 2, 3 …) for counties cleared
/// later. Nothing new to send: the latest file. With the batches still
/// held back by their check.
pub async fn bank_file(db: &Db, league: &DivisionCode, month: Month, run: i64, by: &AuditEntry) -> AppResult<BankFileResult> {
    let league = league_of(league)?;
    let states: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, state FROM payroll_batches WHERE league_code = $1 AND month = $2 AND run = $3 AND state <> 'void' ORDER BY id",
    )
    .bind(league.as_str())
    .bind(month.0)
    .bind(run)
    .fetch_all(db.pool())
    .await
    .map_err(AppError::internal)?;
    let held_back: Vec<String> = states.iter().filter(|(_, s)| s == "generated").map(|(b, _)| b.clone()).collect();
    let ready: Vec<&String> = states.iter().filter(|(_, s)| s == "checked").map(|(b, _)| b).collect();
    let part: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(part), 0) AS BIGINT) FROM bank_files WHERE league_code = $1 AND month = $2 AND run = $3")
    .bind(league.as_str())
    .bind(month.0)
    .bind(run)
    .fetch_one(db.pool())
    .await
    .map_err(AppError::internal)?;
    if ready.is_empty() {
        if part > 0 {
            let id: String = sqlx::query_scalar("SELECT id FROM bank_files WHERE league_code = $1 AND month = $2 AND run = $3 AND part = $4")
                .bind(league.as_str())
                .bind(month.0)
                .bind(run)
                .bind(part)
                .fetch_one(db.pool())
                .await
                .map_err(AppError::internal)?;
            return Ok(BankFileResult { id, held_back });
        }
        return Err(match held_back.first() {
            Some(b) => AppError::invalid(format!("批次 {b} 尚未通过与上月的比对（或比对有未说明的差异），不能发送银行")),
            None => AppError::invalid(format!("{month} 第 {run} 次发放尚无旗县数据")),
        });
    }
    let part = part + 1;
    let id = batch_id(&league, month, run, part);
    let columns: String = sqlx::query_scalar(
        "SELECT columns FROM bank_formats WHERE league_code IN ($1, 'default') ORDER BY CASE WHEN league_code = 'default' THEN 1 ELSE 0 END LIMIT 1",
    )
    .bind(league.as_str())
    .fetch_one(db.pool())
    .await
    .map_err(AppError::internal)?;
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    // The lines are written by the database, each batch's into one text
    // (fetching 500,000 rows field by field through the driver took three
    // times as long as the rest of the step). Batch by batch, through the
    // batch index (one query over the league made SQLite scan every line
    // ever paid).
    let line = columns.split(',').map(bank_column).collect::<Vec<_>>().join(" || ',' || ");
    let lines_of = format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT), COALESCE(string_agg({line} || '\n', '' ORDER BY id), '') \
         FROM payroll_items WHERE batch_id = $1 AND status = 'generated'"
    );
    let (mut count, mut total, mut body) = (0i64, 0i64, String::new());
    for batch in &ready {
        let (n, fen, text): (i64, i64, String) =
            sqlx::query_as(&lines_of).bind(*batch).fetch_one(&mut *tx).await.map_err(AppError::internal)?;
        count += n;
        total += fen;
        body.push_str(&text);
    }
    let content = format!("批次号,{id},笔数,{count},金额合计,{}\n{columns}\n{body}", Yuan::from_fen(total));
    drop(body);
    let at = ts(now());
    sqlx::query(
        "INSERT INTO bank_files (id, league_code, month, run, part, lines, total_fen, funded_fen, funded_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
    )
    .bind(&id)
    .bind(league.as_str())
    .bind(month.0)
    .bind(run)
    .bind(part)
    .bind(count)
    .bind(total)
    .bind(&at)
    .bind(&by.actor)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    for batch in &ready {
        sqlx::query("UPDATE payroll_items SET status = 'sent' WHERE batch_id = $1 AND status = 'generated'")
            .bind(*batch)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
        // Sent only if still checked: a batch voided meanwhile stays void
        // (and the transaction fails rather than send its lines).
        let sent = sqlx::query("UPDATE payroll_batches SET state = 'sent', bank_file = $1 WHERE id = $2 AND state = 'checked'")
            .bind(&id)
            .bind(*batch)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?
            .rows_affected();
        if sent == 0 {
            return Err(AppError::new(ErrorCode::Conflict, format!("批次 {batch} 刚刚被作废，请重新生成银行文件")));
        }
    }
    exports::save(&mut tx, "bank_payroll", &id, Some(&league), &by.actor, (count, 0), &content).await?;
    let mut entry = by.clone();
    entry.action = "payroll.bank_file".into();
    entry.subject = Some(id.clone());
    entry.after = Some(
        serde_json::json!({ "lines": count, "total": Yuan::from_fen(total).to_string(), "funded_from": "expenditure", "batches": ready,
            "held_back": held_back })
        .to_string(),
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(BankFileResult { id, held_back })
}

/// A column of the bank file as SQL text over `payroll_items`: money as
/// `Yuan` prints it (yuan with two decimals), the month as `Month`
/// does (YYYY-MM); a column the system does not know is left empty.
/// A payroll `month` column as `YYYY-MM`, in SQL.
const MONTH_TEXT: &str = "CAST(month / 12 AS TEXT) || '-' || CASE WHEN month % 12 < 9 THEN '0' ELSE '' END || CAST(month % 12 + 1 AS TEXT)";

/// A bank file column as SQL over `payroll_items`. The name is the one
/// free text: a name a spreadsheet would run as a formula (= + - @) gets a
/// leading apostrophe, and one holding a comma or a quote is quoted (CSV).
pub fn bank_column(name: &str) -> &'static str {
    match name {
        "流水号" => "id",
        "姓名" => {
            "CASE WHEN name LIKE '%,%' OR name LIKE '%\"%' \
             THEN '\"' || REPLACE(CASE WHEN substr(name, 1, 1) IN ('=', '+', '-', '@') THEN '''' || name ELSE name END, '\"', '\"\"') || '\"' \
             ELSE CASE WHEN substr(name, 1, 1) IN ('=', '+', '-', '@') THEN '''' || name ELSE name END END"
        }
        "证件号码" => "id_number",
        "银行卡号" => "bank_card",
        "金额" => {
            "CASE WHEN amount_fen < 0 THEN '-' ELSE '' END || CAST(ABS(amount_fen) / 100 AS TEXT) || '.' \
             || CASE WHEN ABS(amount_fen) % 100 < 10 THEN '0' ELSE '' END || CAST(ABS(amount_fen) % 100 AS TEXT)"
        }
        "所属期" => MONTH_TEXT,
        _ => "''",
    }
}

pub const RETURN_COLUMNS: [&str; 4] = ["流水号", "金额", "结果", "失败原因"];
const RETURNS: &str = "bank_returns";

/// Step 4: the bank's return file, within the officer's league.
pub async fn import_returns(db: &Db, file_name: &str, bytes: &[u8], within: Option<&DivisionCode>, by: &AuditEntry) -> AppResult<ImportReport> {
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    let scope = within.map_or("all", |j| j.as_str());
    let file = FileInfo { kind: RETURNS, file_name, sha256: format!("{}@{scope}", imports::sha256_hex(bytes)), encoding };
    let mut report = imports::new_report(encoding, 0);
    let mut lines: Vec<(i64, String, i64, &str, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    imports::for_each_line(&text, &RETURN_COLUMNS, |line, fields| {
        report.total += 1;
        let parsed = fields.and_then(|f| {
            if f.len() != RETURN_COLUMNS.len() {
                return Err(format!("应有 {} 列，实际 {} 列", RETURN_COLUMNS.len(), f.len()));
            }
            let amount = Yuan::parse(&f[1]).map_err(|e| format!("金额：{e}"))?;
            let (status, reason) = match f[2].trim() {
                "成功" => ("paid", String::new()),
                "失败" if !f[3].trim().is_empty() => ("failed", f[3].trim().to_owned()),
                "失败" => return Err("结果为失败时须写明失败原因".into()),
                _ => return Err("结果应为“成功”或“失败”".into()),
            };
            Ok((f[0].trim().to_owned(), amount.fen(), status, reason))
        });
        match parsed {
            Ok((id, _, _, _)) if !seen.insert(id.clone()) => report.rejected.push((line, "流水号在文件中重复".into())),
            Ok((id, fen, status, reason)) => lines.push((line, id, fen, status, reason)),
            Err(reason) => report.rejected.push((line, reason)),
        }
    })?;
    drop(text);
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    if let Some(batch_id) = imports::earlier(&mut tx, RETURNS, &file.sha256).await? {
        drop(tx);
        return imports::report_of(db, RETURNS, &batch_id, true).await;
    }
    sqlx::query("CREATE TEMP TABLE return_lines (line BIGINT NOT NULL, item TEXT NOT NULL, amount_fen BIGINT NOT NULL, status TEXT NOT NULL, failure TEXT)")
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let stage = format!(
        "INSERT INTO return_lines SELECT CAST(j.value ->> 0 AS BIGINT), j.value ->> 1, CAST(j.value ->> 2 AS BIGINT), j.value ->> 3, \
         NULLIF(j.value ->> 4, '') FROM {}",
        db.json_rows(1)
    );
    for chunk in lines.chunks(50_000) {
        sqlx::query(&stage).bind(serde_json::to_string(chunk).map_err(AppError::internal)?).execute(&mut *tx).await.map_err(AppError::internal)?;
    }
    // The lines that cannot simply be applied to a sent item.
    let like = within.map_or("%".to_owned(), |j| format!("{}%", j.as_str()));
    let odd = sqlx::query(
        "SELECT r.line, r.status, r.amount_fen AS given, i.status AS now, i.amount_fen, b.league_code FROM return_lines r \
         LEFT JOIN payroll_items i ON i.id = r.item LEFT JOIN payroll_batches b ON b.id = i.batch_id \
         WHERE i.id IS NULL OR i.status <> 'sent' OR i.amount_fen <> r.amount_fen OR NOT (b.league_code LIKE $1) ORDER BY r.line",
    )
    .bind(&like)
    .fetch_all(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    let mut skip = Vec::new();
    for r in odd {
        let line: i64 = r.try_get("line").map_err(AppError::internal)?;
        let wanted: String = r.try_get("status").map_err(AppError::internal)?;
        let now: Option<String> = r.try_get("now").map_err(AppError::internal)?;
        let league: Option<String> = r.try_get("league_code").map_err(AppError::internal)?;
        let fen: Option<i64> = r.try_get("amount_fen").map_err(AppError::internal)?;
        let given: i64 = r.try_get("given").map_err(AppError::internal)?;
        skip.push([line]);
        let reason = match now.as_deref() {
            None => "流水号不存在：请核对是否为本系统发出的发放文件",
            Some(_) if !league.is_some_and(|l| scope == "all" || l.starts_with(scope)) => "不是本盟市的发放数据",
            Some(_) if fen != Some(given) => "金额与发放文件不一致：请银行核实",
            Some(s) if s == wanted || (s == "reissued" && wanted == "failed") => {
                report.unchanged += 1;
                continue;
            }
            Some("generated") => "该笔尚未发送银行",
            Some(_) => "该笔已有不同的回盘结果：请银行核实",
        };
        report.rejected.push((line, reason.to_owned()));
    }
    let drop_lines = format!("DELETE FROM return_lines WHERE line IN (SELECT CAST(j.value ->> 0 AS BIGINT) FROM {})", db.json_rows(1));
    for chunk in skip.chunks(50_000) {
        sqlx::query(&drop_lines).bind(serde_json::to_string(chunk).map_err(AppError::internal)?).execute(&mut *tx).await.map_err(AppError::internal)?;
    }
    // The account part of each month paid is drawn from the personal
    // account (A6): a `drawing` entry per paid monthly item, dated the
    // first day of its month, so that statements show it and the year-end
    // interest is on what is left. Never more than the account holds:
    // beyond that the fund pays (ROW_NUMBER counts the months of the same
    // pension paid by this file before this one). Keyed by the item: the
    // same line booked again is nothing new.
    sqlx::query(&format!(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
         SELECT account_id, 'drawing', source, -(CASE WHEN left_fen < account_fen THEN left_fen ELSE account_fen END), \
         {MONTH_TEXT} || '-01', month / 12, $1, $2 \
         FROM (SELECT p.account_id, 'drawing:' || i.id AS source, p.account_fen, i.month, \
               {balance} - p.account_fen * (ROW_NUMBER() OVER (PARTITION BY i.pension_id ORDER BY i.month) - 1) AS left_fen \
               FROM return_lines r JOIN payroll_items i ON i.id = r.item JOIN pensions p ON p.id = i.pension_id \
               WHERE r.status = 'paid' AND i.kind = 'monthly' AND i.status = 'sent' AND p.account_fen > 0) AS d \
         WHERE left_fen > 0 ON CONFLICT (account_id, kind, source) DO NOTHING",
        balance = super::ledger::balance_sql("p.account_id", None)
    ))
    .bind(&report.batch_id)
    .bind(ts(now()))
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    // Paid lines stay live: `live` is left out of their SET, so the engine
    // does not touch the once-index for them; a failed line is no longer
    // live (the second run may pay that month).
    for (outcome, live) in [("paid", ""), ("failed", ", live = NULL")] {
        report.updated += sqlx::query(&format!(
            "UPDATE payroll_items SET status = r.status, failure = r.failure{live} FROM return_lines r \
             WHERE payroll_items.id = r.item AND payroll_items.status = 'sent' AND r.status = '{outcome}'"
        ))
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected() as i64;
    }
    sqlx::query("DROP TABLE return_lines").execute(&mut *tx).await.map_err(AppError::internal)?;
    report.rejected.sort();
    imports::record(&mut tx, &file, &by.actor, &report).await?;
    let mut entry = by.clone();
    entry.action = "payroll.import_returns".into();
    entry.subject = Some(report.batch_id.clone());
    entry.after = Some(
        serde_json::json!({ "file": file_name, "total": report.total, "applied": report.updated, "unchanged": report.unchanged,
            "rejected": report.rejected.len() })
        .to_string(),
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(report)
}

/// Step 5: a county's second run of `month` for the failed items, with the
/// names and bank cards as they are now; `None` when nothing failed.
pub async fn reissue(db: &Db, county: &DivisionCode, month: Month, by: &AuditEntry) -> AppResult<Option<PayrollBatch>> {
    let county = county_of(county)?;
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id \
         WHERE b.county_code = $1 AND b.month = $2 AND i.status = 'failed'",
    )
    .bind(county.as_str())
    .bind(month.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    if failed == 0 {
        return Ok(None);
    }
    let run: i64 = sqlx::query_scalar("SELECT CAST(MAX(run) AS BIGINT) + 1 FROM payroll_batches WHERE county_code = $1 AND month = $2")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let id = batch_id(&county, month, run, 1);
    let report = serde_json::json!({ "reissue_of_failed": failed }).to_string();
    sqlx::query(
        "INSERT INTO payroll_batches (id, county_code, league_code, month, run, state, items, total_fen, generated_at, generated_by, \
         check_report, checked_at, checked_by) VALUES ($1, $2, $3, $4, $5, 'checked', 0, 0, $6, $7, $8, $6, $7)",
    )
    .bind(&id)
    .bind(county.as_str())
    .bind(league_of(&county)?.as_str())
    .bind(month.0)
    .bind(run)
    .bind(ts_micros(now()))
    .bind(&by.actor)
    .bind(&report)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    // The failed items become `reissued` first, so that the new item is
    // the only live one of its pension and month.
    sqlx::query("CREATE TEMP TABLE reissued (pension_id TEXT, case_id TEXT, month BIGINT NOT NULL, amount_fen BIGINT NOT NULL, kind TEXT NOT NULL)")
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    sqlx::query(
        "INSERT INTO reissued SELECT i.pension_id, i.case_id, i.month, i.amount_fen, i.kind FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id \
         WHERE b.county_code = $1 AND b.month = $2 AND i.status = 'failed'",
    )
    .bind(county.as_str())
    .bind(month.0)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query(
        "UPDATE payroll_items SET status = 'reissued' WHERE status = 'failed' AND batch_id IN \
         (SELECT id FROM payroll_batches WHERE county_code = $1 AND month = $2)",
    )
    .bind(county.as_str())
    .bind(month.0)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status, kind, id_number) \
         SELECT $1 || '-' || CAST(ROW_NUMBER() OVER (ORDER BY r.pension_id, r.month, r.kind) AS TEXT), $1, r.pension_id, r.month, r.amount_fen, \
         i.name, COALESCE(i.bank_card, ''), 'generated', r.kind, p.id_number FROM reissued r JOIN pensions p ON p.id = r.pension_id \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number",
    )
    .bind(&id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    // A settlement (D4) is paid again to the payee's card as it is now.
    sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, case_id, month, amount_fen, name, bank_card, status, kind, id_number) \
         SELECT $1 || '-s' || CAST(ROW_NUMBER() OVER (ORDER BY r.case_id) AS TEXT), $1, NULL, r.case_id, r.month, r.amount_fen, s.payee_name, \
         s.bank_card, 'generated', r.kind, s.payee_id_number FROM reissued r JOIN settlements s ON s.case_id = r.case_id",
    )
    .bind(&id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query("DROP TABLE reissued").execute(&mut *tx).await.map_err(AppError::internal)?;
    count_items(&mut tx, &id).await?;
    let mut entry = by.clone();
    entry.action = "payroll.reissue".into();
    entry.subject = Some(id.clone());
    entry.after = Some(report);
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    batch(db, &id).await
}

/// The batches of a month in the caller's jurisdiction, with issued, paid
/// and failed totals.
pub async fn batches(state: &AppState, caller: &Caller, month: Month) -> AppResult<Vec<PayrollBatch>> {
    let p = caller.staff_with(&[Role::CountyClerk, Role::LeagueFundOfficer, Role::Auditor])?;
    let like = format!("{}%", p.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM payroll_batches WHERE month = $1 AND county_code LIKE $2 ORDER BY id")
        .bind(month.0)
        .bind(like)
        .fetch_all(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let mut out = Vec::new();
    for id in ids {
        out.extend(batch(&state.db, &id).await?);
    }
    Ok(out)
}

/// The county clerk's or the fund officer's place for a step, checked.
pub fn place_for(caller: &Caller, role: Role, code: &str) -> AppResult<DivisionCode> {
    let p = caller.staff_with(&[role])?;
    let place = DivisionCode::parse(code.trim()).map_err(|e| AppError::invalid(e.to_string()))?;
    if !p.covers(&place) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能办理本辖区的待遇发放"));
    }
    Ok(place)
}

fn month_of(text: &str) -> AppResult<Month> {
    Month::parse(text).ok_or_else(|| AppError::invalid("月份的写法如：2026-12"))
}

/// Step 1 by a county clerk of the county (page and API).
pub async fn generate_by(state: &AppState, caller: &Caller, county: &str, month: &str) -> AppResult<PayrollBatch> {
    let county = place_for(caller, Role::CountyClerk, county)?;
    generate(&state.db, &county, month_of(month)?, state.today(), &caller.audit("", None)).await
}

/// The increase by a county clerk of the county.
pub async fn increase_by(state: &AppState, caller: &Caller, county: &str, month: &str) -> AppResult<(Yuan, i64, i64)> {
    let county = place_for(caller, Role::CountyClerk, county)?;
    increase(&state.db, &county, month_of(month)?, &caller.audit("", None)).await
}

/// Step 2 by a fund officer of the league.
pub async fn check_by(state: &AppState, caller: &Caller, league: &str, month: &str) -> AppResult<Vec<PayrollBatch>> {
    let league = place_for(caller, Role::LeagueFundOfficer, league)?;
    check(&state.db, &league, month_of(month)?, &caller.audit("", None)).await
}

/// Step 3 by a fund officer of the league.
pub async fn bank_file_by(state: &AppState, caller: &Caller, league: &str, month: &str, run: i64) -> AppResult<BankFileResult> {
    let league = place_for(caller, Role::LeagueFundOfficer, league)?;
    bank_file(&state.db, &league, month_of(month)?, run, &caller.audit("", None)).await
}

/// What a difference is explained with: at least a few words, at most 200
/// characters.
fn explanation_text(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.chars().count() < 4 || reason.chars().count() > 200 {
        return Err(AppError::invalid("请写明差异的原因（4–200 字），如：申领于上月发放数据生成前核准，本月起发"));
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

/// Step 4 by a fund officer: only items of their league are applied.
pub async fn import_returns_by(state: &AppState, caller: &Caller, file_name: &str, bytes: &[u8]) -> AppResult<ImportReport> {
    let officer = caller.staff_with(&[Role::LeagueFundOfficer])?;
    import_returns(&state.db, file_name, bytes, officer.jurisdiction.as_ref(), &caller.audit("", None)).await
}

/// Step 5 by a county clerk of the county.
pub async fn reissue_by(state: &AppState, caller: &Caller, county: &str, month: &str) -> AppResult<Option<PayrollBatch>> {
    let county = place_for(caller, Role::CountyClerk, county)?;
    reissue(&state.db, &county, month_of(month)?, &caller.audit("", None)).await
}

/// B7: next month's fund-use plan per county of the caller's jurisdiction:
/// what the payroll of `month` will pay if nothing changes (every active
/// pension from its first unpaid month to `month`), with the league total
/// as the last row (county `合计`).
pub async fn plan(state: &AppState, caller: &Caller, month: Month) -> AppResult<Vec<crate::model::FundPlanRow>> {
    let p = caller.staff_with(&[Role::CountyClerk, Role::LeagueFundOfficer, Role::Auditor])?;
    let like = format!("{}%", p.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    // The pensions due (with the months not yet paid), and the
    // deregistration settlements (D4) not yet in a payroll.
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT county_code, CAST(SUM(n) AS BIGINT), CAST(SUM(f) AS BIGINT) FROM \
         (SELECT county_code, COUNT(*) AS n, SUM(monthly_fen * ($1 - next_month + 1)) AS f FROM pensions \
          WHERE status = 'active' AND next_month <= $1 AND county_code LIKE $2 GROUP BY county_code \
          UNION ALL SELECT s.county_code, COUNT(*), SUM(s.total_fen) FROM settlements s WHERE s.total_fen > 0 AND s.county_code LIKE $2 \
          AND NOT EXISTS (SELECT 1 FROM payroll_items i WHERE i.case_id = s.case_id AND i.case_id IS NOT NULL) GROUP BY s.county_code) AS u \
         GROUP BY county_code ORDER BY county_code",
    )
    .bind(month.0)
    .bind(like)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let (people, fen) = rows.iter().fold((0, 0), |(n, f), r| (n + r.1, f + r.2));
    let row = |county: String, people: i64, fen: i64| crate::model::FundPlanRow { county, month: month.to_string(), recipients: people, amount: Yuan::from_fen(fen).to_string() };
    let mut out: Vec<_> = rows.into_iter().map(|(c, n, f)| row(c, n, f)).collect();
    out.push(row("合计".to_owned(), people, fen));
    Ok(out)
}
