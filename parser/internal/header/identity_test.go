package header

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"
)

// testAuthservID is the trusted authserv-id of the tests, and corpusDir
// the parser's corpus of messages, as in package parser's tests.
const (
	testAuthservID = "mx.door.com"
	corpusDir      = "../../../testdata/parser"
)

// readTestHeader reads a literal header block, fields in message order.
func readTestHeader(t *testing.T, s string) textproto.Header {
	t.Helper()
	h, err := textproto.ReadHeader(bufio.NewReader(strings.NewReader(s + "\n")))
	if err != nil {
		t.Fatalf("read header: %v", err)
	}
	return h
}

const (
	idGoodAR = "Authentication-Results: mx.door.com;\n" +
		"\tdkim=pass header.d=pines.example header.s=s1;\n" +
		"\tspf=pass smtp.mailfrom=pines.example;\n" +
		"\tdmarc=pass (p=reject) header.from=pines.example\n"
	idMaria    = "From: Maria Lopez <maria@pines.example>\n"
	idToDoor   = "To: integrations@door.com\n"
	idReceived = "Received: from mail.pines.example (mail.pines.example [192.0.2.10])\n" +
		"\tby mx.door.com with ESMTPS id 4AbC; Mon, 23 Nov 2026 10:00:05 +0000\n"
)

// ar builds a one-line Authentication-Results field.
func idAR(v string) string { return "Authentication-Results: " + v + "\n" }

type identityCase struct {
	name       string
	header     string
	noTrust    bool // use an empty trusted id instead of testAuthservID
	from       string
	auth       bool
	evidence   string // a part of Evidence
	fromDomain string // checked when non-empty
	check      func(t *testing.T, id Identity)
}

var identityCases = []identityCase{
	{name: "dmarc pass", header: idGoodAR + idReceived + idMaria + idToDoor,
		from: "maria@pines.example", auth: true, evidence: "mx.door.com: dmarc=pass header.from=pines.example",
		check: func(t *testing.T, id Identity) {
			if id.SPF != "pass" || len(id.DKIM) != 1 || !id.DKIM[0].Aligned || !id.DMARC.Aligned || !id.Trusted {
				t.Errorf("results not recorded: %+v", id)
			}
		}},
	{name: "dkim aligned subdomain", header: idAR("mx.door.com; dkim=pass header.d=mail.pines.example; spf=fail smtp.mailfrom=bounce.example") + idMaria,
		from: "maria@pines.example", auth: true, evidence: "dkim=pass header.d=mail.pines.example aligned with pines.example"},
	{name: "dkim header.i domain", header: idAR("mx.door.com; dkim=pass header.i=@mail.pines.example") + idMaria,
		from: "maria@pines.example", auth: true},
	{name: "dkim unaligned", header: idAR("mx.door.com; dkim=pass header.d=mailgun.org; spf=pass smtp.mailfrom=mailgun.org") + idMaria,
		from: "maria@pines.example", evidence: "no dmarc=pass for pines.example and no aligned dkim=pass",
		check: func(t *testing.T, id Identity) {
			if len(id.DKIM) != 1 || id.DKIM[0].Aligned || id.DKIM[0].Domain != "mailgun.org" {
				t.Errorf("DKIM = %+v", id.DKIM)
			}
		}},
	{name: "dkim aligned but failed, other passed unaligned",
		header: idAR("mx.door.com; dkim=fail header.d=pines.example; dkim=pass header.d=esp.example") + idMaria,
		from:   "maria@pines.example",
		check: func(t *testing.T, id Identity) {
			if len(id.DKIM) != 2 {
				t.Errorf("DKIM = %+v, want both results", id.DKIM)
			}
		}},
	{name: "spf only", header: idAR("mx.door.com; spf=pass smtp.mailfrom=pines.example") + idMaria,
		from: "maria@pines.example", evidence: "spf=pass alone never proves"},
	{name: "no authentication results", header: idMaria + idToDoor,
		from: "maria@pines.example", evidence: "no Authentication-Results from mx.door.com"},
	{name: "none result", header: idAR("mx.door.com; none") + idMaria, from: "maria@pines.example"},
	{name: "untrusted authserv-id", header: idAR("mx.attacker.example; dmarc=pass header.from=pines.example") + idMaria,
		from: "maria@pines.example", evidence: `topmost Authentication-Results is from "mx.attacker.example"`,
		check: func(t *testing.T, id Identity) {
			if id.Trusted || id.AuthservID != "mx.attacker.example" || id.DMARC.Value != "" {
				t.Errorf("untrusted header was read: %+v", id)
			}
		}},
	{name: "trusted id only in a lower header",
		header: idAR("spamfilter.door.com; spf=pass smtp.mailfrom=pines.example") + idGoodAR + idMaria,
		from:   "maria@pines.example", evidence: "a lower one claims mx.door.com",
		check: func(t *testing.T, id Identity) {
			if !id.ForgedBelow || id.Trusted {
				t.Errorf("ForgedBelow = %v, Trusted = %v", id.ForgedBelow, id.Trusted)
			}
		}},
	{name: "forged lower header with trusted id",
		header: idAR("mx.door.com; spf=fail smtp.mailfrom=attacker.example") + idReceived + idGoodAR + idMaria,
		from:   "maria@pines.example", evidence: "forged",
		check: func(t *testing.T, id Identity) {
			if !id.ForgedBelow || !id.Trusted {
				t.Errorf("ForgedBelow = %v, Trusted = %v", id.ForgedBelow, id.Trusted)
			}
		}},
	{name: "forged lower header in another case",
		header: idGoodAR + idAR("MX.DOOR.COM (relay) 1; dmarc=pass header.from=pines.example") + idMaria,
		from:   "maria@pines.example", evidence: "forged"},
	{name: "lower header of another server is fine",
		header: idGoodAR + idAR("mx.pines.example; dkim=pass header.d=pines.example") + idMaria,
		from:   "maria@pines.example", auth: true},
	{name: "authserv-id compared case-insensitively",
		header: idAR("MX.Door.COM; dmarc=pass header.from=pines.example") + idMaria,
		from:   "maria@pines.example", auth: true},
	{name: "authserv-id with version and comment",
		header: idAR("mx.door.com (Postfix) 1; dmarc=pass header.from=pines.example") + idMaria,
		from:   "maria@pines.example", auth: true},
	{name: "arc authentication results ignored",
		header: "ARC-Authentication-Results: i=1; mx.door.com; dmarc=pass header.from=pines.example\n" + idMaria,
		from:   "maria@pines.example", evidence: "no Authentication-Results"},
	{name: "two from headers", header: idGoodAR + idMaria + "From: evil@attacker.example\n",
		evidence: "From: 2 From headers"},
	{name: "second from in another case", header: idGoodAR + idMaria + "FROM: evil@attacker.example\n",
		evidence: "From: 2 From headers"},
	{name: "second from with space before colon", header: idGoodAR + idMaria + "From : evil@attacker.example\n",
		evidence: "From: 2 From headers"},
	{name: "no from header", header: idGoodAR + idToDoor, evidence: "From: 0 From headers"},
	{name: "two mailboxes", header: idGoodAR + "From: maria@pines.example, evil@attacker.example\n",
		evidence: "From: 2 mailboxes"},
	{name: "group syntax", header: idGoodAR + "From: Friends: maria@pines.example, evil@attacker.example;\n",
		evidence: "From: group syntax"},
	{name: "group of one", header: idGoodAR + "From: Friends: maria@pines.example;\n",
		evidence: "From: group syntax"},
	{name: "empty from", header: idGoodAR + "From:\n", evidence: "From: empty"},
	{name: "unparseable from", header: idGoodAR + "From: idMaria at pines dot example\n", evidence: "From: unparseable"},
	{name: "route address", header: idGoodAR + "From: <@relay.example:maria@pines.example>\n", evidence: "From: unparseable"},
	{name: "domain literal", header: idGoodAR + "From: maria@[192.0.2.10]\n", evidence: "From: domain literal"},
	{name: "quoted local part with at", header: idGoodAR + "From: \"maria@pines.example\"@evil.example\n",
		from: `"maria@pines.example"@evil.example`, fromDomain: "evil.example",
		evidence: "no dmarc=pass for evil.example"},
	{name: "encoded-word in address", header: idGoodAR + "From: =?utf-8?q?idMaria=40pines.example?=@evil.example\n",
		evidence: "From: encoded-word in address"},
	{name: "encoded-word as whole address", header: idGoodAR + "From: =?utf-8?q?idMaria=40pines.example?=\n",
		evidence: "From: unparseable"},
	{name: "display name is an address", header: idGoodAR + "From: \"maria@pines.example\" <evil@attacker.example>\n",
		from: "evil@attacker.example", evidence: "no dmarc=pass for attacker.example"},
	{name: "encoded display name is an address",
		header: idGoodAR + "From: =?utf-8?q?idMaria=40pines.example?= <evil@attacker.example>\n",
		from:   "evil@attacker.example"},
	{name: "comment is never the address", header: idGoodAR + "From: evil@attacker.example (maria@pines.example)\n",
		from: "evil@attacker.example"},
	{name: "encoded latin-1 display name", header: idGoodAR + "From: =?ISO-8859-1?Q?Mar=EDa_L=F3pez?= <maria@pines.example>\n",
		from: "maria@pines.example", auth: true},
	{name: "domain case folded", header: idGoodAR + "From: Maria <Maria@Pines.EXAMPLE>\n",
		from: "Maria@pines.example", auth: true},
	{name: "sender differs", header: idGoodAR + idMaria + "Sender: evil@attacker.example\n",
		from: "maria@pines.example", evidence: "Sender: evil@attacker.example differs from From"},
	{name: "sender same address", header: idGoodAR + idMaria + "Sender: Maria <maria@PINES.example>\n",
		from: "maria@pines.example", auth: true},
	{name: "sender local part case differs", header: idGoodAR + idMaria + "Sender: MARIA@pines.example\n",
		from: "maria@pines.example", evidence: "Sender:"},
	{name: "two sender headers", header: idGoodAR + idMaria + "Sender: maria@pines.example\nSender: maria@pines.example\n",
		from: "maria@pines.example", evidence: "Sender: 2 Sender headers"},
	{name: "reply-to ignored", header: idGoodAR + idMaria + "Reply-To: evil@attacker.example\n",
		from: "maria@pines.example", auth: true},
	{name: "resent-from ignored", header: idGoodAR + "Resent-From: maria@pines.example\nFrom: evil@attacker.example\n",
		from: "evil@attacker.example"},
	{name: "resent-from never replaces from", header: idGoodAR + "Resent-From: maria@pines.example\n",
		evidence: "From: 0 From headers"},
	{name: "result inside a comment",
		header: idAR("mx.door.com; dkim=fail header.d=pines.example (dmarc=pass header.from=pines.example); spf=pass smtp.mailfrom=pines.example") + idMaria,
		from:   "maria@pines.example",
		check: func(t *testing.T, id Identity) {
			if id.DMARC.Value != "" {
				t.Errorf("DMARC = %+v, want none: it was in a comment", id.DMARC)
			}
		}},
	{name: "semicolon inside a comment",
		header: idAR("mx.door.com; dkim=fail (bad sig; dmarc=pass header.from=pines.example ) header.d=pines.example") + idMaria,
		from:   "maria@pines.example"},
	{name: "semicolon inside a quoted value",
		header: idAR(`mx.door.com; spf=pass smtp.mailfrom="x;dmarc=pass header.from=pines.example"@attacker.example`) + idMaria,
		from:   "maria@pines.example", evidence: "spf=pass alone"},
	{name: "quoted plain value is the value",
		header: idAR(`mx.door.com; dkim=pass header.d="pines.example"`) + idMaria,
		from:   "maria@pines.example", auth: true},
	{name: "spaces around equals",
		header: idAR("mx.door.com; dmarc = pass header.from = pines.example") + idMaria,
		from:   "maria@pines.example", auth: true},
	{name: "dmarc pass for another header.from",
		header: idAR("mx.door.com; dmarc=pass header.from=attacker.example") + idMaria,
		from:   "maria@pines.example",
		check: func(t *testing.T, id Identity) {
			if id.DMARC.Aligned || id.DMARC.Domain != "attacker.example" {
				t.Errorf("DMARC = %+v", id.DMARC)
			}
		}},
	{name: "dmarc fail overrides aligned dkim pass",
		header: idAR("mx.door.com; dkim=pass header.d=pines.example; dmarc=fail header.from=pines.example") + idMaria,
		from:   "maria@pines.example", evidence: "mx.door.com: dmarc=fail header.from=pines.example"},
	{name: "dmarc fail and pass for the same domain",
		header: idAR("mx.door.com; dmarc=pass header.from=pines.example; dmarc=fail header.from=pines.example") + idMaria,
		from:   "maria@pines.example", evidence: "dmarc=fail"},
	{name: "dmarc none lets aligned dkim prove",
		header: idAR("mx.door.com; dkim=pass header.d=pines.example; dmarc=none header.from=pines.example") + idMaria,
		from:   "maria@pines.example", auth: true, evidence: "dkim=pass"},
	{name: "idna unicode from, ascii result",
		header: idAR("mx.door.com; dmarc=pass header.from=xn--bcher-kva.example") + "From: Anna <anna@bücher.example>\n",
		from:   "anna@xn--bcher-kva.example", fromDomain: "xn--bcher-kva.example", auth: true},
	{name: "idna ascii from, unicode result",
		header: idAR("mx.door.com; dkim=pass header.d=BÜCHER.example") + "From: anna@xn--bcher-kva.example\n",
		from:   "anna@xn--bcher-kva.example", auth: true},
	{name: "invalid idna domain", header: idGoodAR + "From: maria@-pines.example\n",
		evidence: "From: domain \"-pines.example\" is not a valid IDNA name"},
	{name: "psl multi-label suffix aligned",
		header: idAR("mx.door.com; dkim=pass header.d=b.example.co.uk") + "From: a@a.example.co.uk\n",
		from:   "a@a.example.co.uk", auth: true},
	{name: "psl multi-label suffix not aligned",
		header: idAR("mx.door.com; dkim=pass header.d=other.co.uk") + "From: a@example.co.uk\n",
		from:   "a@example.co.uk"},
	{name: "public suffix aligns with nothing",
		header: idAR("mx.door.com; dkim=pass header.d=co.uk") + "From: a@example.co.uk\n",
		from:   "a@example.co.uk"},
	{name: "empty trusted id", header: idGoodAR + idMaria, noTrust: true,
		from: "maria@pines.example", evidence: "no trusted authserv-id configured",
		check: func(t *testing.T, id Identity) {
			if id.Trusted || id.DMARC.Value != "" {
				t.Errorf("empty trusted id trusted something: %+v", id)
			}
		}},
	{name: "malformed authentication results", header: idAR("mx.door.com; dkim") + idMaria,
		from: "maria@pines.example", evidence: "unreadable Authentication-Results",
		check: func(t *testing.T, id Identity) {
			if id.AuthError == "" {
				t.Error("AuthError is empty")
			}
		}},
	{name: "unterminated comment in authentication results",
		header: idAR("mx.door.com; dmarc=pass (p=reject header.from=pines.example") + idMaria,
		from:   "maria@pines.example", evidence: "unterminated comment"},
	// A field added on top of a replayed, signed message: DKIM (and so the
	// MTA's dmarc=pass) covers only the bottom-most instance.
	{name: "repeated date", header: idGoodAR + idMaria + idToDoor +
		"Date: Mon, 23 Nov 2026 10:00:01 +0000\nDate: Mon, 10 Mar 2025 09:00:00 +0000\n",
		from: "maria@pines.example", evidence: "repeated header: 2 Date headers",
		check: func(t *testing.T, id Identity) {
			if id.HeaderProblem != "2 Date headers" {
				t.Errorf("HeaderProblem = %q", id.HeaderProblem)
			}
		}},
	{name: "repeated to", header: "To: integrations@door.com\n" + idGoodAR + idMaria + "To: someone@elsewhere.example\n",
		from: "maria@pines.example", evidence: "2 To headers"},
	{name: "repeated message-id, any case", header: "MESSAGE-ID: <new@attacker.example>\n" + idGoodAR + idMaria +
		"Message-Id: <old@pines.example>\n", from: "maria@pines.example", evidence: "2 Message-ID headers"},
	{name: "repeated content-type", header: idGoodAR + idMaria + "Content-Type: text/html\nContent-Type: text/plain\n",
		from: "maria@pines.example", evidence: "2 Content-Type headers"},
	{name: "repeatable fields repeated", header: idGoodAR + idReceived + idReceived + idMaria + idToDoor +
		"Comments: a\nComments: b\nKeywords: x\nKeywords: y\n",
		from: "maria@pines.example", auth: true, evidence: "dmarc=pass"},
}

func TestReadIdentity(t *testing.T) {
	for _, c := range identityCases {
		t.Run(c.name, func(t *testing.T) {
			trusted := testAuthservID
			if c.noTrust {
				trusted = ""
			}
			id := ReadIdentity(readTestHeader(t, c.header), trusted)
			if id.From != c.from {
				t.Errorf("From = %q, want %q (%s)", id.From, c.from, id.FromProblem)
			}
			if id.Authenticated != c.auth {
				t.Errorf("Authenticated = %v, want %v (%s)", id.Authenticated, c.auth, id.Evidence)
			}
			if !strings.Contains(id.Evidence, c.evidence) {
				t.Errorf("Evidence = %q, want it to contain %q", id.Evidence, c.evidence)
			}
			if c.fromDomain != "" && id.FromDomain != c.fromDomain {
				t.Errorf("FromDomain = %q, want %q", id.FromDomain, c.fromDomain)
			}
			if id.Evidence == "" {
				t.Error("Evidence is empty")
			}
			if c.check != nil {
				c.check(t, id)
			}
		})
	}
}

// FuzzReadIdentity feeds arbitrary header blocks to ReadIdentity, seeded
// with the table above. It must never panic, always explain itself, and
// never authenticate without every condition of docs/behaviour.md, sender identity.
func FuzzReadIdentity(f *testing.F) {
	for _, c := range identityCases {
		f.Add(c.header)
	}
	for _, h := range headerSeeds(f) {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := textproto.ReadHeader(bufio.NewReader(strings.NewReader(s + "\n")))
		if err != nil {
			return
		}
		id := ReadIdentity(h, testAuthservID)
		if id.Evidence == "" {
			t.Fatal("Evidence is empty")
		}
		if !id.Authenticated {
			return
		}
		if id.From == "" || id.FromProblem != "" || id.SenderProblem != "" || id.HeaderProblem != "" || !id.Trusted ||
			id.ForgedBelow || id.AuthError != "" || !provenBy(id) {
			t.Fatalf("authenticated without every condition: %+v", id)
		}
	})
}

// headerSeeds returns the header blocks of the .eml files in testdata/parser
// and testdata/adversarial: each file up to the end of the line before its
// first blank line (the whole file when it has none).
func headerSeeds(f *testing.F) []string {
	f.Helper()
	var paths []string
	for _, dir := range []string{corpusDir, filepath.Join("..", "..", "..", "testdata", "adversarial")} {
		found, err := filepath.Glob(filepath.Join(dir, "*.eml"))
		if err != nil {
			f.Fatal(err)
		}
		paths = append(paths, found...)
	}
	if len(paths) == 0 {
		f.Fatal("no .eml files in testdata")
	}
	var seeds []string
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, headerBlock(string(raw)))
	}
	return seeds
}

// headerBlock returns s up to and including the line break that ends the
// line before its first blank line; all of s when it has none.
func headerBlock(s string) string {
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := strings.Index(s, sep); i >= 0 {
			return s[:i+len(sep)/2]
		}
	}
	return s
}

// provenBy reports whether id holds a passing dmarc result for the From
// domain or a passing aligned dkim result.
func provenBy(id Identity) bool {
	if id.DMARC.Aligned && id.DMARC.Value == "pass" && id.DMARC.Domain == id.FromDomain {
		return true
	}
	for _, r := range id.DKIM {
		if r.Aligned && r.Value == "pass" {
			return true
		}
	}
	return false
}
