package visible

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"intake/parser/internal/model"
)

// Verify checks a whole document against the allow-list of harmless
// presentation (htmlallow_tables.go): every element, attribute, inline
// declaration, style sheet rule and comment, quote and signature
// containers included (a removed quote could still cover new text), and
// the colour of every piece of text against what it is painted on. It
// returns a model.DoubtUnverified with rule "html-allowlist" for each distinct
// thing outside it, at most MaxDoubts and then one that counts the
// rest; nil when everything is on it. Why gives the deny-list's
// explanation when one of its checks fires.
//
// Hidden text is outside the allow-list wherever it is, a marketing
// preheader hidden with display:none included: the replies that carry
// requests are written in mail clients, and none of the clients
// calibrated writes hidden text (see TestHTMLAllowCalibration), so a
// preheader exception would only give hidden text a shape to hide in.
func Verify(doc *html.Node) []model.Doubt {
	rules := readRules(styleText(doc))
	v := &verifier{seen: map[string]bool{}, styles: map[styleKey]bool{}, rules: map[string]bool{}, sheet: parseSheet(styleText(doc))}
	v.backgrounds, v.colors, v.sheetFontPx = sheetColors(rules)
	for _, r := range rules.rules {
		v.checkRule(r)
	}
	for _, s := range rules.stray {
		v.add(fmt.Sprintf("style rule %q", clipEvidence(s)), "")
	}
	if rules.tooDeep {
		v.add("style sheet nested too deep", "")
	}
	v.walk(doc)
	return v.result()
}

// A verifier collects the doubts of one document.
type verifier struct {
	doubts []model.Doubt
	seen   map[string]bool
	more   int
	// styles and rules are the style attributes and sheet rules already
	// checked (see firstStyle).
	styles map[styleKey]bool
	rules  map[string]bool
	// backgrounds and colors are those the style sheet sets, and
	// sheetFontPx the smallest font size it sets (16 when none).
	backgrounds, colors []string
	sheetFontPx         float64
	// sheet is the document's style sheet, for seenAsQuote.
	sheet *styleSheet
}

// A styleKey is what the check of an element's style attribute depends
// on besides the verifier: the same key always gives the same doubts.
type styleKey struct {
	style, tag string
	parentPx   float64
}

// firstStyle reports whether the style attribute style, in context c, is
// checked for the first time: a document that repeats one style on many
// elements is checked once per style.
func (v *verifier) firstStyle(style string, c declCtx) bool {
	k := styleKey{style, c.tag, c.parentPx}
	if v.styles[k] {
		return false
	}
	v.styles[k] = true
	return true
}

// add records a doubt once per evidence.
func (v *verifier) add(evidence, why string) {
	if v.seen[evidence] {
		return
	}
	v.seen[evidence] = true
	if len(v.doubts) == MaxDoubts {
		v.more++
		return
	}
	v.doubts = append(v.doubts, model.Doubt{Kind: model.DoubtUnverified, Rule: "html-allowlist", Evidence: evidence, Why: why})
}

func (v *verifier) result() []model.Doubt {
	if v.more > 0 {
		v.doubts = append(v.doubts, model.Doubt{Kind: model.DoubtUnverified, Rule: "html-allowlist",
			Evidence: fmt.Sprintf("and %d more outside the allow-list", v.more)})
	}
	return v.doubts
}

// A frame is a node to check and what is in force around it.
type frame struct {
	n      *html.Node
	paint  paint
	inHead bool
	// quoted is set inside a blockquote a reader sees as a quote, whose
	// text is not read; layout that only moves text out of view is judged
	// outside them.
	quoted bool
	// noWrap is set where lines do not wrap (<pre>, white-space: pre,
	// nowrap), and indent is how far text is pushed right, in pixels.
	noWrap bool
	indent float64
}

// walk checks every node in document order with an explicit stack. The
// children of an element outside the allow-list are not checked: one
// doubt covers them.
func (v *verifier) walk(doc *html.Node) {
	stack := []frame{{n: doc, paint: pagePaint}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		inner := f
		switch f.n.Type {
		case html.CommentNode:
			v.checkComment(f.n, f.inHead)
			continue
		case html.TextNode:
			v.checkText(f)
			continue
		case html.ElementNode:
			var ok bool
			if inner, ok = v.checkElement(f); !ok {
				continue
			}
		}
		inner.inHead = f.inHead || f.n.Data == "head"
		for c := f.n.LastChild; c != nil; c = c.PrevSibling {
			inner.n = c
			stack = append(stack, inner)
		}
	}
}

// shrinking are the elements a browser shows in a smaller font.
var shrinking = map[string]bool{"small": true, "sub": true, "sup": true}

// rawText are the elements whose text is never shown.
var rawText = map[string]bool{"style": true, "title": true}

// checkElement checks an element, its attributes and its declarations,
// and returns what is in force inside it; ok is false when the element
// itself is outside the allow-list.
func (v *verifier) checkElement(f frame) (inner frame, ok bool) {
	n, outer, tag := f.n, f.paint, f.n.Data
	allowed, known := elementAttrs[tag]
	if !known || n.Namespace != "" {
		v.add("<"+tag+">", elementWhy(n))
		return f, false
	}
	for _, a := range n.Attr {
		key := a.Key
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		if strings.HasPrefix(key, "data-") {
			continue
		}
		check, ok := allowed[key]
		if !ok {
			check, ok = commonAttrs[key]
		}
		if !ok || (check != nil && !check(a.Val)) {
			v.add(fmt.Sprintf("<%s %s=%q>", tag, key, clipEvidence(a.Val)), attrWhy(key, a.Val))
		}
	}
	if tag == "img" {
		v.checkImage(n)
	}
	style := attr(n, "style")
	c := declCtx{tag: tag, parentPx: min(outer.size, v.sheetFontPx), backgrounds: v.backgrounds}
	if v.firstStyle(style, c) {
		v.checkDecls(style, c, func(d decl) string { return fmt.Sprintf("<%s style=%q>", tag, clipEvidence(d.prop+": "+d.value)) })
	}
	decls := parseStyle(style)
	inner = f
	inner.paint = outer.inherit(decls, fontAttr(n, "color"), attr(n, "bgcolor"), fontAttr(n, "size"))
	if tag == "body" && attr(n, "text") != "" {
		inner.paint.color = legacyColor(attr(n, "text"), inner.paint.color)
	}
	if shrinking[tag] && decls["font-size"] == "" {
		inner.paint.size = fontPx("smaller", outer.size)
		if inner.paint.size < minFontPx {
			v.add(fmt.Sprintf("<%s> in a %gpx font", tag, outer.size), "")
		}
	}
	inner.quoted = f.quoted || seenAsQuote(n, style, v.sheet)
	inner.noWrap = noWrap(f.noWrap, tag, decls["white-space"], hasAttr(n, "nowrap"))
	inner.indent = f.indent + leftOffset(tag, decls)
	return inner, true
}

// checkImage allows an image only on its own in its parent (a logo, a
// signature picture), never inside a line of text, where its pixels,
// which intake does not read, would be part of a sentence. It must have
// no alt text: a reader that does not load the image, remote or a cid:
// part that is missing, shows the alt text as words intake never reads.
func (v *verifier) checkImage(n *html.Node) {
	if n.Parent != nil && strings.TrimSpace(peekText(n.Parent, 1)) != "" {
		v.add(fmt.Sprintf("<img src=%q> beside text", clipEvidence(attr(n, "src"))), "")
	}
	if strings.TrimSpace(attr(n, "alt")) != "" {
		v.add(fmt.Sprintf("<img alt=%q>", clipEvidence(attr(n, "alt"))), "shown as text when the image is not loaded")
	}
}

// checkDecls checks each declaration of a declaration list; evidence
// names one that is outside the allow-list.
func (v *verifier) checkDecls(list string, c declCtx, evidence func(decl) string) {
	if strings.TrimSpace(list) == "" {
		return
	}
	decls := readDecls(list)
	why := declsWhy(decls)
	c.ownPx = c.parentPx
	if c.sheet {
		c.ownPx = pagePaint.size
	}
	for _, d := range decls {
		switch d.prop {
		case "font-size":
			c.ownPx = fontPx(d.value, c.ownPx)
		case "font":
			c.ownPx = fontPx(fontShorthandSize(d.value), c.ownPx)
		}
	}
	for _, d := range decls {
		c.important = d.important
		if !declAllowed(d, &c) {
			v.add(evidence(d), why(d))
		}
	}
}

func declAllowed(d decl, c *declCtx) bool {
	if isMso(d.prop) {
		return !strings.Contains(d.value, "(") && (d.prop != "mso-themecolor" || msoThemeOK(d.value))
	}
	check, ok := props[d.prop]
	return ok && check(d.value, c)
}

// checkText checks that text is painted readably: on a light background,
// in a colour in enough contrast with it, and, when the message set the
// colour, with every background a style sheet sets, which intake cannot
// place. New text must also stay in view: no line that does not wrap
// longer than maxNoWrapChars, no indent past maxIndentPx.
func (v *verifier) checkText(f frame) {
	n, p := f.n, f.paint
	if n.Parent == nil || rawText[n.Parent.Data] || strings.TrimSpace(n.Data) == "" {
		return
	}
	if !f.quoted {
		v.checkInView(f)
	}
	c := p.textColor()
	low := p.hidesText() || p.bg == "" || !isLight(p.bg) || contrast(c, p.bg) < minTextContrast
	if c != pagePaint.color {
		for _, bg := range v.backgrounds {
			low = low || contrast(c, bg) < minTextContrast
		}
	}
	for _, sc := range v.colors {
		low = low || (p.bg != pagePaint.bg && contrast(sc, p.bg) < minTextContrast)
	}
	if !low {
		return
	}
	why := ""
	if rule := p.hidingRule(); rule != "" {
		why = hidesWhy(rule, "colour "+c+" on "+p.bg)
	}
	v.add(fmt.Sprintf("text in <%s> painted %s on %s", n.Parent.Data, c, orUnknown(p.bg)), why)
}

// checkInView reports new text that may run out of the reader's window.
func (v *verifier) checkInView(f frame) {
	if f.indent > maxIndentPx {
		v.add(fmt.Sprintf("text in <%s> indented %gpx", f.n.Parent.Data, f.indent), "")
	}
	if !f.noWrap {
		return
	}
	for _, line := range strings.Split(f.n.Data, "\n") {
		if utf8.RuneCountInString(line) > maxNoWrapChars {
			v.add(fmt.Sprintf("line of %d characters that does not wrap, in <%s>", utf8.RuneCountInString(line), f.n.Parent.Data), "")
			return
		}
	}
}

func orUnknown(bg string) string {
	if bg == "" {
		return "an image"
	}
	return bg
}

// checkComment allows comments, which no reader shows, except a
// conditional one: Outlook shows what it holds and others do not, or
// (downlevel-revealed, "<![if !mso]>") the other way round. Only the
// shapes of headComments are allowed, in <head>.
func (v *verifier) checkComment(n *html.Node, inHead bool) {
	data := strings.TrimSpace(n.Data)
	lower := strings.ToLower(data)
	if !strings.HasPrefix(lower, "[if") && !strings.Contains(lower, "[endif]") && !strings.HasPrefix(lower, "[else") {
		return
	}
	where := "body"
	if inHead {
		where = "head"
		for _, re := range headComments {
			if re.MatchString(data) {
				return
			}
		}
	}
	head, _, _ := strings.Cut(data, "]")
	v.add(fmt.Sprintf("<!--%s]> in %s", clipEvidence(head), where), "shown by Outlook alone, or by all but Outlook")
}

// clipEvidence trims evidence to a readable length.
func clipEvidence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		cut := 77
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		return s[:cut] + "..."
	}
	return s
}

// elementWhy is the deny-list's explanation of an element outside the
// allow-list, if it has one.
func elementWhy(n *html.Node) string {
	switch {
	case invisible[n.DataAtom]:
		return hidesWhy("invisible-element", "<"+n.Data+"> is not shown")
	case unreadable(n):
		return hidesWhy("unread-element", "<"+n.Data+"> is not read as written")
	case inClosedDetails(n) || n.Data == "details":
		return hidesWhy("closed-details", "closed <details>")
	}
	return ""
}

// attrWhy is the deny-list's explanation of an attribute, if it has one.
func attrWhy(key, val string) string {
	switch {
	case key == "hidden" || key == "popover":
		return hidesWhy(key+"-attribute", key)
	case key == "dir" && strings.EqualFold(strings.TrimSpace(val), "rtl"):
		return "reorders text: dir=rtl"
	case key == "bgcolor" || key == "color" || key == "text":
		c := legacyColor(val, colorUnread)
		if contrast(c, pagePaint.bg) < minContrast || contrast(c, pagePaint.color) < minContrast {
			return hidesWhy("legacy-colour", "colour "+c)
		}
	}
	return ""
}

// hidesWhy is the explanation of hidden text: the name of the rule that
// fired (a row of hideRules or paintRules, or an element or attribute
// rule of elementWhy and attrWhy) and what it fired on.
func hidesWhy(rule, what string) string {
	return "hides text (rule " + rule + "): " + what
}
