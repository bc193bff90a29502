package mailbox

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
	"unsafe"

	"intake/internal/imaptest"
)

func TestBufPool(t *testing.T) {
	const mb = 1 << 20
	same := func(a, b []byte) bool { return unsafe.SliceData(a) == unsafe.SliceData(b) }

	var p bufPool
	small := p.get(100)
	if len(small) != 100 {
		t.Fatalf("get(100) has length %d", len(small))
	}
	p.put(small)
	if len(p.free) != 0 {
		t.Errorf("a buffer under poolMin was kept")
	}

	a := p.get(3 * mb / 2)
	if len(a) != 3*mb/2 || cap(a) != 2*mb {
		t.Fatalf("get(1.5 MiB): len %d cap %d, want cap rounded to 2 MiB", len(a), cap(a))
	}
	p.put(a)
	if b := p.get(2 * mb); !same(a, b) || len(b) != 2*mb {
		t.Errorf("get(2 MiB) did not reuse the free 2 MiB buffer")
	} else {
		p.put(b)
	}

	big := p.get(5 * mb)
	if same(big, a) {
		t.Fatal("a 5 MiB message got a 2 MiB buffer")
	}
	if len(p.free) != 0 {
		t.Errorf("a miss kept %d free buffers too small for it", len(p.free))
	}
	p.put(big)
	mid := p.get(3 * mb)
	p.put(mid)
	if got := p.get(3 * mb); !same(got, mid) {
		t.Errorf("get(3 MiB) took the 5 MiB buffer, not the smallest that fits")
	}

	var q bufPool
	bufs := make([][]byte, poolKeep+1)
	for i := range bufs {
		bufs[i] = q.get(int64(i+1) * mb)
	}
	for _, b := range bufs {
		q.put(b)
	}
	if len(q.free) != poolKeep {
		t.Fatalf("%d free buffers, want at most %d", len(q.free), poolKeep)
	}
	for _, f := range q.free {
		if same(f, bufs[0]) {
			t.Errorf("the smallest buffer was kept over larger ones")
		}
	}

	var none *bufPool
	if b := none.get(2 * mb); len(b) != 2*mb {
		t.Errorf("nil pool: get returned %d bytes", len(b))
	}
	none.put(a) // no effect, no panic
}

// TestPipelineReusesLargeBuffers checks that the buffers of large
// messages are reused for later downloads in a pass, and never while a
// message still needs them: every message reaches Prepare and the handler
// whole, although they wait long enough for the downloads behind them to
// land, and the handler's copy is compared after that wait. A buffer the
// handler puts in Raw itself is never taken into the pool.
func TestPipelineReusesLargeBuffers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		const n, size = 14, 5 << 19 // 2.5 MiB: pooled, eight fit in the pipeline
		b.Create(t, "in")
		appendN(t, b, "in", 1, n, size)
		cur := newCursor()
		o := testOptions(t, b.Addr(), b, "in")
		o.BatchSize = 1 // a chunk per message
		check := func(m *Message) error {
			if want := testMessage(int(m.UID), size); !bytes.Equal(m.Raw, want) {
				return fmt.Errorf("uid %d: content differs from what was appended", m.UID)
			}
			return nil
		}
		var (
			mu      sync.Mutex
			errs    []error
			buffers = map[*byte][]uint32{}
			mine    [][]byte // the handler's own buffers, put in Raw
		)
		prepare := func(_ context.Context, msgs []*Message) []struct{} {
			time.Sleep(5 * time.Millisecond)
			for _, m := range msgs {
				if err := check(m); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("prepare: %w", err))
					mu.Unlock()
				}
			}
			return make([]struct{}, len(msgs))
		}
		handle := func(_ context.Context, msgs []*Message) error {
			time.Sleep(10 * time.Millisecond)
			mu.Lock()
			defer mu.Unlock()
			for _, m := range msgs {
				if err := check(m); err != nil {
					errs = append(errs, fmt.Errorf("handle: %w", err))
				}
				buf := unsafe.SliceData(m.Raw)
				buffers[buf] = append(buffers[buf], m.UID)
				own := bytes.Repeat([]byte{'M'}, 2*size) // room for any message here
				mine = append(mine, own)
				m.Raw = own // allowed, if odd: it must not end up pooled
				cur.mu.Lock()
				cur.state[m.Mailbox] = State{UIDValidity: m.UIDValidity, LastUID: m.UID}
				cur.mu.Unlock()
			}
			return nil
		}
		p, err := NewPrepared(o, cur, prepare, ignoreValues[struct{}](handle))
		if err != nil {
			t.Fatal(err)
		}
		if k, err := p.Once(context.Background()); k != n || err != nil {
			t.Fatalf("Once = %d, %v; want %d, nil", k, err, n)
		}
		for _, err := range errs {
			t.Error(err)
		}
		for _, own := range mine {
			if bytes.Count(own, []byte{'M'}) != len(own) {
				t.Fatal("a later download overwrote a buffer the handler put in Raw")
			}
		}
		if len(buffers) >= n {
			t.Errorf("%d messages in %d buffers: none was reused", n, len(buffers))
		}
		t.Logf("%d messages in %d buffers", n, len(buffers))
		checkAllMarked(t, b, "in")
	})
}
