//! Working days (REQUIREMENTS §4): deadlines are counted in working days
//! over a calendar of public holidays and adjusted working days (调休) that
//! is kept as data.
//!
//! Counting follows the usual rule for administrative time limits: the day
//! of receipt is not counted (期间开始之日不计算在内); the deadline is the
//! N-th working day after it.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the calendar says about one date, overriding the weekday rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 法定节假日 or a rest day moved into a holiday: no work.
    Holiday,
    /// 调休上班: a Saturday or Sunday that is a working day.
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        let mut cal = WorkCalendar::default();
        for (date, kind) in days {
            match kind {
                DayKind::Holiday => cal.holidays.insert(date),
                DayKind::Workday => cal.workdays.insert(date),
            };
        }
        cal
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        if self.holidays.contains(&date) {
            return false;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The `n`-th working day after `start` (`start` itself not counted).
    /// With `n == 0` it is `start` itself.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = next_day(date);
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// The last day to finish a matter received on `receipt` with a limit
    /// of `limit` working days.
    pub fn deadline(&self, receipt: NaiveDate, limit: u32) -> NaiveDate {
        self.add_working_days(receipt, limit)
    }

    /// Working days in the half-open interval (`from`, `to`]; negative when
    /// `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as i64
    }

    /// Working days left before `deadline` as seen on `today`: 0 means due
    /// today, negative means overdue by that many working days.
    pub fn working_days_left(&self, today: NaiveDate, deadline: NaiveDate) -> i64 {
        self.working_days_between(today, deadline)
    }
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).expect("dates stay far from the end of time")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The 2025 National Day / Mid-Autumn arrangement (国办发明电〔2024〕12号):
    /// 1–8 October off, Sunday 28 September and Saturday 11 October worked.
    fn national_day_2025() -> WorkCalendar {
        let mut days: Vec<_> = (1..=8).map(|n| (d(2025, 10, n), DayKind::Holiday)).collect();
        days.push((d(2025, 9, 28), DayKind::Workday));
        days.push((d(2025, 10, 11), DayKind::Workday));
        WorkCalendar::new(days)
    }

    #[test]
    fn weekdays_work_weekends_rest_without_data() {
        let cal = WorkCalendar::default();
        assert!(cal.is_working_day(d(2026, 11, 27))); // Friday
        assert!(!cal.is_working_day(d(2026, 11, 28))); // Saturday
    }

    #[test]
    fn three_working_days_from_a_friday() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.deadline(d(2026, 11, 27), 3), d(2026, 12, 2));
    }

    #[test]
    fn deadline_skips_the_golden_week_and_counts_the_adjusted_saturday() {
        let cal = national_day_2025();
        // Received Tuesday 30 Sept: 9 Oct (Thu) and 10 Oct (Fri) and Sat 11 Oct (worked).
        assert_eq!(cal.deadline(d(2025, 9, 30), 3), d(2025, 10, 11));
        // Received on the adjusted working Sunday: the 29th and 30th count.
        assert_eq!(cal.deadline(d(2025, 9, 28), 2), d(2025, 9, 30));
    }

    #[test]
    fn working_days_left_is_zero_on_the_deadline_and_negative_after() {
        let cal = national_day_2025();
        let deadline = d(2025, 10, 11);
        assert_eq!(cal.working_days_left(d(2025, 9, 30), deadline), 3);
        assert_eq!(cal.working_days_left(deadline, deadline), 0);
        assert_eq!(cal.working_days_left(d(2025, 10, 14), deadline), -2);
    }

    proptest! {
        #[test]
        fn adding_then_counting_gives_back_n(offset in 0u64..2000, n in 0u32..60) {
            let cal = national_day_2025();
            let start = d(2023, 1, 1) + Days::new(offset);
            let end = cal.add_working_days(start, n);
            prop_assert_eq!(cal.working_days_between(start, end), i64::from(n));
            if n > 0 {
                prop_assert!(cal.is_working_day(end));
            }
        }

        #[test]
        fn deadlines_never_move_backwards(offset in 0u64..2000, n in 0u32..30) {
            let cal = national_day_2025();
            let a = d(2023, 1, 1) + Days::new(offset);
            let b = next_day(a);
            prop_assert!(cal.deadline(a, n) <= cal.deadline(b, n));
        }

        #[test]
        fn between_is_antisymmetric(a in 0u64..1500, b in 0u64..1500) {
            let cal = national_day_2025();
            let x = d(2024, 1, 1) + Days::new(a);
            let y = d(2024, 1, 1) + Days::new(b);
            prop_assert_eq!(cal.working_days_between(x, y), -cal.working_days_between(y, x));
        }
    }
}
