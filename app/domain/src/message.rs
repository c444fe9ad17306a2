//! Messages to residents: the channels they go by, what each one is for,
//! and how a text message is billed.

use serde::{Deserialize, Serialize};

/// The way a message reaches a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Sms, Channel::Email];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Which channels a person wants messages on, of those they have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelChoice {
    /// Every channel they have a contact for (the default).
    #[default]
    All,
    #[serde(rename = "sms")]
    SmsOnly,
    #[serde(rename = "email")]
    EmailOnly,
}

impl ChannelChoice {
    pub fn code(self) -> &'static str {
        match self {
            ChannelChoice::All => "all",
            ChannelChoice::SmsOnly => "sms",
            ChannelChoice::EmailOnly => "email",
        }
    }

    pub fn from_code(code: &str) -> Option<ChannelChoice> {
        [ChannelChoice::All, ChannelChoice::SmsOnly, ChannelChoice::EmailOnly].into_iter().find(|c| c.code() == code)
    }

    /// The channels to use when the person has contacts on `have`. A choice
    /// of a channel they have no contact for falls back to all they have:
    /// a preference never leaves a person with nothing.
    pub fn pick(self, have: &[Channel]) -> Vec<Channel> {
        let wanted: Vec<Channel> = have
            .iter()
            .copied()
            .filter(|c| match self {
                ChannelChoice::All => true,
                ChannelChoice::SmsOnly => *c == Channel::Sms,
                ChannelChoice::EmailOnly => *c == Channel::Email,
            })
            .collect();
        if wanted.is_empty() { have.to_vec() } else { wanted }
    }
}

/// What a message is for: the provider's template is chosen by it (one per
/// purpose and language), and staff read it in a person's message list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A one-time sign-in code.
    Code,
    /// A notice about the person's own cases, pension or account.
    Notice,
    /// A change of the person's contact details, told to the old contact.
    ContactChange,
    /// The yearly statement.
    Statement,
    /// The 告知书 before the pension age.
    EligibilityNotice,
    /// A reminder to certify entitlement.
    CertificationReminder,
    /// The contribution season: a reminder to pay this year's contribution.
    ContributionReminder,
}

impl Purpose {
    pub const ALL: [Purpose; 7] = [
        Purpose::Code,
        Purpose::Notice,
        Purpose::ContactChange,
        Purpose::Statement,
        Purpose::EligibilityNotice,
        Purpose::CertificationReminder,
        Purpose::ContributionReminder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Code => "code",
            Purpose::Notice => "notice",
            Purpose::ContactChange => "contact_change",
            Purpose::Statement => "statement",
            Purpose::EligibilityNotice => "eligibility_notice",
            Purpose::CertificationReminder => "certification_reminder",
            Purpose::ContributionReminder => "contribution_reminder",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting to go (or to be tried again).
    Queued,
    /// Taken by the mail server or the SMS platform.
    Sent,
    /// On the phone (the platform's delivery receipt said so).
    Delivered,
    /// Given up: refused, undeliverable, or not sent in time.
    Failed,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Delivered => "delivered",
            Status::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        [Status::Queued, Status::Sent, Status::Delivered, Status::Failed].into_iter().find(|s| s.code() == code)
    }
}

/// Characters in a single text message, and in each part of a long one
/// (the rest carries the parts' header), for messages in Chinese or
/// Mongolian (UCS-2): what carriers bill by.
pub const SINGLE_SMS_CHARS: usize = 70;
pub const PART_SMS_CHARS: usize = 67;

/// How many text messages `text` is billed as, its 【signature】 included.
pub fn sms_segments(text: &str) -> u32 {
    let n = text.chars().count();
    let parts = if n <= SINGLE_SMS_CHARS { 1 } else { n.div_ceil(PART_SMS_CHARS) };
    u32::try_from(parts).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_of_seventy_characters_is_one_message_and_of_seventy_one_is_two() {
        let sig = "【内蒙古城乡居民养老保险】";
        let body = |n: usize| format!("{sig}{}", "验".repeat(n - sig.chars().count()));
        assert_eq!(sms_segments(&body(70)), 1);
        assert_eq!(sms_segments(&body(71)), 2);
        assert_eq!(sms_segments(&body(134)), 2);
        assert_eq!(sms_segments(&body(135)), 3);
        assert_eq!(sms_segments(""), 1);
    }

    #[test]
    fn a_choice_of_a_channel_one_has_not_falls_back_to_those_one_has() {
        assert_eq!(ChannelChoice::EmailOnly.pick(&[Channel::Sms]), vec![Channel::Sms]);
        assert_eq!(ChannelChoice::SmsOnly.pick(&[Channel::Sms, Channel::Email]), vec![Channel::Sms]);
        assert_eq!(ChannelChoice::All.pick(&[Channel::Sms, Channel::Email]), vec![Channel::Sms, Channel::Email]);
        assert!(ChannelChoice::All.pick(&[]).is_empty());
    }
}
