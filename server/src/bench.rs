//! `server bench-queue`: the server time of a clerk's queue (the query and
//! its mapping, as the page and the API run them) on the data at hand,
//! typically after `server generate`. Figures go in the README.

use crate::config::Config;
use app::backend::auth::{AccountKind, Caller, Principal};
use app::backend::{cases, db::Db};
use domain::{DivisionCode, Role};
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn clerk(role: Role, jurisdiction: &str) -> Result<Caller, BoxError> {
    Ok(Caller {
        principal: Some(Principal {
            session: String::new(),
            account_id: "bench".into(),
            name: "bench".into(),
            kind: AccountKind::Staff,
            person: None,
            roles: vec![role],
            jurisdiction: Some(DivisionCode::parse(jurisdiction)?),
            kiosk: None,
            served: None,
        }),
        ip: None,
        channel: "bench",
    })
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(times[((times.len() as f64 - 1.0) * q).round() as usize]);
    format!("median {:.2} ms, p95 {:.2} ms, max {:.2} ms", p(0.5), p(0.95), ms(*times.last().unwrap_or(&Duration::ZERO)))
}

pub async fn queue(config: &Config, db: &Db, iterations: usize) -> Result<(), BoxError> {
    let state = config.app_state(db.clone())?;
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE queue_key IS NOT NULL").fetch_one(db.pool()).await?;
    println!("open cases: {open} ({:?})", db.engine());
    for (role, prefix) in [(Role::CountyClerk, "county_clerk:"), (Role::TownshipClerk, "township_clerk:")] {
        let busiest: Option<(String, i64)> = sqlx::query_as(
            "SELECT queue_key, COUNT(*) FROM cases WHERE queue_key LIKE $1 GROUP BY queue_key ORDER BY COUNT(*) DESC LIMIT 1",
        )
        .bind(format!("{prefix}%"))
        .fetch_optional(db.pool())
        .await?;
        let Some((key, waiting)) = busiest else { continue };
        let caller = clerk(role, key.trim_start_matches(prefix))?;
        let mut page = Vec::with_capacity(iterations);
        let mut counts = Vec::with_capacity(iterations);
        for _ in 0..iterations.max(1) {
            let t = Instant::now();
            let rows = cases::queue(&state, &caller).await?;
            page.push(t.elapsed());
            assert!(rows.len() <= 100);
            let t = Instant::now();
            cases::queue_counts(&state, &caller).await?;
            counts.push(t.elapsed());
        }
        println!("{key} ({waiting} waiting): queue page {}; counts {}", summary(page), summary(counts));
    }
    Ok(())
}

fn rate(n: u64, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

/// `server bench-ledger`: on a generated league (`server generate`, fresh
/// database), imports one payment line per insured person for `year`,
/// posts that year's interest, and renders a 20-year statement; prints our
/// rates beside bare SQL on the same data in the same run.
pub async fn ledger(config: &Config, db: &Db, year: i32) -> Result<(), BoxError> {
    use app::backend::{audit, ledger, reference, tax};
    let state = config.app_state(db.clone())?;
    let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let policy = reference::policy_on(db, chrono::NaiveDate::from_ymd_opt(year, 12, 31).ok_or("bad year")?).await?;
    let people: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT i.id_kind, i.id_number, i.name, i.tier FROM insured_persons i JOIN personal_accounts a \
         ON a.id_kind = i.id_kind AND a.id_number = i.id_number ORDER BY i.id_number",
    )
    .fetch_all(db.pool())
    .await?;
    println!("insured people with an account: {} ({:?})", people.len(), db.engine());
    // Files of at most FILE_LINES lines each (a whole league's year is over
    // the 64 MB a file may have): the import time is their sum.
    const FILE_LINES: usize = 250_000;
    let by = audit::system_entry("batch", "", None, None);
    let (mut lines, mut added, mut import_time, mut batches) = (0u64, 0i64, std::time::Duration::ZERO, Vec::new());
    for (part, chunk) in people.chunks(FILE_LINES).enumerate() {
        let mut csv = tax::PAYMENT_COLUMNS.join(",");
        csv.push('\n');
        for (j, (kind, number, name, tier)) in chunk.iter().enumerate() {
            let i = part * FILE_LINES + j;
            let tier = domain::Yuan::parse(tier)?;
            let subsidy = policy.subsidy_for(tier);
            let month = 1 + i % 12;
            csv.push_str(&format!(
                "{kind},{number},{name},{year},{tier},{tier},0,{subsidy},0,0,{year}-{month:02}-15,B{year}-{i:08}\n"
            ));
        }
        let t = Instant::now();
        let report = tax::import_payments(db, &format!("bench-{part}.csv"), csv.as_bytes(), today, None, &by).await?;
        import_time += t.elapsed();
        if report.already_imported {
            return Err("this database already holds the bench file: generate a fresh database to measure".into());
        }
        lines += report.total as u64;
        added += report.added;
        batches.push(report.batch_id);
    }
    let in_batches = format!("batch_id IN ({})", (1..=batches.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", "));
    let mut count = format!("SELECT COUNT(*) FROM account_entries WHERE {in_batches}");
    let mut q = sqlx::query_scalar::<_, i64>(&count);
    for b in &batches {
        q = q.bind(b);
    }
    let entries: i64 = q.fetch_one(db.pool()).await?;
    // The floor: one INSERT … SELECT of the same entries into a bare copy.
    sqlx::query("DROP TABLE IF EXISTS bench_entries").execute(db.pool()).await?;
    sqlx::query(
        "CREATE TABLE bench_entries (account_id TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, amount_fen BIGINT NOT NULL, \
         credited_on TEXT NOT NULL, year BIGINT NOT NULL, batch_id TEXT, booked_at TEXT NOT NULL, PRIMARY KEY (account_id, kind, source))",
    )
    .execute(db.pool())
    .await?;
    count = format!(
        "INSERT INTO bench_entries SELECT account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at \
         FROM account_entries WHERE {in_batches}"
    );
    let mut q = sqlx::query(&count);
    for b in &batches {
        q = q.bind(b);
    }
    let t = Instant::now();
    let copied = q.execute(db.pool()).await?.rows_affected();
    let floor_insert = t.elapsed();
    let (ours, floor) = (rate(lines, import_time), rate(copied, floor_insert));
    println!(
        "import: {lines} lines in {} files ({added} booked, {entries} ledger entries) in {:.2} s = {:.0} lines/s; bare INSERT…SELECT of {copied} entries {:.2} s = {:.0} rows/s; ratio {:.2}",
        batches.len(),
        import_time.as_secs_f64(),
        ours,
        floor_insert.as_secs_f64(),
        floor,
        ours / floor
    );

    let t = Instant::now();
    let interest = ledger::post_interest(db, year, today, ledger::INTEREST_CHUNK, &by).await?;
    let interest_time = t.elapsed();
    if interest.already_done {
        return Err(format!("interest for {year} was posted before: generate a fresh database to measure").into());
    }
    sqlx::query("DROP TABLE IF EXISTS bench_balances").execute(db.pool()).await?;
    sqlx::query("CREATE TABLE bench_balances (account_id TEXT PRIMARY KEY, fen BIGINT NOT NULL)").execute(db.pool()).await?;
    sqlx::query("INSERT INTO bench_balances SELECT account_id, CAST(SUM(amount_fen) AS BIGINT) FROM bench_entries GROUP BY account_id")
        .execute(db.pool())
        .await?;
    let t = Instant::now();
    let updated = sqlx::query("UPDATE bench_balances SET fen = fen + fen * 15 / 1000").execute(db.pool()).await?.rows_affected();
    let floor_update = t.elapsed();
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT account_id) FROM account_entries").fetch_one(db.pool()).await?;
    let (ours, floor) = (rate(accounts as u64, interest_time), rate(updated, floor_update));
    println!(
        "interest {year} at {}: {accounts} accounts ({} posted) in {:.2} s = {:.0} accounts/s; bare UPDATE of {updated} rows {:.3} s = {:.0} rows/s; ratio {:.2}",
        interest.rate,
        interest.posted_now,
        interest_time.as_secs_f64(),
        ours,
        floor_update.as_secs_f64(),
        floor,
        ours / floor
    );
    for t in ["bench_entries", "bench_balances"] {
        sqlx::query(&format!("DROP TABLE {t}")).execute(db.pool()).await?;
    }

    // A statement of 20 years: one account with two entries a year since year − 19.
    let (kind, number, _, _) = people.first().ok_or("no insured people: run `server generate` first")?;
    let person = domain::DocumentNumber::parse(domain::DocumentKind::from_code(kind).ok_or("kind")?, number)?;
    let account = ledger::account_of(db, &person).await?.ok_or("no account")?;
    let mut tx = db.begin_write().await?;
    for y in (year - 19)..year {
        for (k, m, fen) in [("personal", 3, 50_000), ("subsidy", 9, 6_000)] {
            sqlx::query(
                "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, booked_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, kind, source) DO NOTHING",
            )
            .bind(&account)
            .bind(k)
            .bind(format!("bench:{y}"))
            .bind(fen as i64)
            .bind(format!("{y}-{m:02}-10"))
            .bind(i64::from(y))
            .bind("bench")
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    let mut caller = clerk(Role::Auditor, "1501")?;
    if let Some(p) = caller.principal.as_mut() {
        p.kind = AccountKind::Resident;
        p.roles.clear();
        p.jurisdiction = None;
        p.person = Some(person);
    }
    let mut times = Vec::new();
    let mut years = 0;
    for _ in 0..20 {
        let t = Instant::now();
        years = ledger::my_account(&state, &caller).await?.years.len();
        times.push(t.elapsed());
    }
    println!("statement of {years} years: {}", summary(times));
    Ok(())
}
