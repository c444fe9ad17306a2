//! Mail, one of the two channels of the outbox (`outbox`; the other is
//! text messages, `sms`). Email goes through lettre: over SMTP in
//! production and in the tests (a real SMTP server on loopback), or into a
//! directory of `.eml` files for the demo, where no mail server exists.

use lettre::message::header::ContentType;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::future::Future;
use std::pin::Pin;

/// A send: what went wrong, in words for the log and the outbox.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

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
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| format!("MAIL_URL 无效（应为 smtp://主机:端口 或 file://目录）：{e}"))?.build(),
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
            let to = to.parse().map_err(|e| format!("收件地址无效：{e}"))?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                .body(body.to_owned())
                .map_err(|e| e.to_string())?;
            match &self.transport {
                Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| format!("邮件服务器：{e}")),
                Transport::Outbox(t) => t.send(message).await.map(|_| ()).map_err(|e| format!("邮件文件写入失败：{e}")),
            }
        })
    }
}

/// One-time codes waiting to be mailed, held by the process that made them
/// and never written to the database: the outbox row holds the message
/// with a placeholder. A process that stops loses its codes (the person
/// asks for another); it never leaves one readable in a table, its WAL or
/// its backups.
#[derive(Default)]
pub struct HeldCodes(std::sync::Mutex<std::collections::HashMap<String, (String, std::time::Instant)>>);

/// Where the code goes in a queued message's body.
pub const CODE_PLACEHOLDER: &str = "[[CODE]]";

impl HeldCodes {
    pub(crate) fn hold(&self, id: &str, code: &str) {
        let mut map = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Codes live ten minutes: anything older was never sent and is useless.
        map.retain(|_, (_, at)| at.elapsed() < std::time::Duration::from_secs(15 * 60));
        map.insert(id.to_owned(), (code.to_owned(), std::time::Instant::now()));
    }

    pub(crate) fn get(&self, id: &str) -> Option<String> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(id).map(|(c, _)| c.clone())
    }

    pub(crate) fn drop_code(&self, id: &str) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(id);
    }
}

/// A claim older than this is taken to belong to a mailer that stopped
/// (well beyond lettre's 60-second SMTP timeout).
pub(crate) const CLAIM_SECONDS: i64 = 300;
