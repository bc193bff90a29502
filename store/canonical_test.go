package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// referenceHash is the chain's definition written with encoding/json.
func referenceHash(t testing.TB, prev string, seq int64, ts, kind, actor, subject string, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		Seq     int64           `json:"seq"`
		Time    string          `json:"time"`
		Kind    string          `json:"kind"`
		Actor   string          `json:"actor"`
		Subject string          `json:"subject"`
		Data    json.RawMessage `json:"data"`
	}{seq, ts, kind, actor, subject, data})
	if err != nil {
		t.Fatal(err)
	}
	p, err := hex.DecodeString(prev)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(append(p, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...))
	return hex.EncodeToString(sum[:])
}

var canonicalSeeds = []string{
	"", "plain", "staff:maria@pines.example", `quote " and \ backslash`,
	"tab\tnew\nline\r\x00\x1f", "<b>&amp;</b>", "é ü 中文 🚪", "line\u2028sep\u2029",
	"bad \xff utf-8 \xc3", "\ufffd",
}

func TestCanonicalMatchesEncodingJSON(t *testing.T) {
	for _, s := range canonicalSeeds {
		t.Run(s, func(t *testing.T) {
			got, err := newHasher().sum(genesis, 7, "2025-03-01T10:00:00.5Z", s, s, s, []byte(`{"a":[1,"<>"]}`))
			if err != nil {
				t.Fatal(err)
			}
			if want := referenceHash(t, genesis, 7, "2025-03-01T10:00:00.5Z", s, s, s, []byte(`{"a":[1,"<>"]}`)); got != want {
				t.Errorf("hash = %s, want %s (encoding/json)", got, want)
			}
		})
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range canonicalSeeds {
		f.Add(s, int64(len(s)))
	}
	h := newHasher()
	f.Fuzz(func(t *testing.T, s string, seq int64) {
		got, err := h.sum(genesis, seq, s, "kind", s, "subject", []byte(`null`))
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceHash(t, genesis, seq, s, "kind", s, "subject", []byte(`null`)); got != want {
			t.Errorf("hash of %q = %s, want %s (encoding/json)", s, got, want)
		}
	})
}
