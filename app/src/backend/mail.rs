//! Outgoing messages to residents: one-time codes now, notices later.
//!
//! The sender is a trait so that an SMS gateway can be added beside email
//! without touching the callers. Email goes through lettre: over SMTP in
//! production and in the tests (a real SMTP server on loopback), or into a
//! directory of `.eml` files for the demo, where no mail server exists.

use crate::error::{AppError, AppResult};
use lettre::message::header::ContentType;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::future::Future;
use std::pin::Pin;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = AppResult<()>> + Send + 'a>>;

/// Delivers a short text message to an address of the sender's kind.
pub trait Sender: Send + Sync {
    /// `email` or `sms`: which contact on file this sender can reach.
    fn channel(&self) -> &'static str;
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> SendFuture<'a>;
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>),
}

pub struct EmailSender {
    from: lettre::message::Mailbox,
    transport: Transport,
}

impl EmailSender {
    /// `url`: `smtp://host:port` (plain, e.g. a relay on loopback),
    /// `smtp://host:port?tls=required` (STARTTLS), `smtps://host:port`
    /// (TLS), with `user:password@` when the server needs it; or
    /// `file://DIR` to write each message as a file into DIR.
    pub fn from_url(url: &str, from: &str) -> Result<EmailSender, String> {
        let from = from.parse().map_err(|e| format!("MAIL_FROM 不是有效的邮箱地址：{e}"))?;
        let transport = if let Some(dir) = url.strip_prefix("file://") {
            std::fs::create_dir_all(dir).map_err(|e| format!("无法创建邮件目录 {dir}：{e}"))?;
            Transport::Outbox(AsyncFileTransport::new(dir))
        } else {
            Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("MAIL_URL 无效（应为 smtp://主机:端口 或 file://目录）：{e}"))?
                    .build(),
            )
        };
        Ok(EmailSender { from, transport })
    }
}

impl Sender for EmailSender {
    fn channel(&self) -> &'static str {
        "email"
    }

    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let to = to.parse().map_err(|e| AppError::internal(format!("bad recipient address: {e}")))?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                .body(body.to_owned())
                .map_err(AppError::internal)?;
            match &self.transport {
                Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(AppError::internal),
                Transport::Outbox(t) => t.send(message).await.map(|_| ()).map_err(AppError::internal),
            }
        })
    }
}

/// Puts a message in the outbox (inside the caller's transaction): sent by
/// the mailer (`deliver_outbox`), never after `not_after`.
pub async fn queue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    to: &str,
    subject: &str,
    body: &str,
    not_after: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    use super::auth::{new_id, now, ts};
    sqlx::query("INSERT INTO mail_outbox (id, to_address, subject, body, created_at, not_after) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id())
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(ts(now()))
        .bind(ts(not_after))
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

/// A claim older than this is taken to belong to a mailer that stopped.
const CLAIM_SECONDS: i64 = 60;

/// Sends what waits in the outbox, oldest first; returns how many were
/// sent. Each message is claimed first, so several servers send it once; a
/// failure is kept with its reason and tried again on the next round.
pub async fn deliver_outbox(state: &super::AppState) -> AppResult<u32> {
    use super::auth::{now, ts};
    let at = now();
    let (now_s, stale) = (ts(at), ts(at - chrono::Duration::seconds(CLAIM_SECONDS)));
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, to_address, subject, body FROM mail_outbox WHERE sent_at IS NULL AND not_after > $1 \
         AND (claimed_at IS NULL OR claimed_at < $2) ORDER BY created_at, id LIMIT 100",
    )
    .bind(&now_s)
    .bind(&stale)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let mut sent = 0;
    for (id, to, subject, body) in rows {
        let claimed = sqlx::query("UPDATE mail_outbox SET claimed_at = $1 WHERE id = $2 AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < $3)")
            .bind(&now_s)
            .bind(&id)
            .bind(&stale)
            .execute(state.db.pool())
            .await
            .map_err(AppError::internal)?
            .rows_affected();
        if claimed != 1 {
            continue;
        }
        let q = match state.mail.send(&to, &subject, &body).await {
            Ok(()) => {
                sent += 1;
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, body = '', attempts = attempts + 1, last_error = NULL WHERE id = $2").bind(ts(now())).bind(&id)
            }
            Err(e) => {
                tracing::error!(message = %id, "mail not delivered: {e}");
                sqlx::query("UPDATE mail_outbox SET claimed_at = NULL, attempts = attempts + 1, last_error = $1 WHERE id = $2").bind(e.message).bind(&id)
            }
        };
        q.execute(state.db.pool()).await.map_err(AppError::internal)?;
    }
    Ok(sent)
}
