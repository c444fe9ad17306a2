//! The backend's shape, checked over its source (`./dev test` runs it):
//! imports between the files of `app/src/backend` form no circle, the case
//! engine knows no case kind, and nothing in the backend reaches into the
//! pages. A file's edges are the `crate::backend::…`, `super::…` and
//! `self::…` paths it names outside its tests (a `use` group counts each
//! member); each path points at the deepest file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (below `backend`, `/`-separated, `""` for `mod.rs`) → source.
fn sources() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("backend folder") {
            let path: PathBuf = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).expect("inside").with_extension("");
                let mut name = rel.to_string_lossy().replace('\\', "/");
                if name == "mod" {
                    name.clear();
                } else if let Some(dir) = name.strip_suffix("/mod") {
                    name = dir.to_owned();
                }
                out.insert(name, std::fs::read_to_string(&path).expect("readable"));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/backend");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out.remove("architecture");
    out
}

/// The source without its test module and comments.
fn code(src: &str) -> String {
    let src = src.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    src.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The paths a file names: `(head, segments)` with head one of
/// `crate::backend`, `super`, `self`.
fn paths(code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for head in ["crate::backend::", "super::", "self::"] {
        let mut rest = code;
        while let Some(at) = rest.find(head) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + head.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let segs: Vec<String> = path.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
            let after = &rest[path.len()..];
            if (path.is_empty() || path.ends_with("::")) && after.starts_with('{') {
                let group = &after[1..after.find('}').unwrap_or(after.len())];
                for member in group.split(',') {
                    let member = member.split(" as ").next().unwrap_or_default().trim();
                    let mut full = segs.clone();
                    full.extend(member.split("::").filter(|s| !s.is_empty() && *s != "{").map(str::to_owned));
                    out.push((head.trim_end_matches("::").to_owned(), full));
                }
            } else {
                out.push((head.trim_end_matches("::").to_owned(), segs));
            }
        }
    }
    out
}

/// Which file each file names.
fn edges(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, src) in files {
        let mine: Vec<&str> = name.split('/').filter(|s| !s.is_empty()).collect();
        // A folder's file names its own submodules without a prefix.
        let prefix = if name.is_empty() { String::new() } else { format!("{name}/") };
        let children: Vec<&str> = files.keys().filter_map(|k| k.strip_prefix(prefix.as_str())).filter(|k| !k.is_empty() && !k.contains('/')).collect();
        for (head, segs) in paths(&qualify_children(&code(src), &children)) {
            // `super` is the parent of the file's module, `self` the module.
            let mut base: Vec<&str> = match head.as_str() {
                "crate::backend" => Vec::new(),
                "self" => mine.clone(),
                _ => mine[..mine.len().saturating_sub(1)].to_vec(),
            };
            let mut segs = segs.as_slice();
            while let Some(rest) = segs.strip_prefix(&["super".to_owned()]) {
                base.pop();
                segs = rest;
            }
            let full: Vec<&str> = base.into_iter().chain(segs.iter().map(String::as_str)).collect();
            // The deepest file the path names; an item of `backend/mod.rs`
            // itself (`crate::backend::AppState`) names that file.
            let target = (0..=full.len()).rev().map(|n| full[..n].join("/")).find(|t| files.contains_key(t));
            if let Some(target) = target.filter(|t| t != name) {
                edges.entry(name.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// `child::…` written bare in a folder's file, as `self::child::…`.
fn qualify_children(code: &str, children: &[&str]) -> String {
    let mut out = code.to_owned();
    for child in children {
        let bare = format!("{child}::");
        let mut done = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(&bare) {
            let before = rest[..at].chars().next_back();
            done.push_str(&rest[..at]);
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                done.push_str("self::");
            }
            done.push_str(&bare);
            rest = &rest[at + bare.len()..];
        }
        done.push_str(rest);
        out = done;
    }
    out
}

/// The circles among the files (strongly connected parts of more than one).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Two files are in one circle when each reaches the other.
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for m in edges.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    todo.push(m.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> = edges.keys().map(|k| (k, reach(k))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for (k, r) in &reached {
        if done.contains(*k) || !r.contains(*k) {
            continue;
        }
        let circle: Vec<String> = r.iter().filter(|m| reached.get(m).is_some_and(|back| back.contains(*k))).cloned().collect();
        done.extend(circle.iter().cloned());
        out.push(circle);
    }
    out
}

#[test]
fn the_backend_files_import_each_other_in_no_circle() {
    let files = sources();
    assert!(files.len() > 40, "the backend's files were found");
    let circles = circles(&edges(&files));
    assert!(circles.is_empty(), "imports that go round in a circle: {circles:?}");
}

#[test]
fn the_case_engine_knows_no_kind_and_the_backend_no_page() {
    let files = sources();
    let edges = edges(&files);
    let engine = edges.get("cases/engine").expect("the engine names other files");
    assert!(engine.iter().all(|t| !t.starts_with("cases/kinds")), "the engine names a kind: {engine:?}");
    for (name, src) in &files {
        let code = code(src);
        assert!(!["crate::pages", "crate::{pages", "crate::{self, pages"].iter().any(|p| code.contains(p)), "{name} reaches into the pages");
    }
    // Only the dispatch in cases/mod.rs names the kinds from within cases.
    let dispatchers: Vec<&String> = edges
        .iter()
        .filter(|(n, t)| n.starts_with("cases") && !n.starts_with("cases/kinds") && t.iter().any(|t| t.starts_with("cases/kinds")))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(dispatchers, [&"cases".to_owned()]);
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let files: BTreeMap<String, String> = [
        ("a".to_owned(), "use crate::backend::b::{x, y};".to_owned()),
        ("b".to_owned(), "fn f() { super::c::g() }".to_owned()),
        ("c".to_owned(), "use crate::backend::{a, d};".to_owned()),
        ("d".to_owned(), "// use crate::backend::a;".to_owned()),
    ]
    .into();
    let found = circles(&edges(&files));
    assert_eq!(found, vec![vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]);

    // The folder's own file and a child that uses one of its items.
    let files: BTreeMap<String, String> =
        [("".to_owned(), "pub mod a;\nuse a::Config;\npub struct AppState;".to_owned()), ("a".to_owned(), "fn f(s: &crate::backend::AppState) {}".to_owned())]
            .into();
    assert_eq!(circles(&edges(&files)), vec![vec!["".to_owned(), "a".to_owned()]]);
}
