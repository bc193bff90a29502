package ingest

import (
	"slices"
	"testing"
)

func TestThread(t *testing.T) {
	tests := []struct {
		name, header string
		want         []string
	}{
		{"none", "Subject: x\r\n", nil},
		{"in-reply-to and references, repeats dropped", "In-Reply-To: <b@door.com>\r\nReferences: <a@x.example>\r\n <b@door.com>\r\n",
			[]string{"b@door.com", "a@x.example"}},
		{"not a msg-id list", "In-Reply-To: your message of Monday\r\nReferences: <a@x.example>\r\n", []string{"a@x.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Thread([]byte("From: <maria@pines.example>\r\n" + tt.header + "\r\nbody\r\n"))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Thread = %q, want %q", got, tt.want)
			}
		})
	}
}
