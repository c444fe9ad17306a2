//! Moves that need no peer: from one county to another in the league, and
//! the connection to the employees' scheme (制度衔接).

use crate::backend::cases::engine::{self as cases};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::new_id;
use crate::backend::{AppState, infra::audit, infra::registry, money::ledger as accounts_ledger, money::registration};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use domain::{DivisionCode, DivisionLevel, Role};
use serde_json::json;

use crate::backend::transfers::letters::{Outgoing, release};
use crate::backend::transfers::*;

/// 制度衔接 out of this scheme: an employees' scheme agency sent its
/// 《联系函》 (the person goes to the employees' scheme, where their years
/// reach 15). A county clerk of the person's county records it; the rest
/// is the old place's part as for a transfer, with the 审批表 and 信息表
/// printed for the agency. Refused with the reason and nothing stored.
pub async fn connect_to_employees(
    state: &AppState,
    caller: &Caller,
    document_kind: &str,
    document_number: &str,
    agency: &str,
    reference: &str,
) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let person = cases::named(document_kind, document_number)?;
    let agency = cases::required(agency, "发来《联系函》的职工养老保险经办机构", 60)?;
    let reference = cases::required(reference, "《联系函》文号", 60)?;
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, String)> = sqlx::query_as("SELECT name, village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let (name, village) = row.ok_or_else(|| AppError::invalid(msg::dereg_no_insurance_record()))?;
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::transfer_handled_by_home_county()));
    }
    let league = village.at_level(DivisionLevel::League).ok_or_else(|| AppError::internal("no league"))?;
    let id = new_id();
    let out = Outgoing {
        id: &id,
        peer: &agency,
        scheme: "employee",
        league: league.as_str(),
        person: &person,
        name: &name,
        letter: format!("{agency}《联系函》（{reference}）"),
    };
    if let Err(reason) = release(state, &mut tx, &out).await? {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_cannot_link_reason(reason)));
    }
    // No 办结反馈 comes back from the other scheme: done once the money is sent.
    set_status(&mut tx, &id, "out", &["funds_sent"], "completed").await?;
    let mut entry = caller.audit("transfer.connection_out", Some(id.clone()));
    entry.on_behalf_of = Some(person.masked());
    entry.after = Some(json!({ "agency": agency, "reference": reference }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// T2: the household moved to another county of the same league: the
/// relationship (the person's place, so the jurisdiction) moves, the funds
/// stay. Within one county it is an address change (E4). Done by a county
/// clerk of the new county once the registry shows the move.
pub async fn move_within_league(
    state: &AppState,
    caller: &Caller,
    document_kind: &str,
    document_number: &str,
    village: &str,
) -> AppResult<crate::i18n::Message> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let person = cases::named(document_kind, document_number)?;
    let to = DivisionCode::parse(village.trim())
        .ok()
        .filter(|v| v.level() == DivisionLevel::Village)
        .ok_or_else(|| AppError::invalid(msg::transfer_enter_village_code()))?;
    if !p.covers(&to) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::transfer_village_not_local()));
    }
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT village_code, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let (from, deregistered, transferred) = row.ok_or_else(|| AppError::invalid(msg::dereg_no_insurance_record()))?;
    if deregistered.is_some() || transferred.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_already_deregistered_or_out()));
    }
    let from = DivisionCode::parse(&from).map_err(AppError::internal)?;
    if from.at_level(DivisionLevel::League) != to.at_level(DivisionLevel::League) {
        return Err(AppError::invalid(msg::transfer_different_league_apply()));
    }
    if from.at_level(DivisionLevel::County) == to.at_level(DivisionLevel::County) {
        return Err(AppError::invalid(msg::transfer_same_county_change_address()));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if pension.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_receiving_benefits_stays()));
    }
    let registered = registry::find(&mut *tx, &person).await?.map(|r| r.village_code);
    if registered.as_deref() != Some(to.as_str()) {
        return Err(AppError::invalid(msg::transfer_hukou_not_in_village()));
    }
    sqlx::query("UPDATE insured_persons SET village_code = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(to.as_str())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut *tx)
        .await?;
    if let Some(account) = accounts_ledger::account_of(&mut *tx, &person).await? {
        registration::queue(&mut tx, &account, "changed", None).await?;
    }
    let mut entry = caller.audit("transfer.within_league", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.before = Some(json!({ "village": from.as_str() }).to_string());
    entry.after = Some(json!({ "village": to.as_str() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(msg::transfer_moved_within_league(from.as_str(), to.as_str()))
}
