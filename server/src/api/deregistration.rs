//! Deregistration (D1–D4): filing, the settlement, the payee's card, and
//! form 附件7 《丧葬补助金发放登记表》 as a printable page.

use super::cases::CaseIdDto;
use super::{ApiResult, ErrorBody, JsonBody, MessageDto, message};
use app::backend::auth::Caller;
use app::backend::{AppState, deregistrations};
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
#[utoipa::path(post, path = "/api/v1/cases/deregistration", request_body(content = app::model::DeregistrationForm, content_type = "multipart/form-data"),
    responses((status = 200, body = CaseIdDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn file(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<CaseIdDto> {
    let (fields, uploads) = crate::uploads::read_form(form).await?;
    Ok(Json(CaseIdDto { id: deregistrations::submit(&state, &caller, &fields, uploads).await? }))
}

/// D4: the settlement of an approved deregistration (the applicant, or a
/// county clerk or auditor of the county); numbers masked.
#[utoipa::path(get, path = "/api/v1/settlements/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SettlementView), (status = 404, body = ErrorBody)))]
pub(super) async fn settlement(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<SettlementView> {
    Ok(Json(deregistrations::view(&state, &caller, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CardBody {
    pub bank_card: String,
}

/// D4: a county clerk corrects the payee's card after a failed payment
/// (before the reissue).
#[utoipa::path(post, path = "/api/v1/settlements/{id}/bank-card", params(("id" = String, Path)), request_body = CardBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn bank_card(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<CardBody>,
) -> ApiResult<MessageDto> {
    Ok(message(deregistrations::correct_card(&state, &caller, &id, &b.bank_card).await?))
}

use crate::reports::{esc, td};

/// `GET /print/settlements/{id}`: form 附件7 with all its fields, on one A4
/// page (served by the server alone: nothing to hydrate).
pub async fn print(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> Response {
    let v = match deregistrations::view(&state, &caller, &id).await {
        Ok(v) => v,
        Err(e) => return super::ApiError(e).into_response(),
    };
    let note = format!(
        "注销原因：{}。个人账户余额含利息 {} 元（{}）{}；丧葬补助金 {} 元{}。发放至银行卡 {}。结算日期 {}。",
        v.ground,
        v.interest,
        v.interest_note,
        if v.to_fund == "0.00" { String::new() } else { format!("，其中政府补贴 {} 元按规定退回基金", v.to_fund) },
        v.funeral_grant,
        if v.grant_withheld == "0.00" { String::new() } else { format!("，已抵扣冒领 {} 元", v.grant_withheld) },
        v.bank_card,
        v.settled_on,
    );
    let body = format!(
        r#"<h1>丧葬补助金发放登记表</h1>
<table>
<tr><th colspan="2">参保人员信息</th><th colspan="2">申领人信息</th></tr>
<tr><th>姓名</th>{name_c}<th>姓名</th>{payee_c}</tr>
<tr><th>性别</th>{sex_c}<th>性别</th>{payee_sex_c}</tr>
<tr><th>身份证号</th>{doc_c}<th>身份证号</th>{payee_doc_c}</tr>
<tr><th>死亡日期</th>{event_c}<th>与参保者关系</th>{relation_c}</tr>
<tr><th>个人账户余额</th>{account_c}<th>丧葬补助费</th>{grant_c}</tr>
<tr><th>一次性支付合计（元）</th>{total_c}<th>申领人：</th><td class="sign"></td></tr>
<tr><th>旗县（市、区）社保局经办人：</th><td class="sign"></td><th>旗县（市、区）社保局负责人：</th><td class="sign"></td></tr>
<tr><th>备注：</th><td colspan="3">{note}</td></tr>
</table>"#,
        name_c = td(&v.name),
        payee_c = td(&v.payee_name),
        sex_c = td(&v.sex),
        payee_sex_c = td(&v.payee_sex),
        doc_c = td(&v.document),
        payee_doc_c = td(&v.payee_document),
        event_c = td(if v.ground == "死亡" { &v.event_date } else { "—" }),
        relation_c = td(&v.relation),
        account_c = td(&v.account_paid),
        grant_c = td(&v.grant_paid),
        total_c = td(&v.total),
        note = esc(&note),
    );
    let html = crate::reports::print_page(&format!("丧葬补助金发放登记表 - {}", v.name), &body, &v.case_id);
    Html(html).into_response()
}
