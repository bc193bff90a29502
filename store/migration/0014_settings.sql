-- The workflow settings that decide a request (issue 19): one row, set by
-- `intake directory load` on a database without settings and by `intake
-- config apply`, every change recorded in the ledger (settings.changed).
-- Every process deciding on the file uses them, not its own config.
CREATE TABLE settings (
	id             INTEGER PRIMARY KEY CHECK (id = 1),
	policy         TEXT    NOT NULL CHECK (policy IN ('auto', 'review')),
	removal_wait   INTEGER NOT NULL CHECK (removal_wait > 0), -- nanoseconds
	addresses      TEXT    NOT NULL CHECK (json_valid(addresses)) -- JSON array, lowercase, sorted
) STRICT;
