//! Staff pages of the benefits: the monthly payroll, deaths, the 告知书
//! list and notices, certification, overpayments.

use super::ErrorNote;
use super::account::DocumentKindSelect;
use super::form::PostForm;
use super::staff_work::ImportSection;
use crate::error::AppError;
use crate::i18n::{Key, Lang, t, text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/rpc", endpoint = "payroll-batches")]
pub async fn payroll_batches(month: String) -> Result<Vec<crate::model::PayrollBatch>, AppError> {
    let state = crate::backend::state()?;
    let month = domain::benefit::Month::parse(&month).ok_or_else(|| AppError::invalid(crate::i18n::msg::payroll_month_format_example()))?;
    crate::backend::benefits::payroll::batches(&state, &crate::backend::identity::auth::caller()?, month).await
}

/// B5, B6: the month's payroll batches with issued, paid and failed
/// totals and the check against the previous month; the steps as forms
/// (each calls `/api/v1/payroll/*`; the server checks role and place).
#[component]
pub fn PayrollPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.read().get("month").unwrap_or_default();
    let batches = Resource::new(month, |m| async move { if m.is_empty() { Ok(vec![]) } else { payroll_batches(m).await } });
    let step = move |api: &'static str, button: Key, run: bool| {
        let m = month();
        view! {
            <PostForm api=api class="inline">
                <input type="hidden" name="month" value=m/>
                <label>{t(Key::PayrollPlace)}<input name="place" required inputmode="numeric" maxlength="6"/></label>
                {run.then(|| view! { <label>{t(Key::PayrollRun)}<input name="run" value="1" inputmode="numeric" maxlength="2"/></label> })}
                <button type="submit">{t(button)}</button>
            </PostForm>
        }
    };
    view! {
        <Title text=format!("{} - {}", t(Key::PayrollTitle), t(Key::SiteName))/>
        <h1>{t(Key::PayrollTitle)}</h1>
        <p>{t(Key::PayrollIntro)}</p>
        <form method="get" action="/staff/payroll" class="inline">
            <label for="p_month">{t(Key::PayrollMonth)}</label>
            <input id="p_month" name="month" required maxlength="7" prop:value=month/>
            <button type="submit">{t(Key::PayrollShow)}</button>
        </form>
        {move || (!month().is_empty()).then(|| view! {
            <section id="payroll_steps">
                {step("/api/v1/payroll/generate", Key::PayrollGenerate, false)}
                {step("/api/v1/payroll/check", Key::PayrollCheck, false)}
                {step("/api/v1/payroll/bank-files", Key::PayrollBankFile, true)}
                {step("/api/v1/payroll/reissue", Key::PayrollReissue, false)}
                {step("/api/v1/payroll/increase", Key::PayrollIncrease, false)}
            </section>
        })}
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match batches.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::PayrollNoBatches)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data" id="payroll_batches">
                            <thead><tr>
                                <th scope="col">{t(Key::PayrollBatch)}</th><th scope="col">{t(Key::PayrollState)}</th>
                                <th scope="col">{t(Key::PayrollItems)}</th><th scope="col">{t(Key::PayrollPaid)}</th>
                                <th scope="col">{t(Key::PayrollFailed)}</th><th scope="col">{t(Key::PayrollCheckResult)}</th>
                            </tr></thead>
                            <tbody>
                                {list.iter().map(|b| {
                                    let check = b.check.as_ref().map(|c| {
                                        let moves: Vec<String> = c.explained.iter().filter(|(_, n, a)| *n != 0 || a != "0.00").map(|(k, n, a)| format!("{k} {n:+} / {a}")).collect();
                                        format!("{}：{}", if c.passed { "通过" } else { "有未说明的差异" }, moves.join("；"))
                                    });
                                    view! {
                                        <tr>
                                            <td>{b.id.clone()}{b.bank_file.clone().map(|f| view! { <br/><a href=format!("/api/v1/fund/exports/{f}") download=format!("{f}.csv")>{f.clone()}</a> })}</td>
                                            <td>{b.state.clone()}{b.void_reason.clone().map(|r| format!("（{r}）"))}</td>
                                            <td class="num">{format!("{} / {}", b.items, b.total)}</td>
                                            <td class="num">{format!("{} / {}", b.paid, b.paid_total)}</td>
                                            <td class="num">{format!("{} / {}", b.failed, b.failed_total)}</td>
                                            <td>{check}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {list.iter().filter_map(|b| b.check.clone().filter(|c| !c.unexplained.is_empty()).map(|c| (b.id.clone(), c))).map(|(batch, c)| view! {
                            <section class="unexplained" data-batch=batch.clone()>
                                <h2>{format!("{} {batch}", t(Key::PayrollUnexplained))}</h2>
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t(Key::PayrollPerson)}</th><th scope="col">{t(Key::PayrollThis)}</th>
                                        <th scope="col">{t(Key::PayrollPrevious)}</th><th scope="col">{t(Key::PayrollExplanation)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {c.unexplained.into_iter().map(|u| {
                                            let (batch, pension) = (batch.clone(), u.pension.clone());
                                            let (approve_batch, approve_pension) = (batch.clone(), pension.clone());
                                            view! {
                                                <tr>
                                                    <td>{u.name.clone()}{" "}{u.document_masked.clone()}</td>
                                                    <td class="num">{u.this.clone()}</td>
                                                    <td class="num">{u.previous.clone()}</td>
                                                    <td>
                                                        {u.explanation.clone().map(|e| view! { <p>{e}</p> })}
                                                        <PostForm api="/api/v1/payroll/explanations" class="stacked">
                                                            <input type="hidden" name="batch" value=batch.clone()/>
                                                            <input type="hidden" name="pension" value=pension.clone()/>
                                                            <label>{t(Key::PayrollExplain)}<input name="reason" required minlength="4" maxlength="200"/></label>
                                                            <button type="submit">{t(Key::PayrollExplanation)}</button>
                                                        </PostForm>
                                                        {u.explanation.is_some().then(|| view! {
                                                            <PostForm api="/api/v1/payroll/explanations/approve" class="inline">
                                                                <input type="hidden" name="batch" value=approve_batch/>
                                                                <input type="hidden" name="pension" value=approve_pension/>
                                                                <button type="submit">{t(Key::PayrollApprove)}</button>
                                                            </PostForm>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        }).collect_view()}
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        {move || (!month().is_empty()).then(|| view! {
            <PostForm api="/api/v1/payroll/void" confirm=t(Key::PayrollVoidConfirm) class="stacked" id="payroll_void">
                <h2>{t(Key::PayrollVoid)}</h2>
                <input type="hidden" name="month" value=month()/>
                <label>{t(Key::PayrollPlace)}<input name="place" required inputmode="numeric" maxlength="6"/></label>
                <label>{t(Key::PayrollVoidReason)}<input name="reason" required minlength="4" maxlength="200"/></label>
                <button type="submit">{t(Key::PayrollVoid)}</button>
            </PostForm>
        })}
        <ImportSection kind="bank_returns" title=Key::PayrollReturns hint=Key::PayrollReturnsHint/>
        <section id="pension_status">
            <h2>{t(Key::PensionChangeTitle)}</h2>
            <PostForm api="/api/v1/pensions/status" stay=true class="stacked">
                <label for="s_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="s_kind"/>
                <label for="s_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="s_number" name="document_number" required maxlength="30" autocomplete="off"/>
                <label for="s_action">{t(Key::PensionChangeAction)}</label>
                <select id="s_action" name="action">
                    <option value="suspend">{t(Key::PensionStatusSuspended)}</option>
                    <option value="custody">{t(Key::PensionChangeCustody)}</option>
                    <option value="community_correction">{t(Key::PensionChangeCommunityCorrection)}</option>
                    <option value="resume">{t(Key::PensionChangeResume)}</option>
                    <option value="stop">{t(Key::PensionStatusStopped)}</option>
                </select>
                <label for="s_until">{t(Key::PensionChangeUntil)}</label>
                <input id="s_until" name="until" maxlength="10" placeholder="2026-12-31"/>
                <label class="check"><input type="checkbox" name="back_pay" value="true"/>{t(Key::PensionChangeBackPay)}</label>
                <label for="s_ground">{t(Key::PensionChangeGround)}</label>
                <select id="s_ground" name="ground">
                    <option value="">{t(Key::PensionChangeGroundNone)}</option>
                    <option value="death">{t(Key::PensionChangeGroundDeath)}</option>
                    <option value="ineligible">{t(Key::PensionChangeGroundIneligible)}</option>
                </select>
                <label for="s_ended">{t(Key::PensionChangeEndedOn)}</label>
                <input id="s_ended" name="ended_on" maxlength="10" placeholder="2025-04-15"/>
                <label for="s_reason">{t(Key::PensionChangeReason)}</label>
                <input id="s_reason" name="reason" required maxlength="200"/>
                <button type="submit">{t(Key::PensionChangeSubmit)}</button>
            </PostForm>
        </section>
    }
}

/// B10: the village assistant's monthly death list.
#[component]
pub fn DeathsPage() -> impl IntoView {
    view! {
        <Title text=format!("{} - {}", t(Key::DeathsTitle), t(Key::SiteName))/>
        <h1>{t(Key::DeathsTitle)}</h1>
        <ImportSection kind="death_list" title=Key::DeathsTitle hint=Key::DeathsHint/>
    }
}

#[server(prefix = "/rpc", endpoint = "upcoming")]
pub async fn upcoming_list(months: u32) -> Result<Vec<crate::model::UpcomingRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::eligibility_notices::upcoming(&state, &crate::backend::identity::auth::caller()?, months).await
}

#[server(prefix = "/rpc", endpoint = "benefit-notice")]
pub async fn benefit_notice(account: String) -> Result<crate::model::BenefitNotice, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::eligibility_notices::notice(&state, &crate::backend::identity::auth::caller()?, &account).await
}

/// B2: people about to reach pension age, with the estimate; each notice
/// to print, and the mailing.
#[component]
pub fn UpcomingPage() -> impl IntoView {
    let query = use_query_map();
    let months = move || query.read().get("months").and_then(|m| m.parse::<u32>().ok()).unwrap_or(3);
    let list = Resource::new(months, upcoming_list);
    view! {
        <Title text=format!("{} - {}", t(Key::UpcomingTitle), t(Key::SiteName))/>
        <h1>{t(Key::UpcomingTitle)}</h1>
        <p>{t(Key::UpcomingIntro)}</p>
        <form method="get" action="/staff/upcoming" class="inline">
            <label for="u_months">{t(Key::UpcomingMonths)}</label>
            <input id="u_months" name="months" inputmode="numeric" maxlength="2" prop:value=move || months().to_string()/>
            <button type="submit">{t(Key::PayrollShow)}</button>
        </form>
        <PostForm api="/api/v1/benefits/notices/mail" stay=true class="inline">
            <input type="hidden" name="months" value=months()/>
            <button type="submit">{t(Key::UpcomingMail)}</button>
        </PostForm>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Key::UpcomingNone)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="data" id="upcoming">
                            <thead><tr>
                                <th scope="col">{t(Key::FieldName)}</th><th scope="col">{t(Key::FieldDocumentNumber)}</th>
                                <th scope="col">{t(Key::UpcomingEligible)}</th><th scope="col">{t(Key::PensionYears)}</th>
                                <th scope="col">{t(Key::UpcomingEstimate)}</th><th scope="col">{t(Key::UpcomingNotice)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td>{r.name}</td><td>{r.document_masked}</td><td>{r.eligible_on}</td>
                                        <td class="num">{r.contribution_years}</td>
                                        <td>{r.estimate.or(r.problem)}</td>
                                        <td><a href=format!("/staff/notices/{}", r.account)>{t(Key::UpcomingNotice)}</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// B2: one notice, printable on A4, in the language of the person it is
/// for (the one they last signed in with; Chinese if they never did), or
/// the other one by the link on it (§4).
#[component]
pub fn NoticePage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let notice = Resource::new(move || params.read().get("account").unwrap_or_default(), benefit_notice);
    view! { <NoticeOf notice/> }
}

/// The notice fetched by `notice`, or why there is none.
#[component]
pub fn NoticeOf(notice: Resource<Result<crate::model::BenefitNotice, AppError>>) -> impl IntoView {
    let query = use_query_map();
    view! {
        <Title text=format!("{} - {}", t(Key::NoticeTitle), t(Key::SiteName))/>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match notice.await {
                    Ok(n) => {
                        let lang = query.read().get("lang").and_then(|l| Lang::from_tag(&l))
                            .or_else(|| Lang::from_tag(&n.reader_lang))
                            .unwrap_or_default();
                        let tx = move |key| text(lang, key);
                        let years = n.years.iter().map(ToString::to_string).collect::<Vec<_>>().join(if lang == Lang::Zh { "、" } else { "᠂ " });
                        let how = if lang == Lang::Zh { n.how_to_claim.clone() } else { n.how_to_claim_mn.clone() };
                        let estimate = n.row.estimate.clone().or_else(|| if lang == Lang::Zh { n.problem.clone() } else { n.problem_mn.clone() });
                        view! {
                            <article class="notice" lang=lang.tag()>
                                <h1>{tx(Key::NoticeTitle)}</h1>
                                <p class="lead">{n.row.name.clone()}{" "}{n.row.document_masked.clone()}</p>
                                <dl class="facts">
                                    <dt>{tx(Key::UpcomingEligible)}</dt><dd>{n.row.eligible_on.clone()}</dd>
                                    <dt>{tx(Key::NoticeFirstMonth)}</dt><dd>{n.first_month.clone()}</dd>
                                    <dt>{tx(Key::PensionYears)}</dt><dd>{n.row.contribution_years}</dd>
                                    <dt>{tx(Key::NoticeYears)}</dt><dd>{years}</dd>
                                    <dt>{tx(Key::NoticeBalance)}</dt><dd>{n.row.balance.clone()}</dd>
                                    <dt>{tx(Key::PensionBasic)}</dt><dd>{n.basic.clone()}</dd>
                                    <dt>{tx(Key::PensionAccount)}</dt><dd>{n.account_part.clone()}</dd>
                                    <dt>{tx(Key::PensionExtra)}</dt><dd>{n.extra.clone()}</dd>
                                    <dt>{tx(Key::UpcomingEstimate)}</dt><dd data-estimate>{estimate}</dd>
                                </dl>
                                <p>{how}</p>
                                <p class="no-print">
                                    <button type="button" data-print>{tx(Key::StatementPrint)}</button>
                                    {" "}
                                    <a href=format!("?lang={}", lang.other().tag()) hreflang=lang.other().tag() lang=lang.other().tag()>{lang.other().own_name()}</a>
                                </p>
                            </article>
                        }.into_any()
                    }
                    Err(e) => view! { <h1>{t(Key::NoticeTitle)}</h1><ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "certification-due")]
pub async fn certification_due() -> Result<Vec<crate::model::CertificationRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::certification::due_list(&state, &crate::backend::identity::auth::caller()?).await
}

/// B9: recipients due for certification or overdue, the assisted
/// certification form and (county clerks) the sweep.
#[component]
pub fn CertificationPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| certification_due());
    view! {
        <Title text=format!("{} - {}", t(Key::CertTitle), t(Key::SiteName))/>
        <h1>{t(Key::CertTitle)}</h1>
        <p>{t(Key::CertStaffIntro)}</p>
        <PostForm api="/api/v1/certification/sweep" stay=true class="inline">
            <button type="submit">{t(Key::CertSweep)}</button>
        </PostForm>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::CertNoneDue)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data" id="certification_due">
                            <thead><tr>
                                <th scope="col">{t(Key::TableName)}</th><th scope="col">{t(Key::TablePerson)}</th><th scope="col">{t(Key::TableVillage)}</th>
                                <th scope="col">{t(Key::CertLast)}</th><th scope="col">{t(Key::CertDue)}</th><th scope="col">{t(Key::TableState)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| view! {
                                    <tr><td>{r.name}</td><td>{r.person}</td><td>{r.village}</td>
                                        <td>{r.last_on.map(|d| format!("{d} {}", r.last_method.unwrap_or_default()))}</td><td>{r.due_on}</td><td>{r.state_label}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <section id="assisted">
            <h2>{t(Key::CertAssistTitle)}</h2>
            <PostForm api="/api/v1/certification/assisted" class="stacked">
                <label for="a_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="a_kind"/>
                <label for="a_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="a_number" name="document_number" required maxlength="30" autocomplete="off"/>
                <label for="a_mode">{t(Key::CertMode)}</label>
                <select id="a_mode" name="mode">
                    <option value="kiosk">{t(Key::CertModeKiosk)}</option>
                    <option value="home_visit">{t(Key::CertModeHome)}</option>
                </select>
                <label for="a_note">{t(Key::CertNote)}</label>
                <input id="a_note" name="note" required maxlength="200"/>
                <button type="submit">{t(Key::PensionChangeSubmit)}</button>
            </PostForm>
        </section>
    }
}

#[server(prefix = "/rpc", endpoint = "unpaid")]
pub async fn unpaid_list() -> Result<Vec<crate::model::UnpaidRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::money::contributions::unpaid_list(&state, &crate::backend::identity::auth::caller()?).await
}

/// The contribution season (issue 36 §4): the people of the place not yet
/// paid for this year, masked, and (county clerks) the yearly reminder.
#[component]
pub fn UnpaidPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| unpaid_list());
    view! {
        <Title text=format!("{} - {}", t(Key::UnpaidTitle), t(Key::SiteName))/>
        <h1>{t(Key::UnpaidTitle)}</h1>
        <p>{t(Key::UnpaidIntro)}</p>
        <PostForm api="/api/v1/contributions/reminders" stay=true confirm=t(Key::UnpaidRemindConfirm) class="inline">
            <button type="submit">{t(Key::UnpaidRemind)}</button>
        </PostForm>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::UnpaidNone)}</p> }.into_any(),
                    Ok(list) => view! {
                        <p>{format!("{} {}", list.len(), t(Key::UnpaidCount))}</p>
                        <table class="data" id="unpaid">
                            <thead><tr>
                                <th scope="col">{t(Key::TableName)}</th><th scope="col">{t(Key::TablePerson)}</th><th scope="col">{t(Key::TableVillage)}</th>
                                <th scope="col">{t(Key::UnpaidTier)}</th><th scope="col">{t(Key::UnpaidReminded)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| view! {
                                    <tr><td>{r.name_masked}</td><td>{r.document_masked}</td><td>{r.village}</td>
                                        <td class="num">{r.tier}</td><td>{r.reminded_on.unwrap_or_else(|| "—".to_owned())}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "overpayments")]
pub async fn overpayment_list() -> Result<Vec<crate::model::OverpaymentView>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::benefits::overpayments::list(&state, &crate::backend::identity::auth::caller()?).await
}

/// B12: the county's overpayments, each step of their recovery, and the
/// next step as a form.
#[component]
pub fn OverpaymentsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| overpayment_list());
    view! {
        <Title text=format!("{} - {}", t(Key::OpTitle), t(Key::SiteName))/>
        <h1>{t(Key::OpTitle)}</h1>
        <p>{t(Key::OpIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(Key::OpNone)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|o| view! {
                        <section class="overpayment" data-overpayment=o.id.clone()>
                            <h2>{format!("{} {} · {}", o.name, o.person, o.state_label)}</h2>
                            <dl class="facts">
                                <dt>{t(Key::OpGround)}</dt><dd>{format!("{} {}（{} 起不应发放）", o.ground_label, o.event_date, o.from_month)}</dd>
                                <dt>{t(Key::OpOverpaid)}</dt><dd>{format!("{} / {}", o.months, o.overpaid)}</dd>
                                <dt>{t(Key::OpRecovered)}</dt><dd>{o.recovered}</dd>
                                <dt>{t(Key::OpOutstanding)}</dt><dd data-outstanding>{o.outstanding}</dd>
                            </dl>
                            <table class="data">
                                <caption>{t(Key::OpSteps)}</caption>
                                <tbody>
                                    {o.steps.into_iter().map(|s| view! {
                                        <tr><td>{s.at}</td><td>{s.label}</td><td class="num">{s.amount}</td><td>{s.note}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <PostForm api=format!("/api/v1/overpayments/{}", o.id) class="inline">
                                <select name="action" aria-label=t(Key::PensionChangeAction)>
                                    <option value="refund">{t(Key::OpRefund)}</option>
                                    <option value="referral">{t(Key::OpRefer)}</option>
                                    <option value="recover">{t(Key::OpRecover)}</option>
                                </select>
                                <label>{t(Key::OpAmount)}<input name="amount" inputmode="decimal" maxlength="12"/></label>
                                <label>{t(Key::OpNote)}<input name="note" maxlength="300"/></label>
                                <button type="submit">{t(Key::PensionChangeSubmit)}</button>
                            </PostForm>
                        </section>
                    }).collect_view().into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
