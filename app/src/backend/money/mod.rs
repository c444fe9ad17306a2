pub mod fund;
pub mod fund_reconciliation;
pub mod government_paid;
pub mod interest;
pub mod ledger;
pub mod registration;
pub mod statements;
pub mod tax;
