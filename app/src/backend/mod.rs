//! Server-only services and persistence. Server functions and the JSON API
//! call these; nothing here renders.

pub mod audit;
pub mod db;
pub mod demo;
pub mod http;
pub mod reference;
pub mod registry;

use crate::error::{AppError, AppResult};
use chrono::{FixedOffset, NaiveDate, Utc};
use db::Db;
use leptos::prelude::{LeptosOptions, use_context};

/// What every request handler can reach. Built once in `server`.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// Fixes "today" for demos and tests; `None` uses the clock.
    pub today_override: Option<NaiveDate>,
}

impl AppState {
    /// Today in China Standard Time (UTC+8, no daylight saving), the date
    /// that deadlines, policy and eligibility are judged by.
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(|| {
            let cst = FixedOffset::east_opt(8 * 3600).expect("valid offset");
            Utc::now().with_timezone(&cst).date_naive()
        })
    }
}

/// The state, inside a server function.
pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
