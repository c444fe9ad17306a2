//! One outbox for every message to a person, by mail and by text message
//! (issue 36 §1; docs/messages.md).
//!
//! A message is queued in the transaction of what it tells, then sent: at
//! once by the request that queued it, and by the server's mailer for what
//! failed (retried with a growing pause, or after the time the provider
//! asked for). Each row is claimed before it is sent, so two servers never
//! send it both; a text message also carries its row id to the platform,
//! which sends one message per id, so a message submitted again after a
//! lost answer reaches the phone once. Delivery receipts mark text
//! messages delivered or failed. Nothing is deleted: staff read why a
//! person got nothing, and the fund officer what the messages cost.

use crate::backend::AppState;
use crate::backend::infra::clock::{new_id, now, ts, ts_micros};
use crate::backend::infra::mail::{CLAIM_SECONDS, CODE_PLACEHOLDER};
use crate::backend::infra::sms::{Failure, Sms};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use chrono::{DateTime, Duration, Utc};
use domain::message::{Channel, ChannelChoice, Purpose, sms_segments};
use domain::{DocumentNumber, Phone};
use sqlx::{Any, Row, Transaction};

/// How long a message other than a code is tried before it is given up
/// (and shown to staff as failed).
pub const NOTICE_DAYS: i64 = 14;

/// Minutes a one-time sign-in code lives; its message is given up with it.
pub const CODE_MINUTES: i64 = 10;

/// Days a new mobile number or e-mail waits before it receives sign-in
/// codes, unless confirmed sooner.
pub const CONTACT_TRUST_DAYS: i64 = 7;

/// How to reach a person, from the registry, their insured record (a
/// number changed under E4) and their choices.
#[derive(Clone)]
pub struct Contacts {
    pub name: String,
    pub email: Option<String>,
    pub mobile: Option<Phone>,
    /// The language of their pages (mail is written in it).
    pub lang: Lang,
    /// The language of their text messages (Chinese unless they chose).
    pub sms_lang: Lang,
    pub choice: ChannelChoice,
    /// The registry records a death (no sign-in codes then).
    pub dead: bool,
}

impl Contacts {
    /// The channels to write on, of those this deployment can send.
    pub fn channels(&self, state: &AppState) -> Vec<Channel> {
        let mut have = Vec::new();
        if self.mobile.as_ref().is_some_and(Phone::is_mobile) && state.sms.is_some() {
            have.push(Channel::Sms);
        }
        if self.email.as_deref().is_some_and(|e| !e.is_empty()) {
            have.push(Channel::Email);
        }
        self.choice.pick(&have)
    }

    fn address(&self, channel: Channel) -> Option<String> {
        match channel {
            Channel::Sms => self.mobile.as_ref().map(|p| p.as_str().to_owned()),
            Channel::Email => self.email.clone(),
        }
    }
}

/// The contacts of a person in the registry.
pub async fn contacts<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, person: &DocumentNumber) -> AppResult<Option<Contacts>> {
    let row = sqlx::query(
        "SELECT r.name, r.email, COALESCE(i.phone, r.phone) AS phone, u.lang, p.channels, p.sms_lang, r.death_date FROM registry_persons r \
         LEFT JOIN insured_persons i ON i.id_kind = r.id_kind AND i.id_number = r.id_number \
         LEFT JOIN accounts u ON u.kind = 'resident' AND u.id_kind = r.id_kind AND u.id_number = r.id_number \
         LEFT JOIN contact_preferences p ON p.id_kind = r.id_kind AND p.id_number = r.id_number \
         WHERE r.id_kind = $1 AND r.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(ex)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let lang = |col: &str| -> AppResult<Option<Lang>> { Ok(r.try_get::<Option<String>, _>(col)?.as_deref().and_then(Lang::from_tag)) };
    Ok(Some(Contacts {
        name: r.try_get("name")?,
        email: r.try_get::<Option<String>, _>("email")?.filter(|e| !e.trim().is_empty()),
        mobile: r.try_get::<Option<String>, _>("phone")?.as_deref().and_then(|p| Phone::parse(p).ok()),
        lang: lang("lang")?.unwrap_or_default(),
        sms_lang: lang("sms_lang")?.unwrap_or_default(),
        choice: r.try_get::<Option<String>, _>("channels")?.as_deref().and_then(ChannelChoice::from_code).unwrap_or_default(),
        dead: r.try_get::<Option<String>, _>("death_date")?.is_some(),
    }))
}

/// Where a sign-in code may go. A change of contact is settled once
/// confirmed or [`CONTACT_TRUST_DAYS`] old; while the latest changes are
/// not, codes go to the contact before the first of them (or nowhere).
pub async fn trusted_for_codes(tx: &mut Transaction<'_, Any>, person: &DocumentNumber, mut c: Contacts, at: DateTime<Utc>) -> AppResult<Contacts> {
    let changes: Vec<(String, Option<String>, String, Option<String>)> =
        sqlx::query_as("SELECT channel, previous, changed_at, confirmed_at FROM contact_changes WHERE id_kind = $1 AND id_number = $2 ORDER BY changed_at, id")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_all(&mut **tx)
            .await?;
    let settled = |changed: &str, confirmed: &Option<String>| {
        confirmed.is_some() || DateTime::parse_from_rfc3339(changed).is_ok_and(|t| t <= at - Duration::days(CONTACT_TRUST_DAYS))
    };
    for channel in [Channel::Sms, Channel::Email] {
        let of: Vec<_> = changes.iter().filter(|r| r.0 == channel.code()).collect();
        // The first of the unsettled changes after the last settled one.
        let from = of.iter().rposition(|r| settled(&r.2, &r.3)).map_or(0, |i| i + 1);
        if let Some(first) = of.get(from) {
            match channel {
                Channel::Sms => c.mobile = first.1.as_deref().and_then(|p| Phone::parse(p).ok()),
                Channel::Email => c.email = first.1.clone(),
            }
        }
    }
    Ok(c)
}

/// A message as written for one reader, in the language of its channel.
pub struct Written {
    pub subject: String,
    /// The mail's whole text.
    pub mail: String,
    /// The text message's text (without the 【signature】, which the
    /// platform's template puts first).
    pub sms: String,
}

/// Queues `purpose`'s message to `person` on each channel they have and
/// want, written by `write` in that channel's language. The outbox ids.
pub async fn queue_to(
    tx: &mut Transaction<'_, Any>,
    state: &AppState,
    person: &DocumentNumber,
    contacts: &Contacts,
    purpose: Purpose,
    write: impl Fn(Lang) -> Written,
) -> AppResult<Vec<String>> {
    let mut ids = Vec::new();
    for channel in contacts.channels(state) {
        let Some(address) = contacts.address(channel) else { continue };
        let lang = if channel == Channel::Sms { contacts.sms_lang } else { contacts.lang };
        let w = write(lang);
        let body = if channel == Channel::Sms { w.sms } else { w.mail };
        // A code's message is worthless once the code has expired.
        let not_after = now() + if purpose == Purpose::Code { Duration::minutes(CODE_MINUTES) } else { Duration::days(NOTICE_DAYS) };
        ids.push(queue(tx, state, Some(person), channel, &address, purpose, lang, &w.subject, &body, not_after).await?);
    }
    Ok(ids)
}

/// Queues one message (staff mail too: `person` none). A text message's
/// template is looked up here; one the platform has none for is kept as
/// failed, with the reason, for staff to see.
#[allow(clippy::too_many_arguments)]
pub async fn queue(
    tx: &mut Transaction<'_, Any>,
    state: &AppState,
    person: Option<&DocumentNumber>,
    channel: Channel,
    to: &str,
    purpose: Purpose,
    lang: Lang,
    subject: &str,
    body: &str,
    not_after: DateTime<Utc>,
) -> AppResult<String> {
    let id = new_id();
    let held = body.contains(CODE_PLACEHOLDER);
    let (template, segments) = match (channel, &state.sms) {
        (Channel::Sms, Some(gateway)) => {
            let template: Option<String> = sqlx::query_scalar("SELECT template_id FROM sms_templates WHERE purpose = $1 AND lang = $2")
                .bind(purpose.code())
                .bind(lang.tag())
                .fetch_optional(&mut **tx)
                .await?;
            // A code is six digits where the placeholder stands.
            let shown = gateway.signed(&body.replace(CODE_PLACEHOLDER, "000000"));
            (template, Some(i64::from(sms_segments(&shown))))
        }
        _ => (None, None),
    };
    let refused = (channel == Channel::Sms && template.is_none()).then(|| format!("短信平台没有“{}”用途的 {} 模板", purpose.code(), lang.tag()));
    sqlx::query(
        "INSERT INTO outbox (id, channel, purpose, id_kind, id_number, to_address, subject, body, held, status, last_error, template_id, segments, \
         created_at, not_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&id)
    .bind(channel.code())
    .bind(purpose.code())
    .bind(person.map(|p| p.kind().code()))
    .bind(person.map(DocumentNumber::as_str))
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(i64::from(held))
    .bind(if refused.is_some() { "failed" } else { "queued" })
    .bind(refused)
    .bind(template)
    .bind(segments)
    .bind(ts_micros(now()))
    .bind(ts(not_after))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A message waiting to go.
struct Queued {
    channel: Channel,
    to: String,
    subject: String,
    body: String,
    held: bool,
    template: Option<String>,
    attempts: i64,
}

/// Sends these just-queued messages now (the request that queued them
/// waits for them; what fails stays queued for the mailer).
pub async fn send_now(state: &AppState, ids: &[String]) {
    for id in ids {
        if let Err(e) = send_one(state, id, now()).await {
            tracing::error!(message = %id, "outbox: {e}");
        }
    }
}

/// One round of the mailer at `at`: gives up what is past its time, sends
/// what is due (the codes only this process holds), and records the
/// delivery receipts. How many messages went.
pub async fn deliver(state: &AppState, at: DateTime<Utc>) -> AppResult<u32> {
    sqlx::query("UPDATE outbox SET status = 'failed', last_error = $1 WHERE status = 'queued' AND not_after <= $2")
        .bind("在有效期内未能发出")
        .bind(ts(at))
        .execute(state.db.pool())
        .await?;
    let due: Vec<(String, i64)> = sqlx::query_as(
        "SELECT id, held FROM outbox WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= $1) \
         AND (claimed_at IS NULL OR claimed_at < $2) ORDER BY held DESC, created_at LIMIT 500",
    )
    .bind(ts(at))
    .bind(ts(at - Duration::seconds(CLAIM_SECONDS)))
    .fetch_all(state.db.pool())
    .await?;
    let mut sent = 0;
    for (id, held) in due {
        if held == 1 && state.held_codes.get(&id).is_none() {
            continue;
        }
        if send_one(state, &id, at).await? {
            sent += 1;
        }
    }
    if let Err(e) = record_receipts(state).await {
        tracing::warn!("delivery receipts: {e}");
    }
    Ok(sent)
}

/// Claims and sends one message if it is still queued and due; whether it went.
async fn send_one(state: &AppState, id: &str, at: DateTime<Utc>) -> AppResult<bool> {
    let stale = ts(at - Duration::seconds(CLAIM_SECONDS));
    let claim = new_id();
    let claimed = sqlx::query(
        "UPDATE outbox SET claim = $1, claimed_at = $2 WHERE id = $3 AND status = 'queued' AND not_after > $2 \
         AND (next_attempt_at IS NULL OR next_attempt_at <= $2) AND (claimed_at IS NULL OR claimed_at < $4)",
    )
    .bind(&claim)
    .bind(ts(at))
    .bind(id)
    .bind(&stale)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if claimed != 1 {
        return Ok(false);
    }
    let r = sqlx::query("SELECT channel, to_address, subject, body, held, template_id, attempts FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_one(state.db.pool())
        .await?;
    let q = Queued {
        channel: Channel::from_code(&r.try_get::<String, _>("channel")?).ok_or_else(|| AppError::internal("unknown channel"))?,
        to: r.try_get("to_address")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        held: r.try_get::<i64, _>("held")? == 1,
        template: r.try_get("template_id")?,
        attempts: r.try_get("attempts")?,
    };
    let code = if q.held {
        match state.held_codes.get(id) {
            Some(code) => Some(code),
            None => {
                // Another process holds it (or it was lost with a restart).
                release(state, id, &claim).await?;
                return Ok(false);
            }
        }
    } else {
        None
    };
    let body = code.as_deref().map_or_else(|| q.body.clone(), |c| q.body.replace(CODE_PLACEHOLDER, c));
    let outcome = match q.channel {
        Channel::Email => state.mail.send(&q.to, &q.subject, &body).await.map(|()| None).map_err(|why| Failure::Retry { why, after: None }),
        Channel::Sms => match &state.sms {
            None => Err(Failure::Retry { why: "未配置短信平台（MESSAGE_URL）".into(), after: None }),
            Some(gateway) => {
                let content = gateway.signed(&body);
                let params = match &code {
                    Some(c) => vec![("code", c.as_str())],
                    None => vec![("text", body.as_str())],
                };
                let sms = Sms {
                    client_id: id,
                    mobile: &q.to,
                    signature: &gateway.signature,
                    template_id: q.template.as_deref().unwrap_or_default(),
                    params,
                    content: &content,
                };
                gateway.submit(&sms).await.map(Some)
            }
        },
    };
    let sent_now = ts(now());
    let result = match outcome {
        Ok(provider_id) => {
            if q.held {
                state.held_codes.drop_code(id);
            }
            sqlx::query(
                "UPDATE outbox SET status = 'sent', sent_at = $1, provider_id = $2, attempts = attempts + 1, last_error = NULL, \
                 body = CASE WHEN held = 1 THEN '' ELSE body END WHERE id = $3 AND claim = $4",
            )
            .bind(&sent_now)
            .bind(provider_id)
            .bind(id)
            .bind(&claim)
            .execute(state.db.pool())
            .await?;
            return Ok(true);
        }
        Err(Failure::Refused(why)) => {
            tracing::warn!(message = %id, "message refused: {why}");
            sqlx::query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 WHERE id = $2 AND claim = $3").bind(why)
        }
        Err(Failure::Retry { why, after }) => {
            tracing::warn!(message = %id, "message not sent, tried again later: {why}");
            // 10 s, 20 s, 40 s … at most an hour, or when the provider said.
            let pause =
                after.and_then(|a| Duration::from_std(a).ok()).unwrap_or_else(|| Duration::seconds(10 << q.attempts.clamp(0, 8)).min(Duration::hours(1)));
            sqlx::query("UPDATE outbox SET claimed_at = NULL, attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3 AND claim = $4")
                .bind(why)
                .bind(ts(at + pause))
        }
    };
    result.bind(id).bind(&claim).execute(state.db.pool()).await?;
    Ok(false)
}

async fn release(state: &AppState, id: &str, claim: &str) -> AppResult<()> {
    sqlx::query("UPDATE outbox SET claimed_at = NULL WHERE id = $1 AND claim = $2").bind(id).bind(claim).execute(state.db.pool()).await?;
    Ok(())
}

/// Marks text messages delivered or failed by the platform's receipts,
/// then acknowledges them (a receipt recorded twice changes nothing).
pub async fn record_receipts(state: &AppState) -> AppResult<usize> {
    let Some(gateway) = &state.sms else { return Ok(0) };
    let receipts = gateway.receipts().await.map_err(AppError::internal)?;
    let mut recorded = Vec::new();
    for r in &receipts {
        // A receipt for a row whose answer was lost (still queued, without
        // the platform's id) waits: it is acknowledged once the row is sent
        // again and carries the id (the platform answers with the same one).
        let known: Option<Option<String>> =
            sqlx::query_scalar("SELECT provider_id FROM outbox WHERE id = $1 AND channel = 'sms'").bind(&r.client_id).fetch_optional(state.db.pool()).await?;
        match known {
            Some(Some(id)) if id == r.msg_id => recorded.push(r.msg_id.clone()),
            // Not ours, or not of this row: nothing to wait for.
            None | Some(Some(_)) => {
                recorded.push(r.msg_id.clone());
                continue;
            }
            Some(None) => continue,
        }
        let q = if r.delivered() {
            sqlx::query("UPDATE outbox SET status = 'delivered', delivered_at = $1 WHERE id = $2 AND channel = 'sms' AND provider_id = $3 AND status = 'sent'")
                .bind(ts(now()))
        } else {
            sqlx::query("UPDATE outbox SET status = 'failed', last_error = $1 WHERE id = $2 AND channel = 'sms' AND provider_id = $3 AND status = 'sent'")
                .bind(format!("未送达手机（{}）", r.status))
        };
        q.bind(&r.client_id).bind(&r.msg_id).execute(state.db.pool()).await?;
    }
    gateway.acknowledge(&recorded).await.map_err(AppError::internal)?;
    Ok(recorded.len())
}

/// The latest `limit` messages to a person, newest first, addresses masked.
pub async fn messages_of<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, person: &DocumentNumber, limit: i64) -> AppResult<Vec<crate::model::MessageRow>> {
    let rows = sqlx::query(
        "SELECT created_at, channel, purpose, to_address, status, attempts, last_error, segments FROM outbox \
         WHERE id_kind = $1 AND id_number = $2 ORDER BY created_at DESC LIMIT $3",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            let channel = Channel::from_code(&r.try_get::<String, _>("channel")?).ok_or_else(|| AppError::internal("unknown channel"))?;
            let to: String = r.try_get("to_address")?;
            Ok(crate::model::MessageRow {
                at: crate::backend::infra::clock::local_time(&r.try_get::<String, _>("created_at")?),
                channel,
                purpose: Purpose::from_code(&r.try_get::<String, _>("purpose")?).ok_or_else(|| AppError::internal("unknown purpose"))?,
                to_masked: match channel {
                    Channel::Sms => domain::id_number::mask_phone(&to),
                    Channel::Email => domain::id_number::mask_email(&to),
                },
                status: domain::message::Status::from_code(&r.try_get::<String, _>("status")?).ok_or_else(|| AppError::internal("unknown status"))?,
                attempts: r.try_get("attempts")?,
                reason: r.try_get("last_error")?,
                segments: r.try_get("segments")?,
            })
        })
        .collect()
}

/// Text messages and mail by month (China time) for the people of
/// `place` (a division code prefix), with the cost of the text messages
/// at the tariff in force on the day each was sent; newest month first.
pub async fn monthly_costs(db: &crate::backend::infra::db::Db, place: &str) -> AppResult<Vec<crate::model::MessageCostRow>> {
    let tariffs: Vec<(String, i64)> =
        sqlx::query_as("SELECT effective_from, fen_per_segment FROM sms_tariffs ORDER BY effective_from").fetch_all(db.pool()).await?;
    let rows: Vec<(String, String, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT o.created_at, o.channel, o.status, o.segments, o.sent_at FROM outbox o \
         JOIN registry_persons r ON r.id_kind = o.id_kind AND r.id_number = o.id_number WHERE r.village_code LIKE $1",
    )
    .bind(format!("{place}%"))
    .fetch_all(db.pool())
    .await?;
    let mut months: std::collections::BTreeMap<String, (i64, i64, i64, i64, i64)> = std::collections::BTreeMap::new();
    for (created, channel, status, segments, sent_at) in rows {
        let day = crate::backend::infra::clock::china_day(&created)?;
        let m = months.entry(day.format("%Y-%m").to_string()).or_default();
        if status == "failed" {
            m.4 += 1;
        }
        match (channel.as_str(), sent_at) {
            // Billed once the platform took it.
            ("sms", Some(sent)) => {
                let parts = segments.unwrap_or(1);
                let on = crate::backend::infra::clock::china_day(&sent)?.to_string();
                let fen = tariffs.iter().rev().find(|(from, _)| *from <= on).map_or(0, |t| t.1);
                m.0 += 1;
                m.1 += parts;
                m.2 += parts * fen;
            }
            ("email", Some(_)) => m.3 += 1,
            _ => {}
        }
    }
    Ok(months
        .into_iter()
        .rev()
        .map(|(month, (messages, segments, fen, mails, failed))| crate::model::MessageCostRow {
            month,
            messages,
            segments,
            cost: domain::Yuan::from_fen(fen).to_string(),
            mails,
            failed,
        })
        .collect())
}

/// Records a change of contact (E4) and tells the old contact, in the
/// transaction of the change (issue 36 §1). A change made by staff, or at
/// a kiosk after a staff member attested the person, is confirmed at once;
/// one made by the person waits [`CONTACT_TRUST_DAYS`] before it receives
/// sign-in codes, unless a passkey they had before confirms it.
#[allow(clippy::too_many_arguments)]
pub async fn contact_changed(
    tx: &mut Transaction<'_, Any>,
    state: &AppState,
    person: &DocumentNumber,
    channel: Channel,
    previous: Option<&str>,
    new_masked: &str,
    confirmed_by: Option<&str>,
) -> AppResult<Vec<String>> {
    let at = now();
    sqlx::query(
        "INSERT INTO contact_changes (id, id_kind, id_number, channel, previous, changed_at, confirmed_at, confirmed_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(channel.code())
    .bind(previous)
    .bind(ts_micros(at))
    .bind(confirmed_by.map(|_| ts(at)))
    .bind(confirmed_by)
    .execute(&mut **tx)
    .await?;
    let Some(mut old) = contacts(&mut **tx, person).await? else { return Ok(Vec::new()) };
    match channel {
        Channel::Sms => old.mobile = previous.and_then(|p| Phone::parse(p).ok()),
        Channel::Email => old.email = previous.map(str::to_owned),
    }
    // Told on every channel the old contacts reach, whatever was chosen
    // (a choice made by whoever took the account must not silence it).
    old.choice = ChannelChoice::All;
    let (subject, said) = (crate::i18n::msg::contact_changed_subject(), crate::i18n::msg::contact_changed_notice(new_masked));
    queue_to(tx, state, person, &old, Purpose::ContactChange, |lang| Written {
        subject: subject.text(lang),
        mail: format!("{}\n\n{}\n", crate::i18n::msg::mail_greeting(&old.name).text(lang), said.text(lang)),
        sms: said.text(lang),
    })
    .await
}

/// A resident signed in with a passkey registered at least
/// [`CONTACT_TRUST_DAYS`] before a pending change of contact: the change was
/// theirs, and the new contact receives codes. (A passkey registered after
/// a stolen code, the same day as the change, confirms nothing.)
pub async fn confirm_contacts_by_passkey(tx: &mut Transaction<'_, Any>, account_id: &str, passkey_id: &str, at: DateTime<Utc>) -> AppResult<()> {
    let registered: Option<String> = sqlx::query_scalar("SELECT created_at FROM passkeys WHERE id = $1 AND account_id = $2")
        .bind(passkey_id)
        .bind(account_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(registered) = registered.and_then(|r| DateTime::parse_from_rfc3339(&r).ok()) else { return Ok(()) };
    let pending: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.id, c.changed_at FROM contact_changes c JOIN accounts a ON a.id_kind = c.id_kind AND a.id_number = c.id_number \
         WHERE a.id = $1 AND c.confirmed_at IS NULL",
    )
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?;
    for (id, changed) in pending {
        if DateTime::parse_from_rfc3339(&changed).is_ok_and(|c| registered <= c - Duration::days(CONTACT_TRUST_DAYS)) {
            sqlx::query("UPDATE contact_changes SET confirmed_at = $1, confirmed_by = 'passkey' WHERE id = $2 AND confirmed_at IS NULL")
                .bind(ts(at))
                .bind(&id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
