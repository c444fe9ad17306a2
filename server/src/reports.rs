//! Pages the server renders whole, with nothing to hydrate: the staff
//! statistics dashboard (S1) and the records behind each of its figures,
//! the fund books (F1, F2) and the archives (S2).
//! They read the same backend as the API, work without JavaScript (a GET
//! form picks the place), and add nothing to the WASM the other pages
//! download (its size budget, issue 9).

use app::backend::AppState;
use app::backend::identity::auth::Caller;
use app::backend::oversight::statistics::{self, Bar, Dashboard};
use app::error::{AppError, ErrorCode};
use app::i18n::{Key, Lang};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use serde::Deserialize;

use crate::render::{staff_page, table};

fn title(key: Key) -> &'static str {
    app::i18n::text(Lang::Zh, key)
}

/// The pages of this module.
pub fn routes() -> Vec<crate::web::OwnRoute> {
    use crate::web::at;
    use axum::http::Method;
    vec![
        at(Method::GET, "/staff/statistics", dashboard),
        at(Method::GET, "/staff/statistics/records", records),
        at(Method::GET, "/staff/fund/books", fund_books),
        at(Method::GET, "/staff/fund/drafts", fund_drafts),
        at(Method::GET, "/staff/archives", archives),
    ]
}

fn failure(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let next = if e.code == ErrorCode::Unauthenticated {
        view! { <p><a href="/signin?staff=1&next=/staff">"工作人员登录"</a></p> }
    } else {
        view! { <p><a href="/staff/statistics" rel="external">"回到统计首页"</a></p> }
    };
    (status, Html(staff_page("统计".into(), view! { <p class="callout" role="alert">{e.to_string()}</p>{next} }))).into_response()
}

#[derive(Debug, Deserialize)]
pub struct PlaceQuery {
    place: Option<String>,
}

fn place_arg(place: &str) -> String {
    format!("&place={}", urlencode(place))
}

/// One figure as a bar chart: each bar's count links to its records.
fn bars(title: String, figure: &'static str, place: &str, rows: &[Bar]) -> impl IntoView + use<> {
    let max = rows.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let body = if rows.is_empty() {
        view! { <p>"此项按旗县统计，请在旗县范围查看。"</p> }.into_any()
    } else {
        let rows: Vec<_> = rows
            .iter()
            .map(|b| {
                let count = if b.count == 0 {
                    view! { "0" }.into_any()
                } else {
                    let href = format!("/staff/statistics/records?figure={figure}&key={}{}", urlencode(&b.key), place_arg(place));
                    view! { <a href=href rel="external">{b.count}</a> }.into_any()
                };
                let amount = b.amount.clone().map(|a| view! { <br/>{format!("{a} 元")} });
                view! {
                    <tr>
                        <th scope="row">{b.label.clone()}</th>
                        <td><span class="bar" style=format!("width:{}%", b.count * 100 / max) aria-hidden="true"></span></td>
                        <td class="n">{count}{amount}</td>
                    </tr>
                }
            })
            .collect();
        view! { <table class="bars">{rows}</table> }.into_any()
    };
    view! { <section data-figure=figure><h2>{title}</h2>{body}</section> }
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn dashboard_view(d: &Dashboard) -> impl IntoView + use<> {
    let p = d.place.clone();
    let leagues = (d.insured_by_league.len() > 1).then(|| bars("参保人数（按盟市）".into(), "league", &p, &d.insured_by_league));
    view! {
        <form method="get" action="/staff/statistics">
            <label>"统计范围（区划代码）"<input name="place" value=p.clone() inputmode="numeric" maxlength="12"/></label>" "
            <button type="submit">"查看"</button>
        </form>
        <p>
            {format!("{}（{}），截至 {}。参保人数 ", d.place_label, p, d.as_of)}<strong class="total">{d.insured_total}</strong>
            "。点人数可查看所统计的记录。 "<a href=format!("/api/v1/statistics/csv?place={}", urlencode(&p)) download="">"下载 CSV"</a>
        </p>
        {leagues}
        {bars("参保人数（按旗县）".into(), "county", &p, &d.insured_by_county)}
        {bars("参保人数（按年龄段）".into(), "age", &p, &d.insured_by_age)}
        {bars("参保人数（按缴费档次）".into(), "tier", &p, &d.insured_by_tier)}
        {bars("新增参保（近 12 个月）".into(), "enrolled", &p, &d.enrolments_by_month)}
        {bars("待遇发放：人数与金额（近 12 个月，首次发放批次）".into(), "paid", &p, &d.payroll_by_month)}
        {bars("办理时限（近 12 个月受理的业务）".into(), "deadline", &p, &d.deadlines)}
        {bars(format!("待遇领取资格认证（近 12 个月）：认证率 {}", d.certification_rate), "certification", &p, &d.certification)}
    }
}

/// `GET /staff/statistics[?place=]`.
pub async fn dashboard(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<PlaceQuery>) -> Response {
    match statistics::dashboard(&state, &caller, q.place.as_deref()).await {
        Ok(d) => Html(staff_page(title(Key::StatsTitle).into(), dashboard_view(&d))).into_response(),
        Err(e) => failure(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct RecordsQuery {
    figure: String,
    key: String,
    place: Option<String>,
}

/// `GET /staff/statistics/records?figure=&key=[&place=]`: the first 200
/// records a figure counts, people masked (the view is recorded).
pub async fn records(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<RecordsQuery>) -> Response {
    let r = match statistics::records(&state, &caller, q.place.as_deref(), &q.figure, &q.key, 200).await {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let listed = if r.total > r.records.len() as i64 { format!("，列出前 {} 条", r.records.len()) } else { String::new() };
    let back = q.place.as_deref().map(|p| format!("?place={}", urlencode(p))).unwrap_or_default();
    let rows: Vec<Vec<String>> = r.records.into_iter().map(|row| vec![row.person, row.name, row.place, row.detail]).collect();
    let body = view! {
        <p>"指标 "<code>{r.figure}</code>"，分组 "<code>{r.key}</code>"：共 "<strong data-total="">{r.total}</strong>{format!(" 条{listed}。")}</p>
        {table(&["证件号码", "姓名", "区划", "说明"], rows)}
        <p><a href=format!("/staff/statistics{back}") rel="external">"回到统计"</a></p>
    };
    Html(staff_page("统计明细".into(), body)).into_response()
}

#[derive(Debug, Deserialize)]
pub struct BooksQuery {
    league: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// `GET /staff/fund/books?league=&from=&to=` (F1, F2; fund officers and
/// auditors): the trial balance at the end of the period, the
/// reconciliation with the bank statements and the period's vouchers.
/// Writing (posting run, movements, statements) goes through the API.
pub async fn fund_books(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<BooksQuery>) -> Response {
    use app::backend::money::fund;
    let own = caller.principal.as_ref().and_then(|p| p.jurisdiction.as_ref()).map(|j| j.as_str()[..4.min(j.as_str().len())].to_owned()).unwrap_or_default();
    let league = q.league.filter(|l| !l.trim().is_empty()).unwrap_or(own);
    let today = state.today();
    let from = q.from.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| today.format("%Y-%m-01").to_string());
    let to = q.to.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| today.to_string());
    let form = view! {
        <form method="get" action="/staff/fund/books">
            <label>"盟市 "<input name="league" value=league.clone() maxlength="4" inputmode="numeric"/></label>" "
            <label>"起 "<input name="from" type="date" value=from.clone()/></label>" "
            <label>"止 "<input name="to" type="date" value=to.clone()/></label>" "
            <button type="submit">"查看"</button>
        </form>
    };
    if league.len() != 4 {
        return Html(staff_page(title(Key::FundBooksTitle).into(), view! { {form}<p>"请填写盟市（4 位区划代码）后查看。"</p> })).into_response();
    }
    let result = async {
        let balances = fund::balances(&state, &caller, &league, &to).await?;
        let rec = app::backend::money::fund_reconciliation::reconcile(&state, &caller, &league, &from, &to).await?;
        let vouchers = fund::vouchers(&state, &caller, &league, &from, &to).await?;
        Ok::<_, AppError>((balances, rec, vouchers))
    }
    .await;
    let (balances, rec, vouchers) = match result {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let findings = if rec.findings.is_empty() {
        view! { <p>"账实相符：三个账户的收付与银行对账单一致。"</p> }.into_any()
    } else {
        view! { <ul class="findings" role="list">{rec.findings.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul> }.into_any()
    };
    let accounts = rec.accounts.into_iter().map(|a| vec![a.label, a.book_balance, a.bank_balance]).collect();
    let balance_rows = balances.into_iter().map(|b| vec![b.label, b.debits, b.credits, b.balance]).collect();
    let count = vouchers.len();
    let voucher_rows = vouchers
        .into_iter()
        .map(|v| {
            let lines = v
                .lines
                .iter()
                .map(|l| if l.debit != "0.00" { format!("借 {} {}", l.account_label, l.debit) } else { format!("贷 {} {}", l.account_label, l.credit) });
            vec![v.id, v.booked_on, v.memo, lines.collect::<Vec<_>>().join("；")]
        })
        .collect();
    let drafts = format!("/staff/fund/drafts?league={}&year={}", urlencode(&league), chrono::Datelike::year(&today) - 1);
    let body = view! {
        {form}
        <section data-section="reconciliation">
            <h2>{format!("对账（{from} 至 {to}）")}</h2>
            {findings}
            {table(&["账户", "账面余额", "银行余额"], accounts)}
        </section>
        <section data-section="balances">
            <h2>{format!("科目余额表（{to} 日终）")}</h2>
            {table(&["科目", "借方累计", "贷方累计", "余额"], balance_rows)}
        </section>
        <section data-section="vouchers">
            <h2>{format!("记账凭证（{count} 张）")}</h2>
            {table(&["凭证号", "日期", "摘要", "分录"], voucher_rows)}
        </section>
        <p><a href=drafts rel="external">"预算、决算草案"</a></p>
    };
    Html(staff_page(title(Key::FundBooksTitle).into(), body)).into_response()
}

#[derive(Debug, Deserialize)]
pub struct DraftQuery {
    league: String,
    year: i32,
}

/// `GET /staff/fund/drafts?league=&year=`: the final-account draft of a
/// year and the budget draft of the next.
pub async fn fund_drafts(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<DraftQuery>) -> Response {
    match app::backend::money::fund_reconciliation::drafts(&state, &caller, &q.league, q.year).await {
        Ok(rows) => {
            let body = table(&["部分", "项目", "金额（元）", "依据"], rows.into_iter().map(|r| vec![r.section, r.item, r.amount, r.basis]).collect());
            Html(staff_page(format!("{} 基金预算、决算草案", q.league), body)).into_response()
        }
        Err(e) => failure(e),
    }
}

/// `GET /staff/archives?person=&case_type=&year=` (S2; county clerks,
/// auditors): the archived cases of the jurisdiction, each with its
/// package to download.
pub async fn archives(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<app::model::ArchiveQuery>) -> Response {
    let rows = match app::backend::oversight::archives::search(&state, &caller, &q).await {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    let count = rows.len();
    let body = view! {
        <form method="get" action="/staff/archives">
            <label>"证件号码 "<input name="person" value=v(&q.person) maxlength="18"/></label>" "
            <label>"业务类型代码 "<input name="case_type" value=v(&q.case_type)/></label>" "
            <label>"办结年度 "<input name="year" value=v(&q.year) maxlength="4" inputmode="numeric"/></label>" "
            <button type="submit">"查询"</button>
        </form>
        <p>{format!("共 {count} 件。")}</p>
        <table>
            <thead>
                <tr><th>"档案号"</th><th>"业务"</th><th>"证件号码"</th><th>"姓名"</th><th>"办结日期"</th><th>"保管期限"</th><th>"文件数"</th><th>"档案包"</th></tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        let package = format!("/api/v1/archives/{}/package", urlencode(&r.case_id));
                        view! {
                            <tr>
                                <td>{r.case_id}</td><td>{r.type_label}</td><td>{r.person}</td><td>{r.name}</td><td>{r.finished_on}</td>
                                <td>{r.retention_label}</td><td>{r.documents}</td><td><a href=package download="">"下载"</a></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    };
    Html(staff_page(title(Key::ArchivesTitle).into(), body)).into_response()
}
