pub mod certification;
pub mod eligibility_notices;
pub mod estimate;
pub mod overpayments;
pub mod overview;
pub mod payroll;
pub mod pensions;
pub mod standing;
