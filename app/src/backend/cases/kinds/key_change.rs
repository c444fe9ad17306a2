//! Changes to an insured person's details (issue 4).
//!
//! E4: sex, ethnicity, residence address and phone apply at once (受理即办),
//! with old and new values in the audit trail.
//!
//! E5: name, birth date and document number go through the case engine
//! (复核 by the county, 审核 by any county clerk of the league: 同审统办).
//! On approval the person's records are re-keyed to the new number in one
//! transaction and the link from the old number is kept in
//! `person_key_changes`, so the history stays whole.

use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, NewCase, Stored};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::audit, infra::outbox, infra::registry, money::registration};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::model::{DetailChange, KeyChangeForm};
use crate::names;
use domain::case::CaseType;
use domain::id_number::mask_phone;
use domain::message::Channel;
use domain::registry::ETHNIC_GROUPS;
use domain::{ApplicantKind, Confirmation, DivisionCode, DocumentKind, DocumentNumber, IdNumber, Phone, Sex};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// A change of name, birth date or document (E5) as filed: the values
/// before and after.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Form {
    pub old: KeyDetails,
    pub new: KeyDetails,
    pub reason: String,
    pub confirmation: Confirmation,
}

/// The key details of a person on one side of a change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyDetails {
    pub name: String,
    pub birth_date: Option<chrono::NaiveDate>,
    pub document_kind: DocumentKind,
    pub document_number: String,
}

impl KeyDetails {
    fn document(&self) -> Option<DocumentNumber> {
        DocumentNumber::parse(self.document_kind, &self.document_number).ok()
    }
}

fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// E4: applied at once for the person this session serves.
pub async fn change_details(state: &AppState, caller: &Caller, change: &DetailChange) -> AppResult<()> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let phone = filled(&change.phone).map(Phone::parse).transpose().map_err(AppError::invalid)?;
    let phone = phone.as_ref().map(Phone::as_str);
    let address = filled(&change.residence_address);
    if address.is_some_and(|a| a.chars().count() > 100) {
        return Err(AppError::invalid(msg::key_change_address_too_long()));
    }
    let sex =
        filled(&change.sex).map(|s| Sex::from_label_or_code(s).map(Sex::code).ok_or_else(|| AppError::invalid(msg::key_change_sex_invalid()))).transpose()?;
    if let (Some(sex), Some(DocumentKind::ResidentId | DocumentKind::SocialSecurityCard)) = (sex, Some(person.kind())) {
        let from_id = IdNumber::parse(person.as_str()).map_err(AppError::internal)?.sex();
        if (from_id == Sex::Male) != (sex == "male") {
            return Err(AppError::invalid(msg::key_change_id_sex_mismatch()));
        }
    }
    let ethnicity = filled(&change.ethnicity);
    if ethnicity.is_some_and(|e| !ETHNIC_GROUPS.contains(&e)) {
        return Err(AppError::invalid(msg::key_change_choose_ethnicity()));
    }
    if phone.is_none() && address.is_none() && sex.is_none() && ethnicity.is_none() {
        return Err(AppError::invalid(msg::key_change_enter_details()));
    }
    let mut tx = state.db.begin_write().await?;
    let before: Option<(Option<String>, Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT phone, residence_address, sex, ethnicity FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let Some(old) = before else {
        return Err(AppError::invalid(msg::ledger_not_enrolled()));
    };
    let new = (
        phone.map(str::to_owned).or(old.0.clone()),
        address.map(str::to_owned).or(old.1.clone()),
        sex.map(str::to_owned).or(old.2.clone()),
        ethnicity.map(str::to_owned).or(old.3.clone()),
    );
    if new == old {
        return Err(AppError::invalid(msg::key_change_details_unchanged()));
    }
    // The number texts went to until now (the registry's when the insured
    // record has none).
    let previous = outbox::contacts(&mut *tx, &person).await?.and_then(|c| c.mobile).map(|p| p.as_str().to_owned());
    sqlx::query("UPDATE insured_persons SET phone = $3, residence_address = $4, sex = $5, ethnicity = $6 WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .bind(&new.0)
        .bind(&new.1)
        .bind(&new.2)
        .bind(&new.3)
        .execute(&mut *tx)
        .await?;
    let json = |v: &(Option<String>, Option<String>, Option<String>, Option<String>)| {
        serde_json::json!({
            "phone": v.0.as_deref().map(mask_phone), "residence_address": v.1,
            "sex": v.2.as_deref().and_then(Sex::from_label_or_code).map(Sex::label), "ethnicity": v.3,
        })
        .to_string()
    };
    let mut entry = caller.audit("person.change_details", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.before = Some(json(&old));
    entry.after = Some(json(&new));
    audit::append(&mut tx, &entry).await?;
    if let Some(account) = registration::account_in(&mut tx, &person).await? {
        registration::queue(&mut tx, &account, "changed", None).await?;
    }
    crate::backend::infra::notices::notify(&mut tx, &p.account_id, "", msg::key_change_done_notice()).await?;
    // A new mobile number is told to the old one, and receives sign-in
    // codes only later (issue 36 §1).
    let mut told = Vec::new();
    if new.0 != previous
        && let Some(number) = new.0.as_deref()
    {
        let by_staff = (p.is_staff() || p.kiosk.is_some()).then_some(p.account_id.as_str());
        told = outbox::contact_changed(&mut tx, state, &person, Channel::Sms, previous.as_deref(), &mask_phone(number), by_staff).await?;
    }
    tx.commit().await.map_err(AppError::internal)?;
    outbox::send_now(state, &told).await;
    Ok(())
}

/// The insured record's key details.
struct Insured {
    name: String,
    birth_date: Option<String>,
    village: DivisionCode,
}

async fn insured(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<Option<Insured>> {
    let row: Option<(String, Option<String>, String)> =
        sqlx::query_as("SELECT name, birth_date, village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    row.map(|(name, birth_date, village)| Ok(Insured { name, birth_date, village: DivisionCode::parse(&village).map_err(AppError::internal)? })).transpose()
}

/// The change asked for, checked: the new values (unchanged ones as they
/// are), consistent with each other.
struct KeyChange {
    name: String,
    birth_date: Option<chrono::NaiveDate>,
    document: DocumentNumber,
}

fn checked_change(form: &KeyChangeForm, current: &DocumentNumber, old: &Insured) -> AppResult<KeyChange> {
    let name = match filled(&form.new_name) {
        Some(n) if n.chars().count() > 50 => return Err(AppError::invalid(msg::key_change_name_too_long())),
        Some(n) => n.to_owned(),
        None => old.name.clone(),
    };
    let document = match filled(&form.new_document_number) {
        Some(number) => {
            let kind = match filled(&form.new_document_kind) {
                Some(k) => DocumentKind::from_label_or_code(k).ok_or_else(|| AppError::invalid(msg::key_change_choose_new_document_kind()))?,
                None => current.kind(),
            };
            DocumentNumber::parse(kind, number).map_err(|e| AppError::invalid(msg::key_change_new_id_number_error(crate::i18n::Nested(e.into()))))?
        }
        None => current.clone(),
    };
    let birth_date = match filled(&form.new_birth_date) {
        Some(d) => Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| AppError::invalid(msg::key_change_birth_date_format()))?),
        None => old.birth_date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    };
    if matches!(document.kind(), DocumentKind::ResidentId | DocumentKind::SocialSecurityCard) {
        let id = IdNumber::parse(document.as_str()).map_err(AppError::internal)?;
        if birth_date.is_some_and(|b| b != id.birth_date()) {
            return Err(AppError::invalid(if document == *current { msg::key_change_birth_needs_new_id() } else { msg::key_change_birth_id_mismatch() }));
        }
    }
    let old_birth = old.birth_date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    if name == old.name && document == *current && birth_date == old_birth {
        return Err(AppError::invalid(msg::key_change_enter_key_fields()));
    }
    Ok(KeyChange { name, birth_date, document })
}

/// E5: files a change of name, birth date or document number, with the
/// proof attached. Refused with the reason (nothing stored) when the person
/// is not insured, another such change is open, the new number belongs to
/// someone insured, or the values contradict each other.
pub async fn submit_key_change(state: &AppState, caller: &Caller, form: &KeyChangeForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let reason = cases::required(&form.reason, msg::fact_change_reason(), 200)?;
    if !uploads.iter().any(|u| u.kind == "change_proof") {
        return Err(AppError::invalid(msg::key_change_upload_proof(crate::names::document_kind("change_proof"))));
    }
    if filing.applicant_kind == ApplicantKind::Staff && !uploads.iter().any(|u| u.kind == "signed_form") {
        return Err(AppError::invalid(msg::account_check_upload_signed_form(crate::names::document_kind("signed_form"))));
    }
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    let deadline = cases::deadline_for(state, CaseType::KeyDetailChange).await?;
    let mut tx = state.db.begin_write().await?;
    let old = insured(&mut tx, &filing.person).await?.ok_or_else(|| AppError::invalid(msg::ledger_not_enrolled()))?;
    if filing.applicant_kind == ApplicantKind::Staff && !p.covers(&old.village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::account_check_own_area_only()));
    }
    let change = checked_change(form, &filing.person, &old)?;
    refuse_conflicts(&mut tx, &filing.person, &change.document).await?;
    let filed = Form {
        old: KeyDetails {
            name: old.name.clone(),
            birth_date: old.birth_date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            document_kind: filing.person.kind(),
            document_number: filing.person.as_str().to_owned(),
        },
        new: KeyDetails {
            name: change.name.clone(),
            birth_date: change.birth_date,
            document_kind: change.document.kind(),
            document_number: change.document.as_str().to_owned(),
        },
        reason,
        confirmation,
    };
    let new = NewCase { case_type: CaseType::KeyDetailChange, filing: &filing, person_name: &old.name, place: &old.village, form: &filed, deadline };
    let after = serde_json::json!({ "new_name": change.name, "new_document": change.document.masked() });
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, after).await?;
    tx.commit().await?;
    crate::backend::infra::notices::mail_received_by(state, &filing.person, crate::names::case_type(CaseType::KeyDetailChange), deadline).await;
    Ok(id)
}

async fn refuse_conflicts(tx: &mut Transaction<'_, Any>, person: &DocumentNumber, new: &DocumentNumber) -> AppResult<()> {
    cases::refuse_open(tx, CaseType::KeyDetailChange, person).await?;
    if new != person && insured_exists(tx, new).await? {
        return Err(AppError::new(ErrorCode::Conflict, msg::key_change_new_id_already_enrolled()));
    }
    Ok(())
}

async fn insured_exists(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Approval of an E5 change: every record of the person moves to the new
/// name, birth date and number, in the caller's transaction.
pub(crate) async fn apply_key_change(tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let to = DocumentNumber::parse(f.new.document_kind, &f.new.document_number).map_err(AppError::internal)?;
    let from = &c.person;
    let name = f.new.name.clone();
    let new_birth = f.new.birth_date.map(|d| d.to_string());
    if to != *from && insured_exists(tx, &to).await? {
        return Err(AppError::new(ErrorCode::Conflict, msg::key_change_new_id_enrolled_terminate()));
    }
    let old: Option<(String, Option<String>)> = sqlx::query_as("SELECT name, birth_date FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(from.kind().code())
        .bind(from.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    let Some((old_name, old_birth)) = old else {
        return Err(AppError::new(ErrorCode::Conflict, msg::key_change_no_enrolment_terminate()));
    };
    let (fk, fnum, tk, tnum) = (from.kind().code(), from.as_str(), to.kind().code(), to.as_str());
    sqlx::query("UPDATE insured_persons SET id_kind = $3, id_number = $4, name = $5, birth_date = $6 WHERE id_kind = $1 AND id_number = $2")
        .bind(fk)
        .bind(fnum)
        .bind(tk)
        .bind(tnum)
        .bind(&name)
        .bind(new_birth.clone().or(old_birth.clone()))
        .execute(&mut **tx)
        .await?;
    // Each table that names the person by document moves with them.
    let moves = [
        "UPDATE personal_accounts SET id_kind = $3, id_number = $4 WHERE id_kind = $1 AND id_number = $2",
        "UPDATE cases SET person_id_kind = $3, person_id_number = $4 WHERE person_id_kind = $1 AND person_id_number = $2",
        "UPDATE agencies SET principal_id_kind = $3, principal_id_number = $4 WHERE principal_id_kind = $1 AND principal_id_number = $2",
        // The sign-in account follows, unless the person already opened one under the new number.
        "UPDATE accounts SET id_kind = $3, id_number = $4 WHERE id_kind = $1 AND id_number = $2 \
         AND NOT EXISTS (SELECT 1 FROM accounts b WHERE b.id_kind = $3 AND b.id_number = $4)",
    ];
    for sql in moves {
        sqlx::query(sql).bind(fk).bind(fnum).bind(tk).bind(tnum).execute(&mut **tx).await?;
    }
    sqlx::query("UPDATE accounts SET display_name = $3 WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(tk)
        .bind(tnum)
        .bind(&name)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO person_key_changes (case_id, old_id_kind, old_id_number, new_id_kind, new_id_number, old_name, new_name, \
         old_birth_date, new_birth_date, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(fk)
    .bind(fnum)
    .bind(tk)
    .bind(tnum)
    .bind(&old_name)
    .bind(&name)
    .bind(old_birth)
    .bind(new_birth)
    .bind(ts(now()))
    .execute(&mut **tx)
    .await?;
    match registration::account_in(tx, &to).await? {
        Some(account) => registration::queue(tx, &account, "changed", (to != *from).then_some(from)).await,
        None => Ok(()),
    }
}

/// What a reviewer sees of an E5 case: old and new values (numbers
/// masked) and the comparison with the household registry (G2).
pub(crate) async fn facts(state: &AppState, f: &Form) -> AppResult<Vec<crate::backend::cases::engine::Fact>> {
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "—".to_owned(), |d| d.to_string());
    let new_doc = f.new.document();
    let registry = match &new_doc {
        Some(d) => registry::find(state.db.pool(), d).await?,
        None => None,
    };
    let comparison = match registry {
        None => "户籍信息中暂无新证件号码的记录：请核对变更证明".to_owned(),
        Some(r) if r.death_date.is_some() => "户籍信息显示此人已死亡：请核实".to_owned(),
        Some(r) => {
            let mut diffs = Vec::new();
            if r.name != f.new.name {
                diffs.push(format!("户籍姓名为“{}”", r.name));
            }
            if f.new.birth_date.is_some_and(|b| b.to_string() != r.birth_date) {
                diffs.push(format!("户籍出生日期为 {}", r.birth_date));
            }
            if diffs.is_empty() { "与户籍信息一致".to_owned() } else { format!("与户籍信息不一致：{}", diffs.join("；")) }
        }
    };
    let masked = |d: Option<DocumentNumber>| d.map_or_else(|| "—".to_owned(), |d| format!("{} {}", d.kind().label(), d.masked()));
    Ok(vec![
        fact(msg::fact_old_name(), f.old.name.clone()),
        fact(msg::fact_new_name(), f.new.name.clone()),
        fact(msg::fact_old_birth_date(), date(f.old.birth_date)),
        fact(msg::fact_new_birth_date(), date(f.new.birth_date)),
        fact(msg::fact_old_document(), masked(f.old.document())),
        fact(msg::fact_new_document(), masked(new_doc)),
        fact(msg::fact_change_reason(), f.reason.clone()),
        fact(Key::FactHukouCheck, comparison),
        fact(Key::FactConfirmation, names::confirmation(f.confirmation)),
    ])
}
