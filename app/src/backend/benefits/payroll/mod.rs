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

pub mod bank;
pub mod check;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts, ts_micros};
use crate::backend::infra::db::Db;
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::PayrollBatch;
use domain::audit::AuditEntry;
use domain::benefit::Month;
use domain::{DivisionCode, DivisionLevel, Role, Yuan};
use sqlx::Row;

fn county_of(code: &DivisionCode) -> AppResult<DivisionCode> {
    code.at_level(DivisionLevel::County).ok_or_else(|| AppError::invalid(msg::payroll_specify_county()))
}

fn league_of(code: &DivisionCode) -> AppResult<DivisionCode> {
    code.at_level(DivisionLevel::League).ok_or_else(|| AppError::invalid(msg::payroll_specify_league()))
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
        .await?;
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
    .await?;
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
    .await?;
    Ok(())
}

/// Step 1: a county's payroll of `month` (run 1). A month is never
/// skipped: the county's previous month must have been sent to the bank
/// (an empty batch that passed the check counts as sent) before this one.
pub async fn generate(db: &Db, county: &DivisionCode, month: Month, today: chrono::NaiveDate, by: &AuditEntry) -> AppResult<PayrollBatch> {
    if county.level() != DivisionLevel::County {
        return Err(AppError::invalid(msg::payroll_generate_needs_county()));
    }
    if month > Month::of(today).next() {
        return Err(AppError::invalid(msg::payroll_at_most_next_month(Month::of(today).next())));
    }
    if let Some(b) = current(db, county, month, 1).await? {
        return Ok(b);
    }
    let last: Option<(String, i64, String)> =
        sqlx::query_as("SELECT id, month, state FROM payroll_batches WHERE county_code = $1 AND run = 1 AND state <> 'void' ORDER BY month DESC LIMIT 1")
            .bind(county.as_str())
            .fetch_optional(db.pool())
            .await?;
    if let Some((last_id, last, state)) = last {
        let last = Month(last);
        if last > month {
            return Err(AppError::new(ErrorCode::Conflict, msg::payroll_cannot_generate_earlier(last, month)));
        }
        if state != "sent" {
            return Err(AppError::new(ErrorCode::Conflict, msg::payroll_previous_batch_not_sent(last, last_id, month)));
        }
        if last.next() < month {
            return Err(AppError::invalid(msg::payroll_cannot_skip_month(last.next())));
        }
    }
    let voided: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_batches WHERE county_code = $1 AND month = $2 AND run = 1 AND state = 'void'")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(db.pool())
        .await?;
    let id = batch_id(county, month, 1, voided + 1);
    let mut tx = db.begin_write().await?;
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
    .await?;
    let from: Option<i64> = sqlx::query_scalar("SELECT MIN(next_month) FROM pensions WHERE county_code = $1 AND status = 'active' AND next_month <= $2")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(&mut *tx)
        .await?;
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
        .await?;
        sqlx::query("UPDATE pensions SET next_month = $1 WHERE county_code = $2 AND status = 'active' AND next_month <= $3")
            .bind(month.next().0)
            .bind(county.as_str())
            .bind(month.0)
            .execute(&mut *tx)
            .await?;
        let policy = crate::backend::infra::reference::policy_on(&mut *tx, month.first_day()).await?;
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
    .await?;
    count_items(&mut tx, &id).await?;
    let mut entry = by.clone();
    entry.action = "payroll.generate".into();
    entry.subject = Some(id.clone());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
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
    .await?;
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
    .await?;
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
    .await?;
    sqlx::query("UPDATE payroll_items SET amount_fen = amount_fen - withheld_fen WHERE batch_id = $1 AND month = $2 AND kind = 'monthly' AND withheld_fen > 0")
        .bind(batch)
        .bind(month.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!(
        "UPDATE pensions SET pending_fen = CASE WHEN pending_fen > 0 THEN 0 ELSE pending_fen + \
         (SELECT i.withheld_fen FROM payroll_items i WHERE i.batch_id = $1 AND i.month = $2 AND i.kind = 'monthly' AND i.pension_id = pensions.id) END \
         WHERE {this_month}"
    ))
    .bind(batch)
    .bind(month.0)
    .execute(&mut **tx)
    .await?;
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
        .await?;
    if let Some((delta, raised, skipped)) = done {
        return Ok((Yuan::from_fen(delta), raised, skipped));
    }
    let day = month.first_day();
    let now_basic = crate::backend::infra::reference::policy_on(db.pool(), day).await?.basic_pension_monthly;
    let before = crate::backend::infra::reference::policy_on(db.pool(), day.pred_opt().unwrap_or(day)).await?.basic_pension_monthly;
    let delta = now_basic - before;
    if !delta.is_positive() {
        return Err(AppError::invalid(msg::payroll_basic_pension_not_raised(month, before, day)));
    }
    let mut tx = db.begin_write().await?;
    let generated: Option<i64> = sqlx::query_scalar("SELECT MAX(month) FROM payroll_batches WHERE county_code = $1 AND month >= $2 AND state <> 'void'")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(&mut *tx)
        .await?;
    if let Some(m) = generated {
        return Err(AppError::new(ErrorCode::Conflict, msg::payroll_adjust_before_generation(Month(m), month)));
    }
    let eligible = "county_code = $1 AND status <> 'stopped' AND first_month < $2";
    let held = "no_increase_until IS NOT NULL AND no_increase_until >= $3";
    let skipped: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM pensions WHERE {eligible} AND {held}"))
        .bind(county.as_str())
        .bind(month.0)
        .bind(day.to_string())
        .fetch_one(&mut *tx)
        .await?;
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
    .await?;
    let raised = sqlx::query(&format!("UPDATE pensions SET basic_fen = basic_fen + $4, monthly_fen = monthly_fen + $4 WHERE {eligible} AND NOT ({held})"))
        .bind(county.as_str())
        .bind(month.0)
        .bind(day.to_string())
        .bind(delta.fen())
        .execute(&mut *tx)
        .await?
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
        .await?;
    let mut entry = by.clone();
    entry.action = "pension.increase".into();
    entry.subject = Some(format!("{county}-{month}"));
    entry.after = Some(serde_json::json!({ "delta": delta.to_string(), "raised": raised, "skipped": skipped }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok((delta, raised, skipped))
}

/// A batch of the fund officer's league that is not void nor sent, for an
/// explanation of its check.
async fn open_batch_of(db: &Db, officer_league: Option<&DivisionCode>, id: &str) -> AppResult<PayrollBatch> {
    let b = batch(db, id).await?.filter(|b| b.run == 1).ok_or_else(|| AppError::not_found(msg::payroll_batch_not_found()))?;
    let county = DivisionCode::parse(&b.county).map_err(AppError::internal)?;
    if !officer_league.is_none_or(|j| county.is_within(j)) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::payroll_only_own_league()));
    }
    if b.state != "generated" {
        return Err(AppError::new(ErrorCode::Conflict, msg::payroll_batch_no_explanation_needed(id, if b.state == "void" { "作废" } else { "通过比对" })));
    }
    Ok(b)
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
        .await?;
    let mut out = Vec::new();
    for id in ids {
        out.extend(batch(&state.db, &id).await?);
    }
    Ok(out)
}

/// The county clerk's or the fund officer's place for a step, checked.
pub fn place_for(caller: &Caller, role: Role, code: &str) -> AppResult<DivisionCode> {
    let p = caller.staff_with(&[role])?;
    let place = DivisionCode::parse(code.trim()).map_err(AppError::invalid)?;
    if !p.covers(&place) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::payroll_only_own_jurisdiction()));
    }
    Ok(place)
}

fn month_of(text: &str) -> AppResult<Month> {
    Month::parse(text).ok_or_else(|| AppError::invalid(msg::payroll_month_format_example()))
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
    .await?;
    let (people, fen) = rows.iter().fold((0, 0), |(n, f), r| (n + r.1, f + r.2));
    let row = |county: String, people: i64, fen: i64| crate::model::FundPlanRow {
        county,
        month: month.to_string(),
        recipients: people,
        amount: Yuan::from_fen(fen).to_string(),
    };
    let mut out: Vec<_> = rows.into_iter().map(|(c, n, f)| row(c, n, f)).collect();
    out.push(row("合计".to_owned(), people, fen));
    Ok(out)
}
