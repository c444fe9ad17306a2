-- Reference data: divisions, the working-day calendar, policy parameters.
-- Written in the SQL that SQLite and PostgreSQL share (TEXT, BIGINT,
-- ON CONFLICT); dates are ISO-8601 TEXT, money is BIGINT fen.

CREATE TABLE app_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE divisions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT REFERENCES divisions (code)
);
CREATE INDEX divisions_parent ON divisions (parent_code);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note TEXT NOT NULL
);

CREATE TABLE policy_params (
    key TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (key, effective_from)
);
