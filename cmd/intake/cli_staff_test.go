package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// staffPassword is the password the tests give staff accounts.
const staffPassword = "a long test password"

// addStaff adds an active staff account through `intake staff add`.
func (w *workspace) addStaff(email string) {
	w.t.Helper()
	file := filepath.Join(w.dir, "password.txt")
	if err := os.WriteFile(file, []byte(staffPassword+"\n"), 0o600); err != nil {
		w.t.Fatal(err)
	}
	w.ok("staff", "add", email, "--password-file", file)
}

// runStdin runs intake in the workspace with stdin as its standard input.
func (w *workspace) runStdin(stdin string, args ...string) result {
	w.t.Helper()
	cmd := exec.CommandContext(w.t.Context(), intakeBin, append([]string{"--config", w.config, "--db", w.db}, args...)...)
	cmd.Dir, cmd.Env = w.dir, append(os.Environ(), "INTAKE_CONFIG=")
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // the exit status is in ProcessState
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

func TestStaffCommands(t *testing.T) {
	w := loaded(t)
	if r := w.ok("staff", "list"); !strings.Contains(r.stdout, "no staff account") {
		t.Errorf("empty staff list: %v", r)
	}
	w.addStaff("sam@door.com")
	if r := w.runStdin("another long password\n", "staff", "add", "Kim@Door.com"); r.code != exitOK || !strings.Contains(r.stdout, "kim@door.com is active") {
		t.Errorf("staff add reading stdin: %v", r)
	}
	steps := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string // in stdout for exit 0, in stderr otherwise
	}{
		{"add again", "x", []string{"staff", "add", "sam@door.com"}, exitProblem, "already exists"},
		{"empty password", "", []string{"staff", "add", "lee@door.com"}, exitUsage, "password is empty"},
		{"short password", "short\n", []string{"staff", "add", "lee@door.com"}, exitProblem, "shorter than 12"},
		{"bad email", "x", []string{"staff", "add", "lee"}, exitUsage, "not an email address"},
		{"missing password file", "", []string{"staff", "add", "lee@door.com", "--password-file", "nowhere.txt"}, exitUsage, "open password file"},
		{"disable", "", []string{"staff", "disable", "kim@door.com"}, exitOK, "kim@door.com is disabled"},
		{"disable again", "", []string{"staff", "disable", "kim@door.com"}, exitProblem, "already disabled"},
		{"disable unknown", "", []string{"staff", "disable", "lee@door.com"}, exitProblem, "no staff account"},
		{"passwd", "a new long password\n", []string{"staff", "passwd", "sam@door.com"}, exitOK, "new password"},
		{"passwd unknown", "a new long password\n", []string{"staff", "passwd", "lee@door.com"}, exitProblem, "no staff account"},
		{"list", "", []string{"staff", "list"}, exitOK, "kim@door.com  disabled"},
	}
	for _, s := range steps {
		r := w.runStdin(s.stdin, s.args...)
		out := r.stdout
		if s.code != exitOK {
			out = r.stderr
		}
		if r.code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("%s: got %v\nwant exit %d with %q", s.name, r, s.code, s.want)
		}
	}
	var list []map[string]any
	w.jsonOf(&list, "staff", "list", "--json")
	if len(list) != 2 || list[0]["email"] != "kim@door.com" || list[0]["active"] != false || list[1]["active"] != true {
		t.Errorf("staff list --json = %v", list)
	}
	for _, s := range list {
		checkKeys(t, "staff", s, "email", "active", "created_at", "updated_at")
		if _, ok := s["password_hash"]; ok {
			t.Errorf("staff list --json shows the password hash: %v", s)
		}
	}
	// The ledger records each change, never a password or its hash.
	db := w.openDB()
	if n := count(db, `SELECT count(*) FROM ledger WHERE kind LIKE 'staff.%' AND actor = 'operator'`); n != 4 {
		t.Errorf("staff ledger entries = %d, want 4 (2 adds, a disable, a password change)", n)
	}
	if n := count(db, `SELECT count(*) FROM ledger WHERE data LIKE '%argon2%' OR data LIKE '%password%'`); n != 0 {
		t.Errorf("%d ledger entries hold a password or hash", n)
	}
	w.ok("ledger", "verify")
}

// TestReviewNeedsStaffAccount: --as must name an active staff account;
// anything else is refused with exit 2 and changes nothing.
func TestReviewNeedsStaffAccount(t *testing.T) {
	w := loaded(t)
	ids := ingestIDs(t, w, "09")
	w.addStaff("sam@door.com")
	w.addStaff("gone@door.com")
	w.ok("staff", "disable", "gone@door.com")
	for _, as := range []string{"stranger@nowhere.example", "gone@door.com"} {
		r := w.run("queue", "approve", ids["09"], "--as", as, "--note", "x")
		if r.code != exitUsage || !strings.Contains(r.stderr, as) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("approve as %s: %v, want exit 2 with one line naming it", as, r)
		}
	}
	if got := queueIDs(t, w); len(got) != 1 || got[0] != ids["09"] {
		t.Errorf("queue after refused approvals = %v, want [%s] still pending", got, ids["09"])
	}
	if r := w.ok("queue", "approve", ids["09"], "--as", "sam@door.com", "--note", "phoned"); !strings.Contains(r.stdout, "now applied") {
		t.Errorf("approve as sam: %v", r)
	}
	r := w.run("queue", "reject", ids["09"], "--as", "sam@door.com", "--note", "late")
	if r.code != exitProblem || !strings.Contains(r.stderr, "already decided by staff:sam@door.com at ") || !strings.Contains(r.stderr, "it is applied") {
		t.Errorf("reject after approval: %v, want exit 1 saying who decided it and when", r)
	}
}
