package grammar

import (
	"strings"
	"testing"
)

// mayRequest's ASCII folding must give exactly what strings.ToLower and
// strings.Contains give, on every input; the seeds are those of the quote
// room's FuzzTextFastPaths, whose check this was.

var mayRequestSeeds = []string{
	"", " ", "  ", "\t", "a", " a", "a ", "a  ", "a  b", "a\tb", "a b c",
	"Thanks for the fobs. ", "Please ADD Acme to The Pines.", "REMOVE Acme",
	"\r\r\n", "a\r\nb\rc\n", "x\u2028y\u2029z\u0085w\v\f", "a\r\n\r\nb\r\n",
	"a\u00a0b", "a\u3000b", "İstanbul dİsable", "\u212Aelvin revo\u212A", "re\u00admove",
	"\x00a b", "a\x7fb", "caf\xe9 add", strings.Repeat("add ", 80),
	"abcdefg\x7f", "abcdefgh\x1fijk", "\x80bcdefghij", "abcdefgh  ijklmnop", "abcdefghijklmno~",
	"abcdefghijklmno\x7f", "abc\x1fdefghijk", " abcdefghijklmnop", "abcdefghijklmnop ", "abcdefg\x00hijklmnop",
	"Please DISABLE Acme", "Disable it", "revoke Acme", "ReVoKed", "Remove", "ADD", "ad", "revo", "disab",
	"abcdefg  hijklmnop", "abc  defghijklmnop", "abcdefghijklmno  p", "abcdefghijklmnop  q", "abcdefg hijklmn opq",
}

func FuzzMayRequest(f *testing.F) {
	for _, s := range mayRequestSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMayRequest(t, s)
	})
}

func TestMayRequestFastPath(t *testing.T) {
	for _, s := range mayRequestSeeds {
		checkMayRequest(t, s)
	}
}

func checkMayRequest(t *testing.T, s string) {
	t.Helper()
	l := strings.ToLower(s)
	want := strings.Contains(l, "add") || strings.Contains(l, "remov") ||
		strings.Contains(l, "disabl") || strings.Contains(l, "revok")
	if got := mayRequest(s); got != want {
		t.Fatalf("mayRequest(%q) = %v, want %v", s, got, want)
	}
}
