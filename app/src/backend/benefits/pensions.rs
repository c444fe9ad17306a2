//! The pension claim (B1, B3) through the case engine: 初审 (township),
//! 复核 and 审核 (county), within 20 working days. At filing the person must
//! have reached pension age, be insured, not already receive this pension
//! or another basic pension (the imported other-scheme list), and have the
//! minimum contribution years; the amount is determined then as an
//! estimate and again at approval from the ledger as it is
//! (`domain::benefit::determine`). Approval opens the pension, paid from
//! the month after the person reached pension age by the county payroll.

use crate::backend::AppState;
use crate::backend::cases::engine::{self as cases, NewCase};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{new_id, now, ts_micros};
use crate::backend::infra::documents::Upload;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Arg, msg};
use chrono::NaiveDate;
use domain::benefit::Month;
use domain::case::CaseType;
use domain::{ApplicantKind, Confirmation, DivisionCode, DocumentNumber, Yuan};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// An application about a pension in payment as filed (a resumption, a
/// review of the amount): the reason, why it was suspended, the monthly
/// amount then.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PensionRequest {
    pub reason: String,
    pub suspended_for: Option<String>,
    /// The monthly amount then (older resumptions did not keep it).
    #[serde(default)]
    pub monthly: Option<Yuan>,
    pub confirmation: Confirmation,
}

/// A pension's or a payment's status, by its code ("—" for an unknown one).
pub(crate) fn status_label(s: &str) -> Arg {
    crate::names::or_text(crate::names::pension_status(s), "—")
}

/// A change of a pension's payment (B8, B10, B11), as recorded: the
/// status, an event the payroll check reads, the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Suspected loss of eligibility, a death report: not paid from the
    /// next payroll on.
    Suspend,
    /// Detention or a prison term in custody (B8): suspended as above, and
    /// no increase is applied until release.
    Custody,
    /// Confirmed eligible: the suspended months are paid by the next
    /// payroll (`back_pay`), or not (custody, B8: paid again from this month).
    Resume { back_pay: bool },
    /// Not eligible any more: no further payment.
    Stop,
}

impl Change {
    pub fn parse(action: &str, back_pay: bool) -> Option<Change> {
        match action {
            "suspend" => Some(Change::Suspend),
            "custody" => Some(Change::Custody),
            "resume" => Some(Change::Resume { back_pay }),
            "stop" => Some(Change::Stop),
            _ => None,
        }
    }
}

/// `no_increase_until` of a pension in custody: no increase until release.
const IN_CUSTODY: &str = "9999-12-31";

/// B8: a recipient under community correction (public surveillance, a
/// suspended sentence, serving outside prison) keeps being paid but takes
/// no increase until `until`, the end of the term (county clerk).
pub async fn community_correction_by(state: &AppState, caller: &Caller, kind: &str, number: &str, until: &str, reason: &str) -> AppResult<String> {
    let p = caller.staff_with(&[domain::Role::CountyClerk])?;
    let reason = cases::required(reason, "原因（如判决书编号）", 200)?;
    let until = NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(msg::pension_correction_end_date_format()))?;
    if until <= state.today() {
        return Err(AppError::invalid(msg::pension_correction_end_after_today()));
    }
    let person = cases::named(kind, number)?;
    let row: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT id, county_code, status, monthly_fen FROM pensions WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(state.db.pool())
            .await?;
    let (id, _county, status, monthly) =
        row.filter(|r| DivisionCode::parse(&r.1).is_ok_and(|c| p.covers(&c))).ok_or_else(|| AppError::not_found(msg::pension_not_in_jurisdiction()))?;
    if status == "stopped" {
        return Err(AppError::new(ErrorCode::Conflict, msg::pension_already_stopped()));
    }
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE pensions SET no_increase_until = $1 WHERE id = $2").bind(until.to_string()).bind(&id).execute(&mut *tx).await?;
    let text = format!("社区矫正至 {until}：照常发放，期间不参加待遇调整（{reason}）");
    record_event(&mut tx, &id, "adjust", monthly, &text, &p.account_id).await?;
    let mut entry = caller.audit("pension.community_correction", Some(person.masked()));
    entry.after = Some(serde_json::json!({ "until": until.to_string(), "reason": reason }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(format!("已记录：{text}"))
}

/// Applies `change` to the pension of `person` inside `tx`; `by` names who
/// (an account id, or `death_list:{batch}`).
pub(crate) async fn apply_change(
    tx: &mut Transaction<'_, Any>,
    person: &DocumentNumber,
    change: Change,
    reason: &str,
    today: NaiveDate,
    by: &str,
) -> AppResult<()> {
    let row: Option<(String, String, i64)> = sqlx::query_as("SELECT id, status, monthly_fen FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    let (id, status, monthly) = row.ok_or_else(|| AppError::not_found(msg::pension_none_determined()))?;
    let (from, to, event) = match change {
        Change::Suspend | Change::Custody => ("active", "suspended", "suspend"),
        Change::Resume { .. } => ("suspended", "active", "resume"),
        Change::Stop => (status.as_str(), "stopped", "stop"),
    };
    if status != from || status == "stopped" {
        return Err(AppError::new(
            ErrorCode::Conflict,
            msg::pension_status_cannot_act(
                status_label(&status),
                match event {
                    "suspend" => "暂停",
                    "resume" => "恢复",
                    _ => "终止",
                },
            ),
        ));
    }
    sqlx::query("UPDATE pensions SET status = $1, status_reason = $2 WHERE id = $3 AND status = $4")
        .bind(to)
        .bind(reason)
        .bind(&id)
        .bind(&status)
        .execute(&mut **tx)
        .await?;
    if change == Change::Custody {
        sqlx::query("UPDATE pensions SET no_increase_until = $1 WHERE id = $2").bind(IN_CUSTODY).bind(&id).execute(&mut **tx).await?;
    }
    if change == (Change::Resume { back_pay: false }) {
        // The months of custody are not paid (B8): paid again from this
        // month at the amount before, and later increases apply.
        sqlx::query(
            "UPDATE pensions SET next_month = CASE WHEN next_month < $1 THEN $1 ELSE next_month END, \
             no_increase_until = CASE WHEN no_increase_until = $3 THEN NULL ELSE no_increase_until END WHERE id = $2",
        )
        .bind(Month::of(today).0)
        .bind(&id)
        .bind(IN_CUSTODY)
        .execute(&mut **tx)
        .await?;
    }
    record_event(tx, &id, event, monthly, reason, by).await
}

/// Records a change of a pension (what the payroll check reads), now,
/// after the change was applied. A start or a resumption carries the first
/// month it pays (`next_month`): the check explains a line by the change
/// that makes it due in that month, whenever it was recorded (B5;
/// `crate::backend::benefits::payroll::check::check`). Other changes count from the county's next payroll.
pub(crate) async fn record_event(tx: &mut Transaction<'_, Any>, pension: &str, event: &str, monthly: i64, reason: &str, by: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
         SELECT $1, id, $3, $4, $5, $6, $7, CASE WHEN $3 IN ('start', 'resume') THEN next_month END FROM pensions WHERE id = $2",
    )
    .bind(new_id())
    .bind(pension)
    .bind(event)
    .bind(monthly)
    .bind(reason)
    .bind(ts_micros(now()))
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Why a pension is stopped, when that makes earlier payments wrong (B12):
/// a death, or a loss of eligibility, on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended<'a> {
    /// `death` or `ineligible`.
    pub ground: &'a str,
    pub on: NaiveDate,
}

impl<'a> Ended<'a> {
    pub fn parse(ground: Option<&'a str>, on: Option<&str>, today: NaiveDate) -> AppResult<Option<Ended<'a>>> {
        let (ground, on) = match (ground.map(str::trim).filter(|g| !g.is_empty()), on.map(str::trim).filter(|d| !d.is_empty())) {
            (None, None) => return Ok(None),
            (Some(g @ ("death" | "ineligible")), Some(d)) => (g, d),
            (Some(_), None) | (None, Some(_)) => return Err(AppError::invalid(msg::pension_stop_reason_date_together())),
            _ => return Err(AppError::invalid(msg::pension_invalid_stop_reason())),
        };
        let on = NaiveDate::parse_from_str(on, "%Y-%m-%d").map_err(|_| AppError::invalid(msg::pension_date_format()))?;
        if on > today {
            return Err(AppError::invalid(msg::fund_date_in_future()));
        }
        Ok(Some(Ended { ground, on }))
    }
}

/// A county clerk suspends, resumes or stops a pension of the county,
/// with the reason; the person is told. A stop after a death or a loss of
/// eligibility on a day opens the overpayment of the months paid after it
/// and recovers what it can at once (B12).
pub async fn change_by(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    number: &str,
    change: Change,
    reason: &str,
    ended: Option<Ended<'_>>,
) -> AppResult<String> {
    let p = caller.staff_with(&[domain::Role::CountyClerk])?;
    let reason = cases::required(reason, "原因", 200)?;
    if ended.is_some() && change != Change::Stop {
        return Err(AppError::invalid(msg::pension_date_only_when_stopping()));
    }
    let person = cases::named(kind, number)?;
    let county: Option<String> = sqlx::query_scalar("SELECT county_code FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(state.db.pool())
        .await?;
    let county = county.and_then(|c| DivisionCode::parse(&c).ok()).ok_or_else(|| AppError::not_found(msg::pension_none_determined()))?;
    if !p.covers(&county) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::pension_only_local_persons()));
    }
    let mut tx = state.db.begin_write().await?;
    apply_change(&mut tx, &person, change, &reason, state.today(), &p.account_id).await?;
    let overpaid = match ended {
        Some(e) => crate::backend::benefits::overpayments::open(state, &mut tx, &person, e.ground, e.on, &p.account_id).await?,
        None => None,
    };
    let mut entry = caller.audit("pension.change", Some(person.masked()));
    entry.after = Some(serde_json::json!({ "change": format!("{change:?}"), "reason": reason, "overpayment": overpaid.as_ref().map(|o| &o.0) }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    if let Some((_, Some(refund))) = &overpaid {
        crate::backend::benefits::overpayments::tell_refund(state, &person, *refund).await;
    }
    let (what, subject, body) = match change {
        Change::Suspend | Change::Custody => ("暂停发放", msg::pension_suspended_subject(), msg::pension_suspended_mail(reason)),
        Change::Resume { .. } => ("恢复发放", msg::pension_resumed_subject(), msg::pension_resumed_mail(reason)),
        Change::Stop => ("终止发放", msg::pension_stopped_subject(), msg::pension_stopped_mail(reason)),
    };
    crate::backend::infra::notices::mail_person(state, &person, &subject, &body).await;
    Ok(match overpaid {
        Some((id, _)) => format!("已{what}；{} 之后发放的月份已计为冒领，追回记录 {id}", ended.map_or_else(String::new, |e| e.on.to_string())),
        None => format!("已{what}，下次发放时生效"),
    })
}

/// Files an application about the caller's (or the served person's)
/// pension — a resumption (B11) or a review of the amount (B4) — with the
/// reason and evidence, once `check` accepts the pension's status; the id
/// of the case. The form keeps the reason, why the pension was suspended
/// and the monthly amount then.
pub(crate) async fn file_about_pension(
    state: &AppState,
    caller: &Caller,
    form: &crate::model::ResumptionForm,
    uploads: Vec<Upload>,
    case_type: CaseType,
    reason_label: &str,
    check: impl Fn(&str) -> AppResult<()>,
) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let reason = cases::required(&form.reason, reason_label, 300)?;
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    let deadline = cases::deadline_for(state, case_type).await?;
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, Option<String>, i64, String, String)> = sqlx::query_as(
        "SELECT p.status, p.status_reason, p.monthly_fen, i.name, i.village_code FROM pensions p \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number WHERE p.id_kind = $1 AND p.id_number = $2",
    )
    .bind(filing.person.kind().code())
    .bind(filing.person.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let (status, why, monthly, name, village) = row.ok_or_else(|| AppError::invalid(msg::pension_none_claim_first()))?;
    check(&status)?;
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if filing.applicant_kind == ApplicantKind::Staff && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::account_check_own_area_only()));
    }
    cases::refuse_open(&mut tx, case_type, &filing.person).await?;
    let new = NewCase {
        case_type,
        filing: &filing,
        person_name: &name,
        place: &village,
        form: &PensionRequest { reason: reason.clone(), suspended_for: why, monthly: Some(Yuan::from_fen(monthly)), confirmation },
        deadline,
    };
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "reason": reason })).await?;
    tx.commit().await?;
    crate::backend::infra::notices::mail_received_by(state, &filing.person, crate::names::case_type(case_type), deadline).await;
    Ok(id)
}

pub const DEATH_COLUMNS: [&str; 4] = ["证件类型", "证件号码", "姓名", "死亡日期"];

/// B10: a village assistant's monthly list of deaths (CSV
/// `证件类型,证件号码,姓名,死亡日期`): the pension of each person on it, in
/// the assistant's village, is suspended at once ("added" counts them);
/// one already suspended or stopped is unchanged; a line for someone
/// without a pension here, with another name or a date in the future is
/// rejected. The same file again changes nothing.
pub async fn import_deaths(state: &AppState, caller: &Caller, file_name: &str, bytes: &[u8]) -> AppResult<crate::model::ImportReport> {
    use crate::backend::infra::imports::{self, FileInfo};
    let p = caller.staff_with(&[domain::Role::VillageAssistant])?;
    let within = p.jurisdiction.clone().ok_or_else(crate::backend::identity::auth::forbidden)?;
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    let file = FileInfo { kind: "death_list", file_name, sha256: format!("{}@{}", imports::sha256_hex(bytes), within.as_str()), encoding };
    let mut report = imports::new_report(encoding, 0);
    let today = state.today();
    let mut lines = Vec::new();
    imports::for_each_line(&text, &DEATH_COLUMNS, |line, fields| {
        report.total += 1;
        let parsed = fields.and_then(|f| {
            if f.len() != DEATH_COLUMNS.len() {
                return Err(format!("应有 {} 列，实际 {} 列", DEATH_COLUMNS.len(), f.len()));
            }
            let kind = domain::DocumentKind::from_label_or_code(f[0].trim()).ok_or_else(|| format!("证件类型“{}”不正确", &f[0]))?;
            let person = DocumentNumber::parse(kind, &f[1]).map_err(|e| e.to_string())?;
            let died = NaiveDate::parse_from_str(f[3].trim(), "%Y-%m-%d").map_err(|_| "死亡日期应为 年-月-日".to_owned())?;
            if died > today {
                return Err("死亡日期晚于今天".into());
            }
            Ok((person, f[2].trim().to_owned(), died))
        });
        match parsed {
            Ok(l) => lines.push((line, l)),
            Err(reason) => report.rejected.push((line, reason)),
        }
    })?;
    let mut tx = state.db.begin_write().await?;
    if let Some(batch) = imports::earlier(&mut tx, "death_list", &file.sha256).await? {
        drop(tx);
        return imports::report_of(&state.db, "death_list", &batch, true).await;
    }
    for (line, (person, name, died)) in lines {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT p.status, i.name, i.village_code FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
             WHERE p.id_kind = $1 AND p.id_number = $2",
        )
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((status, on_file, _village)) = row.filter(|r| DivisionCode::parse(&r.2).is_ok_and(|v| v.is_within(&within))) else {
            report.rejected.push((line, "本村没有此人的养老金待遇：请核对证件号码".into()));
            continue;
        };
        if on_file != name {
            report.rejected.push((line, "姓名与参保登记不一致".into()));
            continue;
        }
        if status != "active" {
            report.unchanged += 1;
            continue;
        }
        apply_change(&mut tx, &person, Change::Suspend, &format!("死亡名单报告：{died} 死亡，待核实"), today, &p.account_id).await?;
        report.added += 1;
    }
    report.rejected.sort();
    imports::record(&mut tx, &file, &p.account_id, &report).await?;
    let mut entry = caller.audit("pension.death_list", Some(report.batch_id.clone()));
    entry.after = Some(serde_json::json!({ "file": file_name, "suspended": report.added, "rejected": report.rejected.len() }).to_string());
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(report)
}
