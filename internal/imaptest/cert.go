package imaptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// selfSigned is a self-signed certificate for 127.0.0.1 and localhost.
type selfSigned struct {
	certPEM, keyPEM []byte
	roots           *x509.CertPool
}

// newSelfSigned makes a P-256 certificate valid for a day, for 127.0.0.1
// and localhost, and a pool that trusts it.
func newSelfSigned() (*selfSigned, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "intake test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("create certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("marshal key: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse certificate: %w", err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return &selfSigned{
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		keyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		roots:   roots,
	}, nil
}

// serverConfig returns a server TLS configuration presenting c.
func (c *selfSigned) serverConfig() (*tls.Config, error) {
	cert, err := tls.X509KeyPair(c.certPEM, c.keyPEM)
	if err != nil {
		return nil, fmt.Errorf("load key pair: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, nil
}

// write stores c as dir/cert.pem and dir/key.pem, as Dovecot reads them.
func (c *selfSigned) write(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), c.certPEM, 0o600); err != nil {
		return fmt.Errorf("write certificate: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), c.keyPEM, 0o600); err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	return nil
}

// WriteCert writes a new self-signed certificate for 127.0.0.1 and
// localhost to dir/cert.pem and dir/key.pem (PEM) and returns a pool that
// trusts it, for tests of TLS clients against servers of their own.
func WriteCert(dir string) (*x509.CertPool, error) {
	c, err := newSelfSigned()
	if err != nil {
		return nil, err
	}
	if err := c.write(dir); err != nil {
		return nil, err
	}
	return c.roots, nil
}
