package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/mattn/go-sqlite3"
)

func TestFullError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		full bool
	}{
		{"nil", nil, false},
		{"sqlite full", fmt.Errorf("commit: %w", sqlite3.Error{Code: sqlite3.ErrFull}), true},
		{"sqlite io error ENOSPC", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: syscall.ENOSPC}, true},
		{"sqlite busy", sqlite3.Error{Code: sqlite3.ErrBusy}, false},
		{"write ENOSPC", &fs.PathError{Op: "write", Path: "f", Err: syscall.ENOSPC}, true},
		{"quota", &os.SyscallError{Syscall: "write", Err: syscall.EDQUOT}, true},
		{"permission", &fs.PathError{Op: "open", Path: "f", Err: syscall.EACCES}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fullError(tt.err)
			if is := errors.Is(got, ErrDiskFull); is != tt.full {
				t.Fatalf("fullError(%v) is ErrDiskFull: %v, want %v", tt.err, is, tt.full)
			}
			if !tt.full {
				if got != tt.err {
					t.Errorf("fullError(%v) = %v, want it unchanged", tt.err, got)
				}
				return
			}
			if !strings.HasPrefix(got.Error(), "disk full: ") || !errors.Is(got, tt.err) {
				t.Errorf("fullError(%v) = %q, want \"disk full: \" and the cause", tt.err, got)
			}
			if again := fullError(got); again != got {
				t.Errorf("marked twice: %q", again)
			}
		})
	}
}
