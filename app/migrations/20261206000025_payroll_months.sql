-- No payroll month lost (B5, B6), and the determination's interest (B1).
--
-- 1. Each change of a pension gets the payroll month it takes effect in
--    (`effective_month`, a month as year × 12 + month − 1): the first
--    month of a new pension, or the first month of the county's payroll
--    not yet generated when the change was recorded. The league's check
--    explains a line by the event that makes it due in that month,
--    whenever the event was recorded. Events recorded before this
--    migration take the first run-1 month of their county generated after
--    them (the month after the last one generated, or the month they were
--    recorded in, when none was).
ALTER TABLE pension_events ADD COLUMN effective_month BIGINT;
UPDATE pension_events SET effective_month = (
    SELECT COALESCE(
        (SELECT MIN(b.month) FROM payroll_batches b WHERE b.county_code = p.county_code AND b.run = 1 AND b.generated_at > pension_events.at),
        (SELECT MAX(b.month) + 1 FROM payroll_batches b WHERE b.county_code = p.county_code AND b.run = 1),
        CAST(substr(pension_events.at, 1, 4) AS BIGINT) * 12 + CAST(substr(pension_events.at, 6, 2) AS BIGINT) - 1)
    FROM pensions p WHERE p.id = pension_events.pension_id);
UPDATE pension_events SET effective_month = (SELECT p.first_month FROM pensions p WHERE p.id = pension_events.pension_id)
    WHERE event = 'start' AND effective_month < (SELECT p.first_month FROM pensions p WHERE p.id = pension_events.pension_id);
CREATE INDEX pension_events_effective ON pension_events (pension_id, effective_month);

-- 2. A county batch that cannot pass the check is kept as `void` (who,
--    when, why) when the clerk corrects the data and generates the month
--    again; its lines become `void` too and leave the once-only rule. The
--    month's run is unique among the batches that are not void. What a
--    line withheld of a pending difference (B4) is kept, so a void gives
--    it back. The two tables are rebuilt (SQLite cannot change a CHECK or
--    drop a UNIQUE): same rows, same ids.
CREATE TABLE payroll_batches_new (
    id TEXT PRIMARY KEY,
    county_code TEXT NOT NULL,
    league_code TEXT NOT NULL,
    month BIGINT NOT NULL,
    run BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('generated', 'checked', 'sent', 'void')),
    items BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    generated_at TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    check_report TEXT,
    checked_at TEXT,
    checked_by TEXT,
    bank_file TEXT,
    recipients BIGINT NOT NULL DEFAULT 0,
    voided_at TEXT,
    voided_by TEXT,
    void_reason TEXT
);
INSERT INTO payroll_batches_new (id, county_code, league_code, month, run, state, items, total_fen, generated_at, generated_by, check_report,
    checked_at, checked_by, bank_file, recipients)
    SELECT id, county_code, league_code, month, run, state, items, total_fen, generated_at, generated_by, check_report, checked_at, checked_by,
    bank_file, recipients FROM payroll_batches;

CREATE TABLE payroll_items_new (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES payroll_batches_new (id),
    pension_id TEXT REFERENCES pensions (id),
    case_id TEXT REFERENCES settlements (case_id),
    month BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    name TEXT NOT NULL,
    bank_card TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('generated', 'sent', 'paid', 'failed', 'reissued', 'void')),
    failure TEXT,
    kind TEXT NOT NULL DEFAULT 'monthly',
    id_number TEXT NOT NULL DEFAULT '',
    live BIGINT DEFAULT 1,
    withheld_fen BIGINT NOT NULL DEFAULT 0,
    CHECK ((kind = 'settlement' AND case_id IS NOT NULL AND pension_id IS NULL) OR (kind <> 'settlement' AND pension_id IS NOT NULL AND case_id IS NULL))
);
INSERT INTO payroll_items_new (id, batch_id, pension_id, case_id, month, amount_fen, name, bank_card, status, failure, kind, id_number, live)
    SELECT id, batch_id, pension_id, case_id, month, amount_fen, name, bank_card, status, failure, kind, id_number, live FROM payroll_items;
DROP TABLE payroll_items;
DROP TABLE payroll_batches;
ALTER TABLE payroll_batches_new RENAME TO payroll_batches;
ALTER TABLE payroll_items_new RENAME TO payroll_items;
CREATE UNIQUE INDEX payroll_batches_run ON payroll_batches (county_code, month, run) WHERE state <> 'void';
CREATE INDEX payroll_batches_league ON payroll_batches (league_code, month);
CREATE UNIQUE INDEX payroll_items_once ON payroll_items (pension_id, month, kind, live);
CREATE INDEX payroll_items_batch ON payroll_items (batch_id);
CREATE UNIQUE INDEX payroll_items_settled_once ON payroll_items (case_id) WHERE case_id IS NOT NULL AND status IN ('generated', 'sent', 'paid');
CREATE INDEX payroll_items_case ON payroll_items (case_id) WHERE case_id IS NOT NULL;

-- 3. A difference the check cannot explain from the events is explained
--    by a league fund officer in words, and counts only once another
--    officer of the league approved it (four eyes).
CREATE TABLE payroll_explanations (
    batch_id TEXT NOT NULL REFERENCES payroll_batches (id),
    pension_id TEXT NOT NULL REFERENCES pensions (id),
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    PRIMARY KEY (batch_id, pension_id)
);

-- 4. The league's bank file of a month and run goes out in parts: the
--    counties that passed the check first, a county cleared later in a
--    supplementary file of the same month (part 2, 3 …).
CREATE TABLE bank_files_new (
    id TEXT PRIMARY KEY,
    league_code TEXT NOT NULL,
    month BIGINT NOT NULL,
    run BIGINT NOT NULL,
    part BIGINT NOT NULL,
    lines BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    funded_fen BIGINT NOT NULL,
    funded_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (league_code, month, run, part)
);
INSERT INTO bank_files_new (id, league_code, month, run, part, lines, total_fen, funded_fen, funded_at, created_by)
    SELECT id, league_code, month, run, 1, lines, total_fen, funded_fen, funded_at, created_by FROM bank_files;
DROP TABLE bank_files;
ALTER TABLE bank_files_new RENAME TO bank_files;

-- 5. B1: the interest to the month before the first month paid, part of
--    the stored amount a pension was determined on (`balance_fen`).
ALTER TABLE pensions ADD COLUMN interest_fen BIGINT NOT NULL DEFAULT 0;

-- 6. D5: which deaths the funeral grant was paid for (the policy in force
--    at the death, `funeral.grant_deaths`) and the contribution years its
--    tier followed, as the settlement form states them.
ALTER TABLE settlements ADD COLUMN grant_rule TEXT;
ALTER TABLE settlements ADD COLUMN grant_years BIGINT;
