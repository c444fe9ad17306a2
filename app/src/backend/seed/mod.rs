pub mod demo;
pub mod synthetic;
