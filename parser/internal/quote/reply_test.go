package quote

import (
	"testing"

	"github.com/emersion/go-message/textproto"
)

// TestIsReply checks the reply markers of each language.
func TestIsReply(t *testing.T) {
	cases := []struct {
		subject string
		want    bool
	}{
		{"Re: access", true}, {"RE: access", true}, {"AW: Zugang", true}, {"SV: tillgång", true},
		{"Antw: toegang", true}, {"Réf: accès", true}, {"R: accesso", true}, {"VS: pääsy", true},
		{"Odp: dostęp", true}, {"回复: 访问", true}, {"[Pines] Re: access", true}, {"Re[2]: access", true},
		{"Fwd: access", true}, {"Access for Acme", false}, {"Regarding access", false}, {"Revoke Acme", false},
	}
	for _, c := range cases {
		t.Run(c.subject, func(t *testing.T) {
			if got := IsReply(textproto.Header{}, c.subject); got != c.want {
				t.Errorf("IsReply(%q) = %v, want %v", c.subject, got, c.want)
			}
		})
	}
}
