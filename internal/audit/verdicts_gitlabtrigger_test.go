package audit

import "testing"

// TestVerdictsOnGitLabChildPipelines audits a GitLab parent-child pipeline: a trigger
// job whose trigger: include: names a local file starts a child pipeline of that file,
// read as a pipeline of its own. With strategy: depend (or mirror) the child's failures
// fail the trigger job (PASS); without it the trigger job passes once the child is
// created (WARN, the failure ignored, at the trigger). A child pipeline of another
// project's file or of a job's artifact, and a multi-project trigger, are not read
// (UNKNOWN).
func TestVerdictsOnGitLabChildPipelines(t *testing.T) {
	const child = "test:\n  image: golang:1.26\n  script:\n    - go mod verify\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"
	gl := func(ci string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "go.sum": "", "main.go": buildMainGo, "ci/api.yml": child, ".gitlab-ci.yml": ci}
	}
	const pass = "CI runs go vet, go test -race and a linter"
	runBuildCases(t, []buildCase{
		{name: "trigger: include: a path, strategy: depend", files: gl("api:\n  stage: test\n  trigger:\n    include: ci/api.yml\n    strategy: depend\n"),
			check: "ci", want: Pass, message: pass, at: "ci/api.yml:5"},
		{name: "trigger: include: - local:, strategy: depend", files: gl("api:\n  trigger:\n    include:\n      - local: ci/api.yml\n    strategy: depend\n"),
			check: "ci", want: Pass, message: pass},
		{name: "strategy: mirror", files: gl("api:\n  trigger:\n    include: ci/api.yml\n    strategy: mirror\n"),
			check: "ci", want: Pass, message: pass},
		{name: "go mod verify in the child, strategy: depend", files: gl("api:\n  trigger:\n    include: ci/api.yml\n    strategy: depend\n"),
			check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "no strategy: the child's failures are ignored", files: gl("api:\n  trigger:\n    include: ci/api.yml\n"),
			check: "ci", want: Warn, message: "but ignores the failure", at: ".gitlab-ci.yml:3"},
		{name: "no strategy, go mod verify", files: gl("api:\n  trigger:\n    include: ci/api.yml\n"),
			check: "modverify", want: Warn, message: "go mod verify"},
		{name: "a trigger job with when: manual", files: gl("api:\n  when: manual\n  trigger:\n    include: ci/api.yml\n    strategy: depend\n"),
			check: "ci", want: Warn, message: "CI does not run go vet"},
		{name: "a child pipeline from a job's artifact", files: gl("api:\n  trigger:\n    include:\n      - artifact: generated.yml\n        job: generate\n    strategy: depend\n"),
			check: "ci", want: Unknown, message: "were not read may"},
		{name: "a child pipeline of another project's file", files: gl("api:\n  trigger:\n    include:\n      - project: acme/ci\n        file: go.yml\n    strategy: depend\n"),
			check: "modverify", want: Unknown, message: ""},
		{name: "a multi-project pipeline", files: gl("api:\n  trigger:\n    project: acme/api-tests\n    strategy: depend\n"),
			check: "ci", want: Unknown, message: "were not read may"},
		{name: "a bare project path", files: gl("api:\n  trigger: acme/api-tests\n"),
			check: "ci", want: Unknown, message: "were not read may"},
		// The child is a pipeline of its own: its jobs do not extend the parent's.
		{name: "the child's job extends a hidden job of the parent", files: withFiles(gl(".go:\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\napi:\n  trigger:\n    include: ci/api.yml\n    strategy: depend\n"),
			map[string]string{"ci/api.yml": "test:\n  extends: .go\n"}),
			check: "ci", want: Warn, message: "CI does not run go vet"},
		{name: "a child that triggers itself", files: withFiles(gl("api:\n  trigger:\n    include: ci/api.yml\n    strategy: depend\n"),
			map[string]string{"ci/api.yml": child + "again:\n  trigger:\n    include: ci/api.yml\n    strategy: depend\n"}),
			check: "ci", want: Pass, message: pass},
	})
}
