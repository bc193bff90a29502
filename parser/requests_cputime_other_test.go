//go:build !unix

package parser

import "time"

var processStart = time.Now()

// processCPU approximates the CPU time used so far by the wall clock where
// getrusage is not available.
func processCPU() time.Duration { return time.Since(processStart) }
