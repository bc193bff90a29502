package parser

import (
	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"

	"intake/parser/internal/header"
)

// readMeta sets the message's MessageID, Subject, Date, Received, To, Cc
// and Auto from the top-level header h and the MIME tree env
// (header.ReadMeta).
func readMeta(m *Message, h textproto.Header, env *enmime.Envelope) {
	meta := header.ReadMeta(h, env)
	m.MessageID, m.Subject, m.Date, m.Received = meta.MessageID, meta.Subject, meta.Date, meta.Received
	m.To, m.Cc, m.Auto = meta.To, meta.Cc, meta.Auto
}
