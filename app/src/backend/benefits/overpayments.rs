//! Overpayments (冒领, B12): months paid after a death or a loss of
//! eligibility, recovered in the order the procedure sets
//! (`domain::benefit::recovery`): first from what is left in the personal
//! account (a `recovery` ledger entry), then from the funeral grant (after
//! a death; the deregistration settlement pays the grant less what was
//! withheld), then by a refund order to the person or family; what is
//! not refunded is referred to the administrative department. Each step is
//! a row of `overpayment_steps`, never an edit.
//!
//! What was overpaid is derived, never stored: the pension's paid items
//! from the first month not due. What is left in the account is derived
//! too: the ledger balance before any monthly drawing less the account
//! part of every month that was due and paid (the drawings the bank's
//! returns booked are those same months, as far as the account held them).
//! The months not due are not drawings: they are recovered in full,
//! account part included, so their booked drawings are reversed (a new
//! entry dated as the drawing) before anything is taken from the account.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{local_time, now, ts_micros};
use crate::backend::{AppState, cases::engine as cases, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Arg, Key, Message, msg};
use crate::model::{OverpaymentStep, OverpaymentView};
use chrono::{Datelike, NaiveDate};
use domain::benefit::{self, Month};
use domain::{DivisionCode, DocumentNumber, Role, Yuan};
use sqlx::{Any, Row, Transaction};

/// Who works overpayments: the county's clerks.
const ROLES: &[Role] = &[Role::CountyClerk];

/// A recovery step, by its code ("—" for an unknown one).
pub(crate) fn step_label(step: &str) -> Arg {
    crate::names::or_text(crate::names::overpayment_step(step), "—")
}

/// The figures of one overpayment, read inside `tx`.
struct Figures {
    pension: String,
    account: String,
    ground: String,
    event_date: NaiveDate,
    contribution_years: i64,
    months: i64,
    overpaid: Yuan,
    recovered: Yuan,
    /// What is left in the account after the drawings of the months due.
    balance_left: Yuan,
    grant_withheld: Yuan,
    last_order: Option<Yuan>,
    referred: bool,
    seq: i64,
}

impl Figures {
    fn outstanding(&self) -> Yuan {
        self.overpaid - self.recovered
    }
}

async fn figures(tx: &mut Transaction<'_, Any>, id: &str) -> AppResult<Figures> {
    let row = sqlx::query(&format!(
        "SELECT o.pension_id, o.ground, o.event_date, o.from_month, p.account_id, p.account_fen, p.contribution_years, \
         (SELECT COUNT(*) FROM payroll_items i WHERE i.pension_id = p.id AND i.status = 'paid' AND i.month >= o.from_month) AS months, \
         (SELECT COALESCE(CAST(SUM(i.amount_fen) AS BIGINT), 0) FROM payroll_items i WHERE i.pension_id = p.id AND i.status = 'paid' AND i.month >= o.from_month) AS overpaid, \
         (SELECT COUNT(*) FROM payroll_items i WHERE i.pension_id = p.id AND i.status = 'paid' AND i.kind = 'monthly' AND i.month < o.from_month) AS due_months, \
         {} AS ledger \
         FROM overpayments o JOIN pensions p ON p.id = o.pension_id WHERE o.id = $1",
        crate::backend::money::ledger::balance_sql("p.account_id", Some("drawing"))
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::not_found(msg::overpayment_not_found()))?;
    let i = |c: &str| row.try_get::<i64, _>(c).map_err(AppError::internal);
    let s = |c: &str| row.try_get::<String, _>(c).map_err(AppError::internal);
    let steps: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT seq, step, amount_fen FROM overpayment_steps WHERE overpayment_id = $1 ORDER BY seq").bind(id).fetch_all(&mut **tx).await?;
    let sum = |kinds: &[&str]| Yuan::from_fen(steps.iter().filter(|s| kinds.contains(&s.1.as_str())).map(|s| s.2).sum());
    Ok(Figures {
        pension: s("pension_id")?,
        account: s("account_id")?,
        ground: s("ground")?,
        event_date: NaiveDate::parse_from_str(&s("event_date")?, "%Y-%m-%d").map_err(AppError::internal)?,
        contribution_years: i("contribution_years")?,
        months: i("months")?,
        overpaid: Yuan::from_fen(i("overpaid")?),
        recovered: sum(&["balance", "funeral_grant", "refund"]),
        balance_left: Yuan::from_fen(i("ledger")? - i("account_fen")? * i("due_months")?),
        grant_withheld: sum(&["funeral_grant"]),
        last_order: steps.iter().rev().find(|s| s.1 == "refund_order").map(|s| Yuan::from_fen(s.2)),
        referred: steps.iter().any(|s| s.1 == "referral"),
        seq: steps.last().map_or(0, |s| s.0),
    })
}

async fn add_step(tx: &mut Transaction<'_, Any>, id: &str, seq: i64, step: &str, amount: Yuan, note: Option<&str>, by: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO overpayment_steps (overpayment_id, seq, step, amount_fen, note, at, by_actor) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(seq)
        .bind(step)
        .bind(amount.fen())
        .bind(note)
        .bind(ts_micros(now()))
        .bind(by)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Takes what can be taken now, in order; a refund order for the rest.
/// Returns the refund ordered, if any.
async fn recover_in(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, by: &str) -> AppResult<Option<Yuan>> {
    sqlx::query(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
         SELECT e.account_id, 'drawing', e.source || ':back', -e.amount_fen, e.credited_on, e.year, NULL, $2 \
         FROM overpayments o JOIN pensions p ON p.id = o.pension_id \
         JOIN payroll_items i ON i.pension_id = o.pension_id AND i.month >= o.from_month AND i.status = 'paid' AND i.kind = 'monthly' \
         JOIN account_entries e ON e.account_id = p.account_id AND e.kind = 'drawing' AND e.source = 'drawing:' || i.id \
         WHERE o.id = $1 ON CONFLICT (account_id, kind, source) DO NOTHING",
    )
    .bind(id)
    .bind(crate::backend::infra::clock::ts(now()))
    .execute(&mut **tx)
    .await?;
    let f = figures(tx, id).await?;
    let grant = if f.ground == "death" {
        let policy = reference::policy_on(&mut **tx, f.event_date).await?;
        benefit::funeral_grant(f.contribution_years as u32, &policy) - f.grant_withheld
    } else {
        Yuan::ZERO
    };
    let r = benefit::recovery(f.outstanding(), f.balance_left, grant);
    let mut seq = f.seq;
    let today = state.today();
    if !r.from_balance.is_zero() {
        seq += 1;
        sqlx::query(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             VALUES ($1, 'recovery', $2, $3, $4, $5, NULL, $6)",
        )
        .bind(&f.account)
        .bind(format!("overpayment:{id}:{seq}"))
        .bind(-r.from_balance.fen())
        .bind(today.to_string())
        .bind(i64::from(today.year()))
        .bind(crate::backend::infra::clock::ts(now()))
        .execute(&mut **tx)
        .await?;
        add_step(tx, id, seq, "balance", r.from_balance, None, by).await?;
    }
    if !r.from_grant.is_zero() {
        seq += 1;
        add_step(tx, id, seq, "funeral_grant", r.from_grant, Some("注销结算时丧葬补助金按此数扣减"), by).await?;
    }
    // A new order only when more is owed than the last one said (months
    // paid later); refunds received do not call for a new order.
    if r.to_refund.is_positive() && f.last_order.is_none_or(|o| r.to_refund > o) {
        seq += 1;
        add_step(tx, id, seq, "refund_order", r.to_refund, None, by).await?;
        return Ok(Some(r.to_refund));
    }
    Ok(None)
}

/// Opens the overpayment of the pension of `person` after `ground`
/// (`death` or `ineligible`) on `event`, inside `tx` (with the stop), and
/// recovers what can be recovered at once. `None` when nothing was paid
/// for a month not due.
pub(crate) async fn open(
    state: &AppState,
    tx: &mut Transaction<'_, Any>,
    person: &DocumentNumber,
    ground: &str,
    event: NaiveDate,
    by: &str,
) -> AppResult<Option<(String, Option<Yuan>)>> {
    let pension: String = sqlx::query_scalar("SELECT id FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_one(&mut **tx)
        .await?;
    let from = benefit::unpaid_from(event);
    let paid: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_items WHERE pension_id = $1 AND status = 'paid' AND month >= $2")
        .bind(&pension)
        .bind(from.0)
        .fetch_one(&mut **tx)
        .await?;
    if paid == 0 {
        return Ok(None);
    }
    let id = format!("op-{pension}");
    let done = sqlx::query(
        "INSERT INTO overpayments (id, pension_id, ground, event_date, from_month, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (pension_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&pension)
    .bind(ground)
    .bind(event.to_string())
    .bind(from.0)
    .bind(ts_micros(now()))
    .bind(by)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::overpayment_already_recorded()));
    }
    let order = recover_in(state, tx, &id, by).await?;
    Ok(Some((id, order)))
}

/// Mails the refund order to the person's address on file (the family
/// reads it after a death).
pub(crate) async fn tell_refund(state: &AppState, person: &DocumentNumber, amount: Yuan) {
    crate::backend::infra::notices::mail_person(state, person, &msg::overpayment_refund_subject(), &msg::overpayment_refund_mail(amount)).await;
}

/// The overpayment `id` if the caller's county covers it, with the person.
async fn in_reach(state: &AppState, caller: &Caller, id: &str) -> AppResult<DocumentNumber> {
    let p = caller.staff_with(ROLES)?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT p.county_code, p.id_kind, p.id_number FROM overpayments o JOIN pensions p ON p.id = o.pension_id WHERE o.id = $1")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await?;
    let (county, kind, number) = row.ok_or_else(|| AppError::not_found(msg::overpayment_not_found()))?;
    if !DivisionCode::parse(&county).is_ok_and(|c| p.covers(&c)) {
        return Err(AppError::not_found(msg::overpayment_not_found()));
    }
    let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
    DocumentNumber::parse(kind, &number).map_err(AppError::internal)
}

/// The next step by a county clerk: `recover` (take again what can be
/// taken, after a later return file), `refund` (an amount received) or
/// `referral` (not refunded after the order).
pub async fn act(state: &AppState, caller: &Caller, id: &str, action: &str, amount: Option<&str>, note: &str) -> AppResult<OverpaymentView> {
    let person = in_reach(state, caller, id).await?;
    let by = caller.principal()?.account_id.clone();
    let mut tx = state.db.begin_write().await?;
    let f = figures(&mut tx, id).await?;
    let mut order = None;
    match action {
        "recover" => order = recover_in(state, &mut tx, id, &by).await?,
        "refund" => {
            let amount = amount
                .and_then(|a| Yuan::parse(a.trim()).ok())
                .filter(|a| a.is_positive())
                .ok_or_else(|| AppError::invalid(msg::overpayment_enter_refund_amount()))?;
            if amount > f.outstanding() {
                return Err(AppError::invalid(msg::overpayment_refund_exceeds_owed(f.outstanding())));
            }
            add_step(&mut tx, id, f.seq + 1, "refund", amount, Some(note.trim()).filter(|n| !n.is_empty()), &by).await?;
        }
        "referral" => {
            if f.last_order.is_none() || !f.outstanding().is_positive() {
                return Err(AppError::new(ErrorCode::Conflict, msg::overpayment_nothing_outstanding()));
            }
            if f.referred {
                return Err(AppError::new(ErrorCode::Conflict, msg::overpayment_already_referred()));
            }
            let note = cases::required(note, "移交说明", 300)?;
            add_step(&mut tx, id, f.seq + 1, "referral", f.outstanding(), Some(&note), &by).await?;
        }
        _ => return Err(AppError::invalid(msg::overpayment_invalid_action())),
    }
    let mut entry = caller.audit("overpayment.step", Some(id.to_owned()));
    entry.after = Some(serde_json::json!({ "action": action, "amount": amount }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    if let Some(amount) = order {
        tell_refund(state, &person, amount).await;
    }
    view(state, id).await
}

async fn view(state: &AppState, id: &str) -> AppResult<OverpaymentView> {
    let mut tx = state.db.pool().begin().await?;
    let f = figures(&mut tx, id).await?;
    let (name, kind, number): (String, String, String) = sqlx::query_as(
        "SELECT i.name, p.id_kind, p.id_number FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number WHERE p.id = $1",
    )
    .bind(&f.pension)
    .fetch_one(&mut *tx)
    .await?;
    let steps = sqlx::query("SELECT step, amount_fen, note, at FROM overpayment_steps WHERE overpayment_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            let step: String = r.try_get("step")?;
            Ok(OverpaymentStep {
                label: step_label(&step).text(crate::i18n::reader()),
                step,
                amount: Yuan::from_fen(r.try_get("amount_fen")?).to_string(),
                note: r.try_get("note")?,
                at: local_time(&r.try_get::<String, _>("at")?),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    tx.rollback().await?;
    let person = domain::DocumentKind::from_code(&kind).and_then(|k| DocumentNumber::parse(k, &number).ok()).map_or_else(|| "—".to_owned(), |d| d.masked());
    let outstanding = f.outstanding();
    Ok(OverpaymentView {
        id: id.to_owned(),
        name,
        person,
        ground_label: if f.ground == "death" { Message::Page(Key::DeregGroundDeath) } else { Message::Page(Key::PensionChangeGroundIneligible) }
            .text(crate::i18n::reader()),
        event_date: f.event_date.to_string(),
        from_month: Month::of(f.event_date).next().to_string(),
        months: f.months,
        overpaid: f.overpaid.to_string(),
        recovered: f.recovered.to_string(),
        outstanding: outstanding.to_string(),
        state_label: if !outstanding.is_positive() {
            "已追回"
        } else if f.referred {
            "已移交行政部门"
        } else if f.last_order.is_some() {
            "已责令退还"
        } else {
            "追回中"
        }
        .to_owned(),
        steps,
    })
}

/// The overpayments of the caller's county, newest first.
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<OverpaymentView>> {
    let p = caller.staff_with(ROLES)?;
    let like = format!("{}%", p.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT o.id FROM overpayments o JOIN pensions p ON p.id = o.pension_id WHERE p.county_code LIKE $1 ORDER BY o.opened_at DESC LIMIT 200",
    )
    .bind(like)
    .fetch_all(state.db.pool())
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(view(state, &id).await?);
    }
    let mut entry = caller.audit("overpayment.list", None);
    entry.after = Some(serde_json::json!({ "rows": out.len() }).to_string());
    let mut tx = state.db.begin_write().await?;
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(out)
}
