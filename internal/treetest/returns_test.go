package treetest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fatalRecorder is a testing.TB whose Fatal records its message and returns, so that a
// test can see Returns fail.
type fatalRecorder struct {
	testing.TB
	failed []any
}

func (r *fatalRecorder) Fatal(args ...any) { r.failed = append(r.failed, args...) }

// TestReturns runs an open of a named pipe, which waits for a writer, through Returns:
// it fails the test with the message given and still returns once the open goes on;
// a function that returns in time gives its result and fails nothing.
func TestReturns(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe")
	Mkfifo(t, pipe, 0o600)
	for _, tc := range []struct {
		name   string
		f      func() string
		failed bool
	}{
		{"an open of the pipe", func() string {
			f, err := os.Open(pipe)
			if err != nil {
				return err.Error()
			}
			f.Close()
			return "opened"
		}, true},
		{"no open", func() string { return "done" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &fatalRecorder{TB: t}
			got := Returns(r, pipe, 100*time.Millisecond, "stuck on the pipe", tc.f)
			if tc.failed {
				if len(r.failed) != 1 || r.failed[0] != "stuck on the pipe" || got != "" {
					t.Errorf("Returns = %q, failed with %v; want \"\" and the message given", got, r.failed)
				}
				return
			}
			if len(r.failed) != 0 || got != "done" {
				t.Errorf("Returns = %q, failed with %v; want \"done\" and no failure", got, r.failed)
			}
		})
	}
}
