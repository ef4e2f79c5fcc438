package audit

import "testing"

// TestMakeUndecidedRecipeLines audits CI that runs a Makefile target whose recipe
// lines, or a later rule's recipe that replaces them, are in a branch of a
// conditional this audit cannot evaluate (ifeq ($(shell uname),Linux), ifdef QUICK
// where nothing defines QUICK): make reads them only when the branch is taken, as it
// does a variable's assignment there, so a go test -race among them may not run and
// proves nothing (UNKNOWN, naming the conditional); one under a conditional the CI's
// environment decides (ifdef CI) is read as make reads it.
func TestMakeUndecidedRecipeLines(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	runCheckCases(t, []checkCase{
		{name: "the race test in a branch of ifeq ($(shell uname),Linux)",
			files: makeRepo("make ci", "", "ifeq ($(shell uname),Linux)\n\tgo test -race ./...\nendif\n\techo done\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:9 may count: Makefile:9 is a recipe line in a branch of `ifeq ($(shell uname),Linux)` (Makefile:8), a conditional this audit cannot evaluate, and make runs it only where that branch is taken"},
		{name: "the race test in the else branch, a plain test in the other",
			files: makeRepo("make ci", "", "ifeq ($(shell uname),Darwin)\n\tgo test ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:11 may count: Makefile:11 is a recipe line in a branch of `ifeq ($(shell uname),Darwin)` (Makefile:8)"},
		{name: "a whole rule under ifdef",
			files: recipeRepo("make ci", "Makefile", "ci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\nifdef RACE\ntest:\n\tgo test -race ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:7 is a recipe line in a branch of `ifdef RACE` (Makefile:5)"},
		{name: "an inline recipe under ifdef",
			files: recipeRepo("make ci", "Makefile", "ci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\nifdef RACE\ntest: ; go test -race ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:6 is a recipe line in a branch of `ifdef RACE` (Makefile:5)"},
		{name: "a later recipe under ifdef may replace the race test",
			files: makeRepo("make ci", "", "\tgo test -race ./...\nifdef QUICK\ntest:\n\tgo test -short ./...\nendif\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:8 may count: the recipe of `test` at Makefile:10, in a branch of `ifdef QUICK` (Makefile:9), a conditional this audit cannot evaluate, replaces this one where that branch is taken"},
		{name: "the race test under ifdef CI, which CI defines",
			files: makeRepo("make ci", "", "ifdef CI\n\tgo test -race ./...\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test under ifndef CI",
			files: makeRepo("make ci", "", "ifndef CI\n\tgo test -race ./...\nendif\n\techo done\n"), check: "ci", want: Warn, message: noRace},
		{name: "the race test after the conditional",
			files: makeRepo("make ci", "", "ifeq ($(shell uname),Linux)\n\techo linux\nendif\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "a later rule under ifdef without a recipe keeps the race test",
			files: makeRepo("make ci", "", "\tgo test -race ./...\nifdef QUICK\ntest: lint\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test in every branch of ifeq/else",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race -timeout 20m ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test in every branch of ifeq/else, -v -count=1 in one",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race -v -count=1 -failfast ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test in every branch of ifeq/else, -run NoSuchTest in one",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race -run NoSuchTest ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:9 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:8)"},
		{name: "the race test in every branch of ifeq/else, -skip . in one",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race ./...\nelse\n\tgo test -race -skip . ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:9 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:8)"},
		{name: "the race test in every branch of ifeq/else, -race=false after it in one",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race -race=false ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:11 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:8)"},
		{name: "go vet in every branch of ifeq/else, -json in one",
			files: recipeRepo("make ci", "Makefile", "ci:\n\tstaticcheck ./...\n\tgo test -race ./...\nifeq ($(OS),Windows_NT)\n\tgo vet -json ./...\nelse\n\tgo vet ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:5 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:4)"},
		{name: "the race test in every branch of an else ifeq chain ending in else",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race ./...\nelse ifdef QUICK\n\tgo test -race ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test in every branch of ifdef/else, whole rules",
			files: recipeRepo("make ci", "Makefile", "ci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\nifdef QUICK\ntest:\n\tgo test -race -short ./...\nelse\ntest:\n\tgo test -race ./...\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test in every branch of ifeq/else under .ONESHELL, whole rules",
			files: recipeRepo("make ci", "Makefile", ".ONESHELL:\nci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\nifeq ($(OS),Windows_NT)\ntest:\n\tgo test -race -timeout 20m ./...\nelse\ntest:\n\tgo test -race ./...\nendif\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test in two branches of an else ifeq chain without a plain else",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race ./...\nelse ifdef QUICK\n\tgo test -race ./...\nendif\n\techo done\n"), check: "ci", want: Unknown,
			message: "Makefile:9 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:8)"},
		{name: "the race test in every branch of ifeq/else, one branch a plain test",
			files: makeRepo("make ci", "", "ifeq ($(OS),Windows_NT)\n\tgo test -race ./...\nelse ifdef QUICK\n\tgo test ./...\nelse\n\tgo test -race ./...\nendif\n"), check: "ci", want: Unknown,
			message: "Makefile:9 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:8)"},
		{name: "the race test in every branch of an ifeq/else nested in ifdef",
			files: makeRepo("make ci", "", "ifdef RACE\nifeq ($(OS),Windows_NT)\n\tgo test -race ./...\nelse\n\tgo test -race ./...\nendif\nendif\n\techo done\n"), check: "ci", want: Unknown,
			message: "Makefile:10 is a recipe line in a branch of `ifeq ($(OS),Windows_NT)` (Makefile:9)"},
		{name: "the race test's target a prerequisite only under ifdef",
			files: recipeRepo("make ci", "Makefile", "ci: lint\nifdef RACE\nci: test\nendif\nlint:\n\tgo vet ./...\n\tgolangci-lint run\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Unknown,
			message: "Makefile:3 names `test` a prerequisite of `ci` in a branch of `ifdef RACE` (Makefile:2), a conditional this audit cannot evaluate, and make builds it for `ci` only where that branch is taken"},
		{name: "the race test's target a prerequisite under ifdef and outside it",
			files: recipeRepo("make ci", "Makefile", "ci: lint\nifdef RACE\nci: test\nendif\nci: test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "the race test's target a prerequisite under ifdef CI",
			files: recipeRepo("make ci", "Makefile", "ci: lint\nifdef CI\nci: test\nendif\nlint:\n\tgo vet ./...\n\tgolangci-lint run\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "an earlier recipe under ifdef, replaced by the race test",
			files: recipeRepo("make ci", "Makefile", "ci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\nifdef QUICK\ntest:\n\tgo test -short ./...\nendif\ntest:\n\tgo test -race ./...\n"), check: "ci", want: Pass, message: pass},
	})
}

// TestRaceAsFlagValue audits go test commands whose words hold -race as the value
// of the flag before it, which go's flag parser takes whatever it is (checked with
// go 1.26: go test -coverprofile -race runs the !race tests): no race detector, both
// in the command itself and where one branch of a conditional runs it and another go
// test -race (the every-branch reading of everyBranch: finding 5 of round 43), and
// a package pattern taken as such a value (-coverprofile ./...) reaches less. Nor
// is a -race that go test passes to the test binary one (checked with go 1.26 and
// gotestsum v1.13.0): after -args or --, or after a word that is no flag once a flag
// has ended the package list (go test ./... -v extra -race), where the binary's
// own flag parser refuses -race or takes it for an argument; a -race after the
// packages is go test's (go test ./... -race), and so is one after a flag go test
// does not know and a word it takes for that flag's value. gotestsum gives go test
// the words after its own flags, after -- or from the first word that is no flag;
// gotestsum -race is its own flag, which it refuses.
func TestRaceAsFlagValue(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	branches := func(one string) string {
		return "ifdef X\n\t" + one + "\nelse\n\tgo test -race ./...\nendif\n"
	}
	const mayCount = "its go test -race at Makefile:11 may count: Makefile:11 is a recipe line in a branch of `ifdef X` (Makefile:8)"
	runCheckCases(t, []checkCase{
		{name: "-coverprofile -race", files: makeRepo("make ci", "", "\tgo test -coverprofile -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "--coverprofile -race", files: makeRepo("make ci", "", "\tgo test --coverprofile -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "-cpuprofile -race", files: makeRepo("make ci", "", "\tgo test -cpuprofile -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "-run -race", files: makeRepo("make ci", "", "\tgo test -run -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "-coverprofile=c.out -race", files: makeRepo("make ci", "", "\tgo test -coverprofile=c.out -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "-p 4 -race", files: makeRepo("make ci", "", "\tgo test -p 4 -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "-v -race", files: makeRepo("make ci", "", "\tgo test -v -race ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "./... -race", files: makeRepo("make ci", "", "\tgo test ./... -race\n"), check: "ci", want: Pass, message: pass},
		{name: ". ./pkg/... -race", files: makeRepo("make ci", "", "\tgo test . ./pkg/... -race\n"), check: "ci", want: Pass, message: pass},
		{name: "./... -timeout=5m -race", files: makeRepo("make ci", "", "\tgo test ./... -timeout=5m -race\n"), check: "ci", want: Pass, message: pass},
		{name: "./... -myflag x -race: x the value of a flag go test does not know", files: makeRepo("make ci", "", "\tgo test -count=1 ./... -myflag x -race\n"), check: "ci", want: Pass, message: pass},
		{name: "./... -v $(EXTRA) -race: a reference that may be flags", files: makeRepo("make ci", "ifdef X\nEXTRA = -count=1\nendif\n", "\tgo test ./... -v $(EXTRA) -race\n"), check: "ci", want: Pass, message: pass},
		{name: "./... -args -race", files: makeRepo("make ci", "", "\tgo test ./... -args -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "./... --args -race", files: makeRepo("make ci", "", "\tgo test ./... --args -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "./... -- -race", files: makeRepo("make ci", "", "\tgo test ./... -- -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "./... -v extra -race", files: makeRepo("make ci", "", "\tgo test ./... -v extra -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "-v ./... -run TestA extra -race", files: makeRepo("make ci", "", "\tgo test -v ./... -run TestA extra -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "./... -test.v x -race", files: makeRepo("make ci", "", "\tgo test ./... -test.v x -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "$TESTFLAGS after -args", files: makeRepo("TESTFLAGS=-race make ci", "export TESTFLAGS\n", "\tgo test ./... -args $$TESTFLAGS\n"), check: "ci", want: Warn, message: noRace},
		{name: "gotestsum -- ./... -race", files: makeRepo("make ci", "", "\tgotestsum -- ./... -race\n"), check: "ci", want: Pass, message: pass},
		{name: "gotestsum ./... -race", files: makeRepo("make ci", "", "\tgotestsum ./... -race\n"), check: "ci", want: Pass, message: pass},
		{name: "gotestsum --format testname ./... -race", files: makeRepo("make ci", "", "\tgotestsum --format testname ./... -race\n"), check: "ci", want: Pass, message: pass},
		{name: "gotestsum --packages ./... -- -v -race", files: makeRepo("make ci", "", "\tgotestsum --packages ./... -- -v -race\n"), check: "ci", want: Pass, message: pass},
		{name: "gotestsum -- ./... -args -race", files: makeRepo("make ci", "", "\tgotestsum -- ./... -args -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "gotestsum -- . -v extra -race", files: makeRepo("make ci", "", "\tgotestsum -- . -v extra -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "gotestsum -race ./..., a flag gotestsum refuses", files: makeRepo("make ci", "", "\tgotestsum -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "gotestsum --raw-command -- go test -json ./... -args -race", files: makeRepo("make ci", "", "\tgotestsum --raw-command -- go test -json ./... -args -race\n"), check: "ci", want: Warn, message: noRace},
		{name: "every branch: -race as -coverprofile's value in one", files: makeRepo("make ci", "", branches("go test -coverprofile -race -coverprofile=c.out ./...")), check: "ci", want: Unknown, message: mayCount},
		{name: "every branch: ./... as -coverprofile's value in one", files: makeRepo("make ci", "", branches("go test -race -coverprofile ./... -v")), check: "ci", want: Unknown, message: "Makefile:9 is a recipe line in a branch of `ifdef X` (Makefile:8)"},
		{name: "every branch: -coverprofile c.out in one", files: makeRepo("make ci", "", branches("go test -race -coverprofile c.out ./...")), check: "ci", want: Pass, message: pass},
		{name: "every branch: -coverprofile=c.out -v in one", files: makeRepo("make ci", "", branches("go test -coverprofile=c.out -race -v ./...")), check: "ci", want: Pass, message: pass},
	})
}

// TestMakeUndecidedExport audits CI that runs a Makefile whose export VAR, without an
// assignment, is in a branch of a conditional this audit cannot evaluate: make puts
// CGO_ENABLED = 0 in the environment of the recipes only where the branch is taken,
// and go test -race refuses to run there, so the race test is UNKNOWN, naming the
// export; under ifdef CI, which CI defines, the export holds.
func TestMakeUndecidedExport(t *testing.T) {
	const race = "\tgo test -race ./...\n"
	runCheckCases(t, []checkCase{
		{name: "export CGO_ENABLED under ifdef X", files: makeRepo("make ci", "CGO_ENABLED = 0\nifdef X\nexport CGO_ENABLED\nendif\n", race), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:12 may count: Makefile:3 exports CGO_ENABLED in a branch of `ifdef X` (Makefile:2), a conditional this audit cannot evaluate"},
		{name: "export CGO_ENABLED under ifdef CI", files: makeRepo("make ci", "CGO_ENABLED = 0\nifdef CI\nexport CGO_ENABLED\nendif\n", race), check: "ci", want: Warn,
			message: "CGO_ENABLED=0 in its environment"},
	})
}

// TestMakeUndecidedForce audits CI that runs a Makefile target named as a directory
// of the repository (test/), which no .PHONY lists, so make runs its recipe only
// when a prerequisite is newer: a .FORCE prerequisite (a target without rule or
// file, always made) forces it, but one that only a rule in a branch of a
// conditional this audit cannot evaluate names may not be read, and make then
// finds test up to date ("Nothing to be done"): UNKNOWN, naming the rule.
func TestMakeUndecidedForce(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	repo := func(force string) map[string]string {
		files := recipeRepo("make ci", "Makefile", ".PHONY: ci lint\nci: lint test\nlint:\n\tgo vet ./...\n\tgolangci-lint run\n"+force+".FORCE:\ntest:\n\tgo test -race ./...\n")
		files["test/x_test.go"] = "package x\n"
		return files
	}
	runCheckCases(t, []checkCase{
		{name: ".FORCE under ifdef X", files: repo("ifdef X\ntest: .FORCE\nendif\n"), check: "ci", want: Unknown,
			message: "so make may find it up to date (Makefile:7 names `.FORCE` a prerequisite of it in a branch of `ifdef X` (Makefile:6), a conditional this audit cannot evaluate)"},
		{name: ".FORCE under ifdef X and outside it", files: repo("ifdef X\ntest: .FORCE\nendif\ntest: .FORCE\n"), check: "ci", want: Pass, message: pass},
		{name: ".FORCE", files: repo("test: .FORCE\n"), check: "ci", want: Pass, message: pass},
		{name: ".FORCE under ifdef CI", files: repo("ifdef CI\ntest: .FORCE\nendif\n"), check: "ci", want: Pass, message: pass},
	})
}

// TestMakeUndecidedTargetVars audits CI that runs a Makefile target whose
// target-specific assignment is in a branch of a conditional this audit cannot
// evaluate (ifdef X test: RACE = -race endif): make gives the recipe the value only
// where the branch is taken, so the variable is unknown there, as a global one
// assigned in such a branch is, and a go test $(RACE) is UNKNOWN, not PASS.
func TestMakeUndecidedTargetVars(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const may = "go test's $(RACE), which this audit cannot expand"
	runCheckCases(t, []checkCase{
		{name: "test: RACE = -race under ifdef X", files: makeRepo("make ci", "ifdef X\ntest: RACE = -race\nendif\n", "\tgo test $(RACE) ./...\n"), check: "ci", want: Unknown, message: may},
		{name: "test: RACE = -race under ifdef CI", files: makeRepo("make ci", "ifdef CI\ntest: RACE = -race\nendif\n", "\tgo test $(RACE) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "test: RACE = -race", files: makeRepo("make ci", "test: RACE = -race\n", "\tgo test $(RACE) ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "RACE = -race under ifdef X", files: makeRepo("make ci", "ifdef X\nRACE = -race\nendif\n", "\tgo test $(RACE) ./...\n"), check: "ci", want: Unknown, message: may},
		{name: "test: export GOFLAGS = -race under ifdef X", files: makeRepo("make ci", "ifdef X\ntest: export GOFLAGS = -race\nendif\n", "\tgo test ./...\n"), check: "ci", want: Unknown,
			message: "its go test -race at Makefile:11 may count: Makefile:2 sets GOFLAGS in a branch of `ifdef X` (Makefile:1), a conditional this audit cannot evaluate"},
		{name: "test: export GOFLAGS = -race under ifdef CI", files: makeRepo("make ci", "ifdef CI\ntest: export GOFLAGS = -race\nendif\n", "\tgo test ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "test: export GOFLAGS = -race", files: makeRepo("make ci", "test: export GOFLAGS = -race\n", "\tgo test ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "test: export GOFLAGS = -v under ifdef X", files: makeRepo("make ci", "ifdef X\ntest: export GOFLAGS = -v\nendif\n", "\tgo test ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}

// TestMakeUndecidedStaticBuild audits a Dockerfile whose RUN make build runs a
// go build without CGO_ENABLED=0 in a branch of a Makefile conditional this audit
// cannot evaluate (ifdef SQLITE): make runs it only where that branch is taken, so
// the binary in scratch may link libc and may not (UNKNOWN, naming the
// conditional), not FAIL; a go build without CGO_ENABLED=0 that surely runs still
// FAILs, whatever static build a branch adds, as one under a conditional the
// Makefile decides does; a static one in every branch, or alone in one, PASSes.
func TestMakeUndecidedStaticBuild(t *testing.T) {
	image := func(mk string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}
	}
	const (
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
		on        = "\tCGO_ENABLED=1 go build -o /bin/svc .\n"
		off       = "\tCGO_ENABLED=0 go build -o /bin/svc .\n"
		may       = "the go build at Makefile:3 builds without CGO_ENABLED=0, so it may link libc, which the final image lacks, but this audit cannot tell it runs: Makefile:3 is a recipe line in a branch of `ifdef SQLITE` (Makefile:2)"
	)
	alpine := func(mk string) map[string]string {
		files := image(mk)
		files["Dockerfile"] = "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM alpine:3.22\nUSER 65532\nCOPY --from=build /bin/svc /svc\nENTRYPOINT [\"/svc\"]\n"
		return files
	}
	runBuildCases(t, []buildCase{
		{name: "alpine: a glibc build under ifdef", files: alpine("build:\nifdef SQLITE\n" + on + "else\n" + off + "endif\n"), check: "static-image", want: Unknown,
			message: "the go build at Makefile:3, in golang:1.26 without CGO_ENABLED=0, may link glibc, which alpine:3.22 (musl) lacks, but this audit cannot tell it runs: Makefile:3 is a recipe line in a branch of `ifdef SQLITE` (Makefile:2)"},
		{name: "alpine: a glibc build surely", files: alpine("build:\n" + on), check: "static-image", want: Fail, message: "which alpine:3.22 (musl) lacks: the binary then cannot start there"},
		{name: "a plain go build under ifdef in golang alpine, no C compiler", files: withFiles(image("build:\nifdef SQLITE\n\tgo build -o /bin/svc .\nendif\n"+off), map[string]string{"Dockerfile": "FROM golang:1.26-alpine AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n"}),
			check: "static-image", want: Warn, message: "the binary is static only because the build image has no C compiler"},
		{name: "CGO_ENABLED=1 under ifdef, CGO_ENABLED=0 under else", files: image("build:\nifdef SQLITE\n" + on + "else\n" + off + "endif\n"), check: "static-image", want: Unknown, message: may},
		{name: "CGO_ENABLED=1 under ifdef alone", files: image("build:\nifdef SQLITE\n" + on + "endif\n"), check: "static-image", want: Unknown, message: may},
		{name: "CGO_ENABLED=1 under ifdef after CGO_ENABLED=0", files: image("build:\nifdef SQLITE\n" + on + "endif\n" + off), check: "static-image", want: Unknown, message: may},
		{name: "a plain go build under ifdef", files: image("build:\nifdef SQLITE\n\tgo build -o /bin/svc .\nendif\n" + off), check: "static-image", want: Unknown, message: "the go build at Makefile:3 builds without CGO_ENABLED=0"},
		{name: "CGO_ENABLED=1 surely, CGO_ENABLED=0 under ifdef", files: image("build:\n" + on + "ifdef STATIC\n" + off + "endif\n"), check: "static-image", want: Fail, message: notStatic},
		{name: "CGO_ENABLED=1 surely and under ifdef", files: image("build:\n" + on + "ifdef SQLITE\n" + on + "endif\n"), check: "static-image", want: Fail, message: notStatic},
		{name: "CGO_ENABLED=0 under ifdef and else", files: image("build:\nifdef SQLITE\n" + off + "else\n" + off + "endif\n"), check: "static-image", want: Pass, message: static},
		{name: "CGO_ENABLED=0 under ifdef", files: image("build:\nifdef SQLITE\n" + off + "endif\n"), check: "static-image", want: Pass, message: static},
		{name: "CGO_ENABLED=1 under ifdef of a variable the Makefile sets", files: image("SQLITE = 1\nbuild:\nifdef SQLITE\n" + on + "else\n" + off + "endif\n"), check: "static-image", want: Fail, message: notStatic},
	})
}
