package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"intake/approvals"
)

// Verification is the result of Verify.
type Verification struct {
	// OK reports that the chain is intact and replaying it reproduces
	// the current state.
	OK bool
	// Entries is the number of ledger entries read.
	Entries int
	// Head is the seq and hash of the last entry read: {0, 64 zeros}
	// for an empty ledger. Two databases whose ledgers verify and have
	// the same Head hold the same ledger.
	Head LedgerHead
	// FirstBad is the seq of the first entry that breaks the chain, 0
	// when none does; Problem says what is wrong with it.
	FirstBad int64
	Problem  string
	// StateDiff lists the differences between the state the ledger
	// replays to and the current state tables; a Replay failure is
	// listed here too, and so is each raw message whose content, in its
	// row or its file, no longer matches the hash it is stored under.
	StateDiff []string
	// Replayed is the state the ledger replays to; nil when the replay
	// failed.
	Replayed *approvals.State
}

// Verify checks the ledger in one read transaction (docs/behaviour.md, storage). It
// walks the entries in seq order recomputing the hash chain and reports
// the first entry that breaks it: a gap in seq (entries deleted), a prev
// that is not the previous entry's hash (deleted, inserted or reordered
// entries) or a hash that does not match the content (an edited entry).
// It then replays the ledger with approvals.Replay and compares the
// result with approvals.CurrentState read in the same transaction. Last
// it re-hashes every raw message, from its row or its file (verifyRaw).
// Problems found are reported in the Verification; the error is for
// failures to read the database or an existing raw message file.
//
// The removal of the last entries is detected by comparing the last
// entry with the ledger's high-water mark (see checkTail). A rewrite of
// the chain by someone who recomputes every later hash and the mark is
// caught by the state comparison when the entries changed the state: the
// replayed directory, doors, enablements, message records and requests
// must equal the current tables.
func (db *DB) Verify(ctx context.Context) (*Verification, error) {
	var v *Verification
	err := db.Snapshot(ctx, func(s *Snapshot) error {
		var err error
		v, err = s.Verify()
		return err
	})
	return v, err
}

// Verify is DB.Verify in the snapshot. It streams the ledger: it keeps
// the state the entries replay to (Verification.Replayed), never the
// entries, and replays on a second goroutine while it reads and hashes.
// The raw messages are re-hashed meanwhile on a third, in a read
// transaction of their own begun at the same time: they are immutable and
// stored under their hash, so a later snapshot holds the same ones, and
// perhaps newer.
func (s *Snapshot) Verify() (*Verification, error) {
	v := &Verification{}
	raw := s.db.verifyRawAsync(s.ctx)
	replay := newPipelinedReplay()
	err := verifyChain(s.ctx, s.sqlTx, v, func(e *approvals.Entry) error {
		replay.add(e)
		return nil
	})
	var current *approvals.State
	if err == nil { // read while the replay catches up
		if current, err = s.tx.currentRecords(); err != nil {
			err = fmt.Errorf("read current state: %w", err)
		}
	}
	replayed, replayErr := replay.wait()
	if err != nil {
		_, _ = raw() // wait for it: its error adds nothing to err
		return nil, fmt.Errorf("verify ledger: %w", err)
	}
	if replayErr != nil {
		v.StateDiff = append(v.StateDiff, fmt.Sprintf("replay: %v", replayErr))
	} else {
		v.Replayed = replayed
		v.StateDiff = append(v.StateDiff, replayed.DiffLabeled(current, "replayed", "current")...)
	}
	rawDiff, err := raw()
	if err != nil {
		return nil, fmt.Errorf("verify ledger: %w", err)
	}
	v.StateDiff = append(v.StateDiff, rawDiff...)
	v.OK = v.FirstBad == 0 && len(v.StateDiff) == 0
	return v, nil
}

// verifyChain streams the ledger in seq order, records the first broken
// link in v and hands every entry to apply.
func verifyChain(ctx context.Context, tx *sql.Tx, v *Verification, apply func(*approvals.Entry) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT seq, time, kind, actor, subject, data, prev, hash
		FROM ledger ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("query ledger: %w", err)
	}
	defer rows.Close()
	var (
		c    = chainCheck{h: newHasher(), want: chainHead{hash: genesis}}
		e    approvals.Entry
		ts   string
		kind string
		data sql.RawBytes // valid until the next row: apply must not keep it
	)
	for rows.Next() {
		e = approvals.Entry{}
		err := rows.Scan(&e.Seq, &ts, &kind, &e.Actor, &e.Subject, &data, &e.Prev, &e.Hash)
		if err != nil {
			return fmt.Errorf("scan ledger entry: %w", err)
		}
		e.Kind, e.Data = approvals.EntryKind(kind), json.RawMessage(data)
		if problem := c.check(&e, ts); problem != "" && v.FirstBad == 0 {
			v.FirstBad, v.Problem = e.Seq, problem
		}
		v.Entries++
		if err := apply(&e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query ledger: %w", err)
	}
	tail := chainHead{hash: genesis}
	if v.Entries > 0 {
		tail = chainHead{seq: c.want.seq - 1, hash: c.want.hash}
	}
	v.Head = LedgerHead{Seq: tail.seq, Hash: tail.hash}
	return checkTail(ctx, tx, v, tail)
}

// checkTail compares the last entry read with the ledger's high-water
// mark (table ledger_head, advanced by a trigger on every insert) and,
// when no earlier entry broke the chain, records in v the entries after
// it that are missing or a last entry that was replaced.
func checkTail(ctx context.Context, tx *sql.Tx, v *Verification, last chainHead) error {
	var mark chainHead
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM ledger_head WHERE id = 1`).Scan(&mark.seq, &mark.hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		mark.seq = -1 // the mark itself was deleted
	case err != nil:
		return fmt.Errorf("read ledger high-water mark: %w", err)
	}
	if v.FirstBad != 0 {
		return nil
	}
	switch {
	case mark.seq < 0:
		v.FirstBad, v.Problem = last.seq+1, "the ledger's high-water mark (ledger_head) is missing: entries after seq "+
			strconv.FormatInt(last.seq, 10)+" may have been deleted"
	case mark.seq > last.seq:
		v.FirstBad = last.seq + 1
		v.Problem = fmt.Sprintf("entries after seq %d are missing: the ledger reached seq %d (the last entries were deleted)",
			last.seq, mark.seq)
	case mark.seq == last.seq && mark.hash != last.hash:
		v.FirstBad = last.seq
		v.Problem = fmt.Sprintf("hash %.12s… of the last entry %d is not the one appended (%.12s…): it was replaced",
			last.hash, last.seq, mark.hash)
	}
	return nil
}

// chainCheck checks entries one after the other.
type chainCheck struct {
	h    *hasher
	want chainHead // seq and prev the next entry must have
}

// check returns what is wrong with e, "" when it extends the chain, and
// parses e.Time from ts. The next entry is checked against e as stored,
// so one bad entry is reported once.
func (c *chainCheck) check(e *approvals.Entry, ts string) string {
	want := c.want
	c.want = chainHead{seq: e.Seq + 1, hash: e.Hash}
	if want.seq == 0 {
		want.seq = 1
	}
	switch {
	case e.Seq < want.seq:
		return fmt.Sprintf("seq %d where %d was expected: the entries are out of order", e.Seq, want.seq)
	case e.Seq == want.seq+1:
		return fmt.Sprintf("entry %d is missing (deleted?)", want.seq)
	case e.Seq > want.seq:
		return fmt.Sprintf("entries %d to %d are missing (deleted?)", want.seq, e.Seq-1)
	}
	if e.Prev != want.hash && e.Seq == 1 {
		return fmt.Sprintf("prev %.12s… of the first entry is not the genesis value (64 zeros): entries before it were deleted",
			e.Prev)
	}
	if e.Prev != want.hash {
		return fmt.Sprintf("prev %.12s… is not the hash %.12s… of entry %d: an entry was deleted, inserted or reordered",
			e.Prev, want.hash, e.Seq-1)
	}
	sum, err := c.h.digest(e.Prev, e.Seq, ts, string(e.Kind), e.Actor, e.Subject, e.Data)
	if err != nil {
		return fmt.Sprintf("cannot hash entry: %v", err)
	}
	var stored [sha256.Size]byte
	if decodeHash(stored[:], e.Hash) != nil || !bytes.Equal(sum, stored[:]) {
		return fmt.Sprintf("hash %.12s… does not match the content (%.12s…): the entry was edited",
			e.Hash, hex.EncodeToString(sum))
	}
	t, err := parseTime(sql.NullString{String: ts, Valid: true})
	if err != nil {
		return err.Error()
	}
	e.Time = t
	return ""
}
