//! The case engine's rules (issue 4): every application — enrolment,
//! changes, back payments, benefit claims, resumptions, deregistrations,
//! transfers, disputes, reports — is a case that moves through the review
//! steps of its type. Transitions are a pure function of the state, the
//! event, who acts, and who handled the earlier steps; storage and the
//! clock are the caller's.

use crate::division::{DivisionCode, DivisionLevel};
use crate::roles::{HandledEarlierStep, Role, may_review};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseType {
    /// E1–E3 参保登记
    Enrolment,
    /// E5 姓名、出生日期、证件号码变更
    KeyDetailChange,
    /// C2 补缴
    BackPayment,
    /// B1–B4 待遇申领
    BenefitClaim,
    /// B10 恢复待遇
    Resumption,
    /// D1–D4 注销登记
    Deregistration,
    /// T1–T4 转入
    TransferIn,
    /// A5 个人账户核查
    AccountDispute,
    /// B4 待遇核查（对待遇计发标准有异议）
    BenefitReview,
    /// 领取待遇的银行卡变更, made for the person by staff (at a kiosk): a
    /// second staff member checks it before the money goes elsewhere.
    BankCardChange,
}

pub const ALL_CASE_TYPES: [CaseType; 10] = [
    CaseType::Enrolment,
    CaseType::KeyDetailChange,
    CaseType::BackPayment,
    CaseType::BenefitClaim,
    CaseType::Resumption,
    CaseType::Deregistration,
    CaseType::TransferIn,
    CaseType::AccountDispute,
    CaseType::BenefitReview,
    CaseType::BankCardChange,
];

/// One review step: who may decide it, and whether staff of the whole
/// league may (同审统办) or only those whose jurisdiction holds the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// `initial` (初审), `review` (复核) or `approval` (审核).
    pub code: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub league_pool: bool,
}

const INITIAL: Step = Step { code: "initial", name: "初审", role: Role::TownshipClerk, league_pool: false };
const REVIEW: Step = Step { code: "review", name: "复核", role: Role::CountyClerk, league_pool: false };
const APPROVAL: Step = Step { code: "approval", name: "审核", role: Role::CountyClerk, league_pool: false };
/// D4: the county does the initial review itself (with the data comparison).
const COUNTY_INITIAL: Step = Step { code: "initial", name: "初审", role: Role::CountyClerk, league_pool: false };
const POOLED_APPROVAL: Step = Step { code: "approval", name: "审核", role: Role::CountyClerk, league_pool: true };

impl CaseType {
    pub fn code(self) -> &'static str {
        match self {
            CaseType::Enrolment => "enrolment",
            CaseType::KeyDetailChange => "key_detail_change",
            CaseType::BackPayment => "back_payment",
            CaseType::BenefitClaim => "benefit_claim",
            CaseType::Resumption => "resumption",
            CaseType::Deregistration => "deregistration",
            CaseType::TransferIn => "transfer_in",
            CaseType::AccountDispute => "account_dispute",
            CaseType::BenefitReview => "benefit_review",
            CaseType::BankCardChange => "bank_card_change",
        }
    }

    pub fn parse(code: &str) -> Option<CaseType> {
        ALL_CASE_TYPES.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseType::Enrolment => "参保登记",
            CaseType::KeyDetailChange => "重要信息变更",
            CaseType::BackPayment => "补缴",
            CaseType::BenefitClaim => "待遇申领",
            CaseType::Resumption => "恢复待遇",
            CaseType::Deregistration => "注销登记",
            CaseType::TransferIn => "关系转入",
            CaseType::AccountDispute => "个人账户核查",
            CaseType::BenefitReview => "待遇核查",
            CaseType::BankCardChange => "领取银行卡变更",
        }
    }

    /// The review steps, in order.
    pub fn steps(self) -> &'static [Step] {
        match self {
            CaseType::Enrolment | CaseType::BackPayment | CaseType::Resumption => &[INITIAL, REVIEW],
            // A second person of the township, never the one who filed it.
            CaseType::BankCardChange => &[INITIAL],
            // T3: the county of the new place checks within 5 working days.
            CaseType::TransferIn => &[APPROVAL],
            CaseType::KeyDetailChange => &[REVIEW, POOLED_APPROVAL],
            // B4: the county agency checks the evidence and re-determines.
            CaseType::BenefitReview => &[REVIEW, APPROVAL],
            CaseType::BenefitClaim | CaseType::AccountDispute => &[INITIAL, REVIEW, APPROVAL],
            // D4: 初审 by the county within 5 working days, then 审核 by
            // another clerk of the league (同审统办).
            CaseType::Deregistration => &[COUNTY_INITIAL, POOLED_APPROVAL],
        }
    }

    /// Working days from receipt to decision (E2: 3, B3: 20, D4: 5, T3: 5;
    /// the others by the procedure document's general limit of 20).
    pub fn time_limit_days(self) -> u32 {
        match self {
            CaseType::Enrolment | CaseType::KeyDetailChange | CaseType::BankCardChange => 3,
            CaseType::Deregistration | CaseType::TransferIn => 5,
            CaseType::BenefitClaim | CaseType::BackPayment | CaseType::Resumption | CaseType::AccountDispute | CaseType::BenefitReview => 20,
        }
    }

    /// Whether an agent (heir, beneficiary) may file it.
    pub fn agent_may_file(self) -> bool {
        self == CaseType::Deregistration
    }
}

impl Step {
    /// The queue a case waiting for this step sits in, for a case of
    /// `place` (the person's village).
    pub fn queue_key(&self, place: &DivisionCode) -> Option<String> {
        if self.league_pool {
            return Some(format!("{}@pool:{}", self.role.code(), place.at_level(DivisionLevel::League)?));
        }
        Some(format!("{}:{}", self.role.code(), place.at_level(self.role.works_at()?)?))
    }
}

/// The queues a staff member works: one per role at their jurisdiction,
/// and the league pools of their league.
pub fn queue_keys(roles: &[Role], jurisdiction: &DivisionCode) -> Vec<String> {
    let mut keys = Vec::new();
    for r in roles {
        keys.push(format!("{}:{}", r.code(), jurisdiction));
        if let Some(league) = jurisdiction.at_level(DivisionLevel::League) {
            keys.push(format!("{}@pool:{}", r.code(), league));
        }
    }
    keys
}

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "step", rename_all = "snake_case")]
pub enum CaseState {
    /// Waiting for the decision of step `n` (0-based).
    InReview(u8),
    /// Back with the applicant to complete (退回补正).
    Returned,
    Approved,
    /// 终止: refused, with a reason.
    Terminated,
    Withdrawn,
}

impl CaseState {
    pub fn code(self) -> String {
        match self {
            CaseState::InReview(n) => format!("in_review:{n}"),
            CaseState::Returned => "returned".into(),
            CaseState::Approved => "approved".into(),
            CaseState::Terminated => "terminated".into(),
            CaseState::Withdrawn => "withdrawn".into(),
        }
    }

    pub fn parse(code: &str) -> Option<CaseState> {
        Some(match code {
            "returned" => CaseState::Returned,
            "approved" => CaseState::Approved,
            "terminated" => CaseState::Terminated,
            "withdrawn" => CaseState::Withdrawn,
            other => CaseState::InReview(other.strip_prefix("in_review:")?.parse().ok()?),
        })
    }

    pub fn is_open(self) -> bool {
        matches!(self, CaseState::InReview(_) | CaseState::Returned)
    }

    pub fn label(self, case_type: CaseType) -> String {
        match self {
            CaseState::InReview(n) => {
                let step = case_type.steps().get(n as usize).map_or("审核", |s| s.name);
                format!("{step}中")
            }
            CaseState::Returned => "已退回，待补正".into(),
            CaseState::Approved => "已办结（通过）".into(),
            CaseState::Terminated => "已终止".into(),
            CaseState::Withdrawn => "已撤回".into(),
        }
    }
}

/// What someone does to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", content = "reason", rename_all = "snake_case")]
pub enum CaseEvent {
    /// The step's reviewer agrees: on to the next step, or done.
    Approve,
    /// Back to the applicant for completion, saying what is missing.
    Return(String),
    /// Refused, with the reason.
    Terminate(String),
    /// The applicant sends it again after a return.
    Resubmit,
    /// The applicant takes it back.
    Withdraw,
}

impl CaseEvent {
    pub fn code(&self) -> &'static str {
        match self {
            CaseEvent::Approve => "approve",
            CaseEvent::Return(_) => "return",
            CaseEvent::Terminate(_) => "terminate",
            CaseEvent::Resubmit => "resubmit",
            CaseEvent::Withdraw => "withdraw",
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            CaseEvent::Return(r) | CaseEvent::Terminate(r) => Some(r),
            _ => None,
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor<'a> {
    /// The applicant (the person, their agent, or staff who filed for them).
    Applicant,
    /// A staff member with their id and roles.
    Staff { id: &'a str, roles: &'a [Role] },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("本件当前状态为“{}”，不能进行此操作", .state.label(*.case_type))]
    NotNow { case_type: CaseType, state: CaseState },
    #[error("本环节须由{0}办理")]
    WrongRole(&'static str),
    #[error("退回或终止须写明理由，让申请人知道下一步怎么做")]
    NoReason,
    #[error(transparent)]
    HandledEarlierStep(#[from] HandledEarlierStep),
}

/// The next state. `handlers` are the staff who decided the earlier steps
/// of this round; none of them may decide this one (第十一章).
pub fn transition<'h>(
    case_type: CaseType,
    state: CaseState,
    event: &CaseEvent,
    actor: &Actor<'_>,
    handlers: impl IntoIterator<Item = &'h str>,
) -> Result<CaseState, CaseError> {
    let not_now = || CaseError::NotNow { case_type, state };
    match (state, event, actor) {
        (CaseState::InReview(n), CaseEvent::Approve | CaseEvent::Return(_) | CaseEvent::Terminate(_), Actor::Staff { id, roles }) => {
            let step = case_type.steps().get(n as usize).ok_or_else(not_now)?;
            if !roles.contains(&step.role) {
                return Err(CaseError::WrongRole(step.role.label()));
            }
            may_review(handlers, id)?;
            match event {
                CaseEvent::Approve if (n as usize) + 1 < case_type.steps().len() => Ok(CaseState::InReview(n + 1)),
                CaseEvent::Approve => Ok(CaseState::Approved),
                CaseEvent::Return(r) | CaseEvent::Terminate(r) if r.trim().is_empty() => Err(CaseError::NoReason),
                CaseEvent::Return(_) => Ok(CaseState::Returned),
                _ => Ok(CaseState::Terminated),
            }
        }
        (CaseState::Returned, CaseEvent::Resubmit, Actor::Applicant) => Ok(CaseState::InReview(0)),
        (CaseState::InReview(_) | CaseState::Returned, CaseEvent::Withdraw, Actor::Applicant) => Ok(CaseState::Withdrawn),
        _ => Err(not_now()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOWNSHIP: &[Role] = &[Role::TownshipClerk];
    const COUNTY: &[Role] = &[Role::CountyClerk];

    fn staff<'a>(id: &'a str, roles: &'a [Role]) -> Actor<'a> {
        Actor::Staff { id, roles }
    }

    #[test]
    fn enrolment_goes_through_initial_review_and_county_review() {
        let t = CaseType::Enrolment;
        let s = transition(t, CaseState::InReview(0), &CaseEvent::Approve, &staff("a", TOWNSHIP), []).unwrap();
        assert_eq!(s, CaseState::InReview(1));
        let s = transition(t, s, &CaseEvent::Approve, &staff("b", COUNTY), ["a"]).unwrap();
        assert_eq!(s, CaseState::Approved);
        assert!(transition(t, s, &CaseEvent::Approve, &staff("c", COUNTY), []).is_err(), "done is done");
    }

    #[test]
    fn the_handler_of_an_earlier_step_may_not_review() {
        let roles = &[Role::TownshipClerk, Role::CountyClerk];
        let err = transition(CaseType::Enrolment, CaseState::InReview(1), &CaseEvent::Approve, &staff("a", roles), ["a"]);
        assert!(matches!(err, Err(CaseError::HandledEarlierStep(_))));
    }

    #[test]
    fn each_step_needs_its_role() {
        let err = transition(CaseType::Enrolment, CaseState::InReview(0), &CaseEvent::Approve, &staff("a", COUNTY), []);
        assert_eq!(err, Err(CaseError::WrongRole("乡镇(街道)经办员")));
        let err = transition(CaseType::Enrolment, CaseState::InReview(0), &CaseEvent::Approve, &Actor::Applicant, []);
        assert!(matches!(err, Err(CaseError::NotNow { .. })), "an applicant does not approve");
    }

    #[test]
    fn returns_need_a_reason_and_come_back_to_the_first_step() {
        let t = CaseType::Enrolment;
        let at = CaseState::InReview(1);
        assert_eq!(transition(t, at, &CaseEvent::Return(" ".into()), &staff("b", COUNTY), []), Err(CaseError::NoReason));
        let s = transition(t, at, &CaseEvent::Return("户口簿本人页不清晰".into()), &staff("b", COUNTY), []).unwrap();
        assert_eq!(s, CaseState::Returned);
        assert_eq!(transition(t, s, &CaseEvent::Resubmit, &Actor::Applicant, []).unwrap(), CaseState::InReview(0));
        assert_eq!(transition(t, s, &CaseEvent::Withdraw, &Actor::Applicant, []).unwrap(), CaseState::Withdrawn);
    }

    #[test]
    fn queue_keys_meet() {
        let village = DivisionCode::parse("150121100201").unwrap();
        let steps = CaseType::Enrolment.steps();
        assert_eq!(steps[0].queue_key(&village).as_deref(), Some("township_clerk:150121100"));
        assert_eq!(steps[1].queue_key(&village).as_deref(), Some("county_clerk:150121"));
        let pooled = CaseType::KeyDetailChange.steps()[1].queue_key(&village).unwrap();
        assert_eq!(pooled, "county_clerk@pool:1501");
        // A county clerk elsewhere in the league works the pool, not the county queue.
        let keys = queue_keys(&[Role::CountyClerk], &DivisionCode::parse("150102").unwrap());
        assert!(keys.contains(&pooled));
        assert!(!keys.contains(&"county_clerk:150121".to_owned()));
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for s in [CaseState::InReview(0), CaseState::InReview(2), CaseState::Returned, CaseState::Approved, CaseState::Terminated, CaseState::Withdrawn] {
            assert_eq!(CaseState::parse(&s.code()), Some(s));
        }
        for t in ALL_CASE_TYPES {
            assert_eq!(CaseType::parse(t.code()), Some(t));
            assert!(!t.steps().is_empty());
        }
    }
}
