-- Fund movements by two people (issue 33, item 11): a movement between the
-- league's bank accounts is booked when a second fund officer has entered
-- the same bank receipt with the same figures. Each officer's entry of a
-- receipt is kept here; the voucher is booked from the matching pair.
CREATE TABLE fund_movement_entries (
    league_code TEXT NOT NULL,
    reference TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    from_account TEXT NOT NULL,
    to_account TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    booked_on TEXT NOT NULL,
    memo TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (league_code, reference, entered_by)
);
