//! 告知书 (B1): the people who reach pension age soon, and the notice that
//! tells each of them how to claim.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts_micros};
use crate::backend::{AppState, infra::outbox, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Lang, Message, msg};
use chrono::NaiveDate;
use domain::benefit::{self, Determination, Month};
use domain::message::Purpose;
use domain::{DocumentNumber, Yuan};

/// [`HOW_TO_CLAIM`] in Mongolian, for the 告知书 mailed to or printed for a
/// reader of it.
pub(crate) const HOW_TO_CLAIM_MN: &str = "ᠭᠣᠶᠣᠬᠤ ᠠᠷᠭ᠎ᠠ᠄ ᠭᠠᠷ ᠤᠲᠠᠰᠤ ᠪᠠᠷ «ᠮᠢᠨᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ» ᠳᠤ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ ᠱᠤᠳᠤ ᠭᠣᠶᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ᠂ ᠮᠠᠲ᠋ᠧᠷᠢᠶᠠᠯ ᠥᠭᠬᠦ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ᠄ \
ᠭᠠᠴᠠᠭ᠎ᠠ (ᠬᠣᠷᠣᠭᠠᠯᠠᠩ)᠂ ᠰᠤᠮᠤ ᠰᠢᠶᠠᠩ (ᠵᠡᠭᠡᠯᠢ) ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠠᠵᠢᠯᠲᠠᠨ ᠢᠶᠠᠷ ᠪᠠᠷᠢᠭᠳᠠᠭᠤᠯᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ᠂ ᠥᠪᠡᠷ ᠤᠨ ᠦᠨᠡᠮᠯᠡᠬᠦ᠂ ᠬᠦᠮᠦᠨ ᠠᠮᠠ ᠶᠢᠨ ᠳᠡᠪᠲᠡᠷ᠂ \
ᠨᠡᠢᠭᠡᠮ ᠦᠨ ᠪᠠᠲᠤᠯᠠᠭ᠎ᠠ ᠶᠢᠨ ᠺᠠᠷᠲ (ᠡᠰᠡᠬᠦ ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ) ᠪᠠ ᠡᠨᠡ ᠮᠡᠳᠡᠭᠳᠡᠯ ᠢ ᠠᠪᠴᠤ ᠢᠷᠡᠨ᠎ᠡ ᠦᠦ᠃ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢ 60 ᠨᠠᠰᠤ ᠬᠦᠷᠦᠭᠰᠡᠨ ᠦ ᠳᠠᠷᠠᠭᠠᠴᠢ ᠰᠠᠷ᠎ᠠ ᠡᠴᠡ ᠡᠬᠢᠯᠡᠨ ᠰᠠᠷ᠎ᠠ ᠪᠦᠷᠢ ᠣᠯᠭᠣᠨ᠎ᠠ᠃";

pub(crate) const HOW_TO_CLAIM: &str = "申领方式：可在手机上登录“我的养老金”直接申领，不需再交材料；也可由经办人员在村（社区）、苏木乡镇（街道）便民服务窗口代办，\
请携带本人居民身份证、户口簿、社会保障卡（或本人银行卡）和本告知书。养老金从年满 60 周岁的次月起按月发放。";

/// People of the caller's jurisdiction who reach pension age on or before
/// `months` months from today and have no pension yet (those already of
/// age and not claiming included), alive in the registry; each with the
/// estimate, or the reason it cannot be made (B2).
pub async fn upcoming(state: &AppState, caller: &Caller, months: u32) -> AppResult<Vec<crate::model::UpcomingRow>> {
    Ok(listed(state, caller, months).await?.into_iter().map(|u| u.row).collect())
}

/// The list as [`upcoming`] shows it (the view audited), with each
/// person's determination.
async fn listed(state: &AppState, caller: &Caller, months: u32) -> AppResult<Vec<Upcoming>> {
    let p = caller.staff_with(&[domain::Role::TownshipClerk, domain::Role::CountyClerk])?;
    if !(1..=24).contains(&months) {
        return Err(AppError::invalid(msg::eligibility_months_range()));
    }
    let like = format!("{}%", p.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let rows = upcoming_rows(state, &like, months, None).await?;
    let mut entry = caller.audit("benefit.upcoming", None);
    entry.after = Some(serde_json::json!({ "months": months, "listed": rows.len() }).to_string());
    crate::backend::infra::audit::record(&state.db, entry).await?;
    Ok(rows)
}

/// A person on the list with what the determination would be today (the
/// rule of a claim: `ledger::stored_amount`, interest to the month before
/// the first month paid, or to this month when that is still ahead), and
/// the contribution years it counts.
pub(crate) struct Upcoming {
    row: crate::model::UpcomingRow,
    first: Month,
    determination: Result<Determination, Message>,
    years: Vec<i32>,
}

pub(crate) async fn upcoming_rows(state: &AppState, like: &str, months: u32, account: Option<&str>) -> AppResult<Vec<Upcoming>> {
    let today = state.today();
    let policy = reference::policy_on(state.db.pool(), today).await?;
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
    .await?;
    let mut tx = state.db.pool().begin().await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, kind, number, name, village, birth) in rows {
        let birth = NaiveDate::parse_from_str(&birth, "%Y-%m-%d").map_err(AppError::internal)?;
        let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
        let person = DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
        let first = benefit::first_month(birth, &policy);
        // A missing interest rate spoils this row's estimate, not the list.
        let (stored, determination) = match crate::backend::money::interest::stored_amount(today, &mut tx, &id, first, today).await {
            Ok(stored) => {
                let at_first = reference::policy_on(&mut *tx, first.first_day()).await?;
                let determination = benefit::determine(birth, stored.years.len() as u32, stored.balance, &at_first).map_err(Message::from);
                (stored, determination)
            }
            Err(e) if e.code == ErrorCode::Invalid => {
                let entries = crate::backend::money::ledger::entries(&mut *tx, &id).await?;
                let years = domain::ledger::contribution_years(&entries).into_keys().collect();
                let booked =
                    crate::backend::money::interest::StoredAmount { balance: domain::ledger::balance(&entries), interest: Yuan::ZERO, postings: vec![], years };
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
                problem: determination.as_ref().err().map(ToString::to_string),
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
    let n = notice_of(state, &like, account).await?.ok_or_else(|| AppError::not_found(msg::eligibility_not_on_list()))?;
    crate::backend::infra::audit::record(&state.db, caller.audit("benefit.notice", Some(n.row.document_masked.clone()))).await?;
    Ok(n)
}

/// B2: the resident's own notice, once she is on the list (within 24
/// months of pension age, not yet claimed); the view is audited.
pub async fn my_notice(state: &AppState, caller: &Caller) -> AppResult<crate::model::BenefitNotice> {
    let person = caller.principal()?.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let account = crate::backend::money::ledger::account_of(state.db.pool(), &person).await?;
    let n = match account {
        Some(account) => notice_of(state, "%", &account).await?,
        None => None,
    }
    .ok_or_else(|| AppError::not_found(msg::eligibility_no_notice_yet()))?;
    let mut entry = caller.audit("benefit.notice", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    crate::backend::infra::audit::record(&state.db, entry).await?;
    Ok(n)
}

pub(crate) async fn notice_of(state: &AppState, like: &str, account: &str) -> AppResult<Option<crate::model::BenefitNotice>> {
    let Some(u) = upcoming_rows(state, like, 24, Some(account)).await?.into_iter().next() else { return Ok(None) };
    let (kind, number): (String, String) =
        sqlx::query_as("SELECT id_kind, id_number FROM personal_accounts WHERE id = $1").bind(account).fetch_one(state.db.pool()).await?;
    let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
    let reader = crate::backend::infra::notices::language_of(state.db.pool(), &DocumentNumber::parse(kind, &number).map_err(AppError::internal)?).await?;
    let d = u.determination.as_ref().ok();
    Ok(Some(crate::model::BenefitNotice {
        years: u.years,
        first_month: Some(u.first.to_string()),
        basic: d.map(|d| d.basic.to_string()),
        account_part: d.map(|d| d.account.to_string()),
        extra: d.map(|d| d.extra.to_string()),
        how_to_claim: HOW_TO_CLAIM.to_owned(),
        how_to_claim_mn: HOW_TO_CLAIM_MN.to_owned(),
        problem: u.determination.as_ref().err().map(|m| m.text(Lang::Zh)),
        problem_mn: u.determination.as_ref().err().map(|m| m.text(Lang::MnMong)),
        reader_lang: reader.tag().to_owned(),
        row: u.row,
    }))
}

/// Sends the notice (mail and text message) to each person on the list
/// with a contact on file who was not sent it before: queued in the outbox
/// with the row that records it, so it goes once and what fails is
/// retried; `(sent now, sent before)`.
pub async fn mail_notices(state: &AppState, caller: &Caller, months: u32) -> AppResult<(i64, i64)> {
    let listed = listed(state, caller, months).await?;
    let (mut sent, mut before) = (0, 0);
    for u in listed {
        let (row, problem) = (u.row, u.determination.err());
        let done: Option<String> =
            sqlx::query_scalar("SELECT sent_at FROM benefit_notices WHERE account_id = $1").bind(&row.account).fetch_optional(state.db.pool()).await?;
        if done.is_some() {
            before += 1;
            continue;
        }
        let (kind, number): (String, String) =
            sqlx::query_as("SELECT id_kind, id_number FROM personal_accounts WHERE id = $1").bind(&row.account).fetch_one(state.db.pool()).await?;
        let kind = domain::DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
        let person = DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
        let Some(contacts) = outbox::contacts(state.db.pool(), &person).await?.filter(|c| !c.channels(state).is_empty()) else { continue };
        let (name, on, years, balance, url) = (&row.name, &row.eligible_on, row.contribution_years, &row.balance, &state.public_url);
        let write = |lang: Lang| match lang {
            Lang::Zh => {
                let figure = match (&row.estimate, &problem) {
                    (Some(m), _) => format!("按目前的缴费记录测算，每月养老金约 {m} 元（以核定为准）。"),
                    (None, Some(p)) => format!("目前还不能领取：{}。", p.text(Lang::Zh)),
                    _ => String::new(),
                };
                outbox::Written {
                    subject: "城乡居民养老保险待遇领取告知书".to_owned(),
                    mail: format!(
                        "{name}：\n\n您将于 {on} 年满领取年龄（已满的请尽快申领）。累计缴费 {years} 年，个人账户储存额 {balance} 元。{figure}\n\n{HOW_TO_CLAIM}\n\n申领入口：{url}/me/pension\n"
                    ),
                    sms: format!("您将于{on}年满领取养老金的年龄。{figure}可登录 {url}/me/pension 申领，或到村（社区）便民服务窗口代办。"),
                }
            }
            Lang::MnMong => {
                let figure = match (&row.estimate, &problem) {
                    (Some(m), _) => format!("ᠣᠳᠣᠬᠠᠨ ᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠢᠶᠡᠷ ᠲᠣᠭᠠᠴᠠᠪᠠᠯ ᠰᠠᠷ᠎ᠠ ᠳᠤ ᠪᠠᠷᠠᠭ᠎ᠠ ᠪᠡᠷ {m} ᠶᠤᠸᠠᠨ (ᠲᠣᠭᠲᠠᠭᠠᠭᠰᠠᠨ ᠢ ᠦᠨᠳᠦᠰᠦᠯᠡᠨ᠎ᠡ)᠃"),
                    (None, Some(p)) => format!("ᠣᠳᠣ ᠠᠪᠴᠤ ᠳᠡᠶᠢᠯᠬᠦ ᠦᠭᠡᠢ᠄ {}᠃", p.text(Lang::MnMong)),
                    _ => String::new(),
                };
                outbox::Written {
                    subject: "ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠮᠡᠳᠡᠭᠳᠡᠯ".to_owned(),
                    mail: format!(
                        "{name} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\nᠲᠠ {on} ᠳᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠨᠠᠰᠤ ᠳᠤ ᠬᠦᠷᠦᠨ᠎ᠡ (ᠬᠦᠷᠦᠭᠰᠡᠨ ᠪᠣᠯ ᠳᠠᠷᠤᠢ ᠭᠣᠶᠣᠨ᠎ᠠ ᠤᠤ)᠃ ᠨᠡᠢᠲᠡ {years} ᠵᠢᠯ ᠲᠥᠯᠦᠭᠰᠡᠨ᠂ \
                         ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {balance} ᠶᠤᠸᠠᠨ᠃ {figure}\n\n{HOW_TO_CLAIM_MN}\n\nᠭᠣᠶᠣᠬᠤ ᠣᠷᠤᠯᠲᠠ᠄ {url}/me/pension\n"
                    ),
                    sms: format!("ᠲᠠ {on} ᠳᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠨᠠᠰᠤ ᠳᠤ ᠬᠦᠷᠦᠨ᠎ᠡ᠃ {figure} ᠭᠣᠶᠣᠬᠤ ᠣᠷᠤᠯᠲᠠ᠄ {url}/me/pension"),
                }
            }
        };
        // Queued with the row that records it: sent once, retried by the outbox.
        let mut tx = state.db.begin_write().await?;
        outbox::queue_to(&mut tx, state, &person, &contacts, Purpose::EligibilityNotice, write).await?;
        sqlx::query("INSERT INTO benefit_notices (account_id, sent_at) VALUES ($1, $2) ON CONFLICT (account_id) DO NOTHING")
            .bind(&row.account)
            .bind(ts_micros(now()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        sent += 1;
    }
    // The mailer sends them: the clerk does not wait on each send.
    state.outbox.notify_one();
    let mut entry = caller.audit("benefit.notices_mailed", None);
    entry.after = Some(serde_json::json!({ "sent": sent, "before": before }).to_string());
    crate::backend::infra::audit::record(&state.db, entry).await?;
    Ok((sent, before))
}
