//! A translator's round trip (issue 35): `server i18n export` writes every
//! message residents read, and every division name, as a spreadsheet (CSV,
//! UTF-8 with a byte-order mark, so WPS and Excel open it); the translator
//! fills or corrects the `mn-Mong` column; `server i18n import` takes that
//! column back: messages into `app/locales/mn-Mong/*.ftl` (a change to
//! commit; pages show it from the next build), division names into the
//! database (shown at once). All or nothing: one wrong line refuses the
//! whole file, each wrong line named.

use app::backend::infra::db::Db;
use app::backend::infra::reference;
use std::path::Path;

/// The key of a division's row: `division.<code>`.
const DIVISION: &str = "division.";

/// The spreadsheet: the catalogue under `locales`, then the divisions.
pub async fn export(db: &Db, locales: &Path) -> Result<Vec<u8>, String> {
    let mut rows = catalogue::Catalogue::read(locales).map_err(|e| format!("{}: {e}", locales.display()))?.rows();
    let divisions = reference::divisions(db, None).await.map_err(|e| e.to_string())?;
    rows.extend(divisions.into_iter().map(|d| catalogue::Row {
        key: format!("{DIVISION}{}", d.code),
        chinese: d.name,
        second: d.name_mn.unwrap_or_default(),
        file: "divisions".into(),
        used_in: "place names on Mongolian pages".into(),
        note: format!("division {} ({})", d.code, d.level),
    }));
    catalogue::to_csv(&rows)
}

/// What an import did.
#[derive(Debug, PartialEq, Eq)]
pub struct Imported {
    pub messages: catalogue::Imported,
    pub divisions: usize,
}

/// Takes the reviewed column of `csv` back (see the module).
pub async fn import(db: &Db, locales: &Path, csv: &[u8]) -> Result<Imported, Vec<String>> {
    let rows = catalogue::from_csv(csv).map_err(|e| vec![e])?;
    let (places, messages): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, key, _)| key.starts_with(DIVISION));
    let known = reference::divisions(db, None).await.map_err(|e| vec![e.to_string()])?;
    let mut refused = Vec::new();
    let mut names = Vec::new();
    for (line, key, mn) in places {
        let code = &key[DIVISION.len()..];
        let Some(d) = known.iter().find(|d| d.code == code) else {
            refused.push(format!("line {line}: no division {code}"));
            continue;
        };
        if mn.is_empty() || d.name_mn.as_deref() == Some(mn.as_str()) {
            continue;
        }
        if mn.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) || !mn.chars().any(|c| ('\u{1800}'..='\u{18AF}').contains(&c)) {
            refused.push(format!("line {line} ({key}): not in the Mongolian script"));
            continue;
        }
        names.push((code.to_owned(), mn));
    }
    // Checked before anything is written: the messages' lines too.
    let checked = catalogue::check_import(locales, &messages);
    match (refused.is_empty(), checked) {
        (true, Ok(())) => {}
        (_, Err(more)) => return Err(refused.into_iter().chain(more).collect()),
        (false, Ok(())) => return Err(refused),
    }
    let messages = catalogue::import(locales, &messages)?;
    let divisions = names.len();
    reference::set_division_names_mn(db, &names).await.map_err(|e| vec![e.to_string()])?;
    Ok(Imported { messages, divisions })
}
