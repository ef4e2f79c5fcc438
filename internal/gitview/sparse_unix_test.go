//go:build unix

package gitview_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestSparseRepoOfAKilledRunIsSwept: the scratch repository in which git reads a
// non-cone sparse checkout's patterns is marked in use while it runs, so that the one a
// run killed outright leaves is removed by scratch.Sweep in a later run. A git that
// copies the repository, as the killed run would leave it, stands in for the kill.
func TestSparseRepoOfAKilledRunIsSwept(t *testing.T) {
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	tmp, bin, dir := t.TempDir(), t.TempDir(), t.TempDir()
	left := filepath.Join(tmp, gitview.SparsePrefix+"killed")
	wrapper := "#!/bin/sh\nfor a; do [ \"$a\" = check-ignore ] && { cp -R . \"$LEFT\" || exit 1; }; done\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TMPDIR", tmp)
	t.Setenv("LEFT", left)
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	for _, args := range [][]string{{"init", "-q"}, {"config", "core.sparseCheckout", "true"}} {
		cmd := exec.Command(real, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "info", "sparse-checkout"), []byte("/api/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := gitview.OutsideSparse(context.Background(), env, dir, []string{"api/a.go", "web/b.go"})
	if err != nil || !slices.Equal(got.Paths, []string{"web/b.go"}) {
		t.Fatalf("OutsideSparse: %+v, %v", got, err)
	}
	if _, err := os.Lstat(filepath.Join(left, ".git")); err != nil {
		t.Fatalf("git did not copy the scratch repository: %v", err)
	}
	if removed := scratch.Sweep("", gitview.SparsePrefix); !slices.Equal(removed, []string{left}) {
		t.Errorf("Sweep removed %q, want the killed run's %s", removed, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's scratch repository: %v, want it removed", err)
	}
}
