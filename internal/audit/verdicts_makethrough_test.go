package audit

import "testing"

// exactCase is an audit of files whose one check gives want with exactly message.
type exactCase struct {
	name    string
	files   map[string]string
	check   string
	want    Status
	message string
}

// runExactCases audits each case with its one check and compares the status and
// the whole message: a part of it would not see a clause repeated.
func runExactCases(t *testing.T, tests []exactCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := auditInlineReport(t, tt.files, ".", tt.check).Results[0]
			if got.Status != tt.want || got.Message != tt.message {
				t.Fatalf("%s %q\n\twant %s %q", got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
}

// TestMakeBuildThroughCalls audits a Makefile target's go build that a just recipe,
// a Task task or a script runs through make build: it is the Makefile's build, read
// once, with the Makefile's variables and those the CI that runs it leaves unset, as
// for a make build the CI runs itself; not a second build as the call reads it.
func TestMakeBuildThroughCalls(t *testing.T) {
	const makefile = "BIN := bin/svc\nbuild:\n\tgo build -ldflags \"-X main.version=$(VERSION)\" -o $(BIN) .\n"
	const unset = "the Makefile build (Makefile:3) sets -X main.version= from a variable with no value there (VERSION: neither the Makefile nor the CI that runs it (.github/workflows/ci.yml:8) sets it, so make expands it to \"\"), so the binary reports an empty version"
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": makefile}
	ci := func(run string, extra map[string]string) map[string]string {
		return withFiles(withFiles(base, extra), map[string]string{".github/workflows/ci.yml": runnerWorkflow(run, "echo done")})
	}
	// The Makefile injects both; a just recipe runs it with VERSION on make's command line.
	both := withFiles(base, map[string]string{"Makefile": "build:\n\tgo build -ldflags \"-X main.version=$(VERSION) -X main.commit=$(COMMIT)\" -o bin/svc .\n", "justfile": "build:\n    make build VERSION=1.0\n"})
	runExactCases(t, []exactCase{
		{name: "the CI runs make itself", files: ci("make build", nil), check: "ldflags", want: Warn, message: unset},
		{name: "the CI runs a just recipe that runs make", files: ci("just build", map[string]string{"justfile": "build:\n    make build\n"}), check: "ldflags", want: Warn, message: unset},
		{name: "the CI runs a Task task that runs make", files: ci("task build", map[string]string{"Taskfile.yml": "version: '3'\ntasks:\n  build:\n    cmds:\n      - make build\n"}), check: "ldflags", want: Warn, message: unset},
		{name: "the CI runs a script that runs make", files: ci("./scripts/build.sh", map[string]string{"scripts/build.sh": "#!/bin/sh\nset -e\nmake build\n"}), check: "ldflags", want: Warn, message: unset},
		{name: "the CI runs a script that runs a just recipe that runs make", files: ci("./scripts/build.sh", map[string]string{"scripts/build.sh": "#!/bin/sh\nset -e\njust build\n", "justfile": "build:\n    make build\n"}), check: "ldflags", want: Warn, message: unset},
		{name: "a root just recipe no CI runs runs make with a variable", files: both, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist"},
	})
}

// TestMakeRecipeScript audits a go build in a shell script of the repository that a
// Makefile recipe runs (./scripts/build.sh, bash scripts/build.sh): make runs it from
// its working directory with the Makefile's exported variables, and its build is the
// Makefile's, named with the recipe line that runs it and the line it is written on,
// as a script the CI or a just recipe runs is; one build however many recipes or
// calls reach it.
func TestMakeRecipeScript(t *testing.T) {
	const bare = "#!/bin/sh\nset -e\ngo build -o bin/svc .\n"
	const stamped = "#!/bin/sh\nset -e\ngo build -ldflags \"-X main.version=$VERSION -X main.commit=$(git rev-parse HEAD)\" -o bin/svc .\n"
	const versionOnly = "#!/bin/sh\nset -e\ngo build -ldflags \"-X main.version=$VERSION\" -o bin/svc .\n"
	const warn = "the Makefile build (Makefile:2, which runs scripts/build.sh:3) injects no version or commit with -ldflags -X"
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": "build:\n\t./scripts/build.sh\n", "scripts/build.sh": bare}
	withCI := func(files map[string]string, run string) map[string]string {
		return withFiles(files, map[string]string{".github/workflows/ci.yml": runnerWorkflow(run, "echo done")})
	}
	runBuildCases(t, []buildCase{
		{name: "a recipe runs the script", files: base, check: "ldflags", want: Warn, message: warn, at: "Makefile:2"},
		{name: "a recipe runs the script with bash", files: withFiles(base, map[string]string{"Makefile": "build:\n\tbash scripts/build.sh\n"}), check: "ldflags", want: Warn, message: warn},
		{name: "the script injects version and commit", files: withFiles(base, map[string]string{"Makefile": "export VERSION := 1.0\nbuild:\n\t./scripts/build.sh\n", "scripts/build.sh": stamped}), check: "ldflags", want: Pass,
			message: "1 build(s) inject version and commit", at: "Makefile:3"},
	})
	runExactCases(t, []exactCase{
		{name: "two recipes run the script: one build", files: withFiles(base, map[string]string{"Makefile": "build:\n\t./scripts/build.sh\nrelease:\n\t./scripts/build.sh\n"}), check: "ldflags", want: Warn, message: warn},
		{name: "the CI runs the target", files: withCI(base, "make build"), check: "ldflags", want: Warn, message: warn},
		{name: "the CI runs a just recipe that runs the target", files: withCI(withFiles(base, map[string]string{"justfile": "build:\n    make build\n"}), "just build"), check: "ldflags", want: Warn, message: warn},
		{name: "the CI runs a just recipe that runs the target: its env read", files: withCI(withFiles(base, map[string]string{"justfile": "build:\n    make build\n", "scripts/build.sh": versionOnly}), "just build"), check: "ldflags", want: Warn,
			message: "the Makefile build (Makefile:2, which runs scripts/build.sh:3) sets -X main.version= from a variable with no value there (VERSION: neither scripts/build.sh, nor the Makefile (Makefile) that runs it, nor the env of the workflow, job or step that runs just sets it, and the runner does not), so the binary reports an empty version"},
		{name: "the script runs another target's build: one build", files: withFiles(base, map[string]string{"Makefile": "build:\n\t./scripts/build.sh\ncompile:\n\tgo build -ldflags \"-X main.version=$(VERSION)\" -o bin/svc .\n", "scripts/build.sh": "#!/bin/sh\nset -e\nmake compile VERSION=1.0\n"}), check: "ldflags", want: Warn,
			message: "the Makefile build (Makefile:4) injects a version but no commit"},
	})
}
