package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestMovedFileOfAKilledRunIsSwept: the directory holding MovedFile's go.work, which the
// gate builds the copy with for as long as it runs, is marked in use until done, so that
// the one a run killed outright leaves is removed by scratch.Sweep in a later run. A copy
// of the directory made before done stands in for the kill.
func TestMovedFileOfAKilledRunIsSwept(t *testing.T) {
	root, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	write(t, root, "svc/go.mod", "module example.com/svc\n")
	write(t, root, "lib/go.mod", "module example.com/lib\n")
	content := []byte("go 1.26.0\n\nuse (\n\t./lib\n\t./svc\n)\n")
	w, err := Parse(filepath.Join(root, "go.work"), content, filepath.Join(root, "svc"))
	if err != nil {
		t.Fatal(err)
	}
	file, done, err := w.MovedFile(content, filepath.Join(root, "svc"), filepath.Join(tmp, "copy"))
	if err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(tmp, WorkPrefix+"killed")
	if err := os.CopyFS(left, os.DirFS(filepath.Dir(file))); err != nil {
		t.Fatal(err)
	}
	if got := scratch.Sweep("", WorkPrefix); !slices.Equal(got, []string{left}) {
		t.Errorf("Sweep removed %q, want the killed run's %s alone", got, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's go.work: %v, want it removed", err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("the go.work in use: %v, want it kept until done", err)
	}
	done()
	if _, err := os.Stat(filepath.Dir(file)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after done: %v, want the directory removed", err)
	}
}
