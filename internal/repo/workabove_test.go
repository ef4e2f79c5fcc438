package repo

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestWorkAboveNotRegular opens a repository (top/w/repo) below a go.work that uses its
// module (top/go.work) and checks which go.work above the root it takes, as the go
// command finds one (workspace.Find): the first that is not a directory. A named pipe
// nearer the root, or a link to one (absolute too), is the go.work the go command uses
// (and waits on): it is never opened, becomes a Problem, and the one further up is not
// taken; so for one too large to read, and for a go.work at the root that is not read.
func TestWorkAboveNotRegular(t *testing.T) {
	const uses = "go 1.26\n\nuse ./w/repo\n"
	tests := []struct {
		name    string
		near    string // what top/w/go.work is: "", "dir", "pipe", "link", "abslink", "large"
		root    string // what top/w/repo/go.work is: "", "pipe", "bogus"
		work    string // the go.work of Works, "" for none
		problem string // the Problem's file, "" for none
	}{
		{"none nearer", "", "", "../../go.work", ""},
		{"a directory nearer", "dir", "", "../../go.work", ""},
		{"a named pipe nearer", "pipe", "", "", "../go.work"},
		{"a link to a named pipe nearer", "link", "", "", "../go.work"},
		{"an absolute link to a named pipe nearer", "abslink", "", "", "../go.work"},
		{"one too large nearer", "large", "", "", "../go.work"},
		{"a named pipe at the root", "", "pipe", "", "go.work"},
		{"one at the root that does not parse", "", "bogus", "", "go.work"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			for name, src := range map[string]string{
				"go.work":        uses,
				"w/repo/go.mod":  "module example.test/svc\n\ngo 1.26\n",
				"w/repo/main.go": "package main\n\nfunc main() {}\n",
			} {
				p := filepath.Join(top, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pipe := filepath.Join(top, "w", "pipes", "fifo")
			if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			near := filepath.Join(top, "w", "go.work")
			var err error
			switch tt.near {
			case "dir":
				err = os.Mkdir(near, 0o755)
			case "pipe":
				treetest.Mkfifo(t, near, 0o600)
			case "link":
				err = os.Symlink("pipes/fifo", near)
			case "abslink":
				err = os.Symlink(pipe, near)
			case "large":
				err = os.WriteFile(near, []byte(uses+strings.Repeat("\n", maxGoWork)), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			switch tt.root {
			case "pipe":
				treetest.Mkfifo(t, filepath.Join(top, "w", "repo", "go.work"), 0o600)
			case "bogus":
				err = os.WriteFile(filepath.Join(top, "w", "repo", "go.work"), []byte("go 1.26\n\nbogus directive\n"), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := OpenDir(t.Context(), top, "w/repo", "repo")
			if err != nil {
				t.Fatal(err)
			}
			var works []string
			for _, w := range r.Works {
				works = append(works, w.Path)
			}
			if want := slices.DeleteFunc([]string{tt.work}, func(s string) bool { return s == "" }); !slices.Equal(works, want) {
				t.Errorf("works = %q, want %q", works, want)
			}
			var problems []string
			for _, p := range r.Problems {
				problems = append(problems, p.File)
			}
			if tt.problem == "" && len(problems) > 0 || tt.problem != "" && !slices.Contains(problems, tt.problem) {
				t.Errorf("problems = %v, want one of %q", r.Problems, tt.problem)
			}
		})
	}
}
