//! Whole pages the server renders with nothing to hydrate: the staff
//! reports and the printed forms. They are Leptos views rendered to HTML
//! on the server (`RenderHtml::to_html`), so every value is escaped by
//! Leptos, as on every other page; no page is built from `format!` text.

use app::i18n::{Key, Lang, text};
use leptos::prelude::*;

/// Renders a whole document: the doctype and `<html>`.
pub fn document(html: impl IntoView) -> String {
    let owner = Owner::new();
    owner.with(|| format!("<!DOCTYPE html>{}", html.into_view().to_html()))
}

const PRINT_CSS: &str = r#"
@page { size: A4; margin: 20mm; }
@font-face { font-family: "Noto Sans Mongolian"; src: url("/fonts/NotoSansMongolian-Regular.woff2") format("woff2"); unicode-range: U+1800-18AF, U+200C-200D, U+202F; }
body { font-family: "Noto Sans Mongolian", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 14pt; max-width: 180mm; margin: 0 auto; }
span[lang="mn-Mong"] { font-size: 0.8em; font-weight: normal; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; } p.sub { text-align: center; margin: 0 0 6mm; }
table { width: 100%; border-collapse: collapse; } td, th { border: 1px solid #000; padding: 3mm; vertical-align: top; }
th { font-weight: normal; white-space: nowrap; } .sign { height: 18mm; }
@media print { .noprint { display: none; } }
@media screen and (max-width: 640px) {
  body { font-size: 12pt; margin: 0 3mm; }
  table, tbody, tr, th, td { display: block; width: auto; }
  tr { border: 1px solid #000; margin-bottom: 2mm; }
  td, th { border: none; border-bottom: 1px solid #ccc; padding: 2mm; }
  th { white-space: normal; font-weight: bold; }
  .sign { height: 12mm; }
}
"#;

/// A form to print on A4 (附件7, 联系函, 审批表, 交接单): the printed page
/// only, a print button on screen; the heading in both languages, and the
/// Mongolian script's font for the forms that carry it.
pub fn print_page(title: String, id: String, body: impl IntoView) -> String {
    document(view! {
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{title}</title>
                <style inner_html=PRINT_CSS></style>
            </head>
            <body>
                <p class="sub">{both(Key::SchemeName)}</p>
                {body}
                <p class="noprint"><button type="button" data-print="">"打印"</button>" 编号 "{id}</p>
                <script src="/print.js" defer=""></script>
            </body>
        </html>
    })
}

const STAFF_CSS: &str = r#"
.bars { width: 100%; border-collapse: collapse; margin-bottom: 1.5rem; }
.bars th { text-align: left; font-weight: normal; padding: .3rem .5rem .3rem 0; white-space: nowrap; width: 9rem; }
.bars td { padding: .3rem 0; } .bars td.n { text-align: right; width: 7rem; padding-left: .5rem; white-space: nowrap; }
.bar { display: block; height: 1.1rem; background: #1d6fb8; min-width: 2px; border-radius: 2px; }
.stats section { margin-bottom: 1rem; } .stats .total { font-size: 1.4rem; }
"#;

/// A staff report page (statistics, fund books, archives): the site's
/// stylesheet, a way back to the workbench.
pub fn staff_page(title: String, body: impl IntoView) -> String {
    document(view! {
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{format!("{title} - 内蒙古城乡居民基本养老保险")}</title>
                <link rel="stylesheet" href=crate::config::stylesheet()/>
                <style inner_html=STAFF_CSS></style>
            </head>
            <body>
                <main class="stats">
                    <p><a href="/staff" rel="external">"← 工作台"</a></p>
                    <h1>{title}</h1>
                    {body}
                </main>
            </body>
        </html>
    })
}

/// A table of text cells under a heading row.
pub fn table(head: &[&'static str], rows: Vec<Vec<String>>) -> impl IntoView + use<> {
    let head: Vec<&'static str> = head.to_vec();
    view! {
        <table>
            <thead><tr>{head.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}
            </tbody>
        </table>
    }
}

/// Words of a bilingual form: the Chinese, its Mongolian under it (§4: the
/// family reading Mongolian reads the form they sign).
pub fn both(key: Key) -> impl IntoView + use<> {
    view! { {text(Lang::Zh, key)}<br/><span lang="mn-Mong">{text(Lang::MnMong, key)}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_the_document_is_whole() {
        let html = print_page("<b>标题</b>".into(), "a\"b".into(), view! { <p>{"<script>alert(1)</script> & 张"}</p> });
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\">"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 张"), "{html}");
        assert!(html.contains("<title>&lt;b&gt;标题&lt;/b&gt;</title>"), "{html}");
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("@page { size: A4"), "the style sheet is not escaped: {html}");
        assert!(html.contains(r#"<script src="/print.js" defer"#), "{html}");
    }
}
