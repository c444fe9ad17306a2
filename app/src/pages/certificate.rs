//! Certificates a resident prints for other offices (issue 36 §4): the
//! 参保证明 and the 待遇领取证明, one A4 page each, with the code and the QR
//! code that verify them at `/verify` (as a statement's do). Server
//! rendered; printing needs no script beyond `print.js`.

use super::ErrorNote;
use crate::error::AppError;
use crate::i18n::{Key, t};
use crate::model::{CertificateCheck, CertificateView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[server(prefix = "/rpc", endpoint = "my-certificate")]
pub async fn my_certificate(kind: String) -> Result<CertificateView, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::certificates::mine(&state, &crate::backend::identity::auth::caller()?, &kind).await
}

#[server(prefix = "/rpc", endpoint = "verify-certificate")]
pub async fn verify_certificate(code: String) -> Result<CertificateCheck, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::certificates::verify(&state, &code).await
}

/// `/me/certificate/:kind` (`insured` or `receiving`).
#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let certificate = Resource::new(move || params.read().get("kind").unwrap_or_default(), my_certificate);
    view! {
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match certificate.await {
                    Ok(c) => {
                        let qr = format!("/api/v1/certificates/{}/qr", c.verify_path.trim_start_matches("/verify/"));
                        view! {
                            <Title text=format!("{} - {}", c.title, t(Key::SiteName))/>
                            <article class="certificate">
                                <h1>{c.title.clone()}</h1>
                                <p>{c.statement.clone()}</p>
                                <dl class="facts">
                                    <dt>{t(Key::FieldName)}</dt><dd data-name>{c.name.clone()}</dd>
                                    <dt>{t(Key::FieldDocument)}</dt><dd>{c.document.clone()}</dd>
                                    {c.rows.iter().cloned().map(|r| view! { <dt>{r.label}</dt><dd>{r.value}</dd> }).collect_view()}
                                </dl>
                                <p>{t(Key::StatementIssuer)}</p>
                                <p>{t(Key::StatementIssuedOn)}{c.issued_on.clone()}</p>
                                <div class="verify">
                                    <img src=qr alt=t(Key::CertificateQr) width="120" height="120"/>
                                    <p>{t(Key::StatementDigest)}<code data-code>{c.code.clone()}</code><br/>{t(Key::CertificateVerifyHint)}</p>
                                </div>
                            </article>
                            <button type="button" class="primary no-print" data-print>{t(Key::CertificatePrint)}</button>
                        }.into_any()
                    }
                    Err(e) => view! {
                        <Title text=t(Key::SiteName)/>
                        <ErrorNote error=e/>
                        <p><a href="/me">{t(Key::NavMe)}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What `/verify` shows of a genuine certificate.
#[component]
pub fn CertificateVerdict(check: CertificateCheck) -> impl IntoView {
    view! {
        <p class=if check.still_current { "ok" } else { "note" } role="status" data-verdict>
            {if check.still_current { t(Key::CertificateGenuine) } else { t(Key::CertificateSuperseded) }}
        </p>
        <dl class="facts">
            <dt>{t(Key::VerifyIssuer)}</dt><dd>{t(Key::StatementIssuer)}</dd>
            <dt>{t(Key::CertificateKindLabel)}</dt><dd>{check.title}</dd>
            <dt>{t(Key::FieldName)}</dt><dd>{check.name_masked}</dd>
            <dt>{t(Key::FieldDocument)}</dt><dd>{check.document_masked}</dd>
            {check.rows.into_iter().map(|r| view! { <dt>{r.label}</dt><dd>{r.value}</dd> }).collect_view()}
            <dt>{t(Key::VerifyCode)}</dt><dd><code data-code>{check.code}</code></dd>
            <dt>{t(Key::StatementIssuedOn)}</dt><dd>{check.issued_on}</dd>
        </dl>
    }
}
