-- Issue 36 §4: the contribution season. Each insured person not yet paid
-- for a year is reminded once that year (text message and mail, through
-- the outbox, queued in the transaction that writes this row).
CREATE TABLE contribution_reminders (
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    year BIGINT NOT NULL,
    reminded_at TEXT NOT NULL,
    PRIMARY KEY (account_id, year)
);
INSERT INTO sms_templates (purpose, lang, template_id) VALUES
    ('contribution_reminder', 'zh-CN', 'NMG-YL-0007'), ('contribution_reminder', 'mn-Mong', 'NMG-YL-1007');
