//! The fund's bank statements (F2): imported, matched against the
//! vouchers, the unmatched lines listed, and the draft reports.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::imports::{self, FileInfo};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::ImportReport;
use chrono::{Datelike, NaiveDate};
use domain::fund::{ACCOUNTS, Account, BANK_ACCOUNTS};
use domain::{Role, Yuan};
use serde::Serialize;

use crate::backend::money::fund::*;

pub const STATEMENT_COLUMNS: [&str; 6] = ["账户", "交易日期", "流水号", "收入", "支出", "摘要"];
pub(crate) const STATEMENT: &str = "bank_statement";

/// F2: a bank statement of the league's accounts (the special account's
/// from the finance department). Each line once by its bank reference: a
/// line seen before is unchanged; the same reference with other figures
/// is refused.
pub async fn import_statement(state: &AppState, caller: &Caller, league: &str, file_name: &str, bytes: &[u8]) -> AppResult<ImportReport> {
    let league = league_for(caller, &[Role::LeagueFundOfficer], league)?;
    let by = caller.audit("", None);
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    let file = FileInfo { kind: STATEMENT, file_name, sha256: format!("{}@{league}", imports::sha256_hex(bytes)), encoding };
    let mut report = imports::new_report(encoding, 0);
    let mut lines: Vec<(i64, Account, NaiveDate, String, i64, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let today = state.today();
    imports::for_each_line(&text, &STATEMENT_COLUMNS, |line, fields| {
        report.total += 1;
        let parsed = fields.and_then(|f| {
            if f.len() != STATEMENT_COLUMNS.len() {
                return Err(format!("应有 {} 列，实际 {} 列", STATEMENT_COLUMNS.len(), f.len()));
            }
            let account = Account::parse(&f[0]).filter(|a| a.is_bank()).ok_or("账户应为 收入户、财政专户 或 支出户")?;
            let day = NaiveDate::parse_from_str(f[1].trim(), "%Y-%m-%d").map_err(|_| "交易日期应为 年-月-日".to_owned())?;
            if day > today {
                return Err("交易日期晚于今天".into());
            }
            let reference = f[2].trim();
            if reference.is_empty() || reference.chars().count() > 40 {
                return Err("流水号不能为空，不超过 40 个字符".into());
            }
            let money = |t: &str, what: &str| if t.trim().is_empty() { Ok(0) } else { Yuan::parse(t).map(Yuan::fen).map_err(|e| format!("{what}：{e}")) };
            let (inflow, outflow) = (money(&f[3], "收入")?, money(&f[4], "支出")?);
            let amount = match (inflow, outflow) {
                (i, 0) if i > 0 => i,
                (0, o) if o > 0 => -o,
                _ => return Err("收入、支出须有且只有一项大于零".into()),
            };
            Ok((account, day, reference.to_owned(), amount, f[5].trim().chars().take(100).collect::<String>()))
        });
        match parsed {
            Ok((a, _, r, ..)) if !seen.insert((a, r.clone())) => report.rejected.push((line, format!("流水号 {r} 在文件中重复"))),
            Ok((a, d, r, amount, memo)) => lines.push((line, a, d, r, amount, memo)),
            Err(reason) => report.rejected.push((line, reason)),
        }
    })?;
    let mut tx = state.db.begin_write().await?;
    if let Some(batch_id) = imports::earlier(&mut tx, STATEMENT, &file.sha256).await? {
        drop(tx);
        return imports::report_of(&state.db, STATEMENT, &batch_id, true).await;
    }
    for (line, account, day, reference, amount, memo) in &lines {
        let earlier: Option<(String, i64)> =
            sqlx::query_as("SELECT booked_on, amount_fen FROM fund_statement_lines WHERE league_code = $1 AND account = $2 AND reference = $3")
                .bind(league.as_str())
                .bind(account.code())
                .bind(reference)
                .fetch_optional(&mut *tx)
                .await?;
        match earlier {
            Some((d, a)) if d == day.to_string() && a == *amount => report.unchanged += 1,
            Some(_) => report.rejected.push((*line, format!("流水号 {reference} 已导入，日期或金额不同：请银行核实"))),
            None => {
                sqlx::query(
                    "INSERT INTO fund_statement_lines (league_code, account, reference, booked_on, amount_fen, memo, batch_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(league.as_str())
                .bind(account.code())
                .bind(reference)
                .bind(day.to_string())
                .bind(amount)
                .bind(memo)
                .bind(&report.batch_id)
                .execute(&mut *tx)
                .await?;
                report.added += 1;
            }
        }
    }
    report.rejected.sort();
    imports::record(&mut tx, &file, &by.actor, &report).await?;
    let mut entry = by;
    entry.action = "fund.import_statement".into();
    entry.subject = Some(report.batch_id.clone());
    entry.after = Some(
        serde_json::json!({ "file": file_name, "league": league.as_str(), "lines": report.total, "added": report.added,
        "rejected": report.rejected.len() })
        .to_string(),
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(report)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Reconciliation {
    pub league: String,
    pub from: String,
    pub to: String,
    pub accounts: Vec<AccountReconciliation>,
    /// Problems in words: every unmatched line, balance difference, and
    /// (month end) an income account that is not empty. Empty: 账实相符.
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountReconciliation {
    pub account: String,
    pub label: String,
    /// Balances at the end of `to`, in the books and at the bank.
    pub book_balance: String,
    pub bank_balance: String,
    /// Lines in the books with no equal line (day and amount) at the bank.
    pub only_in_books: Vec<Unmatched>,
    /// Lines at the bank with no equal line in the books.
    pub only_at_bank: Vec<Unmatched>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Unmatched {
    pub day: String,
    /// Yuan, money in positive.
    pub amount: String,
    /// The voucher id, or the bank's reference.
    pub reference: String,
    pub memo: String,
}

/// F2: daily (`from` = `to`) or monthly reconciliation of the three bank
/// accounts against the imported statements: lines matched by day and
/// amount, the rest listed on both sides, balances compared; for a period
/// ending on a month's last day, the income account must be empty.
pub async fn reconcile(state: &AppState, caller: &Caller, league: &str, from: &str, to: &str) -> AppResult<Reconciliation> {
    let league = league_for(caller, READERS, league)?;
    let (from, to) = (day_of(from, "起始日期")?, day_of(to, "截止日期")?);
    if from > to || (to - from).num_days() > 366 {
        return Err(AppError::invalid(msg::fund_reconciliation_period_invalid()));
    }
    let db = &state.db;
    let l = league.as_str();
    let books = balances_at(db, l, to).await?;
    let mut accounts = Vec::new();
    let mut findings = Vec::new();
    for account in BANK_ACCOUNTS {
        let lines = |sql: &'static str| async move {
            sqlx::query_as::<_, (String, i64, String, String)>(sql)
                .bind(l)
                .bind(account.code())
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_all(db.pool())
                .await
                .map_err(AppError::internal)
        };
        let ours = lines(
            "SELECT e.booked_on, e.debit_fen - e.credit_fen, v.id, v.memo FROM fund_entries e JOIN fund_vouchers v ON v.id = e.voucher_id \
             WHERE e.league_code = $1 AND e.account = $2 AND e.booked_on >= $3 AND e.booked_on <= $4 ORDER BY e.booked_on, v.id",
        )
        .await?;
        let theirs = lines(
            "SELECT booked_on, amount_fen, reference, memo FROM fund_statement_lines \
             WHERE league_code = $1 AND account = $2 AND booked_on >= $3 AND booked_on <= $4 ORDER BY booked_on, reference",
        )
        .await?;
        let bank_fen: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM fund_statement_lines WHERE league_code = $1 AND account = $2 AND booked_on <= $3",
        )
        .bind(l)
        .bind(account.code())
        .bind(to.to_string())
        .fetch_one(db.pool())
        .await?;
        let book_fen = books.iter().find(|b| b.0 == account).map_or(0, |b| b.1 - b.2);
        let (only_in_books, only_at_bank) = unmatched(&ours, &theirs);
        for u in &only_in_books {
            findings.push(format!("{}：{} 账上有 {} 元（{}），银行无", account.label(), u.day, u.amount, u.reference));
        }
        for u in &only_at_bank {
            findings.push(format!("{}：{} 银行有 {} 元（流水号 {}），账上无", account.label(), u.day, u.amount, u.reference));
        }
        if book_fen != bank_fen {
            findings.push(format!("{}：{to} 日终账面余额 {} 元，银行余额 {} 元", account.label(), Yuan::from_fen(book_fen), Yuan::from_fen(bank_fen)));
        }
        if account == Account::Income && (to + chrono::Duration::days(1)).day() == 1 && (book_fen != 0 || bank_fen != 0) {
            findings.push(format!("收入户月末应无余额：{to} 账面 {} 元，银行 {} 元，请划转财政专户", Yuan::from_fen(book_fen), Yuan::from_fen(bank_fen)));
        }
        accounts.push(AccountReconciliation {
            account: account.code().into(),
            label: account.label().into(),
            book_balance: Yuan::from_fen(book_fen).to_string(),
            bank_balance: Yuan::from_fen(bank_fen).to_string(),
            only_in_books,
            only_at_bank,
        });
    }
    let mut entry = caller.audit("fund.reconcile", Some(l.to_owned()));
    entry.after = Some(serde_json::json!({ "from": from.to_string(), "to": to.to_string(), "findings": findings.len() }).to_string());
    audit::record(db, entry).await?;
    Ok(Reconciliation { league: l.into(), from: from.to_string(), to: to.to_string(), accounts, findings })
}

/// Lines of the books and of the bank that have no partner on the other
/// side: partners have the same day and amount, each used once.
pub(crate) fn unmatched(ours: &[(String, i64, String, String)], theirs: &[(String, i64, String, String)]) -> (Vec<Unmatched>, Vec<Unmatched>) {
    let mut used = vec![false; theirs.len()];
    let show =
        |r: &(String, i64, String, String)| Unmatched { day: r.0.clone(), amount: Yuan::from_fen(r.1).to_string(), reference: r.2.clone(), memo: r.3.clone() };
    let mut only_ours = Vec::new();
    for o in ours {
        match theirs.iter().enumerate().position(|(i, t)| !used[i] && t.0 == o.0 && t.1 == o.1) {
            Some(i) => used[i] = true,
            None => only_ours.push(show(o)),
        }
    }
    let only_theirs = theirs.iter().zip(&used).filter(|(_, u)| !**u).map(|(t, _)| show(t)).collect();
    (only_ours, only_theirs)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DraftRow {
    /// 决算 (the year's actuals) or 预算 (the next year's draft).
    pub section: String,
    pub item: String,
    pub amount: String,
    /// How the figure was found.
    pub basis: String,
}

/// F2: the final-account draft of `year` (income and expenditure by item
/// from the books, the bank accounts' balances at the start and the end)
/// and the budget draft of the year after (from the pensions in payment and
/// the year's actuals), for the league's officers to complete and submit.
pub async fn drafts(state: &AppState, caller: &Caller, league: &str, year: i32) -> AppResult<Vec<DraftRow>> {
    let league = league_for(caller, READERS, league)?;
    if !(2000..=state.today().year()).contains(&year) {
        return Err(AppError::invalid(msg::fund_reconciliation_year_out_of_range(state.today().year())));
    }
    let l = league.as_str();
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("a real day");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a real day");
    let totals: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT account, CAST(SUM(debit_fen) AS BIGINT), CAST(SUM(credit_fen) AS BIGINT) FROM fund_entries \
         WHERE league_code = $1 AND booked_on >= $2 AND booked_on <= $3 GROUP BY account",
    )
    .bind(l)
    .bind(start.to_string())
    .bind(end.to_string())
    .fetch_all(state.db.pool())
    .await?;
    let of = |a: Account| totals.iter().find(|t| t.0 == a.code()).map_or(0, |t| a.balance(t.1, t.2));
    let row = |section: &str, item: String, fen: i64, basis: String| DraftRow { section: section.into(), item, amount: Yuan::from_fen(fen).to_string(), basis };
    let mut out = Vec::new();
    let opening = balances_at(&state.db, l, start.pred_opt().expect("a real day")).await?;
    let closing = balances_at(&state.db, l, end).await?;
    let final_label = format!("{year} 年决算");
    for (a, d, c) in &opening {
        if a.is_bank() {
            out.push(row(&final_label, format!("{}年初余额", a.label()), a.balance(*d, *c), "账面余额".into()));
        }
    }
    let (revenue, expense): (Vec<Account>, Vec<Account>) = ACCOUNTS.iter().filter(|a| a.is_revenue() || a.is_expense()).partition(|a| a.is_revenue());
    for a in &revenue {
        out.push(row(&final_label, a.label().into(), of(*a), "本年凭证合计".into()));
    }
    out.push(row(&final_label, "收入合计".into(), revenue.iter().map(|a| of(*a)).sum(), "本年凭证合计".into()));
    for a in &expense {
        out.push(row(&final_label, a.label().into(), of(*a), "本年凭证合计".into()));
    }
    out.push(row(&final_label, "支出合计".into(), expense.iter().map(|a| of(*a)).sum(), "本年凭证合计".into()));
    for (a, d, c) in &closing {
        if a.is_bank() || *a == Account::Clearing {
            out.push(row(&final_label, format!("{}年末余额", a.label()), a.balance(*d, *c), "账面余额".into()));
        }
    }
    // The budget: benefits from the pensions in payment now; the rest as
    // this year's actuals.
    let next = format!("{} 年预算", year + 1);
    let (people, monthly): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(monthly_fen), 0) AS BIGINT) FROM pensions WHERE status = 'active' AND county_code LIKE $1")
            .bind(format!("{l}%"))
            .fetch_one(state.db.pool())
            .await?;
    for a in &revenue {
        out.push(row(&next, a.label().into(), of(*a), format!("按 {year} 年决算数")));
    }
    for a in &expense {
        if *a == Account::Benefits {
            out.push(row(&next, a.label().into(), monthly * 12, format!("在册领取待遇 {people} 人，月养老金合计 {} 元 × 12", Yuan::from_fen(monthly))));
        } else {
            out.push(row(&next, a.label().into(), of(*a), format!("按 {year} 年决算数")));
        }
    }
    let mut entry = caller.audit("fund.drafts", Some(l.to_owned()));
    entry.after = Some(serde_json::json!({ "year": year }).to_string());
    audit::record(&state.db, entry).await?;
    Ok(out)
}
