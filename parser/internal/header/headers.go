package header

import (
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"
)

// Meta is what the top-level header says about a message besides who
// sent it. See parser.Message for each field.
type Meta struct {
	MessageID string
	Subject   string
	Date      time.Time
	Received  time.Time
	To, Cc    []string
	Auto      string
}

// ReadMeta reads the MessageID, Subject, Date, Received, To, Cc and Auto
// of a message from the top-level header h (fields in message order) and
// the MIME tree env, which may be nil. Nothing here fails: a missing or
// malformed field leaves its zero value.
func ReadMeta(h textproto.Header, env *enmime.Envelope) Meta {
	mh := mail.Header{Header: message.Header{Header: h}}
	var m Meta
	m.MessageID = messageID(mh)
	m.Subject = subject(mh, env)
	m.Date = parseDate(h.Get("Date"))
	m.Received = receivedDate(h.Values("Received"))
	m.To = readAddressList(h.Values("To"))
	m.Cc = readAddressList(h.Values("Cc"))
	var root *enmime.Part
	if env != nil {
		root = env.Root
	}
	m.Auto = autoMarker(h, root)
	return m
}

// messageID returns the first Message-ID's msg-id without its angle
// brackets (RFC 5322 section 3.6.4). A value that is not a valid msg-id is
// kept, trimmed and stripped of surrounding brackets, so that duplicates
// are still recognised.
func messageID(h mail.Header) string {
	if id, err := h.MessageID(); err == nil {
		return id
	}
	v := strings.TrimSpace(h.Get("Message-Id"))
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">"))
}

// subject returns the Subject decoded from RFC 2047 encoded-words in any
// charset go-message knows, falling back to enmime's more lenient decoder
// when go-message cannot decode it or leaves bytes that are not UTF-8 (an
// unlabelled 8-bit Subject).
func subject(h mail.Header, env *enmime.Envelope) string {
	s, err := h.Subject()
	if (err != nil || !utf8.ValidString(s)) && env != nil {
		return env.GetHeader("Subject")
	}
	return s
}

// parseDate parses an RFC 5322 date-time (section 3.3, obsolete forms
// included); it returns the zero time when v is empty or unparseable.
//
// The usual form, "Mon, 02 Jan 2006 15:04:05 -0700", is tried first:
// net/mail tries its layouts in turn and builds an error for each that
// fails, which made dates a twentieth of the parse. A date of that form is
// one net/mail's layouts read the same way.
func parseDate(v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC1123Z, v); err == nil {
		return t
	}
	t, err := netmail.ParseDate(v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// receivedDate returns the date-time of the topmost Received field, the
// one the last hop (our MTA) added: what follows its last ';' (RFC 5322
// section 3.6.7). It is zero when there is no Received field or no date.
func receivedDate(values []string) time.Time {
	if len(values) == 0 {
		return time.Time{}
	}
	v := values[0]
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return time.Time{}
	}
	return parseDate(v[i+1:])
}
