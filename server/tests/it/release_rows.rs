//! Rows an earlier release wrote still read (issue 34, item 2). The
//! fixture holds cases exactly as the release at 689b663 stored them in its
//! own test databases — every case kind, and each shape of form those tests
//! produced (18 rows: a transfer-in from another league and from the
//! employees' scheme, of someone not insured here and of someone moving
//! back; an account check with its finding; deregistrations by an heir
//! online and at the window, for death and for the other grounds; filings
//! online and by staff), with Chinese words where the forms now store
//! codes. Bank cards are not compared: a card failing its check digit now
//! carries a warning for the reviewer. Each row goes into a fresh database of
//! each engine as it was, and an auditor opens it: the page shows what that
//! release showed for the same fields.

use crate::support::TestApp;
use crate::support::actors;
use serde::Deserialize;

on_both_engines!(every_case_kind_stored_by_the_previous_release_still_reads);

const ROWS: &str = include_str!("fixtures/cases-689b663.jsonl");

#[derive(Deserialize)]
struct Fixture {
    row: Row,
    /// `(label, value)` the release showed on the case page.
    facts: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    case_type: String,
    person_id_kind: String,
    person_id_number: String,
    person_name: String,
    applicant_account: String,
    applicant_kind: String,
    channel: String,
    jurisdiction: String,
    state: String,
    form_json: String,
    received_on: String,
    deadline: String,
    version: i64,
    created_at: String,
    updated_at: String,
}

async fn every_case_kind_stored_by_the_previous_release_still_reads(app: TestApp) {
    let fixtures: Vec<Fixture> = ROWS.lines().map(|l| serde_json::from_str(l).expect("a fixture line")).collect();
    let kinds: std::collections::BTreeSet<&str> = fixtures.iter().map(|f| f.row.case_type.as_str()).collect();
    let every: std::collections::BTreeSet<&str> = domain::case::ALL_CASE_TYPES.iter().map(|t| t.code()).collect();
    assert_eq!(kinds, every, "the fixture holds every case kind");
    for f in &fixtures {
        let r = &f.row;
        sqlx::query(
            "INSERT INTO cases (id, case_type, person_id_kind, person_id_number, person_name, applicant_account, applicant_kind, channel, \
             jurisdiction, state, form_json, received_on, deadline, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&r.id)
        .bind(&r.case_type)
        .bind(&r.person_id_kind)
        .bind(&r.person_id_number)
        .bind(&r.person_name)
        .bind(&r.applicant_account)
        .bind(&r.applicant_kind)
        .bind(&r.channel)
        .bind(&r.jurisdiction)
        .bind(&r.state)
        .bind(&r.form_json)
        .bind(&r.received_on)
        .bind(&r.deadline)
        .bind(r.version)
        .bind(&r.created_at)
        .bind(&r.updated_at)
        .execute(app.db.pool())
        .await
        .expect("insert a stored row");
    }
    let auditor = actors::staff(&app, "r.audit", "auditor", "15").await;
    for f in &fixtures {
        let (status, case) = auditor.get(&app, &format!("/api/v1/cases/{}", f.row.id)).await;
        assert_eq!(status, 200, "{} {}: {case}", f.row.case_type, f.row.form_json);
        let shown: Vec<(String, String)> = serde_json::from_value(case["form"].clone()).expect("the form's facts");
        for (label, value) in &f.facts {
            let got = shown.iter().find(|(l, _)| l == label).map(|(_, v)| v.as_str());
            assert_eq!(got, Some(value.as_str()), "{} {label}: {shown:?}", f.row.case_type);
        }
    }
}
