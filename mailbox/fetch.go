package mailbox

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Limits of one content FETCH.
const (
	// chunkBytes bounds the bodies held in memory at once; a chunk always
	// holds at least one message.
	chunkBytes = 16 << 20
	// headerCost is what an oversized message counts against chunkBytes.
	headerCost = 64 << 10
	// maxHeader bounds the header kept for an oversized message.
	maxHeader = 1 << 20
)

// Message is one message as fetched, handed to the Handler.
type Message struct {
	// UID and UIDValidity identify the message in Mailbox (RFC 9051
	// section 2.3.1.1); the handler stores them as the cursor.
	UID, UIDValidity uint32
	// Mailbox is the mailbox the message was read from.
	Mailbox string
	// InternalDate is the server's receipt time (INTERNALDATE).
	InternalDate time.Time
	// Size is the server's RFC822.SIZE in bytes.
	Size int64
	// Raw is the whole message (BODY[]), nil when Oversize.
	//
	// Raw and Header belong to the poller. They are valid until the
	// handler has returned for the message; once the handler has accepted
	// it they are set to nil and the memory of a large Raw is reused for
	// later downloads. Copy what is needed for longer.
	Raw []byte
	// Header is the header block, up to and including the empty line that
	// ends it; for an oversized message it is all that was downloaded
	// (BODY[HEADER], at most 1 MiB).
	Header []byte
	// Oversize reports a message larger than Options.MaxMessageSize: only
	// Header was downloaded.
	Oversize bool
	// Missing reports a message the server lists but sent no content for,
	// fetched three times: Raw and Header are nil. The handler records it
	// (as unreadable, say) so that it can be marked and passed.
	Missing bool
	// prepared points to what the PrepareFunc of NewPrepared returned for
	// the message: a *P of that Poller's P.
	prepared any
}

// meta is what the first FETCH of a batch learns about a message.
type meta struct {
	uid   imap.UID
	size  int64
	date  time.Time
	flags []imap.Flag
}

func (m *meta) has(f imap.Flag) bool {
	return slices.ContainsFunc(m.flags, func(g imap.Flag) bool { return equalFold(f, g) })
}

// fetchMeta fetches UID, RFC822.SIZE, INTERNALDATE and FLAGS of uids, in
// UID order. UIDs the server no longer has (expunged meanwhile) are missing
// from the result; a reply without size or date is an error.
func (s *session) fetchMeta(ctx context.Context, uids []imap.UID) ([]meta, error) {
	opts := &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: true, Flags: true}
	var out []meta
	err := s.do(ctx, "fetch metadata", func() error {
		bufs, err := s.c.Fetch(imap.UIDSetNum(uids...), opts).Collect()
		for _, b := range bufs {
			if b.UID == 0 || b.InternalDate.IsZero() {
				return fmt.Errorf("uid %d: incomplete reply", b.UID)
			}
			out = append(out, meta{uid: b.UID, size: b.RFC822Size, date: b.InternalDate, flags: b.Flags})
		}
		return err
	})
	slices.SortFunc(out, func(a, b meta) int { return cmp.Compare(a.uid, b.uid) })
	return out, err
}

// fetchContent downloads the messages of chunk: BODY.PEEK[] for those
// within limit, BODY.PEEK[HEADER] for the others, as two FETCH commands one
// after the other (never pipelined: Dovecot answers pipelined FETCHes only
// at the end). Bodies are streamed into buffers of their announced size and
// never read past limit; the buffers of whole messages come from bufs
// (nil: allocate each). The result maps UID to message.
func (s *session) fetchContent(ctx context.Context, chunk []meta, limit int64, bufs *bufPool) (map[imap.UID]*Message, error) {
	var whole, header []imap.UID
	for _, m := range chunk {
		if m.size > limit {
			header = append(header, m.uid)
		} else {
			whole = append(whole, m.uid)
		}
	}
	out := make(map[imap.UID]*Message, len(chunk))
	body := &imap.FetchItemBodySection{Peek: true}
	head := &imap.FetchItemBodySection{Peek: true, Specifier: imap.PartSpecifierHeader}
	if err := s.fetchSection(ctx, whole, body, limit, bufs, out); err != nil {
		return nil, err
	}
	if err := s.fetchSection(ctx, header, head, maxHeader, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fetchSection runs one UID FETCH of section for uids, reading each literal
// up to limit bytes, and adds the messages to out. A completed command is
// reported to Options.OnFetch.
func (s *session) fetchSection(ctx context.Context, uids []imap.UID, section *imap.FetchItemBodySection, limit int64, bufs *bufPool, out map[imap.UID]*Message) error {
	if len(uids) == 0 {
		return nil
	}
	start := time.Now()
	w := s.watch(ctx)
	cmd := s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	var (
		messages int
		kept     int64
	)
	err := s.readFetch(cmd, func(msg *imapclient.FetchMessageData) error {
		w.touch()
		n, got, err := readFetched(msg, section, limit, bufs, w, out)
		if got {
			messages, kept = messages+1, kept+n
		}
		return err
	})
	if werr := w.stop(ctx, "fetch content"); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("fetch content: %w", err)
	}
	if s.onFetch != nil {
		s.onFetch(messages, kept, time.Since(start))
	}
	return nil
}

// readFetch calls fn with each message of cmd, in the order they arrive,
// then closes cmd. When fn fails (reading a literal, say) it closes the
// connection instead, and leaves cmd unfinished: imapclient's reader
// goroutine resumes decoding as soon as a literal reports an error, and
// cmd.Next or cmd.Close would read the rest of that literal through the
// same buffer at the same time (a data race the race detector caught on
// cut connections). fn must return as soon as reading an item fails,
// without asking its message for the next item, for the same reason.
func (s *session) readFetch(cmd *imapclient.FetchCommand, fn func(*imapclient.FetchMessageData) error) error {
	for {
		msg := cmd.Next()
		if msg == nil {
			return cmd.Close()
		}
		if err := fn(msg); err != nil {
			_ = s.raw.Close()
			return err
		}
	}
}

// readFetched reads one FETCH response into out and returns the number of
// content bytes kept; got reports whether it added a message. imapclient
// matches a body section to its command only when the UID came before the
// literal, as RFC 9051 advises and imapclient asks; a response in the
// other order is not seen, and the message is fetched again (refetch).
func readFetched(msg *imapclient.FetchMessageData, section *imap.FetchItemBodySection, limit int64, bufs *bufPool, w *watchdog, out map[imap.UID]*Message) (n int64, got bool, err error) {
	var (
		uid      imap.UID
		data     []byte
		had, cut bool
	)
	for item := msg.Next(); item != nil; item = msg.Next() {
		switch item := item.(type) {
		case imapclient.FetchItemDataUID:
			uid = item.UID
		case imapclient.FetchItemDataBodySection:
			if !item.MatchCommand(section) || item.Literal == nil {
				continue
			}
			if data, cut, err = readLiteral(item.Literal, limit, bufs, w); err != nil {
				return 0, false, err
			}
			had = true
		}
	}
	if uid == 0 || !had {
		return 0, false, nil // not ours, or no content: the caller sees the gap
	}
	m := &Message{UID: uint32(uid)}
	if section.Specifier == imap.PartSpecifierHeader || cut {
		m.Oversize, m.Header = true, headerOf(data)
	} else {
		m.Raw, m.Header = data, headerOf(data)
	}
	out[uid] = m
	return int64(len(data)), true, nil
}

// readLiteral reads lit into a buffer of its announced size when that is at
// most limit, taken from bufs. A longer literal is cut: only its first
// min(limit, 1 MiB) bytes are read, enough for the header, into a buffer
// of their own (it is kept as Message.Header and never comes back to
// bufs), and imapclient discards the rest.
func readLiteral(lit imap.LiteralReader, limit int64, bufs *bufPool, w *watchdog) (data []byte, cut bool, err error) {
	n := lit.Size()
	if n > limit {
		n, cut, bufs = min(limit, maxHeader), true, nil
	}
	data = bufs.get(n)
	if _, err := io.ReadFull(progressReader{lit, w}, data); err != nil {
		return nil, false, err
	}
	return data, cut, nil
}

// progressReader touches a watchdog on every read, so that a large body
// arriving slowly but steadily is not mistaken for a dead server.
type progressReader struct {
	r io.Reader
	w *watchdog
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.w.touch()
	}
	return n, err
}

// headerOf returns the header block of raw: up to and including the first
// empty line, or all of raw when there is none (RFC 5322 section 2.1).
func headerOf(raw []byte) []byte {
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		return raw[: i+4 : i+4]
	}
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 {
		return raw[: i+2 : i+2]
	}
	return raw
}
