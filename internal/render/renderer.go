package render

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Options configures New. A nil pointer is equivalent to a zero value.
type Options struct {
	// Width is the viewport width in CSS pixels; 900 when zero.
	Width int
	// Scale is the device scale factor of the screenshot; 2 when zero, so
	// that body text is large enough for OCR.
	Scale float64
	// Tabs is how many documents render at once, each in a tab of its
	// own; 2 when zero.
	Tabs int
	// MaxHeight caps the screenshot's height in CSS pixels; 4000 when zero.
	MaxHeight int
}

// A Renderer is one headless chromium with a pool of tabs. Its methods
// are safe for concurrent use; Close stops the browser.
type Renderer struct {
	opts    Options
	dir     string
	cancel  []context.CancelFunc
	browser context.Context
	tabs    chan *tab
}

// A tab is one browser tab and the frame its documents are written into.
type tab struct {
	ctx   context.Context
	frame cdp.FrameID
}

// blocked are the URL patterns (URLPattern syntax) every tab refuses to
// load: all of them, as far as a document without script can ask.
var blocked = []string{"http://*:*/*", "https://*:*/*", "ws://*:*/*", "wss://*:*/*", "ftp://*:*/*"}

// New starts chromium with a fresh profile in a temporary directory and
// opens its tabs. It returns an error when chromium is not installed or
// does not start.
func New(opts *Options) (*Renderer, error) {
	r := &Renderer{}
	if opts != nil {
		r.opts = *opts
	}
	r.opts.defaults()
	bin := ChromiumPath()
	if bin == "" {
		return nil, errors.New("render: chromium not found")
	}
	dir, err := os.MkdirTemp("", "intake-render-")
	if err != nil {
		return nil, fmt.Errorf("render: profile dir: %w", err)
	}
	r.dir = dir
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), r.flags(bin)...)
	r.cancel = append(r.cancel, cancelAlloc)
	// chromedp logs protocol events it does not expect (a document
	// replaced by Page.setDocumentContent has no navigation) as errors;
	// every call's own error is returned.
	quiet := func(string, ...any) {}
	browser, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithErrorf(quiet), chromedp.WithLogf(quiet))
	r.cancel = append(r.cancel, cancelBrowser)
	r.browser = browser
	r.tabs = make(chan *tab, r.opts.Tabs)
	for i := 0; i < r.opts.Tabs; i++ {
		ctx := browser
		if i > 0 {
			var cancel context.CancelFunc
			ctx, cancel = chromedp.NewContext(browser)
			r.cancel = append(r.cancel, cancel)
		}
		t, err := r.open(ctx)
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("render: open tab: %w", err)
		}
		r.tabs <- t
	}
	return r, nil
}

func (o *Options) defaults() {
	if o.Width <= 0 {
		o.Width = 900
	}
	if o.Scale <= 0 {
		o.Scale = 2
	}
	if o.Tabs <= 0 {
		o.Tabs = 2
	}
	if o.MaxHeight <= 0 {
		o.MaxHeight = 4000
	}
}

// flags are chromium's command line: headless, nothing in the background,
// and no way out to the network.
func (r *Renderer) flags(bin string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(r.dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
	}
}

// open readies the tab of ctx: script off, URLs blocked, and the id of
// the frame documents are written into.
func (r *Renderer) open(ctx context.Context) (*tab, error) {
	var patterns []*network.BlockPattern
	for _, p := range blocked {
		patterns = append(patterns, &network.BlockPattern{URLPattern: p, Block: true})
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		return nil, fmt.Errorf("disable script: %w", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return nil, fmt.Errorf("enable network domain: %w", err)
	}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns}); err != nil {
		return nil, fmt.Errorf("block URLs: %w", err)
	}
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("frame tree: %w", err)
	}
	return &tab{ctx: ctx, frame: tree.FrameTree.Frame.ID}, nil
}

// Render lays out the HTML document doc in a tab at the configured width
// and returns a PNG screenshot of its full height (at most MaxHeight CSS
// pixels). It waits for a free tab; ctx bounds the wait and the
// rendering. Errors come from the browser.
func (r *Renderer) Render(ctx context.Context, doc string) ([]byte, error) {
	var t *tab
	select {
	case t = <-r.tabs:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { r.tabs <- t }()
	png, err := r.render(ctx, t, doc)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return png, nil
}

func (r *Renderer) render(ctx context.Context, t *tab, doc string) ([]byte, error) {
	// The tab's context outlives ctx: stop waiting when ctx ends, without
	// cancelling the tab itself.
	tctx, cancel := context.WithCancel(t.ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	if err := r.viewport(tctx, 600); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(tctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: t.frame, HTML: doc}); err != nil {
		return nil, fmt.Errorf("set document: %w", err)
	}
	m, err := chromedp.Call(tctx, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, fmt.Errorf("layout metrics: %w", err)
	}
	h := 100
	if m.CSSContentSize != nil {
		h = max(h, int(math.Ceil(m.CSSContentSize.Height)))
	}
	if err := r.viewport(tctx, min(h, r.opts.MaxHeight)); err != nil {
		return nil, err
	}
	shot, err := chromedp.Call(tctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, FromSurface: ptr(true),
	})
	if err != nil {
		return nil, fmt.Errorf("screenshot: %w", err)
	}
	return shot.Data, nil
}

// viewport sets the tab's viewport to the configured width and height h.
func (r *Renderer) viewport(ctx context.Context, h int) error {
	_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: int64(r.opts.Width), Height: int64(h), DeviceScaleFactor: r.opts.Scale,
	})
	if err != nil {
		return fmt.Errorf("viewport: %w", err)
	}
	return nil
}

// Close stops the browser and removes its profile directory. It returns
// the error of removing the directory; calling it twice is harmless.
func (r *Renderer) Close() error {
	for i := len(r.cancel) - 1; i >= 0; i-- {
		r.cancel[i]()
	}
	r.cancel = nil
	if r.dir == "" {
		return nil
	}
	err := os.RemoveAll(r.dir)
	r.dir = ""
	return err
}

func ptr[T any](v T) *T { return &v }
