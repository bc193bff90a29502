package store

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// directSupported reports whether files in dir can be opened with
// O_DIRECT.
func directSupported(t *testing.T, dir string) bool {
	name := filepath.Join(dir, "probe")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|syscall.O_DIRECT, 0o600)
	if err != nil {
		return false
	}
	f.Close()
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	return true
}
