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

-- C2: back payments approved (the amount is collected by the tax bureau
-- and booked from its payment details like any contribution).
CREATE TABLE back_payments (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    account_id TEXT NOT NULL REFERENCES personal_accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('interrupted', 'lump')),
    years TEXT NOT NULL,
    tier_fen BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    approved_on TEXT NOT NULL
);
