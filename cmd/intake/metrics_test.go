package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestServeFetchMetrics checks that `intake serve` wires the poller's
// FETCH observations into /metrics: one message appended while it serves
// is one content FETCH of exactly the bytes stored for it.
func TestServeFetchMetrics(t *testing.T) {
	s, listen, _, db, p := startServing(t)

	decideSample(t, s, db)
	// What the server sent (its line endings, not the sample's) is what
	// the workflow stored.
	size := count(db, `SELECT size FROM raw_messages`)
	if size <= 0 {
		t.Fatalf("stored raw message size %d", size)
	}
	code, body := get("http://" + listen + "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: got %d %q", code, body)
	}
	for _, want := range []string{
		"intake_fetch_duration_seconds_count 1",
		`intake_fetch_duration_seconds_bucket{le="+Inf"} 1`,
		fmt.Sprintf("intake_fetched_bytes_total %d\n", size),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "intake_fetch_duration_seconds_sum 0\n") {
		t.Errorf("the content FETCH took no time")
	}
	if t.Failed() {
		t.Logf("scraped:\n%s", body)
	}
	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d, want 0; stderr:\n%s", code, p.stderr)
	}
}
