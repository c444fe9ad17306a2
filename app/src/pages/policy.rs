use super::ErrorNote;
use crate::error::AppError;
use crate::i18n::{Key, t};
use domain::Policy;
use leptos::prelude::*;
use leptos_meta::Title;

/// The policy parameters in force today.
#[server(prefix = "/rpc", endpoint = "policy-today")]
pub async fn policy_today() -> Result<Policy, AppError> {
    let state = crate::backend::state()?;
    crate::backend::infra::reference::policy_on(state.db.pool(), state.today()).await
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let policy = Resource::new(|| (), |_| policy_today());
    view! {
        <Title text=format!("{} - {}", t(Key::PolicyTitle), t(Key::SiteName))/>
        <h1>{t(Key::PolicyTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match policy.await {
                    Ok(p) => view! { <PolicyTables policy=p/> }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PolicyTables(policy: Policy) -> impl IntoView {
    let rows = policy.tiers.iter().map(|tier| view! { <tr><td>{tier.to_string()}</td><td>{policy.subsidy_for(*tier).to_string()}</td></tr> }).collect_view();
    let rate = match policy.interest_rate {
        Some(r) => format!("{}%", (r * rust_decimal::Decimal::ONE_HUNDRED).normalize()),
        None => t(Key::PolicyInterestUnpublished).to_owned(),
    };
    view! {
        <p>{t(Key::PolicyAsOf)}<time datetime=policy.on.to_string()>{policy.on.to_string()}</time></p>
        <table class="data">
            <thead><tr><th scope="col">{t(Key::PolicyTier)}</th><th scope="col">{t(Key::PolicySubsidy)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <dl class="facts">
            <dt>{t(Key::PolicyBasicPension)}</dt><dd>{policy.basic_pension_monthly.to_string()}</dd>
            <dt>{t(Key::PolicyPensionAge)}</dt><dd>{policy.pension_age}</dd>
            <dt>{t(Key::PolicyMinYears)}</dt><dd>{policy.min_contribution_years}</dd>
            <dt>{t(Key::PolicyCollectiveCap)}</dt><dd>{policy.collective_cap().to_string()}</dd>
            <dt>{t(Key::PolicyFuneralGrant)}</dt>
            <dd>{format!("{} / {}", policy.funeral_grant_below_min_years, policy.funeral_grant_min_years_or_more)}</dd>
            <dt>{t(Key::PolicyInterestRate)}</dt><dd>{rate}</dd>
        </dl>
    }
}
