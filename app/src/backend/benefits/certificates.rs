//! Certificates a resident prints for other offices (issue 36 §4): the
//! 参保证明 and the 待遇领取证明. Each states the record of its day
//! (`domain::certificate::Certified`), is kept under a verification code
//! printed on it and held by its QR code, and is checked by anyone at
//! `/verify` as a statement is: genuine, and whether the record still says
//! the same. The same facts on the same day keep one code, so printing
//! again does not fill the table.

use crate::backend::AppState;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::audit;
use crate::backend::infra::clock::{now, ts};
use crate::backend::money::{ledger, statements};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::{Key, Lang, msg, reader, text};
use crate::model::{CertificateCheck, CertificateRow, CertificateView};
use domain::benefit::Month;
use domain::certificate::{CertificateKind, Certified, InsuredStatus, PensionState};
use domain::{DocumentKind, DocumentNumber, VerificationCode, Yuan};
use sha2::{Digest, Sha256};

fn date(s: &str) -> AppResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").map_err(AppError::internal)
}

/// What `person`'s certificate of `kind` states today; `None` when there
/// is nothing to certify (not insured here; no pension).
async fn facts(state: &AppState, person: &DocumentNumber, kind: CertificateKind) -> AppResult<Option<Certified>> {
    let pool = state.db.pool();
    let pension: Option<(i64, i64, String, Option<String>)> =
        sqlx::query_as("SELECT first_month, monthly_fen, status, last_certified_on FROM pensions WHERE id_kind = $1 AND id_number = $2")
            .bind(person.kind().code())
            .bind(person.as_str())
            .fetch_optional(pool)
            .await?;
    let pension_state = |s: &str| PensionState::from_code(s).ok_or_else(|| AppError::internal("pension status"));
    match kind {
        CertificateKind::Receiving => {
            let Some((first, monthly, status, certified)) = pension else { return Ok(None) };
            Ok(Some(Certified::Receiving {
                first_month: Month(first).to_string(),
                monthly: Yuan::from_fen(monthly),
                state: pension_state(&status)?,
                last_certified_on: certified.as_deref().map(date).transpose()?,
            }))
        }
        CertificateKind::Insured => {
            let row: Option<(String, Option<String>, Option<String>)> =
                sqlx::query_as("SELECT enrolled_on, deregistered_on, transferred_out_on FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
                    .bind(person.kind().code())
                    .bind(person.as_str())
                    .fetch_optional(pool)
                    .await?;
            let Some((enrolled, deregistered, moved)) = row else { return Ok(None) };
            let paid = match ledger::account_of(pool, person).await? {
                Some(account) => domain::ledger::contribution_years(&ledger::entries(pool, &account).await?),
                None => Default::default(),
            };
            let status = match (deregistered, moved, pension) {
                (Some(on), _, _) => InsuredStatus::Deregistered(date(&on)?),
                (None, Some(on), _) => InsuredStatus::TransferredOut(date(&on)?),
                (None, None, None) => InsuredStatus::Contributing,
                (None, None, Some((.., status, _))) => match pension_state(&status)? {
                    PensionState::Active => InsuredStatus::Receiving,
                    PensionState::Suspended => InsuredStatus::Suspended,
                    PensionState::Stopped => InsuredStatus::Stopped,
                },
            };
            Ok(Some(Certified::Insured {
                enrolled_on: date(&enrolled)?,
                status,
                paid_years: paid.len() as u32,
                years: paid.keys().next().copied().zip(paid.keys().next_back().copied()),
            }))
        }
    }
}

/// The certificate's title, its opening sentence, and its lines, in `lang`.
fn words(facts: &Certified, lang: Lang) -> (String, String, Vec<CertificateRow>) {
    let row = |label: Key, value: String| CertificateRow { label: text(lang, label).to_owned(), value };
    match facts {
        Certified::Insured { enrolled_on, status, paid_years, years } => {
            let status = match status {
                InsuredStatus::Contributing => text(lang, Key::CertificateContributing).to_owned(),
                InsuredStatus::Receiving => text(lang, Key::CertificateReceiving).to_owned(),
                InsuredStatus::Suspended => text(lang, Key::CertificateSuspended).to_owned(),
                InsuredStatus::Stopped => text(lang, Key::CertificateStopped).to_owned(),
                InsuredStatus::Deregistered(on) => msg::certificate_deregistered(*on).text(lang),
                InsuredStatus::TransferredOut(on) => msg::certificate_transferred_out(*on).text(lang),
            };
            let mut rows = vec![
                row(Key::CertificateEnrolledOn, enrolled_on.to_string()),
                row(Key::CertificateStatus, status),
                row(Key::PensionYears, paid_years.to_string()),
            ];
            rows.extend(years.map(|(first, last)| row(Key::TierYear, format!("{first}–{last}"))));
            (text(lang, Key::CertificateInsuredTitle).to_owned(), text(lang, Key::CertificateInsuredStatement).to_owned(), rows)
        }
        Certified::Receiving { first_month, monthly, state, last_certified_on } => {
            let state = text(
                lang,
                match state {
                    PensionState::Active => Key::PensionStatusActive,
                    PensionState::Suspended => Key::PensionStatusSuspended,
                    PensionState::Stopped => Key::PensionStatusStopped,
                },
            );
            let rows = vec![
                row(Key::PensionFirstMonth, first_month.clone()),
                row(Key::PensionMonthly, monthly.to_string()),
                row(Key::PensionStatus, state.to_owned()),
                row(Key::CertLast, last_certified_on.map_or_else(|| text(lang, Key::CertNever).to_owned(), |d| d.to_string())),
            ];
            (text(lang, Key::CertificateReceivingTitle).to_owned(), text(lang, Key::CertificateReceivingStatement).to_owned(), rows)
        }
    }
}

fn digest(facts_json: &str) -> String {
    Sha256::digest(facts_json.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The served resident's certificate of `kind`, issued (recorded under its
/// code) as of today. Every issue is audited.
pub async fn mine(state: &AppState, caller: &Caller, kind: &str) -> AppResult<CertificateView> {
    let kind = CertificateKind::from_code(kind).ok_or_else(|| AppError::not_found(msg::certificate_unknown_kind()))?;
    let p = caller.principal()?;
    let person = p.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let facts = facts(state, &person, kind).await?.ok_or_else(|| {
        AppError::not_found(match kind {
            CertificateKind::Insured => msg::certificate_not_insured(),
            CertificateKind::Receiving => msg::certificate_not_receiving(),
        })
    })?;
    let name: String = sqlx::query_scalar("SELECT name FROM insured_persons WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_one(state.db.pool())
        .await?;
    let facts_json = serde_json::to_string(&facts).map_err(AppError::internal)?;
    let digest = digest(&facts_json);
    let today = state.today().to_string();
    let mut bits = [0u8; 10];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bits);
    let fresh = VerificationCode::from_random(bits).as_str().to_owned();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO certificates (code, kind, id_kind, id_number, name_masked, facts_json, digest, issued_on, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (kind, id_kind, id_number, digest, issued_on) DO NOTHING",
    )
    .bind(&fresh)
    .bind(kind.code())
    .bind(person.kind().code())
    .bind(person.as_str())
    .bind(statements::mask_name(&name))
    .bind(&facts_json)
    .bind(&digest)
    .bind(&today)
    .bind(ts(now()))
    .execute(&mut *tx)
    .await?;
    let code: String =
        sqlx::query_scalar("SELECT code FROM certificates WHERE kind = $1 AND id_kind = $2 AND id_number = $3 AND digest = $4 AND issued_on = $5")
            .bind(kind.code())
            .bind(person.kind().code())
            .bind(person.as_str())
            .bind(&digest)
            .bind(&today)
            .fetch_one(&mut *tx)
            .await?;
    let mut entry = caller.audit("certificate.issue", Some(person.masked()));
    entry.on_behalf_of = Some(person.masked());
    entry.after = Some(serde_json::json!({ "kind": kind.code(), "code": code }).to_string());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    let (title, statement, rows) = words(&facts, reader());
    let printed = VerificationCode::parse(&code).map_or_else(|| code.clone(), |c| c.to_string());
    Ok(CertificateView {
        kind,
        title,
        statement,
        name,
        document: person.as_str().to_owned(),
        rows,
        code: printed,
        verify_path: format!("/verify/{code}"),
        issued_on: today,
    })
}

/// Public verification of a printed certificate: genuine when the code
/// exists; what it stated; whether the record still states the same.
pub async fn verify(state: &AppState, typed: &str) -> AppResult<CertificateCheck> {
    let code = VerificationCode::parse(typed).ok_or_else(|| AppError::invalid(msg::statements_code_malformed()))?;
    let row: Option<(String, String, String, String, String, String)> =
        sqlx::query_as("SELECT kind, id_kind, id_number, name_masked, facts_json, issued_on FROM certificates WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(state.db.pool())
            .await?;
    let (kind, id_kind, id_number, name_masked, facts_json, issued_on) = row.ok_or_else(|| AppError::new(ErrorCode::NotFound, msg::statements_not_found()))?;
    let kind = CertificateKind::from_code(&kind).ok_or_else(|| AppError::internal("certificate kind"))?;
    let stated: Certified = serde_json::from_str(&facts_json).map_err(AppError::internal)?;
    let person =
        DocumentKind::from_code(&id_kind).and_then(|k| DocumentNumber::parse(k, &id_number).ok()).ok_or_else(|| AppError::internal("certificate person"))?;
    let still_current = facts(state, &person, kind).await?.as_ref() == Some(&stated);
    let (title, _, rows) = words(&stated, reader());
    Ok(CertificateCheck { kind, title, name_masked, document_masked: person.masked(), rows, code: code.to_string(), issued_on, still_current })
}

/// The QR code of a certificate: an SVG linking to its verification page.
pub async fn qr_svg(state: &AppState, typed: &str) -> AppResult<String> {
    verify(state, typed).await?;
    let code = VerificationCode::parse(typed).map(|c| c.as_str().to_owned()).unwrap_or_default();
    statements::qr_svg_of(&format!("{}/verify/{code}", state.public_url))
}
