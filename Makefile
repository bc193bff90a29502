# intake: the two commands are `make demo` and `make test`.
GO        ?= go
PKGS      := ./...
FUZZTIME  ?= 10m
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build demo test bench bench-imap bench-audit fuzz check fmt clean

all: check test

build:
	$(GO) build -o bin/intake ./cmd/intake

demo: build
	./bin/intake demo

# The packages with goroutines of their own (the poller's pipeline, the
# ingest pipeline's workers, the serve loop, the audit's snapshot
# readers, the console's concurrent requests, the store's connections)
# run a second time under the race detector: a race there can lose or
# repeat a request.
RACE_PKGS := ./mailbox/ ./approvals/ ./store/ ./ingest/ ./audit/ ./console/ ./cmd/intake/

# third_party/enmime is enmime with one patch (see its PATCHES.md), a
# module of its own: its tests run from its directory.
# go test shows a passing package's output only with -v, so a test that
# will skip for want of a tool or the public corpus is named here, on every
# run (under CI=true those tests fail instead): the real-reader tests
# (chromium and tesseract render and read the HTML tests' messages; see
# internal/render), the Dovecot tests, and the corpus tests (INTAKE_CORPUS,
# which .ci/run sets).
test:
	@{ command -v tesseract && { [ -x /usr/bin/chromium ] || command -v chromium; }; } >/dev/null || \
		echo "WARNING: chromium or tesseract-ocr not found: the real-reader tests of internal/render and internal/e2e (and without chromium the browser tests of console) are SKIPPED; install: apt-get install -y chromium tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-liberation"
	@{ command -v dovecot || [ -x /usr/sbin/dovecot ]; } >/dev/null || \
		echo "WARNING: dovecot not found: the Dovecot tests of mailbox and cmd/intake are SKIPPED; install: apt-get install -y dovecot-imapd"
	@command -v systemd-analyze >/dev/null || \
		echo "WARNING: systemd-analyze not found: TestDeployUnits (the deploy/ units) is SKIPPED; install: apt-get install -y systemd"
	@[ "$$(id -u)" = 0 ] || \
		echo "WARNING: not root: TestDiskFull (a filling tmpfs) is SKIPPED; it runs as root under CI"
	@[ -n "$$INTAKE_CORPUS" ] || \
		echo "WARNING: INTAKE_CORPUS is not set: the public MIME corpus tests of parser and third_party/enmime are SKIPPED; set it to the corpus directory"
	$(GO) test -count=1 $(PKGS)
	cd third_party/enmime && $(GO) test -count=1 ./...
	$(GO) test -race -count=1 $(RACE_PKGS)

bench:
	$(GO) test -run '^$$' -bench . -skip '^BenchmarkBacklog$$' -benchmem -benchtime 2s ./parser/ ./store/ ./approvals/ ./ingest/ ./console/ ./cmd/...
	cd third_party/enmime && $(GO) test -run '^$$' -bench '^BenchmarkBulkCopy$$' -benchtime 2s .

# Issue 4's end-to-end figures on a private Dovecot: a backlog of
# INTAKE_BENCH_MESSAGES (default 10000, 1% with a 20 MB attachment) read by
# `intake poll --once` against a plain go-imap download, peak RSS, and the
# IDLE delivery-to-decision latency. Seeding over IMAP alone takes about a
# minute and the whole run several, so it is not part of `make bench`. It
# stays in cmd/intake: it measures the built binary (its peak RSS and CPU
# time as a process); the pipeline's own benchmarks are in ingest/.
bench-imap:
	$(GO) test -run '^$$' -bench '^BenchmarkBacklog$$' -benchtime 1x -timeout 60m ./cmd/intake/

# Issue 16's figure: the whole audit over 1,000,000 ledger entries and
# 100,000 messages, with its peak RSS. Generating the database through the
# store takes a few minutes, so it is not part of `make bench`;
# INTAKE_AUDIT_BENCH_MESSAGES scales it (ten entries per message).
bench-audit:
	$(GO) test -run '^$$' -bench '^BenchmarkAudit$$' -benchtime 3x -timeout 30m ./audit/

# Each fuzz target runs for FUZZTIME, one after another; a crasher is kept
# in the package's testdata/fuzz/NAME and replayed by every `make test`.
FUZZ_TARGETS := parser:FuzzParse parser:FuzzFastPath parser/internal/quote:FuzzTextFastPaths parser/internal/grammar:FuzzMayRequest parser/internal/header:FuzzReadIdentity parser/internal/grammar:FuzzFindRequests approvals:FuzzResolve store:FuzzCanonical third_party/enmime:FuzzBulkCopy

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		(cd ./$$pkg && $(GO) test . -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME)) || exit 1; \
	done

check:
	$(GO) vet $(PKGS)
	cd third_party/enmime && $(GO) vet ./...
	$(GO) run $(STATICCHECK) $(PKGS)
	@test -z "$$(gofmt -l .)" || (gofmt -l . && echo 'gofmt: files above need formatting' && exit 1)

fmt:
	gofmt -w .

clean:
	rm -rf bin
