//! Keeping payments right: eligibility certification (B9) and the
//! recovery of overpayments (B12).

use crate::api::{ApiResult, ErrorBody, Input, MessageDto, message};
use app::backend::identity::auth::Caller;
use app::backend::{AppState, benefits::certification, benefits::overpayments};
use app::i18n::msg;
use app::model::{CertificationRow, OverpaymentView};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct SelfCertifyBody {
    /// The resident ticked "本人确认健在，仍符合领取条件".
    #[serde(default)]
    pub confirmed: bool,
}

/// B9 (resident signed in with a passkey): certifies themselves; a pension
/// suspended for an overdue certification is resumed with back pay.
#[utoipa::path(post, path = "/me/certification", request_body = SelfCertifyBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn self_certify(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<SelfCertifyBody>,
) -> ApiResult<MessageDto> {
    Ok(message(certification::self_certify(&state, &caller, b.confirmed).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssistedBody {
    pub document_kind: String,
    pub document_number: String,
    /// `kiosk` (at a window or kiosk) or `home_visit`.
    pub mode: String,
    /// How the identity was checked in person.
    pub note: String,
}

/// B9 (village assistant, township or county clerk of the person's place):
/// certifies a recipient who is with them.
#[utoipa::path(post, path = "/certification/assisted", request_body = AssistedBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn assisted(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<AssistedBody>) -> ApiResult<MessageDto> {
    Ok(message(certification::assisted(&state, &caller, &b.document_kind, &b.document_number, &b.mode, &b.note).await?))
}

/// B9: recipients of the caller's jurisdiction due within the warning days
/// or overdue, masked.
#[utoipa::path(get, path = "/certification/due", responses((status = 200, body = [CertificationRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn due(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<CertificationRow>> {
    Ok(Json(certification::due_list(&state, &caller).await?))
}

/// B9 (county clerk): warns those due soon (once) and suspends those
/// overdue in the county. Again, nothing changes.
#[utoipa::path(post, path = "/certification/sweep", responses((status = 200, body = MessageDto), (status = 403, body = ErrorBody)))]
pub(crate) async fn sweep(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<MessageDto> {
    let (warned, suspended) = certification::sweep_by(&state, &caller).await?;
    Ok(message(msg::certification_sweep_done(warned, suspended)))
}

/// B12 (county clerk): the county's overpayments with each recovery step.
#[utoipa::path(get, path = "/overpayments", responses((status = 200, body = [OverpaymentView]), (status = 403, body = ErrorBody)))]
pub(crate) async fn overpayment_list(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<OverpaymentView>> {
    Ok(Json(overpayments::list(&state, &caller).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OverpaymentBody {
    /// `recover` (take again what can be taken), `refund` (an amount
    /// received) or `referral` (not refunded after the order).
    pub action: String,
    /// `refund`: yuan, e.g. `5000.00`.
    pub amount: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// B12 (county clerk): the next recovery step of one overpayment.
#[utoipa::path(post, path = "/overpayments/{id}", params(("id" = String, Path)), request_body = OverpaymentBody,
    responses((status = 200, body = OverpaymentView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn overpayment_step(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Input(b): Input<OverpaymentBody>,
) -> ApiResult<OverpaymentView> {
    Ok(Json(overpayments::act(&state, &caller, &id, &b.action, b.amount.as_deref(), &b.note).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BankCardBody {
    pub bank_card: String,
}

/// The recipient (signed in with a passkey, or served at a kiosk) changes
/// the bank card their pension is paid to.
#[utoipa::path(operation_id = "eligibility_bank_card", post, path = "/me/bank-card", request_body = BankCardBody,
    responses((status = 200, body = MessageDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn bank_card(State(state): State<AppState>, Extension(caller): Extension<Caller>, Input(b): Input<BankCardBody>) -> ApiResult<MessageDto> {
    Ok(message(app::backend::cases::kinds::bank_card::change_bank_card(&state, &caller, &b.bank_card).await?))
}
