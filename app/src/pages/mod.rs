//! One file per page. Each page's server functions sit beside it and are
//! thin: who is calling, parse, one service call (STYLE.md §3).

mod account;
mod cases;
mod changes;
mod deregistration;
mod home;
mod kiosk;
mod not_found;
mod oversight;
mod policy;
mod staff;
mod statement;
mod staff_work;
mod transfers;

pub use account::{AgentsPage, MePage, SignInPage};
pub use cases::{CasePage, EnrolPage as EnrolmentPage, MyCasesPage, QueuePage, StaffEnrolPage};
pub use changes::KeyChangePage;
pub use deregistration::StaffDeregistrationPage;
pub use transfers::StaffTransfersPage;
pub use home::HomePage;
pub use kiosk::{KioskPage, KioskSetupPage};
pub use not_found::NotFound;
pub use oversight::{ConsultPage, ConsultationsPage, RisksPage};
pub use policy::{PolicyPage, policy_today};
pub use staff::{CalendarDay, DivisionRow, EnrolPage, StaffPage, calendar_year, list_divisions};
pub use statement::{AccountPage, PensionPage, VerifyPage};
pub use staff_work::{AdminPage, AuditPage, CertificationPage, DeathsPage, OverpaymentsPage, FundPage, NoticePage, PayrollPage, PersonsPage, UpcomingPage};

use crate::error::AppError;
use crate::i18n::{Key, t};
use leptos::prelude::*;

/// Shows a failed load in words a person can act on.
#[component]
fn ErrorNote(error: AppError) -> impl IntoView {
    view! { <p class="error" role="alert">{t(Key::ErrorPrefix)}{crate::i18n::tr(&error.message)}</p> }
}
