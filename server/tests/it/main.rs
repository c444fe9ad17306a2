// The integration tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]
//! The server's integration tests, one module per chapter, in one test
//! binary: one link and one file on disk instead of one per chapter. Each
//! test starts a real server over its own fresh database (see `support`).

#[macro_use]
mod support;

mod api;
mod benefits;
mod cases;
mod deregistration;
mod fund;
mod identity;
mod ledger;
mod messages;
mod oversight;
mod registry;
mod release_rows;
mod transfers;
