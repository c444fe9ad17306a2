//! The values a filing carries besides identity documents and money: who
//! filed it, how the person confirmed it, their household type, a payee's
//! relation, a bank card and a telephone number.
//!
//! Each closed set has a stable code (what storage, pages and `/api/v1`
//! carry) and a Chinese label (what forms print; other languages come
//! through i18n). Reading accepts the code or the label, so rows and
//! clients from before the codes still parse; writing always gives the
//! code.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed set of values with a code and a label.
macro_rules! coded {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal / $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, pages and the API.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The Chinese name printed on forms.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn from_code(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == s)
            }

            /// Accepts the code or the Chinese name (rows stored, and
            /// clients written, before the codes).
            pub fn from_label_or_code(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::from_label_or_code(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown {}: {s}", stringify!($name))))
            }
        }
    };
}

coded! {
    /// Who filed an application (G5).
    ApplicantKind {
        /// The person, signed in with their own account.
        Own = "self" / "本人",
        /// The person at a self-service kiosk, identified by staff.
        Kiosk = "kiosk" / "自助终端",
        /// Staff at the window or on a home visit, from the signed paper form.
        Staff = "staff" / "工作人员代办",
        /// An heir or beneficiary who declared their relationship (a death
        /// deregistration).
        Agent = "agent" / "代办人",
    }
}

coded! {
    /// How the person confirmed what was filed (E1).
    Confirmation {
        /// The declaration on the page, online or at a kiosk.
        OnlineDeclaration = "online_declaration" / "网上声明",
        /// Signed the paper form.
        Signature = "signature" / "签字",
        /// Put a fingerprint on the paper form.
        Thumbprint = "thumbprint" / "指印",
        /// Staff checked the person in person (an assisted certification).
        StaffVerified = "staff_verified" / "工作人员核验",
        /// The commitment confirmed with the person's own passkey (附件7).
        PasskeyCommitment = "passkey_commitment" / "通行密钥确认承诺书",
        /// Signed on the kiosk's screen, the staff member beside them.
        KioskSignature = "kiosk_signature" / "在终端签名",
        /// Put a fingerprint on the kiosk's reader, the staff member beside them.
        KioskThumbprint = "kiosk_thumbprint" / "在终端按指印",
    }
}

impl Confirmation {
    /// What staff may record for a paper form.
    pub const ON_PAPER: [Confirmation; 2] = [Confirmation::Signature, Confirmation::Thumbprint];
    /// What the staff member at a kiosk records of the resident they serve
    /// (issue 36 §2): the resident confirms on the screen, as at the window.
    pub const AT_KIOSK: [Confirmation; 2] = [Confirmation::KioskSignature, Confirmation::KioskThumbprint];
}

coded! {
    /// 户口性质 on the enrolment form (附件1).
    HouseholdType {
        Agricultural = "agricultural" / "农业",
        NonAgricultural = "non_agricultural" / "非农业",
    }
}

coded! {
    /// 与参保者关系: who receives a settlement (附件7).
    Relation {
        /// The insured person themselves (grounds other than death).
        Own = "self" / "本人",
        Spouse = "spouse" / "配偶",
        Child = "child" / "子女",
        Parent = "parent" / "父母",
        Sibling = "sibling" / "兄弟姐妹",
        OtherHeir = "other_heir" / "其他法定继承人",
        Beneficiary = "beneficiary" / "指定受益人",
    }
}

impl Relation {
    /// Those who may receive a deceased person's settlement.
    pub const HEIRS: [Relation; 6] = [Relation::Spouse, Relation::Child, Relation::Parent, Relation::Sibling, Relation::OtherHeir, Relation::Beneficiary];
}

/// Why a bank card number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("银行卡号应为16–19位数字，用于发放待遇")]
pub struct BadCard;

/// A bank card number: 16–19 digits (spaces typed between groups are
/// dropped). A failed Luhn check is a warning for the reviewer, never a
/// refusal: some older cards fail it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BankCard(String);

impl BankCard {
    pub fn parse(input: &str) -> Result<Self, BadCard> {
        let card: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if (16..=19).contains(&card.len()) && card.bytes().all(|b| b.is_ascii_digit()) { Ok(BankCard(card)) } else { Err(BadCard) }
    }

    /// A card already on file: 12–19 digits, as the rule before the
    /// 16-digit minimum accepted (such cards are still paid to).
    pub fn from_stored(stored: &str) -> Option<Self> {
        ((12..=19).contains(&stored.len()) && stored.bytes().all(|b| b.is_ascii_digit())).then(|| BankCard(stored.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `**** 1234`.
    pub fn masked(&self) -> String {
        crate::id_number::mask_card(&self.0)
    }

    /// The last four digits, as a notice names the card.
    pub fn tail(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    /// Whether the Luhn check digit holds.
    pub fn luhn_ok(&self) -> bool {
        let sum: u32 =
            self.0.bytes().rev().enumerate().map(|(i, b)| u32::from(b - b'0') * if i % 2 == 1 { 2 } else { 1 }).map(|d| if d > 9 { d - 9 } else { d }).sum();
        sum.is_multiple_of(10)
    }
}

/// Cards stored before the 16-digit minimum (12 digits were accepted) still
/// read; anything else stored is refused.
impl<'de> Deserialize<'de> for BankCard {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        BankCard::from_stored(&s).ok_or_else(|| serde::de::Error::custom("bad stored bank card"))
    }
}

impl Serialize for BankCard {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Why a telephone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("请填写11位手机号码，或带区号的固定电话（如 0471-1234567）")]
pub struct BadPhone;

/// A telephone number: a mainland mobile (11 digits from 1) or a landline
/// with its area code (`0471-1234567`, stored without the hyphen). Only a
/// mobile receives text messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, BadPhone> {
        let digits: String = input.chars().filter(|c| !(c.is_whitespace() || *c == '-')).collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BadPhone);
        }
        let mobile = digits.len() == 11 && digits.starts_with('1');
        let landline = digits.starts_with('0') && (10..=12).contains(&digits.len());
        if mobile || landline { Ok(Phone(digits)) } else { Err(BadPhone) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        self.0.starts_with('1')
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        crate::id_number::mask_phone(&self.0)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Phone::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// What the household registry said of the person when they filed (the
/// reviewer compares it; approval copies it into the insured record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryFacts {
    pub sex: crate::Sex,
    pub birth_date: chrono::NaiveDate,
    pub ethnicity: String,
    /// 户籍地址 (an enrolment records it; a transfer-in does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_address: Option<String>,
}

/// The 《参保登记表》 fields a person gives when they become insured here
/// (an enrolment, or a transfer-in of someone not insured here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub residence_address: String,
    pub phone: Phone,
    /// 缴费档次, yuan a year.
    pub tier: crate::Yuan,
    pub bank_card: BankCard,
}

/// E1: why a resident may not enrol (yet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MayNotEnrol {
    #[error("年满 {age} 周岁方可参保：参保人于 {from} 年满 {age} 周岁，届时可以申请")]
    TooYoung { age: u32, from: chrono::NaiveDate },
    #[error("全日制在校学生不参加城乡居民基本养老保险，离校后可以参保")]
    Student,
}

/// E1: a resident born on `birth` may enrol on `today` from the enrolment
/// age (`Policy::enrolment_min_age`), unless a full-time student.
pub fn may_enrol(birth: chrono::NaiveDate, today: chrono::NaiveDate, min_age: u32, full_time_student: bool) -> Result<(), MayNotEnrol> {
    if full_time_student {
        return Err(MayNotEnrol::Student);
    }
    let from = crate::benefit::reaches_age(birth, min_age);
    if today < from {
        return Err(MayNotEnrol::TooYoung { age: min_age, from });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residents_enrol_from_sixteen_and_not_while_at_school() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let birth = d(2010, 3, 8);
        assert_eq!(may_enrol(birth, d(2026, 3, 7), 16, false), Err(MayNotEnrol::TooYoung { age: 16, from: d(2026, 3, 8) }));
        assert_eq!(may_enrol(birth, d(2026, 3, 8), 16, false), Ok(()), "on the birthday");
        assert_eq!(may_enrol(birth, d(2026, 3, 8), 16, true), Err(MayNotEnrol::Student));
        assert_eq!(may_enrol(d(1965, 3, 8), d(2026, 3, 8), 16, false), Ok(()));
        // A birthday on 29 February: the 28th in a common year.
        assert_eq!(may_enrol(d(2008, 2, 29), d(2025, 2, 27), 17, false), Err(MayNotEnrol::TooYoung { age: 17, from: d(2025, 2, 28) }));
        assert_eq!(may_enrol(d(2008, 2, 29), d(2025, 2, 28), 17, false), Ok(()));
    }

    #[test]
    fn codes_are_written_and_codes_or_labels_are_read() {
        assert_eq!(serde_json::to_string(&HouseholdType::Agricultural).unwrap(), "\"agricultural\"");
        assert_eq!(serde_json::from_str::<HouseholdType>("\"农业\"").unwrap(), HouseholdType::Agricultural);
        assert_eq!(serde_json::from_str::<Confirmation>("\"指印\"").unwrap(), Confirmation::Thumbprint);
        assert_eq!(serde_json::from_str::<Relation>("\"child\"").unwrap(), Relation::Child);
        assert!(serde_json::from_str::<Relation>("\"邻居\"").is_err());
        for kind in ApplicantKind::ALL {
            assert_eq!(ApplicantKind::from_code(kind.code()), Some(*kind));
        }
    }

    #[test]
    fn bank_cards_are_16_to_19_digits_and_luhn_only_warns() {
        assert_eq!(BankCard::parse("6217 0000 1111 2222").unwrap().as_str(), "6217000011112222");
        assert!(BankCard::parse("621700001111").is_err(), "12 digits: too short for a new card");
        assert!(BankCard::parse("62170000111122223333").is_err());
        assert!(BankCard::parse("6217a00011112222").is_err());
        assert!(BankCard::parse("4111111111111111").unwrap().luhn_ok());
        let bad = BankCard::parse("4111111111111112").unwrap();
        assert!(!bad.luhn_ok(), "a failed check digit still parses");
        assert_eq!(bad.masked(), "**** 1112");
        assert_eq!(bad.tail(), "1112");
        assert_eq!(serde_json::from_str::<BankCard>("\"621700001111\"").unwrap().as_str(), "621700001111", "an old stored card reads");
    }

    #[test]
    fn phones_are_mobiles_or_landlines_with_area_code() {
        let mobile = Phone::parse("138 0471 5678").unwrap();
        assert!(mobile.is_mobile());
        assert_eq!(mobile.masked(), "138****5678");
        let landline = Phone::parse("0471-1234567").unwrap();
        assert_eq!(landline.as_str(), "04711234567");
        assert!(!landline.is_mobile());
        for bad in ["1380471567", "23804715678", "1234567", "0471-12x4567", ""] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }
}
