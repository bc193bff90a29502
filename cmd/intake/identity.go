package main

import (
	"context"
	"net"

	"intake/dkimcheck"
	"intake/parser"
)

// newDKIMVerifier returns intake's own DKIM verifier when
// auth.verify_dkim is set, looking keys up in the real DNS, and nil
// otherwise.
func newDKIMVerifier(c *Config) *dkimcheck.Verifier {
	if !c.Auth.VerifyDKIM {
		return nil
	}
	return &dkimcheck.Verifier{Resolver: net.DefaultResolver}
}

// proveSender lets intake's own DKIM verification prove the sender of m
// (SPEC section 6, auth.verify_dkim) when b has a verifier and m's
// identity is sound but unproven: one From mailbox, no Sender problem, no
// forged Authentication-Results below the top, and no trusted one that
// speaks against the From domain. A passing verdict sets Authenticated and
// replaces Evidence; a failing one is appended to Evidence. raw is the
// message m was parsed from; a nil m is left alone.
func (b *backend) proveSender(ctx context.Context, raw []byte, m *parser.Message) {
	if b.dkim == nil || m == nil || !dkimMayProve(&m.Identity) {
		return
	}
	id := &m.Identity
	r := b.dkim.Verify(ctx, raw, id.FromDomain)
	if !r.Pass {
		id.Evidence += "; " + r.Evidence
		return
	}
	id.Authenticated, id.Evidence = true, r.Evidence
}

// dkimMayProve reports whether intake's own DKIM verdict may decide id.
// A trusted Authentication-Results header that could not be read or holds
// a dmarc result against the From domain is not overruled: disagreement
// never proves.
func dkimMayProve(id *parser.Identity) bool {
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
