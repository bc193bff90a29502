package imaptest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"

	"intake/internal/testcert"
)

// selfSigned is a self-signed certificate for 127.0.0.1 and localhost.
type selfSigned struct {
	*testcert.Cert
}

// newSelfSigned makes a certificate valid for a day, for 127.0.0.1 and
// localhost, and a pool that trusts it.
func newSelfSigned() (*selfSigned, error) {
	c, err := testcert.New("intake test")
	if err != nil {
		return nil, err
	}
	return &selfSigned{c}, nil
}

// serverConfig returns a server TLS configuration presenting c.
func (c *selfSigned) serverConfig() (*tls.Config, error) {
	return &tls.Config{Certificates: []tls.Certificate{c.TLS}}, nil
}

// write stores c as dir/cert.pem and dir/key.pem, as Dovecot reads them.
func (c *selfSigned) write(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), c.CertPEM, 0o600); err != nil {
		return fmt.Errorf("write certificate: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), c.KeyPEM, 0o600); err != nil {
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
	return c.Roots, nil
}
