//! Staff roles, the four incompatible duty groups, jurisdiction, and the
//! rule that whoever handled a step of a case may not review it
//! (REQUIREMENTS §2, 第十一章). Pure rules: the server calls them on every
//! request; nothing here knows about HTTP or storage.

use crate::division::{DivisionCode, DivisionLevel};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 村(社区)协办员: submits for residents of the village, never approves.
    VillageAssistant,
    /// 乡镇(街道)经办: accepts and does the initial review (初审).
    TownshipClerk,
    /// 旗县经办/复核/审核.
    CountyClerk,
    /// 盟市基金财务: payroll, bank files, fund accounts.
    LeagueFundOfficer,
    /// 稽核/内控: reads everything, changes no money.
    Auditor,
    /// 系统管理: users, roles, policy, reference data; never business decisions.
    Administrator,
}

/// The groups one account may not combine (第十一章).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DutyGroup {
    BusinessOperation,
    FundFinance,
    DataManagement,
    InternalControl,
}

impl DutyGroup {
    pub fn label(self) -> &'static str {
        match self {
            DutyGroup::BusinessOperation => "业务经办",
            DutyGroup::FundFinance => "基金财务",
            DutyGroup::DataManagement => "信息数据管理",
            DutyGroup::InternalControl => "内部控制",
        }
    }
}

pub const ALL_ROLES: [Role; 6] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk, Role::LeagueFundOfficer, Role::Auditor, Role::Administrator];

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::VillageAssistant => "village_assistant",
            Role::TownshipClerk => "township_clerk",
            Role::CountyClerk => "county_clerk",
            Role::LeagueFundOfficer => "league_fund_officer",
            Role::Auditor => "auditor",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        ALL_ROLES.into_iter().find(|r| r.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::VillageAssistant => "村(社区)协办员",
            Role::TownshipClerk => "乡镇(街道)经办员",
            Role::CountyClerk => "旗县经办复核员",
            Role::LeagueFundOfficer => "盟市基金财务员",
            Role::Auditor => "稽核内控员",
            Role::Administrator => "系统管理员",
        }
    }

    pub fn group(self) -> DutyGroup {
        match self {
            Role::VillageAssistant | Role::TownshipClerk | Role::CountyClerk => DutyGroup::BusinessOperation,
            Role::LeagueFundOfficer => DutyGroup::FundFinance,
            Role::Administrator => DutyGroup::DataManagement,
            Role::Auditor => DutyGroup::InternalControl,
        }
    }

    /// The level of division a role of business operation works at; `None`
    /// for the roles that are not tied to one level.
    pub fn works_at(self) -> Option<DivisionLevel> {
        match self {
            Role::VillageAssistant => Some(DivisionLevel::Village),
            Role::TownshipClerk => Some(DivisionLevel::Township),
            Role::CountyClerk => Some(DivisionLevel::County),
            Role::LeagueFundOfficer => Some(DivisionLevel::League),
            Role::Auditor | Role::Administrator => None,
        }
    }

    /// The level of division this role's jurisdiction must be. Auditors
    /// and administrators may sit at the region or a league.
    fn fits(self, level: DivisionLevel) -> bool {
        use DivisionLevel as L;
        match self {
            Role::VillageAssistant => level == L::Village,
            Role::TownshipClerk => level == L::Township,
            Role::CountyClerk => level == L::County,
            Role::LeagueFundOfficer => level == L::League,
            Role::Auditor | Role::Administrator => matches!(level, L::Region | L::League),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    #[error("至少要分配一个角色")]
    NoRole,
    #[error("不相容岗位不能由同一人兼任：{0}与{1}（第十一章）")]
    Incompatible(&'static str, &'static str),
    #[error("角色“{role}”的管辖区划应为{expected}级，而 {code} 是{actual}级")]
    WrongLevel { role: &'static str, code: String, expected: &'static str, actual: &'static str },
}

/// Checks a set of roles with its jurisdiction before an account is
/// created or changed: at least one role, one duty group, and a division
/// of the level each role works at.
pub fn check_assignment(roles: &[Role], jurisdiction: &DivisionCode) -> Result<(), RoleError> {
    let first = roles.first().ok_or(RoleError::NoRole)?;
    if let Some(other) = roles.iter().find(|r| r.group() != first.group()) {
        return Err(RoleError::Incompatible(first.group().label(), other.group().label()));
    }
    let level = jurisdiction.level();
    if let Some(r) = roles.iter().find(|r| !r.fits(level)) {
        let expected = match r {
            Role::VillageAssistant => "嘎查村",
            Role::TownshipClerk => "苏木乡镇",
            Role::CountyClerk => "旗县",
            Role::LeagueFundOfficer => "盟市",
            Role::Auditor | Role::Administrator => "自治区或盟市",
        };
        return Err(RoleError::WrongLevel { role: r.label(), code: jurisdiction.as_str().to_owned(), expected, actual: level.label() });
    }
    Ok(())
}

/// Staff see and act only inside their jurisdiction.
pub fn in_jurisdiction(jurisdiction: &DivisionCode, place: &DivisionCode) -> bool {
    place.is_within(jurisdiction)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("您办理过本件的前序环节，不能复核或审核本件，请由其他人员办理（第十一章）")]
pub struct HandledEarlierStep;

/// "Whoever handled a step of a case may not review it": `handlers` are
/// the staff ids recorded on the case's earlier steps.
pub fn may_review<'a>(handlers: impl IntoIterator<Item = &'a str>, reviewer: &str) -> Result<(), HandledEarlierStep> {
    if handlers.into_iter().any(|h| h == reviewer) { Err(HandledEarlierStep) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> DivisionCode {
        DivisionCode::parse(s).unwrap()
    }

    #[test]
    fn one_group_per_account() {
        let county = code("150121");
        assert_eq!(check_assignment(&[Role::CountyClerk], &county), Ok(()));
        let league = code("1501");
        assert!(matches!(check_assignment(&[Role::LeagueFundOfficer, Role::Auditor], &league), Err(RoleError::Incompatible("基金财务", "内部控制"))));
        assert!(matches!(check_assignment(&[Role::Administrator, Role::Auditor], &league), Err(RoleError::Incompatible(..))));
        assert_eq!(check_assignment(&[], &county), Err(RoleError::NoRole));
    }

    #[test]
    fn every_pair_from_two_groups_is_refused() {
        for a in ALL_ROLES {
            for b in ALL_ROLES {
                let result = check_assignment(&[a, b], &code("15"));
                if a.group() != b.group() {
                    assert!(matches!(result, Err(RoleError::Incompatible(..))), "{a:?}+{b:?}");
                }
            }
        }
    }

    #[test]
    fn jurisdiction_level_must_fit_the_role() {
        assert!(matches!(check_assignment(&[Role::TownshipClerk], &code("150121")), Err(RoleError::WrongLevel { .. })));
        assert_eq!(check_assignment(&[Role::TownshipClerk], &code("150121100")), Ok(()));
        assert_eq!(check_assignment(&[Role::Auditor], &code("15")), Ok(()));
    }

    #[test]
    fn jurisdiction_contains_its_children_only() {
        let county = code("150121");
        assert!(in_jurisdiction(&county, &code("150121100001")));
        assert!(!in_jurisdiction(&county, &code("150102001001")));
        assert!(!in_jurisdiction(&county, &code("1501")));
    }

    #[test]
    fn a_handler_may_not_review() {
        assert_eq!(may_review(["s1", "s2"], "s2"), Err(HandledEarlierStep));
        assert_eq!(may_review(["s1", "s2"], "s3"), Ok(()));
    }
}
