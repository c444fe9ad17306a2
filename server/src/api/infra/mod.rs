//! Reference data, deadlines, the document itself, statements' verification.

pub(crate) mod reference;
