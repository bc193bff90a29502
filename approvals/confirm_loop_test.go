package approvals_test

import (
	"strings"
	"testing"

	"intake/approvals"
	"intake/replies"
)

// TestConfirmLoop: the code of the reply replies.Composer writes, sent
// back on a line of its own above the whole reply quoted as mail clients
// quote it, confirms the request; the sender then hears it was applied.
func TestConfirmLoop(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	comp, err := replies.NewComposer(replies.Options{From: "access@door.com", Own: []string{inbox}})
	if err != nil {
		t.Fatal(err)
	}
	var last *replies.Reply
	e.svc = approvals.NewService(e.db, approvals.Config{Addresses: []string{inbox}, Now: e.clock,
		Reply: func(res *approvals.Result, in approvals.Inbound) (*approvals.Outbound, error) {
			th := replies.Thread{MessageID: in.Parsed.MessageID, Subject: in.Parsed.Subject}
			r, _, err := comp.Compose(replies.Input{Result: *res, Thread: th, Now: e.now})
			if err != nil || r == nil {
				return nil, err
			}
			last = r
			return r.Outbound(), nil
		}})
	c := &confirmEnv{env: e}
	held := c.receiveRaw(c.raw("maria@pines.example", "", heldAdd)).Requests[0]
	if last == nil || last.Kind != replies.KindConfirm {
		t.Fatalf("reply to the held request: %+v, want kind confirm", last)
	}
	var code string
	for _, l := range strings.Split(last.Text, "\n") {
		if l = strings.TrimSpace(l); len(l) == approvals.CodeLen && strings.Trim(l, approvals.CodeAlphabet) == "" {
			code = l
		}
	}
	if code == "" {
		t.Fatalf("no code on a line of its own in:\n%s", last.Text)
	}
	err = c.db.View(c.ctx, func(tx approvals.Tx) error {
		cs, err := tx.ConfirmationsByReply([]string{last.MessageID})
		if len(cs) != 1 || cs[0].CodeHash != approvals.CodeHash(code) || cs[0].Request != held.ID {
			t.Errorf("confirmations of the reply = %+v, want the hash of %s for %s", cs, code, held.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	body := code + "\n\nThanks,\nMaria\n\nOn Mon, 10 Mar 2025 at 11:00, DOOR <access@door.com> wrote:\n> " +
		strings.ReplaceAll(last.Text, "\n", "\n> ")
	c.receiveRaw(c.raw("maria@pines.example", last.MessageID, body))
	if got := c.request(held.ID); got.Status != approvals.StatusApplied {
		t.Errorf("after the confirming reply: %s %s, want applied", got.Status, got.Reason)
	}
	if last.Kind != replies.KindApplied {
		t.Errorf("reply to the confirmation: kind %s, want applied:\n%s", last.Kind, last.Text)
	}
	c.verify()
}
