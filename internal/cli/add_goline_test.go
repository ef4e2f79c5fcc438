package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestAddGoLineInAWorkspace adds otel to a module of a workspace whose go lines say 1.26,
// while the OpenTelemetry modules declare go 1.26.0: the go command would raise the
// module's line to 1.26.0, and a go.work that still said 1.26 would then refuse the
// module. 1.26.0 is the release form of the same language version: without
// --allow-go-bump, go.mod and go.work are written so together, a note says the code's
// meaning stays, and the workspace builds.
func TestAddGoLineInAWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	dir := gitRepo(t, map[string]string{
		"go.work":     "go 1.26\n\nuse (\n\t./lib\n\t./svc\n)\n",
		"lib/go.mod":  "module example.com/lib\n\ngo 1.26\n",
		"lib/lib.go":  "// Package lib greets.\npackage lib\n\n// Greeting is a greeting.\nconst Greeting = \"hello\"\n",
		"svc/go.mod":  "module example.com/svc\n\ngo 1.26\n",
		"svc/main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n",
	})
	r := run(t, dir, "add", "--yes", "otel")
	if r.code != ExitOK {
		t.Fatalf("add otel: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "wrote the go line 1.26 as 1.26.0") || !strings.Contains(r.stderr, "needs go 1.26.0") {
		t.Errorf("no note of the go line written as 1.26.0 and of the requirement that needs it:\n%s", r.stderr)
	}
	for _, f := range []string{"svc/go.mod", "go.work"} {
		if !strings.Contains("\n"+readFile(t, dir, f), "\ngo 1.26.0\n") {
			t.Errorf("%s not raised to go 1.26.0:\n%s", f, readFile(t, dir, f))
		}
	}
	cmd := exec.Command("go", "vet", "./svc/...", "./lib/...")
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), goCaches()...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet in the workspace: %v\n%s", err, out)
	}
}

// TestAddFollowsTheModulesGoLineInAWorkspace adds to a module of a workspace whose go.work
// says go 1.26.0 while the module's go.mod says less, as written: the image add writes
// builds the module without go.work (its context is the module's directory), so its
// golang image follows go.mod's go line, while the GitLab CI job runs in the checkout,
// under go.work, so its image follows go.work's (an older one, GOTOOLCHAIN=local, could
// not run it); go.mod's line stays byte for byte as the user wrote it where nothing the
// added code requires needs a newer one; the first line add prints quotes it as written.
func TestAddFollowsTheModulesGoLineInAWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	tests := []struct {
		name, goLine string
		components   []string
	}{
		{"an older language version", "1.25", []string{"docker", "ci"}},
		{"the language version without its release", "1.26", []string{"shutdown", "docker", "ci"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			goMod := "module example.com/svc\n\ngo " + tt.goLine + "\n"
			dir := gitRepo(t, map[string]string{
				"go.work":        "go 1.26.0\n\nuse ./svc\n",
				".gitlab-ci.yml": "stages: [test]\n",
				"svc/go.mod":     goMod,
				"svc/main.go":    "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n",
			})
			r := run(t, dir, append([]string{"add", "--yes", "--main", "./svc", "--ci", "gitlab"}, tt.components...)...)
			if r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
			}
			if want := "module example.com/svc (go " + tt.goLine + ")\n"; !strings.Contains(r.stderr, want) {
				t.Errorf("add does not quote go.mod's go line as written, %q:\n%s", want, r.stderr)
			}
			if df := readFile(t, dir, "svc/Dockerfile"); !strings.Contains(df, "\nFROM golang:"+tt.goLine+" AS build\n") {
				t.Errorf("the image is not of go.mod's go line %s:\n%s", tt.goLine, df)
			}
			if job := readFile(t, dir, ".gitlab/gonew-prod.yml"); !strings.Contains(job, "\n  image: golang:1.26\n") {
				t.Errorf("the GitLab CI job's image is not of go.work's go line 1.26.0:\n%s", job)
			}
			if mod := readFile(t, dir, "svc/go.mod"); !strings.HasPrefix(mod, goMod) {
				t.Errorf("go.mod's go line changed:\n%s", mod)
			}
			if work := readFile(t, dir, "go.work"); work != "go 1.26.0\n\nuse ./svc\n" {
				t.Errorf("go.work changed:\n%s", work)
			}
		})
	}
}

// TestAddInAWorkspace adds to a module of a workspace that imports another module of it
// through go.work alone, as workspaces are meant to be used. The scratch copy where add
// runs go mod tidy is in no workspace, so the other module must be given to it, and
// taken out of the go.mod add writes; go vet runs in the workspace, as the user builds.
func TestAddInAWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	const main = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/\", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(lib.Greeting)) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n"
	workspace := func(svcMod string) map[string]string {
		return map[string]string{
			"go.work":     "go 1.26.0\n\nuse (\n\t./lib\n\t./svc\n)\n",
			"lib/go.mod":  "module example.com/lib\n\ngo 1.26.0\n",
			"lib/lib.go":  "// Package lib greets.\npackage lib\n\n// Greeting is a greeting.\nconst Greeting = \"hello\"\n",
			"svc/go.mod":  svcMod,
			"svc/main.go": main,
		}
	}
	vet := func(t *testing.T, dir string) {
		t.Helper()
		cmd := exec.Command("go", "vet", "./svc/...", "./lib/...")
		cmd.Dir = dir
		cmd.Env = append(cmd.Environ(), goCaches()...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go vet in the workspace: %v\n%s", err, out)
		}
	}

	t.Run("imported through go.work alone", func(t *testing.T) {
		dir := gitRepo(t, workspace("module example.com/svc\n\ngo 1.26.0\n"))
		vet(t, dir)
		before := treetest.Describe(t, dir)
		r := run(t, dir, "add", "--yes", "docker")
		wantCode(t, r, ExitUsage, "add docker")
		if !strings.Contains(r.stderr, "svc/go.mod does not require example.com/lib") || !strings.Contains(r.stderr, "leave out docker") {
			t.Errorf("docker is not refused for the module only the workspace provides:\n%s", r.stderr)
		}
		if after := treetest.Describe(t, dir); !equalTrees(before, after) {
			t.Fatalf("a refused add changed the tree:\n%s", treeDiff(before, after))
		}
		r = run(t, dir, "add", "--yes", "shutdown", "version")
		if r.code != ExitOK {
			t.Fatalf("add shutdown version: exit %d\n%s", r.code, r.stderr)
		}
		mod := readFile(t, dir, "svc/go.mod")
		if strings.Contains(mod, "example.com/lib") || !strings.Contains(mod, "go.uber.org/goleak") {
			t.Errorf("svc/go.mod should have the new requirements and nothing of the workspace's:\n%s", mod)
		}
		vet(t, dir)
	})

	t.Run("update gates the module in the workspace", func(t *testing.T) {
		dir := gitRepo(t, workspace("module example.com/svc\n\ngo 1.26.0\n"))
		if r := run(t, dir, "add", "--yes", "shutdown"); r.code != ExitOK {
			t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
		}
		gitCommit(t, dir)
		const health = "svc/internal/platform/health/health.go"
		want := readFile(t, dir, health)
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(health))); err != nil {
			t.Fatal(err)
		}
		gitCommit(t, dir)
		r := run(t, dir, "update", "--recreate", health)
		if r.code != ExitOK {
			t.Fatalf("update --recreate: exit %d\n%s", r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "go test -race ./...") || readFile(t, dir, health) != want {
			t.Errorf("the update was not gated, or did not bring the file back:\n%s", r.stderr)
		}
		if mod := readFile(t, dir, "svc/go.mod"); strings.Contains(mod, "example.com/lib") {
			t.Errorf("svc/go.mod got the workspace's module:\n%s", mod)
		}
	})

	t.Run("a required version the workspace does not replace", func(t *testing.T) {
		dir := gitRepo(t, workspace("module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n"))
		vet(t, dir)
		before := treetest.Describe(t, dir)
		r := run(t, dir, "add", "--yes", "shutdown", "version")
		if r.code == ExitOK {
			t.Fatalf("add wrote a module that go vet refuses in its workspace:\n%s", r.stderr)
		}
		if !strings.Contains(r.stderr, "replace example.com/lib v0.0.0 => ./lib") {
			t.Errorf("the refusal does not say how to mend the workspace:\n%s", r.stderr)
		}
		if after := treetest.Describe(t, dir); !equalTrees(before, after) {
			t.Fatalf("a refused add changed the tree:\n%s", treeDiff(before, after))
		}
	})

	t.Run("a requirement go.work replaces with a directory", func(t *testing.T) {
		files := workspace("module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/lib v1.0.0\n")
		files["go.work"] += "\nreplace example.com/lib v1.0.0 => ./lib\n"
		dir := gitRepo(t, files)
		vet(t, dir)
		r := run(t, dir, "add", "--yes", "docker")
		wantCode(t, r, ExitUsage, "add docker")
		if !strings.Contains(r.stderr, "go.work replaces example.com/lib, which svc/go.mod requires, with the directory") {
			t.Errorf("docker is not refused for a requirement only go.work resolves:\n%s", r.stderr)
		}
	})

	t.Run("the workspace above the directory", func(t *testing.T) {
		dir := gitRepo(t, workspace("module example.com/svc\n\ngo 1.26.0\n"))
		r := run(t, dir, "add", "--dir", "svc", "--yes", "shutdown")
		wantCode(t, r, ExitUsage, "add --dir svc")
		// The advice is the command given, run from the workspace's directory: followed,
		// it adds what was asked, not what audit finds missing.
		m := regexp.MustCompile(`run add in the workspace's directory, gonew-prod (add --dir \S+ --main \./svc --yes shutdown), or`).FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("add below the workspace does not send the user to its directory with the command given:\n%s", r.stderr)
		}
		wantCode(t, run(t, filepath.Join(dir, "svc"), strings.Fields(m[1])...), ExitOK, m[1])
		if rec := readRecord(t, dir); !slices.Equal(rec.Components, []string{"shutdown"}) {
			t.Errorf("the advised add recorded %v, want [shutdown]", rec.Components)
		}
	})
}

// TestAddGoBumpWithPinnedDefaults: when go.mod's godebug block or a //go:debug of the
// main package pins the GODEBUG defaults (default=), raising the go line leaves them as
// they are: the note says so and names the pin, and never advises a second default=
// (the last one wins, which would change them).
func TestAddGoBumpWithPinnedDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy")
	}
	tests := []struct {
		name, goMod, main, want string
	}{
		{"go.mod", "module example.com/acme/inventory\n\ngo 1.25.0\n\ngodebug (\n\tdefault=go1.21\n)\n", service["main.go"],
			"the GODEBUG defaults stay as go.mod:6's `godebug default=go1.21` pins them"},
		{"go:debug", "module example.com/acme/inventory\n\ngo 1.25.0\n", "//go:debug default=go1.21\n\n" + service["main.go"],
			"the GODEBUG defaults stay as main.go:1's `//go:debug default=go1.21` pins them"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{"go.mod": tt.goMod, "main.go": tt.main})
			r := run(t, dir, "add", "--dry-run", "--allow-go-bump", "shutdown")
			if r.code != ExitOK {
				t.Fatalf("add --dry-run --allow-go-bump: exit %d\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("the note does not say %q:\n%s", tt.want, r.stderr)
			}
			if strings.Contains(r.stderr, "godebug default=go1.25") || strings.Contains(r.stderr, "GODEBUG defaults are those of") {
				t.Errorf("the note says the defaults change, or advises a second default=:\n%s", r.stderr)
			}
		})
	}
}

// TestAddGoBumpNamesOldGoPins: raising the go line breaks the repository's own builds that
// pin an older Go (the golang images set GOTOOLCHAIN=local; setup-go installs what it is
// told): the note names each, with file:line, and leaves alone the pins that are new
// enough, the files of another module and the comments. A .gitlab-ci.yml that add ci
// only appends its include: block to keeps the user's pins, named too.
func TestAddGoBumpNamesOldGoPins(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy")
	}
	for _, args := range [][]string{{"shutdown"}, {"--ci", "gitlab", "shutdown", "ci"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) { testOldGoPins(t, args) })
	}
}

func testOldGoPins(t *testing.T, args []string) {
	dir := serviceWith(t, map[string]string{
		"go.mod":                   "module example.com/acme/inventory\n\ngo 1.22\n",
		"Dockerfile":               "ARG GO=1.23\nFROM golang:${GO}-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM golang:1.26 AS lint\n\nFROM alpine:3.19\nCOPY --from=build /app /app\n",
		"deploy/Dockerfile.tools":  "# FROM golang:1.20\nFROM --platform=$BUILDPLATFORM docker.io/library/golang:1.21.5-bookworm\n",
		"tools/go.mod":             "module example.com/acme/tools\n\ngo 1.20\n",
		"tools/Dockerfile":         "FROM golang:1.20\n",
		".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: golang:1.26.0\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n",
		".gitlab-ci.yml":           "test:\n  image: golang:1.24\n  script:\n    - go test ./...\n",
	})
	r := run(t, dir, append([]string{"add", "--dry-run", "--allow-go-bump"}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("add --dry-run --allow-go-bump %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	var note string
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.Contains(l, "older Go") {
			note = l
		}
	}
	for _, want := range []string{"Dockerfile:2 golang:1.23-alpine", "deploy/Dockerfile.tools:2 golang:1.21.5-bookworm", ".github/workflows/ci.yml:10 go-version: 1.22", ".gitlab-ci.yml:2 golang:1.24", "GOTOOLCHAIN=local"} {
		if !strings.Contains(note, want) {
			t.Errorf("the note of the old Go pins does not name %q:\n%s", want, r.stderr)
		}
	}
	for _, not := range []string{"golang:1.26", "1.20", "tools/Dockerfile"} {
		if strings.Contains(note, not) {
			t.Errorf("the note names %q, which is new enough, another module's or a comment:\n%s", not, note)
		}
	}
}
