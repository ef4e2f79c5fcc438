package audit

import (
	"strings"
	"testing"
)

// TestMakeShellNotFromEnvironment audits CI that runs make with a SHELL in its
// environment (the job's env:, SHELL=/bin/bash make ci): GNU make never takes SHELL
// from there (make -e neither), so its recipes run under /bin/sh all the same, dash
// on GitHub's ubuntu runners: a pushd fails there, a command followed by ; and more
// drops its failure, and .ONESHELL strips the prefixes of a recipe's later lines.
// Only the make command line (make SHELL=/bin/bash ci) or the Makefile sets it.
func TestMakeShellNotFromEnvironment(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	// withEnv puts env: SHELL: shell on the job of files' workflow.
	withEnv := func(files map[string]string, shell string) map[string]string {
		const ci = ".github/workflows/ci.yml"
		files[ci] = strings.Replace(files[ci], "    steps:\n", "    env:\n      SHELL: "+shell+"\n    steps:\n", 1)
		return files
	}
	pushd := func(run string) map[string]string {
		return map[string]string{
			"go.mod":      "module example.test/root\n\ngo 1.26\n",
			"lib.go":      "package lib\n",
			"svc/go.mod":  "module example.test/svc\n\ngo 1.26\n",
			"svc/main.go": buildMainGo,
			"Makefile":    "ci:\n\tpushd svc; go vet ./... && golangci-lint run && go test -race ./...\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - uses: actions/checkout@v5\n      - run: " + run + "\n",
		}
	}
	const dash = "which /bin/sh, make's default SHELL, runs as bash does only where /bin/sh is bash"
	runCheckCases(t, []checkCase{
		{name: "pushd, the job's env: SHELL", files: withEnv(pushd("make ci"), "/bin/bash"), check: "ci", want: Unknown, message: dash},
		{name: "pushd, SHELL=/bin/bash make ci", files: pushd("SHELL=/bin/bash make ci"), check: "ci", want: Unknown, message: dash},
		{name: "pushd, export SHELL before make", files: pushd("export SHELL=/bin/bash; make ci"), check: "ci", want: Unknown, message: dash},
		{name: "pushd, SHELL=/bin/bash make -e ci", files: pushd("SHELL=/bin/bash make -e ci"), check: "ci", want: Unknown, message: dash},
		{name: "pushd, make SHELL=/bin/bash ci", files: pushd("make SHELL=/bin/bash ci"), check: "ci", want: Pass, message: pass},
		{name: "; echo, the job's env: SHELL of a shell not judged", files: withEnv(makeRepo("make ci", "", "\tgo test -race ./...; echo done\n"), "/usr/bin/fish"), check: "ci", want: Warn, message: ignored},
		{name: ".ONESHELL strips a later - , the job's env: SHELL of a shell not POSIX", files: withEnv(makeRepo("make ci", ".ONESHELL:\n.SHELLFLAGS := -ec\n\n", "\techo start\n\t-go test -race ./...\n"), "/usr/bin/fish"), check: "ci", want: Pass, message: pass},
	})
}
