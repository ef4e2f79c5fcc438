package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnChecksCIScriptNeverRuns audits CI whose go vet and go test -race
// are written in a run script, a GitLab script or a Makefile recipe where the shell
// never runs them (after an exit, in a branch of a constant condition, on the right
// of true ||, in a function nothing calls), or run by go test -n or make -n, which
// print the commands and run none; and the forms beside them that do run.
func TestVerdictsOnChecksCIScriptNeverRuns(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	lint := "      - uses: golangci/golangci-lint-action@v8\n"
	indent := func(script, prefix string) string {
		return prefix + strings.ReplaceAll(strings.TrimSuffix(script, "\n"), "\n", "\n"+prefix) + "\n"
	}
	github := func(script string, more map[string]string) map[string]string {
		files := map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				lint + "      - run: |\n" + indent(script, "          "),
		}
		for k, v := range more {
			files[k] = v
		}
		return files
	}
	gitlab := func(job string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": job +
			"lint:\n  image: golangci/golangci-lint:v2.5\n  script:\n    - golangci-lint run\n"}
	}
	makefile := func(mk, call string) map[string]string {
		return github(call+"\n", map[string]string{"Makefile": mk})
	}
	vetRace := "go vet ./...\ngo test -race ./...\n"
	runCheckCases(t, []checkCase{
		// An exit or return at the top of the script ends it.
		{name: "exit 0 before the checks", files: github("echo disabled\nexit 0\n"+vetRace, nil), check: "ci", want: Warn, message: noRace + "; its go test -race at .github/workflows/ci.yml:12 never runs (after exit 0 at .github/workflows/ci.yml:10)"},
		{name: "exit on the line of the checks", files: github("exit 0; "+vetRace, nil), check: "ci", want: Warn, message: noRace},
		{name: "return at the top of the script", files: github("return 0\n"+vetRace, nil), check: "ci", want: Warn, message: noRace},
		{name: "exit after the checks", files: github(vetRace+"exit 0\n", nil), check: "ci", want: Pass, message: pass},
		{name: "an exit that && guards", files: github("[ -n \"$SKIP\" ] && exit 0\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "an exit in a subshell", files: github("(exit 0); "+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "an exit in a subshell over lines", files: github("(\n  echo in a subshell\n  exit 0\n)\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "an exit in an if", files: github("if [ -n \"$SKIP\" ]; then\n  exit 0\nfi\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "an exit in a here-document", files: github("cat > skip.sh <<'EOF'\nexit 0\nEOF\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "go test -race in a here-document", files: github("go vet ./...\ngo test ./...\ncat >> \"$GITHUB_STEP_SUMMARY\" <<'EOT'\nBefore a release run (too slow for CI):\ngo test -race ./...\nEOT\n", nil), check: "ci", want: Warn,
			message: noRace + "; its go test -race at .github/workflows/ci.yml:13 never runs (a line of the here-document of cat >> $GITHUB_STEP_SUMMARY <<EOT at .github/workflows/ci.yml:11: the input of that command, not one of the script)"},
		{name: "go test -race in a here-document of a script", files: github("./scripts/test.sh\n", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo vet ./...\ncat > race.sh <<EOF\ngo test -race ./...\nEOF\n"}), check: "ci", want: Warn, message: noRace},
		{name: "go test -race in a here-document of GitLab", files: gitlab("test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - |\n      cat > race.sh <<-'EOF'\n      go test -race ./...\n      EOF\n"), check: "ci", want: Warn, message: noRace},
		// a here-document that a shell runs as its script
		{name: "go test -race in bash's here-document", files: github("go vet ./...\nbash <<'SCRIPT'\nset -e\ngo test -race ./...\nSCRIPT\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go test -race in sh -e's here-document", files: github("go vet ./...\nsh -e <<SCRIPT\ngo test -race ./...\necho done\nSCRIPT\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go test -race in sh -s's here-document, in a script", files: github("./scripts/test.sh\n", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo vet ./...\nsh -s <<-EOF\n\tgo test -race ./...\n\tEOF\n"}), check: "ci", want: Pass, message: pass},
		{name: "go test -race not last in bash's here-document, without -e", files: github("go vet ./...\nbash <<'SCRIPT'\ngo test -race ./...\necho done\nSCRIPT\n", nil), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "an exit in bash's here-document ends that shell", files: github("bash <<'SCRIPT'\nexit 0\nSCRIPT\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "go test -race in the here-document of docker run", files: github("go vet ./...\ndocker run -i --rm -v \"$PWD:/src\" -w /src golang:1.22 sh -s <<'SCRIPT'\ngo test -race ./...\nSCRIPT\n", nil), check: "ci", want: Warn,
			message: noRace + "; its go test -race at .github/workflows/ci.yml:11 never runs (a line of the here-document of docker run"},
		{name: "go test -race after a here-document", files: github("cat > notes.txt <<'EOF'\ngo test ./...\nEOF\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		// a here-document's lines are its command's input: no }, fi, done or esac of the script
		{name: "a here-document's } in a group over lines, } || true", files: github("{\n  cat > notes.txt <<EOF\n}\nEOF\n  go test -race ./...\n} || true\ngo vet ./...\n", nil), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "a here-document's fi in an if over lines, fi || true", files: github("if true; then\n  cat > notes.txt <<-EOF\n\tfi\n\tEOF\n  go test -race ./...\nfi || true\ngo vet ./...\n", nil), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "a here-document's done in a loop over lines, done || true", files: github("for d in a; do\n  cat <<'EOF'\ndone\nEOF\n  go test -race ./...\ndone || true\ngo vet ./...\n", nil), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "a here-document's esac in a case over lines, esac || true", files: github("case x in\n  x)\n    cat <<\"EOF\"\nesac\nEOF\n    go test -race ./...\n    ;;\nesac || true\ngo vet ./...\n", nil), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "go test -race && a here-document, the script's last", files: github("go vet ./...\ngo test -race ./... && cat <<EOF\nsummary\nEOF\n", nil), check: "ci", want: Pass, message: pass},
		// sh ends a here-document at the line that is its word, whole: <<- strips tabs
		// before it, no spaces; no other line ends it
		{name: "the word after spaces in a here-document does not end it", files: github("go vet ./...\ncat > notes.txt <<EOF\n  EOF\ngo test -race ./...\nEOF\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "the word after spaces in a <<- here-document does not end it", files: github("go vet ./...\ncat > notes.txt <<-EOF\n  EOF\ngo test -race ./...\nEOF\n", nil), check: "ci", want: Warn, message: noRace},
		// a << written against the word before it opens a here-document as one after a
		// blank does; a quoted << opens none
		{name: "cat<<EOF, no blank before <<", files: github("go vet ./...\ncat<<EOF\ngo test -race ./...\nEOF\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "cat >notes.txt<<EOF, the << against the file", files: github("go vet ./...\ncat >notes.txt<<EOF\ngo test -race ./...\nEOF\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "cat 0<<EOF, the << after an fd", files: github("go vet ./...\ncat 0<<EOF\ngo test -race ./...\nEOF\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "cat<<<word is a here-string", files: github("cat<<<word\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "echo \"<<EOF\" opens no here-document", files: github("echo \"<<EOF\"\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "echo '<<EOF' opens no here-document", files: github("echo '<<EOF'\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "echo \\<\\<EOF opens no here-document", files: github("echo \\<\\<EOF\n"+vetRace, nil), check: "ci", want: Pass, message: pass},
		{name: "the word and a space in a here-document does not end it", files: github("go vet ./...\ncat > notes.txt <<'EOF'\nEOF \ngo test -race ./...\nEOF\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "the word after tabs ends a <<- here-document", files: github("go vet ./...\ncat > notes.txt <<-EOF\n\tEOF\ngo test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "the word after spaces in sh -s's here-document, in a script", files: github("./scripts/test.sh\n", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\ngo vet ./...\nsh -s <<EOF\n  EOF\ngo test -race ./...\necho done\nEOF\n"}), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "an exit 0 in a here-document in an if over lines", files: github("if true; then\n  cat > skip.sh <<'EOF'\nexit 0\nfi\nEOF\nfi\n"+vetRace, nil), check: "ci", want: Pass, message: pass},

		// A branch that a constant condition never takes.
		{name: "if false", files: github("if false; then\n  go vet ./...\n  go test -race ./...\nfi\n", nil), check: "ci", want: Warn, message: "never runs (if false at .github/workflows/ci.yml:9 never takes it)"},
		{name: "if false on one line", files: github("if false; then go test -race ./...; fi\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "if [ 1 = 0 ]", files: github("if [ 1 = 0 ]; then\n  go test -race ./...\nfi\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "if ! true", files: github("if ! true; then\n  go test -race ./...\nfi\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "the else of if true", files: github("if true; then\n  go vet ./...\nelse\n  go test -race ./...\nfi\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "while false", files: github("while false; do\n  go test -race ./...\ndone\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "until true", files: github("until true; do go test -race ./...; done\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "if true", files: github("if true; then\n"+vetRace+"fi\n", nil), check: "ci", want: Pass, message: pass},
		{name: "the else of if false", files: github("if false; then\n  echo skipped\nelse\n"+vetRace+"fi\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a condition on a variable", files: github("if [ \"$RUNNER_OS\" = Linux ]; then\n"+vetRace+"fi\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a matrix value that takes the branch",
			files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    strategy:\n      matrix:\n        race: [\"true\", \"false\"]\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				lint + "      - run: |\n          go vet ./...\n          if [ \"${{ matrix.race }}\" = true ]; then go test -race ./...; fi\n"},
			check: "ci", want: Pass, message: pass},
		{name: "a matrix value that never takes the branch",
			files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    strategy:\n      matrix:\n        race: [\"false\"]\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				lint + "      - run: |\n          go vet ./...\n          if [ \"${{ matrix.race }}\" = true ]; then go test -race ./...; fi\n"},
			check: "ci", want: Warn, message: noRace},

		// The right of || after a command that always succeeds, of && after one that fails.
		{name: "true ||", files: github("true || go vet ./...\ntrue || go test -race ./...\n", nil), check: "ci", want: Warn, message: "never runs (on the right of || after true at .github/workflows/ci.yml:10)"},
		{name: ": || a group", files: github("go vet ./...\n: || { go test -race ./...; }\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "false &&", files: github("go vet ./...\nfalse && go test -race ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "true || ... && what runs after", files: github("go vet ./...\ntrue || echo no && go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "true &&", files: github("go vet ./...\ntrue && go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},

		// A function runs only where something calls it.
		{name: "a function never called", files: github("checks() {\n  go vet ./...\n  go test -race ./...\n}\necho \"checks defined, never called\"\n", nil), check: "ci", want: Warn, message: "never runs (in function checks (.github/workflows/ci.yml:9), which nothing calls)"},
		{name: "function NAME never called", files: github("function checks {\n  go test -race ./...\n}\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "a function called only from one never called", files: github("race() { go test -race ./...; }\nall() {\n  race\n}\ngo vet ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "a function called", files: github("checks() {\n  go vet ./...\n  go test -race ./...\n}\nchecks\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a function a trap calls", files: github("checks() { go test -race ./...; }\ntrap checks EXIT\ngo vet ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a function called through another", files: github("race() { go test -race ./...; }\nall() {\n  race\n}\ngo vet ./...\nall\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a command named by a variable", files: github("race() { go test -race ./...; }\ngo vet ./...\nstep=race\n$step\n", nil), check: "ci", want: Pass, message: pass},

		// go test -n and make -n print the commands and run none.
		{name: "go test -race -n", files: github("go vet ./...\ngo test -race -n ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "go test -race -n=false", files: github("go vet ./...\ngo test -race -n=false ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "make -n", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make -n test"), check: "ci", want: Warn,
			message: "its go test -race at Makefile:4 never runs (make runs no recipe line but those with the + prefix under -n, at .github/workflows/ci.yml:"},
		{name: "make --dry-run", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make --dry-run test"), check: "ci", want: Warn, message: noRace},
		{name: "make -kt", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make -kt test"), check: "ci", want: Warn, message: noRace},
		{name: "make --question", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make --question test"), check: "ci", want: Warn, message: noRace},
		{name: "make --just", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make --just test"), check: "ci", want: Warn, message: "under --just-print, at"},
		{name: "MAKEFLAGS=n make", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "MAKEFLAGS=n make test"), check: "ci", want: Warn, message: "under the -n of MAKEFLAGS, at .github/workflows/ci.yml:"},
		{name: "make -n runs the + lines", files: makefile(".PHONY: test\ntest:\n\t+go vet ./...\n\t+go test -race ./...\n", "make -n test"), check: "ci", want: Pass, message: pass},
		{name: "a recipe's make -n", files: makefile(".PHONY: ci test\nci:\n\tmake -n test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make ci"), check: "ci", want: Warn, message: "under -n, at Makefile:3"},
		{name: "make -k", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\tgo test -race ./...\n", "make -k test"), check: "ci", want: Pass, message: pass},

		// A GitLab job's before_script and script are one shell script.
		{name: "GitLab: exit 0 in before_script", files: gitlab("test:\n  before_script:\n    - exit 0\n  script:\n    - go vet ./...\n    - go test -race ./...\n"), check: "ci", want: Warn, message: "never runs (after exit 0 at .gitlab-ci.yml:3)"},
		{name: "GitLab: if false", files: gitlab("test:\n  script:\n    - go vet ./...\n    - |\n      if false; then\n        go test -race ./...\n      fi\n"), check: "ci", want: Warn, message: noRace},
		{name: "GitLab: true ||", files: gitlab("test:\n  script:\n    - go vet ./...\n    - true || go test -race ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "GitLab: a function of before_script that script calls", files: gitlab("test:\n  before_script:\n    - race() { go test -race ./...; }\n  script:\n    - go vet ./...\n    - race\n"), check: "ci", want: Pass, message: pass},
		{name: "GitLab: a function of before_script never called", files: gitlab("test:\n  before_script:\n    - race() { go test -race ./...; }\n  script:\n    - go vet ./...\n"), check: "ci", want: Warn, message: noRace},

		// A recipe line runs in a shell of its own; with .ONESHELL the recipe is one script.
		{name: "Makefile: exit 0 on a line of its own", files: makefile(".PHONY: test\ntest:\n\texit 0\n\tgo vet ./...\n\tgo test -race ./...\n", "make test"), check: "ci", want: Pass, message: pass},
		{name: "Makefile: exit 0 before the checks on one line", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\texit 0; go test -race ./...\n", "make test"), check: "ci", want: Warn, message: noRace},
		{name: "Makefile .ONESHELL: exit 0 on a line of its own", files: makefile(".ONESHELL:\n.PHONY: test\ntest:\n\tgo vet ./...\n\texit 0\n\tgo test -race ./...\n", "make test"), check: "ci", want: Warn, message: noRace},
		{name: "Makefile: true ||", files: makefile(".PHONY: test\ntest:\n\tgo vet ./...\n\ttrue || go test -race ./...\n", "make test"), check: "ci", want: Warn, message: noRace},
		{name: "Makefile .ONESHELL: if false", files: makefile(".ONESHELL:\n.PHONY: test\ntest:\n\tgo vet ./...\n\tif false; then\n\t  go test -race ./...\n\tfi\n", "make test"), check: "ci", want: Warn, message: noRace},

		// just and Task run their lines through a shell too.
		{name: "just: true ||", files: github("go vet ./...\njust test\n", map[string]string{"justfile": "test:\n    true || go test -race ./...\n"}), check: "ci", want: Warn, message: noRace},
		{name: "just: the race test runs", files: github("go vet ./...\njust test\n", map[string]string{"justfile": "test:\n    go test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "Task: exit 0 in a cmd", files: github("go vet ./...\ntask test\n", map[string]string{"Taskfile.yml": "version: '3'\ntasks:\n  test:\n    cmds:\n      - |\n        exit 0\n        go test -race ./...\n"}), check: "ci", want: Warn, message: noRace},
		{name: "Task: exit 0 in the cmd before", files: github("go vet ./...\ntask test\n", map[string]string{"Taskfile.yml": "version: '3'\ntasks:\n  test:\n    cmds:\n      - exit 0\n      - go test -race ./...\n"}), check: "ci", want: Pass, message: pass},
	})
}
