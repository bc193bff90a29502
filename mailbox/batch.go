package mailbox

import (
	"context"
	"fmt"

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
type BatchHandler func(ctx context.Context, msgs []*Message) error

// handleChunk downloads chunk, hands its unmarked messages to the handler
// in UID order, in groups of p.group (all at once when 0), and marks the
// groups it accepted. The first handler error, missing content or
// cancelled ctx stops the chunk; groups accepted before are still marked,
// even when ctx is done. skipped reports messages of chunk passed over
// because they were already marked.
func (p *Poller) handleChunk(ctx context.Context, s *session, chunk []meta) (n int, skipped bool, err error) {
	var todo []meta
	for _, m := range chunk {
		if m.has(DoneKeyword) {
			skipped = true
		} else {
			todo = append(todo, m)
		}
	}
	fetched, err := s.fetchContent(ctx, todo, p.opts.MaxMessageSize)
	if err != nil {
		return 0, false, err
	}
	msgs, err := p.complete(s, todo, fetched)
	size := p.group
	if size <= 0 {
		size = max(1, len(msgs))
	}
	var done imap.UIDSet
	for len(msgs) > 0 {
		group := msgs[:min(size, len(msgs))]
		if herr := p.handle(ctx, group); herr != nil {
			err = herr
			break
		}
		msgs = msgs[len(group):]
		for _, m := range group {
			done.AddNum(imap.UID(m.UID))
		}
		n += len(group)
		p.advance(s.validity, imap.UID(group[len(group)-1].UID))
	}
	if err == nil {
		p.advance(s.validity, chunk[len(chunk)-1].uid) // marked ones at the end
	}
	if merr := p.markErr(p.mark(context.WithoutCancel(ctx), s, done, false)); merr != nil {
		if err != nil {
			p.log.Warn("message not handled", logKeyError, err)
		}
		return n, skipped, merr
	}
	return n, skipped, err
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
