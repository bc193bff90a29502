package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"intake/internal/render"
)

// The real-reader tests need chromium and tesseract; say so in the output
// of `make test` when they will be skipped (TestMain is harness_test.go's).
func init() { render.WarnIfMissing("internal/e2e") }

// A reader renders HTML documents with one shared chromium and reads the
// screenshots back with OCR.
type reader struct {
	r *render.Renderer
	// dir, when set (INTAKE_RENDER_DIR), keeps every screenshot.
	dir string
}

// newReader starts a reader for t, stopped in t.Cleanup; it skips t (or
// fails it under CI) when chromium or tesseract is missing.
func newReader(t *testing.T) *reader {
	t.Helper()
	render.Require(t)
	r, err := render.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return &reader{r: r, dir: os.Getenv("INTAKE_RENDER_DIR")}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// read renders doc and returns the OCR text of its screenshot, kept as
// name.png when the reader keeps screenshots.
func (rd *reader) read(t *testing.T, name, doc string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	shot, err := rd.r.Render(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if rd.dir != "" {
		if err := os.WriteFile(filepath.Join(rd.dir, unsafeName.ReplaceAllString(name, "_")+".png"), shot, 0o644); err != nil {
			t.Error(err)
		}
	}
	text, err := render.OCR(ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

var renderContainsFn = render.ContainsSentence
