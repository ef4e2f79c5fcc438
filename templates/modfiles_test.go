package templates_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/templates"
)

var update = flag.Bool("update", false, "rewrite "+generator.TemplateDir+"/"+depsDir+"/ by running go mod tidy for every dependency set")

const (
	// requiresTemplate is the go.mod holding only the direct requirements, which
	// `go mod tidy` completes into the stored module files.
	requiresTemplate = "requires.go.mod.tmpl"
	// depsDir holds one directory per dependency set, below the project templates.
	depsDir = "deps"
	// probeModule is the module path of the projects rendered to derive the module files;
	// the stored go.mod has {{.Module}} in its place.
	probeModule = "example.com/deps/probe"
	// header starts every stored module file; it renders to nothing.
	header = "{{- /* Written by `make deps` (go mod tidy of requires.go.mod.tmpl): do not edit. */ -}}\n"
)

// TestModuleFiles checks that the stored go.mod and go.sum of every dependency set are
// exactly what `go mod tidy` makes of requires.go.mod.tmpl for a project of that set. With
// -update it rewrites them instead (`make deps`). It runs go mod tidy, which needs the
// module proxy or a warm module cache, so it is skipped with -short.
func TestModuleFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy for every dependency set: skipped with -short")
	}
	m := readManifest(t)
	sets, order := setsOf(t, m)
	want := map[string]string{} // with -update: stored template path below project/ -> content
	for _, dir := range order {
		modName, sumName := dir+"/go.mod.tmpl", dir+"/go.sum.tmpl"
		for i, goVersion := range goVersions() {
			a := sets[dir][0]
			a.Go = goVersion
			files := render(t, a, !*update)
			t.Logf("%s: go mod tidy with go %s", dir, goVersion)
			gotMod, gotSum := tidy(t, dir, files, renderRequires(t, a))
			if !*update {
				// The stored files, rendered as for any project, must be what tidy wrote.
				for name, got := range map[string][]byte{"go.mod": gotMod, "go.sum": gotSum} {
					diff := udiff.Unified("rendered/"+name, "tidied/"+name, fileContent(files, name), string(got))
					if diff != "" {
						t.Errorf("%s/%s/%s.tmpl is stale for go %s (versions.yaml, %s or the imports changed): run make deps and review the diff\n%s",
							generator.TemplateDir, dir, name, goVersion, requiresTemplate, diff)
					}
				}
				continue
			}
			mod, err := modTemplate(gotMod, goVersion)
			if err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			if strings.Contains(string(gotSum), "{{") {
				t.Fatalf("%s: go.sum holds {{, which would start a template action", dir)
			}
			if i > 0 && (want[modName] != header+mod || want[sumName] != header+string(gotSum)) {
				t.Fatalf("%s: go mod tidy with go %s differs from go %s beyond the go line", dir, goVersion, goVersions()[0])
			}
			want[modName], want[sumName] = header+mod, header+string(gotSum)
		}
	}
	if *update {
		writeDeps(t, want)
	}
}

// TestDependencySetsImportAlike renders a project for every framework and every set of
// features and checks that all answers selecting one dependency set import the same
// packages, so that one tidy holds for all of them, and that no two sets import the same.
func TestDependencySetsImportAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a project for every combination of answers: skipped with -short")
	}
	if raceDetector {
		t.Skip("renders a project for every combination of answers, several times slower with -race: make verify-deps runs it without")
	}
	m := readManifest(t)
	sets, order := setsOf(t, m)
	importsOf := map[string][]string{} // dependency set -> the imports of its first answers
	for _, dir := range order {
		first := sets[dir][0]
		for _, a := range sets[dir] {
			imports := externalImports(t, render(t, a, false))
			if _, ok := importsOf[dir]; !ok {
				importsOf[dir] = imports
				continue
			}
			if more, fewer := difference(imports, importsOf[dir]), difference(importsOf[dir], imports); len(more)+len(fewer) > 0 {
				t.Errorf("%s: %s %v imports %v more and %v fewer packages than %s %v: give them different sets in %s",
					dir, a.Framework, a.Features, more, fewer, first.Framework, first.Features, generator.ManifestFile)
				break
			}
		}
	}
	for i, dir := range order {
		for _, other := range order[:i] {
			if slices.Equal(importsOf[dir], importsOf[other]) {
				t.Errorf("%s and %s import the same packages: make them one set in %s", other, dir, generator.ManifestFile)
			}
		}
	}
}

// readManifest reads the manifest of the built-in templates.
func readManifest(t *testing.T) generator.Manifest {
	t.Helper()
	m, err := generator.ReadManifest(templates.FS(), "")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// setsOf groups answers for every framework and every set of features by the dependency
// set whose module files the manifest selects for them, and returns the sets in the order
// first selected. It fails when answers select no set, or a set is selected by no answers.
func setsOf(t *testing.T, m generator.Manifest) (map[string][]answers.Answers, []string) {
	t.Helper()
	sets := map[string][]answers.Answers{}
	var order []string
	for _, a := range allAnswers() {
		dir, err := setOf(m, a)
		if err != nil {
			t.Fatal(err)
		}
		if sets[dir] == nil {
			order = append(order, dir)
		}
		sets[dir] = append(sets[dir], a)
	}
	for _, e := range m.Files {
		if dir := path.Dir(e.TemplateName()); strings.HasPrefix(dir, depsDir+"/") && sets[dir] == nil {
			t.Errorf("%s: %s is selected by no answers", generator.ManifestFile, e.TemplateName())
		}
	}
	return sets, order
}

// allAnswers returns answers for every framework and every set of features.
func allAnswers() []answers.Answers {
	features := answers.Features()
	var all []answers.Answers
	framework, _ := answers.Lookup(answers.KeyFramework)
	for _, o := range framework.Options() {
		fw := o.Value
		for mask := range 1 << len(features) {
			var on []string
			for i, f := range features {
				if mask&(1<<i) != 0 {
					on = append(on, f)
				}
			}
			all = append(all, answers.Answers{
				Module: probeModule, Name: path.Base(probeModule), Framework: fw, Go: goVersions()[0],
				Features: on, CI: "github", HTTPPort: 8080, AdminPort: 6060,
			})
		}
	}
	return all
}

// goVersions returns the go lines to tidy with: the oldest a project may have and, when it
// is newer, the running toolchain's, which proves the stored files hold for either.
func goVersions() []string {
	oldest := fmt.Sprintf("1.%d", answers.MinGoMinor)
	if own := answers.DefaultGo(); own != oldest {
		return []string{oldest, own}
	}
	return []string{oldest}
}

// setOf returns the dependency set directory whose go.mod and go.sum the manifest selects
// for a.
func setOf(m generator.Manifest, a answers.Answers) (string, error) {
	selected := map[string][]string{}
	for _, e := range m.Files {
		if (e.Path == "go.mod" || e.Path == "go.sum") && e.When.Holds(a) {
			selected[e.Path] = append(selected[e.Path], e.TemplateName())
		}
	}
	mod, sum := selected["go.mod"], selected["go.sum"]
	what := fmt.Sprintf("%s: framework %s, features %v", generator.ManifestFile, a.Framework, a.Features)
	switch {
	case len(mod) != 1 || len(sum) != 1:
		return "", fmt.Errorf("%s: want one go.mod and one go.sum, the manifest selects %v and %v", what, mod, sum)
	case path.Dir(mod[0]) != path.Dir(sum[0]) || path.Base(mod[0]) != "go.mod.tmpl" || path.Base(sum[0]) != "go.sum.tmpl":
		return "", fmt.Errorf("%s: go.mod and go.sum must come from one %s/<set>/ directory, not %s and %s", what, depsDir, mod[0], sum[0])
	case path.Dir(path.Dir(mod[0])) != depsDir:
		return "", fmt.Errorf("%s: the module files %s are not in %s/<set>/", what, mod[0], depsDir)
	}
	return path.Dir(mod[0]), nil
}

// render renders the project for a, with its go.mod and go.sum if withModFiles (they
// are left out when they are what is being made or checked against imports alone: a new
// set has none yet).
func render(t *testing.T, a answers.Answers, withModFiles bool) []generator.File {
	t.Helper()
	p := generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true}
	if !withModFiles {
		// Module files of a pack's own stand in for those of a dependency set that has
		// none yet (make deps writes them), and are left out of what is returned: a
		// render may not leave them out.
		overlay := fstest.MapFS{}
		for _, e := range readManifest(t).Files {
			if e.Path == "go.mod" || e.Path == "go.sum" {
				overlay[e.TemplateName()] = &fstest.MapFile{Data: []byte("module {{.Module}}\n")}
			}
		}
		p.Preset.Overlay = overlay
	}
	files, err := generator.Render(context.Background(), p)
	if err == nil && !withModFiles {
		files = slices.DeleteFunc(files, func(f generator.File) bool { return f.Path == "go.mod" || f.Path == "go.sum" })
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("render %s %v: %v (a new dependency set? run make deps)", a.Framework, a.Features, err)
	}
	if err != nil {
		t.Fatalf("render %s %v: %v", a.Framework, a.Features, err)
	}
	return files
}

// externalImports returns the packages files import from outside the standard library
// and the probe module.
func externalImports(t *testing.T, files []generator.File) []string {
	t.Helper()
	imports, err := generator.ExternalImports(files, probeModule)
	if err != nil {
		t.Fatal(err)
	}
	return imports
}

// difference returns the elements of a that b lacks.
func difference(a, b []string) []string {
	var d []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			d = append(d, x)
		}
	}
	return d
}

// renderRequires renders requiresTemplate for a, through the engine: a template tree
// whose manifest declares the built-in features and one file, go.mod, from it.
func renderRequires(t *testing.T, a answers.Answers) []byte {
	t.Helper()
	manifest, err := fs.ReadFile(templates.FS(), generator.ManifestFile)
	if err != nil {
		t.Fatal(err)
	}
	features, _, ok := strings.Cut(string(manifest), "\nfiles:\n")
	if !ok {
		t.Fatalf("%s has no files: section", generator.ManifestFile)
	}
	text, err := os.ReadFile(requiresTemplate)
	if err != nil {
		t.Fatal(err)
	}
	versions, err := fs.ReadFile(templates.FS(), generator.VersionsFile)
	if err != nil {
		t.Fatal(err)
	}
	tree := fstest.MapFS{
		generator.ManifestFile:                         {Data: []byte(features + "\nfiles:\n  - path: go.mod\n    template: " + requiresTemplate + "\n")},
		generator.VersionsFile:                         {Data: versions},
		generator.TemplateDir + "/" + requiresTemplate: {Data: text},
	}
	files, err := generator.Render(context.Background(), generator.Project{Templates: tree, Answers: a, NoRecord: true})
	if err != nil {
		t.Fatal(err)
	}
	return files[0].Content
}

// tidy writes files and goMod into a temporary directory, runs go mod tidy there, and
// returns the resulting go.mod and go.sum.
func tidy(t *testing.T, set string, files []generator.File, goMod []byte) (mod, sum []byte) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		if f.Path == "go.mod" || f.Path == "go.sum" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Content, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), goMod, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "go", "mod", "tidy")
	cmd.Dir = dir
	// Outside any workspace, and free to write go.mod whatever GOFLAGS the caller has.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: go mod tidy (needs the module proxy or a warm module cache): %v\n%s", set, err, out)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err = os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	return mod, sum
}

// modTemplate turns the go.mod that tidy wrote for the probe module and goVersion into a
// template of any module and go line.
func modTemplate(goMod []byte, goVersion string) (string, error) {
	head := "module " + probeModule + "\n\ngo " + goVersion + ".0\n"
	rest, ok := strings.CutPrefix(string(goMod), head)
	if !ok {
		return "", fmt.Errorf("go mod tidy wrote a go.mod that does not start with %q", head)
	}
	if strings.Contains(rest, "{{") {
		return "", fmt.Errorf("go.mod holds {{, which would start a template action")
	}
	return "module {{.Module}}\n\ngo {{.GoLine}}\n" + rest, nil
}

// fileContent returns the content of the file at p among files.
func fileContent(files []generator.File, p string) string {
	i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == p })
	if i < 0 {
		return ""
	}
	return string(files[i].Content)
}

// writeDeps replaces the dependency set directories with want (paths below the project
// templates), so that a set dropped from the manifest leaves no files behind.
func writeDeps(t *testing.T, want map[string]string) {
	t.Helper()
	root := filepath.Join(generator.TemplateDir, depsDir)
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	for name, content := range want {
		p := filepath.Join(generator.TemplateDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
