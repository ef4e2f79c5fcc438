package audit

import "testing"

// TestVerdictsOnPipefailInSh audits CI whose sh script sets pipefail: dash 0.5.12,
// the /bin/sh of Debian and Ubuntu, refuses set -o pipefail and stops the shell
// that runs it with status 2 (set: Illegal option -o pipefail), || true or not,
// while bash as sh and busybox's ash take it: what follows may not run, UNKNOWN,
// and a pipe after it runs without pipefail where dash goes on (checked with bash
// 5.2 and dash 0.5.12).
func TestVerdictsOnPipefailInSh(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	const stops = "which dash, the /bin/sh of Debian and Ubuntu (GitHub's ubuntu runners too), refuses"
	step := func(run string, files map[string]string) map[string]string {
		return toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: "+run+"\n", files)
	}
	script := func(text string) map[string]string {
		return step("./scripts/test.sh", map[string]string{"scripts/test.sh": text})
	}
	runCheckCases(t, []checkCase{
		{name: "#!/bin/sh, set -euo pipefail", files: script("#!/bin/sh\nset -euo pipefail\ngo test -race ./...\n"), check: "ci", want: Unknown, message: stops},
		{name: "#!/bin/sh, set -o pipefail || true", files: script("#!/bin/sh\nset -e\nset -o pipefail 2>/dev/null || true\ngo test -race ./...\n"), check: "ci", want: Unknown, message: stops},
		{name: "#!/bin/sh, set +o pipefail", files: script("#!/bin/sh\nset -e\nset +o pipefail\ngo test -race ./...\n"), check: "ci", want: Unknown, message: stops},
		// Task runs its cmds with its own interpreter (mvdan.cc/sh), which takes set -o pipefail
		{name: "task: set -o pipefail in a cmd", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - |\n        set -o pipefail\n        go test -race ./... | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "make's /bin/sh: set -o pipefail on a recipe line", files: recipeRepo("make ci", "Makefile", ".PHONY: ci\nci:\n\tgo vet ./...\n\tgolangci-lint run\n\tset -o pipefail; go test -race ./... | tee test.log\n"), check: "ci", want: Unknown, message: stops},
		{name: "#!/usr/bin/env bash, set -euo pipefail", files: script("#!/usr/bin/env bash\nset -euo pipefail\ngo test -race ./... | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "shell: sh, set -o pipefail", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - shell: sh\n        run: |\n          set -o pipefail\n          go test -race ./...\n", nil), check: "ci", want: Unknown, message: stops},
		{name: "shell: bash, set -o pipefail", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - shell: bash\n        run: |\n          set -o pipefail\n          go test -race ./... | tee test.log\n", nil), check: "ci", want: Pass, message: pass},
		// dash: the subshell fails, && skips the set, and the pipe's status is tee's
		{name: "(set -o pipefail) && set -o pipefail, then a pipe", files: script("#!/bin/sh\nset -e\n(set -o pipefail) 2>/dev/null && set -o pipefail\ngo test -race ./... | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "(set -o pipefail) && set -o pipefail, no pipe", files: script("#!/bin/sh\nset -e\n(set -o pipefail) 2>/dev/null && set -o pipefail\ngo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		// dash: the subshell fails with status 2, which set -e stops the script at
		{name: "set -o pipefail in a ( ) subshell before", files: script("#!/bin/sh\nset -e\n(set -o pipefail; echo in)\ngo test -race ./...\n"), check: "ci", want: Unknown, message: stops},
		{name: "(set -o pipefail) && go test", files: script("#!/bin/sh\nset -e\n(set -o pipefail) && go test -race ./...\necho done\n"), check: "ci", want: Unknown, message: stops},
		{name: "(set -o pipefail) || exit 1, then go test", files: script("#!/bin/sh\n(set -o pipefail) || exit 1\ngo test -race ./...\n"), check: "ci", want: Unknown, message: stops},
	})
}

// TestVerdictsOnPipefailAtShellStart audits CI whose shell is started with an option
// that names pipefail: dash 0.5.12, the /bin/sh of Debian and Ubuntu and so make's
// default SHELL there, refuses it as it starts (sh -o pipefail: Illegal option -o
// pipefail, status 2), running nothing, so every recipe line under .SHELLFLAGS :=
// -o pipefail -c fails; a shebang's options Linux hands the shell as one word,
// which dash and bash both refuse (#!/bin/sh -o pipefail, #!/bin/bash -eo
// pipefail: status 2), while env -S splits them (checked with GNU make 4.3, dash
// 0.5.12 and bash 5.2). What such a shell runs may not run, UNKNOWN; under SHELL
// := bash, pipefail holds.
func TestVerdictsOnPipefailAtShellStart(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const refused = "which dash, the /bin/sh of Debian and Ubuntu (GitHub's ubuntu runners too), refuses as it starts"
	const joined = "whose options Linux hands the shell as one word"
	mk := func(head string) map[string]string {
		return recipeRepo("make ci", "Makefile", head+".PHONY: ci\nci:\n\tgo vet ./...\n\tgolangci-lint run\n\tgo test -race ./... | tee test.log\n")
	}
	step := func(run string, files map[string]string) map[string]string {
		return toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: "+run+"\n", files)
	}
	script := func(text string) map[string]string {
		return step("./scripts/test.sh", map[string]string{"scripts/test.sh": text})
	}
	runCheckCases(t, []checkCase{
		{name: ".SHELLFLAGS := -o pipefail -c", files: mk(".SHELLFLAGS := -o pipefail -c\n"), check: "ci", want: Unknown, message: refused},
		{name: ".SHELLFLAGS := -eo pipefail -c", files: mk(".SHELLFLAGS := -eo pipefail -c\n"), check: "ci", want: Unknown, message: "`/bin/sh -eo pipefail -c` (Makefile:1), " + refused},
		{name: ".SHELLFLAGS := -o pipefail", files: mk(".SHELLFLAGS := -o pipefail\n"), check: "ci", want: Unknown, message: refused},
		{name: "SHELL := /bin/sh -o pipefail", files: mk("SHELL := /bin/sh -o pipefail\n"), check: "ci", want: Unknown, message: refused},
		{name: "SHELL := bash, .SHELLFLAGS := -eo pipefail -c", files: mk("SHELL := bash\n.SHELLFLAGS := -eo pipefail -c\n"), check: "ci", want: Pass, message: pass},
		{name: "SHELL := /bin/bash, .SHELLFLAGS := -o pipefail -c", files: mk("SHELL := /bin/bash\n.SHELLFLAGS := -o pipefail -c\n"), check: "ci", want: Pass, message: pass},
		{name: "sh -o pipefail script", files: step("sh -o pipefail scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./... | tee test.log\n"}), check: "ci", want: Unknown, message: refused},
		{name: "sh -eo pipefail -c", files: step("sh -eo pipefail -c 'go test -race ./... | tee test.log'", nil), check: "ci", want: Unknown, message: refused},
		{name: "bash -eo pipefail script", files: step("bash -eo pipefail scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./... | tee test.log\n"}), check: "ci", want: Pass, message: pass},
		{name: "shell: sh -eo pipefail {0}", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - shell: sh -eo pipefail {0}\n        run: go test -race ./... | tee test.log\n", nil), check: "ci", want: Unknown, message: refused},
		{name: "#!/bin/sh -o pipefail", files: script("#!/bin/sh -o pipefail\ngo test -race ./... | tee test.log\n"), check: "ci", want: Unknown, message: joined},
		{name: "#!/bin/bash -eo pipefail", files: script("#!/bin/bash -eo pipefail\ngo test -race ./... | tee test.log\n"), check: "ci", want: Unknown, message: "`#!/bin/bash -eo pipefail` (scripts/test.sh:1), " + joined},
		{name: "#!/usr/bin/env -S bash -eo pipefail", files: script("#!/usr/bin/env -S bash -eo pipefail\ngo test -race ./... | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "#!/bin/bash -e -x", files: script("#!/bin/bash -e -x\ngo test -race ./...\n"), check: "ci", want: Unknown, message: joined + " (`-e -x`), which dash and bash both refuse"},
		{name: "#!/bin/sh -e", files: script("#!/bin/sh -e\ngo test -race ./...\n"), check: "ci", want: Pass, message: pass},
	})
}
