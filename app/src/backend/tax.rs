//! Payment details from the tax bureau (社税共享平台; C3, C5, A2).
//!
//! File: CSV with the header `PAYMENT_COLUMNS`, UTF-8 (with or without BOM)
//! or GB18030, one line per tax voucher (税票号码):
//!
//! | column | meaning |
//! |---|---|
//! | 证件类型, 证件号码, 姓名 | the insured person, as enrolled |
//! | 缴费年度 | the contribution year |
//! | 缴费档次 | the tier, one of the policy's tiers for that year |
//! | 个人缴费 | paid by the person |
//! | 政府代缴 | paid for the person by the government (C4); 个人缴费 + 政府代缴 = 缴费档次 |
//! | 政府补贴 | the contribution subsidy (缴费补贴) |
//! | 集体补助, 社会资助 | together at most the highest tier in force that year (C3), over all vouchers of the person and year |
//! | 缴入国库日期 | treasury deposit date: the entries count from it (A2) |
//! | 税票号码 | unique; 1–40 letters, digits or '-' |
//!
//! Policy for bad lines: **the good lines are booked and the bad ones
//! reported** with line number and reason, kept with the batch. A file
//! that cannot be read (size, encoding, header) is refused whole. The same
//! file again, imported for the same jurisdiction, changes nothing (its
//! SHA-256); a fund officer books only people of their league. A voucher seen before with the
//! same content is counted as unchanged, with other content it is refused.
//! The whole import is one transaction: killed half way, nothing remains,
//! and running it again books it once.

use super::db::{Arg, Db, insert_many};
use super::imports::{self, FileInfo, ImportReport};
use super::{audit, reference};
use crate::error::{AppError, AppResult};
use chrono::{Datelike, NaiveDate};
use domain::audit::AuditEntry;
use domain::{DivisionCode, DocumentKind, DocumentNumber, Policy, Yuan};
use sqlx::Row;
use std::collections::{HashMap, HashSet};

pub const PAYMENT_COLUMNS: [&str; 12] = [
    "证件类型", "证件号码", "姓名", "缴费年度", "缴费档次", "个人缴费", "政府代缴", "政府补贴", "集体补助", "社会资助", "缴入国库日期", "税票号码",
];
const KIND: &str = "tax_payments";
/// Lines looked up and written per round trip.
const CHUNK: usize = 2_000;

/// A line, read and checked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Payment {
    line: i64,
    person: DocumentNumber,
    name: String,
    year: i32,
    tier: Yuan,
    personal: Yuan,
    government_paid: Yuan,
    subsidy: Yuan,
    collective: Yuan,
    donation: Yuan,
    deposited_on: NaiveDate,
    voucher: String,
}

fn amount(what: &str, s: &str) -> Result<Yuan, String> {
    let s = s.trim();
    let y = if s.is_empty() { Yuan::ZERO } else { Yuan::parse(s).map_err(|e| format!("{what}：{e}"))? };
    if y.is_negative() {
        return Err(format!("{what}不能为负数"));
    }
    Ok(y)
}

fn parse(line: i64, f: &csv::StringRecord, today: NaiveDate) -> Result<Payment, String> {
    if f.len() != PAYMENT_COLUMNS.len() {
        return Err(format!("应有 {} 列，实际 {} 列", PAYMENT_COLUMNS.len(), f.len()));
    }
    let kind = DocumentKind::from_label_or_code(f[0].trim()).ok_or_else(|| format!("证件类型“{}”不正确", &f[0]))?;
    let person = DocumentNumber::parse(kind, &f[1]).map_err(|e| e.to_string())?;
    let year: i32 = f[3].trim().parse().ok().filter(|y| (2000..=9999).contains(y)).ok_or("缴费年度应为四位年份")?;
    let deposited_on = NaiveDate::parse_from_str(f[10].trim(), "%Y-%m-%d").map_err(|_| "缴入国库日期应为 年-月-日".to_owned())?;
    if deposited_on > today {
        return Err("缴入国库日期晚于今天".into());
    }
    if deposited_on.year() < year {
        return Err("缴入国库日期早于缴费年度".into());
    }
    let voucher = f[11].trim();
    if voucher.is_empty() || voucher.len() > 40 || !voucher.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("税票号码应为1–40位字母、数字或“-”".into());
    }
    Ok(Payment {
        line,
        person,
        name: f[2].trim().to_owned(),
        year,
        tier: amount("缴费档次", &f[4])?,
        personal: amount("个人缴费", &f[5])?,
        government_paid: amount("政府代缴", &f[6])?,
        subsidy: amount("政府补贴", &f[7])?,
        collective: amount("集体补助", &f[8])?,
        donation: amount("社会资助", &f[9])?,
        deposited_on,
        voucher: voucher.to_owned(),
    })
}

/// The rules that need the policy of the year (C1, C3, C4).
fn check_policy(p: &Payment, policy: &Policy, earlier_collective: Yuan) -> Result<(), String> {
    if !policy.is_tier(p.tier) {
        return Err(format!("缴费档次 {} 元不是 {} 年度的档次", p.tier, p.year));
    }
    if p.personal + p.government_paid != p.tier {
        return Err(format!("个人缴费与政府代缴合计应等于缴费档次 {} 元", p.tier));
    }
    let collective = earlier_collective + p.collective + p.donation;
    if collective > policy.collective_cap() {
        return Err(format!(
            "集体补助与社会资助合计 {collective} 元，超过 {} 年度最高缴费档次 {} 元（每人每年上限）",
            p.year,
            policy.collective_cap()
        ));
    }
    Ok(())
}

/// The stored content of a voucher, to tell a repeat from a clash.
type Stored = (String, i64, [i64; 5], String);

fn content(account: &str, p: &Payment) -> Stored {
    (
        account.to_owned(),
        i64::from(p.year),
        [p.tier.fen(), p.personal.fen(), p.government_paid.fen(), p.subsidy.fen(), p.collective.fen() + p.donation.fen()],
        p.deposited_on.to_string(),
    )
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Imports a payment-details file; `today` bounds the deposit dates, and
/// `within` (the importing officer's jurisdiction) the people booked.
pub async fn import_payments(
    db: &Db,
    file_name: &str,
    bytes: &[u8],
    today: NaiveDate,
    within: Option<&DivisionCode>,
    by: &AuditEntry,
) -> AppResult<ImportReport> {
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    // A file is "the same file" for the same scope: lines refused as outside
    // one league must stay importable by the league they belong to.
    let scope = within.map_or("all", |j| j.as_str());
    let file = FileInfo { kind: KIND, file_name, sha256: format!("{}@{scope}", imports::sha256_hex(bytes)), encoding };
    let mut report = imports::new_report(encoding, 0);
    let mut parsed = Vec::new();
    imports::for_each_line(&text, &PAYMENT_COLUMNS, |line, fields| {
        report.total += 1;
        match fields.and_then(|f| parse(line, f, today)) {
            Ok(p) => parsed.push(p),
            Err(reason) => report.rejected.push((line, reason)),
        }
    })?;
    drop(text);
    let policy_rows = reference::policy_rows(db).await?;
    let mut policies: HashMap<i32, Policy> = HashMap::new();

    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    if let Some(batch_id) = imports::earlier(&mut tx, KIND, &file.sha256).await? {
        drop(tx);
        return imports::report_of(db, KIND, &batch_id, true).await;
    }
    let batch_id = report.batch_id.clone();
    let mut in_file: HashSet<String> = HashSet::with_capacity(parsed.len());
    // Collective + donation booked so far per (account, year): the C3 cap.
    let mut collective: HashMap<(String, i32), Yuan> = HashMap::new();
    for chunk in parsed.chunks(CHUNK) {
        // The people's accounts and names.
        // Both key columns, so that the (id_kind, id_number) index is used.
        let kinds: std::collections::BTreeSet<&str> = chunk.iter().map(|p| p.person.kind().code()).collect();
        let numbers: Vec<&str> = chunk.iter().map(|p| p.person.as_str()).collect();
        let sql = format!(
            "SELECT a.id, a.id_kind, a.id_number, i.name, i.village_code FROM personal_accounts a JOIN insured_persons i \
             ON i.id_kind = a.id_kind AND i.id_number = a.id_number WHERE a.id_kind IN ({}) AND a.id_number IN ({})",
            placeholders(1, kinds.len()),
            placeholders(1 + kinds.len(), numbers.len())
        );
        let mut q = sqlx::query(&sql);
        for k in &kinds {
            q = q.bind(*k);
        }
        for n in &numbers {
            q = q.bind(*n);
        }
        let mut accounts: HashMap<(String, String), (String, String)> = HashMap::new();
        let mut outside: HashSet<(String, String)> = HashSet::new();
        for r in q.fetch_all(&mut *tx).await.map_err(AppError::internal)? {
            let g = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
            let village = DivisionCode::parse(&g("village_code")?).map_err(AppError::internal)?;
            if within.is_some_and(|j| !domain::roles::in_jurisdiction(j, &village)) {
                outside.insert((g("id_kind")?, g("id_number")?));
                continue;
            }
            accounts.insert((g("id_kind")?, g("id_number")?), (g("id")?, g("name")?));
        }
        // Vouchers booked before, and earlier collective amounts.
        let vouchers: Vec<&str> = chunk.iter().map(|p| p.voucher.as_str()).collect();
        let sql = format!(
            "SELECT voucher, account_id, year, tier_fen, personal_fen, government_paid_fen, subsidy_fen, collective_fen + donation_fen AS c, \
             deposited_on FROM tax_payments WHERE voucher IN ({})",
            placeholders(1, vouchers.len())
        );
        let mut q = sqlx::query(&sql);
        for v in &vouchers {
            q = q.bind(*v);
        }
        let mut booked: HashMap<String, Stored> = HashMap::new();
        for r in q.fetch_all(&mut *tx).await.map_err(AppError::internal)? {
            let i = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
            let fens = [i("tier_fen")?, i("personal_fen")?, i("government_paid_fen")?, i("subsidy_fen")?, i("c")?];
            let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
            booked.insert(s("voucher")?, (s("account_id")?, i("year")?, fens, s("deposited_on")?));
        }
        let ids: Vec<&String> = accounts.values().map(|(id, _)| id).collect();
        if !ids.is_empty() {
            let sql = format!(
                "SELECT account_id, year, CAST(SUM(collective_fen + donation_fen) AS BIGINT) AS c FROM tax_payments \
                 WHERE account_id IN ({}) GROUP BY account_id, year",
                placeholders(1, ids.len())
            );
            let mut q = sqlx::query(&sql);
            for id in &ids {
                q = q.bind(id.as_str());
            }
            for r in q.fetch_all(&mut *tx).await.map_err(AppError::internal)? {
                let account: String = r.try_get("account_id").map_err(AppError::internal)?;
                let year = r.try_get::<i64, _>("year").map_err(AppError::internal)? as i32;
                let c = Yuan::from_fen(r.try_get("c").map_err(AppError::internal)?);
                collective.entry((account, year)).or_insert(c);
            }
        }

        let mut rows = Vec::with_capacity(chunk.len());
        for p in chunk {
            let key = (p.person.kind().code().to_owned(), p.person.as_str().to_owned());
            if outside.contains(&key) {
                report.rejected.push((p.line, "不是本辖区的参保人员：请由其参保地盟市导入".into()));
                continue;
            }
            let Some((account, name)) = accounts.get(&key) else {
                report.rejected.push((p.line, "此人没有个人账户（尚未参保，或证件号码已变更）".into()));
                continue;
            };
            if *name != p.name {
                report.rejected.push((p.line, "姓名与参保登记不一致".into()));
                continue;
            }
            if let Some(before) = booked.get(&p.voucher) {
                if *before == content(account, p) {
                    report.unchanged += 1;
                } else {
                    report.rejected.push((p.line, "税票号码已导入过，且内容不同：请税务部门核实".into()));
                }
                continue;
            }
            if !in_file.insert(p.voucher.clone()) {
                report.rejected.push((p.line, "税票号码在文件中重复".into()));
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(v) = policies.entry(p.year) {
                let on = NaiveDate::from_ymd_opt(p.year, 12, 31).expect("valid").min(today);
                v.insert(Policy::in_force(&policy_rows, on).map_err(|e| AppError::invalid(e.to_string()))?);
            }
            let key = (account.clone(), p.year);
            let earlier = collective.get(&key).copied().unwrap_or(Yuan::ZERO);
            if let Err(reason) = check_policy(p, &policies[&p.year], earlier) {
                in_file.remove(&p.voucher);
                report.rejected.push((p.line, reason));
                continue;
            }
            collective.insert(key, earlier + p.collective + p.donation);
            rows.push(vec![
                Arg::from(p.voucher.as_str()),
                account.as_str().into(),
                i64::from(p.year).into(),
                p.tier.fen().into(),
                p.personal.fen().into(),
                p.government_paid.fen().into(),
                p.subsidy.fen().into(),
                p.collective.fen().into(),
                p.donation.fen().into(),
                p.deposited_on.to_string().into(),
                batch_id.as_str().into(),
            ]);
        }
        report.added += insert_many(
            &mut tx,
            "tax_payments (voucher, account_id, year, tier_fen, personal_fen, government_paid_fen, subsidy_fen, collective_fen, \
             donation_fen, deposited_on, batch_id)",
            "",
            &rows,
        )
        .await
        .map_err(AppError::internal)? as i64;
    }
    // The ledger entries of the batch, dated by the deposit (A2); the
    // government-paid contribution counts as the person's contribution.
    let booked_at = super::auth::ts(super::auth::now());
    for (kind, fen) in [
        ("personal", "personal_fen + government_paid_fen"),
        ("subsidy", "subsidy_fen"),
        ("collective", "collective_fen"),
        ("donation", "donation_fen"),
    ] {
        sqlx::query(&format!(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             SELECT account_id, '{kind}', 'tax:' || voucher, {fen}, deposited_on, year, batch_id, $2 FROM tax_payments \
             WHERE batch_id = $1 AND {fen} <> 0"
        ))
        .bind(&batch_id)
        .bind(&booked_at)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    }
    report.rejected.sort();
    imports::record(&mut tx, &file, &by.actor, &report).await?;
    let mut entry = by.clone();
    entry.action = "tax.import_payments".into();
    entry.subject = Some(batch_id.clone());
    entry.after = Some(
        serde_json::json!({ "file": file_name, "total": report.total, "booked": report.added, "unchanged": report.unchanged,
            "rejected": report.rejected.len() })
        .to_string(),
    );
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(report)
}

/// An administrator imports a file (page and API).
pub async fn import_by(state: &super::AppState, caller: &super::auth::Caller, file_name: &str, bytes: &[u8]) -> AppResult<ImportReport> {
    let officer = caller.staff_with(&[domain::Role::LeagueFundOfficer])?;
    import_payments(&state.db, file_name, bytes, state.today(), officer.jurisdiction.as_ref(), &caller.audit("", None)).await
}

/// Reconciliation totals from the tax bureau (C5): one line per treasury
/// deposit date with the count and the sums it holds for the league.
pub const RECONCILIATION_COLUMNS: [&str; 7] = ["缴入国库日期", "笔数", "个人缴费", "政府代缴", "政府补贴", "集体补助", "社会资助"];
const RECONCILIATION: &str = "tax_reconciliation";

/// Compares each line's totals with what was booked for that deposit date
/// (within the officer's league): equal lines count as unchanged, every
/// difference is reported on its line with both figures. Nothing is booked;
/// the result is kept as a batch like any import.
pub async fn reconcile(
    db: &Db,
    file_name: &str,
    bytes: &[u8],
    within: Option<&DivisionCode>,
    by: &AuditEntry,
) -> AppResult<ImportReport> {
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    let scope = within.map_or("all", |j| j.as_str());
    let file = FileInfo { kind: RECONCILIATION, file_name, sha256: format!("{}@{scope}", imports::sha256_hex(bytes)), encoding };
    let mut report = imports::new_report(encoding, 0);
    let mut lines: Vec<(i64, NaiveDate, [i64; 6])> = Vec::new();
    imports::for_each_line(&text, &RECONCILIATION_COLUMNS, |line, fields| {
        report.total += 1;
        let parsed = fields.and_then(|f| {
            if f.len() != RECONCILIATION_COLUMNS.len() {
                return Err(format!("应有 {} 列，实际 {} 列", RECONCILIATION_COLUMNS.len(), f.len()));
            }
            let day = NaiveDate::parse_from_str(f[0].trim(), "%Y-%m-%d").map_err(|_| "缴入国库日期应为 年-月-日".to_owned())?;
            let count: i64 = f[1].trim().parse().map_err(|_| "笔数应为整数".to_owned())?;
            let mut sums = [count, 0, 0, 0, 0, 0];
            for (i, what) in ["个人缴费", "政府代缴", "政府补贴", "集体补助", "社会资助"].iter().enumerate() {
                sums[i + 1] = amount(what, &f[i + 2])?.fen();
            }
            Ok((day, sums))
        });
        match parsed {
            Ok((day, sums)) => lines.push((line, day, sums)),
            Err(reason) => report.rejected.push((line, reason)),
        }
    })?;
    let mut tx = db.begin_write().await.map_err(AppError::internal)?;
    if let Some(batch_id) = imports::earlier(&mut tx, RECONCILIATION, &file.sha256).await? {
        drop(tx);
        return imports::report_of(db, RECONCILIATION, &batch_id, true).await;
    }
    let prefix = format!("{}%", within.map_or("", |j| j.as_str()));
    for (line, day, theirs) in &lines {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(t.personal_fen), 0) AS BIGINT) AS p, CAST(COALESCE(SUM(t.government_paid_fen), 0) AS BIGINT) AS g, \
             CAST(COALESCE(SUM(t.subsidy_fen), 0) AS BIGINT) AS s, CAST(COALESCE(SUM(t.collective_fen), 0) AS BIGINT) AS c, \
             CAST(COALESCE(SUM(t.donation_fen), 0) AS BIGINT) AS d \
             FROM tax_payments t JOIN personal_accounts a ON a.id = t.account_id \
             JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
             WHERE t.deposited_on = $1 AND i.village_code LIKE $2",
        )
        .bind(day.to_string())
        .bind(&prefix)
        .fetch_one(&mut *tx)
        .await
        .map_err(AppError::internal)?;
        let mut ours = [0i64; 6];
        for (i, c) in ["n", "p", "g", "s", "c", "d"].iter().enumerate() {
            ours[i] = row.try_get(*c).map_err(AppError::internal)?;
        }
        if ours == *theirs {
            report.unchanged += 1;
            continue;
        }
        let names = ["笔数", "个人缴费", "政府代缴", "政府补贴", "集体补助", "社会资助"];
        let diffs: Vec<String> = (0..6)
            .filter(|i| ours[*i] != theirs[*i])
            .map(|i| {
                let show = |v: i64| if i == 0 { v.to_string() } else { Yuan::from_fen(v).to_string() };
                format!("{}：本系统 {}，税务 {}", names[i], show(ours[i]), show(theirs[i]))
            })
            .collect();
        report.rejected.push((*line, format!("{day} 不一致：{}", diffs.join("；"))));
    }
    report.rejected.sort();
    imports::record(&mut tx, &file, &by.actor, &report).await?;
    let mut entry = by.clone();
    entry.action = "tax.reconcile".into();
    entry.subject = Some(report.batch_id.clone());
    entry.after = Some(serde_json::json!({ "file": file_name, "lines": report.total, "equal": report.unchanged, "different": report.rejected.len() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(report)
}

/// A fund officer reconciles (page and API).
pub async fn reconcile_by(state: &super::AppState, caller: &super::auth::Caller, file_name: &str, bytes: &[u8]) -> AppResult<ImportReport> {
    let officer = caller.staff_with(&[domain::Role::LeagueFundOfficer])?;
    reconcile(&state.db, file_name, bytes, officer.jurisdiction.as_ref(), &caller.audit("", None)).await
}
