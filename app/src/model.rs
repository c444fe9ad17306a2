//! The shapes that travel between the server and the pages: what server
//! functions and the JSON API return and accept. No logic; shared by the
//! server and the browser build.

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

/// What an auditor filters the trail by; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
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
    /// 农业 or 非农业
    pub household_type: String,
    pub residence_address: String,
    pub phone: String,
    /// The contribution tier chosen, yuan per year, as in the policy table.
    pub tier: String,
    /// 低保, 特困, 重度残疾, … (for 政府代缴); empty when none.
    pub special_group: Option<String>,
    /// The bank card for later payments.
    pub bank_card: String,
    /// Staff entry: how the person confirmed the paper form (签字 or 指印).
    pub confirmation: Option<String>,
}

/// A line of a queue or a list of cases (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseRow {
    pub id: String,
    pub case_type: String,
    pub person_name: String,
    pub person_document_masked: String,
    pub state: String,
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
    /// Staff entry: 签字 or 指印.
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
    /// Staff entry: 签字 or 指印.
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
    /// Staff entry: 签字 or 指印.
    pub confirmation: Option<String>,
}

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
    pub interest: String,
    pub closing: String,
    /// Printed on the statement; the verification page shows the same.
    pub digest: String,
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
    pub digest: String,
    pub issued_at: String,
    /// The ledger still gives the same figures (false after a correction).
    pub still_current: bool,
}

/// A county's payroll batch of a month (B5, B6), with what the bank said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PayrollBatch {
    pub id: String,
    pub county: String,
    /// `YYYY-MM`.
    pub month: String,
    /// 1 the month's payroll; 2, 3 … second runs for failures.
    pub run: i64,
    /// generated → checked → sent; `void` when generated again.
    pub state: String,
    pub items: i64,
    pub total: String,
    pub paid: i64,
    pub paid_total: String,
    /// Failed, including those paid again in a later run.
    pub failed: i64,
    pub failed_total: String,
    pub check: Option<PayrollCheck>,
    pub bank_file: Option<String>,
    /// Why a `void` batch was voided.
    pub void_reason: Option<String>,
}

/// The league's bank file written (or the latest, when nothing new was
/// ready), and the county batches still held back by their check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankFileResult {
    /// Download it from `/api/v1/fund/exports/{id}`.
    pub id: String,
    pub held_back: Vec<String>,
}

/// A difference the check found nothing to explain: the person, the two
/// months' amounts, and the fund officer's words if any (they count once
/// another officer approved them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnexplainedLine {
    pub pension: String,
    pub name: String,
    pub document_masked: String,
    /// This month's lines of the pension, in all.
    pub this: String,
    /// The last month sent, in all.
    pub previous: String,
    /// Written, not yet approved.
    pub explanation: Option<String>,
}

/// The league's check of a county payroll against the previous month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PayrollCheck {
    /// The county's last batch sent to the bank (empty when none).
    pub previous_batch: String,
    pub previous_items: i64,
    pub previous_total: String,
    /// `(kind, change in head count, change in amount)` for starts, stops,
    /// suspensions, resumptions and adjustments.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub explained: Vec<(String, i64, String)>,
    /// Differences nothing explains; sending is blocked while any remains.
    pub unexplained: Vec<UnexplainedLine>,
    /// Settlement lines (D4) that do not pay what their settlement says:
    /// only correcting the data and generating again clears them.
    #[serde(default)]
    pub settlements_not_matching: i64,
    pub passed: bool,
}

/// A resident's pension (B1, B3): the amount and its parts, and the
/// payments by month with what the bank said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PensionView {
    pub status: String,
    pub status_label: String,
    pub first_month: String,
    pub monthly: String,
    pub basic: String,
    pub account: String,
    pub extra: String,
    pub divisor: i64,
    pub contribution_years: i64,
    /// The whole stored amount the account part divides (B1) …
    pub balance_at_determination: String,
    /// … of which interest to the month before the first month paid.
    pub interest_at_determination: String,
    pub bank_card: String,
    pub payments: Vec<PensionPayment>,
    /// B9: when last certified and when due again.
    pub certification: Option<CertificationStatus>,
    /// B4: the latest review of the amount, if any.
    pub review: Option<BenefitReviewView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PensionPayment {
    pub month: String,
    pub amount: String,
    pub status: String,
    pub status_label: String,
    pub failure: Option<String>,
}

/// A claim (B3): a new bank card if the one on file should not be used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BenefitClaimForm {
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    #[serde(default)]
    pub bank_card: String,
    pub confirmation: Option<String>,
}

/// B11: a resumption application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResumptionForm {
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    pub reason: String,
    pub confirmation: Option<String>,
}

/// B7: a county's (or the total's) planned payroll of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FundPlanRow {
    pub county: String,
    pub month: String,
    pub recipients: i64,
    pub amount: String,
}

/// B2: an insured person about to reach (or past) pension age without a
/// pension, with what the records say and the estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UpcomingRow {
    /// Opaque: the notice is `/staff/notices/{account}`.
    pub account: String,
    pub name: String,
    pub document_masked: String,
    pub village_code: String,
    /// The day they reach pension age.
    pub eligible_on: String,
    pub contribution_years: i64,
    pub balance: String,
    /// Monthly, if the determination can be made today.
    pub estimate: Option<String>,
    /// Why not (too few years: back-pay first), if so.
    pub problem: Option<String>,
}

/// B2: the notice 《待遇领取告知书》 of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BenefitNotice {
    pub row: UpcomingRow,
    /// The years with a contribution, ascending.
    pub years: Vec<i32>,
    pub first_month: Option<String>,
    pub basic: Option<String>,
    pub account_part: Option<String>,
    pub extra: Option<String>,
    /// What to bring or do to claim, in Chinese and in Mongolian.
    pub how_to_claim: String,
    pub how_to_claim_mn: String,
    /// The language the person reads (`zh-CN`, `mn-Mong`: the one they last
    /// signed in with, Chinese if never): the notice prints in it unless
    /// the clerk picks the other.
    pub reader_lang: String,
}

/// An overpayment (冒领, B12) and how it is being recovered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OverpaymentView {
    pub id: String,
    pub name: String,
    /// Masked ID number.
    pub person: String,
    pub ground_label: String,
    pub event_date: String,
    /// The first month not due.
    pub from_month: String,
    pub months: i64,
    pub overpaid: String,
    pub recovered: String,
    pub outstanding: String,
    pub state_label: String,
    pub steps: Vec<OverpaymentStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OverpaymentStep {
    /// `balance`, `funeral_grant`, `refund_order`, `refund` or `referral`.
    pub step: String,
    pub label: String,
    pub amount: String,
    pub note: Option<String>,
    pub at: String,
}

/// A recipient's eligibility certification (B9), as they see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificationStatus {
    pub last_on: Option<String>,
    pub last_method: Option<String>,
    pub due_on: String,
    pub overdue: bool,
    /// Suspended because the certification is overdue: certifying resumes it.
    pub suspended_for_it: bool,
    /// Signed in with a passkey on their own device: may certify now.
    pub can_self_certify: bool,
    /// Signed in with a passkey too new to certify yet: why, and from when.
    pub passkey_too_new: Option<String>,
}

/// One recipient due for certification (B9), masked, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificationRow {
    pub name: String,
    pub person: String,
    pub village: String,
    pub last_on: Option<String>,
    pub last_method: Option<String>,
    pub due_on: String,
    pub state_label: String,
}

/// B4: the result of a review of the amount, as the person sees it to
/// confirm: the account and extra parts before and after, the monthly
/// difference, each month paid (month, paid, due) and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BenefitReviewView {
    pub case_id: String,
    pub old_parts: String,
    pub new_parts: String,
    pub delta: String,
    pub months: Vec<(String, String, String)>,
    pub total: String,
    /// `awaiting` (to confirm), `confirmed` or `no_change`.
    pub state: String,
}

/// D1–D3: a deregistration (注销登记). Online by an heir or designated
/// beneficiary for a person who died (`agency`: their declared relationship),
/// or by the insured person for the other grounds; at the window by staff
/// (the person by `document_kind`/`document_number`, the payee by the
/// `payee_*` fields). `commitment`: the 承诺书 confirmed (online);
/// `confirmation`: how it was signed on paper (staff).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeregistrationForm {
    /// `death`, `nationality` or `other_pension`.
    pub ground: String,
    /// The day of death, of the loss of nationality, or from which the
    /// other basic pension is received (YYYY-MM-DD).
    pub event_date: String,
    pub agency: Option<String>,
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    pub payee_name: Option<String>,
    pub payee_document_kind: Option<String>,
    pub payee_document_number: Option<String>,
    /// 与参保者关系: 配偶, 子女, 父母, 兄弟姐妹, 其他法定继承人, 指定受益人.
    pub relation: Option<String>,
    pub bank_card: String,
    pub commitment: Option<String>,
    pub confirmation: Option<String>,
}

/// T3: the transfer-in application 《转入申请表》 at the new place
/// (multipart, with `id_front`, `id_back`, `hukou_home`, `hukou_self`
/// online, or `signed_form` at the window). `from_league`: the old place's
/// league code. `phone`, `bank_card`, `tier` and `residence_address` (the
/// 《登记表》 fields) only for a person not yet insured here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TransferInForm {
    /// `resident` (default): 《转入申请表》 from another league's scheme;
    /// `employee`: 《衔接申请表》 from the employees' scheme (制度衔接).
    pub scheme: Option<String>,
    /// The old league (resident scheme).
    pub from_league: Option<String>,
    /// The employees' scheme agency that kept the person (制度衔接).
    pub from_agency: Option<String>,
    pub document_kind: Option<String>,
    pub document_number: Option<String>,
    pub phone: Option<String>,
    pub bank_card: Option<String>,
    pub tier: Option<String>,
    pub residence_address: Option<String>,
    pub confirmation: Option<String>,
}

/// D4: the settlement of a deregistered person's account, as form 附件7
/// 《丧葬补助金发放登记表》 shows it, with the payment's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettlementView {
    pub case_id: String,
    pub name: String,
    pub sex: String,
    pub document: String,
    pub ground: String,
    pub event_date: String,
    pub payee_name: String,
    pub payee_sex: String,
    pub payee_document: String,
    pub relation: String,
    pub bank_card: String,
    /// Left in the account before interest (after the monthly drawings
    /// and any overpayment recovered from it).
    pub balance: String,
    pub interest: String,
    pub interest_note: String,
    /// The government subsidy returned to the fund (not inherited).
    pub to_fund: String,
    /// 个人账户余额 paid: balance + interest − to_fund.
    pub account_paid: String,
    pub funeral_grant: String,
    pub grant_withheld: String,
    /// 丧葬补助费 paid: the grant less what was withheld for an overpayment.
    pub grant_paid: String,
    /// D5: the rule applied (仅发给领取待遇人员 or 发给所有参保人员) …
    pub grant_rule: String,
    /// … and the contribution years its tier followed (none before the
    /// rule was recorded).
    pub grant_years: Option<i64>,
    /// 一次性支付合计（元）.
    pub total: String,
    pub settled_on: String,
    pub payment: String,
    pub county: String,
}

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
