package parser

import (
	"encoding/base64"
	"fmt"
	"mime/quotedprintable"
	"slices"
	"strings"
	"testing"
)

// The strict-reading rules of parser/internal/mimetree/strict.go, each
// tried with variants generated from its specification rather than from
// known tricks: every value the rule allows must raise no doubt, and every
// other must raise the rule's doubt, on the fast and the full path.

// strictDoubt parses fields and body on both paths and returns the
// rules of the mime- doubts, failing when the two paths disagree.
func strictDoubt(t *testing.T, fields, body string) string {
	t.Helper()
	var got [2]string
	for i, fast := range []bool{false, true} {
		m, err := parseRaw(mimeMessage(fields, body), "", DefaultLimits, fast)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		got[i] = rulesWithPrefix(m.Doubts, "mime-")
	}
	if got[0] != got[1] {
		t.Fatalf("full path doubts %q, fast path %q", got[0], got[1])
	}
	return got[0]
}

const strictRequest = "We give DOOR permission to add Acme Deliveries to The Pines.\n"

// TestStrictTransferEncoding: RFC 2045 section 6.1 names five encodings
// (tokens, case-insensitive); any other value makes the part an attachment
// to an RFC 2045 reader.
func TestStrictTransferEncoding(t *testing.T) {
	known := []string{"7bit", "8bit", "binary", "quoted-printable", "base64"}
	bodies := map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(strictRequest)) + "\n"}
	for _, cte := range known {
		for _, v := range []string{cte, strings.ToUpper(cte), " " + cte + " "} {
			body := strictRequest
			if b, ok := bodies[cte]; ok {
				body = b
			}
			if got := strictDoubt(t, "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding:"+v+"\n", body); got != "" {
				t.Errorf("Content-Transfer-Encoding %q: doubts %q, want none", v, got)
			}
		}
	}
	// Every near miss of a known token (one byte dropped, doubled or
	// changed to a neighbour), and extension tokens.
	var unknown []string
	for _, cte := range known {
		for i := range len(cte) {
			unknown = append(unknown, cte[:i]+cte[i+1:], cte[:i]+cte[i:i+1]+cte[i:], cte[:i]+string(cte[i]+1)+cte[i+1:])
		}
	}
	unknown = slices.DeleteFunc(unknown, func(v string) bool { return slices.Contains(known, v) })
	unknown = append(unknown, "x-gzip64", "x-uuencode", "uuencode", "7-bit", "base-64", "quoted printable", "binhex")
	for _, v := range unknown {
		if got := strictDoubt(t, "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: "+v+"\n", strictRequest); !strings.Contains(got, "mime-unknown-encoding") {
			t.Errorf("Content-Transfer-Encoding %q: doubts %q, want mime-unknown-encoding", v, got)
		}
	}
	// An attachment is not body text: its encoding is not judged.
	att := "--m\nContent-Type: text/plain; charset=us-ascii\n\n" + strictRequest +
		"--m\nContent-Type: text/plain; name=a.gz\nContent-Disposition: attachment; filename=a.gz\nContent-Transfer-Encoding: x-gzip64\n\nH4sI\n--m--\n"
	if got := strictDoubt(t, "Content-Type: multipart/mixed; boundary=m\n", att); got != "" {
		t.Errorf("attachment with x-gzip64: doubts %q, want none", got)
	}
}

// TestStrictBase64: RFC 2045 section 6.8's alphabet, white space and line
// breaks, and "=" only as trailing padding. Every other byte, placed in
// the middle of a valid body, is a doubt.
func TestStrictBase64(t *testing.T) {
	enc := base64.StdEncoding.EncodeToString([]byte(strictRequest + "Thanks, Maria\n"))
	fields := "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: base64\n"
	wrapped := enc[:40] + "\r\n" + enc[40:] + "\n"
	if got := strictDoubt(t, fields, wrapped); got != "" {
		t.Fatalf("valid base64: doubts %q, want none", got)
	}
	allowed := func(c byte) bool {
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '+' || c == '/' || c == '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n'
	}
	flagged := 0
	for c := range 256 {
		if allowed(byte(c)) {
			continue
		}
		body := enc[:20] + string(rune(c)) + enc[20:] + "\n"
		if c >= 0x80 {
			body = enc[:20] + string([]byte{byte(c)}) + enc[20:] + "\n"
		}
		if got := strictDoubt(t, fields, body); !strings.Contains(got, "mime-bad-encoding") {
			t.Errorf("byte 0x%02x in base64: doubts %q, want mime-bad-encoding", c, got)
			continue
		}
		flagged++
	}
	if got := strictDoubt(t, fields, enc+"\n"+"QUJD\n"); strings.HasSuffix(enc, "=") && !strings.Contains(got, "mime-bad-encoding") {
		t.Errorf("base64 going on after its padding: doubts %q, want mime-bad-encoding", got)
	}
	t.Logf("%d bytes outside the base64 alphabet, each flagged", flagged)
}

// TestStrictQuotedPrintable: RFC 2045 section 6.7 allows "=" only before
// two hexadecimal digits or as a soft line break (last on its line but for
// white space). Every other pair after "=" is a doubt.
func TestStrictQuotedPrintable(t *testing.T) {
	fields := "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n"
	var b strings.Builder
	w := quotedprintable.NewWriter(&b)
	fmt.Fprint(w, strictRequest+"Merci, Hélène, for the café = 3 €.\n")
	w.Close()
	valid := []string{b.String(), "We give DOOR permission to add Acme Deliveries to=\nThe Pines.\n",
		"We give DOOR permission to add Acme Deliveries to= \t\r\nThe Pines.\n", strictRequest + "a=3D=3d=E2=82=AC\n"}
	for _, body := range valid {
		if got := strictDoubt(t, fields, body); got != "" {
			t.Errorf("valid quoted-printable %q: doubts %q, want none", body, got)
		}
	}
	hex := func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }
	chars := []byte("0Fa9gGzZ =-\t.")
	for _, x := range chars {
		for _, y := range chars {
			if hex(x) && hex(y) || x == ' ' || x == '\t' {
				continue // an escape, or a soft break followed by white space
			}
			body := strictRequest + "cost =" + string([]byte{x, y}) + " today\n"
			if got := strictDoubt(t, fields, body); !strings.Contains(got, "mime-bad-encoding") {
				t.Errorf("quoted-printable %q: doubts %q, want mime-bad-encoding", "="+string([]byte{x, y}), got)
			}
		}
	}
}

// TestStrictBoundaryLines: RFC 2046 section 5.1.1: a delimiter line is
// "--", the boundary, optionally "--", then only white space, from the
// start of the line. Every line holding the boundary in any other way is a
// doubt, wherever it stands in the multipart.
func TestStrictBoundaryLines(t *testing.T) {
	prefixes := []string{"", " ", "\t", "x", "> ", "-"}
	tails := []string{"", "--", " ", "\t", "--  ", "x", "--x", "-", " x", "---"}
	for _, pre := range prefixes {
		for _, tail := range tails {
			line := pre + "--b" + tail
			delimiter := pre == "" && strings.Trim(strings.TrimPrefix(tail, "--"), " \t") == ""
			if delimiter {
				continue // a real delimiter changes the tree; TestMIMEDoubts covers trees
			}
			body := "--b\nContent-Type: text/plain; charset=us-ascii\n\n" + strictRequest + line + "\nPlease hold off until January.\n--b--\n"
			if got := strictDoubt(t, "Content-Type: multipart/mixed; boundary=b\n", body); !strings.Contains(got, "mime-boundary-in-text") {
				t.Errorf("line %q: doubts %q, want mime-boundary-in-text", line, got)
			}
		}
	}
	clean := "--b\nContent-Type: text/plain; charset=us-ascii\n\n" + strictRequest + "-- \nMaria\n--b \t\nContent-Type: text/plain; charset=us-ascii\n\nThanks\n--b--  \n"
	if got := strictDoubt(t, "Content-Type: multipart/mixed; boundary=b\n", clean); got != "" {
		t.Errorf("delimiters with trailing white space and a signature line: doubts %q, want none", got)
	}
}

// TestStrictCharsetUnknown: a charset label no reader here knows is a
// doubt even when every byte is ASCII: a reader that knows the label may
// map the same bytes to other text (EBCDIC, UTF-7).
func TestStrictCharsetUnknown(t *testing.T) {
	for _, cs := range []string{"us-ascii", "utf-8", "iso-8859-1", "windows-1252", "koi8-r", "ISO-8859-15", "shift_jis"} {
		if got := strictDoubt(t, "Content-Type: text/plain; charset="+cs+"\n", strictRequest); got != "" {
			t.Errorf("charset %q: doubts %q, want none", cs, got)
		}
	}
	for _, cs := range []string{"x-door-unknown", "ibm-0037-unknown", "charset=us-ascii", "utf-9", "unknown-8bit"} {
		if got := strictDoubt(t, "Content-Type: text/plain; charset=\""+cs+"\"\n", strictRequest); !strings.Contains(got, "mime-charset") {
			t.Errorf("charset %q: doubts %q, want mime-charset", cs, got)
		}
	}
}
