-- A filing at a kiosk or at the window is the served resident's (G5): the
-- applicant is the resident (their account, or `person:{kind}:{number}`
-- until they have one), and the staff member who helped is recorded as
-- `assisted_by`. Before, the staff account was the applicant, so a kiosk
-- session showed every case the staff member had filed for anyone, and
-- the notices went to the staff account. Cases already stored, and their
-- notices, are re-attributed the same way.
ALTER TABLE cases ADD COLUMN assisted_by TEXT;
UPDATE cases SET assisted_by = applicant_account WHERE applicant_kind IN ('kiosk', 'staff');
UPDATE notifications SET account_id = (
    SELECT COALESCE(
        (SELECT a.id FROM accounts a WHERE a.kind = 'resident' AND a.id_kind = c.person_id_kind AND a.id_number = c.person_id_number),
        'person:' || c.person_id_kind || ':' || c.person_id_number)
    FROM cases c WHERE c.id = notifications.case_id)
WHERE case_id IN (SELECT id FROM cases WHERE applicant_kind IN ('kiosk', 'staff'))
  AND account_id = (SELECT c.assisted_by FROM cases c WHERE c.id = notifications.case_id);
UPDATE cases SET applicant_account = COALESCE(
    (SELECT a.id FROM accounts a WHERE a.kind = 'resident' AND a.id_kind = cases.person_id_kind AND a.id_number = cases.person_id_number),
    'person:' || person_id_kind || ':' || person_id_number)
WHERE applicant_kind IN ('kiosk', 'staff');
CREATE INDEX cases_assisted ON cases (assisted_by) WHERE assisted_by IS NOT NULL;
