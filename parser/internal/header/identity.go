package header

// Identity holds the facts about who sent a message (docs/behaviour.md, sender identity). The
// parser records what the headers say; Authenticated combines them.
type Identity struct {
	// From is the address of the single From mailbox, with the domain
	// lowercased and in its ASCII (IDNA) form; "" when there is not
	// exactly one From header holding exactly one mailbox.
	From string
	// FromDomain is the domain part of From.
	FromDomain string
	// FromProblem says why From is empty or unusable; "" when it is fine.
	FromProblem string
	// Sender is the Sender header's address, or "" when absent.
	Sender string
	// SenderProblem is non-empty when Sender is present and differs from
	// From or cannot be parsed.
	SenderProblem string
	// HeaderProblem names a field that RFC 5322 section 3.6 allows once
	// but that appears more than once ("2 Date headers"); "" when there is
	// none. Authentication results prove the bottom-most instance (RFC 6376
	// section 5.4.2), not the one read, so the sender is then not proven.
	HeaderProblem string
	// AuthservID is the authserv-id of the topmost Authentication-Results
	// header, "" when there is none.
	AuthservID string
	// Trusted reports that AuthservID is the configured trusted id.
	Trusted bool
	// ForgedBelow reports that an Authentication-Results header below the
	// topmost one also claims the trusted id (RFC 8601 section 5).
	ForgedBelow bool
	// DMARC is the dmarc result of the topmost trusted header, with the
	// header.from domain it is for.
	DMARC AuthResult
	// DKIM are the dkim results of the topmost trusted header.
	DKIM []AuthResult
	// SPF is the spf result value, recorded but never sufficient.
	SPF string
	// AuthError is non-empty when the topmost Authentication-Results
	// header could not be parsed.
	AuthError string
	// Authenticated reports that the sender is proven by the trusted
	// Authentication-Results header: all of the above hold and DMARC
	// passed for the From domain or an aligned DKIM signature passed.
	// Parse sets it from the headers only; a caller that verifies DKIM
	// itself (auth.verify_dkim, package dkimcheck) may set it afterwards,
	// with Evidence saying so.
	Authenticated bool
	// Evidence explains the verdict in one line, for the record.
	Evidence string
}

// An AuthResult is one method's result from an Authentication-Results header.
type AuthResult struct {
	// Value is the result ("pass", "fail", ...); "" when the method is absent.
	Value string
	// Domain is header.from for dmarc, header.d (or header.i's domain)
	// for dkim, lowercased and in ASCII form.
	Domain string
	// Aligned reports that Domain has the same organisational domain as
	// the From domain (RFC 7489 section 3.1, relaxed alignment); for
	// dmarc, that Domain is the From domain.
	Aligned bool
}
