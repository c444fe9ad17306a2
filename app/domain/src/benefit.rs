//! Benefits (Ch.5): the monthly pension determined at the claim (B1, B3)
//! and the months of the payroll.
//!
//! The monthly pension = basic pension (基础养老金) + account pension (the
//! account balance ÷ the divisor 计发月数 for the age at the first payment)
//! plus the long-contribution extra (each contribution year beyond the
//! minimum), every figure from the policy in force at the first payment.
//! It is paid from the month after the person reaches pension age (B1).

use crate::{Policy, Yuan};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month, stored as `year × 12 + month − 1` so that months
/// compare and step as integers in SQL too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(pub i64);

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month(i64::from(date.year()) * 12 + i64::from(date.month0()))
    }

    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
        ((1900..=9999).contains(&y) && (1..=12).contains(&m)).then_some(Month(y * 12 + m - 1))
    }

    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    pub fn prev(self) -> Month {
        Month(self.0 - 1)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt((self.0 / 12) as i32, (self.0 % 12) as u32 + 1, 1).expect("a month in range")
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0 / 12, self.0 % 12 + 1)
    }
}

/// The figures of a determination (待遇核定), as shown to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Determination {
    pub first_month: Month,
    pub age_at_first_payment: u32,
    pub contribution_years: u32,
    pub balance: Yuan,
    pub divisor: u32,
    pub basic: Yuan,
    pub account: Yuan,
    pub extra: Yuan,
    pub monthly: Yuan,
}

/// The day a person born on `birth` reaches `age` (29 February → 28 February).
pub fn reaches_age(birth: NaiveDate, age: u32) -> NaiveDate {
    let year = birth.year() + age as i32;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day()).or_else(|| NaiveDate::from_ymd_opt(year, birth.month(), 28)).expect("a valid date")
}

/// Completed years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

/// The first month paid (起发月): the month after the person reaches
/// pension age (B1).
pub fn first_month(birth: NaiveDate, policy: &Policy) -> Month {
    Month::of(reaches_age(birth, policy.pension_age)).next()
}

/// The divisor for an age: the table's entry, the oldest entry beyond it.
pub fn divisor_for(policy: &Policy, age: u32) -> Option<u32> {
    policy.divisors.range(..=age).next_back().map(|(_, d)| *d)
}

/// Determines the monthly pension of a person born on `birth`, with
/// `contribution_years` and the account `balance`, under `policy` (the
/// one in force at the first payment). Refusals say what to do.
pub fn determine(birth: NaiveDate, contribution_years: u32, balance: Yuan, policy: &Policy) -> Result<Determination, Refusal> {
    if contribution_years < policy.min_contribution_years {
        return Err(Refusal::TooFewYears { years: contribution_years, min_years: policy.min_contribution_years });
    }
    let first_month = first_month(birth, policy);
    let age = age_on(birth, first_month.first_day());
    let divisor = divisor_for(policy, age).ok_or(Refusal::NoDivisor(age))?;
    let account = Yuan::round(balance.as_decimal() / Decimal::from(divisor));
    let beyond = contribution_years - policy.min_contribution_years;
    let extra = Yuan::round(policy.long_contribution_extra.as_decimal() * Decimal::from(beyond));
    let basic = policy.basic_pension_monthly;
    Ok(Determination { first_month, age_at_first_payment: age, contribution_years, balance, divisor, basic, account, extra, monthly: basic + account + extra })
}

/// 待遇测算 (issue 36 §3): the years after this one in which a person can
/// still pay before the year they reach pension age ends (0 from that year on).
pub fn years_left(birth: NaiveDate, today: NaiveDate, policy: &Policy) -> u32 {
    u32::try_from(reaches_age(birth, policy.pension_age).year() - today.year()).unwrap_or(0)
}

/// 待遇测算: the determination at pension age of a person with
/// `contribution_years` and `balance` today who pays `tier` for `more` of the
/// [`years_left`] (at most those), under today's rules: each of those years
/// the balance earns `rate` on what it held at the start of the year (the
/// last published rate, an assumption: the year's contribution earns nothing
/// that year), and each year paid adds the tier and the subsidy it earns.
/// With nothing more to pay and no year left, it is the determination a
/// claim approved today makes.
#[allow(clippy::too_many_arguments)]
pub fn estimate(
    birth: NaiveDate,
    today: NaiveDate,
    contribution_years: u32,
    balance: Yuan,
    tier: Yuan,
    more: u32,
    rate: Decimal,
    policy: &Policy,
) -> Result<Determination, Refusal> {
    let left = years_left(birth, today, policy);
    let more = more.min(left);
    let mut projected = balance;
    for year in 0..left {
        projected = projected + Yuan::round(projected.as_decimal() * rate);
        if year < more {
            projected = projected + tier + policy.subsidy_for(tier);
        }
    }
    determine(birth, contribution_years + more, projected, policy)
}

/// Why a pension cannot be determined or claimed yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("累计缴费 {years} 年，不足 {min_years} 年：可先申请补缴（一次性补缴），补足后再申领")]
    TooFewYears { years: u32, min_years: u32 },
    #[error("{on} 年满 {age} 周岁，届时方可申领养老金")]
    NotYet { on: NaiveDate, age: u32 },
    #[error("政策参数中没有 {0} 周岁的计发月数，请管理员补录")]
    NoDivisor(u32),
}

/// Refuses a claim before pension age, naming the day.
pub fn check_age(birth: NaiveDate, today: NaiveDate, policy: &Policy) -> Result<(), Refusal> {
    let on = reaches_age(birth, policy.pension_age);
    if today < on {
        return Err(Refusal::NotYet { on, age: policy.pension_age });
    }
    Ok(())
}

/// The funeral grant (丧葬补助金) for a death, by contribution years, from
/// the policy in force on the day of death (D4, §5).
pub fn funeral_grant(contribution_years: u32, policy: &Policy) -> Yuan {
    if contribution_years >= policy.min_contribution_years { policy.funeral_grant_min_years_or_more } else { policy.funeral_grant_below_min_years }
}

/// The first month a person is no longer entitled to after `event` (a
/// death, a loss of eligibility): benefits stop from the month after.
pub fn unpaid_from(event: NaiveDate) -> Month {
    Month::of(event).next()
}

/// How an overpayment is recovered (B12, 冒领): first from what is left in
/// the account, then from the funeral grant (after a death), and what is
/// still owed by a refund order to the person or family (then referred to
/// the administrative department if not refunded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    pub from_balance: Yuan,
    pub from_grant: Yuan,
    pub to_refund: Yuan,
}

/// Splits `owed` over the `balance` and the `grant` available, in that
/// order; nothing is taken that is not owed, and nothing negative.
pub fn recovery(owed: Yuan, balance: Yuan, grant: Yuan) -> Recovery {
    let take = |from: Yuan, left: Yuan| if from.is_negative() { Yuan::ZERO } else { from.min(left) };
    let owed = if owed.is_negative() { Yuan::ZERO } else { owed };
    let from_balance = take(balance, owed);
    let from_grant = take(grant, owed - from_balance);
    Recovery { from_balance, from_grant, to_refund: owed - from_balance - from_grant }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::tests_support::demo_policy;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn by_hand_at_sixty_with_twenty_years() {
        // Born 15 March 1966: 60 on 15 March 2026, paid from April 2026.
        // Basic 197; account 13,900.00 ÷ 139 = 100.00; extra 2 × (20 − 15) = 10.
        let r = determine(d("1966-03-15"), 20, Yuan::parse("13900").unwrap(), &demo_policy()).unwrap();
        assert_eq!(r.first_month.to_string(), "2026-04");
        assert_eq!((r.age_at_first_payment, r.divisor), (60, 139));
        assert_eq!((r.basic.to_string(), r.account.to_string(), r.extra.to_string()), ("197.00".into(), "100.00".into(), "10.00".into()));
        assert_eq!(r.monthly.to_string(), "307.00");
    }

    #[test]
    fn by_hand_rounding_of_the_account_pension() {
        // 10,000.00 ÷ 139 = 71.9424… → 71.94; 15 years: no extra.
        let r = determine(d("1960-01-31"), 15, Yuan::parse("10000").unwrap(), &demo_policy()).unwrap();
        assert_eq!(r.account.to_string(), "71.94");
        assert_eq!(r.extra, Yuan::ZERO);
        assert_eq!(r.monthly.to_string(), "268.94");
        // 60 on 31 January 2020: paid from February 2020.
        assert_eq!(r.first_month.to_string(), "2020-02");
        // 1,000.05 ÷ 139 = 7.1946… → 7.19; 69.5 ÷ 139 = 0.5 → 0.50 exactly.
        let half = determine(d("1960-01-31"), 15, Yuan::parse("69.5").unwrap(), &demo_policy()).unwrap();
        assert_eq!(half.account.to_string(), "0.50");
    }

    #[test]
    fn an_estimate_with_nothing_more_to_pay_at_sixty_is_the_determination_of_a_claim() {
        // 60 in March 2026, estimated in June 2026: no year left.
        let (birth, today, balance) = (d("1966-03-15"), d("2026-06-02"), Yuan::parse("13900").unwrap());
        let p = demo_policy();
        assert_eq!(years_left(birth, today, &p), 0);
        let claim = determine(birth, 20, balance, &p).unwrap();
        let rate = Decimal::new(15, 3);
        assert_eq!(estimate(birth, today, 20, balance, Yuan::parse("500").unwrap(), 0, rate, &p).unwrap(), claim);
        // Asking for more years than are left changes nothing.
        assert_eq!(estimate(birth, today, 20, balance, Yuan::parse("500").unwrap(), 5, rate, &p).unwrap(), claim);
    }

    #[test]
    fn by_hand_an_estimate_of_two_more_years() {
        // 60 in 2028: 2027 and 2028 are left. 10,000.00 today at 1.5 %:
        // 2027: 10,000.00 + 150.00 + 500 + 60 (the 500 tier's subsidy) = 10,710.00;
        // 2028: 10,710.00 + 160.65 + 560 = 11,430.65. 15 + 2 = 17 years.
        let (birth, today) = (d("1968-05-01"), d("2026-06-02"));
        let p = demo_policy();
        assert_eq!(years_left(birth, today, &p), 2);
        let r = estimate(birth, today, 15, Yuan::parse("10000").unwrap(), Yuan::parse("500").unwrap(), 2, Decimal::new(15, 3), &p).unwrap();
        assert_eq!((r.balance.to_string(), r.contribution_years), ("11430.65".into(), 17));
        // 11,430.65 ÷ 139 = 82.2349… → 82.23; extra 2 × 2 = 4; basic 197.
        assert_eq!(r.monthly.to_string(), "283.23");
        // Paying one year only: the balance still earns its interest.
        let one = estimate(birth, today, 15, Yuan::parse("10000").unwrap(), Yuan::parse("500").unwrap(), 1, Decimal::new(15, 3), &p).unwrap();
        assert_eq!((one.balance.to_string(), one.contribution_years), ("10870.65".into(), 16));
        // Too few years even then: refused with the way on.
        assert!(estimate(birth, today, 10, Yuan::parse("1000").unwrap(), Yuan::parse("500").unwrap(), 2, Decimal::ZERO, &p).is_err());
    }

    #[test]
    fn too_few_years_is_refused_with_what_to_do() {
        let e = determine(d("1966-03-15"), 12, Yuan::parse("5000").unwrap(), &demo_policy()).unwrap_err().to_string();
        assert!(e.contains("不足 15 年") && e.contains("补缴"), "{e}");
    }

    #[test]
    fn before_pension_age_names_the_day() {
        let e = check_age(d("1966-03-15"), d("2026-03-14"), &demo_policy()).unwrap_err().to_string();
        assert!(e.contains("2026-03-15"), "{e}");
        assert!(check_age(d("1966-03-15"), d("2026-03-15"), &demo_policy()).is_ok());
    }

    #[test]
    fn months_step_and_print() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.prev().prev().to_string(), "2026-10");
        assert_eq!(Month::of(d("2026-01-31")).to_string(), "2026-01");
        assert!(Month::parse("2026-13").is_none());
        assert_eq!(reaches_age(d("1964-02-29"), 60), d("2024-02-29"));
        assert_eq!(reaches_age(d("1965-02-28"), 60), d("2025-02-28"));
        assert_eq!(divisor_for(&demo_policy(), 75), Some(56));
    }

    #[test]
    fn an_overpayment_is_recovered_from_the_balance_then_the_grant_then_by_refund() {
        let y = |s: &str| Yuan::parse(s).unwrap();
        // By hand: 13,294.89 owed, 1,024.02 left in the account, grant 1,500.00:
        // 13,294.89 − 1,024.02 − 1,500.00 = 10,770.87 to refund.
        let r = recovery(y("13294.89"), y("1024.02"), y("1500"));
        assert_eq!((r.from_balance, r.from_grant, r.to_refund), (y("1024.02"), y("1500"), y("10770.87")));
        // The balance covers it: the grant is untouched.
        let r = recovery(y("514.86"), y("8218.71"), y("1500"));
        assert_eq!((r.from_balance, r.from_grant, r.to_refund), (y("514.86"), Yuan::ZERO, Yuan::ZERO));
        // No balance left: the grant next; no grant (not a death): refund.
        let r = recovery(y("2000"), y("-3.00"), y("1500"));
        assert_eq!((r.from_balance, r.from_grant, r.to_refund), (Yuan::ZERO, y("1500"), y("500")));
        let r = recovery(y("300"), Yuan::ZERO, Yuan::ZERO);
        assert_eq!(r.to_refund, y("300"));
        assert_eq!(recovery(Yuan::ZERO, y("10"), y("10")), Recovery { from_balance: Yuan::ZERO, from_grant: Yuan::ZERO, to_refund: Yuan::ZERO });
    }

    #[test]
    fn benefits_stop_from_the_month_after_the_event_and_the_grant_follows_the_years() {
        assert_eq!(unpaid_from(d("2025-04-15")).to_string(), "2025-05");
        assert_eq!(unpaid_from(d("2025-12-31")).to_string(), "2026-01");
        assert_eq!(funeral_grant(15, &demo_policy()).to_string(), "1500.00");
        assert_eq!(funeral_grant(9, &demo_policy()).to_string(), "1000.00");
    }
}
