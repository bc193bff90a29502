package main

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
	"intake/internal/smtptest"
)

// demoConfirm answers the reply that offered a confirmation code as its
// sender would (docs/replies.md, confirmation by reply): the code, read
// from the relay's copy, on a line of its own above the quoted reply,
// proven by mx.door.com. The answer is decided as any message, and the
// reply to it delivered and shown.
func demoConfirm(e *env, b *backend, d *relay, srv *smtptest.Server) error {
	out, err := b.svc.Outbox(e.ctx, "")
	if err != nil {
		return err
	}
	i := slices.IndexFunc(out, func(o approvals.Outbound) bool { return o.Kind == "confirm" })
	if i < 0 {
		return fmt.Errorf("demo: no reply offered a confirmation code")
	}
	offer := out[i]
	sent := slices.IndexFunc(srv.Messages(), func(m smtptest.Message) bool {
		h, err := readReplyHeader(m.Data)
		if err != nil {
			return false
		}
		id, err := h.MessageID()
		return err == nil && id == offer.MessageID
	})
	if sent < 0 {
		return fmt.Errorf("demo: the relay did not receive reply %s", offer.ID)
	}
	raw, code, err := demoAnswer(srv.Messages()[sent].Data, offer)
	if err != nil {
		return fmt.Errorf("demo: answer reply %s: %w", offer.ID, err)
	}
	fmt.Fprintf(e.stdout, "Reply %s offered %s a code. The manager answers it with the code %s on a line of its own, above the quoted reply:\n",
		offer.ID, clean(offer.To), code)
	res, err := b.pipe.ReceiveRaw(e.ctx, "demo:confirm", raw)
	if err != nil {
		return err
	}
	for _, r := range res.Requests {
		fmt.Fprintf(e.stdout, "  request %s, %s: now %s%s, confirmed by %s\n",
			r.ID, describe(string(r.Action), r.Partner, r.Property), r.Status, reasonSuffix(r.Reason), clean(r.DecidedBy))
	}
	return demoDeliver(e, b, d, srv, 1)
}

// demoDeliver delivers the due replies to the demo's relay, as serve's
// sender loop does, and prints the first lines of each one it receives.
func demoDeliver(e *env, b *backend, d *relay, srv *smtptest.Server, lines int) error {
	before := len(srv.Messages())
	if _, err := b.svc.DeliverDue(e.ctx, d, 0); err != nil {
		return fmt.Errorf("demo: deliver replies: %w", err)
	}
	for _, m := range srv.Messages()[before:] {
		text, err := replyText(m.Data, lines)
		if err != nil {
			return fmt.Errorf("demo: read reply: %w", err)
		}
		fmt.Fprintf(e.stdout, "\nThe reply to %s:\n", clean(strings.Join(m.To, ", ")))
		for _, l := range text {
			fmt.Fprintf(e.stdout, "  | %s\n", clean(l))
		}
	}
	return nil
}

// demoAnswer returns the sender's answer to the relayed reply raw (the
// outbox row o), threaded under it, and the code it carries.
func demoAnswer(raw []byte, o approvals.Outbound) ([]byte, string, error) {
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	p, err := r.NextPart()
	if err != nil {
		return nil, "", fmt.Errorf("read text: %w", err)
	}
	var code string
	quoted := strings.Builder{}
	sc := bufio.NewScanner(p.Body)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if len(l) == approvals.CodeLen && strings.Trim(l, approvals.CodeAlphabet) == "" {
			code = l
		}
		quoted.WriteString(strings.TrimSpace("> "+sc.Text()) + "\r\n")
	}
	if err := sc.Err(); err != nil || code == "" {
		return nil, "", fmt.Errorf("no code on a line of its own (%v)", err)
	}
	domain := o.To[strings.LastIndexByte(o.To, '@')+1:]
	var h mail.Header
	h.Set("Authentication-Results", "mx.door.com; dmarc=pass header.from="+domain)
	h.SetAddressList("From", []*mail.Address{{Address: o.To}})
	h.SetAddressList("To", []*mail.Address{{Address: "integrations@door.com"}})
	h.SetSubject(o.Subject)
	h.SetDate(time.Now())
	h.SetMessageID("demo-confirm@" + domain)
	h.SetMsgIDList("In-Reply-To", []string{o.MessageID})
	h.SetMsgIDList("References", []string{o.MessageID})
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	var buf bytes.Buffer
	w, err := mail.CreateSingleInlineWriter(&buf, h)
	if err != nil {
		return nil, "", err
	}
	fmt.Fprintf(w, "%s\r\n\r\nOn %s, DOOR wrote:\r\n%s", code, time.Now().Format(time.RFC1123Z), quoted.String())
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), code, nil
}
