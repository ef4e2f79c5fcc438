//go:build unix

package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLockDir: a second lock of a directory fails at once while the first is held,
// and succeeds once it is released; a directory that is not there is not locked.
func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockDir(dir); !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want %v", err, ErrLocked)
	}
	unlock()
	again, err := LockDir(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again()
	none, err := LockDir(filepath.Join(dir, "nowhere"))
	if err != nil {
		t.Fatalf("lock of a directory that is not there: %v", err)
	}
	none()
}

// TestMarkedTempDir: the directory made is marked and locked while it is held, and its
// lock can be taken once unlock has run (a later run then finds a directory left
// behind); where it cannot be made, the error names why and nothing is left.
func TestMarkedTempDir(t *testing.T) {
	parent := t.TempDir()
	dir, unlock, err := MarkedTempDir(parent, "scratch-*")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != parent || !strings.HasPrefix(filepath.Base(dir), "scratch-") {
		t.Errorf("made %s, want scratch-* in %s", dir, parent)
	}
	if info, err := os.Lstat(filepath.Join(dir, ScratchMark)); err != nil || !info.Mode().IsRegular() {
		t.Errorf("%s is not marked: %v", dir, err)
	}
	if _, _, err := TryLockDir(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("lock while held: %v, want %v", err, ErrLocked)
	}
	unlock()
	again, locked, err := TryLockDir(dir)
	if err != nil || !locked {
		t.Fatalf("lock after unlock: %v, %v", locked, err)
	}
	again()

	if _, _, err := MarkedTempDir(filepath.Join(parent, "nowhere"), "scratch-*"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("in a parent that is not there: %v, want %v", err, fs.ErrNotExist)
	}
}
