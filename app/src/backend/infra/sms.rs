//! Text messages (短信) through the government SMS platform's HTTP
//! interface (政务短信平台; docs/messages.md has the exchange), or into a
//! directory of files for the demo, as mail is.
//!
//! The platform fills a template registered with it beforehand; each
//! message carries our id for it (`client_id`), on which the platform
//! deduplicates, so a message submitted again after a lost answer goes to
//! the phone once. Delivery receipts are fetched and acknowledged.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One text message to submit.
#[derive(Debug, Serialize)]
pub struct Sms<'a> {
    /// Our outbox id: the platform sends one message per id.
    pub client_id: &'a str,
    pub mobile: &'a str,
    pub signature: &'a str,
    pub template_id: &'a str,
    /// The template's variables.
    pub params: Vec<(&'a str, &'a str)>,
    /// The whole text as the phone shows it (the template filled, the
    /// 【signature】 first): what is billed and kept in the platform's log.
    pub content: &'a str,
}

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Try again later (the platform is down or asks to slow down; after
    /// `after` when it said so).
    Retry { why: String, after: Option<Duration> },
    /// The platform refused the message itself (an unknown number, a
    /// template it does not have): trying again does not help.
    Refused(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Retry { why, .. } | Failure::Refused(why) => f.write_str(why),
        }
    }
}

/// A delivery receipt: what became of a submitted message on the phone.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Receipt {
    pub msg_id: String,
    pub client_id: String,
    /// The carrier's status word: `DELIVRD` when the phone has it; any
    /// other (`UNDELIV`, `EXPIRED`, `REJECTD`, …) is a failure.
    pub status: String,
}

impl Receipt {
    pub fn delivered(&self) -> bool {
        self.status == "DELIVRD"
    }
}

#[derive(Debug, Deserialize)]
struct Accepted {
    msg_id: String,
}

#[derive(Debug, Deserialize)]
struct Receipts {
    reports: Vec<Receipt>,
}

#[derive(Debug, Serialize)]
struct Ack<'a> {
    msg_ids: &'a [String],
}

#[derive(Debug, Deserialize)]
struct Refusal {
    error: String,
}

enum Target {
    Http { client: reqwest::Client, base: reqwest::Url, account: String, secret: String },
    Files(std::path::PathBuf),
}

pub struct SmsGateway {
    target: Target,
    /// 【…】: the signature registered with the platform, shown first.
    pub signature: String,
}

impl SmsGateway {
    /// `MESSAGE_URL`: `https://account:secret@host/path` (or `http://` on
    /// loopback) for the platform, or `file://DIR` to write each message as
    /// a file into DIR. `signature` is the registered 【signature】's text.
    pub fn from_url(url: &str, signature: &str) -> Result<SmsGateway, String> {
        let signature = signature.trim().trim_start_matches('【').trim_end_matches('】').to_owned();
        if signature.is_empty() {
            return Err("MESSAGE_SIGNATURE 不能为空（短信签名，如 内蒙古城乡居民养老保险）".into());
        }
        let target = if let Some(dir) = url.strip_prefix("file://") {
            std::fs::create_dir_all(dir).map_err(|e| format!("无法创建短信目录 {dir}：{e}"))?;
            Target::Files(dir.into())
        } else {
            let mut base = reqwest::Url::parse(url).map_err(|e| format!("MESSAGE_URL 无效（应为 https://账号:密钥@主机/路径 或 file://目录）：{e}"))?;
            if !matches!(base.scheme(), "http" | "https") || base.username().is_empty() {
                return Err("MESSAGE_URL 应为 https://账号:密钥@主机/路径 或 file://目录".into());
            }
            // The secret and the codes travel in clear over http: only to
            // this machine.
            let host = base.host_str().unwrap_or_default();
            let loopback = host == "localhost" || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if base.scheme() == "http" && !loopback {
                return Err("MESSAGE_URL 须用 https（http 只用于本机上的测试平台）".into());
            }
            let account = percent_decode(base.username());
            let secret = percent_decode(base.password().unwrap_or(""));
            let _ = base.set_username("");
            let _ = base.set_password(None);
            if !base.path().ends_with('/') {
                let path = format!("{}/", base.path());
                base.set_path(&path);
            }
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("短信客户端：{e}"))?;
            Target::Http { client, base, account, secret }
        };
        Ok(SmsGateway { target, signature })
    }

    /// The text as the phone shows it.
    pub fn signed(&self, text: &str) -> String {
        format!("【{}】{}", self.signature, text)
    }

    /// Submits one message; the platform's message id when it took it.
    pub async fn submit(&self, sms: &Sms<'_>) -> Result<String, Failure> {
        match &self.target {
            Target::Files(dir) => {
                let text = format!("To: {}\nTemplate: {}\nClient-Id: {}\n\n{}\n", sms.mobile, sms.template_id, sms.client_id, sms.content);
                // Named by the client id: written again, the same file.
                let path = dir.join(format!("{}.txt", sms.client_id));
                tokio::fs::write(&path, text).await.map_err(|e| Failure::Retry { why: format!("短信文件写入失败：{e}"), after: None })?;
                Ok(sms.client_id.to_owned())
            }
            Target::Http { client, base, account, secret } => {
                let url = base.join("sms/send").map_err(|e| Failure::Refused(e.to_string()))?;
                let body = serde_json::json!({
                    "client_id": sms.client_id, "mobile": sms.mobile, "signature": sms.signature,
                    "template_id": sms.template_id,
                    "params": sms.params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<std::collections::BTreeMap<_, _>>(),
                    "content": sms.content,
                });
                let response = client
                    .post(url)
                    .basic_auth(account, Some(secret))
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .send()
                    .await
                    .map_err(|e| Failure::Retry { why: format!("短信平台无法连接：{}", without_url(&e)), after: None })?;
                let status = response.status();
                let after =
                    response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
                let bytes =
                    response.bytes().await.map_err(|e| Failure::Retry { why: format!("短信平台应答中断：{}", without_url(&e)), after: None })?;
                if status.is_success() {
                    let accepted: Accepted =
                        serde_json::from_slice(&bytes).map_err(|e| Failure::Retry { why: format!("短信平台应答无法识别：{e}"), after: None })?;
                    return Ok(accepted.msg_id);
                }
                let said = serde_json::from_slice::<Refusal>(&bytes).map(|r| r.error).unwrap_or_default();
                Err(match status.as_u16() {
                    429 => Failure::Retry { why: format!("短信平台限流（429）{said}"), after },
                    401 | 403 => Failure::Retry { why: format!("短信平台拒绝了账号或密钥（{status}）：请检查 MESSAGE_URL"), after: None },
                    400..=499 => Failure::Refused(format!("短信平台拒收（{}）：{said}", status.as_u16())),
                    _ => Failure::Retry { why: format!("短信平台故障（{}）{said}", status.as_u16()), after },
                })
            }
        }
    }

    /// The delivery receipts not yet acknowledged (none for files).
    pub async fn receipts(&self) -> Result<Vec<Receipt>, String> {
        let Target::Http { client, base, account, secret } = &self.target else { return Ok(Vec::new()) };
        let url = base.join("sms/reports").map_err(|e| e.to_string())?;
        let response = client.get(url).basic_auth(account, Some(secret)).send().await.map_err(|e| without_url(&e))?;
        if !response.status().is_success() {
            return Err(format!("短信平台回执查询失败（{}）", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| without_url(&e))?;
        serde_json::from_slice::<Receipts>(&bytes).map(|r| r.reports).map_err(|e| format!("短信回执无法识别：{e}"))
    }

    /// Tells the platform these receipts are recorded (it stops returning them).
    pub async fn acknowledge(&self, msg_ids: &[String]) -> Result<(), String> {
        let Target::Http { client, base, account, secret } = &self.target else { return Ok(()) };
        if msg_ids.is_empty() {
            return Ok(());
        }
        let url = base.join("sms/reports/ack").map_err(|e| e.to_string())?;
        let body = serde_json::to_string(&Ack { msg_ids }).map_err(|e| e.to_string())?;
        let response = client
            .post(url)
            .basic_auth(account, Some(secret))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| without_url(&e))?;
        if response.status().is_success() { Ok(()) } else { Err(format!("短信回执确认失败（{}）", response.status())) }
    }
}

/// A transport error without the address (which would carry no secret,
/// but keeps the log short).
fn without_url(e: &reqwest::Error) -> String {
    let mut s = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        let text = err.to_string();
        if !s.contains(&text) {
            if !s.is_empty() {
                s.push_str(": ");
            }
            s.push_str(&text);
        }
        source = err.source();
    }
    s.replace(&e.url().map(|u| u.to_string()).unwrap_or_default(), "")
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}
