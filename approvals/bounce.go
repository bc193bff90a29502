package approvals

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// maxBounceParts bounds the parts of a bounce read for the returned
// message's Message-ID: a delivery report has three.
const maxBounceParts = 16

// recordBounce recognises in a message just recorded a bounce of one of
// our replies, and marks each reply it names bounced, with a
// reply.bounced ledger entry, in tx: the transaction that records the
// message. The message is decided as any other (the reply guard never
// answers a report). A message that is no bounce, or names no reply of
// ours, changes nothing; a reply already marked keeps its first bounce.
func (s *Service) recordBounce(tx Tx, res *Result, in Inbound) error {
	if res.Known || res.Message.Outcome == OutcomeDuplicate || res.Message.ID == "" {
		return nil
	}
	for _, id := range bounceRefs(in.Raw) {
		o, err := tx.OutboundByMessageID(id)
		if ErrorCode(err) == ENOTFOUND {
			continue
		}
		if err != nil {
			return fmt.Errorf("find bounced reply <%s>: %w", id, err)
		}
		if !o.BouncedAt.IsZero() {
			continue
		}
		o.BouncedAt, o.Bounce = s.now(), res.Message.ID
		if err := tx.MarkBounced(o); err != nil {
			return fmt.Errorf("mark reply %s bounced: %w", o.ID, err)
		}
		ev := ReplyEvent{ID: o.ID, Message: o.Source, MessageID: o.MessageID, To: o.To, Kind: o.Kind,
			Status: o.Status, Attempts: o.Attempts, Error: o.LastError, Bounce: res.Message.ID}
		if err := s.appendEntry(tx, EntryReplyBounced, ActorIntake, o.ID, ev); err != nil {
			return err
		}
	}
	return nil
}

// bounceRefs returns the Message-IDs (without angle brackets) a bounce
// names: its In-Reply-To and References, and the Message-ID of each
// returned message/rfc822 or text/rfc822-headers part (RFC 3464 section
// 2). It returns nil when raw is no bounce: neither a delivery report
// (multipart/report; report-type=delivery-status) nor from MAILER-DAEMON
// nor with an empty Return-Path. A part it cannot read ends the search.
func bounceRefs(raw []byte) []string {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil
	}
	h := mail.Header{Header: e.Header}
	if !isBounce(h) {
		return nil
	}
	var ids []string
	for _, key := range []string{"In-Reply-To", "References"} {
		if l, err := h.MsgIDList(key); err == nil {
			ids = append(ids, l...)
		}
	}
	return append(ids, returnedIDs(e)...)
}

// isBounce reports whether h is the header of a delivery report, of a
// message from MAILER-DAEMON, or of one with an empty Return-Path (the
// null reverse-path of RFC 5321 section 4.5.5).
func isBounce(h mail.Header) bool {
	if mt, params, err := h.ContentType(); err == nil && mt == "multipart/report" &&
		strings.EqualFold(params["report-type"], "delivery-status") {
		return true
	}
	if h.Has("Return-Path") && strings.TrimSpace(h.Get("Return-Path")) == "<>" {
		return true
	}
	from, err := h.AddressList("From")
	if err != nil {
		return false
	}
	for _, a := range from {
		if local, _, ok := strings.Cut(a.Address, "@"); ok && strings.EqualFold(local, "mailer-daemon") {
			return true
		}
	}
	return false
}

// returnedIDs walks e's parts, nested multiparts included, and returns the
// Message-ID of each returned message or returned header.
func returnedIDs(e *message.Entity) []string {
	var ids []string
	seen := 0
	// An unreadable part ends the walk, by design (see bounceRefs): the
	// IDs read before it still count, so the error is not needed.
	_ = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil {
			return err
		}
		if seen++; seen > maxBounceParts {
			return errStopWalk
		}
		mt, _, _ := part.Header.ContentType()
		if mt != "message/rfc822" && mt != "text/rfc822-headers" && mt != "message/global" {
			return nil
		}
		th, err := textproto.ReadHeader(bufio.NewReader(io.LimitReader(part.Body, 1<<20)))
		if err != nil {
			return nil // a truncated returned header names nothing
		}
		if id, err := (&mail.Header{Header: message.Header{Header: th}}).MessageID(); err == nil && id != "" {
			ids = append(ids, id)
		}
		return nil
	})
	return ids
}

// errStopWalk ends returnedIDs' walk at maxBounceParts.
var errStopWalk = errors.New("too many parts")
