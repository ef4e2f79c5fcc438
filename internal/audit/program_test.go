package audit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestProgramsStayApart audits a repository whose two services share packages, one
// of them importing a package the other does not: each service's verdicts are those
// it gets alone in the repository, although both programs are views of one index.
func TestProgramsStayApart(t *testing.T) {
	files := map[string]string{
		"go.mod": "module example.test/mono\n\ngo 1.26\n",
		"internal/probes/probes.go": `package probes

import "net/http"

// Register answers the probes on mux.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("/healthz", ok)
	mux.HandleFunc("/readyz", ok)
}

func ok(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }
`,
		"internal/shop/shop.go": `package shop

import "net/http"

// Routes registers the shop's routes on mux.
func Routes(mux *http.ServeMux) { mux.HandleFunc("/orders", list) }

func list(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }
`,
		"internal/profiling/profiling.go": `package profiling

import (
	"net/http"
	_ "net/http/pprof"
)

func init() { go http.ListenAndServe(":6060", nil) }
`,
		"cmd/a/main.go": `package main

import (
	"net/http"

	"example.test/mono/internal/probes"
	"example.test/mono/internal/shop"
)

func main() {
	mux := http.NewServeMux()
	probes.Register(mux)
	shop.Routes(mux)
	http.ListenAndServe(":8080", mux)
}
`,
		"cmd/b/main.go": `package main

import (
	"net/http"

	_ "example.test/mono/internal/profiling"
	"example.test/mono/internal/shop"
)

func main() {
	mux := http.NewServeMux()
	shop.Routes(mux)
	http.ListenAndServe(":8081", mux)
}
`,
	}
	both := mainResults(t, files)
	if got := both["cmd/a"]["health"].Status; got != Pass {
		t.Errorf("cmd/a health %s, want PASS: %+v", got, both["cmd/a"]["health"])
	}
	if got := both["cmd/b"]["health"].Status; got == Pass {
		t.Errorf("cmd/b health PASS with the probes only cmd/a registers: %+v", both["cmd/b"]["health"])
	}
	if got := both["cmd/b"]["pprof"].Status; got != Fail {
		t.Errorf("cmd/b pprof %s, want FAIL: %+v", got, both["cmd/b"]["pprof"])
	}
	if got := both["cmd/a"]["pprof"].Status; got == Fail {
		t.Errorf("cmd/a pprof FAIL with profiling only cmd/b imports: %+v", both["cmd/a"]["pprof"])
	}
	for _, dir := range []string{"cmd/a", "cmd/b"} {
		alone := maps.Clone(files)
		for name := range alone {
			if strings.HasPrefix(name, "cmd/") && !strings.HasPrefix(name, dir+"/") {
				delete(alone, name)
			}
		}
		want := mainResults(t, alone)[dir]
		for id, res := range both[dir] {
			if !reflect.DeepEqual(res, want[id]) {
				t.Errorf("%s %s beside another service:\n%+v\nalone:\n%+v", dir, id, res, want[id])
			}
		}
	}
}

// mainResults audits files with every check and returns the results of the main
// packages' checks by main and check.
func mainResults(t *testing.T, files map[string]string) map[string]map[string]Result {
	t.Helper()
	rep, err := Run(context.Background(), openInline(t, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]Result{}
	for _, res := range rep.Results {
		if res.Main == "" {
			continue
		}
		if out[res.Main] == nil {
			out[res.Main] = map[string]Result{}
		}
		out[res.Main][res.Check] = res
	}
	return out
}

// TestIndexGroups groups main packages by whether their programs can share an index:
// not when two distinct packages of theirs share an import path.
func TestIndexGroups(t *testing.T) {
	lib := &repo.Package{ImportPath: "example.test/m/lib"}
	twin := &repo.Package{ImportPath: "example.test/m/lib"} // a second module of the same path
	main := func(dir string, pkgs ...*repo.Package) *repo.Main {
		return &repo.Main{Package: &repo.Package{ImportPath: "example.test/m/" + dir, Dir: dir}, Program: pkgs}
	}
	a, b, c, d := main("a", lib), main("b", lib), main("c", twin), main("d")
	for _, m := range []*repo.Main{a, b, c, d} {
		m.Program = append([]*repo.Package{m.Package}, m.Program...)
	}
	got := indexGroups([]*repo.Main{a, b, c, d}, nil)
	want := [][]*repo.Main{{a, b, d}, {c}}
	if !reflect.DeepEqual(got, want) {
		var dirs [][]string
		for _, g := range got {
			var names []string
			for _, m := range g {
				names = append(names, m.Dir())
			}
			dirs = append(dirs, names)
		}
		t.Fatalf("groups %v, want [[a b d] [c]]", dirs)
	}
}

// TestTwinModulesMain: --main with an import path two modules' main packages share is
// refused as ambiguous, naming both directories.
func TestTwinModulesMain(t *testing.T) {
	files := map[string]string{}
	for _, dir := range []string{"a", "b"} {
		files[dir+"/go.mod"] = "module example.test/svc\n\ngo 1.26\n"
		files[dir+"/cmd/api/main.go"] = serveMain
	}
	_, err := Run(context.Background(), openInline(t, files), Options{Main: "example.test/svc/cmd/api"})
	if !errors.Is(err, ErrAmbiguousMain) || !strings.Contains(fmt.Sprint(err), "a/cmd/api, b/cmd/api") {
		t.Fatalf("error %v, want %v naming both", err, ErrAmbiguousMain)
	}
}
