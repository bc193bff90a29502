-- The append-only, hash-chained ledger (docs/behaviour.md, storage).
--
-- hash = hex(SHA-256(prev bytes || canonical entry)); prev of the first
-- entry is 64 zeros. time is the RFC 3339 (nanosecond) UTC string that was
-- hashed; data is compact JSON.
CREATE TABLE ledger (
	seq     INTEGER PRIMARY KEY CHECK (seq > 0),
	time    TEXT NOT NULL,
	kind    TEXT NOT NULL CHECK (kind <> ''),
	actor   TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	data    TEXT NOT NULL CHECK (json_valid(data)),
	prev    TEXT NOT NULL CHECK (length(prev) = 64),
	hash    TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

-- Append-only at the SQL level. These triggers stop the application and
-- anyone using the SQL interface by mistake; they do not stop someone who
-- drops them or edits the file. The hash chain and `intake ledger verify`
-- detect that.
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN
	SELECT RAISE(ABORT, 'ledger is append-only: UPDATE refused');
END;

CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN
	SELECT RAISE(ABORT, 'ledger is append-only: DELETE refused');
END;

-- An insert must extend the chain: the next seq, linked to the last hash.
CREATE TRIGGER ledger_chain BEFORE INSERT ON ledger
WHEN NEW.seq <> coalesce((SELECT max(seq) FROM ledger), 0) + 1
  OR NEW.prev <> coalesce((SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1),
                          '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'ledger insert does not extend the chain');
END;
