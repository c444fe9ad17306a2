-- B2: the notice 《待遇领取告知书》 mailed to people about to reach pension
-- age: one row per person once the mail server accepted it, so that a
-- rerun mails only those not reached yet.
CREATE TABLE benefit_notices (
    account_id TEXT PRIMARY KEY REFERENCES personal_accounts (id),
    sent_at TEXT NOT NULL
);
