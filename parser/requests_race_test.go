//go:build race

package parser

// requestsSlowdown scales the time limits of TestRequestHostileSpeed: the
// race detector makes the grammar several times slower.
const requestsSlowdown = 10
