package replies

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// ReadHeader returns the threading headers and the list and bounce marks
// of the raw message (RFC 5322, RFC 2919, RFC 6522). Marks.Auto, which
// the parser decides, is left empty, except when the header cannot be
// read: then it says so, since without a header there is nothing to
// thread under and no way to see the marks, and no reply is sent.
func ReadHeader(raw []byte) (Thread, Marks) {
	h, err := readHeader(raw)
	if err != nil {
		return Thread{}, Marks{Auto: fmt.Sprintf("unreadable header: %v", err)}
	}
	var t Thread
	t.MessageID, _ = h.MessageID()
	t.Subject, _ = h.Subject()
	if refs, err := h.MsgIDList("References"); err == nil {
		t.References = refs
	}
	m := Marks{ListID: h.Get("List-Id")}
	if mt, params, err := h.ContentType(); err == nil && mt == "multipart/report" {
		m.Report = params["report-type"]
	}
	if h.Has("Return-Path") && strings.TrimSpace(h.Get("Return-Path")) == "<>" {
		m.EmptyReturnPath = true
	}
	return t, m
}

// readHeader reads the header of the raw message.
func readHeader(raw []byte) (mail.Header, error) {
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return mail.Header{}, fmt.Errorf("read header: %w", err)
	}
	return mail.Header{Header: message.Header{Header: th}}, nil
}

// under returns the Thread of a reply that follows the earlier reply
// prev (a whole message, as stored in the outbox): a reply to prev, so
// that its References are prev's References and Message-ID (RFC 5322
// section 3.6.4), and its subject prev's.
func under(prev []byte) (Thread, error) {
	h, err := readHeader(prev)
	if err != nil {
		return Thread{}, fmt.Errorf("earlier reply: %w", err)
	}
	var t Thread
	if t.MessageID, err = h.MessageID(); err != nil {
		return Thread{}, fmt.Errorf("earlier reply Message-ID: %w", err)
	}
	if t.MessageID == "" {
		return Thread{}, fmt.Errorf("earlier reply: no Message-ID")
	}
	if t.References, err = h.MsgIDList("References"); err != nil {
		return Thread{}, fmt.Errorf("earlier reply References: %w", err)
	}
	if t.Subject, err = h.Subject(); err != nil {
		return Thread{}, fmt.Errorf("earlier reply Subject: %w", err)
	}
	return t, nil
}
