package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

var update = flag.Bool("update", false, "rewrite the expected reports testdata/*/audit.golden.json")

// goldenName is the expected report of a case, inside the case's directory (JSON
// files are not read by the audit).
const goldenName = "audit.golden.json"

// TestCases audits each synthetic repository under testdata and compares the JSON
// report with the case's audit.golden.json: a changed verdict, message or evidence
// line fails. The options of a case are in its options.json, when it has one.
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var opts Options
			if b, err := os.ReadFile(filepath.Join(dir, "options.json")); err == nil {
				if err := json.Unmarshal(b, &opts); err != nil {
					t.Fatal(err)
				}
			}
			got := report(t, dir, opts)
			golden := filepath.Join(dir, goldenName)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/audit -run TestCases -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report differs from %s:\n%s", golden, udiff.Unified("want", "got", string(want), string(got)))
			}
		})
	}
	if n < 15 {
		t.Errorf("%d cases under testdata, want at least 15", n)
	}
}

// report audits dir and returns the indented JSON report.
func report(t *testing.T, dir string, opts Options) []byte {
	t.Helper()
	r, err := repo.OpenIn(context.Background(), caseFS(t, dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), r, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// caseFS returns the files of a case directory, with NAME.go.in read as NAME.go: Go
// files that must not parse are stored so, out of reach of gofmt and go vet.
func caseFS(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	tree := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, p))
		tree[strings.TrimSuffix(p, ".in")] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
