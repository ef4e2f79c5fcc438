package update

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestOuterWorkspaceNamedPipe checks that update, given a named pipe for the go.work the
// go command uses for the project (GOWORK), refuses it at once, saying it cannot be read,
// instead of waiting on its open for a writer for good.
func TestOuterWorkspaceNamedPipe(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(t.TempDir(), "go.work")
	treetest.Mkfifo(t, pipe, 0o600)
	done := make(chan error, 1)
	go func() {
		_, _, _, err := outerWorkspace(dir, ".", t.TempDir(), []string{"GOWORK=" + pipe})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, generator.ErrNotRegular) {
			t.Errorf("err = %v, want one of a go.work that is not a regular file", err)
		}
	case <-time.After(5 * time.Second):
		treetest.Unblock(pipe, func() bool { return len(done) == 0 }) // let the open go: a writer at the other end
		t.Fatal("update waited on the named pipe go.work")
	}
}
