pub mod archives;
pub mod audit_trail;
pub mod consultations;
pub mod risks;
pub mod statistics;
