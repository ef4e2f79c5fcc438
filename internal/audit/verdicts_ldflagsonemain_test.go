package audit

import (
	"context"
	"strings"
	"testing"
)

// TestLDFlagsOneMainPattern: a go build without -o whose ... pattern matches exactly
// one package, a main one, writes its binary, so its -X flags count; one matching
// several packages, or one library, writes nothing. A pattern matches a directory
// (of test files alone, too) only when the build compiles one of its Go files, tests
// included: their constraints against its -tags, GOOS and cgo; a variable's -tags
// leaves a tagged package unknown, and the build is taken to write nothing.
func TestLDFlagsOneMainPattern(t *testing.T) {
	const x = `-ldflags "-X main.version=$(VERSION) -X main.commit=$(COMMIT)"`
	const mainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar version, commit string\n\n" + serveFunc
	const none = "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package"
	const built = "1 build(s) inject version and commit"
	const all = "go build " + x + " ./..."
	var (
		library      = map[string]string{"internal/x/x.go": "package x\n"}
		tools        = map[string]string{"tools/tools.go": "//go:build tools\n\npackage tools\n"}
		taggedTests  = map[string]string{"e2e/api_test.go": "//go:build integration\n\npackage e2e\n"}
		windowsTests = map[string]string{"winsvc/svc_windows_test.go": "package winsvc\n"}
		cgo          = map[string]string{"internal/c/c.go": "package c\n\n// int one() { return 1; }\nimport \"C\"\n"}
	)
	tests := []struct {
		name  string
		build string            // the go build of the Makefile
		files map[string]string // besides go.mod and cmd/api/main.go
		want  Status
		msg   string
	}{
		{"./... of the main package alone", all, nil, Pass, built},
		{"./cmd/... beside a library", "go build " + x + " ./cmd/...", library, Pass, built},
		{"./... beside a library", all, library, Warn, none},
		{"./... beside a directory of tests alone", all, map[string]string{"e2e/api_test.go": "package e2e\n"}, Warn, none},
		{"./... beside a tools package", all, tools, Pass, built},
		{"./... beside a tools package, with -tags", "go build -tags tools " + x + " ./...", tools, Warn, none},
		{"./... beside a directory of tests for a tag", all, taggedTests, Pass, built},
		{"./... beside a directory of tests for a tag, with that -tags", "go build -tags integration " + x + " ./...", taggedTests, Warn, none},
		{"./... beside a directory of windows tests", all, windowsTests, Pass, built},
		{"./... beside a directory of windows tests, for windows", "GOOS=windows go build " + x + " ./...", windowsTests, Warn, none},
		{"./... beside a tools package, with other -tags", "go build -tags netgo " + x + " ./...", tools, Pass, built},
		{"./... beside a tools package, with a variable's -tags", "go build -tags \"$(TAGS)\" " + x + " ./...", tools, Warn, none},
		{"./... beside a library, with a variable's -tags", "go build -tags \"$(TAGS)\" " + x + " ./cmd/...", library, Pass, built},
		{"./... beside a tools package with a test", all, map[string]string{"tools/tools.go": "//go:build tools\n\npackage tools\n", "tools/tools_test.go": "package tools\n"}, Warn, none},
		{"./... beside a cgo package, cgo off", "CGO_ENABLED=0 go build " + x + " ./...", cgo, Pass, built},
		{"./... beside a cgo package, cgo on", "CGO_ENABLED=1 go build " + x + " ./...", cgo, Warn, none},
		{"./... beside a nested module and testdata", all, map[string]string{"lib/go.mod": "module example.test/lib\n", "lib/l.go": "package lib\n", "testdata/t/t.go": "package t\n"}, Pass, built},
		{"./... run in cmd", "cd cmd && go build " + x + " ./...", library, Pass, built},
		{"./... and the main package's directory", "go build " + x + " ./... ./cmd/api", nil, Pass, built},
		{"./internal/..., a library", "go build " + x + " ./internal/... && go build -o bin/api ./cmd/api", library, Warn, "injects no version or commit"},
		{"an import path pattern", "go build " + x + " example.test/svc/...", nil, Warn, none},
		{"./... and a directory of no package known", "go build " + x + " ./... ./internal/y", nil, Warn, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": mainGo, "Makefile": "build:\n\t" + tt.build + "\n"}
			for name, src := range tt.files {
				files[name] = src
			}
			if got := auditInline(t, files, "ldflags"); got.Status != tt.want || !strings.Contains(got.Message, tt.msg) {
				t.Errorf("%s %q, want %s with %q", got.Status, got.Message, tt.want, tt.msg)
			}
		})
	}
}

// TestBuildPatternsReadOnce reads the builds of CI steps that run go build ./...:
// the pattern is read once per audit (see builds.pattern), not once for each
// package and build it is matched against, and what goBuilds matches is that one
// reading.
func TestBuildPatternsReadOnce(t *testing.T) {
	files := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": runnerWorkflow("go build ./...", "go build ./...")}
	b := readBuilds(context.Background(), openInlineAt(t, files, ""))
	if n := len(b.goBuilds()); n != 2 {
		t.Fatalf("%d builds, want the 2 of the steps", n)
	}
	read, ok := b.patterns[[2]string{"./...", "."}]
	if !ok || read.re == nil {
		t.Fatalf("patterns read: %v, want ./... in .", b.patterns)
	}
	if again := b.pattern("./...", "."); again.re != read.re {
		t.Fatalf("./... read again: %p, then %p", read.re, again.re)
	}
}
