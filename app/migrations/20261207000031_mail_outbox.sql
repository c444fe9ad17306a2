-- One-time codes leave through an outbox (issue 33, low): the request
-- writes the message here in its own transaction and answers at once, the
-- same way whether or not anyone matched; the server's mailer sends it off
-- the request path. A sent message keeps no body (the code is gone); one
-- past `not_after` is useless and is purged (`server purge-expired`).
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    not_after TEXT NOT NULL,
    -- The mailer that took the message, and when (several servers: one
    -- sends it; a claim older than the mailer's window is taken over).
    claim TEXT,
    claimed_at TEXT,
    sent_at TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, created_at);
