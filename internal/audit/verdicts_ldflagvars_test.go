package audit

import "testing"

// TestLDFlagsUnsetVariables: a version or commit -X whose value is a Make or CI
// variable that nothing sets is empty in the binary (WARN), as a Dockerfile's is;
// one that the CI's env, a make command line, $GITHUB_ENV or the runner may set
// counts. A Makefile build no CI runs is left to the make command line someone types.
func TestLDFlagsUnsetVariables(t *testing.T) {
	const stamp = `-X main.version=$(VERSION) -X main.commit=$(COMMIT)`
	withMake := func(job string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Makefile":                      "build:\n\tCGO_ENABLED=0 go build -ldflags \"" + stamp + "\" -o bin/svc .\n",
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + job}
	}
	steps := "    steps:\n      - uses: actions/checkout@v4\n"
	github := func(job, run string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + job + steps + "      - run: |\n" + run}
	}
	const goBuild = `          CGO_ENABLED=0 go build -ldflags "-X main.version=$VERSION -X main.commit=${COMMIT}" -o dist/svc .` + "\n"
	runBuildCases(t, []buildCase{
		{name: "make: VERSION and COMMIT set nowhere", files: withMake(steps + "      - run: make build\n"), check: "ldflags", want: Warn,
			message: "the Makefile build (Makefile:2) sets -X main.version= and -X main.commit= from a variable with no value there (VERSION, COMMIT: neither the Makefile nor the CI that runs it (.github/workflows/release.yml:7) sets it, so make expands it to \"\"), so the binary reports an empty version"},
		// make gives the recipe's shell only the variables it exports (export,
		// .EXPORT_ALL_VARIABLES) and those of its environment or command line, the
		// Makefile's value over an environment's (checked with GNU make 4.3)
		{name: "make: $${VERSION}, the Makefile's VERSION := not exported", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": shellStamp("VERSION := 1.0\nCOMMIT := abc\n")}), check: "ldflags", want: Warn,
			message: "(VERSION, COMMIT: neither the CI that runs it (.github/workflows/release.yml:7) nor the Makefile, which sets VERSION, COMMIT without exporting them, sets it for the recipe's shell (make gives it only the variables it exports, export VERSION or .EXPORT_ALL_VARIABLES, and those of its environment or command line), so the recipe's shell expands it to \"\""},
		{name: "make: $${VERSION}, the word export in the Makefile's value", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": shellStamp("VERSION := $(shell git describe --match 'export-*')\nCOMMIT := abc\n")}), check: "ldflags", want: Warn,
			message: "(VERSION, COMMIT: neither the CI that runs it (.github/workflows/release.yml:7) nor the Makefile, which sets VERSION, COMMIT without exporting them"},
		{name: "make: $${VERSION}, one exported, one not", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": shellStamp("export VERSION := 1.0\nCOMMIT := abc\n")}), check: "ldflags", want: Warn,
			message: "(COMMIT: neither the CI that runs it (.github/workflows/release.yml:7) nor the Makefile, which sets COMMIT without exporting it, sets it"},
		{name: "make: $${VERSION}, export VERSION COMMIT", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": shellStamp("VERSION := 1.0\nCOMMIT := abc\nexport VERSION COMMIT\n")}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: $${VERSION}, .EXPORT_ALL_VARIABLES", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": shellStamp(".EXPORT_ALL_VARIABLES:\nVERSION := 1.0\nCOMMIT := abc\n")}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: $${VERSION}, VERSION := over the job env's", files: withFiles(withMake("    env:\n      VERSION: ${{ github.ref_name }}\n      COMMIT: ${{ github.sha }}\n"+steps+"      - run: make build\n"), map[string]string{"Makefile": shellStamp("VERSION := 1.0\nCOMMIT := abc\n")}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: $${VERSION}, VERSION := and the make command line", files: withFiles(withMake(steps+"      - run: make build VERSION=${{ github.ref_name }} COMMIT=${{ github.sha }}\n"), map[string]string{"Makefile": shellStamp("VERSION := 1.0\nCOMMIT := abc\n")}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: $${VERSION}, set on the recipe line", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": "VERSION := 1.0\nbuild:\n\tVERSION=$$(git describe --tags); COMMIT=$$(git rev-parse HEAD); go build -ldflags \"-X main.version=$${VERSION} -X main.commit=$${COMMIT}\" -o bin/svc .\n"}), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: set on the make command line", files: withMake(steps + "      - run: make build VERSION=${{ github.ref_name }} COMMIT=${{ github.sha }}\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		// $${VERSION} in a recipe is the shell's ${VERSION}, which make passes on: the
		// recipe's shell expands it, not make
		{name: "make: $${VERSION} and $${COMMIT}, the shell's, set nowhere", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": "build:\n\tgo build -ldflags \"-X main.version=$${VERSION} -X main.commit=$${COMMIT}\" -o bin/svc .\n"}), check: "ldflags", want: Warn,
			message: "(VERSION, COMMIT: neither the Makefile nor the CI that runs it (.github/workflows/release.yml:7) sets it, so the recipe's shell expands it to \"\" (make passes $${VERSION} on to it as ${VERSION})), so the binary reports an empty version"},
		{name: "make: $${VERSION}, the shell's, and $(COMMIT), make's, set nowhere", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": "build:\n\tgo build -ldflags \"-X main.version=$${VERSION} -X main.commit=$(COMMIT)\" -o bin/svc .\n"}), check: "ldflags", want: Warn,
			message: "so make expands COMMIT to \"\", and the recipe's shell ${VERSION} (make passes $${VERSION} on to it as ${VERSION})"},
		{name: "make: ${VERSION}, make's, set nowhere", files: withFiles(withMake(steps+"      - run: make build\n"), map[string]string{"Makefile": "build:\n\tgo build -ldflags \"-X main.version=${VERSION} -X main.commit=${COMMIT}\" -o bin/svc .\n"}), check: "ldflags", want: Warn,
			message: "sets it, so make expands it to \"\"), so the binary"},
		{name: "make: set by the job env", files: withMake("    env:\n      VERSION: ${{ github.ref_name }}\n      COMMIT: ${{ github.sha }}\n" + steps + "      - run: make build\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: no CI runs it", files: withFiles(withMake(steps+"      - run: go vet ./...\n"), nil), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "make: the runner's variables", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Makefile":                      "build:\n\tgo build -ldflags \"-X main.version=$(GITHUB_REF_NAME) -X main.commit=$(GITHUB_SHA)\" -o bin/svc .\n",
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + steps + "      - run: make build\n"}, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "github: VERSION and COMMIT set nowhere", files: github("", goBuild), check: "ldflags", want: Warn,
			message: "the CI build (.github/workflows/release.yml:8) sets -X main.version= and -X main.commit= from a variable with no value there (VERSION, COMMIT: no env of the workflow, job or step, nor the run script, sets it, and the runner does not)"},
		{name: "github: written to $GITHUB_ENV by an earlier step", files: github("", "          echo \"VERSION=$(git describe --tags)\" >> \"$GITHUB_ENV\"\n          echo \"COMMIT=$(git rev-parse HEAD)\" >> \"$GITHUB_ENV\"\n"+goBuild), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "github: set by the script", files: github("", "          VERSION=$(git describe --tags)\n          COMMIT=\"$GITHUB_SHA\"\n"+goBuild), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "github: set by the script after the build", files: github("", goBuild+"          VERSION=$(git describe --tags)\n          COMMIT=\"$GITHUB_SHA\"\n"), check: "ldflags", want: Warn, message: "from a variable with no value there (VERSION, COMMIT"},
		{name: "github: one set before the build, the other after", files: github("", "          VERSION=$(git describe --tags)\n"+goBuild+"          COMMIT=\"$GITHUB_SHA\"\n"), check: "ldflags", want: Warn, message: "from a variable with no value there (COMMIT"},
		{name: "github: an action that may export them", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + steps + "      - uses: example-org/version-env@v1\n      - run: |\n" + goBuild}, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "github: only actions that export nothing", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + steps + "      - uses: actions/setup-go@v5\n      - run: |\n" + goBuild}, check: "ldflags", want: Warn, message: "from a variable with no value there (VERSION, COMMIT"},
		{name: "gitlab: project CI/CD variables may set them", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "build:\n  script:\n    - go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o dist/svc .\n"}, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestLDFlagsFromCIVariables: -ldflags "$LDFLAGS" in a CI build is read with the
// value the workflow, job or step env, the run script or GitLab variables give
// LDFLAGS; with several values it is UNKNOWN, and set nowhere it is empty.
func TestLDFlagsFromCIVariables(t *testing.T) {
	const x = "-s -w -X main.version=${{ github.ref_name }} -X main.commit=${{ github.sha }}"
	const build = `go build -ldflags "$LDFLAGS" -o dist/svc .`
	github := func(job, stepEnv, run string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + job +
				"    steps:\n      - uses: actions/checkout@v4\n      - " + stepEnv + "run: |\n" + run + "          " + build + "\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "job env", files: github("    env:\n      LDFLAGS: "+x+"\n", "", ""), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "step env", files: github("", "env:\n          LDFLAGS: "+x+"\n        ", ""), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "assigned earlier in the run script", files: github("", "", "          LDFLAGS=\"-s -w -X main.version=$(git describe --tags) -X main.commit=$GITHUB_SHA\"\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "exported from a variable the script sets", files: github("", "", "          V=$(git describe --tags)\n          export LDFLAGS=\"-X main.version=$V -X main.commit=$GITHUB_SHA\"\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "GitLab variables", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".gitlab-ci.yml": "variables:\n  LDFLAGS: \"-X main.version=$CI_COMMIT_TAG -X main.commit=$CI_COMMIT_SHA\"\nbuild:\n  script:\n    - " + build + "\n"}, check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "two values", files: github("    env:\n      LDFLAGS: -s\n", "env:\n          LDFLAGS: -w\n        ", ""), check: "ldflags", want: Unknown, message: "passes -ldflags with $LDFLAGS, which this audit cannot expand"},
		{name: "set nowhere", files: github("", "", ""), check: "ldflags", want: Warn, message: "the CI build (.github/workflows/release.yml:8) injects no version or commit with -ldflags -X"},
	})
}

// shellStamp is a Makefile whose build stamps the version and commit from the
// recipe's shell's VERSION and COMMIT ($${VERSION}), after head.
func shellStamp(head string) string {
	return head + "build:\n\tgo build -ldflags \"-X main.version=$${VERSION} -X main.commit=$${COMMIT}\" -o bin/svc .\n"
}
