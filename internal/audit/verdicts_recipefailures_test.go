package audit

import "testing"

// recipeRepo is a repository whose CI runs `run` (make ci, task ci, just ci) and whose
// build file name holds src.
func recipeRepo(run, name, src string) map[string]string {
	return map[string]string{
		"go.mod":  buildGoMod,
		"main.go": buildMainGo,
		name:      src,
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - uses: actions/checkout@v5\n      - run: " + run + "\n",
	}
}

// makeRepo is a repository whose CI runs `run` on a Makefile whose ci target runs
// lint (go vet, golangci-lint) and then test, whose recipe is test; head goes before
// the rules.
func makeRepo(run, head, test string) map[string]string {
	return recipeRepo(run, "Makefile", head+"ci: lint test\n\nlint:\n\tgo vet ./...\n\tgolangci-lint run\n\ntest:\n"+test)
}

// TestVerdictsOnIgnoredRecipeFailures audits CI that runs Makefile targets, Task tasks
// or just recipes whose failure make, Task or just ignores (a - prefix, .IGNORE,
// make -i, ignore_error), or that the shell running a recipe line drops: make runs
// each line as sh -c, without -e or pipefail, unless SHELL or .SHELLFLAGS (or .POSIX)
// say otherwise.
func TestVerdictsOnIgnoredRecipeFailures(t *testing.T) {
	const ignored = "CI runs go test -race but ignores the failure"
	const pass = "CI runs go vet, go test -race and a linter"
	const race = "\tgo test -race ./...\n"
	runCheckCases(t, []checkCase{
		{name: "make: a - prefix", files: makeRepo("make ci", "", "\t-go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: a @- prefix", files: makeRepo("make ci", "", "\t@-go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: .IGNORE naming the target", files: makeRepo("make ci", ".IGNORE: test\n\n", race), check: "ci", want: Warn, message: ignored},
		{name: "make: .IGNORE without prerequisites", files: makeRepo("make ci", ".IGNORE:\n\n", race), check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"},
		{name: "make: make -i", files: makeRepo("make -i ci", "", race), check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter"},
		{name: "make: make --ignore-errors", files: makeRepo("make --ignore-errors ci", "", race), check: "ci", want: Warn, message: "but ignores the failure"},
		{name: "make: make -ki", files: makeRepo("make -ki ci", "", race), check: "ci", want: Warn, message: "but ignores the failure"},
		{name: "make: MAKEFLAGS=i", files: makeRepo("MAKEFLAGS=i make ci", "", race), check: "ci", want: Warn, message: "but ignores the failure"},
		{name: "make: a recursive make with a - prefix", files: makeRepo("make ci", "", "\t-$(MAKE) race\n\nrace:\n"+race), check: "ci", want: Warn, message: ignored},
		{name: "make: a recursive make -i", files: makeRepo("make ci", "", "\t$(MAKE) -i race\n\nrace:\n"+race), check: "ci", want: Warn, message: ignored},
		{name: "make: a pipe into tee", files: makeRepo("make ci", "", "\tgo test -race ./... 2>&1 | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: the test before ; echo", files: makeRepo("make ci", "", "\tgo test -race ./...; echo done\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: a loop over packages", files: makeRepo("make ci", "", "\tfor p in ./a ./b; do go test -race $$p; done\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: a pipe under bash -c, without pipefail", files: makeRepo("make ci", "SHELL := /bin/bash\n\n", "\tgo test -race ./... | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: ; under .POSIX is fine, the pipe is not", files: makeRepo("make ci", ".POSIX:\n\n", "\tgo test -race ./... | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: .ONESHELL, the test not last", files: makeRepo("make ci", ".ONESHELL:\n\n", race+"\techo done\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: && with more after ;", files: makeRepo("make ci", ".SHELLFLAGS := -ec\n\n", "\tgo test -race ./... && echo ok; echo done\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: make -k keeps the failure", files: makeRepo("make -k ci", "", race), check: "ci", want: Pass, message: pass},
		{name: "make: a - prefix on another line", files: makeRepo("make ci", "", "\t-rm -f test.log\n"+race), check: "ci", want: Pass, message: pass},
		{name: "make: && ends the line with the test", files: makeRepo("make ci", "", "\techo start && go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make: the test && echo", files: makeRepo("make ci", "", "\tgo test -race ./... && echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make: cd && test", files: makeRepo("make ci", "", "\tcd . && go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make: the test inside if ... fi", files: makeRepo("make ci", "", "\tif [ -z \"$$SKIP\" ]; then go test -race ./...; fi\n"), check: "ci", want: Pass, message: pass},
		{name: "make: .SHELLFLAGS with pipefail", files: makeRepo("make ci", "SHELL := bash\n.SHELLFLAGS := -eu -o pipefail -c\n\n", "\tgo test -race ./... | tee test.log; echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make: SHELL with -o pipefail", files: makeRepo("make ci", "SHELL = /bin/bash -o pipefail\n\n", "\tgo test -race ./... | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "make: .SHELLFLAGS := -ec", files: makeRepo("make ci", ".SHELLFLAGS := -ec\n\n", "\tgo test -race ./...; echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make: .POSIX runs sh -ec", files: makeRepo("make ci", ".POSIX:\n\n", "\tgo test -race ./...; echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make: .ONESHELL with set -e", files: makeRepo("make ci", ".ONESHELL:\n\n", "\tset -e\n"+race+"\techo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make: a shell this audit does not judge", files: makeRepo("make ci", "SHELL := ./tools/run\n\n", "\tgo test -race ./...; echo done\n"), check: "ci", want: Pass, message: pass},

		{name: "task: ignore_error on the cmd", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - cmd: go test -race ./...\n        ignore_error: true\n"), check: "ci", want: Warn, message: ignored},
		{name: "task: ignore_error on the task", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    deps: [lint]\n    cmds:\n      - task: race\n  lint:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n  race:\n    ignore_error: true\n    cmds:\n      - go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "task: ignore_error on a task call", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - task: race\n        ignore_error: true\n  race: go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "task: ignore_error: false", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    ignore_error: false\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - cmd: go test -race ./...\n        ignore_error: false\n"), check: "ci", want: Pass, message: pass},
		{name: "task: ignore_error on another task", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    deps: [clean]\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - go test -race ./...\n  clean:\n    ignore_error: true\n    cmds:\n      - rm test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "just: a - prefix", files: recipeRepo("just ci", "justfile", "ci: lint test\n\nlint:\n    go vet ./...\n    golangci-lint run\n\ntest:\n    -go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "task: a pipe into tee, without pipefail", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - go test -race ./... | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "task: a pipe into tee under set: [pipefail]", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\nset: [pipefail]\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - go test -race ./... | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "task: a script cmd, run with set -e", files: recipeRepo("task ci", "Taskfile.yml", "version: '3'\ntasks:\n  ci:\n    cmds:\n      - go vet ./...\n      - golangci-lint run\n      - |\n        go test -race ./...\n        echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "just: a pipe into tee (sh -cu)", files: recipeRepo("just ci", "justfile", "ci:\n    go vet ./...\n    golangci-lint run\n    go test -race ./... | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "just: the test before ; echo", files: recipeRepo("just ci", "justfile", "ci:\n    go vet ./...\n    golangci-lint run\n    go test -race ./...; echo done\n"), check: "ci", want: Warn, message: ignored},
		{name: "just: a bash shebang recipe without -e", files: recipeRepo("just ci", "justfile", "ci:\n    #!/usr/bin/env bash\n    go vet ./...\n    golangci-lint run\n    go test -race ./...\n    echo done\n"), check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"},
		{name: "just: a bash shebang recipe with set -euo pipefail", files: recipeRepo("just ci", "justfile", "ci:\n    #!/usr/bin/env bash\n    set -euo pipefail\n    go vet ./...\n    golangci-lint run\n    go test -race ./... | tee test.log\n    echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "just: a - prefix on another line", files: recipeRepo("just ci", "justfile", "ci:\n    -rm test.log\n    go vet ./...\n    golangci-lint run\n    go test -race ./...\n"), check: "ci", want: Pass, message: pass},
	})
}

// TestOneShellPrefixes audits CI that runs a Makefile recipe whose lines start with
// make's prefix characters (@, - and +, in any mix, blanks between them) under
// .ONESHELL, which makes the recipe one script: make reads them on its first line
// alone, for the whole recipe (a - there ignores the failure of the script, a + runs
// it under make -n), and strips them from the lines after it (a POSIX shell's, as
// /bin/sh and bash are), where they change nothing. Without .ONESHELL each line is
// read for its own.
func TestOneShellPrefixes(t *testing.T) {
	const ignored = "CI runs go test -race but ignores the failure"
	const pass = "CI runs go vet, go test -race and a linter"
	const race = "\tgo test -race ./...\n"
	const oneshell = ".ONESHELL:\n\n"
	dryRun := func(head, test string) map[string]string { // make -n ci: only the + lines run
		return recipeRepo("make -n ci", "Makefile", head+"ci: test\n\t+go vet ./...\n\t+golangci-lint run\n\ntest:\n"+test)
	}
	runCheckCases(t, []checkCase{
		{name: "a - on the first line ignores the whole recipe", files: makeRepo("make ci", oneshell, "\t-echo start\n"+race), check: "ci", want: Warn, message: ignored},
		{name: "@- on the first line", files: makeRepo("make ci", oneshell, "\t@-echo start\n"+race), check: "ci", want: Warn, message: ignored},
		{name: "+@ - with blanks on the first line", files: makeRepo("make ci", oneshell, "\t+@ - echo start\n"+race), check: "ci", want: Warn, message: ignored},
		{name: "a - on a later line is stripped and ignores nothing", files: makeRepo("make ci", oneshell, "\techo start\n\t-go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "@ - with blanks on a later line", files: makeRepo("make ci", oneshell, "\techo start\n\t @ - go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "a - on a later line under bash", files: makeRepo("make ci", oneshell+"SHELL := /bin/bash\n", "\techo start\n\t-go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "a - on a later line kept for a shell that is not POSIX", files: makeRepo("make ci", oneshell+"SHELL := ./tools/run\n", "\techo start\n\t-go test -race ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a + on the first line runs the recipe under make -n", files: dryRun(oneshell, "\t+echo start\n"+race), check: "ci", want: Pass, message: pass},
		{name: "a + on a later line does not", files: dryRun(oneshell, "\techo start\n\t+go test -race ./...\n"), check: "ci", want: Warn, message: "never runs (make runs no recipe line but those with the + prefix under -n"},
		{name: "without .ONESHELL: @ - with a blank between", files: makeRepo("make ci", "", "\t@ -go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "without .ONESHELL: a - on its own line", files: makeRepo("make ci", "", "\techo start\n\t-go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
	})
}

// TestMakeLongOption writes out make's long options from an unambiguous prefix, as
// GNU make 4.3 takes them, and leaves an ambiguous one (which make refuses) as it is.
func TestMakeLongOption(t *testing.T) {
	for w, want := range map[string]string{"--ignore": "--ignore-errors", "--ig": "--ignore-errors", "--i": "--i", "--ju": "--just-print", "--dr": "--dry-run",
		"--d": "--d", "--r": "--recon", "--to": "--touch", "--t": "--t", "--que": "--question", "--q": "--q", "--keep": "--keep-going", "--s": "--s",
		"--jobs=4": "--jobs=4", "--job=4": "--job=4", "--j": "--j", "--no-p": "--no-print-directory", "-i": "-i", "i": "i", "--": "--"} {
		if got := makeLongOption(w); got != want {
			t.Errorf("makeLongOption(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestIgnoreErrorsFlag reads make's flags for -i: alone, grouped before a flag that
// takes a value, or long; -k and a value that holds an i are not it.
func TestIgnoreErrorsFlag(t *testing.T) {
	for w, want := range map[string]bool{"-i": true, "-ki": true, "-is": true, "--ignore-errors": true, "-k": false, "-j4i": false, "-Cinternal": false, "--keep-going": false, "-s": false} {
		if got := ignoreErrors(w); got != want {
			t.Errorf("ignoreErrors(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestCIMakeflagsInMakefile audits CI that runs make on a Makefile that sets
// MAKEFLAGS itself: make applies it, once the makefiles are read, as the MAKEFLAGS of
// its environment, so -i ignores every recipe's failure and -n runs no recipe but the
// + lines; a value set under a conditional this audit cannot evaluate makes what it
// would change UNKNOWN.
func TestCIMakeflagsInMakefile(t *testing.T) {
	const ignored = "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"
	const pass = "CI runs go vet, go test -race and a linter"
	const none = "CI does not run go vet, go test -race, a linter"
	const race = "\tgo test -race ./...\n"
	runBuildCases(t, []buildCase{
		{name: "MAKEFLAGS += --ignore-errors", files: makeRepo("make ci", "MAKEFLAGS += --ignore-errors\n", race), check: "ci", want: Warn, message: ignored, at: "Makefile:1"},
		{name: "MAKEFLAGS += -i", files: makeRepo("make ci", "MAKEFLAGS += -i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS += i", files: makeRepo("make ci", "MAKEFLAGS += i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS := -ki", files: makeRepo("make ci", "MAKEFLAGS := -ki\n", race), check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS set after the rules", files: makeRepo("make ci", "", race+"\nMAKEFLAGS += -i\n"), check: "ci", want: Warn, message: ignored, at: "Makefile:10"},
		{name: "MAKEFLAGS in an included file", files: withFiles(makeRepo("make ci", "include mk/flags.mk\n", race), map[string]string{"mk/flags.mk": "MAKEFLAGS += --ignore-errors\n"}),
			check: "ci", want: Warn, message: ignored, at: "mk/flags.mk:1"},
		{name: "MAKEFLAGS of a Makefile a recursive make reads", files: withFiles(makeRepo("make ci", "", "\t$(MAKE) -C sub test\n"), map[string]string{"sub/Makefile": "MAKEFLAGS += -i\ntest:\n" + race}),
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "MAKEFLAGS += -n", files: makeRepo("make ci", "MAKEFLAGS += -n\n", race), check: "ci", want: Warn,
			message: "its go vet at Makefile:5 never runs (make runs no recipe line but those with the + prefix under the -n of MAKEFLAGS, at Makefile:1)"},
		{name: "MAKEFLAGS += --just-print", files: makeRepo("make ci", "MAKEFLAGS += --just-print\n", race), check: "ci", want: Warn, message: none},
		{name: "MAKEFLAGS += -n runs the + lines", files: recipeRepo("make ci", "Makefile", "MAKEFLAGS += -n\nci:\n\t+go vet ./...\n\t+golangci-lint run\n\t+go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS += -i under ifdef CI", files: makeRepo("make ci", "ifdef CI\nMAKEFLAGS += -i\nendif\n", race), check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS += -i under a conditional not evaluated", files: makeRepo("make ci", "ifeq ($(STRICT),)\nMAKEFLAGS += -i\nendif\n", race), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:11 may count: the MAKEFLAGS of Makefile:2 (-i), which makes make ignore the failures of its recipes, is set under a conditional this audit cannot evaluate"},
		{name: "MAKEFLAGS ?= -i, which make always defines", files: makeRepo("make ci", "MAKEFLAGS ?= -i\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS += i after make -k's k", files: makeRepo("make -k ci", "MAKEFLAGS += i\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS += i after make --keep's k", files: makeRepo("make --keep ci", "MAKEFLAGS += i\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS += i after make -j4, which make records later", files: makeRepo("make -j4 ci", "MAKEFLAGS += i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS = i after make -k", files: makeRepo("make -k ci", "MAKEFLAGS = i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS += --ignore", files: makeRepo("make ci", "MAKEFLAGS += --ignore\n", race), check: "ci", want: Warn, message: ignored, at: "Makefile:1"},
		{name: "MAKEFLAGS += --dry", files: makeRepo("make ci", "MAKEFLAGS += --dry\n", race), check: "ci", want: Warn, message: "under the --dry-run of MAKEFLAGS, at Makefile:1"},
		{name: "MAKEFLAGS += --i, which make refuses as ambiguous", files: makeRepo("make ci", "MAKEFLAGS += --i\n", race), check: "ci", want: Pass, message: pass},
		{name: "make --ignore", files: makeRepo("make --ignore ci", "", race), check: "ci", want: Warn, message: ignored},
		// make -e applies no MAKEFLAGS of the makefiles (make 4.3) but an override's.
		{name: "MAKEFLAGS += i under make -e", files: makeRepo("make -e ci", "MAKEFLAGS += i\n", race), check: "ci", want: Pass, message: pass},
		{name: "override MAKEFLAGS += -i under make -ke", files: makeRepo("make -ke ci", "override MAKEFLAGS += -i\n", race), check: "ci", want: Warn, message: ignored, at: "Makefile:1"},
		{name: "override MAKEFLAGS += -n under make -e", files: makeRepo("make -e ci", "override MAKEFLAGS += -n\n", race), check: "ci", want: Warn, message: "under the -n of MAKEFLAGS, at Makefile:1"},
		// A MAKEFLAGS of the make command line (any of its operators) is the value make
		// reads its flags from once the makefiles are read, -e or not; the Makefile's
		// assignments but an override's leave it.
		{name: "make MAKEFLAGS=-t", files: makeRepo("make MAKEFLAGS=-t ci", "", race), check: "ci", want: Warn, message: "under the -t of MAKEFLAGS, at .github/workflows/ci.yml:7"},
		{name: "make MAKEFLAGS=t", files: makeRepo("make MAKEFLAGS=t ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS=--touch", files: makeRepo("make MAKEFLAGS=--touch ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS=q", files: makeRepo("make MAKEFLAGS=q ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS=--question", files: makeRepo("make MAKEFLAGS=--question ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make ci MAKEFLAGS=--just-print", files: makeRepo("make ci MAKEFLAGS=--just-print", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS=--dry-run", files: makeRepo("make MAKEFLAGS=--dry-run ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS=-kn", files: makeRepo("make MAKEFLAGS=-kn ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS+=n", files: makeRepo("make MAKEFLAGS+=n ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS:=n", files: makeRepo("make MAKEFLAGS:=n ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS?=n", files: makeRepo("make MAKEFLAGS?=n ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make -e MAKEFLAGS=-n", files: makeRepo("make -e MAKEFLAGS=-n ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS=-i", files: makeRepo("make MAKEFLAGS=-i ci", "", race), check: "ci", want: Warn, message: ignored, at: ".github/workflows/ci.yml:7"},
		{name: "make MAKEFLAGS=-n over MAKEFLAGS += -i", files: makeRepo("make MAKEFLAGS=-n ci", "MAKEFLAGS += -i\n", race), check: "ci", want: Warn, message: "under the -n of MAKEFLAGS, at .github/workflows/ci.yml:7"},
		{name: "make MAKEFLAGS=k over MAKEFLAGS = -n", files: makeRepo("make MAKEFLAGS=k ci", "MAKEFLAGS = -n\n", race), check: "ci", want: Pass, message: pass},
		{name: "make MAKEFLAGS=k, override MAKEFLAGS += -n", files: makeRepo("make MAKEFLAGS=k ci", "override MAKEFLAGS += -n\n", race), check: "ci", want: Warn, message: "under the -n of MAKEFLAGS, at Makefile:1"},
		{name: "make MAKEFLAGS=-n MAKEFLAGS=, the last", files: makeRepo("make MAKEFLAGS=-n MAKEFLAGS= ci", "", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS=-n make MAKEFLAGS=, read as make starts", files: makeRepo("MAKEFLAGS=-n make MAKEFLAGS= ci", "", race), check: "ci", want: Warn, message: none},
		{name: "make MAKEFLAGS!=..., a command's output", files: makeRepo("make 'MAKEFLAGS!=cat flags' ci", "", race), check: "ci", want: Unknown, message: "MAKEFLAGS!="},
		{name: "MAKEFLAGS += -i under make --environment", files: makeRepo("make --environment ci", "MAKEFLAGS += -i\n", race), check: "ci", want: Pass, message: pass},
		{name: "make --just", files: makeRepo("make --just ci", "", race), check: "ci", want: Warn, message: none},
		{name: "MAKEFLAGS += i after the k of the environment's", files: makeRepo("MAKEFLAGS=k make ci", "MAKEFLAGS += i\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS: -i of the CI's env", files: withFile(makeRepo("make ci", "", race), ".github/workflows/ci.yml",
			"on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    env:\n      MAKEFLAGS: -i\n    steps:\n      - uses: actions/checkout@v4\n      - run: make ci\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "MAKEFLAGS: k of the CI's env, MAKEFLAGS += i", files: withFile(makeRepo("make ci", "MAKEFLAGS += i\n", race), ".github/workflows/ci.yml",
			"on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    env:\n      MAKEFLAGS: k\n    steps:\n      - uses: actions/checkout@v4\n      - run: make ci\n"),
			check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS: n of a GitLab job's variables", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": "ci:\n\tgo vet ./...\n\tgolangci-lint run\n" + race,
			".gitlab-ci.yml": "test:\n  variables:\n    MAKEFLAGS: n\n  script:\n    - make ci\n"},
			check: "ci", want: Warn, message: "under the -n of MAKEFLAGS, at .gitlab-ci.yml:5"},
		{name: "MAKEFLAGS += -k", files: makeRepo("make ci", "MAKEFLAGS += -k\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS of other flags", files: makeRepo("make ci", "MAKEFLAGS += --no-print-directory -rR -j4 --warn-undefined-variables\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS of a function this audit does not evaluate", files: makeRepo("make ci", "MAKEFLAGS += $(if $(VERBOSE),,--silent)\n", race), check: "ci", want: Pass, message: pass},
		{name: "MAKEFLAGS of other flags under a conditional not evaluated", files: makeRepo("make ci", "ifeq ($(STRICT),)\nMAKEFLAGS += -j4\nendif\n", race), check: "ci", want: Pass, message: pass},
	})
}

// TestCIGNUMakeflags audits a make whose flags GNUMAKEFLAGS sets: GNU make 4.3 reads
// it as it reads MAKEFLAGS, first, from its environment as it starts (then clears
// it) and from its command line's or the makefiles' value once they are read (each
// case checked with make 4.3 on a recipe "false; echo second"). MFLAGS it ignores.
func TestCIGNUMakeflags(t *testing.T) {
	const ignored = "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"
	const pass = "CI runs go vet, go test -race and a linter"
	const none = "CI does not run go vet, go test -race, a linter"
	const race = "\tgo test -race ./...\n"
	ciEnv := func(name, value string) string {
		return "on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    env:\n      " + name + ": " + value + "\n    steps:\n      - uses: actions/checkout@v4\n      - run: make ci\n"
	}
	runBuildCases(t, []buildCase{
		// of make's environment, read as it starts
		{name: "GNUMAKEFLAGS=-i make", files: makeRepo("GNUMAKEFLAGS=-i make ci", "", race), check: "ci", want: Warn, message: ignored, at: ".github/workflows/ci.yml:7"},
		{name: "GNUMAKEFLAGS=i make", files: makeRepo("GNUMAKEFLAGS=i make ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS=--ignore make", files: makeRepo("GNUMAKEFLAGS=--ignore make ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS=-n make", files: makeRepo("GNUMAKEFLAGS=-n make ci", "", race), check: "ci", want: Warn, message: "under the -n of GNUMAKEFLAGS, at .github/workflows/ci.yml:7"},
		{name: "GNUMAKEFLAGS=-t make", files: makeRepo("GNUMAKEFLAGS=-t make ci", "", race), check: "ci", want: Warn, message: none},
		{name: "GNUMAKEFLAGS=q make", files: makeRepo("GNUMAKEFLAGS=q make ci", "", race), check: "ci", want: Warn, message: none},
		{name: "GNUMAKEFLAGS=-k make", files: makeRepo("GNUMAKEFLAGS=-k make ci", "", race), check: "ci", want: Pass, message: pass},
		{name: "GNUMAKEFLAGS='-k i' make, i no flag", files: makeRepo("GNUMAKEFLAGS='-k i' make ci", "", race), check: "ci", want: Pass, message: pass},
		{name: "GNUMAKEFLAGS: -i of the CI's env", files: withFile(makeRepo("make ci", "", race), ".github/workflows/ci.yml", ciEnv("GNUMAKEFLAGS", "-i")), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS=-i make MAKEFLAGS=", files: makeRepo("GNUMAKEFLAGS=-i make MAKEFLAGS= ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS=-i make GNUMAKEFLAGS=, read as make starts", files: makeRepo("GNUMAKEFLAGS=-i make GNUMAKEFLAGS= ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS=-i make, MAKEFLAGS = of the Makefile", files: makeRepo("GNUMAKEFLAGS=-i make ci", "MAKEFLAGS =\n", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS=-i of a recursive make", files: makeRepo("make ci", "", "\tGNUMAKEFLAGS=-i $(MAKE) race\n\nrace:\n"+race), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "MFLAGS=-i make, which make does not read", files: makeRepo("MFLAGS=-i make ci", "", race), check: "ci", want: Pass, message: pass},
		// of make's command line, read once the makefiles are
		{name: "make GNUMAKEFLAGS=-i", files: makeRepo("make GNUMAKEFLAGS=-i ci", "", race), check: "ci", want: Warn, message: ignored, at: ".github/workflows/ci.yml:7"},
		{name: "make GNUMAKEFLAGS+=-i", files: makeRepo("make GNUMAKEFLAGS+=-i ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "make GNUMAKEFLAGS:=i", files: makeRepo("make GNUMAKEFLAGS:=i ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "make GNUMAKEFLAGS::=-i", files: makeRepo("make GNUMAKEFLAGS::=-i ci", "", race), check: "ci", want: Warn, message: ignored},
		{name: "make GNUMAKEFLAGS=-n", files: makeRepo("make GNUMAKEFLAGS=-n ci", "", race), check: "ci", want: Warn, message: "under the -n of GNUMAKEFLAGS, at .github/workflows/ci.yml:7"},
		{name: "make GNUMAKEFLAGS?=-i, which make always defines", files: makeRepo("make GNUMAKEFLAGS?=-i ci", "", race), check: "ci", want: Pass, message: pass},
		{name: "make GNUMAKEFLAGS!=..., a command's output", files: makeRepo("make 'GNUMAKEFLAGS!=cat flags' ci", "", race), check: "ci", want: Unknown, message: "sets GNUMAKEFLAGS to what a command prints"},
		{name: "make GNUMAKEFLAGS= over GNUMAKEFLAGS = -i", files: makeRepo("make GNUMAKEFLAGS= ci", "GNUMAKEFLAGS = -i\n", race), check: "ci", want: Pass, message: pass},
		{name: "make GNUMAKEFLAGS=, override GNUMAKEFLAGS = -i", files: makeRepo("make GNUMAKEFLAGS= ci", "override GNUMAKEFLAGS = -i\n", race), check: "ci", want: Warn, message: ignored, at: "Makefile:1"},
		// of the Makefile
		{name: "GNUMAKEFLAGS = -i", files: makeRepo("make ci", "GNUMAKEFLAGS = -i\n", race), check: "ci", want: Warn, message: ignored, at: "Makefile:1"},
		{name: "GNUMAKEFLAGS += i, its first word", files: makeRepo("make ci", "GNUMAKEFLAGS += i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS += i after make -k, which make records in MAKEFLAGS", files: makeRepo("make -k ci", "GNUMAKEFLAGS += i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS += i after GNUMAKEFLAGS=-k of the environment, cleared", files: makeRepo("GNUMAKEFLAGS=-k make ci", "GNUMAKEFLAGS += i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS += --dry", files: makeRepo("make ci", "GNUMAKEFLAGS += --dry\n", race), check: "ci", want: Warn, message: "under the --dry-run of GNUMAKEFLAGS, at Makefile:1"},
		{name: "GNUMAKEFLAGS ?= -i, which make always defines", files: makeRepo("make ci", "GNUMAKEFLAGS ?= -i\n", race), check: "ci", want: Pass, message: pass},
		{name: "GNUMAKEFLAGS = -i under make -e", files: makeRepo("make -e ci", "GNUMAKEFLAGS = -i\n", race), check: "ci", want: Pass, message: pass},
		{name: "GNUMAKEFLAGS = -i under the -e of GNUMAKEFLAGS", files: makeRepo("GNUMAKEFLAGS=-e make ci", "GNUMAKEFLAGS = -i\n", race), check: "ci", want: Pass, message: pass},
		{name: "override GNUMAKEFLAGS = -i under make -e", files: makeRepo("make -e ci", "override GNUMAKEFLAGS = -i\n", race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS = -i, a recursive make", files: makeRepo("make ci", "GNUMAKEFLAGS = -i\n", "\t$(MAKE) race\n\nrace:\n"+race), check: "ci", want: Warn, message: ignored},
		{name: "GNUMAKEFLAGS += -i under a conditional not evaluated", files: makeRepo("make ci", "ifeq ($(STRICT),)\nGNUMAKEFLAGS += -i\nendif\n", race), check: "ci", want: Unknown,
			message: "the GNUMAKEFLAGS of Makefile:2 (-i), which makes make ignore the failures of its recipes, is set under a conditional this audit cannot evaluate"},
	})
}
