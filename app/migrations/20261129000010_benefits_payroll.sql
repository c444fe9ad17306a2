-- Benefits (issue 6; B1, B3, B5, B6). Months are stored as
-- year × 12 + month − 1 (domain::benefit::Month).

-- One pension per account, determined when the claim is approved.
-- `next_month` is the first month no payroll item has been generated for:
-- the payroll pays every month from it to the payroll's month (arrears
-- of a late claim or of a resumption with back pay come by themselves).
CREATE TABLE pensions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL UNIQUE REFERENCES personal_accounts (id),
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    county_code TEXT NOT NULL,
    claim_case TEXT NOT NULL,
    first_month BIGINT NOT NULL,
    next_month BIGINT NOT NULL,
    contribution_years BIGINT NOT NULL,
    balance_fen BIGINT NOT NULL,
    divisor BIGINT NOT NULL,
    basic_fen BIGINT NOT NULL,
    account_fen BIGINT NOT NULL,
    extra_fen BIGINT NOT NULL,
    monthly_fen BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'stopped')),
    status_reason TEXT,
    determined_on TEXT NOT NULL
);
CREATE INDEX pensions_payroll ON pensions (county_code, status);
CREATE INDEX pensions_person ON pensions (id_kind, id_number);

-- Every change to a pension (start, suspend, resume, stop, adjust), when
-- it was recorded: what explains a difference between two months'
-- payrolls (B5). Append-only in use.
CREATE TABLE pension_events (
    id TEXT PRIMARY KEY,
    pension_id TEXT NOT NULL REFERENCES pensions (id),
    event TEXT NOT NULL CHECK (event IN ('start', 'suspend', 'resume', 'stop', 'adjust')),
    monthly_fen BIGINT NOT NULL,
    reason TEXT,
    at TEXT NOT NULL,
    by_actor TEXT NOT NULL
);
CREATE INDEX pension_events_by_pension ON pension_events (pension_id, at);

-- A county's payroll of a month: run 1 is the month's payroll, runs 2, 3 …
-- pay again what the bank returned as failed. Ids are readable and
-- deterministic: `{county}-{YYYY-MM}-{run}`.
CREATE TABLE payroll_batches (
    id TEXT PRIMARY KEY,
    county_code TEXT NOT NULL,
    league_code TEXT NOT NULL,
    month BIGINT NOT NULL,
    run BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('generated', 'checked', 'sent')),
    items BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    generated_at TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    check_report TEXT,
    checked_at TEXT,
    checked_by TEXT,
    bank_file TEXT,
    UNIQUE (county_code, month, run)
);

-- One line of a payroll: a pension, the month it pays for, the amount and
-- the bank card at generation. generated → sent → paid | failed; a
-- failed item paid again in a later run becomes `reissued`. Nobody is
-- paid twice for a month: at most one item per pension and month is
-- generated, sent or paid (the index below), whatever the code does.
CREATE TABLE payroll_items (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES payroll_batches (id),
    pension_id TEXT NOT NULL REFERENCES pensions (id),
    month BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    name TEXT NOT NULL,
    bank_card TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('generated', 'sent', 'paid', 'failed', 'reissued')),
    failure TEXT
);
CREATE UNIQUE INDEX payroll_items_once ON payroll_items (pension_id, month) WHERE status IN ('generated', 'sent', 'paid');
CREATE INDEX payroll_items_batch ON payroll_items (batch_id);
CREATE INDEX payroll_items_pension ON payroll_items (pension_id, month);

-- The league's file to the agent bank (B5): the checked county batches of
-- a month and run, after the funding transfer from the expenditure
-- account (recorded here with its amount). The file itself is kept in
-- export_files under the same id `{league}-{YYYY-MM}-{run}`.
CREATE TABLE bank_files (
    id TEXT PRIMARY KEY,
    league_code TEXT NOT NULL,
    month BIGINT NOT NULL,
    run BIGINT NOT NULL,
    lines BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    funded_fen BIGINT NOT NULL,
    funded_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (league_code, month, run)
);

-- The columns of the bank file, per agent bank (B5): `default` unless a
-- league names its own.
CREATE TABLE bank_formats (
    league_code TEXT PRIMARY KEY,
    bank TEXT NOT NULL,
    columns TEXT NOT NULL
);
INSERT INTO bank_formats (league_code, bank, columns) VALUES ('default', '代发银行', '流水号,姓名,证件号码,银行卡号,金额,所属期');
