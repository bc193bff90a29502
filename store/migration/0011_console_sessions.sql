-- The support console's sign-in sessions (docs/console.md). A session is
-- kept under the hex SHA-256 of its random id, never the id itself, so
-- that a copy of the database lets no one sign in. Times are Unix
-- nanoseconds in UTC so that expiry is one indexed comparison.
CREATE TABLE console_sessions (
	id_hash    TEXT    PRIMARY KEY CHECK (length(id_hash) = 64),
	staff      TEXT    NOT NULL CHECK (staff <> ''),
	csrf       TEXT    NOT NULL CHECK (length(csrf) >= 32),
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL
) STRICT;

CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen);
CREATE INDEX console_sessions_created_at ON console_sessions (created_at);

-- The console shows one request's history: the ledger entries about it
-- and its message, read by subject.
CREATE INDEX ledger_subject ON ledger (subject, seq);
