package store

import (
	"context"
	"database/sql"
	"fmt"

	"intake/approvals"
)

// verifyRaw re-hashes every raw message, from its row or from its file,
// and adds one line to v.StateDiff for each whose content no longer
// matches the hash it is stored under: an edited blob, or a file that is
// missing, truncated, extended or edited. The error is for failures to
// read the database or a file that exists.
func verifyRaw(ctx context.Context, tx *sql.Tx, files rawFiles, v *Verification) error {
	rows, err := tx.QueryContext(ctx, `SELECT hash, bytes IS NULL, bytes, size FROM raw_messages ORDER BY hash`)
	if err != nil {
		return fmt.Errorf("query raw messages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			hash   string
			inFile bool // bytes NULL: stored as a file
			raw    sql.RawBytes
			size   int64
		)
		if err := rows.Scan(&hash, &inFile, &raw, &size); err != nil {
			return fmt.Errorf("scan raw message: %w", err)
		}
		problem, err := checkRaw(files, hash, inFile, raw, size)
		if err != nil {
			return err
		}
		if problem != "" {
			v.StateDiff = append(v.StateDiff, fmt.Sprintf("raw message %s: %s", hash, problem))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query raw messages: %w", err)
	}
	return nil
}

// checkRaw returns what is wrong with one raw message, "" when it is
// intact.
func checkRaw(files rawFiles, hash string, inFile bool, raw []byte, size int64) (string, error) {
	if inFile {
		return files.check(hash, size)
	}
	if sum := approvals.Hash(raw); sum != hash {
		return fmt.Sprintf("the stored bytes do not match the hash (%.12s…): they were edited", sum), nil
	}
	return "", nil
}

// verifyRawAsync runs verifyRaw in a read transaction of its own on a
// goroutine, and returns a function that waits for it and returns its
// StateDiff lines.
func (db *DB) verifyRawAsync(ctx context.Context) func() ([]string, error) {
	type result struct {
		diff []string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		tx, err := db.beginRead(ctx)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer tx.Rollback()
		var v Verification
		err = verifyRaw(ctx, tx, db.files, &v)
		done <- result{v.StateDiff, err}
	}()
	return func() ([]string, error) {
		r := <-done
		return r.diff, r.err
	}
}
