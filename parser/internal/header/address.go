package header

import (
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/emersion/go-message/charset" // also gives go-message's RFC 2047 decoder its charsets
	"github.com/emersion/go-message/mail"
	"golang.org/x/net/idna"
)

// A mailbox is one parsed RFC 5322 addr-spec: the local part exactly as the
// parser yields it (quotes removed) and the domain in lowercase ASCII.
type mailbox struct {
	local, domain string
}

// String returns the addr-spec, re-quoting a local part that is not a
// dot-atom (RFC 5322 section 3.4.1), so that `"a@x"@evil.example` can never
// be read back as an address at x.
func (a mailbox) String() string {
	local := a.local
	if !isDotAtom(local) {
		local = quoteString(local)
	}
	return local + "@" + a.domain
}

// readMailbox reads one field value that must hold exactly one mailbox, as
// From and Sender must for identity (RFC 5322 section 3.6.2). The display
// name is decoded (RFC 2047, any charset go-message knows) and discarded:
// it never supplies the address, and neither does a comment. The error
// names the defect in a few words, for Identity.FromProblem.
func readMailbox(v string) (mailbox, error) {
	if strings.TrimSpace(v) == "" {
		return mailbox{}, errors.New("empty")
	}
	if hasGroupSyntax(v) {
		return mailbox{}, errors.New("group syntax")
	}
	list, err := mail.ParseAddressList(v)
	if err != nil {
		return mailbox{}, fmt.Errorf("unparseable (%v)", err)
	}
	switch len(list) {
	case 0:
		return mailbox{}, errors.New("no mailbox")
	case 1:
	default:
		return mailbox{}, fmt.Errorf("%d mailboxes", len(list))
	}
	return splitAddress(list[0].Address)
}

// splitAddress cuts the address net/mail yields at its last '@' (a quoted
// local part may hold '@'; the domain cannot) and normalises the domain.
// An RFC 2047 encoded-word is allowed only in a display name (RFC 2047
// section 5), so one in the address is refused.
func splitAddress(addr string) (mailbox, error) {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return mailbox{}, fmt.Errorf("no domain in %q", addr)
	}
	local, domain := addr[:at], addr[at+1:]
	if hasEncodedWord(local) || hasEncodedWord(domain) {
		return mailbox{}, errors.New("encoded-word in address")
	}
	if strings.HasPrefix(domain, "[") {
		return mailbox{}, fmt.Errorf("domain literal %s", domain)
	}
	ascii, err := asciiDomain(domain)
	if err != nil {
		return mailbox{}, err
	}
	return mailbox{local: local, domain: ascii}, nil
}

// hasEncodedWord reports whether s holds an RFC 2047 encoded-word: decoding
// it changes it, or it names a charset that cannot be decoded.
func hasEncodedWord(s string) bool {
	if !strings.Contains(s, "=?") {
		return false
	}
	dec := mime.WordDecoder{CharsetReader: charset.Reader}
	got, err := dec.DecodeHeader(s)
	return err != nil || got != s
}

// asciiDomain lowercases a domain and converts it to its ASCII form with
// the IDNA lookup profile (RFC 5891), so that bücher.example and
// xn--bcher-kva.example compare equal.
func asciiDomain(d string) (string, error) {
	ascii, err := idna.Lookup.ToASCII(strings.ToLower(d))
	if err != nil {
		return "", fmt.Errorf("domain %q is not a valid IDNA name", d)
	}
	return ascii, nil
}

// isDotAtom reports whether s is an RFC 5322 dot-atom (section 3.2.3),
// allowing UTF-8 as RFC 6532 does.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == '.' || isAlnum(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// readAddressList returns the lowercased addr-specs of every mailbox in
// the values of an address field (To, Cc), groups expanded. When a value
// does not parse as a whole, each entry is tried alone and the unparseable
// ones are skipped.
func readAddressList(values []string) []string {
	var out []string
	for _, v := range values {
		list, err := mail.ParseAddressList(v)
		if err != nil {
			list = nil
			for _, e := range splitAddressList(v) {
				if a, err := mail.ParseAddress(e); err == nil {
					list = append(list, a)
				}
			}
		}
		for _, a := range list {
			if mb, err := splitAddress(a.Address); err == nil {
				out = append(out, strings.ToLower(mb.String()))
			}
		}
	}
	return out
}
