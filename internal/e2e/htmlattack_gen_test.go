package e2e

import (
	"html"
	"strconv"
	"strings"
)

// A technique is one way, taken from a part of the CSS or HTML
// specifications, to change what a reader sees of a message's consent
// sentence while the sentence stays in the document's text: hide it,
// cover it, clip, mask, filter, mirror or reorder it, or show words
// around or inside it that the text does not hold.
type technique struct {
	class, name string
	// css is the document's style sheet; "" for none.
	css string
	// wrap rewrites the consent sentence s (HTML-escaped) where it stands.
	wrap func(s string) string
	// bodyAttr are attributes of <body>; "" for none.
	bodyAttr string
	// greet replaces the visible greeting that opens every variant (and
	// proves that the page was rendered); "" for the default.
	greet string
	// shows, when set, is what the reader must see: words that change the
	// sentence's meaning and that the text does not hold. When empty, the
	// reader must not see the consent sentence as written.
	shows string
}

// greeting opens every variant and every clean HTML control; the reader
// must see it, or the rendering proves nothing.
const greeting = "Hi DOOR team, just checking in."

// retraction is the visible sentence of the techniques that show words
// intake's text does not hold.
const retraction = "Please ignore the permission below, it was sent in error."

// doc returns the HTML document of technique k for a message whose visible
// text is text and whose consent sentence is sentence; ok is false when the
// sentence is not in the text as one run of HTML.
func (k technique) doc(text, sentence string) (string, bool) {
	body := htmlText(text)
	s := html.EscapeString(sentence)
	before, after, ok := strings.Cut(body, s)
	if !ok {
		return "", false
	}
	greet := k.greet
	if greet == "" {
		greet = "<p>" + greeting + "</p>"
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
	if k.css != "" {
		b.WriteString("<style>" + k.css + "</style>")
	}
	b.WriteString("</head>\n<body")
	if k.bodyAttr != "" {
		b.WriteString(" " + k.bodyAttr)
	}
	b.WriteString(">\n" + greet + "\n" + before + k.wrap(s) + after + "</body></html>\n")
	return b.String(), true
}

// block wraps the sentence in a div with the inline style decl.
func block(class, name, decl string) technique {
	return technique{class: class, name: name, wrap: func(s string) string {
		return `<div style="` + decl + `">` + s + `</div>`
	}}
}

// inline wraps the sentence in a span with the inline style decl.
func inline(class, name, decl string) technique {
	return technique{class: class, name: name, wrap: func(s string) string {
		return `<span style="` + decl + `">` + s + `</span>`
	}}
}

// classed wraps the sentence in open and close, styled by the sheet css.
func classed(class, name, css, open, close string) technique {
	return technique{class: class, name: name, css: css, wrap: func(s string) string { return open + s + close }}
}

// around wraps the sentence in open and close.
func around(class, name, open, close string) technique {
	return classed(class, name, "", open, close)
}

// negated puts the HTML ins between the sentence's first word and the rest:
// "We" ins "give DOOR permission ...", "Please" ins "remove ...".
func negated(class, name, css, ins string) technique {
	return technique{class: class, name: name, css: css, wrap: func(s string) string {
		first, rest, _ := strings.Cut(s, " ")
		return first + " " + ins + rest
	}}
}

// words lays the sentence's words out as items of a container, each made
// by item from its word and its index.
func words(s, open, close string, item func(w string, i, n int) string) string {
	ws := strings.Fields(s)
	var b strings.Builder
	b.WriteString(open)
	for i, w := range ws {
		b.WriteString(item(w, i, len(ws)))
	}
	return b.String() + close
}

// Class names: the part of the specifications a technique comes from.
const (
	cDisplay     = "CSS Display & Containment"
	cColor       = "CSS Color (values & alpha)"
	cFonts       = "CSS Fonts & inline sizing"
	cBox         = "CSS Box model & sizing"
	cPosition    = "CSS Positioning & occlusion"
	cTransforms  = "CSS Transforms"
	cMasking     = "CSS Masking"
	cFilters     = "CSS Filter Effects"
	cCompositing = "Compositing & Blending"
	cLayout      = "CSS Flexbox & Grid order"
	cGenerated   = "CSS Generated Content"
	cCascade     = "CSS Cascade & Selectors"
	cCustom      = "CSS Custom Properties"
	cConditional = "CSS Conditional rules & @import"
	cText        = "CSS Text & Writing Modes"
	cOverflow    = "CSS Overflow"
	cBackground  = "CSS Backgrounds & UI"
	cLegacy      = "HTML legacy attributes"
	cElements    = "HTML elements not rendered"
	cEmbedded    = "HTML embedded content"
	cMSO         = "Outlook conditional comments"
	cSVG         = "SVG rendering"
)

// techniques is every technique, grouped by class.
var techniques = []technique{
	// CSS Display 3, CSS Containment 2, CSS Tables (visibility:collapse).
	block(cDisplay, "content-visibility-hidden", "content-visibility:hidden"),
	around(cDisplay, "visibility-collapse-row", `<table><tr style="visibility:collapse"><td>`, `</td></tr></table>`),
	around(cDisplay, "tbody-display-none", `<table><tbody style="display:none"><tr><td>`, `</td></tr></tbody></table>`),
	block(cDisplay, "contain-paint-zero-height", "contain:paint;height:0"),

	// CSS Color 4: alpha in every notation, colours that are white by
	// another name, and opacity.
	inline(cColor, "rgba-zero-alpha", "color:rgba(0,0,0,0)"),
	inline(cColor, "hsl-slash-zero-alpha", "color:hsl(0 0% 0% / 0)"),
	inline(cColor, "hex8-zero-alpha", "color:#00000000"),
	inline(cColor, "hex4-zero-alpha", "color:#0000"),
	inline(cColor, "near-white", "color:#f7f7f7"),
	inline(cColor, "system-color-canvas", "color:Canvas"),
	inline(cColor, "lab-white", "color:lab(100 0 0)"),
	inline(cColor, "color-mix-white", "color:color-mix(in srgb, #fff 98%, #000)"),
	inline(cColor, "light-dark-white", "color:light-dark(#fff, #000)"),
	inline(cColor, "text-fill-color-white", "-webkit-text-fill-color:#fff"),
	block(cColor, "opacity-low", "opacity:0.02"),

	// CSS Fonts 4 and the inline formatting model.
	block(cFonts, "font-size-viewport-units", "font-size:0.05vw"),
	block(cFonts, "font-shorthand-half-pixel", "font:0.5px/1 serif"),
	block(cFonts, "font-size-calc", "font-size:calc(1rem - 15.5px)"),
	block(cFonts, "line-height-zero-overflow", "line-height:0;overflow:hidden"),
	block(cFonts, "zoom-tiny", "zoom:0.02"),

	// CSS Box Model 3 and CSS Sizing 3.
	block(cBox, "padding-pushes-out-of-box", "box-sizing:border-box;height:20px;padding-top:60px;overflow:hidden"),
	block(cBox, "negative-margin-off-page", "margin-top:-10000px"),
	around(cBox, "inline-block-zero-size", `<span style="display:inline-block;width:0;height:0;overflow:hidden">`, `</span>`),

	// CSS Positioned Layout 3 and the painting order of CSS 2 Appendix E.
	// The sentence gets a box of its own height, so that the cover hides
	// it and nothing above it (the greeting stays, to show the page rendered).
	around(cPosition, "later-box-covers", `<div style="height:3em;line-height:1.5em">`, `</div><div style="position:relative;margin-top:-3em;height:3em;background:#fff"></div>`),
	around(cPosition, "absolute-overlay-covers", `<div style="position:relative">`, `<div style="position:absolute;inset:-4px;background:#fff"></div></div>`),
	around(cPosition, "z-index-under-block-background", `<div style="background:#fff"><span style="position:relative;z-index:-1">`, `</span></div>`),
	{class: cPosition, name: "fixed-cover-page", greet: `<div style="position:fixed;inset:0;background:#fff;z-index:1"></div><p style="position:relative;z-index:2">` + greeting + `</p>`,
		wrap: func(s string) string { return s }},
	block(cPosition, "absolute-above-page", "position:absolute;bottom:100%"),
	block(cPosition, "relative-beyond-viewport", "position:relative;left:100vw"),

	// CSS Transforms 1 and 2.
	block(cTransforms, "scale-zero", "transform:scale(0)"),
	block(cTransforms, "mirror-scale-x", "transform:scaleX(-1)"),
	block(cTransforms, "rotate-x-edge-on", "transform:rotateX(90deg)"),
	block(cTransforms, "backface-hidden", "transform:rotateY(180deg);backface-visibility:hidden"),
	block(cTransforms, "individual-scale", "scale:0.01"),
	block(cTransforms, "individual-translate", "translate:-100vw"),
	block(cTransforms, "matrix-squash", "transform:matrix(0.001,0,0,1,0,0)"),
	block(cTransforms, "perspective-away", "transform:perspective(100px) translateZ(-100000px)"),

	// CSS Masking 1.
	block(cMasking, "clip-path-circle-zero", "clip-path:circle(0)"),
	block(cMasking, "clip-path-polygon-empty", "clip-path:polygon(0 0,0 0,0 0)"),
	block(cMasking, "clip-path-inset-right", "clip-path:inset(0 100% 0 0)"),
	block(cMasking, "mask-image-transparent", "-webkit-mask-image:linear-gradient(transparent,transparent);mask-image:linear-gradient(transparent,transparent)"),
	block(cMasking, "mask-size-zero", "-webkit-mask-image:linear-gradient(#000,#000);mask-image:linear-gradient(#000,#000);-webkit-mask-size:0 0;mask-size:0 0;-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat"),

	// Filter Effects 1 (CSS shorthands, an SVG filter, the backdrop).
	block(cFilters, "filter-opacity-zero", "filter:opacity(0)"),
	block(cFilters, "filter-invert", "filter:invert(1)"),
	block(cFilters, "filter-blur", "filter:blur(12px)"),
	around(cFilters, "filter-url-svg-white", `<svg width="0" height="0" style="position:absolute"><filter id="w"><feColorMatrix type="matrix" values="0 0 0 0 1  0 0 0 0 1  0 0 0 0 1  0 0 0 1 0"/></filter></svg><div style="filter:url(#w)">`, `</div>`),
	around(cFilters, "backdrop-filter-cover", `<div style="position:relative">`, `<div style="position:absolute;inset:-4px;backdrop-filter:blur(12px)"></div></div>`),

	// Compositing and Blending 1, and CSS Backgrounds' text clip.
	around(cCompositing, "mix-blend-screen", `<div style="background:#fff"><span style="mix-blend-mode:screen">`, `</span></div>`),
	around(cCompositing, "mix-blend-lighten", `<div style="background:#fff"><span style="mix-blend-mode:lighten">`, `</span></div>`),
	inline(cCompositing, "background-clip-text", "background:#fff;-webkit-background-clip:text;background-clip:text;-webkit-text-fill-color:transparent"),

	// CSS Flexbox 1 and CSS Grid 2: the order of boxes is not the order of
	// the text.
	{class: cLayout, name: "flex-order-inserts-negation", wrap: func(s string) string {
		first, rest, _ := strings.Cut(s, " ")
		return `<div style="display:flex;gap:.3em"><span style="order:1">` + first + `</span><span style="order:3">` + rest +
			`</span><span style="order:2;white-space:nowrap">do not</span></div>`
	}},
	{class: cLayout, name: "flex-row-reverse-words", wrap: func(s string) string {
		return words(s, `<div style="display:flex;flex-direction:row-reverse;justify-content:flex-end;gap:.3em">`, `</div>`,
			func(w string, _, _ int) string { return "<span>" + w + "</span>" })
	}},
	{class: cLayout, name: "grid-column-reversed", wrap: func(s string) string {
		return words(s, `<div style="display:grid;grid-auto-flow:column;justify-content:start;gap:.3em">`, `</div>`,
			func(w string, i, n int) string {
				return `<span style="grid-row:1;grid-column:` + strconv.Itoa(n-i) + `">` + w + `</span>`
			})
	}},
	around(cLayout, "grid-same-cell-covers", `<div style="display:grid"><div style="grid-area:1/1">`, `</div><div style="grid-area:1/1;background:#fff"></div></div>`),

	// CSS Generated Content 3, CSS Lists 3, CSS Counter Styles 3.
	negated(cGenerated, "before-inserts-do-not", ".g::before{content:\"do not \"}", `<span class="g"></span>`),
	negated(cGenerated, "attr-inserts-do-not", ".g::before{content:attr(data-n)}", `<span class="g" data-n="do not "></span>`),
	negated(cGenerated, "counter-style-inserts-do-not", "@counter-style neg{system:cyclic;symbols:\"do not\";suffix:\"\"}.g::before{content:counter(x, neg) \" \"}", `<span class="g"></span>`),
	{class: cGenerated, name: "after-withdraws", css: `.r::after{content:" This permission is withdrawn, do not apply it."}`, shows: "This permission is withdrawn, do not apply it.",
		wrap: func(s string) string { return `<span class="r">` + s + `</span>` }},
	{class: cGenerated, name: "empty-element-content", css: `.e::before{content:"` + retraction + `"}`, shows: retraction,
		wrap: func(s string) string { return `<div class="e"></div>` + s }},
	{class: cGenerated, name: "marker-content", css: `.m::marker{content:"DO NOT APPLY: "}`, shows: "DO NOT APPLY:",
		wrap: func(s string) string {
			return `<ul style="list-style-position:inside"><li class="m">` + s + `</li></ul>`
		}},
	{class: cGenerated, name: "open-quote-from-quotes", css: `.q{quotes:"Not true: " ""}.q::before{content:open-quote}`, shows: "Not true:",
		wrap: func(s string) string { return `<span class="q">` + s + `</span>` }},
	classed(cGenerated, "first-line-white", ".f::first-line{color:#fff}", `<div class="f">`, `</div>`),

	// CSS Cascade 5 and Selectors 4: which rule wins.
	classed(cCascade, "important-beats-inline", ".c{color:#fff !important}", `<span class="c" style="color:#000">`, `</span>`),
	classed(cCascade, "later-rule-wins", ".c{color:#000}.c{color:#fff}", `<span class="c">`, `</span>`),
	classed(cCascade, "specificity-id-wins", "#k.c{color:#fff}div .c{color:#000}", `<div><span id="k" class="c">`, `</span></div>`),
	classed(cCascade, "attribute-selector", `[data-k$="z"]{display:none}`, `<div data-k="xyz">`, `</div>`),
	classed(cCascade, "not-pseudo-class", ".w>:not(.v){display:none}", `<div class="w"><span>`, `</span></div>`),
	classed(cCascade, "sibling-combinator", ".m~span{font-size:0}", `<i class="m"></i><span>`, `</span>`),
	classed(cCascade, "unlayered-beats-layer", "@layer base{.c{color:#000}}.c{color:#fff}", `<span class="c">`, `</span>`),
	around(cCascade, "inherit-keyword", `<div style="color:#fff"><span style="color:inherit">`, `</span></div>`),
	around(cCascade, "style-element-after-content", `<div class="late">`, `</div><style>.late{display:none}</style>`),

	// CSS Custom Properties 1.
	inline(cCustom, "var-white", "--c:#fff;color:var(--c)"),
	inline(cCustom, "var-fallback-white", "color:var(--undefined, #fff)"),
	classed(cCustom, "var-from-root", ":root{--ink:#fff}.c{color:var(--ink)}", `<span class="c">`, `</span>`),

	// CSS Conditional Rules 3-5, Media Queries 5, CSS Cascade's @import.
	classed(cConditional, "media-min-width-zero", "@media (min-width:0){.c{color:#fff}}", `<span class="c">`, `</span>`),
	classed(cConditional, "media-screen", "@media screen{.c{display:none}}", `<div class="c">`, `</div>`),
	classed(cConditional, "media-prefers-light", "@media (prefers-color-scheme:light){.c{color:#fff}}", `<span class="c">`, `</span>`),
	classed(cConditional, "supports", "@supports (display:grid){.c{visibility:hidden}}", `<div class="c">`, `</div>`),
	classed(cConditional, "container-query", ".b{container-type:inline-size}@container (min-width:1px){.c{display:none}}", `<div class="b"><div class="c">`, `</div></div>`),
	classed(cConditional, "import-of-nothing", `@import url("https://fonts.example/none.css");.c{color:#fff}`, `<span class="c">`, `</span>`),

	// CSS Text 3-4, CSS Writing Modes 4, Unicode bidi in CSS.
	inline(cText, "text-security-disc", "-webkit-text-security:disc"),
	block(cText, "letter-spacing-negative", "letter-spacing:-0.6em"),
	block(cText, "word-spacing-negative", "word-spacing:-4em"),
	block(cText, "text-indent-out", "text-indent:100%;white-space:nowrap;overflow:hidden"),
	inline(cText, "bidi-override-rtl", "direction:rtl;unicode-bidi:bidi-override"),
	block(cText, "vertical-upright", "writing-mode:vertical-rl;text-orientation:upright;height:1.2em"),
	inline(cText, "decoration-thick-bar", "text-decoration:line-through;text-decoration-thickness:1.2em;text-decoration-color:#000"),

	// CSS Overflow 3-4.
	block(cOverflow, "text-overflow-ellipsis", "white-space:nowrap;overflow:hidden;text-overflow:ellipsis;width:4em"),
	around(cOverflow, "line-clamp-one", `<div style="display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:1;overflow:hidden">Kind regards<br>`, `</div>`),
	around(cOverflow, "scroll-container", `<div style="height:1.3em;overflow:auto"><br>`, `</div>`),
	block(cOverflow, "overflow-clip-zero", "overflow:clip;height:0"),

	// CSS Backgrounds 3 and CSS Basic UI 4.
	inline(cBackground, "ink-on-ink-bar", "color:#222;background:#222"),
	inline(cBackground, "current-color-background", "color:#333;background:currentColor"),
	// The outline reaches 2em outside its box; the margin keeps it off the
	// greeting above, which shows that the page rendered.
	block(cBackground, "outline-over-text", "margin:3em 0;outline:4em solid #fff;outline-offset:-2em"),

	// HTML's rendering section: legacy presentational attributes.
	{class: cLegacy, name: "body-text-bgcolor-white", bodyAttr: `text="#ffffff" bgcolor="#ffffff"`,
		greet: `<p><font color="#000000">` + greeting + `</font></p>`, wrap: func(s string) string { return s }},
	{class: cLegacy, name: "body-link-white", bodyAttr: `link="#ffffff"`,
		wrap: func(s string) string {
			return `<a href="https://door.example/" style="text-decoration:none">` + s + `</a>`
		}},
	around(cLegacy, "font-color-without-hash", `<font color="ffffff">`, `</font>`),
	around(cLegacy, "font-color-near-white", `<font color="#fafafa">`, `</font>`),
	around(cLegacy, "td-bgcolor-black", `<table><tr><td bgcolor="#000000">`, `</td></tr></table>`),

	// HTML elements that are not rendered, or render only part of their
	// content.
	around(cElements, "details-closed", `<details><summary>More</summary>`, `</details>`),
	around(cElements, "dialog-closed", `<dialog>`, `</dialog>`),
	around(cElements, "ruby-rp", `<ruby>&nbsp;<rp>`, `</rp><rt>&nbsp;</rt></ruby>`),
	around(cElements, "select-other-option", `<select><option>The Pines</option><option>`, `</option></select>`),
	around(cElements, "audio-fallback", `<audio>`, `</audio>`),
	around(cElements, "video-fallback", `<video width="2" height="2">`, `</video>`),
	around(cElements, "progress-fallback", `<progress value="1" max="2">`, `</progress>`),
	around(cElements, "noembed", `<noembed>`, `</noembed>`),
	around(cElements, "bdo-rtl", `<bdo dir="rtl">`, `</bdo>`),
	around(cElements, "datalist", `<datalist id="d">`, `</datalist>`),

	// HTML embedded content: words a reader sees that are not text.
	{class: cEmbedded, name: "img-alt-retraction", shows: retraction,
		wrap: func(s string) string { return `<p><img src="cid:none@door" alt="` + retraction + `"></p>` + s }},
	{class: cEmbedded, name: "input-value-retraction", shows: retraction,
		wrap: func(s string) string { return `<p><input size="70" readonly value="` + retraction + `"></p>` + s }},
	{class: cEmbedded, name: "iframe-srcdoc-retraction", shows: retraction,
		wrap: func(s string) string {
			return `<iframe style="border:0;width:800px;height:60px" srcdoc="<p>` + retraction + `</p>"></iframe>` + s
		}},

	// Outlook's conditional comments: blocks only Outlook shows, and
	// blocks every other reader shows.
	around(cMSO, "mso-only-block", `<!--[if mso]>`, `<![endif]-->`),
	{class: cMSO, name: "downlevel-revealed-retraction", shows: retraction,
		wrap: func(s string) string { return `<![if !mso]><p>` + retraction + `</p><![endif]>` + s }},
	{class: cMSO, name: "not-mso-retraction", shows: retraction,
		wrap: func(s string) string { return `<!--[if !mso]><!--><p>` + retraction + `</p><!--<![endif]-->` + s }},

	// SVG 2.
	around(cSVG, "foreign-object-zero", `<svg width="0" height="0"><foreignObject width="900" height="60"><p>`, `</p></foreignObject></svg>`),
	around(cSVG, "svg-text-white", `<svg width="900" height="30"><text x="0" y="20" fill="#fff">`, `</text></svg>`),
	around(cSVG, "svg-desc", `<svg width="10" height="10"><desc>`, `</desc></svg>`),
}
