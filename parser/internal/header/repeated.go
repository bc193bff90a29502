package header

import (
	"fmt"

	"github.com/emersion/go-message/textproto"
)

// singularFields are the top-level fields that RFC 5322 section 3.6 (and
// RFC 2045 for the MIME ones) allows at most once, besides From and
// Sender, which readFrom and readSender check themselves.
var singularFields = []string{
	"Date", "To", "Cc", "Bcc", "Reply-To", "Message-ID", "In-Reply-To", "References", "Subject",
	"MIME-Version", "Content-Type", "Content-Transfer-Encoding",
}

// readRepeated sets HeaderProblem when one of singularFields appears more
// than once. A DKIM verifier checks the bottom-most instance of each signed
// field (RFC 6376 section 5.4.2), while intake reads the first: a fresh
// Date, an inbox To or a new Message-ID added on top of a replayed, signed
// message passes the MTA's dkim=pass unseen. The proof then covers a
// different header from the one intake would act on, so it proves nothing.
func readRepeated(id *Identity, h textproto.Header) {
	for _, k := range singularFields {
		if n := len(h.Values(k)); n > 1 {
			id.HeaderProblem = fmt.Sprintf("%d %s headers", n, k)
			return
		}
	}
}
