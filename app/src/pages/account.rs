//! Signing in, the resident's own page, and agents (issue 3).
//!
//! The sign-in steps (one-time code, passkeys) call `/api/v1/auth/*` from
//! `public/auth.js`, a small script that runs before the WASM arrives;
//! the passkey ceremonies need JavaScript in any case. Everything else is
//! server-rendered and its forms work without JavaScript.

use super::ErrorNote;
use super::form::{self, PostForm};
use crate::error::AppError;
use crate::i18n::{Key, named, t};
use crate::model::{Agency, Me, PasskeyRow, PersonView};
use crate::names;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[server(prefix = "/rpc", endpoint = "whoami")]
pub async fn whoami() -> Result<Me, AppError> {
    use crate::backend::{identity::auth, identity::kiosks};
    let caller = auth::caller()?;
    let device = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::COOKIE)?.to_str().ok().map(str::to_owned))
        .is_some_and(|c| auth::sessions::read_cookie(&c, kiosks::device_cookie_name(crate::backend::state().is_ok_and(|s| s.secure_cookies))).is_some());
    Ok(auth::me(&caller, device))
}

#[server(prefix = "/rpc", endpoint = "my-record")]
pub async fn my_record() -> Result<PersonView, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::persons::my_record(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "my-notices")]
pub async fn my_notices() -> Result<Vec<crate::model::Notice>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::cases::notices(&state, &crate::backend::identity::auth::caller()?).await
}

/// The caller's latest notices (decisions, passkey changes, for
/// administrators a new colleague's first sign-in), when there are any.
#[component]
pub fn MyNotices() -> impl IntoView {
    let notices = Resource::new(|| (), |_| my_notices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                notices.await.ok().filter(|n| !n.is_empty()).map(|n| view! {
                    <h2>{t(Key::Notices)}</h2>
                    <ul class="notices">
                        {n.into_iter().map(|x| view! { <li>{x.at}{" "}{x.text}</li> }).collect_view()}
                    </ul>
                })
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "my-sessions")]
pub async fn my_sessions() -> Result<Vec<crate::model::SessionRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::accounts::my_sessions(&state, &crate::backend::identity::auth::caller()?).await
}

/// The devices the person is signed in on, each but this one to sign out
/// (a phone left somewhere, a shared computer).
#[component]
pub fn MySessions() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions());
    view! {
        <h2>{t(Key::SessionsTitle)}</h2>
        <p>{t(Key::SessionsHint)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(rows) => view! {
                        <ul class="passkeys sessions">
                            {rows.into_iter().map(|s| view! {
                                <li>
                                    <span>{t(if s.method == "passkey" { Key::MethodPasskey } else { Key::MethodCode })}{s.kiosk.map(|k| format!(" · {k}"))}</span>
                                    <span>{t(Key::SessionsSignedIn)}{s.signed_in_at}</span>
                                    <span>{t(Key::MePasskeyUsed)}{s.last_seen_at}</span>
                                    {if s.current {
                                        view! { <strong>{t(Key::SessionsThis)}</strong> }.into_any()
                                    } else {
                                        view! {
                                            <PostForm api=format!("/api/v1/me/sessions/{}/end", s.id)>
                                                <button type="submit">{t(Key::SessionsEnd)}</button>
                                            </PostForm>
                                        }.into_any()
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/rpc", endpoint = "my-passkeys")]
pub async fn my_passkeys() -> Result<Vec<PasskeyRow>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::accounts::my_passkeys(&state, &crate::backend::identity::auth::caller()?).await
}

#[server(prefix = "/rpc", endpoint = "my-agencies")]
pub async fn my_agencies() -> Result<Vec<Agency>, AppError> {
    let state = crate::backend::state()?;
    crate::backend::identity::agency::mine(&state, &crate::backend::identity::auth::caller()?).await
}

/// A document kind's name in the page's language.
fn document_kind_name(k: domain::DocumentKind) -> &'static str {
    use domain::DocumentKind as D;
    t(match k {
        D::ResidentId => Key::DocResidentId,
        D::SocialSecurityCard => Key::DocSocialSecurityCard,
        D::HkMacaoTaiwanPermit => Key::DocHkMacaoTaiwanPermit,
        D::ForeignerPermit => Key::DocForeignerPermit,
        D::ForeignPassport => Key::DocForeignPassport,
    })
}

/// The document kinds of V1, for select boxes, named in the page's language.
#[component]
pub fn DocumentKindSelect(
    #[prop(into)] id: String,
    #[prop(default = "document_kind")] name: &'static str,
    /// The kind chosen before (a form shown again), by code.
    #[prop(optional)]
    selected: Option<String>,
) -> impl IntoView {
    view! {
        <select id=id name=name>
            {domain::DocumentKind::ALL
                .into_iter()
                .map(|k| view! { <option value=k.code() selected=selected.as_deref() == Some(k.code())>{document_kind_name(k)}</option> })
                .collect_view()}
        </select>
    }
}

/// Staff record how the person confirmed the paper form (E1, D2).
#[component]
pub fn PaperConfirmation(#[prop(into)] id: String) -> impl IntoView {
    view! {
        <label for=id.clone()>{t(Key::StaffEnrolConfirmation)}</label>
        <select id=id name="confirmation">
            <option value=domain::Confirmation::Signature.code()>{domain::Confirmation::Signature.label()}</option>
            <option value=domain::Confirmation::Thumbprint.code()>{domain::Confirmation::Thumbprint.label()}</option>
        </select>
    }
}

/// A status line the scripts write into (read out by screen readers);
/// without them, the outcome of form `form`'s last post.
#[component]
fn Status(#[prop(optional)] form: Option<&'static str>) -> impl IntoView {
    let said = form.and_then(|id| form::said(id, None));
    let refused = said.as_ref().is_some_and(|(r, _)| *r);
    view! {
        <p class="status" class:error=refused role=if refused { "alert" } else { "status" } aria-live="polite" data-auth-status>{said.map(|(_, m)| m)}</p>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    // The page asked for before signing in, if it is one of this site's.
    let next = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/me".to_owned());
    view! {
        <Title text=format!("{} - {}", t(Key::SignInTitle), t(Key::SiteName))/>
        <h1>{t(Key::SignInTitle)}</h1>
        // A first-time visitor has no passkey: the code sign-in comes first.
        <section class="panel">
            <h2>{t(Key::SignInCode)}</h2>
            <p>{t(Key::SignInCodeHint)}</p>
            // With JavaScript, `public/auth.js` runs both steps in place.
            // Without, the form posts: "send the code" (its own
            // `formaction`) comes back with what was typed, "sign in" opens
            // the page asked for.
            <form method="post" action=form::action("/api/v1/auth/code/verify", "signin", Some(&next)) id="signin" data-code-form novalidate>
                <label for="name">{t(Key::FieldName)}</label>
                <input id="name" name="name" autocomplete="name" required maxlength="50" value=form::typed("signin", "name")/>
                <label for="document_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="document_kind" selected=form::typed("signin", "document_kind").unwrap_or_default()/>
                <label for="document_number">{t(Key::FieldDocumentNumber)}</label>
                <input id="document_number" name="document_number" autocomplete="off" required maxlength="20" autocapitalize="characters"
                    value=form::typed("signin", "document_number")/>
                <button type="submit" formaction=format!("{}&{}=1", form::action("/api/v1/auth/code", "signin", None), form::KEEP) data-request-code>{t(Key::SignInSendCode)}</button>
                <label for="code">{t(Key::FieldCode)}</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}"/>
                <button type="submit" class="primary">{t(Key::SignInWithCode)}</button>
            </form>
        </section>
        <Status form="signin"/>
        <section class="panel">
            <h2>{t(Key::SignInPasskey)}</h2>
            <p>{t(Key::SignInPasskeyHint)}</p>
            <button type="button" class="primary" data-passkey-sign-in>{t(Key::SignInPasskeyButton)}</button>
            <p class="note" data-without-script>{t(Key::SignInNoScript)}</p>
        </section>
        <p class="note">{t(Key::SignInStaffNote)}</p>
    }
}

#[component]
pub fn MePage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let record = Resource::new(|| (), |_| my_record());
    let keys = Resource::new(|| (), |_| my_passkeys());
    view! {
        <Title text=format!("{} - {}", t(Key::MeTitle), t(Key::SiteName))/>
        <h1>{t(Key::MeTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let me = me.await.unwrap_or_default();
                let at_kiosk = me.kiosk.is_some();
                let record = record.await;
                view! {
                    <p class="lead">{t(Key::MeHello)}{record.as_ref().map(|r| r.name.clone()).unwrap_or(me.name.clone())}</p>
                    <super::statement::MyStanding/>
                    {match record {
                        Ok(r) => view! { <PersonFacts person=r.clone()/><ContactForm person=r/> }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }}
                    <DetailsForm/>
                    {if at_kiosk {
                        view! {
                            <super::kiosk::KioskServices/>
                            <h2>{t(Key::KioskPasskeys)}</h2>
                            <p>{t(Key::KioskPasskeysHint)}</p>
                            <PasskeyList keys/>
                            <p class="note">{t(Key::KioskServing)}{me.kiosk.clone()}</p>
                            <button type="button" class="primary" data-kiosk-finish>{t(Key::KioskFinish)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <h2>{t(Key::MePasskeys)}</h2>
                            <p>{t(Key::MePasskeysHint)}</p>
                            <PasskeyList keys/>
                            <button type="button" class="primary" data-passkey-register>{t(Key::MeAddPasskey)}</button>
                            <MySessions/>
                            <h2>{t(Key::CasesMine)}</h2>
                            <p><A href="/me/enrol">{t(Key::EnrolTitle2)}</A>{" · "}<A href="/me/cases">{t(Key::CasesMine)}</A>{" · "}<A href="/me/account">{t(Key::StatementLink)}</A>{" · "}<A href="/me/pension">{t(Key::PensionLink)}</A></p>
                            <h2>{t(Key::MeAgents)}</h2>
                            <p><A href="/me/agents">{t(Key::MeAgentsLink)}</A></p>
                            <PostForm api="/api/v1/auth/sign-out" then="/"><button type="submit">{t(Key::SignOut)}</button></PostForm>
                        }.into_any()
                    }}
                    <Status/>
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasskeyList(keys: Resource<Result<Vec<PasskeyRow>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="callout">{t(Key::MeNoPasskey)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="passkeys">
                            {rows.into_iter().map(|k| view! {
                                <li>
                                    <span>{t(Key::MePasskeyAdded)}{k.created_at.clone()}</span>
                                    <span>{t(Key::MePasskeyUsed)}{k.last_used_at.clone().unwrap_or_else(|| t(Key::Never).to_owned())}</span>
                                    <PostForm api=format!("/api/v1/me/passkeys/{}/revoke", k.id) confirm=t(Key::MeRevokeConfirm)>
                                        <button type="submit">{t(Key::MeRevoke)}</button>
                                    </PostForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A person's registry facts, masked.
#[component]
pub fn PersonFacts(person: PersonView) -> impl IntoView {
    let row = |k: Key, v: Option<String>| view! { <dt>{t(k)}</dt><dd>{v.unwrap_or_else(|| "—".to_owned())}</dd> };
    view! {
        <dl class="facts">
            {row(Key::FieldName, Some(person.name))}
            {row(Key::FieldDocument, Some(format!("{} {}", domain::DocumentKind::from_label_or_code(&person.document_kind).map_or(person.document_kind.clone(), |k| document_kind_name(k).to_owned()), person.document_masked)))}
            {row(Key::FieldSex, Some(domain::Sex::from_label_or_code(&person.sex).map_or(person.sex.clone(), |s| t(names::sex(s)).to_owned())))}
            {row(Key::FieldBirthDate, Some(person.birth_date))}
            {row(Key::FieldEthnicity, Some(names::ethnic_group(&person.ethnicity).map_or(person.ethnicity.clone(), |k| t(k).to_owned())))}
            {row(Key::FieldVillage, Some(person.village_name.map_or(person.village_code, |zh| named(&zh, person.village_name_mn.as_deref()))))}
            {row(Key::FieldPhone, person.phone_masked)}
            {row(Key::FieldEmail, person.email_masked)}
            {person.death_date.map(|d| row(Key::FieldDeathDate, Some(d)))}
        </dl>
        <PersonMessages messages=person.messages/>
    }
}

/// The latest messages to the person (issue 36 §1): how each went, and why
/// one did not, so that a person (or the clerk helping her) sees why
/// nothing arrived.
#[component]
fn PersonMessages(messages: Vec<crate::model::MessageRow>) -> impl IntoView {
    use domain::message::{Channel, Purpose, Status};
    let channel = |c: Channel| {
        t(match c {
            Channel::Sms => Key::ChannelSms,
            Channel::Email => Key::ChannelEmail,
        })
    };
    let purpose = |p: Purpose| {
        t(match p {
            Purpose::Code => Key::PurposeCode,
            Purpose::Notice => Key::PurposeNotice,
            Purpose::ContactChange => Key::PurposeContactChange,
            Purpose::Statement => Key::PurposeStatement,
            Purpose::EligibilityNotice => Key::PurposeEligibilityNotice,
            Purpose::CertificationReminder => Key::PurposeCertificationReminder,
            Purpose::ContributionReminder => Key::PurposeContributionReminder,
        })
    };
    let status = |s: Status| {
        t(match s {
            Status::Queued => Key::MessageQueued,
            Status::Sent => Key::MessageSent,
            Status::Delivered => Key::MessageDelivered,
            Status::Failed => Key::MessageFailed,
        })
    };
    view! {
        <details class="panel messages">
            <summary>{t(Key::MessagesTitle)}</summary>
            {if messages.is_empty() {
                view! { <p>{t(Key::MessagesNone)}</p> }.into_any()
            } else {
                // A list, not a table: it reads on a 360 px phone and in
                // large text.
                view! {
                    <ul class="messages">
                        {messages.into_iter().map(|m| view! {
                            <li class=(m.status == Status::Failed).then_some("failed") data-message>
                                <span>{m.at}" · "<strong>{purpose(m.purpose)}</strong></span>
                                <span>{channel(m.channel)}" "{m.to_masked}" · "<span data-status>{status(m.status)}</span></span>
                                {m.reason.filter(|_| m.status != Status::Delivered && m.status != Status::Sent).map(|r| view! { <small>{t(Key::MessagesReason)}"："{r}</small> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </details>
    }
}

/// How the person wants to be reached, and the language of her texts.
#[component]
fn ContactForm(person: PersonView) -> impl IntoView {
    use domain::message::ChannelChoice;
    let chosen = person.channels;
    let mongolian = person.sms_lang == crate::i18n::Lang::MnMong.tag();
    let choice = move |c: ChannelChoice, k: Key| {
        view! {
            <label class="check"><input type="radio" name="channels" value=c.code() checked=chosen == c/>{t(k)}</label>
        }
    };
    view! {
        <details class="panel">
            <summary>{t(Key::ContactTitle)}</summary>
            <p class="note">{t(Key::ContactIntro)}</p>
            <PostForm api="/api/v1/me/contact" stay=true class="stacked">
                <fieldset>
                    <legend>{t(Key::ContactTitle)}</legend>
                    {choice(ChannelChoice::All, Key::ContactAll)}
                    {choice(ChannelChoice::SmsOnly, Key::ContactSmsOnly)}
                    {choice(ChannelChoice::EmailOnly, Key::ContactEmailOnly)}
                </fieldset>
                <fieldset>
                    <legend>{t(Key::ContactSmsLang)}</legend>
                    <label class="check"><input type="radio" name="sms_lang" value=crate::i18n::Lang::Zh.tag() checked=!mongolian/>{t(Key::ContactSmsZh)}</label>
                    <label class="check"><input type="radio" name="sms_lang" value=crate::i18n::Lang::MnMong.tag() checked=mongolian/>{t(Key::ContactSmsMn)}</label>
                </fieldset>
                <button type="submit" class="primary">{t(Key::ContactSave)}</button>
            </PostForm>
        </details>
    }
}

#[component]
pub fn AgentsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_agencies());
    view! {
        <Title text=format!("{} - {}", t(Key::AgentsTitle), t(Key::SiteName))/>
        <h1>{t(Key::AgentsTitle)}</h1>
        <p>{t(Key::AgentsIntro)}</p>
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Key::AgentsNone)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <super::deregistration::HeirGate/>
                        <ul class="cards">
                            {rows.into_iter().map(|a| view! {
                                <li class="card">
                                    {a.principal_name}" "{a.principal_document_masked}" · "{a.relation}
                                    <br/><small>{t(Key::AgentsProvisional)}</small>
                                    <super::deregistration::HeirForm agency=a.id/>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{t(Key::AgentsDeclare)}</h2>
        <PostForm api="/api/v1/me/agencies" class="stacked">
            <label for="a_name">{t(Key::AgentsPrincipalName)}</label>
            <input id="a_name" name="name" required maxlength="50"/>
            <label for="a_kind">{t(Key::FieldDocumentKind)}</label>
            <DocumentKindSelect id="a_kind"/>
            <label for="a_number">{t(Key::FieldDocumentNumber)}</label>
            <input id="a_number" name="document_number" required maxlength="20"/>
            <label for="a_relation">{t(Key::AgentsRelation)}</label>
            <select id="a_relation" name="relation">
                <option value="heir">{t(Key::RelationHeir)}</option>
                <option value="beneficiary">{t(Key::RelationBeneficiary)}</option>
            </select>
            <p class="commitment">{t(Key::AgentsCommitment)}</p>
            <label class="check"><input type="checkbox" name="commitment" value="true"/>{t(Key::AgentsCommit)}</label>
            <button type="submit" class="primary">{t(Key::AgentsSubmit)}</button>
        </PostForm>
    }
}

/// E4: phone and residence address, changed at once (insured people).
#[component]
fn DetailsForm() -> impl IntoView {
    view! {
        <details class="panel" id="details">
            <summary>{t(Key::DetailsTitle)}</summary>
            <p class="note">{t(Key::DetailsHint)}</p>
            <PostForm api="/api/v1/me/details" stay=true done=t(Key::DetailsDone) class="stacked">
                <label for="c_phone">{t(Key::FieldPhone)}</label>
                <input id="c_phone" name="phone" inputmode="tel" maxlength="11"/>
                <label for="c_addr">{t(Key::EnrolResidence)}</label>
                <input id="c_addr" name="residence_address" maxlength="100"/>
                <label for="c_sex">{t(Key::FieldSex)}</label>
                <select id="c_sex" name="sex">
                    <option value="">{t(Key::DetailsUnchanged)}</option>
                    <option value=domain::Sex::Male.code()>{t(Key::SexMale)}</option>
                    <option value=domain::Sex::Female.code()>{t(Key::SexFemale)}</option>
                </select>
                <label for="c_eth">{t(Key::FieldEthnicity)}</label>
                <select id="c_eth" name="ethnicity">
                    <option value="">{t(Key::DetailsUnchanged)}</option>
                    {domain::registry::ETHNIC_GROUPS.into_iter().map(|g| view! { <option value=g>{names::ethnic_group(g).map_or(g, t)}</option> }).collect_view()}
                </select>
                <button type="submit" class="primary">{t(Key::DetailsSubmit)}</button>
            </PostForm>
            <p><A href="/me/key-change">{t(Key::KeyChangeLink)}</A></p>
        </details>
    }
}
