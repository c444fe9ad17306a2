//! The contribution season (issue 36 §4; C1): every year the insured
//! people who have not paid for the year are reminded once, by text message
//! and mail through the outbox, with the tier they chose and how to pay
//! through the tax bureau's channels; the village assistant (and the
//! township and county clerks) list the people of their place not yet paid.
//!
//! Who is due: insured here, not deregistered or transferred out, alive by
//! the registry, not receiving a pension and not yet of pension age, and
//! without a paid year by the ledger's own rule
//! (`domain::ledger::contribution_years`, which counts a year the
//! government paid).

use crate::backend::AppState;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::{audit, outbox, reference};
use crate::backend::money::ledger;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, msg};
use crate::model::UnpaidRow;
use chrono::Datelike;
use domain::message::Purpose;
use domain::{DocumentKind, DocumentNumber, Role, Yuan};

/// Who lists the unpaid of their place.
pub const LISTING: &[Role] = &[Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk];

/// One person of a place due to pay for the year and not yet paid.
struct Unpaid {
    account: String,
    person: DocumentNumber,
    name: String,
    village: String,
    tier: Yuan,
    reminded_at: Option<String>,
}

async fn unpaid(state: &AppState, place: &str, year: i32) -> AppResult<Vec<Unpaid>> {
    let pool = state.db.pool();
    let today = state.today();
    let policy = reference::policy_on(pool, today).await?;
    type Row = (String, String, String, String, String, String, Option<String>, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, i.id_kind, i.id_number, i.name, i.village_code, i.tier, i.birth_date, \
         (SELECT c.tier_fen FROM contribution_choices c WHERE c.account_id = a.id AND c.year = $2), \
         (SELECT r.reminded_at FROM contribution_reminders r WHERE r.account_id = a.id AND r.year = $2) \
         FROM insured_persons i JOIN personal_accounts a ON a.id_kind = i.id_kind AND a.id_number = i.id_number \
         WHERE i.village_code LIKE $1 AND i.deregistered_on IS NULL AND i.transferred_out_on IS NULL \
         AND NOT EXISTS (SELECT 1 FROM pensions p WHERE p.id_kind = i.id_kind AND p.id_number = i.id_number) \
         AND NOT EXISTS (SELECT 1 FROM registry_persons g WHERE g.id_kind = i.id_kind AND g.id_number = i.id_number AND g.death_date IS NOT NULL) \
         ORDER BY i.village_code, i.id_number",
    )
    .bind(format!("{place}%"))
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?;
    let mut due = Vec::new();
    for (account, kind, number, name, village, tier, birth, chosen, reminded_at) in rows {
        // Of pension age: she claims now, she does not pay.
        let birth = birth.as_deref().and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok());
        if birth.is_some_and(|b| domain::benefit::check_age(b, today, &policy).is_ok()) {
            continue;
        }
        if domain::ledger::contribution_years(&ledger::entries(pool, &account).await?).contains_key(&year) {
            continue;
        }
        let person = DocumentKind::from_code(&kind).and_then(|k| DocumentNumber::parse(k, &number).ok()).ok_or_else(|| AppError::internal("bad document"))?;
        let tier = chosen.map(Yuan::from_fen).or_else(|| Yuan::parse(&tier).ok()).unwrap_or(Yuan::ZERO);
        due.push(Unpaid { account, person, name, village, tier, reminded_at });
    }
    Ok(due)
}

/// The people of the caller's place not yet paid for this year, masked,
/// with the tier and whether they were reminded. Audited.
pub async fn unpaid_list(state: &AppState, caller: &Caller) -> AppResult<Vec<UnpaidRow>> {
    let p = caller.staff_with(LISTING)?;
    let place = p.jurisdiction.as_ref().map_or_else(String::new, |j| j.as_str().to_owned());
    let year = state.today().year();
    let rows = unpaid(state, &place, year).await?;
    let mut entry = caller.audit("contribution.unpaid_list", Some(place.clone()));
    entry.after = Some(serde_json::json!({ "year": year, "rows": rows.len() }).to_string());
    audit::record(&state.db, entry).await?;
    Ok(rows
        .into_iter()
        .map(|u| UnpaidRow {
            year,
            village: u.village,
            name_masked: crate::backend::money::statements::mask_name(&u.name),
            document_masked: u.person.masked(),
            tier: u.tier.to_string(),
            reminded_on: u.reminded_at.map(|t| crate::backend::infra::clock::local_time(&t)),
        })
        .collect())
}

/// What a reminder run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reminded {
    /// Reminded now.
    pub sent: u32,
    /// Reminded by an earlier run.
    pub before: u32,
    /// No mobile number or e-mail on file: the village list is how they
    /// are reached.
    pub unreachable: u32,
}

/// Reminds the county clerk's people not yet paid for this year, once per
/// person and year: each reminder is queued with the row that records it
/// (one transaction), so a second run sends nothing again and the outbox
/// retries what fails.
pub async fn remind(state: &AppState, caller: &Caller) -> AppResult<Reminded> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let place = p.jurisdiction.as_ref().map_or_else(String::new, |j| j.as_str().to_owned());
    let year = state.today().year();
    let mut done = Reminded::default();
    for u in unpaid(state, &place, year).await? {
        if u.reminded_at.is_some() {
            done.before += 1;
            continue;
        }
        let Some(contacts) = outbox::contacts(state.db.pool(), &u.person).await?.filter(|c| !c.channels(state).is_empty()) else {
            done.unreachable += 1;
            continue;
        };
        let (tier, url, name) = (u.tier, state.public_url.clone(), contacts.name.clone());
        let write = |lang: Lang| outbox::Written {
            subject: msg::contribution_reminder_subject(year).text(lang),
            mail: msg::contribution_reminder_mail(name.clone(), year, tier, url.clone()).text(lang),
            sms: msg::contribution_reminder_sms(year, tier, url.clone()).text(lang),
        };
        let mut tx = state.db.begin_write().await?;
        let new =
            sqlx::query("INSERT INTO contribution_reminders (account_id, year, reminded_at) VALUES ($1, $2, $3) ON CONFLICT (account_id, year) DO NOTHING")
                .bind(&u.account)
                .bind(i64::from(year))
                .bind(ts(now()))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if new == 1 {
            outbox::queue_to(&mut tx, state, &u.person, &contacts, Purpose::ContributionReminder, write).await?;
            done.sent += 1;
        } else {
            done.before += 1;
        }
        tx.commit().await?;
    }
    // The mailer sends them: a county's reminders do not wait on each send.
    state.outbox.notify_one();
    let mut entry = caller.audit("contribution.remind", Some(place));
    entry.after = Some(serde_json::json!({ "year": year, "sent": done.sent, "before": done.before, "unreachable": done.unreachable }).to_string());
    audit::record(&state.db, entry).await?;
    Ok(done)
}
