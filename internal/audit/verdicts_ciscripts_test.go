package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnCIScripts audits CI whose go test -race is in a shell script of the
// repository that a job runs (./scripts/test.sh, bash scripts/ci.sh, sh -c
// ./scripts/test.sh, through make or another script): the script is read as the
// job's commands, run in the job's directory with its shebang's options or those
// of the sh or bash call. A script that cannot be read makes a missing check
// UNKNOWN, naming it and why.
func TestVerdictsOnCIScripts(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	const ignored = "CI runs go test -race but ignores the failure"
	base := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	race := "#!/bin/sh\nset -e\ngo test -race -count=1 ./...\n"
	step := func(run string, files map[string]string) map[string]string {
		return toolsRepo(base+"      - run: "+run+"\n", files)
	}
	block := func(lines ...string) string { // a run: block of lines
		return "|\n          " + strings.Join(lines, "\n          ")
	}
	job := "test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - golangci-lint run\n    - ./scripts/test.sh\n"
	gitlab := func(files map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "scripts/test.sh": race}, files)
	}
	guarded := "#!/usr/bin/env bash\nset -euo pipefail\n\nrun_tests() {\n  go test -race ./...\n}\n\nif [[ \"${BASH_SOURCE[0]}\" == \"$0\" ]]; then\n  run_tests\nfi\n"
	runCheckCases(t, []checkCase{
		{name: "./scripts/test.sh", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "bash scripts/ci.sh", files: step("bash scripts/ci.sh", map[string]string{"scripts/ci.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "sh -c ./scripts/test.sh", files: step("sh -c ./scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		// a command string over lines is read whole: the script sh -c runs
		{name: "sh -c over lines, go test -race not its last, without -e", files: step(block("sh -c 'echo start", "  go test -race ./...", "  echo done'"), nil), check: "ci", want: Warn, message: ignored},
		{name: "sh -c over lines, go test -race || true", files: step(block("sh -c '", "  go test -race ./... || true", "'"), nil), check: "ci", want: Warn, message: ignored},
		{name: "bash -c over lines in double quotes, go test -race || true", files: step(block("bash -c \"", "  cd . && go test -race ./... || true", "\""), nil), check: "ci", want: Warn, message: ignored},
		{name: "sh -ec over lines, go test -race not its last", files: step(block("sh -ec 'echo start", "  go test -race ./...", "  echo done'"), nil), check: "ci", want: Pass, message: pass},
		{name: "an exit 0 of sh -c over lines is its own", files: step(block("docker run --rm golang:1.26 sh -c 'go version", "  exit 0'", "go test -race ./..."), nil), check: "ci", want: Pass, message: pass},
		{name: "a ' in a comment and in double quotes opens no string", files: step(block("# it's the race run", "echo \"it's\"", "go test -race ./... || true", "echo 'done'"), nil), check: "ci", want: Warn, message: ignored},
		{name: "a script without a shebang", files: step("./ci/test", map[string]string{"ci/test": "go test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "a script that runs another", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -euo pipefail\n./scripts/test.sh\n", "scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "make test runs the script", files: step("make test", map[string]string{"Makefile": ".PHONY: test\ntest:\n\t./scripts/test.sh\n", "scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "cd $(dirname $0)/.. in the script", files: toolsRepo(base+"      - run: ./test.sh\n        working-directory: scripts\n", map[string]string{"scripts/test.sh": "#!/bin/bash\nset -e\ncd \"$(dirname \"$0\")/..\"\ngo test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "the script's \"$@\" from the call", files: step("./scripts/test.sh -race ./...", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo test \"$@\"\n"}), check: "ci", want: Pass, message: pass},
		{name: "the script's $@ unquoted, from bash's call", files: step("bash scripts/test.sh -race", map[string]string{"scripts/test.sh": "set -e\ngo test $@ ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "the script's $1 from the call", files: step("./scripts/test.sh -race", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo test \"$1\" ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "the script's $1 in single quotes, another shell's", files: step("./scripts/test.sh -race", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\nsh -c 'go test $1 ./...'\n"}), check: "ci", want: Unknown, message: "may hold -race"},
		{name: "the script's \"$@\" from a call without -race", files: step("./scripts/test.sh ./...", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo test \"$@\"\n"}), check: "ci", want: Warn, message: noRace},
		{name: "the script's \"$@\" in a function", files: step("./scripts/test.sh -race", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\nrun() {\n  go test \"$@\" ./...\n}\nrun\n"}), check: "ci", want: Unknown, message: "may hold -race"},
		{name: "the script's $1 after a shift", files: step("./scripts/test.sh -race", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\nshift\ngo test $1 ./...\n"}), check: "ci", want: Unknown, message: "may hold -race"},
		{name: "a sourced script that only exports", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "export GOFLAGS=-mod=readonly\n"}), check: "ci", want: Pass, message: pass},
		{name: "a sourced script's cd, the checks after it", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "cd tools\n"}), check: "ci", want: Unknown, message: "it runs after . scripts/env.sh, which runs cd (cd tools) in the shell that reads it"},
		{name: "a sourced script's exit, the checks after it", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "export GOFLAGS=-mod=readonly\nexit 0\n"}), check: "ci", want: Unknown, message: "which runs exit in the shell that reads it"},
		{name: "a sourced script's set +e, the checks after it", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "set +e\n"}), check: "ci", want: Unknown, message: "which turns errexit or pipefail off (set +e)"},
		{name: "a sourced script's set +o pipefail", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "set +o pipefail\n"}), check: "ci", want: Unknown, message: "which turns errexit or pipefail off (set +o pipefail)"},
		// dash stops at set -o pipefail with status 2 (checked with dash 0.5.12): sh may be dash
		{name: "a sourced script's set -euo pipefail, read by sh", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "set -euo pipefail\n"}), check: "ci", want: Unknown, message: "which runs set -euo pipefail, an option dash (the /bin/sh of Debian and Ubuntu) refuses with status 2, stopping there, in the shell that reads it"},
		{name: "a sourced script's set -euo pipefail, read by bash", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/usr/bin/env bash\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "set -euo pipefail\n"}), check: "ci", want: Pass, message: pass},
		{name: "a script sourced by a sourced one sets pipefail, read by sh", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\n", "scripts/env.sh": ". scripts/more.sh\n", "scripts/more.sh": "set -o pipefail\n"}), check: "ci", want: Unknown, message: "which sources scripts/more.sh, which runs set -o pipefail"},
		{name: "a sourced script's cd in a subshell", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "(cd tools && go mod download)\n"}), check: "ci", want: Pass, message: pass},
		{name: "a sourced script's cd after the return that ends it", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "export GOFLAGS=-mod=readonly\nreturn 0\ncd tools\n"}), check: "ci", want: Pass, message: pass},
		{name: "a sourced script's cd after a return in an if", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "if [ -n \"$CI\" ]; then return 0; fi\ncd tools\n"}), check: "ci", want: Unknown, message: "which runs cd (cd tools)"},
		{name: "a sourced script's eval cd", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": "eval \"cd tools\"\n"}), check: "ci", want: Unknown, message: "which runs cd"},
		{name: "a script the sourced script sources, with a cd", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n. scripts/env.sh\ngo test -race ./...\necho tests done\n", "scripts/env.sh": ". scripts/more.sh\n", "scripts/more.sh": "cd tools\n"}), check: "ci", want: Unknown, message: "which sources scripts/more.sh, which runs cd (cd tools)"},
		{name: "a step that sources a script with a cd", files: step(". scripts/env.sh && go test -race ./...", map[string]string{"scripts/env.sh": "cd tools\n"}), check: "ci", want: Unknown, message: "it runs after . scripts/env.sh, which runs cd (cd tools)"},
		{name: "GitLab: a before_script that sources a script with a cd", files: gitlab(map[string]string{".gitlab-ci.yml": "test:\n  image: golang:1.26\n  before_script:\n    - source scripts/env.sh\n  script:\n    - go vet ./...\n    - golangci-lint run\n    - ./scripts/test.sh\n", "scripts/env.sh": "cd tools\n"}), check: "ci", want: Unknown, message: "it runs after source scripts/env.sh, which runs cd (cd tools)"},
		{name: "a script sources another", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. scripts/lib.sh\n", "scripts/lib.sh": "set -e\ngo test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		// a sourced script runs in the caller's shell, with its errexit and pipefail as they are where it is read (checked with bash 5.2 and dash)
		{name: "a set -e script sources another without set -e, go test not its last", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. scripts/lib.sh\necho after\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "a bash -e script sources another without set -e", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\nsource scripts/lib.sh\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "the job's bash -e sources a script, go test not its last", files: step(". scripts/lib.sh", map[string]string{"scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "bash {0} sources a script, go test not its last", files: toolsRepo(base+"      - run: . scripts/lib.sh\n        shell: bash {0}\n", map[string]string{"scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "a script sources another after set +e", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\nset +e\n. scripts/lib.sh\necho after\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "set -eo pipefail, a sourced script pipes go test into tee", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -eo pipefail\n. scripts/lib.sh\n", "scripts/lib.sh": "go test -race ./... | tee test.log\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "set -e without pipefail, a sourced script pipes go test into tee", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\n. scripts/lib.sh\n", "scripts/lib.sh": "go test -race ./... | tee test.log\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "bash: set -e, . lib.sh || true (set -e ignored in it)", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\n. scripts/lib.sh || true\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		// dash 0.5.12 keeps set -e in it, bash --posix does not: sh may be either, so it is read as bash (checked with both)
		{name: "sh: set -e, . lib.sh || true (sh may be bash, which ignores set -e in it)", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. scripts/lib.sh || true\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "bash: set -e, . lib.sh || exit 1 (set -e ignored in it)", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\n. scripts/lib.sh || exit 1\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "bash: set -e, if . lib.sh; then (set -e ignored in it)", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\nif . scripts/lib.sh; then echo ok; else exit 1; fi\n", "scripts/lib.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "a job sources a script with source", files: step("source scripts/lib.sh", map[string]string{"scripts/lib.sh": "go test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "a sourced library's run guard, false when sourced", files: step(". scripts/lib.sh && go test ./...", map[string]string{"scripts/lib.sh": guarded}), check: "ci", want: Warn, message: noRace},
		{name: "a sourced library's run guard, $0 first", files: step("source scripts/lib.sh", map[string]string{"scripts/lib.sh": "run_tests() {\n  go test -race ./...\n}\nif [ \"$0\" = \"$BASH_SOURCE\" ]; then\n  run_tests\nfi\n"}), check: "ci", want: Warn, message: noRace},
		{name: "a sourced library's != guard, true when sourced", files: step(". scripts/lib.sh", map[string]string{"scripts/lib.sh": "if [[ \"${BASH_SOURCE[0]}\" != \"${0}\" ]]; then\n  go test -race ./...\nfi\n"}), check: "ci", want: Pass, message: pass},
		{name: "a run guard, true when the script is run", files: step("./scripts/lib.sh", map[string]string{"scripts/lib.sh": guarded}), check: "ci", want: Pass, message: pass},
		{name: "a library sourced, then run: each read with its guard", files: step(". scripts/lib.sh && ./scripts/lib.sh", map[string]string{"scripts/lib.sh": guarded}), check: "ci", want: Pass, message: pass},
		{name: "a library sourced on each line, then run", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. scripts/lib.sh\n. scripts/lib.sh\n. scripts/lib.sh\n./scripts/lib.sh\n", "scripts/lib.sh": guarded}), check: "ci", want: Pass, message: pass},
		{name: "a sourced script without -race", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\nsource scripts/lib.sh\n", "scripts/lib.sh": "go test ./...\n"}), check: "ci", want: Warn, message: noRace},
		{name: "a sourced .sh file not in the repository", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. scripts/missing.sh\n"}), check: "ci", want: Unknown, message: "scripts/missing.sh: no such file in the repository"},
		{name: "a sourced file outside the repository", files: step("./scripts/ci.sh", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. \"$HOME/.cargo/env\"\n. venv/bin/activate\ngo test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "a script without -race", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo test ./...\n"}), check: "ci", want: Warn, message: noRace},
		{name: "go test -race || true in the script", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\ngo test -race ./... || true\n"}), check: "ci", want: Warn, message: ignored},
		{name: "go test -race not last, without set -e", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\ngo test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "bash -e runs it with errexit", files: step("bash -e scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "bash -eo pipefail runs it with errexit and pipefail", files: step("bash -eo pipefail scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./... | tee test.log\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "GitHub's bash options before the script", files: step("bash --noprofile --norc -euo pipefail scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./... | tee test.log\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "bash -eo errexit, without pipefail", files: step("bash -eo errexit scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./... | tee test.log\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "bash -O extglob before the script", files: step("bash -e -O extglob scripts/test.sh", map[string]string{"scripts/test.sh": "go test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "bash -o with no name", files: step("bash -o", nil), check: "ci", want: Warn, message: noRace},
		{name: "a shebang of env -S with -e", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/usr/bin/env -S bash -e\ngo test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "a shebang of env -S without -e", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/usr/bin/env -S bash\ngo test -race ./...\necho done\n"}), check: "ci", want: Warn, message: ignored},
		{name: "timeout before go test -race", files: step("timeout 20m go test -race ./...", nil), check: "ci", want: Pass, message: pass},
		{name: "timeout with options before the script", files: step("timeout -k 30s --preserve-status 20m ./scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "timeout $T before go test", files: toolsRepo(base+"      - run: timeout $T go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "timeout \"${T:-10m}\" before the script", files: step("timeout \"${T:-10m}\" ./scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "timeout $T before go test without -race", files: toolsRepo(base+"      - run: timeout $T go test ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "nice before the script", files: step("nice -n 10 ./scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "sudo -E before go test -race", files: step("sudo -E go test -race ./...", nil), check: "ci", want: Pass, message: pass},
		{name: "nohup, then time -p, before go test without -race", files: step("nohup time -p go test ./...", nil), check: "ci", want: Warn, message: noRace},
		{name: "a shebang with -e", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh -e\ngo test -race ./...\necho done\n"}), check: "ci", want: Pass, message: pass},
		{name: "the script's call ignored", files: step("./scripts/test.sh || true", map[string]string{"scripts/test.sh": race}), check: "ci", want: Warn, message: ignored},
		{name: "a go test -race after an exit", files: step("./scripts/test.sh", map[string]string{"scripts/test.sh": "#!/bin/sh\nexit 0\ngo test -race ./...\n"}), check: "ci", want: Warn, message: noRace},
		{name: "a script not in the repository", files: step("./scripts/test.sh", nil), check: "ci", want: Unknown,
			message: noRace + " in the files read; CI runs `./scripts/test.sh` (scripts/test.sh: no such file in the repository), a script this audit could not read, which may"},
		{name: "bash of a script not in the repository", files: step("bash ci.sh", nil), check: "ci", want: Unknown, message: "CI runs `bash ci.sh` (ci.sh: no such file in the repository)"},
		{name: "a script of another language", files: step("./scripts/test.py", map[string]string{"scripts/test.py": "#!/usr/bin/env python3\nimport subprocess\nsubprocess.run(['go', 'test', '-race', './...'], check=True)\n"}), check: "ci", want: Unknown,
			message: "CI runs `./scripts/test.py` (scripts/test.py: a script of another language, #!/usr/bin/env python3)"},
		// a shell that reads its script from standard input
		{name: "sh -s with the installer's arguments", files: step("curl -sSfL https://example.test/install.sh | sh -s -- -b $(go env GOPATH)/bin v1.55.2", nil), check: "ci", want: Warn, message: noRace},
		{name: "sh -s with a version", files: step("curl -sSfL https://example.test/install.sh | sh -s v1.55.2", nil), check: "ci", want: Warn, message: noRace},
		{name: "bash -s -- check", files: step("curl -sL https://example.test/goreleaser | bash -s -- check", nil), check: "ci", want: Warn, message: noRace},
		{name: "bash of a process substitution", files: step("bash <(curl -s https://example.test/bash)", nil), check: "ci", want: Warn, message: noRace},
		{name: "bash < <(curl)", files: step("bash < <(curl -s https://example.test/bash)", nil), check: "ci", want: Warn, message: noRace},
		{name: "bash < a script of the repository", files: step("bash < scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "sh -s <a script of the repository", files: step("sh -s <scripts/test.sh", map[string]string{"scripts/test.sh": race}), check: "ci", want: Pass, message: pass},
		{name: "a program the job built", files: step("./bin/tool", nil), check: "ci", want: Warn, message: noRace},
		// from the files a CI file reads as its own
		{name: "a GitLab local include's job", files: gitlab(map[string]string{".gitlab-ci.yml": "include:\n  - local: .gitlab/ci/test.yml\n", ".gitlab/ci/test.yml": job}), check: "ci", want: Pass, message: pass},
		{name: "a GitLab child pipeline's job", files: gitlab(map[string]string{".gitlab-ci.yml": "tests:\n  trigger:\n    include: .gitlab/ci/test.yml\n    strategy: depend\n", ".gitlab/ci/test.yml": job}), check: "ci", want: Pass, message: pass},
		{name: "a local composite action's step", files: toolsRepo(base+"      - uses: ./.github/actions/test\n", map[string]string{"scripts/test.sh": race,
			".github/actions/test/action.yml": "name: test\nruns:\n  using: composite\n  steps:\n    - run: ./scripts/test.sh\n      shell: bash\n"}), check: "ci", want: Pass, message: pass},
		{name: "a GitLab local include's job, a script without -race", files: gitlab(map[string]string{".gitlab-ci.yml": "include:\n  - local: .gitlab/ci/test.yml\n", ".gitlab/ci/test.yml": job, "scripts/test.sh": "#!/bin/sh\nset -e\ngo test ./...\n"}), check: "ci", want: Warn, message: noRace},
	})
}
