package mimetree

import (
	"testing"

	"github.com/jhillyerd/enmime"
)

// TestDecodedAsEnmime pins which decoded contents the fast path may keep:
// UTF-8 only when valid and free of U+FFFD (which go-message may have put
// in place of bytes that enmime keeps), printable ASCII for the
// ASCII-compatible charsets, and nothing for any other.
func TestDecodedAsEnmime(t *testing.T) {
	tests := []struct {
		ctype, charset, content string
		want                    bool
	}{
		{"text/plain", "utf-8", "Café, we give DOOR permission.", true},
		{"text/plain", "UTF8", "plain", true},
		{"text/plain", "utf-8", "Caf\uFFFD", false},
		{"text/plain", "utf-8", "\uFFFD" + "at the start", false},
		{"text/plain", "utf-8", "Caf\xe9", false},
		{"text/plain", "utf-8", "Caf\xef\xbf", false}, // U+FFFD cut short
		{"text/plain", "iso-8859-1", "plain ASCII", true},
		{"text/plain", "windows-1252", "Caf\u00e9", false},
		{"text/plain", "", "plain ASCII", true},
		{"text/plain", "koi8-r", "plain ASCII", false},
		{"application/octet-stream", "utf-8", "Caf\u00e9", false}, // charset ignored: must be ASCII
	}
	for _, tt := range tests {
		p := &enmime.Part{ContentType: tt.ctype, Charset: tt.charset}
		if got := decodedAsEnmime(p, []byte(tt.content)); got != tt.want {
			t.Errorf("decodedAsEnmime(%s; charset=%q, %q) = %v, want %v", tt.ctype, tt.charset, tt.content, got, tt.want)
		}
	}
}
