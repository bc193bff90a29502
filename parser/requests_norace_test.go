//go:build !race

package parser

// requestsSlowdown scales the time limits of TestRequestHostileSpeed.
const requestsSlowdown = 1
