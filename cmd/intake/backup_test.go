package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeMessages writes the generated messages from..to-1 of run (see
// killMessage: one in 25 carries a 2 MiB attachment) into dir and returns
// their paths.
func writeMessages(t *testing.T, dir, run string, from, to int) []string {
	t.Helper()
	var paths []string
	for i := from; i < to; i++ {
		p := filepath.Join(dir, fmt.Sprintf("%s-%04d.eml", run, i))
		if err := os.WriteFile(p, killMessage(run, i, time.Now()), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// headOf returns the "SEQ HASH" a backup, restore or ledger verify printed
// after "head: ".
func headOf(t *testing.T, out string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if h, ok := strings.CutPrefix(line, "head: "); ok {
			return strings.TrimSpace(h)
		}
	}
	t.Fatalf("no head in %q", out)
	return ""
}

// readOnlyQuery runs a one-row query on the database at p, opened
// read-only, scanning into dest.
func readOnlyQuery(t *testing.T, p, query string, dest ...any) error {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+p+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return db.QueryRow(query).Scan(dest...)
}

// readWriteQuery is readOnlyQuery on a read-write connection that waits
// at most a second for a lock.
func readWriteQuery(t *testing.T, p, query string, dest ...any) error {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+p+"?_busy_timeout=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return db.QueryRow(query).Scan(dest...)
}

// entryAt returns "SEQ HASH" of the ledger entry seq of the database at p.
func entryAt(t *testing.T, p string, seq int64) string {
	t.Helper()
	var hash string
	if err := readOnlyQuery(t, p, fmt.Sprintf(`SELECT hash FROM ledger WHERE seq = %d`, seq), &hash); err != nil {
		t.Fatalf("ledger entry %d of %s: %v", seq, p, err)
	}
	return fmt.Sprintf("%d %s", seq, hash)
}

// TestBackupWhileIngesting: `intake backup` while other processes go on
// ingesting mail (large messages among it) writes a copy that verifies,
// holds a prefix of the ledger and the raw files of its large messages,
// and `intake restore` puts it in place, refusing the live database.
func TestBackupWhileIngesting(t *testing.T) {
	w := loaded(t)
	mail := t.TempDir()
	w.ok(append([]string{"ingest"}, writeMessages(t, mail, "bk", 0, 15)...)...) // message 12 is large
	later := writeMessages(t, mail, "bk", 15, 75)                               // 37 and 62 are large
	done, started := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < len(later); i += 5 {
			if r := w.run(append([]string{"ingest"}, later[i:i+5]...)...); r.code != exitOK {
				done <- fmt.Errorf("ingest: %v", r)
				return
			}
			if i == 0 {
				close(started) // the backup starts while the rest goes in
			}
		}
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatal(err)
	}
	dir := filepath.Join(w.dir, "backup")
	r := w.ok("backup", dir)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	backupHead := headOf(t, r.stdout)
	copyPath := filepath.Join(dir, "intake.db")
	var seq int64
	fmt.Sscan(backupHead, &seq)
	if got := entryAt(t, w.db, seq); got != backupHead {
		t.Errorf("backup head %s, but the live ledger has %s there: not a prefix", backupHead, got)
	}
	liveHead := headOf(t, w.ok("ledger", "verify").stdout)
	t.Logf("backup head %s, live head %s", backupHead, liveHead)
	files, _ := filepath.Glob(filepath.Join(copyPath+"-raw", "*", "*"))
	if len(files) == 0 || !strings.Contains(r.stdout, fmt.Sprintf("(%d raw message files)", len(files))) {
		t.Errorf("backup holds raw files %v; it said:\n%s", files, r.stdout)
	}
	if got := headOf(t, runBin(t, w.dir, "--config", w.config, "--db", copyPath, "ledger", "verify").stdout); got != backupHead {
		t.Errorf("ledger verify of the copy: head %s, want %s", got, backupHead)
	}

	target := filepath.Join(w.dir, "restored.db")
	r = runBin(t, w.dir, "--config", w.config, "--db", target, "restore", dir)
	if r.code != exitOK || headOf(t, r.stdout) != backupHead {
		t.Fatalf("restore: %v; want head %s", r, backupHead)
	}
	r = w.run("restore", dir)
	if r.code == exitOK || !strings.Contains(r.stderr, "exists") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("restore over the live database: %v; want a refusal naming --force", r)
	}
	if got := headOf(t, w.ok("ledger", "verify").stdout); got != liveHead {
		t.Errorf("after the refused restore the live head is %s, want %s", got, liveHead)
	}
}
