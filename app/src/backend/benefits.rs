//! The pension claim (B1, B3) through the case engine: 初审 (township),
//! 复核 and 审核 (county), within 20 working days. At filing the person must
//! have reached pension age, be insured, not already receive this pension
//! or another basic pension (the imported other-scheme list), and have the
//! minimum contribution years; the amount is determined then as an
//! estimate and again at approval from the ledger as it is
//! (`domain::benefit::determine`). Approval opens the pension, paid from
//! the month after the person reached pension age by the county payroll.

use super::auth::{Caller, new_id, now, ts_micros};
use super::cases::{self, NewCase, Stored};
use super::documents::Upload;
use super::{AppState, reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Both, Lang, term};
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
    stored: super::ledger::StoredAmount,
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
    let first = benefit::first_month(birth, &policy);
    let stored = super::ledger::stored_amount(&state.db, state.today(), tx, &account, first, state.today()).await?;
    let policy = reference::policy_on(&state.db, first.first_day()).await?;
    let determination = benefit::determine(birth, stored.years.len() as u32, stored.balance, &policy).map_err(AppError::invalid)?;
    Ok(Claimant { name, village: DivisionCode::parse(&village).map_err(AppError::internal)?, account, bank_card, determination, stored })
}

/// The determination with its working (B1): the stored amount and the
/// interest in it, the divisor, each part.
fn figures(d: &Determination, interest: Yuan) -> serde_json::Value {
    serde_json::json!({
        "first_month": d.first_month.to_string(), "age": d.age_at_first_payment, "years": d.contribution_years,
        "balance": d.balance.to_string(), "interest": interest.to_string(), "divisor": d.divisor, "basic": d.basic.to_string(),
        "account": d.account.to_string(), "extra": d.extra.to_string(), "monthly": d.monthly.to_string(),
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
    let mut form_json = figures(&c.determination, c.stored.interest);
    form_json["bank_card"] = card.into();
    form_json["confirmation"] = confirmation.into();
    let monthly = c.determination.monthly;
    let new = NewCase { case_type: CaseType::BenefitClaim, filing: &filing, person_name: &c.name, place: &c.village, form: form_json, deadline };
    let after = serde_json::json!({ "estimated_monthly": monthly.to_string() });
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, after).await?;
    tx.commit().await.map_err(AppError::internal)?;
    let detail = (format!("预计每月 {monthly} 元，以核定为准"), format!("ᠰᠠᠷ᠎ᠠ ᠳᠤ ᠪᠠᠷᠠᠭ᠎ᠠ ᠪᠡᠷ {monthly} ᠶᠤᠸᠠᠨ᠂ ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠢ ᠦᠨᠳᠦᠰᠦᠯᠡᠨ᠎ᠡ"));
    cases::mail_received(state, &filing.person, CaseType::BenefitClaim.label(), deadline, Some(detail)).await;
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
    // The interest to the month before the first month paid, in the
    // ledger as the statement shows it (B1).
    let postings: Vec<(&str, String, Yuan, NaiveDate)> =
        who.stored.postings.iter().map(|(source, amount, on)| ("interest", source.clone(), *amount, *on)).collect();
    super::ledger::post(tx, &who.account, &postings).await?;
    let pension = new_id();
    sqlx::query(
        "INSERT INTO pensions (id, account_id, id_kind, id_number, county_code, claim_case, first_month, next_month, contribution_years, \
         balance_fen, divisor, basic_fen, account_fen, extra_fen, monthly_fen, status, determined_on, interest_fen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, 'active', $15, $16)",
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
    .bind(who.stored.interest.fen())
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    record_event(tx, &pension, "start", d.monthly.fen(), id, "case").await?;
    sqlx::query("UPDATE insured_persons SET bank_card = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(&card)
        .bind(c.person.kind().code())
        .bind(c.person.as_str())
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    let (monthly, first, tail) = (d.monthly, d.first_month, card.get(card.len().saturating_sub(4)..).unwrap_or(""));
    let said = Both::new(
        format!("养老金已核定：每月 {monthly} 元，自 {first} 起发放，按月打入尾号 {tail} 的银行卡"),
        format!("ᠲᠡᠳᠬᠦᠯᠭᠡ ᠲᠣᠭᠲᠠᠭᠠᠭᠳᠠᠪᠠ᠄ ᠰᠠᠷ᠎ᠠ ᠪᠦᠷᠢ {monthly} ᠶᠤᠸᠠᠨ᠂ {first} ᠡᠴᠡ ᠡᠬᠢᠯᠡᠨ ᠰᠡᠭᠦᠯ ᠦᠨ ᠳᠣᠷᠪᠡᠨ ᠣᠷᠣᠨ ᠨᠢ {tail} ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠳᠤ ᠰᠠᠷ᠎ᠠ ᠪᠦᠷᠢ ᠣᠯᠭᠣᠨ᠎ᠠ"),
    );
    cases::notify(tx, &c.applicant, id, &said).await
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
        ("其中计至起发月前一月的利息（元）".to_owned(), s("interest")),
        ("计发月数".to_owned(), s("divisor")),
        ("基础养老金（元/月）".to_owned(), s("basic")),
        ("个人账户养老金（元/月）".to_owned(), s("account")),
        ("缴费年限养老金（元/月）".to_owned(), s("extra")),
        ("月养老金合计（元，申请时测算）".to_owned(), s("monthly")),
        ("银行卡".to_owned(), domain::id_number::mask_card(&s("bank_card"))),
        ("确认方式".to_owned(), s("confirmation")),
    ]
}

pub(crate) fn status_label(s: &str) -> &'static str {
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
         p.balance_fen, p.interest_fen, i.bank_card FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
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
        "SELECT month, amount_fen, status, failure FROM payroll_items WHERE pension_id = $1 AND status <> 'void' ORDER BY month DESC, id DESC LIMIT 120",
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
        interest_at_determination: y("interest_fen")?,
        bank_card: domain::id_number::mask_card(&s("bank_card")?),
        payments,
        certification: super::certification::status_of(state, caller).await?,
        review: super::benefit_reviews::mine(state, caller).await?,
    }))
}

/// The bank card the pension is paid to, changed by the recipient signed
/// in with their passkey (a one-time code is not enough to redirect money)
/// at once; made for the person by staff at a kiosk, it is a case that a
/// second staff member checks before it takes effect (`approve_bank_card`).
/// Failed payments paid again go to the new card (`payroll::reissue`); the
/// person is told either way.
pub async fn change_bank_card(state: &AppState, caller: &Caller, card: &str) -> AppResult<String> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(super::auth::forbidden)?.clone();
    if p.kiosk.is_none() {
        let gate = super::auth::money_gate(&state.db, p).await?;
        super::auth::money_gate_refusal(gate, "变更银行卡须以通行密钥登录：请退出后用通行密钥重新登录，或到便民服务窗口办理")?;
    }
    let card = cases::bank_card(card)?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let old = card_in_payment(&mut tx, &person).await?;
    if old.as_deref() == Some(card.as_str()) {
        return Err(AppError::invalid("与现在的银行卡相同，无需变更"));
    }
    let masked = domain::id_number::mask_card(&card);
    if p.kiosk.is_some() {
        let filing = cases::filing(caller, None, None)?;
        cases::refuse_open(&mut tx, CaseType::BankCardChange, &person).await?;
        let village: String = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(AppError::internal)?;
        let name: String = sqlx::query_scalar("SELECT name FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(AppError::internal)?;
        let deadline = cases::deadline_for(state, CaseType::BankCardChange).await?;
        let place = DivisionCode::parse(&village).map_err(AppError::internal)?;
        let form = serde_json::json!({ "bank_card": card, "old_card": old.as_deref().map(domain::id_number::mask_card) });
        let new = NewCase { case_type: CaseType::BankCardChange, filing: &filing, person_name: &name, place: &place, form, deadline };
        let after = serde_json::json!({ "bank_card": masked });
        cases::open_case(state, &mut tx, caller, new, &[], after).await?;
        tx.commit().await.map_err(AppError::internal)?;
        let body = Both::new(
            format!("有工作人员在自助终端为您申请将领取养老金的银行卡变更为 {masked}，经另一名工作人员复核后生效。如非本人申请，请立即联系旗县社保经办机构。"),
            format!("ᠠᠵᠢᠯᠲᠠᠨ ᠥᠪᠡᠷᠲᠡᠭᠡᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠮᠠᠰᠢᠨ ᠳᠤ ᠲᠠᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠢ {masked} ᠪᠣᠯᠭᠠᠨ ᠰᠣᠯᠢᠬᠤ ᠭᠣᠶᠣᠯᠲᠠ ᠲᠤᠰᠢᠶᠠᠪᠠ᠂ ᠥᠭᠡᠷ᠎ᠡ ᠨᠢᠭᠡ ᠠᠵᠢᠯᠲᠠᠨ ᠬᠢᠨᠠᠭᠰᠠᠨ ᠤ ᠳᠠᠷᠠᠭ᠎ᠠ ᠬᠦᠴᠦᠨ ᠲᠡᠢ ᠪᠣᠯᠤᠨ᠎ᠠ᠃ ᠲᠠ ᠥᠪᠡᠷ ᠭᠣᠶᠣᠭᠠᠳᠤᠢ ᠪᠣᠯ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠲᠠᠢ ᠳᠠᠷᠤᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ᠃"),
        );
        cases::mail_person(state, &person, &Both::new("领取养老金的银行卡变更申请", "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠢ ᠰᠣᠯᠢᠬᠤ ᠭᠣᠶᠣᠯᠲᠠ"), &body).await;
        return Ok(format!("已提交变更为 {masked} 的申请：须另一名工作人员复核后生效，结果会通知本人"));
    }
    set_bank_card(&mut tx, caller, &person, old.as_deref(), &card).await?;
    tx.commit().await.map_err(AppError::internal)?;
    tell_bank_card(state, &person, &masked).await;
    Ok(format!("已变更为 {masked}，下次发放起使用"))
}

/// The card of a pension in payment (`None` inside: none on file).
async fn card_in_payment(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<Option<String>> {
    let old: Option<Option<String>> = sqlx::query_scalar(
        "SELECT i.bank_card FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         WHERE p.id_kind = $1 AND p.id_number = $2 AND p.status <> 'stopped'",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    old.ok_or_else(|| AppError::not_found("没有正在发放的养老金：申领时填写银行卡即可"))
}

async fn set_bank_card(tx: &mut Transaction<'_, Any>, caller: &Caller, person: &DocumentNumber, old: Option<&str>, card: &str) -> AppResult<()> {
    sqlx::query("UPDATE insured_persons SET bank_card = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(card)
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    let mut entry = caller.audit("pension.bank_card", Some(person.masked()));
    entry.before = old.map(domain::id_number::mask_card);
    entry.after = Some(domain::id_number::mask_card(card));
    super::audit::append(tx, &entry).await.map(drop)
}

async fn tell_bank_card(state: &AppState, person: &DocumentNumber, masked: &str) {
    let body = Both::new(
        format!("您领取养老金的银行卡已变更为 {masked}，下次发放起使用。如非本人操作，请立即联系旗县社保经办机构。"),
        format!("ᠲᠠᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠢ {masked} ᠪᠣᠯᠭᠠᠨ ᠰᠣᠯᠢᠪᠠ᠂ ᠳᠠᠷᠠᠭᠠᠴᠢᠨ ᠣᠯᠭᠣᠬᠤ ᠡᠴᠡ ᠡᠬᠢᠯᠡᠨ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃ ᠲᠠ ᠥᠪᠡᠷ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡᠳᠦᠢ ᠪᠣᠯ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠲᠠᠢ ᠳᠠᠷᠤᠢ ᠬᠠᠷᠢᠯᠴᠠᠨ᠎ᠠ ᠤᠤ᠃"),
    );
    cases::mail_person(state, person, &Both::new("领取养老金的银行卡已变更", "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠢ ᠰᠣᠯᠢᠪᠠ"), &body).await;
}

/// A kiosk's bank-card change approved by a second staff member: the card
/// is changed (it must still be a pension in payment) and the person told.
pub(super) async fn approve_bank_card(tx: &mut Transaction<'_, Any>, caller: &Caller, id: &str, c: &Stored) -> AppResult<()> {
    let card = c.form["bank_card"].as_str().ok_or_else(|| AppError::internal("bank card change without a card"))?.to_owned();
    let old = card_in_payment(tx, &c.person).await.map_err(|e| AppError::invalid(format!("已不能变更：{}；请终止本件并写明理由", e.message)))?;
    set_bank_card(tx, caller, &c.person, old.as_deref(), &card).await?;
    let masked = domain::id_number::mask_card(&card);
    let said = Both::new(
        format!("领取养老金的银行卡已变更为 {masked}，下次发放起使用"),
        format!("ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠢ {masked} ᠪᠣᠯᠭᠠᠨ ᠰᠣᠯᠢᠪᠠ᠂ ᠳᠠᠷᠠᠭᠠᠴᠢᠨ ᠣᠯᠭᠣᠬᠤ ᠡᠴᠡ ᠡᠬᠢᠯᠡᠨ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ"),
    );
    cases::notify(tx, &c.applicant, id, &said).await
}

/// What the reviewer sees of a bank-card change (numbers masked).
pub(super) fn bank_card_facts(f: &serde_json::Value) -> Vec<(String, String)> {
    vec![
        ("新银行卡".to_owned(), f["bank_card"].as_str().map_or_else(|| "—".to_owned(), domain::id_number::mask_card)),
        ("原银行卡".to_owned(), f["old_card"].as_str().unwrap_or("—").to_owned()),
    ]
}

/// A change of a pension's payment (B8, B10, B11), as recorded: the
/// status, an event the payroll check reads, the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Suspected loss of eligibility, a death report: not paid from the
    /// next payroll on.
    Suspend,
    /// Detention or a prison term in custody (B8): suspended as above, and
    /// no increase is applied until release.
    Custody,
    /// Confirmed eligible: the suspended months are paid by the next
    /// payroll (`back_pay`), or not (custody, B8: paid again from this month).
    Resume { back_pay: bool },
    /// Not eligible any more: no further payment.
    Stop,
}

impl Change {
    pub fn parse(action: &str, back_pay: bool) -> Option<Change> {
        match action {
            "suspend" => Some(Change::Suspend),
            "custody" => Some(Change::Custody),
            "resume" => Some(Change::Resume { back_pay }),
            "stop" => Some(Change::Stop),
            _ => None,
        }
    }
}

/// `no_increase_until` of a pension in custody: no increase until release.
const IN_CUSTODY: &str = "9999-12-31";

/// B8: a recipient under community correction (public surveillance, a
/// suspended sentence, serving outside prison) keeps being paid but takes
/// no increase until `until`, the end of the term (county clerk).
pub async fn community_correction_by(state: &AppState, caller: &Caller, kind: &str, number: &str, until: &str, reason: &str) -> AppResult<String> {
    let p = caller.staff_with(&[domain::Role::CountyClerk])?;
    let reason = cases::required(reason, "原因（如判决书编号）", 200)?;
    let until = NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid("矫正期满日期应为 年-月-日"))?;
    if until <= state.today() {
        return Err(AppError::invalid("矫正期满日期应晚于今天"));
    }
    let person = cases::named(kind, number)?;
    let row: Option<(String, String, String, i64)> = sqlx::query_as("SELECT id, county_code, status, monthly_fen FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let (id, _county, status, monthly) = row
        .filter(|r| DivisionCode::parse(&r.1).is_ok_and(|c| p.covers(&c)))
        .ok_or_else(|| AppError::not_found("本辖区没有此人的养老金待遇"))?;
    if status == "stopped" {
        return Err(AppError::new(ErrorCode::Conflict, "养老金已终止发放"));
    }
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    sqlx::query("UPDATE pensions SET no_increase_until = $1 WHERE id = $2")
        .bind(until.to_string())
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(AppError::internal)?;
    let text = format!("社区矫正至 {until}：照常发放，期间不参加待遇调整（{reason}）");
    record_event(&mut tx, &id, "adjust", monthly, &text, &p.account_id).await?;
    let mut entry = caller.audit("pension.community_correction", Some(person.masked()));
    entry.after = Some(serde_json::json!({ "until": until.to_string(), "reason": reason }).to_string());
    super::audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(format!("已记录：{text}"))
}

/// Applies `change` to the pension of `person` inside `tx`; `by` names who
/// (an account id, or `death_list:{batch}`).
pub(super) async fn apply_change(
    tx: &mut Transaction<'_, Any>,
    person: &DocumentNumber,
    change: Change,
    reason: &str,
    today: NaiveDate,
    by: &str,
) -> AppResult<()> {
    let row: Option<(String, String, i64)> = sqlx::query_as("SELECT id, status, monthly_fen FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    let (id, status, monthly) = row.ok_or_else(|| AppError::not_found("此人没有核定的养老金"))?;
    let (from, to, event) = match change {
        Change::Suspend | Change::Custody => ("active", "suspended", "suspend"),
        Change::Resume { .. } => ("suspended", "active", "resume"),
        Change::Stop => (status.as_str(), "stopped", "stop"),
    };
    if status != from || status == "stopped" {
        return Err(AppError::new(ErrorCode::Conflict, format!("养老金当前为“{}”，不能{}", status_label(&status), match event {
            "suspend" => "暂停",
            "resume" => "恢复",
            _ => "终止",
        })));
    }
    sqlx::query("UPDATE pensions SET status = $1, status_reason = $2 WHERE id = $3 AND status = $4")
        .bind(to)
        .bind(reason)
        .bind(&id)
        .bind(&status)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    if change == Change::Custody {
        sqlx::query("UPDATE pensions SET no_increase_until = $1 WHERE id = $2")
            .bind(IN_CUSTODY)
            .bind(&id)
            .execute(&mut **tx)
            .await
            .map_err(AppError::internal)?;
    }
    if change == (Change::Resume { back_pay: false }) {
        // The months of custody are not paid (B8): paid again from this
        // month at the amount before, and later increases apply.
        sqlx::query(
            "UPDATE pensions SET next_month = CASE WHEN next_month < $1 THEN $1 ELSE next_month END, \
             no_increase_until = CASE WHEN no_increase_until = $3 THEN NULL ELSE no_increase_until END WHERE id = $2",
        )
        .bind(Month::of(today).0)
        .bind(&id)
        .bind(IN_CUSTODY)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    }
    record_event(tx, &id, event, monthly, reason, by).await
}

/// Records a change of a pension (what the payroll check reads), now,
/// after the change was applied. A start or a resumption carries the first
/// month it pays (`next_month`): the check explains a line by the change
/// that makes it due in that month, whenever it was recorded (B5;
/// `payroll::check`). Other changes count from the county's next payroll.
pub(super) async fn record_event(tx: &mut Transaction<'_, Any>, pension: &str, event: &str, monthly: i64, reason: &str, by: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO pension_events (id, pension_id, event, monthly_fen, reason, at, by_actor, effective_month) \
         SELECT $1, id, $3, $4, $5, $6, $7, CASE WHEN $3 IN ('start', 'resume') THEN next_month END FROM pensions WHERE id = $2",
    )
    .bind(new_id())
    .bind(pension)
    .bind(event)
    .bind(monthly)
    .bind(reason)
    .bind(ts_micros(now()))
    .bind(by)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    Ok(())
}

/// Why a pension is stopped, when that makes earlier payments wrong (B12):
/// a death, or a loss of eligibility, on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended<'a> {
    /// `death` or `ineligible`.
    pub ground: &'a str,
    pub on: NaiveDate,
}

impl<'a> Ended<'a> {
    pub fn parse(ground: Option<&'a str>, on: Option<&str>, today: NaiveDate) -> AppResult<Option<Ended<'a>>> {
        let (ground, on) = match (ground.map(str::trim).filter(|g| !g.is_empty()), on.map(str::trim).filter(|d| !d.is_empty())) {
            (None, None) => return Ok(None),
            (Some(g @ ("death" | "ineligible")), Some(d)) => (g, d),
            (Some(_), None) | (None, Some(_)) => return Err(AppError::invalid("终止原因和日期（死亡日期或丧失资格日期）须同时填写")),
            _ => return Err(AppError::invalid("终止原因应为 death（死亡）或 ineligible（丧失领取资格）")),
        };
        let on = NaiveDate::parse_from_str(on, "%Y-%m-%d").map_err(|_| AppError::invalid("日期应为 年-月-日，如 2025-04-15"))?;
        if on > today {
            return Err(AppError::invalid("日期不能晚于今天"));
        }
        Ok(Some(Ended { ground, on }))
    }
}

/// A county clerk suspends, resumes or stops a pension of the county,
/// with the reason; the person is told. A stop after a death or a loss of
/// eligibility on a day opens the overpayment of the months paid after it
/// and recovers what it can at once (B12).
pub async fn change_by(state: &AppState, caller: &Caller, kind: &str, number: &str, change: Change, reason: &str, ended: Option<Ended<'_>>) -> AppResult<String> {
    let p = caller.staff_with(&[domain::Role::CountyClerk])?;
    let reason = cases::required(reason, "原因", 200)?;
    if ended.is_some() && change != Change::Stop {
        return Err(AppError::invalid("死亡或丧失资格的日期只在终止发放时填写"));
    }
    let person = cases::named(kind, number)?;
    let county: Option<String> = sqlx::query_scalar("SELECT county_code FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let county = county.and_then(|c| DivisionCode::parse(&c).ok()).ok_or_else(|| AppError::not_found("此人没有核定的养老金"))?;
    if !p.covers(&county) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能办理本辖区人员的待遇"));
    }
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    apply_change(&mut tx, &person, change, &reason, state.today(), &p.account_id).await?;
    let overpaid = match ended {
        Some(e) => super::overpayments::open(state, &mut tx, &person, e.ground, e.on, &p.account_id).await?,
        None => None,
    };
    let mut entry = caller.audit("pension.change", Some(person.masked()));
    entry.after = Some(serde_json::json!({ "change": format!("{change:?}"), "reason": reason, "overpayment": overpaid.as_ref().map(|o| &o.0) }).to_string());
    super::audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    if let Some((_, Some(refund))) = &overpaid {
        super::overpayments::tell_refund(state, &person, *refund).await;
    }
    let (what, what_mn) = match change {
        Change::Suspend | Change::Custody => ("暂停发放", "ᠣᠯᠭᠣᠬᠤ ᠶᠢ ᠲᠦᠷ ᠵᠣᠭᠰᠣᠭᠠᠪᠠ"),
        Change::Resume { .. } => ("恢复发放", "ᠣᠯᠭᠣᠬᠤ ᠶᠢ ᠰᠡᠷᠭᠦᠭᠡᠪᠡ"),
        Change::Stop => ("终止发放", "ᠣᠯᠭᠣᠬᠤ ᠶᠢ ᠲᠡᠭᠦᠰᠬᠡᠪᠡ"),
    };
    let subject = Both::new(format!("养老金{what}"), format!("ᠲᠡᠳᠬᠦᠯᠭᠡ {what_mn}"));
    let body = Both::new(
        format!("您的养老金已{what}，原因：{reason}。如有疑问，可申请恢复待遇或到旗县社保经办机构咨询。"),
        format!("ᠲᠠᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ {what_mn}᠂ ᠰᠢᠯᠳᠠᠭᠠᠨ᠄ {reason}᠃ ᠠᠰᠠᠭᠤᠯᠲᠠ ᠪᠠᠢᠪᠠᠯ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠰᠡᠷᠭᠦᠭᠡᠬᠦ ᠭᠣᠶᠣᠯᠲᠠ ᠲᠤᠰᠢᠶᠠᠬᠤ᠂ ᠡᠰᠡᠬᠦ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠪᠠᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠳᠤ ᠯᠠᠪᠯᠠᠨ᠎ᠠ ᠤᠤ᠃"),
    );
    cases::mail_person(state, &person, &subject, &body).await;
    Ok(match overpaid {
        Some((id, _)) => format!("已{what}；{} 之后发放的月份已计为冒领，追回记录 {id}", ended.map_or_else(String::new, |e| e.on.to_string())),
        None => format!("已{what}，下次发放时生效"),
    })
}

/// B11: a suspended person asks for their pension to be resumed (online,
/// at a kiosk, or at the window by staff), with the reason and evidence;
/// 初审 (township), 复核 (county); approval resumes it and the suspended
/// months are paid by the next payroll.
pub async fn submit_resumption(state: &AppState, caller: &Caller, form: &crate::model::ResumptionForm, uploads: Vec<Upload>) -> AppResult<String> {
    let only_suspended = |status: &str| {
        if status == "suspended" {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::Conflict, format!("养老金当前为“{}”，不需要申请恢复", status_label(status))))
        }
    };
    file_about_pension(state, caller, form, uploads, CaseType::Resumption, "申请恢复的理由", only_suspended).await
}

/// Files an application about the caller's (or the served person's)
/// pension — a resumption (B11) or a review of the amount (B4) — with the
/// reason and evidence, once `check` accepts the pension's status; the id
/// of the case. The form keeps the reason, why the pension was suspended
/// and the monthly amount then.
pub(super) async fn file_about_pension(
    state: &AppState,
    caller: &Caller,
    form: &crate::model::ResumptionForm,
    uploads: Vec<Upload>,
    case_type: CaseType,
    reason_label: &str,
    check: impl Fn(&str) -> AppResult<()>,
) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let reason = cases::required(&form.reason, reason_label, 300)?;
    let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
    let deadline = cases::deadline_for(state, case_type).await?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let row: Option<(String, Option<String>, i64, String, String)> = sqlx::query_as(
        "SELECT p.status, p.status_reason, p.monthly_fen, i.name, i.village_code FROM pensions p \
         JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number WHERE p.id_kind = $1 AND p.id_number = $2",
    )
    .bind(filing.person.kind().code())
    .bind(filing.person.as_str())
    .fetch_optional(&mut *tx)
    .await
    .map_err(AppError::internal)?;
    let (status, why, monthly, name, village) = row.ok_or_else(|| AppError::invalid("没有核定的养老金：请先申领养老金"))?;
    check(&status)?;
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if filing.applicant_kind == "staff" && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, "只能为本辖区参保人员代为申请"));
    }
    cases::refuse_open(&mut tx, case_type, &filing.person).await?;
    let new = NewCase {
        case_type,
        filing: &filing,
        person_name: &name,
        place: &village,
        form: serde_json::json!({ "reason": reason, "suspended_for": why, "monthly": Yuan::from_fen(monthly).to_string(), "confirmation": confirmation }),
        deadline,
    };
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "reason": reason })).await?;
    tx.commit().await.map_err(AppError::internal)?;
    cases::mail_received(state, &filing.person, case_type.label(), deadline, None).await;
    Ok(id)
}

/// Approval of a resumption: resumed with the suspended months paid.
pub(super) async fn approve_resumption(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    apply_change(tx, &c.person, Change::Resume { back_pay: true }, &format!("恢复待遇申请 {id} 核准"), state.today(), "case").await?;
    let said = Both::new(
        "恢复待遇申请已核准：暂停期间的养老金将随下月发放补发",
        "ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠰᠡᠷᠭᠦᠭᠡᠬᠦ ᠭᠣᠶᠣᠯᠲᠠ ᠪᠠᠲᠤᠯᠠᠭᠳᠠᠪᠠ᠄ ᠵᠣᠭᠰᠣᠭᠰᠠᠨ ᠬᠤᠭᠤᠴᠠᠭᠠᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ ᠢᠷᠡᠬᠦ ᠰᠠᠷ᠎ᠠ ᠳᠤ ᠨᠥᠬᠥᠵᠦ ᠣᠯᠭᠣᠨ᠎ᠠ",
    );
    cases::notify(tx, &c.applicant, id, &said).await
}

pub(super) fn resumption_facts(f: &serde_json::Value) -> Vec<(String, String)> {
    let s = |k: &str| f[k].as_str().unwrap_or("—").to_owned();
    vec![("暂停原因".to_owned(), s("suspended_for")), ("申请恢复的理由".to_owned(), s("reason")), ("确认方式".to_owned(), s("confirmation"))]
}

pub const DEATH_COLUMNS: [&str; 4] = ["证件类型", "证件号码", "姓名", "死亡日期"];

/// B10: a village assistant's monthly list of deaths (CSV
/// `证件类型,证件号码,姓名,死亡日期`): the pension of each person on it, in
/// the assistant's village, is suspended at once ("added" counts them);
/// one already suspended or stopped is unchanged; a line for someone
/// without a pension here, with another name or a date in the future is
/// rejected. The same file again changes nothing.
pub async fn import_deaths(state: &AppState, caller: &Caller, file_name: &str, bytes: &[u8]) -> AppResult<crate::model::ImportReport> {
    use super::imports::{self, FileInfo};
    let p = caller.staff_with(&[domain::Role::VillageAssistant])?;
    let within = p.jurisdiction.clone().ok_or_else(super::auth::forbidden)?;
    imports::check_size(bytes)?;
    let (text, encoding) = imports::decode(bytes)?;
    let file = FileInfo { kind: "death_list", file_name, sha256: format!("{}@{}", imports::sha256_hex(bytes), within.as_str()), encoding };
    let mut report = imports::new_report(encoding, 0);
    let today = state.today();
    let mut lines = Vec::new();
    imports::for_each_line(&text, &DEATH_COLUMNS, |line, fields| {
        report.total += 1;
        let parsed = fields.and_then(|f| {
            if f.len() != DEATH_COLUMNS.len() {
                return Err(format!("应有 {} 列，实际 {} 列", DEATH_COLUMNS.len(), f.len()));
            }
            let kind = domain::DocumentKind::from_label_or_code(f[0].trim()).ok_or_else(|| format!("证件类型“{}”不正确", &f[0]))?;
            let person = DocumentNumber::parse(kind, &f[1]).map_err(|e| e.to_string())?;
            let died = NaiveDate::parse_from_str(f[3].trim(), "%Y-%m-%d").map_err(|_| "死亡日期应为 年-月-日".to_owned())?;
            if died > today {
                return Err("死亡日期晚于今天".into());
            }
            Ok((person, f[2].trim().to_owned(), died))
        });
        match parsed {
            Ok(l) => lines.push((line, l)),
            Err(reason) => report.rejected.push((line, reason)),
        }
    })?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    if let Some(batch) = imports::earlier(&mut tx, "death_list", &file.sha256).await? {
        drop(tx);
        return imports::report_of(&state.db, "death_list", &batch, true).await;
    }
    for (line, (person, name, died)) in lines {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT p.status, i.name, i.village_code FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
             WHERE p.id_kind = $1 AND p.id_number = $2",
        )
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::internal)?;
        let Some((status, on_file, _village)) = row.filter(|r| DivisionCode::parse(&r.2).is_ok_and(|v| v.is_within(&within))) else {
            report.rejected.push((line, "本村没有此人的养老金待遇：请核对证件号码".into()));
            continue;
        };
        if on_file != name {
            report.rejected.push((line, "姓名与参保登记不一致".into()));
            continue;
        }
        if status != "active" {
            report.unchanged += 1;
            continue;
        }
        apply_change(&mut tx, &person, Change::Suspend, &format!("死亡名单报告：{died} 死亡，待核实"), today, &p.account_id).await?;
        report.added += 1;
    }
    report.rejected.sort();
    imports::record(&mut tx, &file, &p.account_id, &report).await?;
    let mut entry = caller.audit("pension.death_list", Some(report.batch_id.clone()));
    entry.after = Some(serde_json::json!({ "file": file_name, "suspended": report.added, "rejected": report.rejected.len() }).to_string());
    super::audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(report)
}

/// [`HOW_TO_CLAIM`] in Mongolian, for the 告知书 mailed to or printed for a
/// reader of it.
const HOW_TO_CLAIM_MN: &str = "ᠭᠣᠶᠣᠬᠤ ᠠᠷᠭ᠎ᠠ᠄ ᠭᠠᠷ ᠤᠲᠠᠰᠤ ᠪᠠᠷ «ᠮᠢᠨᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ» ᠳᠤ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ ᠱᠤᠳᠤ ᠭᠣᠶᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ᠂ ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ ᠥᠭᠬᠦ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ᠄ \
ᠭᠠᠴᠠᠭ᠎ᠠ (ᠬᠣᠷᠣᠭᠠᠯᠠᠩ)᠂ ᠰᠤᠮᠤ ᠰᠢᠶᠠᠩ (ᠵᠡᠭᠡᠯᠢ) ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠠᠵᠢᠯᠲᠠᠨ ᠢᠶᠠᠷ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ᠂ ᠥᠪᠡᠷ ᠤᠨ ᠦᠨᠡᠮᠯᠡᠬᠦ᠂ ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠳᠡᠪᠲᠡᠷ᠂ \
ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠪᠠᠲᠤᠯᠠᠭ᠎ᠠ ᠶᠢᠨ ᠺᠠᠷᠲ (ᠡᠰᠡᠬᠦ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ) ᠪᠠ ᠡᠨᠡ ᠮᠡᠳᠡᠭᠳᠡᠯ ᠢ ᠠᠪᠴᠤ ᠢᠷᠡᠨ᠎ᠡ ᠦᠦ᠃ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ 60 ᠨᠠᠰᠤ ᠬᠦᠷᠦᠭᠰᠡᠨ ᠦ ᠳᠠᠷᠠᠭᠠᠴᠢ ᠰᠠᠷ᠎ᠠ ᠡᠴᠡ ᠡᠬᠢᠯᠡᠨ ᠰᠠᠷ᠎ᠠ ᠪᠦᠷᠢ ᠣᠯᠭᠣᠨ᠎ᠠ᠃";

const HOW_TO_CLAIM: &str = "申领方式：可在手机上登录“我的养老金”直接申领，不需再交材料；也可由经办人员在村（社区）、苏木乡镇（街道）便民服务窗口代办，\
请携带本人居民身份证、户口簿、社会保障卡（或本人银行卡）和本告知书。养老金从年满 60 周岁的次月起按月发放。";

/// People of the caller's jurisdiction who reach pension age on or before
/// `months` months from today and have no pension yet (those already of
/// age and not claiming included), alive in the registry; each with the
/// estimate, or the reason it cannot be made (B2).
pub async fn upcoming(state: &AppState, caller: &Caller, months: u32) -> AppResult<Vec<crate::model::UpcomingRow>> {
    let p = caller.staff_with(&[domain::Role::TownshipClerk, domain::Role::CountyClerk])?;
    if !(1..=24).contains(&months) {
        return Err(AppError::invalid("月数应为 1–24"));
    }
    let like = format!("{}%", p.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let rows: Vec<_> = upcoming_rows(state, &like, months, None).await?.into_iter().map(|u| u.row).collect();
    let mut entry = caller.audit("benefit.upcoming", None);
    entry.after = Some(serde_json::json!({ "months": months, "listed": rows.len() }).to_string());
    super::audit::record(&state.db, entry).await?;
    Ok(rows)
}

/// A person on the list with what the determination would be today (the
/// rule of a claim: `ledger::stored_amount`, interest to the month before
/// the first month paid, or to this month when that is still ahead), and
/// the contribution years it counts.
struct Upcoming {
    row: crate::model::UpcomingRow,
    first: Month,
    determination: Result<Determination, String>,
    years: Vec<i32>,
}

async fn upcoming_rows(state: &AppState, like: &str, months: u32, account: Option<&str>) -> AppResult<Vec<Upcoming>> {
    let today = state.today();
    let policy = reference::policy_on(&state.db, today).await?;
    let until = today.checked_add_months(chrono::Months::new(months)).unwrap_or(today);
    // Born on or before this day: of age by `until`.
    let born_by = NaiveDate::from_ymd_opt(chrono::Datelike::year(&until) - policy.pension_age as i32, chrono::Datelike::month(&until), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(until);
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, i.id_kind, i.id_number, i.name, i.village_code, i.birth_date \
         FROM insured_persons i JOIN personal_accounts a ON a.id_kind = i.id_kind AND a.id_number = i.id_number \
         LEFT JOIN registry_persons r ON r.id_kind = i.id_kind AND r.id_number = i.id_number \
         WHERE i.village_code LIKE $1 AND i.birth_date IS NOT NULL AND i.birth_date <= $2 AND r.death_date IS NULL \
         AND NOT EXISTS (SELECT 1 FROM pensions p WHERE p.account_id = a.id) AND ($3 = '' OR a.id = $3) \
         ORDER BY i.birth_date, a.id LIMIT 500",
    )
    .bind(like)
    .bind(born_by.to_string())
    .bind(account.unwrap_or(""))
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let mut tx = state.db.pool().begin().await.map_err(AppError::internal)?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, kind, number, name, village, birth) in rows {
        let birth = NaiveDate::parse_from_str(&birth, "%Y-%m-%d").map_err(AppError::internal)?;
        let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
        let person = DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
        let first = benefit::first_month(birth, &policy);
        // A missing interest rate spoils this row's estimate, not the list.
        let (stored, determination) = match super::ledger::stored_amount(&state.db, today, &mut tx, &id, first, today).await {
            Ok(stored) => {
                let at_first = reference::policy_on(&state.db, first.first_day()).await?;
                let determination = benefit::determine(birth, stored.years.len() as u32, stored.balance, &at_first);
                (stored, determination)
            }
            Err(e) if e.code == ErrorCode::Invalid => {
                let entries = super::ledger::entries(&mut *tx, &id).await?;
                let years = domain::ledger::contribution_years(&entries).into_keys().collect();
                let booked = super::ledger::StoredAmount { balance: domain::ledger::balance(&entries), interest: Yuan::ZERO, postings: vec![], years };
                (booked, Err(e.message))
            }
            Err(e) => return Err(e),
        };
        out.push(Upcoming {
            row: crate::model::UpcomingRow {
                account: id,
                name,
                document_masked: person.masked(),
                village_code: village,
                eligible_on: benefit::reaches_age(birth, policy.pension_age).to_string(),
                contribution_years: stored.years.len() as i64,
                balance: stored.balance.to_string(),
                estimate: determination.as_ref().ok().map(|d| d.monthly.to_string()),
                problem: determination.as_ref().err().cloned(),
            },
            first,
            determination,
            years: stored.years,
        });
    }
    Ok(out)
}

/// The notice of one person on the list (B2), for the page and to print;
/// the view is audited.
pub async fn notice(state: &AppState, caller: &Caller, account: &str) -> AppResult<crate::model::BenefitNotice> {
    let p = caller.staff_with(&[domain::Role::TownshipClerk, domain::Role::CountyClerk])?;
    let like = format!("{}%", p.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let n = notice_of(state, &like, account).await?.ok_or_else(|| AppError::not_found("名单中没有此人"))?;
    super::audit::record(&state.db, caller.audit("benefit.notice", Some(n.row.document_masked.clone()))).await?;
    Ok(n)
}

async fn notice_of(state: &AppState, like: &str, account: &str) -> AppResult<Option<crate::model::BenefitNotice>> {
    let Some(u) = upcoming_rows(state, like, 24, Some(account)).await?.into_iter().next() else { return Ok(None) };
    let (kind, number): (String, String) =
        sqlx::query_as("SELECT id_kind, id_number FROM personal_accounts WHERE id = $1").bind(account).fetch_one(state.db.pool()).await.map_err(AppError::internal)?;
    let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
    let reader = super::accounts::language_of(state.db.pool(), &DocumentNumber::parse(kind, &number).map_err(AppError::internal)?).await?;
    let d = u.determination.as_ref().ok();
    Ok(Some(crate::model::BenefitNotice {
        years: u.years,
        first_month: Some(u.first.to_string()),
        basic: d.map(|d| d.basic.to_string()),
        account_part: d.map(|d| d.account.to_string()),
        extra: d.map(|d| d.extra.to_string()),
        how_to_claim: HOW_TO_CLAIM.to_owned(),
        how_to_claim_mn: HOW_TO_CLAIM_MN.to_owned(),
        reader_lang: reader.tag().to_owned(),
        row: u.row,
    }))
}

/// Mails the notice to each person on the list with an address on file
/// who was not mailed before (one row per person once the mail server
/// accepted it); `(sent now, sent before, failed)`.
pub async fn mail_notices(state: &AppState, caller: &Caller, months: u32) -> AppResult<(i64, i64, Vec<(String, String)>)> {
    let rows = upcoming(state, caller, months).await?;
    let (mut sent, mut before, mut failed) = (0, 0, Vec::new());
    for row in rows {
        let done: Option<String> = sqlx::query_scalar("SELECT sent_at FROM benefit_notices WHERE account_id = $1")
            .bind(&row.account)
            .fetch_optional(state.db.pool())
            .await
            .map_err(AppError::internal)?;
        if done.is_some() {
            before += 1;
            continue;
        }
        // The address, and the language the person last signed in with (§4).
        let found: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT r.email, u.lang FROM registry_persons r JOIN personal_accounts a ON a.id_kind = r.id_kind AND a.id_number = r.id_number \
             LEFT JOIN accounts u ON u.kind = 'resident' AND u.id_kind = a.id_kind AND u.id_number = a.id_number WHERE a.id = $1",
        )
        .bind(&row.account)
        .fetch_optional(state.db.pool())
        .await
        .map_err(AppError::internal)?;
        let (email, lang) = found.unwrap_or_default();
        let Some(email) = email.filter(|e| !e.is_empty()) else { continue };
        let (name, on, years, balance, url) = (&row.name, &row.eligible_on, row.contribution_years, &row.balance, &state.public_url);
        let (subject, body) = match lang.as_deref().and_then(Lang::from_tag).unwrap_or_default() {
            Lang::Zh => {
                let figure = match (&row.estimate, &row.problem) {
                    (Some(m), _) => format!("按目前的缴费记录测算，每月养老金约 {m} 元（以核定为准）。"),
                    (None, Some(p)) => format!("目前还不能领取：{p}。"),
                    _ => String::new(),
                };
                (
                    "城乡居民养老保险待遇领取告知书".to_owned(),
                    format!(
                        "{name}：\n\n您将于 {on} 年满领取年龄（已满的请尽快申领）。累计缴费 {years} 年，个人账户储存额 {balance} 元。{figure}\n\n{HOW_TO_CLAIM}\n\n申领入口：{url}/me/pension\n"
                    ),
                )
            }
            Lang::MnMong => {
                let figure = match (&row.estimate, &row.problem) {
                    (Some(m), _) => format!("ᠣᠳᠣᠬᠠᠨ ᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠢᠶᠡᠷ ᠲᠣᠭᠠᠴᠠᠪᠠᠯ ᠰᠠᠷ᠎ᠠ ᠳᠤ ᠪᠠᠷᠠᠭ᠎ᠠ ᠪᠡᠷ {m} ᠶᠤᠸᠠᠨ (ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠢ ᠦᠨᠳᠦᠰᠦᠯᠡᠨ᠎ᠡ)᠃"),
                    (None, Some(p)) => format!("ᠣᠳᠣ ᠠᠪᠴᠤ ᠳᠡᠶᠢᠯᠬᠦ ᠦᠭᠡᠢ᠄ {}᠃", term(Lang::MnMong, p)),
                    _ => String::new(),
                };
                (
                    "ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠮᠡᠳᠡᠭᠳᠡᠯ".to_owned(),
                    format!(
                        "{name} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\nᠲᠠ {on} ᠳᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠨᠠᠰᠤ ᠳᠤ ᠬᠦᠷᠦᠨ᠎ᠡ (ᠬᠦᠷᠦᠭᠰᠡᠨ ᠪᠣᠯ ᠳᠠᠷᠤᠢ ᠭᠣᠶᠣᠨ᠎ᠠ ᠤᠤ)᠃ ᠨᠡᠢᠲᠡ {years} ᠵᠢᠯ ᠲᠥᠯᠦᠭᠰᠡᠨ᠂ \
                         ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {balance} ᠶᠤᠸᠠᠨ᠃ {figure}\n\n{HOW_TO_CLAIM_MN}\n\nᠭᠣᠶᠣᠬᠤ ᠣᠷᠤᠯᠲᠠ᠄ {url}/me/pension\n"
                    ),
                )
            }
        };
        match state.mail.send(&email, &subject, &body).await {
            Ok(()) => {
                sqlx::query("INSERT INTO benefit_notices (account_id, sent_at) VALUES ($1, $2) ON CONFLICT (account_id) DO NOTHING")
                    .bind(&row.account)
                    .bind(ts_micros(now()))
                    .execute(state.db.pool())
                    .await
                    .map_err(AppError::internal)?;
                sent += 1;
            }
            Err(e) => failed.push((domain::id_number::mask_email(&email), e.to_string())),
        }
    }
    let mut entry = caller.audit("benefit.notices_mailed", None);
    entry.after = Some(serde_json::json!({ "sent": sent, "before": before, "failed": failed.len() }).to_string());
    super::audit::record(&state.db, entry).await?;
    Ok((sent, before, failed))
}
