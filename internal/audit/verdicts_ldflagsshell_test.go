package audit

import (
	"context"
	"strings"
	"testing"
)

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

// TestScriptVars reads the shell variables a script assigns on lines of their own
// as each of its commands sees them (see command.scriptVar): the last assignment
// before the command, a value assigned again counted once, and neither an export
// nor an assignment after the command.
func TestScriptVars(t *testing.T) {
	text := "V=1\necho a\nV=2\nW=x\necho b\nV=2\necho c\nexport X=1\nV=4\necho d\nV=5\n"
	cmds, _, err := scriptCommands(context.Background(), openInlineAt(t, map[string]string{"go.mod": buildGoMod}, ""), "ci.sh", 1, text, &session{dir: "."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cmds {
		line := strings.Join(c.words, " ")
		for _, name := range []string{"V", "W", "X"} {
			if v, ok := c.scriptVar(name); ok {
				line += " " + name + "=" + v
			}
		}
		got = append(got, line)
	}
	want := []string{"echo a V=1", "echo b V=2 W=x", "echo c V=2 W=x", "export X=1 V=2 W=x", "echo d V=4 W=x"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the script's variables\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
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
			message: "the Dockerfile build (Dockerfile:4) sets -X main.version=$(git describe --tags --always) and -X main.commit=`git rev-parse HEAD` from git, but its stage holds no .git (.dockerignore leaves it out of the build context): git prints nothing there"},
		{name: "the COPY instructions copy no .git", files: docker("COPY go.mod main.go ./\n", x, nil), check: "ldflags", want: Warn,
			message: "from git, but its stage holds no .git (its COPY and ADD copy none from the build context)"},
		{name: "the version only, with -buildvcs=false", files: docker("COPY . .\n", `-buildvcs=false -ldflags "-X main.version=$(git describe --tags) -X main.commit=${COMMIT}" `, ignored), check: "ldflags", want: Warn,
			message: "sets -X main.version=$(git describe --tags) from git, but its stage holds no .git"},
		{name: "COPY . . may copy .git", files: docker("COPY . .\n", x, nil), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the stage clones the repository", files: docker("RUN git clone https://example.test/svc.git .\n", x, ignored), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "from build arguments", files: docker("COPY . .\nARG VERSION=dev\nARG COMMIT=none\n", `-ldflags "-X main.version=${VERSION} -X main.commit=${COMMIT}" `, ignored), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}

// TestLDFlagsSingleQuoted: a version or commit -X whose value holds a reference
// written inside single quotes reaches the linker as that text, since the shell
// expands nothing there (WARN): in a Dockerfile RUN, a CI run script and a Makefile
// recipe ($$ is make's escape of the shell's $). A GitHub expression, which the
// runner replaces before the shell runs, and a Make reference, which make expands
// before the shell sees the quotes, count.
func TestLDFlagsSingleQuoted(t *testing.T) {
	const warn = "inside single quotes, where the shell expands no reference, so the binary reports that text as its version"
	docker := func(flags string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nARG COMMIT=none\nRUN CGO_ENABLED=0 go build -ldflags " + flags + " -o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"}
	}
	github := func(flags string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/release.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go build -ldflags " + flags + " -o bin/svc .\n"}
	}
	makefile := func(vars, flags string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			"Makefile": vars + "build:\n\tCGO_ENABLED=0 go build -ldflags " + flags + " -o bin/svc .\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "Dockerfile: single quotes", files: docker(`'-X main.version=${VERSION} -X main.commit=${COMMIT}'`), check: "ldflags", want: Warn,
			message: "the Dockerfile build (Dockerfile:6) sets -X main.version=${VERSION} and -X main.commit=${COMMIT} " + warn},
		{name: "Dockerfile: double quotes", files: docker(`"-X main.version=${VERSION} -X main.commit=${COMMIT}"`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "Dockerfile: the commit only in single quotes", files: docker(`"-X main.version=$VERSION "'-X main.commit=$COMMIT'`), check: "ldflags", want: Warn,
			message: "sets -X main.commit=$COMMIT " + warn},
		{name: "Dockerfile: single quotes inside double quotes", files: docker(`"-X 'main.version=${VERSION}' -X 'main.commit=${COMMIT}'"`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "GitHub: single quotes", files: github(`'-X main.version=${GITHUB_REF_NAME} -X main.commit=$GITHUB_SHA'`), check: "ldflags", want: Warn,
			message: "sets -X main.version=${GITHUB_REF_NAME} and -X main.commit=$GITHUB_SHA " + warn},
		{name: "GitHub: expressions in single quotes", files: github(`'-X main.version=${{ github.ref_name }} -X main.commit=${{ github.sha }}'`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "Makefile: $$ in single quotes", files: makefile("", `'-X main.version=$${VERSION} -X main.commit=$${COMMIT}'`), check: "ldflags", want: Warn,
			message: "the Makefile build (Makefile:2) sets -X main.version=${VERSION} and -X main.commit=${COMMIT} " + warn},
		{name: "Makefile: make variables in single quotes", files: makefile("VERSION := 1.0.0\nCOMMIT := abc\n", `'-X main.version=$(VERSION) -X main.commit=$(COMMIT)'`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "Makefile: make variables left to the command line", files: makefile("", `'-X main.version=$(VERSION) -X main.commit=${COMMIT}'`), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}
