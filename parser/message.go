package parser

import (
	"time"

	"intake/parser/internal/grammar"
	"intake/parser/internal/header"
	"intake/parser/internal/model"
)

// A Message is what Parse reads from one raw message.
type Message struct {
	// MessageID is the Message-ID without angle brackets, or "" when absent.
	MessageID string
	// Subject is the decoded Subject header.
	Subject string
	// Date is the parsed Date header; zero when absent or unparseable.
	Date time.Time
	// Received is the date of the topmost Received header (the one added
	// by the last hop); zero when there is none or it has no date.
	Received time.Time
	// To and Cc are the lowercased addresses of the To and Cc headers.
	// Unparseable entries are skipped.
	To, Cc []string
	// Identity holds the sender identity facts (docs/behaviour.md, sender identity).
	Identity Identity
	// Auto is non-empty when the message is auto-generated (RFC 3834
	// Auto-Submitted other than "no", Precedence bulk/junk/list, or a
	// delivery-status report); it names the marker found.
	Auto string
	// Body is the visible new text the requests were read from.
	Body Body
	// Requests are the requests found in Body.Text.
	Requests []Statement
	// HTML is the reading of the visible text of the text/html
	// alternative when the message also has text/plain; nil otherwise.
	HTML *Reading
	// Doubts are the reasons intake cannot be sure that the requests it
	// read are what the sender's reader shows and what the sender meant
	// (docs/phrasings.md); empty when it can. A request of a message with
	// doubts is never applied on its own.
	Doubts []Doubt
	// Mismatch reports that the text/plain and visible HTML readings
	// yield different requests (see Statement.Key), or that the message
	// has requests and alternatives the readings do not cover: two
	// text/plain or two text/html alternatives, or a text/enriched one.
	Mismatch bool
}

// Body is the visible new text of a message; see model.Body for its
// fields.
type Body = model.Body

// A Doubt is one reason intake cannot be sure of a message's requests;
// see model.Doubt for its fields.
type Doubt = model.Doubt

// DoubtKind says which reason a doubt gives a request (docs/decisions.md).
type DoubtKind = model.DoubtKind

// The kinds of doubt.
const (
	// DoubtUnverified: intake cannot verify that the text is what the
	// sender's reader shows (unverified_content).
	DoubtUnverified = model.DoubtUnverified
	// DoubtHeld: the sender wrote something that may hold, cancel,
	// correct or condition the request (held_by_sender).
	DoubtHeld = model.DoubtHeld
)

// A Reading is an alternative body and the requests read from it.
type Reading struct {
	Body     Body
	Requests []Statement
}

// Action is the kind of change a request asks for.
type Action = grammar.Action

// The actions.
const (
	ActionAdd    = grammar.ActionAdd
	ActionRemove = grammar.ActionRemove
)

// A Statement is one sentence (or one form) that makes a request; see
// grammar.Statement for its fields.
type Statement = grammar.Statement

// A Split is one way of reading a statement's names; see grammar.Split.
type Split = grammar.Split

// A Pair is one request: one partner and one property, as written.
type Pair = grammar.Pair

// Pairs returns the requests of all the message's statements, in order.
func (m *Message) Pairs() []Pair {
	var pairs []Pair
	for _, s := range m.Requests {
		pairs = append(pairs, s.Pairs()...)
	}
	return pairs
}

// Identity holds the facts about who sent a message (docs/behaviour.md, sender identity); see
// header.Identity for its fields.
type Identity = header.Identity

// An AuthResult is one method's result from an Authentication-Results
// header; see header.AuthResult for its fields.
type AuthResult = header.AuthResult
