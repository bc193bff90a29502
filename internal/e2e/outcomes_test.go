package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"intake/approvals"
	"intake/parser"
)

// wantRequest is the expected decision on one request: its resolution,
// status and reason.
type wantRequest struct {
	action, partnerID, propertyID string
	status                        approvals.Status
	reason                        approvals.Reason
}

// messageItem is the review item a no_request message is queued as (see
// approvals.Request.IsMessageItem).
var messageItem = wantRequest{status: approvals.StatusPending}

// parserOutcomes is the workflow outcome of every message in
// testdata/parser, each received alone into the sample directory at
// receivedAt (docs/decisions.md). Every fixture is dated 2026-11-23 10:00,
// two hours before receipt, so none is stale; all are addressed to the
// inbox. Reviewed against docs/decisions.md:
//
//   - maria@pines.example has property permission on prop-pines only, so
//     her proven requests for Oak Court, Harbor View and Gateway to the
//     West Lofts are rejected no_permission, and only prop-pines ones are
//     applied (Parcel Pal add), noop (Acme already enabled; Parcel Pal
//     remove not enabled) or waiting (Acme remove: d-pines-main and
//     d-pines-garage are assigned to Acme);
//   - a sender proven for another domain (attacker.example, the IDNA
//     bücher.example) is no manager: rejected no_permission;
//   - identity not proven (no, forged, untrusted or comment-only
//     Authentication-Results, SPF only, two From, a differing Sender, a
//     malformed header block) stops at unauthenticated_sender whatever
//     the name resolution;
//   - quoted, forwarded, attached and hidden text yields nothing;
//     negations, questions, hypotheticals, grants to others and the
//     template are no_request (one message review item);
//   - a text/plain and HTML disagreement keeps the requests of both
//     readings pending with body_mismatch;
//   - content comes before resolution and permission (docs/decisions.md):
//     hidden HTML, an unread inline text part and the like give
//     unverified_content, and any sentence besides the request that is not
//     allow-listed courtesy (a remark, a reason, an inline answer, a
//     signature that itself reads as a request) gives held_by_sender,
//     whoever sent it and whatever it names.
var parserOutcomes = []struct {
	file     string
	outcome  approvals.Outcome
	requests []wantRequest
}{
	{"id-auto-submitted.eml", "ignored", nil},
	{"id-comment-ar.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"id-display-name-address.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "rejected", "no_permission"}}},
	{"id-dkim-aligned-only.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"id-dmarc-pass.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"id-dsn-report.eml", "ignored", nil},
	{"id-encoded-from.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"id-forged-lower-ar.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"id-idna-domain.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "rejected", "no_permission"}}},
	{"id-no-auth-results.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"id-sender-differs.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"id-spf-only.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"id-two-from.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"id-untrusted-authserv.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"malformed-header-line.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"malformed-no-header.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unauthenticated_sender"}}},
	{"req-add-authorize.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"req-add-basic.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}}},
	{"req-add-grant.eml", "processed", []wantRequest{{"add", "p-acme", "prop-harbor", "rejected", "no_permission"}}},
	{"req-add-greeting-joined.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-oak", "rejected", "no_permission"}}},
	{"req-add-hereby-quoted-name.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}}},
	{"req-add-i-give-no-period.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-oak", "rejected", "no_permission"}}},
	{"req-add-latch.eml", "processed", []wantRequest{{"add", "p-acme", "prop-oak", "pending", "held_by_sender"}}},
	{"req-add-two-partners.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}, {"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"req-add-two-properties.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}, {"add", "p-acme", "prop-oak", "rejected", "no_permission"}}},
	{"req-add-two-sentences.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}, {"add", "p-parcel", "prop-harbor", "rejected", "no_permission"}}},
	{"req-gateway-to-the-west.eml", "processed", []wantRequest{{"add", "p-acme", "prop-gateway", "rejected", "no_permission"}}},
	{"req-grant-to-other.eml", "no_request", []wantRequest{messageItem}},
	{"req-hypothetical.eml", "no_request", []wantRequest{messageItem}},
	{"req-legit-confirmed-dash.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"req-legit-contact-above.eml", "processed", []wantRequest{{"add", "p-acme", "prop-gateway", "applied", ""}}},
	{"req-legit-effective-immediately.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-harbor", "applied", ""}}},
	{"req-legit-greeting-signature.eml", "processed", []wantRequest{{"add", "p-acme", "prop-harbor", "applied", ""}}},
	{"req-legit-iphone.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"req-legit-on-behalf.eml", "processed", []wantRequest{{"add", "p-smith", "prop-oak", "applied", ""}}},
	{"req-legit-per-our-call.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-gateway", "applied", ""}}},
	{"req-mismatch-plain-html.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "body_mismatch"},
		{"add", "p-acme", "prop-harbor", "pending", "body_mismatch"}}}, // both readings kept
	{"req-negation.eml", "no_request", []wantRequest{messageItem}},
	{"req-question.eml", "no_request", []wantRequest{messageItem}},
	{"req-remove-basic.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-pines", "waiting", "partner_assigned_to_doors"}}},
	{"req-remove-disable-at.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "pending", "held_by_sender"}}},
	{"req-remove-form-nothing.eml", "no_request", []wantRequest{messageItem}},
	{"req-remove-form.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-pines", "waiting", "partner_assigned_to_doors"}, {"remove", "p-parcel", "prop-pines", "noop", "not_enabled"}}},
	{"req-remove-revoke-access.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-harbor", "rejected", "no_permission"}}},
	{"req-remove-smith-and-sons.eml", "processed", []wantRequest{{"remove", "p-smith", "prop-harbor", "pending", "held_by_sender"}}},
	{"req-template.eml", "no_request", []wantRequest{messageItem}},
	{"text-8bit.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "rejected", "no_permission"}}},
	{"text-alternative-hidden-preheader.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-harbor", "pending", "unverified_content"}}},
	{"text-alternative-enriched.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "body_mismatch"}}},
	{"text-alternative-hidden-font.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "body_mismatch"}}},
	{"text-alternative-mismatch.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "body_mismatch"},
		{"add", "p-acme", "prop-harbor", "pending", "body_mismatch"}}}, // both readings kept
	{"text-alternative-related.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"text-alternative-two-plain.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "body_mismatch"}}},
	{"text-android-reply.eml", "processed", []wantRequest{{"add", "p-acme", "prop-oak", "rejected", "no_permission"}}},
	{"text-aol-reply.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-harbor", "rejected", "no_permission"}}},
	{"text-apple-forward.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"text-apple-mail-reply.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-oak", "rejected", "no_permission"}}},
	{"text-attached-rfc822-forward.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "pending", "held_by_sender"}}},
	{"text-digest-forward.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "pending", "held_by_sender"}}},
	{"text-base64-utf8.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-harbor", "rejected", "no_permission"}}},
	{"text-french-reply.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-harbor", "rejected", "no_permission"}}},
	{"text-german-reply.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-oak", "rejected", "no_permission"}}},
	{"text-gmail-forward.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-pines", "waiting", "partner_assigned_to_doors"}}},
	{"text-gmail-reply.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"text-hard-wrapped.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "held_by_sender"}, {"remove", "p-acme", "prop-oak", "pending", "held_by_sender"}}},
	{"text-html-only-gmail-quote.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-harbor", "rejected", "no_permission"}}},
	{"text-html-only-hidden.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "unverified_content"}}},
	{"text-inline-reply.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "held_by_sender"}, {"remove", "p-acme", "prop-oak", "pending", "held_by_sender"}}},
	{"text-inline-text-attachment.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "pending", "unverified_content"}}},
	{"text-ios-reply.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-pines", "noop", "not_enabled"}}},
	{"text-nfkc-fullwidth.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"text-outlook-desktop-reply.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-oak", "rejected", "no_permission"}}},
	{"text-outlook-form-reply.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-oak", "rejected", "no_permission"}}},
	{"text-outlook-french-reply.eml", "processed", []wantRequest{{"add", "p-acme", "prop-oak", "rejected", "no_permission"}}},
	{"text-outlook-web-reply.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}}},
	{"text-quoted-printable-latin1.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "applied", ""}}},
	{"text-russian-reply.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-harbor", "rejected", "no_permission"}}},
	{"text-sent-from-iphone.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-harbor", "rejected", "no_permission"}}},
	{"text-signature.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-pines", "pending", "held_by_sender"}}},
	{"text-spanish-reply.eml", "processed", []wantRequest{{"add", "p-acme", "prop-pines", "noop", "already_enabled"}}},
	{"text-thunderbird-bottom-post.eml", "processed", []wantRequest{{"add", "p-parcel", "prop-oak", "pending", "held_by_sender"}}},
	{"text-thunderbird-html-reply.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "pending", "held_by_sender"}}},
	{"text-unknown-disposition.eml", "processed", []wantRequest{{"remove", "p-parcel", "prop-oak", "rejected", "no_permission"}}},
	{"text-windows-1252.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-oak", "pending", "held_by_sender"}}},
	{"text-yahoo-reply.eml", "processed", []wantRequest{{"remove", "p-acme", "prop-pines", "waiting", "partner_assigned_to_doors"}}},
}

// TestParserOutcomes runs every testdata/parser message through the
// whole workflow and checks the message outcome, each request's
// resolution, status and reason, and that the ledger then verifies.
func TestParserOutcomes(t *testing.T) {
	for _, tt := range parserOutcomes {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(testdataDir, "parser", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			svc, db := newServiceDB(t)
			in := approvals.Inbound{Raw: raw, ReceivedAt: receivedAt, Source: "file:" + tt.file}
			in.Parsed, in.ParseErr = parser.ParseBytes(raw, parser.Options{TrustedAuthservID: authservID})
			if in.ParseErr != nil {
				in.Parsed = nil
			}
			res, err := svc.Receive(t.Context(), in)
			if err != nil {
				t.Fatalf("Receive: %v", err)
			}
			if res.Message.Outcome != tt.outcome {
				t.Errorf("outcome = %q, want %q", res.Message.Outcome, tt.outcome)
			}
			var got []wantRequest
			for _, r := range res.Requests {
				got = append(got, wantRequest{string(r.Action), r.PartnerID, r.PropertyID, r.Status, r.Reason})
			}
			if !slices.Equal(got, tt.requests) {
				t.Errorf("requests =\n\t%+v\nwant\n\t%+v", got, tt.requests)
			}
			v, err := db.Verify(t.Context())
			if err != nil || !v.OK {
				t.Errorf("ledger verify = %+v, %v; want OK", v, err)
			}
		})
	}
}

// TestParserOutcomesComplete checks that every message in testdata/parser
// has a row in parserOutcomes, and every row a message.
func TestParserOutcomesComplete(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "parser", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, tt := range parserOutcomes {
		if rows[tt.file] {
			t.Errorf("%s has two rows", tt.file)
		}
		rows[tt.file] = true
	}
	for _, f := range files {
		if !rows[filepath.Base(f)] {
			t.Errorf("%s has no row in parserOutcomes", filepath.Base(f))
		}
		delete(rows, filepath.Base(f))
	}
	for f := range rows {
		t.Errorf("row %s names no file in testdata/parser", f)
	}
	if len(files) < 70 {
		t.Errorf("%d messages in testdata/parser, want the 70 or more this table was written for", len(files))
	}
}
