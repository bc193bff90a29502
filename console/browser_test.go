package console

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"intake/approvals"
	"intake/internal/render"
)

// browser drives one headless chromium tab against the fixture's server.
type browser struct {
	t       *testing.T
	f       *fixture
	ctx     context.Context
	dialogs atomic.Int32
	shots   string
	n       int
}

// chromiumMissing says what a run without chromium misses, and how to
// install it.
const chromiumMissing = "SKIPPED: chromium not found: apt-get install -y chromium (CI installs it; with CI=true this test fails)"

// newBrowser starts Debian's chromium, headless, with a fresh profile and
// no network but loopback. A missing chromium skips the test loudly, and
// fails it under CI=true.
func newBrowser(t *testing.T, f *fixture) *browser {
	bin := render.ChromiumPath()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(chromiumMissing)
		}
		fmt.Fprintln(os.Stderr, "console: WARNING: "+chromiumMissing)
		t.Skip("SKIPPED: chromium not found (apt-get install -y chromium); the console's browser tests do not run")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"), chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"), // loopback bypasses it
		chromedp.WindowSize(1280, 900))
	quiet := func(string, ...any) {}
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithErrorf(quiet), chromedp.WithLogf(quiet))
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &browser{t: t, f: f, ctx: ctx, shots: os.Getenv("INTAKE_CONSOLE_SHOTS")}
	if b.shots == "" {
		b.shots = t.TempDir()
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			b.dialogs.Add(1)
			go chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// open loads path and waits for the page's main element.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.f.srv.URL+path), chromedp.WaitVisible(chromedp.CSS("main")))
}

// path returns the current URL's path and query.
func (b *browser) path() string {
	return eval[string](b, `location.pathname + location.search`)
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// shot saves a full-page PNG named after the page.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	b.n++
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// submit fills the fields (CSS selector → value) of a form and clicks
// its submit button, then waits for the next page.
func (b *browser) submit(form string, fields map[string]string) {
	b.t.Helper()
	var acts []chromedp.Action[chromedp.Void]
	for sel, v := range fields {
		acts = append(acts, chromedp.SetValue(chromedp.CSS(form+" "+sel), v))
	}
	acts = append(acts, chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.Sleep(50*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("main")))
	b.run(acts...)
}

func (b *browser) signIn(password string) {
	b.t.Helper()
	b.open("/login")
	b.submit("form", map[string]string{"#email": testStaff, "#password": password})
}

func TestBrowser(t *testing.T) {
	f := newFixture(t, Options{})
	b := newBrowser(t, f)
	defer func() { t.Logf("screenshots in %s", b.shots) }()

	t.Run("no session lands on sign-in", func(t *testing.T) {
		b.t = t
		b.open("/queue")
		if p := b.path(); !strings.HasPrefix(p, "/login") {
			t.Fatalf("at %s, want /login", p)
		}
		b.shot("login")
	})
	t.Run("lockout", func(t *testing.T) {
		b.t = t
		for i := 0; i < accountFailures; i++ {
			b.signIn("wrong")
		}
		b.signIn(testPassword)
		if got := b.text(".problem"); !strings.Contains(got, "Too many failed sign-ins") {
			t.Fatalf("after %d bad passwords the right one gives %q", accountFailures, got)
		}
		b.shot("login-locked")
		f.clock.Add(lockout + time.Minute)
	})
	t.Run("sign in", func(t *testing.T) {
		b.t = t
		b.signIn(testPassword)
		if p := b.path(); p != "/queue" {
			t.Fatalf("at %s after signing in, want /queue", p)
		}
		b.shot("queue")
	})
	t.Run("filter", func(t *testing.T) {
		b.t = t
		b.run(chromedp.SetValue(chromedp.CSS("#f-reason"), "no_request"),
			chromedp.Click(chromedp.CSS(`.filters button[type="submit"]`)),
			chromedp.Sleep(50*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("main")))
		if p := b.path(); !strings.Contains(p, "reason=no_request") {
			t.Fatalf("at %s, want the no_request filter", p)
		}
		rows := eval[int](b, `document.querySelectorAll("table.queue tbody tr").length`)
		body := b.text("table.queue")
		if rows != 2 || !strings.Contains(body, f.id("12-no-request.eml")) || strings.Contains(body, f.id("09-spoofed.eml")) {
			t.Errorf("filtered queue has %d rows: %q", rows, body)
		}
		b.shot("queue-filtered")
	})
	t.Run("dialog listener sees a dialog", func(t *testing.T) {
		b.t = t
		// The control for the next step: a dialog opened through DevTools
		// (which the page's CSP does not govern) is seen and dismissed.
		b.run(chromedp.Evaluate[chromedp.Void](`setTimeout(() => alert("control"), 0)`), chromedp.Sleep(300*time.Millisecond))
		if n := b.dialogs.Swap(0); n != 1 {
			t.Fatalf("saw %d dialogs, want 1", n)
		}
	})
	t.Run("hostile message is inert", func(t *testing.T) {
		b.t = t
		b.open("/requests/" + f.id("11-hostile-names.eml"))
		scripts := eval[int](b, `document.scripts.length`)
		images := eval[int](b, `document.images.length`)
		jsLinks := eval[int](b, `[...document.querySelectorAll("a")].filter(a => a.href.startsWith("javascript:")).length`)
		if scripts+images+jsLinks != 0 {
			t.Errorf("the page holds %d scripts, %d images, %d javascript: links", scripts, images, jsLinks)
		}
		body := b.text(".message")
		for _, want := range []string{"<script>alert('subject')</script>", "<script>alert('body')</script>",
			`<a href="javascript:alert('link')">`, "<img src=x onerror=alert('img')>", "Acme&lt;script&gt;alert&lt;/script&gt; Movers"} {
			if !strings.Contains(body, want) {
				t.Errorf("the message text lacks %q", want)
			}
		}
		b.run(chromedp.Sleep(200 * time.Millisecond))
		if n := b.dialogs.Load(); n != 0 {
			t.Errorf("%d JavaScript dialogs opened", n)
		}
		b.shot("request-hostile")
	})
	t.Run("approve unproven sender", func(t *testing.T) {
		b.t = t
		id := f.id("09-spoofed.eml")
		b.open("/requests/" + id)
		b.shot("request-unproven")
		b.submit(`form[action$="/approve"]`, map[string]string{"#approve-note": "phoned Hank"})
		if got := b.text(".problem"); !strings.Contains(got, "not proven") {
			t.Fatalf("approval without confirmation: %q", got)
		}
		b.run(chromedp.Click(chromedp.CSS(`input[name="confirm"]`)))
		b.submit(`form[action$="/approve"]`, nil)
		if got := b.text(".flash"); !strings.HasPrefix(got, "Approved") {
			t.Fatalf("flash %q", got)
		}
		if st := f.status(id); st == approvals.StatusPending {
			t.Errorf("still pending after approval")
		}
		b.shot("request-approved")
	})
	t.Run("reject", func(t *testing.T) {
		b.t = t
		id := f.id("06-quoted-consent.eml")
		b.open("/requests/" + id)
		b.submit(`form[action$="/reject"]`, map[string]string{"#reject-note": "only quoted consent; asked Hank to write himself"})
		if st := f.status(id); st != approvals.StatusRejected {
			t.Errorf("status %s, want rejected", st)
		}
	})
	t.Run("resolve", func(t *testing.T) {
		b.t = t
		id := f.id("05-unknown-partner.eml")
		b.open("/requests/" + id)
		b.shot("request-unknown-partner")
		b.submit(`form[action$="/resolve"]`, map[string]string{"#resolve-partner": "p-parcel"})
		if got := b.text(".flash"); !strings.HasPrefix(got, "Resolved") {
			t.Fatalf("flash %q", got)
		}
		d, err := f.svc.Show(context.Background(), id)
		if err != nil || d.Request.PartnerID != "p-parcel" {
			t.Errorf("resolved to %q, %v; want p-parcel", d.Request.PartnerID, err)
		}
	})
	t.Run("create from a message", func(t *testing.T) {
		b.t = t
		b.open("/requests/" + f.id("12-no-request.eml"))
		b.shot("request-no-request")
		b.submit(`form[action$="/create"]`, map[string]string{"#create-action": "remove",
			"#create-partner": "p-parcel", "#create-property": "prop-oak"})
		f.checkCreated(t, f.id("12-no-request.eml"), Creation{Action: approvals.ActionRemove, PartnerID: "p-parcel", PropertyID: "prop-oak"})
	})
	t.Run("POST without CSRF token refused", func(t *testing.T) {
		b.t = t
		id := f.id("10-html-hidden.eml")
		b.open("/requests/" + id)
		b.run(chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action$="/reject"] input[name="csrf"]').remove()`))
		b.submit(`form[action$="/reject"]`, map[string]string{"#reject-note": "forged"})
		if got := b.text(".problem"); !strings.Contains(got, "security token") {
			t.Errorf("POST without token: %q", got)
		}
		if st := f.status(id); st != approvals.StatusPending {
			t.Errorf("status %s after a POST without token, want pending", st)
		}
		b.shot("csrf-refused")
	})
	t.Run("removal waits for doors", func(t *testing.T) {
		b.t = t
		b.open("/requests/" + f.id("03-remove-acme-pines.eml"))
		if got := b.text(".doors"); !strings.Contains(got, "Access → Doors → door → Edit door → None → Save") {
			t.Errorf("doors box %q", got)
		}
		b.shot("request-removal")
	})
	t.Run("properties and ledger", func(t *testing.T) {
		b.t = t
		b.open("/properties?property=prop-pines")
		b.shot("properties")
		b.open("/ledger")
		b.run(chromedp.Click(chromedp.CSS(`form[action="/ledger/verify"] button`)),
			chromedp.WaitVisible(chromedp.CSS(".verify")))
		if got := b.text(".verify"); !strings.Contains(got, "The ledger is intact") {
			t.Errorf("verify: %q", got)
		}
		b.shot("ledger")
	})
	t.Run("sign out", func(t *testing.T) {
		b.t = t
		b.open("/queue")
		b.run(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.Sleep(50*time.Millisecond),
			chromedp.WaitVisible(chromedp.CSS("main")))
		b.open("/queue")
		if p := b.path(); !strings.HasPrefix(p, "/login") {
			t.Errorf("at %s after signing out, want /login", p)
		}
	})
}
