package header

import (
	"fmt"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// ReadIdentity reads the sender identity facts of docs/behaviour.md, sender identity from the
// top-level header h (fields in message order) and decides whether they
// prove the sender, believing only an Authentication-Results header whose
// authserv-id is trusted. An empty trusted id trusts nothing. Reply-To,
// Resent-From and display names are never read for identity, and a field
// RFC 5322 allows once that appears twice leaves the sender unproven.
func ReadIdentity(h textproto.Header, trusted string) Identity {
	var id Identity
	readFrom(&id, h.Values("From"))
	readSender(&id, h.Values("Sender"))
	readRepeated(&id, h)
	ar := h.Values("Authentication-Results")
	readAuthResults(&id, ar, trusted)
	id.Authenticated, id.Evidence = verdict(&id, strings.TrimSpace(trusted), len(ar))
	return id
}

// readFrom sets From and FromDomain when there is exactly one From field
// holding exactly one mailbox (RFC 5322 section 3.6.2 allows a list only
// together with a Sender; identity never accepts one), and FromProblem
// otherwise.
func readFrom(id *Identity, values []string) {
	if len(values) != 1 {
		id.FromProblem = fmt.Sprintf("%d From headers", len(values))
		return
	}
	mb, err := readMailbox(values[0])
	if err != nil {
		id.FromProblem = err.Error()
		return
	}
	id.From, id.FromDomain = mb.String(), mb.domain
}

// readSender sets Sender, and SenderProblem when a Sender field is present
// but is not exactly one mailbox equal to From (RFC 5322 section 3.6.2:
// Sender names an agent acting for the author, which is not the author).
// Domains compare in lowercase ASCII, local parts exactly.
func readSender(id *Identity, values []string) {
	switch len(values) {
	case 0:
		return
	case 1:
	default:
		id.SenderProblem = fmt.Sprintf("%d Sender headers", len(values))
		return
	}
	mb, err := readMailbox(values[0])
	if err != nil {
		id.SenderProblem = err.Error()
		return
	}
	id.Sender = mb.String()
	if id.Sender != id.From {
		id.SenderProblem = fmt.Sprintf("%s differs from From", id.Sender)
	}
}

// verdict decides whether the recorded facts prove the sender and says why
// in one line; nAR is the number of Authentication-Results fields. A dmarc result for the From domain other than pass, none,
// temperror or permerror (a fail) denies even when an aligned DKIM
// signature passed: the two disagree, and disagreement never proves.
func verdict(id *Identity, trusted string, nAR int) (bool, string) {
	switch {
	case id.FromProblem != "":
		return false, "From: " + id.FromProblem
	case id.SenderProblem != "":
		return false, "Sender: " + id.SenderProblem
	case id.HeaderProblem != "":
		return false, "repeated header: " + id.HeaderProblem + " (RFC 5322 section 3.6 allows one; DKIM proves only the bottom-most)"
	case trusted == "":
		return false, "no trusted authserv-id configured"
	case nAR == 0:
		return false, "no Authentication-Results from " + trusted
	case !id.Trusted && id.ForgedBelow:
		return false, fmt.Sprintf("topmost Authentication-Results is from %q, not %s, and a lower one claims %s",
			id.AuthservID, trusted, trusted)
	case !id.Trusted:
		return false, fmt.Sprintf("topmost Authentication-Results is from %q, not %s", id.AuthservID, trusted)
	case id.ForgedBelow:
		return false, fmt.Sprintf("%s: a lower Authentication-Results also claims %s (forged, RFC 8601 section 5)",
			id.AuthservID, trusted)
	case id.AuthError != "":
		return false, fmt.Sprintf("%s: unreadable Authentication-Results: %s", id.AuthservID, id.AuthError)
	}
	return resultVerdict(id)
}

// resultVerdict applies the results of the trusted header: dmarc=pass for
// the From domain, or dkim=pass aligned with it. SPF never suffices.
func resultVerdict(id *Identity) (bool, string) {
	serv, dm := id.AuthservID, id.DMARC
	if dm.Aligned && dm.Value != "pass" && !dmarcInconclusive(dm.Value) {
		return false, fmt.Sprintf("%s: dmarc=%s header.from=%s", serv, dm.Value, dm.Domain)
	}
	if dm.Aligned && dm.Value == "pass" {
		return true, fmt.Sprintf("%s: dmarc=pass header.from=%s", serv, dm.Domain)
	}
	for _, r := range id.DKIM {
		if r.Aligned && r.Value == "pass" {
			return true, fmt.Sprintf("%s: dkim=pass header.d=%s aligned with %s", serv, r.Domain, id.FromDomain)
		}
	}
	why := fmt.Sprintf("%s: no dmarc=pass for %s and no aligned dkim=pass", serv, id.FromDomain)
	if id.SPF == "pass" {
		why += " (spf=pass alone never proves)"
	}
	return false, why
}

// dmarcInconclusive reports the dmarc results that say nothing against the
// From domain (the dmarc results of RFC 7489 section 11.2): no policy
// published, or a DNS error.
func dmarcInconclusive(v string) bool {
	switch v {
	case "none", "temperror", "permerror":
		return true
	}
	return false
}
