package audit

import "testing"

// TestVerdictsOnPipedGroups audits CI scripts whose go test -race runs in a { } group
// or ( ) subshell that pipes its output into another command ({ go test ./...; } 2>&1
// | tee log): without pipefail, the pipeline's status is the last command's, so the
// failure of any command of the group is dropped, as that of a piped command is.
func TestVerdictsOnPipedGroups(t *testing.T) {
	const ignored = "CI runs go test -race but ignores the failure"
	const pass = "CI runs go vet, go test -race and a linter"
	workflow := func(shell string, lines ...string) map[string]string {
		step := "      - run: |\n"
		if shell != "" {
			step = "      - shell: " + shell + "\n        run: |\n"
		}
		for _, l := range lines {
			step += "          " + l + "\n"
		}
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: go vet ./...\n" + step + "      - uses: golangci/golangci-lint-action@v8\n",
		}
	}
	group := []string{"{", "  go test -race ./...", "} 2>&1 | tee test.log"}
	subshell := []string{"(", "  go test -race ./...", ") 2>&1 | tee test.log"}
	const oneLine = "{ go test -race ./...; } 2>&1 | tee test.log"
	runCheckCases(t, []checkCase{
		{name: "a group on one line, the unspecified shell", files: workflow("", oneLine), check: "ci", want: Warn, message: ignored},
		{name: "a group over lines, the unspecified shell", files: workflow("", group...), check: "ci", want: Warn, message: ignored},
		{name: "a subshell over lines, the unspecified shell", files: workflow("", subshell...), check: "ci", want: Warn, message: ignored},
		{name: "a subshell on one line", files: workflow("", "(go test -race ./...) | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "a subshell on one line, with 2>&1", files: workflow("", "(cd . && go test -race ./...) 2>&1 | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "the test before another command of the group", files: workflow("", "{ go test -race ./...; go vet ./...; } | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "|| exit 1 in the group exits the group alone", files: workflow("", "{ go test -race ./... || exit 1; } 2>&1 | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "a group on one line, shell: sh", files: workflow("sh", oneLine), check: "ci", want: Warn, message: ignored},
		// a fallback after || that is piped, or run in the background with the list
		{name: "|| ( exit 1 ) piped", files: workflow("", "go test -race ./... || ( echo failed; exit 1 ) 2>&1 | tee fail.log"), check: "ci", want: Warn, message: ignored},
		{name: "|| { exit 1 } over lines, piped", files: workflow("", "go test -race ./... || {", "  echo failed", "  exit 1", "} | tee fail.log"), check: "ci", want: Warn, message: ignored},
		{name: "|| ( exit 1 ) piped, shell: bash", files: workflow("bash", "go test -race ./... || ( echo failed; exit 1 ) 2>&1 | tee fail.log"), check: "ci", want: Pass, message: pass},
		{name: "|| { exit 1 } over lines, piped, shell: bash", files: workflow("bash", "go test -race ./... || {", "  echo failed", "  exit 1", "} | tee fail.log"), check: "ci", want: Pass, message: pass},
		{name: "|| { exit 1; } in the background, a bare wait", files: workflow("", "go test -race ./... || { echo failed; exit 1; } &", "echo meanwhile", "wait"), check: "ci", want: Warn, message: ignored},
		{name: "|| ( exit 1 ) in the background, a bare wait", files: workflow("", "go test -race ./... || ( echo failed; exit 1 ) &", "echo meanwhile", "wait"), check: "ci", want: Warn, message: ignored},
		{name: "|| { exit 1; } in the background, shell: bash", files: workflow("bash", "go test -race ./... || { echo failed; exit 1; } &", "wait"), check: "ci", want: Warn, message: ignored},
		{name: "|| { exit 1; } in the background, wait for its job", files: workflow("", "go test -race ./... || { echo failed; exit 1; } &", "wait $!"), check: "ci", want: Pass, message: pass},
		{name: "a group piped before the test", files: workflow("", "{ echo start; } | tee test.log", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		{name: "a pipe into the group", files: workflow("", "echo start | { go test -race ./...; }"), check: "ci", want: Pass, message: pass},
		{name: "a subshell whose output goes to a file", files: workflow("", "(go test -race ./...) > test.log 2>&1"), check: "ci", want: Pass, message: pass},
		{name: "a group over lines, shell: bash", files: workflow("bash", group...), check: "ci", want: Pass, message: pass},
		{name: "a subshell over lines, shell: bash", files: workflow("bash", subshell...), check: "ci", want: Pass, message: pass},
		{name: "a group on one line, shell: bash", files: workflow("bash", oneLine), check: "ci", want: Pass, message: pass},
		{name: "a group over lines after set -o pipefail", files: workflow("", append([]string{"set -o pipefail"}, group...)...), check: "ci", want: Pass, message: pass},
		{name: "a subshell over lines after set -o pipefail", files: workflow("", append([]string{"set -o pipefail"}, subshell...)...), check: "ci", want: Pass, message: pass},
		{name: "a subshell on one line, GitHub's bash template", files: workflow("bash --noprofile --norc -eo pipefail {0}", "(go test -race ./...) 2>&1 | tee test.log"), check: "ci", want: Pass, message: pass},
		{name: "set -o pipefail in a group not piped, for the pipe in it", files: workflow("", "{ set -o pipefail; go test -race ./... | tee test.log; }"), check: "ci", want: Pass, message: pass},
		{name: "set -o pipefail in a group not piped, for the pipe after it", files: workflow("", "{ set -o pipefail; echo start; }", "go test -race ./... | tee test.log"), check: "ci", want: Pass, message: pass},
		{name: "set -o pipefail in a piped group, for the pipe it is in", files: workflow("", "{ set -o pipefail; go test -race ./... | tee test.log; } 2>&1 | tee all.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a piped group over lines, for the pipe it is in", files: workflow("", "{", "  set -o pipefail", "  go test -race ./... | tee test.log", "} 2>&1 | tee all.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a piped group, for the pipe after it", files: workflow("", "{ set -o pipefail; echo start; } | cat", "go test -race ./... | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a group piped into, for the pipe after it", files: workflow("", "echo start | { set -o pipefail; cat; }", "go test -race ./... | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a subshell, for the pipe after it", files: workflow("", "(set -o pipefail; echo start)", "go test -race ./... | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a subshell, for a pipe in a subshell on the next line", files: workflow("", "(set -o pipefail; echo start)", "(go test -race ./... | tee test.log)"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a subshell, for a piped subshell on the next line", files: workflow("", "(set -o pipefail; echo start)", "(go test -race ./...) | tee test.log"), check: "ci", want: Warn, message: ignored},
		{name: "set +e in a subshell, for a subshell on the next line", files: workflow("", "(set +e; echo start)", "(go test -race ./...; echo done)"), check: "ci", want: Pass, message: pass},
		{name: "set -o pipefail in a subshell, for a piped group in it", files: workflow("", "(set -o pipefail; { go test -race ./...; } | tee test.log)"), check: "ci", want: Pass, message: pass},
		{name: "set -o pipefail in a piped group, for a piped group in it", files: workflow("", "{ set -o pipefail; { go test -race ./...; } | tee test.log; } 2>&1 | tee all.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a piped group over lines, for a piped group in it", files: workflow("", "{", "  set -o pipefail", "  {", "    go test -race ./...", "  } | tee test.log", "} 2>&1 | tee all.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail in a piped subshell, for a piped subshell in it", files: workflow("", "(set -o pipefail; (go test -race ./...) | tee test.log) | tee all.log"), check: "ci", want: Warn, message: ignored},
		{name: "set -o pipefail before piped groups nested", files: workflow("", "set -o pipefail", "{ { go test -race ./...; } | tee test.log; } 2>&1 | tee all.log"), check: "ci", want: Pass, message: pass},
		{name: "set -o pipefail in a subshell, for piped groups nested in it", files: workflow("", "(set -o pipefail; { { go test -race ./...; } | tee test.log; } | tee all.log)"), check: "ci", want: Pass, message: pass},
		{name: "set +o pipefail in a piped group, after set -o pipefail", files: workflow("", "set -o pipefail", "{ set +o pipefail; go test -race ./... | tee test.log; } | cat"), check: "ci", want: Warn, message: ignored},
		{name: "make: a group under sh -ec", files: makeRepo("make ci", ".SHELLFLAGS := -ec\n\n", "\t{ go test -race ./...; } 2>&1 | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: a subshell under sh -ec", files: makeRepo("make ci", ".SHELLFLAGS := -ec\n\n", "\t(go test -race ./...) 2>&1 | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: .ONESHELL, a group over lines under sh -ec", files: makeRepo("make ci", ".ONESHELL:\n.SHELLFLAGS := -ec\n\n", "\t{\n\t  go test -race ./...\n\t} 2>&1 | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: .ONESHELL, a group over lines under bash with pipefail", files: makeRepo("make ci", ".ONESHELL:\nSHELL := bash\n.SHELLFLAGS := -eu -o pipefail -c\n\n", "\t{\n\t  go test -race ./...\n\t} 2>&1 | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "task: a group over lines of a cmd", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - |\n        {\n          go test -race ./...\n        } 2>&1 | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "task: a group over lines of a cmd, with set: [pipefail]", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\nset: [pipefail]\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - |\n        {\n          go test -race ./...\n        } 2>&1 | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "just: a group over lines of a shebang recipe", files: recipeRepo("just ci", "justfile", "ci:\n    #!/usr/bin/env sh\n    set -e\n    go vet ./...\n    golangci-lint run\n    {\n      go test -race ./...\n    } 2>&1 | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "just: a group over lines of a shebang recipe, with pipefail", files: recipeRepo("just ci", "justfile", "ci:\n    #!/usr/bin/env bash\n    set -euo pipefail\n    go vet ./...\n    golangci-lint run\n    {\n      go test -race ./...\n    } 2>&1 | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "make: a group under bash with pipefail", files: makeRepo("make ci", "SHELL := bash\n.SHELLFLAGS := -eu -o pipefail -c\n\n", "\t{ go test -race ./...; } 2>&1 | tee test.log\n"), check: "ci", want: Pass, message: pass},
	})
}
