package visible

import (
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
		if prop == "" {
			continue
		}
		// A browser drops a declaration whose value it cannot read, and
		// an earlier one stands; which it can read is not known here, so
		// a value that hides on its own is never replaced.
		if old, ok := decls[prop]; ok && (hides(map[string]string{prop: old}) || keepsColor(prop, old, value)) {
			continue
		}
		decls[prop] = value
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

// keepsColor reports a colour declaration whose later value a browser
// would drop (not a colour) while the earlier one stands.
func keepsColor(prop, old, value string) bool {
	switch prop {
	case "color", "background-color", "-webkit-text-fill-color":
		_, oldOK := parseColor(old)
		return oldOK && cssColor(value, "") == colorUnread
	}
	return false
}
