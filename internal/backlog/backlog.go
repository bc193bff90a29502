// Package backlog generates the synthetic partner-access mail of the
// benchmarks and the crash tests: realistic messages from the managers of
// the sample directory, authenticated per mx.door.com's
// Authentication-Results, in a mix of consents, a removal and mail
// without a request, of any size, text or multipart.
package backlog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// A Sender is one sender of the generated mail: a manager of the sample
// directory (cmd/intake/sample/directory.json) and what they write.
type Sender struct {
	Name, Email, Domain string
	Body                string
}

// Senders cover the outcomes: requests applied (then already enabled), a
// removal that waits for door updates, and messages with no request.
// Message i is sent by Senders[i%len(Senders)].
var Senders = []Sender{
	{"Maria Lopez", "maria@pines.example", "pines.example",
		"We give DOOR permission to add Parcel Pal to The Pines."},
	{"Olu Adeyemi", "olu@westside.example", "westside.example",
		"We hereby give DOOR permission to add \"Acme Deliveries\" to Oak Court."},
	{"Maria Lopez", "maria@pines.example", "pines.example",
		"Thanks for the update, the residents are happy with the new delivery setup."},
	{"Hank Moody", "hank@harbor.example", "harbor.example",
		"We give DOOR permission to add Smith and Sons Movers to Harbor View."},
	{"Olu Adeyemi", "olu@westside.example", "westside.example",
		"Please remove Parcel Pal from Oak Court."},
	{"Hank Moody", "hank@harbor.example", "harbor.example",
		"Could you send me the invoice for last month? No changes needed."},
}

// filler is ordinary correspondence that asks for nothing: the
// bulk of a realistic message, repeated up to its size.
var filler = []string{
	"The residents' association meets on Thursday evening in the lobby.",
	"Our maintenance contractor will be on site from 8 am until noon.",
	"Please find the updated move-in schedule for the coming weeks below.",
	"Let me know if the garage gate keeps closing early; we had two reports.",
	"We repainted the mailroom last week, so the signage is new as well.",
	"The property office is closed on the public holiday; calls go to voicemail.",
	"Several residents asked about parcel lockers; we are still comparing offers.",
	"> On Monday you wrote: thanks for the quick turnaround on the fobs.",
}

// Message returns message i of the backlog, sent by one
// of Senders (so a mix of consents, a removal and mail without a
// request), authenticated per mx.door.com, dated at, of about size bytes:
// text/plain when i is even, else multipart/alternative with an HTML
// part saying the same. When attach > 0 it is multipart/mixed with an
// application/pdf attachment of attach bytes, base64.
func Message(i, size, attach int, at time.Time) []byte {
	s := Senders[i%len(Senders)]
	var b strings.Builder
	b.Grow(size + attach*4/3 + 4096)
	date := at.UTC().Format(time.RFC1123Z)
	fmt.Fprintf(&b, "Return-Path: <%s>\r\n", s.Email)
	fmt.Fprintf(&b, "Authentication-Results: mx.door.com;\r\n\tdkim=pass header.d=%s header.s=s1;\r\n"+
		"\tspf=pass smtp.mailfrom=%s;\r\n\tdmarc=pass (p=reject) header.from=%s\r\n", s.Domain, s.Domain, s.Domain)
	fmt.Fprintf(&b, "Received: from mail.%s by mx.door.com with ESMTPS id bl%06d; %s\r\n", s.Domain, i, date)
	fmt.Fprintf(&b, "From: %s <%s>\r\nTo: DOOR Integrations <integrations@door.com>\r\n", s.Name, s.Email)
	fmt.Fprintf(&b, "Subject: OpenKit partners (%d)\r\nDate: %s\r\n", i, date)
	fmt.Fprintf(&b, "Message-ID: %s\r\nMIME-Version: 1.0\r\n", MessageID(i))
	text := bodyText(s, i, size/2)
	switch {
	case attach > 0:
		b.WriteString("Content-Type: multipart/mixed; boundary=\"mixed-b\"\r\n\r\n--mixed-b\r\n")
		writeTextPart(&b, text)
		b.WriteString("--mixed-b\r\nContent-Type: application/pdf; name=\"plans.pdf\"\r\n" +
			"Content-Disposition: attachment; filename=\"plans.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		WriteBase64Filler(&b, attach)
		b.WriteString("--mixed-b--\r\n")
	case i%2 == 0:
		writeTextPart(&b, bodyText(s, i, size))
	default:
		b.WriteString("Content-Type: multipart/alternative; boundary=\"alt-b\"\r\n\r\n--alt-b\r\n")
		writeTextPart(&b, text)
		b.WriteString("--alt-b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<html><body>\r\n")
		for _, p := range strings.Split(text, "\r\n\r\n") {
			fmt.Fprintf(&b, "<p>%s</p>\r\n", strings.ReplaceAll(strings.ReplaceAll(p, "&", "&amp;"), ">", "&gt;"))
		}
		b.WriteString("</body></html>\r\n--alt-b--\r\n")
	}
	return []byte(b.String())
}

// MessageID is the Message-ID of message i, brackets included.
func MessageID(i int) string {
	return fmt.Sprintf("<backlog-%06d@%s>", i, Senders[i%len(Senders)].Domain)
}

// bodyText is the plain text of a message: greeting, the sender's
// body, then filler up to about size bytes, then the signature.
func bodyText(s Sender, i, size int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hi DOOR team,\r\n\r\n%s\r\n\r\n", s.Body)
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	for b.Len() < size {
		for range 3 {
			b.WriteString(filler[rng.IntN(len(filler))])
			b.WriteString(" ")
		}
		b.WriteString("\r\n\r\n")
	}
	fmt.Fprintf(&b, "Thanks,\r\n%s", strings.Fields(s.Name)[0])
	return b.String()
}

func writeTextPart(b *strings.Builder, text string) {
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n")
	b.WriteString(text)
	b.WriteString("\r\n")
}

// WriteBase64Filler writes about n bytes of base64 lines (76 characters each).
func WriteBase64Filler(b *strings.Builder, n int) {
	line := strings.Repeat("JVBERi0xLjQK", 6) + "QUJD\r\n"
	for written := 0; written < n; written += len(line) {
		b.WriteString(line)
	}
}

// Chunk returns the n messages from number first of a chunk of small
// messages, 2-20 KB each, dated 2026-11-02.
func Chunk(first, n int) [][]byte {
	out := make([][]byte, n)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i := range out {
		k := first + i
		out[i] = Message(k, 2<<10+int(uint32(k*2654435761)%(18<<10)), 0, at)
	}
	return out
}
