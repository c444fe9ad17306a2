-- Identity (issue 3): accounts of residents and staff, passkeys, passkey
-- ceremonies, sessions, one-time codes, throttling, staff invitations,
-- kiosks, and agents' relationships. Times are UTC RFC 3339 text, which
-- sorts and compares correctly as text in both engines.

-- A resident's account is tied to one registry identity; a staff account
-- has a login, roles and a jurisdiction.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('resident', 'staff')),
    display_name TEXT NOT NULL,
    id_kind TEXT,
    id_number TEXT,
    login TEXT UNIQUE,
    jurisdiction TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    disabled_at TEXT,
    UNIQUE (id_kind, id_number),
    CHECK ((kind = 'resident' AND id_number IS NOT NULL) OR (kind = 'staff' AND login IS NOT NULL AND jurisdiction IS NOT NULL))
);

CREATE TABLE account_roles (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    role TEXT NOT NULL,
    PRIMARY KEY (account_id, role)
);

-- A credential id can be registered once only, by anybody.
CREATE TABLE passkeys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    credential_id TEXT NOT NULL UNIQUE,
    passkey_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX passkeys_account ON passkeys (account_id);

-- Passkey ceremony state stays here: bound to the browser that started it
-- (a hash of its ceremony cookie), used once, expiring.
CREATE TABLE ceremonies (
    id TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in')),
    account_id TEXT,
    binding_hash TEXT NOT NULL,
    state_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

-- Only a hash of the session id is stored: a leaked table signs nobody in.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    method TEXT NOT NULL CHECK (method IN ('passkey', 'code')),
    kiosk_id TEXT,
    served_id_kind TEXT,
    served_id_number TEXT,
    attested INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

-- One-time codes: only a hash is kept; a code has a few tries and expires.
CREATE TABLE one_time_codes (
    id TEXT PRIMARY KEY,
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    used_at TEXT
);
CREATE INDEX one_time_codes_person ON one_time_codes (id_kind, id_number, created_at);

-- Throttling: one row per counted event (code sent, failed attempt) per
-- key (a person, an address); the window slides, so nothing lasts forever.
CREATE TABLE auth_events (
    throttle_key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX auth_events_key ON auth_events (throttle_key, at);

-- A new staff member registers their first passkey through a one-time link.
CREATE TABLE staff_invites (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

-- A kiosk is a device of a township; the device holds a token whose hash
-- is here, and nothing else.
CREATE TABLE kiosks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    township TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    setup_hash TEXT UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
);

-- An agent (heir, designated beneficiary) acting for one named person, for
-- the case types the relationship allows, under a commitment letter.
CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    agent_account TEXT NOT NULL REFERENCES accounts (id),
    principal_id_kind TEXT NOT NULL,
    principal_id_number TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('heir', 'beneficiary')),
    case_types TEXT NOT NULL,
    commitment_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    UNIQUE (agent_account, principal_id_kind, principal_id_number)
);
