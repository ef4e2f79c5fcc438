package retrofit

import (
	"context"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// TestWorkspaceReplacePassed: a raise past the version a replace line of go.work names is
// found as one of go.mod's is (the go.mod the copy's go command reads before add has
// go.work's replacements, which take the place of go.mod's lines for the same module, as
// the go command reads them, and those of the other modules' go.mod files), and the
// refusal names the file that holds the line, as written there (a module of the
// workspace outside the repository by its absolute path). A line the workspace takes for
// the version alone, where the line it takes for the raised version names the same
// directory, is not passed.
func TestWorkspaceReplacePassed(t *testing.T) {
	const gin = "github.com/gin-gonic/gin"
	tests := []struct {
		name, goWork, goMod string
		other               string // other/go.mod's replace lines (another module of the workspace)
		outside             bool   // other is ../lib, outside the repository
		wantIn, wantNew     string // "" for no such raise; LIB: the absolute directory of ../lib
	}{
		{name: "another module's line", other: "replace " + gin + " v1.9.1 => ../forks/gin\n",
			wantIn: "other/go.mod", wantNew: "../forks/gin"},
		{name: "the line of a module outside the repository", other: "replace " + gin + " v1.9.1 => ../forks/gin\n", outside: true,
			wantIn: "LIB/go.mod", wantNew: "../forks/gin"},
		{name: "go.work's line takes the place of another module's", goWork: "replace " + gin + " v1.9.1 => ./forks/gin\n",
			other: "replace " + gin + " => ../other/gin\n", wantIn: "go.work", wantNew: "./forks/gin"},
		{name: "go.work's line", goWork: "replace " + gin + " v1.9.1 => ./forks/gin\n",
			wantIn: "go.work", wantNew: "./forks/gin"},
		{name: "go.mod's line", goMod: "replace " + gin + " v1.9.1 => ../forks/gin\n",
			wantIn: "svc/go.mod", wantNew: "../forks/gin"},
		{name: "go.work's line of the version takes the place of go.mod's of every version", goWork: "replace " + gin + " v1.9.1 => ./forks/gin\n",
			goMod: "replace " + gin + " => ../other/gin\n", wantIn: "go.work", wantNew: "./forks/gin"},
		{name: "go.work's line of the version and go.mod's of every version, of one directory", goWork: "replace " + gin + " v1.9.1 => ./forks/gin\n",
			goMod: "replace " + gin + " => ../forks/gin\n"},
		{name: "another module's line of the version, after go.mod's of every version of one directory",
			goMod: "replace " + gin + " => ../forks/gin\n", other: "replace " + gin + " v1.9.1 => ../forks/gin\n"},
		{name: "go.work's line of the version takes the place of go.mod's", goWork: "replace " + gin + " v1.9.1 => ./forks/gin\n",
			goMod: "replace " + gin + " v1.9.1 => ../other/gin\n", wantIn: "go.work", wantNew: "./forks/gin"},
		{name: "go.work's line of every version takes the place of go.mod's of the version", goWork: "replace " + gin + " => ./forks/gin\n",
			goMod: "replace " + gin + " v1.9.1 => ../other/gin\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			dir, other, lib := filepath.Join(top, "repo"), "other", filepath.Join(top, "lib")
			if tt.outside {
				other = "../lib"
			}
			goMod := "module example.com/svc\n\ngo 1.26\n\nrequire " + gin + " v1.9.1\n\n" + tt.goMod
			writeTestFile(t, dir, "svc/go.mod", goMod)
			writeTestFile(t, dir, other+"/go.mod", "module example.com/other\n\ngo 1.26\n\n"+tt.other)
			writeTestFile(t, dir, "go.work", "go 1.26\n\nuse ./svc\nuse ./"+other+"\n\n"+tt.goWork)
			p := &planner{t: &Target{Dir: dir, Module: &repo.Module{Dir: "svc"}, Repo: &repo.Repo{Work: &repo.Work{Path: "go.work", Dir: ".", Use: []string{"svc", path.Clean(other)}}}}}
			content, _ := os.ReadFile(filepath.Join(dir, "go.work"))
			ws, err := workspace.Parse(filepath.Join(dir, "go.work"), content, filepath.Join(dir, "svc"))
			if err != nil {
				t.Fatal(err)
			}
			p.ws = ws
			before, err := p.goModBefore("svc/go.mod", []byte(goMod), filepath.Join(dir, "svc"))
			if err != nil {
				t.Fatal(err)
			}
			tidied, err := modfile.Parse("go.mod", []byte("module example.com/svc\n\ngo 1.26\n\nrequire "+gin+" v1.12.0\n"), nil)
			if err != nil {
				t.Fatal(err)
			}
			r, _, _ := passedReplace(before, tidied, map[string]string{gin: "v1.9.1"})
			in, gotNew := "", ""
			if r != nil {
				r, in = p.replaceSource("svc/go.mod", []byte(goMod), r)
				gotNew = r.New.Path
			}
			if wantIn := strings.ReplaceAll(tt.wantIn, "LIB", lib); in != wantIn || gotNew != tt.wantNew {
				t.Errorf("passed line => %q in %q, want => %q in %q", gotNew, in, tt.wantNew, wantIn)
			}
			if p.blocked != nil {
				t.Errorf("looking for the line blocked the plan: %v", p.blocked)
			}
		})
	}
}

// TestBuildListUnread: when go list -m all cannot read the build list before add (here a
// requirement that cannot be fetched), the require lines of the go.mod are the user's
// versions, as before add read the build list, and a note of the plan names the go
// command's first error line, instead of a refusal.
func TestBuildListUnread(t *testing.T) {
	dir := t.TempDir()
	goMod := "module example.com/svc\n\ngo 1.16\n\nrequire example.invalid/lost v1.0.0\n"
	writeTestFile(t, dir, "go.mod", goMod)
	p := &planner{ctx: context.Background(), t: &Target{Dir: dir, Module: &repo.Module{Dir: "."}}, plan: &Plan{}}
	run := poststep.Runner{Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")}
	built, err := p.buildList(run, dir, "go.mod", []byte(goMod))
	if err != nil {
		t.Fatalf("buildList: %v, want the require lines", err)
	}
	if built["example.invalid/lost"] != "v1.0.0" || len(built) != 1 {
		t.Errorf("buildList = %v, want the require lines", built)
	}
	if len(p.plan.Notes) != 1 || !strings.Contains(p.plan.Notes[0], "could not be read (go list -m all: ") || !strings.Contains(p.plan.Notes[0], "module lookup disabled by GOPROXY=off") {
		t.Errorf("notes %q, want one naming the go command's error", p.plan.Notes)
	}
}

// TestGoError: the first line of a go command's output that says what went wrong, not its
// progress messages.
func TestGoError(t *testing.T) {
	out := "go: downloading example.com/a v1.0.0\n\ngo: example.com/a@v1.0.0: reading example.com/a/go.mod: 404 Not Found\nmore\n"
	if got, want := goError(out), "go: example.com/a@v1.0.0: reading example.com/a/go.mod: 404 Not Found"; got != want {
		t.Errorf("goError = %q, want %q", got, want)
	}
}

// TestNeedersOf: the refusal of a raise past a versioned replace names the component whose
// code needs it: otel, whose otelgin requires gin past the user's v1.9.1, not shutdown,
// which it brings with it; none when the graph reaches gin only at the user's version.
func TestNeedersOf(t *testing.T) {
	const gin = "github.com/gin-gonic/gin"
	const otelgin = "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	set, err := pinnedSet(generator.Answers{Framework: "gin", Features: []string{"shutdown", "otel"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, gin, graph string
		want             []string
	}{
		{name: "otelgin requires gin past the user's version", gin: set[gin],
			graph: "example.com/svc " + otelgin + "@" + set[otelgin] + "\n" + otelgin + "@" + set[otelgin] + " " + gin + "@v1.10.0\n",
			want:  []string{"otel"}},
		{name: "gin at the user's version only", gin: "v1.9.1",
			graph: "example.com/svc " + otelgin + "@" + set[otelgin] + "\n" + otelgin + "@" + set[otelgin] + " " + gin + "@v1.9.1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			goMod := "module example.com/svc\n\ngo 1.26\n\nrequire (\n"
			for _, m := range slices.Sorted(maps.Keys(set)) {
				v := set[m]
				if m == gin {
					v = tt.gin
				}
				goMod += "\t" + m + " " + v + "\n"
			}
			f, err := modfile.Parse("go.mod", []byte(goMod+")\n"), nil)
			if err != nil {
				t.Fatal(err)
			}
			p := &planner{ctx: context.Background(), t: &Target{Dir: t.TempDir(), Module: &repo.Module{Dir: "."}, Main: &repo.Main{Package: &repo.Package{Dir: "."}}},
				answers: generator.Answers{Module: "example.com/svc", Name: "svc", Framework: "gin", Go: "1.26", Features: []string{"shutdown", "otel"}},
				plan:    &Plan{Components: []string{"shutdown", "otel"}}}
			p.plan.Target = p.t
			if got := p.needersOf(tt.graph, f, gin, "v1.9.1"); !slices.Equal(got, tt.want) {
				t.Errorf("needersOf = %q, want %q", got, tt.want)
			}
		})
	}
	if got := neededBy([]string{"shutdown"}, []string{"shutdown", "otel", "k8s", "docker"}); !slices.Equal(got, []string{"otel", "k8s"}) {
		t.Errorf("neededBy = %q, want otel, k8s", got)
	}
}
