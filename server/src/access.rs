//! Who may call what: one table for every page, server function and API
//! operation (REQUIREMENTS §2; issue 3). The middleware looks every
//! request up here before any handler runs; the services then check the
//! finer things (jurisdiction, ownership). The authorization-matrix test
//! compares this table with the routes the router really serves, so a new
//! route cannot be forgotten.

use app::backend::identity::auth::{AccountKind, Caller, Principal, sessions};
use app::backend::identity::persons::LOOKUP_ROLES;
use app::backend::{AppState, ProxyHeader};
use app::error::AppError;
use app::i18n::msg;
use app::i18n::{self, Lang};
use app::prefs::Prefs;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Role;
use std::net::SocketAddr;
use std::time::Duration;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Anyone signed in, anywhere (their own account).
    SignedIn,
    /// Anyone signed in on their own device (not a kiosk session, whose
    /// account is the staff member's while a resident is served).
    OwnDevice,
    /// A resident signed in as themselves (not a kiosk session).
    Resident,
    /// A session serving one resident: the resident, or a kiosk session
    /// after the staff member identified the resident.
    Served,
    /// A kiosk session (a staff member unlocked this kiosk).
    Kiosk,
    /// Staff with one of these roles, signed in on their own device.
    Staff(&'static [Role]),
}

const ALL_STAFF: &[Role] = &domain::roles::ALL_ROLES;
const CASE_STAFF: &[Role] = &app::backend::cases::CASE_ROLES;
const FILING_STAFF: &[Role] = &app::backend::cases::FILING_ROLES;
const ADMIN: &[Role] = &[Role::Administrator];
const FUND: &[Role] = &[Role::LeagueFundOfficer];
/// Imports: the registry and the other-scheme list (administrators), the
/// tax bureau's files (fund officers); each service checks its own role.
const IMPORTERS: &[Role] = &[Role::Administrator, Role::LeagueFundOfficer, Role::VillageAssistant];
const AUDITOR: &[Role] = &[Role::Auditor];
/// The payroll: counties generate and pay again, the league's fund officer
/// checks and sends (separation of duties); auditors read.
const PAYROLL: &[Role] = &[Role::CountyClerk, Role::LeagueFundOfficer, Role::Auditor];
const COUNTY: &[Role] = &[Role::CountyClerk];
const VILLAGE: &[Role] = &[Role::VillageAssistant];
/// B2: the clerks who tell people about to reach pension age.
const CLERKS: &[Role] = &[Role::TownshipClerk, Role::CountyClerk];
/// B9: the staff who certify people with them.
const ASSISTING: &[Role] = app::backend::benefits::certification::ASSISTING;
/// S2: who searches and exports the archives.
const ARCHIVES: &[Role] = app::backend::oversight::archives::ROLES;
/// F1, F2: who reads the fund books (only the fund officer writes them).
const BOOKS: &[Role] = app::backend::money::fund::READERS;
/// S1: who reads the statistics.
const STATISTICS: &[Role] = app::backend::oversight::statistics::READERS;
/// S4: the clerks who take and answer consultations and reports.
const CONSULTING: &[Role] = app::backend::oversight::consultations::ROLES;

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub rule: Rule,
    /// How long a request may take, its head and body reads included.
    pub time: Duration,
}

/// Every request: slow clients (or slow-loris attacks) do not hold a
/// connection and a task for longer.
pub const SHORT: Duration = Duration::from_secs(30);
/// Uploads and imports: a file over a slow rural line.
pub const LONG: Duration = Duration::from_secs(600);

const fn r(method: &'static str, path: &'static str, rule: Rule) -> Route {
    Route { method, path, rule, time: SHORT }
}

/// A route that takes files (an upload or an import).
const fn upload(method: &'static str, path: &'static str, rule: Rule) -> Route {
    Route { method, path, rule, time: LONG }
}

use Rule::*;

/// Every route the server answers, with who may call it.
pub const ROUTES: &[Route] = &[
    // Pages.
    r("GET", "/", Public),
    r("GET", "/policy", Public),
    r("GET", "/signin", Public),
    r("GET", "/me", Served),
    r("GET", "/me/agents", Resident),
    r("GET", "/me/deregister", Served),
    r("GET", "/staff", Staff(ALL_STAFF)),
    r("GET", "/staff/enrol", Public),
    r("GET", "/staff/persons", Staff(&LOOKUP_ROLES)),
    r("GET", "/staff/admin", Staff(ADMIN)),
    r("GET", "/staff/audit", Staff(AUDITOR)),
    r("GET", "/staff/risks", Staff(AUDITOR)),
    r("GET", "/consult", Public),
    r("GET", "/staff/consultations", Staff(CONSULTING)),
    r("GET", "/staff/fund", Staff(FUND)),
    r("GET", "/me/enrol", Served),
    r("GET", "/me/cases", SignedIn),
    r("GET", "/me/account", Served),
    r("GET", "/me/pension", Served),
    r("GET", "/me/notice", Served),
    r("GET", "/me/certificate/{kind}", Served),
    r("GET", "/staff/payroll", Staff(PAYROLL)),
    r("GET", "/staff/deaths", Staff(VILLAGE)),
    r("GET", "/staff/certification", Staff(ASSISTING)),
    r("GET", "/staff/overpayments", Staff(COUNTY)),
    r("GET", "/staff/unpaid", Staff(app::backend::money::contributions::LISTING)),
    r("GET", "/staff/upcoming", Staff(CLERKS)),
    r("GET", "/staff/notices/{account}", Staff(CLERKS)),
    r("GET", "/verify", Public),
    r("GET", "/verify/{code}", Public),
    r("GET", "/me/cases/{id}", SignedIn),
    r("GET", "/staff/queue", Staff(CASE_STAFF)),
    r("GET", "/staff/cases/{id}", Staff(CASE_STAFF)),
    r("GET", "/staff/enrol-person", Staff(FILING_STAFF)),
    r("GET", "/me/key-change", Served),
    r("GET", "/staff/key-change", Staff(FILING_STAFF)),
    r("GET", "/staff/deregister", Staff(FILING_STAFF)),
    r("GET", "/staff/transfers", Staff(COUNTY)),
    r("GET", "/kiosk", Public),
    r("GET", "/kiosk/setup", Public),
    // Plain HTTP.
    r("GET", "/healthz", Public),
    upload("POST", "/staff/imports/{kind}", Staff(IMPORTERS)),
    // Server functions.
    r("POST", "/rpc/text-size", Public),
    r("POST", "/rpc/language", Public),
    r("POST", "/rpc/policy-today", Public),
    r("POST", "/rpc/divisions", Public),
    r("POST", "/rpc/calendar-year", Public),
    r("POST", "/rpc/whoami", Public),
    r("POST", "/rpc/my-record", Served),
    r("POST", "/rpc/my-estimate", Served),
    r("POST", "/rpc/fund-message-costs", Staff(FUND)),
    r("POST", "/rpc/my-notices", SignedIn),
    r("POST", "/rpc/my-passkeys", Served),
    r("POST", "/rpc/my-agencies", Resident),
    r("POST", "/rpc/staff-persons", Staff(&LOOKUP_ROLES)),
    r("POST", "/rpc/lookup-person", Staff(&LOOKUP_ROLES)),
    r("POST", "/rpc/list-staff", Staff(ADMIN)),
    r("POST", "/rpc/list-kiosks", Staff(ADMIN)),
    r("POST", "/rpc/my-sessions", OwnDevice),
    r("POST", "/rpc/register-kiosk", Staff(ADMIN)),
    r("POST", "/rpc/import-report", Staff(IMPORTERS)),
    r("POST", "/rpc/audit-search", Staff(AUDITOR)),
    r("POST", "/rpc/risk-lists", Staff(AUDITOR)),
    r("POST", "/rpc/consultation-status", Public),
    r("POST", "/rpc/consultation-counties", Public),
    r("POST", "/rpc/consultations", Staff(CONSULTING)),
    r("POST", "/rpc/my-cases", SignedIn),
    r("POST", "/rpc/case-view", SignedIn),
    r("POST", "/rpc/staff-queue", Staff(CASE_STAFF)),
    r("POST", "/rpc/transfer-letters", Staff(COUNTY)),
    r("POST", "/rpc/queue-counts", Staff(CASE_STAFF)),
    r("POST", "/rpc/enrolment-options", SignedIn),
    r("POST", "/rpc/leagues", Public),
    r("POST", "/rpc/my-account", Served),
    r("POST", "/rpc/my-pension", Served),
    r("POST", "/rpc/my-standing", Served),
    r("POST", "/rpc/heir-gate", Resident),
    r("POST", "/rpc/my-notice", Served),
    r("POST", "/rpc/payroll-batches", Staff(PAYROLL)),
    r("POST", "/rpc/upcoming", Staff(CLERKS)),
    r("POST", "/rpc/benefit-notice", Staff(CLERKS)),
    r("POST", "/rpc/certification-due", Staff(ASSISTING)),
    r("POST", "/rpc/overpayments", Staff(COUNTY)),
    r("POST", "/rpc/unpaid", Staff(app::backend::money::contributions::LISTING)),
    r("POST", "/rpc/verify-statement", Public),
    r("POST", "/rpc/verify-certificate", Public),
    r("POST", "/rpc/my-certificate", Served),
    // JSON API.
    r("GET", "/api/v1/divisions", Public),
    r("GET", "/api/v1/policy", Public),
    r("GET", "/api/v1/working-days", Public),
    r("GET", "/api/v1/working-days/deadline", Public),
    r("GET", "/api/v1/openapi.json", Public),
    r("POST", "/api/v1/auth/code", Public),
    r("POST", "/api/v1/auth/code/verify", Public),
    r("POST", "/api/v1/auth/passkey/register/start", Public),
    r("POST", "/api/v1/auth/passkey/register/finish", Public),
    r("POST", "/api/v1/auth/passkey/sign-in/start", Public),
    r("POST", "/api/v1/auth/passkey/sign-in/finish", Public),
    r("POST", "/api/v1/auth/sign-out", Public),
    r("GET", "/api/v1/me", SignedIn),
    r("GET", "/api/v1/me/record", Served),
    r("POST", "/api/v1/me/details", Served),
    r("POST", "/api/v1/me/contact", Served),
    r("GET", "/api/v1/me/notices", SignedIn),
    r("GET", "/api/v1/me/account", Served),
    r("GET", "/api/v1/me/standing", Served),
    r("GET", "/api/v1/me/estimate", Served),
    r("POST", "/api/v1/me/tier", Served),
    r("GET", "/api/v1/statements/{code}", Public),
    r("GET", "/api/v1/statements/{code}/qr", Public),
    r("GET", "/api/v1/certificates/{code}", Public),
    r("GET", "/api/v1/certificates/{code}/qr", Public),
    r("GET", "/api/v1/me/certificates/{kind}", Served),
    upload("POST", "/api/v1/fund/tax-payments", Staff(FUND)),
    upload("POST", "/api/v1/fund/tax-reconciliations", Staff(FUND)),
    r("POST", "/api/v1/fund/registration-exports", Staff(FUND)),
    r("GET", "/api/v1/fund/exports/{id}", Staff(FUND)),
    r("POST", "/api/v1/fund/government-paid-lists", Staff(FUND)),
    r("GET", "/api/v1/me/passkeys", Served),
    r("POST", "/api/v1/me/passkeys/{id}/revoke", Served),
    r("GET", "/api/v1/me/agencies", Resident),
    r("POST", "/api/v1/me/agencies", Resident),
    r("GET", "/api/v1/me/agencies/{id}", Resident),
    r("POST", "/api/v1/kiosk/device", Public),
    r("POST", "/api/v1/kiosk/resident", Kiosk),
    r("POST", "/api/v1/kiosk/finish", Kiosk),
    r("GET", "/api/v1/staff/persons", Staff(&LOOKUP_ROLES)),
    r("POST", "/api/v1/staff/persons/lookup", Staff(&LOOKUP_ROLES)),
    r("POST", "/api/v1/admin/staff", Staff(ADMIN)),
    r("GET", "/api/v1/admin/staff", Staff(ADMIN)),
    r("POST", "/api/v1/admin/kiosks", Staff(ADMIN)),
    r("GET", "/api/v1/admin/kiosks", Staff(ADMIN)),
    r("POST", "/api/v1/admin/kiosks/{id}/revoke", Staff(ADMIN)),
    r("POST", "/api/v1/admin/staff/{login}/reinvite", Staff(ADMIN)),
    r("POST", "/api/v1/admin/staff/{login}/disable", Staff(ADMIN)),
    r("POST", "/api/v1/admin/staff/{login}/enable", Staff(ADMIN)),
    r("POST", "/api/v1/admin/staff/{login}/roles", Staff(ADMIN)),
    r("POST", "/api/v1/admin/staff/{login}/handover", Staff(ADMIN)),
    r("POST", "/print/staff/{login}/handover", Staff(ADMIN)),
    r("GET", "/api/v1/staff/conflicts", Staff(ALL_STAFF)),
    r("POST", "/api/v1/staff/conflicts", Staff(ALL_STAFF)),
    r("POST", "/rpc/my-conflicts", Staff(ALL_STAFF)),
    r("GET", "/api/v1/me/sessions", OwnDevice),
    r("POST", "/api/v1/me/sessions/{id}/end", OwnDevice),
    upload("POST", "/api/v1/admin/registry-imports", Staff(ADMIN)),
    upload("POST", "/api/v1/admin/list-imports/{kind}", Staff(ADMIN)),
    r("GET", "/api/v1/audit", Staff(AUDITOR)),
    r("GET", "/api/v1/audit/refusals", Staff(AUDITOR)),
    upload("POST", "/api/v1/cases/enrolment", SignedIn),
    upload("POST", "/api/v1/cases/key-change", SignedIn),
    upload("POST", "/api/v1/cases/account-check", SignedIn),
    upload("POST", "/api/v1/cases/back-payment", SignedIn),
    upload("POST", "/api/v1/cases/benefit-claim", SignedIn),
    r("GET", "/api/v1/me/pension", Served),
    r("POST", "/api/v1/payroll/generate", Staff(COUNTY)),
    r("POST", "/api/v1/payroll/check", Staff(FUND)),
    r("POST", "/api/v1/payroll/bank-files", Staff(FUND)),
    r("POST", "/api/v1/payroll/explanations", Staff(FUND)),
    r("POST", "/api/v1/payroll/explanations/approve", Staff(FUND)),
    r("POST", "/api/v1/payroll/void", Staff(COUNTY)),
    upload("POST", "/api/v1/payroll/returns", Staff(FUND)),
    r("POST", "/api/v1/payroll/reissue", Staff(COUNTY)),
    r("POST", "/api/v1/payroll/increase", Staff(COUNTY)),
    r("GET", "/api/v1/payroll/batches", Staff(PAYROLL)),
    r("GET", "/api/v1/payroll/plan", Staff(PAYROLL)),
    r("GET", "/api/v1/benefits/upcoming", Staff(CLERKS)),
    r("POST", "/api/v1/benefits/notices/mail", Staff(CLERKS)),
    r("GET", "/api/v1/benefits/notices/{account}", Staff(CLERKS)),
    upload("POST", "/api/v1/cases/resumption", SignedIn),
    upload("POST", "/api/v1/cases/benefit-review", SignedIn),
    r("POST", "/api/v1/me/benefit-review/{id}/confirm", Served),
    r("POST", "/api/v1/pensions/status", Staff(COUNTY)),
    upload("POST", "/api/v1/cases/deregistration", SignedIn),
    r("GET", "/api/v1/settlements/{id}", SignedIn),
    r("POST", "/api/v1/settlements/{id}/bank-card", Staff(COUNTY)),
    r("GET", "/print/settlements/{id}", SignedIn),
    upload("POST", "/api/v1/cases/transfer-in", SignedIn),
    // A peer deployment: authenticated by the document's signature.
    r("POST", "/api/v1/transfers/inbox", Public),
    r("GET", "/api/v1/transfers/key", Public),
    r("POST", "/api/v1/transfers/{id}/funds-received", Staff(COUNTY)),
    r("GET", "/api/v1/transfers/letters", Staff(COUNTY)),
    r("POST", "/api/v1/transfers/{id}/release", Staff(COUNTY)),
    r("POST", "/api/v1/transfers/{id}/connection", Staff(COUNTY)),
    r("GET", "/print/transfers/{id}/contact-letter", SignedIn),
    r("POST", "/api/v1/transfers/connection-out", Staff(COUNTY)),
    r("GET", "/print/transfers/{id}/approval", Staff(app::backend::transfers::letters::SHEET_READERS)),
    r("POST", "/api/v1/transfers/within-league", Staff(COUNTY)),
    r("POST", "/api/v1/consultations", Public),
    r("GET", "/api/v1/consultations/{tracking}", Public),
    r("GET", "/api/v1/staff/consultations", Staff(CONSULTING)),
    r("POST", "/api/v1/staff/consultations/{tracking}/take", Staff(COUNTY)),
    r("POST", "/api/v1/staff/consultations/{tracking}/answer", Staff(CONSULTING)),
    r("GET", "/api/v1/audit/risks", Staff(AUDITOR)),
    r("GET", "/api/v1/archives", Staff(ARCHIVES)),
    r("POST", "/api/v1/archives/run", Staff(COUNTY)),
    r("GET", "/api/v1/archives/{case_id}/package", Staff(ARCHIVES)),
    r("POST", "/api/v1/archives/handovers", Staff(COUNTY)),
    r("GET", "/api/v1/archives/handovers/{id}", Staff(ARCHIVES)),
    r("GET", "/staff/archives", Staff(ARCHIVES)),
    r("GET", "/staff/statistics", Staff(STATISTICS)),
    r("GET", "/staff/statistics/records", Staff(STATISTICS)),
    r("GET", "/api/v1/statistics", Staff(STATISTICS)),
    r("GET", "/api/v1/statistics/csv", Staff(STATISTICS)),
    r("GET", "/api/v1/statistics/records", Staff(STATISTICS)),
    r("GET", "/staff/fund/books", Staff(BOOKS)),
    r("GET", "/staff/fund/drafts", Staff(BOOKS)),
    r("POST", "/api/v1/fund/post", Staff(FUND)),
    r("POST", "/api/v1/fund/movements", Staff(FUND)),
    upload("POST", "/api/v1/fund/bank-statements", Staff(FUND)),
    r("GET", "/api/v1/fund/vouchers", Staff(BOOKS)),
    r("GET", "/api/v1/fund/balances", Staff(BOOKS)),
    r("GET", "/api/v1/fund/message-costs", Staff(BOOKS)),
    r("GET", "/api/v1/contributions/unpaid", Staff(app::backend::money::contributions::LISTING)),
    r("POST", "/api/v1/contributions/reminders", Staff(COUNTY)),
    r("GET", "/api/v1/fund/reconciliation", Staff(BOOKS)),
    r("GET", "/api/v1/fund/drafts", Staff(BOOKS)),
    r("POST", "/api/v1/me/certification", Served),
    r("POST", "/api/v1/me/bank-card", Served),
    r("POST", "/api/v1/certification/assisted", Staff(ASSISTING)),
    r("GET", "/api/v1/certification/due", Staff(ASSISTING)),
    r("POST", "/api/v1/certification/sweep", Staff(COUNTY)),
    r("GET", "/api/v1/overpayments", Staff(COUNTY)),
    r("POST", "/api/v1/overpayments/{id}", Staff(COUNTY)),
    upload("POST", "/api/v1/pensions/death-lists", Staff(VILLAGE)),
    r("POST", "/api/v1/cases/{id}/finding", Staff(CASE_STAFF)),
    r("GET", "/api/v1/cases", SignedIn),
    r("GET", "/api/v1/cases/{id}", SignedIn),
    r("POST", "/api/v1/cases/{id}/decision", Staff(CASE_STAFF)),
    r("POST", "/api/v1/cases/{id}/resubmit", SignedIn),
    r("POST", "/api/v1/cases/{id}/claim", Staff(CASE_STAFF)),
    r("POST", "/api/v1/cases/{id}/release", Staff(CASE_STAFF)),
    r("POST", "/api/v1/cases/{id}/withdraw", SignedIn),
    r("GET", "/api/v1/cases/{id}/documents/{sha}", SignedIn),
    r("GET", "/api/v1/staff/queue", Staff(CASE_STAFF)),
];

fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.starts_with('{') && a.ends_with('}') && !b.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The files served as they are: the build's `/pkg/` (WASM, JS, CSS) and
/// what `public/` holds. Any other path that is not a route is refused
/// before anything runs (a GET is shown the not-found page).
pub fn is_static_asset(method: &Method, path: &str) -> bool {
    (*method == Method::GET || *method == Method::HEAD)
        && !path.contains("..")
        && (path.starts_with("/pkg/") || path.starts_with("/fonts/") || matches!(path, "/favicon.ico" | "/auth.js" | "/print.js"))
}

/// The rule for a request; `None` for paths that are not routes (static
/// files, unknown paths: refused or shown the not-found page).
pub fn rule_for(method: &Method, path: &str) -> Option<Rule> {
    route_for(method, path).map(|r| r.rule)
}

fn route_for(method: &Method, path: &str) -> Option<&'static Route> {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let method = if *method == Method::HEAD { "GET" } else { method.as_str() };
    ROUTES.iter().find(|r| r.method == method && matches(r.path, path))
}

/// How long a request to `path` may take ([`SHORT`] unless the table says
/// it takes files).
pub fn time_for(method: &Method, path: &str) -> Duration {
    route_for(method, path).map_or(SHORT, |r| r.time)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in (or the session ended).
    SignIn,
    Refuse,
}

pub fn decide(rule: Rule, principal: Option<&Principal>) -> Decision {
    let Some(p) = principal else {
        return if rule == Public { Decision::Allow } else { Decision::SignIn };
    };
    let allowed = match rule {
        Public | SignedIn => true,
        OwnDevice => p.kiosk.is_none(),
        Resident => p.kind == AccountKind::Resident,
        Served => p.served_person().is_some(),
        Kiosk => p.kiosk.is_some(),
        Staff(roles) => p.is_staff() && p.kiosk.is_none() && p.has_any(roles),
    };
    if allowed { Decision::Allow } else { Decision::Refuse }
}

/// The client's address (H5): the TCP peer, unless the peer is a trusted
/// proxy. Then each proxy appended the address it had the request from to
/// `Forwarded` (or, without it, `X-Forwarded-For`): read from the right,
/// the first address that is not a trusted proxy is the client. Whatever is
/// left of it came from the client and may be forged; a header from an
/// untrusted peer is ignored altogether. An entry that is not an address
/// (`unknown`, an obfuscated name) ends the walk at the proxy before it.
pub fn client_ip(peer: std::net::IpAddr, headers: &axum::http::HeaderMap, trusted: &[ipnet::IpNet], which: ProxyHeader) -> std::net::IpAddr {
    use forwarded_header_value::ForwardedStanza;
    // `::ffff:10.0.0.1` is 10.0.0.1 (a dual-stack listener reports v4 peers so).
    let peer = peer.to_canonical();
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(&ip.to_canonical()));
    if !is_trusted(&peer) {
        return peer;
    }
    let joined = |name: header::HeaderName| {
        let values: Vec<&str> = headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    // Only the header the proxies write; one entry at a time: a forged
    // entry must not spoil the ones after it.
    let hops: Vec<Option<std::net::IpAddr>> = match which {
        ProxyHeader::Forwarded => joined(header::FORWARDED)
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<ForwardedStanza>().ok().and_then(|s| s.forwarded_for_ip()))
            .collect(),
        ProxyHeader::XForwardedFor => joined(header::HeaderName::from_static("x-forwarded-for"))
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                let s = s.trim();
                s.parse().ok().or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
            })
            .collect(),
    };
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        let Some(ip) = hop.map(|ip| ip.to_canonical()) else { break };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// Resolves the caller, applies the table, and marks responses that carry
/// personal data as not to be stored by the browser.
/// A path the table cannot judge as written: dot segments, backslashes,
/// encoded dots or separators, empty segments. The router and the page
/// renderer normalise such a path into another one (`/pkg/%2e%2e/staff`
/// renders `/staff`), so it is refused before anything runs.
pub fn is_ambiguous_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path.contains('\\')
        || path.contains("//")
        || ["%2e", "%2f", "%5c", "%00"].iter().any(|e| lower.contains(e))
        || path.split('/').any(|segment| segment == "." || segment == "..")
}

/// The reader's language: the `lang` cookie (Chinese without one).
fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    let cookies: Vec<&str> = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    Prefs::from_cookies(&cookies.join("; ")).lang
}

/// Every request runs for its reader's language: the refusals and
/// confirmations it writes out, from any layer, are in that language
/// ([`i18n::read_by`]). The outermost of the application's layers.
pub async fn reader_language(req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    i18n::read_by(lang, next.run(req)).await
}

pub async fn authorize(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    let path = req.uri().path().to_owned();
    let api = path.starts_with("/api/") || path.starts_with("/rpc/");
    if is_ambiguous_path(&path) {
        return error_response(api, AppError::not_found(msg::access_page_not_found()));
    }
    let ip =
        req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| client_ip(c.0.ip(), req.headers(), &state.trusted_proxies, state.proxy_header).to_string());
    let cookie_name = sessions::cookie_name(state.secure_cookies);
    let cookies: Vec<&str> = req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    let secret = cookies.iter().find_map(|c| sessions::read_cookie(c, cookie_name).map(str::to_owned));
    let principal = match &secret {
        Some(s) => match sessions::principal(&state.db, s, app::backend::infra::clock::now()).await {
            Ok(p) => p,
            Err(e) => return error_response(api, e),
        },
        None => None,
    };
    let stale_cookie = secret.is_some() && principal.is_none();
    let signed_in = principal.is_some();
    let decision = rule_for(req.method(), &path).map(|rule| decide(rule, principal.as_ref()));
    let (method, refused_ip) = (req.method().clone(), ip.clone());
    let caller = Caller { principal, ip, channel: if path.starts_with("/api/") { "api" } else { "web" }, lang };
    let mut response = match decision {
        Some(Decision::SignIn) if !api && req.method() == Method::GET => {
            let next_page = req.uri().path_and_query().map_or("/", |p| p.as_str());
            let target = if path.starts_with("/staff") { "/signin?staff=1&next=" } else { "/signin?next=" };
            Redirect::to(&format!("{target}{}", encode(next_page))).into_response()
        }
        Some(Decision::SignIn) => error_response(api, app::backend::identity::auth::unauthenticated()),
        Some(Decision::Refuse) => error_response(api, app::backend::identity::auth::forbidden()),
        // Not a route and not a static file: nothing runs for it. A page
        // request is shown the not-found page (rendered for a path that
        // matches no route and no file), anything else a 404.
        None if !is_static_asset(&method, &path) && (api || method != Method::GET) => {
            let what = if path.starts_with("/api/") { msg::api_endpoint_not_found() } else { msg::access_page_not_found() };
            error_response(api, AppError::not_found(what))
        }
        None if !is_static_asset(&method, &path) => {
            *req.uri_mut() = axum::http::Uri::from_static("/not-found");
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Some(Decision::Allow) | None => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        let route = route_for(&method, &path).map_or("?", |r| r.path);
        state.refusals.count(&state.db, route, refused_ip.as_deref().unwrap_or("-"), status.as_u16());
    }
    if stale_cookie && let Ok(v) = HeaderValue::from_str(&sessions::clear_cookie(state.secure_cookies)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    if signed_in || api {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

pub(crate) fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn error_response(api: bool, e: AppError) -> Response {
    use leptos::prelude::*;
    let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if api {
        return crate::api::ApiError(e).into_response();
    }
    // A Leptos view, so the message is escaped as on every page.
    let lang = i18n::reader();
    let page = crate::render::document(view! {
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>"无法访问"</title>
                <link rel="stylesheet" href=crate::config::stylesheet()/>
            </head>
            <body>
                <main class="app" id="main">
                    <h1>"无法访问此页面"</h1>
                    <p role="alert">{e.to_string()}</p>
                    <p><a href="/">{i18n::text(lang, i18n::Key::BackHome)}</a></p>
                </main>
            </body>
        </html>
    });
    (status, Html(page)).into_response()
}

impl Rule {
    /// Who may call, in words, for the OpenAPI document.
    fn describe(self) -> String {
        match self {
            Public => "anyone, signed in or not".into(),
            SignedIn => "anyone signed in".into(),
            OwnDevice => "anyone signed in on their own device (not a kiosk session)".into(),
            Resident => "a resident signed in as themselves (not a kiosk session)".into(),
            Served => "a session serving one resident: the resident, or a kiosk session after the staff member identified the resident".into(),
            Kiosk => "a kiosk session (a staff member of the area unlocked the kiosk)".into(),
            Staff(roles) => {
                let names: Vec<String> = roles.iter().map(|r| format!("{} ({})", r.code(), r.label())).collect();
                format!(
                    "staff with one of the roles {}, signed in on their own device; where the operation concerns a place or a person, only inside the caller's jurisdiction",
                    names.join(", ")
                )
            }
        }
    }
}

/// The OpenAPI document with who may call each operation, from this table:
/// the session cookie as the security scheme of every operation that is
/// not public, and the rule in words at the end of the description. An
/// operation missing from the table is refused by [`rule_for`]; the
/// authorization matrix test keeps the two equal.
pub fn document(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "session",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            "session",
            "The session cookie set at sign-in (`POST /api/v1/auth/…`); named `__Host-session` when the site is served over TLS.",
        ))),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [("GET", &mut item.get), ("POST", &mut item.post), ("PUT", &mut item.put), ("DELETE", &mut item.delete), ("PATCH", &mut item.patch)]
        {
            let Some(op) = op else { continue };
            let Some(route) = ROUTES.iter().find(|r| r.method == method && r.path == path) else { continue };
            if !matches!(route.rule, Public) {
                op.security = Some(vec![SecurityRequirement::new("session", Vec::<String>::new())]);
            }
            let who = format!("Who may call: {}.", route.rule.describe());
            op.description = Some(match op.description.take() {
                Some(d) if !d.is_empty() => format!("{d}\n\n{who}"),
                _ => who,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        assert!(matches("/api/v1/me/passkeys/{id}/revoke", "/api/v1/me/passkeys/abc/revoke"));
        assert!(!matches("/api/v1/me/passkeys/{id}/revoke", "/api/v1/me/passkeys//revoke"));
        assert!(!matches("/staff", "/staff/admin"));
        assert_eq!(rule_for(&Method::GET, "/staff/"), Some(Staff(ALL_STAFF)));
        assert_eq!(rule_for(&Method::GET, "/pkg/pension.js"), None);
    }

    /// H5: the forms of the forwarding headers a proxy may send.
    #[test]
    fn the_client_behind_trusted_proxies() {
        use ProxyHeader::{Forwarded, XForwardedFor};
        let trusted = crate::config::trusted_proxies("10.0.0.0/8, 192.168.1.1").unwrap();
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let with = |pairs: &[(&'static str, &str)]| {
            let mut h = axum::http::HeaderMap::new();
            for (k, v) in pairs {
                h.append(*k, HeaderValue::from_str(v).unwrap());
            }
            h
        };
        let proxy = ip("10.1.2.3");
        // An untrusted peer's header is ignored.
        assert_eq!(client_ip(ip("203.0.113.9"), &with(&[("x-forwarded-for", "198.51.100.1")]), &trusted, XForwardedFor), ip("203.0.113.9"));
        // The right-most untrusted hop; what the client wrote left of it is ignored.
        let h = with(&[("x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.9.9.9")]);
        assert_eq!(client_ip(proxy, &h, &trusted, XForwardedFor), ip("198.51.100.7"));
        // Garbage from the client does not spoil the hops after it; two header lines are one list.
        let h = with(&[("x-forwarded-for", "not-an-ip"), ("x-forwarded-for", "198.51.100.8")]);
        assert_eq!(client_ip(proxy, &h, &trusted, XForwardedFor), ip("198.51.100.8"));
        // Only the header the proxies write: a client's own `Forwarded`,
        // passed through by a proxy that writes X-Forwarded-For, is ignored.
        let h = with(&[("forwarded", "for=1.2.3.4"), ("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(client_ip(proxy, &h, &trusted, XForwardedFor), ip("198.51.100.9"));
        // RFC 7239, IPv6 quoted with a port.
        let h = with(&[("forwarded", r#"for=1.1.1.1, for="[2001:db8::17]:4711";proto=https"#), ("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(client_ip(proxy, &h, &trusted, Forwarded), ip("2001:db8::17"));
        // `unknown` ends the walk at the proxy that wrote it.
        let h = with(&[("forwarded", "for=unknown, for=192.168.1.1")]);
        assert_eq!(client_ip(proxy, &h, &trusted, Forwarded), ip("192.168.1.1"));
        // No header from a trusted peer: the peer; a v4 peer seen as v6 is trusted.
        assert_eq!(client_ip(proxy, &with(&[]), &trusted, XForwardedFor), proxy);
        let mapped = ip("::ffff:10.1.2.3");
        assert_eq!(client_ip(mapped, &with(&[("x-forwarded-for", "198.51.100.10")]), &trusted, XForwardedFor), ip("198.51.100.10"));
        assert!(crate::config::trusted_proxies("10.0.0.0/33").is_err());
        assert_eq!(crate::config::trusted_proxies("").unwrap(), vec![]);
    }
}
