//! Large-text mode (REQUIREMENTS §4, elderly users). The choice is a cookie
//! (a display preference, not a secret: the browser may read it), so the
//! server renders the right size from the first byte. The toggle is a form:
//! without WASM it posts and the page comes back in the new size; with WASM
//! the size changes in place.

use crate::error::AppError;
use crate::i18n::{Key, t};
use leptos::prelude::*;

pub const TEXT_SIZE_COOKIE: &str = "text_size";

#[derive(Clone, Copy)]
struct LargeText(RwSignal<bool>);

fn cookie_says_large(cookies: &str) -> bool {
    cookies
        .split(';')
        .any(|c| c.trim() == format!("{TEXT_SIZE_COOKIE}=large"))
}

#[cfg(feature = "ssr")]
fn initial_large_text() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE)?.to_str().ok().map(cookie_says_large))
        .unwrap_or(false)
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn initial_large_text() -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .is_some_and(|c| cookie_says_large(&c))
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn initial_large_text() -> bool {
    false
}

/// Puts the text-size signal in context and returns it.
pub fn provide_text_size() -> RwSignal<bool> {
    let large = RwSignal::new(initial_large_text());
    provide_context(LargeText(large));
    large
}

/// Remembers the choice for a year on this device.
#[server(prefix = "/rpc", endpoint = "text-size")]
pub async fn set_text_size(large: bool) -> Result<bool, AppError> {
    crate::backend::http::set_cookie(&crate::backend::http::preference_cookie(
        TEXT_SIZE_COOKIE,
        if large { "large" } else { "normal" },
    ));
    Ok(large)
}

#[component]
pub fn TextSizeToggle() -> impl IntoView {
    let LargeText(large) = expect_context::<LargeText>();
    let action = ServerAction::<SetTextSize>::new();
    Effect::new(move |_| {
        if let Some(Ok(now_large)) = action.value().get() {
            large.set(now_large);
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

#[cfg(test)]
mod tests {
    use super::cookie_says_large;

    #[test]
    fn reads_the_cookie_among_others() {
        assert!(cookie_says_large("a=1; text_size=large; b=2"));
        assert!(!cookie_says_large("text_size=normal"));
        assert!(!cookie_says_large("my_text_size=large"));
    }
}
