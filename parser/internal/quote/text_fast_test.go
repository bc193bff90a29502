package quote

import (
	"strings"
	"testing"
)

// The text fast paths (normalizeLine's uncopied line, breakLines, the
// collapsed lines the grammar's paragraphsOf keeps) must give exactly what
// the general code gives, on every input. mayRequest's ASCII folding is
// checked on the same seeds by the grammar (parser's FuzzMayRequest).

var textFastSeeds = []string{
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

func FuzzTextFastPaths(f *testing.F) {
	for _, s := range textFastSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTextFastPaths(t, s)
	})
}

func TestTextFastPaths(t *testing.T) {
	for _, s := range textFastSeeds {
		checkTextFastPaths(t, s)
	}
}

// collapsedByByte is Collapsed one byte at a time, as it was written
// before it tested eight at once.
func collapsedByByte(s string) bool {
	space := true // at the start, a space would be leading
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if space {
				return false
			}
			space = true
		case c < ' ' || c >= 0x7f:
			return false
		default:
			space = false
		}
	}
	return !space || s == ""
}

func checkTextFastPaths(t *testing.T, s string) {
	t.Helper()
	for _, max := range []int{1, 3, 8, 1000} {
		got, gotOK := normalizeLine(s, max)
		want, wantOK := collapseSpaces(s, max)
		if got != want || gotOK != wantOK {
			t.Fatalf("normalizeLine(%q, %d) = %+v, %v; want %+v, %v", s, max, got, gotOK, want, wantOK)
		}
	}
	if got, want := breakLines(s), lineBreaks.Replace(s); got != want {
		t.Fatalf("breakLines(%q) = %q, want %q", s, got, want)
	}
	if got, want := Collapsed(s), collapsedByByte(s); got != want {
		t.Fatalf("Collapsed(%q) = %v, want %v", s, got, want)
	}
	if Collapsed(s) && strings.Join(strings.Fields(s), " ") != s {
		t.Fatalf("Collapsed(%q), but strings.Fields changes it", s)
	}
}
