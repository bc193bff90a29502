package mailbox

import (
	"bytes"
	"context"
	"testing"
	"time"

	"intake/internal/imaptest"
)

// fetchCall is one Options.OnFetch observation.
type fetchCall struct {
	messages int
	bytes    int64
	d        time.Duration
}

func TestOnFetchReportsEachContentFetch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		b.Create(t, "in")
		small := [][]byte{testMessage(1, 500), testMessage(2, 700), testMessage(3, 900), testMessage(4, 1100)}
		big := testMessage(5, 50_000)
		appendRaw(t, b, "in", nil, append(small, big)...)
		var calls []fetchCall
		o := testOptions(t, b.Addr(), b, "in") // BatchSize 3
		o.MaxMessageSize = 10_000
		o.OnFetch = func(messages int, bytes int64, d time.Duration) {
			calls = append(calls, fetchCall{messages, bytes, d})
		}
		cur := newCursor()
		if n, err := newPoller(t, o, cur, newRecorder(cur).handle).Once(context.Background()); n != 5 || err != nil {
			t.Fatalf("Once = %d, %v; want 5, nil", n, err)
		}
		header, _, _ := bytes.Cut(big, []byte("\r\n\r\n"))
		// Batch 1: UIDs 1-3 whole. Batch 2: UID 4 whole, then UID 5's header.
		want := []fetchCall{
			{3, int64(len(small[0]) + len(small[1]) + len(small[2])), 0},
			{1, int64(len(small[3])), 0},
			{1, int64(len(header) + 4), 0},
		}
		if len(calls) != len(want) {
			t.Fatalf("OnFetch called %d times (%+v), want %d", len(calls), calls, len(want))
		}
		for i, c := range calls {
			if c.messages != want[i].messages || c.bytes != want[i].bytes || c.d <= 0 {
				t.Errorf("call %d = %d messages, %d bytes, %v; want %d messages, %d bytes, positive duration",
					i, c.messages, c.bytes, c.d, want[i].messages, want[i].bytes)
			}
		}
		// Nothing new: no content FETCH, no call.
		calls = nil
		if n, err := newPoller(t, o, cur, newRecorder(cur).handle).Once(context.Background()); n != 0 || err != nil {
			t.Fatalf("second Once = %d, %v; want 0, nil", n, err)
		}
		if len(calls) != 0 {
			t.Errorf("OnFetch called %d times with nothing to fetch", len(calls))
		}
	})
}
