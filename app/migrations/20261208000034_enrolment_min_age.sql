-- E1: the enrolment age becomes a policy parameter (it was the constant 16
-- of the back payment rules). A database loaded before keeps working: the
-- national rule's value, which `reference load` leaves as it is.
INSERT INTO policy_params (key, effective_from, value) VALUES ('enrolment.min_age', '2009-01-01', '16')
ON CONFLICT (key, effective_from) DO NOTHING;
