package generator_test

import (
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/textdiff"
	"github.com/gonew-prod/gonew-prod/templates"
)

var update = flag.Bool("update", false, "rewrite the golden trees under ../golden from their .gonew-prod.yaml answers")

const goldenRoot = "../golden"

// renderCase reads the answers and preset recorded in golden/<name>/.gonew-prod.yaml and
// renders the case from the built-in templates and the preset's overlay.
func renderCase(t testing.TB, dir string) []generator.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, generator.RecordFile))
	if err != nil {
		t.Fatal(err)
	}
	var rec generator.Record
	if err := yaml.Unmarshal(data, &rec); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	// A case made with a pack names it as a path relative to the repository root.
	var pack preset.Pack
	if rec.Preset.Source == "builtin" {
		pack, err = preset.Builtin(rec.Preset.Name)
	} else {
		pack, err = preset.Resolver{Dir: ".."}.Resolve(context.Background(), rec.Preset.Source)
	}
	if err != nil {
		t.Fatalf("%s: preset: %v", dir, err)
	}
	files, err := preset.Render(rec.Answers, pack)
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
				plan, err := generator.Plan(dir, files)
				if err != nil {
					t.Fatal(err)
				}
				if err := generator.Write(context.Background(), dir, plan, generator.WriteOptions{}); err != nil {
					t.Fatal(err)
				}
				return
			}
			compareTree(t, dir, files)
		})
	}
}

// compareTree reports every file that is missing from dir, unexpected in it, or differs
// in content or mode from files.
func compareTree(t *testing.T, dir string, files []generator.File) {
	t.Helper()
	want := map[string]generator.File{}
	for _, f := range files {
		want[f.Path] = f
	}
	var onDisk []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		onDisk = append(onDisk, rel)
		f, ok := want[rel]
		if !ok {
			t.Errorf("unexpected file %s (not rendered any more: run go test ./generator -update)", rel)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if diff := textdiff.Unified("golden/"+rel, "rendered/"+rel, string(got), string(f.Content)); diff != "" {
			t.Errorf("%s differs from the rendered output:\n%s", rel, diff)
		}
		if exec := info.Mode().Perm()&0o111 != 0; exec != (f.Mode&0o111 != 0) {
			t.Errorf("%s: golden mode %04o, rendered %04o", rel, info.Mode().Perm(), f.Mode)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.Contains(onDisk, f.Path) {
			t.Errorf("missing file %s (rendered but not in golden: run go test ./generator -update)", f.Path)
		}
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

// TestEveryTemplateIsUsed fails on a template file that the manifest never names, so dead
// templates cannot pile up.
func TestEveryTemplateIsUsed(t *testing.T) {
	m, err := generator.ReadManifest(templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, e := range m.Files {
		named[e.TemplateName()] = true
	}
	err = fs.WalkDir(templates.FS(), generator.TemplateDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p[len(generator.TemplateDir)+1:]
		if !named[rel] {
			t.Errorf("template %s is not named in %s", rel, generator.ManifestFile)
		}
		delete(named, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel := range named {
		t.Errorf("%s names %s, which does not exist", generator.ManifestFile, rel)
	}
}
