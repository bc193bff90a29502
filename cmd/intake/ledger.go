package main

import (
	"fmt"
	"io"
	"strings"

	"intake/store"
)

func init() {
	register(group("ledger", "the hash-chained ledger: every state change, append-only", []subcommand{
		{name: "verify", usage: ": check the hash chain and that replaying the ledger reproduces the current state; print the head (last seq and hash), or exit 1 naming the first bad entry", run: runLedgerVerify},
	}))
}

// runLedgerVerify verifies the ledger of an existing database: exit 0
// printing the entry count and the head, exit 1 naming the first bad entry or the
// state differences.
func runLedgerVerify(e *env) error {
	fs := e.flags("ledger verify")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("ledger verify: unexpected argument %q", args[0])
	}
	return withService(e, dbExisting, func(b *backend) error {
		v, err := b.db.Verify(e.ctx)
		if err != nil {
			return err
		}
		return reportVerify(e.stdout, v)
	})
}

// maxDiffShown bounds the state differences `ledger verify` prints.
const maxDiffShown = 20

// reportVerify prints the verification and returns an error (exit 1)
// naming the first bad entry, or the state differences and the raw
// messages that no longer match their hash, when it failed.
func reportVerify(w io.Writer, v *store.Verification) error {
	if v.OK {
		fmt.Fprintf(w, "ledger ok: %d entries, hash chain intact, replay reproduces the current state\nhead: %s\n", v.Entries, v.Head)
		return nil
	}
	raw := 0
	for i, d := range v.StateDiff {
		isRaw := strings.HasPrefix(d, "raw message ")
		if isRaw {
			raw++
		}
		switch {
		case i == maxDiffShown:
			fmt.Fprintf(w, "  … and %d more differences\n", len(v.StateDiff)-i)
		case i > maxDiffShown:
		case isRaw:
			fmt.Fprintf(w, "stored message differs: %s\n", clean(d))
		default:
			fmt.Fprintf(w, "state differs: %s\n", clean(d))
		}
	}
	if v.FirstBad > int64(v.Entries) {
		return fmt.Errorf("ledger verify: the ledger ends early: %s", v.Problem)
	}
	if v.FirstBad != 0 {
		return fmt.Errorf("ledger verify: entry %d of %d is bad: %s", v.FirstBad, v.Entries, v.Problem)
	}
	if raw > 0 && raw == len(v.StateDiff) {
		return fmt.Errorf("ledger verify: the hash chain of %d entries is intact and replays to the current state, but %d stored raw messages are missing or do not match their hash", v.Entries, raw)
	}
	return fmt.Errorf("ledger verify: the hash chain of %d entries is intact, but replaying it does not reproduce the current state (%d differences)", v.Entries, len(v.StateDiff))
}
