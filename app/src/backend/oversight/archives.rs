//! Electronic archives (S2; 规程第十章): each finished case becomes a
//! record — the case, its form, its timeline and its documents, sealed by
//! the SHA-256 of the manifest — with its retention class
//! (`domain::archive`). The run is a batch: it archives what finished and
//! is not archived yet, in chunks each committed with its audit record,
//! so running it twice, or again after a crash, gives the same records as
//! once. Staff search the records of their jurisdiction; a record exports
//! as a tar package (the manifest as sealed, a checksum list, the
//! documents), and every search and export is in the audit trail.
//! Permanent and long-term records are handed over to the archive office
//! of the same level by year (移交): a batch marks them and its catalogue
//! (移交清单, CSV) can be downloaded again at any time.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{china_day, now, ts};
use crate::backend::infra::imports::sha256_hex;
use crate::backend::{AppState, cases::engine as cases, infra::audit, infra::documents};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::{ArchiveQuery, ArchiveRow};
use chrono::NaiveDate;
use domain::archive::Retention;
use domain::audit::AuditEntry;
use domain::case::{CaseState, CaseType};
use domain::{DivisionCode, Role};
use sqlx::{Any, Row, Transaction};

/// Who archives (their county), searches and exports.
pub const ROLES: &[Role] = &[Role::CountyClerk, Role::Auditor];
const CHUNK: i64 = 200;

/// The manifest of one finished case, read inside `tx`.
async fn manifest(tx: &mut Transaction<'_, Any>, c: &sqlx::any::AnyRow) -> AppResult<(serde_json::Value, NaiveDate, Retention, i64)> {
    let s = |k: &str| c.try_get::<String, _>(k).map_err(AppError::internal);
    let id = s("id")?;
    let case_type = CaseType::parse(&s("case_type")?).ok_or_else(|| AppError::internal("unknown case type"))?;
    let state = CaseState::parse(&s("state")?).ok_or_else(|| AppError::internal("unknown case state"))?;
    let retention = Retention::of(case_type, state).ok_or_else(|| AppError::internal("an open case"))?;
    let events = sqlx::query("SELECT seq, at, actor, actor_name, role, event, from_state, to_state, reason FROM case_events WHERE case_id = $1 ORDER BY seq")
        .bind(&id)
        .fetch_all(&mut **tx)
        .await?;
    let timeline = events
        .iter()
        .map(|e| -> Result<serde_json::Value, sqlx::Error> {
            Ok(serde_json::json!({
                "seq": e.try_get::<i64, _>("seq")?, "at": e.try_get::<String, _>("at")?, "actor": e.try_get::<String, _>("actor")?,
                "actor_name": e.try_get::<String, _>("actor_name")?, "role": e.try_get::<Option<String>, _>("role")?,
                "event": e.try_get::<String, _>("event")?, "from": e.try_get::<Option<String>, _>("from_state")?,
                "to": e.try_get::<String, _>("to_state")?, "reason": e.try_get::<Option<String>, _>("reason")?,
            }))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let last = events.last().map(|e| e.try_get::<String, _>("at")).transpose()?.unwrap_or(s("updated_at")?);
    let finished = china_day(&last)?;
    let docs = sqlx::query(
        "SELECT c.kind, c.file_name, c.sha256, c.uploaded_at, d.media_type, d.size_bytes FROM case_documents c JOIN documents d ON d.sha256 = c.sha256 \
         WHERE c.case_id = $1 ORDER BY c.uploaded_at, c.kind, c.sha256",
    )
    .bind(&id)
    .fetch_all(&mut **tx)
    .await?;
    let documents = docs
        .iter()
        .map(|d| -> Result<serde_json::Value, sqlx::Error> {
            let kind: String = d.try_get("kind")?;
            Ok(serde_json::json!({
                "kind": kind, "kind_label": crate::i18n::text(crate::i18n::Lang::Zh, crate::names::document_kind(&kind)), "file_name": d.try_get::<String, _>("file_name")?,
                "media_type": d.try_get::<String, _>("media_type")?, "size": d.try_get::<i64, _>("size_bytes")?,
                "sha256": d.try_get::<String, _>("sha256")?, "uploaded_at": d.try_get::<String, _>("uploaded_at")?,
            }))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // The form exactly as stored (whatever its kind's type reads today):
    // an archive keeps the record, not a reinterpretation of it.
    let form: serde_json::Value = serde_json::from_str(&s("form_json")?).map_err(AppError::internal)?;
    let m = serde_json::json!({
        "case": {
            "id": id, "type": case_type.code(), "type_label": case_type.label(),
            "person": { "document_kind": s("person_id_kind")?, "document_number": s("person_id_number")?, "name": s("person_name")? },
            "applicant_kind": s("applicant_kind")?, "channel": s("channel")?, "jurisdiction": s("jurisdiction")?,
            "received_on": s("received_on")?, "deadline": s("deadline")?, "outcome": state.code(), "outcome_label": state.label(case_type),
            "finished_on": finished.to_string(),
        },
        "form": form,
        "timeline": timeline,
        "documents": documents,
        "retention": { "class": retention.code(), "label": retention.label(), "keep_until": retention.keep_until(finished).map(|d| d.to_string()) },
    });
    Ok((m, finished, retention, docs.len() as i64))
}

/// Archives the finished cases not archived yet (inside `scope` when
/// given: a county clerk's run); the number archived.
pub async fn run(state: &AppState, by: &AuditEntry, scope: Option<&DivisionCode>) -> AppResult<i64> {
    let prefix = format!("{}%", scope.map_or("", DivisionCode::as_str));
    let mut total = 0;
    loop {
        let mut tx = state.db.begin_write().await?;
        let cases = sqlx::query(
            "SELECT c.* FROM cases c LEFT JOIN archives a ON a.case_id = c.id \
             WHERE a.case_id IS NULL AND c.state IN ('approved', 'terminated', 'withdrawn') AND c.jurisdiction LIKE $1 ORDER BY c.id LIMIT $2",
        )
        .bind(&prefix)
        .bind(CHUNK)
        .fetch_all(&mut *tx)
        .await?;
        if cases.is_empty() {
            return Ok(total);
        }
        let at = ts(now());
        for c in &cases {
            let (m, finished, retention, docs) = manifest(&mut tx, c).await?;
            let text = serde_json::to_string_pretty(&m).map_err(AppError::internal)?;
            let s = |k: &str| c.try_get::<String, _>(k).map_err(AppError::internal);
            sqlx::query(
                "INSERT INTO archives (case_id, case_type, person_id_kind, person_id_number, person_name, jurisdiction, outcome, finished_on, \
                 retention, keep_until, documents, manifest, manifest_sha256, archived_at, archived_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (case_id) DO NOTHING",
            )
            .bind(s("id")?)
            .bind(s("case_type")?)
            .bind(s("person_id_kind")?)
            .bind(s("person_id_number")?)
            .bind(s("person_name")?)
            .bind(s("jurisdiction")?)
            .bind(s("state")?)
            .bind(finished.to_string())
            .bind(retention.code())
            .bind(retention.keep_until(finished).map(|d| d.to_string()))
            .bind(docs)
            .bind(&text)
            .bind(sha256_hex(text.as_bytes()))
            .bind(&at)
            .bind(&by.actor)
            .execute(&mut *tx)
            .await?;
        }
        let mut entry = by.clone();
        entry.action = "archive.run".into();
        entry.subject = scope.map(|s| s.as_str().to_owned());
        entry.after = Some(serde_json::json!({ "archived": cases.len() }).to_string());
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        total += cases.len() as i64;
    }
}

/// A county clerk archives what finished in their county.
pub async fn run_by(state: &AppState, caller: &Caller) -> AppResult<i64> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let county = p.jurisdiction.clone().ok_or_else(crate::backend::identity::auth::forbidden)?;
    run(state, &caller.audit("", None), Some(&county)).await
}

/// Records in the caller's jurisdiction matching the query, newest first
/// (at most 200); the search is recorded.
pub async fn search(state: &AppState, caller: &Caller, q: &ArchiveQuery) -> AppResult<Vec<ArchiveRow>> {
    let p = caller.staff_with(ROLES)?;
    let scope = p.jurisdiction.as_ref().ok_or_else(crate::backend::identity::auth::forbidden)?;
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let person = blank(&q.person);
    let case_type = blank(&q.case_type);
    if let Some(t) = &case_type
        && CaseType::parse(t).is_none()
    {
        return Err(AppError::invalid(msg::archives_invalid_business_kind()));
    }
    let year = blank(&q.year)
        .map(|y| y.parse::<i32>().ok().filter(|y| (1990..=9999).contains(y)).ok_or_else(|| AppError::invalid(msg::archives_year_four_digits())))
        .transpose()?;
    let rows = sqlx::query(
        "SELECT case_id, case_type, person_id_kind, person_id_number, person_name, jurisdiction, outcome, finished_on, retention, keep_until, documents, manifest_sha256 \
         FROM archives WHERE jurisdiction LIKE $1 AND ($2 = '' OR person_id_number = $2) AND ($3 = '' OR case_type = $3) AND finished_on LIKE $4 \
         ORDER BY finished_on DESC, case_id LIMIT 200",
    )
    .bind(format!("{}%", scope.as_str()))
    .bind(person.clone().unwrap_or_default())
    .bind(case_type.unwrap_or_default())
    .bind(year.map_or_else(|| "%".to_owned(), |y| format!("{y}-%")))
    .fetch_all(state.db.pool())
    .await?;
    let out = rows
        .iter()
        .map(|r| -> Result<ArchiveRow, sqlx::Error> {
            let t: String = r.try_get("case_type")?;
            let case_type = CaseType::parse(&t);
            let outcome: String = r.try_get("outcome")?;
            let retention: String = r.try_get("retention")?;
            Ok(ArchiveRow {
                case_id: r.try_get("case_id")?,
                type_label: case_type.map_or(t.clone(), |c| c.label().to_owned()),
                person: cases::masked(&r.try_get::<String, _>("person_id_kind")?, &r.try_get::<String, _>("person_id_number")?),
                name: r.try_get("person_name")?,
                place: r.try_get("jurisdiction")?,
                outcome_label: match (case_type, CaseState::parse(&outcome)) {
                    (Some(c), Some(s)) => s.label(c),
                    _ => outcome,
                },
                finished_on: r.try_get("finished_on")?,
                retention_label: Retention::parse(&retention).map_or("—", Retention::label).to_owned(),
                keep_until: r.try_get("keep_until")?,
                documents: r.try_get("documents")?,
                manifest_sha256: r.try_get("manifest_sha256")?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut entry = caller.audit("archive.search", person.map(|n| domain::id_number::mask(&n, 6, 4)));
    entry.after = Some(serde_json::json!({ "shown": out.len() }).to_string());
    audit::record(&state.db, entry).await?;
    Ok(out)
}

/// One record as a tar package: `manifest.json` (as sealed),
/// `SHA256SUMS`, and `documents/NN-kind.ext`. The export is recorded.
pub async fn package(state: &AppState, caller: &Caller, case_id: &str) -> AppResult<Vec<u8>> {
    let p = caller.staff_with(ROLES)?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT jurisdiction, manifest, manifest_sha256 FROM archives WHERE case_id = $1").bind(case_id).fetch_optional(state.db.pool()).await?;
    let (_, manifest, seal) =
        row.filter(|(j, _, _)| DivisionCode::parse(j).is_ok_and(|j| p.covers(&j))).ok_or_else(|| AppError::not_found(msg::archives_not_found()))?;
    if sha256_hex(manifest.as_bytes()) != seal {
        return Err(AppError::internal(format!("archive {case_id}: the manifest no longer matches its seal")));
    }
    let m: serde_json::Value = serde_json::from_str(&manifest).map_err(AppError::internal)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![("manifest.json".into(), manifest.into_bytes())];
    for (n, d) in m["documents"].as_array().into_iter().flatten().enumerate() {
        let (sha, kind) = (d["sha256"].as_str().unwrap_or_default(), d["kind"].as_str().unwrap_or("document"));
        let (bytes, media) = documents::read(state, case_id, sha).await?;
        if sha256_hex(&bytes) != sha {
            return Err(AppError::internal(format!("archive {case_id}: document {sha} is damaged on disk")));
        }
        let ext = match media.as_str() {
            "application/pdf" => "pdf",
            "image/png" => "png",
            _ => "jpg",
        };
        files.push((format!("documents/{:02}-{kind}.{ext}", n + 1), bytes));
    }
    let sums: String = files.iter().map(|(name, bytes)| format!("{}  {name}\n", sha256_hex(bytes))).collect();
    files.insert(1, ("SHA256SUMS".into(), sums.into_bytes()));
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in &files {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        builder.append_data(&mut header, format!("{case_id}/{name}"), bytes.as_slice()).map_err(AppError::internal)?;
    }
    let tar = builder.into_inner().map_err(AppError::internal)?;
    audit::record(&state.db, caller.audit("archive.export", Some(case_id.to_owned()))).await?;
    Ok(tar)
}

const CATALOGUE_HEADER: &str = "序号,档案号,业务类型,姓名,证件号码,办结日期,保管期限,保管至,文件数,封存摘要(SHA-256)";

/// The catalogue of a handover batch, from its records (the same every time).
async fn catalogue(state: &AppState, id: &str) -> AppResult<String> {
    let rows = sqlx::query(
        "SELECT case_id, case_type, person_name, person_id_number, finished_on, retention, keep_until, documents, manifest_sha256 \
         FROM archives WHERE handover_id = $1 ORDER BY finished_on, case_id",
    )
    .bind(id)
    .fetch_all(state.db.pool())
    .await?;
    let mut out = format!("{CATALOGUE_HEADER}\n");
    for (n, r) in rows.iter().enumerate() {
        let s = |k: &str| r.try_get::<String, _>(k).map_err(AppError::internal);
        let label = CaseType::parse(&s("case_type")?).map_or("—", CaseType::label);
        let retention = Retention::parse(&s("retention")?).map_or("—", Retention::label);
        let keep: Option<String> = r.try_get("keep_until")?;
        let docs: i64 = r.try_get("documents")?;
        let fields = [
            (n + 1).to_string(),
            s("case_id")?,
            label.to_owned(),
            s("person_name")?,
            s("person_id_number")?,
            s("finished_on")?,
            retention.to_owned(),
            keep.unwrap_or_else(|| "永久".to_owned()),
            docs.to_string(),
            s("manifest_sha256")?,
        ];
        out.push_str(&fields.map(|f| crate::backend::infra::exports::csv_cell(&f)).join(","));
        out.push('\n');
    }
    Ok(out)
}

/// A county clerk hands over the permanent and long-term records of their
/// county finished in `year` or before and not handed over yet; the
/// batch id and its catalogue. Nothing left: refused with the reason.
pub async fn hand_over(state: &AppState, caller: &Caller, year: i32) -> AppResult<(String, String)> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let county = p.jurisdiction.clone().ok_or_else(crate::backend::identity::auth::forbidden)?;
    if !(1990..=9999).contains(&year) {
        return Err(AppError::invalid(msg::archives_handover_year_invalid()));
    }
    let id = format!("{}-{year}-{}", county.as_str(), &crate::backend::infra::clock::new_id()[..8]);
    let mut tx = state.db.begin_write().await?;
    let marked = sqlx::query(
        "UPDATE archives SET handover_id = $1, handed_over_on = $2 WHERE handover_id IS NULL AND retention IN ('permanent', 'long') \
         AND jurisdiction LIKE $3 AND finished_on <= $4",
    )
    .bind(&id)
    .bind(state.today().to_string())
    .bind(format!("{}%", county.as_str()))
    .bind(format!("{year}-12-31"))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked == 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::archives_all_handed_over(year)));
    }
    let mut entry = caller.audit("archive.handover", Some(id.clone()));
    entry.after = Some(serde_json::json!({ "year": year, "records": marked }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok((id.clone(), catalogue(state, &id).await?))
}

/// The catalogue of an earlier handover of the caller's county.
pub async fn handover_catalogue(state: &AppState, caller: &Caller, id: &str) -> AppResult<String> {
    let p = caller.staff_with(ROLES)?;
    let ours = DivisionCode::parse(id.split('-').next().unwrap_or_default()).is_ok_and(|c| p.covers(&c));
    let text = if ours { catalogue(state, id).await? } else { String::new() };
    if text.lines().count() < 2 {
        return Err(AppError::not_found(msg::archives_handover_batch_not_found()));
    }
    audit::record(&state.db, caller.audit("archive.catalogue", Some(id.to_owned()))).await?;
    Ok(text)
}
