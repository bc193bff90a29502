package mailbox

import (
	"context"
	"errors"
	"fmt"
)

// PrepareFunc does the work on a downloaded chunk that commits nothing,
// such as parsing, and returns one P per message of msgs, in order. It
// runs on a goroutine of its own while the handler may still be working
// on the chunk before; it is never called concurrently with itself, and a
// chunk it prepared may still never reach the handler (when the chunk
// before fails, or on shutdown). What it returns must not keep Raw or
// Header past the handler's return (see Message.Raw).
type PrepareFunc[P any] func(ctx context.Context, msgs []*Message) []P

// PreparedHandler is a BatchHandler that also receives what the
// PrepareFunc returned for its messages: prepared[i] is msgs[i]'s.
// Everything BatchHandler says holds for it.
type PreparedHandler[P any] func(ctx context.Context, msgs []*Message, prepared []P) error

// NewPrepared is NewBatch with a PrepareFunc: each chunk goes through
// prepare, ahead of the handler (see BatchHandler), and h receives the
// chunk with prepare's values. P is the caller's type: the poller only
// carries the values from prepare to h, and drops them once h has
// accepted the chunk. prepare and h are required. A prepare that returns
// a slice whose length is not len(msgs) makes the handler call fail
// (nothing is marked) rather than hand h a message without its value.
func NewPrepared[P any](opts Options, cur Cursor, prepare PrepareFunc[P], h PreparedHandler[P]) (*Poller, error) {
	if prepare == nil || h == nil {
		return nil, errors.New("mailbox: prepare and handler are required")
	}
	p, err := NewBatch(opts, cur, func(ctx context.Context, msgs []*Message) error {
		values := make([]P, len(msgs))
		for i, m := range msgs {
			v, ok := m.prepared.(*P)
			if !ok {
				return fmt.Errorf("uid %d was not prepared", m.UID)
			}
			values[i] = *v
		}
		return h(ctx, msgs, values)
	})
	if err != nil {
		return nil, err
	}
	p.prepare = func(ctx context.Context, msgs []*Message) {
		values := prepare(ctx, msgs)
		if len(values) != len(msgs) {
			return // the handler finds the messages unprepared
		}
		for i, m := range msgs {
			m.prepared = &values[i]
		}
	}
	return p, nil
}
