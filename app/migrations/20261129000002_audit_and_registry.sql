-- The audit trail (G3): append-only, hash-chained (domain::audit).
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    on_behalf_of TEXT,
    role TEXT,
    kiosk TEXT,
    channel TEXT NOT NULL,
    ip TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);

-- The household registry shared by the public security bureau (G2): the
-- basis of real-name checks. One row per document; a newer record (by the
-- bureau's record date) replaces an older one.
CREATE TABLE registry_persons (
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    address TEXT NOT NULL,
    village_code TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    death_date TEXT,
    record_date TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    PRIMARY KEY (id_kind, id_number)
);
CREATE INDEX registry_persons_village ON registry_persons (village_code);

-- One row per imported file; the file's SHA-256 makes a repeat a no-op.
CREATE TABLE registry_imports (
    batch_id TEXT PRIMARY KEY,
    file_sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    encoding TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    rows_total BIGINT NOT NULL,
    rows_added BIGINT NOT NULL,
    rows_updated BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL
);

CREATE TABLE registry_import_errors (
    batch_id TEXT NOT NULL REFERENCES registry_imports (batch_id),
    line BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (batch_id, line)
);
