-- The league's fund books (F1, F2): vouchers and their double-entry lines,
-- and the bank statements they are reconciled against.
--
-- A voucher is written once: `source` names the business event it books
-- (a tax batch's deposits of one day, a bank file's funding, the results
-- of its return files so far, a transfer, a bank receipt number for a
-- movement between accounts), so a posting run repeated, or run again
-- after a crash, finds it there and books nothing twice. A correction is
-- a new voucher. `origin` groups the vouchers that book one bank file's
-- results as they arrive.
CREATE TABLE fund_vouchers (
    id TEXT PRIMARY KEY,
    league_code TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL UNIQUE,
    origin TEXT,
    memo TEXT NOT NULL,
    total_fen BIGINT NOT NULL CHECK (total_fen > 0),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX fund_vouchers_day ON fund_vouchers (league_code, booked_on);
CREATE INDEX fund_vouchers_origin ON fund_vouchers (origin);

CREATE TABLE fund_entries (
    voucher_id TEXT NOT NULL REFERENCES fund_vouchers (id),
    line BIGINT NOT NULL,
    league_code TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    account TEXT NOT NULL,
    debit_fen BIGINT NOT NULL CHECK (debit_fen >= 0),
    credit_fen BIGINT NOT NULL CHECK (credit_fen >= 0),
    PRIMARY KEY (voucher_id, line)
);
CREATE INDEX fund_entries_account ON fund_entries (league_code, account, booked_on);

-- Lines of the banks' statements of the three accounts (the special
-- account's from the finance department), money in positive. One line per
-- bank reference: a statement imported again, or overlapping the last,
-- adds nothing.
CREATE TABLE fund_statement_lines (
    league_code TEXT NOT NULL,
    account TEXT NOT NULL CHECK (account IN ('income', 'special', 'expenditure')),
    reference TEXT NOT NULL,
    booked_on TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen <> 0),
    memo TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    PRIMARY KEY (league_code, account, reference)
);
CREATE INDEX fund_statement_lines_day ON fund_statement_lines (league_code, account, booked_on);
