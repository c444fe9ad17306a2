//! Transfer-in (T1–T3): the application to bring one's account here from
//! another county, league or scheme; its approval asks the other side for
//! the funds, and the account is credited when they arrive.

use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, NewCase, Stored};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::audit, infra::reference, infra::registry, money::ledger as accounts_ledger};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::Message;
use crate::i18n::msg;
use crate::model::TransferInForm;
use crate::names;
use chrono::{Datelike, NaiveDate};
use domain::case::CaseType;
use domain::ledger::{self, EntryKind};
use domain::{DivisionCode, DivisionLevel, DocumentKind, DocumentNumber, Role, Yuan};
use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

use crate::backend::transfers::letters::reopen;
use crate::backend::transfers::*;

/// Where the person was insured before.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Scheme {
    /// The residents' scheme of another league (a peer deployment; forms
    /// filed before 制度衔接 existed name no scheme).
    #[default]
    Resident,
    /// The employees' scheme (制度衔接).
    Employee,
}

/// A transfer-in as filed (《转入申请表》 or 《衔接申请表》).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Form {
    #[serde(default)]
    pub scheme: Scheme,
    /// The peer league's code (none for 制度衔接).
    pub from_league: Option<String>,
    /// The old place's name, or the employees' agency.
    pub from_name: String,
    pub enrolled_here: bool,
    /// Insured here once, transferred out, and moving back (forms filed
    /// before moving back was possible say nothing: no).
    #[serde(default)]
    pub returning: bool,
    /// The registry's village when filed (the reviewer compares).
    pub registry_village: String,
    pub registry: domain::filing::RegistryFacts,
    /// 《登记表》 fields: for someone not insured here now.
    #[serde(flatten)]
    pub registration: Option<domain::filing::Registration>,
    pub confirmation: domain::Confirmation,
}

/// T3: files the transfer-in application at the new place. Refused with
/// the reason and nothing stored: transfers not configured, an old place
/// not connected, a household not registered in this league, one already
/// in progress, a missing attachment or field.
pub async fn submit(state: &AppState, caller: &Caller, form: &TransferInForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = cases::filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let connection = match form.scheme.as_deref().map(str::trim).unwrap_or("resident") {
        "resident" | "" => false,
        "employee" => true,
        _ => return Err(AppError::invalid(msg::transfer_in_choose_prior_scheme())),
    };
    // The old side: a peer deployment (another league), or an agency of
    // the employees' scheme (制度衔接), which needs no exchange configured.
    let (from, from_name) = if connection {
        let agency = cases::required(form.from_agency.as_deref().unwrap_or(""), "原参保的职工养老保险经办机构名称", 60)?;
        (None, agency)
    } else {
        let (league, _) = own_league(state)?;
        let from = form.from_league.as_deref().unwrap_or("").trim();
        if from == league {
            return Err(AppError::invalid(msg::transfer_in_same_league_go_county()));
        }
        let peer = state.transfers.peer(from).map(|p| p.league.clone()).ok_or_else(|| AppError::invalid(msg::transfer_in_origin_not_connected()))?;
        (Some(from.to_owned()), reference::division_name(&state.db, &peer).await?.unwrap_or(peer))
    };
    let person = registry::find(state.db.pool(), &filing.person)
        .await?
        .filter(|r| r.death_date.is_none())
        .ok_or_else(|| AppError::invalid(msg::transfer_in_person_not_in_hukou()))?;
    let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
    if let Some(league) = state.transfers.league.as_deref()
        && village.at_level(DivisionLevel::League).map(|l| l.as_str().to_owned()).as_deref() != Some(league)
    {
        return Err(AppError::invalid(msg::transfer_in_hukou_not_moved()));
    }
    if filing.applicant_kind == domain::ApplicantKind::Staff && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::transfer_in_only_local_hukou()));
    }
    let here: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT transferred_out_on, deregistered_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(filing.person.kind().code())
            .bind(filing.person.as_str())
            .fetch_optional(state.db.pool())
            .await?;
    if let Some((_, Some(on))) = &here {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_in_already_deregistered(on)));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(filing.person.kind().code())
        .bind(filing.person.as_str())
        .fetch_optional(state.db.pool())
        .await?;
    if pension.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_in_already_determined()));
    }
    // Insured here and not transferred out: no 《登记表》. Someone who once
    // transferred out and has moved back fills it again (the relationship
    // reopens when the funds arrive).
    let enrolled = matches!(here, Some((None, None)));
    let registration = if enrolled {
        None
    } else {
        // 《登记表》 fields, for a person not yet insured here.
        let phone = domain::Phone::parse(form.phone.as_deref().unwrap_or("")).map_err(AppError::invalid)?;
        let policy = reference::policy_on(state.db.pool(), state.today()).await?;
        let tier = Yuan::parse(form.tier.as_deref().unwrap_or("").trim()).ok().filter(|t| policy.tiers.contains(t)).ok_or_else(|| {
            let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
            AppError::invalid(msg::transfer_in_choose_local_tier(tiers.join("、")))
        })?;
        Some(domain::filing::Registration {
            residence_address: cases::required(form.residence_address.as_deref().unwrap_or(""), Key::FactResidenceAddress, 100)?,
            phone,
            tier,
            bank_card: cases::bank_card(form.bank_card.as_deref().unwrap_or(""))?,
        })
    };
    let kinds: Vec<&str> = uploads.iter().map(|u| u.kind.as_str()).collect();
    let needed: &[&str] =
        if filing.applicant_kind == domain::ApplicantKind::Staff { &["signed_form"] } else { &["id_front", "id_back", "hukou_home", "hukou_self"] };
    if let Some(missing) = needed.iter().find(|k| !kinds.contains(k)) {
        return Err(AppError::invalid(msg::dereg_upload_missing(crate::names::document_kind(missing))));
    }
    let details = Form {
        scheme: if connection { Scheme::Employee } else { Scheme::Resident },
        from_league: from.clone(),
        from_name: from_name.clone(),
        enrolled_here: enrolled,
        returning: matches!(here, Some((Some(_), None))),
        registry_village: person.village_code.clone(),
        registry: crate::backend::cases::kinds::enrolment::registry_facts(&person, false)?,
        registration,
        confirmation: cases::confirmation(&filing, form.confirmation.as_deref())?,
    };
    let deadline = cases::deadline_for(state, CaseType::TransferIn).await?;
    let mut tx = state.db.begin_write().await?;
    cases::refuse_open(&mut tx, CaseType::TransferIn, &filing.person).await?;
    let running: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM transfers WHERE id_kind = $1 AND id_number = $2 AND direction = 'in' AND status IN ('letter_sent', 'funds_pending')",
    )
    .bind(filing.person.kind().code())
    .bind(filing.person.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if running > 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_in_already_pending()));
    }
    let new = NewCase { case_type: CaseType::TransferIn, filing: &filing, person_name: &person.name, place: &village, form: &details, deadline };
    let (id, _) = cases::open_case(state, &mut tx, caller, new, &uploads, json!({ "from_league": from, "from_name": from_name })).await?;
    tx.commit().await?;
    Ok(id)
}

/// Approval of the application (审核): the transfer starts and the receipt
/// letter goes to the old place.
pub(crate) async fn approve_in(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let connection = f.scheme == Scheme::Employee;
    let peer =
        if connection { Some(f.from_name.as_str()) } else { f.from_league.as_deref() }.ok_or_else(|| AppError::internal("transfer form lacks its old side"))?;
    let county = c.jurisdiction.at_level(DivisionLevel::County).ok_or_else(|| AppError::internal("no county"))?;
    let at = ts(now());
    sqlx::query(
        "INSERT INTO transfers (id, direction, peer, scheme, id_kind, id_number, name, county_code, status, created_at, updated_at) \
         VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, 'letter_sent', $8, $8)",
    )
    .bind(id)
    .bind(peer)
    .bind(if connection { "employee" } else { "resident" })
    .bind(c.person.kind().code())
    .bind(c.person.as_str())
    .bind(&c.person_name)
    .bind(county.as_str())
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    if connection {
        // The agency of the other scheme is not on our exchange: the county
        // prints the 《联系函》 and sends it (post, or the national system).
        return step(tx, id, "in", &format!("衔接申请审核通过，《联系函》已生成，由旗县社保经办机构发往{peer}")).await;
    }
    let body = json!({
        "id_kind": c.person.kind().code(), "id_number": c.person.as_str(), "name": c.person_name,
        "new_county": county.as_str(), "new_village": c.jurisdiction.as_str(), "applied_on": c.received_on,
    });
    send(state, tx, peer, LETTER, id, body).await?;
    step(tx, id, "in", "转入申请审核通过，《接收函》已发往转出地").await
}

/// What the case page shows of a transfer-in (T4): the application, the
/// data comparison, then every step with its date, and the amounts.
pub(crate) async fn facts(state: &AppState, id: &str, c: &Stored, f: &Form) -> AppResult<Vec<crate::backend::cases::engine::Fact>> {
    let registry_now = registry::find(state.db.pool(), &c.person).await?.map(|r| r.village_code);
    let comparison = match registry_now {
        Some(v) if v == f.registry_village => "一致：户籍已迁入本地".to_owned(),
        Some(v) => format!("不一致：户籍登记村（社区）现为 {v}"),
        None => "户籍登记信息中没有此人：请核实".to_owned(),
    };
    let connection = f.scheme == Scheme::Employee;
    let mut out = if connection {
        vec![
            fact(Key::FactApplication, "《衔接申请表》：从城镇职工基本养老保险转入（制度衔接）".to_owned()),
            fact(Key::FactEmployeeAgency, f.from_name.clone()),
        ]
    } else {
        vec![fact(Key::FactFromPlace, f.from_name.clone())]
    };
    out.extend([
        fact(Key::FactHukouCheck, comparison),
        fact(
            Key::FactLocalEnrolment,
            if f.enrolled_here {
                "已参保（不再填写登记表）"
            } else if f.returning {
                "曾在本地参保并已转出，转回后恢复"
            } else {
                "新参保（随转入建立）"
            }
            .to_owned(),
        ),
    ]);
    if let Some(r) = &f.registration {
        out.push(fact(Key::FactTier, r.tier.to_string()));
        out.push(fact(Key::FactBankCard, cases::card_fact(&r.bank_card)));
    }
    let progress = progress(state, id, "in").await?;
    if connection && !progress.is_empty() {
        out.push(fact(Key::FactConnectionLetter, format!("/print/transfers/{id}/contact-letter")));
    }
    out.extend(progress);
    Ok(out)
}

pub(crate) async fn progress(state: &AppState, id: &str, direction: &str) -> AppResult<Vec<crate::backend::cases::engine::Fact>> {
    let mut out = Vec::new();
    let row = sqlx::query("SELECT status, scheme, reason, amount_fen, interest_fen FROM transfers WHERE id = $1 AND direction = $2")
        .bind(id)
        .bind(direction)
        .fetch_optional(state.db.pool())
        .await?;
    let Some(r) = row else { return Ok(out) };
    let status: String = r.try_get("status")?;
    let scheme: String = r.try_get("scheme")?;
    out.push(fact(Key::FactTransferStatus, names::or_text(names::transfer_status(&status, &scheme), "—")));
    if let Some(reason) = r.try_get::<Option<String>, _>("reason")? {
        out.push(fact(Key::FactTransferRefusal, reason));
    }
    if let Some(fen) = r.try_get::<Option<i64>, _>("amount_fen")? {
        let interest = r.try_get::<Option<i64>, _>("interest_fen")?.unwrap_or(0);
        let of = if scheme == "employee" { "职工养老保险记账利息" } else { "转出地结息" };
        out.push(fact(Key::FactTransferredBalance, format!("{}（含{of} {} 元）", Yuan::from_fen(fen), Yuan::from_fen(interest))));
    }
    let steps = sqlx::query("SELECT at, step FROM transfer_events WHERE transfer_id = $1 AND direction = $2 ORDER BY seq")
        .bind(id)
        .bind(direction)
        .fetch_all(state.db.pool())
        .await?;
    for s in steps {
        let at: String = s.try_get("at")?;
        out.push(fact(Message::Text(crate::backend::infra::clock::local_time(&at)), s.try_get::<String, _>("step")?));
    }
    Ok(out)
}

/// The amount a transfer-in waits for, if it does.
pub(crate) async fn awaiting_funds(state: &AppState, id: &str) -> AppResult<Option<String>> {
    let fen: Option<Option<i64>> = sqlx::query_scalar("SELECT amount_fen FROM transfers WHERE id = $1 AND direction = 'in' AND status = 'funds_pending'")
        .bind(id)
        .fetch_optional(state.db.pool())
        .await?;
    Ok(fen.flatten().map(|f| Yuan::from_fen(f).to_string()))
}

/// The county clerk of the new place confirms the money arrived in full
/// (the amount on the bank's receipt); the account opens with the carried
/// history, the person is told, and the 办结反馈 goes back.
pub async fn confirm_funds(state: &AppState, caller: &Caller, id: &str, amount: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let gone = || AppError::not_found(msg::transfer_in_not_found());
    let received = Yuan::parse(amount.trim()).map_err(|_| AppError::invalid(msg::transfer_in_enter_amount_received()))?;
    let mut tx = state.db.begin_write().await?;
    let row = sqlx::query(
        "SELECT peer, scheme, id_kind, id_number, name, county_code, status, amount_fen, approval_json, interest_year, interest_through, answer_recorded_by \
         FROM transfers WHERE id = $1 AND direction = 'in'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(gone)?;
    let s = |k: &str| row.try_get::<String, _>(k).map_err(AppError::internal);
    let county = DivisionCode::parse(&s("county_code")?).map_err(AppError::internal)?;
    if !p.covers(&county) {
        return Err(gone());
    }
    let (status, scheme) = (s("status")?, s("scheme")?);
    if status != "funds_pending" {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_in_cannot_confirm_status(status_label(&status, &scheme))));
    }
    let person = DocumentNumber::parse(DocumentKind::from_code(&s("id_kind")?).ok_or_else(|| AppError::internal("kind"))?, &s("id_number")?)
        .map_err(AppError::internal)?;
    cases::refuse_conflict(&mut *tx, p, &person, None).await?;
    // Separation of duties: who recorded the 《信息表》 does not confirm its money.
    if row.try_get::<Option<String>, _>("answer_recorded_by")?.as_deref() == Some(p.account_id.as_str()) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::transfer_in_confirm_by_other_staff()));
    }
    let expected = Yuan::from_fen(row.try_get::<Option<i64>, _>("amount_fen")?.unwrap_or(0));
    if received != expected {
        return Err(AppError::invalid(msg::transfer_in_amount_mismatch(received, expected)));
    }
    let approval: Value = serde_json::from_str(&s("approval_json")?).map_err(AppError::internal)?;
    let case = cases::load(&mut *tx, id).await?.ok_or_else(|| AppError::internal("transfer without its case"))?;
    let filed: Form = case.form()?;
    let today = state.today().to_string();
    // The person and the account: the existing ones when already insured
    // here (reopened, with the new 《登记表》 fields, for someone who had
    // transferred out and moved back), else new ones.
    let account = match accounts_ledger::account_of(&mut *tx, &person).await? {
        Some(a) => {
            if filed.returning {
                reopen(&mut tx, &case, &a, filed.registration.as_ref()).await?;
            }
            a
        }
        None => {
            let r = filed.registration.as_ref().ok_or_else(|| AppError::internal("a transfer-in of someone not insured here without its 登记表"))?;
            crate::backend::cases::kinds::enrolment::insure(state, &mut tx, id, &case, r, None, &filed.registry).await?
        }
    };
    // The carried history, entry by entry as the old place kept it. Back to
    // an account of ours (moving back), that history begins with what we
    // sent: our own entries, still here. Those are not booked twice (each
    // year of the statement would show them twice and its balance doubled);
    // their sum comes back as one transfer-in entry, earning from the month
    // the other place paid interest through, as the copies would
    // (`ledger::interest_basis`), and dated no earlier than our transfer out.
    let entries = approval["history"].as_array().ok_or_else(|| AppError::internal("approval without history"))?;
    let batch = format!("transfer:{id}");
    let mut ours: Vec<(String, i64, String)> = if scheme == "employee" {
        Vec::new()
    } else {
        sqlx::query_as("SELECT kind, amount_fen, credited_on FROM ledger_entries WHERE account_id = $1").bind(&account).fetch_all(&mut *tx).await?
    };
    let mut rows: Vec<(EntryKind, String, Yuan, NaiveDate)> = Vec::new();
    let (mut carried, mut returned) = (Yuan::ZERO, Yuan::ZERO);
    for (n, e) in entries.iter().enumerate() {
        let kind = e["kind"].as_str().and_then(EntryKind::parse).ok_or_else(|| AppError::internal("carried entry of unknown kind"))?;
        let amount = Yuan::from_fen(e["amount_fen"].as_i64().ok_or_else(|| AppError::internal("carried entry without amount"))?);
        let on = e["credited_on"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| AppError::internal("carried entry without date"))?;
        carried = carried + amount;
        let key = (kind.code().to_owned(), amount.fen(), on.to_string());
        if let Some(i) = ours.iter().position(|o| *o == key) {
            ours.swap_remove(i);
            returned = returned + amount;
        } else {
            rows.push((kind, format!("{batch}:{n}"), amount, on));
        }
    }
    if !returned.is_zero() {
        let left: Option<String> = sqlx::query_scalar("SELECT MAX(credited_on) FROM account_entries WHERE account_id = $1 AND kind = 'transfer_out'")
            .bind(&account)
            .fetch_one(&mut *tx)
            .await?;
        let left = left.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let (year, month) = (row.try_get::<Option<i64>, _>("interest_year"), row.try_get::<Option<i64>, _>("interest_through"));
        let paid = match (year?, month?) {
            (Some(y), Some(m)) => NaiveDate::from_ymd_opt(y as i32, m as u32, 1),
            _ => None,
        };
        let on = [left, paid].into_iter().flatten().max().unwrap_or(state.today());
        rows.push((EntryKind::TransferIn, format!("{batch}:returned"), returned, on));
    }
    let at = ts(now());
    for (kind, source, amount, on) in rows {
        sqlx::query(
            "INSERT INTO account_entries (account_id, kind, source, amount_fen, credited_on, year, batch_id, booked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&account)
        .bind(kind.code())
        .bind(source)
        .bind(amount.fen())
        .bind(on.to_string())
        .bind(i64::from(on.year()))
        .bind(&batch)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    }
    if carried != expected {
        return Err(AppError::internal(format!("transfer {id}: the 信息表 sums to {carried}, the 审批表 says {expected}")));
    }
    sqlx::query("UPDATE transfers SET account_id = $1 WHERE id = $2 AND direction = 'in'").bind(&account).bind(id).execute(&mut *tx).await?;
    if !set_status(&mut tx, id, "in", &["funds_pending"], "completed").await? {
        return Err(cases::changed_meanwhile());
    }
    step(&mut tx, id, "in", &format!("转入资金 {expected} 元已足额到账，个人账户已建立并记录转入信息，关系转入办结")).await?;
    let peer = s("peer")?;
    if scheme == "employee" {
        // The employees' scheme relationship ended with the 衔接: the person
        // is no longer on the other-scheme list (E3, B3 checks).
        sqlx::query("DELETE FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .execute(&mut *tx)
            .await?;
    } else {
        send(state, &mut tx, &peer, COMPLETED, id, json!({ "completed_on": today, "amount_fen": expected.fen() })).await?;
    }
    crate::backend::infra::notices::notify(&mut tx, &case.applicant, id, msg::transfer_in_completed_notice(expected)).await?;
    let mut entry = caller.audit("transfer.funds_confirmed", Some(id.to_owned()));
    entry.on_behalf_of = Some(person.masked());
    entry.after = Some(json!({ "amount": expected.to_string(), "account": account }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(msg::transfer_in_funds_confirmed(expected))
}

/// 制度衔接: the county clerk records what the employees' scheme agency
/// answered to the 《联系函》: its 《信息表》 (year by year; the transfer
/// then waits for the money) or its refusal with the reason. Refused with
/// the reason and nothing changed: a table that does not parse, 15 years
/// or more under the employees' scheme, a transfer not waiting for it.
pub async fn record_connection(state: &AppState, caller: &Caller, id: &str, outcome: &str, reference: &str, table: &str, reason: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let gone = || AppError::not_found(msg::transfer_in_link_not_found());
    let reference = cases::required(reference, "《信息表》编号或来函文号", 60)?;
    let today = state.today();
    let mut tx = state.db.begin_write().await?;
    let row: (String, String, String) =
        sqlx::query_as("SELECT peer, county_code, status FROM transfers WHERE id = $1 AND direction = 'in' AND scheme = 'employee'")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(gone)?;
    let (agency, county, status) = row;
    if !p.covers(&DivisionCode::parse(&county).map_err(AppError::internal)?) {
        return Err(gone());
    }
    if status != "letter_sent" {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_in_link_reply_entered(status_label(&status, "employee"))));
    }
    let (text, notice, after) = match outcome {
        "refused" => {
            let reason = cases::required(reason, "不同意衔接的原因", 200)?;
            sqlx::query("UPDATE transfers SET status = 'refused', reason = $1, updated_at = $2 WHERE id = $3 AND direction = 'in' AND status = 'letter_sent'")
                .bind(&reason)
                .bind(ts(now()))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            (
                format!("{agency}答复不同意衔接（{reference}）：{reason}"),
                msg::transfer_in_link_refused_notice(&agency, &reason),
                json!({ "outcome": "refused", "reference": reference, "reason": reason }),
            )
        }
        "approved" => {
            let entries = ledger::employee_record(table, today).map_err(AppError::invalid)?;
            let years = ledger::contribution_years(&entries).len();
            if years >= ledger::EMPLOYEE_YEARS_LIMIT {
                return Err(AppError::new(ErrorCode::Conflict, msg::transfer_in_link_employee_years_met(years, agency)));
            }
            let amount: Yuan = ledger::balance(&entries);
            let interest: Yuan = ledger::balance(entries.iter().filter(|e| e.kind == EntryKind::Interest));
            let history: Vec<Value> =
                entries.iter().map(|e| json!({ "kind": e.kind.code(), "amount_fen": e.amount.fen(), "credited_on": e.credited_on.to_string() })).collect();
            let approval = json!({
                "approval": { "agency": agency, "reference": reference, "recorded_on": today.to_string(), "balance_fen": amount.fen(),
                              "interest_fen": interest.fen(), "contribution_years": years },
                "history": history,
                "interest_paid": { "year": today.year(), "through": today.month() },
                "fund": { "amount_fen": amount.fen(), "reference": reference },
            });
            sqlx::query(
                "UPDATE transfers SET status = 'funds_pending', amount_fen = $1, interest_fen = $2, interest_year = $3, interest_through = $4, \
                 approval_json = $5, updated_at = $6, answer_recorded_by = $8 WHERE id = $7 AND direction = 'in' AND status = 'letter_sent'",
            )
            .bind(amount.fen())
            .bind(interest.fen())
            .bind(i64::from(today.year()))
            .bind(i64::from(today.month()))
            .bind(approval.to_string())
            .bind(ts(now()))
            .bind(id)
            .bind(&p.account_id)
            .execute(&mut *tx)
            .await?;
            (
                format!("已收到{agency}的《信息表》（{reference}）：职工养老保险缴费 {years} 年，个人账户储存额 {amount} 元，等待资金到账"),
                msg::transfer_in_link_approved_notice(&agency, years, amount),
                json!({ "outcome": "approved", "reference": reference, "amount": amount.to_string(), "years": years }),
            )
        }
        _ => return Err(AppError::invalid(msg::transfer_in_choose_link_reply())),
    };
    step(&mut tx, id, "in", &text).await?;
    notify_applicant(&mut tx, id, notice).await?;
    let mut entry = caller.audit("transfer.connection_recorded", Some(id.to_owned()));
    entry.after = Some(after.to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(text)
}

/// Whether a 制度衔接 waits for the agency's answer (the clerk's form).
pub(crate) async fn awaiting_connection(state: &AppState, id: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM transfers WHERE id = $1 AND direction = 'in' AND scheme = 'employee' AND status = 'letter_sent'")
        .bind(id)
        .fetch_one(state.db.pool())
        .await?;
    Ok(n == 1)
}
