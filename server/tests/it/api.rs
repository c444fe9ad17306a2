//! Integration tests: the real server over a real database, on both engines.

use crate::support;
use crate::support::TestApp;
use app::backend::{infra::audit, infra::reference, seed::demo};
use domain::audit::ChainBreak;

on_both_engines!(
    healthz_checks_the_database,
    reference_load_is_idempotent_and_keeps_corrections,
    demo_data_loads_once,
    demo_data_only_when_asked_and_never_in_production,
    divisions_api,
    policy_api,
    working_days_api,
    openapi_documents_every_operation,
    pages_render_on_the_server,
    security_headers_and_request_ids,
    cross_site_writes_are_refused,
    server_functions_answer_with_the_status_of_their_refusal,
    text_size_form_works_without_javascript,
    language_form_works_without_javascript,
    a_mongolian_reader_gets_terms_messages_and_mail_in_mongolian,
    a_translators_spreadsheet_comes_back_into_the_catalogue_and_the_pages,
    a_notice_made_while_she_read_chinese_reads_in_mongolian_after_she_switches,
    audit_chain_is_appended_concurrently_and_detects_tampering,
    the_audit_head_is_kept_outside_and_refusals_are_counted_beside_the_chain,
);

/// Issue 35: export, a translator edits one message and one place name in
/// the spreadsheet, import: the catalogue's file holds the edit, and a
/// Mongolian page shows the place's new name. A line with other arguments
/// than the Chinese is refused, and then nothing is written.
async fn a_translators_spreadsheet_comes_back_into_the_catalogue_and_the_pages(app: TestApp) {
    let locales = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/locales");
    for lang in ["zh-CN", "mn-Mong"] {
        std::fs::create_dir(locales.path().join(lang)).unwrap();
        for f in std::fs::read_dir(source.join(lang)).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, locales.path().join(lang).join(f.file_name().unwrap())).unwrap();
        }
    }
    let csv = server::translations::export(&app.db, locales.path()).await.unwrap();
    assert!(csv.starts_with("\u{FEFF}key,zh-CN,mn-Mong,file,used in,note".as_bytes()), "UTF-8 with a byte-order mark, for WPS and Excel");
    let text = String::from_utf8(csv).unwrap();
    let line = |key: &str| text.lines().find(|l| l.starts_with(&format!("{key},"))).unwrap_or_else(|| panic!("{key} is listed")).to_owned();
    let tier = line("ledger-tier-year-not-allowed");
    let county = line("division.150121");
    assert!(county.contains("土默特左旗") && county.contains("ᠲᠦᠮᠡᠳ ᠵᠡᠭᠦᠨ ᠬᠣᠰᠢᠭᠤ"), "{county}");
    let old_tier = "ᠵᠥᠪᠬᠡᠨ { $this_year } ᠪᠤᠶᠤ { $next_year } ᠣᠨ ᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠳᠡᠰ ᠢ ᠰᠣᠩᠭᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ";
    assert!(tier.contains(old_tier), "{tier}");
    let new_tier = "{ $this_year } ᠪᠤᠶᠤ { $next_year } ᠣᠨ ᠤ ᠳᠡᠰ ᠢ ᠯᠡ ᠰᠣᠩᠭᠣᠨ᠎ᠠ";
    let new_county = "ᠲᠦᠮᠡᠳ ᠵᠡᠭᠦᠨ ᠬᠣᠰᠢᠭᠤ ᠰᠢᠨ᠎ᠡ";

    // A line whose arguments differ: refused, and nothing is written.
    let wrong =
        text.replacen(&tier, &tier.replacen(old_tier, "ᠵᠥᠪᠬᠡᠨ { $year } ᠣᠨ", 1), 1).replacen(&county, &county.replacen("ᠲᠦᠮᠡᠳ ᠵᠡᠭᠦᠨ ᠬᠣᠰᠢᠭᠤ", new_county, 1), 1);
    let Err(server::translations::NotImported::Refused(refused)) = server::translations::import(&app.db, locales.path(), wrong.as_bytes()).await else {
        panic!("refused")
    };
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("ledger-tier-year-not-allowed") && refused[0].contains("arguments"), "{refused:?}");
    let name_mn = || async {
        let n: Option<String> = sqlx::query_scalar("SELECT name_mn FROM divisions WHERE code = '150121'").fetch_one(app.db.pool()).await.unwrap();
        n
    };
    assert_eq!(name_mn().await.as_deref(), Some("ᠲᠦᠮᠡᠳ ᠵᠡᠭᠦᠨ ᠬᠣᠰᠢᠭᠤ"), "the good line was not taken either");

    // The edited spreadsheet: both come back.
    let edited = text.replacen(&tier, &tier.replacen(old_tier, new_tier, 1), 1).replacen(&county, &county.replacen("ᠲᠦᠮᠡᠳ ᠵᠡᠭᠦᠨ ᠬᠣᠰᠢᠭᠤ", new_county, 1), 1);
    let done = server::translations::import(&app.db, locales.path(), edited.as_bytes()).await.unwrap();
    assert_eq!((done.messages.changed, done.messages.added, done.divisions), (1, 0, 1));
    let file = std::fs::read_to_string(locales.path().join("mn-Mong/messages.ftl")).unwrap();
    assert!(file.contains(&format!("ledger-tier-year-not-allowed = {new_tier}\n")), "the file holds the edit");
    assert!(!file.contains(old_tier));
    let page = app.client.get(app.url("/consult")).header("cookie", "lang=mn-Mong").send().await.unwrap().text().await.unwrap();
    assert!(page.contains(new_county), "the Mongolian page names the county as the translator wrote it");
    // Imported again: nothing changes.
    let again = server::translations::import(&app.db, locales.path(), edited.as_bytes()).await.unwrap();
    assert_eq!((again.messages.changed, again.divisions), (0, 0));
}

/// Issue 35: a case's outcome is kept as a catalogue message (its id and
/// arguments) and written when read, so the resident who reads Chinese when
/// it is made reads it in Mongolian once she switches, the clerk's reason as
/// written.
async fn a_notice_made_while_she_read_chinese_reads_in_mongolian_after_she_switches(app: TestApp) {
    use support::actors::{Actor, ZHANG};
    let zhang = support::actors::resident(&app, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (status, filed) = support::filing::file(&app, &zhang, support::filing::form(&support::filing::ALL, &[])).await;
    assert_eq!(status, 200, "{filed}");
    let township = support::actors::staff(&app, "notice.township", "township_clerk", "150121100").await;
    assert_eq!(support::filing::decide(&app, &township, filed["id"].as_str().unwrap(), "return", "户口簿本人页不清楚").await.0, 200);
    let latest = |who: Actor| {
        let app = &app;
        async move {
            let (status, notices) = who.get(app, "/api/v1/me/notices").await;
            assert_eq!(status, 200, "{notices}");
            notices[0]["text"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(latest(zhang.clone()).await, "参保登记需要补正：户口簿本人页不清楚");
    let (key, args): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT message_key, message_args FROM notifications ORDER BY created_at DESC LIMIT 1").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(key.as_deref(), Some("case-returned"));
    // The case's type is kept as a name of the catalogue, the reason as typed.
    let args: serde_json::Value = serde_json::from_str(&args.unwrap()).unwrap();
    assert_eq!(args, serde_json::json!({ "kind": { "name": "case-type-enrolment" }, "reason": "户口簿本人页不清楚" }));
    // Written when read: not the Mongolian kept beside it.
    sqlx::query("UPDATE notifications SET text_mn = NULL").execute(app.db.pool()).await.unwrap();
    let switched = Actor { label: "she, switched to Mongolian".into(), cookie: zhang.cookie.clone().map(|c| format!("{c}; lang=mn-Mong")) };
    let kind = app::i18n::text(app::i18n::Lang::MnMong, app::i18n::Key::CaseTypeEnrolment);
    assert_eq!(latest(switched).await, format!("{kind} ᠢ ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ᠄ 户口簿本人页不清楚"));
}

async fn healthz_checks_the_database(app: TestApp) {
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    let engine = format!("{:?}", app.db.engine()).to_lowercase();
    assert_eq!(body["database"], engine.as_str());
    app.db.close().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, 503, "a closed database must make the server unhealthy");
    assert_eq!(body["status"], "unavailable");
}

async fn reference_load_is_idempotent_and_keeps_corrections(app: TestApp) {
    let before = (app.count("divisions").await, app.count("calendar_days").await, app.count("policy_params").await);
    assert!(before.0 >= 13 && before.1 > 80 && before.2 >= 21, "{before:?}");
    // An administrator corrects a day (say the State Council moved a holiday).
    sqlx::query("UPDATE calendar_days SET kind = 'workday', note = '更正' WHERE day = '2027-10-03'").execute(app.db.pool()).await.unwrap();
    let report = reference::load_reference(&app.db).await.unwrap();
    assert_eq!(report, reference::LoadReport::default(), "a second load adds nothing");
    let after = (app.count("divisions").await, app.count("calendar_days").await, app.count("policy_params").await);
    assert_eq!(before, after);
    let (_, days) = app.get_json("/api/v1/working-days?from=2027-10-02&to=2027-10-03").await;
    assert_eq!(days["working_days"], 1, "the correction survives the reload");
    app.db.migrate().await.expect("migrating again is a no-op");
}

async fn demo_data_loads_once(app: TestApp) {
    let n = app.count("divisions").await;
    assert!(!demo::load_demo_once(&app.db).await.unwrap(), "spawn_app loaded it already");
    assert_eq!(app.count("divisions").await, n);
    let (_, villages) = app.get_json("/api/v1/divisions?parent=150121100").await;
    assert_eq!(villages.as_array().unwrap().len(), 2);
    assert_eq!(villages[0]["level"], "village");

    // `server load-demo` on a new, empty database: the reference data it
    // refers to is loaded first (it used to stop on a foreign key).
    let engine = match app.db.engine() {
        app::backend::infra::db::Engine::Sqlite => support::Engine::Sqlite,
        app::backend::infra::db::Engine::Postgres => support::Engine::Postgres,
    };
    let (fresh, url) = support::fresh_database(engine).await;
    let force = if engine == support::Engine::Postgres { "--force" } else { "--" };
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_server")).args(["load-demo", force]).env("DATABASE_URL", &url).env("RUST_LOG", "warn").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let villages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM divisions WHERE parent_code = '150121100'").fetch_one(fresh.pool()).await.unwrap();
    assert_eq!(villages, 2, "the demo villages, under the reference divisions");
    assert!(!demo::load_demo_once(&fresh).await.unwrap(), "loaded once");
    fresh.close().await;
}

/// H4 (issue 33): `server serve` loads the reference data and nothing
/// else (no demo people, no accounts, no interest run); `--demo` is
/// refused where the settings look like production unless `--force`d; the
/// demo posts its closed years' interest once, when it is loaded.
async fn demo_data_only_when_asked_and_never_in_production(app: TestApp) {
    let engine = match app.db.engine() {
        app::backend::infra::db::Engine::Sqlite => support::Engine::Sqlite,
        app::backend::infra::db::Engine::Postgres => support::Engine::Postgres,
    };
    let (fresh, url) = support::fresh_database(engine).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = |args: &[&str], public_url: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        c.args(args)
            .env("DATABASE_URL", &url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", public_url)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    };
    let local = format!("http://localhost:{port}");
    let serving = server(&["serve"], &local).spawn().unwrap();
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if client.get(format!("http://127.0.0.1:{port}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // SIGTERM: it shuts down cleanly.
    std::process::Command::new("kill").args(["-TERM", &serving.id().to_string()]).status().unwrap();
    let out = serving.wait_with_output().unwrap();
    assert!(up && out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("/staff/enrol#"), "no enrolment links printed");
    let count = |table: &str| format!("SELECT COUNT(*) FROM {table}");
    for table in ["accounts", "insured_persons", "registry_persons", "account_entries", "kiosks", "pensions"] {
        let n: i64 = sqlx::query_scalar(&count(table)).fetch_one(fresh.pool()).await.unwrap();
        assert_eq!(n, 0, "{table} after a plain start");
    }
    assert!(sqlx::query_scalar::<_, i64>(&count("policy_params")).fetch_one(fresh.pool()).await.unwrap() > 0, "the reference data");

    // Demo data where the settings look like production: refused, nothing written.
    let refused = |args: &[&str], public_url: &str| server(args, public_url).output().unwrap();
    let https = refused(&["serve", "--demo"], "https://ylbx.example.cn");
    assert!(!https.status.success());
    assert!(String::from_utf8_lossy(&https.stderr).contains("--force"), "{}", String::from_utf8_lossy(&https.stderr));
    if engine == support::Engine::Postgres {
        assert!(!refused(&["serve", "--demo"], &local).status.success(), "PostgreSQL");
        assert!(!refused(&["load-demo"], &local).status.success(), "PostgreSQL");
    }
    assert!(!refused(&["serve", "--force"], &local).status.success(), "--force alone is not an option");
    assert_eq!(sqlx::query_scalar::<_, i64>(&count("registry_persons")).fetch_one(fresh.pool()).await.unwrap(), 0);

    // Loaded when asked: the closed years' interest once; a start in a later
    // year posts nothing more.
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(demo::load_demo(&fresh, day("2026-12-06")).await.unwrap());
    let interest = "SELECT COUNT(*) FROM account_entries WHERE kind = 'interest'";
    let posted: i64 = sqlx::query_scalar(interest).fetch_one(fresh.pool()).await.unwrap();
    assert!(posted > 0);
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(year) FROM account_entries WHERE kind = 'interest'").fetch_one(fresh.pool()).await.unwrap();
    assert_eq!(latest, Some(2025));
    assert!(!demo::load_demo(&fresh, day("2028-01-10")).await.unwrap(), "loaded before");
    assert_eq!(sqlx::query_scalar::<_, i64>(interest).fetch_one(fresh.pool()).await.unwrap(), posted, "2026 and 2027 not posted by a start");
    fresh.close().await;
}

async fn divisions_api(app: TestApp) {
    let (status, leagues) = app.get_json("/api/v1/divisions?parent=15").await;
    assert_eq!(status, 200);
    let leagues = leagues.as_array().unwrap();
    let codes: Vec<&str> = leagues.iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["1501", "1502", "1503", "1504", "1505", "1506", "1507", "1508", "1509", "1522", "1525", "1529"]);
    assert_eq!(leagues[11]["name"], "阿拉善盟");
    assert_eq!(leagues[0]["level"], "league");

    let (status, err) = app.get_json("/api/v1/divisions?parent=15x").await;
    assert_eq!(status, 400);
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("行政区划代码"));
}

async fn policy_api(app: TestApp) {
    let (status, p) = app.get_json("/api/v1/policy?date=2025-06-01").await;
    assert_eq!(status, 200);
    assert_eq!(p["tiers"].as_array().unwrap().len(), 12);
    assert_eq!(p["tiers"][3], serde_json::json!({"amount": "400.00", "subsidy": "30.00"}));
    assert_eq!(p["tiers"][4], serde_json::json!({"amount": "500.00", "subsidy": "60.00"}));
    assert_eq!(p["collective_cap"], "2000.00");
    assert_eq!(p["basic_pension_monthly"], "197.00");
    assert_eq!(p["divisors"]["60"], 139);
    assert_eq!(p["divisors"]["70"], 56);
    assert_eq!(p["interest_rate"], "0.0150");

    let (_, today) = app.get_json("/api/v1/policy").await;
    assert_eq!(today["on"], "2025-06-02", "without a date: today");

    let (_, later) = app.get_json("/api/v1/policy?date=2026-06-01").await;
    assert_eq!(later["interest_rate"], serde_json::Value::Null, "2026 rate not published yet");

    let (status, err) = app.get_json("/api/v1/policy?date=2008-12-31").await;
    assert_eq!(status, 404);
    assert!(err["message"].as_str().unwrap().contains("没有生效的取值"));

    let (status, err) = app.get_json("/api/v1/policy?date=2025-13-01").await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("YYYY-MM-DD"));
}

async fn working_days_api(app: TestApp) {
    // National Day 2025: 1–8 October off, Saturday 11 October worked.
    let (status, d) = app.get_json("/api/v1/working-days?from=2025-09-30&to=2025-10-11").await;
    assert_eq!(status, 200);
    assert_eq!(d["working_days"], 3);
    let (_, d) = app.get_json("/api/v1/working-days/deadline?receipt=2025-09-30&days=3").await;
    assert_eq!(d["deadline"], "2025-10-11");
    // Spring Festival 2026: Saturday 14 Feb worked, 15–23 Feb off.
    let (_, d) = app.get_json("/api/v1/working-days/deadline?receipt=2026-02-13&days=3").await;
    assert_eq!(d["deadline"], "2026-02-25");
    // E2's three working days, received on a Friday before an ordinary weekend.
    let (_, d) = app.get_json("/api/v1/working-days/deadline?receipt=2026-11-27&days=3").await;
    assert_eq!(d["deadline"], "2026-12-02");

    for bad in [
        "/api/v1/working-days/deadline?receipt=2026-02-13",
        "/api/v1/working-days/deadline?receipt=2026-02-13&days=-1",
        "/api/v1/working-days/deadline?receipt=2026-02-13&days=400",
        "/api/v1/working-days?from=2026-02-13&to=yesterday",
        "/api/v1/working-days?from=2000-01-01&to=2026-01-01",
    ] {
        let (status, err) = app.get_json(bad).await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(err["code"], "invalid", "{bad}");
    }
}

async fn openapi_documents_every_operation(app: TestApp) {
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 25, "{}", paths.len());
    for (path, ops) in paths {
        // Every documented operation is served (it may refuse the caller
        // or missing input, but it exists) and documents its answers.
        for (method, op) in ops.as_object().unwrap() {
            assert!(!op["responses"].as_object().unwrap().is_empty(), "{method} {path} documents its answers");
            // No ID number in a URL (issue 33, low): it would land in proxy
            // and browser logs.
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or_default();
                assert!(!(p["in"] == "query" && (name.contains("document_number") || name.contains("id_number"))), "{method} {path} takes {name} in its query");
            }
            let url = app.url(&path.replace("{id}", "x"));
            let r = match method.as_str() {
                "get" => app.client.get(url).send().await.unwrap(),
                _ => app.client.post(url).json(&serde_json::json!({})).send().await.unwrap(),
            };
            // Served: any answer but the API's fallback for unknown paths
            // (a served route may still say "not found" for a missing thing).
            let body = r.text().await.unwrap_or_default();
            assert!(!body.contains("没有这个接口"), "{method} {path} is documented but not served");
        }
    }
    let (status, err) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(err["code"], "not_found");
}

async fn pages_render_on_the_server(app: TestApp) {
    let home = app.get("/").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("<html lang=\"zh-CN\""));
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("居民服务 - 内蒙古城乡居民基本养老保险</title>"));

    let policy = app.get("/policy").await.text().await.unwrap();
    assert!(policy.contains("缴费档次与补贴标准"));
    assert!(policy.contains("2000.00"), "the table is in the server's HTML");
    assert!(policy.contains("1.5%"), "the 2025 rate as of the test's today");

    assert_eq!(app.get("/staff").await.status(), 303, "staff pages need sign-in");
    let clerk = support::actors::staff(&app, "page.clerk", "county_clerk", "150121").await;
    let staff = clerk.request(&app, "GET", "/staff", None).await.text().await.unwrap();
    assert!(staff.contains("page.clerk（测试）"), "the signed-in staff member");
    assert!(staff.contains("锡林郭勒盟"));
    assert!(staff.contains("国庆节、中秋节"), "2025 calendar rows");

    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("页面不存在"));
    // Unknown paths are refused before anything runs (issue 33, low): a
    // write to one, an unknown server function, a file outside the assets.
    let r = app.client.post(app.url("/no-such-page")).header("origin", &app.base).form(&[("a", "b")]).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = app.client.post(app.url("/rpc/no-such-function")).header("origin", &app.base).form(&[("a", "b")]).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = app.get("/Cargo.toml").await;
    assert_eq!(r.status(), 404);
    assert!(!r.text().await.unwrap().contains("[workspace]"));
    // A path the router or the page renderer would normalise into another
    // is refused as written (a raw client sends it unchanged; a browser
    // would have normalised it).
    let cookie = clerk.cookie.clone().unwrap();
    for raw in [
        "/pkg/%2e%2e/staff/persons",
        "/fonts/%2E%2E/staff/queue",
        "/verify/..\\staff\\persons",
        "/pkg/../staff/persons",
        "/me//account",
        "/api/v1/%2e%2e/v1/staff/persons",
    ] {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
        s.write_all(format!("GET {raw} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).await.unwrap_or_default();
        assert!(answer.starts_with("HTTP/1.1 404") || answer.starts_with("HTTP/1.1 400"), "{raw}: {}", answer.lines().next().unwrap_or_default());
        assert!(!answer.contains("page.clerk（测试）"), "{raw} rendered a page");
    }
    // Every file of public/ is served as it is.
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../public")).unwrap() {
        let name = f.unwrap().file_name().into_string().unwrap();
        let path = format!("/{name}");
        let path = if std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../public")).join(&name).is_dir() { format!("{path}/x") } else { path };
        assert!(server::access::is_static_asset(&reqwest::Method::GET, &path), "public/{name} is allowed");
    }
}

async fn security_headers_and_request_ids(app: TestApp) {
    let r = app.get("/").await;
    let h = r.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    // Issue 33 (12): scripts only from here, the inline ones with this
    // response's nonce; no inline handler on any page; no HSTS over http.
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|n| n.split('\'').next()).expect("a nonce").to_owned();
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline") && !script_src.contains('*'), "{csp}");
    assert!(h.get("strict-transport-security").is_none());
    let id = h["x-request-id"].to_str().unwrap().to_owned();
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    let again = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(again, csp, "a new nonce for every page");
    for page in ["/", "/signin", "/policy", "/consult", "/staff"] {
        let html = app.get(page).await.text().await.unwrap();
        assert!(!html.contains("onclick") && !html.contains("onload="), "{page} has an inline handler");
    }
    let api = app.get("/api/v1/policy").await;
    let api_csp = api.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(api_csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !api_csp.contains("nonce"), "{api_csp}");
    // Over TLS: HSTS.
    let mut tls = app.state.clone();
    tls.secure_cookies = true;
    let port = support::serve_also(&tls).await;
    let r = app.client.get(format!("http://127.0.0.1:{port}/healthz")).send().await.unwrap();
    assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let other = app.get("/").await.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, other, "each request gets its own id");
    let echoed = app.client.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "abc-123");
}

async fn cross_site_writes_are_refused(app: TestApp) {
    let r = app
        .client
        .post(app.url("/rpc/text-size"))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("large=true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("set-cookie").is_none(), "nothing changed");
    // A refusal of a layer outside the access check is in the reader's
    // language too: a page form's fields over their limit.
    let r = app
        .client
        .post(app.url("/api/v1/consultations?_form=consultations&_back=/consult"))
        .header("origin", &app.base)
        .header("cookie", "lang=mn-Mong")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("text={}", "x".repeat(server::forms::FIELDS_BYTES + 1)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["key"], "web-request-too-large");
    assert!(body["message"].as_str().unwrap().chars().any(|c| ('\u{1800}'..='\u{18AF}').contains(&c)), "{body}");
    let r = app
        .client
        .post(app.url("/rpc/text-size"))
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("large=true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A plain form post that does not say where it comes from (a browser
    // too old to send Origin or Sec-Fetch-Site may not know SameSite
    // either): refused too; a program's JSON is not a plain form.
    let r = app
        .client
        .post(app.url("/api/v1/me/details"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("phone=13900000009")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app.client.post(app.url("/api/v1/me/details")).header("content-type", "text/plain").body("phone=13900000009").send().await.unwrap();
    assert_eq!(r.status(), 403);
    // An older browser says it with `Referer` alone: from this site, the
    // post reaches the operation (which needs a session); from another, not.
    let from = |referer: String| {
        app.client
            .post(app.url("/api/v1/me/details"))
            .header("referer", referer)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("phone=13900000009")
            .send()
    };
    assert_eq!(from(app.url("/me")).await.unwrap().status(), 401);
    assert_eq!(from("https://evil.example/me".into()).await.unwrap().status(), 403);
    let r = app.client.post(app.url("/api/v1/me/details")).json(&serde_json::json!({"phone": "13900000009"})).send().await.unwrap();
    assert_eq!(r.status(), 401, "JSON without Origin reaches the operation (which needs a session)");
}

/// Issue 33 (9): a server function's refusal carries the status the JSON
/// API gives it (Leptos answers 500 to every error), and a body over the
/// limit is 413, not 500.
async fn server_functions_answer_with_the_status_of_their_refusal(app: TestApp) {
    let zhang = support::actors::resident(&app, support::actors::ZHANG.0, support::actors::ZHANG.1, support::actors::ZHANG.2).await;
    let rpc = |path: &str, body: String| {
        let mut req = app.client.post(app.url(path)).header("origin", &app.base).header("content-type", "application/x-www-form-urlencoded").body(body);
        if let Some(c) = &zhang.cookie {
            req = req.header("cookie", c);
        }
        async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let (status, body) = rpc("/rpc/case-view", "id=someone-elses-case".into()).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    let (status, body) = rpc("/rpc/case-view", String::new()).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid")), "{body}");
    let (status, body) = rpc("/rpc/case-view", format!("id={}", "x".repeat(3 * 1024 * 1024))).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")), "{body}");
    // The JSON API says the same of a body over its limit.
    let big = serde_json::json!({"name": "x".repeat(3 * 1024 * 1024)});
    let r = app.client.post(app.url("/api/v1/auth/code")).json(&big).send().await.unwrap();
    assert_eq!(r.status(), 413);
    // What works still answers 200 (on a new connection: the server closes
    // one whose body it did not read, and a pooled client may not have
    // seen that yet).
    let fresh = reqwest::Client::new().post(app.url("/rpc/whoami")).header("origin", &app.base).header("content-type", "application/x-www-form-urlencoded");
    assert_eq!(fresh.header("cookie", zhang.cookie.clone().unwrap()).send().await.unwrap().status(), 200);
}

/// Issue 33 (9): a client that sends its request head or body too slowly
/// is cut off after 30 seconds (the body: 408), without holding the
/// server. Not about the database: one engine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_after_30_seconds() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = support::spawn_app(support::Engine::Sqlite).await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let slow_body = async {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = "POST /api/v1/auth/code HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":";
        s.write_all(head.as_bytes()).await.unwrap();
        let started = std::time::Instant::now();
        let mut answer = String::new();
        s.read_to_string(&mut answer).await.unwrap_or_default();
        (answer, started.elapsed())
    };
    let slow_head = async {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        let started = std::time::Instant::now();
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer).await;
        (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
    };
    let ((body_answer, body_after), (head_answer, head_after)) = tokio::join!(slow_body, slow_head);
    assert!(body_answer.starts_with("HTTP/1.1 408"), "{body_answer}");
    assert!(body_answer.contains("\"code\":\"timeout\""), "{body_answer}");
    assert!(body_after >= std::time::Duration::from_secs(29), "{body_after:?}");
    assert!(!head_answer.contains("200 OK"), "{head_answer}");
    assert!(head_after >= std::time::Duration::from_secs(29) && head_after < std::time::Duration::from_secs(60), "closed: {head_after:?}");
}

/// A plain form post (no JavaScript) from /policy.
async fn post_preference(app: &TestApp, path: &str, body: &'static str) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("origin", &app.base)
        .header("referer", app.url("/policy"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn text_size_form_works_without_javascript(app: TestApp) {
    let r = post_preference(&app, "/rpc/text-size", "large=true").await;
    assert!(r.status().is_redirection(), "a plain form post comes back to the page: {}", r.status());
    let back = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&app.url("/policy")), "{back}");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("text_size=large;"), "{cookie}");
    let page = app.client.get(app.url("/policy")).header("cookie", "text_size=large").send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("app large-text"), "the server renders the large size from the cookie");
}

/// Issue 9: the language is a cookie the server renders from the first byte.
async fn language_form_works_without_javascript(app: TestApp) {
    let r = post_preference(&app, "/rpc/language", "lang=mn-Mong").await;
    assert!(r.status().is_redirection(), "{}", r.status());
    assert!(r.headers()["location"].to_str().unwrap().starts_with(&app.url("/policy")));
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=mn-Mong;") && cookie.contains("Max-Age=31536000"), "{cookie}");

    let mongolian = app.client.get(app.url("/policy")).header("cookie", "lang=mn-Mong").send().await.unwrap().text().await.unwrap();
    assert!(mongolian.contains("<html lang=\"mn-Mong\""));
    let title = app::i18n::text(app::i18n::Lang::MnMong, app::i18n::Key::PolicyTitle);
    assert!(mongolian.contains(title), "the heading in Mongolian");
    assert!(!mongolian.contains("缴费档次与补贴标准"), "no Chinese heading left");
    assert!(mongolian.contains("rel=\"preload\"") && mongolian.contains("/fonts/NotoSansMongolian-Regular.woff2"), "the font is asked for early");
    // The switch back offers Chinese, named in Chinese.
    assert!(mongolian.contains("name=\"lang\" value=\"zh-CN\"") && mongolian.contains(">中文</button>"));
    let chinese = app.client.get(app.url("/policy")).send().await.unwrap().text().await.unwrap();
    assert!(chinese.contains("<html lang=\"zh-CN\"") && chinese.contains("缴费档次与补贴标准"));
    assert!(!chinese.contains("NotoSansMongolian-Regular.woff2"), "no font preload on a Chinese page");

    // An unknown language is refused and nothing is remembered.
    let r = post_preference(&app, "/rpc/language", "lang=fr").await;
    assert!(r.headers().get("set-cookie").is_none(), "no cookie for a refused language");
}

/// §4 (issue 9): what the server itself names and says reaches a reader of
/// Mongolian pages in Mongolian: API error messages, the answer to a code
/// request, the code mail, the mail about a case (in the language they
/// signed in with, remembered on their account), and the case's type and
/// state on their page.
async fn a_mongolian_reader_gets_terms_messages_and_mail_in_mongolian(app: TestApp) {
    use app::i18n::{Key, Lang, msg};
    use support::actors::{Actor, ZHANG, real_name, session_cookie};
    let han = |s: &str| s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let mn = |s: &str| s.chars().any(|c| ('\u{1800}'..='\u{18AF}').contains(&c));
    let page = Actor { label: "a Mongolian page".into(), cookie: Some("lang=mn-Mong".into()) };
    let anonymous = Actor::anonymous();

    // A mistyped ID number: the same refusal, in the page's language.
    let wrong = real_name(ZHANG.0, "150121196503081243");
    let (status, chinese) = anonymous.post(&app, "/api/v1/auth/code", wrong.clone()).await;
    assert_eq!((status, chinese["code"].as_str()), (400, Some("invalid")));
    assert_eq!(chinese["message"], "身份证号码校验位不正确，请逐位核对后重新输入");
    let (status, body) = page.post(&app, "/api/v1/auth/code", wrong).await;
    assert_eq!((status, &body["code"]), (400, &chinese["code"]));
    let message = body["message"].as_str().unwrap();
    assert!(mn(message) && !han(message), "{message}");
    assert_eq!(message, msg::id_check_character().text(Lang::MnMong));
    // Signing in is needed: also said in Mongolian.
    let (status, body) = page.get(&app, "/api/v1/me/account").await;
    assert_eq!(status, 401);
    assert!(mn(body["message"].as_str().unwrap()), "{body}");
    // A request the API layer refuses (a field missing), and a refusal
    // with a figure in it (the hole keeps the figure): in Mongolian too.
    let (status, body) = page.post(&app, "/api/v1/auth/code", serde_json::json!({ "name": ZHANG.0 })).await;
    assert_eq!(status, 400);
    let message = body["message"].as_str().unwrap();
    assert!(mn(message) && message.contains("/api/v1/openapi.json") && !han(message), "{message}");
    let (status, body) = page.get(&app, "/api/v1/working-days/deadline?receipt=2025-13-40&days=5").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["message"], "ᠫᠠᠷᠠᠮᠧᠲ᠋ᠷ receipt ᠨᠢ YYYY-MM-DD ᠬᠡᠯᠪᠡᠷᠢ ᠲᠡᠢ ᠡᠳᠦᠷ ᠪᠠᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ");

    // The code: the answer and the mail in Mongolian.
    let before = app.mail.all().len();
    let (status, body) = page.post(&app, "/api/v1/auth/code", real_name(ZHANG.0, ZHANG.1)).await;
    assert_eq!(status, 202);
    assert!(mn(body["message"].as_str().unwrap()) && !han(body["message"].as_str().unwrap()), "{body}");
    app.deliver().await;
    let mails = app.mail.all();
    assert_eq!(mails.len(), before + 1, "one code mail");
    let text = support::smtp::decoded_body(&mails.last().unwrap().data);
    assert!(text.starts_with(&format!("{} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ", ZHANG.0)) && !text.contains("验证码为"), "{text}");
    let at = text.find("ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ ").expect("the code is named");
    let code: String = text[at..].chars().filter(char::is_ascii_digit).take(6).collect();
    assert_eq!(code.len(), 6, "{text}");
    let mut body = real_name(ZHANG.0, ZHANG.1);
    body["code"] = code.into();
    let r = page.request(&app, "POST", "/api/v1/auth/code/verify", Some(body)).await;
    assert_eq!(r.status().as_u16(), 200);
    let session = session_cookie(&r).unwrap();
    let lang = || async {
        let tag: Option<String> = sqlx::query_scalar("SELECT lang FROM accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(app.db.pool()).await.unwrap();
        tag
    };
    assert_eq!(lang().await.as_deref(), Some("mn-Mong"), "the language signed in with is remembered");

    // A refusal with two arguments: one message by key, its arguments
    // named, the sentence in the reader's language (issue 35).
    let year = chrono::Datelike::year(&app.state.today());
    let wrong_year = serde_json::json!({ "year": year - 5, "tier": "200" });
    let in_chinese = Actor { label: "she, on a Chinese page".into(), cookie: Some(session.clone()) };
    let (status, zh) = in_chinese.post(&app, "/api/v1/me/tier", wrong_year.clone()).await;
    assert_eq!((status, zh["code"].as_str(), zh["key"].as_str()), (400, Some("invalid"), Some("ledger-tier-year-not-allowed")), "{zh}");
    assert_eq!(zh["args"], serde_json::json!({ "this_year": year.to_string(), "next_year": (year + 1).to_string() }));
    assert_eq!(zh["message"], format!("只能选择 {year} 年或 {} 年的缴费档次", year + 1));
    let in_mongolian = Actor { label: "she, on a Mongolian page".into(), cookie: Some(format!("{session}; lang=mn-Mong")) };
    let (status, mn_body) = in_mongolian.post(&app, "/api/v1/me/tier", wrong_year).await;
    assert_eq!((status, &mn_body["key"], &mn_body["args"]), (400, &zh["key"], &zh["args"]));
    assert_eq!(mn_body["message"], format!("ᠵᠥᠪᠬᠡᠨ {year} ᠪᠤᠶᠤ {} ᠣᠨ ᠤ ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠳᠡᠰ ᠢ ᠰᠣᠩᠭᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ", year + 1));

    // The enrolment: the mail about it is written to her in Mongolian.
    let zhang = Actor { label: ZHANG.0.into(), cookie: Some(format!("{session}; lang=mn-Mong")) };
    let (status, filed) = support::filing::file(&app, &zhang, support::filing::form(&support::filing::ALL, &[])).await;
    assert_eq!(status, 200, "{filed}");
    let mails = app.mail.all();
    let text = support::smtp::decoded_body(&mails.last().unwrap().data);
    assert!(mails.last().unwrap().to.iter().any(|t| t.contains(ZHANG.2)));
    assert!(text.starts_with(&format!("{} ᠲᠠ ᠰᠠᠢᠨ ᠤᠤ", ZHANG.0)) && text.contains("«ᠮᠢᠨᠤ ᠭᠣᠶᠣᠯᠲᠠ»"), "{text}");
    assert!(!han(text.split_once('\n').unwrap().1), "nothing but her name in Chinese: {text}");
    assert!(text.contains(app::i18n::text(Lang::MnMong, Key::CaseTypeEnrolment)), "{text}");

    // Returned for completion: the mail says so in Mongolian, with the
    // clerk's reason as written.
    let township = support::actors::staff(&app, "mn.township", "township_clerk", "150121100").await;
    let id = filed["id"].as_str().unwrap();
    assert_eq!(support::filing::decide(&app, &township, id, "return", "户口簿本人页不清楚").await.0, 200);
    let text = support::smtp::decoded_body(&app.mail.all().last().unwrap().data);
    assert!(text.contains("ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ᠄ 户口簿本人页不清楚") && !text.contains("需要补正"), "{text}");

    // Her cases page names the case's type and state in Mongolian.
    let (status, html) = zhang.get_text(&app, "/me/cases").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(app::i18n::text(Lang::MnMong, Key::CaseTypeEnrolment)) && html.contains(app::i18n::text(Lang::MnMong, Key::CaseStateReturned)),
        "Mongolian terms on the page"
    );
    assert!(!html.contains("已退回，待补正"), "no Chinese state left");
    let (_, html) = Actor { label: "zh".into(), cookie: Some(session.clone()) }.get_text(&app, "/me/cases").await;
    assert!(html.contains("已退回，待补正"), "the same page in Chinese");
    // Through the API: the names in her language, the codes the same in both.
    let (_, rows) = zhang.get(&app, "/api/v1/cases").await;
    assert_eq!(rows[0]["case_type"].as_str(), Some(app::i18n::text(Lang::MnMong, Key::CaseTypeEnrolment)), "{rows}");
    assert_eq!((rows[0]["case_type_code"].as_str(), rows[0]["state_code"].as_str()), (Some("enrolment"), Some("returned")), "{rows}");

    // Her in-app notices: written in both languages when made, read in the
    // page's (received, then returned with the clerk's reason as written).
    let texts = |notices: serde_json::Value| -> Vec<String> { notices.as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_owned()).collect() };
    let (status, notices) = zhang.get(&app, "/api/v1/me/notices").await;
    assert_eq!(status, 200);
    let mongolian = texts(notices);
    assert_eq!(mongolian.len(), 2, "{mongolian:?}");
    assert!(mongolian[0].contains("ᠨᠥᠬᠥᠵᠦ ᠵᠠᠰᠠᠬᠤ ᠬᠡᠷᠡᠭᠲᠡᠢ᠄ 户口簿本人页不清楚"), "{mongolian:?}");
    assert!(mongolian[1].contains(app::i18n::text(Lang::MnMong, Key::CaseTypeEnrolment)) && !han(&mongolian[1]), "{mongolian:?}");
    let (_, notices) = Actor { label: "zh".into(), cookie: Some(session.clone()) }.get(&app, "/api/v1/me/notices").await;
    let chinese = texts(notices);
    assert!(chinese[0].starts_with("参保登记需要补正：户口簿本人页不清楚") && chinese[1].starts_with("您的参保登记申请已受理"), "{chinese:?}");
    assert!(chinese.iter().all(|t| !mn(t)), "{chinese:?}");

    // A consultation filed from a Mongolian page: its receipt and, later,
    // the clerk's answer are mailed in Mongolian.
    let clerk = support::actors::staff(&app, "mn.county", "county_clerk", "150102").await;
    let filing = serde_json::json!({"kind": "consultation", "county": "150102", "topic": "ᠲᠥᠯᠦᠭᠡᠰᠦ", "body": "ᠬᠡᠵᠢᠶ᠎ᠡ ᠲᠥᠯᠥᠬᠦ ᠪᠤᠢ",
        "contact_name": "ᠪᠠᠲᠤ", "contact": "batu@example.com"});
    let (status, filed) = page.post(&app, "/api/v1/consultations", filing).await;
    assert_eq!(status, 200, "{filed}");
    let tracking = filed["tracking"].as_str().unwrap().to_owned();
    let to_batu = || -> Vec<(String, String)> {
        app.mail
            .all()
            .iter()
            .filter(|m| m.to.iter().any(|t| t.contains("batu@example.com")))
            .map(|m| (support::smtp::subject(&m.data), support::smtp::decoded_body(&m.data)))
            .collect()
    };
    let (subject, receipt) = to_batu().pop().expect("a receipt");
    assert!(mn(&subject) && subject.contains(&tracking) && !han(&subject), "{subject}");
    assert!(receipt.contains(&tracking) && mn(&receipt) && !han(&receipt), "{receipt}");
    // (The clerk's page is Mongolian too: the confirmation of what was
    // done comes back in it, the tracking number in its place.)
    let clerk_mn = Actor { label: "the clerk on a Mongolian page".into(), cookie: clerk.cookie.clone().map(|c| format!("{c}; lang=mn-Mong")) };
    let (status, body) =
        clerk_mn.post(&app, &format!("/api/v1/staff/consultations/{tracking}/answer"), serde_json::json!({"answer": "每年9月至12月缴费。"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (&body["key"], &body["message"]),
        (&serde_json::json!("consultations-answered"), &serde_json::json!(format!("ᠬᠠᠷᠢᠭᠤᠯᠲᠠ ᠥᠭᠭᠦᠪᠡ᠂ {tracking} ᠳᠠᠭᠤᠰᠪᠠ")))
    );
    let (subject, answer) = to_batu().pop().unwrap();
    assert!(mn(&subject) && !han(&subject), "{subject}");
    assert!(answer.contains("每年9月至12月缴费。") && answer.contains(&tracking) && !han(&answer.replace("每年9月至12月缴费。", "")), "{answer}");

    // Switching back while signed in: her mail follows.
    let r = app
        .client
        .post(app.url("/rpc/language"))
        .header("origin", &app.base)
        .header("referer", app.url("/me"))
        .header("accept", "text/html")
        .header("cookie", &session)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("lang=zh-CN")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(lang().await.as_deref(), Some("zh-CN"));
}

async fn audit_chain_is_appended_concurrently_and_detects_tampering(app: TestApp) {
    // spawn_app loaded reference and demo data: system records, intact.
    let start = audit::verify(&app.db).await.unwrap().expect("an intact chain");
    assert!(start >= 3, "reference, demo and demo registry loads: {start}");
    // Ten writers at once: each waits its turn, none fails, no gap.
    let writers = (0..10).map(|i| {
        let db = app.db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin_write().await.unwrap();
            let entry = audit::system_entry("batch", "test.append", Some(format!("w{i}")), None);
            let seq = audit::append(&mut tx, &entry).await.unwrap();
            tx.commit().await.unwrap();
            seq
        })
    });
    let mut seqs: Vec<i64> = futures_join(writers).await;
    seqs.sort();
    assert_eq!(seqs, (start + 1..=start + 10).collect::<Vec<_>>());
    assert_eq!(audit::verify(&app.db).await.unwrap(), Ok(start + 10));
    let ok = app.run_cli(&["audit-verify"]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains(&format!("共 {} 条", start + 10)));

    // The database refuses edits and deletions of the trail…
    let edit = sqlx::query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7").execute(app.db.pool()).await;
    assert!(edit.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log WHERE seq = 4").execute(app.db.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(audit::verify(&app.db).await.unwrap(), Ok(start + 10));
    // …unless someone with the rights to drop that guard edits a record.
    let unguard: &[&str] = match app.db.engine() {
        app::backend::infra::db::Engine::Sqlite => &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
        app::backend::infra::db::Engine::Postgres => &["ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"],
    };
    for s in unguard {
        sqlx::query(s).execute(app.db.pool()).await.unwrap();
    }
    sqlx::query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7").execute(app.db.pool()).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), Err(ChainBreak::Altered { seq: 7 }));
    let broken = app.run_cli(&["audit-verify"]);
    assert!(!broken.status.success(), "the subcommand fails on a broken chain");
    assert!(String::from_utf8_lossy(&broken.stderr).contains("第 7 条"), "and names the record");

    // Or deletes one (the subcommand above put the guard back on migrating).
    for s in unguard {
        sqlx::query(s).execute(app.db.pool()).await.unwrap();
    }
    sqlx::query("DELETE FROM audit_log WHERE seq = 4").execute(app.db.pool()).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), Err(ChainBreak::Missing { seq: 4 }));
}

async fn futures_join<T: Send + 'static>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks.collect::<Vec<_>>() {
        out.push(t.await.unwrap());
    }
    out
}

/// Issue 33 (13): a head signed with a key outside the database detects the
/// deletion of the newest records, which the chain alone cannot; a restore
/// from backup is recorded and then verifies; on PostgreSQL the server's
/// own role cannot drop or disable the append-only triggers when the
/// migrations run as the owner; refusals are counted outside the chain.
async fn the_audit_head_is_kept_outside_and_refusals_are_counted_beside_the_chain(app: TestApp) {
    use base64::Engine;
    let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    let dir = std::env::temp_dir().join("pension-tests").join(format!("head-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str], with_key: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        c.args(args).env("DATABASE_URL", &app.database_url).env("RUST_LOG", "error");
        if with_key {
            c.env("AUDIT_KEY", &key);
        }
        let out = c.output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    for i in 0..5 {
        audit::record(&app.db, audit::system_entry("test", "test.event", Some(i.to_string()), None)).await.unwrap();
    }
    let (ok, said) = run(&["audit-head"], false);
    assert!(!ok && said.contains("AUDIT_KEY"), "{said}");
    let (ok, line) = run(&["audit-head"], true);
    assert!(ok, "{line}");
    let file = dir.join("head.txt");
    std::fs::write(&file, &line).unwrap();
    let head = file.to_str().unwrap();
    let (ok, said) = run(&["audit-verify", "--head", head], true);
    assert!(ok && said.contains("一致"), "{said}");
    // A forged head file is refused.
    let forged = dir.join("forged.txt");
    let mut parts: Vec<&str> = line.split_whitespace().collect();
    parts[0] = "1";
    std::fs::write(&forged, parts.join(" ")).unwrap();
    let (ok, said) = run(&["audit-verify", "--head", forged.to_str().unwrap()], true);
    assert!(!ok && said.contains("签名不符"), "{said}");
    // Someone with the database's keys deletes the newest two records: the
    // chain still verifies, the head does not.
    let guards: &[&str] = match app.db.engine() {
        app::backend::infra::db::Engine::Sqlite => &["DROP TRIGGER audit_log_no_delete"],
        app::backend::infra::db::Engine::Postgres => &["ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"],
    };
    for g in guards {
        sqlx::query(g).execute(app.db.pool()).await.unwrap();
    }
    let last: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM audit_log").fetch_one(app.db.pool()).await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq > $1").bind(last - 2).execute(app.db.pool()).await.unwrap();
    assert!(audit::verify(&app.db).await.unwrap().is_ok(), "the chain alone cannot tell");
    let (ok, said) = run(&["audit-verify", "--head", head], true);
    assert!(!ok && said.contains("最新的记录被删除"), "{said}");
    // Whoever deleted them cannot cover it with a "restore" of their own:
    // without AUDIT_KEY the mark is not the right one.
    let subject = format!("{}:{}", line.split_whitespace().next().unwrap(), line.split_whitespace().nth(1).unwrap());
    audit::record(&app.db, audit::system_entry("system", "audit.restore", Some(subject), Some("forged".into()))).await.unwrap();
    let (ok, said) = run(&["audit-verify", "--head", head], true);
    assert!(!ok, "a restore without the key's mark does not count: {said}");
    // A restore from backup, recorded: it verifies, and the restore is in the trail.
    assert!(!run(&["audit-restored", "--head", head, "--reason", " "], true).0);
    let (ok, said) = run(&["audit-restored", "--head", head, "--reason", "2026-12-01 备份恢复"], true);
    assert!(ok, "{said}");
    let (ok, said) = run(&["audit-verify", "--head", head], true);
    assert!(ok && said.contains("从备份恢复"), "{said}");

    // Refusals: counted per route pattern and address, not in the chain.
    let before: i64 = app.count("audit_log").await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/audit").await.status(), 401);
    }
    assert_eq!(app.get("/api/v1/cases/someone-elses").await.status(), 401);
    app.state.refusals.flush(&app.db).await.unwrap();
    let counted: Vec<(String, String, i64, i64)> =
        sqlx::query_as("SELECT route, ip, status, count FROM refusals ORDER BY route").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(counted, vec![("/api/v1/audit".into(), "127.0.0.1".into(), 401, 3), ("/api/v1/cases/{id}".into(), "127.0.0.1".into(), 401, 1)],);
    assert_eq!(app.count("audit_log").await, before, "refusals stay out of the chain");
    let auditor = support::actors::staff(&app, "r.auditor", "auditor", "15").await;
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let (status, rows) = auditor.get(&app, &format!("/api/v1/audit/refusals?day={day}")).await;
    assert_eq!(status, 200);
    assert_eq!(rows[0]["route"], "/api/v1/audit", "{rows}");

    // PostgreSQL: migrations as the owner, the server as a role that cannot
    // touch the triggers (docs/security.md).
    if app.db.engine() == app::backend::infra::db::Engine::Postgres {
        for g in ["ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"] {
            sqlx::query(g).execute(app.db.pool()).await.unwrap();
        }
        let role = format!("pension_app_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let db_name = app.database_url.rsplit('/').next().unwrap().to_owned();
        for sql in [
            format!("CREATE ROLE {role} LOGIN"),
            format!("GRANT CONNECT ON DATABASE {db_name} TO {role}"),
            format!("GRANT USAGE ON SCHEMA public TO {role}"),
            format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
        ] {
            sqlx::query(&sql).execute(app.db.pool()).await.unwrap();
        }
        let app_url = app.database_url.replacen("//postgres@", &format!("//{role}@"), 1);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["migrate"])
            .env("DATABASE_URL", &app_url)
            .env("MIGRATE_DATABASE_URL", &app.database_url)
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let as_app = app::backend::infra::db::Db::connect(&app_url).await.unwrap();
        for attack in
            ["DROP TRIGGER audit_log_append_only ON audit_log", "ALTER TABLE audit_log DISABLE TRIGGER ALL", "DELETE FROM audit_log", "TRUNCATE audit_log"]
        {
            assert!(sqlx::query(attack).execute(as_app.pool()).await.is_err(), "{attack} as the server's role");
        }
        let mut tx = as_app.begin_write().await.unwrap();
        audit::append(&mut tx, &audit::system_entry("test", "test.as_app", None, None)).await.unwrap();
        tx.commit().await.unwrap();
        as_app.close().await;
        sqlx::query(&format!("DROP OWNED BY {role}")).execute(app.db.pool()).await.unwrap();
        sqlx::query(&format!("DROP ROLE {role}")).execute(app.db.pool()).await.unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}
