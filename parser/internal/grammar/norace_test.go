//go:build !race

package grammar

// raceEnabled reports a test binary built with -race, whose allocations
// are several times those of a normal build.
const raceEnabled = false
