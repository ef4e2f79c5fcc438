package audit

import (
	"testing"
)

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
