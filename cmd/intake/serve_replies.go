package main

import (
	"context"
	"log/slog"
	"maps"
	"math/rand/v2"
	"time"

	"intake/approvals"
	"intake/ingest"
	"intake/internal/metrics"
	"intake/replies"
	"intake/smtpout"
)

// sendInterval is how often the sender loop of `intake serve` looks for
// due replies.
const sendInterval = 5 * time.Second

// jobSend names the sender loop in log records.
const jobSend = "send replies"

// startReplies turns replies on for serve when smtp.address is set (see
// enableReplies), and starts a loop that delivers the due ones through
// the relay every sendInterval until ctx ends. It returns a channel
// closed when the loop has stopped (already closed when replies are off).
// It must run before the poller is made, which takes the pipeline it
// replaces.
func startReplies(ctx context.Context, b *backend, m *metrics.Set, log *slog.Logger) (<-chan struct{}, error) {
	done := make(chan struct{})
	if !b.cfg.SMTP.enabled() {
		close(done)
		return done, nil
	}
	d, err := enableReplies(b, log)
	if err != nil {
		return nil, err
	}
	if err := m.WatchOutbox(b.svc.OutboxSummary); err != nil {
		return nil, err
	}
	go func() {
		defer close(done)
		sendLoop(ctx, b.svc, d, m, log)
	}()
	return done, nil
}

// enableReplies replaces b's service and pipeline by ones whose workflow
// queues the reply to each message it decides, and returns the relay of
// b's [smtp] table that delivers them.
func enableReplies(b *backend, log *slog.Logger) (*relay, error) {
	d, err := newRelay(&b.cfg.SMTP)
	if err != nil {
		return nil, err
	}
	c, err := b.cfg.composer()
	if err != nil {
		return nil, err
	}
	ac := b.cfg.approvalsConfig(b.log, time.Now)
	ac.Reply, ac.ReplyLimit = composeFunc(c, log), b.cfg.SMTP.MaxRepliesPerHour
	ac.EventReply, ac.ConfirmTTL = composeEventFunc(c, log), b.cfg.SMTP.confirmTTL
	b.svc = approvals.NewService(b.db, ac)
	if b.pipe, err = ingest.New(b.cfg.ingestConfig(b.svc, b.db, b.log)); err != nil {
		return nil, err
	}
	return d, nil
}

// composer returns the Composer of the [smtp] keys.
func (c *Config) composer() (*replies.Composer, error) {
	rc, err := replies.NewComposer(replies.Options{From: c.SMTP.From, Own: c.IMAP.Addresses,
		MaxAge: c.Auth.maxAge, Templates: c.SMTP.templates})
	if err != nil {
		return nil, usagef("smtp.from: %v", err)
	}
	return rc, nil
}

// withEventReplies sets ac to queue the replies to later events (staff
// decisions, waiting removals released or expired) when smtp.address is
// set, whichever command causes them: serve's sender loop delivers them.
func (c *Config) withEventReplies(ac *approvals.Config, log *slog.Logger) error {
	if !c.SMTP.enabled() {
		return nil
	}
	rc, err := c.composer()
	if err != nil {
		return err
	}
	ac.EventReply, ac.ReplyLimit = composeEventFunc(rc, log), c.SMTP.MaxRepliesPerHour
	return nil
}

// sendLoop delivers the due replies every sendInterval until ctx ends,
// and counts each attempt in m.
func sendLoop(ctx context.Context, svc *approvals.Service, d approvals.Deliverer, m *metrics.Set, log *slog.Logger) {
	t := time.NewTicker(sendInterval)
	defer t.Stop()
	for {
		n, err := svc.DeliverDue(ctx, d, 0)
		if err != nil && ctx.Err() == nil {
			log.Error("deliver replies", logKeyJob, jobSend, logKeyError, err)
		}
		m.Delivered(n)
		logDelivery(log, n)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// logDelivery logs what one pass of the sender loop did, with a warning
// naming the relay's answer for each reply not sent.
func logDelivery(log *slog.Logger, n approvals.Delivery) {
	if !n.Attempted() {
		return
	}
	for _, o := range n.Replies {
		if o.Status != approvals.OutboxSent {
			log.Warn("reply not delivered", logKeyJob, jobSend, logKeyRecord, o.ID,
				"status", o.Status, "attempts", o.Attempts, logKeyError, o.LastError)
		}
	}
	log.Info("replies delivered", logKeyJob, jobSend, "sent", n.Sent, "retry", n.Retry, "failed", n.Failed)
}

// relay is the approvals.Deliverer over smtpout.
type relay struct {
	s    *smtpout.Sender
	from string
}

var _ approvals.Deliverer = (*relay)(nil)

// newRelay reads the password once and returns the relay of c.
func newRelay(c *SMTPConfig) (*relay, error) {
	pw, err := c.readPassword()
	if err != nil {
		return nil, err
	}
	s, err := smtpout.New(smtpout.Options{Addr: c.Address, Security: smtpout.Security(c.Security),
		Username: c.Username, Password: pw, Helo: c.Helo, TLS: c.tlsConfig()})
	if err != nil {
		return nil, usagef("smtp: %v", err)
	}
	return &relay{s: s, from: c.From}, nil
}

func (r *relay) Deliver(ctx context.Context, o *approvals.Outbound) error {
	return r.s.Send(ctx, r.from, o.To, o.Body)
}

func (r *relay) Permanent(err error) bool { return smtpout.IsPermanent(err) }

func (r *relay) Backoff(attempts int) time.Duration { return smtpout.Backoff(attempts, rand.Float64) }

// composeFunc returns the workflow's ReplyFunc: the reply c composes, or
// none. It runs inside the decision's transaction; a reply that cannot be
// composed is logged and left out, so that it never undoes a decision.
func composeFunc(c *replies.Composer, log *slog.Logger) approvals.ReplyFunc {
	return func(res *approvals.Result, in approvals.Inbound) (*approvals.Outbound, error) {
		ri := replyInput(res, in)
		r, _, err := c.Compose(ri)
		if err != nil {
			log.Error("compose reply", logKeyRecord, res.Message.ID, logKeyError, err)
			return nil, nil
		}
		if r == nil {
			return nil, nil
		}
		return r.Outbound(), nil
	}
}

// composeEventFunc returns the workflow's EventReplyFunc: the reply c
// composes for a later event on a message's requests, or none. As
// composeFunc, a reply that cannot be composed is logged and left out.
func composeEventFunc(c *replies.Composer, log *slog.Logger) approvals.EventReplyFunc {
	return func(ev approvals.EventReply) (*approvals.Outbound, error) {
		r, _, err := c.ComposeEvent(ev)
		if err != nil {
			log.Error("compose reply", logKeyRecord, ev.Message.ID, "cause", ev.Cause, logKeyError, err)
			return nil, nil
		}
		if r == nil {
			return nil, nil
		}
		return r.Outbound(), nil
	}
}

// replyInput gathers what Compose needs from the result and the
// message's header: the threading headers and the marks of list and
// bounce mail (replies.ReadHeader), with the parser's Auto.
func replyInput(res *approvals.Result, in approvals.Inbound) replies.Input {
	ri := replies.Input{Result: *res, Now: time.Now(), Deadlines: map[string]time.Time{}}
	maps.Copy(ri.Deadlines, res.Deadlines)
	thread, marks := replies.ReadHeader(in.Raw)
	ri.Thread.References, ri.Marks = thread.References, marks
	if in.Parsed != nil {
		ri.Thread.MessageID, ri.Thread.Subject = in.Parsed.MessageID, in.Parsed.Subject
		if ri.Marks.Auto == "" {
			ri.Marks.Auto = in.Parsed.Auto
		}
	}
	return ri
}
