package ingest

import (
	"context"
	"errors"
	"fmt"

	"intake/approvals"
	"intake/mailbox"
	"intake/parser"
)

// Prepared is a message of an IMAP chunk as PrepareChunk leaves it for
// Handler: parsed, its sender proved, its raw bytes being staged.
type Prepared struct {
	in    approvals.Inbound // parsed and proved; Hash is set by staging
	stage *staging          // of the message's chunk
	i     int               // the message's place in its chunk
}

// staging is the hashing of a chunk's raw messages and the writing of the
// large ones' files (Stager).
type staging struct {
	done   chan struct{} // closed when hashes is set and the files are written
	hashes []string
}

// PrepareChunk is the mailbox.PrepareFunc of the pipeline's poller, run
// while the chunk before commits: the messages of a chunk are hashed and
// the files of the large ones written and synced on one goroutine, so
// that the disk works from the start, while they are parsed and their
// senders proved in parallel on the others (see PrepareAll). A message
// that cannot be staged is logged and staged again inside the
// transaction, which fails if its file still cannot be written.
func (p *Pipeline) PrepareChunk(ctx context.Context, msgs []*mailbox.Message) []*Prepared {
	ins := make([]approvals.Inbound, len(msgs))
	for i, m := range msgs {
		ins[i] = p.Inbound(m)
	}
	st := &staging{done: make(chan struct{}), hashes: make([]string, len(ins))}
	go p.stage(st, ins)
	p.PrepareAll(ctx, ins)
	out := make([]*Prepared, len(msgs))
	for i := range msgs {
		out[i] = &Prepared{in: ins[i], stage: st, i: i}
	}
	return out
}

// stage hashes and stages the raw bytes of ins into st and closes
// st.done. It reads only Raw and Source, which PrepareAll does not write.
func (p *Pipeline) stage(st *staging, ins []approvals.Inbound) {
	defer close(st.done)
	if p.cfg.Stager == nil {
		return // the transaction hashes them
	}
	for i := range ins {
		var err error
		if st.hashes[i], err = p.cfg.Stager.StageRaw(ins[i].Raw); err != nil {
			p.log.Warn("stage raw message", "source", ins[i].Source, "error", err)
		}
	}
}

// Handler returns the mailbox.PreparedHandler of the pipeline's poller:
// the messages of a chunk, prepared by PrepareChunk, are decided, with the
// cursor of the last one, in one transaction
// (approvals.Service.ReceiveAll) once their bytes are staged, before the
// poller marks them. The commit is not cancelled with ctx, so a shutdown
// finishes the batch in hand. done, when non-nil, is called with every
// result, in UID order, after the commit.
func (p *Pipeline) Handler(done func(*mailbox.Message, *approvals.Result)) mailbox.PreparedHandler[*Prepared] {
	return func(ctx context.Context, msgs []*mailbox.Message, prepared []*Prepared) error {
		ctx = context.WithoutCancel(ctx)
		ins := make([]approvals.Inbound, len(msgs))
		for i, pr := range prepared {
			<-pr.stage.done
			ins[i] = pr.in
			ins[i].Hash = pr.stage.hashes[pr.i]
		}
		res, err := p.cfg.Service.ReceiveAll(ctx, ins)
		if err != nil {
			return fmt.Errorf("decide %s: %w", BatchSource(msgs), err)
		}
		if done != nil {
			for i, m := range msgs {
				done(m, res[i])
			}
		}
		return nil
	}
}

// Inbound returns the unparsed Inbound of m, its cursor set. An oversized
// message, of which only the header block was downloaded, is received as
// unreadable with that header as its bytes. A message the server sent no
// content for is received as unreadable too; its bytes are a header
// naming where it is, so that staff can find it in the mailbox and that
// two such messages are two records, not a duplicate.
func (p *Pipeline) Inbound(m *mailbox.Message) approvals.Inbound {
	in := approvals.Inbound{
		Raw:        m.Raw,
		ReceivedAt: m.InternalDate,
		Source:     Source(m),
		Cursor:     &approvals.Cursor{Mailbox: m.Mailbox, UIDValidity: m.UIDValidity, UID: m.UID},
	}
	switch {
	case m.Oversize:
		in.Raw = m.Header
		in.ParseErr = &parser.LimitError{Limit: "max_message_size", Max: p.cfg.MaxMessageSize}
	case m.Missing:
		in.Raw = []byte("X-Intake-Missing: " + in.Source + "\r\n\r\n")
		in.ParseErr = errors.New("imap: the server lists this message but sent no content for it")
	}
	return in
}

// PollerOptions are what the pipeline's poller adds to the caller's
// mailbox.Options.
type PollerOptions struct {
	// Done, when non-nil, is called with every committed result (see
	// Handler).
	Done func(*mailbox.Message, *approvals.Result)
	// Wrap, when non-nil, wraps the handler (to time and count every
	// call, say); it must call the handler it is given.
	Wrap func(mailbox.BatchHandler) mailbox.BatchHandler
}

// NewPoller returns the poller that reads opts' mailbox through the
// pipeline: mailbox.NewPrepared with PrepareChunk, Handler and the
// workflow's cursor. Its errors are mailbox.NewPrepared's.
func (p *Pipeline) NewPoller(opts mailbox.Options, po PollerOptions) (*mailbox.Poller, error) {
	h := p.Handler(po.Done)
	if po.Wrap != nil {
		inner := h
		h = func(ctx context.Context, msgs []*mailbox.Message, prepared []*Prepared) error {
			return po.Wrap(func(ctx context.Context, msgs []*mailbox.Message) error {
				return inner(ctx, msgs, prepared)
			})(ctx, msgs)
		}
	}
	return mailbox.NewPrepared(opts, Cursor{p.cfg.Service}, p.PrepareChunk, h)
}

// Cursor adapts the workflow's cursor to mailbox.Cursor.
type Cursor struct{ Service *approvals.Service }

// Load returns the committed cursor of mbox; its errors are
// approvals.Service.Cursor's.
func (c Cursor) Load(ctx context.Context, mbox string) (mailbox.State, error) {
	cur, err := c.Service.Cursor(ctx, mbox)
	if err != nil {
		return mailbox.State{}, err
	}
	return mailbox.State{UIDValidity: cur.UIDValidity, LastUID: cur.UID}, nil
}

// Source names where a message came from: "imap:MAILBOX/UIDVALIDITY/UID".
func Source(m *mailbox.Message) string {
	return fmt.Sprintf("imap:%s/%d/%d", m.Mailbox, m.UIDValidity, m.UID)
}

// BatchSource names a batch: the source of its only message, or
// "imap:MAILBOX/UIDVALIDITY/FIRST-LAST".
func BatchSource(msgs []*mailbox.Message) string {
	first, last := msgs[0], msgs[len(msgs)-1]
	if len(msgs) == 1 {
		return Source(first)
	}
	return fmt.Sprintf("imap:%s/%d/%d-%d", first.Mailbox, first.UIDValidity, first.UID, last.UID)
}

var _ mailbox.Cursor = Cursor{}
