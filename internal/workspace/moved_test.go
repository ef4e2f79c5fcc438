package workspace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
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

// TestMovedFileSum: MovedFile copies the go.work.sum beside File when it is a regular
// file, copies none when there is none, and refuses, naming it, one that is not a
// regular file (a named pipe) at once, without waiting on it.
func TestMovedFileSum(t *testing.T) {
	tests := []struct {
		name    string
		sum     func(t *testing.T, path string)
		want    string // the go.work.sum copied; "" for none
		wantErr error
	}{
		{"a regular file", func(t *testing.T, path string) { write(t, filepath.Dir(path), "go.work.sum", "h1\n") }, "h1\n", nil},
		{"none", func(t *testing.T, path string) {}, "", nil},
		{"a named pipe", func(t *testing.T, path string) { treetest.Mkfifo(t, path, 0o600) }, "", generator.ErrNotRegular},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			t.Setenv("TMPDIR", t.TempDir())
			write(t, root, "svc/go.mod", "module example.com/svc\n")
			content := []byte("go 1.26.0\n\nuse ./svc\n")
			w, err := Parse(filepath.Join(root, "go.work"), content, filepath.Join(root, "svc"))
			if err != nil {
				t.Fatal(err)
			}
			sum := filepath.Join(root, "go.work.sum")
			tt.sum(t, sum)
			type result struct {
				file string
				done func()
				err  error
			}
			r := treetest.Returns(t, sum, 5*time.Second, "MovedFile waited on the go.work.sum", func() result {
				file, done, err := w.MovedFile(content, filepath.Join(root, "svc"), filepath.Join(root, "copy"))
				return result{file, done, err}
			})
			if tt.wantErr != nil {
				if !errors.Is(r.err, tt.wantErr) || !strings.Contains(fmt.Sprint(r.err), sum) {
					t.Fatalf("MovedFile: %v, want %v naming %s", r.err, tt.wantErr, sum)
				}
				return
			}
			if r.err != nil {
				t.Fatal(r.err)
			}
			defer r.done()
			data, err := os.ReadFile(filepath.Join(filepath.Dir(r.file), "go.work.sum"))
			switch {
			case tt.want == "" && !errors.Is(err, os.ErrNotExist):
				t.Errorf("go.work.sum beside the go.work made: %q, %v; want none", data, err)
			case tt.want != "" && string(data) != tt.want:
				t.Errorf("go.work.sum beside the go.work made: %q, %v; want %q", data, err, tt.want)
			}
		})
	}
}
