package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intake/approvals"
)

// adversarialCase is the expected decision of one file in
// testdata/adversarial: the message outcome, and for a processed message
// the status and reason of its every request, with a piece of the identity
// evidence (or, for an unreadable message, of the error) that shows the
// reason was reached for the right cause.
type adversarialCase struct {
	file     string
	outcome  approvals.Outcome
	status   approvals.Status
	reason   approvals.Reason
	evidence string
}

// Shorthands for the common expectations.
func unauthenticated(file, evidence string) adversarialCase {
	return adversarialCase{file, approvals.OutcomeProcessed, approvals.StatusPending,
		approvals.ReasonUnauthenticatedSender, evidence}
}

func pending(file string, reason approvals.Reason, evidence string) adversarialCase {
	return adversarialCase{file, approvals.OutcomeProcessed, approvals.StatusPending, reason, evidence}
}

// noPermission is a message whose sender is proven, but as the attacker's
// own address: the trick did not make intake read the manager's.
func noPermission(file string) adversarialCase {
	return adversarialCase{file, approvals.OutcomeProcessed, approvals.StatusRejected,
		approvals.ReasonNoPermission, "dmarc=pass header.from=attacker.example"}
}

func outcome(file string, o approvals.Outcome, evidence string) adversarialCase {
	return adversarialCase{file: file, outcome: o, evidence: evidence}
}

// adversarialCases are the "Composition Kills" (Chen et al., USENIX
// Security 2020) attack classes against intake, each file a realistic
// message whose body would be applied if its claimed sender were believed
// ("We give DOOR permission to add Parcel Pal to The Pines", from or for
// maria@pines.example, who manages The Pines). The A-R headers are what a
// correct receiving MTA at mx.door.com would plausibly write for the
// attacker's message, or a forgery that got past it.
var adversarialCases = []adversarialCase{
	// Several From headers: two readers that pick different ones disagree
	// on the author (RFC 5322 section 3.6 allows exactly one).
	unauthenticated("from-two-headers", "From: 2 From headers"),
	unauthenticated("from-two-headers-case", "From: 2 From headers"),
	unauthenticated("from-two-headers-folded", "From: 2 From headers"),
	unauthenticated("from-space-before-colon", "From: 2 From headers"),
	unauthenticated("from-bare-cr", "From: group syntax"),
	// One From header that is not exactly one plain mailbox.
	unauthenticated("from-two-mailboxes", "From: 2 mailboxes"),
	unauthenticated("from-group", "From: group syntax"),
	unauthenticated("from-group-empty-plus-mailbox", "From: group syntax"),
	unauthenticated("from-route-address", "From: unparseable"),
	unauthenticated("from-two-angle-addresses", "From: unparseable"),
	unauthenticated("from-encoded-word-address", "From: encoded-word in address"),
	unauthenticated("from-nul", "From: unparseable"),
	unauthenticated("from-empty", "From: empty"),
	unauthenticated("from-missing", "From: 0 From headers"),
	// The manager's address where identity is never read from: a comment,
	// a quoted local part, a display name (plain or RFC 2047-encoded),
	// Reply-To, Resent-From. The sender is proven, as the attacker.
	noPermission("from-comment-holds-address"),
	noPermission("from-quoted-local-at"),
	noPermission("from-display-name-address"),
	noPermission("from-encoded-display-address"),
	noPermission("reply-to-only"),
	noPermission("resent-from"),
	noPermission("proven-stranger"),
	unauthenticated("sender-differs", "Sender: eve@attacker.example differs from From"),
	// Authentication-Results that must not prove the sender.
	unauthenticated("ar-injected-quote", "no dmarc=pass for pines.example"),
	unauthenticated("ar-injected-bracket", "no dmarc=pass for pines.example"),
	unauthenticated("ar-comment-hides-result", "dmarc=fail header.from=pines.example"),
	unauthenticated("ar-unterminated-comment", "unreadable Authentication-Results"),
	unauthenticated("ar-forged-id", `"mx.door.com.attacker.example", not mx.door.com`),
	unauthenticated("ar-other-domain", "no dmarc=pass for pines.example"),
	unauthenticated("ar-dmarc-pass-other-from", "no dmarc=pass for pines.example"),
	unauthenticated("ar-dkim-unaligned", "no aligned dkim=pass"),
	unauthenticated("ar-dkim-lookalike-domain", "no aligned dkim=pass"),
	unauthenticated("ar-dmarc-fail-and-pass", "dmarc=fail header.from=pines.example"),
	unauthenticated("ar-spf-only", "spf=pass alone never proves"),
	unauthenticated("ar-unknown-method-only", "no dmarc=pass for pines.example"),
	unauthenticated("ar-trusted-below-untrusted", `from "relay.attacker.example", not mx.door.com, and a lower one claims`),
	unauthenticated("ar-forged-trusted-lower", "a lower Authentication-Results also claims mx.door.com"),
	// ARC (RFC 8617) is never trusted on its own.
	unauthenticated("arc-only", "no Authentication-Results from mx.door.com"),
	unauthenticated("arc-pass-dmarc-fail", "dmarc=fail header.from=pines.example"),
	// Replays of a genuinely signed message.
	pending("replay-old-signed", approvals.ReasonStaleMessage, "dmarc=pass header.from=pines.example"),
	pending("replay-future-date", approvals.ReasonStaleMessage, "dmarc=pass header.from=pines.example"),
	pending("replay-addressed-elsewhere", approvals.ReasonNotAddressedToInbox, "dmarc=pass header.from=pines.example"),
	pending("replay-display-name-inbox", approvals.ReasonNotAddressedToInbox, "dmarc=pass header.from=pines.example"),
	// The same with a fresh Date, an inbox To or a new Message-ID added on
	// top: the MTA's dkim=pass covers the bottom-most instance only (RFC
	// 6376 section 5.4.2), intake would read the top one.
	unauthenticated("replay-date-added-on-top", "repeated header: 2 Date headers"),
	unauthenticated("replay-to-added-on-top", "repeated header: 2 To headers"),
	unauthenticated("replay-message-id-added-on-top", "repeated header: 2 Message-ID headers"),
	// A signed message forwarded as an attachment: its text is not the
	// new text of the message that carries it.
	outcome("forward-attached-signed", approvals.OutcomeNoRequest, "dmarc=pass header.from=attacker.example"),
	// A manager's reply-all, copying the inbox, to an attacker's mail: her
	// Outlook quotes it without "> " below a header block in her language.
	outcome("reply-all-outlook-korean-quote", approvals.OutcomeNoRequest, "dmarc=pass header.from=pines.example"),
	// Mail from intake's own address is never acted on.
	outcome("own-address", approvals.OutcomeIgnored, "dmarc=pass header.from=door.com"),
	// A header block past the limits is not read at all.
	outcome("header-flood", approvals.OutcomeUnreadable, "limits.header_fields"),
}

// TestAdversarialCorpus runs every case with verify_dkim off, then on
// (see dkim_test.go): unsigned, where it must decide as with it off, and
// signed for its From domain.
func TestAdversarialCorpus(t *testing.T) {
	var signed signedCounts
	t.Cleanup(func() {
		t.Logf("verify_dkim=on, signed: %s (of %d cases)", &signed, len(adversarialCases))
		if got := signed.messages.Load(); got != int64(len(adversarialCases)) {
			t.Errorf("%d cases signed, want all %d", got, len(adversarialCases))
		}
		if signed.proven.Load() == 0 {
			t.Error("no signed case was proven by intake's DKIM: the signed pass shows nothing")
		}
	})
	for _, c := range adversarialCases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(filepath.Join(adversarialDir, c.file+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			off := receive(t, raw)
			checkAdversarial(t, off, c)
			t.Run("verify_dkim=on", func(t *testing.T) {
				on := receiveWith(t, raw, dkimOn())
				checkAdversarial(t, on, c)
				checkSameDecisions(t, on, off)
			})
			t.Run("verify_dkim=on,signed", func(t *testing.T) {
				checkSignedOn(t, receiveWith(t, signFor(t, raw), dkimOn()), off, &signed)
			})
		})
	}
}

func checkAdversarial(t *testing.T, res *approvals.Result, c adversarialCase) {
	t.Helper()
	for _, r := range applied(res) {
		t.Errorf("APPLIED: %s %q to %q", r.Action, r.Partner, r.Property)
	}
	m := res.Message
	if m.Outcome != c.outcome {
		t.Errorf("outcome = %s, want %s", m.Outcome, c.outcome)
	}
	if got := m.Evidence + m.Error; !strings.Contains(got, c.evidence) {
		t.Errorf("evidence = %q, want it to contain %q", got, c.evidence)
	}
	if c.outcome != approvals.OutcomeProcessed {
		return
	}
	if len(res.Requests) == 0 {
		t.Fatal("no request; want the body's request decided")
	}
	for _, r := range res.Requests {
		if r.Status != c.status || r.Reason != c.reason {
			t.Errorf("%s %q to %q: %s/%s, want %s/%s", r.Action, r.Partner, r.Property,
				r.Status, r.Reason, c.status, c.reason)
		}
		if r.PartnerID != "p-parcel" || r.PropertyID != "prop-pines" {
			t.Errorf("resolved to %q/%q, want p-parcel/prop-pines (the attack must read as meant)",
				r.PartnerID, r.PropertyID)
		}
	}
}

// TestAdversarialCorpusComplete checks that every file of the corpus has
// an expectation, and every expectation a file.
func TestAdversarialCorpusComplete(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(adversarialDir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, f := range files {
		got = append(got, strings.TrimSuffix(filepath.Base(f), ".eml"))
	}
	for _, c := range adversarialCases {
		want = append(want, c.file)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("files %v\nwant %v", got, want)
	}
	if len(want) < 30 {
		t.Errorf("%d cases, want at least 30 (issue 5 item 2)", len(want))
	}
}
