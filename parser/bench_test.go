package parser

import (
	"bytes"
	"testing"
	"time"

	"github.com/jhillyerd/enmime"
)

// benchFiles returns every testdata and corpus message, their total size,
// and whether each parses (parseResults).
func benchFiles(b *testing.B) (files [][]byte, total int64, parses []bool) {
	b.Helper()
	for _, raw := range allMessages(b) {
		files = append(files, raw)
		total += int64(len(raw))
	}
	if len(files) == 0 {
		b.Fatal("no messages to benchmark")
	}
	return files, total, parseResults(files)
}

// parseResults reports whether each message parses. Some are refused by
// design (an unreadable message is a result too); the benchmarks check
// each timed parse against it, so a message whose result changes fails
// the run instead of being timed.
func parseResults(files [][]byte) []bool {
	opts := Options{TrustedAuthservID: testAuthservID}
	parses := make([]bool, len(files))
	for i, raw := range files {
		_, err := ParseBytes(raw, opts)
		parses[i] = err == nil
	}
	return parses
}

// checkParse fails b when message i's result differs from parses[i].
func checkParse(b *testing.B, i int, err error, parses []bool) {
	if (err == nil) != parses[i] {
		b.Fatalf("message %d: parsed %v before, now error %v", i, parses[i], err)
	}
}

// BenchmarkParse parses every testdata and shared-corpus message with Parse
// and with enmime's ReadEnvelope alone, in the same run, and reports both
// throughputs and their ratio: the cost of intake's layer over MIME parsing.
func BenchmarkParse(b *testing.B) {
	files, total, parses := benchFiles(b)
	opts := Options{TrustedAuthservID: testAuthservID}
	var ours, theirs time.Duration
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		for i, raw := range files {
			_, err := ParseBytes(raw, opts)
			checkParse(b, i, err, parses)
		}
		mid := time.Now()
		for _, raw := range files {
			_, _ = enmime.ReadEnvelope(bytes.NewReader(raw)) // the baseline: what enmime makes of bad input is its own affair
		}
		ours += mid.Sub(start)
		theirs += time.Since(mid)
	}
	n := float64(b.N * len(files))
	b.ReportMetric(n/ours.Seconds(), "intake-msgs/s")
	b.ReportMetric(float64(b.N)*float64(total)/ours.Seconds()/1e6, "intake-MB/s")
	b.ReportMetric(n/theirs.Seconds(), "enmime-msgs/s")
	b.ReportMetric(float64(b.N)*float64(total)/theirs.Seconds()/1e6, "enmime-MB/s")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "cost-ratio")
}

// BenchmarkParseWorst reports the slowest single message of the corpus and
// the hostile inputs of hostileMessages, in ns per message: the target is
// under one second for any input.
func BenchmarkParseWorst(b *testing.B) {
	files, _, _ := benchFiles(b)
	files = append(files, hostileMessages()...)
	parses := parseResults(files)
	opts := Options{TrustedAuthservID: testAuthservID}
	worst := make([]time.Duration, len(files))
	for b.Loop() {
		for i, raw := range files {
			start := time.Now()
			_, err := ParseBytes(raw, opts)
			worst[i] = max(worst[i], time.Since(start))
			checkParse(b, i, err, parses)
		}
	}
	var w time.Duration
	for _, d := range worst {
		w = max(w, d)
	}
	b.ReportMetric(float64(w.Nanoseconds()), "worst-ns/msg")
}

// BenchmarkParseLargeAttachment parses largeAttachment, a short text part
// beside a 24 MB base64 attachment: the cost of a message at the size limit.
func BenchmarkParseLargeAttachment(b *testing.B) {
	raw := largeAttachment()
	opts := Options{TrustedAuthservID: testAuthservID}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBytes(raw, opts); err != nil {
			b.Fatal(err)
		}
	}
}
