//! Who is calling (REQUIREMENTS §2, G1, G3; issue 3).
//!
//! A request carries at most one session cookie. The server looks the
//! session up (only a hash of its id is stored), checks its idle and
//! absolute timeouts, and turns it into a [`Principal`]: the account, its
//! roles and jurisdiction, the kiosk it is on and the resident served
//! there. Every service takes the caller and decides for itself; the route
//! table in `server` refuses whole routes before any service runs.

pub mod codes;
pub mod passkeys;
pub mod sessions;
pub mod throttle;

use crate::backend::infra::clock::{now, ts};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::{DivisionCode, DocumentNumber, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    Resident,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kiosk {
    pub id: String,
    pub name: String,
    pub township: DivisionCode,
}

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The hash of the session id (what the database stores).
    pub session: String,
    pub account_id: String,
    pub name: String,
    pub kind: AccountKind,
    /// A resident's own registry identity.
    pub person: Option<DocumentNumber>,
    pub roles: Vec<Role>,
    pub jurisdiction: Option<DivisionCode>,
    /// Set when the session was opened on a kiosk (by a staff member).
    pub kiosk: Option<Kiosk>,
    /// At a kiosk: the resident the staff member identified and attested.
    pub served: Option<DocumentNumber>,
}

impl Principal {
    pub fn is_staff(&self) -> bool {
        self.kind == AccountKind::Staff
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }

    /// The resident whose business this session does: themselves, or at a
    /// kiosk the resident identified there.
    pub fn served_person(&self) -> Option<&DocumentNumber> {
        match self.kind {
            AccountKind::Resident => self.person.as_ref(),
            AccountKind::Staff => self.served.as_ref(),
        }
    }

    /// Staff may act on something in `place` only inside their jurisdiction.
    pub fn covers(&self, place: &DivisionCode) -> bool {
        self.jurisdiction.as_ref().is_some_and(|j| domain::roles::in_jurisdiction(j, place))
    }
}

/// The caller of one request: who (if anyone), from where, by which channel.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Option<Principal>,
    pub ip: Option<String>,
    /// `web` (pages and server functions) or `api` (/api/v1).
    pub channel: &'static str,
    /// The language of the caller's pages (the `lang` cookie): error
    /// messages, and the mail a resident asks for, are in it.
    pub lang: crate::i18n::Lang,
}

impl Caller {
    pub fn anonymous(channel: &'static str, ip: Option<String>) -> Caller {
        Caller { principal: None, ip, channel, lang: crate::i18n::Lang::Zh }
    }

    pub fn principal(&self) -> AppResult<&Principal> {
        self.principal.as_ref().ok_or_else(unauthenticated)
    }

    /// A staff member holding one of `roles`.
    pub fn staff_with(&self, roles: &[Role]) -> AppResult<&Principal> {
        let p = self.principal()?;
        if p.is_staff() && p.has_any(roles) { Ok(p) } else { Err(forbidden()) }
    }

    /// The audit record of an action by this caller (G3).
    pub fn audit(&self, action: &str, subject: Option<String>) -> AuditEntry {
        let p = self.principal.as_ref();
        AuditEntry {
            actor: p.map_or_else(|| "anonymous".to_owned(), |p| p.account_id.clone()),
            on_behalf_of: p.and_then(|p| p.served.as_ref()).map(DocumentNumber::masked),
            role: p.filter(|p| p.is_staff()).map(|p| p.roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")),
            kiosk: p.and_then(|p| p.kiosk.as_ref()).map(|k| k.id.clone()),
            channel: if p.is_some_and(|p| p.kiosk.is_some()) { "kiosk".into() } else { self.channel.into() },
            ip: self.ip.clone(),
            action: action.into(),
            subject,
            ..Default::default()
        }
    }
}

pub fn unauthenticated() -> AppError {
    AppError::new(crate::error::ErrorCode::Unauthenticated, msg::auth_log_in_first())
}

/// What the money gates (redirecting money, confirming a deregistration
/// payout, certifying oneself) say of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyGate {
    /// A passkey session on the person's own device, with a passkey old
    /// enough.
    Open,
    /// A one-time code session, a kiosk, or a session from before sessions
    /// remembered their passkey.
    NoPasskey,
    /// The passkey is younger than `passkey.money_gate_days`: it opens the
    /// gates from this day (China Standard Time).
    TooNew { from: chrono::NaiveDate },
}

/// Whether `p`'s session opens the money gates: opened with a passkey on
/// the person's own device (not a one-time code, not a kiosk), a passkey
/// registered at least `passkey.money_gate_days` days ago: one just added,
/// perhaps from a session opened with a stolen code, cannot move money at
/// once (the person is told of every new passkey meanwhile).
pub async fn money_gate(db: &crate::backend::infra::db::Db, p: &Principal) -> AppResult<MoneyGate> {
    if p.kiosk.is_some() {
        return Ok(MoneyGate::NoPasskey);
    }
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT s.method, k.created_at, k.revoked_at FROM sessions s LEFT JOIN passkeys k ON k.id = s.passkey_id WHERE s.id_hash = $1")
            .bind(&p.session)
            .fetch_optional(db.pool())
            .await?;
    let Some((method, Some(created), None)) = row else { return Ok(MoneyGate::NoPasskey) };
    if method != "passkey" {
        return Ok(MoneyGate::NoPasskey);
    }
    let now = now();
    let days = crate::backend::infra::reference::policy_on(db.pool(), now.date_naive()).await?.passkey_money_gate_days;
    let created = DateTime::parse_from_rfc3339(&created).map_err(AppError::internal)?.with_timezone(&Utc);
    let opens = created + chrono::Duration::days(i64::from(days));
    Ok(if now >= opens { MoneyGate::Open } else { MoneyGate::TooNew { from: (opens + chrono::Duration::hours(8)).date_naive() } })
}

/// The refusal of a closed money gate: `no_passkey` says what to do
/// without a passkey session.
pub fn money_gate_refusal(gate: MoneyGate, no_passkey: crate::i18n::Message) -> AppResult<()> {
    match gate {
        MoneyGate::Open => Ok(()),
        MoneyGate::NoPasskey => Err(AppError::new(crate::error::ErrorCode::Forbidden, no_passkey)),
        MoneyGate::TooNew { from } => Err(AppError::new(crate::error::ErrorCode::Forbidden, msg::auth_new_passkey_money_wait(from))),
    }
}

pub fn forbidden() -> AppError {
    AppError::new(crate::error::ErrorCode::Forbidden, msg::auth_no_permission())
}

/// A fresh random secret (session ids, device tokens, invitations):
/// 256 bits, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The caller of the current server function or page render (resolved by
/// the server's access layer and kept in the request's extensions).
pub fn caller() -> AppResult<Caller> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
        .ok_or_else(|| AppError::internal("no caller in the request context"))
}

/// What the pages show of the caller.
pub fn me(caller: &Caller, kiosk_device: bool) -> crate::model::Me {
    let Some(p) = &caller.principal else { return crate::model::Me { kiosk_device, ..Default::default() } };
    crate::model::Me {
        signed_in: true,
        name: p.name.clone(),
        staff: p.is_staff(),
        roles: p.roles.iter().map(|r| r.label().to_owned()).collect(),
        role_codes: p.roles.iter().map(|r| r.code().to_owned()).collect(),
        jurisdiction: p.jurisdiction.as_ref().map(ToString::to_string),
        kiosk: p.kiosk.as_ref().map(|k| k.name.clone()),
        serving: p.served.as_ref().map(DocumentNumber::masked),
        kiosk_device,
    }
}

/// What `purge_expired` removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Purged {
    pub ceremonies: u64,
    pub codes: u64,
    pub sessions: u64,
    pub throttle_events: u64,
    pub mail: u64,
}

/// Removes sign-in state that can no longer be used (`server
/// purge-expired`): passkey ceremonies and one-time codes past their
/// expiry, sessions ended (expired, idle or revoked) more than a day ago,
/// throttle events older than a day (the longest window is an hour),
/// outbox messages past their use (a code's message never sent, after the
/// code expired).
/// Idempotent: a second run at the same time removes nothing.
pub async fn purge_expired(db: &crate::backend::infra::db::Db, at: DateTime<Utc>) -> AppResult<Purged> {
    let (now, day_ago) = (ts(at), ts(at - chrono::Duration::days(1)));
    let mut tx = db.begin_write().await?;
    let mut run = async |sql: &str, bind: &str| -> AppResult<u64> { Ok(sqlx::query(sql).bind(bind.to_owned()).execute(&mut *tx).await?.rows_affected()) };
    let purged = Purged {
        ceremonies: run("DELETE FROM ceremonies WHERE expires_at < $1", &now).await?,
        codes: run("DELETE FROM one_time_codes WHERE expires_at < $1", &now).await?,
        sessions: run("DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $1 OR revoked_at < $1", &day_ago).await?,
        throttle_events: run("DELETE FROM auth_events WHERE at < $1", &day_ago).await?,
        // A code's message never sent; a sent one stays (it holds no code).
        mail: run("DELETE FROM outbox WHERE held = 1 AND sent_at IS NULL AND not_after < $1", &now).await?,
    };
    let mut entry = crate::backend::infra::audit::system_entry("cli", "auth.purge_expired", None, None);
    entry.after = serde_json::to_string(&purged).ok();
    crate::backend::infra::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(purged)
}
