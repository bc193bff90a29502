package audit

import (
	"fmt"
	"strings"
)

// snapshotChecks are the checks run on the snapshot, in order. Each
// returns the findings of one check.
var snapshotChecks = []func(*facts, *Options) ([]Finding, error){
	checkChain, checkReplay, checkRaw,
	checkDoorsEnabled, checkDoorUpdates,
	checkPending, checkGrants, checkDirectoryAge,
	checkIMAP, checkReplies,
}

// rawPrefix starts the StateDiff lines of store's raw-message check.
const rawPrefix = "raw message "

// checkChain reports the first entry that breaks the hash chain or the
// ledger's high-water mark.
func checkChain(f *facts, _ *Options) ([]Finding, error) {
	v := f.verification
	if v.FirstBad == 0 {
		return nil, nil
	}
	return []Finding{finding(CheckLedgerChain, fmt.Sprintf("ledger entry %d", v.FirstBad), v.Problem)}, nil
}

// checkReplay reports each difference between the state the ledger
// replays to and the current tables, one finding per row.
func checkReplay(f *facts, _ *Options) ([]Finding, error) {
	var out []Finding
	for _, d := range f.verification.StateDiff {
		if strings.HasPrefix(d, rawPrefix) {
			continue
		}
		subject, detail, ok := strings.Cut(d, ": ")
		if !ok {
			subject, detail = "state", d
		}
		out = append(out, finding(CheckLedgerReplay, strings.ReplaceAll(subject, `"`, ""), detail))
	}
	return out, nil
}

// checkRaw reports each stored raw message that no longer matches its
// hash.
func checkRaw(f *facts, _ *Options) ([]Finding, error) {
	var out []Finding
	for _, d := range f.verification.StateDiff {
		rest, ok := strings.CutPrefix(d, rawPrefix)
		if !ok {
			continue
		}
		hash, detail, _ := strings.Cut(rest, ": ")
		out = append(out, finding(CheckRawMessages, "raw message "+hash, detail))
	}
	return out, nil
}
