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
        Wire { code: self.code, key: self.message.id().map(str::to_owned), args: self.message.named_args(), message: self.message.text(crate::i18n::reader()) }
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
