//! Who is signed in, cases, their forms and notices.

use serde::{Deserialize, Serialize};

/// Who is signed in, for the page header and the pages that adapt to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    pub signed_in: bool,
    pub name: String,
    pub staff: bool,
    /// Role labels (staff).
    pub roles: Vec<String>,
    /// Role codes (staff).
    pub role_codes: Vec<String>,
    pub jurisdiction: Option<String>,
    /// The kiosk this session is on.
    pub kiosk: Option<String>,
    /// At a kiosk: the resident served (masked ID number).
    pub serving: Option<String>,
    /// This browser is a registered kiosk device.
    pub kiosk_device: bool,
}

/// The enrolment form (附件1 《参保登记表》). What the household registry
/// already holds (sex, birth date, ethnicity, household address) is not
/// asked again (G2); it is shown from the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EnrolmentForm {
    /// Staff entering for someone (offline): the person's name and document.
    /// Residents and kiosks: ignored (the signed-in or identified person).
    pub name: Option<String>,
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    /// 户口性质: `agricultural` (农业) or `non_agricultural` (非农业); the
    /// Chinese word is accepted too.
    pub household_type: String,
    pub residence_address: String,
    pub phone: String,
    /// The contribution tier chosen, yuan per year, as in the policy table.
    pub tier: String,
    /// 低保, 特困, 重度残疾, … (for 政府代缴); empty when none.
    pub special_group: Option<String>,
    /// The bank card for later payments: 16–19 digits.
    pub bank_card: String,
    /// Staff entry: how the person confirmed the paper form, `signature`
    /// (签字) or `thumbprint` (指印).
    pub confirmation: Option<String>,
    /// E1: a full-time student (在校学生) may not enrol; the page asks,
    /// with no answer chosen beforehand.
    #[serde(deserialize_with = "super::yes_or_no")]
    pub full_time_student: bool,
}

/// A line of a queue or a list of cases (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseRow {
    pub id: String,
    /// The case type's name, in the reader's language.
    pub case_type: String,
    /// The case type's code (`benefit_claim`), the same in every language.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub case_type_code: domain::case::CaseType,
    pub person_name: String,
    pub person_document_masked: String,
    /// Where the case is, in the reader's language.
    pub state: String,
    /// Where the case is, as a code (`in_review:1`, `returned`, `approved`, …).
    pub state_code: String,
    pub received_on: String,
    pub deadline: String,
    pub due_today: bool,
    pub overdue: bool,
    /// The staff member who claimed it, if any.
    pub claimed_by: Option<String>,
}

/// A clerk's workload, for the staff home page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueCounts {
    pub waiting: i64,
    pub due_today: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseEventRow {
    pub at: String,
    pub actor_name: String,
    pub event: String,
    pub state: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseDocumentRow {
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub media_type: String,
}

/// One case as its applicant or a reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub row: CaseRow,
    /// Pass it back with a decision: a decision on an older version is refused.
    pub version: i64,
    /// `(label, value)` of the form, personal numbers masked.
    pub form: Vec<(String, String)>,
    pub documents: Vec<CaseDocumentRow>,
    pub timeline: Vec<CaseEventRow>,
    /// What is still needed (the reason of the last return).
    pub needed: Option<String>,
    pub can_decide: bool,
    /// An account check at 初审: the decider records the finding (A5).
    pub needs_finding: bool,
    /// Why this caller may not decide (separation of duties, role, jurisdiction).
    pub cannot_decide_because: Option<String>,
    pub can_resubmit: bool,
    pub can_withdraw: bool,
    /// The caller may claim it (a reviewer of this step, unclaimed) or
    /// release it (their own claim).
    pub can_claim: bool,
    pub can_release: bool,
    /// T3: a transfer-in waiting for the money, shown to a county clerk of
    /// its county: the amount of the 审批表 to confirm against the bank.
    pub awaiting_funds: Option<String>,
    /// 制度衔接 waiting for the employees' scheme agency's answer: the
    /// county clerk's form to record it.
    pub awaiting_connection: bool,
}

/// An in-app notice (submission, return, decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notice {
    pub at: String,
    pub text: String,
    pub case_id: Option<String>,
}

/// E4: the details an insured person changes at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DetailChange {
    pub phone: Option<String>,
    pub residence_address: Option<String>,
    /// 男 or 女
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
}

/// E5: a change of name, birth date or document number, reviewed (复核,
/// 审核) before it applies. Empty fields stay as they are; at least one
/// must change. The proof (`change_proof`) is attached as a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct KeyChangeForm {
    /// Staff filing for someone: the person's current document.
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    pub new_name: Option<String>,
    /// YYYY-MM-DD
    pub new_birth_date: Option<String>,
    pub new_document_kind: Option<String>,
    pub new_document_number: Option<String>,
    /// Why (for example 公安机关更正出生日期).
    pub reason: String,
    /// Staff entry: `signature` (签字) or `thumbprint` (指印).
    pub confirmation: Option<String>,
}

/// C2: a back payment (multipart; staff filing for someone also
/// `signed_form`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BackPaymentForm {
    /// Staff filing for someone: the person's document.
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    /// `interrupted` (中断补缴) or `lump` (一次性补缴).
    pub kind: String,
    /// The years, for example `2019,2021` or `2011-2019`.
    pub years: String,
    /// Yuan per year, a tier in force.
    pub tier: String,
    /// Staff entry: `signature` (签字) or `thumbprint` (指印).
    pub confirmation: Option<String>,
}

/// A5: a check of the personal account (multipart with the file `evidence`;
/// staff filing for someone also `signed_form`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DisputeForm {
    /// Staff filing for someone: the person's document.
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    /// The statement year in question.
    pub year: String,
    /// What looks wrong (for example 2024 年缴费 500 元未记入).
    pub description: String,
    /// Staff entry: `signature` (签字) or `thumbprint` (指印).
    pub confirmation: Option<String>,
}
