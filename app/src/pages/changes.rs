//! E5: the form to change a name, birth date or document number, for the
//! resident (`/me/key-change`, also at a kiosk) and for staff filing for
//! someone (`/staff/key-change`). A plain multipart form
//! (`POST /api/v1/cases/key-change`, see `form.rs`), usable without JavaScript.

use super::account::{DocumentKindSelect, PaperConfirmation};
use super::form::PostForm;
use crate::i18n::{Key, t};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn KeyChangePage(staff: bool) -> impl IntoView {
    let (title, intro) = if staff { (Key::KeyChangeStaffTitle, Key::KeyChangeStaffIntro) } else { (Key::KeyChangeTitle, Key::KeyChangeIntro) };
    let then = if staff { "/staff/cases/{id}" } else { "/me/cases/{id}" };
    view! {
        <Title text=format!("{} - {}", t(title), t(Key::SiteName))/>
        <h1>{t(title)}</h1>
        <p>{t(intro)}</p>
        <PostForm api="/api/v1/cases/key-change" then=then files=true class="stacked">
            {staff.then(|| view! {
                <label for="k_kind">{t(Key::FieldDocumentKind)}</label>
                <DocumentKindSelect id="k_kind"/>
                <label for="k_number">{t(Key::KeyChangeCurrentNumber)}</label>
                <input id="k_number" name="document_number" required maxlength="20" autocomplete="off"/>
            })}
            <label for="k_name">{t(Key::KeyChangeNewName)}</label>
            <input id="k_name" name="new_name" maxlength="50" autocomplete="off"/>
            <label for="k_birth">{t(Key::KeyChangeNewBirthDate)}</label>
            <input id="k_birth" name="new_birth_date" type="date"/>
            <label for="k_new_kind">{t(Key::KeyChangeNewKind)}</label>
            <DocumentKindSelect id="k_new_kind" name="new_document_kind"/>
            <label for="k_new_number">{t(Key::KeyChangeNewNumber)}</label>
            <input id="k_new_number" name="new_document_number" maxlength="20" autocomplete="off"/>
            <label for="k_reason">{t(Key::KeyChangeReason)}</label>
            <textarea id="k_reason" name="reason" rows="2" maxlength="200" required></textarea>
            <label for="f_change_proof">{t(Key::AttachChangeProof)}</label>
            <input id="f_change_proof" type="file" name="change_proof" accept="image/jpeg,image/png,application/pdf" required/>
            {if staff {
                view! {
                    <label for="f_signed_form">{t(Key::AttachSignedForm)}</label>
                    <input id="f_signed_form" type="file" name="signed_form" accept="image/jpeg,image/png,application/pdf" required/>
                    <PaperConfirmation id="k_conf"/>
                }.into_any()
            } else {
                view! { <label class="check"><input type="checkbox" required/>{t(Key::EnrolDeclare)}</label> }.into_any()
            }}
            <button type="submit" class="primary">{t(Key::EnrolSubmit)}</button>
        </PostForm>
    }
}
