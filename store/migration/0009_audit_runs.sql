-- The nightly audit (issue 16). Times are RFC 3339 UTC text with
-- nanoseconds, as elsewhere; no SQL orders by them.

-- One row per completed audit run. report is the run's JSON report (the
-- `intake audit --json` shape); the run's ledger entry carries its
-- SHA-256, so an edited report no longer matches the ledger.
CREATE TABLE audit_runs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	started_at  TEXT    NOT NULL,
	finished_at TEXT    NOT NULL,
	critical    INTEGER NOT NULL CHECK (critical >= 0),
	warning     INTEGER NOT NULL CHECK (warning >= 0),
	info        INTEGER NOT NULL CHECK (info >= 0),
	report      TEXT    NOT NULL CHECK (json_valid(report)),
	ledger_seq  INTEGER NOT NULL
) STRICT;

-- The run in progress, across processes (`intake serve` and `intake
-- audit` from cron): a run takes the row or, when another holds it and
-- its since is recent, does not run.
CREATE TABLE audit_lock (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	holder TEXT NOT NULL,
	since  TEXT NOT NULL
) STRICT;

-- The poller's heartbeat, written by `intake serve` about once a minute:
-- the audit tells from it whether the poller runs and when its last
-- successful pass over the mailbox was (last_pass NULL: none yet since
-- started).
CREATE TABLE poller_beats (
	mailbox   TEXT PRIMARY KEY,
	started   TEXT NOT NULL,
	beat      TEXT NOT NULL,
	last_pass TEXT
) STRICT;

-- When `intake directory load` last ran successfully, whether the
-- directory changed or not (an unchanged load writes no ledger entry).
CREATE TABLE directory_loads (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	loaded_at TEXT NOT NULL
) STRICT;
