//! Real-name check and one-time codes (G1; issue 3).
//!
//! A person gives name, document kind and number. When they match a living
//! person in the registry with a contact on file, a six-digit code goes to
//! that contact. The answer is the same either way, so nobody learns from
//! it who is in the registry or has an account. The code, with the same
//! real-name details, signs the person in: the first time it also opens
//! their account, and later it is the way back in for someone who lost
//! their passkey.

use super::throttle::{self, CODES_PER_PERSON, CODES_PER_PERSON_AND_IP, FAILURES_PER_PERSON_AND_IP, REQUESTS_PER_IP};
use super::{AccountKind, Caller, hash_secret, sessions};
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::{AppState, infra::audit, infra::mail, infra::outbox, infra::registry};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::i18n::msg;
use chrono::Duration;
use domain::message::Purpose;
use domain::{DocumentKind, DocumentNumber};
use rand::Rng;
use sqlx::{Any, Row, Transaction};

/// Minutes a code stays valid (the outbox gives up its message with it),
/// and wrong tries it survives.
pub use crate::backend::infra::outbox::CODE_MINUTES;
pub const CODE_TRIES: i64 = 5;

/// The real-name details a person types (or a card reader provides).
#[derive(Debug, Clone)]
pub struct RealName {
    pub name: String,
    pub document: DocumentNumber,
}

impl RealName {
    pub fn parse(name: &str, kind: &str, number: &str) -> AppResult<RealName> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            return Err(AppError::invalid(msg::auth_enter_name_as_on_id()));
        }
        let kind = DocumentKind::from_label_or_code(kind).ok_or_else(|| AppError::invalid(msg::auth_choose_document_kind()))?;
        let document = DocumentNumber::parse(kind, number).map_err(AppError::invalid)?;
        Ok(RealName { name: name.to_owned(), document })
    }

    /// The person as a throttle key: the document only (wrong codes).
    fn person_key(&self) -> String {
        throttle::person_key(self.document.kind().code(), self.document.as_str(), None)
    }

    /// The document with the name given (code requests): someone with a
    /// wrong name does not use up the codes of the person the number is.
    fn person_and_name_key(&self) -> String {
        throttle::person_key(self.document.kind().code(), self.document.as_str(), Some(&self.name))
    }
}

fn code_hash(code_id: &str, code: &str) -> String {
    hash_secret(&format!("{code_id}:{code}"))
}

/// Sends a code if the details match a living person with a mobile
/// number or e-mail on file (by text message, mail, or both). Returns the neutral message in every case but a rate limit.
pub async fn request(state: &AppState, caller: &Caller, who: &RealName) -> AppResult<crate::i18n::Message> {
    let now = now();
    let ip = caller.ip.as_deref();
    let person = who.person_and_name_key();
    let mut tx = state.db.begin_write().await?;
    for (key, limit) in [(throttle::ip_key(ip), REQUESTS_PER_IP), (throttle::with_ip(&person, ip), CODES_PER_PERSON_AND_IP), (person.clone(), CODES_PER_PERSON)]
    {
        throttle::check(&mut tx, &key, limit, now).await?;
        throttle::record(&mut tx, &key, now).await?;
    }
    // Only to a contact trusted for codes (a new one waits 7 days).
    let found = outbox::contacts(&mut *tx, &who.document).await?.filter(|c| c.name == who.name && !c.dead);
    let found = match found {
        Some(c) => Some(outbox::trusted_for_codes(&mut tx, &who.document, c, now).await?),
        None => None,
    };
    let subject = Some(who.document.masked());
    let Some(contacts) = found.filter(|c| !c.channels(state).is_empty()) else {
        audit::append(&mut tx, &caller.audit("auth.code.not_sent", subject)).await?;
        tx.commit().await?;
        return Ok(msg::auth_code_sent());
    };
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    let id = new_id();
    sqlx::query("INSERT INTO one_time_codes (id, id_kind, id_number, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(who.document.kind().code())
        .bind(who.document.as_str())
        .bind(code_hash(&id, &code))
        .bind(ts(now))
        .bind(ts(now + Duration::minutes(CODE_MINUTES)))
        .execute(&mut *tx)
        .await?;
    let placeholder = mail::CODE_PLACEHOLDER;
    let write = |lang: Lang| {
        let (title, mail) = match lang {
            Lang::Zh => (
                "养老保险服务平台验证码",
                format!(
                    "{}，您好：\n\n您正在登录内蒙古城乡居民基本养老保险服务平台，验证码为 {placeholder}，{CODE_MINUTES}分钟内有效。\n\
                 请勿将验证码告诉任何人，工作人员不会向您索要验证码。如非本人操作，请忽略本邮件。\n",
                    who.name
                ),
            ),
            Lang::MnMong => (
                "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋",
                format!(
                    "{} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\nᠲᠠ ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ ᠤᠨ ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠳᠦ ᠨᠡᠪᠲᠡᠷᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ᠂ ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ {placeholder}᠂ {CODE_MINUTES} ᠮᠢᠨᠦ᠋ᠲ ᠦᠨ ᠳᠣᠲᠣᠷᠠ ᠬᠦᠴᠦᠨ ᠲᠡᠢ᠃\n\
                 ᠺᠣᠳ᠋ ᠢ ᠬᠡᠨ ᠳᠦ ᠴᠤ ᠪᠢᠲᠡᠭᠡᠢ ᠬᠡᠯᠡ᠂ ᠠᠵᠢᠯᠲᠠᠨ ᠴᠤ ᠺᠣᠳ᠋ ᠢ ᠲᠠᠨ ᠡᠴᠡ ᠠᠰᠠᠭᠤᠬᠤ ᠦᠭᠡᠢ᠃ ᠲᠠ ᠥᠪᠡᠷ ᠪᠤᠰᠤ ᠪᠣᠯ ᠡᠨᠡ ᠢᠮᠧᠯ ᠢ ᠤᠮᠳᠠᠭᠠᠷᠠᠢ᠃\n",
                    who.name
                ),
            ),
        };
        let sms = match lang {
            Lang::Zh => format!("您的登录验证码为 {placeholder}，{CODE_MINUTES}分钟内有效。请勿告诉任何人，工作人员不会索要验证码。"),
            Lang::MnMong => format!("ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ {placeholder}᠂ {CODE_MINUTES} ᠮᠢᠨᠦ᠋ᠲ ᠦᠨ ᠳᠣᠲᠣᠷᠠ ᠬᠦᠴᠦᠨ ᠲᠡᠢ᠃ ᠺᠣᠳ᠋ ᠢ ᠬᠡᠨ ᠳᠦ ᠴᠤ ᠪᠢᠲᠡᠭᠡᠢ ᠬᠡᠯᠡ᠃"),
        };
        outbox::Written { subject: title.to_owned(), mail, sms }
    };
    // Mail in the language of the page the code was asked from (§4), a
    // text message in the person's own; queued, not sent here: the answer
    // comes at once and the same way whether or not anyone matched, and the
    // mailer sends it (a failure is kept in the outbox and retried). The
    // code is held in this process, never written down.
    let mut contacts = contacts;
    contacts.lang = caller.lang;
    for id in outbox::queue_to(&mut tx, state, &who.document, &contacts, Purpose::Code, write).await? {
        state.held_codes.hold(&id, &code);
    }
    audit::append(&mut tx, &caller.audit("auth.code.sent", subject)).await?;
    tx.commit().await?;
    state.outbox.notify_one();
    Ok(msg::auth_code_sent())
}

/// The result of a good code: a new session.
#[derive(Debug)]
pub struct SignedIn {
    pub session_secret: String,
    pub account_id: String,
    pub has_passkey: bool,
}

/// Checks the code with the real-name details again and signs the person
/// in, opening their account the first time.
pub async fn verify(state: &AppState, caller: &Caller, who: &RealName, code: &str) -> AppResult<SignedIn> {
    let now = now();
    let ip = caller.ip.as_deref();
    let failures = throttle::with_ip(&format!("fail:{}", who.person_key()), ip);
    let mut tx = state.db.begin_write().await?;
    throttle::check(&mut tx, &throttle::ip_key(ip), REQUESTS_PER_IP, now).await?;
    throttle::check(&mut tx, &failures, FAILURES_PER_PERSON_AND_IP, now).await?;
    throttle::record(&mut tx, &throttle::ip_key(ip), now).await?;
    let latest = sqlx::query(
        "SELECT id, code_hash FROM one_time_codes WHERE id_kind = $1 AND id_number = $2 \
         AND used_at IS NULL AND expires_at > $3 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(who.document.kind().code())
    .bind(who.document.as_str())
    .bind(ts(now))
    .fetch_optional(&mut *tx)
    .await?;
    let person = registry::find(&mut *tx, &who.document).await?.filter(|p| p.name == who.name && p.death_date.is_none());
    let code = code.trim();
    let matched = match (&latest, &person) {
        (Some(row), Some(_)) => {
            let id: String = row.try_get("id")?;
            let hash: String = row.try_get("code_hash")?;
            // A try is counted before the code is compared, in one statement:
            // guesses sent at once cannot all pass the limit (on PostgreSQL
            // the row is locked until this transaction ends).
            let tried = sqlx::query("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2")
                .bind(&id)
                .bind(CODE_TRIES)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let good = tried == 1 && code.len() == 6 && code_hash(&id, code) == hash;
            Some((id, good))
        }
        _ => None,
    };
    let subject = Some(who.document.masked());
    let Some((code_id, true)) = matched else {
        throttle::record(&mut tx, &failures, now).await?;
        audit::append(&mut tx, &caller.audit("auth.code.failed", subject)).await?;
        tx.commit().await?;
        return Err(AppError::invalid(msg::auth_code_wrong()));
    };
    // Used once: a second use of the same code finds no row to update.
    let used = sqlx::query("UPDATE one_time_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
        .bind(&code_id)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if used != 1 {
        return Err(AppError::invalid(msg::auth_code_wrong()));
    }
    let account_id = resident_account(&mut tx, caller, who).await?;
    let has_passkey: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE account_id = $1 AND revoked_at IS NULL").bind(&account_id).fetch_one(&mut *tx).await?;
    if let Some(old) = caller.principal.as_ref() {
        sessions::revoke(&mut tx, &old.session, now).await?;
    }
    let session_secret = sessions::open(&mut tx, &account_id, AccountKind::Resident, "code", None, caller.lang, now).await?;
    let mut entry = caller.audit("auth.sign_in", subject);
    entry.actor = account_id.clone();
    entry.after = Some(r#"{"method":"code"}"#.into());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(SignedIn { session_secret, account_id, has_passkey: has_passkey > 0 })
}

/// The resident's account, opened on their first verified sign-in.
async fn resident_account(tx: &mut Transaction<'_, Any>, caller: &Caller, who: &RealName) -> AppResult<String> {
    let existing: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE id_kind = $1 AND id_number = $2")
        .bind(who.document.kind().code())
        .bind(who.document.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO accounts (id, kind, display_name, id_kind, id_number, created_at, created_by) \
         VALUES ($1, 'resident', $2, $3, $4, $5, 'self')",
    )
    .bind(&id)
    .bind(&who.name)
    .bind(who.document.kind().code())
    .bind(who.document.as_str())
    .bind(ts(now()))
    .execute(&mut **tx)
    .await?;
    let mut entry = caller.audit("account.open", Some(id.clone()));
    entry.actor = id.clone();
    audit::append(tx, &entry).await?;
    Ok(id)
}
