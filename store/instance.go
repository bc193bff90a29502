package store

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"

	"intake/approvals"
)

// InstanceLock is one process's exclusive hold on a database for reading
// its inbox: two pollers on one database and mailbox would each fetch
// the same messages. It is an advisory lock (flock on Unix) on the file
// "<database path>-lock", which holds the holder's pid. The kernel
// releases it when the process exits, SIGKILL included, so a stale lock
// file never blocks the next start; the file itself is left in place.
// Only the inbox readers take it: the other commands share the database
// through SQLite's own locking.
type InstanceLock struct {
	file *os.File
}

// LockInstance takes the instance lock of the database at path without
// waiting. When another process holds it, the error is ECONFLICT and
// names that process's pid (or says it is not written yet) and the lock
// file. The lock is released by Close or by the process's exit.
func LockInstance(path string) (*InstanceLock, error) {
	name := path + "-lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock database %s: %w", path, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock database %s: %s: %w", path, name, err)
	}
	if held {
		pid := holderPID(f)
		f.Close()
		return nil, approvals.Errorf(approvals.ECONFLICT,
			"database %s is in use by another intake process (%s; lock file %s): only one serve or poll may read the inbox into a database; stop that process first",
			path, pid, name)
	}
	if err := writePID(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock database %s: write %s: %w", path, name, err)
	}
	return &InstanceLock{file: f}, nil
}

// Close empties the lock file and releases the lock. Closing a nil lock
// is a no-op.
func (l *InstanceLock) Close() error {
	if l == nil {
		return nil
	}
	terr := l.file.Truncate(0)
	if err := l.file.Close(); err != nil {
		return fmt.Errorf("release %s: %w", l.file.Name(), err)
	}
	if terr != nil {
		return fmt.Errorf("release %s: %w", l.file.Name(), terr)
	}
	return nil
}

// writePID replaces the content of f with this process's pid.
func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// holderPID returns "pid N" as written in f by the lock's holder, or says
// that the holder has not written it yet.
func holderPID(f *os.File) string {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if pid, perr := strconv.Atoi(string(bytes.TrimSpace(b))); err == nil && perr == nil && pid > 0 {
		return "pid " + strconv.Itoa(pid)
	}
	return "pid not written yet"
}
