//! Public reference data: divisions, policy, working days.

use crate::api::{ApiError, ApiResult, ErrorBody};
use app::backend::{AppState, infra::reference};
use app::error::AppError;
use app::i18n::msg;
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use chrono::NaiveDate;
use domain::{DivisionCode, Policy};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub(crate) fn bad_query(rejection: QueryRejection) -> ApiError {
    tracing::debug!("query refused: {rejection}");
    ApiError(AppError::invalid(msg::api_reference_invalid_query()))
}

fn parse_date(name: &str, value: Option<&str>, default: NaiveDate) -> Result<NaiveDate, ApiError> {
    match value {
        None => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ApiError(AppError::invalid(msg::api_reference_date_format(name)))),
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DivisionDto {
    /// GB/T 2260 code: 2, 4, 6, 9 or 12 digits.
    pub code: String,
    pub name: String,
    /// region, league, county, township or village
    pub level: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DivisionQuery {
    /// Only the divisions directly under this code; all when absent.
    parent: Option<String>,
}

/// Administrative divisions.
#[utoipa::path(get, path = "/divisions", params(DivisionQuery),
    responses((status = 200, body = [DivisionDto]), (status = 400, body = ErrorBody)))]
pub(crate) async fn divisions(State(state): State<AppState>, q: Result<Query<DivisionQuery>, QueryRejection>) -> ApiResult<Vec<DivisionDto>> {
    let Query(q) = q.map_err(bad_query)?;
    let parent = q.parent.as_deref().map(DivisionCode::parse).transpose().map_err(|e| ApiError(AppError::invalid(e)))?;
    let rows = reference::divisions(&state.db, parent.as_ref()).await?;
    Ok(Json(rows.into_iter().map(|r| DivisionDto { code: r.code, name: r.name, level: r.level }).collect()))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TierDto {
    /// Yuan per year, two decimals.
    pub amount: String,
    /// Government contribution subsidy for this tier, yuan per year.
    pub subsidy: String,
}

/// The policy parameters in force on a date. Money is a decimal string in yuan.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PolicyDto {
    pub on: NaiveDate,
    pub tiers: Vec<TierDto>,
    pub collective_cap: String,
    pub government_paid_tier: String,
    pub pension_age: u32,
    pub min_contribution_years: u32,
    pub basic_pension_monthly: String,
    pub long_contribution_extra: String,
    /// Months (计发月数) by age at first payment, as "age" → months.
    pub divisors: std::collections::BTreeMap<String, u32>,
    /// The account interest rate of this year, e.g. "0.0150"; null until published.
    pub interest_rate: Option<String>,
    pub funeral_grant_below_min_years: String,
    pub funeral_grant_min_years_or_more: String,
    /// Which deaths the funeral grant is paid for: `recipients` or `insured`.
    pub funeral_grant_deaths: String,
    /// Whether a back-paid year (补缴) earns the contribution subsidy.
    pub back_payment_subsidy: bool,
}

impl From<Policy> for PolicyDto {
    fn from(p: Policy) -> Self {
        PolicyDto {
            on: p.on,
            tiers: p.tiers.iter().map(|t| TierDto { amount: t.to_string(), subsidy: p.subsidy_for(*t).to_string() }).collect(),
            collective_cap: p.collective_cap().to_string(),
            government_paid_tier: p.government_paid_tier().to_string(),
            pension_age: p.pension_age,
            min_contribution_years: p.min_contribution_years,
            basic_pension_monthly: p.basic_pension_monthly.to_string(),
            long_contribution_extra: p.long_contribution_extra.to_string(),
            divisors: p.divisors.iter().map(|(age, months)| (age.to_string(), *months)).collect(),
            interest_rate: p.interest_rate.map(|r| r.to_string()),
            funeral_grant_below_min_years: p.funeral_grant_below_min_years.to_string(),
            funeral_grant_min_years_or_more: p.funeral_grant_min_years_or_more.to_string(),
            funeral_grant_deaths: p.funeral_grant_deaths.code().to_owned(),
            back_payment_subsidy: p.back_payment_subsidy,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PolicyQuery {
    /// YYYY-MM-DD; today (China Standard Time) when absent.
    date: Option<String>,
}

/// Policy parameters in force on a date.
#[utoipa::path(get, path = "/policy", params(PolicyQuery),
    responses((status = 200, body = PolicyDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn policy(State(state): State<AppState>, q: Result<Query<PolicyQuery>, QueryRejection>) -> ApiResult<PolicyDto> {
    let Query(q) = q.map_err(bad_query)?;
    let on = parse_date("date", q.date.as_deref(), state.today())?;
    Ok(Json(reference::policy_on(state.db.pool(), on).await?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkingDaysQuery {
    /// YYYY-MM-DD, not counted.
    from: String,
    /// YYYY-MM-DD, counted.
    to: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WorkingDaysDto {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Working days in (from, to]; negative when `to` is before `from`.
    pub working_days: i64,
}

/// Working days between two dates, by the holiday calendar.
#[utoipa::path(get, path = "/working-days", params(WorkingDaysQuery),
    responses((status = 200, body = WorkingDaysDto), (status = 400, body = ErrorBody)))]
pub(crate) async fn working_days(State(state): State<AppState>, q: Result<Query<WorkingDaysQuery>, QueryRejection>) -> ApiResult<WorkingDaysDto> {
    let Query(q) = q.map_err(bad_query)?;
    let today = state.today();
    let from = parse_date("from", Some(&q.from), today)?;
    let to = parse_date("to", Some(&q.to), today)?;
    if (to - from).num_days().abs() > 3660 {
        return Err(ApiError(AppError::invalid(msg::api_reference_range_over_ten_years())));
    }
    let calendar = reference::work_calendar(&state.db).await?;
    Ok(Json(WorkingDaysDto { from, to, working_days: calendar.working_days_between(from, to) }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// Date of receipt, YYYY-MM-DD (not counted).
    receipt: String,
    /// Time limit in working days, 0–365.
    days: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeadlineDto {
    pub receipt: NaiveDate,
    pub days: u32,
    /// The last working day of the time limit.
    pub deadline: NaiveDate,
}

/// The deadline of a time limit in working days.
#[utoipa::path(get, path = "/working-days/deadline", params(DeadlineQuery),
    responses((status = 200, body = DeadlineDto), (status = 400, body = ErrorBody)))]
pub(crate) async fn deadline(State(state): State<AppState>, q: Result<Query<DeadlineQuery>, QueryRejection>) -> ApiResult<DeadlineDto> {
    let Query(q) = q.map_err(bad_query)?;
    let receipt = parse_date("receipt", Some(&q.receipt), state.today())?;
    if q.days > 365 {
        return Err(ApiError(AppError::invalid(msg::api_reference_time_limit_too_long())));
    }
    let calendar = reference::work_calendar(&state.db).await?;
    Ok(Json(DeadlineDto { receipt, days: q.days, deadline: calendar.deadline(receipt, q.days) }))
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", responses((status = 200, description = "OpenAPI 3 document")))]
pub(crate) async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::api::document())
}

/// Public verification of a printed statement by the code of its QR code:
/// issuer, year, masked name, closing balance, digest (A4).
#[utoipa::path(operation_id = "reference_statement", get, path = "/statements/{code}", params(("code" = String, Path)),
    responses((status = 200, body = app::model::StatementCheck), (status = 404, body = ErrorBody)))]
pub(crate) async fn statement(State(state): State<AppState>, axum::extract::Path(code): axum::extract::Path<String>) -> ApiResult<app::model::StatementCheck> {
    Ok(Json(app::backend::money::statements::verify(&state, &code).await?))
}

/// The QR code (SVG) printed on a statement: it links to `/verify/{code}`.
#[utoipa::path(get, path = "/statements/{code}/qr", params(("code" = String, Path)),
    responses((status = 200, content_type = "image/svg+xml"), (status = 404, body = ErrorBody)))]
pub(crate) async fn statement_qr(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Result<axum::response::Response, crate::api::ApiError> {
    use axum::response::IntoResponse;
    let svg = app::backend::money::statements::qr_svg(&state, &code).await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// Public verification of a printed certificate (参保证明, 待遇领取证明;
/// issue 36 §4) by its code: what it stated, the masked name and document,
/// and whether the record still states the same.
#[utoipa::path(operation_id = "reference_certificate", get, path = "/certificates/{code}", params(("code" = String, Path)),
    responses((status = 200, body = app::model::CertificateCheck), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn certificate(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> ApiResult<app::model::CertificateCheck> {
    Ok(Json(app::backend::benefits::certificates::verify(&state, &code).await?))
}

/// The QR code (SVG) printed on a certificate: it links to `/verify/{code}`.
#[utoipa::path(get, path = "/certificates/{code}/qr", params(("code" = String, Path)),
    responses((status = 200, content_type = "image/svg+xml"), (status = 404, body = ErrorBody)))]
pub(crate) async fn certificate_qr(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Result<axum::response::Response, crate::api::ApiError> {
    use axum::response::IntoResponse;
    let svg = app::backend::benefits::certificates::qr_svg(&state, &code).await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}
