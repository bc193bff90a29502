package render

import (
	"slices"
	"testing"
)

const consent = "We give DOOR permission to add Acme Deliveries to The Pines."

func TestContainsSentence(t *testing.T) {
	tests := []struct {
		name, text, sentence string
		want                 bool
	}{
		{"exact", consent, consent, true},
		{"case and punctuation", "we give door permission, to add acme deliveries to the pines", consent, true},
		{"wrapped across lines", "Hi team,\n\nWe give DOOR permission to add\nAcme Deliveries to The Pines.\n\nThanks", consent, true},
		{"letters misread", "We glve DOOR perrnission to add Acme Dellveries to The Plnes.", consent, true},
		{"word split", "We give DOOR permis sion to add Acme Deliveries to The Pines.", consent, true},
		{"words run together", "We give DOOR permission to add Acme Deliveries toThe Pines.", consent, true},
		{"speck", "We give DOOR permission | to add Acme Deliveries to The Pines.", consent, true},
		{"inner word dropped", "We give DOOR permission add Acme Deliveries to The Pines.", consent, true},
		{"inner word garbled", "We give DOOR permission to ddx Acme Deliveries to The Pines.", consent, true},
		{"digits for letters", "We give D00R permission to add Acme Deliveries to The Pines.", consent, true},
		{"words around", "Hello. We give DOOR permission to add Acme Deliveries to The Pines. Regards", consent, true},
		{"empty sentence", "anything", "", true},

		{"negation inserted", "We do not give DOOR permission to add Acme Deliveries to The Pines.", consent, false},
		{"not inserted", "We give DOOR no permission to add Acme Deliveries to The Pines.", consent, false},
		{"word inserted near end", "We give DOOR permission to add Acme Deliveries to The Pines never.", consent, true},
		{"two inner words dropped", "We give DOOR to add Acme Deliveries The Pines.", consent, false},
		{"first word missing", "give DOOR permission to add Acme Deliveries to The Pines.", consent, false},
		{"last word missing", "We give DOOR permission to add Acme Deliveries to The", consent, false},
		{"reordered", "We give DOOR permission to add The Pines to Acme Deliveries.", consent, false},
		{"reversed", "Pines The to Deliveries Acme add to permission DOOR give We", consent, false},
		{"mirrored letters", "eW evig ROOD noissimrep ot dda emcA seirevileD ot ehT seniP", consent, false},
		{"half shown", "We give DOOR permission to add", consent, false},
		{"nothing", "", consent, false},
		{"short sentence exact", "Please remove Acme from The Pines", "Please remove Acme from The Pines.", true},
		{"short sentence dropped word", "Please remove from The Pines", "Please remove Acme from The Pines.", true},
		{"short sentence negated", "Please do not remove Acme from The Pines", "Please remove Acme from The Pines.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContainsSentence(tt.text, tt.sentence); got != tt.want {
				t.Errorf("ContainsSentence(%q, %q) = %v, want %v", tt.text, tt.sentence, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"We don't give DOOR", []string{"we", "dont", "glve", "door"}},
		{"  Acme—Deliveries\n\tto ", []string{"acme", "dellverles", "to"}},
		{"D00R 5ite", []string{"door", "slte"}},
		{"ﬁne", []string{"flne"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
