package audit

import "testing"

// TestLDFlagsGitHubStepShells: each GitHub step runs its own shell, so a $VERSION
// of a build step is set only by an env: of the workflow, job or step, its own
// script (before the build, on a line of its own or of the build), a $GITHUB_ENV
// line of an earlier step, the runner or an action; a NAME=value line written into
// $GITHUB_OUTPUT (a step output) or an assignment in another step's script leaves
// it empty there (WARN).
func TestLDFlagsGitHubStepShells(t *testing.T) {
	const build = "      - run: go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o bin/svc .\n"
	github := func(steps string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" + steps}
	}
	const unset = "from a variable with no value there (VERSION, COMMIT: no env of the workflow, job or step, nor the run script, sets it"
	runBuildCases(t, []buildCase{
		{name: "written to $GITHUB_OUTPUT by an earlier step", files: github("      - id: v\n        run: |\n          echo \"VERSION=$(git describe --tags --always)\" >> \"$GITHUB_OUTPUT\"\n          echo \"COMMIT=$(git rev-parse HEAD)\" >> $GITHUB_OUTPUT\n" + build),
			check: "ldflags", want: Warn, message: unset},
		{name: "piped into tee $GITHUB_OUTPUT", files: github("      - run: |\n          echo \"VERSION=$(git describe --tags)\" | tee -a \"$GITHUB_OUTPUT\"\n          echo \"COMMIT=$GITHUB_SHA\" | tee -a \"$GITHUB_OUTPUT\"\n" + build),
			check: "ldflags", want: Warn, message: unset},
		{name: "assigned in an earlier step's shell", files: github("      - run: |\n          VERSION=$(git describe --tags --always)\n          COMMIT=$(git rev-parse HEAD)\n" + build),
			check: "ldflags", want: Warn, message: unset},
		{name: "exported in an earlier step's shell", files: github("      - run: |\n          export VERSION=$(git describe --tags --always)\n          export COMMIT=$(git rev-parse HEAD)\n" + build),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"}, // left as may be set, as before
		{name: "assigned on the build's own line", files: github("      - run: VERSION=$(git describe --tags); COMMIT=$(git rev-parse HEAD); go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o bin/svc .\n"),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "written to $GITHUB_ENV by an earlier step", files: github("      - run: |\n          echo \"VERSION=$(git describe --tags)\" >> \"$GITHUB_ENV\"\n          echo \"COMMIT=$(git rev-parse HEAD)\" >> \"$GITHUB_ENV\"\n" + build),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "a heredoc into $GITHUB_ENV", files: github("      - run: |\n          cat >> \"$GITHUB_ENV\" <<EOF\n          VERSION=$(git describe --tags)\n          COMMIT=$(git rev-parse HEAD)\n          EOF\n" + build),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "step output read through the step's env", files: github("      - id: v\n        run: |\n          echo \"VERSION=$(git describe --tags)\" >> \"$GITHUB_OUTPUT\"\n          echo \"COMMIT=$GITHUB_SHA\" >> \"$GITHUB_OUTPUT\"\n      - env:\n          VERSION: ${{ steps.v.outputs.VERSION }}\n          COMMIT: ${{ steps.v.outputs.COMMIT }}\n  " + build[2:]),
			check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestLDFlagsGitInDockerStage: an -X value from $(git ...) in a Dockerfile RUN
// whose stage holds no .git (the ignore file leaves it out, or the COPY and ADD copy
// none) is empty, as git finds no repository there (WARN, naming why, as for
// debug.ReadBuildInfo); a stage that may hold .git, or git version, counts.
func TestLDFlagsGitInDockerStage(t *testing.T) {
	const x = `-ldflags "-X main.version=$(git describe --tags --always) -X main.commit=` + "`git rev-parse HEAD`" + `" `
	docker := func(copies, build string, extra map[string]string) map[string]string {
		f := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\n" + copies + "RUN CGO_ENABLED=0 go build " + build + "-o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	ignored := map[string]string{".dockerignore": "bin/\n.git\n"}
	runBuildCases(t, []buildCase{
		{name: ".dockerignore leaves .git out", files: docker("COPY . .\n", x, ignored), check: "ldflags", want: Warn, at: "Dockerfile:4",
			message: "the Dockerfile build (Dockerfile:4) sets -X main.version=$(git describe --tags --always) and -X main.commit=`git rev-parse HEAD` from git, but its stage holds no .git (.dockerignore leaves it out of the build context): git finds no repository there"},
		{name: "the COPY instructions copy no .git", files: docker("COPY go.mod main.go ./\n", x, nil), check: "ldflags", want: Warn,
			message: "from git, but its stage holds no .git (its COPY and ADD copy none from the build context)"},
		{name: "the version only, with -buildvcs=false", files: docker("COPY . .\n", `-buildvcs=false -ldflags "-X main.version=$(git describe --tags) -X main.commit=${COMMIT}" `, ignored), check: "ldflags", want: Warn,
			message: "sets -X main.version=$(git describe --tags) from git, but its stage holds no .git"},
		{name: "COPY . . may copy .git", files: docker("COPY . .\n", x, nil), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the stage clones the repository", files: docker("RUN git clone https://example.test/svc.git .\n", x, ignored), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "from build arguments", files: docker("COPY . .\nARG VERSION=dev\nARG COMMIT=none\n", `-ldflags "-X main.version=${VERSION} -X main.commit=${COMMIT}" `, ignored), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}
