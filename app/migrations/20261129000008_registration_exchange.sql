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

CREATE TABLE registration_exports (
    batch_id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    exported_by TEXT NOT NULL,
    rows_exported BIGINT NOT NULL,
    rows_held BIGINT NOT NULL,
    content TEXT NOT NULL
);
