package audit

import "testing"

// toolsRepo is a repository whose one GitHub job runs steps (each a "- run: ..." or
// "- uses: ..." item, indented), with the files extra.
func toolsRepo(steps string, extra map[string]string) map[string]string {
	return withFiles(map[string]string{
		"go.mod":  buildGoMod,
		"main.go": buildMainGo,
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - uses: actions/checkout@v5\n" + steps,
	}, extra)
}

// TestVerdictsOnPinnedTestRunners audits CI that runs gotestsum pinned through go run
// at a version or through go tool (a tool directive), as the linters are: -race
// after its -- counts as go test -race.
func TestVerdictsOnPinnedTestRunners(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	lint := "      - run: go vet ./...\n      - run: go tool staticcheck ./...\n"
	runCheckCases(t, []checkCase{
		{name: "go run gotestsum@version", files: toolsRepo(lint+"      - run: go run gotest.tools/gotestsum@v1.12.0 --format testname -- -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go run with a flag before the package", files: toolsRepo(lint+"      - run: go run -mod=mod gotest.tools/gotestsum@v1.12.0 -- -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go tool gotestsum", files: toolsRepo(lint+"      - run: go tool gotestsum -- -race -count=1 ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go tool gotestsum without -race", files: toolsRepo(lint+"      - run: go tool gotestsum -- ./...\n", nil), check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}
