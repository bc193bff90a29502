package mailbox

import "context"

// State is the cursor of one mailbox: every message with a UID up to
// LastUID under UIDValidity has a committed decision.
type State struct {
	UIDValidity uint32
	LastUID     uint32
}

// Cursor gives the poller the state the handler committed. It is
// implemented by the store, which writes the state in the same transaction
// as each decision; the poller never writes it.
type Cursor interface {
	// Load returns the state of mailbox; the zero State when there is none.
	Load(ctx context.Context, mailbox string) (State, error)
}

// Handler receives each new message, in ascending UID order. Before
// returning nil it must commit its decision together with the cursor
// State{m.UIDValidity, m.UID}, atomically: the poller marks the message
// (see Poller) only after nil, and a crash between the commit and the mark
// is repaired on the next pass from the cursor.
//
// After a UIDVALIDITY change (RFC 9051 section 2.3.1.1) every message comes
// again with the new UIDValidity; the handler recognises the ones it has
// already decided (by Message-ID and content hash) and commits only the new
// cursor for them.
//
// An error stops the pass before m: nothing after it is handled, and m is
// offered again on the next pass. The context is the one given to Once or
// Run; a handler that must finish the message in hand on shutdown can use
// context.WithoutCancel. Nothing may keep m.Raw or m.Header after the
// handler returns: the poller reuses their memory (see Message.Raw).
type Handler func(ctx context.Context, m *Message) error
