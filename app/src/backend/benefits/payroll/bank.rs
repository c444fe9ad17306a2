//! The bank's part (B6): the funding transfer and the bank file, the
//! return file with each line's result, and failed lines paid again.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts, ts_micros};
use crate::backend::infra::db::Db;
use crate::backend::infra::imports::{self, FileInfo, ImportReport};
use crate::backend::{AppState, infra::audit, infra::exports};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::{BankFileResult, PayrollBatch};
use domain::audit::AuditEntry;
use domain::benefit::Month;
use domain::{DivisionCode, Role, Yuan};
use sqlx::Row;

use crate::backend::benefits::payroll::*;

/// Step 3: the league's bank file of `month` and `run`, of the county
/// batches that passed the check and are not sent yet: the first file of
/// the month, or a supplementary one (part 2, 3 …) for counties cleared
/// later. Nothing new to send: the latest file. With the batches still
/// held back by their check.
pub async fn bank_file(db: &Db, league: &DivisionCode, month: Month, run: i64, by: &AuditEntry) -> AppResult<BankFileResult> {
    let league = league_of(league)?;
    let states: Vec<(String, String)> =
        sqlx::query_as("SELECT id, state FROM payroll_batches WHERE league_code = $1 AND month = $2 AND run = $3 AND state <> 'void' ORDER BY id")
            .bind(league.as_str())
            .bind(month.0)
            .bind(run)
            .fetch_all(db.pool())
            .await?;
    let held_back: Vec<String> = states.iter().filter(|(_, s)| s == "generated").map(|(b, _)| b.clone()).collect();
    let ready: Vec<&String> = states.iter().filter(|(_, s)| s == "checked").map(|(b, _)| b).collect();
    let part: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(part), 0) AS BIGINT) FROM bank_files WHERE league_code = $1 AND month = $2 AND run = $3")
        .bind(league.as_str())
        .bind(month.0)
        .bind(run)
        .fetch_one(db.pool())
        .await?;
    if ready.is_empty() {
        if part > 0 {
            let id: String = sqlx::query_scalar("SELECT id FROM bank_files WHERE league_code = $1 AND month = $2 AND run = $3 AND part = $4")
                .bind(league.as_str())
                .bind(month.0)
                .bind(run)
                .bind(part)
                .fetch_one(db.pool())
                .await?;
            return Ok(BankFileResult { id, held_back });
        }
        return Err(match held_back.first() {
            Some(b) => AppError::invalid(msg::payroll_batch_not_checked(b)),
            None => AppError::invalid(msg::payroll_run_no_county_data(month, run)),
        });
    }
    let part = part + 1;
    let id = batch_id(&league, month, run, part);
    let columns: String = sqlx::query_scalar(
        "SELECT columns FROM bank_formats WHERE league_code IN ($1, 'default') ORDER BY CASE WHEN league_code = 'default' THEN 1 ELSE 0 END LIMIT 1",
    )
    .bind(league.as_str())
    .fetch_one(db.pool())
    .await?;
    let mut tx = db.begin_write().await?;
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
        let (n, fen, text): (i64, i64, String) = sqlx::query_as(&lines_of).bind(*batch).fetch_one(&mut *tx).await?;
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
    .await?;
    for batch in &ready {
        sqlx::query("UPDATE payroll_items SET status = 'sent' WHERE batch_id = $1 AND status = 'generated'").bind(*batch).execute(&mut *tx).await?;
        // Sent only if still checked: a batch voided meanwhile stays void
        // (and the transaction fails rather than send its lines).
        let sent = sqlx::query("UPDATE payroll_batches SET state = 'sent', bank_file = $1 WHERE id = $2 AND state = 'checked'")
            .bind(&id)
            .bind(*batch)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if sent == 0 {
            return Err(AppError::new(ErrorCode::Conflict, msg::payroll_batch_just_voided(batch)));
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
    tx.commit().await?;
    Ok(BankFileResult { id, held_back })
}

/// A column of the bank file as SQL text over `payroll_items`: money as
/// `Yuan` prints it (yuan with two decimals), the month as `Month`
/// does (YYYY-MM); a column the system does not know is left empty.
/// A payroll `month` column as `YYYY-MM`, in SQL.
pub(crate) const MONTH_TEXT: &str = "CAST(month / 12 AS TEXT) || '-' || CASE WHEN month % 12 < 9 THEN '0' ELSE '' END || CAST(month % 12 + 1 AS TEXT)";

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
pub(crate) const RETURNS: &str = "bank_returns";

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
    let mut tx = db.begin_write().await?;
    if let Some(batch_id) = imports::earlier(&mut tx, RETURNS, &file.sha256).await? {
        drop(tx);
        return imports::report_of(db, RETURNS, &batch_id, true).await;
    }
    sqlx::query("CREATE TEMP TABLE return_lines (line BIGINT NOT NULL, item TEXT NOT NULL, amount_fen BIGINT NOT NULL, status TEXT NOT NULL, failure TEXT)")
        .execute(&mut *tx)
        .await?;
    let stage = format!(
        "INSERT INTO return_lines SELECT CAST(j.value ->> 0 AS BIGINT), j.value ->> 1, CAST(j.value ->> 2 AS BIGINT), j.value ->> 3, \
         NULLIF(j.value ->> 4, '') FROM {}",
        db.json_rows(1)
    );
    for chunk in lines.chunks(50_000) {
        sqlx::query(&stage).bind(serde_json::to_string(chunk).map_err(AppError::internal)?).execute(&mut *tx).await?;
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
    .await?;
    let mut skip = Vec::new();
    for r in odd {
        let line: i64 = r.try_get("line")?;
        let wanted: String = r.try_get("status")?;
        let now: Option<String> = r.try_get("now")?;
        let league: Option<String> = r.try_get("league_code")?;
        let fen: Option<i64> = r.try_get("amount_fen")?;
        let given: i64 = r.try_get("given")?;
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
        sqlx::query(&drop_lines).bind(serde_json::to_string(chunk).map_err(AppError::internal)?).execute(&mut *tx).await?;
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
        balance = crate::backend::money::ledger::balance_sql("p.account_id", None)
    ))
    .bind(&report.batch_id)
    .bind(ts(now()))
    .execute(&mut *tx)
    .await?;
    // Paid lines stay live: `live` is left out of their SET, so the engine
    // does not touch the once-index for them; a failed line is no longer
    // live (the second run may pay that month).
    for (outcome, live) in [("paid", ""), ("failed", ", live = NULL")] {
        report.updated += sqlx::query(&format!(
            "UPDATE payroll_items SET status = r.status, failure = r.failure{live} FROM return_lines r \
             WHERE payroll_items.id = r.item AND payroll_items.status = 'sent' AND r.status = '{outcome}'"
        ))
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
    }
    sqlx::query("DROP TABLE return_lines").execute(&mut *tx).await?;
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
    tx.commit().await?;
    Ok(report)
}

/// Step 5: a county's second run of `month` for the failed items, with the
/// names and bank cards as they are now; `None` when nothing failed.
pub async fn reissue(db: &Db, county: &DivisionCode, month: Month, by: &AuditEntry) -> AppResult<Option<PayrollBatch>> {
    let county = county_of(county)?;
    let mut tx = db.begin_write().await?;
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id \
         WHERE b.county_code = $1 AND b.month = $2 AND i.status = 'failed'",
    )
    .bind(county.as_str())
    .bind(month.0)
    .fetch_one(&mut *tx)
    .await?;
    if failed == 0 {
        return Ok(None);
    }
    let run: i64 = sqlx::query_scalar("SELECT CAST(MAX(run) AS BIGINT) + 1 FROM payroll_batches WHERE county_code = $1 AND month = $2")
        .bind(county.as_str())
        .bind(month.0)
        .fetch_one(&mut *tx)
        .await?;
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
    .await?;
    // The failed items become `reissued` first, so that the new item is
    // the only live one of its pension and month.
    sqlx::query("CREATE TEMP TABLE reissued (pension_id TEXT, case_id TEXT, month BIGINT NOT NULL, amount_fen BIGINT NOT NULL, kind TEXT NOT NULL)")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO reissued SELECT i.pension_id, i.case_id, i.month, i.amount_fen, i.kind FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id \
         WHERE b.county_code = $1 AND b.month = $2 AND i.status = 'failed'",
    )
    .bind(county.as_str())
    .bind(month.0)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE payroll_items SET status = 'reissued' WHERE status = 'failed' AND batch_id IN \
         (SELECT id FROM payroll_batches WHERE county_code = $1 AND month = $2)",
    )
    .bind(county.as_str())
    .bind(month.0)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status, kind, id_number) \
         SELECT $1 || '-' || CAST(ROW_NUMBER() OVER (ORDER BY r.pension_id, r.month, r.kind) AS TEXT), $1, r.pension_id, r.month, r.amount_fen, \
         i.name, COALESCE(i.bank_card, ''), 'generated', r.kind, p.id_number FROM reissued r JOIN pensions p ON p.id = r.pension_id \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number",
    )
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    // A settlement (D4) is paid again to the payee's card as it is now.
    sqlx::query(
        "INSERT INTO payroll_items (id, batch_id, pension_id, case_id, month, amount_fen, name, bank_card, status, kind, id_number) \
         SELECT $1 || '-s' || CAST(ROW_NUMBER() OVER (ORDER BY r.case_id) AS TEXT), $1, NULL, r.case_id, r.month, r.amount_fen, s.payee_name, \
         s.bank_card, 'generated', r.kind, s.payee_id_number FROM reissued r JOIN settlements s ON s.case_id = r.case_id",
    )
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DROP TABLE reissued").execute(&mut *tx).await?;
    count_items(&mut tx, &id).await?;
    let mut entry = by.clone();
    entry.action = "payroll.reissue".into();
    entry.subject = Some(id.clone());
    entry.after = Some(report);
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    batch(db, &id).await
}

/// Step 3 by a fund officer of the league.
pub async fn bank_file_by(state: &AppState, caller: &Caller, league: &str, month: &str, run: i64) -> AppResult<BankFileResult> {
    let league = place_for(caller, Role::LeagueFundOfficer, league)?;
    bank_file(&state.db, &league, month_of(month)?, run, &caller.audit("", None)).await
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
