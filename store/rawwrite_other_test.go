//go:build !linux

package store

import "testing"

// directSupported reports false: writeDirect is Linux's.
func directSupported(*testing.T, string) bool { return false }
