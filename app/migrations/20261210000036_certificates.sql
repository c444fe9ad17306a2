-- Issue 36 §4: the certificates a resident prints for other offices
-- (参保证明, 待遇领取证明). Each row is what one certificate stated, as of
-- its day, under the verification code printed on it and held by its QR
-- code. The same facts on the same day keep one code.
CREATE TABLE certificates (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('insured', 'receiving')),
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name_masked TEXT NOT NULL,
    facts_json TEXT NOT NULL,
    digest TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    UNIQUE (kind, id_kind, id_number, digest, issued_on)
);
