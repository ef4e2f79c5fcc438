// Package treetest helps tests that work on directory trees: it describes a tree so that
// any change to it shows (a file's content or permissions, a symbolic link's target, a
// directory replaced by another of the same name), makes a HOME the go command leaves
// alone, lays out a module proxy as files, and reads or makes what only some systems have
// (inode numbers, owners, named pipes), skipping a test where the system has none.
package treetest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// Describe returns every entry below root (root included, as "."), by slash-separated
// path: its type and permissions, then a file's content, a link's target or the inode
// of a directory or of another kind of file (a named pipe, a socket, a device).
func Describe(t testing.TB, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		desc := info.Mode().String()
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			desc += " -> " + target
		case info.IsDir(), !info.Mode().IsRegular():
			// A pipe is not read. Where the system has no inode numbers, such a
			// directory replaced by another of the same name and permissions does
			// not show.
			if n, ok := inode(info); ok {
				desc += fmt.Sprintf(" inode %d", n)
			} else {
				desc += " inode unknown"
			}
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += " " + string(data)
		}
		out[filepath.ToSlash(rel)] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// QuietHome returns a new, empty directory to use as HOME with Go telemetry off (its
// mode file says so): the go command would otherwise write counters below HOME from a
// process that may outlive it, racing the removal of the test's temporary directories.
func QuietHome(t testing.TB) string {
	t.Helper()
	home := t.TempDir()
	mode := filepath.Join(home, ".config", "go", "telemetry", "mode")
	if err := os.MkdirAll(filepath.Dir(mode), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mode, []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
	return home
}

// OutsideMake returns env without the variables by which a make that runs the tests
// (make test, make -j) hands its flags, jobserver and level down to the make a test
// runs, which then runs as a user runs it (no "make[2]: warning: jobserver unavailable"
// in its output, no -j).
func OutsideMake(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains([]string{"MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKELEVEL"}, name)
	})
}

// Inode returns the inode number of the file info describes, and skips the test where
// the system has none (Windows).
func Inode(t testing.TB, info fs.FileInfo) uint64 {
	t.Helper()
	n, ok := inode(info)
	if !ok {
		t.Skipf("%s: no inode numbers on %s", info.Name(), runtime.GOOS)
	}
	return n
}

// Owner returns the user and group ids that own the file info describes, and skips the
// test where the system has none (Windows).
func Owner(t testing.TB, info fs.FileInfo) (uid, gid uint32) {
	t.Helper()
	uid, gid, ok := owner(info)
	if !ok {
		t.Skipf("%s: no user and group ids on %s", info.Name(), runtime.GOOS)
	}
	return uid, gid
}

// Mkfifo makes a named pipe at path with the permissions perm (before the umask), and
// skips the test where the system has no named pipes in the file system (Windows).
func Mkfifo(t testing.TB, path string, perm fs.FileMode) {
	t.Helper()
	err := mkfifo(path, perm)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("%s: no named pipes in the file system on %s", path, runtime.GOOS)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Unblock opens the named pipe at path for writing, without waiting, again and again
// while waiting reports true: a reader the code under test left stuck in its open (the
// defect a test of named pipes looks for) then gets a writer and goes on, so that the
// test can report it and end (Returns, or a test whose pipe is known only later).
func Unblock(path string, waiting func() bool) {
	for waiting() {
		if f, err := openWriter(path); err == nil {
			f.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Returns runs f in a goroutine and returns what it returns, once it does within wait.
// When it has not by then, the code under test waits on the named pipe at pipe (the
// defect a test of named pipes looks for): Unblock lets it go until f returns (a reader
// stuck in its open gets a writer, one stuck in a read sees it closed), and the test
// fails with failure.
func Returns[T any](t testing.TB, pipe string, wait time.Duration, failure string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(wait):
	}
	Unblock(pipe, func() bool { return len(done) == 0 })
	<-done
	t.Fatal(failure)
	var zero T
	return zero
}
