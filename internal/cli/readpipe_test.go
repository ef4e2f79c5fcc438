package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// TestReadsNamedPipe checks that new, and update, given a named pipe where they read a
// file of the user's to check or note on, pass the pipe by at once instead of waiting on
// its open for a writer: the ignore file Docker reads for the Dockerfile of new
// (dockerContext), the go.work GOWORK names for new (enclosingNotes) and for the advice
// of an update left with conflicts (conflictTidy).
func TestReadsNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		pipe string
		run  func(dir string) error
	}{
		{"Dockerfile.dockerignore", "Dockerfile.dockerignore", func(dir string) error {
			steps := []generator.Step{{Path: "Dockerfile", Class: generator.Create, File: &generator.File{Path: "Dockerfile", Content: []byte("FROM scratch\n"), Mode: 0o644}}}
			return dockerContext(dir, "example.test/svc", "cmd/svc", steps)
		}},
		{".dockerignore", ".dockerignore", func(dir string) error {
			steps := []generator.Step{{Path: "Dockerfile", Class: generator.Create, File: &generator.File{Path: "Dockerfile", Content: []byte("FROM scratch\n"), Mode: 0o644}}}
			return dockerContext(dir, "example.test/svc", "cmd/svc", steps)
		}},
		{"go.work of GOWORK", "ws/go.work", func(dir string) error {
			var stderr bytes.Buffer
			env := Env{Stderr: &stderr, Environ: []string{"GOWORK=" + filepath.Join(dir, "ws", "go.work")}, Dir: dir}
			enclosingNotes(t.Context(), env, filepath.Join(dir, "svc"), "svc", nil, true)
			return nil
		}},
		{"go.work of GOWORK, update", "ws/go.work", func(dir string) error {
			plan := &update.Plan{Record: generator.Record{Vars: map[string]string{"moduleDir": "svc"}}}
			conflictTidy(dir, plan, []string{"GOWORK=" + filepath.Join(dir, "ws", "go.work")})
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			pipe := filepath.Join(dir, filepath.FromSlash(tc.pipe))
			if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "svc"), 0o755); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			done := make(chan error, 1)
			go func() { done <- tc.run(dir) }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("err = %v, want none: the pipe is passed by", err)
				}
			case <-time.After(5 * time.Second):
				for len(done) == 0 { // let the open go: a writer at the other end
					if f, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
						f.Close()
					}
					time.Sleep(10 * time.Millisecond)
				}
				t.Fatalf("gonew-prod waited on the named pipe %s", tc.pipe)
			}
		})
	}
}
