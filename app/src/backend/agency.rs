//! Agents (代办人/受益人/继承人; REQUIREMENTS §2): a verified person acts
//! for one named person, for the case types the relationship allows, under
//! a commitment letter (承诺书). Today that is the death deregistration of
//! a person who has died, filed by an heir or a designated beneficiary. The
//! relationship is recorded; the agent sees only what that case needs.

use super::auth::codes::RealName;
use super::auth::{AccountKind, Caller, new_id, now, ts};
use super::{AppState, audit, registry};
use crate::model::{Agency, Relation};
use crate::error::{AppError, AppResult, ErrorCode};
use sqlx::Row;

/// The case types an agent may file, by relationship.
pub const DEATH_DEREGISTRATION: &str = "death_deregistration";

/// The commitment letter the agent confirms: the text on the page.
pub fn commitment() -> &'static str {
    crate::i18n::text(crate::i18n::Lang::Zh, crate::i18n::Key::AgentsCommitment)
}




/// Records that the caller acts for the named person. Only a resident
/// signed in as themselves (not at a kiosk on someone's behalf), only for
/// a person who has died according to the registry, and only with the
/// commitment confirmed.
pub async fn declare(state: &AppState, caller: &Caller, principal: &RealName, relation: Relation, committed: bool) -> AppResult<Agency> {
    let p = caller.principal()?;
    if p.kind != AccountKind::Resident {
        return Err(AppError::new(ErrorCode::Forbidden, "代办关系须由代办人本人登录后申报"));
    }
    if !committed {
        return Err(AppError::invalid("请阅读并确认承诺书"));
    }
    if p.person.as_ref() == Some(&principal.document) {
        return Err(AppError::invalid("不能为本人申报代办关系"));
    }
    let record = registry::find(state.db.pool(), &principal.document)
        .await?
        .filter(|r| r.name == principal.name)
        .ok_or_else(|| AppError::invalid("被代办人的姓名与证件号码和户籍登记信息不一致，请核对"))?;
    if record.death_date.is_none() {
        return Err(AppError::invalid(
            "户籍登记信息中被代办人尚未登记死亡，暂不能申报注销代办；如已去世，请先到户籍所在地派出所办理死亡登记",
        ));
    }
    let (id, at) = (new_id(), ts(now()));
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let inserted = sqlx::query(
        "INSERT INTO agencies (id, agent_account, principal_id_kind, principal_id_number, relation, case_types, commitment_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (agent_account, principal_id_kind, principal_id_number) DO NOTHING",
    )
    .bind(&id)
    .bind(&p.account_id)
    .bind(principal.document.kind().code())
    .bind(principal.document.as_str())
    .bind(relation.code())
    .bind(DEATH_DEREGISTRATION)
    .bind(&at)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if inserted != 1 {
        return Err(AppError::new(ErrorCode::Conflict, "您已申报过为这位人员代办"));
    }
    let mut entry = caller.audit("agency.declare", Some(id.clone()));
    entry.on_behalf_of = Some(principal.document.masked());
    entry.after = Some(serde_json::json!({ "relation": relation.code(), "case_types": [DEATH_DEREGISTRATION], "commitment": commitment() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(Agency {
        id,
        relation: relation.label().into(),
        principal_name: principal.name.clone(),
        principal_document_masked: principal.document.masked(),
        death_date: record.death_date,
        case_types: vec![DEATH_DEREGISTRATION.into()],
        commitment_at: at,
    })
}

/// The caller's relationships. Someone else's are never listed.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<Agency>> {
    let p = caller.principal()?;
    let rows = sqlx::query(
        "SELECT g.id, g.relation, g.principal_id_number, g.case_types, g.commitment_at, r.name, r.death_date \
         FROM agencies g LEFT JOIN registry_persons r ON r.id_kind = g.principal_id_kind AND r.id_number = g.principal_id_number \
         WHERE g.agent_account = $1 AND g.revoked_at IS NULL ORDER BY g.created_at",
    )
    .bind(&p.account_id)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    rows.iter()
        .map(|r| {
            Ok(Agency {
                id: r.try_get("id")?,
                relation: Relation::parse(&r.try_get::<String, _>("relation")?).map_or("", Relation::label).to_owned(),
                principal_name: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
                principal_document_masked: domain::id_number::mask(&r.try_get::<String, _>("principal_id_number")?, 6, 4),
                death_date: r.try_get("death_date")?,
                case_types: r.try_get::<String, _>("case_types")?.split(';').map(str::to_owned).collect(),
                commitment_at: r.try_get("commitment_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)
}

/// One relationship of the caller, by id; another person's id is "not
/// found". Viewing it is logged (it names a person).
pub async fn view(state: &AppState, caller: &Caller, agency_id: &str) -> AppResult<Agency> {
    let found = mine(state, caller).await?.into_iter().find(|a| a.id == agency_id);
    let agency = found.ok_or_else(|| AppError::not_found("没有找到这条代办关系"))?;
    let mut entry = caller.audit("agency.view", Some(agency.id.clone()));
    entry.on_behalf_of = Some(agency.principal_document_masked.clone());
    audit::record(&state.db, entry).await?;
    Ok(agency)
}
