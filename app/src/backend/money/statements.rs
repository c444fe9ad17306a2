//! Account statements (A4): issued with a verification code and its QR
//! code, verified by anyone holding the code, mailed once a year.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, infra::audit, infra::outbox};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Lang;
use crate::i18n::msg;
use crate::model::{AccountView, StatementCheck, StatementYear};
use chrono::Datelike;
use domain::audit::AuditEntry;
use domain::ledger::{self, EntryKind};
use domain::message::Purpose;
use domain::{DocumentKind, DocumentNumber};
use domain::{VerificationCode, Yuan};
use sqlx::Row;

use crate::backend::money::ledger::*;

/// Records the statement of one year (once per content; the same content
/// again gets the same code) and returns the code its QR code links to.
/// Runs on its own task: a page render may drop this future half way.
pub(crate) async fn issue(state: &AppState, account: &str, y: &ledger::YearSummary, name: &str) -> AppResult<String> {
    let (db, account, digest, year, closing, name) = (state.db.clone(), account.to_owned(), digest(account, y), y.year, y.closing.fen(), mask_name(name));
    tokio::spawn(async move {
        let find = || async {
            sqlx::query_scalar::<_, String>("SELECT code FROM statements WHERE account_id = $1 AND year = $2 AND digest = $3")
                .bind(&account)
                .bind(year)
                .bind(&digest)
                .fetch_optional(db.pool())
                .await
                .map_err(AppError::internal)
        };
        if let Some(code) = find().await? {
            return Ok(code);
        }
        let mut bits = [0u8; 10];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bits);
        let code = VerificationCode::from_random(bits).as_str().to_owned();
        sqlx::query(
            "INSERT INTO statements (code, account_id, year, digest, closing_fen, name_masked, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, year, digest) DO NOTHING",
        )
        .bind(&code)
        .bind(&account)
        .bind(year)
        .bind(&digest)
        .bind(closing)
        .bind(&name)
        .bind(ts(now()))
        .execute(db.pool())
        .await?;
        find().await?.ok_or_else(|| AppError::internal("statement not recorded"))
    })
    .await
    .map_err(AppError::internal)?
}

/// The stored form of a code as printed and typed: a verification code
/// however it was typed, or (statements issued before the codes were
/// typable) the identifier the QR code of that paper holds.
fn stored_code(typed: &str) -> Option<String> {
    VerificationCode::parse(typed).map(|c| c.as_str().to_owned()).or_else(|| uuid::Uuid::parse_str(typed.trim()).ok().map(|u| u.to_string()))
}

/// The code as printed: grouped for a person to type.
fn printed_code(stored: &str) -> String {
    VerificationCode::parse(stored).map_or_else(|| stored.to_owned(), |c| c.to_string())
}

/// Public verification of a printed statement (A4): genuine when the code
/// exists and the ledger still gives the same figures for that year.
pub async fn verify(state: &AppState, typed: &str) -> AppResult<StatementCheck> {
    let not_genuine = || AppError::new(ErrorCode::NotFound, msg::statements_not_found());
    let code = stored_code(typed).ok_or_else(|| AppError::invalid(msg::statements_code_malformed()))?;
    let row = sqlx::query("SELECT account_id, year, digest, closing_fen, name_masked, issued_at FROM statements WHERE code = $1")
        .bind(&code)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(not_genuine)?;
    let get = |c: &str| row.try_get::<String, _>(c).map_err(AppError::internal);
    let account = get("account_id")?;
    let year: i32 = row.try_get::<i64, _>("year")? as i32;
    let stored_digest = get("digest")?;
    let all = entries(state.db.pool(), &account).await?;
    let current = ledger::years(&all, year).into_iter().find(|y| y.year == year);
    let still_current = current.is_some_and(|y| digest(&account, &y) == stored_digest);
    Ok(StatementCheck {
        issuer: "内蒙古自治区城乡居民基本养老保险经办机构".into(),
        year,
        name_masked: get("name_masked")?,
        closing: Yuan::from_fen(row.try_get("closing_fen")?).to_string(),
        code: printed_code(&code),
        digest: stored_digest,
        issued_at: crate::backend::infra::clock::local_time(&get("issued_at")?),
        still_current,
    })
}

/// The QR code of a statement: an SVG linking to its public verification
/// page.
pub async fn qr_svg(state: &AppState, typed: &str) -> AppResult<String> {
    verify(state, typed).await?;
    let code = stored_code(typed).unwrap_or_default();
    qr_svg_of(&format!("{}/verify/{code}", state.public_url))
}

/// A QR code of `text`, as SVG.
pub fn qr_svg_of(text: &str) -> AppResult<String> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(AppError::internal)?;
    Ok(qr.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).build())
}

/// What a statement mailing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailReport {
    pub sent: i64,
    /// Sent by an earlier run.
    pub sent_before: i64,
}

/// A4: sends each insured person with a mobile number or e-mail on file
/// their statement of `year` (after that year's interest run): the year's
/// figures and the link that verifies them, by mail and by a short text
/// message. Queued in the outbox with one row per account and year, in
/// one transaction: a second run sends nothing again, and the outbox
/// retries what the mail server or SMS platform did not take.
pub async fn mail_statements(state: &AppState, year: i32, by: &AuditEntry) -> AppResult<MailReport> {
    let db = &state.db;
    let run: Option<i64> = sqlx::query_scalar("SELECT year FROM interest_runs WHERE year = $1").bind(i64::from(year)).fetch_optional(db.pool()).await?;
    if run.is_none() {
        return Err(AppError::invalid(msg::statements_interest_not_booked(year, year)));
    }
    let sent_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM statement_mailings WHERE year = $1").bind(i64::from(year)).fetch_one(db.pool()).await?;
    // Each in the language they last signed in with (§4; Chinese if never).
    let people: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.id_kind, a.id_number FROM personal_accounts a \
         JOIN registry_persons r ON r.id_kind = a.id_kind AND r.id_number = a.id_number \
         WHERE r.death_date IS NULL \
         AND NOT EXISTS (SELECT 1 FROM statement_mailings m WHERE m.account_id = a.id AND m.year = $1) ORDER BY a.id",
    )
    .bind(i64::from(year))
    .fetch_all(db.pool())
    .await?;
    let mut report = MailReport { sent_before, ..MailReport::default() };
    for (account, kind, number) in people {
        let person =
            DocumentNumber::parse(DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?, &number).map_err(AppError::internal)?;
        let Some(contacts) = outbox::contacts(db.pool(), &person).await? else { continue };
        if contacts.channels(state).is_empty() {
            continue;
        }
        let all = entries(db.pool(), &account).await?;
        let Some(y) = ledger::years(&all, year).into_iter().find(|y| y.year == year) else { continue };
        let code = issue(state, &account, &y, &contacts.name).await?;
        let interest = ledger::balance(y.entries.iter().filter(|e| e.kind == EntryKind::Interest));
        let credited = ledger::balance(y.entries.iter().filter(|e| e.kind != EntryKind::Interest));
        let (opening, closing, url, name) = (y.opening, y.closing, &state.public_url, &contacts.name);
        let write = |lang: Lang| match lang {
            Lang::Zh => outbox::Written {
                subject: format!("{year} 年度养老保险个人账户对账单"),
                mail: format!(
                    "{name}：\n\n您的城乡居民基本养老保险个人账户 {year} 年度对账单：\n\
                     年初余额 {opening} 元\n本年记入 {credited} 元\n本年利息 {interest} 元\n年末余额 {closing} 元\n\n\
                     核验真伪：{url}/verify/{code}\n查看明细、打印对账单：{url}/me/account\n\n\
                     如对账户记录有疑问，可登录后申请核查，或到乡镇（街道）经办窗口咨询。\n"
                ),
                sms: format!("您的养老保险个人账户{year}年末余额{closing}元（本年记入{credited}元，利息{interest}元）。核验：{url}/verify/{code}"),
            },
            Lang::MnMong => outbox::Written {
                subject: format!("{year} ᠣᠨ ᠤ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠬᠦᠰᠦᠨᠦᠭ"),
                mail: format!(
                    "{name} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\nᠲᠠᠨ ᠤ ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠬᠤᠪᠢ ᠶᠢᠨ ᠳᠠᠩᠰᠠ ᠶᠢᠨ {year} ᠣᠨ ᠤ ᠬᠦᠰᠦᠨᠦᠭ᠄\n\
                     ᠵᠢᠯ ᠦᠨ ᠡᠬᠢᠨ ᠦ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {opening} ᠶᠤᠸᠠᠨ\nᠡᠨᠡ ᠵᠢᠯ ᠣᠷᠣᠭᠰᠠᠨ {credited} ᠶᠤᠸᠠᠨ\nᠡᠨᠡ ᠵᠢᠯ ᠦᠨ ᠬᠦᠦ {interest} ᠶᠤᠸᠠᠨ\n\
                     ᠵᠢᠯ ᠦᠨ ᠡᠴᠦᠰ ᠦᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {closing} ᠶᠤᠸᠠᠨ\n\n\
                     ᠦᠨᠡᠨ ᠬᠤᠳᠠᠯ ᠢ ᠰᠢᠯᠭᠠᠬᠤ᠄ {url}/verify/{code}\nᠨᠠᠷᠢᠯᠢᠭ ᠢ ᠦᠵᠡᠬᠦ᠂ ᠬᠡᠪᠯᠡᠬᠦ᠄ {url}/me/account\n\n\
                     ᠳᠠᠩᠰᠠ ᠶᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠳᠦ ᠡᠷᠬᠡᠯᠵᠡᠯ ᠲᠡᠢ ᠪᠣᠯ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ ᠰᠢᠯᠭᠠᠬᠤ ᠭᠣᠶᠣᠯᠲᠠ ᠲᠤᠰᠢᠶᠠᠬᠤ᠂ ᠡᠰᠡᠬᠦ ᠰᠤᠮᠤ ᠰᠢᠶᠠᠩ (ᠵᠡᠭᠡᠯᠢ) ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠳᠤ ᠯᠠᠪᠯᠠᠨ᠎ᠠ ᠤᠤ᠃\n"
                ),
                sms: format!("ᠲᠠᠨ ᠤ ᠳᠠᠩᠰᠠ ᠶᠢᠨ {year} ᠣᠨ ᠤ ᠡᠴᠦᠰ ᠦᠨ ᠦᠯᠡᠳᠡᠭᠳᠡᠯ {closing} ᠶᠤᠸᠠᠨ᠃ ᠰᠢᠯᠭᠠᠬᠤ᠄ {url}/verify/{code}"),
            },
        };
        // Queued with the row that records it (one transaction): a second
        // run queues nothing again, and the outbox retries what fails.
        let mut tx = db.begin_write().await?;
        outbox::queue_to(&mut tx, state, &person, &contacts, Purpose::Statement, write).await?;
        sqlx::query("INSERT INTO statement_mailings (account_id, year, code, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, year) DO NOTHING")
            .bind(&account)
            .bind(i64::from(year))
            .bind(&code)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        report.sent += 1;
    }
    // The mailer sends them: a league's statements do not wait on each send.
    state.outbox.notify_one();
    let mut entry = by.clone();
    entry.action = "statement.mail".into();
    entry.after = Some(serde_json::json!({ "year": year, "sent": report.sent }).to_string());
    audit::record(db, entry).await?;
    Ok(report)
}

/// The caller's account: balance, contribution years and a statement year
/// by year (A4). Every view is audited.
pub async fn my_account(state: &AppState, caller: &Caller) -> AppResult<AccountView> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let account = account_of(state.db.pool(), &person).await?.ok_or_else(|| AppError::not_found(msg::statements_no_account_yet()))?;
    let name: String = sqlx::query_scalar("SELECT name FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_one(state.db.pool())
        .await?;
    let all = entries(state.db.pool(), &account).await?;
    let today = state.today();
    let mut years = Vec::new();
    for y in ledger::years(&all, today.year()) {
        let verification = issue(state, &account, &y, &name).await?;
        years.push(StatementYear {
            year: y.year,
            opening: y.opening.to_string(),
            entries: y.entries.iter().map(entry_row).collect(),
            credited: ledger::balance(y.entries.iter().filter(|e| e.kind != EntryKind::Interest)).to_string(),
            interest: ledger::balance(y.entries.iter().filter(|e| e.kind == EntryKind::Interest)).to_string(),
            closing: y.closing.to_string(),
            digest: digest(&account, &y),
            code: printed_code(&verification),
            verify_path: format!("/verify/{verification}"),
        });
    }
    let paid = ledger::contribution_years(&all);
    let opened: String = sqlx::query_scalar("SELECT opened_on FROM personal_accounts WHERE id = $1").bind(&account).fetch_one(state.db.pool()).await?;
    let enrolled = opened.get(..4).and_then(|y| y.parse().ok()).unwrap_or(today.year());
    let first = paid.keys().next().copied().unwrap_or(enrolled).min(enrolled);
    let paid_years = (first..=today.year()).map(|year| crate::model::PaidYear { year, credited_on: paid.get(&year).map(ToString::to_string) }).collect();
    let enrolled_tier: Option<String> = sqlx::query_scalar("SELECT tier FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_one(state.db.pool())
        .await?;
    let choices: Vec<(i64, i64)> = sqlx::query_as("SELECT year, tier_fen FROM contribution_choices WHERE account_id = $1 AND year >= $2")
        .bind(&account)
        .bind(i64::from(today.year()))
        .fetch_all(state.db.pool())
        .await?;
    let chosen = [today.year(), today.year() + 1]
        .into_iter()
        .map(|year| crate::model::TierChoice {
            year,
            tier: choices.iter().find(|(y, _)| *y == i64::from(year)).map(|(_, fen)| Yuan::from_fen(*fen).to_string()).or_else(|| enrolled_tier.clone()),
        })
        .collect();
    let tiers = crate::backend::infra::reference::policy_on(state.db.pool(), today).await?.tiers.iter().map(ToString::to_string).collect();
    let mut entry = caller.audit("account.view", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    audit::record(&state.db, entry).await?;
    Ok(AccountView {
        name_masked: mask_name(&name),
        document_masked: person.masked(),
        balance: ledger::balance(&all).to_string(),
        contribution_years: paid.len() as u32,
        issued_on: today.to_string(),
        paid_years,
        years,
        chosen,
        tiers,
    })
}

/// 张桂兰 → 张**; 巴特尔 → 巴**.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| format!("{first}{}", "*".repeat(chars.count().max(1))))
}
