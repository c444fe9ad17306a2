//! The case engine: filing (who files, how it was confirmed, the row in
//! the first step's queue), deadlines in working days, one open case per
//! person and type, events and their audit records, loading a case, who
//! may see and decide it (回避 included), queues, claims and documents.
//! It knows no case kind: `cases/mod.rs` dispatches to the kinds.

use crate::backend::identity::auth::{AccountKind, Caller, Principal};
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::infra::documents::{self, Upload};
use crate::backend::{AppState, infra::audit, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::i18n::{Arg, IntoArg, Lang, Message, for_reader};
use crate::model::CaseRow;
use crate::names;
use domain::case::{CaseState, CaseType};
use domain::id_number::mask;
use domain::{ApplicantKind, BankCard, Confirmation, DivisionCode, DocumentKind, DocumentNumber, Role};
use serde::{Serialize, de::DeserializeOwned};
use sqlx::{Any, Row, Transaction};

/// Roles that may file for someone at the window or on a home visit.
pub const FILING_ROLES: [Role; 3] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk];
/// Roles that see cases (reviewers, and auditors read-only).
pub const CASE_ROLES: [Role; 4] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk, Role::Auditor];

/// The loser of two decisions at once, or a decision on a stale page.
pub(crate) fn changed_meanwhile() -> AppError {
    AppError::new(ErrorCode::Conflict, msg::case_changed_refresh())
}

pub(crate) fn not_found() -> AppError {
    AppError::not_found(msg::case_not_found_or_forbidden())
}

/// Who files, for whom.
pub(crate) struct Filing {
    pub person: DocumentNumber,
    pub applicant_kind: ApplicantKind,
}

/// The person an application is about: the signed-in resident, the
/// resident identified at a kiosk, or (staff at the window or on a home
/// visit) the document given on the form.
pub(crate) fn filing(caller: &Caller, document_kind: Option<&str>, document_number: Option<&str>) -> AppResult<Filing> {
    let p = caller.principal()?;
    if let (AccountKind::Resident, Some(person)) = (p.kind, &p.person) {
        return Ok(Filing { person: person.clone(), applicant_kind: ApplicantKind::Own });
    }
    if let (Some(_), Some(served)) = (&p.kiosk, &p.served) {
        return Ok(Filing { person: served.clone(), applicant_kind: ApplicantKind::Kiosk });
    }
    if p.is_staff() && p.kiosk.is_none() && p.has_any(&FILING_ROLES) {
        let kind =
            DocumentKind::from_label_or_code(document_kind.unwrap_or("resident_id")).ok_or_else(|| AppError::invalid(msg::auth_choose_document_kind()))?;
        let person = DocumentNumber::parse(kind, document_number.unwrap_or("")).map_err(AppError::invalid)?;
        return Ok(Filing { person, applicant_kind: ApplicantKind::Staff });
    }
    Err(crate::backend::identity::auth::forbidden())
}

/// The key a resident's notices and applications are kept under while they
/// have no account of their own (a filing at a kiosk or at the window).
pub(crate) fn person_key(person: &DocumentNumber) -> String {
    format!("person:{}:{}", person.kind().code(), person.as_str())
}

/// Who a filing is recorded for (G5): the caller's own account online; at a
/// kiosk or the window the served resident (their account, or their person
/// key), with the staff member who helped as `assisted_by`.
/// At a kiosk, a filing about someone else (an heir's, for a relative who
/// died) is the served resident's, under her person key, so that she
/// follows it there and at home.
pub(crate) async fn applicant_of(tx: &mut Transaction<'_, Any>, p: &Principal, filing: &Filing) -> AppResult<(String, Option<String>)> {
    if !matches!(filing.applicant_kind, ApplicantKind::Kiosk | ApplicantKind::Staff) {
        return Ok((p.account_id.clone(), None));
    }
    if let Some(served) = p.served.as_ref().filter(|s| filing.applicant_kind == ApplicantKind::Kiosk && **s != filing.person) {
        return Ok((person_key(served), Some(p.account_id.clone())));
    }
    let account: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(filing.person.kind().code())
        .bind(filing.person.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    Ok((account.unwrap_or_else(|| person_key(&filing.person)), Some(p.account_id.clone())))
}

/// The keys the caller's own notices and applications are under: a
/// resident's account and person key; at a kiosk only the served
/// resident's (never the staff member's); staff their own account.
pub(crate) async fn own_keys(db: &crate::backend::infra::db::Db, p: &Principal) -> AppResult<Vec<String>> {
    let person = match (&p.kiosk, p.kind) {
        (Some(_), _) => p.served.as_ref(),
        (None, AccountKind::Resident) => p.person.as_ref(),
        (None, AccountKind::Staff) => return Ok(vec![p.account_id.clone()]),
    };
    let Some(person) = person else { return Ok(vec![]) };
    let account: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(db.pool())
        .await?;
    Ok(account.into_iter().chain([person_key(person)]).collect())
}

/// How the person confirmed what was filed (E1): online the declaration on
/// the page; at the window the staff member records the signature or
/// fingerprint on the paper form; at a kiosk the one given on the screen
/// beside the staff member (issue 36 §2).
pub(crate) fn confirmation(filing: &Filing, given: Option<&str>) -> AppResult<Confirmation> {
    let (allowed, missing): (&[Confirmation], fn() -> crate::i18n::Message) = match filing.applicant_kind {
        ApplicantKind::Staff => (&Confirmation::ON_PAPER, msg::case_record_signature_or_fingerprint),
        ApplicantKind::Kiosk => (&Confirmation::AT_KIOSK, msg::case_record_kiosk_confirmation),
        ApplicantKind::Own | ApplicantKind::Agent => return Ok(Confirmation::OnlineDeclaration),
    };
    given.and_then(Confirmation::from_label_or_code).filter(|c| allowed.contains(c)).ok_or_else(|| AppError::invalid(missing()))
}

/// A bank card number as typed (spaces allowed).
pub(crate) fn bank_card(input: &str) -> AppResult<BankCard> {
    BankCard::parse(input).map_err(AppError::invalid)
}

/// What a reviewer is told of a card: masked, and a warning when its check
/// digit fails (some older cards do: never a refusal).
pub(crate) fn card_fact(card: &BankCard) -> String {
    if card.luhn_ok() { card.masked() } else { msg::bank_card_check_digit_warning(card.masked()).text(crate::i18n::reader()) }
}

/// The person a staff form names by document kind (label or code) and number.
pub(crate) fn named(kind: &str, number: &str) -> AppResult<DocumentNumber> {
    let kind = DocumentKind::from_label_or_code(kind.trim()).ok_or_else(|| AppError::invalid(msg::case_document_kind_invalid()))?;
    DocumentNumber::parse(kind, number).map_err(AppError::invalid)
}

/// A stored document number, masked for lists (a malformed one keeps only
/// its ends).
pub(crate) fn masked(kind: &str, number: &str) -> String {
    named(kind, number).map_or_else(|_| domain::id_number::mask(number, 2, 2), |d| d.masked())
}

pub(crate) fn required(value: &str, what: impl Into<Message>, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(AppError::invalid(msg::case_enter_field(crate::i18n::Nested(what.into()))));
    }
    Ok(v.to_owned())
}

/// A one-line value (a name, a reference): `required`, and no control
/// character (a line break in a name would split a bank file's line).
pub(crate) fn one_line(value: &str, what: impl Into<Message>, max: usize) -> AppResult<String> {
    let what = what.into();
    let v = required(value, what.clone(), max)?;
    if v.chars().any(char::is_control) {
        return Err(AppError::invalid(msg::case_field_single_line(crate::i18n::Nested(what))));
    }
    Ok(v)
}

/// A case about to be filed; `F` is its kind's form.
pub(crate) struct NewCase<'a, F: Serialize> {
    pub case_type: CaseType,
    pub filing: &'a Filing,
    pub person_name: &'a str,
    /// The person's village: where the case is handled.
    pub place: &'a DivisionCode,
    pub form: &'a F,
    /// From `deadline_for`, read before the write transaction begins.
    pub deadline: chrono::NaiveDate,
}

/// The decision deadline of a case of this type received today: its time
/// limit in working days (read outside the write transaction).
pub(crate) async fn deadline_for(state: &AppState, case_type: CaseType) -> AppResult<chrono::NaiveDate> {
    let calendar = reference::work_calendar(&state.db).await?;
    Ok(calendar.deadline(state.today(), case_type.time_limit_days()))
}

/// Files a case inside `tx`: the row in the first step's queue, its
/// attachments, the submit event, the applicant's notice and the audit
/// record. Returns the id and the deadline (working days from today).
pub(crate) async fn open_case<F: Serialize>(
    state: &AppState,
    tx: &mut Transaction<'_, Any>,
    caller: &Caller,
    new: NewCase<'_, F>,
    uploads: &[Upload],
    audit_after: serde_json::Value,
) -> AppResult<(String, chrono::NaiveDate)> {
    let p = caller.principal()?;
    let (today, deadline) = (state.today(), new.deadline);
    let id = new_id();
    let now_s = ts(now());
    let initial = CaseState::InReview(0);
    let (applicant, assisted_by) = applicant_of(tx, p, new.filing).await?;
    sqlx::query(
        "INSERT INTO cases (id, case_type, person_id_kind, person_id_number, person_name, applicant_account, applicant_kind, \
         channel, jurisdiction, state, form_json, received_on, deadline, created_at, updated_at, queue_key, assisted_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16)",
    )
    .bind(&id)
    .bind(new.case_type.code())
    .bind(new.filing.person.kind().code())
    .bind(new.filing.person.as_str())
    .bind(new.person_name)
    .bind(&applicant)
    .bind(new.filing.applicant_kind.code())
    .bind(channel(caller))
    .bind(new.place.as_str())
    .bind(initial.code())
    .bind(serde_json::to_string(new.form).map_err(AppError::internal)?)
    .bind(today.to_string())
    .bind(deadline.to_string())
    .bind(&now_s)
    .bind(queue_key(new.case_type, initial, new.place))
    .bind(&assisted_by)
    .execute(&mut **tx)
    .await?;
    for upload in uploads {
        documents::attach(state, tx, &id, upload, &p.account_id).await?;
    }
    record_event(tx, &id, p, "submit", None, initial, None).await?;
    crate::backend::infra::notices::notify(tx, &applicant, &id, crate::backend::infra::notices::received(names::case_type(new.case_type), deadline)).await?;
    let mut entry = caller.audit("case.submit", Some(id.clone()));
    entry.on_behalf_of = Some(new.filing.person.masked());
    let mut after = audit_after;
    after["type"] = new.case_type.code().into();
    after["applicant"] = new.filing.applicant_kind.code().into();
    entry.after = Some(after.to_string());
    audit::append(tx, &entry).await?;
    Ok((id, deadline))
}

pub(crate) fn channel(caller: &Caller) -> &'static str {
    match &caller.principal {
        Some(p) if p.kiosk.is_some() => "kiosk",
        Some(p) if p.is_staff() => "window",
        _ => "online",
    }
}

/// The queue a case in `state` waits in.
pub(crate) fn queue_key(case_type: CaseType, state: CaseState, place: &DivisionCode) -> Option<String> {
    match state {
        CaseState::InReview(n) => case_type.steps().get(n as usize)?.queue_key(place),
        _ => None,
    }
}

/// One open application of a type per person (in review or returned):
/// a second is refused with where to look.
pub(crate) async fn refuse_open(tx: &mut Transaction<'_, Any>, case_type: CaseType, person: &DocumentNumber) -> AppResult<()> {
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases WHERE case_type = $1 AND person_id_kind = $2 AND person_id_number = $3 \
         AND (state LIKE 'in_review:%' OR state = 'returned')",
    )
    .bind(case_type.code())
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_one(&mut **tx)
    .await?;
    if open > 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::case_already_in_progress(names::case_type(case_type))));
    }
    Ok(())
}

pub(crate) async fn record_event(
    tx: &mut Transaction<'_, Any>,
    case_id: &str,
    by: &Principal,
    event: &str,
    from: Option<CaseState>,
    to: CaseState,
    reason: Option<&str>,
) -> AppResult<()> {
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = $1").bind(case_id).fetch_one(&mut **tx).await?;
    sqlx::query(
        "INSERT INTO case_events (case_id, seq, at, actor, actor_name, role, event, from_state, to_state, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(case_id)
    .bind(seq)
    .bind(ts(now()))
    .bind(&by.account_id)
    .bind(&by.name)
    .bind(by.is_staff().then(|| by.roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")))
    .bind(event)
    .bind(from.map(CaseState::code))
    .bind(to.code())
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the applicant is told of a case's outcome (in-app and by mail);
/// the reason is as the clerk wrote it.
pub(crate) fn outcome(case_type: CaseType, next: CaseState, reason: &str) -> Option<crate::i18n::Message> {
    let kind = names::case_type(case_type);
    match next {
        CaseState::Approved => Some(msg::case_approved(kind)),
        CaseState::Returned => Some(msg::case_returned(kind, reason)),
        CaseState::Terminated => Some(msg::case_terminated(kind, reason)),
        _ => None,
    }
}

/// The stored case, for deciding and viewing.
pub(crate) struct Stored {
    pub case_type: CaseType,
    pub state: CaseState,
    pub version: i64,
    pub person: DocumentNumber,
    pub person_name: String,
    pub applicant: String,
    /// The staff member who filed it for the person at a kiosk or window.
    pub assisted_by: Option<String>,
    pub jurisdiction: DivisionCode,
    /// The kind's form as stored (JSON): read it with `form`.
    pub form_json: String,
    pub received_on: String,
    pub deadline: String,
    pub claimed_by: Option<String>,
    pub claimed_name: Option<String>,
}

pub(crate) async fn load<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, id: &str) -> AppResult<Option<Stored>> {
    let row = sqlx::query(
        "SELECT case_type, state, version, person_id_kind, person_id_number, person_name, applicant_account, \
         jurisdiction, form_json, received_on, deadline, claimed_by, claimed_name, assisted_by FROM cases WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
    let kind = DocumentKind::from_code(&s("person_id_kind")?).ok_or_else(|| AppError::internal("bad id kind"))?;
    Ok(Some(Stored {
        case_type: CaseType::parse(&s("case_type")?).ok_or_else(|| AppError::internal("bad case type"))?,
        state: CaseState::parse(&s("state")?).ok_or_else(|| AppError::internal("bad state"))?,
        version: r.try_get("version")?,
        person: DocumentNumber::parse(kind, &s("person_id_number")?).map_err(AppError::internal)?,
        person_name: s("person_name")?,
        applicant: s("applicant_account")?,
        assisted_by: r.try_get("assisted_by")?,
        jurisdiction: DivisionCode::parse(&s("jurisdiction")?).map_err(AppError::internal)?,
        form_json: s("form_json")?,
        received_on: s("received_on")?,
        deadline: s("deadline")?,
        claimed_by: r.try_get("claimed_by")?,
        claimed_name: r.try_get("claimed_name")?,
    }))
}

impl Stored {
    /// The kind's form, read as the kind's type (`cases::Form::of` picks
    /// the type from the case type).
    pub fn form<F: DeserializeOwned>(&self) -> AppResult<F> {
        serde_json::from_str(&self.form_json).map_err(|e| AppError::internal(format!("stored {} form: {e}", self.case_type.code())))
    }
}

/// The payee a form may name (a settlement's heir), whatever its kind.
#[derive(serde::Deserialize)]
struct NamedPayee {
    payee_id_kind: Option<DocumentKind>,
    payee_id_number: Option<String>,
}

/// Staff who handled the steps before the current one in this round
/// (since the last submission), and a clerk who filed it for the person.
pub(crate) async fn handlers<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, id: &str, c: &Stored) -> AppResult<Vec<String>> {
    let mut ids: Vec<String> = sqlx::query_scalar(
        "SELECT actor FROM case_events WHERE case_id = $1 AND event = 'approve' AND seq > \
         (SELECT COALESCE(MAX(seq), 0) FROM case_events WHERE case_id = $1 AND event IN ('submit', 'resubmit'))",
    )
    .bind(id)
    .fetch_all(ex)
    .await?;
    // Who filed it for the person, at a kiosk or the window, does not review it.
    ids.extend(c.assisted_by.clone());
    Ok(ids)
}

/// Does the caller act as the applicant of the case? A resident for their
/// own filings and those about them; a kiosk session only for the resident
/// served there now (never what the staff member filed for others); staff
/// on their own device for what they filed at the window.
pub(crate) fn acts_for(p: &Principal, c: &Stored) -> bool {
    let filed_by = |person: Option<&DocumentNumber>| person.is_some_and(|d| d == &c.person || c.applicant == person_key(d));
    match (&p.kiosk, p.kind) {
        (Some(_), _) => filed_by(p.served.as_ref()),
        (None, AccountKind::Resident) => c.applicant == p.account_id || filed_by(p.person.as_ref()),
        (None, AccountKind::Staff) => c.assisted_by.as_deref() == Some(p.account_id.as_str()),
    }
}

/// May this caller see the case? The applicant (`acts_for`), staff whose
/// jurisdiction holds it, auditors.
pub(crate) fn may_see(p: &Principal, c: &Stored) -> bool {
    acts_for(p, c) || (p.is_staff() && p.kiosk.is_none() && p.has_any(&CASE_ROLES) && (p.covers(&c.jurisdiction) || in_league_pool(p, c)))
}

/// A case waiting at a step of 同审统办 is open to that step's role in the
/// whole league, not only in the person's county (E5).
pub(crate) fn in_league_pool(p: &Principal, c: &Stored) -> bool {
    let CaseState::InReview(n) = c.state else { return false };
    let step = c.case_type.steps()[n as usize];
    let league = |d: &DivisionCode| d.at_level(domain::DivisionLevel::League);
    step.league_pool && p.roles.contains(&step.role) && p.jurisdiction.as_ref().and_then(league) == league(&c.jurisdiction)
}

/// Whether the case's person, or the payee it names (a settlement's heir),
/// is the staff member (linked by ID number) or someone they declared as
/// themselves or a relative (`staff_conflicts`): then they may not decide
/// it (SoD).
pub(crate) async fn conflict_of<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, p: &Principal, c: &Stored) -> AppResult<Option<String>> {
    let payee = c.form::<NamedPayee>().ok().and_then(|n| DocumentNumber::parse(n.payee_id_kind?, &n.payee_id_number?).ok());
    conflict_among(ex, p, &c.person, payee.as_ref()).await
}

/// Why a staff member may not act on a case (回避).
pub(crate) fn avoided(relation: &str) -> crate::i18n::Message {
    msg::case_avoided_relation(relation)
}

/// Refused (403) when `person` or `other` is the staff member or someone
/// they declared (回避).
pub(crate) async fn refuse_conflict<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    p: &Principal,
    person: &DocumentNumber,
    other: Option<&DocumentNumber>,
) -> AppResult<()> {
    match conflict_among(ex, p, person, other).await? {
        Some(relation) => Err(AppError::new(ErrorCode::Forbidden, avoided(&relation))),
        None => Ok(()),
    }
}

/// Whether `person` or `other` is the staff member or someone they
/// declared (回避): the relation if so.
pub(crate) async fn conflict_among<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    p: &Principal,
    person: &DocumentNumber,
    other: Option<&DocumentNumber>,
) -> AppResult<Option<String>> {
    if !p.is_staff() {
        return Ok(None);
    }
    let other = other.unwrap_or(person);
    if p.person.as_ref().is_some_and(|own| own == person || own == other) {
        return Ok(Some("本人".to_owned()));
    }
    sqlx::query_scalar(
        "SELECT relation FROM staff_conflicts WHERE account_id = $1 AND ((id_kind = $2 AND id_number = $3) OR (id_kind = $4 AND id_number = $5)) \
         ORDER BY relation LIMIT 1",
    )
    .bind(&p.account_id)
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(other.kind().code())
    .bind(other.as_str())
    .fetch_optional(ex)
    .await
    .map_err(AppError::internal)
}

/// Whether the caller may decide the current step, or why not.
pub(crate) fn decision_right(p: &Principal, c: &Stored, handled: &[String], conflict: Option<&str>) -> Result<(), crate::i18n::Message> {
    let CaseState::InReview(n) = c.state else { return Err(msg::case_not_in_review()) };
    if let Some(relation) = conflict {
        return Err(avoided(relation));
    }
    let step = c.case_type.steps()[n as usize];
    if !p.is_staff() || p.kiosk.is_some() || !p.roles.contains(&step.role) {
        return Err(msg::case_step_needs_role(step.name, step.role.label()));
    }
    if !(p.covers(&c.jurisdiction) || in_league_pool(p, c)) {
        return Err(msg::case_outside_jurisdiction());
    }
    domain::roles::may_review(handled.iter().map(String::as_str), &p.account_id).map_err(|e| crate::i18n::Message::Text(e.to_string()))?;
    match (&c.claimed_by, &c.claimed_name) {
        (Some(by), name) if *by != p.account_id => Err(msg::case_claimed_by_other(name.as_deref().unwrap_or("其他工作人员"))),
        _ => Ok(()),
    }
}

/// A field of a filed form as the case page shows it: its name, and what
/// was filed (a name of the catalogue, or text), written for the reader.
pub(crate) type Fact = (Message, Arg);

pub(crate) fn fact(label: impl Into<Message>, value: impl IntoArg) -> Fact {
    (label.into(), value.into_arg())
}

pub(crate) fn row_of(id: &str, c: &Stored, today: &str) -> CaseRow {
    CaseRow {
        id: id.to_owned(),
        case_type: for_reader(names::case_type(c.case_type)),
        case_type_code: c.case_type,
        person_name: c.person_name.clone(),
        person_document_masked: c.person.masked(),
        state: for_reader(names::case_state(c.case_type, c.state)),
        state_code: c.state.code(),
        received_on: c.received_on.clone(),
        deadline: c.deadline.clone(),
        due_today: c.state.is_open() && c.deadline == today,
        overdue: c.state.is_open() && c.deadline.as_str() < today,
        claimed_by: c.claimed_name.clone(),
    }
}

/// The caller's own applications (and those about them).
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<CaseRow>> {
    let p = caller.principal()?;
    // As `acts_for`: at a kiosk only the served resident's, never the
    // staff member's; staff on their own device what they filed for others.
    let (account, person, assisted) = match (&p.kiosk, p.kind) {
        (Some(_), _) => ("", p.served.as_ref(), ""),
        (None, AccountKind::Resident) => (p.account_id.as_str(), p.person.as_ref(), ""),
        (None, AccountKind::Staff) => ("", None, p.account_id.as_str()),
    };
    let rows = sqlx::query(&format!(
        "SELECT {ROW_COLUMNS} FROM cases WHERE (applicant_account IN ($1, $5) AND applicant_account <> '') OR (person_id_kind = $2 AND person_id_number = $3) \
         OR (assisted_by = $4 AND $4 <> '') ORDER BY created_at DESC LIMIT 100"
    ))
    .bind(account)
    .bind(person.map(|d| d.kind().code()).unwrap_or(""))
    .bind(person.map(|d| d.as_str()).unwrap_or(""))
    .bind(assisted)
    .bind(person.map(person_key).unwrap_or_default())
    .fetch_all(state.db.pool())
    .await?;
    let today = state.today().to_string();
    rows.iter().map(|r| row_from(r, &today)).collect::<Result<_, _>>().map_err(AppError::internal)
}

/// The columns a list line needs, and the line made of them.
pub(crate) const ROW_COLUMNS: &str = "id, case_type, state, person_name, person_id_number, received_on, deadline, created_at, claimed_name";

pub(crate) fn row_from(r: &sqlx::any::AnyRow, today: &str) -> Result<CaseRow, sqlx::Error> {
    let get = |k: &str| r.try_get::<String, _>(k);
    let case_type = CaseType::parse(&get("case_type")?).unwrap_or(CaseType::Enrolment);
    let st = CaseState::parse(&get("state")?).unwrap_or(CaseState::InReview(0));
    let deadline = get("deadline")?;
    Ok(CaseRow {
        id: get("id")?,
        case_type: for_reader(names::case_type(case_type)),
        case_type_code: case_type,
        person_name: get("person_name")?,
        person_document_masked: mask(&get("person_id_number")?, 6, 4),
        state: for_reader(names::case_state(case_type, st)),
        state_code: st.code(),
        received_on: get("received_on")?,
        due_today: st.is_open() && deadline == today,
        overdue: st.is_open() && deadline.as_str() < today,
        deadline,
        claimed_by: r.try_get("claimed_name")?,
    })
}

/// The caller's queue: the cases waiting for a step their roles decide in
/// their jurisdiction (or their league's pool), by deadline, first 100.
/// One index range per queue, whatever the number of open cases.
pub async fn queue(state: &AppState, caller: &Caller) -> AppResult<Vec<CaseRow>> {
    // One index range per queue key (each already in deadline order), then
    // merged: a single query over several keys would sort them all.
    let mut rows = Vec::new();
    for key in queue_keys_of(caller)? {
        rows.extend(
            sqlx::query(&format!("SELECT {ROW_COLUMNS} FROM cases WHERE queue_key = $1 ORDER BY deadline, created_at LIMIT 100"))
                .bind(key)
                .fetch_all(state.db.pool())
                .await?,
        );
    }
    let order = |r: &sqlx::any::AnyRow| (r.try_get::<String, _>("deadline").unwrap_or_default(), r.try_get::<String, _>("created_at").unwrap_or_default());
    rows.sort_by_key(order);
    rows.truncate(100);
    let today = state.today().to_string();
    rows.iter().map(|r| row_from(r, &today)).collect::<Result<_, _>>().map_err(AppError::internal)
}

pub(crate) fn queue_keys_of(caller: &Caller) -> AppResult<Vec<String>> {
    let p = caller.staff_with(&CASE_ROLES)?;
    let j = p.jurisdiction.as_ref().ok_or_else(crate::backend::identity::auth::forbidden)?;
    Ok(domain::case::queue_keys(&p.roles, j))
}

pub(crate) fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

trait BindAll<'q> {
    fn bind_all(self, values: &'q [String]) -> Self;
}

impl<'q> BindAll<'q> for sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    fn bind_all(self, values: &'q [String]) -> Self {
        values.iter().fold(self, |q, v| q.bind(v.as_str()))
    }
}

/// How many cases wait in the caller's queues, are due today, are overdue.
pub async fn queue_counts(state: &AppState, caller: &Caller) -> AppResult<crate::model::QueueCounts> {
    let keys = queue_keys_of(caller)?;
    let n = keys.len();
    let today = state.today().to_string();
    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS waiting, \
         COALESCE(SUM(CASE WHEN deadline = ${a} THEN 1 ELSE 0 END), 0) AS due_today, \
         COALESCE(SUM(CASE WHEN deadline < ${a} THEN 1 ELSE 0 END), 0) AS overdue \
         FROM cases WHERE queue_key IN ({})",
        placeholders(n),
        a = n + 1
    ))
    .bind_all(&keys)
    .bind(today)
    .fetch_one(state.db.pool())
    .await?;
    Ok(crate::model::QueueCounts { waiting: row.try_get("waiting")?, due_today: row.try_get("due_today")?, overdue: row.try_get("overdue")? })
}

/// Claims a case for the caller (a reviewer of its current step), or
/// releases the caller's claim. Someone else's claim is refused with
/// their name.
pub async fn claim(state: &AppState, caller: &Caller, id: &str, take: bool) -> AppResult<()> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await?;
    let c = load(&mut *tx, id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    let changed = if take {
        let handled = handlers(&mut *tx, id, &c).await?;
        let conflict = conflict_of(&mut *tx, p, &c).await?;
        decision_right(p, &c, &handled, conflict.as_deref()).map_err(|why| AppError::new(ErrorCode::Conflict, why))?;
        sqlx::query("UPDATE cases SET claimed_by = $2, claimed_name = $3 WHERE id = $1 AND claimed_by IS NULL")
            .bind(id)
            .bind(&p.account_id)
            .bind(&p.name)
            .execute(&mut *tx)
            .await
    } else {
        sqlx::query("UPDATE cases SET claimed_by = NULL, claimed_name = NULL WHERE id = $1 AND claimed_by = $2")
            .bind(id)
            .bind(&p.account_id)
            .execute(&mut *tx)
            .await
    }?
    .rows_affected();
    if changed != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::case_claim_status_changed()));
    }
    audit::append(&mut tx, &caller.audit(if take { "case.claim" } else { "case.release" }, Some(id.to_owned()))).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// A document of a case the caller may see; the view is audited.
pub async fn document(state: &AppState, caller: &Caller, id: &str, sha: &str) -> AppResult<(Vec<u8>, String)> {
    let p = caller.principal()?;
    let c = load(state.db.pool(), id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    let out = documents::read(state, id, sha).await?;
    let mut entry = caller.audit("case.document_view", Some(format!("{id}/{sha}")));
    entry.on_behalf_of = Some(c.person.masked());
    audit::record(&state.db, entry).await?;
    Ok(out)
}

/// The caller's latest in-app notices.
pub async fn notices(state: &AppState, caller: &Caller) -> AppResult<Vec<crate::model::Notice>> {
    let p = caller.principal()?;
    let keys = own_keys(&state.db, p).await?;
    let rows = sqlx::query(
        "SELECT created_at, text, text_mn, message_key, message_args, case_id FROM notifications WHERE account_id IN ($1, $2) ORDER BY created_at DESC LIMIT 20",
    )
        .bind(keys.first().map_or("", String::as_str))
        .bind(keys.get(1).map_or("", String::as_str))
        .fetch_all(state.db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::model::Notice {
                at: crate::backend::infra::clock::local_time(&r.try_get::<String, _>("created_at")?),
                text: match (
                    crate::backend::infra::notices::kept(r.try_get("message_key")?, r.try_get("message_args")?).and_then(|said| said.try_text(caller.lang)),
                    caller.lang,
                    r.try_get::<Option<String>, _>("text_mn")?,
                ) {
                    // Made from the catalogue: written now, in the reader's language.
                    (Some(said), _, _) => said,
                    (None, Lang::MnMong, Some(mn)) => mn,
                    // Kept before messages were: as stored.
                    (None, _, _) => r.try_get::<String, _>("text")?,
                },
                case_id: r.try_get::<Option<String>, _>("case_id")?.filter(|c| !c.is_empty()),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)
}
