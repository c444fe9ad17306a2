//! Certificates a resident prints for other offices (issue 36 §4): the
//! 参保证明 (she is insured, since when, her paid years) and the 待遇领取证明
//! (she receives a pension, from when, how much). Each states the facts of
//! its day; anyone holding the paper checks it by the code printed on it
//! and in its QR code, as a statement is checked.

use crate::Yuan;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    /// 参保证明.
    Insured,
    /// 待遇领取证明.
    Receiving,
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 2] = [CertificateKind::Insured, CertificateKind::Receiving];

    /// The stable code in storage, addresses and the API.
    pub fn code(self) -> &'static str {
        match self {
            CertificateKind::Insured => "insured",
            CertificateKind::Receiving => "receiving",
        }
    }

    pub fn from_code(s: &str) -> Option<CertificateKind> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }
}

/// Where an insured person stands, as a 参保证明 states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "on")]
pub enum InsuredStatus {
    /// Insured and paying (or free to pay) each year.
    Contributing,
    /// Receiving her pension.
    Receiving,
    /// Her pension is suspended.
    Suspended,
    /// Her pension has stopped.
    Stopped,
    /// Deregistered on that day.
    Deregistered(NaiveDate),
    /// Transferred to another place on that day.
    TransferredOut(NaiveDate),
}

/// A pension's state, as a 待遇领取证明 states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PensionState {
    Active,
    Suspended,
    Stopped,
}

impl PensionState {
    pub fn from_code(s: &str) -> Option<PensionState> {
        match s {
            "active" => Some(PensionState::Active),
            "suspended" => Some(PensionState::Suspended),
            "stopped" => Some(PensionState::Stopped),
            _ => None,
        }
    }
}

/// What a certificate states (stored with it, compared with the record
/// when it is checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Certified {
    Insured {
        enrolled_on: NaiveDate,
        status: InsuredStatus,
        /// Contribution years paid (缴费年限).
        paid_years: u32,
        /// The first and the last year paid.
        years: Option<(i32, i32)>,
    },
    Receiving {
        /// The first month paid, `YYYY-MM`.
        first_month: String,
        monthly: Yuan,
        state: PensionState,
        last_certified_on: Option<NaiveDate>,
    },
}

impl Certified {
    pub fn kind(&self) -> CertificateKind {
        match self {
            Certified::Insured { .. } => CertificateKind::Insured,
            Certified::Receiving { .. } => CertificateKind::Receiving,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_facts_keep_their_codes() {
        for k in CertificateKind::ALL {
            assert_eq!(CertificateKind::from_code(k.code()), Some(k));
        }
        assert_eq!(CertificateKind::from_code("pension"), None);
        let facts = Certified::Insured {
            enrolled_on: NaiveDate::from_ymd_opt(2010, 3, 1).unwrap(),
            status: InsuredStatus::Deregistered(NaiveDate::from_ymd_opt(2025, 4, 20).unwrap()),
            paid_years: 15,
            years: Some((2010, 2024)),
        };
        let json = serde_json::to_string(&facts).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"insured","enrolled_on":"2010-03-01","status":{"state":"deregistered","on":"2025-04-20"},"paid_years":15,"years":[2010,2024]}"#
        );
        assert_eq!(serde_json::from_str::<Certified>(&json).unwrap(), facts);
        assert_eq!(facts.kind(), CertificateKind::Insured);
    }
}
