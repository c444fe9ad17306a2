//! Money: exact decimal yuan, never floating point (REQUIREMENTS §4).
//!
//! THE rounding rule of the whole system lives here, in [`Yuan::round`]:
//! to the fen (two decimals), half away from zero (四舍五入). Every
//! computation that produces a fraction of a fen (interest, a divided
//! balance, a month's share) keeps full precision as a `Decimal` and calls
//! `Yuan::round` once at the end. Storage uses integer fen.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Neg, Sub};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("金额格式不正确，请输入数字，例如 200 或 200.50")]
    Format,
    #[error("金额最多保留两位小数（到分）")]
    TooPrecise,
    #[error("金额超出允许范围")]
    OutOfRange,
}

/// An amount in yuan, exact to the fen. Serialized as a string ("200.00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Yuan(Decimal);

impl Yuan {
    pub const ZERO: Yuan = Yuan(Decimal::ZERO);

    /// The one rounding rule: to the fen, half away from zero.
    pub fn round(amount: Decimal) -> Yuan {
        let mut d = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Yuan(d)
    }

    /// The same rule in SQL integer arithmetic, for batches that compute in
    /// the database: `numerator ÷ divisor` rounded to a whole number half
    /// away from zero, where `numerator` is an integer SQL expression (of
    /// fen) and `divisor` is positive. Both engines divide integers towards
    /// zero. Tested against `round` on both engines (server tests).
    pub fn round_div_sql(numerator: &str, divisor: i64) -> String {
        assert!(divisor > 0, "a positive divisor");
        let half = divisor / 2;
        format!("(CASE WHEN ({numerator}) >= 0 THEN (({numerator}) + {half}) / {divisor} ELSE -((-({numerator}) + {half}) / {divisor}) END)")
    }

    /// Parses what a person or a file wrote; more than two decimals is refused,
    /// not silently rounded.
    pub fn parse(input: &str) -> Result<Yuan, MoneyError> {
        match plain_fen(input.trim()) {
            Some(fen) => Ok(Yuan::from_fen(fen)),
            None => Yuan::parse_decimal(input),
        }
    }

    /// `parse` for any form `Decimal` reads (signs, thousands separators,
    /// trailing zeros); `parse` itself takes a shortcut for plain amounts.
    fn parse_decimal(input: &str) -> Result<Yuan, MoneyError> {
        let s = input.trim().replace(',', "");
        let d = Decimal::from_str(&s).map_err(|_| MoneyError::Format)?;
        if d.normalize().scale() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        Yuan::from_fen_checked(d * Decimal::ONE_HUNDRED)
    }

    fn from_fen_checked(fen: Decimal) -> Result<Yuan, MoneyError> {
        let fen: i64 = fen.trunc().try_into().map_err(|_| MoneyError::OutOfRange)?;
        Ok(Yuan::from_fen(fen))
    }

    pub fn from_fen(fen: i64) -> Yuan {
        Yuan(Decimal::new(fen, 2))
    }

    /// Whole yuan, as policy tables state them.
    pub fn from_yuan(yuan: i64) -> Yuan {
        Yuan::from_fen(yuan * 100)
    }

    /// Integer fen, for storage.
    pub fn fen(self) -> i64 {
        if self.0.scale() == 2
            && let Ok(fen) = i64::try_from(self.0.mantissa())
        {
            return fen;
        }
        let scaled = self.0 * Decimal::ONE_HUNDRED;
        scaled.trunc().try_into().expect("a Yuan is always a whole number of fen in i64 range")
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_positive(self) -> bool {
        !self.is_negative() && !self.is_zero()
    }
}

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl TryFrom<String> for Yuan {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Yuan::parse(&s)
    }
}

impl From<Yuan> for String {
    fn from(y: Yuan) -> String {
        y.to_string()
    }
}

impl Add for Yuan {
    type Output = Yuan;
    fn add(self, rhs: Yuan) -> Yuan {
        Yuan(self.0 + rhs.0)
    }
}

impl Sub for Yuan {
    type Output = Yuan;
    fn sub(self, rhs: Yuan) -> Yuan {
        Yuan(self.0 - rhs.0)
    }
}

impl Neg for Yuan {
    type Output = Yuan;
    fn neg(self) -> Yuan {
        Yuan(-self.0)
    }
}

impl Sum for Yuan {
    fn sum<I: Iterator<Item = Yuan>>(iter: I) -> Yuan {
        iter.fold(Yuan::ZERO, Add::add)
    }
}

/// Fen of a plain amount, digits with at most two decimals ("200", "30.5",
/// "0.01"): the form files carry, read a million times an import without
/// going through `Decimal`. Anything else is left to `Decimal`.
fn plain_fen(s: &str) -> Option<i64> {
    let (whole, fraction) = match s.split_once('.') {
        Some((_, "")) => return None,
        Some(parts) => parts,
        None => (s, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || fraction.len() > 2 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let tenths_and_hundredths = fraction.bytes().zip([10, 1]).map(|(b, place)| i64::from(b - b'0') * place).sum::<i64>();
    Some(whole.parse::<i64>().ok()? * 100 + tenths_and_hundredths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rounds_half_away_from_zero_to_the_fen() {
        assert_eq!(Yuan::round(Decimal::new(12345, 3)).to_string(), "12.35");
        assert_eq!(Yuan::round(Decimal::new(12344, 3)).to_string(), "12.34");
        assert_eq!(Yuan::round(Decimal::new(-12345, 3)).to_string(), "-12.35");
        assert_eq!(Yuan::round(Decimal::new(5, 3)).to_string(), "0.01");
    }

    #[test]
    fn parses_what_people_write() {
        assert_eq!(Yuan::parse("200").unwrap().fen(), 20000);
        assert_eq!(Yuan::parse(" 1,500.5 ").unwrap().fen(), 150050);
        assert_eq!(Yuan::parse("0.10").unwrap().to_string(), "0.10");
        assert_eq!(Yuan::parse("12.340").unwrap().fen(), 1234);
    }

    #[test]
    fn refuses_fractions_of_a_fen_and_garbage() {
        assert_eq!(Yuan::parse("12.345"), Err(MoneyError::TooPrecise));
        assert_eq!(Yuan::parse("12元"), Err(MoneyError::Format));
        assert_eq!(Yuan::parse(""), Err(MoneyError::Format));
        assert_eq!(Yuan::parse("1e400"), Err(MoneyError::Format));
    }

    #[test]
    fn serializes_as_a_string() {
        let y = Yuan::from_yuan(197);
        assert_eq!(serde_json::to_string(&y).unwrap(), "\"197.00\"");
        let back: Yuan = serde_json::from_str("\"197.00\"").unwrap();
        assert_eq!(back, y);
    }

    proptest! {
        #[test]
        fn fen_round_trip(fen in -10_000_000_000i64..10_000_000_000) {
            let y = Yuan::from_fen(fen);
            prop_assert_eq!(y.fen(), fen);
            prop_assert_eq!(Yuan::parse(&y.to_string()).unwrap(), y);
        }

        #[test]
        fn plain_amounts_read_as_decimal_reads_them(s in "[0-9]{1,16}(\\.[0-9]{0,3})?") {
            prop_assert_eq!(Yuan::parse(&s), Yuan::parse_decimal(&s));
        }

        #[test]
        fn sums_are_exact(fens in proptest::collection::vec(-1_000_000i64..1_000_000, 0..200)) {
            let total: Yuan = fens.iter().map(|f| Yuan::from_fen(*f)).sum();
            prop_assert_eq!(total.fen(), fens.iter().sum::<i64>());
        }

        #[test]
        fn rounding_moves_less_than_half_a_fen(mills in -1_000_000_000i64..1_000_000_000) {
            let exact = Decimal::new(mills, 3);
            let rounded = Yuan::round(exact).as_decimal();
            prop_assert!((rounded - exact).abs() <= Decimal::new(5, 3));
        }
    }
}
