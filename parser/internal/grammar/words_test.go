package grammar

import (
	"strings"
	"testing"

	"intake/parser/internal/model"
)

// TestTextWords checks what the plain and HTML comparison ignores.
func TestTextWords(t *testing.T) {
	cases := []struct{ name, a, b string }{
		{"link in brackets", "See Door <https://door.com> now", "See Door now"},
		{"case and punctuation", "We give DOOR permission!", "we give door permission"},
		{"bullets", "• one\n- two", "one two"},
		{"contact details", "Maria\nT: +1 555 0100 | maria@pines.example", "Maria"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, want := strings.Join(textWords(c.a), " "), strings.Join(textWords(c.b), " "); got != want {
				t.Errorf("textWords(%q) = %q, want %q", c.a, got, want)
			}
		})
	}
}

// TestWordDoubt: readings with the same words agree whatever the
// dropping would make of them; different words beyond formatting do not.
func TestWordDoubt(t *testing.T) {
	cases := []struct {
		name, plain, html string
		doubt             bool
	}{
		{"same words, a contact label written two ways", "Maria\nT: 555-0100", "Maria T 555-0100", false},
		{"formatting only", "See Door <https://door.com> now", "See Door now", false},
		{"a word more", "We give DOOR permission to add Acme to The Pines.", "We give DOOR permission to add Acme to The Pines. Hold it.", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, got := WordDoubt(model.Body{Text: c.plain}, model.Body{Text: c.html}); got != c.doubt {
				t.Errorf("WordDoubt = %v, want %v", got, c.doubt)
			}
		})
	}
}
