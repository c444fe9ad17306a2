//! A change of the bank card a pension is paid to: filed by the recipient,
//! decided by a second person before money goes to the new card.

use crate::backend::AppState;
use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, NewCase, Stored};
use crate::backend::identity::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::i18n::Key;
use crate::i18n::msg;
use domain::case::CaseType;
use domain::{BankCard, DivisionCode, DocumentNumber};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// A bank-card change made at a kiosk, for a second person to check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Form {
    pub bank_card: BankCard,
    /// The card it replaces, masked as the reviewer sees it.
    pub old_card: Option<String>,
}

/// The bank card the pension is paid to, changed by the recipient signed
/// in with their passkey (a one-time code is not enough to redirect money)
/// at once; made for the person by staff at a kiosk, it is a case that a
/// second staff member checks before it takes effect (`approve_bank_card`).
/// Failed payments paid again go to the new card (`payroll::reissue`); the
/// person is told either way.
pub async fn change_bank_card(state: &AppState, caller: &Caller, card: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    if p.kiosk.is_none() {
        let gate = crate::backend::identity::auth::money_gate(&state.db, p).await?;
        crate::backend::identity::auth::money_gate_refusal(gate, msg::bank_card_passkey_needed())?;
    }
    let card = cases::bank_card(card)?;
    // Read before the write transaction: no second connection while it holds one.
    let deadline = cases::deadline_for(state, CaseType::BankCardChange).await?;
    let mut tx = state.db.begin_write().await?;
    let old = card_in_payment(&mut tx, &person).await?;
    if old.as_deref() == Some(card.as_str()) {
        return Err(AppError::invalid(msg::bank_card_same_as_current()));
    }
    let masked = card.masked();
    if p.kiosk.is_some() {
        let filing = cases::filing(caller, None, None)?;
        cases::refuse_open(&mut tx, CaseType::BankCardChange, &person).await?;
        let village: String = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_one(&mut *tx)
            .await?;
        let name: String = sqlx::query_scalar("SELECT name FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_one(&mut *tx)
            .await?;
        let place = DivisionCode::parse(&village).map_err(AppError::internal)?;
        let form = Form { bank_card: card, old_card: old.as_deref().map(domain::id_number::mask_card) };
        let new = NewCase { case_type: CaseType::BankCardChange, filing: &filing, person_name: &name, place: &place, form: &form, deadline };
        let after = serde_json::json!({ "bank_card": masked });
        cases::open_case(state, &mut tx, caller, new, &[], after).await?;
        tx.commit().await?;
        crate::backend::infra::notices::tell_guarded(state, &person, &msg::bank_card_kiosk_request_subject(), &msg::bank_card_kiosk_request_mail(&masked))
            .await;
        return Ok(msg::bank_card_change_submitted(&masked));
    }
    set_bank_card(&mut tx, caller, &person, old.as_deref(), &card).await?;
    tx.commit().await?;
    tell_bank_card(state, &person, &masked).await;
    Ok(msg::bank_card_changed_confirmation(&masked))
}

/// The card of a pension in payment (`None` inside: none on file).
pub(crate) async fn card_in_payment(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<Option<String>> {
    let old: Option<Option<String>> = sqlx::query_scalar(
        "SELECT i.bank_card FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         WHERE p.id_kind = $1 AND p.id_number = $2 AND p.status <> 'stopped'",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    old.ok_or_else(|| AppError::not_found(msg::bank_card_no_pension_in_payment()))
}

pub(crate) async fn set_bank_card(
    tx: &mut Transaction<'_, Any>,
    caller: &Caller,
    person: &DocumentNumber,
    old: Option<&str>,
    card: &BankCard,
) -> AppResult<()> {
    sqlx::query("UPDATE insured_persons SET bank_card = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(card.as_str())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut **tx)
        .await?;
    let mut entry = caller.audit("pension.bank_card", Some(person.masked()));
    entry.before = old.map(domain::id_number::mask_card);
    entry.after = Some(card.masked());
    crate::backend::infra::audit::append(tx, &entry).await.map(drop)
}

pub(crate) async fn tell_bank_card(state: &AppState, person: &DocumentNumber, masked: &str) {
    crate::backend::infra::notices::tell_guarded(state, person, &msg::bank_card_changed_subject(), &msg::bank_card_changed_mail(masked)).await;
}

/// A kiosk's bank-card change approved by a second staff member: the card
/// is changed (it must still be a pension in payment) and the person told.
pub(crate) async fn approve_bank_card(tx: &mut Transaction<'_, Any>, caller: &Caller, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let card = &f.bank_card;
    let old = card_in_payment(tx, &c.person).await.map_err(|e| AppError::invalid(msg::bank_card_change_not_possible(e.message)))?;
    set_bank_card(tx, caller, &c.person, old.as_deref(), card).await?;
    let masked = card.masked();
    crate::backend::infra::notices::notify(tx, &c.applicant, id, msg::bank_card_changed_notice(masked)).await
}

/// What the reviewer sees of a bank-card change (numbers masked).
pub(crate) fn bank_card_facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    vec![fact(Key::FactNewBankCard, cases::card_fact(&f.bank_card)), fact(Key::FactOldBankCard, f.old_card.clone().unwrap_or_else(|| "—".to_owned()))]
}
