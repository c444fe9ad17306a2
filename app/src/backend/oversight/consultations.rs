//! Consultations and reports (咨询、举报, S4; 规程第十二章). Anyone, signed
//! in or not, files one and gets a tracking number; a clerk who takes a
//! call or a visit files it for the person. First-contact responsibility
//! (首问负责制): the filing has one owner who answers it — the clerk who
//! took it, or for an online filing the county clerk of the chosen county
//! with the fewest open filings (a county clerk takes it when the county
//! had none). The owner's answer closes it; the filer reads it with the
//! tracking number, and gets it by mail when they left an address.
//!
//! A reporter's contact is seen only by the owner (the others of the
//! county see it masked); neither the text nor the contact goes into the
//! audit trail or the logs.

use crate::backend::identity::auth::{Caller, throttle};
use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, cases::engine as cases, infra::audit, infra::reference};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::i18n::{Lang, for_reader};
use crate::model::{ConsultationFiled, ConsultationForm, ConsultationRow, ConsultationStatus};
use domain::consultation::{self, Kind};
use domain::id_number::{mask_email, mask_phone};
use domain::{DivisionCode, DivisionLevel, Role};
use sqlx::Row;

/// The clerks who take and answer consultations.
pub const ROLES: &[Role] = &[Role::TownshipClerk, Role::CountyClerk];

/// A contact: a mobile number or an e-mail address, checked.
fn contact(text: Option<&str>) -> AppResult<Option<String>> {
    let Some(c) = text.map(str::trim).filter(|c| !c.is_empty()) else { return Ok(None) };
    let phone = c.len() == 11 && c.starts_with('1') && c.bytes().all(|b| b.is_ascii_digit());
    let email = c.len() <= 100 && c.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !c.contains(char::is_whitespace));
    if phone || email { Ok(Some(c.to_owned())) } else { Err(AppError::invalid(msg::consultations_invalid_contact())) }
}

fn mask_contact(c: &str) -> String {
    if c.contains('@') { mask_email(c) } else { mask_phone(c) }
}

/// Files a consultation or report; the tracking number and the deadline.
pub async fn file(state: &AppState, caller: &Caller, form: &ConsultationForm) -> AppResult<ConsultationFiled> {
    let kind = Kind::parse(&form.kind).ok_or_else(|| AppError::invalid(msg::consultations_choose_kind()))?;
    let county = DivisionCode::parse(form.county.trim())
        .ok()
        .filter(|c| c.level() == DivisionLevel::County)
        .ok_or_else(|| AppError::invalid(msg::consultations_choose_county()))?;
    reference::division_name(&state.db, county.as_str()).await?.ok_or_else(|| AppError::invalid(msg::consultations_unknown_county()))?;
    let topic = cases::required(&form.topic, "事项（50 字以内）", 50)?;
    let body = cases::required(&form.body, "具体内容（2000 字以内）", 2000)?;
    let contact_name = match form.contact_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => Some(cases::required(n, "联系人姓名（50 字以内）", 50)?),
        None => None,
    };
    let contact = contact(form.contact.as_deref())?;
    // A clerk of this county who takes a call or a visit owns it.
    let taker = caller.principal.as_ref().filter(|p| {
        p.is_staff()
            && p.kiosk.is_none()
            && p.has_any(ROLES)
            && p.jurisdiction.as_ref().and_then(|j| j.at_level(DivisionLevel::County)).as_ref() == Some(&county)
    });
    let today = state.today();
    let deadline = reference::work_calendar(&state.db).await?.deadline(today, kind.time_limit_days());
    let random = uuid::Uuid::new_v4();
    let tracking = kind.tracking_number(today, random.as_bytes());
    let mut tx = state.db.begin_write().await?;
    if taker.is_none() {
        // Anyone may file without signing in: bounded per address.
        let key = format!("consult:{}", throttle::ip_key(caller.ip.as_deref()));
        throttle::check(&mut tx, &key, throttle::CONSULTATIONS_PER_IP, now()).await.map_err(|mut e| {
            e.message = msg::consultations_network_hourly_limit(throttle::CONSULTATIONS_PER_IP.max);
            e
        })?;
        throttle::record(&mut tx, &key, now()).await?;
    }
    let (owner, owner_name, channel) = match taker {
        Some(p) => (Some(p.account_id.clone()), Some(p.name.clone()), "window"),
        None => {
            let least_busy: Option<(String, String)> = sqlx::query_as(
                "SELECT a.id, a.display_name FROM accounts a JOIN account_roles r ON r.account_id = a.id AND r.role = 'county_clerk' \
                 WHERE a.kind = 'staff' AND a.jurisdiction = $1 AND a.disabled_at IS NULL \
                 ORDER BY (SELECT COUNT(*) FROM consultations c WHERE c.owner = a.id AND c.status = 'open'), a.id LIMIT 1",
            )
            .bind(county.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            let (id, name) = least_busy.unzip();
            (id, name, "online")
        }
    };
    sqlx::query(
        "INSERT INTO consultations (tracking, kind, county_code, topic, body, contact_name, contact, channel, filed_by, owner, owner_name, \
         status, received_on, deadline, created_at, lang) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13, $14, $15)",
    )
    .bind(&tracking)
    .bind(kind.code())
    .bind(county.as_str())
    .bind(&topic)
    .bind(&body)
    .bind(&contact_name)
    .bind(&contact)
    .bind(channel)
    .bind(caller.principal.as_ref().map(|p| p.account_id.clone()))
    .bind(&owner)
    .bind(&owner_name)
    .bind(today.to_string())
    .bind(deadline.to_string())
    .bind(ts(now()))
    .bind(caller.lang.tag())
    .execute(&mut *tx)
    .await?;
    let mut entry = caller.audit("consultation.file", Some(tracking.clone()));
    entry.after = Some(serde_json::json!({ "kind": kind.code(), "county": county.as_str(), "channel": channel, "owner": owner }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    // The receipt carries the tracking number and the deadline only, never
    // the filer's own words: anyone may file with any address, and this
    // service must not carry their text to someone else's inbox.
    if let Some(to) = contact.as_deref().filter(|c| c.contains('@')) {
        let (lang, kind) = (caller.lang, crate::names::consultation_kind(kind));
        let subject = msg::consult_mail_received_subject(kind, &tracking).text(lang);
        let text = format!(
            "{}\n\n{}\n{}\n\n{}\n",
            msg::consult_mail_received(kind).text(lang),
            msg::consult_mail_tracking(&tracking).text(lang),
            msg::consult_mail_deadline(deadline).text(lang),
            msg::consult_mail_keep_tracking().text(lang)
        );
        if let Err(e) = state.mail.send(to, &subject, &text).await {
            tracing::error!(%tracking, "consultation receipt not delivered: {e}");
        }
    }
    Ok(ConsultationFiled { tracking, deadline: deadline.to_string() })
}

/// What the holder of the tracking number sees.
pub async fn status(state: &AppState, tracking: &str) -> AppResult<ConsultationStatus> {
    let not_found = || AppError::not_found(msg::consultations_number_not_found_check());
    let tracking = consultation::normalize_tracking(tracking).ok_or_else(not_found)?;
    let r = sqlx::query(
        "SELECT c.kind, c.topic, c.county_code, d.name AS county_name, d.name_mn AS county_name_mn, c.status, c.received_on, c.deadline, c.answer, c.answered_on \
         FROM consultations c LEFT JOIN divisions d ON d.code = c.county_code WHERE c.tracking = $1",
    )
    .bind(&tracking)
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(not_found)?;
    let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
    let o = |c: &str| r.try_get::<Option<String>, _>(c).map_err(AppError::internal);
    let answered = s("status")? == "answered";
    Ok(ConsultationStatus {
        kind_label: Kind::parse(&s("kind")?).map_or_else(|| "—".to_owned(), |k| for_reader(crate::names::consultation_kind(k))),
        topic: s("topic")?,
        county_name: o("county_name")?.unwrap_or_else(|| s("county_code").unwrap_or_default()),
        county_name_mn: o("county_name_mn")?,
        received_on: s("received_on")?,
        deadline: s("deadline")?,
        status_label: for_reader(crate::names::consultation_status(answered)),
        answered,
        answer: o("answer")?,
        answered_on: o("answered_on")?,
        tracking,
    })
}

/// The filings a clerk sees: those they own, and those of the counties in
/// their jurisdiction; open ones first, by deadline. Every listing is in
/// the audit trail (it shows what people wrote).
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<ConsultationRow>> {
    let p = caller.staff_with(ROLES)?;
    let county = p.jurisdiction.as_ref().and_then(|j| j.at_level(DivisionLevel::County)).filter(|_| p.roles.contains(&Role::CountyClerk));
    let rows = sqlx::query(
        "SELECT c.*, d.name AS county_name FROM consultations c LEFT JOIN divisions d ON d.code = c.county_code \
         WHERE c.owner = $1 OR c.county_code = $2 ORDER BY c.status DESC, c.deadline, c.tracking LIMIT 500",
    )
    .bind(&p.account_id)
    .bind(county.as_ref().map_or("", DivisionCode::as_str))
    .fetch_all(state.db.pool())
    .await?;
    let today = state.today().to_string();
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
        let o = |c: &str| r.try_get::<Option<String>, _>(c).map_err(AppError::internal);
        let mine = o("owner")?.as_deref() == Some(p.account_id.as_str());
        let answered = s("status")? == "answered";
        let deadline = s("deadline")?;
        out.push(ConsultationRow {
            tracking: s("tracking")?,
            kind_label: Kind::parse(&s("kind")?).map_or_else(|| "—".to_owned(), |k| for_reader(crate::names::consultation_kind(k))),
            county: o("county_name")?.unwrap_or(s("county_code")?),
            topic: s("topic")?,
            body: s("body")?,
            contact_name: o("contact_name")?,
            contact: o("contact")?.map(|c| if mine { c } else { mask_contact(&c) }),
            channel: if s("channel")? == "window" { "窗口、电话" } else { "网上" }.to_owned(),
            owner_name: o("owner_name")?,
            mine,
            received_on: s("received_on")?,
            overdue: !answered && deadline < today,
            deadline,
            answered,
            answer: o("answer")?,
        });
    }
    let mut entry = caller.audit("consultation.list", None);
    entry.after = Some(serde_json::json!({ "shown": out.len() }).to_string());
    audit::record(&state.db, entry).await?;
    Ok(out)
}

/// A county clerk takes a filing of their county that has no owner.
pub async fn take(state: &AppState, caller: &Caller, tracking: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let tracking = consultation::normalize_tracking(tracking).ok_or_else(|| AppError::not_found(msg::consultations_number_not_found()))?;
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT county_code, owner_name FROM consultations WHERE tracking = $1").bind(&tracking).fetch_optional(&mut *tx).await?;
    let (county, owner_name) =
        row.filter(|(c, _)| DivisionCode::parse(c).is_ok_and(|c| p.covers(&c))).ok_or_else(|| AppError::not_found(msg::consultations_number_not_local()))?;
    if let Some(name) = owner_name {
        return Err(AppError::new(ErrorCode::Conflict, msg::consultations_already_claimed_by(name)));
    }
    let taken = sqlx::query("UPDATE consultations SET owner = $1, owner_name = $2 WHERE tracking = $3 AND owner IS NULL")
        .bind(&p.account_id)
        .bind(&p.name)
        .bind(&tracking)
        .execute(&mut *tx)
        .await?;
    if taken.rows_affected() != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::consultations_claimed_by_other_refresh()));
    }
    let mut entry = caller.audit("consultation.take", Some(tracking.clone()));
    entry.after = Some(serde_json::json!({ "county": county }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(msg::consultations_taken(&tracking))
}

/// The owner answers; the filing is closed and the filer told.
pub async fn answer(state: &AppState, caller: &Caller, tracking: &str, text: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.staff_with(ROLES)?;
    let tracking = consultation::normalize_tracking(tracking).ok_or_else(|| AppError::not_found(msg::consultations_number_not_found()))?;
    let text = cases::required(text, "答复内容（2000 字以内）", 2000)?;
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, Option<String>, Option<String>, String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT status, owner, owner_name, kind, topic, contact, lang FROM consultations WHERE tracking = $1")
            .bind(&tracking)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, owner, owner_name, kind, topic, to, lang) = row.ok_or_else(|| AppError::not_found(msg::consultations_number_not_found()))?;
    if owner.as_deref() != Some(p.account_id.as_str()) {
        return Err(match owner_name {
            Some(name) => AppError::new(ErrorCode::Forbidden, msg::consultations_reply_by_first_responder(name)),
            None => AppError::new(ErrorCode::Conflict, msg::consultations_claim_first()),
        });
    }
    if status != "open" {
        return Err(AppError::new(ErrorCode::Conflict, msg::consultations_already_answered()));
    }
    let today = state.today().to_string();
    sqlx::query("UPDATE consultations SET status = 'answered', answer = $1, answered_on = $2, answered_by = $3 WHERE tracking = $4 AND status = 'open'")
        .bind(&text)
        .bind(&today)
        .bind(&p.account_id)
        .bind(&tracking)
        .execute(&mut *tx)
        .await?;
    audit::append(&mut tx, &caller.audit("consultation.answer", Some(tracking.clone()))).await?;
    tx.commit().await?;
    let kind = crate::names::consultation_kind(Kind::parse(&kind).unwrap_or(Kind::Consultation));
    if let Some(to) = to.filter(|c| c.contains('@')) {
        let lang = lang.as_deref().and_then(Lang::from_tag).unwrap_or_default();
        let subject = msg::consult_mail_answer_subject(kind, &tracking).text(lang);
        let body = format!("{}\n\n{text}\n", msg::consult_mail_answered(kind, &tracking, &topic, &today).text(lang));
        if let Err(e) = state.mail.send(&to, &subject, &body).await {
            tracing::error!(%tracking, "consultation answer not delivered: {e}");
        }
    }
    Ok(msg::consultations_answered(&tracking))
}
