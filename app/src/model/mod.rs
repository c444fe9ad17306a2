//! The shapes that travel between the server and the pages: what server
//! functions and the JSON API return and accept. No logic; shared by the
//! server and the browser build.
//! One file per context, one flat namespace (`crate::model::CaseRow`).

mod benefits;
mod cases;
mod identity;
mod infra;
mod money;
mod oversight;
mod reference;

pub use benefits::*;
pub use cases::*;
pub use identity::*;
pub use infra::*;
pub use money::*;
pub use oversight::*;
pub use reference::*;
