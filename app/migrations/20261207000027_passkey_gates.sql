-- The money gates (bank card, deregistration payout, self-certification)
-- need a passkey session with a passkey old enough (security issue H3): a
-- session remembers the passkey that opened it, and a passkey how it was
-- registered (`code`: from a session opened with a one-time code;
-- `passkey`: from a passkey session; `invite`: a staff invitation).
ALTER TABLE sessions ADD COLUMN passkey_id TEXT;
ALTER TABLE passkeys ADD COLUMN registered_via TEXT;
