//! Deregistration (D1–D4): filing, the settlement, the payee's card, and
//! form 附件7 《丧葬补助金发放登记表》 as a printable page.

use crate::api::cases::CaseIdDto;
use crate::api::{ApiResult, ErrorBody, JsonBody, MessageDto, message};
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
#[utoipa::path(operation_id = "deregistration_file", post, path = "/api/v1/cases/deregistration", request_body(content = app::model::DeregistrationForm, content_type = "multipart/form-data"),
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
#[utoipa::path(get, path = "/api/v1/settlements/{id}", params(("id" = String, Path)),
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
#[utoipa::path(operation_id = "deregistration_bank_card", post, path = "/api/v1/settlements/{id}/bank-card", params(("id" = String, Path)), request_body = CardBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn bank_card(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<CardBody>,
) -> ApiResult<MessageDto> {
    Ok(message(deregistration::correct_card(&state, &caller, &id, &b.bank_card).await?))
}

use crate::reports::{esc, td};
use app::i18n::{Lang, term};

/// Words of form 附件7: the Chinese, its Mongolian under it (§4: the
/// family reading Mongolian reads the form they sign).
fn both(zh: &str) -> String {
    format!(r#"{}<br><span lang="mn-Mong">{}</span>"#, esc(zh), esc(&term(Lang::MnMong, zh)))
}

fn label(zh: &str) -> String {
    format!("<th>{}</th>", both(zh))
}

/// A value of the form as written; with its Mongolian under it where it
/// is a fixed term (sex, relation).
fn value(zh: &str) -> String {
    if term(Lang::MnMong, zh) == zh { td(zh) } else { format!("<td>{}</td>", both(zh)) }
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
    let body = format!(
        r#"<h1>{title_both}</h1>
<table>
<tr><th colspan="2">{person}</th><th colspan="2">{payee}</th></tr>
<tr>{l_name}{name_c}{l_name}{payee_c}</tr>
<tr>{l_sex}{sex_c}{l_sex}{payee_sex_c}</tr>
<tr>{l_doc}{doc_c}{l_doc}{payee_doc_c}</tr>
<tr>{l_died}{event_c}{l_relation}{relation_c}</tr>
<tr>{l_account}{account_c}{l_grant}{grant_c}</tr>
<tr>{l_total}{total_c}{l_applicant}<td class="sign"></td></tr>
<tr>{l_clerk}<td class="sign"></td>{l_head}<td class="sign"></td></tr>
<tr>{l_note}<td colspan="3">{note}<br><span lang="mn-Mong">{note_mn}</span></td></tr>
</table>"#,
        title_both = both(title),
        person = both("参保人员信息"),
        payee = both("申领人信息"),
        l_name = label("姓名"),
        l_sex = label("性别"),
        l_doc = label("身份证号"),
        l_died = label("死亡日期"),
        l_relation = label("与参保者关系"),
        l_account = label("个人账户余额"),
        l_grant = label("丧葬补助费"),
        l_total = label("一次性支付合计（元）"),
        l_applicant = label("申领人："),
        l_clerk = label("旗县（市、区）社保局经办人："),
        l_head = label("旗县（市、区）社保局负责人："),
        l_note = label("备注："),
        name_c = td(&v.name),
        payee_c = td(&v.payee_name),
        sex_c = value(&v.sex),
        payee_sex_c = value(&v.payee_sex),
        doc_c = td(&v.document),
        payee_doc_c = td(&v.payee_document),
        event_c = td(if v.ground == "死亡" { &v.event_date } else { "—" }),
        relation_c = value(&v.relation),
        account_c = td(&v.account_paid),
        grant_c = td(&v.grant_paid),
        total_c = td(&v.total),
        note = esc(&note),
        note_mn = esc(&note_mn),
    );
    let html = crate::reports::print_page(&format!("{title} - {}", v.name), &body, &v.case_id);
    Html(html).into_response()
}
