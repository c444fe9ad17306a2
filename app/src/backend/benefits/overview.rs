//! What a resident sees of their pension: its status, payments, the
//! certification due and an open review.

use crate::backend::AppState;
use crate::backend::identity::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::model::{PensionPayment, PensionView};
use domain::Yuan;
use domain::benefit::Month;
use sqlx::Row;

use crate::backend::benefits::pensions::*;

/// The signed-in resident's pension, or `None` before it is determined.
pub async fn my_pension(state: &AppState, caller: &Caller) -> AppResult<Option<PensionView>> {
    let person = caller.principal()?.served_person().ok_or_else(crate::backend::identity::auth::forbidden)?.clone();
    let row = sqlx::query(
        "SELECT p.id, p.status, p.first_month, p.monthly_fen, p.basic_fen, p.account_fen, p.extra_fen, p.divisor, p.contribution_years, \
         p.balance_fen, p.interest_fen, i.bank_card FROM pensions p JOIN insured_persons i ON i.id_kind = p.id_kind AND i.id_number = p.id_number \
         WHERE p.id_kind = $1 AND p.id_number = $2",
    )
    .bind(person.kind().code())
    .bind(person.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let i = |c: &str| r.try_get::<i64, _>(c).map_err(AppError::internal);
    let s = |c: &str| r.try_get::<Option<String>, _>(c).map(Option::unwrap_or_default).map_err(AppError::internal);
    let y = |c: &str| i(c).map(|f| Yuan::from_fen(f).to_string());
    let payments = sqlx::query(
        "SELECT month, amount_fen, status, failure FROM payroll_items WHERE pension_id = $1 AND status <> 'void' ORDER BY month DESC, id DESC LIMIT 120",
    )
    .bind(s("id")?)
    .fetch_all(state.db.pool())
    .await?
    .iter()
    .map(|p| {
        let status: String = p.try_get("status")?;
        Ok(PensionPayment {
            month: Month(p.try_get("month")?).to_string(),
            amount: Yuan::from_fen(p.try_get("amount_fen")?).to_string(),
            status_label: status_label(&status).text(crate::i18n::reader()),
            status,
            failure: p.try_get("failure")?,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let status = s("status")?;
    Ok(Some(PensionView {
        status_label: status_label(&status).text(crate::i18n::reader()),
        status,
        first_month: Month(i("first_month")?).to_string(),
        monthly: y("monthly_fen")?,
        basic: y("basic_fen")?,
        account: y("account_fen")?,
        extra: y("extra_fen")?,
        divisor: i("divisor")?,
        contribution_years: i("contribution_years")?,
        balance_at_determination: y("balance_fen")?,
        interest_at_determination: y("interest_fen")?,
        bank_card: domain::id_number::mask_card(&s("bank_card")?),
        payments,
        certification: crate::backend::benefits::certification::status_of(state, caller).await?,
        review: crate::backend::cases::kinds::benefit_review::mine(state, caller).await?,
    }))
}
