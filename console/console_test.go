package console

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"intake/approvals"
	"intake/store"
)

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	for _, path := range []string{"/login", "/queue", "/requests/" + f.id("05-unknown-partner.eml"), "/properties", "/ledger", "/audit", "/static/console.css"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := f.get(c, path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			for k, want := range map[string]string{
				"X-Frame-Options":        "DENY",
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "no-referrer",
			} {
				if got := resp.Header.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			csp := resp.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'none'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP %q allows inline", csp)
			}
		})
	}
}

func TestSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		f := newFixture(t, Options{Secure: secure})
		c := f.client()
		resp := f.login(c, testStaff, testPassword)
		var got *http.Cookie
		for _, ck := range resp.Cookies() {
			if strings.HasSuffix(ck.Name, sessionCookie) {
				got = ck
			}
		}
		if got == nil {
			t.Fatalf("secure=%v: no session cookie in %v", secure, resp.Header["Set-Cookie"])
		}
		if !got.HttpOnly || got.SameSite != http.SameSiteStrictMode || got.Secure != secure || got.Path != "/" {
			t.Errorf("secure=%v: cookie %+v, want HttpOnly, SameSite=Strict, Secure=%v, Path=/", secure, got, secure)
		}
		if secure && got.Name != "__Host-"+sessionCookie {
			t.Errorf("secure cookie is named %q, want the __Host- prefix", got.Name)
		}
		if len(got.Value) < 43 {
			t.Errorf("session id %q is shorter than 32 bytes", got.Value)
		}
		if _, err := f.db.Session(context.Background(), got.Value); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("the session is stored under its id in clear (err %v)", err)
		}
	}
}

func TestNoSessionLandsOnLogin(t *testing.T) {
	f := newFixture(t, Options{})
	c := f.client()
	for _, path := range []string{"/", "/queue", "/requests/r-000001", "/properties", "/ledger", "/requests/r-000001/message.eml"} {
		resp, _ := f.get(c, path)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s: status %d Location %q, want 303 to /login", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	id := f.id("09-spoofed.eml")
	resp, _ := f.post(c, "/requests/"+id+"/reject", url.Values{"note": {"x"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without session: status %d, want 403", resp.StatusCode)
	}
	if got := f.status(id); got != approvals.StatusPending {
		t.Errorf("status %s after a POST without session, want pending", got)
	}
}

func TestSignInRedirectsOnlyWithinTheConsole(t *testing.T) {
	for target, want := range map[string]string{
		"/requests/r-000002": "/requests/r-000002", "//evil.example/": "/queue",
		"https://evil.example/": "/queue", "/\\evil.example": "/queue", "": "/queue",
	} {
		if got := safeNext(target); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", target, got, want)
		}
	}
}

func TestCSRFRefused(t *testing.T) {
	f := newFixture(t, Options{})
	c, token := f.signedIn()
	id := f.id("09-spoofed.eml")
	for name, form := range map[string]url.Values{
		"missing": {"note": {"no"}},
		"wrong":   {"note": {"no"}, "csrf": {token + "x"}},
		"empty":   {"note": {"no"}, "csrf": {""}},
	} {
		resp, body := f.post(c, "/requests/"+id+"/reject", form)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s token: status %d, want 403", name, resp.StatusCode)
		}
		mustContain(t, body, "security token")
	}
	if got := f.status(id); got != approvals.StatusPending {
		t.Fatalf("status %s after refused POSTs, want pending", got)
	}
	resp, _ := f.post(c, "/requests/"+id+"/reject", url.Values{"note": {"spoofed"}, "csrf": {token}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the token: status %d, want 303", resp.StatusCode)
	}
	if got := f.status(id); got != approvals.StatusRejected {
		t.Errorf("status %s, want rejected", got)
	}
	// The sign-in form's own token.
	resp, _ = f.post(f.client(), "/login", url.Values{"email": {testStaff}, "password": {testPassword}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without its token: status %d, want 403", resp.StatusCode)
	}
	// Sign-out is a POST too.
	resp, _ = f.post(c, "/logout", url.Values{})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without token: status %d, want 403", resp.StatusCode)
	}
}

func TestSessionExpiry(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		f := newFixture(t, Options{IdleTimeout: 30 * time.Minute})
		c, _ := f.signedIn()
		f.clock.Add(29 * time.Minute)
		if resp, _ := f.get(c, "/queue"); resp.StatusCode != http.StatusOK {
			t.Fatalf("after 29m idle: status %d, want 200", resp.StatusCode)
		}
		f.clock.Add(29 * time.Minute) // the request above renewed it
		if resp, _ := f.get(c, "/queue"); resp.StatusCode != http.StatusOK {
			t.Fatalf("29m after the last request: status %d, want 200", resp.StatusCode)
		}
		f.clock.Add(31 * time.Minute)
		if resp, _ := f.get(c, "/queue"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("after 31m idle: status %d, want 303 to sign in", resp.StatusCode)
		}
	})
	t.Run("absolute", func(t *testing.T) {
		f := newFixture(t, Options{IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 2 * time.Hour})
		c, _ := f.signedIn()
		for i := 0; i < 5; i++ { // 100 minutes of activity
			f.clock.Add(20 * time.Minute)
			if resp, _ := f.get(c, "/queue"); resp.StatusCode != http.StatusOK {
				t.Fatalf("after %dm: status %d, want 200", 20*(i+1), resp.StatusCode)
			}
		}
		f.clock.Add(21 * time.Minute)
		if resp, _ := f.get(c, "/queue"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("past the absolute timeout: status %d, want 303", resp.StatusCode)
		}
	})
	t.Run("logout", func(t *testing.T) {
		f := newFixture(t, Options{})
		c, token := f.signedIn()
		u, _ := url.Parse(f.srv.URL)
		old := c.Jar.Cookies(u)
		resp, _ := f.post(c, "/logout", url.Values{"csrf": {token}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out: status %d", resp.StatusCode)
		}
		replay := f.client()
		replay.Jar.SetCookies(u, old)
		if resp, _ := f.get(replay, "/queue"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the signed-out session still works: status %d", resp.StatusCode)
		}
	})
}

func TestSignInRateLimit(t *testing.T) {
	f := newFixture(t, Options{})
	c := f.client()
	for i := 0; i < accountFailures; i++ {
		if resp := f.login(c, testStaff, "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("bad password %d: status %d, want 401", i+1, resp.StatusCode)
		}
	}
	if resp := f.login(c, testStaff, testPassword); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("right password on a locked account: status %d, want 429", resp.StatusCode)
	}
	f.clock.Add(lockout + time.Minute)
	if resp := f.login(c, testStaff, testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the lockout: status %d, want 303", resp.StatusCode)
	}

	t.Run("per address", func(t *testing.T) {
		f := newFixture(t, Options{})
		c := f.client()
		for i := 0; i < addrFailures; i++ {
			f.login(c, "guess"+string(rune('a'+i))+"@door.com", "wrong")
		}
		if resp := f.login(c, testStaff, testPassword); resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("from a locked address: status %d, want 429", resp.StatusCode)
		}
	})
}

func TestHostileMessageEscaped(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	id := f.id("11-hostile-names.eml")
	for _, path := range []string{"/queue", "/requests/" + id, "/ledger"} {
		_, body := f.get(c, path)
		for _, bad := range []string{"<script>alert", "<img src=x", "href=\"javascript:", "onerror=alert('"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s holds %q unescaped", path, bad)
			}
		}
		// The partner's name was written with entities: they show as
		// written, escaped again.
		mustContain(t, body, "Acme&amp;lt;script&amp;gt;alert")
	}
	_, body := f.get(c, "/requests/"+id)
	mustContain(t, body, "&lt;script&gt;alert(&#39;subject&#39;)", "&lt;script&gt;alert(&#39;body&#39;)",
		"&lt;a href=&#34;javascript:alert(&#39;link&#39;)&#34;&gt;", "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;")
}

func TestRawMessageDownload(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	resp, body := f.get(c, "/requests/"+f.id("11-hostile-names.eml")+"/message.eml")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/octet-stream" {
		t.Errorf("Content-Type %q", got)
	}
	if got := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") || !strings.HasSuffix(got, `.eml"`) {
		t.Errorf("Content-Disposition %q, want an .eml attachment", got)
	}
	mustContain(t, body, "Message-ID: <demo11@westside.example>")
}

func TestApproveUnprovenNeedsConfirmation(t *testing.T) {
	f := newFixture(t, Options{})
	c, token := f.signedIn()
	id := f.id("09-spoofed.eml")
	for name, form := range map[string]url.Values{
		"nothing":    {},
		"no note":    {"confirm": {"yes"}},
		"no confirm": {"note": {"phoned Hank"}},
	} {
		form.Set("csrf", token)
		resp, body := f.post(c, "/requests/"+id+"/approve", form)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, resp.StatusCode)
		}
		mustContain(t, body, "was not proven")
		if got := f.status(id); got != approvals.StatusPending {
			t.Fatalf("%s: status %s, want pending", name, got)
		}
	}
	resp, _ := f.post(c, "/requests/"+id+"/approve", url.Values{"csrf": {token}, "confirm": {"yes"}, "note": {"phoned Hank"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: status %d, want 303", resp.StatusCode)
	}
	if got := f.status(id); got == approvals.StatusPending {
		t.Errorf("still pending after a confirmed approval")
	}
}

func TestQueueFilters(t *testing.T) {
	f := newFixture(t, Options{PageSize: 2})
	c, _ := f.signedIn()
	_, body := f.get(c, "/queue?reason=no_request&sort=newest")
	mustContain(t, body, f.id("12-no-request.eml"))
	if strings.Contains(body, f.id("09-spoofed.eml")+"<") {
		t.Errorf("reason filter kept an unauthenticated_sender item")
	}
	_, body = f.get(c, "/queue?sender=hank")
	mustContain(t, body, f.id("09-spoofed.eml"))
	if strings.Contains(body, "maria@pines.example") {
		t.Errorf("sender filter kept maria's items")
	}
	_, body = f.get(c, "/queue")
	mustContain(t, body, "Page 1 of", "rel=\"next\"", "unauthenticated sender <b>1</b>")
	_, body = f.get(c, "/queue?age=168h")
	mustContain(t, body, "Nothing here")
	_, body = f.get(c, "/queue?property=prop-harbor")
	mustContain(t, body, f.id("09-spoofed.eml"))
}

func TestRequestPageShowsRemoval(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	id := f.id("03-remove-acme-pines.eml")
	if got := f.status(id); got != approvals.StatusWaiting {
		t.Fatalf("the removal is %s, want waiting", got)
	}
	_, body := f.get(c, "/requests/"+id)
	mustContain(t, body, "Main Entrance", "Garage", "Access → Doors → <i>door</i> → Edit door → None → Save",
		"Waiting since", "Expires", "<mark>", "History")

	// The expiry shown is counted with the removal wait stored in the
	// database, which a running console did not start with.
	ctx := context.Background()
	set := approvals.Settings{Policy: approvals.PolicyAuto, RemovalWait: 5 * time.Hour, Addresses: []string{"integrations@door.com"}}
	if _, _, err := f.svc.ApplySettings(ctx, set, approvals.ActorOperator); err != nil {
		t.Fatal(err)
	}
	det, err := f.svc.Show(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_, body = f.get(c, "/requests/"+id)
	mustContain(t, body, stampOf(det.Request.DecidedAt.Add(5*time.Hour)))
}

func TestResolveAndCreate(t *testing.T) {
	f := newFixture(t, Options{})
	c, token := f.signedIn()
	id := f.id("05-unknown-partner.eml")
	resp, body := f.post(c, "/requests/"+id+"/resolve", url.Values{"csrf": {token}, "partner": {"p-parcel"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: status %d\n%s", resp.StatusCode, body)
	}
	d, err := f.svc.Show(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Request.PartnerID != "p-parcel" {
		t.Errorf("resolved partner %q, want p-parcel", d.Request.PartnerID)
	}
	item := f.id("12-no-request.eml")
	resp, _ = f.post(c, "/requests/"+item+"/create", url.Values{"csrf": {token}, "action": {"remove"},
		"partner": {"p-parcel"}, "property": {"prop-oak"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d", resp.StatusCode)
	}
	f.checkCreated(t, item, Creation{Action: approvals.ActionRemove, PartnerID: "p-parcel", PropertyID: "prop-oak"})
}

// TestQueuePageMatchesServiceQueue: the store's queue page lists what
// approvals.Service.Queue lists, and counts what it filters.
func TestQueuePageMatchesServiceQueue(t *testing.T) {
	f := newFixture(t, Options{})
	ctx := context.Background()
	want, err := f.svc.Queue(ctx, approvals.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.backend.Queue(ctx, QueueQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Items, want) {
		t.Errorf("the console's queue (store.QueuePage)\n%+v\nwant Service.Queue's\n%+v", got.Items, want)
	}
	total := 0
	for _, n := range got.Counts {
		total += n
	}
	if total != len(want) || got.Counts["no_request"] != 2 {
		t.Errorf("counts %v, want %d items with 2 no_request", got.Counts, len(want))
	}
	for name, tc := range map[string]struct {
		q    store.QueueQuery
		want int
	}{
		"reason":        {store.QueueQuery{Reason: "no_request"}, 2},
		"sender":        {store.QueueQuery{Sender: "HANK@"}, 2},
		"sender escape": {store.QueueQuery{Sender: "%"}, 0},
		"age":           {store.QueueQuery{ReceivedBefore: time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)}, 3},
		"page":          {store.QueueQuery{Limit: 3, Offset: 6}, len(want) - 6},
	} {
		res, err := f.db.QueuePage(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != tc.want {
			t.Errorf("%s: %d items, want %d", name, len(res.Items), tc.want)
		}
	}
	newest, _ := f.db.QueuePage(ctx, store.QueueQuery{Sort: "newest", Limit: 1})
	if newest.Items[0].ID != want[len(want)-1].ID {
		t.Errorf("newest first is %s, want %s", newest.Items[0].ID, want[len(want)-1].ID)
	}
}

// TestAuditPage: the audit page says when no run exists yet, and shows the
// last run's findings grouped by severity, critical first, each with what
// to do, every value escaped.
func TestAuditPage(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	if resp, body := f.get(c, "/audit"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "No audit has run yet") {
		t.Fatalf("before any run: status %d, body without the no-run sentence:\n%s", resp.StatusCode, body)
	}
	at := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	f.audit.run = &AuditRun{Run: 7, StartedAt: at, FinishedAt: at.Add(time.Second), LedgerEntries: 42, Findings: []AuditFinding{
		{Check: "ledger_chain", Severity: "critical", Subject: "ledger entry 3", Detail: "hash <script>alert(1)</script> does not match",
			Title: "the ledger's hash chain is broken", Todo: "stop intake, keep a copy of the database"},
		{Check: "pending_overdue", Severity: "warning", Subject: "r-000001", Detail: "pending for 3d",
			Title: "a review item waits longer than audit.pending_sla", Todo: "review it"},
	}, Skipped: []AuditSkip{{Check: "replies_undelivered", Reason: "no outbox"}}}
	resp, body := f.get(c, "/audit")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{"found 2 things", "Run 7", "42 ledger entries", "stop intake, keep a copy of the database",
		`<a href="/requests/r-000001">r-000001</a>`, "hash &lt;script&gt;alert(1)&lt;/script&gt; does not match", "replies_undelivered"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("audit page holds an unescaped script")
	}
	if crit, warn := strings.Index(body, ">critical<"), strings.Index(body, ">warning<"); crit < 0 || warn < 0 || crit > warn {
		t.Errorf("severity groups at %d (critical) and %d (warning), want critical first", crit, warn)
	}
}

// TestRejectAsSeen: the reject form carries the status the page showed;
// a request whose status changed since (a pending removal another staff
// member approved, now waiting) is not rejected, and the page says who
// decided it and when.
func TestRejectAsSeen(t *testing.T) {
	f := newFixture(t, Options{})
	c, token := f.signedIn()
	id := f.id("03-remove-acme-pines.eml")
	if s := f.status(id); s != approvals.StatusWaiting {
		t.Fatalf("%s is %s, want waiting", id, s)
	}
	resp, body := f.post(c, "/requests/"+id+"/reject", url.Values{"csrf": {token}, "note": {"not now"}, "seen": {"pending"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already decided") {
		t.Errorf("reject as seen pending: status %d, want 409 saying it was already decided", resp.StatusCode)
	}
	if s := f.status(id); s != approvals.StatusWaiting {
		t.Errorf("after the refused reject: %s, want waiting", s)
	}
	if resp, _ := f.post(c, "/requests/"+id+"/reject", url.Values{"csrf": {token}, "note": {"cancelled by phone"}, "seen": {"waiting"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("reject as seen waiting: status %d, want 303", resp.StatusCode)
	}
	if s := f.status(id); s != approvals.StatusRejected {
		t.Errorf("after the reject: %s, want rejected", s)
	}
}

// TestDisabledAccountLosesItsSession: an account disabled after signing
// in is signed out at its next request, reading included.
func TestDisabledAccountLosesItsSession(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	if resp, _ := f.get(c, "/queue"); resp.StatusCode != http.StatusOK {
		t.Fatalf("signed in: status %d", resp.StatusCode)
	}
	if _, err := f.svc.DisableStaff(context.Background(), approvals.ActorOperator, testStaff); err != nil {
		t.Fatal(err)
	}
	resp, _ := f.get(c, "/queue")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("after the account was disabled: status %d to %q, want a redirect to the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestRequestPageShowsQuotedText: the text intake cut as quoted is shown,
// folded and marked removed, apart from the visible new text.
func TestRequestPageShowsQuotedText(t *testing.T) {
	f := newFixture(t, Options{})
	c, _ := f.signedIn()
	resp, body := f.get(c, "/requests/"+f.id("06-quoted-consent.eml"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	i := strings.Index(body, "quoted or forwarded text</summary>")
	if i < 0 {
		t.Fatalf("no folded quoted text on the page:\n%s", body)
	}
	if !strings.Contains(body[i:], "&gt; ") {
		t.Errorf("the folded quoted text holds no quoted line")
	}
}

// TestTwoStaffAtOnce: two staff members, each in their own session, act
// on one pending request at the same moment through the console. Exactly
// one action takes effect; the other is refused with 409 and the page
// says who decided it.
func TestTwoStaffAtOnce(t *testing.T) {
	f := newFixture(t, Options{})
	const other = "bob@door.com"
	if _, err := f.svc.AddStaff(context.Background(), approvals.ActorOperator, other, testPassword); err != nil {
		t.Fatal(err)
	}
	ann, annToken := f.signedIn()
	bob := f.client()
	if resp := f.login(bob, other, testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bob's sign-in: status %d", resp.StatusCode)
	}
	_, page := f.get(bob, "/queue")
	bobToken := csrf(t, page)
	id := f.id("05-unknown-partner.eml")
	if s := f.status(id); s != approvals.StatusPending {
		t.Fatalf("%s is %s, want pending", id, s)
	}
	type answer struct {
		code int
		body string
	}
	answers := make([]answer, 2)
	var start, done sync.WaitGroup
	start.Add(1)
	done.Add(2)
	post := func(i int, c *http.Client, form url.Values, action string) {
		defer done.Done()
		start.Wait()
		resp, err := c.PostForm(f.srv.URL+"/requests/"+id+"/"+action, form)
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answers[i] = answer{resp.StatusCode, string(b)}
	}
	go post(0, ann, url.Values{"csrf": {annToken}, "note": {"not this one"}, "seen": {"pending"}}, "reject")
	go post(1, bob, url.Values{"csrf": {bobToken}, "partner": {"p-parcel"}}, "resolve")
	start.Done()
	done.Wait()
	won := 0
	for _, a := range answers {
		switch a.code {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
			if !strings.Contains(a.body, "already decided") || !strings.Contains(a.body, "staff:") {
				t.Errorf("the refused action's page does not say who decided it:\n%s", a.body)
			}
		default:
			t.Errorf("status %d, want 303 or 409", a.code)
		}
	}
	if won != 1 {
		t.Errorf("%d actions took effect (%d, %d), want exactly one", won, answers[0].code, answers[1].code)
	}
}
