package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"intake/approvals"
)

// RestoreOptions are Restore's options. The zero value refuses to
// replace an existing database.
type RestoreOptions struct {
	// Replace allows replacing a database file that exists, when no
	// process has it open.
	Replace bool
}

// Restore puts the backup in dir (dir/BackupName and its raw files, as
// Backup writes them) in place as the database at path. It refuses
// (ECONFLICT) a path whose instance lock another process holds (serve or
// poll, LockInstance) or that another process has open (Holder), naming
// its pid, and a path that exists unless opt.Replace (*ExistsError); it
// holds the instance lock of an existing path until it returns. The raw files are
// copied into path's raw directory first, each checked against its hash
// (a file already there intact is kept: they are named by their content).
// The database is copied to a temporary name beside path, opened, migrated
// and verified against that raw directory; only a copy that verifies is
// synced and renamed to path, after the -wal and -shm files of a replaced
// database are removed (SQLite would otherwise apply them to the new
// file). A failed restore leaves path as it was and removes the
// temporary copy; raw files copied stay, harmless. The result's
// Verification is the restored database's.
func Restore(ctx context.Context, dir, path string, opt RestoreOptions) (*BackupResult, error) {
	src := filepath.Join(dir, BackupName)
	if _, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("restore: no backup in %s: %w", dir, err)
	}
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	// serve and poll hold the instance lock of a database: the refusal
	// names them, and holding it keeps them from starting on the file
	// being replaced. (They refuse a database that does not exist.)
	if _, err := os.Lstat(path); err == nil {
		lock, err := LockInstance(path)
		if err != nil {
			return nil, fmt.Errorf("restore: %w", err)
		}
		defer lock.Close()
	}
	if err := mayReplace(path, opt); err != nil {
		return nil, err
	}
	tmp := path + ".restore"
	removeDB(tmp)
	defer removeDB(tmp)
	if err := copyDatabase(ctx, src, tmp); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	srcFiles, err := newRawFiles(src)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	res, err := finishCopy(ctx, tmp, srcFiles, rawFiles{dir: path + "-raw"})
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if err := mayReplace(path, opt); err != nil { // it may have been opened meanwhile
		return nil, err
	}
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	res.Path = path
	return res, nil
}

// mayReplace returns an ECONFLICT error when path is open in another
// process, or exists and opt does not allow replacing it.
func mayReplace(path string, opt RestoreOptions) error {
	_, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	pid, err := Holder(path)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if pid != 0 {
		return approvals.Errorf(approvals.ECONFLICT,
			"restore: database %s is open in process %d: stop it before restoring", path, pid)
	}
	if !opt.Replace {
		return &ExistsError{Path: path}
	}
	return nil
}

// ExistsError is Restore's refusal of a database file that exists, when
// RestoreOptions.Replace is not set.
type ExistsError struct {
	Path string
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("restore: database %s exists: restore will not replace it unless told to", e.Path)
}

// copyDatabase writes a consistent copy of the database file src (its WAL
// included) to the new file dst, reading src without writing to it.
func copyDatabase(ctx context.Context, src, dst string) error {
	pool, err := openReadOnly(src)
	if err != nil {
		return err
	}
	defer pool.Close()
	return vacuumInto(ctx, pool, dst)
}

// removeDB removes the database file path and its -wal and -shm files,
// ignoring errors: it clears a temporary copy.
func removeDB(path string) {
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(f)
	}
}
