package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// buildCase is a repository written inline and the verdict one check gives it.
type buildCase struct {
	name  string
	files map[string]string
	check string
	want  Status
	// message is a part of the expected message.
	message string
	// at is the expected first evidence as file:line, or "" to leave it unchecked.
	at string
	// problem is a part of an expected problem of the report, or "" to leave them
	// unchecked.
	problem string
}

// runBuildCases audits each case with its one check, several times, and compares
// the status, the message and the first evidence.
func runBuildCases(t *testing.T, tests []buildCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 3 {
				rep := auditInlineReport(t, tt.files, ".", tt.check)
				got := rep.Results[0]
				if problems := fmt.Sprint(rep.Problems); !strings.Contains(problems, tt.problem) {
					t.Fatalf("run %d: problems %s, want one with %q", i+1, problems, tt.problem)
				}
				if got.Status != tt.want || !strings.Contains(got.Message, tt.message) {
					t.Fatalf("run %d: %s %q, want %s with %q", i+1, got.Status, got.Message, tt.want, tt.message)
				}
				if tt.at != "" && (len(got.Evidence) == 0 || fmt.Sprintf("%s:%d", got.Evidence[0].File, got.Evidence[0].Line) != tt.at) {
					t.Fatalf("run %d: evidence %v, want first %s", i+1, got.Evidence, tt.at)
				}
			}
		})
	}
}

// withFiles returns base with the files of extra added or replaced.
func withFiles(base map[string]string, extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

const (
	buildGoMod = "module example.test/svc\n\ngo 1.26\n"
	// serveFunc is a func main that serves HTTP, for the checks of services.
	serveFunc   = "func main() {\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: time.Second}\n\tsrv.ListenAndServe()\n}\n"
	buildMainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar (\n\tversion string\n\tcommit  string\n)\n\n" + serveFunc
	// recordNoCI is a gonew-prod record whose features leave ci out.
	recordNoCI = "answers:\n  module: example.test/svc\n  features: [otel, docker]\n  ci: none\n"
)

// TestModVerifyCI checks how modverify judges the CI's module verification when
// the CI is declined, not read, or absent.
func TestModVerifyCI(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	runBuildCases(t, []buildCase{
		{
			name:    "CI declined in the record passes",
			files:   withFiles(base, map[string]string{".gonew-prod.yaml": recordNoCI}),
			check:   "modverify",
			want:    Pass,
			message: "no CI to verify modules, left out on purpose",
			at:      ".gonew-prod.yaml:3",
		},
		{
			name:    "CI not yet added by add is no choice",
			files:   withFiles(base, map[string]string{".gonew-prod.yaml": "answers:\n  module: example.test/svc\n  features: [version]\ncomponents: [version]\n"}),
			check:   "modverify",
			want:    Warn,
			message: "CI neither runs go mod verify",
		},
		{
			name:    "CI not yet added by add leaves ci lacking",
			files:   withFiles(base, map[string]string{".gonew-prod.yaml": "answers:\n  module: example.test/svc\n  features: [version]\ncomponents: [version]\n"}),
			check:   "ci",
			want:    Warn,
			message: "no CI configuration",
		},
		{
			name:    "CI declined still judges checksum bypasses",
			files:   withFiles(base, map[string]string{".gonew-prod.yaml": recordNoCI, "Makefile": "export GONOSUMDB := *\nbuild:\n\tgo build .\n"}),
			check:   "modverify",
			want:    Fail,
			message: "GONOSUMDB=* turns the checksum database off",
		},
		{
			name:    "no CI and no record warns",
			files:   base,
			check:   "modverify",
			want:    Warn,
			message: "CI neither runs go mod verify",
		},
		{
			name:    "a CI file that is not valid YAML is unknown",
			files:   withFiles(base, map[string]string{".github/workflows/ci.yml": "on: [push\njobs: {\n"}),
			check:   "modverify",
			want:    Unknown,
			message: ".github/workflows/ci.yml could not be read",
		},
		{
			name:    "a CI this audit does not read is unknown",
			files:   withFiles(base, map[string]string{".circleci/config.yml": "version: 2.1\njobs:\n  test:\n    steps:\n      - run: go mod verify\n"}),
			check:   "modverify",
			want:    Unknown,
			message: "this CI is not read",
			at:      ".circleci/config.yml:1",
		},
		{
			name:    "go mod verify || true warns",
			files:   withFiles(base, map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify || true\n"}),
			check:   "modverify",
			want:    Warn,
			message: "CI runs go mod verify (or -mod=readonly) but ignores the failure",
			at:      ".github/workflows/ci.yml:6",
		},
		{
			name:    "go mod verify with continue-on-error warns",
			files:   withFiles(base, map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n        continue-on-error: true\n"}),
			check:   "modverify",
			want:    Warn,
			message: "CI runs go mod verify (or -mod=readonly) but ignores the failure",
			at:      ".github/workflows/ci.yml:7",
		},
		{
			name:    "go build -mod=readonly with allow_failure warns",
			files:   withFiles(base, map[string]string{".gitlab-ci.yml": "build:\n  script:\n    - go build -mod=readonly -o app .\n  allow_failure: true\n"}),
			check:   "modverify",
			want:    Warn,
			message: "CI runs go mod verify (or -mod=readonly) but ignores the failure",
		},
		{
			name:    "a make recipe's -go mod verify warns",
			files:   withFiles(base, map[string]string{"Makefile": "verify:\n\t-go mod verify\n", ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make verify\n"}),
			check:   "modverify",
			want:    Warn,
			message: "but ignores the failure",
		},
		{
			name:    "go mod verify || true beside a heeded one passes",
			files:   withFiles(base, map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify || true\n      - run: go mod verify\n"}),
			check:   "modverify",
			want:    Pass,
			message: "CI verifies modules",
		},
		{
			name:    "go mod verify || true and GOSUMDB=off fail with both",
			files:   withFiles(base, map[string]string{".github/workflows/ci.yml": "on: [push]\nenv:\n  GOSUMDB: \"off\"\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify || true\n"}),
			check:   "modverify",
			want:    Fail,
			message: "GOSUMDB=off turns the checksum database off; CI runs go mod verify (or -mod=readonly) but ignores the failure",
		},
	})
}

// TestEveryResultPlaced audits repositories without go.mod: every result has
// evidence, the place it belongs, since SARIF consumers reject a result without a
// location.
func TestEveryResultPlaced(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		at    string // the place of the repository-wide results
	}{
		{"a main package without go.mod", map[string]string{"cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"}, "cmd/api/main.go:5"},
		{"a library without go.mod", map[string]string{"lib/lib.go": "package lib\n", "a/a.go": "package a\n"}, "a/a.go:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInline(t, tt.files), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range rep.Results {
				if len(res.Evidence) == 0 {
					t.Errorf("%s %s: no evidence", res.Check, res.Main)
					continue
				}
				if at := fmt.Sprintf("%s:%d", res.Evidence[0].File, res.Evidence[0].Line); res.Main == "" && at != tt.at {
					t.Errorf("%s: evidence at %s, want %s", res.Check, at, tt.at)
				}
			}
		})
	}
}

// TestLDFlagsInitialisedVariables checks -X into variables by their initialiser: the
// linker sets only a variable left uninitialised or initialised to a constant string.
func TestLDFlagsInitialisedVariables(t *testing.T) {
	mk := "build:\n\tgo build -ldflags \"-X main.version=1.2.3 -X main.commit=abc\" -o bin/svc .\n"
	mainWith := func(vars string) string {
		return "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\t\"time\"\n)\n\n" + vars + "\n\nfunc envOr(k, d string) string {\n\tif v := os.Getenv(k); v != \"\" {\n\t\treturn v\n\t}\n\treturn d\n}\n\n" + serveFunc
	}
	runBuildCases(t, []buildCase{
		{
			name:    "initialised by a call",
			files:   map[string]string{"go.mod": buildGoMod, "Makefile": mk, "main.go": mainWith("var (\n\tversion = envOr(\"V\", \"dev\")\n\tcommit  = envOr(\"C\", \"none\")\n)")},
			check:   "ldflags",
			want:    Fail,
			message: "sets -X main.version, -X main.commit into no variable of that build (initialised by a function call in main.go",
		},
		{
			name:    "one call for two names",
			files:   map[string]string{"go.mod": buildGoMod, "Makefile": mk, "main.go": mainWith("var version, commit = pair()\n\nfunc pair() (string, string) { return \"dev\", \"none\" }")},
			check:   "ldflags",
			want:    Fail,
			message: "initialised by a function call",
		},
		{
			name:    "constant strings",
			files:   map[string]string{"go.mod": buildGoMod, "Makefile": mk, "main.go": mainWith("const dev = \"dev\"\n\nvar (\n\tversion = dev + \"-local\"\n\tcommit  = \"none\"\n)")},
			check:   "ldflags",
			want:    Pass,
			message: "inject version and commit",
		},
		{
			name:    "a named string type",
			files:   map[string]string{"go.mod": buildGoMod, "Makefile": mk, "main.go": mainWith("type Version string\n\nvar (\n\tversion Version = \"dev\"\n\tcommit  = \"none\"\n)")},
			check:   "ldflags",
			want:    Fail,
			message: "sets -X main.version into a variable of type Version in main.go, but -X sets only a variable of type string: the link fails",
		},
		{
			name:    "an int",
			files:   map[string]string{"go.mod": buildGoMod, "Makefile": mk, "main.go": mainWith("var (\n\tversion = 1\n\tcommit  string\n)")},
			check:   "ldflags",
			want:    Fail,
			message: "sets -X main.version into a variable of type int in main.go",
		},
		{
			name:    "an alias of string",
			files:   map[string]string{"go.mod": buildGoMod, "Makefile": mk, "main.go": mainWith("type Version = string\n\nvar (\n\tversion Version = \"dev\"\n\tcommit  string\n)")},
			check:   "ldflags",
			want:    Pass,
			message: "inject version and commit",
		},
	})
}

// TestMakeExpansionBounds audits Makefiles whose variables expand to values far larger
// than any build needs: the expansion stops at its bounds, what depends on it is
// UNKNOWN and the Makefile is listed. Without the bounds the audit does not finish
// (go test's -timeout stops it).
func TestMakeExpansionBounds(t *testing.T) {
	const list = "L := a b c d e f g h i j k l m n o p q r s t\n"
	var foreach strings.Builder // each line multiplies the list by 20: X6 would be 2.5 GB
	foreach.WriteString(list + "X1 := $(foreach a,$(L),$(L))\n")
	for i := 2; i <= 6; i++ {
		fmt.Fprintf(&foreach, "X%d := $(foreach a,$(X%d),$(L))\n", i, i-1)
	}
	var refs strings.Builder // V0 names V1 16 times, and so on: 16^10 references
	for i := range 10 {
		fmt.Fprintf(&refs, "V%d = %s\n", i, strings.Repeat(fmt.Sprintf("$(V%d)", i+1), 16))
	}
	refs.WriteString("V10 = x\n")
	runBuildCases(t, []buildCase{
		{
			name:    "nested foreach",
			files:   ldflagsFiles(foreach.String() + "LDFLAGS := -X main.version=$(VERSION) $(X6)"),
			check:   "ldflags",
			want:    Unknown,
			message: "the Makefile build (Makefile:12) passes -ldflags with $(foreach a,$(foreach a,$(foreach a,$(X3),a b",
			problem: "expanding X3 (Makefile:6) exceeds the bounds of this audit's Make expansion",
		},
		{
			name:    "recursive variables",
			files:   ldflagsFiles(refs.String() + "LDFLAGS = -X main.version=$(VERSION) $(V0)"),
			check:   "ldflags",
			want:    Unknown,
			message: "passes -ldflags with $(LDFLAGS), which this audit cannot expand",
			problem: "expansion(s) exceed the bounds of this audit's Make expansion",
		},
		{
			name:    "a list within the bounds",
			files:   ldflagsFiles(list + "X1 := $(foreach a,$(L),$(L))\nLDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) $(if $(X1),-s)"),
			check:   "ldflags",
			want:    Pass,
			message: "inject version and commit",
		},
	})
}

// TestModVerifyPrivatePatterns checks GOPRIVATE and GONOSUMDB patterns: one that
// covers a whole public host, or every module, turns the checksum database off.
func TestModVerifyPrivatePatterns(t *testing.T) {
	ci := func(key, value string) map[string]string {
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: push\nenv:\n  " + key + ": \"" + value + "\"\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - run: go mod verify\n",
		}
	}
	runBuildCases(t, []buildCase{
		{name: "GOPRIVATE=*", files: ci("GOPRIVATE", "*"), check: "modverify", want: Fail, message: "GOPRIVATE=* turns the checksum database off for every module on any host", at: ".github/workflows/ci.yml:3"},
		{name: "GONOSUMDB */*", files: ci("GONOSUMDB", "*/*"), check: "modverify", want: Fail, message: "turns the checksum database off"},
		{name: "GONOSUMDB public hosts", files: ci("GONOSUMDB", "github.com,golang.org"), check: "modverify", want: Fail, message: "for every module on github.com, golang.org"},
		{name: "GOPRIVATE an organisation on a public host", files: ci("GOPRIVATE", "github.com/acme/*,gitlab.acme.example"), check: "modverify", want: Pass, message: "no checksum bypass"},
	})
}

// TestModVerifyGitIgnored checks that a go.sum git ignores fails, as git reads the
// .gitignore files: every one from the root down to the module, a pattern without
// a slash at any depth, a leading **/ at the root too, the last match deciding.
func TestModVerifyGitIgnored(t *testing.T) {
	const ci = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n"
	single := func(ignore map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "go.sum": "", "main.go": buildMainGo, ".github/workflows/ci.yml": ci}, ignore)
	}
	work := func(ignore map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.work":                  "go 1.26\n\nuse ./services/api\n",
			"services/api/go.mod":      "module example.test/api\n\ngo 1.26\n",
			"services/api/go.sum":      "",
			"services/api/main.go":     buildMainGo,
			".github/workflows/ci.yml": ci,
		}, ignore)
	}
	runBuildCases(t, []buildCase{
		{name: "go.sum", files: single(map[string]string{".gitignore": "bin/\ngo.sum\n"}), check: "modverify", want: Fail, message: "go.sum is git-ignored", at: ".gitignore:2"},
		{name: "**/go.sum at the root", files: single(map[string]string{".gitignore": "**/go.sum\n"}), check: "modverify", want: Fail, message: "go.sum is git-ignored", at: ".gitignore:1"},
		{name: "/go.sum", files: single(map[string]string{".gitignore": "/go.sum\n"}), check: "modverify", want: Fail, message: "go.sum is git-ignored"},
		{name: "everything but Go files", files: single(map[string]string{".gitignore": "*\n!*.go\n"}), check: "modverify", want: Fail, message: "go.sum is git-ignored", at: ".gitignore:1"},
		{name: "everything but go.sum", files: single(map[string]string{".gitignore": "*\n!go.sum\n"}), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "a pattern for another directory", files: single(map[string]string{".gitignore": "tools/go.sum\n"}), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "a directory-only pattern", files: single(map[string]string{".gitignore": "go.sum/\n"}), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "member: the root's go.sum pattern", files: work(map[string]string{".gitignore": "go.sum\n"}), check: "modverify", want: Fail, message: "services/api/go.sum is git-ignored", at: ".gitignore:1"},
		{name: "member: its own .gitignore", files: work(map[string]string{"services/api/.gitignore": "go.sum\n"}), check: "modverify", want: Fail, message: "services/api/go.sum is git-ignored", at: "services/api/.gitignore:1"},
		{name: "member: the root's anchored /go.sum", files: work(map[string]string{".gitignore": "/go.sum\n"}), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "member: services/**/go.sum", files: work(map[string]string{".gitignore": "services/**/go.sum\n"}), check: "modverify", want: Fail, message: "services/api/go.sum is git-ignored"},
		{name: "member: its directory ignored", files: work(map[string]string{".gitignore": "services/\n"}), check: "modverify", want: Fail, message: "services/api/go.sum is git-ignored"},
		{name: "member: re-included below", files: work(map[string]string{".gitignore": "go.sum\n", "services/api/.gitignore": "!go.sum\n"}), check: "modverify", want: Pass, message: "CI verifies modules"},
	})
}

// TestGitLabJobKeys checks that a GitLab job takes a template's script only for the
// keys it does not set itself, through extends, merge keys and !reference.
func TestGitLabJobKeys(t *testing.T) {
	const tmpl = ".go: &go\n  image: golang:1.26\n  variables:\n    GOFLAGS: -mod=readonly\n  script:\n    - go vet ./...\n    - go test -race ./...\n\n" +
		"lint:\n  script:\n    - golangci-lint run\n\n"
	ci := func(job string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": tmpl + job}
	}
	runBuildCases(t, []buildCase{
		{name: "extends, own script", files: ci("unit:\n  extends: .go\n  script:\n    - go vet ./...\n    - go test -count=1 ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "merge key, own script", files: ci("unit:\n  <<: *go\n  script:\n    - go vet ./...\n    - go test -count=1 ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "extends, no script", files: ci("unit:\n  extends: .go\n  stage: test\n"), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "merge key, no script", files: ci("unit:\n  <<: *go\n  stage: test\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "extends chain, last wins", files: ci(".quick:\n  script:\n    - go test ./...\n\nunit:\n  extends: [.quick, .go]\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "extends chain, last without race", files: ci(".quick:\n  script:\n    - go vet ./...\n\nunit:\n  extends: [.go, .quick]\n"), check: "ci", want: Warn, message: "go test -race"},
		{name: "!reference in own script", files: ci("unit:\n  script:\n    - !reference [.go, script]\n    - echo done\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "variables of the template apply", files: ci("unit:\n  extends: .go\n  script:\n    - go build ./...\n"), check: "modverify", want: Pass, message: "CI verifies modules"},
		// extends: [.a, .b] merges .b over .a: the last one's variable wins.
		{name: "variables: the last extended wins", files: ci(".loose:\n  variables:\n    GOFLAGS: -mod=mod\n\nunit:\n  extends: [.go, .loose]\n  script:\n    - go build ./...\n"), check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly"},
		{name: "variables: the last extended wins, readonly", files: ci(".loose:\n  variables:\n    GOFLAGS: -mod=mod\n\nunit:\n  extends: [.loose, .go]\n  script:\n    - go build ./...\n"), check: "modverify", want: Pass, message: "CI verifies modules"},
		// GOFLAGS read as the go command reads it: quoted entries, the last -mod.
		{name: "variables: -mod=readonly quoted", files: ci("unit:\n  variables:\n    GOFLAGS: '\"-mod=readonly\"'\n  script:\n    - go build ./...\n"), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "variables: -mod=readonly, then -mod=mod", files: ci("unit:\n  variables:\n    GOFLAGS: -mod=readonly -mod=mod\n  script:\n    - go build ./...\n"), check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly"},
		{name: "when: never", files: ci("unit:\n  extends: .go\n  when: never\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "when: manual", files: ci("unit:\n  extends: .go\n  when: manual\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "when: manual taken from the template", files: ci(".by-hand:\n  when: manual\n\nunit:\n  extends: [.go, .by-hand]\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "every rule says never or manual", files: ci("unit:\n  extends: .go\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: manual\n    - when: never\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a rule that runs the job", files: ci("unit:\n  extends: .go\n  rules:\n    - if: $SKIP\n      when: never\n    - when: on_success\n"), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "a rule without when runs the job", files: ci("unit:\n  extends: .go\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n"), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "a job that never runs verifies no modules", files: ci("unit:\n  extends: .go\n  rules:\n    - when: never\n"), check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly"},
	})
}

// TestLDFlagsCompileChecks checks that a go build that writes no binary (several
// packages without -o, or -o /dev/null) is no build path whose version matters.
func TestLDFlagsCompileChecks(t *testing.T) {
	mk := "build:\n\tgo build -ldflags \"-X main.version=1.2.3 -X main.commit=abc\" -o bin/svc .\n"
	ci := func(run string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "internal/x/x.go": "package x\n", "Makefile": mk,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: " + run + "\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "go build ./...", files: ci("go build ./..."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "two packages", files: ci("go build . ./internal/x"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "./... into a directory writes binaries", files: ci("go build -o bin/ ./..."), check: "ldflags", want: Warn, message: "the CI build (.github/workflows/ci.yml:6) injects no version or commit"},
		{name: "one package writes a binary", files: ci("go build ."), check: "ldflags", want: Warn, message: "the CI build (.github/workflows/ci.yml:6) injects no version or commit"},
		{name: "one package into /dev/null", files: ci("CGO_ENABLED=0 go build -trimpath -o /dev/null ."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "one package into /dev/null, -o= form", files: ci("go build -o=/dev/null ."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestLDFlagsLastWins checks that of several -ldflags of one go build only the last
// counts, as the go command keeps only the latest that applies to a package.
func TestLDFlagsLastWins(t *testing.T) {
	const x = "-X main.version=1.2.3 -X main.commit=abc"
	mk := func(flags string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": "build:\n\tgo build " + flags + " -o bin/svc .\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "-X, then -s -w", files: mk(`-ldflags "` + x + `" -ldflags "-s -w"`), check: "ldflags", want: Fail, message: "so -X main.version, -X main.commit of an earlier -ldflags never reach the linker"},
		{name: "-s -w, then -X", files: mk(`-ldflags "-s -w" -ldflags "` + x + `"`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "a pattern form with -X", files: mk(`-ldflags "all=` + x + `"`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "-X, then a pattern form without", files: mk(`-ldflags "` + x + `" -ldflags=all=-s`), check: "ldflags", want: Fail, message: "keeps only the last one (-ldflags \"-s\"), so -X main.version, -X main.commit of an earlier -ldflags never reach the linker"},
		{name: "empty -X values", files: mk(`-ldflags "-X main.version= -X main.commit="`), check: "ldflags", want: Warn, message: "the Makefile build (Makefile:2) sets -X main.version= and -X main.commit= from an empty value, so the binary reports an empty version"},
		{name: "an empty commit", files: mk(`-ldflags "-X main.version=1.2.3 -X 'main.commit='"`), check: "ldflags", want: Warn, message: "sets -X main.commit= from an empty value"},
	})
}

// TestMakeMultiTargetRules checks that each target of a rule naming several runs the
// recipe with its own $@.
func TestMakeMultiTargetRules(t *testing.T) {
	files := func(mk string) map[string]string {
		return map[string]string{
			"go.mod":             buildGoMod,
			"cmd/api/main.go":    buildMainGo,
			"cmd/worker/main.go": "package main\n\nfunc main() {}\n",
			"Makefile":           mk,
			"Dockerfile":         "FROM golang:1.26 AS build\nCOPY . .\nRUN make api\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/api /api\n",
		}
	}
	const recipe = "\tCGO_ENABLED=0 go build -ldflags '-X main.version=1 -X main.commit=2' -o bin/$@ ./cmd/$@\n"
	runBuildCases(t, []buildCase{
		{name: "targets from a variable", files: files("BINARIES := api worker\n$(BINARIES):\n" + recipe), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "targets written out", files: files("api worker:\n" + recipe), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the image runs the first target", files: files("api worker:\n" + strings.ReplaceAll(recipe, "$@", "$(@)")), check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0"},
	})
}

// TestMakeVariables checks that Makefile variables are read with the values make
// uses: command-line overrides, evaluated conditionals, target-specific variables
// and define blocks; a condition the files cannot tell is UNKNOWN.
func TestMakeVariables(t *testing.T) {
	const rules = "build:\n\tCGO_ENABLED=0 go build -ldflags \"$(LDFLAGS)\" -o bin/svc .\n\ntest:\n\tgo test $(TESTFLAGS) ./...\n\nvet:\n\tgo vet ./...\n\nlint:\n\tgolangci-lint run\n"
	const stamp = "-X main.version=$(VERSION) -X main.commit=$(COMMIT)"
	files := func(mk, run string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			"Makefile":                 "VERSION ?= 1.2.3\nCOMMIT ?= abc\n" + mk + "\n" + rules,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: " + run + "\n",
		}
	}
	const release = "RELEASE ?= 0\nifneq ($(RELEASE),1)\nLDFLAGS := -s -w\nelse\nLDFLAGS := -s -w " + stamp + "\nendif\n"
	runBuildCases(t, []buildCase{
		{name: "command line overrides a default", files: files("TESTFLAGS ?= -race", "make vet lint test TESTFLAGS=\"-count=1 -short\""), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "command line sets the flag", files: files("TESTFLAGS ?= -count=1", "make vet lint test TESTFLAGS=-race"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a recipe's $$TESTFLAGS from the step's env", files: withFiles(files("shtest:\n\tgo test $$TESTFLAGS ./...\n", "make vet lint shtest"), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n        env:\n          TESTFLAGS: -race\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a recipe's $$TESTFLAGS from the step's env, without -race", files: withFiles(files("shtest:\n\tgo test $$TESTFLAGS ./...\n", "make vet lint shtest"), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n        env:\n          TESTFLAGS: -short\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from the make call's environment", files: files("shtest:\n\tgo test $$TESTFLAGS ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Pass, message: "CI runs go vet"},
		// $$ is make's $: $${TESTFLAGS} is the shell's ${TESTFLAGS}, not make's
		// $(TESTFLAGS) (make 4.3 -n: go test ${TESTFLAGS} ./...)
		{name: "a recipe's $${TESTFLAGS} from the make call's environment", files: files("shtest:\n\tgo test $${TESTFLAGS} ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a recipe's $${TESTFLAGS}, exported by the Makefile", files: files("export TESTFLAGS = -race\nshtest:\n\tgo test $${TESTFLAGS} ./...\n", "make vet lint shtest"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a recipe's $${TESTFLAGS}, the Makefile's value over the environment's", files: files("TESTFLAGS = -short\nshtest:\n\tgo test $${TESTFLAGS} ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from make's environment, the Makefile's value over it", files: files("TESTFLAGS = -short\nshtest:\n\tgo test $$TESTFLAGS ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from make's environment, a conditional over it", files: files("ifdef FAST\nTESTFLAGS = -short\nendif\nshtest:\n\tgo test $$TESTFLAGS ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Unknown, message: "TESTFLAGS"},
		{name: "a recipe's $$TESTFLAGS from make's environment, unexported", files: files("unexport TESTFLAGS\nshtest:\n\tgo test $$TESTFLAGS ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from the job's env, unexported", files: withFiles(files("unexport TESTFLAGS\nshtest:\n\tgo test $$TESTFLAGS ./...\n", ""), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      TESTFLAGS: -race\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from the make command line, unexported", files: files("unexport TESTFLAGS\nshtest:\n\tgo test $$TESTFLAGS ./...\n", "make vet lint shtest TESTFLAGS=-race"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from the job's env, undefined", files: withFiles(files("undefine TESTFLAGS\nshtest:\n\tgo test $$TESTFLAGS ./...\n", ""), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      TESTFLAGS: -race\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS from the make command line, undefined", files: files("undefine TESTFLAGS\nshtest:\n\tgo test $$TESTFLAGS ./...\n", "make vet lint shtest TESTFLAGS=-race"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a recipe's $$TESTFLAGS from the job's env, assigned on the recipe line", files: withFiles(files("shtest:\n\tTESTFLAGS=; go test $$TESTFLAGS ./...\n", ""), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      TESTFLAGS: -race\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a run step's $TESTFLAGS from the job's env, assigned on its line", files: withFiles(files("shtest:\n\tgo test ./...\n", ""), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      TESTFLAGS: -race\n    steps:\n      - run: go mod verify\n      - run: make vet lint\n      - run: TESTFLAGS=-v; go test $TESTFLAGS ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "a recipe's $$TESTFLAGS unexported, then exported again", files: files("unexport TESTFLAGS\nexport TESTFLAGS\nshtest:\n\tgo test $$TESTFLAGS ./...\n", "TESTFLAGS=-race make vet lint shtest"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "the job's GOFLAGS=-race, unexported", files: withFiles(files("unexport GOFLAGS\nshtest:\n\tgo test ./...\n", ""), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: -race\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "the job's GOFLAGS=-race, another variable unexported", files: withFiles(files("unexport GOPATH\nshtest:\n\tgo test ./...\n", ""), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: -race\n    steps:\n      - run: go mod verify\n      - run: make vet lint shtest\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a recipe's $$TESTFLAGS that nothing sets", files: files("shtest:\n\tgo test $$TESTFLAGS ./...\n", "make vet lint shtest"), check: "ci", want: Unknown, message: "TESTFLAGS"},
		{name: "override beats the command line", files: files("override TESTFLAGS = -race", "make vet lint test TESTFLAGS=-short"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "target-specific variable", files: files("TESTFLAGS ?= -count=1\ntest: TESTFLAGS += -race", "make vet lint test"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "target-specific variable of another target", files: files("TESTFLAGS ?= -count=1\nvet: TESTFLAGS += -race", "make vet lint test"), check: "ci", want: Warn, message: "go test -race"},
		{name: "target-specific variable inherited by a prerequisite", files: files("TESTFLAGS ?= -count=1\nci: TESTFLAGS += -race\nci: vet lint test", "make ci"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "conditional: the branch that applies", files: files(release, "go vet ./..."), check: "ldflags", want: Warn, message: "the Makefile build (Makefile:11) injects no version or commit"},
		{name: "conditional: the branches swapped", files: files("RELEASE ?= 0\nifeq ($(RELEASE),0)\nLDFLAGS := -s -w "+stamp+"\nelse\nLDFLAGS := -s -w\nendif\n", "go vet ./..."), check: "ldflags", want: Pass, message: "inject version and commit"},
		{name: "conditional on a variable the Makefile does not set", files: files("ifdef RELEASE\nLDFLAGS := -s -w "+stamp+"\nelse\nLDFLAGS := -s -w\nendif\n", "go vet ./..."), check: "ldflags", want: Unknown, message: "passes -ldflags with $(LDFLAGS), which this audit cannot expand"},
		{name: "nested conditional inside a false branch", files: files("A := 1\nifeq ($(A),2)\nifeq ($(UNSET),x)\nLDFLAGS := -s\nendif\nelse ifeq ($(A),1)\nLDFLAGS := "+stamp+"\nendif\n", "go vet ./..."), check: "ldflags", want: Pass, message: "inject version and commit"},
		{name: "define block", files: files("define LDFLAGS\n-s -w "+stamp+"\nendef\n", "go vet ./..."), check: "ldflags", want: Pass, message: "inject version and commit"},
	})
}

// TestRecursiveMake checks that make calls in recipes are followed into the
// Makefiles they name (-C, -f, a cd before them).
func TestRecursiveMake(t *testing.T) {
	files := func(recipe string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "services/orders/main.go": buildMainGo, // the service is where the recipes test
			"Makefile":                 "ci:\n\t" + recipe + "\n",
			"services/orders/Makefile": "check:\n\tgo vet ./...\n\tgo test -race ./...\n\tgolangci-lint run\n",
			"other.mk":                 "check:\n\tgo vet ./...\n\tgo test -race ./...\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make ci\n",
		}
	}
	runBuildCases(t, []buildCase{
		{name: "-C dir", files: files("$(MAKE) -C services/orders check"), check: "ci", want: Pass, message: "CI runs go vet", at: ".github/workflows/ci.yml:6"},
		{name: "cd then -f", files: files("cd services/orders && $(MAKE) -f Makefile check"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "-f file", files: files("${MAKE} -f other.mk check"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a Makefile that is not there", files: files("$(MAKE) -C services/billing check"), check: "ci", want: Warn, message: "CI does not run go vet"},
	})
}

// TestDockerfileRunEnvironment checks that RUN lines are read with the stage's ARG
// and ENV values written above them (not those of later lines), as the shell
// expands them, and with go env -w settings of earlier RUN lines.
func TestDockerfileRunEnvironment(t *testing.T) {
	files := func(build string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + build + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/orders /orders\n",
		}
	}
	with := func(f map[string]string, name, text string) map[string]string {
		f[name] = text
		return f
	}
	const ld = ` -ldflags "-X main.version=1 -X main.commit=2" -o /out/orders`
	// global is a Dockerfile with ARGs before the first FROM, ARGs of the build
	// stage and a RUN of go build, whose version and commit flags are given.
	global := func(before, args, build string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo,
			"Dockerfile": before + "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + args + "RUN CGO_ENABLED=0 " + build + " -o /out/orders ./cmd/orders\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/orders /orders\n",
		}
	}
	const vars = `go build -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}"`
	runBuildCases(t, []buildCase{
		{name: "ARG in the RUN's environment", files: files("ARG CGO=0\nRUN CGO_ENABLED=${CGO} go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "ARG set to 1", files: files("ARG CGO=1\nRUN CGO_ENABLED=$CGO go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "go env -w in an earlier RUN", files: files("RUN go env -w CGO_ENABLED=0 GOFLAGS=-trimpath\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "go env -w after the build", files: files("RUN go build" + ld + " ./cmd/orders\nRUN go env -w CGO_ENABLED=0"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "the environment beats go env -w", files: files("RUN go env -w CGO_ENABLED=0\nENV CGO_ENABLED=1\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV before the build", files: files("ENV CGO_ENABLED=0\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "ENV after the build", files: files("RUN go build" + ld + " ./cmd/orders\nENV CGO_ENABLED=0"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ARG after the build", files: files("RUN go build" + ld + " ./cmd/orders\nARG CGO_ENABLED=0"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV undone by the SHELL's env", files: files("ENV CGO_ENABLED=0\nSHELL [\"/usr/bin/env\", \"CGO_ENABLED=1\", \"/bin/sh\", \"-c\"]\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "SHELL's env in a stage built from the stage", files: map[string]string{"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS base\nENV CGO_ENABLED=0\nSHELL [\"env\", \"CGO_ENABLED=1\", \"sh\", \"-c\"]\n\nFROM base AS build\nWORKDIR /src\nCOPY . .\nRUN go build" + ld + " ./cmd/orders\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/orders /orders\n"},
			check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "SHELL's env below the build's own CGO_ENABLED=0", files: files("SHELL [\"/usr/bin/env\", \"CGO_ENABLED=1\", \"/bin/sh\", \"-c\"]\nRUN CGO_ENABLED=0 go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "SHELL's env after the build", files: files("ENV CGO_ENABLED=0\nRUN go build" + ld + " ./cmd/orders\nSHELL [\"/usr/bin/env\", \"CGO_ENABLED=1\", \"/bin/sh\", \"-c\"]"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "SHELL's env and an exec-form RUN, which no shell runs", files: files("ENV CGO_ENABLED=0\nSHELL [\"/usr/bin/env\", \"CGO_ENABLED=1\", \"/bin/sh\", \"-c\"]\nRUN [\"go\", \"build\", \"-ldflags\", \"-X main.version=1 -X main.commit=2\", \"-o\", \"/out/orders\", \"./cmd/orders\"]"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "ENV cleared by the SHELL's env -i", files: files("ENV CGO_ENABLED=0\nSHELL [\"/usr/bin/env\", \"-i\", \"PATH=/usr/local/go/bin:/usr/bin:/bin\", \"/bin/sh\", \"-c\"]\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV cleared by the SHELL's env -iS", files: files("ENV CGO_ENABLED=0\nSHELL [\"/usr/bin/env\", \"-iS\", \"PATH=/usr/local/go/bin:/usr/bin:/bin /bin/sh -c\"]\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV cleared by the RUN's env -i", files: files("ENV CGO_ENABLED=0\nRUN env -i PATH=/usr/local/go/bin:/usr/bin:/bin HOME=/root go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV cleared by the RUN's env -", files: files("ENV CGO_ENABLED=0\nRUN env - PATH=/usr/local/go/bin:/usr/bin:/bin go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV cleared by the RUN's env --ignore-environment", files: files("ENV CGO_ENABLED=0\nRUN env --ignore-environment go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "export cleared by env -i", files: files("RUN export CGO_ENABLED=0 && env -i go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV cleared by the RUN's env -i of a make build", files: with(files("ENV CGO_ENABLED=0\nRUN env -i PATH=/usr/local/go/bin:/usr/bin:/bin make build"), "Makefile", "build:\n\tgo build"+ld+" ./cmd/orders\n"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "the RUN's env -i with CGO_ENABLED=0", files: files("ENV CGO_ENABLED=1\nRUN env -i CGO_ENABLED=0 go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "the RUN's env -S with CGO_ENABLED=0", files: files("RUN env -S 'CGO_ENABLED=0 go build'" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "-X from ARGs expanded before env -i", files: global("", "ARG VERSION=1\nARG COMMIT=2\n", "env -i "+vars), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "SHELL's env -i with CGO_ENABLED=0", files: files("SHELL [\"env\", \"-i\", \"CGO_ENABLED=0\", \"sh\", \"-c\"]\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "ENV undone by the SHELL's env -S", files: files("ENV CGO_ENABLED=0\nSHELL [\"/usr/bin/env\", \"-S\", \"CGO_ENABLED=1 /bin/sh -c\"]\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "a later SHELL without env", files: files("ENV CGO_ENABLED=0\nSHELL [\"/usr/bin/env\", \"CGO_ENABLED=1\", \"/bin/sh\", \"-c\"]\nSHELL [\"/bin/bash\", \"-c\"]\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "ENV undone by unset in the build's RUN", files: files("ENV CGO_ENABLED=0\nRUN unset CGO_ENABLED && go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "export undone by unset -v", files: files("RUN export CGO_ENABLED=0; unset -v GOOS CGO_ENABLED; go build" + ld + " ./cmd/orders"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "unset, then export again", files: files("ENV CGO_ENABLED=1\nRUN unset CGO_ENABLED && export CGO_ENABLED=0 && go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "unset on the build's own line set", files: files("ENV CGO_ENABLED=1\nRUN unset CGO_ENABLED && CGO_ENABLED=0 go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "unset in an earlier RUN", files: files("ENV CGO_ENABLED=0\nRUN unset CGO_ENABLED\nRUN go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "unset -f removes a function", files: files("ENV CGO_ENABLED=0\nRUN unset -f CGO_ENABLED && go build" + ld + " ./cmd/orders"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "unset before a RUN make build", files: with(files("ENV CGO_ENABLED=0\nRUN unset CGO_ENABLED && make build"), "Makefile", "build:\n\tgo build"+ld+" ./cmd/orders\n"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "unset before a RUN make build whose Makefile exports a default", files: with(files("ENV CGO_ENABLED=1\nRUN unset CGO_ENABLED && make build"), "Makefile", "export CGO_ENABLED ?= 0\n\nbuild:\n\tgo build"+ld+" ./cmd/orders\n"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "ENV after a RUN make build", files: with(files("RUN make build\nENV CGO_ENABLED=0"), "Makefile", "build:\n\tgo build"+ld+" ./cmd/orders\n"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV before a RUN make build", files: with(files("ENV CGO_ENABLED=0\nRUN make build"), "Makefile", "build:\n\tgo build"+ld+" ./cmd/orders\n"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "-X from ARGs declared after the build", files: files("RUN CGO_ENABLED=0 " + vars + " -o /out/orders ./cmd/orders\nARG VERSION=dev\nARG COMMIT=none"), check: "ldflags", want: Warn, message: "sets -X main.version= and -X main.commit= from a variable with no value there"},
		{name: "package from an ARG", files: files("ARG SERVICE=orders\nENV CGO_ENABLED=0\nRUN go build" + ld + " ./cmd/${SERVICE}"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "-X from global ARGs the stage does not declare", files: global("ARG VERSION=dev\nARG COMMIT=none\n", "", vars),
			check: "ldflags", want: Warn, message: "the Dockerfile build (Dockerfile:6) sets -X main.version= and -X main.commit= from a variable with no value there (VERSION, COMMIT: no ARG or ENV of the build stage sets it"},
		{name: "-X from no ARG at all", files: global("", "", vars), check: "ldflags", want: Warn, message: "sets -X main.version= and -X main.commit= from a variable with no value there"},
		{name: "-X from a global ARG the stage declares again", files: global("ARG VERSION=dev\nARG COMMIT=none\n", "ARG VERSION\nARG COMMIT\n", vars), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "-X from a stage ARG without a value, which the build may pass", files: global("", "ARG VERSION\nARG COMMIT\n", vars), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "-X from a variable of the RUN's shell", files: global("", "", "VERSION=$(cat VERSION) COMMIT=$(git rev-parse HEAD) && go build -ldflags \"-X main.version=${VERSION} -X main.commit=$COMMIT\""), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "-X with a default", files: global("", "", "go build -ldflags \"-X main.version=${VERSION:-dev} -X main.commit=${COMMIT}\""), check: "ldflags", want: Warn, message: "injects a version but no commit"},
	})
}

// TestDockerfileArgWithoutValue checks a build stage's ARG without a default used in
// -X: only a build argument sets it, so when the docker builds read that ship the
// image pass none for it, -X gets "" (WARN); one that passes it, takes it from its
// environment or leaves words to a variable, and no such build read at all, count.
func TestDockerfileArgWithoutValue(t *testing.T) {
	const df = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION\nARG COMMIT\n" +
		"RUN CGO_ENABLED=0 go build -ldflags \"-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}\" -o /out/orders ./cmd/orders\n\n" +
		"FROM gcr.io/distroless/static\nCOPY --from=build /out/orders /orders\n"
	files := func(df, step string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo, "Dockerfile": df,
			".github/workflows/release.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n" + step}
	}
	run := func(cmd string) map[string]string { return files(df, "      - run: "+cmd+"\n") }
	action := func(with string) map[string]string {
		return files(df, "      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/orders:latest\n"+with)
	}
	inherited := strings.Replace(df, "FROM golang:1.26 AS build\n", "FROM golang:1.26 AS base\nARG VERSION\nARG COMMIT\n\nFROM base AS build\n", 1)
	runBuildCases(t, []buildCase{
		{name: "docker build without --build-arg", files: run("docker build -t ghcr.io/acme/orders:latest ."), check: "ldflags", want: Warn,
			message: "the Dockerfile build (Dockerfile:6) sets -X main.version= and -X main.commit= from a variable with no value there (VERSION, COMMIT: the build stage declares ARG VERSION (Dockerfile:4) and ARG COMMIT (Dockerfile:5) without a default, and no docker build of Dockerfile that ships it (.github/workflows/release.yml:6) passes them with --build-arg)", at: "Dockerfile:6"},
		{name: "build-push-action without build-args", files: action(""), check: "ldflags", want: Warn, message: "without a default, and no docker build of Dockerfile that ships it (.github/workflows/release.yml:6) passes them"},
		{name: "an ARG without a value inherited from the stage built on", files: files(inherited, "      - run: docker build -t svc .\n"), check: "ldflags", want: Warn, message: "the build stage declares ARG VERSION (Dockerfile:2) and ARG COMMIT (Dockerfile:3) without a default"},
		{name: "only the version passed", files: run("docker build --build-arg VERSION=1.2.3 -t svc ."), check: "ldflags", want: Warn, message: "sets -X main.commit= from a variable with no value there (COMMIT: the build stage declares ARG COMMIT (Dockerfile:5) without a default"},
		{name: "--build-arg for both", files: run("docker build --build-arg VERSION=1.2.3 --build-arg COMMIT=abc -t svc ."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "build-args for both", files: action("          build-args: |\n            VERSION=${{ github.ref_name }}\n            COMMIT=${{ github.sha }}\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "--build-arg from the environment", files: run("docker build --build-arg VERSION --build-arg COMMIT -t svc ."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "build arguments left to a variable", files: run("docker build $BUILD_ARGS -t svc ."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "a build that keeps no image: the one that ships it is not read", files: run("docker build ."), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "a default on the ARG", files: files(strings.Replace(df, "ARG VERSION\nARG COMMIT\n", "ARG VERSION=dev\nARG COMMIT=none\n", 1), "      - run: docker build -t svc .\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestDockerBuildArgs checks that the build arguments of the docker build that
// ships an image (--build-arg of docker, podman, buildah, nerdctl, depot or kaniko's
// executor, docker/ and depot/build-push-action's build-args) set the Dockerfile's
// ARG values, and that one taken from the environment leaves what depends on it
// unknown.
func TestDockerBuildArgs(t *testing.T) {
	const df = "FROM golang:1.26 AS build\nARG CGO=0\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=${CGO} go build -o /out/orders ./cmd/orders\n\n" +
		"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/orders /orders\n"
	files := func(mk string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo, "Dockerfile": df, "Makefile": "image:\n\t" + mk + "\n"}
	}
	action := func(args string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo, "Dockerfile": df,
			".github/workflows/release.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          build-args: |\n" + args}
	}
	gitlab := func(script string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo, "Dockerfile": df,
			".gitlab-ci.yml": "image-build:\n  stage: build\n  script:\n    - " + script + "\n"}
	}
	base := func(arg string) map[string]string {
		return withFiles(files("docker build "+arg+" -t svc ."), map[string]string{"Dockerfile": "ARG BASE=scratch\n" + strings.Replace(df, "FROM scratch", "FROM ${BASE}", 1)})
	}
	runBuildCases(t, []buildCase{
		{name: "--build-arg CGO=1", files: files("docker build --build-arg CGO=1 -t svc ."), check: "static-image", want: Fail, message: "Dockerfile (final stage FROM scratch, with --build-arg CGO=1 at Makefile:2): the binary is built without CGO_ENABLED=0"},
		{name: "--build-arg=CGO=1", files: files("docker buildx build --build-arg=CGO=1 --push -t svc ."), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at Makefile:2"},
		{name: "--build-arg CGO=0", files: files("docker build --build-arg CGO=0 -t svc ."), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "an argument the Dockerfile does not declare", files: files("docker build --build-arg VERSION=1 -t svc ."), check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0"},
		{name: "two builds, the arguments of one changing nothing", files: withFiles(files("docker build --build-arg CGO=0 -t svc ."), map[string]string{"Dockerfile": strings.Replace(df, "FROM scratch", "FROM scratch AS release", 1), ".github/workflows/ci.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --target release -t svc .\n"}), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "--build-arg CGO from the environment", files: files("docker build --build-arg CGO -t svc ."), check: "static-image", want: Unknown, message: "CGO_ENABLED is set from the build argument CGO, which the docker build at Makefile:2 takes from the environment"},
		{name: "build-args CGO=1", files: action("            CGO=1\n"), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at .github/workflows/release.yml:6"},
		{name: "build-args CGO=0 among others", files: action("            VERSION=1.2.3\n            CGO=0\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "build-args from an expression", files: action("            CGO=${{ vars.CGO }}\n"), check: "static-image", want: Unknown, message: "the build argument CGO"},
		{name: "the base image from a build argument", files: base("--build-arg BASE=debian:12"), check: "static-image", want: Warn, message: "Dockerfile (final stage FROM debian:12, with --build-arg BASE=debian:12 at Makefile:2): the final image carries an OS"},
		{name: "the base image from the environment", files: base("--build-arg BASE"), check: "static-image", want: Unknown, message: "the base image is set from the build argument BASE"},
		{name: "buildah build --build-arg CGO=1", files: files("buildah build --layers --build-arg CGO=1 -t svc ."), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at Makefile:2"},
		{name: "buildah bud --build-arg CGO=1", files: files("buildah bud --format docker --build-arg CGO=1 -t svc ."), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at Makefile:2"},
		{name: "nerdctl build --build-arg CGO=1", files: files("nerdctl build --build-arg CGO=1 -t svc ."), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at Makefile:2"},
		{name: "depot build --build-arg CGO=1", files: files("depot build --project abc123 --build-arg CGO=1 --push -t svc ."), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at Makefile:2"},
		{name: "buildah build --build-arg CGO=0", files: files("buildah build --build-arg CGO=0 -t svc ."), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "kaniko --build-arg CGO=1 in GitLab", files: gitlab(`/kaniko/executor --context "${CI_PROJECT_DIR}" --dockerfile "${CI_PROJECT_DIR}/Dockerfile" --build-arg CGO=1 --destination "${CI_REGISTRY_IMAGE}:${CI_COMMIT_TAG}"`), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at .gitlab-ci.yml:4"},
		{name: "kaniko with a dir:// context and a relative Dockerfile", files: gitlab(`/kaniko/executor --context dir://$CI_PROJECT_DIR --dockerfile Dockerfile --build-arg=CGO=1 --destination svc`), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at .gitlab-ci.yml:4"},
		{name: "kaniko --build-arg CGO=0", files: gitlab(`/kaniko/executor --context "${CI_PROJECT_DIR}" --build-arg CGO=0 --destination svc`), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "depot/build-push-action build-args CGO=1", files: withFiles(action("            CGO=1\n"), map[string]string{".github/workflows/release.yml": strings.Replace(action("            CGO=1\n")[".github/workflows/release.yml"], "docker/build-push-action@v6", "depot/build-push-action@v1", 1)}), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at .github/workflows/release.yml:6"},
	})
}

// TestDockerBuildArgsChangingNothing checks that an image two docker builds ship,
// one with build arguments that change nothing the checks read, is judged once.
func TestDockerBuildArgsChangingNothing(t *testing.T) {
	files := map[string]string{
		"go.mod": buildGoMod, "main.go": buildMainGo,
		"Dockerfile":               "FROM golang:1.26 AS build\nARG VERSION=dev\nRUN CGO_ENABLED=0 go build -o /out/svc .\n\nFROM scratch\nCOPY --from=build /out/svc /svc\nENTRYPOINT [\"/svc\"]\n",
		"Makefile":                 "image:\n\tdocker build --build-arg VERSION=1 -t svc .\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t svc .\n",
	}
	got := auditInline(t, files, "static-image")
	if got.Status != Warn || strings.Count(got.Message, "no USER") != 1 || strings.Contains(got.Message, "--build-arg") {
		t.Fatalf("%s %q, want one WARN about USER naming no build argument", got.Status, got.Message)
	}
}

// TestDockerTargets checks that the image judged is the stage the builds (a Makefile's
// docker build, docker/build-push-action) keep with --target, not a trailing stage
// only built to run the tests.
func TestDockerTargets(t *testing.T) {
	const df = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/svc .\n\n" +
		"FROM scratch AS release\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/svc /svc\n\nFROM build AS test\nRUN go test ./...\n"
	files := func(mk string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Dockerfile": df, "Makefile": mk}
	}
	action := withFiles(files(""), map[string]string{".github/workflows/release.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n" +
		"      - uses: docker/build-push-action@v6\n        with:\n          target: release\n          push: true\n          tags: ghcr.io/acme/svc:1\n"})
	runBuildCases(t, []buildCase{
		{name: "docker/build-push-action, target release", files: action, check: "static-image", want: Pass, message: "the final image is static"},
		{name: "release kept, test run", files: files("image:\n\tdocker build --target release -t svc:1 .\n\nimage-test:\n\tdocker build --target test .\n"), check: "static-image", want: Pass, message: "the final image is static", at: "Dockerfile:6"},
		{name: "buildx with -f", files: files("image:\n\tdocker buildx build -f ./Dockerfile --target=release --push -t svc:1 .\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "the build stage kept", files: files("image:\n\tdocker build --target build -t svc:dev .\n"), check: "static-image", want: Fail, message: "Dockerfile (stage build, built with --target, FROM golang:1.26): the final image is the Go toolchain image"},
		{name: "no docker build: the last stage", files: files("build:\n\tgo build .\n"), check: "static-image", want: Fail, message: "Dockerfile (final stage FROM build, built on golang:1.26)"},
	})
}

// TestDockerTargetsFromMatrix checks that docker/build-push-action's inputs are read
// as the runner gives them, ${{ matrix.key }} expanded once for each of its values,
// as in a run: line: each service's final stage, one --target each, is its image
// (static-image PASS), whose ENV (admin's GOMEMLIMIT) counts for procs.
func TestDockerTargetsFromMatrix(t *testing.T) {
	const df = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\nRUN CGO_ENABLED=0 go build -o /out/admin ./cmd/admin\n\n" +
		"FROM gcr.io/distroless/static-debian12 AS api\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n\n" +
		"FROM gcr.io/distroless/static-debian12 AS admin\nCOPY --from=build /out/admin /admin\nENV GOMEMLIMIT=100MiB\nENTRYPOINT [\"/admin\"]\n"
	files := func(step string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo, "cmd/admin/main.go": buildMainGo, "Dockerfile": df,
			".github/workflows/release.yml": "on: push\njobs:\n  img:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        svc: [api, admin]\n    steps:\n      - uses: actions/checkout@v4\n" + step}
	}
	action := files("      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          target: ${{ matrix.svc }}\n          push: true\n          tags: ghcr.io/acme/${{ matrix.svc }}:latest\n")
	run := files("      - run: docker build --target ${{ matrix.svc }} -t ghcr.io/acme/${{ matrix.svc }}:latest .\n")
	for _, tt := range []struct {
		name, check, main string
		files             map[string]string
		want              Status
		message           string
	}{
		{"build-push-action, api's stage", "static-image", "cmd/api", action, Pass, "the final image is static"},
		{"build-push-action, admin's stage", "static-image", "cmd/admin", action, Pass, "the final image is static"},
		{"build-push-action, admin's ENV", "procs", "cmd/admin", action, Pass, "a memory limit is set"},
		{"build-push-action, api without one", "procs", "cmd/api", action, Warn, "no memory limit"},
		{"run, admin's stage", "static-image", "cmd/admin", run, Pass, "the final image is static"},
		{"run, admin's ENV", "procs", "cmd/admin", run, Pass, "a memory limit is set"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInlineAt(t, tt.files, "."), Options{Only: []string{tt.check}, Main: tt.main})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1", len(rep.Results))
			}
			if r := rep.Results[0]; r.Status != tt.want || !strings.Contains(r.Message, tt.message) {
				t.Fatalf("%s %s: %s %q\n\twant %s with %q", tt.check, tt.main, r.Status, r.Message, tt.want, tt.message)
			}
		})
	}
}

// TestGoReleaserImageCgo checks the image GoReleaser's dockers entry builds from a
// binary of its builds: a build whose env turns cgo on, copied into scratch, fails
// with that env line; a build the entry does not take is not its binary.
func TestGoReleaserImageCgo(t *testing.T) {
	files := func(env, ids string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo,
			".goreleaser.yaml": "version: 2\nbuilds:\n  - id: api\n    main: ./cmd/api\n    binary: api\n    env:\n      - " + env + "\n    goos: [linux]\n" +
				"dockers:\n  - image_templates: [\"ghcr.io/acme/api:{{ .Version }}\"]\n    dockerfile: Dockerfile\n" + ids,
			"Dockerfile": "FROM scratch\nCOPY --chmod=0444 ca-certificates.crt /etc/ssl/certs/\nCOPY api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
		}
	}
	runBuildCases(t, []buildCase{
		{name: "cgo on, into scratch", files: files("CGO_ENABLED=1", "    ids: [api]\n"), check: "static-image", want: Fail, message: "Dockerfile (final stage FROM scratch): the binary is built by GoReleaser with CGO_ENABLED=1 (.goreleaser.yaml:7), so it links libc, which the final image lacks"},
		{name: "cgo on, every build taken", files: files("CGO_ENABLED=1", ""), check: "static-image", want: Fail, message: "CGO_ENABLED=1 (.goreleaser.yaml:7)"},
		{name: "cgo off", files: files("CGO_ENABLED=0", "    ids: [api]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo on in a build the image does not take", files: files("CGO_ENABLED=1", "    ids: [cli]\n"), check: "static-image", want: Warn, message: "the binary is built outside the Dockerfile and no build found sets CGO_ENABLED=0"},
		{name: "cgo from a template", files: files("CGO_ENABLED={{ .Env.CGO }}", "    ids: [api]\n"), check: "static-image", want: Warn, message: "built by GoReleaser (.goreleaser.yaml:7) with CGO_ENABLED={{ .Env.CGO }}, a value this audit cannot read"},
		{name: "cgo left to the go command", files: files("GOFLAGS=-trimpath", "    ids: [api]\n"), check: "static-image", want: Warn, message: "built by GoReleaser (.goreleaser.yaml:3) without CGO_ENABLED, which leaves cgo to the go command's default"},
		{name: "cgo left to the go command, a Makefile build with cgo off", files: withFiles(files("GOFLAGS=-trimpath", "    ids: [api]\n"), map[string]string{"Makefile": "build:\n\tCGO_ENABLED=0 go build -o bin/api ./cmd/api\n"}), check: "static-image", want: Warn, message: "without CGO_ENABLED, which leaves cgo"},
		{name: "cgo off in the image's build, on in another", files: withFiles(files("CGO_ENABLED=0", "    ids: [api]\n"), map[string]string{"Makefile": "build:\n\tCGO_ENABLED=1 go build -o bin/api ./cmd/api\n"}), check: "static-image", want: Pass, message: "the final image is static"},
	})
	// GoReleaser's top-level env starts every build's env; a build's own env and an
	// overrides entry for a linux target (added to the build's env there) come after.
	global := func(top, build, overrides string) map[string]string {
		f := files(build, "    ids: [api]\n")
		f[".goreleaser.yaml"] = "version: 2\nenv:\n  - " + top + "\n" + strings.Replace(strings.TrimPrefix(f[".goreleaser.yaml"], "version: 2\n"), "    goos: [linux]\n", "    goos: [linux]\n"+overrides, 1)
		return f
	}
	runBuildCases(t, []buildCase{
		{name: "cgo off in the top-level env", files: global("CGO_ENABLED=0", "GOFLAGS=-trimpath", ""), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo on in the top-level env", files: global("CGO_ENABLED=1", "GOFLAGS=-trimpath", ""), check: "static-image", want: Fail, message: "built by GoReleaser with CGO_ENABLED=1 (.goreleaser.yaml:3)"},
		{name: "the build's env beats the top-level env", files: global("CGO_ENABLED=1", "CGO_ENABLED=0", ""), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo on in a linux override", files: global("CGO_ENABLED=0", "GOFLAGS=-trimpath", "    overrides:\n      - goos: linux\n        goarch: amd64\n        env:\n          - CGO_ENABLED=1\n"), check: "static-image", want: Fail, message: "built by GoReleaser with CGO_ENABLED=1 (.goreleaser.yaml:15)"},
		{name: "cgo on in a darwin override", files: global("CGO_ENABLED=0", "GOFLAGS=-trimpath", "    overrides:\n      - goos: darwin\n        goarch: arm64\n        env:\n          - CGO_ENABLED=1\n"), check: "static-image", want: Pass, message: "the final image is static"},
	})
}

// TestBakeAndComposeImages checks that the image a docker buildx bake (docker/bake-
// action) or docker compose build of CI builds is the stage, with the build
// arguments, its bake or compose file gives, and that what those files leave to
// something this audit does not read is unknown.
func TestBakeAndComposeImages(t *testing.T) {
	const df = "FROM golang:1.26 AS build\nARG CGO=0\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=${CGO} go build -o /out/svc .\n\n" +
		"FROM golang:1.26 AS debug\nCOPY --from=build /out/svc /svc\n\n" +
		"FROM scratch AS release\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/svc /svc\n"
	const wf = "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
	action := wf + "      - uses: docker/bake-action@v6\n        with:\n          targets: api\n          push: true\n"
	files := func(step string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Dockerfile": df, ".github/workflows/release.yml": step}, extra)
	}
	hcl := func(body string) map[string]string {
		return map[string]string{"docker-bake.hcl": "target \"api\" {\n  context = \".\"\n" + body + "  tags = [\"ghcr.io/acme/api:1\"]\n}\n"}
	}
	compose := func(build string) map[string]string {
		return map[string]string{"compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/api:1\n    build:\n      context: .\n" + build}
	}
	composeRun := wf + "      - run: docker compose build api && docker compose push api\n"
	const toolchain = "Dockerfile (stage debug, built with --target, FROM golang:1.26): the final image is the Go toolchain image"
	runBuildCases(t, []buildCase{
		{name: "bake-action, HCL target debug", files: files(action, hcl("  target = \"debug\"\n")), check: "static-image", want: Fail, message: toolchain},
		{name: "bake-action, HCL target release", files: files(action, hcl("  target = \"release\"\n  dockerfile = \"Dockerfile\"\n")), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "bake-action, HCL without target: the last stage", files: files(action, hcl("")), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "HCL args", files: files(action, hcl("  args = {\n    CGO = \"1\"\n  }\n")), check: "static-image", want: Fail, message: "Dockerfile (final stage FROM scratch, with --build-arg CGO=1 at .github/workflows/release.yml:7)"},
		{name: "HCL args from a variable", files: files(action, hcl("  args = {\n    CGO = \"${CGO}\"\n  }\n")), check: "static-image", want: Unknown, message: "CGO_ENABLED is set from the build argument CGO"},
		{name: "docker buildx bake of the default group", files: files(wf+"      - run: docker buildx bake --push\n", map[string]string{"docker-bake.hcl": "group \"default\" {\n  targets = [\"api\"]\n}\n\ntarget \"api\" {\n  target = \"debug\"\n}\n"}), check: "static-image", want: Fail, message: toolchain},
		{name: "HCL with comments, variables, functions and a heredoc", files: files(action, map[string]string{"docker-bake.hcl": "# images\nvariable \"TAG\" {\n  default = \"latest\"\n}\n\nfunction \"tag\" {\n  params = [name]\n  result = [\"ghcr.io/acme/${name}:${TAG}\"]\n}\n\n" +
			"target \"api\" {\n  /* the debug image */\n  dockerfile = \"Dockerfile\" // beside the code\n  target     = \"debug\"\n  tags       = tag(\"api\")\n  labels     = { \"org.opencontainers.image.title\" = \"api\" }\n  annotations = <<EOT\nmanifest:x=1\nEOT\n  platforms  = [\"linux/amd64\", \"linux/arm64\"]\n}\n"}), check: "static-image", want: Fail, message: toolchain},
		{name: "HCL target from a variable", files: files(action, map[string]string{"docker-bake.hcl": "variable \"STAGE\" {\n  default = \"debug\"\n}\n\ntarget \"api\" {\n  target = \"${STAGE}\"\n}\n"}), check: "static-image", want: Unknown, message: "docker-bake.hcl: target \"api\" sets target to an expression or a context outside the repository (line 6)"},
		{name: "HCL inheritance", files: files(action, map[string]string{"docker-bake.hcl": "target \"base\" {\n  target = \"debug\"\n}\n\ntarget \"api\" {\n  inherits = [\"base\"]\n}\n"}), check: "static-image", want: Unknown, message: "sets inherits (line 6), which this audit does not read"},
		{name: "HCL that cannot be read", files: files(action, map[string]string{"docker-bake.hcl": "target \"api\" {\n  target = \"debug\"\n"}), check: "static-image", want: Unknown, message: "docker-bake.hcl cannot be read"},
		{name: "a bake target not defined", files: files(action, map[string]string{"docker-bake.hcl": "target \"web\" {\n  target = \"release\"\n}\n"}), check: "static-image", want: Unknown, message: "bake target \"api\" is not defined in docker-bake.hcl"},
		{name: "--set overrides", files: files(wf+"      - run: docker buildx bake --set api.target=debug api\n", hcl("")), check: "static-image", want: Unknown, message: "--set api.target=debug overrides the bake files"},
		{name: "a bake file this audit does not read", files: files(wf+"      - run: docker buildx bake -f images.hcl api\n", map[string]string{"images.hcl": "target \"api\" {\n  target = \"debug\"\n}\n"}), check: "static-image", want: Unknown, message: "images.hcl is not read by this audit"},
		{name: "bake-action workdir", files: files(wf+"      - uses: docker/bake-action@v6\n        with:\n          workdir: deploy\n          targets: api\n", map[string]string{"deploy/docker-bake.hcl": "target \"api\" {\n  context = \"..\"\n  target = \"debug\"\n  tags = [\"ghcr.io/acme/api:1\"]\n}\n"}), check: "static-image", want: Fail, message: toolchain},
		{name: "JSON bake file", files: files(action, map[string]string{"docker-bake.json": `{"target": {"api": {"context": ".", "target": "debug", "tags": ["ghcr.io/acme/api:1"]}}}`}), check: "static-image", want: Fail, message: toolchain},
		{name: "compose build, target debug", files: files(composeRun, compose("      target: debug\n")), check: "static-image", want: Fail, message: toolchain},
		{name: "compose build, target release", files: files(composeRun, compose("      target: release\n")), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "compose args", files: files(composeRun, compose("      args:\n        - CGO=1\n")), check: "static-image", want: Fail, message: "with --build-arg CGO=1 at .github/workflows/release.yml:7"},
		{name: "compose args from the environment", files: files(composeRun, compose("      args:\n        - CGO\n")), check: "static-image", want: Unknown, message: "CGO_ENABLED is set from the build argument CGO"},
		{name: "compose args, a mapping", files: files(composeRun, compose("      args:\n        CGO: \"1\"\n")), check: "static-image", want: Fail, message: "with --build-arg CGO=1"},
		{name: "compose args, a mapping without a value", files: files(composeRun, compose("      args:\n        CGO:\n")), check: "static-image", want: Unknown, message: "CGO_ENABLED is set from the build argument CGO"},
		{name: "compose --build-arg", files: files(wf+"      - run: docker compose build --build-arg CGO=1 api\n", compose("      target: release\n")), check: "static-image", want: Fail, message: "Dockerfile (final stage FROM scratch, with --build-arg CGO=1 at .github/workflows/release.yml:7)"},
		{name: "compose build of a service that pulls its image", files: files(wf+"      - run: docker compose build api db\n", withFiles(compose("      target: release\n"), map[string]string{"compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/api:1\n    build:\n      context: .\n      target: release\n  db:\n    image: postgres:17\n"})), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "compose extends", files: files(composeRun, map[string]string{"compose.yaml": "services:\n  api:\n    extends:\n      file: base.yaml\n      service: api\n    build: .\n"}), check: "static-image", want: Unknown, message: "service \"api\" extends another service"},
		{name: "compose file overridden by the bake file", files: files(action, withFiles(compose("      target: debug\n"), hcl("  target = \"release\"\n"))), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "compose build of an image it does not name, beside a kept docker build", files: files(wf+"      - run: docker compose build\n", map[string]string{"compose.yaml": "services:\n  dev:\n    build:\n      context: .\n      target: debug\n", "Makefile": "image:\n\tdocker build --target release -t ghcr.io/acme/api:1 .\n"}), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "compose service of an inactive profile", files: files(wf+"      - run: docker compose build\n", map[string]string{"compose.yaml": "services:\n  api:\n    build:\n      context: .\n      target: release\n  debug:\n    profiles: [debug]\n    build:\n      context: .\n      target: debug\n"}), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "compose service of an active profile", files: files(wf+"      - run: docker compose --profile debug build\n", map[string]string{"compose.yaml": "services:\n  api:\n    build:\n      context: .\n      target: release\n  debug:\n    profiles: [debug]\n    build:\n      context: .\n      target: debug\n"}), check: "static-image", want: Fail, message: toolchain},
	})
}

// TestMainNarrowsOutputOnly audits a repository with two services whole and with
// --main: the selected package gets the same verdicts either way.
func TestMainNarrowsOutputOnly(t *testing.T) {
	r := twoServices(t)
	verdicts := func(opts Options) map[string]Result {
		rep, err := Run(context.Background(), r, opts)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]Result{}
		for _, res := range rep.Results {
			if res.Main == "cmd/orders" || res.Main == "" {
				out[res.Check] = res
			}
		}
		return out
	}
	whole, one := verdicts(Options{}), verdicts(Options{Main: "orders"})
	if len(whole) != len(one) {
		t.Fatalf("%d results for cmd/orders in the whole run, %d with --main", len(whole), len(one))
	}
	for id, w := range whole {
		if o := one[id]; o.Status != w.Status || o.Message != w.Message {
			t.Errorf("%s: %s %q in the whole run, %s %q with --main", id, w.Status, w.Message, o.Status, o.Message)
		}
	}
}

// TestStaticImageCgoConstraints checks that a file that needs cgo but only builds
// with the cgo tag does not count for a CGO_ENABLED=0 build, nor one that imports
// "C" (the go command leaves it out with cgo off, whatever its constraint) when a
// pure-Go file of its package declares what it declares.
func TestStaticImageCgoConstraints(t *testing.T) {
	files := func(constraint string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			"sum_cgo.go":    constraint + "package main\n\n// int add(int a, int b) { return a + b; }\nimport \"C\"\n\nfunc sum(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n",
			"sum_purego.go": "//go:build !cgo\n\npackage main\n\nfunc sum(a, b int) int { return a + b }\n",
			"use.go":        "package main\n\nvar total = sum(1, 2)\n",
			"Dockerfile":    "FROM golang:1.26 AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /svc .\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /svc /svc\n",
		}
	}
	runBuildCases(t, []buildCase{
		{name: "cgo file with a pure-Go fallback", files: files("//go:build cgo\n\n"), check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0"},
		// A file that imports "C" is left out with cgo off, constraint or not: its
		// !cgo twin builds.
		{name: "cgo file without a constraint, a pure-Go !cgo twin", files: files(""), check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0"},
		{name: "cgo file for every build, no pure-Go twin", files: withFiles(files(""), map[string]string{"sum_purego.go": "package main\n"}), check: "static-image", want: Fail, message: "the code needs cgo (import \"C\"", at: "Dockerfile:5"},
		{name: "cgo file, its twin only for other platforms", files: withFiles(files(""), map[string]string{"sum_purego.go": "//go:build !cgo && windows\n\npackage main\n\nfunc sum(a, b int) int { return a + b }\n"}), check: "static-image", want: Fail, message: "the code needs cgo (import \"C\""},
		{name: "cgo file in another package, a pure-Go !cgo twin", files: withFiles(map[string]string{"go.mod": buildGoMod, "Dockerfile": files("")["Dockerfile"]}, map[string]string{
			"main.go":                     "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/svc/internal/hash\"\n)\n\nfunc main() {\n\t_ = hash.Sum(1, 2)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
			"internal/hash/hash_cgo.go":   "package hash\n\n// int add(int a, int b) { return a + b; }\nimport \"C\"\n\n// Sum adds.\nfunc Sum(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n",
			"internal/hash/hash_nocgo.go": "//go:build !cgo\n\npackage hash\n\n// Sum adds.\nfunc Sum(a, b int) int { return a + b }\n",
		}), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo file in another package, no twin", files: withFiles(map[string]string{"go.mod": buildGoMod, "Dockerfile": files("")["Dockerfile"]}, map[string]string{
			"main.go":                   "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/svc/internal/hash\"\n)\n\nfunc main() {\n\t_ = hash.Sum(1, 2)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
			"internal/hash/hash_cgo.go": "package hash\n\n// int add(int a, int b) { return a + b; }\nimport \"C\"\n\n// Sum adds.\nfunc Sum(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n",
			"internal/hash/doc.go":      "// Package hash adds.\npackage hash\n",
		}), check: "static-image", want: Fail, message: "the code needs cgo (import \"C\""},
		{name: "cgo file on linux only, a pure-Go !cgo twin", files: files("//go:build linux\n\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo file on linux only, no twin", files: withFiles(files("//go:build linux\n\n"), map[string]string{"sum_purego.go": "package main\n"}), check: "static-image", want: Fail, message: "the code needs cgo"},
		{name: "cgo file with a legacy +build line", files: files("// +build cgo\n\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo file with legacy +build lines, all holding", files: files("// +build linux\n// +build cgo\n\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "cgo file whose //go:build line wins over +build, no twin", files: withFiles(files("//go:build linux\n// +build cgo\n\n"), map[string]string{"sum_purego.go": "package main\n"}), check: "static-image", want: Fail, message: "the code needs cgo"},
	})
}

// TestGitHubWorkflowDetails checks workflows only other workflows trigger, matrix
// values in run scripts (those of the jobs GitHub runs: exclude removes
// combinations, include adds to them or runs its own), and -race given through
// GOFLAGS.
func TestGitHubWorkflowDetails(t *testing.T) {
	const lint = "      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v6\n"
	files := func(wf map[string]string) map[string]string {
		out := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
		for name, src := range wf {
			out[".github/workflows/"+name] = src
		}
		return out
	}
	const race = "on:\n  workflow_call:\njobs:\n  race:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n"
	const ci = "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n" + lint
	// matrix is a workflow whose job, with the matrix m, runs go test with the
	// matrix's flags.
	matrix := func(m string) map[string]string {
		return files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n" + m + "    steps:\n" + lint + "      - run: go test ${{ matrix.flags }} ./...\n"})
	}
	runBuildCases(t, []buildCase{
		{name: "workflow_call only, never called", files: files(map[string]string{"ci.yml": ci, "race.yml": race}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "the only workflow is workflow_call, never called", files: files(map[string]string{"race.yml": race}), check: "ci", want: Warn,
			message: "no CI runs: .github/workflows/race.yml never runs by itself: it is a reusable workflow (on: workflow_call) that no workflow of the repository calls"},
		{name: "workflow_call only, called", files: files(map[string]string{"ci.yml": ci + "  race:\n    uses: ./.github/workflows/race.yml\n", "race.yml": race}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix flags", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        flags: [\"-short\", \"-race\"]\n    steps:\n" + lint + "      - run: go test ${{ matrix.flags }} ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix include", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        go: [\"1.26\"]\n        include:\n          - flags: -race\n    steps:\n" + lint + "      - run: go test ${{ matrix.flags }} ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix exclude of every -race job", files: matrix("        os: [ubuntu-latest, macos-latest]\n        flags: [\"-race\", \"-short\"]\n        exclude:\n          - flags: \"-race\"\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "matrix exclude of the -race job of one os", files: matrix("        os: [ubuntu-latest, macos-latest]\n        flags: [\"-race\", \"-short\"]\n        exclude:\n          - os: macos-latest\n            flags: \"-race\"\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix exclude naming a value no job has", files: matrix("        flags: [\"-race\"]\n        exclude:\n          - flags: \"-short\"\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix include after exclude runs its own job", files: matrix("        flags: [\"-race\", \"-short\"]\n        exclude:\n          - flags: \"-race\"\n        include:\n          - flags: \"-race\"\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix include adds a key to the jobs it fits", files: matrix("        os: [ubuntu-latest]\n        include:\n          - os: ubuntu-latest\n            flags: \"-race\"\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix exclude of every job runs none of its steps", files: matrix("        flags: [\"-race\"]\n        exclude:\n          - flags: \"-race\"\n"), check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "GOFLAGS with -race", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race -mod=readonly\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix -race=<bool> holding true", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        race: [true, false]\n    steps:\n" + lint + "      - run: go test -race=${{ matrix.race }} ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "matrix -race=<bool> all false", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        race: [false, \"0\"]\n    steps:\n" + lint + "      - run: go test -race=${{ matrix.race }} ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "-race=1", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test -race=1 ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "--race", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test --race ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "-race, then -race=false", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test -race -race=false ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "-race= an input this audit cannot expand", files: files(map[string]string{"ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test -race=${{ vars.RACE }} ./...\n"}), check: "ci", want: Unknown, message: "${{"},
		{name: "GOFLAGS with -race=true", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race=true\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		// GOFLAGS split as the go command splits it: an entry quoted whole is one flag.
		{name: "GOFLAGS with -race quoted", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: '\"-race\" -mod=readonly'\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GOFLAGS with -race inside a quoted -ldflags", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: '\"-ldflags=-X main.v=1 -race -w\"'\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GOFLAGS with -race but no go test", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint}), check: "ci", want: Warn, message: "go test -race"},
		{name: "GOFLAGS with -race dropped by env -i", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: env -i PATH=\"$PATH\" HOME=\"$HOME\" go test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GOFLAGS with -race dropped by env -", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: env - PATH=\"$PATH\" go test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GOFLAGS with -race dropped by env --ignore-environment", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: env --ignore-environment go test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GOFLAGS with -race dropped by env -iv", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: env -iv go test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GOFLAGS with -race dropped by a make run through env -i", files: withFiles(files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: env -i PATH=\"$PATH\" make test\n"}), map[string]string{"Makefile": "test:\n\tgo test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GOFLAGS with -race set after env -i", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: env -i PATH=\"$PATH\" GOFLAGS=-race go test ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GOFLAGS with -race set before env -i", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: GOFLAGS=-race env -i PATH=\"$PATH\" go test ./...\n"}), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "env -i after the shell expands $TESTFLAGS", files: files(map[string]string{"ci.yml": "on: [push]\nenv:\n  GOFLAGS: -race\n  TESTFLAGS: -race\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + lint + "      - run: go test $TESTFLAGS ./...\n"}), check: "ci", want: Pass, message: "CI runs go vet"},
	})
}

// TestGitHubActionsNotInWorkflows checks local composite actions, which are read,
// and what CI cannot be read: another repository's reusable workflow, a local
// action that is not composite.
func TestGitHubActionsNotInWorkflows(t *testing.T) {
	const composite = "name: go-checks\nruns:\n  using: composite\n  steps:\n    - run: go mod verify\n      shell: bash\n    - run: go vet ./... && go test -race ./...\n      shell: bash\n    - uses: golangci/golangci-lint-action@v6\n"
	wf := func(step string) string {
		return "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: " + step + "\n"
	}
	files := func(extra map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, extra)
	}
	const reusable = "on: [push]\njobs:\n  go:\n    uses: acme/platform-workflows/.github/workflows/go-service.yml@v3\n"
	runBuildCases(t, []buildCase{
		{name: "composite action: ci", files: files(map[string]string{".github/workflows/ci.yml": wf("./.github/actions/go-checks"), ".github/actions/go-checks/action.yml": composite}), check: "ci", want: Pass, message: "CI runs go vet", at: ".github/actions/go-checks/action.yml:7"},
		{name: "composite action: modverify", files: files(map[string]string{".github/workflows/ci.yml": wf("./.github/actions/go-checks"), ".github/actions/go-checks/action.yml": composite}), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "a local action that is not there", files: files(map[string]string{".github/workflows/ci.yml": wf("./.github/actions/go-checks")}), check: "ci", want: Unknown, message: "that were not read may", at: ".github/workflows/ci.yml:7"},
		{name: "a node action", files: files(map[string]string{".github/workflows/ci.yml": wf("./.github/actions/go-checks"), ".github/actions/go-checks/action.yml": "runs:\n  using: node20\n  main: index.js\n"}), check: "ci", want: Unknown, message: "that were not read may"},
		{name: "reusable workflow of another repository: ci", files: files(map[string]string{".github/workflows/ci.yml": reusable}), check: "ci", want: Unknown, message: "that were not read may", at: ".github/workflows/ci.yml:4"},
		{name: "reusable workflow of another repository: modverify", files: files(map[string]string{".github/workflows/ci.yml": reusable}), check: "modverify", want: Unknown, message: "that were not read may", at: ".github/workflows/ci.yml:4"},
	})
}

// TestStaticImageNoCompiler checks a build without CGO_ENABLED in an image without
// a C compiler, where the go command turns cgo off itself.
func TestStaticImageNoCompiler(t *testing.T) {
	files := func(build string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Dockerfile": build + "\nCOPY . .\nRUN go build -o /svc .\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /svc /svc\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "alpine without gcc", files: files("FROM golang:1.26-alpine AS build"), check: "static-image", want: Warn, message: "static only because the build image has no C compiler"},
		{name: "alpine with build-base", files: files("FROM golang:1.26-alpine AS build\nRUN apk add --no-cache build-base"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "debian golang", files: files("FROM golang:1.26 AS build"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
	})
}

// TestStaticImageFinalStage checks what a static final image needs besides the
// binary: no shell for ENTRYPOINT, CMD and HEALTHCHECK, a non-root user and CA
// certificates.
func TestStaticImageFinalStage(t *testing.T) {
	const build = "FROM golang:1.26 AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /svc .\n\n"
	const ca = "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n"
	files := func(final string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Dockerfile": build + final}
	}
	runBuildCases(t, []buildCase{
		{name: "shell-form ENTRYPOINT in scratch", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /svc\nENTRYPOINT /svc --addr :8080\n"), check: "static-image", want: Fail, message: "ENTRYPOINT at Dockerfile:9 runs /bin/sh (shell form), which scratch lacks: the container cannot start"},
		{name: "shell-form HEALTHCHECK with options in scratch", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /svc\nHEALTHCHECK --interval=30s CMD /svc healthcheck || exit 1\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Fail, message: "HEALTHCHECK at Dockerfile:9 runs /bin/sh (shell form), which scratch lacks: the health check can never pass"},
		{name: "exec form naming a shell in distroless static", files: files("FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /svc /svc\nENTRYPOINT [\"/bin/sh\", \"-c\", \"/svc\"]\n"), check: "static-image", want: Fail, message: "ENTRYPOINT at Dockerfile:7 runs /bin/sh (shell form), which gcr.io/distroless/static:nonroot lacks"},
		{name: "shell-form CMD without ENTRYPOINT, inherited from a static stage", files: files("FROM scratch AS base\nUSER 65532\n" + ca + "CMD /svc\n\nFROM base\nCOPY --from=build /svc /svc\n"), check: "static-image", want: Fail, message: "CMD at Dockerfile:8 runs /bin/sh (shell form)"},
		{name: "shell-form CMD after an exec-form ENTRYPOINT is /bin/sh -c and its line, as arguments", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /svc\nENTRYPOINT [\"/svc\"]\nCMD --addr :8080\n"), check: "static-image", want: Warn, message: "CMD at Dockerfile:10 is in shell form after the exec-form ENTRYPOINT at Dockerfile:9: Docker passes it to the entrypoint as the arguments /bin/sh -c \"--addr :8080\""},
		{name: "shell-form CMD of the base stage, reset by the ENTRYPOINT of the final one", files: files("FROM scratch AS base\nUSER 65532\n" + ca + "CMD --addr :8080\n\nFROM base\nCOPY --from=build /svc /svc\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "shell form in a debug image that has a shell", files: files("FROM gcr.io/distroless/static:debug\nCOPY --from=build /svc /svc\nENTRYPOINT /svc\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "exec form and HEALTHCHECK NONE", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /svc\nHEALTHCHECK NONE\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "exec-form HEALTHCHECK of a program scratch lacks", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /svc\nHEALTHCHECK CMD [\"wget\", \"-q\", \"-O-\", \"http://localhost:8080/healthz\"]\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Fail, message: "HEALTHCHECK at Dockerfile:9 runs wget, which no COPY or ADD puts into scratch, an image with no programs of its own: the health check can never pass"},
		{name: "exec-form ENTRYPOINT of a path nothing copies", files: files("FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /svc /app/svc\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Fail, message: "ENTRYPOINT at Dockerfile:7 runs /svc, which no COPY or ADD puts into gcr.io/distroless/static:nonroot"},
		{name: "exec-form CMD of a program copied into a directory of PATH", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /usr/local/bin/\nCMD [\"svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "exec-form ENTRYPOINT relative to WORKDIR, inherited from a static stage", files: files("FROM scratch AS base\nUSER 65532\n" + ca + "WORKDIR /srv\n\nFROM base\nCOPY --from=build /svc .\nENTRYPOINT [\"./svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a busybox applet copied for the health check", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc /svc\nCOPY --from=busybox:1.36-musl /bin/busybox /bin/wget\nHEALTHCHECK CMD [\"wget\", \"-q\", \"http://localhost:8080/healthz\"]\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a destination left to a build argument counts as holding the program", files: files("FROM scratch\nUSER 65532\n" + ca + "COPY --from=build /svc ${BIN_DIR}/\nENTRYPOINT [\"/opt/bin/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "scratch without USER runs as root", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "no USER, so the process runs as root (uid 0)"},
		{name: "scratch without CA certificates", files: files("FROM scratch\nUSER 65532\nCOPY --from=build /svc /svc\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "no CA certificates are copied into scratch"},
		{name: "USER 0 runs as root", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER 0\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "USER 0 (Dockerfile:8), so the process runs as root (uid 0)"},
		{name: "USER 0:0 runs as root", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER 0:0\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "USER 0:0 (Dockerfile:8), so the process runs as root"},
		{name: "USER root runs as root", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER root\nCOPY --from=build /etc/passwd /etc/passwd\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "USER root (Dockerfile:8), so the process runs as root"},
		{name: "USER root:root runs as root", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER root:root\nCOPY --from=build /etc/passwd /etc/group /etc/\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "USER root:root (Dockerfile:8), so the process runs as root"},
		{name: "USER from an ARG that gives 0", files: files("FROM scratch\nARG UID=0\n" + ca + "COPY --from=build /svc /svc\nUSER ${UID}\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "USER 0 (Dockerfile:9), so the process runs as root"},
		{name: "the last USER is root", files: files("FROM scratch AS base\nUSER 65532\n\nFROM base\n" + ca + "COPY --from=build /svc /svc\nUSER root\nCOPY --from=build /etc/passwd /etc/passwd\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Warn, message: "USER root (Dockerfile:11)"},
		{name: "USER 65532:0 is not root", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER 65532:0\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a user name in scratch without /etc/passwd", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER appuser\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Fail,
			message: "USER appuser (Dockerfile:8) names the user appuser, which the runtime looks up in /etc/passwd, but scratch has none and no COPY or ADD puts one in: the container cannot start"},
		{name: "USER root in scratch without /etc/passwd", files: files("FROM scratch\n" + ca + "COPY --from=build /svc /svc\nUSER root\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Fail, message: "USER root (Dockerfile:8) names the user root, which the runtime looks up in /etc/passwd"},
		{name: "a user name with /etc/passwd copied", files: files("FROM scratch\n" + ca + "COPY --from=build /etc/passwd /etc/passwd\nCOPY --from=build /svc /svc\nUSER appuser\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a user name with /etc/passwd copied into /etc/ by a stage it is built on", files: files("FROM scratch AS base\nCOPY --from=build /etc/passwd /etc/group /etc/\n\nFROM base\n" + ca + "COPY --from=build /svc /svc\nUSER appuser:appgroup\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a group name without /etc/group", files: files("FROM scratch\n" + ca + "COPY --from=build /etc/passwd /etc/passwd\nCOPY --from=build /svc /svc\nUSER 65532:appgroup\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Fail, message: "USER 65532:appgroup (Dockerfile:9) names the group appgroup, which the runtime looks up in /etc/group, but scratch has none and no COPY or ADD puts one in: the container cannot start (\"unable to find group appgroup\")"},
		{name: "a user name in distroless static, which has /etc/passwd", files: files("FROM gcr.io/distroless/static\nCOPY --from=build /svc /svc\nUSER nonroot\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "USER from an ARG that gives a non-root uid", files: files("FROM scratch\nARG UID=65532\n" + ca + "COPY --from=build /svc /svc\nUSER $UID\nENTRYPOINT [\"/svc\"]\n"), check: "static-image", want: Pass, message: "the final image is static"},
	})
}

// TestKoBuilds checks the builds and images of a .ko.yaml, read like GoReleaser's:
// CGO_ENABLED=0 unless a build's env says otherwise, on ko's default base image
// unless defaultBaseImage or baseImageOverrides name another.
func TestKoBuilds(t *testing.T) {
	const build = "builds:\n  - id: svc\n    main: .\n    ldflags:\n      - -X main.version={{.Env.VERSION}} -X main.commit={{.Git.FullCommit}}\n"
	files := func(ko string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".ko.yaml": ko}
	}
	runBuildCases(t, []buildCase{
		{name: "ldflags of a ko build", files: files(build), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit", at: ".ko.yaml:5"},
		{name: "a ko build without ldflags", files: files("builds:\n  - id: svc\n    main: .\n"), check: "ldflags", want: Warn, message: "the ko build (.ko.yaml:2) injects no version or commit"},
		{name: "ko's default base image", files: files(build), check: "static-image", want: Pass, message: "ko (.ko.yaml:2) builds the image on cgr.dev/chainguard/static, a static image, and builds with CGO_ENABLED=0", at: ".ko.yaml:2"},
		{name: "ldflags of a ko build: the -X item, not -s -w", files: files("builds:\n  - id: svc\n    main: .\n    ldflags:\n      - -s -w\n      - -X main.version={{.Env.VERSION}}\n      - -X main.commit={{.Git.FullCommit}}\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit", at: ".ko.yaml:6"},
		{name: "ldflags of a GoReleaser build: the -X item, not -s -w", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".goreleaser.yaml": "version: 2\nbuilds:\n  - main: .\n    env:\n      - CGO_ENABLED=0\n    ldflags:\n      - -s -w\n      - -X main.version={{.Version}}\n      - -X main.commit={{.Commit}}\n"},
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit", at: ".goreleaser.yaml:8"},
		{name: "a base image with an OS", files: files("defaultBaseImage: alpine:3.22\n" + build), check: "static-image", want: Warn, message: "builds the image on alpine:3.22, which carries more than a static binary needs"},
		{name: "an override for the package", files: files("defaultBaseImage: alpine:3.22\nbaseImageOverrides:\n  example.test/svc: gcr.io/distroless/static\n" + build), check: "static-image", want: Pass, message: "builds the image on gcr.io/distroless/static, a static image"},
		{name: "cgo turned on in the build's env", files: files(build + "    env:\n      - CGO_ENABLED=1\n"), check: "static-image", want: Fail, message: "with CGO_ENABLED=1, so the binary may link libc"},
	})
}

// TestGoReleaserKos checks the kos entries of a GoReleaser file: ko builds the
// image from the build the entry names (its env, its main unless the entry sets
// one) on the entry's base_image, else ko's default; such an image is the
// package's, not a missing Dockerfile.
func TestGoReleaserKos(t *testing.T) {
	files := func(kos string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".goreleaser.yaml": "version: 2\nbuilds:\n  - id: svc\n    main: .\n    env:\n      - CGO_ENABLED=0\n  - id: tool\n    main: ./tool\n" + kos}
	}
	runBuildCases(t, []buildCase{
		{name: "on ko's default base", files: files("kos:\n  - id: img\n    build: svc\n    repositories: [ghcr.io/acme/svc]\n"), check: "static-image", want: Pass,
			message: "ko (.goreleaser.yaml:10) builds the image on cgr.dev/chainguard/static, a static image, and builds with CGO_ENABLED=0", at: ".goreleaser.yaml:10"},
		{name: "on a distribution's image", files: files("kos:\n  - build: svc\n    base_image: debian:bookworm\n"), check: "static-image", want: Warn,
			message: "ko (.goreleaser.yaml:10) builds the image on debian:bookworm, which carries more than a static binary needs"},
		{name: "the entry's own main", files: files("kos:\n  - build: tool\n    main: .\n    base_image: gcr.io/distroless/static\n"), check: "static-image", want: Pass,
			message: "builds the image on gcr.io/distroless/static, a static image"},
		{name: "an image of another build", files: files("kos:\n  - build: tool\n"), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
	})
}

// TestKoEnvTemplate checks ko's {{.Env.NAME}} in ldflags: ko renders it with the
// environment of the ko command and the build's env, and stops the build at a
// missing key, so a CI that runs ko without setting it is WARN; set by the step,
// job or workflow env, the command line, the .ko.yaml or the Makefile whose target
// runs ko, it counts, as it does when no CI runs ko.
func TestKoEnvTemplate(t *testing.T) {
	const ko = "builds:\n  - id: svc\n    main: .\n    ldflags:\n      - -s -w\n      - -X main.version={{.Env.VERSION}}\n      - -X main.commit={{ .Env.GIT_SHA }}\n"
	files := func(ko, steps string, more ...string) map[string]string {
		f := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".ko.yaml": ko,
			".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n  ko:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ko-build/setup-ko@v0.7\n" + steps}
		for i := 0; i+1 < len(more); i += 2 {
			f[more[i]] = more[i+1]
		}
		return f
	}
	const stepEnv = "        env:\n          VERSION: ${{ github.ref_name }}\n          GIT_SHA: ${{ github.sha }}\n"
	runBuildCases(t, []buildCase{
		{name: "ko build with no env", files: files(ko, "      - run: ko build --bare .\n"), check: "ldflags", want: Warn,
			message: "the ko build (.ko.yaml:6) sets -X main.version and -X main.commit from {{.Env.VERSION}}, {{.Env.GIT_SHA}}: no env of the workflow, job or step that runs ko (.github/workflows/release.yml:10), nor the build's env in .ko.yaml, sets VERSION, GIT_SHA, and ko stops the build at a missing key", at: ".ko.yaml:6"},
		{name: "only the version left unset", files: files(strings.Replace(ko, "{{ .Env.GIT_SHA }}", "{{.Git.FullCommit}}", 1), "      - run: ko build --bare .\n"), check: "ldflags", want: Warn, message: "sets -X main.version from {{.Env.VERSION}}: no env"},
		{name: "the step's env", files: files(ko, "      - run: ko build --bare .\n"+stepEnv), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the workflow's env", files: files(ko, "      - run: ko build --bare .\nenv:\n  VERSION: ${{ github.ref_name }}\n  GIT_SHA: ${{ github.sha }}\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the command line", files: files(ko, "      - run: VERSION=$(git describe --tags) GIT_SHA=$GITHUB_SHA ko build --bare .\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the .ko.yaml's defaultEnv", files: files("defaultEnv:\n  - VERSION=dev\n  - GIT_SHA=none\n"+ko, "      - run: ko build --bare .\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "ko resolve of a Makefile target that exports them", files: files(ko, "      - run: make release\n", "Makefile", "export VERSION ?= $(shell git describe --tags)\nexport GIT_SHA ?= $(shell git rev-parse HEAD)\n\nrelease:\n\tko resolve -f config/ > release.yaml\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "ko build of a Makefile target that sets nothing", files: files(ko, "      - run: make release\n", "Makefile", "release:\n\tko build --bare .\n"), check: "ldflags", want: Warn, message: "no env of the workflow, job or step that runs ko (Makefile:2)"},
		{name: "no CI runs ko", files: files(ko, "      - run: go test ./...\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestSkaffoldImages checks the images a skaffold build (or run) of CI builds: the
// docker (or kaniko) artifacts of its skaffold.yaml, with their context, dockerfile,
// target and buildArgs, read as a docker build's; a template value, a profile that
// may apply, required configs and a custom builder are UNKNOWN.
func TestSkaffoldImages(t *testing.T) {
	const df = "FROM golang:1.26 AS build\nARG CGO=0\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=${CGO} go build -o /out/svc .\n\n" +
		"FROM golang:1.26 AS debug\nCOPY --from=build /out/svc /svc\n\n" +
		"FROM scratch AS release\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/svc /svc\n"
	files := func(run, skaffold string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Dockerfile": df, "skaffold.yaml": skaffold,
			".github/workflows/release.yml": "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: " + run + "\n"}
	}
	artifact := func(builder string) string {
		return "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/svc\n" + builder
	}
	runBuildCases(t, []buildCase{
		{name: "buildArgs CGO=1", files: files("skaffold build --push", artifact("      docker:\n        dockerfile: Dockerfile\n        buildArgs:\n          CGO: \"1\"\n")), check: "static-image", want: Fail, message: "Dockerfile (final stage FROM scratch, with --build-arg CGO=1 at .github/workflows/release.yml:7): the binary is built without CGO_ENABLED=0"},
		{name: "buildArgs CGO=0", files: files("skaffold run", artifact("      docker:\n        buildArgs:\n          CGO: \"0\"\n")), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a target", files: files("skaffold build", artifact("      docker:\n        target: debug\n")), check: "static-image", want: Fail, message: "Dockerfile (stage debug, built with --target, FROM golang:1.26): the final image is the Go toolchain image"},
		{name: "kaniko in the cluster", files: files("skaffold build", artifact("      kaniko:\n        buildArgs:\n          CGO: \"1\"\n")), check: "static-image", want: Fail, message: "with --build-arg CGO=1"},
		{name: "no builder named: docker", files: files("skaffold build -f skaffold.yaml", artifact("      context: .\n")), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a template value", files: files("skaffold build", artifact("      docker:\n        buildArgs:\n          CGO: \"{{.CGO}}\"\n")), check: "static-image", want: Unknown, message: "CGO_ENABLED is set from the build argument CGO"},
		{name: "a profile named", files: files("skaffold build -p prod", artifact("      docker: {}\nprofiles:\n  - name: prod\n    patches:\n      - op: add\n        path: /build/artifacts/0/docker/buildArgs\n        value: {CGO: \"1\"}\n")), check: "static-image", want: Unknown, message: "skaffold.yaml: the profile at line 8 may change its artifacts"},
		{name: "a profile not named, without activation", files: files("skaffold build", artifact("      docker: {}\nprofiles:\n  - name: prod\n    patches:\n      - op: add\n        path: /build/artifacts/0/docker/buildArgs\n        value: {CGO: \"1\"}\n")), check: "static-image", want: Pass, message: "the final image is static"},
		{name: "a custom builder", files: files("skaffold build", artifact("      custom:\n        buildCommand: ./build.sh\n")), check: "static-image", want: Unknown, message: "built by a custom script"},
		{name: "no skaffold.yaml", files: withFiles(files("skaffold build -f deploy/skaffold.yaml", ""), nil), check: "static-image", want: Unknown, message: "deploy/skaffold.yaml is not read by this audit"},
	})
}

// TestKoCIEnvironment checks the image of a ko build that CI runs: without a
// .ko.yaml build of the package, ko builds what its command line names on its
// default base with CGO_ENABLED=0; KO_DEFAULTBASEIMAGE in the environment CI runs
// ko with replaces the base (and a .ko.yaml's defaultBaseImage, but not its
// baseImageOverrides entry), and CGO_ENABLED there the default 0 (not the build's
// own env).
func TestKoCIEnvironment(t *testing.T) {
	const build = "builds:\n  - id: svc\n    main: .\n"
	files := func(ko, jobEnv, run string) map[string]string {
		f := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n  ko:\n    runs-on: ubuntu-latest\n" + jobEnv + "    steps:\n      - uses: actions/checkout@v4\n      - uses: ko-build/setup-ko@v0.7\n      - run: " + run + "\n"}
		if ko != "" {
			f[".ko.yaml"] = ko
		}
		return f
	}
	const ubuntu = "    env:\n      KO_DEFAULTBASEIMAGE: ubuntu:24.04\n"
	runBuildCases(t, []buildCase{
		{name: "ko build without a .ko.yaml", files: files("", "", "ko build --bare ."), check: "static-image", want: Pass, message: "ko (.github/workflows/release.yml:10) builds the image on cgr.dev/chainguard/static, a static image, and builds with CGO_ENABLED=0"},
		{name: "ko build of an import path without a .ko.yaml", files: files("", "", "ko build --platform linux/amd64,linux/arm64 ko://example.test/svc"), check: "static-image", want: Pass, message: "builds the image on cgr.dev/chainguard/static"},
		{name: "ko build of another package", files: files("", "", "ko build ./tools/migrate"), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "KO_DEFAULTBASEIMAGE in the job's env", files: files(build, ubuntu, "ko build ."), check: "static-image", want: Warn, message: "ko (.ko.yaml:2) builds the image on ubuntu:24.04 (KO_DEFAULTBASEIMAGE in the environment CI runs ko with, .github/workflows/release.yml:8), which carries more"},
		{name: "KO_DEFAULTBASEIMAGE over defaultBaseImage", files: files("defaultBaseImage: gcr.io/distroless/static\n"+build, ubuntu, "ko build ."), check: "static-image", want: Warn, message: "builds the image on ubuntu:24.04"},
		{name: "KO_DEFAULTBASEIMAGE on the command line, no .ko.yaml", files: files("", "", "KO_DEFAULTBASEIMAGE=alpine:3.22 ko build ."), check: "static-image", want: Warn, message: "builds the image on alpine:3.22"},
		{name: "a baseImageOverrides entry over KO_DEFAULTBASEIMAGE", files: files("baseImageOverrides:\n  example.test/svc: gcr.io/distroless/static\n"+build, ubuntu, "ko build ."), check: "static-image", want: Pass, message: "builds the image on gcr.io/distroless/static, a static image"},
		{name: "KO_DEFAULTBASEIMAGE static", files: files(build, "    env:\n      KO_DEFAULTBASEIMAGE: gcr.io/distroless/static-debian12\n", "ko build ."), check: "static-image", want: Pass, message: "a static image"},
		{name: "CGO_ENABLED=1 in the environment of ko", files: files(build, "    env:\n      CGO_ENABLED: \"1\"\n", "ko build ."), check: "static-image", want: Fail, message: "with CGO_ENABLED=1, so the binary may link libc"},
		{name: "CGO_ENABLED=0 in the build's env over the environment", files: files(build+"    env:\n      - CGO_ENABLED=0\n", "    env:\n      CGO_ENABLED: \"1\"\n", "ko build ."), check: "static-image", want: Pass, message: "a static image"},
	})
}

// TestKoStaticImageEvidence: the evidence of a ko image holds the build, the env
// entry that sets CGO_ENABLED and the base image, not the build's ldflags.
func TestKoStaticImageEvidence(t *testing.T) {
	files := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
		".ko.yaml": "defaultBaseImage: gcr.io/distroless/static-debian12:nonroot\nbuilds:\n  - id: svc\n    main: .\n    env:\n      - CGO_ENABLED=0\n    ldflags:\n      - -s -w\n      - -X main.version={{.Env.VERSION}} -X main.commit={{.Git.FullCommit}}\n"}
	res := auditInline(t, files, "static-image")
	var got []string
	for _, e := range res.Evidence {
		got = append(got, fmt.Sprintf("%s:%d %s", e.File, e.Line, e.Snippet))
	}
	want := []string{".ko.yaml:3 - id: svc", ".ko.yaml:6 - CGO_ENABLED=0", ".ko.yaml:1 defaultBaseImage: gcr.io/distroless/static-debian12:nonroot"}
	if res.Status != Pass || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s %q\nevidence:\n%s\nwant:\n%s", res.Status, res.Message, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUnresolvedPackageArgument checks a build whose package is left to a build
// argument without a value, with several services: UNKNOWN, not "no build".
func TestUnresolvedPackageArgument(t *testing.T) {
	rep, err := Run(context.Background(), twoServices(t), Options{Only: []string{"ldflags", "static-image"}, Main: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		if res.Status != Unknown || !strings.Contains(res.Message, "builds ./cmd/${SERVICE}, which this audit cannot resolve") {
			t.Errorf("%s: %s %q, want UNKNOWN naming ./cmd/${SERVICE}", res.Check, res.Status, res.Message)
		}
	}
}

// openInline opens the repository made of files.
func openInline(t *testing.T, files map[string]string) *repo.Repo {
	t.Helper()
	return openInlineAt(t, files, ".")
}

// openInlineAt opens the directory dir of the files ("" or "." for their root).
func openInlineAt(t *testing.T, files map[string]string, dir string) *repo.Repo {
	t.Helper()
	tree := fstest.MapFS{}
	for name, src := range files {
		tree[name] = &fstest.MapFile{Data: []byte(src)}
	}
	if dir == "" {
		dir = "."
	}
	r, err := repo.OpenIn(context.Background(), tree, dir, "inline")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// twoServices opens a repository with two services, cmd/orders and cmd/admin, and a
// Dockerfile that leaves the package it builds to a build argument without a value.
func twoServices(t *testing.T) *repo.Repo {
	return openInline(t, map[string]string{
		"go.mod":             buildGoMod,
		"cmd/orders/main.go": buildMainGo,
		"cmd/admin/main.go":  buildMainGo,
		"Dockerfile":         "FROM golang:1.26\nARG SERVICE\nCOPY . .\nRUN go build -o /app ./cmd/${SERVICE}\n",
	})
}

// TestMakeEnvironment checks that a make call's environment reaches the Makefile's
// conditionals and ?= defaults.
func TestMakeEnvironment(t *testing.T) {
	const mk = "ifdef RACE\nTESTFLAGS := -race\nendif\nvet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\ntest:\n\tgo test $(TESTFLAGS) ./...\n"
	files := func(run string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: " + run + "\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "set before make", files: files("RACE=1 make vet lint test"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "exported before make", files: files("export RACE=1 && make vet lint test"), check: "ci", want: Pass, message: "CI runs go vet"},
		// RACE may come from the runner's environment (GitLab CI/CD variables, a
		// self-hosted runner): TESTFLAGS is left unexpanded, and may hold -race
		{name: "not set", files: files("make vet lint test"), check: "ci", want: Unknown, message: "go test's $(TESTFLAGS), which this audit cannot expand"},
	})
}

// TestMakeCIEnvironment checks that the variables a CI puts in the environment
// (GitHub env: of the workflow, job or step; GitLab global and job variables:, and
// those of each job of a parallel: matrix:) reach a Makefile's ?= defaults: make
// keeps an environment variable, an empty one too.
func TestMakeCIEnvironment(t *testing.T) {
	const mk = "RACE ?= -race\nvet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\ntest:\n\tgo test $(RACE) ./...\n"
	github := func(workflowEnv, jobEnv, stepEnv, run string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			".github/workflows/ci.yml": "on: push\n" + workflowEnv + "jobs:\n  test:\n    runs-on: ubuntu-latest\n" + jobEnv + "    steps:\n      - run: " + run + "\n" + stepEnv}
	}
	gitlab := func(global, job, script string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			".gitlab-ci.yml": global + "test:\n  image: golang:1.26\n" + job + "  script:\n" + script}
	}
	runBuildCases(t, []buildCase{
		{name: "no environment", files: github("", "", "", "make vet lint test"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "step env", files: github("", "", "        env:\n          RACE: -count=1\n", "make vet lint test"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "job env, empty", files: github("", "    env:\n      RACE: \"\"\n", "", "make vet lint test"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "workflow env", files: github("env:\n  RACE: -v\n", "", "", "make vet lint test"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "workflow env keeping -race", files: github("env:\n  RACE: -race -v\n", "", "", "make vet lint test"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "env of another variable", files: github("env:\n  CGO_ENABLED: \"1\"\n", "", "", "make vet lint test"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GitLab global variables", files: gitlab("variables:\n  RACE: \"\"\n", "", "    - make vet lint test\n"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "GitLab variables with a value key", files: gitlab("variables:\n  RACE:\n    value: -short\n    description: flags\n", "", "    - make vet lint test\n"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "GitLab job variables over global ones", files: gitlab("variables:\n  RACE: \"\"\n", "  variables:\n    RACE: -race\n", "    - make vet lint test\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "the script assigns it again", files: gitlab("variables:\n  RACE: \"\"\n", "", "    - |\n      RACE=-race\n      make vet lint test\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GitLab parallel matrix over the job's variables", files: gitlab("", "  variables:\n    RACE: -race\n  parallel:\n    matrix:\n      - RACE: [-short]\n", "    - make vet lint test\n"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "GitLab parallel matrix, no job with -race", files: gitlab("", "  parallel:\n    matrix:\n      - RACE: [-short, -v]\n", "    - make vet lint test\n"), check: "ci", want: Warn, message: "does not run go test -race"},
		{name: "GitLab parallel matrix, one job with -race", files: gitlab("", "  parallel:\n    matrix:\n      - RACE: [-short]\n        OS: [linux]\n      - RACE: -race\n", "    - make vet lint test\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GitLab parallel matrix in the script", files: gitlab("", "  parallel:\n    matrix:\n      - FLAGS: [-short]\n", "    - go vet ./...\n    - go test $FLAGS ./...\n    - golangci-lint run\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GitLab parallel matrix in the script, with -race", files: gitlab("", "  parallel:\n    matrix:\n      - FLAGS: [\"-race\"]\n", "    - go vet ./...\n    - go test $FLAGS ./...\n    - golangci-lint run\n"), check: "ci", want: Pass, message: "CI runs go vet"},
	})
}

// TestCIThatNeverFails checks CI whose checks never fail a pipeline: jobs that never
// run (a need that is skipped, a workflow only started by hand, GitLab workflow rules
// that all say never) do not count, and checks whose failure is ignored (|| true,
// continue-on-error, allow_failure) are named.
func TestCIThatNeverFails(t *testing.T) {
	const steps = "    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v8\n"
	gh := func(workflow string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": workflow}
	}
	gl := func(ci string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": ci}
	}
	const glJob = "test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"
	runBuildCases(t, []buildCase{
		{name: "needs a job that never runs", files: gh("on: [push]\njobs:\n  gate:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo gate\n  test:\n    needs: gate\n    runs-on: ubuntu-latest\n" + steps),
			check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "needs a skipped job, but always()", files: gh("on: [push]\njobs:\n  gate:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo gate\n  test:\n    needs: [gate]\n    if: ${{ always() }}\n    runs-on: ubuntu-latest\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "needs a job that runs", files: gh("on: [push]\njobs:\n  gate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo gate\n  test:\n    needs: gate\n    runs-on: ubuntu-latest\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "only started by hand", files: gh("on: [workflow_dispatch]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + steps),
			check: "ci", want: Warn, message: ".github/workflows/ci.yml never runs by itself", at: ".github/workflows/ci.yml:1"},
		{name: "started by hand and on push", files: gh("on:\n  push:\n  workflow_dispatch:\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GitLab workflow rules that all say never", files: gl("workflow:\n  rules:\n    - when: never\n" + glJob),
			check: "ci", want: Warn, message: ".gitlab-ci.yml never runs by itself"},
		{name: "GitLab workflow rules with one that runs", files: gl("workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: never\n    - when: always\n" + glJob),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "|| true", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./... || true\n      - run: go test -race ./...\n      - run: staticcheck ./...\n"),
			check: "ci", want: Warn, message: "CI runs go vet but ignores the failure", at: ".github/workflows/ci.yml:6"},
		{name: "|| a recipe that fails", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./... || (cat vet.log; exit 1)\n      - run: go test -race ./... || echo failed && exit 1\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error on the step", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: true\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure", at: ".github/workflows/ci.yml:8"},
		{name: "continue-on-error on the job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n" + steps),
			check: "ci", want: Warn, message: "but ignores the failure"},
		{name: "continue-on-error from the matrix", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error from the matrix, true in every job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix:\n        experimental: [true]\n" + steps),
			check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure", at: ".github/workflows/ci.yml:5"},
		{name: "continue-on-error from the matrix, false in one job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix:\n        experimental: [true, false]\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error from the matrix, true in the -race job only", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix:\n        flags: [-short]\n        include:\n          - flags: -race\n            experimental: true\n" +
			"    steps:\n      - run: go vet ./...\n      - run: go test ${{ matrix.flags }} ./...\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "continue-on-error from the matrix, true in every job but those an include from fromJSON adds", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix:\n        experimental: [true]\n        include: ${{ fromJSON(needs.setup.outputs.extra) }}\n" + steps),
			check: "ci", want: Unknown, message: "its go test -race at .github/workflows/ci.yml:13 may count: its job's continue-on-error: ${{ matrix.experimental }} reads matrix values this audit cannot resolve", at: ".github/workflows/ci.yml:5"},
		{name: "continue-on-error from a matrix from fromJSON", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}\n" + steps),
			check: "ci", want: Unknown, message: "may count: its job's continue-on-error: ${{ matrix.experimental }} reads matrix values"},
		{name: "continue-on-error from matrix values from fromJSON", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix:\n        experimental: ${{ fromJSON(needs.setup.outputs.experimental) }}\n" + steps),
			check: "ci", want: Unknown, message: "may count: its job's continue-on-error: ${{ matrix.experimental }} reads matrix values"},
		{name: "continue-on-error from the matrix, false in one job, an include from fromJSON", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.experimental }}\n    strategy:\n      matrix:\n        experimental: [true, false]\n        include: ${{ fromJSON(needs.setup.outputs.extra) }}\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error of a step from the matrix, true in every job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        experimental: [true]\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.experimental }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure", at: ".github/workflows/ci.yml:11"},
		{name: "continue-on-error of a step from the matrix, false in one job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        experimental: [true, false]\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.experimental }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error of a step from the matrix, true in an include's job only", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        go: [stable]\n        include:\n          - go: tip\n            experimental: true\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.experimental }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error of a step from a comparison, true in every job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        go: [stable, tip]\n        exclude:\n          - go: stable\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.go == 'tip' }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure", at: ".github/workflows/ci.yml:13"},
		{name: "continue-on-error of a step from two matrix keys, true in every job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        os: [ubuntu-latest]\n        experimental: [true]\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.experimental || matrix.os == 'windows-latest' }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "continue-on-error of a step from a comparison, false in one job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        go: [stable, tip]\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.go == 'tip' }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "continue-on-error of a step from matrix values from fromJSON", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        experimental: ${{ fromJSON(needs.setup.outputs.experimental) }}\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n        continue-on-error: ${{ matrix.experimental }}\n      - uses: golangci/golangci-lint-action@v8\n"),
			check: "ci", want: Unknown, message: "may count: its step's continue-on-error: ${{ matrix.experimental }} reads matrix values", at: ".github/workflows/ci.yml:11"},
		{name: "continue-on-error of the job from a comparison, true in every job", files: gh("on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: ${{ matrix.go != 'stable' }}\n    strategy:\n      matrix:\n        go: [tip]\n" + steps),
			check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"},
		{name: "ignored in one job, heeded in another", files: gh("on: [push]\njobs:\n  advisory:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n" + steps + "  test:\n    runs-on: ubuntu-latest\n" + steps),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "GitLab allow_failure", files: gl("test:\n  image: golang:1.26\n  allow_failure: true\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"),
			check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"},
		// GitLab reads YAML 1.1, where yes and on are true.
		{name: "GitLab allow_failure: yes", files: gl("test:\n  image: golang:1.26\n  allow_failure: yes\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"),
			check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"},
		{name: "GitLab allow_failure: On", files: gl("test:\n  image: golang:1.26\n  allow_failure: On\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"),
			check: "ci", want: Warn, message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure"},
		{name: "GitLab allow_failure: no", files: gl("test:\n  image: golang:1.26\n  allow_failure: no\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "make vet || true", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": "vet:\n\tgo vet ./...\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make vet || true\n      - run: go test -race ./...\n      - run: staticcheck ./...\n"},
			check: "ci", want: Warn, message: "CI runs go vet but ignores the failure"},
	})
}

// TestCITriggerFilters checks that a GitHub workflow whose push and pull_request
// filters leave out every change of the Go code alone (paths, paths-ignore,
// branches-ignore, a push of tags alone) does not count, and that filters that may
// let one through, or other triggers, keep it.
func TestCITriggerFilters(t *testing.T) {
	const steps = "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v8\n"
	gh := func(on string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "docs/index.md": "# docs\n", ".github/workflows/ci.yml": on + steps}
	}
	const never = ".github/workflows/ci.yml never runs for a change of Go code alone"
	runBuildCases(t, []buildCase{
		{name: "paths of docs only", files: gh("on:\n  push:\n    paths: ['docs/**', '**.md']\n  pull_request:\n    paths: ['docs/**', '**.md']\n"),
			check: "ci", want: Warn, message: never + ": push has a paths filter (docs/**, **.md) that matches none of the repository's Go files"},
		{name: "paths of docs, and started by hand", files: gh("on:\n  push:\n    paths: [docs/**]\n  workflow_dispatch:\n"),
			check: "ci", want: Warn, message: never},
		{name: "paths of docs only, modverify", files: withFiles(gh("on:\n  pull_request:\n    paths: ['docs/**']\n"), map[string]string{".github/workflows/ci.yml": "on:\n  pull_request:\n    paths: ['docs/**']\n" + steps + "      - run: go mod verify\n"}),
			check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly (" + never + ": pull_request has a paths filter (docs/**)"},
		{name: "paths of Go code, modverify", files: withFiles(gh("on:\n  pull_request:\n    paths: ['**.go']\n"), map[string]string{".github/workflows/ci.yml": "on:\n  pull_request:\n    paths: ['**.go']\n" + steps + "      - run: go mod verify\n"}),
			check: "modverify", want: Pass, message: ""},
		{name: "paths-ignore of everything", files: gh("on:\n  push:\n    paths-ignore: ['**']\n  pull_request:\n    paths-ignore: ['**']\n"),
			check: "ci", want: Warn, message: "push has a paths-ignore filter (**) that matches every Go file"},
		{name: "branches-ignore of every branch", files: gh("on:\n  push:\n    branches-ignore: ['**']\n"),
			check: "ci", want: Warn, message: "push has branches-ignore: '**'"},
		{name: "a push of tags alone", files: gh("on:\n  push:\n    tags: ['v*']\n"),
			check: "ci", want: Warn, message: "push has tags and no branches filter"},
		{name: "paths that hold Go files", files: gh("on:\n  push:\n    paths: ['**.go', 'go.mod']\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "paths that hold go.mod", files: gh("on:\n  push:\n    paths: ['**.md', go.mod]\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "paths-ignore of docs", files: gh("on:\n  push:\n    paths-ignore: ['docs/**']\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a pattern not read", files: gh("on:\n  push:\n    paths: ['[a-z]*.go']\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "branches-ignore of one branch", files: gh("on:\n  push:\n    branches-ignore: ['*']\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "tags on push, pull requests unfiltered", files: gh("on:\n  push:\n    tags: ['v*']\n  pull_request:\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "paths of docs beside a schedule", files: gh("on:\n  push:\n    paths: [docs/**]\n  schedule:\n    - cron: '0 3 * * *'\n"),
			check: "ci", want: Pass, message: "CI runs go vet"},
	})
}

// TestLDFlagsMainPackage checks -X settings the linker never applies to a main
// package: ones that name it by its import path, and ones an init function
// overwrites.
func TestLDFlagsMainPackage(t *testing.T) {
	svc := func(flags, code string) map[string]string {
		return map[string]string{"go.mod": buildGoMod,
			"main.go":  buildMainGo + code,
			"Makefile": "build:\n\tgo build -ldflags \"" + flags + "\" -o bin/svc .\n"}
	}
	const x = "-X main.version=1.2.3 -X main.commit=abc"
	runBuildCases(t, []buildCase{
		{name: "the import path of the main package", files: svc("-X example.test/svc.version=1.2.3 -X example.test/svc.commit=abc", ""), check: "ldflags", want: Fail, message: "the linker knows a main package as main, not by its import path: write -X main.version"},
		{name: "main.version", files: svc(x, ""), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "init overwrites the version", files: svc(x, "\nfunc init() {\n\tversion = \"dev\"\n}\n"), check: "ldflags", want: Fail, message: "init() assigns it in main.go before main runs"},
		{name: "init sets a default only when -X did not", files: svc(x, "\nfunc init() {\n\tif version == \"\" {\n\t\tversion = \"dev\"\n\t}\n}\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "init assigns a local of that name", files: svc(x, "\nfunc init() {\n\tversion := \"dev\"\n\t_ = version\n}\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestLDFlagsInitOverwrites checks -X settings into a variable of another package
// that an init function assigns: -X sets its initial value, before any init runs, so an
// init of any package of the binary (main's own too) that assigns it unconditionally
// overwrites what the build injected, while one that reads the variable itself
// (strings.TrimPrefix(Version, "v")) keeps it.
func TestLDFlagsInitOverwrites(t *testing.T) {
	const bi = "example.test/svc/internal/buildinfo"
	const mainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n\n\t\"" + bi + "\"\n\t_ \"example.test/svc/internal/app\"\n)\n\nfunc main() {\n\tprintln(buildinfo.Version, buildinfo.Commit)\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: time.Second}\n\tsrv.ListenAndServe()\n}\n"
	const plain = "package buildinfo\n\nvar (\n\tVersion string\n\tCommit  string\n)\n"
	svc := func(buildinfo string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod,
			"main.go":                         mainGo,
			"internal/buildinfo/buildinfo.go": buildinfo,
			"internal/app/app.go":             "package app\n",
			"Makefile":                        "build:\n\tgo build -ldflags \"-X " + bi + ".Version=1.2.3 -X " + bi + ".Commit=abc\" -o bin/svc .\n"}, extra)
	}
	initIn := func(file, pkg, imports, body string) map[string]string {
		return map[string]string{file: "package " + pkg + "\n\n" + imports + "\nfunc init() {\n" + body + "}\n"}
	}
	const imp = "import \"" + bi + "\"\n"
	const pass = "1 build(s) inject version and commit"
	const overwritten = "so what -X sets is overwritten: the binary never reports the injected value"
	runBuildCases(t, []buildCase{
		{name: "no init", files: svc(plain, nil), check: "ldflags", want: Pass, message: pass},
		{name: "main's init assigns it", files: svc(plain, initIn("version.go", "main", imp, "\tbuildinfo.Version = \"dev\"\n")), check: "ldflags", want: Fail,
			message: "but init() assigns it in version.go before main runs, " + overwritten, at: "Makefile:2"},
		{name: "main's init assigns it through an alias", files: svc(plain, initIn("version.go", "main", "import bi \""+bi+"\"\n", "\tbi.Version = \"dev\"\n")), check: "ldflags", want: Fail, message: "init() assigns it in version.go"},
		{name: "main's init assigns it through a dot import", files: svc(plain, initIn("version.go", "main", "import . \""+bi+"\"\n", "\tVersion = \"dev\"\n")), check: "ldflags", want: Fail, message: "init() assigns it in version.go"},
		{name: "the init of another package of the binary assigns it", files: svc(plain, initIn("internal/app/version.go", "app", imp, "\tbuildinfo.Version = \"dev\"\n")), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "main's init assigns it a field of that name", files: svc(plain, initIn("version.go", "main", imp+"\nvar cfg struct{ Version string }\n", "\tbuildinfo.Version = cfg.Version\n")), check: "ldflags", want: Fail, message: "init() assigns it in version.go"},
		{name: "the package's own init trims it", files: svc("package buildinfo\n\nimport \"strings\"\n\nvar (\n\tVersion string\n\tCommit  string\n)\n\nfunc init() {\n\tVersion = strings.TrimPrefix(Version, \"v\")\n}\n", nil), check: "ldflags", want: Pass, message: pass},
		{name: "main's init trims it", files: svc(plain, initIn("version.go", "main", "import (\n\t\"strings\"\n\n\t\""+bi+"\"\n)\n", "\tbuildinfo.Version = strings.TrimSpace(buildinfo.Version)\n")), check: "ldflags", want: Pass, message: pass},
		{name: "main's init assigns a local of the package's name", files: svc(plain, initIn("version.go", "main", imp, "\tbuildinfo := struct{ Version string }{}\n\tbuildinfo.Version = \"dev\"\n\t_ = buildinfo\n")), check: "ldflags", want: Pass, message: pass},
		{name: "the init of a package the binary does not import", files: svc(plain, initIn("internal/tool/version.go", "tool", imp, "\tbuildinfo.Version = \"dev\"\n")), check: "ldflags", want: Pass, message: pass},
	})
}

// TestLDFlagsInitOverwritesEverywhere checks the code that overwrites an -X variable
// before main runs wherever the build compiles it: an init in a generated file (which
// the audit otherwise reads only for its imports), an assignment in a plain block or a
// function literal that init calls, and a function literal that a package-level
// variable's initialiser calls; a conditional one, and a literal only written, keep
// the injected value. A file, generated or not, that names the variable but does not
// parse leaves it UNKNOWN; one that does not name it is no matter.
func TestLDFlagsInitOverwritesEverywhere(t *testing.T) {
	const bi = "example.test/svc/internal/buildinfo"
	const mainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n\n\t\"" + bi + "\"\n\t_ \"example.test/svc/internal/app\"\n)\n\nfunc main() {\n\tprintln(buildinfo.Version, buildinfo.Commit)\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: time.Second}\n\tsrv.ListenAndServe()\n}\n"
	svc := func(extra map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod,
			"main.go":                         mainGo,
			"internal/buildinfo/buildinfo.go": "package buildinfo\n\nvar (\n\tVersion string\n\tCommit  string\n)\n",
			"internal/app/app.go":             "package app\n",
			"Makefile":                        "build:\n\tgo build -ldflags \"-X " + bi + ".Version=1.2.3 -X " + bi + ".Commit=abc\" -o bin/svc .\n"}, extra)
	}
	const gen = "// Code generated by versiongen. DO NOT EDIT.\n\n"
	const imp = "import \"" + bi + "\"\n"
	file := func(name, clause, imports, code string) map[string]string {
		return map[string]string{name: clause + "\n\n" + imports + "\n" + code}
	}
	const otherImp = "import \"example.test/svc/internal/other\"\n"
	const setter = "// Setter sets the version.\ntype Setter struct{}\n\n// Reset resets the version.\nfunc (Setter) Reset() { buildinfo.Version = \"\" }\n\n// Get returns the version.\nfunc (Setter) Get() string { return buildinfo.Version }\n"
	initOf := func(body string) string { return "func init() {\n" + body + "}\n" }
	const pass = "1 build(s) inject version and commit"
	const overwritten = "so what -X sets is overwritten: the binary never reports the injected value"
	runBuildCases(t, []buildCase{
		{name: "an init calling a function of the variable's package", files: svc(withFiles(file("internal/app/version.go", "package app", imp, initOf("\tbuildinfo.Set()\n")), file("internal/buildinfo/set.go", "package buildinfo", "", "// Set sets the version.\nfunc Set() { Version = \"dev\" }\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/buildinfo/set.go"},
		{name: "an init calling a function of the variable's package that keeps a set value", files: svc(withFiles(file("internal/app/version.go", "package app", imp, initOf("\tbuildinfo.Set()\n")), file("internal/buildinfo/set.go", "package buildinfo", "", "// Set sets the version when the build did not.\nfunc Set() {\n\tif Version == \"\" {\n\t\tVersion = \"dev\"\n\t}\n}\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "an init calling a function of another package that may assign it", files: svc(withFiles(file("internal/app/version.go", "package app", "import \"example.test/svc/internal/other\"\n", initOf("\tother.Set()\n")), file("internal/other/set.go", "package other", imp, "// Set sets the version.\nfunc Set() { set(&buildinfo.Version) }\n\nfunc set(p *string) { *p = \"dev\" }\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a function of a third package", files: svc(withFiles(file("internal/app/version.go", "package app", "import \"example.test/svc/internal/other\"\n", initOf("\tother.Set()\n")), file("internal/other/set.go", "package other", imp, "// Set sets the version.\nfunc Set() { buildinfo.Version = \"dev\" }\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a method of another package's type", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tvar s other.Setter\n\ts.Reset()\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a method of another package's composite literal", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tother.Setter{}.Reset()\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a pointer method of another package's composite literal", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\t(&other.Setter{}).Reset()\n")), file("internal/other/set.go", "package other", imp, strings.ReplaceAll(setter, "(Setter)", "(*Setter)")))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a method of another package's variable", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tother.Default.Reset()\n")), file("internal/other/set.go", "package other", imp, setter+"\n// Default is the setter.\nvar Default Setter\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "a package-level initialiser calling a method of another package's type", files: svc(withFiles(withFiles(file("internal/app/version.go", "package app", "import o \"example.test/svc/internal/other\"\n", "var s *o.Setter\n"), file("internal/app/init.go", "package app", otherImp, "var _ = func() int {\n\ts.Reset()\n\treturn 0\n}()\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Fail,
			message: "the initialiser of a package-level variable assigns it in internal/other/set.go"},
		{name: "an init calling a method of another package's type that reads it", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tvar s other.Setter\n\tprintln(s.Get())\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Pass, message: pass},
		{name: "an init calling a method value of another package's type", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tvar s other.Setter\n\tf := s.Reset\n\tf()\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Unknown,
			message: "a call of a function value, which may be the method value s.Reset, which may assign the variable"},
		{name: "an init calling a method expression of another package's type", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tother.Setter.Reset(other.Setter{})\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a pointer method expression of another package's type", files: svc(withFiles(file("internal/app/version.go", "package app", "import o \"example.test/svc/internal/other\"\n", initOf("\t(*o.Setter).Reset(&o.Setter{})\n")), file("internal/other/set.go", "package other", imp, strings.ReplaceAll(setter, "(Setter)", "(*Setter)")))), check: "ldflags", want: Fail, message: "init() assigns it in internal/other/set.go"},
		{name: "an init calling a method expression of another package's type that reads it", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tprintln(other.Setter.Get(other.Setter{}))\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Pass, message: pass},
		{name: "an init calling a method expression of the package's own type", files: svc(file("internal/app/version.go", "package app", imp, "type setter struct{}\n\nfunc (*setter) reset() { buildinfo.Version = \"\" }\n\n"+initOf("\t(*setter).reset(&setter{})\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "an init calling a method of a local named as the package's type", files: svc(file("internal/app/version.go", "package app", imp, "type setter struct{}\n\nfunc (setter) reset() { buildinfo.Version = \"\" }\n\nfunc load() interface{ reset() } { return nil }\n\n"+initOf("\tsetter := load()\n\tsetter.reset()\n"))), check: "ldflags", want: Unknown,
			message: "by setter.reset() (internal/app/version.go:13: a method of a value whose type this audit does not tell, and the method setter.reset may assign the variable)"},
		{name: "an init calling another package's method expression through a local", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tf := other.Setter.Reset\n\tf(other.Setter{})\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Unknown,
			message: "a call of a function value, which may be the method value other.Setter.Reset, which may assign the variable"},
		{name: "an init calling a method of a value of a type not told", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tother.New().Reset()\n")), file("internal/other/set.go", "package other", imp, setter+"\n// New returns a setter.\nfunc New() Setter { return Setter{} }\n"))), check: "ldflags", want: Unknown,
			message: "by other.New().Reset() (internal/app/version.go:6: a method of a value whose type this audit does not tell, and the method Setter.Reset of example.test/svc/internal/other may assign the variable)"},
		{name: "an init calling a function value of another package", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tother.Clear()\n")), file("internal/other/set.go", "package other", imp, "// Clear clears the version.\nvar Clear = func() { buildinfo.Version = \"\" }\n"))), check: "ldflags", want: Unknown,
			message: "by other.Clear() (internal/app/version.go:6: a call of a function value, which may be a function literal that may assign the variable (in internal/other/set.go))"},
		{name: "an init calling a function value of another package that reads it", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tother.Show()\n")), file("internal/other/set.go", "package other", imp, "// Show prints the version.\nvar Show = func() { println(buildinfo.Version) }\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "an init calling a method promoted from another package's type", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, "type wrap struct{ other.Setter }\n\nvar w wrap\n\n"+initOf("\tw.Reset()\n")), file("internal/other/set.go", "package other", imp, setter))), check: "ldflags", want: Unknown,
			message: "the method Setter.Reset of example.test/svc/internal/other may assign the variable"},
		{name: "an init calling another package's function value through a local", files: svc(withFiles(file("internal/app/version.go", "package app", otherImp, initOf("\tf := other.Clear\n\tf()\n")), file("internal/other/set.go", "package other", imp, "// Clear clears the version.\nvar Clear = func() { buildinfo.Version = \"\" }\n"))), check: "ldflags", want: Unknown,
			message: "a call of a function value, which may be the function value other.Clear, which may be a function literal that may assign the variable (in internal/other/set.go)"},
		{name: "a function of a third package that main calls", files: svc(withFiles(file("internal/app/version.go", "package app", "import \"example.test/svc/internal/other\"\n", "// Reset resets the version.\nfunc Reset() { other.Set() }\n"), file("internal/other/set.go", "package other", imp, "// Set sets the version.\nfunc Set() { buildinfo.Version = \"dev\" }\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a generated file's init in another package", files: svc(file("internal/app/version_gen.go", gen+"package app", imp, initOf("\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Fail,
			message: "but init() assigns it in internal/app/version_gen.go before main runs, " + overwritten, at: "Makefile:2"},
		{name: "a generated file's init in main", files: svc(file("version_gen.go", gen+"package main", imp, initOf("\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Fail, message: "init() assigns it in version_gen.go"},
		{name: "a generated file's init in the variable's package", files: svc(file("internal/buildinfo/version_gen.go", gen+"package buildinfo", "", initOf("\tVersion = \"dev\"\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/buildinfo/version_gen.go"},
		{name: "a generated file's conditional default", files: svc(file("internal/app/version_gen.go", gen+"package app", imp, initOf("\tif buildinfo.Version == \"\" {\n\t\tbuildinfo.Version = \"dev\"\n\t}\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a generated file of a package the binary does not import", files: svc(file("internal/tool/version_gen.go", gen+"package tool", imp, initOf("\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a generated file that does not parse names the variable", files: svc(file("internal/app/version_gen.go", gen+"package app", imp, initOf("\tbuildinfo.Version = \"dev\"\n")+"func {\n")), check: "ldflags", want: Unknown,
			message: "into a variable that internal/app/version_gen.go, which this audit could not parse, may assign before main runs: check that no init function or package-level initialiser there assigns the variable unconditionally"},
		{name: "a hand-written file that does not parse names the variable", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tbuildinfo.Version = \"dev\"\n")+"func {\n")), check: "ldflags", want: Unknown,
			message: "into a variable that internal/app/version.go, which this audit could not parse, may assign before main runs", problem: "internal/app/version.go:8"},
		{name: "a generated file that does not parse names no variable", files: svc(file("internal/app/other_gen.go", gen+"package app", "", "func {\n")), check: "ldflags", want: Pass, message: pass},
		{name: "a plain block of init", files: svc(file("internal/app/version.go", "package app", imp, initOf("\t{\n\t\tbuildinfo.Version = \"dev\"\n\t}\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "a labelled block of init", files: svc(file("internal/app/version.go", "package app", imp, initOf("done:\n\t{\n\t\tbuildinfo.Version = \"dev\"\n\t\tgoto done\n\t}\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "a function literal init calls", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tfunc() {\n\t\tbuildinfo.Version = \"dev\"\n\t}()\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "a function literal init only writes", files: svc(file("internal/app/version.go", "package app", imp, "var reset func()\n\n"+initOf("\treset = func() {\n\t\tbuildinfo.Version = \"dev\"\n\t}\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a block under a condition of init", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tfor buildinfo.Version == \"\" {\n\t\t{\n\t\t\tbuildinfo.Version = \"dev\"\n\t\t}\n\t}\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a package-level initialiser's function literal", files: svc(file("internal/app/version.go", "package app", imp, "var _ = func() int {\n\tbuildinfo.Version = \"dev\"\n\treturn 0\n}()\n")), check: "ldflags", want: Fail,
			message: "but the initialiser of a package-level variable assigns it in internal/app/version.go before main runs, " + overwritten},
		{name: "a package-level initialiser's function literal in the variable's package", files: svc(file("internal/buildinfo/default.go", "package buildinfo", "", "var _ = func() int {\n\tVersion = \"dev\"\n\treturn 0\n}()\n")), check: "ldflags", want: Fail,
			message: "the initialiser of a package-level variable assigns it in internal/buildinfo/default.go"},
		{name: "a package-level initialiser's conditional default", files: svc(file("internal/app/version.go", "package app", imp, "var _ = func() int {\n\tif buildinfo.Version == \"\" {\n\t\tbuildinfo.Version = \"dev\"\n\t}\n\treturn 0\n}()\n")), check: "ldflags", want: Pass, message: pass},
		{name: "a package-level function literal not called", files: svc(file("internal/app/version.go", "package app", imp, "var reset = func() {\n\tbuildinfo.Version = \"dev\"\n}\n")), check: "ldflags", want: Pass, message: pass},
		{name: "a goroutine init starts", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tgo func() {\n\t\tbuildinfo.Version = \"dev\"\n\t}()\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "the init statement of an if of init", files: svc(file("internal/app/version.go", "package app", imp, "var verbose bool\n\n"+initOf("\tif buildinfo.Version = \"dev\"; verbose {\n\t\tprintln(buildinfo.Version)\n\t}\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "a function of the package init calls", files: svc(withFiles(file("internal/app/version.go", "package app", imp, "func setDefaults() {\n\tbuildinfo.Version = \"dev\"\n}\n"), file("internal/app/init.go", "package app", "", initOf("\tsetDefaults()\n")))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a function of the package a package-level initialiser calls, through another", files: svc(withFiles(file("internal/app/version.go", "package app", imp, "func setDefaults() {\n\tbuildinfo.Version = \"dev\"\n}\n\nfunc setup() int {\n\tsetDefaults()\n\treturn 0\n}\n"), file("internal/app/init.go", "package app", "", "var _ = setup()\n"))), check: "ldflags", want: Fail,
			message: "the initialiser of a package-level variable assigns it in internal/app/version.go"},
		{name: "a function of the package that assigns it under a condition", files: svc(file("internal/app/version.go", "package app", imp, "func setDefaults() {\n\tif buildinfo.Version == \"\" {\n\t\tbuildinfo.Version = \"dev\"\n\t}\n}\n\n"+initOf("\tsetDefaults()\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "init's default after an early return", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tif buildinfo.Version != \"\" {\n\t\treturn // set by -X\n\t}\n\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a function of the package with a default after an early return", files: svc(file("internal/app/version.go", "package app", imp, "func setDefaults() {\n\tif buildinfo.Version != \"\" {\n\t\treturn // set by -X\n\t}\n\tbuildinfo.Version = \"dev\"\n}\n\n"+initOf("\tsetDefaults()\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "init's default after a return in a function literal", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tif buildinfo.Version != \"\" {\n\t\tfunc() { return }()\n\t}\n\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "init's default after a loop with a labelled continue", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"os\"\n", initOf("outer:\n\tfor _, a := range os.Args {\n\t\tfor _, b := range a {\n\t\t\tif b == 'x' {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t}\n\t}\n\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "init's default after a switch with a labelled break", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"os\"\n", initOf("\tfor _, a := range os.Args {\n\tsw:\n\t\tswitch a {\n\t\tcase \"-v\":\n\t\t\tbreak sw\n\t\t}\n\t}\n\tbuildinfo.Version = \"dev\"\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "init's default after a goto past it", files: svc(file("internal/app/version.go", "package app", imp, "var verbose bool\n\n"+initOf("\tif verbose {\n\t\tgoto done\n\t}\n\tbuildinfo.Version = \"dev\"\ndone:\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "init's assignment before an early return", files: svc(file("internal/app/version.go", "package app", imp, "var verbose bool\n\n"+initOf("\tbuildinfo.Version = \"dev\"\n\tif !verbose {\n\t\treturn\n\t}\n\tprintln(buildinfo.Version)\n"))), check: "ldflags", want: Fail, message: "init() assigns it in internal/app/version.go"},
		{name: "a function of the package nothing calls before main", files: svc(file("internal/app/version.go", "package app", imp, "func SetDefaults() {\n\tbuildinfo.Version = \"dev\"\n}\n")), check: "ldflags", want: Pass, message: pass},
		{name: "the variable's own initialiser calls a function that assigns it", files: svc(file("internal/buildinfo/default.go", "package buildinfo", "", "var Built = stamp()\n\nfunc stamp() string {\n\tVersion = \"dev\"\n\treturn \"\"\n}\n")), check: "ldflags", want: Fail,
			message: "the initialiser of a package-level variable assigns it in internal/buildinfo/default.go"},
		{name: "a method of a package type init calls", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\nvar st state\n\n"+initOf("\tst.set()\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a method of a local of a package type", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (*state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\n"+initOf("\ts := &state{}\n\ts.set()\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a method with a conditional default", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (state) set() {\n\tif buildinfo.Version == \"\" {\n\t\tbuildinfo.Version = \"dev\"\n\t}\n}\n\nvar st state\n\n"+initOf("\tst.set()\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a method of another type of that name", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"strings\"\n", "type state struct{}\n\nfunc (state) Reset() {\n\tbuildinfo.Version = \"dev\"\n}\n\nvar b strings.Builder\n\n"+initOf("\tb.Reset()\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a method of a value whose type is not told", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\nfunc newState() state { return state{} }\n\nvar st = newState()\n\n"+initOf("\tst.set()\n"))), check: "ldflags", want: Unknown,
			message: "into a variable that init(), by st.set() (internal/app/version.go:16: a method of a value whose type this audit does not tell, and the method state.set may assign the variable), may assign before main runs"},
		{name: "a sync.Once's Do", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", "var once sync.Once\n\n"+initOf("\tonce.Do(func() {\n\t\tbuildinfo.Version = \"dev\"\n\t})\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a sync.Once's Do of a function of the package", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", "var once sync.Once\n\nfunc setDefaults() {\n\tbuildinfo.Version = \"dev\"\n}\n\n"+initOf("\tonce.Do(setDefaults)\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a new sync.Once's Do", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", initOf("\tnew(sync.Once).Do(func() {\n\t\tbuildinfo.Version = \"dev\"\n\t})\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a sync.Once whose Do is called elsewhere too", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", "var once sync.Once\n\nfunc Warm() { once.Do(func() {}) }\n\n"+initOf("\tonce.Do(func() {\n\t\tbuildinfo.Version = \"dev\"\n\t})\n"))), check: "ldflags", want: Unknown,
			message: "a sync.Once whose Do is called elsewhere too, so that this one may not run its function"},
		{name: "a sync.Once's Do with a conditional default", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", "var once sync.Once\n\n"+initOf("\tonce.Do(func() {\n\t\tif buildinfo.Version == \"\" {\n\t\t\tbuildinfo.Version = \"dev\"\n\t\t}\n\t})\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "its address to a function that writes through it", files: svc(file("internal/app/version.go", "package app", imp, "func set(p *string) {\n\t*p = \"dev\"\n}\n\n"+initOf("\tset(&buildinfo.Version)\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "its address to a function that passes it on", files: svc(file("internal/app/version.go", "package app", imp, "func put(p *string) {\n\t*p = \"dev\"\n}\n\nfunc set(p *string) {\n\tput(p)\n}\n\n"+initOf("\tset(&buildinfo.Version)\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "its address in its own package", files: svc(file("internal/buildinfo/default.go", "package buildinfo", "", "func set(p *string, v string) {\n\t*p = v\n}\n\n"+initOf("\tset(&Commit, \"none\")\n\tset(&Version, \"dev\")\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/buildinfo/default.go"},
		{name: "its address to a function that writes a default", files: svc(file("internal/app/version.go", "package app", imp, "func set(p *string) {\n\tif *p == \"\" {\n\t\t*p = \"dev\"\n\t}\n}\n\n"+initOf("\tset(&buildinfo.Version)\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "its address to a parameter of type any", files: svc(file("internal/app/version.go", "package app", imp, "func set(v any) {\n\t*v.(*string) = \"dev\"\n}\n\n"+initOf("\tset(&buildinfo.Version)\n"))), check: "ldflags", want: Unknown,
			message: "the variable's address given to a parameter of set that this audit does not follow"},
		{name: "its address to a function that calls itself", files: svc(file("internal/app/version.go", "package app", imp, "func set(p *string, n int) {\n\tif n > 0 {\n\t\tset(p, n-1)\n\t}\n\t*p = \"dev\"\n}\n\n"+initOf("\tset(&buildinfo.Version, 2)\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "its address to a function of another package", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"flag\"\n", initOf("\tflag.StringVar(&buildinfo.Version, \"version\", \"dev\", \"\")\n"))), check: "ldflags", want: Unknown,
			message: "by flag.StringVar(&buildinfo.Version, \"version\", \"dev\", \"\") (internal/app/version.go:8: the variable's address given to a function this audit does not follow, which may write through it)"},
		{name: "a method promoted from an embedded type", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\ntype outer struct{ state }\n\nvar o outer\n\n"+initOf("\to.set()\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a method promoted through two embedded types, one a pointer", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (*state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\ntype inner struct{ *state }\n\ntype outer struct{ inner }\n\n"+initOf("\to := outer{inner{&state{}}}\n\to.set()\n"))), check: "ldflags", want: Fail,
			message: "init() assigns it in internal/app/version.go"},
		{name: "a method the embedding type declares itself", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\ntype outer struct{ state }\n\nfunc (outer) set() {}\n\nvar o outer\n\n"+initOf("\to.set()\n"))), check: "ldflags", want: Pass, message: pass},
		{name: "a field of function type called", files: svc(file("internal/app/version.go", "package app", imp, "type hooks struct{ set func() }\n\nvar h = hooks{set: func() {\n\tbuildinfo.Version = \"dev\"\n}}\n\n"+initOf("\th.set()\n"))), check: "ldflags", want: Unknown,
			message: "by h.set() (internal/app/version.go:12: a call of a function value, which may be a function literal that may assign the variable (in internal/app/version.go))"},
		{name: "sync.OnceFunc called", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", initOf("\tsync.OnceFunc(func() {\n\t\tbuildinfo.Version = \"dev\"\n\t})()\n"))), check: "ldflags", want: Unknown,
			message: "by sync.OnceFunc((func() literal))() (internal/app/version.go:8: a call of a function value"},
		{name: "sync.OnceFunc kept, then called", files: svc(file("internal/app/version.go", "package app", imp+"\nimport \"sync\"\n", initOf("\tset := sync.OnceFunc(func() {\n\t\tbuildinfo.Version = \"dev\"\n\t})\n\tset()\n"))), check: "ldflags", want: Unknown,
			message: "by sync.OnceFunc((func() literal)) (internal/app/version.go:8: a function literal that may assign the variable, given to a call that may run it)"},
		{name: "a method value called", files: svc(file("internal/app/version.go", "package app", imp, "type state struct{}\n\nfunc (state) set() {\n\tbuildinfo.Version = \"dev\"\n}\n\nvar st state\n\n"+initOf("\tf := st.set\n\tf()\n"))), check: "ldflags", want: Unknown,
			message: "by f() (internal/app/version.go:15: a call of a function value, which may be the method value st.set, which may assign the variable"},
		{name: "a function of the package kept, then called", files: svc(file("internal/app/version.go", "package app", imp, "func setDefaults() {\n\tbuildinfo.Version = \"dev\"\n}\n\n"+initOf("\treset := setDefaults\n\treset()\n"))), check: "ldflags", want: Unknown,
			message: "by reset() (internal/app/version.go:11: a call of a function value, which may be the function setDefaults, which may assign the variable"},
		{name: "a function literal kept, then called", files: svc(file("internal/app/version.go", "package app", imp, "var reset func()\n\n"+initOf("\treset = func() {\n\t\tbuildinfo.Version = \"dev\"\n\t}\n\treset()\n"))), check: "ldflags", want: Unknown,
			message: "by reset() (internal/app/version.go:11: a call of a function value, which may be a function literal"},
		{name: "its address kept in a local", files: svc(file("internal/app/version.go", "package app", imp, initOf("\tp := &buildinfo.Version\n\t*p = \"dev\"\n"))), check: "ldflags", want: Unknown,
			message: "by &buildinfo.Version (internal/app/version.go:6: the variable's address kept, which this audit does not follow: code may write through it)"},
		{name: "its address in a literal whose method writes through it", files: svc(file("internal/app/version.go", "package app", imp, "type info struct{ p *string }\n\nfunc (i info) set() {\n\t*i.p = \"dev\"\n}\n\n"+initOf("\tinfo{&buildinfo.Version}.set()\n"))), check: "ldflags", want: Unknown,
			message: "by &buildinfo.Version (internal/app/version.go:12: the variable's address kept"},
		{name: "its address in a package-level variable", files: svc(file("internal/app/version.go", "package app", imp, "var p = &buildinfo.Version\n\n"+initOf("\t*p = \"dev\"\n"))), check: "ldflags", want: Unknown,
			message: "the initialiser of a package-level variable, by &buildinfo.Version (internal/app/version.go:5: the variable's address kept"},
		{name: "its address returned by a function", files: svc(file("internal/app/version.go", "package app", imp, "func ptr() *string { return &buildinfo.Version }\n\n"+initOf("\t*ptr() = \"dev\"\n"))), check: "ldflags", want: Unknown,
			message: "by &buildinfo.Version (internal/app/version.go:5: the variable's address kept"},
		{name: "its address copied by the function given it", files: svc(file("internal/app/version.go", "package app", imp, "func set(p *string) {\n\tq := p\n\t*q = \"dev\"\n}\n\n"+initOf("\tset(&buildinfo.Version)\n"))), check: "ldflags", want: Unknown,
			message: "by p (internal/app/version.go:6: the variable's address kept"},
		{name: "a package-level function literal called after &&", files: svc(file("internal/app/version.go", "package app", imp, "var dev bool\n\nvar _ = dev && func() bool {\n\tbuildinfo.Version = \"dev\"\n\treturn true\n}()\n")), check: "ldflags", want: Pass, message: pass},
	})
}

// TestLDFlagsGoReleaserModulePath: GoReleaser's {{ .ModulePath }} in an -X target
// is the module path of the GoReleaser file's module, and template actions with
// spaces ({{ .Version }}) are one word of the flags.
func TestLDFlagsGoReleaserModulePath(t *testing.T) {
	files := func(ldflags string) map[string]string {
		return map[string]string{"go.mod": buildGoMod,
			"main.go":                     "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/svc/internal/version\"\n)\n\nfunc main() {\n\tprintln(version.Version, version.Commit)\n\t_ = http.ListenAndServe(\":8080\", nil)\n}\n",
			"internal/version/version.go": "package version\n\nvar (\n\tVersion = \"dev\"\n\tCommit  = \"none\"\n)\n",
			".goreleaser.yaml":            "version: 2\nbuilds:\n  - main: .\n    env:\n      - CGO_ENABLED=0\n    ldflags:\n      - -s -w\n" + ldflags}
	}
	runBuildCases(t, []buildCase{
		{name: "{{ .ModulePath }} with spaces", files: files("      - -X {{ .ModulePath }}/internal/version.Version={{ .Version }}\n      - -X {{ .ModulePath }}/internal/version.Commit={{ .Commit }}\n"),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist", at: ".goreleaser.yaml:8"},
		{name: "{{.ModulePath}} without spaces", files: files("      - -X {{.ModulePath}}/internal/version.Version={{.Version}} -X {{.ModulePath}}/internal/version.Commit={{.Commit}}\n"),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist"},
		{name: "{{ .ModulePath }} into a package main does not import", files: files("      - -X {{ .ModulePath }}/internal/build.Version={{ .Version }}\n      - -X {{ .ModulePath }}/internal/build.Commit={{ .Commit }}\n"),
			check: "ldflags", want: Fail, message: "-X example.test/svc/internal/build.Version"},
		{name: "a quoted template action", files: files("      - -X \"{{ .ModulePath }}/internal/version.Version={{ .Version }}\" -X '{{ .ModulePath }}/internal/version.Commit={{ .ShortCommit }}'\n"),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist"},
	})
}

// TestLDFlagsGoReleaserDefaults: a GoReleaser build without ldflags gets GoReleaser's
// default flags (-X main.version, main.commit, main.date, main.builtBy); the user
// wrote none of them, so one into a variable that does not exist is no FAIL. Flags
// the user wrote are judged as always.
func TestLDFlagsGoReleaserDefaults(t *testing.T) {
	files := func(code, build string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": code,
			".goreleaser.yaml": "version: 2\nbuilds:\n  - main: .\n    env:\n      - CGO_ENABLED=0\n" + build}
	}
	onlyVersion := strings.Replace(buildMainGo, "\tcommit  string\n", "", 1)
	runBuildCases(t, []buildCase{
		{name: "defaults: version and commit exist, date and builtBy do not", files: files(buildMainGo, ""), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit into variables that exist"},
		{name: "defaults: only a version exists", files: files(onlyVersion, ""), check: "ldflags", want: Warn, message: "the GoReleaser build (.goreleaser.yaml:3) injects a version but no commit"},
		{name: "builtBy written by the user", files: files(buildMainGo, "    ldflags:\n      - -s -w -X main.version={{.Version}} -X main.commit={{.Commit}} -X main.builtBy=goreleaser\n"),
			check: "ldflags", want: Fail, message: "sets -X main.builtBy, which does not exist"},
	})
}

// TestStaticImageUntakenBinary checks a stage that builds two main packages while
// the image copies the binary of one: the other's build is no part of that image
// (UNKNOWN, naming where it is built, not the image's verdict), and the image is
// judged by the build it takes; a copy of the directory, or of a file a pattern
// matches, takes both.
func TestStaticImageUntakenBinary(t *testing.T) {
	dockerfile := func(build, final string) string {
		return "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + build +
			"\nFROM gcr.io/distroless/static-debian12:nonroot AS mid\nCOPY --from=build /out/orders /orders\n" +
			"\nFROM gcr.io/distroless/static-debian12:nonroot\n" + final + "ENTRYPOINT [\"/orders\"]\n"
	}
	const two = "RUN CGO_ENABLED=0 go build -o /out/orders ./cmd/orders\nRUN CGO_ENABLED=1 go build -o /out/admin ./cmd/admin\n"
	const pattern = "RUN CGO_ENABLED=0 go build -o /out/orders ./cmd/orders && go build -o /out/ ./cmd/admin\n"
	tests := []struct {
		name, df, main string
		want           Status
		message        string
	}{
		{"the other main, copied nowhere", dockerfile(two, "COPY --from=build /out/orders /orders\n"), "admin", Unknown, "Dockerfile:5 builds this package into /out/admin, which no image a docker build read keeps takes"},
		{"the main copied", dockerfile(two, "COPY --from=build /out/orders /orders\n"), "orders", Pass, "the final image is static"},
		{"the main copied through another stage", dockerfile(two, "COPY --from=mid /orders /orders\n"), "orders", Pass, "the final image is static"},
		{"the other main, in a directory of binaries, copied nowhere", dockerfile(pattern, "COPY --from=build /out/orders /orders\n"), "admin", Unknown, "builds this package into /out/"},
		{"the directory copied", dockerfile(two, "COPY --from=build /out /usr/local/bin\n"), "admin", Fail, "the binary is built without CGO_ENABLED=0"},
		{"a pattern copied", dockerfile(two, "COPY --from=build /out/* /usr/local/bin/\n"), "admin", Fail, "the binary is built without CGO_ENABLED=0"},
		{"a stage that copied it, copied whole", "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + two + "\nFROM gcr.io/distroless/static-debian12:nonroot AS mid\nCOPY --from=build /out/admin /admin\n" +
			"\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=mid / /\nENTRYPOINT [\"/admin\"]\n", "admin", Fail, "the binary is built without CGO_ENABLED=0"},
		{"a bind mount of the stage", dockerfile(two, "RUN --mount=from=build,target=/b [\"/b/out/admin\", \"version\"]\n"), "admin", Fail, "the binary is built without CGO_ENABLED=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openInline(t, map[string]string{"go.mod": buildGoMod, "cmd/orders/main.go": buildMainGo, "cmd/admin/main.go": buildMainGo, "Dockerfile": tt.df})
			rep, err := Run(context.Background(), r, Options{Only: []string{"static-image"}, Main: tt.main})
			if err != nil {
				t.Fatal(err)
			}
			res := rep.Results[0]
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) {
				t.Fatalf("%s: %s %q\n\twant %s with %q", tt.main, res.Status, res.Message, tt.want, tt.message)
			}
		})
	}
}

// TestGoReleaserCgoEvidence checks that a static-image PASS for a GoReleaser build
// cites the env line that sets CGO_ENABLED=0, not the build's ldflags.
func TestGoReleaserCgoEvidence(t *testing.T) {
	files := map[string]string{
		"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo,
		".goreleaser.yaml": "version: 2\nbuilds:\n  - id: api\n    main: ./cmd/api\n    env: [CGO_ENABLED=0]\n    goos: [linux]\n    ldflags:\n      - -s -w\n      - -X main.version={{.Version}}\n" +
			"dockers:\n  - image_templates: [\"ghcr.io/acme/api:{{ .Version }}\"]\n    dockerfile: Dockerfile\n    ids: [api]\n",
		"Dockerfile": "FROM scratch\nCOPY --chmod=0444 ca-certificates.crt /etc/ssl/certs/\nCOPY api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
	}
	got := auditInline(t, files, "static-image")
	var cited []string
	for _, e := range got.Evidence {
		if e.File == ".goreleaser.yaml" {
			cited = append(cited, fmt.Sprintf("%s:%d %s", e.File, e.Line, e.Snippet))
		}
	}
	if got.Status != Pass || len(cited) != 1 || !strings.Contains(cited[0], ".goreleaser.yaml:5 ") || !strings.Contains(cited[0], "CGO_ENABLED=0") {
		t.Fatalf("%s %q citing %q, want PASS citing .goreleaser.yaml:5, the env line with CGO_ENABLED=0", got.Status, got.Message, cited)
	}
}
