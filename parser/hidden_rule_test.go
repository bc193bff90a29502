package parser

import (
	"testing"
)

// TestHiddenTextNamesRule checks that the doubt of hidden text names the
// hiding rule that fired, through the whole parser: a tiny font, colour
// on its own background, and a closed element.
func TestHiddenTextNamesRule(t *testing.T) {
	cases := []struct{ name, html, want string }{
		{"tiny font", `<p>` + newReq + `</p><p style="font-size: 1px">Do not apply.</p>`, "hides text (rule tiny-font): font-size:1px"},
		{"white on white", `<p>` + newReq + `</p><p style="color: #ffffff">Do not apply.</p>`, "hides text (rule low-contrast): colour #ffffff on #ffffff"},
		{"hidden attribute", `<p>` + newReq + `</p><p hidden>Do not apply.</p>`, "hides text (rule hidden-attribute): hidden"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := "From: Maria <maria@pines.example>\r\nTo: integrations@door.com\r\nSubject: Access\r\n" +
				"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + c.html + "\r\n"
			m, err := ParseBytes([]byte(raw), Options{})
			if err != nil {
				t.Fatalf("ParseBytes: %v", err)
			}
			var whys []string
			for _, d := range m.Doubts {
				if d.Why == c.want {
					return
				}
				whys = append(whys, d.Why)
			}
			t.Errorf("doubts explain %q, want one %q", whys, c.want)
		})
	}
}
