-- Raw messages larger than 1 MiB are stored as files beside the database
-- (store/rawfile.go); their row keeps the hash and size, with bytes NULL.
--
-- SQLite cannot drop a NOT NULL constraint in place, so the table is
-- rebuilt (https://www.sqlite.org/lang_altertable.html section 7), keeping
-- every row. The migration runs in a transaction with foreign keys on,
-- where PRAGMA foreign_keys cannot be switched off, and messages.hash
-- references raw_messages: the usual "create new, copy, drop old, rename"
-- would count the drop's orphaned messages as violations that nothing
-- resolves. Instead the foreign keys are deferred to the commit (the
-- pragma resets itself there), the rows are kept in a temporary table
-- while raw_messages is dropped and created again, and inserting them back
-- resolves the violations the drop counted. The commit fails, and nothing
-- changes, if any message were left without its raw message. No trigger,
-- index or view refers to raw_messages other than its primary key.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE raw_messages_0006 AS SELECT hash, bytes, size FROM main.raw_messages;

DROP TABLE main.raw_messages;

CREATE TABLE main.raw_messages (
	hash  TEXT    PRIMARY KEY CHECK (length(hash) = 64),
	bytes BLOB,   -- NULL: stored as the file <database>-raw/<hash[:2]>/<hash>
	size  INTEGER NOT NULL CHECK (size >= 0 AND (bytes IS NULL OR size = length(bytes)))
) STRICT;

INSERT INTO main.raw_messages (hash, bytes, size)
SELECT hash, bytes, size FROM temp.raw_messages_0006 ORDER BY hash;

DROP TABLE temp.raw_messages_0006;
