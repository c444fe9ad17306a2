-- Queues (issue 4): a case waiting for a step carries the key of the queue
-- it sits in: the step's role and the division that role works at
-- (`township_clerk:150121100`), or the league pool of 同审统办
-- (`county_clerk@pool:1501`). A clerk's queue is an index range on
-- (queue_key, deadline), whatever the number of cases. A claimed case
-- names who is working on it.
ALTER TABLE cases ADD COLUMN queue_key TEXT;
ALTER TABLE cases ADD COLUMN claimed_by TEXT;
ALTER TABLE cases ADD COLUMN claimed_name TEXT;
UPDATE cases SET queue_key = 'township_clerk:' || substr(jurisdiction, 1, 9) WHERE state = 'in_review:0' AND case_type = 'enrolment';
UPDATE cases SET queue_key = 'county_clerk:' || substr(jurisdiction, 1, 6) WHERE state = 'in_review:1' AND case_type = 'enrolment';
CREATE INDEX cases_queue_key ON cases (queue_key, deadline, created_at);

-- E4: the residence address is the insured person's own (not in the registry).
ALTER TABLE insured_persons ADD COLUMN residence_address TEXT;
