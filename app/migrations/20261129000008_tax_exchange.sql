-- C5: registration data sent to the tax bureau. Every change to what the
-- bureau must know (a new insured person, a change of details or tier, a
-- stop) is queued here in the transaction that makes it; an export takes
-- the queue, validates each person's current data, writes the file and
-- marks what it sent with its batch. Invalid people stay queued.
CREATE TABLE registration_changes (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    change TEXT NOT NULL CHECK (change IN ('new', 'changed', 'stopped')),
    old_id_kind TEXT,
    old_id_number TEXT,
    at TEXT NOT NULL,
    export_batch TEXT
);
CREATE INDEX registration_changes_pending ON registration_changes (export_batch, at);

-- Files the system writes for the bureau (registration data, the
-- government-paid list), kept with their batch for download.
CREATE TABLE export_files (
    batch_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    exported_by TEXT NOT NULL,
    rows_exported BIGINT NOT NULL,
    rows_held BIGINT NOT NULL,
    content TEXT NOT NULL
);

-- C4: the hardship groups named by civil affairs (the whole current list,
-- replaced by each import), and the yearly government-paid list generated
-- from it: one row per person and year, so generating again adds only
-- people who were not on that year's list.
CREATE TABLE special_groups (
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    group_name TEXT NOT NULL,
    PRIMARY KEY (id_kind, id_number)
);

CREATE TABLE government_paid (
    year BIGINT NOT NULL,
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    group_name TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    batch_id TEXT NOT NULL,
    PRIMARY KEY (year, account_id)
);
