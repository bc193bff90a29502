package parser

import (
	"bytes"
	"testing"
	"time"

	"github.com/jhillyerd/enmime"
)

func benchFiles(b *testing.B) (files [][]byte, total int64) {
	b.Helper()
	for _, raw := range allMessages(b) {
		files = append(files, raw)
		total += int64(len(raw))
	}
	if len(files) == 0 {
		b.Fatal("no messages to benchmark")
	}
	return files, total
}

// BenchmarkParse parses every testdata and shared-corpus message with Parse
// and with enmime's ReadEnvelope alone, in the same run, and reports both
// throughputs and their ratio: the cost of intake's layer over MIME parsing.
func BenchmarkParse(b *testing.B) {
	files, total := benchFiles(b)
	opts := Options{TrustedAuthservID: testAuthservID}
	var ours, theirs time.Duration
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		for _, raw := range files {
			_, _ = ParseBytes(raw, opts)
		}
		mid := time.Now()
		for _, raw := range files {
			_, _ = enmime.ReadEnvelope(bytes.NewReader(raw))
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
	files, _ := benchFiles(b)
	files = append(files, hostileMessages()...)
	opts := Options{TrustedAuthservID: testAuthservID}
	worst := make([]time.Duration, len(files))
	for b.Loop() {
		for i, raw := range files {
			start := time.Now()
			_, _ = ParseBytes(raw, opts)
			worst[i] = max(worst[i], time.Since(start))
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
