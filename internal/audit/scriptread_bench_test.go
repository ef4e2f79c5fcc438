package audit

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// benchmarkCI audits the ci check of a service whose CI runs files, b.N times.
func benchmarkCI(b *testing.B, files map[string]string) {
	benchmarkChecks(b, files, Options{Only: []string{"ci"}})
}

// benchmarkChecks audits a service whose CI runs files with opts, b.N times.
func benchmarkChecks(b *testing.B, files map[string]string, opts Options) {
	tree := fstest.MapFS{
		"go.mod":  {Data: []byte(buildGoMod)},
		"main.go": {Data: []byte(buildMainGo)},
	}
	for name, src := range files {
		tree[name] = &fstest.MapFile{Data: []byte(src)}
	}
	for b.Loop() {
		r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Run(context.Background(), r, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// lines returns n lines, line(i) for i from 1 to n.
func lines(n int, line func(i int) string) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		sb.WriteString(line(i) + "\n")
	}
	return sb.String()
}

// BenchmarkSourcedScript audits a CI script of 1000 lines each sourcing the same
// script of 1000 exports.
func BenchmarkSourcedScript(b *testing.B) {
	benchmarkCI(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sh ./ci.sh\n",
		"ci.sh":                    "#!/bin/sh\nset -e\n" + lines(1000, func(i int) string { return fmt.Sprintf("export V%d=1; . ./env.sh", i) }) + "go test -race ./...\n",
		"env.sh":                   lines(1000, func(i int) string { return fmt.Sprintf("export E%d=1", i) }),
	})
}

// BenchmarkScriptVariables audits a CI script of 5000 variables, each assigned on a
// line of its own before a go vet ./... (V1=1, go vet ./..., V2=2, ...).
func BenchmarkScriptVariables(b *testing.B) {
	benchmarkCI(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" +
			lines(5000, func(i int) string { return fmt.Sprintf("          V%d=%d\n          go vet ./...", i, i) }) + "          go test -race ./...\n",
	})
}

// BenchmarkSourcedLines audits every check of a service whose workflow's run block
// holds 100 lines each sourcing the same script of 1000 exports: each check that
// reads the CI's commands asks for them, and they are followed once.
func BenchmarkSourcedLines(b *testing.B) {
	benchmarkChecks(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" +
			lines(100, func(i int) string { return fmt.Sprintf("          export V%d=1; . ./env.sh", i) }) + "          go test -race ./...\n",
		"env.sh": lines(1000, func(i int) string { return fmt.Sprintf("export E%d=1", i) }),
	}, Options{})
}

// BenchmarkDockerRunSourced audits the static-image check of a Dockerfile of 1000
// RUNs each sourcing the same script of 1000 exports.
func BenchmarkDockerRunSourced(b *testing.B) {
	benchmarkChecks(b, map[string]string{
		"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + lines(1000, func(i int) string { return fmt.Sprintf("RUN . ./env.sh && echo %d", i) }) +
			"RUN go build -o /bin/svc .\n\nFROM scratch\nCOPY --from=build /bin/svc /svc\n",
		"env.sh": lines(1000, func(i int) string { return fmt.Sprintf("export E%d=1", i) }),
	}, Options{Only: []string{"static-image"}})
}

// TestDockerRunSourcedMemory: what a Dockerfile's RUN costs for each variable of a
// script it sources first, its log empty before it, stays near what it logs (about
// 170 bytes, under 220), not a map grown one variable at a time (about 265).
func TestDockerRunSourcedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates about 50 MB")
	}
	allocated := func(exports int) uint64 {
		tree := fstest.MapFS{
			"Dockerfile": {Data: []byte("FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + lines(200, func(i int) string { return fmt.Sprintf("RUN . ./env.sh && echo %d", i) }))},
			"env.sh":     {Data: []byte(lines(exports, func(i int) string { return fmt.Sprintf("export E%d=1", i) }))},
		}
		r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		parseDockerfile(r, "Dockerfile", []string{"."})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	base, full := allocated(0), allocated(1000)
	if per := (full - base) / (200 * 1000); per > 220 {
		t.Errorf("%d bytes for each variable a RUN's sourced script sets, want at most 220", per)
	}
}

// BenchmarkFallbacks audits a CI script of 4000 lines each opening a fallback
// group that is never closed (false || { cd svc), each || asking what its fallback
// holds up to the script's end.
func BenchmarkFallbacks(b *testing.B) {
	benchmarkCI(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" +
			lines(4000, func(int) string { return "          false || { cd $GITHUB_WORKSPACE" }) + "          go test -race ./...\n",
	})
}

// BenchmarkLineVariables audits a CI step running sh -c on a script of 5000 lines
// each assigning a variable after a command (go vet ./... && V1=1), one text whose
// commands each see the variables assigned before them.
func BenchmarkLineVariables(b *testing.B) {
	benchmarkCI(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          sh -c '\n" +
			lines(5000, func(i int) string { return fmt.Sprintf("          go vet ./... && V%d=%d", i, i) }) + "          go test -race ./...'\n",
	})
}

// BenchmarkCaseArms audits a CI script whose case has 4000 arms of one line each
// (t1) echo "target 1" ;;), each arm's last command asking where the case ends.
func BenchmarkCaseArms(b *testing.B) {
	benchmarkCI(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" +
			"          go vet ./...\n          go test -race ./...\n          case \"$TARGET\" in\n" +
			lines(4000, func(i int) string { return fmt.Sprintf("            t%d) echo \"target %d\" ;;", i, i) }) + "          esac\n",
	})
}

// BenchmarkOneshellRecipe audits CI that runs make ci, whose test recipe, under
// .ONESHELL, is one script of 16000 lines, each running a command.
func BenchmarkOneshellRecipe(b *testing.B) {
	benchmarkCI(b, map[string]string{
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make ci\n",
		"Makefile":                 ".ONESHELL:\nci: test\ntest:\n" + lines(16000, func(i int) string { return fmt.Sprintf("\techo %d", i) }) + "\tgo test -race ./...\n",
	})
}

// BenchmarkRunnerChain audits a CI that runs a chain of eight just recipes, each
// calling the next twice, the last of 131 commands: more than maxScriptCommands
// commands, read to that bound for the CI and for the builds of the justfile.
func BenchmarkRunnerChain(b *testing.B) {
	files := runnerChain("just", false, 8, 2, "go test ./...\n"+strings.Repeat("echo ok\n", 130))
	files[".github/workflows/ci.yml"] = runnerWorkflow("go vet ./...", "just s0")
	benchmarkCI(b, files)
}
