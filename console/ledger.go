package console

import (
	"net/http"
)

// ledgerPageSize is the number of recent entries the ledger page shows.
const ledgerPageSize = 100

// ledgerData is the ledger page's data.
type ledgerData struct {
	Entries []entryView
	// Check is the result of a verification run from the page; nil
	// until one is asked for.
	Check *LedgerCheck
}

func (h *Handler) ledgerPage(w http.ResponseWriter, r *http.Request, s *Session) {
	h.showLedger(w, r, s, nil)
}

// verifyLedger runs `ledger verify` and shows the page with its result.
func (h *Handler) verifyLedger(w http.ResponseWriter, r *http.Request, s *Session) {
	c, err := h.b.VerifyLedger(r.Context())
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	c.At = h.o.Now()
	h.log.Info("console: ledger verified", logStaff, s.Staff, "ok", c.OK)
	h.showLedger(w, r, s, c)
}

func (h *Handler) showLedger(w http.ResponseWriter, r *http.Request, s *Session, c *LedgerCheck) {
	es, err := h.b.RecentEntries(r.Context(), ledgerPageSize)
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	d := &ledgerData{Entries: entryViews(es), Check: c}
	h.render(w, r, http.StatusOK, "ledger", signedPage(s, "ledger", "Ledger", d))
}
