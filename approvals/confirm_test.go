package approvals_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/ingest"
	"intake/parser"
)

// heldAdd is a request held_by_sender: the condition is for staff, or
// for the sender to confirm.
const heldAdd = "We give DOOR permission to add Parcel Pal to The Pines once the lease is signed."

// confirmEnv is an env whose service queues a reply to every message,
// recording the codes each reply offered.
type confirmEnv struct {
	*env
	offers  map[string]approvals.Offer // by request id
	replyOf map[string]string          // request id → Message-ID of the reply that offered its code
	replies int
}

func newConfirmEnv(t *testing.T) *confirmEnv {
	c := &confirmEnv{env: newEnv(t, approvals.PolicyAuto), offers: map[string]approvals.Offer{}, replyOf: map[string]string{}}
	c.svc = approvals.NewService(c.db, approvals.Config{Addresses: []string{inbox}, Now: c.clock,
		Reply: func(res *approvals.Result, in approvals.Inbound) (*approvals.Outbound, error) {
			c.replies++
			id := fmt.Sprintf("reply-%d@door.com", c.replies)
			for rid, of := range res.Offers {
				c.offers[rid], c.replyOf[rid] = of, id
			}
			return &approvals.Outbound{MessageID: id, To: cmp.Or(res.Message.Sender, "unknown@test.example"), Subject: "Re: " + in.Parsed.Subject,
				Body: []byte("reply\r\n"), Kind: "test"}, nil
		}})
	return c
}

// raw returns a proven, fresh message from sender answering inReplyTo
// ("" for none), with the plain body.
func (c *confirmEnv) raw(sender, inReplyTo, body string) []byte {
	c.seq++
	var b strings.Builder
	fmt.Fprintf(&b, "From: <%s>\r\nTo: %s\r\nSubject: Re: Partner access\r\n", sender, inbox)
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <m-%d@test.example>\r\n", c.now.Add(-time.Hour).Format(time.RFC1123Z), c.seq)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\nReferences: <first@test.example> <%s>\r\n", inReplyTo, inReplyTo)
	}
	fmt.Fprintf(&b, "Authentication-Results: mx.door.com; dmarc=pass header.from=%s\r\n", sender[strings.IndexByte(sender, '@')+1:])
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

// receiveRaw parses raw as ingest does and receives it.
func (c *confirmEnv) receiveRaw(raw []byte) *approvals.Result {
	c.t.Helper()
	m, err := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: "mx.door.com"})
	if err != nil {
		c.t.Fatalf("parse: %v", err)
	}
	res, err := c.svc.Receive(c.ctx, approvals.Inbound{Raw: raw, Parsed: m, ReceivedAt: c.now,
		Source: "file:test", Thread: ingest.Thread(raw), TextOnly: ingest.TextOnly(raw)})
	if err != nil {
		c.t.Fatalf("Receive: %v", err)
	}
	return res
}

// held receives heldAdd from maria and returns its request, pending with
// a code offered.
func (c *confirmEnv) held() approvals.Request {
	c.t.Helper()
	res := c.receiveRaw(c.raw("maria@pines.example", "", heldAdd+"\n\nThanks,\nMaria"))
	if len(res.Requests) != 1 {
		c.t.Fatalf("got %d requests, want 1", len(res.Requests))
	}
	r := res.Requests[0]
	if r.Status != approvals.StatusPending || r.Reason != approvals.ReasonHeldBySender {
		c.t.Fatalf("held request: %s %s, want pending held_by_sender", r.Status, r.Reason)
	}
	if _, ok := c.offers[r.ID]; !ok {
		c.t.Fatalf("no code offered for %s", r.ID)
	}
	return r
}

// answer is a reply to the code's reply with own text first and our
// reply quoted below.
func answer(own, code string) string {
	return own + "\n\nOn Mon, 10 Mar 2025 at 11:00, DOOR <integrations@door.com> wrote:\n" +
		"> Reply with this code on a line of its own:\n>\n>    " + code + "\n"
}

// refusals returns the refusals recorded about request id, in order.
func (c *confirmEnv) refusals(id string) []approvals.Refusal {
	c.t.Helper()
	var out []approvals.Refusal
	for _, en := range c.entries(approvals.EntryConfirmRefused) {
		var ev approvals.ConfirmEvent
		if err := json.Unmarshal(en.Data, &ev); err != nil {
			c.t.Fatal(err)
		}
		if ev.Request == id {
			out = append(out, ev.Refusal)
		}
	}
	return out
}

// entries returns the ledger entries of kind, oldest first.
func (c *confirmEnv) entries(kind approvals.EntryKind) []approvals.Entry {
	c.t.Helper()
	all, err := c.db.Entries(c.ctx, 0, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	var out []approvals.Entry
	for _, en := range all {
		if en.Kind == kind {
			out = append(out, en)
		}
	}
	return out
}

func TestConfirmApplies(t *testing.T) {
	c := newConfirmEnv(t)
	r := c.held()
	code := c.offers[r.ID].Code
	if len(code) != approvals.CodeLen || strings.Trim(code, approvals.CodeAlphabet) != "" {
		t.Fatalf("code %q is not %d symbols of the code alphabet", code, approvals.CodeLen)
	}
	err := c.db.View(c.ctx, func(tx approvals.Tx) error {
		cs, err := tx.ConfirmationsByReply([]string{c.replyOf[r.ID]})
		if err != nil {
			return err
		}
		if len(cs) != 1 || cs[0].CodeHash != approvals.CodeHash(code) || cs[0].Sender != "maria@pines.example" ||
			cs[0].Request != r.ID || !cs[0].ExpiresAt.Equal(c.now.Add(approvals.DefaultConfirmTTL)) {
			t.Errorf("stored confirmations = %+v", cs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	res := c.receiveRaw(c.raw("Maria@Pines.example", c.replyOf[r.ID], answer(strings.ToLower(code)+"\n\n"+code+"\n\nThanks,\nMaria Lopez\n\nSent from my iPhone", code)))
	if res.Message.Outcome != approvals.OutcomeNoRequest || len(res.Requests) != 1 || res.Requests[0].ID != r.ID {
		t.Fatalf("confirming message: %s with %+v, want no_request with %s", res.Message.Outcome, res.Requests, r.ID)
	}
	got := c.request(r.ID)
	if got.Status != approvals.StatusApplied || got.DecidedBy != "maria@pines.example" {
		t.Errorf("after confirmation: %s %s by %q, want applied by maria@pines.example", got.Status, got.Reason, got.DecidedBy)
	}
	if i := slices.IndexFunc(got.Checks, func(ch approvals.Check) bool { return ch.Name == approvals.CheckIntent }); i < 0 ||
		!got.Checks[i].OK || !strings.Contains(got.Checks[i].Detail, "confirmed by maria@pines.example") {
		t.Errorf("intent check after confirmation: %+v", got.Checks)
	}
	if !slices.Contains(c.enabled("prop-pines"), "p-parcel") {
		t.Errorf("Parcel Pal not enabled on The Pines: %v", c.enabled("prop-pines"))
	}
	confirmed := c.entries(approvals.EntryRequestConfirm)
	if len(confirmed) != 1 || confirmed[0].Actor != "maria@pines.example" || confirmed[0].Subject != r.ID {
		t.Errorf("request.confirmed entries = %+v", confirmed)
	}
	items, err := c.svc.Queue(c.ctx, approvals.RequestFilter{MessageID: res.Message.ID})
	if err != nil || len(items) != 0 {
		t.Errorf("review items of the confirming message = %+v, %v; want none", items, err)
	}
	if _, ok := c.offers[r.ID]; !ok || len(c.refusals(r.ID)) != 0 {
		t.Errorf("refusals = %v, want none", c.refusals(r.ID))
	}
	c.verify()
}

// TestConfirmRefused: every reply that must not confirm leaves the
// request pending (or as staff left it), records why, and enables
// nothing.
func TestConfirmRefused(t *testing.T) {
	const maria, olu = "maria@pines.example", "olu@westside.example"
	tests := []struct {
		name string
		// send receives the refused reply to r, whose code is code.
		send   func(c *confirmEnv, r approvals.Request, code string)
		status approvals.Status
		want   approvals.Refusal
	}{
		{"wrong code", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(otherCode(code), code)))
		}, approvals.StatusPending, approvals.RefusalWrongCode},
		{"another sender", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(olu, c.replyOf[r.ID], answer(code, code)))
		}, approvals.StatusPending, approvals.RefusalOtherSender},
		{"after expiry", func(c *confirmEnv, r approvals.Request, code string) {
			c.now = c.now.Add(approvals.DefaultConfirmTTL + time.Minute)
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code, code)))
		}, approvals.StatusPending, approvals.RefusalExpired},
		{"after staff decided", func(c *confirmEnv, r approvals.Request, code string) {
			if _, err := c.svc.Reject(c.ctx, r.ID, reviewer, "the lease is not signed"); err != nil {
				c.t.Fatal(err)
			}
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code, code)))
		}, approvals.StatusRejected, approvals.RefusalDecided},
		{"code only quoted", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer("Yes, thanks", code)))
		}, approvals.StatusPending, approvals.RefusalQuotedOnly},
		{"no code", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], "Please call me about this."))
		}, approvals.StatusPending, approvals.RefusalNoCode},
		{"outside the thread", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, "elsewhere@pines.example", code))
		}, approvals.StatusPending, approvals.RefusalOutsideThread},
		{"more than the code", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code+"\n\nBut only after Monday.", code)))
		}, approvals.StatusPending, approvals.RefusalOtherText},
		{"a postscript below the signature", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code+"\n\nMaria\n-- \nMaria Lopez\nP.S. Weekends only.", code)))
		}, approvals.StatusPending, approvals.RefusalOtherText},
		{"not addressed to the inbox", func(c *confirmEnv, r approvals.Request, code string) {
			raw := c.raw(maria, c.replyOf[r.ID], answer(code, code))
			c.receiveRaw([]byte(strings.Replace(string(raw), "To: "+inbox, "To: "+olu, 1)))
		}, approvals.StatusPending, approvals.RefusalNotAddressed},
		{"a question", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code+"\n\nIs this correct?", code)))
		}, approvals.StatusPending, approvals.RefusalOtherText},
		{"a symbol", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code+" \U0001F44E", code)))
		}, approvals.StatusPending, approvals.RefusalOtherText},
		{"a date line taken for a quote", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], answer(code+"\n\n2025-03-14\n\nMaria", code)))
		}, approvals.StatusPending, approvals.RefusalOtherText},
		{"a text attachment", func(c *confirmEnv, r approvals.Request, code string) {
			raw := c.raw(maria, c.replyOf[r.ID], code)
			raw = []byte(strings.Replace(string(raw), "Content-Type: text/plain; charset=utf-8\r\n\r\n"+code,
				"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n"+code+"\r\n--b\r\n"+
					"Content-Disposition: attachment; filename=note.txt\r\n\r\nOnly after Monday.\r\n--b--\r\n", 1))
			c.receiveRaw(raw)
		}, approvals.StatusPending, approvals.RefusalDoubt},
		{"a quote that is not the reply", func(c *confirmEnv, r approvals.Request, code string) {
			c.receiveRaw(c.raw(maria, c.replyOf[r.ID], code+"\n\nOn Monday, Olu <olu@westside.example> wrote:\n> Only after Monday."))
		}, approvals.StatusPending, approvals.RefusalOtherText},
		{"a Subject that says more", func(c *confirmEnv, r approvals.Request, code string) {
			raw := c.raw(maria, c.replyOf[r.ID], answer(code, code))
			c.receiveRaw([]byte(strings.Replace(string(raw), "Subject: Re: Partner access", "Subject: Re: Partner access - do NOT add", 1)))
		}, approvals.StatusPending, approvals.RefusalOtherText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newConfirmEnv(t)
			r := c.held()
			tt.send(c, r, c.offers[r.ID].Code)
			if got := c.request(r.ID); got.Status != tt.status {
				t.Errorf("status = %s %s, want %s", got.Status, got.Reason, tt.status)
			}
			if got := c.refusals(r.ID); !slices.Equal(got, []approvals.Refusal{tt.want}) {
				t.Errorf("refusals = %v, want [%s]", got, tt.want)
			}
			if n := len(c.entries(approvals.EntryRequestConfirm)); n != 0 {
				t.Errorf("%d request.confirmed entries, want none", n)
			}
			if slices.Contains(c.enabled("prop-pines"), "p-parcel") {
				t.Error("Parcel Pal was enabled on The Pines")
			}
			c.verify()
		})
	}
}

// otherCode returns a code of the right shape that is not code.
func otherCode(code string) string {
	if code == "ABCD2345" {
		return "ABCD2346"
	}
	return "ABCD2345"
}

// TestConfirmReplayed: a code confirms once; the same code in a later
// reply is refused as used and changes nothing.
func TestConfirmReplayed(t *testing.T) {
	c := newConfirmEnv(t)
	r := c.held()
	code := c.offers[r.ID].Code
	c.receiveRaw(c.raw("maria@pines.example", c.replyOf[r.ID], answer(code, code)))
	if got := c.request(r.ID); got.Status != approvals.StatusApplied {
		t.Fatalf("first confirmation: %s %s, want applied", got.Status, got.Reason)
	}
	before := len(c.entries(approvals.EntryDecision))
	res := c.receiveRaw(c.raw("maria@pines.example", c.replyOf[r.ID], answer(code, code)))
	if got := c.refusals(r.ID); !slices.Equal(got, []approvals.Refusal{approvals.RefusalUsed}) {
		t.Errorf("refusals = %v, want [used]", got)
	}
	// The refused reply is a message item for staff, not a new decision
	// on the request.
	if len(res.Requests) != 1 || !res.Requests[0].IsMessageItem() {
		t.Errorf("replayed confirmation's requests = %+v, want its message item", res.Requests)
	}
	if after := len(c.entries(approvals.EntryDecision)); after != before+1 {
		t.Errorf("decision entries %d → %d, want only the message item's", before, after)
	}
	c.verify()
}

// TestConfirmRechecks: a confirmation runs every other check again; a
// sender whose permission was revoked meanwhile is rejected, and nothing
// is applied.
func TestConfirmRechecks(t *testing.T) {
	c := newConfirmEnv(t)
	r := c.held()
	revoked := strings.Replace(directoryJSON, `"properties": ["prop-pines"]}`, `"properties": []}`, 1)
	d, err := approvals.DecodeDirectory(strings.NewReader(revoked))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.LoadDirectory(c.ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	code := c.offers[r.ID].Code
	c.receiveRaw(c.raw("maria@pines.example", c.replyOf[r.ID], answer(code, code)))
	got := c.request(r.ID)
	if got.Status != approvals.StatusRejected || got.Reason != approvals.ReasonNoPermission {
		t.Errorf("after confirmation: %s %s, want rejected no_permission", got.Status, got.Reason)
	}
	if slices.Contains(c.enabled("prop-pines"), "p-parcel") {
		t.Error("Parcel Pal was enabled on The Pines")
	}
	if n := len(c.entries(approvals.EntryRequestConfirm)); n != 1 {
		t.Errorf("%d request.confirmed entries, want 1 (the code is used)", n)
	}
	c.verify()
}

// TestConfirmNotOffered: a request held for a doubt that also fails
// another check (permission), or from an unproven sender, gets no code.
func TestConfirmNotOffered(t *testing.T) {
	c := newConfirmEnv(t)
	held := "We give DOOR permission to add Parcel Pal to Harbor View once the lease is signed."
	res := c.receiveRaw(c.raw("maria@pines.example", "", held))
	unproven := c.raw("maria@pines.example", "", heldAdd)
	unproven = []byte(strings.Replace(string(unproven), "dmarc=pass", "dmarc=fail", 1))
	res2 := c.receiveRaw(unproven)
	for _, r := range append(res.Requests, res2.Requests...) {
		if r.Status != approvals.StatusPending || r.Reason != approvals.ReasonHeldBySender && r.Reason != approvals.ReasonUnauthenticatedSender {
			t.Errorf("request %s: %s %s, want pending, held or unauthenticated", r.ID, r.Status, r.Reason)
		}
		if _, ok := c.offers[r.ID]; ok || approvals.Confirmable(&r) {
			t.Errorf("request %s (%s) was offered a code", r.ID, r.Reason)
		}
	}
	if n := len(c.entries(approvals.EntryConfirmOffered)); n != 0 {
		t.Errorf("%d confirm.offered entries, want none", n)
	}
}
