package audit

import "testing"

// TestVerdictsOnRaceRunsWithoutTests audits CI whose only go test -race runs no
// test: its -run pattern can only match an empty name (^$, a benchmark smoke run),
// or it lists the tests (-list). Such a run is no go test -race.
func TestVerdictsOnRaceRunsWithoutTests(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race; its go test -race at .github/workflows/ci.yml:9 runs no test"
	base := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	runCheckCases(t, []checkCase{
		{name: "-run='^$' -bench=.", files: toolsRepo(base+"      - run: go test -race -run='^$' -bench=. -benchtime=1x ./...\n      - run: go test ./...\n", nil), check: "ci", want: Warn, message: noRace + " (-run ^$ matches no test name)"},
		{name: "-run ^$ as two words", files: toolsRepo(base+"      - run: go test -race -run ^$ -bench . ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "-run=^$/x", files: toolsRepo(base+"      - run: go test -race -run=^$/x ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "-list=.", files: toolsRepo(base+"      - run: go test -race -list=. ./...\n", nil), check: "ci", want: Warn, message: noRace + " (-list lists the tests and runs none)"},
		{name: "gotestsum -- -race -run '^$'", files: toolsRepo(base+"      - run: gotestsum -- -race -run '^$' -bench=. ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "GOFLAGS=-race with -run=^$", files: toolsRepo(base+"      - run: GOFLAGS=-race go test -run=^$ -bench=. ./...\n", nil), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "-run ^$ beside a go test -race that runs the tests", files: toolsRepo(base+"      - run: go test -race -run='^$' -bench=. ./...\n      - run: go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run with a pattern", files: toolsRepo(base+"      - run: go test -race -run 'Test(API|Store)' ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run $", files: toolsRepo(base+"      - run: go test -race -run '$' ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run from a variable", files: toolsRepo(base+"      - run: go test -race -run \"$PATTERN\" ./...\n", nil), check: "ci", want: Pass, message: pass},
	})
}
