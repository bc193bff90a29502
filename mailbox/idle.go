package mailbox

import (
	"context"
	"errors"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// errClosed reports a connection the server closed while the poller waited.
var errClosed = errors.New("connection closed by server")

// unilateral returns the handler of untagged data that arrives outside a
// command's reply, such as EXISTS during IDLE (RFC 2177). imapclient runs it
// on its reader goroutine, which must never block, so it only signals the
// buffered wake channel and drops the signal when one is already pending.
func (p *Poller) unilateral() *imapclient.UnilateralDataHandler {
	return &imapclient.UnilateralDataHandler{
		Mailbox: func(data *imapclient.UnilateralDataMailbox) {
			if data.NumMessages != nil {
				p.signal()
			}
		},
	}
}

// signal wakes the waiting loop without ever blocking.
func (p *Poller) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// wait returns when the next pass is due: at once when a wake signal is
// pending; otherwise after new mail is announced under IDLE, after
// IdleRefresh, or, without IDLE (RFC 2177 is advertised by most servers but
// not all), after PollInterval. It returns an error when the connection
// fails or ctx is done.
func (p *Poller) wait(ctx context.Context, s *session) error {
	select {
	case <-p.wake:
		return nil
	default:
	}
	if s.caps.Has(imap.CapIdle) {
		return p.idle(ctx, s)
	}
	timer := time.NewTimer(p.opts.PollInterval)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-p.wake:
		return nil
	case <-s.c.Closed():
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// idle runs one IDLE command until new mail, IdleRefresh, a closed
// connection or ctx, then ends it with DONE and waits for the tagged OK.
func (p *Poller) idle(ctx context.Context, s *session) error {
	var cmd *imapclient.IdleCommand
	err := s.do(ctx, "idle", func() (err error) {
		cmd, err = s.c.Idle()
		return err
	})
	if err != nil {
		return err
	}
	p.setIdle(true)
	defer p.setIdle(false)
	timer := time.NewTimer(p.opts.IdleRefresh)
	defer timer.Stop()
	var cause error
	select {
	case <-p.wake:
	case <-timer.C:
	case <-s.c.Closed():
		cause = errClosed
	case <-ctx.Done():
		cause = ctx.Err()
	}
	err = s.do(context.WithoutCancel(ctx), "idle done", func() error {
		if err := cmd.Close(); err != nil {
			return err
		}
		return cmd.Wait()
	})
	if err = errors.Join(cause, err); err == nil {
		p.idleEnded()
	}
	return err
}
