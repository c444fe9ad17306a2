-- The personal account ledger (issue 5; A1–A6). Entries only ever grow
-- (UPDATE/DELETE refused by triggers that `Db::migrate` adds): a
-- correction is a new entry. The balance is the sum of an account's
-- entries. `source` names where an entry came from (`tax:<voucher>`,
-- `interest:<year>`, `case:<id>`); (account, kind, source) is unique, so a
-- voucher, a year's interest or a decided case is booked at most once,
-- whatever is retried.
CREATE TABLE account_entries (
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    credited_on TEXT NOT NULL,
    year BIGINT NOT NULL,
    batch_id TEXT,
    booked_at TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, source)
);
CREATE INDEX account_entries_by_date ON account_entries (account_id, credited_on);

-- Payment details from the tax bureau (C5, A2): one row per tax voucher
-- (税票号码). Personal = the tier, paid by the person or by the
-- government for hardship groups (政府代缴, C4); the government subsidy
-- (缴费补贴), collective subsidy and social donation (C3) beside it.
CREATE TABLE tax_payments (
    voucher TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    year BIGINT NOT NULL,
    tier_fen BIGINT NOT NULL,
    personal_fen BIGINT NOT NULL,
    government_paid_fen BIGINT NOT NULL,
    subsidy_fen BIGINT NOT NULL,
    collective_fen BIGINT NOT NULL,
    donation_fen BIGINT NOT NULL,
    deposited_on TEXT NOT NULL,
    batch_id TEXT NOT NULL
);
CREATE INDEX tax_payments_account ON tax_payments (account_id, year);
CREATE INDEX tax_payments_batch ON tax_payments (batch_id);

-- Year-end interest runs (A3): one row per year once every account is
-- posted. Posting itself is per account and idempotent (the entry's key).
CREATE TABLE interest_runs (
    year BIGINT PRIMARY KEY,
    rate TEXT NOT NULL,
    accounts_posted BIGINT NOT NULL,
    finished_at TEXT NOT NULL
);

-- Statements issued (A4): a year's statement as shown, by its digest. The
-- code is what the QR code links to; verification recomputes the year
-- from the ledger and compares digests.
CREATE TABLE statements (
    code TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    year BIGINT NOT NULL,
    digest TEXT NOT NULL,
    closing_fen BIGINT NOT NULL,
    name_masked TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    UNIQUE (account_id, year, digest)
);

-- C1: the tier an insured person chose for a contribution year; sent to
-- the tax bureau with the registration data.
CREATE TABLE contribution_choices (
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    year BIGINT NOT NULL,
    tier_fen BIGINT NOT NULL,
    chosen_at TEXT NOT NULL,
    chosen_by TEXT NOT NULL,
    PRIMARY KEY (account_id, year)
);
