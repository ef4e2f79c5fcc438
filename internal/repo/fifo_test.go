package repo

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestOpenNamedPipes checks that discovery never opens a file to learn its type: a
// Go file linked to a named pipe, a go.mod beside a vendor directory linked to one,
// and FilesAt of a path linked to one are told from their modes, where an open
// would block until a writer comes (go test's -timeout ends the old code's run).
// The repository is opened as audit and add open it (OpenDir, an OSDir over
// os.DirFS): fs.Sub of it has no Stat, so fs.Stat opens.
func TestOpenNamedPipes(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "svc")
	files := map[string]string{
		"go.mod":                   "module example.test/svc\n\ngo 1.26\n",
		"main.go":                  "package main\n\nfunc main() {}\n",
		"tools/vendor/modules.txt": "",
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	treetest.Mkfifo(t, filepath.Join(dir, "fifo"), 0o600)
	for link, target := range map[string]string{"y.go": "fifo", "tools/go.mod": "../fifo", "copied": "fifo"} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	r, err := OpenDir(context.Background(), top, "svc", "svc")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.Problems, func(p Problem) bool {
		return p.File == "y.go" && strings.Contains(p.Err, "a symbolic link to fifo, which is not a regular file")
	}) {
		t.Errorf("problems %v, want y.go as a link to a named pipe", r.Problems)
	}
	if r.Packages["tools/vendor"] != nil {
		t.Error("tools/vendor, beside a go.mod, was read as a package")
	}
	if files, isDir, ok := r.FilesAt("copied", 10); !ok || isDir || len(files) != 1 {
		t.Errorf("FilesAt(copied) = %v, %v, %v; want the one file", files, isDir, ok)
	}
}

// blockingFS is a MapFS whose file named block, once opened, waits until release is
// closed, as a read of a named pipe or of a hung network file system does; entered is
// closed when it starts waiting.
type blockingFS struct {
	fstest.MapFS
	block            string
	entered, release chan struct{}
}

func (f blockingFS) Open(name string) (fs.File, error) {
	if name == f.block {
		close(f.entered)
		<-f.release
	}
	return f.MapFS.Open(name)
}

func (f blockingFS) ReadFile(name string) ([]byte, error) {
	if name == f.block {
		close(f.entered)
		<-f.release
	}
	return f.MapFS.ReadFile(name)
}

// TestOpenEndsWithContext checks that OpenIn returns once ctx ends even while a read
// blocks for good: a signal ends the run (go test's -timeout ends the old code's).
func TestOpenEndsWithContext(t *testing.T) {
	fsys := blockingFS{MapFS: fstest.MapFS{
		"go.mod":  {Data: []byte("module example.test/svc\n\ngo 1.26\n")},
		"main.go": {Data: []byte("package main\n\nfunc main() {}\n")},
	}, block: "main.go", entered: make(chan struct{}), release: make(chan struct{})}
	defer close(fsys.release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-fsys.entered
		cancel()
	}()
	_, err := OpenIn(ctx, fsys, ".", "svc")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Open: %v, want context.Canceled", err)
	}
}

// TestOpenTestFilePipe checks that discovery does not open a test file that is a named
// pipe (x_test.go), nor a link to one, to read the lines before its package clause: a
// directory of test files alone has those lines read, and the open of a pipe would wait
// for a writer (the old code's did, until the test let it go).
func TestOpenTestFilePipe(t *testing.T) {
	for _, link := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "link"}[link], func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range map[string]string{
				"go.mod":  "module example.test/svc\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
			} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Mkdir(filepath.Join(dir, "e2e"), 0o755); err != nil {
				t.Fatal(err)
			}
			pipe := filepath.Join(dir, "e2e", "x_test.go")
			if link {
				pipe = filepath.Join(dir, "fifo")
				if err := os.Symlink("../fifo", filepath.Join(dir, "e2e", "x_test.go")); err != nil {
					t.Fatal(err)
				}
			}
			treetest.Mkfifo(t, pipe, 0o600)
			err := treetest.Returns(t, pipe, 10*time.Second, "discovery waited on the named pipe e2e/x_test.go", func() error {
				_, err := OpenDir(context.Background(), dir, ".", "svc")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestOSDirOpenNamedPipe checks that an OSDir opens a named pipe, directly, through a
// link, or through fs.Sub of it, without waiting for a writer, and refuses it as not a
// regular file (the open os.DirFS's would wait for good): a regular file swapped for a
// named pipe after ReadRegular's stat is not waited on. Regular files and directories
// open as before, and a name os.DirFS refuses is refused.
func TestOSDirOpenNamedPipe(t *testing.T) {
	top := t.TempDir()
	if err := os.MkdirAll(filepath.Join(top, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(top, "sub", "go.mod"), []byte("module example.test/a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(top, "sub", "fifo")
	treetest.Mkfifo(t, pipe, 0o600)
	if err := os.Symlink("fifo", filepath.Join(top, "sub", "link")); err != nil {
		t.Fatal(err)
	}
	d := OSDir{FS: os.DirFS(top), Path: top}
	sub, err := fs.Sub(d, "sub")
	if err != nil {
		t.Fatal(err)
	}
	read := func(fsys fs.FS, name string) ([]byte, error) {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if info, err := f.Stat(); err != nil || info.IsDir() {
			return nil, err
		}
		return io.ReadAll(f)
	}
	tests := []struct {
		name    string
		read    func() ([]byte, error)
		want    string
		wantErr error
	}{
		{"Open of the pipe", func() ([]byte, error) { return read(d, "sub/fifo") }, "", generator.ErrNotRegular},
		{"Open of a link to the pipe", func() ([]byte, error) { return read(d, "sub/link") }, "", generator.ErrNotRegular},
		{"ReadFile of the pipe", func() ([]byte, error) { return fs.ReadFile(d, "sub/fifo") }, "", generator.ErrNotRegular},
		{"Open through fs.Sub", func() ([]byte, error) { return read(sub, "fifo") }, "", generator.ErrNotRegular},
		{"ReadFile through fs.Sub", func() ([]byte, error) { return fs.ReadFile(sub, "link") }, "", generator.ErrNotRegular},
		{"a regular file", func() ([]byte, error) { return fs.ReadFile(d, "sub/go.mod") }, "module example.test/a\n", nil},
		{"a directory", func() ([]byte, error) { return read(d, "sub") }, "", nil},
		{"an invalid name", func() ([]byte, error) { return read(d, "../sub/go.mod") }, "", fs.ErrInvalid},
		{"nothing there", func() ([]byte, error) { return read(d, "sub/none") }, "", fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				data []byte
				err  error
			}
			r := treetest.Returns(t, pipe, 5*time.Second, "the open waited on the named pipe", func() result {
				b, err := tt.read()
				return result{b, err}
			})
			if string(r.data) != tt.want || !errors.Is(r.err, tt.wantErr) || (tt.wantErr == nil) != (r.err == nil) {
				t.Errorf("got %q, %v; want %q, %v", r.data, r.err, tt.want, tt.wantErr)
			}
		})
	}
}
