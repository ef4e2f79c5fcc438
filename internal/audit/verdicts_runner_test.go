package audit

import (
	"strings"
	"testing"
)

// runnerWorkflow is a GitHub workflow whose steps run run1 and run2.
func runnerWorkflow(run1, run2 string) string {
	return "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: " + run1 + "\n      - run: " + run2 + "\n"
}

// TestTaskRunnerCI audits repositories whose CI runs the recipes of a task runner:
// just recipes and Task tasks (task, go tool task, go run of Task's module) are
// read like Makefile targets; a call this audit
// cannot follow (an import, an include, Mage: as mage, through magefile/mage-action,
// go run of its module or of mage.go, or go tool mage; a recipe it does not find), and one
// whose files it never reads (Earthly, Dagger, pre-commit), is a part not read, so what the CI does not run in the files read is UNKNOWN.
func TestTaskRunnerCI(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const justfile = "version := `git describe --tags --always`\ncommit := `git rev-parse HEAD`\n\n# Build the service.\nbuild: lint\n    CGO_ENABLED=0 go build -ldflags \"-X main.version={{version}} -X main.commit={{commit}}\" -o bin/svc .\n\nlint:\n    @golangci-lint run\n\ntest:\n    go vet ./...\n    go test -race ./...\n    go mod verify\n"
	const taskfile = "version: '3'\nvars:\n  VERSION:\n    sh: git describe --tags --always\ntasks:\n  build:\n    deps: [lint]\n    cmds:\n      - go build -ldflags \"-X main.version={{.VERSION}} -X main.commit=abc\" -o bin/svc .\n  lint: golangci-lint run\n  test:\n    cmds:\n      - go vet ./...\n      - task: race\n      - go mod verify\n  race:\n    cmds:\n      - go test -race ./...\n"
	justRepo := withFiles(base, map[string]string{"justfile": justfile, ".github/workflows/ci.yml": runnerWorkflow("just test", "just build")})
	taskRepo := withFiles(base, map[string]string{"Taskfile.yml": taskfile, ".github/workflows/ci.yml": runnerWorkflow("task test", "task build")})
	noRace := withFiles(justRepo, map[string]string{"justfile": strings.Replace(justfile, "go test -race", "go test", 1)})
	imported := withFiles(justRepo, map[string]string{"justfile": "import 'ci.just'\n\n" + justfile})
	included := withFiles(taskRepo, map[string]string{"Taskfile.yml": strings.Replace(taskfile, "tasks:", "includes:\n  docs: ./docs\ntasks:", 1)})
	mage := withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("mage test", "mage build")})
	// Mage run through its action, go run of its module or of a zero-install mage.go, or
	// go tool (a tool directive); Task through go tool or go run of its module.
	mageAction := withFiles(base, map[string]string{".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - uses: magefile/mage-action@v3\n        with:\n          args: test\n"})
	mageRun := func(run string) map[string]string {
		return withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("go vet ./...", run)})
	}
	goToolTask := withFiles(taskRepo, map[string]string{".github/workflows/ci.yml": runnerWorkflow("go tool task test", "go tool task build")})
	goRunTask := withFiles(taskRepo, map[string]string{".github/workflows/ci.yml": runnerWorkflow("go run github.com/go-task/task/v3/cmd/task@v3.44.0 test", "echo done")})
	missing := withFiles(justRepo, map[string]string{".github/workflows/ci.yml": runnerWorkflow("just check", "just build")})
	plainRepo := withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("go test ./...", "echo done")})
	// Earthly, Dagger and pre-commit run files this audit does not read (an
	// Earthfile, a Dagger module, .pre-commit-config.yaml's hooks).
	earthly := withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("earthly --ci +ci", "echo done"),
		"Earthfile": "VERSION 0.8\nFROM golang:1.26\n\nci:\n    COPY . .\n    RUN go vet ./...\n    RUN go test -race ./...\n"})
	precommitRun := withFiles(base, map[string]string{".github/workflows/ci.yml": runnerWorkflow("pre-commit run --all-files", "go test -race ./..."),
		".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/golangci/golangci-lint\n    rev: v2.1.6\n    hooks:\n      - id: golangci-lint\n"})
	precommitAction := withFiles(precommitRun, map[string]string{".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: pre-commit/action@v3.0.1\n      - run: go test -race ./...\n"})
	precommitInstall := withFiles(precommitRun, map[string]string{".github/workflows/ci.yml": runnerWorkflow("pre-commit install", "go test -race ./...")})
	dagger := withFiles(base, map[string]string{".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: dagger/dagger-for-github@v7\n        with:\n          args: check\n"})
	// a cmd with platforms: Task runs it on those systems only
	cmdPlatforms := withFiles(taskRepo, map[string]string{"Taskfile.yml": strings.Replace(taskfile, "      - go test -race ./...\n", "      - cmd: go test -race ./...\n        platforms: [windows]\n", 1)})
	taskPlatforms := withFiles(taskRepo, map[string]string{"Taskfile.yml": strings.Replace(taskfile, "  race:\n", "  race:\n    platforms: [windows]\n", 1)})
	runBuildCases(t, []buildCase{
		{name: "ci: just recipes", files: justRepo, check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter", at: ".github/workflows/ci.yml:8"},
		{name: "modverify: just recipes", files: justRepo, check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "ldflags: just recipes", files: justRepo, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "ci: Task tasks", files: taskRepo, check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "modverify: Task tasks", files: taskRepo, check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "ldflags: Task tasks", files: taskRepo, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "ci: just recipes without -race", files: noRace, check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "ci: a justfile that imports another", files: imported, check: "ci", want: Unknown, message: "CI runs `just test`, `just build`, which this audit does not read"},
		{name: "ldflags: a justfile that imports another", files: imported, check: "ldflags", want: Unknown, message: "CI runs `just test`, `just build`, which this audit does not read"},
		{name: "modverify: a Taskfile with includes", files: included, check: "modverify", want: Unknown, message: "CI runs `task test`, `task build`, which this audit does not read"},
		{name: "ci: Mage", files: mage, check: "ci", want: Unknown, message: "CI runs `mage test`, `mage build`, which this audit does not read"},
		{name: "ci: magefile/mage-action", files: mageAction, check: "ci", want: Unknown, message: "CI runs `mage test`, which this audit does not read", at: ".github/workflows/ci.yml:9"},
		{name: "ci: go run of Mage's module", files: mageRun("go run github.com/magefile/mage@v1.15.0 -d magefiles test"), check: "ci", want: Unknown, message: "CI runs `go run github.com/magefile/mage@v1.15.0 -d magefiles test`, which this audit does not read"},
		{name: "ci: go tool mage", files: mageRun("go tool mage test"), check: "ci", want: Unknown, message: "CI runs `go tool mage test`, which this audit does not read"},
		{name: "ci: go run mage.go, Mage without installing it", files: mageRun("go run mage.go test"), check: "ci", want: Unknown, message: "CI runs `go run mage.go test`, which this audit does not read"},
		{name: "modverify: go tool mage", files: mageRun("go tool mage test"), check: "modverify", want: Unknown, message: "CI runs `go tool mage test`, which this audit does not read"},
		{name: "ci: go run of a program that is not Mage", files: mageRun("go run ./tools/gen test"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "ci: go tool of another tool", files: mageRun("go tool stringer -type=Kind"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "ci: a Task cmd for windows only", files: cmdPlatforms, check: "ci", want: Unknown, message: "CI runs `task test`, which this audit does not read and may"},
		{name: "ci: a Task task for windows only", files: taskPlatforms, check: "ci", want: Unknown, message: "CI runs `task test`, which this audit does not read and may"},
		{name: "ci: Task tasks through go tool", files: goToolTask, check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "modverify: Task tasks through go run of Task's module", files: goRunTask, check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "ci: a recipe the justfile does not have", files: missing, check: "ci", want: Unknown, message: "CI runs `just check`, which this audit does not read"},
		{name: "ci: Earthly", files: earthly, check: "ci", want: Unknown, message: "CI does not run go vet, go test -race, a linter (golangci-lint or staticcheck) in the files read; CI runs `earthly --ci +ci`, which this audit does not read and may", at: ".github/workflows/ci.yml:8"},
		{name: "ldflags: Earthly", files: earthly, check: "ldflags", want: Unknown, message: "CI runs `earthly --ci +ci`, which this audit does not read"},
		{name: "ci: pre-commit run", files: precommitRun, check: "ci", want: Unknown, message: "CI does not run go vet, a linter (golangci-lint or staticcheck) in the files read; CI runs `pre-commit run --all-files`, which this audit does not read"},
		{name: "ci: pre-commit/action", files: precommitAction, check: "ci", want: Unknown, message: "CI runs `pre-commit run --all-files`, which this audit does not read", at: ".github/workflows/ci.yml:8"},
		{name: "ci: pre-commit install runs no hook", files: precommitInstall, check: "ci", want: Warn, message: "CI does not run go vet, a linter"},
		{name: "ci: dagger/dagger-for-github", files: dagger, check: "ci", want: Unknown, message: "CI runs `dagger call check`, which this audit does not read"},
		{name: "ci: no task runner", files: plainRepo, check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "modverify: no task runner", files: plainRepo, check: "modverify", want: Warn, message: "CI neither runs go mod verify"},
		{name: "ldflags: no task runner", files: plainRepo, check: "ldflags", want: Warn, message: "no Makefile, Dockerfile, GoReleaser, ko or CI build"},
	})
}

// TestRunnerLDFlagsUnset audits CI that runs a Task task or a just recipe whose -X
// values come from variables: one that nothing sets (not the Taskfile or justfile,
// not the env of the workflow, job or step) is empty there, as for a Make target or a
// run step; one set anywhere is not.
func TestRunnerLDFlagsUnset(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const taskBuild = "version: '3'\ntasks:\n  build:\n    cmds:\n      - go build -ldflags \"-X main.version={{.VERSION}} -X main.commit={{.COMMIT}}\" -o bin/svc .\n"
	const justBuild = "build:\n    go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o bin/svc .\n"
	workflow := func(setup, run, env string) string {
		return "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + env + "    steps:\n      - uses: actions/checkout@v4\n      - uses: " + setup + "\n      - run: " + run + "\n"
	}
	const jobEnv = "    env:\n      VERSION: ${{ github.ref_name }}\n      COMMIT: ${{ github.sha }}\n"
	task := withFiles(base, map[string]string{"Taskfile.yml": taskBuild, ".github/workflows/ci.yml": workflow("arduino/setup-task@v2", "task build", "")})
	just := withFiles(base, map[string]string{"justfile": justBuild, ".github/workflows/ci.yml": workflow("extractions/setup-just@v2", "just build", "")})
	runBuildCases(t, []buildCase{
		{name: "Task variables set nowhere", files: task, check: "ldflags", want: Warn, message: "sets -X main.version= and -X main.commit= from a variable with no value there (VERSION, COMMIT: neither the Taskfile (Taskfile.yml) nor the env"},
		{name: "just shell variables set nowhere", files: just, check: "ldflags", want: Warn, message: "sets -X main.version= and -X main.commit= from a variable with no value there (VERSION, COMMIT: neither the justfile (justfile)"},
		{name: "Task variables from the job's env", files: withFiles(task, map[string]string{".github/workflows/ci.yml": workflow("arduino/setup-task@v2", "task build", jobEnv)}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "just variables from the job's env", files: withFiles(just, map[string]string{".github/workflows/ci.yml": workflow("extractions/setup-just@v2", "just build", jobEnv)}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "Task variables set on the task command line", files: withFiles(task, map[string]string{".github/workflows/ci.yml": workflow("arduino/setup-task@v2", "task VERSION=1.0 COMMIT=abc build", "")}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "just variables exported by the justfile", files: withFiles(just, map[string]string{"justfile": "export VERSION := `git describe --tags`\nexport COMMIT := `git rev-parse HEAD`\n\n" + justBuild}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "just variables a recipe's shell assigns", files: withFiles(just, map[string]string{"justfile": "build:\n    #!/bin/sh\n    VERSION=$(git describe --tags)\n    COMMIT=$(git rev-parse HEAD)\n    go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o bin/svc .\n"}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestRunnerBuildsWithoutCI audits a Taskfile task or a just recipe that builds the
// service and that no CI runs: it counts as a Makefile target no CI runs does, its
// variables left to the command line that runs it.
func TestRunnerBuildsWithoutCI(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const taskfile = "version: '3'\nvars:\n  VERSION:\n    sh: git describe --tags --always\ntasks:\n  build:\n    cmds:\n      - go build -ldflags \"-X main.version={{.VERSION}} -X main.commit={{.COMMIT}}\" -o bin/svc .\n"
	const justfile = "version := `git describe --tags --always`\n\nbuild:\n    go build -ldflags \"-X main.version={{version}} -X main.commit=$COMMIT\" -o bin/svc .\n"
	runBuildCases(t, []buildCase{
		{name: "a Taskfile task", files: withFiles(base, map[string]string{"Taskfile.yml": taskfile}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit", at: "Taskfile.yml:8"},
		{name: "a just recipe", files: withFiles(base, map[string]string{"justfile": justfile}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit", at: "justfile:4"},
		{name: "a just recipe without -X", files: withFiles(base, map[string]string{"justfile": "build:\n    go build -o bin/svc .\n"}), check: "ldflags", want: Warn, message: "the justfile build (justfile:2) injects no version or commit"},
		{name: "recipes that spend the budget of commands read before a build", files: withFiles(base, map[string]string{"justfile": runnerChain("just", false, 8, 2, "go test ./...\n"+strings.Repeat("echo ok\n", 130))["justfile"] + "zz:\n    go build -o bin/svc .\n"}),
			check: "ldflags", want: Unknown, message: "`just zz` (the recipes and tasks of the root justfile and Taskfile, read for their builds, run more than 16384 commands and words handed on as \"$@\", $* or $1, which this audit does not all read), which may build it"},
		{name: "a just recipe with a parameter and no default", files: withFiles(base, map[string]string{"justfile": "build version:\n    go build -ldflags \"-X main.version={{version}} -X main.commit=abc\" -o bin/svc .\n"}), check: "ldflags", want: Warn, message: "no Makefile, Dockerfile, GoReleaser, ko or CI build"},
	})
}
