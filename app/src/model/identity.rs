//! Accounts, sessions, kiosks, persons, agents.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasskeyRow {
    pub id: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewStaff {
    /// Login name: letters, digits, `.`, `_`, `-`.
    pub login: String,
    pub name: String,
    /// Role codes, e.g. `township_clerk`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Division code of the jurisdiction.
    pub jurisdiction: String,
    /// The staff member's own mail address: the invitation goes there, never
    /// to the administrator.
    pub email: String,
}

/// A one-time invitation for a new staff member's first passkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub account_id: String,
    /// Goes after `#` in `/staff/enrol#…`; shown once, stored only as a hash.
    pub token: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffRow {
    pub login: String,
    pub name: String,
    /// Role labels.
    pub roles: Vec<String>,
    /// Role codes (the form that changes them).
    pub role_codes: Vec<String>,
    pub jurisdiction: String,
    pub has_passkey: bool,
    /// The registered mail address, masked.
    pub email: Option<String>,
    /// Disabled: when, and why.
    pub disabled: Option<String>,
    /// A printed hand-over asked for by this administrator (`mine`) or another.
    pub handover: Option<HandoverState>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoverState {
    /// Asked for by the caller: another administrator approves.
    AskedByMe,
    /// Asked for by another administrator: the caller may approve.
    AskedByOther,
}

/// A kiosk, for its administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KioskRow {
    pub id: String,
    pub name: String,
    pub township: String,
    /// A device holds it (its setup link was used).
    pub set_up: bool,
    pub revoked: bool,
}

/// Refused calls of a day, per route and client address (auditors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RefusalRow {
    /// The route's pattern, e.g. `/api/v1/cases/{id}` (`*`: folded).
    pub route: String,
    pub ip: String,
    pub status: i64,
    pub count: i64,
}

/// The relations a staff member declares for the people they may not
/// decide on (回避).
pub const CONFLICT_RELATIONS: [&str; 6] = ["本人", "配偶", "父母", "子女", "兄弟姐妹", "其他亲属"];

/// A person a staff member declared they may not decide on (回避).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConflictRow {
    pub document_masked: String,
    /// 本人, 配偶, 父母, 子女, 兄弟姐妹 or 其他亲属.
    pub relation: String,
    pub declared_at: String,
}

/// A transfer's receipt letter (接收函) waiting at the old place for a
/// county clerk's release; the ID number masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WaitingLetter {
    pub transfer_id: String,
    /// The league that sent it.
    pub peer: String,
    pub name: String,
    pub document: String,
    pub received_at: String,
}

/// One of the caller's own live sessions (devices signed in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionRow {
    /// A handle to end it by (not the session's secret).
    pub id: String,
    /// `passkey` or `code`.
    pub method: String,
    pub kiosk: Option<String>,
    pub signed_in_at: String,
    pub last_seen_at: String,
    /// The session of this request.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewKiosk {
    pub name: String,
    /// The township (9-digit division code).
    pub township: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KioskSetup {
    pub kiosk_id: String,
    /// Opened once on the device: `/kiosk/setup#…`.
    pub setup_code: String,
}

/// One person, as shown on a detail page: the ID number masked, contacts
/// masked (the person can recognise them; an onlooker learns little).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonView {
    pub name: String,
    pub document_kind: String,
    pub document_masked: String,
    pub sex: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub village_code: String,
    pub village_name: Option<String>,
    pub village_name_mn: Option<String>,
    pub phone_masked: Option<String>,
    pub email_masked: Option<String>,
    pub death_date: Option<String>,
    /// How the person wants to be reached, and in which language texts come.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub channels: domain::message::ChannelChoice,
    /// `zh-CN` or `mn-Mong`.
    pub sms_lang: String,
    /// The latest messages sent to the person, newest first (addresses
    /// masked): whether each went, and why not.
    pub messages: Vec<MessageRow>,
}

/// One message to a person, as staff and the person read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MessageRow {
    /// When it was queued, China time to the minute.
    pub at: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub channel: domain::message::Channel,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub purpose: domain::message::Purpose,
    pub to_masked: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: domain::message::Status,
    pub attempts: i64,
    /// Why it has not gone (or did not arrive), as the server or platform said.
    pub reason: Option<String>,
    /// Text messages: the parts billed.
    pub segments: Option<i64>,
}

/// A person's choice of channels (`all`, `sms`, `email`) and the language
/// of their text messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContactChoice {
    pub channels: String,
    pub sms_lang: String,
}

/// One month of text messages, for the fund officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MessageCostRow {
    /// `YYYY-MM` (China time).
    pub month: String,
    pub messages: i64,
    pub segments: i64,
    /// Yuan, at the tariff in force on the day each was sent.
    pub cost: String,
    pub mails: i64,
    pub failed: i64,
}

/// A line of a list: masked throughout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonRow {
    pub name: String,
    pub document_masked: String,
    pub village_code: String,
    pub phone_masked: Option<String>,
    pub deceased: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 继承人
    Heir,
    /// 指定受益人
    Beneficiary,
}

impl Relation {
    pub fn code(self) -> &'static str {
        match self {
            Relation::Heir => "heir",
            Relation::Beneficiary => "beneficiary",
        }
    }

    pub fn parse(s: &str) -> Option<Relation> {
        match s {
            "heir" => Some(Relation::Heir),
            "beneficiary" => Some(Relation::Beneficiary),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Relation::Heir => "继承人",
            Relation::Beneficiary => "指定受益人",
        }
    }
}

/// What an agent may see of the person they act for: enough to file the
/// deregistration, nothing more (no contacts, no address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Agency {
    pub id: String,
    pub relation: String,
    pub principal_name: String,
    pub principal_document_masked: String,
    pub case_types: Vec<String>,
    pub commitment_at: String,
    /// What was done (on the declaration: accepted provisionally, checked at
    /// the case's initial review).
    pub message: String,
}
