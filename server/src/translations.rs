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

/// Why an import did not happen, by stage.
#[derive(Debug)]
pub enum NotImported {
    /// Lines refused: nothing was written.
    Refused(Vec<String>),
    /// Writing failed: what was written is put back.
    Failed(String),
}

/// Takes the reviewed column of `csv` back (see the module). Everything is
/// checked first; then the place names are written in a transaction that
/// commits only once the catalogue's files are in place, and the files are
/// put back if it does not.
pub async fn import(db: &Db, locales: &Path, csv: &[u8]) -> Result<Imported, NotImported> {
    let rows = catalogue::from_csv(csv).map_err(|e| NotImported::Refused(vec![e]))?;
    let (places, messages): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, key, _)| key.starts_with(DIVISION));
    let known = reference::divisions(db, None).await.map_err(|e| NotImported::Failed(e.to_string()))?;
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
        if let Some(why) = catalogue::unfit(&mn) {
            refused.push(format!("line {line} ({key}): {why}"));
        } else if mn.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) || !mn.chars().any(|c| ('\u{1800}'..='\u{18AF}').contains(&c)) {
            refused.push(format!("line {line} ({key}): not in the Mongolian script"));
        } else if names.iter().any(|(c, _): &(String, String)| c == code) {
            refused.push(format!("line {line}: {key} is in the file twice"));
        } else {
            names.push((code.to_owned(), mn));
        }
    }
    let prepared = catalogue::prepare(locales, &messages);
    let prepared = match (refused.is_empty(), prepared) {
        (true, Ok(p)) => p,
        (_, Err(more)) => return Err(NotImported::Refused(refused.into_iter().chain(more).collect())),
        (false, Ok(_)) => return Err(NotImported::Refused(refused)),
    };
    let failed = |e: app::error::AppError| NotImported::Failed(e.to_string());
    let mut tx = db.begin_write().await.map_err(|e| NotImported::Failed(e.to_string()))?;
    reference::set_division_names_mn(&mut tx, &names).await.map_err(failed)?;
    prepared.write().map_err(NotImported::Failed)?;
    if let Err(e) = tx.commit().await {
        let restored = prepared.restore().err().map_or_else(String::new, |r| format!("; putting the files back failed too: {r}"));
        return Err(NotImported::Failed(format!("{e}{restored}")));
    }
    Ok(Imported { messages: prepared.report, divisions: names.len() })
}
