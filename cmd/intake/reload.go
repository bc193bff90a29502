package main

import (
	"log/slog"
	"os"
	"os/signal"
	"reflect"
	"strings"
	"syscall"
)

// Attribute key of the reload log records: the changed configuration keys.
const logKeyKeys = "keys"

// watchReload handles SIGHUP for serve until the returned stop is called:
// each SIGHUP re-reads and checks the configuration as the process was
// started to (same --config, --db). The running configuration is never
// replaced: serve's poller, jobs, servers and workflow keep what they
// started with, and a restart (SIGTERM, which finishes the batch in hand)
// applies a new file. A SIGHUP tells the operator which: a file that
// fails its checks is logged as an error naming the key, one that differs
// names the changed keys and asks for a restart, and an unchanged one
// says so. Without this handler SIGHUP would end the process.
func watchReload(g globalFlags, running *Config, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-done:
				return
			case <-hup:
				checkReload(g, running, log)
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
		<-finished
	}
}

// checkReload loads the configuration file again and logs how it compares
// with running (see watchReload).
func checkReload(g globalFlags, running *Config, log *slog.Logger) {
	cfg, err := loadConfig(g)
	if err != nil {
		log.Error("config reload: the file is not valid; the running configuration stays", logKeyError, err)
		return
	}
	if keys := changedKeys(running, cfg); len(keys) > 0 {
		log.Warn("config reload: the file changed; restart intake to apply it (SIGTERM finishes the batch in hand)",
			logKeyKeys, strings.Join(keys, ","))
		return
	}
	log.Info("config reload: the file matches the running configuration")
}

// changedKeys returns the keys ("imap.poll_interval") whose values differ
// between a and b, in the order of Config's fields.
func changedKeys(a, b *Config) []string {
	var keys []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		table := va.Type().Field(i)
		ta, tb := va.Field(i), vb.Field(i)
		if ta.Kind() != reflect.Struct {
			if !reflect.DeepEqual(ta.Interface(), tb.Interface()) {
				keys = append(keys, table.Tag.Get("toml"))
			}
			continue
		}
		for j := range ta.NumField() {
			f := ta.Type().Field(j)
			key := f.Tag.Get("toml")
			if key == "" || !f.IsExported() {
				continue
			}
			if !reflect.DeepEqual(ta.Field(j).Interface(), tb.Field(j).Interface()) {
				keys = append(keys, table.Tag.Get("toml")+"."+key)
			}
		}
	}
	return keys
}
