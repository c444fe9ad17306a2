//! Lists kept by other agencies, each imported whole: the people insured
//! under another basic pension scheme (G2; E3 refuses their enrolment with
//! the reason), the hardship groups named by civil affairs (C4: the
//! government pays their contribution), and the people the justice bureau
//! holds in custody, with the day custody began (B8; compared by the
//! audit's risk lists, S3). The file is the whole current
//! list: an import replaces the stored list in one transaction, so the
//! same file twice gives the same state, and a crash leaves the old list.
//! CSV, UTF-8 or GB18030, columns `证件类型,证件号码,<value>`; bad lines
//! are reported with their number and the good ones kept.

use crate::backend::infra::audit;
use crate::backend::infra::db::Db;
use crate::backend::infra::imports::{self, FileInfo, ImportReport};
use crate::error::AppResult;
use domain::audit::AuditEntry;
use domain::{DocumentKind, DocumentNumber};

/// One list: its import kind, table, and the third column.
pub struct List {
    pub kind: &'static str,
    pub columns: [&'static str; 3],
    table: &'static str,
    value_column: &'static str,
    max_chars: usize,
    /// The third column is a date (YYYY-MM-DD).
    date: bool,
}

pub const OTHER_SCHEMES: List = List {
    kind: "other_schemes",
    columns: ["证件类型", "证件号码", "参加的养老保险"],
    table: "other_scheme_insured",
    value_column: "scheme",
    max_chars: 50,
    date: false,
};

pub const SPECIAL_GROUPS: List = List {
    kind: "special_groups",
    columns: ["证件类型", "证件号码", "特殊群体"],
    table: "special_groups",
    value_column: "group_name",
    max_chars: 20,
    date: false,
};

pub const CUSTODY: List =
    List {
        kind: "custody", columns: ["证件类型", "证件号码", "收押日期"], table: "custody_list", value_column: "since", max_chars: 10, date: true
    };

impl List {
    pub fn of(kind: &str) -> Option<&'static List> {
        [&OTHER_SCHEMES, &SPECIAL_GROUPS, &CUSTODY].into_iter().find(|l| l.kind == kind)
    }

    fn parse(&self, fields: &[String]) -> Result<(DocumentNumber, String), String> {
        let [kind, number, value] = fields else { return Err(format!("应有 {} 列，实际 {} 列", self.columns.len(), fields.len())) };
        let kind = DocumentKind::from_label_or_code(kind.trim()).ok_or_else(|| format!("证件类型“{kind}”不正确"))?;
        let doc = DocumentNumber::parse(kind, number).map_err(|e| e.to_string())?;
        let value = value.trim();
        if value.is_empty() || value.chars().count() > self.max_chars {
            return Err(format!("请填写{}（不超过 {} 个字）", self.columns[2], self.max_chars));
        }
        if self.date && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
            return Err(format!("{}“{value}”应为 YYYY-MM-DD 格式的日期", self.columns[2]));
        }
        Ok((doc, value.to_owned()))
    }

    /// Replaces the list with the file's good lines; the same file again
    /// reports the earlier batch and changes nothing.
    pub async fn import(&self, db: &Db, file_name: &str, bytes: &[u8], by: &AuditEntry) -> AppResult<ImportReport> {
        imports::check_size(bytes)?;
        let (text, encoding) = imports::decode(bytes)?;
        let file = FileInfo { kind: self.kind, file_name, sha256: imports::sha256_hex(bytes), encoding };
        let lines = imports::lines(&text, &self.columns)?;
        let mut report = imports::new_report(encoding, lines.len());
        let mut good = std::collections::BTreeMap::new();
        for (line, fields) in lines {
            match fields.and_then(|f| self.parse(&f)) {
                Ok((doc, value)) => {
                    if good.insert((doc.kind().code(), doc.as_str().to_owned()), value).is_some() {
                        report.rejected.push((line, "证件号码在文件中重复".to_owned()));
                    }
                }
                Err(reason) => report.rejected.push((line, reason)),
            }
        }
        report.added = good.len() as i64;
        let mut tx = db.begin_write().await?;
        if let Some(batch_id) = imports::earlier(&mut tx, self.kind, &file.sha256).await? {
            drop(tx);
            return imports::report_of(db, self.kind, &batch_id, true).await;
        }
        sqlx::query(&format!("DELETE FROM {}", self.table)).execute(&mut *tx).await?;
        let rows: Vec<Vec<crate::backend::infra::db::Arg>> =
            good.iter().map(|((kind, number), value)| vec![(*kind).into(), number.clone().into(), value.clone().into()]).collect();
        let head = format!("{} (id_kind, id_number, {})", self.table, self.value_column);
        crate::backend::infra::db::insert_many(&mut tx, &head, "", &rows).await?;
        imports::record(&mut tx, &file, &by.actor, &report).await?;
        let mut entry = by.clone();
        entry.action = format!("{}.import", self.kind);
        entry.subject = Some(report.batch_id.clone());
        entry.after = Some(serde_json::json!({ "file": file_name, "stored": good.len(), "rejected": report.rejected.len() }).to_string());
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// An administrator imports the list (page and API).
    pub async fn import_by(
        &self,
        state: &crate::backend::AppState,
        caller: &crate::backend::identity::auth::Caller,
        file_name: &str,
        bytes: &[u8],
    ) -> AppResult<ImportReport> {
        caller.staff_with(&[domain::Role::Administrator])?;
        self.import(&state.db, file_name, bytes, &caller.audit("", None)).await
    }
}
