package retrofit

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/templates"
)

func TestResolveComponents(t *testing.T) {
	tests := []struct {
		in          []string
		list, added []string
		err         string
	}{
		{[]string{"makefile"}, []string{"makefile"}, nil, ""},
		{[]string{"otel", "makefile"}, []string{"makefile", "shutdown", "otel"}, []string{"shutdown"}, ""},
		{[]string{"all"}, ComponentNames(), nil, ""},
		{[]string{"k8s", "shutdown"}, []string{"shutdown", "k8s"}, nil, ""},
		{[]string{"kafka"}, nil, nil, `unknown component "kafka"`},
	}
	for _, tt := range tests {
		list, added, err := resolveComponents(tt.in)
		if tt.err != "" {
			var r *Refusal
			if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: err = %v, want a refusal %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(list, tt.list) || !slices.Equal(added, tt.added) {
			t.Errorf("%v = %v, %v, %v; want %v, %v", tt.in, list, added, err, tt.list, tt.added)
		}
	}
}

func TestBlocks(t *testing.T) {
	text := block("#", "", "makefile", "(note)", []string{"include gonew-prod.mk"})
	want := "# >>> gonew-prod:makefile (note)\ninclude gonew-prod.mk\n# <<< gonew-prod:makefile\n"
	if text != want {
		t.Fatalf("block = %q, want %q", text, want)
	}
	content := []byte("all:\n\techo\n\n" + text + "tail\n")
	start, end, ok, err := generator.FindBlock(content, "makefile")
	if err != nil || !ok || string(content[start:end]) != text {
		t.Errorf("findBlock = %d %d %v %v: %q", start, end, ok, err, content[start:end])
	}
	if _, _, ok, _ := generator.FindBlock(content, "make"); ok {
		t.Errorf("block make found inside makefile's marker")
	}
	if _, _, _, err := generator.FindBlock([]byte("# >>> gonew-prod:ci\ninclude: x\n"), "ci"); err == nil {
		t.Errorf("a begin marker without an end is not an error")
	}
	indented := block("//", "\t", "otel", "", []string{"r.Use(x())", "", "y()"})
	if indented != "\t// >>> gonew-prod:otel\n\tr.Use(x())\n\n\ty()\n\t// <<< gonew-prod:otel\n" {
		t.Errorf("indented block = %q", indented)
	}
}

func TestGoModEdits(t *testing.T) {
	const before = `module example.com/x

go 1.22

require (
	github.com/a/a v1.2.0 // keep me
	github.com/b/b v1.0.0
)

replace github.com/a/a => ../a

exclude github.com/c/c v0.1.0

retract v0.9.0 // broken
`
	edited, err := editGoMod("go.mod", []byte(before), map[string]string{"github.com/b/b": "v1.1.0", "github.com/n/n": "v0.3.0"}, "1.26.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go 1.26.0", "github.com/a/a v1.2.0 // keep me", "github.com/b/b v1.1.0", "github.com/n/n v0.3.0"} {
		if !strings.Contains(string(edited), want) {
			t.Errorf("edited go.mod lacks %q:\n%s", want, edited)
		}
	}
	if err := merge.GoModPreserves([]byte(before), edited); err != nil {
		t.Errorf("check of the edited go.mod: %v", err)
	}
	// The check refuses each kind of loss.
	for _, lost := range []string{
		strings.Replace(before, "github.com/b/b v1.0.0", "github.com/b/b v0.9.0", 1),
		strings.Replace(before, "\tgithub.com/b/b v1.0.0\n", "", 1),
		strings.Replace(before, "replace github.com/a/a => ../a\n", "", 1),
		strings.Replace(before, "exclude github.com/c/c v0.1.0\n", "", 1),
		strings.Replace(before, "retract v0.9.0 // broken\n", "", 1),
	} {
		if err := merge.GoModPreserves([]byte(before), []byte(lost)); err == nil {
			t.Errorf("GoModPreserves accepted:\n%s", lost)
		}
	}
}

func TestServiceName(t *testing.T) {
	for in, want := range map[string]string{"api": "api", "Billing_API": "billing-api", "9lives": "svc-9lives", "a--b-": "a-b", "": "svc", "--": "svc"} {
		if got := serviceName(in); got != want {
			t.Errorf("serviceName(%q) = %q, want %q", in, got, want)
		}
	}
}

// fixture opens a fixture repository, fully loaded for its main packages.
func fixture(t *testing.T, name string) *repo.Repo {
	t.Helper()
	dir := filepath.Join("testdata", "repos", name)
	r, err := repo.OpenIn(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.Mains {
		if err := r.Load(context.Background(), m.Package); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// TestPlatformPackagesMatchNew keeps the retrofit manifest's platform packages in step
// with new's: every file new has in a platform package that add writes, add writes too,
// under the same features, and add writes no file new does not have.
func TestPlatformPackagesMatchNew(t *testing.T) {
	newM, err := generator.ReadManifest(templates.FS(), "")
	if err != nil {
		t.Fatal(err)
	}
	addM, err := generator.ReadManifest(templates.FS(), Manifest)
	if err != nil {
		t.Fatal(err)
	}
	platform := func(p string) bool {
		return strings.HasPrefix(p, "internal/platform/") || strings.HasPrefix(p, "internal/buildinfo/")
	}
	type file struct{ path, template string }
	added := map[file][]string{}
	dirs := map[string]bool{}
	for _, e := range addM.Files {
		if platform(e.Path) && !strings.HasPrefix(e.Path, "internal/platform/config/") {
			added[file{e.Path, e.TemplateName()}] = e.When.Features
			dirs[path.Dir(e.Path)] = true
		}
	}
	for _, e := range newM.Files {
		if !platform(e.Path) || !dirs[path.Dir(e.Path)] {
			continue
		}
		f := file{e.Path, e.TemplateName()}
		feats, ok := added[f]
		if !ok {
			t.Errorf("%s has %s (template %s) but %s does not", generator.ManifestFile, e.Path, e.TemplateName(), Manifest)
			continue
		}
		for _, want := range e.When.Features {
			if !slices.Contains(feats, want) {
				t.Errorf("%s: %s needs %v in %s, only %v in %s", e.Path, e.TemplateName(), e.When.Features, generator.ManifestFile, feats, Manifest)
			}
		}
		delete(added, f)
	}
	for f := range added {
		t.Errorf("%s has %s (template %s), which %s does not", Manifest, f.path, f.template, generator.ManifestFile)
	}
}

// TestLocalReplaces: relative replacements become absolute below the module's directory;
// a module's line of a version stays beside its line of every version, in either order.
func TestLocalReplaces(t *testing.T) {
	const mod = "module example.com/svc\n\ngo 1.25\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib v1.0.0 => ../lib1\n\nreplace example.com/lib => ../lib\n\nreplace example.com/other => example.com/fork v1.0.0\n\nreplace example.com/other v1.0.0 => ../other1\n"
	abs, err := localReplaces("go.mod", []byte(mod), "/repo/svc")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"example.com/lib => /repo/lib\n", "example.com/lib v1.0.0 => /repo/lib1\n", "example.com/other => example.com/fork v1.0.0\n", "example.com/other v1.0.0 => /repo/other1\n"} {
		if !strings.Contains(string(abs), want) {
			t.Errorf("no %q in\n%s", want, abs)
		}
	}
}

// TestLocalReplacesLinked: a module reached through a symbolic link (add --dir LINK)
// has its relative replacements resolved from the directory the link leads to, as the
// go command resolves them, not lexically from the link's path.
func TestLocalReplacesLinked(t *testing.T) {
	real := filepath.Join(t.TempDir(), "src", "svc")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "svc-link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	const mod = "module example.com/svc\n\ngo 1.25\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n"
	abs, err := localReplaces("go.mod", []byte(mod), link)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(filepath.Dir(real))
	if want = filepath.Join(want, "lib"); !strings.Contains(string(abs), "example.com/lib => "+want+"\n") {
		t.Errorf("through a link, want ../lib as %s:\n%s", want, abs)
	}
}

func TestNewFindings(t *testing.T) {
	const before = "# example.com/x\n./main.go:9:23: log.Printf format %d has arg \"now\" of wrong type string\ngo: inconsistent vendoring in /tmp/gonew-prod-add-3:\n\texample.com/b@v1.0.0: is replaced in go.mod\n" +
		"# example.com/x/store\nstore/db.go:5:6: open redeclared in this block\n\tstore/db.go:3:6: other declaration of open\n"
	tests := []struct {
		name, after string
		want        []string
	}{
		{"the same finding, moved", "# example.com/x\n./main.go:14:23: log.Printf format %d has arg \"now\" of wrong type string\n", nil},
		{"a new finding", "./main.go:14:23: log.Printf format %d has arg \"now\" of wrong type string\n./gonew_prod.go:3:1: unreachable code\n", []string{"./gonew_prod.go:3:1: unreachable code"}},
		{"the finding twice", "./main.go:9:23: log.Printf format %d has arg \"now\" of wrong type string\n./main.go:20:23: log.Printf format %d has arg \"now\" of wrong type string\n", []string{"./main.go:20:23: log.Printf format %d has arg \"now\" of wrong type string"}},
		{"a line without a position", "vet: no packages\n", []string{"vet: no packages"}},
		{"a redeclaration, both its places moved", "# example.com/x/store\nstore/db.go:9:6: open redeclared in this block\n\tstore/db.go:7:6: other declaration of open\n", nil},
		{"a go command error with its explanation", "go: inconsistent vendoring in /tmp/gonew-prod-add-2:\n\texample.com/a@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor\n",
			[]string{"go: inconsistent vendoring in /tmp/gonew-prod-add-2: example.com/a@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt To ignore the vendor directory, use -mod=readonly or -mod=mod. To sync the vendor directory, run: go mod vendor"}},
		{"a type error with have and want", "# example.com/x\n./gonew_prod.go:3:9: not enough return values\n\thave ()\n\twant (error)\n",
			[]string{"./gonew_prod.go:3:9: not enough return values have () want (error)"}},
		{"the finding before, in another copy", "go: inconsistent vendoring in /tmp/gonew-prod-add-7:\n\texample.com/b@v1.0.0: is replaced in go.mod\n",
			nil},
		{"the finding before, in another copy beside the module", "go: inconsistent vendoring in /home/u/.x.gonew-prod-verify-7:\n\texample.com/b@v1.0.0: is replaced in go.mod\n",
			nil},
		{"the finding before, replayed by go vet from its cache with the path of an earlier copy", "# example.com/x/store\n../.x.gonew-prod-verify-7/store/db.go:9:6: open redeclared in this block\n\t../.x.gonew-prod-verify-7/store/db.go:7:6: other declaration of open\n../.x.gonew-prod-verify-7/main.go:9:23: log.Printf format %d has arg \"now\" of wrong type string\n",
			nil},
		{"a new finding beside a replayed one", "../gonew-prod-add-9/store/db.go:9:6: open redeclared in this block\n\t../gonew-prod-add-9/store/db.go:7:6: other declaration of open\nstore/db.go:12:6: close redeclared in this block\n",
			[]string{"store/db.go:12:6: close redeclared in this block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newFindings(before, tt.after); !slices.Equal(got, tt.want) {
				t.Errorf("newFindings = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCheckVars checks the vars of a record before they are rendered into Makefiles,
// Dockerfiles and YAML: what add writes passes, anything else is refused.
func TestCheckVars(t *testing.T) {
	good := map[string]string{
		"mainPackage": "./cmd/api", "moduleDir": ".", "dockerfile": "Dockerfile.prod", "aliases": "test vet lint",
		"goImage": "1.26", "jobImage": "1.27", "cgo": "true", "cgoReason": "imports github.com/mattn/go-sqlite3",
		"cgoAlternative": "modernc.org/sqlite", "vendored": "false", "ciStage": ".pre",
		"buildConstraint": "linux || (darwin && cgo)", "makefileBlock": "removed", "modVerify": "alone",
		"makeBuild": "true",
	}
	if err := checkVars(good); err != nil {
		t.Fatalf("the vars add writes: %v", err)
	}
	tests := []struct{ key, value, want string }{
		{"goImage", "1.26\nRUN curl evil | sh", "goImage"},
		{"jobImage", "1.27\n  script: [evil]", "jobImage"},
		{"dockerfile", "Dockerfile; rm -rf /", "dockerfile"},
		{"moduleDir", "svc dir", "moduleDir"},
		{"mainPackage", "cmd/api", "mainPackage"},
		{"aliases", "test all", "aliases"},
		{"ciStage", "test\nevil:", "ciStage"},
		{"cgoReason", "x\n# >>> gonew-prod:makefile", "cgoReason"},
		{"buildConstraint", "linux\n\npackage evil", "buildConstraint"},
		{"buildConstraint", "linux &&", "buildConstraint"},
		{"buildConstraint", "linux&&amd64", "buildConstraint"},
		{"makefileBlock", "false", "makefileBlock"},
		{"modVerify", "off\n      - run: evil", "modVerify"},
		{"makeBuild", "false", "makeBuild"},
		{"extra", "x", `unknown key "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			vars := maps.Clone(good)
			vars[tt.key] = tt.value
			if err := checkVars(vars); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("checkVars with %s=%q: %v, want an error naming %s", tt.key, tt.value, err, tt.want)
			}
		})
	}
}

// TestRenderRefusesVarsWithGitsAdvice: update's render of a record whose vars add would
// not write (edited by hand) says how git restores the record only when a commit has it
// (one command that works: git checkout HEAD for a change not committed), else that git
// cannot, never "restore it from git" for nothing.
func TestRenderRefusesVarsWithGitsAdvice(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const recorded = "generator: {name: gonew-prod, version: v0.1.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\n"
	for _, committed := range []bool{false, true} {
		t.Run(fmt.Sprintf("committed %t", committed), func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
				"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			writeTestFile(t, dir, "cmd/api/main.go", "package main\n\nfunc main() {}\n")
			writeTestFile(t, dir, generator.RecordFile, recorded)
			git("init", "-q")
			if committed {
				git("add", "-A")
				git("commit", "-qm", "add")
			}
			writeTestFile(t, dir, generator.RecordFile, recorded+"# edited\n")
			rec := &generator.Record{Components: []string{"makefile"}, Vars: map[string]string{
				"mainPackage": "./cmd/api", "moduleDir": ".", "goImage": "1.26\nRUN evil"}}
			r := Renderer{Generated: update.Generated{Env: env}, Dir: dir}
			_, err := r.Render(context.Background(), update.Request{Dir: dir, Record: rec})
			if err == nil || !strings.Contains(err.Error(), "goImage") || strings.Contains(err.Error(), "restore the record from git") {
				t.Fatalf("Render: %v, want goImage refused, without advice git may not follow", err)
			}
			want := update.RecordNotCommitted
			if committed {
				want = "it was changed since the last commit (git -C "
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Render: %v, want %q", err, want)
			}
		})
	}
}

// TestStaleVendor compares go.mod with vendor/modules.txt as the go command's vendoring
// check does: versions, "## explicit" markers and replacements.
func TestStaleVendor(t *testing.T) {
	const goMod = "module example.com/v\n\ngo 1.26\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.5.0\n\texample.com/lib v1.0.0\n)\n\nreplace example.com/lib => ./lib\n"
	// As go mod vendor writes them for goMod.
	const (
		chi = "# github.com/go-chi/chi/v5 v5.5.0\n## explicit; go 1.22\ngithub.com/go-chi/chi/v5\n"
		lib = "# example.com/lib v1.0.0 => ./lib\n## explicit\nexample.com/lib\n# example.com/lib => ./lib\n"
	)
	tests := []struct {
		name, goLine, modulesTxt string // goLine replaces go 1.26 ("-": removes it)
		want                     []string
	}{
		{name: "agree", modulesTxt: chi + lib},
		{name: "agree, CRLF", modulesTxt: strings.ReplaceAll(chi+lib, "\n", "\r\n")},
		{name: "older vendored", modulesTxt: strings.Replace(chi, "v5.5.0", "v5.4.0", 1) + lib,
			want: []string{"github.com/go-chi/chi/v5 is v5.5.0 in go.mod, v5.4.0 in vendor/"}},
		{name: "missing", modulesTxt: chi,
			want: []string{"example.com/lib v1.0.0 is not in vendor/", "example.com/lib is replaced by ./lib in go.mod but not in vendor/modules.txt"}},
		{name: "no modules.txt", modulesTxt: "",
			want: []string{"github.com/go-chi/chi/v5 v5.5.0 is not in vendor/", "example.com/lib v1.0.0 is not in vendor/", "example.com/lib is replaced by ./lib in go.mod but not in vendor/modules.txt"}},
		{name: "not marked explicit", modulesTxt: strings.Replace(chi, "## explicit; go 1.22\n", "", 1) + lib,
			want: []string{"github.com/go-chi/chi/v5 v5.5.0 is required in go.mod but not marked ## explicit in vendor/modules.txt"}},
		{name: "marked explicit, not required", modulesTxt: chi + lib + "# example.com/extra v1.2.0\n## explicit; go 1.21\nexample.com/extra\n",
			want: []string{"example.com/extra v1.2.0 is marked ## explicit in vendor/modules.txt but go.mod does not require it"}},
		{name: "a replace modules.txt does not carry", modulesTxt: chi + "# example.com/lib v1.0.0\n## explicit\nexample.com/lib\n",
			want: []string{"example.com/lib is replaced by ./lib in go.mod but not in vendor/modules.txt"}},
		{name: "another replacement", modulesTxt: chi + strings.ReplaceAll(lib, "./lib", "./fork"),
			want: []string{"example.com/lib is replaced by ./lib in go.mod, by ./fork in vendor/modules.txt"}},
		{name: "a replace only modules.txt has", modulesTxt: chi + lib + "# example.com/other v1.0.0 => ./other\n",
			want: []string{"example.com/other v1.0.0 is replaced in vendor/modules.txt but not in go.mod"}},
		// Before go 1.14, modules.txt did not list every requirement nor mark them, and
		// the go command checks only the versions it lists; so with no go line.
		{name: "go 1.13, missing", goLine: "go 1.13", modulesTxt: "# github.com/go-chi/chi/v5 v5.5.0\n"},
		{name: "go 1.13, older vendored", goLine: "go 1.13", modulesTxt: "# github.com/go-chi/chi/v5 v5.4.0\n",
			want: []string{"github.com/go-chi/chi/v5 is v5.5.0 in go.mod, v5.4.0 in vendor/"}},
		{name: "go 1.13, not marked", goLine: "go 1.13", modulesTxt: "# github.com/go-chi/chi/v5 v5.5.0\n# example.com/lib v1.0.0 => ./lib\n"},
		{name: "no go line, missing", goLine: "-", modulesTxt: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			goMod := goMod
			switch tt.goLine {
			case "":
			case "-":
				goMod = strings.Replace(goMod, "go 1.26\n", "", 1)
			default:
				goMod = strings.Replace(goMod, "go 1.26", tt.goLine, 1)
			}
			if got := staleVendor([]byte(goMod), []byte(tt.modulesTxt)); !slices.Equal(got, tt.want) {
				t.Errorf("staleVendor = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNoteRaises: tidy's additions for imports of the user's own (an untidy go.mod) are
// named as theirs, with the importing file, not passed off as the added code's.
func TestNoteRaises(t *testing.T) {
	target := inlineTarget(t, map[string]string{
		"go.mod":         "module example.com/x\n\ngo 1.26\n",
		"main.go":        "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
		"tools/tools.go": "//go:build tools\n\npackage tools\n\nimport _ \"golang.org/x/tools/cmd/stringer\"\n",
	})
	before := []byte("module example.com/x\n\ngo 1.26\n\nrequire example.com/old v1.0.0\n")
	tidied := []byte("module example.com/x\n\ngo 1.26\n\nrequire (\n\texample.com/old v1.2.0\n\tgo.opentelemetry.io/otel v1.43.0\n\tgolang.org/x/tools v0.52.0\n\tgolang.org/x/sys v0.40.0 // indirect\n)\n")
	p := newTestPlanner(target, nil)
	if yours, err := p.noteRaises("go.mod", before, tidied); err != nil || !yours {
		t.Fatalf("noteRaises = %v, %v; want true (requirements of yours added)", yours, err)
	}
	want := []string{
		"raised requirements of yours, for the added code (go mod tidy): example.com/old v1.0.0 to v1.2.0",
		"go.mod lacked requirements your own code imports, which go mod tidy adds with those of the added code: golang.org/x/tools (tools/tools.go:5)",
	}
	if !slices.Equal(p.plan.Notes, want) {
		t.Errorf("notes:\n%q\nwant\n%q", p.plan.Notes, want)
	}
}

// TestPinnedRaises: a module add brings in, or whose version in the user's build list
// before add the added code raises, is raised to the dependency set's version when go mod
// tidy selected a lower one (otelgin v0.71.0 holds mimetype at the retracted v1.4.15, the
// gin sets at v1.4.16); a module of the build list at the version tidy kept (required in
// go.mod or not: before go 1.17 go.mod lists direct requirements only, and tidy after a
// go line raise writes the others), a replaced module and an excluded version stay as
// they are.
func TestPinnedRaises(t *testing.T) {
	const mimetype = "github.com/gabriel-vasile/mimetype"
	const validator = "github.com/go-playground/validator/v10"
	set := map[string]string{mimetype: "v1.4.16", "github.com/gin-gonic/gin": "v1.12.0", "golang.org/x/net": "v0.59.0", validator: "v10.30.1"}
	tests := []struct {
		name   string
		built  map[string]string // the build list before add
		tidied string            // require blocks and directives of go.mod after tidy
		want   map[string]string
	}{
		{name: "brought in below the set",
			tidied: "require (\n\tgithub.com/gin-gonic/gin v1.12.0\n\t" + mimetype + " v1.4.15 // indirect\n)\n",
			want:   map[string]string{mimetype: "v1.4.16"}},
		{name: "yours, raised by the added code below the set",
			built:  map[string]string{"github.com/gin-gonic/gin": "v1.10.0", mimetype: "v1.4.3", "golang.org/x/net": "v0.25.0"},
			tidied: "require (\n\tgithub.com/gin-gonic/gin v1.12.0\n\t" + mimetype + " v1.4.15 // indirect\n\tgolang.org/x/net v0.51.0 // indirect\n)\n",
			want:   map[string]string{mimetype: "v1.4.16", "golang.org/x/net": "v0.59.0"}},
		{name: "yours, at the version tidy kept",
			built:  map[string]string{mimetype: "v1.4.15"},
			tidied: "require (\n\tgithub.com/gin-gonic/gin v1.12.0\n\t" + mimetype + " v1.4.15\n)\n"},
		{name: "yours before go 1.17: in the build list, not in go.mod, at the version tidy kept",
			built:  map[string]string{"github.com/gin-gonic/gin": "v1.7.7", validator: "v10.4.1", "golang.org/x/net": "v0.0.0-20200226121028-0de0cce0169b"},
			tidied: "require (\n\tgithub.com/gin-gonic/gin v1.7.7\n\t" + validator + " v10.4.1 // indirect\n\tgolang.org/x/net v0.0.0-20200226121028-0de0cce0169b // indirect\n)\n"},
		{name: "yours before go 1.17, raised by the added code",
			built:  map[string]string{"github.com/gin-gonic/gin": "v1.7.7", validator: "v10.4.1"},
			tidied: "require (\n\tgithub.com/gin-gonic/gin v1.7.7\n\t" + validator + " v10.20.0 // indirect\n)\n",
			want:   map[string]string{validator: "v10.30.1"}},
		{name: "at or above the set",
			tidied: "require (\n\tgithub.com/gin-gonic/gin v1.12.1\n\t" + mimetype + " v1.4.16 // indirect\n)\n"},
		{name: "not in the set",
			tidied: "require example.com/other v0.1.0\n"},
		{name: "replaced",
			tidied: "require " + mimetype + " v1.4.15 // indirect\n\nreplace " + mimetype + " => ../mimetype\n"},
		{name: "replaced at a version",
			tidied: "require " + mimetype + " v1.4.15 // indirect\n\nreplace " + mimetype + " v1.4.15 => example.com/fork v1.0.0\n"},
		{name: "the set's version excluded",
			tidied: "require " + mimetype + " v1.4.15 // indirect\n\nexclude " + mimetype + " v1.4.16\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tidied, err := modfile.Parse("go.mod", []byte("module example.com/x\n\ngo 1.26.0\n\n"+tt.tidied), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := pinnedRaises(tt.built, tidied, set)
			if !maps.Equal(got, tt.want) {
				t.Errorf("pinnedRaises = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestParseBuildList: the modules of go list -m all's output, without the main module
// (no version) and the go command's messages.
func TestParseBuildList(t *testing.T) {
	out := "example.com/o1 \ngo: downloading github.com/gin-gonic/gin v1.7.7\ngithub.com/gin-gonic/gin v1.7.7\ngolang.org/x/sys v0.0.0-20200116001909-b77594299b42\n"
	want := map[string]string{"github.com/gin-gonic/gin": "v1.7.7", "golang.org/x/sys": "v0.0.0-20200116001909-b77594299b42"}
	if got := parseBuildList(out); !maps.Equal(got, want) {
		t.Errorf("parseBuildList = %v, want %v", got, want)
	}
}

// TestRaisedSince: what the raises to the pinned versions changed, for the plan's note
// that names them as such: raised modules with both versions, new ones, nothing else.
func TestRaisedSince(t *testing.T) {
	parse := func(body string) *modfile.File {
		f, err := modfile.Parse("go.mod", []byte("module example.com/x\n\ngo 1.26.0\n\n"+body), nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	was := parse("require (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgithub.com/gabriel-vasile/mimetype v1.4.15 // indirect\n\tgolang.org/x/net v0.51.0 // indirect\n)\n")
	now := parse("require (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgithub.com/gabriel-vasile/mimetype v1.4.16 // indirect\n\tgolang.org/x/net v0.51.0 // indirect\n\tgolang.org/x/text v0.30.0 // indirect\n)\n")
	want := []string{"github.com/gabriel-vasile/mimetype v1.4.15 to v1.4.16", "golang.org/x/text v0.30.0 (new)"}
	if got := raisedSince(was, now); !slices.Equal(got, want) {
		t.Errorf("raisedSince = %q, want %q", got, want)
	}
}

// TestPassedReplace: a raise past the version a replace line of the user's names
// (replace PATH VERSION => ...) is found, as update refuses it: the line would no longer
// apply, and the fork would silently leave the build. A replace of every version, a raise
// that stays at or below the line's version, a line for a version the user's build did
// not reach, and a raise that reaches the version a line of the module's own names
// (replace PATH v0.17.0 => PATH v0.23.0, a pin past a vulnerable release) are no such
// raise.
func TestPassedReplace(t *testing.T) {
	const gin, net = "github.com/gin-gonic/gin", "golang.org/x/net"
	tests := []struct {
		name, goMod, tidied string
		built               map[string]string // the build list before add
		want                string            // the replaced version, "" for none
		to                  string
	}{
		{name: "raised past the replaced version",
			goMod: "require " + gin + " v1.9.1\n\nreplace " + gin + " v1.9.1 => ./forks/gin\n", built: map[string]string{gin: "v1.9.1"},
			tidied: "require " + gin + " v1.12.0\n", want: "v1.9.1", to: "v1.12.0"},
		{name: "raised past a version it was ready for",
			goMod: "require " + gin + " v1.9.0\n\nreplace " + gin + " v1.9.1 => example.com/fork v1.0.0\n", built: map[string]string{gin: "v1.9.0"},
			tidied: "require " + gin + " v1.12.0\n", want: "v1.9.1", to: "v1.12.0"},
		{name: "before go 1.17: in the build list only",
			goMod: "replace " + gin + " v1.9.1 => ./forks/gin\n", built: map[string]string{gin: "v1.9.1"},
			tidied: "require " + gin + " v1.12.0 // indirect\n", want: "v1.9.1", to: "v1.12.0"},
		{name: "no build list: the require line",
			goMod:  "require " + gin + " v1.9.1\n\nreplace " + gin + " v1.9.1 => ./forks/gin\n",
			tidied: "require " + gin + " v1.12.0\n", want: "v1.9.1", to: "v1.12.0"},
		{name: "replaced by a later version of its own, reached",
			goMod: "require " + net + " v0.17.0\n\nreplace " + net + " v0.17.0 => " + net + " v0.23.0\n", built: map[string]string{net: "v0.17.0"},
			tidied: "require " + net + " v0.23.0\n"},
		{name: "replaced by a later version of its own, passed",
			goMod: "require " + net + " v0.17.0\n\nreplace " + net + " v0.17.0 => " + net + " v0.23.0\n", built: map[string]string{net: "v0.17.0"},
			tidied: "require " + net + " v0.30.0\n"},
		{name: "replaced by a later version of its own, not reached",
			goMod: "require " + net + " v0.17.0\n\nreplace " + net + " v0.17.0 => " + net + " v0.23.0\n", built: map[string]string{net: "v0.17.0"},
			tidied: "require " + net + " v0.20.0\n", want: "v0.17.0", to: "v0.20.0"},
		{name: "every version replaced",
			goMod: "require " + gin + " v1.9.1\n\nreplace " + gin + " => ./forks/gin\n", built: map[string]string{gin: "v1.9.1"},
			tidied: "require " + gin + " v1.12.0\n"},
		{name: "kept at the replaced version",
			goMod: "require " + gin + " v1.9.1\n\nreplace " + gin + " v1.9.1 => ./forks/gin\n", built: map[string]string{gin: "v1.9.1"},
			tidied: "require " + gin + " v1.9.1\n"},
		{name: "already past it",
			goMod: "require " + gin + " v1.10.0\n\nreplace " + gin + " v1.9.1 => ./forks/gin\n", built: map[string]string{gin: "v1.10.0"},
			tidied: "require " + gin + " v1.12.0\n"},
		{name: "not in the user's build",
			goMod:  "replace " + gin + " v1.9.1 => ./forks/gin\n",
			tidied: "require " + gin + " v1.12.0 // indirect\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := "module example.com/x\n\ngo 1.21\n\n"
			tidied, err := modfile.Parse("go.mod", []byte(head+tt.tidied), nil)
			if err != nil {
				t.Fatal(err)
			}
			r, _, to := passedReplace([]byte(head+tt.goMod), tidied, tt.built)
			got := ""
			if r != nil {
				got = r.Old.Version
			}
			if got != tt.want || to != tt.to {
				t.Errorf("passedReplace = %q, %q; want %q, %q", got, to, tt.want, tt.to)
			}
		})
	}
}

// TestRequirersOf: the modules go mod graph names as requiring a version, those the
// go.mod selects only, not the main module.
func TestRequirersOf(t *testing.T) {
	const otelgin = "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	f, err := modfile.Parse("go.mod", []byte("module example.com/x\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.12.0\n\t"+otelgin+" v0.71.0\n)\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	graph := "example.com/x github.com/gin-gonic/gin@v1.12.0\n" +
		"example.com/x " + otelgin + "@v0.71.0\n" +
		otelgin + "@v0.71.0 github.com/gin-gonic/gin@v1.12.0\n" +
		otelgin + "@v0.70.0 github.com/gin-gonic/gin@v1.12.0\n" +
		otelgin + "@v0.71.0 github.com/gin-gonic/gin@v1.11.0\n"
	want := []string{otelgin + " v0.71.0"}
	if got := requirersOf(graph, f, module.Version{Path: "github.com/gin-gonic/gin", Version: "v1.12.0"}); !slices.Equal(got, want) {
		t.Errorf("requirersOf = %q, want %q", got, want)
	}
}

// TestPinnedSet: the set add raises to is the one new renders for the answers: gin with
// otel holds otelgin and mimetype v1.4.16 (not the retracted v1.4.15 otelgin requires), gin
// without otel no otelgin; a framework new does not generate has none.
func TestPinnedSet(t *testing.T) {
	const mimetype = "github.com/gabriel-vasile/mimetype"
	const otelgin = "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	tests := []struct {
		framework  string
		features   []string
		has, lacks []string
	}{
		{"gin", []string{"shutdown", "otel"}, []string{mimetype, otelgin}, nil},
		{"gin", []string{"shutdown"}, []string{mimetype, "github.com/gin-gonic/gin"}, []string{otelgin}},
		{"echo", []string{"otel"}, []string{"github.com/labstack/echo/v5"}, []string{otelgin, "github.com/gin-gonic/gin"}},
		{"chi", []string{"otel"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.framework+" "+strings.Join(tt.features, " "), func(t *testing.T) {
			set, err := pinnedSet(generator.Answers{Framework: tt.framework, Features: tt.features})
			if err != nil {
				t.Fatal(err)
			}
			if tt.has == nil && set != nil {
				t.Errorf("pinnedSet = %v, want none", set)
			}
			for _, m := range tt.has {
				if set[m] == "" {
					t.Errorf("the set lacks %s", m)
				}
			}
			for _, m := range tt.lacks {
				if set[m] != "" {
					t.Errorf("the set holds %s %s", m, set[m])
				}
			}
			if v := set[mimetype]; v != "" && semver.Compare(v, "v1.4.16") < 0 {
				t.Errorf("the set holds %s %s, below v1.4.16 (v1.4.15 is retracted)", mimetype, v)
			}
		})
	}
}

// TestNoteKept: requirements that tidy drops are kept by add and named, with what to run,
// since the module is then not tidy. They are not called the user's: those a Go file of
// add's that the plan deletes imports (the OpenTelemetry SDK's of
// internal/platform/telemetry once the program sets up its own providers) came with that
// file, and the note says so.
func TestNoteKept(t *testing.T) {
	before := []byte("module example.com/x\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgo.opentelemetry.io/otel v1.47.0\n\tgo.opentelemetry.io/otel/exporters/stdout/stdouttrace v1.47.0\n\tgo.opentelemetry.io/otel/sdk v1.47.0\n\tgithub.com/cloudwego/iasm v0.2.0 // indirect\n\tgopkg.in/yaml.v3 v3.0.1 // indirect\n)\n")
	const telemetry = "package telemetry\n\nimport (\n\t\"context\"\n\n\t\"example.com/x/internal/platform/config\"\n\t\"go.opentelemetry.io/otel\"\n\t\"go.opentelemetry.io/otel/exporters/stdout/stdouttrace\"\n\tsdktrace \"go.opentelemetry.io/otel/sdk/trace\"\n)\n"
	const tail = "; add removes no line of go.mod, not even one an earlier add wrote: run go mod tidy after it to drop them, or a go mod tidy -diff check fails"
	tests := []struct {
		name, tidied string
		deletes      map[string]string // the Go files the plan deletes, and what they held
		want         []string
	}{
		{"none dropped", "module example.com/x\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.opentelemetry.io/otel v1.47.0\n\tgo.opentelemetry.io/otel/exporters/stdout/stdouttrace v1.47.0\n\tgo.opentelemetry.io/otel/sdk v1.47.0\n\tgithub.com/cloudwego/iasm v0.2.0 // indirect\n\tgopkg.in/yaml.v3 v3.0.1 // indirect\n)\n", nil, nil},
		{"two dropped", "module example.com/x\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.opentelemetry.io/otel v1.47.0\n\tgo.opentelemetry.io/otel/exporters/stdout/stdouttrace v1.47.0\n\tgo.opentelemetry.io/otel/sdk v1.47.0\n)\n", nil,
			[]string{"kept requirements that go mod tidy drops (nothing in the module needs them at the versions it now requires): github.com/cloudwego/iasm v0.2.0, gopkg.in/yaml.v3 v3.0.1" + tail}},
		{"dropped with a file of add's it deletes", "module example.com/x\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.opentelemetry.io/otel v1.47.0\n)\n",
			map[string]string{"internal/platform/telemetry/telemetry.go": telemetry, "internal/platform/telemetry/doc.txt": "import \"gopkg.in/yaml.v3\"\n"},
			[]string{"kept requirements that go mod tidy drops (nothing in the module needs them at the versions it now requires): go.opentelemetry.io/otel/exporters/stdout/stdouttrace v1.47.0, go.opentelemetry.io/otel/sdk v1.47.0, github.com/cloudwego/iasm v0.2.0, gopkg.in/yaml.v3 v3.0.1; of them, go.opentelemetry.io/otel/exporters/stdout/stdouttrace, go.opentelemetry.io/otel/sdk were imported by internal/platform/telemetry, which an earlier add wrote and this one deletes" + tail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{
				"go.mod":  string(before),
				"main.go": "package main\n\nfunc main() {}\n",
			}), nil)
			p.answers.Module = "example.com/x"
			for _, f := range slices.Sorted(maps.Keys(tt.deletes)) {
				p.plan.Changes = append(p.plan.Changes, generator.Change{Path: f, Delete: true, Old: []byte(tt.deletes[f])})
			}
			if err := p.noteKept("go.mod", before, []byte(tt.tidied)); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.plan.Notes, tt.want) {
				t.Errorf("notes:\n%q\nwant\n%q", p.plan.Notes, tt.want)
			}
		})
	}
}

// TestRaiseEffects: raising the go line changes the language version and the GODEBUG
// defaults of the code already there; the note says which, and the godebug line that
// keeps the old defaults (go1.20's for a line below it, as the go command gives them).
func TestRaiseEffects(t *testing.T) {
	tests := []struct {
		was, now string
		pinned   string   // what pins the GODEBUG defaults
		want     []string // substrings of the note, none when empty
		not      []string
	}{
		{was: "1.13", now: "1.26.0", want: []string{"the language version is now go1.26", "per iteration from go1.22", "GODEBUG defaults are those of go1.26, no longer of go1.20", "`godebug default=go1.20` to go.mod"}},
		{was: "1.21", now: "1.26.0", want: []string{"per iteration", "`godebug default=go1.21`"}},
		{was: "1.22.3", now: "1.26.0", want: []string{"the language version is now go1.26", "`godebug default=go1.22`"}, not: []string{"per iteration"}},
		{was: "1.19", now: "1.21", want: []string{"go1.21", "`//go:debug default=go1.20` above the package clause"}, not: []string{"per iteration", "godebug default"}},
		{was: "1.22.3", now: "1.26.0", want: []string{"(TLS, x509 and more"}, not: []string{"ServeMux"}},
		{was: "1.25.0", now: "1.26.0", pinned: "go.mod:5's `godebug default=go1.21`", want: []string{"the language version is now go1.26", "the GODEBUG defaults stay as go.mod:5's `godebug default=go1.21` pins them"}, not: []string{"are those of", "to keep the old defaults", "godebug default=go1.25"}},
		{was: "1.26", now: "1.26.0"},
		{was: "1.26.0", now: "1.26.2"},
	}
	for _, tt := range tests {
		got := raiseEffects(tt.was, tt.now, defaultsLine{File: "go.mod", Was: tt.was, Now: tt.now, PinnedBy: tt.pinned})
		if len(tt.want) == 0 && got != "" {
			t.Errorf("%s to %s: %q, want nothing (the language version stays)", tt.was, tt.now, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s to %s: %q lacks %q", tt.was, tt.now, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s to %s: %q has %q", tt.was, tt.now, got, n)
			}
		}
	}
}

// TestRaiseEffectsWorkspace: in a workspace the go line of go.work, not go.mod's, sets the
// GODEBUG defaults (and add raises it to the module's when it is lower): the note says
// they stay when go.work's line is the module's new one already, names go.work's old line
// as the defaults given up, and go.work as the file for the godebug line that keeps them
// (the old note told of go.mod's line and defaults alone); a vendored module is built
// with GOWORK=off, by go.mod's.
func TestRaiseEffectsWorkspace(t *testing.T) {
	tests := []struct {
		name      string
		work      string // go.work's go line, "" for none
		vendor    bool
		godebug   string // a godebug line of go.work, if not ""
		mod       string // go.mod's go line before the raise, 1.22.3 when ""
		ignored   bool   // go.work is in .gitignore of a git work tree
		docker    bool   // docker is in the plan
		want, not []string
	}{
		{name: "go.work's line the new one already", work: "1.26.0",
			want: []string{"the language version is now go1.26", "the GODEBUG defaults stay those of go1.26 (in the workspace the go line of go.work sets them, not go.mod's)"},
			not:  []string{"are those of", "no longer of go1.22", "to keep the old defaults"}},
		{name: "go.work's line between", work: "1.24.0",
			want: []string{"the GODEBUG defaults are those of go1.26, no longer of go1.24 (in the workspace the go line of go.work sets them, not go.mod's)", "add the line `godebug default=go1.24` to go.work"},
			not:  []string{"go1.22`", "to go.mod"}},
		{name: "go.work without a go line", work: "",
			want: []string{"no longer of go1.20", "`godebug default=go1.20` to go.work"}},
		{name: "pinned by go.work", work: "1.24.0", godebug: "godebug default=go1.21\n",
			want: []string{"the GODEBUG defaults stay as go.work:5's `godebug default=go1.21` pins them"}},
		{name: "vendored: GOWORK=off", work: "1.26.0", vendor: true,
			want: []string{"no longer of go1.22", "`godebug default=go1.22` to go.mod"},
			not:  []string{"go.work"}},
		// The builds of a checkout, CI's and an image's, see no go.work git ignores: they
		// take go.mod's line, which add raises; the user's own builds take go.work's.
		{name: "go.work ignored by git", work: "1.26.0", ignored: true,
			want: []string{"the GODEBUG defaults of the builds without go.work (git does not track it: CI's checkout, an image's build) are those of go1.26, no longer of go1.22",
				"add the line `godebug default=go1.22` to go.mod", "those of your builds in the workspace of go.work stay those of go1.26"},
			not: []string{"the GODEBUG defaults stay"}},
		{name: "go.work ignored, pinned by it", work: "1.24.0", ignored: true, godebug: "godebug default=go1.21\n",
			want: []string{"of the builds without go.work (git does not track it: CI's checkout, an image's build) are those of go1.26, no longer of go1.22",
				"those of your builds in the workspace of go.work stay as go.work:5's `godebug default=go1.21` pins them"}},
		// The Dockerfile add writes builds the module alone: its image takes go.mod's line
		// where CI builds in the workspace of a tracked go.work.
		{name: "tracked go.work, docker", work: "1.22.0", docker: true,
			want: []string{"the GODEBUG defaults of the builds in the workspace of go.work (CI's, yours) are those of go1.26, no longer of go1.22",
				"add the line `godebug default=go1.22` to go.work",
				"those of the image's build (the Dockerfile add writes builds the module alone: GOWORK=off) are those of go1.26, no longer of go1.22 (the go line of go.mod sets them",
				"add the line `godebug default=go1.22` to go.mod"}},
		{name: "tracked go.work, docker, below go1.22", work: "1.22.0", mod: "1.20", docker: true,
			want: []string{"no longer of go1.22 (the go line of go.work sets them; TLS, x509 and more",
				"no longer of go1.20 (the go line of go.mod sets them; ServeMux patterns, TLS, x509 and more", "`godebug default=go1.20` to go.mod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			goLine := ""
			if tt.work != "" {
				goLine = "go " + tt.work + "\n"
			}
			was := cmp.Or(tt.mod, "1.22.3")
			writeTree(t, dir, map[string]string{
				"go.work": goLine + "\nuse .\n\n" + tt.godebug,
				"go.mod":  "module example.test/svc\n\ngo " + was + "\n",
			})
			p := &planner{t: &Target{Dir: dir, Module: &repo.Module{Dir: ".", Vendor: tt.vendor}, Main: &repo.Main{Package: &repo.Package{Dir: "."}},
				Repo: &repo.Repo{Work: &repo.Work{Path: "go.work", Dir: ".", Go: tt.work, Use: []string{"."}}}},
				plan: &Plan{}, ctx: t.Context()}
			if tt.docker {
				p.plan.Components = []string{"docker"}
			}
			if tt.ignored {
				if _, err := exec.LookPath("git"); err != nil {
					t.Skip("git is not installed")
				}
				writeTree(t, dir, map[string]string{".gitignore": "go.work\n"})
				cmd := exec.Command("git", "init", "-q")
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git init: %v\n%s", err, out)
				}
				p.t.Git, p.opts.Env = true, append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
			}
			lines, err := p.godebugDefaults(was, "1.26.0")
			if err != nil {
				t.Fatal(err)
			}
			got := raiseEffects(was, "1.26.0", lines...)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("%q has %q", got, n)
				}
			}
		})
	}
}

// TestReleaseForm: raising a go line to the release form of its own language version
// (1.26 to 1.26.0) needs no --allow-go-bump, and its note says nothing changes; any
// other raise, a newer patch release included, does.
func TestReleaseForm(t *testing.T) {
	tests := []struct {
		was, now string
		want     bool
	}{
		{"1.26", "1.26.0", true},
		{"1.26rc1", "1.26.0", true},
		{"1.26.0", "1.26.0", true},
		{"1.26", "1.26", true},
		{"1.26.0", "1.26.2", false},
		{"1.26", "1.26.1", false},
		{"1.25", "1.26", false},
		{"1.25.7", "1.26.0", false},
	}
	for _, tt := range tests {
		if got := releaseForm(tt.was, tt.now); got != tt.want {
			t.Errorf("releaseForm(%q, %q) = %v, want %v", tt.was, tt.now, got, tt.want)
		}
		note := raiseNote(tt.was, tt.now, "why")
		if flag := strings.Contains(note, "--allow-go-bump"); flag == tt.want {
			t.Errorf("raiseNote(%q, %q) = %q: names --allow-go-bump %v, want %v", tt.was, tt.now, note, flag, !tt.want)
		}
	}
}

// TestNoteCommands: a program that takes commands (cobra) gets a note that the image and
// the Deployment start it without arguments; one that does not, none.
func TestNoteCommands(t *testing.T) {
	const cobraRoot = "package cmd\n\nimport \"github.com/spf13/cobra\"\n\n// Root is the command.\nvar Root = &cobra.Command{Use: \"svc\"}\n"
	tests := []struct {
		name  string
		files map[string]string
		note  string // "" when none
	}{
		{name: "cobra", files: map[string]string{
			"go.mod":      "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go":     "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/acme/svc/cmd\"\n)\n\nfunc main() {\n\t_ = cmd.Root.Execute()\n\t_ = http.ListenAndServe(\":8080\", nil)\n}\n",
			"cmd/root.go": cobraRoot,
		}, note: "the program takes commands (cmd/root.go:3 imports github.com/spf13/cobra), and the image and the Deployment start it without arguments"},
		{name: "no commands", files: map[string]string{
			"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, tt.files), nil)
			p.plan.Components = []string{"docker"}
			if err := p.noteCommands(); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			if tt.note == "" && notes != "" || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q, want %q", notes, tt.note)
			}
		})
	}
}

// TestDirReplaced reads the modules vendor/modules.txt lists as replaced by a directory.
func TestDirReplaced(t *testing.T) {
	const txt = "# example.com/lib v1.0.0 => ./lib\n## explicit\nexample.com/lib\n# example.com/fork v1.2.0 => example.com/fork2 v1.2.1\n# example.com/up v0.3.0 => ../up\r\n# github.com/go-chi/chi/v5 v5.2.1\n" +
		"# example.com/fork => example.com/fork2 v1.2.1\n" // a replace of every version, listed at the end
	got := slices.Sorted(maps.Keys(dirReplaced([]byte(txt))))
	if want := []string{"example.com/lib", "example.com/up"}; !slices.Equal(got, want) {
		t.Errorf("dirReplaced = %q, want %q", got, want)
	}
	// The versions the vendored files come from: a replacement's, none for a directory.
	want := map[string]module.Version{
		"example.com/fork":         {Path: "example.com/fork2", Version: "v1.2.1"},
		"github.com/go-chi/chi/v5": {Path: "github.com/go-chi/chi/v5", Version: "v5.2.1"},
	}
	if got := vendoredSources([]byte(txt)); !maps.Equal(got, want) {
		t.Errorf("vendoredSources = %v, want %v", got, want)
	}
	versions := map[string]string{"example.com/lib": "v1.0.0", "example.com/fork": "v1.2.0", "example.com/up": "v0.3.0", "github.com/go-chi/chi/v5": "v5.2.1"}
	if got := vendoredVersions([]byte(txt)); !maps.Equal(got, versions) {
		t.Errorf("vendoredVersions = %v, want %v", got, versions)
	}
}

// TestDropOldToolchain: when add raises the go line, a toolchain line the new go line asks
// for already (its version or an older one) is dropped, as the go command drops it, with
// a note; one above it stays, and so does any toolchain line of a go line add left alone.
func TestDropOldToolchain(t *testing.T) {
	tests := []struct {
		name, before, tidied string
		wantToolchain        string // "" when dropped
		wantNote             bool
	}{
		{"older than the raised go line", "go 1.21\n\ntoolchain go1.21.5\n", "go 1.26.0\n\ntoolchain go1.21.5\n", "", true},
		{"the raised go line's version", "go 1.24\n\ntoolchain go1.26.0\n", "go 1.26.0\n\ntoolchain go1.26.0\n", "", true},
		{"a custom build below the raised go line", "go 1.21\n\ntoolchain go1.21.5-corp\n", "go 1.26.0\n\ntoolchain go1.21.5-corp\n", "", true},
		{"newer than the raised go line", "go 1.21\n\ntoolchain go1.26.5\n", "go 1.26.0\n\ntoolchain go1.26.5\n", "go1.26.5", false},
		{"a custom build of the raised go line's version", "go 1.24\n\ntoolchain go1.26.0-corp\n", "go 1.26.0\n\ntoolchain go1.26.0-corp\n", "go1.26.0-corp", false},
		{"the go line not raised", "go 1.26.0\n\ntoolchain go1.21.5\n", "go 1.26.0\n\ntoolchain go1.21.5\n\nrequire example.com/a v1.0.0\n", "go1.21.5", false},
		{"older, with a trailing comment", "go 1.21\n\ntoolchain go1.21.5 // pinned for CI\n", "go 1.26.0\n\ntoolchain go1.21.5 // pinned for CI\n", "go1.21.5", true},
		{"older, with a comment above", "go 1.21\n\n// pinned for CI\ntoolchain go1.21.5\n", "go 1.26.0\n\n// pinned for CI\ntoolchain go1.21.5\n", "go1.21.5", true},
		{"newer, with a trailing comment", "go 1.21\n\ntoolchain go1.26.5 // pinned\n", "go 1.26.0\n\ntoolchain go1.26.5 // pinned\n", "go1.26.5", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{
				"go.mod":  "module example.com/x\n\n" + tt.before,
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
			}), nil)
			before, tidied := []byte("module example.com/x\n\n"+tt.before), []byte("module example.com/x\n\n"+tt.tidied)
			was, err := modfile.Parse("go.mod", before, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.dropOldToolchain("go.mod", tidied, was.Go.Version)
			if err != nil {
				t.Fatal(err)
			}
			f, err := modfile.Parse("go.mod", got, nil)
			if err != nil {
				t.Fatal(err)
			}
			if have := ""; f.Toolchain != nil {
				have = f.Toolchain.Name
				if have != tt.wantToolchain {
					t.Errorf("toolchain line %q, want %q:\n%s", have, tt.wantToolchain, got)
				}
			} else if tt.wantToolchain != "" {
				t.Errorf("toolchain line dropped, want %q kept:\n%s", tt.wantToolchain, got)
			}
			if tt.wantToolchain != "" && !bytes.Equal(got, tidied) {
				t.Errorf("go.mod changed although the toolchain line stays:\n%s", got)
			}
			if noted := slices.ContainsFunc(p.plan.Notes, func(n string) bool { return strings.Contains(n, "toolchain") }); noted != tt.wantNote {
				t.Errorf("notes %q: a note on the toolchain line = %v, want %v", p.plan.Notes, noted, tt.wantNote)
			}
			if err := merge.GoModPreserves(before, got); err != nil {
				t.Errorf("preservation check: %v", err)
			}
		})
	}
}

// TestRaiseWorkspaceToolchain: a go.work whose go line add raises with the module's
// loses a toolchain line the new go line asks for already, with a note, as go.mod does
// (TestDropOldToolchain); one above it, one with a comment of the user's and one of a go
// line add leaves alone stay.
func TestRaiseWorkspaceToolchain(t *testing.T) {
	const use = "use (\n\t.\n\t./lib\n)\n"
	tests := []struct {
		name, work string
		want       string // go.work after, "" when add leaves it alone
		note       string // "" for none on the toolchain line
	}{
		{"older than the raised go line", "go 1.24\n\ntoolchain go1.24.3\n\n" + use, "go 1.26.0\n\n" + use, "dropped the line toolchain go1.24.3 from go.work: the raised go line 1.26.0 asks for that toolchain or a newer one already"},
		{"the raised go line's version", "go 1.24\n\ntoolchain go1.26.0\n\n" + use, "go 1.26.0\n\n" + use, "dropped the line toolchain go1.26.0 from go.work"},
		{"no go line", "toolchain go1.24.3\n\n" + use, "go 1.26.0\n\n" + use, "dropped the line toolchain go1.24.3 from go.work"},
		{"newer than the raised go line", "go 1.24\n\ntoolchain go1.26.5\n\n" + use, "go 1.26.0\n\ntoolchain go1.26.5\n\n" + use, ""},
		{"older, with a comment above", "go 1.24\n\n// the CI image\ntoolchain go1.24.3\n\n" + use, "go 1.26.0\n\n// the CI image\ntoolchain go1.24.3\n\n" + use, "kept the line toolchain go1.24.3 in go.work (go.work:4), which carries a comment of yours"},
		{"the go line not raised", "go 1.26.0\n\ntoolchain go1.24.3\n\n" + use, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{
				"go.work":    tt.work,
				"go.mod":     "module example.com/x\n\ngo 1.24\n",
				"lib/go.mod": "module example.com/lib\n\ngo 1.22\n",
				"main.go":    "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
			}), nil)
			p.goDirective = "1.26.0"
			if err := p.raiseWorkspace(); err != nil {
				t.Fatal(err)
			}
			got, written := p.contents["go.work"]
			if !written && tt.want != "" || written && string(got) != tt.want {
				t.Errorf("go.work written %v:\n%s\nwant\n%s", written, got, tt.want)
			}
			var notes []string
			for _, n := range p.plan.Notes {
				if strings.Contains(n, "toolchain") {
					notes = append(notes, n)
				}
			}
			if tt.note == "" && len(notes) > 0 || tt.note != "" && (len(notes) != 1 || !strings.Contains(notes[0], tt.note)) {
				t.Errorf("notes on the toolchain line %q, want one with %q", notes, tt.note)
			}
			if written {
				if err := checkGoWork("go.work", []byte(tt.work), got); err != nil {
					t.Errorf("preservation check: %v", err)
				}
			}
		})
	}
}

// TestTopLevelMergeKeys: the top level of .gitlab-ci.yml is read with its merge keys
// applied as GitLab's YAML reader applies them: an entry, written or merged, replaces one
// of the same key before it; of a list of merged mappings the first that has a key gives
// it; a merge key of no mapping is a key of its own, and a mapping that merges itself
// ends.
func TestTopLevelMergeKeys(t *testing.T) {
	tests := []struct {
		name, config string
		stage        string // gitlabStage of the top level
		include      string // the line of the include: read, "" for none
	}{
		{"written", "stages: [build]\n", ".pre", ""},
		{"merged", ".c: &c\n  stages: [build]\n  include: [a.yml]\n<<: *c\n", ".pre", "3 (through the merge key at line 4)"},
		{"merged, then written", ".c: &c\n  stages: [build]\n<<: *c\nstages: [test]\n", "test", ""},
		{"written, then merged", ".c: &c\n  stages: [build]\nstages: [test]\n<<: *c\n", ".pre", ""},
		{"a list, the first gives it", ".a: &a\n  stages: [build]\n.b: &b\n  stages: [test]\n  include: b.yml\n<<: [*a, *b]\n", ".pre", "5 (through the merge key at line 6)"},
		{"an inline mapping", "<<: {stages: [build]}\n", ".pre", ""},
		{"merged into what is merged", ".a: &a\n  stages: [build]\n.b: &b\n  <<: *a\n<<: *b\n", ".pre", ""},
		{"a merge key of a list of strings", ".a: &a [build]\n<<: *a\n", "test", ""},
		{"a mapping that merges itself", ".x: &x\n  stages: [build]\n  <<: *x\n<<: *x\n", ".pre", ""},
	}
	// Each anchor merges the one before it twice: read once each, not 2^40 times.
	nested := ".a0: &a0\n  stages: [build]\n"
	for i := 1; i <= 40; i++ {
		nested += fmt.Sprintf(".a%d: &a%[1]d\n  <<: [*a%d, *a%[2]d]\n", i, i-1)
	}
	tests = append(tests, struct{ name, config, stage, include string }{"anchors merged into anchors", nested + "<<: *a40\n", ".pre", ""})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top, err := topLevel(gitlabFile, []byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			if got := gitlabStage(top); got != tt.stage {
				t.Errorf("gitlabStage = %q, want %q", got, tt.stage)
			}
			include := ""
			for _, e := range top {
				if e.Key.Value == "include" {
					include = strings.TrimPrefix(entryAt(e), gitlabFile+":")
				}
			}
			if include != tt.include {
				t.Errorf("include: at %q, want %q", include, tt.include)
			}
		})
	}
}

// TestGitlabAppendKeeps: add appends its include: block at the end of .gitlab-ci.yml only
// when the result is the same configuration plus that include; a file whose top level is a
// flow mapping (JSON), is indented, or whose document ends with ... is refused, with why.
func TestGitlabAppendKeeps(t *testing.T) {
	tests := []struct {
		name, config string
		refusal      string // "" when the append is kept
	}{
		{"block style", "stages: [test]\nunit:\n  script: [go test ./...]\n", ""},
		{"no final newline", "unit:\n  script: [go test ./...]", ""},
		{"a header document", "spec:\n  inputs:\n    env: {default: dev}\n---\nunit:\n  script: [go test]\n", ""},
		{"comments only", "# nothing yet\n", ""},
		{"an anchor and a merge key", ".base: &base\n  image: golang:1.26\nunit:\n  <<: *base\n  script: [go test]\n", ""},
		{"an include through a merge key", ".common: &common\n  include: [ci/extra.yml]\n<<: *common\nunit:\n  script: [go test]\n", "its configuration has an include: already, through a merge key, which add's would replace"},
		{"JSON", `{"stages": ["test"], "unit": {"stage": "test", "script": ["go test ./..."]}}` + "\n", "its top level is a flow mapping"},
		{"a document end", "---\nunit:\n  script: [go test]\n...\n", "its document ends with ..."},
		{"an indented top level", "  stages: [test]\n  unit:\n    script: [go test]\n", "its top level is indented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := []byte(tt.config)
			after := slices.Concat(before, []byte("\n"+gitlabBlock()))
			err := appendKeeps(before, after)
			switch {
			case tt.refusal == "" && err != nil:
				t.Errorf("appendKeeps: %v", err)
			case tt.refusal != "" && (err == nil || !strings.Contains(err.Error(), tt.refusal)):
				t.Errorf("appendKeeps = %v, want a refusal saying %q", err, tt.refusal)
			}
		})
	}
}

// TestNotePort: when the address the program listens on is not a literal add reads a port
// from (a flag, the environment), the image and the Deployment get the default port, and
// a note says so and what decides the port; a literal address, gin's Run() (8080) and a
// plan without docker or k8s get none.
func TestNotePort(t *testing.T) {
	const flagMain = "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n)\n\nfunc main() {\n\taddr := flag.String(\"addr\", \":3000\", \"listen address\")\n\tflag.Parse()\n\t_ = http.ListenAndServe(*addr, nil)\n}\n"
	tests := []struct {
		name       string
		main       string
		components []string
		note       []string // what the note says; none when nil
	}{
		{"a flag, docker and k8s", flagMain, []string{"docker", "k8s"}, []string{"main.go:11: add reads no port from *addr, the address the program listens on", "the Dockerfile EXPOSEs 8080", "the Deployment's container port is 8080", "HTTP_ADDR"}},
		{"a flag, docker", flagMain, []string{"docker"}, []string{"main.go:11: add reads no port from *addr", "the Dockerfile EXPOSEs 8080", "ENV HTTP_ADDR=:8080"}},
		{"the environment", "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() { _ = http.ListenAndServe(\":\"+os.Getenv(\"PORT\"), nil) }\n", []string{"k8s"}, []string{"main.go:8: add reads no port from \":\"+os.Getenv(\"PORT\")", "the Deployment's container port is 8080"}},
		{"echo's StartServer, Addr from a flag", "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n\n\t\"github.com/labstack/echo/v4\"\n)\n\nfunc main() {\n\taddr := flag.String(\"addr\", \":3000\", \"\")\n\te := echo.New()\n\ts := &http.Server{Addr: *addr}\n\t_ = e.StartServer(s)\n}\n", []string{"k8s"},
			[]string{"main.go:14: add reads no port from *addr", "--wire does not rewrite this call", "s.Handler = e", "until it is wired by hand, the program listens at *addr, whose port the Deployment must name"}},
		{"a flag, no image", flagMain, []string{"makefile"}, nil},
		{"a literal", "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":3000\", nil) }\n", []string{"docker", "k8s"}, nil},
		{"gin's default", "package main\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc main() { _ = gin.New().Run() }\n", []string{"docker", "k8s"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{"main.go": tt.main}), nil)
			p.plan.Components = tt.components
			p.answers.HTTPPort = 8080
			if err := p.notePort(); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			if tt.note == nil && notes != "" {
				t.Errorf("notes %q, want none", notes)
			}
			for _, want := range tt.note {
				if !strings.Contains(notes, want) {
					t.Errorf("notes %q lack %q", notes, want)
				}
			}
		})
	}
}

// TestK8sObjects reads the kind and name of each object of a manifest, with its line, as
// kubectl apply reads the file: the items of a List too, and in a .json file each of the
// objects one after the other; documents that are no mapping, lack either, or are no YAML
// (a Helm template) name none.
func TestK8sObjects(t *testing.T) {
	tests := []struct {
		name, file, manifest string
		want                 []k8sObject
	}{
		{"documents", "k8s/app.yaml", "# app\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\n---\n- a list\n---\nkind: Service\nmetadata: {name: svc, namespace: shop}\n---\nkind: ConfigMap\n---\nmetadata:\n  name: nameless\n---\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n",
			[]k8sObject{{kind: "Deployment", name: "svc", at: "k8s/app.yaml:2"}, {kind: "Service", name: "svc", at: "k8s/app.yaml:9"}}},
		{"a List", "k8s/all.yml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: svc\n- kind: Service\n  metadata: {name: svc}\n- metadata: {name: kindless}\n",
			[]k8sObject{{kind: "Deployment", name: "svc", at: "k8s/all.yml:4"}, {kind: "Service", name: "svc", at: "k8s/all.yml:8"}}},
		{"a typed List, items without their kind", "k8s/all.yaml", "kind: DeploymentList\nitems:\n- metadata:\n    name: svc\n",
			[]k8sObject{{kind: "Deployment", name: "svc", at: "k8s/all.yaml:3"}}},
		{"JSON", "k8s/app.json", "{\n\t\"apiVersion\": \"apps/v1\",\n\t\"kind\": \"Deployment\",\n\t\"metadata\": {\"name\": \"svc\"}\n}\n",
			[]k8sObject{{kind: "Deployment", name: "svc", at: "k8s/app.json:1"}}},
		{"JSON objects one after the other", "k8s/app.json", "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"svc\"}}\n\n  {\"kind\": \"List\", \"items\": [\n    {\"kind\": \"Service\", \"metadata\": {\"name\": \"svc\"}}]}\n{\"kind\": ",
			[]k8sObject{{kind: "ConfigMap", name: "svc", at: "k8s/app.json:1"}, {kind: "Service", name: "svc", at: "k8s/app.json:4"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := k8sObjects(tt.file, []byte(tt.manifest)); !slices.Equal(got, tt.want) {
				t.Errorf("k8sObjects = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCopyFailed: only a copy that ran out of room asks for a TMPDIR with more; any other
// failure is reported as it is, with no advice it would not follow from.
func TestCopyFailed(t *testing.T) {
	tests := []struct {
		name string
		err  error
		room bool
	}{
		{"full", &os.PathError{Op: "write", Path: "/tmp/gonew-prod-add-1/big", Err: syscall.ENOSPC}, true},
		{"quota", &os.PathError{Op: "write", Path: "/tmp/gonew-prod-add-1/big", Err: syscall.EDQUOT}, true},
		{"unreadable file of the module", &os.PathError{Op: "open", Path: "/repo/secret.key", Err: syscall.EACCES}, false},
		{"a link in the way", &os.LinkError{Op: "symlink", Old: "a", New: "/tmp/gonew-prod-add-1", Err: syscall.EEXIST}, false},
		{"full beside the module", &os.PathError{Op: "write", Path: "/repo/.svc.gonew-prod-verify-1/big", Err: syscall.ENOSPC}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work, where := "/tmp/gonew-prod-add-1", "in a copy under TMPDIR"
			if strings.Contains(tt.err.Error(), "verify") {
				work, where = "/repo/.svc.gonew-prod-verify-1", "in a copy beside it"
			}
			err := copyFailed(work, tt.err)
			msg := err.Error()
			if !errors.Is(err, tt.err.(interface{ Unwrap() error }).Unwrap()) || !strings.Contains(msg, "could not be made: "+tt.err.Error()) {
				t.Errorf("the cause is not kept: %v", err)
			}
			if got := strings.Contains(msg, "with room"); got != tt.room {
				t.Errorf("asks for room = %v, want %v: %s", got, tt.room, msg)
			}
			if !strings.Contains(msg, where+" ("+work+")") || strings.Contains(msg, "TMPDIR") != strings.Contains(where, "TMPDIR") {
				t.Errorf("the copy is not placed right, want %q: %s", where, msg)
			}
		})
	}
}

// TestOldGoPins: the Go releases a Dockerfile or CI file pins below the new go line, a
// release without its patch standing for the newest of its language version.
func TestOldGoPins(t *testing.T) {
	tests := []struct {
		name, content string // name is the file's
		dockerfile    bool
		want          []string
	}{
		{"Dockerfile", "FROM golang:1.22-alpine AS build\nFROM golang:1.26 AS lint\nFROM golang:1.26.0\nFROM alpine:3.19\n", true, []string{"Dockerfile:1 golang:1.22-alpine"}},
		{"Dockerfile", "ARG GO_VERSION=1.25\n# FROM golang:1.20\nFROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm\nfrom docker.io/library/golang:1.26rc1\n", true, []string{"Dockerfile:3 golang:1.25-bookworm", "Dockerfile:4 golang:1.26rc1"}},
		{"Dockerfile", "FROM mygolang:1.20\nFROM golangci/golangci-lint:v1.60\n", true, nil},
		{".github/workflows/ci.yml", "jobs:\n  t:\n    container: golang:1.24\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: \"1.25.3\" # pinned\n          # go-version: 1.20\n      - with:\n          go-version: stable\n      - with:\n          go-version: '1.26'\n", false,
			[]string{".github/workflows/ci.yml:3 golang:1.24", ".github/workflows/ci.yml:7 go-version: 1.25.3"}},
		{".gitlab-ci.yml", "image: \"golang:1.23\"\ntest:\n  image:\n    name: registry.example.com/mirror/golang:1.21.13\n", false, []string{".gitlab-ci.yml:1 golang:1.23", ".gitlab-ci.yml:4 golang:1.21.13"}},
		{".github/workflows/x.yml", "steps:\n  - uses: actions/setup-go@v5\n    with:\n      go-version: '1.22.x'\n  - with:\n      go-version: 1.26.x\n", false, []string{".github/workflows/x.yml:4 go-version: 1.22.x"}},
		{".github/workflows/flow.yml", "steps:\n  - uses: actions/setup-go@v5\n    with: {go-version: \"1.22.3\"}\n  - with: {cache: false, go-version: '1.23', check-latest: true}\n  - with: {go-version: '1.26'}\n", false,
			[]string{".github/workflows/flow.yml:3 go-version: 1.22.3", ".github/workflows/flow.yml:4 go-version: 1.23"}},
		{".github/workflows/matrix.yml", "jobs:\n  a:\n    strategy:\n      matrix:\n        go: ['1.21', \"1.26\", 1.22.x]\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n  b:\n    strategy:\n      matrix:\n        go-version:\n          - '1.24'\n          # - '1.20'\n          - stable\n        os: [ubuntu-latest]\n    steps:\n      - with: {go-version: \"${{ matrix.go-version }}\"}\n", false,
			[]string{".github/workflows/matrix.yml:5 go: 1.21", ".github/workflows/matrix.yml:5 go: 1.22.x", ".github/workflows/matrix.yml:14 go-version: 1.24"}},
		{".github/workflows/unused.yml", "jobs:\n  a:\n    strategy:\n      matrix:\n        go: ['1.21']\n    steps:\n      - with:\n          go-version: stable\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oldGoPins(tt.name, []byte(tt.content), tt.dockerfile, "1.26.0"); !slices.Equal(got, tt.want) {
				t.Errorf("oldGoPins = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTidiedGoLineImage: where go mod tidy raises the go line past what add planned, to a
// newer language version than the golang image the Dockerfile (or the GitLab CI job, of
// go.work's go line where that is newer) was rendered with, add refuses, saying how to go on, rather than write an image that cannot
// build the module; a raise within the image's language version, or without a component
// that builds in the image, goes ahead with its note.
func TestTidiedGoLineImage(t *testing.T) {
	tests := []struct {
		name, tidied string // the go line tidy leaves
		components   []string
		ci           string
		jobImage     string // the GitLab CI job's image where go.work's line is newer
		want         string // in the refusal, "" for none
	}{
		{name: "a newer language version, docker", tidied: "1.27.0", components: []string{"shutdown", "docker"},
			want: "go mod tidy raises the go line to 1.27.0 for what the added code requires, past Go 1.26, whose golang image (golang:1.26) add chose for the build from the go line it planned (1.26.0), and which cannot build the module then; raise the go line first (go mod edit -go=1.27.0, then go mod tidy), then run add again"},
		{name: "a newer language version, GitLab CI", tidied: "1.27.0", components: []string{"shutdown", "ci"}, ci: "gitlab", want: "golang:1.26"},
		{name: "a newer language version, GitLab CI under a newer go.work", tidied: "1.27.0", components: []string{"shutdown", "ci"}, ci: "gitlab", jobImage: "1.27"},
		{name: "a newer language version, docker and GitLab CI under a newer go.work", tidied: "1.27.0", components: []string{"shutdown", "docker", "ci"}, ci: "gitlab", jobImage: "1.27", want: "golang:1.26"},
		{name: "a newer language version, GitLab CI under an older go.work", tidied: "1.28.0", components: []string{"shutdown", "ci"}, ci: "gitlab", jobImage: "1.27", want: "past Go 1.27, whose golang image (golang:1.27)"},
		{name: "a newer language version, GitHub CI", tidied: "1.27.0", components: []string{"shutdown", "ci"}, ci: "github"},
		{name: "a newer language version, no image", tidied: "1.27.0", components: []string{"shutdown"}},
		{name: "a newer release of the language version, docker", tidied: "1.26.3", components: []string{"shutdown", "docker"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
			}), nil)
			p.opts.AllowGoBump = true
			p.plan.Components, p.answers.CI = tt.components, tt.ci
			p.goWas, p.goDirective, p.vars = "1.24", "1.26.0", map[string]string{"goImage": "1.26"}
			if tt.jobImage != "" {
				p.vars["jobImage"] = tt.jobImage
			}
			err := p.tidiedGoLine("go.mod", []byte("module example.com/x\n\ngo "+tt.tidied+"\n"))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want == "" && p.goDirective != tt.tidied:
				t.Errorf("the go line is %s, want %s", p.goDirective, tt.tidied)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a refusal with %q", err, tt.want)
			}
		})
	}
}

// TestPrepareRecordedVersion: add into a repository an earlier add retrofitted compares
// the version the record names with its own (recordedVersion, as add to a project made by
// new does), with fake versions: a development build over a release's record, which
// would record (devel), and a release older than the recorded one, which would render
// the files back, are refused, nothing planned; the same version, a newer release, and
// any build over a development build's record plan the add and record their version.
func TestPrepareRecordedVersion(t *testing.T) {
	tests := []struct {
		name, recorded, running string
		refused                 string // the refusal holds it; "" for a plan
	}{
		{"the same release", "v0.2.0", "v0.2.0", ""},
		{"a newer release", "v0.1.0", "v0.2.0", ""},
		{"an older release", "v0.2.0", "v0.1.0", "records gonew-prod v0.2.0, newer than this gonew-prod v0.1.0: add would render the files with the older templates"},
		{"an older prerelease", "v0.2.0", "v0.2.0-rc.1", "newer than this gonew-prod v0.2.0-rc.1"},
		{"a development build over a release", "v0.2.0", "(devel)", "development build without a module version ((devel)): run add with gonew-prod v0.2.0"},
		{"a release over a development build", "(devel)", "v0.1.0", ""},
		{"a development build over one", "(devel)", "(devel)", ""},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"go.mod":  "module example.com/x\n\ngo 1.26\n",
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
			})
			add := func(version string) (*Plan, error) {
				t.Helper()
				target, err := Discover(ctx, DiscoverOptions{Dir: dir})
				if err != nil {
					t.Fatal(err)
				}
				return Prepare(ctx, target, Options{Components: []string{"makefile"}, Version: version, DryRun: true})
			}
			plan, err := add(tt.recorded)
			if err != nil {
				t.Fatalf("the earlier add, by %s: %v", tt.recorded, err)
			}
			if _, err := generator.Write(ctx, dir, plan.Changes, generator.WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			plan, err = add(tt.running)
			var r *Refusal
			switch {
			case tt.refused == "" && err != nil:
				t.Fatalf("add by %s over a record of %s: %v, want a plan", tt.running, tt.recorded, err)
			case tt.refused == "" && plan.Record.Generator.Version != tt.running:
				t.Errorf("add by %s records version %s", tt.running, plan.Record.Generator.Version)
			case tt.refused != "" && (!errors.As(err, &r) || !strings.Contains(err.Error(), tt.refused)):
				t.Errorf("add by %s over a record of %s: plan %v, err %v; want a refusal with %q", tt.running, tt.recorded, plan != nil, err, tt.refused)
			}
		})
	}
}

// TestJobImage: the GitLab CI job runs in the checkout, under a go.work of the repository
// that uses the module, so its image (jobImage) is of go.work's go line where that is a
// newer language version than go.mod's; without one, with one of the same language
// version, or for a vendored module (the job sets GOWORK off), the job takes goImage.
func TestJobImage(t *testing.T) {
	const main = "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string // jobImage, "" for none
	}{
		{"no go.work", map[string]string{"main.go": main}, ""},
		{"a go.work of a newer go line", map[string]string{"main.go": main, "go.work": "go 1.27.0\n\nuse .\n"}, "1.27"},
		{"a go.work of the same language version", map[string]string{"main.go": main, "go.work": "go 1.26.3\n\nuse .\n"}, ""},
		{"a go.work that does not use the module", map[string]string{"main.go": main, "go.work": "go 1.27.0\n"}, ""},
		{"a vendored module", map[string]string{"main.go": main, "go.work": "go 1.27.0\n\nuse .\n", "vendor/modules.txt": ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			target.Answers.Go = target.Module.Go
			p := newTestPlanner(target, nil)
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if p.vars["goImage"] != "1.26" {
				t.Errorf("goImage = %q, want go.mod's 1.26", p.vars["goImage"])
			}
			if got := p.vars["jobImage"]; got != tt.want {
				t.Errorf("jobImage = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestJobImageTrackedWork: in a git work tree, only a go.work that git tracks is in the
// checkout the GitLab CI job runs in: a git-ignored one, or one never added, is the
// user's local workspace, and the job takes goImage (the old code took the image of its
// go line); a tracked one, staged or committed, counts.
func TestJobImageTrackedWork(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const main = "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n"
	tests := []struct {
		name string
		git  []string // git commands run after git init, each split at spaces
		want string   // jobImage, "" for none
	}{
		{"ignored", []string{"add .gitignore main.go go.mod", "commit -qm a"}, ""},
		{"untracked", []string{"add main.go go.mod", "commit -qm a"}, ""},
		{"staged", []string{"add -f go.work"}, "1.27"},
		{"committed", []string{"add -f go.work main.go go.mod", "commit -qm a"}, "1.27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"main.go": main, "go.work": "go 1.27.0\n\nuse .\n"}
			if tt.name == "ignored" {
				files[".gitignore"] = "go.work\n"
			}
			target := inlineTarget(t, files)
			target.Answers.Go = target.Module.Go
			target.Git = true
			env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
				"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
			for _, c := range append([]string{"init -q"}, tt.git...) {
				cmd := exec.Command("git", strings.Fields(c)...)
				cmd.Dir, cmd.Env = target.Dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %s: %v\n%s", c, err, out)
				}
			}
			p := newTestPlanner(target, nil)
			p.opts.Env = env
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if got := p.vars["jobImage"]; got != tt.want {
				t.Errorf("jobImage = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRaiseWorkspaceUntracked: add raises the go line of a go.work that uses the module
// with go.mod's, whether git tracks it or not (the user's builds in an ignored or
// untracked workspace fail otherwise: "go.work lists go 1.22"); for one git does not
// track, the step and a note say it is the user's own workspace that add edits, from
// which go line to which, and that no commit keeps the old one.
func TestRaiseWorkspaceUntracked(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const note = "go.work, which git does not track, is your own workspace, not the repository's (CI's checkout and an image's build do not have it), but your builds there need its go line raised with go.mod's (else the go command stops: \"module listed in go.work file requires go >= 1.26.0, but go.work lists go 1.22\"): add edits it, from go 1.22 to go 1.26.0, and no commit keeps the old line"
	tests := []struct {
		name  string
		git   string // "" for no git work tree, "tracked", "ignored" or "untracked"
		yours bool   // the step and a note tell of the user's own workspace
	}{
		{name: "no git", git: ""},
		{name: "tracked", git: "tracked"},
		{name: "ignored", git: "ignored", yours: true},
		{name: "untracked", git: "untracked", yours: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"go.work": "go 1.22\n\nuse .\n",
				"go.mod":  "module example.test/svc\n\ngo 1.26.0\n",
			})
			p := &planner{t: &Target{Dir: dir, Module: &repo.Module{Dir: "."}, Main: &repo.Main{Package: &repo.Package{Dir: "."}},
				Repo: &repo.Repo{Work: &repo.Work{Path: "go.work", Dir: ".", Go: "1.22", Use: []string{"."}}}},
				plan: &Plan{}, ctx: t.Context(), contents: map[string][]byte{}, goDirective: "1.26.0"}
			if tt.git != "" {
				p.t.Git, p.opts.Env = true, append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
				if tt.git == "ignored" {
					writeTree(t, dir, map[string]string{".gitignore": "go.work\n"})
				}
				git := func(args ...string) {
					cmd := exec.Command("git", args...)
					cmd.Dir, cmd.Env = dir, p.opts.Env
					if out, err := cmd.CombinedOutput(); err != nil {
						t.Fatalf("git %s: %v\n%s", args, err, out)
					}
				}
				git("init", "-q")
				if tt.git == "tracked" {
					git("add", "go.work")
				}
			}
			if err := p.raiseWorkspace(); err != nil {
				t.Fatal(err)
			}
			if len(p.plan.Steps) != 1 || p.plan.Steps[0].Path != "go.work" || string(p.plan.Steps[0].New) != "go 1.26.0\n\nuse .\n" {
				t.Fatalf("steps %+v, want go.work's go line raised to 1.26.0", p.plan.Steps)
			}
			if yours := strings.Contains(p.plan.Steps[0].Detail, "your own workspace: git does not track it"); yours != tt.yours {
				t.Errorf("step %q: tells of the user's own workspace %v, want %v", p.plan.Steps[0].Detail, yours, tt.yours)
			}
			if noted := slices.Contains(p.plan.Notes, note); noted != tt.yours {
				t.Errorf("notes %q: the note on the user's own workspace %v, want %v", p.plan.Notes, noted, tt.yours)
			}
		})
	}
}

// TestLeaveOutGoCode: a refusal of the Go code add brings (here a go line older than the
// platform packages need, for k8s alone) says to leave out the components that add Go
// code and names those that add none: each one named, added alone with what it needs,
// adds no Go code (k8s brings shutdown, which does).
func TestLeaveOutGoCode(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":  "module example.com/old\n\ngo 1.16\n",
		"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
	})
	env := append(os.Environ(), "GOWORK=off")
	target, err := Discover(t.Context(), DiscoverOptions{Dir: dir, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Prepare(t.Context(), target, Options{Components: []string{"k8s"}, Env: env, DryRun: true})
	if err == nil || !strings.Contains(err.Error(), "leave out the components that add Go code (") {
		t.Fatalf("err = %v, want the go line refused, naming what adds no Go code", err)
	}
	_, named, _ := strings.Cut(err.Error(), "leave out the components that add Go code (")
	named, _, _ = strings.Cut(named, " add none")
	for _, name := range strings.FieldsFunc(named, func(r rune) bool { return r == ',' || r == ' ' }) {
		if name == "and" {
			continue
		}
		list, _, rerr := resolveComponents([]string{name})
		if rerr != nil {
			t.Fatalf("%q, named in %q: %v", name, named, rerr)
		}
		if addsGo(list) {
			t.Errorf("the refusal says %s adds no Go code, but with what it needs (%s) it does:\n%v", name, strings.Join(list, ", "), err)
		}
	}
}
