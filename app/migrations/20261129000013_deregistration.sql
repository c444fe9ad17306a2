-- Deregistration (注销登记, D1–D4): the settlement of the closed account,
-- paid to the heir (or the person) through the bank file as a one-off line.

-- One settlement per account, made when the case is approved: the parts
-- (domain::settlement), who is paid and to which card. The card may be
-- corrected after a failed payment (the reissue pays to the card as it is
-- then); everything else is written once.
CREATE TABLE settlements (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    account_id TEXT NOT NULL UNIQUE REFERENCES personal_accounts (id),
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    county_code TEXT NOT NULL,
    ground TEXT NOT NULL CHECK (ground IN ('death', 'nationality', 'other_pension')),
    event_date TEXT NOT NULL,
    payee_name TEXT NOT NULL,
    payee_id_kind TEXT NOT NULL,
    payee_id_number TEXT NOT NULL,
    relation TEXT NOT NULL,
    bank_card TEXT NOT NULL,
    balance_fen BIGINT NOT NULL,
    interest_fen BIGINT NOT NULL,
    interest_note TEXT NOT NULL,
    to_fund_fen BIGINT NOT NULL,
    account_paid_fen BIGINT NOT NULL,
    grant_fen BIGINT NOT NULL,
    grant_withheld_fen BIGINT NOT NULL,
    grant_paid_fen BIGINT NOT NULL,
    total_fen BIGINT NOT NULL CHECK (total_fen >= 0),
    settled_on TEXT NOT NULL,
    settled_by TEXT NOT NULL
);
CREATE INDEX settlements_county ON settlements (county_code);

ALTER TABLE personal_accounts ADD COLUMN closed_on TEXT;
ALTER TABLE insured_persons ADD COLUMN deregistered_on TEXT;

-- A payroll line is now either a month of a pension (pension_id) or the
-- one-off payment of a settlement (case_id, kind 'settlement'). The
-- table is rebuilt (SQLite cannot drop NOT NULL); same rows, same ids.
CREATE TABLE payroll_items_new (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES payroll_batches (id),
    pension_id TEXT REFERENCES pensions (id),
    case_id TEXT REFERENCES settlements (case_id),
    month BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    name TEXT NOT NULL,
    bank_card TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('generated', 'sent', 'paid', 'failed', 'reissued')),
    failure TEXT,
    kind TEXT NOT NULL DEFAULT 'monthly',
    id_number TEXT NOT NULL DEFAULT '',
    CHECK ((kind = 'settlement' AND case_id IS NOT NULL AND pension_id IS NULL) OR (kind <> 'settlement' AND pension_id IS NOT NULL AND case_id IS NULL))
);
INSERT INTO payroll_items_new (id, batch_id, pension_id, case_id, month, amount_fen, name, bank_card, status, failure, kind, id_number)
    SELECT id, batch_id, pension_id, NULL, month, amount_fen, name, bank_card, status, failure, kind, id_number FROM payroll_items;
DROP TABLE payroll_items;
ALTER TABLE payroll_items_new RENAME TO payroll_items;
CREATE UNIQUE INDEX payroll_items_once ON payroll_items (pension_id, month, kind) WHERE status IN ('generated', 'sent', 'paid');
CREATE INDEX payroll_items_batch ON payroll_items (batch_id);
CREATE INDEX payroll_items_pension ON payroll_items (pension_id, month);
-- Nobody is paid a settlement twice either. Both indexes leave out the
-- monthly lines (no case), so the monthly payroll does not maintain them.
CREATE UNIQUE INDEX payroll_items_settled_once ON payroll_items (case_id) WHERE case_id IS NOT NULL AND status IN ('generated', 'sent', 'paid');
CREATE INDEX payroll_items_case ON payroll_items (case_id) WHERE case_id IS NOT NULL;
