-- Detail changes (E4, E5). The insured person's own record holds sex,
-- birth date and ethnicity (copied from the registry at enrolment) so that
-- an E4 change applies at once and an E5 change of birth date is kept.
ALTER TABLE insured_persons ADD COLUMN sex TEXT;
ALTER TABLE insured_persons ADD COLUMN birth_date TEXT;
ALTER TABLE insured_persons ADD COLUMN ethnicity TEXT;
UPDATE insured_persons SET
    sex = (SELECT r.sex FROM registry_persons r WHERE r.id_kind = insured_persons.id_kind AND r.id_number = insured_persons.id_number),
    birth_date = (SELECT r.birth_date FROM registry_persons r WHERE r.id_kind = insured_persons.id_kind AND r.id_number = insured_persons.id_number),
    ethnicity = (SELECT r.ethnicity FROM registry_persons r WHERE r.id_kind = insured_persons.id_kind AND r.id_number = insured_persons.id_number);

-- E5: each approved change of name, birth date or document number. The
-- person's records (insured record, account, cases, sign-in account,
-- agencies) are re-keyed to the new number in the same transaction; this
-- table keeps the link from the old number, so the history stays whole.
CREATE TABLE person_key_changes (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    old_id_kind TEXT NOT NULL,
    old_id_number TEXT NOT NULL,
    new_id_kind TEXT NOT NULL,
    new_id_number TEXT NOT NULL,
    old_name TEXT NOT NULL,
    new_name TEXT NOT NULL,
    old_birth_date TEXT,
    new_birth_date TEXT,
    changed_at TEXT NOT NULL
);
CREATE INDEX person_key_changes_new ON person_key_changes (new_id_kind, new_id_number);
CREATE INDEX person_key_changes_old ON person_key_changes (old_id_kind, old_id_number);

-- Every imported file (registry, other-scheme list, and the tax bureau's
-- files of issue 5) is one batch of one kind: the file's SHA-256 makes a
-- repeat of the same kind a no-op, and refused lines are kept with it.
-- Replaces the registry's own tables of migration 2.
CREATE TABLE import_batches (
    batch_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    encoding TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    rows_total BIGINT NOT NULL,
    rows_added BIGINT NOT NULL,
    rows_updated BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    UNIQUE (kind, file_sha256)
);
CREATE TABLE import_rejections (
    batch_id TEXT NOT NULL REFERENCES import_batches (batch_id),
    line BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (batch_id, line)
);
INSERT INTO import_batches (batch_id, kind, file_sha256, file_name, encoding, imported_at, imported_by,
    rows_total, rows_added, rows_updated, rows_unchanged, rows_rejected)
SELECT batch_id, 'registry', file_sha256, file_name, encoding, imported_at, imported_by,
    rows_total, rows_added, rows_updated, rows_unchanged, rows_rejected FROM registry_imports;
INSERT INTO import_rejections (batch_id, line, reason) SELECT batch_id, line, reason FROM registry_import_errors;
DROP TABLE registry_import_errors;
DROP TABLE registry_imports;
