package parser

import (
	"regexp"
	"strconv"
	"strings"
)

// Just enough CSS to tell what a reader of an HTML message cannot see.
// Declarations are parsed properly (split on ';', property and value,
// comments and escapes removed, "!important" ignored) rather than matched
// as substrings, so "display : none" and "dis\play:none" are seen and
// "font-size:10px" is not mistaken for "font-size:0".

// parseStyle parses a declaration list (a style attribute or the body of
// a rule) into lowercased property → value. A later declaration of a
// property overrides an earlier one, as in CSS.
func parseStyle(s string) map[string]string {
	if s == "" {
		return nil
	}
	s = stripCSSComments(s)
	decls := map[string]string{}
	for _, d := range strings.Split(s, ";") {
		prop, value, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		prop = strings.ToLower(strings.TrimSpace(cssUnescape(prop)))
		value = strings.ToLower(strings.TrimSpace(cssUnescape(value)))
		value = strings.TrimSpace(strings.TrimSuffix(value, "!important"))
		value = strings.TrimSpace(strings.TrimSuffix(value, "! important"))
		if prop != "" {
			decls[prop] = value
		}
	}
	return decls
}

// stripCSSComments replaces /* … */ comments by a space; an unclosed one
// runs to the end. It is linear in the length of s.
func stripCSSComments(s string) string {
	if !strings.Contains(s, "/*") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return b.String()
		}
		s = s[i+2+j+2:]
	}
}

// cssUnescape resolves CSS escapes: a backslash and up to six hex digits
// (with one optional following space) or a backslash and any other character.
func cssUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && j < i+7 && isHex(s[j]) {
			j++
		}
		if j == i+1 {
			b.WriteByte(s[j])
			i = j
			continue
		}
		n, _ := strconv.ParseUint(s[i+1:j], 16, 32)
		b.WriteRune(rune(n))
		if j < len(s) && s[j] == ' ' {
			j++
		}
		i = j - 1
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// hides reports whether declarations make an element and everything in
// it invisible: display:none, visibility:hidden, opacity near 0, a zero
// or tiny font-size, mso-hide:all, a zero height or width (or max-) with
// overflow hidden, scale(0), or an off-screen indent or position.
// Descendants cannot undo any of these here; that overstates what is
// hidden in a few cases (a child with its own font-size), which only
// loses text, never smuggles it in.
func hides(d map[string]string) bool {
	if len(d) == 0 {
		return false
	}
	switch {
	case d["display"] == "none",
		d["visibility"] == "hidden" || d["visibility"] == "collapse",
		d["mso-hide"] == "all",
		isTinyFont(d["font-size"]),
		d["opacity"] != "" && lengthBelow(d["opacity"], 0.1, 0.1),
		strings.Contains(strings.ReplaceAll(d["transform"], " ", ""), "scale(0"):
		return true
	}
	if clipsOverflow(d) {
		for _, p := range []string{"height", "max-height", "width", "max-width", "line-height"} {
			if isZero(d[p]) {
				return true
			}
		}
	}
	for _, p := range []string{"text-indent", "left", "top", "margin-left", "margin-top"} {
		if isFarOff(d[p]) {
			return true
		}
	}
	return false
}

func clipsOverflow(d map[string]string) bool {
	for _, p := range []string{"overflow", "overflow-x", "overflow-y"} {
		if v := d[p]; strings.HasPrefix(v, "hidden") || strings.HasPrefix(v, "clip") {
			return true
		}
	}
	return false
}

// lengthRE splits a CSS number and its unit.
var lengthRE = regexp.MustCompile(`^([+-]?(?:\d+\.?\d*|\.\d+))([a-z%]*)$`)

// parseLength returns the number and unit of a single CSS length.
func parseLength(v string) (float64, string, bool) {
	m := lengthRE.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return 0, "", false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, "", false
	}
	return n, m[2], true
}

func isZero(v string) bool {
	n, _, ok := parseLength(v)
	return ok && n == 0
}

// lengthBelow reports whether v is a number (or percentage) below limit
// (pctLimit for "%" values, as a fraction).
func lengthBelow(v string, limit, pctLimit float64) bool {
	n, unit, ok := parseLength(v)
	if !ok {
		return false
	}
	if unit == "%" {
		return n/100 < pctLimit
	}
	return n < limit
}

// isTinyFont reports a font size no one can read: zero in any unit,
// under 2px or 2pt, or under a fifth of the inherited size.
func isTinyFont(v string) bool {
	n, unit, ok := parseLength(v)
	switch {
	case !ok:
		return false
	case n <= 0:
		return true
	case unit == "px" || unit == "pt" || unit == "":
		return n < 2
	case unit == "em" || unit == "rem":
		return n < 0.2
	case unit == "%":
		return n < 20
	}
	return false
}

// isFarOff reports an offset that moves content off the screen.
func isFarOff(v string) bool {
	n, unit, ok := parseLength(v)
	if !ok {
		return false
	}
	if unit == "em" || unit == "rem" {
		return n <= -50
	}
	return n <= -500
}
