# gonew-prod: `make help` lists the targets.

MODULE      := github.com/gonew-prod/gonew-prod
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT      ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILD_TIME  ?= $(shell git log -1 --format=%cI 2>/dev/null || echo unknown)
LDFLAGS     := -X $(MODULE)/internal/buildinfo.version=$(VERSION) \
               -X $(MODULE)/internal/buildinfo.commit=$(COMMIT) \
               -X $(MODULE)/internal/buildinfo.buildTime=$(BUILD_TIME)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GO_TEST_FLAGS ?=
BENCH_FLAGS   ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build bin/gonew-prod with version, commit and build time injected
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o bin/gonew-prod ./cmd/gonew-prod

.PHONY: test
test: fmt-check vet lint test-go verify-golden verify-deps ## the whole suite: format, vet, staticcheck, all tests (end-to-end included), golden and module-file checks

.PHONY: test-go
# The two longest packages come first: go test starts packages in the order they are
# named (./... then adds the rest, each once), so they run side by side from the start
# instead of internal/cli starting last and running alone at the end.
test-go: ## go test -race over every package (end-to-end included; -short skips it)
	go test -race -count=1 -timeout 60m $(GO_TEST_FLAGS) ./internal/cli ./e2e ./...

.PHONY: test-short
test-short: ## unit and contract tests only
	go test -short -count=1 ./...

.PHONY: fmt-check
fmt-check: ## fail when a file is not gofmt-formatted
	@out="$$(gofmt -l .)"; \
	if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi

# The terminal prompts the CLI uses (survey) do not build for solaris, illumos and aix:
# the writer does, and is vetted there.
# go vet with -trimpath (added to the GOFLAGS go env gives): without it the go command
# keys each package's vet by the directory of the checkout, so a fresh clone vets all
# eight platforms from scratch (minutes) even when the build cache holds the same code's.
VET_GOFLAGS = $(strip $(shell go env GOFLAGS) -trimpath)

.PHONY: vet
vet: ## go vet, also as built for windows and darwin, the writer and its test helpers for openbsd, dragonfly, solaris, illumos and aix too (tests included): system calls not everywhere belong in build-tagged files
	GOFLAGS="$(VET_GOFLAGS)" go vet ./...
	CGO_ENABLED=0 GOOS=windows GOFLAGS="$(VET_GOFLAGS)" go vet ./...
	CGO_ENABLED=0 GOOS=darwin GOFLAGS="$(VET_GOFLAGS)" go vet ./...
	CGO_ENABLED=0 GOOS=openbsd GOFLAGS="$(VET_GOFLAGS)" go vet ./generator/... ./internal/treetest/...
	CGO_ENABLED=0 GOOS=dragonfly GOFLAGS="$(VET_GOFLAGS)" go vet ./generator/... ./internal/treetest/...
	CGO_ENABLED=0 GOOS=solaris GOFLAGS="$(VET_GOFLAGS)" go vet ./generator/...
	CGO_ENABLED=0 GOOS=illumos GOFLAGS="$(VET_GOFLAGS)" go vet ./generator/...
	CGO_ENABLED=0 GOOS=aix GOARCH=ppc64 GOFLAGS="$(VET_GOFLAGS)" go vet ./generator/...

.PHONY: lint
lint: ## staticcheck
	go run $(STATICCHECK) ./...

.PHONY: golden
golden: ## re-derive templates/formatted.sha256, then re-render every golden case from its answers
	go test ./generator -run '^TestFormattedTemplates$$' -count=1 -update
	go test ./generator -run '^TestGolden$$' -count=1 -update

.PHONY: verify-golden
verify-golden: golden ## fail when re-rendering changes golden/ or templates/formatted.sha256 (stale files)
	@status="$$(git status --porcelain --ignored -- golden templates/formatted.sha256)"; \
	if [ -n "$$status" ]; then echo "golden files are stale; run 'make golden' and review the diff:"; echo "$$status"; git --no-pager diff --stat -- golden templates/formatted.sha256; exit 1; fi

.PHONY: deps
deps: ## re-derive the pinned go.mod and go.sum of every dependency set (go mod tidy; a retracted version is refused), then the goldens
	go test ./templates -count=1 -update
	$(MAKE) --no-print-directory golden

.PHONY: verify-deps
verify-deps: ## fail when pinned go.mod/go.sum are stale or select a retracted version, or one dependency set imports unlike packages
	go test ./templates -count=1

.PHONY: bench
bench: ## benchmarks (figures in bench/README.md; BENCH_FLAGS passes flags to bench/service)
	go test -run '^$$' -bench . -benchmem -count=1 ./generator
	bash bench/new.sh
	bash bench/audit.sh
	bash bench/add.sh
	go run ./bench/service $(BENCH_FLAGS)

.PHONY: fuzz
fuzz: ## fuzz answers-file parsing for 60s (the seed corpus runs in make test)
	go test ./internal/answers -run '^$$' -fuzz FuzzParseFile -fuzztime 60s

.PHONY: clean
clean: ## remove build output
	rm -rf bin
