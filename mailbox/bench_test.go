package mailbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"intake/internal/imaptest"
	"intake/internal/procmem"
)

// BenchmarkOnceVersusPlainDownload compares a Poller's Once over a backlog
// in Dovecot with a plain go-imap download of the same mailbox (UID FETCH
// 1:* BODY.PEEK[], each body read into memory), in the same run. The
// backlog is INTAKE_BENCH_MESSAGES messages (default 2000) of 2-20 KB, 1%
// of them with a 20 MB attachment. Metrics: both rates, their ratio, and
// the peak RSS of the test process during each (Linux).
//
//	go test ./mailbox -run '^$' -bench OnceVersus -benchtime 1x
func BenchmarkOnceVersusPlainDownload(b *testing.B) {
	n := 2000
	if s := os.Getenv("INTAKE_BENCH_MESSAGES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			b.Fatalf("INTAKE_BENCH_MESSAGES=%q: want a positive number", s)
		}
	}
	be := imaptest.StartDovecot(b, nil)
	total := seedBacklog(b, be, "bench", n)
	plainDownload(b, be, "bench") // warm Dovecot's caches for both
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		procmem.ResetPeak()
		start := time.Now()
		plainDownload(b, be, "bench")
		plain := time.Since(start)
		plainRSS := procmem.PeakRSS("self")

		procmem.ResetPeak()
		start = time.Now()
		cur := newCursor()
		o := Options{Address: be.Addr(), Security: SecurityNone, Username: be.Username(),
			Auth: Password{Password: be.Password()}, Mailbox: "bench"}
		p, err := New(o, cur, func(_ context.Context, m *Message) error {
			cur.mu.Lock()
			cur.state[m.Mailbox] = State{m.UIDValidity, m.UID}
			cur.mu.Unlock()
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if got, err := p.Once(context.Background()); got != n || err != nil {
			b.Fatalf("Once = %d, %v", got, err)
		}
		poll := time.Since(start)
		pollRSS := procmem.PeakRSS("self")

		b.ReportMetric(float64(n)/plain.Seconds(), "plain-msg/s")
		b.ReportMetric(float64(n)/poll.Seconds(), "poller-msg/s")
		b.ReportMetric(float64(total)/1e6/poll.Seconds(), "poller-MB/s")
		b.ReportMetric(plain.Seconds()/poll.Seconds(), "ratio")
		b.ReportMetric(float64(plainRSS)/1024, "plain-peak-RSS-MB")
		b.ReportMetric(float64(pollRSS)/1024, "poller-peak-RSS-MB")
		b.StopTimer()
		clearDone(b, be, "bench")
		b.StartTimer()
	}
}

// seedBacklog appends n messages to mailbox and returns their total size.
func seedBacklog(b *testing.B, be *imaptest.Server, mailbox string, n int) int64 {
	c := dialB(b, be)
	defer c.Close()
	if err := c.Create(mailbox, nil).Wait(); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var total int64
	for i := 1; i <= n; i++ {
		size := 2<<10 + rng.IntN(18<<10)
		if i%100 == 50 {
			size = 20 << 20
		}
		raw := benchMessage(i, size)
		total += int64(len(raw))
		cmd := c.Append(mailbox, int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			b.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			b.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	return total
}

// benchMessage is a text message, or for sizes over 1 MB one with a
// base64 attachment.
func benchMessage(n, size int) []byte {
	if size < 1<<20 {
		return testMessage(n, size)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "From: maria@pines.example\r\nTo: integrations@door.example\r\nSubject: plans %d\r\n", n)
	fmt.Fprintf(&buf, "Message-ID: %s\r\nMIME-Version: 1.0\r\n", testMessageID(n))
	buf.WriteString("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n")
	buf.WriteString("--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	line := strings.Repeat("QUJD", 19) + "\r\n"
	for buf.Len() < size {
		buf.WriteString(line)
	}
	buf.WriteString("--b--\r\n")
	return buf.Bytes()
}

// plainDownload fetches every body of mailbox with one UID FETCH, each into
// a buffer of its literal's size.
func plainDownload(b *testing.B, be *imaptest.Server, mailbox string) {
	c := dialB(b, be)
	defer c.Close()
	if _, err := c.Select(mailbox, nil).Wait(); err != nil {
		b.Fatal(err)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	cmd := c.Fetch(imap.UIDSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
			if body, ok := item.(imapclient.FetchItemDataBodySection); ok {
				buf := make([]byte, body.Literal.Size())
				if _, err := io.ReadFull(body.Literal, buf); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if err := cmd.Close(); err != nil {
		b.Fatal(err)
	}
}

// clearDone removes DoneKeyword from every message of mailbox.
func clearDone(b *testing.B, be *imaptest.Server, mailbox string) {
	be.RemoveFlags(b, mailbox, DoneKeyword)
}

func dialB(b *testing.B, be *imaptest.Server) *imapclient.Client { return be.Dial(b) }
