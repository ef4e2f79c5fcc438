package audit

import "testing"

// TestCIGitLabInheritVariables checks that a GitLab job runs with the global
// variables: it inherits alone: inherit: variables: false keeps them all out, a
// list keeps those it names (through extends too, whose inherit: mappings merge key
// by key), so a global GOFLAGS=-race the job does not get runs no race test, and a
// global CGO_ENABLED=0 it does not get leaves its go test -race working. A global
// variable the job does not inherit sets nothing for its $TESTFLAGS, which is then
// one of the CI/CD settings, whatever other jobs inherit.
func TestCIGitLabInheritVariables(t *testing.T) {
	gitlab := func(global, inherit, test string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": "variables:\n" + global +
			".base:\n  image: golang:1.26\n" +
			"test:\n  extends: .base\n" + inherit + "  script:\n    - go vet ./...\n    - " + test + "\n    - golangci-lint run\n"}
	}
	const pass, noRace = "CI runs go vet, go test -race and a linter", "CI does not run go test -race"
	const goflags, cgoOff = "  GOFLAGS: \"-race\"\n", "  CGO_ENABLED: \"0\"\n"
	runBuildCases(t, []buildCase{
		{name: "GOFLAGS inherited", files: gitlab(goflags, "", "go test ./..."), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS, inherit: variables: true", files: gitlab(goflags, "  inherit:\n    variables: true\n", "go test ./..."), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS, inherit: variables: false", files: gitlab(goflags, "  inherit:\n    variables: false\n", "go test ./..."), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS, inherit: variables: no", files: gitlab(goflags, "  inherit:\n    variables: no\n", "go test ./..."), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS, inherit: variables: Off", files: gitlab(goflags, "  inherit:\n    variables: Off\n", "go test ./..."), check: "ci", want: Warn, message: noRace},
		{name: "a default before_script, inherit: default: off", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "default:\n  before_script:\n    - golangci-lint run\ntest:\n  inherit:\n    default: off\n  script:\n    - go vet ./...\n    - go test -race ./...\n"},
			check: "ci", want: Warn, message: "CI does not run a linter"},
		{name: "GOFLAGS, a list without it", files: gitlab(goflags, "  inherit:\n    variables: [GOPRIVATE]\n", "go test ./..."), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS, a list with it", files: gitlab(goflags, "  inherit:\n    variables:\n      - GOPRIVATE\n      - GOFLAGS\n", "go test ./..."), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS, inherit: variables: false of the job extended", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "variables:\n" + goflags + ".base:\n  inherit:\n    variables: false\ntest:\n  extends: .base\n  script:\n    - go vet ./...\n    - go test ./...\n    - golangci-lint run\n"},
			check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS, inherit: variables: false of the job extended, merged with the job's inherit: default: false", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "variables:\n" + goflags + ".base:\n  inherit:\n    variables: false\ntest:\n  extends: .base\n  inherit:\n    default: false\n  script:\n    - go vet ./...\n    - go test ./...\n    - golangci-lint run\n"},
			check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS, the job's inherit: variables: true over the false of the job extended", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "variables:\n" + goflags + ".base:\n  inherit:\n    variables: false\ntest:\n  extends: .base\n  inherit:\n    variables: true\n  script:\n    - go vet ./...\n    - go test ./...\n    - golangci-lint run\n"},
			check: "ci", want: Pass, message: pass},
		{name: "a default before_script, inherit: default: false of the job extended, merged with the job's inherit: variables: false", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "default:\n  before_script:\n    - golangci-lint run\n.base:\n  inherit:\n    default: false\ntest:\n  extends: .base\n  inherit:\n    variables: false\n  script:\n    - go vet ./...\n    - go test -race ./...\n"},
			check: "ci", want: Warn, message: "CI does not run a linter"},
		{name: "GOFLAGS, inherit: default: false keeps the variables", files: gitlab(goflags, "  inherit:\n    default: false\n", "go test ./..."), check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED=0 inherited", files: gitlab(cgoOff, "", "go test -race ./..."), check: "ci", want: Warn, message: "CGO_ENABLED=0 in its environment"},
		{name: "CGO_ENABLED=0, a list without it", files: gitlab(cgoOff, "  inherit:\n    variables: [GOPRIVATE]\n", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		{name: "CGO_ENABLED=0, inherit: variables: false", files: gitlab(cgoOff, "  inherit:\n    variables: false\n", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		{name: "$TESTFLAGS of a global variable inherited", files: gitlab("  TESTFLAGS: \"-race\"\n", "", "go test $TESTFLAGS ./..."), check: "ci", want: Pass, message: pass},
		{name: "$TESTFLAGS of a global variable no job inherits", files: gitlab("  TESTFLAGS: \"-race\"\n", "  inherit:\n    variables: false\n", "go test $TESTFLAGS ./..."),
			check: "ci", want: Unknown, message: "go test's $TESTFLAGS, which this audit cannot expand"},
		{name: "$TESTFLAGS of a global variable another job inherits", files: withText(gitlab("  TESTFLAGS: \"-race\"\n", "  inherit:\n    variables: false\n", "go test $TESTFLAGS ./..."),
			".gitlab-ci.yml", "build:\n  script:\n    - go build ./...\n"),
			check: "ci", want: Unknown, message: "go test's $TESTFLAGS, which this audit cannot expand"},
		{name: "$TESTFLAGS of a make recipe, of a global variable another job inherits", files: withText(withText(gitlab("  TESTFLAGS: \"-race\"\n", "  inherit:\n    variables: [GOPRIVATE]\n", "make test"),
			".gitlab-ci.yml", "build:\n  script:\n    - go build ./...\n"), "Makefile", "test:\n\tgo test $$TESTFLAGS ./...\n"),
			check: "ci", want: Unknown, message: "go test's $TESTFLAGS, which this audit cannot expand"},
		{name: "$TESTFLAGS of the job's variables over the global one", files: gitlab("  TESTFLAGS: \"-race\"\n", "  variables:\n    TESTFLAGS: -v\n", "go test $TESTFLAGS ./..."),
			check: "ci", want: Warn, message: noRace},
	})
}

// TestCITestFlagsOfAnotherJob checks that a go test $TESTFLAGS takes no value from
// the variables of another CI job (a GitLab job's variables:, a GitHub job's or
// step's env:), which never reach its shell: the argument is then one this audit
// cannot expand (a CI/CD setting may give it), never a -race. Its own job's do count.
func TestCITestFlagsOfAnotherJob(t *testing.T) {
	const cannot = "go test's $TESTFLAGS, which this audit cannot expand"
	gitlab := func(lint, test string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": "lint:\n  image: golang:1.26\n" + lint +
			"  script:\n    - go vet ./...\n    - golangci-lint run\n" +
			"test:\n  image: golang:1.26\n" + test + "  script:\n    - go test $TESTFLAGS ./...\n"}
	}
	github := func(lint, test, step string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": "on: [push]\njobs:\n" +
			"  lint:\n    runs-on: ubuntu-latest\n" + lint + "    steps:\n      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v8\n" +
			"  test:\n    runs-on: ubuntu-latest\n" + test + "    steps:\n      - run: go test $TESTFLAGS ./...\n" + step}
	}
	const race = "    TESTFLAGS: \"-race\"\n"
	runBuildCases(t, []buildCase{
		{name: "GitLab: another job's variables", files: gitlab("  variables:\n"+race, ""), check: "ci", want: Unknown, message: cannot},
		{name: "GitLab: the job's own variables", files: gitlab("", "  variables:\n"+race), check: "ci", want: Pass, message: "CI runs go vet, go test -race"},
		{name: "GitHub: another job's env", files: github("    env:\n  "+race, "", ""), check: "ci", want: Unknown, message: cannot},
		{name: "GitHub: another step's env", files: github("", "", "      - run: echo done\n        env:\n    "+race), check: "ci", want: Unknown, message: cannot},
		{name: "GitHub: the job's own env", files: github("", "    env:\n  "+race, ""), check: "ci", want: Pass, message: "CI runs go vet, go test -race"},
	})
}

// withText returns files with text added at the end of the file p.
func withText(files map[string]string, p, text string) map[string]string {
	files[p] += text
	return files
}
