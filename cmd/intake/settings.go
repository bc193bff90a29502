package main

import (
	"fmt"
	"log/slog"
	"strings"

	"intake/approvals"
)

// Attribute keys of the settings warnings.
const (
	logKeyDatabase = "database"
	logKeyKey      = "key"
	logKeyConfig   = "config"
	logKeyStored   = "stored"
)

// settings returns the workflow settings of the configuration.
func (c *Config) settings() approvals.Settings {
	return approvals.Settings{Policy: approvals.Policy(c.Workflow.Policy),
		RemovalWait: c.Workflow.removalWait, Addresses: c.IMAP.Addresses}.Normal()
}

// withSettings returns a copy of c whose workflow.policy,
// workflow.removal_wait and imap.addresses are those of s.
func (c *Config) withSettings(s approvals.Settings) *Config {
	out := *c
	out.Workflow.Policy = string(s.Policy)
	out.Workflow.removalWait = s.RemovalWait
	out.Workflow.RemovalWait = s.RemovalWait.String()
	out.IMAP.Addresses = append([]string(nil), s.Addresses...)
	return &out
}

// settingDiff is one workflow setting on which a configuration and the
// stored settings differ.
type settingDiff struct {
	key, config, stored string
}

// diffSettings returns the settings on which c and stored differ, named
// by their configuration key.
func diffSettings(c approvals.Settings, stored approvals.Settings) []settingDiff {
	c, stored = c.Normal(), stored.Normal()
	var out []settingDiff
	add := func(key, a, b string) {
		if a != b {
			out = append(out, settingDiff{key: key, config: a, stored: b})
		}
	}
	add("workflow.policy", string(c.Policy), string(stored.Policy))
	add("workflow.removal_wait", c.RemovalWait.String(), stored.RemovalWait.String())
	add("imap.addresses", fmt.Sprintf("%q", c.Addresses), fmt.Sprintf("%q", stored.Addresses))
	return out
}

// warnSettings logs one warning per setting on which cfg disagrees with
// the stored settings, naming both values: the stored one is used.
func warnSettings(log *slog.Logger, cfg *Config, stored approvals.Settings) {
	for _, d := range diffSettings(cfg.settings(), stored) {
		log.Warn("the configuration's workflow setting differs from the one stored in the database; using the stored one ('intake config apply' changes it)",
			logKeyKey, d.key, logKeyConfig, d.config, logKeyStored, d.stored, logKeyDatabase, cfg.Store.Path)
	}
}

// describeSettings returns s as "workflow.policy review, ...".
func describeSettings(s approvals.Settings) string {
	return strings.Join([]string{
		"workflow.policy " + string(s.Policy),
		"workflow.removal_wait " + s.RemovalWait.String(),
		fmt.Sprintf("imap.addresses %q", s.Addresses),
	}, ", ")
}
