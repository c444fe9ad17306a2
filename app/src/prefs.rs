//! A person's display preferences (REQUIREMENTS §4): the language (Chinese
//! or Mongolian in the traditional script) and large-text mode for elderly
//! users. Each is a cookie (a display preference, not a secret), so the
//! server renders the right page from the first byte, and each switch is a
//! form that works before the WASM arrives: it posts, and the page comes
//! back in the new language or size. Once the WASM is there, the text-size
//! switch (an island) changes the page in place; a language change always
//! reloads, since every word on the page changes.

use crate::error::AppError;
use crate::i18n::{Key, Lang, t};
use leptos::prelude::*;

pub const TEXT_SIZE_COOKIE: &str = "text_size";
pub const LANG_COOKIE: &str = "lang";

/// The value of cookie `name` in a `Cookie:` header.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies.split(';').find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The preferences of this request, read once from its cookies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    pub large_text: bool,
}

impl Prefs {
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    pub fn from_cookies(cookies: &str) -> Self {
        Prefs {
            lang: cookie_value(cookies, LANG_COOKIE).and_then(Lang::from_tag).unwrap_or_default(),
            large_text: cookie_value(cookies, TEXT_SIZE_COOKIE) == Some("large"),
        }
    }

    /// On the server, from the request; in the browser (only islands run
    /// there) the island's props carry what it needs instead.
    pub fn of_request() -> Self {
        #[cfg(feature = "ssr")]
        if let Some(parts) = use_context::<http::request::Parts>() {
            let cookies: Vec<&str> = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
            return Prefs::from_cookies(&cookies.join("; "));
        }
        Prefs::default()
    }
}

/// This browser is a registered kiosk (its device cookie is present;
/// whether it is valid is the server's check on every call): the page
/// then carries `data-kiosk`, and `public/auth.js` keeps a served
/// resident's session alive while she is active and warns before it ends.
pub fn on_kiosk_device() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).any(|c| {
            let named = |name: &str| [true, false].iter().any(|secure| name == crate::backend::identity::kiosks::device_cookie_name(*secure));
            c.split(';').any(|pair| pair.trim().split_once('=').is_some_and(|(k, _)| named(k)))
        });
    }
    false
}

/// Remembers the text size for a year on this device.
#[server(prefix = "/rpc", endpoint = "text-size")]
pub async fn set_text_size(large: bool) -> Result<bool, AppError> {
    crate::backend::infra::http::set_cookie(&crate::backend::infra::http::preference_cookie(TEXT_SIZE_COOKIE, if large { "large" } else { "normal" }));
    Ok(large)
}

/// Remembers the language for a year on this device.
#[server(prefix = "/rpc", endpoint = "language")]
pub async fn set_language(lang: String) -> Result<String, AppError> {
    let lang = Lang::from_tag(&lang).ok_or_else(|| AppError::invalid(crate::i18n::msg::prefs_language_unsupported()))?;
    crate::backend::infra::http::set_cookie(&crate::backend::infra::http::preference_cookie(LANG_COOKIE, lang.tag()));
    // A signed-in resident's mail follows their switch too.
    if let Some(p) = crate::backend::identity::auth::caller()?.principal.filter(|p| p.kind == crate::backend::identity::auth::AccountKind::Resident) {
        crate::backend::infra::notices::remember_language(&crate::backend::state()?.db, &p.account_id, lang).await?;
    }
    Ok(lang.tag().to_owned())
}

/// The page's `.app` element, outside any island (islands own only their
/// own markup).
#[cfg(feature = "hydrate")]
fn app_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.query_selector(".app").ok().flatten()
}

/// The text-size switch. An island: with the WASM it changes the page in
/// place (the `large-text` class on `.app`); before, it is a plain form.
#[island]
pub fn TextSizeToggle(large: bool, lang: Lang) -> impl IntoView {
    provide_context(lang);
    let large = RwSignal::new(large);
    let action = ServerAction::<SetTextSize>::new();
    Effect::new(move |_| {
        if let Some(Ok(now_large)) = action.value().get() {
            large.set(now_large);
            #[cfg(feature = "hydrate")]
            if let Some(app) = app_element() {
                let _ = app.class_list().toggle_with_force("large-text", now_large);
            }
        }
    });
    let (on, off, hint) = (t(Key::LargeTextOn), t(Key::LargeTextOff), t(Key::LargeTextHint));
    view! {
        <ActionForm action=action attr:class="text-size">
            <input type="hidden" name="large" value=move || (!large.get()).to_string()/>
            <button type="submit" class="text-size-button" title=hint aria-pressed=move || large.get().to_string()>
                {move || if large.get() { off } else { on }}
            </button>
        </ActionForm>
    }
}

/// The language switch: a plain form on every page (server-rendered only).
/// The other language's name is written in that language, so a person who
/// cannot read this page can still find their own.
#[component]
pub fn LanguageSwitch(lang: Lang) -> impl IntoView {
    let other = lang.other();
    view! {
        <form method="post" action="/rpc/language" class="language">
            <input type="hidden" name="lang" value=other.tag()/>
            <button type="submit" class="language-button" lang=other.tag() title=other.switch_hint()>{other.own_name()}</button>
        </form>
    }
}

/// Marks the page interactive once the islands before it have hydrated
/// (islands hydrate in document order; this one comes last). Tests and
/// scripts wait for `.app[data-hydrated]`.
#[island]
pub fn HydrationMark() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(app) = app_element() {
            let _ = app.set_attribute("data-hydrated", "true");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_preferences_among_other_cookies() {
        assert_eq!(Prefs::from_cookies("a=1; text_size=large; b=2"), Prefs { lang: Lang::Zh, large_text: true });
        assert_eq!(Prefs::from_cookies("text_size=normal; lang=mn-Mong"), Prefs { lang: Lang::MnMong, large_text: false });
        assert_eq!(Prefs::from_cookies("my_text_size=large; xlang=mn-Mong"), Prefs::default());
        assert_eq!(Prefs::from_cookies("lang=fr"), Prefs::default());
    }
}
