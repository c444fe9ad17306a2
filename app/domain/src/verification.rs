//! The code that proves a printed paper genuine (A4): the same code is
//! printed for a person to type and held by the QR code for a phone to
//! read. Sixteen characters of Crockford's base 32 (80 random bits),
//! printed in groups of four; whoever types it may mix cases, leave out
//! the dashes, type on a full-width keyboard, or read O for 0 and I or L
//! for 1.

use std::fmt;

/// Crockford's base 32: digits and letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A verification code, kept in its canonical form (16 characters, no
/// dashes); `Display` groups it for print (`7K3M-Q9XD-2HVB-T4NE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerificationCode(String);

impl VerificationCode {
    pub const LEN: usize = 16;

    /// The code of 80 random bits.
    pub fn from_random(bits: [u8; 10]) -> Self {
        let mut n = bits.iter().fold(0u128, |n, b| (n << 8) | u128::from(*b));
        let mut out = [0u8; Self::LEN];
        for c in out.iter_mut().rev() {
            *c = ALPHABET[(n & 31) as usize];
            n >>= 5;
        }
        Self(out.iter().map(|b| char::from(*b)).collect())
    }

    /// The code a person typed, or `None` when it cannot be one.
    pub fn parse(typed: &str) -> Option<Self> {
        let canonical: String = typed
            .chars()
            .map(|c| match c {
                // Full-width forms (U+FF01–U+FF5E), as a Chinese keyboard types them.
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '–' | '—'))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        (canonical.len() == Self::LEN && canonical.bytes().all(|b| ALPHABET.contains(&b))).then_some(Self(canonical))
    }

    /// The canonical form: what is stored and what the QR code's link holds.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, group) in self.0.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_code_reads_back_however_it_is_typed() {
        let code = VerificationCode::from_random([0x3a, 0x91, 0xff, 0x00, 0x12, 0x7c, 0x55, 0xe0, 0x08, 0xb3]);
        let printed = code.to_string();
        assert_eq!(printed.len(), 19);
        assert_eq!(printed.matches('-').count(), 3);
        for typed in [printed.clone(), printed.to_lowercase(), printed.replace('-', " "), printed.replace('-', ""), format!("  {printed}\n")] {
            assert_eq!(VerificationCode::parse(&typed), Some(code.clone()), "{typed}");
        }
        let full_width: String = printed.chars().map(|c| if c == '-' { '－' } else { char::from_u32(c as u32 + 0xFEE0).unwrap() }).collect();
        assert_eq!(VerificationCode::parse(&full_width), Some(code.clone()));
        assert_eq!(VerificationCode::parse(code.as_str()), Some(code));
    }

    #[test]
    fn letters_read_as_digits_are_the_digits() {
        assert_eq!(VerificationCode::parse("OOOO-IIII-LLLL-0000").map(|c| c.as_str().to_owned()), Some("0000111111110000".to_owned()));
    }

    #[test]
    fn what_cannot_be_a_code_is_refused() {
        for typed in ["", "7K3M-Q9XD-2HVB", "7K3M-Q9XD-2HVB-T4NE-A", "7K3M-Q9XD-2HVB-T4NU", "7K3M/Q9XD/2HVB/T4NE", "3f0c2a9e-8d4b-4c1e-9a7f-1b2c3d4e5f60"] {
            assert_eq!(VerificationCode::parse(typed), None, "{typed}");
        }
    }

    #[test]
    fn every_code_uses_all_eighty_bits() {
        assert_eq!(VerificationCode::from_random([0; 10]).as_str(), "0000000000000000");
        assert_eq!(VerificationCode::from_random([0xff; 10]).as_str(), "ZZZZZZZZZZZZZZZZ");
        assert_eq!(VerificationCode::from_random([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).as_str(), "0000000000000001");
    }
}
