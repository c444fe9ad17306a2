-- Consultations and reports (咨询、举报, S4) and the data internal audit
-- compares (S3).

-- One consultation or report. `tracking` is the number the filer keeps
-- (domain::consultation: unguessable, it is all an anonymous filer has).
-- `owner` is the first-contact owner (首问负责制) who answers it: the
-- clerk who took it by phone or at the window, or for an online filing
-- the county clerk of the chosen county with the fewest open items; none
-- when the county has no clerk yet (a clerk of the county then takes it).
-- The filer's contact is optional and seen only by the owner.
CREATE TABLE consultations (
    tracking TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('consultation', 'report')),
    county_code TEXT NOT NULL,
    topic TEXT NOT NULL,
    body TEXT NOT NULL,
    contact_name TEXT,
    contact TEXT,
    channel TEXT NOT NULL,
    filed_by TEXT,
    owner TEXT,
    owner_name TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    received_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    answer TEXT,
    answered_on TEXT,
    answered_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX consultations_county ON consultations (county_code, status, deadline);
CREATE INDEX consultations_owner ON consultations (owner, status);

-- The justice bureau's list of people held in custody (G2, B8), imported
-- whole like the other agencies' lists: since when each is held. A
-- recipient on it paid for a month after the one custody began is a risk.
CREATE TABLE custody_list (
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (id_kind, id_number)
);
