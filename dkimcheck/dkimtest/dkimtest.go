// Package dkimtest signs messages with keys made on the spot and serves
// their public key records from memory, for tests of DKIM verification
// (RFC 6376) that must not touch the network.
package dkimtest

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/emersion/go-msgauth/dkim"
)

// A Key is a signing key for one domain and selector.
type Key struct {
	Domain   string
	Selector string
	Signer   crypto.Signer
}

// NewRSAKey returns a new 2048-bit RSA key for domain and selector.
func NewRSAKey(domain, selector string) (*Key, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate RSA key: %w", err)
	}
	return &Key{Domain: domain, Selector: selector, Signer: k}, nil
}

// NewEd25519Key returns a new Ed25519 key (RFC 8463) for domain and
// selector.
func NewEd25519Key(domain, selector string) (*Key, error) {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate Ed25519 key: %w", err)
	}
	return &Key{Domain: domain, Selector: selector, Signer: k}, nil
}

// Name is the DNS name of the key record: selector._domainkey.domain.
func (k *Key) Name() string { return k.Selector + "._domainkey." + k.Domain }

// Record is the key's TXT record (RFC 6376 section 3.6.1): an RSA key as
// base64 DER SubjectPublicKeyInfo, an Ed25519 key as its 32 raw bytes.
func (k *Key) Record() string {
	switch pub := k.Signer.Public().(type) {
	case ed25519.PublicKey:
		return "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)
	default:
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			panic(err) // an RSA key always marshals
		}
		return "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(der)
	}
}

// Sign returns msg with a DKIM-Signature prepended, signed with relaxed
// canonicalization over the fields named in headerKeys (which must include
// From).
func (k *Key) Sign(msg []byte, headerKeys ...string) ([]byte, error) {
	var out bytes.Buffer
	err := dkim.Sign(&out, bytes.NewReader(msg), &dkim.SignOptions{
		Domain: k.Domain, Selector: k.Selector, Signer: k.Signer, HeaderKeys: headerKeys,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed, BodyCanonicalization: dkim.CanonicalizationRelaxed,
	})
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return out.Bytes(), nil
}

// Resolver serves TXT records from memory and counts look-ups. A name
// without records is not found. The zero value serves nothing.
type Resolver struct {
	mu      sync.Mutex
	records map[string][]string
	lookups int
}

// Publish adds a TXT record for name.
func (r *Resolver) Publish(name, txt string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.records == nil {
		r.records = make(map[string][]string)
	}
	name = strings.ToLower(name)
	r.records[name] = append(r.records[name], txt)
}

// PublishKey publishes k's record under its name.
func (r *Resolver) PublishKey(k *Key) { r.Publish(k.Name(), k.Record()) }

// LookupTXT returns the records of name, or a not-found *net.DNSError.
func (r *Resolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lookups++
	if txts, ok := r.records[strings.ToLower(name)]; ok {
		return append([]string(nil), txts...), nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// Lookups is the number of LookupTXT calls so far.
func (r *Resolver) Lookups() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lookups
}
