// Package audit is the nightly audit: it proves that the
// ledger, the doors and the review queue agree, and says what drifted.
//
// A run (Auditor.Run) takes the audit lock in the database, so that a run
// from `intake audit` under cron and the one scheduled inside `intake
// serve` never overlap (the second is refused with ECONFLICT, not
// queued); expires the waiting removals past workflow.removal_wait as
// the hourly job does (approvals.Service.ExpireOverdue, recorded in the
// ledger) and reports each; reads everything else from one read
// transaction, a snapshot that never blocks the poller's commits (WAL);
// and stores the report in audit_runs with a ledger entry that carries
// the report's SHA-256, releasing the lock in the same transaction.
//
// Each check has a stable name (the Check* constants), a severity and a
// subject per finding; checks lists them with what an operator should do
// about a finding. Severities mean: critical, the record or a door is
// wrong now (tampering, a partner on a door it may not be on, mail not
// read); warning, something waits on people past its time; info, what
// the audit itself did (a removal it expired).
//
// The ledger is streamed (store.Snapshot.Verify): memory holds the state
// the ledger replays to, never the entries.
//
// audit imports store rather than defining ports for it: every check is a
// read of store's snapshot, and the chain and raw-message verification
// are store's own (they need its hash and file layout). A port would
// repeat store's read API for its one implementation; the tests run
// against real SQLite files, as the rest of intake's do. Dependencies
// still point inward: audit imports approvals and store, and only
// cmd/intake and its metrics (internal/metrics) import audit.
package audit
