package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// AuditConfig is the [audit] table: the nightly audit run by `intake
// serve`, or by `intake audit` from cron.
type AuditConfig struct {
	// Schedule is a five-field cron expression or a descriptor such as
	// "@daily" (robfig/cron), in Timezone; "" means `intake serve` does
	// not run the audit (cron or a systemd timer runs `intake audit`).
	Schedule string `toml:"schedule"`
	// Timezone is an IANA zone name; empty means the local zone.
	Timezone        string `toml:"timezone"`
	PendingSLA      string `toml:"pending_sla"`
	DoorUpdateSLA   string `toml:"door_update_sla"`
	DirectoryMaxAge string `toml:"directory_max_age"`
	// Recipients will receive each report once intake sends mail;
	// they are validated and not used yet.
	Recipients []string `toml:"recipients"`

	schedule                                   cron.Schedule
	pendingSLA, doorUpdateSLA, directoryMaxAge time.Duration
}

// defaultAuditConfig is the [audit] table a file leaves out.
func defaultAuditConfig() AuditConfig {
	return AuditConfig{Schedule: "0 3 * * *", PendingSLA: "48h", DoorUpdateSLA: "24h", DirectoryMaxAge: "168h"}
}

// validate parses the schedule in its zone and the durations, naming the
// key in the error.
func (a *AuditConfig) validate() error {
	loc := time.Local
	if a.Timezone != "" {
		var err error
		if loc, err = time.LoadLocation(a.Timezone); err != nil || a.Timezone == "Local" {
			return fmt.Errorf("audit.timezone: %q is not an IANA time zone name like \"America/New_York\"", a.Timezone)
		}
	}
	if a.Schedule != "" {
		if err := a.parseSchedule(loc); err != nil {
			return err
		}
	}
	var err error
	for _, d := range []struct {
		key, val string
		dst      *time.Duration
	}{{"audit.pending_sla", a.PendingSLA, &a.pendingSLA}, {"audit.door_update_sla", a.DoorUpdateSLA, &a.doorUpdateSLA},
		{"audit.directory_max_age", a.DirectoryMaxAge, &a.directoryMaxAge}} {
		if *d.dst, err = positiveDuration(d.key, d.val); err != nil {
			return err
		}
	}
	for i, r := range a.Recipients {
		if !validEmail(strings.TrimSpace(r)) {
			return fmt.Errorf("audit.recipients[%d]: %q is not an email address", i, r)
		}
	}
	return nil
}

// parseSchedule parses Schedule to run in loc.
func (a *AuditConfig) parseSchedule(loc *time.Location) error {
	if strings.HasPrefix(a.Schedule, "TZ=") || strings.HasPrefix(a.Schedule, "CRON_TZ=") {
		return errors.New("audit.schedule: set the zone with audit.timezone, not in the schedule")
	}
	s, err := cron.ParseStandard(a.Schedule)
	if err != nil {
		return fmt.Errorf("audit.schedule: %q is not a cron schedule like \"0 3 * * *\": %v", a.Schedule, err)
	}
	if spec, ok := s.(*cron.SpecSchedule); ok {
		spec.Location = loc // else robfig/cron reads it in the scheduler's zone
	}
	a.schedule = s
	return nil
}
