//! Page forms without JavaScript: a page's `<form method="post"
//! action="/api/v1/…?_form=…&_back=…">` (`app::pages::form::PostForm`)
//! reaches the API operation a program would call, with its fields (read by
//! `api::Input`) or its files (multipart), and this layer, seeing `_form`,
//! turns the operation's JSON answer into what a browser needs: a redirect
//! (303, so a reload does not post again) to the form's `_then` page, or
//! back to its `_back` page marked `?done=<form>` or
//! `?refused=<form>#<form>`, with the answer's message or the refusal's
//! reason in the short-lived flash cookie that the form shows once, and
//! the text the person typed in a second one (never a one-time code), for
//! the form to show again. Never a JSON page, nothing of it in the URL. A program's call (no `_form`)
//! passes as it is.

use app::backend::AppState;
use app::backend::identity::auth::sessions::{flash_cookie, typed_cookie};
use app::pages::form::{BACK, CONFIRM, CONFIRMED, DONE, FORM, KEEP, REFUSED, THEN};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use serde::de::DeserializeOwned;

/// A page form's text fields: a few hundred bytes (files go as multipart).
pub const FIELDS_BYTES: usize = 64 * 1024;
/// The typed text carried back in a cookie, at most (a cookie holds 4 KB).
const TYPED_BYTES: usize = 2048;

/// Fields never carried back: a one-time code, a bank card number.
const NOT_CARRIED: [&str; 2] = ["code", "bank_card"];

/// The fields typed into form `form`, as the `typed` cookie carries them
/// back (JSON: the form's id and its name–value pairs, so that no other
/// form shows them): never those [`NOT_CARRIED`]; nothing when too long
/// for a cookie.
fn typed_again(bytes: &[u8], form: &str) -> Option<String> {
    let fields: Vec<(String, String)> =
        form_urlencoded::parse(bytes).filter(|(k, _)| !NOT_CARRIED.contains(&k.as_ref())).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let json = serde_json::to_string(&app::pages::form::Typed { form: form.to_owned(), fields }).ok()?;
    (json.len() <= TYPED_BYTES).then_some(json)
}

/// An API answer read back to find the next page (a list is at most a page).
const ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// Whether the body is a plain form post.
pub fn is_form(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// A form's fields as `T`: values trimmed, a repeated name read as a list.
pub fn read<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_html_form::de::Error> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.trim().to_owned())).collect();
    serde_html_form::from_str(&form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish())
}

/// A path on this site (never `//host` or `/\host`, which browsers read as
/// another site), or nothing.
fn local(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 1024
        && !path.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(path)
}

/// The form's name as given (an element id), or nothing.
fn name(form: &str) -> Option<&str> {
    (!form.is_empty() && form.len() <= 100 && form.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then_some(form)
}

/// `then` with each `{field}` replaced by that field of the answer (a
/// missing or empty field is no page), if the result is a page of this
/// site: `/{x}/evil.example` with no `x` would read `//evil.example`.
fn fill(then: &str, answer: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let mut out = String::new();
    let mut rest = then;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')?;
        out.push_str(&rest[..open]);
        let value = match answer.get(&rest[open + 1..open + close]) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => return None,
        };
        out.extend(form_urlencoded::byte_serialize(value.as_bytes()));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    local(&out).is_some().then_some(out)
}

/// `back` marked with the outcome of form `form`.
fn marked(back: &str, outcome: &str, form: Option<&str>) -> String {
    let (path, query) = back.split_once('?').unwrap_or((back, ""));
    let (query, _fragment) = query.split_once('#').unwrap_or((query, ""));
    let path = path.split_once('#').map_or(path, |(p, _)| p);
    let mut pairs: Vec<String> =
        query.split('&').filter(|p| !p.is_empty() && !p.starts_with("done=") && !p.starts_with("refused=")).map(str::to_owned).collect();
    let Some(form) = form else { return if pairs.is_empty() { path.to_owned() } else { format!("{path}?{}", pairs.join("&")) } };
    pairs.push(format!("{outcome}={form}"));
    format!("{path}?{}#{form}", pairs.join("&"))
}

/// The layer (see the module's note); every other request passes as is.
pub async fn plain_forms(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let query = req.uri().query().unwrap_or_default().to_owned();
    let field = |name: &str| form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    let form = field(FORM);
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/v1/") || form.is_none() {
        return next.run(req).await;
    }
    let form = form.filter(|f| name(f).is_some());
    let back = field(BACK).filter(|b| local(b).is_some());
    let then = field(THEN).filter(|t| local(t).is_some());
    // Typed text comes back only to the page it was typed on, with a
    // refusal, or after success where the form asks (`_keep`: the code
    // sign-in's first step). Files never do: multipart passes unread.
    let keep = field(KEEP).is_some();
    let (req, typed, confirmed) = if is_form(req.headers()) {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FIELDS_BYTES).await else {
            return crate::api::ApiError(crate::web::too_large()).into_response();
        };
        let typed = back.as_ref().and(form.as_deref()).and_then(|form| typed_again(&bytes, form));
        let confirmed = form_urlencoded::parse(&bytes).any(|(k, v)| k == CONFIRMED && v == "true");
        (Request::from_parts(parts, axum::body::Body::from(bytes)), typed, confirmed)
    } else {
        (req, None, false)
    };
    let back = back.unwrap_or_else(|| "/".to_owned());
    // A form that asks before an irreversible step is not carried out
    // unless its box was ticked (with JavaScript the dialog asks instead,
    // and the script sends to the bare operation).
    if field(CONFIRM).is_some() && !confirmed {
        return see_other(&marked(&back, REFUSED, form.as_deref()), &state, None, typed, &[]);
    }
    let response = next.run(req).await;
    let status = response.status();
    let (head, body) = response.into_parts();
    let answer = axum::body::to_bytes(body, ANSWER_BYTES).await.unwrap_or_default();
    let cookies: Vec<_> = head.headers.get_all(header::SET_COOKIE).iter().cloned().collect();
    if status.is_success() {
        let answer: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&answer).unwrap_or_default();
        let message = answer.get("message").and_then(|m| m.as_str()).map(str::to_owned);
        return match then.and_then(|then| fill(&then, &answer)) {
            Some(next) => see_other(&next, &state, None, None, &cookies),
            None => see_other(&marked(&back, DONE, form.as_deref()), &state, message, typed.filter(|_| keep), &cookies),
        };
    }
    let reason = serde_json::from_slice::<crate::api::ErrorBody>(&answer).map(|e| e.message).ok();
    see_other(&marked(&back, REFUSED, form.as_deref()), &state, reason, typed, &cookies)
}

/// A 303 to `to` (so a reload does not post again), with the cookies the
/// operation set (the sign-in's session), the message and the typed text.
fn see_other(to: &str, state: &AppState, message: Option<String>, typed: Option<String>, cookies: &[axum::http::HeaderValue]) -> Response {
    let mut out = Redirect::to(to).into_response();
    *out.status_mut() = StatusCode::SEE_OTHER;
    for cookie in cookies {
        out.headers_mut().append(header::SET_COOKIE, cookie.clone());
    }
    let ours = [message.map(|m| flash_cookie(&m, state.secure_cookies)), typed.map(|t| typed_cookie(&t, state.secure_cookies))];
    for cookie in ours.into_iter().flatten() {
        if let Ok(v) = cookie.parse() {
            out.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_pages_are_followed() {
        assert_eq!(local("/me?x=1"), Some("/me?x=1"));
        assert_eq!(local("//evil.example/"), None);
        assert_eq!(local("/\\evil.example/"), None);
        assert_eq!(local("https://evil.example/"), None);
        assert_eq!(local("/a\nb"), None);
    }

    #[test]
    fn the_return_is_marked_once() {
        assert_eq!(marked("/me", DONE, Some("me-details")), "/me?done=me-details#me-details");
        assert_eq!(marked("/staff/payroll?place=1501&refused=x", DONE, Some("payroll-check")), "/staff/payroll?place=1501&done=payroll-check#payroll-check");
        assert_eq!(marked("/me#old", REFUSED, None), "/me");
    }

    #[test]
    fn what_was_typed_comes_back_but_never_a_code_or_a_card() {
        let typed = typed_again(b"name=%E5%BC%A0%E4%B8%89&document_number=150121&code=123456&bank_card=6228480012345678", "signin").expect("typed");
        assert_eq!(typed, r#"{"form":"signin","fields":[["name","张三"],["document_number","150121"]]}"#);
        assert_eq!(typed_again(&[b'a'; 3000], "signin"), None, "too long for a cookie");
    }

    #[test]
    fn the_next_page_takes_the_answers_fields_encoded() {
        let answer = serde_json::json!({"tracking": "ZX 1/2", "id": 7});
        let answer = answer.as_object().expect("object");
        assert_eq!(fill("/consult?no={tracking}", answer).as_deref(), Some("/consult?no=ZX+1%2F2"));
        assert_eq!(fill("/print/transfers/{id}/approval", answer).as_deref(), Some("/print/transfers/7/approval"));
        assert_eq!(fill("/{x}/evil.example", answer), None, "a missing field makes no page");
        assert_eq!(fill("/{x", answer), None);
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Sample {
        name: String,
        #[serde(default)]
        ticked: bool,
        #[serde(default)]
        roles: Vec<String>,
        version: i64,
        note: Option<String>,
    }

    #[test]
    fn a_form_reads_as_the_json_would() {
        let sample: Sample = read(b"name=+%E5%BC%A0%E4%B8%89+&roles=a&roles=b&version=3&note=").expect("read");
        assert_eq!(sample, Sample { name: "张三".into(), ticked: false, roles: vec!["a".into(), "b".into()], version: 3, note: Some(String::new()) });
        let sample: Sample = read(b"name=x&ticked=true&version=1").expect("read");
        assert!(sample.ticked);
        assert!(read::<Sample>(b"name=x&version=one").is_err());
    }
}
