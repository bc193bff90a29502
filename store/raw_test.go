package store

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

// largeRaw returns a raw message of size bytes (more than rawInlineMax
// for a file) that differs for each tag.
func largeRaw(tag string, size int) []byte {
	raw := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz\r\n"), size/38+1)[:size]
	copy(raw, "Message-ID: <"+tag+"@large.example>\r\n\r\n")
	return raw
}

// rawFileOf returns the name the raw message file of raw must have for
// the database at p.
func rawFileOf(p string, raw []byte) string {
	h := hashOf(raw)
	return filepath.Join(p+"-raw", h[:2], h)
}

// rawDirFiles returns the files under the raw directory of the database
// at p.
func rawDirFiles(t testing.TB, p string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(p+"-raw", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk raw directory: %v", err)
	}
	return files
}

// rawRow reads the raw_messages row of hash behind the store's back:
// whether bytes is NULL, and size.
func rawRow(t testing.TB, p, hash string) (isNull bool, size int64) {
	t.Helper()
	err := rawDB(t, p).QueryRow(`SELECT bytes IS NULL, size FROM raw_messages WHERE hash = ?`, hash).
		Scan(&isNull, &size)
	if err != nil {
		t.Fatalf("raw_messages row %s: %v", hash, err)
	}
	return isNull, size
}

func TestPutRawLarge(t *testing.T) {
	db, p := openTest(t)
	raw := largeRaw("round-trip", 3<<20)
	h, name := hashOf(raw), rawFileOf(p, raw)
	update(t, db, func(tx approvals.Tx) error {
		if err := tx.PutRaw(h, raw); err != nil {
			return err
		}
		got, err := tx.Raw(h) // the same transaction reads it back
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Raw in the writing transaction = %d bytes, %v; want the %d bytes", len(got), err, len(raw))
		}
		return tx.CreateMessage(&approvals.Message{Hash: h, Outcome: approvals.OutcomeNoRequest})
	})
	info, err := os.Stat(name)
	if err != nil {
		t.Fatalf("raw file: %v", err)
	}
	if isNull, size := rawRow(t, p, h); !isNull || size != int64(len(raw)) || info.Size() != size {
		t.Errorf("row bytes NULL=%v size=%d, file %d bytes; want NULL and %d", isNull, size, info.Size(), len(raw))
	}
	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.Raw(h)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Raw = %d bytes, %v; want the %d bytes", len(got), err, len(raw))
		}
		return nil
	})

	t.Run("stored again", func(t *testing.T) {
		old := info.ModTime().Add(-time.Hour) // a rewrite would move it
		if err := os.Chtimes(name, old, old); err != nil {
			t.Fatal(err)
		}
		before, _ := os.Stat(name)
		update(t, db, func(tx approvals.Tx) error { return tx.PutRaw(h, raw) })
		after, err := os.Stat(name)
		if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
			t.Errorf("file after a second PutRaw: %v, %v; want it untouched", after, err)
		}
		if got := count(t, p, "raw_messages"); got != 1 {
			t.Errorf("raw_messages rows = %d, want 1", got)
		}
	})
	t.Run("permissions", func(t *testing.T) {
		for name, want := range map[string]fs.FileMode{
			p + "-raw":         fs.ModeDir | 0o700,
			filepath.Dir(name): fs.ModeDir | 0o700,
			name:               0o600,
		} {
			info, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode(); got != want {
				t.Errorf("%s mode = %v, want %v", name, got, want)
			}
		}
	})
	t.Run("no temporary file left", func(t *testing.T) {
		entries, err := os.ReadDir(filepath.Dir(name))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Name() != h {
			t.Errorf("directory holds %v, want only %s", entries, h)
		}
	})
}

func TestPutRawRollback(t *testing.T) {
	db, p := openTest(t)
	raw := largeRaw("rollback", 2<<20)
	h, name := hashOf(raw), rawFileOf(p, raw)
	errAbort := errors.New("abort")
	err := db.Update(t.Context(), func(tx approvals.Tx) error {
		if err := tx.PutRaw(h, raw); err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("Update = %v, want the abort", err)
	}
	orphan, err := os.Stat(name)
	if err != nil {
		t.Fatalf("orphan file: %v", err)
	}
	if got := count(t, p, "raw_messages"); got != 0 {
		t.Errorf("raw_messages rows after rollback = %d, want 0", got)
	}
	view(t, db, func(tx approvals.Tx) error {
		if _, err := tx.Raw(h); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("Raw after rollback = %v, want ENOTFOUND", err)
		}
		return nil
	})

	update(t, db, func(tx approvals.Tx) error { return tx.PutRaw(h, raw) }) // the retry
	after, err := os.Stat(name)
	if err != nil || !os.SameFile(orphan, after) {
		t.Errorf("file after the retry: %v; want the orphan reused", err)
	}
	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.Raw(h)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Raw after the retry = %d bytes, %v; want the %d bytes", len(got), err, len(raw))
		}
		return nil
	})
}

func TestPutRawLargeInvalid(t *testing.T) {
	raw := largeRaw("invalid", 2<<20)
	tests := []struct {
		name string
		hash string
	}{
		{"hash of other content", hashOf([]byte("other"))},
		{"uppercase hash", strings.ToUpper(hashOf(raw))},
		{"path in the hash", "../../../../../../../../../../../../../../../../../../../../tmp/x"},
		{"empty hash", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, p := openTest(t)
			err := db.Update(t.Context(), func(tx approvals.Tx) error { return tx.PutRaw(tt.hash, raw) })
			if approvals.ErrorCode(err) != approvals.EINVALID {
				t.Errorf("PutRaw = %v, want EINVALID", err)
			}
			files := 0
			filepath.WalkDir(p+"-raw", func(_ string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					files++
				}
				return nil
			})
			if files != 0 || count(t, p, "raw_messages") != 0 {
				t.Errorf("%d files left in %s-raw, %d rows; want none", files, p, count(t, p, "raw_messages"))
			}
		})
	}
}

func TestPutRawInlineUpToThreshold(t *testing.T) {
	db, p := openTest(t)
	raw := largeRaw("inline", rawInlineMax)
	h := hashOf(raw)
	update(t, db, func(tx approvals.Tx) error { return tx.PutRaw(h, raw) })
	if isNull, _ := rawRow(t, p, h); isNull {
		t.Errorf("a message of rawInlineMax bytes has bytes NULL, want it inline")
	}
	if _, err := os.Stat(p + "-raw"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("raw directory: %v; want none created", err)
	}
}

func TestRawFileMissing(t *testing.T) {
	db, p := openTest(t)
	raw := largeRaw("missing", 2<<20)
	h, name := hashOf(raw), rawFileOf(p, raw)
	update(t, db, func(tx approvals.Tx) error { return tx.PutRaw(h, raw) })
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	err := db.View(t.Context(), func(tx approvals.Tx) error {
		_, err := tx.Raw(h)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), h) || !strings.Contains(err.Error(), name) ||
		!strings.Contains(err.Error(), "missing") {
		t.Errorf("Raw of a deleted file = %v; want an error naming the hash and %s", err, name)
	}
}

func TestPutRawLargeInView(t *testing.T) {
	db, p := openTest(t)
	raw := largeRaw("view", 2<<20)
	err := db.View(t.Context(), func(tx approvals.Tx) error { return tx.PutRaw(hashOf(raw), raw) })
	if err == nil {
		t.Errorf("PutRaw in View succeeded, want an error")
	}
	if _, err := os.Stat(p + "-raw"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("raw directory after PutRaw in View: %v; want none created", err)
	}
}

func TestNewRawFiles(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
	}{
		{":memory:", ""}, // every raw message inline
		{"/var/lib/intake/intake.db", "/var/lib/intake/intake.db-raw"},
		{"intake.db", filepath.Join(wd, "intake.db-raw")},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := newRawFiles(tt.path)
			if err != nil || got.dir != tt.want {
				t.Errorf("newRawFiles(%q) = %q, %v; want %q", tt.path, got.dir, err, tt.want)
			}
		})
	}
}

// TestStageRaw checks that StageRaw returns a message's hash, writes a
// large message's file ahead of its transaction, which then records it
// without writing it again, and leaves a small message for PutRaw to
// store inline.
func TestStageRaw(t *testing.T) {
	db, p := openTest(t)
	raw := largeRaw("staged", 2<<20)
	h, name := hashOf(raw), rawFileOf(p, raw)
	if got, err := db.StageRaw(raw); err != nil || got != h {
		t.Fatalf("StageRaw = %s, %v; want %s", got, err, h)
	}
	if got, err := os.ReadFile(name); err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("staged file holds %d bytes, want the message's %d (%v)", len(got), len(raw), err)
	}
	// Staging the same message again, as a second poll of a message whose
	// transaction failed does, replaces the file with the same content.
	if got, err := db.StageRaw(raw); err != nil || got != h {
		t.Fatalf("StageRaw again = %s, %v; want %s", got, err, h)
	}
	if files := rawDirFiles(t, p); len(files) != 1 || files[0] != name {
		t.Fatalf("raw directory holds %q, want only %s: a temporary file was left", files, name)
	}
	before, err := os.Stat(name)
	if err != nil {
		t.Fatalf("staged file: %v", err)
	}
	old := before.ModTime().Add(-time.Hour) // a rewrite would move it
	if err := os.Chtimes(name, old, old); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx approvals.Tx) error {
		if err := tx.PutRaw(h, raw); err != nil {
			return err
		}
		return tx.CreateMessage(&approvals.Message{Hash: h, Outcome: approvals.OutcomeNoRequest})
	})
	after, err := os.Stat(name)
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(old) {
		t.Errorf("PutRaw after StageRaw rewrote the file (%v)", err)
	}
	if isNull, size := rawRow(t, p, h); !isNull || size != int64(len(raw)) {
		t.Errorf("row bytes NULL=%v size=%d; want NULL and %d", isNull, size, len(raw))
	}

	small := []byte("Message-ID: <small@example>\r\n\r\nhi\r\n")
	if got, err := db.StageRaw(small); err != nil || got != hashOf(small) {
		t.Fatalf("StageRaw of a small message = %s, %v; want %s", got, err, hashOf(small))
	}
	if _, err := os.Stat(rawFileOf(p, small)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a small message was staged as a file: %v", err)
	}
}
