//! The one application error (STYLE.md §5): a stable code for programs and a
//! message by key that is safe to show to a person. Causes are logged once,
//! on the server, where the error is made; they never travel to the client.

use crate::i18n::{Key, Lang, Message};
use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// Stable error codes, shared by server functions and the JSON API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input was refused; the message says what to correct.
    Invalid,
    NotFound,
    /// Sign-in is needed.
    Unauthenticated,
    /// Signed in, but this is not yours to see or do.
    Forbidden,
    /// Someone else changed it first, or it was already done.
    Conflict,
    /// Too many attempts; try later.
    RateLimited,
    /// The request is larger than this route accepts.
    TooLarge,
    /// The request did not arrive in time (a slow or broken connection).
    Timeout,
    /// Our fault; the person can only try again later.
    Internal,
}

impl ErrorCode {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Invalid => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::RateLimited => 429,
            ErrorCode::TooLarge => 413,
            ErrorCode::Timeout => 408,
            ErrorCode::Internal => 500,
        }
    }
}

/// A refusal: a stable code for programs and a message for the person, kept
/// as a catalogue id with its arguments and written in the reader's language
/// only when it leaves the server ([`Message`]). On the wire (server
/// functions and `/api/v1`) it is `{code, key, args, message}`: `message` is
/// the sentence in the reader's language, `key` and `args` what a program
/// can use to write its own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: Message,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<Message>) -> Self {
        AppError { code, message: message.into() }
    }

    pub fn invalid(message: impl Into<Message>) -> Self {
        AppError::new(ErrorCode::Invalid, message)
    }

    pub fn not_found(message: impl Into<Message>) -> Self {
        AppError::new(ErrorCode::NotFound, message)
    }

    /// Logs the cause (server only) and returns the generic message.
    #[track_caller]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        #[cfg(feature = "ssr")]
        tracing::error!(location = %std::panic::Location::caller(), "internal error: {cause}");
        #[cfg(not(feature = "ssr"))]
        let _ = cause.to_string();
        AppError::new(ErrorCode::Internal, Message::Page(Key::ErrorSystemTryLater))
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.message.text(lang)
    }
}

/// What travels: the message written in the reader's language
/// ([`crate::i18n::reader`]), beside its id and arguments.
#[derive(Serialize, Deserialize)]
struct Wire {
    code: ErrorCode,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    args: std::collections::BTreeMap<String, String>,
    message: String,
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        {
            let lang = crate::i18n::reader();
            Wire { code: self.code, key: self.message.id().map(str::to_owned), args: self.message.named_args(lang), message: self.message.text(lang) }
        }
        .serialize(serializer)
    }
}

/// Read back (in the browser): the sentence as the server wrote it.
impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        Ok(AppError { code: wire.code, message: Message::Text(wire.message) })
    }
}

/// A database error is ours: logged where the `?` stands (the caller's
/// location survives `?` because `From::from` tracks its caller), answered
/// with the generic message.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e)
    }
}

/// The domain's refusals, as catalogue messages: the domain keeps its own
/// Chinese wording for logs and exchange files; a person reads the
/// catalogue's, in their language.
mod refusals {
    use super::AppError;
    use crate::i18n::{Message, msg};
    use domain::back_payment::Refusal as BackPayment;
    use domain::benefit::Refusal as Benefit;
    use domain::case::CaseError;
    use domain::document::{DocumentError, MAX_DOCUMENT_BYTES};
    use domain::filing::{BadCard, BadPhone, MayNotEnrol};
    use domain::id_number::IdError;
    use domain::money::MoneyError;

    impl From<MayNotEnrol> for Message {
        fn from(e: MayNotEnrol) -> Message {
            match e {
                MayNotEnrol::TooYoung { age, from } => msg::enrol_too_young(age, from),
                MayNotEnrol::Student => msg::enrol_student(),
            }
        }
    }

    impl From<IdError> for Message {
        fn from(e: IdError) -> Message {
            match e {
                IdError::Empty => msg::id_empty(),
                IdError::Length => msg::id_length(),
                IdError::Characters => msg::id_characters(),
                IdError::BirthDate => msg::id_birth_date(),
                IdError::CheckCharacter => msg::id_check_character(),
                IdError::PermitPrefix => msg::id_permit_prefix(),
                IdError::ForeignerPrefix => msg::id_foreigner_prefix(),
                IdError::Format => msg::id_format(),
            }
        }
    }

    impl From<MoneyError> for Message {
        fn from(e: MoneyError) -> Message {
            match e {
                MoneyError::Format => msg::money_format(),
                MoneyError::TooPrecise => msg::money_too_precise(),
                MoneyError::OutOfRange => msg::money_out_of_range(),
            }
        }
    }

    impl From<DocumentError> for Message {
        fn from(e: DocumentError) -> Message {
            match e {
                DocumentError::Empty => msg::document_empty(),
                DocumentError::TooLarge => msg::document_too_large(MAX_DOCUMENT_BYTES / 1024 / 1024),
                DocumentError::UnknownType => msg::document_unknown_type(),
            }
        }
    }

    impl From<CaseError> for Message {
        fn from(e: CaseError) -> Message {
            match e {
                CaseError::NotNow { case_type, state } => msg::case_not_now(crate::names::case_state(case_type, state)),
                CaseError::NoReason => msg::case_reason_needed(),
                // Staff only: their own wording.
                other => Message::Text(other.to_string()),
            }
        }
    }

    impl From<BadCard> for Message {
        fn from(_: BadCard) -> Message {
            msg::bank_card_invalid()
        }
    }

    impl From<BadPhone> for Message {
        fn from(_: BadPhone) -> Message {
            msg::phone_invalid()
        }
    }

    impl From<BackPayment> for Message {
        fn from(e: BackPayment) -> Message {
            match e {
                BackPayment::NoYears => msg::back_payment_years_needed(),
                BackPayment::NotPast(year) => msg::back_payment_year_not_past(year),
                BackPayment::Paid(year) => msg::back_payment_year_paid(year),
                BackPayment::BeforeEnrolment { year, enrolled } => msg::back_payment_year_before_enrolment(year, enrolled),
                BackPayment::AfterEnrolment(year) => msg::back_payment_year_after_enrolment(year),
                BackPayment::TooYoung { year, age } => msg::back_payment_year_under_16(year, age),
                BackPayment::LumpLimit { min_years, paid_years, years_to_come, most } => {
                    msg::back_payment_lump_limit(min_years, paid_years, years_to_come, most)
                }
            }
        }
    }

    impl From<Benefit> for Message {
        fn from(e: Benefit) -> Message {
            match e {
                Benefit::TooFewYears { years, min_years } => msg::claim_too_few_years(years, min_years),
                Benefit::NotYet { on, age } => msg::claim_not_yet(on, age),
                Benefit::NoDivisor(age) => msg::claim_no_divisor(age),
            }
        }
    }

    /// Refusals only staff meet, in the domain's own (Chinese) wording.
    macro_rules! staff_wording {
        ($($e:ty),*) => {$(
            impl From<$e> for Message {
                fn from(e: $e) -> Message {
                    Message::Text(e.to_string())
                }
            }
        )*};
    }
    staff_wording!(domain::division::DivisionError, domain::roles::RoleError, domain::fund::VoucherError);

    /// Each a refusal of what was asked (400).
    macro_rules! invalid {
        ($($e:ty),*) => {$(
            impl From<$e> for AppError {
                fn from(e: $e) -> AppError {
                    AppError::invalid(e)
                }
            }
        )*};
    }
    invalid!(IdError, MoneyError, DocumentError, CaseError, BadCard, BadPhone, MayNotEnrol, BackPayment, Benefit);
}

/// Every refusal of the domain a resident can meet reads in both
/// languages, its figures in place, from the catalogue (no id shown, no
/// Chinese left in the Mongolian).
#[cfg(all(test, feature = "ssr"))]
#[test]
fn every_domain_refusal_reads_in_both_languages() {
    use domain::back_payment::Refusal as BackPayment;
    use domain::benefit::Refusal as Benefit;
    use domain::id_number::IdError;
    let on = chrono::NaiveDate::from_ymd_opt(2027, 3, 15).expect("a date");
    let all: Vec<Message> = [
        IdError::Empty,
        IdError::Length,
        IdError::Characters,
        IdError::BirthDate,
        IdError::CheckCharacter,
        IdError::PermitPrefix,
        IdError::ForeignerPrefix,
        IdError::Format,
    ]
    .into_iter()
    .map(Message::from)
    .chain([domain::money::MoneyError::Format, domain::money::MoneyError::TooPrecise, domain::money::MoneyError::OutOfRange].map(Message::from))
    .chain([domain::document::DocumentError::Empty, domain::document::DocumentError::TooLarge, domain::document::DocumentError::UnknownType].map(Message::from))
    .chain(
        [
            domain::case::CaseError::NotNow { case_type: domain::case::CaseType::Enrolment, state: domain::case::CaseState::Approved },
            domain::case::CaseError::NoReason,
        ]
        .map(Message::from),
    )
    .chain([Message::from(domain::filing::BadCard), Message::from(domain::filing::BadPhone)])
    .chain([domain::filing::MayNotEnrol::TooYoung { age: 16, from: on }, domain::filing::MayNotEnrol::Student].map(Message::from))
    .chain(
        [
            BackPayment::NoYears,
            BackPayment::NotPast(2031),
            BackPayment::Paid(2031),
            BackPayment::BeforeEnrolment { year: 2031, enrolled: 2032 },
            BackPayment::AfterEnrolment(2031),
            BackPayment::TooYoung { year: 2031, age: 16 },
            BackPayment::LumpLimit { min_years: 15, paid_years: 9, years_to_come: 2, most: 4 },
        ]
        .map(Message::from),
    )
    .chain([Benefit::TooFewYears { years: 9, min_years: 15 }, Benefit::NotYet { on, age: 60 }, Benefit::NoDivisor(61)].map(Message::from))
    .collect();
    for m in all {
        let (zh, mn) = (m.text(Lang::Zh), m.text(Lang::MnMong));
        assert!(m.id().is_some() && zh != m.id().unwrap_or_default(), "{zh}");
        assert!(mn.chars().any(|c| ('\u{1800}'..='\u{18AF}').contains(&c)), "no Mongolian: {mn}");
        assert!(!mn.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "Chinese left: {mn}");
        for figure in ["2031", "2032", "2027-03-15", "61"] {
            assert_eq!(zh.contains(figure), mn.contains(figure), "{figure}: {zh} / {mn}");
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::invalid(Message::Page(Key::ErrorInputIncompleteOrInvalid)),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::new(ErrorCode::Internal, Message::Page(Key::ErrorNetworkUnstable)),
            other => AppError::internal(other),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The log, written to memory.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Log {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// `?` on a database error logs the line of the `?` (not a line inside
    /// the standard library, as `.map_err(AppError::internal)` did: a
    /// function passed by name loses `#[track_caller]`) and answers the
    /// generic message.
    #[test]
    fn a_database_error_is_logged_where_the_question_mark_stands() {
        let log = Log::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        let mut at = 0;
        let result = tracing::subscriber::with_default(subscriber, || -> AppResult<()> {
            at = line!();
            Err::<(), _>(sqlx::Error::RowNotFound)?;
            Ok(())
        });
        let line = at + 1;
        let error = result.expect_err("the query failed");
        assert_eq!(error.code, ErrorCode::Internal);
        assert!(!error.to_string().contains("no rows"), "the cause stays on the server: {error}");
        let written = String::from_utf8(log.0.lock().expect("log").clone()).expect("text");
        assert!(written.contains(&format!("src/error.rs:{line}:")), "logged at the `?`: {written}");
        assert!(written.contains("no rows returned"), "the cause is logged: {written}");
    }
}
