//! Staff pages behind sign-in: people of one's jurisdiction, the
//! administrator's page (staff, kiosks, registry import) and the auditor's
//! search of the audit trail. Who may open each is in `server::access`.

use super::ErrorNote;
use super::account::{DocumentKindSelect, PersonFacts};
use crate::error::AppError;
use crate::i18n::{Key, Lang, t, term, text};
use crate::model::{AuditQuery, AuditRow, HandoverState, ImportReport, KioskRow, KioskSetup, PersonRow, PersonView, StaffRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/rpc", endpoint = "staff-persons")]
pub async fn staff_persons() -> Result<Vec<PersonRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::persons::staff_list(&state, &crate::backend::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "lookup-person")]
pub async fn lookup_person(document_kind: String, document_number: String) -> Result<PersonView, AppError> {
    let state = crate::backend::state()?;
    let kind = domain::DocumentKind::from_label_or_code(&document_kind).ok_or_else(|| AppError::invalid("请选择证件类型"))?;
    let document = domain::DocumentNumber::parse(kind, &document_number).map_err(|e| AppError::invalid(e.to_string()))?;
    crate::backend::persons::staff_lookup(&state, &crate::backend::auth::caller()?, &document).await
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
    crate::backend::accounts::list_staff(&state, &crate::backend::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "list-kiosks")]
pub async fn list_kiosks() -> Result<Vec<KioskRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::kiosks::list(&state, &crate::backend::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "register-kiosk")]
pub async fn register_kiosk(name: String, township: String) -> Result<KioskSetup, AppError> {
    let state = crate::backend::state()?;
    let input = crate::model::NewKiosk { name, township };
    crate::backend::kiosks::register(&state, &crate::backend::auth::caller()?, &input).await
}

#[server(prefix = "/rpc", endpoint = "import-report")]
pub async fn batch_report(kind: String, batch: String) -> Result<ImportReport, AppError> {
    let state = crate::backend::state()?;
    crate::backend::imports::report_for(&state, &crate::backend::auth::caller()?, &kind, &batch).await
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

/// The roles to choose from, one or more (`data-list`: sent as a list).
fn role_choices(given: Vec<String>) -> impl IntoView {
    domain::roles::ALL_ROLES
        .into_iter()
        .map(|r| view! {
            <label class="check"><input type="checkbox" name="roles" value=r.code() data-list checked=given.iter().any(|g| g == r.code())/>{r.label()}</label>
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
        <form data-api="/api/v1/admin/staff" class="stacked">
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
            <p class="status" role="status" aria-live="polite" data-form-status></p>
        </form>
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
    let api = |action: &str| format!("/api/v1/admin/staff/{}/{action}", s.login);
    let handover = match s.handover {
        None => view! {
            <form data-api=api("handover") data-then="reload">
                <button type="submit">{t(Key::AdminHandover)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        }.into_any(),
        Some(HandoverState::AskedByMe) => view! { <p class="note">{t(Key::AdminHandoverWaiting)}</p> }.into_any(),
        // A plain form post: the printed sheet opens, its link in no URL.
        Some(HandoverState::AskedByOther) => view! {
            <form method="post" action=format!("/print/staff/{}/handover", s.login) target="_blank" data-confirm=t(Key::AdminReinviteConfirm)>
                <button type="submit" class="primary">{t(Key::AdminHandoverApprove)}</button>
            </form>
        }.into_any(),
    };
    let access = match s.disabled {
        Some(_) => view! {
            <form data-api=api("enable") data-then="reload">
                <button type="submit">{t(Key::AdminEnable)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        }.into_any(),
        None => view! {
            <form data-api=api("disable") data-then="reload" data-confirm=t(Key::AdminDisableConfirm) class="stacked">
                <label for=format!("dis_{}", s.login)>{t(Key::AdminDisableReason)}</label>
                <input id=format!("dis_{}", s.login) name="reason" required maxlength="200"/>
                <button type="submit">{t(Key::AdminDisable)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        }.into_any(),
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
                <form data-api=api("roles") data-then="reload" class="stacked">
                    <fieldset>
                        <legend>{t(Key::AdminChangeRoles)}</legend>
                        {role_choices(s.role_codes.clone())}
                    </fieldset>
                    <button type="submit">{t(Key::AdminChangeRoles)}</button>
                    <p class="status" role="status" data-form-status></p>
                </form>
                {access}
                <form data-api=api("reinvite") data-confirm=t(Key::AdminReinviteConfirm)>
                    <button type="submit">{t(Key::AdminReinvite)}</button>
                    <p class="status" role="status" data-form-status></p>
                </form>
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
                                        <form data-api=format!("/api/v1/admin/kiosks/{}/revoke", k.id) data-then="reload" data-confirm=t(Key::AdminKioskRevokeConfirm)>
                                            <button type="submit">{t(Key::AdminKioskRevoke)}</button>
                                            <p class="status" role="status" data-form-status></p>
                                        </form>
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
    crate::backend::audit::search(&state, &crate::backend::auth::caller()?, &query).await
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
    let rows = Resource::new(filter, |f| audit_search(f));
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
            <form data-api=api data-then=format!("/staff/fund?{param}={{batch_id}}#{id}") class="stacked">
                {year.then(|| view! {
                    <label for=input.clone()>{t(Key::FundYear)}</label>
                    <input id=input.clone() name="year" data-number required inputmode="numeric" maxlength="4"/>
                })}
                <button type="submit" class="primary">{t(button)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
            {move || query.read().get(&param).map(|b| view! {
                <p class="ok" role="status">
                    {t(Key::FundExportDone)}<code>{b.clone()}</code>{" "}
                    <a href=format!("/api/v1/fund/exports/{b}") download=format!("{b}.csv")>{t(Key::FundExportDownload)}</a>
                </p>
            })}
        </section>
    }
}

#[server(prefix = "/rpc", endpoint = "payroll-batches")]
pub async fn payroll_batches(month: String) -> Result<Vec<crate::model::PayrollBatch>, AppError> {
    let state = crate::backend::state()?;
    let month = domain::benefit::Month::parse(&month).ok_or_else(|| AppError::invalid("月份的写法如：2026-12"))?;
    crate::backend::payroll::batches(&state, &crate::backend::auth::caller()?, month).await
}

/// B5, B6: the month's payroll batches with issued, paid and failed
/// totals and the check against the previous month; the steps as forms
/// (each calls `/api/v1/payroll/*`; the server checks role and place).
#[component]
pub fn PayrollPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.read().get("month").unwrap_or_default();
    let batches = Resource::new(month, |m| async move { if m.is_empty() { Ok(vec![]) } else { payroll_batches(m).await } });
    let step = move |api: &'static str, button: Key, run: bool| {
        let m = month();
        view! {
            <form data-api=api data-then="reload" class="inline">
                <input type="hidden" name="month" value=m/>
                <label>{t(Key::PayrollPlace)}<input name="place" required inputmode="numeric" maxlength="6"/></label>
                {run.then(|| view! { <label>{t(Key::PayrollRun)}<input name="run" data-number value="1" inputmode="numeric" maxlength="2"/></label> })}
                <button type="submit">{t(button)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        }
    };
    view! {
        <Title text=format!("{} - {}", t(Key::PayrollTitle), t(Key::SiteName))/>
        <h1>{t(Key::PayrollTitle)}</h1>
        <p>{t(Key::PayrollIntro)}</p>
        <form method="get" action="/staff/payroll" class="inline">
            <label for="p_month">{t(Key::PayrollMonth)}</label>
            <input id="p_month" name="month" required maxlength="7" prop:value=month/>
            <button type="submit">{t(Key::PayrollShow)}</button>
        </form>
        {move || (!month().is_empty()).then(|| view! {
            <section id="payroll_steps">
                {step("/api/v1/payroll/generate", Key::PayrollGenerate, false)}
                {step("/api/v1/payroll/check", Key::PayrollCheck, false)}
                {step("/api/v1/payroll/bank-files", Key::PayrollBankFile, true)}
                {step("/api/v1/payroll/reissue", Key::PayrollReissue, false)}
                {step("/api/v1/payroll/increase", Key::PayrollIncrease, false)}
            </section>
        })}
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match batches.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::PayrollNoBatches)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data" id="payroll_batches">
                            <thead><tr>
                                <th scope="col">{t(Key::PayrollBatch)}</th><th scope="col">{t(Key::PayrollState)}</th>
                                <th scope="col">{t(Key::PayrollItems)}</th><th scope="col">{t(Key::PayrollPaid)}</th>
                                <th scope="col">{t(Key::PayrollFailed)}</th><th scope="col">{t(Key::PayrollCheckResult)}</th>
                            </tr></thead>
                            <tbody>
                                {list.iter().map(|b| {
                                    let check = b.check.as_ref().map(|c| {
                                        let moves: Vec<String> = c.explained.iter().filter(|(_, n, a)| *n != 0 || a != "0.00").map(|(k, n, a)| format!("{k} {n:+} / {a}")).collect();
                                        format!("{}：{}", if c.passed { "通过" } else { "有未说明的差异" }, moves.join("；"))
                                    });
                                    view! {
                                        <tr>
                                            <td>{b.id.clone()}{b.bank_file.clone().map(|f| view! { <br/><a href=format!("/api/v1/fund/exports/{f}") download=format!("{f}.csv")>{f.clone()}</a> })}</td>
                                            <td>{b.state.clone()}{b.void_reason.clone().map(|r| format!("（{r}）"))}</td>
                                            <td class="num">{format!("{} / {}", b.items, b.total)}</td>
                                            <td class="num">{format!("{} / {}", b.paid, b.paid_total)}</td>
                                            <td class="num">{format!("{} / {}", b.failed, b.failed_total)}</td>
                                            <td>{check}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {list.iter().filter_map(|b| b.check.clone().filter(|c| !c.unexplained.is_empty()).map(|c| (b.id.clone(), c))).map(|(batch, c)| view! {
                            <section class="unexplained" data-batch=batch.clone()>
                                <h2>{format!("{} {batch}", t(Key::PayrollUnexplained))}</h2>
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t(Key::PayrollPerson)}</th><th scope="col">{t(Key::PayrollThis)}</th>
                                        <th scope="col">{t(Key::PayrollPrevious)}</th><th scope="col">{t(Key::PayrollExplanation)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {c.unexplained.into_iter().map(|u| {
                                            let (batch, pension) = (batch.clone(), u.pension.clone());
                                            view! {
                                                <tr>
                                                    <td>{u.name.clone()}{" "}{u.document_masked.clone()}</td>
                                                    <td class="num">{u.this.clone()}</td>
                                                    <td class="num">{u.previous.clone()}</td>
                                                    <td>
                                                        {u.explanation.clone().map(|e| view! { <p>{e}</p> })}
                                                        <form data-api="/api/v1/payroll/explanations" data-then="reload" class="stacked">
                                                            <input type="hidden" name="batch" value=batch.clone()/>
                                                            <input type="hidden" name="pension" value=pension.clone()/>
                                                            <label>{t(Key::PayrollExplain)}<input name="reason" required minlength="4" maxlength="200"/></label>
                                                            <button type="submit">{t(Key::PayrollExplanation)}</button>
                                                            <p class="status" role="status" data-form-status></p>
                                                        </form>
                                                        {u.explanation.is_some().then(|| view! {
                                                            <form data-api="/api/v1/payroll/explanations/approve" data-then="reload" class="inline">
                                                                <input type="hidden" name="batch" value=batch.clone()/>
                                                                <input type="hidden" name="pension" value=pension.clone()/>
                                                                <button type="submit">{t(Key::PayrollApprove)}</button>
                                                                <p class="status" role="status" data-form-status></p>
                                                            </form>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        }).collect_view()}
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        {move || (!month().is_empty()).then(|| view! {
            <form data-api="/api/v1/payroll/void" data-then="reload" data-confirm=t(Key::PayrollVoidConfirm) class="stacked" id="payroll_void">
                <h2>{t(Key::PayrollVoid)}</h2>
                <input type="hidden" name="month" value=month()/>
                <label>{t(Key::PayrollPlace)}<input name="place" required inputmode="numeric" maxlength="6"/></label>
                <label>{t(Key::PayrollVoidReason)}<input name="reason" required minlength="4" maxlength="200"/></label>
                <button type="submit">{t(Key::PayrollVoid)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        })}
        <ImportSection kind="bank_returns" title=Key::PayrollReturns hint=Key::PayrollReturnsHint/>
        <section id="pension_status">
            <h2>{t(Key::PensionChangeTitle)}</h2>
            <form data-api="/api/v1/pensions/status" data-then="" class="stacked">
                <label for="s_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="s_kind"/>
                <label for="s_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="s_number" name="document_number" required maxlength="30" autocomplete="off"/>
                <label for="s_action">{t(Key::PensionChangeAction)}</label>
                <select id="s_action" name="action">
                    <option value="suspend">"暂停发放"</option>
                    <option value="custody">"收押服刑：暂停发放，在押期间不调整待遇"</option>
                    <option value="community_correction">"社区矫正：照常发放，期间不调整待遇"</option>
                    <option value="resume">"恢复发放"</option>
                    <option value="stop">"终止发放"</option>
                </select>
                <label for="s_until">{t(Key::PensionChangeUntil)}</label>
                <input id="s_until" name="until" maxlength="10" placeholder="2026-12-31"/>
                <label class="check"><input type="checkbox" name="back_pay"/>{t(Key::PensionChangeBackPay)}</label>
                <label for="s_ground">{t(Key::PensionChangeGround)}</label>
                <select id="s_ground" name="ground">
                    <option value="">{t(Key::PensionChangeGroundNone)}</option>
                    <option value="death">{t(Key::PensionChangeGroundDeath)}</option>
                    <option value="ineligible">{t(Key::PensionChangeGroundIneligible)}</option>
                </select>
                <label for="s_ended">{t(Key::PensionChangeEndedOn)}</label>
                <input id="s_ended" name="ended_on" maxlength="10" placeholder="2025-04-15"/>
                <label for="s_reason">{t(Key::PensionChangeReason)}</label>
                <input id="s_reason" name="reason" required maxlength="200"/>
                <button type="submit">{t(Key::PensionChangeSubmit)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        </section>
    }
}

/// B10: the village assistant's monthly death list.
#[component]
pub fn DeathsPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::DeathsTitle), t(Key::SiteName))/>
        <h1>{t(Key::DeathsTitle)}</h1>
        <ImportSection kind="death_list" title=Key::DeathsTitle hint=Key::DeathsHint/>
    }
}

#[server(prefix = "/rpc", endpoint = "upcoming")]
pub async fn upcoming_list(months: u32) -> Result<Vec<crate::model::UpcomingRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::upcoming(&state, &crate::backend::auth::caller()?, months).await
}

#[server(prefix = "/rpc", endpoint = "benefit-notice")]
pub async fn benefit_notice(account: String) -> Result<crate::model::BenefitNotice, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::notice(&state, &crate::backend::auth::caller()?, &account).await
}

/// B2: people about to reach pension age, with the estimate; each notice
/// to print, and the mailing.
#[component]
pub fn UpcomingPage() -> impl IntoView {
    let query = use_query_map();
    let months = move || query.read().get("months").and_then(|m| m.parse::<u32>().ok()).unwrap_or(3);
    let list = Resource::new(months, upcoming_list);
    view! {
        <Title text=format!("{} - {}", t(Key::UpcomingTitle), t(Key::SiteName))/>
        <h1>{t(Key::UpcomingTitle)}</h1>
        <p>{t(Key::UpcomingIntro)}</p>
        <form method="get" action="/staff/upcoming" class="inline">
            <label for="u_months">{t(Key::UpcomingMonths)}</label>
            <input id="u_months" name="months" inputmode="numeric" maxlength="2" prop:value=move || months().to_string()/>
            <button type="submit">{t(Key::PayrollShow)}</button>
        </form>
        <form data-api="/api/v1/benefits/notices/mail" data-then="" class="inline">
            <input type="hidden" name="months" data-number prop:value=move || months().to_string()/>
            <button type="submit">{t(Key::UpcomingMail)}</button>
            <p class="status" role="status" data-form-status></p>
        </form>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Key::UpcomingNone)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="data" id="upcoming">
                            <thead><tr>
                                <th scope="col">{t(Key::FieldName)}</th><th scope="col">{t(Key::FieldDocumentNumber)}</th>
                                <th scope="col">{t(Key::UpcomingEligible)}</th><th scope="col">{t(Key::PensionYears)}</th>
                                <th scope="col">{t(Key::UpcomingEstimate)}</th><th scope="col">{t(Key::UpcomingNotice)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td>{r.name}</td><td>{r.document_masked}</td><td>{r.eligible_on}</td>
                                        <td class="num">{r.contribution_years}</td>
                                        <td>{r.estimate.or(r.problem)}</td>
                                        <td><a href=format!("/staff/notices/{}", r.account)>{t(Key::UpcomingNotice)}</a></td>
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

/// B2: one notice, printable on A4, in the language of the person it is
/// for (the one they last signed in with; Chinese if they never did), or
/// the other one by the link on it (§4).
#[component]
pub fn NoticePage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let query = use_query_map();
    let notice = Resource::new(move || params.read().get("account").unwrap_or_default(), benefit_notice);
    view! {
        <Title text=format!("{} - {}", t(Key::NoticeTitle), t(Key::SiteName))/>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match notice.await {
                    Ok(n) => {
                        let lang = query.read().get("lang").and_then(|l| Lang::from_tag(&l))
                            .or_else(|| Lang::from_tag(&n.reader_lang))
                            .unwrap_or_default();
                        let tx = move |key| text(lang, key);
                        let years = n.years.iter().map(ToString::to_string).collect::<Vec<_>>().join(if lang == Lang::Zh { "、" } else { "᠂ " });
                        let how = if lang == Lang::Zh { n.how_to_claim.clone() } else { n.how_to_claim_mn.clone() };
                        let estimate = n.row.estimate.clone().or_else(|| n.row.problem.as_deref().map(|p| term(lang, p)));
                        view! {
                            <article class="notice" lang=lang.tag()>
                                <h1>{tx(Key::NoticeTitle)}</h1>
                                <p class="lead">{n.row.name.clone()}{" "}{n.row.document_masked.clone()}</p>
                                <dl class="facts">
                                    <dt>{tx(Key::UpcomingEligible)}</dt><dd>{n.row.eligible_on.clone()}</dd>
                                    <dt>{tx(Key::NoticeFirstMonth)}</dt><dd>{n.first_month.clone()}</dd>
                                    <dt>{tx(Key::PensionYears)}</dt><dd>{n.row.contribution_years}</dd>
                                    <dt>{tx(Key::NoticeYears)}</dt><dd>{years}</dd>
                                    <dt>{tx(Key::NoticeBalance)}</dt><dd>{n.row.balance.clone()}</dd>
                                    <dt>{tx(Key::PensionBasic)}</dt><dd>{n.basic.clone()}</dd>
                                    <dt>{tx(Key::PensionAccount)}</dt><dd>{n.account_part.clone()}</dd>
                                    <dt>{tx(Key::PensionExtra)}</dt><dd>{n.extra.clone()}</dd>
                                    <dt>{tx(Key::UpcomingEstimate)}</dt><dd data-estimate>{estimate}</dd>
                                </dl>
                                <p>{how}</p>
                                <p class="no-print">
                                    <button type="button" data-print>{tx(Key::StatementPrint)}</button>
                                    {" "}
                                    <a href=format!("?lang={}", lang.other().tag()) hreflang=lang.other().tag() lang=lang.other().tag()>{lang.other().own_name()}</a>
                                </p>
                            </article>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "certification-due")]
pub async fn certification_due() -> Result<Vec<crate::model::CertificationRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::certification::due_list(&state, &crate::backend::auth::caller()?).await
}

/// B9: recipients due for certification or overdue, the assisted
/// certification form and (county clerks) the sweep.
#[component]
pub fn CertificationPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| certification_due());
    view! {
        <Title text=format!("{} - {}", t(Key::CertTitle), t(Key::SiteName))/>
        <h1>{t(Key::CertTitle)}</h1>
        <p>{t(Key::CertStaffIntro)}</p>
        <form data-api="/api/v1/certification/sweep" data-then="" class="inline">
            <button type="submit">{t(Key::CertSweep)}</button>
            <p class="status" role="status" data-form-status></p>
        </form>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::CertNoneDue)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data" id="certification_due">
                            <thead><tr>
                                <th scope="col">{t(Key::TableName)}</th><th scope="col">{t(Key::TablePerson)}</th><th scope="col">{t(Key::TableVillage)}</th>
                                <th scope="col">{t(Key::CertLast)}</th><th scope="col">{t(Key::CertDue)}</th><th scope="col">{t(Key::TableState)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| view! {
                                    <tr><td>{r.name}</td><td>{r.person}</td><td>{r.village}</td>
                                        <td>{r.last_on.map(|d| format!("{d} {}", r.last_method.unwrap_or_default()))}</td><td>{r.due_on}</td><td>{r.state_label}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <section id="assisted">
            <h2>{t(Key::CertAssistTitle)}</h2>
            <form data-api="/api/v1/certification/assisted" data-then="reload" class="stacked">
                <label for="a_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="a_kind"/>
                <label for="a_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="a_number" name="document_number" required maxlength="30" autocomplete="off"/>
                <label for="a_mode">{t(Key::CertMode)}</label>
                <select id="a_mode" name="mode">
                    <option value="kiosk">{t(Key::CertModeKiosk)}</option>
                    <option value="home_visit">{t(Key::CertModeHome)}</option>
                </select>
                <label for="a_note">{t(Key::CertNote)}</label>
                <input id="a_note" name="note" required maxlength="200"/>
                <button type="submit">{t(Key::PensionChangeSubmit)}</button>
                <p class="status" role="status" data-form-status></p>
            </form>
        </section>
    }
}

#[server(prefix = "/rpc", endpoint = "overpayments")]
pub async fn overpayment_list() -> Result<Vec<crate::model::OverpaymentView>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::overpayments::list(&state, &crate::backend::auth::caller()?).await
}

/// B12: the county's overpayments, each step of their recovery, and the
/// next step as a form.
#[component]
pub fn OverpaymentsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| overpayment_list());
    view! {
        <Title text=format!("{} - {}", t(Key::OpTitle), t(Key::SiteName))/>
        <h1>{t(Key::OpTitle)}</h1>
        <p>{t(Key::OpIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::OpNone)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|o| view! {
                        <section class="overpayment" data-overpayment=o.id.clone()>
                            <h2>{format!("{} {} · {}", o.name, o.person, o.state_label)}</h2>
                            <dl class="facts">
                                <dt>{t(Key::OpGround)}</dt><dd>{format!("{} {}（{} 起不应发放）", o.ground_label, o.event_date, o.from_month)}</dd>
                                <dt>{t(Key::OpOverpaid)}</dt><dd>{format!("{} / {}", o.months, o.overpaid)}</dd>
                                <dt>{t(Key::OpRecovered)}</dt><dd>{o.recovered}</dd>
                                <dt>{t(Key::OpOutstanding)}</dt><dd data-outstanding>{o.outstanding}</dd>
                            </dl>
                            <table class="data">
                                <caption>{t(Key::OpSteps)}</caption>
                                <tbody>
                                    {o.steps.into_iter().map(|s| view! {
                                        <tr><td>{s.at}</td><td>{s.label}</td><td class="num">{s.amount}</td><td>{s.note}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <form data-api=format!("/api/v1/overpayments/{}", o.id) data-then="reload" class="inline">
                                <select name="action" aria-label=t(Key::PensionChangeAction)>
                                    <option value="refund">{t(Key::OpRefund)}</option>
                                    <option value="referral">{t(Key::OpRefer)}</option>
                                    <option value="recover">{t(Key::OpRecover)}</option>
                                </select>
                                <label>{t(Key::OpAmount)}<input name="amount" inputmode="decimal" maxlength="12"/></label>
                                <label>{t(Key::OpNote)}<input name="note" maxlength="300"/></label>
                                <button type="submit">{t(Key::PensionChangeSubmit)}</button>
                                <p class="status" role="status" data-form-status></p>
                            </form>
                        </section>
                    }).collect_view().into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
