package audit

import "testing"

// TestVerdictsOnSubshellsBeforeOr audits CI whose go test -race runs in a ( )
// subshell followed by || exit 1, in a shell without -e (bash {0}): the exit runs
// in the script's own shell, which it ends with a failure, whatever follows it;
// one in a ( ) subshell around them ends that subshell alone.
func TestVerdictsOnSubshellsBeforeOr(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	script := func(lines ...string) map[string]string {
		s := "      - run: go vet ./...\n      - run: golangci-lint run\n      - shell: bash {0}\n        run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		return toolsRepo(s, nil)
	}
	runCheckCases(t, []checkCase{
		{name: "(go test) || exit 1; echo", files: script("(go test -race ./...) || exit 1; echo done"), check: "ci", want: Pass, message: pass},
		{name: "(go test) || exit 1, echo on the next line", files: script("(go test -race ./...) || exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "((go test)) || exit 1; echo", files: script("((go test -race ./...) ) || exit 1; echo done"), check: "ci", want: Pass, message: pass},
		{name: "(cd and go test over lines) || exit 1, then echo", files: script("(", "  cd .", "  go test -race ./...", ") || exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "(go test) || true; echo", files: script("(go test -race ./...) || true; echo done"), check: "ci", want: Warn, message: ignored},
		{name: "(go test) || (exit 1); echo", files: script("(go test -race ./...) || (exit 1); echo done"), check: "ci", want: Warn, message: ignored},
		{name: "((go test) || exit 1; echo) && echo, more after it", files: script("((go test -race ./...) || exit 1; echo done) && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "((go test) || exit 1; echo), more after it", files: script("((go test -race ./...) || exit 1; echo done)", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "((go test) || exit 1; echo) || exit 1, more after it", files: script("((go test -race ./...) || exit 1; echo done) || exit 1", "echo more"), check: "ci", want: Pass, message: pass},
	})
}
