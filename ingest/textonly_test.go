package ingest

import "testing"

func TestTextOnly(t *testing.T) {
	const alt = "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nABCD2345\r\n" +
		"--b\r\nContent-Type: text/html\r\n\r\n<p>ABCD2345</p>\r\n--b--\r\n"
	mixed := func(second string) string {
		return "Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nABCD2345\r\n--m\r\n" +
			second + "\r\nDo not add Parcel Pal.\r\n--m--\r\n"
	}
	tests := []struct {
		name, mime string
		want       bool
	}{
		{"no Content-Type", "\r\nABCD2345\r\n", true},
		{"plain", "Content-Type: text/plain; charset=utf-8\r\n\r\nABCD2345\r\n", true},
		{"html", "Content-Type: text/html\r\n\r\n<p>ABCD2345</p>\r\n", true},
		{"alternative", alt, true},
		{"inline second text part", mixed("Content-Type: text/plain\r\n"), true},
		{"text attachment", mixed("Content-Type: text/plain\r\nContent-Disposition: attachment; filename=note.txt\r\n"), false},
		{"inline part with a file name", mixed("Content-Type: text/plain\r\nContent-Disposition: inline; filename=note.txt\r\n"), false},
		{"part named in Content-Type", mixed("Content-Type: text/plain; name=note.txt\r\n"), false},
		{"attached message", mixed("Content-Type: message/rfc822\r\n\r\nFrom: <a@b.example>\r\n"), false},
		{"image", mixed("Content-Type: image/png\r\n"), false},
		{"digest", "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nFrom: <a@b.example>\r\n\r\nx\r\n--d--\r\n", false},
		{"unknown charset", "Content-Type: text/plain; charset=x-unknown\r\n\r\nABCD2345\r\n", false},
		{"unknown transfer encoding", "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uue\r\n\r\nABCD2345\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: <maria@pines.example>\r\nMIME-Version: 1.0\r\n" + tt.mime
			if got := TextOnly([]byte(raw)); got != tt.want {
				t.Errorf("TextOnly = %v, want %v", got, tt.want)
			}
		})
	}
}
