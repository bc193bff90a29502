package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"intake/internal/imaptest"
	"intake/mailbox"
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

// appendUntil appends generated messages of run (see killMessage: one in
// 25 is large, so that its raw bytes are stored as a file) to s's INBOX
// over one connection, one every 10-40 ms, counting them in n, until stop
// is closed or max are appended.
func appendUntil(s *imaptest.Server, run string, max int, n *atomic.Int32, stop <-chan struct{}) error {
	c, err := imapclient.DialInsecure(s.Addr(), nil)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer c.Close()
	if err := c.Login(s.Username(), s.Password()).Wait(); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	for i := 0; i < max; i++ {
		select {
		case <-stop:
			return nil
		case <-time.After(time.Duration(10+rand.IntN(30)) * time.Millisecond):
		}
		raw := killMessage(run, i, time.Now())
		if err := appendInbox(c, raw); err != nil {
			return fmt.Errorf("append %d: %w", i, err)
		}
		n.Add(1)
	}
	return nil
}

// checkBackup asserts that the backup `intake backup` wrote into dir,
// printing out, verifies and is a prefix of the live ledger at w.db, and
// that it holds, intact, every raw file it references. It returns the
// backup's head and the number of raw files it references.
func checkBackup(t *testing.T, w *workspace, dir, out string) (head string, seq int64, files int) {
	t.Helper()
	head = headOf(t, out)
	if _, err := fmt.Sscan(head, &seq); err != nil {
		t.Fatalf("backup head %q: %v", head, err)
	}
	if got := entryAt(t, w.db, seq); got != head {
		t.Errorf("backup head %s, but the live ledger has %s there: not a prefix", head, got)
	}
	copyPath := filepath.Join(dir, "intake.db")
	if got := headOf(t, runBin(t, w.dir, "--config", w.config, "--db", copyPath, "ledger", "verify").stdout); got != head {
		t.Errorf("ledger verify of the copy %s: head %s, want %s", copyPath, got, head)
	}
	db, err := sql.Open("sqlite3", "file:"+copyPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT hash, size FROM raw_messages WHERE bytes IS NULL`)
	if err != nil {
		t.Fatalf("raw files of %s: %v", copyPath, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			hash string
			size int64
		)
		if err := rows.Scan(&hash, &size); err != nil {
			t.Fatal(err)
		}
		files++
		raw, err := os.ReadFile(filepath.Join(copyPath+"-raw", hash[:2], hash))
		if err != nil {
			t.Errorf("backup %s lacks a raw file it references: %v", dir, err)
			continue
		}
		if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != hash || int64(len(raw)) != size {
			t.Errorf("backup %s: raw file %s has %d bytes (%d stored) or does not match its hash", dir, hash, len(raw), size)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, fmt.Sprintf("(%d raw message files)", files)) {
		t.Errorf("backup %s references %d raw files; it said:\n%s", dir, files, out)
	}
	return head, seq, files
}

// TestBackupWhileServing: `intake backup`, run twice while a real `intake
// serve` commits mail that goes on arriving in its IMAP inbox (large
// messages among it), writes copies that verify, hold a prefix of the
// ledger and every raw file they reference; `intake restore` of the later
// one gives a database with the same head, and restore over the database
// serve holds is refused, naming serve's pid. Every message is decided
// exactly once.
func TestBackupWhileServing(t *testing.T) {
	s, _, w, db, p := startServing(t)
	var appended atomic.Int32
	stop, appendErr := make(chan struct{}), make(chan error, 1)
	go func() { appendErr <- appendUntil(s, "bs", 400, &appended, stop) }()
	stopAppending := func() {
		if stop != nil {
			close(stop)
			stop = nil
			if err := <-appendErr; err != nil {
				t.Errorf("append: %v", err)
			}
		}
	}
	defer stopAppending()
	rawFiles := func() int { return count(db, `SELECT count(*) FROM raw_messages WHERE bytes IS NULL`) }

	// The first backup once a large message is decided, the second once
	// another one is, both while mail arrives and serve commits it.
	eventually(t, 60*time.Second, "no large message was decided", func() bool { return rawFiles() >= 1 })
	dir1 := filepath.Join(w.dir, "backup1")
	head1, seq1, files1 := checkBackup(t, w, dir1, w.ok("backup", dir1).stdout)
	eventually(t, 60*time.Second, "no large message was decided after the first backup", func() bool { return rawFiles() > files1 })
	dir2 := filepath.Join(w.dir, "backup2")
	head2, seq2, files2 := checkBackup(t, w, dir2, w.ok("backup", dir2).stdout)
	if seq2 <= seq1 || files2 <= files1 {
		t.Errorf("the second backup (head %s, %d raw files) is not later than the first (head %s, %d raw files)", head2, files2, head1, files1)
	}
	eventually(t, 60*time.Second, "serve committed nothing after the second backup", func() bool {
		return count(db, `SELECT max(seq) FROM ledger`) > int(seq2)
	})
	stopAppending()
	n := int(appended.Load())
	eventually(t, 60*time.Second, "not every appended message was decided and marked", func() bool {
		if count(db, `SELECT count(*) FROM messages`) < n {
			return false
		}
		msgs, _ := s.Contents(t, "INBOX")
		for _, m := range msgs {
			if !m.Has(mailbox.DoneKeyword) {
				return false
			}
		}
		return len(msgs) == n
	})

	target := filepath.Join(w.dir, "restored.db")
	r := runBin(t, w.dir, "--config", w.config, "--db", target, "restore", dir2)
	if r.code != exitOK || headOf(t, r.stdout) != head2 {
		t.Fatalf("restore: %v; want head %s", r, head2)
	}
	if got := headOf(t, runBin(t, w.dir, "--config", w.config, "--db", target, "ledger", "verify").stdout); got != head2 {
		t.Errorf("ledger verify of the restored database: head %s, want %s", got, head2)
	}
	liveHead := headOf(t, w.ok("ledger", "verify").stdout)
	// The test's own read-only handle would be a holder too: only serve
	// may hold the database now.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	pid := fmt.Sprintf("pid %d", p.cmd.Process.Pid)
	for _, args := range [][]string{{"restore", dir2}, {"restore", "--force", dir2}} {
		if r := w.run(args...); r.code == exitOK || !strings.Contains(r.stderr, pid) {
			t.Errorf("intake %s over the database serve holds: %v; want a refusal naming %s", strings.Join(args, " "), r, pid)
		}
	}
	if got := headOf(t, w.ok("ledger", "verify").stdout); got != liveHead {
		t.Errorf("after the refused restores the live head is %s, want %s", got, liveHead)
	}

	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d, want 0; stderr:\n%s", code, p.stderr)
	}
	if logs := p.stderr.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("serve logged errors:\n%s", logs)
	}
	t.Logf("%d messages appended; backups at heads %s (%d raw files) and %s (%d raw files); live head %s",
		n, head1, files1, head2, files2, liveHead)
	checkExactlyOnce(t, w, s, n)
}
