package templates_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
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
// exactly what `go mod tidy` makes of requires.go.mod.tmpl for a project of that set, and
// that no module they select is at a version its author retracted. With -update it
// rewrites them instead (`make deps`), refusing a set that selects a retracted version. It
// runs go mod tidy and reads every module's retractions, which needs the module proxy, so
// it is skipped with -short, and with -race (make test runs it once, in verify-deps).
func TestModuleFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy for every dependency set: skipped with -short")
	}
	if raceDetector && !*update {
		t.Skip("runs go mod tidy for every dependency set, which the race detector does not check: make verify-deps runs it without, once in make test")
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
			if i == 0 {
				noRetracted(t, dir, gotMod, gotSum)
			}
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
	if *update && !t.Failed() {
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
		if (e.Path == "go.mod" || e.Path == "go.sum") && e.When.Holds(a, nil) {
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
		t.Fatalf("%s: go mod tidy (needs the module proxy): %v\n%s", set, err, out)
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

// noRetracted marks the test failed when the build list of a dependency set's tidied go.mod and
// go.sum selects a module version its author retracted: go mod tidy keeps such a version
// whenever a requirement asks for it, so versions.yaml must require a later one. It
// stops the test when no module's retractions can be read, since then it would check nothing.
func noRetracted(t *testing.T, set string, mod, sum []byte) {
	t.Helper()
	retracted, unread, err := retractedModules(t.Context(), mod, sum)
	if err != nil {
		t.Fatalf("%s: %v", set, err)
	}
	if len(unread) > 0 {
		t.Logf("%s: the module proxy gives no retractions of %s", set, strings.Join(unread, ", "))
	}
	if len(retracted) > 0 {
		t.Errorf("%s selects module versions their authors retracted:\n\t%s\nrequire a later version that is not retracted (a key in %s, its require in %s), then run make deps",
			set, strings.Join(retracted, "\n\t"), generator.VersionsFile, requiresTemplate)
	}
}

// retractedModules writes mod and sum into a temporary module and asks the go command
// which modules of its build list are at a retracted version (path@version: reason), and
// which modules' retractions it could not read (the proxy refused their version list). The
// go command reads retractions from each module's latest go.mod, through GOPROXY. It
// returns an error when it could read none.
func retractedModules(ctx context.Context, mod, sum []byte) (retracted, unread []string, err error) {
	dir, err := os.MkdirTemp("", "retracted")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	for name, content := range map[string][]byte{"go.mod": mod, "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return nil, nil, err
		}
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	goproxy := exec.CommandContext(ctx, "go", "env", "GOPROXY")
	goproxy.Env = env
	proxy, err := goproxy.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go env GOPROXY: %w", err)
	}
	// With GOPROXY=off the go command reports no retractions and no error.
	if first, _, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(string(proxy)), "|", ","), ","); first == "off" {
		return nil, nil, errors.New("retractions are read through the module proxy, and GOPROXY is off: set GOPROXY (https://proxy.golang.org,direct by default)")
	}
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-e", "-retracted", "-json=Path,Version,Main,Retracted,Error", "all")
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list -m -retracted all: %w\n%s", err, stderr.Bytes())
	}
	read := 0
	for d := json.NewDecoder(bytes.NewReader(out)); ; {
		var m struct {
			Path, Version string
			Main          bool
			Retracted     []string
			Error         *struct{ Err string }
		}
		if err := d.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("go list -m -retracted all: %w", err)
		}
		switch {
		case m.Main:
		case m.Error != nil:
			unread = append(unread, m.Path+"@"+m.Version)
		case len(m.Retracted) > 0:
			read++
			retracted = append(retracted, m.Path+"@"+m.Version+": "+strings.Join(strings.Fields(strings.Join(m.Retracted, " ")), " "))
		default:
			read++
		}
	}
	if read == 0 && len(unread) > 0 {
		return nil, nil, fmt.Errorf("no module's retractions could be read (is the module proxy reachable?): %s", strings.Join(unread, ", "))
	}
	return retracted, unread, nil
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

// TestRetractedModules checks, against a module proxy in a directory, that
// retractedModules reports a required version its module's latest go.mod retracts, and
// only that one, and that it refuses to report nothing when it can read no retractions.
func TestRetractedModules(t *testing.T) {
	proxy := t.TempDir()
	publish := func(mod, version, goMod string) {
		t.Helper()
		dir := filepath.Join(proxy, filepath.FromSlash(mod), "@v")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		list, _ := os.ReadFile(filepath.Join(dir, "list"))
		for name, content := range map[string]string{
			"list":            string(list) + version + "\n",
			version + ".info": `{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`,
			version + ".mod":  goMod,
		} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	publish("example.com/bad", "v1.0.0", "module example.com/bad\n")
	publish("example.com/bad", "v1.1.0", "module example.com/bad\n\n// v1.0.0 panics on\n// empty input.\nretract v1.0.0\n")
	publish("example.com/good", "v1.0.0", "module example.com/good\n")
	publish("example.com/good", "v1.1.0", "module example.com/good\n\nretract v0.9.0 // unrelated\n")
	modCache := t.TempDir()
	t.Cleanup(func() { // the module cache is read-only
		cmd := exec.Command("go", "clean", "-modcache")
		cmd.Env = append(os.Environ(), "GOMODCACHE="+modCache)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go clean -modcache: %v\n%s", err, out)
		}
	})
	t.Setenv("GOMODCACHE", modCache)
	t.Setenv("GOSUMDB", "off")
	mod := []byte("module example.com/probe\n\ngo 1.26\n\nrequire (\n\texample.com/bad v1.0.0\n\texample.com/good v1.0.0\n)\n")

	for _, tc := range []struct {
		name, goproxy, wantErr string
		want                   []string
	}{
		{name: "from the proxy", goproxy: "file://" + filepath.ToSlash(proxy),
			want: []string{"example.com/bad@v1.0.0: v1.0.0 panics on empty input."}},
		{name: "proxy off", goproxy: "off", wantErr: "GOPROXY is off"},
		{name: "proxy unreachable", goproxy: "http://127.0.0.1:1", wantErr: "no module's retractions could be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOPROXY", tc.goproxy)
			retracted, unread, err := retractedModules(t.Context(), mod, nil)
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("retractedModules = %q, unread %q, error %v; want an error with %q", retracted, unread, err, tc.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case !slices.Equal(retracted, tc.want) || len(unread) > 0:
				t.Errorf("retractedModules = %q, unread %q; want %q, none unread", retracted, unread, tc.want)
			}
		})
	}
}
