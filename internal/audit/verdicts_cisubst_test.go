package audit

import "testing"

// TestVerdictsOnCommandSubstitutions audits CI whose go vet or go test -race runs
// inside a command substitution: its commands run. An assignment alone
// (out=$(go test -race ./...)) takes the status of its last substitution, so under
// set -e (GitHub's bash -e) a failure fails the step, and a || after it acts on that
// status; a substitution in a command's words (echo "$(...)", export x=$(...),
// local x=$(...)) has its status replaced by the command's own, so the failure is
// lost. The substitution stays one word of its command.
func TestVerdictsOnCommandSubstitutions(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	base := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	script := func(lines ...string) map[string]string {
		s := base + "      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		return toolsRepo(s, nil)
	}
	runCheckCases(t, []checkCase{
		{name: "out=$(go test), then echo", files: script(`out=$(go test -race ./... 2>&1)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "out=$(go test) as the last line", files: script("echo start", "out=$(go test -race ./... 2>&1)"), check: "ci", want: Pass, message: pass},
		{name: "out=`go test`, then echo", files: script("out=`go test -race ./... 2>&1`", `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "out=$(cd and go test), then echo", files: script(`out=$(cd . && go test -race ./... 2>&1)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "out=$(go test) || exit 1", files: script(`out=$(go test -race ./... 2>&1) || exit 1`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "if out=$(go test); else exit 1", files: script(`if out=$(go test -race ./... 2>&1); then echo ok; else echo "$out"; exit 1; fi`, "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if out=$(go test); then echo", files: script(`if out=$(go test -race ./... 2>&1); then echo ok; fi`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "out=$(go test) || true", files: script(`out=$(go test -race ./... 2>&1) || true`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "out=$(go test); a=$(echo) (the last substitution's status)", files: script(`out=$(go test -race ./...) a=$(echo done)`, "echo next"), check: "ci", want: Warn, message: ignored},
		{name: `echo "$(go test)"`, files: script(`echo "$(go test -race ./... 2>&1)"`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "echo \"`go test`\"", files: script("echo \"results: `go test -race ./... 2>&1`\"", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: `echo "$(go test)" as the last line`, files: script(`echo "$(go test -race ./... 2>&1)"`), check: "ci", want: Warn, message: ignored},
		{name: "export x=$(go test)", files: script(`export OUT=$(go test -race ./... 2>&1)`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "local x=$(go test) in a function", files: script(`check() { local out=$(go test -race ./... 2>&1); echo "$out"; }`, "check"), check: "ci", want: Warn, message: ignored},
		{name: "OUT=$(go test) cmd", files: script(`OUT=$(go test -race ./...) printenv OUT`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "false && out=$(go test) (never runs)", files: script(`false && out=$(go test -race ./...)`, "echo done"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "$(( )) is arithmetic, not a command", files: script(`n=$((1 + 2))`, "go test -race ./..."), check: "ci", want: Pass, message: pass},
		// make runs each recipe line with sh -c, without -e: the line's status is that of
		// its last command
		{name: "a recipe line out=$$(go test)", files: toolsRepo(base+"      - run: make test\n", map[string]string{"Makefile": "test:\n\tout=$$(go test -race ./... 2>&1)\n\techo done\n"}), check: "ci", want: Pass, message: pass},
		{name: "a recipe line out=$$(go test); echo", files: toolsRepo(base+"      - run: make test\n", map[string]string{"Makefile": "test:\n\tout=$$(go test -race ./... 2>&1); echo \"$$out\"\n"}), check: "ci", want: Warn, message: ignored},
		{name: "x=$(go vet) beside go test -race", files: toolsRepo("      - run: out=$(go vet ./... 2>&1)\n      - run: go test -race ./...\n      - run: staticcheck ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: `echo "$(go vet)" beside go test -race`, files: toolsRepo("      - run: echo \"$(go vet ./... 2>&1)\"\n      - run: go test -race ./...\n      - run: staticcheck ./...\n", nil), check: "ci", want: Warn, message: "CI runs go vet but ignores the failure"},
	})
}
