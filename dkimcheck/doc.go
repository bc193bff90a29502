// Package dkimcheck is intake's own DKIM verification (RFC 6376), used when
// auth.verify_dkim is set for providers whose receiving MTA writes no
// Authentication-Results intake can trust (docs/behaviour.md, sender identity).
//
// Verifier.Verify checks the signatures of a raw message with
// github.com/emersion/go-msgauth/dkim and decides whether one of them proves
// the sender: it must verify, its d= must be aligned with the From domain
// (RFC 7489 section 3.1, relaxed), it must carry no body length tag l=, its
// h= must cover From, Subject and Message-ID, each of which the message
// must hold exactly once, and its key must not be in testing mode. Public
// keys are looked up through a Resolver, each look-up with a timeout, and
// at most MaxSignatures signatures are checked.
package dkimcheck
