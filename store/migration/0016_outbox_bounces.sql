-- A bounce of a reply (docs/replies.md, "Bounces"): the reply keeps its
-- status (it was sent; the relay took it) and records when a bounce naming
-- it came back, and which message that was. The index on sent_at keeps
-- the health check's "last reply sent" one index read.
ALTER TABLE outbox ADD COLUMN bounced_at INTEGER;
ALTER TABLE outbox ADD COLUMN bounce INTEGER REFERENCES messages (id);

CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
