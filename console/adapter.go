package console

import (
	"context"
	"fmt"
	"time"

	"intake/approvals"
	"intake/parser"
)

// Interface check.
var _ Backend = (*Adapter)(nil)

// historyLimit bounds the history shown for one request.
const historyLimit = 200

// Ledger is the ledger reading the console needs beyond approvals.Store.
type Ledger interface {
	// EntriesAbout returns the entries whose subject is one of subjects,
	// oldest first, at most limit (the last ones).
	EntriesAbout(ctx context.Context, subjects []string, limit int) ([]approvals.Entry, error)
	RecentEntries(ctx context.Context, limit int) ([]approvals.Entry, error)
	VerifyLedger(ctx context.Context) (*LedgerCheck, error)
}

// A QueueLister reads one page of the queue, each item as
// approvals.Service.Queue shows it.
type QueueLister interface {
	Queue(ctx context.Context, q QueueQuery) (*QueueResult, error)
}

// Adapter is the Backend over an approvals.Service, the approvals.Store
// under it, its ledger and sessions. Sign-in and every action are the
// service's: its staff accounts, its checks.
type Adapter struct {
	Service  *approvals.Service
	Store    approvals.Store
	Ledger   Ledger
	Sessions Sessions
	// Lister, when set, lists the queue instead of Service.Queue.
	Lister QueueLister
	// Audit, when set, reads the last audit run for the audit page.
	Audit AuditReader
	// Parser are the options messages are parsed with for display.
	Parser parser.Options
}

// Queue implements Backend: the Lister's page, each waiting removal with
// its deadline (approvals.Service.Deadline).
func (a *Adapter) Queue(ctx context.Context, q QueueQuery) (*QueueResult, error) {
	res, err := a.Lister.Queue(ctx, q)
	if err != nil {
		return nil, err
	}
	for i := range res.Items {
		it := &res.Items[i]
		if d := a.Service.Deadline(&approvals.Request{Status: it.Status, DecidedAt: it.DecidedAt}); !d.IsZero() {
			it.Deadline = &d
		}
	}
	return res, nil
}

// Show implements Backend.
func (a *Adapter) Show(ctx context.Context, id string) (*approvals.RequestDetail, error) {
	return a.Service.Show(ctx, id)
}

// Approve implements Backend.
func (a *Adapter) Approve(ctx context.Context, id, actor, note string) (*approvals.Request, error) {
	return a.Service.Approve(ctx, id, actor, note)
}

// Reject implements Backend.
func (a *Adapter) Reject(ctx context.Context, id, actor, note string, seen approvals.Status) (*approvals.Request, error) {
	return a.Service.RejectSeen(ctx, id, actor, note, seen)
}

// Resolve implements Backend.
func (a *Adapter) Resolve(ctx context.Context, id, actor, partnerID, propertyID string) (*approvals.Request, error) {
	return a.Service.Resolve(ctx, id, actor, partnerID, propertyID)
}

// Create implements Backend: approvals.Service.Create, every check re-run.
func (a *Adapter) Create(ctx context.Context, id, actor string, c Creation) (*approvals.Request, error) {
	return a.Service.Create(ctx, id, actor, approvals.NewRequest{Action: c.Action, PartnerID: c.PartnerID, PropertyID: c.PropertyID})
}

// VerifyStaff implements Backend: approvals.Service.VerifyStaff, one
// error for an unknown or disabled account and a wrong password.
func (a *Adapter) VerifyStaff(ctx context.Context, email, password string) (Staff, error) {
	st, err := a.Service.VerifyStaff(ctx, email, password)
	if err != nil {
		return Staff{}, err
	}
	return Staff{Email: st.Email}, nil
}

// ActiveStaff implements Backend: approvals.Service.ActiveStaff.
func (a *Adapter) ActiveStaff(ctx context.Context, email string) error {
	_, err := a.Service.ActiveStaff(ctx, email)
	return err
}

// Raw implements Backend.
func (a *Adapter) Raw(ctx context.Context, messageID string) ([]byte, error) {
	var raw []byte
	err := a.Store.View(ctx, func(tx approvals.Tx) error {
		m, err := tx.Message(messageID)
		if err != nil {
			return err
		}
		raw, err = tx.Raw(m.Hash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read raw message %s: %w", messageID, err)
	}
	return raw, nil
}

// Reading implements Backend: the raw message parsed again with the
// Parser options. A message the parser refuses gives nil.
func (a *Adapter) Reading(ctx context.Context, messageID string) (*parser.Message, error) {
	raw, err := a.Raw(ctx, messageID)
	if err != nil {
		return nil, err
	}
	m, err := parser.ParseBytes(raw, a.Parser)
	if err != nil {
		return nil, nil
	}
	return m, nil
}

// Directory implements Backend.
func (a *Adapter) Directory(ctx context.Context) (*approvals.Directory, error) {
	var d *approvals.Directory
	err := a.Store.View(ctx, func(tx approvals.Tx) error {
		var err error
		d, err = tx.Directory()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read directory: %w", err)
	}
	return d, nil
}

// History implements Backend.
func (a *Adapter) History(ctx context.Context, subjects []string) ([]approvals.Entry, error) {
	return a.Ledger.EntriesAbout(ctx, subjects, historyLimit)
}

// RecentEntries implements Backend.
func (a *Adapter) RecentEntries(ctx context.Context, limit int) ([]approvals.Entry, error) {
	return a.Ledger.RecentEntries(ctx, limit)
}

// VerifyLedger implements Backend.
func (a *Adapter) VerifyLedger(ctx context.Context) (*LedgerCheck, error) {
	return a.Ledger.VerifyLedger(ctx)
}

// CreateSession implements Sessions.
func (a *Adapter) CreateSession(ctx context.Context, s Session) error {
	return a.Sessions.CreateSession(ctx, s)
}

// Session implements Sessions.
func (a *Adapter) Session(ctx context.Context, idHash string) (*Session, error) {
	return a.Sessions.Session(ctx, idHash)
}

// TouchSession implements Sessions.
func (a *Adapter) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	return a.Sessions.TouchSession(ctx, idHash, at)
}

// DeleteSession implements Sessions.
func (a *Adapter) DeleteSession(ctx context.Context, idHash string) error {
	return a.Sessions.DeleteSession(ctx, idHash)
}
