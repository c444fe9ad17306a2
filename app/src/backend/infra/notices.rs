//! What a person is told: in-app notices (kept in both languages, §4) and
//! mail to the address on file, in the language the person last signed in
//! with.

use crate::backend::AppState;
use crate::backend::infra::clock::{new_id, now, ts_micros};
use crate::backend::infra::outbox;
use crate::error::AppResult;
use crate::i18n::{Key, Lang, Message, msg};
use domain::DocumentNumber;
use domain::message::Purpose;
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

/// A notice that guards the account (a passkey added or revoked, the bank
/// card changed): on every channel whatever the person chose, and also to
/// the number sign-in codes still go to while a change of number is
/// unsettled, so that whoever changed the number cannot hide it from the
/// owner (issue 36 §1).
pub(crate) async fn tell_guarded(state: &AppState, person: &DocumentNumber, subject: &Message, body: &Message) {
    let queued = async {
        let mut tx = state.db.begin_write().await?;
        let Some(mut contacts) = outbox::contacts(&mut *tx, person).await? else { return Ok(Vec::new()) };
        contacts.choice = domain::message::ChannelChoice::All;
        let trusted = outbox::trusted_for_codes(&mut tx, person, contacts.clone(), crate::backend::infra::clock::now()).await?;
        let write = |lang: Lang| {
            let greeting = msg::mail_greeting(&contacts.name).text(lang);
            let mail = format!("{greeting}\n\n{}\n\n{}\n", body.text(lang), msg::mail_closing_cases().text(lang));
            outbox::Written { subject: subject.text(lang), mail, sms: body.text(lang) }
        };
        let mut ids = outbox::queue_to(&mut tx, state, person, &contacts, Purpose::Notice, write).await?;
        if trusted.mobile.is_some() && trusted.mobile.as_ref().map(|m| m.as_str()) != contacts.mobile.as_ref().map(|m| m.as_str()) {
            let old = outbox::Contacts { email: None, ..trusted };
            ids.extend(outbox::queue_to(&mut tx, state, person, &old, Purpose::Notice, write).await?);
        }
        tx.commit().await?;
        Ok::<_, crate::error::AppError>(ids)
    };
    match queued.await {
        Ok(ids) => outbox::send_now(state, &ids).await,
        Err(e) => tracing::error!(person = %person.masked(), "guarded notice not queued: {e}"),
    }
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

pub(crate) async fn mail_in_language(state: &AppState, person: &DocumentNumber, message: impl Fn(Lang) -> (String, String)) {
    tell(state, person, Purpose::Notice, message).await;
}

/// Tells `person` on every channel they have and want (issue 36 §1): a
/// mail with greeting and closing, a text message with the body alone.
/// Queued in the outbox and sent at once; what fails is retried by the
/// mailer, and a failure is logged, never the caller's (the in-app notice
/// is there either way).
pub async fn tell(state: &AppState, person: &DocumentNumber, purpose: Purpose, message: impl Fn(Lang) -> (String, String)) {
    match queue_notice(state, person, purpose, message).await {
        Ok(ids) => outbox::send_now(state, &ids).await,
        Err(e) => tracing::error!(person = %person.masked(), "notice not queued: {e}"),
    }
}

/// Queues what [`tell`] sends, for the mailer to send (batches).
pub async fn queue_notice(
    state: &AppState,
    person: &DocumentNumber,
    purpose: Purpose,
    message: impl Fn(Lang) -> (String, String),
) -> crate::error::AppResult<Vec<String>> {
    let mut tx = state.db.begin_write().await?;
    let Some(contacts) = outbox::contacts(&mut *tx, person).await? else { return Ok(Vec::new()) };
    let name = contacts.name.clone();
    let ids = outbox::queue_to(&mut tx, state, person, &contacts, purpose, |lang| {
        let (subject, body) = message(lang);
        let greeting = msg::mail_greeting(&name).text(lang);
        let mail = format!("{greeting}\n\n{body}\n\n{}\n", msg::mail_closing_cases().text(lang));
        outbox::Written { subject, mail, sms: body }
    })
    .await?;
    tx.commit().await?;
    Ok(ids)
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
