//! The personal account and its statements.

use serde::{Deserialize, Serialize};

/// One ledger entry as shown on a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EntryRow {
    /// The day it counts from (treasury deposit date; 31 December for interest).
    pub date: String,
    pub kind: String,
    /// Yuan, two decimals; negative for refunds.
    pub amount: String,
}

/// One year of the statement (对账单, 附件2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementYear {
    pub year: i32,
    pub opening: String,
    pub entries: Vec<EntryRow>,
    /// Credited in the year other than interest (contributions, subsidies,
    /// transfers, corrections).
    pub credited: String,
    pub interest: String,
    pub closing: String,
    /// The fingerprint of the year's figures.
    pub digest: String,
    /// The verification code (核验码) as printed, grouped for typing; the
    /// QR code links to the same code's page.
    pub code: String,
    /// The public page the QR code links to.
    pub verify_path: String,
}

/// The resident's personal account (A1, A4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub name_masked: String,
    pub document_masked: String,
    pub balance: String,
    /// The contribution years (缴费年度) paid: `paid_years` that are paid.
    pub contribution_years: u32,
    pub issued_on: String,
    /// Each 缴费年度 from the first paid or the year of enrolment to this
    /// year, paid or not (the ledger's sections below are by the year of
    /// crediting).
    pub paid_years: Vec<PaidYear>,
    pub years: Vec<StatementYear>,
    /// C1: the tier that stands for this year and the next (the one chosen
    /// for that year, else the one chosen at enrolment).
    pub chosen: Vec<TierChoice>,
    /// The tiers in force, to choose from.
    pub tiers: Vec<String>,
}

/// The contribution tier (缴费档次) that stands for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TierChoice {
    pub year: i32,
    /// Yuan per year; `None` when none was ever chosen.
    pub tier: Option<String>,
}

/// A contribution year (缴费年度) on the statement: paid or not, and when
/// its contribution was credited ("2019: 已缴, 记账 2020-01-16").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaidYear {
    pub year: i32,
    /// `YYYY-MM-DD` when paid; `None` when the year is not paid.
    pub credited_on: Option<String>,
}

/// What the public verification of a statement shows: only that it is
/// genuine, and no more personal data than the masked name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementCheck {
    pub issuer: String,
    pub year: i32,
    pub name_masked: String,
    pub closing: String,
    /// The verification code as printed on the paper.
    pub code: String,
    /// The fingerprint of the year's figures.
    pub digest: String,
    pub issued_at: String,
    /// The ledger still gives the same figures (false after a correction).
    pub still_current: bool,
}

/// One person of a place not yet paid for the year (issue 36 §4), masked,
/// for the village assistant's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnpaidRow {
    pub year: i32,
    /// The village (嘎查村) code.
    pub village: String,
    pub name_masked: String,
    pub document_masked: String,
    /// The tier chosen for the year (yuan).
    pub tier: String,
    /// When the season's reminder was sent (China Standard Time), if it was.
    pub reminded_on: Option<String>,
}
