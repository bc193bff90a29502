package replies

import (
	"time"

	"intake/approvals"
)

// Input is what a reply is composed from: one message's decision result
// and the facts of the message that the result does not keep.
type Input struct {
	// Result is the message's record and its decided requests.
	Result approvals.Result
	// Thread holds the message's threading headers.
	Thread Thread
	// Marks holds the message's marks of automatic or list mail.
	Marks Marks
	// Deadlines maps the id of each waiting removal to when it expires
	// (approvals.Service.Deadline); a waiting request without one is
	// described without a date.
	Deadlines map[string]time.Time
	// Now is the Date of the reply and the clock auth.max_age is
	// measured on; a zero Now skips that measure.
	Now time.Time
}

// Thread is the threading headers of the message answered (RFC 5322
// section 3.6.4). MessageID and References are msg-ids without angle
// brackets.
type Thread struct {
	MessageID  string
	References []string
	Subject    string
}

// Marks are the signs that a message was sent by a program or to a list
// (RFC 3834 section 2). Any non-zero field means no reply.
type Marks struct {
	// Auto is parser.Message.Auto: Auto-Submitted other than "no",
	// Precedence bulk, junk or list, or a delivery-status report.
	Auto string
	// ListID is the List-Id header (RFC 2919).
	ListID string
	// Report is the report-type of a multipart/report (RFC 6522):
	// "delivery-status" for a DSN, "disposition-notification" for an MDN.
	Report string
	// EmptyReturnPath reports a known, empty Return-Path (<>), the
	// envelope sender of a bounce (RFC 5321 section 4.5.5).
	EmptyReturnPath bool
}

// automatic returns the first mark found, "" when there is none.
func (m Marks) automatic() string {
	switch {
	case m.Auto != "":
		return m.Auto
	case m.ListID != "":
		return "List-Id " + clean(m.ListID)
	case m.Report != "":
		return "a " + clean(m.Report) + " report"
	case m.EmptyReturnPath:
		return "an empty Return-Path"
	}
	return ""
}
