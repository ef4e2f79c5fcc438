package audit

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestLDFlagsCIScript audits a go build in a shell script of the repository that
// a CI step or job runs itself (./scripts/b.sh, bash scripts/b.sh): the script is
// followed as it is for the ci check, and its build is the CI's, named with the
// step that runs it and the line it is written on.
func TestLDFlagsCIScript(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const bare = "#!/bin/sh\ngo build -o bin/svc .\n"
	const stamped = "#!/bin/sh\nset -e\ngo build -ldflags \"-X main.version=$(git describe --tags --always) -X main.commit=$(git rev-parse HEAD)\" -o bin/svc .\n"
	const noCommit = "#!/bin/sh\nset -e\ngo build -ldflags \"-X main.version=$(git describe --tags --always) -X main.commit=$COMMIT\" -o bin/svc .\n"
	github := func(run1, run2 string, script string) map[string]string {
		return withFiles(base, map[string]string{"scripts/b.sh": script, ".github/workflows/ci.yml": runnerWorkflow(run1, run2)})
	}
	gitlab := withFiles(base, map[string]string{"scripts/b.sh": bare, ".gitlab-ci.yml": "build:\n  image: golang:1.26\n  script:\n    - ./scripts/b.sh\n"})
	runBuildCases(t, []buildCase{
		{name: "a step runs the script", files: github("./scripts/b.sh", "echo done", bare), check: "ldflags", want: Warn,
			message: "the CI build (.github/workflows/ci.yml:8, which runs scripts/b.sh:2) injects no version or commit with -ldflags -X", at: ".github/workflows/ci.yml:8"},
		{name: "a step runs the script with bash", files: github("bash scripts/b.sh", "echo done", bare), check: "ldflags", want: Warn,
			message: "the CI build (.github/workflows/ci.yml:8, which runs scripts/b.sh:2) injects no version or commit", at: ".github/workflows/ci.yml:8"},
		{name: "a GitLab job runs the script", files: gitlab, check: "ldflags", want: Warn,
			message: "the CI build (.gitlab-ci.yml:4, which runs scripts/b.sh:2) injects no version or commit", at: ".gitlab-ci.yml:4"},
		{name: "the script injects version and commit", files: github("./scripts/b.sh", "echo done", stamped), check: "ldflags", want: Pass,
			message: "1 build(s) inject version and commit", at: ".github/workflows/ci.yml:8"},
		{name: "two steps run the script: one build", files: github("./scripts/b.sh", "./scripts/b.sh", stamped), check: "ldflags", want: Pass,
			message: "1 build(s) inject version and commit"},
		{name: "a variable neither the script nor the CI sets", files: github("./scripts/b.sh", "echo done", noCommit), check: "ldflags", want: Warn,
			message: "the CI build (.github/workflows/ci.yml:8, which runs scripts/b.sh:3) sets -X main.commit= from a variable with no value there (COMMIT: neither scripts/b.sh nor the env of the workflow, job or step that runs ./scripts/b.sh sets it, and the runner does not)"},
		{name: "the step's env sets it", files: withFiles(github("./scripts/b.sh", "echo done", noCommit), map[string]string{".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      COMMIT: ${{ github.sha }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/b.sh\n"}),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "a build the step writes itself", files: withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("go build -o bin/svc .", "echo done")}), check: "ldflags", want: Warn,
			message: "the CI build (.github/workflows/ci.yml:8) injects no version or commit"},
	})
}

// TestLDFlagsRunnerScriptLabel audits a go build in a shell script run by a just
// recipe or a Task task that the CI runs: it is a build of the justfile or
// Taskfile, named with the line of the recipe or task that runs the script and the
// line the build is written on, as a Dockerfile's RUN make build is (see
// TestDockerMakeWithoutGit).
func TestLDFlagsRunnerScriptLabel(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const bare = "#!/bin/sh\ngo build -o bin/svc .\n"
	const noCommit = "#!/bin/sh\ngo build -ldflags \"-X main.version=1.0 -X main.commit=$COMMIT\" -o bin/svc .\n"
	just := withFiles(base, map[string]string{"build.sh": bare, "justfile": "build:\n    ./build.sh\n", ".github/workflows/ci.yml": runnerWorkflow("just build", "echo done")})
	task := withFiles(base, map[string]string{"build.sh": bare, "Taskfile.yml": "version: '3'\ntasks:\n  build:\n    cmds:\n      - ./build.sh\n", ".github/workflows/ci.yml": runnerWorkflow("task build", "echo done")})
	runBuildCases(t, []buildCase{
		{name: "a just recipe runs the script", files: just, check: "ldflags", want: Warn,
			message: "the justfile build (justfile:2, which runs build.sh:2) injects no version or commit", at: ".github/workflows/ci.yml:8"},
		{name: "a Task task runs the script", files: task, check: "ldflags", want: Warn,
			message: "the Taskfile build (Taskfile.yml:5, which runs build.sh:2) injects no version or commit", at: ".github/workflows/ci.yml:8"},
		{name: "a variable neither the script, the justfile nor the CI sets", files: withFiles(just, map[string]string{"build.sh": noCommit}), check: "ldflags", want: Warn,
			message: "the justfile build (justfile:2, which runs build.sh:2) sets -X main.commit= from a variable with no value there (COMMIT: neither build.sh, nor the justfile (justfile) that runs it, nor the env of the workflow, job or step that runs just sets it, and the runner does not)"},
		{name: "a build written in the recipe", files: withFiles(just, map[string]string{"justfile": "build:\n    go build -o bin/svc .\n"}), check: "ldflags", want: Warn,
			message: "the justfile build (justfile:2) injects no version or commit"},
	})
}

// TestCIScriptFollowedOnce reads a CI step that runs a command string (sh -c),
// which no memo of script files holds: what the ci check follows of it (see
// ciCommands), with and without the steps that no change of the Go code runs, is
// what goBuilds reads of it (see ciCall), followed once per audit.
func TestCIScriptFollowedOnce(t *testing.T) {
	files := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": runnerWorkflow("sh -c 'go build -o bin/svc .'", "echo done")}
	b := readBuilds(context.Background(), openInlineAt(t, files, ""))
	if len(b.ci) != 1 {
		t.Fatalf("%d CI files read, want 1", len(b.ci))
	}
	i := slices.IndexFunc(b.ci[0].commands, func(c command) bool { return c.is("sh") })
	called, ok := b.ciCall(b.ci[0], i)
	if !ok || len(called) != 1 || !called[0].is("go", "build") {
		t.Fatalf("the step runs %v, %v; want its go build", called, ok)
	}
	for _, checks := range []bool{false, true} {
		cmds := b.ciCommands(checks)
		k := slices.IndexFunc(cmds, func(c command) bool { return c.is("go", "build") })
		if k < 0 || &cmds[k].words[0] != &called[0].words[0] {
			t.Errorf("ciCommands(%v) read the step again: %v", checks, cmds)
		}
	}
	if gs := b.goBuilds(); len(gs) != 1 || &gs[0].cmd.words[0] != &called[0].words[0] {
		t.Errorf("goBuilds read the step again: %v", gs)
	}
}

// TestLDFlagsCIScriptUnread audits CI whose only build may be in a shell script it
// runs that this audit cannot read (not in the repository, too large, not a regular
// file): like a task runner call it does not read, the script may build the
// package, so no build read is UNKNOWN, naming the script and why, not WARN. So is
// one that a Makefile recipe runs, which no CI runs (round 48).
func TestLDFlagsCIScriptUnread(t *testing.T) {
	const noBuild = "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package in the files read, and the code does not read debug.ReadBuildInfo; "
	const noGoBuild = "no Makefile, Dockerfile, GoReleaser, ko or CI go build of this package in the files read, and the code does not read debug.ReadBuildInfo; "
	const check = ": check that its build injects version and commit with -X"
	tree := func(run string, extra map[string]*fstest.MapFile) fstest.MapFS {
		fsys := fstest.MapFS{"go.mod": data(buildGoMod), "main.go": data(buildMainGo), ".github/workflows/ci.yml": data(runnerWorkflow(run, "echo done"))}
		maps.Copy(fsys, extra)
		return fsys
	}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		want    Status
		message string
		at      string // the file of the first evidence of an UNKNOWN ("" for the CI's)
	}{
		{name: "a Makefile recipe's script not in the repository", fsys: tree("echo build", map[string]*fstest.MapFile{"Makefile": data("build:\n\t./scripts/build.sh\n")}), want: Unknown,
			message: noGoBuild + "this audit does not read Makefile:2 `./scripts/build.sh` (scripts/build.sh: no such file in the repository), which may build it" + check, at: "Makefile"},
		{name: "a Makefile recipe's bash of a script too large", fsys: tree("echo build", map[string]*fstest.MapFile{"Makefile": data("build:\n\tbash scripts/build.sh\n"), "scripts/build.sh": data("#!/bin/sh\n" + strings.Repeat("echo building\n", 400_000))}), want: Unknown,
			message: noGoBuild + "this audit does not read Makefile:2 `bash scripts/build.sh` (scripts/build.sh: larger than 4194304 bytes, not read), which may build it" + check, at: "Makefile"},
		{name: "a Makefile recipe's script that is a symbolic link", fsys: tree("echo build", map[string]*fstest.MapFile{"Makefile": data("build:\n\t./scripts/build.sh\n"), "scripts/build.sh": link("../build.sh"), "build.sh": data("#!/bin/sh\ngo build -o bin/svc .\n")}), want: Unknown,
			message: noGoBuild + "this audit does not read Makefile:2 `./scripts/build.sh` (scripts/build.sh: a symbolic link, not a regular file: not read), which may build it" + check, at: "Makefile"},
		{name: "a Makefile recipe's script read that builds nothing", fsys: tree("echo build", map[string]*fstest.MapFile{"Makefile": data("build:\n\t./scripts/build.sh\n"), "scripts/build.sh": data("#!/bin/sh\ngo vet ./...\n")}), want: Warn,
			message: "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package, and the code does not read debug.ReadBuildInfo"},
		{name: "a Makefile recipe's script runs another", fsys: tree("echo build", map[string]*fstest.MapFile{"Makefile": data("build:\n\t./scripts/build.sh\n"), "scripts/build.sh": data("#!/bin/sh\nset -e\n./scripts/inner.sh\n"), "scripts/inner.sh": data("#!/bin/sh\ngo build -o bin/svc .\n")}), want: Warn,
			message: "the Makefile build (Makefile:2, which runs scripts/inner.sh:2) injects no version or commit with -ldflags -X"},
		{name: "a Makefile recipe's script runs one not in the repository", fsys: tree("echo build", map[string]*fstest.MapFile{"Makefile": data("build:\n\t./scripts/build.sh\n"), "scripts/build.sh": data("#!/bin/sh\nset -e\n./scripts/inner.sh\n")}), want: Unknown,
			message: noGoBuild + "this audit does not read scripts/build.sh:3 `./scripts/inner.sh` (scripts/inner.sh: no such file in the repository), which may build it" + check, at: "Makefile"},
		{name: "CI's make build, whose recipe's script is not in the repository", fsys: tree("make build", map[string]*fstest.MapFile{"Makefile": data("build:\n\t./scripts/build.sh\n")}), want: Unknown,
			message: noBuild + "CI runs `./scripts/build.sh` (scripts/build.sh: no such file in the repository), a script this audit could not read" + check},
		{"a script not in the repository", tree("./scripts/build.sh", nil), Unknown,
			noBuild + "CI runs `./scripts/build.sh` (scripts/build.sh: no such file in the repository), a script this audit could not read" + check, ""},
		{"bash of a script too large", tree("bash scripts/build.sh", map[string]*fstest.MapFile{"scripts/build.sh": data("#!/bin/sh\n" + strings.Repeat("echo building\n", 400_000))}), Unknown,
			noBuild + "CI runs `bash scripts/build.sh` (scripts/build.sh: larger than 4194304 bytes, not read), a script this audit could not read" + check, ""},
		{"a script that is a symbolic link", tree("./scripts/build.sh", map[string]*fstest.MapFile{"scripts/build.sh": link("../build.sh"), "build.sh": data("#!/bin/sh\ngo build -o bin/svc .\n")}), Unknown,
			noBuild + "CI runs `./scripts/build.sh` (scripts/build.sh: a symbolic link, not a regular file: not read), a script this audit could not read" + check, ""},
		{"a runner call and a script not read", tree("./scripts/build.sh", map[string]*fstest.MapFile{".github/workflows/ci.yml": data(runnerWorkflow("./scripts/build.sh", "mage build"))}), Unknown,
			noBuild + "CI runs `mage build`, which this audit does not read; CI runs `./scripts/build.sh` (scripts/build.sh: no such file in the repository), a script this audit could not read" + check, ""},
		{"a script read that builds nothing", tree("./scripts/build.sh", map[string]*fstest.MapFile{"scripts/build.sh": data("#!/bin/sh\ngo vet ./...\n")}), Warn,
			"no Makefile, Dockerfile, GoReleaser, ko or CI build of this package, and the code does not read debug.ReadBuildInfo", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := repo.OpenIn(context.Background(), tt.fsys, ".", "inline")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), r, Options{Only: []string{"ldflags"}})
			if err != nil {
				t.Fatal(err)
			}
			got := rep.Results[0]
			if got.Status != tt.want || !strings.HasPrefix(got.Message, tt.message) {
				t.Fatalf("%s %q\n\twant %s starting %q", got.Status, got.Message, tt.want, tt.message)
			}
			if at := cmp.Or(tt.at, ".github/workflows/ci.yml"); tt.want == Unknown && (len(got.Evidence) == 0 || got.Evidence[0].File != at) {
				t.Errorf("evidence %v, want %s first", got.Evidence, at)
			}
		})
	}
}

// TestGoBuildsReadOnce reads the go builds of a repository several times, as the
// audit's setup (xPackages, xGenerated, leftOut) and its checks do: they are read
// once per audit, each call returning the same builds, with no room for a caller's
// append to write into; a call while a follow is under way, whose budget the reading
// would spend, is not kept.
func TestGoBuildsReadOnce(t *testing.T) {
	files := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": "build:\n\t./scripts/build.sh\napi:\n\tgo build -o bin/api .\n",
		"scripts/build.sh": "#!/bin/sh\nset -e\ngo build -o bin/svc .\n", ".github/workflows/ci.yml": runnerWorkflow("make build", "go build -o bin/ci .")}
	b := readBuilds(context.Background(), openInlineAt(t, files, ""))
	end := b.startFollowing("a test's follow")
	under := b.goBuilds()
	end()
	if b.goRead {
		t.Fatal("goBuilds kept what it read while a follow was under way")
	}
	gs := b.goBuilds()
	if len(gs) != 3 || len(under) != 3 {
		t.Fatalf("%d and %d builds read, want 3: %v", len(gs), len(under), gs)
	}
	b.leftOut(nil)
	again := b.goBuilds()
	if len(again) != 3 || &again[0] != &gs[0] {
		t.Errorf("goBuilds read the builds again")
	}
	for i, read := range [][]goBuild{gs, again} {
		if cap(read) != len(read) {
			t.Errorf("call %d: the builds have room for %d more, which a caller's append would write into the builds kept", i+1, cap(read)-len(read))
		}
	}
}

// TestModVerifyCIScriptUnread audits CI that runs neither go mod verify nor
// -mod=readonly in the files read, beside a shell script it runs that this audit
// cannot read: like a task runner call it does not read, the script may run them, so
// modverify is UNKNOWN, naming the script and why, not WARN.
func TestModVerifyCIScriptUnread(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const none = "CI neither runs go mod verify nor builds with -mod=readonly"
	runBuildCases(t, []buildCase{
		{name: "a script not in the repository", files: withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("./scripts/ci.sh", "go vet ./...")}), check: "modverify", want: Unknown,
			message: none + " in the files read; CI runs `./scripts/ci.sh` (scripts/ci.sh: no such file in the repository), a script this audit could not read, which may", at: ".github/workflows/ci.yml:8"},
		{name: "a runner call and a script not read", files: withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("./scripts/ci.sh", "mage ci")}), check: "modverify", want: Unknown,
			message: none + " in the files read; CI runs `mage ci`, which this audit does not read and may; CI runs `./scripts/ci.sh` (scripts/ci.sh: no such file in the repository), a script this audit could not read, which may"},
		{name: "a script read that verifies nothing", files: withFiles(base, map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\ngo vet ./...\n", ".github/workflows/ci.yml": runnerWorkflow("./scripts/ci.sh", "go vet ./...")}), check: "modverify", want: Warn, message: none},
	})
}
