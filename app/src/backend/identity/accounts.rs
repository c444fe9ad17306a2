//! Accounts: a person's own passkeys, and staff accounts made by an
//! administrator with roles and a jurisdiction (REQUIREMENTS §2, 第十一章).

use crate::backend::identity::auth::{Caller, hash_secret};
use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::PasskeyRow;
use domain::DocumentNumber;
use sqlx::Row;

/// The account whose passkeys the caller manages: their own; at a kiosk,
/// the served resident's (a lost phone: recovery with the ID card seen by
/// the staff member who identified them), `None` when that resident has
/// no account yet.
async fn passkey_owner(state: &AppState, caller: &Caller) -> AppResult<Option<String>> {
    let p = caller.principal()?;
    if p.kiosk.is_none() {
        return Ok(Some(p.account_id.clone()));
    }
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?;
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
    let rows = sqlx::query("SELECT id, created_at, last_used_at FROM passkeys WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at")
        .bind(&owner)
        .fetch_all(state.db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PasskeyRow {
                id: r.try_get("id")?,
                created_at: crate::backend::infra::clock::local_time(&r.try_get::<String, _>("created_at")?),
                last_used_at: r.try_get::<Option<String>, _>("last_used_at")?.as_deref().map(crate::backend::infra::clock::local_time),
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
    // A one-time code (a mailbox someone else may read) does not revoke
    // passkeys: that would clear the way to registering one of its own.
    if p.kiosk.is_none() && crate::backend::identity::auth::sessions::method_of(&state.db, &p.session).await?.as_deref() != Some("passkey") {
        return Err(AppError::new(ErrorCode::Forbidden, msg::identity_code_session_refused()));
    }
    let not_found = || AppError::not_found(msg::identity_passkey_not_found());
    let owner = passkey_owner(state, caller).await?.ok_or_else(not_found)?;
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("UPDATE passkeys SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL")
        .bind(passkey_id)
        .bind(&owner)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(not_found());
    }
    // Every other live session of the account ends (one may be on the lost
    // phone); this one stays.
    end_everything(&mut tx, &owner, Some(&p.session)).await?;
    audit::append(&mut tx, &caller.audit("passkey.revoke", Some(passkey_id.to_owned()))).await?;
    tx.commit().await?;
    tell_passkey_change(state, &owner, false).await;
    Ok(())
}

/// Tells the account's owner at once that a passkey was added or revoked
/// (an in-app notice; a resident also by mail): if it was not them, they
/// act before it can move money (`auth::money_gate`).
pub async fn tell_passkey_change(state: &AppState, account_id: &str, added: bool) {
    let text = if added { msg::identity_passkey_added_notice() } else { msg::identity_passkey_revoked_notice() };
    let told = async {
        let mut tx = state.db.begin_write().await?;
        crate::backend::infra::notices::notify(&mut tx, account_id, "", text.clone()).await?;
        tx.commit().await?;
        let (id_kind, id_number, email): (Option<String>, Option<String>, Option<String>) =
            sqlx::query_as("SELECT id_kind, id_number, email FROM accounts WHERE id = $1").bind(account_id).fetch_one(state.db.pool()).await?;
        let subject = msg::identity_passkey_change_subject();
        match (id_kind, id_number, email) {
            // A resident: to the contact in the registry, in their language.
            (Some(kind), Some(number), _) => {
                let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
                let person = DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
                crate::backend::infra::notices::tell_guarded(state, &person, &subject, &text).await;
            }
            // Staff: to their registered address.
            (_, _, Some(email)) => {
                state.mail.send(&email, &subject.text(crate::i18n::Lang::Zh), &text.text(crate::i18n::Lang::Zh)).await.map_err(AppError::internal)?
            }
            _ => {}
        }
        Ok::<(), AppError>(())
    };
    if let Err(e) = told.await {
        tracing::error!("passkey change not told: {e}");
    }
}

/// Ends every live session of an account but `keep` and voids its unused
/// invitations: a revoked passkey, a disabled account, a new invitation.
pub(crate) async fn end_everything(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account_id: &str, keep: Option<&str>) -> AppResult<()> {
    let now = ts(now());
    sqlx::query("UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND id_hash <> $2 AND revoked_at IS NULL")
        .bind(account_id)
        .bind(keep.unwrap_or(""))
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE staff_invites SET voided_at = $2 WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL")
        .bind(account_id)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A staff member declares a person they may not decide on: themselves
/// (their own record, by ID number) or a relative. Append-only: a
/// declaration stays (the audit trail keeps who declared what, when).
pub async fn declare_conflict(state: &AppState, caller: &Caller, person: &DocumentNumber, relation: &str) -> AppResult<()> {
    let p = caller.principal()?;
    if !p.is_staff() || p.kiosk.is_some() {
        return Err(crate::backend::identity::auth::forbidden());
    }
    let relation =
        crate::model::CONFLICT_RELATIONS.iter().find(|r| **r == relation.trim()).ok_or_else(|| AppError::invalid(msg::identity_choose_relationship()))?;
    let mut tx = state.db.begin_write().await?;
    let n =
        sqlx::query("INSERT INTO staff_conflicts (account_id, id_kind, id_number, relation, declared_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
            .bind(&p.account_id)
            .bind(person.kind().code())
            .bind(person.as_str())
            .bind(relation)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::identity_person_already_declared()));
    }
    let mut entry = caller.audit("staff.conflict_declare", Some(person.masked()));
    entry.after = Some((*relation).to_owned());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// What the staff member declared, masked.
pub async fn my_conflicts(state: &AppState, caller: &Caller) -> AppResult<Vec<crate::model::ConflictRow>> {
    let p = caller.principal()?;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id_number, relation, declared_at FROM staff_conflicts WHERE account_id = $1 ORDER BY declared_at")
            .bind(&p.account_id)
            .fetch_all(state.db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(number, relation, at)| crate::model::ConflictRow {
            document_masked: domain::id_number::mask(&number, 6, 4),
            relation,
            declared_at: crate::backend::infra::clock::local_time(&at),
        })
        .collect())
}

/// The caller's live sessions (their devices).
pub async fn my_sessions(state: &AppState, caller: &Caller) -> AppResult<Vec<crate::model::SessionRow>> {
    let p = caller.principal()?;
    // At a kiosk the account is the staff member's, not the resident's.
    if p.kiosk.is_some() {
        return Err(crate::backend::identity::auth::forbidden());
    }
    let rows: Vec<(String, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT s.id_hash, s.method, k.name, s.created_at, s.last_seen_at FROM sessions s LEFT JOIN kiosks k ON k.id = s.kiosk_id \
         WHERE s.account_id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 ORDER BY s.created_at DESC",
    )
    .bind(&p.account_id)
    .bind(ts(now()))
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(hash, method, kiosk, created, seen)| crate::model::SessionRow {
            id: session_handle(&hash),
            current: hash == p.session,
            method,
            kiosk,
            signed_in_at: crate::backend::infra::clock::local_time(&created),
            last_seen_at: crate::backend::infra::clock::local_time(&seen),
        })
        .collect())
}

/// What names a session in lists: a digest of its stored hash, so neither
/// the secret nor the key it is stored under leaves the server.
fn session_handle(id_hash: &str) -> String {
    hash_secret(&format!("handle:{id_hash}")).chars().take(16).collect()
}

/// Ends one of the caller's own sessions (another device); someone else's
/// is "not found".
pub async fn end_session(state: &AppState, caller: &Caller, handle: &str) -> AppResult<()> {
    let p = caller.principal()?;
    if p.kiosk.is_some() {
        return Err(crate::backend::identity::auth::forbidden());
    }
    let hashes: Vec<(String, String)> = sqlx::query_as("SELECT id_hash, method FROM sessions WHERE account_id = $1 AND revoked_at IS NULL")
        .bind(&p.account_id)
        .fetch_all(state.db.pool())
        .await?;
    let (hash, method) = hashes.into_iter().find(|(h, _)| session_handle(h) == handle).ok_or_else(|| AppError::not_found(msg::identity_session_not_found()))?;
    if method == "passkey" && crate::backend::identity::auth::sessions::method_of(&state.db, &p.session).await?.as_deref() != Some("passkey") {
        return Err(AppError::new(ErrorCode::Forbidden, msg::identity_code_session_refused()));
    }
    let mut tx = state.db.begin_write().await?;
    crate::backend::identity::auth::sessions::revoke(&mut tx, &hash, now()).await?;
    audit::append(&mut tx, &caller.audit("auth.session_end", Some(handle.to_owned()))).await?;
    tx.commit().await.map_err(AppError::internal)
}
