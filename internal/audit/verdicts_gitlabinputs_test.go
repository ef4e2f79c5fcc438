package audit

import "testing"

// TestVerdictsOnGitLabInputs audits GitLab CI files with CI/CD inputs: such a file is
// a spec: header, ---, then the configuration, which is the part GitLab runs, its
// $[[ inputs.name ]] given the value the include passes, else the header's default. An
// input whose value is not known here (none given and no default, or a function such
// as truncate) leaves what depends on it UNKNOWN; a file of documents GitLab does not
// read so (three, or two without a header) is not read.
func TestVerdictsOnGitLabInputs(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	base := func(files map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, files)
	}
	const header = "spec:\n  inputs:\n    stage:\n      default: test\n---\n"
	const jobs = "test:\n  stage: $[[ inputs.stage ]]\n  script:\n    - go mod verify\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"
	included := func(root, file string) map[string]string {
		return base(map[string]string{".gitlab-ci.yml": root, ".gitlab/ci/go.yml": file})
	}
	const include = "include:\n  - local: .gitlab/ci/go.yml\n"
	const withFlags = include + "    inputs:\n      flags: -race\n"
	flags := func(spec string) string {
		return "spec:\n  inputs:\n    flags:" + spec + "\n---\ntest:\n  script:\n    - go vet ./...\n    - go test $[[ inputs.flags ]] ./...\n    - golangci-lint run\n"
	}
	runCheckCases(t, []checkCase{
		{name: "an included file with a spec: header", files: included(include+"    inputs:\n      stage: test\n", header+jobs), check: "ci", want: Pass, message: pass},
		{name: "go mod verify in an included file with a spec: header", files: included(include, header+jobs), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "a .gitlab-ci.yml with a spec: header", files: base(map[string]string{".gitlab-ci.yml": header + jobs}), check: "ci", want: Pass, message: pass},
		{name: "a header between document markers", files: base(map[string]string{".gitlab-ci.yml": "---\n" + header + jobs + "---\n"}), check: "ci", want: Pass, message: pass},
		{name: "flags the include gives", files: included(withFlags, flags("\n      default: ''")), check: "ci", want: Pass, message: pass},
		{name: "flags of the input's default", files: included(include, flags("\n      default: -race")), check: "ci", want: Pass, message: pass},
		{name: "flags the include gives over the default", files: included(include+"    inputs:\n      flags: -v\n", flags("\n      default: -race")), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "flags of an input without a value", files: included(include, flags("\n      description: test flags")), check: "ci", want: Unknown, message: "go test -race"},
		{name: "flags through a function", files: included(include, "spec:\n  inputs:\n    flags:\n      default: -race\n---\ntest:\n  script:\n    - go vet ./...\n    - go test $[[ inputs.flags | truncate(0,5) ]] ./...\n    - golangci-lint run\n"), check: "ci", want: Unknown, message: "go test -race"},
		{name: "a script of an array input", files: included(include, "spec:\n  inputs:\n    script:\n      type: array\n      default:\n        - go vet ./...\n        - go test -race ./...\n        - golangci-lint run\n---\ntest:\n  script: $[[ inputs.script ]]\n"), check: "ci", want: Pass, message: pass},
		{name: "three documents", files: included(include, header+jobs+"---\nlint:\n  script: [golangci-lint run]\n"), check: "ci", want: Unknown, message: "go test -race"},
		{name: "two documents without a header", files: included(include, jobs+"---\nlint:\n  script: [golangci-lint run]\n"), check: "ci", want: Unknown, message: "go test -race"},
	})
}
