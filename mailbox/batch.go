package mailbox

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
)

// BatchHandler receives new messages several at a time: the messages of
// one fetched chunk that are not yet marked, in ascending UID order, at
// most Options.BatchSize of them; an oversized message is included with
// Raw nil (see Message.Oversize). It is never called with none.
//
// Before returning nil it must commit the decisions of every message of
// msgs together with the cursor State{UIDValidity, UID} of the last one,
// in ONE atomic transaction: the poller marks all of msgs only after nil.
// An error means nothing of msgs was committed: none of them is marked,
// and the whole chunk is offered again on the next pass. Everything else
// Handler says (UIDVALIDITY changes, shutdown) holds for a BatchHandler.
//
// The handler runs on a goroutine of its own while the poller downloads
// and prepares the chunks after (see NewPrepared), but it is never
// called again before it has returned. As for Handler, nothing may keep
// the messages' Raw or Header after it returns.
type BatchHandler func(ctx context.Context, msgs []*Message) error

// A chunk goes through four steps. It is downloaded on the pass's
// goroutine, which alone uses the connection (fetchChunk); prepared
// (NewPrepared) and then handed to the handler (handleChunk) on a
// goroutine of its own; and marked, back on the pass's goroutine, once the
// handler has committed it (finishChunk). The pipeline overlaps the
// steps: while the handler commits one chunk, the next is prepared and
// the one after downloads, so a backlog is read about as fast as the
// slowest step rather than their sum. Chunks are prepared in order, one
// at a time, and handled in order, one at a time.
//
// How many chunks wait between download and marking is bounded by their
// bytes: always two (one with the handler, the next being prepared), and
// more, up to pipelineStages, while they hold at most pipelineBytes. A
// handler that waits for its disk (writing a 20 MB message, say) then
// does not stop the chunks of small messages behind it from being
// prepared, while a run of large messages holds no more than two.
const (
	pipelineStages = 8
	pipelineBytes  = 32 << 20
)

// fetchedChunk is a downloaded chunk.
type fetchedChunk struct {
	chunk   []meta     // the whole chunk, marked messages included
	msgs    []*Message // its unmarked messages, in UID order
	missing error      // the server sent no content for the message after msgs
	skipped bool       // some messages were passed over as already marked
	pooled  [][]byte   // msgs' buffers of poolMin bytes or more, as downloaded
}

// handledChunk is what the handler made of a fetchedChunk.
type handledChunk struct {
	*fetchedChunk
	n    int         // messages accepted
	done imap.UIDSet // their UIDs
	last imap.UID    // the highest of them; 0 for none
	err  error       // the first handler error, missing content or ctx's error
}

// fetchChunk downloads the unmarked messages of chunk into buffers from
// bufs.
func (p *Poller) fetchChunk(ctx context.Context, s *session, chunk []meta, bufs *bufPool) (*fetchedChunk, error) {
	f := &fetchedChunk{chunk: chunk}
	var todo []meta
	for _, m := range chunk {
		if m.has(DoneKeyword) {
			f.skipped = true
		} else {
			todo = append(todo, m)
		}
	}
	fetched, err := s.fetchContent(ctx, todo, p.opts.MaxMessageSize, bufs)
	if err != nil {
		return nil, err
	}
	for _, m := range todo {
		if fetched[m.uid] == nil {
			if err := p.refetch(ctx, s, m, bufs, fetched); err != nil {
				return nil, err
			}
		}
	}
	f.msgs, f.missing = p.complete(s, todo, fetched)
	for _, m := range f.msgs {
		if cap(m.Raw) >= poolMin { // noted now: Prepare and the handler may reassign Raw
			f.pooled = append(f.pooled, m.Raw)
		}
	}
	return f, nil
}

// handleChunk hands the messages of f to the handler in UID order, in
// groups of p.group (all at once when 0). The first handler error, the
// missing content or a cancelled ctx stops it; groups accepted before
// count as done.
func (p *Poller) handleChunk(ctx context.Context, f *fetchedChunk) handledChunk {
	h := handledChunk{fetchedChunk: f}
	size := p.group
	if size <= 0 {
		size = max(1, len(f.msgs))
	}
	for msgs := f.msgs; len(msgs) > 0; {
		group := msgs[:min(size, len(msgs))]
		if h.err = p.handle(ctx, group); h.err != nil {
			return h
		}
		msgs = msgs[len(group):]
		for _, m := range group {
			h.done.AddNum(imap.UID(m.UID))
		}
		h.n += len(group)
		h.last = imap.UID(group[len(group)-1].UID)
	}
	h.err = f.missing
	return h
}

// finishChunk records the progress of h and marks the messages the handler
// accepted, even when ctx is done. A marking error that means a broken
// connection is returned in preference to the handler's error, which is
// then logged.
func (p *Poller) finishChunk(ctx context.Context, s *session, h handledChunk) error {
	if h.last != 0 {
		p.advance(s.validity, h.last)
	}
	if h.err == nil {
		p.advance(s.validity, h.chunk[len(h.chunk)-1].uid) // marked ones at the end
	}
	if merr := p.markErr(p.mark(context.WithoutCancel(ctx), s, h.done, false)); merr != nil {
		if h.err != nil {
			p.log.Warn("message not handled", logKeyError, h.err)
		}
		return merr
	}
	return h.err
}

// pipeline runs the chunks of one pass through Prepare and the handler.
type pipeline struct {
	p       *Poller
	s       *session
	stages  []*stage // the chunks submitted and not yet marked, in order
	bytes   int64    // their content bytes
	n       int      // messages accepted so far
	skipped bool     // some messages were passed over as already marked
	bufs    bufPool  // the download buffers of large messages
}

// stage is one chunk in the pipeline.
type stage struct {
	prepared chan struct{} // closed when Prepare has returned
	handled  chan struct{} // closed when res is set
	res      handledChunk
	bytes    int64 // the content bytes of the chunk
}

// errChunkBefore is the result of a chunk not handled because the chunk
// before it failed: handling it would move the cursor past messages not
// decided.
var errChunkBefore = errors.New("not handled: the chunk before failed")

// submit starts f through the pipeline, first waiting for, and marking,
// the oldest chunks while the pipeline is full (see pipelineBytes). An
// error is that of a chunk waited for.
func (pl *pipeline) submit(ctx context.Context, f *fetchedChunk) error {
	size := f.bytes()
	for pl.full(size) {
		if err := pl.drainOne(ctx); err != nil {
			return err
		}
	}
	pl.skipped = pl.skipped || f.skipped
	st := &stage{prepared: make(chan struct{}), handled: make(chan struct{}), bytes: size}
	pl.bytes += size
	var prev *stage
	if n := len(pl.stages); n > 0 {
		prev = pl.stages[n-1]
	}
	pl.stages = append(pl.stages, st)
	go pl.run(ctx, st, prev, f)
	return nil
}

// run prepares f once the chunk before is prepared, then hands it to the
// handler once the chunk before is handled, unless that one failed.
func (pl *pipeline) run(ctx context.Context, st, prev *stage, f *fetchedChunk) {
	defer close(st.handled)
	if prev != nil {
		<-prev.prepared
	}
	if pl.p.prepare != nil && len(f.msgs) > 0 {
		pl.p.prepare(ctx, f.msgs)
	}
	close(st.prepared)
	if prev != nil {
		if <-prev.handled; prev.res.err != nil {
			st.res = handledChunk{fetchedChunk: f, err: errChunkBefore}
			return
		}
	}
	st.res = pl.p.handleChunk(ctx, f)
}

// fetchContext is the context for a download: ctx, without its
// cancellation while chunks are in the pipeline (see Poller.batch).
func (pl *pipeline) fetchContext(ctx context.Context) context.Context {
	if len(pl.stages) > 0 {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// full reports whether a chunk of size bytes must wait for the oldest
// chunk to leave the pipeline.
func (pl *pipeline) full(size int64) bool {
	n := len(pl.stages)
	return n >= pipelineStages || n >= 2 && pl.bytes+size > pipelineBytes
}

// bytes returns the content bytes f holds.
func (f *fetchedChunk) bytes() int64 {
	var n int64
	for _, m := range f.msgs {
		if m.Raw != nil {
			n += int64(len(m.Raw))
		} else {
			n += int64(len(m.Header))
		}
	}
	return n
}

// drainOne waits for the oldest chunk in the pipeline and marks it. The
// buffers of a chunk the handler accepted whole go back to the pool.
func (pl *pipeline) drainOne(ctx context.Context) error {
	st := pl.stages[0]
	pl.stages = pl.stages[1:]
	pl.bytes -= st.bytes
	<-st.handled
	pl.n += st.res.n
	err := pl.p.finishChunk(ctx, pl.s, st.res)
	if st.res.err == nil {
		for _, m := range st.res.msgs {
			m.Raw, m.Header, m.prepared = nil, nil, nil
		}
		for _, b := range st.res.pooled {
			pl.bufs.put(b)
		}
	}
	return err
}

// drain waits for every chunk in the pipeline and marks them, and returns
// the first error. It must be called before the pass returns, whatever
// happened: the handler may still be committing.
func (pl *pipeline) drain(ctx context.Context) error {
	var first error
	for len(pl.stages) > 0 {
		if err := pl.drainOne(ctx); first == nil {
			first = err
		}
	}
	return first
}

// fetchTries is how many times a message the server lists is fetched
// before its missing content is taken as final (see refetch).
const fetchTries = 3

// refetch fetches m again, alone, when the server sent no content for it,
// and adds it to fetched. A message expunged meanwhile is left out: the
// next pass will not list it. One the server still lists but never sends
// after fetchTries is added as Missing, so that it reaches the handler
// (and staff) instead of stopping every pass at its UID.
func (p *Poller) refetch(ctx context.Context, s *session, m meta, bufs *bufPool, fetched map[imap.UID]*Message) error {
	for range fetchTries - 1 {
		again, err := s.fetchContent(ctx, []meta{m}, p.opts.MaxMessageSize, bufs)
		if err != nil {
			return err
		}
		if msg := again[m.uid]; msg != nil {
			fetched[m.uid] = msg
			return nil
		}
	}
	listed, err := s.search(ctx, &imap.SearchCriteria{UID: []imap.UIDSet{imap.UIDSetNum(m.uid)}})
	if err != nil {
		return err
	}
	if slices.Contains(listed, m.uid) {
		p.log.Error("server sends no content for a message it lists: handed over as missing",
			logKeyUID, m.uid, logKeyAttempt, fetchTries)
		fetched[m.uid] = &Message{UID: uint32(m.uid), Missing: true}
	}
	return nil
}

// complete returns the fetched message of each of todo, in order, with the
// metadata of its meta. When one has no content it returns those before it
// and an error naming its UID.
func (p *Poller) complete(s *session, todo []meta, fetched map[imap.UID]*Message) ([]*Message, error) {
	out := make([]*Message, 0, len(todo))
	for _, m := range todo {
		msg := fetched[m.uid]
		if msg == nil {
			return out, fmt.Errorf("fetch uid %d: no content returned", m.uid)
		}
		msg.UIDValidity, msg.Mailbox = s.validity, p.opts.Mailbox
		msg.InternalDate, msg.Size = m.date, m.size
		out = append(out, msg)
	}
	return out, nil
}

// handle calls the handler with msgs, unless ctx is done.
func (p *Poller) handle(ctx context.Context, msgs []*Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.handler(ctx, msgs); err != nil {
		first, last := msgs[0].UID, msgs[len(msgs)-1].UID
		if first == last {
			return &localError{fmt.Errorf("handle uid %d: %w", first, err)}
		}
		return &localError{fmt.Errorf("handle uids %d:%d: %w", first, last, err)}
	}
	p.count(len(msgs))
	return nil
}
