use crate::i18n::{Key, t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The front door: signing in first (a first-time visitor has no passkey:
/// the code sign-in), then every service a resident can reach from here.
#[component]
pub fn HomePage() -> impl IntoView {
    let services = [
        ("/me/enrol", Key::EnrolTitle2),
        ("/me/account", Key::StatementLink),
        ("/me/pension", Key::PensionLink),
        ("/me/cases", Key::CasesMine),
        ("/me/agents", Key::MeAgentsLink),
        ("/verify", Key::VerifyTitle),
        ("/consult", Key::NavConsult),
        ("/policy", Key::HomePolicyCard),
    ];
    view! {
        <Title text=format!("{} - {}", t(Key::HomeTitle), t(Key::SiteName))/>
        <h1>{t(Key::HomeTitle)}</h1>
        <p><A href="/signin" attr:class="card primary-card" attr:data-signin="">{t(Key::HomeSigninCard)}</A></p>
        <h2>{t(Key::HomeServices)}</h2>
        <ul class="cards">
            {services.into_iter().map(|(href, key)| view! { <li><A href=href attr:class="card">{t(key)}</A></li> }).collect_view()}
        </ul>
        <p class="note">{t(Key::HomeIntro)}</p>
        <p class="note">{t(Key::HomeOnlineSoon)}</p>
        <p class="note">{t(Key::HomeAssisted)}</p>
    }
}
