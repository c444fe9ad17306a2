//! C2: which years a back payment may cover, and its amount.
//!
//! - 中断补缴 (interrupted): years since enrolment (before this year) in
//!   which no personal contribution was paid.
//! - 一次性补缴 (lump sum): years before enrolment (from the year the person
//!   reached the enrolment age, 16), only as many as are needed to reach the minimum
//!   contribution years by pension age: paid years + years still to come
//!   until pension age + the years asked for ≤ the minimum.
//!
//! The amount is the tier (one in force) times the number of years.

use crate::Yuan;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Interrupted,
    Lump,
}

impl Kind {
    pub fn parse(code: &str) -> Option<Kind> {
        match code {
            "interrupted" => Some(Kind::Interrupted),
            "lump" => Some(Kind::Lump),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Interrupted => "interrupted",
            Kind::Lump => "lump",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Interrupted => "中断补缴",
            Kind::Lump => "一次性补缴",
        }
    }
}

/// The person's situation, read from the records.
#[derive(Debug, Clone)]
pub struct Situation {
    pub birth_year: i32,
    pub enrolled_year: i32,
    pub this_year: i32,
    /// Years with a personal contribution.
    pub paid_years: BTreeSet<i32>,
    pub pension_age: u32,
    pub min_years: u32,
    /// The enrolment age (`Policy::enrolment_min_age`).
    pub min_age: u32,
}

/// Why the years asked for cannot be paid back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("请填写要补缴的年度")]
    NoYears,
    #[error("{0} 年不能补缴：只能补缴以前年度")]
    NotPast(i32),
    #[error("{0} 年已有缴费记录，不能补缴")]
    Paid(i32),
    #[error("{year} 年在参保（{enrolled} 年）以前：中断补缴只能补缴参保以后中断的年度，参保以前的年度请申请一次性补缴")]
    BeforeEnrolment { year: i32, enrolled: i32 },
    #[error("{0} 年在参保以后：一次性补缴只能补缴参保以前的年度，参保以后中断的年度请申请中断补缴")]
    AfterEnrolment(i32),
    #[error("{year} 年本人未满 {age} 周岁，不能补缴")]
    TooYoung { year: i32, age: u32 },
    #[error("一次性补缴以补足 {min_years} 年为限：已缴 {paid_years} 年，到领取年龄前还可缴 {years_to_come} 年，最多可补缴 {most} 年")]
    LumpLimit { min_years: u32, paid_years: usize, years_to_come: usize, most: usize },
}

/// Checks the years asked for; the amount due.
pub fn check(kind: Kind, years: &BTreeSet<i32>, tier: Yuan, s: &Situation) -> Result<Yuan, Refusal> {
    if years.is_empty() {
        return Err(Refusal::NoYears);
    }
    for &y in years {
        if y >= s.this_year {
            return Err(Refusal::NotPast(y));
        }
        if s.paid_years.contains(&y) {
            return Err(Refusal::Paid(y));
        }
        match kind {
            Kind::Interrupted if y < s.enrolled_year => return Err(Refusal::BeforeEnrolment { year: y, enrolled: s.enrolled_year }),
            Kind::Lump if y >= s.enrolled_year => return Err(Refusal::AfterEnrolment(y)),
            Kind::Lump if y < s.birth_year + s.min_age as i32 => return Err(Refusal::TooYoung { year: y, age: s.min_age }),
            _ => {}
        }
    }
    if kind == Kind::Lump {
        let pension_year = s.birth_year + s.pension_age as i32;
        let years_to_come = (pension_year - s.this_year).max(0) as usize;
        let most = (s.min_years as usize).saturating_sub(s.paid_years.len() + years_to_come);
        if years.len() > most {
            return Err(Refusal::LumpLimit { min_years: s.min_years, paid_years: s.paid_years.len(), years_to_come, most });
        }
    }
    Ok(Yuan::from_fen(tier.fen() * years.len() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn situation(paid: &[i32]) -> Situation {
        // Born 1966, enrolled 2020, today 2025: pension age 60 in 2026.
        Situation {
            birth_year: 1966,
            enrolled_year: 2020,
            this_year: 2025,
            paid_years: paid.iter().copied().collect(),
            pension_age: 60,
            min_years: 15,
            min_age: 16,
        }
    }

    fn years(y: &[i32]) -> BTreeSet<i32> {
        y.iter().copied().collect()
    }

    #[test]
    fn interrupted_years_since_enrolment_without_payment() {
        let s = situation(&[2020, 2021, 2023]);
        assert_eq!(check(Kind::Interrupted, &years(&[2022, 2024]), Yuan::from_yuan(500), &s), Ok(Yuan::from_yuan(1000)));
        assert!(check(Kind::Interrupted, &years(&[2021]), Yuan::from_yuan(500), &s).unwrap_err().to_string().contains("已有缴费记录"));
        assert!(check(Kind::Interrupted, &years(&[2019]), Yuan::from_yuan(500), &s).unwrap_err().to_string().contains("一次性补缴"));
        assert!(check(Kind::Interrupted, &years(&[2025]), Yuan::from_yuan(500), &s).unwrap_err().to_string().contains("以前年度"));
        assert!(check(Kind::Interrupted, &years(&[]), Yuan::from_yuan(500), &s).is_err());
    }

    #[test]
    fn lump_sum_only_up_to_the_minimum_years() {
        // 5 paid (2020–2024), 1 still to come (2025; 60 in 2026): room 15 − 6 = 9.
        let s = situation(&[2020, 2021, 2022, 2023, 2024]);
        let nine = years(&(2011..2020).collect::<Vec<_>>());
        assert_eq!(check(Kind::Lump, &nine, Yuan::from_yuan(300), &s), Ok(Yuan::from_yuan(2700)));
        let ten = years(&(2010..2020).collect::<Vec<_>>());
        let err = check(Kind::Lump, &ten, Yuan::from_yuan(300), &s).unwrap_err().to_string();
        assert!(err.contains("最多可补缴 9 年"), "{err}");
        assert!(check(Kind::Lump, &years(&[2021]), Yuan::from_yuan(300), &situation(&[2020])).unwrap_err().to_string().contains("中断补缴"));
        assert!(check(Kind::Lump, &years(&[1980]), Yuan::from_yuan(300), &s).unwrap_err().to_string().contains("未满 16 周岁"));
    }

    #[test]
    fn someone_who_will_reach_the_minimum_anyway_has_no_room() {
        // Born 1990: 35 years still to come.
        let s = Situation { birth_year: 1990, ..situation(&[2020]) };
        assert!(check(Kind::Lump, &years(&[2015]), Yuan::from_yuan(100), &s).unwrap_err().to_string().contains("最多可补缴 0 年"));
    }
}
