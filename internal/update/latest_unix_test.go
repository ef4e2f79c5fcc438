//go:build unix

package update

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestLatestDirOfAKilledRunIsSwept: the directory Latest runs the go command in is
// marked in use while it runs, so that the one a run killed outright leaves is removed
// by scratch.Sweep in a later run. A go command that copies the directory, as the killed
// run would leave it, and answers for the module proxy stands in for the kill.
func TestLatestDirOfAKilledRunIsSwept(t *testing.T) {
	tmp, bin := t.TempDir(), t.TempDir()
	left := filepath.Join(tmp, LatestPrefix+"killed")
	wrapper := "#!/bin/sh\ncp -R . \"$LEFT\" || exit 1\necho '{\"Version\": \"v1.2.3\"}'\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TMPDIR", tmp)
	t.Setenv("LEFT", left)
	if v, err := Latest(context.Background(), os.Environ()); err != nil || v != "v1.2.3" {
		t.Fatalf("Latest: %q, %v", v, err)
	}
	if got := scratch.Sweep("", LatestPrefix); !slices.Equal(got, []string{left}) {
		t.Errorf("Sweep removed %q, want the killed run's %s", got, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's directory: %v, want it removed", err)
	}
}
