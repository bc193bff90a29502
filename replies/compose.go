package replies

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
)

// Options configure a Composer.
type Options struct {
	// From is the address replies are sent from; its domain is the
	// domain of their Message-IDs. Required.
	From string
	// Own are intake's other addresses (the inbox ones); no reply goes
	// to them, nor to From.
	Own []string
	// MaxAge is auth.max_age: no reply to a message received longer ago.
	// Zero means no limit.
	MaxAge time.Duration
	// Templates are the parsed templates; nil means the embedded ones.
	Templates *Templates
	// NewID returns the unique part of a reply's Message-ID; nil means
	// 128 random bits as text.
	NewID func() string
}

// Composer composes replies. Compose may be called from several
// goroutines at once.
type Composer struct {
	opt    Options
	domain string
}

// NewComposer returns a Composer. It returns an error when opt.From is
// not an address or the embedded templates do not load.
func NewComposer(opt Options) (*Composer, error) {
	a, err := mail.ParseAddress(opt.From)
	if err != nil || a.Address != opt.From {
		return nil, fmt.Errorf("reply from address %q: not a plain address", opt.From)
	}
	_, domain, _ := strings.Cut(opt.From, "@")
	if opt.Templates == nil {
		if opt.Templates, err = LoadTemplates(""); err != nil {
			return nil, err
		}
	}
	if opt.NewID == nil {
		opt.NewID = randomID
	}
	return &Composer{opt: opt, domain: domain}, nil
}

// Reply is one composed reply, ready to send.
type Reply struct {
	To string
	// MessageID is the reply's own Message-ID, without angle brackets.
	// It is fixed here, so that a resend of the stored reply is
	// recognised as the same message.
	MessageID string
	Subject   string
	Kind      Kind
	Date      time.Time
	// Text is the body as composed; Raw the whole message (RFC 5322).
	Text string
	Raw  []byte
}

// Compose returns the reply to in, or, when none may be sent, a NoReply
// saying why. It returns an error only when a request has a status no
// reply describes or a template fails.
func (c *Composer) Compose(in Input) (*Reply, *NoReply, error) {
	if nr := guard(in, c.opt); nr != nil {
		return nil, nr, nil
	}
	var items []Item
	for _, r := range in.Result.Requests {
		it, err := newItem(r, in.Deadlines[r.ID])
		if err != nil {
			return nil, nil, fmt.Errorf("compose reply to message %s: %w", in.Result.Message.ID, err)
		}
		if of, ok := in.Result.Offers[r.ID]; ok && it.Kind == KindPending {
			it.offer(of)
		}
		items = append(items, it)
	}
	text, err := c.opt.Templates.render("", items)
	if err != nil {
		return nil, nil, fmt.Errorf("compose reply to message %s: %w", in.Result.Message.ID, err)
	}
	r := &Reply{To: in.Result.Message.Sender, MessageID: c.opt.NewID() + "@" + c.domain,
		Subject: replySubject(in.Thread.Subject), Kind: replyKind(items), Date: in.Now, Text: wrap(text)}
	if r.Raw, err = c.build(r, in.Thread); err != nil {
		return nil, nil, fmt.Errorf("compose reply to message %s: %w", in.Result.Message.ID, err)
	}
	return r, nil, nil
}

// build returns the whole message of r, threaded under t.
func (c *Composer) build(r *Reply, t Thread) ([]byte, error) {
	var h mail.Header
	h.SetAddressList("From", []*mail.Address{{Address: c.opt.From}})
	h.SetAddressList("To", []*mail.Address{{Address: r.To}})
	h.SetSubject(r.Subject)
	h.SetDate(r.Date)
	h.SetMessageID(r.MessageID)
	if t.MessageID != "" {
		h.SetMsgIDList("In-Reply-To", []string{t.MessageID})
	}
	if refs := references(t); len(refs) > 0 {
		h.SetMsgIDList("References", refs)
	}
	h.Set("Auto-Submitted", "auto-replied")
	h.Set("X-Auto-Response-Suppress", "All")
	h.Set("MIME-Version", "1.0")
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var b bytes.Buffer
	w, err := mail.CreateSingleInlineWriter(&b, h)
	if err != nil {
		return nil, fmt.Errorf("write reply header: %w", err)
	}
	if _, err := w.Write([]byte(strings.ReplaceAll(r.Text, "\n", "\r\n"))); err != nil {
		return nil, fmt.Errorf("write reply body: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("write reply body: %w", err)
	}
	return b.Bytes(), nil
}

// references returns the References of a reply under t: t's References
// followed by its Message-ID, without repeats (RFC 5322 section 3.6.4).
func references(t Thread) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range append(append([]string{}, t.References...), t.MessageID) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// replySubject returns "Re: " and subject, cleaned, unless subject
// already starts with "Re:" in any case (RFC 5322 section 3.6.5).
func replySubject(subject string) string {
	s := strings.TrimSpace(clean(subject))
	if s == "" {
		return "Re: your partner access request"
	}
	if len(s) >= 3 && strings.EqualFold(s[:3], "re:") {
		return s
	}
	return "Re: " + s
}

// randomID returns 128 random bits as text (crypto/rand.Text).
func randomID() string { return strings.ToLower(rand.Text()) }

// Outbound returns r as an outbox row to queue; the outbox sets its id,
// source, status and times.
func (r *Reply) Outbound() *approvals.Outbound {
	return &approvals.Outbound{MessageID: r.MessageID, To: r.To, Subject: r.Subject, Body: r.Raw, Kind: string(r.Kind)}
}
