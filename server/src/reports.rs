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
use serde::Deserialize;

fn title(key: Key) -> &'static str {
    app::i18n::text(Lang::Zh, key)
}

/// The pages of this module (GET), as the router serves them.
pub const PATHS: [&str; 5] = ["/staff/statistics", "/staff/statistics/records", "/staff/fund/books", "/staff/fund/drafts", "/staff/archives"];

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(PATHS[0], get(dashboard))
        .route(PATHS[1], get(records))
        .route(PATHS[2], get(fund_books))
        .route(PATHS[3], get(fund_drafts))
        .route(PATHS[4], get(archives))
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A table cell of a printed form.
pub fn td(s: &str) -> String {
    format!("<td>{}</td>", esc(s))
}

/// A form to print on A4 (附件7, 联系函): the printed page only, a print
/// button on screen; the heading in both languages, and the Mongolian
/// script's font for the forms that carry it.
pub fn print_page(title: &str, body: &str, id: &str) -> String {
    format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 20mm; }}
@font-face {{ font-family: "Noto Sans Mongolian"; src: url("/fonts/NotoSansMongolian-Regular.woff2") format("woff2"); unicode-range: U+1800-18AF, U+200C-200D, U+202F; }}
body {{ font-family: "Noto Sans Mongolian", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 14pt; max-width: 180mm; margin: 0 auto; }}
span[lang="mn-Mong"] {{ font-size: 0.8em; font-weight: normal; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 4mm; }} p.sub {{ text-align: center; margin: 0 0 6mm; }}
table {{ width: 100%; border-collapse: collapse; }} td, th {{ border: 1px solid #000; padding: 3mm; vertical-align: top; }}
th {{ font-weight: normal; white-space: nowrap; }} .sign {{ height: 18mm; }}
@media print {{ .noprint {{ display: none; }} }}
</style></head><body>
<p class="sub">内蒙古自治区城乡居民基本养老保险<br><span lang="mn-Mong">{sub_mn}</span></p>
{body}
<p class="noprint"><button type="button" data-print>打印</button> 编号 {id}</p>
<script src="/print.js" defer></script>
</body></html>"#,
        title = esc(title),
        id = esc(id),
        sub_mn = esc(&app::i18n::term(Lang::MnMong, "内蒙古自治区城乡居民基本养老保险")),
    )
}

fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t} - 内蒙古城乡居民基本养老保险</title><link rel="stylesheet" href="{css}">
<style>
.bars {{ width: 100%; border-collapse: collapse; margin-bottom: 1.5rem; }}
.bars th {{ text-align: left; font-weight: normal; padding: .3rem .5rem .3rem 0; white-space: nowrap; width: 9rem; }}
.bars td {{ padding: .3rem 0; }} .bars td.n {{ text-align: right; width: 7rem; padding-left: .5rem; white-space: nowrap; }}
.bar {{ display: block; height: 1.1rem; background: #1d6fb8; min-width: 2px; border-radius: 2px; }}
.stats section {{ margin-bottom: 1rem; }} .stats .total {{ font-size: 1.4rem; }}
</style></head><body><main class="stats">
<p><a href="/staff" rel="external">← 工作台</a></p>
<h1>{t}</h1>
{body}
</main></body></html>"#,
        t = esc(title),
        css = crate::config::stylesheet()
    )
}

fn failure(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let next = if e.code == ErrorCode::Unauthenticated {
        r#"<p><a href="/signin?staff=1&amp;next=/staff">工作人员登录</a></p>"#
    } else {
        r#"<p><a href="/staff/statistics" rel="external">回到统计首页</a></p>"#
    };
    (status, Html(page("统计", &format!(r#"<p class="callout" role="alert">{}</p>{next}"#, esc(&e.message))))).into_response()
}

#[derive(Debug, Deserialize)]
pub struct PlaceQuery {
    place: Option<String>,
}

fn place_arg(place: &str) -> String {
    format!("&amp;place={}", urlencode(place))
}

/// One figure as a bar chart: each bar's count links to its records.
fn bars(title: &str, figure: &str, place: &str, rows: &[Bar]) -> String {
    let max = rows.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let mut out = format!(r#"<section data-figure="{figure}"><h2>{}</h2>"#, esc(title));
    if rows.is_empty() {
        out.push_str("<p>此项按旗县统计，请在旗县范围查看。</p></section>");
        return out;
    }
    out.push_str(r#"<table class="bars">"#);
    for b in rows {
        let width = b.count * 100 / max;
        let amount = b.amount.as_deref().map(|a| format!("<br>{} 元", esc(a))).unwrap_or_default();
        let count = if b.count == 0 {
            "0".to_owned()
        } else {
            format!(
                r#"<a href="/staff/statistics/records?figure={figure}&amp;key={}{}" rel="external">{}</a>"#,
                esc(&urlencode(&b.key)),
                place_arg(place),
                b.count
            )
        };
        out.push_str(&format!(
            r#"<tr><th scope="row">{}</th><td><span class="bar" style="width:{width}%" aria-hidden="true"></span></td><td class="n">{count}{amount}</td></tr>"#,
            esc(&b.label)
        ));
    }
    out.push_str("</table></section>");
    out
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn dashboard_html(d: &Dashboard) -> String {
    let p = &d.place;
    let mut body = format!(
        r#"<form method="get" action="/staff/statistics"><label>统计范围（区划代码）<input name="place" value="{}" inputmode="numeric" maxlength="12"></label> <button type="submit">查看</button></form>
<p>{}（{}），截至 {}。参保人数 <strong class="total">{}</strong>。点人数可查看所统计的记录。 <a href="/api/v1/statistics/csv?place={}" download>下载 CSV</a></p>"#,
        esc(p),
        esc(&d.place_label),
        esc(p),
        esc(&d.as_of),
        d.insured_total,
        urlencode(p)
    );
    if d.insured_by_league.len() > 1 {
        body.push_str(&bars("参保人数（按盟市）", "league", p, &d.insured_by_league));
    }
    body.push_str(&bars("参保人数（按旗县）", "county", p, &d.insured_by_county));
    body.push_str(&bars("参保人数（按年龄段）", "age", p, &d.insured_by_age));
    body.push_str(&bars("参保人数（按缴费档次）", "tier", p, &d.insured_by_tier));
    body.push_str(&bars("新增参保（近 12 个月）", "enrolled", p, &d.enrolments_by_month));
    body.push_str(&bars("待遇发放：人数与金额（近 12 个月，首次发放批次）", "paid", p, &d.payroll_by_month));
    body.push_str(&bars("办理时限（近 12 个月受理的业务）", "deadline", p, &d.deadlines));
    body.push_str(&bars(&format!("待遇领取资格认证（近 12 个月）：认证率 {}", d.certification_rate), "certification", p, &d.certification));
    body
}

/// `GET /staff/statistics[?place=]`.
pub async fn dashboard(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(q): Query<PlaceQuery>) -> Response {
    match statistics::dashboard(&state, &caller, q.place.as_deref()).await {
        Ok(d) => Html(page(title(Key::StatsTitle), &dashboard_html(&d))).into_response(),
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
    let mut body = format!(
        r#"<p>指标 <code>{}</code>，分组 <code>{}</code>：共 <strong data-total>{}</strong> 条{}。</p><table><thead><tr><th>证件号码</th><th>姓名</th><th>区划</th><th>说明</th></tr></thead><tbody>"#,
        esc(&r.figure),
        esc(&r.key),
        r.total,
        if r.total > r.records.len() as i64 { format!("，列出前 {} 条", r.records.len()) } else { String::new() }
    );
    for row in &r.records {
        body.push_str(&format!("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&row.person), esc(&row.name), esc(&row.place), esc(&row.detail)));
    }
    body.push_str("</tbody></table>");
    let back = q.place.as_deref().map(|p| format!("?place={}", urlencode(p))).unwrap_or_default();
    body.push_str(&format!(r#"<p><a href="/staff/statistics{back}" rel="external">回到统计</a></p>"#));
    Html(page("统计明细", &body)).into_response()
}

fn table(head: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in head {
        out.push_str(&format!("<th>{}</th>", esc(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for cell in r {
            out.push_str(&format!("<td>{}</td>", esc(&cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
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
    let mut body = format!(
        r#"<form method="get" action="/staff/fund/books"><label>盟市 <input name="league" value="{}" maxlength="4" inputmode="numeric"></label> <label>起 <input name="from" type="date" value="{}"></label> <label>止 <input name="to" type="date" value="{}"></label> <button type="submit">查看</button></form>"#,
        esc(&league),
        esc(&from),
        esc(&to)
    );
    if league.len() != 4 {
        body.push_str("<p>请填写盟市（4 位区划代码）后查看。</p>");
        return Html(page(title(Key::FundBooksTitle), &body)).into_response();
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
    body.push_str(&format!(r#"<section data-section="reconciliation"><h2>对账（{} 至 {}）</h2>"#, esc(&from), esc(&to)));
    if rec.findings.is_empty() {
        body.push_str("<p>账实相符：三个账户的收付与银行对账单一致。</p>");
    } else {
        body.push_str(r#"<ul class="findings" role="list">"#);
        for f in &rec.findings {
            body.push_str(&format!("<li>{}</li>", esc(f)));
        }
        body.push_str("</ul>");
    }
    body.push_str(&table(
        &["账户", "账面余额", "银行余额"],
        rec.accounts.iter().map(|a| vec![a.label.clone(), a.book_balance.clone(), a.bank_balance.clone()]),
    ));
    body.push_str("</section>");
    body.push_str(&format!(r#"<section data-section="balances"><h2>科目余额表（{} 日终）</h2>"#, esc(&to)));
    body.push_str(&table(
        &["科目", "借方累计", "贷方累计", "余额"],
        balances.iter().map(|b| vec![b.label.clone(), b.debits.clone(), b.credits.clone(), b.balance.clone()]),
    ));
    body.push_str("</section>");
    body.push_str(&format!(r#"<section data-section="vouchers"><h2>记账凭证（{} 张）</h2>"#, vouchers.len()));
    body.push_str(&table(
        &["凭证号", "日期", "摘要", "分录"],
        vouchers.iter().map(|v| {
            let lines = v
                .lines
                .iter()
                .map(|l| if l.debit != "0.00" { format!("借 {} {}", l.account_label, l.debit) } else { format!("贷 {} {}", l.account_label, l.credit) });
            vec![v.id.clone(), v.booked_on.clone(), v.memo.clone(), lines.collect::<Vec<_>>().join("；")]
        }),
    ));
    body.push_str(&format!(
        r#"</section><p><a href="/staff/fund/drafts?league={}&amp;year={}" rel="external">预算、决算草案</a></p>"#,
        urlencode(&league),
        chrono::Datelike::year(&today) - 1
    ));
    Html(page(title(Key::FundBooksTitle), &body)).into_response()
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
            let body = table(&["部分", "项目", "金额（元）", "依据"], rows.into_iter().map(|r| vec![r.section, r.item, r.amount, r.basis]));
            Html(page(&format!("{} 基金预算、决算草案", q.league), &body)).into_response()
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
    let v = |s: &Option<String>| esc(s.as_deref().unwrap_or(""));
    let mut body = format!(
        r#"<form method="get" action="/staff/archives"><label>证件号码 <input name="person" value="{}" maxlength="18"></label> <label>业务类型代码 <input name="case_type" value="{}"></label> <label>办结年度 <input name="year" value="{}" maxlength="4" inputmode="numeric"></label> <button type="submit">查询</button></form><p>共 {} 件。</p>"#,
        v(&q.person),
        v(&q.case_type),
        v(&q.year),
        rows.len()
    );
    body.push_str("<table><thead><tr><th>档案号</th><th>业务</th><th>证件号码</th><th>姓名</th><th>办结日期</th><th>保管期限</th><th>文件数</th><th>档案包</th></tr></thead><tbody>");
    for r in &rows {
        body.push_str(&format!(
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href="/api/v1/archives/{}/package" download>下载</a></td></tr>"#,
            esc(&r.case_id),
            esc(&r.type_label),
            esc(&r.person),
            esc(&r.name),
            esc(&r.finished_on),
            esc(&r.retention_label),
            r.documents,
            urlencode(&r.case_id)
        ));
    }
    body.push_str("</tbody></table>");
    Html(page(title(Key::ArchivesTitle), &body)).into_response()
}
