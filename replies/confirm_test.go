package replies

import (
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

// TestComposeConfirm: a pending request offered a code is restated in
// plain words with the code on a line of its own and its expiry; the
// other requests of the reply keep their kinds.
func TestComposeConfirm(t *testing.T) {
	held := add(approvals.StatusPending, approvals.ReasonHeldBySender)
	other := add(approvals.StatusPending, approvals.ReasonUnknownPartner)
	other.Partner = "Parcel Pal"
	in := input(held, other)
	expires := now.Add(72 * time.Hour)
	in.Result.Offers = map[string]approvals.Offer{"q1": {Code: "KXR7TW3M", Expires: expires}}
	r := compose(t, in)
	if r.Kind != KindMixed {
		t.Errorf("Kind = %q, want mixed (confirm and pending)", r.Kind)
	}
	_, body := parse(t, r)
	body = strings.ReplaceAll(body, "\r\n", "\n")
	lines := strings.Split(body, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	for _, want := range []string{"KXR7TW3M"} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line of its own holds %q:\n%s", want, body)
		}
	}
	flat := strings.Join(strings.Fields(body), " ")
	for _, want := range []string{"you asked us to add Acme Cleaning to Pine Court", reasonWords[approvals.ReasonHeldBySender],
		formatTime(expires), "Received: give Parcel Pal access to Pine Court"} {
		if !strings.Contains(flat, want) {
			t.Errorf("reply does not say %q:\n%s", want, body)
		}
	}
	if strings.Count(body, "KXR7TW3M") != 1 {
		t.Errorf("the code appears %d times, want once (for its request only)", strings.Count(body, "KXR7TW3M"))
	}
	for _, l := range strings.Split(body, "\n") {
		if len([]rune(l)) > maxLine {
			t.Errorf("line longer than %d: %q", maxLine, l)
		}
	}
}

// TestComposeConfirmOnlyPending: an offer for a request that is not
// pending (decided in the meantime) asks for nothing.
func TestComposeConfirmOnlyPending(t *testing.T) {
	in := input(add(approvals.StatusApplied, approvals.ReasonNone))
	in.Result.Offers = map[string]approvals.Offer{"q1": {Code: "KXR7TW3M", Expires: now}}
	r := compose(t, in)
	if r.Kind != KindApplied || strings.Contains(r.Text, "KXR7TW3M") {
		t.Errorf("Kind = %q, text %q; want applied without the code", r.Kind, r.Text)
	}
}
