//! What a person is told: in-app notices (kept in both languages, §4) and
//! mail to the address on file, in the language the person last signed in
//! with.

use crate::backend::AppState;
use crate::backend::infra::clock::{new_id, now, ts_micros};
use crate::backend::infra::mail::{CLAIM_SECONDS, CODE_PLACEHOLDER};
use crate::backend::infra::registry;
use crate::error::AppResult;
use crate::i18n::{Both, Lang, Message, term};
use domain::DocumentNumber;
use sqlx::{Any, Transaction};

/// What an in-app notice says: a catalogue message, kept as its id and
/// arguments and written in the reader's language when read; or a sentence
/// written in both languages at once ([`Both`], until those become
/// messages).
pub(crate) enum Said {
    Message(Message),
    Both(Both),
}

impl From<Message> for Said {
    fn from(m: Message) -> Said {
        Said::Message(m)
    }
}

impl From<&Both> for Said {
    fn from(b: &Both) -> Said {
        Said::Both(b.clone())
    }
}

/// A kept notice's message, when it was made from the catalogue and the
/// catalogue still has it.
pub(crate) fn kept(key: Option<String>, args: Option<String>) -> Option<Message> {
    let args = serde_json::from_str(args.as_deref().unwrap_or("{}")).ok()?;
    Some(Message::kept(key?, args)).filter(Message::is_known)
}

/// An in-app notice to `account` (§4): what it said in each language when
/// made, and for a catalogue message its id and arguments, to be written in
/// the reader's language when read.
pub(crate) async fn notify(tx: &mut Transaction<'_, Any>, account: &str, case_id: &str, said: impl Into<Said>) -> AppResult<()> {
    let (zh, mn, key, args) = match said.into() {
        Said::Both(b) => (b.zh, b.mn, None, None),
        Said::Message(m) => {
            let args = serde_json::to_string(&m.named_args()).map_err(crate::error::AppError::internal)?;
            (m.text(Lang::Zh), m.text(Lang::MnMong), m.id().map(str::to_owned), Some(args))
        }
    };
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
pub(crate) async fn mail_person(state: &AppState, person: &DocumentNumber, subject: &Both, body: &Both) {
    mail_in_language(state, person, |lang| (subject.get(lang).to_owned(), body.get(lang).to_owned())).await;
}

/// That an application of `kind` (its Chinese name) was received and is
/// decided by `deadline`, in both languages; `detail` (Chinese, Mongolian)
/// says what was applied for.
pub(crate) fn received(kind: &str, deadline: impl std::fmt::Display, detail: Option<(String, String)>) -> Both {
    let (zh, mn) = detail.map_or((String::new(), String::new()), |(zh, mn)| (format!("（{zh}）"), format!(" ({mn})")));
    Both::new(
        format!("您的{kind}申请{zh}已受理，将在 {deadline} 前办结"),
        format!("ᠲᠠᠨ ᠤ {} ᠭᠣᠶᠣᠯᠲᠠ{mn} ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠴᠤ᠂ {deadline} ᠡᠴᠡ ᠡᠮᠦᠨ᠎ᠡ ᠳᠠᠭᠤᠰᠬᠠᠨ᠎ᠠ᠃", term(Lang::MnMong, kind)),
    )
}

/// The mail that an application was received ([`received`]).
pub(crate) async fn mail_received(state: &AppState, person: &DocumentNumber, kind: &str, deadline: impl std::fmt::Display, detail: Option<(String, String)>) {
    let said = received(kind, deadline, detail);
    mail_in_language(state, person, |lang| {
        let subject = match lang {
            Lang::Zh => format!("{kind}申请已受理"),
            Lang::MnMong => format!("{} ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠪᠠ", term(lang, kind)),
        };
        (subject, said.get(lang).to_owned())
    })
    .await;
}

pub(crate) async fn mail_in_language(state: &AppState, person: &DocumentNumber, message: impl FnOnce(Lang) -> (String, String)) {
    let Ok(Some(r)) = registry::find(state.db.pool(), person).await else { return };
    if let Some(email) = r.email {
        let lang = language_of(state.db.pool(), person).await.unwrap_or_default();
        let (subject, body) = message(lang);
        let text = match lang {
            Lang::Zh => format!("{}，您好：\n\n{body}\n\n可登录养老保险服务平台“我的申请”查看详情。\n", r.name),
            Lang::MnMong => {
                format!("{} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\n{body}\n\nᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠳᠦ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ «ᠮᠢᠨᠤ ᠭᠣᠶᠣᠯᠲᠠ» ᠳᠤ ᠨᠠᠷᠢᠯᠢᠭ ᠢ ᠦᠵᠡᠨ᠎ᠡ ᠦᠦ᠃\n", r.name)
            }
        };
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
