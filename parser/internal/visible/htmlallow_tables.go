package visible

import (
	"regexp"
	"strings"
)

// The allow-list of HTML presentation, as named tables. Each entry was
// calibrated on the HTML of real mail clients (testdata/clients and the
// public corpora; see TestHTMLAllowCalibration); nothing is on it that can
// hide, cover, reorder, recolour, clip, mask, filter, mirror or insert
// text. What is not here is a doubt, whatever it does.

// minFontPx is the smallest font size, in CSS pixels (7.5pt), that counts
// as readable. Clients write 8pt and up for disclaimers.
const minFontPx = 10

// maxSpacePx bounds margins, paddings, indents and border widths: 36pt
// is Outlook's list and quote indent, the widest that clients write.
const maxSpacePx = 48

// minTextContrast is the least WCAG 2 contrast between text and its
// background that counts as plainly readable (grey #959595 on white).
// It is stricter than the deny-list's minContrast, which only explains.
const minTextContrast = 3

// minLightBg is the least contrast between a background and black: only
// light backgrounds (#c4c4c4 and lighter, or a highlighter yellow) are
// allowed, so that dark text stays readable on every one of them.
const minLightBg = 12

// maxNoWrapChars is the longest line of new text that does not wrap (in
// <pre>) that stays in a reader's window; maxIndentPx is how far new text
// may be pushed right by margins, paddings and indents added up.
const (
	maxNoWrapChars = 160
	maxIndentPx    = 400
)

// MaxDoubts bounds the doubts of one body; a last doubt counts the
// rest.
const MaxDoubts = 8

// attrCheck reports whether an attribute value is allowed; nil allows
// any value.
type attrCheck func(v string) bool

// commonAttrs are the attributes allowed on every element of
// elementAttrs. data-* attributes are allowed too: they style nothing
// unless a rule selects them, and attribute selectors are not allowed.
var commonAttrs = map[string]attrCheck{
	"class": nil, "id": nil, "style": nil, "lang": nil, "xml:lang": nil, "title": nil,
	"dir": oneOf("ltr", "auto"), "align": oneOf("left", "center", "right", "justify", "middle"),
	"role": nil, "tabindex": nil, "aria-hidden": oneOf("true", "false"), "aria-label": nil,
}

// Attribute groups shared by several elements.
var (
	tableAttrs = map[string]attrCheck{
		"width": isSize, "height": isSize, "border": isSmallNumber, "cellpadding": isSmallNumber,
		"cellspacing": isSmallNumber, "bgcolor": isLightColor, "valign": oneOf("top", "middle", "bottom", "baseline"),
		"colspan": isNumber, "rowspan": isNumber, "nowrap": nil, "span": isNumber,
	}
	noAttrs = map[string]attrCheck{}
)

// elementAttrs are the elements allowed, each with the attributes it may
// carry besides commonAttrs. The Word elements (o:p) hold Outlook's empty
// paragraphs.
var elementAttrs = map[string]map[string]attrCheck{
	"html": {"xmlns": nil, "xmlns:v": nil, "xmlns:o": nil, "xmlns:w": nil, "xmlns:m": nil, "xmlns:x": nil},
	"head": noAttrs, "title": noAttrs,
	"meta":  {"http-equiv": oneOf("content-type", "x-ua-compatible"), "content": nil, "name": nil, "charset": nil},
	"style": {"type": oneOf("text/css"), "media": oneOf("all", "screen")},
	"body": {"link": isDarkColor, "vlink": isDarkColor, "alink": isDarkColor, "text": isDarkColor,
		"bgcolor": isLightColor, "leftmargin": isSmallNumber, "topmargin": isSmallNumber,
		"marginwidth": isSmallNumber, "marginheight": isSmallNumber},
	"div": noAttrs, "p": noAttrs, "span": noAttrs, "br": {"clear": oneOf("all", "none")}, "wbr": noAttrs,
	"a": {"href": nil, "name": nil, "target": nil, "rel": nil},
	"b": noAttrs, "strong": noAttrs, "i": noAttrs, "em": noAttrs, "u": noAttrs, "code": noAttrs,
	"tt": noAttrs, "cite": noAttrs, "small": noAttrs, "sup": noAttrs, "sub": noAttrs, "center": noAttrs,
	"font":  {"color": isDarkColor, "face": isTextFont, "size": isFontSize},
	"table": tableAttrs, "tbody": tableAttrs, "thead": tableAttrs, "tfoot": tableAttrs,
	"tr": tableAttrs, "td": tableAttrs, "th": tableAttrs, "caption": noAttrs,
	"colgroup": tableAttrs, "col": tableAttrs,
	"blockquote": {"type": oneOf("cite"), "cite": nil},
	"ul":         {"type": nil}, "ol": {"type": nil, "start": isNumber}, "li": {"value": isNumber},
	"dl": noAttrs, "dt": noAttrs, "dd": noAttrs,
	"h1": noAttrs, "h2": noAttrs, "h3": noAttrs, "h4": noAttrs, "h5": noAttrs, "h6": noAttrs,
	"hr": {"size": isSmallNumber, "width": isSize, "noshade": nil, "color": nil},
	"img": {"src": nil, "alt": nil, "width": isSize, "height": isSize, "border": isSmallNumber, "name": nil, "hspace": isSmallNumber, "vspace": isSmallNumber,
		"apple-width": nil, "apple-height": nil, "apple-inline": nil},
	"pre": {"cols": isNumber, "wrap": nil}, "o:p": noAttrs,
}

// A propCheck reports whether a declaration's value is allowed where c
// says it is written.
type propCheck func(v string, c *declCtx) bool

// props are the CSS properties allowed, each with its value check. Text
// colour and background are also judged together, on every piece of text
// (see verifier.checkText). The Word properties (page, tab-stops,
// text-autospace, ...) are ones browsers do not know and Outlook writes.
var props = map[string]propCheck{
	"font-family": fontFamilyOK, "font-size": fontSizeOK, "font": fontShorthandOK,
	"font-weight": oneOfValue("normal", "bold", "bolder", "lighter", "100", "200", "300", "400", "500", "600", "700", "800", "900"),
	"font-style":  oneOfValue("normal", "italic", "oblique"), "font-variant": oneOfValue("normal", "small-caps"),
	"font-stretch": oneOfValue("normal"), "font-variant-ligatures": oneOfValue("normal", "none", "no-common-ligatures"),
	"font-kerning": oneOfValue("auto", "normal", "none"), "font-size-adjust": oneOfValue("none"),
	"color": colorOK, "background-color": backgroundOK, "background": backgroundOK, "caret-color": anyColor,
	"margin": spaceOK, "margin-top": spaceOK, "margin-right": spaceOK, "margin-bottom": spaceOK, "margin-left": spaceOK,
	"padding": spaceOK, "padding-top": spaceOK, "padding-right": spaceOK, "padding-bottom": spaceOK, "padding-left": spaceOK,
	"text-indent": spaceOK, "line-height": lineHeightOK,
	"text-align":     oneOfValue("left", "center", "right", "justify", "start", "end", "-webkit-left", "-webkit-center"),
	"vertical-align": oneOfValue("baseline", "top", "middle", "bottom", "sub", "super", "text-top", "text-bottom"),
	"border":         borderOK, "border-top": borderOK, "border-right": borderOK, "border-bottom": borderOK, "border-left": borderOK,
	"border-color": borderOK, "border-style": borderOK, "border-width": borderOK, "border-radius": borderOK,
	"border-top-color": borderOK, "border-right-color": borderOK, "border-bottom-color": borderOK, "border-left-color": borderOK,
	"border-top-style": borderOK, "border-right-style": borderOK, "border-bottom-style": borderOK, "border-left-style": borderOK,
	"border-top-width": borderOK, "border-right-width": borderOK, "border-bottom-width": borderOK, "border-left-width": borderOK,
	"border-collapse": oneOfValue("collapse", "separate"), "border-spacing": spaceOK,
	"width": widthOK, "max-width": widthOK, "min-width": widthOK, "min-height": spaceOK, "height": heightOK,
	"white-space":     oneOfValue("normal", "pre", "pre-wrap", "pre-line"),
	"word-wrap":       oneOfValue("normal", "break-word", "anywhere"),
	"overflow-wrap":   oneOfValue("normal", "break-word", "anywhere"),
	"word-break":      oneOfValue("normal", "break-all", "break-word", "keep-all"),
	"text-decoration": oneOfValue("none", "underline"), "text-decoration-line": oneOfValue("none", "underline"),
	"text-transform": oneOfValue("none", "uppercase", "lowercase", "capitalize"),
	"list-style":     listStyleOK, "list-style-type": listStyleOK, "list-style-position": oneOfValue("inside", "outside"),
	"display":                  displayOK,
	"-webkit-text-size-adjust": noFunction, "-ms-text-size-adjust": noFunction,
	"-webkit-nbsp-mode": oneOfValue("space", "normal"), "line-break": oneOfValue("after-white-space", "auto", "normal"),
	"-webkit-line-break": oneOfValue("after-white-space", "auto", "normal"),
	"table-layout":       oneOfValue("auto"), "box-sizing": oneOfValue("content-box", "border-box"),
	"letter-spacing": zeroOrNormal, "word-spacing": zeroOrNormal, "-webkit-text-stroke-width": zeroOrNormal,
	"font-variant-caps": oneOfValue("normal"), "orphans": oneOfValue("auto", "2"), "widows": oneOfValue("auto", "2"),
	"page": noFunction, "tab-stops": noFunction, "text-autospace": noFunction, "layout-grid-mode": noFunction,
	"punctuation-wrap": noFunction, "text-justify": noFunction, "text-underline": oneOfValue("single", "none"), "cursor": noFunction,
}

// msoPrefixes are the Outlook (Word) properties allowed: styles, fonts,
// spacing and table layout that Word writes for its own rendering.
// Not among them: mso-hide (hides), mso-color-alt, mso-highlight,
// mso-shading, mso-pattern and mso-themetint (recolour in Outlook only),
// mso-text-raise (moves text); msoDenied lists those under an allowed
// prefix.
var msoPrefixes = []string{
	"mso-style-", "mso-line-height-", "mso-fareast-", "mso-ansi-", "mso-margin-", "mso-bidi-",
	"mso-ligatures", "mso-font-", "mso-generic-font-family", "mso-pagination", "mso-padding-",
	"mso-border-", "mso-table-", "mso-yfti-", "mso-cellspacing", "mso-element", "mso-para-margin",
	"mso-outline-level", "mso-bookmark", "mso-no-proof", "mso-spacerun", "mso-tab-count",
	"mso-layout-grid-align", "mso-default-props", "mso-add-space", "mso-char-type", "mso-hyphenate",
	"mso-level-", "mso-list", "mso-width-", "mso-height-", "mso-data-placement", "mso-ignore",
	"mso-kerning", "mso-fareast", "mso-themecolor", "mso-themeshade", "mso-header-", "mso-footer-", "mso-paper-source", "mso-gutter-", "mso-vertical-",
	"mso-displayed-", "mso-proof", "mso-special-",
}

// msoDenied are the Outlook properties under msoPrefixes that fill,
// outline or squeeze text in Outlook alone.
var msoDenied = []string{"mso-style-textfill", "mso-style-textoutline", "mso-font-width"}

// symbolFonts are fonts that show letters as pictures: text in them is
// not what a reader sees. Outlook names them in @font-face, which is
// allowed; using one for text is not.
var symbolFonts = []string{"wingdings", "webdings", "symbol", "dingbats", "marlett", "ms outlook", "bookshelf symbol"}

// listMarkers are the list-style-type keywords allowed: a string or a
// symbols() marker would write text of its own.
var listMarkers = []string{
	"disc", "circle", "square", "decimal", "decimal-leading-zero", "lower-roman", "upper-roman",
	"lower-alpha", "upper-alpha", "lower-latin", "upper-latin", "lower-greek", "none", "inside", "outside",
}

// atRuleProps are the at-rules allowed in a style sheet, with the
// properties their blocks may set. A browser ignores @list and reads
// @font-face only for a font it can load (src is not allowed) and @page
// only to print; Outlook writes all three.
var atRuleProps = map[string]func(prop string) bool{
	"@font-face": func(p string) bool { return p == "font-family" || p == "panose-1" || isMso(p) },
	"@page": func(p string) bool {
		return p == "size" || p == "margin" || strings.HasPrefix(p, "margin-") || isMso(p)
	},
	"@list": func(p string) bool {
		return isMso(p) || p == "text-indent" || p == "margin-left" || p == "font-family" || p == "font-size"
	},
}

// compoundRE is the shape of each compound selector allowed in a style
// sheet: a tag, classes and an id, joined by descendant or child
// combinators; on a link, also :link and :visited (Outlook's a:link).
// Pseudo-elements, other pseudo-classes, attribute selectors and sibling
// combinators are not allowed: intake could not place what they select.
var compoundRE = regexp.MustCompile(`^(?:\*|[a-z][a-z0-9]*)?(?:[.#][_a-z0-9-]+)*$|^a(?:[.#][_a-z0-9-]+)*:(?:link|visited)$`)

// headComments are the conditional comments allowed in <head>, in the
// shapes Outlook writes: settings for Word (an <xml> island of Office
// elements) and the VML behaviours of its own elements, for readers that
// are not Outlook, which take them as a comment. Any other conditional
// comment may show a reader something other than what intake reads.
var headComments = []*regexp.Regexp{
	regexp.MustCompile(`(?is)^\[if gte mso \d+\]>\s*<xml>(?:[^<]*</?[a-z]+:[a-z]+[^<>]*>)*\s*</xml>\s*<!\[endif\]$`),
	regexp.MustCompile(`(?is)^\[if !mso\]>\s*<style>(?:\s*(?:[vowx]\\:\*|\.shape)\s*\{\s*behavior:\s*url\(#default#VML\);?\s*\}\s*)*</style>\s*<!\[endif\]$`),
}

// isMso reports an Outlook property on msoPrefixes and not msoDenied.
func isMso(p string) bool {
	for _, pre := range msoDenied {
		if strings.HasPrefix(p, pre) {
			return false
		}
	}
	for _, pre := range msoPrefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}
