package main

import (
	"fmt"

	"intake/parser"
)

// LimitsConfig is the [limits] table: the bounds on what one hostile
// message may cost (parser.Limits). Sizes are strings like "256KB"; a key
// left out keeps parser.DefaultLimits. The whole message is bounded by
// imap.max_message_size.
type LimitsConfig struct {
	HeaderBytes  string `toml:"header_bytes"`
	HeaderFields int    `toml:"header_fields"`
	MIMEDepth    int    `toml:"mime_depth"`
	MIMEParts    int    `toml:"mime_parts"`
	TextBytes    string `toml:"text_bytes"`
	HTMLBytes    string `toml:"html_bytes"`
	LineBytes    string `toml:"line_bytes"`

	parsed parser.Limits
}

// validate parses the table into parser.Limits, naming the bad key.
func (l *LimitsConfig) validate(maxMessage int64) error {
	p := parser.Limits{MaxMessageBytes: maxMessage}
	for _, s := range []struct {
		key string
		in  string
		out *int
	}{
		{"limits.header_bytes", l.HeaderBytes, &p.MaxHeaderBytes},
		{"limits.text_bytes", l.TextBytes, &p.MaxTextBytes},
		{"limits.html_bytes", l.HTMLBytes, &p.MaxHTMLBytes},
		{"limits.line_bytes", l.LineBytes, &p.MaxLineBytes},
	} {
		if s.in == "" {
			continue
		}
		n, err := parseSize(s.in)
		if err != nil {
			return fmt.Errorf("%s: %w", s.key, err)
		}
		*s.out = int(n)
	}
	for _, c := range []struct {
		key string
		in  int
		out *int
	}{
		{"limits.header_fields", l.HeaderFields, &p.MaxHeaderFields},
		{"limits.mime_depth", l.MIMEDepth, &p.MaxDepth},
		{"limits.mime_parts", l.MIMEParts, &p.MaxParts},
	} {
		if c.in < 0 {
			return fmt.Errorf("%s: %d must be positive", c.key, c.in)
		}
		*c.out = c.in
	}
	l.parsed = p
	return nil
}
