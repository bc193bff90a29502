package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
)

func TestUpdateRollback(t *testing.T) {
	db, p := openTest(t)
	boom := errors.New("boom")
	err := db.Update(t.Context(), func(tx approvals.Tx) error {
		if err := tx.ReplaceDirectory(testDirectory()); err != nil {
			return err
		}
		createMessageAndRequest(t, tx, "<1@x>", approvals.ActionAdd)
		if _, err := tx.Append(approvals.Entry{Kind: approvals.EntryReview}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update error = %v, want fn's error", err)
	}
	for _, table := range []string{"partners", "doors", "managers", "raw_messages", "messages", "requests", "ledger"} {
		if n := count(t, p, table); n != 0 {
			t.Errorf("%s has %d rows after a rolled-back Update, want 0", table, n)
		}
	}
	// The ledger head is read afresh by the next transaction.
	update(t, db, func(tx approvals.Tx) error {
		e, err := tx.Append(approvals.Entry{Kind: approvals.EntryReview})
		if err == nil && e.Seq != 1 {
			t.Errorf("seq after rollback = %d, want 1", e.Seq)
		}
		return err
	})
}

func TestViewIsReadOnly(t *testing.T) {
	db, p := openTest(t)
	tests := []struct {
		name string
		fn   func(tx approvals.Tx) error
	}{
		{"replace directory", func(tx approvals.Tx) error { return tx.ReplaceDirectory(testDirectory()) }},
		{"append", func(tx approvals.Tx) error {
			_, err := tx.Append(approvals.Entry{Kind: approvals.EntryReview})
			return err
		}},
		{"put raw", func(tx approvals.Tx) error { return tx.PutRaw(hashOf(nil), nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.View(t.Context(), tt.fn); err == nil {
				t.Errorf("write inside View succeeded")
			}
		})
	}
	if n := count(t, p, "ledger"); n != 0 {
		t.Errorf("ledger has %d rows, want 0", n)
	}
}

func TestCanceledContext(t *testing.T) {
	db, _ := openTest(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	err := db.Update(ctx, func(approvals.Tx) error { called = true; return nil })
	if err == nil || called {
		t.Errorf("Update with a canceled context: error %v, fn called %v; want an error and no call", err, called)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
	}{
		{"empty path", ""},
		{"missing directory", t.TempDir() + "/no/such/dir/intake.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(tt.path, CreateIfMissing())
			if err == nil {
				db.Close()
				t.Errorf("Open(%q) succeeded", tt.path)
			}
		})
	}
}

// TestOpenRefusesMissingFile: without CreateIfMissing a path that does
// not exist is ENOTFOUND naming it, and nothing is created.
func TestOpenRefusesMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	db, err := Open(path)
	if err == nil {
		db.Close()
		t.Fatalf("Open(%q) succeeded", path)
	}
	if got := approvals.ErrorCode(err); got != approvals.ENOTFOUND || !strings.Contains(err.Error(), path) {
		t.Errorf("Open(%q) = %v (code %s), want not_found naming the path", path, err, got)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file was created: %v", err)
	}
	db, err = Open(path, CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(path); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	db.Close()
}

// TestRemovedOrReplacedFile: once the database file is removed or
// replaced, transactions fail instead of committing to the old file,
// which no one would see again.
func TestRemovedOrReplacedFile(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{"removed", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
		{"replaced", func(t *testing.T, path string) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path+".new", data, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path+".new", path); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, path := openTest(t)
			noop := func(approvals.Tx) error { return nil }
			if err := db.Update(t.Context(), noop); err != nil {
				t.Fatalf("Update before: %v", err)
			}
			c.change(t, path)
			for name, run := range map[string]func(context.Context, func(approvals.Tx) error) error{"Update": db.Update, "View": db.View} {
				if err := run(t.Context(), noop); err == nil || !strings.Contains(err.Error(), "removed or replaced") {
					t.Errorf("%s after the file was %s = %v, want an error saying so", name, c.name, err)
				}
			}
		})
	}
}
