//! The personal account (个人账户, A1–A6): entries, balances and year-end
//! interest, as pure functions. Storage keeps the entries append-only; the
//! balance is always the sum of the entries (never stored on its own).
//!
//! Interest (REQUIREMENTS §5, A2, A3): for year Y at rate r,
//!
//! ```text
//! balance on 1 January × r
//!   + Σ entry × r × (12 − credit month) / 12   for the entries of Y,
//! ```
//!
//! i.e. an entry earns from the month after it was credited (by treasury
//! deposit date). Computed exactly and rounded **once per account per
//! year** with the one rounding rule, `Yuan::round`. The year's own
//! interest entry is dated 31 December and earns from the next year on.

use crate::money::Yuan;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// 个人缴费
    Personal,
    /// 集体补助
    Collective,
    /// 社会资助
    Donation,
    /// 政府补贴 (缴费补贴, and 政府代缴 for hardship groups)
    Subsidy,
    /// 利息
    Interest,
    /// 转入
    TransferIn,
    /// 退费 (negative)
    Refund,
    /// 更正 (either sign; after a dispute, A5)
    Correction,
    /// 冒领抵扣 (negative): an overpayment recovered from the balance (B12)
    Recovery,
    /// 个人账户养老金支出 (negative): the account part of each month the
    /// bank's return shows paid (A6), dated the first of that month; a
    /// review's change of that part for the months already paid (B4); what
    /// is left undrawn is booked when the account is closed (D4)
    Drawing,
    /// 注销结算 (negative): what is left paid out to the heir, or the
    /// government subsidy returned to the fund, when the account is closed (D4)
    Closure,
    /// 转出 (negative): the balance moved to the new place when the
    /// relationship is transferred across leagues (T3)
    TransferOut,
}

pub const ALL_KINDS: [EntryKind; 12] = [
    EntryKind::Personal,
    EntryKind::Collective,
    EntryKind::Donation,
    EntryKind::Subsidy,
    EntryKind::Interest,
    EntryKind::TransferIn,
    EntryKind::Refund,
    EntryKind::Correction,
    EntryKind::Recovery,
    EntryKind::Drawing,
    EntryKind::Closure,
    EntryKind::TransferOut,
];

impl EntryKind {
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Personal => "personal",
            EntryKind::Collective => "collective",
            EntryKind::Donation => "donation",
            EntryKind::Subsidy => "subsidy",
            EntryKind::Interest => "interest",
            EntryKind::TransferIn => "transfer_in",
            EntryKind::Refund => "refund",
            EntryKind::Correction => "correction",
            EntryKind::Recovery => "recovery",
            EntryKind::Drawing => "drawing",
            EntryKind::Closure => "closure",
            EntryKind::TransferOut => "transfer_out",
        }
    }

    pub fn parse(code: &str) -> Option<EntryKind> {
        ALL_KINDS.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Personal => "个人缴费",
            EntryKind::Collective => "集体补助",
            EntryKind::Donation => "社会资助",
            EntryKind::Subsidy => "政府补贴",
            EntryKind::Interest => "利息",
            EntryKind::TransferIn => "转入",
            EntryKind::Refund => "退费",
            EntryKind::Correction => "更正",
            EntryKind::Recovery => "冒领抵扣",
            EntryKind::Drawing => "个人账户养老金支出",
            EntryKind::Closure => "注销结算",
            EntryKind::TransferOut => "转出",
        }
    }
}

/// One ledger entry: what, how much (negative for refunds and some
/// corrections), the day it counts from (the treasury deposit date), and
/// the year it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    pub amount: Yuan,
    pub credited_on: NaiveDate,
    /// A contribution's 缴费年度, the year it pays for (a 2019 contribution
    /// may be credited in January 2020, a back payment years later);
    /// otherwise the year it was credited.
    pub year: i32,
}

impl Entry {
    /// An entry for the year it is credited in.
    pub fn new(kind: EntryKind, amount: Yuan, credited_on: NaiveDate) -> Entry {
        Entry { kind, amount, credited_on, year: credited_on.year() }
    }
}

/// The contribution years (缴费年度) of an account: the one definition,
/// used by the statement, the claim, the 告知书 list, back payments and the
/// funeral grant. A year counts when the personal contributions paid for it
/// (by the person, or wholly by the government for a hardship group,
/// 政府代缴: both are `Personal` entries) come to more than zero, whenever
/// they were credited. Each year with the day its first such contribution
/// was credited.
pub fn contribution_years(entries: &[Entry]) -> std::collections::BTreeMap<i32, NaiveDate> {
    let mut paid: std::collections::BTreeMap<i32, (Yuan, NaiveDate)> = std::collections::BTreeMap::new();
    for e in entries.iter().filter(|e| e.kind == EntryKind::Personal) {
        let (sum, first) = paid.entry(e.year).or_insert((Yuan::ZERO, e.credited_on));
        *sum = *sum + e.amount;
        *first = (*first).min(e.credited_on);
    }
    paid.into_iter().filter(|(_, (sum, _))| sum.is_positive()).map(|(year, (_, on))| (year, on)).collect()
}

/// The balance: the sum of the entries. Nothing else.
pub fn balance<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Yuan {
    entries.into_iter().map(|e| e.amount).sum()
}

/// The balance at the start of `year`: every entry credited before it.
pub fn opening_balance(entries: &[Entry], year: i32) -> Yuan {
    balance(entries.iter().filter(|e| e.credited_on.year() < year))
}

/// Year-end interest for `year` at `rate` (0.0150 = 1.50 %), from all the
/// account's entries (those of later years are ignored, so the result does
/// not depend on when it is computed, nor on the order of the entries).
pub fn interest_for_year(entries: &[Entry], year: i32, rate: Decimal) -> Yuan {
    interest_between(entries, year, 0, 12, rate)
}

/// The months of `year` an amount credited on `on` earns interest: all 12
/// when credited before the year, else those after its credit month.
/// (The SQL of the interest run computes the same weights.)
pub fn months_earning(on: NaiveDate, year: i32) -> u32 {
    months_earning_through(on, year, 12)
}

/// The same counted through month `through` of `year` only (interest to
/// the month an account is closed, D4): an amount credited before the year
/// earns `through` months, one credited in month c earns `through − c`
/// (none when credited in or after that month). Through December this is
/// the year-end rule.
pub fn months_earning_through(on: NaiveDate, year: i32, through: u32) -> u32 {
    if on.year() < year { through } else { through.saturating_sub(on.month()) }
}

/// The months of `year` an amount carried in by a transfer earns at the
/// new place, when the old place paid interest through month `paid`: those
/// after `paid` and after its credit month. With `months_earning_through`
/// at the old place it makes the year-end rule's months, once (T3). (The
/// year-end run's SQL computes the same weights.)
pub fn months_earning_after(on: NaiveDate, year: i32, paid: u32) -> u32 {
    let credited = if on.year() < year { 0 } else { on.month() };
    12 - credited.max(paid).min(12)
}

/// Interest of `year` through month `through` at `rate`, by the year-end
/// method and its one rounding: the interest of an account closed in that
/// month (D4, T3).
pub fn interest_through(entries: &[Entry], year: i32, through: u32, rate: Decimal) -> Yuan {
    interest_between(entries, year, 0, through, rate)
}

/// Interest of `year` for months `after + 1` to `through` only, at `rate`:
/// what is still due when interest through month `after` was settled
/// already (an account closed in that month by a transfer out, and opened
/// again by the transfer back: T3). Every entry counts, the transfer out
/// too: money that left earns nothing after it left, money that came back
/// earns from its own month (or the month the other place paid interest
/// through). With `after` = 0 it is `interest_through`; rounded once.
pub fn interest_between(entries: &[Entry], year: i32, after: u32, through: u32, rate: Decimal) -> Yuan {
    let weighted: i64 = entries
        .iter()
        .filter(|e| e.credited_on.year() <= year)
        .map(|e| {
            let months = months_earning_through(e.credited_on, year, through).saturating_sub(months_earning_through(e.credited_on, year, after));
            e.amount.fen() * i64::from(months)
        })
        .sum();
    interest_from_weighted(weighted, rate)
}

/// Interest of `year` through month `through` still due, when `posted`
/// was posted for that year already by a pension's determination (the
/// interest to the month before its first payment, B1): the year's
/// interest to that month on `earning` — the entries without those
/// postings, for an interest entry earns nothing in its own year — less
/// what was posted. So a year's interest is the same whether or not some
/// of it was posted early; with nothing posted it is `interest_through`.
/// The year-end run computes the same in SQL.
pub fn interest_less_posted(earning: &[Entry], posted: Yuan, year: i32, through: u32, rate: Decimal) -> Yuan {
    interest_through(earning, year, through, rate) - posted
}

/// The interest on a sum of fen × months earning (Σ amount × months): exact
/// `weighted × rate / 12` fen, rounded once.
pub fn interest_from_weighted(weighted_fen_months: i64, rate: Decimal) -> Yuan {
    Yuan::round(Decimal::from(weighted_fen_months) * rate / Decimal::from(1200))
}

/// `interest_from_weighted` in fen as an SQL expression over the integer
/// SQL expression `weighted`, so that a year-end run posts a million
/// accounts in a few statements: with rate = R / 10^k, the interest is
/// weighted × R / (12 × 10^k) fen under the one rounding rule. `None` when
/// the rate carries more digits than integer arithmetic holds safely
/// (R over 10^6: a balance × 12 × R must stay far inside 64 bits).
pub fn interest_sql(weighted: &str, rate: Decimal) -> Option<String> {
    let r = rate.normalize();
    if r.is_sign_negative() || r.mantissa() > 1_000_000 {
        return None;
    }
    let divisor = 10i64.checked_pow(r.scale())?.checked_mul(12)?;
    // The cast: PostgreSQL's SUM of integers is NUMERIC, whose division
    // does not truncate.
    Some(Yuan::round_div_sql(&format!("CAST(({weighted}) AS BIGINT) * {}", r.mantissa()), divisor))
}

/// The day a year's interest entry is dated.
pub fn interest_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists")
}

/// One year of a statement (对账单, A4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSummary {
    pub year: i32,
    pub opening: Yuan,
    pub entries: Vec<Entry>,
    pub closing: Yuan,
}

/// The statement's years from the first entry to `last_year`.
pub fn years(entries: &[Entry], last_year: i32) -> Vec<YearSummary> {
    let Some(first) = entries.iter().map(|e| e.credited_on.year()).min() else { return vec![] };
    (first..=last_year)
        .map(|year| {
            let mut of_year: Vec<Entry> = entries.iter().filter(|e| e.credited_on.year() == year).copied().collect();
            of_year.sort_by_key(|e| (e.credited_on, e.kind));
            YearSummary { year, opening: opening_balance(entries, year), closing: opening_balance(entries, year + 1), entries: of_year }
        })
        .collect()
}

/// Under the employees' scheme 15 years of contributions earn a pension
/// there: such a person is not connected into this scheme
/// (《城乡养老保险制度衔接暂行办法》, 人社部发〔2014〕17号, 第三条).
pub const EMPLOYEE_YEARS_LIMIT: usize = 15;

/// 制度衔接 (T3): the 《信息表》 of an employees' scheme agency, one line
/// per year `年度,个人账户记账金额,记账利息` (yuan; a header line starting
/// with 年度 and blank lines are skipped; `,` `，` or a tab between
/// fields), as the entries carried into the account: the year's
/// contributions as a personal contribution (the years are merged into
/// this scheme's contribution years) and its interest, dated the year's
/// last day (today for the current year).
pub fn employee_record(text: &str, today: NaiveDate) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with("年度") {
            continue;
        }
        let at = |what: String| format!("《信息表》第{}行：{what}", n + 1);
        let fields: Vec<&str> = line.split([',', '，', '\t']).map(str::trim).collect();
        let [year, personal, interest] = fields[..] else {
            return Err(at("应为“年度,个人账户记账金额,记账利息”三项".to_owned()));
        };
        let year: i32 =
            year.parse().ok().filter(|y| (1992..=today.year()).contains(y)).ok_or_else(|| at(format!("年度“{year}”无效，应为1992年至今的四位年份")))?;
        if !seen.insert(year) {
            return Err(at(format!("{year} 年重复出现")));
        }
        let amount = |v: &str, what: &str| {
            Yuan::parse(v).ok().filter(|y| !y.is_negative()).ok_or_else(|| at(format!("{what}“{v}”无效，应为不小于0、最多两位小数的金额")))
        };
        let (personal, interest) = (amount(personal, "个人账户记账金额")?, amount(interest, "记账利息")?);
        let on = interest_date(year).min(today);
        for (kind, amount) in [(EntryKind::Personal, personal), (EntryKind::Interest, interest)] {
            if !amount.is_zero() {
                entries.push(Entry { kind, amount, credited_on: on, year });
            }
        }
    }
    if entries.is_empty() {
        return Err("《信息表》没有金额：请逐年录入个人账户记账金额和记账利息".to_owned());
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn e(kind: EntryKind, yuan: &str, on: NaiveDate) -> Entry {
        Entry::new(kind, Yuan::parse(yuan).unwrap(), on)
    }

    fn rate(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_transfer_splits_the_year_between_the_two_places() {
        // T3: the old place pays through May, the new place the months after.
        for on in [d(2019, 3, 15), d(2025, 1, 10), d(2025, 3, 15), d(2025, 5, 20), d(2025, 8, 1), d(2025, 12, 31)] {
            for paid in 0..=12 {
                assert_eq!(months_earning_through(on, 2025, paid) + months_earning_after(on, 2025, paid), months_earning(on, 2025), "{on} paid through {paid}");
            }
        }
    }

    #[test]
    fn interest_by_hand_entries_in_different_months() {
        // 2024: 1,000.00 credited in 2023 (opening balance), then 500 on
        // 15 March and 30 (subsidy) on 20 November. Rate 2.62 %.
        //   1000 × 0.0262                 = 26.2
        //   500 × 0.0262 × 9/12 (Apr–Dec) =  9.825
        //   30 × 0.0262 × 1/12 (Dec)      =  0.0655
        //   total 36.0905 → 36.09
        let entries =
            [e(EntryKind::Personal, "1000", d(2023, 6, 1)), e(EntryKind::Personal, "500", d(2024, 3, 15)), e(EntryKind::Subsidy, "30", d(2024, 11, 20))];
        assert_eq!(interest_for_year(&entries, 2024, rate("0.0262")), Yuan::parse("36.09").unwrap());
    }

    #[test]
    fn interest_by_hand_rounds_once_half_up() {
        // 2025 at 1.50 %: 300 credited on 31 January earns 11 months:
        // 300 × 0.015 × 11/12 = 4.125 → 4.13 (half away from zero, once).
        let entries = [e(EntryKind::Personal, "300", d(2025, 1, 31))];
        assert_eq!(interest_for_year(&entries, 2025, rate("0.015")), Yuan::parse("4.13").unwrap());
        // Rounding each entry first would give a different answer: two
        // entries of 4.125 each → 8.25 exactly, not 4.13 + 4.13 = 8.26.
        let two = [e(EntryKind::Personal, "300", d(2025, 1, 2)), e(EntryKind::Personal, "300", d(2025, 1, 31))];
        assert_eq!(interest_for_year(&two, 2025, rate("0.015")), Yuan::parse("8.25").unwrap());
    }

    #[test]
    fn interest_zero_balance_and_a_year_with_no_entries() {
        assert_eq!(interest_for_year(&[], 2025, rate("0.015")), Yuan::ZERO);
        // Only December: no month left in the year.
        let december = [e(EntryKind::Personal, "200", d(2025, 12, 1))];
        assert_eq!(interest_for_year(&december, 2025, rate("0.015")), Yuan::ZERO);
        // 2025 had no entries: the opening balance (2,000 incl. the 2024
        // interest dated 31 December 2024) earns the whole year.
        let entries = [e(EntryKind::Personal, "1960", d(2024, 1, 10)), e(EntryKind::Interest, "40", interest_date(2024))];
        assert_eq!(interest_for_year(&entries, 2025, rate("0.015")), Yuan::parse("30.00").unwrap());
        // Later years' entries do not change an earlier year's interest.
        let mut later = entries.to_vec();
        later.push(e(EntryKind::Personal, "999", d(2026, 2, 1)));
        assert_eq!(interest_for_year(&later, 2025, rate("0.015")), Yuan::parse("30.00").unwrap());
    }

    #[test]
    fn interest_through_a_month_by_hand() {
        // Closed in June 2026 at 1.50 %: the opening 2,000 earns January to
        // June (6 months): 2000 × 0.015 × 6/12 = 15; 300 credited in March
        // earns April to June: 300 × 0.015 × 3/12 = 1.125; 100 credited in
        // June earns nothing yet. 16.125 → 16.13 (once, half up).
        let entries =
            [e(EntryKind::Personal, "2000", d(2025, 5, 1)), e(EntryKind::Personal, "300", d(2026, 3, 10)), e(EntryKind::Personal, "100", d(2026, 6, 2))];
        assert_eq!(interest_through(&entries, 2026, 6, rate("0.015")), Yuan::parse("16.13").unwrap());
        // Through December it is the year-end interest.
        assert_eq!(interest_through(&entries, 2026, 12, rate("0.015")), interest_for_year(&entries, 2026, rate("0.015")));
        // Closed in January: the opening balance earns one month.
        assert_eq!(interest_through(&entries, 2026, 1, rate("0.015")), Yuan::parse("2.50").unwrap());
    }

    #[test]
    fn out_and_back_the_same_year_by_hand() {
        // 2025 at 1.50 %: an opening 2,000; transferred out in April with
        // interest to date (2000 × 4/12 × 0.015 = 10.00), the 2,010.00 gone;
        // back in August, the other place having paid through July: 2,010.00
        // carried, earning from August (as if credited in July).
        let entries = [
            e(EntryKind::Personal, "2000", d(2024, 5, 1)),
            e(EntryKind::Interest, "10", d(2025, 4, 8)),
            e(EntryKind::TransferOut, "-2010", d(2025, 4, 8)),
            e(EntryKind::TransferIn, "2010", d(2025, 7, 1)),
        ];
        let r = rate("0.015");
        assert_eq!(interest_through(&entries[..1], 2025, 4, r), Yuan::parse("10.00").unwrap());
        // Still due for May to December: 2,010 × 5/12 (August–December)
        // × 0.015 = 12.5625 → 12.56; the months the money was away earn
        // nothing.
        assert_eq!(interest_between(&entries, 2025, 4, 12, r), Yuan::parse("12.56").unwrap());
        // Gone again at the end of October: August to October only, 7.54 (7.5375).
        assert_eq!(interest_between(&entries, 2025, 4, 10, r), Yuan::parse("7.54").unwrap());
        // Nothing is due for months already settled, and from month 0 it is
        // the whole year's rule.
        assert_eq!(interest_between(&entries, 2025, 12, 12, r), Yuan::ZERO);
        assert_eq!(interest_between(&entries[..1], 2025, 0, 12, r), interest_for_year(&entries[..1], 2025, r));
    }

    #[test]
    fn a_refund_reduces_what_earns_interest() {
        // 600 in February, 100 refunded in August: 600×10/12×0.06 − 100×4/12×0.06 = 30 − 2 = 28.
        let entries = [e(EntryKind::Personal, "600", d(2022, 2, 1)), e(EntryKind::Refund, "-100", d(2022, 8, 1))];
        assert_eq!(interest_for_year(&entries, 2022, rate("0.06")), Yuan::parse("28.00").unwrap());
    }

    #[test]
    fn statement_years_chain_opening_to_closing() {
        let entries =
            [e(EntryKind::Personal, "500", d(2023, 3, 1)), e(EntryKind::Interest, "10", interest_date(2023)), e(EntryKind::Subsidy, "60", d(2025, 3, 1))];
        let ys = years(&entries, 2025);
        assert_eq!(ys.iter().map(|y| y.year).collect::<Vec<_>>(), [2023, 2024, 2025]);
        assert_eq!((ys[0].opening, ys[0].closing), (Yuan::ZERO, Yuan::parse("510").unwrap()));
        assert_eq!((ys[1].opening, ys[1].closing, ys[1].entries.len()), (Yuan::parse("510").unwrap(), Yuan::parse("510").unwrap(), 0));
        assert_eq!(ys[2].closing, Yuan::parse("570").unwrap());
        assert_eq!(contribution_years(&entries).len(), 1, "a subsidy alone is not a contribution year");
    }

    #[test]
    fn a_contribution_year_is_the_year_paid_for_not_the_year_credited() {
        let paid_for = |kind, yuan: &str, on, year| Entry { year, ..e(kind, yuan, on) };
        // A 2019 contribution deposited in January 2020, and fourteen years
        // back-paid on one day: fifteen contribution years.
        let mut entries = vec![paid_for(EntryKind::Personal, "500", d(2020, 1, 16), 2019)];
        entries.extend((2005..2019).map(|y| paid_for(EntryKind::Personal, "100", d(2025, 4, 1), y)));
        let years = contribution_years(&entries);
        assert_eq!(years.len(), 15);
        assert_eq!(years[&2019], d(2020, 1, 16));
        assert_eq!(years[&2005], d(2025, 4, 1));
        assert!(!years.contains_key(&2020), "2020 itself is not paid");
        // A year paid wholly by the government (booked as personal) counts; a
        // year whose contribution was corrected to nothing does not.
        let mut more = entries.clone();
        more.push(paid_for(EntryKind::Personal, "100", d(2021, 5, 1), 2021));
        more.push(paid_for(EntryKind::Personal, "300", d(2022, 5, 1), 2022));
        more.push(paid_for(EntryKind::Personal, "-300", d(2022, 9, 1), 2022));
        let years = contribution_years(&more);
        assert!(years.contains_key(&2021) && !years.contains_key(&2022), "{years:?}");
    }

    #[test]
    fn interest_posted_early_changes_nothing_at_the_year_end() {
        // 2026 at 1.50 %: an opening 6,000; a pension determined with its
        // interest to October posted (6000 × 10/12 × 0.015 = 75.00, dated
        // 31 October); November and December drawn, 43.71 each.
        let r = rate("0.015");
        let mut entries = vec![e(EntryKind::Personal, "6000", d(2025, 3, 1))];
        let to_october = interest_less_posted(&entries, Yuan::ZERO, 2026, 10, r);
        assert_eq!(to_october, Yuan::parse("75.00").unwrap());
        entries.push(e(EntryKind::Drawing, "-43.71", d(2026, 11, 1)));
        entries.push(e(EntryKind::Drawing, "-43.71", d(2026, 12, 1)));
        // The year: 6000 × 12/12 × 0.015 = 90 − 43.71 × (1 + 0)/12 × 0.015
        // = 89.9453… → 89.95 in all (the posted 75.00 earns nothing this
        // year); 14.95 is left for the year end.
        assert_eq!(interest_less_posted(&entries, to_october, 2026, 12, r), Yuan::parse("14.95").unwrap());
        assert_eq!(interest_for_year(&entries, 2026, r), Yuan::parse("89.95").unwrap());
        // Nothing posted: the same as interest to the month.
        assert_eq!(interest_less_posted(&entries, Yuan::ZERO, 2026, 12, r), interest_for_year(&entries, 2026, r));
    }

    fn entry() -> impl Strategy<Value = Entry> {
        (0usize..ALL_KINDS.len(), -50_000i64..500_000, 0i32..4, 1u32..=12, 1u32..=28)
            .prop_map(|(k, fen, y, m, day)| Entry::new(ALL_KINDS[k], Yuan::from_fen(fen), NaiveDate::from_ymd_opt(2022 + y, m, day).unwrap()))
    }

    proptest! {
        #[test]
        fn balance_is_the_sum_and_interest_ignores_order(mut entries in proptest::collection::vec(entry(), 0..40), seed in any::<u64>()) {
            let total: i64 = entries.iter().map(|e| e.amount.fen()).sum();
            prop_assert_eq!(balance(&entries).fen(), total);
            let years_total: Yuan = years(&entries, 2025).last().map_or(Yuan::ZERO, |y| y.closing);
            prop_assert_eq!(years_total, balance(&entries));
            let before = interest_for_year(&entries, 2024, rate("0.0262"));
            // Any other import order.
            let n = entries.len().max(1);
            entries.rotate_left((seed as usize) % n);
            entries.reverse();
            prop_assert_eq!(interest_for_year(&entries, 2024, rate("0.0262")), before);
        }
    }

    #[test]
    fn an_employee_record_becomes_carried_entries() {
        let today = d(2025, 6, 2);
        let text = "年度,个人账户记账金额,记账利息\n2012,1200.00,0\n2013，1300.50，18.00\n\n2025\t400.00\t0.00\n";
        let entries = employee_record(text, today).unwrap();
        assert_eq!(entries.len(), 4, "a zero interest is no entry");
        assert_eq!(balance(&entries), Yuan::parse("2918.50").unwrap());
        assert_eq!(entries[0], Entry::new(EntryKind::Personal, Yuan::parse("1200.00").unwrap(), d(2012, 12, 31)));
        assert_eq!(entries[2].kind, EntryKind::Interest);
        assert_eq!(entries[3].credited_on, today, "this year's line is dated today, not in the future");
        assert_eq!(contribution_years(&entries).len(), 3);
        assert_eq!(entries[3].year, 2025);
    }

    #[test]
    fn a_bad_employee_record_says_which_line() {
        let today = d(2025, 6, 2);
        for (text, says) in [
            ("2012,1200.00\n", "第1行：应为"),
            ("2012,1200,0\n2012,10,0\n", "第2行：2012 年重复"),
            ("1980,1,0\n", "第1行：年度“1980”无效"),
            ("2026,1,0\n", "年度“2026”无效"),
            ("2012,-5,0\n", "个人账户记账金额“-5”无效"),
            ("2012,5,0.001\n", "记账利息“0.001”无效"),
            ("年度,个人账户记账金额,记账利息\n", "没有金额"),
            ("2012,0,0\n", "没有金额"),
        ] {
            let e = employee_record(text, today).unwrap_err();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }
}
