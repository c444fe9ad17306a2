//! Passkey ceremonies (webauthn-rs; user verification required).
//!
//! A ceremony has two halves. The first stores the server's state in the
//! database, bound to the browser that asked by a hash of a short-lived
//! cookie, and sends the options; the second takes that state exactly once
//! (a replayed or foreign response finds nothing), before it expires. The
//! taking is committed on its own, so a failed attempt still uses it up.
//! A credential id can be registered once only (a unique constraint), and
//! the signature counter is kept.

use super::throttle::{self, Limit, REQUESTS_PER_IP};
use super::{AccountKind, Caller, hash_secret, new_secret, sessions};
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use domain::{DivisionCode, Role};
use sqlx::Row;
use webauthn_rs::prelude::{DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Uuid};

pub const CEREMONY_MINUTES: i64 = 5;
/// Failed passkey sign-ins from one address.
pub const FAILURES_PER_IP: Limit = Limit { max: 20, minutes: 15 };
/// The staff roles that may unlock a kiosk of their area.
pub const KIOSK_ROLES: [Role; 3] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk];

/// What the browser needs for the second half.
#[derive(Debug)]
pub struct Started {
    pub ceremony_id: String,
    /// Goes into the ceremony cookie, never stored.
    pub binding: String,
    /// `publicKey` options for `navigator.credentials.create/get`.
    pub options: serde_json::Value,
}

fn credential_key(raw: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(raw)
}

fn account_uuid(account_id: &str) -> AppResult<Uuid> {
    Uuid::parse_str(account_id).map_err(AppError::internal)
}

async fn store(state: &AppState, purpose: &str, account_id: Option<&str>, server_state: String) -> AppResult<(String, String)> {
    let (id, binding, now) = (new_id(), new_secret(), now());
    sqlx::query(
        "INSERT INTO ceremonies (id, purpose, account_id, binding_hash, state_json, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(purpose)
    .bind(account_id)
    .bind(hash_secret(&binding))
    .bind(server_state)
    .bind(ts(now))
    .bind(ts(now + Duration::minutes(CEREMONY_MINUTES)))
    .execute(state.db.pool())
    .await?;
    Ok((id, binding))
}

/// Takes a ceremony's state once. `None`: unknown, used, expired, or
/// started by another browser.
async fn take(state: &AppState, purpose: &str, id: &str, binding: &str) -> AppResult<Option<(Option<String>, String)>> {
    let now = ts(now());
    let mut tx = state.db.begin_write().await?;
    let taken = sqlx::query(
        "UPDATE ceremonies SET used_at = $4 WHERE id = $1 AND purpose = $2 AND binding_hash = $3 \
         AND used_at IS NULL AND expires_at > $4",
    )
    .bind(id)
    .bind(purpose)
    .bind(hash_secret(binding))
    .bind(&now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Ok(None);
    }
    let row = sqlx::query("SELECT account_id, state_json FROM ceremonies WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(Some((row.try_get("account_id")?, row.try_get("state_json")?)))
}

/// Who is registering: the signed-in caller, or a new staff member with
/// the invitation an administrator gave them.
#[derive(Debug, Clone)]
pub enum Registrant {
    Caller,
    Invited { token: String },
}

async fn registrant_account(state: &AppState, caller: &Caller, who: &Registrant) -> AppResult<String> {
    match who {
        Registrant::Caller => {
            let p = caller.principal()?;
            if p.kiosk.is_some() {
                return Err(AppError::new(ErrorCode::Forbidden, msg::auth_no_passkey_on_kiosk()));
            }
            // A one-time code (a mailbox someone else may read) does not add
            // a passkey to an account that has one: that would outlive it.
            let (method, keys): (String, i64) = sqlx::query_as(
                "SELECT s.method, (SELECT COUNT(*) FROM passkeys k WHERE k.account_id = s.account_id AND k.revoked_at IS NULL) \
                 FROM sessions s WHERE s.id_hash = $1",
            )
            .bind(&p.session)
            .fetch_one(state.db.pool())
            .await?;
            if method == "code" && keys > 0 {
                return Err(AppError::new(ErrorCode::Forbidden, msg::auth_passkey_exists_code_login()));
            }
            Ok(p.account_id.clone())
        }
        Registrant::Invited { token } => sqlx::query_scalar(
            "SELECT i.account_id FROM staff_invites i JOIN accounts a ON a.id = i.account_id \
             WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.voided_at IS NULL AND i.expires_at > $2 AND a.disabled_at IS NULL",
        )
        .bind(hash_secret(token))
        .bind(ts(now()))
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| AppError::invalid(msg::auth_invite_link_invalid())),
    }
}

pub async fn start_registration(state: &AppState, caller: &Caller, who: &Registrant) -> AppResult<Started> {
    let account_id = registrant_account(state, caller, who).await?;
    throttle::admit(&state.db, &format!("ceremony:{}", throttle::ip_key(caller.ip.as_deref())), throttle::CEREMONIES_PER_IP).await?;
    let row =
        sqlx::query("SELECT display_name, COALESCE(login, id) AS user_name FROM accounts WHERE id = $1").bind(&account_id).fetch_one(state.db.pool()).await?;
    let name: String = row.try_get("display_name")?;
    let user_name: String = row.try_get("user_name")?;
    let existing = passkeys_of(state, &account_id).await?;
    let exclude = existing.iter().map(|(_, pk)| pk.cred_id().clone()).collect::<Vec<_>>();
    let (options, reg) = state.webauthn.start_passkey_registration(account_uuid(&account_id)?, &user_name, &name, Some(exclude)).map_err(AppError::internal)?;
    let mut options = serde_json::to_value(options.public_key).map_err(AppError::internal)?;
    // A passkey the person can use without typing anything: discoverable.
    options["authenticatorSelection"]["residentKey"] = "required".into();
    options["authenticatorSelection"]["requireResidentKey"] = true.into();
    let (ceremony_id, binding) = store(state, "register", Some(&account_id), serde_json::to_string(&reg).map_err(AppError::internal)?).await?;
    Ok(Started { ceremony_id, binding, options })
}

/// Finishes a registration. For an invited staff member it also signs
/// them in and returns the new session's secret.
pub async fn finish_registration(
    state: &AppState,
    caller: &Caller,
    who: &Registrant,
    ceremony_id: &str,
    binding: &str,
    credential: &RegisterPublicKeyCredential,
) -> AppResult<Option<String>> {
    let Some((Some(account_id), server_state)) = take(state, "register", ceremony_id, binding).await? else {
        return Err(AppError::invalid(msg::auth_passkey_expired()));
    };
    if registrant_account(state, caller, who).await? != account_id {
        return Err(AppError::invalid(msg::auth_passkey_expired()));
    }
    let reg: PasskeyRegistration = serde_json::from_str(&server_state).map_err(AppError::internal)?;
    let passkey = match state.webauthn.finish_passkey_registration(credential, &reg) {
        Ok(pk) => pk,
        Err(e) => {
            tracing::info!("passkey registration refused: {e}");
            return Err(AppError::invalid(msg::auth_passkey_failed()));
        }
    };
    let now = now();
    // How the caller signed in, read before the write transaction: no
    // second connection while it holds one.
    let via = match (who, &caller.principal) {
        (Registrant::Invited { .. }, _) => "invite",
        (Registrant::Caller, Some(p)) if sessions::method_of(&state.db, &p.session).await?.as_deref() == Some("passkey") => "passkey",
        (Registrant::Caller, _) => "code",
    };
    let mut tx = state.db.begin_write().await?;
    let cred_key = credential_key(passkey.cred_id().as_ref());
    let duplicate: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE credential_id = $1").bind(&cred_key).fetch_one(&mut *tx).await?;
    if duplicate > 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::auth_passkey_already_registered()));
    }
    let passkey_id = new_id();
    sqlx::query("INSERT INTO passkeys (id, account_id, credential_id, passkey_json, created_at, registered_via) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&passkey_id)
        .bind(&account_id)
        .bind(&cred_key)
        .bind(serde_json::to_string(&passkey).map_err(AppError::internal)?)
        .bind(ts(now))
        .bind(via)
        .execute(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => AppError::new(ErrorCode::Conflict, msg::auth_passkey_already_registered()),
            e => AppError::internal(e),
        })?;
    let mut entry = caller.audit("passkey.register", Some(passkey_id.clone()));
    entry.actor = account_id.clone();
    let session = match who {
        Registrant::Caller => None,
        Registrant::Invited { token } => {
            let used = sqlx::query("UPDATE staff_invites SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND voided_at IS NULL")
                .bind(hash_secret(token))
                .bind(ts(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if used != 1 {
                return Err(AppError::invalid(msg::auth_invite_link_invalid()));
            }
            if let Some(old) = &caller.principal {
                sessions::revoke(&mut tx, &old.session, now).await?;
            }
            let secret = sessions::open(&mut tx, &account_id, AccountKind::Staff, "passkey", None, caller.lang, now).await?;
            sessions::bind_passkey(&mut tx, &secret, &passkey_id).await?;
            Some(secret)
        }
    };
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    match who {
        Registrant::Invited { .. } => crate::backend::identity::staff::tell_staff_enrolled(state, &account_id).await,
        Registrant::Caller => crate::backend::identity::accounts::tell_passkey_change(state, &account_id, true).await,
    }
    Ok(session)
}

async fn passkeys_of(state: &AppState, account_id: &str) -> AppResult<Vec<(String, Passkey)>> {
    let rows =
        sqlx::query("SELECT id, passkey_json FROM passkeys WHERE account_id = $1 AND revoked_at IS NULL").bind(account_id).fetch_all(state.db.pool()).await?;
    rows.iter()
        .map(|r| {
            let json: String = r.try_get("passkey_json")?;
            Ok((r.try_get("id")?, serde_json::from_str(&json).map_err(AppError::internal)?))
        })
        .collect()
}

pub async fn start_sign_in(state: &AppState, caller: &Caller) -> AppResult<Started> {
    // Each start stores a ceremony: bounded per address.
    throttle::admit(&state.db, &format!("ceremony:{}", throttle::ip_key(caller.ip.as_deref())), throttle::CEREMONIES_PER_IP).await?;
    let (options, auth) = state.webauthn.start_discoverable_authentication().map_err(AppError::internal)?;
    let options = serde_json::to_value(options.public_key).map_err(AppError::internal)?;
    let (ceremony_id, binding) = store(state, "sign_in", None, serde_json::to_string(&auth).map_err(AppError::internal)?).await?;
    Ok(Started { ceremony_id, binding, options })
}

/// A kiosk, from the device token its browser holds.
pub async fn kiosk_of_device(state: &AppState, device_token: &str) -> AppResult<Option<(String, DivisionCode)>> {
    let row = sqlx::query("SELECT id, township FROM kiosks WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(hash_secret(device_token))
        .fetch_optional(state.db.pool())
        .await?;
    row.map(|r| {
        let township: String = r.try_get("township")?;
        Ok((r.try_get("id")?, DivisionCode::parse(&township).map_err(AppError::internal)?))
    })
    .transpose()
}

#[derive(Debug)]
pub struct SignedIn {
    pub session_secret: String,
    pub staff: bool,
    pub kiosk: bool,
}

/// Finishes a sign-in. On a kiosk device only staff of that area may
/// sign in, and the session they open is a kiosk session.
pub async fn finish_sign_in(
    state: &AppState,
    caller: &Caller,
    ceremony_id: &str,
    binding: &str,
    credential: &PublicKeyCredential,
    kiosk: Option<(String, DivisionCode)>,
) -> AppResult<SignedIn> {
    let ip = caller.ip.as_deref();
    let failures = format!("passkey_fail:{}", throttle::ip_key(ip));
    {
        let now = now();
        let mut tx = state.db.begin_write().await?;
        throttle::check(&mut tx, &failures, FAILURES_PER_IP, now).await?;
        throttle::check(&mut tx, &throttle::ip_key(ip), REQUESTS_PER_IP, now).await?;
        throttle::record(&mut tx, &throttle::ip_key(ip), now).await?;
        tx.commit().await?;
    }
    let outcome = check_assertion(state, ceremony_id, binding, credential, kiosk.as_ref()).await;
    let now = now();
    let mut tx = state.db.begin_write().await?;
    let (account_id, kind, passkey_id) = match outcome {
        Ok(found) => found,
        Err(e) => {
            throttle::record(&mut tx, &failures, now).await?;
            audit::append(&mut tx, &caller.audit("auth.passkey.failed", None)).await?;
            tx.commit().await?;
            return Err(e);
        }
    };
    if let Some(old) = &caller.principal {
        sessions::revoke(&mut tx, &old.session, now).await?;
    }
    let kiosk_id = kiosk.as_ref().map(|(id, _)| id.as_str());
    let session_secret = sessions::open(&mut tx, &account_id, kind, "passkey", kiosk_id, caller.lang, now).await?;
    sessions::bind_passkey(&mut tx, &session_secret, &passkey_id).await?;
    if kind == AccountKind::Resident {
        crate::backend::infra::outbox::confirm_contacts_by_passkey(&mut tx, &account_id, &passkey_id, now).await?;
    }
    let mut entry = caller.audit(if kiosk.is_some() { "kiosk.unlock" } else { "auth.sign_in" }, None);
    entry.actor = account_id;
    entry.kiosk = kiosk_id.map(str::to_owned);
    entry.after = Some(r#"{"method":"passkey"}"#.into());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(SignedIn { session_secret, staff: kind == AccountKind::Staff, kiosk: kiosk.is_some() })
}

/// Verifies the assertion; returns the account it proves, and keeps the
/// credential's counter.
async fn check_assertion(
    state: &AppState,
    ceremony_id: &str,
    binding: &str,
    credential: &PublicKeyCredential,
    kiosk: Option<&(String, DivisionCode)>,
) -> AppResult<(String, AccountKind, String)> {
    let Some((_, server_state)) = take(state, "sign_in", ceremony_id, binding).await? else {
        return Err(AppError::invalid(msg::auth_passkey_expired()));
    };
    let auth: DiscoverableAuthentication = serde_json::from_str(&server_state).map_err(AppError::internal)?;
    let (user, cred_id) = state.webauthn.identify_discoverable_authentication(credential).map_err(|e| {
        tracing::info!("passkey sign-in: no user handle: {e}");
        AppError::invalid(msg::auth_passkey_failed())
    })?;
    let row = sqlx::query(
        "SELECT p.id, p.passkey_json, a.kind, a.jurisdiction FROM passkeys p JOIN accounts a ON a.id = p.account_id \
         WHERE p.credential_id = $1 AND p.account_id = $2 AND p.revoked_at IS NULL AND a.disabled_at IS NULL",
    )
    .bind(credential_key(cred_id))
    .bind(user.to_string())
    .fetch_optional(state.db.pool())
    .await?;
    let Some(row) = row else {
        tracing::info!("passkey sign-in: unknown or revoked credential");
        return Err(AppError::invalid(msg::auth_passkey_failed()));
    };
    let passkey_id: String = row.try_get("id")?;
    let mut passkey: Passkey = serde_json::from_str(&row.try_get::<String, _>("passkey_json")?).map_err(AppError::internal)?;
    let result = state.webauthn.finish_discoverable_authentication(credential, auth, &[DiscoverableKey::from(&passkey)]).map_err(|e| {
        tracing::info!("passkey sign-in refused: {e}");
        AppError::invalid(msg::auth_passkey_failed())
    })?;
    let account_id = user.to_string();
    let kind = if row.try_get::<String, _>("kind")? == "staff" { AccountKind::Staff } else { AccountKind::Resident };
    if let Some((_, township)) = kiosk {
        let jurisdiction: Option<String> = row.try_get("jurisdiction")?;
        let roles: Vec<String> =
            sqlx::query_scalar("SELECT role FROM account_roles WHERE account_id = $1").bind(&account_id).fetch_all(state.db.pool()).await?;
        let may_unlock = kind == AccountKind::Staff
            && roles.iter().filter_map(|r| Role::parse(r)).any(|r| KIOSK_ROLES.contains(&r))
            && jurisdiction.and_then(|j| DivisionCode::parse(&j).ok()).is_some_and(|j| township.is_within(&j) || j.is_within(township));
        if !may_unlock {
            return Err(AppError::new(ErrorCode::Forbidden, msg::auth_kiosk_unlock_by_local_staff()));
        }
    }
    if passkey.update_credential(&result) == Some(true) {
        sqlx::query("UPDATE passkeys SET passkey_json = $2, last_used_at = $3 WHERE id = $1")
            .bind(&passkey_id)
            .bind(serde_json::to_string(&passkey).map_err(AppError::internal)?)
            .bind(ts(now()))
            .execute(state.db.pool())
            .await?;
    } else {
        sqlx::query("UPDATE passkeys SET last_used_at = $2 WHERE id = $1").bind(&passkey_id).bind(ts(now())).execute(state.db.pool()).await?;
    }
    Ok((account_id, kind, passkey_id))
}
