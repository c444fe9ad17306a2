//! Eligibility certification (领取资格认证, B9; 人社厅发〔2018〕107号): a
//! recipient is certified by data comparison (a registry record showing
//! them alive), by themselves (signed in with their passkey, confirming
//! on "我的养老金"), or with staff help at a kiosk or on a home visit. Each
//! certification is a row of `certifications`; a pension is due again
//! `certification.cycle_months` after the latest one (or after it was
//! determined). People due soon are warned by mail; a pension overdue is
//! suspended by the county's sweep, and any later certification resumes
//! it with the suspended months paid (B11).

use crate::backend::benefits::pensions::{self, Change, apply_change};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts_micros};
use crate::backend::infra::{audit, registry};
use crate::backend::{AppState, cases::engine as cases, infra::db::Db, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::i18n::{Arg, Joiner, Message};
use crate::model::ImportReport;
use crate::model::{CertificationRow, CertificationStatus};
use chrono::NaiveDate;
use domain::audit::AuditEntry;
use domain::message::Purpose;
use domain::{DivisionCode, DocumentKind, DocumentNumber, Role};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// The reason an overdue pension is suspended; a certification lifts
/// only this suspension.
pub const OVERDUE: &str = "超过认证周期未进行领取资格认证";

/// Staff who certify people with them (kiosk, home visit).
pub const ASSISTING: &[Role] = &[Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk];

/// How someone was certified, by its code ("—" for an unknown one).
pub(crate) fn method_label(method: &str) -> Arg {
    crate::names::or_text(crate::names::cert_method(method), "—")
}

fn date(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(AppError::internal)
}

/// The day a pension determined on `determined` and last certified on
/// `last` falls due.
fn due(determined: NaiveDate, last: Option<NaiveDate>, cycle_months: u32) -> NaiveDate {
    let from = last.map_or(determined, |l| l.max(determined));
    from.checked_add_months(chrono::Months::new(cycle_months)).unwrap_or(from)
}

/// Records a certification of `pension` on `on`, inside `tx`; the same
/// method on the same day again changes nothing. A pension suspended for
/// an overdue certification is resumed with the suspended months paid.
/// True when something was recorded.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record(
    tx: &mut Transaction<'_, Any>,
    pension: &str,
    method: &str,
    on: NaiveDate,
    source: &str,
    today: NaiveDate,
    by: &str,
    resume: bool,
) -> AppResult<bool> {
    let added = sqlx::query(
        "INSERT INTO certifications (id, pension_id, method, certified_on, source, at, by_actor) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (pension_id, method, certified_on) DO NOTHING",
    )
    .bind(format!("{pension}-{method}-{on}"))
    .bind(pension)
    .bind(method)
    .bind(on.to_string())
    .bind(source)
    .bind(ts_micros(now()))
    .bind(by)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0;
    // The latest certification, for the statistics (S1).
    sqlx::query("UPDATE pensions SET last_certified_on = $2 WHERE id = $1 AND (last_certified_on IS NULL OR last_certified_on < $2)")
        .bind(pension)
        .bind(on.to_string())
        .execute(&mut **tx)
        .await?;
    let row: (String, String, Option<String>) = sqlx::query_as("SELECT id_kind, id_number, status_reason FROM pensions WHERE id = $1 AND status = 'suspended'")
        .bind(pension)
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or_default();
    if resume && row.2.as_deref() == Some(OVERDUE) {
        let person = person_of(&row.0, &row.1)?;
        apply_change(tx, &person, Change::Resume { back_pay: true }, &format!("已认证（{}）", method_label(method).text(crate::i18n::Lang::Zh)), today, by)
            .await?;
    }
    Ok(added)
}

fn person_of(kind: &str, number: &str) -> AppResult<DocumentNumber> {
    let kind = DocumentKind::from_code(kind).ok_or_else(|| AppError::internal("bad document kind"))?;
    DocumentNumber::parse(kind, number).map_err(AppError::internal)
}

/// Data comparison: everyone with a pension whose record in a registry
/// file (`alive`: the person and the record's date, no death on it) shows
/// them alive is certified on the record's date, inside the import's
/// transaction. The number certified.
pub(crate) async fn from_registry(
    tx: &mut Transaction<'_, Any>,
    batch: &str,
    alive: &[(DocumentNumber, NaiveDate)],
    today: NaiveDate,
    by: &str,
) -> AppResult<u64> {
    if alive.is_empty() {
        return Ok(0);
    }
    let pensions: std::collections::HashMap<(String, String), String> =
        sqlx::query_as::<_, (String, String, String)>("SELECT id_kind, id_number, id FROM pensions WHERE status <> 'stopped'")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .map(|(k, n, id)| ((k, n), id))
            .collect();
    let mut n = 0;
    for (person, on) in alive {
        if let Some(pension) = pensions.get(&(person.kind().code().to_owned(), person.as_str().to_owned())) {
            n += u64::from(record(tx, pension, "data", (*on).min(today), &format!("registry:{batch}"), today, by, true).await?);
        }
    }
    Ok(n)
}

struct Due {
    pension: String,
    person: DocumentNumber,
    village: String,
    name: String,
    status: String,
    reason: Option<String>,
    last: Option<(NaiveDate, String)>,
    due_on: NaiveDate,
}

/// The pensions (not stopped) whose village code starts with `place` (and
/// of `person` only, if given), with their latest certification and due day.
async fn dues<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, place: &str, person: Option<&DocumentNumber>, cycle_months: u32) -> AppResult<Vec<Due>> {
    let rows: Vec<(String, String, String, String, String, String, Option<String>, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.id_kind, p.id_number, i.village_code, i.name, p.status, p.status_reason, p.determined_on, \
         (SELECT c.certified_on FROM certifications c WHERE c.pension_id = p.id ORDER BY c.certified_on DESC, c.at DESC LIMIT 1), \
         (SELECT c.method FROM certifications c WHERE c.pension_id = p.id ORDER BY c.certified_on DESC, c.at DESC LIMIT 1) \
         FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         WHERE p.status <> 'stopped' AND i.village_code LIKE $1 AND ($2 = '' OR (p.id_kind = $2 AND p.id_number = $3)) ORDER BY p.id",
    )
    .bind(format!("{place}%"))
    .bind(person.map_or("", |p| p.kind().code()))
    .bind(person.map_or("", |p| p.as_str()))
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|(pension, kind, number, village, name, status, reason, determined, last_on, last_method)| {
            let last = match (last_on, last_method) {
                (Some(on), Some(m)) => Some((date(&on)?, m)),
                _ => None,
            };
            Ok(Due {
                pension,
                person: person_of(&kind, &number)?,
                village,
                name,
                status,
                reason,
                due_on: due(date(&determined)?, last.as_ref().map(|l| l.0), cycle_months),
                last,
            })
        })
        .collect()
}

/// The county's sweep, as a clerk runs it (page, API) or the nightly job
/// (`certification-sweep`): warns by mail everyone due within the warning
/// days (once per due day) and suspends every active pension overdue.
/// Run again, it changes nothing. (warned, suspended).
pub async fn sweep(state: &AppState, county: &DivisionCode, by: &str) -> AppResult<(u64, u64)> {
    let today = state.today();
    let policy = reference::policy_on(state.db.pool(), today).await?;
    let warn_from = today + chrono::Days::new(u64::from(policy.certification_warn_days));
    let mut warned = 0;
    let mut suspended = 0;
    let mut to_mail = Vec::new();
    let mut tx = state.db.begin_write().await?;
    // Read inside the write transaction: one who certifies meanwhile is not suspended.
    for d in dues(&mut *tx, county.as_str(), None, policy.certification_cycle_months).await? {
        if d.status != "active" {
            continue;
        }
        if d.due_on < today {
            match reminder_reached(&mut tx, &d).await? {
                Reached::Yes => {}
                Reached::Pending => continue,
                Reached::No => {
                    // Listed for a visit, not suspended (issue 36 §1).
                    sqlx::query(
                        "INSERT INTO certification_visits (pension_id, due_on, listed_at) VALUES ($1, $2, $3) ON CONFLICT (pension_id, due_on) DO NOTHING",
                    )
                    .bind(&d.pension)
                    .bind(d.due_on.to_string())
                    .bind(ts_micros(now()))
                    .execute(&mut *tx)
                    .await?;
                    continue;
                }
            }
            apply_change(&mut tx, &d.person, Change::Suspend, OVERDUE, today, by).await?;
            suspended += 1;
            let due = d.due_on;
            to_mail.push((d.person, msg::certification_suspended_mail(due)));
        } else if d.due_on <= warn_from {
            let new =
                sqlx::query("INSERT INTO certification_warnings (pension_id, due_on, at) VALUES ($1, $2, $3) ON CONFLICT (pension_id, due_on) DO NOTHING")
                    .bind(&d.pension)
                    .bind(d.due_on.to_string())
                    .bind(ts_micros(now()))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if new > 0 {
                warned += 1;
                let due = d.due_on;
                to_mail.push((d.person, msg::certification_due_mail(due)));
            }
        }
    }
    tx.commit().await?;
    let (how, subject) = (msg::certification_how_mail(), msg::certification_subject());
    for (person, said) in to_mail {
        let body = Message::joined(vec![said, how.clone()], Joiner::Line);
        // Queued for the mailer: a county's sweep does not wait on each send.
        if let Err(e) =
            crate::backend::infra::notices::queue_notice(state, &person, Purpose::CertificationReminder, |lang| (subject.text(lang), body.text(lang))).await
        {
            tracing::error!(person = %person.masked(), "reminder not queued: {e}");
        }
    }
    state.outbox.notify_one();
    Ok((warned, suspended))
}

/// Whether the reminder of an overdue certification reached the person.
enum Reached {
    /// A message of it went (or none was made: the sweep never warned, or
    /// there was no contact on file).
    Yes,
    /// One is still being tried.
    Pending,
    /// Every message of it failed.
    No,
}

async fn reminder_reached(tx: &mut sqlx::Transaction<'_, sqlx::Any>, d: &Due) -> AppResult<Reached> {
    let warned: Option<String> = sqlx::query_scalar("SELECT at FROM certification_warnings WHERE pension_id = $1 AND due_on = $2")
        .bind(&d.pension)
        .bind(d.due_on.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let Some(at) = warned else { return Ok(Reached::Yes) };
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM outbox WHERE id_kind = $1 AND id_number = $2 AND purpose = $3 AND created_at >= $4")
        .bind(d.person.kind().code())
        .bind(d.person.as_str())
        .bind(Purpose::CertificationReminder.code())
        .bind(&at)
        .fetch_all(&mut **tx)
        .await?;
    // No message at all (a warning from before the outbox, or no contact
    // on file): suspended as the rule says; only reminders that were sent
    // and all failed keep the pension paid, for a visit.
    Ok(if statuses.is_empty() || statuses.iter().any(|s| s == "sent" || s == "delivered") {
        Reached::Yes
    } else if statuses.iter().any(|s| s == "queued") {
        Reached::Pending
    } else {
        Reached::No
    })
}

/// The county clerk's sweep of the caller's county.
pub async fn sweep_by(state: &AppState, caller: &Caller) -> AppResult<(u64, u64)> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let county = p.jurisdiction.clone().ok_or_else(crate::backend::identity::auth::forbidden)?;
    let (warned, suspended) = sweep(state, &county, &p.account_id).await?;
    let mut tx = state.db.begin_write().await?;
    let mut entry = caller.audit("certification.sweep", Some(county.as_str().to_owned()));
    entry.after = Some(serde_json::json!({ "warned": warned, "suspended": suspended }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok((warned, suspended))
}

/// The signed-in resident's certification status, `None` without a pension.
pub async fn status_of(state: &AppState, caller: &Caller) -> AppResult<Option<CertificationStatus>> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?;
    let policy = reference::policy_on(state.db.pool(), state.today()).await?;
    let Some(d) = dues(state.db.pool(), "", Some(person), policy.certification_cycle_months).await?.pop() else {
        return Ok(None);
    };
    let today = state.today();
    let gate = crate::backend::identity::auth::money_gate(&state.db, p).await?;
    Ok(Some(CertificationStatus {
        last_on: d.last.as_ref().map(|l| l.0.to_string()),
        last_method: d.last.as_ref().map(|l| method_label(&l.1).text(crate::i18n::reader())),
        due_on: d.due_on.to_string(),
        overdue: d.due_on < today,
        suspended_for_it: d.reason.as_deref() == Some(OVERDUE),
        // At a kiosk the staff member certifies the resident they serve.
        can_self_certify: if p.kiosk.is_some() { p.has_any(ASSISTING) } else { gate == crate::backend::identity::auth::MoneyGate::Open },
        passkey_too_new: match gate {
            crate::backend::identity::auth::MoneyGate::TooNew { .. } => {
                crate::backend::identity::auth::money_gate_refusal(gate, msg::certification_passkey_needed()).err().map(|e| e.text(caller.lang))
            }
            _ => None,
        },
    }))
}

/// Self-service (B9): the resident, signed in with their passkey on their
/// own device, confirms they are alive and still eligible.
/// At a kiosk the staff member who identified the resident and saw the
/// ID card certifies them there (issue 36 §2): an assisted certification.
pub async fn self_certify(state: &AppState, caller: &Caller, confirmed: bool) -> AppResult<crate::i18n::Message> {
    let p = caller.principal()?;
    if p.kiosk.is_some() {
        let person = p.served.clone().ok_or_else(crate::backend::identity::auth::forbidden)?;
        if !confirmed {
            return Err(AppError::invalid(msg::certification_tick_confirm_alive()));
        }
        let note = msg::certification_kiosk_note().text(crate::i18n::Lang::Zh);
        return with_staff(state, caller, &person, "kiosk", &note).await;
    }
    let person = p.person.clone().filter(|_| p.kiosk.is_none()).ok_or_else(crate::backend::identity::auth::forbidden)?;
    let gate = crate::backend::identity::auth::money_gate(&state.db, p).await?;
    crate::backend::identity::auth::money_gate_refusal(gate, msg::certification_passkey_needed())?;
    if !confirmed {
        return Err(AppError::invalid(msg::certification_tick_confirm_alive()));
    }
    let pension: Option<(String, String)> = sqlx::query_as("SELECT id, status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(state.db.pool())
        .await?;
    let (pension, status) = pension.ok_or_else(|| AppError::not_found(msg::certification_no_pension()))?;
    if status == "stopped" {
        return Err(AppError::new(ErrorCode::Conflict, msg::certification_pension_stopped()));
    }
    let today = state.today();
    let mut tx = state.db.begin_write().await?;
    record(&mut tx, &pension, "self", today, "passkey", today, &p.account_id, true).await?;
    let mut entry = caller.audit("certification.self", Some(person.masked()));
    entry.after = Some(serde_json::json!({ "on": today.to_string() }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    let policy = reference::policy_on(state.db.pool(), today).await?;
    Ok(msg::certification_done(today, due(today, None, policy.certification_cycle_months)))
}

/// Assisted (B9): staff certify a person of their jurisdiction who is with
/// them, at a kiosk or on a home visit (`mode`), having checked their
/// identity in person.
pub async fn assisted(state: &AppState, caller: &Caller, kind: &str, number: &str, mode: &str, note: &str) -> AppResult<crate::i18n::Message> {
    caller.staff_with(ASSISTING)?;
    if !matches!(mode, "kiosk" | "home_visit") {
        return Err(AppError::invalid(msg::certification_invalid_method()));
    }
    let note = cases::required(note, "核验说明（如：已核对本人身份证件和面貌）", 200)?;
    let person = cases::named(kind, number)?;
    with_staff(state, caller, &person, mode, &note).await
}

/// Records the certification of `person`, who is with the calling staff
/// member (at their window, a kiosk or a home visit), and files the
/// resumption a second person approves when the pension was suspended for
/// want of it.
async fn with_staff(state: &AppState, caller: &Caller, person: &DocumentNumber, mode: &str, note: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.staff_with(ASSISTING)?;
    let row: Option<(String, String, Option<String>, i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.status, p.status_reason, p.monthly_fen, i.name, i.village_code FROM pensions p \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number WHERE p.id_kind = $1 AND p.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    let (pension, status, why, monthly, name, village) =
        row.filter(|r| DivisionCode::parse(&r.5).is_ok_and(|v| p.covers(&v))).ok_or_else(|| AppError::not_found(msg::certification_pension_not_local()))?;
    if status == "stopped" {
        return Err(AppError::new(ErrorCode::Conflict, msg::certification_pension_stopped()));
    }
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    let today = state.today();
    let deadline = cases::deadline_for(state, domain::case::CaseType::Resumption).await?;
    let mut tx = state.db.begin_write().await?;
    // Recorded, but a pension suspended for want of certification resumes,
    // with the months of the suspension paid, only when a second person
    // approves it (issue 33, item 11): one staff member's word alone moves
    // no back pay. The resumption is filed for them as a case.
    record(&mut tx, &pension, mode, today, note, today, &p.account_id, false).await?;
    let mut resumption = None;
    if status == "suspended" && why.as_deref() == Some(OVERDUE) && cases::refuse_open(&mut tx, domain::case::CaseType::Resumption, person).await.is_ok() {
        let filing = cases::Filing { person: person.clone(), applicant_kind: domain::ApplicantKind::Staff };
        let reason = format!("已认证（{}）：{note}", method_label(mode).text(crate::i18n::Lang::Zh));
        let new = cases::NewCase {
            case_type: domain::case::CaseType::Resumption,
            filing: &filing,
            person_name: &name,
            place: &village,
            form: &crate::backend::benefits::pensions::PensionRequest {
                reason: reason.clone(),
                suspended_for: why.clone(),
                monthly: Some(domain::Yuan::from_fen(monthly)),
                confirmation: domain::Confirmation::StaffVerified,
            },
            deadline,
        };
        resumption = Some(cases::open_case(state, &mut tx, caller, new, &[], serde_json::json!({ "reason": reason })).await?.0);
    }
    let mut entry = caller.audit("certification.assisted", Some(person.masked()));
    entry.after = Some(serde_json::json!({ "mode": mode, "note": note, "resumption": resumption }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    let method = method_label(mode);
    Ok(match resumption {
        Some(_) => msg::certification_assisted_resumption(person.masked(), method),
        None => msg::certification_assisted_done(person.masked(), method),
    })
}

/// Staff list (B9): the recipients of the caller's jurisdiction due within
/// the warning days or overdue, earliest first, masked.
pub async fn due_list(state: &AppState, caller: &Caller) -> AppResult<Vec<CertificationRow>> {
    let p = caller.staff_with(ASSISTING)?;
    let place = p.jurisdiction.as_ref().map_or_else(String::new, |j| j.as_str().to_owned());
    let today = state.today();
    let policy = reference::policy_on(state.db.pool(), today).await?;
    let until = today + chrono::Days::new(u64::from(policy.certification_warn_days));
    let visits: std::collections::HashSet<(String, String)> =
        sqlx::query_as("SELECT pension_id, due_on FROM certification_visits").fetch_all(state.db.pool()).await?.into_iter().collect();
    let mut rows: Vec<CertificationRow> = dues(state.db.pool(), &place, None, policy.certification_cycle_months)
        .await?
        .into_iter()
        .filter(|d| d.due_on <= until)
        .map(|d| CertificationRow {
            name: crate::backend::money::statements::mask_name(&d.name),
            person: d.person.masked(),
            village: d.village,
            last_on: d.last.as_ref().map(|l| l.0.to_string()),
            last_method: d.last.as_ref().map(|l| method_label(&l.1).text(crate::i18n::reader())),
            due_on: d.due_on.to_string(),
            state_label: if visits.contains(&(d.pension.clone(), d.due_on.to_string())) {
                "提醒未送达，请上门核实认证"
            } else if d.reason.as_deref() == Some(OVERDUE) {
                "已暂停（未认证）"
            } else if d.due_on < today {
                "已逾期"
            } else {
                "即将到期"
            }
            .to_owned(),
        })
        .collect();
    rows.sort_by(|a, b| a.due_on.cmp(&b.due_on));
    let mut tx = state.db.begin_write().await?;
    let mut entry = caller.audit("certification.list", None);
    entry.after = Some(serde_json::json!({ "rows": rows.len() }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Imports the household registry file (G2): records stored by record
/// date, a death suspends payment at once (B10), a record showing a
/// recipient alive certifies them (B9). One transaction.
pub async fn import_registry(db: &Db, file_name: &str, bytes: &[u8], today: chrono::NaiveDate, by: &AuditEntry) -> AppResult<ImportReport> {
    crate::backend::infra::imports::check_size(bytes)?;
    let (text, encoding) = crate::backend::infra::imports::decode(bytes)?;
    let file =
        crate::backend::infra::imports::FileInfo { kind: registry::KIND, file_name, sha256: crate::backend::infra::imports::sha256_hex(bytes), encoding };
    let lines = crate::backend::infra::imports::lines(&text, &domain::registry::COLUMNS)?;

    let mut tx = db.begin_write().await?;
    if let Some(batch_id) = crate::backend::infra::imports::earlier(&mut tx, registry::KIND, &file.sha256).await? {
        drop(tx);
        return registry::report_of(db, &batch_id, true).await;
    }
    let mut report = crate::backend::infra::imports::new_report(encoding, lines.len());
    let batch_id = report.batch_id.clone();
    let mut seen: HashMap<String, i64> = HashMap::new();
    let mut alive = Vec::new();
    for (line, fields) in lines {
        let parsed = fields.and_then(|f| domain::registry::parse_record(&f.iter().map(String::as_str).collect::<Vec<_>>()));
        let record = match parsed {
            Ok(r) => r,
            Err(reason) => {
                report.rejected.push((line, reason));
                continue;
            }
        };
        let key = format!("{}|{}", record.document.kind().code(), record.document.as_str());
        if let Some(first) = seen.insert(key, line) {
            report.rejected.push((line, format!("与第 {first} 行的证件号码重复")));
            continue;
        }
        if record.death_date.is_none() {
            alive.push((record.document.clone(), record.record_date));
        }
        match registry::upsert(&mut tx, &record, &batch_id).await? {
            registry::Upsert::Added => report.added += 1,
            registry::Upsert::Updated => report.updated += 1,
            registry::Upsert::Unchanged => report.unchanged += 1,
            registry::Upsert::Conflict => {
                alive.pop_if(|x| x.0 == record.document);
                report.rejected.push((line, "与已有的同一记录日期的记录内容不一致，请公安部门核实后以新的记录日期重新提供".to_owned()))
            }
        }
    }
    // B10: a death recorded in the registry suspends payment at once.
    let dead: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT p.id_kind, p.id_number, r.death_date FROM pensions p \
         JOIN registry_persons r ON r.id_kind = p.id_kind AND r.id_number = p.id_number \
         WHERE p.status = 'active' AND r.death_date IS NOT NULL AND r.death_date <> ''",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (kind, number, died) in dead {
        let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad document kind"))?;
        let person = domain::DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
        let reason = format!("户籍登记死亡：{died}，待核实");
        pensions::apply_change(&mut tx, &person, pensions::Change::Suspend, &reason, today, &by.actor).await?;
    }
    // B9: a record showing a recipient alive certifies them (data comparison).
    let certified = from_registry(&mut tx, &batch_id, &alive, today, &by.actor).await?;
    crate::backend::infra::imports::record(&mut tx, &file, &by.actor, &report).await?;
    let entry = AuditEntry {
        action: "registry.import".into(),
        subject: Some(batch_id.clone()),
        after: Some(
            serde_json::json!({
                "file": file_name, "total": report.total, "added": report.added, "updated": report.updated,
                "unchanged": report.unchanged, "rejected": report.rejected.len(), "certified": certified,
            })
            .to_string(),
        ),
        ..by.clone()
    };
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(report)
}

/// An administrator's upload (page or API).
pub async fn import_registry_by(
    state: &crate::backend::AppState,
    caller: &crate::backend::identity::auth::Caller,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<ImportReport> {
    caller.staff_with(&[domain::Role::Administrator])?;
    import_registry(&state.db, file_name, bytes, state.today(), &caller.audit("", None)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        date(s).unwrap()
    }

    #[test]
    fn due_twelve_months_after_the_latest_certification_or_the_determination() {
        assert_eq!(due(d("2025-06-02"), None, 12), d("2026-06-02"));
        assert_eq!(due(d("2025-06-02"), Some(d("2025-09-30")), 12), d("2026-09-30"));
        // A registry record older than the determination does not move it back.
        assert_eq!(due(d("2025-06-02"), Some(d("2024-01-01")), 12), d("2026-06-02"));
        assert_eq!(due(d("2024-02-29"), None, 12), d("2025-02-28"));
    }
}
