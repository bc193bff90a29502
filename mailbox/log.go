package mailbox

// Attribute keys of the poller's log records. Values never hold credentials
// or message content.
const (
	logKeyAddress     = "address"
	logKeyMailbox     = "mailbox"
	logKeyUser        = "user"
	logKeyUID         = "uid"
	logKeyUIDValidity = "uidvalidity"
	logKeyPrevious    = "previous"
	logKeyCount       = "count"
	logKeyAttempt     = "attempt"
	logKeyDelay       = "delay"
	logKeyError       = "err"
	logKeyMode        = "mode"
)
