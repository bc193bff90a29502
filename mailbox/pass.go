package mailbox

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
)

// localError is a failure of the handler or the cursor: the connection is
// fine and is kept.
type localError struct{ err error }

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// progress is how far this Poller got under one UIDVALIDITY: every UID up
// to uid is decided or was skipped as already done. It lets later passes
// start after messages the handler never saw (DoneKeyword set by an earlier
// run), which the cursor cannot record.
type progress struct {
	validity uint32
	uid      imap.UID
}

// pass processes everything new in the selected mailbox and returns how
// many messages the handler accepted: load the cursor, rescan from UID 1 if
// UIDVALIDITY changed, finish interrupted marking, find new UIDs, and handle
// them in batches, downloading each chunk while the handler works on the
// one before (see pipeline).
func (p *Poller) pass(ctx context.Context, s *session) (int, error) {
	st, err := p.cur.Load(ctx, p.opts.Mailbox)
	if err != nil {
		return 0, &localError{fmt.Errorf("load cursor of %s: %w", p.opts.Mailbox, err)}
	}
	start := p.start(st, s.validity)
	p.advance(s.validity, start)
	if err := p.repair(ctx, s, start); err != nil {
		return 0, err
	}
	uids, err := s.search(ctx, &imap.SearchCriteria{UID: []imap.UIDSet{{{Start: start + 1, Stop: 0}}}})
	if err != nil {
		return 0, err
	}
	uids = above(uids, start)
	pl := &pipeline{p: p, s: s}
	for len(uids) > 0 && err == nil {
		batch := uids[:min(len(uids), p.opts.BatchSize)]
		uids = uids[len(batch):]
		err = p.batch(ctx, s, batch, pl)
	}
	if derr := pl.drain(ctx); err == nil {
		err = derr
	}
	if err != nil {
		return pl.n, err
	}
	if pl.skipped && p.opts.ProcessedMailbox != "" {
		return pl.n, p.repair(ctx, s, p.prog.uid) // move what was skipped
	}
	return pl.n, nil
}

// start returns the last UID known decided under validity: the cursor's,
// or this Poller's progress when further; 0 means a full scan. A cursor
// under another UIDVALIDITY is logged once per change.
func (p *Poller) start(st State, validity uint32) imap.UID {
	var start imap.UID
	if st.UIDValidity == validity {
		start = imap.UID(st.LastUID)
	} else if st.UIDValidity != 0 && p.prog.validity != validity {
		p.log.Warn("uidvalidity changed: rescanning from uid 1",
			logKeyUIDValidity, validity, logKeyPrevious, st.UIDValidity)
	}
	if p.prog.validity == validity && p.prog.uid > start {
		start = p.prog.uid
	}
	return start
}

// above returns the UIDs of sorted greater than start. A UID range "n:*"
// matches the highest UID even when it is below n (RFC 9051 section 6.4.8),
// so the answer to "UID SEARCH UID n:*" is always filtered.
func above(sorted []imap.UID, start imap.UID) []imap.UID {
	for i, uid := range sorted {
		if uid > start {
			return sorted[i:]
		}
	}
	return nil
}

// batch fetches one batch of new UIDs, metadata first, then content in
// chunks that bound memory, and submits each chunk to pl.
//
// While the handler works on a chunk, downloads are not interrupted by
// ctx: that would close the connection, and with it the chance to mark
// the chunk in hand. They still end by the command timeout, and a chunk
// downloaded after ctx is done is dropped, to be offered again next time.
func (p *Poller) batch(ctx context.Context, s *session, uids []imap.UID, pl *pipeline) error {
	metas, err := s.fetchMeta(pl.fetchContext(ctx), uids)
	if err != nil {
		return err
	}
	for len(metas) > 0 {
		chunk := p.chunk(metas)
		metas = metas[len(chunk):]
		f, err := p.fetchChunk(pl.fetchContext(ctx), s, chunk, &pl.bufs)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := pl.submit(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// chunk returns the longest prefix of metas whose downloads fit in
// chunkBytes, at least one message.
func (p *Poller) chunk(metas []meta) []meta {
	var bytes int64
	for i, m := range metas {
		cost := m.size
		if m.size > p.opts.MaxMessageSize {
			cost = headerCost
		} else if m.has(DoneKeyword) {
			cost = 0
		}
		if bytes += cost; i > 0 && bytes > chunkBytes {
			return metas[:i]
		}
	}
	return metas
}

// advance records that every UID up to uid under validity is done.
func (p *Poller) advance(validity uint32, uid imap.UID) {
	if p.prog.validity != validity || uid > p.prog.uid {
		p.prog = progress{validity: validity, uid: uid}
	}
}

// markErr turns a refusal (a tagged NO or BAD) into a warning: the
// decisions are committed and the next pass's repair retries the marking,
// so a refused COPY, say, must not stop new mail from being processed.
// Other errors mean the connection is broken and are returned.
func (p *Poller) markErr(err error) error {
	var refused *imap.Error
	if errors.As(err, &refused) {
		p.log.Warn("marking refused by server; will retry", logKeyMailbox, p.opts.Mailbox, logKeyError, err)
		return nil
	}
	return err
}
