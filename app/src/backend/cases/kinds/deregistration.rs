//! Deregistration (注销登记, D1–D4). Grounds: death, loss of nationality,
//! receiving another basic pension. Commitment-based (告知承诺制, D2): no
//! death certificate or proof of relationship is asked for; the applicant
//! confirms the 《承诺书》 — online with their own passkey, at the window by
//! signing it. After a death the designated beneficiary or an heir files
//! (online through their declared relationship, `agency`), or staff of the
//! village, township or county for them; for the other grounds the person.
//!
//! 初审 by the county within 5 working days, with the data comparison shown
//! to the clerk (the registry's death record and date, the list of people
//! insured under other schemes); 审核 by another county clerk (同审统办).
//! Approval stops the pension (benefits stop from the month after the
//! event; months paid after it are an overpayment, recovered first from
//! the account and then from the funeral grant, B12), settles the account
//! (`domain::settlement`: what is left, interest to this month, the
//! funeral grant less what was withheld) into ledger entries that bring
//! the balance to zero, closes the account and keeps every record. The
//! total is paid to the payee by the county's next payroll as a one-off
//! line (`kind = 'settlement'`), with failure and a second run like any
//! other line.

use crate::backend::cases::engine::fact;
use crate::backend::cases::engine::{self as cases, Filing, NewCase, Stored};
use crate::backend::identity::auth::{self, AccountKind, Caller};
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, benefits::overpayments, benefits::pensions, infra::audit, infra::reference, infra::registry, money::ledger as accounts_ledger};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::i18n::{Arg, IntoArg, Joiner, Message, Nested};
use crate::model::{DeregistrationForm, SettlementView};
use crate::names;
use chrono::NaiveDate;
use domain::benefit::{self, Month};
use domain::case::CaseType;
use domain::id_number::mask_card;
use domain::ledger::{self, Entry, EntryKind};
use domain::settlement::{self, Inputs};
use domain::{ApplicantKind, BankCard, Confirmation, DivisionCode, DocumentKind, DocumentNumber, Relation, Role, Yuan};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};

/// Why the insurance ends (D1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Ground {
    Death,
    Nationality,
    OtherPension,
}

impl Ground {
    const ALL: [Ground; 3] = [Ground::Death, Ground::Nationality, Ground::OtherPension];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Ground::Death => "死亡",
            Ground::Nationality => "丧失国籍",
            Ground::OtherPension => "已享受其他基本养老保障待遇",
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            Ground::Death => "death",
            Ground::Nationality => "nationality",
            Ground::OtherPension => "other_pension",
        }
    }
}

/// The label of a stored ground code.
/// Why insurance ended, by its stored code ("—" for an unknown one).
pub fn ground_label(ground: &str) -> Arg {
    names::or_text(names::dereg_ground(ground), "—")
}

/// A deregistration as filed (附件7 with its 《承诺书》).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Form {
    pub ground: Ground,
    pub event_date: NaiveDate,
    pub payee_name: String,
    pub payee_id_kind: DocumentKind,
    pub payee_id_number: String,
    pub relation: Relation,
    pub bank_card: BankCard,
    pub confirmation: Confirmation,
    /// The 《承诺书》 text the applicant confirmed.
    pub commitment: String,
    /// The name an agent declared for the person (checked at 初审).
    pub declared_name: Option<String>,
}

impl Form {
    fn payee(&self) -> Option<DocumentNumber> {
        DocumentNumber::parse(self.payee_id_kind, &self.payee_id_number).ok()
    }
}

/// Roles that see settlements of their jurisdiction (and correct the card).
const STAFF: &[Role] = &[Role::CountyClerk, Role::Auditor];

fn date(input: &str, what: Message, today: NaiveDate) -> AppResult<NaiveDate> {
    let d = NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(msg::dereg_date_format(Nested(what.clone()))))?;
    if d > today {
        return Err(AppError::invalid(msg::dereg_date_in_future(Nested(what))));
    }
    Ok(d)
}

fn relation(given: Option<&str>) -> AppResult<Relation> {
    given.and_then(Relation::from_label_or_code).filter(|r| Relation::HEIRS.contains(r)).ok_or_else(|| {
        let all: Vec<&str> = Relation::HEIRS.iter().map(|r| r.label()).collect();
        AppError::invalid(msg::dereg_choose_relationship(all.join("、")))
    })
}

fn needs(uploads: &[Upload], needed: &[&str]) -> AppResult<()> {
    let kinds: Vec<&str> = uploads.iter().map(|u| u.kind.as_str()).collect();
    match needed.iter().find(|k| !kinds.contains(k)) {
        Some(missing) => Err(AppError::invalid(msg::dereg_upload_missing(crate::names::document_kind(missing)))),
        None => Ok(()),
    }
}

/// Who is paid: name, document, relation.
struct Payee {
    name: String,
    document: DocumentNumber,
    relation: Relation,
}

/// Files a deregistration; the id of the case. Refused with the reason and
/// nothing stored: no commitment, a session not opened with the person's
/// own passkey, someone else's relationship, a person not insured or
/// already deregistered, a missing attachment, a bad card or date.
pub async fn submit(state: &AppState, caller: &Caller, form: &DeregistrationForm, uploads: Vec<Upload>) -> AppResult<String> {
    let p = caller.principal()?;
    let today = state.today();
    let ground = Ground::ALL.into_iter().find(|g| g.code() == form.ground.trim()).ok_or_else(|| AppError::invalid(msg::dereg_choose_reason()))?;
    let event = date(&form.event_date, if ground == Ground::Death { Key::FactDeathDate.into() } else { msg::fact_event_date() }, today)?;
    let card = cases::bank_card(&form.bank_card)?;
    // The name an agent declared for the person (checked at 初审).
    let mut declared_name: Option<String> = None;
    let (filing, payee, confirmation) = if p.kind == AccountKind::Resident && p.kiosk.is_none() {
        let gate = auth::money_gate(&state.db, p).await?;
        auth::money_gate_refusal(gate, msg::dereg_passkey_needed())?;
        if form.commitment.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(AppError::invalid(msg::identity_agency_confirm_pledge()));
        }
        needs(&uploads, &["id_front", "id_back", "bank_card_photo"])?;
        let own = p.person.clone().ok_or_else(auth::forbidden)?;
        if ground == Ground::Death {
            let agency = form.agency.as_deref().map(str::trim).filter(|a| !a.is_empty()).ok_or_else(|| AppError::invalid(msg::dereg_choose_deceased()))?;
            let row: Option<(String, String, Option<String>)> = sqlx::query_as(
                "SELECT principal_id_kind, principal_id_number, principal_name FROM agencies WHERE id = $1 AND agent_account = $2 AND revoked_at IS NULL",
            )
            .bind(agency)
            .bind(&p.account_id)
            .fetch_optional(state.db.pool())
            .await?;
            let (kind, number, name) = row.ok_or_else(|| AppError::not_found(msg::dereg_agency_not_found()))?;
            declared_name = name;
            let kind = DocumentKind::from_code(&kind).ok_or_else(|| AppError::internal("bad kind"))?;
            let person = DocumentNumber::parse(kind, &number).map_err(AppError::internal)?;
            let payee = Payee { name: p.name.clone(), document: own, relation: relation(form.relation.as_deref())? };
            (Filing { person, applicant_kind: ApplicantKind::Agent }, payee, Confirmation::PasskeyCommitment)
        } else {
            let payee = Payee { name: p.name.clone(), document: own.clone(), relation: Relation::Own };
            (Filing { person: own, applicant_kind: ApplicantKind::Own }, payee, Confirmation::PasskeyCommitment)
        }
    } else if let (Some(_), Some(served)) = (&p.kiosk, &p.served) {
        // At a kiosk (issue 36 §2): the served resident files in her own
        // name, for a relative who died (she is paid) or for herself; the
        // staff member saw her ID card, is recorded as assisting, and
        // records how she confirmed it on the screen. The pledge is hers,
        // as online (告知承诺制).
        if form.commitment.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(AppError::invalid(msg::identity_agency_confirm_pledge()));
        }
        needs(&uploads, &["id_front", "id_back", "bank_card_photo"])?;
        let person = if ground == Ground::Death {
            cases::named(form.document_kind.as_deref().unwrap_or("resident_id"), form.document_number.as_deref().unwrap_or(""))?
        } else {
            served.clone()
        };
        let filing = Filing { person, applicant_kind: ApplicantKind::Kiosk };
        let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
        let name = crate::backend::infra::registry::find(state.db.pool(), served).await?.map(|r| r.name).ok_or_else(auth::forbidden)?;
        let relation = if ground == Ground::Death { relation(form.relation.as_deref())? } else { Relation::Own };
        (filing, Payee { name, document: served.clone(), relation }, confirmation)
    } else if p.is_staff() && p.kiosk.is_none() && p.has_any(&cases::FILING_ROLES) {
        let person = cases::named(form.document_kind.as_deref().unwrap_or("resident_id"), form.document_number.as_deref().unwrap_or(""))?;
        needs(&uploads, &["signed_form", "id_front", "id_back", "bank_card_photo"])?;
        let filing = Filing { person, applicant_kind: ApplicantKind::Staff };
        let confirmation = cases::confirmation(&filing, form.confirmation.as_deref())?;
        let payee = if ground == Ground::Death {
            let name = cases::one_line(form.payee_name.as_deref().unwrap_or(""), "领取人姓名", 50)?;
            let document = cases::named(form.payee_document_kind.as_deref().unwrap_or("resident_id"), form.payee_document_number.as_deref().unwrap_or(""))?;
            Payee { name, document, relation: relation(form.relation.as_deref())? }
        } else {
            Payee { name: String::new(), document: filing.person.clone(), relation: Relation::Own }
        };
        (filing, payee, confirmation)
    } else {
        return Err(AppError::new(ErrorCode::Forbidden, msg::dereg_who_may_apply()));
    };
    if ground == Ground::Death && payee.document == filing.person {
        return Err(AppError::invalid(msg::dereg_payee_not_self()));
    }
    let deadline = cases::deadline_for(state, CaseType::Deregistration).await?;
    let mut tx = state.db.begin_write().await?;
    let row: Option<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT name, village_code, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(filing.person.kind().code())
            .bind(filing.person.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    // An agent's declaration was taken without a lookup (issue 33, item
    // 10): whatever the record says, an agent gets one answer, so filing
    // does not tell them whether, or how, someone is insured.
    let agent = filing.applicant_kind == ApplicantKind::Agent;
    let uniform = || AppError::new(ErrorCode::Conflict, msg::dereg_not_possible_online());
    if agent && !matches!(&row, Some((_, _, None, None))) {
        return Err(uniform());
    }
    let (name, village, done, moved) = row.ok_or_else(|| AppError::invalid(msg::dereg_no_insurance_record()))?;
    if let Some(on) = done {
        return Err(AppError::new(ErrorCode::Conflict, msg::dereg_already_deregistered(on)));
    }
    if let Some(on) = moved {
        return Err(AppError::new(ErrorCode::Conflict, msg::dereg_transferred_out(on)));
    }
    let village = DivisionCode::parse(&village).map_err(AppError::internal)?;
    if matches!(filing.applicant_kind, ApplicantKind::Staff | ApplicantKind::Kiosk) && !p.covers(&village) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::dereg_own_area_only()));
    }
    cases::refuse_open(&mut tx, CaseType::Deregistration, &filing.person).await.map_err(|e| if agent { uniform() } else { e })?;
    let payee_name = if payee.name.is_empty() { name.clone() } else { payee.name };
    let payee_document = payee.document.clone();
    let filed = Form {
        ground,
        event_date: event,
        payee_name,
        payee_id_kind: payee.document.kind(),
        payee_id_number: payee.document.as_str().to_owned(),
        relation: payee.relation,
        bank_card: card,
        confirmation,
        commitment: crate::backend::identity::agency::commitment().to_owned(),
        declared_name: declared_name.clone(),
    };
    // The agent sees the case under the name they declared, not the
    // registry's (checked at 初审).
    let shown = if agent { declared_name.clone().unwrap_or_else(|| name.clone()) } else { name.clone() };
    let new = NewCase { case_type: CaseType::Deregistration, filing: &filing, person_name: &shown, place: &village, form: &filed, deadline };
    let (id, deadline) = cases::open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "ground": ground.code() })).await?;
    tx.commit().await?;
    // The heir (or the person) who is paid is told it was received.
    crate::backend::infra::notices::mail_received_by(state, &payee_document, crate::names::case_type(CaseType::Deregistration), deadline).await;
    Ok(id)
}

/// What the clerks (and the applicant) see: the declaration, the data
/// comparison for the initial review, the payee (masked), and after
/// approval the settlement and its payment.
/// `staff`: a staff member at their own workstation; the applicant (an
/// agent, a resident at a kiosk) sees neither the data comparison nor the
/// person's pension status nor the check of the name they declared.
pub(crate) async fn facts(state: &AppState, id: &str, c: &Stored, f: &Form, staff: bool) -> AppResult<Vec<crate::backend::cases::engine::Fact>> {
    let ground = f.ground;
    let record = registry::find(state.db.pool(), &c.person).await?;
    let comparison = match ground {
        Ground::Death => match record.as_ref().map(|r| r.death_date.clone()) {
            None => "户籍登记信息中没有此人，请核实".to_owned(),
            Some(None) => "户籍登记信息中尚无死亡登记：请核实后再通过".to_owned(),
            Some(Some(d)) if d == f.event_date.to_string() => format!("一致：户籍登记死亡日期 {d}"),
            Some(Some(d)) => format!("不一致：户籍登记死亡日期为 {d}"),
        },
        Ground::OtherPension => {
            let scheme: Option<String> = sqlx::query_scalar("SELECT scheme FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
                .bind(c.person.kind().code())
                .bind(c.person.as_str())
                .fetch_optional(state.db.pool())
                .await?;
            scheme.map_or_else(|| "其他养老保险参保名单中没有此人：请核实".to_owned(), |s| format!("一致：名单中已参加{s}"))
        }
        Ground::Nationality => "无可比对的数据：请依据承诺书办理".to_owned(),
    };
    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(c.person.kind().code())
        .bind(c.person.as_str())
        .fetch_optional(state.db.pool())
        .await?;
    let payee = f.payee();
    // An agent's declaration was accepted without a lookup: the name they
    // gave is checked here.
    let declared = f.declared_name.as_deref().map(|name| {
        let check = match record.as_ref().map(|r| r.name.as_str()) {
            Some(n) if n == name => "一致".to_owned(),
            Some(n) => format!("不一致：户籍登记姓名为 {n}"),
            None => "户籍登记信息中没有此人".to_owned(),
        };
        fact(Key::FactAgentDeclaredName, format!("{name}（{check}）"))
    });
    let mut out = vec![
        fact(Key::FactDeregGround, names::or_text(names::dereg_ground(ground.code()), "—")),
        if ground == Ground::Death { fact(Key::FactDeathDate, f.event_date.to_string()) } else { fact(msg::fact_event_date(), f.event_date.to_string()) },
        fact(Key::FactDataCheck, comparison),
        fact(Key::FactPension, pension.as_deref().map_or(Some(Key::FactNotDrawn), names::pension_status).unwrap_or(Key::FactNotDrawn)),
        fact(Key::FactPayee, f.payee_name.clone()),
        fact(Key::FactPayeeDocument, payee.map_or_else(|| "—".to_owned(), |d| d.masked())),
        fact(Key::FactRelation, names::relation(f.relation)),
        fact(Key::FactPayeeCard, cases::card_fact(&f.bank_card)),
        fact(Key::FactPledge, names::confirmation(f.confirmation)),
    ];
    if staff {
        out.extend(declared);
    } else {
        out.retain(|(label, _)| !matches!(label, Message::Page(Key::FactDataCheck | Key::FactPension)));
    }
    if let Some(v) = settlement_of(state, id).await? {
        out.extend([
            fact(Key::FactAccountBalance, v.balance),
            fact(Key::FactInterest, format!("{}（{}）", v.interest, v.interest_note)),
            fact(Key::FactSubsidyReturned, v.to_fund),
            fact(Key::FactFuneralGrant, v.funeral_grant),
            fact(Key::FactFuneralGrantScope, v.grant_rule),
            fact(Key::FactFuneralGrantRecovered, v.grant_withheld),
            fact(Key::FactLumpTotal, v.total),
            fact(Key::FactPayment, v.payment),
            fact(Key::FactSettlementForm, format!("/print/settlements/{}", v.case_id)),
        ]);
    }
    Ok(out)
}

/// Approval (审核): stop, recover, settle, close.
pub(crate) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    let ground = f.ground;
    let event = f.event_date;
    let today = state.today();
    let by = format!("case:{id}");
    let person = &c.person;
    let pension: Option<(String, String, i64, i64)> =
        sqlx::query_as("SELECT id, status, account_fen, contribution_years FROM pensions WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let mut notes: Vec<Message> = Vec::new();
    if let Some((_, status, _, _)) = &pension
        && status != "stopped"
    {
        let reason = format!("注销登记（{}）", ground.label());
        pensions::apply_change(tx, person, pensions::Change::Stop, &reason, today, &by).await?;
        let why = if ground == Ground::Death { "death" } else { "ineligible" };
        if let Some((op, order)) = overpayments::open(state, tx, person, why, event, &by).await? {
            notes.push(match order {
                Some(refund) => msg::dereg_overpaid_refund_note(event, &op, refund),
                None => msg::dereg_overpaid_deducted_note(event, &op),
            });
        }
    }
    let account = accounts_ledger::account_of(&mut **tx, person).await?.ok_or_else(|| AppError::internal("insured without an account"))?;
    // The monthly drawings are worked out here from the months due and
    // paid, whatever the bank's returns booked (months paid after the
    // event are not drawings, an account part changed by a review counts
    // at its new amount): the booked ones are set aside, and the closure's
    // `drawing` entry books the difference.
    let (booked, mut entries): (Vec<Entry>, Vec<Entry>) =
        accounts_ledger::entries(&mut **tx, &account).await?.into_iter().partition(|e| e.kind == EntryKind::Drawing);
    let booked = ledger::balance(&booked);
    let ledger_before = ledger::balance(&entries);
    // The monthly drawings of the account part: one per month due and
    // paid, from the first day of that month. Months paid after the event
    // are not drawings: the overpayment recovers them in full (B12).
    let (pension_id, account_fen, years) = pension.as_ref().map_or((None, 0, 0), |p| (Some(p.0.clone()), p.2, p.3));
    if let Some(pid) = &pension_id {
        let months: Vec<i64> =
            sqlx::query_scalar("SELECT month FROM payroll_items WHERE pension_id = $1 AND status = 'paid' AND kind = 'monthly' AND month < $2")
                .bind(pid)
                .bind(benefit::unpaid_from(event).0)
                .fetch_all(&mut **tx)
                .await?;
        entries.extend(months.into_iter().map(|m| Entry::new(EntryKind::Drawing, Yuan::from_fen(-account_fen), Month(m).first_day())));
    }
    let balance_left = ledger::balance(&entries);
    let drawings = balance_left - ledger_before;
    let (interest_entries, interest_note) = crate::backend::money::interest::interest_to_date(state, tx, &account, &entries).await?;
    let interest: Yuan = interest_entries.iter().map(|e| e.1).sum();
    let subsidy = ledger::balance(entries.iter().filter(|e| e.kind == EntryKind::Subsidy));
    let policy = reference::policy_on(&mut **tx, event).await?;
    // D5: which deaths qualify is policy; the tier follows the years the
    // pension was determined with, or for another insured person the
    // contribution years of the account.
    let rule = policy.funeral_grant_deaths;
    let grant_years = if pension_id.is_some() { years } else { ledger::contribution_years(&entries).len() as i64 };
    let qualifies = ground == Ground::Death && (pension_id.is_some() || rule == domain::policy::GrantDeaths::Insured);
    let grant = qualifies.then(|| benefit::funeral_grant(grant_years as u32, &policy));
    let withheld: i64 = sqlx::query_scalar(
        "SELECT COALESCE(CAST(SUM(s.amount_fen) AS BIGINT), 0) FROM overpayment_steps s JOIN overpayments o ON o.id = s.overpayment_id \
         WHERE o.pension_id = $1 AND s.step = 'funeral_grant'",
    )
    .bind(pension_id.as_deref().unwrap_or(""))
    .fetch_one(&mut **tx)
    .await?;
    let st = settlement::settle(Inputs {
        balance_left,
        interest,
        subsidy,
        subsidy_inheritable: policy.subsidy_inheritable,
        grant,
        grant_withheld: Yuan::from_fen(withheld),
    });
    // The ledger: interest, the drawings (only as far as the account held
    // them: beyond that the fund paid), the subsidy back to the fund, the
    // payout. The account then sums to zero, which is checked.
    let mut postings: Vec<(&str, String, Yuan, NaiveDate)> =
        interest_entries.iter().map(|(source, amount, on)| ("interest", source.clone(), *amount, *on)).collect();
    let held = ledger_before + interest;
    let drawn = if held.is_negative() { Yuan::ZERO } else { (Yuan::ZERO - drawings).min(held) };
    postings.push(("drawing", format!("closure:{id}:drawings"), Yuan::ZERO - drawn - booked, today));
    postings.push(("closure", format!("closure:{id}:fund"), Yuan::ZERO - st.to_fund, today));
    postings.push(("closure", format!("closure:{id}:payee"), Yuan::ZERO - st.account_paid, today));
    accounts_ledger::post(tx, &account, &postings).await?;
    let left = accounts_ledger::stored_balance(tx, &account).await?;
    if !left.is_zero() {
        return Err(AppError::internal(format!("account {account} does not close to zero after the settlement ({left})")));
    }
    let county = c.jurisdiction.at_level(domain::DivisionLevel::County).ok_or_else(|| AppError::internal("no county"))?;
    sqlx::query(
        "INSERT INTO settlements (case_id, account_id, id_kind, id_number, county_code, ground, event_date, payee_name, payee_id_kind, \
         payee_id_number, relation, bank_card, balance_fen, interest_fen, interest_note, to_fund_fen, account_paid_fen, grant_fen, \
         grant_withheld_fen, grant_paid_fen, total_fen, settled_on, settled_by, grant_rule, grant_years) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
    )
    .bind(id)
    .bind(&account)
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(county.as_str())
    .bind(ground.code())
    .bind(event.to_string())
    .bind(&f.payee_name)
    .bind(f.payee_id_kind.code())
    .bind(&f.payee_id_number)
    .bind(f.relation.label())
    .bind(f.bank_card.as_str())
    .bind(st.balance_left.fen())
    .bind(st.interest.fen())
    .bind(interest_note.keep())
    .bind(st.to_fund.fen())
    .bind(st.account_paid.fen())
    .bind(st.grant.fen())
    .bind(st.grant_withheld.fen())
    .bind(st.grant_paid.fen())
    .bind(st.total.fen())
    .bind(today.to_string())
    .bind(&by)
    .bind(rule.code())
    .bind(grant_years)
    .execute(&mut **tx)
    .await?;
    for sql in [
        "UPDATE personal_accounts SET closed_on = $1 WHERE id_kind = $2 AND id_number = $3",
        "UPDATE insured_persons SET deregistered_on = $1 WHERE id_kind = $2 AND id_number = $3",
    ] {
        sqlx::query(sql).bind(today.to_string()).bind(person.kind().code()).bind(person.as_str()).execute(&mut **tx).await?;
    }
    let (total, account_paid, grant_paid, tail) = (st.total, st.account_paid, st.grant_paid, f.bank_card.tail());
    let done = if total.is_positive() { msg::dereg_done_paid_notice(total, account_paid, grant_paid, tail) } else { msg::dereg_done_nothing_notice() };
    let text = if notes.is_empty() { done } else { Message::joined(std::iter::once(done).chain(notes).collect(), Joiner::Clause) };
    crate::backend::infra::notices::notify(tx, &c.applicant, id, text).await
}

/// Where a settlement's payment is.
pub(crate) fn payment_label(status: Option<(String, Option<String>)>, total: i64) -> Arg {
    match status {
        _ if total == 0 => Arg::Name(Key::SettlementPaymentNone),
        None => Arg::Name(Key::SettlementPaymentNextMonth),
        Some((s, failure)) => match s.as_str() {
            "generated" => Arg::Name(Key::SettlementPaymentGenerated),
            "sent" => Arg::Name(Key::SettlementPaymentSent),
            "paid" => Arg::Name(Key::PaymentStatusPaid),
            "failed" | "reissued" => Nested(msg::settlement_payment_failed(failure.unwrap_or_default())).into_arg(),
            _ => Arg::Text("—".to_owned()),
        },
    }
}

/// 性别 on form 附件7, from the registry.
async fn sex_of(state: &AppState, d: &Option<DocumentNumber>) -> AppResult<String> {
    let Some(d) = d else { return Ok("—".to_owned()) };
    Ok(registry::find(state.db.pool(), d).await?.and_then(|r| domain::Sex::from_label_or_code(&r.sex)).map_or("—", domain::Sex::label).to_owned())
}

/// The settlement of case `id`, if approved.
async fn settlement_of(state: &AppState, id: &str) -> AppResult<Option<SettlementView>> {
    let Some(r) = sqlx::query("SELECT * FROM settlements WHERE case_id = $1").bind(id).fetch_optional(state.db.pool()).await? else {
        return Ok(None);
    };
    let s = |k: &str| r.try_get::<String, _>(k).map_err(AppError::internal);
    let y = |k: &str| r.try_get::<i64, _>(k).map(|f| Yuan::from_fen(f).to_string()).map_err(AppError::internal);
    let status: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, failure FROM payroll_items WHERE case_id = $1 AND status <> 'void' ORDER BY CASE status WHEN 'reissued' THEN 1 ELSE 0 END, id DESC LIMIT 1")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await?;
    let doc = |kind: &str, number: &str| DocumentKind::from_code(kind).and_then(|k| DocumentNumber::parse(k, number).ok());
    let person = doc(&s("id_kind")?, &s("id_number")?);
    let payee = doc(&s("payee_id_kind")?, &s("payee_id_number")?);
    let name: String = sqlx::query_scalar("SELECT name FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(s("id_kind")?)
        .bind(s("id_number")?)
        .fetch_one(state.db.pool())
        .await?;
    Ok(Some(SettlementView {
        case_id: id.to_owned(),
        name,
        sex: sex_of(state, &person).await?,
        document: person.as_ref().map_or_else(|| "—".to_owned(), DocumentNumber::masked),
        ground: ground_label(&s("ground")?).text(crate::i18n::reader()),
        event_date: s("event_date")?,
        payee_name: s("payee_name")?,
        payee_sex: sex_of(state, &payee).await?,
        payee_document: payee.as_ref().map_or_else(|| "—".to_owned(), DocumentNumber::masked),
        relation: s("relation")?,
        bank_card: mask_card(&s("bank_card")?),
        balance: y("balance_fen")?,
        interest: y("interest_fen")?,
        interest_note: crate::i18n::Message::from_kept(&s("interest_note")?).text(crate::i18n::reader()),
        to_fund: y("to_fund_fen")?,
        account_paid: y("account_paid_fen")?,
        funeral_grant: y("grant_fen")?,
        grant_withheld: y("grant_withheld_fen")?,
        grant_paid: y("grant_paid_fen")?,
        grant_rule: crate::i18n::for_reader(names::grant_deaths(
            r.try_get::<Option<String>, _>("grant_rule")?
                .and_then(|c| domain::policy::GrantDeaths::parse(&c))
                .unwrap_or(domain::policy::GrantDeaths::Recipients),
        )),
        grant_years: r.try_get::<Option<i64>, _>("grant_years")?,
        total: y("total_fen")?,
        settled_on: s("settled_on")?,
        payment: payment_label(status, r.try_get("total_fen")?).text(crate::i18n::reader()),
        county: s("county_code")?,
    }))
}

/// The settlement of case `id` for the caller: the applicant (the heir),
/// or a county clerk or auditor of its county. Anyone else: not found.
/// Every view is in the audit log.
pub async fn view(state: &AppState, caller: &Caller, id: &str) -> AppResult<SettlementView> {
    let p = caller.principal()?;
    let gone = || AppError::not_found(msg::dereg_settlement_not_found_or_forbidden());
    let v = settlement_of(state, id).await?.ok_or_else(gone)?;
    let applicant = cases::load(state.db.pool(), id).await?.is_some_and(|c| cases::acts_for(p, &c));
    let county = DivisionCode::parse(&v.county).map_err(AppError::internal)?;
    let staff = p.is_staff() && p.kiosk.is_none() && p.has_any(STAFF) && p.covers(&county);
    if !(staff || applicant) {
        return Err(gone());
    }
    let mut entry = caller.audit("settlement.view", Some(id.to_owned()));
    entry.on_behalf_of = Some(v.document.clone());
    audit::record(&state.db, entry).await?;
    Ok(v)
}

/// A county clerk corrects the payee's card after a failed payment; the
/// county's reissue then pays to it.
pub async fn correct_card(state: &AppState, caller: &Caller, id: &str, card: &str) -> AppResult<crate::i18n::Message> {
    let p = caller.staff_with(&[Role::CountyClerk])?;
    let card = cases::bank_card(card)?;
    let v = settlement_of(state, id).await?.ok_or_else(|| AppError::not_found(msg::dereg_settlement_not_found()))?;
    if !DivisionCode::parse(&v.county).is_ok_and(|c| p.covers(&c)) {
        return Err(AppError::not_found(msg::dereg_settlement_not_found()));
    }
    // Separation of duties: not about the clerk, the heir, or anyone they declared.
    let case = cases::load(state.db.pool(), id).await?.ok_or_else(|| AppError::internal("settlement without its case"))?;
    if let Some(relation) = cases::conflict_of(state.db.pool(), p, &case).await? {
        return Err(AppError::new(ErrorCode::Forbidden, cases::avoided(&relation)));
    }
    let mut tx = state.db.begin_write().await?;
    let paid: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payroll_items WHERE case_id = $1 AND status IN ('sent', 'paid')").bind(id).fetch_one(&mut *tx).await?;
    if paid > 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::dereg_bank_card_locked()));
    }
    sqlx::query("UPDATE settlements SET bank_card = $1 WHERE case_id = $2").bind(card.as_str()).bind(id).execute(&mut *tx).await?;
    let mut entry = caller.audit("settlement.bank_card", Some(id.to_owned()));
    entry.after = Some(serde_json::json!({ "bank_card": card.masked() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(msg::dereg_card_corrected(card.tail()))
}
