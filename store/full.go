package store

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// ErrDiskFull is matched (errors.Is) by every error of the store that
// comes from a file system without space: a write of SQLite (SQLITE_FULL,
// or an I/O error whose errno is ENOSPC) or of a raw message file
// (ENOSPC, EDQUOT). Such an error reads "disk full: …". Nothing it
// interrupted was committed: the transaction rolled back, and a raw file
// being written was removed, or is an unreferenced orphan.
var ErrDiskFull = errors.New("disk full")

// fullError returns err marked as ErrDiskFull when it says the disk is
// full, and err unchanged otherwise (nil included).
func fullError(err error) error {
	if err == nil || errors.Is(err, ErrDiskFull) || !isFull(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrDiskFull, err)
}

// isFull reports whether err is SQLite's SQLITE_FULL or carries the
// errno ENOSPC or EDQUOT.
func isFull(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrFull ||
		se.SystemErrno == syscall.ENOSPC || se.SystemErrno == syscall.EDQUOT) {
		return true
	}
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
