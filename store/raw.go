package store

import (
	"database/sql"
	"errors"
	"fmt"

	"intake/approvals"
)

// PutRaw stores raw under hash unless something is already stored under
// it. hash must be the lowercase hex SHA-256 of raw, else EINVALID.
//
// A raw message of up to rawInlineMax bytes is stored in its raw_messages
// row. A larger one is stored as a file in the raw directory (rawFiles),
// synced together with its directory entry before PutRaw returns, so
// before the transaction that references it can commit; its row has bytes
// NULL. The file is not part of SQLite's transaction: when the
// transaction rolls back, its row goes but the file stays, an orphan,
// harmless, that a later PutRaw of the same content finds complete and
// reuses instead of rewriting. The SHA-256 check of a large message runs
// while its file is written and synced, and a mismatch is EINVALID and
// leaves neither row nor file; a large message whose file already exists
// (stored before, or staged by StageRaw) is not read again: its file was
// checked against the hash when written.
func (tx *Tx) PutRaw(hash string, raw []byte) error {
	if len(raw) <= rawInlineMax || tx.files.dir == "" {
		return tx.putRawInline(hash, raw)
	}
	return tx.putRawFile(hash, raw)
}

// StageRaw returns raw's hash (approvals.Hash) and, when raw is large
// enough to be kept as a file, stores that file ahead of the transaction
// that will record it with PutRaw. The file's write and fsync then happen
// outside that transaction (while another one commits, say), and PutRaw
// finds the file complete and reads nothing again: raw is hashed once,
// while its file is written.
// Staging for a transaction that never commits leaves an orphan, as a
// rolled-back PutRaw does. The hash is returned even with an error, which
// means that no file was stored (PutRaw will then try again); it is
// marked ErrDiskFull when the disk is full.
func (db *DB) StageRaw(raw []byte) (hash string, err error) {
	if len(raw) <= rawInlineMax || db.files.dir == "" {
		return approvals.Hash(raw), nil
	}
	hash, err = db.files.stage(raw)
	return hash, fullError(err)
}

// putRawFile records raw's row with bytes NULL, then stores raw as a file.
// The row goes first so that a read-only transaction fails before any
// file is written; it is removed again when the file cannot be stored.
func (tx *Tx) putRawFile(hash string, raw []byte) error {
	if !validHash(hash) {
		return checkSum(hash, approvals.Hash(raw))
	}
	res, err := tx.exec(`INSERT INTO raw_messages (hash, bytes, size) VALUES (?, NULL, ?)
		ON CONFLICT (hash) DO NOTHING`, hash, len(raw))
	if err != nil {
		return fmt.Errorf("put raw message %s: %w", hash, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("put raw message %s: %w", hash, err)
	} else if n == 0 { // already stored, inline or as a file
		return nil
	}
	if err := tx.files.put(hash, raw); err != nil {
		if _, uerr := tx.exec(`DELETE FROM raw_messages WHERE hash = ?`, hash); uerr != nil {
			return errors.Join(err, fmt.Errorf("put raw message %s: remove its row: %w", hash, uerr))
		}
		return err
	}
	return nil
}

// putRawInline stores raw in its raw_messages row.
func (tx *Tx) putRawInline(hash string, raw []byte) error {
	if err := checkSum(hash, approvals.Hash(raw)); err != nil {
		return err
	}
	if raw == nil {
		raw = []byte{}
	}
	_, err := tx.exec(`INSERT INTO raw_messages (hash, bytes, size) VALUES (?, ?, ?)
		ON CONFLICT (hash) DO NOTHING`, hash, raw, len(raw))
	if err != nil {
		return fmt.Errorf("put raw message %s: %w", hash, err)
	}
	return nil
}

// Raw returns the raw message stored under hash, or an ENOTFOUND error.
// A message stored as a file is read from it; a missing file, or one of
// another size than was stored, is an error naming the hash and the file.
// The content is not re-hashed here: Verify does that.
func (tx *Tx) Raw(hash string) ([]byte, error) {
	var (
		raw  sql.Null[[]byte]
		size int64
	)
	err := tx.queryRow(`SELECT bytes, size FROM raw_messages WHERE hash = ?`, hash).Scan(&raw, &size)
	if err != nil {
		return nil, notFound(err, "raw message", hash)
	}
	if raw.Valid {
		return raw.V, nil
	}
	return tx.files.read(hash, size)
}
