//! Policy parameters (REQUIREMENTS §5): data with effective dates, never
//! constants. Rows `(key, effective_from, value)` come from the database;
//! [`Policy::in_force`] picks, for each key, the row with the latest
//! effective date on or before the given date and parses it into types.
//!
//! The interest rate is the exception: it is published per year, so it is
//! looked up for the exact year (a year whose rate is not yet published has
//! none, rather than silently reusing last year's).

use crate::money::Yuan;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// One stored parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRow {
    pub key: String,
    pub effective_from: NaiveDate,
    pub value: String,
}

/// Every key the system reads, with what it means. Loading refuses any
/// other key, so a typo in a data file cannot go unnoticed.
pub const KEYS: [(&str, &str); 20] = [
    ("contribution.tiers", "缴费档次（元/年），分号分隔"),
    ("subsidy.threshold_tier", "缴费补贴分段档次（元/年）：此档及以上按高标准补贴"),
    ("subsidy.below", "低于分段档次的缴费补贴（元/年）"),
    ("subsidy.from", "分段档次及以上的缴费补贴（元/年）"),
    ("subsidy.back_payment", "补缴年度是否享受缴费补贴（1 按所缴档次补贴，0 不补贴）"),
    ("enrolment.min_age", "参保最低年龄（周岁，全日制在校学生除外）；一次性补缴也从这个年龄的年度起"),
    ("pension.age", "待遇领取年龄（周岁）"),
    ("contribution.min_years", "最低累计缴费年限"),
    ("pension.basic_monthly", "基础养老金（元/月）"),
    ("pension.long_contribution_extra", "超过最低年限每多缴一年增发（元/月）"),
    ("pension.divisors", "个人账户养老金计发月数，年龄:月数，分号分隔"),
    ("interest.rate", "个人账户记账利率（当年1月1日生效，小数，如0.015）"),
    ("funeral.grant_below_min_years", "丧葬补助金：缴费不足最低年限（元）"),
    ("funeral.grant_min_years_or_more", "丧葬补助金：缴费达到最低年限（元）"),
    ("funeral.grant_deaths", "丧葬补助金发给哪些死亡人员（recipients 仅领取待遇人员，insured 所有参保人员）"),
    ("certification.cycle_months", "领取资格认证周期（月）：超过即暂停发放"),
    ("certification.warn_days", "认证到期前提醒（天）"),
    ("pension.max_withholding_percent", "待遇核查后扣回多发待遇：每月最多扣当月待遇的百分之几"),
    ("passkey.money_gate_days", "新登记的通行密钥满几天后才能办理涉及资金的业务（变更银行卡、注销领款、本人认证）"),
    ("settlement.subsidy_inheritable", "注销结算时个人账户中的政府补贴可否继承、一并支付（1 可以，0 退回基金）"),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("政策参数 {0} 在 {1} 没有生效的取值，请管理员补录")]
    Missing(&'static str, NaiveDate),
    #[error("政策参数 {key} 的取值“{value}”格式不正确")]
    Invalid { key: String, value: String },
    #[error("未知的政策参数 {0}")]
    UnknownKey(String),
}

/// D5: which deaths qualify for the funeral grant (丧葬补助金).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantDeaths {
    /// Only a person who was receiving a pension.
    Recipients,
    /// Every insured person.
    Insured,
}

impl GrantDeaths {
    pub fn parse(code: &str) -> Option<GrantDeaths> {
        match code {
            "recipients" => Some(GrantDeaths::Recipients),
            "insured" => Some(GrantDeaths::Insured),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            GrantDeaths::Recipients => "recipients",
            GrantDeaths::Insured => "insured",
        }
    }

    /// The rule as the settlement form states it.
    pub fn label(self) -> &'static str {
        match self {
            GrantDeaths::Recipients => "仅发给领取待遇人员",
            GrantDeaths::Insured => "发给所有参保人员",
        }
    }
}

/// The parameters in force on one date, typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub on: NaiveDate,
    pub tiers: Vec<Yuan>,
    pub subsidy_threshold_tier: Yuan,
    pub subsidy_below: Yuan,
    pub subsidy_from: Yuan,
    /// C3: whether a back-paid year (补缴) earns the contribution subsidy
    /// of its tier; most regions pay none.
    pub back_payment_subsidy: bool,
    /// E1: the age from which a resident may enrol (16; full-time
    /// students excepted), and from whose year a lump back payment may run.
    pub enrolment_min_age: u32,
    pub pension_age: u32,
    pub min_contribution_years: u32,
    pub basic_pension_monthly: Yuan,
    pub long_contribution_extra: Yuan,
    /// Months (计发月数) by age at first payment.
    pub divisors: BTreeMap<u32, u32>,
    /// The account interest rate for the year of `on`, if published.
    pub interest_rate: Option<Decimal>,
    pub funeral_grant_below_min_years: Yuan,
    pub funeral_grant_min_years_or_more: Yuan,
    /// D4, D5: which deaths the funeral grant is paid for.
    pub funeral_grant_deaths: GrantDeaths,
    /// B9: a recipient certifies at least once in this many months.
    pub certification_cycle_months: u32,
    /// B9: people are warned this many days before their certification is due.
    pub certification_warn_days: u32,
    /// B4: at most this percentage of a month's pension is withheld to
    /// recover an amount paid in excess before a re-determination.
    pub max_withholding_percent: u32,
    /// Security: a passkey opens the money gates once it is this many
    /// days old (one just added, perhaps from a stolen code, cannot
    /// redirect money at once).
    pub passkey_money_gate_days: u32,
    /// D4: whether the government subsidy in a closed account is paid out
    /// with the rest (inherited) or returned to the fund.
    pub subsidy_inheritable: bool,
}

/// Checks one row's key and value; used when loading data and by admins.
pub fn check_row(row: &PolicyRow) -> Result<(), PolicyError> {
    let invalid = || PolicyError::Invalid { key: row.key.clone(), value: row.value.clone() };
    let v = row.value.as_str();
    let ok = match row.key.as_str() {
        "contribution.tiers" => parse_tiers(v).is_some(),
        "pension.age" | "contribution.min_years" => v.parse::<u32>().is_ok(),
        "enrolment.min_age" => v.parse::<u32>().is_ok_and(|n| (1..=30).contains(&n)),
        "certification.cycle_months" | "certification.warn_days" => v.parse::<u32>().is_ok_and(|n| (1..=400).contains(&n)),
        "pension.max_withholding_percent" => v.parse::<u32>().is_ok_and(|n| (1..=100).contains(&n)),
        "passkey.money_gate_days" => v.parse::<u32>().is_ok_and(|n| n <= 90),
        "settlement.subsidy_inheritable" | "subsidy.back_payment" => v == "0" || v == "1",
        "funeral.grant_deaths" => GrantDeaths::parse(v).is_some(),
        "pension.divisors" => parse_divisors(v).is_some(),
        "interest.rate" => {
            let first_of_year = row.effective_from.ordinal() == 1;
            first_of_year && Decimal::from_str(v).is_ok_and(|r| r >= Decimal::ZERO && r < Decimal::ONE)
        }
        key if KEYS.iter().any(|(k, _)| *k == key) => Yuan::parse(v).is_ok_and(|y| !y.is_negative()),
        other => return Err(PolicyError::UnknownKey(other.to_owned())),
    };
    if ok { Ok(()) } else { Err(invalid()) }
}

fn parse_tiers(v: &str) -> Option<Vec<Yuan>> {
    let mut tiers = v.split(';').map(|t| Yuan::parse(t).ok().filter(|y| *y > Yuan::ZERO)).collect::<Option<Vec<_>>>()?;
    tiers.sort();
    tiers.dedup();
    Some(tiers)
}

fn parse_divisors(v: &str) -> Option<BTreeMap<u32, u32>> {
    v.split(';')
        .map(|pair| {
            let (age, months) = pair.trim().split_once(':')?;
            Some((age.trim().parse().ok()?, months.trim().parse().ok()?))
        })
        .collect()
}

impl Policy {
    pub fn in_force(rows: &[PolicyRow], on: NaiveDate) -> Result<Policy, PolicyError> {
        let latest = |key: &'static str| -> Result<&PolicyRow, PolicyError> {
            rows.iter().filter(|r| r.key == key && r.effective_from <= on).max_by_key(|r| r.effective_from).ok_or(PolicyError::Missing(key, on))
        };
        let invalid = |r: &PolicyRow| PolicyError::Invalid { key: r.key.clone(), value: r.value.clone() };
        let yuan = |key| latest(key).and_then(|r| Yuan::parse(&r.value).map_err(|_| invalid(r)));
        let int = |key| latest(key).and_then(|r| r.value.parse::<u32>().map_err(|_| invalid(r)));

        let tiers_row = latest("contribution.tiers")?;
        let divisors_row = latest("pension.divisors")?;
        let year_start = NaiveDate::from_ymd_opt(on.year(), 1, 1).expect("1 January exists");
        let interest_rate = rows
            .iter()
            .find(|r| r.key == "interest.rate" && r.effective_from == year_start)
            .map(|r| Decimal::from_str(&r.value).map_err(|_| invalid(r)))
            .transpose()?;

        Ok(Policy {
            on,
            tiers: parse_tiers(&tiers_row.value).ok_or_else(|| invalid(tiers_row))?,
            subsidy_threshold_tier: yuan("subsidy.threshold_tier")?,
            subsidy_below: yuan("subsidy.below")?,
            subsidy_from: yuan("subsidy.from")?,
            back_payment_subsidy: int("subsidy.back_payment")? == 1,
            enrolment_min_age: int("enrolment.min_age")?,
            pension_age: int("pension.age")?,
            min_contribution_years: int("contribution.min_years")?,
            basic_pension_monthly: yuan("pension.basic_monthly")?,
            long_contribution_extra: yuan("pension.long_contribution_extra")?,
            divisors: parse_divisors(&divisors_row.value).ok_or_else(|| invalid(divisors_row))?,
            interest_rate,
            funeral_grant_below_min_years: yuan("funeral.grant_below_min_years")?,
            funeral_grant_min_years_or_more: yuan("funeral.grant_min_years_or_more")?,
            funeral_grant_deaths: latest("funeral.grant_deaths").and_then(|r| GrantDeaths::parse(&r.value).ok_or_else(|| invalid(r)))?,
            certification_cycle_months: int("certification.cycle_months")?,
            certification_warn_days: int("certification.warn_days")?,
            max_withholding_percent: int("pension.max_withholding_percent")?,
            passkey_money_gate_days: int("passkey.money_gate_days")?,
            subsidy_inheritable: int("settlement.subsidy_inheritable")? == 1,
        })
    }

    /// The government contribution subsidy (缴费补贴) for a chosen tier.
    pub fn subsidy_for(&self, tier: Yuan) -> Yuan {
        if tier >= self.subsidy_threshold_tier { self.subsidy_from } else { self.subsidy_below }
    }

    /// C3: the subsidy due with a contribution of `tier`: the tier's, or on
    /// a back-paid year (补缴) only when the policy grants it.
    pub fn subsidy_due(&self, tier: Yuan, back_paid: bool) -> Yuan {
        if back_paid && !self.back_payment_subsidy { Yuan::ZERO } else { self.subsidy_for(tier) }
    }

    /// C3: collective subsidy + social donation per person per year may not
    /// exceed the highest tier in force.
    pub fn collective_cap(&self) -> Yuan {
        self.tiers.last().copied().unwrap_or(Yuan::ZERO)
    }

    /// C4: government-paid contributions use the lowest tier.
    pub fn government_paid_tier(&self) -> Yuan {
        self.tiers.first().copied().unwrap_or(Yuan::ZERO)
    }

    pub fn is_tier(&self, amount: Yuan) -> bool {
        self.tiers.contains(&amount)
    }
}

/// For tests elsewhere in the crate: the demo defaults of REQUIREMENTS §5,
/// read from the data file the demo loads.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    pub fn demo_policy() -> Policy {
        let rows: Vec<PolicyRow> = include_str!("../../data/policy.csv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut f = l.splitn(3, ',');
                let (key, from, value) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
                PolicyRow { key: key.into(), effective_from: NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap(), value: value.into() }
            })
            .collect();
        Policy::in_force(&rows, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn row(key: &str, from: NaiveDate, value: &str) -> PolicyRow {
        PolicyRow { key: key.into(), effective_from: from, value: value.into() }
    }

    fn demo_rows() -> Vec<PolicyRow> {
        let start = d(2014, 1, 1);
        vec![
            row("contribution.tiers", start, "100;200;300;400;500;600;700;800;900;1000;1500;2000"),
            row("subsidy.threshold_tier", start, "500"),
            row("subsidy.below", start, "30"),
            row("subsidy.from", start, "60"),
            row("subsidy.back_payment", start, "0"),
            row("enrolment.min_age", start, "16"),
            row("pension.age", start, "60"),
            row("contribution.min_years", start, "15"),
            row("pension.basic_monthly", start, "197"),
            row("pension.long_contribution_extra", start, "2"),
            row("pension.divisors", start, "60:139;61:132;62:125"),
            row("interest.rate", d(2025, 1, 1), "0.015"),
            row("funeral.grant_below_min_years", start, "1000"),
            row("funeral.grant_min_years_or_more", start, "1500"),
            row("funeral.grant_deaths", start, "recipients"),
            row("certification.cycle_months", start, "12"),
            row("certification.warn_days", start, "30"),
            row("pension.max_withholding_percent", start, "50"),
            row("passkey.money_gate_days", start, "7"),
            row("settlement.subsidy_inheritable", start, "1"),
        ]
    }

    #[test]
    fn reads_the_demo_defaults() {
        let p = Policy::in_force(&demo_rows(), d(2025, 6, 1)).unwrap();
        assert_eq!(p.tiers.len(), 12);
        assert_eq!(p.collective_cap(), Yuan::from_yuan(2000));
        assert_eq!(p.government_paid_tier(), Yuan::from_yuan(100));
        assert_eq!(p.subsidy_for(Yuan::from_yuan(400)), Yuan::from_yuan(30));
        assert_eq!(p.subsidy_for(Yuan::from_yuan(500)), Yuan::from_yuan(60));
        assert_eq!(p.subsidy_due(Yuan::from_yuan(500), false), Yuan::from_yuan(60));
        assert_eq!(p.subsidy_due(Yuan::from_yuan(500), true), Yuan::ZERO, "no subsidy on a back-paid year by default");
        assert_eq!(p.funeral_grant_deaths, GrantDeaths::Recipients);
        assert_eq!(p.divisors[&60], 139);
        assert_eq!(p.enrolment_min_age, 16);
        assert_eq!(p.interest_rate, Some(Decimal::new(15, 3)));
    }

    #[test]
    fn a_later_row_takes_over_from_its_effective_date() {
        let mut rows = demo_rows();
        rows.push(row("pension.basic_monthly", d(2026, 7, 1), "217"));
        let before = Policy::in_force(&rows, d(2026, 6, 30)).unwrap();
        let after = Policy::in_force(&rows, d(2026, 7, 1)).unwrap();
        assert_eq!(before.basic_pension_monthly, Yuan::from_yuan(197));
        assert_eq!(after.basic_pension_monthly, Yuan::from_yuan(217));
    }

    #[test]
    fn an_unpublished_interest_rate_is_none_not_last_years() {
        let p = Policy::in_force(&demo_rows(), d(2026, 3, 1)).unwrap();
        assert_eq!(p.interest_rate, None);
    }

    #[test]
    fn nothing_in_force_before_the_first_date() {
        assert_eq!(Policy::in_force(&demo_rows(), d(2013, 12, 31)), Err(PolicyError::Missing("contribution.tiers", d(2013, 12, 31))));
    }

    #[test]
    fn check_row_refuses_bad_values_and_unknown_keys() {
        assert!(check_row(&row("contribution.tiers", d(2014, 1, 1), "100;abc")).is_err());
        assert!(check_row(&row("interest.rate", d(2025, 3, 1), "0.015")).is_err());
        assert!(check_row(&row("interest.rate", d(2025, 1, 1), "1.5")).is_err());
        assert!(check_row(&row("pension.basic_monthly", d(2025, 1, 1), "-5")).is_err());
        assert!(check_row(&row("funeral.grant_deaths", d(2025, 1, 1), "everyone")).is_err());
        assert!(check_row(&row("subsidy.back_payment", d(2025, 1, 1), "2")).is_err());
        assert_eq!(check_row(&row("pension.basic", d(2025, 1, 1), "5")), Err(PolicyError::UnknownKey("pension.basic".into())));
        for r in demo_rows() {
            assert_eq!(check_row(&r), Ok(()), "{}", r.key);
        }
    }
}
