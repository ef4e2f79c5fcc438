package audit

import (
	"strings"
	"testing"
)

// TestRecipeLineExports: the environment a command of a Makefile recipe runs with is
// that of its line's own shell too (round 38 auditmk/1): an export earlier on the
// line (export X=-race; go test $$X ./...) reaches the commands after it, as does
// one of an earlier line under .ONESHELL, but not one of another line (each its own
// shell).
func TestRecipeLineExports(t *testing.T) {
	ci := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint test\n",
		}, extra)
	}
	image := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	const (
		race      = "CI runs go vet"
		noRace    = "CI does not run go test -race"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: "export X=-race; go test $$X", files: ci("test:\n\texport X=-race; go test $$X ./...\n", nil), check: "ci", want: Pass, message: race},
		{name: "export GOFLAGS=-race && go test", files: ci("test:\n\texport GOFLAGS=-race && go test ./...\n", nil), check: "ci", want: Pass, message: race},
		{name: "an export of another line", files: ci("test:\n\texport GOFLAGS=-race\n\tgo test ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "an export of another line, .ONESHELL", files: ci(".ONESHELL:\ntest:\n\texport GOFLAGS=-race\n\tgo test ./...\n", nil), check: "ci", want: Pass, message: race},
		{name: "export CGO_ENABLED=0; go build", files: image("build:\n\texport CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
		{name: "export CGO_ENABLED=0, then unset", files: image("build:\n\texport CGO_ENABLED=0; unset CGO_ENABLED; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "make's export, the line's export over it", files: image("export CGO_ENABLED=1\nbuild:\n\texport CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
	})
}

// TestRecipeLineSourced: a . or source of a script of the repository on a recipe
// line (round 38 auditmk/3) gives the variables it exports or unsets to the
// commands after it on the line, as it does in a script of the CI or one the CI
// runs, but for those the line exports or unsets again after it.
func TestRecipeLineSourced(t *testing.T) {
	ci := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint test\n",
		}, extra)
	}
	image := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	const (
		race      = "CI runs go vet"
		noRace    = "CI does not run go test -race"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: ". ./env.sh exporting CGO_ENABLED=0", files: image("build:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "export CGO_ENABLED=0\n"}), check: "static-image", want: Pass, message: static},
		{name: "source of a script exporting CGO_ENABLED=1 over the line's 0", files: image("build:\n\texport CGO_ENABLED=0; source scripts/env.sh; go build -o /bin/svc .\n", map[string]string{"scripts/env.sh": "export CGO_ENABLED=1\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "the line's export after the source", files: image("build:\n\t. ./env.sh; export CGO_ENABLED=0; go build -o /bin/svc .\n", map[string]string{"env.sh": "export CGO_ENABLED=1\n"}), check: "static-image", want: Pass, message: static},
		{name: "a sourced script that unsets it", files: image("export CGO_ENABLED=0\nbuild:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "unset CGO_ENABLED\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "a script sourced by the sourced one", files: image("build:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": ". ./more.sh\n", "more.sh": "export CGO_ENABLED=0\n"}), check: "static-image", want: Pass, message: static},
		{name: ". ./env.sh exporting GOFLAGS=-race", files: ci("test:\n\t. ./env.sh; go test ./...\n", map[string]string{"env.sh": "export GOFLAGS=-race\n"}), check: "ci", want: Pass, message: race},
		{name: "a GitHub step's . ./env.sh exporting GOFLAGS=-race", files: withFiles(ci("", map[string]string{"env.sh": "export GOFLAGS=-race\n"}), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint\n      - run: . ./env.sh; go test ./...\n"}), check: "ci", want: Pass, message: race},
		{name: "a GitHub step's source exporting CGO_ENABLED=0", files: withFiles(ci("", map[string]string{"env.sh": "export CGO_ENABLED=0\n"}), map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint\n      - run: |\n          source env.sh\n          go test -race ./...\n"}), check: "ci", want: Warn, message: "runs no test (CGO_ENABLED=0 in its environment"},
		{name: "make's export, the line's unset", files: image("export CGO_ENABLED=0\nbuild:\n\tunset CGO_ENABLED; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: ". ./env.sh exporting CGO_ENABLED=0 before go test -race", files: ci("test:\n\t. ./env.sh; go test -race ./...\n", map[string]string{"env.sh": "export CGO_ENABLED=0\n"}), check: "ci", want: Warn, message: "runs no test (CGO_ENABLED=0 in its environment"},
	})
}

// TestTargetUnexport: a target-specific assignment with the unexport modifier
// (build: unexport CGO_ENABLED = 0, GNU make 4.4; make 4.3 refuses the line) keeps the
// variable out of the environment of the target's recipe and of those of its
// prerequisites built for it (round 38 auditmk/2), whatever the Makefile exports; its
// value stays the Make variable's.
func TestTargetUnexport(t *testing.T) {
	image := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	ci := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint test\n",
		}
	}
	// testFirst runs make test vet lint, with the flags given, where test names
	// unexport as a prerequisite
	testFirst := func(mk, flags string) map[string]string {
		return withFiles(ci(mk+"test: unexport GOFLAGS\ntest:\n\tgo test -race ./...\n"), map[string]string{
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make " + flags + "test vet lint\n",
		})
	}
	const (
		build     = "build:\n\tgo build -o /bin/svc .\n"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: "exported, then unexported for the target", files: image("export CGO_ENABLED=0\nbuild: unexport CGO_ENABLED = 0\n" + build), check: "static-image", want: Fail, message: notStatic},
		{name: "with override and :=", files: image("export CGO_ENABLED=0\nbuild: override unexport CGO_ENABLED := 0\n" + build), check: "static-image", want: Fail, message: notStatic},
		{name: "unexported for the target the prerequisite is built for", files: withFiles(image("export CGO_ENABLED=0\nrelease: unexport CGO_ENABLED = 0\nrelease: build\n"+build), map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make release\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "unexported for another target", files: image("export CGO_ENABLED=0\ntest: unexport CGO_ENABLED = 0\n" + build), check: "static-image", want: Pass, message: static},
		{name: "unexported, its value passed on the line", files: image("build: unexport CGO_ENABLED = 0\nbuild:\n\tCGO_ENABLED=$(CGO_ENABLED) go build -o /bin/svc .\n"), check: "static-image", want: Pass, message: static},
		{name: "exported for the target", files: image("build: export CGO_ENABLED = 0\n" + build), check: "static-image", want: Pass, message: static},
		{name: "GOFLAGS=-race unexported for the test target", files: ci("export GOFLAGS=-race\ntest: unexport GOFLAGS = -race\ntest:\n\tgo test ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		// without an assignment, a rule naming the prerequisites unexport and
		// CGO_ENABLED: make has no rule for unexport, and stops ("No rule to make target")
		{name: "a bare unexport for the target: make stops", files: image("export CGO_ENABLED=0\nbuild: unexport CGO_ENABLED\n" + build), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "a bare export for the target: make stops", files: image("build: export CGO_ENABLED\n" + build), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "a bare unexport for the test target: make stops", files: ci("test: unexport GOFLAGS\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Warn,
			message: "its go test -race at Makefile:3 never runs (make stops at Makefile:1: no rule makes `unexport`, a prerequisite of `test` there"},
		{name: "a bare unexport for the first goal: make stops before the goals after it", files: testFirst("", ""), check: "ci", want: Warn, message: "CI does not run go vet, go test -race"},
		{name: "a bare unexport for the first goal, make -k", files: testFirst("", "-k "), check: "ci", want: Warn, message: "CI does not run go test -race;"},
		{name: "a bare unexport for the first goal, MAKEFLAGS += -k", files: testFirst("MAKEFLAGS += -k\n", ""), check: "ci", want: Warn, message: "CI does not run go test -race;"},
		{name: "a bare unexport for the first goal, GNUMAKEFLAGS += -k", files: testFirst("GNUMAKEFLAGS += -k\n", ""), check: "ci", want: Warn, message: "CI does not run go test -race;"},
		{name: "a bare unexport, a file of that name", files: withFiles(ci("test: unexport GOFLAGS\ntest:\n\tgo test -race ./...\n"), map[string]string{"unexport": "", "GOFLAGS": ""}), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a bare unexport, a rule for it", files: ci("test: unexport GOFLAGS\nGOFLAGS unexport: ;\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "a bare unexport, a match-anything rule", files: ci("test: unexport GOFLAGS\n%:\n\t@echo $@\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: "CI runs go vet"},
	})
}

// TestMakeCommandLineAppend audits a make whose command line appends to a variable
// (make GOFLAGS+=-race ci): GNU make 4.3 appends to the value the variable has as it
// starts, an earlier one of the command line or make's environment, not the
// Makefile's, and the result is a variable of the command line, which the
// Makefile's assignments but override leave, in the environment of the recipes;
// so are its ?=, :=, ::= (each case checked with make 4.3).
func TestMakeCommandLineAppend(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	const test = "\tgo test ./...\n"
	ciEnv := func(files map[string]string, run string) map[string]string {
		return withFile(files, ".github/workflows/ci.yml", "on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: -race\n    steps:\n      - uses: actions/checkout@v4\n      - run: "+run+"\n")
	}
	runBuildCases(t, []buildCase{
		{name: "make GOFLAGS+=-race", files: makeRepo("make GOFLAGS+=-race ci", "", test), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS=-v make GOFLAGS+=-race", files: makeRepo("GOFLAGS=-v make GOFLAGS+=-race ci", "", test), check: "ci", want: Pass, message: pass},
		{name: "make GOFLAGS=-v GOFLAGS+=-race", files: makeRepo("make GOFLAGS=-v GOFLAGS+=-race ci", "", test), check: "ci", want: Pass, message: pass},
		{name: "make GOFLAGS+=-race GOFLAGS=-v, the last", files: makeRepo("make GOFLAGS+=-race GOFLAGS=-v ci", "", test), check: "ci", want: Warn, message: noRace},
		{name: "make GOFLAGS+=-race over the Makefile's exported GOFLAGS", files: makeRepo("make GOFLAGS+=-race ci", "GOFLAGS = -mod=readonly\nexport GOFLAGS\n", test), check: "ci", want: Pass, message: pass},
		{name: "make GOFLAGS+=-race, override GOFLAGS = of the Makefile", files: makeRepo("make GOFLAGS+=-race ci", "override GOFLAGS = -mod=readonly\n", test), check: "ci", want: Warn, message: noRace},
		{name: "make GOFLAGS:=-race", files: makeRepo("make GOFLAGS:=-race ci", "", test), check: "ci", want: Pass, message: pass},
		{name: "make GOFLAGS::=-race", files: makeRepo("make GOFLAGS::=-race ci", "", test), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS: -race of the CI, make GOFLAGS+=-race=false", files: ciEnv(makeRepo("make ci", "", test), "make GOFLAGS+=-race=false ci"), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS: -race of the CI, make GOFLAGS+=-v", files: ciEnv(makeRepo("make ci", "", test), "make GOFLAGS+=-v ci"), check: "ci", want: Pass, message: pass},
		// make GOFLAGS?=-race sets GOFLAGS as GOFLAGS=-race does when neither the
		// environment nor an earlier word defines it; else it does nothing, and the
		// environment's value is one the Makefile's assignments replace
		{name: "make GOFLAGS?=-race", files: makeRepo("make GOFLAGS?=-race ci", "", test), check: "ci", want: Pass, message: pass},
		{name: "make GOFLAGS?=-race over the Makefile's exported GOFLAGS", files: makeRepo("make GOFLAGS?=-race ci", "GOFLAGS = -mod=readonly\nexport GOFLAGS\n", test), check: "ci", want: Pass, message: pass},
		{name: "make GOFLAGS?=-race, override GOFLAGS = of the Makefile", files: makeRepo("make GOFLAGS?=-race ci", "override GOFLAGS = -mod=readonly\n", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS=-v make GOFLAGS?=-race", files: makeRepo("GOFLAGS=-v make GOFLAGS?=-race ci", "", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS= make GOFLAGS?=-race, defined empty", files: makeRepo("GOFLAGS= make GOFLAGS?=-race ci", "", test), check: "ci", want: Warn, message: noRace},
		{name: "make GOFLAGS=-v GOFLAGS?=-race", files: makeRepo("make GOFLAGS=-v GOFLAGS?=-race ci", "", test), check: "ci", want: Warn, message: noRace},
		{name: "make GOFLAGS?=-race GOFLAGS=-v, the last", files: makeRepo("make GOFLAGS?=-race GOFLAGS=-v ci", "", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS: -race of the CI, make GOFLAGS?=-v", files: ciEnv(makeRepo("make ci", "", test), "make GOFLAGS?=-v ci"), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS: -race of the CI, the Makefile's GOFLAGS = -v, make GOFLAGS?=-race", files: ciEnv(makeRepo("make ci", "GOFLAGS = -v\nexport GOFLAGS\n", test), "make GOFLAGS?=-race ci"), check: "ci", want: Warn, message: noRace},
		{name: "make TESTFLAGS?=-race", files: makeRepo("make TESTFLAGS?=-race ci", "", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		// make 'TESTFLAGS:=$(RACE)' expands $(RACE) as it reads its command line:
		// with the variables of the command line before it and of its environment,
		// not the Makefile's nor a later word's
		{name: "make TESTFLAGS:=$(RACE), RACE of the Makefile", files: makeRepo("make 'TESTFLAGS:=$(RACE)' ci", "RACE = -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "make TESTFLAGS::=$(RACE), RACE of the Makefile", files: makeRepo("make 'TESTFLAGS::=$(RACE)' ci", "RACE = -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "make TESTFLAGS:=$(RACE) RACE=-race, a later word", files: makeRepo("make 'TESTFLAGS:=$(RACE)' RACE=-race ci", "", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "make RACE=-race TESTFLAGS:=$(RACE)", files: makeRepo("make RACE=-race 'TESTFLAGS:=$(RACE)' ci", "RACE = -v\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "RACE=-race make TESTFLAGS:=$(RACE), of the environment", files: makeRepo("RACE=-race make 'TESTFLAGS:=$(RACE)' ci", "RACE = -v\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make TESTFLAGS:=$(subst x,-race,$(R)) R=x", files: makeRepo("make 'TESTFLAGS:=$(subst x,-race,$(R))' R=x ci", "", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "make TESTFLAGS=$(RACE), recursive: RACE of the Makefile", files: makeRepo("make 'TESTFLAGS=$(RACE)' ci", "RACE = -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make R=-race TESTFLAGS:=-v TESTFLAGS+=$(R) R=-v, appended to a simple one", files: makeRepo("make R=-race TESTFLAGS:=-v 'TESTFLAGS+=$(R)' R=-v ci", "", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "make R=-v TESTFLAGS=-v TESTFLAGS+=$(R) R=-race, appended to a recursive one", files: makeRepo("make R=-v TESTFLAGS=-v 'TESTFLAGS+=$(R)' R=-race ci", "", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		// NAME:::=value is an assignment for GNU make 4.4 and a goal for make 4.3
		// (make 4.3: No rule to make target 'GOFLAGS:::=-race'. Stop.; with a
		// match-anything rule, %:, it makes the goal and runs ci with GOFLAGS
		// unset): which make runs, this audit cannot tell, so what only that make
		// runs is UNKNOWN, but for a -race that neither make gives (4.4 expands
		// $(RACE) as it reads its command line, before the Makefile's RACE)
		{name: "make GOFLAGS:::=-race", files: makeRepo("make GOFLAGS:::=-race ci", "", test), check: "ci", want: Unknown,
			message: "the make command line's GOFLAGS:::=-race is an assignment for GNU make 4.4 and a goal for GNU make 4.3"},
		{name: "make GOFLAGS:::=-race with a match-anything rule", files: makeRepo("make GOFLAGS:::=-race ci", "", test+"\n%:\n\t@:\n"), check: "ci", want: Unknown, message: "GOFLAGS:::=-race"},
		{name: "make TESTFLAGS:::=$(RACE), RACE of the Makefile", files: makeRepo("make 'TESTFLAGS:::=$(RACE)' ci", "RACE = -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown,
			message: "CI does not run go vet, go test -race, a linter (golangci-lint or staticcheck) in the files read; its go vet at Makefile:5 may count: the make command line's TESTFLAGS:::=$(RACE) is"},
		{name: "make ci GOFLAGS:::=-race, the goal after ci", files: makeRepo("make ci GOFLAGS:::=-race", "", test), check: "ci", want: Unknown, message: "GOFLAGS:::=-race"},
		// make 4.4 writes each $ of the expanded value $$ and keeps a recursive
		// variable, which a reference expands back to that value: $$RACE is the
		// recipe shell's $RACE, as with TESTFLAGS:=$$RACE (make 4.3: RACE=-race make
		// 'TESTFLAGS:=$$RACE' runs go test -race ./...)
		{name: "RACE=-race make TESTFLAGS:::=$$RACE", files: makeRepo("RACE=-race make 'TESTFLAGS:::=$$RACE' ci", "export RACE\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:9 may count: the make command line's TESTFLAGS:::=$$RACE is"},
		// a Makefile's X :::= v alike: GNU make 4.4 assigns, make 4.3 stops as it
		// reads the Makefile (make 4.3: Makefile:1: *** empty variable name.  Stop.;
		// a target's, test: X :::= v, target pattern contains no '%'), but for a line
		// whose first word is export, or a define, with which it assigns another
		// variable (X :) and leaves X as it was
		{name: "GOFLAGS :::= -race in the Makefile", files: makeRepo("make ci", "GOFLAGS :::= -race\nexport GOFLAGS\n", test), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:10 may count: Makefile:1's `GOFLAGS :::= -race` is an assignment for GNU make 4.4, while GNU make 4.3 (that of GitHub's ubuntu runners and Debian 12) stops there as it reads the Makefile (it has no :::=); which make runs, this audit cannot tell"},
		{name: "override TESTFLAGS :::= -race", files: makeRepo("make ci", "override TESTFLAGS :::= -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown, message: "Makefile:1's `override TESTFLAGS :::= -race` is an assignment for GNU make 4.4"},
		{name: "test: TESTFLAGS :::= -race, a target's", files: makeRepo("make ci", "test: TESTFLAGS :::= -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown, message: "Makefile:1's `test: TESTFLAGS :::= -race` is an assignment for GNU make 4.4"},
		{name: "export TESTFLAGS :::= -race: make 4.3 leaves TESTFLAGS", files: makeRepo("make ci", "export TESTFLAGS :::= -race\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown, message: "go test's $(TESTFLAGS), which this audit cannot expand"},
		{name: "define TESTFLAGS :::=", files: makeRepo("make ci", "define TESTFLAGS :::=\n-race\nendef\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Unknown, message: "go test's $(TESTFLAGS), which this audit cannot expand"},
		{name: "export TESTFLAGS :::= -v under make TESTFLAGS=-race, which both keep", files: makeRepo("make TESTFLAGS=-race ci", "export TESTFLAGS :::= -v\n", "\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "X :::= v in a branch make does not take", files: makeRepo("make ci", "ifeq (a,b)\nX :::= v\nendif\nGOFLAGS = -race\nexport GOFLAGS\n", test), check: "ci", want: Pass, message: pass},
	})
}

// TestCarryExportsShares: the commands between two exports share the exported
// variables, rather than each holding a copy of them all, so that a long script or
// .ONESHELL recipe after its exports costs no copy per command.
func TestCarryExportsShares(t *testing.T) {
	cmds := splitCommands("export A=1 B=2 C=3\n" + strings.Repeat("go vet ./...\n", 5000) + "unset B\ngo test ./...\n")
	allocs := testing.AllocsPerRun(3, func() { carryExports(cmds) })
	if allocs > 50 {
		t.Errorf("carryExports of 5002 commands after one export made %v allocations, want a few", allocs)
	}
	last := cmds[len(cmds)-1]
	a, aSet, _ := last.exports.lookup("A")
	_, bSet, bUnset := last.exports.lookup("B")
	if a != "1" || !aSet || bSet || !bUnset {
		t.Errorf("the last command has A=%q (set %v), B set %v unset %v; want A=1 and B unset", a, aSet, bSet, bUnset)
	}
}

// TestExportsThatStayIn: an export, unset, . or source that runs in a process of its
// own, a ( ) subshell, a pipeline or the background, changes nothing for the
// commands after it (round 38 review-audit/1), in a Makefile recipe, a Dockerfile
// RUN, a CI script and a sourced script; one in a ( ) subshell changes the commands
// after it in that subshell alone (round 39 auditsub/1); one this audit cannot tell
// runs (a branch of an if, a function's body, after ||, or after && for the
// commands after its AND list) leaves its variable with the value it sets or the
// one it had: static-image is UNKNOWN for a build whose CGO_ENABLED may be 0 and
// may not (round 39 auditsub/2), FAIL where none of its values is 0, never PASS.
func TestExportsThatStayIn(t *testing.T) {
	image := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	run := func(line string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN " + line + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	ci := func(script string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n" + script,
		}
	}
	const (
		race      = "CI runs go vet"
		noRace    = "CI does not run go test -race"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
		maybe     = "may run with CGO_ENABLED=0 and may not"
		build     = "go build -o /bin/svc ."
		env       = "export CGO_ENABLED=0\n"
	)
	runBuildCases(t, []buildCase{
		{name: "recipe: (export); go build", files: image("build:\n\t(export CGO_ENABLED=0); "+build+"\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "recipe: export | cat; go build", files: image("build:\n\texport CGO_ENABLED=0 | cat; "+build+"\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "recipe: export &; go build", files: image("build:\n\texport CGO_ENABLED=0 & "+build+"\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "recipe: { export; } | cat; go build", files: image("build:\n\t{ export CGO_ENABLED=0; } | cat; "+build+"\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "recipe: { export; }; go build", files: image("build:\n\t{ export CGO_ENABLED=0; }; "+build+"\n", nil), check: "static-image", want: Pass, message: static},
		{name: "recipe: (. ./env.sh); go build", files: image("build:\n\t(. ./env.sh); "+build+"\n", map[string]string{"env.sh": env}), check: "static-image", want: Fail, message: notStatic},
		{name: "recipe: . ./env.sh | cat; go build", files: image("build:\n\t. ./env.sh | cat; "+build+"\n", map[string]string{"env.sh": env}), check: "static-image", want: Fail, message: notStatic},
		{name: "sourced: a function that exports", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "static() { export CGO_ENABLED=0; }\n"}), check: "static-image", want: Unknown, message: maybe},
		{name: "sourced: function f { export }", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "function static {\n  export CGO_ENABLED=0\n}\n"}), check: "static-image", want: Unknown, message: maybe},
		{name: "sourced: a subshell's export", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "(" + env + ")\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "sourced: an export under an if", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "if [ -n \"$STATIC\" ]; then\n  " + env + "fi\n"}), check: "static-image", want: Unknown, message: maybe},
		{name: "sourced: an export of 1 under an if", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "if [ -n \"$SQLITE\" ]; then\n  export CGO_ENABLED=1\nfi\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "sourced: an export after &&", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "[ -n \"$STATIC\" ] && " + env}), check: "static-image", want: Unknown, message: maybe},
		{name: "sourced: an export in a { } group", files: image("build:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "{\n  " + env + "}\n"}), check: "static-image", want: Pass, message: static},
		{name: "sourced: an unset under an if", files: image("export CGO_ENABLED=0\nbuild:\n\t. ./env.sh; "+build+"\n", map[string]string{"env.sh": "if [ -n \"$DYN\" ]; then unset CGO_ENABLED; fi\n"}), check: "static-image", want: Unknown, message: maybe},
		{name: "RUN (export); go build", files: run("(export CGO_ENABLED=0); " + build), check: "static-image", want: Fail, message: notStatic},
		{name: "RUN export | cat && go build", files: run("export CGO_ENABLED=0 | cat && " + build), check: "static-image", want: Fail, message: notStatic},
		{name: "RUN test && export; go build", files: run("[ -n \"$S\" ] && export CGO_ENABLED=0; " + build), check: "static-image", want: Unknown, message: maybe},
		{name: "RUN an export in an if, the same value", files: run("export CGO_ENABLED=0; if [ -n \"$S\" ]; then export CGO_ENABLED=0; fi; " + build), check: "static-image", want: Pass, message: static},
		{name: "RUN (export; go build)", files: run("(export CGO_ENABLED=0; " + build + ")"), check: "static-image", want: Pass, message: static},
		{name: "RUN export; (unset; go build)", files: run("export CGO_ENABLED=0; (unset CGO_ENABLED; " + build + ")"), check: "static-image", want: Fail, message: notStatic},
		{name: "RUN export; ((unset); go build)", files: run("export CGO_ENABLED=0; ((unset CGO_ENABLED); " + build + ")"), check: "static-image", want: Pass, message: static},
		{name: "RUN export; (unset); (go build)", files: run("export CGO_ENABLED=0; (unset CGO_ENABLED); (" + build + ")"), check: "static-image", want: Pass, message: static},
		{name: "recipe: (. ./env.sh; go build)", files: image("build:\n\t(. ./env.sh; "+build+")\n", map[string]string{"env.sh": env}), check: "static-image", want: Pass, message: static},
		{name: "CI: (export GOFLAGS=-race), then (go test) on the next line", files: ci("          (export GOFLAGS=-race; true)\n          (go test ./...)\n"), check: "ci", want: Warn, message: noRace},
		{name: "RUN test && export && go build", files: run("[ -n \"$S\" ] && export CGO_ENABLED=0 && " + build), check: "static-image", want: Pass, message: static},
		{name: "RUN export; go build", files: run("export CGO_ENABLED=0; " + build), check: "static-image", want: Pass, message: static},
		{name: "CI: (export GOFLAGS=-race); go test", files: ci("          (export GOFLAGS=-race)\n          go test ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "CI: export GOFLAGS=-race &", files: ci("          export GOFLAGS=-race &\n          go test ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "CI: export in a while loop", files: ci("          while false; do export GOFLAGS=-race; done\n          go test ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "CI: export GOFLAGS=-race", files: ci("          export GOFLAGS=-race\n          go test ./...\n"), check: "ci", want: Pass, message: race},
	})
}

// TestBareAssignExported: a bare assignment (CGO_ENABLED=1, no command after it) of a
// variable exported at that point, by an export earlier in the script, a sourced
// script, make's export or the Dockerfile stage's ENV, changes the value the commands
// after it get (round 38 audit/4); one of a variable not exported there, or in a ( )
// subshell closed before them, does not (round 39 auditsub/1), and one this audit is
// not sure runs leaves the value it sets or the one it had, as an export there does
// (UNKNOWN for static-image, round 39 auditsub/2), also right after then (round 39
// auditsub/3). A variable the CI's env: sets is exported: a bare assignment of the
// run: script changes what the commands after it get (round 39 auditsub/5). One in
// a { } group that is piped, which the shell runs in a subshell, changes the
// commands of the group alone (round 40).
func TestBareAssignExported(t *testing.T) {
	image := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	run := func(lines string) map[string]string {
		return image("", map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nENV CGO_ENABLED=0\nCOPY . .\n" + lines + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"})
	}
	ci := func(env, script string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: golangci-lint run\n      - env:\n          " + env + "\n        run: |\n" + script,
		}
	}
	const (
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
		maybe     = "may run with CGO_ENABLED=0 and may not"
		race      = "CI runs go vet, go test -race"
		noTests   = "runs no test (CGO_ENABLED=0 in its environment"
	)
	runBuildCases(t, []buildCase{
		{name: "the line's export, then CGO_ENABLED=1", files: image("build:\n\texport CGO_ENABLED=0; CGO_ENABLED=1; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "a sourced script's export, then CGO_ENABLED=1", files: image("build:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "export CGO_ENABLED=0\nCGO_ENABLED=1\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "make's export, then the line's CGO_ENABLED=1", files: image("export CGO_ENABLED=0\nbuild:\n\tCGO_ENABLED=1; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "make's export, a sourced script's CGO_ENABLED=1", files: image("export CGO_ENABLED=0\nbuild:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "CGO_ENABLED=1\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "ENV, then RUN CGO_ENABLED=1; go build", files: run("RUN CGO_ENABLED=1; go build -o /bin/svc ."), check: "static-image", want: Fail, message: notStatic},
		{name: "ENV, then CGO_ENABLED=0 again", files: run("RUN CGO_ENABLED=0; go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "the assignment in a subshell closed before", files: run("RUN (true; CGO_ENABLED=1); go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "the assignment in a branch, as an export there", files: run("RUN if [ -n \"$SQLITE\" ]; then true; CGO_ENABLED=1; true; fi; go build -o /bin/svc ."), check: "static-image", want: Unknown, message: maybe},
		{name: "the export in a branch", files: run("RUN if [ -n \"$SQLITE\" ]; then true; export CGO_ENABLED=1; true; fi; go build -o /bin/svc ."), check: "static-image", want: Unknown, message: maybe},
		{name: "the assignment right after then", files: run("RUN if [ -n \"$SQLITE\" ]; then CGO_ENABLED=1; fi; go build -o /bin/svc ."), check: "static-image", want: Unknown, message: maybe},
		{name: "the line's export, the assignment right after then", files: image("build:\n\texport CGO_ENABLED=0; if [ -n \"$SQLITE\" ]; then CGO_ENABLED=1; fi; go build -o /bin/svc .\n", nil), check: "static-image", want: Unknown, message: maybe},
		{name: "the assignment right after else", files: run("RUN if [ -n \"$STATIC\" ]; then true; else CGO_ENABLED=1; fi; go build -o /bin/svc ."), check: "static-image", want: Unknown, message: maybe},
		{name: "an export of 1 in a branch, none before", files: image("build:\n\tif [ -n \"$SQLITE\" ]; then export CGO_ENABLED=1; fi; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "the assignment in a subshell closed before, first in it", files: run("RUN (CGO_ENABLED=1; true); go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "the assignment in a subshell the build is in", files: run("RUN (CGO_ENABLED=1; go build -o /bin/svc .)"), check: "static-image", want: Fail, message: notStatic},
		{name: "the assignment in a subshell, the build in one inside it", files: run("RUN (CGO_ENABLED=1; (go build -o /bin/svc .))"), check: "static-image", want: Fail, message: notStatic},
		{name: "the assignment in the subshell before, the build in the next", files: run("RUN (CGO_ENABLED=1); (go build -o /bin/svc .)"), check: "static-image", want: Pass, message: static},
		{name: "CI env:, the script's CGO_ENABLED=0 on a line of its own", files: ci("CGO_ENABLED: \"1\"", "          CGO_ENABLED=0\n          go test -race ./...\n"), check: "ci", want: Warn, message: noTests},
		{name: "CI env:, CGO_ENABLED=0 in a branch", files: ci("CGO_ENABLED: \"1\"", "          if [ -n \"$PURE\" ]; then\n            CGO_ENABLED=0\n          fi\n          go test -race ./...\n"), check: "ci", want: Pass, message: race},
		{name: "CI env:, CGO_ENABLED=0 in a subshell closed before", files: ci("CGO_ENABLED: \"1\"", "          (CGO_ENABLED=0; true)\n          go test -race ./...\n"), check: "ci", want: Pass, message: race},
		{name: "CI env:, CGO_ENABLED=1 over its 0", files: ci("CGO_ENABLED: \"0\"", "          CGO_ENABLED=1\n          go test -race ./...\n"), check: "ci", want: Pass, message: race},
		{name: "CI env: of another variable, CGO_ENABLED=0 not exported", files: ci("GOFLAGS: -mod=mod", "          CGO_ENABLED=0\n          go test -race ./...\n"), check: "ci", want: Pass, message: race},
		{name: "not exported: a variable of the shell alone", files: image("build:\n\tCGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "unset, then assigned: not exported", files: run("RUN unset CGO_ENABLED; CGO_ENABLED=0; go build -o /bin/svc ."), check: "static-image", want: Fail, message: notStatic},
		{name: "the assignment in a piped { } group", files: run("RUN { CGO_ENABLED=1; true; } | cat; go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "the assignment last in a piped { } group", files: run("RUN { true; CGO_ENABLED=1; } | cat; go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "the assignment in a { } group piped into", files: run("RUN true | { CGO_ENABLED=1; cat; }; go build -o /bin/svc ."), check: "static-image", want: Pass, message: static},
		{name: "the assignment in a { } group, the build piped in it", files: run("RUN { CGO_ENABLED=1; go build -o /bin/svc .; } | cat"), check: "static-image", want: Fail, message: notStatic},
		{name: "the assignment in a { } group not piped", files: run("RUN { CGO_ENABLED=1; true; }; go build -o /bin/svc ."), check: "static-image", want: Fail, message: notStatic},
		{name: "recipe: the line's export, the assignment in a piped { } group", files: image("build:\n\texport CGO_ENABLED=0; { CGO_ENABLED=1; echo x; } | cat; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
		{name: "CI env:, CGO_ENABLED=0 in a piped { } group over lines", files: ci("CGO_ENABLED: \"1\"", "          {\n            CGO_ENABLED=0\n            echo x\n          } | cat\n          go test -race ./...\n"), check: "ci", want: Pass, message: race},
	})
}

// TestExportByNameAndAllexport: export NAME, without a value, exports the value the
// script assigned the variable before it (or after it), and under set -a (set -o
// allexport) an assignment exports its variable, in the line and in a script it
// sources, until set +a (round 38 audit/5), there too: a script sourced under set -a
// that turns it off exports none of its assignments after its set +a (round 40); a
// set -a of a sourced script stays on in the shell that sources it (round 39
// auditsub/4), and one of a ( ) subshell ends with it.
func TestExportByNameAndAllexport(t *testing.T) {
	image := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	const (
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: "CGO_ENABLED=0; export CGO_ENABLED", files: image("build:\n\tCGO_ENABLED=0; export CGO_ENABLED; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
		{name: "export CGO_ENABLED; CGO_ENABLED=0", files: image("build:\n\texport CGO_ENABLED; CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
		{name: "a sourced script's CGO_ENABLED=0; export CGO_ENABLED", files: image("build:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "CGO_ENABLED=0\nexport CGO_ENABLED\n"}), check: "static-image", want: Pass, message: static},
		{name: "export CGO_ENABLED of an unset variable", files: image("build:\n\tunset CGO_ENABLED; export CGO_ENABLED; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "set -a; . ./env.sh; set +a", files: image("build:\n\tset -a; . ./env.sh; set +a; go build -o /bin/svc .\n", map[string]string{"env.sh": "CGO_ENABLED=0\n"}), check: "static-image", want: Pass, message: static},
		{name: "set -o allexport; CGO_ENABLED=0", files: image("build:\n\tset -o allexport; CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
		{name: "set +a before the assignment", files: image("build:\n\tset -a; set +a; CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: ". ./env.sh without set -a", files: image("build:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "CGO_ENABLED=0\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "set -a in the sourced script, CGO_ENABLED=0 there", files: image("build:\n\t. ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "set -a; CGO_ENABLED=0\n"}), check: "static-image", want: Pass, message: static},
		{name: "set -a in the sourced script, CGO_ENABLED=0 after it", files: image("build:\n\t. ./env.sh; CGO_ENABLED=0; go build -o /bin/svc .\n", map[string]string{"env.sh": "set -a\nX=1\n"}), check: "static-image", want: Pass, message: static},
		{name: "set -a, then set +a in the sourced script", files: image("build:\n\t. ./env.sh; CGO_ENABLED=0; go build -o /bin/svc .\n", map[string]string{"env.sh": "set -a\nX=1\nset +a\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "set -a under an if in the sourced script", files: image("build:\n\t. ./env.sh; CGO_ENABLED=0; go build -o /bin/svc .\n", map[string]string{"env.sh": "if [ -n \"$ALL\" ]; then set -a; fi\n"}), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "set -a of a script sourced by the sourced one", files: image("build:\n\t. ./env.sh; CGO_ENABLED=0; go build -o /bin/svc .\n", map[string]string{"env.sh": ". ./more.sh\n", "more.sh": "set -a\n"}), check: "static-image", want: Pass, message: static},
		{name: "set -a in a subshell closed before", files: image("build:\n\t(set -a; true); CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "set -a; . ./env.sh, set +a in it before CGO_ENABLED=0", files: image("build:\n\tset -a; . ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "X=1; set +a; CGO_ENABLED=0\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "set -a; . ./env.sh, set +a in it after CGO_ENABLED=0", files: image("build:\n\tset -a; . ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "CGO_ENABLED=0; set +a; X=1\n"}), check: "static-image", want: Pass, message: static},
		{name: "set -a; . ./env.sh, set +a then set -a in it", files: image("build:\n\tset -a; . ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "set +a\nX=1\nset -a\nCGO_ENABLED=0\n"}), check: "static-image", want: Pass, message: static},
		{name: "set -a under an if, set +a in the sourced script before CGO_ENABLED=0", files: image("build:\n\tif [ -n \"$ALL\" ]; then set -a; fi; . ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "set +a\nCGO_ENABLED=0\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "set -a under an if, CGO_ENABLED=0 in the sourced script", files: image("build:\n\tif [ -n \"$ALL\" ]; then set -a; fi; . ./env.sh; go build -o /bin/svc .\n", map[string]string{"env.sh": "CGO_ENABLED=0\n"}), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "CI: set -a; . ./env.sh, set +a in it before GOFLAGS=-race", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "env.sh": "X=1\nset +a\nGOFLAGS=-race\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n          set -a\n          . ./env.sh\n          go test ./...\n"},
			check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}

// TestDockerRunSourced: a Dockerfile RUN that sources a script (. ./env.sh, or
// source env.sh under a bash SHELL) gets the variables it exports, as a script CI
// or make runs does, its file taken from the build context as the COPY and ADD of
// the stage (or of a stage it copies from) put it in the image: CGO_ENABLED=0 set
// there counts, and so does CGO_ENABLED=1 over an ENV of 0. A script no COPY ties
// to a file of the build context (one an earlier RUN writes, one copied from an
// image) may set anything: UNKNOWN; a file of the base image that nothing copies
// (/etc/os-release) is none of the repository's, and read as before (round 40).
// source under /bin/sh is read where the stage is built on an Alpine image, whose
// /bin/sh is busybox's ash (source is .), UNKNOWN where the image is not known; in
// a RUN heredoc, under the shell that runs it (RUN <<EOF bash, a #! line), not the
// SHELL.
func TestDockerRunSourced(t *testing.T) {
	image := func(lines string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\n" + lines + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	on := func(base, lines string, extra map[string]string) map[string]string { // image, FROM base
		files := image(lines, extra)
		files["Dockerfile"] = strings.Replace(files["Dockerfile"], "golang:1.26", base, 1)
		return files
	}
	const (
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
		untied    = "runs after `. ./made.sh` (Dockerfile:6), a script that this audit cannot tie to a file of the build context"
		build     = "go build -o /bin/svc ."
		off       = "export CGO_ENABLED=0\n"
	)
	runBuildCases(t, []buildCase{
		{name: ". ./env.sh; go build", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: ". ./env.sh && go build, in a directory of the context", files: image("COPY . .\nRUN cd scripts && . ./env.sh && cd .. && "+build, map[string]string{"scripts/env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "CGO_ENABLED=1 in env.sh over an ENV of 0", files: image("ENV CGO_ENABLED=0\nCOPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "export CGO_ENABLED=1\n"}), check: "static-image", want: Fail, message: notStatic},
		{name: "source ./env.sh under a bash SHELL", files: image("SHELL [\"/bin/bash\", \"-c\"]\nCOPY . .\nRUN source ./env.sh && "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "a file COPY to an absolute path", files: image("COPY . .\nCOPY build/env.sh /etc/build-env.sh\nRUN . /etc/build-env.sh && "+build, map[string]string{"build/env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "copied from an earlier stage", files: image("COPY . .\nCOPY --from=env /env.sh /env.sh\nRUN . /env.sh && "+build, map[string]string{"env.sh": off,
			"Dockerfile": "FROM alpine:3.22 AS env\nCOPY env.sh /env.sh\n\nFROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nCOPY --from=env /env.sh /env.sh\nRUN . /env.sh && " + build + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"}),
			check: "static-image", want: Pass, message: static},
		{name: "a script it sources in turn", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": ". ./more.sh\n", "more.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "set -a; . ./env.sh of an assignment", files: image("COPY . .\nRUN set -a; . ./env.sh; "+build, map[string]string{"env.sh": "CGO_ENABLED=0\n"}), check: "static-image", want: Pass, message: static},
		{name: "sourced in a subshell closed before", files: image("COPY . .\nRUN (. ./env.sh); "+build, map[string]string{"env.sh": off}), check: "static-image", want: Fail, message: notStatic},
		{name: "a script an earlier RUN writes", files: image("ENV CGO_ENABLED=0\nCOPY . .\nRUN echo 'export CGO_ENABLED=1' > made.sh\nRUN . ./made.sh; "+build, nil), check: "static-image", want: Unknown, message: untied},
		// a write by its absolute path after a cd this audit cannot place counts, and a
		// relative one there may name any path ending as it does
		{name: "sed -i by its absolute path after cd ~", files: image("COPY . .\nRUN cd ~ && sed -i s/=0/=1/ /src/env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie"},
		{name: "> by its absolute path after cd \"$GOPATH\"", files: image("COPY . .\nRUN cd \"$GOPATH\" && echo export CGO_ENABLED=1 > /src/env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie"},
		{name: ">> by its absolute path after cd \"$(mktemp -d)\"", files: image("COPY . .\nRUN cd \"$(mktemp -d)\" && cp /src/env.sh env.sh.orig && echo export CGO_ENABLED=1 >> /src/env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie"},
		{name: "a relative write that may name it after cd \"$HOME\"", files: image("COPY . .\nRUN cd \"$HOME\" && cp /tmp/cgo.sh src/env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie"},
		{name: "a relative write of another name after cd \"$HOME\"", files: image("COPY . .\nRUN cd \"$HOME\" && cp /src/env.sh env.sh.orig\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "a script copied from an image", files: image("ENV CGO_ENABLED=0\nCOPY . .\nCOPY --from=ghcr.io/acme/env:1 /env.sh /env.sh\nRUN . /env.sh && "+build, nil), check: "static-image", want: Unknown, message: "runs after `. /env.sh` (Dockerfile:6), a script that this audit cannot tie to a file of the build context"},
		{name: "an unread script in a subshell closed before", files: image("ENV CGO_ENABLED=0\nCOPY . .\nRUN (. ./made.sh); "+build, nil), check: "static-image", want: Pass, message: static},
		{name: "an unread script, then an export", files: image("COPY . .\nRUN . ./made.sh; export CGO_ENABLED=0; "+build, nil), check: "static-image", want: Pass, message: static},
		{name: "a file of the base image", files: image("ENV CGO_ENABLED=0\nCOPY . .\nRUN . /etc/os-release && "+build, nil), check: "static-image", want: Pass, message: static},
		{name: "a script with CRLF line ends: 0\\r is not 0", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "export CGO_ENABLED=0\r\n"}), check: "static-image", want: Unknown, message: "a script with CRLF line ends"},
		{name: "source under the default /bin/sh (dash: not found)", files: image("COPY . .\nRUN source ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "has no source builtin"},
		{name: "source under a SHELL through env to bash", files: image("SHELL [\"/usr/bin/env\", \"GOFLAGS=-mod=mod\", \"/bin/bash\", \"-c\"]\nCOPY . .\nRUN source ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "a return before the export ends the script", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "return 0\n" + off}), check: "static-image", want: Fail, message: notStatic},
		{name: "a return in an if before the export", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "if [ -z \"$TARGET\" ]; then\n  return 0\nfi\n" + off}), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "a return after || before the export", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "[ -n \"$TARGET\" ] || return 0\n" + off}), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "a return in a function's body", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "f() {\n  return 0\n}\nf\n" + off}), check: "static-image", want: Pass, message: static},
		{name: "a top-level return in a RUN heredoc: dash ends there, bash goes on", files: image("COPY . .\nRUN <<EOS\nexport CGO_ENABLED=1\nreturn 0\nexport CGO_ENABLED=0\n"+build+"\nEOS", nil), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "an export in a here-document written cat >f<<EOF, in a RUN heredoc", files: image("COPY . .\nRUN <<EOS\ncat >/tmp/notes.txt<<EOF\nexport CGO_ENABLED=0\nEOF\n"+build+"\nEOS", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "a top-level return on a RUN line", files: image("ENV CGO_ENABLED=0\nRUN return 0; export CGO_ENABLED=1; "+build, nil), check: "static-image", want: Unknown, message: "may run with CGO_ENABLED=0 and may not"},
		{name: "a return after the export", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off + "return 0\nexport CGO_ENABLED=1\n"}), check: "static-image", want: Pass, message: static},
		{name: "a copied script an earlier RUN overwrites with cp", files: image("COPY . .\nRUN cp release.env env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off, "release.env": "export CGO_ENABLED=1\n"}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a copied script the same RUN appends to", files: image("COPY . .\nRUN echo 'export CGO_ENABLED=1' >> env.sh; . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a copied script tee writes in an earlier RUN", files: image("COPY . .\nRUN echo 'export CGO_ENABLED=1' | tee -a /src/env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a script a stage copied from writes after its COPY", files: image("", map[string]string{"env.sh": off,
			"Dockerfile": "FROM alpine:3.22 AS cfg\nCOPY env.sh /cfg/env.sh\nRUN echo 'export CGO_ENABLED=1' >> /cfg/env.sh\n\nFROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nCOPY --from=cfg /cfg/env.sh ./env.sh\nRUN . ./env.sh && " + build + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"}),
			check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a copied script an earlier RUN appends to through a variable", files: image("COPY . .\nRUN F=env.sh; echo 'export CGO_ENABLED=1' >> $F\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a copied script written through ${DIR}/env.sh", files: image("COPY . .\nRUN echo 'export CGO_ENABLED=1' > \"${DIR}/env.sh\"\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a write through a variable to another name", files: image("COPY . .\nRUN echo machine x > $HOME/.netrc\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "a copied script an earlier RUN edits with sed -i", files: image("COPY . .\nRUN sed -i 's/=0/=1/' env.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a copied script sed -Ei.bak -e edits", files: image("COPY . .\nRUN sed -Ei.bak -e 's/=0/=1/' scripts/env.sh\nRUN . ./scripts/env.sh; "+build, map[string]string{"scripts/env.sh": off}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "sed without -i writes nothing", files: image("COPY . .\nRUN sed 's/=0/=1/' env.sh > other.sh\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "a script cp puts by a pattern", files: image("COPY . .\nRUN cp release/* scripts/\nRUN . ./scripts/env.sh; "+build, map[string]string{"scripts/env.sh": off, "release/env.sh": "export CGO_ENABLED=1\n"}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "cp -r dir/ newdir/: newdir may be the copy", files: image("ENV CGO_ENABLED=0\nCOPY . .\nRUN cp -r release/ /opt/cfg/\nRUN . /opt/cfg/env.sh; "+build, map[string]string{"release/env.sh": "export CGO_ENABLED=1\n"}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a COPY restoring the script an earlier RUN wrote", files: image("COPY . .\nRUN echo 'export CGO_ENABLED=1' >> env.sh\nCOPY env.sh .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "a COPY of another file after the RUN that wrote the script", files: image("COPY . .\nRUN echo 'export CGO_ENABLED=1' >> env.sh\nCOPY other.txt .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off, "other.txt": "x\n"}), check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a stage built on the one that restored it, whose RUN writes it again", files: image("", map[string]string{"env.sh": off,
			"Dockerfile": "FROM golang:1.26 AS base\nWORKDIR /src\nCOPY . .\nRUN sed -i 's/=0/=1/' env.sh\nCOPY env.sh .\n\nFROM base AS build\nRUN echo 'export CGO_ENABLED=1' >> env.sh\nRUN . ./env.sh && " + build + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"}),
			check: "static-image", want: Unknown, message: "a script that this audit cannot tie to a file of the build context"},
		{name: "a RUN copying another file into the directory", files: image("COPY . .\nRUN cp other.txt .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": off, "other.txt": "x\n"}), check: "static-image", want: Pass, message: static},
		{name: "RUN <<EOS bash: source in the heredoc bash reads", files: image("ENV CGO_ENABLED=1\nCOPY . .\nRUN <<EOS bash\nsource ./env.sh\n"+build+"\nEOS", map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "RUN <<EOS of a #!/usr/bin/env bash script: source", files: image("ENV CGO_ENABLED=1\nCOPY . .\nRUN <<EOS\n#!/usr/bin/env bash\nsource ./env.sh\n"+build+"\nEOS", map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "RUN <<EOS of a #!/bin/sh script under a bash SHELL: source", files: image("SHELL [\"/bin/bash\", \"-c\"]\nENV CGO_ENABLED=1\nCOPY . .\nRUN <<EOS\n#!/bin/sh\nsource ./env.sh\n"+build+"\nEOS", map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "has no source builtin"},
		{name: "RUN <<EOS sh under a bash SHELL: source", files: image("SHELL [\"/bin/bash\", \"-c\"]\nENV CGO_ENABLED=1\nCOPY . .\nRUN <<EOS sh\nsource ./env.sh\n"+build+"\nEOS", map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "has no source builtin"},
		{name: "RUN heredoc: a lone assignment turns an exported 0 to 1", files: image("COPY . .\nRUN <<EOS\nexport CGO_ENABLED=0\nCGO_ENABLED=1\n"+build+"\nEOS", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "RUN heredoc: a lone assignment turns an exported 1 to 0", files: image("COPY . .\nRUN <<EOS\nexport CGO_ENABLED=1\nCGO_ENABLED=0;\n"+build+"\nEOS", nil), check: "static-image", want: Pass, message: static},
		{name: "RUN heredoc: set -a of a sourced script, then a lone assignment", files: image("COPY . .\nRUN <<EOS\n. ./env.sh\nCGO_ENABLED=0\n"+build+"\nEOS", map[string]string{"env.sh": "set -a\n"}), check: "static-image", want: Pass, message: static},
		{name: "a lone assignment piped: a subshell's", files: image("ENV CGO_ENABLED=1\nRUN CGO_ENABLED=0 | cat; "+build, nil), check: "static-image", want: Fail, message: notStatic},
		{name: "a lone assignment in the background: a subshell's", files: image("ENV CGO_ENABLED=1\nRUN CGO_ENABLED=0 & "+build, nil), check: "static-image", want: Fail, message: notStatic},
		{name: "a lone assignment piped into, on a line of its own", files: image("ENV CGO_ENABLED=1\nRUN echo x | CGO_ENABLED=0; "+build, nil), check: "static-image", want: Fail, message: notStatic},
		{name: "source in a script sourced under /bin/sh", files: image("COPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "source ./more.sh\n", "more.sh": off}), check: "static-image", want: Unknown, message: "has no source builtin"},
		{name: "source under the /bin/sh of golang:1.26-alpine (busybox ash: the . builtin)", files: on("golang:1.26-alpine", "ENV CGO_ENABLED=1\nCOPY . .\nRUN source ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "source under the /bin/sh of alpine:3.22", files: on("docker.io/library/alpine:3.22@sha256:0123", "RUN apk add --no-cache go\nENV CGO_ENABLED=1\nCOPY . .\nRUN source ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "source in a script sourced under alpine's ash", files: on("alpine:3.22", "RUN apk add --no-cache go\nSHELL [\"/bin/ash\", \"-c\"]\nENV CGO_ENABLED=1\nCOPY . .\nRUN . ./env.sh; "+build, map[string]string{"env.sh": "source ./more.sh\n", "more.sh": off}), check: "static-image", want: Pass, message: static},
		{name: "source under a dash SHELL of an alpine image", files: on("golang:1.26-alpine", "SHELL [\"/bin/dash\", \"-c\"]\nENV CGO_ENABLED=1\nCOPY . .\nRUN source ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "has no source builtin"},
		{name: "source under the /bin/sh of an image named by a variable", files: on("${BASE}", "ENV CGO_ENABLED=1\nCOPY . .\nRUN source ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: "has no source builtin"},
	})
}

// TestGlobalPrivate: a global assignment with the private modifier (private X = v,
// with export and override in any order, or private define) sets the variable for
// the reading of the makefiles (the assignments that expand it at once, the
// conditionals, the names of targets and includes), but no target inherits it, so
// a recipe's $(X) is empty there (GNU make 4.3 and later), though a target-specific
// assignment of X gives it its own value; once marked private, a variable stays so
// whatever assigns it after. Exported, it is in the environment of the recipes under
// make 4.3 but not later, so a value this audit does not know there.
func TestGlobalPrivate(t *testing.T) {
	ci := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint test\n",
		}
	}
	image := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	const (
		race      = "CI runs go vet"
		noRace    = "CI does not run go test -race"
		test      = "test:\n\tgo test $(TESTFLAGS) ./...\n"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
		passed    = "build:\n\tCGO_ENABLED=$(CGO_ENABLED) go build -o /bin/svc .\n"
	)
	runBuildCases(t, []buildCase{
		{name: "private, empty in the recipe", files: ci("private TESTFLAGS = -race\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "override private, empty in the recipe", files: ci("override private TESTFLAGS := -race\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "private export override, empty in the recipe", files: ci("private export override TESTFLAGS = -race\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "private define, empty in the recipe", files: ci("private define TESTFLAGS\n-race\nendef\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "private, then assigned again: still private", files: ci("private TESTFLAGS = -v\nTESTFLAGS = -race\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "private, through a recursive variable expanded in the recipe", files: ci("private RACE = -race\nTESTFLAGS = $(RACE)\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "private, expanded at once by a global :=", files: ci("private RACE = -race\nTESTFLAGS := $(RACE)\n" + test), check: "ci", want: Pass, message: race},
		{name: "private, read by ifdef", files: ci("private STRICT = 1\nifdef STRICT\nTESTFLAGS = -race\nendif\n" + test), check: "ci", want: Pass, message: race},
		{name: "private, a target-specific assignment over it", files: ci("private TESTFLAGS = -v\ntest: TESTFLAGS = -race\n" + test), check: "ci", want: Pass, message: race},
		{name: "private, a target-specific += over it starts empty", files: ci("private TESTFLAGS = -race\ntest: TESTFLAGS += -v\n" + test), check: "ci", want: Warn, message: noRace},
		{name: "export private, the recipe's environment: make 4.3's, not later", files: ci("export private TESTFLAGS = -race\ntest:\n\tgo test $$TESTFLAGS ./...\n"), check: "ci", want: Unknown, message: "may hold -race"},
		{name: "private, not exported: none in the recipe's environment", files: ci("private TESTFLAGS = -race\ntest:\n\tgo test $$TESTFLAGS ./...\n"), check: "ci", want: Unknown, message: "may hold -race"},
		{name: "private CGO_ENABLED, passed on the recipe's line", files: image("private CGO_ENABLED := 0\n" + passed), check: "static-image", want: Fail, message: notStatic},
		{name: "not private, passed on the recipe's line", files: image("CGO_ENABLED := 0\n" + passed), check: "static-image", want: Pass, message: static},
		{name: "a variable named private", files: ci("private = -race\ntest:\n\tgo test $(private) ./...\n"), check: "ci", want: Pass, message: race},
	})
}

// TestTargetPrivate: a target-specific assignment with the private modifier
// (build: private CGO_ENABLED = 0) applies to the target's own recipe, and is not
// inherited by the prerequisites built for it: no Make variable of theirs (make 4.3
// and 4.4 alike), and, when exported, in their environment under make 4.3 but not
// 4.4, so a value this audit does not know there.
func TestTargetPrivate(t *testing.T) {
	image := func(goal, mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make " + goal + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	ci := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint test\n",
		}
	}
	const (
		build     = "build:\n\tgo build -o /bin/svc .\n"
		passed    = "build:\n\tCGO_ENABLED=$(CGO_ENABLED) go build -o /bin/svc .\n"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: "private export, the target's own recipe", files: image("build", "build: private export CGO_ENABLED = 0\n"+build), check: "static-image", want: Pass, message: static},
		{name: "export private, the target's own recipe", files: image("build", "build: export private CGO_ENABLED = 0\n"+build), check: "static-image", want: Pass, message: static},
		{name: "private, its value passed on the target's own line", files: image("build", "build: private CGO_ENABLED := 0\n"+passed), check: "static-image", want: Pass, message: static},
		{name: "private, the prerequisite's Make variable the global one", files: image("release", "CGO_ENABLED := 0\nrelease: private CGO_ENABLED := 1\nrelease: build\n"+passed), check: "static-image", want: Pass, message: static},
		{name: "private, not the prerequisite's Make variable", files: image("release", "CGO_ENABLED := 1\nrelease: private CGO_ENABLED := 0\nrelease: build\n"+passed), check: "static-image", want: Fail, message: notStatic},
		{name: "not private, the prerequisite's Make variable", files: image("release", "CGO_ENABLED := 1\nrelease: CGO_ENABLED := 0\nrelease: build\n"+passed), check: "static-image", want: Pass, message: static},
		{name: "private export, the prerequisite's environment (make 4.4: the global one)", files: image("release", "export CGO_ENABLED = 1\nrelease: private CGO_ENABLED = 0\nrelease: build\n"+build), check: "static-image", want: Fail, message: notStatic},
		{name: "private, the test target's own recipe", files: ci("test: private TESTFLAGS = -race\ntest:\n\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Pass, message: "CI runs go vet"},
		{name: "private, the test target's prerequisite", files: ci("TESTFLAGS :=\ntest: private TESTFLAGS = -race\ntest: gotest\ngotest:\n\tgo test $(TESTFLAGS) ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}

// TestRecipeEnvOverride audits a Makefile run with a variable on make's command line
// (make build CGO_ENABLED=0) that an override assignment sets (override CGO_ENABLED
// = 0, round 41): make 4.3 puts a command-line variable in its recipes' environment,
// but not once an override has taken it, unless an export names it.
func TestRecipeEnvOverride(t *testing.T) {
	image := func(run, mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "build:\n\tgo build -o /bin/svc .\n",
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN " + run + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	const (
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: "make CGO_ENABLED=0, no override", files: image("make build CGO_ENABLED=0", ""), check: "static-image", want: Pass, message: static},
		{name: "make CGO_ENABLED=0, override CGO_ENABLED = 0", files: image("make build CGO_ENABLED=0", "override CGO_ENABLED = 0\n"), check: "static-image", want: Fail, message: notStatic},
		{name: "make CGO_ENABLED=0, override and export", files: image("make build CGO_ENABLED=0", "override CGO_ENABLED = 0\nexport CGO_ENABLED\n"), check: "static-image", want: Pass, message: static},
		{name: "make CGO_ENABLED=0, override export", files: image("make build CGO_ENABLED=0", "override export CGO_ENABLED := 0\n"), check: "static-image", want: Pass, message: static},
	})
}

// TestRecipeEnvOverrides audits a Makefile run with make -e (--environment-overrides,
// or e in the MAKEFLAGS of make's environment): the variables of its environment keep
// their values over the Makefile's assignments (export GOFLAGS = -race) but for an
// override's and the target-specific ones, as make 4.3 runs it; a MAKEFLAGS=e of the
// command line comes too late for that.
func TestRecipeEnvOverrides(t *testing.T) {
	const (
		race   = "CI runs go vet, go test -race and a linter"
		noRace = "CI does not run go test -race"
		test   = "\tgo test ./...\n"
	)
	image := func(run, mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "build:\n\tgo build -o /bin/svc .\n",
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nENV CGO_ENABLED=1\nRUN " + run + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	runBuildCases(t, []buildCase{
		{name: "GOFLAGS=-short make -e, export GOFLAGS = -race", files: makeRepo("GOFLAGS=-short make -e ci", "export GOFLAGS = -race\n", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS=-short make --environment-overrides", files: makeRepo("GOFLAGS=-short make --environment-overrides ci", "export GOFLAGS = -race\n", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS=-short make -ke, GOFLAGS += -race", files: makeRepo("GOFLAGS=-short make -ke ci", "GOFLAGS += -race\nexport GOFLAGS\n", test), check: "ci", want: Warn, message: noRace},
		{name: "MAKEFLAGS=e GOFLAGS=-short make", files: makeRepo("MAKEFLAGS=e GOFLAGS=-short make ci", "export GOFLAGS = -race\n", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS= make -e", files: makeRepo("GOFLAGS= make -e ci", "export GOFLAGS = -race\n", test), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS=-short make -e, undefine GOFLAGS", files: makeRepo("GOFLAGS=-race make -e ci", "undefine GOFLAGS\n", test), check: "ci", want: Pass, message: race},
		{name: "GOFLAGS=-short make, export GOFLAGS = -race", files: makeRepo("GOFLAGS=-short make ci", "export GOFLAGS = -race\n", test), check: "ci", want: Pass, message: race},
		{name: "GOFLAGS=-short make MAKEFLAGS=e, too late", files: makeRepo("GOFLAGS=-short make MAKEFLAGS=e ci", "export GOFLAGS = -race\n", test), check: "ci", want: Pass, message: race},
		{name: "GOFLAGS=-short make -e, override GOFLAGS := -race", files: makeRepo("GOFLAGS=-short make -e ci", "override GOFLAGS := -race\n", test), check: "ci", want: Pass, message: race},
		{name: "GOFLAGS=-short make -e, test: export GOFLAGS = -race", files: makeRepo("GOFLAGS=-short make -e ci", "test: export GOFLAGS = -race\n", test), check: "ci", want: Pass, message: race},
		{name: "ENV CGO_ENABLED=1, make -e, export CGO_ENABLED = 0", files: image("make -e build", "export CGO_ENABLED = 0\n"), check: "static-image", want: Fail, message: "the binary is built without CGO_ENABLED=0"},
		{name: "ENV CGO_ENABLED=1, make, export CGO_ENABLED = 0", files: image("make build", "export CGO_ENABLED = 0\n"), check: "static-image", want: Pass, message: "the final image is static"},
	})
}

// TestRecipeEnvUnderConditional audits Makefiles that set CGO_ENABLED in a branch of
// a conditional this audit cannot evaluate (ifeq ($(UNAME_S),Linux), round 41): make
// gives the recipes the branch's value when it takes it, exported, and the one it
// has otherwise when not, so a go build or go test -race may run with either, and
// the verdict is UNKNOWN, naming the assignment and the conditional; the same value
// either way is judged.
func TestRecipeEnvUnderConditional(t *testing.T) {
	const linux = "UNAME_S := $(shell uname -s)\nifeq ($(UNAME_S),Linux)\n"
	image := func(env, run, mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "build:\n\tgo build -o /bin/svc .\n",
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\n" + env + "RUN " + run + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	const (
		static = "the final image is static and the binary is built with CGO_ENABLED=0"
		maybe  = "may run with CGO_ENABLED=0 and may not"
		why    = "Makefile:3 sets CGO_ENABLED in a branch of `ifeq ($(UNAME_S),Linux)` (Makefile:2), a conditional this audit cannot evaluate"
	)
	runBuildCases(t, []buildCase{
		{name: "ENV CGO_ENABLED=0, CGO_ENABLED = 1 on Linux", files: image("ENV CGO_ENABLED=0\n", "make build", linux+"CGO_ENABLED = 1\nendif\n"), check: "static-image", want: Unknown, message: maybe},
		{name: "export CGO_ENABLED = 0 on Linux", files: image("", "make build", linux+"export CGO_ENABLED = 0\nendif\n"), check: "static-image", want: Unknown, message: maybe},
		{name: "make CGO_ENABLED=0, override CGO_ENABLED = 0 on Linux", files: image("", "make build CGO_ENABLED=0", linux+"override CGO_ENABLED = 0\nendif\n"), check: "static-image", want: Unknown, message: maybe},
		{name: "ENV CGO_ENABLED=0, CGO_ENABLED = 0 on Linux", files: image("ENV CGO_ENABLED=0\n", "make build", linux+"CGO_ENABLED = 0\nendif\n"), check: "static-image", want: Pass, message: static},
	})
	runCheckCases(t, []checkCase{
		{name: "export CGO_ENABLED = 0 on Linux, go test -race", files: makeRepo("make ci", linux+"export CGO_ENABLED = 0\nendif\n", "\tgo test -race ./...\n"), check: "ci", want: Unknown, message: why},
		{name: "export CGO_ENABLED = 0, go test -race", files: makeRepo("make ci", "export CGO_ENABLED = 0\n", "\tgo test -race ./...\n"), check: "ci", want: Warn, message: "CGO_ENABLED=0 in its environment"},
	})
}

// TestMakefileMakeRefuses audits make calls of a Makefile that GNU make refuses to
// read (a conditional without endif, an endif or else without one, a define
// without endef, in the Makefile or a file it includes: make 4.3 stops with
// "missing 'endif'", "extraneous 'endif'", "extraneous 'else'", "missing 'endef',
// unterminated 'define'", whatever its flags, -k, -i and -n too): such a make runs
// no recipe, so what CI or a Dockerfile runs through it never runs, named with why
// (round 48).
func TestMakefileMakeRefuses(t *testing.T) {
	const targets = "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\ntest:\n\tgo test -race ./...\n\tgo mod verify\n"
	ci := func(mk, flags string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make " + flags + "vet lint test\n",
		}, extra)
	}
	image := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN CGO_ENABLED=0 make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	const noEndif = "make refuses to read Makefile: Makefile:8: ifeq has no endif, so make stops there (\"missing 'endif'\")"
	runCheckCases(t, []checkCase{
		{name: "the Makefile read whole", files: ci(targets+"ifeq ($(CI),true)\nX = 1\nendif\n", "", nil), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "ifeq without endif", files: ci(targets+"ifeq ($(CI),true)\nX = 1\n", "", nil), check: "ci", want: Warn,
			message: "CI does not run go vet, go test -race, a linter (golangci-lint or staticcheck); its go vet at Makefile:2 never runs (" + noEndif + "); its go test -race at Makefile:6 never runs (" + noEndif + ")"},
		{name: "ifeq without endif, make -k", files: ci(targets+"ifeq ($(CI),true)\nX = 1\n", "-k ", nil), check: "ci", want: Warn, message: "CI does not run go vet, go test -race, a linter (golangci-lint or staticcheck); its go vet at Makefile:2 never runs (" + noEndif + ")"},
		{name: "ifeq without endif, make -i", files: ci(targets+"ifeq ($(CI),true)\nX = 1\n", "-i ", nil), check: "ci", want: Warn, message: "CI does not run go vet, go test -race, a linter (golangci-lint or staticcheck); its go vet at Makefile:2 never runs (" + noEndif + ")"},
		{name: "ifeq without endif, go mod verify", files: ci(targets+"ifeq ($(CI),true)\nX = 1\n", "", nil), check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly"},
		{name: "a stray endif", files: ci(targets+"endif\n", "", nil), check: "ci", want: Warn,
			message: "its go vet at Makefile:2 never runs (make refuses to read Makefile: Makefile:8: endif without ifeq, ifneq, ifdef or ifndef, so make stops there (\"extraneous 'endif'\"))"},
		{name: "a stray else", files: ci(targets+"else\n", "", nil), check: "ci", want: Warn, message: "(\"extraneous 'else'\")"},
		{name: "define without endef", files: ci(targets+"define HELP\nusage\n", "", nil), check: "ci", want: Warn,
			message: "its go vet at Makefile:2 never runs (make refuses to read Makefile: Makefile:8: define HELP has no endef, so make stops there (\"missing 'endef', unterminated 'define'\"))"},
		{name: "an included file without endif", files: ci("include mk/ci.mk\n"+targets, "", map[string]string{"mk/ci.mk": "ifdef CI\nX = 1\n"}), check: "ci", want: Warn,
			message: "its go vet at Makefile:3 never runs (make refuses to read Makefile: mk/ci.mk:1: ifdef has no endif, so make stops there (\"missing 'endif'\"))"},
		{name: "RUN make build of a Makefile without endif", files: image("build:\n\tgo build -o /bin/svc .\nifdef CI\n"), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "RUN make build of the Makefile read whole", files: image("build:\n\tgo build -o /bin/svc .\nifdef CI\nendif\n"), check: "static-image", want: Pass, message: "the final image is static"},
	})
}
