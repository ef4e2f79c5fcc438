package audit

import (
	"strings"
	"testing"
)

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
		{name: "-c -o", files: toolsRepo(base+"      - run: go test -race -c -o bin/api.test ./cmd/api\n", nil), check: "ci", want: Warn, message: noRace + " (-c compiles the test binary and runs no test)"},
		{name: "-c=true", files: toolsRepo(base+"      - run: go test -race -c=true ./cmd/api\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "-c -o and the test binary run after it", files: toolsRepo(base+"      - run: go test -race -c -o bin/app.test .\n      - run: ./bin/app.test -test.v\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-c=false", files: toolsRepo(base+"      - run: go test -race -c=false ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run ^$ beside a go test -race that runs the tests", files: toolsRepo(base+"      - run: go test -race -run='^$' -bench=. ./...\n      - run: go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run with a pattern", files: toolsRepo(base+"      - run: go test -race -run 'Test(API|Store)' ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run $", files: toolsRepo(base+"      - run: go test -race -run '$' ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-run from a variable", files: toolsRepo(base+"      - run: go test -race -run \"$PATTERN\" ./...\n", nil), check: "ci", want: Pass, message: pass},
		// go test passes the words after -args (--args) to the test binary, whose flag
		// parser knows -test.run and -test.list, not -run: flag provided but not
		// defined: -run, exit 1 before any test runs, unless the tests define such a
		// flag (a step that always fails checks nothing); given -h or -help, it prints
		// its usage and exits 0, a failing test unrun; it ignores the words after -- or
		// after a word that is no flag; its -test.run comes after go test's own -run
		// and wins (go 1.26)
		{name: "-args -run ^$: the binary's, which refuses it", files: toolsRepo(base+"      - run: go test -race ./... -args -run '^$'\n", nil), check: "ci", want: Warn,
			message: noRace + " (its test binary, given -run after -args, knows it as -test.run alone and fails before any test runs (flag provided but not defined: -run), unless the tests define a flag -run of their own)"},
		{name: "-args -run TestA: refused too", files: toolsRepo(base+"      - run: go test -race ./... -args -run TestA\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -run after -args"},
		{name: "--args -list .: the binary's", files: toolsRepo(base+"      - run: go test -race ./... --args -list .\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -list after -args"},
		{name: "-args -n: go test's, no flag of the binary", files: toolsRepo(base+"      - run: go test -race ./... -args -n\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -n after -args, a flag of go test's and none of the binary's"},
		{name: "-args -test.v -v", files: toolsRepo(base+"      - run: go test -race ./... -args -test.v -v\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -v after -args"},
		{name: "-args -update -count=1: a flag of the tests', then one refused", files: toolsRepo(base+"      - run: go test -race ./... -args -update -count=1\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -count after -args"},
		{name: "-args -h: usage, exit 0", files: toolsRepo(base+"      - run: go test -race ./... -args -h\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -h after -args, prints its flags' usage and exits 0 before any test runs)"},
		{name: "-args --help", files: toolsRepo(base+"      - run: go test -race ./... -args --help\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -help after -args"},
		{name: "-args -update: a flag of the tests' own", files: toolsRepo(base+"      - run: go test -race ./... -args -update\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-args -test.run TestA -test.v", files: toolsRepo(base+"      - run: go test -race ./... -args -test.run TestA -test.v\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-args extra -run ^$: the binary stops at extra", files: toolsRepo(base+"      - run: go test -race ./... -args extra -run '^$'\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-- -test.run ^$: the binary stops at --", files: toolsRepo(base+"      - run: go test -race ./... -- -test.run '^$'\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-v extra -run ^$: the binary stops at extra", files: toolsRepo(base+"      - run: go test -race ./... -v extra -run '^$'\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum -- ./... -args -run ^$", files: toolsRepo(base+"      - run: gotestsum -- -race ./... -args -run '^$'\n", nil), check: "ci", want: Warn, message: noRace + " (its test binary, given -run after -args"},
		{name: "-args -test.run ^$: the binary reads it", files: toolsRepo(base+"      - run: go test -race ./... -args -test.v -test.run '^$'\n", nil), check: "ci", want: Warn, message: noRace + " (-run ^$ matches no test name)"},
		{name: "-args --test.run=^$", files: toolsRepo(base+"      - run: go test -race ./... -args --test.run='^$'\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "-args -test.list .", files: toolsRepo(base+"      - run: go test -race ./... -args -test.list .\n", nil), check: "ci", want: Warn, message: noRace + " (-list lists the tests and runs none)"},
		{name: "-run TestA, then -args -test.run ^$, which wins", files: toolsRepo(base+"      - run: go test -race -run TestA ./... -args -test.run '^$'\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "-run ^$, then -args -test.run TestA, which wins", files: toolsRepo(base+"      - run: go test -race -run '^$' ./... -args -test.run TestA\n", nil), check: "ci", want: Pass, message: pass},
		{name: "-args -test.run ^$ after a flag this audit does not know", files: toolsRepo(base+"      - run: go test -race ./... -args -update -test.run '^$'\n", nil), check: "ci", want: Warn, message: noRace},
	})
}

// TestVerdictsOnVetsThatCannotFail audits CI whose only go vet is no check: it exits
// 0 whatever it finds (with -json the findings go to the JSON: go vet -json of
// go1.26 exits 0 on a Printf mismatch, where go vet exits 1; -fix applies fixes),
// vets nothing (-n, which fails only on findings the build cache replays from an
// earlier go vet: go 1.26 checked with a cold and a warm cache), fails whatever
// the code (a package word that starts with -), or runs only the analyzers its
// flags select (-printf runs printf alone; -composites=false runs the others).
func TestVerdictsOnVetsThatCannotFail(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const at = "CI does not run go vet; its go vet at .github/workflows/ci.yml:7 "
	const noVet = at + "cannot fail the job"
	base := "      - run: go test -race ./...\n      - run: golangci-lint run --disable-all -E errcheck\n"
	runCheckCases(t, []checkCase{
		{name: "-json into a report", files: toolsRepo("      - run: go vet -json ./... > vet-report.json\n"+base, nil), check: "ci", want: Warn, message: noVet + " (-json writes the findings as JSON and exits 0)"},
		{name: "--json=true after a build flag", files: toolsRepo("      - run: go vet -tags integration --json=true ./...\n"+base, nil), check: "ci", want: Warn, message: noVet},
		{name: "-n", files: toolsRepo("      - run: go vet -n ./...\n"+base, nil), check: "ci", want: Warn, message: at + "vets nothing (-n prints the commands; it fails only on findings the build cache replays from an earlier go vet of the same packages with the same flags, never on code none vetted)"},
		{name: "-fix", files: toolsRepo("      - run: go vet -fix ./...\n"+base, nil), check: "ci", want: Warn, message: noVet + " (-fix applies the fixes and exits 0)"},
		// go vet -fix -diff applies no fix: it prints them and exits 1 where a finding
		// has one, 0 on findings that have none; -diff without -fix, or with -json,
		// fails whatever the code (go 1.26.8)
		{name: "-fix -diff: the fixable findings alone", files: toolsRepo("      - run: go vet -fix -diff ./...\n"+base, nil), check: "ci", want: Warn,
			message: at + "fails only on the findings that have a fix (-fix -diff prints their fixes as a diff, applying none, and exits 1 where there is one; it drops the findings without one"},
		{name: "-fix, -diff in GOFLAGS", files: toolsRepo("      - run: go vet -fix ./...\n        env:\n          GOFLAGS: -diff\n"+base, nil), check: "ci", want: Warn, message: at + "fails only on the findings that have a fix (-fix -diff in GOFLAGS"},
		{name: "-diff without -fix", files: toolsRepo("      - run: go vet -diff ./...\n"+base, nil), check: "ci", want: Warn, message: at + "always fails, whatever the code (-diff without -fix: go vet -diff flag requires -fix), and vets nothing"},
		{name: "-json -fix -diff", files: toolsRepo("      - run: go vet -json -fix -diff ./...\n"+base, nil), check: "ci", want: Warn, message: at + "always fails, whatever the code (-json and -diff cannot be used together)"},
		{name: "-fix -diff=false: -fix", files: toolsRepo("      - run: go vet -fix -diff=false ./...\n"+base, nil), check: "ci", want: Warn, message: noVet + " (-fix applies the fixes and exits 0)"},
		{name: "-V: the version, exit 0", files: toolsRepo("      - run: go vet -V ./...\n"+base, nil), check: "ci", want: Warn, message: at + "vets nothing (-V prints vet's version and exits 0"},
		{name: "-flags: the analyzers' flags, exit 0", files: toolsRepo("      - run: go vet -flags ./...\n"+base, nil), check: "ci", want: Warn, message: at + "vets nothing (-flags prints the analyzers' flags as JSON and exits 0)"},
		{name: "-V=false: the version too", files: toolsRepo("      - run: go vet -V=false ./...\n"+base, nil), check: "ci", want: Warn, message: at + "vets nothing (-V prints vet's version and exits 0, -V=false too)"},
		// go vet takes its own flags and the analyzers' as booleans alone: -V=full
		// (go tool vet's) fails with invalid boolean value "full" for -V, exit 2,
		// whatever the code, having vetted nothing (go 1.26.8)
		{name: "-V=full: no boolean", files: toolsRepo("      - run: go vet -V=full\n"+base, nil), check: "ci", want: Warn,
			message: at + "always fails, whatever the code (go vet takes -V as on or off alone, and refuses -V=full: invalid boolean value \"full\"), and vets nothing"},
		{name: "-V=full ./...", files: toolsRepo("      - run: go vet -V=full ./...\n"+base, nil), check: "ci", want: Warn, message: at + "always fails, whatever the code (go vet takes -V as on or off alone"},
		{name: "-printf=yes", files: toolsRepo("      - run: go vet -printf=yes ./...\n"+base, nil), check: "ci", want: Warn, message: at + "always fails, whatever the code (go vet takes -printf as on or off alone"},
		{name: "GOFLAGS=-json=x", files: toolsRepo("      - run: go vet ./...\n        env:\n          GOFLAGS: -json=x\n"+base, nil), check: "ci", want: Warn, message: at + "always fails, whatever the code (go vet takes -json as on or off alone, and refuses -json=x in GOFLAGS"},
		{name: "-c=3: a value flag", files: toolsRepo("      - run: go vet -c=3 ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "-flags=false", files: toolsRepo("      - run: go vet -flags=false ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "-json=false", files: toolsRepo("      - run: go vet -json=false ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "-json beside a plain go vet", files: toolsRepo("      - run: go vet -json ./... > vet-report.json\n      - run: go vet ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "-c 3 (a value, then the packages)", files: toolsRepo("      - run: go vet -c 3 ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		// go vet reads its flags as go 1.26's does, its vet tool's value flags taking
		// the next word (go tool vet -flags), up to -- or the first word that is no
		// flag, after which every word is a package (go vet -- -json fails:
		// malformed import path "-json"); it applies the vet flags of GOFLAGS too,
		// before those of its command line
		{name: "-printf.funcs Wrapf -json", files: toolsRepo("      - run: go vet -printf.funcs Wrapf -json ./...\n"+base, nil), check: "ci", want: Warn, message: noVet + " (-json writes the findings as JSON and exits 0)"},
		{name: "-unusedresult.funcs x -c 3 -json", files: toolsRepo("      - run: go vet -unusedresult.funcs x -c 3 -json ./...\n"+base, nil), check: "ci", want: Warn, message: noVet},
		{name: "-- -json: a package, which go vet refuses", files: toolsRepo("      - run: go vet -- -json ./...\n"+base, nil), check: "ci", want: Warn,
			message: at + "always fails, whatever the code (go vet reads -json, after -- or after a package, as a package: malformed import path \"-json\": leading dash), and vets nothing"},
		{name: "./... -x: a package too", files: toolsRepo("      - run: go vet ./... -x\n"+base, nil), check: "ci", want: Warn, message: at + "always fails"},
		{name: "-- ./...", files: toolsRepo("      - run: go vet -- ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		// an analyzer's flag that is on selects the analyzers go vet runs, alone;
		// one that is off leaves the others to run
		{name: "-printf: printf alone", files: toolsRepo("      - run: go vet -printf ./...\n"+base, nil), check: "ci", want: Warn,
			message: at + "runs only printf of vet's analyzers (-printf selects them: go vet runs the analyzers whose flags are on alone)"},
		{name: "-printf=true -tests -unreachable=false", files: toolsRepo("      - run: go vet -printf=true -tests -unreachable=false ./...\n"+base, nil), check: "ci", want: Warn, message: at + "runs only printf, tests of vet's analyzers"},
		{name: "-rangeloops: loopclosure's older name", files: toolsRepo("      - run: go vet -rangeloops ./...\n"+base, nil), check: "ci", want: Warn, message: at + "runs only loopclosure of vet's analyzers"},
		{name: "GOFLAGS=-printf", files: toolsRepo("      - run: go vet ./...\n        env:\n          GOFLAGS: -printf\n"+base, nil), check: "ci", want: Warn, message: at + "runs only printf of vet's analyzers (-printf in GOFLAGS"},
		{name: "GOFLAGS=-printf, quoted as the go command reads it", files: toolsRepo("      - run: go vet ./...\n        env:\n          GOFLAGS: '\"-printf\"'\n"+base, nil), check: "ci", want: Warn, message: at + "runs only printf of vet's analyzers (-printf in GOFLAGS"},
		{name: "-composites=false: the others run", files: toolsRepo("      - run: go vet -composites=false ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "-printf -printf=false: the others run", files: toolsRepo("      - run: go vet -printf -printf=false ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS=-printf, -printf=false on its command line", files: toolsRepo("      - run: GOFLAGS=-printf go vet -printf=false ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "-printf.funcs Wrapf: a list, no selection", files: toolsRepo("      - run: go vet -printf.funcs Wrapf ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		// a flag of the step's env: go vet gets its value
		{name: "$VETFLAGS from the step's env: -json", files: toolsRepo("      - run: go vet $VETFLAGS ./...\n        env:\n          VETFLAGS: -json\n"+base, nil), check: "ci", want: Warn, message: noVet + " (-json writes the findings as JSON and exits 0)"},
		{name: "./... $VETFLAGS from the step's env: -json, a package", files: toolsRepo("      - run: go vet ./... $VETFLAGS\n        env:\n          VETFLAGS: -json\n"+base, nil), check: "ci", want: Warn, message: at + "always fails, whatever the code (go vet reads -json"},
		{name: "${VETFLAGS} from the job's env: -printf", files: func() map[string]string {
			f := toolsRepo("      - run: go vet ${VETFLAGS} ./...\n"+base, nil)
			f[".github/workflows/ci.yml"] = strings.Replace(f[".github/workflows/ci.yml"], "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      VETFLAGS: -printf\n", 1)
			return f
		}(), check: "ci", want: Warn, message: "CI does not run go vet; its go vet at .github/workflows/ci.yml:9 runs only printf of vet's analyzers"},
		{name: "GOFLAGS=-json on its command line", files: toolsRepo("      - run: GOFLAGS=-json go vet ./...\n"+base, nil), check: "ci", want: Warn, message: noVet + " (-json in GOFLAGS writes the findings as JSON and exits 0)"},
		{name: "GOFLAGS: -fix in the step's env", files: toolsRepo("      - run: go vet ./...\n        env:\n          GOFLAGS: -mod=mod -fix\n"+base, nil), check: "ci", want: Warn, message: noVet},
		{name: "GOFLAGS=-json, -json=false on its command line", files: toolsRepo("      - run: GOFLAGS=-json go vet -json=false ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
		{name: "GOFLAGS=-vettool=x, which go vet does not apply", files: toolsRepo("      - run: GOFLAGS=-vettool=/bin/true go vet ./...\n"+base, nil), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnFailuresAfterOr audits CI whose go test -race is followed by ||: its
// failure is kept only when what follows surely fails (exit 1, exit $?, false, in a
// { } group or ( ) subshell too); a brace group that only echoes, or another go
// test that may pass (a run without -race), lets it go.
func TestVerdictsOnFailuresAfterOr(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs go test -race but ignores the failure"
	base := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	run := func(line string) map[string]string { return toolsRepo(base+"      - run: "+line+"\n", nil) }
	script := func(lines ...string) map[string]string {
		s := base + "      - run: |\n"
		for _, l := range lines {
			s += "          " + l + "\n"
		}
		return toolsRepo(s, nil)
	}
	runCheckCases(t, []checkCase{
		{name: "|| { echo; }", files: run(`go test -race ./... || { echo "::warning::race tests failed"; }`), check: "ci", want: Warn, message: ignored},
		{name: "|| a go test without -race", files: run(`go test -race ./... || go test -count=1 ./...`), check: "ci", want: Warn, message: ignored},
		{name: "|| echo; then more of the line", files: run(`go test -race ./... || echo failed; echo done`), check: "ci", want: Warn, message: ignored},
		{name: "|| (echo)", files: run(`go test -race ./... || (echo failed)`), check: "ci", want: Warn, message: ignored},
		{name: "|| { echo; exit; } (exit takes echo's status)", files: run(`go test -race ./... || { echo failed; exit; }`), check: "ci", want: Warn, message: ignored},
		{name: "|| cat log", files: run(`go test -race ./... > test.log || cat test.log`), check: "ci", want: Warn, message: ignored},
		{name: "|| echo", files: run(`go test -race ./... || echo failed`), check: "ci", want: Warn, message: ignored},
		{name: "|| { echo; exit 1; }", files: run(`go test -race ./... || { echo failed; exit 1; }`), check: "ci", want: Pass, message: pass},
		{name: "|| (echo && exit 1)", files: run(`go test -race ./... || (echo failed && exit 1)`), check: "ci", want: Pass, message: pass},
		{name: "|| exit $?", files: run(`go test -race ./... || exit $?`), check: "ci", want: Pass, message: pass},
		{name: "|| { cat log; false; }", files: run(`go test -race ./... > test.log || { cat test.log; false; }`), check: "ci", want: Pass, message: pass},
		{name: "|| { false || true; } (the inner || takes false's failure)", files: run(`go test -race ./... || { false || true; }`), check: "ci", want: Warn, message: ignored},
		{name: "|| { exit 1 || true; }", files: run(`go test -race ./... || { echo failed; exit 1 || true; }`), check: "ci", want: Pass, message: pass},
		{name: "|| a retry with -race", files: run(`go test -race ./... || go test -race -count=1 ./...`), check: "ci", want: Pass, message: pass},
		{name: "|| at the end of a line, exit 1 on the next", files: script("go test -race ./... ||", "  exit 1"), check: "ci", want: Pass, message: pass},
		// a line that ends with ||, && or | goes on on the next line that holds a command
		{name: "|| at the end of a line, true on the next", files: script("go test -race ./... ||", "  true"), check: "ci", want: Warn, message: ignored},
		{name: "|| and a comment at the end of a line, a blank line and a comment, true", files: script("go test -race ./... || # flaky", "", "  # tolerated", "  true"), check: "ci", want: Warn, message: ignored},
		{name: "&& at the end of a line, go test on the next, || true on the one after", files: script("echo start &&", "  go test -race ./... ||", "  true"), check: "ci", want: Warn, message: ignored},
		{name: "&& at the end of a line, echo on the next, || true on the one after", files: script("go test -race ./... &&", "  echo ok ||", "  true"), check: "ci", want: Warn, message: ignored},
		{name: "|| at the end of a line, { on the next, a group that only echoes", files: script("go test -race ./... ||", "{", "  echo failed", "}", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "|| at the end of a line, { on the next, a group that exits 1", files: script("go test -race ./... ||", "{", "  echo failed", "  exit 1", "}", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "&& at the end of a line, echo on the next, the script's last", files: script("go test -race ./... &&", "  echo ok"), check: "ci", want: Pass, message: pass},
		// cmd && NAME=value ends cmd's AND list there: sh -e goes on past cmd's failure
		// (false && V=1 is not the list's last command), the next line is no part of it
		{name: "&& V=1, then a line followed by || exit 1", files: script("go test -race ./... && V=1", "echo lint || exit 1"), check: "ci", want: Warn, message: ignored},
		{name: "&& V=1, the script's last line", files: script("echo start", "go test -race ./... && V=1"), check: "ci", want: Pass, message: pass},
		{name: "&& V=1, then another line", files: script("go test -race ./... && V=1", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "&& V=1 || exit 1, then another line", files: script("go test -race ./... && V=1 || exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "&& V=1 || true", files: script("go test -race ./... && V=1 || true", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "false && V=1, go test on the next line (which runs)", files: script("false && V=1", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		// cmd || NAME=value: where cmd fails the assignment runs and succeeds, so the
		// list's status is 0 whatever cmd's; the next line is no fallback of cmd
		{name: "|| V=1, the script's last line", files: script("echo start", "go test -race ./... || FAILED=1"), check: "ci", want: Warn, message: ignored},
		{name: "|| V=1, then another line", files: script("go test -race ./... || FAILED=1", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "{ go test; } || V=1", files: script("{ go test -race ./...; } || FAILED=1"), check: "ci", want: Warn, message: ignored},
		{name: "{ over lines } || V=1", files: script("{", "  go test -race ./...", "} || FAILED=1", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if over lines, fi || V=1", files: script("if true; then", "  go test -race ./...", "fi || FAILED=1", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "|| V=1 in a recipe line", files: toolsRepo(base+"      - run: make test\n", map[string]string{"Makefile": "test:\n\tgo test -race ./... || FAILED=1\n"}), check: "ci", want: Warn, message: ignored},
		{name: "false || V=1, go test on the next line (which runs)", files: script("false || V=1", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		{name: "&& V=1 && echo, then a line followed by || exit 1", files: script("go test -race ./... && V=1 && echo ok", "echo lint || exit 1"), check: "ci", want: Warn, message: ignored},
		// a $( over lines is one word of its command, as on one line: its commands are
		// the substitution's, which run, and its ) || true acts on the assignment's
		// status, the substitution's
		{name: "$( on one line, ) || true", files: script("out=$(go test -race ./... 2>&1) || true"), check: "ci", want: Warn, message: ignored},
		{name: "$( over lines, ) || true", files: script("out=$(", "  go test -race ./... 2>&1", ") || true"), check: "ci", want: Warn, message: ignored},
		{name: "$( over lines, ) || true, in a sh -c script", files: script("sh -c '", "  out=$(", "    go test -race ./... 2>&1", "  ) || true", "'"), check: "ci", want: Warn, message: ignored},
		{name: "$( over lines, ) || exit 1", files: script("out=$(", "  go test -race ./... 2>&1", ") || exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "(go test) || true", files: run(`(go test -race ./...) || true`), check: "ci", want: Warn, message: ignored},
		{name: "(go vet; go test) || echo", files: run(`(go vet ./...; go test -race ./...) || echo failed`), check: "ci", want: Warn, message: ignored},
		{name: "(go test) 2>&1 || true", files: run(`(go test -race ./...) 2>&1 || true`), check: "ci", want: Warn, message: ignored},
		{name: "(go vet; go test) > log || echo", files: run(`(go vet ./...; go test -race ./...) > test.log 2>&1 || echo failed`), check: "ci", want: Warn, message: ignored},
		{name: "(go test); (echo) || true", files: run(`(go test -race ./...); (echo done) || true`), check: "ci", want: Pass, message: pass},
		{name: "(go test) 2>&1 || exit 1", files: run(`(go test -race ./...) 2>&1 || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "{ go test; } || true", files: run(`"{ go test -race ./...; } || true"`), check: "ci", want: Warn, message: ignored},
		{name: "{ go vet; go test; } 2>&1 || true", files: run(`"{ go vet ./...; go test -race ./...; } 2>&1 || true"`), check: "ci", want: Warn, message: ignored},
		{name: "go test && echo ok || true", files: run(`go test -race ./... && echo ok || true`), check: "ci", want: Warn, message: ignored},
		{name: "go test | tee log || true", files: run(`go test -race ./... | tee log || true`), check: "ci", want: Warn, message: ignored},
		{name: "(go test) || exit 1", files: run(`(go test -race ./...) || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "go test && echo ok || exit 1", files: run(`go test -race ./... && echo ok || exit 1`), check: "ci", want: Pass, message: pass},
		{name: "make: || a go test without -race", files: makeRepo("make ci", "", "\tgo test -race ./... || go test ./...\n"), check: "ci", want: Warn, message: ignored},
		{name: "make: || { echo; exit 1; }", files: makeRepo("make ci", "", "\tgo test -race ./... || { echo failed; exit 1; }\n"), check: "ci", want: Pass, message: pass},
		{name: "|| { on lines of its own ... exit 1 }", files: script("go test -race ./... || {", "  echo failed >&2", "  exit 1", "}", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "|| { echo, then exit 1; } on the next line", files: script("go test -race ./... || { echo failed >&2", "  exit 1; }"), check: "ci", want: Pass, message: pass},
		{name: "|| { on lines of its own that only echo }", files: script("go test -race ./... || {", "  echo failed >&2", "}", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "|| exit (the failed status)", files: run(`go test -race ./... || exit`), check: "ci", want: Pass, message: pass},
		{name: "{ a; } && { go test; } || true", files: run(`"{ echo a; } && { go test -race ./...; } || true"`), check: "ci", want: Warn, message: ignored},
		{name: "{ go test; } && { echo; } || true", files: run(`"{ go test -race ./...; } && { echo b; } || true"`), check: "ci", want: Warn, message: ignored},
		{name: "{ go test; } && echo || true", files: run(`"{ go test -race ./...; } && echo b || true"`), check: "ci", want: Warn, message: ignored},
		{name: "(go test) && echo || true", files: run(`(go test -race ./...) && echo b || true`), check: "ci", want: Warn, message: ignored},
		{name: "{ go test; }; { echo; } || true", files: run(`"{ go test -race ./...; }; { echo b; } || true"`), check: "ci", want: Pass, message: pass},
		{name: "{ go test; } && echo, more after it", files: script("{ go test -race ./...; } && echo ok", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "{ go test; } && echo, the script's last", files: script("echo start", "{ go test -race ./...; } && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "{ a; } && { on lines of its own } || true", files: script("{ echo a; } && {", "  go test -race ./...", "} || true"), check: "ci", want: Warn, message: ignored},
		{name: "{ a } && { b } || true, each on lines of its own", files: script("{", "  echo a", "} && {", "  go test -race ./...", "} || true"), check: "ci", want: Warn, message: ignored},
		{name: "a && { on lines of its own } || true", files: script("echo a && {", "  go test -race ./...", "} || true"), check: "ci", want: Warn, message: ignored},
		{name: "{ on lines of its own } || true", files: script("{", "  go test -race ./...", "} || true"), check: "ci", want: Warn, message: ignored},
		{name: "{ on lines of its own } || echo", files: script("{ echo a; } && {", "  go test -race ./...", "} || echo failed"), check: "ci", want: Warn, message: ignored},
		{name: "{ on lines of its own } || exit 1", files: script("{ echo a; } && {", "  go test -race ./...", "} || exit 1"), check: "ci", want: Pass, message: pass},
		{name: "{ on lines of its own } && echo, more after it", files: script("{", "  go test -race ./...", "} && echo ok", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "{ on lines of its own } && echo, the script's last", files: script("{", "  go test -race ./...", "} && echo ok"), check: "ci", want: Pass, message: pass},
		// set -e is ignored in every command of a group before && or ||, not only its last
		{name: "{ go test; echo; } && echo", files: script("{ go test -race ./...; echo done; } && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "(go test; echo) && echo", files: script("(go test -race ./...; echo done) && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "{ go test, then echo, on lines of their own } && echo", files: script("{", "  go test -race ./...", "  echo done", "} && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "{ { go test; echo; }; echo; } && echo", files: script("{ { go test -race ./...; echo a; }; echo b; } && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "{ { go test; } && echo; echo; }, the inner group in the AND list", files: script("{ { go test -race ./...; } && echo a; echo b; } && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "(go test; go vet) || exit 1", files: script("(go test -race ./...; go vet ./...) || exit 1"), check: "ci", want: Warn, message: ignored},
		{name: "{ echo; go test; } && echo, the script's last", files: script("{ echo start; go test -race ./...; } && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "{ go test && echo; } && echo, the script's last", files: script("{ go test -race ./... && echo a; } && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "{ go test || exit 1; echo; } && echo", files: script("{ go test -race ./... || exit 1; echo done; } && echo ok"), check: "ci", want: Pass, message: pass},
		// an exit in a ( ) subshell ends the subshell, whose status goes on as its last command's would
		{name: "(go test || exit 1; echo) && echo, more after it", files: script("(go test -race ./... || exit 1; echo done) && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "(go test || exit 1; echo) over lines && echo, more after it", files: script("(", "  go test -race ./... || exit 1", "  echo done", ") && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "(go test && echo || exit 1; echo) && echo, more after it", files: script("(go test -race ./... && echo ok || exit 1; echo done) && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "(go test || exit 1; echo) && echo, the script's last", files: script("echo start", "(go test -race ./... || exit 1; echo done) && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "(go test || exit 1; echo), more after it", files: script("(go test -race ./... || exit 1; echo done)", "echo more"), check: "ci", want: Pass, message: pass},
		// false fails through set -e, which a group before && ignores
		{name: "{ go test || false; echo; } && echo, more after it", files: script("{ go test -race ./... || false; echo done; } && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "go test || false, more after it", files: script("go test -race ./... || false", "echo more"), check: "ci", want: Pass, message: pass},
		{name: "{ go test; echo; }; echo: set -e holds in a group before ;", files: script("{ go test -race ./...; echo done; }; echo ok"), check: "ci", want: Pass, message: pass},
		// and in every command of an if, for, while, until or case before && or ||
		{name: "if; then go test; echo; fi && echo", files: script("if true; then go test -race ./...; echo done; fi && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "if; then go test; echo; else echo; fi || echo", files: script("if [ -n \"$CI\" ]; then go test -race ./...; echo done; else echo skipped; fi || echo failed"), check: "ci", want: Warn, message: ignored},
		{name: "for; do go test; echo; done && echo", files: script("for d in a; do go test -race ./...; echo done; done && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "while; do go test; echo; break; done && echo", files: script("while true; do go test -race ./...; echo done; break; done && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "until; do go test; echo; break; done && echo", files: script("until false; do go test -race ./...; echo done; break; done && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "case; go test; echo;; esac && echo", files: script("case x in x) go test -race ./...; echo done;; esac && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "if, then go test and echo, on lines of their own; fi && echo", files: script("if true; then", "  go test -race ./...", "  echo done", "fi && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "for { go test; echo; } done && echo", files: script("for d in a; do { go test -race ./...; echo a; }; echo b; done && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "if; then go test; fi || true", files: script("if true; then go test -race ./...; fi || true"), check: "ci", want: Warn, message: ignored},
		{name: "for; do go test; done || true", files: script("for d in a; do go test -race ./...; done || true"), check: "ci", want: Warn, message: ignored},
		{name: "if; then go test || exit 1; echo; fi && echo", files: script("if true; then go test -race ./... || exit 1; echo done; fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "for; do go test || exit 1; echo; done && echo", files: script("for d in a; do go test -race ./... || exit 1; echo done; done && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "if; then go test; fi && echo, the script's last", files: script("echo start", "if true; then go test -race ./...; fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "if; then go test; else echo; fi && echo, the script's last", files: script("echo start", "if [ -n \"$CI\" ]; then go test -race ./...; else echo skipped; fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "if; then go test; elif; then echo; fi && echo, the script's last", files: script("echo start", "if [ -n \"$CI\" ]; then go test -race ./...; elif [ -n \"$X\" ]; then echo x; else echo skipped; fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "if; then echo; else go test; fi && echo, the script's last", files: script("echo start", "if [ -n \"$LOCAL\" ]; then echo skipped; else go test -race ./...; fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "case; go test;; esac && echo, the script's last", files: script("echo start", "case x in x) go test -race ./...;; esac && echo ok"), check: "ci", want: Pass, message: pass},
		// a case's patterns (a|b)) are no commands, and the last command of each arm fails the case
		{name: "case; a|x) go test;; *) echo;; esac || exit 1", files: script("case x in a|x) go test -race ./... ;; *) echo no;; esac || exit 1"), check: "ci", want: Pass, message: pass},
		{name: "case over lines; a|x) go test, ;; on a line of its own; *) echo;; esac || exit 1", files: script("case x in", "  # the race run", "  a|x)", "    go test -race ./...", "    ;;", "  (*) echo no;;", "esac || exit 1"), check: "ci", want: Pass, message: pass},
		{name: "case; a) case; b) go test;; esac;; *) echo;; esac || exit 1", files: script("case x in a) case y in b) go test -race ./...;; esac;; *) echo no;; esac || exit 1"), check: "ci", want: Pass, message: pass},
		{name: "case; a) echo; esac without ;;, then case; y) go test;; *) echo;; esac || exit 1", files: script("case x in a) echo a; esac; case y in y) go test -race ./...;; *) echo no;; esac || exit 1"), check: "ci", want: Pass, message: pass},
		{name: "case; a|x) go test;; *) echo;; esac || true", files: script("case x in a|x) go test -race ./... ;; *) echo no;; esac || true"), check: "ci", want: Warn, message: ignored},
		{name: "case; a|x) go test; echo;; *) echo;; esac || exit 1", files: script("case x in a|x) go test -race ./...; echo done;; *) echo no;; esac || exit 1"), check: "ci", want: Warn, message: ignored},
		{name: "case; a|x) go test;; *) echo;; esac && echo, more after it", files: script("case x in a|x) go test -race ./... ;; *) echo no;; esac && echo ok", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "case; a|x) go test;; *) echo;; esac && echo, the script's last", files: script("echo start", "case x in a|x) go test -race ./... ;; *) echo no;; esac && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "for two; do go test; done && echo, the script's last: a later round may succeed", files: script("echo start", "for d in a b; do go test -race ./...; done && echo ok"), check: "ci", want: Warn, message: ignored},
		{name: "if over lines, then go test; fi && echo, the script's last", files: script("echo start", "if true; then", "  go test -race ./...", "fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "if over lines, then go test; echo; fi || exit 1", files: script("if true; then", "  go test -race ./...", "  echo done", "fi || exit 1"), check: "ci", want: Warn, message: ignored},
		// fi, done or esac || true over lines acts on every command of the compound, as } || true does
		{name: "if over lines, then go test; fi || true", files: script("if true; then", "  go test -race ./...", "fi || true"), check: "ci", want: Warn, message: ignored},
		{name: "if, then on a line of its own, go test; fi || true", files: script("if true", "then", "  go test -race ./...", "fi || true"), check: "ci", want: Warn, message: ignored},
		{name: "for over lines, go test; done || true", files: script("for d in a; do", "  go test -race ./...", "done || true"), check: "ci", want: Warn, message: ignored},
		{name: "while over lines, go test; break; done || true", files: script("while true; do", "  go test -race ./...", "  break", "done || true"), check: "ci", want: Warn, message: ignored},
		// a case over lines is read whole, followed or not: its patterns are no commands
		{name: "case over lines, a cd) pattern, then go test", files: script("case \"$1\" in", "  cd)", "    echo no", "    ;;", "esac", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		{name: "case over lines, a cd) pattern and its command on its line, then go test", files: script("case \"$1\" in", "  cd) echo no ;;", "esac", "go test -race ./..."), check: "ci", want: Pass, message: pass},
		{name: "case over lines, go test;; esac || true", files: script("case x in", "  x) go test -race ./...;;", "esac || true"), check: "ci", want: Warn, message: ignored},
		{name: "if over lines in a group over lines, fi || true", files: script("{", "  echo a", "  if true; then", "    go test -race ./...", "  fi || true", "}"), check: "ci", want: Warn, message: ignored},
		{name: "if over lines in an if over lines, fi || true", files: script("if true; then", "  if true; then", "    go test -race ./...", "  fi || true", "fi"), check: "ci", want: Warn, message: ignored},
		{name: "if over lines after a group over lines in its AND list, fi || true", files: script("{ echo a; } && {", "  echo b", "} && if true; then", "  go test -race ./...", "fi || true"), check: "ci", want: Warn, message: ignored},
		{name: "if over lines, then go test; fi || exit 1", files: script("if true; then", "  go test -race ./...", "fi || exit 1"), check: "ci", want: Pass, message: pass},
		{name: "if over lines, then go test; fi, more after it", files: script("if true; then", "  go test -race ./...", "fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if; then go test; echo; fi; echo: set -e holds in an if before ;", files: script("if true; then go test -race ./...; echo done; fi; echo ok"), check: "ci", want: Pass, message: pass},
		{name: "for; do go test; echo; done; echo: set -e holds in a loop before ;", files: script("for d in a; do go test -race ./...; echo done; done; echo ok"), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnConditions audits CI whose go test -race is the condition of an if:
// set -e does not act on it, and its failure counts only when the branch it takes
// (then after if !, else after if) exits with a failure. An exit in a ( ) subshell
// of the branch, (exit 1), ends the subshell alone and fails as false does: under
// set -e the script stops there, without it goes on; and false or (exit 1) followed
// by || or &&, which set -e does not act on, fails nothing; nor does set -e act on
// it in an if followed by && or ||. As the branch's last command it gives the if
// its status, a failure, which goes on from the fi as any command's: as the
// script's last, or before || exit 1, it fails the script without set -e too.
// Outside an if, ! makes the pipeline succeed where go test fails: set -e does
// not act on it, and
// $? after it is 0 (! go test ./...; exit $? exits 0), so the failure is kept only
// where && hands that success to what surely fails, as a fallback after || would
// (&& exit 1, && { echo failed; exit 1; }); ! negates a { } group or ( ) subshell
// alike, in which set -e acts on nothing (checked with bash 5.2 and dash).
func TestVerdictsOnConditions(t *testing.T) {
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
	gitlab := func(line string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "test:\n  script:\n    - go vet ./...\n    - golangci-lint run\n    - " + line + "\n"}
	}
	runCheckCases(t, []checkCase{
		{name: "if !; then cat log; exit 1; fi", files: script("if ! go test -race ./... > test.log 2>&1; then", "  cat test.log", "  exit 1", "fi"), check: "ci", want: Pass, message: pass},
		{name: "if ! on one line", files: script("if ! go test -race ./...; then exit 1; fi"), check: "ci", want: Pass, message: pass},
		{name: "then on a line of its own", files: script("if ! go test -race ./...", "then", "  exit 1", "fi"), check: "ci", want: Pass, message: pass},
		{name: "if; then echo ok; else exit 1; fi", files: script("if go test -race ./...; then", "  echo ok", "else", "  echo failed", "  exit 1", "fi"), check: "ci", want: Pass, message: pass},
		{name: "under bash {0} (no -e)", files: toolsRepo(base+"      - shell: bash {0}\n        run: |\n          if ! go test -race ./...; then\n            exit 1\n          fi\n          echo done\n", nil), check: "ci", want: Pass, message: pass},
		{name: "if !; then echo; false; fi (bash -e)", files: script("if ! go test -race ./...; then", "  echo failed", "  false", "fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if !; then echo; false; fi under bash {0} (no -e)", files: toolsRepo(base+"      - shell: bash {0}\n        run: |\n          if ! go test -race ./...; then\n            false\n          fi\n          echo done\n", nil), check: "ci", want: Warn, message: ignored},
		{name: "if !; then (exit 1); fi (bash -e)", files: script("if ! go test -race ./...; then (exit 1); fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if !; then echo; (exit 1); fi (bash -e)", files: script("if ! go test -race ./...; then", "  echo failed", "  (exit 1)", "fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if; then echo ok; else (echo; exit 1); fi (bash -e)", files: script("if go test -race ./...; then echo ok; else (echo failed; exit 1); fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if !; then (exit 1); fi after set +e", files: script("set +e", "if ! go test -race ./...; then (exit 1); fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then echo; (exit 1); fi after set +e", files: script("set +e", "if ! go test -race ./...; then", "  echo failed", "  (exit 1)", "fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if; then echo ok; else (echo; exit 1); fi under bash {0} (no -e)", files: toolsRepo(base+"      - shell: bash {0}\n        run: |\n          if go test -race ./...; then echo ok; else (echo failed; exit 1); fi\n          echo done\n", nil), check: "ci", want: Warn, message: ignored},
		// the if's status is that of its branch's last command: one that fails there fails the if, which, as the script's last, fails the step (checked with bash 5.2 and dash)
		{name: "if !; then (exit 1); fi as the last line after set +e", files: script("set +e", "if ! go test -race ./...; then (exit 1); fi"), check: "ci", want: Pass, message: pass},
		{name: "if !; then echo; (exit 1); fi as the last lines after set +e", files: script("set +e", "if ! go test -race ./...; then", "  echo failed", "  (exit 1)", "fi"), check: "ci", want: Pass, message: pass},
		{name: "if !; then false; fi as the last line under bash {0} (no -e)", files: toolsRepo(base+"      - shell: bash {0}\n        run: |\n          if ! go test -race ./...; then\n            false\n          fi\n", nil), check: "ci", want: Pass, message: pass},
		{name: "if; then echo ok; else (echo; exit 1); fi as the last line under bash {0} (no -e)", files: toolsRepo(base+"      - shell: bash {0}\n        run: |\n          if go test -race ./...; then echo ok; else (echo failed; exit 1); fi\n", nil), check: "ci", want: Pass, message: pass},
		{name: "if !; then (exit 1); fi || exit 1 after set +e, more after it", files: script("set +e", "if ! go test -race ./...; then (exit 1); fi || exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if !; then (exit 1); fi && echo ok as the last line after set +e", files: script("set +e", "if ! go test -race ./...; then (exit 1); fi && echo ok"), check: "ci", want: Pass, message: pass},
		{name: "if !; then (exit 1); echo; fi as the last line after set +e (echo's status)", files: script("set +e", "if ! go test -race ./...; then (exit 1); echo failed; fi"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then (exit 1); fi && echo ok after set +e, more after it", files: script("set +e", "if ! go test -race ./...; then (exit 1); fi && echo ok", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then false; fi && echo ok (bash -e), more after it: set -e ignored in the if", files: script("if ! go test -race ./...; then false; fi && echo ok", "echo done"), check: "ci", want: Warn, message: ignored},
		// a pipeline as the condition: with pipefail its status fails where go test does (checked with bash 5.2)
		{name: "if ! go test | tee log; then exit 1; fi under pipefail", files: script("set -o pipefail", "if ! go test -race ./... | tee test.log; then exit 1; fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if go test | tee log; then echo ok; else exit 1; fi under shell: bash (pipefail)", files: toolsRepo(base+"      - shell: bash\n        run: |\n          if go test -race ./... 2>&1 | tee test.log; then echo ok; else exit 1; fi\n          echo done\n", nil), check: "ci", want: Pass, message: pass},
		{name: "if ! go test | tee log; then exit 1; fi without pipefail", files: script("if ! go test -race ./... | tee test.log; then exit 1; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if ! go test | tee log; then echo; fi under pipefail", files: script("set -o pipefail", "if ! go test -race ./... | tee test.log; then echo failed; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then exit $?; fi ($? is the negated condition's 0)", files: script("if ! go test -race ./...; then exit $?; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if; then echo ok; else exit $?; fi (go test's status)", files: script("if go test -race ./...; then echo ok; else exit $?; fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if; then echo ok; else echo; exit $?; fi (echo's status)", files: script("if go test -race ./...; then echo ok; else echo failed; exit $?; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then exit 1; fi after set +e", files: script("set +e", "if ! go test -race ./...; then exit 1; fi", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "if !; then (exit 1) || true; fi (bash -e)", files: script("if ! go test -race ./...; then (exit 1) || true; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then false || true; fi (bash -e)", files: script("if ! go test -race ./...; then false || true; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then false && echo; fi (bash -e)", files: script("if ! go test -race ./...; then false && echo failed; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "if !; then echo failed; fi", files: script("if ! go test -race ./...; then", "  echo failed", "fi"), check: "ci", want: Warn, message: ignored},
		{name: "! go test; exit $? (the negated status)", files: script("! go test -race ./...; exit $?"), check: "ci", want: Warn, message: ignored},
		{name: "set +e, ! go test, exit $? on a line of its own", files: script("set +e", "! go test -race ./...", "exit $?"), check: "ci", want: Warn, message: ignored},
		{name: "! go test, then echo (bash -e)", files: script("! go test -race ./...", "echo done"), check: "ci", want: Warn, message: "a pipeline negated with ! outside an if"},
		{name: "! go test as the last line", files: script("echo start", "! go test -race ./..."), check: "ci", want: Warn, message: ignored},
		{name: "! go test || exit 1", files: script("! go test -race ./... || exit 1", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! go test | tee log under pipefail, exit $?", files: script("set -o pipefail", "! go test -race ./... | tee log", "exit $?"), check: "ci", want: Warn, message: ignored},
		{name: "then ! go test; fi", files: script("if true; then ! go test -race ./...; fi", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! go test && exit 1", files: script("! go test -race ./... && exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		// && after a negated pipeline runs where go test fails, as || after go test does: the failure is kept where what it runs surely fails (checked with bash 5.2 and dash)
		{name: "! go test && { echo; exit 1; }", files: script("! go test -race ./... && { echo failed; exit 1; }", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "! go test && { echo; exit 1; } after set +e", files: script("set +e", "! go test -race ./... && { echo failed; exit 1; }", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "! go test && { echo; false; } (bash -e: false ends the list)", files: script("! go test -race ./... && { echo failed; false; }", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "! go test && { echo; (exit 1); } as the last line after set +e", files: script("set +e", "! go test -race ./... && { echo failed; (exit 1); }"), check: "ci", want: Pass, message: pass},
		{name: "! go test && { echo; (exit 1); } after set +e, more after it", files: script("set +e", "! go test -race ./... && { echo failed; (exit 1); }", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! go test && exit (the negated status, 0)", files: script("set +e", "! go test -race ./... && exit", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! go test && { echo; exit 1; } | tee log (a pipe's subshell)", files: script("! go test -race ./... && { echo failed; exit 1; } | tee log", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! go test && echo failed", files: script("! go test -race ./... && echo failed", "echo done"), check: "ci", want: Warn, message: ignored},
		// ! negates a { } group or ( ) subshell too, and set -e acts on nothing in it
		{name: "! { go test; }, then echo", files: script("! { go test -race ./...; }", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! { go test; } as the last line", files: script("echo start", "! { go test -race ./...; }"), check: "ci", want: Warn, message: ignored},
		{name: "! { go test; } && exit 1", files: script("! { go test -race ./...; } && exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "! (go test) && exit 1 after set +e", files: script("set +e", "! ( go test -race ./... ) && exit 1", "echo done"), check: "ci", want: Pass, message: pass},
		{name: "! (go test), then echo", files: script("! ( go test -race ./... )", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! { echo; go test; } || exit 1", files: script("! { echo start; go test -race ./...; } || exit 1", "echo done"), check: "ci", want: Warn, message: ignored},
		{name: "! { go test; echo; } && exit 1 (set -e does not act in it)", files: script("! { go test -race ./...; echo done; } && exit 1", "echo more"), check: "ci", want: Warn, message: ignored},
		{name: "set +e, go test, exit $? (not negated)", files: script("set +e", "go test -race ./...", "exit $?"), check: "ci", want: Pass, message: pass},
		{name: "if; then echo ok; fi", files: script("if go test -race ./...; then echo ok; fi"), check: "ci", want: Warn, message: ignored},
		{name: "exit 1 in a nested if only", files: script("if ! go test -race ./...; then", "  if [ -n \"$STRICT\" ]; then exit 1; fi", "fi"), check: "ci", want: Warn, message: ignored},
		{name: "if ! ... && ...; then exit 1; fi", files: script("if ! go test -race ./... && true; then exit 1; fi"), check: "ci", want: Warn, message: ignored},
		{name: "until; do sleep; done", files: script("until go test -race ./...; do sleep 5; done"), check: "ci", want: Warn, message: ignored},
		{name: "GitLab: if ! ...; then exit 1; fi", files: gitlab("if ! go test -race ./...; then exit 1; fi"), check: "ci", want: Pass, message: pass},
		{name: "GitLab: if ...; then echo ok; fi", files: gitlab("if go test -race ./...; then echo ok; fi"), check: "ci", want: Warn, message: ignored},
		{name: "make: if !; then exit 1; fi", files: makeRepo("make ci", "", "\tif ! go test -race ./...; then exit 1; fi\n"), check: "ci", want: Pass, message: pass},
		{name: "make: if !; then (exit 1); fi (sh -c without -e: the if is the line's last)", files: makeRepo("make ci", "", "\tif ! go test -race ./...; then (exit 1); fi\n\techo done\n"), check: "ci", want: Pass, message: pass},
		{name: "make: if; then echo ok; fi", files: makeRepo("make ci", "", "\tif go test -race ./...; then echo ok; fi\n"), check: "ci", want: Warn, message: ignored},
	})
}

// TestVerdictsOnGitHubExpressions audits CI whose go test takes its flags from a
// GitHub expression: ${{ env.NAME }} is read with the env of the workflow, job or
// step, ${{ inputs.name }} of a reusable workflow with the with: of each local call
// (else the input's default), and any other (vars, an expression this audit does not
// fold) may hold -race: UNKNOWN, naming it.
func TestVerdictsOnGitHubExpressions(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	steps := "      - run: go vet ./...\n      - run: golangci-lint run\n"
	env := func(envs, run string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\n" + envs + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + steps + run}
	}
	reusable := func(on, with string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  go:\n    uses: ./.github/workflows/go.yml\n" + with,
			".github/workflows/go.yml": "on:\n" + on + "    inputs:\n      testflags:\n        type: string\n        default: \"-race\"\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + steps +
				"      - run: go test ${{ inputs.testflags }} ./...\n"}
	}
	const call = "  workflow_call:\n"
	runCheckCases(t, []checkCase{
		{name: "inputs: the caller's with", files: reusable(call, "    with:\n      testflags: \"-race -count=1\"\n"), check: "ci", want: Pass, message: pass},
		{name: "inputs: the default", files: reusable(call, ""), check: "ci", want: Pass, message: pass},
		{name: "inputs: the caller's with, without -race", files: reusable(call, "    with:\n      testflags: -short\n"), check: "ci", want: Warn, message: noRace},
		{name: "inputs: the caller's with, an expression", files: reusable(call, "    with:\n      testflags: ${{ vars.TESTFLAGS }}\n"), check: "ci", want: Unknown, message: "go test's ${{ vars.TESTFLAGS }}"},
		{name: "inputs: push too, called with -short", files: reusable("  push:\n"+call, "    with:\n      testflags: -short\n"), check: "ci", want: Warn, message: noRace},
		{name: "env: the workflow's", files: env("env:\n  TESTFLAGS: -race\n", "      - run: go test ${{ env.TESTFLAGS }} ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "env: the step's", files: env("", "      - run: go test ${{ env.TESTFLAGS }} ./...\n        env:\n          TESTFLAGS: -race -count=1\n"), check: "ci", want: Pass, message: pass},
		{name: "env: the step's over the workflow's", files: env("env:\n  TESTFLAGS: -race\n", "      - run: go test ${{ env.TESTFLAGS }} ./...\n        env:\n          TESTFLAGS: -short\n"), check: "ci", want: Warn, message: noRace},
		{name: "env: without -race", files: env("env:\n  TESTFLAGS: -short\n", "      - run: go test ${{ env.TESTFLAGS }} ./...\n"), check: "ci", want: Warn, message: noRace},
		{name: "env: set by no env of the workflow", files: env("", "      - run: go test ${{ env.TESTFLAGS }} ./...\n"), check: "ci", want: Unknown, message: "go test's ${{ env.TESTFLAGS }}, which this audit cannot expand"},
		{name: "vars", files: env("", "      - run: go test ${{ vars.TESTFLAGS }} ./...\n"), check: "ci", want: Unknown, message: "go test's ${{ vars.TESTFLAGS }}, which this audit cannot expand"},
		{name: "an expression with operators", files: env("", "      - run: go test ${{ github.event_name == 'push' && '-race' || '-short' }} ./...\n"), check: "ci", want: Unknown, message: "may hold -race"},
		{name: "an expression as the -run value", files: env("", "      - run: go test -run ${{ vars.PATTERN }} ./...\n"), check: "ci", want: Warn, message: noRace},
	})
}

// TestVerdictsOnInputConditions audits CI whose go test -race runs in a reusable
// workflow under an if: that reads a boolean input: it is read with the with: of
// each local call (else the input's default, false without one), so a step or job
// that every call turns off never counts, while one that some call turns on does;
// an input a call gives as an expression, or one of type string, is not folded.
func TestVerdictsOnInputConditions(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noRace = "CI does not run go test -race"
	reusable := func(on, input, with, job string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  go:\n    uses: ./.github/workflows/go.yml\n" + with,
			".github/workflows/go.yml": "on:\n" + on + "    inputs:\n      race:\n" + input + "jobs:\n  test:\n    runs-on: ubuntu-latest\n" + job + "    steps:\n" +
				"      - run: go vet ./...\n      - run: golangci-lint run\n      - if: ${{ inputs.race }}\n        run: go test -race ./...\n      - if: ${{ !inputs.race }}\n        run: go test ./...\n"}
	}
	const call, boolean = "  workflow_call:\n", "        type: boolean\n"
	runCheckCases(t, []checkCase{
		{name: "every call sets it false", files: reusable(call, boolean+"        default: false\n", "    with:\n      race: false\n", ""), check: "ci", want: Warn, message: noRace},
		{name: "no call sets it, default false", files: reusable(call, boolean+"        default: false\n", "", ""), check: "ci", want: Warn, message: noRace},
		{name: "no call sets it, no default", files: reusable(call, boolean, "", ""), check: "ci", want: Warn, message: noRace},
		{name: "the call sets it true", files: reusable(call, boolean+"        default: false\n", "    with:\n      race: true\n", ""), check: "ci", want: Pass, message: pass},
		{name: "no call sets it, default true", files: reusable(call, boolean+"        default: true\n", "", ""), check: "ci", want: Pass, message: pass},
		{name: "push too, the call sets it true", files: reusable("  push:\n"+call, boolean, "    with:\n      race: true\n", ""), check: "ci", want: Pass, message: pass},
		{name: "the call gives an expression", files: reusable(call, boolean, "    with:\n      race: ${{ github.event_name == 'push' }}\n", ""), check: "ci", want: Pass, message: pass},
		{name: "an input of type string is a string", files: reusable(call, "        type: string\n", "    with:\n      race: false\n", ""), check: "ci", want: Pass, message: pass},
		{name: "the job's if", files: withFiles(reusable(call, boolean, "    with:\n      race: false\n", "    if: inputs.race\n"),
			map[string]string{".github/workflows/lint.yml": "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: golangci-lint run\n"}),
			check: "ci", want: Warn, message: noRace},
	})
}
