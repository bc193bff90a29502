package mailbox

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// DoneKeyword is the keyword set on every processed message when the
// mailbox allows keywords.
const DoneKeyword imap.Flag = "$IntakeDone"

// keywordsAllowed reports whether PERMANENTFLAGS lets a new keyword be
// stored: it lists \* or the keyword itself. A server that sends no
// PERMANENTFLAGS allows all flags (RFC 3501 section 7.1).
func keywordsAllowed(perm []imap.Flag) bool {
	if perm == nil {
		return true
	}
	for _, f := range perm {
		if f == imap.FlagWildcard || equalFold(f, DoneKeyword) {
			return true
		}
	}
	return false
}

func equalFold(a, b imap.Flag) bool { return strings.EqualFold(string(a), string(b)) }

// mark marks uids, whose decisions are committed, as processed: it stores
// DoneKeyword when keywords are allowed, then moves them to
// ProcessedMailbox when one is set. copied says some may already have been
// copied there by an interrupted earlier attempt (see move).
func (p *Poller) mark(ctx context.Context, s *session, uids imap.UIDSet, copied bool) error {
	if len(uids) == 0 {
		return nil
	}
	if keywordsAllowed(s.perm) {
		if err := s.store(ctx, uids, DoneKeyword); err != nil {
			return err
		}
	}
	if p.opts.ProcessedMailbox == "" {
		return nil
	}
	return p.move(ctx, s, uids, copied)
}

// move moves uids to ProcessedMailbox: with UID MOVE (RFC 6851) when
// advertised; otherwise UID COPY, and only after its OK, STORE \Deleted and,
// with UIDPLUS (RFC 4315), UID EXPUNGE of exactly these UIDs. A bare
// EXPUNGE is never sent: it would remove messages other clients marked
// \Deleted. imapclient.Client.Move is not used because its fallback
// deletes even when the copy failed.
//
// When copied is true, the fallback first skips messages already present in
// ProcessedMailbox (see findCopies), so a crash between COPY and STORE does
// not leave two copies there.
func (p *Poller) move(ctx context.Context, s *session, uids imap.UIDSet, copied bool) error {
	dest := p.opts.ProcessedMailbox
	if s.caps.Has(imap.CapMove) {
		return s.toDest(ctx, "move to "+dest, dest, func() error {
			_, err := s.c.Move(uids, dest).Wait()
			return err
		})
	}
	toCopy := uids
	if copied {
		var err error
		if toCopy, err = p.notCopied(ctx, s, uids); err != nil {
			return err
		}
	}
	if len(toCopy) > 0 {
		err := s.toDest(ctx, "copy to "+dest, dest, func() error {
			_, err := s.c.Copy(toCopy, dest).Wait()
			return err
		})
		if err != nil {
			return err // nothing is deleted after a failed copy
		}
	}
	if err := s.store(ctx, uids, imap.FlagDeleted); err != nil {
		return err
	}
	if !s.caps.Has(imap.CapUIDPlus) {
		return nil // left \Deleted for the owner's client to expunge
	}
	return s.do(ctx, "uid expunge", func() error { return s.c.UIDExpunge(uids).Close() })
}

// toDest runs f, a MOVE or COPY to dest, and when the server answers
// NO [TRYCREATE] (RFC 9051 section 7.1: dest was deleted meanwhile) creates
// dest and runs f once more.
func (s *session) toDest(ctx context.Context, what, dest string, f func() error) error {
	err := s.do(ctx, what, f)
	var refused *imap.Error
	if !errors.As(err, &refused) || refused.Code != imap.ResponseCodeTryCreate {
		return err
	}
	if err := s.do(ctx, "create "+dest, func() error { return s.c.Create(dest, nil).Wait() }); err != nil {
		return err
	}
	return s.do(ctx, what, f)
}

// store adds flag to uids silently.
func (s *session) store(ctx context.Context, uids imap.UIDSet, flag imap.Flag) error {
	return s.do(ctx, fmt.Sprintf("store %s", flag), func() error {
		sf := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{flag}}
		return s.c.Store(uids, sf, nil).Close()
	})
}

// repair finishes marking after an interruption. Every UID up to upTo has a
// committed decision (the handler commits in UID order), so any of them
// still unmarked was interrupted between the commit and the end of mark.
// Without ProcessedMailbox those are the ones lacking DoneKeyword. With it,
// every one still in Mailbox, except, when neither MOVE nor UIDPLUS is
// available, the \Deleted ones: they are copied and wait for an EXPUNGE
// that only the owner's client may send.
func (p *Poller) repair(ctx context.Context, s *session, upTo imap.UID) error {
	if upTo == 0 {
		return nil
	}
	criteria := &imap.SearchCriteria{UID: []imap.UIDSet{{{Start: 1, Stop: upTo}}}}
	switch {
	case p.opts.ProcessedMailbox != "":
		if !s.caps.Has(imap.CapMove) && !s.caps.Has(imap.CapUIDPlus) {
			criteria.NotFlag = []imap.Flag{imap.FlagDeleted}
		}
	case keywordsAllowed(s.perm):
		criteria.NotFlag = []imap.Flag{DoneKeyword}
	default:
		return nil // nothing is ever marked: the cursor alone is the record
	}
	uids, err := s.search(ctx, criteria)
	if uids = upToUID(uids, upTo); err != nil || len(uids) == 0 {
		return err
	}
	p.log.Info("finishing interrupted marking", logKeyCount, len(uids))
	return p.markErr(p.mark(ctx, s, imap.UIDSetNum(uids...), true))
}

// upToUID returns the UIDs of sorted up to max.
func upToUID(sorted []imap.UID, max imap.UID) []imap.UID {
	for i, uid := range sorted {
		if uid > max {
			return sorted[:i]
		}
	}
	return sorted
}
