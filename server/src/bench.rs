//! `server bench-queue`: the server time of a clerk's queue (the query and
//! its mapping, as the page and the API run them) on the data at hand,
//! typically after `server generate`. Figures go in the README.

use crate::config::Config;
use app::backend::identity::auth::{AccountKind, Caller, Principal};
use app::backend::{cases, infra::db::Db};
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
        lang: app::i18n::Lang::Zh,
    })
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(times[((times.len() as f64 - 1.0) * q).round() as usize]);
    format!("median {:.2} ms, p95 {:.2} ms, max {:.2} ms", p(0.5), p(0.95), ms(*times.last().unwrap_or(&Duration::ZERO)))
}

pub async fn queue(config: &Config, db: &Db, iterations: usize) -> Result<(), BoxError> {
    let state = config.app_state(db.clone()).await?;
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE queue_key IS NOT NULL").fetch_one(db.pool()).await?;
    println!("open cases: {open} ({:?})", db.engine());
    for (role, prefix) in [(Role::CountyClerk, "county_clerk:"), (Role::TownshipClerk, "township_clerk:")] {
        let busiest: Option<(String, i64)> =
            sqlx::query_as("SELECT queue_key, COUNT(*) FROM cases WHERE queue_key LIKE $1 GROUP BY queue_key ORDER BY COUNT(*) DESC LIMIT 1")
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

/// Pensions for the first `$3` insured people with an account (none if
/// there are pensions already), from month `$1`, next to pay `$2`: bare
/// SQL, for the benchmarks' set-up.
const BENCH_PENSIONS: &str = "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, \
     contribution_years, balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on) \
     SELECT 'bench-' || a.id, a.id, a.id_kind, a.id_number, substr(i.village_code, 1, 6), 'bench', $1, $2, 15, 1390000, 139, 19700, \
     10000, 0, 29700 + CAST(substr(a.id_number, 17, 1) AS BIGINT), 'active', '2000-01-01' \
     FROM personal_accounts a JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
     WHERE NOT EXISTS (SELECT 1 FROM pensions) ORDER BY a.id LIMIT $3";

fn rate(n: u64, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

/// `server bench-ledger`: on a generated league (`server generate`, fresh
/// database), imports one payment line per insured person for `year`,
/// posts that year's interest, and renders a 20-year statement; prints our
/// rates beside bare SQL on the same data in the same run.
pub async fn ledger(config: &Config, db: &Db, year: i32) -> Result<(), BoxError> {
    use app::backend::{infra::audit, infra::reference, money::ledger, money::tax};
    let state = config.app_state(db.clone()).await?;
    let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let policy = reference::policy_on(db.pool(), chrono::NaiveDate::from_ymd_opt(year, 12, 31).ok_or("bad year")?).await?;
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
            csv.push_str(&format!("{kind},{number},{name},{year},{tier},{tier},0,{subsidy},0,0,{year}-{month:02}-15,B{year}-{i:08}\n"));
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
    let mut count = format!("SELECT COUNT(*) FROM ledger_entries WHERE {in_batches}");
    let mut q = sqlx::query_scalar::<_, i64>(&count);
    for b in &batches {
        q = q.bind(b);
    }
    let entries: i64 = q.fetch_one(db.pool()).await?;
    // The floor: one INSERT … SELECT of the same entries (a voucher is its
    // entries, `ledger_entries`) into a bare copy of the ledger's table.
    sqlx::query("DROP TABLE IF EXISTS bench_entries").execute(db.pool()).await?;
    sqlx::query(
        "CREATE TABLE bench_entries (account_id TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, amount_fen BIGINT NOT NULL, \
         credited_on TEXT NOT NULL, year BIGINT NOT NULL, batch_id TEXT, booked_at TEXT NOT NULL, PRIMARY KEY (account_id, kind, source))",
    )
    .execute(db.pool())
    .await?;
    // Read out of the view first (not timed): the floor is the writing.
    sqlx::query("DROP TABLE IF EXISTS bench_source").execute(db.pool()).await?;
    count = format!(
        "CREATE TABLE bench_source AS SELECT account_id, kind, source, amount_fen, credited_on, year, batch_id, '2026-01-01T00:00:00Z' AS booked_at \
         FROM ledger_entries WHERE {in_batches}"
    );
    let mut q = sqlx::query(&count);
    for b in &batches {
        q = q.bind(b);
    }
    q.execute(db.pool()).await?;
    let t = Instant::now();
    let copied = sqlx::query("INSERT INTO bench_entries SELECT * FROM bench_source").execute(db.pool()).await?.rows_affected();
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
    let interest = app::backend::money::interest::post_interest(db, year, today, app::backend::money::interest::INTEREST_CHUNK, &by).await?;
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
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT account_id) FROM ledger_entries").fetch_one(db.pool()).await?;
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
    for t in ["bench_source", "bench_entries", "bench_balances"] {
        sqlx::query(&format!("DROP TABLE {t}")).execute(db.pool()).await?;
    }

    // A statement of 20 years: one account with two entries a year since year − 19.
    let (kind, number, _, _) = people.first().ok_or("no insured people: run `server generate` first")?;
    let person = domain::DocumentNumber::parse(domain::DocumentKind::from_code(kind).ok_or("kind")?, number)?;
    let account = ledger::account_of(db.pool(), &person).await?.ok_or("no account")?;
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
        years = app::backend::money::statements::my_account(&state, &caller).await?.years.len();
        times.push(t.elapsed());
    }
    println!("statement of {years} years: {}", summary(times));
    Ok(())
}

/// `server bench-payroll`: on a generated league (`server generate`, fresh
/// database), opens pensions for up to `recipients` insured people (bare
/// SQL, not measured), runs last month's payroll as the reference, then
/// measures this month's: generate per county, check against last month,
/// write the bank file, import a return file (1 % failed). Prints each
/// step, the total, and a bare SQL pass over the same rows.
pub async fn payroll(config: &Config, db: &Db, recipients: usize) -> Result<(), BoxError> {
    use app::backend::{benefits::payroll, infra::audit, infra::exports};
    use domain::benefit::Month;
    let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let (this, last) = (Month::of(today), Month::of(today).prev());
    let by = audit::system_entry("batch", "", None, None);
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pensions").fetch_one(db.pool()).await?;
    if existing > 0 {
        return Err("this database already holds pensions: generate a fresh database to measure".into());
    }
    sqlx::query(BENCH_PENSIONS).bind(last.0).bind(last.0).bind(recipients as i64).execute(db.pool()).await?;
    // Each account holds the balance its pension was determined on, so the
    // return import draws the account part of each month paid (A6), as it
    // would in production.
    sqlx::query(
        "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
         SELECT account_id, 'personal', 'bench-opening', balance_fen, '1999-12-31', 1999, NULL, '2000-01-01T00:00:00Z' FROM pensions",
    )
    .execute(db.pool())
    .await?;
    sqlx::query("UPDATE insured_persons SET bank_card = '6222' || substr(id_number, 3, 14) WHERE bank_card IS NULL").execute(db.pool()).await?;
    sqlx::query(
        "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
         SELECT 'start-' || id, id, 'start', monthly_fen, 'bench', '2000-01-01T00:00:00Z', 'bench', first_month FROM pensions",
    )
    .execute(db.pool())
    .await?;
    let counties: Vec<String> = sqlx::query_scalar("SELECT DISTINCT county_code FROM pensions ORDER BY county_code").fetch_all(db.pool()).await?;
    let leagues: Vec<String> = sqlx::query_scalar("SELECT DISTINCT substr(county_code, 1, 4) FROM pensions").fetch_all(db.pool()).await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pensions").fetch_one(db.pool()).await?;
    println!("recipients: {total} in {} counties, {} league(s) ({:?})", counties.len(), leagues.len(), db.engine());
    // Last month, as the reference for the check.
    for c in &counties {
        payroll::generate(db, &DivisionCode::parse(c)?, last, today, &by).await?;
    }
    for l in &leagues {
        app::backend::benefits::payroll::check::check(db, &DivisionCode::parse(l)?, last, &by).await?;
        app::backend::benefits::payroll::bank::bank_file(db, &DivisionCode::parse(l)?, last, 1, &by).await?;
    }
    // Five of the recipients move on this month: one stops, one adjusts.
    let some: Vec<String> = sqlx::query_scalar("SELECT id FROM pensions ORDER BY id LIMIT 2").fetch_all(db.pool()).await?;
    // Recorded now: after last month's payroll, so they take effect in this one.
    let at = app::backend::infra::clock::ts_micros(app::backend::infra::clock::now());
    sqlx::query("UPDATE pensions SET status = 'stopped' WHERE id = $1").bind(&some[0]).execute(db.pool()).await?;
    sqlx::query("UPDATE pensions SET monthly_fen = monthly_fen + 500 WHERE id = $1").bind(&some[1]).execute(db.pool()).await?;
    for (p, e) in [(&some[0], "stop"), (&some[1], "adjust")] {
        sqlx::query("INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor) VALUES ($1, $2, $3, 0, 'bench', $4, 'bench')")
            .bind(format!("{e}-{p}"))
            .bind(p)
            .bind(e)
            .bind(&at)
            .execute(db.pool())
            .await?;
    }

    let all = Instant::now();
    let t = Instant::now();
    for c in &counties {
        payroll::generate(db, &DivisionCode::parse(c)?, this, today, &by).await?;
    }
    let generate = t.elapsed();
    let t = Instant::now();
    let mut checked = Vec::new();
    for l in &leagues {
        checked.extend(app::backend::benefits::payroll::check::check(db, &DivisionCode::parse(l)?, this, &by).await?);
    }
    let check = t.elapsed();
    if let Some(b) = checked.iter().find(|b| b.state != "checked") {
        return Err(format!("the check did not pass: {b:?}").into());
    }
    let t = Instant::now();
    let mut files = Vec::new();
    for l in &leagues {
        files.push(app::backend::benefits::payroll::bank::bank_file(db, &DivisionCode::parse(l)?, this, 1, &by).await?.id);
    }
    let write = t.elapsed();
    // The bank's answer: every 100th line failed.
    let mut lines = 0u64;
    let mut returns = Vec::new();
    for f in &files {
        let content = exports::content(db, f).await?;
        let mut out = app::backend::benefits::payroll::bank::RETURN_COLUMNS.join(",");
        out.push('\n');
        for (n, line) in content.lines().skip(2).enumerate() {
            let cols: Vec<&str> = line.split(',').collect();
            let (id, amount) = (cols[0], cols[4]);
            if n % 100 == 99 {
                out.push_str(&format!("{id},{amount},失败,账户已销户\n"));
            } else {
                out.push_str(&format!("{id},{amount},成功,\n"));
            }
            lines += 1;
        }
        returns.push(out);
    }
    let t = Instant::now();
    let mut applied = 0;
    for (i, r) in returns.iter().enumerate() {
        applied += app::backend::benefits::payroll::bank::import_returns(db, &format!("bench-return-{i}.csv"), r.as_bytes(), None, &by).await?.updated;
    }
    let import = t.elapsed();
    let ours = all.elapsed();
    let drawn: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_entries WHERE kind = 'drawing'").fetch_one(db.pool()).await?;
    let ours_net = generate + check + write + import;

    // The floor: one bare pass that writes the same rows.
    sqlx::query("DROP TABLE IF EXISTS bench_items").execute(db.pool()).await?;
    sqlx::query(
        "CREATE TABLE bench_items (id TEXT PRIMARY KEY, pension_id TEXT NOT NULL, month BIGINT NOT NULL, amount_fen BIGINT NOT NULL, status TEXT NOT NULL)",
    )
    .execute(db.pool())
    .await?;
    let t = Instant::now();
    let copied = sqlx::query("INSERT INTO bench_items SELECT 'b-' || id, id, $1, monthly_fen, 'generated' FROM pensions WHERE status = 'active'")
        .bind(this.0)
        .execute(db.pool())
        .await?
        .rows_affected();
    let floor = t.elapsed();
    sqlx::query("DROP TABLE bench_items").execute(db.pool()).await?;
    println!(
        "payroll {this}: generate {:.2} s, check {:.2} s, bank file {:.2} s ({lines} lines), return import {:.2} s ({applied} applied, {drawn} drawings booked); \
         total {:.2} s ({:.2} s in the steps); bare INSERT…SELECT of {copied} items {:.2} s; ratio {:.1}",
        generate.as_secs_f64(),
        check.as_secs_f64(),
        write.as_secs_f64(),
        import.as_secs_f64(),
        ours.as_secs_f64(),
        ours_net.as_secs_f64(),
        floor.as_secs_f64(),
        ours.as_secs_f64() / floor.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// `server bench-statistics`: on a generated league (`server generate`,
/// fresh database), pays `recipients` insured people pensions for the
/// twelve months before this one (batches and lines written by bare SQL,
/// not measured; nine in ten certified), then measures the staff
/// dashboard (S1) as the API serves it: the league's auditor and the
/// busiest county's clerk, `iterations` times each.
pub async fn statistics(config: &Config, db: &Db, recipients: usize, iterations: usize) -> Result<(), BoxError> {
    use app::backend::oversight::statistics;
    use domain::benefit::Month;
    let state = config.app_state(db.clone()).await?;
    let today = state.today();
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payroll_batches").fetch_one(db.pool()).await?;
    if existing == 0 {
        let t = Instant::now();
        let first = Month::of(today).0 - 12;
        // One transaction: a failed setup leaves nothing behind.
        let mut tx = db.begin_write().await?;
        sqlx::query(BENCH_PENSIONS).bind(first).bind(Month::of(today).0).bind(recipients as i64).execute(&mut *tx).await?;
        for m in first..Month::of(today).0 {
            sqlx::query(
                "INSERT INTO payroll_batches (id, county_code, league_code, month, run, state, items, total_fen, recipients, generated_at, generated_by) \
                 SELECT county_code || '-' || CAST($1 AS TEXT) || '-1', county_code, substr(county_code, 1, 4), $1, 1, 'sent', COUNT(*), \
                 CAST(SUM(monthly_fen) AS BIGINT), COUNT(*), '2000-01-01T00:00:00Z', 'bench' FROM pensions GROUP BY county_code",
            )
            .bind(m)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO payroll_items (id, batch_id, pension_id, month, amount_fen, name, bank_card, status, kind, id_number) \
                 SELECT p.county_code || '-' || CAST($1 AS TEXT) || '-' || p.id, p.county_code || '-' || CAST($1 AS TEXT) || '-1', p.id, $1, \
                 p.monthly_fen, 'bench', '6222', 'paid', 'monthly', p.id_number FROM pensions p",
            )
            .bind(m)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO certifications (id, pension_id, method, certified_on, source, at, by_actor) \
             SELECT 'bench-' || id, id, 'data', $1, 'bench', '2000-01-01T00:00:00Z', 'bench' FROM pensions WHERE CAST(substr(id_number, 16, 1) AS BIGINT) <> 0",
        )
        .bind((today - chrono::Duration::days(40)).to_string())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE pensions SET last_certified_on = (SELECT MAX(c.certified_on) FROM certifications c WHERE c.pension_id = pensions.id)")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        println!("set up 12 months of payroll in {:.1} s (not measured)", t.elapsed().as_secs_f64());
    }
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM insured_persons), (SELECT COUNT(*) FROM pensions), (SELECT COUNT(*) FROM payroll_items), (SELECT COUNT(*) FROM cases)",
    )
    .fetch_one(db.pool())
    .await?;
    println!("insured {}, pensions {}, payroll lines {}, cases {} ({:?})", counts.0, counts.1, counts.2, counts.3, db.engine());
    let league: String =
        sqlx::query_scalar("SELECT substr(village_code, 1, 4) FROM insured_persons GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1").fetch_one(db.pool()).await?;
    let county: String =
        sqlx::query_scalar("SELECT substr(village_code, 1, 6) FROM insured_persons GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1").fetch_one(db.pool()).await?;
    for (who, caller) in
        [(format!("auditor of {league}"), clerk(Role::Auditor, &league)?), (format!("county clerk of {county}"), clerk(Role::CountyClerk, &county)?)]
    {
        let mut times = Vec::with_capacity(iterations);
        let mut total = 0;
        for _ in 0..iterations.max(1) {
            let t = Instant::now();
            let d = statistics::dashboard(&state, &caller, None).await?;
            times.push(t.elapsed());
            total = d.insured_total;
        }
        println!("dashboard, {who} ({total} insured): {}", summary(times));
    }
    Ok(())
}
