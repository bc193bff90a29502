package approvals_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"intake/approvals"
)

// heldAdd2 is maria's second held request, for the attacks that need a
// code of another request of the same sender.
const heldAdd2 = "We give DOOR permission to add Gateway to The Pines once the lease is signed."

// TestConfirmAttacks sends every generated reply (confirm_attack_*_test.go)
// against a request held for a doubt, each in a fresh database: no attack
// may confirm a request or enable a partner, and the legitimate
// confirmations among them are counted. A few legitimate forms must
// confirm, so that the count of 0 cannot come from a generator that never
// reaches the confirming path.
func TestConfirmAttacks(t *testing.T) {
	mustConfirm := []string{"who/exact/plain", "who/exact/html", "where/part alternative agreeing", "timing/a minute before expiry"}
	var attacks, attacksConfirmed, legit, legitConfirmed int
	var missed []string
	for _, a := range confirmAttacks() {
		name := a.family + "/" + a.name
		t.Run(name, func(t *testing.T) {
			c := newConfirmEnv(t)
			s := &attackState{r: c.held()}
			s.code, s.reply = c.offers[s.r.ID].Code, c.replyOf[s.r.ID]
			if a.two {
				s.r2 = c.heldBy(heldAdd2)
				s.code2, s.reply2 = c.offers[s.r2.ID].Code, c.replyOf[s.r2.ID]
			}
			if a.prep != nil {
				a.prep(c, s)
			}
			before, enabled := c.confirmations(), c.enabled("prop-pines")
			a.send(c, s)
			after, nowEnabled := c.confirmations(), c.enabled("prop-pines")
			got := func(id string) bool { return id != "" && after[id] > before[id] }

			for _, want := range []struct {
				id    string
				legit bool
			}{{s.r.ID, a.legit}, {s.r2.ID, a.legit2}} {
				if want.id == "" {
					continue
				}
				if want.legit {
					legit++
					if got(want.id) {
						legitConfirmed++
					} else {
						missed = append(missed, fmt.Sprintf("%s (%v)", name, c.refusals(want.id)))
					}
					continue
				}
				attacks++
				if got(want.id) {
					attacksConfirmed++
					t.Errorf("attack confirmed request %s", want.id)
				}
			}
			if !a.legit && !a.legit2 {
				for _, p := range nowEnabled {
					if !slices.Contains(enabled, p) {
						t.Errorf("attack enabled %s on The Pines", p)
					}
				}
			}
			if slices.Contains(mustConfirm, name) && !got(s.r.ID) {
				t.Errorf("legitimate confirmation did not confirm: refusals %v", c.refusals(s.r.ID))
			}
			c.verify()
		})
	}
	t.Logf("legitimate confirmations not confirmed: %s", strings.Join(missed, "; "))
	fmt.Printf("confirm attacks: %d generated, %d confirmed; legitimate: %d generated, %d confirmed\n",
		attacks, attacksConfirmed, legit, legitConfirmed)
	if attacksConfirmed != 0 {
		t.Errorf("%d attacks confirmed a request, want 0", attacksConfirmed)
	}
}

// heldBy receives text from maria as a new message and returns its
// request, held with a code offered.
func (c *confirmEnv) heldBy(text string) approvals.Request {
	c.t.Helper()
	res := c.receiveRaw(c.raw("maria@pines.example", "", text+"\n\nThanks,\nMaria"))
	if len(res.Requests) != 1 || !approvals.Confirmable(&res.Requests[0]) {
		c.t.Fatalf("held request: %+v, want one confirmable", res.Requests)
	}
	if _, ok := c.offers[res.Requests[0].ID]; !ok {
		c.t.Fatalf("no code offered for %s", res.Requests[0].ID)
	}
	return res.Requests[0]
}

// confirmations counts the request.confirmed entries by request.
func (c *confirmEnv) confirmations() map[string]int {
	out := map[string]int{}
	for _, en := range c.entries(approvals.EntryRequestConfirm) {
		out[en.Subject]++
	}
	return out
}
