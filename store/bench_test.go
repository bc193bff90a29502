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
			if _, err := verifyChain(b.Context(), tx, &v); err != nil || v.FirstBad != 0 {
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
