//! The fund books.

pub(crate) mod fund;
