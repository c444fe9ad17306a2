//! The message catalogue, `app/locales/<language>/*.ftl` (Fluent): read and
//! checked in one place for the three that use it.
//!
//! - `app/build.rs` turns it into Rust ([`Catalogue::rust`]): a build with a
//!   message missing in a language, or with other arguments, fails.
//! - `server i18n export` writes it as a spreadsheet for a translator
//!   ([`Catalogue::export`]); `server i18n import` takes the reviewed column
//!   back into the files ([`import`]), refusing what would not build.
//!
//! Files, per language folder:
//! - `pages.ftl`: page text residents read, no arguments; in every language.
//! - `staff-pages.ftl`: page text only staff read; Chinese only.
//! - `messages.ftl`: messages with named arguments (`{ $name }`); in every
//!   language.
//! - `chinese-only.ftl`: messages in Chinese only (the back office's, and
//!   residents' without Mongolian yet); a translation imported for one moves
//!   it to `messages.ftl`.

use fluent_syntax::ast::{Entry as Ast, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

/// The languages: the folder name and the `Lang` variant it becomes.
pub const LANGS: [(&str, &str); 2] = [("zh-CN", "Zh"), ("mn-Mong", "MnMong")];
/// The language a translator works into.
pub const SECOND: &str = "mn-Mong";

const PAGES: &str = "pages.ftl";
const STAFF_PAGES: &str = "staff-pages.ftl";
const MESSAGES: &str = "messages.ftl";
const CHINESE_ONLY: &str = "chinese-only.ftl";

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    /// As written in the file (Fluent syntax: `{ $name }`, `{" "}`).
    pub value: String,
    /// The text, each argument as `{$name}`.
    pub text: String,
    /// Argument names in order of first use.
    pub args: Vec<String>,
    /// The comment lines right above it, without `# `.
    pub comments: Vec<String>,
}

/// One file of one language, in file order.
pub type File = Vec<Entry>;

/// The whole catalogue, checked.
#[derive(Debug)]
pub struct Catalogue {
    pub pages: [File; 2],
    pub staff_pages: File,
    pub messages: [File; 2],
    pub chinese_only: File,
}

/// The files' texts, by (language, file name).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Texts(BTreeMap<(String, String), String>);

const FILES: [(&str, &str); 6] = [("zh-CN", PAGES), ("zh-CN", STAFF_PAGES), ("zh-CN", MESSAGES), ("zh-CN", CHINESE_ONLY), (SECOND, PAGES), (SECOND, MESSAGES)];

impl Texts {
    fn read(dir: &Path) -> Result<Texts, String> {
        let mut texts = BTreeMap::new();
        for (lang, name) in FILES {
            let path = dir.join(lang).join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            texts.insert((lang.to_owned(), name.to_owned()), text);
        }
        Ok(Texts(texts))
    }

    fn get_mut(&mut self, lang: &str, name: &str) -> &mut String {
        self.0.entry((lang.to_owned(), name.to_owned())).or_default()
    }
}

/// Reads one `.ftl` text.
pub fn parse(name: &str, source: &str) -> Result<File, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| format!("{name}: {errors:?}"))?;
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for entry in resource.body {
        match entry {
            Ast::Message(m) => {
                let id = m.id.name.to_owned();
                let pattern = m.value.ok_or_else(|| format!("{name}: {id} has no text"))?;
                let (text, args) = flatten(&pattern).map_err(|e| format!("{name}: {id}: {e}"))?;
                if text.contains('\n') {
                    return Err(format!("{name}: {id}: one line per message"));
                }
                let at = lines
                    .iter()
                    .position(|l| l.starts_with(&format!("{id} =")) || l.starts_with(&format!("{id}=")))
                    .ok_or_else(|| format!("{name}: {id}: write it as `{id} = …` on one line"))?;
                let value = lines.get(at).and_then(|l| l.split_once('=')).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
                let comments =
                    lines[..at].iter().rev().take_while(|l| l.starts_with('#')).map(|l| l.trim_start_matches('#').trim().to_owned()).collect::<Vec<_>>();
                out.push(Entry { id, value, text, args, comments: comments.into_iter().rev().collect() });
            }
            Ast::Comment(_) | Ast::GroupComment(_) | Ast::ResourceComment(_) => {}
            other => return Err(format!("{name}: only messages and comments are used here, found {other:?}")),
        }
    }
    Ok(out)
}

/// The text with each argument as `{$name}`, and the argument names.
fn flatten(pattern: &Pattern<&str>) -> Result<(String, Vec<String>), String> {
    let mut text = String::new();
    let mut args = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(InlineExpression::StringLiteral { value }) } => text.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(InlineExpression::VariableReference { id }) } => {
                write!(text, "{{${}}}", id.name).map_err(|e| e.to_string())?;
                if !args.iter().any(|a| a == id.name) {
                    args.push(id.name.to_owned());
                }
            }
            _ => return Err("only text and { $argument } are used here".into()),
        }
    }
    Ok((text, args))
}

fn sorted(args: &[String]) -> Vec<&String> {
    let mut a: Vec<&String> = args.iter().collect();
    a.sort();
    a
}

impl Catalogue {
    /// Reads `dir` (`app/locales`) and checks it.
    pub fn read(dir: &Path) -> Result<Catalogue, String> {
        Catalogue::of(&Texts::read(dir)?)
    }

    /// The catalogue in `texts`, checked.
    fn of(texts: &Texts) -> Result<Catalogue, String> {
        let file = |lang: &str, name: &str| -> Result<File, String> {
            let source = texts.0.get(&(lang.to_owned(), name.to_owned())).ok_or_else(|| format!("{lang}/{name} is missing"))?;
            parse(&format!("{lang}/{name}"), source)
        };
        let both = |name: &str| -> Result<[File; 2], String> { Ok([file(LANGS[0].0, name)?, file(LANGS[1].0, name)?]) };
        let catalogue =
            Catalogue { pages: both(PAGES)?, staff_pages: file("zh-CN", STAFF_PAGES)?, messages: both(MESSAGES)?, chinese_only: file("zh-CN", CHINESE_ONLY)? };
        catalogue.check()?;
        Ok(catalogue)
    }

    /// Every id of the files in both languages is in both, with the same
    /// arguments; no id twice; page text takes no arguments.
    fn check(&self) -> Result<(), String> {
        for (name, [zh, other]) in [(PAGES, &self.pages), (MESSAGES, &self.messages)] {
            let other_ids: BTreeMap<&str, &Entry> = other.iter().map(|e| (e.id.as_str(), e)).collect();
            for e in zh {
                let o = other_ids.get(e.id.as_str()).ok_or_else(|| format!("{SECOND}/{name} lacks {} (Chinese: {})", e.id, e.text))?;
                if sorted(&e.args) != sorted(&o.args) {
                    return Err(format!("{SECOND}/{name}: {} has other arguments than in Chinese", e.id));
                }
            }
            let zh_ids: BTreeSet<&str> = zh.iter().map(|e| e.id.as_str()).collect();
            if let Some(e) = other.iter().find(|e| !zh_ids.contains(e.id.as_str())) {
                return Err(format!("{SECOND}/{name} has {}, which zh-CN/{name} lacks", e.id));
            }
        }
        let mut seen = BTreeSet::new();
        for e in self.pages[0].iter().chain(&self.staff_pages).chain(&self.messages[0]).chain(&self.chinese_only) {
            if !seen.insert(e.id.as_str()) {
                return Err(format!("message id {} is in the catalogue twice", e.id));
            }
        }
        for (name, file) in [(PAGES, &self.pages[1]), (MESSAGES, &self.messages[1])] {
            let mut seen = BTreeSet::new();
            if let Some(e) = file.iter().find(|e| !seen.insert(e.id.as_str())) {
                return Err(format!("{SECOND}/{name} has {} twice", e.id));
            }
        }
        for (i, e) in self.pages.iter().flatten().chain(&self.staff_pages).enumerate() {
            if !e.args.is_empty() {
                return Err(format!("page text {} ({i}) takes no arguments: put it in {MESSAGES}", e.id));
            }
        }
        Ok(())
    }

    /// The Rust `app::i18n` includes: `Key`, `text` and `msg`.
    pub fn rust(&self) -> String {
        let camel = |id: &str| -> String { id.split('-').map(|w| w[..1].to_uppercase() + &w[1..]).collect() };
        let mut out = String::from("// Written by build.rs from app/locales/*/*.ftl; edit those files.\n\n");
        let resident: Vec<&Entry> = self.pages[0].iter().collect();
        let all: Vec<&Entry> = resident.iter().copied().chain(&self.staff_pages).collect();
        out.push_str("/// A text of a page, by its id in `locales/*/pages.ftl` or `staff-pages.ftl`.\n");
        out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Key {\n");
        for e in &all {
            let _ = writeln!(out, "    {},", camel(&e.id));
        }
        out.push_str("}\n\nimpl Key {\n    pub const ALL: &'static [Key] = &[");
        for e in &all {
            let _ = write!(out, "Key::{}, ", camel(&e.id));
        }
        out.push_str("];\n    /// The keys residents see: these exist in every language.\n    pub const RESIDENT: &'static [Key] = &[");
        for e in &resident {
            let _ = write!(out, "Key::{}, ", camel(&e.id));
        }
        out.push_str("];\n\n    /// The message id in the catalogue.\n    pub fn id(self) -> &'static str {\n        match self {\n");
        for e in &all {
            let _ = writeln!(out, "            Key::{} => {:?},", camel(&e.id), e.id);
        }
        out.push_str("        }\n    }\n\n    /// The key with this catalogue id.\n    #[cfg(feature = \"ssr\")]\n    pub fn from_id(id: &str) -> Option<Key> {\n        Some(match id {\n");
        for e in &all {
            let _ = writeln!(out, "            {:?} => Key::{},", e.id, camel(&e.id));
        }
        out.push_str("            _ => return None,\n        })\n    }\n}\n\n/// The text of `key` in `lang`.\npub fn text(lang: Lang, key: Key) -> &'static str {\n    match (lang, key) {\n");
        let second: BTreeMap<&str, &Entry> = self.pages[1].iter().map(|e| (e.id.as_str(), e)).collect();
        for e in &resident {
            let _ = writeln!(out, "        (Lang::{}, Key::{}) => {:?},", LANGS[0].1, camel(&e.id), e.text);
            let _ = writeln!(out, "        (Lang::{}, Key::{}) => {:?},", LANGS[1].1, camel(&e.id), second[e.id.as_str()].text);
        }
        for e in &self.staff_pages {
            let _ = writeln!(out, "        (_, Key::{}) => {:?},", camel(&e.id), e.text);
        }
        out.push_str("    }\n}\n\n");
        out.push_str("/// The messages of `locales/*/messages.ftl` and `chinese-only.ftl`, one\n/// function each, taking the message's arguments in order (as many as\n/// its sentence has).\n#[allow(clippy::too_many_arguments)]\npub mod msg {\n    use super::{IntoArg, Message};\n");
        for e in self.messages[0].iter().chain(&self.chinese_only) {
            let param = |a: &str| {
                if matches!(a, "type" | "ref" | "match" | "move" | "loop" | "fn" | "mod" | "use" | "in" | "as" | "else" | "self") {
                    format!("{a}_")
                } else {
                    a.to_owned()
                }
            };
            let params: Vec<String> = e.args.iter().map(|a| format!("{}: impl IntoArg", param(a))).collect();
            let args: Vec<String> = e.args.iter().map(|a| format!("({a:?}, {}.into_arg())", param(a))).collect();
            let _ = writeln!(
                out,
                "\n    /// {}\n    pub fn {}({}) -> Message {{\n        Message::from_catalogue({:?}, vec![{}])\n    }}",
                e.text.replace('\n', " "),
                e.id.replace('-', "_"),
                params.join(", "),
                e.id,
                args.join(", ")
            );
        }
        out.push_str("}\n");
        out
    }

    /// What a translator reviews, one row per message residents can read:
    /// `pages.ftl`, `messages.ftl`, and `chinese-only.ftl` (with no
    /// Mongolian yet). Staff page text is not listed (Chinese by design).
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for (name, [zh, mn]) in [(PAGES, &self.pages), (MESSAGES, &self.messages)] {
            let second: BTreeMap<&str, &Entry> = mn.iter().map(|e| (e.id.as_str(), e)).collect();
            rows.extend(zh.iter().map(|e| Row::of(name, e, second.get(e.id.as_str()).map(|m| m.value.clone()).unwrap_or_default())));
        }
        rows.extend(self.chinese_only.iter().map(|e| Row::of(CHINESE_ONLY, e, String::new())));
        rows
    }
}

/// One line of the translator's spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub key: String,
    pub chinese: String,
    pub second: String,
    pub file: String,
    pub used_in: String,
    pub note: String,
}

impl Row {
    fn of(file: &str, e: &Entry, second: String) -> Row {
        let (used, note): (Vec<&String>, Vec<&String>) = e.comments.iter().partition(|c| c.starts_with("used in:"));
        Row {
            key: e.id.clone(),
            chinese: e.value.clone(),
            second,
            file: file.to_owned(),
            used_in: used.iter().map(|u| u.trim_start_matches("used in:").trim()).collect::<Vec<_>>().join("; "),
            note: note.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "),
        }
    }
}

/// The spreadsheet's header (its first line).
pub const HEADER: [&str; 6] = ["key", "zh-CN", SECOND, "file", "used in", "note"];

/// `rows` as CSV, UTF-8 with a byte-order mark so that WPS and Excel open
/// it as UTF-8.
pub fn to_csv(rows: &[Row]) -> Result<Vec<u8>, String> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(HEADER).map_err(|e| e.to_string())?;
    for r in rows {
        out.write_record([&r.key, &r.chinese, &r.second, &r.file, &r.used_in, &r.note]).map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

/// The reviewed lines of a spreadsheet: (line number, key, translation).
pub fn from_csv(bytes: &[u8]) -> Result<Vec<(usize, String, String)>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| "the file is not UTF-8: save it as \"CSV UTF-8\"".to_owned())?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name).ok_or_else(|| format!("the first line lacks the column \"{name}\""));
    let (key, second) = (column("key")?, column(SECOND)?);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 2))?;
        let get = |c: usize| record.get(c).unwrap_or_default().trim().to_owned();
        rows.push((i + 2, get(key), get(second)));
    }
    Ok(rows)
}

/// What an import changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Translations changed.
    pub changed: usize,
    /// Messages that had none and now have one.
    pub added: usize,
    pub unchanged: usize,
}

fn han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn mongolian(c: char) -> bool {
    ('\u{1800}'..='\u{18AF}').contains(&c)
}

/// Why a translated cell cannot be taken as it is, if it cannot: a control
/// character (a line break, a tab) would break the file or the page's
/// script text, and markup has no place in a message.
pub fn unfit(value: &str) -> Option<&'static str> {
    if value.chars().any(char::is_control) {
        Some("a line break or other control character: keep each cell one line of text")
    } else if value.contains(['<', '>']) {
        Some("< and > are not allowed in a message")
    } else {
        None
    }
}

/// An edit: the file its message is in, the Chinese entry, the new text.
type Edit<'c> = (&'static str, &'c Entry, String);

/// The edits `rows` make, or every line refused and why.
fn plan<'c>(catalogue: &'c Catalogue, rows: &[(usize, String, String)]) -> Result<(Vec<Edit<'c>>, Imported), Vec<String>> {
    let current: BTreeMap<&str, (&'static str, &Entry, Option<&Entry>)> = {
        let mut m = BTreeMap::new();
        for (name, [zh, mn]) in [(PAGES, &catalogue.pages), (MESSAGES, &catalogue.messages)] {
            let second: BTreeMap<&str, &Entry> = mn.iter().map(|e| (e.id.as_str(), e)).collect();
            for e in zh {
                m.insert(e.id.as_str(), (name, e, second.get(e.id.as_str()).copied()));
            }
        }
        for e in &catalogue.chinese_only {
            m.insert(e.id.as_str(), (CHINESE_ONLY, e, None));
        }
        m
    };
    let mut refused = Vec::new();
    let mut edits: Vec<Edit<'c>> = Vec::new();
    let mut report = Imported::default();
    let mut seen = BTreeSet::new();
    for (line, key, value) in rows {
        if !seen.insert(key.as_str()) {
            refused.push(format!("line {line}: {key} is in the file twice"));
            continue;
        }
        if let Some(why) = unfit(value) {
            refused.push(format!("line {line} ({key}): {why}"));
            continue;
        }
        let Some((file, zh, mn)) = current.get(key.as_str()) else {
            refused.push(format!("line {line}: no message {key:?} in the catalogue"));
            continue;
        };
        if value.is_empty() || mn.is_some_and(|m| m.value == *value) {
            report.unchanged += 1;
            continue;
        }
        let checked = parse("import", &format!("{key} = {value}\n")).ok().and_then(|mut f| f.pop().filter(|_| f.is_empty()));
        let Some(entry) = checked else {
            refused.push(format!("line {line} ({key}): not one line of Fluent text; write arguments as {{ $name }}"));
            continue;
        };
        if sorted(&entry.args) != sorted(&zh.args) {
            refused.push(format!("line {line} ({key}): the arguments {:?} differ from the Chinese {:?}", entry.args, zh.args));
            continue;
        }
        if entry.text.chars().any(han) || !entry.text.chars().any(mongolian) {
            refused.push(format!("line {line} ({key}): not in the Mongolian script"));
            continue;
        }
        edits.push((file, zh, value.clone()));
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    Ok((edits, report))
}

/// Takes the reviewed translations (`rows` from [`from_csv`]) into the
/// files under `dir` ([`prepare`], then [`Prepared::write`]).
pub fn import(dir: &Path, rows: &[(usize, String, String)]) -> Result<Imported, Vec<String>> {
    let prepared = prepare(dir, rows)?;
    prepared.write().map_err(|e| vec![e])?;
    Ok(prepared.report)
}

/// An import made in memory and checked, not yet written.
#[derive(Debug)]
pub struct Prepared {
    dir: std::path::PathBuf,
    before: Texts,
    after: Texts,
    pub report: Imported,
}

/// The files `rows` would make under `dir`, checked as the build checks
/// them. A line whose arguments differ from the Chinese, that is not
/// Fluent, holds a control character or markup, is not in the Mongolian
/// script, names no message or comes twice is refused with its line number
/// (every such line, not the first only). A translation for a
/// `chinese-only.ftl` message moves it to `messages.ftl` in both languages.
pub fn prepare(dir: &Path, rows: &[(usize, String, String)]) -> Result<Prepared, Vec<String>> {
    let before = Texts::read(dir).map_err(|e| vec![e])?;
    let catalogue = Catalogue::of(&before).map_err(|e| vec![e])?;
    let (edits, mut report) = plan(&catalogue, rows)?;
    let mut after = before.clone();
    for (file, zh, value) in &edits {
        if *file == CHINESE_ONLY {
            report.added += 1;
            // Moved: its comments and Chinese to messages.ftl, the new text beside.
            let block: String = zh.comments.iter().map(|c| format!("# {c}\n")).collect::<String>() + &format!("{} = {}\n", zh.id, zh.value);
            let from = after.get_mut("zh-CN", CHINESE_ONLY);
            *from = from.replacen(&block, "", 1);
            after.get_mut("zh-CN", MESSAGES).push_str(&format!("\n{block}"));
            after.get_mut(SECOND, MESSAGES).push_str(&format!("{} = {value}\n", zh.id));
        } else {
            report.changed += 1;
            let text = after.get_mut(SECOND, file);
            let prefix = format!("{} = ", zh.id);
            let replaced: Vec<String> = text.lines().map(|l| if l.starts_with(&prefix) { format!("{prefix}{value}") } else { l.to_owned() }).collect();
            *text = replaced.join("\n") + "\n";
        }
    }
    Catalogue::of(&after).map_err(|e| vec![format!("the files would no longer build: {e}")])?;
    Ok(Prepared { dir: dir.to_owned(), before, after, report })
}

impl Prepared {
    /// Writes the changed files: each written beside, then all renamed
    /// over; on any failure the files written so far are put back as they
    /// were.
    pub fn write(&self) -> Result<(), String> {
        let changed: Vec<(std::path::PathBuf, &String, &String)> = self
            .after
            .0
            .iter()
            .filter(|(k, text)| self.before.0.get(*k) != Some(*text))
            .map(|((lang, name), text)| (self.dir.join(lang).join(name), text, &self.before.0[&(lang.clone(), name.clone())]))
            .collect();
        for (path, text, _) in &changed {
            std::fs::write(path.with_extension("ftl.new"), text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        for (i, (path, _, _)) in changed.iter().enumerate() {
            if let Err(e) = std::fs::rename(path.with_extension("ftl.new"), path) {
                self.restore_first(&changed[..i]);
                return Err(format!("{}: {e}", path.display()));
            }
        }
        Ok(())
    }

    /// Puts the files back as they were before [`Prepared::write`].
    pub fn restore(&self) -> Result<(), String> {
        for ((lang, name), text) in &self.before.0 {
            std::fs::write(self.dir.join(lang).join(name), text).map_err(|e| format!("{lang}/{name}: {e}"))?;
        }
        Ok(())
    }

    fn restore_first(&self, written: &[(std::path::PathBuf, &String, &String)]) {
        for (path, _, before) in written {
            let _ = std::fs::write(path, before);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales")
    }

    /// A copy of the catalogue to change.
    fn copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (lang, _) in LANGS {
            std::fs::create_dir(dir.path().join(lang)).expect("a folder");
            for f in std::fs::read_dir(locales().join(lang)).expect("locales") {
                let f = f.expect("a file").path();
                std::fs::copy(&f, dir.path().join(lang).join(f.file_name().expect("a name"))).expect("copied");
            }
        }
        dir
    }

    #[test]
    fn the_catalogue_checks() {
        let c = Catalogue::read(&locales()).expect("the catalogue");
        assert!(c.pages[0].len() > 300 && c.messages[0].len() > 200, "{} {}", c.pages[0].len(), c.messages[0].len());
    }

    /// A translator's round trip: export, change one line, import; the file
    /// holds the change and still checks.
    #[test]
    fn an_edited_line_comes_back_into_the_file() {
        let dir = copy();
        let rows = Catalogue::read(dir.path()).expect("read").rows();
        let csv = to_csv(&rows).expect("csv");
        assert!(
            csv.starts_with(b"\xEF\xBB\xBFkey,zh-CN,mn-Mong,file,used in,note\r\n") || csv.starts_with(b"\xEF\xBB\xBFkey,zh-CN,mn-Mong,file,used in,note\n")
        );
        let mut lines = from_csv(&csv).expect("read back");
        assert_eq!(lines.len(), rows.len());
        let tier = lines.iter_mut().find(|(_, k, _)| k == "ledger-tier-year-not-allowed").expect("listed");
        assert!(tier.2.contains("{ $this_year }"), "{}", tier.2);
        tier.2 = "ᠵᠥᠪᠬᠡᠨ { $next_year } ᠪᠤᠶᠤ { $this_year } ᠣᠨ ᠢ ᠰᠣᠩᠭᠣᠨ᠎ᠠ".into();
        let report = import(dir.path(), &lines).expect("imported");
        assert_eq!(report, Imported { changed: 1, added: 0, unchanged: lines.len() - 1 });
        let after = Catalogue::read(dir.path()).expect("still checks");
        let e = after.messages[1].iter().find(|e| e.id == "ledger-tier-year-not-allowed").expect("there");
        assert_eq!(e.text, "ᠵᠥᠪᠬᠡᠨ {$next_year} ᠪᠤᠶᠤ {$this_year} ᠣᠨ ᠢ ᠰᠣᠩᠭᠣᠨ᠎ᠠ");
        // Nothing else moved.
        let before = Catalogue::read(&locales()).expect("read");
        let changed = before.messages[1].iter().zip(&after.messages[1]).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 1);
    }

    #[test]
    fn a_translation_for_a_chinese_only_message_moves_it_to_both_languages() {
        let dir = copy();
        let id = Catalogue::read(dir.path()).expect("read").chinese_only[0].clone();
        let value = if id.args.is_empty() {
            "ᠰᠢᠨ᠎ᠡ ᠣᠷᠴᠢᠭᠤᠯᠭ᠎ᠠ".to_owned()
        } else {
            format!("ᠰᠢᠨ᠎ᠡ {}", id.args.iter().map(|a| format!("{{ ${a} }}")).collect::<Vec<_>>().join(" "))
        };
        let report = import(dir.path(), &[(2, id.id.clone(), value.clone())]).expect("imported");
        assert_eq!(report.added, 1);
        let after = Catalogue::read(dir.path()).expect("still checks");
        assert!(!after.chinese_only.iter().any(|e| e.id == id.id));
        assert!(after.messages[0].iter().any(|e| e.id == id.id && e.value == id.value));
        assert!(after.messages[1].iter().any(|e| e.id == id.id && e.value == value));
    }

    /// Refused, and then nothing is written: other arguments than the
    /// Chinese, Chinese text, broken Fluent, an unknown key.
    #[test]
    fn a_wrong_line_is_refused_and_nothing_is_written() {
        let dir = copy();
        let before = std::fs::read_to_string(dir.path().join(SECOND).join(MESSAGES)).expect("read");
        let rows = vec![
            (2, "site-name".to_owned(), "ᠰᠢᠨ᠎ᠡ ᠨᠡᠷ᠎ᠡ".to_owned()),
            (3, "ledger-tier-year-not-allowed".to_owned(), "ᠵᠥᠪᠬᠡᠨ { $year } ᠣᠨ".to_owned()),
            (4, "home-title".to_owned(), "居民服务".to_owned()),
            (5, "home-intro".to_owned(), "ᠠᠷᠠᠳ { $".to_owned()),
            (6, "no-such-message".to_owned(), "ᠠᠷᠠᠳ".to_owned()),
            (7, "nav-home".to_owned(), "ᠠᠷᠠᠳ\rᠤᠨ".to_owned()),
            (8, "nav-policy".to_owned(), "ᠠᠷᠠᠳ <img src=x onerror=alert(1)>".to_owned()),
            (9, "site-name".to_owned(), "ᠨᠡᠷ᠎ᠡ".to_owned()),
        ];
        let refused = import(dir.path(), &rows).expect_err("refused");
        assert_eq!(refused.len(), 7, "{refused:?}");
        assert!(refused[4].starts_with("line 7 (nav-home): a line break"), "{refused:?}");
        assert!(refused[5].starts_with("line 8 (nav-policy): < and >"), "{refused:?}");
        assert!(refused[6].starts_with("line 9: site-name is in the file twice"), "{refused:?}");
        assert!(refused[0].starts_with("line 3 (ledger-tier-year-not-allowed): the arguments"), "{refused:?}");
        assert!(refused[1].contains("line 4") && refused[1].contains("Mongolian script"));
        assert!(refused[2].contains("line 5"));
        assert!(refused[3].contains("line 6") && refused[3].contains("no-such-message"));
        assert_eq!(std::fs::read_to_string(dir.path().join(SECOND).join(MESSAGES)).expect("read"), before);
        let pages = Catalogue::read(dir.path()).expect("read").pages[1].iter().find(|e| e.id == "site-name").expect("there").value.clone();
        assert_ne!(pages, "ᠰᠢᠨ᠎ᠡ ᠨᠡᠷ᠎ᠡ", "the good line was not written either");
    }
}
