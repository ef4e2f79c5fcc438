package retrofit

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestWorkAbove places go.work files around a module as repositories have them, and
// checks which one add refuses for: one the go command would use for the module other
// than the repository's own go.work at its root.
func TestWorkAbove(t *testing.T) {
	const uses = "go 1.26.0\n\nuse ./svc\n"
	tests := []struct {
		name  string
		files map[string]string // below a parent directory; the repository is parent/repo
		env   []string
		want  string // in the refusal, "" for none
	}{
		{"no go.work", nil, nil, ""},
		{"the repository's own", map[string]string{"repo/go.work": uses}, nil, ""},
		{"above the repository", map[string]string{"go.work": "go 1.26.0\n\nuse ./repo/svc\n"}, nil, "--dir " + "PARENT --main ./repo/svc --yes --recreate=repo/Makefile makefile shutdown, or"},
		{"above, not using the module", map[string]string{"go.work": "go 1.26.0\n\nuse ./other\n"}, nil, ""},
		{"nested in the repository", map[string]string{"repo/go.work": "go 1.26.0\n\nuse ./x\n", "repo/svc/go.work": "go 1.26.0\n\nuse .\n"}, nil, "add --dir PARENT/repo/svc --yes --recreate=../Makefile makefile shutdown, or"},
		{"the repository's go.work found first", map[string]string{"go.work": "go 1.26.0\n\nuse ./repo/svc\n", "repo/go.work": "go 1.26.0\n\nuse ./x\n"}, nil, ""},
		{"GOWORK=off", map[string]string{"go.work": "go 1.26.0\n\nuse ./repo/svc\n"}, []string{"GOWORK=off"}, ""},
		{"GOWORK names one", map[string]string{"elsewhere/my.work": "go 1.26.0\n\nuse ../repo/svc\n"}, []string{"GOWORK=PARENT/elsewhere/my.work"}, "a directory that holds both"},
		{"does not parse", map[string]string{"go.work": "use (\n"}, nil, "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			for p, body := range tt.files {
				f := filepath.Join(parent, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			repoDir := filepath.Join(parent, "repo")
			var env []string
			for _, kv := range tt.env {
				env = append(env, strings.ReplaceAll(kv, "PARENT", parent))
			}
			// add's command line as the cli gives it: the flags, then the components.
			command := []string{"add", "--main=svc", "--yes", "--recreate=Makefile", "makefile", "shutdown"}
			_, err := workAbove(repoDir, filepath.Join(repoDir, "svc"), "svc", env, command)
			want := strings.ReplaceAll(tt.want, "PARENT", parent)
			switch {
			case want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("got %v, want a refusal with %q", err, want)
			}
		})
	}
}

// TestUsingWorkspaceGOWORK: add builds the module in the repository's go.work only when
// the go command uses that file for it, as update's gate does: not with GOWORK=off (the
// go command ignores go.work, whatever it holds), nor with GOWORK naming another file; with
// GOWORK=auto, unset, or naming the repository's go.work (through a symbolic link too), it
// does. So for the refusal of a workspace vendored by go work vendor (workspaceVendored).
func TestUsingWorkspaceGOWORK(t *testing.T) {
	tests := []struct {
		name string
		env  string // GOWORK's value, DIR for the repository's directory; unset when ""
		want bool   // the repository's go.work is the module's workspace
	}{
		{"GOWORK unset", "", true},
		{"GOWORK=auto", "auto", true},
		{"GOWORK=off", "off", false},
		{"GOWORK names the repository's go.work", "DIR/go.work", true},
		{"GOWORK names it through a link", "DIR/lnk/go.work", true},
		{"GOWORK names another go.work", "DIR/elsewhere/go.work", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestFile(t, dir, "go.work", "go 1.26\n\nuse ./svc\nuse ./lib\n")
			writeTestFile(t, dir, "elsewhere/go.work", "go 1.26\n\nuse ./lib\n")
			writeTestFile(t, dir, "svc/go.mod", "module example.com/svc\n\ngo 1.26\n")
			writeTestFile(t, dir, "lib/go.mod", "module example.com/lib\n\ngo 1.26\n")
			if err := os.Symlink(".", filepath.Join(dir, "lnk")); err != nil {
				t.Skip(err)
			}
			env := []string{"GOWORK="}
			if tt.env != "" {
				env = append(env, "GOWORK="+strings.ReplaceAll(tt.env, "DIR", dir))
			}
			r := &repo.Repo{Work: &repo.Work{Path: "go.work", Dir: ".", Use: []string{"svc", "lib"}}}
			p := &planner{ctx: t.Context(), t: &Target{Dir: dir, Module: &repo.Module{Dir: "svc"}, Repo: r}, opts: Options{Env: env},
				plan: &Plan{}, contents: map[string][]byte{}}
			ws, err := p.usingWorkspace()
			switch {
			case err != nil:
				t.Fatal(err)
			case tt.want && (ws == nil || ws.File != filepath.Join(dir, "go.work") || ws.Members["example.com/lib"] == ""):
				t.Errorf("workspace = %+v, want the repository's go.work with example.com/lib", ws)
			case !tt.want && ws != nil:
				t.Errorf("workspace = %+v, want none: the go command does not use the repository's go.work", ws)
			}
			// Vendored by go work vendor, it is refused only where the go command uses it.
			writeTestFile(t, dir, "vendor/modules.txt", "## workspace\n")
			var refusal *Refusal
			switch err := p.workspaceVendored(); {
			case tt.want && !errors.As(err, &refusal):
				t.Errorf("workspaceVendored: %v, want the refusal of a vendored workspace", err)
			case !tt.want && err != nil:
				t.Errorf("workspaceVendored: %v, want none: the go command does not use the vendored workspace", err)
			}
		})
	}
}

// TestDockerContextInAWorkspace: a Docker build of the module's directory has no go.work,
// so the docker component is refused where the line the go command applies in the
// workspace to a version go.mod requires is a directory of go.work's or of another
// module's go.mod (in go.work's use order, as workspace.Applied takes it) that go.mod's
// own lines do not name, go.work's line of a module of the workspace too; a line of
// another version, or one of go.mod's own directory, leaves docker alone. A module of the
// workspace that no line replaces is refused at a version the go command cannot
// download, which the image would download, but for a module with its own vendor/. So is an
// import of a module of the workspace go.mod does not require. A module with its own
// vendor/ gets the same refusals (the go command ignores vendor/ in the workspace, and
// vendor/ holds go.mod's replacements alone), but none for go.mod's own line of a
// directory outside the module, whose code vendor/ holds.
func TestDockerContextInAWorkspace(t *testing.T) {
	const x = "example.com/x"
	tests := []struct {
		name, goWork, goMod, other string // other: other/go.mod's replace lines
		require                    string // the module go.mod requires; example.com/x if ""
		version                    string // the version it requires; v1.0.0 if ""
		otherRequires              string // the version of example.com/x other/go.mod requires, if not ""
		otherRequiresY             bool   // other/go.mod requires example.com/y v1.0.0, whose go.mod requires x v1.1.0
		offline                    bool   // the go command reaches no proxy, with an empty module cache
		imports                    string // a package of the module imports it, if not ""
		vendored                   bool   // the module has a vendor/
		link                       bool   // lnk is a symbolic link to svc, which has x/
		want                       string // in the refusal, "" for none
	}{
		{name: "nothing replaced"},
		{name: "another module's line of every version", other: "replace " + x + " => ../x\n",
			want: "other/go.mod replaces example.com/x, which svc/go.mod requires, with the directory ../x: a Docker build of the module's directory has no go.work, builds the required version instead"},
		{name: "another module's line of the version", other: "replace " + x + " v1.0.0 => ../x\n", want: "other/go.mod replaces example.com/x"},
		{name: "another module's line of another version", other: "replace " + x + " v1.1.0 => ../x\n"},
		{name: "another module's line, the directory of go.mod's own", goMod: "replace " + x + " => ./x\n", other: "replace " + x + " => ../svc/x\n"},
		{name: "another module's line of every version, later in use order than go.mod's of the version", goMod: "replace " + x + " v1.0.0 => ./x\n", other: "replace " + x + " => ../x\n",
			want: "other/go.mod replaces example.com/x, which svc/go.mod requires, with the directory ../x: a Docker build of the module's directory has no go.work, builds svc/go.mod's replacement (./x) instead"},
		{name: "go.work's line", goWork: "replace " + x + " => ./x\n", want: "go.work replaces example.com/x, which svc/go.mod requires, with the directory ./x"},
		{name: "go.work's line over go.mod's", goWork: "replace " + x + " => ./x\n", goMod: "replace " + x + " => ./x\n", want: "go.work replaces example.com/x"},
		{name: "go.work's line over another module's", goWork: "replace " + x + " v1.0.0 => ./svc/x\n", goMod: "replace " + x + " => ./x\n", other: "replace " + x + " => ../x\n"},
		{name: "go.work's line of a module of the workspace", goWork: "replace example.com/other v1.0.0 => ./other\n", require: "example.com/other",
			want: "go.work replaces example.com/other, which svc/go.mod requires, with the directory ./other"},
		{name: "a module of the workspace go.work does not replace, at a published version", require: "example.com/other", version: "v1.1.0"},
		{name: "a module of the workspace go.work does not replace, at a version never published", require: "example.com/other",
			want: "svc/go.mod requires example.com/other v1.0.0, a module of the workspace go.work that no replace line gives a directory: the image builds the module without go.work (its build stage sets GOWORK=off) and downloads that version, which the go command cannot fetch here (go mod download example.com/other: "},
		{name: "a module of the workspace go.work does not replace, at the zero pseudo-version", require: "example.com/other", version: "v0.0.0-00010101000000-000000000000",
			want: "svc/go.mod requires example.com/other v0.0.0-00010101000000-000000000000, a module of the workspace go.work that no replace line gives a directory"},
		{name: "vendored, a module of the workspace go.work does not replace, at a version never published", require: "example.com/other", vendored: true},
		{name: "go.work's line of a module version", goWork: "replace " + x + " => example.com/fork v1.0.0\n"},
		{name: "go.mod's own line alone", goMod: "replace " + x + " => ./x\n"},
		{name: "go.work's line of the higher version another module requires", goWork: "replace " + x + " v1.1.0 => ./x\n", goMod: "replace " + x + " v1.0.0 => ./x\n", otherRequires: "v1.1.0",
			want: "go.work replaces example.com/x v1.1.0, the version the workspace builds (svc/go.mod requires v1.0.0), with the directory ./x: a Docker build of the module's directory has no go.work, builds svc/go.mod's replacement (./x) instead"},
		{name: "another module's line of the higher version it requires", other: "replace " + x + " v1.1.0 => ../x\n", otherRequires: "v1.1.0", want: "other/go.mod replaces example.com/x v1.1.0"},
		{name: "go.work's line of go.mod's version, another module requiring a higher one", goWork: "replace " + x + " v1.0.0 => ./x\n", otherRequires: "v1.1.0"},
		{name: "go.work's line of the version, another module requiring a lower one", goWork: "replace " + x + " v1.0.0 => ./x\n", otherRequires: "v0.9.0", want: "go.work replaces example.com/x, which svc/go.mod requires,"},
		{name: "go.work's line of the higher version a dependency's go.mod requires", goWork: "replace " + x + " v1.1.0 => ./x\n", otherRequiresY: true,
			want: "go.work replaces example.com/x v1.1.0, the version the workspace builds (svc/go.mod requires v1.0.0), with the directory ./x"},
		{name: "go.work's line of go.mod's version, a dependency's go.mod requiring a higher one", goWork: "replace " + x + " v1.0.0 => ./x\n", otherRequiresY: true},
		{name: "go.work's line of a version, the go command failing", goWork: "replace " + x + " v1.0.0 => ./x\n", otherRequiresY: true, offline: true,
			want: "a replace line of go.work or of a go.mod of its modules names a version of example.com/x, which svc/go.mod requires, so whether the image (built without go.work) builds the same copy depends on the version the workspace builds, which the go command did not say: go list -m example.com/x in the workspace"},
		{name: "go.work's line of go.mod's own directory through a symbolic link", goWork: "replace " + x + " => ./lnk/x\n", goMod: "replace " + x + " => ./x\n", link: true},
		{name: "go.work's line of a directory inside the module", goWork: "replace " + x + " => ./svc/x\n",
			want: "go.work replaces example.com/x, which svc/go.mod requires, with the directory ./svc/x, inside the module: a Docker build of the module's directory has no go.work and builds the required version instead; give svc/go.mod the same replacement, `replace example.com/x => ./x`, or leave out docker"},
		{name: "go.work's line of a directory inside the module, go.mod's own line of the version elsewhere", goWork: "replace " + x + " => ./svc/x\n", goMod: "replace " + x + " v1.0.0 => ./y\n",
			want: "has no go.work and builds svc/go.mod's replacement (./y) instead; give svc/go.mod the same replacement, `replace example.com/x v1.0.0 => ./x`, or leave out docker"},
		{name: "go.work's line of a directory inside the module, go.mod giving the same", goWork: "replace " + x + " => ./svc/x\n", goMod: "replace " + x + " => ./x\n"},
		{name: "go.work's line of a directory inside the module whose name holds a space, vendored", goWork: "replace " + x + " => \"./svc/a b\"\n", vendored: true,
			want: "give svc/go.mod the same replacement, `replace example.com/x => \"./a b\"` (then go mod vendor), or leave out docker"},
		{name: "go.work's line of a directory inside the module whose name holds a space", goWork: "replace " + x + " => \"./svc/a b\"\n",
			want: "rename the directory, whose name a Dockerfile cannot take unquoted (only letters, digits and . _ ~ + - /), and give svc/go.mod the same replacement, or leave out docker"},
		{name: "go.mod's own line outside the module", goMod: "replace " + x + " => ../x\n", want: "outside the module"},
		{name: "an import of a module of the workspace go.mod does not require", imports: "example.com/other/pkg",
			want: "svc/go.mod does not require example.com/other, which the module imports through the workspace go.work"},
		{name: "vendored, go.work's line", goWork: "replace " + x + " => ./x\n", goMod: "replace " + x + " => ./x\n", vendored: true,
			want: "go.work replaces example.com/x, which svc/go.mod requires, with the directory ./x"},
		{name: "vendored, another module's line", other: "replace " + x + " => ../x\n", vendored: true, want: "other/go.mod replaces example.com/x"},
		{name: "vendored, an import of a module of the workspace go.mod does not require", imports: "example.com/other", vendored: true,
			want: "svc/go.mod does not require example.com/other"},
		{name: "vendored, go.mod's own line outside the module", goMod: "replace " + x + " => ../x\n", vendored: true},
		{name: "vendored, go.work's line of go.mod's own directory", goWork: "replace " + x + " => ./svc/x\n", goMod: "replace " + x + " => ./x\n", vendored: true},
	}
	env := proxyOf(t, map[module.Version]map[string]string{
		{Path: x, Version: "v0.9.0"}:                   {"x.go": "package x\n"},
		{Path: x, Version: "v1.0.0"}:                   {"x.go": "package x\n"},
		{Path: x, Version: "v1.1.0"}:                   {"x.go": "package x\n"},
		{Path: "example.com/other", Version: "v1.1.0"}: {"go.mod": "module example.com/other\n\ngo 1.26\n"},
		{Path: "example.com/y", Version: "v1.0.0"}:     {"go.mod": "module example.com/y\n\ngo 1.26\n\nrequire " + x + " v1.1.0\n", "y.go": "package y\n"},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			goMod := "module example.com/svc\n\ngo 1.26\n\nrequire " + cmp.Or(tt.require, x) + " " + cmp.Or(tt.version, "v1.0.0") + "\n\n" + tt.goMod
			writeTestFile(t, dir, "svc/go.mod", goMod)
			otherMod := "module example.com/other\n\ngo 1.26\n\n" + tt.other
			if tt.otherRequires != "" {
				otherMod += "\nrequire " + x + " " + tt.otherRequires + "\n"
			}
			if tt.otherRequiresY {
				otherMod += "\nrequire example.com/y v1.0.0\n"
			}
			for _, d := range []string{"x", "svc/x", "svc/y", "svc/a b"} { // the replacement directories
				writeTestFile(t, dir, d+"/go.mod", "module "+x+"\n")
			}
			writeTestFile(t, dir, "other/go.mod", otherMod)
			writeTestFile(t, dir, "go.work", "go 1.26\n\nuse ./svc\nuse ./other\n\n"+tt.goWork)
			if tt.link {
				writeTestFile(t, dir, "svc/x/go.mod", "module "+x+"\n")
				if err := os.Symlink("svc", filepath.Join(dir, "lnk")); err != nil {
					t.Skip(err)
				}
			}
			m := &repo.Module{Dir: "svc", Vendor: tt.vendored}
			r := &repo.Repo{Work: &repo.Work{Path: "go.work", Dir: ".", Use: []string{"svc", "other"}}}
			if tt.imports != "" {
				r.Packages = map[string]*repo.Package{"svc": {Dir: "svc", Module: m, Files: []*repo.File{{Path: "svc/main.go", Imports: []repo.Import{{Path: tt.imports}}}}}}
			}
			env := env
			if tt.offline {
				env = append(slices.Clone(env), "GOPROXY=off", "GOMODCACHE="+t.TempDir())
			}
			p := &planner{ctx: t.Context(), t: &Target{Dir: dir, Module: m, Repo: r}, opts: Options{Env: env},
				plan: &Plan{Components: []string{"docker"}}, vars: map[string]string{}}
			err := p.dockerContext()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a refusal with %q", err, tt.want)
			}
			// The line a refusal gives go.mod is go.mod's syntax.
			if _, line, ok := strings.Cut(fmt.Sprint(err), "`replace "); ok {
				line, _, _ = strings.Cut(line, "`")
				if _, err := modfile.Parse("go.mod", []byte(goMod+"\nreplace "+line+"\n"), nil); err != nil {
					t.Errorf("the line the refusal gives does not parse: %v", err)
				}
			}
		})
	}
}

// TestInnerWorkspace: for a module of a go.work below the directory add works in (a
// monorepo's services/go.work beside a root .gitlab-ci.yml), add at the root adds ci,
// which it writes only at the root (the job runs in the module's directory, under the
// go.work of the checkout); a plan of other components is refused with the --dir of the
// workspace, and one with ci too says to add ci here in a run of its own: the refusals no
// longer send the user back and forth.
func TestInnerWorkspace(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := filepath.Join(t.TempDir(), "my repo") // the advice quotes the directories it names
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GOWORK=",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	writeTree(t, dir, map[string]string{
		"services/go.work":     "go 1.26.0\n\nuse ./api\n",
		"services/api/go.mod":  "module example.com/api\n\ngo 1.26.0\n",
		"services/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
		".gitlab-ci.yml":       "stages: [test]\nunit:\n  stage: test\n  script: [echo ok]\n",
	})
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "init"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	tests := []struct {
		components []string
		want       string // in the refusal, "" for none
	}{
		{[]string{"ci"}, ""},
		{[]string{"shutdown"}, "run add in the workspace's directory, gonew-prod add --dir '" + filepath.Join(dir, "services") + "' --main ./api --yes shutdown, or"},
		{[]string{"makefile"}, "gonew-prod add --dir '" + filepath.Join(dir, "services") + "' --main ./api --yes makefile, or"},
		{[]string{"docker", "ci"}, "gonew-prod add --dir '" + filepath.Join(dir, "services") + "' --main ./api --yes docker, or set GOWORK=off when the module builds without it; ci, which add writes only at the root of the git repository, add in a run of its own here: gonew-prod add --dir '" + dir + "' --main ./services/api ci"},
		{[]string{"shutdown", "ci"}, "--main ./api --yes shutdown, or set GOWORK=off when the module builds without it; ci, which add writes only at the root of the git repository, add in a run of its own here: gonew-prod add --dir '" + dir + "' --main ./services/api ci"},
		// all holds ci: the run there names the rest.
		{[]string{"all"}, "--main ./api --yes makefile version shutdown procs docker otel mtls pprof k8s, or"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.components, "+"), func(t *testing.T) {
			command := append([]string{"add", "--main=./services/api", "--yes"}, tt.components...)
			target, err := Discover(t.Context(), DiscoverOptions{Dir: dir, Main: "./services/api", Env: env, Command: command})
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Prepare(t.Context(), target, Options{Components: tt.components, Env: env, DryRun: true, AllowGoBump: true})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "" && !slices.ContainsFunc(plan.Steps, func(s Step) bool { return s.Path == ".gitlab/gonew-prod.yml" }):
				t.Errorf("the plan writes no .gitlab/gonew-prod.yml: %+v", plan.Steps)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a refusal with %q", err, tt.want)
			}
		})
	}
}

// TestInnerWorkspaceCIRefused: add of ci alone at the root is still refused for a module of
// a go.work below the root that the job of the checkout could not build under: one git does
// not track (a fresh clone has none, and the module needs its workspace) and one that does
// not parse (every go command in the module's directory fails on it).
func TestInnerWorkspaceCIRefused(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GOWORK=",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	tests := []struct {
		name  string
		files map[string]string // besides services/api's go.mod and main.go
		want  string            // in the refusal
	}{
		{"ignored by git", map[string]string{".gitignore": "go.work\n", "services/go.work": "go 1.26.0\n\nuse (\n\t./api\n\t./lib\n)\n", "services/lib/go.mod": "module example.com/lib\n\ngo 1.26.0\n"},
			"the module at services/api is used by the workspace services/go.work, which git does not track: ci's job runs in a checkout of the repository, which has no services/go.work"},
		{"does not parse", map[string]string{"services/go.work": "go 1.26.0\n\nuse ./api\nbogus directive\n"}, "services/go.work, the go.work the go command would use for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"services/api/go.mod":  "module example.com/api\n\ngo 1.26.0\n",
				"services/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
			}
			maps.Copy(files, tt.files)
			writeTree(t, dir, files)
			for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "init"}} {
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			target, err := Discover(t.Context(), DiscoverOptions{Dir: dir, Main: "./services/api", Env: env})
			if err == nil {
				_, err = Prepare(t.Context(), target, Options{Components: []string{"ci"}, Env: env, DryRun: true, AllowGoBump: true})
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a refusal with %q", err, tt.want)
			}
		})
	}
}

// TestRootWorkspaceOutsideCheckoutNoted: add of ci at the root for a module of the
// repository's go.work that git does not track (ignored, or untracked) notes that the
// job of the checkout builds the module without it, naming what the workspace gives it;
// a tracked go.work, or one that gives the module nothing beyond go.mod (use . alone), gets no
// note, nor does a plan without ci.
func TestRootWorkspaceOutsideCheckoutNoted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GOWORK=", "GOFLAGS=", "GOPROXY=off",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	const both = "go 1.26.0\n\nuse (\n\t./api\n\t./lib\n)\n"
	const note = "go.work, which git does not track (ignored or untracked), is in no checkout: ci's job builds the module (api) without it, from go.mod alone, where your builds and add's checks have the workspace's modules example.com/lib;"
	tests := []struct {
		name       string
		files      map[string]string // besides api's go.mod and main.go, lib's go.mod
		untracked  bool              // go.work left out of the commit
		components []string
		want       string // a note holds it, "" for no note of go.work
	}{
		{"ignored by git", map[string]string{".gitignore": "go.work\n", "go.work": both}, false, []string{"ci"}, note},
		{"untracked", map[string]string{"go.work": both}, true, []string{"ci"}, note},
		{"tracked", map[string]string{"go.work": both}, false, []string{"ci"}, ""},
		{"ignored, giving nothing beyond go.mod", map[string]string{".gitignore": "go.work\n", "go.work": "go 1.26.0\n\nuse ./api\n"}, false, []string{"ci"}, ""},
		{"ignored, a replace line", map[string]string{".gitignore": "go.work\n", "go.work": "go 1.26.0\n\nuse ./api\n\nreplace example.com/x => ./lib\n"}, false, []string{"ci"}, "have the workspace's replace lines;"},
		{"ignored, no ci", map[string]string{".gitignore": "go.work\n", "go.work": both}, false, []string{"makefile"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"api/go.mod":  "module example.com/api\n\ngo 1.26.0\n",
				"api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
				"lib/go.mod":  "module example.com/lib\n\ngo 1.26.0\n",
			}
			maps.Copy(files, tt.files)
			writeTree(t, dir, files)
			add := []string{"add", "-A"}
			if tt.untracked {
				add = []string{"add", "api", "lib"}
			}
			for _, args := range [][]string{{"init", "-q"}, add, {"commit", "-qm", "init"}} {
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			target, err := Discover(t.Context(), DiscoverOptions{Dir: dir, Main: "./api", Env: env, AllowDirty: true})
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Prepare(t.Context(), target, Options{Components: tt.components, Env: env, DryRun: true, AllowGoBump: true})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(plan.Notes, func(n string) bool { return strings.Contains(n, "is in no checkout") })
			switch {
			case tt.want == "" && i >= 0:
				t.Errorf("noted %q, want no note of go.work", plan.Notes[i])
			case tt.want != "" && (i < 0 || !strings.Contains(plan.Notes[i], tt.want)):
				t.Errorf("notes %q, want one with %q", plan.Notes, tt.want)
			}
		})
	}
}

// TestInnerWorkspaceMakeBuild: ci added at the root for a module of a go.work below it
// builds, in the job, with make prod-build when the add run in the workspace's directory
// records makefile for that service (its record stays there) and the module's makefile
// still includes gonew-prod.mk, as the job does where one record holds both; with go
// build when no add there recorded makefile, or the user removed the include block.
func TestInnerWorkspaceMakeBuild(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GOWORK=",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	git := func(t *testing.T, dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	add := func(t *testing.T, dir, main string, components ...string) *Plan {
		t.Helper()
		target, err := Discover(t.Context(), DiscoverOptions{Dir: dir, Main: main, Env: env})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := Prepare(t.Context(), target, Options{Components: components, Env: env, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		return plan
	}
	tests := []struct {
		name     string
		makefile bool                           // an add in services records makefile first
		edit     func(t *testing.T, dir string) // then, committed
		ci       string
		want     string // the job's build command
	}{
		{"no makefile", false, nil, "github", "run: CGO_ENABLED=0 go build -trimpath -o /dev/null ."},
		{"makefile recorded in services", true, nil, "github", "run: make prod-build"},
		{"makefile recorded in services, GitLab", true, nil, "gitlab", "    - make prod-build\n"},
		{"include block removed", true, func(t *testing.T, dir string) {
			writeTree(t, dir, map[string]string{"services/api/Makefile": "all:\n\t@echo ok\n"})
		}, "github", "run: CGO_ENABLED=0 go build -trimpath -o /dev/null ."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"services/go.work":     "go 1.26.0\n\nuse ./api\n",
				"services/api/go.mod":  "module example.com/api\n\ngo 1.26.0\n",
				"services/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
			})
			git(t, dir, "init", "-q")
			git(t, dir, "add", "-A")
			git(t, dir, "commit", "-qm", "init")
			if tt.makefile {
				plan := add(t, filepath.Join(dir, "services"), "./api", "makefile")
				if _, err := generator.Write(t.Context(), filepath.Join(dir, "services"), plan.Changes, generator.WriteOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			if tt.edit != nil {
				tt.edit(t, dir)
			}
			git(t, dir, "add", "-A")
			git(t, dir, "commit", "-qm", "services", "--allow-empty")
			target, err := Discover(t.Context(), DiscoverOptions{Dir: dir, Main: "./services/api", Env: env})
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Prepare(t.Context(), target, Options{Components: []string{"ci"}, CI: tt.ci, Env: env, DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			job := map[string]string{"github": ".github/workflows/gonew-prod.yml", "gitlab": ".gitlab/gonew-prod.yml"}[tt.ci]
			i := slices.IndexFunc(plan.Changes, func(c generator.Change) bool { return c.Path == job })
			if i < 0 {
				t.Fatalf("the plan writes no %s", job)
			}
			if got := string(plan.Changes[i].Content); !strings.Contains(got, tt.want) {
				t.Errorf("%s builds otherwise, want %q:\n%s", job, tt.want, got)
			}
		})
	}
}
