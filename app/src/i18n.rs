//! All UI text goes through here (REQUIREMENTS §4: Chinese first,
//! Mongolian in the traditional script second). Components never hold
//! literal text: they call [`t`] with a [`Key`]. Each language is a column
//! of the table below: a resident-facing key without its Mongolian text is a
//! compile error, and a test checks every Mongolian entry is in the
//! Mongolian script. Staff back-office keys are Chinese only.
//!
//! The Mongolian column is a working translation: before production it must
//! be reviewed by a qualified translator (the region's 民族语文 office).

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
    Catalogue { id: Cow<'static, str>, args: Vec<(Cow<'static, str>, String)> },
    /// A page text of `locales/*/pages.ftl` (no arguments): one the
    /// browser can write by itself too.
    Page(Key),
    /// Messages one after the other, as one text.
    Joined(Vec<Message>, Joiner),
    /// Text written elsewhere: a domain rule's refusal (its own wording,
    /// put into Mongolian through [`term`]), or in the browser the sentence
    /// the server sent.
    Text(String),
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

    pub fn from_catalogue(id: &'static str, args: Vec<(&'static str, String)>) -> Message {
        Message::Catalogue { id: Cow::Borrowed(id), args: args.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect() }
    }

    /// A message kept by its id and arguments (an in-app notice), read back.
    pub fn kept(id: String, args: std::collections::BTreeMap<String, String>) -> Message {
        Message::Catalogue { id: Cow::Owned(id), args: args.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect() }
    }

    /// The catalogue id, if it is one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Message::Catalogue { id, .. } => Some(id),
            Message::Page(key) => Some(key.id()),
            Message::Joined(..) | Message::Text(_) => None,
        }
    }

    /// The arguments by name, to keep or send.
    pub fn named_args(&self) -> std::collections::BTreeMap<String, String> {
        self.args().iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    pub fn args(&self) -> &[(Cow<'static, str>, String)] {
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
            Message::Text(text) => term(lang, text),
        }
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
    use super::{Lang, term};
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
    /// Chinese. Arguments are names and figures the server made, put into
    /// `lang` where the name table has them.
    pub(super) fn render(lang: Lang, id: &str, args: &[(std::borrow::Cow<'static, str>, String)]) -> Option<String> {
        let [zh, mn] = &*BUNDLES;
        let order: &[(Lang, &FluentBundle<FluentResource>)] = match lang {
            Lang::Zh => &[(Lang::Zh, zh)],
            Lang::MnMong => &[(Lang::MnMong, mn), (Lang::Zh, zh)],
        };
        for (written_in, bundle) in order {
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { continue };
            // Names put into the language the sentence is written in.
            let mut values = FluentArgs::new();
            for (name, value) in args {
                values.set(name.clone(), term(*written_in, value));
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

/// Terms the server names: kinds, states and steps of cases, ledger
/// entries, payments, the fields of a filed form. The server keeps one
/// name for each, in Chinese (staff pages, prints, logs and the API use
/// it); on a resident's page [`term`] shows it in the page's language. The
/// Chinese text is the key, as in gettext; a test lists every name the
/// server can make for a resident and fails when one has no Mongolian.
macro_rules! terms {
    ($(#[$attr:meta])* $table:ident, $lookup:ident { $($zh:literal => $mn:literal,)* }) => {
        $(#[$attr])*
        pub const $table: &[(&str, &str)] = &[$(($zh, $mn),)*];

        $(#[$attr])*
        fn $lookup(zh: &str) -> Option<&'static str> {
            #[allow(unreachable_patterns)]
            match zh {
                $($zh => Some($mn),)*
                _ => None,
            }
        }
    };
}

terms! { TERMS, term_mn {
    // Case types (domain::case::CaseType)
    "参保登记" => "ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠪᠦᠷᠢᠲᠭᠡᠭᠦᠯᠬᠦ",
    "重要信息变更" => "ᠴᠢᠬᠤᠯᠠ ᠮᠡᠳᠡᠭᠡ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠬᠦ",
    "补缴" => "ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ",
    "待遇申领" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠭᠤᠶᠤᠬᠤ",
    "恢复待遇" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠰᠡᠷᠭᠦᠭᠡᠬᠦ",
    "领取银行卡变更" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠢ ᠰᠣᠯᠢᠬᠤ",
    "新银行卡" => "ᠰᠢᠨ᠎ᠡ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ",
    "原银行卡" => "ᠤᠷᠢᠳᠠᠬᠢ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ",
    "注销登记" => "ᠪᠦᠷᠢᠲᠭᠡᠯ ᠢ ᠬᠠᠰᠤᠬᠤ",
    "关系转入" => "ᠬᠠᠷᠢᠯᠴᠠᠭ᠎ᠠ ᠶᠢ ᠰᠢᠯᠵᠢᠭᠦᠯᠦᠨ ᠣᠷᠤᠭᠤᠯᠬᠤ",
    "个人账户核查" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢ ᠬᠢᠨᠠᠨ ᠰᠢᠯᠭᠠᠬᠤ",
    "待遇核查" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠬᠢᠨᠠᠨ ᠰᠢᠯᠭᠠᠬᠤ",
    // Case states (CaseState::label)
    "初审中" => "ᠠᠩᠬᠠᠨ ᠤ ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠢᠨ᠎ᠠ",
    "复核中" => "ᠳᠠᠬᠢᠨ ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠢᠨ᠎ᠠ",
    "审核中" => "ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠢᠨ᠎ᠠ",
    "已退回，待补正" => "ᠪᠤᠴᠠᠭᠠᠭᠳᠠᠪᠠ᠂ ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ",
    "已办结（通过）" => "ᠳᠠᠭᠤᠰᠪᠠ (ᠪᠠᠲᠤᠯᠠᠭᠳᠠᠪᠠ)",
    "已终止" => "ᠵᠣᠭᠰᠣᠭᠠᠭᠳᠠᠪᠠ",
    "已撤回" => "ᠭᠣᠶᠣᠯᠲᠠ ᠪᠠᠨ ᠪᠤᠴᠠᠭᠠᠪᠠ",
    // Case events (cases::event_label)
    "提交申请" => "ᠭᠣᠶᠣᠯᠲᠠ ᠲᠤᠰᠢᠶᠠᠪᠠ",
    "审核通过" => "ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠲᠤᠯᠠᠭᠳᠠᠪᠠ",
    "退回补正" => "ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠬᠤ ᠪᠡᠷ ᠪᠤᠴᠠᠭᠠᠪᠠ",
    "终止" => "ᠵᠣᠭᠰᠣᠭᠠᠪᠠ",
    "补正后重新提交" => "ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠭᠠᠳ ᠳᠠᠬᠢᠨ ᠲᠤᠰᠢᠶᠠᠪᠠ",
    "撤回" => "ᠪᠤᠴᠠᠭᠠᠪᠠ",
    "核查结论" => "ᠰᠢᠯᠭᠠᠯᠲᠠ ᠶᠢᠨ ᠳ᠋ᠦᠭᠨᠡᠯᠲᠡ",
    "处理" => "ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠪᠠ",
    // Attachments (documents::KINDS)
    "身份证人像面" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠵᠢᠷᠤᠭ ᠲᠠᠢ ᠲᠠᠯ᠎ᠠ",
    "身份证国徽面" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠰᠦᠯᠳᠡ ᠲᠡᠮᠳᠡᠭ ᠲᠡᠢ ᠲᠠᠯ᠎ᠠ",
    "户口簿首页" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠳᠡᠪᠲᠡᠷ ᠦᠨ ᠡᠬᠢᠨ ᠨᠢᠭᠤᠷ",
    "户口簿本人页" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠳᠡᠪᠲᠡᠷ ᠦᠨ ᠥᠪᠡᠷ ᠤᠨ ᠨᠢᠭᠤᠷ",
    "签字(按印)的纸质登记表扫描件" => "ᠭᠠᠷ ᠤᠨ ᠦᠰᠦᠭ (ᠬᠤᠷᠤᠭᠤ ᠶᠢᠨ ᠲᠠᠮᠠᠭ᠎ᠠ) ᠲᠠᠢ ᠴᠠᠭᠠᠰᠤᠨ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠦᠨ ᠬᠦᠰᠦᠨᠦᠭ ᠦᠨ ᠰᠺᠠᠨᠳᠠᠭᠰᠠᠨ ᠵᠢᠷᠤᠭ",
    "变更证明（户口簿变更页或公安机关证明）" => "ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠯᠲᠡ ᠶᠢᠨ ᠭᠡᠷᠡᠴᠢᠯᠡᠯ (ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠳᠡᠪᠲᠡᠷ ᠦᠨ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠯᠲᠡ ᠶᠢᠨ ᠨᠢᠭᠤᠷ ᠪᠤᠶᠤ ᠴᠠᠭᠳᠠᠭ᠎ᠠ ᠶᠢᠨ ᠭᠡᠷᠡᠴᠢᠯᠡᠯ)",
    "证明材料（缴费凭证、银行回单等）" => "ᠭᠡᠷᠡᠴᠢᠯᠡᠬᠦ ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ (ᠲᠥᠯᠦᠭᠰᠡᠨ ᠪᠠᠷᠢᠮᠲᠠ᠂ ᠪᠠᠩᠬᠢᠨ ᠪᠠᠷᠢᠮᠲᠠ)",
    "领取人银行卡（卡号面）" => "ᠠᠪᠬᠤ ᠬᠦᠮᠦᠨ ᠦ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ (ᠳ᠋ᠤᠭᠠᠷ ᠲᠠᠢ ᠲᠠᠯ᠎ᠠ)",
    "附件" => "ᠬᠠᠪᠰᠤᠷᠤᠯᠲᠠ",
    // Ledger entries (domain::ledger::EntryKind)
    "个人缴费" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠲᠥᠯᠦᠭᠡᠰᠦ",
    "集体补助" => "ᠬᠠᠮᠲᠤ ᠶᠢᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ",
    "社会资助" => "ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠬᠠᠨᠳᠢᠪ",
    "政府补贴" => "ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ ᠤᠨ ᠨᠥᠬᠥᠪᠦᠷᠢ",
    "利息" => "ᠬᠦᠦ",
    "转入" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠦᠨ ᠣᠷᠣᠭᠤᠯᠤᠭᠰᠠᠨ",
    "退费" => "ᠲᠥᠯᠦᠭᠡᠰᠦ ᠪᠤᠴᠠᠭᠠᠭᠰᠠᠨ",
    "更正" => "ᠵᠠᠰᠠᠯ",
    "冒领抵扣" => "ᠪᠤᠷᠤᠭᠤ ᠠᠪᠤᠭᠰᠠᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠰᠤᠯᠠᠭᠠᠭᠰᠠᠨ",
    "个人账户养老金支出" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠵᠠᠷᠤᠯᠠᠯ",
    "注销结算" => "ᠪᠦᠷᠢᠲᠭᠡᠯ ᠬᠠᠰᠤᠭᠰᠠᠨ ᠲᠣᠭᠤᠴᠠᠭ᠎ᠠ",
    "转出" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠦᠨ ᠭᠠᠷᠭᠠᠭᠰᠠᠨ",
    // Pensions and their payments (benefits::status_label)
    "正常发放" => "ᠡᠩ ᠦᠨ ᠶᠣᠰᠣᠭᠠᠷ ᠣᠯᠭᠣᠵᠤ ᠪᠠᠢᠨ᠎ᠠ",
    "暂停发放" => "ᠣᠯᠭᠣᠬᠤ ᠶᠢ ᠲᠦᠷ ᠵᠣᠭᠰᠣᠭᠠᠪᠠ",
    "终止发放" => "ᠣᠯᠭᠣᠬᠤ ᠶᠢ ᠵᠣᠭᠰᠣᠭᠠᠪᠠ",
    "待发送银行" => "ᠪᠠᠩᠬᠢ ᠳᠤ ᠢᠯᠡᠭᠡᠬᠦ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ",
    "银行处理中" => "ᠪᠠᠩᠬᠢ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠵᠤ ᠪᠠᠢᠨ᠎ᠠ",
    "已到账" => "ᠲᠠᠨ ᠤ ᠺᠠᠷᠲ ᠳᠤ ᠣᠷᠣᠪᠠ",
    "发放失败" => "ᠣᠯᠭᠣᠯᠲᠠ ᠪᠦᠲᠦᠭᠰᠡᠨ ᠦᠭᠡᠢ",
    "发放失败，已重新发放" => "ᠣᠯᠭᠣᠯᠲᠠ ᠪᠦᠲᠦᠭᠰᠡᠨ ᠦᠭᠡᠢ᠂ ᠳᠠᠬᠢᠨ ᠣᠯᠭᠣᠪᠠ",
    // Certification (certification::method_label)
    "数据比对（户籍信息）" => "ᠮᠡᠳᠡᠭᠡ ᠬᠠᠷᠢᠴᠠᠭᠤᠯᠬᠤ (ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ)",
    "本人自助认证（通行密钥）" => "ᠥᠪᠡᠷ ᠢ ᠪᠠᠲᠤᠯᠠᠬᠤ (ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ)",
    "经办人员协助认证（自助终端）" => "ᠠᠵᠢᠯᠲᠠᠨ ᠤ ᠲᠤᠰᠠᠯᠠᠮᠵᠢ ᠪᠠᠷ ᠪᠠᠲᠤᠯᠠᠬᠤ (ᠥᠪᠡᠷᠲᠡᠭᠡᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠬᠦ ᠲᠥᠬᠥᠭᠡᠷᠦᠮᠵᠢ)",
    "上门认证" => "ᠭᠡᠷ ᠲᠦ ᠢᠷᠡᠵᠦ ᠪᠠᠲᠤᠯᠠᠬᠤ",
    // Transfers (transfers::status_label)
    "已发出联系函，等待职工养老保险经办机构的《信息表》" => "«ᠬᠠᠷᠢᠯᠴᠠᠬᠤ ᠪᠢᠴᠢᠭ» ᠢᠯᠡᠭᠡᠪᠡ᠂ ᠠᠵᠢᠯᠴᠢᠳ ᠤᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠶᠢᠨ «ᠮᠡᠳᠡᠭᠡ ᠶᠢᠨ ᠬᠦᠰᠦᠨᠦᠭ» ᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ",
    "已收到《信息表》，等待职工养老保险个人账户储存额到账" => "«ᠮᠡᠳᠡᠭᠡ ᠶᠢᠨ ᠬᠦᠰᠦᠨᠦᠭ» ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠪᠠ᠂ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ ᠣᠷᠣᠬᠤ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ",
    "职工养老保险经办机构不同意衔接" => "ᠠᠵᠢᠯᠴᠢᠳ ᠤᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠨᠡᠢᠯᠡᠭᠦᠯᠬᠦ ᠶᠢ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠭᠰᠡᠨ ᠦᠭᠡᠢ",
    "已发出接收函，等待转出地审批" => "«ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠬᠤ ᠪᠢᠴᠢᠭ» ᠢᠯᠡᠭᠡᠪᠡ᠂ ᠤᠷᠢᠳᠠᠬᠢ ᠣᠷᠣᠨ ᠤ ᠬᠢᠨᠠᠯᠲᠠ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ",
    "转出地已审批并划转基金，等待确认到账" => "ᠤᠷᠢᠳᠠᠬᠢ ᠣᠷᠣᠨ ᠪᠠᠲᠤᠯᠠᠵᠤ ᠮᠥᠩᠭᠥ ᠰᠢᠯᠵᠢᠭᠦᠯᠪᠡ᠂ ᠣᠷᠣᠭᠰᠠᠨ ᠢ ᠪᠠᠲᠤᠯᠠᠬᠤ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ",
    "已办结" => "ᠳᠠᠭᠤᠰᠪᠠ",
    "转出地不予转出" => "ᠤᠷᠢᠳᠠᠬᠢ ᠣᠷᠣᠨ ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠶᠢ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠭᠰᠡᠨ ᠦᠭᠡᠢ",
    "已审批转出，基金已划转，等待转入地确认" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠶᠢ ᠪᠠᠲᠤᠯᠠᠵᠤ ᠮᠥᠩᠭᠥ ᠰᠢᠯᠵᠢᠭᠦᠯᠪᠡ᠂ ᠰᠢᠨ᠎ᠡ ᠣᠷᠣᠨ ᠤ ᠪᠠᠲᠤᠯᠠᠯ ᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ",
    // Deregistration (deregistration::ground_label, payment_label)
    "死亡" => "ᠨᠠᠰᠤ ᠪᠠᠷᠠᠭᠰᠠᠨ",
    "丧失国籍" => "ᠢᠷᠭᠡᠨ ᠦ ᠬᠠᠷᠢᠶᠠᠯᠠᠯ ᠢ ᠠᠯᠳᠠᠭᠰᠠᠨ",
    "已享受其他基本养老保障待遇" => "ᠪᠤᠰᠤᠳ ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠴᠤ ᠪᠠᠢᠨ᠎ᠠ",
    "无需支付" => "ᠲᠥᠯᠥᠬᠦ ᠮᠥᠩᠭᠥ ᠦᠭᠡᠢ",
    "待随下月发放" => "ᠳᠠᠷᠠᠭᠠᠴᠢ ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠲᠡᠢ ᠬᠠᠮᠲᠤ ᠣᠯᠭᠣᠨ᠎ᠠ",
    "已生成发放数据" => "ᠣᠯᠭᠣᠬᠤ ᠮᠡᠳᠡᠭᠡ ᠶᠢ ᠪᠡᠯᠡᠳᠬᠡᠪᠡ",
    "已送银行" => "ᠪᠠᠩᠬᠢ ᠳᠤ ᠢᠯᠡᠭᠡᠪᠡ",
    // Overpayment recovery (overpayments::step_label)
    "从个人账户余额抵扣" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ ᠡᠴᠡ ᠰᠤᠯᠠᠭᠠᠪᠠ",
    "从丧葬补助金抵扣" => "ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ ᠡᠴᠡ ᠰᠤᠯᠠᠭᠠᠪᠠ",
    "责令退还" => "ᠪᠤᠴᠠᠭᠠᠨ ᠲᠥᠯᠥᠬᠦ ᠶᠢ ᠱᠠᠭᠠᠷᠳᠠᠪᠠ",
    "已退还" => "ᠪᠤᠴᠠᠭᠠᠨ ᠲᠥᠯᠥᠪᠡ",
    "移交人力资源社会保障行政部门" => "ᠬᠦᠮᠦᠨ ᠬᠦᠴᠦ ᠶᠢᠨ ᠡᠬᠢ ᠪᠠᠶᠠᠯᠢᠭ ᠪᠠ ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠪᠠᠲᠤᠯᠠᠭ᠎ᠠ ᠶᠢᠨ ᠵᠠᠰᠠᠭ ᠵᠠᠬᠢᠷᠭᠠᠨ ᠤ ᠬᠡᠯᠲᠡᠰ ᠲᠦ ᠰᠢᠯᠵᠢᠭᠦᠯᠪᠡ",
    // Consultations and reports (domain::consultation)
    "咨询" => "ᠯᠠᠪᠯᠠᠬᠤ",
    "举报" => "ᠮᠡᠳᠡᠭᠳᠡᠬᠦ",
    "已答复" => "ᠬᠠᠷᠢᠭᠤ ᠥᠭᠭᠦᠭᠰᠡᠨ",
    "办理中" => "ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠵᠤ ᠪᠠᠢᠨ᠎ᠠ",
    // The fields of filed forms (the case page)
    "姓名" => "ᠨᠡᠷ᠎ᠡ",
    "性别" => "ᠬᠦᠢᠰ",
    // Ethnic groups (domain::registry::ETHNIC_GROUPS, GB 3304 order)
    "汉族" => "ᠬᠠᠨ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "蒙古族" => "ᠮᠣᠩᠭᠣᠯ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "回族" => "ᠬᠣᠲᠣᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "藏族" => "ᠲᠥᠪᠡᠳ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "维吾尔族" => "ᠤᠶᠢᠭᠤᠷ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "苗族" => "ᠮᠢᠶᠣᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "彝族" => "ᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "壮族" => "ᠵᠤᠸᠠᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "布依族" => "ᠪᠦᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "朝鲜族" => "ᠰᠣᠯᠣᠩᠭᠣᠰ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "满族" => "ᠮᠠᠨᠵᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "侗族" => "ᠳ᠋ᠦᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "瑶族" => "ᠶᠣᠣ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "白族" => "ᠪᠠᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "土家族" => "ᠲᠦᠵᠢᠶᠠ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "哈尼族" => "ᠬᠠᠨᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "哈萨克族" => "ᠬᠠᠰᠠᠭ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "傣族" => "ᠳᠠᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "黎族" => "ᠯᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "傈僳族" => "ᠯᠢᠰᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "佤族" => "ᠸᠠ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "畲族" => "ᠱᠧ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "高山族" => "ᠭᠣᠤᠱᠠᠨ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "拉祜族" => "ᠯᠠᠬᠦ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "水族" => "ᠱᠦᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "东乡族" => "ᠳᠦᠩᠰᠢᠶᠠᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "纳西族" => "ᠨᠠᠰᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "景颇族" => "ᠵᠢᠩᠫᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "柯尔克孜族" => "ᠬᠢᠷᠭᠢᠰ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "土族" => "ᠮᠣᠩᠭᠣᠷ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "达斡尔族" => "ᠳᠠᠭᠤᠷ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "仫佬族" => "ᠮᠦᠯᠣᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "羌族" => "ᠴᠢᠶᠠᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "布朗族" => "ᠪᠦᠯᠠᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "撒拉族" => "ᠰᠠᠯᠠ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "毛南族" => "ᠮᠣᠤᠨᠠᠨ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "仡佬族" => "ᠭᠧᠯᠣᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "锡伯族" => "ᠰᠢᠪᠡ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "阿昌族" => "ᠠᠴᠠᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "普米族" => "ᠫᠦᠮᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "塔吉克族" => "ᠲᠠᠵᠢᠭ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "怒族" => "ᠨᠦ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "乌孜别克族" => "ᠦᠵᠪᠧᠭ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "俄罗斯族" => "ᠣᠷᠣᠰ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "鄂温克族" => "ᠡᠸᠡᠩᠬᠢ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "德昂族" => "ᠳᠧᠩᠠᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "保安族" => "ᠪᠣᠣᠠᠨ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "裕固族" => "ᠶᠤᠭᠤᠷ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "京族" => "ᠵᠢᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "塔塔尔族" => "ᠲᠠᠲᠠᠷ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "独龙族" => "ᠳᠦᠯᠦᠩ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "鄂伦春族" => "ᠣᠷᠴᠣᠨ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "赫哲族" => "ᠬᠡᠵᠧ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "门巴族" => "ᠮᠧᠨᠪᠠ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "珞巴族" => "ᠯᠣᠪᠠ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "基诺族" => "ᠵᠢᠨᠣᠤ ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "其他" => "ᠪᠤᠰᠤᠳ",
    "外国血统中国籍人士" => "ᠭᠠᠳᠠᠭᠠᠳᠤ ᠤᠭ ᠭᠠᠷᠤᠯ ᠲᠠᠢ ᠳᠤᠮᠳᠠᠳᠤ ᠤᠯᠤᠰ ᠤᠨ ᠢᠷᠭᠡᠨ",
    "男" => "ᠡᠷᠡᠭᠲᠡᠢ",
    "女" => "ᠡᠮᠡᠭᠲᠡᠢ",
    "民族" => "ᠦᠨᠳᠦᠰᠦᠲᠡᠨ",
    "出生日期" => "ᠲᠥᠷᠥᠭᠰᠡᠨ ᠡᠳᠦᠷ",
    "户口性质" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠲᠥᠷᠥᠯ",
    "户籍地址" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠬᠠᠶᠢᠭ",
    "居住地址" => "ᠰᠠᠭᠤᠭ᠎ᠠ ᠬᠠᠶᠢᠭ",
    "联系电话" => "ᠤᠲᠠᠰᠤ",
    "银行卡" => "ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ",
    "特殊群体" => "ᠣᠨᠴᠠᠭᠠᠢ ᠪᠦᠯᠦᠭ",
    "缴费档次（元/年）" => "ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠳᠡᠰ (ᠶᠤᠸᠠᠨ/ᠵᠢᠯ)",
    "确认方式" => "ᠪᠠᠲᠤᠯᠠᠬᠤ ᠠᠷᠭ᠎ᠠ",
    "承诺书" => "ᠠᠮᠠᠯᠠᠯᠲᠠ ᠶᠢᠨ ᠪᠢᠴᠢᠭ",
    "与参保者关系" => "ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭᠰᠠᠨ ᠬᠦᠮᠦᠨ ᠲᠡᠢ ᠬᠠᠷᠢᠴᠠᠭ᠎ᠠ",
    "领取人" => "ᠠᠪᠬᠤ ᠬᠦᠮᠦᠨ",
    "补缴年度" => "ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠵᠢᠯ",
    "补缴金额（元）" => "ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠮᠥᠩᠭᠥ (ᠶᠤᠸᠠᠨ)",
    "累计缴费年限" => "ᠨᠡᠢᠲᠡ ᠲᠥᠯᠦᠭᠰᠡᠨ ᠵᠢᠯ",
    "基础养老金（元/月）" => "ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ (ᠶᠤᠸᠠᠨ/ᠰᠠᠷ᠎ᠠ)",
    "个人账户养老金（元/月）" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ (ᠶᠤᠸᠠᠨ/ᠰᠠᠷ᠎ᠠ)",
    "缴费年限养老金（元/月）" => "ᠲᠥᠯᠦᠭᠰᠡᠨ ᠵᠢᠯ ᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ (ᠶᠤᠸᠠᠨ/ᠰᠠᠷ᠎ᠠ)",
    "月养老金合计（元，申请时测算）" => "ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠨᠡᠢᠲᠡ (ᠶᠤᠸᠠᠨ᠂ ᠭᠣᠶᠣᠬᠤ ᠦᠶ᠎ᠡ ᠶᠢᠨ ᠲᠣᠭᠠᠴᠠᠭ᠎ᠠ)",
    "个人账户储存额（元）" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ (ᠶᠤᠸᠠᠨ)",
    "其中计至起发月前一月的利息（元）" => "ᠡᠨᠡ ᠳᠤᠲᠤᠷ᠎ᠠ ᠣᠯᠭᠣᠵᠤ ᠡᠬᠢᠯᠡᠬᠦ ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ ᠡᠮᠦᠨᠡᠬᠢ ᠰᠠᠷ᠎ᠠ ᠬᠦᠷᠲᠡᠯᠡᠬᠢ ᠬᠦᠦ (ᠶᠤᠸᠠᠨ)",
    "计发月数" => "ᠲᠣᠭᠠᠴᠠᠬᠤ ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ ᠲᠣᠭ᠎ᠠ",
    "首次领取时年龄" => "ᠠᠩᠬᠠ ᠠᠪᠬᠤ ᠦᠶ᠎ᠡ ᠶᠢᠨ ᠨᠠᠰᠤ",
    "起发年月" => "ᠣᠯᠭᠣᠵᠤ ᠡᠬᠢᠯᠡᠬᠦ ᠰᠠᠷ᠎ᠠ",
    "现月养老金（元）" => "ᠣᠳᠣᠬᠠᠨ ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ (ᠶᠤᠸᠠᠨ)",
    "暂停原因" => "ᠵᠣᠭᠰᠣᠭᠠᠭᠰᠠᠨ ᠰᠢᠯᠲᠠᠭᠠᠨ",
    "申请恢复的理由" => "ᠰᠡᠷᠭᠦᠭᠡᠬᠦ ᠰᠢᠯᠲᠠᠭᠠᠨ",
    "核查年度" => "ᠰᠢᠯᠭᠠᠬᠤ ᠵᠢᠯ",
    "核查事项" => "ᠰᠢᠯᠭᠠᠬᠤ ᠵᠦᠢᠯ",
    "核查人" => "ᠰᠢᠯᠭᠠᠭᠰᠠᠨ ᠬᠦᠮᠦᠨ",
    "更正金额（元）" => "ᠵᠠᠰᠠᠬᠤ ᠮᠥᠩᠭᠥ (ᠶᠤᠸᠠᠨ)",
    "异议理由" => "ᠡᠰᠡᠷᠭᠦᠴᠡᠬᠦ ᠰᠢᠯᠲᠠᠭᠠᠨ",
    "转出地" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠦᠨ ᠭᠠᠷᠭᠠᠬᠤ ᠣᠷᠣᠨ",
    "原职工养老保险经办机构" => "ᠤᠷᠢᠳᠠᠬᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠤᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ",
    "补缴类型" => "ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠲᠥᠷᠥᠯ",
    "申请" => "ᠭᠣᠶᠣᠯᠲᠠ",
    "户籍比对" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ ᠲᠡᠢ ᠬᠠᠷᠢᠴᠠᠭᠤᠯᠤᠯᠲᠠ",
    "本地参保" => "ᠡᠨᠳᠡ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭᠰᠠᠨ ᠡᠰᠡᠬᠦ",
    "城乡养老保险制度衔接联系函" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠨᠡᠢᠯᠡᠭᠦᠯᠬᠦ «ᠬᠠᠷᠢᠯᠴᠠᠬᠤ ᠪᠢᠴᠢᠭ»",
    "转移状态" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠶᠠᠪᠤᠴᠠ",
    "不予转出原因" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠦᠭᠡᠢ ᠰᠢᠯᠲᠠᠭᠠᠨ",
    "转移的个人账户储存额（元）" => "ᠰᠢᠯᠵᠢᠭᠦᠯᠬᠦ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ (ᠶᠤᠸᠠᠨ)",
    "合计" => "ᠨᠡᠢᠲᠡ",
    "丧葬补助金发放范围" => "ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ ᠣᠯᠭᠣᠬᠤ ᠬᠡᠮᠵᠢᠶ᠎ᠡ",
    "仅发给领取待遇人员" => "ᠵᠥᠪᠬᠡᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠴᠤ ᠪᠤᠢ ᠬᠦᠮᠦᠨ ᠳᠦ ᠣᠯᠭᠣᠨ᠎ᠠ",
    "发给所有参保人员" => "ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭᠰᠠᠨ ᠪᠦᠬᠦ ᠬᠦᠮᠦᠨ ᠳᠦ ᠣᠯᠭᠣᠨ᠎ᠠ",
    "注销原因" => "ᠪᠦᠷᠢᠲᠭᠡᠯ ᠬᠠᠰᠤᠬᠤ ᠰᠢᠯᠲᠠᠭᠠᠨ",
    "数据比对" => "ᠮᠡᠳᠡᠭᠡ ᠬᠠᠷᠢᠴᠠᠭᠤᠯᠤᠯᠲᠠ",
    "代办人申报的姓名" => "ᠣᠷᠣᠯᠠᠨ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠤᠭᠴᠢ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠦᠯᠦᠭᠰᠡᠨ ᠨᠡᠷ᠎ᠡ",
    "养老金" => "ᠲᠡᠳᠬᠦᠯᠭᠡ",
    "领取人证件" => "ᠠᠪᠬᠤ ᠬᠦᠮᠦᠨ ᠦ ᠦᠨᠡᠮᠯᠡᠬᠦ",
    "领取银行卡" => "ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ",
    "个人账户余额（元）" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ (ᠶᠤᠸᠠᠨ)",
    "利息（元）" => "ᠬᠦᠦ (ᠶᠤᠸᠠᠨ)",
    "退回基金的政府补贴（元）" => "ᠰᠠᠩ ᠳᠤ ᠪᠤᠴᠠᠭᠠᠬᠤ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ ᠤᠨ ᠨᠥᠬᠥᠪᠦᠷᠢ (ᠶᠤᠸᠠᠨ)",
    "丧葬补助金（元）" => "ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ (ᠶᠤᠸᠠᠨ)",
    "冒领抵扣丧葬补助金（元）" => "ᠪᠤᠷᠤᠭᠤ ᠠᠪᠤᠭᠰᠠᠨ ᠢ ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ ᠡᠴᠡ ᠰᠤᠯᠠᠭᠠᠭᠰᠠᠨ (ᠶᠤᠸᠠᠨ)",
    "一次性支付合计（元）" => "ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠣᠯᠭᠣᠬᠤ ᠨᠡᠢᠲᠡ (ᠶᠤᠸᠠᠨ)",
    "发放" => "ᠣᠯᠭᠣᠯᠲᠠ",
    "丧葬补助金发放登记表" => "ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ ᠣᠯᠭᠣᠬᠤ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠦᠨ ᠬᠦᠰᠦᠨᠦᠭ",
    "未领取" => "ᠠᠪᠤᠭ᠎ᠠ ᠦᠭᠡᠢ",
    // Messages residents meet most (the API's and the pages' errors)
    "请先登录后再办理" => "ᠡᠬᠢᠯᠡᠭᠡᠳ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "您没有办理此项业务的权限；如有疑问，请联系所在地社保经办机构" => "ᠲᠠ ᠡᠨᠡ ᠠᠵᠢᠯ ᠢ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠬᠤ ᠡᠷᠬᠡ ᠦᠭᠡᠢ᠄ ᠠᠰᠠᠭᠤᠬᠤ ᠵᠦᠢᠯ ᠲᠡᠢ ᠪᠣᠯ ᠣᠷᠣᠨ ᠨᠤᠲᠤᠭ ᠤᠨ ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠪᠠᠲᠤᠯᠠᠭ᠎ᠠ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠲᠠᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ",
    "如果您填写的姓名和证件号码与户籍登记信息一致，验证码已发送到您登记的电子邮箱，10分钟内有效。没有收到？请核对填写的信息，或携带身份证到村(社区)、苏木乡镇(街道)服务窗口办理。" => "ᠲᠠᠨ ᠤ ᠪᠢᠴᠢᠭᠰᠡᠨ ᠨᠡᠷ᠎ᠡ ᠪᠠ ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠲᠡᠢ ᠲᠣᠬᠢᠷᠠᠪᠠᠯ᠂ ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ ᠢ ᠲᠠᠨ ᠤ ᠪᠦᠷᠢᠲᠭᠡᠭᠰᠡᠨ ᠢᠮᠧᠯ ᠳᠦ ᠢᠯᠡᠭᠡᠪᠡ᠂ 10 ᠮᠢᠨᠦ᠋ᠲ ᠦᠨ ᠳᠣᠲᠣᠷᠠ ᠬᠦᠴᠦᠨ ᠲᠡᠢ᠃ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠭ᠎ᠠ ᠦᠭᠡᠢ ᠪᠣᠯ ᠪᠢᠴᠢᠭᠰᠡᠨ ᠮᠡᠳᠡᠭᠡ ᠪᠡᠨ ᠰᠢᠯᠭᠠᠬᠤ᠂ ᠡᠰᠡᠬᠦ ᠦᠨᠡᠮᠯᠡᠬᠦ ᠪᠡᠨ ᠠᠪᠴᠤ ᠭᠠᠴᠠᠭ᠎ᠠ (ᠬᠣᠷᠣᠭᠠᠯᠠᠩ)᠂ ᠰᠤᠮᠤ ᠰᠢᠶᠠᠩ (ᠵᠡᠭᠡᠯᠢ) ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ᠃",
    "验证码不正确或已失效，或姓名、证件号码与登记信息不一致。请核对后重试，或重新获取验证码" => "ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ ᠪᠤᠷᠤᠭᠤ ᠪᠤᠶᠤ ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠣᠯᠤᠭᠰᠠᠨ᠂ ᠡᠰᠡᠬᠦ ᠨᠡᠷ᠎ᠡ᠂ ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠲᠡᠢ ᠲᠣᠬᠢᠷᠠᠬᠤ ᠦᠭᠡᠢ᠃ ᠰᠢᠯᠭᠠᠭᠠᠳ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠯᠳᠠᠬᠤ᠂ ᠡᠰᠡᠬᠦ ᠰᠢᠨ᠎ᠡ ᠺᠣᠳ᠋ ᠠᠪᠤᠨ᠎ᠠ ᠤᠤ",
    "请填写与身份证件一致的姓名" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠲᠡᠢ ᠠᠳᠠᠯᠢ ᠨᠡᠷ᠎ᠡ ᠪᠡᠨ ᠪᠢᠴᠢᠨ᠎ᠡ ᠤᠤ",
    "请选择证件类型" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠲᠥᠷᠥᠯ ᠢ ᠰᠣᠩᠭᠣᠨ᠎ᠠ ᠤᠤ",
    "证件号码不能为空" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠢ ᠪᠢᠴᠢᠨ᠎ᠡ ᠤᠤ",
    "身份证号码应为18位（旧证15位），请核对位数" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ 18 ᠣᠷᠣᠨ (ᠬᠠᠭᠤᠴᠢᠨ ᠨᠢ 15 ᠣᠷᠣᠨ) ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ᠂ ᠣᠷᠣᠨ ᠢ ᠰᠢᠯᠭᠠᠨ᠎ᠠ ᠤᠤ",
    "身份证号码只能包含数字，最后一位可以是X" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠲᠣᠭ᠎ᠠ ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ᠂ ᠰᠡᠭᠦᠯ ᠦᠨ ᠣᠷᠣᠨ ᠨᠢ X ᠪᠠᠢᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ",
    "身份证号码中的出生日期不正确，请核对" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠳᠠᠬᠢ ᠲᠥᠷᠥᠭᠰᠡᠨ ᠡᠳᠦᠷ ᠪᠤᠷᠤᠭᠤ᠂ ᠰᠢᠯᠭᠠᠨ᠎ᠠ ᠤᠤ",
    "身份证号码校验位不正确，请逐位核对后重新输入" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠤᠨ ᠰᠢᠯᠭᠠᠬᠤ ᠣᠷᠣᠨ ᠪᠤᠷᠤᠭᠤ᠂ ᠣᠷᠣᠨ ᠪᠦᠷᠢ ᠶᠢ ᠰᠢᠯᠭᠠᠭᠠᠳ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "尚未参保：请先办理参保登记" => "ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭ᠎ᠠ ᠦᠭᠡᠢ᠄ ᠡᠬᠢᠯᠡᠭᠡᠳ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠪᠦᠷᠢᠲᠭᠡᠭᠦᠯᠦᠨ᠎ᠡ ᠤᠤ",
    "请填写11位手机号码" => "11 ᠣᠷᠣᠨ ᠲᠠᠢ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠤ ᠳ᠋ᠤᠭᠠᠷ ᠢᠶᠠᠨ ᠪᠢᠴᠢᠨ᠎ᠡ ᠤᠤ",
    "请填写11位手机号码，或带区号的固定电话（如 0471-1234567）" => "11 ᠣᠷᠣᠨ ᠲᠠᠢ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠤ ᠳ᠋ᠤᠭᠠᠷ᠂ ᠡᠰᠡᠬᠦᠯ᠎ᠡ ᠪᠦᠰᠡ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ ᠲᠠᠢ ᠰᠠᠭᠤᠷᠢ ᠶᠢᠨ ᠤᠲᠠᠰᠤ (0471-1234567 ᠮᠡᠲᠦ) ᠪᠢᠴᠢᠨ᠎ᠡ ᠤᠤ",
    "{}（校验位不符，请与银行卡核对）" => "{} (ᠱᠠᠯᠭᠠᠬᠤ ᠣᠷᠣᠨ ᠲᠣᠬᠢᠷᠠᠬᠤ ᠦᠭᠡᠢ᠂ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠲᠠᠢ ᠲᠤᠯᠭᠠᠨ ᠱᠠᠯᠭᠠᠨ᠎ᠠ ᠤᠤ)",
    "银行卡号应为16–19位数字，用于发放待遇" => "ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠤᠨ ᠳ᠋ᠤᠭᠠᠷ 16–19 ᠣᠷᠣᠨ ᠲᠣᠭ᠎ᠠ ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ᠂ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠣᠯᠭᠣᠬᠤ ᠳᠤ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ",
    "请选择户口性质：农业或非农业" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠲᠥᠷᠥᠯ ᠢ ᠰᠣᠩᠭᠣᠨ᠎ᠠ ᠤᠤ᠄ ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠤᠨ ᠪᠤᠶᠤ ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠤᠨ ᠪᠤᠰᠤ",
    "请从列表中选择民族" => "ᠦᠨᠳᠦᠰᠦᠲᠡᠨ ᠢ ᠵᠢᠭᠰᠠᠭᠠᠯᠲᠠ ᠡᠴᠡ ᠰᠣᠩᠭᠣᠨ᠎ᠠ ᠤᠤ",
    "户籍登记信息中暂时没有您的记录，请到村(社区)或乡镇服务窗口核实" => "ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠳᠦ ᠲᠠᠨ ᠤ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠣᠳᠣᠬᠠᠨ ᠳᠠᠭᠠᠨ ᠦᠭᠡᠢ᠂ ᠭᠠᠴᠠᠭ᠎ᠠ (ᠬᠣᠷᠣᠭᠠᠯᠠᠩ) ᠪᠤᠶᠤ ᠰᠤᠮᠤ ᠰᠢᠶᠠᠩ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠣᠴᠢᠵᠤ ᠰᠢᠯᠭᠠᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "姓名与户籍登记信息不一致，请核对" => "ᠨᠡᠷ᠎ᠡ ᠨᠢ ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠲᠡᠢ ᠲᠣᠬᠢᠷᠠᠬᠤ ᠦᠭᠡᠢ᠂ ᠰᠢᠯᠭᠠᠨ᠎ᠠ ᠤᠤ",
    "已核定养老金待遇，不需再申领：可在“我的养老金”查看" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠲᠣᠭᠲᠠᠭᠠᠭᠳᠠᠭᠰᠠᠨ᠂ ᠳᠠᠬᠢᠨ ᠭᠣᠶᠣᠬᠤ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ᠄ «ᠮᠢᠨᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ» ᠳᠤ ᠦᠵᠡᠨ᠎ᠡ ᠦᠦ",
    "没有核定的养老金：请先申领养老金" => "ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠦᠭᠡᠢ᠄ ᠡᠬᠢᠯᠡᠭᠡᠳ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠭᠣᠶᠣᠨ᠎ᠠ ᠤᠤ",
    "没有核定的养老金，不需要认证" => "ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠦᠭᠡᠢ ᠲᠤᠯᠠ ᠪᠠᠲᠤᠯᠠᠬᠤ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ",
    "养老金已终止发放，不需要认证" => "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠣᠯᠭᠣᠬᠤ ᠶᠢ ᠵᠣᠭᠰᠣᠭᠠᠭᠰᠠᠨ ᠲᠤᠯᠠ ᠪᠠᠲᠤᠯᠠᠬᠤ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ",
    "请勾选“本人确认健在，仍符合领取条件”" => "«ᠪᠢ ᠮᠡᠨᠳᠦ ᠪᠠᠢᠨ᠎ᠠ᠂ ᠠᠪᠬᠤ ᠨᠥᠬᠥᠴᠡᠯ ᠢ ᠬᠠᠩᠭᠠᠵᠤ ᠪᠠᠢᠨ᠎ᠠ» ᠭᠡᠳᠡᠭ ᠢ ᠲᠡᠮᠳᠡᠭᠯᠡᠨ᠎ᠡ ᠦᠦ",
    "本人认证须以通行密钥登录：请退出后用通行密钥重新登录；没有通行密钥的，可到便民服务窗口由工作人员协助认证" => "ᠥᠪᠡᠷ ᠢ ᠪᠠᠲᠤᠯᠠᠬᠤ ᠳᠤ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠢᠶᠡᠷ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠬᠡᠷᠡᠭᠲᠡᠢ᠄ ᠭᠠᠷᠴᠤ ᠳᠠᠬᠢᠨ ᠨᠡᠪᠲᠡᠷᠡᠨ᠎ᠡ ᠦᠦ᠃ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠦᠭᠡᠢ ᠪᠣᠯ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠠᠵᠢᠯᠲᠠᠨ ᠤ ᠲᠤᠰᠠᠯᠠᠮᠵᠢ ᠪᠠᠷ ᠪᠠᠲᠤᠯᠠᠭᠤᠯᠤᠨ᠎ᠠ",
    "变更银行卡须以通行密钥登录：请退出后用通行密钥重新登录，或到便民服务窗口办理" => "ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠰᠣᠯᠢᠬᠤ ᠳᠤ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠢᠶᠡᠷ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠬᠡᠷᠡᠭᠲᠡᠢ᠄ ᠭᠠᠷᠴᠤ ᠳᠠᠬᠢᠨ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ᠂ ᠡᠰᠡᠬᠦ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "与现在的银行卡相同，无需变更" => "ᠣᠳᠣᠬᠠᠨ ᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠲᠠᠢ ᠠᠳᠠᠯᠢ᠂ ᠰᠣᠯᠢᠬᠤ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ",
    "所填内容与现有登记相同，无需变更" => "ᠪᠢᠴᠢᠭᠰᠡᠨ ᠵᠦᠢᠯ ᠣᠳᠣᠬᠠᠨ ᠤ ᠪᠦᠷᠢᠲᠭᠡᠯ ᠲᠡᠢ ᠠᠳᠠᠯᠢ᠂ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠬᠦ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ",
    "没有找到这件申请，或您无权查看" => "ᠡᠨᠡ ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢ ᠣᠯᠤᠭᠰᠠᠨ ᠦᠭᠡᠢ᠂ ᠡᠰᠡᠬᠦ ᠲᠠ ᠦᠵᠡᠬᠦ ᠡᠷᠬᠡ ᠦᠭᠡᠢ",
    // Back payment kinds (domain::back_payment::Kind)
    "中断补缴" => "ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ ᠢ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ",
    "一次性补缴" => "ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ",
    "—" => "—",
    // How a filing was confirmed (cases::confirmation)
    "网上声明" => "ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠳᠡᠭᠡᠷ᠎ᠡ ᠪᠠᠲᠤᠯᠠᠭᠰᠠᠨ",
    "签字" => "ᠭᠠᠷ ᠦᠰᠦᠭ ᠵᠢᠷᠤᠭᠰᠠᠨ",
    "指印" => "ᠬᠤᠷᠤᠭᠤ ᠶᠢᠨ ᠣᠷᠣ ᠳᠠᠷᠤᠭᠰᠠᠨ",
    "工作人员核验" => "ᠠᠵᠢᠯᠲᠠᠨ ᠨᠢᠭᠤᠷ ᠲᠤᠯᠠᠭᠠᠨ ᠬᠢᠨᠠᠪᠠ",
    "通行密钥确认承诺书" => "ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠲᠦᠯᠬᠢᠭᠦᠷ ᠢᠶᠡᠷ ᠠᠮᠠᠯᠠᠯᠲᠠ ᠶᠢ ᠪᠠᠲᠤᠯᠠᠭᠰᠠᠨ",
    "农业" => "ᠲᠠᠷᠢᠶᠠᠯᠠᠩ",
    "表单" => "ᠮᠠᠶᠠᠭᠲᠤ",
    "申请表内容无法读取：请勿据此审核，并联系系统管理员" => "ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢᠨ ᠮᠠᠶᠠᠭᠲᠤ ᠶᠢ ᠤᠩᠰᠢᠵᠤ ᠴᠢᠳᠠᠬᠤ ᠦᠭᠡᠢ᠄ ᠡᠭᠦᠨ ᠢ ᠦᠨᠳᠦᠰᠦᠯᠡᠨ ᠬᠢᠨᠠᠬᠤ ᠦᠭᠡᠢ᠂ ᠰᠢᠰᠲᠸᠮ ᠦᠨ ᠬᠠᠮᠢᠶᠠᠷᠤᠭᠴᠢ ᠲᠠᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ",
    "非农业" => "ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠪᠤᠰᠤ",
    // Errors made where the code runs on both sides (crate::error)
    "系统暂时无法处理您的请求，请稍后再试；如多次出现，请联系当地社保经办机构" => "ᠰᠢᠰᠲ᠋ᠧᠮ ᠲᠦᠷ ᠲᠠᠨ ᠤ ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢ ᠰᠢᠢᠳᠬᠡᠵᠦ ᠳᠡᠶᠢᠯᠬᠦ ᠦᠭᠡᠢ᠂ ᠬᠣᠶᠢᠰᠢ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠯᠳᠤᠨ᠎ᠠ ᠤᠤ᠄ ᠣᠯᠠᠨ ᠤᠳᠠᠭ᠎ᠠ ᠭᠠᠷᠪᠠᠯ ᠲᠤᠰ ᠭᠠᠵᠠᠷ ᠤᠨ ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠲᠠᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ",
    "提交的内容不完整或格式不正确，请检查后重新提交" => "ᠲᠤᠰᠢᠶᠠᠭᠰᠠᠨ ᠠᠭᠤᠯᠭ᠎ᠠ ᠳᠤᠲᠠᠭᠤ ᠪᠤᠶᠤ ᠬᠡᠯᠪᠡᠷᠢ ᠪᠤᠷᠤᠭᠤ᠂ ᠰᠢᠯᠭᠠᠭᠠᠳ ᠳᠠᠬᠢᠨ ᠲᠤᠰᠢᠶᠠᠨ᠎ᠠ ᠤᠤ",
    "网络连接不稳定，请检查网络后重试" => "ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠶᠢᠨ ᠵᠠᠯᠭᠠᠯᠲᠠ ᠲᠣᠭᠲᠠᠪᠤᠷᠢ ᠦᠭᠡᠢ᠂ ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠪᠡᠨ ᠰᠢᠯᠭᠠᠭᠠᠳ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠯᠳᠤᠨ᠎ᠠ ᠤᠤ",
} }

terms! {
    /// What the server alone writes: printed forms, refusals and
    /// confirmations. Kept out of the browser's WASM (it only needs the
    /// names above): the server puts these in the reader's language before
    /// they leave it (pages, `/api/v1` answers); a staff island's error
    /// shown in the browser stays Chinese, as staff texts do.
    #[cfg(feature = "ssr")]
    SERVER_TERMS, server_term_mn {
    // Form 附件7 《丧葬补助金发放登记表》, printed with both languages
    "参保人员信息" => "ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭᠰᠠᠨ ᠬᠦᠮᠦᠨ ᠦ ᠮᠡᠳᠡᠭᠡ",
    "申领人信息" => "ᠭᠣᠶᠣᠭᠴᠢ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ",
    "身份证号" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ",
    "死亡日期" => "ᠨᠠᠰᠤ ᠪᠠᠷᠠᠭᠳᠠᠭᠰᠠᠨ ᠡᠳᠦᠷ",
    "个人账户余额" => "ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ",
    "丧葬补助费" => "ᠣᠷᠣᠰᠢᠯ ᠤᠨ ᠲᠡᠭᠦᠯᠦᠬᠦ ᠮᠥᠩᠭᠥ",
    "申领人：" => "ᠭᠣᠶᠣᠭᠴᠢ᠄",
    "旗县（市、区）社保局经办人：" => "ᠬᠣᠰᠢᠭᠤ ᠰᠢᠶᠠᠨ (ᠬᠣᠲᠠ᠂ ᠲᠣᠭᠣᠷᠢᠭ) ᠤᠨ ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠲᠣᠪᠴᠢᠶᠠ ᠶᠢᠨ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠤᠭᠴᠢ᠄",
    "旗县（市、区）社保局负责人：" => "ᠬᠣᠰᠢᠭᠤ ᠰᠢᠶᠠᠨ (ᠬᠣᠲᠠ᠂ ᠲᠣᠭᠣᠷᠢᠭ) ᠤᠨ ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠲᠣᠪᠴᠢᠶᠠ ᠶᠢᠨ ᠬᠠᠷᠢᠭᠤᠴᠠᠭᠴᠢ᠄",
    "备注：" => "ᠲᠠᠢᠯᠪᠤᠷᠢ᠄",
    "内蒙古自治区城乡居民基本养老保险" => "ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ ᠤᠨ ᠥᠪᠡᠷᠲᠡᠭᠡᠨ ᠵᠠᠰᠠᠬᠤ ᠣᠷᠣᠨ ᠤ ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ",
    "配偶" => "ᠡᠬᠡᠨᠡᠷ ᠨᠥᠬᠥᠷ",
    "子女" => "ᠬᠡᠭᠦᠬᠡᠳ",
    "父母" => "ᠡᠴᠢᠭᠡ ᠡᠬᠡ",
    "兄弟姐妹" => "ᠠᠬ᠎ᠠ ᠳᠡᠭᠦᠦ ᠡᠭᠡᠴᠢ ᠳᠡᠭᠦᠦ",
    "其他法定继承人" => "ᠪᠤᠰᠤᠳ ᠬᠠᠤᠯᠢ ᠶᠢᠨ ᠥᠪ ᠵᠠᠬᠢᠷᠤᠭᠴᠢ",
    "指定受益人" => "ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠠᠰᠢᠭ ᠬᠦᠷᠲᠡᠭᠴᠢ",
    "本人" => "ᠥᠪᠡᠷ",
    "按 {} 年记账利率 {}% 计息至 {} 年 {} 月" => "{} ᠣᠨ ᠤ ᠬᠦᠦ ᠶᠢᠨ ᠬᠡᠮᠵᠢᠶ᠎ᠡ {}% ᠪᠠᠷ {} ᠣᠨ ᠤ {} ᠰᠠᠷ᠎ᠠ ᠬᠦᠷᠲᠡᠯ᠎ᠡ ᠬᠦᠦ ᠲᠣᠭᠠᠴᠠᠪᠠ",
    // Refusals the server writes (errors, §4). `{}` is a hole: the text in
    // it (a figure, a name, a term) goes into the Mongolian in order,
    // itself translated when it is a term.
    "请填写要补缴的年度" => "ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠣᠨ ᠢ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ",
    "TRANSFER_PEERS：{} 应为 https 地址（只有本机地址可用 http）" => "TRANSFER_PEERS᠄ {} ᠨᠢ https ᠬᠠᠶᠢᠭ ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ (ᠵᠥᠪᠬᠡᠨ ᠲᠤᠰ ᠮᠠᠰᠢᠨ ᠤ ᠬᠠᠶᠢᠭ http ᠪᠠᠢᠵᠤ ᠪᠣᠯᠨ᠎ᠠ)",
    "{} 年不能补缴：只能补缴以前年度" => "{} ᠣᠨ ᠢ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠵᠦ ᠪᠣᠯᠬᠤ ᠦᠭᠡᠢ᠄ ᠵᠥᠪᠬᠡᠨ ᠥᠩᠭᠡᠷᠡᠭᠰᠡᠨ ᠣᠨ ᠢ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠨ᠎ᠡ",
    "{} 年已有缴费记录，不能补缴" => "{} ᠣᠨ ᠳᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠪᠠᠢᠨ᠎ᠠ᠂ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠵᠦ ᠪᠣᠯᠬᠤ ᠦᠭᠡᠢ",
    "{} 年在参保（{} 年）以前：中断补缴只能补缴参保以后中断的年度，参保以前的年度请申请一次性补缴" => "{} ᠣᠨ ᠨᠢ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭᠰᠠᠨ ({} ᠣᠨ) ᠡᠴᠡ ᠡᠮᠦᠨ᠎ᠡ᠄ ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ ᠢ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠳᠤ ᠵᠥᠪᠬᠡᠨ ᠣᠷᠣᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭᠠᠬᠢ ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ ᠣᠨ ᠢ ᠨᠥᠬᠥᠨ᠎ᠡ᠂ ᠣᠷᠣᠬᠤ ᠡᠴᠡ ᠡᠮᠦᠨᠡᠬᠢ ᠣᠨ ᠢ ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠭᠣᠶᠣᠯᠲᠠ ᠭᠠᠷᠭᠠᠨ᠎ᠠ ᠤᠤ",
    "{} 年在参保以后：一次性补缴只能补缴参保以前的年度，参保以后中断的年度请申请中断补缴" => "{} ᠣᠨ ᠨᠢ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠣᠷᠣᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭ᠎ᠠ᠄ ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠳᠤ ᠵᠥᠪᠬᠡᠨ ᠣᠷᠣᠬᠤ ᠡᠴᠡ ᠡᠮᠦᠨᠡᠬᠢ ᠣᠨ ᠢ ᠨᠥᠬᠥᠨ᠎ᠡ᠂ ᠣᠷᠣᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭᠠᠬᠢ ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ ᠣᠨ ᠢ ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ ᠢ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠭᠣᠶᠣᠯᠲᠠ ᠭᠠᠷᠭᠠᠨ᠎ᠠ ᠤᠤ",
    "{} 年本人未满 16 周岁，不能补缴" => "{} ᠣᠨ ᠳᠤ ᠥᠪᠡᠷ 16 ᠨᠠᠰᠤ ᠬᠦᠷᠡᠭᠡ ᠦᠭᠡᠢ᠂ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠵᠦ ᠪᠣᠯᠬᠤ ᠦᠭᠡᠢ",
    "一次性补缴以补足 {} 年为限：已缴 {} 年，到领取年龄前还可缴 {} 年，最多可补缴 {} 年" => "ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠨᠢ {} ᠵᠢᠯ ᠬᠦᠷᠲᠡᠯ᠎ᠡ᠄ {} ᠵᠢᠯ ᠲᠥᠯᠦᠭᠰᠡᠨ᠂ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠨᠠᠰᠤ ᠬᠦᠷᠬᠦ ᠡᠴᠡ ᠡᠮᠦᠨ᠎ᠡ {} ᠵᠢᠯ ᠲᠥᠯᠥᠵᠦ ᠪᠣᠯᠬᠤ᠂ ᠬᠠᠮᠤᠭ ᠤᠨ ᠣᠯᠠᠨ ᠳᠠᠭᠠᠨ {} ᠵᠢᠯ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠨ᠎ᠡ",
    "累计缴费 {} 年，不足 {} 年：可先申请补缴（一次性补缴），补足后再申领" => "ᠬᠠᠮᠤᠳᠬᠠᠨ {} ᠵᠢᠯ ᠲᠥᠯᠦᠭᠰᠡᠨ᠂ {} ᠵᠢᠯ ᠬᠦᠷᠦᠭᠡ ᠦᠭᠡᠢ᠄ ᠤᠷᠢᠳ ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠬᠦ ᠭᠣᠶᠣᠯᠲᠠ ᠭᠠᠷᠭᠠᠵᠤ᠂ ᠬᠦᠷᠭᠡᠭᠰᠡᠨ ᠦ ᠳᠠᠷᠠᠭ᠎ᠠ ᠭᠣᠶᠣᠨ᠎ᠠ ᠤᠤ",
    "{} 年满 {} 周岁，届时方可申领养老金" => "{} ᠳᠤ {} ᠨᠠᠰᠤ ᠬᠦᠷᠴᠦ᠂ ᠲᠡᠷᠡ ᠦᠶ᠎ᠡ ᠳᠦ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠭᠣᠶᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ",
    "政策参数中没有 {} 周岁的计发月数，请管理员补录" => "ᠪᠣᠳᠣᠯᠭ᠎ᠠ ᠶᠢᠨ ᠬᠡᠮᠵᠢᠭᠦᠷ ᠲᠦ {} ᠨᠠᠰᠤᠨ ᠤ ᠲᠣᠭᠠᠴᠠᠬᠤ ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ ᠲᠣᠭ᠎ᠠ ᠪᠠᠢᠬᠤ ᠦᠭᠡᠢ᠂ ᠬᠠᠮᠢᠶᠠᠷᠤᠭᠴᠢ ᠨᠥᠬᠥᠵᠦ ᠣᠷᠤᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "本件当前状态为“{}”，不能进行此操作" => "ᠡᠨᠡ ᠬᠡᠷᠡᠭ ᠣᠳᠣ «{}» ᠪᠠᠢᠳᠠᠯ ᠳᠤ ᠪᠠᠢᠭ᠎ᠠ ᠲᠤᠯᠠ ᠡᠨᠡ ᠦᠢᠯᠡᠳᠦᠯ ᠢ ᠬᠢᠵᠦ ᠪᠣᠯᠬᠤ ᠦᠭᠡᠢ",
    "本环节须由{}办理" => "ᠡᠨᠡ ᠱᠠᠲᠤ ᠶᠢ {} ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠤᠨ᠎ᠠ",
    "退回或终止须写明理由，让申请人知道下一步怎么做" => "ᠪᠤᠴᠠᠭᠠᠬᠤ ᠡᠰᠡᠬᠦ ᠵᠣᠭᠰᠣᠭᠠᠬᠤ ᠳᠤ ᠰᠢᠯᠳᠠᠭᠠᠨ ᠢ ᠪᠢᠴᠢᠵᠦ᠂ ᠭᠣᠶᠣᠯᠲᠠ ᠭᠠᠷᠭᠠᠭᠴᠢ ᠳᠤ ᠳᠠᠷᠠᠭᠠᠴᠢ ᠠᠯᠬᠤᠮ ᠢ ᠮᠡᠳᠡᠭᠦᠯᠦᠨ᠎ᠡ",
    "文件是空的，请重新选择" => "ᠹᠠᠢᠯ ᠬᠣᠭᠣᠰᠣᠨ ᠪᠠᠢᠨ᠎ᠠ᠂ ᠳᠠᠬᠢᠨ ᠰᠣᠩᠭᠣᠨ᠎ᠠ ᠤᠤ",
    "文件超过 {} MB，请压缩或分页后再上传" => "ᠹᠠᠢᠯ {} MB ᠡᠴᠡ ᠬᠡᠲᠦᠷᠡᠪᠡ᠂ ᠠᠪᠴᠢᠭᠤᠯᠵᠤ ᠡᠰᠡᠬᠦ ᠬᠤᠪᠢᠶᠠᠵᠤ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断，改文件名无效）" => "ᠵᠥᠪᠬᠡᠨ JPG᠂ PNG ᠵᠢᠷᠤᠭ ᠪᠤᠶᠤ PDF ᠹᠠᠢᠯ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠨ᠎ᠠ (ᠠᠭᠤᠯᠭ᠎ᠠ ᠪᠠᠷ ᠨᠢ ᠲᠣᠭᠲᠠᠭᠠᠨ᠎ᠠ᠂ ᠹᠠᠢᠯ ᠤᠨ ᠨᠡᠷ᠎ᠡ ᠶᠢ ᠰᠣᠯᠢᠪᠠᠴᠤ ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ)",
    "港澳台居民居住证号码应以810000、820000或830000开头" => "ᠰᠢᠶᠠᠩᠭᠠᠩ᠂ ᠠᠤᠮᠸᠨ᠂ ᠲᠠᠢᠸᠠᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠰᠠᠭᠤᠤᠯᠢᠨ ᠰᠠᠭᠤᠬᠤ ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ 810000᠂ 820000 ᠪᠤᠶᠤ 830000 ᠡᠴᠡ ᠡᠬᠢᠯᠡᠬᠦ ᠶᠣᠰᠣᠲᠠᠢ",
    "外国人永久居留身份证号码应以9开头，共18位" => "ᠭᠠᠳᠠᠭᠠᠳᠤ ᠬᠦᠮᠦᠨ ᠦ ᠦᠨᠢᠳᠦ ᠰᠠᠭᠤᠬᠤ ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ 9 ᠡᠴᠡ ᠡᠬᠢᠯᠡᠵᠦ᠂ ᠨᠡᠢᠲᠡ 18 ᠣᠷᠣᠨ ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ",
    "证件号码格式不正确：只能包含字母和数字，长度5至20位" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠪᠢᠴᠢᠭ ᠤᠨ ᠳ᠋ᠤᠭᠠᠷ ᠤᠨ ᠬᠡᠯᠪᠡᠷᠢ ᠪᠤᠷᠤᠭᠤ᠄ ᠵᠥᠪᠬᠡᠨ ᠦᠰᠦᠭ ᠪᠠ ᠲᠣᠭ᠎ᠠ᠂ 5–20 ᠣᠷᠣᠨ",
    "《信息表》没有金额：请逐年录入个人账户记账金额和记账利息" => "«ᠮᠡᠳᠡᠭᠡ ᠶᠢᠨ ᠬᠦᠰᠦᠨᠦᠭ» ᠲᠦ ᠮᠥᠩᠭᠥᠨ ᠦ ᠳᠦᠩ ᠪᠠᠢᠬᠤ ᠦᠭᠡᠢ᠄ ᠵᠢᠯ ᠪᠦᠷᠢ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠳᠦᠩ ᠪᠠ ᠬᠦᠦ ᠶᠢ ᠣᠷᠤᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ",
    "金额格式不正确，请输入数字，例如 200 或 200.50" => "ᠮᠥᠩᠭᠥᠨ ᠦ ᠳᠦᠩ ᠤᠨ ᠬᠡᠯᠪᠡᠷᠢ ᠪᠤᠷᠤᠭᠤ᠂ ᠲᠣᠭ᠎ᠠ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ᠂ ᠵᠢᠱᠢᠶᠡᠯᠡᠪᠡᠯ 200 ᠪᠤᠶᠤ 200.50",
    "金额最多保留两位小数（到分）" => "ᠮᠥᠩᠭᠥᠨ ᠦ ᠳᠦᠩ ᠬᠠᠮᠤᠭ ᠤᠨ ᠣᠯᠠᠨ ᠳᠠᠭᠠᠨ ᠬᠣᠶᠠᠷ ᠣᠷᠣᠨ ᠪᠤᠲᠠᠷᠬᠠᠢ ᠲᠣᠭ᠎ᠠ (ᠹᠧᠨ ᠬᠦᠷᠲᠡᠯ᠎ᠡ)",
    "金额超出允许范围" => "ᠮᠥᠩᠭᠥᠨ ᠦ ᠳᠦᠩ ᠵᠥᠪᠰᠢᠶᠡᠷᠡᠬᠦ ᠬᠡᠪᠴᠢᠶ᠎ᠡ ᠡᠴᠡ ᠬᠡᠲᠦᠷᠡᠪᠡ",
    "名单中没有此人" => "ᠨᠡᠷᠡᠰᠦ ᠳᠦ ᠡᠨᠡ ᠬᠦᠮᠦᠨ ᠪᠠᠢᠬᠤ ᠦᠭᠡᠢ",
    "应有 {} 列，实际 {} 列" => "{} ᠪᠠᠭᠠᠨ᠎ᠠ ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ᠂ ᠣᠳᠣ {} ᠪᠠᠭᠠᠨ᠎ᠠ ᠪᠠᠢᠨ᠎ᠠ",
    "死亡日期晚于今天" => "ᠨᠠᠰᠤ ᠪᠠᠷᠠᠭᠳᠠᠭᠰᠠᠨ ᠡᠳᠦᠷ ᠥᠨᠥᠳᠥᠷ ᠡᠴᠡ ᠬᠣᠶᠢᠰᠢ ᠪᠠᠢᠨ᠎ᠠ",
    "证件类型“{}”不正确" => "ᠦᠨᠡᠮᠯᠡᠬᠦ ᠪᠢᠴᠢᠭ ᠤᠨ ᠲᠥᠷᠥᠯ «{}» ᠪᠤᠷᠤᠭᠤ",
    "请填写{}" => "{} ᠢ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ",
    // What the server answers when something was done (a `{"message": …}`)
    "补发" => "ᠨᠥᠬᠥᠵᠦ ᠣᠯᠭᠣᠨ᠎ᠠ",
    "扣回" => "ᠬᠠᠰᠤᠨ ᠠᠪᠤᠨ᠎ᠠ",
    "已记录：{}" => "ᠲᠡᠮᠳᠡᠭᠯᠡᠪᠡ᠄ {}",
    "已为 {} 完成认证（{}）" => "{} ᠢ ᠪᠠᠲᠤᠯᠠᠵᠤ ᠳᠠᠭᠤᠰᠪᠠ ({})",
    "已为 {} 完成认证（{}）；恢复发放并补发暂停期间的养老金，须由另一位工作人员审核“恢复待遇”申请" => "{} ᠢ ᠪᠠᠲᠤᠯᠠᠵᠤ ᠳᠠᠭᠤᠰᠪᠠ ({})᠄ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠰᠡᠷᠭᠦᠭᠡᠵᠦ ᠵᠣᠭᠰᠣᠭᠰᠠᠨ ᠬᠤᠭᠤᠴᠠᠭᠠᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠨᠥᠬᠥᠵᠦ ᠣᠯᠭᠣᠬᠤ ᠳᠤ ᠥᠭᠡᠷ᠎ᠡ ᠠᠵᠢᠯᠲᠠᠨ «ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠰᠡᠷᠭᠦᠭᠡᠬᠦ» ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢ ᠬᠢᠨᠠᠨ ᠪᠠᠲᠤᠯᠠᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ",
    "回单 {} 已录入，待另一位基金财务人员按同一回单复核录入后记账" => "{} ᠳ᠋ᠤᠭᠠᠷ ᠲᠠᠢ ᠪᠠᠨᠺ ᠤᠨ ᠪᠠᠷᠢᠮᠲᠠ ᠶᠢ ᠣᠷᠣᠭᠤᠯᠪᠠ᠂ ᠥᠭᠡᠷ᠎ᠡ ᠰᠠᠩ ᠤᠨ ᠠᠵᠢᠯᠲᠠᠨ ᠮᠥᠨ ᠪᠠᠷᠢᠮᠲᠠ ᠪᠠᠷ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠭᠤᠯᠵᠤ ᠬᠢᠨᠠᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭ᠎ᠠ ᠳᠠᠩᠰᠠᠯᠠᠨ᠎ᠠ",
    "已记账（凭证 {}）" => "ᠳᠠᠩᠰᠠᠯᠠᠪᠠ ({} ᠪᠠᠷᠢᠮᠲᠠ)",
    "已变更" => "ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠪᠡ",
    // The API layer (server/src): request shape, uploads, public queries
    "TRANSFER_PEERS 的每一项应为“盟市代码 地址 公钥”，当前为 {}" => "TRANSFER_PEERS ᠦᠨ ᠨᠢᠭᠡ ᠪᠦᠷᠢ «ᠠᠶᠢᠮᠠᠭ ᠤᠨ ᠺᠣᠳ᠋ ᠬᠠᠶᠢᠭ ᠨᠡᠶᠢᠲᠡ ᠲᠦᠯᠬᠢᠭᠦᠷ» ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ᠂ ᠣᠳᠣ {}",
    "TRANSFER_PEERS：{} 不是盟市代码" => "TRANSFER_PEERS᠄ {} ᠨᠢ ᠠᠶᠢᠮᠠᠭ ᠤᠨ ᠺᠣᠳ᠋ ᠪᠢᠰᠢ",
    "对端 {} 未配置" => "ᠬᠠᠮᠲᠤᠷᠠᠭᠴᠢ {} ᠲᠣᠬᠢᠷᠠᠭᠤᠯᠤᠭᠠᠳᠤᠢ",
    "对端答复 {}：{}" => "ᠬᠠᠮᠲᠤᠷᠠᠭᠴᠢ ᠶᠢᠨ ᠬᠠᠷᠢᠭᠤ {}᠄ {}",
    "无法连接对端：{}" => "ᠬᠠᠮᠲᠤᠷᠠᠭᠴᠢ ᠲᠠᠢ ᠵᠠᠯᠭᠠᠭᠳᠠᠬᠤ ᠦᠭᠡᠢ᠄ {}",
} }

/// [`SERVER_TERMS`] where the server is built; nothing in the browser.
#[cfg(not(feature = "ssr"))]
const SERVER_TERMS: &[(&str, &str)] = &[];
#[cfg(not(feature = "ssr"))]
fn server_term_mn(_: &str) -> Option<&'static str> {
    None
}

/// The Mongolian entry for exactly `zh`, if there is one.
fn exact_mn(zh: &str) -> Option<&'static str> {
    term_mn(zh).or_else(|| server_term_mn(zh))
}

/// `zh`, a name the server made, in `lang`; anything not in [`TERMS`]
/// (a person's name, a reason someone typed) as it is.
pub fn term(lang: Lang, zh: &str) -> String {
    match lang {
        Lang::MnMong => exact_mn(zh).map(str::to_owned).or_else(|| filled_mn(zh)).unwrap_or_else(|| zh.to_owned()),
        Lang::Zh => zh.to_owned(),
    }
}

/// `zh` matched against the entries with holes (`{}`): the
/// one that fits with the most fixed text wins; its Mongolian with each
/// hole's text put back, itself through [`term`].
fn filled_mn(zh: &str) -> Option<String> {
    // Picked out once: `term` misses on every name and figure it is given.
    static WITH_HOLES: std::sync::LazyLock<Vec<(&str, &str)>> =
        std::sync::LazyLock::new(|| TERMS.iter().chain(SERVER_TERMS).filter(|(zh, _)| zh.contains("{}")).copied().collect());
    let (_, mn, holes) =
        WITH_HOLES.iter().filter_map(|(pattern, mn)| holes_of(pattern, zh).map(|holes| (pattern.len(), mn, holes))).max_by_key(|(fixed, _, _)| *fixed)?;
    let mut holes = holes.into_iter();
    let mut out = String::new();
    for (i, piece) in mn.split("{}").enumerate() {
        if i > 0 {
            out.push_str(&term(Lang::MnMong, holes.next().unwrap_or_default()));
        }
        out.push_str(piece);
    }
    Some(out)
}

/// The texts standing in the holes of `pattern` in `text`, or `None` when
/// `text` is not made from `pattern`.
fn holes_of<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut pieces = pattern.split("{}");
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let pieces: Vec<&str> = pieces.collect();
    let mut holes = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.iter().enumerate() {
        let end = if i + 1 == pieces.len() {
            if !rest.ends_with(piece) {
                return None;
            }
            rest.len() - piece.len()
        } else {
            rest.find(piece).filter(|_| !piece.is_empty())?
        };
        holes.push(&rest[..end]);
        rest = &rest[end + piece.len()..];
    }
    Some(holes)
}

/// A name kept as data in both languages (a division): the Mongolian one
/// on a Mongolian page when there is one.
pub fn named(zh: &str, mn: Option<&str>) -> String {
    match (use_lang(), mn) {
        (Lang::MnMong, Some(mn)) => mn.to_owned(),
        _ => zh.to_owned(),
    }
}

/// [`term`] in the current page's language.
pub fn tr(zh: &str) -> String {
    term(use_lang(), zh)
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
    ("submitted", Key::JsSubmitted),
    ("inviteIncomplete", Key::JsInviteIncomplete),
    ("kioskLinkIncomplete", Key::JsKioskLinkIncomplete),
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
    #[test]
    fn every_term_is_written_in_mongolian_once() {
        let mut seen = std::collections::HashSet::new();
        for (zh, mn) in TERMS.iter().chain(SERVER_TERMS) {
            assert!(seen.insert(*zh), "{zh} is in TERMS or SERVER_TERMS twice");
            if *zh == "—" {
                continue;
            }
            assert!(mn.chars().any(is_mongolian), "{zh} has no Mongolian: {mn}");
            assert!(!mn.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{zh}: Chinese left in {mn}");
            assert_eq!(term(Lang::MnMong, zh), *mn);
            assert_eq!(term(Lang::Zh, zh), *zh);
            assert_eq!(zh.matches("{}").count(), mn.matches("{}").count(), "{zh}: the holes differ in {mn}");
        }
        assert_eq!(term(Lang::MnMong, "张三"), "张三", "text not in the table is shown as it is");
    }

    /// A message with two arguments, by key: each language puts them where
    /// its sentence has them; a message only in Chinese reads in Chinese on
    /// a Mongolian page.
    #[cfg(feature = "ssr")]
    #[test]
    fn a_message_reads_in_the_language_asked_with_its_arguments_in_place() {
        let m = msg::ledger_tier_year_not_allowed(2026, 2027);
        assert_eq!(m.id(), Some("ledger-tier-year-not-allowed"));
        assert_eq!(m.named_args(), [("this_year".to_owned(), "2026".to_owned()), ("next_year".to_owned(), "2027".to_owned())].into());
        assert_eq!(m.text(Lang::Zh), "只能选择 2026 年或 2027 年的缴费档次");
        assert_eq!(m.text(Lang::MnMong), "ᠵᠥᠪᠬᠡᠨ 2026 ᠪᠤᠶᠤ 2027 ᠣᠨ ᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠳᠡᠰ ᠢ ᠰᠣᠩᠭᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ");
        let staff_only = msg::auth_passkey_expired();
        assert_eq!(staff_only.text(Lang::MnMong), staff_only.text(Lang::Zh));
        // Outside a request, and inside one for a Mongolian reader.
        assert_eq!(m.to_string(), m.text(Lang::Zh));
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
        assert_eq!(runtime.block_on(read_by(Lang::MnMong, async { m.to_string() })), m.text(Lang::MnMong));
        // A message only in Chinese keeps its arguments in Chinese too.
        assert_ne!(term(Lang::MnMong, "参保登记"), "参保登记");
        let chinese_only = msg::fund_account_unknown("参保登记", "X");
        assert_eq!(chinese_only.text(Lang::MnMong), chinese_only.text(Lang::Zh));
        assert!(chinese_only.text(Lang::Zh).starts_with("参保登记账户"), "{}", chinese_only.text(Lang::Zh));
        // A kept message that no longer fits the catalogue (an argument
        // missing) is not written half: the kept text is shown instead.
        let kept = Message::kept("case-returned".into(), [("kind".to_owned(), "参保登记".to_owned())].into());
        assert_eq!(kept.try_text(Lang::Zh), None);
        let whole = Message::kept("case-returned".into(), [("kind".to_owned(), "参保登记".to_owned()), ("reason".to_owned(), "缺页".to_owned())].into());
        assert_eq!(whole.try_text(Lang::Zh).as_deref(), Some("参保登记需要补正：缺页"));
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

    #[test]
    fn a_refusal_with_figures_is_translated_through_its_holes() {
        // The figure goes back where the Mongolian has it.
        assert_eq!(term(Lang::MnMong, "2019 年已有缴费记录，不能补缴"), "2019 ᠣᠨ ᠳᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠪᠠᠢᠨ᠎ᠠ᠂ ᠨᠥᠬᠥᠵᠦ ᠲᠥᠯᠥᠵᠦ ᠪᠣᠯᠬᠤ ᠦᠭᠡᠢ");
        // A hole holding a term is translated too.
        let name = term(Lang::MnMong, "姓名");
        assert_ne!(name, "姓名");
        assert_eq!(term(Lang::MnMong, "请填写姓名"), format!("{name} ᠢ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ"));
        // Two holes, in order.
        let both = term(Lang::MnMong, "2025-07-20 年满 60 周岁，届时方可申领养老金");
        assert!(both.starts_with("2025-07-20 ᠳᠤ 60 ᠨᠠᠰᠤ"), "{both}");
        // Text no entry fits stays as it is; Chinese pages are untouched.
        assert_eq!(term(Lang::MnMong, "张三已参保"), "张三已参保");
        assert_eq!(term(Lang::Zh, "2019 年已有缴费记录，不能补缴"), "2019 年已有缴费记录，不能补缴");
    }

    /// Every name the server makes for what a resident sees (their cases,
    /// account, pension, transfer, deregistration, consultation) has its
    /// Mongolian: a new state or kind without one fails here.
    #[cfg(feature = "ssr")]
    #[test]
    fn every_name_the_server_makes_for_residents_has_a_term() {
        use crate::backend::benefits::{certification, overpayments, pensions};
        use crate::backend::cases::{self, kinds::deregistration};
        use crate::backend::infra::documents;
        use crate::backend::transfers;
        use domain::case::{ALL_CASE_TYPES, CaseState};
        let mut names: Vec<String> = Vec::new();
        for ty in ALL_CASE_TYPES {
            names.push(ty.label().into());
            for n in 0..ty.steps().len() {
                names.push(CaseState::InReview(n as u8).label(ty));
            }
            for s in [CaseState::Returned, CaseState::Approved, CaseState::Terminated, CaseState::Withdrawn] {
                names.push(s.label(ty));
            }
        }
        for e in ["submit", "approve", "return", "terminate", "resubmit", "withdraw", "finding", "other"] {
            names.push(cases::event_label(e).into());
        }
        names.extend(documents::KINDS.iter().map(|(_, l)| l.to_string()));
        names.push(documents::kind_label("unknown").into());
        names.extend(domain::ledger::ALL_KINDS.iter().map(|k| k.label().to_string()));
        for s in ["active", "suspended", "stopped", "generated", "sent", "paid", "failed", "reissued", "other"] {
            names.push(pensions::status_label(s).into());
        }
        for m in ["data", "self", "kiosk", "home_visit", "other"] {
            names.push(certification::method_label(m).into());
        }
        for scheme in ["resident", "employee"] {
            for s in ["letter_sent", "funds_pending", "funds_sent", "completed", "refused", "other"] {
                names.push(transfers::status_label(s, scheme).into());
            }
        }
        for g in ["death", "nationality", "other_pension", "other"] {
            names.push(deregistration::ground_label(g).into());
        }
        names.push(deregistration::payment_label(None, 0));
        names.push(deregistration::payment_label(None, 100));
        for s in ["generated", "sent", "paid", "other"] {
            names.push(deregistration::payment_label(Some((s.into(), None)), 100));
        }
        for s in ["balance", "funeral_grant", "refund_order", "refund", "referral", "other"] {
            names.push(overpayments::step_label(s).into());
        }
        for k in [domain::consultation::Kind::Consultation, domain::consultation::Kind::Report] {
            names.push(k.label().into());
        }
        names.extend(["已答复", "办理中", "男", "女"].map(String::from));
        // How a filing was confirmed (cases::confirmation), who is paid.
        names.extend(domain::Confirmation::ALL.iter().map(|c| c.label().to_owned()));
        names.extend(domain::Relation::ALL.iter().map(|r| r.label().to_owned()));
        names.extend(domain::HouseholdType::ALL.iter().map(|h| h.label().to_owned()));
        names.extend(domain::registry::ETHNIC_GROUPS.map(String::from));
        for k in [domain::back_payment::Kind::Interrupted, domain::back_payment::Kind::Lump] {
            names.push(k.label().into());
        }
        // The field names of the filed forms shown on the case page.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/backend");
        let field = form_field_names(dir);
        assert!(field.len() > 20, "the field names were not found in {dir}");
        names.extend(field);
        let missing: Vec<&String> = names.iter().filter(|n| exact_mn(n).is_none()).collect();
        assert!(missing.is_empty(), "no Mongolian for {missing:?}: add them to TERMS");
    }

    /// Every refusal still written as text where a resident can meet it (a
    /// domain rule's error, a backend function's `Err(format!(…))`) has its
    /// Mongolian in [`SERVER_TERMS`], holes and all: a new message without
    /// one fails here. An `AppError` or a confirmation made from Chinese
    /// text fails too: those are catalogue messages (`i18n::msg`). Not
    /// scanned: back-office modules no resident call reaches.
    #[cfg(feature = "ssr")]
    #[test]
    fn every_refusal_and_answer_the_server_writes_has_its_mongolian() {
        const BACK_OFFICE: &[&str] = &[
            "oversight/archives.rs",
            "oversight/audit_trail.rs",
            "infra/audit.rs",
            "infra/db.rs",
            "seed/demo.rs",
            "infra/exports.rs",
            "money/fund.rs",
            "money/fund_reconciliation.rs",
            "money/government_paid.rs",
            "infra/http.rs",
            "infra/imports.rs",
            "infra/lists.rs",
            "infra/mail.rs",
            "benefits/overpayments.rs",
            "benefits/payroll/mod.rs",
            "benefits/payroll/check.rs",
            "benefits/payroll/bank.rs",
            "infra/reference.rs",
            "money/registration.rs",
            "infra/registry.rs",
            "oversight/risks.rs",
            "oversight/statistics.rs",
            "seed/synthetic.rs",
            "money/tax.rs",
            "domain/src/archive.rs",
            "domain/src/division.rs",
            "domain/src/fund.rs",
            "domain/src/policy.rs",
            "domain/src/registry.rs",
            "domain/src/roles.rs",
            // The server: the operator's command line and settings, staff pages and their API.
            "server/src/bench.rs",
            "server/src/cli.rs",
            "server/src/config.rs",
            "server/src/reports.rs",
            "api/money/fund.rs",
            "api/oversight.rs",
            "api/benefits/payroll.rs",
            "api/identity/staff.rs",
        ];
        // Refusals, and the `{"message": …}` answers of what was done.
        const MARKERS: &[&str] = &[
            "AppError::invalid(",
            "AppError::not_found(",
            "AppError::new(",
            "#[error(",
            "Err(\"",
            "Err(format!(",
            "ok_or_else(|| format!(",
            "message(",
            "Ok(format!(",
        ];
        let sources = |dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>| out.extend(rust_files(dir));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        sources(&root.join("src/backend"), &mut files);
        sources(&root.join("domain/src"), &mut files);
        sources(&root.join("src/pages"), &mut files);
        files.push(root.join("src/error.rs"));
        sources(&root.join("../server/src"), &mut files);
        let chinese = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        let (mut seen, mut missing) = (0, Vec::new());
        for path in files {
            if BACK_OFFICE.iter().any(|f| path.ends_with(f)) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for marker in MARKERS {
                for piece in code.split(marker).skip(1) {
                    // The message written right there: `"…"` or `format!("…"`.
                    let mut rest = piece.trim_start();
                    if *marker == "AppError::new(" {
                        // Any code: an internal error's message is what the person reads.
                        let Some((_, after)) = rest.split_once(',') else { continue };
                        rest = after.trim_start();
                    }
                    rest = rest.strip_prefix("format!(").map_or(rest, str::trim_start);
                    let rest = if marker.ends_with('"') { format!("\"{rest}") } else { rest.to_owned() };
                    if !rest.starts_with('"') {
                        continue;
                    }
                    let Some(message) = string_literals(&rest, 1).pop() else { continue };
                    if !message.chars().any(chinese) {
                        continue;
                    }
                    let pattern: String = message
                        .split('{')
                        .enumerate()
                        .map(|(i, p)| if i == 0 { p.to_owned() } else { format!("{{}}{}", p.split_once('}').map_or(p, |(_, rest)| rest)) })
                        .collect();
                    seen += 1;
                    if marker.starts_with("AppError::") || *marker == "message(" {
                        missing.push(format!("{}: {pattern} (write it in app/locales/*/messages.ftl)", path.file_name().unwrap_or_default().to_string_lossy()));
                    } else if exact_mn(&pattern).is_none() {
                        missing.push(format!("{}: {pattern}", path.file_name().unwrap_or_default().to_string_lossy()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "refusals without Mongolian in TERMS:\n{}", missing.join("\n"));
        assert!(seen >= 40, "only {seen} refusals found");
    }

    /// The Rust files under `dir`, at any depth.
    #[cfg(feature = "ssr")]
    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).expect("sources") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    /// The first `n` string literals in `code` (escapes kept as written).
    #[cfg(feature = "ssr")]
    fn string_literals(code: &str, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = code.chars();
        while out.len() < n {
            match chars.next() {
                None => break,
                Some('"') => {
                    let mut lit = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            // A line continuation: the line break and the
                            // next line's indent are not in the string.
                            '\\' => match chars.next() {
                                Some('\n') => {
                                    let after: String = chars.clone().collect();
                                    let skipped = after.len() - after.trim_start().len();
                                    for _ in 0..after[..skipped].chars().count() {
                                        chars.next();
                                    }
                                }
                                other => lit.extend(other),
                            },
                            '"' => break,
                            c => lit.push(c),
                        }
                    }
                    out.push(lit);
                }
                Some(_) => {}
            }
        }
        out
    }

    /// `field("…"` and `("….to_owned(), s(` in the backend's sources: the
    /// labels of the facts of a filed form.
    #[cfg(feature = "ssr")]
    fn form_field_names(dir: &str) -> Vec<String> {
        let mut out = Vec::new();
        for path in rust_files(std::path::Path::new(dir)) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            for (start, end) in [("field(\"", "\""), ("(\"", "\".to_owned(), ")] {
                for piece in text.split(start).skip(1) {
                    if let Some((label, rest)) = piece.split_once('"') {
                        let whole = format!("\"{rest}");
                        if whole.starts_with(end) && !label.is_ascii() {
                            out.push(label.to_owned());
                        }
                    }
                }
            }
        }
        out
    }
}
