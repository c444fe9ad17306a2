//! The audit trail's hash chain (REQUIREMENTS G3; issue 3).
//!
//! Every record carries the hash of the one before it; the hash covers the
//! record's sequence number, time and every field. Editing a record breaks
//! its own hash, deleting one leaves a gap in the sequence or a wrong
//! `prev_hash` in the next, so [`verify_chain`] names the first broken record.
//! (Deleting the newest records is caught by comparing with a head kept
//! elsewhere, such as an exported or printed daily head.)

use sha2::{Digest, Sha256};
use std::fmt;

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, as the caller states it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AuditEntry {
    /// Who: an account id, `anonymous` or `system`.
    pub actor: String,
    /// The person acted for, when not the actor.
    pub on_behalf_of: Option<String>,
    pub role: Option<String>,
    pub kiosk: Option<String>,
    /// web, api, kiosk, window, home_visit, batch, system
    pub channel: String,
    pub ip: Option<String>,
    /// e.g. `registry.import`, `person.view`, `auth.sign_in_failed`
    pub action: String,
    /// What it was done to (an id, never a full ID number).
    pub subject: Option<String>,
    /// JSON of the values before and after, where something changed.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl fmt::Debug for AuditEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Before/after values may hold personal data: not printed.
        f.debug_struct("AuditEntry").field("actor", &self.actor).field("action", &self.action).field("subject", &self.subject).finish_non_exhaustive()
    }
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 over an unambiguous encoding of every field (each field is
/// length-prefixed; an absent one is `-`).
pub fn record_hash(seq: i64, at: &str, e: &AuditEntry, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let mut field = |v: Option<&str>| match v {
        Some(s) => {
            h.update(s.len().to_string().as_bytes());
            h.update(b":");
            h.update(s.as_bytes());
        }
        None => h.update(b"-"),
    };
    let seq = seq.to_string();
    for v in [
        Some("audit-v1"),
        Some(seq.as_str()),
        Some(at),
        Some(e.actor.as_str()),
        e.on_behalf_of.as_deref(),
        e.role.as_deref(),
        e.kiosk.as_deref(),
        Some(e.channel.as_str()),
        e.ip.as_deref(),
        Some(e.action.as_str()),
        e.subject.as_deref(),
        e.before.as_deref(),
        e.after.as_deref(),
        Some(prev_hash),
    ] {
        field(v);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// Record `seq` is missing (deleted, or the sequence was renumbered).
    Missing { seq: i64 },
    /// Record `seq` does not point at the hash of the record before it.
    Unlinked { seq: i64 },
    /// Record `seq` was changed after it was written.
    Altered { seq: i64 },
}

impl ChainBreak {
    pub fn seq(&self) -> i64 {
        match self {
            ChainBreak::Missing { seq } | ChainBreak::Unlinked { seq } | ChainBreak::Altered { seq } => *seq,
        }
    }
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainBreak::Missing { seq } => write!(f, "第 {seq} 条审计记录缺失（被删除或序号被改动）"),
            ChainBreak::Unlinked { seq } => write!(f, "第 {seq} 条审计记录与前一条记录的哈希不衔接"),
            ChainBreak::Altered { seq } => write!(f, "第 {seq} 条审计记录的内容在写入后被修改"),
        }
    }
}

/// Checks records in sequence order, continuing from `(next_seq, prev_hash)`
/// so that a long log can be checked in pages. Returns the state to continue
/// from, or the first break.
pub fn verify_chain<'a>(records: impl IntoIterator<Item = &'a AuditRecord>, mut next_seq: i64, mut prev_hash: String) -> Result<(i64, String), ChainBreak> {
    for r in records {
        if r.seq != next_seq {
            return Err(ChainBreak::Missing { seq: next_seq });
        }
        if r.prev_hash != prev_hash {
            return Err(ChainBreak::Unlinked { seq: r.seq });
        }
        if record_hash(r.seq, &r.at, &r.entry, &r.prev_hash) != r.hash {
            return Err(ChainBreak::Altered { seq: r.seq });
        }
        next_seq += 1;
        prev_hash = r.hash.clone();
    }
    Ok((next_seq, prev_hash))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(n: usize) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_owned();
        (1..=n as i64)
            .map(|seq| {
                let entry = AuditEntry {
                    actor: format!("user-{}", seq % 3),
                    channel: "web".into(),
                    action: "person.view".into(),
                    subject: Some(format!("p{seq}")),
                    after: (seq % 2 == 0).then(|| format!("{{\"n\":{seq}}}")),
                    ..Default::default()
                };
                let at = format!("2026-11-29T08:00:{:02}Z", seq % 60);
                let hash = record_hash(seq, &at, &entry, &prev);
                let r = AuditRecord { seq, at, entry, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                r
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_and_can_be_checked_in_pages() {
        let c = chain(10);
        assert!(verify_chain(&c, 1, GENESIS.into()).is_ok());
        let (next, prev) = verify_chain(&c[..4], 1, GENESIS.into()).unwrap();
        assert_eq!(verify_chain(&c[4..], next, prev), Ok((11, c[9].hash.clone())));
    }

    #[test]
    fn absent_and_empty_fields_hash_differently() {
        let a = AuditEntry { subject: None, ..Default::default() };
        let b = AuditEntry { subject: Some(String::new()), ..Default::default() };
        assert_ne!(record_hash(1, "t", &a, GENESIS), record_hash(1, "t", &b, GENESIS));
    }

    proptest! {
        #[test]
        fn any_edit_is_found_at_the_edited_record(n in 1usize..30, pick in 0usize..30, field in 0usize..4) {
            let mut c = chain(n);
            let i = pick % n;
            match field {
                0 => c[i].entry.actor.push('x'),
                1 => c[i].entry.after = Some("{\"forged\":true}".into()),
                2 => c[i].at = "2020-01-01T00:00:00Z".into(),
                _ => c[i].entry.subject = None,
            }
            prop_assert_eq!(verify_chain(&c, 1, GENESIS.into()), Err(ChainBreak::Altered { seq: i as i64 + 1 }));
        }

        #[test]
        fn any_deletion_but_the_newest_is_found(n in 2usize..30, pick in 0usize..29) {
            let mut c = chain(n);
            let i = pick % (n - 1);
            c.remove(i);
            prop_assert_eq!(verify_chain(&c, 1, GENESIS.into()).unwrap_err().seq(), i as i64 + 1);
        }

        #[test]
        fn a_rehashed_edit_is_still_found_by_the_next_record(n in 2usize..30, pick in 0usize..29) {
            let mut c = chain(n);
            let i = pick % (n - 1);
            c[i].entry.actor = "forger".into();
            c[i].hash = record_hash(c[i].seq, &c[i].at, &c[i].entry, &c[i].prev_hash);
            prop_assert_eq!(verify_chain(&c, 1, GENESIS.into()), Err(ChainBreak::Unlinked { seq: i as i64 + 2 }));
        }
    }
}
