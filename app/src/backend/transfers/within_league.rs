//! Moves that need no peer: from one county to another in the league, and
//! the connection to the employees' scheme (制度衔接).

use crate::backend::cases::engine::{self as cases};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::new_id;
use crate::backend::{AppState, infra::audit, infra::registry, money::ledger as accounts_ledger, money::registration};
use crate::error::{AppError, AppResult, ErrorCode};
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
    let (name, village) = row.ok_or_else(|| AppError::invalid("此人没有参加城乡居民基本养老保险的记录，请核对证件号码"))?;
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, "由参保人员所在旗县的社保经办机构办理"));
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
        return Err(AppError::new(ErrorCode::Conflict, format!("不能办理制度衔接：{reason}")));
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
pub async fn move_within_league(state: &AppState, caller: &Caller, document_kind: &str, document_number: &str, village: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let person = cases::named(document_kind, document_number)?;
    let to = DivisionCode::parse(village.trim())
        .ok()
        .filter(|v| v.level() == DivisionLevel::Village)
        .ok_or_else(|| AppError::invalid("请填写迁入的村（社区）代码（12位）"))?;
    if !p.covers(&to) {
        return Err(AppError::new(ErrorCode::Forbidden, "盟市内转移由迁入地旗县社保经办机构办理：只能迁入本辖区的村（社区）"));
    }
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT village_code, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let (from, deregistered, transferred) = row.ok_or_else(|| AppError::invalid("此人没有参加城乡居民基本养老保险的记录，请核对证件号码"))?;
    if deregistered.is_some() || transferred.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "此人的养老保险关系已注销或转出"));
    }
    let from = DivisionCode::parse(&from).map_err(AppError::internal)?;
    if from.at_level(DivisionLevel::League) != to.at_level(DivisionLevel::League) {
        return Err(AppError::invalid("迁入地与原参保地不在同一盟市：请由本人在迁入地申请跨盟市关系转入"));
    }
    if from.at_level(DivisionLevel::County) == to.at_level(DivisionLevel::County) {
        return Err(AppError::invalid("本旗县范围内迁移不转移关系：直接办理居住地址变更即可"));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if pension.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "已领取待遇的人员养老保险关系不转移，继续在原参保地领取待遇"));
    }
    let registered = registry::find(&mut *tx, &person).await?.map(|r| r.village_code);
    if registered.as_deref() != Some(to.as_str()) {
        return Err(AppError::invalid("户籍登记信息尚未显示迁入该村（社区）：请核对村（社区）代码，或待户籍迁移后再办理"));
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
    Ok(format!("养老保险关系已从 {} 转入 {}（基金不转移）", from.as_str(), to.as_str()))
}
