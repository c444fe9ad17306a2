//! The letters between the two sides of a transfer: the 《联系函》 and its
//! answer, the approval sheet 《信息表》, refusals and completion, each held
//! for a county clerk to release.

use crate::backend::cases::engine::{self as cases, Stored};
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::{now, ts};
use crate::backend::{AppState, infra::audit, infra::reference, money::ledger as accounts_ledger, money::registration};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::WaitingLetter;
use chrono::{Datelike, NaiveDate};
use domain::case::CaseType;
use domain::ledger::{self};
use domain::{DivisionCode, DocumentKind, DocumentNumber, Role, Yuan};
use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

use crate::backend::transfers::*;

/// 《城乡养老保险制度衔接联系函》: what the county sends the employees'
/// scheme agency once the 衔接 application is approved.
#[derive(Debug, Clone)]
pub struct ContactLetter {
    pub id: String,
    pub agency: String,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub id_number: String,
    pub applied_on: String,
    pub issued_on: String,
    pub county: String,
}

/// The letter, for the applicant and the staff who may see the case (the
/// full ID number is on it: every view is recorded).
pub async fn contact_letter(state: &AppState, caller: &Caller, id: &str) -> AppResult<ContactLetter> {
    let p = caller.principal()?;
    let c = cases::load(state.db.pool(), id).await?.filter(|c| cases::may_see(p, c)).ok_or_else(cases::not_found)?;
    let row: (String, String, String) =
        sqlx::query_as("SELECT peer, county_code, created_at FROM transfers WHERE id = $1 AND direction = 'in' AND scheme = 'employee'")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await?
            .ok_or_else(|| AppError::not_found(msg::transfer_no_link_letter()))?;
    let (agency, county, created) = row;
    let mut entry = caller.audit("transfer.contact_letter", Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    audit::record(&state.db, entry).await?;
    #[derive(serde::Deserialize)]
    struct Filed {
        registry: domain::filing::RegistryFacts,
    }
    let f = c.form::<Filed>()?.registry;
    Ok(ContactLetter {
        id: id.to_owned(),
        agency,
        name: c.person_name.clone(),
        sex: f.sex.label().to_owned(),
        birth_date: f.birth_date.to_string(),
        id_number: c.person.as_str().to_owned(),
        applied_on: c.received_on.clone(),
        issued_on: crate::backend::infra::clock::local_time(&created).chars().take(10).collect(),
        county: reference::division_name(&state.db, &county).await?.unwrap_or(county),
    })
}

/// Someone who transferred out and has moved back: the relationship
/// reopens on the same record and account (the history stays as it was:
/// the transfer out, then what comes back), with the place and the
/// 《登记表》 fields of this application.
pub(crate) async fn reopen(tx: &mut Transaction<'_, Any>, case: &Stored, account: &str, r: Option<&domain::filing::Registration>) -> AppResult<()> {
    sqlx::query(
        "UPDATE insured_persons SET transferred_out_on = NULL, village_code = $1, tier = COALESCE($2, tier), phone = COALESCE($3, phone), \
         bank_card = COALESCE($4, bank_card), residence_address = COALESCE($5, residence_address) \
         WHERE id_kind = $6 AND id_number = $7 AND transferred_out_on IS NOT NULL",
    )
    .bind(case.jurisdiction.as_str())
    .bind(r.map(|r| r.tier.to_string()))
    .bind(r.map(|r| r.phone.as_str()))
    .bind(r.map(|r| r.bank_card.as_str()))
    .bind(r.map(|r| r.residence_address.as_str()))
    .bind(case.person.kind().code())
    .bind(case.person.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE personal_accounts SET closed_on = NULL WHERE id = $1").bind(account).execute(&mut **tx).await?;
    registration::queue(tx, account, "new", None).await
}

// ---------------------------------------------------------------- old place

/// Why the old place cannot let the person go (T1 and the data checks), or
/// `None`.
pub(crate) async fn refusal(tx: &mut Transaction<'_, Any>, league: &str, person: &DocumentNumber, name: &str) -> AppResult<Option<String>> {
    let row: Option<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT name, village_code, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let Some((here_name, _, deregistered, transferred)) = row.filter(|r| r.1.starts_with(league)) else {
        return Ok(Some("转出地没有此人的城乡居民养老保险参保记录：请核对证件号码和转出地".to_owned()));
    };
    if here_name != name {
        return Ok(Some("姓名与转出地参保记录不一致：请核实".to_owned()));
    }
    if let Some(on) = deregistered {
        return Ok(Some(format!("此人已于 {on} 在转出地办理注销登记")));
    }
    if let Some(on) = transferred {
        return Ok(Some(format!("此人的养老保险关系已于 {on} 转出")));
    }
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if pension.is_some() {
        return Ok(Some("已按规定领取城乡居民养老保险待遇：养老保险关系不转移，继续在原参保地领取待遇".to_owned()));
    }
    let open: Option<String> = sqlx::query_scalar(
        "SELECT case_type FROM cases WHERE person_id_kind = $1 AND person_id_number = $2 AND (state LIKE 'in_review:%' OR state = 'returned') LIMIT 1",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(t) = open {
        let label = CaseType::parse(&t).map_or("业务", CaseType::label);
        return Ok(Some(format!("转出地有一件正在办理的{label}，办结后再申请转移")));
    }
    Ok(None)
}

/// The receipt letter at the old place waits for a county clerk of the
/// person's county (`release_letter`): a signed letter alone never closes
/// an account here, and nothing about the person goes back to the peer
/// before a clerk has looked at it (the answer, a release or a refusal with
/// its reason, is sent then).
pub(crate) async fn on_letter(state: &AppState, tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let b = &doc.body;
    let txt = |k: &str| b[k].as_str().map(str::to_owned).ok_or_else(|| AppError::invalid(msg::transfer_receipt_missing_field(k)));
    let person = DocumentNumber::parse(
        DocumentKind::from_code(&txt("id_kind")?).ok_or_else(|| AppError::invalid(msg::transfer_receipt_invalid_document_kind()))?,
        &txt("id_number")?,
    )
    .map_err(|e| AppError::invalid(msg::transfer_receipt_invalid_document_number(e)))?;
    let name = txt("name")?;
    let (league, _) = own_league(state)?;
    let place: Option<String> = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    // Someone not insured here waits in the league's pool (any county
    // clerk of the league may answer it).
    let county = place.as_deref().and_then(|v| v.get(..6)).unwrap_or(league);
    let held = sqlx::query(
        "INSERT INTO transfer_letters (transfer_id, peer, id_kind, id_number, name, county_code, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (transfer_id) DO NOTHING",
    )
    .bind(&doc.transfer_id)
    .bind(&doc.from)
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(&name)
    .bind(county)
    .bind(ts(now()))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if held != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_receipt_already_received()));
    }
    step(tx, &doc.transfer_id, "out", "收到《接收函》，等待旗县经办人员审核放行").await
}

/// Refused with the reason, or released: either way the answer goes back
/// to the peer that sent the letter.
pub(crate) async fn answer_letter(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, peer: &str, person: &DocumentNumber, name: &str) -> AppResult<()> {
    let (league, _) = own_league(state)?;
    let out = Outgoing { id, peer, scheme: "resident", league, person, name, letter: "《接收函》".to_owned() };
    match release(state, tx, &out).await? {
        Ok(approval) => send(state, tx, peer, APPROVAL, id, approval).await,
        Err(reason) => send(state, tx, peer, REFUSAL, id, json!({ "reason": reason })).await,
    }
}

/// The letters waiting in the caller's area (a county clerk), oldest
/// first; ID numbers masked.
pub async fn letters_waiting(state: &AppState, caller: &Caller) -> AppResult<Vec<WaitingLetter>> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let area = p.jurisdiction.as_ref().map(|j| j.as_str().to_owned()).ok_or_else(crate::backend::identity::auth::forbidden)?;
    // The caller's counties, and letters about someone not insured here
    // (kept at the league, for any of its county clerks to answer).
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT transfer_id, peer, name, id_number, received_at FROM transfer_letters \
         WHERE released_at IS NULL AND (county_code LIKE $1 OR (LENGTH(county_code) = 4 AND $2 LIKE county_code || '%')) ORDER BY received_at, transfer_id",
    )
    .bind(format!("{area}%"))
    .bind(&area)
    .fetch_all(state.db.pool())
    .await?;
    let mut letters = Vec::with_capacity(rows.len());
    for (transfer_id, peer, name, number, received_at) in rows {
        let peer = reference::division_name(&state.db, &peer).await?.unwrap_or(peer);
        letters.push(WaitingLetter { transfer_id, peer, name, document: domain::id_number::mask(&number, 6, 4), received_at });
    }
    Ok(letters)
}

/// A county clerk of the person's county releases a receipt letter: the
/// rules are checked again (something may have changed since it arrived),
/// interest is posted to date, the account closes and the 审批表 goes back
/// to the peer that sent the letter. Once only: a second release is refused.
pub async fn release_letter(state: &AppState, caller: &Caller, id: &str) -> AppResult<String> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let gone = || AppError::not_found(msg::transfer_receipt_not_found());
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, String, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT peer, id_kind, id_number, name, county_code, released_at FROM transfer_letters WHERE transfer_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (peer, kind, number, name, county, released) = row.ok_or_else(gone)?;
    let league_pool = county.len() == 4 && p.jurisdiction.as_ref().is_some_and(|j| j.as_str().starts_with(&county));
    if !(league_pool || DivisionCode::parse(&county).is_ok_and(|c| p.covers(&c))) {
        return Err(gone());
    }
    if released.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_receipt_already_released()));
    }
    let person = DocumentNumber::parse(DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("kind"))?, &number).map_err(AppError::internal)?;
    cases::refuse_conflict(&mut *tx, p, &person, None).await?;
    let n = sqlx::query("UPDATE transfer_letters SET released_at = $1, released_by = $2 WHERE transfer_id = $3 AND released_at IS NULL")
        .bind(ts(now()))
        .bind(&p.account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_receipt_already_released()));
    }
    answer_letter(state, &mut tx, id, &peer, &person, &name).await?;
    let refused: Option<String> = sqlx::query_scalar("SELECT reason FROM transfers WHERE id = $1 AND direction = 'out' AND status = 'refused'")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .flatten();
    let mut entry = caller.audit("transfer.release", Some(id.to_owned()));
    entry.after = Some(json!({ "peer": peer, "refused": refused.is_some() }).to_string());
    entry.on_behalf_of = Some(domain::id_number::mask(&number, 6, 4));
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(match refused {
        Some(reason) => format!("{name} 不能转出：{reason}。已告知转入地"),
        None => format!("已审核放行：{name} 的个人账户已结息并划转，《审批表》《信息表》将发往转入地"),
    })
}

/// A transfer out of this deployment: to a peer (resident scheme), or to
/// an employees' scheme agency (制度衔接).
pub(crate) struct Outgoing<'a> {
    pub(crate) id: &'a str,
    pub(crate) peer: &'a str,
    pub(crate) scheme: &'a str,
    pub(crate) league: &'a str,
    pub(crate) person: &'a DocumentNumber,
    pub(crate) name: &'a str,
    pub(crate) letter: String,
}

/// The old place's part: refused with the reason (recorded), or interest
/// to date, the 审批表 and 信息表, the balance moved out, the relationship
/// closed (the records stay). Returns the 审批表 with the 信息表.
pub(crate) async fn release(state: &AppState, tx: &mut Transaction<'_, Any>, out: &Outgoing<'_>) -> AppResult<Result<Value, String>> {
    let (person, name, letter) = (out.person, out.name, &out.letter);
    let at = ts(now());
    let place: Option<String> = sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    let county = place.as_deref().and_then(|v| v.get(..6)).unwrap_or(out.league).to_owned();
    let insert = |status: &'static str, reason: Option<String>| {
        sqlx::query(
            "INSERT INTO transfers (id, direction, peer, scheme, id_kind, id_number, name, county_code, status, reason, created_at, updated_at) \
             VALUES ($1, 'out', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(out.id.to_owned())
        .bind(out.peer.to_owned())
        .bind(out.scheme.to_owned())
        .bind(person.kind().code())
        .bind(person.as_str().to_owned())
        .bind(name.to_owned())
        .bind(county.clone())
        .bind(status)
        .bind(reason)
        .bind(at.clone())
    };
    if let Some(reason) = refusal(tx, out.league, person, name).await? {
        insert("refused", Some(reason.clone())).execute(&mut **tx).await?;
        step(tx, out.id, "out", &format!("收到{letter}，不予转出：{reason}")).await?;
        return Ok(Err(reason));
    }
    insert("funds_sent", None).execute(&mut **tx).await?;
    // Once per person: two releases at once (two letters, two clerks) both
    // passed `refusal`; only the first marks the person transferred out.
    let first = sqlx::query("UPDATE insured_persons SET transferred_out_on = $1 WHERE id_kind = $2 AND id_number = $3 AND transferred_out_on IS NULL")
        .bind(state.today().to_string())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if first != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::transfer_already_transferring_out()));
    }
    let account = accounts_ledger::account_of(&mut **tx, person).await?.ok_or_else(|| AppError::internal("insured without an account"))?;
    let entries = accounts_ledger::entries(&mut **tx, &account).await?;
    let (interest, note) = crate::backend::money::interest::interest_to_date(state, tx, &account, &entries).await?;
    let today = state.today();
    let postings: Vec<(&str, String, Yuan, NaiveDate)> = interest.iter().map(|(source, amount, on)| ("interest", source.clone(), *amount, *on)).collect();
    accounts_ledger::post(tx, &account, &postings).await?;
    let rows = sqlx::query("SELECT kind, amount_fen, credited_on FROM ledger_entries WHERE account_id = $1 ORDER BY credited_on, kind, source")
        .bind(&account)
        .fetch_all(&mut **tx)
        .await?;
    let history: Vec<Value> = rows
        .iter()
        .map(|r| {
            Ok(json!({ "kind": r.try_get::<String, _>("kind")?, "amount_fen": r.try_get::<i64, _>("amount_fen")?, "credited_on": r.try_get::<String, _>("credited_on")? }))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let balance = accounts_ledger::stored_balance(tx, &account).await?;
    let interest_total: Yuan = interest.iter().map(|e| e.1).sum();
    accounts_ledger::post(tx, &account, &[("transfer_out", format!("transfer:{}:out", out.id), Yuan::ZERO - balance, today)]).await?;
    if !accounts_ledger::stored_balance(tx, &account).await?.is_zero() {
        return Err(AppError::internal(format!("account {account} does not close to zero after the transfer")));
    }
    let years = ledger::contribution_years(&accounts_ledger::entries(&mut **tx, &account).await?).len();
    sqlx::query("UPDATE personal_accounts SET closed_on = $1 WHERE id_kind = $2 AND id_number = $3")
        .bind(today.to_string())
        .bind(person.kind().code())
        .bind(person.as_str())
        .execute(&mut **tx)
        .await?;
    registration::queue(tx, &account, "stopped", None).await?;
    let approval = json!({
        "approval": { "name": name, "old_county": county, "approved_on": today.to_string(), "balance_fen": balance.fen(),
                      "interest_fen": interest_total.fen(), "interest_note": note.text(crate::i18n::Lang::Zh), "contribution_years": years },
        "history": history,
        "interest_paid": { "year": today.year(), "through": today.month() },
        "fund": { "amount_fen": balance.fen(), "reference": format!("ZY{}", &out.id[..12.min(out.id.len())]), "paid_on": today.to_string(),
                  "note": format!("转移人员 {name} {}", person.masked()) },
    });
    sqlx::query(
        "UPDATE transfers SET amount_fen = $1, interest_fen = $2, interest_year = $3, interest_through = $4, approval_json = $5, account_id = $6 \
         WHERE id = $7 AND direction = 'out'",
    )
    .bind(balance.fen())
    .bind(interest_total.fen())
    .bind(i64::from(today.year()))
    .bind(i64::from(today.month()))
    .bind(approval.to_string())
    .bind(&account)
    .bind(out.id)
    .execute(&mut **tx)
    .await?;
    step(tx, out.id, "out", &format!("收到{letter}，已结息（{note}），生成《审批表》《信息表》，个人账户储存额 {balance} 元已划转，关系终止")).await?;
    Ok(Ok(approval))
}

/// Who may read a transfer-out's 审批表 and 信息表.
pub const SHEET_READERS: &[Role] = &[Role::CountyClerk, Role::Auditor];

/// The 审批表 and 信息表 of a transfer out, for the county's staff who
/// send it (and the auditors): every entry carried.
pub async fn approval_sheet(state: &AppState, caller: &Caller, id: &str) -> AppResult<(String, String, Value)> {
    let p = caller.staff_with(SHEET_READERS)?;
    let gone = || AppError::not_found(msg::transfer_out_not_found());
    let row: (String, String, String, Option<String>) =
        sqlx::query_as("SELECT peer, county_code, id_number, approval_json FROM transfers WHERE id = $1 AND direction = 'out'")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await?
            .ok_or_else(gone)?;
    let (peer, county, number, approval) = row;
    if !p.covers(&DivisionCode::parse(&county).map_err(AppError::internal)?) {
        return Err(gone());
    }
    let approval: Value = serde_json::from_str(approval.as_deref().ok_or_else(gone)?).map_err(AppError::internal)?;
    let mut entry = caller.audit("transfer.approval_sheet", Some(id.to_owned()));
    entry.on_behalf_of = Some(domain::id_number::mask(&number, 6, 4));
    audit::record(&state.db, entry).await?;
    Ok((peer, number, approval))
}

/// The 审批表 at the new place: the transfer waits for the money.
pub(crate) async fn on_approval(tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let b = &doc.body;
    let amount = b["fund"]["amount_fen"].as_i64().ok_or_else(|| AppError::invalid(msg::transfer_approval_missing_amount()))?;
    let sum: i64 = b["history"]
        .as_array()
        .ok_or_else(|| AppError::invalid(msg::transfer_approval_missing_info_sheet()))?
        .iter()
        .map(|e| e["amount_fen"].as_i64().unwrap_or(0))
        .sum();
    if sum != amount {
        return Err(AppError::invalid(msg::transfer_info_total_mismatch()));
    }
    let n = sqlx::query(
        "UPDATE transfers SET status = 'funds_pending', amount_fen = $1, interest_fen = $2, interest_year = $3, interest_through = $4, \
         approval_json = $5, updated_at = $6 WHERE id = $7 AND direction = 'in' AND status = 'letter_sent' AND peer = $8",
    )
    .bind(amount)
    .bind(b["approval"]["interest_fen"].as_i64().unwrap_or(0))
    .bind(b["interest_paid"]["year"].as_i64())
    .bind(b["interest_paid"]["through"].as_i64())
    .bind(b.to_string())
    .bind(ts(now()))
    .bind(&doc.transfer_id)
    .bind(&doc.from)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(not_ours());
    }
    let amount = Yuan::from_fen(amount);
    step(tx, &doc.transfer_id, "in", &format!("转出地已审批：个人账户储存额 {amount} 元已划转，等待确认到账")).await?;
    notify_applicant(tx, &doc.transfer_id, msg::transfer_out_approved_notice(amount)).await
}

pub(crate) async fn on_refusal(tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let reason = doc.body["reason"].as_str().unwrap_or("未说明原因").to_owned();
    let n = sqlx::query(
        "UPDATE transfers SET status = 'refused', reason = $1, updated_at = $2 WHERE id = $3 AND direction = 'in' AND status = 'letter_sent' AND peer = $4",
    )
    .bind(&reason)
    .bind(ts(now()))
    .bind(&doc.transfer_id)
    .bind(&doc.from)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(not_ours());
    }
    step(tx, &doc.transfer_id, "in", &format!("转出地不予转出：{reason}")).await?;
    notify_applicant(tx, &doc.transfer_id, msg::transfer_out_refused_notice(&reason)).await
}

pub(crate) async fn on_completed(tx: &mut Transaction<'_, Any>, doc: &Document) -> AppResult<()> {
    let n =
        sqlx::query("UPDATE transfers SET status = 'completed', updated_at = $1 WHERE id = $2 AND direction = 'out' AND status = 'funds_sent' AND peer = $3")
            .bind(ts(now()))
            .bind(&doc.transfer_id)
            .bind(&doc.from)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    if n != 1 {
        return Err(not_ours());
    }
    step(tx, &doc.transfer_id, "out", "转入地确认资金到账，关系转移办结").await
}
