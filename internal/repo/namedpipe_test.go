package repo_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// TestGoModNamedPipe checks that a go.mod that is a named pipe, whose open waits for a
// writer for good, is not opened where add reads a user's go.mod while it plans: a
// go.work member's (workspace.Parse, an error naming it) and the module's own or a
// parent's (repo.Enclosing, which then finds no enclosing module).
func TestGoModNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		pipe string // the named pipe, relative to the root
		run  func(t *testing.T, root string)
	}{
		{"go.work member", "other/go.mod", func(t *testing.T, root string) {
			work := "go 1.22\n\nuse (\n\t./svc\n\t./other\n)\n"
			_, err := workspace.Parse(filepath.Join(root, "go.work"), []byte(work), filepath.Join(root, "svc"))
			if !errors.Is(err, generator.ErrNotRegular) {
				t.Errorf("err = %v, want one wrapping %v", err, generator.ErrNotRegular)
			}
		}},
		{"parent go.mod", "go.mod", func(t *testing.T, root string) {
			if e, ok := repo.Enclosing(os.DirFS(root), "pkg"); ok {
				t.Errorf("Enclosing = %+v, want none for a pipe", e)
			}
		}},
		{"own go.mod", "other/go.mod", func(t *testing.T, root string) {
			if e, ok := repo.Enclosing(os.DirFS(root), "other"); ok {
				t.Errorf("Enclosing = %+v, want none for a pipe", e)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{".git", "svc", "other", "pkg"} {
				if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "svc", "go.mod"), []byte("module example.test/svc\n\ngo 1.22\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			pipe := filepath.Join(root, filepath.FromSlash(tc.pipe))
			treetest.Mkfifo(t, pipe, 0o600)
			treetest.Returns(t, pipe, 5*time.Second, "the named pipe "+tc.pipe+" was opened", func() struct{} {
				tc.run(t, root) // t.Errorf only: a t.Fatal here would end the goroutine before it returns
				return struct{}{}
			})
		})
	}
}
