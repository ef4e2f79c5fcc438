package audit

import (
	"strings"
	"testing"
)

// TestCIRaceWithoutCgo: a go test -race that runs with CGO_ENABLED=0 in its
// environment runs no test (the go command refuses: "go: -race requires cgo"), so it
// does not count as the CI's race test; one whose CGO_ENABLED is not known does.
func TestCIRaceWithoutCgo(t *testing.T) {
	workflow := func(env, stepEnv, run string) map[string]string {
		wf := "name: ci\non: [push, pull_request]\n" + env + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" +
			"      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n      - run: go vet ./...\n      - run: " + run + "\n" + stepEnv +
			"      - uses: golangci/golangci-lint-action@v6\n"
		return map[string]string{
			"go.mod":                   "module example.test/c\n\ngo 1.26\n",
			"main.go":                  "package main\n\nfunc main() {}\n",
			".github/workflows/ci.yml": wf,
		}
	}
	const refused = "runs no test (CGO_ENABLED=0 in its environment: the go command refuses -race without cgo)"
	const pass = "CI runs go vet, go test -race and a linter"
	runCheckCases(t, []checkCase{
		{name: "CGO_ENABLED=0 in the workflow's env", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "go test -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "CGO_ENABLED=0 on the command line", files: workflow("", "", "CGO_ENABLED=0 go test -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "CGO_ENABLED=0 with -race from GOFLAGS", files: workflow("env:\n  CGO_ENABLED: \"0\"\n  GOFLAGS: -race\n", "", "go test ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "gotestsum with CGO_ENABLED=0", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "gotestsum -- -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "the step's CGO_ENABLED=1 over the workflow's 0", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "        env:\n          CGO_ENABLED: \"1\"\n", "go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED=0 for the build only", files: workflow("", "", "CGO_ENABLED=0 go build ./... && go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED from an expression not known", files: workflow("env:\n  CGO_ENABLED: ${{ vars.CGO }}\n", "", "go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "env -u CGO_ENABLED over the workflow's 0", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "env -u CGO_ENABLED go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "env --unset=CGO_ENABLED over an export of 0", files: workflow("", "", "export CGO_ENABLED=0; env --unset=CGO_ENABLED go test -race ./..."),
			check: "ci", want: Pass, message: pass},
		{name: "env -u of another variable", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "env -u GOFLAGS go test -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "env -u CGO_ENABLED then CGO_ENABLED=0", files: workflow("", "", "env -u CGO_ENABLED CGO_ENABLED=0 go test -race ./..."),
			check: "ci", want: Warn, message: refused},
		{name: "CGO_ENABLED=0 without -race", files: workflow("env:\n  CGO_ENABLED: \"0\"\n", "", "go test ./..."),
			check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}

// TestCIRaceWithoutCgoFix: the fix of that WARN says to turn cgo on for the step.
func TestCIRaceWithoutCgoFix(t *testing.T) {
	wf := "name: ci\non: [push]\nenv:\n  CGO_ENABLED: \"0\"\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v6\n"
	got := auditInline(t, map[string]string{"go.mod": "module example.test/c\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n", ".github/workflows/ci.yml": wf}, "ci")
	if want := "Set CGO_ENABLED=1 for the go test -race step"; got.Status != Warn || !strings.HasPrefix(got.Fix, want) {
		t.Errorf("%s, fix %q, want WARN with a fix beginning %q", got.Status, got.Fix, want)
	}
}

// TestCIRaceRefusedByJob: a go test -race is refused by the environment of its CI job
// as the go command would refuse it (round 32 audit/1 and audit/3): a golang alpine
// image with no C compiler installed before it (GitLab image:, default: or top-level;
// GitHub container:), judged as a Dockerfile stage is, where the go command turns
// cgo off; and a GOOS or GOARCH on which the race detector does not run.
func TestCIRaceRefusedByJob(t *testing.T) {
	base := map[string]string{"go.mod": "module example.test/c\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n"}
	gitlab := func(ci string) map[string]string {
		return withFiles(base, map[string]string{".gitlab-ci.yml": ci, "Makefile": "test:\n\tgo test -race ./...\n"})
	}
	github := func(job string) map[string]string {
		return withFiles(base, map[string]string{".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + job +
			"    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v6\n"})
	}
	const (
		lint      = "lint:\n  image: golangci/golangci-lint:v2.1\n  script:\n    - golangci-lint run\n"
		noCC      = "(it runs in golang:1.26-alpine, which has no C compiler, and no command of the job before it installs one: the go command turns cgo off there and refuses -race)"
		platforms = "in its environment, on which the race detector does not run (it runs on linux/amd64, linux/arm64, linux/loong64, linux/ppc64le, linux/riscv64, linux/s390x, darwin/amd64, darwin/arm64, freebsd/amd64, netbsd/amd64, windows/amd64): the go command refuses -race"
		pass      = "CI runs go vet, go test -race and a linter"
		cgoNoCC   = "(CGO_ENABLED=1 in its environment, while it runs in golang:1.26-alpine, which has no C compiler, and no command of the job before it installs one: the build of the race detector's cgo fails, C compiler \"gcc\" not found)"
		deps      = "deps:\n\tapk add --no-cache build-base\ntest:\n\tgo test -race ./...\n"
	)
	runCheckCases(t, []checkCase{
		{name: "gitlab: the job's alpine image", files: gitlab("test:\n  image: golang:1.26-alpine\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: the image as a mapping", files: gitlab("test:\n  image:\n    name: golang:1.26-alpine\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: the default image", files: gitlab("default:\n  image: golang:1.26-alpine\ntest:\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: the top-level image", files: gitlab("image: golang:1.26-alpine\ntest:\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: through make", files: gitlab("test:\n  image: golang:1.26-alpine\n  script:\n    - go vet ./...\n    - make test\n" + lint), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: before_script installs build-base", files: gitlab("test:\n  image: golang:1.26-alpine\n  before_script:\n    - apk add --no-cache build-base\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Pass, message: pass},
		{name: "gitlab: gcc installed after the test", files: gitlab("test:\n  image: golang:1.26-alpine\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - apk add gcc musl-dev\n" + lint), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: the image of Debian ships gcc", files: gitlab("test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Pass, message: pass},
		{name: "gitlab: inherit default false", files: gitlab("default:\n  image: golang:1.26-alpine\ntest:\n  inherit:\n    default: false\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Pass, message: pass},
		// CGO_ENABLED=1 keeps cgo on, and the build of runtime/cgo fails: C compiler "gcc" not found.
		{name: "gitlab: CGO_ENABLED=1 set without a C compiler", files: gitlab("test:\n  image: golang:1.26-alpine\n  variables:\n    CGO_ENABLED: \"1\"\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Warn, message: cgoNoCC},
		{name: "github: CGO_ENABLED=1 set without a C compiler", files: github("    container: golang:1.26-alpine\n    env:\n      CGO_ENABLED: \"1\"\n"), check: "ci", want: Warn, message: cgoNoCC},
		{name: "gitlab: CGO_ENABLED=1 set, build-base installed", files: gitlab("test:\n  image: golang:1.26-alpine\n  variables:\n    CGO_ENABLED: \"1\"\n  script:\n    - apk add build-base\n    - go test -race ./...\n" + lint), check: "ci", want: Pass, message: pass},
		{name: "gitlab: CGO_ENABLED from a variable: not judged", files: gitlab("test:\n  image: golang:1.26-alpine\n  variables:\n    CGO_ENABLED: $CGO\n  script:\n    - go vet ./...\n    - go test -race ./...\n" + lint), check: "ci", want: Pass, message: pass},
		// A make or task target that the job runs installs the compiler in a recipe.
		{name: "github: make deps installs build-base before the test", files: withFiles(github("    container: golang:1.26-alpine\n"), map[string]string{".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: golang:1.26-alpine\n    steps:\n      - uses: actions/checkout@v4\n      - run: make deps\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v6\n", "Makefile": deps}), check: "ci", want: Pass, message: pass},
		{name: "gitlab: make deps installs build-base before the test", files: withFiles(gitlab("test:\n  image: golang:1.26-alpine\n  script:\n    - make deps\n    - go vet ./...\n    - make test\n"+lint), map[string]string{"Makefile": deps}), check: "ci", want: Pass, message: pass},
		{name: "gitlab: make deps after the test", files: withFiles(gitlab("test:\n  image: golang:1.26-alpine\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - make deps\n"+lint), map[string]string{"Makefile": deps}), check: "ci", want: Warn, message: noCC},
		{name: "gitlab: make deps in another job", files: withFiles(gitlab("deps:\n  image: golang:1.26-alpine\n  script:\n    - make deps\ntest:\n  image: golang:1.26-alpine\n  script:\n    - go vet ./...\n    - go test -race ./...\n"+lint), map[string]string{"Makefile": deps}), check: "ci", want: Warn, message: noCC},
		{name: "github: container", files: github("    container: golang:1.26-alpine\n"), check: "ci", want: Warn, message: noCC},
		{name: "github: container image mapping", files: github("    container:\n      image: golang:1.26-alpine\n"), check: "ci", want: Warn, message: noCC},
		{name: "github: no container", files: github(""), check: "ci", want: Pass, message: pass},
		{name: "github: GOARCH=386", files: github("    env:\n      GOARCH: \"386\"\n"), check: "ci", want: Warn, message: "runs no test (GOARCH=386 " + platforms + ")"},
		{name: "github: GOOS=js GOARCH=wasm", files: github("    env:\n      GOOS: js\n      GOARCH: wasm\n"), check: "ci", want: Warn, message: "GOOS=js and GOARCH=wasm " + platforms},
		{name: "github: GOOS=windows GOARCH=arm64", files: github("    env:\n      GOOS: windows\n      GOARCH: arm64\n"), check: "ci", want: Warn, message: "GOOS=windows and GOARCH=arm64 " + platforms},
		{name: "github: GOARCH=arm64 fits linux/arm64", files: github("    env:\n      GOARCH: arm64\n"), check: "ci", want: Pass, message: pass},
		{name: "github: GOARCH=riscv64 fits linux/riscv64", files: github("    env:\n      GOARCH: riscv64\n"), check: "ci", want: Pass, message: pass},
		{name: "github: GOARCH from an expression", files: github("    env:\n      GOARCH: ${{ vars.ARCH }}\n"), check: "ci", want: Pass, message: pass},
	})
}
