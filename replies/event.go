package replies

import (
	"fmt"

	"intake/approvals"
)

// ComposeEvent returns the reply to an event on a message's requests
// after the message was received (a staff decision, a waiting removal
// released or expired), or, when none may be sent, a NoReply saying why.
//
// The guard is the first reply's (see Compose) on the stored message,
// less auth.max_age: that bounds the first reply only, so a staff
// decision taken weeks after a message that was fresh when received
// still answers it. A message whose requests failed the freshness check
// gets no reply. Marks.Auto is not read again: a message carrying it was
// ignored when received and has no request to decide.
//
// The reply threads under ev.Previous, the last reply to the message,
// when there is one, and under the message otherwise. A staff note is
// never told: it is written for staff.
func (c *Composer) ComposeEvent(ev approvals.EventReply) (*Reply, *NoReply, error) {
	thread, marks := ReadHeader(ev.Raw)
	if nr := eventGuard(ev, marks, c.opt); nr != nil {
		return nil, nr, nil
	}
	if ev.Previous != nil {
		t, err := under(ev.Previous.Body)
		if err != nil {
			return nil, nil, fmt.Errorf("compose %s reply to message %s: %w", ev.Cause, ev.Message.ID, err)
		}
		thread = t
	}
	var items []Item
	for _, r := range ev.Requests {
		it, err := eventItem(ev, r)
		if err != nil {
			return nil, nil, fmt.Errorf("compose %s reply to message %s: %w", ev.Cause, ev.Message.ID, err)
		}
		items = append(items, it)
	}
	text, err := c.opt.Templates.render(string(ev.Cause), items)
	if err != nil {
		return nil, nil, fmt.Errorf("compose %s reply to message %s: %w", ev.Cause, ev.Message.ID, err)
	}
	r := &Reply{To: ev.Message.Sender, MessageID: c.opt.NewID() + "@" + c.domain,
		Subject: replySubject(thread.Subject), Kind: replyKind(items), Date: ev.Now, Text: wrap(text)}
	if r.Raw, err = c.build(r, thread); err != nil {
		return nil, nil, fmt.Errorf("compose %s reply to message %s: %w", ev.Cause, ev.Message.ID, err)
	}
	return r, nil, nil
}

// eventGuard returns why no reply may be sent for ev, nil when one may.
func eventGuard(ev approvals.EventReply, marks Marks, opt Options) *NoReply {
	switch {
	case !replyOutcomes[ev.Message.Outcome]:
		return &NoReply{SkipOutcome, fmt.Sprintf("the message was %s", ev.Message.Outcome)}
	case len(ev.Requests) == 0:
		return &NoReply{SkipNoRequests, "the event decided no request"}
	}
	return senderGuard(ev.Requests, marks, ev.Message.Sender, opt)
}

// eventItem returns the Item of r after ev: a removal released by its
// doors tells which doors await a door update; a staff rejection is told
// as declined.
func eventItem(ev approvals.EventReply, r approvals.Request) (Item, error) {
	it, err := newItem(r, ev.Deadlines[r.ID])
	if err != nil {
		return Item{}, err
	}
	switch {
	case ev.Cause == approvals.CauseReleased && r.Status == approvals.StatusApplied:
		it.Kind, it.Doors = KindReleased, nil
		for _, d := range ev.Updates[r.ID] {
			it.Doors = append(it.Doors, clean(d))
		}
	case ev.Cause == approvals.CauseStaff && r.Status == approvals.StatusRejected && rejectedByStaff(r):
		it.Kind = KindDeclined
		if r.Reason == approvals.ReasonReviewRequired {
			it.Reason = "" // held for the review that declined it: nothing more to say
		}
	}
	return it, nil
}

// rejectedByStaff reports whether r carries a staff rejection (the review
// check), not a rejection by the checks that a staff approval re-ran.
func rejectedByStaff(r approvals.Request) bool {
	for _, c := range r.Checks {
		if c.Name == approvals.CheckReview {
			return true
		}
	}
	return false
}
