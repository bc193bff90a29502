package ingest

import (
	"context"

	"intake/parser"
)

// ProveSender lets intake's own DKIM verification prove the sender of m
// (docs/behaviour.md, sender identity, auth.verify_dkim) when the pipeline has a verifier and
// MayProve(&m.Identity). A passing verdict sets Authenticated and replaces
// Evidence; a failing one is appended to Evidence. raw is the message m
// was parsed from; a nil m is left alone.
func (p *Pipeline) ProveSender(ctx context.Context, raw []byte, m *parser.Message) {
	if p.cfg.DKIM == nil || m == nil || !MayProve(&m.Identity) {
		return
	}
	id := &m.Identity
	r := p.cfg.DKIM.Verify(ctx, raw, id.FromDomain)
	if !r.Pass {
		id.Evidence += "; " + r.Evidence
		return
	}
	id.Authenticated, id.Evidence = true, r.Evidence
}

// MayProve reports whether intake's own DKIM verdict may decide id: its
// identity is sound but unproven (one From mailbox, no Sender or header
// problem, no forged Authentication-Results below the top), and no
// trusted Authentication-Results header could not be read or holds a
// dmarc result against the From domain. Disagreement never proves.
func MayProve(id *parser.Identity) bool {
	switch {
	case id.Authenticated, id.From == "", id.FromDomain == "", id.FromProblem != "",
		id.SenderProblem != "", id.HeaderProblem != "", id.ForgedBelow:
		return false
	case id.Trusted && (id.AuthError != "" || dmarcAgainst(id.DMARC)):
		return false
	}
	return true
}

// dmarcAgainst reports a dmarc result for the From domain that is neither
// pass nor inconclusive (none, temperror, permerror: RFC 7489 section 11.2).
func dmarcAgainst(r parser.AuthResult) bool {
	switch r.Value {
	case "", "pass", "none", "temperror", "permerror":
		return false
	}
	return r.Aligned
}
