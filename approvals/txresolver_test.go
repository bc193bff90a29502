package approvals

import (
	"reflect"
	"slices"
	"testing"
)

// dirTx is a Tx that has only a directory, and looks managers and
// properties up in it as the store does: a manager by EmailKey of the
// address, "" never found; a property by id. It counts the reads of
// Names.
type dirTx struct {
	Tx
	dir     Directory
	version string
	reads   int
}

func (tx *dirTx) DirectoryVersion() (string, error) { return tx.version, nil }

func (tx *dirTx) Names() (*Directory, error) {
	tx.reads++
	d := tx.dir // the store returns a fresh copy each time
	d.Managers = slices.Clone(d.Managers)
	d.Properties = slices.Clone(d.Properties)
	return &d, nil
}

func (tx *dirTx) Manager(email string) (*Manager, error) {
	for _, m := range tx.dir.Managers {
		if key := EmailKey(email); key != "" && m.Email == key {
			return &m, nil
		}
	}
	return nil, Errorf(ENOTFOUND, "manager %q not found", email)
}

func (tx *dirTx) Property(id string) (*Property, error) {
	for _, p := range tx.dir.Properties {
		if p.ID == id {
			return &p, nil
		}
	}
	return nil, Errorf(ENOTFOUND, "property %q not found", id)
}

// TestTxResolverReadsAsTx checks that the batch's directory answers the
// manager and property lookups of a decision as the transaction does,
// and that an answer is a copy a caller cannot change the directory by.
func TestTxResolverReadsAsTx(t *testing.T) {
	tx := &dirTx{dir: Directory{
		Properties: []Property{{ID: "p-pines", Name: "The Pines", Portfolio: "f-north"}, {ID: "p-harbor", Name: "Harbor"}},
		Managers: []Manager{
			{Email: "maria@pines.example", Name: "Maria", Properties: []string{"p-pines"}},
			{Email: "hank@harbor.example", Name: "Hank", Properties: []string{}, Portfolios: []string{"f-north"}},
		},
	}}
	rv := &txResolver{tx: tx, cache: &batchDirCache{}}
	for _, email := range []string{"maria@pines.example", " Maria@Pines.EXAMPLE\t", "hank@harbor.example",
		"nobody@pines.example", "", "  ", "maria@pines.example.evil"} {
		want, wantErr := tx.Manager(email)
		got, err := rv.Manager(email)
		if !reflect.DeepEqual(got, want) || ErrorCode(err) != ErrorCode(wantErr) {
			t.Errorf("Manager(%q) = %+v, %v; the transaction says %+v, %v", email, got, err, want, wantErr)
		}
	}
	for _, id := range []string{"p-pines", "p-harbor", "p-PINES", "", "p-none"} {
		want, wantErr := tx.Property(id)
		got, err := rv.Property(id)
		if !reflect.DeepEqual(got, want) || ErrorCode(err) != ErrorCode(wantErr) {
			t.Errorf("Property(%q) = %+v, %v; the transaction says %+v, %v", id, got, err, want, wantErr)
		}
	}
	m, _ := rv.Manager("maria@pines.example")
	m.Email = "changed"
	p, _ := rv.Property("p-pines")
	p.Portfolio = "changed"
	if m, _ := rv.Manager("maria@pines.example"); m == nil || m.Email != "maria@pines.example" {
		t.Errorf("changing an answer changed the batch's directory: %+v", m)
	}
	if p, _ := rv.Property("p-pines"); p == nil || p.Portfolio != "f-north" {
		t.Errorf("changing an answer changed the batch's directory: %+v", p)
	}
}

// TestBatchDirCache checks that transactions reuse the directory read
// under the same version, and read it again when the version changes.
func TestBatchDirCache(t *testing.T) {
	tx := &dirTx{version: "v1", dir: Directory{
		Properties: []Property{{ID: "p-pines", Name: "The Pines"}},
		Managers:   []Manager{{Email: "maria@pines.example", Properties: []string{"p-pines"}}},
	}}
	cache := &batchDirCache{}
	lookup := func() *Manager {
		t.Helper()
		m, err := (&txResolver{tx: tx, cache: cache}).Manager("maria@pines.example")
		if err != nil && ErrorCode(err) != ENOTFOUND {
			t.Fatal(err)
		}
		return m
	}
	for range 3 {
		if lookup() == nil {
			t.Fatal("maria not found")
		}
	}
	if tx.reads != 1 {
		t.Errorf("three transactions under one version read the directory %d times, want 1", tx.reads)
	}
	tx.dir.Managers, tx.version = nil, "v2" // maria removed
	if m := lookup(); m != nil {
		t.Errorf("after the version changed, the removed manager is still found: %+v", m)
	}
	if tx.reads != 2 {
		t.Errorf("a new version was read %d times in all, want 2", tx.reads)
	}
}
