package audit

import "testing"

// TestVerdictsOnUnexpandedReferences audits CI whose go test takes words this audit
// cannot expand: a Make variable a conditional it cannot evaluate sets, left as
// written, is a word of the command (not a command substitution that runs before
// it and would leave its failure unheeded), and where -race is missing it may hold
// it (UNKNOWN). A command substitution in a recipe or a run script is part of the
// command too, and a flag's value or a list of packages holds no -race. A command
// named by such a reference ($(GOTEST), which make's caller sets) may be go test:
// with -race it is UNKNOWN, never PASS; the Makefile's own GOTEST := go test is.
func TestVerdictsOnUnexpandedReferences(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const may = "go test's $(TESTFLAGS), which this audit cannot expand"
	const noRace = "CI does not run go test -race"
	uname := func(linux, other string) string {
		s := "ifeq ($(shell uname -s),Linux)\nTESTFLAGS := " + linux + "\n"
		if other != "" {
			s += "else\nTESTFLAGS := " + other + "\n"
		}
		return s + "endif\n\n"
	}
	runCheckCases(t, []checkCase{
		{name: "-race beside a conditional's variable", files: makeRepo("make ci", uname("-count=1", "-count=2"), "\tgo test -race $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "-race beside a conditional's ${VAR}", files: makeRepo("make ci", uname("-count=1", "-count=2"), "\tgo test -race ${TESTFLAGS} ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "-race only in a conditional's variable", files: makeRepo("make ci", uname("-race", ""), "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown, message: may},
		{name: "a known variable without -race", files: makeRepo("make ci", "TESTFLAGS := -count=1\n\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "a known variable with -race", files: makeRepo("make ci", "TESTFLAGS := -race\n\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "a command substitution in a recipe", files: makeRepo("make ci", "", "\tgo test -race -p $$(nproc) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "a substitution listing packages", files: makeRepo("make ci", "", "\tgo test -race $$(go list ./... | grep -v /e2e)\n"), check: "ci", want: Pass, message: pass},
		{name: "packages from a substitution without -race", files: makeRepo("make ci", "", "\tgo test $$(go list ./...)\n"), check: "ci", want: Warn, message: noRace},
		{name: "a flag's value from a substitution without -race", files: makeRepo("make ci", "", "\tgo test -p $$(nproc) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "a step's env holds -race", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: go test $TESTFLAGS ./...\n        env:\n          TESTFLAGS: -race -count=1\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a step's env without -race", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: go test ${TESTFLAGS} ./...\n        env:\n          TESTFLAGS: -v\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "a shell variable set nowhere", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: go test $TESTFLAGS ./...\n", nil), check: "ci", want: Unknown, message: "go test's $TESTFLAGS, which this audit cannot expand"},
		{name: "-race after a command named by a caller's variable", files: makeRepo("make ci", "", "\t$(GOTEST) -race ./...\n"), check: "ci", want: Unknown, message: "a command named by $(GOTEST) may be go test, with its -race: this audit cannot expand $(GOTEST) (a Make variable make's caller"},
		{name: "-race after a caller's ${VAR} as the command", files: makeRepo("make ci", "", "\t${GOTEST} -race ./...\n"), check: "ci", want: Unknown, message: "a command named by ${GOTEST} may be go test, with its -race"},
		{name: "a caller's variable as the command, no -race", files: makeRepo("make ci", "", "\t$(GOTEST) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "the Makefile's variable as the command is go test", files: makeRepo("make ci", "GOTEST := go test\n\n", "\t$(GOTEST) -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "the Makefile's variable as the command is not go test", files: makeRepo("make ci", "GOTEST := echo\n\n", "\t$(GOTEST) -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "a run script's substitution", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: go test -race -coverpkg=$(go list ./... | paste -sd, -) ./...\n", nil), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnRunnerPredefinedEnv audits a Makefile that turns -race on for CI runs
// alone (ifdef CI): GitHub Actions and GitLab runners set CI=true (and
// GITHUB_ACTIONS, GITLAB_CI) in every job's environment, so make takes that branch
// there (round 32 audit/4); an env: or variables: of the same name replaces it.
func TestVerdictsOnRunnerPredefinedEnv(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	gitlab := func(vars, makefile string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": makefile,
			".gitlab-ci.yml": vars + "test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - golangci-lint run\n    - make test\n"}
	}
	const (
		ifdefCI = "ifdef CI\nRACE := -race\nelse\nRACE := -count=1\nendif\n\ntest:\n\tgo test $(RACE) ./...\n"
		ifeqGH  = "ifeq ($(GITHUB_ACTIONS),true)\nRACE := -race\nelse\nRACE := -count=1\nendif\n\ntest:\n\tgo test $(RACE) ./...\n"
		ifeqGL  = "ifeq ($(GITLAB_CI),true)\nRACE := -race\nelse\nRACE := -count=1\nendif\n\ntest:\n\tgo test $(RACE) ./...\n"
		ifndef  = "ifndef CI\nRACE := -race\nelse\nRACE := -count=1\nendif\n\ntest:\n\tgo test $(RACE) ./...\n"
	)
	steps := "      - run: go vet ./...\n      - run: golangci-lint run\n      - run: make test\n"
	runCheckCases(t, []checkCase{
		{name: "github: ifdef CI", files: toolsRepo(steps, map[string]string{"Makefile": ifdefCI}), check: "ci", want: Pass, message: pass},
		{name: "github: ifeq GITHUB_ACTIONS", files: toolsRepo(steps, map[string]string{"Makefile": ifeqGH}), check: "ci", want: Pass, message: pass},
		{name: "github: GITLAB_CI is not set by the runner", files: toolsRepo(steps, map[string]string{"Makefile": ifeqGL}), check: "ci", want: Unknown, message: "$(RACE)"},
		{name: "github: ifndef CI", files: toolsRepo(steps, map[string]string{"Makefile": ifndef}), check: "ci", want: Warn, message: noRace},
		{name: "github: the step's env empties CI", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - run: make test\n        env:\n          CI: \"\"\n", map[string]string{"Makefile": ifdefCI}), check: "ci", want: Warn, message: noRace},
		{name: "gitlab: ifdef CI", files: gitlab("", ifdefCI), check: "ci", want: Pass, message: pass},
		{name: "gitlab: ifeq GITLAB_CI", files: gitlab("", ifeqGL), check: "ci", want: Pass, message: pass},
		{name: "gitlab: variables empty CI", files: gitlab("variables:\n  CI: \"\"\n", ifdefCI), check: "ci", want: Warn, message: noRace},
	})
}
