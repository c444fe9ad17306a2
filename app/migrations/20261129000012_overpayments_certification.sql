-- Keeping payments right (issue 6; B9, B12).

-- An overpayment (冒领, B12): months paid after a death or a loss of
-- eligibility. What was overpaid is not stored: it is always the sum of
-- the pension's paid items from `from_month` on (a return file arriving
-- later counts by itself). One per pension.
CREATE TABLE overpayments (
    id TEXT PRIMARY KEY,
    pension_id TEXT NOT NULL UNIQUE REFERENCES pensions (id),
    ground TEXT NOT NULL CHECK (ground IN ('death', 'ineligible')),
    event_date TEXT NOT NULL,
    from_month BIGINT NOT NULL,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL
);

-- Each recovery step, in order (append-only): taken from the account
-- balance (with a `recovery` ledger entry), withheld from the funeral
-- grant (the deregistration settlement pays the grant less this), a
-- refund order to the person or family, a refund received, a referral to
-- the administrative department.
CREATE TABLE overpayment_steps (
    overpayment_id TEXT NOT NULL REFERENCES overpayments (id),
    seq BIGINT NOT NULL,
    step TEXT NOT NULL CHECK (step IN ('balance', 'funeral_grant', 'refund_order', 'refund', 'referral')),
    amount_fen BIGINT NOT NULL,
    note TEXT,
    at TEXT NOT NULL,
    by_actor TEXT NOT NULL,
    PRIMARY KEY (overpayment_id, seq)
);

-- Eligibility certifications (资格认证, B9), append-only: by data
-- comparison (a registry record), by the person with their passkey, or
-- assisted by staff at a kiosk or on a home visit. A pension is due again
-- 12 months after its latest certification (or its determination).
CREATE TABLE certifications (
    id TEXT PRIMARY KEY,
    pension_id TEXT NOT NULL REFERENCES pensions (id),
    method TEXT NOT NULL CHECK (method IN ('data', 'self', 'kiosk', 'home_visit')),
    certified_on TEXT NOT NULL,
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    by_actor TEXT NOT NULL,
    UNIQUE (pension_id, method, certified_on)
);
CREATE INDEX certifications_pension ON certifications (pension_id, certified_on);

-- Warnings sent before a certification falls due: once per pension and due day.
CREATE TABLE certification_warnings (
    pension_id TEXT NOT NULL REFERENCES pensions (id),
    due_on TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (pension_id, due_on)
);

-- B8: a recipient under community correction (public surveillance, a
-- suspended sentence, serving outside prison) keeps being paid but takes
-- no increases until this day.
ALTER TABLE pensions ADD COLUMN no_increase_until TEXT;

-- Increases of the basic pension (调待) per county and month: the rise
-- between the policy in force the day before the month and on its first
-- day, added to each pension started before it (once: the key).
CREATE TABLE increase_runs (
    county_code TEXT NOT NULL,
    month BIGINT NOT NULL,
    delta_fen BIGINT NOT NULL,
    raised BIGINT NOT NULL,
    skipped BIGINT NOT NULL,
    at TEXT NOT NULL,
    by_actor TEXT NOT NULL,
    PRIMARY KEY (county_code, month)
);

-- B4: a one-off line of a payroll (the difference of past months after a
-- re-determination) beside the monthly ones; at most one live line per
-- pension, month and kind.
ALTER TABLE payroll_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'monthly';
-- The ID number as sent to the bank, kept on the line like the name and
-- the card (the bank file then reads the lines alone).
ALTER TABLE payroll_items ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
DROP INDEX payroll_items_once;
CREATE UNIQUE INDEX payroll_items_once ON payroll_items (pension_id, month, kind) WHERE status IN ('generated', 'sent', 'paid');
-- What the coming payrolls still pay (positive) or withhold (negative).
ALTER TABLE pensions ADD COLUMN pending_fen BIGINT NOT NULL DEFAULT 0;

-- B4: a re-determination after a dispute over the amount (a case of type
-- benefit_review): the parts before and after, the monthly difference,
-- the months it applies to and the total, until the person confirms it.
CREATE TABLE benefit_reviews (
    case_id TEXT PRIMARY KEY,
    pension_id TEXT NOT NULL REFERENCES pensions (id),
    old_account_fen BIGINT NOT NULL,
    old_extra_fen BIGINT NOT NULL,
    new_account_fen BIGINT NOT NULL,
    new_extra_fen BIGINT NOT NULL,
    new_balance_fen BIGINT NOT NULL,
    new_years BIGINT NOT NULL,
    delta_fen BIGINT NOT NULL,
    months TEXT NOT NULL,
    total_fen BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('awaiting', 'confirmed', 'no_change')),
    decided_at TEXT NOT NULL,
    confirmed_at TEXT
);
-- The few pensions with something pending, found without scanning all.
CREATE INDEX pensions_pending ON pensions (county_code) WHERE pending_fen <> 0;
