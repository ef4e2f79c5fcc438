package scratch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
)

// InUse is the name of the file that marks a directory made by Dir: it is created once
// the directory is locked, so a directory holding it whose lock can be taken was left
// by a run that ended without removing it (SIGKILL, a crash). generator.Write marks the
// stage of a new tree with it too.
const InUse = generator.ScratchMark

// Dir makes a new directory for a scratch copy in parent (os.TempDir() when parent is
// ""), named as os.MkdirTemp names it after pattern, and holds it in use until release,
// which removes it. A run killed meanwhile leaves it; Sweep in a later run removes it.
// Where the file system has no locks, the directory is not marked, and Sweep leaves it.
func Dir(parent, pattern string) (dir string, release func(), err error) {
	dir, unlock, err := generator.MarkedTempDir(parent, pattern)
	if err != nil {
		return "", nil, err
	}
	return dir, func() {
		os.RemoveAll(dir)
		unlock()
	}, nil
}

// Sweep removes the directories in parent (os.TempDir() when "") whose names begin with
// one of prefixes that Dir made for a run that has ended: those holding the InUse mark
// whose lock can be taken. A directory in use by a live run (locked), and one without
// the mark (made by an older gonew-prod, or by a run killed before it marked it, when it
// was still empty), are left alone. It returns the directories it removed. parent is read
// once for all the prefixes: TMPDIR may hold thousands of entries.
func Sweep(parent string, prefixes ...string) []string {
	if parent == "" {
		parent = os.TempDir()
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(e.Name(), p) }) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if info, err := os.Lstat(filepath.Join(dir, InUse)); err != nil || !info.Mode().IsRegular() {
			continue
		}
		unlock, locked, err := generator.TryLockDir(dir)
		if err != nil || !locked {
			continue // in use (ErrLocked), or no locks to tell
		}
		if err := os.RemoveAll(dir); err == nil || errors.Is(err, fs.ErrNotExist) {
			removed = append(removed, dir)
		}
		unlock()
	}
	return removed
}
