-- One-time codes offered in a pending reply, with which a proven sender
-- confirms a request held only because intake could not be sure what
-- they meant (docs/replies.md, confirmation by reply). A row is written
-- in the transaction that queues the reply carrying the code. Only the
-- SHA-256 of the code is kept here. partner_id and property_id are the
-- resolution the reply restated: a request resolved otherwise since is
-- not confirmed by it. A code is used once: used_at and used_by_message
-- (the confirming message) are set together. Times are Unix nanoseconds
-- in UTC. The store id shown to users is 'c-' || printf('%06d', id).
CREATE TABLE confirmations (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	code_hash        TEXT    NOT NULL CHECK (length(code_hash) = 64),
	request          INTEGER NOT NULL REFERENCES requests (id),
	partner_id       TEXT    NOT NULL,
	property_id      TEXT    NOT NULL,
	sender           TEXT    NOT NULL CHECK (sender <> '' AND sender = lower(sender)),
	reply_message_id TEXT    NOT NULL REFERENCES outbox (message_id),
	created_at       INTEGER NOT NULL,
	expires_at       INTEGER NOT NULL CHECK (expires_at > created_at),
	used_at          INTEGER,
	used_by_message  INTEGER REFERENCES messages (id),
	CHECK ((used_at IS NULL) = (used_by_message IS NULL))
) STRICT;

CREATE INDEX confirmations_code ON confirmations (code_hash);
CREATE INDEX confirmations_reply ON confirmations (reply_message_id);
CREATE INDEX confirmations_request ON confirmations (request);
