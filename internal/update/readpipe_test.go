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
	work := t.TempDir()
	err := treetest.Returns(t, pipe, 5*time.Second, "update waited on the named pipe go.work", func() error {
		_, _, _, err := outerWorkspace(dir, ".", work, []string{"GOWORK=" + pipe})
		return err
	})
	if !errors.Is(err, generator.ErrNotRegular) {
		t.Errorf("err = %v, want one of a go.work that is not a regular file", err)
	}
}
