//! S4: consultations and reports — the public page (file one, read the
//! answer by tracking number) and the clerks' page (take, answer). S3:
//! the auditors' risk lists. Forms post to `/api/v1` (`PostForm`), with or
//! without JavaScript.

use super::ErrorNote;
use super::form::{self, PostForm};
use crate::error::AppError;
use crate::i18n::{Key, named, t};
use crate::model::DivisionRow;
use crate::model::{ConsultationRow, ConsultationStatus, RiskList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/rpc", endpoint = "consultation-status")]
pub async fn lookup_consultation(tracking: String) -> Result<ConsultationStatus, AppError> {
    crate::backend::oversight::consultations::status(&crate::backend::state()?, &tracking).await
}

/// The counties a filing can be about.
#[server(prefix = "/rpc", endpoint = "consultation-counties")]
pub async fn consultation_counties() -> Result<Vec<DivisionRow>, AppError> {
    crate::backend::infra::reference::divisions_at(&crate::backend::state()?.db, domain::DivisionLevel::County).await
}

#[server(prefix = "/rpc", endpoint = "consultations")]
pub async fn consultation_list() -> Result<Vec<ConsultationRow>, AppError> {
    crate::backend::oversight::consultations::list(&crate::backend::state()?, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "risk-lists")]
pub async fn risk_lists() -> Result<Vec<RiskList>, AppError> {
    crate::backend::oversight::risks::lists(&crate::backend::state()?, &crate::backend::identity::auth::caller()?, None).await
}

/// `/consult`: anyone files a consultation or a report, and reads where
/// it stands with the tracking number (`?no=`).
#[component]
pub fn ConsultPage() -> impl IntoView {
    let query = use_query_map();
    let no = move || query.read().get("no").unwrap_or_default();
    let status = Resource::new(no, |n| async move { if n.trim().is_empty() { None } else { Some(lookup_consultation(n).await) } });
    let counties = Resource::new(|| (), |_| consultation_counties());
    let report = form::typed("consultations", "kind").filter(|k| k == "report");
    view! {
        <Title text=format!("{} - {}", t(Key::ConsultTitle), t(Key::SiteName))/>
        <h1>{t(Key::ConsultTitle)}</h1>
        <p>{t(Key::ConsultIntro)}</p>
        <section id="lookup">
            <h2>{t(Key::ConsultLookup)}</h2>
            <form method="get" class="stacked">
                <label for="c_no">{t(Key::ConsultTracking)}</label>
                <input id="c_no" name="no" required maxlength="30" autocomplete="off" prop:value=no placeholder="ZX-20261130-ABCD2345"/>
                <button type="submit">{t(Key::ConsultLookupButton)}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match status.await {
                        None => ().into_any(),
                        Some(Ok(s)) => {
                            let tracking = s.tracking.clone();
                            view! {
                            <dl class="facts" data-consultation=tracking>
                                <dt>{t(Key::ConsultTracking)}</dt><dd><strong>{s.tracking}</strong></dd>
                                <dt>{t(Key::ConsultKind)}</dt><dd>{s.kind_label}</dd>
                                <dt>{t(Key::ConsultTopic)}</dt><dd>{s.topic}</dd>
                                <dt>{t(Key::ConsultCounty)}</dt><dd>{named(&s.county_name, s.county_name_mn.as_deref())}</dd>
                                <dt>{t(Key::ConsultReceived)}</dt><dd>{s.received_on}</dd>
                                <dt>{t(Key::ConsultDeadline)}</dt><dd>{s.deadline}</dd>
                                <dt>{t(Key::ConsultState)}</dt><dd data-state>{s.status_label}</dd>
                            </dl>
                            {s.answer.map(|a| view! {
                                <h3>{t(Key::ConsultAnswer)}{" "}{s.answered_on.unwrap_or_default()}</h3>
                                <p class="answer" data-answer>{a}</p>
                            })}
                            {(!s.answered).then(|| view! { <p class="note">{t(Key::ConsultKeepNumber)}</p> })}
                            }.into_any()
                        }
                        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section id="file">
            <h2>{t(Key::ConsultFile)}</h2>
            // Refused without JavaScript, the form comes back with what was typed.
            <PostForm api="/api/v1/consultations" then="/consult?no={tracking}" class="stacked">
                <fieldset>
                    <legend>{t(Key::ConsultKind)}</legend>
                    <label class="check"><input type="radio" name="kind" value="consultation" checked=report.is_none()/>{t(Key::ConsultKindConsultation)}</label>
                    <label class="check"><input type="radio" name="kind" value="report" checked=report.is_some()/>{t(Key::ConsultKindReport)}</label>
                </fieldset>
                <label for="c_county">{t(Key::ConsultCounty)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let county = form::typed("consultations", "county");
                        view! {
                            <select id="c_county" name="county" required>
                                <option value="">{t(Key::ConsultChooseCounty)}</option>
                                {counties.await.unwrap_or_default().into_iter()
                                    .map(|d| view! { <option selected=county.as_deref() == Some(d.code.as_str()) value=d.code>{named(&d.name, d.name_mn.as_deref())}</option> })
                                    .collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <label for="c_topic">{t(Key::ConsultTopic)}</label>
                <input id="c_topic" name="topic" required maxlength="50" value=form::typed("consultations", "topic")/>
                <label for="c_body">{t(Key::ConsultBody)}</label>
                <textarea id="c_body" name="body" rows="5" maxlength="2000" required>{form::typed("consultations", "body")}</textarea>
                <p class="note">{t(Key::ConsultContactHint)}</p>
                <label for="c_name">{t(Key::ConsultContactName)}</label>
                <input id="c_name" name="contact_name" maxlength="50" autocomplete="name" value=form::typed("consultations", "contact_name")/>
                <label for="c_contact">{t(Key::ConsultContact)}</label>
                <input id="c_contact" name="contact" maxlength="100" autocomplete="email" value=form::typed("consultations", "contact")/>
                <button type="submit" class="primary">{t(Key::ConsultSubmit)}</button>
            </PostForm>
        </section>
    }
}

/// `/staff/consultations`: what a clerk owns or their county received;
/// the owner answers, a county clerk takes what has no owner.
#[component]
pub fn ConsultationsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| consultation_list());
    view! {
        <Title text=format!("{} - {}", t(Key::ConsultStaffTitle), t(Key::SiteName))/>
        <h1>{t(Key::ConsultStaffTitle)}</h1>
        <p>{t(Key::ConsultStaffIntro)}</p>
        <p><a href="/consult">{t(Key::ConsultStaffFile)}</a></p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::ConsultNone)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|c| {
                        let tracking = c.tracking.clone();
                        view! {
                            <section class="overpayment" data-consultation=c.tracking.clone()>
                                <h2>{format!("{} · {} · {}", c.kind_label, c.topic, c.tracking)}</h2>
                                <dl class="facts">
                                    <dt>{t(Key::ConsultCounty)}</dt><dd>{c.county}{" · "}{c.channel}</dd>
                                    <dt>{t(Key::ConsultReceived)}</dt><dd>{c.received_on}</dd>
                                    <dt>{t(Key::ConsultDeadline)}</dt><dd class=if c.overdue { "error" } else { "" }>{c.deadline}</dd>
                                    <dt>{t(Key::ConsultOwner)}</dt><dd>{c.owner_name.clone().unwrap_or_else(|| t(Key::ConsultNoOwner).to_owned())}</dd>
                                    {(c.contact_name.is_some() || c.contact.is_some()).then(|| view! {
                                        <dt>{t(Key::ConsultContactName)}</dt><dd>{c.contact_name.unwrap_or_default()}{" "}{c.contact.unwrap_or_default()}</dd>
                                    })}
                                </dl>
                                <p class="answer">{c.body}</p>
                                {match (c.answer, c.mine, c.owner_name.is_none()) {
                                    (Some(a), _, _) => view! { <p class="ok" data-answer>{t(Key::ConsultAnswer)}{": "}{a}</p> }.into_any(),
                                    (None, true, _) => view! {
                                        <PostForm api=format!("/api/v1/staff/consultations/{tracking}/answer") class="stacked">
                                            <label for=format!("a_{tracking}")>{t(Key::ConsultAnswer)}</label>
                                            <textarea id=format!("a_{tracking}") name="answer" rows="3" maxlength="2000" required></textarea>
                                            <button type="submit" class="primary">{t(Key::ConsultAnswerButton)}</button>
                                        </PostForm>
                                    }.into_any(),
                                    (None, false, true) => view! {
                                        <PostForm api=format!("/api/v1/staff/consultations/{tracking}/take")>
                                            <button type="submit">{t(Key::ConsultTake)}</button>
                                        </PostForm>
                                    }.into_any(),
                                    (None, false, false) => ().into_any(),
                                }}
                            </section>
                        }
                    }).collect_view().into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/staff/risks`: the auditor's risk lists (S3).
#[component]
pub fn RisksPage() -> impl IntoView {
    let lists = Resource::new(|| (), |_| risk_lists());
    view! {
        <Title text=format!("{} - {}", t(Key::RiskTitle), t(Key::SiteName))/>
        <h1>{t(Key::RiskTitle)}</h1>
        <p>{t(Key::RiskIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match lists.await {
                    Ok(lists) => lists.into_iter().map(|l| view! {
                        <section data-risk=l.code>
                            <h2>{l.title}{format!("（{}）", l.findings.len())}</h2>
                            <p class="note">{l.rule}</p>
                            {(!l.findings.is_empty()).then(|| view! {
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t(Key::RiskSubject)}</th>
                                        <th scope="col">{t(Key::FieldName)}</th>
                                        <th scope="col">{t(Key::ConsultCounty)}</th>
                                        <th scope="col">{t(Key::RiskDetail)}</th>
                                        <th scope="col">{t(Key::RiskAmount)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.findings.into_iter().map(|f| view! {
                                            <tr><td>{f.subject}</td><td>{f.name}</td><td>{f.county}</td><td>{f.detail}</td><td class="num">{f.amount}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            })}
                        </section>
                    }).collect_view().into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
