//! Enrolment (E1–E3): who may enrol, the form and its attachments, and on
//! approval the insured person's record, an empty personal account and the
//! registration for the tax bureau.

use crate::backend::cases::engine::fact;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::clock::new_id;
use crate::backend::infra::documents::Upload;
use crate::backend::{AppState, infra::reference, infra::registry};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Key;
use crate::i18n::msg;
use crate::model::EnrolmentForm;
use crate::names;
use domain::case::CaseType;
use domain::filing::{Registration, RegistryFacts};
use domain::{ApplicantKind, Confirmation, DivisionCode, DocumentNumber, HouseholdType, Phone, Yuan};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use crate::backend::cases::engine::*;

const ONLINE_ATTACHMENTS: [&str; 4] = ["id_front", "id_back", "hukou_home", "hukou_self"];

/// An enrolment as filed (附件1 《参保登记表》).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Form {
    pub household_type: HouseholdType,
    #[serde(flatten)]
    pub registration: Registration,
    pub special_group: Option<String>,
    pub confirmation: Confirmation,
    pub registry: RegistryFacts,
}

/// The registry's facts of a person as a form keeps them.
pub(crate) fn registry_facts(person: &registry::RegistryPerson, with_address: bool) -> AppResult<RegistryFacts> {
    Ok(RegistryFacts {
        sex: domain::Sex::from_label_or_code(&person.sex).ok_or_else(|| AppError::internal("registry sex"))?,
        birth_date: chrono::NaiveDate::parse_from_str(&person.birth_date, "%Y-%m-%d").map_err(AppError::internal)?,
        ethnicity: person.ethnicity.clone(),
        household_address: with_address.then(|| person.address.clone()),
    })
}

/// Files an enrolment (E1–E3). Refused, with the reason and nothing
/// stored: someone not in the registry or dead, already insured, with an
/// enrolment open, insured under another scheme, a tier not in force, a
/// missing or wrong attachment.
pub async fn submit_enrolment(state: &AppState, caller: &Caller, form: &EnrolmentForm, uploads: Vec<Upload>) -> AppResult<String> {
    let filing = filing(caller, form.document_kind.as_deref(), form.document_number.as_deref())?;
    let p = caller.principal()?;
    let household_type = HouseholdType::from_label_or_code(&form.household_type).ok_or_else(|| AppError::invalid(msg::enrol_choose_household_type()))?;
    let residence = required(&form.residence_address, Key::FactResidenceAddress, 100)?;
    let phone = Phone::parse(&form.phone).map_err(AppError::invalid)?;
    let card = bank_card(&form.bank_card)?;
    let today = state.today();
    let policy = reference::policy_on(state.db.pool(), today).await?;
    let tier = Yuan::parse(form.tier.trim()).ok().filter(|t| policy.tiers.contains(t)).ok_or_else(|| {
        let tiers: Vec<String> = policy.tiers.iter().map(ToString::to_string).collect();
        AppError::invalid(msg::ledger_tier_not_standard(tiers.join("、")))
    })?;
    let special = form.special_group.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let kinds: Vec<&str> = uploads.iter().map(|u| u.kind.as_str()).collect();
    let needed: &[&str] = if filing.applicant_kind == ApplicantKind::Staff { &["signed_form"] } else { &ONLINE_ATTACHMENTS };
    if let Some(missing) = needed.iter().find(|k| !kinds.contains(k)) {
        return Err(AppError::invalid(msg::dereg_upload_missing(crate::names::document_kind(missing))));
    }
    let confirmation = confirmation(&filing, form.confirmation.as_deref())?;

    let person = registry::find(state.db.pool(), &filing.person)
        .await?
        .filter(|r| r.death_date.is_none())
        .ok_or_else(|| AppError::invalid(msg::enrol_no_living_household_record()))?;
    let facts = registry_facts(&person, true)?;
    domain::filing::may_enrol(facts.birth_date, today, policy.enrolment_min_age, form.full_time_student)?;
    if filing.applicant_kind == ApplicantKind::Staff {
        if let Some(name) = form.name.as_deref().map(str::trim).filter(|n| !n.is_empty())
            && name != person.name
        {
            return Err(AppError::invalid(msg::enrol_name_mismatch()));
        }
        let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
        if !p.covers(&village) {
            return Err(AppError::new(ErrorCode::Forbidden, msg::enrol_own_area_only()));
        }
    }
    let filed = Form {
        household_type,
        registration: Registration { residence_address: residence, phone, tier, bank_card: card },
        special_group: special,
        confirmation,
        registry: facts,
    };
    let deadline = deadline_for(state, CaseType::Enrolment).await?;
    let mut tx = state.db.begin_write().await?;
    refuse_duplicates(&mut tx, &filing.person).await?;
    let village = DivisionCode::parse(&person.village_code).map_err(AppError::internal)?;
    let new = NewCase { case_type: CaseType::Enrolment, filing: &filing, person_name: &person.name, place: &village, form: &filed, deadline };
    let (id, deadline) = open_case(state, &mut tx, caller, new, &uploads, serde_json::json!({ "tier": tier.to_string() })).await?;
    tx.commit().await?;
    crate::backend::infra::notices::mail_received_by(state, &filing.person, crate::names::case_type(CaseType::Enrolment), deadline).await;
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
        return Err(AppError::new(ErrorCode::Conflict, msg::enrol_transferred_out_apply_transfer_in(out)));
    }
    if let Some((on, _)) = enrolled {
        return Err(AppError::new(ErrorCode::Conflict, msg::enrol_already_enrolled(on)));
    }
    let moved: Option<String> = sqlx::query_scalar("SELECT changed_at FROM person_key_changes WHERE old_id_kind = $1 AND old_id_number = $2")
        .bind(kind)
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?;
    if moved.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, msg::enrol_id_number_changed()));
    }
    let other: Option<String> = sqlx::query_scalar("SELECT scheme FROM other_scheme_insured WHERE id_kind = $1 AND id_number = $2")
        .bind(kind)
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(scheme) = other {
        return Err(AppError::new(ErrorCode::Conflict, msg::enrol_other_scheme_conflict(scheme)));
    }
    refuse_open(tx, CaseType::Enrolment, person).await
}

/// Approval of an enrolment: the insured person's record and an empty
/// personal account (E2, E3).
pub(crate) async fn approve(state: &AppState, tx: &mut Transaction<'_, Any>, id: &str, c: &Stored, f: &Form) -> AppResult<()> {
    insure(state, tx, id, c, &f.registration, f.special_group.as_deref(), &f.registry).await.map(|_| ())
}

/// The insured person's record from the 《登记表》 fields of case `c`
/// (enrolment, or a transfer-in of someone not insured here, T3), an empty
/// personal account, and the registration for the tax bureau; the account id.
pub(crate) async fn insure(
    state: &AppState,
    tx: &mut Transaction<'_, Any>,
    id: &str,
    c: &Stored,
    r: &Registration,
    special_group: Option<&str>,
    registry: &RegistryFacts,
) -> AppResult<String> {
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
    .bind(r.tier.to_string())
    .bind(special_group)
    .bind(r.phone.as_str())
    .bind(r.bank_card.as_str())
    .bind(&today)
    .bind(id)
    .bind(&r.residence_address)
    .bind(registry.sex.code())
    .bind(registry.birth_date.to_string())
    .bind(&registry.ethnicity)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::enrol_already_enrolled_terminate()));
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
pub(crate) fn facts(f: &Form) -> Vec<crate::backend::cases::engine::Fact> {
    let (r, g) = (&f.registration, &f.registry);
    vec![
        fact(Key::FactSex, names::sex(g.sex)),
        fact(Key::FactBirthDate, g.birth_date.to_string()),
        fact(Key::FactEthnicity, names::or_text(names::ethnic_group(&g.ethnicity), &g.ethnicity)),
        fact(Key::FactHouseholdAddress, g.household_address.clone().unwrap_or_else(|| "—".into())),
        fact(Key::FactHouseholdType, names::household(f.household_type)),
        fact(Key::FactResidenceAddress, r.residence_address.clone()),
        fact(Key::FactPhone, r.phone.masked()),
        fact(Key::FactTier, r.tier.to_string()),
        fact(Key::FactSpecialGroup, f.special_group.clone().unwrap_or_else(|| "—".into())),
        fact(Key::FactBankCard, card_fact(&r.bank_card)),
        fact(Key::FactConfirmation, names::confirmation(f.confirmation)),
    ]
}
