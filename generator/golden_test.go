package generator_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/templates"
)

var update = flag.Bool("update", false, "rewrite the golden trees under ../golden from their .gonew-prod.yaml answers")

const goldenRoot = "../golden"

// renderCase renders golden/<name> the way new replays a record: the answers and preset
// recorded in its .gonew-prod.yaml pass through the answers file reader, the recorded
// preset (a pack path is relative to the repository root), defaults, locks and
// validation, then the one render.
func renderCase(t testing.TB, dir string) []generator.File {
	t.Helper()
	return renderCaseWith(t, dir, nil)
}

// renderCaseWith renders the golden case in dir with its answers changed by mutate (none
// when nil).
func renderCaseWith(t testing.TB, dir string, mutate func(*answers.Layer)) []generator.File {
	t.Helper()
	data, err := generator.ReadLimited(os.DirFS(dir), generator.RecordFile, generator.MaxRecordSize)
	if err != nil {
		t.Fatal(err)
	}
	layer, err := answers.ParseFile(filepath.Join(dir, generator.RecordFile), data)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	if layer.Preset == nil {
		t.Fatalf("%s: the record names no preset", dir)
	}
	if mutate != nil {
		mutate(&layer)
	}
	ctx := context.Background()
	pack, err := preset.Resolver{Dir: ".."}.Recorded(ctx, *layer.Preset)
	if err != nil {
		t.Fatalf("%s: preset: %v", dir, err)
	}
	a, _, err := pack.Resolve(layer)
	if err != nil {
		t.Fatalf("%s: answers: %v", dir, err)
	}
	files, err := generator.Render(ctx, pack.Project(a, buildinfo.Get().ModuleVersion))
	if err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	return files
}

func goldenCases(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(goldenRoot)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if e.IsDir() {
			cases = append(cases, e.Name())
		}
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	return cases
}

func TestGolden(t *testing.T) {
	for _, name := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(goldenRoot, name)
			files := renderCase(t, dir)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				steps, err := generator.Plan(nil, nil, files)
				if err != nil {
					t.Fatal(err)
				}
				changes := make([]generator.Change, len(steps))
				for i, s := range steps {
					changes[i] = generator.Change{Path: s.Path, Content: s.File.Content, Mode: s.File.Mode}
				}
				if _, err := generator.Write(context.Background(), dir, changes, generator.WriteOptions{}); err != nil {
					t.Fatal(err)
				}
				return
			}
			compareTree(t, dir, files)
		})
	}
}

// compareTree reports every file that is missing from dir, unexpected in it, or differs
// in content or mode from files: the plan of the render against the golden tree must be
// identical everywhere.
func compareTree(t *testing.T, dir string, files []generator.File) {
	t.Helper()
	steps, err := generator.Plan(os.DirFS(dir), nil, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		switch {
		case s.Class == generator.Identical:
		case !s.Exists() && s.Class == generator.Create:
			t.Errorf("missing file %s (rendered but not in golden: run go test ./generator -update)", s.Path)
		case s.Exists() && string(s.Old) != string(s.File.Content):
			t.Errorf("%s differs from the rendered output:\n%s", s.Path, udiff.Unified("golden/"+s.Path, "rendered/"+s.Path, string(s.Old), string(s.File.Content)))
		default:
			t.Errorf("%s: %s (%s)", s.Path, s.Class, s.Reason)
		}
	}
	rendered := map[string]bool{}
	for _, f := range files {
		rendered[f.Path] = true
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err == nil && !rendered[filepath.ToSlash(rel)] {
			t.Errorf("unexpected file %s (not rendered any more: run go test ./generator -update)", filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	for _, name := range goldenCases(t) {
		dir := filepath.Join(goldenRoot, name)
		first, second := renderCase(t, dir), renderCase(t, dir)
		if len(first) != len(second) {
			t.Fatalf("%s: %d files, then %d", name, len(first), len(second))
		}
		for i := range first {
			if first[i].Path != second[i].Path || string(first[i].Content) != string(second[i].Content) {
				t.Errorf("%s: %s differs between two renders", name, first[i].Path)
			}
		}
	}
}

// TestEveryTemplateIsUsed fails on a template file that no manifest names, and on a
// manifest naming a template that does not exist, so dead templates cannot pile up.
func TestEveryTemplateIsUsed(t *testing.T) {
	named := map[string]string{} // template -> a manifest naming it
	for _, name := range []string{generator.ManifestFile, "retrofit.yaml"} {
		m, err := generator.ReadManifest(templates.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range m.Files {
			named[e.TemplateName()] = name
		}
	}
	err := fs.WalkDir(templates.FS(), generator.TemplateDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p[len(generator.TemplateDir)+1:]
		if _, ok := named[rel]; !ok {
			t.Errorf("template %s is named by no manifest", rel)
		}
		delete(named, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel, m := range named {
		t.Errorf("%s names %s, which does not exist", m, rel)
	}
}

// TestDockerfileTakesTheMakefilesBuildTags checks, for every golden case, that a
// Dockerfile the Makefile's docker target builds with --build-arg BUILD_TAGS (a pack's
// too) takes the argument and builds with it, so that the image holds the binary make
// build makes.
func TestDockerfileTakesTheMakefilesBuildTags(t *testing.T) {
	checked := 0
	for _, name := range goldenCases(t) {
		dir := filepath.Join(goldenRoot, name)
		makefile, err := os.ReadFile(filepath.Join(dir, "Makefile"))
		if err != nil || !strings.Contains(string(makefile), "--build-arg \"BUILD_TAGS=$(BUILD_TAGS)\"") {
			continue
		}
		checked++
		dockerfile, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, want := range []string{"\nARG BUILD_TAGS=", `-tags "${BUILD_TAGS}"`} {
			if !strings.Contains(string(dockerfile), want) {
				t.Errorf("%s: the Makefile passes BUILD_TAGS to docker build, but the Dockerfile lacks %q", name, want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no golden Makefile passes BUILD_TAGS to docker build as this test reads it: a reworded Makefile left it checking nothing")
	}
}

// TestCertsUsageNamesThePort: the usage comment of the generated certs tool calls the
// service on the port it was made with, not the default one.
func TestCertsUsageNamesThePort(t *testing.T) {
	files := renderCaseWith(t, filepath.Join(goldenRoot, "gin-default"), func(l *answers.Layer) {
		l.Set(answers.KeyHTTPPort, 9443, "test")
	})
	i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == "tools/certs/main.go" })
	if i < 0 {
		t.Fatal("gin-default renders no tools/certs/main.go")
	}
	if !bytes.Contains(files[i].Content, []byte("https://localhost:9443/healthz")) {
		t.Errorf("tools/certs/main.go does not call the service on port 9443:\n%s", files[i].Content)
	}
}
