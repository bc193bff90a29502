package main

import (
	"fmt"
	"strconv"
	"strings"
)

// DirectoryConfig is the [directory] table: the guards of `intake
// directory load`.
type DirectoryConfig struct {
	// MaxRemoval is the largest share of the entries of one kind a load
	// may remove without --force, as a percentage ("20%").
	MaxRemoval string `toml:"max_removal"`

	maxRemoval float64 // 0 to 1
}

// validate parses directory.max_removal.
func (c *DirectoryConfig) validate() error {
	s := strings.TrimSpace(c.MaxRemoval)
	pct, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil || !strings.HasSuffix(s, "%") || pct <= 0 || pct > 100 {
		return fmt.Errorf("directory.max_removal: %q is not a percentage above 0%% and at most 100%%, like \"20%%\"", c.MaxRemoval)
	}
	c.maxRemoval = pct / 100
	return nil
}
