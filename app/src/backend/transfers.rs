//! Transfers (关系转移接续, T1–T4).
//!
//! Within a county a move is an address change (E4). Within a league across
//! counties the relationship moves and the funds do not (`move_within_league`).
//! Across leagues each league runs its own deployment with its own database,
//! and the two exchange signed documents:
//!
//! 1. the new place receives the transfer-in application (《转入申请表》, a
//!    case checked by the county within 5 working days) and on approval
//!    sends the receipt letter 《接收函》;
//! 2. the old place checks the person (T1: people receiving benefits stay
//!    and are refused with the reason), posts interest to date, closes the
//!    account with a `transfer_out` entry, records the fund movement and
//!    sends the 《审批表》 with the 《信息表》 (the account's history);
//! 3. the new place's county clerk confirms the money has arrived in full;
//!    the account opens (or an existing one grows) with the carried history,
//!    the person is told, and the old place gets the 办结反馈.
//!
//! Every document is JSON signed with the sender's Ed25519 key and checked
//! against the key configured for that peer; each is applied once (a retry
//! or the same document as a file changes nothing). Documents wait in an
//! outbox until the peer has acknowledged them: the courier retries, and an
//! operator can carry them as files when the line is down. The resident
//! follows every step on the case page (T4).

use super::auth::{Caller, new_id, now, ts};
use super::cases::{self, NewCase, Stored};
use super::documents::{self, Upload};
use super::{AppState, audit, ledger as accounts_ledger, reference, registration, registry};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Both;
use crate::model::{TransferInForm, WaitingLetter};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{Datelike, NaiveDate};
use domain::case::CaseType;
use domain::ledger::{self, EntryKind};
use domain::{DivisionCode, DivisionLevel, DocumentKind, DocumentNumber, Role, Yuan};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

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

    fn peer(&self, league: &str) -> Option<&Peer> {
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
fn peer_url(url: &str) -> Result<String, String> {
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

/// What travels: the document's bytes (base64) and the signature over them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub from: String,
    pub payload: String,
    pub signature: String,
}

/// Signs a document's bytes as `league`.
pub fn seal(key: &SigningKey, league: &str, bytes: &[u8]) -> Envelope {
    Envelope { from: league.to_owned(), payload: B64.encode(bytes), signature: B64.encode(key.sign(bytes).to_bytes()) }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Document {
    doc_id: String,
    kind: String,
    transfer_id: String,
    from: String,
    to: String,
    issued_at: String,
    body: Value,
}

const LETTER: &str = "receipt_letter";
const APPROVAL: &str = "approval";
const REFUSAL: &str = "refusal";
const COMPLETED: &str = "completed";

fn kind_label(kind: &str) -> &'static str {
    match kind {
        LETTER => "接收函",
        APPROVAL => "审批表及信息表",
        REFUSAL => "不予转出通知",
        COMPLETED => "办结反馈",
        _ => "文书",
    }
}

fn off() -> AppError {
    AppError::new(ErrorCode::Conflict, "本系统尚未配置跨盟市转移（本盟市代码和签名密钥），请联系管理员")
}

fn own_league(state: &AppState) -> AppResult<(&str, &SigningKey)> {
    let t = &state.transfers;
    Ok((t.league.as_deref().ok_or_else(off)?, t.key.as_ref().ok_or_else(off)?))
}

/// Signs a document for `peer` and puts it in the outbox (inside `tx`).
async fn send(state: &AppState, tx: &mut Transaction<'_, Any>, peer: &str, kind: &str, transfer_id: &str, body: Value) -> AppResult<()> {
    let (league, key) = own_league(state)?;
    let doc = Document {
        doc_id: new_id(),
        kind: kind.to_owned(),
        transfer_id: transfer_id.to_owned(),
        from: league.to_owned(),
        to: peer.to_owned(),
        issued_at: ts(now()),
        body,
    };
    let bytes = serde_json::to_vec(&doc).map_err(AppError::internal)?;
    let envelope = seal(key, league, &bytes);
    sqlx::query("INSERT INTO transfer_outbox (doc_id, peer, kind, transfer_id, envelope, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&doc.doc_id)
        .bind(peer)
        .bind(kind)
        .bind(transfer_id)
        .bind(serde_json::to_string(&envelope).map_err(AppError::internal)?)
        .bind(ts(now()))
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

/// One step of a transfer's progress (T4), with its date.
async fn step(tx: &mut Transaction<'_, Any>, id: &str, direction: &str, text: &str) -> AppResult<()> {
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM transfer_events WHERE transfer_id = $1 AND direction = $2")
        .bind(id)
        .bind(direction)
        .fetch_one(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    sqlx::query("INSERT INTO transfer_events (transfer_id, direction, seq, at, step) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(direction)
        .bind(seq)
        .bind(ts(now()))
        .bind(text)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

async fn set_status(tx: &mut Transaction<'_, Any>, id: &str, direction: &str, from: &[&str], to: &str) -> AppResult<bool> {
    let list = from.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    let n = sqlx::query(&format!("UPDATE transfers SET status = $1, updated_at = $2 WHERE id = $3 AND direction = $4 AND status IN ({list})"))
        .bind(to)
        .bind(ts(now()))
        .bind(id)
        .bind(direction)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    Ok(n == 1)
}

// ---------------------------------------------------------------- new place

/// T3: files the transfer-in application at the new place. Refused with
/// the reason and nothing stored: transfers not configured, an old place
/// not connected, a household not registered in this league, one already
/// in progress, a missing attachment or field.
pub async fn submit(state: &AppState, caller: &Caller, form: &TransferInForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let connection = match form.scheme.as_deref().map(str::trim).unwrap_or("resident") {
        "resident" | "" => false,
        "employee" => true,
        _ => return Err(AppError::invalid("请选择转入前参加的养老保险：区内其他盟市的城乡居民养老保险，或城镇职工基本养老保险")),
    };
    // The old side: a peer deployment (another league), or an agency of
    // the employees' scheme (制度衔接), which needs no exchange configured.
    let (from, from_name) = if connection {
        let agency = cases::required(form.from_agency.as_deref().unwrap_or(""), "原参保的职工养老保险经办机构名称", 60)?;
        (None, agency)
    } else {
        let (league, _) = own_league(state)?;
        let from = form.from_league.as_deref().unwrap_or("").trim();
        if from == league {
            return Err(AppError::invalid("转出地与转入地同属本盟市：盟市内跨旗县转移只转移关系，请到旗县社保经办机构办理"));
        }
        let peer = state
            .transfers
            .peer(from)
            .map(|p| p.league.clone())
            .ok_or_else(|| AppError::invalid("转出地尚未接入本系统的转移通道：请到转入地旗县社保经办机构窗口办理纸质转移"))?;
        (Some(from.to_owned()), reference::division_name(&state.db, &peer).await?.unwrap_or(peer))
    };
    let person = registry::find(state.db.pool(), &filing.person)
        .await?
        .filter(|r| r.death_date.is_none())
        .ok_or_else(|| AppError::invalid("户籍登记信息中没有这位在世人员，请核对证件号码"))?;
    let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
    if let Some(league) = state.transfers.league.as_deref()
        && village.at_level(DivisionLevel::League).map(|l| l.as_str().to_owned()).as_deref() != Some(league)
    {
        return Err(AppError::invalid("户籍登记信息显示户籍尚未迁入本盟市：请先办理户籍迁移，再申请关系转入"));
    }
    if filing.applicant_kind == "staff" && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能为本辖区户籍人员办理关系转入"));
    }
    let here: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT transferred_out_on, deregistered_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(filing.person.kind().code())
            .bind(filing.person.as_str())
            .fetch_optional(state.db.pool())
            .await
            .map_err(AppError::internal)?;
    if let Some((_, Some(on))) = &here {
        return Err(AppError::new(ErrorCode::Conflict, format!("此人已于 {on} 在本地办理注销登记，不能再转入")));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(filing.person.kind().code())
        .bind(filing.person.as_str())
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    if pension.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "已在本地核定城乡居民养老保险待遇：不再办理关系转入或制度衔接"));
    }
    // Insured here and not transferred out: no 《登记表》. Someone who once
    // transferred out and has moved back fills it again (the relationship
    // reopens when the funds arrive).
    let enrolled = matches!(here, Some((None, None)));
    let mut details = json!({ "scheme": if connection { "employee" } else { "resident" }, "from_league": from, "from_name": from_name,
        "enrolled_here": enrolled, "returning": matches!(here, Some((Some(_), None))), "registry_village": person.village_code,
        "registry": { "sex": person.sex, "birth_date": person.birth_date, "ethnicity": person.ethnicity } });
    if !enrolled {
        // 《登记表》 fields, for a person not yet insured here.
        let phone = form.phone.as_deref().unwrap_or("").trim().to_owned();
        if !(phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())) {
            return Err(AppError::invalid("请填写11位手机号码"));
        }
        let policy = reference::policy_on(&state.db, state.today()).await?;
        let tier = Yuan::parse(form.tier.as_deref().unwrap_or("").trim()).ok().filter(|t| policy.tiers.contains(t)).ok_or_else(|| {
            let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
            AppError::invalid(format!("请选择在本地的缴费档次：{} 元/年", tiers.join("、")))
        })?;
        details["phone"] = phone.into();
        details["tier"] = tier.to_string().into();
        details["bank_card"] = cases::bank_card(form.bank_card.as_deref().unwrap_or(""))?.into();
        details["residence_address"] = cases::required(form.residence_address.as_deref().unwrap_or(""), "居住地址", 100)?.into();
    }
    let kinds: Vec<&str> = uploads.iter().map(|u| u.kind.as_str()).collect();
    let needed: &[&str] = if filing.applicant_kind == "staff" { &["signed_form"] } else { &["id_front", "id_back", "hukou_home", "hukou_self"] };
    if let Some(missing) = needed.iter().find(|k| !kinds.contains(k)) {
        return Err(AppError::invalid(format!("请上传{}", documents::kind_label(missing))));
    }
    details["confirmation"] = cases::confirmation(&filing, form.confirmation.as_deref())?.into();
    let deadline = cases::deadline_for(state, CaseType::TransferIn).await?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    cases::refuse_open(&mut tx, CaseType::TransferIn, &filing.person).await?;
    let running: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM transfers WHERE id_kind = $1 AND id_number = $2 AND direction = 'in' AND status IN ('letter_sent', 'funds_pending')",
    )
    .bind(filing.person.kind().code())
    .bind(filing.person.as_str())
    .fetch_one(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    if running > 0 {
        return Err(AppError::new(ErrorCode::Conflict, "已有一件正在办理的关系转入，请在“我的申请”中查看进度"));
    }
    let new = NewCase { case_type: CaseType::TransferIn, filing: &filing, person_name: &person.name, place: &village, form: details, deadline };
    let (id, _) = cases::open_case(state, &mut tx, caller, new, &uploads, json!({ "from_league": from, "from_name": from_name })).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(id)
}

/// Approval of the application (审核): the transfer starts and the receipt
/// letter goes to the old place.
pub(super) async fn approve_in(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    let connection = c.form["scheme"].as_str() == Some("employee");
    let peer = if connection { c.form["from_name"].as_str() } else { c.form["from_league"].as_str() }
        .ok_or_else(|| AppError::internal("transfer form lacks its old side"))?;
    let county = c.jurisdiction.at_level(DivisionLevel::County).ok_or_else(|| AppError::internal("no county"))?;
    let at = ts(now());
    sqlx::query(
        "INSERT INTO transfers (id, direction, peer, scheme, id_kind, id_number, name, county_code, status, created_at, updated_at) \
         VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, 'letter_sent', $8, $8)",
    )
    .bind(id)
    .bind(peer)
    .bind(if connection { "employee" } else { "resident" })
    .bind(c.person.kind().code())
    .bind(c.person.as_str())
    .bind(&c.person_name)
    .bind(county.as_str())
    .bind(&at)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    if connection {
        // The agency of the other scheme is not on our exchange: the county
        // prints the 《联系函》 and sends it (post, or the national system).
        return step(tx, id, "in", &format!("衔接申请审核通过，《联系函》已生成，由旗县社保经办机构发往{peer}")).await;
    }
    let body = json!({
        "id_kind": c.person.kind().code(), "id_number": c.person.as_str(), "name": c.person_name,
        "new_county": county.as_str(), "new_village": c.jurisdiction.as_str(), "applied_on": c.received_on,
    });
    send(state, tx, peer, LETTER, id, body).await?;
    step(tx, id, "in", "转入申请审核通过，《接收函》已发往转出地").await
}

/// What the case page shows of a transfer-in (T4): the application, the
/// data comparison, then every step with its date, and the amounts.
pub(super) async fn facts(state: &AppState, id: &str, c: &Stored) -> AppResult<Vec<(String, String)>> {
    let f = &c.form;
    let s = |k: &str| f[k].as_str().unwrap_or("—").to_owned();
    let registry_now = registry::find(state.db.pool(), &c.person).await?.map(|r| r.village_code);
    let comparison = match registry_now {
        Some(v) if v == s("registry_village") => "一致：户籍已迁入本地".to_owned(),
        Some(v) => format!("不一致：户籍登记村（社区）现为 {v}"),
        None => "户籍登记信息中没有此人：请核实".to_owned(),
    };
    let connection = f["scheme"].as_str() == Some("employee");
    let mut out = if connection {
        vec![("申请".to_owned(), "《衔接申请表》：从城镇职工基本养老保险转入（制度衔接）".to_owned()), ("原职工养老保险经办机构".to_owned(), s("from_name"))]
    } else {
        vec![("转出地".to_owned(), s("from_name"))]
    };
    out.extend([
        ("户籍比对".to_owned(), comparison),
        ("本地参保".to_owned(), if f["enrolled_here"].as_bool() == Some(true) { "已参保（不再填写登记表）" } else if f["returning"].as_bool() == Some(true) { "曾在本地参保并已转出，转回后恢复" } else { "新参保（随转入建立）" }.to_owned()),
    ]);
    if let Some(tier) = f["tier"].as_str() {
        out.push(("缴费档次（元/年）".to_owned(), tier.to_owned()));
    }
    if let Some(card) = f["bank_card"].as_str() {
        out.push(("银行卡".to_owned(), domain::id_number::mask_card(card)));
    }
    let progress = progress(state, id, "in").await?;
    if connection && !progress.is_empty() {
        out.push(("城乡养老保险制度衔接联系函".to_owned(), format!("/print/transfers/{id}/contact-letter")));
    }
    out.extend(progress);
    Ok(out)
}

async fn progress(state: &AppState, id: &str, direction: &str) -> AppResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    let row = sqlx::query("SELECT status, scheme, reason, amount_fen, interest_fen FROM transfers WHERE id = $1 AND direction = $2")
        .bind(id)
        .bind(direction)
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let Some(r) = row else { return Ok(out) };
    let status: String = r.try_get("status").map_err(AppError::internal)?;
    let scheme: String = r.try_get("scheme").map_err(AppError::internal)?;
    out.push(("转移状态".to_owned(), status_label(&status, &scheme).to_owned()));
    if let Some(reason) = r.try_get::<Option<String>, _>("reason").map_err(AppError::internal)? {
        out.push(("不予转出原因".to_owned(), reason));
    }
    if let Some(fen) = r.try_get::<Option<i64>, _>("amount_fen").map_err(AppError::internal)? {
        let interest = r.try_get::<Option<i64>, _>("interest_fen").map_err(AppError::internal)?.unwrap_or(0);
        let of = if scheme == "employee" { "职工养老保险记账利息" } else { "转出地结息" };
        out.push(("转移的个人账户储存额（元）".to_owned(), format!("{}（含{of} {} 元）", Yuan::from_fen(fen), Yuan::from_fen(interest))));
    }
    let steps = sqlx::query("SELECT at, step FROM transfer_events WHERE transfer_id = $1 AND direction = $2 ORDER BY seq")
        .bind(id)
        .bind(direction)
        .fetch_all(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    for s in steps {
        let at: String = s.try_get("at").map_err(AppError::internal)?;
        out.push((super::auth::local_time(&at), s.try_get("step").map_err(AppError::internal)?));
    }
    Ok(out)
}

/// The amount a transfer-in waits for, if it does.
pub(super) async fn awaiting_funds(state: &AppState, id: &str) -> AppResult<Option<String>> {
    let fen: Option<Option<i64>> = sqlx::query_scalar("SELECT amount_fen FROM transfers WHERE id = $1 AND direction = 'in' AND status = 'funds_pending'")
        .bind(id)
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    Ok(fen.flatten().map(|f| Yuan::from_fen(f).to_string()))
}

pub fn status_label(status: &str, scheme: &str) -> &'static str {
    match (status, scheme) {
        ("letter_sent", "employee") => "已发出联系函，等待职工养老保险经办机构的《信息表》",
        ("funds_pending", "employee") => "已收到《信息表》，等待职工养老保险个人账户储存额到账",
        ("refused", "employee") => "职工养老保险经办机构不同意衔接",
        ("letter_sent", _) => "已发出接收函，等待转出地审批",
        ("funds_pending", _) => "转出地已审批并划转基金，等待确认到账",
        ("completed", _) => "已办结",
        ("refused", _) => "转出地不予转出",
        ("funds_sent", _) => "已审批转出，基金已划转，等待转入地确认",
        _ => "—",
    }
}

/// The county clerk of the new place confirms the money arrived in full
/// (the amount on the bank's receipt); the account opens with the carried
/// history, the person is told, and the 办结反馈 goes back.
pub async fn confirm_funds(state: &AppState, caller: &Caller, id: &str, amount: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let gone = || AppError::not_found("没有找到这件关系转入，或您无权办理");
    let received = Yuan::parse(amount.trim()).map_err(|_| AppError::invalid("请填写到账金额，如 5234.56"))?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let row = sqlx::query(
        "SELECT peer, scheme, id_kind, id_number, name, county_code, status, amount_fen, approval_json, interest_year, interest_through, answer_recorded_by \
         FROM transfers WHERE id = $1 AND direction = 'in'",
    )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(gone)?;
    let s = |k: &str| row.try_get::<String, _>(k).map_err(AppError::internal);
    let county = DivisionCode::parse(&s("county_code")?).map_err(AppError::internal)?;
    if !p.covers(&county) {
        return Err(gone());
    }
    let (status, scheme) = (s("status")?, s("scheme")?);
    if status != "funds_pending" {
        return Err(AppError::new(ErrorCode::Conflict, format!("本件转移当前为“{}”，不能确认到账", status_label(&status, &scheme))));
    }
    let person = DocumentNumber::parse(DocumentKind::from_code(&s("id_kind")?).ok_or_else(|| AppError::internal("kind"))?, &s("id_number")?)
        .map_err(AppError::internal)?;
    cases::refuse_conflict(&mut *tx, p, &person, None).await?;
    // Separation of duties: who recorded the 《信息表》 does not confirm its money.
    if row.try_get::<Option<String>, _>("answer_recorded_by").map_err(AppError::internal)?.as_deref() == Some(p.account_id.as_str()) {
        return Err(AppError::new(ErrorCode::Forbidden, "《信息表》由您录入，到账须由另一位经办人员确认"));
    }
    let expected = Yuan::from_fen(row.try_get::<Option<i64>, _>("amount_fen").map_err(AppError::internal)?.unwrap_or(0));
    if received != expected {
        return Err(AppError::invalid(format!("到账金额 {received} 元与《审批表》的转移金额 {expected} 元不一致：请与转出地核实，足额到账后再确认")));
    }
    let approval: Value = serde_json::from_str(&s("approval_json")?).map_err(AppError::internal)?;
    let case = cases::load(&mut *tx, id).await?.ok_or_else(|| AppError::internal("transfer without its case"))?;
    let today = state.today().to_string();
    // The person and the account: the existing ones when already insured
    // here (reopened, with the new 《登记表》 fields, for someone who had
    // transferred out and moved back), else new ones.
    let account = match accounts_ledger::account_of(&mut *tx, &person).await? {
        Some(a) => {
            reopen(&mut tx, &case, &a).await?;
            a
        }
        None => cases::insure(state, &mut tx, id, &case).await?,
    };
    // The carried history, entry by entry as the old place kept it. Back to
    // an account of ours (moving back), that history begins with what we
    // sent: our own entries, still here. Those are not booked twice (each
    // year of the statement would show them twice and its balance doubled);
    // their sum comes back as one transfer-in entry, earning from the month
    // the other place paid interest through, as the copies would
    // (`ledger::interest_basis`), and dated no earlier than our transfer out.
    let entries = approval["history"].as_array().ok_or_else(|| AppError::internal("approval without history"))?;
    let batch = format!("transfer:{id}");
    let mut ours: Vec<(String, i64, String)> = if scheme == "employee" {
        Vec::new()
    } else {
        sqlx::query_as("SELECT kind, amount_fen, credited_on FROM ledger_entries WHERE account_id = $1")
            .bind(&account)
            .fetch_all(&mut *tx)
            .await
            .map_err(AppError::internal)?
    };
    let mut rows: Vec<(EntryKind, String, Yuan, NaiveDate)> = Vec::new();
    let (mut carried, mut returned) = (Yuan::ZERO, Yuan::ZERO);
    for (n, e) in entries.iter().enumerate() {
        let kind = e["kind"].as_str().and_then(EntryKind::parse).ok_or_else(|| AppError::internal("carried entry of unknown kind"))?;
        let amount = Yuan::from_fen(e["amount_fen"].as_i64().ok_or_else(|| AppError::internal("carried entry without amount"))?);
        let on = e["credited_on"].as_str().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).ok_or_else(|| AppError::internal("carried entry without date"))?;
        carried = carried + amount;
        let key = (kind.code().to_owned(), amount.fen(), on.to_string());
        if let Some(i) = ours.iter().position(|o| *o == key) {
            ours.swap_remove(i);
            returned = returned + amount;
        } else {
            rows.push((kind, format!("{batch}:{n}"), amount, on));
        }
    }
    if !returned.is_zero() {
        let left: Option<String> = sqlx::query_scalar("SELECT MAX(credited_on) FROM account_entries WHERE account_id = $1 AND kind = 'transfer_out'")
            .bind(&account)
            .fetch_one(&mut *tx)
            .await
            .map_err(AppError::internal)?;
        let left = left.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let (year, month) = (row.try_get::<Option<i64>, _>("interest_year"), row.try_get::<Option<i64>, _>("interest_through"));
        let paid = match (year.map_err(AppError::internal)?, month.map_err(AppError::internal)?) {
            (Some(y), Some(m)) => NaiveDate::from_ymd_opt(y as i32, m as u32, 1),
            _ => None,
        };
        let on = [left, paid].into_iter().flatten().max().unwrap_or(state.today());
        rows.push((EntryKind::TransferIn, format!("{batch}:returned"), returned, on));
    }
    let at = ts(now());
    for (kind, source, amount, on) in rows {
        sqlx::query(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&account)
        .bind(kind.code())
        .bind(source)
        .bind(amount.fen())
        .bind(on.to_string())
        .bind(i64::from(on.year()))
        .bind(&batch)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    }
    if carried != expected {
        return Err(AppError::internal(format!("transfer {id}: the 信息表 sums to {carried}, the 审批表 says {expected}")));
    }
    sqlx::query("UPDATE transfers SET account_id = $1 WHERE id = $2 AND direction = 'in'").bind(&account).bind(id).execute(&mut *tx).await.map_err(AppError::internal)?;
    if !set_status(&mut tx, id, "in", &["funds_pending"], "completed").await? {
        return Err(cases::changed_meanwhile());
    }
    step(&mut tx, id, "in", &format!("转入资金 {expected} 元已足额到账，个人账户已建立并记录转入信息，关系转入办结")).await?;
    let peer = s("peer")?;
    if scheme == "employee" {
        // The employees' scheme relationship ended with the 衔接: the person
        // is no longer on the other-scheme list (E3, B3 checks).
        sqlx::query("DELETE FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    } else {
        send(state, &mut tx, &peer, COMPLETED, id, json!({ "completed_on": today, "amount_fen": expected.fen() })).await?;
    }
    let said = Both::new(
        format!("关系转入已办结：转入个人账户储存额 {expected} 元，可在“个人账户”中查看转入前的缴费记录；如有异议可申请核查"),
        format!(
            "ᠬᠠᠷᠢᠯᠴᠠᠭ᠎ᠠ ᠶᠢ ᠰᠢᠯᠵᠢᠭᠦᠯᠦᠨ ᠣᠷᠤᠭᠤᠯᠬᠤ ᠶᠢ ᠳᠠᠭᠤᠰᠪᠠ᠄ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {expected} ᠶᠤᠸᠠᠨ ᠣᠷᠣᠪᠠ᠂ \
             ᠰᠢᠯᠵᠢᠬᠦ ᠡᠴᠡ ᠡᠮᠦᠨᠡᠬᠢ ᠲᠥᠯᠥᠭᠰᠡᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠢ «ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ» ᠳᠤ ᠦᠵᠡᠨ᠎ᠡ᠃ ᠰᠠᠨᠠᠯ ᠪᠠᠢᠪᠠᠯ ᠰᠢᠯᠭᠠᠬᠤ ᠶᠢ ᠭᠤᠶᠤᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ"
        ),
    );
    cases::notify(&mut tx, &case.applicant, id, &said).await?;
    let mut entry = caller.audit("transfer.funds_confirmed", Some(id.to_owned()));
    entry.on_behalf_of = Some(person.masked());
    entry.after = Some(json!({ "amount": expected.to_string(), "account": account }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(format!("已确认到账 {expected} 元，个人账户已建立，本人已收到通知"))
}

/// 制度衔接: the county clerk records what the employees' scheme agency
/// answered to the 《联系函》: its 《信息表》 (year by year; the transfer
/// then waits for the money) or its refusal with the reason. Refused with
/// the reason and nothing changed: a table that does not parse, 15 years
/// or more under the employees' scheme, a transfer not waiting for it.
pub async fn record_connection(state: &AppState, caller: &Caller, id: &str, outcome: &str, reference: &str, table: &str, reason: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let gone = || AppError::not_found("没有找到这件制度衔接，或您无权办理");
    let reference = cases::required(reference, "《信息表》编号或来函文号", 60)?;
    let today = state.today();
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let row: (String, String, String) = sqlx::query_as("SELECT peer, county_code, status FROM transfers WHERE id = $1 AND direction = 'in' AND scheme = 'employee'")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(gone)?;
    let (agency, county, status) = row;
    if !p.covers(&DivisionCode::parse(&county).map_err(AppError::internal)?) {
        return Err(gone());
    }
    if status != "letter_sent" {
        return Err(AppError::new(ErrorCode::Conflict, format!("本件制度衔接当前为“{}”，已录入过答复", status_label(&status, "employee"))));
    }
    let (text, notice, after) = match outcome {
        "refused" => {
            let reason = cases::required(reason, "不同意衔接的原因", 200)?;
            sqlx::query("UPDATE transfers SET status = 'refused', reason = $1, updated_at = $2 WHERE id = $3 AND direction = 'in' AND status = 'letter_sent'")
                .bind(&reason)
                .bind(ts(now()))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(AppError::internal)?;
            (
                format!("{agency}答复不同意衔接（{reference}）：{reason}"),
                Both::new(
                    format!("制度衔接未能办理：{agency}不同意衔接（{reason}）。如有疑问请到旗县社保经办机构咨询"),
                    format!("ᠲᠣᠭᠳᠠᠭᠠᠯ ᠤᠨ ᠵᠠᠯᠭᠠᠯᠲᠠ ᠪᠠᠷᠢᠭᠳᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ᠄ {agency} ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠭᠰᠡᠨ ᠦᠭᠡᠢ ({reason})᠃ ᠠᠰᠠᠭᠤᠯᠲᠠ ᠪᠠᠢᠪᠠᠯ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠳᠤ ᠯᠠᠪᠯᠠᠨ᠎ᠠ ᠤᠤ"),
                ),
                json!({ "outcome": "refused", "reference": reference, "reason": reason }),
            )
        }
        "approved" => {
            let entries = ledger::employee_record(table, today).map_err(AppError::invalid)?;
            let years = ledger::contribution_years(&entries).len();
            if years >= ledger::EMPLOYEE_YEARS_LIMIT {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!("《信息表》显示职工养老保险缴费 {years} 年，已满15年：应在职工养老保险领取待遇，不转入城乡居民养老保险。请与{agency}核实后，选择“不同意衔接”并写明原因"),
                ));
            }
            let amount: Yuan = ledger::balance(&entries);
            let interest: Yuan = ledger::balance(entries.iter().filter(|e| e.kind == EntryKind::Interest));
            let history: Vec<Value> =
                entries.iter().map(|e| json!({ "kind": e.kind.code(), "amount_fen": e.amount.fen(), "credited_on": e.credited_on.to_string() })).collect();
            let approval = json!({
                "approval": { "agency": agency, "reference": reference, "recorded_on": today.to_string(), "balance_fen": amount.fen(),
                              "interest_fen": interest.fen(), "contribution_years": years },
                "history": history,
                "interest_paid": { "year": today.year(), "through": today.month() },
                "fund": { "amount_fen": amount.fen(), "reference": reference },
            });
            sqlx::query(
                "UPDATE transfers SET status = 'funds_pending', amount_fen = $1, interest_fen = $2, interest_year = $3, interest_through = $4, \
                 approval_json = $5, updated_at = $6, answer_recorded_by = $8 WHERE id = $7 AND direction = 'in' AND status = 'letter_sent'",
            )
            .bind(amount.fen())
            .bind(interest.fen())
            .bind(i64::from(today.year()))
            .bind(i64::from(today.month()))
            .bind(approval.to_string())
            .bind(ts(now()))
            .bind(id)
            .bind(&p.account_id)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
            (
                format!("已收到{agency}的《信息表》（{reference}）：职工养老保险缴费 {years} 年，个人账户储存额 {amount} 元，等待资金到账"),
                Both::new(
                    format!("{agency}已同意衔接：职工养老保险缴费 {years} 年合并计算，个人账户储存额 {amount} 元到账后即为您记入个人账户"),
                    format!(
                        "{agency} ᠲᠣᠭᠳᠠᠭᠠᠯ ᠤᠨ ᠵᠠᠯᠭᠠᠯᠲᠠ ᠶᠢ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠪᠡ᠄ ᠠᠵᠢᠯᠴᠢᠳ ᠤᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠬᠠᠨᠳᠤᠯᠭ᠎ᠠ {years} ᠵᠢᠯ ᠢ ᠨᠡᠢᠯᠡᠭᠦᠯᠦᠨ ᠪᠣᠳᠣᠨ᠎ᠠ᠂ \
                         ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {amount} ᠶᠤᠸᠠᠨ ᠣᠷᠣᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭ᠎ᠠ ᠲᠠᠨ ᠤ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠳᠤ ᠪᠢᠴᠢᠨ᠎ᠡ"
                    ),
                ),
                json!({ "outcome": "approved", "reference": reference, "amount": amount.to_string(), "years": years }),
            )
        }
        _ => return Err(AppError::invalid("请选择职工养老保险经办机构的答复：同意衔接（录入《信息表》）或不同意衔接")),
    };
    step(&mut tx, id, "in", &text).await?;
    notify_applicant(&mut tx, id, &notice).await?;
    let mut entry = caller.audit("transfer.connection_recorded", Some(id.to_owned()));
    entry.after = Some(after.to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(text)
}

/// Whether a 制度衔接 waits for the agency's answer (the clerk's form).
pub(super) async fn awaiting_connection(state: &AppState, id: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM transfers WHERE id = $1 AND direction = 'in' AND scheme = 'employee' AND status = 'letter_sent'")
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    Ok(n == 1)
}

/// 《城乡养老保险制度衔接联系函》: what the county sends the employees'
/// scheme agency once the 衔接 application is approved.
#[derive(Debug, Clone)]
pub struct ContactLetter {
    pub id: String,
    pub agency: String,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub id_number: String,
    pub applied_on: String,
    pub issued_on: String,
    pub county: String,
}

/// The letter, for the applicant and the staff who may see the case (the
/// full ID number is on it: every view is recorded).
pub async fn contact_letter(state: &AppState, caller: &Caller, id: &str) -> AppResult<ContactLetter> {
    let p = caller.principal()?;
    let c = cases::load(state.db.pool(), id).await?.filter(|c| cases::may_see(p, c)).ok_or_else(cases::not_found)?;
    let row: (String, String, String) =
        sqlx::query_as("SELECT peer, county_code, created_at FROM transfers WHERE id = $1 AND direction = 'in' AND scheme = 'employee'")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::not_found("这件申请没有制度衔接联系函（衔接申请审核通过后才生成）"))?;
    let (agency, county, created) = row;
    let mut entry = caller.audit("transfer.contact_letter", Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    audit::record(&state.db, entry).await?;
    let f = &c.form["registry"];
    Ok(ContactLetter {
        id: id.to_owned(),
        agency,
        name: c.person_name.clone(),
        sex: match f["sex"].as_str() { Some("male") => "男", Some("female") => "女", _ => "—" }.to_owned(),
        birth_date: f["birth_date"].as_str().unwrap_or("—").to_owned(),
        id_number: c.person.as_str().to_owned(),
        applied_on: c.received_on.clone(),
        issued_on: super::auth::local_time(&created).chars().take(10).collect(),
        county: reference::division_name(&state.db, &county).await?.unwrap_or(county),
    })
}

/// Someone who transferred out and has moved back: the relationship
/// reopens on the same record and account (the history stays as it was:
/// the transfer out, then what comes back), with the place and the
/// 《登记表》 fields of this application.
async fn reopen(tx: &mut Transaction<'_, Any>, case: &Stored, account: &str) -> AppResult<()> {
    let f = &case.form;
    if f["returning"].as_bool() != Some(true) {
        return Ok(());
    }
    let text = |k: &str| f[k].as_str().map(str::to_owned);
    sqlx::query(
        "UPDATE insured_persons SET transferred_out_on = NULL, village_code = $1, tier = COALESCE($2, tier), phone = COALESCE($3, phone), \
         bank_card = COALESCE($4, bank_card), residence_address = COALESCE($5, residence_address) \
         WHERE id_kind = $6 AND id_number = $7 AND transferred_out_on IS NOT NULL",
    )
    .bind(case.jurisdiction.as_str())
    .bind(text("tier"))
    .bind(text("phone"))
    .bind(text("bank_card"))
    .bind(text("residence_address"))
    .bind(case.person.kind().code())
    .bind(case.person.as_str())
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query("UPDATE personal_accounts SET closed_on = NULL WHERE id = $1").bind(account).execute(&mut **tx).await.map_err(AppError::internal)?;
    registration::queue(tx, account, "new", None).await
}

// ---------------------------------------------------------------- old place

/// Why the old place cannot let the person go (T1 and the data checks), or
/// `None`.
async fn refusal(tx: &mut Transaction<'_, Any>, league: &str, person: &DocumentNumber, name: &str) -> AppResult<Option<String>> {
    let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT name, village_code, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    let Some((here_name, _, deregistered, transferred)) = row.filter(|r| r.1.starts_with(league)) else {
        return Ok(Some("转出地没有此人的城乡居民养老保险参保记录：请核对证件号码和转出地".to_owned()));
    };
    if here_name != name {
        return Ok(Some("姓名与转出地参保记录不一致：请核实".to_owned()));
    }
    if let Some(on) = deregistered {
        return Ok(Some(format!("此人已于 {on} 在转出地办理注销登记")));
    }
    if let Some(on) = transferred {
        return Ok(Some(format!("此人的养老保险关系已于 {on} 转出")));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    if pension.is_some() {
        return Ok(Some("已按规定领取城乡居民养老保险待遇：养老保险关系不转移，继续在原参保地领取待遇".to_owned()));
    }
    let open: Option<String> = sqlx::query_scalar(
        "SELECT case_type FROM cases WHERE person_id_kind = $1 AND person_id_number = $2 AND (state LIKE 'in_review:%' OR state = 'returned') LIMIT 1",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    if let Some(t) = open {
        let label = CaseType::parse(&t).map_or("业务", CaseType::label);
        return Ok(Some(format!("转出地有一件正在办理的{label}，办结后再申请转移")));
    }
    Ok(None)
}

/// The receipt letter at the old place waits for a county clerk of the
/// person's county (`release_letter`): a signed letter alone never closes
/// an account here, and nothing about the person goes back to the peer
/// before a clerk has looked at it (the answer, a release or a refusal with
/// its reason, is sent then).
async fn on_letter(state: &AppState, tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let b = &doc.body;
    let txt = |k: &str| b[k].as_str().map(str::to_owned).ok_or_else(|| AppError::invalid(format!("接收函缺少 {k}")));
    let person = DocumentNumber::parse(DocumentKind::from_code(&txt("id_kind")?).ok_or_else(|| AppError::invalid("接收函的证件类型无效"))?, &txt("id_number")?)
        .map_err(|e| AppError::invalid(format!("接收函的证件号码无效：{e}")))?;
    let name = txt("name")?;
    let (league, _) = own_league(state)?;
    let place: Option<String> = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    // Someone not insured here waits in the league's pool (any county
    // clerk of the league may answer it).
    let county = place.as_deref().and_then(|v| v.get(..6)).unwrap_or(league);
    let held = sqlx::query(
        "INSERT INTO transfer_letters (transfer_id, peer, id_kind, id_number, name, county_code, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (transfer_id) DO NOTHING",
    )
    .bind(&doc.transfer_id)
    .bind(&doc.from)
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(&name)
    .bind(county)
    .bind(ts(now()))
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if held != 1 {
        return Err(AppError::new(ErrorCode::Conflict, "这件转移已收到过接收函"));
    }
    step(tx, &doc.transfer_id, "out", "收到《接收函》，等待旗县经办人员审核放行").await
}

/// Refused with the reason, or released: either way the answer goes back
/// to the peer that sent the letter.
async fn answer_letter(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, peer: &str, person: &DocumentNumber, name: &str) -> AppResult<()> {
    let (league, _) = own_league(state)?;
    let out = Outgoing { id, peer, scheme: "resident", league, person, name, letter: "《接收函》".to_owned() };
    match release(state, tx, &out).await? {
        Ok(approval) => send(state, tx, peer, APPROVAL, id, approval).await,
        Err(reason) => send(state, tx, peer, REFUSAL, id, json!({ "reason": reason })).await,
    }
}

/// The letters waiting in the caller's area (a county clerk), oldest
/// first; ID numbers masked.
pub async fn letters_waiting(state: &AppState, caller: &Caller) -> AppResult<Vec<WaitingLetter>> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let area = p.jurisdiction.as_ref().map(|j| j.as_str().to_owned()).ok_or_else(super::auth::forbidden)?;
    // The caller's counties, and letters about someone not insured here
    // (kept at the league, for any of its county clerks to answer).
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT transfer_id, peer, name, id_number, received_at FROM transfer_letters \
         WHERE released_at IS NULL AND (county_code LIKE $1 OR (LENGTH(county_code) = 4 AND $2 LIKE county_code || '%')) ORDER BY received_at, transfer_id",
    )
    .bind(format!("{area}%"))
    .bind(&area)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let mut letters = Vec::with_capacity(rows.len());
    for (transfer_id, peer, name, number, received_at) in rows {
        let peer = reference::division_name(&state.db, &peer).await?.unwrap_or(peer);
        letters.push(WaitingLetter { transfer_id, peer, name, document: domain::id_number::mask(&number, 6, 4), received_at });
    }
    Ok(letters)
}

/// A county clerk of the person's county releases a receipt letter: the
/// rules are checked again (something may have changed since it arrived),
/// interest is posted to date, the account closes and the 审批表 goes back
/// to the peer that sent the letter. Once only: a second release is refused.
pub async fn release_letter(state: &AppState, caller: &Caller, id: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let gone = || AppError::not_found("没有找到这份接收函，或您无权办理");
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let row: Option<(String, String, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT peer, id_kind, id_number, name, county_code, released_at FROM transfer_letters WHERE transfer_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    let (peer, kind, number, name, county, released) = row.ok_or_else(gone)?;
    let league_pool = county.len() == 4 && p.jurisdiction.as_ref().is_some_and(|j| j.as_str().starts_with(&county));
    if !(league_pool || DivisionCode::parse(&county).is_ok_and(|c| p.covers(&c))) {
        return Err(gone());
    }
    if released.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "这份接收函已审核放行"));
    }
    let person = DocumentNumber::parse(DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("kind"))?, &number).map_err(AppError::internal)?;
    cases::refuse_conflict(&mut *tx, p, &person, None).await?;
    let n = sqlx::query("UPDATE transfer_letters SET released_at = $1, released_by = $2 WHERE transfer_id = $3 AND released_at IS NULL")
        .bind(ts(now()))
        .bind(&p.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, "这份接收函已审核放行"));
    }
    answer_letter(state, &mut tx, id, &peer, &person, &name).await?;
    let refused: Option<String> = sqlx::query_scalar("SELECT reason FROM transfers WHERE id = $1 AND direction = 'out' AND status = 'refused'")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?
        .flatten();
    let mut entry = caller.audit("transfer.release", Some(id.to_owned()));
    entry.after = Some(json!({ "peer": peer, "refused": refused.is_some() }).to_string());
    entry.on_behalf_of = Some(domain::id_number::mask(&number, 6, 4));
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(match refused {
        Some(reason) => format!("{name} 不能转出：{reason}。已告知转入地"),
        None => format!("已审核放行：{name} 的个人账户已结息并划转，《审批表》《信息表》将发往转入地"),
    })
}

/// A transfer out of this deployment: to a peer (resident scheme), or to
/// an employees' scheme agency (制度衔接).
struct Outgoing<'a> {
    id: &'a str,
    peer: &'a str,
    scheme: &'a str,
    league: &'a str,
    person: &'a DocumentNumber,
    name: &'a str,
    letter: String,
}

/// The old place's part: refused with the reason (recorded), or interest
/// to date, the 审批表 and 信息表, the balance moved out, the relationship
/// closed (the records stay). Returns the 审批表 with the 信息表.
async fn release(state: &AppState, tx: &mut Transaction<'_, Any>, out: &Outgoing<'_>) -> AppResult<Result<Value, String>> {
    let (person, name, letter) = (out.person, out.name, &out.letter);
    let at = ts(now());
    let place: Option<String> = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    let county = place.as_deref().and_then(|v| v.get(..6)).unwrap_or(out.league).to_owned();
    let insert = |status: &'static str, reason: Option<String>| {
        sqlx::query(
            "INSERT INTO transfers (id, direction, peer, scheme, id_kind, id_number, name, county_code, status, reason, created_at, updated_at) \
             VALUES ($1, 'out', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(out.id.to_owned())
        .bind(out.peer.to_owned())
        .bind(out.scheme.to_owned())
        .bind(person.kind().code())
        .bind(person.as_str().to_owned())
        .bind(name.to_owned())
        .bind(county.clone())
        .bind(status)
        .bind(reason)
        .bind(at.clone())
    };
    if let Some(reason) = refusal(tx, out.league, person, name).await? {
        insert("refused", Some(reason.clone())).execute(&mut **tx).await.map_err(AppError::internal)?;
        step(tx, out.id, "out", &format!("收到{letter}，不予转出：{reason}")).await?;
        return Ok(Err(reason));
    }
    insert("funds_sent", None).execute(&mut **tx).await.map_err(AppError::internal)?;
    // Once per person: two releases at once (two letters, two clerks) both
    // passed `refusal`; only the first marks the person transferred out.
    let first = sqlx::query("UPDATE insured_persons SET transferred_out_on = $1 WHERE id_kind = $2 AND id_number = $3 AND transferred_out_on IS NULL")
        .bind(state.today().to_string())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if first != 1 {
        return Err(AppError::new(ErrorCode::Conflict, "此人的养老保险关系已在转出：请刷新后查看"));
    }
    let account = accounts_ledger::account_of(&mut **tx, person).await?.ok_or_else(|| AppError::internal("insured without an account"))?;
    let entries = accounts_ledger::entries(&mut **tx, &account).await?;
    let (interest, note) = accounts_ledger::interest_to_date(state, tx, &account, &entries).await?;
    let today = state.today();
    let postings: Vec<(&str, String, Yuan, NaiveDate)> =
        interest.iter().map(|(source, amount, on)| ("interest", source.clone(), *amount, *on)).collect();
    accounts_ledger::post(tx, &account, &postings).await?;
    let rows = sqlx::query("SELECT kind, amount_fen, credited_on FROM ledger_entries WHERE account_id = $1 ORDER BY credited_on, kind, source")
        .bind(&account)
        .fetch_all(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    let history: Vec<Value> = rows
        .iter()
        .map(|r| {
            Ok(json!({ "kind": r.try_get::<String, _>("kind")?, "amount_fen": r.try_get::<i64, _>("amount_fen")?, "credited_on": r.try_get::<String, _>("credited_on")? }))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)?;
    let balance = accounts_ledger::stored_balance(tx, &account).await?;
    let interest_total: Yuan = interest.iter().map(|e| e.1).sum();
    accounts_ledger::post(tx, &account, &[("transfer_out", format!("transfer:{}:out", out.id), Yuan::ZERO - balance, today)]).await?;
    if !accounts_ledger::stored_balance(tx, &account).await?.is_zero() {
        return Err(AppError::internal(format!("account {account} does not close to zero after the transfer")));
    }
    let years = ledger::contribution_years(&accounts_ledger::entries(&mut **tx, &account).await?).len();
    sqlx::query("UPDATE personal_accounts SET closed_on = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(today.to_string())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    registration::queue(tx, &account, "stopped", None).await?;
    let approval = json!({
        "approval": { "name": name, "old_county": county, "approved_on": today.to_string(), "balance_fen": balance.fen(),
                      "interest_fen": interest_total.fen(), "interest_note": note, "contribution_years": years },
        "history": history,
        "interest_paid": { "year": today.year(), "through": today.month() },
        "fund": { "amount_fen": balance.fen(), "reference": format!("ZY{}", &out.id[..12.min(out.id.len())]), "paid_on": today.to_string(),
                  "note": format!("转移人员 {name} {}", person.masked()) },
    });
    sqlx::query(
        "UPDATE transfers SET amount_fen = $1, interest_fen = $2, interest_year = $3, interest_through = $4, approval_json = $5, account_id = $6 \
         WHERE id = $7 AND direction = 'out'",
    )
    .bind(balance.fen())
    .bind(interest_total.fen())
    .bind(i64::from(today.year()))
    .bind(i64::from(today.month()))
    .bind(approval.to_string())
    .bind(&account)
    .bind(out.id)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    step(tx, out.id, "out", &format!("收到{letter}，已结息（{note}），生成《审批表》《信息表》，个人账户储存额 {balance} 元已划转，关系终止")).await?;
    Ok(Ok(approval))
}

/// 制度衔接 out of this scheme: an employees' scheme agency sent its
/// 《联系函》 (the person goes to the employees' scheme, where their years
/// reach 15). A county clerk of the person's county records it; the rest
/// is the old place's part as for a transfer, with the 审批表 and 信息表
/// printed for the agency. Refused with the reason and nothing stored.
pub async fn connect_to_employees(state: &AppState, caller: &Caller, document_kind: &str, document_number: &str, agency: &str, reference: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let person = cases::named(document_kind, document_number)?;
    let agency = cases::required(agency, "发来《联系函》的职工养老保险经办机构", 60)?;
    let reference = cases::required(reference, "《联系函》文号", 60)?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let row: Option<(String, String)> = sqlx::query_as("SELECT name, village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let (name, village) = row.ok_or_else(|| AppError::invalid("此人没有参加城乡居民基本养老保险的记录，请核对证件号码"))?;
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, "由参保人员所在旗县的社保经办机构办理"));
    }
    let league = village.at_level(DivisionLevel::League).ok_or_else(|| AppError::internal("no league"))?;
    let id = new_id();
    let out = Outgoing { id: &id, peer: &agency, scheme: "employee", league: league.as_str(), person: &person, name: &name, letter: format!("{agency}《联系函》（{reference}）") };
    if let Err(reason) = release(state, &mut tx, &out).await? {
        return Err(AppError::new(ErrorCode::Conflict, format!("不能办理制度衔接：{reason}")));
    }
    // No 办结反馈 comes back from the other scheme: done once the money is sent.
    set_status(&mut tx, &id, "out", &["funds_sent"], "completed").await?;
    let mut entry = caller.audit("transfer.connection_out", Some(id.clone()));
    entry.on_behalf_of = Some(person.masked());
    entry.after = Some(json!({ "agency": agency, "reference": reference }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(id)
}

/// Who may read a transfer-out's 审批表 and 信息表.
pub const SHEET_READERS: &[Role] = &[Role::CountyClerk, Role::Auditor];

/// The 审批表 and 信息表 of a transfer out, for the county's staff who
/// send it (and the auditors): every entry carried.
pub async fn approval_sheet(state: &AppState, caller: &Caller, id: &str) -> AppResult<(String, String, Value)> {
    let p = caller.staff_with(SHEET_READERS)?;
    let gone = || AppError::not_found("没有找到这件转出，或您无权查看");
    let row: (String, String, String, Option<String>) =
        sqlx::query_as("SELECT peer, county_code, id_number, approval_json FROM transfers WHERE id = $1 AND direction = 'out'")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await
            .map_err(AppError::internal)?
            .ok_or_else(gone)?;
    let (peer, county, number, approval) = row;
    if !p.covers(&DivisionCode::parse(&county).map_err(AppError::internal)?) {
        return Err(gone());
    }
    let approval: Value = serde_json::from_str(approval.as_deref().ok_or_else(gone)?).map_err(AppError::internal)?;
    let mut entry = caller.audit("transfer.approval_sheet", Some(id.to_owned()));
    entry.on_behalf_of = Some(domain::id_number::mask(&number, 6, 4));
    audit::record(&state.db, entry).await?;
    Ok((peer, number, approval))
}

/// The 审批表 at the new place: the transfer waits for the money.
async fn on_approval(tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let b = &doc.body;
    let amount = b["fund"]["amount_fen"].as_i64().ok_or_else(|| AppError::invalid("审批表缺少划转金额"))?;
    let sum: i64 = b["history"].as_array().ok_or_else(|| AppError::invalid("审批表缺少信息表"))?.iter().map(|e| e["amount_fen"].as_i64().unwrap_or(0)).sum();
    if sum != amount {
        return Err(AppError::invalid("信息表的合计与划转金额不一致，不予接收：请转出地核实后重发"));
    }
    let n = sqlx::query(
        "UPDATE transfers SET status = 'funds_pending', amount_fen = $1, interest_fen = $2, interest_year = $3, interest_through = $4, \
         approval_json = $5, updated_at = $6 WHERE id = $7 AND direction = 'in' AND status = 'letter_sent' AND peer = $8",
    )
    .bind(amount)
    .bind(b["approval"]["interest_fen"].as_i64().unwrap_or(0))
    .bind(b["interest_paid"]["year"].as_i64())
    .bind(b["interest_paid"]["through"].as_i64())
    .bind(b.to_string())
    .bind(ts(now()))
    .bind(&doc.transfer_id)
    .bind(&doc.from)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if n != 1 {
        return Err(not_ours());
    }
    let amount = Yuan::from_fen(amount);
    step(tx, &doc.transfer_id, "in", &format!("转出地已审批：个人账户储存额 {amount} 元已划转，等待确认到账")).await?;
    let said = Both::new(
        format!("转出地已同意转出并划转个人账户储存额 {amount} 元，到账确认后即为您建立个人账户"),
        format!("ᠤᠷᠢᠳᠠᠬᠢ ᠣᠷᠣᠨ ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠶᠢ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠵᠦ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {amount} ᠶᠤᠸᠠᠨ ᠢ ᠰᠢᠯᠵᠢᠭᠦᠯᠪᠡ᠂ ᠣᠷᠣᠭᠰᠠᠨ ᠢ ᠪᠠᠲᠤᠯᠠᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭ᠎ᠠ ᠲᠠᠨ ᠳᠤ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠨᠡᠭᠡᠭᠡᠨ᠎ᠡ"),
    );
    notify_applicant(tx, &doc.transfer_id, &said).await
}

async fn on_refusal(tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let reason = doc.body["reason"].as_str().unwrap_or("未说明原因").to_owned();
    let n = sqlx::query("UPDATE transfers SET status = 'refused', reason = $1, updated_at = $2 WHERE id = $3 AND direction = 'in' AND status = 'letter_sent' AND peer = $4")
        .bind(&reason)
        .bind(ts(now()))
        .bind(&doc.transfer_id)
        .bind(&doc.from)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if n != 1 {
        return Err(not_ours());
    }
    step(tx, &doc.transfer_id, "in", &format!("转出地不予转出：{reason}")).await?;
    let said = Both::new(
        format!("关系转入未能办理：转出地不予转出（{reason}）"),
        format!("ᠬᠠᠷᠢᠯᠴᠠᠭ᠎ᠠ ᠶᠢ ᠰᠢᠯᠵᠢᠭᠦᠯᠦᠨ ᠣᠷᠤᠭᠤᠯᠬᠤ ᠪᠠᠷᠢᠭᠳᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ᠄ ᠤᠷᠢᠳᠠᠬᠢ ᠣᠷᠣᠨ ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠶᠢ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠭᠰᠡᠨ ᠦᠭᠡᠢ ({reason})"),
    );
    notify_applicant(tx, &doc.transfer_id, &said).await
}

async fn on_completed(tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let n = sqlx::query("UPDATE transfers SET status = 'completed', updated_at = $1 WHERE id = $2 AND direction = 'out' AND status = 'funds_sent' AND peer = $3")
        .bind(ts(now()))
        .bind(&doc.transfer_id)
        .bind(&doc.from)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if n != 1 {
        return Err(not_ours());
    }
    step(tx, &doc.transfer_id, "out", "转入地确认资金到账，关系转移办结").await
}

/// A document about a transfer that is not at that step, or that belongs
/// to another peer: refused, nothing changes.
fn not_ours() -> AppError {
    AppError::new(ErrorCode::Conflict, "没有与这份文书对应、由该对端办理的转移")
}

async fn notify_applicant(tx: &mut Transaction<'_, Any>, id: &str, text: &Both) -> AppResult<()> {
    let applicant: Option<String> =
        sqlx::query_scalar("SELECT applicant_account FROM cases WHERE id = $1").bind(id).fetch_optional(&mut **tx).await.map_err(AppError::internal)?;
    match applicant {
        Some(a) => cases::notify(tx, &a, id, text).await,
        None => Ok(()),
    }
}

// ---------------------------------------------------------------- exchange

/// What a receiver answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Receipt {
    pub doc_id: String,
    pub kind: String,
    /// The same document had been received before: nothing was changed.
    pub duplicate: bool,
}

/// Verifies and applies one envelope (from HTTP, or a file: `via`). A
/// document from an unknown peer, with a bad signature, or not addressed to
/// this league is refused and changes nothing; one seen before changes
/// nothing and is acknowledged again.
pub async fn receive(state: &AppState, envelope: &[u8], via: &str) -> AppResult<Receipt> {
    let (league, _) = own_league(state)?;
    let env: Envelope = serde_json::from_slice(envelope).map_err(|_| AppError::invalid("转移文书格式不正确：应为签名信封 JSON（from、payload、signature）"))?;
    let peer = state.transfers.peer(&env.from).ok_or_else(|| AppError::new(ErrorCode::Forbidden, format!("未配置的转移对端：{}", env.from)))?;
    let bytes = B64.decode(&env.payload).map_err(|_| AppError::invalid("转移文书的 payload 不是 base64"))?;
    let signature = B64
        .decode(&env.signature)
        .ok()
        .and_then(|s| <[u8; 64]>::try_from(s).ok())
        .map(|s| Signature::from_bytes(&s))
        .ok_or_else(|| AppError::invalid("转移文书的签名格式不正确"))?;
    if peer.key.verify(&bytes, &signature).is_err() {
        // Not in the audit chain: anyone can send a bad signature, and the
        // chain must not grow at their will (the 403 is counted with the
        // refusals, outside it).
        tracing::warn!(from = %env.from, via, "transfer document with a bad signature refused");
        return Err(AppError::new(ErrorCode::Forbidden, "转移文书签名校验失败：文书在传输中被改动或并非对端签发，不予接收"));
    }
    let doc: Document = serde_json::from_slice(&bytes).map_err(|_| AppError::invalid("转移文书内容格式不正确"))?;
    // Ids are ours or the peer's UUIDs; anything else (a path, say) is
    // refused before it reaches a page or a URL.
    if uuid::Uuid::parse_str(&doc.transfer_id).is_err() || uuid::Uuid::parse_str(&doc.doc_id).is_err() {
        return Err(AppError::invalid("转移文书的编号格式不正确"));
    }
    if doc.from != env.from || doc.to != league {
        return Err(AppError::invalid(format!("这份转移文书不是发给本盟市（{league}）的")));
    }
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let fresh = sqlx::query(
        "INSERT INTO transfer_inbox (doc_id, peer, kind, transfer_id, envelope, received_at, via) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (doc_id) DO NOTHING",
    )
    .bind(&doc.doc_id)
    .bind(&doc.from)
    .bind(&doc.kind)
    .bind(&doc.transfer_id)
    .bind(String::from_utf8_lossy(envelope).into_owned())
    .bind(ts(now()))
    .bind(via)
    .execute(&mut *tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected()
        == 1;
    if fresh {
        match doc.kind.as_str() {
            LETTER => on_letter(state, &mut tx, &doc).await?,
            APPROVAL => on_approval(&mut tx, &doc).await?,
            REFUSAL => on_refusal(&mut tx, &doc).await?,
            COMPLETED => on_completed(&mut tx, &doc).await?,
            other => return Err(AppError::invalid(format!("未知的转移文书类型：{other}"))),
        }
        let entry = audit::system_entry(via, &format!("transfer.{}", doc.kind), Some(doc.transfer_id.clone()), Some(json!({ "doc": doc.doc_id, "from": doc.from }).to_string()));
        audit::append(&mut tx, &entry).await?;
    }
    tx.commit().await.map_err(AppError::internal)?;
    Ok(Receipt { doc_id: doc.doc_id, kind: kind_label(&doc.kind).to_owned(), duplicate: !fresh })
}

/// What one delivery round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub delivered: u32,
    pub failed: u32,
}

/// Sends every document not yet acknowledged, oldest first; a failure is
/// recorded and retried next round (the receiver applies each once).
pub async fn deliver_pending(state: &AppState) -> AppResult<Delivery> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT doc_id, peer, envelope FROM transfer_outbox WHERE delivered_at IS NULL ORDER BY created_at, doc_id")
            .fetch_all(state.db.pool())
            .await
            .map_err(AppError::internal)?;
    let mut out = Delivery::default();
    if rows.is_empty() {
        return Ok(out);
    }
    // A peer's answer is never followed elsewhere: a redirect is a failure.
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(AppError::internal)?;
    for (doc_id, peer, envelope) in rows {
        let result = match state.transfers.peer(&peer) {
            None => Err(format!("对端 {peer} 未配置")),
            Some(p) => match client
                .post(format!("{}/api/v1/transfers/inbox", p.url))
                .header("content-type", "application/json")
                .body(envelope)
                .send()
                .await
            {
                Ok(r) if r.status().is_success() => Ok(()),
                Ok(r) => Err(format!("对端答复 {}：{}", r.status(), r.text().await.unwrap_or_default().chars().take(300).collect::<String>())),
                Err(e) => Err(format!("无法连接对端：{e}")),
            },
        };
        let q = match &result {
            Ok(()) => sqlx::query("UPDATE transfer_outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE doc_id = $2")
                .bind(ts(now()))
                .bind(&doc_id),
            Err(e) => sqlx::query("UPDATE transfer_outbox SET attempts = attempts + 1, last_error = $1 WHERE doc_id = $2").bind(e.clone()).bind(&doc_id),
        };
        q.execute(state.db.pool()).await.map_err(AppError::internal)?;
        match result {
            Ok(()) => out.delivered += 1,
            Err(e) => {
                tracing::warn!(doc = %doc_id, peer = %peer, "transfer document not delivered: {e}");
                out.failed += 1;
            }
        }
    }
    Ok(out)
}

/// The fallback when the line is down: every unacknowledged document as a
/// file `{doc_id}.json` in `dir` (the receiver imports them with
/// `receive(…, "file")`). Returns the files written.
pub async fn export_pending(state: &AppState, dir: &std::path::Path) -> AppResult<Vec<std::path::PathBuf>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT doc_id, peer, envelope FROM transfer_outbox WHERE delivered_at IS NULL ORDER BY created_at, doc_id")
            .fetch_all(state.db.pool())
            .await
            .map_err(AppError::internal)?;
    std::fs::create_dir_all(dir).map_err(AppError::internal)?;
    let mut files = Vec::new();
    for (doc_id, peer, envelope) in rows {
        let path = dir.join(format!("{peer}-{doc_id}.json"));
        std::fs::write(&path, envelope).map_err(AppError::internal)?;
        files.push(path);
    }
    Ok(files)
}

// ---------------------------------------------------------------- within a league

/// T2: the household moved to another county of the same league: the
/// relationship (the person's place, so the jurisdiction) moves, the funds
/// stay. Within one county it is an address change (E4). Done by a county
/// clerk of the new county once the registry shows the move.
pub async fn move_within_league(state: &AppState, caller: &Caller, document_kind: &str, document_number: &str, village: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let person = cases::named(document_kind, document_number)?;
    let to = DivisionCode::parse(village.trim())
        .ok()
        .filter(|v| v.level() == DivisionLevel::Village)
        .ok_or_else(|| AppError::invalid("请填写迁入的村（社区）代码（12位）"))?;
    if !p.covers(&to) {
        return Err(AppError::new(ErrorCode::Forbidden, "盟市内转移由迁入地旗县社保经办机构办理：只能迁入本辖区的村（社区）"));
    }
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT village_code, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    let (from, deregistered, transferred) = row.ok_or_else(|| AppError::invalid("此人没有参加城乡居民基本养老保险的记录，请核对证件号码"))?;
    if deregistered.is_some() || transferred.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "此人的养老保险关系已注销或转出"));
    }
    let from = DivisionCode::parse(&from).map_err(AppError::internal)?;
    if from.at_level(DivisionLevel::League) != to.at_level(DivisionLevel::League) {
        return Err(AppError::invalid("迁入地与原参保地不在同一盟市：请由本人在迁入地申请跨盟市关系转入"));
    }
    if from.at_level(DivisionLevel::County) == to.at_level(DivisionLevel::County) {
        return Err(AppError::invalid("本旗县范围内迁移不转移关系：直接办理居住地址变更即可"));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    if pension.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "已领取待遇的人员养老保险关系不转移，继续在原参保地领取待遇"));
    }
    let registered = registry::find(&mut *tx, &person).await?.map(|r| r.village_code);
    if registered.as_deref() != Some(to.as_str()) {
        return Err(AppError::invalid("户籍登记信息尚未显示迁入该村（社区）：请核对村（社区）代码，或待户籍迁移后再办理"));
    }
    sqlx::query("UPDATE insured_persons SET village_code = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(to.as_str())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    if let Some(account) = accounts_ledger::account_of(&mut *tx, &person).await? {
        registration::queue(&mut tx, &account, "changed", None).await?;
    }
    let mut entry = caller.audit("transfer.within_league", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.before = Some(json!({ "village": from.as_str() }).to_string());
    entry.after = Some(json!({ "village": to.as_str() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(format!("养老保险关系已从 {} 转入 {}（基金不转移）", from.as_str(), to.as_str()))
}
