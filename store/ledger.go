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
	"hash"
	"strconv"
	"strings"
	"unicode/utf8"

	"intake/approvals"
)

// genesis is the prev of the first entry: 32 zero bytes in hex.
var genesis = strings.Repeat("0", 2*sha256.Size)

// A LedgerHead names the last entry of a ledger: its seq and hash.
type LedgerHead struct {
	Seq  int64
	Hash string
}

// String returns "SEQ HASH".
func (h LedgerHead) String() string { return fmt.Sprintf("%d %s", h.Seq, h.Hash) }

// A chainHead is the seq and hash of the last ledger entry.
type chainHead struct {
	seq  int64
	hash string
}

// Append adds e to the ledger and returns it with Seq (the last seq + 1),
// Prev (the last entry's hash, 64 zeros for the first) and Hash set. A
// zero e.Time is replaced by the DB's Now; the time is stored in UTC as
// RFC 3339 text with nanoseconds. e.Data must be valid JSON, or empty for
// null; it is stored compacted. An empty Kind or invalid Data is EINVALID.
// e.Seq, e.Prev and e.Hash on entry are ignored.
func (tx *Tx) Append(e approvals.Entry) (*approvals.Entry, error) {
	if e.Kind == "" {
		return nil, approvals.Errorf(approvals.EINVALID, "append ledger entry: no kind")
	}
	data, err := compactData(e.Data)
	if err != nil {
		return nil, approvals.Errorf(approvals.EINVALID, "append %s entry: data: %v", e.Kind, err)
	}
	head, err := tx.head()
	if err != nil {
		return nil, err
	}
	if e.Time.IsZero() {
		e.Time = tx.now()
	}
	e.Time = e.Time.UTC()
	ts := formatTime(e.Time)
	e.Seq, e.Prev, e.Data = head.seq+1, head.hash, data
	if e.Hash, err = newHasher().sum(e.Prev, e.Seq, ts, string(e.Kind), e.Actor, e.Subject, data); err != nil {
		return nil, fmt.Errorf("append %s entry: %w", e.Kind, err)
	}
	_, err = tx.exec(`INSERT INTO ledger (seq, time, kind, actor, subject, data, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, ts, string(e.Kind), e.Actor, e.Subject, string(data), e.Prev, e.Hash)
	if err != nil {
		tx.last = nil
		return nil, fmt.Errorf("append %s entry %d: %w", e.Kind, e.Seq, err)
	}
	tx.last = &chainHead{seq: e.Seq, hash: e.Hash}
	return &e, nil
}

// head returns the last entry's seq and hash ({0, genesis} when empty).
// It is remembered for the rest of the transaction: in a write
// transaction no one else appends.
func (tx *Tx) head() (chainHead, error) {
	if tx.last != nil {
		return *tx.last, nil
	}
	h := chainHead{hash: genesis}
	err := tx.queryRow(`SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1`).Scan(&h.seq, &h.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("read ledger head: %w", err)
	}
	return h, nil
}

// compactData returns data compacted (RFC 8259 JSON without insignificant
// whitespace), "null" for empty data.
func compactData(data []byte) (json.RawMessage, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return json.RawMessage("null"), nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// A hasher computes entry hashes, reusing its buffers; not safe for
// concurrent use.
type hasher struct {
	buf []byte
	str bytes.Buffer
	enc *json.Encoder
	h   hash.Hash
	out []byte
}

func newHasher() *hasher {
	c := &hasher{h: sha256.New()}
	c.enc = json.NewEncoder(&c.str)
	c.enc.SetEscapeHTML(false)
	return c
}

// sum returns hex(SHA-256(prev bytes || canonical entry)), where prev is
// the previous entry's hash decoded from hex and the canonical entry is
//
//	{"seq":N,"time":T,"kind":K,"actor":A,"subject":S,"data":D}
//
// with no whitespace, strings encoded as encoding/json does without HTML
// escaping, T the stored time text and D the stored data bytes (compact
// JSON, as Append writes them). It is the one definition of the chain,
// used by Append and (through digest) by Verify.
func (c *hasher) sum(prev string, seq int64, time, kind, actor, subject string, data []byte) (string, error) {
	d, err := c.digest(prev, seq, time, kind, actor, subject, data)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(d), nil
}

// digest is sum without the hex encoding. The result is valid until the
// next call.
func (c *hasher) digest(prev string, seq int64, time, kind, actor, subject string, data []byte) ([]byte, error) {
	var p [sha256.Size]byte
	if err := decodeHash(p[:], prev); err != nil {
		return nil, fmt.Errorf("prev %w", err)
	}
	b := append(c.buf[:0], `{"seq":`...)
	b = strconv.AppendInt(b, seq, 10)
	for _, f := range [...]struct{ key, val string }{
		{`,"time":`, time}, {`,"kind":`, kind}, {`,"actor":`, actor}, {`,"subject":`, subject},
	} {
		b = c.appendString(append(b, f.key...), f.val)
	}
	b = append(append(append(b, `,"data":`...), data...), '}')
	c.buf = b
	c.h.Reset()
	c.h.Write(p[:])
	c.h.Write(b)
	c.out = c.h.Sum(c.out[:0])
	return c.out, nil
}

// decodeHash decodes a hex SHA-256 hash into dst.
func decodeHash(dst []byte, h string) error {
	if len(h) != hex.EncodedLen(sha256.Size) {
		return fmt.Errorf("hash %q: not %d hex digits", h, hex.EncodedLen(sha256.Size))
	}
	if _, err := hex.Decode(dst, []byte(h)); err != nil {
		return fmt.Errorf("hash %q: %w", h, err)
	}
	return nil
}

// appendString appends s as a JSON string (RFC 8259 section 7) exactly as
// encoding/json writes it with HTML escaping off: directly when nothing
// needs escaping, else through the encoder.
func (c *hasher) appendString(b []byte, s string) []byte {
	if plainJSON(s) {
		return append(append(append(b, '"'), s...), '"')
	}
	c.str.Reset()
	_ = c.enc.Encode(s) // writing a string to a bytes.Buffer cannot fail
	return append(b, bytes.TrimSuffix(c.str.Bytes(), []byte("\n"))...)
}

// plainJSON reports whether s is written unchanged inside a JSON string
// by encoding/json: valid UTF-8 with no quote, backslash, control
// character, U+2028 or U+2029.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// Entries returns up to limit ledger entries with seq > after, in seq
// order; all of them when limit <= 0.
func (db *DB) Entries(ctx context.Context, after int64, limit int) ([]approvals.Entry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if limit <= 0 {
		limit = -1
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, time, kind, actor, subject, data, prev, hash
		FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("query ledger: %w", err)
	}
	return scanEntries(rows)
}

// scanEntries reads every row of rows, the columns seq, time, kind, actor,
// subject, data, prev and hash of the ledger, and closes rows.
func scanEntries(rows *sql.Rows) ([]approvals.Entry, error) {
	defer rows.Close()
	var out []approvals.Entry
	for rows.Next() {
		var (
			e    approvals.Entry
			ts   string
			data []byte
		)
		if err := rows.Scan(&e.Seq, &ts, &e.Kind, &e.Actor, &e.Subject, &data, &e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("scan ledger entry: %w", err)
		}
		e.Data = data
		var err error
		if e.Time, err = parseTime(sql.NullString{String: ts, Valid: true}); err != nil {
			return nil, fmt.Errorf("ledger entry %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query ledger: %w", err)
	}
	return out, nil
}
