-- Staff lifecycle (security issue 33, items 6 and 7): a staff member's
-- registered mail address (invitations go there, not to the
-- administrator); why and by whom an account was disabled; invitations
-- voided when a newer one is made or the account's sessions are ended; a
-- printed hand-over of an invitation, asked for by one administrator and
-- approved by another.
ALTER TABLE accounts ADD COLUMN email TEXT;
ALTER TABLE accounts ADD COLUMN disabled_by TEXT;
ALTER TABLE accounts ADD COLUMN disabled_reason TEXT;
ALTER TABLE staff_invites ADD COLUMN voided_at TEXT;
ALTER TABLE staff_invites ADD COLUMN via TEXT NOT NULL DEFAULT 'mail';

CREATE TABLE staff_handovers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT
);
-- One open request per staff member.
CREATE UNIQUE INDEX staff_handovers_open ON staff_handovers (account_id) WHERE approved_at IS NULL;

-- An agent's declaration is accepted provisionally (item 10): the name as
-- the agent wrote it is kept and compared with the registry at the
-- county's initial review of the case it is used for.
ALTER TABLE agencies ADD COLUMN principal_name TEXT;

-- Separation of duties (item 11): the people a staff member may not decide
-- on, declared by the staff member (their own person record and their
-- relatives), append-only; and who recorded a 制度衔接's 《信息表》, so
-- that another clerk confirms its funds.
CREATE TABLE staff_conflicts (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    relation TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (account_id, id_kind, id_number)
);
CREATE INDEX staff_conflicts_person ON staff_conflicts (id_kind, id_number);
ALTER TABLE transfers ADD COLUMN answer_recorded_by TEXT;
