//go:build unix

package merge

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestMergeDirOfAKilledRunIsSwept: the directory holding the three versions git
// merge-file merges (the user's edited file among them) is marked in use while it runs,
// so that the one a run killed outright leaves is removed by scratch.Sweep in a later
// run. A git that copies the directory, as the killed run would leave it, stands in for
// the kill.
func TestMergeDirOfAKilledRunIsSwept(t *testing.T) {
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	cp, err := exec.LookPath("cp")
	if err != nil {
		t.Skip("cp is not installed")
	}
	tmp, bin := t.TempDir(), t.TempDir()
	left := filepath.Join(tmp, ScratchPrefix+"killed")
	// git merge-file runs without the process's environment: the paths are in the script.
	wrapper := "#!/bin/sh\nif [ \"$1\" = merge-file ]; then " + cp + " -R . '" + left + "' || exit 1; fi\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TMPDIR", tmp)
	r, err := Lines(context.Background(), []byte("a\nb\nc\n"), []byte("yours\nb\nc\n"), []byte("a\nb\ntheirs\n"), Labels{Ours: "ours", Base: "base", Theirs: "theirs"})
	if err != nil || string(r.Merged) != "yours\nb\ntheirs\n" {
		t.Fatalf("Lines: %q, %v", r.Merged, err)
	}
	if got, err := os.ReadFile(filepath.Join(left, "ours")); err != nil || string(got) != "yours\nb\nc\n" {
		t.Fatalf("git did not copy the merge's directory: %q, %v", got, err)
	}
	if got := scratch.Sweep("", ScratchPrefix); !slices.Equal(got, []string{left}) {
		t.Errorf("Sweep removed %q, want the killed run's %s", got, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's merge directory: %v, want it removed", err)
	}
}
