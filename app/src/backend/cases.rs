//! The case engine's service (issue 4): filing, queues, decisions, the
//! applicant's view. The rules are `domain::case::transition`; this module
//! loads a case, asks the rule, and stores the result with its event, audit
//! record and notification in one transaction. A decision names the
//! version it was made on: of two decisions at once, exactly one wins.

use super::auth::{AccountKind, Caller, Principal, new_id, now, ts, ts_micros};
use super::documents::{self, Upload};
use super::{AppState, audit, reference, registry};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{CaseDocumentRow, CaseEventRow, CaseRow, CaseView, EnrolmentForm};
use crate::i18n::{Both, Lang, term};
use domain::case::{Actor, CaseEvent, CaseState, CaseType, transition};
use domain::id_number::{mask, mask_card, mask_phone};
use domain::{DivisionCode, DocumentKind, DocumentNumber, Role, Yuan};
use sqlx::{Any, Row, Transaction};

/// Roles that may file for someone at the window or on a home visit.
pub const FILING_ROLES: [Role; 3] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk];
/// Roles that see cases (reviewers, and auditors read-only).
pub const CASE_ROLES: [Role; 4] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk, Role::Auditor];

const ONLINE_ATTACHMENTS: [&str; 4] = ["id_front", "id_back", "hukou_home", "hukou_self"];

/// The loser of two decisions at once, or a decision on a stale page.
pub(super) fn changed_meanwhile() -> AppError {
    AppError::new(ErrorCode::Conflict, "本件刚刚已由他人处理或已变化，请刷新后查看最新状态")
}

pub(super) fn not_found() -> AppError {
    AppError::not_found("没有找到这件申请，或您无权查看")
}

/// Who files, for whom.
pub(super) struct Filing {
    pub person: DocumentNumber,
    pub applicant_kind: &'static str,
}

/// The person an application is about: the signed-in resident, the
/// resident identified at a kiosk, or (staff at the window or on a home
/// visit) the document given on the form.
pub(super) fn filing(caller: &Caller, document_kind: Option<&str>, document_number: Option<&str>) -> AppResult<Filing> {
    let p = caller.principal()?;
    if let (AccountKind::Resident, Some(person)) = (p.kind, &p.person) {
        return Ok(Filing { person: person.clone(), applicant_kind: "self" });
    }
    if let (Some(_), Some(served)) = (&p.kiosk, &p.served) {
        return Ok(Filing { person: served.clone(), applicant_kind: "kiosk" });
    }
    if p.is_staff() && p.kiosk.is_none() && p.has_any(&FILING_ROLES) {
        let kind = DocumentKind::from_label_or_code(document_kind.unwrap_or("resident_id"))
            .ok_or_else(|| AppError::invalid("请选择证件类型"))?;
        let person = DocumentNumber::parse(kind, document_number.unwrap_or("")).map_err(|e| AppError::invalid(e.to_string()))?;
        return Ok(Filing { person, applicant_kind: "staff" });
    }
    Err(super::auth::forbidden())
}

/// The key a resident's notices and applications are kept under while they
/// have no account of their own (a filing at a kiosk or at the window).
pub(super) fn person_key(person: &DocumentNumber) -> String {
    format!("person:{}:{}", person.kind().code(), person.as_str())
}

/// Who a filing is recorded for (G5): the caller's own account online; at a
/// kiosk or the window the served resident (their account, or their person
/// key), with the staff member who helped as `assisted_by`.
async fn applicant_of(tx: &mut Transaction<'_, Any>, p: &Principal, filing: &Filing) -> AppResult<(String, Option<String>)> {
    if !matches!(filing.applicant_kind, "kiosk" | "staff") {
        return Ok((p.account_id.clone(), None));
    }
    let account: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(filing.person.kind().code())
        .bind(filing.person.as_str())
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok((account.unwrap_or_else(|| person_key(&filing.person)), Some(p.account_id.clone())))
}

/// The keys the caller's own notices and applications are under: a
/// resident's account and person key; at a kiosk only the served
/// resident's (never the staff member's); staff their own account.
async fn own_keys(db: &super::db::Db, p: &Principal) -> AppResult<Vec<String>> {
    let person = match (&p.kiosk, p.kind) {
        (Some(_), _) => p.served.as_ref(),
        (None, AccountKind::Resident) => p.person.as_ref(),
        (None, AccountKind::Staff) => return Ok(vec![p.account_id.clone()]),
    };
    let Some(person) = person else { return Ok(vec![]) };
    let account: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE kind = 'resident' AND id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(db.pool())
        .await
        .map_err(AppError::internal)?;
    Ok(account.into_iter().chain([person_key(person)]).collect())
}

/// Staff record how the person confirmed the paper form; online it is the
/// declaration on the page (E1).
pub(super) fn confirmation(filing: &Filing, given: Option<&str>) -> AppResult<String> {
    if filing.applicant_kind != "staff" {
        return Ok("网上声明".to_owned());
    }
    match given.map(str::trim) {
        Some(c @ ("签字" | "指印")) => Ok(c.to_owned()),
        _ => Err(AppError::invalid("请记录本人在纸质登记表上签字还是按指印")),
    }
}

/// A bank card number as typed (spaces allowed): 12–19 digits.
pub(super) fn bank_card(input: &str) -> AppResult<String> {
    let card: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if !((12..=19).contains(&card.len()) && card.bytes().all(|b| b.is_ascii_digit())) {
        return Err(AppError::invalid("银行卡号应为12–19位数字，用于发放待遇"));
    }
    Ok(card)
}

/// The person a staff form names by document kind (label or code) and number.
pub(super) fn named(kind: &str, number: &str) -> AppResult<DocumentNumber> {
    let kind = DocumentKind::from_label_or_code(kind.trim()).ok_or_else(|| AppError::invalid("证件类型不正确"))?;
    DocumentNumber::parse(kind, number).map_err(|e| AppError::invalid(e.to_string()))
}

/// A stored document number, masked for lists (a malformed one keeps only
/// its ends).
pub(super) fn masked(kind: &str, number: &str) -> String {
    named(kind, number).map_or_else(|_| domain::id_number::mask(number, 2, 2), |d| d.masked())
}

pub(super) fn required(value: &str, what: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(AppError::invalid(format!("请填写{what}")));
    }
    Ok(v.to_owned())
}

/// A one-line value (a name, a reference): `required`, and no control
/// character (a line break in a name would split a bank file's line).
pub(super) fn one_line(value: &str, what: &str, max: usize) -> AppResult<String> {
    let v = required(value, what, max)?;
    if v.chars().any(char::is_control) {
        return Err(AppError::invalid(format!("{what}只能写在一行内")));
    }
    Ok(v)
}

/// Files an enrolment (E1–E3). Refused, with the reason and nothing
/// stored: someone not in the registry or dead, already insured, with an
/// enrolment open, insured under another scheme, a tier not in force, a
/// missing or wrong attachment.
pub async fn submit_enrolment(state: &AppState, caller: &Caller, form: &EnrolmentForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let household_type = match form.household_type.trim() {
        t @ ("农业" | "非农业") => t.to_owned(),
        _ => return Err(AppError::invalid("请选择户口性质：农业或非农业")),
    };
    let residence = required(&form.residence_address, "居住地址", 100)?;
    let phone = form.phone.trim().to_owned();
    if !(phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())) {
        return Err(AppError::invalid("请填写11位手机号码"));
    }
    let card = bank_card(&form.bank_card)?;
    let today = state.today();
    let policy = reference::policy_on(&state.db, today).await?;
    let tier = Yuan::parse(form.tier.trim()).ok().filter(|t| policy.tiers.contains(t)).ok_or_else(|| {
        let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
        AppError::invalid(format!("缴费档次应为当前标准之一：{} 元/年", tiers.join("、")))
    })?;
    let special = form.special_group.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let kinds: Vec<&str> = uploads.iter().map(|u| u.kind.as_str()).collect();
    let needed: &[&str] = if filing.applicant_kind == "staff" { &["signed_form"] } else { &ONLINE_ATTACHMENTS };
    if let Some(missing) = needed.iter().find(|k| !kinds.contains(k)) {
        return Err(AppError::invalid(format!("请上传{}", documents::kind_label(missing))));
    }
    let confirmation = confirmation(&filing, form.confirmation.as_deref())?;

    let person = registry::find(state.db.pool(), &filing.person)
        .await?
        .filter(|r| r.death_date.is_none())
        .ok_or_else(|| AppError::invalid("户籍登记信息中没有这位在世人员，请核对证件号码，或到户籍所在地派出所核实"))?;
    if filing.applicant_kind == "staff" {
        if let Some(name) = form.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            if name != person.name {
                return Err(AppError::invalid("姓名与户籍登记信息不一致，请核对"));
            }
        }
        let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
        if !p.covers(&village) {
            return Err(AppError::new(ErrorCode::Forbidden, "只能为本辖区户籍人员代为登记"));
        }
    }
    let form_json = serde_json::json!({
        "household_type": household_type, "residence_address": residence, "phone": phone, "tier": tier.to_string(),
        "special_group": special, "bank_card": card, "confirmation": confirmation,
        "registry": { "sex": person.sex, "birth_date": person.birth_date, "ethnicity": person.ethnicity, "household_address": person.address },
    });
    let deadline = deadline_for(state, CaseType::Enrolment).await?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    refuse_duplicates(&mut tx, &filing.person).await?;
    let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
    let new = NewCase { case_type: CaseType::Enrolment, filing: &filing, person_name: &person.name, place: &village, form: form_json, deadline };
    let (id, deadline) = open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "tier": tier.to_string() })).await?;
    tx.commit().await.map_err(AppError::internal)?;
    mail_received(state, &filing.person, CaseType::Enrolment.label(), deadline, None).await;
    Ok(id)
}

/// A case about to be filed.
pub(super) struct NewCase<'a> {
    pub case_type: CaseType,
    pub filing: &'a Filing,
    pub person_name: &'a str,
    /// The person's village: where the case is handled.
    pub place: &'a DivisionCode,
    pub form: serde_json::Value,
    /// From `deadline_for`, read before the write transaction begins.
    pub deadline: chrono::NaiveDate,
}

/// The decision deadline of a case of this type received today: its time
/// limit in working days (read outside the write transaction).
pub(super) async fn deadline_for(state: &AppState, case_type: CaseType) -> AppResult<chrono::NaiveDate> {
    let calendar = reference::work_calendar(&state.db).await?;
    Ok(calendar.deadline(state.today(), case_type.time_limit_days()))
}

/// Files a case inside `tx`: the row in the first step's queue, its
/// attachments, the submit event, the applicant's notice and the audit
/// record. Returns the id and the deadline (working days from today).
pub(super) async fn open_case(
    state: &AppState,
    tx: &mut Transaction<'_, Any>,
    caller: &Caller,
    new: NewCase<'_>,
    uploads: &[Upload],
    audit_after: serde_json::Value,
) -> AppResult<(String, chrono::NaiveDate)> {
    let p = caller.principal()?;
    let (today, deadline) = (state.today(), new.deadline);
    let id = new_id();
    let now_s = ts(now());
    let initial = CaseState::InReview(0);
    let (applicant, assisted_by) = applicant_of(tx, p, new.filing).await?;
    sqlx::query(
        "INSERT INTO cases (id, case_type, person_id_kind, person_id_number, person_name, applicant_account, applicant_kind, \
         channel, jurisdiction, state, form_json, received_on, deadline, created_at, updated_at, queue_key, assisted_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16)",
    )
    .bind(&id)
    .bind(new.case_type.code())
    .bind(new.filing.person.kind().code())
    .bind(new.filing.person.as_str())
    .bind(new.person_name)
    .bind(&applicant)
    .bind(new.filing.applicant_kind)
    .bind(channel(caller))
    .bind(new.place.as_str())
    .bind(initial.code())
    .bind(new.form.to_string())
    .bind(today.to_string())
    .bind(deadline.to_string())
    .bind(&now_s)
    .bind(queue_key(new.case_type, initial, new.place))
    .bind(&assisted_by)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    for upload in uploads {
        documents::attach(state, tx, &id, upload, &p.account_id).await?;
    }
    record_event(tx, &id, p, "submit", None, initial, None).await?;
    notify(tx, &applicant, &id, &received(new.case_type.label(), deadline, None)).await?;
    let mut entry = caller.audit("case.submit", Some(id.clone()));
    entry.on_behalf_of = Some(new.filing.person.masked());
    let mut after = audit_after;
    after["type"] = new.case_type.code().into();
    after["applicant"] = new.filing.applicant_kind.into();
    entry.after = Some(after.to_string());
    audit::append(tx, &entry).await?;
    Ok((id, deadline))
}

pub(super) fn channel(caller: &Caller) -> &'static str {
    match &caller.principal {
        Some(p) if p.kiosk.is_some() => "kiosk",
        Some(p) if p.is_staff() => "window",
        _ => "online",
    }
}

/// The queue a case in `state` waits in.
pub(super) fn queue_key(case_type: CaseType, state: CaseState, place: &DivisionCode) -> Option<String> {
    match state {
        CaseState::InReview(n) => case_type.steps().get(n as usize)?.queue_key(place),
        _ => None,
    }
}

/// E3: one person, one record.
async fn refuse_duplicates(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<()> {
    let (kind, number) = (person.kind().code(), person.as_str());
    let enrolled: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT enrolled_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(kind)
            .bind(number)
            .fetch_optional(&mut **tx)
            .await
            .map_err(AppError::internal)?;
    if let Some((_, Some(out))) = &enrolled {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("养老保险关系已于 {out} 转出到其他盟市：户籍迁回后请申请“关系转入”，把个人账户从现参保地转回，不用重新参保"),
        ));
    }
    if let Some((on, _)) = enrolled {
        return Err(AppError::new(ErrorCode::Conflict, format!("已于 {on} 参加城乡居民基本养老保险，无需重复登记")));
    }
    let moved: Option<String> =
        sqlx::query_scalar("SELECT changed_at FROM person_key_changes WHERE old_id_kind = $1 AND old_id_number = $2")
            .bind(kind)
            .bind(number)
            .fetch_optional(&mut **tx)
            .await
            .map_err(AppError::internal)?;
    if moved.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "该证件号码的参保登记已变更为新的证件号码，请用新证件号码登录或办理"));
    }
    let other: Option<String> = sqlx::query_scalar("SELECT scheme FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
        .bind(kind)
        .bind(number)
        .fetch_optional(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    if let Some(scheme) = other {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("已参加{scheme}，按规定不能同时参加城乡居民基本养老保险；如有疑问请到旗县社保经办机构核实"),
        ));
    }
    refuse_open(tx, CaseType::Enrolment, person).await
}

/// One open application of a type per person (in review or returned):
/// a second is refused with where to look.
pub(super) async fn refuse_open(tx: &mut Transaction<'_, Any>, case_type: CaseType, person: &DocumentNumber) -> AppResult<()> {
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases WHERE case_type = $1 AND person_id_kind = $2 AND person_id_number = $3 \
         AND (state LIKE 'in_review:%' OR state = 'returned')",
    )
    .bind(case_type.code())
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_one(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    if open > 0 {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("已有一件正在办理的{}申请，请在“我的申请”中查看进度", case_type.label()),
        ));
    }
    Ok(())
}

pub(super) async fn record_event(
    tx: &mut Transaction<'_, Any>,
    case_id: &str,
    by: &Principal,
    event: &str,
    from: Option<CaseState>,
    to: CaseState,
    reason: Option<&str>,
) -> AppResult<()> {
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = $1")
        .bind(case_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    sqlx::query(
        "INSERT INTO case_events (case_id, seq, at, actor, actor_name, role, event, from_state, to_state, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(case_id)
    .bind(seq)
    .bind(ts(now()))
    .bind(&by.account_id)
    .bind(&by.name)
    .bind(by.is_staff().then(|| by.roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")))
    .bind(event)
    .bind(from.map(CaseState::code))
    .bind(to.code())
    .bind(reason)
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?;
    Ok(())
}

/// An in-app notice to `account`, kept in both languages (§4).
pub(super) async fn notify(tx: &mut Transaction<'_, Any>, account: &str, case_id: &str, text: &Both) -> AppResult<()> {
    sqlx::query("INSERT INTO notifications (id, account_id, case_id, text, text_mn, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id())
        .bind(account)
        .bind(case_id)
        .bind(&text.zh)
        .bind(&text.mn)
        // To the microsecond: two notices of one request keep their order.
        .bind(ts_micros(now()))
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

/// Email to the address on file, after the change is committed; a failure
/// is logged (the in-app notice is there either way). In the language the
/// person last signed in with.
pub(super) async fn mail_person(state: &AppState, person: &DocumentNumber, subject: &Both, body: &Both) {
    mail_in_language(state, person, |lang| (subject.get(lang).to_owned(), body.get(lang).to_owned())).await;
}

/// That an application of `kind` (its Chinese name) was received and is
/// decided by `deadline`, in both languages; `detail` (Chinese, Mongolian)
/// says what was applied for.
fn received(kind: &str, deadline: impl std::fmt::Display, detail: Option<(String, String)>) -> Both {
    let (zh, mn) = detail.map_or((String::new(), String::new()), |(zh, mn)| (format!("（{zh}）"), format!(" ({mn})")));
    Both::new(
        format!("您的{kind}申请{zh}已受理，将在 {deadline} 前办结"),
        format!("ᠲᠠᠨ ᠤ {} ᠭᠣᠶᠣᠯᠲᠠ{mn} ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠴᠤ᠂ {deadline} ᠡᠴᠡ ᠡᠮᠦᠨ᠎ᠡ ᠳᠠᠭᠤᠰᠬᠠᠨ᠎ᠠ᠃", term(Lang::MnMong, kind)),
    )
}

/// The mail that an application was received ([`received`]).
pub(super) async fn mail_received(state: &AppState, person: &DocumentNumber, kind: &str, deadline: impl std::fmt::Display, detail: Option<(String, String)>) {
    let said = received(kind, deadline, detail);
    mail_in_language(state, person, |lang| {
        let subject = match lang {
            Lang::Zh => format!("{kind}申请已受理"),
            Lang::MnMong => format!("{} ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠪᠠ", term(lang, kind)),
        };
        (subject, said.get(lang).to_owned())
    })
    .await;
}

/// What the applicant is told of a case's outcome (in-app and by mail), in
/// both languages; the reason is as the clerk wrote it.
fn outcome(case_type: CaseType, next: CaseState, reason: &str) -> Option<Both> {
    let kind = case_type.label();
    let kind_mn = term(Lang::MnMong, kind);
    match next {
        CaseState::Approved => Some(Both::new(format!("{kind}已审核通过"), format!("{kind_mn} ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠲᠤᠯᠠᠭᠳᠠᠪᠠ"))),
        CaseState::Returned => Some(Both::new(format!("{kind}需要补正：{reason}"), format!("{kind_mn} ᠢ ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ᠄ {reason}"))),
        CaseState::Terminated => Some(Both::new(format!("{kind}已终止：{reason}"), format!("{kind_mn} ᠵᠣᠭᠰᠣᠭᠠᠭᠳᠠᠪᠠ᠄ {reason}"))),
        _ => None,
    }
}

async fn mail_in_language(state: &AppState, person: &DocumentNumber, message: impl FnOnce(Lang) -> (String, String)) {
    let Ok(Some(r)) = registry::find(state.db.pool(), person).await else { return };
    if let Some(email) = r.email {
        let lang = super::accounts::language_of(state.db.pool(), person).await.unwrap_or_default();
        let (subject, body) = message(lang);
        let text = match lang {
            Lang::Zh => format!("{}，您好：\n\n{body}\n\n可登录养老保险服务平台“我的申请”查看详情。\n", r.name),
            Lang::MnMong => format!(
                "{} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ᠄\n\n{body}\n\nᠲᠡᠳᠬᠦᠯᠭᠡ ᠶᠢᠨ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠳᠦ ᠨᠡᠪᠲᠡᠷᠡᠭᠡᠳ «ᠮᠢᠨᠤ ᠭᠣᠶᠣᠯᠲᠠ» ᠳᠤ ᠨᠠᠷᠢᠯᠢᠭ ᠢ ᠦᠵᠡᠨ᠎ᠡ ᠦᠦ᠃\n",
                r.name
            ),
        };
        if let Err(e) = state.mail.send(&email, &subject, &text).await {
            tracing::error!(person = %person.masked(), "case notice not delivered: {e}");
        }
    }
}

/// The stored case, for deciding and viewing.
pub(super) struct Stored {
    pub case_type: CaseType,
    pub state: CaseState,
    pub version: i64,
    pub person: DocumentNumber,
    pub person_name: String,
    pub applicant: String,
    /// The staff member who filed it for the person at a kiosk or window.
    pub assisted_by: Option<String>,
    pub jurisdiction: DivisionCode,
    pub form: serde_json::Value,
    pub received_on: String,
    pub deadline: String,
    pub claimed_by: Option<String>,
    pub claimed_name: Option<String>,
}

pub(super) async fn load<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, id: &str) -> AppResult<Option<Stored>> {
    let row = sqlx::query(
        "SELECT case_type, state, version, person_id_kind, person_id_number, person_name, applicant_account, \
         jurisdiction, form_json, received_on, deadline, claimed_by, claimed_name, assisted_by FROM cases WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
    .map_err(AppError::internal)?;
    let Some(r) = row else { return Ok(None) };
    let s = |c: &str| r.try_get::<String, _>(c).map_err(AppError::internal);
    let kind = DocumentKind::from_code(&s("person_id_kind")?).ok_or_else(|| AppError::internal("bad id kind"))?;
    Ok(Some(Stored {
        case_type: CaseType::parse(&s("case_type")?).ok_or_else(|| AppError::internal("bad case type"))?,
        state: CaseState::parse(&s("state")?).ok_or_else(|| AppError::internal("bad state"))?,
        version: r.try_get("version").map_err(AppError::internal)?,
        person: DocumentNumber::parse(kind, &s("person_id_number")?).map_err(AppError::internal)?,
        person_name: s("person_name")?,
        applicant: s("applicant_account")?,
        assisted_by: r.try_get("assisted_by").map_err(AppError::internal)?,
        jurisdiction: DivisionCode::parse(&s("jurisdiction")?).map_err(AppError::internal)?,
        form: serde_json::from_str(&s("form_json")?).map_err(AppError::internal)?,
        received_on: s("received_on")?,
        deadline: s("deadline")?,
        claimed_by: r.try_get("claimed_by").map_err(AppError::internal)?,
        claimed_name: r.try_get("claimed_name").map_err(AppError::internal)?,
    }))
}

/// Staff who handled the steps before the current one in this round
/// (since the last submission), and a clerk who filed it for the person.
pub(super) async fn handlers<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, id: &str, c: &Stored) -> AppResult<Vec<String>> {
    let mut ids: Vec<String> = sqlx::query_scalar(
        "SELECT actor FROM case_events WHERE case_id = $1 AND event = 'approve' AND seq > \
         (SELECT COALESCE(MAX(seq), 0) FROM case_events WHERE case_id = $1 AND event IN ('submit', 'resubmit'))",
    )
    .bind(id)
    .fetch_all(ex)
    .await
    .map_err(AppError::internal)?;
    // Who filed it for the person, at a kiosk or the window, does not review it.
    ids.extend(c.assisted_by.clone());
    Ok(ids)
}

/// Does the caller act as the applicant of the case? A resident for their
/// own filings and those about them; a kiosk session only for the resident
/// served there now (never what the staff member filed for others); staff
/// on their own device for what they filed at the window.
pub(super) fn acts_for(p: &Principal, c: &Stored) -> bool {
    match (&p.kiosk, p.kind) {
        (Some(_), _) => p.served.as_ref() == Some(&c.person),
        (None, AccountKind::Resident) => c.applicant == p.account_id || p.person.as_ref() == Some(&c.person),
        (None, AccountKind::Staff) => c.assisted_by.as_deref() == Some(p.account_id.as_str()),
    }
}

/// May this caller see the case? The applicant (`acts_for`), staff whose
/// jurisdiction holds it, auditors.
pub(super) fn may_see(p: &Principal, c: &Stored) -> bool {
    acts_for(p, c) || (p.is_staff() && p.kiosk.is_none() && p.has_any(&CASE_ROLES) && (p.covers(&c.jurisdiction) || in_league_pool(p, c)))
}

/// A case waiting at a step of 同审统办 is open to that step's role in the
/// whole league, not only in the person's county (E5).
fn in_league_pool(p: &Principal, c: &Stored) -> bool {
    let CaseState::InReview(n) = c.state else { return false };
    let step = c.case_type.steps()[n as usize];
    let league = |d: &DivisionCode| d.at_level(domain::DivisionLevel::League);
    step.league_pool && p.roles.contains(&step.role) && p.jurisdiction.as_ref().and_then(league) == league(&c.jurisdiction)
}

/// Whether the case's person, or the payee it names (a settlement's heir),
/// is the staff member (linked by ID number) or someone they declared as
/// themselves or a relative (`staff_conflicts`): then they may not decide
/// it (SoD).
pub(super) async fn conflict_of<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E, p: &Principal, c: &Stored) -> AppResult<Option<String>> {
    let payee = DocumentKind::from_code(c.form["payee_id_kind"].as_str().unwrap_or_default())
        .and_then(|k| DocumentNumber::parse(k, c.form["payee_id_number"].as_str().unwrap_or_default()).ok());
    conflict_among(ex, p, &c.person, payee.as_ref()).await
}

/// Why a staff member may not act on a case (回避).
pub(super) fn avoided(relation: &str) -> String {
    format!("本件涉及您申报的{relation}，须由其他工作人员办理（回避）")
}

/// Refused (403) when `person` or `other` is the staff member or someone
/// they declared (回避).
pub(super) async fn refuse_conflict<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    p: &Principal,
    person: &DocumentNumber,
    other: Option<&DocumentNumber>,
) -> AppResult<()> {
    match conflict_among(ex, p, person, other).await? {
        Some(relation) => Err(AppError::new(ErrorCode::Forbidden, avoided(&relation))),
        None => Ok(()),
    }
}

/// Whether `person` or `other` is the staff member or someone they
/// declared (回避): the relation if so.
pub(super) async fn conflict_among<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    p: &Principal,
    person: &DocumentNumber,
    other: Option<&DocumentNumber>,
) -> AppResult<Option<String>> {
    if !p.is_staff() {
        return Ok(None);
    }
    let other = other.unwrap_or(person);
    if p.person.as_ref().is_some_and(|own| own == person || own == other) {
        return Ok(Some("本人".to_owned()));
    }
    sqlx::query_scalar(
        "SELECT relation FROM staff_conflicts WHERE account_id = $1 AND ((id_kind = $2 AND id_number = $3) OR (id_kind = $4 AND id_number = $5)) \
         ORDER BY relation LIMIT 1",
    )
    .bind(&p.account_id)
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(other.kind().code())
    .bind(other.as_str())
    .fetch_optional(ex)
    .await
    .map_err(AppError::internal)
}

/// Whether the caller may decide the current step, or why not.
pub(super) fn decision_right(p: &Principal, c: &Stored, handled: &[String], conflict: Option<&str>) -> Result<(), String> {
    let CaseState::InReview(n) = c.state else { return Err("本件不在审核中".into()) };
    if let Some(relation) = conflict {
        return Err(avoided(relation));
    }
    let step = c.case_type.steps()[n as usize];
    if !p.is_staff() || p.kiosk.is_some() || !p.roles.contains(&step.role) {
        return Err(format!("本环节（{}）须由{}办理", step.name, step.role.label()));
    }
    if !(p.covers(&c.jurisdiction) || in_league_pool(p, c)) {
        return Err("本件不在您的管辖范围内".into());
    }
    domain::roles::may_review(handled.iter().map(String::as_str), &p.account_id).map_err(|e| e.to_string())?;
    match (&c.claimed_by, &c.claimed_name) {
        (Some(by), name) if *by != p.account_id => Err(format!("本件已由{}认领办理", name.as_deref().unwrap_or("其他工作人员"))),
        _ => Ok(()),
    }
}

/// A decision on the current step, made on `version`.
pub async fn decide(state: &AppState, caller: &Caller, id: &str, version: i64, event: CaseEvent) -> AppResult<CaseState> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let c = load(&mut *tx, id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    if c.version != version {
        return Err(changed_meanwhile());
    }
    let handled = handlers(&mut *tx, id, &c).await?;
    let conflict = conflict_of(&mut *tx, p, &c).await?;
    if let Err(why) = decision_right(p, &c, &handled, conflict.as_deref()) {
        return Err(AppError::new(ErrorCode::Forbidden, why));
    }
    let next = transition(c.case_type, c.state, &event, &Actor::Staff { id: &p.account_id, roles: &p.roles }, handled.iter().map(String::as_str))
        .map_err(|e| AppError::invalid(e.to_string()))?;
    apply(state, &mut tx, caller, id, &c, version, &event, next).await?;
    tx.commit().await.map_err(AppError::internal)?;
    if let Some(said) = outcome(c.case_type, next, event.reason().unwrap_or_default()) {
        mail_in_language(state, &c.person, |lang| (term(lang, c.case_type.label()), said.get(lang).to_owned())).await;
    }
    Ok(next)
}

/// The applicant resubmits after a return, or withdraws.
pub async fn applicant_acts(state: &AppState, caller: &Caller, id: &str, version: i64, event: CaseEvent) -> AppResult<CaseState> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let c = load(&mut *tx, id).await?.filter(|c| acts_for(p, c)).ok_or_else(not_found)?;
    if c.version != version {
        return Err(changed_meanwhile());
    }
    let next = transition(c.case_type, c.state, &event, &Actor::Applicant, []).map_err(|e| AppError::invalid(e.to_string()))?;
    apply(state, &mut tx, caller, id, &c, version, &event, next).await?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(next)
}

/// Stores a transition: the version check, the event, the notice, the
/// audit record, and what an approval brings about.
#[allow(clippy::too_many_arguments)]
async fn apply(
    state: &AppState,
    tx: &mut Transaction<'_, Any>,
    caller: &Caller,
    id: &str,
    c: &Stored,
    version: i64,
    event: &CaseEvent,
    next: CaseState,
) -> AppResult<()> {
    let p = caller.principal()?;
    let changed = sqlx::query(
        "UPDATE cases SET state = $2, version = version + 1, updated_at = $3, queue_key = $5, claimed_by = NULL, claimed_name = NULL \
         WHERE id = $1 AND version = $4",
    )
        .bind(id)
        .bind(next.code())
        .bind(ts(now()))
        .bind(version)
        .bind(queue_key(c.case_type, next, &c.jurisdiction))
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?
        .rows_affected();
    if changed != 1 {
        return Err(changed_meanwhile());
    }
    record_event(tx, id, p, event.code(), Some(c.state), next, event.reason()).await?;
    if c.case_type == CaseType::AccountDispute && matches!(event, CaseEvent::Approve) && c.state == CaseState::InReview(0) {
        super::disputes::finding_recorded(c)?;
    }
    if next == CaseState::Approved {
        match c.case_type {
            CaseType::Enrolment => enrol(state, tx, id, c).await?,
            CaseType::KeyDetailChange => super::changes::apply_key_change(tx, id, c).await?,
            CaseType::AccountDispute => super::disputes::apply_correction(state, tx, id, c).await?,
            CaseType::BackPayment => super::back_payments::approve(state, tx, id, c).await?,
            CaseType::BenefitClaim => super::benefits::approve(state, tx, id, c).await?,
            CaseType::Resumption => super::benefits::approve_resumption(state, tx, id, c).await?,
            CaseType::BenefitReview => super::benefit_reviews::approve(state, tx, id, c).await?,
            CaseType::Deregistration => super::deregistrations::approve(state, tx, id, c).await?,
            CaseType::TransferIn => super::transfers::approve_in(state, tx, id, c).await?,
            CaseType::BankCardChange => super::benefits::approve_bank_card(tx, caller, id, c).await?,
        }
    }
    if let Some(text) = outcome(c.case_type, next, event.reason().unwrap_or_default()) {
        notify(tx, &c.applicant, id, &text).await?;
    }
    let mut entry = caller.audit(&format!("case.{}", event.code()), Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    entry.before = Some(serde_json::json!({ "state": c.state.code(), "version": version }).to_string());
    entry.after = Some(serde_json::json!({ "state": next.code(), "reason": event.reason() }).to_string());
    audit::append(tx, &entry).await.map(|_| ())
}

/// Approval of an enrolment: the insured person's record and an empty
/// personal account (E2, E3).
async fn enrol(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    insure(state, tx, id, c).await.map(|_| ())
}

/// The insured person's record from the 《登记表》 fields of case `c`
/// (enrolment, or a transfer-in of someone not insured here, T3), an empty
/// personal account, and the registration for the tax bureau; the account id.
pub(super) async fn insure(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<String> {
    let f = &c.form;
    let text = |k: &str| f[k].as_str().map(str::to_owned);
    let today = state.today().to_string();
    let inserted = sqlx::query(
        "INSERT INTO insured_persons (id_kind, id_number, name, village_code, tier, special_group, phone, bank_card, enrolled_on, \
         enrolment_case, residence_address, sex, birth_date, ethnicity) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id_kind, id_number) DO NOTHING",
    )
    .bind(c.person.kind().code())
    .bind(c.person.as_str())
    .bind(&c.person_name)
    .bind(c.jurisdiction.as_str())
    .bind(text("tier").unwrap_or_default())
    .bind(text("special_group"))
    .bind(text("phone"))
    .bind(text("bank_card"))
    .bind(&today)
    .bind(id)
    .bind(text("residence_address"))
    .bind(f["registry"]["sex"].as_str())
    .bind(f["registry"]["birth_date"].as_str())
    .bind(f["registry"]["ethnicity"].as_str())
    .execute(&mut **tx)
    .await
    .map_err(AppError::internal)?
    .rows_affected();
    if inserted != 1 {
        return Err(AppError::new(ErrorCode::Conflict, "此人已参保，本件不能再通过；请终止本件并写明理由"));
    }
    let account = new_id();
    sqlx::query("INSERT INTO personal_accounts (id, id_kind, id_number, opened_on) VALUES ($1, $2, $3, $4)")
        .bind(&account)
        .bind(c.person.kind().code())
        .bind(c.person.as_str())
        .bind(&today)
        .execute(&mut **tx)
        .await
        .map_err(AppError::internal)?;
    super::registration::queue(tx, &account, "new", None).await?;
    Ok(account)
}

fn row_of(id: &str, c: &Stored, today: &str) -> CaseRow {
    CaseRow {
        id: id.to_owned(),
        case_type: c.case_type.label().to_owned(),
        person_name: c.person_name.clone(),
        person_document_masked: c.person.masked(),
        state: c.state.label(c.case_type),
        received_on: c.received_on.clone(),
        deadline: c.deadline.clone(),
        due_today: c.state.is_open() && c.deadline == today,
        overdue: c.state.is_open() && c.deadline.as_str() < today,
        claimed_by: c.claimed_name.clone(),
    }
}

/// One case, for those who may see it; anyone else gets "not found".
pub async fn view(state: &AppState, caller: &Caller, id: &str) -> AppResult<CaseView> {
    let p = caller.principal()?;
    let c = load(state.db.pool(), id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    let handled = handlers(state.db.pool(), id, &c).await?;
    let conflict = conflict_of(state.db.pool(), p, &c).await?;
    let right = decision_right(p, &c, &handled, conflict.as_deref());
    let events = sqlx::query("SELECT at, actor_name, event, to_state, reason FROM case_events WHERE case_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(state.db.pool())
        .await
        .map_err(AppError::internal)?;
    let mut timeline = Vec::new();
    for e in &events {
        let get = |k: &str| e.try_get::<String, _>(k).map_err(AppError::internal);
        let to = CaseState::parse(&get("to_state")?).map_or_else(String::new, |s| s.label(c.case_type));
        timeline.push(CaseEventRow {
            at: super::auth::local_time(&get("at")?),
            actor_name: get("actor_name")?,
            event: event_label(&get("event")?).to_owned(),
            state: to,
            reason: e.try_get("reason").map_err(AppError::internal)?,
        });
    }
    let docs = sqlx::query(
        "SELECT c.kind, c.file_name, c.sha256, d.media_type FROM case_documents c JOIN documents d ON d.sha256 = c.sha256 \
         WHERE c.case_id = $1 ORDER BY c.uploaded_at, c.kind",
    )
    .bind(id)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let documents = docs
        .iter()
        .map(|d| {
            let kind: String = d.try_get("kind")?;
            Ok(CaseDocumentRow {
                kind: documents::kind_label(&kind).to_owned(),
                file_name: d.try_get("file_name")?,
                sha256: d.try_get("sha256")?,
                media_type: d.try_get("media_type")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::internal)?;
    let county_clerk = c.case_type == CaseType::TransferIn && p.is_staff() && p.has_any(&[Role::CountyClerk]) && p.covers(&c.jurisdiction);
    let form = match c.case_type {
        CaseType::KeyDetailChange => super::changes::facts(state, &c).await?,
        CaseType::AccountDispute => super::disputes::facts(&c.form),
        CaseType::BackPayment => super::back_payments::facts(&c.form),
        CaseType::BenefitClaim => super::benefits::facts(&c.form),
        CaseType::Resumption => super::benefits::resumption_facts(&c.form),
        CaseType::BenefitReview => super::benefit_reviews::facts(&c.form),
        CaseType::BankCardChange => super::benefits::bank_card_facts(&c.form),
        CaseType::Deregistration => super::deregistrations::facts(state, id, &c, p.is_staff() && p.kiosk.is_none()).await?,
        CaseType::TransferIn => super::transfers::facts(state, id, &c).await?,
        CaseType::Enrolment => enrolment_facts(&c.form),
    };
    let mine = acts_for(p, &c);
    let needed = (c.state == CaseState::Returned).then(|| timeline.iter().rev().find_map(|e| e.reason.clone())).flatten();
    let mut entry = caller.audit("case.view", Some(id.to_owned()));
    entry.on_behalf_of = Some(c.person.masked());
    audit::record(&state.db, entry).await?;
    Ok(CaseView {
        row: row_of(id, &c, &state.today().to_string()),
        version: c.version,
        form,
        documents,
        timeline,
        needed,
        can_decide: right.is_ok(),
        needs_finding: right.is_ok() && c.case_type == CaseType::AccountDispute && c.state == CaseState::InReview(0),
        cannot_decide_because: right.clone().err().filter(|_| p.is_staff()),
        can_resubmit: mine && c.state == CaseState::Returned,
        can_withdraw: mine && c.state.is_open(),
        can_claim: right.is_ok() && c.claimed_by.is_none(),
        can_release: c.claimed_by.as_deref() == Some(p.account_id.as_str()),
        awaiting_funds: if county_clerk { super::transfers::awaiting_funds(state, id).await? } else { None },
        awaiting_connection: county_clerk && super::transfers::awaiting_connection(state, id).await?,
    })
}

/// What the applicant and reviewers see of an enrolment form (numbers masked).
fn enrolment_facts(f: &serde_json::Value) -> Vec<(String, String)> {
    let field = |label: &str, v: Option<String>| (label.to_owned(), v.unwrap_or_else(|| "—".into()));
    let s = |k: &str| f[k].as_str().map(str::to_owned);
    vec![
        field("性别", f["registry"]["sex"].as_str().map(|x| if x == "male" { "男".into() } else { "女".into() })),
        field("出生日期", f["registry"]["birth_date"].as_str().map(str::to_owned)),
        field("民族", f["registry"]["ethnicity"].as_str().map(str::to_owned)),
        field("户籍地址", f["registry"]["household_address"].as_str().map(str::to_owned)),
        field("户口性质", s("household_type")),
        field("居住地址", s("residence_address")),
        field("联系电话", s("phone").as_deref().map(mask_phone)),
        field("缴费档次（元/年）", s("tier")),
        field("特殊群体", s("special_group")),
        field("银行卡", s("bank_card").map(|x| mask_card(&x))),
        field("确认方式", s("confirmation")),
    ]
}

pub(crate) fn event_label(code: &str) -> &'static str {
    match code {
        "submit" => "提交申请",
        "approve" => "审核通过",
        "return" => "退回补正",
        "terminate" => "终止",
        "resubmit" => "补正后重新提交",
        "withdraw" => "撤回",
        "finding" => "核查结论",
        _ => "处理",
    }
}

/// The caller's own applications (and those about them).
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<CaseRow>> {
    let p = caller.principal()?;
    // As `acts_for`: at a kiosk only the served resident's, never the
    // staff member's; staff on their own device what they filed for others.
    let (account, person, assisted) = match (&p.kiosk, p.kind) {
        (Some(_), _) => ("", p.served.as_ref(), ""),
        (None, AccountKind::Resident) => (p.account_id.as_str(), p.person.as_ref(), ""),
        (None, AccountKind::Staff) => ("", None, p.account_id.as_str()),
    };
    let rows = sqlx::query(&format!(
        "SELECT {ROW_COLUMNS} FROM cases WHERE (applicant_account = $1 AND $1 <> '') OR (person_id_kind = $2 AND person_id_number = $3) \
         OR (assisted_by = $4 AND $4 <> '') ORDER BY created_at DESC LIMIT 100"
    ))
    .bind(account)
    .bind(person.map(|d| d.kind().code()).unwrap_or(""))
    .bind(person.map(|d| d.as_str()).unwrap_or(""))
    .bind(assisted)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    let today = state.today().to_string();
    rows.iter().map(|r| row_from(r, &today)).collect::<Result<_, _>>().map_err(AppError::internal)
}

/// The columns a list line needs, and the line made of them.
const ROW_COLUMNS: &str = "id, case_type, state, person_name, person_id_number, received_on, deadline, created_at, claimed_name";

fn row_from(r: &sqlx::any::AnyRow, today: &str) -> Result<CaseRow, sqlx::Error> {
    let get = |k: &str| r.try_get::<String, _>(k);
    let case_type = CaseType::parse(&get("case_type")?).unwrap_or(CaseType::Enrolment);
    let st = CaseState::parse(&get("state")?).unwrap_or(CaseState::InReview(0));
    let deadline = get("deadline")?;
    Ok(CaseRow {
        id: get("id")?,
        case_type: case_type.label().to_owned(),
        person_name: get("person_name")?,
        person_document_masked: mask(&get("person_id_number")?, 6, 4),
        state: st.label(case_type),
        received_on: get("received_on")?,
        due_today: st.is_open() && deadline == today,
        overdue: st.is_open() && deadline.as_str() < today,
        deadline,
        claimed_by: r.try_get("claimed_name")?,
    })
}

/// The caller's queue: the cases waiting for a step their roles decide in
/// their jurisdiction (or their league's pool), by deadline, first 100.
/// One index range per queue, whatever the number of open cases.
pub async fn queue(state: &AppState, caller: &Caller) -> AppResult<Vec<CaseRow>> {
    // One index range per queue key (each already in deadline order), then
    // merged: a single query over several keys would sort them all.
    let mut rows = Vec::new();
    for key in queue_keys_of(caller)? {
        rows.extend(
            sqlx::query(&format!("SELECT {ROW_COLUMNS} FROM cases WHERE queue_key = $1 ORDER BY deadline, created_at LIMIT 100"))
            .bind(key)
            .fetch_all(state.db.pool())
            .await
            .map_err(AppError::internal)?,
        );
    }
    let order = |r: &sqlx::any::AnyRow| (r.try_get::<String, _>("deadline").unwrap_or_default(), r.try_get::<String, _>("created_at").unwrap_or_default());
    rows.sort_by_key(order);
    rows.truncate(100);
    let today = state.today().to_string();
    rows.iter().map(|r| row_from(r, &today)).collect::<Result<_, _>>().map_err(AppError::internal)
}

fn queue_keys_of(caller: &Caller) -> AppResult<Vec<String>> {
    let p = caller.staff_with(&CASE_ROLES)?;
    let j = p.jurisdiction.as_ref().ok_or_else(super::auth::forbidden)?;
    Ok(domain::case::queue_keys(&p.roles, j))
}

fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

trait BindAll<'q> {
    fn bind_all(self, values: &'q [String]) -> Self;
}

impl<'q> BindAll<'q> for sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    fn bind_all(self, values: &'q [String]) -> Self {
        values.iter().fold(self, |q, v| q.bind(v.as_str()))
    }
}

/// How many cases wait in the caller's queues, are due today, are overdue.
pub async fn queue_counts(state: &AppState, caller: &Caller) -> AppResult<crate::model::QueueCounts> {
    let keys = queue_keys_of(caller)?;
    let n = keys.len();
    let today = state.today().to_string();
    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS waiting, \
         COALESCE(SUM(CASE WHEN deadline = ${a} THEN 1 ELSE 0 END), 0) AS due_today, \
         COALESCE(SUM(CASE WHEN deadline < ${a} THEN 1 ELSE 0 END), 0) AS overdue \
         FROM cases WHERE queue_key IN ({})",
        placeholders(n),
        a = n + 1
    ))
    .bind_all(&keys)
    .bind(today)
    .fetch_one(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    Ok(crate::model::QueueCounts {
        waiting: row.try_get("waiting").map_err(AppError::internal)?,
        due_today: row.try_get("due_today").map_err(AppError::internal)?,
        overdue: row.try_get("overdue").map_err(AppError::internal)?,
    })
}

/// Claims a case for the caller (a reviewer of its current step), or
/// releases the caller's claim. Someone else's claim is refused with
/// their name.
pub async fn claim(state: &AppState, caller: &Caller, id: &str, take: bool) -> AppResult<()> {
    let p = caller.principal()?;
    let mut tx = state.db.begin_write().await.map_err(AppError::internal)?;
    let c = load(&mut *tx, id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    let changed = if take {
        let handled = handlers(&mut *tx, id, &c).await?;
        let conflict = conflict_of(&mut *tx, p, &c).await?;
        decision_right(p, &c, &handled, conflict.as_deref()).map_err(|why| AppError::new(ErrorCode::Conflict, why))?;
        sqlx::query("UPDATE cases SET claimed_by = $2, claimed_name = $3 WHERE id = $1 AND claimed_by IS NULL")
            .bind(id)
            .bind(&p.account_id)
            .bind(&p.name)
            .execute(&mut *tx)
            .await
    } else {
        sqlx::query("UPDATE cases SET claimed_by = NULL, claimed_name = NULL WHERE id = $1 AND claimed_by = $2")
            .bind(id)
            .bind(&p.account_id)
            .execute(&mut *tx)
            .await
    }
    .map_err(AppError::internal)?
    .rows_affected();
    if changed != 1 {
        return Err(AppError::new(ErrorCode::Conflict, "认领状态已变化，请刷新后查看"));
    }
    audit::append(&mut tx, &caller.audit(if take { "case.claim" } else { "case.release" }, Some(id.to_owned()))).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// A document of a case the caller may see; the view is audited.
pub async fn document(state: &AppState, caller: &Caller, id: &str, sha: &str) -> AppResult<(Vec<u8>, String)> {
    let p = caller.principal()?;
    let c = load(state.db.pool(), id).await?.filter(|c| may_see(p, c)).ok_or_else(not_found)?;
    let out = documents::read(state, id, sha).await?;
    let mut entry = caller.audit("case.document_view", Some(format!("{id}/{sha}")));
    entry.on_behalf_of = Some(c.person.masked());
    audit::record(&state.db, entry).await?;
    Ok(out)
}

/// The caller's latest in-app notices.
pub async fn notices(state: &AppState, caller: &Caller) -> AppResult<Vec<crate::model::Notice>> {
    let p = caller.principal()?;
    let keys = own_keys(&state.db, p).await?;
    let rows = sqlx::query(
        "SELECT created_at, text, text_mn, case_id FROM notifications WHERE account_id IN ($1, $2) ORDER BY created_at DESC LIMIT 20",
    )
    .bind(keys.first().map_or("", String::as_str))
    .bind(keys.get(1).map_or("", String::as_str))
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::internal)?;
    rows.iter()
        .map(|r| {
            Ok(crate::model::Notice {
                at: super::auth::local_time(&r.try_get::<String, _>("created_at")?),
                text: match (caller.lang, r.try_get::<Option<String>, _>("text_mn")?) {
                    (Lang::MnMong, Some(mn)) => mn,
                    (lang, _) => term(lang, &r.try_get::<String, _>("text")?),
                },
                case_id: r.try_get::<Option<String>, _>("case_id")?.filter(|c| !c.is_empty()),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::internal)
}
