-- The ledger's high-water mark: the seq and hash of the highest entry ever
-- appended, advanced by a trigger in the same transaction as the insert.
-- The hash chain cannot show that its last entries were deleted; `intake
-- ledger verify` compares the last entry with this mark and reports
-- "entries after seq N are missing" when the mark is ahead.
CREATE TABLE ledger_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL CHECK (seq >= 0),
	hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

INSERT INTO ledger_head (id, seq, hash)
SELECT 1, coalesce(max(seq), 0),
       coalesce((SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
FROM ledger;

CREATE TRIGGER ledger_head_advance AFTER INSERT ON ledger
BEGIN
	UPDATE ledger_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1 AND NEW.seq > seq;
END;

-- The mark never moves back nor goes away through the SQL interface.
CREATE TRIGGER ledger_head_no_rewind BEFORE UPDATE ON ledger_head
WHEN NEW.seq <= OLD.seq OR NEW.id <> OLD.id
BEGIN
	SELECT RAISE(ABORT, 'ledger head only moves forward');
END;

CREATE TRIGGER ledger_head_no_delete BEFORE DELETE ON ledger_head
BEGIN
	SELECT RAISE(ABORT, 'ledger head cannot be deleted');
END;
