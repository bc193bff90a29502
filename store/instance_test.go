package store

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"intake/approvals"
)

func TestLockInstance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "intake.db")
	first, err := LockInstance(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path + "-lock")
	if got, want := strings.TrimSpace(string(b)), strconv.Itoa(os.Getpid()); err != nil || got != want {
		t.Errorf("lock file holds %q (%v), want the pid %s", got, err, want)
	}

	// flock belongs to the open file, so a second open conflicts even in
	// the same process, as a second process would.
	_, err = LockInstance(path)
	if got, want := approvals.ErrorCode(err), approvals.ECONFLICT; got != want {
		t.Fatalf("second lock: code %q (%v), want %q", got, err, want)
	}
	for _, want := range []string{path, "pid " + strconv.Itoa(os.Getpid()), path + "-lock"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("second lock: error %q does not name %q", err, want)
		}
	}

	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := LockInstance(path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	if err := again.Close(); err != nil {
		t.Fatal(err)
	}
	var none *InstanceLock
	if err := none.Close(); err != nil {
		t.Errorf("close of a nil lock: %v", err)
	}
}
