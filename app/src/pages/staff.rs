use super::ErrorNote;
use crate::error::AppError;
use crate::i18n::{Key, t};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionRow {
    pub code: String,
    pub name: String,
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: chrono::NaiveDate,
    pub kind: domain::calendar::DayKind,
    pub note: String,
}

#[server(prefix = "/rpc", endpoint = "divisions")]
pub async fn list_divisions() -> Result<Vec<DivisionRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::reference::divisions(&state.db, None).await
}

#[server(prefix = "/rpc", endpoint = "calendar-year")]
pub async fn calendar_year(year: Option<i32>) -> Result<Vec<CalendarDay>, AppError> {
    use chrono::Datelike;
    let state = crate::backend::state()?;
    let year = year.unwrap_or_else(|| state.today().year());
    crate::backend::reference::calendar_days_of_year(&state.db, year).await
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let divisions = Resource::new(|| (), |_| list_divisions());
    let days = Resource::new(|| (), |_| calendar_year(None));
    view! {
        <Title text=format!("{} - {}", t(Key::StaffTitle), t(Key::SiteName))/>
        <h1>{t(Key::StaffTitle)}</h1>
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
