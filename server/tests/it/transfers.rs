//! Transfers (issue 7; T1–T4) between two running deployments on loopback:
//! Hohhot (1501, the old place) and Chifeng (1504, the new place), each
//! with its own database and key. Zhang's household has moved from
//! 土默特左旗 to 巴林右旗.

use crate::support;
use crate::support::actors::{self, Actor, LI, ZHANG};
use crate::support::filing::{self, ALL, decide, file_to, insured_zhang};
use crate::support::{Engine, TestApp, pensions, reserve_port, spawn_app_with};
use app::backend::transfers::config::{Peer, TransferConfig};
use base64::Engine as _;
use serde_json::{Value, json};

const OLD: &str = "1501";
const NEW: &str = "1504";
/// 巴彦汉嘎查, 巴林右旗 (Chifeng).
const NEW_VILLAGE: &str = "150423100201";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A deployment serving `league`, keyed by `seed`, with one peer.
fn setting(league: &str, seed: u8, peer: &str, peer_seed: u8, peer_url: &str) -> TransferConfig {
    let peer_key = TransferConfig { key: Some(app::backend::transfers::config::signing_key(&b64(&[peer_seed; 32])).unwrap()), ..Default::default() };
    TransferConfig {
        league: Some(league.into()),
        key: Some(app::backend::transfers::config::signing_key(&b64(&[seed; 32])).unwrap()),
        peers: vec![Peer {
            league: peer.into(),
            url: peer_url.into(),
            key: app::backend::transfers::config::public_key(&peer_key.public_key().unwrap()).unwrap(),
        }],
    }
}

/// The new place up, listening; the old place's port chosen (it may start later).
async fn new_place(engine: Engine, old_port: u16) -> (TestApp, u16) {
    let new_port = reserve_port();
    let app = spawn_app_with(engine, Some(new_port), setting(NEW, 2, OLD, 1, &format!("http://127.0.0.1:{old_port}"))).await;
    // The household registry at the new place shows the move.
    sqlx::query("UPDATE registry_persons SET village_code = $1 WHERE id_number = $2").bind(NEW_VILLAGE).bind(ZHANG.1).execute(app.db.pool()).await.unwrap();
    (app, new_port)
}

async fn old_place(engine: Engine, port: u16, new_port: u16) -> TestApp {
    spawn_app_with(engine, Some(port), setting(OLD, 1, NEW, 2, &format!("http://127.0.0.1:{new_port}"))).await
}

/// Zhang applies online at the new place; its county clerk approves: the
/// receipt letter waits in the outbox. Returns Zhang, the clerk, the case.
async fn apply_and_approve(new: &TestApp) -> (Actor, Actor, String) {
    let zhang = actors::resident(new, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let form = filing::form(&ALL, &[("from_league", OLD), ("residence_address", "大板镇巴彦汉嘎查3组")]);
    let (status, body) = file_to(new, &zhang, "/api/v1/cases/transfer-in", form).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let clerk = actors::staff(new, "cf.county", "county_clerk", "150423").await;
    let (status, body) = decide(new, &clerk, &id, "approve", "").await;
    assert_eq!(status, 200, "{body}");
    (zhang, clerk, id)
}

async fn case_fact(app: &TestApp, who: &Actor, id: &str, label: &str) -> Option<String> {
    let (_, case) = who.get(app, &format!("/api/v1/cases/{id}")).await;
    case["form"].as_array()?.iter().find(|f| f[0] == label).and_then(|f| f[1].as_str().map(str::to_owned))
}

async fn balance(app: &TestApp, number: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COALESCE(CAST(SUM(e.amount_fen) AS BIGINT), 0) FROM ledger_entries e JOIN personal_accounts a ON a.id = e.account_id WHERE a.id_number = $1",
    )
    .bind(number)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

async fn pending_envelope(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT envelope FROM transfer_outbox WHERE delivered_at IS NULL ORDER BY created_at").fetch_one(app.db.pool()).await.unwrap()
}

/// A county clerk of `county` at `app` releases the receipt letter of
/// transfer `id` (issue 33, item 14: a signed letter alone closes nothing).
async fn release(app: &TestApp, county: &str, id: &str) {
    let clerk = actors::staff(app, &format!("rel{}", &id[..8]), "county_clerk", county).await;
    let (status, body) = clerk.post(app, &format!("/api/v1/transfers/{id}/release"), json!({})).await;
    assert_eq!(status, 200, "{body}");
}

async fn post_envelope(to: &TestApp, envelope: &str) -> (u16, Value) {
    let r = to.client.post(to.url("/api/v1/transfers/inbox")).header("content-type", "application/json").body(envelope.to_owned()).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// T3, T4: the whole transfer; the old place down at first (the letter is
/// retried), a letter altered in transit refused, a replay changing
/// nothing, the last document carried as a file.
async fn transfer_between_two_deployments(engine: Engine) {
    let old_port = reserve_port();
    let (new, new_port) = new_place(engine, old_port).await;
    let (zhang, clerk, id) = apply_and_approve(&new).await;
    assert_eq!(case_fact(&new, &zhang, &id, "转移状态").await.as_deref(), Some("已发出接收函，等待转出地审批"));

    // The old place is down: nothing delivered, the letter kept for a retry.
    let round = app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap();
    assert_eq!((round.delivered, round.failed), (0, 1));
    let (attempts, error): (i64, Option<String>) =
        sqlx::query_as("SELECT attempts, last_error FROM transfer_outbox WHERE kind = 'receipt_letter'").fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(error.unwrap().contains("无法连接"), "the reason is kept");

    // The old place comes up: Zhang insured there with ten years of 560.00
    // (500 personal + 60 subsidy, deposited 15 March 2015–2024).
    let old = old_place(engine, old_port, new_port).await;
    insured_zhang(&old).await;
    let fund = actors::staff(&old, "hh.fund", "league_fund_officer", OLD).await;
    pensions::zhang_with_years(&old, &fund, 2015, 10).await;
    assert_eq!(balance(&old, ZHANG.1).await, 560_000);

    // A letter altered in transit (another person's number) is refused and
    // changes nothing.
    let genuine = pending_envelope(&new).await;
    let mut env: Value = serde_json::from_str(&genuine).unwrap();
    let b = base64::engine::general_purpose::STANDARD;
    let mut doc: Value = serde_json::from_slice(&b.decode(env["payload"].as_str().unwrap()).unwrap()).unwrap();
    doc["body"]["name"] = "王秀英".into();
    env["payload"] = b.encode(serde_json::to_vec(&doc).unwrap()).into();
    let (status, body) = post_envelope(&old, &env.to_string()).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().unwrap().contains("签名校验失败"), "{body}");
    assert_eq!((old.count("transfer_inbox").await, old.count("transfers").await), (0, 0));
    // Not JSON at all: a clear refusal too.
    assert_eq!(post_envelope(&old, "not a document").await.0, 400);

    // The retry goes through: the letter waits at the old place for a
    // county clerk of Zhang's county (issue 33, item 14); nothing moves yet.
    let round = app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap();
    assert_eq!((round.delivered, round.failed), (1, 0));
    assert_eq!((old.count("transfers").await, balance(&old, ZHANG.1).await), (0, 560_000), "a signed letter alone closes nothing");
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&old.state).await.unwrap().delivered, 0, "no answer before the release");
    let elsewhere = actors::staff(&old, "hh.other", "county_clerk", "150102").await;
    let (status, list) = elsewhere.get(&old, "/api/v1/transfers/letters").await;
    assert_eq!((status, list), (200, json!([])), "another county's clerk does not see it");
    let (status, body) = elsewhere.post(&old, &format!("/api/v1/transfers/{id}/release"), json!({})).await;
    assert_eq!(status, 404, "nor release it: {body}");
    let releaser = actors::staff(&old, "hh.release", "county_clerk", "150121").await;
    let (status, list) = releaser.get(&old, "/api/v1/transfers/letters").await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["transfer_id"], id.as_str());
    assert_eq!(list[0]["name"], ZHANG.0);
    assert!(!list.to_string().contains(ZHANG.1), "the ID number is masked in the list: {list}");
    let (_, page) = releaser.get_text(&old, "/staff/transfers").await;
    assert!(page.contains("审核放行") && page.contains(ZHANG.0), "the clerk's page offers the release");
    // The release: the old place posts interest to date, closes the account
    // and sends the 审批表 with the 信息表; once only.
    let (status, body) = releaser.post(&old, &format!("/api/v1/transfers/{id}/release"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = releaser.post(&old, &format!("/api/v1/transfers/{id}/release"), json!({})).await;
    assert_eq!(status, 409, "{body}");
    // Interest by hand: 2024 (not yet posted by the year-end run) at 2.62 %:
    // 5,040.00 × 12 months + 560.00 × 9 months → 143.05; 2025 to June at
    // 1.50 %: 5,743.05 × 6 months → 43.07. Moved: 5,786.12.
    let moved: (String, i64, i64) = sqlx::query_as("SELECT status, amount_fen, interest_fen FROM transfers WHERE id = $1 AND direction = 'out'")
        .bind(&id)
        .fetch_one(old.db.pool())
        .await
        .unwrap();
    assert_eq!(moved, ("funds_sent".to_owned(), 578_612, 18_612));
    assert_eq!(balance(&old, ZHANG.1).await, 0, "the old account closes to zero");
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM ledger_entries e JOIN personal_accounts a ON a.id = e.account_id WHERE a.id_number = $1 AND a.closed_on IS NOT NULL",
    )
    .bind(ZHANG.1)
    .fetch_one(old.db.pool())
    .await
    .unwrap();
    assert_eq!(kept, 10 * 2 + 2 + 1, "the records stay: ten years of personal and subsidy entries, two of interest, the transfer out");

    // A replay of the genuine letter is acknowledged and changes nothing.
    let (status, body) = post_envelope(&old, &genuine).await;
    assert_eq!((status, body["duplicate"].as_bool()), (200, Some(true)), "{body}");
    assert_eq!(old.count("transfers").await, 1);

    // The approval reaches the new place: waiting for the money.
    let round = app::backend::transfers::delivery::deliver_pending(&old.state).await.unwrap();
    assert_eq!(round.delivered, 1);
    assert_eq!(case_fact(&new, &zhang, &id, "转移状态").await.as_deref(), Some("转出地已审批并划转基金，等待确认到账"));
    assert_eq!(case_fact(&new, &zhang, &id, "转移的个人账户储存额（元）").await.as_deref(), Some("5786.12（含转出地结息 186.12 元）"));
    // The clerk's case page offers the confirmation, with the amount to check;
    // Zhang's own page does not.
    let (_, page) = clerk.get_text(&new, &format!("/staff/cases/{id}")).await;
    assert!(page.contains("确认转入资金到账") && page.contains("5786.12"), "the clerk's page offers the confirmation");
    let (_, page) = zhang.get_text(&new, &format!("/me/cases/{id}")).await;
    assert!(page.contains("转出地已审批并划转基金") && !page.contains("确认转入资金到账"), "Zhang follows it, without the clerk's form");

    // The clerk confirms what the bank shows: a wrong amount is refused.
    let (status, body) = clerk.post(&new, &format!("/api/v1/transfers/{id}/funds-received"), json!({"amount": "5786.00"})).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("不一致"), "{body}");
    // A clerk of another county cannot see it.
    let other = actors::staff(&new, "cf.other", "county_clerk", "150102").await;
    assert_eq!(other.post(&new, &format!("/api/v1/transfers/{id}/funds-received"), json!({"amount": "5786.12"})).await.0, 404);
    let (status, body) = clerk.post(&new, &format!("/api/v1/transfers/{id}/funds-received"), json!({"amount": "5786.12"})).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = clerk.post(&new, &format!("/api/v1/transfers/{id}/funds-received"), json!({"amount": "5786.12"})).await;
    assert_eq!(status, 409, "confirmed once");

    // The account at the new place carries the history (T3) and Zhang sees
    // it, with every step of the progress (T4).
    assert_eq!(balance(&new, ZHANG.1).await, 578_612);
    let (status, account) = zhang.get(&new, "/api/v1/me/account").await;
    assert_eq!(status, 200, "{account}");
    assert_eq!(account["balance"], "5786.12");
    assert_eq!(account["contribution_years"], 10, "the years paid at the old place count");
    assert_eq!(case_fact(&new, &zhang, &id, "转移状态").await.as_deref(), Some("已办结"));
    let (_, notices) = zhang.get(&new, "/api/v1/me/notices").await;
    assert!(notices.to_string().contains("关系转入已办结"), "{notices}");
    let (_, case) = zhang.get(&new, &format!("/api/v1/cases/{id}")).await;
    let steps: Vec<String> = case["form"].as_array().unwrap().iter().map(|f| f[1].as_str().unwrap_or("").to_owned()).collect();
    for step in ["《接收函》已发往转出地", "转出地已审批", "足额到账"] {
        assert!(steps.iter().any(|s| s.contains(step)), "step {step} shown: {steps:?}");
    }

    // The line is down again: the 办结反馈 travels as a file.
    let dir = std::env::temp_dir().join(format!("pension-transfer-{}", uuid::Uuid::new_v4().simple()));
    let files = app::backend::transfers::delivery::export_pending(&new.state, &dir).await.unwrap();
    assert_eq!(files.len(), 1);
    let bytes = std::fs::read(&files[0]).unwrap();
    let r = app::backend::transfers::delivery::receive(&old.state, &bytes, "file").await.unwrap();
    assert!(!r.duplicate);
    assert!(app::backend::transfers::delivery::receive(&old.state, &bytes, "file").await.unwrap().duplicate, "the same file again changes nothing");
    let status: String = sqlx::query_scalar("SELECT status FROM transfers WHERE id = $1").bind(&id).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!(status, "completed");
    // When the line is back, the courier's copy is acknowledged as a duplicate.
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap().delivered, 1);
    assert_eq!(old.count("transfer_inbox").await, 2);

    // A payment record arriving late at the old place is not booked into the
    // closed account: the row is refused with what to do.
    let (status, report) = fund
        .post_csv(
            &old,
            "/api/v1/fund/tax-payments?file_name=late.csv",
            format!("{}\n居民身份证,{},{},2025,500,500,0,60,0,0,2025-05-20,LATE1\n", pensions::HEADER, ZHANG.1, ZHANG.0).into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["added"], 0, "{report}");
    assert!(report["rejected"].to_string().contains("已因注销、转出而关闭"), "{report}");
    assert_eq!(balance(&old, ZHANG.1).await, 0);

    // The old place no longer deregisters Zhang: she is insured elsewhere now.
    let county = actors::staff(&old, "hh.county", "county_clerk", "150121").await;
    let form = reqwest::multipart::Form::new()
        .text("ground", "nationality")
        .text("event_date", "2025-05-01")
        .text("document_number", ZHANG.1)
        .text("bank_card", "6228480012345678")
        .text("confirmation", "签字");
    let form = [("signed_form", filing::PDF), ("id_front", filing::JPEG), ("id_back", filing::JPEG), ("bank_card_photo", filing::JPEG)]
        .into_iter()
        .fold(form, |f, (k, v)| f.part(k, reqwest::multipart::Part::bytes(v.to_vec()).file_name(format!("{k}.jpg"))));
    let (status, body) = file_to(&old, &county, "/api/v1/cases/deregistration", form).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["message"].as_str().unwrap().contains("转往外盟市"), "{body}");

    // The new place's year-end run for 2024, late: nothing for Zhang (the
    // old place paid her 2024 interest before the transfer).
    let by = app::backend::infra::audit::system_entry("batch", "", None, None);
    app::backend::money::interest::post_interest(&new.db, 2024, chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap(), 100, &by).await.unwrap();
    let twice: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_entries WHERE source = 'interest:2024'").fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(twice, 0, "2024's interest is not paid twice");

    // Year-end at the new place: the carried entries earn only July to
    // December (the old place paid January to June): 5,786.12 × 6 months at
    // 1.50 % → 43.40 (a whole year would be 86.47).
    let jan = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    app::backend::money::interest::post_interest(&new.db, 2025, jan, 100, &by).await.unwrap();
    let interest: i64 = sqlx::query_scalar("SELECT amount_fen FROM account_entries WHERE source = 'interest:2025' AND kind = 'interest'")
        .fetch_one(new.db.pool())
        .await
        .unwrap();
    assert_eq!(interest, 4_340);
}

/// T1: someone already receiving a pension stays: the old place refuses
/// with the reason, nothing of theirs changes, and the applicant is told.
async fn a_recipient_is_refused(engine: Engine) {
    let old_port = reserve_port();
    let (new, new_port) = new_place(engine, old_port).await;
    let old = old_place(engine, old_port, new_port).await;
    pensions::zhang_receiving_since_2020(&old).await;
    let before = balance(&old, ZHANG.1).await;
    let (zhang, _, id) = apply_and_approve(&new).await;
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap().delivered, 1);
    // Nothing about her goes back before a clerk has looked at the letter.
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&old.state).await.unwrap().delivered, 0);
    release(&old, "150121", &id).await;
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&old.state).await.unwrap().delivered, 1);
    assert_eq!(case_fact(&new, &zhang, &id, "转移状态").await.as_deref(), Some("转出地不予转出"));
    let reason = case_fact(&new, &zhang, &id, "不予转出原因").await.unwrap();
    assert!(reason.contains("继续在原参保地领取待遇"), "{reason}");
    let (_, notices) = zhang.get(&new, "/api/v1/me/notices").await;
    assert!(notices.to_string().contains("转出地不予转出"), "{notices}");
    assert_eq!(balance(&old, ZHANG.1).await, before, "nothing moved");
    let closed: Option<String> =
        sqlx::query_scalar("SELECT closed_on FROM personal_accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!(closed, None);
    assert_eq!(new.count("personal_accounts").await, 0, "no account opened at the new place");
}

/// Applications that cannot go: an old place not connected, a household
/// not registered here; and T2 within a league.
async fn refusals_and_moves_within_a_league(engine: Engine) {
    let (new, _) = new_place(engine, reserve_port()).await;
    let zhang = actors::resident(&new, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let (_, page) = zhang.get_text(&new, "/me/enrol").await;
    assert!(page.contains("从其他盟市转入") && page.contains(r#"action="/api/v1/cases/transfer-in?_form="#), "the page has the form");
    let (status, body) = file_to(&new, &zhang, "/api/v1/cases/transfer-in", filing::form(&ALL, &[("from_league", "1505")])).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("尚未接入"), "{body}");
    // The same form posted by a browser without JavaScript (to the form's
    // own action) comes back to the page with the reason.
    let action = support::form_action(&page, "/api/v1/cases/transfer-in");
    let r = new
        .client
        .post(new.url(&action))
        .header("cookie", zhang.cookie.clone().unwrap())
        .multipart(filing::form(&ALL, &[("from_league", "1505")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/me/enrol?refused=cases-transfer-in#cases-transfer-in", "the reason is not in the URL");
    let flash = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert!(flash.starts_with("flash="), "{flash}");
    let cookies = format!("{}; {flash}", zhang.cookie.clone().unwrap());
    let r = new.client.get(new.url(location.split('#').next().unwrap())).header("cookie", cookies).send().await.unwrap();
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("flash=; "), "shown once: {:?}", r.headers());
    let page = r.text().await.unwrap();
    assert!(page.contains("尚未接入"), "the page shows the reason");
    assert_eq!(new.count("cases").await, 0, "nothing stored");
    // A link carrying its own text shows nothing of it (issue 33, low).
    let (_, page) = zhang.get_text(&new, "/me/enrol?refused=%E8%AF%B7%E6%8B%A8%E6%89%93400-000-0000%E9%A2%86%E5%8F%96%E8%A1%A5%E8%B4%B4").await;
    assert!(!page.contains("400-000-0000"), "no free text from the URL as an alert");
    let (status, body) = file_to(&new, &zhang, "/api/v1/cases/transfer-in", filing::form(&ALL[..2], &[("from_league", OLD)])).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("请上传"), "{body}");
    sqlx::query("UPDATE registry_persons SET village_code = '150121100201' WHERE id_number = $1").bind(ZHANG.1).execute(new.db.pool()).await.unwrap();
    let (status, body) = file_to(&new, &zhang, "/api/v1/cases/transfer-in", filing::form(&ALL, &[("from_league", OLD)])).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("尚未迁入本盟市"), "{body}");
    assert_eq!(new.count("cases").await, 0, "nothing stored");

    // The operator's view: `server transfer-key` prints the line a peer
    // configures, from the configured key.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("transfer-key")
        .env("DATABASE_URL", &new.database_url)
        .env("TRANSFER_LEAGUE", NEW)
        .env("TRANSFER_KEY", b64(&[2; 32]))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let parts: Vec<&str> = line.split_whitespace().collect();
    assert_eq!((parts.len(), parts[0]), (3, NEW), "{line}");
    assert_eq!(parts[2], new.state.transfers.public_key().unwrap(), "{line}");

    // T2 (on a deployment serving the whole region): Zhang moves from
    // 土默特左旗 to 新城区, both in Hohhot: the relationship moves, not the money.
    let hohhot = support::spawn_app(engine).await;
    insured_zhang(&hohhot).await;
    let xincheng = actors::staff(&hohhot, "xc.county", "county_clerk", "150102").await;
    let body = json!({"document_number": ZHANG.1, "village": "150102001001"});
    let (status, refused) = xincheng.post(&hohhot, "/api/v1/transfers/within-league", body.clone()).await;
    assert_eq!(status, 400, "the registry does not show the move yet: {refused}");
    sqlx::query("UPDATE registry_persons SET village_code = '150102001001' WHERE id_number = $1").bind(ZHANG.1).execute(hohhot.db.pool()).await.unwrap();
    let (status, moved) = xincheng.post(&hohhot, "/api/v1/transfers/within-league", body).await;
    assert_eq!(status, 200, "{moved}");
    let village: String =
        sqlx::query_scalar("SELECT village_code FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(hohhot.db.pool()).await.unwrap();
    assert_eq!(village, "150102001001");
    // Across leagues it is not a move within one; a clerk of another county cannot.
    let (status, _) = xincheng.post(&hohhot, "/api/v1/transfers/within-league", json!({"document_number": ZHANG.1, "village": NEW_VILLAGE})).await;
    assert_eq!(status, 403);
}

/// Each test starts its own servers: `name::sqlite`, `name::postgres`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::Engine;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { super::$name(Engine::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { super::$name(Engine::Postgres).await }
        }
    )*};
}

on_both!(
    transfer_between_two_deployments,
    peers_are_bound_https_only_and_never_redirected,
    a_recipient_is_refused,
    refusals_and_moves_within_a_league,
    closed_again_the_same_year_earns_only_after_the_old_place,
    connection_from_the_employees_scheme,
    moving_back_reopens_the_old_record,
    leaving_again_later_the_same_year,
    connection_to_the_employees_scheme,
);

/// Zhang, ten years insured in Hohhot, transferred to Chifeng and the
/// funds confirmed there: the old place, the new place, Zhang at the old
/// place, the new place's county clerk.
async fn transferred(engine: Engine) -> (TestApp, TestApp, Actor, Actor) {
    let old_port = reserve_port();
    let (new, new_port) = new_place(engine, old_port).await;
    let old = old_place(engine, old_port, new_port).await;
    let zhang_old = insured_zhang(&old).await;
    let fund = actors::staff(&old, "hh.fund", "league_fund_officer", OLD).await;
    pensions::zhang_with_years(&old, &fund, 2015, 10).await;
    let (_zhang, clerk, id) = apply_and_approve(&new).await;
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap().delivered, 1);
    release(&old, "150121", &id).await;
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&old.state).await.unwrap().delivered, 1);
    let (status, body) = clerk.post(&new, &format!("/api/v1/transfers/{id}/funds-received"), json!({"amount": "5786.12"})).await;
    assert_eq!(status, 200, "{body}");
    (old, new, zhang_old, clerk)
}

/// T3 + D4: an account carried in this year and closed again the same year
/// earns interest only after the months the old place already paid.
async fn closed_again_the_same_year_earns_only_after_the_old_place(engine: Engine) {
    let (_old, new, _, clerk) = transferred(engine).await;

    // Deregistered at the new place in the month she arrived: the old place
    // paid interest through June, so the carried entries earn nothing more
    // to date (they used to be counted from January: 6 months twice).
    let township = actors::staff(&new, "cf.township", "township_clerk", &NEW_VILLAGE[..9]).await;
    let fields = [
        ("ground", "nationality"),
        ("event_date", "2025-06-01"),
        ("document_kind", "居民身份证"),
        ("document_number", ZHANG.1),
        ("bank_card", "6217000077778888"),
        ("confirmation", "签字"),
    ];
    let (status, body) = file_to(
        &new,
        &township,
        "/api/v1/cases/deregistration",
        filing::form(&[("signed_form", filing::PDF), ("id_front", filing::JPEG), ("id_back", filing::JPEG), ("bank_card_photo", filing::JPEG)], &fields),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let dereg = body["id"].as_str().unwrap().to_owned();
    let clerk2 = actors::staff(&new, "cf.county2", "county_clerk", "150423").await;
    for who in [&clerk, &clerk2] {
        let (status, body) = decide(&new, who, &dereg, "approve", "").await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, s) = clerk.get(&new, &format!("/api/v1/settlements/{dereg}")).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["interest"].as_str(), Some("0.00"), "{s}");
}

async fn notices(app: &TestApp, case: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT text FROM notifications WHERE case_id = $1 ORDER BY created_at").bind(case).fetch_all(app.db.pool()).await.unwrap()
}

async fn connect(new: &TestApp, zhang: &Actor, clerk: &Actor) -> String {
    let form = filing::form(&ALL, &[("scheme", "employee"), ("from_agency", "包头市社会保险事业服务中心"), ("residence_address", "大板镇巴彦汉嘎查3组")]);
    let (status, body) = file_to(new, zhang, "/api/v1/cases/transfer-in", form).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let (status, body) = decide(new, clerk, &id, "approve", "").await;
    assert_eq!(status, 200, "{body}");
    id
}

/// 制度衔接 (T3): Zhang, three years under the employees' scheme in
/// Baotou, moves into the resident scheme at the new place with
/// 《衔接申请表》: the county prints the 《联系函》, records the agency's
/// answer (a refusal first, then on a second application its 《信息表》),
/// confirms the money; the years count, the balance is what the table says.
async fn connection_from_the_employees_scheme(engine: Engine) {
    let (new, _) = new_place(engine, reserve_port()).await;
    sqlx::query("INSERT INTO other_scheme_insured (id_kind, id_number, scheme) VALUES ('resident_id', $1, '城镇职工基本养老保险')")
        .bind(ZHANG.1)
        .execute(new.db.pool())
        .await
        .unwrap();
    let zhang = actors::resident(&new, ZHANG.0, ZHANG.1, ZHANG.2).await;
    let clerk = actors::staff(&new, "cf.county", "county_clerk", "150423").await;

    // Bad applications: refused, nothing stored.
    for (extra, says) in [
        (vec![("scheme", "employee"), ("from_agency", " ")], "职工养老保险经办机构"),
        (vec![("scheme", "military"), ("from_agency", "某机构")], "请选择转入前参加的养老保险"),
    ] {
        let (status, body) = file_to(&new, &zhang, "/api/v1/cases/transfer-in", filing::form(&ALL, &extra)).await;
        assert_eq!(status, 400, "{body}");
        assert!(body["message"].as_str().unwrap().contains(says), "{body}");
    }
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(cases, 0);

    // Approved: no document for a peer; the letter is printed instead.
    let first = connect(&new, &zhang, &clerk).await;
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM transfer_outbox").fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(outbox, 0, "the employees' scheme is not on the signed exchange");
    assert_eq!(case_fact(&new, &zhang, &first, "转移状态").await.as_deref(), Some("已发出联系函，等待职工养老保险经办机构的《信息表》"));
    let letter = format!("/print/transfers/{first}/contact-letter");
    assert_eq!(case_fact(&new, &zhang, &first, "城乡养老保险制度衔接联系函").await.as_deref(), Some(letter.as_str()));
    for who in [&clerk, &zhang] {
        let (status, html) = who.get_text(&new, &letter).await;
        assert_eq!(status, 200, "{html}");
        for text in ["城乡养老保险制度衔接联系函", "包头市社会保险事业服务中心", ZHANG.0, ZHANG.1, "巴林右旗"] {
            assert!(html.contains(text), "the letter names {text}: {html}");
        }
    }
    let stranger = actors::resident(&new, LI.0, LI.1, LI.2).await;
    assert_eq!(stranger.get_text(&new, &letter).await.0, 404);
    let viewed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.contact_letter'").fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(viewed, 2, "each view of the full ID number is recorded");
    assert_eq!(clerk.get(&new, &format!("/api/v1/cases/{first}")).await.1["awaiting_connection"], true);
    assert_eq!(zhang.get(&new, &format!("/api/v1/cases/{first}")).await.1["awaiting_connection"], false);

    // Bad answers change nothing.
    let record = format!("/api/v1/transfers/{first}/connection");
    let fifteen: String = (2000..2015).map(|y| format!("{y},1000.00,10.00\n")).collect();
    for (who, body, status, says) in [
        (&zhang, json!({"outcome": "approved", "reference": "X", "table": "2012,1,0"}), 403, ""),
        (&clerk, json!({"outcome": "approved", "reference": "", "table": "2012,1,0"}), 400, "编号"),
        (&clerk, json!({"outcome": "approved", "reference": "BT-1", "table": "2012,1200.00,0\n2012,5,0"}), 400, "第2行：2012 年重复"),
        (&clerk, json!({"outcome": "approved", "reference": "BT-1", "table": "2012;1200"}), 400, "第1行"),
        (&clerk, json!({"outcome": "approved", "reference": "BT-1", "table": fifteen}), 409, "已满15年"),
        (&clerk, json!({"outcome": "refused", "reference": "BT-1"}), 400, "原因"),
        (&clerk, json!({"outcome": "maybe", "reference": "BT-1"}), 400, "请选择"),
    ] {
        let (got, answer) = who.post(&new, &record, body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert!(answer["message"].as_str().unwrap_or("").contains(says), "{body}: {answer}");
    }
    let other_county = actors::staff(&new, "cf.other", "county_clerk", "150121").await;
    assert_eq!(other_county.post(&new, &record, json!({"outcome": "refused", "reference": "BT-1", "reason": "x"})).await.0, 404);
    assert_eq!(case_fact(&new, &zhang, &first, "转移状态").await.as_deref(), Some("已发出联系函，等待职工养老保险经办机构的《信息表》"));

    // The agency refuses: Zhang is told why; the answer is recorded once.
    let (status, body) =
        clerk.post(&new, &record, json!({"outcome": "refused", "reference": "包社保函〔2025〕12号", "reason": "职工养老保险关系尚未归集"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(case_fact(&new, &zhang, &first, "转移状态").await.as_deref(), Some("职工养老保险经办机构不同意衔接"));
    assert_eq!(case_fact(&new, &zhang, &first, "不予转出原因").await.as_deref(), Some("职工养老保险关系尚未归集"));
    assert!(notices(&new, &first).await.iter().any(|n| n.contains("不同意衔接") && n.contains("尚未归集")));
    assert_eq!(clerk.post(&new, &record, json!({"outcome": "refused", "reference": "BT-2", "reason": "again"})).await.0, 409);

    // Applied again; the agency sends its 《信息表》: three years.
    let second = connect(&new, &zhang, &clerk).await;
    let table = "年度,个人账户记账金额,记账利息\n2012,1200.00,0\n2013,1300.50,18.00\n2014，1400.00，30.25\n";
    let (status, body) =
        clerk.post(&new, &format!("/api/v1/transfers/{second}/connection"), json!({"outcome": "approved", "reference": "BT-2025-0042", "table": table})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["message"].as_str().unwrap().contains("缴费 3 年"), "{body}");
    assert_eq!(case_fact(&new, &zhang, &second, "转移的个人账户储存额（元）").await.as_deref(), Some("3948.75（含职工养老保险记账利息 48.25 元）"));
    assert!(notices(&new, &second).await.iter().any(|n| n.contains("3948.75")));

    // The money: the amount of the table, once, confirmed by another clerk
    // than the one who recorded the table (issue 33, 11).
    let funds = format!("/api/v1/transfers/{second}/funds-received");
    let (status, body) = clerk.post(&new, &funds, json!({"amount": "3948.75"})).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().unwrap().contains("另一位"), "{body}");
    let second_clerk = actors::staff(&new, "tr.county.b", "county_clerk", "150423").await;
    let (status, body) = second_clerk.post(&new, &funds, json!({"amount": "3900.00"})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(balance(&new, ZHANG.1).await, 0);
    let (status, body) = second_clerk.post(&new, &funds, json!({"amount": "3948.75"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(second_clerk.post(&new, &funds, json!({"amount": "3948.75"})).await.0, 409);
    assert_eq!(balance(&new, ZHANG.1).await, 394_875);
    let (status, account) = zhang.get(&new, "/api/v1/me/account").await;
    assert_eq!(status, 200, "{account}");
    assert_eq!(account["contribution_years"], 3, "the employees' years count here: {account}");
    let listed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM other_scheme_insured WHERE id_number = $1").bind(ZHANG.1).fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(listed, 0, "no longer insured under the employees' scheme");
    assert_eq!(case_fact(&new, &zhang, &second, "转移状态").await.as_deref(), Some("已办结"));
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM transfer_outbox").fetch_one(new.db.pool()).await.unwrap();
    assert_eq!(outbox, 0, "no 办结反馈 to a peer that is not one");
}

/// Zhang moved to Chifeng and back to Hohhot (all on 2 June 2025), the
/// funds confirmed in Hohhot: the old place, the new place, Zhang at the
/// old place, its county clerk, the transfer-in case there. A fresh
/// enrolment in Hohhot is refused with what to do.
async fn moved_back(engine: Engine) -> (TestApp, TestApp, Actor, Actor, String) {
    let (old, new, zhang_old, _) = transferred(engine).await;
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap().delivered, 1);
    assert_eq!(balance(&old, ZHANG.1).await, 0);

    // Back in Hohhot: enrolling again is refused with the way to go.
    let (status, body) = filing::file(&old, &zhang_old, filing::form(&ALL, &[])).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["message"].as_str().unwrap().contains("申请“关系转入”"), "{body}");

    // The transfer-in from Chifeng to Hohhot.
    let form = filing::form(&ALL, &[("from_league", NEW), ("residence_address", "察素齐镇北只图村12号"), ("phone", "13847100009")]);
    let (status, body) = file_to(&old, &zhang_old, "/api/v1/cases/transfer-in", form).await;
    assert_eq!(status, 200, "{body}");
    let back = body["id"].as_str().unwrap().to_owned();
    assert_eq!(case_fact(&old, &zhang_old, &back, "本地参保").await.as_deref(), Some("曾在本地参保并已转出，转回后恢复"));
    let hh_clerk = actors::staff(&old, "hh.county", "county_clerk", "150121").await;
    let (status, body) = decide(&old, &hh_clerk, &back, "approve", "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&old.state).await.unwrap().delivered, 1);
    release(&new, "150423", &back).await;
    assert_eq!(app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap().delivered, 1);
    let (status, body) = hh_clerk.post(&old, &format!("/api/v1/transfers/{back}/funds-received"), json!({"amount": "5786.12"})).await;
    assert_eq!(status, 200, "{body}");
    (old, new, zhang_old, hh_clerk, back)
}

/// Zhang's interest entries of 2025 at this place (source, fen, date).
async fn interest_2025(app: &TestApp) -> Vec<(String, i64, String)> {
    sqlx::query_as(
        "SELECT e.source, e.amount_fen, e.credited_on FROM account_entries e JOIN personal_accounts a ON a.id = e.account_id \
         WHERE a.id_number = $1 AND e.kind = 'interest' AND e.year = 2025 AND e.source LIKE 'interest:%' ORDER BY e.credited_on",
    )
    .bind(ZHANG.1)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

/// Zhang transferred from Hohhot to Chifeng and then moved back: a fresh
/// enrolment in Hohhot is refused with what to do; her transfer-in there
/// reopens her old record and account with the balance carried back.
async fn moving_back_reopens_the_old_record(engine: Engine) {
    let (old, new, zhang_old, _, back) = moved_back(engine).await;
    assert_eq!(balance(&old, ZHANG.1).await, 578_612);
    assert_eq!(balance(&new, ZHANG.1).await, 0);
    let (out, phone): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT transferred_out_on, phone FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!((out, phone.as_deref()), (None, Some("13847100009")), "the relationship is open again, with this application's details");
    let closed: Option<String> =
        sqlx::query_scalar("SELECT closed_on FROM personal_accounts WHERE id_number = $1").bind(ZHANG.1).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!(closed, None);
    let (status, account) = zhang_old.get(&old, "/api/v1/me/account").await;
    assert_eq!(status, 200, "{account}");
    assert_eq!(account["contribution_years"], 10, "the years are not counted twice: {account}");
    assert_eq!(account["balance"], "5786.12");
    // What Chifeng carried back is what Hohhot sent it: not booked a second
    // time, but as one transfer-in of the sum; each year of her statement
    // shows her entries once (2015 closes at 560.00, not 1,120.00).
    let back_rows: Vec<(String, i64, String)> = sqlx::query_as("SELECT kind, amount_fen, credited_on FROM account_entries WHERE batch_id = $1")
        .bind(format!("transfer:{back}"))
        .fetch_all(old.db.pool())
        .await
        .unwrap();
    assert_eq!(back_rows, [("transfer_in".to_owned(), 578_612, "2025-06-02".to_owned())]);
    let closing = |year: i64| account["years"].as_array().unwrap().iter().find(|y| y["year"] == year).map(|y| y["closing"].clone());
    assert_eq!((closing(2015), closing(2024)), (Some("560.00".into()), Some("5743.05".into())), "{account}");

    // Year-end 2025 in Hohhot (T3, A3): January to June was paid to date
    // when she left (43.07 under `interest:2025`); the 5,786.12 back from
    // Chifeng, which paid through June, earns July to December: 5,786.12 ×
    // 6/12 × 1.50 % = 43.3959 → 43.40. The run used to pass her over.
    let by = app::backend::infra::audit::system_entry("batch", "", None, None);
    let jan = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let report = app::backend::money::interest::post_interest(&old.db, 2025, jan, 100, &by).await.unwrap();
    assert_eq!(report.posted_now, 1, "{report:?}");
    let expected = vec![("interest:2025".to_owned(), 4_307, "2025-06-02".to_owned()), ("interest:2025:after:6".to_owned(), 4_340, "2025-12-31".to_owned())];
    assert_eq!(interest_2025(&old).await, expected);
    assert_eq!(balance(&old, ZHANG.1).await, 578_612 + 4_340);
    // Killed after posting, before the run was recorded: run again, and
    // nothing is paid twice.
    sqlx::query("DELETE FROM interest_runs WHERE year = 2025").execute(old.db.pool()).await.unwrap();
    let again = app::backend::money::interest::post_interest(&old.db, 2025, jan, 100, &by).await.unwrap();
    assert_eq!((again.posted_now, again.already_done), (0, false), "{again:?}");
    assert_eq!(interest_2025(&old).await, expected);
    // Chifeng, where the money was from June until it left again in June:
    // nothing for 2025.
    let report = app::backend::money::interest::post_interest(&new.db, 2025, jan, 100, &by).await.unwrap();
    assert_eq!(report.posted_now, 0, "{report:?}");
    assert_eq!(interest_2025(&new).await, vec![]);
    // Her statement shows it.
    let (_, account) = zhang_old.get(&old, "/api/v1/me/account").await;
    let y2025 = account["years"].as_array().unwrap().iter().find(|y| y["year"] == 2025).cloned().unwrap();
    assert_eq!(account["balance"].as_str(), Some("5829.52"));
    assert!(y2025["entries"].as_array().unwrap().iter().any(|e| e["amount"] == "43.40" && e["date"] == "2025-12-31"), "{y2025}");
}

/// T3, A3, a second closing in the year of a return: back in Hohhot in
/// June, Zhang joins the employees' scheme in October. January to June was
/// paid when she left for Chifeng; the interest to date now pays July to
/// October only, and the year-end run adds nothing after it.
async fn leaving_again_later_the_same_year(engine: Engine) {
    let (old, _new, _zhang, clerk, _) = moved_back(engine).await;
    let october = support::on_day(&old, chrono::NaiveDate::from_ymd_opt(2025, 10, 31).unwrap()).await;
    let letter = json!({"document_number": ZHANG.1, "agency": "包头市社会保险事业服务中心", "reference": "包社保衔〔2025〕31号"});
    let (status, body) = clerk.post(&october, "/api/v1/transfers/connection-out", letter).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    // 5,786.12 × 4/12 × 1.50 % = 28.9306 → 28.93, after the 43.07 of June.
    let paid = vec![("interest:2025".to_owned(), 4_307, "2025-06-02".to_owned()), ("interest:2025:after:6".to_owned(), 2_893, "2025-10-31".to_owned())];
    assert_eq!(interest_2025(&old).await, paid);
    let moved: i64 =
        sqlx::query_scalar("SELECT amount_fen FROM transfers WHERE id = $1 AND direction = 'out'").bind(&id).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!(moved, 578_612 + 2_893, "the balance and the interest to October go to the employees' scheme");
    assert_eq!(balance(&old, ZHANG.1).await, 0);

    // The year-end run: nothing more for 2025 (the account is empty from
    // November), and nothing twice.
    let by = app::backend::infra::audit::system_entry("batch", "", None, None);
    let jan = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let report = app::backend::money::interest::post_interest(&old.db, 2025, jan, 100, &by).await.unwrap();
    assert_eq!(report.posted_now, 0, "{report:?}");
    assert_eq!(interest_2025(&old).await, paid);
    assert_eq!(balance(&old, ZHANG.1).await, 0);
}

/// 制度衔接 out of this scheme: a Baotou employees' agency sends its
/// 《联系函》 for Zhang (insured in Hohhot ten years); the county clerk
/// records it: interest to date, account closed, balance moved, the
/// 审批表 and 信息表 printed for the agency.
async fn connection_to_the_employees_scheme(engine: Engine) {
    let old = old_place(engine, reserve_port(), reserve_port()).await;
    let zhang = insured_zhang(&old).await;
    let fund = actors::staff(&old, "hh.fund", "league_fund_officer", OLD).await;
    pensions::zhang_with_years(&old, &fund, 2015, 10).await;
    let clerk = actors::staff(&old, "hh.county", "county_clerk", "150121").await;
    let elsewhere = actors::staff(&old, "xc.county", "county_clerk", "150102").await;
    let letter = |number: &str, agency: &str, reference: &str| json!({"document_number": number, "agency": agency, "reference": reference});
    let agency = "包头市社会保险事业服务中心";

    for (who, body, status, says) in [
        (&zhang, letter(ZHANG.1, agency, "包社保衔〔2025〕7号"), 403, ""),
        (&elsewhere, letter(ZHANG.1, agency, "包社保衔〔2025〕7号"), 403, "所在旗县"),
        (&clerk, letter(ZHANG.1, "", "包社保衔〔2025〕7号"), 400, "经办机构"),
        (&clerk, letter(ZHANG.1, agency, " "), 400, "文号"),
        (&clerk, letter(LI.1, agency, "包社保衔〔2025〕7号"), 400, "没有参加"),
    ] {
        let (got, answer) = who.post(&old, "/api/v1/transfers/connection-out", body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert!(answer["message"].as_str().unwrap_or("").contains(says), "{body}: {answer}");
    }
    assert_eq!(balance(&old, ZHANG.1).await, 560_000, "nothing moved");

    let (status, body) = clerk.post(&old, "/api/v1/transfers/connection-out", letter(ZHANG.1, agency, "包社保衔〔2025〕7号")).await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(balance(&old, ZHANG.1).await, 0, "closed to zero");
    let (amount, status): (i64, String) =
        sqlx::query_as("SELECT amount_fen, status FROM transfers WHERE id = $1 AND direction = 'out'").bind(&id).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!((amount, status.as_str()), (578_612, "completed"), "interest to date 186.12 as in the transfer between leagues");
    let out: Option<String> =
        sqlx::query_scalar("SELECT transferred_out_on FROM insured_persons WHERE id_number = $1").bind(ZHANG.1).fetch_one(old.db.pool()).await.unwrap();
    assert_eq!(out.as_deref(), Some("2025-06-02"));
    let (status, again) = clerk.post(&old, "/api/v1/transfers/connection-out", letter(ZHANG.1, agency, "包社保衔〔2025〕8号")).await;
    assert_eq!(status, 409, "{again}");
    assert!(again["message"].as_str().unwrap().contains("转出"), "{again}");

    let sheet = format!("/print/transfers/{id}/approval");
    let (status, html) = clerk.get_text(&old, &sheet).await;
    assert_eq!(status, 200, "{html}");
    for text in ["城乡居民基本养老保险关系转出审批表", "城乡居民基本养老保险信息表", agency, ZHANG.0, ZHANG.1, "5786.12", "186.12", "个人缴费"]
    {
        assert!(html.contains(text), "the sheet shows {text}: {html}");
    }
    assert_eq!(elsewhere.get_text(&old, &sheet).await.0, 404);
    assert_eq!(zhang.get_text(&old, &sheet).await.0, 403);
}

/// Issue 33, item 14: a document about a transfer is taken only from the
/// peer that owns it; peers are https (http only on this machine); a peer
/// that answers with a redirect is not followed; the signing key comes only
/// from configuration.
async fn peers_are_bound_https_only_and_never_redirected(engine: Engine) {
    let key = b64(&[9; 32]);
    let public = TransferConfig { key: Some(app::backend::transfers::config::signing_key(&key).unwrap()), ..Default::default() }.public_key().unwrap();
    for (peers, ok) in [
        (format!("1504 https://pension.chifeng.example {public}"), true),
        (format!("1504 http://127.0.0.1:8080/ {public}"), true),
        (format!("1504 http://localhost:8080 {public}"), true),
        (format!("1504 http://pension.chifeng.example {public}"), false),
        (format!("1504 ftp://pension.chifeng.example {public}"), false),
    ] {
        assert_eq!(TransferConfig::parse_peers(&peers).is_ok(), ok, "{peers}");
    }

    // The new place knows two peers: Hohhot (the old place of Zhang's
    // transfer) and Baotou (1502). A refusal signed by Baotou about Zhang's
    // transfer is refused and changes nothing.
    let old_port = reserve_port();
    let new_port = reserve_port();
    let baotou = app::backend::transfers::config::signing_key(&b64(&[3; 32])).unwrap();
    let mut setting = setting(NEW, 2, OLD, 1, &format!("http://127.0.0.1:{old_port}"));
    setting.peers.push(Peer { league: "1502".into(), url: "https://pension.baotou.example".into(), key: baotou.verifying_key() });
    let new = spawn_app_with(engine, Some(new_port), setting).await;
    sqlx::query("UPDATE registry_persons SET village_code = $1 WHERE id_number = $2").bind(NEW_VILLAGE).bind(ZHANG.1).execute(new.db.pool()).await.unwrap();
    let (zhang, _, id) = apply_and_approve(&new).await;
    let mut doc = json!({ "doc_id": uuid::Uuid::new_v4().to_string(), "kind": "refusal", "transfer_id": id, "from": "1502", "to": NEW,
                          "issued_at": "2025-06-02T00:00:00Z", "body": { "reason": "不予转出" } });
    let envelope = app::backend::transfers::seal(&baotou, "1502", &serde_json::to_vec(&doc).unwrap());
    let (status, body) = post_envelope(&new, &serde_json::to_string(&envelope).unwrap()).await;
    assert_eq!(status, 409, "{body}");
    // An id that is not a UUID (it would end up in a page's URL) is refused.
    doc["transfer_id"] = "../certification/sweep?".into();
    let envelope = app::backend::transfers::seal(&baotou, "1502", &serde_json::to_vec(&doc).unwrap());
    let (status, body) = post_envelope(&new, &serde_json::to_string(&envelope).unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(case_fact(&new, &zhang, &id, "转移状态").await.as_deref(), Some("已发出接收函，等待转出地审批"));
    assert_eq!(new.count("transfer_inbox").await, 0, "nothing kept of it");

    // Hohhot's address answers with a redirect (to where the document would
    // be accepted): not followed, the letter kept for a retry.
    let redirector = std::net::TcpListener::bind(("127.0.0.1", old_port)).unwrap();
    let old_real = reserve_port();
    let old = old_place(engine, old_real, new_port).await;
    insured_zhang(&old).await;
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        if let Ok((mut c, _)) = redirector.accept() {
            let mut buf = [0u8; 65536];
            let _ = c.read(&mut buf);
            let answer = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{old_real}/api/v1/transfers/inbox\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = c.write_all(answer.as_bytes());
        }
    });
    let round = app::backend::transfers::delivery::deliver_pending(&new.state).await.unwrap();
    assert_eq!((round.delivered, round.failed), (0, 1));
    let error: Option<String> =
        sqlx::query_scalar("SELECT last_error FROM transfer_outbox WHERE kind = 'receipt_letter'").fetch_one(new.db.pool()).await.unwrap();
    assert!(error.unwrap().contains("307"), "the redirect is reported, not followed");
    assert_eq!(old.count("transfer_inbox").await, 0, "nothing reached the redirect's target");

    // The key only from configuration: a league without TRANSFER_KEY does
    // not start; `server new-transfer-key` makes one.
    let (fresh, url) = support::fresh_database(engine).await;
    fresh.close().await;
    let run = |args: &[&str], key: Option<&str>| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        c.args(args).env("DATABASE_URL", &url).env("TRANSFER_LEAGUE", OLD).env("RUST_LOG", "warn").env_remove("TRANSFER_KEY");
        if let Some(k) = key {
            c.env("TRANSFER_KEY", k);
        }
        c.output().unwrap()
    };
    let out = run(&["migrate"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TRANSFER_KEY"), "{}", String::from_utf8_lossy(&out.stderr));
    let made = String::from_utf8(run(&["new-transfer-key"], None).stdout).unwrap();
    let secret = made.lines().next().unwrap().strip_prefix("TRANSFER_KEY=").unwrap().to_owned();
    assert!(app::backend::transfers::config::signing_key(&secret).is_ok(), "{made}");
    let out = run(&["migrate"], Some(&secret));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
