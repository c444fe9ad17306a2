//! Identity document numbers (REQUIREMENTS V1, §6).
//!
//! The 18-character resident ID number (公民身份号码, GB 11643) carries a
//! six-digit address code, the birth date, a sequence number whose last
//! digit gives the sex, and an ISO 7064 MOD 11-2 check character. Legacy
//! 15-digit numbers (issued before 1999, born 19YY) are upgraded to the
//! 18-character form on parse, so every stored number has one shape.
//!
//! An address code is never rejected for missing from today's division list:
//! it is the code at the time of registration (§6).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why a document number was refused. The message is safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("证件号码不能为空")]
    Empty,
    #[error("身份证号码应为18位（旧证15位），请核对位数")]
    Length,
    #[error("身份证号码只能包含数字，最后一位可以是X")]
    Characters,
    #[error("身份证号码中的出生日期不正确，请核对")]
    BirthDate,
    #[error("身份证号码校验位不正确，请逐位核对后重新输入")]
    CheckCharacter,
    #[error("港澳台居民居住证号码应以810000、820000或830000开头")]
    PermitPrefix,
    #[error("外国人永久居留身份证号码应以9开头，共18位")]
    ForeignerPrefix,
    #[error("证件号码格式不正确：只能包含字母和数字，长度5至20位")]
    Format,
}

/// Sex as encoded in the 17th character of the resident ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// `male` or `female`, as the registry and the insured record store it.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    /// Accepts the code or the Chinese word (男, 女).
    pub fn from_label_or_code(s: &str) -> Option<Sex> {
        [Sex::Male, Sex::Female].into_iter().find(|x| x.code() == s.trim() || x.label() == s.trim())
    }

    /// 男 or 女, as forms print it.
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// The kinds of valid identity document of V1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 居民身份证
    ResidentId,
    /// 社会保障卡 (its number is the holder's resident ID number)
    SocialSecurityCard,
    /// 港澳台居民居住证
    HkMacaoTaiwanPermit,
    /// 外国人永久居留身份证 / 居留证件
    ForeignerPermit,
    /// 外国护照
    ForeignPassport,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::ResidentId,
        DocumentKind::SocialSecurityCard,
        DocumentKind::HkMacaoTaiwanPermit,
        DocumentKind::ForeignerPermit,
        DocumentKind::ForeignPassport,
    ];

    /// The stable code used in storage, files and the API.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "resident_id",
            DocumentKind::SocialSecurityCard => "social_security_card",
            DocumentKind::HkMacaoTaiwanPermit => "hk_macao_taiwan_permit",
            DocumentKind::ForeignerPermit => "foreigner_permit",
            DocumentKind::ForeignPassport => "foreign_passport",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The name printed on forms and used in data files.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "居民身份证",
            DocumentKind::SocialSecurityCard => "社会保障卡",
            DocumentKind::HkMacaoTaiwanPermit => "港澳台居民居住证",
            DocumentKind::ForeignerPermit => "外国人永久居留身份证",
            DocumentKind::ForeignPassport => "外国护照",
        }
    }

    /// Accepts either the code or the Chinese name.
    pub fn from_label_or_code(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.code() == s || k.label() == s)
    }
}

/// The check character of the first 17 characters (which must be digits).
/// Completes 17 digits with their GB 11643 check character (for test and
/// synthetic data; real numbers come from people's documents).
pub fn with_check_char(first17: &str) -> String {
    format!("{first17}{}", check_char(first17.as_bytes()))
}

fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// An 18-character number with the GB 11643 structure, checked.
fn parse_gb11643(s: &str) -> Result<String, IdError> {
    let upper = s.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    if bytes.len() != 18 {
        return Err(IdError::Length);
    }
    if !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Err(IdError::Characters);
    }
    birth_date_of(&upper[6..14]).ok_or(IdError::BirthDate)?;
    if check_char(&bytes[..17]) != bytes[17] as char {
        return Err(IdError::CheckCharacter);
    }
    Ok(upper)
}

fn birth_date_of(yyyymmdd: &str) -> Option<NaiveDate> {
    let y = yyyymmdd[0..4].parse().ok()?;
    let m = yyyymmdd[4..6].parse().ok()?;
    let d = yyyymmdd[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|date| date.year() >= 1880)
}

/// A resident ID number (公民身份号码), always in its 18-character form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber(String);

impl IdNumber {
    /// Parses an 18-character number, or upgrades a legacy 15-digit one.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = input.trim();
        match s.len() {
            0 => Err(IdError::Empty),
            15 => Self::parse_legacy(s),
            18 => parse_gb11643(s).map(IdNumber),
            _ => Err(IdError::Length),
        }
    }

    fn parse_legacy(s: &str) -> Result<Self, IdError> {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::Characters);
        }
        let mut first17 = String::with_capacity(18);
        first17.push_str(&s[..6]);
        first17.push_str("19");
        first17.push_str(&s[6..]);
        birth_date_of(&first17[6..14]).ok_or(IdError::BirthDate)?;
        let check = check_char(first17.as_bytes());
        first17.push(check);
        Ok(IdNumber(first17))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit address code at the time of registration.
    pub fn address_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0[6..14]).expect("checked on parse")
    }

    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female }
    }

    /// Full years of age on `on`.
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        let birth = self.birth_date();
        on.years_since(birth).unwrap_or(0)
    }

    /// `150102********123X`: for lists and logs.
    pub fn masked(&self) -> String {
        mask(&self.0, 6, 4)
    }
}

/// `138****5678`.
pub fn mask_phone(s: &str) -> String {
    mask(s, 3, 4)
}

/// `z***@example.com`: the first character of the local part and the domain.
pub fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => mask(s, 1, 0),
    }
}

/// `**** 1234`: a bank card shows its last four digits only.
pub fn mask_card(s: &str) -> String {
    let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("**** {tail}")
}

/// Keeps `head` and `tail` characters and stars the rest.
pub fn mask(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Debug and Display never print the full number (STYLE.md §8).
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A document of any V1 kind with its number, checked for that kind.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentNumber {
    kind: DocumentKind,
    number: String,
}

impl DocumentNumber {
    pub fn parse(kind: DocumentKind, input: &str) -> Result<Self, IdError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        let number = match kind {
            DocumentKind::ResidentId | DocumentKind::SocialSecurityCard => IdNumber::parse(s)?.0,
            DocumentKind::HkMacaoTaiwanPermit => {
                let n = parse_gb11643(s)?;
                if !["810000", "820000", "830000"].contains(&&n[..6]) {
                    return Err(IdError::PermitPrefix);
                }
                n
            }
            DocumentKind::ForeignerPermit if s.len() == 18 => {
                // The 2023 permanent residence ID card: 9 + GB 11643 structure.
                let n = parse_gb11643(s)?;
                if !n.starts_with('9') {
                    return Err(IdError::ForeignerPrefix);
                }
                n
            }
            DocumentKind::ForeignerPermit | DocumentKind::ForeignPassport => {
                let ok = (5..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
                if !ok {
                    return Err(IdError::Format);
                }
                s.to_ascii_uppercase()
            }
        };
        Ok(DocumentNumber { kind, number })
    }

    pub fn kind(&self) -> DocumentKind {
        self.kind
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn masked(&self) -> String {
        if self.number.len() == 18 { mask(&self.number, 6, 4) } else { mask(&self.number, 2, 2) }
    }
}

impl fmt::Debug for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentNumber({:?}, {})", self.kind, self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Builds a valid number from 17 digits by computing the check character.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()))
    }

    #[test]
    fn masks_as_the_lists_show_them() {
        assert_eq!(IdNumber::parse("11010519491231002X").unwrap().masked(), "110105********002X");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_email("zhang@example.com"), "z***@example.com");
        assert_eq!(mask_card("6228 4800 1234 5678"), "**** 5678");
    }

    #[test]
    fn accepts_the_gb11643_example() {
        // The worked example of GB 11643-1999: 11010519491231002X.
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(Sex::from_label_or_code("女"), Some(Sex::Female));
        assert_eq!(Sex::from_label_or_code(Sex::Male.code()), Some(Sex::Male));
        assert_eq!(Sex::from_label_or_code("unknown"), None);
        assert_eq!(id.address_code(), "110105");
    }

    #[test]
    fn refuses_a_wrong_check_character() {
        assert_eq!(IdNumber::parse("110105194912310021"), Err(IdError::CheckCharacter));
    }

    #[test]
    fn refuses_an_impossible_birth_date() {
        let bad = with_check("15010219790230123");
        assert_eq!(IdNumber::parse(&bad), Err(IdError::BirthDate));
    }

    #[test]
    fn refuses_wrong_length_and_characters() {
        assert_eq!(IdNumber::parse(""), Err(IdError::Empty));
        assert_eq!(IdNumber::parse("1501021980"), Err(IdError::Length));
        assert_eq!(IdNumber::parse("15010219800101A23X"), Err(IdError::Characters));
    }

    #[test]
    fn upgrades_a_legacy_15_digit_number() {
        let id = IdNumber::parse("150102800101123").unwrap();
        assert_eq!(id.as_str(), with_check("15010219800101123"));
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1980, 1, 1).unwrap());
        assert_eq!(id.sex(), Sex::Male);
    }

    #[test]
    fn age_counts_full_years() {
        let id = IdNumber::parse(&with_check("15010219660301123")).unwrap();
        assert_eq!(id.age_on(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()), 59);
        assert_eq!(id.age_on(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), 60);
    }

    #[test]
    fn masks_in_display_and_debug() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.to_string(), "110105********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(110105********002X)");
    }

    #[test]
    fn social_security_card_uses_the_resident_id_rules() {
        assert!(DocumentNumber::parse(DocumentKind::SocialSecurityCard, "11010519491231002X").is_ok());
        assert_eq!(DocumentNumber::parse(DocumentKind::SocialSecurityCard, "110105194912310021"), Err(IdError::CheckCharacter));
    }

    #[test]
    fn hk_macao_taiwan_permit_needs_its_prefix() {
        let ok = with_check("81000019900101123");
        assert!(DocumentNumber::parse(DocumentKind::HkMacaoTaiwanPermit, &ok).is_ok());
        let wrong = with_check("15010219900101123");
        assert_eq!(DocumentNumber::parse(DocumentKind::HkMacaoTaiwanPermit, &wrong), Err(IdError::PermitPrefix));
    }

    #[test]
    fn foreign_documents() {
        assert!(DocumentNumber::parse(DocumentKind::ForeignPassport, "e1234567").is_ok());
        assert_eq!(DocumentNumber::parse(DocumentKind::ForeignPassport, "E12-34567"), Err(IdError::Format));
        let permit = with_check("93615619900101123");
        assert!(DocumentNumber::parse(DocumentKind::ForeignerPermit, &permit).is_ok());
        assert!(DocumentNumber::parse(DocumentKind::ForeignerPermit, "USA150068304").is_ok());
    }

    #[test]
    fn document_kind_codes_round_trip() {
        for kind in DocumentKind::ALL {
            assert_eq!(DocumentKind::from_code(kind.code()), Some(kind));
        }
    }

    fn valid_first17() -> impl Strategy<Value = String> {
        (100000u32..660000, 1900i32..2025, 1u32..13, 1u32..29, 0u32..1000).prop_map(|(region, y, m, d, seq)| format!("{region:06}{y:04}{m:02}{d:02}{seq:03}"))
    }

    proptest! {
        #[test]
        fn every_number_with_its_check_character_parses(first17 in valid_first17()) {
            let full = with_check(&first17);
            let id = IdNumber::parse(&full).unwrap();
            prop_assert_eq!(id.as_str(), full.as_str());
        }

        #[test]
        fn changing_any_one_digit_is_caught(first17 in valid_first17(), pos in 0usize..17, delta in 1u8..10) {
            let full = with_check(&first17);
            let mut bytes = full.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            // Either the date broke or the check character caught it: never accepted.
            prop_assert!(IdNumber::parse(&changed).is_err());
        }

        #[test]
        fn legacy_and_new_forms_agree(region in 100000u32..660000, yy in 0u32..100, m in 1u32..13, d in 1u32..29, seq in 0u32..1000) {
            let legacy = format!("{region:06}{yy:02}{m:02}{d:02}{seq:03}");
            let upgraded = IdNumber::parse(&legacy).unwrap();
            let direct = IdNumber::parse(upgraded.as_str()).unwrap();
            prop_assert_eq!(upgraded, direct);
        }

        #[test]
        fn masking_never_shows_the_birth_date(first17 in valid_first17()) {
            let id = IdNumber::parse(&with_check(&first17)).unwrap();
            let masked = id.masked();
            prop_assert_eq!(masked.len(), 18);
            prop_assert_eq!(&masked[6..14], "********");
        }
    }
}
