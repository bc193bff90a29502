package mailbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"intake/internal/imaptest"
)

// batchRecorder is the test BatchHandler: it commits a whole batch, or
// nothing of it, through a recorder, and remembers the UIDs of each call.
type batchRecorder struct {
	rec   *recorder
	calls [][]uint32
	fail  func(uids []uint32) error
}

func (r *batchRecorder) handle(ctx context.Context, msgs []*Message) error {
	var uids []uint32
	for _, m := range msgs {
		uids = append(uids, m.UID)
	}
	r.calls = append(r.calls, uids)
	if r.fail != nil {
		if err := r.fail(uids); err != nil {
			return err
		}
	}
	for _, m := range msgs {
		if err := r.rec.handle(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// batchInbox creates mailbox "in" on b holding messages 1 to n, and
// returns a fresh cursor and a batchRecorder committing through it.
func batchInbox(t *testing.T, b *imaptest.Server, n int) (*memCursor, *batchRecorder) {
	t.Helper()
	b.Create(t, "in")
	appendN(t, b, "in", 1, n, 500)
	cur := newCursor()
	return cur, &batchRecorder{rec: newRecorder(cur)}
}

// TestBatchHandlerErrorRetriesWholeChunk checks that a BatchHandler gets
// each fetched chunk in one call, that its error leaves every message of
// the chunk unmarked (those of earlier chunks stay marked), and that the
// next pass offers the same chunk again and decides everything once.
func TestBatchHandlerErrorRetriesWholeChunk(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		ctx := context.Background()
		cur, br := batchInbox(t, b, 8)
		br.fail = func(uids []uint32) error {
			if slices.Contains(uids, 5) {
				return errors.New("disk full")
			}
			return nil
		}
		o := testOptions(t, b.Addr(), b, "in") // BatchSize 3
		p, err := NewBatch(o, cur, br.handle)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := p.Once(ctx); n != 3 || err == nil {
			t.Fatalf("Once with a failing batch = %d, %v; want 3 and an error", n, err)
		}
		msgs, _ := b.Contents(t, "in")
		for _, m := range msgs {
			if got, want := m.Has(DoneKeyword), m.UID <= 3; got != want {
				t.Errorf("uid %d marked %v, want %v", m.UID, got, want)
			}
		}
		if got := cur.get("in").LastUID; got != 3 {
			t.Errorf("cursor after failed batch = %d, want 3", got)
		}

		br.fail = nil
		restarted, err := NewBatch(o, cur, br.handle)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := restarted.Once(ctx); n != 5 || err != nil {
			t.Fatalf("Once after the failure = %d, %v; want 5, nil", n, err)
		}
		want := [][]uint32{{1, 2, 3}, {4, 5, 6}, {4, 5, 6}, {7, 8}}
		if !slices.EqualFunc(br.calls, want, slices.Equal) {
			t.Errorf("batches = %v, want %v", br.calls, want)
		}
		br.rec.checkOnce(t, 8)
		checkAllMarked(t, b, "in")
	})
}

// checkAllMarked fails t unless every message of mbox carries DoneKeyword.
func checkAllMarked(t *testing.T, b *imaptest.Server, mbox string) {
	t.Helper()
	msgs, _ := b.Contents(t, mbox)
	for _, m := range msgs {
		if !m.Has(DoneKeyword) {
			t.Errorf("uid %d not marked", m.UID)
		}
	}
}

// TestPipelineOverlapsFetchAndHandler checks that the next chunk is
// downloaded while the handler works on one (the handler of the first
// chunk returns only once the second chunk's FETCH has completed), that
// the handler is never called while a call is still running, and that
// everything is still decided once and marked.
func TestPipelineOverlapsFetchAndHandler(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		cur, br := batchInbox(t, b, 8)
		fetches := make(chan struct{}, 16)
		var running atomic.Int32
		br.fail = func(uids []uint32) error {
			if running.Add(1) != 1 {
				return errors.New("handler called while another call was running")
			}
			defer running.Add(-1)
			if uids[0] != 1 {
				return nil
			}
			for range 2 { // the first chunk's FETCH, then the second's
				select {
				case <-fetches:
				case <-time.After(5 * time.Second):
					return errors.New("the next chunk was not fetched while this one was handled")
				}
			}
			return nil
		}
		o := testOptions(t, b.Addr(), b, "in") // BatchSize 3
		o.OnFetch = func(int, int64, time.Duration) { fetches <- struct{}{} }
		p, err := NewBatch(o, cur, br.handle)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := p.Once(context.Background()); n != 8 || err != nil {
			t.Fatalf("Once = %d, %v; want 8, nil", n, err)
		}
		br.rec.checkOnce(t, 8)
		checkAllMarked(t, b, "in")
	})
}

// TestPipelinePreparesAhead checks NewPrepared: every message reaches
// the handler with the value prepare returned for it; the next chunk is
// prepared while the handler works on one (the handler of the first chunk
// returns only once the second and third chunks' prepare has run: small
// chunks fill the pipeline beyond two); and neither prepare nor the
// handler is ever called while a call of its own is running.
func TestPipelinePreparesAhead(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		cur, br := batchInbox(t, b, 9)
		var preparing, handling atomic.Int32
		prepared := make(chan uint32, 16)
		o := testOptions(t, b.Addr(), b, "in") // BatchSize 3
		prepare := func(_ context.Context, msgs []*Message) []uint32 {
			if preparing.Add(1) != 1 {
				t.Error("prepare called while another call was running")
			}
			defer preparing.Add(-1)
			out := make([]uint32, len(msgs))
			for i, m := range msgs {
				out[i] = m.UID * 10
			}
			prepared <- msgs[0].UID
			return out
		}
		var firsts []uint32
		br.fail = func(uids []uint32) error {
			if handling.Add(1) != 1 {
				return errors.New("handler called while another call was running")
			}
			defer handling.Add(-1)
			if uids[0] != 1 {
				return nil
			}
			for len(firsts) < 3 { // chunk 1's Prepare, then chunk 2's and 3's
				select {
				case first := <-prepared:
					firsts = append(firsts, first)
				case <-time.After(5 * time.Second):
					return errors.New("the next chunk was not prepared while this one was handled")
				}
			}
			return nil
		}
		handle := func(ctx context.Context, msgs []*Message, values []uint32) error {
			for i, m := range msgs {
				if values[i] != m.UID*10 {
					return fmt.Errorf("uid %d reached the handler with prepared value %v", m.UID, values[i])
				}
			}
			return br.handle(ctx, msgs)
		}
		p, err := NewPrepared(o, cur, prepare, handle)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := p.Once(context.Background()); n != 9 || err != nil {
			t.Fatalf("Once = %d, %v; want 9, nil", n, err)
		}
		if !slices.Equal(firsts, []uint32{1, 4, 7}) {
			t.Errorf("chunks prepared while the first was handled begin with %v, want [1 4 7]", firsts)
		}
		br.rec.checkOnce(t, 9)
		checkAllMarked(t, b, "in")
	})
}

// TestPipelineStopsAfterFailedChunk checks that when the handler fails on
// a chunk, the chunk after it, already downloaded and prepared, is not
// handled: the cursor stays before the failed chunk, nothing after it is
// marked, and the next pass decides everything once.
func TestPipelineStopsAfterFailedChunk(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		cur, br := batchInbox(t, b, 9)
		prepared := make(chan struct{}, 16)
		o := testOptions(t, b.Addr(), b, "in") // BatchSize 3
		prepare := func(_ context.Context, msgs []*Message) []struct{} {
			if msgs[0].UID == 7 {
				prepared <- struct{}{}
			}
			return make([]struct{}, len(msgs))
		}
		br.fail = func(uids []uint32) error {
			if uids[0] != 4 {
				return nil
			}
			select { // fail only once the chunk after is prepared
			case <-prepared:
			case <-time.After(5 * time.Second):
				return errors.New("chunk 7:9 never prepared")
			}
			return errors.New("disk full")
		}
		p, err := NewPrepared(o, cur, prepare, ignoreValues[struct{}](br.handle))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := p.Once(context.Background()); n != 3 || err == nil {
			t.Fatalf("Once with a failing chunk = %d, %v; want 3 and an error", n, err)
		}
		if got := cur.get("in").LastUID; got != 3 {
			t.Errorf("cursor after the failed chunk = %d, want 3", got)
		}
		msgs, _ := b.Contents(t, "in")
		for _, m := range msgs {
			if got, want := m.Has(DoneKeyword), m.UID <= 3; got != want {
				t.Errorf("uid %d marked %v, want %v", m.UID, got, want)
			}
		}
		br.fail = nil
		if n, err := p.Once(context.Background()); n != 6 || err != nil {
			t.Fatalf("Once after the failure = %d, %v; want 6, nil", n, err)
		}
		want := [][]uint32{{1, 2, 3}, {4, 5, 6}, {4, 5, 6}, {7, 8, 9}}
		if !slices.EqualFunc(br.calls, want, slices.Equal) {
			t.Errorf("handler calls %v, want %v", br.calls, want)
		}
		br.rec.checkOnce(t, 9)
	})
}

// TestPipelineFull checks the pipeline's bound: two chunks always fit,
// more only while their bytes stay within pipelineBytes, and never more
// than pipelineStages.
func TestPipelineFull(t *testing.T) {
	withStages := func(sizes ...int64) *pipeline {
		pl := &pipeline{}
		for _, n := range sizes {
			pl.stages = append(pl.stages, &stage{bytes: n})
			pl.bytes += n
		}
		return pl
	}
	const mb = 1 << 20
	tests := []struct {
		name string
		in   []int64
		next int64
		full bool
	}{
		{"empty", nil, 20 * mb, false},
		{"one large", []int64{20 * mb}, 20 * mb, false},
		{"two large", []int64{20 * mb, 20 * mb}, 1 * mb, true},
		{"two small", []int64{mb, mb}, mb, false},
		{"small then large over the bytes", []int64{10 * mb, 10 * mb}, 20 * mb, true},
		{"seven small", []int64{mb, mb, mb, mb, mb, mb, mb}, mb, false},
		{"eight small", []int64{mb, mb, mb, mb, mb, mb, mb, mb}, mb, true},
	}
	for _, tt := range tests {
		if got := withStages(tt.in...).full(tt.next); got != tt.full {
			t.Errorf("%s: full = %v, want %v", tt.name, got, tt.full)
		}
	}
}

// ignoreValues returns h as a PreparedHandler that ignores the values.
func ignoreValues[P any](h BatchHandler) PreparedHandler[P] {
	return func(ctx context.Context, msgs []*Message, _ []P) error { return h(ctx, msgs) }
}

// TestPreparedWrongLength checks that a PrepareFunc that returns a value
// for some messages only fails the chunk: the handler never sees it,
// nothing is marked and the cursor stays.
func TestPreparedWrongLength(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		cur, br := batchInbox(t, b, 3)
		o := testOptions(t, b.Addr(), b, "in")
		prepare := func(_ context.Context, msgs []*Message) []int { return make([]int, len(msgs)-1) }
		p, err := NewPrepared(o, cur, prepare, ignoreValues[int](br.handle))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := p.Once(context.Background()); n != 0 || err == nil || !strings.Contains(err.Error(), "not prepared") {
			t.Fatalf("Once = %d, %v; want 0 and an error saying a message was not prepared", n, err)
		}
		if len(br.calls) != 0 {
			t.Errorf("handler called with %v", br.calls)
		}
		if got := cur.get("in").LastUID; got != 0 {
			t.Errorf("cursor = %d, want 0", got)
		}
		msgs, _ := b.Contents(t, "in")
		for _, m := range msgs {
			if m.Has(DoneKeyword) {
				t.Errorf("uid %d marked", m.UID)
			}
		}
	})
}
