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
