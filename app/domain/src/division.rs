//! Administrative division codes (REQUIREMENTS §2 jurisdiction, §6).
//!
//! 自治区 `15` → 盟市 `15xx` → 旗县 `15xxxx` → 苏木乡镇/街道 (9 digits) →
//! 嘎查村/社区 (12 digits). A code's level is its length; its ancestors are its
//! prefixes. Jurisdiction checks are prefix checks on these codes.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DivisionError {
    #[error("行政区划代码只能包含数字，长度为2、4、6、9或12位")]
    Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionLevel {
    /// 自治区
    Region,
    /// 盟市
    League,
    /// 旗县(市区)
    County,
    /// 苏木乡镇(街道)
    Township,
    /// 嘎查村(社区)
    Village,
}

impl DivisionLevel {
    fn of_len(len: usize) -> Option<Self> {
        Some(match len {
            2 => DivisionLevel::Region,
            4 => DivisionLevel::League,
            6 => DivisionLevel::County,
            9 => DivisionLevel::Township,
            12 => DivisionLevel::Village,
            _ => return None,
        })
    }

    fn len(self) -> usize {
        match self {
            DivisionLevel::Region => 2,
            DivisionLevel::League => 4,
            DivisionLevel::County => 6,
            DivisionLevel::Township => 9,
            DivisionLevel::Village => 12,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DivisionLevel::Region => "自治区",
            DivisionLevel::League => "盟市",
            DivisionLevel::County => "旗县",
            DivisionLevel::Township => "苏木乡镇",
            DivisionLevel::Village => "嘎查村",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DivisionLevel::Region => "region",
            DivisionLevel::League => "league",
            DivisionLevel::County => "county",
            DivisionLevel::Township => "township",
            DivisionLevel::Village => "village",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(String);

impl DivisionCode {
    pub fn parse(input: &str) -> Result<Self, DivisionError> {
        let s = input.trim();
        if DivisionLevel::of_len(s.len()).is_none() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DivisionError::Format);
        }
        Ok(DivisionCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> DivisionLevel {
        DivisionLevel::of_len(self.0.len()).expect("checked on parse")
    }

    /// The division one level up; `None` for the region.
    pub fn parent(&self) -> Option<DivisionCode> {
        let level = self.level();
        let up = match level {
            DivisionLevel::Region => return None,
            DivisionLevel::League => DivisionLevel::Region,
            DivisionLevel::County => DivisionLevel::League,
            DivisionLevel::Township => DivisionLevel::County,
            DivisionLevel::Village => DivisionLevel::Township,
        };
        Some(DivisionCode(self.0[..up.len()].to_owned()))
    }

    /// The ancestor at `level`, or `None` if `level` is below this code.
    pub fn at_level(&self, level: DivisionLevel) -> Option<DivisionCode> {
        (level <= self.level()).then(|| DivisionCode(self.0[..level.len()].to_owned()))
    }

    /// True when `self` is `other` or lies inside it: the jurisdiction test.
    pub fn is_within(&self, other: &DivisionCode) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DivisionCode({})", self.0)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = DivisionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DivisionCode::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(c: DivisionCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn levels_and_parents() {
        let village = DivisionCode::parse("150121100201").unwrap();
        assert_eq!(village.level(), DivisionLevel::Village);
        let township = village.parent().unwrap();
        assert_eq!(township.as_str(), "150121100");
        assert_eq!(township.parent().unwrap().as_str(), "150121");
        assert_eq!(township.parent().unwrap().parent().unwrap().as_str(), "1501");
        assert_eq!(DivisionCode::parse("15").unwrap().parent(), None);
    }

    #[test]
    fn jurisdiction_is_containment() {
        let league = DivisionCode::parse("1501").unwrap();
        let county = DivisionCode::parse("150121").unwrap();
        let other = DivisionCode::parse("150421").unwrap();
        assert!(county.is_within(&league));
        assert!(county.is_within(&county));
        assert!(!other.is_within(&league));
        assert!(!league.is_within(&county));
    }

    #[test]
    fn refuses_bad_codes() {
        for bad in ["", "1", "150", "15012", "15a1", "1501211001", "1501211002011"] {
            assert_eq!(DivisionCode::parse(bad), Err(DivisionError::Format), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_ancestor_contains_the_code(code in "15[0-9]{10}") {
            let c = DivisionCode::parse(&code).unwrap();
            let mut up = c.parent();
            while let Some(a) = up {
                prop_assert!(c.is_within(&a));
                prop_assert_eq!(c.at_level(a.level()), Some(a.clone()));
                up = a.parent();
            }
        }
    }
}
