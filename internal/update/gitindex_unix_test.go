//go:build unix

package update

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestIndexCopyOfAKilledRunIsSwept: the directory holding the copy of git's index that
// the marks are tried on (as large as the index: tens of MB in a monorepo) is marked in
// use while PrepareMarks runs, so that the one a run killed outright leaves is removed
// by scratch.Sweep in a later run. A git that copies the directory, as the killed run
// would leave it, stands in for the kill.
func TestIndexCopyOfAKilledRunIsSwept(t *testing.T) {
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	tmp, bin := t.TempDir(), t.TempDir()
	left := filepath.Join(tmp, IndexPrefix+"killed")
	wrapper := "#!/bin/sh\nif [ -n \"$GIT_INDEX_FILE\" ] && [ \"$1\" = update-index ] && [ ! -e \"$LEFT\" ]; then cp -R \"$(dirname \"$GIT_INDEX_FILE\")\" \"$LEFT\" || exit 1; fi\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TMPDIR", tmp)
	t.Setenv("LEFT", left)
	dir, env, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"a.txt": "yours\n"})
	git("add", "a.txt")
	git("commit", "-qm", "init")
	steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
	if _, err := PrepareMarks(context.Background(), env, dir, steps); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(left, "index")); err != nil {
		t.Fatalf("git did not copy the index's directory: %v", err)
	}
	if got := scratch.Sweep("", IndexPrefix); len(got) != 1 || got[0] != left {
		t.Errorf("Sweep removed %q, want the killed run's %s", got, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's copy of the index: %v, want it removed", err)
	}
}
