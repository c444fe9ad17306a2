use crate::i18n::{Key, t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::HomeTitle), t(Key::SiteName))/>
        <h1>{t(Key::HomeTitle)}</h1>
        <p class="lead">{t(Key::HomeIntro)}</p>
        <ul class="cards">
            <li>
                <A href="/policy" attr:class="card">{t(Key::HomePolicyCard)}</A>
            </li>
        </ul>
        <p class="note">{t(Key::HomeOnlineSoon)}</p>
        <p class="note">{t(Key::HomeAssisted)}</p>
    }
}
