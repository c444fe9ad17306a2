//! The personal account and its statement (对账单, A4), printable on A4 one
//! year per page, each year with a QR code to its public verification
//! page (`/verify/:code`), which shows only that the statement is genuine.

use super::ErrorNote;
use super::form::PostForm;
use crate::error::AppError;
use crate::i18n::{Key, t};
use crate::model::{AccountView, Standing, StandingStep, StatementCheck, StatementYear};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[server(prefix = "/rpc", endpoint = "my-account")]
pub async fn my_account() -> Result<AccountView, AppError> {
    let state = crate::backend::state()?;
    crate::backend::money::statements::my_account(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "verify-statement")]
pub async fn verify_statement(code: String) -> Result<StatementCheck, AppError> {
    let state = crate::backend::state()?;
    crate::backend::money::statements::verify(&state, &code).await
}

/// A year of the statement: open, or folded under its heading (printed
/// either way, one A4 page).
#[component]
fn Year(year: StatementYear, head: AccountView, open: bool) -> impl IntoView {
    let code = year.verify_path.trim_start_matches("/verify/").to_owned();
    view! {
        <section class="statement-year" aria-labelledby=format!("y{}", year.year)>
            <details open=open>
            <summary><h2 id=format!("y{}", year.year)>{format!("{} {}", year.year, t(Key::StatementYear))}</h2></summary>
            <p class="print-only">{t(Key::StatementIssuer)}{" · "}{head.name_masked.clone()}{" "}{head.document_masked.clone()}{" · "}{t(Key::StatementIssuedOn)}{head.issued_on.clone()}</p>
            <dl class="facts">
                <dt>{t(Key::StatementOpening)}</dt><dd>{year.opening.clone()}</dd>
                <dt>{t(Key::StatementInterest)}</dt><dd>{year.interest.clone()}</dd>
                <dt>{t(Key::StatementClosing)}</dt><dd data-closing>{year.closing.clone()}</dd>
            </dl>
            {if year.entries.is_empty() {
                view! { <p>{t(Key::StatementNoEntries)}</p> }.into_any()
            } else {
                view! {
                    <table class="data">
                        <thead><tr><th scope="col">{t(Key::StatementDate)}</th><th scope="col">{t(Key::StatementKind)}</th><th scope="col">{t(Key::StatementAmount)}</th></tr></thead>
                        <tbody>
                            {year.entries.iter().cloned().map(|e| view! { <tr><td>{e.date}</td><td>{e.kind}</td><td class="num">{e.amount}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <div class="verify">
                <img src=format!("/api/v1/statements/{code}/qr") alt=t(Key::StatementQr) width="120" height="120"/>
                <p>{t(Key::StatementDigest)}<code data-code>{year.code.clone()}</code><br/>
                    <a href=year.verify_path.clone()>{t(Key::StatementVerifyLink)}</a></p>
            </div>
            </details>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| my_account());
    let query = leptos_router::hooks::use_query_map();
    view! {
        <Title text=format!("{} - {}", t(Key::StatementTitle), t(Key::SiteName))/>
        <h1>{t(Key::StatementTitle)}</h1>
        // A form below sent without JavaScript comes back here with the reason.
        {move || query.read().get("error").map(|m| view! { <p class="error no-print" role="alert">{t(Key::ErrorPrefix)}{m}</p> })}
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => {
                        // `?year=`: that year alone, to read or print.
                        let only: Option<i32> = query.read_untracked().get("year").and_then(|y| y.parse().ok());
                        let years: Vec<StatementYear> = a.years.iter().rev().filter(|y| only.is_none_or(|o| o == y.year)).cloned().collect();
                        let summary: Vec<StatementYear> = a.years.iter().rev().cloned().collect();
                        // A long statement folds all years but the latest under the summary.
                        let fold = years.len() > 3;
                        view! {
                            <p class="lead">{a.name_masked.clone()}{" "}{a.document_masked.clone()}</p>
                            <dl class="facts">
                                <dt>{t(Key::StatementBalance)}</dt><dd data-balance>{a.balance.clone()}</dd>
                                <dt>{t(Key::StatementYears)}</dt><dd>{a.contribution_years}</dd>
                            </dl>
                            <section class="paid-years" aria-labelledby="paid_years">
                                <h2 id="paid_years">{t(Key::StatementPaidYears)}</h2>
                                <ul class="paid-years">
                                    {a.paid_years.iter().map(|p| view! {
                                        <li data-paid=p.credited_on.is_some().to_string()>
                                            <b>{p.year}</b>{": "}
                                            {match &p.credited_on {
                                                Some(on) => format!("{}{on}", t(Key::StatementPaidOn)),
                                                None => t(Key::StatementUnpaid).to_owned(),
                                            }}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                            {(!summary.is_empty()).then(|| view! {
                                <section class="no-print" aria-labelledby="summary">
                                    <h2 id="summary">{t(Key::StatementSummary)}</h2>
                                    <table class="data summary">
                                        <thead><tr>
                                            <th scope="col">{t(Key::StatementYear)}</th><th scope="col">{t(Key::StatementCredited)}</th>
                                            <th scope="col">{t(Key::StatementInterest)}</th><th scope="col">{t(Key::StatementClosing)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {summary.into_iter().map(|y| view! {
                                                <tr data-year=y.year.to_string()>
                                                    <th scope="row"><a href=format!("/me/account?year={}#y{}", y.year, y.year)>{y.year}</a></th>
                                                    <td class="num">{y.credited}</td><td class="num">{y.interest}</td><td class="num">{y.closing}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </section>
                            })}
                            <p class="no-print">{if only.is_some() { t(Key::StatementPrintOneHint) } else { t(Key::StatementPrintHint) }}</p>
                            <button type="button" class="no-print" data-print>{t(Key::StatementPrint)}</button>
                            <p class="no-print"><a href="/me/certificate/insured">{t(Key::CertificateInsuredTitle)}</a></p>
                            {only.map(|_| view! { <p class="no-print"><a href="/me/account">{t(Key::StatementAllYears)}</a></p> })}
                            {if years.is_empty() {
                                view! { <p>{t(Key::StatementNoEntries)}</p> }.into_any()
                            } else {
                                view! { <div class="statement-years">{years.into_iter().enumerate().map(|(i, y)| view! { <Year year=y head=a.clone() open=!fold || i == 0/> }).collect_view()}</div> }.into_any()
                            }}
                            <TierForm chosen=a.chosen.clone() tiers=a.tiers.clone()/>
                            <BackPaymentForm/>
                            <AccountCheckForm/>
                        }.into_any()
                    }
                    // No account yet: where she stands and what to do.
                    Err(_) => view! { <MyStanding/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A4: anyone holding a printed statement checks it here, by the QR code's
/// link (`/verify/:code`) or by typing the printed code (`/verify`, a
/// plain GET form that works without JavaScript).
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let typed = move || params.read().get("code").or_else(|| query.read().get("code")).filter(|c| !c.trim().is_empty());
    // A statement's code, else a certificate's (issue 36 §4): one page to
    // check any paper the system printed.
    let check = Resource::new(typed, |code| async move {
        let Some(code) = code else { return Ok(None) };
        match verify_statement(code.clone()).await {
            Err(e) if e.code == crate::error::ErrorCode::NotFound => super::certificate::verify_certificate(code).await.map(|c| Some(Verified::Certificate(c))),
            other => other.map(|s| Some(Verified::Statement(s))),
        }
    });
    view! {
        <Title text=format!("{} - {}", t(Key::VerifyTitle), t(Key::SiteName))/>
        <h1>{t(Key::VerifyTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(Some(Verified::Certificate(c))) => view! {
                        <super::certificate::CertificateVerdict check=c/>
                        <h2>{t(Key::VerifyAnother)}</h2>
                    }.into_any(),
                    Ok(Some(Verified::Statement(c))) => view! {
                        <p class=if c.still_current { "ok" } else { "note" } role="status" data-verdict>
                            {if c.still_current { t(Key::VerifyGenuine) } else { t(Key::VerifySuperseded) }}
                        </p>
                        <dl class="facts">
                            <dt>{t(Key::VerifyIssuer)}</dt><dd>{c.issuer}</dd>
                            <dt>{t(Key::StatementYear)}</dt><dd>{c.year}</dd>
                            <dt>{t(Key::FieldName)}</dt><dd>{c.name_masked}</dd>
                            <dt>{t(Key::StatementClosing)}</dt><dd>{c.closing}</dd>
                            <dt>{t(Key::VerifyCode)}</dt><dd><code data-code>{c.code}</code></dd>
                            <dt>{t(Key::StatementIssuedOn)}</dt><dd>{c.issued_at}</dd>
                        </dl>
                        <h2>{t(Key::VerifyAnother)}</h2>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <form method="get" action="/verify" class="stacked verify-form">
            <p>{t(Key::VerifyIntro)}</p>
            <label for="v_code">{t(Key::VerifyCode)}</label>
            <input id="v_code" name="code" required maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX"/>
            <button type="submit" class="primary">{t(Key::VerifySubmit)}</button>
        </form>
    }
}

/// What a code on `/verify` turned out to be.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
enum Verified {
    Statement(StatementCheck),
    Certificate(crate::model::CertificateCheck),
}

/// C1: the tier for this year or the next, chosen here (and sent to the
/// tax bureau with the registration data); nothing is preselected.
#[component]
fn TierForm(chosen: Vec<crate::model::TierChoice>, tiers: Vec<String>) -> impl IntoView {
    let years: Vec<i32> = chosen.iter().map(|c| c.year).collect();
    view! {
        <section id="tier" class="no-print">
            <h2>{t(Key::TierTitle)}</h2>
            <p>{t(Key::TierIntro)}</p>
            <dl class="facts">
                {chosen.into_iter().map(|c| view! {
                    <dt>{format!("{} {}", c.year, t(Key::StatementYear))}</dt>
                    <dd data-tier=c.year.to_string()>{c.tier.unwrap_or_else(|| t(Key::TierNone).to_owned())}</dd>
                }).collect_view()}
            </dl>
            <PostForm api="/api/v1/me/tier" class="stacked">
                <label for="t_year">{t(Key::TierYear)}</label>
                <select id="t_year" name="year" required>
                    <option value="" selected disabled>{t(Key::FormChoose)}</option>
                    {years.into_iter().map(|y| view! { <option value=y.to_string()>{y}</option> }).collect_view()}
                </select>
                <label for="t_tier">{t(Key::EnrolTier)}</label>
                <select id="t_tier" name="tier" required>
                    <option value="" selected disabled>{t(Key::FormChoose)}</option>
                    {tiers.into_iter().map(|x| view! { <option value=x.clone()>{x.clone()}</option> }).collect_view()}
                </select>
                <button type="submit" class="primary">{t(Key::TierSubmit)}</button>
            </PostForm>
        </section>
    }
}

/// C2: the resident applies to pay back missed years
/// (`POST /cases/back-payment`, usable before the WASM arrives).
#[component]
fn BackPaymentForm() -> impl IntoView {
    view! {
        <section id="back_payment" class="no-print">
            <h2>{t(Key::BackPayTitle)}</h2>
            <p>{t(Key::BackPayIntro)}</p>
            <PostForm api="/api/v1/cases/back-payment" then="/me/cases/{id}" files=true class="stacked">
                <label for="b_kind">{t(Key::BackPayKind)}</label>
                <select id="b_kind" name="kind">
                    <option value="interrupted">{t(Key::BackPayInterrupted)}</option>
                    <option value="lump">{t(Key::BackPayLump)}</option>
                </select>
                <label for="b_years">{t(Key::BackPayYears)}</label>
                <input id="b_years" name="years" required maxlength="60" placeholder=t(Key::BackPayYearsExample)/>
                <label for="b_tier">{t(Key::BackPayTier)}</label>
                <input id="b_tier" name="tier" required inputmode="decimal" maxlength="8" placeholder="500"/>
                <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label>
                <button type="submit" class="primary">{t(Key::BackPaySubmit)}</button>
            </PostForm>
        </section>
    }
}

/// A5: the resident asks for a check of the account, with evidence
/// (`POST /cases/account-check`, usable before the WASM arrives).
#[component]
fn AccountCheckForm() -> impl IntoView {
    view! {
        <section id="check" class="no-print">
            <h2>{t(Key::CheckTitle)}</h2>
            <p>{t(Key::CheckIntro)}</p>
            <PostForm api="/api/v1/cases/account-check" then="/me/cases/{id}" files=true class="stacked">
                <label for="c_year">{t(Key::CheckYear)}</label>
                <input id="c_year" name="year" required inputmode="numeric" maxlength="4"/>
                <label for="c_desc">{t(Key::CheckDescription)}</label>
                <textarea id="c_desc" name="description" rows="3" maxlength="500" required></textarea>
                <label for="f_evidence">{t(Key::CheckEvidence)}</label>
                <input id="f_evidence" type="file" name="evidence" accept="image/jpeg,image/png,application/pdf" required/>
                <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label>
                <button type="submit" class="primary">{t(Key::CheckSubmit)}</button>
            </PostForm>
        </section>
    }
}

#[server(prefix = "/rpc", endpoint = "my-pension")]
pub async fn my_pension() -> Result<Option<crate::model::PensionView>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::overview::my_pension(&state, &crate::backend::identity::auth::caller()?).await
}

/// B1, B3: the resident's pension, its parts and the payments by month
/// with what the bank said; before it is determined, the claim form
/// (`POST /cases/benefit-claim`, usable before the WASM arrives).
/// B2: the resident's own 告知书 (issue 36, 4).
#[server(prefix = "/rpc", endpoint = "my-notice")]
pub async fn my_notice() -> Result<crate::model::BenefitNotice, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::eligibility_notices::my_notice(&state, &crate::backend::identity::auth::caller()?).await
}

#[component]
pub fn MyNoticePage() -> impl IntoView {
    let notice = Resource::new(|| (), |_| my_notice());
    view! { <super::staff_benefits::NoticeOf notice/> }
}

/// Where the resident stands and her next step (issue 36, 5).
#[server(prefix = "/rpc", endpoint = "my-standing")]
pub async fn my_standing() -> Result<Standing, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::standing::my_standing(&state, &crate::backend::identity::auth::caller()?).await
}

/// The resident's standing in a sentence, with the way on from it.
#[component]
pub fn StandingNote(standing: Standing) -> impl IntoView {
    let link: Option<(String, Key)> = match standing.step {
        StandingStep::Enrol => Some(("/me/enrol".into(), Key::EnrolTitle2)),
        StandingStep::EnrolmentInReview | StandingStep::ClaimInReview => standing.case_id.map(|id| (format!("/me/cases/{id}"), Key::StandingFollow)),
        StandingStep::Contributing => Some(("/me/account#tier".into(), Key::TierTitle)),
        StandingStep::TooFewYears => Some(("/me/account#back_payment".into(), Key::BackPayTitle)),
        StandingStep::Claim => Some(("/me/pension#claim".into(), Key::PensionClaimTitle)),
        StandingStep::Receiving => Some(("/me/pension".into(), Key::PensionPayments)),
        StandingStep::Suspended => Some(("/me/pension#resume".into(), Key::PensionResumeTitle)),
        StandingStep::NoRecord | StandingStep::EnrolLater | StandingStep::Stopped => None,
    };
    view! {
        <div class="callout standing" data-standing=standing.step.code()>
            <p>{standing.said}</p>
            {link.map(|(href, key)| view! { <p><a href=href class="button">{t(key)}</a></p> })}
        </div>
    }
}

/// The standing, fetched for a page that has nothing else to show.
#[component]
pub fn MyStanding() -> impl IntoView {
    let standing = Resource::new(|| (), |_| my_standing());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { standing.await.ok().map(|standing| view! { <StandingNote standing/> }) })}
        </Suspense>
    }
}

#[component]
pub fn PensionPage() -> impl IntoView {
    let pension = Resource::new(|| (), |_| my_pension());
    let query = leptos_router::hooks::use_query_map();
    view! {
        <Title text=format!("{} - {}", t(Key::PensionTitle), t(Key::SiteName))/>
        <h1>{t(Key::PensionTitle)}</h1>
        {move || query.read().get("error").map(|m| view! { <p class="error" role="alert">{t(Key::ErrorPrefix)}{m}</p> })}
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match pension.await {
                    Ok(Some(p)) => view! {
                        <dl class="facts">
                            <dt>{t(Key::PensionStatus)}</dt><dd data-status>{p.status_label}</dd>
                            <dt>{t(Key::PensionMonthly)}</dt><dd data-monthly>{p.monthly.clone()}</dd>
                            <dt>{t(Key::PensionBasic)}</dt><dd>{p.basic.clone()}</dd>
                            <dt>{t(Key::PensionAccount)}</dt><dd>{p.account.clone()}</dd>
                            <dt>{t(Key::PensionExtra)}</dt><dd>{p.extra.clone()}</dd>
                            <dt>{t(Key::PensionStored)}</dt><dd data-stored>{p.balance_at_determination.clone()}</dd>
                            <dt>{t(Key::PensionStoredInterest)}</dt><dd>{p.interest_at_determination.clone()}</dd>
                            <dt>{t(Key::PensionDivisor)}</dt><dd>{p.divisor}</dd>
                            <dt>{t(Key::PensionYears)}</dt><dd>{p.contribution_years}</dd>
                            <dt>{t(Key::PensionFirstMonth)}</dt><dd>{p.first_month.clone()}</dd>
                            <dt>{t(Key::PensionCard)}</dt><dd>{p.bank_card.clone()}</dd>
                        </dl>
                        <p class="no-print"><a href="/me/certificate/receiving">{t(Key::CertificateReceivingTitle)}</a></p>
                        {p.certification.clone().map(|c| view! {
                            <section id="certification">
                                <h2>{t(Key::CertTitle)}</h2>
                                <dl class="facts">
                                    <dt>{t(Key::CertLast)}</dt>
                                    <dd>{c.last_on.map_or_else(|| t(Key::CertNever).to_owned(), |d| format!("{d}（{}）", c.last_method.unwrap_or_default()))}</dd>
                                    <dt>{t(Key::CertDue)}</dt><dd data-cert-due>{c.due_on}</dd>
                                </dl>
                                {(c.overdue || c.suspended_for_it).then(|| view! { <p class="error" role="alert">{t(Key::CertOverdue)}</p> })}
                                {if c.can_self_certify {
                                    view! {
                                        <PostForm api="/api/v1/me/certification" class="stacked">
                                            {crate::prefs::on_kiosk_device().then(|| view! { <p class="note">{t(Key::KioskCertHint)}</p> })}
                                            <label class="check"><input type="checkbox" name="confirmed" value="true" required/>{t(Key::CertConfirm)}</label>
                                            <button type="submit" class="primary">{t(Key::CertSubmit)}</button>
                                        </PostForm>
                                    }.into_any()
                                } else if let Some(wait) = c.passkey_too_new.clone() {
                                    view! { <p role="status">{wait}</p> }.into_any()
                                } else {
                                    view! { <p>{t(Key::CertHowTo)}</p> }.into_any()
                                }}
                            </section>
                        })}
                        {p.review.clone().map(|r| view! {
                            <section id="review">
                                <h2>{t(Key::ReviewResult)}</h2>
                                {match r.state.as_str() {
                                    "no_change" => view! { <p>{t(Key::ReviewNoChange)}</p> }.into_any(),
                                    state => view! {
                                        <dl class="facts">
                                            <dt>{t(Key::ReviewOldNew)}</dt><dd>{format!("{} → {}", r.old_parts, r.new_parts)}</dd>
                                            <dt>{t(Key::ReviewDelta)}</dt><dd>{r.delta.clone()}</dd>
                                            <dt>{t(Key::ReviewTotal)}</dt><dd data-review-total>{r.total.clone()}</dd>
                                        </dl>
                                        <table class="data">
                                            <thead><tr><th scope="col">{t(Key::PensionMonth)}</th><th scope="col">{t(Key::ReviewPaid)}</th><th scope="col">{t(Key::ReviewDue)}</th></tr></thead>
                                            <tbody>{r.months.iter().cloned().map(|(m, a, b)| view! { <tr><td>{m}</td><td class="num">{a}</td><td class="num">{b}</td></tr> }).collect_view()}</tbody>
                                        </table>
                                        {if state == "awaiting" {
                                            view! {
                                                <PostForm api=format!("/api/v1/me/benefit-review/{}/confirm", r.case_id) class="stacked">
                                                    <button type="submit" class="primary">{t(Key::ReviewConfirm)}</button>
                                                </PostForm>
                                            }.into_any()
                                        } else {
                                            view! { <p>{t(Key::ReviewConfirmed)}</p> }.into_any()
                                        }}
                                    }.into_any(),
                                }}
                            </section>
                        })}
                        {(p.status != "stopped").then(|| view! {
                            <details id="review_apply">
                                <summary>{t(Key::ReviewTitle)}</summary>
                                <PostForm api="/api/v1/cases/benefit-review" then="/me/cases/{id}" files=true class="stacked">
                                    <label for="v_reason">{t(Key::ReviewReason)}</label>
                                    <textarea id="v_reason" name="reason" required maxlength="300"></textarea>
                                    <label for="v_evidence">{t(Key::PensionResumeEvidence)}</label>
                                    <input id="v_evidence" type="file" name="evidence" accept="image/jpeg,image/png,application/pdf"/>
                                    <button type="submit">{t(Key::ReviewSubmit)}</button>
                                </PostForm>
                            </details>
                        })}
                        {(p.status != "stopped").then(|| view! {
                            <details id="bank_card">
                                <summary>{t(Key::PensionCardChange)}</summary>
                                <PostForm api="/api/v1/me/bank-card" class="stacked">
                                    <label for="b_card">{t(Key::PensionNewCard)}</label>
                                    <input id="b_card" name="bank_card" required inputmode="numeric" maxlength="23" autocomplete="off"/>
                                    <button type="submit">{t(Key::PensionChangeSubmit)}</button>
                                </PostForm>
                            </details>
                        })}
                        {(p.status == "suspended").then(|| view! {
                            <section id="resume">
                                <h2>{t(Key::PensionResumeTitle)}</h2>
                                <p>{t(Key::PensionResumeIntro)}</p>
                                <PostForm api="/api/v1/cases/resumption" then="/me/cases/{id}" files=true class="stacked">
                                    <label for="r_reason">{t(Key::PensionResumeReason)}</label>
                                    <textarea id="r_reason" name="reason" required maxlength="300"></textarea>
                                    <label for="r_evidence">{t(Key::PensionResumeEvidence)}</label>
                                    <input id="r_evidence" type="file" name="evidence" accept="image/jpeg,image/png,application/pdf"/>
                                    <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label>
                                    <button type="submit" class="primary">{t(Key::PensionResumeSubmit)}</button>
                                </PostForm>
                            </section>
                        })}
                        <h2>{t(Key::PensionPayments)}</h2>
                        {if p.payments.is_empty() {
                            view! { <p>{t(Key::PensionNoPayments)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="data">
                                    <thead><tr><th scope="col">{t(Key::PensionMonth)}</th><th scope="col">{t(Key::PensionAmount)}</th><th scope="col">{t(Key::PensionBank)}</th></tr></thead>
                                    <tbody>
                                        {p.payments.iter().cloned().map(|x| view! {
                                            <tr><td>{x.month}</td><td class="num">{x.amount}</td>
                                                <td>{x.status_label}{x.failure.map(|f| format!("（{f}）"))}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    }.into_any(),
                    Ok(None) => {
                        let standing = my_standing().await;
                        let may_claim = matches!(&standing, Ok(s) if s.step == StandingStep::Claim);
                        view! {
                        {match standing {
                            Ok(standing) => view! { <StandingNote standing/> }.into_any(),
                            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                        }}
                        <p><a href="/me/notice">{t(Key::NoticeMine)}</a></p>
                        <EstimateSection/>
                        {may_claim.then(|| view! {
                        <section id="claim">
                            <h2>{t(Key::PensionClaimTitle)}</h2>
                            <p>{t(Key::PensionClaimIntro)}</p>
                            <PostForm api="/api/v1/cases/benefit-claim" then="/me/cases/{id}" files=true class="stacked">
                                <label for="c_card">{t(Key::PensionClaimCard)}</label>
                                <input id="c_card" name="bank_card" inputmode="numeric" maxlength="23" autocomplete="off"/>
                                <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label>
                                <button type="submit" class="primary">{t(Key::PensionClaimSubmit)}</button>
                            </PostForm>
                        </section>
                        })}
                    }.into_any() }
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "my-estimate")]
pub async fn my_estimate(tier: Option<String>, years: Option<u32>) -> Result<crate::model::EstimateView, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::estimate::my_estimate(&state, &crate::backend::identity::auth::caller()?, tier.as_deref(), years).await
}

/// 待遇测算 (issue 36 §3), for an insured person not yet paid a pension:
/// a plain GET form first (`?tier=&years=`, computed on the server), and
/// with JavaScript the figure follows the slider, computed in the browser
/// by the same domain function. Nothing is shown to someone not insured
/// (the standing note above says what to do).
#[component]
fn EstimateSection() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let asked = move || {
        let q = query.read();
        (q.get("tier"), q.get("years").and_then(|y| y.parse::<u32>().ok()))
    };
    let estimate = Resource::new(asked, |(tier, years)| my_estimate(tier, years));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { estimate.await.ok().map(|v| view! { <Estimator v lang=crate::i18n::use_lang()/> }) })}
        </Suspense>
    }
}

/// An island: in the browser the figure follows the tier and the slider.
#[island]
fn Estimator(v: crate::model::EstimateView, lang: crate::i18n::Lang) -> impl IntoView {
    provide_context(lang);
    let v = std::sync::Arc::new(v);
    let tier = RwSignal::new(v.tier);
    let more = RwSignal::new(v.more);
    let (basis, tiers, left) = (v.clone(), v.tiers.clone(), v.years_left);
    let figure = move || basis.figure(tier.get(), more.get());
    let without = v.figure(v.tier, 0).ok().map(|d| d.monthly.to_string());
    // Past pension age: the months since the first one are paid with the
    // first payment (issue 36 §5: a late claim says what it brings).
    let first = domain::benefit::first_month(v.birth, &v.policy);
    let this_month = domain::benefit::Month::of(v.today);
    let back_pay = (first <= this_month).then(|| (first.to_string(), this_month.0 - first.0 + 1));
    let parts = move || {
        figure()
            .map(|d| (d.first_month.to_string(), d.monthly.to_string(), d.basic.to_string(), d.account.to_string(), d.extra.to_string(), d.contribution_years))
    };
    view! {
        <section id="estimate">
            <h2>{t(Key::EstimateTitle)}</h2>
            <p>{t(Key::EstimateIntro)}</p>
            <dl class="facts">
                <dt>{t(Key::EstimateYearsNow)}</dt><dd>{v.contribution_years}</dd>
                <dt>{t(Key::EstimateBalanceNow)}</dt><dd>{v.balance.to_string()}</dd>
            </dl>
            <form method="get" action="/me/pension#estimate" class="stacked">
                <label for="e_tier">{t(Key::EstimateTier)}</label>
                <select id="e_tier" name="tier" on:change=move |ev| {
                    if let Ok(y) = domain::Yuan::parse(&event_target_value(&ev)) {
                        tier.set(y);
                    }
                }>
                    {tiers.into_iter().map(|y| view! { <option value=y.to_string() selected=move || tier.get() == y>{y.to_string()}</option> }).collect_view()}
                </select>
                <label for="e_years">{t(Key::EstimateYears)}" "<output for="e_years" data-years>{move || more.get()}</output>" / "{left}</label>
                <input type="range" id="e_years" name="years" min="0" max=left.to_string() step="1" prop:value=move || more.get().to_string()
                    on:input=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            more.set(n.min(left));
                        }
                    }/>
                <button type="submit">{t(Key::EstimateRecompute)}</button>
            </form>
            <div aria-live="polite">
                {move || match parts() {
                    Ok((first, monthly, basic, account, extra, years)) => view! {
                        <p class="lead">{t(Key::EstimateMonthly)}<strong data-estimate>{monthly}</strong>{t(Key::YuanUnit)}</p>
                        <dl class="facts">
                            <dt>{t(Key::EstimateFirstMonth)}</dt><dd>{first}</dd>
                            <dt>{t(Key::EstimateYearsThen)}</dt><dd>{years}</dd>
                            <dt>{t(Key::PensionBasic)}</dt><dd>{basic}</dd>
                            <dt>{t(Key::PensionAccount)}</dt><dd>{account}</dd>
                            <dt>{t(Key::PensionExtra)}</dt><dd>{extra}</dd>
                        </dl>
                    }.into_any(),
                    Err(_) => view! { <p class="callout" data-estimate>{t(Key::EstimateTooFewYears)}</p> }.into_any(),
                }}
            </div>
            {without.filter(|_| left > 0).map(|m| view! { <p>{t(Key::EstimateWithout)}<span data-without>{m}</span>{t(Key::YuanUnit)}</p> })}
            {back_pay.map(|(from, months)| view! {
                <p class="callout" data-back-pay>{t(Key::EstimateBackPayBefore)}{from}{t(Key::EstimateBackPayMiddle)}{months}{t(Key::EstimateBackPayAfter)}</p>
            })}
            <p class="note">{t(Key::EstimateRateBefore)}{format!("{}%", (v.rate * domain::Decimal::from(100)).normalize())}{t(Key::EstimateRateMiddle)}{v.rate_year}{t(Key::EstimateRateAfter)}</p>
        </section>
    }
}
