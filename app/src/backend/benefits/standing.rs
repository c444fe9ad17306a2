//! Where a resident stands in the scheme and what she can do next (issue
//! 36, 5): not in the registry, may enrol (or from when), enrolment in
//! review, insured and paying (and from when she may claim), short of the
//! minimum years, may claim, claim in review, receiving, suspended,
//! stopped. The rules are the domain's own (`filing::may_enrol`,
//! `benefit::check_age`, the minimum years), so the page never offers what
//! the filing would refuse.

use crate::backend::AppState;
use crate::backend::identity::auth::Caller;
use crate::backend::infra::{reference, registry};
use crate::backend::money::ledger;
use crate::error::AppResult;
use crate::i18n::{Message, msg};
use crate::model::{Standing, StandingStep};
use domain::case::CaseType;

/// The signed-in (or served) resident's standing.
pub async fn my_standing(state: &AppState, caller: &Caller) -> AppResult<Standing> {
    let person = caller.principal()?.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let pool = state.db.pool();
    let today = state.today();
    let policy = reference::policy_on(pool, today).await?;
    let said = |step: StandingStep, message: Message, case_id: Option<String>| Standing { step, said: message.text(crate::i18n::reader()), case_id };

    // An application that decides where she stands, still open.
    let open: Option<(String, String)> = sqlx::query_as(
        "SELECT id, case_type FROM cases WHERE person_id_kind = $1 AND person_id_number = $2 \
         AND case_type IN ('enrolment', 'transfer_in', 'benefit_claim') AND (state LIKE 'in_review:%' OR state = 'returned') \
         ORDER BY created_at DESC",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(pool)
    .await?;
    if let Some((id, kind)) = open {
        let kind = CaseType::parse(&kind).unwrap_or(CaseType::Enrolment);
        let step = if kind == CaseType::BenefitClaim { StandingStep::ClaimInReview } else { StandingStep::EnrolmentInReview };
        return Ok(said(step, msg::standing_in_review(crate::names::case_type(kind)), Some(id)));
    }

    let pension: Option<String> = sqlx::query_scalar("SELECT status FROM pensions WHERE id_kind = $1 AND id_number = $2")
        .bind(person.kind().code())
        .bind(person.as_str())
        .fetch_optional(pool)
        .await?;
    match pension.as_deref() {
        Some("active") => return Ok(said(StandingStep::Receiving, msg::standing_receiving(), None)),
        Some("suspended") => return Ok(said(StandingStep::Suspended, msg::standing_suspended(), None)),
        Some(_) => return Ok(said(StandingStep::Stopped, msg::standing_stopped(), None)),
        None => {}
    }

    let Some(record) = registry::find(pool, &person).await?.filter(|r| r.death_date.is_none()) else {
        return Ok(said(StandingStep::NoRecord, msg::standing_no_record(), None));
    };
    let birth = chrono::NaiveDate::parse_from_str(&record.birth_date, "%Y-%m-%d").map_err(crate::error::AppError::internal)?;
    let Some(account) = ledger::account_of(pool, &person).await? else {
        return Ok(match domain::filing::may_enrol(birth, today, policy.enrolment_min_age, false) {
            Ok(()) => said(StandingStep::Enrol, msg::standing_enrol(policy.enrolment_min_age), None),
            Err(domain::filing::MayNotEnrol::TooYoung { age, from }) => said(StandingStep::EnrolLater, msg::standing_enrol_later(from, age), None),
            Err(e) => said(StandingStep::NoRecord, Message::from(e), None),
        });
    };
    let years = domain::ledger::contribution_years(&ledger::entries(pool, &account).await?).len() as u32;
    if let Err(domain::benefit::Refusal::NotYet { on, age }) = domain::benefit::check_age(birth, today, &policy) {
        return Ok(said(StandingStep::Contributing, msg::standing_contributing(years, on, age), None));
    }
    if years < policy.min_contribution_years {
        let short = domain::benefit::Refusal::TooFewYears { years, min_years: policy.min_contribution_years };
        return Ok(said(StandingStep::TooFewYears, Message::from(short), None));
    }
    Ok(said(StandingStep::Claim, msg::standing_claim(policy.pension_age, years), None))
}
