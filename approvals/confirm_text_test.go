package approvals

import (
	"slices"
	"strings"
	"testing"
)

func TestQuoteOpens(t *testing.T) {
	tests := []struct {
		name, quoted string
		opens        bool
	}{
		{"> line", "> Reply with this code", true},
		{"attribution with address", "On Mon, 10 Mar 2025 at 11:00, DOOR <a@door.com> wrote:\n> x", true},
		{"attribution without address", "On 10/03/2025 11:00, DOOR wrote:\n> x", true},
		{"french attribution", "Le lun. 10 mars 2025 à 11:00, DOOR a écrit :\n> x", true},
		{"attribution wrapped at the verb", "On Mon, 10 Mar 2025 at 11:00, DOOR <a@door.com>\nwrote:\n> x", true},
		{"attribution wrapped at the address", "On Mon, 10 Mar 2025 at 11:00, DOOR <\na@door.com> wrote:\n> x", true},
		{"html attribution on one line", "On Mon, DOOR <a@door.com> wrote: Reply with this code: X", true},
		{"outlook header", "From: DOOR <a@door.com>\nSent: Monday", true},
		{"outlook separator and header", "-----Original Message-----\nFrom: DOOR <a@door.com>", true},
		{"date line", "2025-03-14\n\nMaria\n\nOn Mon, DOOR <a@door.com> wrote:", false},
		{"date line, then attribution", "2025-03-14\nOn Mon, DOOR <a@door.com> wrote:", false},
		{"colon without address or verb", "Only after Monday:\n> x", false},
		{"time is no attribution colon", "Monday 10 March 2025 11:00\nOnly after Monday", false},
		{"separator alone", "-----Original Message-----\nOnly after Monday", false},
		{"header without address", "From: Monday\nOnly then", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quoteOpens(tt.quoted) == ""; got != tt.opens {
				t.Errorf("quoteOpens(%q) = %q, want opens %v", tt.quoted, quoteOpens(tt.quoted), tt.opens)
			}
		})
	}
}

// TestCodeShaped pins that codeShaped yields exactly the words of words()
// that are CodeLen long and ASCII: a code is found only as a word of its
// own, whatever letters of any script touch it.
func TestCodeShaped(t *testing.T) {
	texts := []string{
		"ABCD2345", "x ABCD2345.", "(abcd2345)", "éABCD2345", "ABCD2345é", "ABCD2345ж x",
		"ABCD23456", "ABCD234", "ABCD-2345", "٣ABCD2345", "ABCD2345\u0663", "a\nWXYZ7788\n", "",
	}
	for _, text := range texts {
		var want, got []string
		for _, w := range words(text) {
			if len(w) == CodeLen && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == "" {
				want = append(want, w)
			}
		}
		for w := range codeShaped(text) {
			got = append(got, w)
		}
		if !slices.Equal(got, want) {
			t.Errorf("codeShaped(%q) = %q, want %q", text, got, want)
		}
	}
}
