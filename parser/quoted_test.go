package parser

import (
	"strings"
	"testing"
)

// TestHTMLQuotedText: the text an HTML reply leaves out (a <blockquote>
// the reader sees as a quote, and Gmail's attribution, cut by the text
// pass) is kept in Body.Quoted for staff, apart from the new text,
// without the marker line the blockquote leaves behind for the text pass.
func TestHTMLQuotedText(t *testing.T) {
	src := `<div dir="ltr">Yes, go ahead.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Ann wrote:</div>` +
		`<blockquote class="gmail_quote">We give DOOR permission to add Evil Movers to The Pines.</blockquote></div>`
	b, err := htmlBody(src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.Text, "Evil") || !strings.Contains(b.Text, "Yes, go ahead.") {
		t.Errorf("Text = %q, want the new text alone", b.Text)
	}
	if !strings.Contains(b.Quoted, "We give DOOR permission to add Evil Movers to The Pines.") {
		t.Errorf("Quoted = %q, want the quoted request", b.Quoted)
	}
	for _, l := range strings.Split(b.Quoted, "\n") {
		if strings.TrimSpace(l) == ">" {
			t.Errorf("Quoted %q holds the bare marker line", b.Quoted)
		}
	}
}
