package ingest

import (
	"bufio"
	"bytes"
	"slices"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// Thread returns the msg-ids of raw's In-Reply-To and References fields
// (RFC 5322 section 3.6.4), without angle brackets or repeats: the
// replies a message answers, for confirmation by reply. A header that
// does not parse, or a field that is not a msg-id list, gives none.
func Thread(raw []byte) []string {
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil
	}
	h := mail.Header{Header: message.Header{Header: th}}
	var out []string
	for _, field := range []string{"In-Reply-To", "References"} {
		ids, err := h.MsgIDList(field)
		if err != nil {
			continue
		}
		for _, id := range ids {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}
