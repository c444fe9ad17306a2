-- Issue 35: an in-app notice made from a catalogue message keeps its id and
-- named arguments (a JSON object of strings), and is written in the
-- reader's language when read: a resident who switches language reads
-- her old notices in the new one. `text` and `text_mn` keep what it said
-- when made (and are all older notices have).
ALTER TABLE notifications ADD COLUMN message_key TEXT;
ALTER TABLE notifications ADD COLUMN message_args TEXT;
