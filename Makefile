# intake: the two commands are `make demo` and `make test`.
GO        ?= go
PKGS      := ./...
FUZZTIME  ?= 10m
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build demo test bench fuzz check fmt clean

all: check test

build:
	$(GO) build -o bin/intake ./cmd/intake

demo: build
	./bin/intake demo

test:
	$(GO) test -count=1 $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./parser/ ./store/ ./approvals/ ./cmd/...

# Each fuzz target runs for FUZZTIME; crashers are kept in testdata/fuzz.
fuzz:
	$(GO) test ./parser/ -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)

check:
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)
	@test -z "$$(gofmt -l .)" || (gofmt -l . && echo 'gofmt: files above need formatting' && exit 1)

fmt:
	gofmt -w .

clean:
	rm -rf bin
