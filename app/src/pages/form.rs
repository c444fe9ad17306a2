//! A page form that writes through the JSON API and works with JavaScript
//! off: a real `<form method="post" action="/api/v1/…?_form=…&_back=…">`.
//! The API reads its fields as it reads JSON (or its files, as multipart),
//! and the server's page-form layer (`server/src/forms.rs`), seeing
//! `_form` in the address, answers the browser with a redirect: to `then`,
//! or back to this page with `?done=<form>` or `?refused=<form>` and the
//! message in the short-lived flash cookie, which this form shows once.
//! With JavaScript, a form with files is sent by `public/auth.js` to the
//! bare operation, so a refusal keeps what was typed and chosen.
//!
//! Field conventions, for the API's form reader: a checkbox is
//! `value="true"` (unticked sends nothing: the API's `bool` fields default
//! to false); a list is the same name repeated (ticked boxes, a multiple
//! select).

use crate::i18n::{Key, t};
use leptos::prelude::*;

/// The parameter naming the form (its element id): a page form's post.
pub const FORM: &str = "_form";
/// The parameter naming the page to return to.
pub const BACK: &str = "_back";
/// The parameter naming the page to open after success (`{field}` is
/// replaced by that field of the API's answer).
pub const THEN: &str = "_then";
/// The parameter of a form that asks before an irreversible step: the
/// post is carried out only with its box ticked ([`CONFIRMED`]).
pub const CONFIRM: &str = "_confirm";
/// The field of that box.
pub const CONFIRMED: &str = "_confirmed";
/// The parameter of a form whose typed text comes back after success too
/// (the code sign-in's first step).
pub const KEEP: &str = "_keep";
/// The query parameters that mark the return to the page.
pub const DONE: &str = "done";
pub const REFUSED: &str = "refused";

/// The form's id from its operation: `/api/v1/me/details` → `me-details`.
fn id_of(api: &str) -> String {
    api.trim_start_matches("/api/v1/").chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

/// The page as the browser asked for it, without an earlier outcome's
/// marker.
fn here() -> String {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let kept: Vec<(String, String)> =
        location.query.get_untracked().into_iter().filter(|(k, _)| k != DONE && k != REFUSED).map(|(k, v)| (k.into_owned(), v)).collect();
    if kept.is_empty() { path } else { format!("{path}?{}", form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish()) }
}

/// What the last post of form `id` came to, when the page is its return:
/// whether it was refused, and the server's message (from the flash
/// cookie, which is cleared as it is read; none once it expired).
fn outcome(id: &str) -> Option<(bool, Option<String>)> {
    let query = leptos_router::hooks::use_query_map().read_untracked();
    let refused = if query.get(REFUSED).as_deref() == Some(id) {
        true
    } else if query.get(DONE).as_deref() == Some(id) {
        false
    } else {
        return None;
    };
    #[cfg(feature = "ssr")]
    let message = super::take_flash();
    #[cfg(not(feature = "ssr"))]
    let message: Option<String> = None;
    Some((refused, message))
}

/// A form posting to `api` (see the module's note). `then`: the page to
/// open after success; by default this page again, where `done` (or the
/// answer's message) is said. `stay`: with JavaScript, the page is not
/// loaded again after success (nothing on it changed; the answer is said
/// in place). `confirm`: asked before sending (a dialog with JavaScript,
/// a box to tick without). `files`: the form carries files (multipart).
/// The outcome is said in the form's status line.
#[component]
pub fn PostForm(
    #[prop(into)] api: String,
    #[prop(optional, into)] then: Option<String>,
    #[prop(optional)] done: Option<&'static str>,
    #[prop(optional)] confirm: Option<&'static str>,
    #[prop(optional)] stay: bool,
    #[prop(optional)] files: bool,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] id: Option<String>,
    children: Children,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| id_of(&api));
    let mut action = action(&api, &id, then.as_deref());
    if confirm.is_some() {
        action.push_str(&format!("&{CONFIRM}=1"));
    }
    let id_outcome = id.clone();
    // A resident's application filed at a kiosk: the staff member records
    // how she confirmed it on the screen (issue 36 §2), as at the window.
    let at_kiosk = api.starts_with("/api/v1/cases/") && then.as_deref().is_some_and(|t| t.starts_with("/me/")) && crate::prefs::on_kiosk_device();
    let kiosk_field = format!("{id}_kconf");
    view! {
        <form method="post" action=action id=id class=class enctype=files.then_some("multipart/form-data")
            data-send=api data-then=then data-stay=stay.then_some("") data-done=done data-confirm=confirm>
            // Without JavaScript (or before it arrives) there is no dialog:
            // the person ticks the same question, and the server carries
            // out nothing without it. The script hides the box and asks.
            {confirm.map(|question| view! {
                <label class="check" data-without-script><input type="checkbox" name=CONFIRMED value="true" required/>{question}</label>
            })}
            {at_kiosk.then(|| view! { <KioskConfirmation id=kiosk_field/> })}
            {children()}
            // Filled by the script as the files go up (issue 36, 5).
            {files.then(|| view! { <progress data-upload max="1" value="0" hidden></progress> })}
            <FormOutcome id=id_outcome done/>
        </form>
    }
}

/// At a kiosk, how the served resident confirmed her application: signed
/// or gave a fingerprint on the screen, recorded by the staff member beside
/// her. Nothing is preselected; the server refuses a kiosk filing without it.
#[component]
fn KioskConfirmation(id: String) -> impl IntoView {
    view! {
        <fieldset class="kiosk-confirmation" id=id>
            <legend>{t(Key::KioskConfirmation)}</legend>
            {domain::Confirmation::AT_KIOSK.map(|c| view! {
                <label class="check"><input type="radio" name="confirmation" value=c.code() required/>{t(crate::names::confirmation(c))}</label>
            }).collect_view()}
        </fieldset>
    }
}

/// The address a page form posts to: the operation `api`, with the form's
/// id, this page to come back to and, if given, the page to open after
/// success (a second submit button may post elsewhere with `formaction`).
pub fn action(api: &str, id: &str, then: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair(FORM, id).append_pair(BACK, &here());
    if let Some(then) = then {
        query.append_pair(THEN, then);
    }
    format!("{api}?{}", query.finish())
}

/// The status line of form `id`: the outcome of its last post when the
/// page is its return (see the module's note), else empty for scripts to
/// write into.
#[component]
pub fn FormOutcome(#[prop(into)] id: String, #[prop(default = None)] done: Option<&'static str>) -> impl IntoView {
    let said = said(&id, done);
    let refused = said.as_ref().is_some_and(|(r, _)| *r);
    view! {
        <p class="status" class:error=refused role=if refused { "alert" } else { "status" } aria-live="polite" data-form-status>{said.map(|(_, m)| m)}</p>
    }
}

/// The outcome of form `id`'s last post in words, when the page is its
/// return: (refused, what to say); `done` is said after success instead of
/// the answer's message.
pub fn said(id: &str, done: Option<&'static str>) -> Option<(bool, String)> {
    outcome(id).map(|(refused, message)| match refused {
        true => (true, format!("{}{}", t(Key::ErrorPrefix), message.unwrap_or_else(|| t(Key::FormRefusedAgain).to_owned()))),
        false => (false, done.map(str::to_owned).or(message).unwrap_or_else(|| t(Key::JsSubmitted).to_owned())),
    })
}

/// What a form's `typed` cookie holds: the form's id and what was typed
/// into it, by field name.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Typed {
    pub form: String,
    pub fields: Vec<(String, String)>,
}

/// What the person typed into field `name` of form `id`, when the page is
/// that form's return (refused, or the code sign-in's first step), to show
/// it again; nothing otherwise.
pub fn typed(id: &str, name: &str) -> Option<String> {
    let query = leptos_router::hooks::use_query_map().read_untracked();
    if query.get(REFUSED).as_deref() != Some(id) && query.get(DONE).as_deref() != Some(id) {
        return None;
    }
    #[cfg(feature = "ssr")]
    {
        let secure = crate::backend::state().is_ok_and(|s| s.secure_cookies);
        let typed = super::request_cookies().and_then(|c| crate::backend::identity::auth::sessions::read_typed(&c, secure))?;
        let typed: Typed = serde_json::from_str(&typed).ok()?;
        (typed.form == id).then(|| typed.fields.into_iter().find(|(n, _)| n == name).map(|(_, v)| v)).flatten()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_form_is_named_by_its_operation() {
        assert_eq!(super::id_of("/api/v1/me/details"), "me-details");
        assert_eq!(super::id_of("/api/v1/cases/c-1/withdraw"), "cases-c-1-withdraw");
    }
}
