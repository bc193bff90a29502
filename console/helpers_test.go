package console

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"intake/approvals"
	"intake/ingest"
	"intake/parser"
	"intake/store"
)

// The staff account of the tests' stand-in verifier.
const (
	testStaff    = "ada@door.com"
	testPassword = "correct horse battery staple"
)

// clock is an injected, settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testLedger and testSessions adapt *store.DB as cmd/intake does.
type testLedger struct{ db *store.DB }

func (l testLedger) EntriesAbout(ctx context.Context, s []string, n int) ([]approvals.Entry, error) {
	return l.db.EntriesAbout(ctx, s, n)
}
func (l testLedger) RecentEntries(ctx context.Context, n int) ([]approvals.Entry, error) {
	return l.db.RecentEntries(ctx, n)
}
func (l testLedger) VerifyLedger(ctx context.Context) (*LedgerCheck, error) {
	v, err := l.db.Verify(ctx)
	if err != nil {
		return nil, err
	}
	return &LedgerCheck{OK: v.OK, Entries: v.Entries, FirstBad: v.FirstBad, Problem: v.Problem, StateDiff: v.StateDiff}, nil
}

type testLister struct{ db *store.DB }

func (l testLister) Queue(ctx context.Context, q QueueQuery) (*QueueResult, error) {
	res, err := l.db.QueuePage(ctx, store.QueueQuery(q))
	if err != nil {
		return nil, err
	}
	out := QueueResult(*res)
	return &out, nil
}

type testSessions struct{ db *store.DB }

func (s testSessions) CreateSession(ctx context.Context, x Session) error {
	return s.db.CreateSession(ctx, store.Session(x))
}
func (s testSessions) Session(ctx context.Context, h string) (*Session, error) {
	x, err := s.db.Session(ctx, h)
	if err != nil {
		return nil, err
	}
	out := Session(*x)
	return &out, nil
}
func (s testSessions) TouchSession(ctx context.Context, h string, at time.Time) error {
	return s.db.TouchSession(ctx, h, at)
}
func (s testSessions) DeleteSession(ctx context.Context, h string) error {
	return s.db.DeleteSession(ctx, h)
}

// fixture is a console over a real database holding the test directory
// and the testdata mail.
type fixture struct {
	backend *Adapter   // the console's Backend
	audit   *fakeAudit // the audit page's last run
	t       testing.TB
	db      *store.DB
	svc     *approvals.Service
	clock   *clock
	h       *Handler
	srv     *httptest.Server
	// ids maps a testdata file name to the ids of its queue items.
	ids map[string][]string
}

func newFixture(t testing.TB, opts Options) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: &clock{t: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}, ids: map[string][]string{}}
	db, err := store.Open(filepath.Join(t.TempDir(), "intake.db"), store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f.db = db
	f.svc = approvals.NewService(db, approvals.Config{Addresses: []string{"integrations@door.com"}, Now: f.clock.Now})
	f.loadDirectory()
	f.receiveTestdata()
	if _, err := f.svc.AddStaff(context.Background(), approvals.ActorOperator, testStaff, testPassword); err != nil {
		t.Fatal(err)
	}
	f.audit = &fakeAudit{}
	f.backend = &Adapter{Service: f.svc, Store: db, Ledger: testLedger{db}, Sessions: testSessions{db},
		Lister: testLister{db}, Audit: f.audit, Parser: testParser}
	opts.Backend = f.backend
	if opts.Now == nil {
		opts.Now = f.clock.Now
	}
	if f.h, err = New(opts); err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.h)
	t.Cleanup(f.srv.Close)
	return f
}

var testParser = parser.Options{TrustedAuthservID: "mx.door.com"}

func (f *fixture) loadDirectory() {
	file, err := os.Open(filepath.Join("testdata", "directory.json"))
	if err != nil {
		f.t.Fatal(err)
	}
	defer file.Close()
	d, err := approvals.DecodeDirectory(file)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.svc.LoadDirectory(context.Background(), d, ""); err != nil {
		f.t.Fatal(err)
	}
}

// receiveTestdata decides every testdata/*.eml, in name order.
func (f *fixture) receiveTestdata() {
	pipe, err := ingest.New(ingest.Config{Parser: testParser, Service: f.svc, Stager: f.db})
	if err != nil {
		f.t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.t.Fatal(err)
		}
		res, err := pipe.ReceiveRaw(context.Background(), "file:"+filepath.Base(name), raw)
		if err != nil {
			f.t.Fatalf("receive %s: %v", name, err)
		}
		for _, r := range res.Requests {
			f.ids[filepath.Base(name)] = append(f.ids[filepath.Base(name)], r.ID)
		}
	}
}

// id returns the first queue item of a testdata file.
func (f *fixture) id(file string) string {
	f.t.Helper()
	if len(f.ids[file]) == 0 {
		f.t.Fatalf("%s made no request (%v)", file, f.ids)
	}
	return f.ids[file][0]
}

// status returns the current status of request id.
func (f *fixture) status(id string) approvals.Status {
	f.t.Helper()
	d, err := f.svc.Show(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d.Request.Status
}

// client returns an HTTP client with a cookie jar that does not follow
// redirects.
func (f *fixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and returns the response with its body read.
func (f *fixture) get(c *http.Client, path string) (*http.Response, string) {
	f.t.Helper()
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, readBody(f.t, resp)
}

func (f *fixture) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	f.t.Helper()
	resp, err := c.PostForm(f.srv.URL+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, readBody(f.t, resp)
}

func readBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// csrf returns the CSRF token in a page.
func csrf(t testing.TB, body string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", body)
	}
	return m[1]
}

// login signs c in with password and returns the sign-in response.
func (f *fixture) login(c *http.Client, email, password string) *http.Response {
	f.t.Helper()
	_, body := f.get(c, "/login")
	resp, _ := f.post(c, "/login", url.Values{"csrf": {csrf(f.t, body)}, "email": {email}, "password": {password}})
	return resp
}

// signedIn returns a client signed in as testStaff and its CSRF token.
func (f *fixture) signedIn() (*http.Client, string) {
	f.t.Helper()
	c := f.client()
	if resp := f.login(c, testStaff, testPassword); resp.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("sign in: status %d, want 303", resp.StatusCode)
	}
	_, body := f.get(c, "/queue")
	return c, csrf(f.t, body)
}

func mustContain(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page does not contain %q", w)
		}
	}
}

// fakeAudit is the tests' AuditReader: run, nil until a test sets it.
type fakeAudit struct{ run *AuditRun }

func (a *fakeAudit) LastAudit(context.Context) (*AuditRun, error) { return a.run, nil }

// checkCreated fails t unless item was turned into a request with c: the
// item is rejected, naming the new request, and the new request carries
// c's action, partner and property.
func (f *fixture) checkCreated(t testing.TB, item string, c Creation) {
	t.Helper()
	d, err := f.svc.Show(context.Background(), item)
	if err != nil {
		t.Fatal(err)
	}
	if d.Request.Status != approvals.StatusRejected {
		t.Fatalf("item %s is %s after create, want rejected", item, d.Request.Status)
	}
	id := regexp.MustCompile(`r-\d+`).FindString(d.Request.Note)
	if id == "" || id == item {
		t.Fatalf("item %s's note %q names no new request", item, d.Request.Note)
	}
	n, err := f.svc.Show(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := (Creation{Action: n.Request.Action, PartnerID: n.Request.PartnerID, PropertyID: n.Request.PropertyID}); got != c {
		t.Errorf("created %s: %+v, want %+v", id, got, c)
	}
}
