//! The contribution season (issue 36 §4): the people of a place not yet
//! paid for this year, and the county's once-a-year reminder to them.

use crate::api::{ApiResult, ErrorBody, MessageDto, message};
use app::backend::AppState;
use app::backend::identity::auth::Caller;
use app::backend::money::contributions;
use app::i18n::msg;
use app::model::UnpaidRow;
use axum::extract::State;
use axum::{Extension, Json};

/// The people of the caller's place (village assistant, township or county
/// clerk) not yet paid for this year, masked, with the tier chosen and the
/// day they were reminded. Audited.
#[utoipa::path(get, path = "/contributions/unpaid", responses((status = 200, body = [UnpaidRow]), (status = 403, body = ErrorBody)))]
pub(crate) async fn unpaid(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<UnpaidRow>> {
    Ok(Json(contributions::unpaid_list(&state, &caller).await?))
}

/// The county clerk reminds the county's people not yet paid for this
/// year, by text message and mail, once per person and year (run again, it
/// sends nothing twice). Says how many were reminded, before, and have no
/// contact on file.
#[utoipa::path(post, path = "/contributions/reminders", responses((status = 200, body = MessageDto), (status = 403, body = ErrorBody)))]
pub(crate) async fn remind(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<MessageDto> {
    let done = contributions::remind(&state, &caller).await?;
    Ok(message(msg::contribution_reminded(done.sent, done.before, done.unreachable)))
}
