package console

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"intake/approvals"
	"intake/ingest"
)

// benchItems is the number of pending items of the benchmarks' queue.
const benchItems = 10000

// benchQueue adds benchItems pending requests (unknown_partner, from a
// proven manager) to f's database through the real workflow, in batches.
func benchQueue(b *testing.B, f *fixture) {
	b.Helper()
	pipe, err := ingest.New(ingest.Config{Parser: testParser, Service: f.svc, Stager: f.db})
	if err != nil {
		b.Fatal(err)
	}
	const batch = 500
	for start := 0; start < benchItems; start += batch {
		ins := make([]approvals.Inbound, batch)
		for i := range ins {
			n := start + i
			ins[i] = approvals.Inbound{Raw: benchMessage(n), Source: fmt.Sprintf("file:bench-%05d.eml", n)}
		}
		pipe.PrepareAll(context.Background(), ins)
		res, err := f.svc.ReceiveAll(context.Background(), ins)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if len(r.Requests) != 1 || r.Requests[0].Status != approvals.StatusPending {
				b.Fatalf("bench message %s: %+v, want one pending request", r.Message.ID, r.Requests)
			}
		}
	}
}

// benchMessage is a proven request from maria@pines.example naming a
// partner the directory does not know.
func benchMessage(n int) []byte {
	t := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Second).Format(time.RFC1123Z)
	return fmt.Appendf(nil, "Authentication-Results: mx.door.com; dkim=pass header.d=pines.example header.s=s1;\r\n"+
		"\tdmarc=pass (p=reject) header.from=pines.example\r\n"+
		"Received: from mail.pines.example by mx.door.com; %s\r\n"+
		"From: Maria Lopez <maria@pines.example>\r\nTo: integrations@door.com\r\n"+
		"Subject: Partner %d\r\nDate: %s\r\nMessage-ID: <bench%d@pines.example>\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"We give DOOR permission to add Courier %d to The Pines.\r\n\r\nMaria\r\n", t, n, t, n, n)
}

// benchPage measures the server time of GET path, signed in.
func benchPage(b *testing.B, path func(f *fixture) string) {
	f := newFixture(b, Options{})
	benchQueue(b, f)
	c, _ := f.signedIn()
	u, _ := url.Parse(f.srv.URL)
	cookies := c.Jar.Cookies(u)
	target := path(f)
	serve := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		return rec
	}
	if rec := serve(); rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", target, rec.Code)
	}
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		serve()
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/page")
}

// BenchmarkQueuePage: the first page of a queue of 10,000 pending items
// (docs/performance.md: under 50 ms).
func BenchmarkQueuePage(b *testing.B) {
	benchPage(b, func(*fixture) string { return "/queue" })
}

// BenchmarkRequestPage: one request of that queue, with its message
// parsed again, its history and the directory lists (under 20 ms).
func BenchmarkRequestPage(b *testing.B) {
	benchPage(b, func(f *fixture) string { return "/requests/r-005000" })
}
