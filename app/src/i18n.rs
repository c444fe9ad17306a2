//! All text goes through here (REQUIREMENTS §4: Chinese first, Mongolian
//! in the traditional script second). The words are data, in
//! `app/locales/<language>/*.ftl` (docs/i18n.md): page text and names are
//! [`Key`]s with a compiled table [`text`] (the browser's islands use it
//! too); messages with arguments are [`msg`] functions making a
//! [`Message`], written in the reader's language only at the edge.
//! Staff back-office text is Chinese only.
//!
//! The Mongolian is a working translation: before production it must be
//! reviewed by a qualified translator (the region's 民族语文 office).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    /// Mongolian in the traditional (Uyghurjin) script.
    MnMong,
}

impl Lang {
    /// The value of `<html lang>` and of the `lang` cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::MnMong => "mn-Mong",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        [Lang::Zh, Lang::MnMong].into_iter().find(|l| l.tag() == tag)
    }

    /// The language the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::MnMong,
            Lang::MnMong => Lang::Zh,
        }
    }

    /// The language's name in itself (what the switch shows).
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::MnMong => "ᠮᠣᠩᠭᠣᠯ",
        }
    }

    /// "Show this site in this language", in that language.
    pub fn switch_hint(self) -> &'static str {
        match self {
            Lang::Zh => "切换为中文",
            Lang::MnMong => "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠪᠡᠷ ᠦᠵᠡᠬᠦ",
        }
    }
}

// The catalogue: `Key`, `text` and `msg`, written by build.rs from
// `app/locales/*/*.ftl`.
include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A sentence for a person: a catalogue message and its named arguments,
/// written in the reader's language only when it is shown or leaves the
/// server ([`Message::text`]), so the same refusal reads in Chinese on one
/// page and in Mongolian on another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A message of `locales/*/messages.ftl`, made by a function of [`msg`]
    /// (or read back from where it was kept: [`Message::kept`]).
    Catalogue { id: Cow<'static, str>, args: Vec<(Cow<'static, str>, Arg)> },
    /// A page text of `locales/*/pages.ftl` (no arguments): one the
    /// browser can write by itself too.
    Page(Key),
    /// Messages one after the other, as one text.
    Joined(Vec<Message>, Joiner),
    /// Text written elsewhere, shown as it is: a staff-only refusal, or in
    /// the browser the sentence the server sent.
    Text(String),
}

/// A value put into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text the server made or a person typed: a figure, a date, a name.
    Text(String),
    /// A name the catalogue keeps (a case type, a state): written in the
    /// sentence's language.
    Name(Key),
    /// A whole message inside another (the reason a number was refused).
    Message(Box<Message>),
}

/// What a message function of [`msg`] takes for an argument: anything
/// printable as text, a [`Key`] (a name), or a [`Nested`] message.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl<T: std::fmt::Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

impl IntoArg for Key {
    fn into_arg(self) -> Arg {
        Arg::Name(self)
    }
}

/// A message given as an argument of another.
pub struct Nested(pub Message);

impl IntoArg for Nested {
    fn into_arg(self) -> Arg {
        Arg::Message(Box::new(self.0))
    }
}

impl Arg {
    /// As written in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Name(key) => text(lang, *key).to_owned(),
            Arg::Message(m) => m.text(lang),
        }
    }
}

/// An argument as kept with a notice (JSON): text as a string, a name as
/// `{"name": id}`, a message as `{"message": id, "args": {…}}`. Notices
/// kept before names existed hold strings only, and still read.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeptArg {
    Text(String),
    Name { name: String },
    Message { message: String, args: std::collections::BTreeMap<String, KeptArg> },
}

#[cfg(feature = "ssr")]
impl Arg {
    fn kept(&self) -> KeptArg {
        match self {
            Arg::Text(text) => KeptArg::Text(text.clone()),
            Arg::Name(key) => KeptArg::Name { name: key.id().to_owned() },
            Arg::Message(m) => match m.id() {
                Some(id) => KeptArg::Message { message: id.to_owned(), args: m.kept_args() },
                None => KeptArg::Text(m.text(Lang::Zh)),
            },
        }
    }

    fn from_kept(kept: KeptArg) -> Option<Arg> {
        Some(match kept {
            KeptArg::Text(text) => Arg::Text(text),
            KeptArg::Name { name } => Arg::Name(Key::from_id(&name)?),
            KeptArg::Message { message, args } => Arg::Message(Box::new(Message::kept(message, args)?)),
        })
    }
}

/// How joined messages are put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiner {
    /// One per line.
    Line,
    /// Clauses of one sentence (`；` in Chinese).
    Clause,
}

impl Message {
    pub fn joined(parts: Vec<Message>, joiner: Joiner) -> Message {
        Message::Joined(parts, joiner)
    }

    pub fn from_catalogue(id: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        Message::Catalogue { id: Cow::Borrowed(id), args: args.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect() }
    }

    /// A message kept by its id and arguments (an in-app notice), read
    /// back; `None` when an argument names what the catalogue no longer has.
    #[cfg(feature = "ssr")]
    pub fn kept(id: String, args: std::collections::BTreeMap<String, KeptArg>) -> Option<Message> {
        if let Some(key) = Key::from_id(&id) {
            return Some(Message::Page(key));
        }
        let args = args.into_iter().map(|(k, v)| Some((Cow::Owned(k), Arg::from_kept(v)?))).collect::<Option<_>>()?;
        Some(Message::Catalogue { id: Cow::Owned(id), args })
    }

    /// The arguments as kept with a notice.
    #[cfg(feature = "ssr")]
    pub fn kept_args(&self) -> std::collections::BTreeMap<String, KeptArg> {
        self.args().iter().map(|(k, v)| (k.to_string(), v.kept())).collect()
    }

    /// The message as kept in a text column (a settlement's interest
    /// note): JSON of its id and arguments, or its Chinese text when it has
    /// no one id.
    #[cfg(feature = "ssr")]
    pub fn keep(&self) -> String {
        let kept = match self.id() {
            Some(id) => KeptArg::Message { message: id.to_owned(), args: self.kept_args() },
            None => KeptArg::Text(self.text(Lang::Zh)),
        };
        serde_json::to_string(&kept).unwrap_or_default()
    }

    /// What [`Message::keep`] kept; text kept before messages were (or one
    /// the catalogue no longer writes) as it is.
    #[cfg(feature = "ssr")]
    pub fn from_kept(column: &str) -> Message {
        match serde_json::from_str::<KeptArg>(column) {
            Ok(KeptArg::Message { message, args }) => Message::kept(message, args).unwrap_or_else(|| Message::Text(column.to_owned())),
            Ok(KeptArg::Text(text)) => Message::Text(text),
            _ => Message::Text(column.to_owned()),
        }
    }

    /// The catalogue id, if it is one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Message::Catalogue { id, .. } => Some(id),
            Message::Page(key) => Some(key.id()),
            Message::Joined(..) | Message::Text(_) => None,
        }
    }

    /// The arguments by name, to send with the sentence for a program's
    /// own wording: a name as its catalogue id (`case-type-enrolment`, the
    /// same in every language), a message inside as written in `lang`.
    pub fn named_args(&self, lang: Lang) -> std::collections::BTreeMap<String, String> {
        self.args()
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Name(key) => key.id().to_owned(),
                    other => other.text(lang),
                };
                (k.to_string(), value)
            })
            .collect()
    }

    pub fn args(&self) -> &[(Cow<'static, str>, Arg)] {
        match self {
            Message::Catalogue { args, .. } => args,
            Message::Page(_) | Message::Joined(..) | Message::Text(_) => &[],
        }
    }

    /// The sentence in `lang`, if the catalogue still writes it whole (a
    /// kept message whose id or arguments the catalogue has since changed
    /// does not: its kept text is shown instead).
    #[cfg(feature = "ssr")]
    pub fn try_text(&self, lang: Lang) -> Option<String> {
        match self {
            Message::Catalogue { id, args } => catalogue::render(lang, id, args),
            Message::Joined(parts, _) => parts.iter().all(|p| p.try_text(lang).is_some()).then(|| self.text(lang)),
            Message::Page(_) | Message::Text(_) => Some(self.text(lang)),
        }
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            #[cfg(feature = "ssr")]
            Message::Catalogue { id, args } => catalogue::render(lang, id, args).unwrap_or_else(|| id.to_string()),
            #[cfg(not(feature = "ssr"))]
            Message::Catalogue { id, .. } => id.to_string(),
            Message::Page(key) => text(lang, *key).to_owned(),
            Message::Joined(parts, joiner) => {
                let between = match joiner {
                    Joiner::Line => "\n",
                    Joiner::Clause => text(lang, Key::ClauseJoiner),
                };
                parts.iter().map(|p| p.text(lang)).collect::<Vec<_>>().join(between)
            }
            Message::Text(text) => text.clone(),
        }
    }
}

impl From<Key> for Message {
    fn from(key: Key) -> Message {
        Message::Page(key)
    }
}

/// Nothing said yet.
impl Default for Message {
    fn default() -> Message {
        Message::Text(String::new())
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::Text(text.to_owned())
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message::Text(text)
    }
}

/// In the reader's language ([`reader`]).
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(reader()))
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static READER: Lang;
}

/// The language of the person this request answers (set for the whole
/// request by the server's access layer, [`read_by`]); Chinese elsewhere.
pub fn reader() -> Lang {
    // Outside the request's task (a resource Leptos spawns while it
    // renders), the page's own language.
    #[cfg(feature = "ssr")]
    return READER.try_with(|lang| *lang).ok().or_else(use_context::<Lang>).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    use_context::<Lang>().unwrap_or_default()
}

/// Runs `work` for a reader of `lang`: messages it writes out are in `lang`.
#[cfg(feature = "ssr")]
pub async fn read_by<F: std::future::Future>(lang: Lang, work: F) -> F::Output {
    READER.scope(lang, work).await
}

/// The messages with arguments, rendered by Fluent on the server.
#[cfg(feature = "ssr")]
mod catalogue {
    use super::{Arg, Lang};
    use fluent_bundle::concurrent::FluentBundle;
    use fluent_bundle::{FluentArgs, FluentResource};
    use std::sync::LazyLock;

    const ZH: &[&str] = &[include_str!("../locales/zh-CN/messages.ftl"), include_str!("../locales/zh-CN/chinese-only.ftl")];
    const MN: &[&str] = &[include_str!("../locales/mn-Mong/messages.ftl")];

    fn bundle(tag: &str, sources: &[&str]) -> FluentBundle<FluentResource> {
        let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().expect("a language tag")]);
        // The sentences are Chinese or Mongolian on both sides of an
        // argument: no bidirectional isolation marks around arguments.
        bundle.set_use_isolating(false);
        for source in sources {
            let resource = FluentResource::try_new((*source).to_owned()).expect("build.rs parsed it");
            bundle.add_resource(resource).expect("ids are unique (build.rs checks)");
        }
        bundle
    }

    static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> = LazyLock::new(|| [bundle("zh-CN", ZH), bundle("mn-Mong", MN)]);

    /// `id` with `args` in `lang`; a message only in Chinese (staff) in
    /// Chinese. Names and messages given as arguments are written in the
    /// sentence's language.
    pub(super) fn render(lang: Lang, id: &str, args: &[(std::borrow::Cow<'static, str>, Arg)]) -> Option<String> {
        let [zh, mn] = &*BUNDLES;
        let order: &[(Lang, &FluentBundle<FluentResource>)] = match lang {
            Lang::Zh => &[(Lang::Zh, zh)],
            Lang::MnMong => &[(Lang::MnMong, mn), (Lang::Zh, zh)],
        };
        for (written_in, bundle) in order {
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { continue };
            // Names and messages in the language the sentence is written in.
            let mut values = FluentArgs::new();
            for (name, value) in args {
                values.set(name.clone(), value.text(*written_in));
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&values), &mut errors).into_owned();
            if !errors.is_empty() {
                tracing::warn!(message = id, "a message could not be written whole: {errors:?}");
                return None;
            }
            return Some(text);
        }
        None
    }
}

/// A name kept as data in both languages (a division): the Mongolian one
/// on a Mongolian page when there is one.
pub fn named(zh: &str, mn: Option<&str>) -> String {
    match (use_lang(), mn) {
        (Lang::MnMong, Some(mn)) => mn.to_owned(),
        _ => zh.to_owned(),
    }
}

/// The messages `public/auth.js` shows, by the name it looks them up with.
pub const SCRIPT_TEXT: &[(&str, Key)] = &[
    ("network", Key::JsNetwork),
    ("failed", Key::JsFailed),
    ("submitFailed", Key::JsSubmitFailed),
    ("passkeyCancelled", Key::JsPasskeyCancelled),
    ("passkeyKnown", Key::JsPasskeyKnown),
    ("passkeyFailed", Key::JsPasskeyFailed),
    ("noPasskeyRegister", Key::JsNoPasskeyRegister),
    ("noPasskeySignIn", Key::JsNoPasskeySignIn),
    ("confirmOnPhone", Key::JsConfirmOnPhone),
    ("confirmPasskey", Key::JsConfirmPasskey),
    ("passkeyAdded", Key::JsPasskeyAdded),
    ("wait", Key::JsWait),
    ("uploading", Key::JsUploading),
    ("shrinking", Key::JsShrinking),
    ("submitted", Key::JsSubmitted),
    ("inviteIncomplete", Key::JsInviteIncomplete),
    ("kioskLinkIncomplete", Key::JsKioskLinkIncomplete),
    ("kioskWarn", Key::JsKioskWarn),
];

/// [`SCRIPT_TEXT`] in `lang` as a JSON object, safe inside `<script>`.
pub fn script_text_json(lang: Lang) -> String {
    let escape = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '\\' => "\\\\".to_owned(),
                '"' => "\\\"".to_owned(),
                '<' => "\\u003c".to_owned(),
                c if c.is_control() => format!("\\u{:04x}", u32::from(c)),
                c => c.to_string(),
            })
            .collect()
    };
    let fields: Vec<String> = SCRIPT_TEXT.iter().map(|(name, key)| format!("\"{name}\":\"{}\"", escape(text(lang, *key)))).collect();
    format!("{{{}}}", fields.join(","))
}

/// `key` in the reader's language ([`reader`]): a name the server writes
/// into what it answers (a case's type and state in a list).
pub fn for_reader(key: Key) -> String {
    text(reader(), key).to_owned()
}

/// The language of this page, from context (Chinese when none is set).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text for `key` in the current language.
pub fn t(key: Key) -> &'static str {
    text(use_lang(), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_mongolian(c: char) -> bool {
        ('\u{1800}'..='\u{18AF}').contains(&c)
    }

    #[test]
    fn every_key_has_text_in_every_language() {
        for lang in [Lang::Zh, Lang::MnMong] {
            for key in Key::ALL {
                assert!(!text(lang, *key).trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
        }
    }

    /// A resident key whose Mongolian entry is missing, copied from the
    /// Chinese or left in Chinese fails here.
    #[test]
    fn every_resident_key_is_written_in_mongolian() {
        for key in Key::RESIDENT {
            let mn = text(Lang::MnMong, *key);
            assert!(mn.chars().any(is_mongolian), "{key:?} has no Mongolian text: {mn}");
            let han = mn.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
            assert_eq!(han, 0, "{key:?} still has Chinese characters in Mongolian: {mn}");
        }
    }

    #[test]
    fn script_text_is_json_with_every_message() {
        let json = script_text_json(Lang::MnMong);
        assert!(json.starts_with('{') && json.ends_with('}'));
        assert_eq!(json.matches("\":\"").count(), SCRIPT_TEXT.len());
        assert!(json.contains(text(Lang::MnMong, Key::JsWait)));
        assert!(!json.contains('<'));
    }

    #[test]
    fn language_tags_round_trip() {
        for lang in [Lang::Zh, Lang::MnMong] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_tag("mn"), None);
    }
    /// A message with two arguments, by key: each language puts them where
    /// its sentence has them; a message only in Chinese reads in Chinese on
    /// a Mongolian page.
    #[cfg(feature = "ssr")]
    #[test]
    fn a_message_reads_in_the_language_asked_with_its_arguments_in_place() {
        let m = msg::ledger_tier_year_not_allowed(2026, 2027);
        assert_eq!(m.id(), Some("ledger-tier-year-not-allowed"));
        assert_eq!(m.named_args(Lang::Zh), [("this_year".to_owned(), "2026".to_owned()), ("next_year".to_owned(), "2027".to_owned())].into());
        assert_eq!(m.text(Lang::Zh), "只能选择 2026 年或 2027 年的缴费档次");
        assert_eq!(m.text(Lang::MnMong), "ᠵᠥᠪᠬᠡᠨ 2026 ᠪᠤᠶᠤ 2027 ᠣᠨ ᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠳᠡᠰ ᠢ ᠰᠣᠩᠭᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ");
        let staff_only = msg::auth_passkey_expired();
        assert_eq!(staff_only.text(Lang::MnMong), staff_only.text(Lang::Zh));
        // Outside a request, and inside one for a Mongolian reader.
        assert_eq!(m.to_string(), m.text(Lang::Zh));
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
        assert_eq!(runtime.block_on(read_by(Lang::MnMong, async { m.to_string() })), m.text(Lang::MnMong));
        // A name given as an argument is written in the sentence's
        // language: in Mongolian where the message has Mongolian, in Chinese
        // in a message only in Chinese.
        let approved = msg::case_approved(crate::names::case_type(domain::case::CaseType::Enrolment));
        assert_eq!(approved.text(Lang::Zh), "参保登记已审核通过");
        assert!(approved.text(Lang::MnMong).contains(text(Lang::MnMong, Key::CaseTypeEnrolment)), "{}", approved.text(Lang::MnMong));
        let chinese_only = msg::fund_account_unknown(Key::CaseTypeEnrolment, "X");
        assert_eq!(chinese_only.text(Lang::MnMong), chinese_only.text(Lang::Zh));
        assert!(chinese_only.text(Lang::Zh).starts_with("参保登记账户"), "{}", chinese_only.text(Lang::Zh));
        // A kept message that no longer fits the catalogue (an argument
        // missing) is not written half: the kept text is shown instead.
        let text = |v: &str| KeptArg::Text(v.to_owned());
        let kept = Message::kept("case-returned".into(), [("kind".to_owned(), text("参保登记"))].into()).expect("kept");
        assert_eq!(kept.try_text(Lang::Zh), None);
        let whole = Message::kept("case-returned".into(), [("kind".to_owned(), text("参保登记")), ("reason".to_owned(), text("缺页"))].into()).expect("kept");
        assert_eq!(whole.try_text(Lang::Zh).as_deref(), Some("参保登记需要补正：缺页"));
        // Kept as a notice keeps them (a name and a message inside one).
        let nested = msg::key_change_new_id_number_error(Nested(domain::id_number::IdError::Length.into()));
        let again = Message::kept("key-change-new-id-number-error".into(), nested.kept_args()).expect("kept");
        assert_eq!(again.text(Lang::MnMong), nested.text(Lang::MnMong));
        assert!(again.text(Lang::MnMong).chars().any(is_mongolian) && !again.text(Lang::MnMong).contains("身份证"), "{}", again.text(Lang::MnMong));
        let column = msg::settlement_interest_note(2025, "1.5", 2026, 3).keep();
        assert_eq!(Message::from_kept(&column).text(Lang::Zh), "按 2025 年记账利率 1.5% 计息至 2026 年 3 月");
        assert_eq!(Message::from_kept("按 2024 年记账利率 2% 计息至 2025 年 1 月").text(Lang::Zh), "按 2024 年记账利率 2% 计息至 2025 年 1 月");
    }

    /// The refusals the browser may have to write by itself are page texts
    /// (no Fluent in the browser): a sentence, never an id.
    #[test]
    fn the_browsers_own_refusals_are_sentences() {
        let internal = crate::error::AppError::internal("cause");
        assert_eq!(internal.message.id(), Some("error-system-try-later"));
        for lang in [Lang::Zh, Lang::MnMong] {
            assert_eq!(internal.text(lang), text(lang, Key::ErrorSystemTryLater));
            assert!(!internal.text(lang).contains("error-"), "{}", internal.text(lang));
        }
    }
}
