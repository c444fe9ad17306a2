//! All configuration, read once from the environment (STYLE.md §9). The
//! defaults serve the embedded setup: a SQLite file under `data/`.

use chrono::NaiveDate;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/pension.db?mode=rwc";

#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default) or `postgres://…`.
    pub database_url: String,
    /// `PENSION_TODAY` (YYYY-MM-DD): fixes "today" for demos and tests.
    pub today: Option<NaiveDate>,
    /// Site root, address and bundle name; from `LEPTOS_*` variables (set
    /// by `./dev` and cargo-leptos) with `PORT` overriding the port.
    pub leptos: LeptosOptions,
    /// `PUBLIC_URL`: the origin people open, e.g. `https://ylbx.example.cn`;
    /// default `http://localhost:PORT`. Passkeys are bound to its host name
    /// (an IP address cannot hold passkeys); `https` makes cookies Secure.
    pub public_url: String,
    /// `MAIL_URL`: `smtp://host:port` (plain), `smtp://…?tls=required`,
    /// `smtps://…`, or `file://DIR` (default `file://data/outbox`: each
    /// message is written there as an .eml file, for the demo).
    pub mail_url: String,
    /// `MAIL_FROM`: the sender address.
    pub mail_from: String,
    /// `MESSAGE_URL`: the SMS platform, `https://account:secret@host/path`,
    /// or `file://DIR` (the default `file://data/messages`: the demo).
    pub message_url: String,
    /// `MESSAGE_SIGNATURE`: the 【signature】 registered with the platform.
    pub message_signature: String,
    /// `DOCUMENT_DIR`: where uploaded documents are stored (default `data/documents`).
    pub document_dir: String,
    /// Transfers across leagues (T3): `TRANSFER_LEAGUE` (the league this
    /// deployment serves, 4 digits; unset: transfers across leagues off),
    /// `TRANSFER_KEY` (its Ed25519 secret, base64, required with a league:
    /// `server new-transfer-key` makes one; never kept in the database),
    /// `TRANSFER_PEERS` (`LEAGUE URL PUBLIC_KEY`
    /// entries separated by `;`), `TRANSFER_RETRY_SECONDS` (default 30).
    pub transfers: app::backend::transfers::config::TransferConfig,
    pub transfer_retry_seconds: u64,
    /// `TRUSTED_PROXIES`: the reverse proxies in front, as addresses or
    /// networks (`127.0.0.1, 10.0.0.0/8`); unset, none: the client is the
    /// TCP peer and forwarding headers are ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// `PROXY_HEADER`: `x-forwarded-for` (default) or `forwarded`, the one
    /// header the trusted proxies write the client into.
    pub proxy_header: app::backend::ProxyHeader,
    /// `AUDIT_KEY`: the key (base64, 32 bytes or more) that signs the
    /// audit trail's head (`server audit-head`); kept outside the database.
    pub audit_key: Option<Vec<u8>>,
    /// `MIGRATE_DATABASE_URL`: the role that owns the schema and runs the
    /// migrations; unset, `DATABASE_URL`'s role does both.
    pub migrate_database_url: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The database URL may carry a password: print only its scheme.
        let scheme = self.database_url.split(':').next().unwrap_or("");
        f.debug_struct("Config")
            .field("database", &scheme)
            .field("today", &self.today)
            .field("site_addr", &self.leptos.site_addr)
            .field("public_url", &self.public_url)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("mail", &self.mail_url.split(['@', '?']).next_back().unwrap_or(""))
            .field("messages", &self.message_url.split(['@', '?']).next_back().unwrap_or(""))
            .finish()
    }
}

/// `TRUSTED_PROXIES`: addresses (`127.0.0.1`, `::1`) or networks
/// (`10.0.0.0/8`), separated by commas or spaces.
pub fn trusted_proxies(text: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    text.split([',', ' '])
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<ipnet::IpNet>().or_else(|_| t.parse::<std::net::IpAddr>().map(ipnet::IpNet::from)).map_err(|_| ConfigError::TrustedProxies(t.to_owned()))
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("TRUSTED_PROXIES 中的“{0}”不是 IP 地址或网段（如 127.0.0.1、10.0.0.0/8）")]
    TrustedProxies(String),
    #[error("PROXY_HEADER 应为 x-forwarded-for 或 forwarded，当前为 {0}")]
    ProxyHeader(String),
    #[error("AUDIT_KEY 应为 base64 编码的至少 32 字节密钥（如 openssl rand -base64 32 的输出）")]
    AuditKey,
    #[error("PENSION_TODAY 应为 YYYY-MM-DD 格式的日期，当前为 {0}")]
    Today(String),
    #[error("PORT 应为 1–65535 的端口号，当前为 {0}")]
    Port(String),
    #[error("LEPTOS_SITE_ADDR 应为 IP:端口，当前为 {0}")]
    SiteAddr(String),
    #[error("{0}")]
    Transfers(String),
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A release build by cargo-leptos (`hash-files`) leaves `hash.txt` beside
/// the server binary (lines `wasm: <hash>`, `css: <hash>` …): the site's
/// WASM, JS and CSS then carry their content hash in their names. Test
/// binaries have none and use the plain names.
fn build_hashes() -> Option<String> {
    std::fs::read_to_string(std::env::current_exe().ok()?.parent()?.join("hash.txt")).ok()
}

fn hashed_build() -> bool {
    build_hashes().is_some()
}

/// The stylesheet's address, for the pages the server writes without
/// Leptos (reports, refusals); Leptos pages use `HashedStylesheet`.
pub fn stylesheet() -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hash = build_hashes().and_then(|h| h.lines().find_map(|l| Some(l.split_once(':').filter(|(k, _)| k.trim() == "css")?.1.trim().to_owned())));
        match hash {
            Some(hash) => format!("/pkg/pension.{hash}.css"),
            None => "/pkg/pension.css".to_owned(),
        }
    })
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let today = var("PENSION_TODAY").map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| ConfigError::Today(s))).transpose()?;
        let mut addr: SocketAddr = match var("LEPTOS_SITE_ADDR") {
            Some(s) => s.parse().map_err(|_| ConfigError::SiteAddr(s))?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        if let Some(port) = var("PORT") {
            addr.set_port(port.parse().ok().filter(|p| *p > 0).ok_or(ConfigError::Port(port))?);
        }
        let leptos = LeptosOptions::builder()
            .output_name(var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "pension".to_owned()))
            .site_root(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()))
            .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".to_owned()))
            .site_addr(addr)
            .hash_files(hashed_build())
            .build();
        let public_url = var("PUBLIC_URL").unwrap_or_else(|| format!("http://localhost:{}", addr.port()));
        let public_url = public_url.trim_end_matches('/').to_owned();
        let mail_url = var("MAIL_URL").unwrap_or_else(|| "file://data/outbox".to_owned());
        let mail_from = var("MAIL_FROM").unwrap_or_else(|| "养老保险服务平台 <noreply@pension.example>".to_owned());
        let message_url = var("MESSAGE_URL").unwrap_or_else(|| "file://data/messages".to_owned());
        let message_signature = var("MESSAGE_SIGNATURE").unwrap_or_else(|| "内蒙古城乡居民养老保险".to_owned());
        let document_dir = var("DOCUMENT_DIR").unwrap_or_else(|| "data/documents".to_owned());
        let league = var("TRANSFER_LEAGUE");
        if let Some(l) = &league
            && domain::DivisionCode::parse(l).map(|c| c.level()) != Ok(domain::DivisionLevel::League)
        {
            return Err(ConfigError::Transfers(format!("TRANSFER_LEAGUE 应为 4 位盟市代码，当前为 {l}")));
        }
        let transfers = app::backend::transfers::config::TransferConfig {
            league,
            key: var("TRANSFER_KEY").map(|k| app::backend::transfers::config::signing_key(&k)).transpose().map_err(ConfigError::Transfers)?,
            peers: app::backend::transfers::config::TransferConfig::parse_peers(&var("TRANSFER_PEERS").unwrap_or_default()).map_err(ConfigError::Transfers)?,
        };
        if transfers.league.is_some() && transfers.key.is_none() {
            return Err(ConfigError::Transfers(
                "设置了 TRANSFER_LEAGUE 就须设置 TRANSFER_KEY（签名密钥只来自配置；用 `server new-transfer-key` 生成，公钥交给各对端）".to_owned(),
            ));
        }
        let transfer_retry_seconds = var("TRANSFER_RETRY_SECONDS").and_then(|s| s.parse().ok()).filter(|s| *s > 0).unwrap_or(30);
        let trusted_proxies = trusted_proxies(&var("TRUSTED_PROXIES").unwrap_or_default())?;
        let proxy_header = match var("PROXY_HEADER").map(|h| h.to_ascii_lowercase()).as_deref() {
            None | Some("x-forwarded-for") => app::backend::ProxyHeader::XForwardedFor,
            Some("forwarded") => app::backend::ProxyHeader::Forwarded,
            Some(other) => return Err(ConfigError::ProxyHeader(other.to_owned())),
        };
        let audit_key = var("AUDIT_KEY")
            .map(|k| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.decode(k.trim()).ok().filter(|k| k.len() >= 32).ok_or(ConfigError::AuditKey)
            })
            .transpose()?;
        Ok(Config {
            database_url,
            today,
            leptos,
            public_url,
            mail_url,
            mail_from,
            message_url,
            message_signature,
            document_dir,
            transfers,
            transfer_retry_seconds,
            trusted_proxies,
            proxy_header,
            audit_key,
            migrate_database_url: var("MIGRATE_DATABASE_URL"),
        })
    }
}

impl Config {
    /// The application state for serving: database, passkey relying
    /// party, mail sender.
    pub async fn app_state(&self, db: app::backend::infra::db::Db) -> Result<app::backend::AppState, String> {
        let mail = app::backend::infra::mail::EmailSender::from_url(&self.mail_url, &self.mail_from)?;
        let transfers = self.transfers.clone();
        let mut state = app::backend::AppState::new(self.leptos.clone(), db, self.today, &self.public_url, std::sync::Arc::new(mail))?;
        state.sms = Some(std::sync::Arc::new(app::backend::infra::sms::SmsGateway::from_url(&self.message_url, &self.message_signature)?));
        state.document_dir = self.document_dir.clone().into();
        state.transfers = std::sync::Arc::new(transfers);
        state.trusted_proxies = std::sync::Arc::new(self.trusted_proxies.clone());
        state.proxy_header = self.proxy_header;
        Ok(state)
    }
}
