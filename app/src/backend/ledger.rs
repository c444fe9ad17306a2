//! Personal accounts (issue 5; A1–A6): the ledger as stored, the year-end
//! interest run, statements and their public verification. The arithmetic
//! is `domain::ledger`; this module reads and appends entries.
//!
//! The ledger is read from `ledger_entries` (migration 24): the entries
//! booked here (`account_entries`) and the tax vouchers (`tax_payments`),
//! each standing for its contribution entries. Entries are appended to
//! `account_entries`; vouchers only by the tax import.

use super::auth::{Caller, new_id, now, ts};
use super::db::Db;
use super::{AppState, audit, reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Lang;
use crate::model::{AccountView, EntryRow, StatementCheck, StatementYear};
use chrono::{Datelike, NaiveDate};
use domain::audit::AuditEntry;
use domain::ledger::{self, Entry, EntryKind};
use domain::benefit::Month;
use domain::{DocumentNumber, Yuan};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The person's personal account, if they are insured.
pub async fn account_of<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, person: &DocumentNumber) -> AppResult<Option<String>> {
    sqlx::query_scalar("SELECT id FROM personal_accounts WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(ex)
        .await
        .map_err(AppError::internal)
}

/// What a tax voucher (`tax_payments`) adds to its account in all: the sum
/// of the entries it stands for in `ledger_entries`.
const VOUCHER_FEN: &str = "personal_fen + government_paid_fen + subsidy_fen + collective_fen + donation_fen";

/// The balance (in fen) of the account named by `account`, a column of an
/// outer query, leaving out entries of kind `except` (never a voucher's):
/// `ledger_entries` summed table by table, because SQLite does not push a
/// correlated condition into the view's compound query (it would read the
/// whole ledger for every outer row). A bound `account_id = $1` on the view
/// is pushed down by both engines.
pub(super) fn balance_sql(account: &str, except: Option<&str>) -> String {
    let except = except.map_or(String::new(), |k| format!(" AND e.kind <> '{k}'"));
    format!(
        "((SELECT COALESCE(CAST(SUM(e.amount_fen) AS BIGINT), 0) FROM account_entries e WHERE e.account_id = {account}{except}) + \
         (SELECT COALESCE(CAST(SUM({VOUCHER_FEN}) AS BIGINT), 0) FROM tax_payments t WHERE t.account_id = {account} AND t.entries_apart IS NULL))"
    )
}

/// Every entry of an account, oldest first.
pub async fn entries<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, account: &str) -> AppResult<Vec<Entry>> {
    let rows = sqlx::query("SELECT kind, amount_fen, credited_on, year FROM ledger_entries WHERE account_id = $1 ORDER BY credited_on, kind")
        .bind(account)
        .fetch_all(ex)
        .await
        .map_err(AppError::internal)?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind").map_err(AppError::internal)?;
            let on: String = r.try_get("credited_on").map_err(AppError::internal)?;
            Ok(Entry {
                kind: EntryKind::parse(&kind).ok_or_else(|| AppError::internal("unknown entry kind"))?,
                amount: Yuan::from_fen(r.try_get("amount_fen").map_err(AppError::internal)?),
                credited_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(AppError::internal)?,
                year: r.try_get::<i64, _>("year").map_err(AppError::internal)? as i32,
            })
        })
        .collect()
}

/// Why interest is brought up to a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InterestTo {
    /// The account is closed (D4) or transferred out (T3) this month: the
    /// year's part is posted under the year-end run's key, so the run
    /// passes the account over.
    Close,
    /// A pension is determined whose first month follows (B1): the year's
    /// part is posted as `interest:{year}:to:{month}`, which the year-end
    /// run subtracts from the year's interest (`ledger::interest_less_posted`).
    Determine,
}

/// Interest owed to an account through month `through`.
#[derive(Debug, Clone, Default)]
pub(super) struct InterestDue {
    /// To post: (source, amount, date).
    pub postings: Vec<(String, Yuan, NaiveDate)>,
    /// All of it, posted now or held already by a later entry of the ledger.
    pub amount: Yuan,
    /// The rate used, for the form ("按 2025 年记账利率 …% 计息至 …").
    pub note: String,
}

/// Interest owed to an account through month `through` on the entries
/// credited by its end: last year's, if the year-end run has not posted it
/// (it runs early in the year; earlier years are the run's record), then
/// `through`'s own year to that month, each only for the months not
/// settled already (`settled_through`). Interest a later entry holds
/// already (a late claim: the year-end interest of the year it became
/// eligible was posted long ago) is counted, not posted again.
pub(super) async fn interest_due(
    db: &Db,
    today: NaiveDate,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account: &str,
    entries: &[Entry],
    through: Month,
    purpose: InterestTo,
) -> AppResult<InterestDue> {
    let end = through.next().first_day();
    let (year, month) = (end.pred_opt().unwrap_or(end).year(), end.pred_opt().unwrap_or(end).month());
    let credited: Vec<Entry> = entries.iter().filter(|e| e.credited_on < end).copied().collect();
    // What the interest is computed on: the entries, those carried in by a
    // transfer counted from the month after the old place's interest
    // (as the year-end run does: domain::ledger::months_earning_after).
    let mut basis = interest_basis(tx, account, &credited).await?;
    let mut due = InterestDue::default();
    let first_year = basis.iter().map(|e| e.credited_on.year()).min().unwrap_or(year);
    for y in first_year.max(year - 1)..year {
        let after = settled_through(tx, account, y, None).await?;
        if after >= 12 {
            continue;
        }
        let rate = reference::policy_on(db, ledger::interest_date(y))
            .await?
            .interest_rate
            .ok_or_else(|| AppError::invalid(format!("{y} 年度记账利率尚未录入，无法结算利息：请管理员先录入")))?;
        let amount = ledger::interest_between(&basis, y, after, 12, rate);
        if amount.is_positive() {
            let on = ledger::interest_date(y);
            basis.push(Entry::new(EntryKind::Interest, amount, on));
            due.postings.push((interest_source(y, after), amount, on));
            due.amount = due.amount + amount;
        }
    }
    let (rate_year, rate) = rate_for(db, year).await?;
    due.note = format!("按 {rate_year} 年记账利率 {}% 计息至 {year} 年 {month} 月", (rate * domain::Decimal::from(100)).normalize());
    // Months settled by a transfer out (the money left and came back) earn
    // by the transfer's rule; otherwise the year's interest to the month,
    // less what a determination posted.
    let after = settled_through(tx, account, year, Some(end)).await?;
    let amount = if after > 0 {
        ledger::interest_between(&basis, year, after, month, rate)
    } else {
        // This place's interest of the year (a determination's) earns
        // nothing this year: it is taken out of what earns and subtracted.
        let posted = posted_interest(tx, account, year, end).await?;
        let mut earning = basis.clone();
        for p in &posted {
            if let Some(i) = earning.iter().position(|e| e.kind == EntryKind::Interest && e.credited_on == p.credited_on && e.amount == p.amount) {
                earning.swap_remove(i);
            }
        }
        ledger::interest_less_posted(&earning, ledger::balance(&posted), year, month, rate)
    };
    if amount.is_positive() {
        due.amount = due.amount + amount;
        let held = purpose == InterestTo::Determine && settled_through(tx, account, year, None).await? >= month;
        if !held {
            let source = match purpose {
                InterestTo::Determine if month < 12 => format!("{}:to:{month}", interest_source(year, after)),
                _ => interest_source(year, after),
            };
            due.postings.push((source, amount, (end.pred_opt().unwrap_or(end)).min(today)));
        }
    }
    Ok(due)
}

/// Interest to date for an account closed (D4) or transferred out (T3)
/// this month: `interest_due` through this month.
pub(super) async fn interest_to_date(
    state: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account: &str,
    entries: &[Entry],
) -> AppResult<(Vec<(String, Yuan, NaiveDate)>, String)> {
    let due = interest_due(&state.db, state.today(), tx, account, entries, Month::of(state.today()), InterestTo::Close).await?;
    Ok((due.postings, due.note))
}

/// The interest entries this place posted for `year` before `before`
/// (`interest:…`; those carried in by a transfer are the other place's).
async fn posted_interest(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, year: i32, before: NaiveDate) -> AppResult<Vec<Entry>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT amount_fen, credited_on FROM account_entries WHERE account_id = $1 AND kind = 'interest' AND year = $2 \
         AND source LIKE 'interest:%' AND credited_on < $3",
    )
    .bind(account)
    .bind(i64::from(year))
    .bind(before.to_string())
    .fetch_all(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    rows.into_iter()
        .map(|(fen, on)| Ok(Entry::new(EntryKind::Interest, Yuan::from_fen(fen), NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(AppError::internal)?)))
        .collect()
}

/// The months of `year` whose interest the account has had, by entries
/// credited before `before` (all when `None`): the month of its latest
/// interest entry of the year (12 once the year-end run posted it; the
/// month it was closed when interest was paid to date at a transfer out),
/// 0 when none. Carried entries (a transfer's own sources) are the other
/// place's record, and a determination's interest to a month
/// (`…:to:{month}`) is subtracted by the year's rule instead: neither
/// counts.
async fn settled_through(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, year: i32, before: Option<NaiveDate>) -> AppResult<u32> {
    let last: Option<String> = sqlx::query_scalar(
        "SELECT MAX(credited_on) FROM account_entries WHERE account_id = $1 AND kind = 'interest' AND year = $2 AND source LIKE 'interest:%' \
         AND source NOT LIKE '%:to:%' AND credited_on < $3",
    )
    .bind(account)
    .bind(i64::from(year))
    .bind(before.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string()))
    .fetch_one(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    last.map_or(Ok(0), |on| NaiveDate::parse_from_str(&on, "%Y-%m-%d").map(|d| d.month()).map_err(AppError::internal))
}

/// The whole stored amount (储存额) a pension starting in `first` is
/// determined on (B1, B4): every entry booked by `as_of` (corrections
/// whenever booked; never a drawing or a recovery, which come after), the
/// interest entries credited before `first`, and the interest owed to the
/// month before it (`interest_due`). The contribution years are those of
/// the same entries (`domain::ledger::contribution_years`).
pub(super) struct StoredAmount {
    /// The entries' sum, interest to the month before `first` included.
    pub balance: Yuan,
    /// The interest to that month not yet in the ledger before `first`:
    /// part of `balance`.
    pub interest: Yuan,
    /// What posting that interest writes (the claim's approval does).
    pub postings: Vec<(String, Yuan, NaiveDate)>,
    /// The contribution years counted, ascending.
    pub years: Vec<i32>,
}

pub(super) async fn stored_amount(
    db: &Db,
    today: NaiveDate,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account: &str,
    first: Month,
    as_of: NaiveDate,
) -> AppResult<StoredAmount> {
    let all = entries(&mut **tx, account).await?;
    let start = first.first_day();
    let counted: Vec<Entry> = all
        .iter()
        .filter(|e| match e.kind {
            EntryKind::Interest => e.credited_on < start,
            EntryKind::Drawing | EntryKind::Recovery => false,
            EntryKind::Correction => true,
            _ => e.credited_on <= as_of,
        })
        .copied()
        .collect();
    // Before pension age (an estimate), the interest accrued to date.
    let through = first.prev().min(Month::of(today));
    let due = interest_due(db, today, tx, account, &counted, through, InterestTo::Determine).await?;
    Ok(StoredAmount {
        balance: ledger::balance(&counted) + due.amount,
        interest: due.amount,
        postings: due.postings,
        years: ledger::contribution_years(&counted).into_keys().collect(),
    })
}

/// The source of an interest entry for `year` from month `after + 1`:
/// `interest:{year}` for the whole year (the year-end run's key), and
/// `interest:{year}:after:{month}` for what is due after interest through
/// that month was paid at a transfer out (the account opened again).
fn interest_source(year: i32, after: u32) -> String {
    if after == 0 { format!("interest:{year}") } else { format!("interest:{year}:after:{after}") }
}

/// `entries` as interest sees them: an entry carried in by a transfer
/// whose old place paid interest through month `p` of year `y` earns, in
/// `y`, only after `p` — as if credited in month `p` (or its own month, if
/// later); in later years it earns in full. Identical entries are
/// interchangeable, so carried rows are matched by day and amount.
async fn interest_basis(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, entries: &[Entry]) -> AppResult<Vec<Entry>> {
    let carried: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT e.amount_fen, e.credited_on, t.interest_year, t.interest_through FROM account_entries e \
         JOIN transfers t ON t.id = substr(e.batch_id, 10) AND t.direction = 'in' \
         WHERE e.account_id = $1 AND e.batch_id LIKE 'transfer:%' AND t.interest_year IS NOT NULL AND t.interest_through IS NOT NULL",
    )
    .bind(account)
    .fetch_all(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    let mut basis = entries.to_vec();
    let mut used = vec![false; basis.len()];
    for (fen, on, year, paid) in carried {
        let on = NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(AppError::internal)?;
        let (year, paid) = (year as i32, paid as u32);
        let Some(i) = (0..basis.len()).find(|i| !used[*i] && basis[*i].credited_on == on && basis[*i].amount.fen() == fen) else { continue };
        used[i] = true;
        let month = if on.year() < year { 0 } else { on.month() };
        if on.year() <= year && paid > month && (1..=12).contains(&paid) {
            basis[i].credited_on = NaiveDate::from_ymd_opt(year, paid, 1).expect("a real month");
        }
    }
    Ok(basis)
}

/// The rate for interest to a month of `year`: the year's own once
/// published, else the latest published before it (stated on the form).
async fn rate_for(db: &Db, year: i32) -> AppResult<(i32, domain::Decimal)> {
    let rows = reference::policy_rows(db).await?;
    rows.iter()
        .filter(|r| r.key == "interest.rate" && r.effective_from.year() <= year)
        .max_by_key(|r| r.effective_from)
        .and_then(|r| Some((r.effective_from.year(), r.value.parse().ok()?)))
        .ok_or_else(|| AppError::invalid("没有已公布的记账利率，无法结算利息：请管理员先录入"))
}

/// Appends entries (kind, source, amount, date) to an account; zero amounts
/// are skipped. A source already booked for the account is an error (the
/// primary key), never a second entry.
pub(super) async fn post(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, postings: &[(&str, String, Yuan, NaiveDate)]) -> AppResult<()> {
    let at = ts(now());
    for (kind, source, amount, on) in postings {
        if amount.is_zero() {
            continue;
        }
        sqlx::query(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
        )
        .bind(account)
        .bind(*kind)
        .bind(source)
        .bind(amount.fen())
        .bind(on.to_string())
        .bind(i64::from(on.year()))
        .bind(&at)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    }
    Ok(())
}

/// The balance of an account as stored (the sum of its entries).
pub(super) async fn stored_balance(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str) -> AppResult<Yuan> {
    let fen: i64 = sqlx::query_scalar("SELECT COALESCE(CAST(SUM(amount_fen) AS BIGINT), 0) FROM ledger_entries WHERE account_id = $1")
        .bind(account)
        .fetch_one(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok(Yuan::from_fen(fen))
}

/// What the year-end interest run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterestReport {
    pub year: i32,
    pub rate: String,
    /// Interest entries written by this run (0 when the year was done).
    pub posted_now: u64,
    /// Interest entries of the year in total.
    pub posted_total: i64,
    pub already_done: bool,
}

/// Accounts per transaction of the interest run.
pub const INTEREST_CHUNK: i64 = 50_000;

/// Posts year-end interest for `year` to every account (A3), after the
/// year has closed, at the year's rate from the policy table. Idempotent
/// and crash-safe: each chunk of accounts commits on its own and an
/// account's interest entry for the year is unique, so a run killed half
/// way and started again posts every account exactly once.
pub async fn post_interest(db: &Db, year: i32, today: NaiveDate, chunk: i64, by: &AuditEntry) -> AppResult<InterestReport> {
    let year_end = ledger::interest_date(year);
    if today <= year_end {
        return Err(AppError::invalid(format!("{year} 年度尚未结束，年度结息须在次年办理")));
    }
    let rate = reference::policy_on(db, year_end)
        .await?
        .interest_rate
        .ok_or_else(|| AppError::invalid(format!("政策参数中没有 {year} 年度的记账利率，请管理员先录入")))?;
    let source = interest_source(year, 0);
    let count = || async {
        // Over the primary key alone (kind, source), not the table.
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM account_entries WHERE kind = 'interest' AND (source = $1 OR source LIKE $1 || ':%')")
            .bind(&source)
            .fetch_one(db.pool())
            .await
            .map_err(AppError::internal)
    };
    let done: Option<String> = sqlx::query_scalar("SELECT rate FROM interest_runs WHERE year = $1")
        .bind(year)
        .fetch_optional(db.pool())
        .await
        .map_err(AppError::internal)?;
    if let Some(rate) = done {
        return Ok(InterestReport { year, rate, posted_now: 0, posted_total: count().await?, already_done: true });
    }
    let (start, end) = (format!("{year}-01-01"), format!("{}-01-01", year + 1));
    let (date, booked_at) = (year_end.to_string(), ts(now()));
    // Σ amount × months earning (domain::ledger::months_earning), per
    // account, and the interest on it (domain::ledger::interest_sql),
    // posted by one statement per chunk. Chunks are ranges of account ids
    // (read from the accounts' primary key), so each aggregation reads only
    // its own range of entries. Entries carried in by a transfer this year
    // (batch `transfer:{id}`) earn only the months after those the old place
    // paid interest for (domain::ledger::months_earning_after), and nothing
    // for a year before the transfer's (the old place paid it); the lookups
    // run for those rows alone.
    // The tax vouchers (`ledger_entries`) are summed from `tax_payments`
    // directly, all their parts at once: one row a voucher.
    let month_of = |on: &str| format!("CASE WHEN {on} < $1 THEN 0 ELSE CAST(substr({on}, 6, 2) AS INTEGER) END");
    let month = month_of("credited_on");
    let paid = "(SELECT t.interest_through FROM transfers t WHERE t.id = substr(e.batch_id, 10) AND t.direction = 'in' AND t.interest_year = $7)";
    // Carried in by a transfer of a later year: the old place paid this
    // year's interest already.
    let later = "EXISTS (SELECT 1 FROM transfers t WHERE t.id = substr(e.batch_id, 10) AND t.direction = 'in' AND t.interest_year > $7)";
    // One test of the batch a row (most rows are not carried in).
    // The year's own interest entries (this place's, `interest:…`) earn
    // nothing this year: what a pension's determination posted early
    // (`…:to:{month}`) is subtracted from the year's interest instead
    // (domain::ledger::interest_less_posted).
    let own = "kind = 'interest' AND credited_on >= $1 AND source LIKE 'interest:%'";
    let weighted = format!(
        "CASE WHEN {own} THEN 0 WHEN batch_id LIKE 'transfer:%' THEN \
         CASE WHEN {later} THEN 0 WHEN {paid} > {month} THEN amount_fen * (12 - {paid}) ELSE amount_fen * (12 - {month}) END \
         ELSE amount_fen * (12 - {month}) END"
    );
    let voucher_month = month_of("deposited_on");
    let interest = ledger::interest_sql("weighted", rate)
        .ok_or_else(|| AppError::invalid(format!("{year} 年度记账利率 {rate} 的小数位过多，请管理员核对政策参数")))?;
    // The sum is taken in a query of its own and rounded outside it: the
    // rounding names its operand three times, and SQLite computed a SUM
    // written three times three times (measured: 2.33 s against 1.51 s for
    // the aggregation over 842,246 accounts).
    let sql = format!(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, booked_at) \
         SELECT account_id, 'interest', $5, interest, $6, $7, $8 FROM \
         (SELECT account_id, CAST({interest} AS BIGINT) - CAST(posted AS BIGINT) AS interest FROM \
          (SELECT account_id, SUM(weighted) AS weighted, SUM(posted) AS posted FROM \
           (SELECT account_id, SUM({weighted}) AS weighted, SUM(CASE WHEN {own} THEN amount_fen ELSE 0 END) AS posted FROM account_entries e \
            WHERE account_id > $3 AND account_id <= $4 AND credited_on < $2 GROUP BY account_id \
            UNION ALL \
            SELECT account_id, SUM(({VOUCHER_FEN}) * (12 - {voucher_month})), 0 \
            FROM tax_payments WHERE account_id > $3 AND account_id <= $4 AND deposited_on < $2 AND entries_apart IS NULL \
            GROUP BY account_id) AS parts GROUP BY account_id) AS s) AS w \
         WHERE interest <> 0 ON CONFLICT (account_id, kind, source) DO NOTHING"
    );
    let mut last = String::new();
    let mut posted_now = 0;
    let mut conn = db.bulk_connection().await.map_err(AppError::internal)?;
    loop {
        let upper: Option<String> = sqlx::query_scalar(
            "SELECT MAX(id) FROM (SELECT id FROM personal_accounts WHERE id > $1 ORDER BY id LIMIT $2) AS c",
        )
        .bind(&last)
        .bind(chunk)
        .fetch_one(db.pool())
        .await
        .map_err(AppError::internal)?;
        let Some(upper) = upper else { break };
        let mut tx = db.begin_write_on(&mut conn).await.map_err(AppError::internal)?;
        posted_now += sqlx::query(&sql)
            .bind(&start)
            .bind(&end)
            .bind(&last)
            .bind(&upper)
            .bind(&source)
            .bind(&date)
            .bind(i64::from(year))
            .bind(&booked_at)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?
            .rows_affected();
        tx.commit().await.map_err(AppError::internal)?;
        last = upper;
    }
    drop(conn);
    // Accounts transferred out this year and back again (T3): the statement
    // above passed them over (their `interest:{year}` was paid to date at
    // the transfer out); what is due for the months after is computed here,
    // one account at a time — a handful a year. Read from the transfers
    // (CROSS JOIN: SQLite's planner would otherwise scan every account, 1.2 s
    // for 842,246 of them, against 1 ms).
    let reopened: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT a.id FROM transfers t CROSS JOIN personal_accounts a CROSS JOIN account_entries e \
         WHERE t.direction = 'out' AND a.id_kind = t.id_kind AND a.id_number = t.id_number AND a.closed_on IS NULL \
         AND e.account_id = a.id AND e.kind = 'transfer_out' AND e.source = 'transfer:' || t.id || ':out' AND e.year = $1 ORDER BY a.id",
    )
    .bind(i64::from(year))
    .fetch_all(db.pool())
    .await
    .map_err(AppError::internal)?;
    for account in reopened {
        let mut tx = db.begin_write().await.map_err(AppError::internal)?;
        let after = settled_through(&mut tx, &account, year, None).await?;
        if after == 0 || after >= 12 {
            continue;
        }
        let all = entries(&mut *tx, &account).await?;
        let basis = interest_basis(&mut tx, &account, &all).await?;
        let amount = ledger::interest_between(&basis, year, after, 12, rate);
        if amount.is_positive() {
            post(&mut tx, &account, &[("interest", interest_source(year, after), amount, year_end)]).await?;
            tx.commit().await.map_err(AppError::internal)?;
            posted_now += 1;
        }
    }
    let posted_total = count().await?;
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    sqlx::query("INSERT INTO interest_runs (year, rate, accounts_posted, finished_at) VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO NOTHING")
        .bind(year)
        .bind(rate.to_string())
        .bind(posted_total)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let mut entry = by.clone();
    entry.action = "ledger.interest".into();
    entry.subject = Some(year.to_string());
    entry.after = Some(serde_json::json!({ "rate": rate.to_string(), "posted_now": posted_now, "posted_total": posted_total }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(InterestReport { year, rate: rate.to_string(), posted_now, posted_total, already_done: false })
}

fn entry_row(e: &Entry) -> EntryRow {
    EntryRow { date: e.credited_on.to_string(), kind: e.kind.label().to_owned(), amount: e.amount.to_string() }
}

/// The digest printed on a statement and shown by verification: over the
/// account, the year and every figure of it, so any edit changes it.
fn digest(account: &str, y: &ledger::YearSummary) -> String {
    let mut h = Sha256::new();
    h.update(format!("{account}|{}|{}|{}", y.year, y.opening.fen(), y.closing.fen()));
    for e in &y.entries {
        h.update(format!("|{}:{}:{}", e.credited_on, e.kind.code(), e.amount.fen()));
    }
    h.finalize().iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// The caller's account: balance, contribution years and a statement year
/// by year (A4). Every view is audited.
pub async fn my_account(state: &AppState, caller: &Caller) -> AppResult<AccountView> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(super::auth::forbidden)?.clone();
    let account = account_of(state.db.pool(), &person)
        .await?
        .ok_or_else(|| AppError::not_found("您还没有个人账户：参保登记审核通过后开立"))?;
    let name: String = sqlx::query_scalar("SELECT name FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_one(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let all = entries(state.db.pool(), &account).await?;
    let today = state.today();
    let mut years = Vec::new();
    for y in ledger::years(&all, today.year()) {
        let verification = issue(state, &account, &y, &name).await?;
        years.push(StatementYear {
            year: y.year,
            opening: y.opening.to_string(),
            entries: y.entries.iter().map(entry_row).collect(),
            interest: ledger::balance(y.entries.iter().filter(|e| e.kind == EntryKind::Interest)).to_string(),
            closing: y.closing.to_string(),
            digest: digest(&account, &y),
            verify_path: format!("/verify/{verification}"),
        });
    }
    let paid = ledger::contribution_years(&all);
    let opened: String = sqlx::query_scalar("SELECT opened_on FROM personal_accounts WHERE id = $1")
        .bind(&account)
        .fetch_one(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let enrolled = opened.get(..4).and_then(|y| y.parse().ok()).unwrap_or(today.year());
    let first = paid.keys().next().copied().unwrap_or(enrolled).min(enrolled);
    let paid_years = (first..=today.year())
        .map(|year| crate::model::PaidYear { year, credited_on: paid.get(&year).map(ToString::to_string) })
        .collect();
    let mut entry = caller.audit("account.view", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    audit::record(&state.db, entry).await?;
    Ok(AccountView {
        name_masked: mask_name(&name),
        document_masked: person.masked(),
        balance: ledger::balance(&all).to_string(),
        contribution_years: paid.len() as u32,
        issued_on: today.to_string(),
        paid_years,
        years,
    })
}

/// 张桂兰 → 张**; 巴特尔 → 巴**.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| format!("{first}{}", "*".repeat(chars.count().max(1))))
}

/// Records the statement of one year (once per content; the same content
/// again gets the same code) and returns the code its QR code links to.
/// Runs on its own task: a page render may drop this future half way.
async fn issue(state: &AppState, account: &str, y: &ledger::YearSummary, name: &str) -> AppResult<String> {
    let (db, account, digest, year, closing, name) =
        (state.db.clone(), account.to_owned(), digest(account, y), y.year, y.closing.fen(), mask_name(name));
    tokio::spawn(async move {
        let find = || async {
            sqlx::query_scalar::<_, String>("SELECT code FROM statements WHERE account_id = $1 AND year = $2 AND digest = $3")
                .bind(&account)
                .bind(year)
                .bind(&digest)
                .fetch_optional(db.pool())
                .await
                .map_err(AppError::internal)
        };
        if let Some(code) = find().await? {
            return Ok(code);
        }
        let code = new_id();
        sqlx::query(
            "INSERT INTO statements (code, account_id, year, digest, closing_fen, name_masked, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, year, digest) DO NOTHING",
        )
        .bind(&code)
        .bind(&account)
        .bind(year)
        .bind(&digest)
        .bind(closing)
        .bind(&name)
        .bind(ts(now()))
        .execute(db.pool())
        .await
        .map_err(AppError::internal)?;
        find().await?.ok_or_else(|| AppError::internal("statement not recorded"))
    })
    .await
    .map_err(AppError::internal)?
}

/// Public verification of a printed statement (A4): genuine when the code
/// exists and the ledger still gives the same figures for that year.
pub async fn verify(state: &AppState, code: &str) -> AppResult<StatementCheck> {
    let not_genuine = || AppError::new(ErrorCode::NotFound, "查无此对账单：该对账单不是本系统出具的，或二维码已被改动");
    if code.len() > 64 {
        return Err(not_genuine());
    }
    let row = sqlx::query("SELECT account_id, year, digest, closing_fen, name_masked, issued_at FROM statements WHERE code = $1")
        .bind(code)
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?
        .ok_or_else(not_genuine)?;
    let get = |c: &str| row.try_get::<String, _>(c).map_err(AppError::internal);
    let account = get("account_id")?;
    let year: i32 = row.try_get::<i64, _>("year").map_err(AppError::internal)? as i32;
    let stored_digest = get("digest")?;
    let all = entries(state.db.pool(), &account).await?;
    let current = ledger::years(&all, year).into_iter().find(|y| y.year == year);
    let still_current = current.is_some_and(|y| digest(&account, &y) == stored_digest);
    Ok(StatementCheck {
        issuer: "内蒙古自治区城乡居民基本养老保险经办机构".into(),
        year,
        name_masked: get("name_masked")?,
        closing: Yuan::from_fen(row.try_get("closing_fen").map_err(AppError::internal)?).to_string(),
        digest: stored_digest,
        issued_at: super::auth::local_time(&get("issued_at")?),
        still_current,
    })
}

/// The QR code of a statement: an SVG linking to its public verification
/// page.
pub async fn qr_svg(state: &AppState, code: &str) -> AppResult<String> {
    verify(state, code).await?;
    qr_svg_of(&format!("{}/verify/{code}", state.public_url))
}

/// A QR code of `text`, as SVG.
pub fn qr_svg_of(text: &str) -> AppResult<String> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(AppError::internal)?;
    Ok(qr.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).build())
}

/// C1: the tier the insured person chooses for this year or the next, from
/// the tiers in force. Sent to the tax bureau with the registration data.
pub async fn choose_tier(state: &AppState, caller: &Caller, year: i32, tier: &str) -> AppResult<()> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(super::auth::forbidden)?.clone();
    let today = state.today();
    if year != today.year() && year != today.year() + 1 {
        return Err(AppError::invalid(format!("只能选择 {} 年或 {} 年的缴费档次", today.year(), today.year() + 1)));
    }
    let policy = reference::policy_on(&state.db, today).await?;
    let tier = Yuan::parse(tier).ok().filter(|t| policy.is_tier(*t)).ok_or_else(|| {
        let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
        AppError::invalid(format!("缴费档次应为当前标准之一：{} 元/年", tiers.join("、")))
    })?;
    let account = account_of(state.db.pool(), &person).await?.ok_or_else(|| AppError::invalid("尚未参保：请先办理参保登记"))?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let before: Option<i64> = sqlx::query_scalar("SELECT tier_fen FROM contribution_choices WHERE account_id = $1 AND year = $2")
        .bind(&account)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    sqlx::query(
        "INSERT INTO contribution_choices (account_id, year, tier_fen, chosen_at, chosen_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (account_id, year) DO UPDATE SET tier_fen = excluded.tier_fen, chosen_at = excluded.chosen_at, chosen_by = excluded.chosen_by",
    )
    .bind(&account)
    .bind(i64::from(year))
    .bind(tier.fen())
    .bind(ts(now()))
    .bind(&p.account_id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    let mut entry = caller.audit("contribution.choose_tier", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.before = before.map(|f| serde_json::json!({ "year": year, "tier": Yuan::from_fen(f).to_string() }).to_string());
    entry.after = Some(serde_json::json!({ "year": year, "tier": tier.to_string() }).to_string());
    audit::append(&mut tx, &entry).await?;
    super::registration::queue(&mut tx, &account, "changed", None).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// What a statement mailing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailReport {
    pub sent: i64,
    /// Sent by an earlier run.
    pub sent_before: i64,
    /// `(masked address, reason)`: left for the next run.
    pub failed: Vec<(String, String)>,
}

/// A4: sends each insured person with an e-mail address on file their
/// statement of `year` (after that year's interest run): the year's
/// figures and the link that verifies them. One row per account and year
/// once the mail server accepted the message, so a second run sends
/// nothing again and a failed address is retried by the next run. A crash
/// between the server's acceptance and that row means that one person gets
/// the statement twice (never none).
pub async fn mail_statements(state: &AppState, year: i32, by: &AuditEntry) -> AppResult<MailReport> {
    let db = &state.db;
    let run: Option<i64> = sqlx::query_scalar("SELECT year FROM interest_runs WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(db.pool())
        .await
        .map_err(AppError::internal)?;
    if run.is_none() {
        return Err(AppError::invalid(format!("{year} 年度利息尚未记账：请先运行 interest --year {year}，再寄送对账单")));
    }
    let sent_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM statement_mailings WHERE year = $1")
        .bind(i64::from(year))
        .fetch_one(db.pool())
        .await
        .map_err(AppError::internal)?;
    // Each in the language they last signed in with (§4; Chinese if never).
    let people: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, i.name, r.email, COALESCE(u.lang, '') FROM personal_accounts a \
         JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
         JOIN registry_persons r ON r.id_kind = a.id_kind AND r.id_number = a.id_number \
         LEFT JOIN accounts u ON u.kind = 'resident' AND u.id_kind = a.id_kind AND u.id_number = a.id_number \
         WHERE r.email IS NOT NULL AND r.email <> '' AND r.death_date IS NULL \
         AND NOT EXISTS (SELECT 1 FROM statement_mailings m WHERE m.account_id = a.id AND m.year = $1) ORDER BY a.id",
    )
    .bind(i64::from(year))
    .fetch_all(db.pool())
    .await
    .map_err(AppError::internal)?;
    let mut report = MailReport { sent_before, ..MailReport::default() };
    for (account, name, email, lang) in people {
        let all = entries(db.pool(), &account).await?;
        let Some(y) = ledger::years(&all, year).into_iter().find(|y| y.year == year) else { continue };
        let code = issue(state, &account, &y, &name).await?;
        let interest = ledger::balance(y.entries.iter().filter(|e| e.kind == EntryKind::Interest));
        let credited = ledger::balance(y.entries.iter().filter(|e| e.kind != EntryKind::Interest));
        let (opening, closing, url) = (y.opening, y.closing, &state.public_url);
        let (subject, body) = match Lang::from_tag(&lang).unwrap_or_default() {
            Lang::Zh => (
                format!("{year} 年度养老保险个人账户对账单"),
                format!(
                    "{name}：\n\n您的城乡居民基本养老保险个人账户 {year} 年度对账单：\n\
                     年初余额 {opening} 元\n本年记入 {credited} 元\n本年利息 {interest} 元\n年末余额 {closing} 元\n\n\
                     核验真伪：{url}/verify/{code}\n查看明细、打印对账单：{url}/me/account\n\n\
                     如对账户记录有疑问，可登录后申请核查，或到乡镇（街道）经办窗口咨询。\n"
                ),
            ),
            Lang::MnMong => (
                format!("{year} ᠣᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠬᠦᠰᠦᠨᠦᠭ"),
                format!(
                    "{name} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\nᠲᠠᠨ ᠤ ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ {year} ᠣᠨ ᠤ ᠬᠦᠰᠦᠨᠦᠭ᠄\n\
                     ᠵᠢᠯ ᠦᠨ ᠡᠬᠢᠨ ᠦ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {opening} ᠶᠤᠸᠠᠨ\nᠡᠨᠡ ᠵᠢᠯ ᠣᠷᠣᠭᠰᠠᠨ {credited} ᠶᠤᠸᠠᠨ\nᠡᠨᠡ ᠵᠢᠯ ᠦᠨ ᠬᠦᠦ {interest} ᠶᠤᠸᠠᠨ\n\
                     ᠵᠢᠯ ᠦᠨ ᠡᠴᠦᠰ ᠦᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {closing} ᠶᠤᠸᠠᠨ\n\n\
                     ᠦᠨᠡᠨ ᠬᠤᠳᠠᠯ ᠢ ᠰᠢᠯᠭᠠᠬᠤ᠄ {url}/verify/{code}\nᠨᠠᠷᠢᠯᠢᠭ ᠢ ᠦᠵᠡᠬᠦ᠂ ᠬᠡᠪᠯᠡᠬᠦ᠄ {url}/me/account\n\n\
                     ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠳᠦ ᠡᠷᠬᠡᠯᠵᠡᠯ ᠲᠡᠢ ᠪᠣᠯ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ ᠰᠢᠯᠭᠠᠬᠤ ᠭᠣᠶᠣᠯᠲᠠ ᠲᠤᠰᠢᠶᠠᠬᠤ᠂ ᠡᠰᠡᠬᠦ ᠰᠤᠮᠤ ᠰᠢᠶᠠᠩ (ᠵᠡᠭᠡᠯᠢ) ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠯᠠᠪᠯᠠᠨ᠎ᠠ ᠤᠤ᠃\n"
                ),
            ),
        };
        match state.mail.send(&email, &subject, &body).await {
            Ok(()) => {
                sqlx::query("INSERT INTO statement_mailings (account_id, year, code, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, year) DO NOTHING")
                    .bind(&account)
                    .bind(i64::from(year))
                    .bind(&code)
                    .bind(ts(now()))
                    .execute(db.pool())
                    .await
                    .map_err(AppError::internal)?;
                report.sent += 1;
            }
            Err(e) => report.failed.push((domain::id_number::mask_email(&email), e.to_string())),
        }
    }
    let mut entry = by.clone();
    entry.action = "statement.mail".into();
    entry.after = Some(serde_json::json!({ "year": year, "sent": report.sent, "failed": report.failed.len() }).to_string());
    audit::record(db, entry).await?;
    Ok(report)
}
