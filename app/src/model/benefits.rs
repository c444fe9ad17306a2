//! Payroll, pensions, certification, overpayments, deregistration and transfers.

use serde::{Deserialize, Serialize};

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

/// Where a resident stands in the scheme and the next thing she can do
/// (issue 36, 5): shown on 我的, and where a page has nothing else to
/// show, so that no page is a dead end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Standing {
    pub step: StandingStep,
    /// What it means for her, in her language, with its dates and figures.
    pub said: String,
    /// The case to follow, when one is open.
    pub case_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StandingStep {
    /// Not in the household registry: only a service point can help.
    NoRecord,
    /// May enrol now (`/me/enrol`).
    Enrol,
    /// Too young to enrol: from the day `said` names.
    EnrolLater,
    /// Her enrolment is in review (`case_id`).
    EnrolmentInReview,
    /// Insured and paying; she may claim from the day `said` names.
    Contributing,
    /// At pension age with too few years: a lump back payment first.
    TooFewYears,
    /// May claim her pension now (`/me/pension`).
    Claim,
    /// Her claim is in review (`case_id`).
    ClaimInReview,
    Receiving,
    /// Payment suspended: she may ask for resumption (`/me/pension`).
    Suspended,
    Stopped,
}

impl StandingStep {
    /// The code on the wire (and on the page, for tests and styles).
    pub fn code(self) -> &'static str {
        match self {
            StandingStep::NoRecord => "no_record",
            StandingStep::Enrol => "enrol",
            StandingStep::EnrolLater => "enrol_later",
            StandingStep::EnrolmentInReview => "enrolment_in_review",
            StandingStep::Contributing => "contributing",
            StandingStep::TooFewYears => "too_few_years",
            StandingStep::Claim => "claim",
            StandingStep::ClaimInReview => "claim_in_review",
            StandingStep::Receiving => "receiving",
            StandingStep::Suspended => "suspended",
            StandingStep::Stopped => "stopped",
        }
    }
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
    /// Why no figure can be given yet, in Chinese and in Mongolian.
    pub problem: Option<String>,
    pub problem_mn: Option<String>,
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
    /// 与参保者关系: `spouse`, `child`, `parent`, `sibling`, `other_heir` or
    /// `beneficiary` (the Chinese words are accepted too).
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

/// 待遇测算 (issue 36 §3): what the person has today, the rules in force,
/// and the estimate for the tier and years asked for. The figure is
/// `domain::benefit::estimate` of these, the same on the server and in the
/// browser (where it follows the slider).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EstimateView {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub birth: chrono::NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub today: chrono::NaiveDate,
    pub contribution_years: u32,
    /// The account today, with the interest accrued to date.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub balance: domain::Yuan,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub tiers: Vec<domain::Yuan>,
    /// The tier asked for (else the one chosen for this year).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub tier: domain::Yuan,
    /// The years asked for, at most `years_left`.
    pub more: u32,
    pub years_left: u32,
    /// The interest rate assumed, and the year it was published for.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub rate: domain::Decimal,
    pub rate_year: i32,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub policy: domain::Policy,
}

impl EstimateView {
    /// The determination if she pays `tier` for `more` more years.
    pub fn figure(&self, tier: domain::Yuan, more: u32) -> Result<domain::benefit::Determination, domain::benefit::Refusal> {
        domain::benefit::estimate(self.birth, self.today, self.contribution_years, self.balance, tier, more, self.rate, &self.policy)
    }
}

/// One line of a certificate (issue 36 §4), in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateRow {
    pub label: String,
    pub value: String,
}

/// A certificate as the resident prints it (参保证明 or 待遇领取证明): her
/// name and document in full (the paper is hers to hand to an office), what
/// it states, and the code that verifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateView {
    /// `insured` or `receiving`.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: domain::certificate::CertificateKind,
    pub title: String,
    pub statement: String,
    pub name: String,
    pub document: String,
    pub rows: Vec<CertificateRow>,
    /// The verification code as printed (`XXXX-XXXX-XXXX-XXXX`).
    pub code: String,
    pub verify_path: String,
    pub issued_on: String,
}

/// What the public verification of a certificate shows: that it is
/// genuine, what it stated, and no more of the person than the masked name
/// and document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateCheck {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: domain::certificate::CertificateKind,
    pub title: String,
    pub name_masked: String,
    pub document_masked: String,
    pub rows: Vec<CertificateRow>,
    pub code: String,
    pub issued_on: String,
    /// The record still states the same (false after a change).
    pub still_current: bool,
}
