package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestVerdictsOnScriptBounds audits CI whose scripts run each other: a script run
// inside itself, as it runs there, is read once; a chain of calls deeper than
// maxMakeDepth, and scripts that run more than maxScriptCommands commands for one
// command of the CI, make a missing check UNKNOWN, naming the bound, not WARN.
func TestVerdictsOnScriptBounds(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	base := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	step := func(run string, files map[string]string) map[string]string {
		return toolsRepo(base+"      - run: "+run+"\n", files)
	}
	dispatcher := "#!/usr/bin/env bash\nset -euo pipefail\ncase \"${1:-all}\" in\n  vet) go vet ./... ;;\n  test) go test -race ./... ;;\n" +
		"  all)\n    ./scripts/ci.sh vet\n    ./scripts/ci.sh test\n    ;;\nesac\n"
	// chain returns scripts s0.sh ... s<n-1>.sh, each running the next calls times,
	// the last running last.
	chain := func(n, calls int, last string) map[string]string {
		files := map[string]string{}
		for i := range n - 1 {
			files[fmt.Sprintf("s%d.sh", i)] = "#!/bin/sh\nset -e\n" + strings.Repeat(fmt.Sprintf("./s%d.sh\n", i+1), calls)
		}
		files[fmt.Sprintf("s%d.sh", n-1)] = "#!/bin/sh\nset -e\n" + last + "\n"
		return files
	}
	// handOn returns scripts s0.sh ... s<n-1>.sh, each running the next with "$@"
	// written refs times, the last running go test "$@" ./....
	handOn := func(n, refs int) map[string]string {
		files := map[string]string{}
		for i := range n - 1 {
			files[fmt.Sprintf("s%d.sh", i)] = fmt.Sprintf("#!/bin/sh\nset -e\n./s%d.sh%s\n", i+1, strings.Repeat(` "$@"`, refs))
		}
		files[fmt.Sprintf("s%d.sh", n-1)] = "#!/bin/sh\nset -e\ngo test \"$1\" ./...\n"
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "a dispatcher that runs itself", files: step("./scripts/ci.sh all", map[string]string{"scripts/ci.sh": dispatcher}), check: "ci", want: Pass, message: pass},
		{name: "scripts that run each other", files: step("./a.sh", map[string]string{"a.sh": "#!/bin/sh\nset -e\n./b.sh\n./b.sh\ngo test -race ./...\n", "b.sh": "#!/bin/sh\nset -e\n./a.sh\n./a.sh\n"}), check: "ci", want: Pass, message: pass},
		{name: "a chain of ten scripts", files: step("./s0.sh", chain(10, 1, "go test -race ./...")), check: "ci", want: Unknown,
			message: "CI runs `./s9.sh` (s9.sh: run through more than 8 calls of make, task runners and scripts, which this audit does not follow)"},
		{name: "a chain of five scripts, each run twice", files: step("./s0.sh", chain(5, 2, "go test -race ./...")), check: "ci", want: Pass, message: pass},
		{name: "a chain of seven scripts, each run six times", files: step("./s0.sh", chain(7, 6, "go test ./...")), check: "ci", want: Unknown,
			message: "which this audit does not all read), a script this audit could not read"},
		{name: "a chain of scripts that each hand \"$@\" on ten times", files: step("./s0.sh x", handOn(8, 10)), check: "ci", want: Unknown,
			message: "CI runs `./s4.sh x x x x x x x x x x x …` (s4.sh: the scripts and task runners one command leads to run more than 16384 commands and words handed on as \"$@\", $* or $1, which this audit does not all read)"},
		{name: "a chain of scripts that each hand \"$@\" on twice", files: step("./s0.sh -race", handOn(8, 2)), check: "ci", want: Pass, message: pass},
	})
}

// TestFollowScriptOnce follows a dispatcher script that runs itself: each of its
// commands comes once, its calls of itself not followed.
func TestFollowScriptOnce(t *testing.T) {
	dispatcher := "#!/usr/bin/env bash\nset -euo pipefail\ncase \"${1:-all}\" in\n  vet) go vet ./... ;;\n  test) go test -race ./... ;;\n" +
		"  all)\n    ./scripts/ci.sh vet\n    ./scripts/ci.sh test\n    ;;\nesac\n"
	r := openInlineAt(t, toolsRepo("      - run: ./scripts/ci.sh all\n", map[string]string{"scripts/ci.sh": dispatcher}), "")
	var got []string
	for _, c := range readBuilds(context.Background(), r).ciCommands(false) {
		if c.words[0] == "go" || strings.HasPrefix(c.words[0], "./") {
			got = append(got, fmt.Sprintf("%s:%d %s", c.at.File, c.at.Line, strings.Join(c.words, " ")))
		}
	}
	want := []string{"scripts/ci.sh:4 go vet ./...", "scripts/ci.sh:5 go test -race ./...", "scripts/ci.sh:7 ./scripts/ci.sh vet", "scripts/ci.sh:8 ./scripts/ci.sh test"}
	if !slices.Equal(got, want) {
		t.Fatalf("CI's commands\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestFollowScriptStopped follows a CI script once the audit's context is done: the
// script is not read, and its call says so.
func TestFollowScriptStopped(t *testing.T) {
	r := openInlineAt(t, toolsRepo("      - run: ./scripts/test.sh\n", map[string]string{"scripts/test.sh": "#!/bin/sh\ngo test -race ./...\n"}), "")
	ctx, cancel := context.WithCancel(context.Background())
	b := readBuilds(ctx, r)
	cancel()
	cmds := b.ciCommands(false)
	if len(cmds) != 1 || cmds[0].at.File != ".github/workflows/ci.yml" || cmds[0].unfollowed != "the audit was stopped" {
		t.Fatalf("CI's commands %+v, want its call of the script alone, unfollowed as the audit was stopped", cmds)
	}
}

// TestWithPositional replaces a script's positional parameters with a call's
// arguments where they stand as words outside quotes, each argument quoted so that
// it cannot pair the script's own quotes otherwise; once the audit is stopped, none.
func TestWithPositional(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		args       []string
		literal    []bool
		want       string
		stopped    bool
	}{
		{name: "\"$@\"", text: "go test \"$@\" ./...\n", args: []string{"-race", "-v"}, want: "go test \"-race\" \"-v\" ./...\n"},
		{name: "$1 in single quotes is another shell's", text: "sh -c 'go test $1 ./...'\n", args: []string{"-race"}, want: "sh -c 'go test $1 ./...'\n"},
		{name: "$1 in double quotes inside a word", text: "echo \"flags: $1\"\n", args: []string{"-race"}, want: "echo \"flags: $1\"\n"},
		{name: "\"$1\" after a closing quote", text: "echo \"a \"$1\" b\"\n", args: []string{"-race"}, want: "echo \"a \"$1\" b\"\n"},
		{name: "$1 in a comment", text: "# run 'go test $1'\ngo test $1\n", args: []string{"-race"}, want: "# run 'go test $1'\ngo test \"-race\"\n"},
		{name: "$1 in a here-document", text: "cat <<EOF\nit's $1\nEOF\ngo test $1\n", args: []string{"-race"}, want: "cat <<EOF\nit's $1\nEOF\ngo test \"-race\"\n"},
		{name: "an argument ending in \\", text: "go test \"$1\" 'x'\ngo test $2\n", args: []string{`foo\`, "-race"}, want: "go test 'foo\\' 'x'\ngo test \"-race\"\n"},
		{name: "an argument holding '", text: "go test $1 'x' $2\n", args: []string{"it's", "-race"}, want: "go test \"it's\" 'x' \"-race\"\n"},
		{name: "a literal argument holding '", text: "go test $1 'x' $2\n", args: []string{"it's", "-race"}, literal: []bool{true, false}, want: "go test 'it'\\''s' 'x' \"-race\"\n"},
		{name: "\"$*\" with an argument ending in \\", text: "go test \"$*\" 'x'\n", args: []string{"-race", `a\`}, want: "go test '-race a\\' 'x'\n"},
		{name: "a quote left open", text: "echo 'go test $1\n", args: []string{"-race"}, want: "echo 'go test $1\n"},
		{name: "the audit stopped", text: "go test \"$@\"\n", args: []string{"-race"}, stopped: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.stopped {
				cancel()
			}
			literal := tc.literal
			if literal == nil {
				literal = make([]bool, len(tc.args))
			}
			b := &builds{ctx: ctx, following: &bound{steps: maxScriptCommands}}
			got, ok := b.withPositional(tc.text, tc.args, literal)
			if ok == tc.stopped || got != tc.want {
				t.Fatalf("withPositional(%q, %q) = %q, %v; want %q, %v", tc.text, tc.args, got, ok, tc.want, !tc.stopped)
			}
		})
	}
}

// TestCICommandsFollowedOnce asks for the CI's commands, with and without checks,
// before and after the audit's context is done: the CI is followed once per audit,
// so each check reads the same commands (the scripts followed, not calls unfollowed
// as the audit was stopped), and one caller appending to them changes no other's.
func TestCICommandsFollowedOnce(t *testing.T) {
	r := openInlineAt(t, toolsRepo("      - run: |\n          . ./env.sh\n          ./scripts/test.sh\n", map[string]string{
		"env.sh":          "export A=1\n",
		"scripts/test.sh": "#!/bin/sh\ngo test -race ./...\n",
	}), "")
	ctx, cancel := context.WithCancel(context.Background())
	b := readBuilds(ctx, r)
	show := func(cmds []command) []string {
		var out []string
		for _, c := range cmds {
			out = append(out, fmt.Sprintf("%s:%d %s (%s)", c.at.File, c.at.Line, strings.Join(c.words, " "), c.unfollowed))
		}
		return out
	}
	first := map[bool][]string{}
	for _, checks := range []bool{false, true} {
		first[checks] = show(b.ciCommands(checks))
		if !slices.Contains(first[checks], "scripts/test.sh:2 go test -race ./... ()") || !slices.Contains(first[checks], "env.sh:1 export A=1 ()") {
			t.Fatalf("ciCommands(%v)\n\t%s\nwant the commands of env.sh and scripts/test.sh", checks, strings.Join(first[checks], "\n\t"))
		}
	}
	cancel()
	for _, checks := range []bool{false, true} {
		_ = append(b.ciCommands(checks), command{words: []string{"appended"}})
		if again := show(b.ciCommands(checks)); !slices.Equal(again, first[checks]) {
			t.Errorf("ciCommands(%v) asked again once the audit is stopped\n\t%s\nwant as first\n\t%s", checks, strings.Join(again, "\n\t"), strings.Join(first[checks], "\n\t"))
		}
	}
}
