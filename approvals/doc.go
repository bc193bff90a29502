// Package approvals is intake's domain core: the directory of partners,
// properties, doors and managers; the requests read from mail and the
// decisions taken on them; the review queue; and the ports (interfaces) the
// workflow needs from storage.
//
// It imports no driver, no IMAP and no HTTP. The store package implements
// Store with SQLite; cmd/intake wires the two together.
//
// Every state change the workflow makes goes through one Tx together with
// its ledger entry, so a change and its record are committed or lost
// together.
package approvals
