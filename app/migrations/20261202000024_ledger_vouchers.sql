-- The tax bureau's payment details are the ledger's contribution entries
-- (A1, A2, C5): a voucher row in `tax_payments` (append-only) stands for
-- its personal, government subsidy, collective and social donation
-- entries, dated by the treasury deposit, with the source `tax:<voucher>`.
-- They are no longer copied into `account_entries` (that copy was two
-- more rows a line, half the import's writes). Every reading of the
-- ledger reads `ledger_entries`: the entries booked here and those of the
-- vouchers, the same rows as before.
--
-- Vouchers imported before this change have their entries in
-- `account_entries` already (the ledger is never edited): they are marked
-- `entries_apart` and left out of the view's voucher part.
ALTER TABLE tax_payments ADD COLUMN entries_apart BIGINT;
UPDATE tax_payments SET entries_apart = 1;

CREATE VIEW ledger_entries AS
    SELECT account_id, kind, source, amount_fen, credited_on, year, batch_id FROM account_entries
    UNION ALL
    SELECT account_id, 'personal', 'tax:' || voucher, personal_fen + government_paid_fen, deposited_on, year, batch_id
    FROM tax_payments WHERE entries_apart IS NULL AND personal_fen + government_paid_fen <> 0
    UNION ALL
    SELECT account_id, 'subsidy', 'tax:' || voucher, subsidy_fen, deposited_on, year, batch_id
    FROM tax_payments WHERE entries_apart IS NULL AND subsidy_fen <> 0
    UNION ALL
    SELECT account_id, 'collective', 'tax:' || voucher, collective_fen, deposited_on, year, batch_id
    FROM tax_payments WHERE entries_apart IS NULL AND collective_fen <> 0
    UNION ALL
    SELECT account_id, 'donation', 'tax:' || voucher, donation_fen, deposited_on, year, batch_id
    FROM tax_payments WHERE entries_apart IS NULL AND donation_fen <> 0;

-- Nothing reads the vouchers by batch (the fund's posting groups them all
-- by day and batch): one index fewer to keep a voucher.
DROP INDEX tax_payments_batch;
