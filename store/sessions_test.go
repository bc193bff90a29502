package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

func TestSessions(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "intake.db"), CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := Session{IDHash: strings.Repeat("a", 64), Staff: "ada@door.com", CSRF: strings.Repeat("c", 43), Created: t0, LastSeen: t0}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSession(ctx, s); approvals.ErrorCode(err) != approvals.EINVALID {
		t.Errorf("a repeated id: err %v, want EINVALID", err)
	}
	got, err := db.Session(ctx, s.IDHash)
	if err != nil || *got != s {
		t.Fatalf("Session = %+v, %v; want %+v", got, err, s)
	}
	if err := db.TouchSession(ctx, s.IDHash, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Session(ctx, s.IDHash); !got.LastSeen.Equal(t0.Add(time.Minute)) {
		t.Errorf("LastSeen %v after touch", got.LastSeen)
	}
	other := s
	other.IDHash, other.Created, other.LastSeen = strings.Repeat("b", 64), t0.Add(time.Hour), t0.Add(time.Hour)
	if err := db.CreateSession(ctx, other); err != nil {
		t.Fatal(err)
	}
	n, err := db.DeleteExpiredSessions(ctx, t0.Add(30*time.Minute), t0.Add(-time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	if _, err := db.Session(ctx, s.IDHash); approvals.ErrorCode(err) != approvals.ENOTFOUND {
		t.Errorf("the idle session is still there: %v", err)
	}
	if err := db.DeleteSession(ctx, other.IDHash); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, other.IDHash); approvals.ErrorCode(err) != approvals.ENOTFOUND {
		t.Errorf("a deleted session is still there: %v", err)
	}
}

func TestEntriesAboutAndRecent(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "intake.db"), CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	err = db.Update(ctx, func(tx approvals.Tx) error {
		for _, subj := range []string{"r-000001", "m-000001", "r-000002", "r-000001"} {
			if _, err := tx.Append(approvals.Entry{Kind: approvals.EntryReview, Subject: subj, Data: []byte(`{}`)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.EntriesAbout(ctx, []string{"r-000001", "m-000001"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, e := range es {
		seqs = append(seqs, e.Seq)
	}
	if want := []int64{1, 2, 4}; !slices.Equal(seqs, want) {
		t.Errorf("EntriesAbout seqs %v, want %v", seqs, want)
	}
	if es, _ := db.EntriesAbout(ctx, []string{"r-000001"}, 1); len(es) != 1 || es[0].Seq != 4 {
		t.Errorf("EntriesAbout limit 1 = %v, want the last entry", es)
	}
	rec, err := db.RecentEntries(ctx, 2)
	if err != nil || len(rec) != 2 || rec[0].Seq != 4 || rec[1].Seq != 3 {
		t.Errorf("RecentEntries(2) = %v, %v; want seqs 4, 3", rec, err)
	}
}
