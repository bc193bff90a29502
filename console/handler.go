package console

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"
)

// The defaults of Options.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
	DefaultPageSize        = 50
)

// Options configure a Handler. Backend is required; zero fields take
// their defaults.
type Options struct {
	Backend Backend
	// IdleTimeout ends a session after this long without a request;
	// zero means DefaultIdleTimeout.
	IdleTimeout time.Duration
	// AbsoluteTimeout ends a session this long after sign-in; zero
	// means DefaultAbsoluteTimeout.
	AbsoluteTimeout time.Duration
	// Secure marks the session cookie Secure: set it when the console
	// is served over TLS.
	Secure bool
	// PageSize is the number of queue items per page; zero means
	// DefaultPageSize.
	PageSize int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Logger receives sign-ins, sign-outs, refusals and errors, never
	// passwords, session ids or message content; nil discards.
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.AbsoluteTimeout <= 0 {
		o.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Log attribute keys.
const (
	logStaff   = "staff"
	logAddr    = "addr"
	logError   = "err"
	logRequest = "request"
	logAction  = "action"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Handler is the console. It is safe for concurrent use.
type Handler struct {
	o       Options
	b       Backend
	mux     *http.ServeMux
	pages   map[string]*template.Template
	limiter *limiter
	log     *slog.Logger
}

// New returns the console over o.Backend. It returns an error when
// Backend is nil or a template does not parse (a bug).
func New(o Options) (*Handler, error) {
	if o.Backend == nil {
		return nil, errors.New("console: no backend")
	}
	o.defaults()
	h := &Handler{o: o, b: o.Backend, mux: http.NewServeMux(), limiter: newLimiter(o.Now), log: o.Logger}
	var err error
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h.routes(http.FileServerFS(static))
	return h, nil
}

// routes registers every page and action.
func (h *Handler) routes(static http.Handler) {
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", static))
	h.mux.HandleFunc("GET /login", h.loginPage)
	h.mux.HandleFunc("POST /login", h.login)
	h.mux.HandleFunc("POST /logout", h.signedIn(h.logout))
	h.mux.HandleFunc("GET /{$}", h.signedIn(func(w http.ResponseWriter, r *http.Request, _ *Session) {
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
	}))
	h.mux.HandleFunc("GET /queue", h.signedIn(h.queuePage))
	h.mux.HandleFunc("GET /requests/{id}", h.signedIn(h.requestPage))
	h.mux.HandleFunc("GET /requests/{id}/message.eml", h.signedIn(h.rawMessage))
	h.mux.HandleFunc("POST /requests/{id}/{action}", h.signedIn(h.requestAction))
	h.mux.HandleFunc("GET /properties", h.signedIn(h.propertiesPage))
	h.mux.HandleFunc("GET /ledger", h.signedIn(h.ledgerPage))
	h.mux.HandleFunc("POST /ledger/verify", h.signedIn(h.verifyLedger))
	h.mux.HandleFunc("GET /audit", h.signedIn(h.auditPage))
}

// ServeHTTP sets the security headers and routes the request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; object-src 'none'; "+
		"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	if h.o.Secure {
		hd.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if len(r.URL.Path) < len("/static/") || r.URL.Path[:len("/static/")] != "/static/" {
		hd.Set("Cache-Control", "no-store")
	}
	h.mux.ServeHTTP(w, r)
}
