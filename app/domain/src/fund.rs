//! The league's fund accounts and their bookkeeping (F1, F2; 规程第八章).
//!
//! Three bank accounts per league — 收入户 (income), 财政专户 (fiscal
//! special account), 支出户 (expenditure) — each with the movements the
//! procedure allows it, and the revenue and expense accounts the business
//! events are booked against. Every voucher is double-entry: its debits
//! equal its credits, and a bank account may only move against the
//! accounts its rule names. Pure rules; the back office posts vouchers
//! through [`Voucher::new`] and nothing else.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Account {
    /// 收入户: interest, transfer-in and other income, passed on to the
    /// special account; no balance at month end.
    Income,
    /// 财政专户: all the fund's income lands here; pays only into the
    /// expenditure account.
    Special,
    /// 支出户: pays benefits and transfers out; receives only from the
    /// special account, interest, and money paid back through the channel
    /// it left by (a bank return).
    Expenditure,
    /// 代发银行待清算: what the paying bank holds between funding and its
    /// return file.
    Clearing,
    /// 个人缴费收入.
    Contributions,
    /// 财政补贴收入 (subsidies, and contributions the government pays for
    /// special groups).
    Subsidies,
    /// 集体补助及社会资助收入.
    Collective,
    /// 转移收入.
    TransferIn,
    /// 利息收入.
    Interest,
    /// 基本养老金支出.
    Benefits,
    /// 丧葬补助金及个人账户余额支出 (deregistration settlements).
    Settlements,
    /// 转移支出.
    TransferOut,
}

pub const ACCOUNTS: [Account; 12] = [
    Account::Income,
    Account::Special,
    Account::Expenditure,
    Account::Clearing,
    Account::Contributions,
    Account::Subsidies,
    Account::Collective,
    Account::TransferIn,
    Account::Interest,
    Account::Benefits,
    Account::Settlements,
    Account::TransferOut,
];

/// The three accounts at a bank, the ones a bank statement speaks of.
pub const BANK_ACCOUNTS: [Account; 3] = [Account::Income, Account::Special, Account::Expenditure];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

impl Account {
    pub fn code(self) -> &'static str {
        match self {
            Account::Income => "income",
            Account::Special => "special",
            Account::Expenditure => "expenditure",
            Account::Clearing => "clearing",
            Account::Contributions => "contributions",
            Account::Subsidies => "subsidies",
            Account::Collective => "collective",
            Account::TransferIn => "transfer_in",
            Account::Interest => "interest",
            Account::Benefits => "benefits",
            Account::Settlements => "settlements",
            Account::TransferOut => "transfer_out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Account::Income => "收入户",
            Account::Special => "财政专户",
            Account::Expenditure => "支出户",
            Account::Clearing => "代发银行待清算款",
            Account::Contributions => "个人缴费收入",
            Account::Subsidies => "财政补贴收入",
            Account::Collective => "集体补助及社会资助收入",
            Account::TransferIn => "转移收入",
            Account::Interest => "利息收入",
            Account::Benefits => "基本养老金支出",
            Account::Settlements => "丧葬补助金及个人账户余额支出",
            Account::TransferOut => "转移支出",
        }
    }

    /// By code or by its Chinese name (as a bank statement writes it).
    pub fn parse(text: &str) -> Option<Account> {
        let t = text.trim();
        ACCOUNTS.into_iter().find(|a| a.code() == t || a.label() == t)
    }

    pub fn is_bank(self) -> bool {
        BANK_ACCOUNTS.contains(&self)
    }

    /// Revenue accounts grow on the credit side; everything else (bank,
    /// clearing, expenses) on the debit side.
    pub fn is_revenue(self) -> bool {
        matches!(self, Account::Contributions | Account::Subsidies | Account::Collective | Account::TransferIn | Account::Interest)
    }

    pub fn is_expense(self) -> bool {
        matches!(self, Account::Benefits | Account::Settlements | Account::TransferOut)
    }

    /// The balance from debit and credit totals, positive on the side
    /// the account grows on.
    pub fn balance(self, debits: i64, credits: i64) -> i64 {
        if self.is_revenue() { credits - debits } else { debits - credits }
    }

    /// F1: may this bank account be moved on `side` against `other`?
    /// Money in is a debit of the bank account. Accounts that are not at
    /// a bank have no rule of their own.
    pub fn allows(self, side: Side, other: Account) -> bool {
        use Account::*;
        match (self, side) {
            // 收入户: 暂存利息收入、转移收入及其他收入；除向财政专户划转外不得发生其他支付业务。
            (Income, Side::Debit) => matches!(other, Interest | TransferIn),
            (Income, Side::Credit) => other == Special,
            // 财政专户: 各项基金收入全部缴入；向支出户拨付。
            (Special, Side::Debit) => matches!(other, Contributions | Subsidies | Collective | Income | Interest),
            (Special, Side::Credit) => other == Expenditure,
            // 支出户: 除财政专户拨入、利息收入、原渠道退回外不得发生其他收入业务。
            (Expenditure, Side::Debit) => matches!(other, Special | Interest | Clearing),
            (Expenditure, Side::Credit) => matches!(other, Clearing | TransferOut),
            _ => true,
        }
    }

    /// The rule of a bank account in words, for a refusal.
    pub fn rule(self) -> &'static str {
        match self {
            Account::Income => "收入户只暂存利息收入、转移收入，除向财政专户划转外不得发生其他支付业务",
            Account::Special => "财政专户接收各项基金收入和收入户划转，只向支出户拨付",
            Account::Expenditure => "支出户只接收财政专户拨入、利息收入和原渠道退回，只用于支付待遇（经代发银行）和转移支出",
            _ => "",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub account: Account,
    pub side: Side,
    pub fen: i64,
}

impl Line {
    pub fn debit(account: Account, fen: i64) -> Line {
        Line { account, side: Side::Debit, fen }
    }

    pub fn credit(account: Account, fen: i64) -> Line {
        Line { account, side: Side::Credit, fen }
    }
}

/// A checked voucher: lines with positive amounts, debits equal to
/// credits, every bank account moved only as its rule allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voucher {
    lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherError {
    #[error("凭证没有分录")]
    Empty,
    #[error("分录金额必须大于零")]
    NotPositive,
    #[error("借方合计 {debits} 分与贷方合计 {credits} 分不等")]
    Unbalanced { debits: i64, credits: i64 },
    #[error("不允许的资金划转：{0}")]
    NotAllowed(&'static str),
}

impl Voucher {
    /// Lines of zero are left out (a voucher with nothing left is
    /// [`VoucherError::Empty`]).
    pub fn new(lines: impl IntoIterator<Item = Line>) -> Result<Voucher, VoucherError> {
        let lines: Vec<Line> = lines.into_iter().filter(|l| l.fen != 0).collect();
        if lines.is_empty() {
            return Err(VoucherError::Empty);
        }
        if lines.iter().any(|l| l.fen < 0) {
            return Err(VoucherError::NotPositive);
        }
        let sum = |side| lines.iter().filter(|l| l.side == side).try_fold(0i64, |s, l| s.checked_add(l.fen));
        let (debits, credits) = (sum(Side::Debit).ok_or(VoucherError::NotPositive)?, sum(Side::Credit).ok_or(VoucherError::NotPositive)?);
        if debits != credits {
            return Err(VoucherError::Unbalanced { debits, credits });
        }
        // The paying account's rule first: it is the one a refusal names.
        for l in
            lines.iter().filter(|l| l.account.is_bank() && l.side == Side::Credit).chain(lines.iter().filter(|l| l.account.is_bank() && l.side == Side::Debit))
        {
            if lines.iter().filter(|o| o.side != l.side).any(|o| !l.account.allows(l.side, o.account)) {
                return Err(VoucherError::NotAllowed(l.account.rule()));
            }
        }
        Ok(Voucher { lines })
    }

    /// A movement of `fen` from one account to another: `to` is debited.
    pub fn movement(from: Account, to: Account, fen: i64) -> Result<Voucher, VoucherError> {
        Voucher::new([Line::debit(to, fen), Line::credit(from, fen)])
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    pub fn total(&self) -> i64 {
        self.lines.iter().filter(|l| l.side == Side::Debit).map(|l| l.fen).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_procedure_movements_are_allowed() {
        use Account::*;
        for (from, to) in [
            (Income, Special),
            (Special, Expenditure),
            (Expenditure, Clearing),
            (Clearing, Expenditure),
            (Expenditure, TransferOut),
            (TransferIn, Income),
            (Interest, Income),
            (Interest, Expenditure),
            (Contributions, Special),
            (Clearing, Benefits),
        ] {
            assert!(Voucher::movement(from, to, 100).is_ok(), "{from:?} → {to:?}");
        }
    }

    #[test]
    fn the_income_account_pays_only_into_the_special_account() {
        use Account::*;
        for to in [Expenditure, Clearing, TransferOut, Benefits] {
            assert_eq!(Voucher::movement(Income, to, 100), Err(VoucherError::NotAllowed(Income.rule())), "{to:?}");
        }
        // and the expenditure account takes no contributions, nor money
        // straight from the income account.
        assert_eq!(Voucher::movement(Contributions, Expenditure, 1), Err(VoucherError::NotAllowed(Expenditure.rule())));
        assert!(matches!(Voucher::movement(Special, Income, 1), Err(VoucherError::NotAllowed(_))));
    }

    #[test]
    fn an_unbalanced_or_empty_voucher_is_refused() {
        use Account::*;
        assert_eq!(
            Voucher::new([Line::debit(Special, 100), Line::credit(Contributions, 60), Line::credit(Subsidies, 30)]),
            Err(VoucherError::Unbalanced { debits: 100, credits: 90 })
        );
        assert_eq!(Voucher::new([Line::debit(Special, 0), Line::credit(Contributions, 0)]), Err(VoucherError::Empty));
        assert_eq!(Voucher::new([Line::debit(Special, -5), Line::credit(Contributions, -5)]), Err(VoucherError::NotPositive));
    }

    fn line() -> impl Strategy<Value = Line> {
        (0..ACCOUNTS.len(), any::<bool>(), 0i64..100_000_000).prop_map(|(a, d, fen)| Line {
            account: ACCOUNTS[a],
            side: if d { Side::Debit } else { Side::Credit },
            fen,
        })
    }

    proptest! {
        /// F2: a voucher is accepted only if its debits equal its credits,
        /// and then any set of accepted vouchers keeps the whole ledger
        /// balanced (the sum of every account's debit-side balance is 0).
        #[test]
        fn debits_equal_credits_for_every_voucher_and_the_ledger(sets in proptest::collection::vec(proptest::collection::vec(line(), 1..6), 1..30)) {
            let mut ledger = std::collections::HashMap::<Account, (i64, i64)>::new();
            for lines in sets {
                let debits: i64 = lines.iter().filter(|l| l.side == Side::Debit).map(|l| l.fen).sum();
                let credits: i64 = lines.iter().filter(|l| l.side == Side::Credit).map(|l| l.fen).sum();
                match Voucher::new(lines.clone()) {
                    Ok(v) => {
                        prop_assert_eq!(debits, credits);
                        for l in v.lines() {
                            let e = ledger.entry(l.account).or_default();
                            if l.side == Side::Debit { e.0 += l.fen } else { e.1 += l.fen }
                        }
                    }
                    Err(VoucherError::Unbalanced { .. }) => prop_assert_ne!(debits, credits),
                    Err(_) => {}
                }
            }
            let net: i64 = ledger.values().map(|(d, c)| d - c).sum();
            prop_assert_eq!(net, 0);
        }

        /// Balanced movements between any two accounts: accepted exactly
        /// when both accounts' rules allow them.
        #[test]
        fn a_movement_is_accepted_exactly_when_both_rules_allow_it(a in 0..ACCOUNTS.len(), b in 0..ACCOUNTS.len(), fen in 1i64..1_000_000) {
            let (from, to) = (ACCOUNTS[a], ACCOUNTS[b]);
            let allowed = to.allows(Side::Debit, from) && from.allows(Side::Credit, to);
            prop_assert_eq!(Voucher::movement(from, to, fen).is_ok(), allowed);
        }
    }
}
