-- One outbox for every message to a person, by mail and by text message
-- (issue 36 §1). The one-time codes' outbox grows into it: a row is one
-- message on one channel, with its status (queued, sent, delivered,
-- failed), its attempts and the reason of the last failure, so that staff
-- can see why a resident got nothing.
ALTER TABLE mail_outbox RENAME TO outbox;
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT 'code';
-- The person the message is to (none for staff mail).
ALTER TABLE outbox ADD COLUMN id_kind TEXT;
ALTER TABLE outbox ADD COLUMN id_number TEXT;
-- 1: the body waits for a one-time code held in the memory of the process
-- that queued it (never written here); only that process sends it.
ALTER TABLE outbox ADD COLUMN held BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued';
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
-- Text messages: the provider's template, the parts billed, the
-- provider's message id (delivery receipts name it), when delivered.
ALTER TABLE outbox ADD COLUMN template_id TEXT;
ALTER TABLE outbox ADD COLUMN segments BIGINT;
ALTER TABLE outbox ADD COLUMN provider_id TEXT;
ALTER TABLE outbox ADD COLUMN delivered_at TEXT;
UPDATE outbox SET held = 1, status = CASE WHEN sent_at IS NULL THEN 'queued' ELSE 'sent' END;
CREATE INDEX outbox_queued ON outbox (status, next_attempt_at);
CREATE INDEX outbox_person ON outbox (id_kind, id_number, created_at);
CREATE INDEX outbox_provider ON outbox (provider_id);

-- The SMS platform's template for each purpose and language (templates
-- are registered with the platform beforehand; these are its ids). A
-- deployment puts its own ids here (docs/messages.md).
CREATE TABLE sms_templates (
    purpose TEXT NOT NULL,
    lang TEXT NOT NULL,
    template_id TEXT NOT NULL,
    PRIMARY KEY (purpose, lang)
);
INSERT INTO sms_templates (purpose, lang, template_id) VALUES
    ('code', 'zh-CN', 'NMG-YL-0001'), ('code', 'mn-Mong', 'NMG-YL-1001'),
    ('notice', 'zh-CN', 'NMG-YL-0002'), ('notice', 'mn-Mong', 'NMG-YL-1002'),
    ('contact_change', 'zh-CN', 'NMG-YL-0003'), ('contact_change', 'mn-Mong', 'NMG-YL-1003'),
    ('statement', 'zh-CN', 'NMG-YL-0004'), ('statement', 'mn-Mong', 'NMG-YL-1004'),
    ('eligibility_notice', 'zh-CN', 'NMG-YL-0005'), ('eligibility_notice', 'mn-Mong', 'NMG-YL-1005'),
    ('certification_reminder', 'zh-CN', 'NMG-YL-0006'), ('certification_reminder', 'mn-Mong', 'NMG-YL-1006');

-- What the platform charges for one billed text message, in fen, from a
-- date (the contract's price; a new contract is a new row).
CREATE TABLE sms_tariffs (
    effective_from TEXT PRIMARY KEY,
    fen_per_segment BIGINT NOT NULL
);
INSERT INTO sms_tariffs (effective_from, fen_per_segment) VALUES ('2009-01-01', 4);

-- How a person wants to be reached, and in which language text messages
-- come (Chinese unless they chose Mongolian: traditional script often
-- does not display on basic phones).
CREATE TABLE contact_preferences (
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    channels TEXT NOT NULL DEFAULT 'all',
    sms_lang TEXT NOT NULL DEFAULT 'zh-CN',
    PRIMARY KEY (id_kind, id_number)
);

-- A change of mobile number or e-mail (E4): the old contact keeps the
-- sign-in codes until the new one is 7 days old or confirmed (a passkey
-- sign-in or a member of staff), so one stolen code cannot capture the
-- later ones.
CREATE TABLE contact_changes (
    id TEXT PRIMARY KEY,
    id_kind TEXT NOT NULL,
    id_number TEXT NOT NULL,
    channel TEXT NOT NULL,
    previous TEXT,
    changed_at TEXT NOT NULL,
    confirmed_at TEXT,
    confirmed_by TEXT
);
CREATE INDEX contact_changes_person ON contact_changes (id_kind, id_number, changed_at);

-- B9: an overdue pension whose certification reminders all failed to reach
-- the person is not suspended; it is listed for a village assistant's
-- visit instead.
CREATE TABLE certification_visits (
    pension_id TEXT NOT NULL,
    due_on TEXT NOT NULL,
    listed_at TEXT NOT NULL,
    PRIMARY KEY (pension_id, due_on)
);
