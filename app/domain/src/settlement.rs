//! The settlement of a closed account (注销结算, D4): what is paid to the
//! heir (or to the person, after a loss of nationality or a move to another
//! basic pension) when the insurance relationship is deregistered.
//!
//!   account = what is left in the personal account (the balance less the
//!             account part of every month paid and less any overpayment
//!             recovered from it) + interest to the month of closing;
//!   of it, the government subsidy principal goes back to the fund when the
//!             policy in force does not let it be inherited
//!             (`settlement.subsidy_inheritable`; since 国发〔2014〕8号 it is);
//!   grant   = the funeral grant (丧葬补助金, after the death of a
//!             recipient) less what was withheld from it for an
//!             overpayment (B12);
//!   total   = account paid + grant paid.
//!
//! Nothing is negative: an account drawn down to nothing pays nothing.

use crate::money::Yuan;
use serde::{Deserialize, Serialize};

/// What the settlement starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs {
    /// Left in the account before interest (after drawings and recoveries).
    pub balance_left: Yuan,
    /// Interest not yet posted, to the month of closing.
    pub interest: Yuan,
    /// The government subsidy principal credited to the account.
    pub subsidy: Yuan,
    pub subsidy_inheritable: bool,
    /// The funeral grant due, if any (a recipient's death).
    pub grant: Option<Yuan>,
    /// Withheld from the grant for an overpayment.
    pub grant_withheld: Yuan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub balance_left: Yuan,
    pub interest: Yuan,
    /// The government subsidy returned to the fund (not paid out).
    pub to_fund: Yuan,
    /// The account part paid out: balance + interest − to_fund.
    pub account_paid: Yuan,
    pub grant: Yuan,
    pub grant_withheld: Yuan,
    pub grant_paid: Yuan,
    /// 一次性支付合计.
    pub total: Yuan,
}

fn at_least_zero(y: Yuan) -> Yuan {
    if y.is_negative() { Yuan::ZERO } else { y }
}

pub fn settle(i: Inputs) -> Settlement {
    let account = at_least_zero(i.balance_left + i.interest);
    let to_fund = if i.subsidy_inheritable { Yuan::ZERO } else { at_least_zero(i.subsidy).min(account) };
    let account_paid = account - to_fund;
    let grant = i.grant.unwrap_or(Yuan::ZERO);
    let grant_paid = at_least_zero(grant - i.grant_withheld);
    Settlement {
        balance_left: i.balance_left,
        interest: i.interest,
        to_fund,
        account_paid,
        grant,
        grant_withheld: i.grant_withheld.min(grant),
        grant_paid,
        total: account_paid + grant_paid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Yuan {
        Yuan::parse(s).unwrap()
    }

    fn inputs() -> Inputs {
        Inputs { balance_left: y("3000.00"), interest: y("16.13"), subsidy: y("600.00"), subsidy_inheritable: true, grant: Some(y("1500")), grant_withheld: Y0 }
    }

    const Y0: Yuan = Yuan::ZERO;

    #[test]
    fn a_recipient_dies_with_no_overpayment() {
        // 3,000.00 left + 16.13 interest + the grant 1,500 = 4,516.13.
        let s = settle(inputs());
        assert_eq!((s.account_paid, s.grant_paid, s.total), (y("3016.13"), y("1500"), y("4516.13")));
        assert_eq!(s.to_fund, Y0);
    }

    #[test]
    fn an_overpayment_withheld_from_the_grant_is_deducted() {
        // Two months of 297.00 paid after the death, taken from the grant
        // (the balance having been used first is already in balance_left).
        let s = settle(Inputs { grant_withheld: y("594.00"), ..inputs() });
        assert_eq!((s.grant, s.grant_withheld, s.grant_paid), (y("1500"), y("594.00"), y("906.00")));
        assert_eq!(s.total, y("3922.13"));
        // Withheld more than the grant (cannot happen by B12's order, but
        // never pays a negative grant).
        let s = settle(Inputs { grant_withheld: y("2000"), ..inputs() });
        assert_eq!((s.grant_paid, s.total), (Y0, y("3016.13")));
    }

    #[test]
    fn the_subsidy_goes_back_to_the_fund_when_not_inheritable() {
        let s = settle(Inputs { subsidy_inheritable: false, ..inputs() });
        assert_eq!((s.to_fund, s.account_paid, s.total), (y("600.00"), y("2416.13"), y("3916.13")));
        // Never more than is there.
        let s = settle(Inputs { subsidy_inheritable: false, balance_left: y("100"), interest: Y0, grant: None, ..inputs() });
        assert_eq!((s.to_fund, s.account_paid, s.total), (y("100"), Y0, Y0));
    }

    #[test]
    fn nothing_negative_and_no_grant_without_a_pension() {
        let s = settle(Inputs { balance_left: y("-20.00"), interest: Y0, grant: None, ..inputs() });
        assert_eq!((s.account_paid, s.grant_paid, s.total), (Y0, Y0, Y0));
    }
}
