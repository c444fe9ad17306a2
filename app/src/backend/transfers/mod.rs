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

pub mod config;
pub mod delivery;
pub mod letters;
pub mod within_league;

use crate::backend::AppState;
use crate::backend::infra::clock::{new_id, now, ts};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Arg, msg};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer, SigningKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Any, Transaction};

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
pub(crate) struct Document {
    doc_id: String,
    kind: String,
    transfer_id: String,
    from: String,
    to: String,
    issued_at: String,
    body: Value,
}

pub(crate) const LETTER: &str = "receipt_letter";
pub(crate) const APPROVAL: &str = "approval";
pub(crate) const REFUSAL: &str = "refusal";
pub(crate) const COMPLETED: &str = "completed";

pub(crate) fn kind_label(kind: &str) -> &'static str {
    match kind {
        LETTER => "接收函",
        APPROVAL => "审批表及信息表",
        REFUSAL => "不予转出通知",
        COMPLETED => "办结反馈",
        _ => "文书",
    }
}

pub(crate) fn off() -> AppError {
    AppError::new(ErrorCode::Conflict, msg::transfer_cross_league_not_configured())
}

pub(crate) fn own_league(state: &AppState) -> AppResult<(&str, &SigningKey)> {
    let t = &state.transfers;
    Ok((t.league.as_deref().ok_or_else(off)?, t.key.as_ref().ok_or_else(off)?))
}

/// Signs a document for `peer` and puts it in the outbox (inside `tx`).
pub(crate) async fn send(state: &AppState, tx: &mut Transaction<'_, Any>, peer: &str, kind: &str, transfer_id: &str, body: Value) -> AppResult<()> {
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
        .await?;
    Ok(())
}

/// One step of a transfer's progress (T4), with its date.
pub(crate) async fn step(tx: &mut Transaction<'_, Any>, id: &str, direction: &str, text: &str) -> AppResult<()> {
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM transfer_events WHERE transfer_id = $1 AND direction = $2")
        .bind(id)
        .bind(direction)
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO transfer_events (transfer_id, direction, seq, at, step) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(direction)
        .bind(seq)
        .bind(ts(now()))
        .bind(text)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(crate) async fn set_status(tx: &mut Transaction<'_, Any>, id: &str, direction: &str, from: &[&str], to: &str) -> AppResult<bool> {
    let list = from.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    let n = sqlx::query(&format!("UPDATE transfers SET status = $1, updated_at = $2 WHERE id = $3 AND direction = $4 AND status IN ({list})"))
        .bind(to)
        .bind(ts(now()))
        .bind(id)
        .bind(direction)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(n == 1)
}

// ---------------------------------------------------------------- new place

/// Where a transfer is, by its status and scheme ("—" for an unknown one).
pub fn status_label(status: &str, scheme: &str) -> Arg {
    crate::names::or_text(crate::names::transfer_status(status, scheme), "—")
}

/// A document about a transfer that is not at that step, or that belongs
/// to another peer: refused, nothing changes.
pub(crate) fn not_ours() -> AppError {
    AppError::new(ErrorCode::Conflict, msg::transfer_no_matching_transfer())
}

pub(crate) async fn notify_applicant(tx: &mut Transaction<'_, Any>, id: &str, text: crate::i18n::Message) -> AppResult<()> {
    let applicant: Option<String> = sqlx::query_scalar("SELECT applicant_account FROM cases WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    match applicant {
        Some(a) => crate::backend::infra::notices::notify(tx, &a, id, text).await,
        None => Ok(()),
    }
}

// ---------------------------------------------------------------- exchange
