package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// justCycle is a justfile whose recipes call just back: ci runs vet and test, each
// of which runs ci again.
const justCycle = "ci:\n    just vet\n    just test\n\nvet:\n    go vet ./...\n    just ci\n\ntest:\n    go test -race ./...\n    just ci\n"

// taskCycle is a Taskfile whose tasks call task back, as justCycle's recipes do.
const taskCycle = "version: '3'\ntasks:\n  ci:\n    cmds:\n      - task vet\n      - task test\n  vet:\n    cmds:\n      - go vet ./...\n      - task ci\n  test:\n    cmds:\n      - go test -race ./...\n      - task ci\n"

// runnerChain returns the recipes (just) or tasks (task) s0 ... s<n-1> of a justfile
// or Taskfile, each running the next calls times through a call of the runner (or,
// for task with inFile, a task: cmd of the same file), the last running last.
func runnerChain(runner string, inFile bool, n, calls int, last string) map[string]string {
	var f strings.Builder
	if runner == "task" {
		f.WriteString("version: '3'\ntasks:\n")
	}
	for i := range n {
		body := strings.Repeat(fmt.Sprintf("%s s%d\n", runner, i+1), calls)
		if inFile {
			body = strings.Repeat(fmt.Sprintf("task: s%d\n", i+1), calls)
		}
		if i == n-1 {
			body = last + "\n"
		}
		if runner == "just" {
			fmt.Fprintf(&f, "s%d:\n%s\n", i, indent(body, "    "))
			continue
		}
		fmt.Fprintf(&f, "  s%d:\n    cmds:\n%s", i, indent(body, "      - "))
	}
	if runner == "just" {
		return map[string]string{"justfile": f.String()}
	}
	return map[string]string{"Taskfile.yml": f.String()}
}

// indent puts prefix before each line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+prefix) + "\n"
}

// TestVerdictsOnRunnerBounds audits CI whose just recipes and Task tasks call the
// runner back: a call inside itself, as it runs there, is read once; a chain of
// calls deeper than maxMakeDepth, and runner calls that run more than
// maxScriptCommands commands for one command of the CI, make a missing check
// UNKNOWN, naming the bound, not WARN.
func TestVerdictsOnRunnerBounds(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	base := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	step := func(run string, files map[string]string) map[string]string {
		return toolsRepo(base+"      - run: "+run+"\n", files)
	}
	const budget = "which this audit does not all read), which this audit does not read"
	// many is the body of the last recipe or task of a chain: 131 commands, which a
	// chain of eight, each calling the next twice, runs 128 times
	many := "go test ./...\n" + strings.Repeat("echo ok\n", 130)
	runCheckCases(t, []checkCase{
		{name: "just recipes that call just back", files: step("just ci", map[string]string{"justfile": justCycle}), check: "ci", want: Pass, message: pass},
		{name: "Task tasks that call task back", files: step("task ci", map[string]string{"Taskfile.yml": taskCycle}), check: "ci", want: Pass, message: pass},
		{name: "a chain of ten just calls", files: step("just s0", runnerChain("just", false, 10, 1, "go test -race ./...")), check: "ci", want: Unknown,
			message: "CI runs `just s9` (run through more than 8 calls of make, task runners and scripts, which this audit does not follow), which this audit does not read"},
		{name: "a chain of five just calls, each run twice", files: step("just s0", runnerChain("just", false, 5, 2, "go test -race ./...")), check: "ci", want: Pass, message: pass},
		{name: "a chain of eight just calls, each run twice", files: step("just s0", runnerChain("just", false, 8, 2, many)), check: "ci", want: Unknown, message: budget},
		{name: "a chain of eight task calls, each run twice", files: step("task s0", runnerChain("task", false, 8, 2, many)), check: "ci", want: Unknown, message: budget},
		{name: "a chain of eight tasks of one Taskfile, each run twice", files: step("task s0", runnerChain("task", true, 8, 2, many)), check: "ci", want: Unknown, message: budget},
		{name: "modverify: a chain of eight just calls, each run twice", files: step("just s0", runnerChain("just", false, 8, 2, many)), check: "modverify", want: Unknown, message: budget},
	})
}

// TestFollowRunnerOnce follows just recipes and Task tasks that call the runner
// back: each of their commands comes once, the calls back not followed.
func TestFollowRunnerOnce(t *testing.T) {
	tests := []struct {
		name, run string
		files     map[string]string
		want      []string
	}{
		{"just", "just ci", map[string]string{"justfile": justCycle}, []string{"justfile:6 go vet ./...", "justfile:10 go test -race ./..."}},
		{"task", "task ci", map[string]string{"Taskfile.yml": taskCycle}, []string{"Taskfile.yml:9 go vet ./...", "Taskfile.yml:13 go test -race ./..."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openInlineAt(t, toolsRepo("      - run: "+tt.run+"\n", tt.files), "")
			var got []string
			for _, c := range readBuilds(context.Background(), r).ciCommands(false) {
				if c.words[0] != "git" {
					got = append(got, fmt.Sprintf("%s:%d %s", c.at.File, c.at.Line, strings.Join(c.words, " ")))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("CI's commands (%d)\n\t%s\nwant\n\t%s", len(got), strings.Join(got[:min(len(got), 20)], "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestFollowRunnerStopped follows a just call of the CI once the audit's context is
// done: the justfile is not read, and the call says so.
func TestFollowRunnerStopped(t *testing.T) {
	r := openInlineAt(t, toolsRepo("      - run: just test\n", map[string]string{"justfile": "test:\n    go test -race ./...\n"}), "")
	ctx, cancel := context.WithCancel(context.Background())
	b := readBuilds(ctx, r)
	cancel()
	cmds := b.ciCommands(false)
	if len(cmds) != 1 || cmds[0].at.File != ".github/workflows/ci.yml" || cmds[0].unfollowed != "the audit was stopped" {
		t.Fatalf("CI's commands %+v, want its call of just alone, unfollowed as the audit was stopped", cmds)
	}
}

// TestFollowRunnerReadsOnce follows just and task calls of one file with variables
// of their own and without: the file is read once per audit, and a call's variables
// are its own, not those of the calls after it.
func TestFollowRunnerReadsOnce(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		calls [][]string
		want  []string
	}{
		{"just", map[string]string{"justfile": "v := 'dev'\n\nbuild:\n    echo {{v}}\n"}, [][]string{{"just", "v=1", "build"}, {"just", "build"}}, []string{"echo 1", "echo dev"}},
		{"task", map[string]string{"Taskfile.yml": "version: '3'\nvars:\n  V: dev\ntasks:\n  build:\n    cmds:\n      - echo {{.V}}\n"}, [][]string{{"task", "V=1", "build"}, {"task", "build"}}, []string{"echo 1", "echo dev"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := readBuilds(context.Background(), openInlineAt(t, tt.files, ""))
			var got []string
			for _, words := range tt.calls {
				cmds, ok := b.followRunner(nil, command{words: words, dir: "."})
				if !ok || len(cmds) != 1 {
					t.Fatalf("%v: %d commands, ok %v", words, len(cmds), ok)
				}
				got = append(got, strings.Join(cmds[0].words, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("commands %q, want %q", got, tt.want)
			}
			if len(b.justfiles)+len(b.taskfiles) != 1 {
				t.Fatalf("files read %v %v, want the one file once", b.justfiles, b.taskfiles)
			}
		})
	}
}

// TestRunnerBuildsFollowedOnce reads the builds of a repository twice, as the checks
// do, with the justfile gone before the second read: the just recipes, run by the CI
// or read as calls of their own, are followed once per audit, so the second read
// finds the builds of the first.
func TestRunnerBuildsFollowedOnce(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "justfile": "build:\n    go build -o bin/svc .\n"}
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"a recipe the CI runs", withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("just build", "echo done")})},
		{"a recipe no CI runs", base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := readBuilds(context.Background(), openInlineAt(t, tt.files, ""))
			builds := func() (got []string) {
				for _, g := range b.goBuilds() {
					got = append(got, fmt.Sprintf("%s %s:%d via %v", g.source, g.cmd.at.File, g.cmd.at.Line, g.cmd.via))
				}
				return got
			}
			first := builds()
			for p := range b.justfiles {
				b.justfiles[p] = nil // as a justfile this audit cannot read
			}
			if second := builds(); len(first) != 1 || !slices.Equal(first, second) {
				t.Fatalf("builds %q, then %q; want the one build of the justfile both times", first, second)
			}
		})
	}
}

// TestRunnerLinesReadOnce follows a just call and a Task call twice each: the
// recipe lines and task cmds are read once per audit (see builds.lineCommands),
// the second follow sharing the words the first read, each command with an env of
// its own.
func TestRunnerLinesReadOnce(t *testing.T) {
	files := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
		"justfile":     "export VERSION := '1.0'\n\nbuild:\n    GOFLAGS=-mod=mod go build -o bin/svc .\n\nscript:\n    #!/bin/sh\n    go vet ./...\n",
		"Taskfile.yml": "version: '3'\nenv:\n  VERSION: '1.0'\ntasks:\n  build:\n    cmds:\n      - GOFLAGS=-mod=mod go build -o bin/svc .\n"}
	for _, call := range [][]string{{"just", "build"}, {"just", "script"}, {"task", "build"}} {
		t.Run(strings.Join(call, " "), func(t *testing.T) {
			b := readBuilds(context.Background(), openInlineAt(t, files, ""))
			follow := func() command {
				cmds := b.follow(command{words: call, dir: "."})
				if len(cmds) != 1 || len(cmds[0].words) == 0 || cmds[0].words[0] != "go" {
					t.Fatalf("%v runs %v, want its one go command", call, cmds)
				}
				return cmds[0]
			}
			first, second := follow(), follow()
			if &first.words[0] != &second.words[0] {
				t.Errorf("%v read again: its words are not those read first", call)
			}
			if v := first.env["VERSION"]; v != "1.0" {
				t.Errorf("VERSION=%q in the env, want 1.0", v)
			}
			if first.env != nil {
				first.env["MARK"] = "x"
				if _, shared := second.env["MARK"]; shared {
					t.Errorf("%v: the two follows share one env", call)
				}
			}
		})
	}
}
