//! The shapes that travel between the server and the pages: what server
//! functions and the JSON API return and accept. No logic; shared by the
//! server and the browser build.
//! One file per context, one flat namespace (`crate::model::CaseRow`).

use serde::Deserialize;

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

/// A yes/no field as JSON sends it (`true`) or as a form does (`"true"`,
/// `"false"`, a ticked box's `"on"`; an empty field is no).
pub(crate) fn yes_or_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Bool(bool),
        Text(String),
    }
    match Either::deserialize(d)? {
        Either::Bool(b) => Ok(b),
        Either::Text(t) => match t.trim() {
            "true" | "on" => Ok(true),
            "false" | "" => Ok(false),
            other => Err(serde::de::Error::custom(format!("not yes or no: {other}"))),
        },
    }
}
