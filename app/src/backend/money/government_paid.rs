//! C4: the yearly list of insured people in a hardship group (the civil
//! affairs list, `lists::SPECIAL_GROUPS`) whose contribution the
//! government pays, at the lowest tier in force on 1 January of the year.
//! The list goes to the tax bureau; the money comes back in the payment
//! details (column 政府代缴) and is booked from there, so nothing is booked
//! twice. One row per person and year: generating again adds only people
//! who were not yet on that year's list (nothing new: refused with the
//! reason); one transaction, so a crash leaves no half list.
//!
//! File: CSV, UTF-8, `COLUMNS`.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::new_id;
use crate::backend::infra::db::{Arg, Db};
use crate::backend::{infra::audit, infra::exports, infra::reference};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use chrono::{Datelike, NaiveDate};
use domain::audit::AuditEntry;
use domain::{DivisionCode, DocumentKind, Yuan};

pub const COLUMNS: [&str; 7] = ["批次号", "证件类型", "证件号码", "姓名", "特殊群体", "缴费年度", "代缴金额"];

/// What a generation did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GovernmentPaidReport {
    pub batch_id: String,
    pub year: i32,
    pub listed: i64,
    /// Yuan, two decimals.
    pub total: String,
}

/// Lists the people of `within` (the officer's league; `None`: all) not yet
/// on the year's list.
pub async fn generate(db: &Db, year: i32, within: Option<&DivisionCode>, by: &AuditEntry) -> AppResult<GovernmentPaidReport> {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::invalid(msg::government_paid_year_invalid()))?;
    let policy = reference::policy_on(db.pool(), jan1).await?;
    let amount = *policy.tiers.first().ok_or_else(|| AppError::invalid(msg::government_paid_tiers_not_set()))?;
    let mut tx = db.begin_write().await?;
    let people: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.id_kind, a.id_number, i.name, g.group_name FROM special_groups g \
         JOIN personal_accounts a ON a.id_kind = g.id_kind AND a.id_number = g.id_number \
         JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
         WHERE i.village_code LIKE $1 \
         AND NOT EXISTS (SELECT 1 FROM government_paid p WHERE p.year = $2 AND p.account_id = a.id) \
         ORDER BY a.id_kind, a.id_number",
    )
    .bind(format!("{}%", within.map_or("", |j| j.as_str())))
    .bind(i64::from(year))
    .fetch_all(&mut *tx)
    .await?;
    if people.is_empty() {
        return Err(AppError::invalid(msg::government_paid_list_up_to_date(year)));
    }
    let batch_id = new_id();
    let mut csv = COLUMNS.join(",");
    csv.push('\n');
    let mut rows = Vec::with_capacity(people.len());
    for (account, kind, number, name, group) in &people {
        let label = DocumentKind::from_code(kind).map_or_else(|| kind.clone(), |k| k.label().to_owned());
        let f = exports::csv_cell;
        csv.push_str(&format!("{batch_id},{},{},{},{},{year},{amount}\n", f(&label), f(number), f(name), f(group)));
        rows.push(vec![Arg::Int(year.into()), account.clone().into(), group.clone().into(), Arg::Int(amount.fen()), batch_id.clone().into()]);
    }
    crate::backend::infra::db::insert_many(&mut tx, "government_paid (year, account_id, group_name, amount_fen, batch_id)", "", &rows).await?;
    let listed = people.len() as i64;
    let total = Yuan::from_fen(amount.fen() * listed);
    exports::save(&mut tx, "government_paid", &batch_id, within, &by.actor, (listed, 0), &csv).await?;
    let mut entry = by.clone();
    entry.action = "contribution.government_paid_list".into();
    entry.subject = Some(batch_id.clone());
    entry.after = Some(serde_json::json!({ "year": year, "listed": listed, "total": total.to_string() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(GovernmentPaidReport { batch_id, year, listed, total: total.to_string() })
}

/// A fund officer generates their league's list for this year or the next.
pub async fn generate_by(state: &crate::backend::AppState, caller: &Caller, year: i32) -> AppResult<GovernmentPaidReport> {
    let officer = caller.staff_with(&[domain::Role::LeagueFundOfficer])?;
    let this = state.today().year();
    if year != this && year != this + 1 {
        return Err(AppError::invalid(msg::government_paid_year_not_allowed(this, this + 1)));
    }
    generate(&state.db, year, officer.jurisdiction.as_ref(), &caller.audit("", None)).await
}
