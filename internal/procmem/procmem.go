// Package procmem reads a process's peak memory from Linux's /proc, for
// the benchmarks that report intake's peak RSS. Elsewhere it reports 0.
package procmem

import (
	"os"
	"strconv"
	"strings"
)

// PeakRSS returns the peak resident set size of process pid ("self" for
// this one), VmHWM in /proc/PID/status (proc(5)), in KiB; 0 when it cannot
// be read: no /proc, or the process is gone.
func PeakRSS(pid string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kib
		}
	}
	return 0
}

// ResetPeak sets this process's peak RSS back to its current RSS
// (writing 5 to /proc/self/clear_refs), so that PeakRSS("self") measures
// from now. It does nothing where that cannot be written.
func ResetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }
