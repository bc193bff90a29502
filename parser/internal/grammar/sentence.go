package grammar

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentencesOf splits one line into sentences. A sentence ends at a run of
// '.', '!' or '?' (with any closing quotes or brackets after it) that is
// followed by a space and a character that is not lowercase, or by the end
// of the line. A single '.' after a common abbreviation ("St.", "Inc.",
// "No.") or a dotted one ("e.g.") does not end a sentence. The sentences
// are trimmed and keep their final punctuation. The scan is linear in the
// length of the line.
func sentencesOf(line string) []string {
	var out []string
	start := 0
	for i := 0; i < len(line); {
		if !isTerminal(line[i]) {
			i++
			continue
		}
		end := i
		for end < len(line) && isTerminal(line[end]) {
			end++
		}
		single := end-i == 1 && line[i] == '.'
		end = skipClosers(line, end)
		if !endsSentence(line, i, end, single) {
			i = end
			continue
		}
		if s := strings.TrimSpace(line[start:end]); s != "" {
			out = append(out, s)
		}
		start, i = end, end
	}
	if s := strings.TrimSpace(line[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func isTerminal(c byte) bool { return c == '.' || c == '!' || c == '?' }

// skipClosers returns the index after any closing quotes and brackets at i.
func skipClosers(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(`"')]}”’»`, r) {
			break
		}
		i += n
	}
	return i
}

// endsSentence reports whether the terminal punctuation at s[at:end] ends
// a sentence. single reports that it is one '.'.
func endsSentence(s string, at, end int, single bool) bool {
	if end < len(s) {
		if s[end] != ' ' {
			return false
		}
		r, _ := utf8.DecodeRuneInString(s[end+1:])
		if unicode.IsLower(r) {
			return false
		}
	}
	return !(single && isAbbreviation(wordBefore(s, at)))
}

// wordBefore returns the run of letters and dots ending at s[i], at most
// 12 bytes of it (abbreviations are short; the bound keeps the scan linear).
func wordBefore(s string, i int) string {
	j := i
	for j > 0 && i-j < 12 {
		c := s[j-1]
		if !(c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			break
		}
		j--
	}
	return s[j:i]
}

// abbreviations are the words after which a '.' does not end a sentence,
// lowercased: they occur inside names ("St. James Place", "Acme Inc.").
var abbreviations = map[string]bool{
	"st": true, "mt": true, "ave": true, "inc": true, "co": true, "ltd": true,
	"corp": true, "jr": true, "sr": true, "dr": true, "no": true, "llc": true,
	"mr": true, "mrs": true, "ms": true, "bros": true, "blvd": true, "rd": true,
	"ste": true, "apt": true, "bldg": true, "ft": true, "pt": true, "vs": true,
	"dept": true, "hwy": true, "ln": true, "pl": true, "sq": true, "nr": true,
}

// isAbbreviation reports whether w (the word before a '.') is a known
// abbreviation or a dotted one such as "e.g" or "U.S".
func isAbbreviation(w string) bool {
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") {
		return !strings.HasPrefix(w, ".") // "..." is an ellipsis, not "e.g"
	}
	return abbreviations[strings.ToLower(w)]
}
