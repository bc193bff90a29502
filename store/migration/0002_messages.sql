-- Received messages and the requests read from them (docs/phrasings.md, docs/decisions.md).
-- Times are TEXT in RFC 3339 with nanoseconds, UTC ("…Z"); NULL for none.

-- Raw RFC 5322 bytes, stored once under the hex SHA-256 of the content.
CREATE TABLE raw_messages (
	hash  TEXT    PRIMARY KEY CHECK (length(hash) = 64),
	bytes BLOB    NOT NULL,
	size  INTEGER NOT NULL CHECK (size = length(bytes))
) STRICT;

-- One row per received message. Message-ID is not unique: a duplicate is
-- recorded as its own row with outcome 'duplicate'. The store id shown to
-- users is 'm-' || printf('%06d', id).
CREATE TABLE messages (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id  TEXT NOT NULL DEFAULT '',
	hash        TEXT NOT NULL REFERENCES raw_messages (hash),
	source      TEXT NOT NULL DEFAULT '',
	sender      TEXT NOT NULL DEFAULT '',
	subject     TEXT NOT NULL DEFAULT '',
	received_at TEXT,
	outcome     TEXT NOT NULL CHECK (outcome IN
		('processed', 'no_request', 'ignored', 'duplicate', 'unreadable')),
	error       TEXT NOT NULL DEFAULT '',
	evidence    TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX messages_message_id ON messages (message_id);
CREATE INDEX messages_hash ON messages (hash);

-- One row per (action, partner, property) request. partner_id and
-- property_id are plain text, not foreign keys, so that a directory reload
-- that drops a partner or property keeps the history. The store id shown
-- to users is 'r-' || printf('%06d', id).
CREATE TABLE requests (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	message         INTEGER NOT NULL REFERENCES messages (id),
	action          TEXT NOT NULL CHECK (action IN ('', 'add', 'remove')),
	partner_phrase  TEXT NOT NULL DEFAULT '',
	property_phrase TEXT NOT NULL DEFAULT '',
	partner_id      TEXT,
	property_id     TEXT,
	suggestions     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(suggestions)),
	status          TEXT NOT NULL CHECK (status IN
		('applied', 'pending', 'waiting', 'rejected', 'noop', 'expired')),
	reason          TEXT NOT NULL DEFAULT '' CHECK (reason IN ('',
		'unauthenticated_sender', 'stale_message', 'not_addressed_to_inbox',
		'unknown_partner', 'unknown_property', 'ambiguous', 'suspicious_name',
		'body_mismatch', 'review_required', 'no_permission', 'already_enabled',
		'not_enabled', 'partner_assigned_to_doors')),
	checks          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(checks)),
	doors           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(doors)),
	sender          TEXT NOT NULL DEFAULT '',
	received_at     TEXT,
	decided_at      TEXT,
	note            TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX requests_message ON requests (message);
CREATE INDEX requests_status ON requests (status);
CREATE INDEX requests_property_partner_status ON requests (property_id, partner_id, status);
