package audit

import (
	"strings"
	"testing"
)

// TestCIStepIfOnMatrix checks a GitHub step whose if: reads the job's matrix: it is
// read with each job GitHub runs (after exclude: and include:), so a step whose if:
// is false in every one (a value the matrix never takes) does not count, and is
// named; one that is true in some job counts; one whose matrix comes from an
// expression (fromJSON) this audit cannot resolve makes a missing check UNKNOWN.
func TestCIStepIfOnMatrix(t *testing.T) {
	workflow := func(matrix, cond, run string) map[string]string {
		strategy := ""
		if matrix != "" {
			strategy = "    strategy:\n      matrix:" + matrix + "\n"
		}
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Makefile": ".PHONY: test\ntest:\n\tgo test -race ./...\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + strategy +
				"    steps:\n      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v8\n      - if: " + cond + "\n        run: " + run + "\n"}
	}
	const race = "go test -race ./..."
	const goes = "\n        go: ['1.24', '1.25']"
	const pass, never = "CI runs go vet, go test -race and a linter", "never runs (its step's if: "
	const unsure = "CI does not run go test -race in the files read; its go test -race at "
	lines := func(l ...string) string { return strings.Join(l, "\n") }
	runBuildCases(t, []buildCase{
		{name: "a value the matrix never takes", files: workflow(goes, "matrix.go == '1.23'", race), check: "ci", want: Warn,
			message: "CI does not run go test -race; its go test -race at .github/workflows/ci.yml:12 " + never + "matrix.go == '1.23' is false in every job of its matrix)"},
		{name: "!= each value the matrix takes", files: workflow(goes, "${{ matrix.go != '1.24' && matrix.go != '1.25' }}", race), check: "ci", want: Warn,
			message: never + "${{ matrix.go != '1.24' && matrix.go != '1.25' }} is false in every job of its matrix)"},
		{name: "a value the matrix takes", files: workflow(goes, "matrix.go == '1.25'", race), check: "ci", want: Pass, message: pass},
		{name: "a number of the matrix compared with a string", files: workflow("\n        go: [1.24, 1.25]", "matrix.go == '1.25'", race), check: "ci", want: Pass, message: pass},
		{name: "a number literal", files: workflow("\n        go: ['1.24', '1.25']", "${{ matrix.go == 1.25 }}", race), check: "ci", want: Pass, message: pass},
		{name: "strings compare ignoring case", files: workflow("\n        os: [Ubuntu-Latest]", "matrix.os == 'ubuntu-latest'", race), check: "ci", want: Pass, message: pass},
		{name: "an ordering no value holds", files: workflow(goes, "matrix.go > '1.25'", race), check: "ci", want: Warn, message: never},
		{name: "an ordering a value holds", files: workflow(goes, "matrix.go >= '1.25'", race), check: "ci", want: Pass, message: pass},
		{name: "a value include: adds", files: workflow(lines(goes, "        include:", "          - go: '1.23'"), "matrix.go == '1.23'", race), check: "ci", want: Pass, message: pass},
		{name: "a key include: adds to one job", files: workflow(lines(goes, "        include:", "          - go: '1.25'", "            race: true"), "matrix.race", race), check: "ci", want: Pass, message: pass},
		{name: "a key include: sets false", files: workflow(lines(goes, "        include:", "          - go: '1.25'", "            race: false"), "matrix.race", race), check: "ci", want: Warn, message: never},
		{name: "the value exclude: removes", files: workflow(lines(goes, "        os: [a, b]", "        exclude:", "          - go: '1.25'"), "matrix.go == '1.25'", race), check: "ci", want: Warn, message: never},
		{name: "a boolean compared with a string", files: workflow("\n        race: ['true']", "matrix.race == true", race), check: "ci", want: Warn, message: never},
		{name: "no matrix: matrix.go is null", files: workflow("", "matrix.go == '1.25'", race), check: "ci", want: Warn, message: never + "matrix.go == '1.25' is false: its job has no matrix)"},
		{name: "another context may make it true", files: workflow(goes, "matrix.go == '1.23' || github.ref == 'refs/heads/main'", race), check: "ci", want: Pass, message: pass},
		{name: "a make target under the step", files: workflow(goes, "matrix.go == '1.23'", "make test"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "values from fromJSON", files: workflow("\n        go: ${{ fromJSON(needs.setup.outputs.versions) }}", "matrix.go == '1.23'", race), check: "ci", want: Unknown,
			message: unsure + ".github/workflows/ci.yml:12 may count: its step's if: matrix.go == '1.23' reads matrix values this audit cannot resolve", at: ".github/workflows/ci.yml:11"},
		{name: "a matrix from fromJSON", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}\n" +
				"    steps:\n      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v8\n      - if: matrix.go == '1.23'\n        run: go test -race ./...\n"},
			check: "ci", want: Unknown, message: unsure},
		{name: "an include from fromJSON", files: workflow(lines(goes, "        include: ${{ fromJSON(needs.setup.outputs.include) }}"), "matrix.go == '1.23'", race), check: "ci", want: Unknown, message: unsure},
		{name: "a make target under a step on a fromJSON matrix", files: workflow("\n        go: ${{ fromJSON(needs.setup.outputs.versions) }}", "matrix.go == '1.23'", "make test"), check: "ci", want: Unknown,
			message: unsure + "Makefile:3 may count"},
		{name: "a fromJSON matrix, the race test also unconditional", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}\n" +
				"    steps:\n      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v8\n      - if: matrix.go == '1.23'\n        run: go test -race -short ./...\n      - run: go test -race ./...\n"},
			check: "ci", want: Pass, message: pass},
	})
}
