package visible

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// A styleSheet holds the rules of a message's <style> elements that hide
// what they select (see addBlock). Only the last compound selector of
// each rule is kept: combinators, pseudo-classes, attribute selectors and
// @media conditions are dropped, so a rule hides more than a browser
// would. That can only lose text, never let hidden text through.
type styleSheet struct {
	byTag, byClass, byID map[string][]compound
	// backgrounds are the background colours the rules set, at most
	// maxBackgrounds; tooManyBackgrounds reports that there were more.
	backgrounds        []string
	tooManyBackgrounds bool
	// boxes are the rules that set a margin, padding or border, at most
	// maxBoxes; tooManyBoxes reports that there were more.
	boxes        []boxRule
	tooManyBoxes bool
}

// A boxRule is a rule setting a margin, padding or border: its last
// compound selector and its declarations.
type boxRule struct {
	sel   compound
	decls []decl
}

// maxBoxes bounds the box rules of a sheet weighed for one element.
const maxBoxes = 256

// maxBackgrounds bounds the background colours of a sheet that text is
// compared with.
const maxBackgrounds = 64

// A compound is a simple selector: an optional tag, id and classes.
type compound struct {
	tag, id string
	classes []string
}

// maxBucket bounds the rules checked per element for one key; a key with
// more rules than that hides every element it names.
const maxBucket = 32

// maxCSSDepth bounds the nesting of blocks in a style sheet. A sheet
// nested deeper cannot be read with confidence, so it hides everything.
const maxCSSDepth = 64

// parseSheet reads the hiding rules of a style sheet. Blocks are read
// with an explicit stack, never recursion: an at-rule's block ("@media … {")
// and a nested rule are read like top-level rules. A block left open at
// the end is closed there, as a browser does. Past maxCSSDepth the sheet
// hides every element.
func parseSheet(css string) *styleSheet {
	s := &styleSheet{byTag: map[string][]compound{}, byClass: map[string][]compound{}, byID: map[string][]compound{}}
	var stack []*cssBlock
	css = stripCSSComments(css)
	seg := 0
	for i := 0; i < len(css); i++ {
		switch css[i] {
		case '{':
			if len(stack) == maxCSSDepth {
				s.byTag["*"] = []compound{{}}
				return s
			}
			stack = append(stack, &cssBlock{prelude: strings.TrimSpace(css[seg:i])})
		case ';':
			if len(stack) > 0 {
				stack[len(stack)-1].declare(css[seg:i])
			}
		case '}':
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				top.declare(css[seg:i])
				s.addBlock(top)
			}
		default:
			continue
		}
		seg = i + 1
	}
	for j := len(stack) - 1; j >= 0; j-- {
		if j == len(stack)-1 {
			stack[j].declare(css[seg:])
		}
		s.addBlock(stack[j])
	}
	return s
}

// A cssBlock is a rule being read: its selectors and declarations.
type cssBlock struct {
	prelude string
	decls   strings.Builder
}

func (b *cssBlock) declare(d string) {
	b.decls.WriteString(d)
	b.decls.WriteByte(';')
}

// addBlock keeps the selectors of a rule that hides; at-rules select nothing.
// A rule also hides when the text it paints cannot be seen (white,
// transparent, a colour intake cannot read) on the white page or on the
// background the rule itself sets. What background an element has from
// other rules depends on the selectors dropped, so no rule's background
// ever makes another's text visible.
func (s *styleSheet) addBlock(b *cssBlock) {
	if strings.HasPrefix(b.prelude, "@") {
		return
	}
	d := parseStyle(b.decls.String())
	painted := pagePaint.inherit(d, "", "", "")
	if hides(d) || painted.hidesText() || addsText(d) {
		s.addSelectors(b.prelude)
	}
	if setsBox(d) {
		s.addBoxes(b.prelude, readDecls(b.decls.String()))
	}
	if bg := painted.bg; bg != pagePaint.bg && len(bg) == 7 && !slices.Contains(s.backgrounds, bg) {
		if len(s.backgrounds) == maxBackgrounds {
			s.tooManyBackgrounds = true
		} else {
			s.backgrounds = append(s.backgrounds, bg)
		}
	}
}

// hidesColor reports whether text painted in the colour c, set by the
// message rather than the page default, could be lost on a background
// one of the rules sets: which elements a rule really reaches depends on
// the selectors dropped, so every such background is taken as possible.
func (s *styleSheet) hidesColor(c string) bool {
	if s == nil || c == pagePaint.color || len(c) != 7 {
		return false
	}
	if s.tooManyBackgrounds {
		return true
	}
	for _, bg := range s.backgrounds {
		if contrast(c, bg) < minContrast {
			return true
		}
	}
	return false
}

// addsText reports a rule that writes text of its own (content on
// ::before or ::after): "Can " before a request makes it a question a
// reader sees and intake does not, so what the rule selects is left out.
func addsText(d map[string]string) bool {
	v, ok := d["content"]
	if !ok {
		return false
	}
	switch v {
	case "none", "normal", `""`, "''", "initial", "unset", "inherit", "revert", "revert-layer":
		return false
	}
	return true
}

func (s *styleSheet) addSelectors(list string) {
	for _, c := range lastCompounds(list) {
		s.add(c)
	}
}

// lastCompounds returns the last compound selector of each selector of
// a selector list.
func lastCompounds(list string) []compound {
	var out []compound
	for _, sel := range strings.Split(list, ",") {
		fields := strings.FieldsFunc(sel, func(r rune) bool {
			return r == ' ' || r == '>' || r == '+' || r == '~' || r == '\t' || r == '\n'
		})
		if len(fields) == 0 {
			continue
		}
		out = append(out, parseCompound(fields[len(fields)-1]))
	}
	return out
}

// setsBox reports whether d sets a margin, padding, border or
// text-indent: what makes a blockquote look like a quote (seenAsQuote).
func setsBox(d map[string]string) bool {
	for k := range d {
		if strings.HasPrefix(k, "margin") || strings.HasPrefix(k, "padding") || strings.HasPrefix(k, "border") || k == "text-indent" {
			return true
		}
	}
	return false
}

// addBoxes keeps a rule that sets a margin, padding or border.
func (s *styleSheet) addBoxes(list string, d []decl) {
	for _, c := range lastCompounds(list) {
		if len(s.boxes) == maxBoxes {
			s.tooManyBoxes = true
			return
		}
		s.boxes = append(s.boxes, boxRule{sel: c, decls: d})
	}
}

// boxDecls returns the declarations, in order, of the box rules that may
// select n; sure is false when the sheet had more such rules than
// maxBoxes. As with hides, a rule is taken to select more than a browser
// would.
func (s *styleSheet) boxDecls(n *html.Node) (d []decl, sure bool) {
	if s == nil {
		return nil, true
	}
	classes := strings.Fields(strings.ToLower(attr(n, "class")))
	id := strings.ToLower(attr(n, "id"))
	for _, r := range s.boxes {
		if r.sel.matches(n.Data, id, classes) {
			d = append(d, r.decls...)
		}
	}
	return d, !s.tooManyBoxes
}

// parseCompound reads "div.a.b#c:hover[x]" as tag div, classes a and b,
// id c; pseudo-classes and attribute selectors are dropped.
func parseCompound(sel string) compound {
	var c compound
	kind, start := byte(0), 0
	flush := func(i int) {
		name := strings.ToLower(cssUnescape(sel[start:i]))
		switch {
		case kind == '.' && name != "":
			c.classes = append(c.classes, name)
		case kind == '#' && name != "":
			c.id = name
		case kind == 0 && name != "" && name != "*":
			c.tag = name
		}
	}
	skip := false
	for i := 0; i < len(sel); i++ {
		switch ch := sel[i]; {
		case ch == '\\':
			i++
		case ch == '(' && skip:
			// A pseudo-class's argument (":not(.keep)", ":nth-child(2n)")
			// selects nothing itself: skip to its closing parenthesis.
			for depth := 0; i < len(sel); i++ {
				if sel[i] == '(' {
					depth++
				} else if sel[i] == ')' {
					if depth--; depth == 0 {
						break
					}
				}
			}
		case ch == '.' || ch == '#' || ch == ':' || ch == '[' || ch == ']':
			if !skip {
				flush(i)
			}
			kind, start, skip = ch, i+1, ch == ':' || ch == '['
		}
	}
	if !skip {
		flush(len(sel))
	}
	return c
}

func (s *styleSheet) add(c compound) {
	switch {
	case c.id != "":
		s.byID[c.id] = addBucket(s.byID[c.id], c, compound{id: c.id})
	case len(c.classes) > 0:
		k := c.classes[0]
		s.byClass[k] = addBucket(s.byClass[k], c, compound{classes: []string{k}})
	case c.tag != "":
		s.byTag[c.tag] = addBucket(s.byTag[c.tag], c, compound{tag: c.tag})
	default:
		s.byTag["*"] = []compound{{}}
	}
}

// addBucket appends c, or when the bucket is full replaces it by broad,
// which matches every element the key names.
func addBucket(bucket []compound, c, broad compound) []compound {
	if len(bucket) >= maxBucket {
		return []compound{broad}
	}
	return append(bucket, c)
}

// hides reports whether a rule of the sheet hides element n.
func (s *styleSheet) hides(n *html.Node) bool {
	if s == nil {
		return false
	}
	classes := strings.Fields(strings.ToLower(attr(n, "class")))
	id := strings.ToLower(attr(n, "id"))
	check := func(bucket []compound) bool {
		for _, c := range bucket {
			if c.matches(n.Data, id, classes) {
				return true
			}
		}
		return false
	}
	if check(s.byTag["*"]) || check(s.byTag[n.Data]) || (id != "" && check(s.byID[id])) {
		return true
	}
	for _, cl := range classes {
		if check(s.byClass[cl]) {
			return true
		}
	}
	return false
}

func (c compound) matches(tag, id string, classes []string) bool {
	if (c.tag != "" && c.tag != tag) || (c.id != "" && c.id != id) {
		return false
	}
	for _, want := range c.classes {
		found := false
		for _, cl := range classes {
			if cl == want {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
