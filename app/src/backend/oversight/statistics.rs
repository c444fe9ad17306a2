//! Statistics (S1; 规程第九章): the staff dashboard's figures over the
//! viewer's jurisdiction (or a place within it), each traceable to the
//! records it counts, and the same figures as CSV.
//!
//! A figure and its drill-down share one SQL condition (`Figure::filter`),
//! so the records listed are exactly the ones counted. The time-based
//! figures cover the last twelve months.
//!
//! - insured: people enrolled and neither deregistered nor transferred
//!   out, by league, county, age band (by year of birth: the registry's
//!   birth date, else the ID number's) and current tier;
//! - enrolments by the month of enrolment (everyone enrolled then);
//! - payroll by month: the people and the amount of the month's first run
//!   as sent to the bank (reissues of failed lines are not counted again);
//! - case deadlines of the cases received: decided by the end of the
//!   deadline day (China time) or after it, overdue (open past it), open,
//!   returned to the applicant, withdrawn;
//! - certification: pensions in payment with a certification of
//!   entitlement (any method) in the last twelve months.

use crate::backend::identity::auth::Caller;
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use chrono::{Datelike, Months, NaiveDate};
use domain::benefit::Month;
use domain::{DivisionCode, Role, Yuan};
use serde::Serialize;
use sqlx::Row;

pub const READERS: &[Role] = &[Role::TownshipClerk, Role::CountyClerk, Role::LeagueFundOfficer, Role::Auditor];

/// Insured now: enrolled, not deregistered, not transferred out.
const INSURED: &str = "deregistered_on IS NULL AND transferred_out_on IS NULL";

fn birth_year() -> &'static str {
    "COALESCE(CAST(COALESCE(substr(birth_date, 1, 4), CASE WHEN id_kind = 'resident_id' THEN substr(id_number, 7, 4) END) AS BIGINT), 0)"
}

/// The age bands by age at the end of the year: (key, label, from, to).
/// Birth year 0: not known.
const AGE_BANDS: [(&str, &str, i32, i32); 5] = [
    ("16-29", "16–29 岁", 0, 29),
    ("30-44", "30–44 岁", 30, 44),
    ("45-59", "45–59 岁", 45, 59),
    ("60+", "60 岁及以上", 60, 200),
    ("unknown", "出生日期不详", -1, -1),
];

fn band_of(year: i32, birth_year: i64) -> &'static str {
    if birth_year == 0 {
        return "unknown";
    }
    let age = year - birth_year as i32;
    AGE_BANDS.iter().find(|b| b.2 <= age && age <= b.3).map_or("16-29", |b| b.0)
}

/// The birth years of a band in `year` (both ends included).
fn band_years(year: i32, key: &str) -> Option<(i64, i64)> {
    let b = AGE_BANDS.iter().find(|b| b.0 == key)?;
    Some(if b.0 == "unknown" {
        (0, 0)
    } else if b.2 == 0 {
        (i64::from(year - b.3), 9999)
    } else {
        (i64::from(year - b.3), i64::from(year - b.2))
    })
}

/// Where a case stands against its deadline, `today` the business day.
fn deadline_state(today: NaiveDate) -> String {
    format!(
        "CASE WHEN state IN ('approved', 'terminated') THEN CASE WHEN updated_at < deadline || 'T16:00:00Z' THEN 'met' ELSE 'missed' END \
         WHEN state = 'withdrawn' THEN 'withdrawn' WHEN state = 'returned' THEN 'returned' \
         WHEN deadline < '{today}' THEN 'overdue' ELSE 'open' END"
    )
}

const DEADLINE_STATES: [(&str, &str); 6] =
    [("met", "按时办结"), ("missed", "超时办结"), ("overdue", "超时未办结"), ("open", "办理中（未超时）"), ("returned", "退回补正"), ("withdrawn", "已撤回")];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Bar {
    /// The key to drill down with (`figure` + `key`).
    pub key: String,
    pub label: String,
    pub count: i64,
    /// Yuan, for money figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// The place the figures cover (the viewer's jurisdiction or a place in it).
    pub place: String,
    pub place_label: String,
    pub as_of: String,
    pub insured_total: i64,
    pub insured_by_league: Vec<Bar>,
    pub insured_by_county: Vec<Bar>,
    pub insured_by_age: Vec<Bar>,
    pub insured_by_tier: Vec<Bar>,
    pub enrolments_by_month: Vec<Bar>,
    /// People and amount of each month's payroll (first run, sent); empty
    /// for a township (payrolls and pensions are kept by county).
    pub payroll_by_month: Vec<Bar>,
    pub deadlines: Vec<Bar>,
    /// certified, not_certified.
    pub certification: Vec<Bar>,
    /// Certified share of the pensions in payment, e.g. "87.5%".
    pub certification_rate: String,
}

/// The place the figures are for: `place` if given (within the viewer's
/// jurisdiction), else the jurisdiction.
fn scope(caller: &Caller, place: Option<&str>) -> AppResult<DivisionCode> {
    let p = caller.staff_with(READERS)?;
    let own = p.jurisdiction.clone().ok_or_else(|| AppError::new(ErrorCode::Forbidden, msg::statistics_no_jurisdiction()))?;
    match place.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(own),
        Some(code) => {
            let place = DivisionCode::parse(code).map_err(AppError::invalid)?;
            if !p.covers(&place) {
                return Err(AppError::new(ErrorCode::Forbidden, msg::statistics_only_own_jurisdiction()));
            }
            if place.as_str().len() > 9 {
                return Err(AppError::invalid(msg::statistics_invalid_area_code()));
            }
            Ok(place)
        }
    }
}

async fn names(state: &AppState, codes: &[String]) -> AppResult<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT code, name FROM divisions WHERE length(code) <= 6").fetch_all(state.db.pool()).await?;
    Ok(rows.into_iter().filter(|(c, _)| codes.contains(c)).collect())
}

/// The first month of the twelve that end with `today`'s.
fn window(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("a real day").checked_sub_months(Months::new(11)).expect("a real day")
}

fn months(today: NaiveDate) -> Vec<String> {
    (0..12).map(|i| window(today).checked_add_months(Months::new(i)).expect("a real day").format("%Y-%m").to_string()).collect()
}

/// S1: the dashboard of the caller's jurisdiction, or of `place` in it.
pub async fn dashboard(state: &AppState, caller: &Caller, place: Option<&str>) -> AppResult<Dashboard> {
    let place = scope(caller, place)?;
    let today = state.today();
    let like = format!("{}%", place.as_str());
    let db = state.db.pool();
    let since = window(today);
    let insured =
        sqlx::query_as::<_, (String, String, i64, i64)>("SELECT township_code, tier, birth_year, n FROM insured_counts WHERE township_code LIKE $1 AND n <> 0")
            .bind(&like)
            .fetch_all(db);
    let enrolled = sqlx::query_as::<_, (String, i64)>(
        "SELECT substr(enrolled_on, 1, 7), COUNT(*) FROM insured_persons WHERE village_code LIKE $1 AND enrolled_on >= $2 GROUP BY 1",
    )
    .bind(&like)
    .bind(since.to_string())
    .fetch_all(db);
    let payroll = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT month, CAST(SUM(recipients) AS BIGINT), CAST(SUM(total_fen) AS BIGINT) FROM payroll_batches \
         WHERE run = 1 AND state = 'sent' AND county_code LIKE $1 AND month >= $2 AND month <= $3 GROUP BY month",
    )
    .bind(&like)
    .bind(Month::of(since).0)
    .bind(Month::of(today).0)
    .fetch_all(db);
    let deadlines_sql = format!("SELECT {} AS s, COUNT(*) FROM cases WHERE jurisdiction LIKE $1 AND received_on >= $2 GROUP BY 1", deadline_state(today));
    let deadlines = sqlx::query_as::<_, (String, i64)>(&deadlines_sql).bind(&like).bind(since.to_string()).fetch_all(db);
    let certified = sqlx::query_as::<_, (i64, i64)>(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN last_certified_on > $2 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM pensions \
         WHERE status = 'active' AND county_code LIKE $1",
    )
    .bind(&like)
    .bind(year_before(today).to_string())
    .fetch_one(db);
    // The five read at once, each on a connection of its own.
    let (insured, enrolled, payroll, deadlines, certified) = tokio::try_join!(insured, enrolled, payroll, deadlines, certified)?;

    let mut counties: std::collections::BTreeMap<String, i64> = Default::default();
    let mut leagues: std::collections::BTreeMap<String, i64> = Default::default();
    let mut tiers: std::collections::BTreeMap<i64, (String, i64)> = Default::default();
    let mut bands: std::collections::HashMap<String, i64> = Default::default();
    let mut total = 0;
    for (township, tier, birth, n) in &insured {
        total += n;
        let county = &township[..6.min(township.len())];
        *leagues.entry(county[..4.min(county.len())].to_owned()).or_default() += n;
        *counties.entry(county.to_owned()).or_default() += n;
        let order = Yuan::parse(tier).map_or(i64::MAX, Yuan::fen);
        tiers.entry(order).or_insert_with(|| (tier.clone(), 0)).1 += n;
        *bands.entry(band_of(today.year(), *birth).to_owned()).or_default() += n;
    }
    let codes: Vec<String> = leagues.keys().chain(counties.keys()).cloned().chain([place.as_str().to_owned()]).collect();
    let names = names(state, &codes).await?;
    let label = |c: &str| names.get(c).cloned().unwrap_or_else(|| c.to_owned());
    let bar = |key: String, label: String, count: i64| Bar { key, label, count, amount: None };
    let enrol_map: std::collections::HashMap<String, i64> = enrolled.into_iter().collect();
    let payroll_by_month = months(today)
        .into_iter()
        .map(|m| {
            let month = Month::parse(&m).expect("our own month");
            let (n, fen) = payroll.iter().find(|p| p.0 == month.0).map_or((0, 0), |p| (p.1, p.2));
            Bar { key: m.clone(), label: m, count: n, amount: Some(Yuan::from_fen(fen).to_string()) }
        })
        .collect();
    let (pensions, with) = certified;
    // Pensions and payrolls are kept by county: a township sees neither.
    let by_county = place.as_str().len() <= 6;
    Ok(Dashboard {
        place: place.as_str().to_owned(),
        place_label: label(place.as_str()),
        as_of: today.to_string(),
        insured_total: total,
        insured_by_league: leagues.into_iter().map(|(c, n)| bar(c.clone(), label(&c), n)).collect(),
        insured_by_county: counties.into_iter().map(|(c, n)| bar(c.clone(), label(&c), n)).collect(),
        insured_by_age: AGE_BANDS.iter().map(|(k, l, ..)| bar((*k).into(), (*l).into(), bands.get(*k).copied().unwrap_or(0))).collect(),
        insured_by_tier: tiers.into_values().map(|(t, n)| bar(t.clone(), format!("{t} 元档"), n)).collect(),
        enrolments_by_month: months(today).into_iter().map(|m| bar(m.clone(), m.clone(), enrol_map.get(&m).copied().unwrap_or(0))).collect(),
        payroll_by_month: if by_county { payroll_by_month } else { vec![] },
        deadlines: DEADLINE_STATES.iter().map(|(k, l)| bar((*k).into(), (*l).into(), deadlines.iter().find(|d| d.0 == *k).map_or(0, |d| d.1))).collect(),
        certification: if by_county {
            vec![bar("certified".into(), "已认证".into(), with), bar("not_certified".into(), "未认证".into(), pensions - with)]
        } else {
            vec![]
        },
        certification_rate: if by_county { rate(with, pensions) } else { "—".into() },
    })
}

fn year_before(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(12)).expect("a real day")
}

/// A share as a percentage with one decimal, rounded half up, in integers.
fn rate(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "—".into();
    }
    let tenths = (part * 1000 * 2 + whole) / (whole * 2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Records {
    pub figure: String,
    pub key: String,
    /// How many records the figure counts (all of them, not only those listed).
    pub total: i64,
    /// The first `limit` of them, people masked.
    pub records: Vec<RecordRow>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecordRow {
    pub person: String,
    pub name: String,
    pub place: String,
    /// What the record is (tier, enrolment day, case, amount…).
    pub detail: String,
}

/// The records behind one figure: a query of `id_kind, id_number, name,
/// place, detail`. `$1` is the place prefix, `$2` the key.
fn figure_sql(figure: &str, key: &str, today: NaiveDate) -> Option<String> {
    let insured = |cond: &str| format!("FROM insured_persons WHERE {INSURED} AND village_code LIKE $1 AND {cond}");
    let person_cols = "id_kind, id_number, name, village_code AS place, tier AS detail";
    Some(match figure {
        "league" => format!("SELECT {person_cols} {}", insured("substr(village_code, 1, 4) = $2")),
        "county" => format!("SELECT {person_cols} {}", insured("substr(village_code, 1, 6) = $2")),
        "age" => {
            let (from, to) = band_years(today.year(), key)?;
            format!("SELECT {person_cols} {}", insured(&format!("{} BETWEEN {from} AND {to} AND $2 <> ''", birth_year())))
        }
        "tier" => format!("SELECT {person_cols} {}", insured("tier = $2")),
        "enrolled" => "SELECT id_kind, id_number, name, village_code AS place, enrolled_on AS detail FROM insured_persons \
             WHERE village_code LIKE $1 AND substr(enrolled_on, 1, 7) = $2"
            .into(),
        "paid" => {
            "SELECT DISTINCT COALESCE(i.pension_id, i.case_id) AS k, 'resident_id' AS id_kind, i.id_number, i.name, b.county_code AS place, b.id AS detail \
             FROM payroll_items i JOIN payroll_batches b ON b.id = i.batch_id \
             WHERE b.run = 1 AND b.state = 'sent' AND b.county_code LIKE $1 AND CAST(b.month AS TEXT) = $2"
                .into()
        }
        "deadline" => format!(
            "SELECT person_id_kind AS id_kind, person_id_number AS id_number, person_name AS name, jurisdiction AS place, \
                 id || ' ' || case_type || ' 时限 ' || deadline AS detail FROM cases WHERE jurisdiction LIKE $1 AND received_on >= '{}' AND {} = $2",
            window(today),
            deadline_state(today)
        ),
        "certification" => format!(
            "SELECT p.id_kind, p.id_number, i.name, p.county_code AS place, p.id AS detail FROM pensions p \
                 JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
                 WHERE p.status = 'active' AND p.county_code LIKE $1 \
                 AND (CASE WHEN p.last_certified_on > '{}' THEN 'certified' ELSE 'not_certified' END) = $2",
            year_before(today)
        ),
        _ => return None,
    })
}

/// S1: the records one figure counts (within the caller's jurisdiction or
/// `place`), the first `limit` listed, people masked; the view is recorded.
pub async fn records(state: &AppState, caller: &Caller, place: Option<&str>, figure: &str, key: &str, limit: i64) -> AppResult<Records> {
    let place = scope(caller, place)?;
    let today = state.today();
    let sql = figure_sql(figure, key.trim(), today).ok_or_else(|| AppError::invalid(msg::statistics_unknown_figure()))?;
    let key = key.trim();
    let key_arg = if figure == "paid" {
        Month::parse(key).ok_or_else(|| AppError::invalid(msg::statistics_month_format_example()))?.0.to_string()
    } else {
        key.to_owned()
    };
    let like = format!("{}%", place.as_str());
    let db = state.db.pool();
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({sql}) AS f")).bind(&like).bind(&key_arg).fetch_one(db).await?;
    let rows = sqlx::query(&format!("SELECT * FROM ({sql}) AS f ORDER BY place, id_number LIMIT {}", limit.clamp(1, 1000)))
        .bind(&like)
        .bind(&key_arg)
        .fetch_all(db)
        .await?;
    let records = rows
        .iter()
        .map(|r| {
            let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
            Ok(RecordRow {
                person: crate::backend::cases::engine::masked(&s("id_kind")?, &s("id_number")?),
                name: crate::backend::money::statements::mask_name(&s("name")?),
                place: s("place")?,
                detail: s("detail")?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let mut entry = caller.audit("statistics.records", Some(format!("{figure}:{key}")));
    entry.after = Some(serde_json::json!({ "place": place.as_str(), "total": total, "listed": records.len() }).to_string());
    audit::record(&state.db, entry).await?;
    Ok(Records { figure: figure.to_owned(), key: key.to_owned(), total, records })
}

/// S1: the dashboard as CSV (UTF-8 with BOM, for spreadsheets): one line
/// per figure and group; text fields neutralised against formula injection.
pub async fn csv(state: &AppState, caller: &Caller, place: Option<&str>) -> AppResult<String> {
    let d = dashboard(state, caller, place).await?;
    let f = crate::backend::infra::exports::csv_cell;
    let mut out = String::from("\u{feff}统计范围,指标,分组,代码,人数,金额\n");
    let sections: [(&str, &str, &Vec<Bar>); 8] = [
        ("league", "参保人数（按盟市）", &d.insured_by_league),
        ("county", "参保人数（按旗县）", &d.insured_by_county),
        ("age", "参保人数（按年龄段）", &d.insured_by_age),
        ("tier", "参保人数（按缴费档次）", &d.insured_by_tier),
        ("enrolled", "新增参保（按月）", &d.enrolments_by_month),
        ("paid", "待遇发放（按月）", &d.payroll_by_month),
        ("deadline", "办理时限", &d.deadlines),
        ("certification", "待遇领取资格认证", &d.certification),
    ];
    for (_, title, bars) in sections {
        for b in bars {
            out.push_str(&format!("{},{},{},{},{},{}\n", f(&d.place_label), f(title), f(&b.label), f(&b.key), b.count, b.amount.as_deref().unwrap_or("")));
        }
    }
    out.push_str(&format!(
        "{},{},{},,{},\n",
        f(&d.place_label),
        f("资格认证率"),
        f(&d.certification_rate),
        d.certification.iter().map(|b| b.count).sum::<i64>()
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_rounded_half_up_to_a_tenth() {
        assert_eq!(rate(7, 8), "87.5%");
        assert_eq!(rate(1, 3), "33.3%");
        assert_eq!(rate(2, 3), "66.7%");
        assert_eq!(rate(0, 0), "—");
        assert_eq!(rate(5, 5), "100.0%");
    }

    #[test]
    fn twelve_months_end_with_this_one() {
        let m = months(NaiveDate::from_ymd_opt(2025, 6, 2).unwrap());
        assert_eq!((m.len(), m[0].as_str(), m[11].as_str()), (12, "2024-07", "2025-06"));
    }
}
