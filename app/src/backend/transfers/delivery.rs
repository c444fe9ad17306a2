//! Delivery of signed transfer documents to the peer league over HTTPS,
//! retried until received; carried as files when the line is down.

use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Verifier};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::backend::transfers::letters::{on_approval, on_completed, on_letter, on_refusal};
use crate::backend::transfers::*;

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
    let env: Envelope = serde_json::from_slice(envelope).map_err(|_| AppError::invalid(msg::transfer_letter_invalid_envelope()))?;
    let peer = state.transfers.peer(&env.from).ok_or_else(|| AppError::new(ErrorCode::Forbidden, msg::transfer_unknown_peer(&env.from)))?;
    let bytes = B64.decode(&env.payload).map_err(|_| AppError::invalid(msg::transfer_payload_not_base64()))?;
    let signature = B64
        .decode(&env.signature)
        .ok()
        .and_then(|s| <[u8; 64]>::try_from(s).ok())
        .map(|s| Signature::from_bytes(&s))
        .ok_or_else(|| AppError::invalid(msg::transfer_signature_malformed()))?;
    if peer.key.verify(&bytes, &signature).is_err() {
        // Not in the audit chain: anyone can send a bad signature, and the
        // chain must not grow at their will (the 403 is counted with the
        // refusals, outside it).
        tracing::warn!(from = %env.from, via, "transfer document with a bad signature refused");
        return Err(AppError::new(ErrorCode::Forbidden, msg::transfer_signature_verify_failed()));
    }
    let doc: Document = serde_json::from_slice(&bytes).map_err(|_| AppError::invalid(msg::transfer_letter_content_invalid()))?;
    // Ids are ours or the peer's UUIDs; anything else (a path, say) is
    // refused before it reaches a page or a URL.
    if uuid::Uuid::parse_str(&doc.transfer_id).is_err() || uuid::Uuid::parse_str(&doc.doc_id).is_err() {
        return Err(AppError::invalid(msg::transfer_letter_number_invalid()));
    }
    if doc.from != env.from || doc.to != league {
        return Err(AppError::invalid(msg::transfer_letter_wrong_league(league)));
    }
    let mut tx = state.db.begin_write().await?;
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
    .await?
    .rows_affected()
        == 1;
    if fresh {
        match doc.kind.as_str() {
            LETTER => on_letter(state, &mut tx, &doc).await?,
            APPROVAL => on_approval(&mut tx, &doc).await?,
            REFUSAL => on_refusal(&mut tx, &doc).await?,
            COMPLETED => on_completed(&mut tx, &doc).await?,
            other => return Err(AppError::invalid(msg::transfer_letter_unknown_kind(other))),
        }
        let entry = audit::system_entry(
            via,
            &format!("transfer.{}", doc.kind),
            Some(doc.transfer_id.clone()),
            Some(json!({ "doc": doc.doc_id, "from": doc.from }).to_string()),
        );
        audit::append(&mut tx, &entry).await?;
    }
    tx.commit().await?;
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
            .await?;
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
            Some(p) => match client.post(format!("{}/api/v1/transfers/inbox", p.url)).header("content-type", "application/json").body(envelope).send().await {
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
        q.execute(state.db.pool()).await?;
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
            .await?;
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
