package audit

import (
	"strings"
	"testing"
)

// TestCIRaceWithoutCgo: a go test -race that runs with CGO_ENABLED=0 in its
// environment runs no test (the go command refuses: "go: -race requires cgo"), so it
// does not count as the CI's race test; one whose CGO_ENABLED is not known does.
func TestCIRaceWithoutCgo(t *testing.T) {
	workflow := func(env, stepEnv, run string) map[string]string {
		wf := "name: ci\non: [push, pull_request]\n" + env + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" +
			"      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n      - run: go vet ./...\n      - run: " + run + "\n" + stepEnv +
			"      - uses: golangci/golangci-lint-action@v6\n"
		return map[string]string{
			"go.mod":                   "module example.test/c\n\ngo 1.26\n",
			"main.go":                  "package main\n\nfunc main() {}\n",
			".github/workflows/ci.yml": wf,
		}
	}
	const refused = "runs no test (CGO_ENABLED=0 in its environment: the go command refuses -race without cgo)"
	const pass = "CI runs go vet, go test -race and a linter"
	runCheckCases(t, []checkCase{
		{name: "CGO_ENABLED=0 in the workflow's env", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "go test -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "CGO_ENABLED=0 on the command line", files: workflow("", "", "CGO_ENABLED=0 go test -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "CGO_ENABLED=0 with -race from GOFLAGS", files: workflow("env:\n  CGO_ENABLED: \"0\"\n  GOFLAGS: -race\n", "", "go test ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "gotestsum with CGO_ENABLED=0", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "gotestsum -- -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "the step's CGO_ENABLED=1 over the workflow's 0", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "        env:\n          CGO_ENABLED: \"1\"\n", "go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED=0 for the build only", files: workflow("", "", "CGO_ENABLED=0 go build ./... && go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED from an expression not known", files: workflow("env:\n  CGO_ENABLED: ${{ vars.CGO }}\n", "", "go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED=0 without -race", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "go test ./..."),
			check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}

// TestCIRaceWithoutCgoFix: the fix of that WARN says to turn cgo on for the step.
func TestCIRaceWithoutCgoFix(t *testing.T) {
	wf := "name: ci\non: [push]\nenv:\n  CGO_ENABLED: \"0\"\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v6\n"
	got := auditInline(t, map[string]string{"go.mod": "module example.test/c\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n", ".github/workflows/ci.yml": wf}, "ci")
	if want := "Set CGO_ENABLED=1 for the go test -race step"; got.Status != Warn || !strings.HasPrefix(got.Fix, want) {
		t.Errorf("%s, fix %q, want WARN with a fix beginning %q", got.Status, got.Fix, want)
	}
}
