//! The fund books, and the contribution season.

pub(crate) mod contributions;
pub(crate) mod fund;
