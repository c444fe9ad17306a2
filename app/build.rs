//! Reads the message catalogue (`locales/<language>/*.ftl`, Fluent syntax)
//! and writes the Rust that names its messages, so that a message a page or
//! a refusal uses and the catalogue lacks is a compile error:
//!
//! - `pages.ftl`, `staff-pages.ftl`: page text without arguments. Each id is
//!   a [`Key`] variant, and its text in each language a `&'static str` in a
//!   table compiled into the program (the browser's islands included: no
//!   Fluent runtime travels to the browser).
//! - `messages.ftl`, `chinese-only.ftl`: messages with named arguments
//!   (refusals, confirmations). Each id is a function of `i18n::msg` taking
//!   its arguments in order; the server renders the sentence in the reader's
//!   language with `fluent-bundle` when it leaves (`i18n::Message`).
//!
//! Resident files must hold the same ids with the same arguments in every
//! language; `staff-pages.ftl` and `chinese-only.ftl` are Chinese only.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

const LANGS: [(&str, &str); 2] = [("zh-CN", "Zh"), ("mn-Mong", "MnMong")];

/// One message: its id, its text pieces, its argument names in order.
struct Item {
    id: String,
    text: String,
    args: Vec<String>,
}

fn read(path: &Path) -> Vec<Item> {
    println!("cargo::rerun-if-changed={}", path.display());
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
    let mut out = Vec::new();
    for entry in resource.body {
        match entry {
            Entry::Message(m) => {
                let id = m.id.name.to_owned();
                let pattern = m.value.unwrap_or_else(|| panic!("{}: {id} has no text", path.display()));
                let (text, args) = flatten(&pattern, path, &id);
                out.push(Item { id, text, args });
            }
            Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => {}
            other => panic!("{}: only messages and comments are used here, found {other:?}", path.display()),
        }
    }
    out
}

/// The text with each argument as `{$name}`, and the argument names.
fn flatten(pattern: &Pattern<&str>, path: &Path, id: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut args = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(InlineExpression::StringLiteral { value }) } => text.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(InlineExpression::VariableReference { id: var }) } => {
                write!(text, "{{${}}}", var.name).expect("write to a string");
                if !args.iter().any(|a| a == var.name) {
                    args.push(var.name.to_owned());
                }
            }
            other => panic!("{}: {id}: only text and {{ $argument }} are used here, found {other:?}", path.display()),
        }
    }
    (text, args)
}

fn camel(id: &str) -> String {
    id.split('-').map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

fn snake(id: &str) -> String {
    id.replace('-', "_")
}

fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("locales");
    let file = |lang: &str, name: &str| read(&dir.join(lang).join(name));

    // Resident files: the same ids and arguments in every language.
    let both = |name: &str| -> Vec<BTreeMap<String, Item>> {
        let langs: Vec<BTreeMap<String, Item>> = LANGS.iter().map(|(lang, _)| file(lang, name).into_iter().map(|e| (e.id.clone(), e)).collect()).collect();
        let (zh, rest) = langs.split_first().expect("Chinese first");
        for (other, (lang, _)) in rest.iter().zip(&LANGS[1..]) {
            for (id, e) in zh {
                let Some(o) = other.get(id) else { panic!("{lang}/{name} lacks {id} (Chinese: {})", e.text) };
                let (mut a, mut b) = (e.args.clone(), o.args.clone());
                a.sort();
                b.sort();
                assert_eq!(a, b, "{lang}/{name}: {id} has other arguments than in Chinese");
            }
            if let Some(id) = other.keys().find(|id| !zh.contains_key(*id)) {
                panic!("{lang}/{name} has {id}, which zh-CN/{name} lacks");
            }
        }
        langs
    };

    let pages = both("pages.ftl");
    let staff_pages = file("zh-CN", "staff-pages.ftl");
    let messages = both("messages.ftl");
    let chinese_only = file("zh-CN", "chinese-only.ftl");
    let mut seen = BTreeSet::new();
    for id in pages[0].keys().chain(messages[0].keys()).chain(staff_pages.iter().chain(&chinese_only).map(|e| &e.id)) {
        assert!(seen.insert(id), "message id {id} is in the catalogue twice");
    }
    for e in pages[0].values().chain(&staff_pages) {
        assert!(e.args.is_empty(), "page text {} takes no arguments: put it in messages.ftl", e.id);
    }

    let mut out = String::from("// Written by build.rs from locales/*/*.ftl; edit those files.\n\n");
    // Keys, in file order of the Chinese files (pages first).
    let order = |lang_file: &str| -> Vec<String> { read(&dir.join("zh-CN").join(lang_file)).into_iter().map(|e| e.id).collect() };
    let resident_ids = order("pages.ftl");
    let staff_ids: Vec<String> = staff_pages.iter().map(|e| e.id.clone()).collect();
    out.push_str("/// A text of a page, by its id in `locales/*/pages.ftl` or `staff-pages.ftl`.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Key {\n");
    for id in resident_ids.iter().chain(&staff_ids) {
        writeln!(out, "    {},", camel(id)).expect("write");
    }
    out.push_str("}\n\nimpl Key {\n    pub const ALL: &'static [Key] = &[");
    for id in resident_ids.iter().chain(&staff_ids) {
        write!(out, "Key::{}, ", camel(id)).expect("write");
    }
    out.push_str("];\n    /// The keys residents see: these exist in every language.\n    pub const RESIDENT: &'static [Key] = &[");
    for id in &resident_ids {
        write!(out, "Key::{}, ", camel(id)).expect("write");
    }
    out.push_str("];\n\n    /// The message id in the catalogue.\n    pub fn id(self) -> &'static str {\n        match self {\n");
    for id in resident_ids.iter().chain(&staff_ids) {
        writeln!(out, "            Key::{} => {id:?},", camel(id)).expect("write");
    }
    out.push_str("        }\n    }\n}\n\n/// The text of `key` in `lang`.\npub fn text(lang: Lang, key: Key) -> &'static str {\n    match (lang, key) {\n");
    for id in &resident_ids {
        for (i, (_, variant)) in LANGS.iter().enumerate() {
            writeln!(out, "        (Lang::{variant}, Key::{}) => {:?},", camel(id), pages[i][id].text).expect("write");
        }
    }
    for e in &staff_pages {
        writeln!(out, "        (_, Key::{}) => {:?},", camel(&e.id), e.text).expect("write");
    }
    out.push_str("    }\n}\n\n");

    // Messages with arguments: one function each.
    out.push_str("/// The messages of `locales/*/messages.ftl` and `chinese-only.ftl`, one\n/// function each, taking the message's arguments in order.\npub mod msg {\n    use super::Message;\n");
    let zh_messages = read(&dir.join("zh-CN").join("messages.ftl"));
    for e in zh_messages.iter().chain(&chinese_only) {
        let params: Vec<String> = e.args.iter().map(|a| format!("{}: impl std::fmt::Display", param(a))).collect();
        let args: Vec<String> = e.args.iter().map(|a| format!("({a:?}, {}.to_string())", param(a))).collect();
        writeln!(
            out,
            "\n    /// {}\n    pub fn {}({}) -> Message {{\n        Message::from_catalogue({:?}, vec![{}])\n    }}",
            e.text.replace('\n', " "),
            snake(&e.id),
            params.join(", "),
            e.id,
            args.join(", ")
        )
        .expect("write");
    }
    out.push_str("}\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets it")).join("messages.rs");
    std::fs::write(target, out).expect("write messages.rs");
    println!("cargo::rerun-if-changed=build.rs");
}

/// An argument name as a Rust parameter (`type` is a keyword).
fn param(name: &str) -> String {
    match name {
        "type" | "ref" | "match" | "move" | "loop" | "fn" | "mod" | "use" | "in" | "as" | "else" | "self" | "struct" | "enum" => format!("{name}_"),
        _ => name.to_owned(),
    }
}
