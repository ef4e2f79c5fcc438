package audit

import "testing"

// runnerWorkflow is a GitHub workflow whose steps run run1 and run2.
func runnerWorkflow(run1, run2 string) string {
	return "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: " + run1 + "\n      - run: " + run2 + "\n"
}

// TestTaskRunnerCI audits repositories whose CI runs the recipes of a task runner
// (just, Task), which this audit does not read: what the CI does not run in the
// files read may be run by them.
func TestTaskRunnerCI(t *testing.T) {
	justRepo := withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, map[string]string{
		"justfile":                 "build:\n    go build -ldflags \"-X main.version=1 -X main.commit=abc\" -o bin/svc .\n\ntest:\n    go vet ./...\n    go test -race ./...\n    go mod verify\n    golangci-lint run\n",
		".github/workflows/ci.yml": runnerWorkflow("just test", "just build"),
	})
	taskRepo := withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, map[string]string{
		"Taskfile.yml":             "version: '3'\ntasks:\n  build:\n    cmds:\n      - go build -ldflags \"-X main.version=1 -X main.commit=abc\" -o bin/svc .\n  test:\n    cmds:\n      - go vet ./...\n      - go test -race ./...\n      - go mod verify\n      - golangci-lint run\n",
		".github/workflows/ci.yml": runnerWorkflow("task test", "task build"),
	})
	plainRepo := withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, map[string]string{
		".github/workflows/ci.yml": runnerWorkflow("go test ./...", "echo done"),
	})
	runBuildCases(t, []buildCase{
		{name: "ci: just recipes", files: justRepo, check: "ci", want: Unknown, message: "CI runs `just test`, `just build`, which this audit does not read"},
		{name: "modverify: just recipes", files: justRepo, check: "modverify", want: Unknown, message: "CI runs `just test`, `just build`, which this audit does not read"},
		{name: "ldflags: just recipes", files: justRepo, check: "ldflags", want: Unknown, message: "CI runs `just test`, `just build`, which this audit does not read"},
		{name: "ci: Task tasks", files: taskRepo, check: "ci", want: Unknown, message: "CI runs `task test`, `task build`, which this audit does not read"},
		{name: "ldflags: Task tasks", files: taskRepo, check: "ldflags", want: Unknown, message: "CI runs `task test`, `task build`, which this audit does not read"},
		{name: "ci: no task runner", files: plainRepo, check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "modverify: no task runner", files: plainRepo, check: "modverify", want: Warn, message: "CI neither runs go mod verify"},
		{name: "ldflags: no task runner", files: plainRepo, check: "ldflags", want: Warn, message: "no Makefile, Dockerfile, GoReleaser, ko or CI build"},
	})
}
