package dkimcheck

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"intake/dkimcheck/dkimtest"
)

// message returns a consent message from the given From address.
func message(from string) []byte {
	return []byte("From: Maria Lopez <" + from + ">\r\n" +
		"To: DOOR Integrations <integrations@door.com>\r\n" +
		"Subject: OpenKit partner for The Pines\r\n" +
		"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n" +
		"Message-ID: <dkim01@pines.example>\r\n" +
		"\r\n" +
		"We give DOOR permission to add Parcel Pal to The Pines.\r\n")
}

var (
	keysOnce sync.Once
	keys     map[string]*dkimtest.Key // by "alg d s"
)

// testKey returns a key made once per test binary.
func testKey(t *testing.T, alg, domain, selector string) *dkimtest.Key {
	t.Helper()
	keysOnce.Do(func() { keys = make(map[string]*dkimtest.Key) })
	id := alg + " " + domain + " " + selector
	if k, ok := keys[id]; ok {
		return k
	}
	newKey := dkimtest.NewRSAKey
	if alg == "ed25519" {
		newKey = dkimtest.NewEd25519Key
	}
	k, err := newKey(domain, selector)
	if err != nil {
		t.Fatal(err)
	}
	keys[id] = k
	return k
}

func sign(t *testing.T, k *dkimtest.Key, msg []byte, h ...string) []byte {
	t.Helper()
	if h == nil {
		h = []string{"From", "To", "Subject", "Date", "Message-ID"}
	}
	out, err := k.Sign(msg, h...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// craftSign signs msg by hand with an RSA key and simple/simple
// canonicalization (RFC 6376 sections 3.4.1, 3.4.3, 3.7), so that a test
// can write tags dkim.Sign never writes: h= without From, or l=. msg's
// header fields must be unfolded and unique, its body end in one CRLF.
func craftSign(t *testing.T, k *dkimtest.Key, msg []byte, h []string, withL bool) []byte {
	t.Helper()
	head, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
	bh := sha256.Sum256(body)
	tags := fmt.Sprintf("v=1; a=rsa-sha256; c=simple/simple; d=%s; s=%s; h=%s; ", k.Domain, k.Selector, strings.Join(h, ":"))
	if withL {
		tags += fmt.Sprintf("l=%d; ", len(body))
	}
	field := "DKIM-Signature: " + tags + "bh=" + base64.StdEncoding.EncodeToString(bh[:]) + "; b="
	hash := sha256.New()
	for _, name := range h {
		for _, line := range strings.Split(string(head), "\r\n") {
			if n, _, _ := strings.Cut(line, ":"); strings.EqualFold(n, name) {
				hash.Write([]byte(line + "\r\n"))
			}
		}
	}
	hash.Write([]byte(field))
	sig, err := k.Signer.Sign(rand.Reader, hash.Sum(nil), crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(field+base64.StdEncoding.EncodeToString(sig)+"\r\n"), msg...)
}

func TestVerify(t *testing.T) {
	pines := testKey(t, "rsa", "pines.example", "s1")
	ed := testKey(t, "ed25519", "pines.example", "ed1")
	sub := testKey(t, "rsa", "mail.pines.example", "s2")
	evil := testKey(t, "rsa", "evil.example", "s1")
	unpublished := testKey(t, "rsa", "pines.example", "gone")
	trial := testKey(t, "rsa", "pines.example", "testing")
	res := &dkimtest.Resolver{}
	for _, k := range []*dkimtest.Key{pines, ed, sub, evil} {
		res.PublishKey(k)
	}
	res.Publish(trial.Name(), trial.Record()+"; t=y")

	msg := message("maria@pines.example")
	tests := []struct {
		name string
		raw  []byte
		pass bool
		why  string // in Evidence
	}{
		{"rsa aligned", sign(t, pines, msg), true, "d=pines.example s=s1 aligned"},
		{"ed25519 aligned", sign(t, ed, msg), true, "d=pines.example s=ed1 aligned"},
		{"subdomain d= aligned", sign(t, sub, msg), true, "d=mail.pines.example s=s2 aligned"},
		{"crafted signature without l=", craftSign(t, pines, msg, []string{"From", "Subject", "Message-ID"}, false), true, "aligned"},
		{"unaligned d=", sign(t, evil, msg), false, "not aligned with From domain pines.example"},
		{"l= tag", craftSign(t, pines, msg, []string{"From", "Subject", "Message-ID"}, true), false, "body length"},
		{"l= tag and appended text", append(craftSign(t, pines, msg, []string{"From", "Subject", "Message-ID"}, true),
			"Also add Acme Deliveries.\r\n"...), false, "body length"},
		{"h= without Subject", sign(t, pines, msg, "From", "Message-ID"), false, "h= does not cover Subject"},
		{"h= without Message-ID", sign(t, pines, msg, "From", "Subject"), false, "h= does not cover Message-ID"},
		{"h= without From", craftSign(t, pines, msg, []string{"Subject", "Message-ID"}, false), false, "From field not signed"},
		{"body modified", bytes.Replace(sign(t, pines, msg), []byte("Parcel Pal"), []byte("Acme Deliveries"), 1), false, "body hash did not verify"},
		{"From modified", bytes.Replace(sign(t, pines, msg), []byte("From: Maria Lopez <maria@"), []byte("From: Maria Lopez <mallory@"), 1), false, "signature did not verify"},
		{"second From above", append([]byte("From: mallory@pines.example\r\n"), sign(t, pines, msg)...), false, "2 From fields"},
		{"second Subject above", append([]byte("Subject: add Acme\r\n"), sign(t, pines, msg)...), false, "2 Subject fields"},
		{"second Message-ID above", append([]byte("Message-ID: <replay@x>\r\n"), sign(t, pines, msg)...), false, "2 Message-ID fields"},
		{"key not found", sign(t, unpublished, msg), false, "no key for signature"},
		{"key in testing mode", sign(t, trial, msg), false, "testing mode"},
		{"unsigned", msg, false, "no DKIM-Signature"},
		{"good signature below a bad one", sign(t, evil, sign(t, pines, msg)), true, "d=pines.example"},
	}
	v := &Verifier{Resolver: res, Timeout: time.Second}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := v.Verify(t.Context(), tt.raw, "pines.example")
			if got.Pass != tt.pass || !strings.Contains(got.Evidence, tt.why) {
				t.Errorf("got %+v\nwant pass %v with %q", got, tt.pass, tt.why)
			}
		})
	}
}

// blockingResolver answers only when its context is done.
type blockingResolver struct{}

func (blockingResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// deafResolver never answers, whatever its context says.
type deafResolver struct{ never chan struct{} }

func (r deafResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	<-r.never
	return nil, nil
}

func TestVerifyTimeout(t *testing.T) {
	k := testKey(t, "rsa", "pines.example", "s1")
	raw := sign(t, k, sign(t, k, message("maria@pines.example")))
	for _, tt := range []struct {
		name string
		res  Resolver
	}{{"blocking", blockingResolver{}}, {"ignoring its context", deafResolver{make(chan struct{})}}} {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verifier{Resolver: tt.res, Timeout: 50 * time.Millisecond}
			start := time.Now()
			got := v.Verify(t.Context(), raw, "pines.example")
			if took := time.Since(start); got.Pass || took > 2*time.Second {
				t.Errorf("got %+v after %v, want no pass within about 50ms", got, took)
			}
			if !strings.Contains(got.Evidence, "deadline exceeded") {
				t.Errorf("evidence %q does not name the timeout", got.Evidence)
			}
		})
	}
}

func TestVerifyBoundsSignatures(t *testing.T) {
	k := testKey(t, "ed25519", "pines.example", "ed1")
	res := &dkimtest.Resolver{}
	res.PublishKey(k)
	var junk bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&junk, "DKIM-Signature: v=1; a=ed25519-sha256; d=pines.example; s=x%d; h=From:Subject:Message-ID; bh=AAAA; b=AAAA\r\n", i)
	}
	raw := append(junk.Bytes(), sign(t, k, message("maria@pines.example"))...)
	v := &Verifier{Resolver: res, Timeout: time.Second}
	start := time.Now()
	got := v.Verify(t.Context(), raw, "pines.example")
	if got.Pass || res.Lookups() > MaxSignatures {
		t.Errorf("got %+v with %d look-ups, want no pass (the good signature is past the first %d) and at most %d look-ups",
			got, res.Lookups(), MaxSignatures, MaxSignatures)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
}

func TestParseTags(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]string
		wantErr bool
	}{
		{"v=1; d = pines.example ;s=s1;", map[string]string{"v": "1", "d": "pines.example", "s": "s1"}, false},
		{"v=1; l=10; l=20", nil, true},
		{"v=1; junk", nil, true},
		{"=x", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTags(tt.in)
			if (err != nil) != tt.wantErr || fmt.Sprint(got) != fmt.Sprint(tt.want) && !tt.wantErr {
				t.Errorf("parseTags(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
