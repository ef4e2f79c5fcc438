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

// TestMakeExpandedPrefixes audits CI that runs Makefile recipe lines whose @, - or +
// prefix a Make variable stands for ($(Q)go test -race ./... with Q ?= @): make reads
// the prefixes again once it has expanded a line, so the line runs go test (silently,
// its failure ignored, under make -n too), and under .ONESHELL those of the recipe's
// first line count for it all while the later lines' are stripped. A reference to a
// variable the Makefile sets to @ or nothing under a conditional this audit cannot
// evaluate (ifeq ($(V),1)) runs the same either way.
func TestMakeExpandedPrefixes(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	quiet := func(run, head, test string) map[string]string {
		return recipeRepo(run, "Makefile", head+"ci: lint test\n\nlint:\n\t$(Q)go vet ./...\n\t$(Q)golangci-lint run\n\ntest:\n"+test)
	}
	const verbose = "ifeq ($(V),1)\nQ :=\nelse\nQ := @\nendif\n"
	runCheckCases(t, []checkCase{
		{name: "Q ?= @", files: quiet("make ci", "Q ?= @\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "Q := @, a blank after it", files: quiet("make ci", "Q := @\n", "\t$(Q) go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "Q := @ and D := -", files: quiet("make ci", "Q := @\nD := -\n", "\t$(Q)$(D)go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "@ written, - from a variable", files: quiet("make ci", "Q := @\nD := -\n", "\t@$(D)go test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "make V=1 ci", files: quiet("make V=1 ci", verbose, "\t$(Q)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "Q := @ or nothing under ifeq ($(V),1)", files: quiet("make ci", verbose, "\t$(Q)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "a + from a variable runs under make -n", files: recipeRepo("make -n ci", "Makefile", "P := +\nci:\n\t$(P)go vet ./...\n\t$(P)golangci-lint run\n\t$(P)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL: a - from a variable on the first line", files: quiet("make ci", ".ONESHELL:\nQ := @\nD := -\n", "\t$(D)echo start\n\tgo test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: ".ONESHELL: a - from a variable on a later line is stripped", files: quiet("make ci", ".ONESHELL:\n.SHELLFLAGS := -ec\nQ := @\nD := -\n", "\techo start\n\t$(D)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		// round 41: make reads the line both ways, the failure ignored (- where uname
		// says Linux) or not, so whether it counts is not known
		{name: "Q := - under ifeq ($(shell uname),Linux)", files: quiet("make ci", "ifeq ($(shell uname),Linux)\nQ := -\nendif\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:11 may count: Makefile:2 sets Q to - in a branch of `ifeq ($(shell uname),Linux)` (Makefile:1)"},
		{name: "Q := @ or - under ifeq ($(V),1)", files: quiet("make ci", "ifeq ($(V),1)\nQ := @\nelse\nQ := -\nendif\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Unknown, message: "sets Q to -"},
		// round 41: Q set only in a branch make does not take has no value, and make
		// expands $(Q) to nothing
		{name: "make V=1 ci, Q := @ under ifneq ($(V),1)", files: quiet("make V=1 ci", "ifneq ($(V),1)\nQ := @\nendif\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make V=1 ci, Q := - under ifneq ($(V),1)", files: quiet("make V=1 ci", "ifneq ($(V),1)\nQ := -\nendif\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make V=1 ci, Q := echo under ifneq ($(V),1)", files: quiet("make V=1 ci", "ifneq ($(V),1)\nQ := echo\nendif\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make ci, Q := echo under ifneq ($(V),1)", files: quiet("make ci", "ifneq ($(V),1)\nQ := echo\nendif\n", "\t$(Q)go test -race ./...\n"), check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "Q := - under ifeq, a - written too", files: quiet("make ci", "ifeq ($(shell uname),Linux)\nQ := -\nendif\n", "\t-$(Q)go test -race ./...\n"), check: "ci", want: Unknown, message: "it runs go test -race but ignores the failure"},
	})
}

// TestMakeUndecidedSpecials audits CI that runs a Makefile whose .ONESHELL, .POSIX or
// .IGNORE is named only in a branch of a conditional this audit cannot evaluate
// (ifdef ONESHELL, where nothing defines ONESHELL): make runs the recipe one way or
// the other, so it is read both ways, and a check that only a command read otherwise
// in each runs (a later line's - that .ONESHELL strips and ignores without it, a ;
// that .POSIX's -e keeps the failure through) is UNKNOWN, naming the rule; one read
// the same either way counts. A .IGNORE naming targets makes any bare one apply only
// to them.
func TestMakeUndecidedSpecials(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	const race = "\tgo test -race ./...\n"
	runCheckCases(t, []checkCase{
		{name: ".ONESHELL under ifdef, a - on a later line", files: makeRepo("make ci", "ifdef ONESHELL\n.ONESHELL:\nendif\n", "\techo start\n\t-go test -race ./...\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:12 may count: Makefile:2 names .ONESHELL in a branch of `ifdef ONESHELL` (Makefile:1), a conditional this audit cannot evaluate"},
		{name: ".POSIX under ifdef, the test before ; echo", files: makeRepo("make ci", "ifdef STRICT\n.POSIX:\nendif\n", "\tgo test -race ./...; echo done\n"), check: "ci", want: Unknown,
			message: "Makefile:2 names .POSIX in a branch of `ifdef STRICT` (Makefile:1)"},
		{name: ".IGNORE under ifneq", files: makeRepo("make ci", "ifneq ($(LAX),)\n.IGNORE: test\nendif\n", race), check: "ci", want: Unknown, message: "names .IGNORE in a branch of `ifneq ($(LAX),)`"},
		{name: "a bare .IGNORE, and one naming lint under ifdef", files: makeRepo("make ci", ".IGNORE:\nifdef LAX\n.IGNORE: lint\nendif\n", race), check: "ci", want: Unknown, message: "Makefile:3 names .IGNORE in a branch of `ifdef LAX`"},
		{name: ".POSIX under ifdef, the recipe the same either way", files: makeRepo("make ci", "ifdef STRICT\n.POSIX:\nendif\n", race), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL under ifdef and outside it", files: makeRepo("make ci", "ifdef ONESHELL\n.ONESHELL:\nendif\n.ONESHELL:\n.SHELLFLAGS := -ec\n", "\techo start\n\t-go test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".POSIX under ifdef CI, which CI defines", files: makeRepo("make ci", "ifdef CI\n.POSIX:\nendif\n", "\tgo test -race ./...; echo done\n"), check: "ci", want: Pass, message: pass},
		{name: ".POSIX under ifndef CI", files: makeRepo("make ci", "ifndef CI\n.POSIX:\nendif\n", "\tgo test -race ./...; echo done\n"), check: "ci", want: Warn, message: ignored},
	})
}

// TestOneShellUnreadWays audits a .ONESHELL recipe whose lines are in the branches
// of nested conditionals, or of more than maxScriptReadings ways of them, which are
// read two ways only (every such line dropped, or kept): a way between the two may
// run a command after the first such line otherwise (with A set and B not, the
// script exports GOFLAGS= last), so none of those is sure (finding 9 of round 43);
// one before it is, as each way runs it alike.
func TestOneShellUnreadWays(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const why = "is one script under .ONESHELL with lines in a branch of `ifdef A` (Makefile:11)"
	head := "\tset -e\n\texport GOFLAGS=-race\n"
	runCheckCases(t, []checkCase{
		{name: "nested: A clears GOFLAGS, B sets it again", files: makeRepo("make ci", ".ONESHELL:\n", head+"ifdef A\n\texport GOFLAGS=\nifdef B\n\texport GOFLAGS=-race\nendif\nendif\n\tgo test ./...\n"),
			check: "ci", want: Unknown, message: why},
		{name: "16 ways: A clears GOFLAGS, B sets it again", files: makeRepo("make ci", ".ONESHELL:\n", head+"ifdef A\n\texport GOFLAGS=\nendif\nifdef B\n\texport GOFLAGS=-race\nendif\nifdef C\n\techo c\nendif\nifdef D\n\techo d\nendif\n\tgo test ./...\n"),
			check: "ci", want: Unknown, message: why},
		{name: "nested: the race test before the conditionals", files: makeRepo("make ci", ".ONESHELL:\n", head+"\tgo test -race ./...\nifdef A\n\techo a\nifdef B\n\techo b\nendif\nendif\n"),
			check: "ci", want: Pass, message: pass},
		{name: "8 ways, read each: A clears GOFLAGS, B sets it again", files: makeRepo("make ci", ".ONESHELL:\n", head+"ifdef A\n\texport GOFLAGS=\nendif\nifdef B\n\texport GOFLAGS=-race\nendif\nifdef C\n\techo c\nendif\n\tgo test ./...\n"),
			check: "ci", want: Unknown, message: why},
		{name: "8 ways, read each: the race test after them", files: makeRepo("make ci", ".ONESHELL:\n", head+"ifdef A\n\techo a\nendif\nifdef B\n\techo b\nendif\nifdef C\n\techo c\nendif\n\tgo test -race ./...\n"),
			check: "ci", want: Pass, message: pass},
	})
}

// TestOneShellRulesApart audits CI that runs a target whose recipe several rules give
// under .ONESHELL: make runs each double-colon rule's recipe as a script of its own,
// with the prefixes of its own first line, so neither a set -e nor an export of one
// reaches the other's commands; so too the recipes of single-colon rules kept
// together because a conditional this audit cannot evaluate may leave one out.
func TestOneShellRulesApart(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	image := func(mk string) map[string]string {
		return map[string]string{
			"go.mod":   buildGoMod,
			"main.go":  buildMainGo,
			"Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\n" +
				"COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	lint := func(test string) map[string]string { // test::, then test
		return recipeRepo("make ci", "Makefile", ".ONESHELL:\nci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\ntest::\n"+test)
	}
	runCheckCases(t, []checkCase{
		{name: "set -e in another :: recipe", files: recipeRepo("make ci", "Makefile", ".ONESHELL:\nci::\n\tset -e\nci::\n\tgo vet ./...\n\tgolangci-lint run\n\tgo test -race ./...\n\techo done\n"), check: "ci", want: Warn, message: "but ignores the failure"},
		{name: "a - on the second :: recipe's first line", files: lint("\techo a\ntest::\n\t-echo b\n\tgo test -race ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "a - on the first :: recipe's first line alone", files: lint("\t-echo a\ntest::\n\techo b\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "set -e in the first recipe, the second under ifdef", files: makeRepo("make ci", ".ONESHELL:\n", "\tset -e\n\techo a\nifdef QUICK\ntest:\n\tgo test -race ./...\n\techo done\nendif\n"), check: "ci", want: Warn, message: ignored},
		// make reads the lines of one branch of a conditional into the script: those
		// of the other branches are not in it.
		{name: "export GOFLAGS=-race in the else branch of one script", files: makeRepo("make ci", ".ONESHELL:\n", "ifeq ($(OS),Windows_NT)\n\texport GOFLAGS=\nelse\n\texport GOFLAGS=-race\nendif\n\tgo test ./...\n"), check: "ci", want: Unknown,
			message: "in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:9)"},
		{name: "export GOFLAGS=-race in every branch of one script", files: makeRepo("make ci", ".ONESHELL:\n", "ifeq ($(OS),Windows_NT)\n\texport GOFLAGS=-race\nelse\n\texport GOFLAGS=-race\nendif\n\tgo test ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "exit 0 in one branch of one script", files: makeRepo("make ci", ".ONESHELL:\n", "ifeq ($(OS),Windows_NT)\n\texit 0\nelse\n\techo linux\nendif\n\tgo test -race ./...\n"), check: "ci", want: Unknown,
			message: "in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:9)"},
		{name: "echo in one branch of one script", files: makeRepo("make ci", ".ONESHELL:\n", "ifdef V\n\techo verbose\nendif\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "export CGO_ENABLED=0 in another :: recipe", files: image(".ONESHELL:\nbuild::\n\texport CGO_ENABLED=0\nbuild::\n\tgo build -o /bin/svc .\n"), check: "static-image", want: Fail, message: "CGO_ENABLED"},
		{name: "export CGO_ENABLED=0 in the same :: recipe", files: image(".ONESHELL:\nbuild::\n\techo start\nbuild::\n\texport CGO_ENABLED=0\n\tgo build -o /bin/svc .\n"), check: "static-image", want: Pass, message: ""},
	})
}

// TestMakePushdShellNamed checks which SHELL the ci check names for a Makefile
// recipe's pushd that the shell make runs it with may not have: a target-specific
// SHELL's line, in the scope of its target, over the global one's; the make command
// line, over a Makefile's SHELL it overrides.
func TestMakePushdShellNamed(t *testing.T) {
	repo := func(run, mk string) map[string]string {
		return map[string]string{
			"go.mod":      "module example.test/root\n\ngo 1.26\n",
			"lib.go":      "package lib\n",
			"svc/go.mod":  "module example.test/svc\n\ngo 1.26\n",
			"svc/main.go": buildMainGo,
			"Makefile":    mk,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - uses: actions/checkout@v5\n      - run: " + run + "\n",
		}
	}
	const pushd = "\tpushd svc; go vet ./... && golangci-lint run && go test -race ./...\n"
	runCheckCases(t, []checkCase{
		{name: "a target-specific SHELL", files: repo("make ci", "SHELL := /bin/bash\nci: SHELL := /bin/sh\nci:\n"+pushd), check: "ci", want: Unknown, message: "which /bin/sh, the SHELL of Makefile:2, runs as bash does only where"},
		{name: "a target-specific SHELL of the target the recipe is built for", files: repo("make ci", "SHELL := /bin/bash\nci: SHELL := /bin/dash\nci: test\ntest:\n"+pushd), check: "ci", want: Unknown, message: "which dash, the SHELL of Makefile:2, does not have"},
		{name: "the make command line's SHELL", files: repo("make SHELL=/bin/dash ci", "SHELL := /bin/bash\nci:\n"+pushd), check: "ci", want: Unknown, message: "which dash, the SHELL of the make command line, does not have"},
		{name: "override SHELL over the make command line's", files: repo("make SHELL=/bin/bash ci", "override SHELL := /bin/dash\nci:\n"+pushd), check: "ci", want: Unknown, message: "which dash, the SHELL of Makefile:1, does not have"},
	})
}

// TestOneShellShellWithBlanks audits CI that runs a Makefile under .ONESHELL whose
// SHELL holds a blank (SHELL = /usr/bin/env bash, round 41): make 4.3 runs a .ONESHELL
// recipe with SHELL's whole value as the program's name, which no file has (a blank
// that ends the value, before a comment, too), so the recipe fails with exit 127 and runs nothing (each line its own shell, make splits
// SHELL into words and runs it).
func TestOneShellShellWithBlanks(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	runCheckCases(t, []checkCase{
		{name: ".ONESHELL, SHELL = /usr/bin/env bash", files: makeRepo("make ci", ".ONESHELL:\nSHELL = /usr/bin/env bash\n", "\tgo test -race ./...\n"), check: "ci", want: Warn,
			message: "never runs (the recipe of `lint` fails: under .ONESHELL make runs it with the whole value of SHELL (Makefile:2), `/usr/bin/env bash`, as the name of one program, which no file has (exit 127)"},
		{name: ".ONESHELL, SHELL = /bin/bash -e", files: makeRepo("make ci", ".ONESHELL:\nSHELL := /bin/bash -e\n", "\tgo test -race ./...\n"), check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: ".ONESHELL, make -k: no recipe runs", files: makeRepo("make -k ci", ".ONESHELL:\nSHELL = /usr/bin/env bash\n", "\tgo test -race ./...\n"), check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "SHELL = /usr/bin/env bash without .ONESHELL", files: makeRepo("make ci", "SHELL = /usr/bin/env bash\n", "\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL, SHELL = /bin/bash", files: makeRepo("make ci", ".ONESHELL:\nSHELL = /bin/bash\n", "\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL, SHELL := /bin/bash # comment", files: makeRepo("make ci", "SHELL := /bin/bash # bash, for pipefail\n.ONESHELL:\n", "\tgo test -race ./...\n"), check: "ci", want: Warn,
			message: "`/bin/bash` with a blank before or after it (make keeps the blanks that end an assignment's value, those before a # comment too), as the name of one program"},
		{name: ".ONESHELL, SHELL = /bin/bash and a trailing blank", files: makeRepo("make ci", ".ONESHELL:\nSHELL = /bin/bash \n", "\tgo test -race ./...\n"), check: "ci", want: Warn, message: "never runs (the recipe of `lint` fails"},
		{name: "SHELL := /bin/bash # comment without .ONESHELL", files: makeRepo("make ci", "SHELL := /bin/bash # bash\n", "\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL, SHELL += a comment alone", files: makeRepo("make ci", ".ONESHELL:\nSHELL := /bin/bash\nSHELL += # nothing\n", "\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL, SHELL += a blank before a comment", files: makeRepo("make ci", ".ONESHELL:\nSHELL :=\nSHELL += /bin/bash # bash\n", "\tgo test -race ./...\n"), check: "ci", want: Warn, message: "never runs (the recipe of `lint` fails"},
		// round 41: a != value is the command's output (/usr/bin/bash), not its text
		{name: ".ONESHELL, SHELL != command -v bash", files: makeRepo("make ci", ".ONESHELL:\nSHELL != command -v bash\n", "\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: ".ONESHELL, SHELL := /bin/bash# comment", files: makeRepo("make ci", ".ONESHELL:\nSHELL := /bin/bash# bash\n", "\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
	})
}

// TestMakeCommandLineNames audits CI that sets on make's command line a variable
// whose name no environment variable has (make ci .SHELLFLAGS=-ec, GO-FLAGS=-race):
// make takes it over the Makefile's all the same, so a .SHELLFLAGS there decides
// the shell's options of every recipe line, and a reference to GO-FLAGS expands.
func TestMakeCommandLineNames(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	const pipefail = "SHELL := /bin/bash\n.SHELLFLAGS := -eu -o pipefail -c\n\n"
	runCheckCases(t, []checkCase{
		{name: "make ci .SHELLFLAGS=-ec, ; echo", files: makeRepo("make ci .SHELLFLAGS=-ec", "", "\tgo test -race ./...; echo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make ci .SHELLFLAGS=-c drops the Makefile's pipefail", files: makeRepo("make ci .SHELLFLAGS=-c", pipefail, "\tgo test -race ./... | tee test.log\n"), check: "ci", want: Warn, message: ignored},
		{name: "the Makefile's pipefail", files: makeRepo("make ci", pipefail, "\tgo test -race ./... | tee test.log\n"), check: "ci", want: Pass, message: pass},
		{name: "make ci GO-FLAGS=-race", files: makeRepo("make ci GO-FLAGS=-race", "", "\tgo test $(GO-FLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
	})
}
