package mailbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/mail"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// copyKey is what identifies a copy of a message in another mailbox.
type copyKey struct {
	messageID string
	size      int64
}

// notCopied returns the UIDs of uids that have no copy in ProcessedMailbox
// yet; only servers without MOVE need it, after an interruption. A copy is a
// message there with the same Message-ID and RFC822.SIZE; messages without a
// Message-ID count as not copied. It EXAMINEs ProcessedMailbox and then
// SELECTs Mailbox again, failing if its UIDVALIDITY changed meanwhile.
func (p *Poller) notCopied(ctx context.Context, s *session, uids imap.UIDSet) (imap.UIDSet, error) {
	keys, err := s.copyKeys(ctx, uids)
	if err != nil || len(keys) == 0 {
		return uids, err
	}
	found, err := p.findCopies(ctx, s, keys)
	validity := s.validity
	if serr := s.do(ctx, "reselect", func() error { return s.selectMailbox(p.opts.Mailbox) }); serr != nil {
		return nil, serr
	}
	if s.validity != validity {
		return nil, fmt.Errorf("select %s: uidvalidity changed from %d to %d", p.opts.Mailbox, validity, s.validity)
	}
	if err != nil {
		return nil, err
	}
	all, _ := uids.Nums()
	var rest imap.UIDSet
	for _, uid := range all {
		if !found[uid] {
			rest.AddNum(uid)
		}
	}
	return rest, nil
}

// findCopies EXAMINEs ProcessedMailbox and searches it for each key.
func (p *Poller) findCopies(ctx context.Context, s *session, keys map[imap.UID]copyKey) (map[imap.UID]bool, error) {
	dest := p.opts.ProcessedMailbox
	err := s.do(ctx, "examine "+dest, func() error {
		_, err := s.c.Select(dest, &imap.SelectOptions{ReadOnly: true}).Wait()
		return err
	})
	if err != nil {
		return nil, err
	}
	found := make(map[imap.UID]bool)
	for uid, k := range keys {
		criteria := &imap.SearchCriteria{
			Header:  []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: k.messageID}},
			Larger:  k.size - 1,
			Smaller: k.size + 1,
		}
		hits, err := s.search(ctx, criteria)
		if err != nil {
			return nil, err
		}
		found[uid] = len(hits) > 0
	}
	return found, nil
}

// copyKeys fetches the Message-ID and size of uids; messages without a
// Message-ID are left out.
func (s *session) copyKeys(ctx context.Context, uids imap.UIDSet) (map[imap.UID]copyKey, error) {
	section := &imap.FetchItemBodySection{
		Peek: true, Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Message-ID"},
	}
	opts := &imap.FetchOptions{UID: true, RFC822Size: true, BodySection: []*imap.FetchItemBodySection{section}}
	keys := make(map[imap.UID]copyKey)
	err := s.do(ctx, "fetch message-id", func() error {
		return s.readFetch(s.c.Fetch(uids, opts), func(msg *imapclient.FetchMessageData) error {
			var (
				uid    imap.UID
				size   int64
				header []byte
			)
			for item := msg.Next(); item != nil; item = msg.Next() {
				switch item := item.(type) {
				case imapclient.FetchItemDataUID:
					uid = item.UID
				case imapclient.FetchItemDataRFC822Size:
					size = item.Size
				case imapclient.FetchItemDataBodySection:
					if item.Literal == nil || !item.MatchCommand(section) {
						continue
					}
					var err error
					if header, err = io.ReadAll(item.Literal); err != nil {
						return err // see readFetch: read nothing more
					}
				}
			}
			if m, err := mail.ReadMessage(bytes.NewReader(header)); err == nil && uid != 0 {
				if id := m.Header.Get("Message-Id"); id != "" {
					keys[uid] = copyKey{messageID: id, size: size}
				}
			}
			return nil
		})
	})
	return keys, err
}

// search runs UID SEARCH and returns the UIDs found, ascending.
func (s *session) search(ctx context.Context, criteria *imap.SearchCriteria) ([]imap.UID, error) {
	var uids []imap.UID
	err := s.do(ctx, "uid search", func() error {
		data, err := s.c.UIDSearch(criteria, nil).Wait()
		if err != nil {
			return err
		}
		set, _ := data.All.(imap.UIDSet)
		var ok bool
		if uids, ok = set.Nums(); !ok {
			return fmt.Errorf("server returned a dynamic set %v", set)
		}
		return nil
	})
	slices.Sort(uids)
	return uids, err
}
