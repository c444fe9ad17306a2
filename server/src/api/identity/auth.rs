//! Sign-in flows (issue 3): one-time code with the real-name check, and
//! passkey ceremonies as JSON, so a mobile app or a script can authenticate
//! as the web pages do (`public/auth.js` uses these same operations).

use crate::api::{ApiError, ErrorBody, Input, MessageDto, message, with_cookies};
use app::backend::AppState;
use app::backend::identity::auth::codes::{self, RealName};
use app::backend::identity::auth::passkeys::{self, Registrant, Started};
use app::backend::identity::auth::{Caller, sessions};
use app::backend::identity::kiosks::device_cookie_name;
use app::error::{AppError, ErrorCode};
use app::i18n::msg;
use axum::{
    Extension, Json,
    extract::State,
    http::{HeaderMap, header},
    response::Response,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

const CEREMONY_COOKIE: &str = "ceremony";

/// The ceremony cookie; an empty value clears it.
fn ceremony_cookie(value: &str, secure: bool) -> String {
    let max_age = if value.is_empty() { 0 } else { passkeys::CEREMONY_MINUTES * 60 };
    format!("{CEREMONY_COOKIE}={value}; Path=/api/v1/auth/passkey; HttpOnly; SameSite=Strict; Max-Age={max_age}{}", if secure { "; Secure" } else { "" })
}

pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|c| sessions::read_cookie(c, name).map(str::to_owned))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RealNameBody {
    /// As on the ID document.
    pub name: String,
    /// resident_id, social_security_card, hk_macao_taiwan_permit, foreigner_permit, foreign_passport
    pub document_kind: String,
    pub document_number: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyBody {
    pub name: String,
    pub document_kind: String,
    pub document_number: String,
    /// The six digits from the message.
    pub code: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignedInDto {
    pub signed_in: bool,
    /// The person has a passkey already (otherwise: register one now).
    pub has_passkey: bool,
    pub staff: bool,
    pub kiosk: bool,
}

/// Sends a one-time code to the contact on file, if the details match the
/// household registry. The answer is the same whether they match or not.
#[utoipa::path(post, path = "/auth/code", request_body = RealNameBody,
    responses((status = 202, body = MessageDto), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn request_code(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Input(b): Input<RealNameBody>,
) -> Result<(axum::http::StatusCode, Json<MessageDto>), ApiError> {
    not_on_a_kiosk(&state, &headers)?;
    let who = RealName::parse(&b.name, &b.document_kind, &b.document_number)?;
    let sent = codes::request(&state, &caller, &who).await?;
    Ok((axum::http::StatusCode::ACCEPTED, message(sent)))
}

/// A kiosk is a shared device: a resident is served there by a staff
/// member who sees their ID card, never signed in with a code on it (the
/// next person at the kiosk would find the session).
fn not_on_a_kiosk(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match cookie(headers, device_cookie_name(state.secure_cookies)) {
        Some(_) => Err(AppError::new(ErrorCode::Forbidden, msg::api_auth_kiosk_no_code_login()).into()),
        None => Ok(()),
    }
}

/// Signs in with the code and the same real-name details; opens the
/// account the first time. Sets the session cookie.
#[utoipa::path(post, path = "/auth/code/verify", request_body = VerifyBody,
    responses((status = 200, body = SignedInDto), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn verify_code(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Input(b): Input<VerifyBody>,
) -> Result<Response, ApiError> {
    not_on_a_kiosk(&state, &headers)?;
    let who = RealName::parse(&b.name, &b.document_kind, &b.document_number)?;
    let signed = codes::verify(&state, &caller, &who, &b.code).await?;
    let body = SignedInDto { signed_in: true, has_passkey: signed.has_passkey, staff: false, kiosk: false };
    Ok(with_cookies(&[sessions::session_cookie(&signed.session_secret, state.secure_cookies)], body))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RegisterStartBody {
    /// A staff invitation token (from `/staff/enrol#…`); absent when the
    /// signed-in caller adds a passkey to their own account.
    #[serde(default)]
    pub invite: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CeremonyDto {
    pub ceremony_id: String,
    /// `publicKey` options for `navigator.credentials.create()` / `get()`;
    /// binary values are base64url strings.
    #[schema(value_type = Object)]
    pub public_key: serde_json::Value,
}

fn ceremony_response(state: &AppState, started: Started) -> Response {
    let cookie = ceremony_cookie(&started.binding, state.secure_cookies);
    with_cookies(&[cookie], CeremonyDto { ceremony_id: started.ceremony_id, public_key: started.options })
}

fn registrant(invite: Option<String>) -> Registrant {
    match invite.filter(|t| !t.trim().is_empty()) {
        Some(token) => Registrant::Invited { token: token.trim().to_owned() },
        None => Registrant::Caller,
    }
}

/// Starts registering a passkey (user verification required).
#[utoipa::path(post, path = "/auth/passkey/register/start", request_body = RegisterStartBody,
    responses((status = 200, body = CeremonyDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub(crate) async fn register_start(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Input(b): Input<RegisterStartBody>,
) -> Result<Response, ApiError> {
    let started = passkeys::start_registration(&state, &caller, &registrant(b.invite)).await?;
    Ok(ceremony_response(&state, started))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterFinishBody {
    pub ceremony_id: String,
    #[serde(default)]
    pub invite: Option<String>,
    /// The `PublicKeyCredential` from `navigator.credentials.create()`,
    /// binary values as base64url.
    #[schema(value_type = Object)]
    pub credential: RegisterPublicKeyCredential,
}

/// Finishes registering a passkey. For an invited staff member this also
/// signs them in.
#[utoipa::path(post, path = "/auth/passkey/register/finish", request_body = RegisterFinishBody,
    responses((status = 200, body = SignedInDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn register_finish(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Input(b): Input<RegisterFinishBody>,
) -> Result<Response, ApiError> {
    let binding = cookie(&headers, CEREMONY_COOKIE).unwrap_or_default();
    let who = registrant(b.invite);
    let session = passkeys::finish_registration(&state, &caller, &who, &b.ceremony_id, &binding, &b.credential).await?;
    let staff = session.is_some() || caller.principal.as_ref().is_some_and(|p| p.is_staff());
    let mut cookies = vec![ceremony_cookie("", state.secure_cookies)];
    if let Some(secret) = &session {
        cookies.push(sessions::session_cookie(secret, state.secure_cookies));
    }
    Ok(with_cookies(&cookies, SignedInDto { signed_in: true, has_passkey: true, staff, kiosk: false }))
}

/// Starts a passkey sign-in. No name is asked: the person picks their
/// passkey and the server learns the account from it.
#[utoipa::path(post, path = "/auth/passkey/sign-in/start",
    responses((status = 200, body = CeremonyDto), (status = 429, body = ErrorBody)))]
pub(crate) async fn sign_in_start(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> Result<Response, ApiError> {
    Ok(ceremony_response(&state, passkeys::start_sign_in(&state, &caller).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignInFinishBody {
    pub ceremony_id: String,
    /// The `PublicKeyCredential` from `navigator.credentials.get()`.
    #[schema(value_type = Object)]
    pub credential: PublicKeyCredential,
}

/// Finishes a passkey sign-in and sets the session cookie. On a kiosk
/// device this unlocks the kiosk (staff of the area only).
#[utoipa::path(post, path = "/auth/passkey/sign-in/finish", request_body = SignInFinishBody,
    responses((status = 200, body = SignedInDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn sign_in_finish(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Input(b): Input<SignInFinishBody>,
) -> Result<Response, ApiError> {
    let binding = cookie(&headers, CEREMONY_COOKIE).unwrap_or_default();
    let kiosk = match cookie(&headers, device_cookie_name(state.secure_cookies)) {
        Some(token) => passkeys::kiosk_of_device(&state, &token).await?,
        None => None,
    };
    let signed = passkeys::finish_sign_in(&state, &caller, &b.ceremony_id, &binding, &b.credential, kiosk).await?;
    let cookies = [ceremony_cookie("", state.secure_cookies), sessions::session_cookie(&signed.session_secret, state.secure_cookies)];
    Ok(with_cookies(&cookies, SignedInDto { signed_in: true, has_passkey: true, staff: signed.staff, kiosk: signed.kiosk }))
}

/// Ends the session on the server and clears the cookie.
#[utoipa::path(post, path = "/auth/sign-out", responses((status = 200, body = MessageDto)))]
pub(crate) async fn sign_out(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> Result<Response, ApiError> {
    sessions::sign_out(&state.db, &caller).await?;
    Ok(with_cookies(&[sessions::clear_cookie(state.secure_cookies)], message(msg::auth_signed_out()).0))
}
