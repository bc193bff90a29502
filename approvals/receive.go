package approvals

import (
	"context"
	"fmt"
	"strings"
	"time"

	"intake/parser"
)

// Inbound is one received message, already parsed by the caller. Exactly
// one of Parsed and ParseErr is set.
type Inbound struct {
	Raw []byte
	// Hash, when set, is Hash(Raw), computed by the caller (on the
	// goroutine that parsed Raw, say, so that a batch is not hashed inside
	// its transaction); empty means Receive computes it. Like Parsed it is
	// trusted: the store refuses new bytes under a wrong hash, but a
	// redelivery (Cursor set) is recognised by the hash alone.
	Hash     string
	Parsed   *parser.Message
	ParseErr error
	// ReceivedAt is the time of receipt (the IMAP INTERNALDATE); when
	// zero, Parsed.Received (the topmost Received header) is used, and
	// when that is zero too, the current time.
	ReceivedAt time.Time
	// Source says where the message came from ("imap:...", "file:...").
	Source string
	// Cursor, when set, is committed in the same transaction as the
	// message's record and decisions (see Cursor).
	Cursor *Cursor
	// Thread holds the msg-ids of the message's In-Reply-To and
	// References fields (RFC 5322 section 3.6.4), without angle
	// brackets, set by the caller; a confirmation by reply must answer
	// the reply that carried its code (docs/replies.md).
	Thread []string
	// TextOnly reports that the message's MIME parts are text alone, shown
	// inline (no attachment, attached message or image), so that its
	// parsed text is all a reader sees; set by the caller, for a reply at
	// least. A confirmation by reply needs it (docs/replies.md): false,
	// the zero value, confirms nothing.
	TextOnly bool
}

// Result is what Receive did with a message: its record and the requests
// read from it (for an unreadable or no_request message, the one review
// item that stands for it; see Request.IsMessageItem), after the requests
// it confirmed by reply, if any (then a no_request message has no item).
type Result struct {
	Message  Message
	Requests []Request
	// Known reports a mailbox redelivery of bytes already recorded:
	// Message is the earlier record and nothing new was written but the
	// cursor.
	Known bool
	// Offers maps the id of each request the reply being composed may
	// ask its sender to confirm to the code offered; set only while
	// Config.Reply runs, nil otherwise.
	Offers map[string]Offer
	// Deadlines maps the id of each waiting request to when it expires
	// under the stored removal wait (see Deadline); set only while
	// Config.Reply runs, nil otherwise.
	Deadlines map[string]time.Time
	// Reply is the reply queued or suppressed in answer (see ReplyFunc).
	Reply *Outbound
}

// Receive records one message and decides every request in it, in one
// Store transaction together with the ledger entries (docs/decisions.md).
// The raw message is stored once under its hash. A message whose
// Message-ID (or, without one, whose content hash) was recorded before is
// a duplicate and changes nothing else. When in.Cursor is set it is
// committed in the same transaction, and a message whose exact bytes are
// already recorded is Known: nothing but the cursor is written. When
// Config.Reply is set, the reply it composes is queued in the outbox in
// the same transaction, with its ledger entry (see ReplyFunc). It returns
// an *Error with code EINVALID when in has neither Parsed nor ParseErr,
// and the Store's error wrapped when the transaction fails; then nothing
// was recorded. Receive is ReceiveAll of one message.
func (s *Service) Receive(ctx context.Context, in Inbound) (*Result, error) {
	res, err := s.ReceiveAll(ctx, []Inbound{in})
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// ReceiveAll receives each of ins, in order, as Receive does, all in ONE
// Store transaction: one commit (one fsync) for the batch. A message sees
// the ones before it in the batch, so a repeat within ins is a duplicate
// (or Known) as it would be in separate calls; when several carry a
// Cursor, the last one's is what stays committed. It returns one Result
// per Inbound, in order; nil for an empty ins. When any Inbound has
// neither Parsed nor ParseErr it returns an *Error with code EINVALID
// before writing anything, and when any message fails the whole
// transaction is rolled back and the error (naming the message's place in
// ins) is returned: nothing of the batch was recorded.
func (s *Service) ReceiveAll(ctx context.Context, ins []Inbound) ([]*Result, error) {
	for i, in := range ins {
		if in.Parsed == nil && in.ParseErr == nil {
			return nil, Errorf(EINVALID, "receive message %d of %d: no parse result", i+1, len(ins))
		}
	}
	if len(ins) == 0 {
		return nil, nil
	}
	var out []*Result
	err := s.store.Update(ctx, func(tx Tx) error {
		out = make([]*Result, 0, len(ins)) // Update may run fn again
		rv := &txResolver{tx: tx, cache: &s.dirs, svc: s}
		for i, in := range ins {
			res, err := s.receive(tx, rv, in)
			if err == nil {
				err = s.queueReply(tx, rv, res, in)
			}
			if err == nil {
				err = s.recordBounce(tx, res, in)
			}
			if err != nil {
				if len(ins) > 1 {
					err = fmt.Errorf("message %d of %d: %w", i+1, len(ins), err)
				}
				return err
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("receive message: %w", err)
	}
	for _, res := range out {
		s.logReceived(res)
	}
	return out, nil
}

// logReceived logs a committed result: the message and each request.
func (s *Service) logReceived(res *Result) {
	s.log.Info("message received", logMessage, res.Message.ID, logOutcome, res.Message.Outcome)
	for _, r := range res.Requests {
		s.log.Info("request decided", logRequest, r.ID, logStatus, r.Status, logReason, r.Reason)
	}
}

func (s *Service) receive(tx Tx, rv *txResolver, in Inbound) (*Result, error) {
	msg := s.newMessage(in)
	if res, known, err := s.receiveKnown(tx, in, msg.Hash); known || err != nil {
		return res, err
	}
	if in.Cursor != nil {
		if err := tx.SetCursor(*in.Cursor); err != nil {
			return nil, fmt.Errorf("set cursor: %w", err)
		}
	}
	if err := tx.PutRaw(msg.Hash, in.Raw); err != nil {
		return nil, fmt.Errorf("store raw message: %w", err)
	}
	dup, err := findDuplicate(tx, msg)
	if err != nil {
		return nil, err
	}
	if dup != nil {
		msg.Outcome = OutcomeDuplicate
		return &Result{Message: *msg}, s.recordMessage(tx, msg, dup.ID)
	}
	set, err := rv.settings()
	if err != nil {
		return nil, err
	}
	var resolutions []Resolution
	msg.Outcome, resolutions, err = s.classify(rv, in, set)
	if err != nil {
		return nil, err
	}
	if err := s.recordMessage(tx, msg, ""); err != nil {
		return nil, err
	}
	res := &Result{Message: *msg}
	if done, err := s.confirmByReply(tx, res, in, set); done || err != nil {
		return res, err // a confirmation is its message's result, not a review item
	}
	switch msg.Outcome {
	case OutcomeUnreadable, OutcomeNoRequest:
		var gates []Check
		if in.Parsed != nil {
			gates = messageChecks(in.Parsed, msg.ReceivedAt, s.cfg.MaxAge, set.Addresses)
		}
		r, err := s.createMessageItem(tx, msg, gates)
		if err != nil {
			return nil, err
		}
		res.Requests = append(res.Requests, *r)
	case OutcomeProcessed:
		gates := messageChecks(in.Parsed, msg.ReceivedAt, s.cfg.MaxAge, set.Addresses)
		for _, rs := range resolutions {
			r, err := s.decideNew(tx, rv, msg, gates, rs, set.Policy)
			if err != nil {
				return nil, err
			}
			res.Requests = append(res.Requests, *r)
		}
	}
	return res, nil
}

// newMessage returns the record of in, without outcome and id.
func (s *Service) newMessage(in Inbound) *Message {
	hash := in.Hash
	if hash == "" {
		hash = Hash(in.Raw)
	}
	m := &Message{Hash: hash, Source: in.Source, ReceivedAt: in.ReceivedAt}
	if in.ParseErr != nil {
		m.Error = in.ParseErr.Error()
	}
	if p := in.Parsed; p != nil {
		m.MessageID, m.Subject = p.MessageID, p.Subject
		m.Sender, m.Evidence = p.Identity.From, p.Identity.Evidence
		if m.ReceivedAt.IsZero() {
			m.ReceivedAt = p.Received
		}
	}
	if m.ReceivedAt.IsZero() {
		m.ReceivedAt = s.now()
	}
	return m
}

// findDuplicate returns the earlier message m repeats: the first with its
// Message-ID, or, when it has none, the first with its content hash; nil
// when there is none.
func findDuplicate(tx Tx, m *Message) (*Message, error) {
	var prev *Message
	var err error
	if m.MessageID != "" {
		prev, err = tx.MessageByMessageID(m.MessageID)
	} else {
		prev, err = tx.MessageByHash(m.Hash)
	}
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("look up earlier message: %w", err)
	}
	return prev, nil
}

// classify returns the message outcome and, for a processed message, its
// requests resolved against the directory; a message from one of set's
// addresses is ignored. When the text/plain and HTML
// alternatives read differently (a mismatch), the requests of both
// readings are kept, those of the HTML reading after the plain ones and
// without the plain ones' repeats, so that staff can choose between
// them; the body check keeps every one pending.
func (s *Service) classify(t *txResolver, in Inbound, set Settings) (Outcome, []Resolution, error) {
	p := in.Parsed
	switch {
	case in.ParseErr != nil || p == nil:
		return OutcomeUnreadable, nil, nil
	case p.Auto != "" || set.isOwnAddress(p.Identity.From):
		return OutcomeIgnored, nil, nil
	}
	var html []parser.Statement
	if p.Mismatch && p.HTML != nil {
		html = p.HTML.Requests
	}
	if len(p.Requests) == 0 && len(html) == 0 {
		return OutcomeNoRequest, nil, nil
	}
	rv, err := t.resolver()
	if err != nil {
		return "", nil, err
	}
	var out []Resolution
	for _, st := range p.Requests {
		out = append(out, rv.Statement(st)...)
	}
	out = appendReading(out, rv, html)
	if len(out) == 0 {
		return OutcomeNoRequest, nil, nil
	}
	markConflicts(out)
	return OutcomeProcessed, out, nil
}

// appendReading appends to rs the requests of another reading's
// statements that rs does not already hold (same action and names as
// written, compared without case and extra spaces).
func appendReading(rs []Resolution, rv *Resolver, statements []parser.Statement) []Resolution {
	key := func(r Resolution) string {
		fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
		return string(r.Action) + "\x00" + fold(r.Partner) + "\x00" + fold(r.Property)
	}
	seen := map[string]bool{}
	for _, r := range rs {
		seen[key(r)] = true
	}
	for _, st := range statements {
		for _, r := range rv.Statement(st) {
			if !seen[key(r)] {
				seen[key(r)] = true
				rs = append(rs, r)
			}
		}
	}
	return rs
}

// markConflicts makes ambiguous each request of a message that both adds
// and removes the same partner on the same property: which the sender
// meant is for staff to say, not the order of the sentences.
func markConflicts(rs []Resolution) {
	type pair struct{ partner, property string }
	key := func(r Resolution) (pair, bool) {
		ok := r.PartnerMatch.Kind == MatchExact && r.PropertyMatch.Kind == MatchExact
		return pair{r.PartnerMatch.ID, r.PropertyMatch.ID}, ok
	}
	actions := map[pair]map[Action]bool{}
	for _, r := range rs {
		if k, ok := key(r); ok {
			if actions[k] == nil {
				actions[k] = map[Action]bool{}
			}
			actions[k][r.Action] = true
		}
	}
	for i, r := range rs {
		if k, ok := key(r); ok && len(actions[k]) > 1 {
			rs[i].Readings = append(rs[i].Readings, fmt.Sprintf("the message both adds and removes %s on %s", k.partner, k.property))
		}
	}
}

// recordMessage creates the message record and its ledger entry.
func (s *Service) recordMessage(tx Tx, m *Message, duplicateOf string) error {
	if err := tx.CreateMessage(m); err != nil {
		return fmt.Errorf("record message: %w", err)
	}
	ev := MessageEvent{ID: m.ID, MessageID: m.MessageID, Hash: m.Hash, Source: m.Source,
		Outcome: m.Outcome, Sender: m.Sender, DuplicateOf: duplicateOf, Error: m.Error}
	return s.appendEntry(tx, EntryMessage, ActorIntake, m.ID, ev)
}

// decideNew creates the request of one resolution and decides it, with
// the manager and property read from dir, under policy.
func (s *Service) decideNew(tx Tx, dir directoryReader, m *Message, gates []Check, rs Resolution, policy Policy) (*Request, error) {
	r := &Request{MessageID: m.ID, Action: rs.Action, Partner: rs.Partner, Property: rs.Property,
		Sender: m.Sender, ReceivedAt: m.ReceivedAt}
	f := Facts{Action: rs.Action, Gates: withStatementHold(gates, rs.Held), Partner: rs.Partner, Property: rs.Property,
		PartnerMatch: rs.PartnerMatch, PropertyMatch: rs.PropertyMatch, Readings: rs.Readings,
		Sender: m.Sender, Policy: policy}
	if err := gatherFacts(tx, dir, &f); err != nil {
		return nil, err
	}
	return r, s.applyDecision(tx, r, f, Decide(f), ActorIntake, true)
}
