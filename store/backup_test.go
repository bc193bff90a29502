package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
)

// backupSource returns a database holding the load-and-remove ledger and
// two raw messages stored as files and one inline.
func backupSource(t *testing.T) (*DB, string, [][]byte) {
	t.Helper()
	db, p := openTest(t)
	loadAndRemove(t, db)
	raws := [][]byte{largeRaw("b1", rawInlineMax+1), largeRaw("b2", 3*rawInlineMax), []byte("Subject: small\r\n\r\nhi\r\n")}
	update(t, db, func(tx approvals.Tx) error {
		for _, raw := range raws {
			if err := tx.PutRaw(hashOf(raw), raw); err != nil {
				return err
			}
		}
		return nil
	})
	return db, p, raws
}

// verified opens the database at p, verifies it and returns its head; the
// test fails unless it verifies.
func verified(t *testing.T, p string) LedgerHead {
	t.Helper()
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := db.Verify(context.Background())
	if err != nil || !v.OK {
		t.Fatalf("verify %s: %v %+v", p, err, v)
	}
	return v.Head
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	db, p, raws := backupSource(t)
	want := verified(t, p)
	if want.Seq != 3 {
		t.Fatalf("source head %v, want seq 3", want)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	res, err := db.Backup(ctx, dir)
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if res.RawFiles != 2 || res.Verification.Head != want || res.Path != filepath.Join(dir, BackupName) {
		t.Errorf("Backup = %s, %d raw files, head %v; want %s, 2, %v", res.Path, res.RawFiles, res.Verification.Head,
			filepath.Join(dir, BackupName), want)
	}
	for _, raw := range raws[:2] {
		if _, err := os.Stat(rawFileOf(res.Path, raw)); err != nil {
			t.Errorf("backup lacks a raw file: %v", err)
		}
	}
	if _, err := db.Backup(ctx, dir); approvals.ErrorCode(err) != approvals.ECONFLICT {
		t.Errorf("second backup into %s: %v, want ECONFLICT", dir, err)
	}

	target := filepath.Join(t.TempDir(), "restored.db")
	res, err = Restore(ctx, dir, target, RestoreOptions{})
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if res.Path != target || res.Verification.Head != want {
		t.Errorf("Restore = %s head %v, want %s %v", res.Path, res.Verification.Head, target, want)
	}
	if got := verified(t, target); got != want {
		t.Errorf("restored head %v, want %v", got, want)
	}
	if leftovers, _ := filepath.Glob(target + ".restore*"); len(leftovers) > 0 {
		t.Errorf("restore left %v", leftovers)
	}
	var exists *ExistsError
	if _, err := Restore(ctx, dir, target, RestoreOptions{}); !errors.As(err, &exists) {
		t.Errorf("restore over an existing database: %v, want *ExistsError", err)
	}
	if _, err := Restore(ctx, dir, target, RestoreOptions{Replace: true}); err != nil {
		t.Errorf("restore with Replace over a closed database: %v", err)
	}
}

func TestRestoreRefusesBadBackup(t *testing.T) {
	ctx := context.Background()
	db, _, raws := backupSource(t)
	dir := filepath.Join(t.TempDir(), "backup")
	res, err := db.Backup(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rawFileOf(res.Path, raws[0]), largeRaw("edited", len(raws[0])), 0o600); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "restored.db")
	_, err = Restore(ctx, dir, target, RestoreOptions{})
	if err == nil || !strings.Contains(err.Error(), hashOf(raws[0])) {
		t.Errorf("restore of an edited raw file: %v, want an error naming %s", err, hashOf(raws[0]))
	}
	if left, _ := filepath.Glob(target + "*"); len(left) > 1 || (len(left) == 1 && left[0] != target+"-raw") {
		t.Errorf("failed restore left %v", left)
	}
}

func TestBackupMissingRawFile(t *testing.T) {
	db, p, raws := backupSource(t)
	if err := os.Remove(rawFileOf(p, raws[1])); err != nil {
		t.Fatal(err)
	}
	_, err := db.Backup(context.Background(), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "missing") || !strings.Contains(err.Error(), hashOf(raws[1])) {
		t.Errorf("backup with a missing raw file: %v, want an error naming it", err)
	}
}

// TestRestoreRefusesOpenDatabase: a database another process has open is
// not replaced, even when told to, and the refusal names that process.
func TestRestoreRefusesOpenDatabase(t *testing.T) {
	if p := os.Getenv("INTAKE_TEST_HOLD_DB"); p != "" {
		holdDatabase(t, p)
		return
	}
	db, _, _ := backupSource(t)
	dir := filepath.Join(t.TempDir(), "backup")
	if _, err := db.Backup(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "live.db")
	if _, err := Restore(context.Background(), dir, target, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRestoreRefusesOpenDatabase$")
	cmd.Env = append(os.Environ(), "INTAKE_TEST_HOLD_DB="+target)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "holding\n" {
		t.Fatalf("holder said %q, %v", line, err)
	}
	if pid, err := Holder(target); err != nil || pid != cmd.Process.Pid {
		t.Errorf("Holder = %d, %v; want %d", pid, err, cmd.Process.Pid)
	}
	_, err = Restore(context.Background(), dir, target, RestoreOptions{Replace: true})
	if want := fmt.Sprintf("open in process %d", cmd.Process.Pid); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("restore over an open database: %v, want %q", err, want)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	if pid, err := Holder(target); err != nil || pid != 0 {
		t.Errorf("Holder after close = %d, %v; want 0", pid, err)
	}
}

// holdDatabase is the child of TestRestoreRefusesOpenDatabase: it opens
// the database, says so on stdout and keeps it open until stdin closes.
func holdDatabase(t *testing.T, p string) {
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	fmt.Println("holding")
	bufio.NewReader(os.Stdin).ReadString('\n')
}

// TestLitestreamSettings pins the connection settings docs/operations.md
// (Standby with Litestream) checks against Litestream's guidance: WAL, a
// busy timeout of at least the 5 s it recommends (its checkpoints take
// short write locks), every commit synced, and SQLite's default PASSIVE
// autocheckpoint of 1000 pages, which never blocks and cannot checkpoint
// past the frames Litestream still reads.
func TestLitestreamSettings(t *testing.T) {
	db, _ := openTest(t)
	var (
		mode                       string
		busy, sync, autocheckpoint int
	)
	for _, q := range []struct {
		pragma string
		dest   any
	}{{"journal_mode", &mode}, {"busy_timeout", &busy}, {"synchronous", &sync}, {"wal_autocheckpoint", &autocheckpoint}} {
		if err := db.rw.QueryRow("PRAGMA " + q.pragma).Scan(q.dest); err != nil {
			t.Fatalf("PRAGMA %s: %v", q.pragma, err)
		}
	}
	if mode != "wal" || busy < 5000 || sync != 2 || autocheckpoint != 1000 {
		t.Errorf("journal_mode=%s busy_timeout=%d synchronous=%d wal_autocheckpoint=%d; docs/operations.md says wal, >= 5000, 2 (FULL), 1000",
			mode, busy, sync, autocheckpoint)
	}
}
