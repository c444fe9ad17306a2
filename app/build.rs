//! Reads the message catalogue (`locales/<language>/*.ftl`, Fluent) and
//! writes the Rust that names its messages (`i18n::Key`, `i18n::text`,
//! `i18n::msg`), so that a message a page or a refusal uses and the
//! catalogue lacks is a compile error, and so is a message missing in a
//! language or with other arguments there (the `catalogue` crate checks).

fn main() {
    let dir = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    for lang in catalogue::LANGS.map(|(lang, _)| lang) {
        for file in std::fs::read_dir(dir.join(lang)).expect("app/locales/<lang>").flatten() {
            println!("cargo::rerun-if-changed={}", file.path().display());
        }
    }
    let rust = match catalogue::Catalogue::read(&dir) {
        Ok(c) => c.rust(),
        Err(e) => panic!("the message catalogue: {e}"),
    };
    let target = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets it")).join("messages.rs");
    std::fs::write(target, rust).expect("write messages.rs");
}
