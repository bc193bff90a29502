package render

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	WarnIfMissing("internal/render")
	os.Exit(m.Run())
}

// newRenderer starts a Renderer for t, stopped in t.Cleanup.
func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	Require(t)
	r, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	})
	return r
}

// read renders doc and returns its OCR text.
func read(t *testing.T, r *Renderer, doc string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	shot, err := r.Render(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	text, err := OCR(ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestRenderReadsWhatIsShown(t *testing.T) {
	r := newRenderer(t)
	tests := []struct {
		name, body string
		want       bool
	}{
		{"plain paragraph", "<p>" + consent + "</p>", true},
		{"sans-serif table", `<table><tr><td style="font-family:Arial,sans-serif;font-size:14px">` + consent + `</td></tr></table>`, true},
		{"white on white", `<p style="color:#fff">` + consent + `</p>`, false},
		{"generated negation", `<style>.n::before{content:"do not "}</style><p>We <span class="n"></span>give DOOR permission to add Acme Deliveries to The Pines.</p>`, false},
		{"covered by a later box", `<p>` + consent + `</p><div style="margin-top:-3em;height:4em;background:#fff;position:relative"></div>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := read(t, r, "<!DOCTYPE html><html><body><p>Hello DOOR team.</p>"+tt.body+"<p>Thanks, Maria</p></body></html>")
			if got := ContainsSentence(text, consent); got != tt.want {
				t.Errorf("OCR shows the consent: %v, want %v; OCR text:\n%s", got, tt.want, text)
			}
			if !ContainsSentence(text, "Thanks, Maria") {
				t.Errorf("OCR misses the visible sign-off; OCR text:\n%s", text)
			}
		})
	}
}

func TestRenderFullHeight(t *testing.T) {
	r := newRenderer(t)
	shot, err := r.Render(context.Background(), `<body style="margin:0"><div style="height:2500px">tall</div></body>`)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	// The default options: 900 CSS pixels wide at a device scale of 2.
	if got, want := img.Bounds().Dx(), 1800; got != want {
		t.Errorf("width = %d, want %d", got, want)
	}
	if got, want := img.Bounds().Dy(), 5000; got != want {
		t.Errorf("height = %d, want %d", got, want)
	}
}

func TestRenderNoScript(t *testing.T) {
	r := newRenderer(t)
	text := read(t, r, `<body><p>Static words stay.</p><script>document.body.innerHTML = "<p>Script words replace them.</p>"</script></body>`)
	if ContainsSentence(text, "Script words replace them.") || !ContainsSentence(text, "Static words stay.") {
		t.Errorf("script ran; OCR text:\n%s", text)
	}
}

func TestRenderNoNetwork(t *testing.T) {
	r := newRenderer(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer srv.Close()
	doc := `<html><head><link rel="stylesheet" href="` + srv.URL + `/a.css"><style>@import url("` + srv.URL + `/b.css");</style></head>` +
		`<body style="background:url(` + srv.URL + `/c.png)"><img src="` + srv.URL + `/d.png" alt="x"><iframe src="` + srv.URL + `/e"></iframe><p>Offline.</p></body></html>`
	if _, err := r.Render(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the page reached the network %d times", n)
	}
}

func TestRenderParallel(t *testing.T) {
	r := newRenderer(t)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := r.Render(context.Background(), "<p>"+consent+"</p>")
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
