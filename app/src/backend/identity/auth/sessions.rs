//! Server-side sessions: a random id in an HttpOnly cookie, its hash in the
//! database. A new id at every sign-in (the old one is revoked), idle and
//! absolute timeouts, revocation on sign-out or by the server.

use super::{AccountKind, Kiosk, Principal, hash_secret, new_secret};
use crate::backend::infra::clock::ts;
use crate::backend::infra::db::Db;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Duration, Utc};
use domain::{DivisionCode, DocumentKind, DocumentNumber, Role};
use sqlx::{Any, Row, Transaction};

/// Idle and absolute limits, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub idle: i64,
    pub absolute: i64,
}

pub const RESIDENT: Timeouts = Timeouts { idle: 30, absolute: 12 * 60 };
pub const STAFF: Timeouts = Timeouts { idle: 30, absolute: 10 * 60 };
/// A shared device: a few idle minutes end the session.
pub const KIOSK: Timeouts = Timeouts { idle: 3, absolute: 60 };

fn timeouts(kind: AccountKind, kiosk: bool) -> Timeouts {
    match (kind, kiosk) {
        (_, true) => KIOSK,
        (AccountKind::Staff, false) => STAFF,
        (AccountKind::Resident, false) => RESIDENT,
    }
}

/// The cookie's name: the `__Host-` prefix (no Domain, Path=/, Secure)
/// when served over TLS; browsers refuse that prefix without TLS.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-session" } else { "session" }
}

pub fn session_cookie(secret: &str, secure: bool) -> String {
    format!("{}={secret}; Path=/; HttpOnly; SameSite=Lax{}", cookie_name(secure), if secure { "; Secure" } else { "" })
}

pub fn clear_cookie(secure: bool) -> String {
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", cookie_name(secure), if secure { "; Secure" } else { "" })
}

/// The value of cookie `name` in a `Cookie` header.
/// The refusal of a form posted without JavaScript, carried to the page it
/// returns to in a short-lived cookie: never in the URL, where anyone could
/// write a link that shows their own text as this site's alert. Shown once.
pub fn flash_name(secure: bool) -> &'static str {
    if secure { "__Host-flash" } else { "flash" }
}

pub fn flash_cookie(message: &str, secure: bool) -> String {
    short_lived(flash_name(secure), &message.chars().take(500).collect::<String>(), secure)
}

pub fn clear_flash(secure: bool) -> String {
    short_lived(flash_name(secure), "", secure)
}

/// The flash message in a `Cookie` header, if any.
pub fn read_flash(header: &str, secure: bool) -> Option<String> {
    read_short_lived(header, flash_name(secure))
}

/// What a person typed into a page form posted without JavaScript (its
/// text fields, never a one-time code), carried back with the outcome so
/// the form shows it again; as the flash message, in a short-lived cookie,
/// never in the URL.
pub fn typed_name(secure: bool) -> &'static str {
    if secure { "__Host-typed" } else { "typed" }
}

/// `fields`: the JSON of the name–value pairs.
pub fn typed_cookie(fields: &str, secure: bool) -> String {
    short_lived(typed_name(secure), fields, secure)
}

pub fn clear_typed(secure: bool) -> String {
    short_lived(typed_name(secure), "", secure)
}

pub fn read_typed(header: &str, secure: bool) -> Option<String> {
    read_short_lived(header, typed_name(secure))
}

/// A cookie for the next page only (two minutes); empty clears it.
fn short_lived(name: &str, value: &str, secure: bool) -> String {
    use base64::Engine;
    let (value, age) = if value.is_empty() { (String::new(), 0) } else { (base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value), 120) };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={age}{}", if secure { "; Secure" } else { "" })
}

fn read_short_lived(header: &str, name: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(read_cookie(header, name)?).ok()?;
    String::from_utf8(bytes).ok()
}

pub fn read_cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name && !v.is_empty()).then_some(v)
    })
}

/// Opens a session and returns its secret id (for the cookie only).
pub async fn open(
    tx: &mut Transaction<'_, Any>,
    account_id: &str,
    kind: AccountKind,
    method: &str,
    kiosk_id: Option<&str>,
    lang: crate::i18n::Lang,
    now: DateTime<Utc>,
) -> AppResult<String> {
    if kind == AccountKind::Resident {
        // The language the resident signs in with is the one their mail
        // is written in (§4), until they sign in with another.
        sqlx::query("UPDATE accounts SET lang = $1 WHERE id = $2").bind(lang.tag()).bind(account_id).execute(&mut **tx).await?;
    }
    let secret = new_secret();
    let limits = timeouts(kind, kiosk_id.is_some());
    sqlx::query(
        "INSERT INTO sessions (id_hash, account_id, method, kiosk_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(hash_secret(&secret))
    .bind(account_id)
    .bind(method)
    .bind(kiosk_id)
    .bind(ts(now))
    .bind(ts(now + Duration::minutes(limits.absolute)))
    .execute(&mut **tx)
    .await?;
    Ok(secret)
}

/// Ends a session (sign-out, kiosk finish, rotation at sign-in).
pub async fn revoke(tx: &mut Transaction<'_, Any>, id_hash: &str, now: DateTime<Utc>) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL").bind(id_hash).bind(ts(now)).execute(&mut **tx).await?;
    Ok(())
}

/// Records the resident a kiosk session now serves, with the staff
/// member's attestation that they saw the ID card.
pub async fn serve(tx: &mut Transaction<'_, Any>, id_hash: &str, person: Option<&DocumentNumber>) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET served_id_kind = $2, served_id_number = $3, attested = $4 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(person.map(|p| p.kind().code()))
        .bind(person.map(|p| p.as_str().to_owned()))
        .bind(i64::from(person.is_some()))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Remembers the passkey a session was opened with (the money gates ask
/// how old it is).
pub async fn bind_passkey(tx: &mut Transaction<'_, Any>, secret: &str, passkey_id: &str) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET passkey_id = $2 WHERE id_hash = $1").bind(hash_secret(secret)).bind(passkey_id).execute(&mut **tx).await?;
    Ok(())
}

/// How a session was opened (`passkey` or `code`), by the hash of its id.
pub async fn method_of(db: &Db, id_hash: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar("SELECT method FROM sessions WHERE id_hash = $1").bind(id_hash).fetch_optional(db.pool()).await.map_err(AppError::internal)
}

/// The caller behind a session secret, if the session is live. Touches it
/// (the idle clock restarts); an idle or expired session is revoked.
pub async fn principal(db: &Db, secret: &str, now: DateTime<Utc>) -> AppResult<Option<Principal>> {
    let id_hash = hash_secret(secret);
    let row = sqlx::query(
        "SELECT s.account_id, s.kiosk_id, s.served_id_kind, s.served_id_number, s.last_seen_at, s.expires_at, \
         a.kind, a.display_name, a.id_kind, a.id_number, a.jurisdiction, k.name AS kiosk_name, k.township \
         FROM sessions s JOIN accounts a ON a.id = s.account_id LEFT JOIN kiosks k ON k.id = s.kiosk_id \
         WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND a.disabled_at IS NULL \
         AND (s.kiosk_id IS NULL OR k.revoked_at IS NULL)",
    )
    .bind(&id_hash)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let get = |c: &str| row.try_get::<Option<String>, _>(c).map_err(AppError::internal);
    let kind = if get("kind")?.as_deref() == Some("staff") { AccountKind::Staff } else { AccountKind::Resident };
    let kiosk_id = get("kiosk_id")?;
    let limits = timeouts(kind, kiosk_id.is_some());
    let last_seen = get("last_seen_at")?.unwrap_or_default();
    let expires = get("expires_at")?.unwrap_or_default();
    let now_s = ts(now);
    if now_s >= expires || ts(now - Duration::minutes(limits.idle)) > last_seen {
        let mut tx = db.begin_write().await?;
        revoke(&mut tx, &id_hash, now).await?;
        tx.commit().await?;
        return Ok(None);
    }
    // The idle clock restarts; written at most every 15 s (timeouts are
    // minutes) to spare the database a write per request.
    if ts(now - Duration::seconds(15)) > last_seen {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1").bind(&id_hash).bind(&now_s).execute(db.pool()).await?;
    }
    let account_id = get("account_id")?.unwrap_or_default();
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role").bind(&account_id).fetch_all(db.pool()).await?;
    let person_of = |kind: Option<String>, number: Option<String>| DocumentNumber::parse(DocumentKind::from_code(&kind?)?, &number?).ok();
    let kiosk = match (kiosk_id, get("kiosk_name")?, get("township")?) {
        (Some(id), Some(name), Some(t)) => Some(Kiosk { id, name, township: DivisionCode::parse(&t).map_err(AppError::internal)? }),
        _ => None,
    };
    Ok(Some(Principal {
        session: id_hash,
        account_id,
        name: get("display_name")?.unwrap_or_default(),
        kind,
        person: person_of(get("id_kind")?, get("id_number")?),
        roles: roles.iter().filter_map(|r| Role::parse(r)).collect(),
        jurisdiction: get("jurisdiction")?.map(|j| DivisionCode::parse(&j)).transpose().map_err(AppError::internal)?,
        kiosk,
        served: person_of(get("served_id_kind")?, get("served_id_number")?),
    }))
}

/// Sign-out: the session ends on the server (the cookie is cleared by the
/// caller's response).
pub async fn sign_out(db: &Db, caller: &super::Caller) -> AppResult<()> {
    let Some(p) = &caller.principal else { return Ok(()) };
    let mut tx = db.begin_write().await?;
    revoke(&mut tx, &p.session, crate::backend::infra::clock::now()).await?;
    crate::backend::infra::audit::append(&mut tx, &caller.audit("auth.sign_out", None)).await?;
    tx.commit().await.map_err(AppError::internal)
}
