package quote

import (
	"slices"
	"strings"
	"testing"

	"intake/parser/internal/model"
)

// textCase is one plainBody or htmlBody expectation.
type textCase struct {
	name    string
	in      string
	want    string
	removed []string
}

func runPlain(t *testing.T, cases []textCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Plain(c.in, Limits{})
			if err != nil {
				t.Fatalf("plainBody: %v", err)
			}
			if got.Source != "text/plain" {
				t.Errorf("Source = %q, want text/plain", got.Source)
			}
			if got.Text != c.want {
				t.Errorf("Text =\n%q\nwant\n%q", got.Text, c.want)
			}
			if !slices.Equal(got.Removed, c.removed) {
				t.Errorf("Removed = %q, want %q", got.Removed, c.removed)
			}
		})
	}
}

func TestPlainNormalise(t *testing.T) {
	runPlain(t, []textCase{
		{name: "empty", in: "", want: ""},
		{name: "blank lines only", in: "\r\n \r\n\t\r\n", want: ""},
		{name: "crlf", in: "We give DOOR\r\npermission.\r\n", want: "We give DOOR permission."},
		{name: "lone cr", in: "one\rtwo", want: "one two"},
		{name: "nbsp and unicode spaces", in: "We\u00a0give\u2003DOOR\u3000permission\u202fto\u205fadd\u1680it.", want: "We give DOOR permission to add it."},
		{name: "tabs and runs of spaces", in: "  We \t give   DOOR\t\tpermission.  ", want: "We give DOOR permission."},
		{name: "nfkc fullwidth", in: "Ｗｅ ｇｉｖｅ ＤＯＯＲ permission to add Parcel Pal to The Pines．", want: "We give DOOR permission to add Parcel Pal to The Pines."},
		{name: "nfkc ligature", in: "Please remove Acme from the ﬁle.", want: "Please remove Acme from the file."},
		{name: "zero width kept", in: "Acme\u200bDeliveries \u200dPal\ufeff", want: "Acme\u200bDeliveries \u200dPal\ufeff"},
		{name: "bidi kept", in: "The \u202ePines\u202c and \u2066Oak\u2069", want: "The \u202ePines\u202c and \u2066Oak\u2069"},
		{name: "invalid utf-8 replaced", in: "The Pines\xff\xfe.", want: "The Pines\ufffd."},
		{name: "line separator", in: "one\u2028two\u2029three", want: "one two\n\nthree"},
		{name: "form feed and vertical tab", in: "one\ftwo\vthree", want: "one two three"},
	})
}

func TestPlainUnwrap(t *testing.T) {
	runPlain(t, []textCase{
		{
			name: "hard wrapped sentence",
			in:   "We give DOOR permission to add Parcel\nPal to The\nPines.",
			want: "We give DOOR permission to add Parcel Pal to The Pines.",
		},
		{
			name: "format flowed soft breaks",
			in:   "We give DOOR permission to add Parcel \r\nPal to The Pines. \r\nThanks\r\n",
			want: "We give DOOR permission to add Parcel Pal to The Pines. Thanks",
		},
		{
			name: "paragraphs separated by one blank line",
			in:   "Hi,\n\n\n\nWe give DOOR permission.\n \n\t\nThanks",
			want: "Hi,\n\nWe give DOOR permission.\n\nThanks",
		},
		{
			name: "form fields keep their lines",
			in:   "Please disable this partner:\nProperty: The Pines\nPartner: Acme Deliveries\nThanks",
			want: "Please disable this partner:\nProperty: The Pines\nPartner: Acme Deliveries\nThanks",
		},
		{
			name: "form label of three words",
			in:   "Name of property: Oak Court\nDelivery partner name : Parcel Pal",
			want: "Name of property: Oak Court\nDelivery partner name : Parcel Pal",
		},
		{
			name: "four words is not a field",
			in:   "This is the request: add Parcel Pal\nto Oak Court.",
			want: "This is the request: add Parcel Pal to Oak Court.",
		},
		{
			name: "label only stands alone",
			in:   "Partner:\nParcel Pal",
			want: "Partner:\nParcel Pal",
		},
		{
			name: "time is not a field",
			in:   "Meet at\n10:00 please",
			want: "Meet at 10:00 please",
		},
		{
			name: "bullets keep their lines",
			in:   "Changes:\n- add Parcel Pal to The Pines\n* remove Acme from Oak Court\n1. one\n2) two",
			want: "Changes:\n- add Parcel Pal to The Pines\n* remove Acme from Oak Court\n1. one\n2) two",
		},
		{
			name: "indented list continuation joins",
			in:   "- We give DOOR permission to add Parcel Pal to\n  The Pines.\n- Please remove Acme Deliveries\n   from Oak Court.",
			want: "- We give DOOR permission to add Parcel Pal to The Pines.\n- Please remove Acme Deliveries from Oak Court.",
		},
		{
			name: "unindented line after list starts its own",
			in:   "- one\nThanks,\nMaria",
			want: "- one\nThanks, Maria",
		},
		{
			name: "text after field starts its own line",
			in:   "Property: Oak Court\nPlease remove Acme\nDeliveries.",
			want: "Property: Oak Court\nPlease remove Acme Deliveries.",
		},
		{
			name: "dash inside a word is not a bullet",
			in:   "Smith-and-Sons\n-not a bullet",
			want: "Smith-and-Sons -not a bullet",
		},
	})
}

func TestPlainLineLimit(t *testing.T) {
	lim := Limits{MaxLineBytes: 10}
	cases := []struct {
		name, in, want string
		over           bool
	}{
		{name: "short line kept", in: "The Pines", want: "The Pines"},
		{name: "line at the limit kept", in: "abcdefghij\nxyz", want: "abcdefghij xyz"},
		{name: "long line", in: "abcdefghijk\nxyz", over: true},
		{name: "long line of runes", in: "ééééééé", over: true},
		{name: "long quoted line", in: "hi\n\n> abcdefghijk", over: true},
		{name: "long line with a hedge past the limit", in: "add A to B unless", over: true},
		{name: "spaces do not count twice", in: "a    b    c    d", want: "a b c d"},
		{name: "leading and trailing spaces do not count", in: "   abcdefghij   ", want: "abcdefghij"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Plain(c.in, lim)
			if c.over {
				if !model.IsLimit(err) || !strings.Contains(err.Error(), "limits.line_bytes") {
					t.Errorf("plainBody = %q, %v; want a limits.line_bytes error", got.Text, err)
				}
				return
			}
			if err != nil || got.Text != c.want {
				t.Errorf("plainBody = %q, %v; want %q", got.Text, err, c.want)
			}
		})
	}
}

func TestPlainLineLimitDefault(t *testing.T) {
	for _, n := range []int{DefaultMaxLineBytes, DefaultMaxLineBytes + 1} {
		_, err := Plain(strings.Repeat("x", n), Limits{})
		if over := n > DefaultMaxLineBytes; model.IsLimit(err) != over {
			t.Errorf("line of %d bytes: error %v, want a limit error %v", n, err, over)
		}
	}
}
