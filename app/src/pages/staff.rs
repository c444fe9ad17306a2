use super::ErrorNote;
use super::form::PostForm;
use crate::error::AppError;
use crate::i18n::{Key, t};
use crate::model::{CalendarDay, DivisionRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[server(prefix = "/rpc", endpoint = "divisions")]
pub async fn list_divisions() -> Result<Vec<DivisionRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::infra::reference::divisions(&state.db, None).await
}

#[server(prefix = "/rpc", endpoint = "my-conflicts")]
pub async fn my_conflicts() -> Result<Vec<crate::model::ConflictRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::accounts::my_conflicts(&state, &crate::backend::identity::auth::caller()?).await
}

/// 回避: the staff member declares themselves and their relatives; the
/// cases about them go to colleagues.
#[component]
fn Conflicts() -> impl IntoView {
    let rows = Resource::new(|| (), |_| my_conflicts());
    view! {
        <h2>{t(Key::ConflictsTitle)}</h2>
        <p>{t(Key::ConflictsHint)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                rows.await.ok().filter(|r| !r.is_empty()).map(|r| view! {
                    <ul>{r.into_iter().map(|c| view! { <li>{c.relation}{" "}{c.document_masked}{" · "}{c.declared_at}</li> }).collect_view()}</ul>
                })
            })}
        </Suspense>
        <PostForm api="/api/v1/staff/conflicts" class="stacked">
            <label for="c_kind">{t(Key::FieldDocumentKind)}</label>
            <super::account::DocumentKindSelect id="c_kind"/>
            <label for="c_number">{t(Key::FieldDocumentNumber)}</label>
            <input id="c_number" name="document_number" required maxlength="18" autocomplete="off"/>
            <label for="c_relation">{t(Key::ConflictsRelation)}</label>
            <select id="c_relation" name="relation">
                {crate::model::CONFLICT_RELATIONS.into_iter().map(|r| view! { <option value=r>{r}</option> }).collect_view()}
            </select>
            <button type="submit">{t(Key::ConflictsDeclare)}</button>
        </PostForm>
    }
}

#[server(prefix = "/rpc", endpoint = "calendar-year")]
pub async fn calendar_year(year: Option<i32>) -> Result<Vec<CalendarDay>, AppError> {
    use chrono::Datelike;
    let state = crate::backend::state()?;
    let year = year.unwrap_or_else(|| state.today().year());
    crate::backend::infra::reference::calendar_days_of_year(&state.db, year).await
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| super::account::whoami());
    let divisions = Resource::new(|| (), |_| list_divisions());
    let days = Resource::new(|| (), |_| calendar_year(None));
    view! {
        <Title text=format!("{} - {}", t(Key::StaffTitle), t(Key::SiteName))/>
        <h1>{t(Key::StaffTitle)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = me.await.unwrap_or_default();
                if !me.signed_in {
                    return view! { <p class="callout"><A href="/signin?staff=1&next=/staff">{t(Key::StaffSignIn)}</A></p> }.into_any();
                }
                let has = |role: &str| me.role_codes.iter().any(|r| r == role);
                let lookup = ["village_assistant", "township_clerk", "county_clerk", "auditor"].iter().any(|r| has(r));
                view! {
                    <p class="lead">{me.name.clone()}{" · "}{me.roles.join("、")}{" · "}{t(Key::StaffJurisdiction)}{me.jurisdiction.clone().unwrap_or_default()}</p>
                    <super::account::MyNotices/>
                    <ul class="cards">
                        {lookup.then(|| view! { <li><A href="/staff/queue" attr:class="card">{t(Key::QueueTitle)}<QueueBadge/></A></li> })}
                        {(lookup && !has("auditor")).then(|| view! {
                            <li><A href="/staff/enrol-person" attr:class="card">{t(Key::StaffEnrolTitle)}</A></li>
                            <li><A href="/staff/key-change" attr:class="card">{t(Key::KeyChangeStaffTitle)}</A></li>
                            <li><A href="/staff/deregister" attr:class="card">{t(Key::DeregStaffTitle)}</A></li>
                        })}
                        {lookup.then(|| view! { <li><A href="/staff/persons" attr:class="card">{t(Key::PersonsTitle)}</A></li> })}
                        {has("administrator").then(|| view! { <li><A href="/staff/admin" attr:class="card">{t(Key::AdminTitle)}</A></li> })}
                        {has("auditor").then(|| view! {
                            <li><A href="/staff/audit" attr:class="card">{t(Key::AuditTitle)}</A></li>
                            <li><A href="/staff/risks" attr:class="card">{t(Key::RiskTitle)}</A></li>
                        })}
                        {has("league_fund_officer").then(|| view! { <li><A href="/staff/fund" attr:class="card">{t(Key::FundTitle)}</A></li> })}
                        {["county_clerk", "league_fund_officer", "auditor"].iter().any(|r| has(r)).then(|| view! { <li><A href="/staff/payroll" attr:class="card">{t(Key::PayrollTitle)}</A></li> })}
                        {has("village_assistant").then(|| view! { <li><A href="/staff/deaths" attr:class="card">{t(Key::DeathsTitle)}</A></li> })}
                        {(has("township_clerk") || has("county_clerk")).then(|| view! { <li><A href="/staff/upcoming" attr:class="card">{t(Key::UpcomingTitle)}</A></li> })}
                        {(has("village_assistant") || has("township_clerk") || has("county_clerk")).then(|| view! {
                            <li><A href="/staff/certification" attr:class="card">{t(Key::CertTitle)}</A></li>
                            <li><A href="/staff/unpaid" attr:class="card">{t(Key::UnpaidTitle)}</A></li>
                        })}
                        {has("county_clerk").then(|| view! {
                            <li><A href="/staff/overpayments" attr:class="card">{t(Key::OpTitle)}</A></li>
                            <li><A href="/staff/transfers" attr:class="card">{t(Key::TransfersStaffTitle)}</A></li>
                        })}
                        {(has("township_clerk") || has("county_clerk")).then(|| view! { <li><A href="/staff/consultations" attr:class="card">{t(Key::ConsultStaffTitle)}</A></li> })}
                        // Rendered by the server alone (no WASM): a full page load.
                        {["township_clerk", "county_clerk", "league_fund_officer", "auditor"].iter().any(|r| has(r)).then(|| view! { <li><a href="/staff/statistics" rel="external" class="card">{t(Key::StatsTitle)}</a></li> })}
                        {(has("league_fund_officer") || has("auditor")).then(|| view! { <li><a href="/staff/fund/books" rel="external" class="card">{t(Key::FundBooksTitle)}</a></li> })}
                        {(has("county_clerk") || has("auditor")).then(|| view! { <li><a href="/staff/archives" rel="external" class="card">{t(Key::ArchivesTitle)}</a></li> })}
                    </ul>
                    <PostForm api="/api/v1/auth/sign-out" then="/"><button type="submit">{t(Key::SignOut)}</button></PostForm>
                    <p class="status" role="status" aria-live="polite" data-auth-status></p>
                    <super::account::MySessions/>
                    <Conflicts/>
                }.into_any()
            })}
        </Suspense>
        <p>{t(Key::StaffIntro)}</p>
        <h2>{t(Key::StaffDivisions)}</h2>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match divisions.await {
                    Ok(rows) => view! {
                        <ul class="divisions">
                            {rows.into_iter().map(|d| view! {
                                <li class=format!("level-{}", d.level)><code>{d.code}</code>" "{d.name}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{t(Key::StaffCalendar)}</h2>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match days.await {
                    Ok(rows) => view! { <CalendarTable rows/> }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CalendarTable(rows: Vec<CalendarDay>) -> impl IntoView {
    let (holiday, workday) = (t(Key::DayHoliday), t(Key::DayWorkday));
    view! {
        <table class="data">
            <thead><tr>
                <th scope="col">{t(Key::StaffCalendarDate)}</th>
                <th scope="col">{t(Key::StaffCalendarKind)}</th>
                <th scope="col">{t(Key::StaffCalendarNote)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|d| view! {
                    <tr>
                        <td><time datetime=d.day.to_string()>{d.day.to_string()}</time></td>
                        <td>{match d.kind { domain::calendar::DayKind::Holiday => holiday, domain::calendar::DayKind::Workday => workday }}</td>
                        <td>{d.note}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A new staff member registers their first passkey with the invitation
/// after `#` in the link (a fragment never reaches server logs).
#[component]
pub fn EnrolPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::EnrolTitle), t(Key::SiteName))/>
        <h1>{t(Key::EnrolTitle)}</h1>
        <p>{t(Key::EnrolHint)}</p>
        <button type="button" class="primary" data-passkey-enrol>{t(Key::EnrolButton)}</button>
        <p class="status" role="status" aria-live="polite" data-auth-status></p>
    }
}

/// The counts on the staff home page: waiting, due today, overdue.
#[component]
fn QueueBadge() -> impl IntoView {
    let counts = Resource::new(|| (), |_| super::cases::queue_counts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                counts.await.ok().map(|c| view! {
                    <span class="counts" data-queue-counts>
                        {format!(" {}{} · {}{} · {}{}", t(Key::QueueWaiting), c.waiting, t(Key::QueueDueToday), c.due_today, t(Key::QueueOverdue), c.overdue)}
                    </span>
                })
            })}
        </Suspense>
    }
}
