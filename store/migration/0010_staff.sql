-- Staff accounts (docs/staff.md) and who set a request's status.
--
-- email is lowercased by the application. password_hash is an argon2id PHC
-- string; it is never written to the ledger. Times are RFC 3339 text with
-- nanoseconds in UTC, like every other time in this file.
CREATE TABLE staff (
	email         TEXT    PRIMARY KEY CHECK (email <> '' AND email = lower(email)),
	active        INTEGER NOT NULL CHECK (active IN (0, 1)),
	password_hash TEXT    NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
	created_at    TEXT    NOT NULL,
	updated_at    TEXT    NOT NULL
) STRICT;

-- The ledger actor of the decision that set a request's status
-- ("intake", "staff:EMAIL"); '' for requests decided before this column.
ALTER TABLE requests ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
