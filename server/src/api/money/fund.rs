//! The league's fund books (F1, F2): the posting run, movements between the
//! three bank accounts, vouchers and balances, bank statements,
//! reconciliation, budget and final-account drafts.

use crate::api::staff::{ImportQuery, csv_upload};
use crate::api::{ApiError, ApiResult, ErrorBody, Input};
use app::backend::AppState;
use app::backend::identity::auth::Caller;
use app::backend::money::fund::{self, BalanceDto, MovementAnswer, MovementForm, VoucherDto};
use app::backend::money::fund_reconciliation::{DraftRow, Reconciliation};
use app::model::ImportReport;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct LeagueBody {
    /// 盟市 (4 digits).
    pub league: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PostedDto {
    /// Vouchers booked by this run (0: everything was booked already).
    pub booked: i64,
}

/// F2: books every business event of the league not booked yet —
/// contributions deposited, transfers in and out, payroll funding and the
/// bank's results — each once (a rerun books nothing new).
#[utoipa::path(post, path = "/fund/post", request_body = LeagueBody,
    responses((status = 200, body = PostedDto), (status = 403, body = ErrorBody)))]
pub(crate) async fn post(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<LeagueBody>) -> ApiResult<PostedDto> {
    Ok(Json(PostedDto { booked: fund::post_by(&state, &caller, &b.league).await? }))
}

/// F1: a movement between the league's bank accounts (收入户 → 财政专户,
/// 财政专户 → 支出户) or bank interest, from its receipt; any other
/// movement is refused with the account's rule. Two people: the first
/// officer's entry waits (202); a second officer entering the same receipt
/// with the same figures books it (200, with the voucher); other figures,
/// 409. The same receipt again answers with the voucher booked.
#[utoipa::path(post, path = "/fund/movements", request_body = MovementForm,
    responses((status = 200, body = MovementAnswer), (status = 202, body = MovementAnswer), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn movement(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<MovementForm>,
) -> Result<(axum::http::StatusCode, Json<MovementAnswer>), ApiError> {
    let answer = fund::move_funds(&state, &caller, &b).await?;
    let status = if answer.voucher.is_some() { axum::http::StatusCode::OK } else { axum::http::StatusCode::ACCEPTED };
    Ok((status, Json(answer)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    pub league: String,
    /// First day (YYYY-MM-DD).
    pub from: String,
    /// Last day, included; the same as `from` for a daily reconciliation.
    pub to: String,
}

/// F2: the league's vouchers of a period with their lines (fund officers,
/// auditors).
#[utoipa::path(get, path = "/fund/vouchers", params(PeriodQuery),
    responses((status = 200, body = [VoucherDto]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn vouchers(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Vec<VoucherDto>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(fund::vouchers(&state, &caller, &q.league, &q.from, &q.to).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeagueQuery {
    pub league: String,
}

/// Issue 36 §1: the league's text messages and mail by month, with the
/// text messages' cost (fund officers, auditors).
#[utoipa::path(get, path = "/fund/message-costs", params(LeagueQuery),
    responses((status = 200, body = [app::model::MessageCostRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn message_costs(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<LeagueQuery>, QueryRejection>,
) -> ApiResult<Vec<app::model::MessageCostRow>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(fund::message_costs(&state, &caller, &q.league).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    pub league: String,
    /// Balances at the end of this day (YYYY-MM-DD).
    pub on: String,
}

/// F1: the trial balance of the league's accounts at the end of a day.
#[utoipa::path(get, path = "/fund/balances", params(DayQuery),
    responses((status = 200, body = [BalanceDto]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn balances(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<DayQuery>, QueryRejection>,
) -> ApiResult<Vec<BalanceDto>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(fund::balances(&state, &caller, &q.league, &q.on).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementQuery {
    pub league: String,
}

/// F2: imports a bank statement of the league's accounts (CSV
/// `账户,交易日期,流水号,收入,支出,摘要`, UTF-8 or GB18030); each bank
/// reference once.
#[utoipa::path(operation_id = "fund_statement", post, path = "/fund/bank-statements", params(StatementQuery, ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn statement(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    league: Result<Query<StatementQuery>, QueryRejection>,
    q: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<ImportReport> {
    let Query(league) = league.map_err(crate::api::reference::bad_query)?;
    let (name, bytes) = csv_upload(q, body, "statement.csv")?;
    Ok(Json(app::backend::money::fund_reconciliation::import_statement(&state, &caller, &league.league, &name, &bytes).await?))
}

/// F2: reconciliation of the books with the bank statements for a day or
/// a month: unmatched lines on both sides, balances, and at a month's end
/// the income account that must be empty. Recorded in the audit trail.
#[utoipa::path(get, path = "/fund/reconciliation", params(PeriodQuery),
    responses((status = 200, body = Reconciliation), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn reconciliation(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> ApiResult<Reconciliation> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(app::backend::money::fund_reconciliation::reconcile(&state, &caller, &q.league, &q.from, &q.to).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftQuery {
    pub league: String,
    /// The closed year of the final account; the budget is for the next.
    pub year: i32,
}

/// F2: the final-account draft of a year and the budget draft of the next.
#[utoipa::path(get, path = "/fund/drafts", params(DraftQuery),
    responses((status = 200, body = [DraftRow]), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn drafts(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<Query<DraftQuery>, QueryRejection>,
) -> ApiResult<Vec<DraftRow>> {
    let Query(q) = q.map_err(crate::api::reference::bad_query)?;
    Ok(Json(app::backend::money::fund_reconciliation::drafts(&state, &caller, &q.league, q.year).await?))
}
