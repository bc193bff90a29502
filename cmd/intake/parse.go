package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"intake/parser"
)

func init() {
	register(command{name: "parse", usage: "[--json] FILE.eml: print identity facts and the requests found", run: runParse})
}

// parseOutput is the `intake parse --json` shape (docs/commands.md). Fields
// after Requests are additions.
type parseOutput struct {
	MessageID     string          `json:"message_id"`
	From          string          `json:"from"`
	Authenticated bool            `json:"authenticated"`
	AuthEvidence  string          `json:"auth_evidence"`
	Requests      []pairJSON      `json:"requests"`
	Subject       string          `json:"subject"`
	Date          string          `json:"date,omitempty"`
	To            []string        `json:"to"`
	Cc            []string        `json:"cc,omitempty"`
	Auto          string          `json:"auto,omitempty"`
	BodySource    string          `json:"body_source"`
	Removed       []string        `json:"removed,omitempty"`
	Statements    []statementJSON `json:"statements"`
	HTMLRequests  []pairJSON      `json:"html_requests,omitempty"`
	Mismatch      bool            `json:"mismatch"`
	Doubts        []parser.Doubt  `json:"doubts"`
}

type pairJSON struct {
	Action   string `json:"action"`
	Partner  string `json:"partner"`
	Property string `json:"property"`
}

type statementJSON struct {
	Action   string         `json:"action"`
	Sentence string         `json:"sentence"`
	Held     *parser.Doubt  `json:"held,omitempty"`
	Splits   []parser.Split `json:"splits"`
}

func runParse(e *env) error {
	fs := e.flags("parse")
	asJSON := fs.Bool("json", false, "print JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("parse: want one FILE.eml, got %d arguments", len(args))
	}
	cfg, err := loadConfig(e.global)
	if err != nil {
		return err
	}
	m, err := parseFile(args[0], cfg.parserOptions())
	if err != nil {
		return err
	}
	out := newParseOutput(m)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printParse(e.stdout, out)
	return nil
}

// parseFile parses the message in the file at path. A file that cannot be
// opened is a usage error (exit 2); a message the parser refuses (over a
// limit, unreadable MIME) is a problem found (exit 1), its error naming
// the limit.
func parseFile(path string, opts parser.Options) (*parser.Message, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("open message: %w", err)}
	}
	defer f.Close()
	m, err := parser.Parse(f, opts)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return m, nil
}

// parserOptions are the parser options the configuration implies.
func (c *Config) parserOptions() parser.Options {
	return parser.Options{
		TrustedAuthservID: c.Auth.AuthservID,
		Limits:            c.Limits.parsed,
	}
}

func newParseOutput(m *parser.Message) parseOutput {
	out := parseOutput{
		MessageID:     m.MessageID,
		From:          m.Identity.From,
		Authenticated: m.Identity.Authenticated,
		AuthEvidence:  m.Identity.Evidence,
		Requests:      pairsJSON(m.Pairs()),
		Subject:       m.Subject,
		To:            nonNil(m.To),
		Cc:            m.Cc,
		Auto:          m.Auto,
		BodySource:    m.Body.Source,
		Removed:       m.Body.Removed,
		Statements:    []statementJSON{},
		Mismatch:      m.Mismatch,
		Doubts:        m.Doubts,
	}
	if out.Doubts == nil {
		out.Doubts = []parser.Doubt{}
	}
	if !m.Date.IsZero() {
		out.Date = m.Date.Format("2006-01-02T15:04:05Z07:00")
	}
	for _, s := range m.Requests {
		out.Statements = append(out.Statements, statementJSON{Action: string(s.Action), Sentence: s.Sentence, Held: s.Held, Splits: s.Splits})
	}
	if m.HTML != nil && m.Mismatch {
		var html []parser.Pair
		for _, s := range m.HTML.Requests {
			html = append(html, s.Pairs()...)
		}
		out.HTMLRequests = pairsJSON(html)
	}
	return out
}

func pairsJSON(pairs []parser.Pair) []pairJSON {
	out := []pairJSON{}
	for _, p := range pairs {
		out = append(out, pairJSON{Action: string(p.Action), Partner: p.Partner, Property: p.Property})
	}
	return out
}

func printParse(w io.Writer, out parseOutput) {
	fmt.Fprintf(w, "Message-ID:    %s\n", out.MessageID)
	fmt.Fprintf(w, "Subject:       %s\n", out.Subject)
	fmt.Fprintf(w, "From:          %s\n", orNone(out.From))
	fmt.Fprintf(w, "Authenticated: %v (%s)\n", out.Authenticated, out.AuthEvidence)
	fmt.Fprintf(w, "To:            %s\n", orNone(strings.Join(out.To, ", ")))
	if out.Auto != "" {
		fmt.Fprintf(w, "Auto-generated: %s\n", out.Auto)
	}
	fmt.Fprintf(w, "Body:          %s", orNone(out.BodySource))
	if len(out.Removed) > 0 {
		fmt.Fprintf(w, " (removed: %s)", strings.Join(out.Removed, ", "))
	}
	fmt.Fprintln(w)
	if len(out.Requests) == 0 {
		fmt.Fprintln(w, "Requests:      none")
	}
	for i, r := range out.Requests {
		fmt.Fprintf(w, "Request %d:     %s %q %s %q\n", i+1, r.Action, r.Partner, preposition(r.Action), r.Property)
	}
	for _, st := range out.Statements {
		for _, sp := range st.Splits[1:] {
			fmt.Fprintf(w, "  or read as:   %s %s %s %s\n", st.Action, quoteAll(sp.Partners), preposition(st.Action), quoteAll(sp.Properties))
		}
	}
	if out.Mismatch {
		fmt.Fprintf(w, "Mismatch:      the HTML part reads %d request(s) differently\n", len(out.HTMLRequests))
	}
	for _, st := range out.Statements {
		if st.Held != nil {
			fmt.Fprintf(w, "Held:          %s\n", describeDoubt(*st.Held))
		}
	}
	for _, d := range out.Doubts {
		fmt.Fprintf(w, "Doubt:         %s\n", describeDoubt(d))
	}
}

// describeDoubt is one line for a doubt: its kind, the rule that raised
// it, the evidence and, when known, what the evidence appears to do.
func describeDoubt(d parser.Doubt) string {
	s := fmt.Sprintf("%s, %s: %q", d.Kind, d.Rule, d.Evidence)
	if d.Why != "" {
		s += " (" + d.Why + ")"
	}
	return s
}

func preposition(action string) string {
	if action == string(parser.ActionRemove) {
		return "from"
	}
	return "to"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// nonNil returns s, or an empty slice for nil, so JSON shows [] not null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " and ")
}
