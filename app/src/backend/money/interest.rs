//! Interest on the personal accounts (A3): the year-end run over every
//! account of a closed year, in chunks, once; and interest to a date for a
//! pension, a settlement or a transfer.

use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::db::Db;
use crate::backend::{AppState, infra::audit, infra::reference};
use crate::error::{AppError, AppResult};
use crate::i18n::{Message, msg};
use chrono::{Datelike, NaiveDate};
use domain::Yuan;
use domain::audit::AuditEntry;
use domain::benefit::Month;
use domain::ledger::{self, Entry, EntryKind};

use crate::backend::money::ledger::*;

/// Why interest is brought up to a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InterestTo {
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
pub(crate) struct InterestDue {
    /// To post: (source, amount, date).
    pub postings: Vec<(String, Yuan, NaiveDate)>,
    /// All of it, posted now or held already by a later entry of the ledger.
    pub amount: Yuan,
    /// The rate used, for the form (`settlement-interest-note`).
    pub note: Message,
}

/// Interest owed to an account through month `through` on the entries
/// credited by its end: last year's, if the year-end run has not posted it
/// (it runs early in the year; earlier years are the run's record), then
/// `through`'s own year to that month, each only for the months not
/// settled already (`settled_through`). Interest a later entry holds
/// already (a late claim: the year-end interest of the year it became
/// eligible was posted long ago) is counted, not posted again.
pub(crate) async fn interest_due(
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
        let rate = reference::policy_on(&mut **tx, ledger::interest_date(y))
            .await?
            .interest_rate
            .ok_or_else(|| AppError::invalid(msg::interest_rate_missing_for_year(y)))?;
        let amount = ledger::interest_between(&basis, y, after, 12, rate);
        if amount.is_positive() {
            let on = ledger::interest_date(y);
            basis.push(Entry::new(EntryKind::Interest, amount, on));
            due.postings.push((interest_source(y, after), amount, on));
            due.amount = due.amount + amount;
        }
    }
    let (rate_year, rate) = rate_for(&mut **tx, year).await?;
    due.note = msg::settlement_interest_note(rate_year, (rate * domain::Decimal::from(100)).normalize(), year, month);
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
pub(crate) async fn interest_to_date(
    state: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account: &str,
    entries: &[Entry],
) -> AppResult<(Vec<(String, Yuan, NaiveDate)>, Message)> {
    let due = interest_due(state.today(), tx, account, entries, Month::of(state.today()), InterestTo::Close).await?;
    Ok((due.postings, due.note))
}

/// The interest entries this place posted for `year` before `before`
/// (`interest:…`; those carried in by a transfer are the other place's).
pub(crate) async fn posted_interest(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, year: i32, before: NaiveDate) -> AppResult<Vec<Entry>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT amount_fen, credited_on FROM account_entries WHERE account_id = $1 AND kind = 'interest' AND year = $2 \
         AND source LIKE 'interest:%' AND credited_on < $3",
    )
    .bind(account)
    .bind(i64::from(year))
    .bind(before.to_string())
    .fetch_all(&mut **tx)
    .await?;
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
pub(crate) async fn settled_through(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, year: i32, before: Option<NaiveDate>) -> AppResult<u32> {
    let last: Option<String> = sqlx::query_scalar(
        "SELECT MAX(credited_on) FROM account_entries WHERE account_id = $1 AND kind = 'interest' AND year = $2 AND source LIKE 'interest:%' \
         AND source NOT LIKE '%:to:%' AND credited_on < $3",
    )
    .bind(account)
    .bind(i64::from(year))
    .bind(before.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string()))
    .fetch_one(&mut **tx)
    .await?;
    last.map_or(Ok(0), |on| NaiveDate::parse_from_str(&on, "%Y-%m-%d").map(|d| d.month()).map_err(AppError::internal))
}

/// The whole stored amount (储存额) a pension starting in `first` is
/// determined on (B1, B4): every entry booked by `as_of` (corrections
/// whenever booked; never a drawing or a recovery, which come after), the
/// interest entries credited before `first`, and the interest owed to the
/// month before it (`interest_due`). The contribution years are those of
/// the same entries (`domain::ledger::contribution_years`).
pub(crate) struct StoredAmount {
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

pub(crate) async fn stored_amount(
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
    let due = interest_due(today, tx, account, &counted, through, InterestTo::Determine).await?;
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
pub(crate) fn interest_source(year: i32, after: u32) -> String {
    if after == 0 { format!("interest:{year}") } else { format!("interest:{year}:after:{after}") }
}

/// `entries` as interest sees them: an entry carried in by a transfer
/// whose old place paid interest through month `p` of year `y` earns, in
/// `y`, only after `p` — as if credited in month `p` (or its own month, if
/// later); in later years it earns in full. Identical entries are
/// interchangeable, so carried rows are matched by day and amount.
pub(crate) async fn interest_basis(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, entries: &[Entry]) -> AppResult<Vec<Entry>> {
    let carried: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT e.amount_fen, e.credited_on, t.interest_year, t.interest_through FROM account_entries e \
         JOIN transfers t ON t.id = substr(e.batch_id, 10) AND t.direction = 'in' \
         WHERE e.account_id = $1 AND e.batch_id LIKE 'transfer:%' AND t.interest_year IS NOT NULL AND t.interest_through IS NOT NULL",
    )
    .bind(account)
    .fetch_all(&mut **tx)
    .await?;
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
pub(crate) async fn rate_for<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, year: i32) -> AppResult<(i32, domain::Decimal)> {
    let rows = reference::policy_rows(ex).await?;
    rows.iter()
        .filter(|r| r.key == "interest.rate" && r.effective_from.year() <= year)
        .max_by_key(|r| r.effective_from)
        .and_then(|r| Some((r.effective_from.year(), r.value.parse().ok()?)))
        .ok_or_else(|| AppError::invalid(msg::interest_no_published_rate()))
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
        return Err(AppError::invalid(msg::interest_year_not_ended(year)));
    }
    let rate = reference::policy_on(db.pool(), year_end).await?.interest_rate.ok_or_else(|| AppError::invalid(msg::interest_rate_not_in_policy(year)))?;
    let source = interest_source(year, 0);
    let count = || async {
        // Over the primary key alone (kind, source), not the table.
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM account_entries WHERE kind = 'interest' AND (source = $1 OR source LIKE $1 || ':%')")
            .bind(&source)
            .fetch_one(db.pool())
            .await
            .map_err(AppError::internal)
    };
    let done: Option<String> = sqlx::query_scalar("SELECT rate FROM interest_runs WHERE year = $1").bind(year).fetch_optional(db.pool()).await?;
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
    let interest = ledger::interest_sql("weighted", rate).ok_or_else(|| AppError::invalid(msg::interest_rate_too_many_decimals(year, rate)))?;
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
    let mut conn = db.bulk_connection().await?;
    loop {
        let upper: Option<String> = sqlx::query_scalar("SELECT MAX(id) FROM (SELECT id FROM personal_accounts WHERE id > $1 ORDER BY id LIMIT $2) AS c")
            .bind(&last)
            .bind(chunk)
            .fetch_one(&mut *conn)
            .await?;
        let Some(upper) = upper else { break };
        let mut tx = db.begin_write_on(&mut conn).await?;
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
            .await?
            .rows_affected();
        tx.commit().await?;
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
    .await?;
    for account in reopened {
        let mut tx = db.begin_write().await?;
        let after = settled_through(&mut tx, &account, year, None).await?;
        if after == 0 || after >= 12 {
            continue;
        }
        let all = entries(&mut *tx, &account).await?;
        let basis = interest_basis(&mut tx, &account, &all).await?;
        let amount = ledger::interest_between(&basis, year, after, 12, rate);
        if amount.is_positive() {
            post(&mut tx, &account, &[("interest", interest_source(year, after), amount, year_end)]).await?;
            tx.commit().await?;
            posted_now += 1;
        }
    }
    let posted_total = count().await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("INSERT INTO interest_runs (year, rate, accounts_posted, finished_at) VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO NOTHING")
        .bind(year)
        .bind(rate.to_string())
        .bind(posted_total)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await?;
    let mut entry = by.clone();
    entry.action = "ledger.interest".into();
    entry.subject = Some(year.to_string());
    entry.after = Some(serde_json::json!({ "rate": rate.to_string(), "posted_now": posted_now, "posted_total": posted_total }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(InterestReport { year, rate: rate.to_string(), posted_now, posted_total, already_done: false })
}
