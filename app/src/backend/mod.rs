//! Server-only services and persistence. Server functions and the JSON API
//! call these; nothing here renders.

#[cfg(test)]
mod architecture;
pub mod benefits;
pub mod cases;
pub mod identity;
pub mod infra;
pub mod money;
pub mod oversight;
pub mod seed;
pub mod transfers;

use crate::error::{AppError, AppResult};
use chrono::{FixedOffset, NaiveDate, Utc};
use identity::refusals;
use infra::db::Db;
use infra::mail;
use leptos::prelude::{LeptosOptions, use_context};
use std::sync::Arc;
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

/// What every request handler can reach. Built once in `server`.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// Fixes "today" for demos and tests; `None` uses the clock.
    pub today_override: Option<NaiveDate>,
    /// The relying party for passkeys: the public origin of the site.
    pub webauthn: Arc<Webauthn>,
    /// Mail to residents and staff goes out through this.
    pub mail: Arc<dyn mail::Sender>,
    /// Text messages, when a platform is configured (`MESSAGE_URL`).
    pub sms: Option<Arc<infra::sms::SmsGateway>>,
    /// Served over TLS: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// Where uploaded documents are stored, by content hash.
    pub document_dir: std::path::PathBuf,
    /// The public origin, without a trailing slash (links in QR codes and mail).
    pub public_url: String,
    /// Transfers across leagues: this league, its key, its peers (T3).
    pub transfers: Arc<crate::backend::transfers::config::TransferConfig>,
    /// The reverse proxies in front (`TRUSTED_PROXIES`): only a request
    /// from one of them may say, in `Forwarded`/`X-Forwarded-For`, whose
    /// request it carries.
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    /// The header the trusted proxies write the client into (only that
    /// one is read: a proxy passes the other through as the client sent it).
    pub proxy_header: ProxyHeader,
    /// Refused calls, counted outside the audit chain.
    pub refusals: Arc<refusals::Counter>,
    /// Woken when a message is queued in the outbox (the mailer sends it).
    pub outbox: Arc<tokio::sync::Notify>,
    /// The one-time codes this process queued and has not yet sent.
    pub held_codes: Arc<mail::HeldCodes>,
}

impl AppState {
    /// `public_url` is the origin people type (`https://…` in production,
    /// `http://localhost:PORT` locally: passkeys need a host name, not an
    /// IP address).
    pub fn new(
        leptos_options: LeptosOptions,
        db: Db,
        today_override: Option<NaiveDate>,
        public_url: &str,
        mail: Arc<dyn mail::Sender>,
    ) -> Result<AppState, String> {
        let url = Url::parse(public_url).map_err(|e| format!("PUBLIC_URL 无效：{e}"))?;
        let host = url.host_str().ok_or("PUBLIC_URL 缺少主机名")?.to_owned();
        let webauthn = WebauthnBuilder::new(&host, &url)
            .and_then(|b| b.rp_name("内蒙古城乡居民基本养老保险").build())
            .map_err(|e| format!("PUBLIC_URL 不能用于通行密钥（需要域名，如 localhost）：{e}"))?;
        Ok(AppState {
            leptos_options,
            db,
            today_override,
            webauthn: Arc::new(webauthn),
            mail,
            sms: None,
            secure_cookies: url.scheme() == "https",
            document_dir: "data/documents".into(),
            public_url: public_url.trim_end_matches('/').to_owned(),
            transfers: Arc::default(),
            trusted_proxies: Arc::default(),
            proxy_header: ProxyHeader::default(),
            refusals: Arc::default(),
            outbox: Arc::default(),
            held_codes: Arc::default(),
        })
    }
}

/// `PROXY_HEADER`: which forwarding header the trusted proxies set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProxyHeader {
    /// `X-Forwarded-For` (nginx's `$proxy_add_x_forwarded_for`).
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239).
    Forwarded,
}

impl AppState {
    /// Today in China Standard Time (UTC+8, no daylight saving), the date
    /// that deadlines, policy and eligibility are judged by.
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(|| {
            let cst = FixedOffset::east_opt(8 * 3600).expect("valid offset");
            Utc::now().with_timezone(&cst).date_naive()
        })
    }
}

/// The state, inside a server function.
pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
