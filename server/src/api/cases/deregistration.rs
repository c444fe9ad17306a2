//! Deregistration (D1–D4): filing, the settlement, the payee's card, and
//! form 附件7 《丧葬补助金发放登记表》 as a printable page.

use crate::api::cases::CaseIdDto;
use crate::api::{ApiResult, ErrorBody, Input, MessageDto, message};
use app::backend::identity::auth::Caller;
use app::backend::{AppState, cases::kinds::deregistration};
use app::model::SettlementView;
use axum::extract::{Multipart, Path, State, multipart::MultipartRejection};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use utoipa::ToSchema;

/// D1–D3: files a deregistration (multipart: the fields of
/// `DeregistrationForm`; online `id_front`, `id_back` and `bank_card` of
/// the payee, at the window also `signed_form`, the signed 《注销表》 and
/// 《承诺书》). Online only in a session opened with the applicant's own
/// passkey. 初审 and 审核 by two county clerks; approval settles the account.
#[utoipa::path(operation_id = "deregistration_file", post, path = "/cases/deregistration", request_body(content = app::model::DeregistrationForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn file(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: deregistration::submit(&state, &caller, &fields, uploads).await? }))
}

/// D4: the settlement of an approved deregistration (the applicant, or a
/// county clerk or auditor of the county); numbers masked.
#[utoipa::path(get, path = "/settlements/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SettlementView), (status = 404, body = ErrorBody)))]
pub(crate) async fn settlement(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<SettlementView> {
    Ok(Json(deregistration::view(&state, &caller, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CardBody {
    pub bank_card: String,
}

/// D4: a county clerk corrects the payee's card after a failed payment
/// (before the reissue).
#[utoipa::path(operation_id = "deregistration_bank_card", post, path = "/settlements/{id}/bank-card", params(("id" = String, Path)), request_body = CardBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn bank_card(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<CardBody>,
) -> ApiResult<MessageDto> {
    Ok(message(deregistration::correct_card(&state, &caller, &id, &b.bank_card).await?))
}

use crate::render::both;
use app::i18n::{Arg, IntoArg, Key, Lang, Message, Nested, msg, read_by};
use leptos::prelude::*;

fn label(key: Key) -> impl IntoView + use<> {
    view! { <th>{both(key)}</th> }
}

/// A value of the form: a name of the catalogue (sex, relation) in both
/// languages; anything else ("—") as it is.
fn value(name: Option<Key>, as_kept: &str) -> impl IntoView + use<> {
    match name {
        Some(key) => view! { <td>{both(key)}</td> }.into_any(),
        None => view! { <td>{as_kept.to_owned()}</td> }.into_any(),
    }
}

fn sex(kept: &str) -> impl IntoView + use<> {
    value(domain::Sex::from_label_or_code(kept).map(app::names::sex), kept)
}

/// The form's note, from the settlement as read in one language.
fn note(v: &app::model::SettlementView) -> Message {
    let clause = |on: bool, m: Message| if on { Nested(m).into_arg() } else { Arg::Text(String::new()) };
    msg::settlement_print_note(
        v.ground.as_str(),
        v.interest.as_str(),
        v.interest_note.as_str(),
        clause(v.to_fund != "0.00", msg::settlement_print_to_fund(v.to_fund.as_str())),
        v.funeral_grant.as_str(),
        v.grant_rule.as_str(),
        v.grant_years.map_or(Arg::Text(String::new()), |y| Nested(msg::settlement_print_grant_years(y)).into_arg()),
        clause(v.grant_withheld != "0.00", msg::settlement_print_withheld(v.grant_withheld.as_str())),
        v.bank_card.as_str(),
        v.settled_on.as_str(),
    )
}

/// `GET /print/settlements/{id}`: form 附件7 with all its fields, on one A4
/// page, in Chinese with the Mongolian beside it (served by the server
/// alone: nothing to hydrate).
pub async fn print(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> Response {
    // Read once in each language: what the settlement keeps as a message
    // (the interest note) is written in each.
    let (v, v_mn) =
        match (read_by(Lang::Zh, deregistration::view(&state, &caller, &id)).await, read_by(Lang::MnMong, deregistration::view(&state, &caller, &id)).await) {
            (Ok(v), Ok(v_mn)) => (v, v_mn),
            (Err(e), _) | (_, Err(e)) => return crate::api::ApiError(e).into_response(),
        };
    let (note, note_mn) = (note(&v).text(Lang::Zh), note(&v_mn).text(Lang::MnMong));
    let event = if v.ground == app::i18n::text(Lang::Zh, Key::DeregGroundDeath) { v.event_date.clone() } else { "—".to_owned() };
    let body = view! {
        <h1>{both(Key::PrintSettlementTitle)}</h1>
        <table>
            <tr><th colspan="2">{both(Key::PrintPersonInfo)}</th><th colspan="2">{both(Key::PrintClaimantInfo)}</th></tr>
            <tr>{label(Key::PrintName)}<td>{v.name.clone()}</td>{label(Key::PrintName)}<td>{v.payee_name.clone()}</td></tr>
            <tr>{label(Key::PrintSex)}{sex(&v.sex)}{label(Key::PrintSex)}{sex(&v.payee_sex)}</tr>
            <tr>{label(Key::PrintIdNumber)}<td>{v.document.clone()}</td>{label(Key::PrintIdNumber)}<td>{v.payee_document.clone()}</td></tr>
            <tr>{label(Key::PrintDeathDate)}<td>{event}</td>{label(Key::PrintRelation)}{value(domain::Relation::from_label_or_code(&v.relation).map(app::names::relation), &v.relation)}</tr>
            <tr>{label(Key::PrintAccountBalance)}<td>{v.account_paid.clone()}</td>{label(Key::PrintFuneralGrantFee)}<td>{v.grant_paid.clone()}</td></tr>
            <tr>{label(Key::PrintLumpTotal)}<td>{v.total.clone()}</td>{label(Key::PrintClaimantSign)}<td class="sign"></td></tr>
            <tr>{label(Key::PrintCountyClerkSign)}<td class="sign"></td>{label(Key::PrintCountyHeadSign)}<td class="sign"></td></tr>
            <tr>{label(Key::PrintRemarks)}<td colspan="3">{note}<br/><span lang="mn-Mong">{note_mn}</span></td></tr>
        </table>
    };
    let html = crate::render::print_page(format!("{} - {}", app::i18n::text(Lang::Zh, Key::PrintSettlementTitle), v.name), v.case_id.clone(), body);
    Html(html).into_response()
}
