package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// Holder returns the pid of another process that has the SQLite database
// at path open, 0 when none has (or path does not exist). It asks the
// kernel who holds the lock that every open connection of SQLite's unix
// VFS keeps on the WAL index (byte 128 of "<path>-shm", the DMS lock),
// and the shared locks on the database file itself. Locks of the calling
// process are not seen: POSIX record locks belong to processes. A
// process must not call Holder on a database it has open itself: closing
// the descriptor Holder opens would release that process's SQLite locks
// on the file (POSIX drops all of a process's locks on a file when any of
// its descriptors for it is closed).
func Holder(path string) (int, error) {
	const (
		walIndexDMS = 128        // UNIX_SHM_BASE (120) + SQLITE_SHM_NLOCK (8)
		sharedFirst = 0x40000002 // PENDING_BYTE + 2: the SHARED lock range
		sharedSize  = 510
	)
	if pid, err := lockHolder(path+"-shm", walIndexDMS, 1); pid != 0 || err != nil {
		return pid, err
	}
	return lockHolder(path, sharedFirst, sharedSize)
}

// lockHolder returns the pid of a process holding a lock on the given
// bytes of the file name that would conflict with a write lock, 0 when
// none does or the file does not exist.
func lockHolder(name string, start, length int64) (int, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("look for a process using %s: %w", name, err)
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: start, Len: length}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return 0, fmt.Errorf("look for a process using %s: %w", name, err)
	}
	if lk.Type == syscall.F_UNLCK {
		return 0, nil
	}
	return int(lk.Pid), nil
}
