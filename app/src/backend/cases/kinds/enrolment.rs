//! Enrolment (E1–E3): who may enrol, the form and its attachments, and on
//! approval the insured person's record, an empty personal account and the
//! registration for the tax bureau.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::new_id;
use crate::backend::infra::documents::{self, Upload};
use crate::backend::{AppState, infra::reference, infra::registry};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::EnrolmentForm;
use domain::case::CaseType;
use domain::id_number::{mask_card, mask_phone};
use domain::{DivisionCode, DocumentNumber, Yuan};
use sqlx::{Any, Transaction};

use crate::backend::cases::engine::*;

const ONLINE_ATTACHMENTS: [&str; 4] = ["id_front", "id_back", "hukou_home", "hukou_self"];

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
        if let Some(name) = form.name.as_deref().map(str::trim).filter(|n| !n.is_empty())
            && name != person.name
        {
            return Err(AppError::invalid("姓名与户籍登记信息不一致，请核对"));
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
    let mut tx = state.db.begin_write().await?;
    refuse_duplicates(&mut tx, &filing.person).await?;
    let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
    let new = NewCase { case_type: CaseType::Enrolment, filing: &filing, person_name: &person.name, place: &village, form: form_json, deadline };
    let (id, deadline) = open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "tier": tier.to_string() })).await?;
    tx.commit().await?;
    crate::backend::infra::notices::mail_received(state, &filing.person, CaseType::Enrolment.label(), deadline, None).await;
    Ok(id)
}

/// E3: one person, one record.
async fn refuse_duplicates(tx: &mut Transaction<'_, Any>, person: &DocumentNumber) -> AppResult<()> {
    let (kind, number) = (person.kind().code(), person.as_str());
    let enrolled: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT enrolled_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
            .bind(kind)
            .bind(number)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some((_, Some(out))) = &enrolled {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("养老保险关系已于 {out} 转出到其他盟市：户籍迁回后请申请“关系转入”，把个人账户从现参保地转回，不用重新参保"),
        ));
    }
    if let Some((on, _)) = enrolled {
        return Err(AppError::new(ErrorCode::Conflict, format!("已于 {on} 参加城乡居民基本养老保险，无需重复登记")));
    }
    let moved: Option<String> = sqlx::query_scalar("SELECT changed_at FROM person_key_changes WHERE old_id_kind = $1 AND old_id_number = $2")
        .bind(kind)
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?;
    if moved.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "该证件号码的参保登记已变更为新的证件号码，请用新证件号码登录或办理"));
    }
    let other: Option<String> = sqlx::query_scalar("SELECT scheme FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
        .bind(kind)
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(scheme) = other {
        return Err(AppError::new(ErrorCode::Conflict, format!("已参加{scheme}，按规定不能同时参加城乡居民基本养老保险；如有疑问请到旗县社保经办机构核实")));
    }
    refuse_open(tx, CaseType::Enrolment, person).await
}

/// Approval of an enrolment: the insured person's record and an empty
/// personal account (E2, E3).
pub(crate) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<()> {
    insure(state, tx, id, c).await.map(|_| ())
}

/// The insured person's record from the 《登记表》 fields of case `c`
/// (enrolment, or a transfer-in of someone not insured here, T3), an empty
/// personal account, and the registration for the tax bureau; the account id.
pub(crate) async fn insure(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored) -> AppResult<String> {
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
    .await?
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
        .await?;
    crate::backend::money::registration::queue(tx, &account, "new", None).await?;
    Ok(account)
}

/// What the applicant and reviewers see of an enrolment form (numbers masked).
pub(crate) fn facts(f: &serde_json::Value) -> Vec<(String, String)> {
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
