//! D1–D3: filing a deregistration — by the heir online, inside their
//! declared relationship on `/me/agents` (`HeirForm`), by the heir at a
//! kiosk with the staff member beside her (`/me/deregister`), or by staff
//! at the window or on a home visit (`/staff/deregister`). Plain multipart forms
//! (`POST /cases/deregistration`), usable before the WASM arrives.

use super::account::{DocumentKindSelect, PaperConfirmation};
use super::form::PostForm;
use crate::i18n::{Key, t};
use domain::Relation;
use leptos::prelude::*;
use leptos_meta::Title;

/// 与参保者关系: the value the server checks (the same list), and its label.
const RELATIONS: [(Relation, Key); 6] = [
    (Relation::Spouse, Key::RelationSpouse),
    (Relation::Child, Key::RelationChild),
    (Relation::Parent, Key::RelationParent),
    (Relation::Sibling, Key::RelationSibling),
    (Relation::OtherHeir, Key::RelationOtherHeir),
    (Relation::Beneficiary, Key::RelationBeneficiary),
];

/// The fields both forms share: the relation, the payee's card, and the
/// photos of the payee's ID and card (`staff` adds the signed forms).
#[component]
fn PayeeFields(prefix: String, staff: bool) -> impl IntoView {
    let id = move |f: &str| format!("{prefix}_{f}");
    let files: &[(&str, Key)] = if staff {
        &[("signed_form", Key::AttachSignedForm), ("id_front", Key::AttachIdFront), ("id_back", Key::AttachIdBack), ("bank_card_photo", Key::AttachBankCard)]
    } else {
        &[("id_front", Key::AttachIdFront), ("id_back", Key::AttachIdBack), ("bank_card_photo", Key::AttachBankCard)]
    };
    view! {
        <label for=id("rel")>{t(Key::DeregRelation)}</label>
        // No relation is preselected: a wrong one decides who is paid.
        <select id=id("rel") name="relation" required>
            <option value="" selected disabled>{t(Key::FormChoose)}</option>
            {RELATIONS.map(|(value, label)| view! { <option value=value.code()>{t(label)}</option> }).collect_view()}
        </select>
        <label for=id("card")>{t(Key::DeregBankCard)}</label>
        <input id=id("card") name="bank_card" required inputmode="numeric" maxlength="23" autocomplete="off"/>
        {files.iter().map(|(name, key)| view! {
            <label for=id(name)>{t(*key)}</label>
            <input id=id(name) type="file" name=*name accept="image/jpeg,image/png,application/pdf" required/>
        }).collect_view()}
    }
}

/// Whether this session may file a deregistration (the money gate: a
/// passkey session with a passkey old enough); why not, if it may not.
#[server(prefix = "/rpc", endpoint = "heir-gate")]
pub async fn heir_gate() -> Result<Option<String>, crate::error::AppError> {
    let state = crate::backend::state()?;
    let caller = crate::backend::identity::auth::caller()?;
    let gate = crate::backend::identity::auth::money_gate(&state.db, caller.principal()?).await?;
    Ok(crate::backend::identity::auth::money_gate_refusal(gate, crate::i18n::msg::dereg_passkey_needed()).err().map(|e| e.text(crate::i18n::reader())))
}

/// What stops the heir's filing now, said before the form (issue 36, 5),
/// not after every field and photo is filled in.
#[component]
pub fn HeirGate() -> impl IntoView {
    let gate = Resource::new(|| (), |_| heir_gate());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                gate.await.ok().flatten().map(|why| view! { <p class="callout" data-gate role="note">{why}</p> })
            })}
        </Suspense>
    }
}

/// The heir files for the person of relationship `agency`.
#[component]
pub fn HeirForm(agency: String) -> impl IntoView {
    let prefix = format!("d_{agency}");
    view! {
        <details class="panel">
            <summary>{t(Key::DeregTitle)}</summary>
            <p class="note">{t(Key::DeregIntro)}</p>
            <PostForm api="/api/v1/cases/deregistration" then="/me/cases/{id}" files=true class="stacked" id=prefix.clone()>
                <input type="hidden" name="ground" value="death"/>
                <input type="hidden" name="agency" value=agency/>
                <label for=format!("{prefix}_date")>{t(Key::FieldDeathDate)}</label>
                <input id=format!("{prefix}_date") name="event_date" type="date" required/>
                <PayeeFields prefix staff=false/>
                <p class="commitment">{t(Key::AgentsCommitment)}</p>
                <label class="check"><input type="checkbox" name="commitment" value="yes" required/>{t(Key::DeregCommit)}</label>
                <button type="submit" class="primary">{t(Key::DeregSubmit)}</button>
            </PostForm>
        </details>
    }
}

/// At a kiosk (issue 36 §2) the served resident files for a relative who
/// died and is paid herself; the staff member saw her ID card and records
/// her on-screen confirmation (added by `PostForm`). At home the same is
/// done inside a declared relationship, on `/me/agents`.
#[component]
pub fn KioskDeregistrationPage() -> impl IntoView {
    let form = crate::prefs::on_kiosk_device().then(|| {
        view! {
            <p class="note">{t(Key::DeregKioskIntro)}</p>
            <PostForm api="/api/v1/cases/deregistration" then="/me/cases/{id}" files=true class="stacked">
                <input type="hidden" name="ground" value="death"/>
                <label for="kd_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="kd_kind"/>
                <label for="kd_number">{t(Key::DeregKioskPerson)}</label>
                <input id="kd_number" name="document_number" required maxlength="20" autocomplete="off"/>
                <label for="kd_date">{t(Key::FieldDeathDate)}</label>
                <input id="kd_date" name="event_date" type="date" required/>
                <PayeeFields prefix="kd".to_owned() staff=false/>
                <p class="commitment">{t(Key::AgentsCommitment)}</p>
                <label class="check"><input type="checkbox" name="commitment" value="yes" required/>{t(Key::DeregCommit)}</label>
                <button type="submit" class="primary">{t(Key::DeregSubmit)}</button>
            </PostForm>
        }
    });
    view! {
        <Title text=format!("{} - {}", t(Key::DeregTitle), t(Key::SiteName))/>
        <h1>{t(Key::DeregTitle)}</h1>
        {match form {
            Some(form) => form.into_any(),
            None => view! { <p><a href="/me/agents">{t(Key::MeAgentsLink)}</a></p> }.into_any(),
        }}
    }
}

/// Staff file at the window or on a home visit: the person, the ground
/// and date, and (after a death) the heir who is paid.
#[component]
pub fn StaffDeregistrationPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::DeregStaffTitle), t(Key::SiteName))/>
        <h1>{t(Key::DeregStaffTitle)}</h1>
        <p>{t(Key::DeregStaffIntro)}</p>
        <PostForm api="/api/v1/cases/deregistration" then="/staff/cases/{id}" files=true class="stacked">
            <label for="s_kind">{t(Key::FieldDocumentKind)}</label>
            <DocumentKindSelect id="s_kind"/>
            <label for="s_number">{t(Key::DeregPersonNumber)}</label>
            <input id="s_number" name="document_number" required maxlength="20" autocomplete="off"/>
            <label for="s_ground">{t(Key::DeregGround)}</label>
            <select id="s_ground" name="ground">
                <option value="death">{t(Key::DeregGroundDeath)}</option>
                <option value="nationality">{t(Key::DeregGroundNationality)}</option>
                <option value="other_pension">{t(Key::DeregGroundOtherPension)}</option>
            </select>
            <label for="s_date">{t(Key::DeregEventDate)}</label>
            <input id="s_date" name="event_date" type="date" required/>
            <p class="note">{t(Key::DeregPayeeHint)}</p>
            <label for="s_payee">{t(Key::DeregPayeeName)}</label>
            <input id="s_payee" name="payee_name" maxlength="50" autocomplete="off"/>
            <label for="s_pkind">{t(Key::FieldDocumentKind)}</label>
            <DocumentKindSelect id="s_pkind" name="payee_document_kind"/>
            <label for="s_pnumber">{t(Key::DeregPayeeNumber)}</label>
            <input id="s_pnumber" name="payee_document_number" maxlength="20" autocomplete="off"/>
            <PayeeFields prefix="s".to_owned() staff=true/>
            <PaperConfirmation id="s_conf"/>
            <button type="submit" class="primary">{t(Key::DeregSubmit)}</button>
        </PostForm>
    }
}
