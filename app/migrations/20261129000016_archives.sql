-- Electronic archives (S2): one record per finished case, written once by
-- the archiving run (backend::archives::run; a case archived before is
-- skipped, so the run can be repeated or cut short and run again). The
-- manifest holds the case, its form, its timeline and its documents
-- (kind, name, type, size, SHA-256); `manifest_sha256` seals it, and the
-- package exported later carries the same text. Retention per
-- domain::archive.
CREATE TABLE archives (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    case_type TEXT NOT NULL,
    person_id_kind TEXT NOT NULL,
    person_id_number TEXT NOT NULL,
    person_name TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    outcome TEXT NOT NULL,
    finished_on TEXT NOT NULL,
    retention TEXT NOT NULL CHECK (retention IN ('permanent', 'long', 'short')),
    keep_until TEXT,
    documents BIGINT NOT NULL,
    manifest TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    archived_at TEXT NOT NULL,
    archived_by TEXT NOT NULL,
    -- Handed over to the archive office (移交; permanent and long-term
    -- records only), in the batch whose catalogue lists it.
    handover_id TEXT,
    handed_over_on TEXT
);
CREATE INDEX archives_handover ON archives (handover_id);
CREATE INDEX archives_person ON archives (person_id_kind, person_id_number);
CREATE INDEX archives_place ON archives (jurisdiction, finished_on);
