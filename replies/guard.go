package replies

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"intake/approvals"
)

// Skip names why no reply is sent for a message.
type Skip string

// The reasons for sending no reply.
const (
	SkipKnown       Skip = "known"        // a redelivery of a message already recorded
	SkipOutcome     Skip = "outcome"      // ignored, duplicate or unreadable
	SkipNoRequests  Skip = "no_requests"  // nothing was decided
	SkipUnproven    Skip = "unproven"     // the sender is not proven
	SkipStale       Skip = "stale"        // older than auth.max_age
	SkipAutomatic   Skip = "automatic"    // auto-generated, bulk or list mail, a DSN or MDN
	SkipAddress     Skip = "address"      // not an ordinary mailbox
	SkipRoleAddress Skip = "role_address" // MAILER-DAEMON, postmaster, no-reply and the like
	SkipOwnAddress  Skip = "own_address"  // one of intake's own addresses
)

// NoReply says why no reply is sent: Reason for code, Detail in words.
type NoReply struct {
	Reason Skip
	Detail string
}

// replyOutcomes are the message outcomes that may be answered: a message
// read and decided, or one read without a request (then under review).
var replyOutcomes = map[approvals.Outcome]bool{
	approvals.OutcomeProcessed: true,
	approvals.OutcomeNoRequest: true,
}

// roleLocalParts are local parts that never read a reply (RFC 2142
// mailboxes and automatic senders), compared without case, dots, dashes
// and underscores.
var roleLocalParts = map[string]bool{
	"mailerdaemon": true, "postmaster": true, "noreply": true, "donotreply": true,
	"dontreply": true, "bounce": true, "bounces": true, "abuse": true,
}

// guard returns why no reply may be sent for in, or nil when one may.
// Every test below must pass: it is an allow-list.
func guard(in Input, opt Options) *NoReply {
	res := in.Result
	switch {
	case res.Known:
		return &NoReply{SkipKnown, "the message was already recorded"}
	case !replyOutcomes[res.Message.Outcome]:
		return &NoReply{SkipOutcome, fmt.Sprintf("the message was %s", res.Message.Outcome)}
	case len(res.Requests) == 0:
		return &NoReply{SkipNoRequests, "the message has no decided request"}
	}
	if nr := senderGuard(res.Requests, in.Marks, res.Message.Sender, opt); nr != nil {
		return nr
	}
	return stale(in, opt.MaxAge)
}

// senderGuard returns why the sender of requests, whose message carries
// marks, may not be answered, nil when it may: the tests every reply
// passes, the first to a message and the later ones alike.
func senderGuard(rs []approvals.Request, marks Marks, sender string, opt Options) *NoReply {
	if r := unproven(rs); r != "" {
		return &NoReply{SkipUnproven, "the sender is not proven: " + r}
	}
	if failedFreshness(rs) {
		return &NoReply{SkipStale, "the message failed the freshness check"}
	}
	if m := marks.automatic(); m != "" {
		return &NoReply{SkipAutomatic, "the message is automatic: " + m}
	}
	return addressGuard(sender, opt)
}

// unproven returns why the sender of requests is not proven, "" when every
// request carries a passed identity check. A request without one (staff
// created it, say) does not prove the sender.
func unproven(rs []approvals.Request) string {
	for _, r := range rs {
		if !passed(r.Checks, approvals.CheckIdentity) {
			return "request " + r.ID + " has no passed identity check"
		}
	}
	return ""
}

// passed reports whether checks hold a passed check of that name.
func passed(checks []approvals.Check, name string) bool {
	for _, c := range checks {
		if c.Name == name {
			return c.OK
		}
	}
	return false
}

// failedFreshness reports whether a request of rs failed the freshness
// check: its message's Date was too far from its receipt.
func failedFreshness(rs []approvals.Request) bool {
	for _, r := range rs {
		for _, c := range r.Checks {
			if c.Name == approvals.CheckFreshness && !c.OK {
				return true
			}
		}
	}
	return false
}

// stale returns a NoReply when the message was received more than maxAge
// before in.Now; nil otherwise. A zero maxAge or Now skips the test.
func stale(in Input, maxAge time.Duration) *NoReply {
	got := in.Result.Message.ReceivedAt
	if maxAge > 0 && !in.Now.IsZero() && in.Now.Sub(got) > maxAge {
		return &NoReply{SkipStale, fmt.Sprintf("received %s, more than %s ago", got.UTC().Format(time.RFC3339), maxAge)}
	}
	return nil
}

// addressGuard returns why addr may not receive a reply, nil when it is
// an ordinary mailbox (local@domain.tld, as written, no display name)
// that is neither a role address nor one of opt.Own or opt.From.
func addressGuard(addr string, opt Options) *NoReply {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr {
		return &NoReply{SkipAddress, fmt.Sprintf("%q is not an ordinary mailbox", clean(addr))}
	}
	local, domain, _ := strings.Cut(addr, "@")
	if !strings.Contains(strings.Trim(domain, "."), ".") || strings.HasPrefix(local, "\"") {
		return &NoReply{SkipAddress, fmt.Sprintf("%q is not an ordinary mailbox", clean(addr))}
	}
	if roleLocalParts[foldLocal(local)] {
		return &NoReply{SkipRoleAddress, fmt.Sprintf("%q is a role or no-reply address", clean(addr))}
	}
	for _, own := range append([]string{opt.From}, opt.Own...) {
		if own != "" && strings.EqualFold(own, addr) {
			return &NoReply{SkipOwnAddress, fmt.Sprintf("%q is intake's own address", clean(addr))}
		}
	}
	return nil
}

// foldLocal returns local lowercased, without dots, dashes, underscores
// and a "+detail" suffix.
func foldLocal(local string) string {
	local, _, _ = strings.Cut(local, "+")
	return strings.NewReplacer(".", "", "-", "", "_", "").Replace(strings.ToLower(local))
}
