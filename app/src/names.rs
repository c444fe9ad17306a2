//! The names of what the system keeps as codes (a case type, a state, an
//! entry of the account, an ethnic group): each a page text of the
//! catalogue (`locales/*/pages.ftl`, "Names"), looked up by the code, never
//! by its Chinese. A page shows `t(names::…)`; the server writes a name into
//! a message as its [`Key`] (an [`crate::i18n::Arg::Name`]), so it reads in
//! the reader's language. Exchange files keep the domain's own Chinese
//! labels, byte for byte.

use crate::i18n::{Arg, Key};
use domain::case::{CaseState, CaseType};
use domain::ledger::EntryKind;
use domain::{Confirmation, HouseholdType, Relation, Sex};

pub fn case_type(t: CaseType) -> Key {
    match t {
        CaseType::Enrolment => Key::CaseTypeEnrolment,
        CaseType::KeyDetailChange => Key::CaseTypeKeyDetailChange,
        CaseType::BackPayment => Key::CaseTypeBackPayment,
        CaseType::BenefitClaim => Key::CaseTypeBenefitClaim,
        CaseType::Resumption => Key::CaseTypeResumption,
        CaseType::Deregistration => Key::CaseTypeDeregistration,
        CaseType::TransferIn => Key::CaseTypeTransferIn,
        CaseType::AccountDispute => Key::CaseTypeAccountDispute,
        CaseType::BenefitReview => Key::CaseTypeBenefitReview,
        CaseType::BankCardChange => Key::CaseTypeBankCardChange,
    }
}

/// Where a case of type `t` is: in review by its step's name.
pub fn case_state(t: CaseType, s: CaseState) -> Key {
    match s {
        CaseState::InReview(n) => match t.steps().get(n as usize).map(|step| step.code) {
            Some("initial") => Key::CaseStateInitial,
            Some("review") => Key::CaseStateReview,
            _ => Key::CaseStateApproval,
        },
        CaseState::Returned => Key::CaseStateReturned,
        CaseState::Approved => Key::CaseStateApproved,
        CaseState::Terminated => Key::CaseStateTerminated,
        CaseState::Withdrawn => Key::CaseStateWithdrawn,
    }
}

/// An event of a case's timeline, by its stored code.
pub fn case_event(code: &str) -> Key {
    match code {
        "submit" => Key::CaseEventSubmit,
        "approve" => Key::CaseEventApprove,
        "return" => Key::CaseEventReturn,
        "terminate" => Key::CaseEventTerminate,
        "resubmit" => Key::CaseEventResubmit,
        "withdraw" => Key::CaseEventWithdraw,
        "finding" => Key::CaseEventFinding,
        _ => Key::CaseEventOther,
    }
}

/// An attachment's kind, by its stored code.
pub fn document_kind(code: &str) -> Key {
    match code {
        "id_front" => Key::DocumentKindIdFront,
        "id_back" => Key::DocumentKindIdBack,
        "hukou_home" => Key::DocumentKindHukouHome,
        "hukou_self" => Key::DocumentKindHukouSelf,
        "signed_form" => Key::DocumentKindSignedForm,
        "change_proof" => Key::DocumentKindChangeProof,
        "evidence" => Key::DocumentKindEvidence,
        "bank_card_photo" => Key::DocumentKindBankCardPhoto,
        _ => Key::DocumentKindOther,
    }
}

pub fn entry_kind(k: EntryKind) -> Key {
    match k {
        EntryKind::Personal => Key::EntryKindPersonal,
        EntryKind::Collective => Key::EntryKindCollective,
        EntryKind::Donation => Key::EntryKindDonation,
        EntryKind::Subsidy => Key::EntryKindSubsidy,
        EntryKind::Interest => Key::EntryKindInterest,
        EntryKind::TransferIn => Key::EntryKindTransferIn,
        EntryKind::Refund => Key::EntryKindRefund,
        EntryKind::Correction => Key::EntryKindCorrection,
        EntryKind::Recovery => Key::EntryKindRecovery,
        EntryKind::Drawing => Key::EntryKindDrawing,
        EntryKind::Closure => Key::EntryKindClosure,
        EntryKind::TransferOut => Key::EntryKindTransferOut,
    }
}

/// A pension's status or a month's payment status, by its stored code;
/// `None` for a code without a name (shown as "—").
pub fn pension_status(code: &str) -> Option<Key> {
    Some(match code {
        "active" => Key::PensionStatusActive,
        "suspended" => Key::PensionStatusSuspended,
        "stopped" => Key::PensionStatusStopped,
        "generated" => Key::PaymentStatusGenerated,
        "sent" => Key::PaymentStatusSent,
        "paid" => Key::PaymentStatusPaid,
        "failed" => Key::PaymentStatusFailed,
        "reissued" => Key::PaymentStatusReissued,
        _ => return None,
    })
}

/// How a pensioner was certified, by its stored code.
pub fn cert_method(code: &str) -> Option<Key> {
    Some(match code {
        "data" => Key::CertMethodData,
        "self" => Key::CertMethodSelf,
        "kiosk" => Key::CertMethodKiosk,
        "home_visit" => Key::CertMethodHomeVisit,
        _ => return None,
    })
}

/// Where a transfer is, by its status and the scheme it comes from.
pub fn transfer_status(status: &str, scheme: &str) -> Option<Key> {
    Some(match (status, scheme) {
        ("letter_sent", "employee") => Key::TransferStatusEmployeeLetterSent,
        ("funds_pending", "employee") => Key::TransferStatusEmployeeFundsPending,
        ("refused", "employee") => Key::TransferStatusEmployeeRefused,
        ("letter_sent", _) => Key::TransferStatusLetterSent,
        ("funds_pending", _) => Key::TransferStatusFundsPending,
        ("completed", _) => Key::TransferStatusCompleted,
        ("refused", _) => Key::TransferStatusRefused,
        ("funds_sent", _) => Key::TransferStatusFundsSent,
        _ => return None,
    })
}

/// Why insurance ended, by its stored code.
pub fn dereg_ground(code: &str) -> Option<Key> {
    Some(match code {
        "death" => Key::DeregGroundDeath,
        "nationality" => Key::DeregGroundNationality,
        "other_pension" => Key::DeregGroundOtherPension,
        _ => return None,
    })
}

/// A step of recovering an overpayment, by its stored code.
pub fn overpayment_step(code: &str) -> Option<Key> {
    Some(match code {
        "balance" => Key::OverpaymentStepBalance,
        "funeral_grant" => Key::OverpaymentStepFuneralGrant,
        "refund_order" => Key::OverpaymentStepRefundOrder,
        "refund" => Key::OverpaymentStepRefund,
        "referral" => Key::OverpaymentStepReferral,
        _ => return None,
    })
}

pub fn consultation_kind(k: domain::consultation::Kind) -> Key {
    match k {
        domain::consultation::Kind::Consultation => Key::ConsultTypeConsultation,
        domain::consultation::Kind::Report => Key::ConsultTypeReport,
    }
}

/// A consultation answered or still open.
pub fn consultation_status(answered: bool) -> Key {
    if answered { Key::ConsultStatusAnswered } else { Key::ConsultStatusOpen }
}

pub fn sex(s: Sex) -> Key {
    match s {
        Sex::Male => Key::SexMale,
        Sex::Female => Key::SexFemale,
    }
}

pub fn household(h: HouseholdType) -> Key {
    match h {
        HouseholdType::Agricultural => Key::HouseholdAgricultural,
        HouseholdType::NonAgricultural => Key::HouseholdNonAgricultural,
    }
}

pub fn relation(r: Relation) -> Key {
    match r {
        Relation::Own => Key::RelationSelf,
        Relation::Spouse => Key::RelationSpouse,
        Relation::Child => Key::RelationChild,
        Relation::Parent => Key::RelationParent,
        Relation::Sibling => Key::RelationSibling,
        Relation::OtherHeir => Key::RelationOtherHeir,
        Relation::Beneficiary => Key::RelationBeneficiary,
    }
}

pub fn confirmation(c: Confirmation) -> Key {
    match c {
        Confirmation::OnlineDeclaration => Key::ConfirmationOnlineDeclaration,
        Confirmation::Signature => Key::ConfirmationSignature,
        Confirmation::Thumbprint => Key::ConfirmationThumbprint,
        Confirmation::StaffVerified => Key::ConfirmationStaffVerified,
        Confirmation::PasskeyCommitment => Key::ConfirmationPasskeyCommitment,
        Confirmation::KioskSignature => Key::ConfirmationKioskSignature,
        Confirmation::KioskThumbprint => Key::ConfirmationKioskThumbprint,
    }
}

/// Whom the funeral grant is paid for (a policy parameter), as the
/// settlement form states it.
pub fn grant_deaths(g: domain::policy::GrantDeaths) -> Key {
    match g {
        domain::policy::GrantDeaths::Recipients => Key::FuneralGrantScopePensioners,
        domain::policy::GrantDeaths::Insured => Key::FuneralGrantScopeAll,
    }
}

pub fn back_payment_kind(k: domain::back_payment::Kind) -> Key {
    match k {
        domain::back_payment::Kind::Interrupted => Key::BackPaymentKindInterrupted,
        domain::back_payment::Kind::Lump => Key::BackPaymentKindLump,
    }
}

/// An ethnic group as the registry keeps it (its GB 3304 name), by its
/// place in the standard's list; `None` for a name not on it.
pub fn ethnic_group(name: &str) -> Option<Key> {
    const KEYS: [Key; 58] = [
        Key::Ethnic01,
        Key::Ethnic02,
        Key::Ethnic03,
        Key::Ethnic04,
        Key::Ethnic05,
        Key::Ethnic06,
        Key::Ethnic07,
        Key::Ethnic08,
        Key::Ethnic09,
        Key::Ethnic10,
        Key::Ethnic11,
        Key::Ethnic12,
        Key::Ethnic13,
        Key::Ethnic14,
        Key::Ethnic15,
        Key::Ethnic16,
        Key::Ethnic17,
        Key::Ethnic18,
        Key::Ethnic19,
        Key::Ethnic20,
        Key::Ethnic21,
        Key::Ethnic22,
        Key::Ethnic23,
        Key::Ethnic24,
        Key::Ethnic25,
        Key::Ethnic26,
        Key::Ethnic27,
        Key::Ethnic28,
        Key::Ethnic29,
        Key::Ethnic30,
        Key::Ethnic31,
        Key::Ethnic32,
        Key::Ethnic33,
        Key::Ethnic34,
        Key::Ethnic35,
        Key::Ethnic36,
        Key::Ethnic37,
        Key::Ethnic38,
        Key::Ethnic39,
        Key::Ethnic40,
        Key::Ethnic41,
        Key::Ethnic42,
        Key::Ethnic43,
        Key::Ethnic44,
        Key::Ethnic45,
        Key::Ethnic46,
        Key::Ethnic47,
        Key::Ethnic48,
        Key::Ethnic49,
        Key::Ethnic50,
        Key::Ethnic51,
        Key::Ethnic52,
        Key::Ethnic53,
        Key::Ethnic54,
        Key::Ethnic55,
        Key::Ethnic56,
        Key::Ethnic97,
        Key::Ethnic98,
    ];
    domain::registry::ETHNIC_GROUPS.iter().position(|g| *g == name).map(|i| KEYS[i])
}

/// A name, or `text` when the code has none (an old or unknown code).
pub fn or_text(key: Option<Key>, text: &str) -> Arg {
    key.map_or_else(|| Arg::Text(text.to_owned()), Arg::Name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, text};

    /// The catalogue's Chinese name is the domain's label wherever the
    /// domain has one (the label exchange files and staff lists print), so
    /// a page and a file name a thing alike.
    #[test]
    fn the_catalogue_names_things_as_the_domain_labels_them() {
        for t in domain::case::ALL_CASE_TYPES {
            assert_eq!(text(Lang::Zh, case_type(t)), t.label());
            for n in 0..t.steps().len() {
                assert_eq!(text(Lang::Zh, case_state(t, CaseState::InReview(n as u8))), CaseState::InReview(n as u8).label(t));
            }
            for s in [CaseState::Returned, CaseState::Approved, CaseState::Terminated, CaseState::Withdrawn] {
                assert_eq!(text(Lang::Zh, case_state(t, s)), s.label(t));
            }
        }
        for k in domain::ledger::ALL_KINDS {
            assert_eq!(text(Lang::Zh, entry_kind(k)), k.label());
        }
        for g in domain::registry::ETHNIC_GROUPS {
            assert_eq!(ethnic_group(g).map(|k| text(Lang::Zh, k)), Some(g));
        }
        for r in Relation::ALL {
            assert_eq!(text(Lang::Zh, relation(*r)), r.label());
        }
        for c in Confirmation::ALL {
            assert_eq!(text(Lang::Zh, confirmation(*c)), c.label());
        }
        for h in HouseholdType::ALL {
            assert_eq!(text(Lang::Zh, household(*h)), h.label());
        }
        for s in [Sex::Male, Sex::Female] {
            assert_eq!(text(Lang::Zh, sex(s)), s.label());
        }
        for k in [domain::back_payment::Kind::Interrupted, domain::back_payment::Kind::Lump] {
            assert_eq!(text(Lang::Zh, back_payment_kind(k)), k.label());
        }
        for k in [domain::consultation::Kind::Consultation, domain::consultation::Kind::Report] {
            assert_eq!(text(Lang::Zh, consultation_kind(k)), k.label());
        }
        for g in [domain::policy::GrantDeaths::Recipients, domain::policy::GrantDeaths::Insured] {
            assert_eq!(text(Lang::Zh, grant_deaths(g)), g.label());
        }
        assert_eq!(ethnic_group("火星族"), None);
    }
}
