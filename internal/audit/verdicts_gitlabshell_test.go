package audit

import "testing"

// TestVerdictsOnGitLabShells audits GitLab jobs whose failures depend on how the
// job's shell runs its script: the runner runs before_script and script as one
// script with errexit and pipefail on, in bash where the image has it (golang's
// Debian images do) and in sh otherwise, so set -e reaches a script the job
// sources, a set +e turns it off for the commands after it, and a command
// substitution is read as bash reads it (without set -e before its last AND
// list), whatever the image: busybox's ash of an Alpine image, and the image of a
// job that names none, are not known to keep it (checked with bash 5.2).
func TestVerdictsOnGitLabShells(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	job := func(image, lines string, files map[string]string) map[string]string {
		ci := "test:\n"
		if image != "" {
			ci += "  image: " + image + "\n"
		}
		ci += "  script:\n    - go vet ./...\n    - golangci-lint run\n" + lines
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": ci}, files)
	}
	lib := map[string]string{"scripts/lib.sh": "go test -race ./...\necho done\n"}
	subst := "    - out=$(go test -race ./...; echo done)\n"
	runCheckCases(t, []checkCase{
		// bash -e: the sourced script's go test -race ./... fails the job, though not its last
		{name: "set -e reaches a sourced script", files: job("golang:1.26", "    - . scripts/lib.sh\n", lib), check: "ci", want: Pass, message: pass},
		{name: "set -e reaches a sourced script, before_script", files: withFiles(job("golang:1.26", "", lib), map[string]string{".gitlab-ci.yml": "test:\n  image: golang:1.26\n  before_script:\n    - source scripts/lib.sh\n  script:\n    - go vet ./...\n    - golangci-lint run\n"}), check: "ci", want: Pass, message: pass},
		// bash ignores set -e in a script sourced before ||
		{name: "a sourced script before || true", files: job("golang:1.26", "    - . scripts/lib.sh || true\n", lib), check: "ci", want: Warn, message: ignored},
		{name: "set +e, go test -race not the last", files: job("golang:1.26", "    - set +e\n    - go test -race ./...\n    - echo done\n", nil), check: "ci", want: Warn, message: ignored},
		{name: "set +e, go test -race the last", files: job("golang:1.26", "    - set +e\n    - go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a pipe into tee: pipefail is on", files: job("golang:1.26", "    - go test -race ./... | tee test.log\n", nil), check: "ci", want: Pass, message: pass},
		// bash runs a command substitution without set -e: echo done succeeds
		{name: "bash image: a failure before the last command of $(...)", files: job("golang:1.26", subst, nil), check: "ci", want: Warn, message: ignored},
		{name: "Alpine image: a failure before the last command of $(...)", files: job("golang:1.26-alpine", "    - apk add build-base\n"+subst, nil), check: "ci", want: Warn, message: ignored},
		{name: "no image: a failure before the last command of $(...)", files: job("", subst, nil), check: "ci", want: Warn, message: ignored},
		{name: "a failure as the last command of $(...)", files: job("golang:1.26", "    - out=$(go test -race ./...)\n", nil), check: "ci", want: Pass, message: pass},
		{name: "shopt -s inherit_errexit before $(...)", files: job("golang:1.26", "    - shopt -s inherit_errexit\n"+subst, nil), check: "ci", want: Pass, message: pass},
		{name: "after_script: its own shell, ignored", files: withFiles(job("golang:1.26", "", lib), map[string]string{".gitlab-ci.yml": "test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - golangci-lint run\n  after_script:\n    - . scripts/lib.sh\n"}), check: "ci", want: Warn, message: ignored},
	})
}
