package approvals

import (
	"reflect"
	"slices"
	"testing"
)

// dirTx is a Tx that has only a directory, and looks managers and
// properties up in it as the store does: a manager by EmailKey of the
// address, "" never found; a property by id.
type dirTx struct {
	Tx
	dir Directory
}

func (tx *dirTx) Names() (*Directory, error) {
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
	rv := &txResolver{tx: tx}
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
