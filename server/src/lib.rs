//! The server: configuration, the HTTP stack around the Leptos app, the
//! JSON API, and the subcommands. `main.rs` only parses the command line.

pub mod access;
pub mod api;
pub mod bench;
pub mod cli;
pub mod config;
pub mod forms;
pub mod render;
pub mod reports;
pub mod translations;
pub mod uploads;
pub mod web;
