package audit

// The check names. They are part of the report's contract: scripts and
// the intake_audit_findings metric key on them.
const (
	CheckLedgerChain        = "ledger_chain"
	CheckLedgerReplay       = "ledger_replay"
	CheckRawMessages        = "raw_messages"
	CheckDoorNotEnabled     = "door_partner_not_enabled"
	CheckRemovalExpired     = "removal_expired"
	CheckPendingOverdue     = "pending_overdue"
	CheckDoorAwaitingUpdate = "door_awaiting_update"
	CheckGrantLost          = "grant_lost"
	CheckDirectoryStale     = "directory_stale"
	CheckIMAPStalled        = "imap_stalled"
	CheckRepliesUndelivered = "replies_undelivered"
	maxFindingsPerCheck     = 100
)

// A checkInfo is what the report says about a check's findings.
type checkInfo struct {
	severity Severity
	// title names the problem; todo says what an operator should do.
	title, todo string
}

// checks holds every check, in report order within a severity.
var checks = map[string]checkInfo{
	CheckLedgerChain: {SeverityCritical, "the ledger's hash chain is broken",
		"an entry was edited, deleted, inserted or reordered outside intake: stop intake, keep a copy of the database, restore the last good backup and compare; do not run `intake directory load` or review actions until it is explained"},
	CheckLedgerReplay: {SeverityCritical, "replaying the ledger does not reproduce the current state",
		"a current-state table was changed without a ledger entry (raw SQL or a bug): keep a copy of the database, compare the named row with its ledger entries, and restore it from a backup or record the change through intake"},
	CheckRawMessages: {SeverityCritical, "a stored raw message no longer matches its hash",
		"the message bytes (in the database or the <db>-raw directory) were edited or lost: restore them from a backup; decisions on that message can no longer be explained from it"},
	CheckDoorNotEnabled: {SeverityCritical, "a door is assigned to a partner not enabled on its property",
		"the partner has access it was not granted: unassign it in DOOR OS (Access → Doors → Edit door → None) and record it with `intake doors unassign DOOR`, or obtain the manager's consent"},
	CheckIMAPStalled: {SeverityCritical, "the poller has had no successful IMAP pass for too long",
		"mail is not being read: check `intake serve`'s log and /healthz, the IMAP server and the credentials"},
	CheckPendingOverdue: {SeverityWarning, "a review item waits longer than audit.pending_sla",
		"review it: `intake queue show ID`, then approve, reject or resolve"},
	CheckDoorAwaitingUpdate: {SeverityWarning, "an unconnected door awaits its DOOR App door update longer than audit.door_update_sla",
		"the revocation has not reached the lock: ask property staff to run a door update with the DOOR App in Bluetooth range, then `intake doors synced DOOR`"},
	CheckGrantLost: {SeverityWarning, "a partner is enabled on the consent of a manager who no longer has permission there",
		"re-consent is needed: ask a manager with permission on the property to confirm, or remove the partner"},
	CheckDirectoryStale: {SeverityWarning, "the directory was not reloaded within audit.directory_max_age",
		"export the directory from DOOR OS and run `intake directory load FILE.json`; permissions may have changed since"},
	CheckRepliesUndelivered: {SeverityWarning, "a reply to a sender is undelivered after 24 hours",
		"check `intake outbox list` and the SMTP server; retry with `intake outbox retry ID`"},
	CheckRemovalExpired: {SeverityInfo, "the audit expired a removal that waited longer than workflow.removal_wait",
		"tell the manager the removal was not applied because doors stayed assigned; they may ask again once the doors are unassigned"},
}

// finding returns a finding of the check with its severity.
func finding(check, subject, detail string) Finding {
	return Finding{Check: check, Severity: checks[check].severity, Subject: subject, Detail: detail}
}

// Describe returns what the report says about a check's findings: the
// problem they name and what an operator should do about them; two empty
// strings for a check it does not know.
func Describe(check string) (title, todo string) {
	c := checks[check]
	return c.title, c.todo
}
