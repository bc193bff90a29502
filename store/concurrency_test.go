package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"intake/approvals"
)

// appendMine appends n entries with actor as separate transactions, each
// reading the head like the workflow does.
func appendMine(ctx context.Context, db *DB, actor string, n int) error {
	for i := range n {
		err := db.Update(ctx, func(tx approvals.Tx) error {
			_, err := tx.Append(approvals.Entry{Kind: approvals.EntryReview, Actor: actor,
				Subject: strconv.Itoa(i), Data: []byte(`{}`)})
			return err
		})
		if err != nil {
			return fmt.Errorf("%s append %d: %w", actor, i, err)
		}
	}
	return nil
}

// checkAppends verifies the ledger and that each actor's n appends landed
// exactly once.
func checkAppends(t *testing.T, db *DB, actors []string, n int) {
	t.Helper()
	v, err := db.Verify(t.Context())
	if err != nil || !v.OK || v.Entries != len(actors)*n {
		t.Fatalf("Verify = %+v, %v; want OK with %d entries", v, err, len(actors)*n)
	}
	es, err := db.Entries(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range es {
		seen[e.Actor+"/"+e.Subject]++
	}
	for _, a := range actors {
		for i := range n {
			if k := a + "/" + strconv.Itoa(i); seen[k] != 1 {
				t.Errorf("append %s landed %d times, want 1", k, seen[k])
			}
		}
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	const workers, n = 8, 25
	db, p := openTest(t)
	// Half the workers share db; the others open their own handles, so
	// that they compete for the file lock like separate processes.
	var (
		wg     sync.WaitGroup
		actors []string
		errs   = make(chan error, workers)
	)
	for w := range workers {
		actor := fmt.Sprintf("g%d", w)
		actors = append(actors, actor)
		h := db
		if w%2 == 1 {
			var err error
			if h, err = Open(p, CreateIfMissing()); err != nil {
				t.Fatal(err)
			}
			defer h.Close()
		}
		wg.Go(func() { errs <- appendMine(t.Context(), h, actor, n) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkAppends(t, db, actors, n)
}

// helperEnv names the database a helper process appends to.
const helperEnv = "STORE_TEST_HELPER_DB"

// TestMain runs the test binary as a helper process when
// TestConcurrentProcesses starts it with helperEnv set: it opens the
// database named there, appends to it and exits.
func TestMain(m *testing.M) {
	if path := os.Getenv(helperEnv); path != "" {
		os.Exit(runHelper(path))
	}
	os.Exit(m.Run())
}

func runHelper(path string) int {
	n, _ := strconv.Atoi(os.Getenv(helperEnv + "_N"))
	db, err := Open(path, CreateIfMissing())
	if err != nil {
		fmt.Fprintf(os.Stderr, "open: %v\n", err)
		return 1
	}
	defer db.Close()
	if err := appendMine(context.Background(), db, os.Getenv(helperEnv+"_ACTOR"), n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestConcurrentProcesses starts several processes that open one new
// database file at once (racing to migrate it) and append to it.
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: starts OS processes")
	}
	const procs, n = 5, 40
	path := filepath.Join(t.TempDir(), "shared.db")
	var (
		actors []string
		cmds   []*exec.Cmd
	)
	for i := range procs {
		actor := fmt.Sprintf("proc%d", i)
		actors = append(actors, actor)
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), helperEnv+"="+path,
			helperEnv+"_N="+strconv.Itoa(n), helperEnv+"_ACTOR="+actor)
		cmds = append(cmds, cmd)
	}
	outs := make([][]byte, procs)
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Go(func() {
			var err error
			if outs[i], err = cmd.CombinedOutput(); err != nil {
				outs[i] = append(outs[i], []byte(err.Error())...)
			}
		})
	}
	wg.Wait()
	for i, cmd := range cmds {
		if !cmd.ProcessState.Success() {
			t.Errorf("helper %d failed:\n%s", i, outs[i])
		}
	}
	db, err := Open(path, CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkAppends(t, db, actors, n)
}
