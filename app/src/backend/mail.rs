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
