-- Transfers (关系转移接续, T1–T4). Across leagues each deployment keeps its
-- own side of a transfer; the two exchange signed documents (接收函, 审批表
-- with 信息表, refusal, 办结反馈) over HTTP, or as files when the line is down.

-- One transfer as this deployment sees it. `id` is the transfer-in case at
-- the new place: both sides use it. Direction 'in': we are the new place;
-- 'out': the old place.
CREATE TABLE transfers (
    id TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    peer TEXT NOT NULL,
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL,
    county_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('letter_sent', 'funds_pending', 'completed', 'refused', 'funds_sent')),
    reason TEXT,
    -- The balance moved (interest to date included) and that interest.
    amount_fen BIGINT,
    interest_fen BIGINT,
    -- Interest was paid by the old place through this month of this year:
    -- the new place's year-end interest on the carried entries starts after it.
    interest_year BIGINT,
    interest_through BIGINT,
    -- The 审批表 and 信息表 (history), as sent or received.
    approval_json TEXT,
    account_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (id, direction)
);
CREATE INDEX transfers_person ON transfers (id_kind, id_number);
CREATE INDEX transfers_interest ON transfers (interest_year, direction);

-- The progress a resident follows (T4).
CREATE TABLE transfer_events (
    transfer_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    step TEXT NOT NULL,
    PRIMARY KEY (transfer_id, direction, seq)
);

-- Documents to send: kept until the peer has acknowledged them; the courier
-- retries, and an operator can export them as files.
CREATE TABLE transfer_outbox (
    doc_id TEXT PRIMARY KEY,
    peer TEXT NOT NULL,
    kind TEXT NOT NULL,
    transfer_id TEXT NOT NULL,
    envelope TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX transfer_outbox_pending ON transfer_outbox (delivered_at, created_at);

-- Documents received and verified: each once (a retry or a second file of
-- the same document changes nothing).
CREATE TABLE transfer_inbox (
    doc_id TEXT PRIMARY KEY,
    peer TEXT NOT NULL,
    kind TEXT NOT NULL,
    transfer_id TEXT NOT NULL,
    envelope TEXT NOT NULL,
    received_at TEXT NOT NULL,
    via TEXT NOT NULL
);

-- This deployment's signing key (generated once when not configured).
CREATE TABLE transfer_keys (
    league TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);

ALTER TABLE insured_persons ADD COLUMN transferred_out_on TEXT;
