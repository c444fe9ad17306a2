-- Statistics (S1), read by the dashboard without scanning a million rows:
--
-- The people a payroll batch pays (a person with arrears has several
-- lines), counted when the batch is generated.
ALTER TABLE payroll_batches ADD COLUMN recipients BIGINT NOT NULL DEFAULT 0;
UPDATE payroll_batches SET recipients = (SELECT COUNT(DISTINCT COALESCE(i.pension_id, i.case_id)) FROM payroll_items i WHERE i.batch_id = payroll_batches.id);

-- The insured (not deregistered, not transferred out) counted by township,
-- tier and year of birth (0: not known). Kept by a trigger on
-- insured_persons in the same transaction as every change (db.rs: the
-- trigger languages differ), so it is never out of step; filled here from
-- the rows already there.
CREATE TABLE insured_counts (
    township_code TEXT NOT NULL,
    tier TEXT NOT NULL,
    birth_year BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (township_code, tier, birth_year)
);
INSERT INTO insured_counts (township_code, tier, birth_year, n)
SELECT substr(village_code, 1, 9), tier,
       COALESCE(CAST(COALESCE(substr(birth_date, 1, 4), CASE WHEN id_kind = 'resident_id' THEN substr(id_number, 7, 4) END) AS BIGINT), 0), COUNT(*)
FROM insured_persons WHERE deregistered_on IS NULL AND transferred_out_on IS NULL GROUP BY 1, 2, 3;

-- The last certification of entitlement of each pension (kept by
-- certification::record).
ALTER TABLE pensions ADD COLUMN last_certified_on TEXT;
UPDATE pensions SET last_certified_on = (SELECT MAX(c.certified_on) FROM certifications c WHERE c.pension_id = pensions.id);

CREATE INDEX insured_persons_enrolled ON insured_persons (enrolled_on);
-- Covering the deadline figure (cases received in the last twelve months).
CREATE INDEX cases_received ON cases (received_on, jurisdiction, state, deadline, updated_at);
