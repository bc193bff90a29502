package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLimitsConfigured checks that a [limits] key reaches the parser: a
// message within the default limits is unreadable, naming the limit, once
// the configured limit is lower.
func TestLimitsConfigured(t *testing.T) {
	dir := t.TempDir()
	msg := filepath.Join(dir, "deep.eml")
	raw := "From: a@pines.example\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n" +
		"--a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n--a--\r\n"
	if err := os.WriteFile(msg, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "intake.toml")
	if err := os.WriteFile(cfg, []byte("[limits]\nmime_depth = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(globalFlags{config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	_, err = parseFile(msg, c.parserOptions())
	if err == nil || !strings.Contains(err.Error(), "limits.mime_depth") {
		t.Errorf("parse with mime_depth = 1: %v, want an error naming limits.mime_depth", err)
	}
	d, err := loadConfig(globalFlags{config: filepath.Join(dir, "absent.toml"), db: "x.db"})
	if err == nil {
		t.Fatalf("loadConfig of a missing explicit file = %+v, want an error", d)
	}
}
