-- Replies waiting to be sent, sent, given up on, or suppressed
-- (docs/replies.md). A row is written in the same transaction as the
-- decision that causes it, with a ledger entry, so that a decision and its
-- reply are committed or lost together. message_id is the reply's own
-- Message-ID, fixed when the row is written: a resend after a crash reuses
-- it. Times are Unix nanoseconds in UTC, so that the per-address rate
-- limit and the sender's "due" query are one indexed comparison. The store
-- id shown to users is 'o-' || printf('%06d', id).
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id      TEXT    NOT NULL UNIQUE CHECK (message_id <> ''),
	source          INTEGER NOT NULL REFERENCES messages (id),
	recipient       TEXT    NOT NULL CHECK (recipient <> ''),
	subject         TEXT    NOT NULL,
	body            BLOB    NOT NULL,
	kind            TEXT    NOT NULL CHECK (kind <> ''),
	status          TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'suppressed')),
	reason          TEXT    NOT NULL DEFAULT '',
	attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at INTEGER,
	last_error      TEXT    NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER
) STRICT;

-- The rate limit counts one address's recent replies.
CREATE INDEX outbox_recipient_created ON outbox (lower(recipient), created_at);
-- The sender reads the queued replies that are due.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_source ON outbox (source);
