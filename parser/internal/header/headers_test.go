package header

import (
	"math/rand/v2"
	netmail "net/mail"
	"strings"
	"testing"
	"time"
)

// TestParseDateAsNetMail checks that parseDate's shortcut for the usual
// form gives what net/mail gives, location included, and leaves every
// other form to it.
func TestParseDateAsNetMail(t *testing.T) {
	dates := []string{
		"Mon, 23 Nov 2026 09:59:58 +0100",
		"Mon, 23 Nov 2026 09:59:58 -0000",
		"Sun, 01 Mar 2026 00:00:00 +1400",
		"Tue, 29 Feb 2028 23:59:59 -1200",
		"Mon, 23 Nov 2026 09:59:58 +0000 (UTC)",
		"Mon, 23 Nov 2026 09:59:58 GMT",
		"Mon, 3 Nov 2026 09:59:58 +0000",
		"23 Nov 2026 09:59:58 +0000",
		"Mon, 23 Nov 26 09:59:58 +0000",
		"Mon, 23 Nov 2026 09:59 +0000",
		"Mon, 23 Nov 2026 09:59:58 +9999",
		"Mon, 23 Nov 2026 25:59:58 +0000",
		"Fri, 23 Nov 2026 09:59:58 +0000", // wrong weekday: both ignore it
		"Xyz, 23 Nov 2026 09:59:58 +0000",
		"Mon, 23 Nov 2026 09:59:58 +0000\r\n",
		"Mon, 23 Nov 2026\r\n 09:59:58 +0000",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		zone := time.FixedZone("", (rng.IntN(49)-24)*30*60)
		at := time.Unix(rng.Int64N(4e9), 0).In(zone)
		dates = append(dates, at.Format(time.RFC1123Z), at.Format(time.RFC1123), at.Format(time.RFC822Z))
	}
	for _, d := range dates {
		want, err := netmail.ParseDate(strings.TrimSpace(d))
		if err != nil {
			want = time.Time{}
		}
		got := parseDate(d)
		if !got.Equal(want) || got.Location().String() != want.Location().String() || got.Format(time.RFC3339) != want.Format(time.RFC3339) {
			t.Errorf("parseDate(%q) = %v, net/mail gives %v", d, got, want)
		}
	}
}

func TestHeaderLexer(t *testing.T) {
	cases := []struct {
		in, want string
		group    bool
	}{
		{`a (b (c) d) "e (f)" g`, `a   "e (f)" g`, false},
		{`Friends: a@x, b@y;`, `Friends: a@x, b@y;`, true},
		{`<@relay:a@x>`, `<@relay:a@x>`, false},
		{`"Re: x" <a@x>`, `"Re: x" <a@x>`, false},
		{`a (b: c) <a@x>`, `a   <a@x>`, false},
		{`"a\"b" c`, `"a\"b" c`, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := stripHeaderComments(c.in)
			if err != nil || got != c.want {
				t.Errorf("stripHeaderComments = %q, %v; want %q", got, err, c.want)
			}
			if g := hasGroupSyntax(c.in); g != c.group {
				t.Errorf("hasGroupSyntax = %v, want %v", g, c.group)
			}
		})
	}
	for _, bad := range []string{`a (b`, `"a`, `a) b`, `a "b\"`} {
		if _, err := stripHeaderComments(bad); err == nil {
			t.Errorf("stripHeaderComments(%q) succeeded", bad)
		}
	}
}

func TestAuthResultsNormalise(t *testing.T) {
	cases := []struct{ in, want string }{
		{"mx.door.com (Postfix) 1; dkim=pass (good) header.d=pines.example", "mx.door.com   1; dkim=pass   header.d=pines.example"},
		{`x; dkim=pass header.d="pines.example"`, "x; dkim=pass header.d=pines.example"},
		{`x; spf=pass smtp.mailfrom="a;dmarc=pass"@y`, "x; spf=pass smtp.mailfrom=_@y"},
		{"x; dmarc = pass header.from =\tpines.example", "x; dmarc=pass header.from=pines.example"},
		{`x; dkim=pass reason="good sig"`, "x; dkim=pass reason=_"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := normaliseAuthResults(c.in)
			if err != nil || got != c.want {
				t.Errorf("normaliseAuthResults = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
