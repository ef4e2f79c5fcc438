package audit

import "testing"

// TestVerdictsOnTargetsUpToDate audits CI that runs make targets named like a file or
// directory of the repository (test/ beside a test: target, as the standard layout
// has): make remakes such a target only when it is .PHONY or a prerequisite is newer,
// so a target without prerequisites never runs its recipe (WARN, naming it), one
// whose prerequisites are files may not (UNKNOWN), and one with a prerequisite that
// is no file (FORCE) always runs, as does any under make -B (--always-make, in
// MAKEFLAGS too). A directory git ignores (a local build's output) is not in the
// checkout CI runs in.
func TestVerdictsOnTargetsUpToDate(t *testing.T) {
	// repoWith returns the repository with the Makefile and extra, a file of "-" left out.
	repoWith := func(makefile string, extra map[string]string) map[string]string {
		files := withFiles(map[string]string{
			"go.mod":          "module example.test/orders\n\ngo 1.26\n",
			"go.sum":          "",
			"cmd/api/main.go": buildMainGo,
			"test/e2e.go":     "package test\n",
			".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" +
				"      - run: go mod verify\n      - run: make lint test\n",
			"Makefile": makefile,
		}, extra)
		for p, src := range files {
			if src == "-" {
				delete(files, p)
			}
		}
		return files
	}
	const recipe = "\tgo vet ./...\n\tgo test -race ./...\n\nlint:\n\tgolangci-lint run --disable=govet\n"
	const pass = "CI runs go vet, go test -race and a linter"
	const never = "Makefile:1 target `test` never runs its recipe (go vet ./...): test/, a directory of the repository, has its name and no .PHONY lists it, so make finds it up to date"
	runCheckCases(t, []checkCase{
		{name: "test: beside test/, not .PHONY", files: repoWith("test:\n"+recipe, nil), check: "ci", want: Warn, message: "CI does not run go vet, go test -race; " + never},
		{name: ".PHONY lists it", files: repoWith("test:\n"+recipe+".PHONY: lint test\n", nil), check: "ci", want: Pass, message: pass},
		// a rule that answers any goal makes no target and lists none in .PHONY
		{name: "a .DEFAULT rule beside it", files: repoWith("test:\n"+recipe+"\n.DEFAULT:\n\t@echo no rule for $@\n", nil), check: "ci", want: Warn, message: "CI does not run go vet, go test -race; " + never},
		{name: "a match-anything rule beside it", files: repoWith("test:\n"+recipe+"\n%:\n\t@echo no rule for $@\n", nil), check: "ci", want: Warn, message: "CI does not run go vet, go test -race; " + never},
		{name: "no test/ directory", files: repoWith("test:\n"+recipe, map[string]string{"test/e2e.go": "-"}), check: "ci", want: Pass, message: pass},
		{name: "test/ that git ignores", files: repoWith("test:\n"+recipe, map[string]string{".gitignore": "/test/\n"}), check: "ci", want: Pass, message: pass},
		{name: "a file named test", files: repoWith("test:\n"+recipe, map[string]string{"test/e2e.go": "-", "test": "#!/bin/sh\n"}), check: "ci", want: Warn, message: "test, a file of the repository, has its name"},
		{name: "a prerequisite that is no file (FORCE)", files: repoWith("test: FORCE\n"+recipe+"FORCE:\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a .PHONY prerequisite", files: repoWith("test: tools\n"+recipe+".PHONY: tools\ntools: go.mod\n\tgo install tool\n", nil), check: "ci", want: Pass, message: pass},
		{name: "an order-only prerequisite only", files: repoWith("test: | bin\n"+recipe+"bin:\n\tmkdir -p bin\n", nil), check: "ci", want: Warn, message: never},
		{name: "a double-colon rule without prerequisites", files: repoWith("test::\n"+recipe, nil), check: "ci", want: Pass, message: pass},
		{name: "prerequisites that are files", files: repoWith("test: go.mod\n"+recipe, nil), check: "ci", want: Unknown, message: "target `test` has the name of test/, a directory of the repository and no .PHONY lists it, so make may find it up to date (make runs it only when one of its prerequisites (go.mod) is newer"},
		// round 41: a .PHONY in a branch of a conditional this audit cannot evaluate
		// may not be read: make may find the target up to date
		{name: ".PHONY under ifeq ($(shell uname),Linux)", files: repoWith("test:\n"+recipe+"ifeq ($(shell uname),Linux)\n.PHONY: lint test\nendif\n", nil), check: "ci", want: Unknown,
			message: "so make may find it up to date (Makefile:8 lists it in .PHONY in a branch of `ifeq ($(shell uname),Linux)` (Makefile:7), a conditional this audit cannot evaluate)"},
		{name: ".PHONY under ifeq and outside it", files: repoWith("test:\n"+recipe+"ifeq ($(shell uname),Linux)\n.PHONY: lint test\nendif\n.PHONY: test\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a prerequisite .PHONY under ifeq, tools/ beside it", files: repoWith("test: tools\n"+recipe+"ifeq ($(shell uname),Linux)\n.PHONY: tools\nendif\ntools: go.mod\n\tgo install tool\n", map[string]string{"tools/tools.go": "package tools\n"}), check: "ci", want: Unknown, message: "Makefile:8 lists `tools`, a prerequisite, in .PHONY in a branch of `ifeq ($(shell uname),Linux)`"},
		{name: "a prerequisite this audit cannot expand", files: repoWith("test: $(shell find . -name '*.go')\n"+recipe, nil), check: "ci", want: Unknown, message: "hold a reference this audit cannot expand"},
		{name: "a prerequisite of the goal CI makes", files: withFiles(repoWith("ci: lint test\n.PHONY: ci lint\ntest:\n"+recipe, nil), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make ci\n"}),
			check: "ci", want: Warn, message: "Makefile:3 target `test` never runs its recipe"},
		{name: "a Makefile of a subdirectory, make -C", files: withFiles(repoWith("", map[string]string{"Makefile": "", "svc/Makefile": "test:\n" + recipe, "svc/test/x.go": "package test\n"}), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make -C svc lint test\n"}),
			check: "ci", want: Warn, message: "svc/Makefile:1 target `test` never runs its recipe (go vet ./...): svc/test/"},
		{name: "go mod verify in a target make finds up to date", files: withFiles(repoWith("test:\n\tgo mod verify\n", nil), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"}),
			check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly: Makefile:1 target `test` never runs its recipe (go mod verify)"},
		// round 41: make -B (--always-make) runs every recipe, up to date or not
		{name: "MAKEFLAGS += --always-make", files: repoWith("MAKEFLAGS += --always-make\ntest:\n"+recipe, nil), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS += -B", files: repoWith("MAKEFLAGS += -B\ntest:\n"+recipe, nil), check: "ci", want: Pass, message: pass},
		{name: "GNUMAKEFLAGS += -B", files: repoWith("GNUMAKEFLAGS += -B\ntest:\n"+recipe, nil), check: "ci", want: Pass, message: pass},
		{name: "make -Bk", files: withFiles(repoWith("test:\n"+recipe, nil), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make -Bk lint test\n"}),
			check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS=B in the environment", files: withFiles(repoWith("test:\n"+recipe, nil), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      MAKEFLAGS: B\n    steps:\n      - run: go mod verify\n      - run: make lint test\n"}),
			check: "ci", want: Pass, message: pass},
		{name: "RUN make -B build beside build/", files: map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "build/package/README.md": "packaging\n", "Makefile": "build:\n\tgo build -o /bin/svc .\n",
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN CGO_ENABLED=0 make -B build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"},
			check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0"},
		// round 48: a make no CI runs (a root justfile's make vet) is none of what CI leaves out
		{name: "a root justfile's make vet, which CI never runs", files: withFiles(repoWith("vet:\n\tgo vet ./...\n\tgo mod verify\n", map[string]string{"vet/x.go": "package vet\n", "justfile": "vet:\n\tmake vet\n"}), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n      - run: golangci-lint run --disable=govet\n"}),
			check: "ci", want: Warn, message: "CI does not run go vet", notWant: "target `vet`"},
		{name: "a root justfile's make vet, go mod verify in its recipe", files: withFiles(repoWith("vet:\n\tgo vet ./...\n\tgo mod verify\n", map[string]string{"vet/x.go": "package vet\n", "justfile": "vet:\n\tmake vet\n"}), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n"}),
			check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly", notWant: "target `vet`"},
		{name: "a root justfile's make vet, whose prerequisites are files", files: withFiles(repoWith("vet: go.mod\n\tgo vet ./...\n", map[string]string{"vet/x.go": "package vet\n", "justfile": "vet:\n\tmake vet\n"}), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n      - run: golangci-lint run --disable=govet\n"}),
			check: "ci", want: Warn, message: "CI does not run go vet", notWant: "target `vet`"},
		{name: "CI's just vet, which runs make vet", files: withFiles(repoWith("vet:\n\tgo vet ./...\n", map[string]string{"vet/x.go": "package vet\n", "justfile": "vet:\n\tmake vet\n"}), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n      - run: golangci-lint run --disable=govet\n      - run: just vet\n"}),
			check: "ci", want: Warn, message: "CI does not run go vet; Makefile:1 target `vet` never runs its recipe (go vet ./...): vet/, a directory"},
		{name: "go mod verify in a .PHONY target", files: withFiles(repoWith(".PHONY: test\ntest:\n\tgo mod verify\n", nil), map[string]string{
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"}),
			check: "modverify", want: Pass, message: "CI verifies modules"},
	})
}
