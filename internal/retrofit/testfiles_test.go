package retrofit

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestTestFilesNamedPipe checks that add reads only the regular test files of the user's
// to find their imports: a named pipe named x_test.go, which an open would wait on for a
// writer (the old code's did, until the test let it go), and a link to one, are left out,
// and a test file beside them is read.
func TestTestFilesNamedPipe(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":              "module example.test/svc\n\ngo 1.26\n",
		"main.go":             "package main\n\nfunc main() {}\n",
		"tools/tools_test.go": "package tools\n\nimport \"example.test/svc/lib\"\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pipe := filepath.Join(dir, "tools", "pipe_test.go")
	treetest.Mkfifo(t, pipe, 0o600)
	if err := os.Symlink("pipe_test.go", filepath.Join(dir, "tools", "link_test.go")); err != nil {
		t.Fatal(err)
	}
	r, err := repo.OpenDir(context.Background(), dir, ".", "svc")
	if err != nil {
		t.Fatal(err)
	}
	p := &planner{t: &Target{Dir: dir, Repo: r, Module: r.Modules[0]}}
	// Returns lets each open go (the file's, then the link's) should add wait.
	files := treetest.Returns(t, pipe, 5*time.Second, "add waited on the named pipe tools/pipe_test.go", p.testFiles)
	if len(files) != 1 || files[0].Path != "tools/tools_test.go" || len(files[0].Imports) != 1 {
		t.Errorf("testFiles = %+v, want tools/tools_test.go and its import alone", files)
	}
}
