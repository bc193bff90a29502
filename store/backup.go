package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"intake/approvals"
)

// BackupName is the file name of the database in a backup directory; its
// raw message files are in the directory BackupName+"-raw" beside it, as
// they are beside a live database.
const BackupName = "intake.db"

// A BackupResult describes a copy made by Backup or put in place by
// Restore.
type BackupResult struct {
	// Path is the database file written.
	Path string
	// RawFiles is the number of raw messages stored as files that the
	// copy references, each copied (or found already there) and checked
	// against its hash.
	RawFiles int
	// Verification is the copy's ledger verification, as DB.Verify
	// reports it: Head names its last entry.
	Verification *Verification
}

// Backup writes a consistent copy of db into dir, creating dir when
// absent: the database as one read transaction saw it (VACUUM INTO, while
// other connections and processes go on committing) in dir/BackupName,
// and every raw message file that copy references in dir/BackupName-raw.
// Raw files are written and synced before the row that references them
// commits and never change afterwards, so every file a snapshot
// references exists; each is copied (not linked: a backup must survive
// damage to the original) and its content checked against its hash while
// it is copied. The copy is then opened and verified as DB.Verify does.
//
// A dir that already holds BackupName is refused (ECONFLICT). A copy that
// does not verify is an error, returned with the result so that the
// caller can show the Verification. An in-memory database cannot be
// backed up (EINVALID).
func (db *DB) Backup(ctx context.Context, dir string) (*BackupResult, error) {
	if db.files.dir == "" {
		return nil, approvals.Errorf(approvals.EINVALID, "backup: an in-memory database has no file to copy")
	}
	if err := db.sameFile(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	out, err := filepath.Abs(filepath.Join(dir, BackupName))
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return nil, approvals.Errorf(approvals.ECONFLICT, "backup: %s already exists: back up into a new or empty directory", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := vacuumInto(ctx, db.ro, out); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return finishCopy(ctx, out, db.files, rawFiles{dir: out + "-raw"})
}

// finishCopy copies the raw files the database copy at path references
// from src into dst, then opens the copy with dst as its raw directory
// and verifies it. An error for a copy that does not verify comes with
// the result.
func finishCopy(ctx context.Context, path string, src, dst rawFiles) (*BackupResult, error) {
	n, err := copyRawFiles(ctx, path, src, dst)
	if err != nil {
		return nil, fmt.Errorf("copy raw messages of %s: %w", path, err)
	}
	v, err := verifyCopy(ctx, path, dst)
	if err != nil {
		return nil, err
	}
	res := &BackupResult{Path: path, RawFiles: n, Verification: v}
	if !v.OK {
		return res, fmt.Errorf("the copy %s does not verify: %s", path, verifyProblem(v))
	}
	return res, nil
}

// verifyProblem is the first thing wrong in a failed verification.
func verifyProblem(v *Verification) string {
	if v.FirstBad != 0 {
		return fmt.Sprintf("entry %d: %s", v.FirstBad, v.Problem)
	}
	if len(v.StateDiff) > 0 {
		return fmt.Sprintf("%d differences, the first: %s", len(v.StateDiff), v.StateDiff[0])
	}
	return "unknown"
}

// verifyCopy opens the database at path with files as its raw directory,
// verifies it, closes it (which checkpoints its WAL into the file and
// removes it) and syncs the file.
func verifyCopy(ctx context.Context, path string, files rawFiles) (*Verification, error) {
	c, err := openWith(path, files)
	if err != nil {
		return nil, err
	}
	v, err := c.Verify(ctx)
	if cerr := c.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", path, err)
	}
	if err := syncFile(path); err != nil {
		return nil, err
	}
	return v, nil
}

// vacuumInto writes the database behind the pool to the new file out in
// one read transaction (SQLite's VACUUM INTO: a consistent snapshot,
// compacted), then syncs out and its directory.
func vacuumInto(ctx context.Context, pool *sql.DB, out string) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("copy database to %s: %w", out, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return fmt.Errorf("copy database to %s: %w", out, err)
	}
	if err := syncFile(out); err != nil {
		return err
	}
	return syncDir(filepath.Dir(out))
}

// copyRawFiles copies into dst each raw message file that the database at
// path references and returns how many it references. A file already in
// dst whose content matches its hash is kept. A source file that is
// missing or does not match its hash is an error naming it.
func copyRawFiles(ctx context.Context, path string, src, dst rawFiles) (int, error) {
	list, err := openReadOnly(path)
	if err != nil {
		return 0, err
	}
	defer list.Close()
	rows, err := list.QueryContext(ctx, `SELECT hash, size FROM raw_messages WHERE bytes IS NULL ORDER BY hash`)
	if err != nil {
		return 0, fmt.Errorf("list raw message files: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			hash string
			size int64
		)
		if err := rows.Scan(&hash, &size); err != nil {
			return n, fmt.Errorf("list raw message files: %w", err)
		}
		if !validHash(hash) {
			return n, fmt.Errorf("raw message %q: not a SHA-256 in hex", hash)
		}
		if err := copyRawFile(src, dst, hash, size); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("list raw message files: %w", err)
	}
	return n, nil
}

// copyRawFile copies the file of one raw message from src to dst unless
// dst holds it intact already, checking size and hash while it copies.
func copyRawFile(src, dst rawFiles, hash string, size int64) error {
	if problem, err := dst.check(hash, size); err == nil && problem == "" {
		return nil
	}
	in, err := os.Open(src.path(hash))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("raw message %s: its file %s is missing", hash, src.path(hash))
	} else if err != nil {
		return fmt.Errorf("raw message %s: %w", hash, err)
	}
	defer in.Close()
	sub := filepath.Dir(dst.path(hash))
	if err := mkdirSynced(dst.dir); err != nil {
		return fmt.Errorf("raw message %s: %w", hash, err)
	}
	if err := mkdirSynced(sub); err != nil {
		return fmt.Errorf("raw message %s: %w", hash, err)
	}
	out, err := os.CreateTemp(sub, ".tmp-copy-"+hash[:16]+"-*")
	if err != nil {
		return fmt.Errorf("raw message %s: %w", hash, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && (n != size || hex.EncodeToString(h.Sum(nil)) != hash) {
		err = fmt.Errorf("its file %s has %d bytes (%d stored) or does not match the hash", src.path(hash), n, size)
	}
	if err != nil {
		os.Remove(out.Name())
		return fmt.Errorf("raw message %s: %w", hash, err)
	}
	if err := dst.place(out.Name(), hash); err != nil {
		return fmt.Errorf("raw message %s: %w", hash, err)
	}
	return nil
}

// openReadOnly opens a read-only pool on the database file at path,
// outside any DB: no migration, no WAL switch.
func openReadOnly(path string) (*sql.DB, error) {
	pool, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	return pool, nil
}

// syncFile fsyncs the file at path.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
