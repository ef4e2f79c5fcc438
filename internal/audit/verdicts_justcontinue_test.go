package audit

import "testing"

// TestJustContinuedLines audits just recipes whose lines end in a backslash: just
// joins such a line with the next one (the backslash dropped, the next line's
// indentation trimmed) and runs them as one command, and a shebang recipe's shell
// joins them too, but for a comment line, which the shell ends at the newline (and
// just too under set ignore-comments).
func TestJustContinuedLines(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const vars = "version := `git describe --tags --always`\ncommit := `git rev-parse HEAD`\n\n"
	const inject = `-ldflags "-X main.version={{version}} -X main.commit={{commit}}"`
	repo := func(justfile string) map[string]string {
		return withFiles(base, map[string]string{"justfile": vars + justfile, ".github/workflows/ci.yml": runnerWorkflow("just test", "just build")})
	}
	const test = "test:\n    go vet ./...\n    golangci-lint run\n    go test \\\n      -race ./...\n\n"
	runBuildCases(t, []buildCase{
		{name: "ldflags: a build over three lines", files: repo(test + "build:\n    go build \\\n      " + inject + " \\\n      -o bin/svc .\n"),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "ldflags: a continued line's last -ldflags drops the -X", files: repo(test + "build:\n    go build " + inject + " -o bin/svc . \\\n      -ldflags \"-s -w\"\n"),
			check: "ldflags", want: Fail, message: "-X main.version"},
		{name: "ci: go test continued with -race", files: repo(test + "build:\n    go build " + inject + " -o bin/svc .\n"),
			check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "ldflags: a shebang recipe's continued build", files: repo(test + "build:\n    #!/usr/bin/env bash\n    set -euo pipefail\n    go build \\\n      " + inject + " \\\n      -o bin/svc .\n"),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "ci: a shebang recipe's comment ending in a backslash continues nothing", files: repo("test:\n    #!/bin/sh -e\n    go vet ./...\n    golangci-lint run\n    # race detector on \\\n    go test -race ./...\n\nbuild:\n    go build " + inject + " -o bin/svc .\n"),
			check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "ci: a recipe's comment line continued over the go test", files: repo("test:\n    go vet ./...\n    golangci-lint run\n    # race detector on \\\n    go test -race ./...\n\nbuild:\n    go build " + inject + " -o bin/svc .\n"),
			check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "ci: under set ignore-comments a comment line continues nothing", files: repo("set ignore-comments\n\ntest:\n    go vet ./...\n    golangci-lint run\n    # race detector on \\\n    go test -race ./...\n\nbuild:\n    go build " + inject + " -o bin/svc .\n"),
			check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "ci: a blank line ends a continuation", files: repo("test:\n    go vet ./...\n    golangci-lint run \\\n\n    go test -race ./...\n\nbuild:\n    go build " + inject + " -o bin/svc .\n"),
			check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
	})
}
