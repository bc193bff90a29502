package header

import (
	"bytes"
	"strings"

	"github.com/emersion/go-msgauth/authres"

	"intake/parser/orgdomain"
)

// readAuthResults records what the Authentication-Results headers say
// (RFC 8601), given in header order. Only the topmost one is read for
// results, and only when its authserv-id is the trusted one: the receiving
// MTA prepends its header and must remove any copy claiming its id that
// arrived with the message (RFC 8601 section 5), so a lower header with the
// trusted id is a forgery that got through (ForgedBelow).
// ARC-Authentication-Results (RFC 8617) are a different field and never read.
func readAuthResults(id *Identity, values []string, trusted string) {
	trusted = strings.TrimSpace(trusted)
	if len(values) == 0 {
		return
	}
	for _, v := range values[1:] {
		if trusted != "" && strings.EqualFold(authservID(v), trusted) {
			id.ForgedBelow = true
		}
	}
	serv, results, err := parseAuthResults(values[0])
	if serv == "" {
		serv = authservID(values[0])
	}
	id.AuthservID = serv
	id.Trusted = trusted != "" && strings.EqualFold(serv, trusted)
	if !id.Trusted {
		return
	}
	if err != nil {
		id.AuthError = err.Error()
		return
	}
	recordResults(id, results)
}

// parseAuthResults parses one Authentication-Results value with authres
// after normaliseAuthResults has made it safe for that parser.
func parseAuthResults(v string) (string, []authres.Result, error) {
	norm, err := normaliseAuthResults(v)
	if err != nil {
		return "", nil, err
	}
	return authres.Parse(norm)
}

// authservID returns the authserv-id of an Authentication-Results value,
// read as leniently as possible: it is used to spot forgeries.
func authservID(v string) string {
	if norm, err := normaliseAuthResults(v); err == nil {
		v = norm
	}
	head, _, _ := strings.Cut(v, ";")
	if f := strings.Fields(head); len(f) > 0 {
		return f[0]
	}
	return ""
}

// normaliseAuthResults rewrites an Authentication-Results value so that
// authres, which splits on ';' and white space and knows neither comments
// nor quoting, reads it as RFC 8601 section 2.2 means: comments are removed
// (a "(dmarc=pass header.from=x)" comment says nothing), a quoted value is
// unquoted when it is a plain token and otherwise replaced by "_" (so a
// quoted ';' cannot start a forged result), and the CFWS allowed around
// '=' is dropped. An unterminated comment or quoted string is an error.
func normaliseAuthResults(v string) (string, error) {
	s, err := rewriteSegments(v, func(quoted string) string {
		if isPlainAuthValue(quoted) {
			return quoted
		}
		return "_"
	})
	if err != nil {
		return "", err
	}
	return squeezeEquals(s), nil
}

// isPlainAuthValue reports whether a quoted value can be written unquoted
// without changing how authres splits the header.
func isPlainAuthValue(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte(`;()"\=,<>[]`, c) >= 0 {
			return false
		}
	}
	return true
}

// squeezeEquals removes white space before and after each '='.
func squeezeEquals(s string) string {
	out := make([]byte, 0, len(s))
	after := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=':
			out = bytes.TrimRight(out, " \t\r\n")
			after = true
		case after && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			continue
		default:
			after = false
		}
		out = append(out, c)
	}
	return string(out)
}

// recordResults copies the dmarc, dkim and spf results of the trusted
// header into id, with domains in lowercase ASCII and alignment with the
// From domain worked out.
func recordResults(id *Identity, results []authres.Result) {
	var dmarcs []AuthResult
	for _, r := range results {
		switch r := r.(type) {
		case *authres.DMARCResult:
			d := resultDomain(r.From)
			dmarcs = append(dmarcs, AuthResult{Value: string(r.Value), Domain: d,
				Aligned: d != "" && d == id.FromDomain})
		case *authres.DKIMResult:
			d := resultDomain(dkimDomain(r))
			id.DKIM = append(id.DKIM, AuthResult{Value: string(r.Value), Domain: d,
				Aligned: orgdomain.Aligned(d, id.FromDomain)})
		case *authres.SPFResult:
			if id.SPF == "" {
				id.SPF = string(r.Value)
			}
		}
	}
	id.DMARC = pickDMARC(dmarcs)
}

// pickDMARC chooses the dmarc result to record: one for the From domain
// before any other, and among those a result other than pass before a
// pass, so that conflicting results never prove a sender.
func pickDMARC(rs []AuthResult) AuthResult {
	rank := func(r AuthResult) int {
		switch {
		case r.Aligned && r.Value != "pass":
			return 2
		case r.Aligned:
			return 1
		default:
			return 0
		}
	}
	var best AuthResult
	for i, r := range rs {
		if i == 0 || rank(r) > rank(best) {
			best = r
		}
	}
	return best
}

// dkimDomain returns header.d, or the domain of header.i when header.d is
// absent (RFC 6376 section 3.5: i= is "[local-part]@domain").
func dkimDomain(r *authres.DKIMResult) string {
	if r.Domain != "" {
		return r.Domain
	}
	if at := strings.LastIndexByte(r.Identifier, '@'); at >= 0 {
		return r.Identifier[at+1:]
	}
	return ""
}

// resultDomain lowercases a domain from a result and converts it to ASCII;
// a name that is not valid IDNA is kept lowercased and so matches nothing
// valid.
func resultDomain(d string) string {
	d = strings.TrimSpace(d)
	if d == "" {
		return ""
	}
	if ascii, err := asciiDomain(d); err == nil {
		return ascii
	}
	return strings.ToLower(d)
}
