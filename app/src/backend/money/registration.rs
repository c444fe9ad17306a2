//! Registration data for the tax bureau (C1, C5): what changed since the
//! last export (new insured people, changed details or tiers, stops),
//! validated, written as a file with a batch id.
//!
//! File: CSV, UTF-8, header `EXPORT_COLUMNS`; one line per person with
//! their current data; 原证件号码 is filled when the document number
//! changed (E5); 缴费档次 is the tier chosen for 缴费年度 (C1), or the
//! enrolment tier when none was chosen. A person has a line for the
//! current year and one for each later year they already chose a tier for.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::audit;
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use chrono::Datelike;
use domain::audit::AuditEntry;
use domain::{DivisionCode, DocumentKind, DocumentNumber, Yuan};
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;

pub const EXPORT_COLUMNS: [&str; 13] =
    ["批次号", "变更类型", "证件类型", "证件号码", "原证件号码", "姓名", "性别", "出生日期", "民族", "村(社区)代码", "联系电话", "缴费年度", "缴费档次"];

/// Queues a change of the account's registration data, in the caller's
/// transaction (so it is sent exactly when the change is committed).
pub async fn queue(tx: &mut Transaction<'_, Any>, account_id: &str, change: &str, old: Option<&DocumentNumber>) -> AppResult<()> {
    sqlx::query("INSERT INTO registration_changes (id, account_id, change, old_id_kind, old_id_number, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id())
        .bind(account_id)
        .bind(change)
        .bind(old.map(|d| d.kind().code()))
        .bind(old.map(|d| d.as_str().to_owned()))
        .bind(ts(now()))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The account of a person, inside a transaction.
pub async fn account_in(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<Option<String>> {
    sqlx::query_scalar("SELECT id FROM personal_accounts WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)
}

struct Pending {
    ids: Vec<String>,
    change: String,
    old: Option<String>,
    line: Vec<Option<String>>,
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExportReport {
    pub batch_id: String,
    pub exported: i64,
    /// People held back (still queued) with the reason, masked.
    pub held: Vec<(String, String)>,
}

/// Exports everything queued for people of `within` (the officer's league;
/// `None`: all). Refused when nothing is queued.
pub async fn export(db: &Db, year: i32, within: Option<&DivisionCode>, by: &AuditEntry) -> AppResult<ExportReport> {
    let mut tx = db.begin_write().await?;
    let prefix = format!("{}%", within.map_or("", |j| j.as_str()));
    let rows = sqlx::query(
        "SELECT c.id, c.account_id, c.change, c.old_id_kind, c.old_id_number, a.id_kind, a.id_number, i.name, i.sex, i.birth_date, \
         i.ethnicity, i.village_code, i.phone, i.tier \
         FROM registration_changes c JOIN personal_accounts a ON a.id = c.account_id \
         JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
         WHERE c.export_batch IS NULL AND i.village_code LIKE $1 ORDER BY c.at, c.id",
    )
    .bind(&prefix)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Err(AppError::invalid(msg::registration_no_changes_to_report()));
    }
    // Tiers chosen for this year or the next (C1), of the people queued.
    let mut chosen: BTreeMap<String, BTreeMap<i32, Yuan>> = BTreeMap::new();
    let choices: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT account_id, year, tier_fen FROM contribution_choices WHERE year >= $1 \
         AND account_id IN (SELECT account_id FROM registration_changes WHERE export_batch IS NULL)",
    )
    .bind(i64::from(year))
    .fetch_all(&mut *tx)
    .await?;
    for (account, y, fen) in choices {
        chosen.entry(account).or_default().insert(y as i32, Yuan::from_fen(fen));
    }
    // One line per person with their current data. A person new since the
    // last export is "new" whatever changed after; a changed number names
    // the first old number (the one the bureau knows).
    let mut people: BTreeMap<String, Pending> = BTreeMap::new();
    for r in &rows {
        let get = |c: &str| r.try_get::<Option<String>, _>(c).map_err(AppError::internal);
        let line = vec![
            get("id_kind")?,
            get("id_number")?,
            get("name")?,
            get("sex")?,
            get("birth_date")?,
            get("ethnicity")?,
            get("village_code")?,
            get("phone")?,
            get("tier")?,
        ];
        let change = get("change")?.unwrap_or_default();
        let old = get("old_id_number")?;
        let p = people.entry(r.try_get("account_id")?).or_insert_with(|| Pending { ids: Vec::new(), change: change.clone(), old: None, line: line.clone() });
        p.ids.push(r.try_get("id")?);
        if p.change != "new" {
            p.change = change;
            p.old = p.old.take().or(old);
        }
        p.line = line;
    }
    let batch_id = new_id();
    let mut csv = EXPORT_COLUMNS.join(",");
    csv.push('\n');
    let mut sent = Vec::new();
    let mut held = Vec::new();
    for (account, Pending { ids, change, old, line }) in &people {
        let s = |i: usize| line[i].clone().unwrap_or_default();
        let kind = DocumentKind::from_code(&s(0));
        let document = kind.and_then(|k| DocumentNumber::parse(k, &s(1)).ok());
        let problem = if document.is_none() {
            Some("证件号码不正确")
        } else if s(2).trim().is_empty() {
            Some("缺少姓名")
        } else if s(3).is_empty() || s(4).is_empty() || s(5).is_empty() {
            Some("缺少性别、出生日期或民族")
        } else if DivisionCode::parse(&s(6)).map(|d| d.level() != domain::DivisionLevel::Village).unwrap_or(true) {
            Some("村(社区)代码不正确")
        } else if Yuan::parse(&s(8)).map(|t| t <= Yuan::ZERO).unwrap_or(true) {
            Some("缺少缴费档次")
        } else {
            None
        };
        let masked = document.as_ref().map_or_else(|| domain::id_number::mask(&s(1), 2, 2), DocumentNumber::masked);
        if let Some(reason) = problem {
            held.push((masked, reason.to_owned()));
            continue;
        }
        let change_label = match change.as_str() {
            "new" => "新增",
            "stopped" => "停保",
            _ => "变更",
        };
        // A line for this year, and one for each later year with a tier chosen.
        let mut tiers = BTreeMap::from([(year, s(8))]);
        for (y, t) in chosen.get(account).into_iter().flatten() {
            tiers.insert(*y, t.to_string());
        }
        for (y, tier) in tiers {
            let fields = [
                batch_id.clone(),
                change_label.to_owned(),
                kind.map_or_else(String::new, |k| k.label().to_owned()),
                s(1),
                if change == "new" { String::new() } else { old.clone().unwrap_or_default() },
                s(2),
                if s(3) == "male" { "男".into() } else { "女".into() },
                s(4),
                s(5),
                s(6),
                s(7),
                y.to_string(),
                tier,
            ];
            csv.push_str(&fields.iter().map(|f| crate::backend::infra::exports::csv_field(f)).collect::<Vec<_>>().join(","));
            csv.push('\n');
        }
        sent.extend(ids.iter().cloned());
    }
    for chunk in sent.chunks(500) {
        let sql = format!(
            "UPDATE registration_changes SET export_batch = $1 WHERE id IN ({})",
            (2..chunk.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
        );
        let mut q = sqlx::query(&sql).bind(&batch_id);
        for id in chunk {
            q = q.bind(id);
        }
        q.execute(&mut *tx).await?;
    }
    let exported = people.len() as i64 - held.len() as i64;
    crate::backend::infra::exports::save(&mut tx, "registrations", &batch_id, within, &by.actor, (exported, held.len() as i64), &csv).await?;
    let mut entry = by.clone();
    entry.action = "tax.export_registrations".into();
    entry.subject = Some(batch_id.clone());
    entry.after = Some(serde_json::json!({ "exported": exported, "held": held.len(), "year": year }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(ExportReport { batch_id, exported, held })
}

/// A fund officer exports their league's queue (page and API).
pub async fn export_by(state: &crate::backend::AppState, caller: &Caller) -> AppResult<ExportReport> {
    let officer = caller.staff_with(&[domain::Role::LeagueFundOfficer])?;
    export(&state.db, state.today().year(), officer.jurisdiction.as_ref(), &caller.audit("", None)).await
}
