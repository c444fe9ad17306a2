//! Agents (代办人/受益人/继承人; REQUIREMENTS §2): a verified person acts
//! for one named person, for the case types the relationship allows, under
//! a commitment letter (承诺书). Today that is the death deregistration of
//! a person who has died, filed by an heir or a designated beneficiary. The
//! relationship is recorded; the agent sees only what that case needs.

use crate::backend::identity::auth::codes::RealName;
use crate::backend::identity::auth::{AccountKind, Caller};
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::{Agency, Relation};
use sqlx::Row;

/// The case types an agent may file, by relationship.
pub const DEATH_DEREGISTRATION: &str = "death_deregistration";

/// The commitment letter the agent confirms: the text on the page.
pub fn commitment() -> &'static str {
    crate::i18n::text(crate::i18n::Lang::Zh, crate::i18n::Key::AgentsCommitment)
}

/// Declarations one account may make in a day (item 10 of issue 33: the
/// answer says nothing of the registry, and a flood of guesses is bounded).
pub const DECLARATIONS_PER_DAY: crate::backend::identity::auth::throttle::Limit = crate::backend::identity::auth::throttle::Limit { max: 10, minutes: 24 * 60 };

/// The one answer to every well-formed declaration.
pub const PROVISIONAL: &str = "已记录您申报的代办关系。办理注销登记时，旗县经办机构将在初审中核对被代办人的户籍和死亡登记信息，不一致的会退回并说明原因。";

/// Records that the caller acts for the named person, provisionally:
/// nothing is looked up now (the answer would tell whether a name and
/// number are in the registry and alive); the person and the death are
/// checked at the county's 初审 of the case the relationship is used for
/// (`deregistrations::facts`). Only a resident signed in as themselves
/// (not at a kiosk on someone's behalf), with the commitment confirmed, at
/// most [`DECLARATIONS_PER_DAY`].
pub async fn declare(state: &AppState, caller: &Caller, principal: &RealName, relation: Relation, committed: bool) -> AppResult<Agency> {
    let p = caller.principal()?;
    if p.kind != AccountKind::Resident || p.kiosk.is_some() {
        return Err(AppError::new(ErrorCode::Forbidden, msg::identity_agency_agent_must_log_in()));
    }
    if !committed {
        return Err(AppError::invalid(msg::identity_agency_confirm_pledge()));
    }
    if p.person.as_ref() == Some(&principal.document) {
        return Err(AppError::invalid(msg::identity_agency_not_for_self()));
    }
    let (id, now) = (new_id(), now());
    let at = ts(now);
    let mut tx = state.db.begin_write().await?;
    let key = format!("agency:{}", p.account_id);
    crate::backend::identity::auth::throttle::check(&mut tx, &key, DECLARATIONS_PER_DAY, now).await.map_err(|e| match e.code {
        ErrorCode::RateLimited => AppError::new(ErrorCode::RateLimited, msg::identity_agency_daily_limit_reached()),
        _ => e,
    })?;
    crate::backend::identity::auth::throttle::record(&mut tx, &key, now).await?;
    let inserted = sqlx::query(
        "INSERT INTO agencies (id, agent_account, principal_id_kind, principal_id_number, relation, case_types, commitment_at, created_at, principal_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (agent_account, principal_id_kind, principal_id_number) DO NOTHING",
    )
    .bind(&id)
    .bind(&p.account_id)
    .bind(principal.document.kind().code())
    .bind(principal.document.as_str())
    .bind(relation.code())
    .bind(DEATH_DEREGISTRATION)
    .bind(&at)
    .bind(&principal.name)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        // The count stays: repeating a declaration is a guess like any other.
        tx.commit().await?;
        return Err(AppError::new(ErrorCode::Conflict, msg::identity_agency_already_declared()));
    }
    let mut entry = caller.audit("agency.declare", Some(id.clone()));
    entry.on_behalf_of = Some(principal.document.masked());
    entry.after = Some(serde_json::json!({ "relation": relation.code(), "case_types": [DEATH_DEREGISTRATION], "commitment": commitment() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Agency {
        id,
        relation: relation.label().into(),
        principal_name: principal.name.clone(),
        principal_document_masked: principal.document.masked(),
        case_types: vec![DEATH_DEREGISTRATION.into()],
        commitment_at: at,
        message: PROVISIONAL.into(),
    })
}

/// The caller's relationships. Someone else's are never listed.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<Agency>> {
    let p = caller.principal()?;
    let rows = sqlx::query(
        "SELECT g.id, g.relation, g.principal_id_number, g.case_types, g.commitment_at, g.principal_name \
         FROM agencies g WHERE g.agent_account = $1 AND g.revoked_at IS NULL ORDER BY g.created_at",
    )
    .bind(&p.account_id)
    .fetch_all(state.db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Agency {
                id: r.try_get("id")?,
                relation: Relation::parse(&r.try_get::<String, _>("relation")?).map_or("", Relation::label).to_owned(),
                principal_name: r.try_get::<Option<String>, _>("principal_name")?.unwrap_or_default(),
                principal_document_masked: domain::id_number::mask(&r.try_get::<String, _>("principal_id_number")?, 6, 4),
                case_types: r.try_get::<String, _>("case_types")?.split(';').map(str::to_owned).collect(),
                commitment_at: r.try_get("commitment_at")?,
                message: String::new(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)
}

/// One relationship of the caller, by id; another person's id is "not
/// found". Viewing it is logged (it names a person).
pub async fn view(state: &AppState, caller: &Caller, agency_id: &str) -> AppResult<Agency> {
    let found = mine(state, caller).await?.into_iter().find(|a| a.id == agency_id);
    let agency = found.ok_or_else(|| AppError::not_found(msg::identity_agency_not_found()))?;
    let mut entry = caller.audit("agency.view", Some(agency.id.clone()));
    entry.on_behalf_of = Some(agency.principal_document_masked.clone());
    audit::record(&state.db, entry).await?;
    Ok(agency)
}
