//go:build unix

package parser

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the test process has used so far. The
// speed tests measure it rather than the wall clock, so that other work on
// the machine does not make them fail.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
