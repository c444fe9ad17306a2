//! The kiosk screen (自助终端). Four states: a browser that is not a
//! registered kiosk; locked (a staff member unlocks it with their own
//! passkey); unlocked (the staff member identifies the resident and
//! attests that they saw the ID card); serving (the resident's business,
//! then "finish"). `public/auth.js` returns the screen to the start after
//! three idle minutes; the server ends the session at the same time.

use super::ErrorNote;
use super::account::{PersonFacts, my_record, whoami};
use crate::i18n::{Key, t};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn KioskPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Title text=format!("{} - {}", t(Key::KioskTitle), t(Key::SiteName))/>
        <h1>{t(Key::KioskTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let me = me.await.unwrap_or_default();
                if me.kiosk.is_none() && !me.kiosk_device {
                    return view! { <p class="callout">{t(Key::KioskNotRegistered)}</p> }.into_any();
                }
                if me.kiosk.is_none() {
                    return view! {
                        <div data-kiosk-idle>
                            <p class="lead">{t(Key::KioskLocked)}</p>
                            <button type="button" class="primary" data-passkey-sign-in>{t(Key::KioskUnlock)}</button>
                        </div>
                    }.into_any();
                }
                let header = view! { <p class="note">{me.kiosk.clone()}{" · "}{t(Key::KioskStaff)}{me.name.clone()}</p> };
                if me.serving.is_none() {
                    return view! {
                        <div data-kiosk-idle>
                            {header}
                            <h2>{t(Key::KioskIdentify)}</h2>
                            <form data-kiosk-identify class="stacked" autocomplete="off">
                                <label for="k_name">{t(Key::FieldName)}</label>
                                <input id="k_name" name="name" required maxlength="50" autocomplete="off"/>
                                <label for="k_number">{t(Key::KioskIdNumber)}</label>
                                <input id="k_number" name="document_number" required maxlength="18" autocomplete="off"/>
                                <label class="check"><input type="checkbox" name="attested" value="yes"/>{t(Key::KioskAttest)}</label>
                                <button type="submit" class="primary">{t(Key::KioskConfirm)}</button>
                            </form>
                            <button type="button" data-kiosk-finish>{t(Key::KioskFinish)}</button>
                        </div>
                    }.into_any();
                }
                let record = my_record().await;
                view! {
                    <div data-kiosk-idle>
                        {header}
                        {match record {
                            Ok(person) => view! { <PersonFacts person/> }.into_any(),
                            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                        }}
                        <KioskServices/>
                        <button type="button" class="primary" data-kiosk-finish>{t(Key::KioskFinish)}</button>
                    </div>
                }.into_any()
            })}
        </Suspense>
        <p class="status" role="status" aria-live="polite" data-auth-status></p>
    }
}

/// What the kiosk offers the served resident (issue 36 §2): what 我的
/// offers her at home, done in her name with the staff member recorded as
/// assisting.
#[component]
pub fn KioskServices() -> impl IntoView {
    const SERVICES: [(&str, Key); 12] = [
        ("/me/enrol", Key::EnrolTitle2),
        ("/me#details", Key::DetailsTitle),
        ("/me/key-change", Key::KeyChangeTitle),
        ("/me/account#tier", Key::TierTitle),
        ("/me/account", Key::StatementLink),
        ("/me/pension", Key::PensionLink),
        ("/me/pension#certification", Key::CertTitle),
        ("/me/enrol#transfer", Key::TransferTitle),
        ("/me/deregister", Key::MeAgentsLink),
        ("/me/certificate/insured", Key::CertificateInsuredTitle),
        ("/me/certificate/receiving", Key::CertificateReceivingTitle),
        ("/me/cases", Key::CasesMine),
    ];
    view! {
        <section class="kiosk-services" aria-labelledby="kiosk_services">
            <h2 id="kiosk_services">{t(Key::KioskServices)}</h2>
            <p class="note">{t(Key::KioskServicesHint)}</p>
            <ul class="cards">
                {SERVICES.map(|(href, key)| view! { <li><a class="card" href=href>{t(key)}</a></li> }).collect_view()}
            </ul>
        </section>
    }
}

/// Opened once on the device with the setup code after `#`.
#[component]
pub fn KioskSetupPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::KioskSetupTitle), t(Key::SiteName))/>
        <h1>{t(Key::KioskSetupTitle)}</h1>
        <p>{t(Key::KioskSetupHint)}</p>
        <button type="button" class="primary" data-kiosk-setup>{t(Key::KioskSetupButton)}</button>
        <p class="status" role="status" aria-live="polite" data-auth-status></p>
    }
}
