package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"intake/approvals"
)

// page is what every template gets.
type page struct {
	Title string
	// Nav names the current section: "queue", "properties", "ledger", "audit".
	Nav   string
	Staff string
	CSRF  string
	// Flash is a confirmation, Problem an error to show.
	Flash, Problem string
	Data           any
}

// pageNames are the templates under templates/, each parsed with
// layout.html.
var pageNames = []string{"login", "queue", "request", "properties", "ledger", "audit", "problem"}

func parsePages() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console: parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// render writes the named page with status. The page is rendered into a
// buffer first, so that a template error is a 500, not half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	var buf bytes.Buffer
	if err := h.pages[name].Execute(&buf, p); err != nil {
		h.log.Error("console: render", "page", name, logError, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// signedPage returns a page for session s.
func signedPage(s *Session, nav, title string, data any) *page {
	p := &page{Title: title, Nav: nav, Data: data}
	if s != nil {
		p.Staff, p.CSRF = s.Staff, s.CSRF
	}
	return p
}

// refuse shows a problem page with status and a sentence for staff.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, s *Session, status int, msg string) {
	p := signedPage(s, "", http.StatusText(status), nil)
	p.Problem = msg
	h.render(w, r, status, "problem", p)
}

// fail shows err: a domain error's message with its HTTP status, any
// other error as a 500 without detail (it is logged).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, s *Session, err error) {
	status, msg := errorStatus(err)
	if status == http.StatusInternalServerError {
		h.log.Error("console: request failed", "path", r.URL.Path, logError, err)
	}
	h.refuse(w, r, s, status, msg)
}

// errorStatus maps an approvals error code to an HTTP status and the
// message staff see.
func errorStatus(err error) (int, string) {
	switch approvals.ErrorCode(err) {
	case approvals.ENOTFOUND:
		return http.StatusNotFound, sentence(err)
	case approvals.EINVALID:
		return http.StatusBadRequest, sentence(err)
	case approvals.ECONFLICT:
		return http.StatusConflict, sentence(err)
	}
	return http.StatusInternalServerError, "Something went wrong on the server; it has been logged. Try again, or ask an administrator."
}

// sentence is err's message with a capital and a full stop.
func sentence(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// funcs are the template functions.
var funcs = template.FuncMap{
	"age":     age,
	"stamp":   func(t time.Time) string { return stampOf(t) },
	"reason":  func(r approvals.Reason) string { return reasonLabel(string(r)) },
	"label":   reasonLabel,
	"join":    strings.Join,
	"inc":     func(i int) int { return i + 1 },
	"dec":     func(i int) int { return i - 1 },
	"orDash":  orDash,
	"isEmpty": func(s string) bool { return strings.TrimSpace(s) == "" },
}

// stampOf formats t in UTC to the minute, "" for the zero time.
func stampOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// age is a duration as staff read it at a glance: "now", "12m", "3h",
// "2d".
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// reasonLabel turns a reason code into words: "unknown_partner" →
// "unknown partner".
func reasonLabel(code string) string {
	if code == "" {
		return "—"
	}
	return strings.ReplaceAll(code, "_", " ")
}
