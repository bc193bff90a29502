package store

import (
	"fmt"
	"testing"

	"intake/approvals"
)

// BenchmarkAppend measures one Append per committed write transaction,
// fsync included (synchronous=FULL).
func BenchmarkAppend(b *testing.B) {
	db, _ := openTest(b)
	i := 0
	for b.Loop() {
		i++
		err := db.Update(b.Context(), func(tx approvals.Tx) error {
			_, err := tx.Append(reviewEntry(i))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendBatch measures Append inside one transaction: the bulk
// path (the ledger head is cached in the Tx).
func BenchmarkAppendBatch(b *testing.B) {
	db, _ := openTest(b)
	err := db.Update(b.Context(), func(tx approvals.Tx) error {
		i := 0
		for b.Loop() {
			i++
			if _, err := tx.Append(reviewEntry(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerify100k verifies a ledger of 100,000 entries: the whole of
// Verify, and the hash chain alone.
func BenchmarkVerify100k(b *testing.B) {
	const n = 100_000
	db, _ := openTest(b)
	loadAndRemove(b, db)
	appendN(b, db, n-3)

	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			v, err := db.Verify(b.Context())
			if err != nil || !v.OK || v.Entries != n {
				b.Fatalf("Verify = %+v, %v", v, err)
			}
		}
	})
	b.Run("chain", func(b *testing.B) {
		for b.Loop() {
			tx, err := db.beginRead(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			var v Verification
			if err := verifyChain(b.Context(), tx, &v, func(*approvals.Entry) error { return nil }); err != nil || v.FirstBad != 0 {
				b.Fatalf("verifyChain = %+v, %v", v, err)
			}
			tx.Rollback()
		}
	})
}

// BenchmarkPutRawLarge stores one new 20 MB raw message per committed
// write transaction, as the workflow does for a message with a large
// attachment: the caller's SHA-256 (approvals.Hash), PutRaw and the
// commit, fsyncs included.
func BenchmarkPutRawLarge(b *testing.B) {
	const size = 20 << 20
	db, _ := openTest(b)
	raw := make([]byte, size)
	for i := range raw {
		raw[i] = byte('a' + i%26)
	}
	b.SetBytes(size)
	i := 0
	for b.Loop() {
		i++
		copy(raw, fmt.Sprintf("Message-ID: <%d@bench>\r\n", i)) // a new hash each time
		err := db.Update(b.Context(), func(tx approvals.Tx) error {
			return tx.PutRaw(hashOf(raw), raw)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirectoryLarge reads a large directory (5,000 properties in 50
// portfolios, 20,000 doors, 3,000 managers with 5 grants each) whole, as
// the replay does, and without its doors and enablements (Names), as
// every batch of decisions does once.
func BenchmarkDirectoryLarge(b *testing.B) {
	db, _ := openTest(b)
	d := &approvals.Directory{}
	for i := range 20 {
		d.Partners = append(d.Partners, approvals.Partner{ID: fmt.Sprintf("p-%d", i), Name: fmt.Sprintf("Partner %d", i)})
	}
	for i := range 50 {
		d.Portfolios = append(d.Portfolios, approvals.Portfolio{ID: fmt.Sprintf("f-%d", i), Name: fmt.Sprintf("Portfolio %d", i)})
	}
	for i := range 5000 {
		prop := fmt.Sprintf("prop-%d", i)
		d.Properties = append(d.Properties, approvals.Property{ID: prop, Name: fmt.Sprintf("Building %d", i), Portfolio: fmt.Sprintf("f-%d", i%50)})
		for j := range 4 {
			d.Doors = append(d.Doors, approvals.Door{ID: fmt.Sprintf("d-%d-%d", i, j), Property: prop, Name: "Door", Kind: approvals.DoorCommunal, Connected: true})
		}
	}
	for i := range 3000 {
		m := approvals.Manager{Email: fmt.Sprintf("m%d@example.com", i), Name: fmt.Sprintf("Manager %d", i)}
		for j := range 5 {
			m.Properties = append(m.Properties, fmt.Sprintf("prop-%d", (i*5+j)%5000))
		}
		d.Managers = append(d.Managers, m)
	}
	if err := db.Update(b.Context(), func(tx approvals.Tx) error { return tx.ReplaceDirectory(d) }); err != nil {
		b.Fatal(err)
	}
	for _, read := range []struct {
		name string
		fn   func(approvals.Tx) (*approvals.Directory, error)
	}{{"Directory", approvals.Tx.Directory}, {"Names", approvals.Tx.Names}} {
		b.Run(read.name, func(b *testing.B) {
			for b.Loop() {
				err := db.View(b.Context(), func(tx approvals.Tx) error {
					_, err := read.fn(tx)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
