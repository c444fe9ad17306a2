//! The shared list of people insured under another basic pension scheme
//! (G2; E3 refuses their enrolment with the reason). The file is the whole
//! current list: an import replaces the stored list in one transaction, so
//! the same file twice gives the same state, and a crash leaves the old
//! list. CSV, UTF-8 or GB18030, columns `证件类型,证件号码,参加的养老保险`;
//! bad lines are reported with their number and the good ones kept.

use super::audit;
use super::db::Db;
use super::registry::{decode, lines};
use crate::error::{AppError, AppResult};
use domain::audit::AuditEntry;
use domain::{DocumentKind, DocumentNumber};

pub const COLUMNS: [&str; 3] = ["证件类型", "证件号码", "参加的养老保险"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub encoding: &'static str,
    pub stored: usize,
    pub rejected: Vec<(i64, String)>,
}

fn parse(fields: &[String]) -> Result<(DocumentNumber, String), String> {
    let [kind, number, scheme] = fields else { return Err(format!("应有 {} 列，实际 {} 列", COLUMNS.len(), fields.len())) };
    let kind = DocumentKind::from_label_or_code(kind.trim()).ok_or_else(|| format!("证件类型“{kind}”不正确"))?;
    let doc = DocumentNumber::parse(kind, number).map_err(|e| e.to_string())?;
    let scheme = scheme.trim();
    if scheme.is_empty() || scheme.chars().count() > 50 {
        return Err("请填写参加的养老保险名称".into());
    }
    Ok((doc, scheme.to_owned()))
}

pub async fn import(db: &Db, bytes: &[u8], by: &AuditEntry) -> AppResult<Report> {
    let (text, encoding) = decode(bytes)?;
    let mut rejected = Vec::new();
    let mut good = std::collections::BTreeMap::new();
    for (line, fields) in lines(&text, &COLUMNS)? {
        match fields.and_then(|f| parse(&f)) {
            Ok((doc, scheme)) => {
                good.insert((doc.kind().code(), doc.as_str().to_owned()), scheme);
            }
            Err(reason) => rejected.push((line, reason)),
        }
    }
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    sqlx::query("DELETE FROM other_scheme_insured").execute(&mut *tx).await.map_err(AppError::internal)?;
    for ((kind, number), scheme) in &good {
        sqlx::query("INSERT INTO other_scheme_insured (id_kind, id_number, scheme) VALUES ($1, $2, $3)")
            .bind(*kind)
            .bind(number)
            .bind(scheme)
            .execute(&mut *tx)
            .await
            .map_err(AppError::internal)?;
    }
    let mut entry = by.clone();
    entry.action = "other_schemes.import".into();
    entry.after = Some(serde_json::json!({ "stored": good.len(), "rejected": rejected.len() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(Report { encoding, stored: good.len(), rejected })
}
