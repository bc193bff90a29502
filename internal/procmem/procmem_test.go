package procmem

import (
	"os"
	"runtime"
	"strconv"
	"testing"
)

// TestPeakRSS checks that the peak of this process grows by what it
// touches, and that a process that does not exist reads as 0.
func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("procmem reads Linux's /proc, absent on " + runtime.GOOS)
	}
	before := PeakRSS("self")
	if before <= 0 {
		t.Fatalf(`PeakRSS("self") = %d, want the process's peak`, before)
	}
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1
	}
	if after := PeakRSS("self"); after < before+60<<10 {
		t.Errorf("peak after touching 64 MiB = %d KiB, before %d KiB; want at least 60 MiB more", after, before)
	}
	if got := PeakRSS(strconv.Itoa(os.Getpid()) + "0000000"); got != 0 {
		t.Errorf("PeakRSS of a process that does not exist = %d, want 0", got)
	}
	runtime.KeepAlive(b)
}
