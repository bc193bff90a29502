// Package orgdomain answers one question of RFC 7489 section 3.1: do two
// domains have the same organisational domain (the public suffix plus one
// label, from the public suffix list)? It is relaxed DMARC alignment, used
// by parser for the DKIM results a trusted Authentication-Results header
// reports and by dkimcheck for the signatures it verifies itself. It sits
// under parser, which imports nothing of intake's outside itself, and
// dkimcheck imports only this leaf of it.
package orgdomain

import "golang.org/x/net/publicsuffix"

// Aligned reports whether domains a and b, lowercase ASCII, have the same
// organisational domain (RFC 7489 section 3.1, relaxed alignment): the
// public suffix plus one label. An empty domain or a public suffix aligns
// with nothing.
func Aligned(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	oa, err := publicsuffix.EffectiveTLDPlusOne(a)
	if err != nil {
		return false
	}
	ob, err := publicsuffix.EffectiveTLDPlusOne(b)
	return err == nil && oa == ob
}
