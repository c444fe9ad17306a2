-- The case engine (issue 4): every application is a case with a type, the
-- person it concerns, who applied and how, where it sits (jurisdiction),
-- its form, its state and step, and the deadline from receipt. `version`
-- makes two decisions at once resolve to exactly one.
CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    case_type TEXT NOT NULL,
    person_id_kind TEXT NOT NULL,
    person_id_number TEXT NOT NULL,
    person_name TEXT NOT NULL,
    applicant_account TEXT NOT NULL,
    applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('self', 'agent', 'staff', 'kiosk')),
    channel TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    state TEXT NOT NULL,
    form_json TEXT NOT NULL,
    received_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_queue ON cases (state, jurisdiction, deadline);
CREATE INDEX cases_person ON cases (person_id_kind, person_id_number);
CREATE INDEX cases_applicant ON cases (applicant_account);

-- Every transition: the timeline the applicant sees and the source of the
-- "who handled which step" rule.
CREATE TABLE case_events (
    case_id TEXT NOT NULL REFERENCES cases (id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    role TEXT,
    event TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (case_id, seq)
);

-- Uploaded files, stored on disk by their SHA-256; the same file twice is
-- stored once. Linked to cases with their kind.
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE case_documents (
    case_id TEXT NOT NULL REFERENCES cases (id),
    sha256 TEXT NOT NULL REFERENCES documents (sha256),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (case_id, sha256, kind)
);

-- The insured (E3: one person, one record across the region) and their
-- personal accounts, opened empty on enrolment.
CREATE TABLE insured_persons (
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL,
    village_code TEXT NOT NULL,
    tier TEXT NOT NULL,
    special_group TEXT,
    phone TEXT,
    bank_card TEXT,
    enrolled_on TEXT NOT NULL,
    enrolment_case TEXT NOT NULL,
    PRIMARY KEY (id_kind, id_number)
);
CREATE TABLE personal_accounts (
    id TEXT PRIMARY KEY,
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    UNIQUE (id_kind, id_number)
);

-- People insured under another basic pension scheme (shared data, G2):
-- their enrolment is refused with the reason (E3).
CREATE TABLE other_scheme_insured (
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    scheme TEXT NOT NULL,
    PRIMARY KEY (id_kind, id_number)
);

-- In-app notifications (submission, return, decision).
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    case_id TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_account ON notifications (account_id, created_at);
