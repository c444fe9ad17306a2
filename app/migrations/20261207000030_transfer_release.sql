-- Transfers (issue 33, item 14).
--
-- The signing key comes only from configuration (TRANSFER_KEY): a key in
-- the database could be read or replaced by anyone who can read or write
-- the database. A deployment that used a generated key sets TRANSFER_KEY
-- (`server new-transfer-key` makes one) and gives its peers the new public key.
DROP TABLE transfer_keys;

-- A receipt letter (接收函) that would close an account here waits for a
-- county clerk of the person's county to release it; only then is interest
-- posted, the account closed and the 审批表 sent. A letter is bound to the
-- peer that sent it: every later document of that transfer must come from
-- the same peer.
CREATE TABLE transfer_letters (
    transfer_id TEXT PRIMARY KEY,
    peer TEXT NOT NULL,
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    name TEXT NOT NULL,
    county_code TEXT NOT NULL,
    received_at TEXT NOT NULL,
    released_at TEXT,
    released_by TEXT
);
CREATE INDEX transfer_letters_waiting ON transfer_letters (county_code, released_at);
