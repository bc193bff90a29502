package visible

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAppendWordsAsJoinFields(t *testing.T) {
	cases := []string{"", " ", " \t\r\n\f", "a", " a ", "a  b\tc\r\nd", "\xff\xfe b", "é\u00a0à  x", "\u2003word\u2003"}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{" ", "\t", "\n", "\r", "\f", "a", "é", "\u00a0", "\xff", "\u3000"}
	for range 500 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		want := strings.Join(strings.FieldsFunc(s, isHTMLSpace), " ")
		if got := string(appendWords([]byte("x"), s)); got != "x"+want {
			t.Errorf("appendWords(%q) = %q, want %q", s, got[1:], want)
		}
	}
}

// TestLegacyColor checks HTML's rules for parsing a legacy colour value
// on the examples browsers are known for.
func TestLegacyColor(t *testing.T) {
	for in, want := range map[string]string{
		"ffffff":       "#ffffff",
		"#FFF":         "#ffffff",
		"#1F497D":      "#1f497d",
		"White":        "#ffffff",
		"chucknorris":  "#c00000",
		"sick":         "#00c000",
		"f":            "#0f0000",
		"#ffffffff":    "#ffffff",
		"123456789abc": "#12569a",
		"":             "none",
		"transparent":  "none",
	} {
		if got := legacyColor(in, "none"); got != want {
			t.Errorf("legacyColor(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStyleSheetManyBackgrounds: past maxBackgrounds distinct rule
// backgrounds, coloured text is no longer compared with each and is left
// out; text in the page's own colour stays.
func TestStyleSheetManyBackgrounds(t *testing.T) {
	var css strings.Builder
	for i := range maxBackgrounds + 1 {
		fmt.Fprintf(&css, ".b%d{background-color:#%06x}", i, 0x100000+i*0x10101)
	}
	s := parseSheet(css.String())
	if !s.tooManyBackgrounds || len(s.backgrounds) != maxBackgrounds {
		t.Fatalf("%d backgrounds kept, too many = %v", len(s.backgrounds), s.tooManyBackgrounds)
	}
	if !s.hidesColor("#1f497d") {
		t.Error("coloured text counts as visible past maxBackgrounds")
	}
	if s.hidesColor(pagePaint.color) {
		t.Error("text in the page's colour is hidden")
	}
}
