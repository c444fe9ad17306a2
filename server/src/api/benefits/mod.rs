//! Pensions, payroll, certification, overpayments.

pub(crate) mod eligibility;
pub(crate) mod payroll;
