//! Transfers across leagues as configured: this league, its signing key
//! (only ever from configuration) and its peers with their public keys.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use domain::{DivisionCode, DivisionLevel};
use ed25519_dalek::{SigningKey, VerifyingKey};

/// A deployment of another league this one exchanges documents with.
#[derive(Clone, Debug)]
pub struct Peer {
    pub league: String,
    pub url: String,
    pub key: VerifyingKey,
}

/// This deployment's part in transfers: the league it serves, its signing
/// key, its peers. Without a league, transfers across leagues are off.
#[derive(Clone, Default)]
pub struct TransferConfig {
    pub league: Option<String>,
    pub key: Option<SigningKey>,
    pub peers: Vec<Peer>,
}

impl TransferConfig {
    /// `TRANSFER_PEERS`: entries `LEAGUE URL PUBLIC_KEY` (the key in
    /// base64), separated by `;` or new lines.
    pub fn parse_peers(text: &str) -> Result<Vec<Peer>, String> {
        text.split([';', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| {
                let parts: Vec<&str> = e.split_whitespace().collect();
                let [league, url, key] = parts[..] else {
                    return Err(format!("TRANSFER_PEERS 的每一项应为“盟市代码 地址 公钥”，当前为 {e}"));
                };
                if DivisionCode::parse(league).map(|c| c.level()) != Ok(DivisionLevel::League) {
                    return Err(format!("TRANSFER_PEERS：{league} 不是盟市代码"));
                }
                Ok(Peer { league: league.to_owned(), url: peer_url(url)?, key: public_key(key)? })
            })
            .collect()
    }

    pub(crate) fn peer(&self, league: &str) -> Option<&Peer> {
        self.peers.iter().find(|p| p.league == league)
    }

    pub fn public_key(&self) -> Option<String> {
        self.key.as_ref().map(|k| B64.encode(k.verifying_key().to_bytes()))
    }
}

pub fn public_key(text: &str) -> Result<VerifyingKey, String> {
    let bytes: [u8; 32] = B64.decode(text.trim()).ok().and_then(|b| b.try_into().ok()).ok_or("公钥应为 32 字节的 base64")?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| format!("公钥无效：{e}"))
}

/// `TRANSFER_KEY`: the 32-byte secret in base64.
pub fn signing_key(text: &str) -> Result<SigningKey, String> {
    let bytes: [u8; 32] = B64.decode(text.trim()).ok().and_then(|b| b.try_into().ok()).ok_or("TRANSFER_KEY 应为 32 字节的 base64")?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// A new signing key for `TRANSFER_KEY` and its public key for the peers
/// (`server new-transfer-key`). The key lives only in configuration: anyone who
/// could read or write the database could otherwise sign as this league.
pub fn generate_key() -> (String, String) {
    let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    (B64.encode(key.to_bytes()), B64.encode(key.verifying_key().to_bytes()))
}

/// Whether `url` may be a peer's address: https, or http to this machine
/// (two deployments on one host, as the tests run them). Nothing else: the
/// documents carry personal data and move money.
pub(crate) fn peer_url(url: &str) -> Result<String, String> {
    let url = url.trim_end_matches('/');
    let parsed = reqwest::Url::parse(url).map_err(|_| format!("TRANSFER_PEERS：{url} 不是有效的地址"))?;
    let host = parsed.host_str().unwrap_or_default();
    let loopback = host == "localhost" || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(url.to_owned()),
        "http" if loopback => Ok(url.to_owned()),
        _ => Err(format!("TRANSFER_PEERS：{url} 应为 https 地址（只有本机地址可用 http）")),
    }
}
