package dkimcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-msgauth/dkim"

	"intake/parser/orgdomain"
)

// DefaultTimeout bounds one public key look-up when Verifier.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// MaxSignatures is the number of DKIM-Signature fields checked, from the
// top; later ones are ignored, so that a message with a thousand
// signatures costs at most MaxSignatures look-ups.
const MaxSignatures = 5

// coveredFields are the header fields a signature must cover (h=) and the
// message must hold exactly once.
var coveredFields = []string{"From", "Subject", "Message-ID"}

// A Verifier verifies DKIM signatures and decides whether one proves the
// sender. The zero value uses net.DefaultResolver and DefaultTimeout.
type Verifier struct {
	// Resolver looks up public keys; nil means net.DefaultResolver.
	Resolver Resolver
	// Timeout bounds each look-up; zero means DefaultTimeout. The
	// signatures are verified in parallel, so Verify takes about one
	// Timeout at worst.
	Timeout time.Duration
}

// Result is Verify's verdict.
type Result struct {
	// Pass reports that a signature proves the sender.
	Pass bool
	// Domain and Selector are the d= and s= of the proving signature, or
	// of the first signature checked when none proves; "" when there is
	// none.
	Domain   string
	Selector string
	// Evidence explains the verdict in one line, for the record.
	Evidence string
}

// Verify checks the DKIM signatures of the raw message and reports whether
// one proves that fromDomain (the From domain, lowercase ASCII, as
// parser.Identity.FromDomain holds it) sent it. A signature proves when:
//
//   - it verifies (RFC 6376 section 6), with a key not in testing mode
//     (t=y, section 3.6.1);
//   - its d= is aligned with fromDomain: the same organisational domain
//     (RFC 7489 section 3.1, relaxed alignment);
//   - it has no body length tag l=, which leaves the rest of the body
//     unsigned (section 8.2);
//   - its h= lists From, Subject and Message-ID, and the message holds
//     exactly one field of each, so the instance signed is the one intake
//     reads and none can be added above it (section 8.15).
//
// Only the first MaxSignatures signatures are checked. Verify never
// returns an error: a message it cannot read, a failed look-up or a
// timeout are reasons not to pass, given in Evidence.
func (v *Verifier) Verify(ctx context.Context, raw []byte, fromDomain string) Result {
	fields, err := readFields(raw)
	if err != nil {
		return Result{Evidence: "dkim: " + err.Error()}
	}
	sigs := fieldsNamed(fields, "DKIM-Signature")
	if len(sigs) == 0 {
		return Result{Evidence: "dkim: no DKIM-Signature"}
	}
	for _, name := range coveredFields {
		if n := len(fieldsNamed(fields, name)); n != 1 {
			return Result{Evidence: fmt.Sprintf("dkim: %d %s fields, want exactly one", n, name)}
		}
	}
	keys := newKeyLookup(ctx, v.resolver(), v.timeout())
	verifs, err := dkim.VerifyWithOptions(bytes.NewReader(raw),
		&dkim.VerifyOptions{LookupTXT: keys.lookupTXT, MaxVerifications: MaxSignatures})
	if err != nil && !errors.Is(err, dkim.ErrTooManySignatures) {
		return Result{Evidence: "dkim: " + err.Error()}
	}
	if len(verifs) > len(sigs) {
		return Result{Evidence: "dkim: signatures read differently"}
	}
	var first Result
	for i, vf := range verifs {
		r := judge(vf, sigs[i], fromDomain, keys)
		if r.Pass {
			return r
		}
		if i == 0 {
			first = r
		}
	}
	if len(verifs) > 1 {
		first.Evidence += fmt.Sprintf(" (and %d more signatures, none proving)", len(verifs)-1)
	}
	return first
}

// judge decides whether one verified signature, whose DKIM-Signature
// value is sig, proves fromDomain.
func judge(vf *dkim.Verification, sig, fromDomain string, keys *keyLookup) Result {
	tags, err := parseTags(sig)
	d := strings.ToLower(vf.Domain)
	r := Result{Domain: d, Selector: stripSpace(tags["s"])}
	why := ""
	switch {
	case err != nil:
		why = "unreadable tags: " + err.Error()
	case vf.Err != nil:
		why = vf.Err.Error()
	case hasTag(tags, "l"):
		why = "body length tag l= leaves part of the body unsigned"
	case !orgdomain.Aligned(d, fromDomain):
		why = "d= not aligned with From domain " + fromDomain
	case keys.testing(r.Selector, d):
		why = "key in testing mode (t=y)"
	default:
		why = uncovered(vf.HeaderKeys)
	}
	id := fmt.Sprintf("d=%s s=%s", r.Domain, r.Selector)
	if why != "" {
		r.Evidence = fmt.Sprintf("dkim: %s: %s", id, why)
		return r
	}
	r.Pass = true
	r.Evidence = fmt.Sprintf("dkim verified by intake: %s aligned with %s", id, fromDomain)
	return r
}

// hasTag reports whether the tag list has a tag called name.
func hasTag(tags map[string]string, name string) bool {
	_, ok := tags[name]
	return ok
}

// uncovered names the first of coveredFields missing from the signed
// header list h, or returns "" when h covers them all.
func uncovered(h []string) string {
	for _, name := range coveredFields {
		if !slices.ContainsFunc(h, func(k string) bool { return strings.EqualFold(strings.TrimSpace(k), name) }) {
			return "h= does not cover " + name
		}
	}
	return ""
}

func (v *Verifier) resolver() Resolver {
	if v.Resolver == nil {
		return net.DefaultResolver
	}
	return v.Resolver
}

func (v *Verifier) timeout() time.Duration {
	if v.Timeout <= 0 {
		return DefaultTimeout
	}
	return v.Timeout
}
