//! Views of a person's registry data (personal data, G3): a resident sees
//! their own; staff see people inside their jurisdiction. Lists are
//! masked; every view is in the audit trail.

use crate::backend::identity::auth::Caller;
use crate::backend::infra::registry::{self, RegistryPerson};
use crate::backend::{AppState, infra::audit, infra::outbox};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::model::{PersonRow, PersonView};
use domain::id_number::{mask_email, mask_phone};
use domain::message::ChannelChoice;
use domain::{DivisionCode, DocumentNumber, Role};
use sqlx::Row;

/// Roles that may look people up in the registry.
pub const LOOKUP_ROLES: [Role; 4] = [Role::VillageAssistant, Role::TownshipClerk, Role::CountyClerk, Role::Auditor];

async fn view_of(state: &AppState, document: &DocumentNumber, r: RegistryPerson) -> AppResult<PersonView> {
    let village: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT name, name_mn FROM divisions WHERE code = $1").bind(&r.village_code).fetch_optional(state.db.pool()).await?;
    let choice: Option<(String, String)> = sqlx::query_as("SELECT channels, sms_lang FROM contact_preferences WHERE id_kind = $1 AND id_number = $2")
        .bind(document.kind().code())
        .bind(document.as_str())
        .fetch_optional(state.db.pool())
        .await?;
    let (channels, sms_lang) = choice.unwrap_or_else(|| ("all".into(), crate::i18n::Lang::Zh.tag().into()));
    Ok(PersonView {
        channels: ChannelChoice::from_code(&channels).unwrap_or_default(),
        sms_lang,
        messages: outbox::messages_of(state.db.pool(), document, 20).await?,
        name: r.name,
        document_kind: document.kind().label().to_owned(),
        document_masked: document.masked(),
        sex: domain::Sex::from_label_or_code(&r.sex).map_or("—", domain::Sex::label).into(),
        birth_date: r.birth_date,
        ethnicity: r.ethnicity,
        village_code: r.village_code,
        village_name: village.clone().map(|v| v.0),
        village_name_mn: village.and_then(|v| v.1),
        phone_masked: r.phone.as_deref().map(mask_phone),
        email_masked: r.email.as_deref().map(mask_email),
        death_date: r.death_date,
    })
}

async fn logged_view(state: &AppState, caller: &Caller, action: &str, document: &DocumentNumber, r: RegistryPerson) -> AppResult<PersonView> {
    let view = view_of(state, document, r).await?;
    audit::record(&state.db, caller.audit(action, Some(document.masked()))).await?;
    Ok(view)
}

/// The record of the person this session serves (the resident themselves,
/// or the resident identified at a kiosk): once insured, their own insured
/// record (E4/E5 changes show at once) over the registry's.
pub async fn my_record(state: &AppState, caller: &Caller) -> AppResult<PersonView> {
    let p = caller.principal()?;
    let document = p.served_person().ok_or_else(|| AppError::invalid(msg::identity_staff_verify_first()))?.clone();
    let registry = registry::find(state.db.pool(), &document).await?;
    let insured: Option<(String, Option<String>, Option<String>, Option<String>, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT name, sex, birth_date, ethnicity, phone, village_code, residence_address FROM insured_persons WHERE id_kind = $1 AND id_number = $2",
    )
    .bind(document.kind().code())
    .bind(document.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    let r = match (registry, insured) {
        (None, None) => return Err(AppError::not_found(msg::identity_no_household_record())),
        (Some(r), None) => r,
        (r, Some((name, sex, birth_date, ethnicity, phone, village_code, residence))) => RegistryPerson {
            sex: sex.or(r.as_ref().map(|r| r.sex.clone())).unwrap_or_default(),
            birth_date: birth_date.or(r.as_ref().map(|r| r.birth_date.clone())).unwrap_or_default(),
            ethnicity: ethnicity.or(r.as_ref().map(|r| r.ethnicity.clone())).unwrap_or_default(),
            address: r.as_ref().map(|r| r.address.clone()).or(residence).unwrap_or_default(),
            phone: phone.or(r.as_ref().and_then(|r| r.phone.clone())),
            email: r.as_ref().and_then(|r| r.email.clone()),
            death_date: r.as_ref().and_then(|r| r.death_date.clone()),
            name,
            village_code,
        },
    };
    logged_view(state, caller, "person.view_own", &document, r).await
}

/// Staff look a person up by document; outside their jurisdiction it is
/// "not found", exactly as for a number nobody has.
pub async fn staff_lookup(state: &AppState, caller: &Caller, document: &DocumentNumber) -> AppResult<PersonView> {
    let staff = caller.staff_with(&LOOKUP_ROLES)?;
    let r = registry::find(state.db.pool(), document).await?;
    let r = r
        .filter(|r| DivisionCode::parse(&r.village_code).is_ok_and(|v| staff.covers(&v)))
        .ok_or_else(|| AppError::not_found(msg::identity_not_in_jurisdiction()))?;
    logged_view(state, caller, "person.view", document, r).await
}

/// The people of the caller's jurisdiction, first 200 by village.
pub async fn staff_list(state: &AppState, caller: &Caller) -> AppResult<Vec<PersonRow>> {
    let staff = caller.staff_with(&LOOKUP_ROLES)?;
    let prefix = format!("{}%", staff.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let rows = sqlx::query(
        "SELECT name, id_number, village_code, phone, death_date FROM registry_persons \
         WHERE village_code LIKE $1 ORDER BY village_code, id_number LIMIT 200",
    )
    .bind(prefix)
    .fetch_all(state.db.pool())
    .await?;
    let list = rows
        .iter()
        .map(|r| {
            Ok(PersonRow {
                name: r.try_get("name")?,
                document_masked: domain::id_number::mask(&r.try_get::<String, _>("id_number")?, 6, 4),
                village_code: r.try_get("village_code")?,
                phone_masked: r.try_get::<Option<String>, _>("phone")?.as_deref().map(mask_phone),
                deceased: r.try_get::<Option<String>, _>("death_date")?.is_some(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    audit::record(&state.db, caller.audit("person.list", staff.jurisdiction.as_ref().map(|j| j.to_string()))).await?;
    Ok(list)
}

/// The served person's choice of channels and text-message language
/// (issue 36 §1): recorded at once, audited.
pub async fn choose_contact(state: &AppState, caller: &Caller, choice: &crate::model::ContactChoice) -> AppResult<()> {
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(|| AppError::invalid(msg::identity_staff_verify_first()))?.clone();
    let channels = ChannelChoice::from_code(&choice.channels).ok_or_else(|| AppError::invalid(msg::contact_choose_channels()))?;
    let lang = crate::i18n::Lang::from_tag(&choice.sms_lang).ok_or_else(|| AppError::invalid(msg::contact_choose_sms_language()))?;
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO contact_preferences (id_kind, id_number, channels, sms_lang) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id_kind, id_number) DO UPDATE SET channels = excluded.channels, sms_lang = excluded.sms_lang",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(channels.code())
    .bind(lang.tag())
    .execute(&mut *tx)
    .await?;
    let mut entry = caller.audit("person.contact_choice", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.after = Some(serde_json::json!({ "channels": channels.code(), "sms_lang": lang.tag() }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
