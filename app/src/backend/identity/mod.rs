pub mod accounts;
pub mod agency;
pub mod auth;
pub mod kiosks;
pub mod persons;
pub mod refusals;
pub mod staff;
