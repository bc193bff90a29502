package parser

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// textCase is one plainBody or htmlBody expectation.
type textCase struct {
	name    string
	in      string
	want    string
	removed []string
}

// TestPlainNeverPanics feeds random bytes, weighted towards the
// characters the pipeline looks at, and checks the output contract.
func TestPlainNeverPanics(t *testing.T) {
	alphabet := []string{"a", " ", "\n", "\r\n", ">", "-", "--", ":", "On 1 ", " wrote:", "\u00a0", "\u200b", "é", "\xff", "\t", "From: x", "Sent: y", "_"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for j := rng.IntN(60); j > 0; j-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		in := b.String()
		plain, perr := plainBody(in, Limits{MaxLineBytes: 7})
		html, herr := htmlBody(in, Limits{})
		for _, err := range []error{perr, herr} {
			if err != nil && !IsLimit(err) {
				t.Fatalf("input %q: error %v, want none or a limit error", in, err)
			}
		}
		for _, body := range []Body{plain, html} {
			if !utf8.ValidString(body.Text) || strings.Contains(body.Text, "\n\n\n") ||
				strings.Contains(body.Text, "  ") || strings.Contains(body.Text, "\t") || strings.Contains(body.Text, "\r") {
				t.Fatalf("input %q: bad Text %q", in, body.Text)
			}
		}
	}
}
