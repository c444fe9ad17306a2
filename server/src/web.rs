//! The HTTP stack: the Leptos pages and server functions, `/api/v1`,
//! `/healthz`, static assets, and the layers every request passes through
//! (request id, tracing without query strings, security headers, a
//! same-origin check on every state-changing request, compression, and
//! long caching of the content-hashed build files).

use app::backend::AppState;
use app::error::{AppError, ErrorCode};
use app::i18n::msg;
use app::{App, shell};
use axum::{
    Json, Router,
    body::Body,
    extract::{DefaultBodyLimit, Request, State},
    handler::Handler,
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{MethodFilter, MethodRouter, on},
};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A route served besides the pages, the server functions and `/api/v1`,
/// declared once with its method: the router and the authorization
/// matrix's completeness check both read it.
pub struct OwnRoute {
    pub method: Method,
    pub path: &'static str,
    handler: MethodRouter<AppState>,
}

/// The route `method path` served by `handler`.
pub fn at<H, T>(method: Method, path: &'static str, handler: H) -> OwnRoute
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("GET or POST");
    OwnRoute { method, path, handler: on(filter, handler) }
}

impl OwnRoute {
    /// Takes a body of up to `bytes` (an upload).
    fn limit(mut self, bytes: usize) -> Self {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

/// The health check, the multipart uploads and the printed forms.
pub fn own_routes() -> Vec<OwnRoute> {
    use crate::api::{print_approval, print_contact_letter, print_handover, print_settlement};
    use crate::uploads::import_upload;
    vec![
        at(Method::GET, "/healthz", healthz),
        at(Method::POST, "/staff/imports/{kind}", import_upload).limit(app::backend::infra::imports::MAX_FILE_BYTES + 64 * 1024),
        at(Method::GET, "/print/settlements/{id}", print_settlement),
        at(Method::POST, "/print/staff/{login}/handover", print_handover),
        at(Method::GET, "/print/transfers/{id}/contact-letter", print_contact_letter),
        at(Method::GET, "/print/transfers/{id}/approval", print_approval),
    ]
}

pub fn router(state: AppState) -> Router {
    // Served over TLS (an https PUBLIC_URL): browsers keep to https for a year.
    let hsts = state.secure_cookies.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    let routes = generate_route_list(App);
    let leptos_options = state.leptos_options.clone();
    let context_state = state.clone();
    own_routes()
        .into_iter()
        .chain(crate::reports::routes())
        .fold(Router::new(), |router, own| router.route(own.path, own.handler))
        .merge(crate::api::split().0)
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Inside `authorize`, so that a server function's refusal (401, 403)
        // is counted with the others.
        .layer(middleware::from_fn(rpc_status))
        .layer(middleware::from_fn_with_state(state.clone(), crate::access::authorize))
        // Outside `authorize`, so that its refusals reach a page form as a redirect too.
        .layer(middleware::from_fn_with_state(state.clone(), crate::forms::plain_forms))
        .with_state(state)
        .layer(middleware::from_fn(same_origin_writes))
        .layer(middleware::from_fn(deadline))
        // Outside the others, so that every refusal is in the reader's language.
        .layer(middleware::from_fn(crate::access::reader_language))
        .layer(middleware::from_fn(cache_static))
        // gzip or brotli when the browser asks (pages, CSS, JS, the WASM).
        .layer(CompressionLayer::new())
        .layer(always(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(header::REFERRER_POLICY, "same-origin"))
        .layer(always(header::X_FRAME_OPTIONS, "DENY"))
        // Pages set their own, with their nonce (`app::shell`); everything
        // else (API, printed forms, reports) gets the policy without one.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&app::content_security_policy(None)).expect("a valid header"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The path only: query strings may carry personal data. At
                    // error level so that, under RUST_LOG=warn, a failure's
                    // log line still names the request.
                    tracing::error_span!("request", id, method = %req.method(), path = req.uri().path())
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
}

fn always(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// How long browsers keep static files (issue 9, weak networks): the build's
/// WASM, JS and CSS carry their content hash in their names
/// (`/pkg/pension.<hash>.wasm`), so they are kept a year and never asked for
/// again; the fonts (rarely changed) a week. Pages are never cached.
async fn cache_static(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let policy = match path.rsplit_once('/') {
        Some(("/pkg", file)) if file.matches('.').count() >= 2 => Some("public, max-age=31536000, immutable"),
        Some(("/fonts", _)) => Some("public, max-age=604800"),
        _ => None,
    };
    let mut res = next.run(req).await;
    if let Some(policy) = policy.filter(|_| res.status().is_success()) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

/// Refuses a state-changing request that a browser sent from another site
/// (CSRF). Leptos server functions do not check this themselves. Clients
/// that are not browsers send no `Origin` and are judged by their
/// credentials instead.
async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(|o| o.split_once("://").map_or(o, |(_, rest)| rest));
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site");
    let foreign_origin = matches!((origin_host, host), (Some(o), Some(h)) if o != h) || (origin_host.is_some() && host.is_none());
    // A plain form post (what a page on any site can send without asking)
    // must say where it comes from: a browser that says nothing may not
    // know SameSite either.
    let plain = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded") || v.starts_with("text/plain"));
    // Older browsers send neither header but do send `Referer` (this site
    // asks for it on its own pages: `Referrer-Policy: same-origin`).
    let referer_host =
        headers.get(header::REFERER).and_then(|r| r.to_str().ok()).and_then(|r| r.split_once("://")).map(|(_, rest)| rest.split('/').next().unwrap_or(rest));
    let from_here = matches!((referer_host, host), (Some(r), Some(h)) if r == h);
    let unsaid = plain && origin_host.is_none() && !headers.contains_key("sec-fetch-site") && !from_here;
    if cross_site || foreign_origin || unsaid {
        tracing::warn!("refused a cross-site write");
        let body = crate::api::ErrorBody::from(&AppError::new(app::error::ErrorCode::Forbidden, msg::web_cross_site_refused()));
        return (StatusCode::FORBIDDEN, Json(body)).into_response();
    }
    next.run(req).await
}

/// What a server function reads at most (axum's default body limit, which
/// Leptos's server functions go by).
pub const RPC_BODY_LIMIT: u64 = 2 * 1024 * 1024;

pub fn too_large() -> AppError {
    AppError::new(ErrorCode::TooLarge, msg::web_request_too_large())
}

fn error_response(e: AppError) -> Response {
    crate::api::ApiError(e).into_response()
}

/// A request gets the time its route allows ([`crate::access::time_for`]:
/// 30 seconds, 10 minutes for uploads and imports), its body read
/// included; then 408, and the handler is dropped (a transaction not
/// committed is rolled back).
async fn deadline(req: Request, next: Next) -> Response {
    let time = crate::access::time_for(req.method(), req.uri().path());
    match tokio::time::timeout(time, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request timed out after {time:?}");
            error_response(AppError::new(ErrorCode::Timeout, msg::web_request_timeout()))
        }
    }
}

/// Server functions (`/rpc/…`) answer a refusal with the status the JSON
/// API gives it (Leptos answers every error 500; the body is the
/// `AppError`), and a body over [`RPC_BODY_LIMIT`] with 413 before it is
/// read.
async fn rpc_status(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/rpc/") {
        return next.run(req).await;
    }
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > RPC_BODY_LIMIT) {
        // Read what the client sends and drop it (up to a bound), so that it
        // reads the answer instead of finding the connection closed.
        let mut body = req.into_body();
        let mut left = 8 * RPC_BODY_LIMIT;
        while let Some(Ok(frame)) = http_body_util::BodyExt::frame(&mut body).await {
            let n = frame.data_ref().map_or(0, |d| d.len() as u64);
            if n >= left {
                break;
            }
            left -= n;
        }
        return error_response(too_large());
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return error_response(AppError::internal("an error body too long to read"));
    };
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Liveness and readiness: the process answers and the database does.
async fn healthz(State(state): State<AppState>) -> Response {
    let engine = format!("{:?}", state.db.engine()).to_lowercase();
    match state.db.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok", "database": engine })).into_response(),
        Err(e) => {
            tracing::error!("health check: database unreachable: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "database": engine }))).into_response()
        }
    }
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    let addr = state.leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    serve_on(listener, state, shutdown_signal()).await;
    tracing::info!("stopped");
    Ok(())
}

/// How long a client may take to send a request's head (hyper's header
/// read timeout; axum's own `serve` sets no timer, so it has none).
pub const HEADER_READ: std::time::Duration = std::time::Duration::from_secs(30);

/// Serves `state` on `listener` until `shutdown`, then finishes the
/// requests in flight. Each request knows its caller's TCP address (the
/// audit trail, rate limits, `TRUSTED_PROXIES`); a request head must
/// arrive within [`HEADER_READ`], the rest within its route's time
/// ([`deadline`]).
pub async fn serve_on(listener: tokio::net::TcpListener, state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    // HTTP/1.1 only (a reverse proxy in front speaks it; HTTP/2 without TLS
    // would have no header timeout), with the head's timer.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ);
    // At most this many connections at once: beyond, new ones wait to be
    // accepted (a flood of idle connections cannot use up the process).
    let open = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = app.clone().map_request(move |req: Request<hyper::body::Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service)).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    // The requests in flight finish (each within its route's time).
    if tokio::time::timeout(crate::access::LONG, graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open at shutdown were dropped");
    }
}

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 4096;

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Sends what the outbox holds (mail and text messages) and records the
/// delivery receipts: at once when a code is queued, and every 10 s, for as
/// long as the server runs.
pub fn start_mailer(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = app::backend::infra::outbox::deliver(&state, chrono::Utc::now()).await {
                tracing::error!("mailer: {e}");
            }
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), state.outbox.notified()).await;
        }
    });
}

/// T3: delivers unacknowledged transfer documents every `seconds` (the
/// first round at once), for as long as the server runs.
pub fn start_courier(state: AppState, seconds: u64) {
    if state.transfers.league.is_none() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(seconds));
        loop {
            tick.tick().await;
            if let Err(e) = app::backend::transfers::delivery::deliver_pending(&state).await {
                tracing::error!("transfer courier: {e}");
            }
        }
    });
}
