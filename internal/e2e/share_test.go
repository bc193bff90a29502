package e2e

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intake/approvals"
)

// appliedBeforeFile lists the messages of testdata and the sample that the
// parser applied on its own before the fail-closed rule (issue 14), one
// path relative to the repository per line; made by running
// TestLegitimateShare with INTAKE_WRITE_APPLIED=FILE on that code.
var appliedBeforeFile = filepath.Join(testdataDir, "e2e", "applied-before.txt")

// heldOnPurpose are the messages applied before the fail-closed rule that
// now wait for staff, each with the sentence kind that holds it: a careful
// reviewer would want to read that before the doors open.
var heldOnPurpose = map[string]string{
	"cmd/intake/sample/10-html-hidden.eml":      "a display:none block in the HTML holds a second consent",
	"testdata/parser/text-html-only-hidden.eml": "the HTML hides text in several ways (display, visibility, font size)",
	"testdata/parser/text-hard-wrapped.eml":     "a statement about what residents were told of both changes",
	"testdata/parser/text-inline-reply.eml":     "inline answers 'It should not.' and 'Not yet, we will write again about that one.'",
	"testdata/parser/text-signature.eml":        "the signature itself reads as a removal request for another property",
}

// repoPath returns path (relative to this package) relative to the
// repository root.
func repoPath(path string) string {
	return filepath.ToSlash(strings.TrimPrefix(filepath.Clean(path), ".."+string(filepath.Separator)+".."+string(filepath.Separator)))
}

// TestLegitimateShare measures how much of the legitimate mail of testdata
// is still applied on its own: every message applied before the
// fail-closed rule must still be applied, or be listed in heldOnPurpose
// and now wait for staff with held_by_sender or unverified_content. It
// logs the share before and after.
func TestLegitimateShare(t *testing.T) {
	files := legitimateFiles(t)
	now := map[string]*approvals.Result{}
	var appliedNow []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := receive(t, raw)
		now[repoPath(f)] = res
		if len(applied(res)) > 0 {
			appliedNow = append(appliedNow, repoPath(f))
		}
	}
	if out := os.Getenv("INTAKE_WRITE_APPLIED"); out != "" {
		if err := os.WriteFile(out, []byte(strings.Join(appliedNow, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := readLines(t, appliedBeforeFile)
	kept := 0
	for _, f := range before {
		res, ok := now[f]
		switch {
		case !ok:
			t.Errorf("%s: applied before, and no longer in testdata", f)
		case len(applied(res)) > 0:
			kept++
			if why, held := heldOnPurpose[f]; held {
				t.Errorf("%s: listed as held on purpose (%s) but applied", f, why)
			}
		case heldOnPurpose[f] == "":
			t.Errorf("%s: applied before, now %s; hold it on purpose with a reason or let it apply", f, describe(res))
		default:
			checkHeld(t, f, res)
		}
	}
	newFiles := 0
	for _, f := range appliedNow {
		if !slices.Contains(before, f) {
			newFiles++
		}
	}
	t.Logf("legitimate mail applied on its own: before the fail-closed rule %d messages; now %d of those (%.0f%%) and %d that were not applied before, %d in all",
		len(before), kept, 100*float64(kept)/float64(max(1, len(before))), newFiles, len(appliedNow))
	for _, f := range slices.Sorted(maps.Keys(heldOnPurpose)) {
		t.Logf("held on purpose: %s: %s", f, heldOnPurpose[f])
	}
}

// checkHeld fails t unless every request of res waits for staff with one
// of the content reasons.
func checkHeld(t *testing.T, f string, res *approvals.Result) {
	t.Helper()
	for _, r := range res.Requests {
		if r.Reason != approvals.ReasonHeldBySender && r.Reason != approvals.ReasonUnverifiedContent {
			t.Errorf("%s: held on purpose, but %s", f, describe(res))
			return
		}
	}
}

// readLines returns the non-blank lines of the file at path.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(fmt.Errorf("read the list of messages applied before: %w", err))
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
