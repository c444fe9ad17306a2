//! Staff pages behind sign-in: people of one's jurisdiction, the
//! administrator's page (staff, kiosks, registry import) and the auditor's
//! search of the audit trail. Who may open each is in `server::access`.

use super::ErrorNote;
use super::account::{DocumentKindSelect, PersonFacts};
use super::form::PostForm;
use crate::error::AppError;
use crate::i18n::{Key, t};
use crate::model::{AuditQuery, AuditRow, HandoverState, ImportReport, KioskRow, KioskSetup, PersonRow, PersonView, StaffRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/rpc", endpoint = "staff-persons")]
pub async fn staff_persons() -> Result<Vec<PersonRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::persons::staff_list(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "lookup-person")]
pub async fn lookup_person(document_kind: String, document_number: String) -> Result<PersonView, AppError> {
    let state = crate::backend::state()?;
    let kind = domain::DocumentKind::from_label_or_code(&document_kind).ok_or_else(|| AppError::invalid(crate::i18n::msg::auth_choose_document_kind()))?;
    let document = domain::DocumentNumber::parse(kind, &document_number).map_err(AppError::invalid)?;
    crate::backend::identity::persons::staff_lookup(&state, &crate::backend::identity::auth::caller()?, &document).await
}

/// The lookup by document number: an island, so the answer appears under
/// the form without leaving the page.
#[island]
fn PersonLookup(lang: crate::i18n::Lang) -> impl IntoView {
    provide_context(lang);
    let lookup = ServerAction::<LookupPerson>::new();
    view! {
        <ActionForm action=lookup attr:class="stacked">
            <label for="p_kind">{t(Key::FieldDocumentKind)}</label>
            <DocumentKindSelect id="p_kind"/>
            <label for="p_number">{t(Key::FieldDocumentNumber)}</label>
            <input id="p_number" name="document_number" required maxlength="20" autocomplete="off"/>
            <button type="submit" class="primary">{t(Key::PersonsFind)}</button>
        </ActionForm>
        {move || lookup.value().get().map(|r| match r {
            Ok(person) => view! { <PersonFacts person/> }.into_any(),
            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
        })}
    }
}

#[component]
pub fn PersonsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| staff_persons());
    view! {
        <Title text=format!("{} - {}", t(Key::PersonsTitle), t(Key::SiteName))/>
        <h1>{t(Key::PersonsTitle)}</h1>
        <h2>{t(Key::PersonsLookup)}</h2>
        <PersonLookup lang=crate::i18n::use_lang()/>
        <h2>{t(Key::PersonsList)}</h2>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! {
                        <table class="data">
                            <thead><tr>
                                <th scope="col">{t(Key::FieldName)}</th>
                                <th scope="col">{t(Key::FieldDocumentNumber)}</th>
                                <th scope="col">{t(Key::FieldVillage)}</th>
                                <th scope="col">{t(Key::FieldPhone)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|p| view! {
                                    <tr>
                                        <td>{p.name}{p.deceased.then(|| t(Key::Deceased))}</td>
                                        <td>{p.document_masked}</td>
                                        <td>{p.village_code}</td>
                                        <td>{p.phone_masked.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "list-staff")]
pub async fn list_staff() -> Result<Vec<StaffRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::staff::list_staff(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "list-kiosks")]
pub async fn list_kiosks() -> Result<Vec<KioskRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::kiosks::list(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "register-kiosk")]
pub async fn register_kiosk(name: String, township: String) -> Result<KioskSetup, AppError> {
    let state = crate::backend::state()?;
    let input = crate::model::NewKiosk { name, township };
    crate::backend::identity::kiosks::register(&state, &crate::backend::identity::auth::caller()?, &input).await
}

#[server(prefix = "/rpc", endpoint = "import-report")]
pub async fn batch_report(kind: String, batch: String) -> Result<ImportReport, AppError> {
    let state = crate::backend::state()?;
    crate::backend::infra::imports::report_for(&state, &crate::backend::identity::auth::caller()?, &kind, &batch).await
}

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::AdminTitle), t(Key::SiteName))/>
        <h1>{t(Key::AdminTitle)}</h1>
        <StaffAdmin/>
        <KioskAdmin/>
        <KioskRegistration lang=crate::i18n::use_lang()/>
        <ImportSection kind="registry" title=Key::AdminRegistry hint=Key::AdminRegistryHint/>
        <ImportSection kind="other_schemes" title=Key::AdminOtherSchemes hint=Key::AdminOtherSchemesHint/>
        <ImportSection kind="special_groups" title=Key::AdminSpecialGroups hint=Key::AdminSpecialGroupsHint/>
        <ImportSection kind="custody" title=Key::AdminCustody hint=Key::AdminCustodyHint/>
    }
}

/// The roles to choose from, one or more (sent as the name repeated).
fn role_choices(given: Vec<String>) -> impl IntoView {
    domain::roles::ALL_ROLES
        .into_iter()
        .map(|r| {
            view! {
                <label class="check"><input type="checkbox" name="roles" value=r.code() checked=given.iter().any(|g| g == r.code())/>{r.label()}</label>
            }
        })
        .collect_view()
}

/// Staff accounts: creating one (the invitation goes to the staff member's
/// own mail address), and for each account the administrator's actions,
/// each a form on the JSON API (`public/auth.js`); the irreversible ones ask
/// first.
#[component]
fn StaffAdmin() -> impl IntoView {
    let staff = Resource::new(|| (), |_| list_staff());
    view! {
        <h2>{t(Key::AdminNewStaff)}</h2>
        <PostForm api="/api/v1/admin/staff" stay=true class="stacked">
            <label for="s_login">{t(Key::AdminLogin)}</label>
            <input id="s_login" name="login" required maxlength="32" autocomplete="off"/>
            <label for="s_name">{t(Key::FieldName)}</label>
            <input id="s_name" name="name" required maxlength="50"/>
            <fieldset>
                <legend>{t(Key::AdminRole)}</legend>
                {role_choices(Vec::new())}
            </fieldset>
            <label for="s_j">{t(Key::AdminJurisdiction)}</label>
            <input id="s_j" name="jurisdiction" required maxlength="12" inputmode="numeric"/>
            <label for="s_email">{t(Key::AdminEmail)}</label>
            <input id="s_email" name="email" type="email" required maxlength="254" autocomplete="off"/>
            <button type="submit" class="primary">{t(Key::AdminCreate)}</button>
        </PostForm>
        <h2>{t(Key::AdminStaffList)}</h2>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(rows) => view! {
                        <ul class="cards staff">{rows.into_iter().map(|s| view! { <StaffCard s/> }).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One staff account: who, where, what; the administrator's actions in a
/// panel that opens (a phone shows one account at a time).
#[component]
fn StaffCard(s: StaffRow) -> impl IntoView {
    let login = s.login.clone();
    let api = move |action: &str| format!("/api/v1/admin/staff/{login}/{action}");
    let reason_id = format!("dis_{}", s.login);
    let handover = match s.handover {
        None => view! {
            <PostForm api=api("handover")>
                <button type="submit">{t(Key::AdminHandover)}</button>
            </PostForm>
        }
        .into_any(),
        Some(HandoverState::AskedByMe) => view! { <p class="note">{t(Key::AdminHandoverWaiting)}</p> }.into_any(),
        // A plain form post: the printed sheet opens, its link in no URL.
        Some(HandoverState::AskedByOther) => view! {
            <form method="post" action=format!("/print/staff/{}/handover", s.login) target="_blank" data-confirm=t(Key::AdminReinviteConfirm)>
                // Without JavaScript (or before it arrives) the question is a
                // box to tick; the script hides it and asks with a dialog.
                <label class="check" data-without-script><input type="checkbox" required/>{t(Key::AdminReinviteConfirm)}</label>
                <button type="submit" class="primary">{t(Key::AdminHandoverApprove)}</button>
            </form>
        }
        .into_any(),
    };
    let access = match s.disabled {
        Some(_) => view! {
            <PostForm api=api("enable")>
                <button type="submit">{t(Key::AdminEnable)}</button>
            </PostForm>
        }
        .into_any(),
        None => view! {
            <PostForm api=api("disable") confirm=t(Key::AdminDisableConfirm) class="stacked">
                <label for=reason_id.clone()>{t(Key::AdminDisableReason)}</label>
                <input id=reason_id name="reason" required maxlength="200"/>
                <button type="submit">{t(Key::AdminDisable)}</button>
            </PostForm>
        }
        .into_any(),
    };
    view! {
        <li class="card" data-login=s.login.clone()>
            {s.name.clone()}{" · "}{s.login.clone()}
            {s.disabled.clone().map(|d| view! { <br/><span class="error">{t(Key::AdminDisabled)}{d}</span> })}
            <dl class="facts">
                <dt>{t(Key::AdminRole)}</dt><dd>{s.roles.join("、")}</dd>
                <dt>{t(Key::AdminJurisdiction)}</dt><dd>{s.jurisdiction.clone()}</dd>
                <dt>{t(Key::AdminEmail)}</dt><dd>{s.email.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{t(Key::AdminPasskey)}</dt><dd>{if s.has_passkey { t(Key::Yes) } else { t(Key::No) }}</dd>
            </dl>
            <details class="panel">
                <summary>{t(Key::AdminActions)}</summary>
                <PostForm api=api("roles") class="stacked">
                    <fieldset>
                        <legend>{t(Key::AdminChangeRoles)}</legend>
                        {role_choices(s.role_codes.clone())}
                    </fieldset>
                    <button type="submit">{t(Key::AdminChangeRoles)}</button>
                </PostForm>
                {access}
                <PostForm api=api("reinvite") stay=true confirm=t(Key::AdminReinviteConfirm)>
                    <button type="submit">{t(Key::AdminReinvite)}</button>
                </PostForm>
                {handover}
            </details>
        </li>
    }
}

/// The kiosks of the jurisdiction, each revocable (a lost or replaced device).
#[component]
fn KioskAdmin() -> impl IntoView {
    let kiosks = Resource::new(|| (), |_| list_kiosks());
    view! {
        <h2>{t(Key::AdminKioskList)}</h2>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match kiosks.await {
                    Ok(rows) => view! {
                        <table class="data">
                            <thead><tr>
                                <th scope="col">{t(Key::AdminKioskName)}</th>
                                <th scope="col">{t(Key::AdminJurisdiction)}</th>
                                <th scope="col">{t(Key::AdminState)}</th>
                                <th scope="col">{t(Key::AdminActions)}</th>
                            </tr></thead>
                            <tbody>{rows.into_iter().map(|k| view! {
                                <tr>
                                    <td>{k.name}</td>
                                    <td>{k.township}</td>
                                    <td>{t(if k.revoked { Key::AdminKioskRevoked } else if k.set_up { Key::AdminKioskInUse } else { Key::AdminKioskWaiting })}</td>
                                    <td>{(!k.revoked).then(|| view! {
                                        <PostForm api=format!("/api/v1/admin/kiosks/{}/revoke", k.id) confirm=t(Key::AdminKioskRevokeConfirm)>
                                            <button type="submit">{t(Key::AdminKioskRevoke)}</button>
                                        </PostForm>
                                    })}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Registering a kiosk: an island, so the one-time setup link appears under
/// the form (it is opened on the device, by the administrator setting it up).
#[island]
fn KioskRegistration(lang: crate::i18n::Lang) -> impl IntoView {
    provide_context(lang);
    let kiosk = ServerAction::<RegisterKiosk>::new();
    view! {
        <h2>{t(Key::AdminKiosk)}</h2>
        <ActionForm action=kiosk attr:class="stacked">
            <label for="k_name">{t(Key::AdminKioskName)}</label>
            <input id="k_name" name="name" required maxlength="60"/>
            <label for="k_township">{t(Key::AdminKioskTownship)}</label>
            <input id="k_township" name="township" required maxlength="9" inputmode="numeric"/>
            <button type="submit" class="primary">{t(Key::AdminKioskCreate)}</button>
        </ActionForm>
        {move || kiosk.value().get().map(|r| match r {
            Ok(k) => view! {
                <p class="ok" role="status">{t(Key::AdminKioskLink)}<code class="secret">{format!("/kiosk/setup#{}", k.setup_code)}</code></p>
            }.into_any(),
            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
        })}
    }
}

/// An administrator's file import: the form (a plain multipart post to
/// `/staff/admin/{kind}-upload`, working before the WASM arrives) and the
/// report of the batch it led to.
#[component]
pub(super) fn ImportSection(kind: &'static str, title: Key, hint: Key) -> impl IntoView {
    let query = use_query_map();
    let batch = move || query.read().get(&format!("{kind}_batch"));
    let report = Resource::new(batch, move |b| async move {
        match b {
            Some(b) => batch_report(kind.to_owned(), b).await.map(Some),
            None => Ok(None),
        }
    });
    let input = format!("{kind}_file");
    view! {
        <section id=kind class="import">
        <h2>{t(title)}</h2>
        <p>{t(hint)}</p>
        <form method="post" action=format!("/staff/imports/{kind}") enctype="multipart/form-data" class="stacked">
            <label for=input.clone()>{t(Key::AdminRegistryFile)}</label>
            <input id=input type="file" name="file" accept=".csv,text/csv" required/>
            <button type="submit" class="primary">{t(Key::AdminRegistryUpload)}</button>
        </form>
        {super::flash_error(&format!("{kind}_error"))}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) => view! { <ImportReportView report=r/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        </section>
    }
}

#[component]
fn ImportReportView(report: ImportReport) -> impl IntoView {
    view! {
        <div class="report" role="status">
            <p>
                {t(Key::AdminBatch)}{report.batch_id}{" ("}{report.encoding}{") · "}
                {t(Key::AdminTotals)}{format!("{} / {} / {} / {} / {}", report.total, report.added, report.updated, report.unchanged, report.rejected.len())}
            </p>
            {(!report.rejected.is_empty()).then(|| view! {
                <table class="data">
                    <thead><tr><th scope="col">{t(Key::AdminLine)}</th><th scope="col">{t(Key::AdminReason)}</th></tr></thead>
                    <tbody>
                        {report.rejected.into_iter().map(|(line, reason)| view! { <tr><td>{line}</td><td>{reason}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}

#[server(prefix = "/rpc", endpoint = "audit-search")]
pub async fn audit_search(query: AuditQuery) -> Result<Vec<AuditRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::oversight::audit_trail::search(&state, &crate::backend::identity::auth::caller()?, &query).await
}

/// The filter is a plain GET form: the URL holds the search, and the page
/// works without JavaScript.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        AuditQuery { actor: q.get("actor"), action: q.get("action"), subject: q.get("subject"), from: q.get("from"), to: q.get("to") }
    };
    let rows = Resource::new(filter, audit_search);
    let value = move |k: &'static str| move || query.read().get(k).unwrap_or_default();
    view! {
        <Title text=format!("{} - {}", t(Key::AuditTitle), t(Key::SiteName))/>
        <h1>{t(Key::AuditTitle)}</h1>
        <form method="get" class="stacked">
            <label for="q_action">{t(Key::AuditAction)}</label>
            <input id="q_action" name="action" prop:value=value("action")/>
            <label for="q_actor">{t(Key::AuditActor)}</label>
            <input id="q_actor" name="actor" prop:value=value("actor")/>
            <label for="q_subject">{t(Key::AuditSubject)}</label>
            <input id="q_subject" name="subject" prop:value=value("subject")/>
            <label for="q_from">{t(Key::AuditFrom)}</label>
            <input id="q_from" name="from" type="date" prop:value=value("from")/>
            <label for="q_to">{t(Key::AuditTo)}</label>
            <input id="q_to" name="to" type="date" prop:value=value("to")/>
            <button type="submit" class="primary">{t(Key::AuditSearch)}</button>
        </form>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => view! {
                        <p>{t(Key::AuditCount)}{rows.len()}</p>
                        <table class="data audit">
                            <thead><tr>
                                <th scope="col">"#"</th>
                                <th scope="col">{t(Key::AuditTime)}</th>
                                <th scope="col">{t(Key::AuditAction)}</th>
                                <th scope="col">{t(Key::AuditActor)}</th>
                                <th scope="col">{t(Key::AuditSubject)}</th>
                                <th scope="col">{t(Key::AuditChannel)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td>{r.seq}</td>
                                        <td>{r.at}</td>
                                        <td>{r.action}</td>
                                        <td>{r.actor}{r.role.map(|x| format!(" ({x})"))}</td>
                                        <td>{r.subject.unwrap_or_default()}{r.on_behalf_of.map(|x| format!(" ← {x}"))}</td>
                                        <td>{r.channel}{r.kiosk.map(|k| format!(" · {k}"))}{r.ip.map(|ip| format!(" · {ip}"))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The league fund officer's page: the tax bureau's files (C5).
#[component]
pub fn FundPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::FundTitle), t(Key::SiteName))/>
        <h1>{t(Key::FundTitle)}</h1>
        <ImportSection kind="tax_payments" title=Key::FundPayments hint=Key::FundPaymentsHint/>
        <ImportSection kind="tax_reconciliation" title=Key::FundReconcile hint=Key::FundReconcileHint/>
        <ExportSection id="export" api="/api/v1/fund/registration-exports" title=Key::FundExport hint=Key::FundExportHint
            button=Key::FundExportButton year=false/>
        <ExportSection id="government_paid" api="/api/v1/fund/government-paid-lists" title=Key::FundGovernmentPaid
            hint=Key::FundGovernmentPaidHint button=Key::FundGovernmentPaidButton year=true/>
        <MessageCosts/>
    }
}

#[server(prefix = "/rpc", endpoint = "fund-message-costs")]
pub async fn fund_message_costs() -> Result<Vec<crate::model::MessageCostRow>, AppError> {
    let state = crate::backend::state()?;
    let caller = crate::backend::identity::auth::caller()?;
    let league = caller.principal()?.jurisdiction.as_ref().map(|j| j.as_str().to_owned()).unwrap_or_default();
    crate::backend::money::fund::message_costs(&state, &caller, &league).await
}

/// Issue 36 §1: what the text messages cost, month by month, and how many
/// did not arrive.
#[component]
fn MessageCosts() -> impl IntoView {
    let rows = Resource::new(|| (), |_| fund_message_costs());
    view! {
        <section id="messages">
            <h2>{t(Key::FundMessagesTitle)}</h2>
            <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) => view! {
                            <table class="data">
                                <thead><tr>
                                    <th scope="col">{t(Key::FundMessagesMonth)}</th>
                                    <th scope="col" class="num">{t(Key::FundMessagesSms)}</th>
                                    <th scope="col" class="num">{t(Key::FundMessagesSegments)}</th>
                                    <th scope="col" class="num">{t(Key::FundMessagesCost)}</th>
                                    <th scope="col" class="num">{t(Key::FundMessagesMails)}</th>
                                    <th scope="col" class="num">{t(Key::FundMessagesFailed)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{r.month}</td>
                                            <td class="num">{r.messages}</td>
                                            <td class="num">{r.segments}</td>
                                            <td class="num">{r.cost}</td>
                                            <td class="num">{r.mails}</td>
                                            <td class="num">{r.failed}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A file the system writes for the bureau (C5 registration data, C4
/// government-paid list): the button that makes the batch, then the link
/// to its file. `year`: the form asks for the year.
#[component]
fn ExportSection(id: &'static str, api: &'static str, title: Key, hint: Key, button: Key, year: bool) -> impl IntoView {
    let query = use_query_map();
    let param = format!("{id}_batch");
    let input = format!("{id}_year");
    view! {
        <section id=id>
            <h2>{t(title)}</h2>
            <p>{t(hint)}</p>
            <PostForm api=api then=format!("/staff/fund?{param}={{batch_id}}#{id}") class="stacked">
                {year.then(|| view! {
                    <label for=input.clone()>{t(Key::FundYear)}</label>
                    <input id=input.clone() name="year" required inputmode="numeric" maxlength="4"/>
                })}
                <button type="submit" class="primary">{t(button)}</button>
            </PostForm>
            {move || query.read().get(&param).map(|b| view! {
                <p class="ok" role="status">
                    {t(Key::FundExportDone)}<code>{b.clone()}</code>{" "}
                    <a href=format!("/api/v1/fund/exports/{b}") download=format!("{b}.csv")>{t(Key::FundExportDownload)}</a>
                </p>
            })}
        </section>
    }
}
