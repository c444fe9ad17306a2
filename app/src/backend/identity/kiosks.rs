//! Township kiosks (自助终端; REQUIREMENTS §4 kiosk mode, issue 3).
//!
//! An administrator registers a kiosk for a township and gets a one-time
//! setup code; opening it on the device gives the device a token (an
//! HttpOnly cookie: it identifies the device, not a person). A staff member
//! of the area unlocks the kiosk with their own passkey
//! ([`crate::backend::identity::auth::passkeys::finish_sign_in`]), identifies the resident by
//! ID number and name as the card reader gives them, and attests that they
//! saw the card. "Finish", or three idle minutes, ends the session; the
//! browser keeps nothing of the person.

use crate::backend::identity::auth::codes::RealName;
use crate::backend::identity::auth::{Caller, hash_secret, new_secret, sessions};
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::{AppState, infra::audit, infra::registry};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::{KioskSetup, NewKiosk};
use domain::{DivisionCode, DivisionLevel, Role};

/// The device cookie's name. HttpOnly; long-lived; identifies the kiosk
/// only. Over TLS `__Host-`: no other host of the domain can set it.
pub fn device_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-kiosk_device" } else { "kiosk_device" }
}

pub fn device_cookie(token: &str, secure: bool) -> String {
    format!("{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=315360000{}", device_cookie_name(secure), if secure { "; Secure" } else { "" })
}

pub async fn register(state: &AppState, caller: &Caller, input: &NewKiosk) -> AppResult<KioskSetup> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let township = DivisionCode::parse(&input.township).map_err(AppError::invalid)?;
    if township.level() != DivisionLevel::Township {
        return Err(AppError::invalid(msg::kiosk_need_township_code()));
    }
    if !admin.covers(&township) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::kiosk_outside_jurisdiction()));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::invalid(msg::kiosk_enter_name()));
    }
    let (kiosk_id, setup_code) = (new_id(), new_secret());
    let mut tx = state.db.begin_write().await?;
    sqlx::query("INSERT INTO kiosks (id, name, township, setup_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&kiosk_id)
        .bind(name)
        .bind(township.as_str())
        .bind(hash_secret(&setup_code))
        .bind(ts(now()))
        .bind(&admin.account_id)
        .execute(&mut *tx)
        .await?;
    let mut entry = caller.audit("kiosk.register", Some(kiosk_id.clone()));
    entry.after = Some(serde_json::json!({ "name": name, "township": township.as_str() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(KioskSetup { kiosk_id, setup_code })
}

/// The kiosks of the administrator's jurisdiction.
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<crate::model::KioskRow>> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let prefix = format!("{}%", admin.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let rows: Vec<(String, String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, name, township, token_hash, revoked_at FROM kiosks WHERE township LIKE $1 ORDER BY township, name")
            .bind(prefix)
            .fetch_all(state.db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, township, token, revoked)| crate::model::KioskRow { id, name, township, set_up: token.is_some(), revoked: revoked.is_some() })
        .collect())
}

/// Revokes a kiosk (lost, stolen, replaced): its device token and setup
/// link stop working, and every session on it ends at once.
pub async fn revoke(state: &AppState, caller: &Caller, kiosk_id: &str) -> AppResult<()> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let not_found = || AppError::not_found(msg::kiosk_not_found());
    let township: String =
        sqlx::query_scalar("SELECT township FROM kiosks WHERE id = $1").bind(kiosk_id).fetch_optional(state.db.pool()).await?.ok_or_else(not_found)?;
    if !DivisionCode::parse(&township).is_ok_and(|t| admin.covers(&t)) {
        return Err(not_found());
    }
    let now = ts(now());
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("UPDATE kiosks SET revoked_at = $2, setup_hash = NULL WHERE id = $1 AND revoked_at IS NULL")
        .bind(kiosk_id)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::kiosk_already_disabled()));
    }
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE kiosk_id = $1 AND revoked_at IS NULL").bind(kiosk_id).bind(&now).execute(&mut *tx).await?;
    audit::append(&mut tx, &caller.audit("kiosk.revoke", Some(kiosk_id.to_owned()))).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// Turns a setup code into the device token (once).
pub async fn set_up_device(state: &AppState, caller: &Caller, setup_code: &str) -> AppResult<String> {
    let token = new_secret();
    let mut tx = state.db.begin_write().await?;
    let id: Option<String> =
        sqlx::query_scalar("UPDATE kiosks SET token_hash = $2, setup_hash = NULL WHERE setup_hash = $1 AND revoked_at IS NULL RETURNING id")
            .bind(hash_secret(setup_code.trim()))
            .bind(hash_secret(&token))
            .fetch_optional(&mut *tx)
            .await?;
    let Some(id) = id else {
        return Err(AppError::invalid(msg::kiosk_setup_code_invalid()));
    };
    let mut entry = caller.audit("kiosk.device_set_up", Some(id.clone()));
    entry.kiosk = Some(id);
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(token)
}

/// The staff member at the kiosk identifies the resident in front of them.
pub async fn identify(state: &AppState, caller: &Caller, who: &RealName, attested: bool) -> AppResult<()> {
    let p = caller.principal()?;
    if p.kiosk.is_none() || !p.is_staff() {
        return Err(AppError::new(ErrorCode::Forbidden, msg::kiosk_must_be_unlocked()));
    }
    if !attested {
        return Err(AppError::invalid(msg::kiosk_staff_verify_id_card()));
    }
    let found = registry::find(state.db.pool(), &who.document).await?;
    if !found.as_ref().is_some_and(|r| r.name == who.name && r.death_date.is_none()) {
        return Err(AppError::invalid(msg::kiosk_name_id_mismatch()));
    }
    // Only residents of the unlocking staff member's jurisdiction: by the
    // household register, or where they are insured.
    let insured: Option<String> = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(who.document.kind().code())
        .bind(who.document.as_str())
        .fetch_optional(state.db.pool())
        .await?;
    let local = found.iter().map(|r| r.village_code.clone()).chain(insured).any(|v| DivisionCode::parse(&v).is_ok_and(|v| p.covers(&v)));
    if !local {
        return Err(AppError::new(ErrorCode::Forbidden, msg::kiosk_resident_outside_area()));
    }
    let mut tx = state.db.begin_write().await?;
    sessions::serve(&mut tx, &p.session, Some(&who.document)).await?;
    let mut entry = caller.audit("kiosk.identify", Some(who.document.masked()));
    entry.on_behalf_of = Some(who.document.masked());
    entry.after = Some(r#"{"card_seen_by_staff":true}"#.into());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// "Finish": the kiosk session ends; the staff member unlocks again for
/// the next resident.
pub async fn finish(state: &AppState, caller: &Caller) -> AppResult<()> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await?;
    sessions::revoke(&mut tx, &p.session, now()).await?;
    audit::append(&mut tx, &caller.audit("kiosk.finish", None)).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// The demo kiosk: registered once; while no device holds it, a fresh
/// setup code at each start (earlier codes stop working).
pub async fn demo_setup_code(state: &AppState, name: &str, township: &str) -> AppResult<Option<String>> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT id, token_hash FROM kiosks WHERE name = $1").bind(name).fetch_optional(state.db.pool()).await?;
    match row {
        None => {
            let input = NewKiosk { name: name.into(), township: township.into() };
            Ok(Some(register(state, &crate::backend::identity::staff::system_caller(), &input).await?.setup_code))
        }
        Some((_, Some(_))) => Ok(None),
        Some((id, None)) => {
            let code = new_secret();
            sqlx::query("UPDATE kiosks SET setup_hash = $2 WHERE id = $1 AND token_hash IS NULL")
                .bind(&id)
                .bind(hash_secret(&code))
                .execute(state.db.pool())
                .await?;
            Ok(Some(code))
        }
    }
}
