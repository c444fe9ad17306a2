//! What a person is told: in-app notices (kept in both languages, §4) and
//! mail to the address on file, in the language the person last signed in
//! with.

use crate::backend::AppState;
use crate::backend::infra::clock::{new_id, now, ts_micros};
use crate::backend::infra::mail::{CLAIM_SECONDS, CODE_PLACEHOLDER};
use crate::backend::infra::registry;
use crate::error::AppResult;
use crate::i18n::{Key, Lang, Message, msg};
use domain::DocumentNumber;
use sqlx::{Any, Transaction};

/// A kept notice's message, when it was made from the catalogue.
pub(crate) fn kept(key: Option<String>, args: Option<String>) -> Option<Message> {
    let args = serde_json::from_str(args.as_deref().unwrap_or("{}")).ok()?;
    Message::kept(key?, args)
}

/// An in-app notice to `account` (§4): what it said in each language when
/// made, and its catalogue id and arguments, to be written in the reader's
/// language when read.
pub(crate) async fn notify(tx: &mut Transaction<'_, Any>, account: &str, case_id: &str, said: Message) -> AppResult<()> {
    // A joined message keeps only what it said (it has no one id).
    let args = serde_json::to_string(&said.kept_args()).map_err(crate::error::AppError::internal)?;
    let (zh, mn, key, args) = (said.text(Lang::Zh), said.text(Lang::MnMong), said.id().map(str::to_owned), said.id().map(|_| args));
    sqlx::query(
        "INSERT INTO notifications (id, account_id, case_id, text, text_mn, message_key, message_args, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(account)
    .bind(case_id)
    .bind(zh)
    .bind(mn)
    .bind(key)
    .bind(args)
    // To the microsecond: two notices of one request keep their order.
    .bind(ts_micros(now()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Email to the address on file, after the change is committed; a failure
/// is logged (the in-app notice is there either way). In the language the
/// person last signed in with.
pub(crate) async fn mail_person(state: &AppState, person: &DocumentNumber, subject: &Message, body: &Message) {
    mail_in_language(state, person, |lang| (subject.text(lang), body.text(lang))).await;
}

/// That an application of `kind` (its Chinese name) was received and is
/// decided by `deadline`.
pub(crate) fn received(kind: Key, deadline: impl std::fmt::Display) -> Message {
    msg::case_received(kind, deadline)
}

/// The mail that an application of `kind` was received, and by when it is
/// decided.
pub(crate) async fn mail_received_by(state: &AppState, person: &DocumentNumber, kind: Key, deadline: impl std::fmt::Display) {
    mail_received(state, person, kind, received(kind, deadline)).await;
}

/// The mail that an application of `kind` was received: `said` says what
/// ([`received`], or with what was applied for).
pub(crate) async fn mail_received(state: &AppState, person: &DocumentNumber, kind: Key, said: Message) {
    let subject = msg::case_received_subject(kind);
    mail_in_language(state, person, |lang| (subject.text(lang), said.text(lang))).await;
}

pub(crate) async fn mail_in_language(state: &AppState, person: &DocumentNumber, message: impl FnOnce(Lang) -> (String, String)) {
    let Ok(Some(r)) = registry::find(state.db.pool(), person).await else { return };
    if let Some(email) = r.email {
        let lang = language_of(state.db.pool(), person).await.unwrap_or_default();
        let (subject, body) = message(lang);
        let greeting = msg::mail_greeting(&r.name).text(lang);
        let text = format!("{greeting}\n\n{body}\n\n{}\n", msg::mail_closing_cases().text(lang));
        if let Err(e) = state.mail.send(&email, &subject, &text).await {
            tracing::error!(person = %person.masked(), "case notice not delivered: {e}");
        }
    }
}

/// The language to write to the person in: that of their resident
/// account, Chinese when they have none or never chose.
pub async fn language_of<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, person: &DocumentNumber) -> AppResult<crate::i18n::Lang> {
    let tag: Option<Option<String>> = sqlx::query_scalar("SELECT lang FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(ex)
        .await?;
    Ok(tag.flatten().and_then(|t| crate::i18n::Lang::from_tag(&t)).unwrap_or_default())
}

/// A resident's language for the mail sent to them (§4): the one they
/// switched to while signed in, or signed in with (`sessions::open`).
pub async fn remember_language(db: &crate::backend::infra::db::Db, account_id: &str, lang: crate::i18n::Lang) -> AppResult<()> {
    sqlx::query("UPDATE accounts SET lang = $1 WHERE id = $2 AND kind = 'resident'").bind(lang.tag()).bind(account_id).execute(db.pool()).await?;
    Ok(())
}

/// Sends the outbox messages whose codes this process holds; returns how
/// many were sent. Each message is claimed first (and the sending recorded
/// only under that claim), so it goes once; a failure is kept with its
/// reason and tried again on the next round.
pub async fn deliver_outbox(state: &crate::backend::AppState) -> AppResult<u32> {
    use crate::backend::infra::clock::{now, ts};
    let at = now();
    let (now_s, stale) = (ts(at), ts(at - chrono::Duration::seconds(CLAIM_SECONDS)));
    let mut sent = 0;
    // Only the messages whose code this process holds.
    for id in state.held_codes.ids() {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT to_address, subject, body FROM mail_outbox WHERE id = $1 AND sent_at IS NULL AND not_after > $2 AND (claimed_at IS NULL OR claimed_at < $3)",
        )
        .bind(&id)
        .bind(&now_s)
        .bind(&stale)
        .fetch_optional(state.db.pool())
        .await?;
        let Some((to, subject, body)) = row else { continue };
        let Some(code) = state.held_codes.get(&id) else { continue };
        let claim = crate::backend::infra::clock::new_id();
        let claimed =
            sqlx::query("UPDATE mail_outbox SET claim = $1, claimed_at = $2 WHERE id = $3 AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < $4)")
                .bind(&claim)
                .bind(ts(now()))
                .bind(&id)
                .bind(&stale)
                .execute(state.db.pool())
                .await?
                .rows_affected();
        if claimed != 1 {
            continue;
        }
        let q = match state.mail.send(&to, &subject, &body.replace(CODE_PLACEHOLDER, &code)).await {
            Ok(()) => {
                sent += 1;
                state.held_codes.drop_code(&id);
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, body = '', attempts = attempts + 1, last_error = NULL WHERE id = $2 AND claim = $3")
                    .bind(ts(now()))
                    .bind(&id)
                    .bind(&claim)
            }
            Err(e) => {
                tracing::error!(message = %id, "mail not delivered: {e}");
                sqlx::query("UPDATE mail_outbox SET claimed_at = NULL, attempts = attempts + 1, last_error = $1 WHERE id = $2 AND claim = $3")
                    .bind(e.to_string())
                    .bind(&id)
                    .bind(&claim)
            }
        };
        q.execute(state.db.pool()).await?;
    }
    Ok(sent)
}
