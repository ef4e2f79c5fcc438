package audit

import (
	"context"
	"fmt"
	"runtime"
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
		"env.sh":          "export A=1\ngo vet ./...\n",
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
		if !slices.Contains(first[checks], "scripts/test.sh:2 go test -race ./... ()") || !slices.Contains(first[checks], "env.sh:2 go vet ./... ()") {
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

// TestScriptCommandsKept follows CI scripts that source or run a script of the
// repository: of the script's commands, the CI's keep those a check may judge, each
// with the environment the exports before it leave, and not those that only change
// the shell's variables and options (export, unset, set), whose changes the
// exports of the commands after them hold, the caller's too for a sourced script.
func TestScriptCommandsKept(t *testing.T) {
	for _, tc := range []struct {
		name, run string
		files     map[string]string
		want      []string
	}{
		{name: "a script of exports sourced on each line", run: "export V1=1; . ./env.sh\nexport V2=1; . ./env.sh\ngo build .",
			files: map[string]string{"env.sh": "export CGO_ENABLED=0\nexport GOFLAGS=-trimpath\nunset GOOS\nset -e\n"},
			want:  []string{".github/workflows/ci.yml:8 export V1=1 CGO_ENABLED=", ".github/workflows/ci.yml:9 export V2=1 CGO_ENABLED=0", ".github/workflows/ci.yml:10 go build . CGO_ENABLED=0"}},
		{name: "a go build in the sourced script", run: ". ./env.sh\ngo vet ./...",
			files: map[string]string{"env.sh": "set -a\nCGO_ENABLED=0\nset +a\nexport GOFLAGS=-trimpath\ngo build ./...\n"},
			want:  []string{"env.sh:5 go build ./... CGO_ENABLED=0", ".github/workflows/ci.yml:9 go vet ./... CGO_ENABLED=0"}},
		{name: "a run script", run: "./build.sh",
			files: map[string]string{"build.sh": "#!/bin/sh\nset -e\nexport CGO_ENABLED=1\ngo build .\n"},
			want:  []string{"build.sh:4 go build . CGO_ENABLED=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := "      - run: |\n"
			for _, l := range strings.Split(tc.run, "\n") {
				run += "          " + l + "\n"
			}
			r := openInlineAt(t, toolsRepo(run, tc.files), "")
			var got []string
			for _, c := range readBuilds(context.Background(), r).ciCommands(false) {
				cgo, _ := c.runEnv("CGO_ENABLED")
				got = append(got, fmt.Sprintf("%s:%d %s CGO_ENABLED=%s", c.at.File, c.at.Line, strings.Join(c.words, " "), cgo))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("CI's commands\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestSourcedLinesAllocations audits every check of a service whose workflow's run
// block sources a script of 1000 exports on each of 200 lines (the case of
// BenchmarkSourcedLines): what the script leaves its caller is carried once per
// read, not its commands again on each line, so the audit allocates a bound far
// below the 200 000 commands it would copy.
func TestSourcedLinesAllocations(t *testing.T) {
	r := openInlineAt(t, toolsRepo("      - run: |\n"+lines(200, func(i int) string { return fmt.Sprintf("          export V%d=1; . ./env.sh", i) })+"          go test -race ./...\n",
		map[string]string{"env.sh": lines(1000, func(i int) string { return fmt.Sprintf("export E%d=1", i) })}), "")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := Run(context.Background(), r, Options{}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	const limit = 256 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Fatalf("the audit allocated %d MB, want at most %d MB", got>>20, limit>>20)
	}
}
