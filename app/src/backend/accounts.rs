//! Accounts: a person's own passkeys, and staff accounts made by an
//! administrator with roles and a jurisdiction (REQUIREMENTS §2, 第十一章).

use super::auth::{Caller, hash_secret, new_id, new_secret, now, ts};
use super::{AppState, audit};
use crate::model::{Invitation, NewStaff, PasskeyRow, StaffRow};
use crate::error::{AppError, AppResult, ErrorCode};
use chrono::Duration;
use domain::roles::check_assignment;
use domain::{DivisionCode, DocumentNumber, Role};
use sqlx::Row;

/// Days an invitation to register a first passkey stays valid.
pub const INVITE_DAYS: i64 = 7;


/// The account whose passkeys the caller manages: their own; at a kiosk,
/// the served resident's (a lost phone: recovery with the ID card seen by
/// the staff member who identified them), `None` when that resident has
/// no account yet.
async fn passkey_owner(state: &AppState, caller: &Caller) -> AppResult<Option<String>> {
    let p = caller.principal()?;
    if p.kiosk.is_none() {
        return Ok(Some(p.account_id.clone()));
    }
    let person = p.served_person().ok_or_else(super::auth::forbidden)?;
    sqlx::query_scalar("SELECT id FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)
}

/// The caller's live passkeys (at a kiosk: the served resident's).
pub async fn my_passkeys(state: &AppState, caller: &Caller) -> AppResult<Vec<PasskeyRow>> {
    let Some(owner) = passkey_owner(state, caller).await? else { return Ok(Vec::new()) };
    let rows = sqlx::query(
        "SELECT id, created_at, last_used_at FROM passkeys WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at",
    )
    .bind(&owner)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    rows.iter()
        .map(|r| {
            Ok(PasskeyRow {
                id: r.try_get("id")?,
                created_at: super::auth::local_time(&r.try_get::<String, _>("created_at")?),
                last_used_at: r.try_get::<Option<String>, _>("last_used_at")?.as_deref().map(super::auth::local_time),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)
}

/// Revokes one of the caller's own passkeys (a lost phone), or at a kiosk
/// one of the served resident's: then they sign in by code on their new
/// phone and register a new one (`passkeys::registrant_account`). Someone
/// else's passkey id is "not found", and nothing changes.
pub async fn revoke_passkey(state: &AppState, caller: &Caller, passkey_id: &str) -> AppResult<()> {
    let p = caller.principal()?;
    let not_found = || AppError::not_found("没有找到这个通行密钥，可能已经作废");
    let owner = passkey_owner(state, caller).await?.ok_or_else(not_found)?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let n = sqlx::query("UPDATE passkeys SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL")
        .bind(passkey_id)
        .bind(&owner)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if n != 1 {
        return Err(not_found());
    }
    // Every other live session of the account ends (one may be on the lost
    // phone); this one stays.
    sqlx::query("UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND id_hash <> $2 AND revoked_at IS NULL")
        .bind(&owner)
        .bind(&p.session)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    audit::append(&mut tx, &caller.audit("passkey.revoke", Some(passkey_id.to_owned()))).await?;
    tx.commit().await.map_err(AppError::internal)?;
    tell_passkey_change(state, &owner, false).await;
    Ok(())
}

/// Tells the account's owner at once that a passkey was added or revoked
/// (an in-app notice; a resident also by mail): if it was not them, they
/// act before it can move money (`auth::money_gate`).
pub async fn tell_passkey_change(state: &AppState, account_id: &str, added: bool) {
    let text = if added {
        crate::i18n::Both::new(
            "您的账户刚刚登记了一个新的通行密钥。如非本人操作，请立即在“我的”中作废它，并联系旗县社保经办机构。",
            "ᠲᠠᠨ ᠤ ᠳᠠᠩᠰᠠ ᠳᠤ ᠰᠠᠶᠢᠬᠠᠨ ᠰᠢᠨ᠎ᠡ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠪᠦᠷᠢᠳᠬᠡᠪᠡ᠃ ᠲᠠ ᠥᠪᠡᠷ ᠪᠢᠰᠢ ᠪᠣᠯ ᠳᠠᠷᠤᠢ ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠣᠯᠭᠠᠵᠤ᠂ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠲᠠᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ᠃",
        )
    } else {
        crate::i18n::Both::new(
            "您的账户刚刚作废了一个通行密钥，其他设备上的登录已退出。如非本人操作，请立即联系旗县社保经办机构。",
            "ᠲᠠᠨ ᠤ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠨᠢᠭᠡ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠢ ᠰᠠᠶᠢᠬᠠᠨ ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠣᠯᠭᠠᠪᠠ᠃ ᠲᠠ ᠥᠪᠡᠷ ᠪᠢᠰᠢ ᠪᠣᠯ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠲᠠᠢ ᠳᠠᠷᠤᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ᠃",
        )
    };
    let told = async {
        let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
        super::cases::notify(&mut tx, account_id, "", &text).await?;
        tx.commit().await.map_err(AppError::internal)?;
        let person: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT id_kind, id_number FROM accounts WHERE id = $1 AND kind = 'resident'")
                .bind(account_id)
                .fetch_optional(state.db.pool())
                .await
                .map_err(AppError::internal)?;
        if let Some((Some(kind), Some(number))) = person {
            let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
            let person = DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
            let subject = crate::i18n::Both::new("通行密钥变动提醒", "ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠦᠨ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠯᠲᠡ");
            super::cases::mail_person(state, &person, &subject, &text).await;
        }
        Ok::<(), AppError>(())
    };
    if let Err(e) = told.await {
        tracing::error!("passkey change not told: {e}");
    }
}



fn parse_staff(input: &NewStaff) -> AppResult<(String, String, Vec<Role>, DivisionCode)> {
    let login = input.login.trim().to_ascii_lowercase();
    let login_ok = (3..=32).contains(&login.len())
        && login.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !login_ok {
        return Err(AppError::invalid("登录名应为3–32位字母、数字或 . _ -"));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::invalid("请填写工作人员姓名"));
    }
    let mut roles = input
        .roles
        .iter()
        .map(|r| Role::parse(r).ok_or_else(|| AppError::invalid(format!("没有这个角色：{r}"))))
        .collect::<AppResult<Vec<_>>>()?;
    roles.sort();
    roles.dedup();
    let jurisdiction = DivisionCode::parse(&input.jurisdiction).map_err(|e| AppError::invalid(e.to_string()))?;
    check_assignment(&roles, &jurisdiction).map_err(|e| AppError::invalid(e.to_string()))?;
    Ok((login, name.to_owned(), roles, jurisdiction))
}

/// An administrator creates a staff account inside their own jurisdiction.
pub async fn create_staff(state: &AppState, caller: &Caller, input: &NewStaff) -> AppResult<Invitation> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let (login, name, roles, jurisdiction) = parse_staff(input)?;
    if !admin.covers(&jurisdiction) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能在本人管辖范围内设置工作人员"));
    }
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM divisions WHERE code = $1")
        .bind(jurisdiction.as_str())
        .fetch_one(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    if known == 0 {
        return Err(AppError::invalid(format!("区划代码 {jurisdiction} 不在区划表中，请先维护区划")));
    }
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, kind, display_name, login, jurisdiction, created_at, created_by) \
         VALUES ($1, 'staff', $2, $3, $4, $5, $6) ON CONFLICT (login) DO NOTHING",
    )
    .bind(&id)
    .bind(&name)
    .bind(&login)
    .bind(jurisdiction.as_str())
    .bind(ts(now()))
    .bind(&admin.account_id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if inserted != 1 {
        return Err(AppError::new(ErrorCode::Conflict, format!("登录名 {login} 已被使用")));
    }
    for role in &roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)")
            .bind(&id)
            .bind(role.code())
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    }
    let mut entry = caller.audit("staff.create", Some(id.clone()));
    entry.after = Some(
        serde_json::json!({ "login": login, "roles": roles.iter().map(|r| r.code()).collect::<Vec<_>>(), "jurisdiction": jurisdiction.as_str() })
            .to_string(),
    );
    audit::append(&mut tx, &entry).await?;
    let invitation = invite_in(&mut tx, &id).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(invitation)
}

async fn invite_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account_id: &str) -> AppResult<Invitation> {
    let (token, now) = (new_secret(), now());
    let expires_at = ts(now + Duration::days(INVITE_DAYS));
    sqlx::query("INSERT INTO staff_invites (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash_secret(&token))
        .bind(account_id)
        .bind(ts(now))
        .bind(&expires_at)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok(Invitation { account_id: account_id.to_owned(), token, expires_at })
}

/// A new invitation for an existing staff member (a lost passkey); their
/// old passkeys are revoked.
pub async fn reinvite_staff(state: &AppState, caller: &Caller, login: &str) -> AppResult<Invitation> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let row = sqlx::query("SELECT id, jurisdiction FROM accounts WHERE kind = 'staff' AND login = $1")
        .bind(login.trim().to_ascii_lowercase())
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::not_found("没有这个登录名的工作人员"))?;
    let id: String = row.try_get("id").map_err(AppError::internal)?;
    let j: String = row.try_get("jurisdiction").map_err(AppError::internal)?;
    if !DivisionCode::parse(&j).is_ok_and(|j| admin.covers(&j)) {
        return Err(AppError::not_found("没有这个登录名的工作人员"));
    }
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    sqlx::query("UPDATE passkeys SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL")
        .bind(&id)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    audit::append(&mut tx, &caller.audit("staff.reinvite", Some(id.clone()))).await?;
    let invitation = invite_in(&mut tx, &id).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(invitation)
}


/// Staff inside the administrator's jurisdiction.
pub async fn list_staff(state: &AppState, caller: &Caller) -> AppResult<Vec<StaffRow>> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let prefix = format!("{}%", admin.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let rows = sqlx::query(
        "SELECT a.id, a.login, a.display_name, a.jurisdiction, \
         (SELECT COUNT(*) FROM passkeys p WHERE p.account_id = a.id AND p.revoked_at IS NULL) AS keys \
         FROM accounts a WHERE a.kind = 'staff' AND a.jurisdiction LIKE $1 ORDER BY a.jurisdiction, a.login",
    )
    .bind(prefix)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id").map_err(AppError::internal)?;
        let roles: Vec<String> = sqlx::query_scalar("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
            .bind(&id)
            .fetch_all(state.db.pool())
            .await
            .map_err(AppError::internal)?;
        out.push(StaffRow {
            login: r.try_get("login").map_err(AppError::internal)?,
            name: r.try_get("display_name").map_err(AppError::internal)?,
            roles: roles.iter().filter_map(|r| Role::parse(r)).map(|r| r.label().to_owned()).collect(),
            jurisdiction: r.try_get("jurisdiction").map_err(AppError::internal)?,
            has_passkey: r.try_get::<i64, _>("keys").map_err(AppError::internal)? > 0,
        });
    }
    Ok(out)
}

/// A resident's language for the mail sent to them (§4): the one they
/// switched to while signed in, or signed in with (`sessions::open`).
pub async fn remember_language(db: &super::db::Db, account_id: &str, lang: crate::i18n::Lang) -> AppResult<()> {
    sqlx::query("UPDATE accounts SET lang = $1 WHERE id = $2 AND kind = 'resident'")
        .bind(lang.tag())
        .bind(account_id)
        .execute(db.pool())
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

/// The language to write to the person in: that of their resident
/// account, Chinese when they have none or never chose.
pub async fn language_of<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, person: &DocumentNumber) -> AppResult<crate::i18n::Lang> {
    let tag: Option<Option<String>> = sqlx::query_scalar("SELECT lang FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(ex)
        .await
        .map_err(AppError::internal)?;
    Ok(tag.flatten().and_then(|t| crate::i18n::Lang::from_tag(&t)).unwrap_or_default())
}

/// The system itself acting as the region's administrator: for the first
/// administrator and the demo accounts only.
pub fn system_caller() -> Caller {
    Caller {
        principal: Some(super::auth::Principal {
            session: String::new(),
            account_id: "system".into(),
            name: "system".into(),
            kind: super::auth::AccountKind::Staff,
            person: None,
            roles: vec![Role::Administrator],
            jurisdiction: DivisionCode::parse("15").ok(),
            kiosk: None,
            served: None,
        }),
        ip: None,
        channel: "system",
        lang: crate::i18n::Lang::Zh,
    }
}

/// The first administrator, made from the command line (nobody can sign
/// in to make them). Refused when an administrator already exists.
pub async fn bootstrap_admin(state: &AppState, login: &str, name: &str, jurisdiction: &str) -> AppResult<Invitation> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_roles WHERE role = 'administrator'")
        .fetch_one(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    if existing > 0 {
        return Err(AppError::new(ErrorCode::Conflict, "已有系统管理员；其他账户请由管理员在页面上创建"));
    }
    let system = system_caller();
    let input = NewStaff {
        login: login.to_owned(),
        name: name.to_owned(),
        roles: vec![Role::Administrator.code().to_owned()],
        jurisdiction: jurisdiction.to_owned(),
    };
    create_staff(state, &system, &input).await
}
