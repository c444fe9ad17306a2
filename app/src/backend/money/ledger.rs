//! Personal accounts (issue 5; A1–A6): the ledger as stored, the year-end
//! interest run, statements and their public verification. The arithmetic
//! is `domain::ledger`; this module reads and appends entries.
//!
//! The ledger is read from `ledger_entries` (migration 24): the entries
//! booked here (`account_entries`) and the tax vouchers (`tax_payments`),
//! each standing for its contribution entries. Entries are appended to
//! `account_entries`; vouchers only by the tax import.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, infra::audit, infra::reference};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::EntryRow;
use chrono::{Datelike, NaiveDate};
use domain::ledger::{self, Entry, EntryKind};
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
pub(crate) const VOUCHER_FEN: &str = "personal_fen + government_paid_fen + subsidy_fen + collective_fen + donation_fen";

/// The balance (in fen) of the account named by `account`, a column of an
/// outer query, leaving out entries of kind `except` (never a voucher's):
/// `ledger_entries` summed table by table, because SQLite does not push a
/// correlated condition into the view's compound query (it would read the
/// whole ledger for every outer row). A bound `account_id = $1` on the view
/// is pushed down by both engines.
pub(crate) fn balance_sql(account: &str, except: Option<&str>) -> String {
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
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let on: String = r.try_get("credited_on")?;
            Ok(Entry {
                kind: EntryKind::parse(&kind).ok_or_else(|| AppError::internal("unknown entry kind"))?,
                amount: Yuan::from_fen(r.try_get("amount_fen")?),
                credited_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(AppError::internal)?,
                year: r.try_get::<i64, _>("year")? as i32,
            })
        })
        .collect()
}

/// Appends entries (kind, source, amount, date) to an account; zero amounts
/// are skipped. A source already booked for the account is an error (the
/// primary key), never a second entry.
pub(crate) async fn post(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str, postings: &[(&str, String, Yuan, NaiveDate)]) -> AppResult<()> {
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
        .await?;
    }
    Ok(())
}

/// The balance of an account as stored (the sum of its entries).
pub(crate) async fn stored_balance(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account: &str) -> AppResult<Yuan> {
    let fen: i64 = sqlx::query_scalar("SELECT COALESCE(CAST(SUM(amount_fen) AS BIGINT), 0) FROM ledger_entries WHERE account_id = $1")
        .bind(account)
        .fetch_one(&mut **tx)
        .await?;
    Ok(Yuan::from_fen(fen))
}

pub(crate) fn entry_row(e: &Entry) -> EntryRow {
    EntryRow { date: e.credited_on.to_string(), kind: crate::i18n::for_reader(crate::names::entry_kind(e.kind)), amount: e.amount.to_string() }
}

/// The digest printed on a statement and shown by verification: over the
/// account, the year and every figure of it, so any edit changes it.
pub(crate) fn digest(account: &str, y: &ledger::YearSummary) -> String {
    let mut h = Sha256::new();
    h.update(format!("{account}|{}|{}|{}", y.year, y.opening.fen(), y.closing.fen()));
    for e in &y.entries {
        h.update(format!("|{}:{}:{}", e.credited_on, e.kind.code(), e.amount.fen()));
    }
    h.finalize().iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// C1: the tier the insured person chooses for this year or the next, from
/// the tiers in force. Sent to the tax bureau with the registration data.
pub async fn choose_tier(state: &AppState, caller: &Caller, year: i32, tier: &str) -> AppResult<()> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let today = state.today();
    if year != today.year() && year != today.year() + 1 {
        return Err(AppError::invalid(msg::ledger_tier_year_not_allowed(today.year(), today.year() + 1)));
    }
    let policy = reference::policy_on(state.db.pool(), today).await?;
    let tier = Yuan::parse(tier).ok().filter(|t| policy.is_tier(*t)).ok_or_else(|| {
        let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
        AppError::invalid(msg::ledger_tier_not_standard(tiers.join("、")))
    })?;
    let account = account_of(state.db.pool(), &person).await?.ok_or_else(|| AppError::invalid(msg::ledger_not_enrolled()))?;
    let mut tx = state.db.begin_write().await?;
    let before: Option<i64> = sqlx::query_scalar("SELECT tier_fen FROM contribution_choices WHERE account_id = $1 AND year = $2")
        .bind(&account)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
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
    .await?;
    let mut entry = caller.audit("contribution.choose_tier", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.before = before.map(|f| serde_json::json!({ "year": year, "tier": Yuan::from_fen(f).to_string() }).to_string());
    entry.after = Some(serde_json::json!({ "year": year, "tier": tier.to_string() }).to_string());
    audit::append(&mut tx, &entry).await?;
    crate::backend::money::registration::queue(&mut tx, &account, "changed", None).await?;
    tx.commit().await.map_err(AppError::internal)
}
