//! The caller's own things: who they are, their registry record, their
//! passkeys, and the people they act for as an agent.

use crate::api::{ApiResult, ErrorBody, Input, MessageDto, message};
use app::backend::identity::auth::Caller;
use app::backend::identity::auth::codes::RealName;
use app::backend::{AppState, identity::accounts, identity::agency, identity::persons};
use app::error::AppError;
use app::i18n::msg;
use app::model::{Agency, Me, PasskeyRow, PersonView, Relation};
use axum::{
    Extension, Json,
    extract::{Path, State},
};
use serde::Deserialize;
use utoipa::ToSchema;

/// Who is signed in.
#[utoipa::path(get, path = "/me", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub(crate) async fn me(State(state): State<AppState>, Extension(caller): Extension<Caller>, headers: axum::http::HeaderMap) -> ApiResult<Me> {
    caller.principal()?;
    let device = crate::api::auth::cookie(&headers, app::backend::identity::kiosks::device_cookie_name(state.secure_cookies)).is_some();
    Ok(Json(app::backend::identity::auth::me(&caller, device)))
}

/// The registry record of the person served (contacts masked; the view is audited).
#[utoipa::path(get, path = "/me/record", responses((status = 200, body = PersonView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn record(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<PersonView> {
    Ok(Json(persons::my_record(&state, &caller).await?))
}

/// The caller's passkeys.
#[utoipa::path(get, path = "/me/passkeys", responses((status = 200, body = [PasskeyRow]), (status = 401, body = ErrorBody)))]
pub(crate) async fn passkeys(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<PasskeyRow>> {
    Ok(Json(accounts::my_passkeys(&state, &caller).await?))
}

/// Revokes one of the caller's passkeys (for example on a lost phone).
#[utoipa::path(post, path = "/me/passkeys/{id}/revoke", params(("id" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody)))]
pub(crate) async fn revoke_passkey(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<MessageDto> {
    accounts::revoke_passkey(&state, &caller, &id).await?;
    Ok(message(msg::me_passkey_revoked()))
}

/// The caller's live sessions (the devices they are signed in on).
#[utoipa::path(get, path = "/me/sessions", responses((status = 200, body = [app::model::SessionRow]), (status = 401, body = ErrorBody)))]
pub(crate) async fn sessions(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<app::model::SessionRow>> {
    Ok(Json(accounts::my_sessions(&state, &caller).await?))
}

/// Ends one of the caller's sessions (signs another device out).
#[utoipa::path(post, path = "/me/sessions/{id}/end", params(("id" = String, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = ErrorBody)))]
pub(crate) async fn end_session(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<MessageDto> {
    accounts::end_session(&state, &caller, &id).await?;
    Ok(message(msg::me_device_signed_out()))
}

/// The people the caller acts for.
#[utoipa::path(get, path = "/me/agencies", responses((status = 200, body = [Agency]), (status = 401, body = ErrorBody)))]
pub(crate) async fn agencies(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<Agency>> {
    Ok(Json(agency::mine(&state, &caller).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclareBody {
    /// The person acted for, as in the registry.
    pub name: String,
    pub document_kind: String,
    pub document_number: String,
    /// heir or beneficiary
    pub relation: String,
    /// The caller confirms the commitment letter (承诺书).
    #[serde(default)]
    pub commitment: bool,
}

/// Records that the caller acts for a person who has died, as heir or
/// designated beneficiary, under the commitment letter.
#[utoipa::path(post, path = "/me/agencies", request_body = DeclareBody,
    responses((status = 200, body = Agency), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn declare_agency(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<DeclareBody>) -> ApiResult<Agency> {
    let principal = RealName::parse(&b.name, &b.document_kind, &b.document_number)?;
    let relation = Relation::parse(&b.relation).ok_or_else(|| AppError::invalid(msg::api_me_invalid_relationship()))?;
    Ok(Json(agency::declare(&state, &caller, &principal, relation, b.commitment).await?))
}

/// One of the caller's agency relationships.
#[utoipa::path(get, path = "/me/agencies/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Agency), (status = 404, body = ErrorBody)))]
pub(crate) async fn agency(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(id): Path<String>) -> ApiResult<Agency> {
    Ok(Json(agency::view(&state, &caller, &id).await?))
}

/// E4: changes the insured person's sex, ethnicity, residence address and phone at once (only the fields given).
#[utoipa::path(post, path = "/me/details", request_body = app::model::DetailChange,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn change_details(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<app::model::DetailChange>,
) -> ApiResult<MessageDto> {
    app::backend::cases::kinds::key_change::change_details(&state, &caller, &b).await?;
    Ok(message(msg::me_changed()))
}

/// Issue 36 §1: how the person served wants to be reached (`all`, `sms`,
/// `email`) and the language of their text messages (`zh-CN`, `mn-Mong`).
#[utoipa::path(post, path = "/me/contact", request_body = app::model::ContactChoice,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn choose_contact(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<app::model::ContactChoice>,
) -> ApiResult<MessageDto> {
    persons::choose_contact(&state, &caller, &b).await?;
    Ok(message(msg::contact_saved()))
}

/// The caller's latest notices (submission, return, decision).
#[utoipa::path(get, path = "/me/notices", responses((status = 200, body = [app::model::Notice]), (status = 401, body = ErrorBody)))]
pub(crate) async fn notices(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<app::model::Notice>> {
    Ok(Json(app::backend::cases::notices(&state, &caller).await?))
}

/// Where the caller stands in the scheme and the next step open to her
/// (enrol, follow an application, claim, resume …), in her language.
#[utoipa::path(get, path = "/me/standing", responses((status = 200, body = app::model::Standing), (status = 401, body = ErrorBody)))]
pub(crate) async fn standing(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<app::model::Standing> {
    Ok(Json(app::backend::benefits::standing::my_standing(&state, &caller).await?))
}

/// The caller's personal account: balance, contribution years and the
/// statement year by year (A1, A4; the view is audited).
#[utoipa::path(get, path = "/me/account", responses((status = 200, body = app::model::AccountView), (status = 404, body = ErrorBody)))]
pub(crate) async fn account(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<app::model::AccountView> {
    Ok(Json(app::backend::money::statements::my_account(&state, &caller).await?))
}

/// Issue 36 §4: the served resident's certificate to hand to another
/// office, `insured` (参保证明) or `receiving` (待遇领取证明), issued as of
/// today under a verification code (the same facts the same day keep one
/// code). Audited.
#[utoipa::path(operation_id = "my_certificate", get, path = "/me/certificates/{kind}", params(("kind" = String, Path, description = "`insured` or `receiving`")),
    responses((status = 200, body = app::model::CertificateView), (status = 404, body = ErrorBody)))]
pub(crate) async fn certificate(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(kind): Path<String>,
) -> ApiResult<app::model::CertificateView> {
    Ok(Json(app::backend::benefits::certificates::mine(&state, &caller, &kind).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TierBody {
    /// This year or the next.
    pub year: i32,
    /// Yuan per year, one of the tiers in force.
    pub tier: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EstimateQuery {
    /// Yuan per year, one of the tiers in force (default: the one chosen).
    pub tier: Option<String>,
    /// More years to pay (default and at most: the years left to pension age).
    pub years: Option<u32>,
}

/// Issue 36 §3 (待遇测算): the person's figures today, the rules in force,
/// and `projected`: the monthly pension at pension age paying `tier` for
/// `years` more years (`without_paying`: paying nothing more).
#[utoipa::path(get, path = "/me/estimate", params(EstimateQuery),
    responses((status = 200, body = EstimateAnswer), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn estimate(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Result<axum::extract::Query<EstimateQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<EstimateAnswer> {
    let axum::extract::Query(q) = q.map_err(crate::api::reference::bad_query)?;
    let view = app::backend::benefits::estimate::my_estimate(&state, &caller, q.tier.as_deref(), q.years).await?;
    let figure = |more| view.figure(view.tier, more).map(|d| Determined::of(&d)).map_err(|e| app::i18n::Message::from(e).text(caller.lang));
    let (projected, without_paying) = (figure(view.more), figure(0));
    Ok(Json(EstimateAnswer { refusal: projected.as_ref().err().cloned(), projected: projected.ok(), without_paying: without_paying.ok(), basis: view }))
}

/// A determination's figures, as text (yuan with two decimals).
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Determined {
    pub first_month: String,
    pub contribution_years: u32,
    pub balance: String,
    pub basic: String,
    pub account: String,
    pub extra: String,
    pub monthly: String,
}

impl Determined {
    fn of(d: &domain::benefit::Determination) -> Determined {
        Determined {
            first_month: d.first_month.to_string(),
            contribution_years: d.contribution_years,
            balance: d.balance.to_string(),
            basic: d.basic.to_string(),
            account: d.account.to_string(),
            extra: d.extra.to_string(),
            monthly: d.monthly.to_string(),
        }
    }
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct EstimateAnswer {
    /// Paying the tier for the years asked (none: see `refusal`).
    pub projected: Option<Determined>,
    /// Why there would be no pension, paying so, and what to do.
    pub refusal: Option<String>,
    /// Paying nothing more.
    pub without_paying: Option<Determined>,
    pub basis: app::model::EstimateView,
}

/// C1: chooses the contribution tier for a year.
#[utoipa::path(post, path = "/me/tier", request_body = TierBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody)))]
pub(crate) async fn choose_tier(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<TierBody>) -> ApiResult<MessageDto> {
    app::backend::money::ledger::choose_tier(&state, &caller, b.year, &b.tier).await?;
    Ok(message(msg::me_tier_chosen()))
}
