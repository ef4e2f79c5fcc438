package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnMakefileIncludes audits CI that runs make targets defined in files the
// Makefile includes by a pattern (include mk/*.mk, include $(wildcard mk/*.mk)): they
// are read in place as make reads them, as add reads them. An include that names a
// file not read (not in the repository, or through a variable this audit cannot
// expand) makes what CI is missing UNKNOWN: its targets may run it.
func TestVerdictsOnMakefileIncludes(t *testing.T) {
	repoWith := func(makefile string, fragments map[string]string) map[string]string {
		files := map[string]string{
			"go.mod": "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\n" +
				"func main() {\n\tlog.Print(version, commit)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
			".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make ci\n      - run: make build\n",
			"Makefile":                 makefile,
		}
		for k, v := range fragments {
			files[k] = v
		}
		return files
	}
	vars := "VERSION ?= $(shell git describe --tags --always)\nCOMMIT ?= $(shell git rev-parse HEAD)\nLDFLAGS := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT)\n"
	targets := ".PHONY: ci vet test lint build\nci: vet test lint\nvet:\n\tgo vet ./...\ntest:\n\tgo test -race ./...\nlint:\n\tgolangci-lint run\nbuild:\n\tCGO_ENABLED=0 go build -ldflags \"$(LDFLAGS)\" -o bin/api ./cmd/api\n"
	mk := map[string]string{"mk/vars.mk": vars, "mk/targets.mk": targets}
	noLint := map[string]string{"mk/vars.mk": vars, "mk/targets.mk": ".PHONY: ci\nci:\n\tgo vet ./...\n\tgo test -race ./...\nbuild:\n\tgo build -ldflags \"$(LDFLAGS)\" ./cmd/api\n"}
	const pass = "CI runs go vet, go test -race and a linter"
	const stamped = "inject version and commit into variables that exist"
	const unread = "include a file this audit did not read"
	runCheckCases(t, []checkCase{
		{name: "include of a pattern", files: repoWith("include mk/*.mk\n", mk), check: "ci", want: Pass, message: pass},
		{name: "include of a pattern: the ldflags of an included file", files: repoWith("include mk/*.mk\n", mk), check: "ldflags", want: Pass, message: stamped},
		{name: "include of $(wildcard)", files: repoWith("include $(wildcard mk/*.mk)\n", mk), check: "ci", want: Pass, message: pass},
		{name: "include of $(wildcard): the ldflags of an included file", files: repoWith("include $(wildcard mk/*.mk)\n", mk), check: "ldflags", want: Pass, message: stamped},
		{name: "-include of a pattern in a variable", files: repoWith("MK := mk/*.mk\n-include $(MK)\n", mk), check: "ci", want: Pass, message: pass},
		{name: "included files without a linter", files: repoWith("include mk/*.mk\n", noLint), check: "ci", want: Warn, message: "CI does not run a linter"},
		{name: "an include through a variable not set", files: repoWith("include $(MKDIR)/targets.mk\n", mk), check: "ci", want: Unknown, message: "Makefile:1 `include $(MKDIR)/targets.mk` " + unread},
		{name: "an include of a file not in the repository", files: repoWith("include gen/targets.mk\n", mk), check: "ci", want: Unknown, message: "Makefile:1 `include gen/targets.mk` " + unread},
		{name: "an optional include of a file not there", files: repoWith("-include local.mk\ninclude mk/vars.mk\n", map[string]string{"mk/vars.mk": vars}), check: "ci", want: Warn, message: "CI does not run go vet"},
	})
}

// TestVerdictsOnMakefileEval audits a Makefile that makes its rules with
// $(eval $(call TEMPLATE,...)), which this audit does not expand: the targets CI's
// make runs have no rule read, so what CI is missing is UNKNOWN, naming them, and so
// is a package no build read builds; rules written out stay judged.
func TestVerdictsOnMakefileEval(t *testing.T) {
	const templates = "define BUILD_template\nbuild-$(1):\n\tgo build -ldflags \"-X main.version=$$(VERSION) -X main.commit=$$(COMMIT)\" -o bin/$(1) ./cmd/$(1)\nendef\n" +
		"$(foreach s,api,$(eval $(call BUILD_template,$(s))))\n" +
		"define TEST_template\ntest-$(1):\n\tcd $(1) && go vet ./... && go test -race ./... && golangci-lint run\nendef\n" +
		"$(foreach m,.,$(eval $(call TEST_template,$(m))))\n"
	repoWith := func(makefile string) map[string]string {
		return map[string]string{
			"go.mod": "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\n" +
				"func main() {\n\tlog.Print(version, commit)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
			".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test build\n",
			"Makefile":                 makefile,
		}
	}
	runCheckCases(t, []checkCase{
		{name: "ci: the goals' prerequisites have no rule read", files: repoWith("VERSION ?= 1\nCOMMIT ?= 2\n" + templates + ".PHONY: test build\ntest: test-.\nbuild: build-api\n"),
			check: "ci", want: Unknown, message: "Makefile:7 makes rules with $(eval) while make reads it, which this audit does not expand: the targets `test-.`, `build-api` that CI's make runs have no rule read, and may"},
		// round 48: a make no CI runs (a root justfile's make test) is none of what CI's make runs
		{name: "ci: the targets of a root justfile's make, which CI never runs", files: withFiles(repoWith("VERSION ?= 1\nCOMMIT ?= 2\n"+templates+".PHONY: test build\ntest: test-.\nbuild: build-api\n"), map[string]string{
			"justfile":                 "test:\n\tmake test\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n      - run: golangci-lint run --disable=govet\n"}),
			check: "ci", want: Warn, message: "CI does not run go vet"},
		{name: "ci: CI's just test, which runs make test", files: withFiles(repoWith("VERSION ?= 1\nCOMMIT ?= 2\n"+templates+".PHONY: test build\ntest: test-.\nbuild: build-api\n"), map[string]string{
			"justfile":                 "test:\n\tmake test\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n      - run: golangci-lint run --disable=govet\n      - run: just test\n"}),
			check: "ci", want: Unknown, message: "the targets `test-.` that CI's make runs have no rule read, and may"},
		{name: "ldflags: no build read of the package", files: repoWith("VERSION ?= 1\nCOMMIT ?= 2\n" + templates + ".PHONY: test build\ntest: test-.\nbuild: build-api\n"),
			check: "ldflags", want: Unknown, message: "this audit does not read the rules Makefile:7 makes with $(eval), which may build it"},
		{name: "ldflags: $(eval) rules that build no Go binary", files: repoWith(strings.ReplaceAll(templates, "go build -ldflags", "docker build --label")),
			check: "ldflags", want: Warn, message: "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package"},
		{name: "ci: the goals written out beside the $(eval)", files: repoWith(templates + ".PHONY: test build\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n\tgolangci-lint run\nbuild:\n\tgo build ./cmd/api\n"),
			check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "ci: without the $(eval), a missing target is no rule make has", files: repoWith(".PHONY: test build\ntest: test-.\nbuild: build-api\n"),
			check: "ci", want: Warn, message: "CI does not run go vet, go test -race, a linter"},
	})
}
