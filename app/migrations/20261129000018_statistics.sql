-- Statistics (S1). The people a payroll batch pays (a person with arrears
-- has several lines), counted when the batch is generated so the monthly
-- figures read the batches, not their lines; and the indexes the
-- dashboard's twelve-month figures read.
ALTER TABLE payroll_batches ADD COLUMN recipients BIGINT NOT NULL DEFAULT 0;
UPDATE payroll_batches SET recipients = (SELECT COUNT(DISTINCT COALESCE(i.pension_id, i.case_id)) FROM payroll_items i WHERE i.batch_id = payroll_batches.id);
CREATE INDEX insured_persons_enrolled ON insured_persons (enrolled_on);
CREATE INDEX cases_received ON cases (received_on);
