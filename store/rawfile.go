package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"intake/approvals"
)

// rawInlineMax is the size of the largest raw message stored in its
// raw_messages row. A larger one is stored as a file (see rawFiles) and
// its row keeps the hash and size with bytes NULL: SQLite would write
// it twice (WAL, then checkpoint) and copy it in C memory.
const rawInlineMax = 1 << 20

// rawFiles is the directory of the raw messages stored as files:
// "<database path>-raw", beside the database as SQLite's -wal and -shm
// files are. A file is named by the hex SHA-256 of its content, in a
// subdirectory named by the first two hex digits:
// intake.db-raw/ab/ab12…. Directories are created on first use with mode
// 0700, files with mode 0600. The zero rawFiles (an in-memory database)
// has no directory: every raw message is stored inline.
type rawFiles struct {
	dir string
}

// newRawFiles returns the raw directory of the database at path, made
// absolute so that a later change of working directory does not move it.
func newRawFiles(path string) (rawFiles, error) {
	if path == ":memory:" {
		return rawFiles{}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return rawFiles{}, fmt.Errorf("raw message directory: %w", err)
	}
	return rawFiles{dir: abs + "-raw"}, nil
}

// path returns the file name of the raw message with that hash, which
// must be 64 lowercase hex digits (validHash).
func (f rawFiles) path(hash string) string {
	return filepath.Join(f.dir, hash[:2], hash)
}

// put stores raw as the file named by hash unless that file exists, and
// returns when the file and its directory entry are durable. A file
// already at the final name is complete, as it is renamed there only
// after its content was checked and fsync'd, and is neither rewritten nor
// compared with raw again. hash must be 64 lowercase hex digits. It is
// checked against the SHA-256 of raw, computed while the file is written
// and synced, before the file is renamed into place: a mismatch is
// EINVALID and leaves nothing behind.
func (f rawFiles) put(hash string, raw []byte) error {
	final := f.path(hash)
	if _, err := os.Lstat(final); err == nil {
		// Whoever renamed it in may have stopped before syncing the
		// directory.
		if err := syncDir(filepath.Dir(final)); err != nil {
			return fmt.Errorf("put raw message %s: %w", hash, err)
		}
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("put raw message %s: %w", hash, err)
	}
	tmp, sum, err := f.writeTemp(filepath.Dir(final), ".tmp-"+hash[:16]+"-*", raw)
	if err != nil {
		return fmt.Errorf("put raw message %s: %w", hash, err)
	}
	if err := checkSum(hash, sum); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := f.place(tmp, hash); err != nil {
		return fmt.Errorf("put raw message %s: %w", hash, err)
	}
	return nil
}

// stage stores raw as a file and returns its hash. The file is written
// in the raw directory itself, as its name is known only once it is
// hashed, and then renamed to that name, even over a file of the same
// content.
func (f rawFiles) stage(raw []byte) (hash string, err error) {
	tmp, hash, err := f.writeTemp(f.dir, ".tmp-staged-*", raw)
	if err != nil {
		return hash, fmt.Errorf("stage raw message %s: %w", hash, err)
	}
	if err := f.place(tmp, hash); err != nil {
		return hash, fmt.Errorf("stage raw message %s: %w", hash, err)
	}
	return hash, nil
}

// place renames tmp, a complete and synced file in the raw directory or
// one of its subdirectories, to the file named by hash, creating its
// subdirectory when absent, and syncs that subdirectory. On error tmp is
// removed.
func (f rawFiles) place(tmp, hash string) error {
	final := f.path(hash)
	err := mkdirSynced(filepath.Dir(final))
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(final))
}

// writeTemp creates the raw directory and dir in it when absent, writes
// raw to a new temporary file in dir named by pattern (os.CreateTemp),
// syncs and closes it, and returns its name and raw's SHA-256
// (approvals.Hash), computed meanwhile on another goroutine: the two take
// about as long each. On error nothing is left behind; sum is set anyway.
func (f rawFiles) writeTemp(dir, pattern string, raw []byte) (tmp, sum string, err error) {
	sums := make(chan string, 1)
	go func() { sums <- approvals.Hash(raw) }()
	defer func() { sum = <-sums }()
	if err := mkdirSynced(f.dir); err != nil {
		return "", "", err
	}
	if err := mkdirSynced(dir); err != nil {
		return "", "", err
	}
	file, err := os.CreateTemp(dir, pattern) // mode 0600
	if err != nil {
		return "", "", err
	}
	err = writeContent(file, raw)
	if err == nil {
		err = file.Sync()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file.Name())
		return "", "", fmt.Errorf("write %s: %w", file.Name(), err)
	}
	return file.Name(), "", nil
}

// read returns the content of the file of the raw message with that hash,
// which must have size bytes. A missing file or one of another size is an
// error naming the hash and the file.
func (f rawFiles) read(hash string, size int64) ([]byte, error) {
	if f.dir == "" || !validHash(hash) {
		return nil, fmt.Errorf("raw message %s: stored as a file, but the database has no raw directory", hash)
	}
	name := f.path(hash)
	raw, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("raw message %s: its file %s is missing", hash, name)
	case err != nil:
		return nil, fmt.Errorf("raw message %s: %w", hash, err)
	case int64(len(raw)) != size:
		return nil, fmt.Errorf("raw message %s: its file %s has %d bytes, %d were stored", hash, name, len(raw), size)
	}
	return raw, nil
}

// check returns what is wrong with the file of the raw message with that
// hash and size, "" when it is intact. The file is hashed as it is read.
func (f rawFiles) check(hash string, size int64) (string, error) {
	if f.dir == "" || !validHash(hash) {
		return "stored as a file, but the database has no raw directory", nil
	}
	name := f.path(hash)
	file, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("its file %s is missing", name), nil
	} else if err != nil {
		return "", fmt.Errorf("raw message %s: %w", hash, err)
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return "", fmt.Errorf("raw message %s: read %s: %w", hash, name, err)
	}
	if n != size {
		return fmt.Sprintf("its file %s has %d bytes, %d were stored: it was truncated or extended", name, n, size), nil
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != hash {
		return fmt.Sprintf("its file %s does not match the hash (%.12s…): the file was edited", name, sum), nil
	}
	return "", nil
}

// mkdirSynced creates dir with mode 0700 unless it exists, and then syncs
// its parent so that the new entry survives a crash.
func mkdirSynced(dir string) error {
	err := os.Mkdir(dir, 0o700)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return syncDir(filepath.Dir(dir))
}

// syncDir fsyncs a directory, making the entries created or renamed in it
// durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// checkSum returns EINVALID unless hash is sum, the SHA-256 of the content.
func checkSum(hash, sum string) error {
	if hash != sum {
		return approvals.Errorf(approvals.EINVALID,
			"put raw message: hash %q is not the SHA-256 of the content (%s)", hash, sum)
	}
	return nil
}

// validHash reports whether s is 64 lowercase hex digits, the form of a
// SHA-256 that names a file.
func validHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
