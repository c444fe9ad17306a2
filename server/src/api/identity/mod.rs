//! Sign-in, the resident's own data, staff and administration.

pub(crate) mod auth;
pub(crate) mod me;
pub(crate) mod staff;
