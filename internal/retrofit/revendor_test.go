package retrofit

import (
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestRevendor re-vendors, as update does after merging go.mod, a module below the tree
// (svc) whose vendor/ holds a module replaced by a directory, once the merged go.mod
// requires a second one: the new module's files and modules.txt are changes of the tree,
// with its paths and its content as Old. A vendor/modules.txt out of date with the go.mod
// before the update, and a file of no vendored module in vendor/, are refused.
func TestRevendor(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
	const (
		mod    = "module example.com/svc\n\ngo 1.26\n\nrequire example.com/one v0.0.0\n\nreplace example.com/one => ../one\n"
		merged = mod + "\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n"
	)
	setUp := func(t *testing.T) (dir, work string) {
		dir = t.TempDir()
		for p, body := range map[string]string{
			"one/go.mod":  "module example.com/one\n\ngo 1.26\n",
			"one/one.go":  "package one\n\nconst X = 1\n",
			"dep/go.mod":  "module example.com/dep\n\ngo 1.26\n",
			"dep/dep.go":  "package dep\n\nconst Y = 2\n",
			"svc/go.mod":  mod,
			"svc/main.go": "package main\n\nimport \"example.com/one\"\n\nfunc main() { println(one.X) }\n",
		} {
			writeTestFile(t, dir, p, body)
		}
		if err := (poststep.Runner{Env: env}).Go(context.Background(), filepath.Join(dir, "svc"), "mod", "vendor"); err != nil {
			t.Fatal(err)
		}
		// The copy the update checks: beside the tree's module, with the merged go.mod.
		work = filepath.Join(dir, "copy")
		if err := scratch.Copy(filepath.Join(dir, "svc"), work, nil, nil); err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, work, "go.mod", merged)
		writeTestFile(t, work, "main.go", "package main\n\nimport (\n\t\"example.com/dep\"\n\t\"example.com/one\"\n)\n\nfunc main() { println(one.X, dep.Y) }\n")
		return dir, work
	}
	run := poststep.Runner{Env: env}

	dir, work := setUp(t)
	changes, err := Revendor(context.Background(), run, dir, "svc", work, []byte(mod))
	if err != nil {
		t.Fatalf("Revendor: %v", err)
	}
	byPath := map[string]generator.Change{}
	for _, c := range changes {
		byPath[c.Path] = c
	}
	if c, ok := byPath["svc/vendor/example.com/dep/dep.go"]; !ok || c.Old != nil || string(c.Content) != "package dep\n\nconst Y = 2\n" {
		t.Errorf("the new module's file: %+v (%v); changes %v", c, ok, slices.Collect(maps.Keys(byPath)))
	}
	txt, err := os.ReadFile(filepath.Join(dir, "svc", "vendor", "modules.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := byPath["svc/vendor/modules.txt"]; !ok || string(c.Old) != string(txt) || !strings.Contains(string(c.Content), "example.com/dep") {
		t.Errorf("modules.txt: %+v (%v)", c, ok)
	}

	t.Run("out of date", func(t *testing.T) {
		dir, work := setUp(t)
		writeTestFile(t, dir, "svc/vendor/modules.txt", "")
		_, err := Revendor(context.Background(), run, dir, "svc", work, []byte(mod))
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), "svc/vendor/modules.txt is out of date") || !strings.Contains(err.Error(), "run update again") {
			t.Fatalf("Revendor: %v, want a refusal naming the stale modules.txt", err)
		}
	})
	t.Run("a file of no module", func(t *testing.T) {
		dir, work := setUp(t)
		writeTestFile(t, dir, "svc/vendor/NOTES", "ours\n")
		_, err := Revendor(context.Background(), run, dir, "svc", work, []byte(mod))
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), "svc/vendor/NOTES") || !strings.Contains(err.Error(), "run update again") {
			t.Fatalf("Revendor: %v, want a refusal naming vendor/NOTES", err)
		}
	})
}

func writeTestFile(t *testing.T, dir, p, body string) {
	t.Helper()
	f := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
