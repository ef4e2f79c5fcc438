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

// TestLeftStageOfALiveRun: a stage whose lock another run holds is that run's, still
// writing: LeftStage refuses it with ErrLocked, as LockDir refuses a second add or
// update, and not as a stopped run's stage to roll back or remove, whether or not its
// journal is there yet. Once the lock is free, the same stage is a stopped run's.
func TestLeftStageOfALiveRun(t *testing.T) {
	tests := []struct {
		name    string
		journal bool   // the stage holds its journal (else: a run before its journal, or an older gonew-prod)
		stopped string // LeftStage's refusal once the lock is free
	}{
		{name: "with its journal", journal: true, stopped: "rolls it back first"},
		{name: "without a journal", stopped: "its saved/ directory holds"},
	}
	ops := writeOps(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := killSetup(t)
			killAt(t, dir, len(ops))
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			if !tt.journal {
				if err := os.Remove(filepath.Join(left[0], journalFile)); err != nil {
					t.Fatal(err)
				}
			}
			unlock, locked, err := TryLockDir(left[0])
			if err != nil || !locked {
				t.Fatalf("lock the stage as its run does: locked %v, %v", locked, err)
			}
			err = LeftStage(dir)
			unlock()
			if !errors.Is(err, ErrLocked) || strings.Contains(err.Error(), "stopped") || !strings.Contains(err.Error(), dir) {
				t.Errorf("LeftStage while the stage's run holds it: %v, want %v naming %s", err, ErrLocked, dir)
			}
			if err := LeftStage(dir); errors.Is(err, ErrLocked) || err == nil || !strings.Contains(err.Error(), tt.stopped) {
				t.Errorf("LeftStage once the lock is free: %v, want %q", err, tt.stopped)
			}
		})
	}
}
