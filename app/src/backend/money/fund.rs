//! The league's fund books (F1, F2; 规程第八章): vouchers from the business
//! events, movements between the three bank accounts under their rules
//! (`domain::fund`), bank statements, reconciliation, the month-end check
//! that the income account is empty, and budget and final-account drafts.
//!
//! The posting run is a batch like the others: every voucher names the
//! event it books (`fund_vouchers.source`, unique) and is committed on its
//! own, so a second run, or a run after a crash, books only what is still
//! missing. The results of a bank file are booked as they arrive, each time
//! the difference between what the return files say so far and what is
//! already booked.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{china_day, now, ts};
use crate::backend::infra::db::Db;
use crate::backend::infra::imports::{self};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use chrono::NaiveDate;
use domain::audit::AuditEntry;
use domain::fund::{ACCOUNTS, Account, Line, Side, Voucher};
use domain::{DivisionCode, DivisionLevel, Role, Yuan};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// Who reads the books; only the fund officer writes them.
pub const READERS: &[Role] = &[Role::LeagueFundOfficer, Role::Auditor];

/// The league `code` names, within the caller's jurisdiction.
pub(crate) fn league_for(caller: &Caller, roles: &[Role], code: &str) -> AppResult<DivisionCode> {
    let p = caller.staff_with(roles)?;
    let place = DivisionCode::parse(code.trim()).map_err(AppError::invalid)?;
    let league = place.at_level(DivisionLevel::League).filter(|l| l == &place).ok_or_else(|| AppError::invalid(msg::fund_choose_league_city()))?;
    if !p.covers(&league) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::fund_own_league_city_only()));
    }
    Ok(league)
}

pub(crate) fn day_of(text: &str, what: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(msg::fund_date_format_example(what)))
}

/// Books `v` once under `source`; `false` when that event was booked before.
#[allow(clippy::too_many_arguments)]
async fn book(
    db: &Db,
    league: &str,
    on: NaiveDate,
    kind: &str,
    source: &str,
    origin: Option<&str>,
    memo: &str,
    v: &Voucher,
    by: &AuditEntry,
) -> AppResult<bool> {
    let id = format!("记-{league}-{}-{}", on.format("%Y%m%d"), &imports::sha256_hex(source.as_bytes())[..10]);
    let mut tx = db.begin_write().await?;
    let added = sqlx::query(
        "INSERT INTO fund_vouchers (id, league_code, booked_on, kind, source, origin, memo, total_fen, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(league)
    .bind(on.to_string())
    .bind(kind)
    .bind(source)
    .bind(origin)
    .bind(memo)
    .bind(v.total())
    .bind(ts(now()))
    .bind(&by.actor)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if added == 0 {
        return Ok(false);
    }
    for (i, l) in v.lines().iter().enumerate() {
        let (d, c) = if l.side == Side::Debit { (l.fen, 0) } else { (0, l.fen) };
        sqlx::query("INSERT INTO fund_entries (voucher_id, line, league_code, booked_on, account, debit_fen, credit_fen) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&id)
            .bind(i as i64 + 1)
            .bind(league)
            .bind(on.to_string())
            .bind(l.account.code())
            .bind(d)
            .bind(c)
            .execute(&mut *tx)
            .await?;
    }
    let mut entry = by.clone();
    entry.action = "fund.voucher".into();
    entry.subject = Some(id);
    entry.after = Some(serde_json::json!({ "kind": kind, "source": source, "total": Yuan::from_fen(v.total()).to_string() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(true)
}

fn voucher(lines: impl IntoIterator<Item = Line>) -> AppResult<Voucher> {
    Voucher::new(lines).map_err(AppError::invalid)
}

/// The posting run: vouchers for every business event not booked yet,
/// within `league` (all leagues when `None`). Returns how many were booked.
pub async fn post(db: &Db, league: Option<&DivisionCode>, today: NaiveDate, by: &AuditEntry) -> AppResult<i64> {
    let like = format!("{}%", league.map_or("", |l| l.as_str()));
    let mut booked = 0i64;
    let mut count = |added: bool| booked += i64::from(added);

    // Contributions: the tax bureau pays them into the special account
    // (规程: 保费收入全额划入财政专户), one voucher per import batch,
    // league and treasury deposit day.
    let tax = sqlx::query(
        "SELECT substr(i.village_code, 1, 4) AS league, t.deposited_on AS day, t.batch_id AS batch, COUNT(*) AS n, \
         CAST(SUM(t.personal_fen) AS BIGINT) AS personal, CAST(SUM(t.government_paid_fen + t.subsidy_fen) AS BIGINT) AS subsidies, \
         CAST(SUM(t.collective_fen + t.donation_fen) AS BIGINT) AS collective \
         FROM tax_payments t JOIN personal_accounts a ON a.id = t.account_id \
         JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
         WHERE i.village_code LIKE $1 GROUP BY substr(i.village_code, 1, 4), t.deposited_on, t.batch_id ORDER BY 2, 3, 1",
    )
    .bind(&like)
    .fetch_all(db.pool())
    .await?;
    for r in tax {
        let g = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let (l, day, batch) = (s("league")?, s("day")?, s("batch")?);
        let (p, sub, col) = (g("personal")?, g("subsidies")?, g("collective")?);
        let v = voucher([
            Line::debit(Account::Special, p + sub + col),
            Line::credit(Account::Contributions, p),
            Line::credit(Account::Subsidies, sub),
            Line::credit(Account::Collective, col),
        ]);
        let Ok(v) = v else { continue };
        let memo = format!("税务缴入国库 {} 笔（导入批次 {}）", g("n")?, &batch[..8.min(batch.len())]);
        count(book(db, &l, day_of(&day, "缴入国库日期")?, "contribution", &format!("tax:{batch}:{l}:{day}"), None, &memo, &v, by).await?);
    }

    // Transfers: the money a transfer in brings lands in the income
    // account; a transfer out is paid from the expenditure account.
    let transfers = sqlx::query(
        "SELECT id, direction, county_code, name, amount_fen, updated_at FROM transfers \
         WHERE amount_fen > 0 AND county_code LIKE $1 AND ((direction = 'in' AND status = 'completed') OR (direction = 'out' AND status IN ('funds_sent', 'completed'))) \
         ORDER BY updated_at, id",
    )
    .bind(&like)
    .fetch_all(db.pool())
    .await?;
    for r in transfers {
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let (id, direction, county) = (s("id")?, s("direction")?, s("county_code")?);
        let fen: i64 = r.try_get("amount_fen")?;
        let (kind, v, memo) = if direction == "in" {
            (
                "transfer_in",
                Voucher::movement(Account::TransferIn, Account::Income, fen),
                format!("转入 {} 的个人账户储存额", crate::backend::money::statements::mask_name(&s("name")?)),
            )
        } else {
            (
                "transfer_out",
                Voucher::movement(Account::Expenditure, Account::TransferOut, fen),
                format!("转出 {} 的个人账户储存额", crate::backend::money::statements::mask_name(&s("name")?)),
            )
        };
        let v = v.map_err(|e| AppError::internal(e.to_string()))?;
        let on = china_day(&s("updated_at")?)?;
        count(book(db, &county[..4], on, kind, &format!("{kind}:{id}"), None, &memo, &v, by).await?);
    }

    // Payroll: the league funds the paying bank from the expenditure
    // account when it sends the bank file (规程: 发放前从支出户划拨至代发银行).
    let files =
        sqlx::query("SELECT id, league_code, lines, funded_fen, funded_at FROM bank_files WHERE league_code LIKE $1 AND funded_fen > 0 ORDER BY funded_at, id")
            .bind(&like)
            .fetch_all(db.pool())
            .await?;
    for r in files {
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let (id, l) = (s("id")?, s("league_code")?);
        let fen: i64 = r.try_get("funded_fen")?;
        let lines: i64 = r.try_get("lines")?;
        let v = Voucher::movement(Account::Expenditure, Account::Clearing, fen).map_err(|e| AppError::internal(e.to_string()))?;
        let memo = format!("划拨代发银行：发放批次 {id}，{lines} 笔");
        count(book(db, &l, china_day(&s("funded_at")?)?, "payroll_funding", &format!("funding:{id}"), Some(&id), &memo, &v, by).await?);
    }

    // …and books the bank's results as its return files arrive: what was
    // paid as an expense, what failed back into the expenditure account
    // (原渠道退回). Each time only what is new since the last voucher.
    let results = sqlx::query(
        "SELECT b.bank_file AS file, MIN(b.league_code) AS league, MIN(f.funded_at) AS funded_at, \
         CAST(SUM(CASE WHEN i.status = 'paid' AND i.kind <> 'settlement' THEN i.amount_fen ELSE 0 END) AS BIGINT) AS benefits, \
         CAST(SUM(CASE WHEN i.status = 'paid' AND i.kind = 'settlement' THEN i.amount_fen ELSE 0 END) AS BIGINT) AS settlements, \
         CAST(SUM(CASE WHEN i.status IN ('failed', 'reissued') THEN i.amount_fen ELSE 0 END) AS BIGINT) AS returned \
         FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id JOIN bank_files f ON f.id = b.bank_file \
         WHERE b.league_code LIKE $1 GROUP BY b.bank_file ORDER BY 1",
    )
    .bind(&like)
    .fetch_all(db.pool())
    .await?;
    for r in results {
        let g = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
        let (file, l): (String, String) = (r.try_get("file")?, r.try_get("league")?);
        let now_known = [(Account::Benefits, g("benefits")?), (Account::Settlements, g("settlements")?), (Account::Expenditure, g("returned")?)];
        let booked_so_far: Vec<(String, i64)> = sqlx::query_as(
            "SELECT e.account, CAST(SUM(e.debit_fen) AS BIGINT) FROM fund_entries e JOIN fund_vouchers v ON v.id = e.voucher_id \
             WHERE v.origin = $1 AND v.kind = 'payroll_result' GROUP BY e.account",
        )
        .bind(&file)
        .fetch_all(db.pool())
        .await?;
        let before = |a: Account| booked_so_far.iter().find(|(c, _)| c == a.code()).map_or(0, |(_, f)| *f);
        let new: Vec<(Account, i64)> = now_known.iter().map(|(a, f)| (*a, f - before(*a))).collect();
        if new.iter().all(|(_, f)| *f == 0) {
            continue;
        }
        if new.iter().any(|(_, f)| *f < 0) {
            return Err(AppError::internal(format!("bank file {file}: results went back ({new:?})")));
        }
        let total: i64 = new.iter().map(|(_, f)| f).sum();
        let v = voucher(new.iter().map(|(a, f)| Line::debit(*a, *f)).chain([Line::credit(Account::Clearing, total)]))?;
        let source = format!("result:{file}:{}", now_known.iter().map(|(_, f)| f.to_string()).collect::<Vec<_>>().join(":"));
        let memo = format!("代发银行回盘：发放批次 {file}，支付 {}，退回 {}", Yuan::from_fen(new[0].1 + new[1].1), Yuan::from_fen(new[2].1));
        // Booked the day the books learn of them, never before the funding.
        let on = today.max(china_day(&r.try_get::<String, _>("funded_at")?)?);
        count(book(db, &l, on, "payroll_result", &source, Some(&file), &memo, &v, by).await?);
    }
    Ok(booked)
}

/// The posting run over the officer's league (page and API).
pub async fn post_by(state: &AppState, caller: &Caller, league: &str) -> AppResult<i64> {
    let league = league_for(caller, &[Role::LeagueFundOfficer], league)?;
    post(&state.db, Some(&league), state.today(), &caller.audit("", None)).await
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MovementForm {
    /// 盟市 (4 digits).
    pub league: String,
    /// The account the money leaves: `income`, `special`, `expenditure`,
    /// or `interest` (bank interest credited to `to`). Chinese names too.
    pub from: String,
    pub to: String,
    /// Yuan, e.g. "120000.00".
    pub amount: String,
    /// The bank's value date.
    pub date: String,
    /// The bank receipt number (回单号): books the movement once.
    pub reference: String,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VoucherDto {
    pub id: String,
    pub booked_on: String,
    pub kind: String,
    pub memo: String,
    pub total: String,
    pub lines: Vec<EntryDto>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EntryDto {
    pub account: String,
    pub account_label: String,
    /// Yuan; "0.00" on the other side.
    pub debit: String,
    pub credit: String,
}

/// What entering a movement did: waits for a second officer, or booked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MovementAnswer {
    /// `pending` (a second fund officer must enter the same receipt) or
    /// `booked`.
    pub status: String,
    pub message: String,
    pub voucher: Option<VoucherDto>,
}

/// F1: a movement between the league's accounts (划转, 拨付) or bank
/// interest, as its bank receipt shows it; refused when the accounts'
/// rules do not allow it. Two people (issue 33, item 11): it is booked
/// when a second fund officer has entered the same receipt with the same
/// figures; the first entry waits, different figures are refused with
/// both sides named. The same receipt again books nothing.
pub async fn move_funds(state: &AppState, caller: &Caller, form: &MovementForm) -> AppResult<MovementAnswer> {
    let league = league_for(caller, &[Role::LeagueFundOfficer], &form.league)?;
    let me = caller.principal()?.account_id.clone();
    let account = |t: &str, what: &str| Account::parse(t).ok_or_else(|| AppError::invalid(msg::fund_account_unknown(what, t.trim())));
    let (from, to) = (account(&form.from, "转出")?, account(&form.to, "转入")?);
    if !(from.is_bank() || from == Account::Interest) || !to.is_bank() {
        return Err(AppError::invalid(msg::fund_only_transfers_and_interest()));
    }
    let amount = Yuan::parse(&form.amount).map_err(|e| AppError::invalid(msg::fund_amount_error(e)))?;
    if !amount.is_positive() {
        return Err(AppError::invalid(msg::fund_amount_must_be_positive()));
    }
    let on = day_of(&form.date, "日期")?;
    if on > state.today() {
        return Err(AppError::invalid(msg::fund_date_in_future()));
    }
    let reference = form.reference.trim();
    if reference.is_empty() || reference.chars().count() > 40 {
        return Err(AppError::invalid(msg::fund_enter_bank_receipt_number()));
    }
    let memo = form.memo.trim();
    if memo.chars().count() > 100 {
        return Err(AppError::invalid(msg::fund_summary_too_long()));
    }
    let v = Voucher::movement(from, to, amount.fen()).map_err(AppError::invalid)?;
    let kind = if from == Account::Interest { "interest" } else { "movement" };
    let memo = if memo.is_empty() { format!("{} → {}", from.label(), to.label()) } else { memo.to_owned() };
    let source = format!("receipt:{league}:{reference}");
    let booked =
        |voucher: VoucherDto| MovementAnswer { status: "booked".into(), message: format!("已记账（凭证 {}）", voucher.id), voucher: Some(voucher) };
    let already: Option<String> = sqlx::query_scalar("SELECT id FROM fund_vouchers WHERE source = $1").bind(&source).fetch_optional(state.db.pool()).await?;
    if already.is_none() {
        // The other officer's entry of this receipt, if any.
        let other: Option<(String, String, String, i64, String)> = sqlx::query_as(
            "SELECT entered_by, from_account, to_account, amount_fen, booked_on FROM fund_movement_entries \
             WHERE league_code = $1 AND reference = $2 AND entered_by <> $3 ORDER BY entered_at LIMIT 1",
        )
        .bind(league.as_str())
        .bind(reference)
        .bind(&me)
        .fetch_optional(state.db.pool())
        .await?;
        match other {
            None => {
                let mut tx = state.db.begin_write().await?;
                sqlx::query(
                    "INSERT INTO fund_movement_entries (league_code, reference, entered_by, from_account, to_account, amount_fen, booked_on, memo, entered_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (league_code, reference, entered_by) DO UPDATE SET \
                     from_account = excluded.from_account, to_account = excluded.to_account, amount_fen = excluded.amount_fen, \
                     booked_on = excluded.booked_on, memo = excluded.memo, entered_at = excluded.entered_at",
                )
                .bind(league.as_str())
                .bind(reference)
                .bind(&me)
                .bind(from.code())
                .bind(to.code())
                .bind(amount.fen())
                .bind(on.to_string())
                .bind(&memo)
                .bind(crate::backend::infra::clock::ts(crate::backend::infra::clock::now()))
                .execute(&mut *tx)
                .await?;
                let mut entry = caller.audit("fund.movement_entered", Some(source.clone()));
                entry.after = Some(serde_json::json!({ "from": from.code(), "to": to.code(), "amount": amount.to_string(), "on": on.to_string() }).to_string());
                audit::append(&mut tx, &entry).await?;
                tx.commit().await?;
                return Ok(MovementAnswer {
                    status: "pending".into(),
                    message: format!("回单 {reference} 已录入，待另一位基金财务人员按同一回单复核录入后记账"),
                    voucher: None,
                });
            }
            Some((_, f, t, fen, day)) if (f.as_str(), t.as_str(), fen, day.as_str()) != (from.code(), to.code(), amount.fen(), on.to_string().as_str()) => {
                let label = |c: &str| Account::parse(c).map_or("—", |a| a.label());
                return Err(AppError::new(ErrorCode::Conflict, msg::fund_receipt_entry_mismatch(reference, label(&f), label(&t), Yuan::from_fen(fen), day)));
            }
            Some(_) => {}
        }
    }
    let by = caller.audit("", None);
    if !book(&state.db, league.as_str(), on, kind, &source, None, &memo, &v, &by).await? {
        // The receipt was booked before: the same movement is no error,
        // a different one under the same receipt is.
        let earlier = voucher_by_source(&state.db, &source).await?;
        let same = earlier.booked_on == on.to_string()
            && earlier.total == amount.to_string()
            && earlier.lines.iter().any(|l| l.account == to.code() && l.debit != "0.00")
            && earlier.lines.iter().any(|l| l.account == from.code() && l.credit != "0.00");
        if !same {
            return Err(AppError::new(ErrorCode::Conflict, msg::fund_receipt_already_booked(reference, earlier.id)));
        }
        return Ok(booked(earlier));
    }
    Ok(booked(voucher_by_source(&state.db, &source).await?))
}

async fn voucher_by_source(db: &Db, source: &str) -> AppResult<VoucherDto> {
    let id: String = sqlx::query_scalar("SELECT id FROM fund_vouchers WHERE source = $1").bind(source).fetch_one(db.pool()).await?;
    Ok(vouchers_where(db, "v.id = $1", &[&id]).await?.remove(0))
}

async fn vouchers_where(db: &Db, filter: &str, args: &[&str]) -> AppResult<Vec<VoucherDto>> {
    let sql = format!(
        "SELECT v.id, v.booked_on, v.kind, v.memo, v.total_fen, e.account, e.debit_fen, e.credit_fen FROM fund_vouchers v \
         JOIN fund_entries e ON e.voucher_id = v.id WHERE {filter} ORDER BY v.booked_on, v.id, e.line"
    );
    let mut q = sqlx::query(&sql);
    for a in args {
        q = q.bind(*a);
    }
    let rows = q.fetch_all(db.pool()).await?;
    let mut out: Vec<VoucherDto> = Vec::new();
    for r in rows {
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let g = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
        let id = s("id")?;
        if out.last().is_none_or(|v| v.id != id) {
            out.push(VoucherDto {
                id,
                booked_on: s("booked_on")?,
                kind: s("kind")?,
                memo: s("memo")?,
                total: Yuan::from_fen(g("total_fen")?).to_string(),
                lines: vec![],
            });
        }
        let account = s("account")?;
        let label = Account::parse(&account).map_or("", |a| a.label()).to_owned();
        let v = out.last_mut().expect("pushed above");
        v.lines.push(EntryDto {
            account,
            account_label: label,
            debit: Yuan::from_fen(g("debit_fen")?).to_string(),
            credit: Yuan::from_fen(g("credit_fen")?).to_string(),
        });
    }
    Ok(out)
}

/// The vouchers of a league between two days (both included).
pub async fn vouchers(state: &AppState, caller: &Caller, league: &str, from: &str, to: &str) -> AppResult<Vec<VoucherDto>> {
    let league = league_for(caller, READERS, league)?;
    let (from, to) = (day_of(from, "起始日期")?, day_of(to, "截止日期")?);
    vouchers_where(&state.db, "v.league_code = $1 AND v.booked_on >= $2 AND v.booked_on <= $3", &[league.as_str(), &from.to_string(), &to.to_string()]).await
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BalanceDto {
    pub account: String,
    pub label: String,
    pub debits: String,
    pub credits: String,
    /// On the side the account grows on (revenue: credit; else debit).
    pub balance: String,
}

/// Every account's totals and balance at the end of `on`, in fen.
pub(crate) async fn balances_at(db: &Db, league: &str, on: NaiveDate) -> AppResult<Vec<(Account, i64, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT account, CAST(SUM(debit_fen) AS BIGINT), CAST(SUM(credit_fen) AS BIGINT) FROM fund_entries \
         WHERE league_code = $1 AND booked_on <= $2 GROUP BY account",
    )
    .bind(league)
    .bind(on.to_string())
    .fetch_all(db.pool())
    .await?;
    Ok(ACCOUNTS.iter().map(|a| rows.iter().find(|r| r.0 == a.code()).map_or((*a, 0, 0), |r| (*a, r.1, r.2))).collect())
}

/// The trial balance at the end of a day: every account's debits,
/// credits and balance; the debits and credits of all accounts are equal.
pub async fn balances(state: &AppState, caller: &Caller, league: &str, on: &str) -> AppResult<Vec<BalanceDto>> {
    let league = league_for(caller, READERS, league)?;
    let rows = balances_at(&state.db, league.as_str(), day_of(on, "日期")?).await?;
    Ok(rows
        .into_iter()
        .map(|(a, d, c)| BalanceDto {
            account: a.code().into(),
            label: a.label().into(),
            debits: Yuan::from_fen(d).to_string(),
            credits: Yuan::from_fen(c).to_string(),
            balance: Yuan::from_fen(a.balance(d, c)).to_string(),
        })
        .collect())
}

/// Issue 36 §1: the league's text messages and mail by month, with what the
/// text messages cost; audited.
pub async fn message_costs(state: &AppState, caller: &Caller, league: &str) -> AppResult<Vec<crate::model::MessageCostRow>> {
    let league = league_for(caller, READERS, league)?;
    let rows = crate::backend::infra::outbox::monthly_costs(&state.db, league.as_str()).await?;
    crate::backend::infra::audit::record(&state.db, caller.audit("fund.message_costs", Some(league.as_str().to_owned()))).await?;
    Ok(rows)
}
