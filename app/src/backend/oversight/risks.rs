//! Internal audit's risk lists (稽核, S3): data comparison between what
//! was paid and what other agencies' data and our own records say. Each
//! list is one query; auditors read them (masked, within their
//! jurisdiction), and every reading is in the audit trail. The lists
//! change nothing: a finding is followed up through the business
//! operations (an overpayment, a suspension, a correction).
//!
//! The last list proves a rule rather than looking for fraud: no case
//! step was decided by someone who handled an earlier step of the same
//! round or filed the case (`cases::decision_right` refuses it); the list
//! re-derives that from the stored events and is empty unless someone
//! wrote to the database behind the system's back.

use crate::backend::identity::auth::Caller;
use crate::backend::{AppState, cases::engine as cases, infra::audit, infra::reference};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::{RiskFinding, RiskList};
use chrono::NaiveDate;
use domain::{DivisionCode, DivisionLevel, Role, Yuan};
use sqlx::Row;

/// The month number (year × 12 + month − 1, as payroll items store it) of
/// a `YYYY-MM-DD` column, in SQL both engines run.
fn month_of(column: &str) -> String {
    format!("(CAST(substr({column}, 1, 4) AS BIGINT) * 12 + CAST(substr({column}, 6, 2) AS BIGINT) - 1)")
}

/// `YYYY-MM` of a stored month number.
fn month_label(month: i64) -> String {
    format!("{}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// The lists, in the order the page shows them: code, title, rule.
pub const LISTS: &[(&str, &str, &str)] = &[
    ("paid_after_death", "死亡后仍发放待遇", "户籍死亡记录、死亡注销或冒领登记的死亡日期之后的月份，仍有已发出或已支付的养老金"),
    ("shared_bank_card", "多名领取人共用一张银行卡", "两名以上未终止待遇的领取人员登记了同一张银行卡"),
    ("paid_in_custody", "服刑在押期间发放待遇", "司法部门在押人员名单中的人员，收押当月之后的月份仍有已发出或已支付的养老金"),
    ("other_scheme", "同时享受其他基本养老保险", "其他基本养老保险参保名单中的人员，本保险待遇未终止"),
    ("subsidy_over_cap", "集体补助和社会资助超过上限", "同一人同一年度的集体补助与社会资助合计超过该年度最高缴费档次"),
    ("self_reviewed", "经办人审核本人经办的业务", "同一申请中，作出审核决定的人员办理过本轮前一环节或代为提交了申请（系统禁止，本清单应为空）"),
];

struct Raw {
    subject: String,
    name: String,
    place: String,
    detail: String,
    fen: i64,
}

async fn rows(state: &AppState, sql: &str, detail: impl Fn(&sqlx::any::AnyRow) -> Result<(String, i64), sqlx::Error>) -> AppResult<Vec<Raw>> {
    let rows = sqlx::query(sql).fetch_all(state.db.pool()).await?;
    rows.iter()
        .map(|r| {
            let (detail, fen) = detail(r)?;
            Ok(Raw {
                subject: cases::masked(&r.try_get::<String, _>("id_kind")?, &r.try_get::<String, _>("id_number")?),
                name: r.try_get("name")?,
                place: r.try_get("place")?,
                detail,
                fen,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::internal)
}

/// Items paid for months after the one that ended entitlement (`limit`:
/// a query of id_kind, id_number, day).
fn paid_after(limit: &str) -> String {
    format!(
        "SELECT p.id_kind, p.id_number, i.name, p.county_code AS place, l.day, COUNT(*) AS months, \
         CAST(SUM(t.amount_fen) AS BIGINT) AS fen, MIN(t.month) AS first_month \
         FROM ({limit}) l JOIN pensions p ON p.id_kind = l.id_kind AND p.id_number = l.id_number \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         JOIN payroll_items t ON t.pension_id = p.id \
         WHERE t.kind = 'monthly' AND t.status IN ('sent', 'paid') AND t.month > {} \
         GROUP BY p.id_kind, p.id_number, i.name, p.county_code, l.day ORDER BY p.county_code, p.id_number",
        month_of("l.day")
    )
}

fn paid_detail(what: &'static str) -> impl Fn(&sqlx::any::AnyRow) -> Result<(String, i64), sqlx::Error> {
    move |r| {
        let fen: i64 = r.try_get("fen")?;
        let months: i64 = r.try_get("months")?;
        let day: String = r.try_get("day")?;
        let from = month_label(r.try_get("first_month")?);
        Ok((format!("{what} {day}，{from} 起仍发放 {months} 个月，共 {} 元", Yuan::from_fen(fen)), fen))
    }
}

async fn find(state: &AppState, code: &str) -> AppResult<Vec<Raw>> {
    match code {
        "paid_after_death" => {
            let deaths = "SELECT id_kind, id_number, MIN(day) AS day FROM (\
                 SELECT id_kind, id_number, death_date AS day FROM registry_persons WHERE death_date IS NOT NULL AND death_date <> '' \
                 UNION ALL SELECT id_kind, id_number, event_date FROM settlements WHERE ground = 'death' \
                 UNION ALL SELECT p.id_kind, p.id_number, o.event_date FROM overpayments o JOIN pensions p ON p.id = o.pension_id WHERE o.ground = 'death'\
                 ) d GROUP BY id_kind, id_number";
            rows(state, &paid_after(deaths), paid_detail("死亡日期")).await
        }
        "paid_in_custody" => rows(state, &paid_after("SELECT id_kind, id_number, since AS day FROM custody_list"), paid_detail("收押日期")).await,
        "shared_bank_card" => {
            let live = "FROM pensions q JOIN insured_persons j ON j.id_kind = q.id_kind AND j.id_number = q.id_number \
                        WHERE q.status <> 'stopped' AND j.bank_card IS NOT NULL AND j.bank_card <> ''";
            let sql = format!(
                "SELECT j.id_kind, j.id_number, j.name, q.county_code AS place, j.bank_card, q.monthly_fen, s.holders \
                 FROM pensions q JOIN insured_persons j ON j.id_kind = q.id_kind AND j.id_number = q.id_number \
                 JOIN (SELECT j.bank_card AS card, COUNT(*) AS holders {live} GROUP BY j.bank_card HAVING COUNT(*) > 1) s ON s.card = j.bank_card \
                 WHERE q.status <> 'stopped' ORDER BY j.bank_card, j.id_number"
            );
            rows(state, &sql, |r| {
                let card: String = r.try_get("bank_card")?;
                let holders: i64 = r.try_get("holders")?;
                let fen: i64 = r.try_get("monthly_fen")?;
                Ok((format!("银行卡 {} 共 {holders} 名领取人，本人月养老金 {} 元", domain::id_number::mask_card(&card), Yuan::from_fen(fen)), fen))
            })
            .await
        }
        "other_scheme" => {
            let sql = "SELECT p.id_kind, p.id_number, i.name, p.county_code AS place, o.scheme, p.monthly_fen, p.status \
                       FROM other_scheme_insured o JOIN pensions p ON p.id_kind = o.id_kind AND p.id_number = o.id_number \
                       JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
                       WHERE p.status <> 'stopped' ORDER BY p.county_code, p.id_number";
            rows(state, sql, |r| {
                let scheme: String = r.try_get("scheme")?;
                let fen: i64 = r.try_get("monthly_fen")?;
                let status = if r.try_get::<String, _>("status")? == "active" { "正常发放" } else { "暂停发放" };
                Ok((format!("参加{scheme}；本保险待遇{status}，月养老金 {} 元", Yuan::from_fen(fen)), fen))
            })
            .await
        }
        "subsidy_over_cap" => subsidies_over_cap(state).await,
        "self_reviewed" => {
            let sql = "SELECT c.id, c.person_name AS name, c.jurisdiction AS place, c.case_type, d.seq, d.actor_name, d.event \
                 FROM case_events d JOIN cases c ON c.id = d.case_id \
                 WHERE d.event IN ('approve', 'return', 'terminate') AND ( \
                   c.assisted_by = d.actor \
                   OR EXISTS (SELECT 1 FROM case_events h WHERE h.case_id = d.case_id AND h.event = 'approve' AND h.actor = d.actor AND h.seq < d.seq \
                     AND h.seq > (SELECT COALESCE(MAX(s.seq), 0) FROM case_events s WHERE s.case_id = d.case_id AND s.event IN ('submit', 'resubmit') AND s.seq < d.seq))) \
                 ORDER BY c.id, d.seq";
            let rows = sqlx::query(sql).fetch_all(state.db.pool()).await?;
            rows.iter()
                .map(|r| {
                    let case_type: String = r.try_get("case_type")?;
                    let label = domain::case::CaseType::parse(&case_type).map_or(case_type.clone(), |t| t.label().to_owned());
                    Ok(Raw {
                        subject: r.try_get("id")?,
                        name: r.try_get("name")?,
                        place: r.try_get("place")?,
                        detail: format!(
                            "{label}：第 {} 项记录由{}作出“{}”，其本人经办过前一环节或代为提交",
                            r.try_get::<i64, _>("seq")?,
                            r.try_get::<String, _>("actor_name")?,
                            r.try_get::<String, _>("event")?
                        ),
                        fen: 0,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(AppError::internal)
        }
        _ => Err(AppError::not_found(msg::risks_list_not_found())),
    }
}

/// Collective subsidies and donations of one person and year above the
/// cap of that year (the highest tier in force at its end, or today).
async fn subsidies_over_cap(state: &AppState) -> AppResult<Vec<Raw>> {
    let years: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT year FROM tax_payments WHERE collective_fen + donation_fen > 0 ORDER BY year").fetch_all(state.db.pool()).await?;
    let today = state.today();
    let mut out = Vec::new();
    for year in years {
        let Some(end) = i32::try_from(year).ok().and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)) else { continue };
        let Ok(policy) = reference::policy_on(state.db.pool(), end.min(today)).await else { continue };
        let cap = policy.collective_cap().fen();
        let rows = sqlx::query(
            "SELECT a.id_kind, a.id_number, i.name, i.village_code AS place, CAST(SUM(t.collective_fen + t.donation_fen) AS BIGINT) AS fen \
             FROM tax_payments t JOIN personal_accounts a ON a.id = t.account_id \
             JOIN insured_persons i ON i.id_kind = a.id_kind AND i.id_number = a.id_number \
             WHERE t.year = $1 GROUP BY a.id_kind, a.id_number, i.name, i.village_code \
             HAVING SUM(t.collective_fen + t.donation_fen) > $2 ORDER BY i.village_code, a.id_number",
        )
        .bind(year)
        .bind(cap)
        .fetch_all(state.db.pool())
        .await?;
        for r in &rows {
            let raw = (|| -> Result<Raw, sqlx::Error> {
                let fen: i64 = r.try_get("fen")?;
                Ok(Raw {
                    subject: cases::masked(&r.try_get::<String, _>("id_kind")?, &r.try_get::<String, _>("id_number")?),
                    name: r.try_get("name")?,
                    place: r.try_get("place")?,
                    detail: format!("{year} 年度合计 {} 元，上限 {} 元，超出 {} 元", Yuan::from_fen(fen), Yuan::from_fen(cap), Yuan::from_fen(fen - cap)),
                    fen: fen - cap,
                })
            })()?;
            out.push(raw);
        }
    }
    Ok(out)
}

/// The lists (all, or the one named), with the findings inside the
/// auditor's jurisdiction. Every reading is recorded.
pub async fn lists(state: &AppState, caller: &Caller, only: Option<&str>) -> AppResult<Vec<RiskList>> {
    let p = caller.staff_with(&[Role::Auditor])?;
    if let Some(code) = only
        && !LISTS.iter().any(|(c, _, _)| *c == code)
    {
        return Err(AppError::not_found(msg::risks_list_not_found()));
    }
    let mut out = Vec::new();
    for (code, title, rule) in LISTS.iter().filter(|(c, _, _)| only.is_none_or(|o| o == *c)) {
        let findings = find(state, code)
            .await?
            .into_iter()
            .filter_map(|r| {
                let place = DivisionCode::parse(&r.place).ok()?;
                p.covers(&place).then(|| RiskFinding {
                    subject: r.subject,
                    name: r.name,
                    county: place.at_level(DivisionLevel::County).map_or(r.place, |c| c.as_str().to_owned()),
                    detail: r.detail,
                    amount: Yuan::from_fen(r.fen).to_string(),
                })
            })
            .collect();
        out.push(RiskList { code: (*code).to_owned(), title: (*title).to_owned(), rule: (*rule).to_owned(), findings });
    }
    let mut entry = caller.audit("risk.lists", only.map(str::to_owned));
    entry.after = Some(serde_json::json!(out.iter().map(|l| (l.code.clone(), l.findings.len())).collect::<Vec<_>>()).to_string());
    audit::record(&state.db, entry).await?;
    Ok(out)
}
