//! Consultations, risk lists, archives.

use serde::{Deserialize, Serialize};

/// S4: a consultation or a report (举报), filed by anyone, signed in or
/// not; by staff for someone who called or came to the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsultationForm {
    /// `consultation` (咨询) or `report` (举报).
    pub kind: String,
    /// The county (6 digits) the question or the report concerns.
    pub county: String,
    /// A short subject (50 characters at most).
    pub topic: String,
    /// The question, or what is reported (2000 characters at most).
    pub body: String,
    /// Optional: how to reach the filer (a name; a phone number or an
    /// e-mail address). Seen only by the clerk who answers.
    pub contact_name: Option<String>,
    pub contact: Option<String>,
}

/// The answer to a filing: the tracking number to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsultationFiled {
    pub tracking: String,
    pub deadline: String,
}

/// S4: what anyone holding the tracking number sees: no contact, no
/// text of the filing beyond its subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsultationStatus {
    pub tracking: String,
    pub kind_label: String,
    pub topic: String,
    pub county_name: String,
    pub county_name_mn: Option<String>,
    pub received_on: String,
    pub deadline: String,
    /// 办理中 / 已答复.
    pub status_label: String,
    pub answered: bool,
    pub answer: Option<String>,
    pub answered_on: Option<String>,
}

/// S4: one filing as the clerks of its county see it. The contact is
/// masked unless the viewer is the owner who answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsultationRow {
    pub tracking: String,
    pub kind_label: String,
    pub county: String,
    pub topic: String,
    pub body: String,
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    pub channel: String,
    pub owner_name: Option<String>,
    /// The viewer is the owner: they answer it.
    pub mine: bool,
    pub received_on: String,
    pub deadline: String,
    pub overdue: bool,
    pub answered: bool,
    pub answer: Option<String>,
}

/// S3: one list of risks from data comparison, for auditors: what it
/// looks for, and each finding (people masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RiskList {
    pub code: String,
    pub title: String,
    pub rule: String,
    pub findings: Vec<RiskFinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RiskFinding {
    /// The person (masked ID number) or, for a case, its id.
    pub subject: String,
    pub name: String,
    pub county: String,
    /// What was found, in words.
    pub detail: String,
    /// The money at stake, yuan ("0.00" when none).
    pub amount: String,
}

/// S2: what staff search the archives by; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct ArchiveQuery {
    /// The person's document number, exactly.
    pub person: Option<String>,
    /// A case type code, e.g. `enrolment`.
    pub case_type: Option<String>,
    /// The year the case finished (YYYY).
    pub year: Option<String>,
}

/// S2: one archived case, the person masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArchiveRow {
    pub case_id: String,
    pub type_label: String,
    pub person: String,
    pub name: String,
    pub place: String,
    pub outcome_label: String,
    pub finished_on: String,
    pub retention_label: String,
    /// The last day it must be kept; none: permanent.
    pub keep_until: Option<String>,
    pub documents: i64,
    /// The SHA-256 that seals the record's manifest.
    pub manifest_sha256: String,
}
