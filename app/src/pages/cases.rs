//! Applications (issue 4): the enrolment form, "my applications", one case
//! with its timeline, the staff queue and the decision form. The forms
//! with attachments post as plain multipart forms (`POST /cases/enrolment`)
//! and work before the WASM arrives.

use super::ErrorNote;
use super::account::{DocumentKindSelect, PaperConfirmation, PersonFacts, my_record};
use super::form::PostForm;
use crate::error::AppError;
use crate::i18n::{Key, named, t};
use crate::model::{CaseRow, CaseView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[server(prefix = "/rpc", endpoint = "my-cases")]
pub async fn my_cases() -> Result<Vec<CaseRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::cases::mine(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "case-view")]
pub async fn load_case(id: String) -> Result<CaseView, AppError> {
    let state = crate::backend::state()?;
    crate::backend::cases::view(&state, &crate::backend::identity::auth::caller()?, &id).await
}

#[server(prefix = "/rpc", endpoint = "staff-queue")]
pub async fn staff_queue() -> Result<Vec<CaseRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::cases::queue(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "queue-counts")]
pub async fn queue_counts() -> Result<crate::model::QueueCounts, AppError> {
    let state = crate::backend::state()?;
    crate::backend::cases::queue_counts(&state, &crate::backend::identity::auth::caller()?).await
}

/// The tiers in force today, for the form.
#[server(prefix = "/rpc", endpoint = "enrolment-options")]
pub async fn enrolment_options() -> Result<Vec<String>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::auth::caller()?.principal()?;
    let policy = crate::backend::infra::reference::policy_on(state.db.pool(), state.today()).await?;
    Ok(policy.tiers.iter().map(ToString::to_string).collect())
}

/// The fields and attachments of 附件1 that the registry does not hold.
#[component]
fn EnrolmentFields(tiers: Vec<String>, staff: bool, #[prop(default = "e")] prefix: &'static str) -> impl IntoView {
    let id = move |f: &str| format!("{prefix}_{f}");
    let files: &[(&str, Key)] = if staff {
        &[("signed_form", Key::AttachSignedForm), ("id_front", Key::AttachIdFront), ("id_back", Key::AttachIdBack)]
    } else {
        &[("id_front", Key::AttachIdFront), ("id_back", Key::AttachIdBack), ("hukou_home", Key::AttachHukouHome), ("hukou_self", Key::AttachHukouSelf)]
    };
    view! {
        <label for=id("type")>{t(Key::EnrolHouseholdType)}</label>
        <select id=id("type") name="household_type">
            <option value=domain::HouseholdType::Agricultural.code()>{t(Key::HouseholdAgricultural)}</option>
            <option value=domain::HouseholdType::NonAgricultural.code()>{t(Key::HouseholdNonAgricultural)}</option>
        </select>
        <label for=id("addr")>{t(Key::EnrolResidence)}</label>
        <input id=id("addr") name="residence_address" required maxlength="100"/>
        <label for=id("phone")>{t(Key::FieldPhone)}</label>
        <input id=id("phone") name="phone" required inputmode="tel" maxlength="11"/>
        <label for=id("tier")>{t(Key::EnrolTier)}</label>
        // No tier is preselected: the tier decides what she pays and the
        // subsidy she earns.
        <select id=id("tier") name="tier" required>
            <option value="" selected disabled>{t(Key::FormChoose)}</option>
            {tiers.into_iter().map(|x| view! { <option value=x.clone()>{x.clone()}</option> }).collect_view()}
        </select>
        <label for=id("special")>{t(Key::EnrolSpecial)}</label>
        <select id=id("special") name="special_group">
            <option value="">{t(Key::EnrolSpecialNone)}</option>
            {SPECIAL_GROUPS.map(|(value, label)| view! { <option value=value>{t(label)}</option> }).collect_view()}
        </select>
        <label for=id("card")>{t(Key::EnrolBankCard)}</label>
        <input id=id("card") name="bank_card" required inputmode="numeric" maxlength="23" autocomplete="off"/>
        <fieldset>
            <legend>{t(Key::EnrolAttachments)}</legend>
            {files.iter().map(|(name, key)| view! {
                <label for=id(name)>{t(*key)}</label>
                <input id=id(name) type="file" name=*name accept="image/jpeg,image/png,application/pdf" required/>
            }).collect_view()}
        </fieldset>
    }
}

/// E1: full-time students may not enrol; asked with no answer chosen.
#[component]
fn StudentQuestion() -> impl IntoView {
    view! {
        <fieldset class="choice">
            <legend>{t(Key::EnrolStudentQuestion)}</legend>
            <label class="check"><input type="radio" name="full_time_student" value="false" required/>{t(Key::EnrolStudentNo)}</label>
            <label class="check"><input type="radio" name="full_time_student" value="true" required/>{t(Key::EnrolStudentYes)}</label>
        </fieldset>
    }
}

#[component]
pub fn EnrolPage() -> impl IntoView {
    let tiers = Resource::new(|| (), |_| enrolment_options());
    let record = Resource::new(|| (), |_| my_record());
    view! {
        <Title text=format!("{} - {}", t(Key::EnrolTitle2), t(Key::SiteName))/>
        <h1>{t(Key::EnrolTitle2)}</h1>
        <p>{t(Key::EnrolIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let record = record.await;
                match tiers.await {
                    Ok(tiers) => { let tiers2 = tiers.clone(); view! {
                        <h2>{t(Key::EnrolFromRegistry)}</h2>
                        {match record {
                            Ok(person) => view! { <PersonFacts person/> }.into_any(),
                            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                        }}
                        <PostForm api="/api/v1/cases/enrolment" then="/me/cases/{id}" files=true class="stacked">
                            <EnrolmentFields tiers staff=false/>
                            <StudentQuestion/>
                            <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label>
                            <button type="submit" class="primary">{t(Key::EnrolSubmit)}</button>
                        </PostForm>
                        <TransferInForm tiers=tiers2/>
                    }.into_any() }
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The hardship groups (C4): the value the server checks, and its label.
const SPECIAL_GROUPS: [(&str, Key); 4] = [
    ("低保对象", Key::GroupMinimumLiving),
    ("特困人员", Key::GroupExtremelyPoor),
    ("重度残疾人", Key::GroupSevereDisability),
    ("返贫致贫人口", Key::GroupBackInPoverty),
];

/// The leagues of the region (T3: the old place of a transfer-in), named
/// as the reference data names them.
#[server(prefix = "/rpc", endpoint = "leagues")]
pub async fn leagues() -> Result<Vec<crate::model::DivisionRow>, AppError> {
    crate::backend::infra::reference::divisions_at(&crate::backend::state()?.db, domain::DivisionLevel::League).await
}

/// T3: the transfer-in application 《转入申请表》 (with the 《登记表》 fields,
/// which the server ignores for someone already insured here).
#[component]
fn TransferInForm(tiers: Vec<String>) -> impl IntoView {
    let leagues = Resource::new(|| (), |_| leagues());
    view! {
        <details class="panel" id="transfer">
            <summary>{t(Key::TransferTitle)}</summary>
            <p class="note">{t(Key::TransferIntro)}</p>
            <PostForm api="/api/v1/cases/transfer-in" then="/me/cases/{id}" files=true class="stacked">
                <fieldset>
                    <legend>{t(Key::TransferScheme)}</legend>
                    <label class="check"><input type="radio" name="scheme" value="resident" checked/>{t(Key::TransferSchemeResident)}</label>
                    <label class="check"><input type="radio" name="scheme" value="employee"/>{t(Key::TransferSchemeEmployee)}</label>
                </fieldset>
                <label for="t_from">{t(Key::TransferFrom)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let options = leagues.await.unwrap_or_default().into_iter()
                            .map(|d| view! { <option value=d.code>{named(&d.name, d.name_mn.as_deref())}</option> })
                            .collect_view();
                        view! { <select id="t_from" name="from_league">{options}</select> }
                    })}
                </Suspense>
                <p class="note">{t(Key::TransferEmployeeNote)}</p>
                <label for="t_agency">{t(Key::TransferAgency)}</label>
                <input id="t_agency" name="from_agency" maxlength="60"/>
                <EnrolmentFields tiers staff=false prefix="t"/>
                <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label>
                <button type="submit" class="primary">{t(Key::TransferSubmit)}</button>
            </PostForm>
        </details>
    }
}

/// Staff enter an enrolment for someone at the window or on a home visit.
#[component]
pub fn StaffEnrolPage() -> impl IntoView {
    let tiers = Resource::new(|| (), |_| enrolment_options());
    view! {
        <Title text=format!("{} - {}", t(Key::StaffEnrolTitle), t(Key::SiteName))/>
        <h1>{t(Key::StaffEnrolTitle)}</h1>
        <p>{t(Key::StaffEnrolIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match tiers.await {
                    Ok(tiers) => view! {
                        <PostForm api="/api/v1/cases/enrolment" then="/staff/cases/{id}" files=true class="stacked">
                            <label for="s_name">{t(Key::FieldName)}</label>
                            <input id="s_name" name="name" required maxlength="50"/>
                            <label for="s_kind">{t(Key::FieldDocumentKind)}</label>
                            <DocumentKindSelect id="s_kind"/>
                            <label for="s_number">{t(Key::FieldDocumentNumber)}</label>
                            <input id="s_number" name="document_number" required maxlength="20" autocomplete="off"/>
                            <EnrolmentFields tiers staff=true/>
                            <StudentQuestion/>
                            <PaperConfirmation id="s_conf"/>
                            <button type="submit" class="primary">{t(Key::EnrolSubmit)}</button>
                        </PostForm>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CaseTable(rows: Vec<CaseRow>, base: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>{t(Key::CasesNone)}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {rows.into_iter().map(|c| view! {
                <li>
                    <A href=format!("{base}{}", c.id) attr:class="card">
                        {c.case_type}{" · "}{c.person_name}{" "}{c.person_document_masked}
                        <br/>{c.state}
                        <br/><span class=if c.overdue { "overdue" } else if c.due_today { "due" } else { "" }>
                            {t(Key::CasesDeadline)}{c.deadline}
                            {c.overdue.then(|| t(Key::CasesOverdue))}{c.due_today.then(|| t(Key::CasesDueToday))}
                            {c.claimed_by.map(|w| format!(" · {}{w}", t(Key::CaseClaimedBy)))}
                        </span>
                    </A>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn MyCasesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_cases());
    view! {
        <Title text=format!("{} - {}", t(Key::CasesMine), t(Key::SiteName))/>
        <h1>{t(Key::CasesMine)}</h1>
        <p><A href="/me/enrol">{t(Key::EnrolTitle2)}</A></p>
        <super::account::MyNotices/>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! { <CaseTable rows base="/me/cases/"/> }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let list = Resource::new(|| (), |_| staff_queue());
    view! {
        <Title text=format!("{} - {}", t(Key::QueueTitle), t(Key::SiteName))/>
        <h1>{t(Key::QueueTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! { <p>{t(Key::QueueCount)}{rows.len()}</p><CaseTable rows base="/staff/cases/"/> }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One case: for its applicant at `/me/cases/:id`, for staff at `/staff/cases/:id`.
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let case = Resource::new(id, load_case);
    view! {
        <Title text=format!("{} - {}", t(Key::CaseTitle), t(Key::SiteName))/>
        <h1>{t(Key::CaseTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let c = match case.await {
                    Ok(c) => c,
                    Err(e) => return view! { <ErrorNote error=e/> }.into_any(),
                };
                let id = c.row.id.clone();
                let (id2, id3, id4) = (id.clone(), id.clone(), id.clone());
                view! {
                    <p class="lead">{c.row.case_type.clone()}{" · "}{c.row.person_name.clone()}{" "}{c.row.person_document_masked.clone()}</p>
                    <p class="state" data-state>{t(Key::CaseState)}{c.row.state.clone()}</p>
                    <p>{t(Key::CasesReceived)}{c.row.received_on.clone()}{" · "}{t(Key::CasesDeadline)}{c.row.deadline.clone()}</p>
                    {c.needed.clone().map(|n| view! { <p class="callout">{t(Key::CaseNeeded)}{n}</p> })}
                    <dl class="facts">
                        {c.form.iter().cloned().map(|(k, v)| view! {
                            <dt>{k}</dt>
                            <dd>{if v.starts_with("/print/") {
                                view! { <a href=v target="_blank">{t(Key::OpenPrintable)}</a> }.into_any()
                            } else {
                                v.into_any()
                            }}</dd>
                        }).collect_view()}
                    </dl>
                    <h2>{t(Key::CaseDocuments)}</h2>
                    <ul>
                        {c.documents.iter().cloned().map(|d| view! {
                            <li><a href=format!("/api/v1/cases/{}/documents/{}", id, d.sha256) target="_blank" rel="noopener">{d.kind}{" · "}{d.file_name}</a></li>
                        }).collect_view()}
                    </ul>
                    <h2>{t(Key::CaseTimeline)}</h2>
                    <ol class="timeline">
                        {c.timeline.iter().cloned().map(|e| view! {
                            <li>{e.at}{" "}{e.actor_name}{" "}{e.event}{" → "}{e.state}{e.reason.map(|r| format!("（{r}）"))}</li>
                        }).collect_view()}
                    </ol>
                    {c.needs_finding.then(|| view! {
                        <h2>{t(Key::FindingTitle)}</h2>
                        <PostForm api=format!("/api/v1/cases/{}/finding", c.row.id) class="stacked" id="finding">
                            <input type="hidden" name="version" value=c.version.to_string()/>
                            <label for="f_amount">{t(Key::FindingAmount)}</label>
                            <input id="f_amount" name="amount" required inputmode="decimal" maxlength="12" value="0"/>
                            <label for="f_answer">{t(Key::FindingAnswer)}</label>
                            <textarea id="f_answer" name="answer" rows="3" maxlength="500" required></textarea>
                            <button type="submit">{t(Key::FindingSave)}</button>
                        </PostForm>
                    })}
                    {c.awaiting_funds.clone().map(|amount| view! {
                        <h2>{t(Key::FundsTitle)}</h2>
                        <PostForm api=format!("/api/v1/transfers/{}/funds-received", c.row.id) class="stacked">
                            <p>{t(Key::FundsExpected)}{amount}</p>
                            <label for="t_amount">{t(Key::FundsAmount)}</label>
                            <input id="t_amount" name="amount" required inputmode="decimal" maxlength="14"/>
                            <button type="submit" class="primary">{t(Key::FundsConfirm)}</button>
                        </PostForm>
                    })}
                    {c.awaiting_connection.then(|| view! {
                        <h2>{t(Key::ConnectionTitle)}</h2>
                        <PostForm api=format!("/api/v1/transfers/{}/connection", c.row.id) class="stacked" id="connection">
                            <p class="note">{t(Key::ConnectionIntro)}</p>
                            <fieldset>
                                <legend>{t(Key::CaseDecision)}</legend>
                                <label class="check"><input type="radio" name="outcome" value="approved" checked/>{t(Key::ConnectionApproved)}</label>
                                <label class="check"><input type="radio" name="outcome" value="refused"/>{t(Key::ConnectionRefused)}</label>
                            </fieldset>
                            <label for="c_ref">{t(Key::ConnectionReference)}</label>
                            <input id="c_ref" name="reference" required maxlength="60"/>
                            <label for="c_table">{t(Key::ConnectionTable)}</label>
                            <textarea id="c_table" name="table" rows="8" maxlength="4000"></textarea>
                            <label for="c_reason">{t(Key::ConnectionReason)}</label>
                            <textarea id="c_reason" name="reason" rows="2" maxlength="200"></textarea>
                            <button type="submit" class="primary">{t(Key::ConnectionSave)}</button>
                        </PostForm>
                    })}
                    {c.can_decide.then(|| view! {
                        <h2>{t(Key::CaseDecide)}</h2>
                        <PostForm api=format!("/api/v1/cases/{id}/decision") class="stacked">
                            <input type="hidden" name="version" value=c.version.to_string()/>
                            <fieldset>
                                <legend>{t(Key::CaseDecision)}</legend>
                                <label class="check"><input type="radio" name="decision" value="approve" checked/>{t(Key::CaseApprove)}</label>
                                <label class="check"><input type="radio" name="decision" value="return"/>{t(Key::CaseReturn)}</label>
                                <label class="check"><input type="radio" name="decision" value="terminate"/>{t(Key::CaseTerminate)}</label>
                            </fieldset>
                            <label for="d_reason">{t(Key::CaseReason)}</label>
                            <textarea id="d_reason" name="reason" rows="3" maxlength="500"></textarea>
                            <button type="submit" class="primary">{t(Key::CaseSubmitDecision)}</button>
                        </PostForm>
                    })}
                    {c.cannot_decide_because.clone().map(|why| view! { <p class="note">{why}</p> })}
                    {c.row.claimed_by.clone().map(|who| view! { <p class="note">{t(Key::CaseClaimedBy)}{who}</p> })}
                    {(c.can_claim || c.can_release).then(|| view! {
                        <PostForm api=format!("/api/v1/cases/{id4}/{}", if c.can_claim { "claim" } else { "release" })>
                            <button type="submit">{if c.can_claim { t(Key::CaseClaim) } else { t(Key::CaseRelease) }}</button>
                        </PostForm>
                    })}
                    {c.can_resubmit.then(|| view! {
                        <PostForm api=format!("/api/v1/cases/{id2}/resubmit")>
                            <input type="hidden" name="version" value=c.version.to_string()/>
                            <button type="submit" class="primary">{t(Key::CaseResubmit)}</button>
                        </PostForm>
                    })}
                    {c.can_withdraw.then(|| view! {
                        <PostForm api=format!("/api/v1/cases/{id3}/withdraw") confirm=t(Key::CaseWithdrawConfirm)>
                            <input type="hidden" name="version" value=c.version.to_string()/>
                            <button type="submit">{t(Key::CaseWithdraw)}</button>
                        </PostForm>
                    })}
                }.into_any()
            })}
        </Suspense>
    }
}
