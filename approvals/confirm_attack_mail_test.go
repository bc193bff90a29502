package approvals_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// attackMail is one message of the confirmation attacks, written header by
// header so that every field RFC 5322 gives an attacker can vary.
type attackMail struct {
	// from is the From field's value; "" for maria's address.
	from string
	// to is the To field's value; "" for the inbox.
	to string
	// date is the Date; zero for an hour before receipt. noDate omits it.
	date   time.Time
	noDate bool
	// msgID is the Message-ID without brackets; "" for a new one.
	msgID string
	// inReplyTo and references are the fields' raw values; "" omits them.
	inReplyTo, references string
	// authRes are the Authentication-Results fields; nil for a trusted
	// dmarc=pass of the From domain, authNone for none.
	authRes []string
	// subject is the Subject; "" for "Re: Partner access".
	subject string
	// body is the MIME entity of the message: its header and content.
	body entity
}

// authNone asks for a message without Authentication-Results.
var authNone = []string{}

// an entity is a MIME entity (RFC 2045): its header fields and content.
type entity struct {
	header string
	body   string
}

// plain is a text/plain entity in UTF-8, its lines ending in CRLF.
func plain(text string) entity {
	return entity{"Content-Type: text/plain; charset=utf-8\r\n", crlf(text)}
}

// htmlPart is a text/html entity of the document whose body is inner.
func htmlPart(inner string) entity {
	return entity{"Content-Type: text/html; charset=utf-8\r\n",
		crlf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>\n" + inner + "\n</body></html>\n")}
}

// htmlStyled is htmlPart with the style sheet css.
func htmlStyled(css, inner string) entity {
	return entity{"Content-Type: text/html; charset=utf-8\r\n",
		crlf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>" + css + "</style></head>\n<body>\n" + inner + "\n</body></html>\n")}
}

// multipart returns a multipart entity of subtype sub holding parts
// (RFC 2046 section 5.1), with a boundary unique to its depth.
func multipart(sub string, parts ...entity) entity {
	boundary := fmt.Sprintf("=_b%d_%s", len(parts), sub)
	for _, p := range parts {
		boundary += fmt.Sprint(len(p.body) % 97)
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n" + p.header + "\r\n" + p.body)
		if !strings.HasSuffix(p.body, "\r\n") {
			b.WriteString("\r\n")
		}
	}
	b.WriteString("--" + boundary + "--\r\n")
	return entity{fmt.Sprintf("Content-Type: multipart/%s; boundary=%q\r\n", sub, boundary), b.String()}
}

// attached returns e with a Content-Disposition of attachment and a file
// name (RFC 2183).
func attached(e entity, name string) entity {
	e.header += "Content-Disposition: attachment; filename=\"" + name + "\"\r\n"
	return e
}

// rfc822 is a message/rfc822 entity holding a message from DOOR whose
// body is text (RFC 2046 section 5.2.1).
func rfc822(text string) entity {
	inner := "From: DOOR <integrations@door.com>\r\nTo: <maria@pines.example>\r\nSubject: Partner access\r\n" +
		"Date: Mon, 10 Mar 2025 10:00:00 +0000\r\nMessage-ID: <inner@door.com>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + crlf(text)
	return entity{"Content-Type: message/rfc822\r\n", inner}
}

// quotedPrintable is a text/plain entity whose content is given already
// encoded in quoted-printable (RFC 2045 section 6.7).
func quotedPrintable(encoded string) entity {
	return entity{"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n", crlf(encoded)}
}

// base64Plain is a text/plain entity of text encoded in base64, in lines
// of 76 characters (RFC 2045 section 6.8).
func base64Plain(text string) entity {
	enc := base64.StdEncoding.EncodeToString([]byte(crlf(text)))
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return entity{"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n", b.String()}
}

// flowed is a text/plain entity in format=flowed (RFC 3676), delsp as given.
func flowed(text string, delsp bool) entity {
	ct := "Content-Type: text/plain; charset=utf-8; format=flowed"
	if delsp {
		ct += "; delsp=yes"
	}
	return entity{ct + "\r\n", crlf(text)}
}

// crlf returns text with every line ending in CRLF.
func crlf(text string) string {
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
}

// bytes returns the message as c would receive it now.
func (m attackMail) bytes(c *confirmEnv) []byte {
	c.seq++
	from, to, subject := m.from, m.to, m.subject
	if from == "" {
		from = "Maria Lopez <maria@pines.example>"
	}
	if to == "" {
		to = "DOOR <" + inbox + ">"
	}
	if subject == "" {
		subject = "Re: Partner access"
	}
	id := m.msgID
	if id == "" {
		id = fmt.Sprintf("attack-%d@pines.example", c.seq)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\n", from, to, subject, id)
	if !m.noDate {
		date := m.date
		if date.IsZero() {
			date = c.now.Add(-time.Hour)
		}
		fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	}
	if m.inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\n", m.inReplyTo)
	}
	if m.references != "" {
		fmt.Fprintf(&b, "References: %s\r\n", m.references)
	}
	auth := m.authRes
	if auth == nil {
		auth = []string{"mx.door.com; dmarc=pass header.from=" + domainOf(from)}
	}
	for _, a := range auth {
		fmt.Fprintf(&b, "Authentication-Results: %s\r\n", a)
	}
	b.WriteString("MIME-Version: 1.0\r\n" + m.body.header + "\r\n" + m.body.body)
	return []byte(b.String())
}

// domainOf returns the domain of the last address in a From value.
func domainOf(from string) string {
	from = strings.TrimRight(from, "> ")
	return from[strings.LastIndexByte(from, '@')+1:]
}
