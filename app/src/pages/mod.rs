//! One file per page. Each page's server functions sit beside it and are
//! thin: who is calling, parse, one service call (STYLE.md §3).

mod account;
mod cases;
mod certificate;
mod changes;
mod deregistration;
pub mod form;
mod home;
mod kiosk;
mod not_found;
mod oversight;
mod policy;
mod staff;
mod staff_benefits;
mod staff_work;
mod statement;
mod transfers;

pub use account::{AgentsPage, MePage, SignInPage};
pub use cases::{CasePage, EnrolPage as EnrolmentPage, MyCasesPage, QueuePage, StaffEnrolPage};
pub use certificate::CertificatePage;
pub use changes::KeyChangePage;
pub use deregistration::{KioskDeregistrationPage, StaffDeregistrationPage};
pub use home::HomePage;
pub use kiosk::{KioskPage, KioskSetupPage};
pub use not_found::NotFound;
pub use oversight::{ConsultPage, ConsultationsPage, RisksPage};
pub use policy::{PolicyPage, policy_today};
pub use staff::{EnrolPage, StaffPage, calendar_year, list_divisions};
pub use staff_benefits::{CertificationPage, DeathsPage, NoticePage, OverpaymentsPage, PayrollPage, UnpaidPage, UpcomingPage};
pub use staff_work::{AdminPage, AuditPage, FundPage, PersonsPage};
pub use statement::{AccountPage, MyNoticePage, PensionPage, VerifyPage};
pub use transfers::StaffTransfersPage;

use crate::error::AppError;
use crate::i18n::{Key, t};
use leptos::prelude::*;

/// The refusal of a form posted without JavaScript (`?{param}` marks the
/// return): its text comes from the server's short-lived flash cookie,
/// never from the URL, and the cookie is cleared as it is shown. Rendered
/// on the server (pages are islands: this part never runs in the browser).
pub(crate) fn flash_error(param: &str) -> Option<impl IntoView + use<>> {
    let marked = leptos_router::hooks::use_query_map().read_untracked().get(param).is_some();
    if !marked {
        return None;
    }
    #[cfg(feature = "ssr")]
    let message = take_flash().unwrap_or_else(|| t(Key::FormRefusedAgain).to_owned());
    #[cfg(not(feature = "ssr"))]
    let message = t(Key::FormRefusedAgain).to_owned();
    Some(view! { <p class="error" role="alert">{t(Key::ErrorPrefix)}{message}</p> })
}

/// The flash cookie's message, if the request carries one; the answer
/// clears it and the typed values that came with it (shown once).
#[cfg(feature = "ssr")]
fn take_flash() -> Option<String> {
    use crate::backend::identity::auth::sessions::{clear_flash, clear_typed, read_flash};
    let secure = crate::backend::state().is_ok_and(|s| s.secure_cookies);
    let found = request_cookies().and_then(|c| read_flash(&c, secure));
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        // A page showing what someone typed is kept by no cache.
        res.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
        for clear in [clear_flash(secure), clear_typed(secure)] {
            if let Ok(v) = http::HeaderValue::from_str(&clear) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
    }
    found
}

/// The request's `Cookie` header (server only).
#[cfg(feature = "ssr")]
fn request_cookies() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| p.headers.get(http::header::COOKIE)?.to_str().ok().map(str::to_owned))
}

/// Shows a failed load in words a person can act on.
#[component]
fn ErrorNote(error: AppError) -> impl IntoView {
    view! { <p class="error" role="alert">{t(Key::ErrorPrefix)}{error.text(crate::i18n::use_lang())}</p> }
}
