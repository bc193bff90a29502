package mimetree

import (
	"strings"

	"github.com/jhillyerd/enmime"

	"intake/parser/internal/model"
)

// Bodies are the decoded text parts a reader sees as the message body.
type Bodies struct {
	// Plain and HTML are the text/plain parts joined by a blank line and
	// the text/html parts joined by a line break.
	Plain, HTML       string
	HasPlain, HasHTML bool
	// Unclear reports alternatives that two readings cannot compare (see
	// unclearAlternatives).
	Unclear bool
}

// FindBodies collects the inline text/plain and text/html parts of the
// message body, in order (see BodyParts), from each part's Content.
func FindBodies(root *enmime.Part) Bodies {
	b := Bodies{Unclear: unclearAlternatives(root)}
	var plain, html []string
	for _, p := range BodyParts(root) {
		if p.ContentType == "text/html" {
			b.HasHTML = true
			html = append(html, string(p.Content))
			continue
		}
		b.HasPlain = true
		plain = append(plain, string(p.Content))
	}
	b.Plain = strings.Join(plain, "\n\n")
	b.HTML = strings.Join(html, "\n")
	return b
}

// BodyParts returns the parts a reader sees as the message body, in order:
// the inline text/plain and text/html parts, and leaves without a
// Content-Type (read as text/plain). Attachments (parts with a file name
// among them), and everything inside an attached message (message/rfc822,
// a forward), are not body.
func BodyParts(root *enmime.Part) []*enmime.Part {
	var parts []*enmime.Part
	var walk func(p *enmime.Part)
	walk = func(p *enmime.Part) {
		for ; p != nil; p = p.NextSibling {
			if isAttachment(p) {
				continue
			}
			if isBodyPart(p) {
				parts = append(parts, p)
			}
			walk(p.FirstChild)
		}
	}
	walk(root)
	return parts
}

// unclearAlternatives reports a multipart/alternative under p (p
// included) of which a mail client may show text that intake does not
// compare with the rest: two alternatives with text/plain, or two with
// text/html (a client shows only the last, intake reads them joined), or
// one in text/enriched or text/richtext, which intake does not read.
func unclearAlternatives(p *enmime.Part) bool {
	for ; p != nil; p = p.NextSibling {
		if p.ContentType == "multipart/alternative" && !isAttachment(p) {
			plain, html := 0, 0
			for alt := p.FirstChild; alt != nil; alt = alt.NextSibling {
				if isAttachment(alt) {
					continue
				}
				hasPlain, hasHTML, other := textKinds(alt)
				if other {
					return true
				}
				if hasPlain {
					plain++
				}
				if hasHTML {
					html++
				}
			}
			if plain > 1 || html > 1 {
				return true
			}
		}
		if !isAttachment(p) && unclearAlternatives(p.FirstChild) {
			return true
		}
	}
	return false
}

// textKinds reports which kinds of body text p and the parts under it
// hold, attachments aside: text/plain, text/html, and other text a
// client may show in their place (text/enriched, text/richtext).
func textKinds(p *enmime.Part) (plain, html, other bool) {
	if isAttachment(p) {
		return false, false, false
	}
	switch {
	case p.ContentType == "text/html":
		html = true
	case isBodyPart(p):
		plain = true
	case p.ContentType == "text/enriched" || p.ContentType == "text/richtext":
		other = true
	}
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		cp, ch, co := textKinds(c)
		plain, html, other = plain || cp, html || ch, other || co
	}
	return plain, html, other
}

// isBodyPart reports a part whose content is body text, if it is not an
// attachment.
func isBodyPart(p *enmime.Part) bool {
	return p.ContentType == "text/plain" || p.ContentType == "text/html" ||
		(p.ContentType == "" && p.FirstChild == nil)
}

// isAttachment reports a part that is not body: one with a disposition
// other than inline (an unknown one counts as attachment, RFC 2183
// section 2.8), one with a file name (a filename parameter of
// Content-Disposition, even inline, or a name parameter of Content-Type;
// RFC 2183 section 2.3), or an attached message or report. A part of a
// multipart/digest without a Content-Type is an attached message (RFC
// 2046 section 5.1.5), as mail clients show it.
func isAttachment(p *enmime.Part) bool {
	if d := disposition(p); (d != "" && d != "inline") || p.FileName != "" {
		return true
	}
	if p.ContentType == "" && p.Parent != nil && p.Parent.ContentType == "multipart/digest" {
		return true
	}
	switch p.ContentType {
	case "message/rfc822", "message/global", "text/rfc822-headers", "message/delivery-status", "message/global-delivery-status":
		return true
	}
	return false
}

// disposition returns the lowercased disposition type of p, read from
// its Content-Disposition header when enmime could not parse it.
func disposition(p *enmime.Part) string {
	d := p.Disposition
	if d == "" && p.Header != nil {
		d, _, _ = strings.Cut(p.Header.Get("Content-Disposition"), ";")
	}
	return strings.ToLower(strings.TrimSpace(d))
}

// CheckSize reports a *model.LimitError when the text is over
// lim.MaxTextBytes or the HTML over lim.MaxHTMLBytes.
func (b Bodies) CheckSize(lim Limits) error {
	if len(b.Plain) > lim.MaxTextBytes {
		return &model.LimitError{Limit: "limits.text_bytes", Max: int64(lim.MaxTextBytes)}
	}
	if len(b.HTML) > lim.MaxHTMLBytes {
		return &model.LimitError{Limit: "limits.html_bytes", Max: int64(lim.MaxHTMLBytes)}
	}
	return nil
}
