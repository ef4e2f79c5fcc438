package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNoCachingPackagesLinked keeps out of the binary the packages whose initializers
// create a cache directory under $HOME (golang.org/x/tools/imports creates
// ~/.cache/goimports through internal/modindex in every process that links it).
func TestNoCachingPackagesLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, want := range []string{"github.com/gonew-prod/gonew-prod/generator", "github.com/gonew-prod/gonew-prod/cmd/gonew-prod"} {
		if !slices.Contains(deps, want) {
			t.Fatalf("go list -deps does not list %s:\n%s", want, out)
		}
	}
	for _, banned := range []string{"golang.org/x/tools/imports", "golang.org/x/tools/internal/imports", "golang.org/x/tools/internal/modindex"} {
		if slices.Contains(deps, banned) {
			t.Errorf("gonew-prod links %s", banned)
		}
	}
}

// TestNewCreatesNothingInHome runs the real binary, built with go build, with HOME and
// XDG_CACHE_HOME on an empty directory: neither new --dry-run nor new may create anything
// there. The test binary cannot show it: package initializers may behave differently
// when testing.Testing() reports true, as golang.org/x/tools/internal/modindex does.
func TestNewCreatesNothingInHome(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gonew-prod binary")
	}
	bin := filepath.Join(t.TempDir(), "gonew-prod")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home, work := t.TempDir(), t.TempDir()
	env := append(os.Environ(), "HOME="+home, "XDG_CACHE_HOME="+home)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"dry run", []string{"new", "--yes", "--dry-run", "--module", "example.com/acme/orders", filepath.Join(work, "dry")}},
		{"new", []string{"new", "--yes", "--module", "example.com/acme/orders", filepath.Join(work, "orders")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Dir, cmd.Env = work, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("gonew-prod %s: %v\n%s", strings.Join(tt.args, " "), err, out)
			}
			err := filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
				if err == nil && p != home {
					t.Errorf("created %s", p)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(work, "orders", "go.mod")); err != nil {
		t.Errorf("new wrote no project: %v", err)
	}
}
