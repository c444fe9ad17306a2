//! Transfers (T1–T4): the transfer-in application at the new place, the
//! signed documents between deployments, the confirmation that the funds
//! arrived, and the move within a league.

use super::cases::CaseIdDto;
use super::{ApiResult, ErrorBody, Input, MessageDto, message};
use app::backend::AppState;
use app::backend::identity::auth::Caller;
use app::model::WaitingLetter;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State, multipart::MultipartRejection};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Json};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// T3: files 《转入申请表》 at the new place (multipart: the fields of
/// `TransferInForm`; online `id_front`, `id_back`, `hukou_home`,
/// `hukou_self`; at the window `signed_form`). Checked by the county; on
/// approval the receipt letter goes to the old place.
#[utoipa::path(operation_id = "transfers_file", post, path = "/cases/transfer-in", request_body(content = app::model::TransferInForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn file(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: app::backend::cases::kinds::transfer_in::submit(&state, &caller, &fields, uploads).await? }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptDto {
    pub doc_id: String,
    pub kind: String,
    /// Received before: nothing was changed this time.
    pub duplicate: bool,
}

/// T3: a peer deployment delivers one signed document (the envelope
/// `{from, payload, signature}`). Verified against the key configured for
/// that peer; applied once; a retry is acknowledged and changes nothing.
/// A document altered in transit is refused (403).
#[utoipa::path(post, path = "/transfers/inbox", request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = ReceiptDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn inbox(State(state): State<AppState>, body: Bytes) -> ApiResult<ReceiptDto> {
    let r = app::backend::transfers::delivery::receive(&state, &body, "api").await?;
    Ok(Json(ReceiptDto { doc_id: r.doc_id, kind: r.kind, duplicate: r.duplicate }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeerKeyDto {
    /// The league this deployment serves (none: transfers are off).
    pub league: Option<String>,
    /// Its Ed25519 public key, base64: what peers configure for it.
    pub public_key: Option<String>,
}

/// T3: this deployment's league and public key, for its peers' settings.
#[utoipa::path(get, path = "/transfers/key", responses((status = 200, body = PeerKeyDto)))]
pub(super) async fn key(State(state): State<AppState>) -> Json<PeerKeyDto> {
    Json(PeerKeyDto { league: state.transfers.league.clone(), public_key: state.transfers.public_key() })
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FundsBody {
    /// The amount on the bank's receipt, in yuan (e.g. "5234.56").
    pub amount: String,
}

/// T3: the new place's county clerk confirms the balance arrived in full;
/// the account opens with the carried history and the person is told.
#[utoipa::path(post, path = "/transfers/{id}/funds-received", params(("id" = String, Path)), request_body = FundsBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn funds_received(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<FundsBody>,
) -> ApiResult<MessageDto> {
    Ok(message(app::backend::cases::kinds::transfer_in::confirm_funds(&state, &caller, &id, &b.amount).await?))
}

/// The old place: receipt letters waiting in the caller's county, oldest first.
#[utoipa::path(get, path = "/transfers/letters", responses((status = 200, body = [WaitingLetter]), (status = 403, body = ErrorBody)))]
pub(super) async fn letters(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<WaitingLetter>> {
    Ok(Json(app::backend::transfers::letters::letters_waiting(&state, &caller).await?))
}

/// The old place: a county clerk of the person's county releases a receipt
/// letter; interest to date, the account closed, the 审批表 sent back (or
/// the refusal with its reason). Once only.
#[utoipa::path(post, path = "/transfers/{id}/release", params(("id" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn release_letter(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<MessageDto> {
    Ok(message(app::backend::transfers::letters::release_letter(&state, &caller, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConnectionBody {
    /// `approved` (the 《信息表》 follows in `table`) or `refused`.
    pub outcome: String,
    /// The 《信息表》's number or the agency letter's reference.
    pub reference: String,
    /// One line per year: `年度,个人账户记账金额,记账利息` (yuan).
    pub table: Option<String>,
    /// Why the agency refused.
    pub reason: Option<String>,
}

/// 制度衔接 (T3): the new place's county clerk records the employees'
/// scheme agency's answer to the 《联系函》: its 《信息表》 (the transfer then
/// waits for the money, confirmed with `funds-received`) or its refusal.
#[utoipa::path(post, path = "/transfers/{id}/connection", params(("id" = String, Path)), request_body = ConnectionBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn connection(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<ConnectionBody>,
) -> ApiResult<MessageDto> {
    let text = app::backend::cases::kinds::transfer_in::record_connection(
        &state,
        &caller,
        &id,
        &b.outcome,
        &b.reference,
        b.table.as_deref().unwrap_or(""),
        b.reason.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(message(text))
}

/// `GET /print/transfers/{id}/contact-letter`: 《城乡养老保险制度衔接联系函》
/// on one A4 page, for the county to send the employees' scheme agency.
pub async fn print_contact_letter(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> Response {
    let l = match app::backend::transfers::letters::contact_letter(&state, &caller, &id).await {
        Ok(l) => l,
        Err(e) => return super::ApiError(e).into_response(),
    };
    let title = format!("城乡养老保险制度衔接联系函 - {}", l.name);
    let id = l.id.clone();
    let body = view! {
        <h1>"城乡养老保险制度衔接联系函"</h1>
        <p>{format!("{}：", l.agency)}</p>
        <p>
            {format!(
                "参保人员 {} 于 {} 向我机构申请将城镇职工基本养老保险关系转入城乡居民基本养老保险（制度衔接），经审核符合衔接条件。请核实其职工养老保险参保缴费情况，出具《信息表》（逐年的个人账户记账金额和记账利息，注明缴费年限），并将个人账户储存额一次性划转至我机构指定的银行账户，票据上注明转移人员的姓名和身份证号码。",
                l.name, l.applied_on,
            )}
        </p>
        <table>
            <tr><th>"姓名"</th><td>{l.name}</td><th>"性别"</th><td>{l.sex}</td></tr>
            <tr><th>"身份证号码"</th><td>{l.id_number}</td><th>"出生日期"</th><td>{l.birth_date}</td></tr>
            <tr><th>"转入地经办机构"</th><td colspan="3">{format!("{}社会保险经办机构", l.county)}</td></tr>
            <tr><th>"联系函日期"</th><td>{l.issued_on}</td><th>"编号"</th><td>{l.id}</td></tr>
            <tr><th>"经办人："</th><td class="sign"></td><th>"负责人（盖章）："</th><td class="sign"></td></tr>
        </table>
    };
    Html(crate::render::print_page(title, id, body)).into_response()
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConnectionOutBody {
    pub document_kind: Option<String>,
    pub document_number: String,
    /// The employees' scheme agency that sent the 《联系函》.
    pub agency: String,
    /// The 《联系函》's reference.
    pub reference: String,
}

/// 制度衔接 out of this scheme: a county clerk records the 《联系函》 of an
/// employees' scheme agency; interest to date is posted, the account
/// closed, the balance moved; the 审批表 and 信息表 are at
/// `/print/transfers/{id}/approval`. Refused with the reason (e.g. T1).
#[utoipa::path(post, path = "/transfers/connection-out", request_body = ConnectionOutBody,
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn connection_out(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<ConnectionOutBody>,
) -> ApiResult<CaseIdDto> {
    let kind = b.document_kind.as_deref().unwrap_or("resident_id");
    Ok(Json(CaseIdDto {
        id: app::backend::transfers::within_league::connect_to_employees(&state, &caller, kind, &b.document_number, &b.agency, &b.reference).await?,
    }))
}

/// `GET /print/transfers/{id}/approval`: 《城乡居民基本养老保险关系转出审批表》
/// with the 《信息表》 (every entry moved), for the old place to send.
pub async fn print_approval(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> Response {
    let (peer, number, a) = match app::backend::transfers::letters::approval_sheet(&state, &caller, &id).await {
        Ok(v) => v,
        Err(e) => return super::ApiError(e).into_response(),
    };
    let s = |k: &str| a["approval"][k].as_str().unwrap_or("—").to_owned();
    let yuan = |v: &serde_json::Value| v.as_i64().map_or_else(|| "—".to_owned(), |f| domain::Yuan::from_fen(f).to_string());
    let rows: Vec<_> = a["history"]
        .as_array()
        .map(|h| {
            h.iter()
                .map(|e| {
                    let kind = e["kind"].as_str().and_then(domain::ledger::EntryKind::parse).map_or("—", domain::ledger::EntryKind::label);
                    view! { <tr><td>{e["credited_on"].as_str().unwrap_or("—").to_owned()}</td><td>{kind}</td><td>{yuan(&e["amount_fen"])}</td></tr> }
                })
                .collect()
        })
        .unwrap_or_default();
    let title = format!("关系转出审批表 - {}", s("name"));
    let body = view! {
        <h1>"城乡居民基本养老保险关系转出审批表"</h1>
        <table>
            <tr><th>"姓名"</th><td>{s("name")}</td><th>"身份证号码"</th><td>{number}</td></tr>
            <tr><th>"转入地（机构）"</th><td>{peer}</td><th>"转出地旗县"</th><td>{s("old_county")}</td></tr>
            <tr><th>"个人账户储存额（元）"</th><td>{yuan(&a["approval"]["balance_fen"])}</td><th>"其中结息（元）"</th><td>{yuan(&a["approval"]["interest_fen"])}</td></tr>
            <tr><th>"缴费年限"</th><td>{a["approval"]["contribution_years"].to_string()}</td><th>"审批日期"</th><td>{s("approved_on")}</td></tr>
            <tr><th>"结息说明"</th><td colspan="3">{s("interest_note")}</td></tr>
            <tr><th>"经办人："</th><td class="sign"></td><th>"负责人（盖章）："</th><td class="sign"></td></tr>
        </table>
        <h1>"城乡居民基本养老保险信息表"</h1>
        <table><tr><th>"记账日期"</th><th>"类别"</th><th>"金额（元）"</th></tr>{rows}</table>
    };
    Html(crate::render::print_page(title, id, body)).into_response()
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveBody {
    pub document_kind: Option<String>,
    pub document_number: String,
    /// The village (12 digits) the household moved to.
    pub village: String,
}

/// T2: within one league across counties the relationship moves (not the
/// funds); done by a county clerk of the new county.
#[utoipa::path(post, path = "/transfers/within-league", request_body = MoveBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn within_league(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<MoveBody>) -> ApiResult<MessageDto> {
    let kind = b.document_kind.as_deref().unwrap_or("resident_id");
    Ok(message(app::backend::transfers::within_league::move_within_league(&state, &caller, kind, &b.document_number, &b.village).await?))
}
