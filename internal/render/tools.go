package render

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Install is the Debian command that installs what this package needs.
const Install = "apt-get install -y chromium tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-liberation"

// ChromiumPath returns the chromium binary: /usr/bin/chromium when it is
// there, else chromium or chromium-browser on PATH, else "".
func ChromiumPath() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TesseractPath returns the tesseract binary on PATH, or "".
func TesseractPath() string {
	p, _ := exec.LookPath("tesseract")
	return p
}

// Missing returns the message of a test that cannot run because chromium
// or tesseract (with its English data) is not installed, naming what is
// missing and how to install it; "" when both are there.
func Missing() string {
	var miss []string
	if ChromiumPath() == "" {
		miss = append(miss, "chromium")
	}
	if TesseractPath() == "" {
		miss = append(miss, "tesseract")
	} else if out, err := exec.Command(TesseractPath(), "--list-langs").CombinedOutput(); err != nil || !strings.Contains(string(out), "\neng") {
		miss = append(miss, "tesseract-ocr-eng")
	}
	if len(miss) == 0 {
		return ""
	}
	return "SKIPPED: " + strings.Join(miss, " and ") + " not found: " + Install +
		" (CI installs them; with CI=true a missing tool fails the test)"
}

// WarnIfMissing prints one loud line to standard error when the
// real-reader tests of pkg will be skipped; call it from TestMain or an
// init function of the test binary.
func WarnIfMissing(pkg string) {
	if m := Missing(); m != "" && os.Getenv("CI") != "true" {
		fmt.Fprintf(os.Stderr, "%s: WARNING: %s; every real-reader test is SKIPPED\n", pkg, m)
	}
}

// Require skips t with the Missing message when chromium or tesseract is
// not installed, or fails t when the environment has CI=true.
func Require(t testing.TB) {
	t.Helper()
	if m := Missing(); m != "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(m)
		}
		t.Skip(m)
	}
}
