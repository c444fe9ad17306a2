use crate::i18n::{Key, Lang, t};
use crate::pages::{
    AccountPage, AdminPage, AgentsPage, AuditPage, CasePage, CertificatePage, CertificationPage, ConsultPage, ConsultationsPage, DeathsPage, EnrolPage,
    EnrolmentPage, FundPage, HomePage, KeyChangePage, KioskDeregistrationPage, KioskPage, KioskSetupPage, MePage, MyCasesPage, MyNoticePage, NotFound,
    NoticePage, OverpaymentsPage, PayrollPage, PensionPage, PersonsPage, PolicyPage, QueuePage, RisksPage, SignInPage, StaffDeregistrationPage, StaffEnrolPage,
    StaffPage, StaffTransfersPage, UnpaidPage, UpcomingPage, VerifyPage,
};
use crate::prefs::{HydrationMark, LanguageSwitch, Prefs, TextSizeToggle};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

/// The Content Security Policy (issue 33, 12): scripts only from this
/// site, and the inline ones (Leptos's hydration) only with this
/// response's `nonce`; no inline event handlers anywhere; WebAssembly
/// compiled from our own bundle. Styles may be inline (the printed forms
/// and bar charts set widths), never from elsewhere.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// The HTML document around the app, rendered on the server only. Sets the
/// page's Content Security Policy with the nonce Leptos put on its scripts.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = Prefs::of_request().lang;
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        && let Ok(v) = http::HeaderValue::from_str(&content_security_policy(Some(&nonce.to_string())))
    {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#9e1c1c"/>
                <link rel="icon" href="/favicon.ico"/>
                {(lang == Lang::MnMong).then(|| view! {
                    <Link rel="preload" href="/fonts/NotoSansMongolian-Regular.woff2" as_="font" type_="font/woff2" crossorigin="anonymous"/>
                })}
                <script type="application/json" id="ui-text" inner_html=crate::i18n::script_text_json(lang)></script>
                <script src="/auth.js" defer></script>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let Prefs { lang, large_text } = Prefs::of_request();
    provide_context(lang);

    view! {
        <Router>
            <div
                class="app"
                class:large-text=large_text
                data-kiosk=crate::prefs::on_kiosk_device().then_some("")
            >
                <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
                <header class="top-bar">
                    <A href="/" attr:class="brand">{t(Key::SiteShortName)}</A>
                    <LanguageSwitch lang/>
                    <TextSizeToggle large=large_text lang/>
                </header>
                <nav class="main-nav" aria-label=t(Key::SiteName)>
                    <A href="/">{t(Key::NavHome)}</A>
                    <A href="/policy">{t(Key::NavPolicy)}</A>
                    <A href="/consult">{t(Key::NavConsult)}</A>
                    <A href="/me">{t(Key::NavMe)}</A>
                    <A href="/me/cases">{t(Key::CasesMine)}</A>
                    <A href="/staff">{t(Key::NavStaff)}</A>
                </nav>
                <main id="main">
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage/>
                        <Route path=path!("policy") view=PolicyPage ssr=SsrMode::Async/>
                        <Route path=path!("signin") view=SignInPage/>
                        <Route path=path!("me") view=MePage ssr=SsrMode::Async/>
                        <Route path=path!("me/agents") view=AgentsPage ssr=SsrMode::Async/>
                        <Route path=path!("me/deregister") view=KioskDeregistrationPage/>
                        <Route path=path!("me/enrol") view=EnrolmentPage ssr=SsrMode::Async/>
                        <Route path=path!("me/cases") view=MyCasesPage ssr=SsrMode::Async/>
                        <Route path=path!("me/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("me/pension") view=PensionPage ssr=SsrMode::Async/>
                        <Route path=path!("me/notice") view=MyNoticePage ssr=SsrMode::Async/>
                        <Route path=path!("me/certificate/:kind") view=CertificatePage ssr=SsrMode::Async/>
                        <Route path=path!("verify") view=VerifyPage ssr=SsrMode::Async/>
                        <Route path=path!("verify/:code") view=VerifyPage ssr=SsrMode::Async/>
                        <Route path=path!("me/cases/:id") view=CasePage ssr=SsrMode::Async/>
                        <Route path=path!("staff/queue") view=QueuePage ssr=SsrMode::Async/>
                        <Route path=path!("staff/cases/:id") view=CasePage ssr=SsrMode::Async/>
                        <Route path=path!("staff/enrol-person") view=StaffEnrolPage ssr=SsrMode::Async/>
                        <Route path=path!("me/key-change") view=|| view! { <KeyChangePage staff=false/> }/>
                        <Route path=path!("staff/key-change") view=|| view! { <KeyChangePage staff=true/> }/>
                        <Route path=path!("staff/deregister") view=StaffDeregistrationPage/>
                        <Route path=path!("staff/transfers") view=StaffTransfersPage/>
                        <Route path=path!("staff") view=StaffPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/enrol") view=EnrolPage/>
                        <Route path=path!("staff/persons") view=PersonsPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/admin") view=AdminPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/audit") view=AuditPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/risks") view=RisksPage ssr=SsrMode::Async/>
                        <Route path=path!("consult") view=ConsultPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/consultations") view=ConsultationsPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/fund") view=FundPage/>
                        <Route path=path!("staff/payroll") view=PayrollPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/deaths") view=DeathsPage/>
                        <Route path=path!("staff/certification") view=CertificationPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/overpayments") view=OverpaymentsPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/unpaid") view=UnpaidPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/upcoming") view=UpcomingPage ssr=SsrMode::Async/>
                        <Route path=path!("staff/notices/:account") view=NoticePage ssr=SsrMode::Async/>
                        <Route path=path!("kiosk") view=KioskPage ssr=SsrMode::Async/>
                        <Route path=path!("kiosk/setup") view=KioskSetupPage/>
                    </Routes>
                </main>
                <footer class="footer">
                    <p class="assisted">{t(Key::FooterAssisted)}</p>
                    <p>{t(Key::FooterHelp)}</p>
                </footer>
                <HydrationMark/>
            </div>
        </Router>
    }
}
