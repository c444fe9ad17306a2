//! Consultations and reports (咨询、举报, S4; 规程第十二章): what may be
//! filed, the time to answer, and the tracking number the filer keeps.
//!
//! The tracking number is all an anonymous filer has, and it opens the
//! answer: it carries 40 random bits (8 characters of an alphabet without
//! look-alikes: no 0/O, 1/I/L), so numbers cannot be guessed one from
//! another. Its prefix says the kind and the day of filing, for people
//! reading it out on the phone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 咨询: a question about the scheme or one's own business.
    Consultation,
    /// 举报: a report of fraud or misconduct (冒领, 违规参保 …).
    Report,
}

/// The characters of a tracking number's random part.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM_CHARS: usize = 8;

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Consultation => "consultation",
            Kind::Report => "report",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::Consultation, Kind::Report].into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Consultation => "咨询",
            Kind::Report => "举报",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Consultation => "ZX",
            Kind::Report => "JB",
        }
    }

    /// Working days to answer. The procedure document asks for timely
    /// answers without a number; these are the service's own promise
    /// (a report needs checking on the ground).
    pub fn time_limit_days(self) -> u32 {
        match self {
            Kind::Consultation => 5,
            Kind::Report => 15,
        }
    }

    /// The tracking number of a filing of this kind on `day`, from random
    /// bytes (at least 8).
    pub fn tracking_number(self, day: NaiveDate, random: &[u8]) -> String {
        let tail: String = random.iter().take(RANDOM_CHARS).map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
        format!("{}-{}-{tail}", self.prefix(), day.format("%Y%m%d"))
    }
}

/// A tracking number as typed (spaces, dashes and lower case forgiven),
/// in its stored form; `None` when it cannot be one.
pub fn normalize_tracking(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let (prefix, rest) = cleaned.split_at_checked(2)?;
    if !matches!(prefix, "ZX" | "JB") || rest.len() != 8 + RANDOM_CHARS {
        return None;
    }
    let (day, tail) = rest.split_at(8);
    NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
    tail.bytes().all(|b| ALPHABET.contains(&b)).then(|| format!("{prefix}-{day}-{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    #[test]
    fn a_number_says_its_kind_and_day() {
        let n = Kind::Report.tracking_number(day(), &[0, 1, 2, 3, 4, 5, 6, 30]);
        assert_eq!(n, "JB-20261130-2345678Z");
        assert!(Kind::Consultation.tracking_number(day(), &[9; 8]).starts_with("ZX-20261130-"));
    }

    #[test]
    fn typing_slips_are_forgiven_but_not_other_numbers() {
        assert_eq!(normalize_tracking(" jb 20261130 2345678z ").as_deref(), Some("JB-20261130-2345678Z"));
        assert_eq!(normalize_tracking("JB-20261130-2345678Z").as_deref(), Some("JB-20261130-2345678Z"));
        // O, 0, 1 are not in the alphabet.
        assert_eq!(normalize_tracking("JB-20261130-2345678O"), None);
        assert_eq!(normalize_tracking("JB-20261130-23456781"), None);
        assert_eq!(normalize_tracking("XX-20261130-2345678Z"), None);
        assert_eq!(normalize_tracking("JB-20261340-2345678Z"), None);
        assert_eq!(normalize_tracking("JB-20261130-2345678"), None);
        assert_eq!(normalize_tracking(""), None);
    }

    proptest! {
        #[test]
        fn every_number_made_reads_back(bytes in proptest::collection::vec(any::<u8>(), 8..16), report in any::<bool>()) {
            let kind = if report { Kind::Report } else { Kind::Consultation };
            let n = kind.tracking_number(day(), &bytes);
            prop_assert_eq!(normalize_tracking(&n.to_lowercase()), Some(n));
        }
    }
}
