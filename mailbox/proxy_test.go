package mailbox

import (
	"bufio"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// faultProxy sits between the poller and a real IMAP server on 127.0.0.1
// and injects faults at chosen commands: it can drop a connection before a
// command reaches the server, after the server executed it but before the
// client sees the reply, or swallow a command to simulate a hung server. It
// also hides capabilities, to present a server without MOVE, UIDPLUS or
// IDLE. It reads plain text only (Security none).
type faultProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	hide  []string
	rules []*faultRule
	conns map[net.Conn]bool
	// withheld counts, per UID, the FETCH responses with content still
	// to be dropped (see withhold).
	withheld map[string]int
}

// faultAction says what a rule does to the matching command.
type faultAction int

const (
	cutBefore faultAction = iota // drop the connection; the server never sees the command
	cutAfter                     // forward it, drop the connection instead of the tagged reply
	swallow                      // never forward it and keep the connection open
)

// faultRule fires its action on the first command matching pattern after
// skip earlier matches, then is spent.
type faultRule struct {
	pattern *regexp.Regexp
	action  faultAction
	skip    int
	fired   chan struct{}
}

func newProxy(t *testing.T, target string, hide ...string) *faultProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, target: target, hide: hide, conns: make(map[net.Conn]bool)}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *faultProxy) addr() string { return p.ln.Addr().String() }

// fault adds a rule; the returned channel is closed when it fires.
func (p *faultProxy) fault(pattern string, action faultAction, skip int) <-chan struct{} {
	r := &faultRule{pattern: regexp.MustCompile(pattern), action: action, skip: skip, fired: make(chan struct{})}
	p.mu.Lock()
	p.rules = append(p.rules, r)
	p.mu.Unlock()
	return r.fired
}

// withhold drops the next n FETCH responses that carry content (a
// literal) for uid, as a server that lists a message but never sends it
// does; metadata responses pass.
func (p *faultProxy) withhold(uid uint32, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.withheld == nil {
		p.withheld = map[string]int{}
	}
	p.withheld[strconv.FormatUint(uint64(uid), 10)] = n
}

// fetchUIDRe finds the UID of an untagged FETCH response.
var fetchUIDRe = regexp.MustCompile(`^\* \d+ FETCH \(.*\bUID (\d+)\b`)

// dropContent reports whether line starts a FETCH response with content
// that withhold says to drop, and counts it.
func (p *faultProxy) dropContent(line string) bool {
	m := fetchUIDRe.FindStringSubmatch(line)
	if m == nil || literalSize(line) == 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.withheld[m[1]] == 0 {
		return false
	}
	p.withheld[m[1]]--
	return true
}

// cutAll drops every open connection, as a network failure would.
func (p *faultProxy) cutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

func (p *faultProxy) close() {
	p.ln.Close()
	p.cutAll()
}

func (p *faultProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns[client], p.conns[server] = true, true
		p.mu.Unlock()
		link := &proxyLink{p: p, client: client, server: server}
		go link.up()
		go link.down()
	}
}

// proxyLink is one proxied connection.
type proxyLink struct {
	p              *faultProxy
	client, server net.Conn
	mu             sync.Mutex
	cutTag         string // tag whose tagged reply must not reach the client
}

func (l *proxyLink) cut() {
	l.client.Close()
	l.server.Close()
	l.p.mu.Lock()
	delete(l.p.conns, l.client)
	delete(l.p.conns, l.server)
	l.p.mu.Unlock()
}

// match returns the action of the first live rule matching line.
func (l *proxyLink) match(line string) (faultAction, bool) {
	l.p.mu.Lock()
	defer l.p.mu.Unlock()
	for i, r := range l.p.rules {
		if !r.pattern.MatchString(line) {
			continue
		}
		if r.skip > 0 {
			r.skip--
			continue
		}
		l.p.rules = append(l.p.rules[:i], l.p.rules[i+1:]...)
		close(r.fired)
		return r.action, true
	}
	return 0, false
}

// up copies client to server, applying the rules to each command line.
func (l *proxyLink) up() {
	defer l.cut()
	r := bufio.NewReader(l.client)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if action, ok := l.match(line); ok {
			switch action {
			case cutBefore:
				return
			case swallow:
				_, _ = io.Copy(io.Discard, r)
				return
			case cutAfter:
				l.mu.Lock()
				l.cutTag, _, _ = strings.Cut(line, " ")
				l.mu.Unlock()
			}
		}
		if _, err := io.WriteString(l.server, line); err != nil {
			return
		}
		if n := literalSize(line); n > 0 {
			if _, err := io.CopyN(l.server, r, n); err != nil {
				return
			}
		}
	}
}

// down copies server to client, hiding capabilities and dropping the
// connection at a tagged reply marked by cutAfter.
func (l *proxyLink) down() {
	defer l.cut()
	r := bufio.NewReader(l.server)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		l.mu.Lock()
		tag := l.cutTag
		l.mu.Unlock()
		if tag != "" && strings.HasPrefix(line, tag+" ") {
			return
		}
		if strings.Contains(line, "CAPABILITY") {
			line = l.p.hideCaps(line)
		}
		if l.p.dropContent(line) {
			// Drop the response: its literal and the line that ends it.
			if _, err := io.CopyN(io.Discard, r, literalSize(line)); err != nil {
				return
			}
			if _, err := r.ReadString('\n'); err != nil {
				return
			}
			continue
		}
		if _, err := io.WriteString(l.client, line); err != nil {
			return
		}
		if n := literalSize(line); n > 0 {
			if _, err := io.CopyN(l.client, r, n); err != nil {
				return
			}
		}
	}
}

// hideCaps removes the hidden capabilities from a CAPABILITY line.
func (p *faultProxy) hideCaps(line string) string {
	words := strings.Split(strings.TrimRight(line, "\r\n"), " ")
	kept := words[:0]
	for _, w := range words {
		bare := strings.TrimSuffix(w, "]")
		hidden := false
		for _, h := range p.hide {
			hidden = hidden || strings.EqualFold(bare, h)
		}
		if !hidden {
			kept = append(kept, w)
		} else if bare != w {
			kept[len(kept)-1] += "]"
		}
	}
	return strings.Join(kept, " ") + "\r\n"
}

// literalSize returns n when line ends with a literal announcement {n} or
// {n+} (RFC 9051 section 4.3, RFC 7888), else 0.
func literalSize(line string) int64 {
	s := strings.TrimRight(line, "\r\n")
	if !strings.HasSuffix(s, "}") {
		return 0
	}
	i := strings.LastIndexByte(s, '{')
	if i < 0 {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(s[i+1:len(s)-1], "+"), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
