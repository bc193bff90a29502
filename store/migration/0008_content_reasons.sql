-- The content reasons of the fail-closed rule (docs/decisions.md):
-- unverified_content and held_by_sender. SQLite cannot change a CHECK
-- constraint in place, so the requests table is rebuilt with the same
-- columns, rows and indexes; no table refers to it.
CREATE TABLE requests_new (
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
		'body_mismatch', 'unverified_content', 'held_by_sender',
		'review_required', 'no_permission', 'already_enabled',
		'not_enabled', 'partner_assigned_to_doors')),
	checks          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(checks)),
	doors           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(doors)),
	sender          TEXT NOT NULL DEFAULT '',
	received_at     TEXT,
	decided_at      TEXT,
	note            TEXT NOT NULL DEFAULT ''
) STRICT;

INSERT INTO requests_new SELECT * FROM requests;
DROP TABLE requests;
ALTER TABLE requests_new RENAME TO requests;

CREATE INDEX requests_message ON requests (message);
CREATE INDEX requests_status ON requests (status);
CREATE INDEX requests_property_partner_status ON requests (property_id, partner_id, status);
