package parser

import (
	"testing"
)

// FuzzParse feeds arbitrary bytes to ParseBytes, seeded from testdata (the
// parser corpus and the adversarial identity corpus) and the shared corpus.
// Parsing must never panic, and what it returns must hold the invariants of
// checkInvariants.
func FuzzParse(f *testing.F) {
	for _, raw := range allMessages(f) {
		f.Add(raw)
	}
	lim := Limits{MaxMessageBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := ParseBytes(raw, Options{TrustedAuthservID: testAuthservID, Limits: lim})
		if err != nil {
			if m != nil {
				t.Fatalf("ParseBytes returned a message and an error: %v", err)
			}
			return
		}
		checkInvariants(t, "fuzz", m)
	})
}
