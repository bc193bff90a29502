package mimetree

import (
	"bufio"
	"bytes"
	"reflect"
	"testing"

	"github.com/emersion/go-message/textproto"
)

// TestReadPartsTopHeader checks that readParts, given the top header block
// parseRaw read, reads every message as it does reading the block again
// from raw itself.
func TestReadPartsTopHeader(t *testing.T) {
	for name, raw := range allMessages(t) {
		raw = SkipMboxLine(raw)
		rd := bytes.NewReader(raw)
		br := bufio.NewReader(rd)
		h, err := textproto.ReadHeader(br)
		top := TopHeader{Header: h, Err: err, BodyAt: len(raw) - rd.Len() - br.Buffered()}
		got := readParts(raw, top, DefaultLimits)

		var want []rawPart
		again := bufio.NewReader(bytes.NewReader(raw))
		if h2, err := textproto.ReadHeader(again); err == nil {
			walkRaw(h2, again, "", 0, DefaultLimits, &want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: readParts reads %d parts from the shared top header, %d reading it again", name, len(got), len(want))
		}
	}
}
