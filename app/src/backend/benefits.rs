//! The pension claim (B1, B3) through the case engine: 初审 (township),
//! 复核 and 审核 (county), within 20 working days. At filing the person must
//! have reached pension age, be insured, not already receive this pension
//! or another basic pension (the imported other-scheme list), and have the
//! minimum contribution years; the amount is determined then as an
//! estimate and again at approval from the ledger as it is
//! (`domain::benefit::determine`). Approval opens the pension, paid from
//! the month after the person reached pension age by the county payroll.

use super::auth::{Caller, new_id, now, ts};
use super::cases::{self, NewCase, Stored};
use super::documents::Upload;
use super::{AppState, reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{BenefitClaimForm, PensionPayment, PensionView};
use chrono::NaiveDate;
use domain::benefit::{self, Determination, Month};
use domain::case::CaseType;
use domain::{DivisionCode, DivisionLevel, DocumentNumber, Yuan};
use sqlx::{Any, Row, Transaction};

/// What the records say of a claimant, inside `tx`.
struct Claimant {
    name: String,
    village: DivisionCode,
    account: String,
    bank_card: Option<String>,
    determination: Determination,
}

async fn claimant(state: &AppState, tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<Claimant> {
    let row: Option<(String, String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT i.name, i.village_code, i.birth_date, a.id, i.bank_card FROM insured_persons i \
         JOIN personal_accounts a ON a.id_kind = i.id_kind AND a.id_number = i.id_number WHERE i.id_kind = $1 AND i.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    let (name, village, birth, account, bank_card) = row.ok_or_else(|| AppError::invalid("尚未参保：请先办理参保登记"))?;
    let birth = birth
        .as_deref()
        .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
        .ok_or_else(|| AppError::invalid("登记信息缺少出生日期，请先到经办窗口补正"))?;
    let receiving: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE account_id = $1")
        .bind(&account)
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    if receiving.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "已核定养老金待遇，不需再申领：可在“我的养老金”查看"));
    }
    let other: Option<String> = sqlx::query_scalar("SELECT scheme FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    if let Some(scheme) = other {
        return Err(AppError::new(ErrorCode::Conflict, format!("已领取或参加{scheme}，不能重复领取基本养老金；如有疑问请到旗县社保经办机构核实")));
    }
    let policy = reference::policy_on(&state.db, state.today()).await?;
    benefit::check_age(birth, state.today(), &policy).map_err(AppError::invalid)?;
    let (years, balance): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(DISTINCT year) FROM account_entries WHERE account_id = $1 AND kind = 'personal'), \
         (SELECT COALESCE(CAST(SUM(amount_fen) AS BIGINT), 0) FROM account_entries WHERE account_id = $1)",
    )
    .bind(&account)
    .fetch_one(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    let first = benefit::Month::of(benefit::reaches_age(birth, policy.pension_age)).next();
    let policy = reference::policy_on(&state.db, first.first_day()).await?;
    let determination = benefit::determine(birth, years as u32, Yuan::from_fen(balance), &policy).map_err(AppError::invalid)?;
    Ok(Claimant { name, village: DivisionCode::parse(&village).map_err(AppError::internal)?, account, bank_card, determination })
}

fn figures(d: &Determination) -> serde_json::Value {
    serde_json::json!({
        "first_month": d.first_month.to_string(), "age": d.age_at_first_payment, "years": d.contribution_years,
        "balance": d.balance.to_string(), "divisor": d.divisor, "basic": d.basic.to_string(), "account": d.account.to_string(),
        "extra": d.extra.to_string(), "monthly": d.monthly.to_string(),
    })
}

/// Files a claim; the id of the case.
pub async fn submit(state: &AppState, caller: &Caller, form: &BenefitClaimForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let given: String = form.bank_card.chars().filter(|c| !c.is_whitespace()).collect();
    let card = if given.is_empty() { None } else { Some(cases::bank_card(&given)?) };
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    let deadline = cases::deadline_for(state, CaseType::BenefitClaim).await?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let c = claimant(state, &mut tx, &filing.person).await?;
    if filing.applicant_kind == "staff" && !p.covers(&c.village) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能为本辖区参保人员代为申请"));
    }
    let card = card.or(c.bank_card.clone()).ok_or_else(|| AppError::invalid("请填写领取养老金的银行卡号"))?;
    cases::refuse_open(&mut tx, CaseType::BenefitClaim, &filing.person).await?;
    let mut form_json = figures(&c.determination);
    form_json["bank_card"] = card.into();
    form_json["confirmation"] = confirmation.into();
    let monthly = c.determination.monthly;
    let new = NewCase { case_type: CaseType::BenefitClaim, filing: &filing, person_name: &c.name, place: &c.village, form: form_json, deadline };
    let after = serde_json::json!({ "estimated_monthly": monthly.to_string() });
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, after).await?;
    tx.commit().await.map_err(AppError::internal)?;
    cases::mail_person(state, &filing.person, "养老金申领已受理", &format!("您的养老金申领已受理，预计每月 {monthly} 元（以核定为准），办理时限至 {deadline}。")).await;
    Ok(id)
}

/// Approval: the amount determined again from the ledger as it is now,
/// the pension opened with its start recorded (what explains its first
/// payroll), the bank card kept for the payroll.
pub(super) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    let who = claimant(state, tx, &c.person).await.map_err(|e| AppError::invalid(format!("已不符合领取条件：{}；请终止本件并写明理由", e.message)))?;
    let d = &who.determination;
    let card = c.form["bank_card"].as_str().unwrap_or_default().to_owned();
    let county = who.village.at_level(DivisionLevel::County).ok_or_else(|| AppError::internal("a village has a county"))?;
    let pension = new_id();
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, 'active', $15)",
    )
    .bind(&pension)
    .bind(&who.account)
    .bind(c.person.kind().code())
    .bind(c.person.as_str())
    .bind(county.as_str())
    .bind(id)
    .bind(d.first_month.0)
    .bind(i64::from(d.contribution_years))
    .bind(d.balance.fen())
    .bind(i64::from(d.divisor))
    .bind(d.basic.fen())
    .bind(d.account.fen())
    .bind(d.extra.fen())
    .bind(d.monthly.fen())
    .bind(state.today().to_string())
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    sqlx::query("INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor) VALUES ($1, $2, 'start', $3, $4, $5, $6)")
        .bind(new_id())
        .bind(&pension)
        .bind(d.monthly.fen())
        .bind(id)
        .bind(ts(now()))
        .bind("case")
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    sqlx::query("UPDATE insured_persons SET bank_card = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(&card)
        .bind(c.person.kind().code())
        .bind(c.person.as_str())
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    cases::notify(
        tx,
        &c.applicant,
        id,
        &format!("养老金已核定：每月 {} 元，自 {} 起发放，按月打入尾号 {} 的银行卡", d.monthly, d.first_month, card.get(card.len().saturating_sub(4)..).unwrap_or("")),
    )
    .await
}

/// What the applicant and reviewers see of a claim.
pub(super) fn facts(f: &serde_json::Value) -> Vec<(String, String)> {
    let s = |k: &str| match &f[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_owned(),
        v => v.to_string(),
    };
    vec![
        ("起发年月".to_owned(), s("first_month")),
        ("首次领取时年龄".to_owned(), s("age")),
        ("累计缴费年限".to_owned(), s("years")),
        ("个人账户储存额（元）".to_owned(), s("balance")),
        ("计发月数".to_owned(), s("divisor")),
        ("基础养老金（元/月）".to_owned(), s("basic")),
        ("个人账户养老金（元/月）".to_owned(), s("account")),
        ("缴费年限养老金（元/月）".to_owned(), s("extra")),
        ("月养老金合计（元，申请时测算）".to_owned(), s("monthly")),
        ("银行卡".to_owned(), domain::id_number::mask_card(&s("bank_card"))),
        ("确认方式".to_owned(), s("confirmation")),
    ]
}

fn status_label(s: &str) -> &'static str {
    match s {
        "active" => "正常发放",
        "suspended" => "暂停发放",
        "stopped" => "终止发放",
        "generated" => "待发送银行",
        "sent" => "银行处理中",
        "paid" => "已到账",
        "failed" => "发放失败",
        "reissued" => "发放失败，已重新发放",
        _ => "—",
    }
}

/// The signed-in resident's pension, or `None` before it is determined.
pub async fn my_pension(state: &AppState, caller: &Caller) -> AppResult<Option<PensionView>> {
    let person = caller.principal()?.served_person().ok_or_else(super::auth::forbidden)?.clone();
    let row = sqlx::query(
        "SELECT p.id, p.status, p.first_month, p.monthly_fen, p.basic_fen, p.account_fen, p.extra_fen, p.divisor, p.contribution_years, \
         p.balance_fen, i.bank_card FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         WHERE p.id_kind = $1 AND p.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let Some(r) = row else { return Ok(None) };
    let i = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
    let s = |c: &str| r.try_get::<Option<String>, _>(c).map(Option::unwrap_or_default).map_err(AppError::internal);
    let y = |c: &str| i(c).map(|f| Yuan::from_fen(f).to_string());
    let payments = sqlx::query(
        "SELECT month, amount_fen, status, failure FROM payroll_items WHERE pension_id = $1 ORDER BY month DESC, id DESC LIMIT 120",
    )
    .bind(s("id")?)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?
    .iter()
    .map(|p| {
        let status: String = p.try_get("status").map_err(AppError::internal)?;
        Ok(PensionPayment {
            month: Month(p.try_get("month").map_err(AppError::internal)?).to_string(),
            amount: Yuan::from_fen(p.try_get("amount_fen").map_err(AppError::internal)?).to_string(),
            status_label: status_label(&status).to_owned(),
            status,
            failure: p.try_get("failure").map_err(AppError::internal)?,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let status = s("status")?;
    Ok(Some(PensionView {
        status_label: status_label(&status).to_owned(),
        status,
        first_month: Month(i("first_month")?).to_string(),
        monthly: y("monthly_fen")?,
        basic: y("basic_fen")?,
        account: y("account_fen")?,
        extra: y("extra_fen")?,
        divisor: i("divisor")?,
        contribution_years: i("contribution_years")?,
        balance_at_determination: y("balance_fen")?,
        bank_card: domain::id_number::mask_card(&s("bank_card")?),
        payments,
    }))
}
