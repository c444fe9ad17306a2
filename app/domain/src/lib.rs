//! The pension scheme's rules, free of IO.
//!
//! Nothing here touches a database, the network or the clock: callers pass
//! "today" in. The crate compiles for `wasm32-unknown-unknown`, so the same
//! validation runs in the browser and on the server (STYLE.md §1–2).
//!
//! Every type here is parsed, not validated: once a value of `IdNumber`,
//! `Yuan`, `DivisionCode` exists it is known to be well formed.

pub mod archive;
pub mod audit;
pub mod back_payment;
pub mod benefit;
pub mod calendar;
pub mod case;
pub mod certificate;
pub mod consultation;
pub mod division;
pub mod document;
pub mod filing;
pub mod fund;
pub mod id_number;
pub mod ledger;
pub mod message;
pub mod money;
pub mod policy;
pub mod registry;
pub mod roles;
pub mod settlement;
pub mod verification;

pub use calendar::WorkCalendar;
pub use division::{DivisionCode, DivisionLevel};
pub use filing::{ApplicantKind, BankCard, Confirmation, HouseholdType, Phone, Relation};
pub use id_number::{DocumentKind, DocumentNumber, IdNumber, Sex};
pub use money::Yuan;
pub use policy::{Policy, PolicyRow};
pub use roles::{DutyGroup, Role};
pub use rust_decimal::Decimal;
pub use verification::VerificationCode;
