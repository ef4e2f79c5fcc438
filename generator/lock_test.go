//go:build unix

package generator

import (
	"errors"
	"path/filepath"
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
