// Package treetest helps tests that work on directory trees: it describes a tree so that
// any change to it shows (a file's content or permissions, a symbolic link's target, a
// directory replaced by another of the same name), and makes a HOME the go command leaves
// alone.
package treetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
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
			desc += " " + identity(info) // a pipe is not read
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
