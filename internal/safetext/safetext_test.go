package safetext

import "testing"

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Deliveries":       "Acme Deliveries",
		"Über Straße":           "Über Straße",
		"Acme\u202eseivileD":    `Acme\u202eseivileD`,
		"a\u200bb":              `a\u200bb`,
		"line\nbreak\tand\x1b[": `line\nbreak\tand\x1b[`,
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
