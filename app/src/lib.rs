//! The Leptos application, shared by the server (feature `ssr`) and the
//! browser (feature `hydrate`).
//!
//! - `shell`, `pages`: what people see; components hold no SQL and no rules.
//! - `error`, `i18n`, `names`, `prefs`: cross-cutting pieces every page uses.
//! - `backend` (server only, cut here at the module line): services and
//!   persistence that the thin server functions and the JSON API call.
//!   Pure rules live in the `domain` crate, which the browser shares.

pub mod error;
pub mod i18n;
pub mod model;
pub mod names;
pub mod pages;
pub mod prefs;
mod shell;

#[cfg(feature = "ssr")]
pub mod backend;

pub use shell::{App, content_security_policy, shell};

/// The browser entry point: hydrates the islands (`#[island]` components)
/// in the server-rendered HTML; everything else stays plain HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
