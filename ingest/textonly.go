package ingest

import (
	"bytes"

	"github.com/emersion/go-message"
)

// textOnlyContainers are the multipart subtypes a message that is text
// alone may use (RFC 2046 section 5.1; RFC 2387): every other one (a
// digest, whose parts are messages by default, a signed or an encrypted
// part) may show a reader something intake did not read.
var textOnlyContainers = map[string]bool{
	"multipart/mixed": true, "multipart/alternative": true, "multipart/related": true,
}

// TextOnly reports whether every MIME leaf of raw is a text/plain or
// text/html part shown inline: no Content-Disposition other than inline
// (RFC 2183), no file name, no attached message (message/rfc822), image
// or other media, and only the containers of textOnlyContainers. What
// intake reads of a reply (parser.Message.Body) is then all that a
// reader sees; a confirmation by reply needs it (docs/replies.md). A
// structure, charset or transfer encoding that does not read gives
// false.
func TextOnly(raw []byte) bool {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		return false
	}
	ok := true
	err = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil {
			return err
		}
		mt, params, err := part.Header.ContentType()
		if err != nil {
			return err
		}
		if part.MultipartReader() != nil {
			ok = ok && textOnlyContainers[mt]
			return nil
		}
		disp, dparams, err := part.Header.ContentDisposition()
		if err != nil && part.Header.Get("Content-Disposition") != "" {
			return err
		}
		inline := (disp == "" || disp == "inline") && dparams["filename"] == "" && params["name"] == ""
		ok = ok && inline && (mt == "text/plain" || mt == "text/html")
		return nil
	})
	return err == nil && ok
}
