package generator

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestReadRegular checks that ReadRegular reads a regular file, through a link too, and
// fails at once, without opening it, for a named pipe (whose open would wait for a writer
// for good), a link to one, a directory, and a file over the limit.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	treetest.Mkfifo(t, filepath.Join(dir, "pipe"), 0o600)
	for link, to := range map[string]string{"filelink": "file", "pipelink": "pipe"} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		limit int64
		want  string
		err   error
	}{
		{"file", 5, "12345", nil},
		{"filelink", 5, "12345", nil},
		{"file", 4, "", ErrTooLarge},
		{"pipe", 5, "", ErrNotRegular},
		{"pipelink", 5, "", ErrNotRegular},
		{"dir", 5, "", ErrNotRegular},
		{"none", 5, "", os.ErrNotExist},
	} {
		type result struct {
			data []byte
			err  error
		}
		done := make(chan result, 1)
		go func() {
			data, err := ReadRegular(os.DirFS(dir), tc.name, tc.limit)
			done <- result{data, err}
		}()
		select {
		case r := <-done:
			if string(r.data) != tc.want || (tc.err == nil) != (r.err == nil) || (tc.err != nil && !errors.Is(r.err, tc.err)) {
				t.Errorf("ReadRegular(%s, %d) = %q, %v; want %q, %v", tc.name, tc.limit, r.data, r.err, tc.want, tc.err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadRegular(%s) waited on the named pipe", tc.name) // the goroutine stays blocked until the test ends
		}
	}
}

// TestOpenRegularNamedPipe opens a named pipe through ReadRegular's open step alone, as
// when a regular file is swapped for one after ReadRegular's check: in an os.DirFS the
// open fails at once (ErrNotRegular), without waiting for a writer, and a regular file
// opens and reads.
func TestOpenRegularNamedPipe(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe")
	treetest.Mkfifo(t, pipe, 0o600)
	for _, tc := range []struct {
		name string
		want string
		err  error
	}{
		{"file", "12345", nil},
		{"pipe", "", ErrNotRegular},
	} {
		type result struct {
			data []byte
			err  error
		}
		r := treetest.Returns(t, pipe, 5*time.Second, "openRegular("+tc.name+") waited on the named pipe", func() result {
			f, err := openRegular(os.DirFS(dir), tc.name)
			if err != nil {
				return result{nil, err}
			}
			defer f.Close()
			data, err := readLimit(f, 5)
			return result{data, err}
		})
		if string(r.data) != tc.want || (tc.err == nil) != (r.err == nil) || (tc.err != nil && !errors.Is(r.err, tc.err)) {
			t.Errorf("openRegular(%s) read %q, %v; want %q, %v", tc.name, r.data, r.err, tc.want, tc.err)
		}
	}
}
