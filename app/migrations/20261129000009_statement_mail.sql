-- A4: the yearly statement sent by e-mail, one row per account and year
-- once the mail server accepted it; a rerun of the batch sends only to
-- accounts without a row.
CREATE TABLE statement_mailings (
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    year BIGINT NOT NULL,
    code TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (account_id, year)
);
