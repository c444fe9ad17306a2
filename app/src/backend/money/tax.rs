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
//! | 政府补贴 | the contribution subsidy (缴费补贴): the one in force for the tier and year; 0.00 on a year back-paid by approval (C2) unless `subsidy.back_payment` grants it |
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

use crate::backend::infra::db::Db;
use crate::backend::infra::imports::{self, FileInfo, ImportReport};
use crate::backend::{infra::audit, infra::reference};
use crate::error::{AppError, AppResult};
use chrono::{Datelike, NaiveDate};
use domain::audit::AuditEntry;
use domain::{DivisionCode, DocumentKind, DocumentNumber, Policy, Yuan};
use sqlx::Row;
use std::collections::{HashMap, HashSet};

pub const PAYMENT_COLUMNS: [&str; 12] =
    ["证件类型", "证件号码", "姓名", "缴费年度", "缴费档次", "个人缴费", "政府代缴", "政府补贴", "集体补助", "社会资助", "缴入国库日期", "税票号码"];
const KIND: &str = "tax_payments";

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

/// C3: the government subsidy (政府补贴) is the one in force for the tier
/// and year, none on a back-paid year (补缴) unless the policy grants it.
/// Anything else is refused with the figure due: the bureau corrects and
/// sends the line again.
fn check_subsidy(p: &Payment, policy: &Policy, back_paid: bool) -> Result<(), String> {
    let due = policy.subsidy_due(p.tier, back_paid);
    if p.subsidy == due {
        return Ok(());
    }
    Err(if back_paid && due.is_zero() {
        format!("{} 年为补缴年度，不享受政府补贴（应为 0.00 元，文件为 {} 元）：请税务部门核实后重新传送", p.year, p.subsidy)
    } else {
        format!("政府补贴 {} 元与 {} 年度 {} 元档次的补贴标准 {due} 元不符：请税务部门核实后重新传送", p.subsidy, p.year, p.tier)
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
        return Err(format!("集体补助与社会资助合计 {collective} 元，超过 {} 年度最高缴费档次 {} 元（每人每年上限）", p.year, policy.collective_cap()));
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

/// Values a staged line carries (`values_rows`), and lines per statement.
const STAGE_COLUMNS: usize = 13;
const STAGE_LINES: usize = crate::backend::infra::db::MAX_VALUES / STAGE_COLUMNS;

/// What the database knows about a line that needs a closer look.
struct Facts {
    line: i64,
    account: Option<String>,
    name_ok: bool,
    within: bool,
    booked: Option<Stored>,
    earlier_collective: Yuan,
    /// The year is covered by an approved back payment (C2) of the account.
    back_paid: bool,
}

/// A chunk of good lines for the staging statement, its values bound.
struct Staged {
    args: sqlx::any::AnyArguments<'static>,
    lines: Vec<Payment>,
}

/// A line's `STAGE_COLUMNS` values, in the staging statement's order.
fn bind_line(args: &mut sqlx::any::AnyArguments<'static>, p: &Payment) -> Result<(), sqlx::error::BoxDynError> {
    use sqlx::Arguments;
    args.add(p.line)?;
    args.add(p.voucher.clone())?;
    args.add(i64::from(p.year))?;
    for yuan in [p.tier, p.personal, p.government_paid, p.subsidy, p.collective, p.donation] {
        args.add(yuan.fen())?;
    }
    args.add(p.deposited_on.to_string())?;
    args.add(p.person.kind().code())?;
    args.add(p.person.as_str().to_owned())?;
    args.add(p.name.clone())
}

type Policies = HashMap<i32, Result<Policy, String>>;

/// Reads and checks each line on its own (format, policy of the year, a
/// voucher twice in the file), sends the good ones on in chunks, and
/// returns the report of the bad ones with the policies it looked up.
fn read_payments(
    text: &str,
    today: NaiveDate,
    policy_rows: &[domain::policy::PolicyRow],
    mut report: ImportReport,
    chunks: tokio::sync::mpsc::Sender<Staged>,
) -> AppResult<(ImportReport, Policies)> {
    let mut policies = Policies::new();
    let mut in_file: HashSet<String> = HashSet::with_capacity(text.len() / 64);
    let mut lines = Vec::with_capacity(STAGE_LINES);
    let send = |lines: &mut Vec<Payment>| -> AppResult<()> {
        let mut args = sqlx::any::AnyArguments::default();
        for p in lines.iter() {
            bind_line(&mut args, p).map_err(AppError::internal)?;
        }
        let lines = std::mem::replace(lines, Vec::with_capacity(STAGE_LINES));
        // The receiver gone means the import failed there: nothing to add.
        let _ = chunks.blocking_send(Staged { args, lines });
        Ok(())
    };
    let mut failed = Ok(());
    imports::for_each_line(text, &PAYMENT_COLUMNS, |line, fields| {
        report.total += 1;
        let p = match fields.and_then(|f| parse(line, f, today)) {
            Ok(p) => p,
            Err(reason) => return report.rejected.push((line, reason)),
        };
        let policy = policies.entry(p.year).or_insert_with(|| {
            let on = NaiveDate::from_ymd_opt(p.year, 12, 31).expect("valid").min(today);
            Policy::in_force(policy_rows, on).map_err(|e| e.to_string())
        });
        let policy = match policy {
            Ok(policy) => policy,
            Err(reason) => return report.rejected.push((line, reason.clone())),
        };
        if let Err(reason) = check_policy(&p, policy, Yuan::ZERO) {
            return report.rejected.push((line, reason));
        }
        // A subsidy of 0.00 may be right on a back-paid year: that is
        // decided with the back payments on record (`Facts::back_paid`).
        if (!p.subsidy.is_zero() || policy.back_payment_subsidy)
            && let Err(reason) = check_subsidy(&p, policy, false)
        {
            return report.rejected.push((line, reason));
        }
        if !in_file.insert(p.voucher.clone()) {
            return report.rejected.push((line, "税票号码在文件中重复".into()));
        }
        lines.push(p);
        if lines.len() == STAGE_LINES && failed.is_ok() {
            failed = send(&mut lines);
        }
    })?;
    failed?;
    if !lines.is_empty() {
        send(&mut lines)?;
    }
    Ok((report, policies))
}

/// Imports a payment-details file; `today` bounds the deposit dates, and
/// `within` (the importing officer's jurisdiction) the people booked.
///
/// Set-based, so that a league's year (a million lines) books in seconds:
/// each line is read and checked on its own in Rust (format, policy of the
/// year, a voucher twice in the file); the good ones are staged in a
/// temporary table in bulk, joined once with the accounts; only the lines
/// that need a closer look (no account, another name, outside the
/// jurisdiction, a voucher seen before, a collective amount under the cap)
/// come back to be decided here; the rest is booked by `INSERT … SELECT`.
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
    let policy_rows = reference::policy_rows(db.pool()).await?;

    let mut conn = db.bulk_connection().await?;
    let mut tx = db.begin_write_on(&mut conn).await?;
    if let Some(batch_id) = imports::earlier(&mut tx, KIND, &file.sha256).await? {
        // The connection back first: the report is read through the pool.
        drop(tx);
        drop(conn);
        return imports::report_of(db, KIND, &batch_id, true).await;
    }
    sqlx::query(
        "CREATE TEMP TABLE tax_lines (line BIGINT NOT NULL, voucher TEXT NOT NULL, year BIGINT NOT NULL, tier_fen BIGINT NOT NULL, \
         personal_fen BIGINT NOT NULL, government_paid_fen BIGINT NOT NULL, subsidy_fen BIGINT NOT NULL, collective_fen BIGINT NOT NULL, \
         donation_fen BIGINT NOT NULL, deposited_on TEXT NOT NULL, account_id TEXT, name_ok BIGINT NOT NULL, open BIGINT NOT NULL, \
         village_code TEXT)",
    )
    .execute(&mut *tx)
    .await?;
    // Staged with what the register says of each person, in one pass, from
    // the covering indexes alone.
    let stage = |lines: usize| {
        format!(
            "INSERT INTO tax_lines SELECT j.column1, j.column2, j.column3, j.column4, j.column5, j.column6, j.column7, j.column8, \
             j.column9, j.column10, a.id, CASE WHEN i.name = j.column13 THEN 1 ELSE 0 END, \
             CASE WHEN a.closed_on IS NULL AND i.village_code IS NOT NULL THEN 1 ELSE 0 END, i.village_code \
             FROM {} LEFT JOIN personal_accounts a{} ON a.id_kind = j.column11 AND a.id_number = j.column12 \
             LEFT JOIN insured_persons i{} ON i.id_kind = a.id_kind AND i.id_number = a.id_number",
            db.values_rows(lines, STAGE_COLUMNS),
            db.indexed_by("personal_accounts_register"),
            db.indexed_by("insured_persons_register"),
        )
    };
    // The file is read on another thread while the database stages what
    // has been read: on two cores the reading costs no time of its own.
    let (chunks, mut staged) = tokio::sync::mpsc::channel(2);
    let reader = tokio::task::spawn_blocking(move || read_payments(&text, today, &policy_rows, imports::new_report(encoding, 0), chunks));
    let mut parsed = Vec::new();
    // Every chunk but the last is full: its statement is written once.
    let mut full = None;
    while let Some(Staged { args, lines }) = staged.recv().await {
        let last;
        let sql = if lines.len() == STAGE_LINES {
            full.get_or_insert_with(|| stage(STAGE_LINES))
        } else {
            last = stage(lines.len());
            &last
        };
        sqlx::query_with(sql, args).execute(&mut *tx).await?;
        parsed.extend(lines);
    }
    let (mut report, policies) = reader.await.map_err(AppError::internal)??;
    let batch_id = report.batch_id.clone();
    // The years back-paid by approval (C2), for the subsidy rule.
    sqlx::query("CREATE TEMP TABLE back_paid (account_id TEXT NOT NULL, year BIGINT NOT NULL, PRIMARY KEY (account_id, year))").execute(&mut *tx).await?;
    let approved = crate::backend::cases::kinds::back_payment::approved_years(&mut *tx).await?;
    let stage_back_paid = format!(
        "INSERT INTO back_paid SELECT DISTINCT j.value ->> 0, CAST(j.value ->> 1 AS BIGINT) FROM {} WHERE true ON CONFLICT DO NOTHING",
        db.json_rows(1)
    );
    for chunk in approved.chunks(10_000) {
        sqlx::query(&stage_back_paid).bind(serde_json::to_string(chunk).map_err(AppError::internal)?).execute(&mut *tx).await?;
    }
    let like = within.map_or("%".to_owned(), |j| format!("{}%", j.as_str()));
    let rows = sqlx::query(
        "SELECT s.line, s.account_id, s.name_ok, CAST(CASE WHEN s.open = 1 AND s.village_code LIKE $1 THEN 1 ELSE 0 END AS BIGINT) AS within, \
         t.account_id AS b_account, t.year AS b_year, t.tier_fen, t.personal_fen, \
         t.government_paid_fen, t.subsidy_fen, t.collective_fen + t.donation_fen AS b_c, t.deposited_on, \
         (SELECT CAST(SUM(p.collective_fen + p.donation_fen) AS BIGINT) FROM tax_payments p \
          WHERE p.account_id = s.account_id AND p.year = s.year) AS earlier, CAST(CASE WHEN bp.year IS NULL THEN 0 ELSE 1 END AS BIGINT) AS bp \
         FROM tax_lines s LEFT JOIN tax_payments t ON t.voucher = s.voucher \
         LEFT JOIN back_paid bp ON bp.account_id = s.account_id AND bp.year = s.year \
         WHERE s.account_id IS NULL OR s.name_ok = 0 OR s.open = 0 OR s.village_code NOT LIKE $1 OR t.voucher IS NOT NULL \
         OR s.collective_fen + s.donation_fen > 0 OR s.subsidy_fen = 0 OR bp.year IS NOT NULL ORDER BY s.line",
    )
    .bind(&like)
    .fetch_all(&mut *tx)
    .await?;
    let mut facts = Vec::with_capacity(rows.len());
    for r in rows {
        let i = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
        let s = |c: &str| r.try_get::<Option<String>, _>(c).map_err(AppError::internal);
        let booked = match s("b_account")? {
            Some(account) => Some((
                account,
                i("b_year")?,
                [i("tier_fen")?, i("personal_fen")?, i("government_paid_fen")?, i("subsidy_fen")?, i("b_c")?],
                s("deposited_on")?.unwrap_or_default(),
            )),
            None => None,
        };
        facts.push(Facts {
            line: i("line")?,
            account: s("account_id")?,
            name_ok: i("name_ok")? == 1,
            within: i("within")? == 1,
            booked,
            earlier_collective: Yuan::from_fen(r.try_get::<Option<i64>, _>("earlier")?.unwrap_or(0)),
            back_paid: i("bp")? == 1,
        });
    }
    // Decided in line order: collective amounts add up over the file (C3).
    let mut collective: HashMap<(String, i32), Yuan> = HashMap::new();
    let mut not_booked = Vec::new();
    for f in facts {
        // `parsed` is in line order, and holds every staged line.
        let p = &parsed[parsed.binary_search_by_key(&f.line, |p| p.line).expect("a staged line was read")];
        let reject = |reason: &str, report: &mut ImportReport, not_booked: &mut Vec<[i64; 1]>| {
            report.rejected.push((f.line, reason.to_owned()));
            not_booked.push([f.line]);
        };
        let Some(account) = f.account.as_deref() else {
            reject("此人没有个人账户（尚未参保，或证件号码已变更）", &mut report, &mut not_booked);
            continue;
        };
        if !f.within {
            reject(
                "不是本辖区在保的参保人员（在外盟市参保，或个人账户已因注销、转出而关闭）：请由其现参保地导入，已关闭的按规定退费",
                &mut report,
                &mut not_booked,
            );
            continue;
        }
        if !f.name_ok {
            reject("姓名与参保登记不一致", &mut report, &mut not_booked);
            continue;
        }
        if let Some(before) = &f.booked {
            if *before == content(account, p) {
                report.unchanged += 1;
                not_booked.push([f.line]);
            } else {
                reject("税票号码已导入过，且内容不同：请税务部门核实", &mut report, &mut not_booked);
            }
            continue;
        }
        let key = (account.to_owned(), p.year);
        let earlier = *collective.entry(key.clone()).or_insert(f.earlier_collective);
        let Some(Ok(policy)) = policies.get(&p.year) else { continue };
        if let Err(reason) = check_policy(p, policy, earlier).and_then(|()| check_subsidy(p, policy, f.back_paid)) {
            reject(&reason, &mut report, &mut not_booked);
            continue;
        }
        collective.insert(key, earlier + p.collective + p.donation);
    }
    let drop_lines = format!("DELETE FROM tax_lines WHERE line IN (SELECT CAST(j.value ->> 0 AS BIGINT) FROM {})", db.json_rows(1));
    for chunk in not_booked.chunks(STAGE_LINES) {
        let json = serde_json::to_string(chunk).map_err(AppError::internal)?;
        sqlx::query(&drop_lines).bind(json).execute(&mut *tx).await?;
    }
    // Booked in key order: the indexes grow at their ends, not all over.
    // A voucher row is also its ledger entries (`ledger_entries`: personal,
    // with the government-paid contribution; subsidy; collective;
    // donation; dated by the deposit, A2).
    report.added = sqlx::query(
        "INSERT INTO tax_payments (voucher, account_id, year, tier_fen, personal_fen, government_paid_fen, subsidy_fen, collective_fen, \
         donation_fen, deposited_on, batch_id) SELECT voucher, account_id, year, tier_fen, personal_fen, government_paid_fen, subsidy_fen, \
         collective_fen, donation_fen, deposited_on, $1 FROM tax_lines ORDER BY voucher",
    )
    .bind(&batch_id)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    for table in ["tax_lines", "back_paid"] {
        sqlx::query(&format!("DROP TABLE {table}")).execute(&mut *tx).await?;
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
    tx.commit().await?;
    Ok(report)
}

/// An administrator imports a file (page and API).
pub async fn import_by(
    state: &crate::backend::AppState,
    caller: &crate::backend::identity::auth::Caller,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<ImportReport> {
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
pub async fn reconcile(db: &Db, file_name: &str, bytes: &[u8], within: Option<&DivisionCode>, by: &AuditEntry) -> AppResult<ImportReport> {
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
    let mut tx = db.begin_write().await?;
    if let Some(batch_id) = imports::earlier(&mut tx, RECONCILIATION, &file.sha256).await? {
        drop(tx);
        return imports::report_of(db, RECONCILIATION, &batch_id, true).await;
    }
    // What was booked, day by day, over the file's days: one statement (a
    // year's file is one scan of the payments, not one per day).
    let prefix = format!("{}%", within.map_or("", |j| j.as_str()));
    let mut booked: HashMap<String, [i64; 6]> = HashMap::new();
    if let (Some(first), Some(last)) = (lines.iter().map(|l| l.1).min(), lines.iter().map(|l| l.1).max()) {
        let rows = sqlx::query(
            "SELECT t.deposited_on AS day, COUNT(*) AS n, CAST(SUM(t.personal_fen) AS BIGINT) AS p, CAST(SUM(t.government_paid_fen) AS BIGINT) AS g, \
             CAST(SUM(t.subsidy_fen) AS BIGINT) AS s, CAST(SUM(t.collective_fen) AS BIGINT) AS c, CAST(SUM(t.donation_fen) AS BIGINT) AS d \
             FROM tax_payments t JOIN personal_accounts a ON a.id = t.account_id \
             JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
             WHERE t.deposited_on >= $1 AND t.deposited_on <= $2 AND i.village_code LIKE $3 GROUP BY t.deposited_on",
        )
        .bind(first.to_string())
        .bind(last.to_string())
        .bind(&prefix)
        .fetch_all(&mut *tx)
        .await?;
        for row in rows {
            let mut sums = [0i64; 6];
            for (i, c) in ["n", "p", "g", "s", "c", "d"].iter().enumerate() {
                sums[i] = row.try_get(*c)?;
            }
            booked.insert(row.try_get("day")?, sums);
        }
    }
    for (line, day, theirs) in &lines {
        let ours = booked.get(&day.to_string()).copied().unwrap_or([0; 6]);
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
    entry.after =
        Some(serde_json::json!({ "file": file_name, "lines": report.total, "equal": report.unchanged, "different": report.rejected.len() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(report)
}

/// A fund officer reconciles (page and API).
pub async fn reconcile_by(
    state: &crate::backend::AppState,
    caller: &crate::backend::identity::auth::Caller,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<ImportReport> {
    let officer = caller.staff_with(&[domain::Role::LeagueFundOfficer])?;
    reconcile(&state.db, file_name, bytes, officer.jurisdiction.as_ref(), &caller.audit("", None)).await
}
