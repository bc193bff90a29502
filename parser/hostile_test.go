package parser

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

const hostileHeader = "From: Maria Lopez <maria@pines.example>\r\nTo: integrations@door.com\r\n" +
	"Subject: hostile\r\nMessage-ID: <hostile@pines.example>\r\nMIME-Version: 1.0\r\n"

// nestedMultipart returns a message whose multipart nesting is depth deep.
func nestedMultipart(depth int) []byte {
	var b strings.Builder
	b.WriteString(hostileHeader)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i-1, i)
	}
	fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\nWe give DOOR permission to add Acme to The Pines.\r\n", depth)
	for i := depth; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return []byte(b.String())
}

// manyParts returns a multipart/mixed message with n text parts.
func manyParts(n int) []byte {
	var b strings.Builder
	b.WriteString(hostileHeader)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n")
	for range n {
		b.WriteString("--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n")
	}
	b.WriteString("--x--\r\n")
	return []byte(b.String())
}

func manyHeaders(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "X-Filler-%d: %d\r\n", i, i)
	}
	b.WriteString(hostileHeader + "\r\nhello\r\n")
	return []byte(b.String())
}

func htmlOnly(body string) []byte {
	return []byte(hostileHeader + "Content-Type: text/html; charset=utf-8\r\n\r\n" + body)
}

func plainOnly(body string) []byte {
	return []byte(hostileHeader + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body)
}

// longHedgedLine is a grant whose hedge starts right after the first 1000
// bytes of its line: cut there, it would read as an unconditional grant.
var longHedgedLine = "Note" + strings.Repeat(".", 1000-len(hedgedGrant)-5) + " " + hedgedGrant + " unless the board objects."

const hedgedGrant = "We give DOOR permission to add Acme Deliveries to The Pines"

// alternative returns a multipart/alternative message with both parts.
func alternative(plain, html string) []byte {
	return []byte(hostileHeader + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n" +
		"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + plain + "\r\n" +
		"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--alt--\r\n")
}

// hostileMessages are inputs built to make a parser slow or hungry.
func hostileMessages() [][]byte {
	// Under the 64 KB line limit, so that the request reader sees it.
	manyAnds := "We give DOOR permission to add " + strings.Repeat("Acme and ", 4000) + "Parcel Pal to " +
		strings.Repeat("The Pines to ", 1500) + "Oak Court."
	return [][]byte{
		nestedMultipart(15),
		manyParts(400),
		htmlOnly(strings.Repeat("<div>", 100000) + "We give DOOR permission to add Acme to The Pines." + strings.Repeat("</div>", 100000)),
		htmlOnly(strings.Repeat("<b><i>", 50000) + "We give DOOR permission to add Acme to The Pines."),
		htmlOnly(strings.Repeat("<table><tr><td>", 30000) + "We give DOOR permission to add Acme to The Pines."),
		htmlOnly(strings.Repeat("<p style=\"display:none\">x</p>", 50000)),
		plainOnly(manyAnds),
		plainOnly(strings.Repeat("> quoted line\r\n", 50000)),
		plainOnly(strings.Repeat("On Mon wrote:\r\n", 20000)),
		plainOnly(strings.Repeat("a", 900<<10)),
		htmlOnly(strings.Repeat("<p>We give DOOR permission to add Acme to The Pines and more text here.</p>", 50000)),
		htmlOnly(strings.Repeat("<span style='color:red;font-size:12px'>x</span>", 80000)),
		htmlOnly("<style>" + strings.Repeat(".a{display:none} ", 100000) + "</style>hi"),
		manyBoundaries(240, 20<<20, "QUFB"),
		manyBoundaries(60, 20<<20, "----"),
	}
}

// manyBoundaries is a multipart/mixed of n multiparts, each with its own
// boundary (of up to 70 distinct lengths), then an attachment of size
// bytes of lines made of fill: the work of checking every line for a
// boundary (mimetree's delimiterDoubt).
func manyBoundaries(n, size int, fill string) []byte {
	var b strings.Builder
	b.WriteString("From: a@b.example\r\nTo: integrations@door.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"top\"\r\n\r\n")
	for i := range n {
		bd := "b" + strings.Repeat("x", i%70)
		fmt.Fprintf(&b, "--top\r\nContent-Type: multipart/mixed; boundary=\"%s%d\"\r\n\r\n--%s%d\r\n"+
			"Content-Type: text/plain\r\n\r\nx\r\n--%s%d--\r\n", bd, i, bd, i, bd, i)
	}
	b.WriteString("--top\r\nContent-Type: application/octet-stream\r\n\r\n")
	line := strings.Repeat(fill, 19) + "\r\n"
	for b.Len() < size {
		b.WriteString(line)
	}
	b.WriteString("--top--\r\n")
	return []byte(b.String())
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name  string
		raw   []byte
		lim   Limits
		limit string // "" when the message must parse
	}{
		{"depth within limit", nestedMultipart(15), Limits{}, ""},
		{"too deep", nestedMultipart(25), Limits{}, "limits.mime_depth"},
		{"parts within limit", manyParts(400), Limits{}, ""},
		{"too many parts", manyParts(600), Limits{}, "limits.mime_parts"},
		{"too many header fields", manyHeaders(1200), Limits{}, "limits.header_fields"},
		{"header too large", manyHeaders(900), Limits{MaxHeaderBytes: 4096}, "limits.header_bytes"},
		{"message too large", plainOnly(strings.Repeat("a", 2000)), Limits{MaxMessageBytes: 1000}, "imap.max_message_size"},
		{"text too large", plainOnly(strings.Repeat("a", 3000)), Limits{MaxTextBytes: 1000}, "limits.text_bytes"},
		{"html too large", htmlOnly(strings.Repeat("<p>a</p>", 1000)), Limits{MaxHTMLBytes: 1000}, "limits.html_bytes"},
		{"line within limit", plainOnly(strings.Repeat("a ", 500)), Limits{MaxLineBytes: 1000}, ""},
		{"line too long", plainOnly(longHedgedLine), Limits{MaxLineBytes: 1000}, "limits.line_bytes"},
		{"line too long in quoted text", plainOnly("Thanks.\r\n\r\n> " + longHedgedLine), Limits{MaxLineBytes: 1000}, "limits.line_bytes"},
		{"visible html line too long", htmlOnly("<p>" + longHedgedLine + "</p>"), Limits{MaxLineBytes: 1000}, "limits.line_bytes"},
		{"html line within limit", htmlOnly("<p>" + strings.Repeat("a ", 400) + "</p><p>" + strings.Repeat("b ", 400) + "</p>"), Limits{MaxLineBytes: 1000}, ""},
		{"hidden html line is not measured", htmlOnly(`<p style="display:none">` + longHedgedLine + "</p><p>hi</p>"), Limits{MaxLineBytes: 1000}, ""},
		{"plain line too long beside html", alternative(longHedgedLine, "<p>hi</p>"), Limits{MaxLineBytes: 1000}, "limits.line_bytes"},
		{"html line too long beside plain", alternative("hi", "<p>"+longHedgedLine+"</p>"), Limits{MaxLineBytes: 1000}, "limits.line_bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseBytes(tt.raw, Options{Limits: tt.lim})
			if tt.limit == "" {
				if err != nil {
					t.Fatalf("ParseBytes: %v", err)
				}
				return
			}
			if !IsLimit(err) || !strings.Contains(err.Error(), tt.limit) {
				t.Fatalf("ParseBytes error = %v, want a limit error naming %s", err, tt.limit)
			}
			if m != nil {
				t.Errorf("ParseBytes returned a message with a limit error")
			}
		})
	}
}

// parseTimeBound is what TestHostileInputs allows one message: the
// promise is under a second for any input (BenchmarkParseWorst measures
// it, 0.5-0.7 s on the project's machine), and the bound leaves room for a
// slow or busy machine; under -race, whose instrumentation slows the
// parser several times, it is eight times as long.
const parseTimeBound = 4 * time.Second

// TestHostileInputs checks that every hostile input parses or fails with a
// clean error, within parseTimeBound.
func TestHostileInputs(t *testing.T) {
	bound := parseTimeBound
	if raceEnabled {
		bound *= 8
	}
	var worst time.Duration
	for i, raw := range hostileMessages() {
		start := time.Now()
		m, err := ParseBytes(raw, Options{TrustedAuthservID: testAuthservID})
		took := time.Since(start)
		worst = max(worst, took)
		if took > bound {
			t.Errorf("hostile %d (%d KB) took %v to parse, want under %v", i, len(raw)>>10, took, bound)
		}
		if err != nil {
			t.Logf("hostile %d: %v", i, err)
			continue
		}
		checkInvariants(t, fmt.Sprintf("hostile %d", i), m)
	}
	t.Logf("slowest hostile input: %v", worst)
}

// largeAttachment returns a message near the default size limit: a short
// text part and a 24 MB base64 attachment.
func largeAttachment() []byte {
	line := strings.Repeat("QUJD", 19) + "\r\n"
	return []byte(hostileHeader + "Content-Type: multipart/mixed; boundary=x\r\n\r\n" +
		"--x\r\nContent-Type: text/plain\r\n\r\nWe give DOOR permission to add Acme to The Pines.\r\n" +
		"--x\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		strings.Repeat(line, 24<<20/len(line)) + "--x--\r\n")
}

// maxAllocPerMessage bounds what parsing one message may allocate in all
// (an upper bound of its peak memory). Measured worst cases: about 150 MB
// for 3.6 MB of HTML made of tiny paragraphs; under 1 MB for a 24 MB base64
// attachment, which the fast path elides (elide) and never copies.
const maxAllocPerMessage = 256 << 20

// TestMemoryBound checks that no hostile input, nor a message at the size
// limit, makes the parser allocate more than maxAllocPerMessage. Under
// -race the bound is eight times as high: the race runtime's
// instrumentation allocated about seven times as much for the worst input
// (1 GB), so only a normal build, as `make test` runs, checks the real
// bound.
func TestMemoryBound(t *testing.T) {
	limit := uint64(maxAllocPerMessage)
	if raceEnabled {
		limit *= 8
	}
	for i, raw := range append(hostileMessages(), largeAttachment()) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, _ = ParseBytes(raw, Options{TrustedAuthservID: testAuthservID})
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > limit {
			t.Errorf("input %d (%d KB) allocated %d MB, want at most %d MB", i, len(raw)>>10, got>>20, limit>>20)
		}
	}
}
