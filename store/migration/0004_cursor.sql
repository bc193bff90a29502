-- How far each IMAP mailbox has been processed (RFC 9051 UIDVALIDITY and
-- UID). Written in the same transaction as the decisions on the message
-- that moved it.
CREATE TABLE cursors (
	mailbox     TEXT PRIMARY KEY,
	uidvalidity INTEGER NOT NULL CHECK (uidvalidity >= 0),
	uid         INTEGER NOT NULL CHECK (uid >= 0),
	updated_at  TEXT NOT NULL
) STRICT;
