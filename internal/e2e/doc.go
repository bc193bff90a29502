// Package e2e holds end-to-end tests of intake's decisions: real .eml
// files run through the real parser, the approvals workflow and the
// SQLite store, with the sample directory loaded. It has no code of its
// own; the tests are in adversarial_test.go (a corpus of forged and
// replayed messages) and mutation_test.go (variants of every applied
// message).
package e2e
