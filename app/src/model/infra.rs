//! The audit trail's search and import reports.

use serde::{Deserialize, Serialize};

/// What an auditor filters the trail by; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// An account id, `anonymous` or `system`.
    pub actor: Option<String>,
    /// An action or its prefix, e.g. `auth.` or `person.view`.
    pub action: Option<String>,
    /// The subject exactly (an id, or a masked ID number).
    pub subject: Option<String>,
    /// From this date (YYYY-MM-DD, UTC), inclusive.
    pub from: Option<String>,
    /// Up to this date (YYYY-MM-DD, UTC), inclusive.
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub on_behalf_of: Option<String>,
    pub role: Option<String>,
    pub kiosk: Option<String>,
    pub channel: String,
    pub ip: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub batch_id: String,
    /// The same file was imported before; nothing changed now.
    pub already_imported: bool,
    pub encoding: String,
    pub total: i64,
    pub added: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// `(line, reason)` for every refused line.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub rejected: Vec<(i64, String)>,
}
