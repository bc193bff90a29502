package store

import (
	"os"
	"strings"
	"testing"

	"intake/approvals"
)

// TestVerifyRaw tampers with stored raw messages, as files and inline,
// and expects Verify to report the one tampered with.
func TestVerifyRaw(t *testing.T) {
	large := largeRaw("verify", 2<<20)
	small := []byte("Message-ID: <small@x>\r\n\r\nhello\r\n")
	tests := []struct {
		name   string
		tamper func(t *testing.T, p string)
		want   string // in StateDiff, $HASH and $FILE of the large message; "" for OK
	}{
		{"intact", func(*testing.T, string) {}, ""},
		{"file edited", func(t *testing.T, p string) {
			b, err := os.ReadFile(rawFileOf(p, large))
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 1
			if err := os.WriteFile(rawFileOf(p, large), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "raw message $HASH: its file $FILE does not match the hash"},
		{"file deleted", func(t *testing.T, p string) {
			if err := os.Remove(rawFileOf(p, large)); err != nil {
				t.Fatal(err)
			}
		}, "raw message $HASH: its file $FILE is missing"},
		{"file truncated", func(t *testing.T, p string) {
			if err := os.Truncate(rawFileOf(p, large), 1<<20); err != nil {
				t.Fatal(err)
			}
		}, "has 1048576 bytes, 2097152 were stored: it was truncated"},
		{"file extended", func(t *testing.T, p string) {
			f, err := os.OpenFile(rawFileOf(p, large), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("P.S.\r\n")
			f.Close()
		}, "has 2097158 bytes, 2097152 were stored"},
		{"inline blob edited", func(t *testing.T, p string) {
			sqlExec(`UPDATE raw_messages SET bytes = CAST(replace(CAST(bytes AS TEXT), 'hello', 'HELLO') AS BLOB)
				WHERE hash = '`+hashOf(small)+`'`)(t, rawDB(t, p))
		}, "raw message " + hashOf(small) + ": the stored bytes do not match the hash"},
		{"inline blob moved out", func(t *testing.T, p string) {
			sqlExec(`UPDATE raw_messages SET bytes = NULL WHERE hash = '`+hashOf(small)+`'`)(t, rawDB(t, p))
		}, "raw message " + hashOf(small) + ": its file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, p := openTest(t)
			loadAndRemove(t, db)
			update(t, db, func(tx approvals.Tx) error {
				if err := tx.PutRaw(hashOf(large), large); err != nil {
					return err
				}
				return tx.PutRaw(hashOf(small), small)
			})
			tt.tamper(t, p)
			v, err := db.Verify(t.Context())
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			diff := strings.Join(v.StateDiff, "\n")
			t.Logf("StateDiff: %s", diff)
			want := strings.NewReplacer("$HASH", hashOf(large), "$FILE", rawFileOf(p, large)).Replace(tt.want)
			if v.OK != (tt.want == "") || v.FirstBad != 0 || !strings.Contains(diff, want) ||
				(tt.want == "" && diff != "") || (tt.want != "" && len(v.StateDiff) != 1) {
				t.Errorf("Verify = %+v; want chain intact and one difference containing %q", v, want)
			}
		})
	}
}
