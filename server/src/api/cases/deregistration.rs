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
use app::i18n::{Lang, term};
use leptos::prelude::*;

fn label(zh: &str) -> impl IntoView + use<> {
    view! { <th>{both(zh)}</th> }
}

/// A value of the form as written; with its Mongolian under it where it
/// is a fixed term (sex, relation).
fn value(zh: &str) -> impl IntoView + use<> {
    if term(Lang::MnMong, zh) == zh { view! { <td>{zh.to_owned()}</td> }.into_any() } else { view! { <td>{both(zh)}</td> }.into_any() }
}

/// `GET /print/settlements/{id}`: form 附件7 with all its fields, on one A4
/// page, in Chinese with the Mongolian beside it (served by the server
/// alone: nothing to hydrate).
pub async fn print(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> Response {
    let v = match deregistration::view(&state, &caller, &id).await {
        Ok(v) => v,
        Err(e) => return crate::api::ApiError(e).into_response(),
    };
    let to_fund = v.to_fund != "0.00";
    let withheld = v.grant_withheld != "0.00";
    let note = format!(
        "注销原因：{}。个人账户余额含利息 {} 元（{}）{}；丧葬补助金 {} 元（{}{}）{}。发放至银行卡 {}。结算日期 {}。",
        v.ground,
        v.interest,
        v.interest_note,
        if to_fund { format!("，其中政府补贴 {} 元按规定退回基金", v.to_fund) } else { String::new() },
        v.funeral_grant,
        v.grant_rule,
        v.grant_years.map_or(String::new(), |y| format!("，缴费 {y} 年")),
        if withheld { format!("，已抵扣冒领 {} 元", v.grant_withheld) } else { String::new() },
        v.bank_card,
        v.settled_on,
    );
    let note_mn = format!(
        "ᠪᠦᠷᠢᠲᠭᠡᠯ ᠬᠠᠰᠤᠬᠤ ᠰᠢᠯᠳᠠᠭᠠᠨ᠄ {}᠃ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ ᠳᠦ ᠬᠦᠦ {} ᠶᠤᠸᠠᠨ ({}) ᠣᠷᠣᠭᠤᠯᠪᠠ{}᠂ ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ {} ᠶᠤᠸᠠᠨ ({}{}){}᠃ \
         {} ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠳᠤ ᠣᠯᠭᠣᠨ᠎ᠠ᠃ ᠲᠣᠭᠠᠴᠠᠭᠰᠠᠨ ᠡᠳᠦᠷ {}᠃",
        term(Lang::MnMong, &v.ground),
        v.interest,
        term(Lang::MnMong, &v.interest_note),
        if to_fund {
            format!("᠂ ᠡᠭᠦᠨ ᠡᠴᠡ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ ᠤᠨ ᠨᠥᠬᠥᠪᠦᠷᠢ {} ᠶᠤᠸᠠᠨ ᠢ ᠵᠠᠷᠢᠮ ᠤᠨ ᠳᠠᠭᠠᠦ ᠰᠠᠩ ᠳᠤ ᠪᠤᠴᠠᠭᠠᠪᠠ", v.to_fund)
        } else {
            String::new()
        },
        v.funeral_grant,
        term(Lang::MnMong, &v.grant_rule),
        v.grant_years.map_or(String::new(), |y| format!("᠂ ᠲᠥᠯᠦᠭᠰᠡᠨ {y} ᠵᠢᠯ")),
        if withheld {
            format!("᠂ ᠪᠤᠷᠤᠭᠤ ᠠᠪᠤᠭᠰᠠᠨ {} ᠶᠤᠸᠠᠨ ᠢ ᠰᠤᠯᠠᠭᠠᠪᠠ", v.grant_withheld)
        } else {
            String::new()
        },
        v.bank_card,
        v.settled_on,
    );
    let title = "丧葬补助金发放登记表";
    let event = if v.ground == "死亡" { v.event_date.clone() } else { "—".to_owned() };
    let body = view! {
        <h1>{both(title)}</h1>
        <table>
            <tr><th colspan="2">{both("参保人员信息")}</th><th colspan="2">{both("申领人信息")}</th></tr>
            <tr>{label("姓名")}<td>{v.name.clone()}</td>{label("姓名")}<td>{v.payee_name.clone()}</td></tr>
            <tr>{label("性别")}{value(&v.sex)}{label("性别")}{value(&v.payee_sex)}</tr>
            <tr>{label("身份证号")}<td>{v.document.clone()}</td>{label("身份证号")}<td>{v.payee_document.clone()}</td></tr>
            <tr>{label("死亡日期")}<td>{event}</td>{label("与参保者关系")}{value(&v.relation)}</tr>
            <tr>{label("个人账户余额")}<td>{v.account_paid.clone()}</td>{label("丧葬补助费")}<td>{v.grant_paid.clone()}</td></tr>
            <tr>{label("一次性支付合计（元）")}<td>{v.total.clone()}</td>{label("申领人：")}<td class="sign"></td></tr>
            <tr>{label("旗县（市、区）社保局经办人：")}<td class="sign"></td>{label("旗县（市、区）社保局负责人：")}<td class="sign"></td></tr>
            <tr>{label("备注：")}<td colspan="3">{note}<br/><span lang="mn-Mong">{note_mn}</span></td></tr>
        </table>
    };
    let html = crate::render::print_page(format!("{title} - {}", v.name), v.case_id.clone(), body);
    Html(html).into_response()
}
