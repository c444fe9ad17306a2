//! Electronic archives (S2; 规程第十章): every finished case is kept as a
//! record with a retention class, after 《社会保险业务档案管理规定（试行）》
//! (人力资源社会保障部令第3号): 永久 (permanent), 长期 (50 years), 短期
//! (10 years), counted from the end of the year the case finished.
//! Permanent and long-term records are handed over to the archive office
//! of the same level (移交).
//!
//! Which case type falls in which class is the service's reading of that
//! rule: a person's rights (enrolment, contributions paid back, pension
//! determination, deregistration, transfer) are permanent; changes and
//! checks of them are long-term; an application withdrawn before any
//! decision is short-term.

use crate::case::{CaseState, CaseType};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Retention {
    Permanent,
    Long,
    Short,
}

impl Retention {
    pub fn code(self) -> &'static str {
        match self {
            Retention::Permanent => "permanent",
            Retention::Long => "long",
            Retention::Short => "short",
        }
    }

    pub fn parse(code: &str) -> Option<Retention> {
        [Retention::Permanent, Retention::Long, Retention::Short].into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Retention::Permanent => "永久",
            Retention::Long => "长期（50 年）",
            Retention::Short => "短期（10 年）",
        }
    }

    /// The class of a case that finished in `state`; `None` while open.
    pub fn of(case_type: CaseType, state: CaseState) -> Option<Retention> {
        match state {
            CaseState::InReview(_) | CaseState::Returned => None,
            CaseState::Withdrawn => Some(Retention::Short),
            CaseState::Approved | CaseState::Terminated => Some(match case_type {
                CaseType::Enrolment | CaseType::BackPayment | CaseType::BenefitClaim | CaseType::Deregistration | CaseType::TransferIn => Retention::Permanent,
                CaseType::KeyDetailChange | CaseType::Resumption | CaseType::AccountDispute | CaseType::BenefitReview | CaseType::BankCardChange => {
                    Retention::Long
                }
            }),
        }
    }

    /// The last day the record must be kept (`None`: for ever), for a case
    /// finished on `finished`.
    pub fn keep_until(self, finished: NaiveDate) -> Option<NaiveDate> {
        let years = match self {
            Retention::Permanent => return None,
            Retention::Long => 50,
            Retention::Short => 10,
        };
        NaiveDate::from_ymd_opt(finished.year() + years, 12, 31)
    }

    /// Handed over to the archive office (permanent and long-term only).
    pub fn handed_over(self) -> bool {
        self != Retention::Short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::ALL_CASE_TYPES;

    #[test]
    fn open_cases_are_not_archived_and_finished_ones_all_are() {
        for t in ALL_CASE_TYPES {
            assert_eq!(Retention::of(t, CaseState::InReview(0)), None);
            assert_eq!(Retention::of(t, CaseState::Returned), None);
            assert_eq!(Retention::of(t, CaseState::Withdrawn), Some(Retention::Short));
            assert!(Retention::of(t, CaseState::Approved).is_some_and(Retention::handed_over));
            assert_eq!(Retention::of(t, CaseState::Approved), Retention::of(t, CaseState::Terminated));
        }
        assert_eq!(Retention::of(CaseType::Enrolment, CaseState::Approved), Some(Retention::Permanent));
        assert_eq!(Retention::of(CaseType::KeyDetailChange, CaseState::Terminated), Some(Retention::Long));
    }

    #[test]
    fn periods_run_to_the_end_of_a_year() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
        assert_eq!(Retention::Permanent.keep_until(d), None);
        assert_eq!(Retention::Long.keep_until(d), NaiveDate::from_ymd_opt(2075, 12, 31));
        assert_eq!(Retention::Short.keep_until(d), NaiveDate::from_ymd_opt(2035, 12, 31));
        for r in [Retention::Permanent, Retention::Long, Retention::Short] {
            assert_eq!(Retention::parse(r.code()), Some(r));
        }
    }
}
