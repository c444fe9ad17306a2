//! T2 and 制度衔接 at the window: a county clerk moves a relationship to
//! another county of the league, or records an employees' scheme agency's
//! 《联系函》 (the balance goes to the employees' scheme) and prints the
//! 《审批表》 and 《信息表》. Plain forms posted by `auth.js` (JSON APIs).

use super::account::DocumentKindSelect;
use super::form::PostForm;
use crate::error::AppError;
use crate::i18n::{Key, t};
use crate::model::WaitingLetter;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(prefix = "/rpc", endpoint = "transfer-letters")]
pub async fn waiting_letters() -> Result<Vec<WaitingLetter>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::transfers::letters::letters_waiting(&state, &crate::backend::identity::auth::caller()?).await
}

/// The old place: receipt letters from other leagues waiting for the
/// county clerk's release (the account closes only then).
#[component]
fn WaitingLetters() -> impl IntoView {
    let letters = Resource::new(|| (), |_| waiting_letters());
    view! {
        <section class="panel">
            <h2>{t(Key::TransferLettersTitle)}</h2>
            <p class="note">{t(Key::TransferLettersIntro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match letters.await {
                        Ok(l) if l.is_empty() => view! { <p>{t(Key::TransferLettersNone)}</p> }.into_any(),
                        Ok(l) => view! {
                            <ul class="cards">
                                {l.into_iter().map(|w| view! {
                                    <li class="card" data-transfer=w.transfer_id.clone()>
                                        <p><strong>{w.name}</strong>{" "}{w.document}</p>
                                        <p class="note">{w.peer}{" · "}{w.received_at}</p>
                                        <PostForm api=format!("/api/v1/transfers/{}/release", w.transfer_id) confirm=t(Key::TransferLettersConfirm)>
                                            <button type="submit" class="primary">{t(Key::TransferLettersRelease)}</button>
                                        </PostForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <super::ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn StaffTransfersPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::TransfersStaffTitle), t(Key::SiteName))/>
        <h1>{t(Key::TransfersStaffTitle)}</h1>
        <WaitingLetters/>
        <section class="panel">
            <h2>{t(Key::WithinLeagueTitle)}</h2>
            <p class="note">{t(Key::WithinLeagueIntro)}</p>
            <PostForm api="/api/v1/transfers/within-league" stay=true class="stacked">
                <label for="w_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="w_kind"/>
                <label for="w_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="w_number" name="document_number" required maxlength="20" autocomplete="off"/>
                <label for="w_village">{t(Key::WithinLeagueVillage)}</label>
                <input id="w_village" name="village" required inputmode="numeric" maxlength="12"/>
                <button type="submit" class="primary">{t(Key::WithinLeagueSubmit)}</button>
            </PostForm>
        </section>
        <section class="panel">
            <h2>{t(Key::ConnectionOutTitle)}</h2>
            <p class="note">{t(Key::ConnectionOutIntro)}</p>
            <PostForm api="/api/v1/transfers/connection-out" then="/print/transfers/{id}/approval" class="stacked">
                <label for="c_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="c_kind"/>
                <label for="c_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="c_number" name="document_number" required maxlength="20" autocomplete="off"/>
                <label for="c_agency">{t(Key::ConnectionOutAgency)}</label>
                <input id="c_agency" name="agency" required maxlength="60"/>
                <label for="c_ref">{t(Key::ConnectionOutReference)}</label>
                <input id="c_ref" name="reference" required maxlength="60"/>
                <button type="submit" class="primary">{t(Key::ConnectionOutSubmit)}</button>
            </PostForm>
        </section>
    }
}
