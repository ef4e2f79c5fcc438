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
		// exit $? exits with the status of the command before it: the failed one's right after ||, echo's after echo (checked with bash 5.2 and dash)
		{name: "go test || { exit $?; }; echo", files: script("go test -race ./... || { exit $?; }", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "go test || { echo; exit $?; }; echo (echo's status)", files: script("go test -race ./... || { echo failed; exit $?; }", "echo done"), check: "ci", want: Warn, message: ignored},
		// exit N exits with N mod 256: exit 256 with 0, exit -1 with 255 (dash: 2); exit $CODE may be 0 (checked with bash 5.2 and dash)
		{name: "go test || exit 256; echo (status 0)", files: script("go test -race ./... || exit 256", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "go test || { echo; exit 512; }; echo (status 0)", files: script("go test -race ./... || { echo failed; exit 512; }", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "go test || exit $CODE; echo (may be 0)", files: script("go test -race ./... || exit $CODE", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "go test || exit 257; echo", files: script("go test -race ./... || exit 257", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "go test || exit -1; echo", files: script("go test -race ./... || exit -1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if ! go test; then exit 256; fi; echo (status 0)", files: script("if ! go test -race ./...; then exit 256; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if ! go test; then exit 2; fi; echo", files: script("if ! go test -race ./...; then exit 2; fi", "echo done"), check: "ci", want: Pass, message: pass},
		// a failed if condition goes to the elif, whose branch runs where its condition holds, the else only where it does not (checked with bash 5.2 and dash)
		{name: "if go test; then echo; elif [ ]; then echo; else exit 1; fi; echo", files: script("if go test -race ./...; then echo ok; elif [ -n \"$X\" ]; then echo x; else exit 1; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "elif [ ]; then exit 2; else exit 1; fi; echo", files: script("if go test -race ./...; then echo ok; elif [ -n \"$X\" ]; then exit 2; else exit 1; fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "elif [ ]; then exit 2; fi; echo (no else)", files: script("if go test -race ./...; then echo ok; elif [ -n \"$X\" ]; then exit 2; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "elif over lines, its branch echoes, else exit 1", files: script("if go test -race ./...", "then", "  echo ok", "elif [ -n \"$X\" ]", "then", "  echo x", "else", "  exit 1", "fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "two elifs, the second's branch echoes", files: script("if go test -race ./...; then echo ok; elif [ -n \"$X\" ]; then exit 2; elif [ -n \"$Y\" ]; then echo y; else exit 1; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "set -e, elif [ ]; then false; else exit 1; fi; echo", files: script("set -e", "if go test -race ./...; then echo ok; elif [ -n \"$X\" ]; then false; else exit 1; fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "the elif's own condition: else exit 1 after it", files: script("if [ -n \"$X\" ]; then echo x; elif go test -race ./...; then echo ok; else exit 1; fi", "echo done"), check: "ci", want: Pass, message: pass},
		// an exit of the script's shell that runs first ends it before a || true after it; one of a ( ) subshell, or a false, fails the group or subshell, which || true takes (checked with bash 5.2 and dash)
		{name: "go test || exit 1 || true; echo", files: script("go test -race ./... || exit 1 || true", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "go test || exit 1 && echo ok || true; echo", files: script("go test -race ./... || exit 1 && echo ok || true", "echo done"), check: "ci", want: Pass, message: pass},
		// an if whose failure branch exits the script's shell ends it before the || true after its fi (checked with bash 5.2 and dash 0.5.12)
		{name: "if ! go test; then exit 1; fi || true; echo", files: script("if ! go test -race ./...; then exit 1; fi || true", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if go test; then echo; else exit 3; fi || true; echo", files: script("if go test -race ./...; then echo ok; else exit 3; fi || true", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if ! go test over lines; fi || true; echo", files: script("if ! go test -race ./...", "then", "  echo failed", "  exit 1", "fi || true", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "(if ! go test; then exit 1; fi) || true; echo", files: script("(if ! go test -race ./...; then exit 1; fi) || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if ! go test; then (exit 1); fi || true; echo", files: script("if ! go test -race ./...; then (exit 1); fi || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if ! go test; then echo; fi || true; echo", files: script("if ! go test -race ./...; then echo failed; fi || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "{ go test || exit 1; } || true; echo", files: script("{ go test -race ./... || exit 1; } || true", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "go test || { echo; exit 1; } || true; echo", files: script("go test -race ./... || { echo failed; exit 1; } || true", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "go test || exit 256 || true; echo (status 0)", files: script("go test -race ./... || exit 256 || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "go test || (exit 1) || true; echo", files: script("go test -race ./... || (exit 1) || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "go test || (echo; exit 1) || true; echo", files: script("go test -race ./... || (echo failed; exit 1) || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "go test || { false; } || true; echo", files: script("go test -race ./... || { false; } || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "(go test || exit 1) || true; echo", files: script("(go test -race ./... || exit 1) || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "(go test) || true; echo", files: script("(go test -race ./...) || true; echo done"), check: "ci", want: Warn, message: ignored},
		{name: "(go test) || (exit 1); echo", files: script("(go test -race ./...) || (exit 1); echo done"), check: "ci", want: Warn, message: ignored},
		{name: "((go test) || exit 1; echo) && echo, more after it", files: script("((go test -race ./...) || exit 1; echo done) && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "((go test) || exit 1; echo), more after it", files: script("((go test -race ./...) || exit 1; echo done)", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "((go test) || exit 1; echo) || exit 1, more after it", files: script("((go test -race ./...) || exit 1; echo done) || exit 1", "echo more"), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnFailureFlags audits CI whose go test -race ./... || FAILED=1 hands
// its failure to a variable that a later line checks: [ -z "$FAILED" ] || exit 1,
// [ -n "$FAILED" ] && exit 1 or if [ -n "$FAILED" ]; then exit 1; fi, in the
// script's own shell and outside any compound command, exits where go test failed,
// so the failure fails the job, with -e or without (bash {0}). A check that may not
// run, that does not exit with a failure, or a variable emptied, unset, sourced
// over or set in a subshell between, leaves the failure ignored.
func TestVerdictsOnFailureFlags(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	script := func(shell string, lines ...string) map[string]string {
		s := "      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		if shell != "" {
			s += "        shell: " + shell + "\n"
		}
		return toolsRepo(s, map[string]string{"env.sh": "export A=1\n"})
	}
	const flag = "go test -race ./... || FAILED=1"
	runCheckCases(t, []checkCase{
		{name: "[ -z ] || exit 1 without -e", files: script("bash {0}", flag, "echo more", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "[ -z ] || exit 1 under bash -e", files: script("", flag, "echo more", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "[ -z ] || exit 1 on the same line", files: script("bash {0}", flag+`; [ -z "$FAILED" ] || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "[ -z ] || exit (the test's status)", files: script("bash {0}", flag, `[ -z "$FAILED" ] || exit`), check: "ci", want: Pass, message: pass},
		{name: "[ -z ] || { echo; exit 1; }", files: script("bash {0}", flag, `[ -z "$FAILED" ] || { echo "tests failed"; exit 1; }`), check: "ci", want: Pass, message: pass},
		{name: "test -z ${FAILED} || exit 1", files: script("bash {0}", flag, `test -z "${FAILED}" || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "[ -n ] && exit 1", files: script("bash {0}", flag, "echo more", `[ -n "$FAILED" ] && exit 1`), check: "ci", want: Pass, message: pass},
		{name: "if [ -n ]; then exit 1; fi", files: script("bash {0}", flag, "echo more", `if [ -n "$FAILED" ]; then exit 1; fi`, "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if [[ $FAILED ]] over lines, then echo and exit 1", files: script("bash {0}", flag, "if [[ $FAILED ]]", "then", "  echo failed", "  exit 1", "fi"), check: "ci", want: Pass, message: pass},
		{name: "go test && echo ok || FAILED=1", files: script("bash {0}", "go test -race ./... && echo ok || FAILED=1", "echo more", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "FAILED=1 set again by another run", files: script("bash {0}", flag, "go vet ./... || FAILED=1", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "a .ONESHELL recipe", files: makeRepo("make ci", ".ONESHELL:\n", "\t"+flag+"\n\t[ -z \"$$FAILED\" ] || exit 1\n"), check: "ci", want: Pass, message: pass},
		{name: "recipe lines, each its own shell", files: makeRepo("make ci", "", "\t"+flag+"\n\t[ -z \"$$FAILED\" ] || exit 1\n"), check: "ci", want: Warn, message: ignored},
		{name: "no check", files: script("bash {0}", flag, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "a check that only echoes", files: script("bash {0}", flag, `[ -z "$FAILED" ] || echo failed`), check: "ci", want: Warn, message: ignored},
		{name: "a check that exits 0", files: script("bash {0}", flag, `[ -n "$FAILED" ] && exit 0`), check: "ci", want: Warn, message: ignored},
		{name: "if [ -n ]; then exit 0; fi", files: script("bash {0}", flag, `if [ -n "$FAILED" ]; then exit 0; fi`), check: "ci", want: Warn, message: ignored},
		{name: "if [ -z ]; then exit 1; fi (the other way)", files: script("bash {0}", flag, `if [ -z "$FAILED" ]; then exit 1; fi`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "a check of another variable", files: script("bash {0}", flag, `[ -z "$FAIL" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "a check before the run", files: script("bash {0}", `[ -z "$FAILED" ] || exit 1`, flag, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "a check in an if", files: script("bash {0}", flag, `if [ -n "$STRICT" ]; then`, `  [ -z "$FAILED" ] || exit 1`, "fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "a check in a function", files: script("bash {0}", flag, `check() { [ -z "$FAILED" ] || exit 1; }`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "a check in a subshell", files: script("bash {0}", flag, `([ -z "$FAILED" ] || exit 1)`, "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "FAILED= between", files: script("bash {0}", flag, "FAILED=", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "unset FAILED between", files: script("bash {0}", flag, "unset FAILED", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "a sourced script between", files: script("bash {0}", flag, ". ./env.sh", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "exit 0 between", files: script("bash {0}", flag, `[ -n "$QUICK" ] && exit 0`, `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "set in a subshell", files: script("bash {0}", "("+flag+")", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "set in a pipe", files: script("bash {0}", "{ "+flag+"; } | tee log", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "a value of two words", files: script("bash {0}", `go test -race ./... || FAILED="go test"`, `[ -n $FAILED ] && exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "go test piped, without pipefail", files: script("", "go test -race ./... | tee log || FAILED=1", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "set in a loop (not followed: a loop's end may pipe it into a subshell)", files: script("bash {0}", "for n in 1 2; do", "  go test -race -count=1 ./... || FAILED=1", "done", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "set in a loop a pipe feeds", files: script("bash {0}", "cat modules.txt | while read -r m; do", "  go test -race ./... || FAILED=1", "done", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "set in a function called after the check", files: script("", "run() { "+flag+"; }", `[ -z "$FAILED" ] || exit 1`, "run"), check: "ci", want: Warn, message: ignored},
		{name: "FAILED=$EMPTY between", files: script("bash {0}", flag, "FAILED=$EMPTY", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "FAILED=${FAILED#1} between", files: script("bash {0}", flag, "FAILED=${FAILED#1}", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "FAILED=$(true) between", files: script("bash {0}", flag, "FAILED=$(true)", `[ -z "$FAILED" ] || exit 1`), check: "ci", want: Warn, message: ignored},
		{name: "|| exit $CODE (may be 0)", files: script("bash {0}", flag, `[ -z "$FAILED" ] || exit $CODE`), check: "ci", want: Warn, message: ignored},
		{name: "&& exit 256 (status 0)", files: script("bash {0}", flag, `[ -n "$FAILED" ] && exit 256`), check: "ci", want: Warn, message: ignored},
		{name: "continue-on-error", files: toolsRepo("      - run: go vet ./...\n      - run: golangci-lint run\n      - continue-on-error: true\n        run: |\n          "+flag+"\n          [ -z \"$FAILED\" ] || exit 1\n", nil), check: "ci", want: Warn, message: ignored},
	})
}

// TestVerdictsOnHereDocSubstitutions audits CI whose go test -race or go vet runs in
// a command substitution inside a here-document: the shell expands the lines of
// one whose word is not quoted (cat <<EOF), so the commands run, their status lost
// in the text cat reads; those of one whose word is quoted or escaped (<<'EOF',
// <<"EOF", <<\EOF), or a substitution whose $ is escaped, are text.
func TestVerdictsOnHereDocSubstitutions(t *testing.T) {
	const ignored = "CI runs go test -race but ignores the failure"
	const noRace = "CI does not run go test -race"
	script := func(lines ...string) map[string]string {
		s := "      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		return toolsRepo(s, nil)
	}
	runCheckCases(t, []checkCase{
		{name: "<<EOF, $(go test)", files: script("cat <<EOF", "results: $(go test -race ./... 2>&1)", "EOF", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "<<EOF as the script's last, $(go test)", files: script("cat <<EOF", "$(go test -race ./...)", "EOF"), check: "ci", want: Warn, message: ignored},
		{name: "<<-EOF, `go test`", files: script("cat <<-EOF > report.txt", "\t`go test -race ./...`", "\tEOF"), check: "ci", want: Warn, message: ignored},
		{name: "<<EOF against cat, a substitution after an apostrophe", files: script("cat<<EOF", "it's $(go test -race ./...)", "EOF"), check: "ci", want: Warn, message: ignored},
		{name: "two here-documents, the second unquoted", files: script("cat <<'A' <<B", "$(echo a)", "A", "$(go test -race ./...)", "B"), check: "ci", want: Warn, message: ignored},
		{name: "<<'EOF'", files: script("cat <<'EOF'", "$(go test -race ./...)", "EOF"), check: "ci", want: Warn, message: noRace},
		{name: `<<"EOF"`, files: script(`cat <<"EOF"`, "$(go test -race ./...)", "EOF"), check: "ci", want: Warn, message: noRace},
		{name: `<<\EOF`, files: script(`cat <<\EOF`, "`go test -race ./...`", "EOF"), check: "ci", want: Warn, message: noRace},
		{name: "<<-'EOF'", files: script("cat <<-'EOF'", "\t$(go test -race ./...)", "\tEOF"), check: "ci", want: Warn, message: noRace},
		{name: `<<EOF, \$(go test)`, files: script("cat <<EOF", `\$(go test -race ./...)`, "EOF"), check: "ci", want: Warn, message: noRace},
		{name: "<<EOF, $((1 + 2)) is arithmetic", files: script("cat <<EOF", "$((1 + 2))", "EOF"), check: "ci", want: Warn, message: noRace},
		{name: "<<EOF, $(go vet) beside go test -race", files: toolsRepo("      - run: go test -race ./...\n      - run: staticcheck ./...\n      - run: |\n          cat > vet.txt <<EOF\n          $(go vet ./... 2>&1)\n          EOF\n", nil), check: "ci", want: Warn, message: "CI runs go vet but ignores the failure"},
	})
}

// TestVerdictsOnErrexitInSubstitutions audits CI whose go test -race is a command
// of out=$(...) before its last: bash (GitHub's default, shell: bash, a bash
// template) runs a command substitution without set -e, so the next command runs
// and the assignment takes its status, unless shopt -s inherit_errexit or set -o
// posix; sh (shell: sh, dash or bash as sh) keeps -e there and exits the
// substitution with the failure. A substitution's last command gives the
// assignment its status in both. The commands of a substitution over lines, or in
// backquotes over lines (go test on the first line or the last, in an assignment
// or in echo's words), are read the same.
func TestVerdictsOnErrexitInSubstitutions(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	script := func(shell string, lines ...string) map[string]string {
		s := "      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		if shell != "" {
			s += "        shell: " + shell + "\n"
		}
		return toolsRepo(s, nil)
	}
	const mid = `out=$(go test -race ./... 2>&1; echo done)`
	runCheckCases(t, []checkCase{
		{name: "bash -e (the default)", files: script("", mid, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "shell: bash", files: script("bash", mid, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash -e {0}", files: script("bash -e {0}", mid, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "shell: sh", files: script("sh", mid, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "sh -e {0}", files: script("sh -e {0}", mid, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, shopt -s inherit_errexit", files: script("", "shopt -s inherit_errexit", mid, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, set -o posix", files: script("", "set -o posix", mid, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, go test last in the substitution", files: script("", `out=$(echo start; go test -race ./... 2>&1)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, go test last in an if of the substitution", files: script("", `out=$(if true; then go test -race ./... 2>&1; fi)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, a substitution over lines", files: script("", "out=$(", "  go test -race ./... 2>&1", "  echo done", ")", `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "sh, a substitution over lines", files: script("sh", "out=$(", "  go test -race ./... 2>&1", "  echo done", ")", `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, backquotes over lines, go test last", files: script("", "out=`echo start", "go test -race ./... 2>&1`", `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "backquotes over lines, || true", files: script("sh", "out=`echo start", "go test -race ./... 2>&1` || true", `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "backquotes over lines, || exit 1", files: script("bash {0}", "out=`echo start", "go test -race ./... 2>&1` || exit 1", `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash, backquotes over lines, go test first", files: script("", "out=`go test -race ./... 2>&1", "echo done`", `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "sh, backquotes over lines, go test first", files: script("sh", "out=`go test -race ./... 2>&1", "echo done`", `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "backquotes over lines in echo's words", files: script("", "echo \"results: `go test -race ./... 2>&1", "echo done`\"", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "backquotes over lines in echo's words, unquoted", files: script("", "echo `go test -race ./... 2>&1", "echo done`", "echo more"), check: "ci", want: Warn, message: ignored},
	})
}

// TestVerdictsOnErrexitLeavingSubstitutions audits CI under bash -e whose go test
// -race is a command of out=$(...) before its last, with its failure taken out of
// the substitution all the same: || hands it to an exit of the substitution's own
// shell, which ends the substitution with it, or a set -e of the substitution's
// own keeps errexit there (not in a substitution inside it, nor after set +e); the
// assignment fails with it and the step stops. A failure handed to an exit of a
// ( ) subshell inside the substitution, or to false, still goes on to its next
// command.
func TestVerdictsOnErrexitLeavingSubstitutions(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	script := func(lines ...string) map[string]string {
		s := "      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		return toolsRepo(s, nil)
	}
	runCheckCases(t, []checkCase{
		{name: "|| exit 1; echo", files: script(`out=$(go test -race ./... || exit 1; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "|| exit; echo", files: script(`out=$(go test -race ./... || exit; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "|| { echo; exit 1; }; echo", files: script(`out=$(go test -race ./... || { echo failed; exit 1; }; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "&& echo || exit 1; echo", files: script(`out=$(go test -race ./... && echo ok || exit 1; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "set -e; go test; echo", files: script(`out=$(set -e; go test -race ./...; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "set -o errexit; go test; echo", files: script(`out=$(set -o errexit; go test -race ./...; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "set -e; (go test; echo); echo", files: script(`out=$(set -e; (go test -race ./...; echo in); echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "|| (exit 1); echo", files: script(`out=$(go test -race ./... || (exit 1); echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "(go test || exit 1); echo", files: script(`out=$( (go test -race ./... || exit 1); echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "|| false; echo", files: script(`out=$(go test -race ./... || false; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "set -e; set +e; go test; echo", files: script(`out=$(set -e; set +e; go test -race ./...; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "set -e, then go test in a substitution inside", files: script(`out=$(set -e; in=$(go test -race ./...; echo done); echo "$in")`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "set -e in one substitution, go test in the next", files: script(`a=$(set -e; echo a) b=$(go test -race ./...; echo done)`, `echo "$a$b"`), check: "ci", want: Warn, message: ignored},
		{name: "set -e in the script's shell", files: script("set -e", `out=$(go test -race ./...; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
	})
}

// TestVerdictsOnErrexitInBashScripts audits CI whose go test -race is a command of
// out=$(...) before its last in a script bash runs (a bash shebang, bash
// scripts/ci.sh, bash -c) or a Makefile recipe whose SHELL is bash: bash runs the
// substitution without set -e there as in a run: step, so the failure is lost,
// unless bash runs in POSIX mode (-o posix, --posix, POSIXLY_CORRECT in its
// environment) or with -O inherit_errexit, or the script sets either (or
// POSIXLY_CORRECT). The same text run by sh (a sh shebang, sh
// scripts/ci.sh, make's default /bin/sh) exits the substitution with it. A script
// without a shebang run as a file (./scripts/ci.sh) runs in a new bash where bash
// runs it (a run: step, a bash script, a recipe whose SHELL is bash), in neither
// mode whatever the caller's (but POSIX mode where POSIXLY_CORRECT is exported to
// it), and in sh where sh or make's default shell runs it;
// one read with . runs in the caller's shell (checked with bash 5.2 and dash).
func TestVerdictsOnErrexitInBashScripts(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	const mid = "out=$(go test -race ./... 2>&1; echo done)\necho \"$out\"\n"
	lint := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	step := func(run, script string) map[string]string {
		return toolsRepo(lint+"      - run: "+run+"\n", map[string]string{"scripts/ci.sh": script})
	}
	makefile := func(head string) map[string]string {
		return toolsRepo(lint+"      - run: make ci\n", map[string]string{"Makefile": head + "ci:\n\tout=$$(go test -race ./... 2>&1; echo done); echo \"$$out\"\n"})
	}
	runCheckCases(t, []checkCase{
		{name: "#!/usr/bin/env bash, set -euo pipefail", files: step("./scripts/ci.sh", "#!/usr/bin/env bash\nset -euo pipefail\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "#!/bin/bash -e", files: step("./scripts/ci.sh", "#!/bin/bash -e\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "#!/usr/bin/env -S bash -e", files: step("./scripts/ci.sh", "#!/usr/bin/env -S bash -e\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "bash scripts/ci.sh, no shebang", files: step("bash scripts/ci.sh", "set -e\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "bash -e scripts/ci.sh, a sh shebang", files: step("bash -e scripts/ci.sh", "#!/bin/sh\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "bash -ec", files: toolsRepo(lint+"      - run: bash -ec 'out=$(go test -race ./...; echo done); echo \"$out\"'\n", nil), check: "ci", want: Warn, message: ignored},
		{name: "#!/bin/sh, set -e", files: step("./scripts/ci.sh", "#!/bin/sh\nset -e\n"+mid), check: "ci", want: Pass, message: pass},
		{name: "sh scripts/ci.sh, a bash shebang", files: step("sh scripts/ci.sh", "#!/usr/bin/env bash\nset -e\n"+mid), check: "ci", want: Pass, message: pass},
		{name: "sh -ec", files: toolsRepo(lint+"      - run: sh -ec 'out=$(go test -race ./...; echo done); echo \"$out\"'\n", nil), check: "ci", want: Pass, message: pass},
		{name: "bash shebang, shopt -s inherit_errexit", files: step("./scripts/ci.sh", "#!/usr/bin/env bash\nset -e\nshopt -s inherit_errexit\n"+mid), check: "ci", want: Pass, message: pass},
		{name: "bash -o posix scripts/ci.sh", files: step("bash -e -o posix scripts/ci.sh", mid), check: "ci", want: Pass, message: pass},
		{name: "bash --posix scripts/ci.sh", files: step("bash --posix -e scripts/ci.sh", mid), check: "ci", want: Pass, message: pass},
		{name: "bash -O inherit_errexit scripts/ci.sh", files: step("bash -O inherit_errexit -e scripts/ci.sh", mid), check: "ci", want: Pass, message: pass},
		{name: "shell: bash --posix -e {0}", files: toolsRepo(lint+"      - run: |\n          out=$(go test -race ./...; echo done)\n          echo \"$out\"\n        shell: bash --posix -e {0}\n", nil), check: "ci", want: Pass, message: pass},
		{name: "bash shebang, || exit 1 in the substitution", files: step("./scripts/ci.sh", "#!/usr/bin/env bash\nset -e\nout=$(go test -race ./... || exit 1; echo done)\necho \"$out\"\n"), check: "ci", want: Pass, message: pass},
		{name: "just: a bash shebang recipe", files: recipeRepo("just ci", "justfile", "ci:\n    #!/usr/bin/env bash\n    set -e\n    go vet ./...\n    golangci-lint run\n    out=$(go test -race ./... 2>&1; echo done)\n    echo \"$out\"\n"), check: "ci", want: Warn, message: ignored},
		{name: "just: a sh shebang recipe", files: recipeRepo("just ci", "justfile", "ci:\n    #!/usr/bin/env sh\n    set -e\n    go vet ./...\n    golangci-lint run\n    out=$(go test -race ./... 2>&1; echo done)\n    echo \"$out\"\n"), check: "ci", want: Pass, message: pass},
		{name: "SHELL := /bin/bash, .SHELLFLAGS := -ec", files: makefile("SHELL := /bin/bash\n.SHELLFLAGS := -ec\n"), check: "ci", want: Warn, message: ignored},
		{name: "SHELL := /usr/bin/env bash -e", files: makefile("SHELL := /usr/bin/env bash -e\n"), check: "ci", want: Warn, message: ignored},
		{name: "SHELL := bash, .ONESHELL", files: makefile("SHELL := bash\n.SHELLFLAGS := -ec\n.ONESHELL:\n"), check: "ci", want: Warn, message: ignored},
		{name: "SHELL := /bin/bash, .SHELLFLAGS := -o posix -ec", files: makefile("SHELL := /bin/bash\n.SHELLFLAGS := -o posix -ec\n"), check: "ci", want: Pass, message: pass},
		{name: "SHELL := /bin/sh, .SHELLFLAGS := -ec", files: makefile("SHELL := /bin/sh\n.SHELLFLAGS := -ec\n"), check: "ci", want: Pass, message: pass},
		{name: "make's default shell, .POSIX", files: makefile(".POSIX:\n"), check: "ci", want: Pass, message: pass},
		{name: "./scripts/ci.sh without a shebang, from bash -e (the default)", files: step("./scripts/ci.sh", "set -e\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "./scripts/ci.sh without a shebang, from shell: sh", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n        shell: sh\n", map[string]string{"scripts/ci.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
		{name: "./scripts/ci.sh without a shebang, from shell: bash --posix -e {0} (a new bash, not in POSIX mode)", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n        shell: bash --posix -e {0}\n", map[string]string{"scripts/ci.sh": "set -e\n" + mid}), check: "ci", want: Warn, message: ignored},
		{name: ". ./scripts/ci.sh from bash -e (the default)", files: step(". ./scripts/ci.sh", "set -e\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: ". ./scripts/ci.sh from shell: sh", files: toolsRepo(lint+"      - run: . ./scripts/ci.sh\n        shell: sh\n", map[string]string{"scripts/ci.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
		{name: ". ./scripts/ci.sh from shell: bash --posix -e {0} (run in POSIX mode)", files: toolsRepo(lint+"      - run: . ./scripts/ci.sh\n        shell: bash --posix -e {0}\n", map[string]string{"scripts/ci.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
		{name: "a bash script runs ./scripts/lib.sh without a shebang", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\n./scripts/lib.sh\n", "scripts/lib.sh": "set -e\n" + mid}), check: "ci", want: Warn, message: ignored},
		{name: "a sh script runs ./scripts/lib.sh without a shebang", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n./scripts/lib.sh\n", "scripts/lib.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
		{name: "a bash script sources scripts/lib.sh", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\nsource ./scripts/lib.sh\n", "scripts/lib.sh": "set -e\n" + mid}), check: "ci", want: Warn, message: ignored},
		{name: "a bash script, shopt -s inherit_errexit, sources scripts/lib.sh", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\nshopt -s inherit_errexit\nsource ./scripts/lib.sh\n", "scripts/lib.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
		{name: "a bash script, shopt -s inherit_errexit, runs ./scripts/lib.sh without a shebang (a new bash)", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\nshopt -s inherit_errexit\n./scripts/lib.sh\n", "scripts/lib.sh": "set -e\n" + mid}), check: "ci", want: Warn, message: ignored},
		{name: "a sh script sources scripts/lib.sh", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n", map[string]string{"scripts/ci.sh": "#!/bin/sh\nset -e\n. ./scripts/lib.sh\n", "scripts/lib.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
		// POSIXLY_CORRECT in bash's environment, or set while it runs, puts it in POSIX mode; a new bash takes it from the environment only (checked with bash 5.2)
		{name: "POSIXLY_CORRECT in the step's env", files: toolsRepo(lint+"      - run: |\n          out=$(go test -race ./...; echo done)\n          echo \"$out\"\n        env:\n          POSIXLY_CORRECT: 1\n", nil), check: "ci", want: Pass, message: pass},
		{name: "export POSIXLY_CORRECT=1 in the script", files: toolsRepo(lint+"      - run: |\n          export POSIXLY_CORRECT=1\n          out=$(go test -race ./...; echo done)\n          echo \"$out\"\n", nil), check: "ci", want: Pass, message: pass},
		{name: "POSIXLY_CORRECT in the step's env, a bash shebang script", files: toolsRepo(lint+"      - run: ./scripts/ci.sh\n        env:\n          POSIXLY_CORRECT: y\n", map[string]string{"scripts/ci.sh": "#!/usr/bin/env bash\nset -e\n" + mid}), check: "ci", want: Pass, message: pass},
		{name: "export POSIXLY_CORRECT=1, then ./scripts/ci.sh without a shebang", files: step("export POSIXLY_CORRECT=1 && ./scripts/ci.sh", "set -e\n"+mid), check: "ci", want: Pass, message: pass},
		{name: "POSIXLY_CORRECT=1 not exported, then ./scripts/ci.sh without a shebang (a new bash, not in POSIX mode)", files: step("POSIXLY_CORRECT=1; ./scripts/ci.sh", "set -e\n"+mid), check: "ci", want: Warn, message: ignored},
		{name: "SHELL := /bin/bash, a recipe runs ./scripts/ci.sh without a shebang", files: toolsRepo(lint+"      - run: make ci\n", map[string]string{"Makefile": "SHELL := /bin/bash\n.SHELLFLAGS := -o posix -ec\nci:\n\t./scripts/ci.sh\n", "scripts/ci.sh": "set -e\n" + mid}), check: "ci", want: Warn, message: ignored},
		{name: "make's default shell, a recipe runs ./scripts/ci.sh without a shebang", files: toolsRepo(lint+"      - run: make ci\n", map[string]string{"Makefile": "ci:\n\t./scripts/ci.sh\n", "scripts/ci.sh": "set -e\n" + mid}), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnSubstitutionEnds audits CI whose go test -race runs in out=$(...)
// and whose failure ends the substitution there, which the assignment's status
// carries and set -e acts on: an AND list that ends the substitution, or ends the
// if that does (checked: bash -e and dash -e both stop at out=$(false && echo ok)),
// and an if ! whose branch runs exit in the substitution's own shell (checked:
// bash -e stops at out=$(if ! false; then exit 1; fi; echo done)). An AND list
// before the substitution's last, in a loop (a later round may pass), or begun
// before the assignment (go test && out=$(...)), an assignment followed by &&, and
// an if ! whose branch goes on, returns (outside a function bash goes on) or exits
// a ( ) subshell, still lose it.
func TestVerdictsOnSubstitutionEnds(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	script := func(shell string, lines ...string) map[string]string {
		s := "      - run: go vet ./...\n      - run: golangci-lint run\n      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		if shell != "" {
			s += "        shell: " + shell + "\n"
		}
		return toolsRepo(s, nil)
	}
	runCheckCases(t, []checkCase{
		{name: "bash: && echo ends it", files: script("", `out=$(go test -race ./... && echo ok)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "sh: && echo ends it", files: script("sh", `out=$(go test -race ./... && echo ok)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash: && echo && echo ends it", files: script("", `out=$(go test -race ./... && echo ok && echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash: && echo; echo", files: script("", `out=$(go test -race ./... && echo ok; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "sh: && echo; echo", files: script("sh", `out=$(go test -race ./... && echo ok; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: && echo in echo's words", files: script("", `echo "$(go test -race ./... && echo ok)"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: if with go test && echo, else, ends it", files: script("", `out=$(if true; then go test -race ./... && echo ok; else echo no; fi)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "sh: && echo ends a substitution inside", files: script("sh", `out=$(in=$(go test -race ./... && echo ok); echo "$in")`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash: && echo ends a substitution inside", files: script("", `out=$(in=$(go test -race ./... && echo ok); echo "$in")`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: go test && out=$(echo)", files: script("", `go test -race ./... && out=$(echo ok)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: out=$(go test && echo) && echo", files: script("", `out=$(go test -race ./... && echo ok) && echo yes`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: && echo in a loop, whose later round may pass", files: script("", `out=$(for p in a b; do go test -race ./$p/... && echo ok; done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: if ! go test; then exit 1; fi; echo", files: script("", `out=$(if ! go test -race ./...; then exit 1; fi; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash: if ! go test; then echo; exit 1; fi; echo", files: script("", `out=$(if ! go test -race ./...; then echo failed; exit 1; fi; echo done)`, `echo "$out"`), check: "ci", want: Pass, message: pass},
		{name: "bash: if ! go test; then echo; fi; echo", files: script("", `out=$(if ! go test -race ./...; then echo failed; fi; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: if ! go test; then return 1; fi; echo", files: script("", `out=$(if ! go test -race ./...; then return 1; fi; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
		{name: "bash: if ! go test; then (exit 1); fi; echo", files: script("", `out=$(if ! go test -race ./...; then (exit 1); fi; echo done)`, `echo "$out"`), check: "ci", want: Warn, message: ignored},
	})
}
