//! The case engine's service (issue 4): filing, queues, decisions, the
//! applicant's view. The rules are `domain::case::transition`; this module
//! loads a case, asks the rule, and stores the result with its event, audit
//! record and notification in one transaction. A decision names the
//! version it was made on: of two decisions at once, exactly one wins.
//!
//! `engine` holds what every kind shares and imports no kind; `kinds` holds
//! one file per case type; this file alone dispatches to them.

pub mod engine;
pub mod kinds;

pub use engine::{CASE_ROLES, FILING_ROLES, claim, document, mine, notices, queue, queue_counts};

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Key, for_reader, reader};
use crate::model::{CaseDocumentRow, CaseEventRow, CaseView};
use crate::names;
use domain::Role;
use domain::case::{Actor, CaseEvent, CaseState, CaseType, transition};
use sqlx::{Any, Row, Transaction};

use engine::*;

/// A case's form as filed, one variant per kind. The stored JSON carries
/// no tag: the case type says which variant it is.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum Form {
    Enrolment(kinds::enrolment::Form),
    KeyDetailChange(kinds::key_change::Form),
    AccountDispute(kinds::account_check::Form),
    BackPayment(kinds::back_payment::Form),
    BenefitClaim(kinds::benefit_claim::Form),
    Resumption(kinds::resumption::Form),
    BenefitReview(kinds::benefit_review::Form),
    BankCardChange(kinds::bank_card::Form),
    Deregistration(kinds::deregistration::Form),
    TransferIn(kinds::transfer_in::Form),
}

impl Form {
    /// Reads a stored form of `case_type`.
    pub(crate) fn read(case_type: CaseType, json: &str) -> Result<Form, serde_json::Error> {
        use serde_json::from_str;
        Ok(match case_type {
            CaseType::Enrolment => Form::Enrolment(from_str(json)?),
            CaseType::KeyDetailChange => Form::KeyDetailChange(from_str(json)?),
            CaseType::AccountDispute => Form::AccountDispute(from_str(json)?),
            CaseType::BackPayment => Form::BackPayment(from_str(json)?),
            CaseType::BenefitClaim => Form::BenefitClaim(from_str(json)?),
            CaseType::Resumption => Form::Resumption(from_str(json)?),
            CaseType::BenefitReview => Form::BenefitReview(from_str(json)?),
            CaseType::BankCardChange => Form::BankCardChange(from_str(json)?),
            CaseType::Deregistration => Form::Deregistration(from_str(json)?),
            CaseType::TransferIn => Form::TransferIn(from_str(json)?),
        })
    }

    pub(crate) fn of(c: &Stored) -> AppResult<Form> {
        Form::read(c.case_type, &c.form_json).map_err(|e| AppError::internal(format!("stored {} form: {e}", c.case_type.code())))
    }
}

/// A decision on the current step, made on `version`.
pub async fn decide(state: &AppState, caller: &Caller, id: &str, version: i64, event: CaseEvent) -> AppResult<CaseState> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await?;
    let c = load(&mut *tx, id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    if c.version != version {
        return Err(changed_meanwhile());
    }
    let handled = handlers(&mut *tx, id, &c).await?;
    let conflict = conflict_of(&mut *tx, p, &c).await?;
    if let Err(why) = decision_right(p, &c, &handled, conflict.as_deref()) {
        return Err(AppError::new(ErrorCode::Forbidden, why));
    }
    let next = transition(c.case_type, c.state, &event, &Actor::Staff { id: &p.account_id, roles: &p.roles }, handled.iter().map(String::as_str))
        .map_err(AppError::invalid)?;
    let since = crate::backend::infra::clock::ts_micros(now());
    apply(state, &mut tx, caller, id, &c, version, &event, next).await?;
    tx.commit().await?;
    if let Some(said) = outcome(c.case_type, next, event.reason().unwrap_or_default()) {
        // The mail says what the notices of this decision said (an approved
        // claim's amount, a settlement's total), to whom they concern.
        let told = told_since(state, id, &c.applicant, &since).await.unwrap_or_default();
        let to = addressee(state, &c).await;
        crate::backend::infra::notices::mail_in_language(state, &to, |lang| {
            let body = if told.is_empty() { said.text(lang) } else { told.iter().map(|t| t.text(lang)).collect::<Vec<_>>().join("\n") };
            (crate::i18n::text(lang, names::case_type(c.case_type)).to_owned(), body)
        })
        .await;
    }
    Ok(next)
}

/// A notice as kept: its message, or (one that is several joined) what it
/// said in each language when made.
struct Told {
    said: Option<crate::i18n::Message>,
    zh: String,
    mn: Option<String>,
}

impl Told {
    fn text(&self, lang: crate::i18n::Lang) -> String {
        match (&self.said, lang, &self.mn) {
            (Some(said), _, _) => said.text(lang),
            (None, crate::i18n::Lang::MnMong, Some(mn)) => mn.clone(),
            (None, _, _) => self.zh.clone(),
        }
    }
}

/// The notices written to `applicant` about case `id` from `since` on,
/// the latest first.
async fn told_since(state: &AppState, id: &str, applicant: &str, since: &str) -> AppResult<Vec<Told>> {
    let rows: Vec<(Option<String>, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT message_key, message_args, text, text_mn FROM notifications WHERE case_id = $1 AND account_id = $2 AND created_at >= $3 \
         ORDER BY created_at DESC",
    )
    .bind(id)
    .bind(applicant)
    .bind(since)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows.into_iter().map(|(key, args, zh, mn)| Told { said: crate::backend::infra::notices::kept(key, args), zh, mn }).collect())
}

/// Whom a case's mail goes to: for a deregistration the one who is paid
/// (an heir, whoever filed it: never the deceased's own address); else the
/// resident who applied (for themselves or, as an agent, for a relative),
/// or, for a case filed by staff, the person.
async fn addressee(state: &AppState, c: &Stored) -> domain::DocumentNumber {
    if let Ok(Form::Deregistration(f)) = Form::of(c)
        && let Ok(doc) = domain::DocumentNumber::parse(f.payee_id_kind, &f.payee_id_number)
    {
        return doc;
    }
    let applicant: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT kind, id_kind, id_number FROM accounts WHERE id = $1").bind(&c.applicant).fetch_optional(state.db.pool()).await.ok().flatten();
    if let Some(("resident", Some(kind), Some(number))) = applicant.as_ref().map(|(a, k, n)| (a.as_str(), k.as_deref(), n.as_deref()))
        && let Some(doc) = domain::DocumentKind::from_code(kind).and_then(|k| domain::DocumentNumber::parse(k, number).ok())
    {
        return doc;
    }
    c.person.clone()
}

/// The applicant resubmits after a return, or withdraws.
pub async fn applicant_acts(state: &AppState, caller: &Caller, id: &str, version: i64, event: CaseEvent) -> AppResult<CaseState> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await?;
    let c = load(&mut *tx, id).await?.filter(|c| acts_for(p, c)).ok_or_else(not_found)?;
    if c.version != version {
        return Err(changed_meanwhile());
    }
    let next = transition(c.case_type, c.state, &event, &Actor::Applicant, []).map_err(AppError::invalid)?;
    apply(state, &mut tx, caller, id, &c, version, &event, next).await?;
    tx.commit().await?;
    Ok(next)
}

/// Stores a transition: the version check, the event, the notice, the
/// audit record, and what an approval brings about.
#[allow(clippy::too_many_arguments)]
async fn apply(
    state: &AppState,
    tx: &mut Transaction<'_, Any>,
    caller: &Caller,
    id: &str,
    c: &Stored,
    version: i64,
    event: &CaseEvent,
    next: CaseState,
) -> AppResult<()> {
    let p = caller.principal()?;
    let changed = sqlx::query(
        "UPDATE cases SET state = $2, version = version + 1, updated_at = $3, queue_key = $5, claimed_by = NULL, claimed_name = NULL \
         WHERE id = $1 AND version = $4",
    )
    .bind(id)
    .bind(next.code())
    .bind(ts(now()))
    .bind(version)
    .bind(queue_key(c.case_type, next, &c.jurisdiction))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(changed_meanwhile());
    }
    record_event(tx, id, p, event.code(), Some(c.state), next, event.reason()).await?;
    // The form is read only for what needs it (a return, a withdrawal or a
    // termination never does, so they work whatever is stored).
    if c.case_type == CaseType::AccountDispute
        && matches!(event, CaseEvent::Approve)
        && c.state == CaseState::InReview(0)
        && let Form::AccountDispute(f) = Form::of(c)?
    {
        kinds::account_check::finding_recorded(&f)?;
    }
    if next == CaseState::Approved {
        match &Form::of(c)? {
            Form::Enrolment(f) => kinds::enrolment::approve(state, tx, id, c, f).await?,
            Form::KeyDetailChange(f) => kinds::key_change::apply_key_change(tx, id, c, f).await?,
            Form::AccountDispute(f) => kinds::account_check::apply_correction(state, tx, id, c, f).await?,
            Form::BackPayment(f) => kinds::back_payment::approve(state, tx, id, c, f).await?,
            Form::BenefitClaim(f) => kinds::benefit_claim::approve(state, tx, id, c, f).await?,
            Form::Resumption(_) => kinds::resumption::approve_resumption(state, tx, id, c).await?,
            Form::BenefitReview(_) => kinds::benefit_review::approve(state, tx, id, c).await?,
            Form::Deregistration(f) => kinds::deregistration::approve(state, tx, id, c, f).await?,
            Form::TransferIn(f) => kinds::transfer_in::approve_in(state, tx, id, c, f).await?,
            Form::BankCardChange(f) => kinds::bank_card::approve_bank_card(tx, caller, id, c, f).await?,
        }
    }
    if let Some(text) = outcome(c.case_type, next, event.reason().unwrap_or_default()) {
        crate::backend::infra::notices::notify(tx, &c.applicant, id, text).await?;
    }
    let mut entry = caller.audit(&format!("case.{}", event.code()), Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    entry.before = Some(serde_json::json!({ "state": c.state.code(), "version": version }).to_string());
    entry.after = Some(serde_json::json!({ "state": next.code(), "reason": event.reason() }).to_string());
    audit::append(tx, &entry).await.map(|_| ())
}

/// One case, for those who may see it; anyone else gets "not found".
pub async fn view(state: &AppState, caller: &Caller, id: &str) -> AppResult<CaseView> {
    let p = caller.principal()?;
    let c = load(state.db.pool(), id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    let handled = handlers(state.db.pool(), id, &c).await?;
    let conflict = conflict_of(state.db.pool(), p, &c).await?;
    let right = decision_right(p, &c, &handled, conflict.as_deref());
    let events = sqlx::query("SELECT at, actor_name, event, to_state, reason FROM case_events WHERE case_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(state.db.pool())
        .await?;
    let mut timeline = Vec::new();
    for e in &events {
        let get = |k: &str| e.try_get::<String, _>(k).map_err(AppError::internal);
        let to = CaseState::parse(&get("to_state")?).map_or_else(String::new, |s| for_reader(names::case_state(c.case_type, s)));
        timeline.push(CaseEventRow {
            at: crate::backend::infra::clock::local_time(&get("at")?),
            actor_name: get("actor_name")?,
            event: for_reader(names::case_event(&get("event")?)),
            state: to,
            reason: e.try_get("reason")?,
        });
    }
    let docs = sqlx::query(
        "SELECT c.kind, c.file_name, c.sha256, d.media_type FROM case_documents c JOIN documents d ON d.sha256 = c.sha256 \
         WHERE c.case_id = $1 ORDER BY c.uploaded_at, c.kind",
    )
    .bind(id)
    .fetch_all(state.db.pool())
    .await?;
    let documents = docs
        .iter()
        .map(|d| {
            let kind: String = d.try_get("kind")?;
            Ok(CaseDocumentRow {
                kind: for_reader(names::document_kind(&kind)),
                file_name: d.try_get("file_name")?,
                sha256: d.try_get("sha256")?,
                media_type: d.try_get("media_type")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let county_clerk = c.case_type == CaseType::TransferIn && p.is_staff() && p.has_any(&[Role::CountyClerk]) && p.covers(&c.jurisdiction);
    // A stored form that does not read as its kind (logged by `Form::of`):
    // the page says so rather than failing, and a return or termination
    // still works; an approval refuses.
    let form = match Form::of(&c) {
        Err(_) => vec![fact(Key::FactForm, Key::FactFormUnreadable)],
        Ok(Form::KeyDetailChange(f)) => kinds::key_change::facts(state, &f).await?,
        Ok(Form::AccountDispute(f)) => kinds::account_check::facts(&f),
        Ok(Form::BackPayment(f)) => kinds::back_payment::facts(&f),
        Ok(Form::BenefitClaim(f)) => kinds::benefit_claim::facts(&f),
        Ok(Form::Resumption(f)) => kinds::resumption::resumption_facts(&f),
        Ok(Form::BenefitReview(f)) => kinds::benefit_review::facts(&f),
        Ok(Form::BankCardChange(f)) => kinds::bank_card::bank_card_facts(&f),
        Ok(Form::Deregistration(f)) => kinds::deregistration::facts(state, id, &c, &f, p.is_staff() && p.kiosk.is_none()).await?,
        Ok(Form::TransferIn(f)) => kinds::transfer_in::facts(state, id, &c, &f).await?,
        Ok(Form::Enrolment(f)) => kinds::enrolment::facts(&f),
    };
    let mine = acts_for(p, &c);
    let needed = (c.state == CaseState::Returned).then(|| timeline.iter().rev().find_map(|e| e.reason.clone())).flatten();
    let mut entry = caller.audit("case.view", Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    audit::record(&state.db, entry).await?;
    Ok(CaseView {
        row: row_of(id, &c, &state.today().to_string()),
        version: c.version,
        form: form.into_iter().map(|(label, value)| (label.text(reader()), value.text(reader()))).collect(),
        documents,
        timeline,
        needed,
        can_decide: right.is_ok(),
        needs_finding: right.is_ok() && c.case_type == CaseType::AccountDispute && c.state == CaseState::InReview(0),
        cannot_decide_because: right.clone().err().filter(|_| p.is_staff()).map(|why| why.text(caller.lang)),
        can_resubmit: mine && c.state == CaseState::Returned,
        can_withdraw: mine && c.state.is_open(),
        can_claim: right.is_ok() && c.claimed_by.is_none(),
        can_release: c.claimed_by.as_deref() == Some(p.account_id.as_str()),
        awaiting_funds: if county_clerk { crate::backend::cases::kinds::transfer_in::awaiting_funds(state, id).await? } else { None },
        awaiting_connection: county_clerk && crate::backend::cases::kinds::transfer_in::awaiting_connection(state, id).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forms filed before a field existed still read (the fixture in
    /// `server/tests/it/release_rows.rs` holds the last release's rows).
    #[test]
    fn forms_from_before_a_field_existed_still_read() {
        let transfer = r#"{"from_league":"1502","from_name":"包头市","enrolled_here":true,"registry_village":"150121100001",
            "registry":{"sex":"male","birth_date":"1960-01-01","ethnicity":"汉族"},"confirmation":"网上声明"}"#;
        let Ok(Form::TransferIn(t)) = Form::read(CaseType::TransferIn, transfer) else { panic!("transfer-in without scheme") };
        assert_eq!((t.scheme, t.returning, t.registration.is_none()), (kinds::transfer_in::Scheme::Resident, false, true));
        let resumption = r#"{"reason":"已回国","suspended_for":"未认证","confirmation":"签字"}"#;
        let Ok(Form::Resumption(r)) = Form::read(CaseType::Resumption, resumption) else { panic!("resumption without monthly") };
        assert_eq!((r.monthly, r.confirmation), (None, domain::Confirmation::Signature));
        let claim = r#"{"first_month":"2025-07","age":60,"years":15,"balance":"6000.00","divisor":139,"basic":"203.00","account":"43.17",
            "extra":"0.00","monthly":"246.17","bank_card":"621700001111","confirmation":"网上声明"}"#;
        let Ok(Form::BenefitClaim(c)) = Form::read(CaseType::BenefitClaim, claim) else { panic!("claim without interest and a 12-digit card") };
        assert_eq!((c.interest, c.bank_card.as_str()), (domain::Yuan::ZERO, "621700001111"));
        assert!(Form::read(CaseType::Enrolment, "{}").is_err(), "an empty form is not an enrolment");
    }
}
