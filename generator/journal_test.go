package generator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// killFiles is what the killed writes of these tests write: new files in new
// directories, files of the user's replaced (one with a backup), and the record.
func killFiles() []File {
	return append(sampleFiles(),
		File{Path: RecordFile, Mode: 0o644, Content: []byte("generator: {}\n")},
		File{Path: "notes.txt", Mode: 0o644, Content: []byte("replaced\n")},
	)
}

// killSetup is a user's tree with odd modes, a record of an earlier run and a file
// whose backup name is taken.
func killSetup(t *testing.T) string {
	return killSetupAt(t, filepath.Join(t.TempDir(), "svc"))
}

// killSetupAt makes killSetup's tree at dir.
func killSetupAt(t *testing.T, dir string) string {
	mustWriteFile(t, filepath.Join(dir, "README.md"), "precious readme\n", 0o600)
	mustWriteFile(t, filepath.Join(dir, "README.md.orig"), "an older backup\n", 0o644)
	mustWriteFile(t, filepath.Join(dir, "scripts/run.sh"), "#!/bin/bash\n", 0o750|fs.ModeSetgid)
	mustWriteFile(t, filepath.Join(dir, "notes.txt"), "keep\n", 0o640)
	mustWriteFile(t, filepath.Join(dir, RecordFile), "generator: {old: true}\n", 0o644)
	if err := os.Chmod(filepath.Join(dir, "scripts"), 0o750); err != nil {
		t.Fatal(err)
	}
	return dir
}

// killChanges plans killFiles against dir; README.md keeps a backup.
func killChanges(t *testing.T, dir string) []Change {
	changes := newChangesFor(t, dir, killFiles())
	for i := range changes {
		changes[i].Backup = changes[i].Path == "README.md"
	}
	return changes
}

// killAt writes killChanges into dir and stops, as SIGKILL would, before the
// filesystem operation number k (counted from 1) of the write.
func killAt(t *testing.T, dir string, k int) {
	t.Helper()
	n := 0
	opts := WriteOptions{fail: func(string, string) error {
		if n++; n == k {
			return errKilled
		}
		return nil
	}}
	if _, err := Write(context.Background(), dir, killChanges(t, dir), opts); !errors.Is(err, errKilled) {
		t.Fatalf("write killed at operation %d: %v", k, err)
	}
}

// writeOps returns the operations of a whole write of killChanges into a tree as
// killSetup makes it.
func writeOps(t *testing.T) []string {
	dir := killSetup(t)
	var ops []string
	opts := WriteOptions{fail: func(op, p string) error {
		if rel, err := filepath.Rel(dir, p); err == nil && filepath.IsAbs(p) {
			p = filepath.ToSlash(rel) // the same name in every run
		}
		ops = append(ops, op+" "+p)
		return nil
	}}
	if _, err := Write(context.Background(), dir, killChanges(t, dir), opts); err != nil {
		t.Fatal(err)
	}
	return ops
}

// TestRecoverAfterAKill kills a write before each of its operations in turn, leaving
// the tree as SIGKILL would, then recovers: the tree is the user's again, byte for
// byte and mode for mode, and the staging directory is gone.
func TestRecoverAfterAKill(t *testing.T) {
	ops := writeOps(t)
	for i, op := range ops {
		t.Run(fmt.Sprintf("%d %s", i, op), func(t *testing.T) {
			dir := killSetup(t)
			before := treetest.Describe(t, dir)
			killAt(t, dir, i+1)
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			done, err := Recover(dir, RecoverOptions{})
			if err != nil {
				t.Fatalf("Recover: %v", err)
			}
			if len(done) != 1 || done[0].Stage != left[0] {
				t.Errorf("Recover reports %+v, want the staging directory %s", done, left[0])
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Errorf("tree after recovery differs:\nbefore %v\nafter  %v", before, after)
			}
			if err := LeftStage(dir); err != nil {
				t.Errorf("after recovery: %v", err)
			}
		})
	}
}

// TestRecoverAFinishedRun kills a write while it removes its staging directory, every
// change in place: the stage left is a finished run's, which a dry run or a check
// (LeftStage) passes by and Recover removes, the tree as the whole write left it.
func TestRecoverAFinishedRun(t *testing.T) {
	whole := killSetup(t)
	var removals int
	opts := WriteOptions{failRemove: func(string) error { removals++; return nil }}
	if _, err := Write(context.Background(), whole, killChanges(t, whole), opts); err != nil {
		t.Fatal(err)
	}
	want := treetest.Describe(t, whole)
	if removals < 3 {
		t.Fatalf("the write removes its stage in %d steps, want its files, the journal and the directory", removals)
	}
	for k := 1; k <= removals; k++ {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			dir := killSetup(t)
			n := 0
			opts := WriteOptions{failRemove: func(string) error {
				if n++; n == k {
					return errKilled
				}
				return nil
			}}
			if _, err := Write(context.Background(), dir, killChanges(t, dir), opts); !errors.Is(err, errKilled) {
				t.Fatalf("write killed at removal %d: %v", k, err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			if err := LeftStage(dir); err != nil {
				t.Errorf("LeftStage refuses a finished run's stage: %v", err)
			}
			done, err := Recover(dir, RecoverOptions{})
			if err != nil {
				t.Fatalf("Recover: %v", err)
			}
			if len(done) != 1 || !done[0].Finished || !strings.Contains(done[0].String(), "finished writing") {
				t.Errorf("Recover reports %+v, want the finished run's stage removed", done)
			}
			got := treetest.Describe(t, dir)
			for k, v := range want {
				if g, ok := got[k]; !ok || !strings.Contains(v, " inode ") && g != v {
					t.Errorf("after recovery %s is %q, want %q as the whole write left it", k, g, v)
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("after recovery %s is there, not in the whole write's tree", k)
				}
			}
		})
	}
}

// TestRollbackLeavesOnlyItsStage fails a write at each of its operations in turn, and
// the removal of its stage in the rollback: the tree is the user's again, so the error
// says nothing was written and names the staging directory left, the run's own, instead
// of saying that restoring the tree failed.
func TestRollbackLeavesOnlyItsStage(t *testing.T) {
	ops := writeOps(t)
	denied := errors.New("permission denied")
	for i, op := range ops {
		if strings.HasPrefix(op, "sync") {
			continue // a sync fails nothing of the tree's
		}
		t.Run(fmt.Sprintf("%d %s", i, op), func(t *testing.T) {
			dir := killSetup(t)
			before := treetest.Describe(t, dir)
			n := 0
			opts := WriteOptions{
				fail: func(string, string) error {
					if n++; n == i+1 {
						return errors.New("disk full")
					}
					return nil
				},
				failRemove: func(p string) error {
					if filepath.Base(filepath.Dir(p)) != filepath.Base(dir) {
						return nil // the stage's files go; the stage itself stays
					}
					return denied
				},
			}
			_, err := Write(context.Background(), dir, killChanges(t, dir), opts)
			if err == nil {
				t.Fatal("the write succeeded, want its failure")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "nothing written: ") || strings.Contains(msg, "restoring the tree also failed") ||
				!strings.Contains(msg, "could not be removed (permission denied)") || !errors.Is(err, denied) {
				t.Errorf("error %q, want nothing written and the stage named as left", msg)
			}
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 || !strings.Contains(msg, left[0]) {
				t.Fatalf("staging directories left: %v, want the one the error names", left)
			}
			if err := os.Remove(left[0]); err != nil {
				t.Fatalf("the stage left is not empty: %v", err)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Errorf("tree after the failed write differs:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// TestRecoverSetsBackTheMode: a file set aside whose mode was changed after the kill
// goes back with the mode it had.
func TestRecoverSetsBackTheMode(t *testing.T) {
	dir := killSetup(t)
	before := treetest.Describe(t, dir)
	killAt(t, dir, len(writeOps(t)))
	left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
	if len(left) != 1 {
		t.Fatalf("staging directories left: %v, want one", left)
	}
	if err := os.Chmod(filepath.Join(left[0], "saved", "notes.txt"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Recover(dir, RecoverOptions{}); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
		t.Errorf("tree after recovery differs:\nbefore %v\nafter  %v", before, after)
	}
}

// TestRecoverFollowsNoLinkSwappedIn: the tree's owner swaps a symbolic link to a file
// outside the tree in for a directory the rollback made again, or a file it put back,
// before the rollback sets its mode (as the owner of a tree a run as root rolls back
// may): the file outside keeps its mode, and the link is left as it is.
func TestRecoverFollowsNoLinkSwappedIn(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string // a tree with the stage of a killed write
	}{
		{name: "directory made again", setup: func(t *testing.T) string {
			sc := turnedTrees()["files deleted from directories they leave empty"]
			dir := sc.setup(t)
			opts := WriteOptions{Finish: func() error { return errKilled }}
			if _, err := Write(context.Background(), dir, sc.changes, opts); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed in Finish", err)
			}
			return dir
		}},
		{name: "file put back", setup: func(t *testing.T) string {
			dir := killSetup(t)
			killAt(t, dir, len(writeOps(t)))
			return dir
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			outside := filepath.Join(t.TempDir(), "secret")
			mustWriteFile(t, outside, "secret\n", 0o600)
			var swapped string
			opts := RecoverOptions{beforeMode: func(p string) {
				if swapped != "" {
					return
				}
				swapped = p
				if err := os.Rename(p, p+".moved"); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, p); err != nil {
					t.Fatal(err)
				}
			}}
			_, err := Recover(dir, opts)
			if swapped == "" {
				t.Fatalf("Recover (%v) made no directory again and put no file back", err)
			}
			if info, err := os.Stat(outside); err != nil || info.Mode() != 0o600 {
				t.Errorf("the file outside the tree, linked at %s: %v, %v; want it left at -rw-------", swapped, info.Mode(), err)
			}
			if info, err := os.Lstat(swapped); err != nil || info.Mode().Type() != fs.ModeSymlink {
				t.Errorf("the link swapped in at %s: %v; want it left as it is", swapped, err)
			}
		})
	}
}

// TestRecoverSetsNoModeOnAFileSwappedIn: the tree's owner swaps a hard link to a file
// outside the tree in for the file the rollback put back, before it sets its mode: a
// regular file too, but not the one put back; its mode is left as it is, and the
// rollback says so.
func TestRecoverSetsNoModeOnAFileSwappedIn(t *testing.T) {
	dir := killSetup(t)
	killAt(t, dir, len(writeOps(t)))
	outside := filepath.Join(t.TempDir(), "secret")
	mustWriteFile(t, outside, "secret\n", 0o600)
	swapped := ""
	opts := RecoverOptions{beforeMode: func(p string) {
		if swapped != "" {
			return
		}
		swapped = p
		if err := os.Rename(p, p+".moved"); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(outside, p); err != nil {
			t.Fatal(err)
		}
	}}
	_, err := Recover(dir, opts)
	if swapped == "" {
		t.Fatalf("Recover (%v) put no file back", err)
	}
	if err == nil || !strings.Contains(err.Error(), "not the file put back") {
		t.Errorf("Recover: %v, want it refused: not the file put back", err)
	}
	if info, err := os.Stat(outside); err != nil || info.Mode() != 0o600 {
		t.Errorf("the file outside the tree, linked at %s: %v, %v; want it left at -rw-------", swapped, info.Mode(), err)
	}
}

// TestRecoverRefusesACopiedTree: a copy of a tree a killed run left (cp -a, a clone, an
// archive) holds a journal that was not written for it: it is refused and left as it
// is, while the tree the run wrote into is still rolled back.
func TestRecoverRefusesACopiedTree(t *testing.T) {
	dir := killSetup(t)
	before := treetest.Describe(t, dir)
	killAt(t, dir, len(writeOps(t)))
	copied := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-a", dir, copied).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v: %s", err, out)
	}
	copiedBefore := treetest.Describe(t, copied)
	if _, err := Recover(copied, RecoverOptions{}); err == nil || !strings.Contains(err.Error(), "not of one that wrote into this directory") {
		t.Fatalf("Recover of the copy: %v, want a refusal", err)
	}
	if after := treetest.Describe(t, copied); !maps.Equal(copiedBefore, after) {
		t.Errorf("a refused recovery changed the copy:\nbefore %v\nafter  %v", copiedBefore, after)
	}
	if _, err := Recover(dir, RecoverOptions{}); err != nil {
		t.Fatalf("Recover of the tree the run wrote into: %v", err)
	}
	if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
		t.Errorf("tree after recovery differs:\nbefore %v\nafter  %v", before, after)
	}
}

// TestLeftStageSaysWhatRecoverDoes: a dry run or a check (LeftStage) in a tree holding a
// killed run's stage promises the rollback only where Recover will take it; a stage it
// will not follow (one that came with a copy of the tree, a journal it cannot read) is
// refused with Recover's own words.
func TestLeftStageSaysWhatRecoverDoes(t *testing.T) {
	tests := []struct {
		name    string
		copied  bool   // the tree is a cp -a of the one the run wrote into
		journal string // what the journal is made to hold ("" as the run left it)
		want    string // in LeftStage's refusal and, but for the rollback's promise, Recover's
	}{
		{name: "the tree the run wrote into", want: "rolls it back first"},
		{name: "a copy of the tree", copied: true, want: "not of one that wrote into this directory"},
		{name: "an unreadable journal", journal: "{not json\n", want: "its journal is unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := killSetup(t)
			killAt(t, dir, len(writeOps(t)))
			if tt.copied {
				copied := filepath.Join(t.TempDir(), "copy")
				if out, err := exec.Command("cp", "-a", dir, copied).CombinedOutput(); err != nil {
					t.Fatalf("cp -a: %v: %s", err, out)
				}
				dir = copied
			}
			if tt.journal != "" {
				left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*", journalFile))
				if len(left) != 1 {
					t.Fatalf("journals left: %v, want one", left)
				}
				if err := os.WriteFile(left[0], []byte(tt.journal), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := LeftStage(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LeftStage: %v, want %q", err, tt.want)
			}
			_, rerr := Recover(dir, RecoverOptions{})
			switch promised := err != nil && strings.Contains(err.Error(), "rolls it back first"); {
			case promised && rerr != nil:
				t.Errorf("LeftStage promises a rollback, Recover refuses: %v", rerr)
			case !promised && (rerr == nil || !strings.Contains(rerr.Error(), tt.want)):
				t.Errorf("Recover: %v, want the refusal LeftStage gives (%q)", rerr, tt.want)
			}
		})
	}
}

// TestStagesInAPathOfGlobCharacters: a killed run's stage is found in a tree whose path
// holds glob characters, and only there: `[` alone made LeftStage and Recover fail with
// "syntax error in pattern", and a `?` or `*` made them take a sibling tree's stage
// for the tree's own.
func TestStagesInAPathOfGlobCharacters(t *testing.T) {
	tests := []struct {
		name   string
		tree   string // the tree LeftStage and Recover are given
		killed string // the tree holding a killed run's stage
	}{
		{name: "a bracket", tree: "or[ders", killed: "or[ders"},
		{name: "a class", tree: "svc[0-9]", killed: "svc[0-9]"},
		{name: "a question mark beside a sibling", tree: "svc?", killed: "svcX"},
		{name: "a star beside a sibling", tree: "svc*", killed: "svc-old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dir := killSetupAt(t, filepath.Join(base, tt.tree))
			killed := dir
			if tt.killed != tt.tree {
				killed = killSetupAt(t, filepath.Join(base, tt.killed))
			}
			killAt(t, killed, len(writeOps(t)))
			own := tt.killed == tt.tree
			err := LeftStage(dir)
			switch {
			case own && (err == nil || !strings.Contains(err.Error(), "rolls it back first")):
				t.Errorf("LeftStage of the killed tree: %v, want the rollback promised", err)
			case !own && err != nil:
				t.Errorf("LeftStage of the tree beside the killed one: %v, want nil", err)
			}
			done, err := Recover(dir, RecoverOptions{})
			if err != nil || len(done) != map[bool]int{true: 1, false: 0}[own] {
				t.Fatalf("Recover: %d rolled back, %v; want %d, nil", len(done), err, map[bool]int{true: 1, false: 0}[own])
			}
			if got, err := os.ReadFile(filepath.Join(killed, "README.md")); own && string(got) != "precious readme\n" {
				t.Errorf("README.md after Recover: %q, %v; want it as before the run", got, err)
			}
			if err := LeftStage(killed); !own && (err == nil || !strings.Contains(err.Error(), "rolls it back first")) {
				t.Errorf("LeftStage of the sibling after Recover of the tree beside it: %v, want its stage left for its own Recover", err)
			}
		})
	}
}

// TestRecoverGivesNoSetuidTheFileLacks: the mode a journal records for a file set
// aside brings back its permission bits, but no setuid or setgid bit the file does not
// have: a journal never makes a file setuid.
func TestRecoverGivesNoSetuidTheFileLacks(t *testing.T) {
	dir := killSetup(t)
	killAt(t, dir, len(writeOps(t)))
	left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
	if len(left) != 1 {
		t.Fatalf("staging directories left: %v, want one", left)
	}
	journal := filepath.Join(left[0], journalFile)
	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	const saveNotes = `{"op":"save","path":"notes.txt","mode":416}` // 0o640
	if !strings.Contains(string(data), saveNotes) {
		t.Fatalf("journal lacks %s:\n%s", saveNotes, data)
	}
	setuid := fmt.Sprintf(`{"op":"save","path":"notes.txt","mode":%d}`, uint32(fs.ModeSetuid|0o755))
	mustWriteFile(t, journal, strings.Replace(string(data), saveNotes, setuid, 1), 0o600)
	if _, err := Recover(dir, RecoverOptions{}); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	info, err := os.Lstat(filepath.Join(dir, "notes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode(); got != 0o755 {
		t.Errorf("notes.txt put back with mode %v, want %v", got, fs.FileMode(0o755))
	}
}

// TestRecoverRemovesAStageKilledBeforeItsFirstLine: a stage holding only an empty
// journal was left by a run that had changed nothing: it goes. One holding more is
// refused.
func TestRecoverRemovesAStageKilledBeforeItsFirstLine(t *testing.T) {
	dir := t.TempDir()
	stage := filepath.Join(dir, stagePrefix+"1")
	mustWriteFile(t, filepath.Join(stage, journalFile), "", 0o600)
	if _, err := Recover(dir, RecoverOptions{}); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	if _, err := os.Lstat(stage); !os.IsNotExist(err) {
		t.Fatalf("the stage: %v, want it removed", err)
	}
	mustWriteFile(t, filepath.Join(stage, journalFile), "", 0o600)
	mustWriteFile(t, filepath.Join(stage, "saved", "main.go"), "package main\n", 0o644)
	if _, err := Recover(dir, RecoverOptions{}); err == nil || !strings.Contains(err.Error(), "not of one that wrote into this directory") {
		t.Fatalf("Recover: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(stage, "saved", "main.go")); err != nil {
		t.Errorf("a refused recovery removed a saved file: %v", err)
	}
}

// TestWriteMovesTheRecordLast: the record is created after every other file, so that a
// run stopped before the end leaves the record of the run before.
func TestWriteMovesTheRecordLast(t *testing.T) {
	var creates []string
	for _, op := range writeOps(t) {
		if p, ok := strings.CutPrefix(op, "create "); ok {
			creates = append(creates, p)
		}
	}
	if len(creates) == 0 || creates[len(creates)-1] != RecordFile {
		t.Errorf("files created in the order %v, want %s last", creates, RecordFile)
	}
}

// TestRecoverRefuses: a tree that no longer matches the journal of the stopped run, or
// a stage still in use, is refused with what to do, and nothing changes.
func TestRecoverRefuses(t *testing.T) {
	tests := []struct {
		name    string
		after   func(t *testing.T, dir, stage string) // what happens after the kill
		wantErr []string
	}{
		{"a created file changed since", func(t *testing.T, dir, _ string) {
			mustWriteFile(t, filepath.Join(dir, "cmd/x/main.go"), "package main // edited after the crash\n", 0o644)
		}, []string{"cmd/x/main.go is not what that run wrote there", "nothing is rolled back", "by hand: remove the files that run created", "README.md"}},
		{"a file at the path of one set aside", func(t *testing.T, dir, stage string) {
			if err := os.Remove(filepath.Join(dir, "notes.txt")); err != nil {
				t.Fatal(err)
			}
			mustWriteFile(t, filepath.Join(dir, "notes.txt"), "written after the crash\n", 0o644)
		}, []string{"notes.txt is not what that run wrote there"}},
		{"a saved file not in the journal", func(t *testing.T, _, stage string) {
			mustWriteFile(t, filepath.Join(stage, "saved", "stray.txt"), "?\n", 0o644)
		}, []string{"stray.txt is in saved/ but not in the journal"}},
		{"a stage in use", func(t *testing.T, _, stage string) {
			unlock, locked, err := TryLockDir(stage)
			if err != nil || !locked {
				t.Skipf("no flock here: %v", err)
			}
			t.Cleanup(unlock)
		}, []string{"the staging directory of a gonew-prod run still writing"}},
		{"a directory on the way made a symbolic link", func(t *testing.T, dir, _ string) {
			elsewhere := filepath.Join(filepath.Dir(dir), "elsewhere")
			if err := os.Rename(filepath.Join(dir, "cmd"), elsewhere); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(elsewhere, filepath.Join(dir, "cmd")); err != nil {
				t.Fatal(err)
			}
		}, []string{"cmd/x/main.go: cmd is a symbolic link, which the run did not leave there", "nothing is rolled back"}},
		{"a saved file made a symbolic link", func(t *testing.T, dir, stage string) {
			saved := filepath.Join(stage, "saved", "notes.txt")
			if err := os.Remove(saved); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(filepath.Dir(dir), "outside"), saved); err != nil {
				t.Fatal(err)
			}
		}, []string{"notes.txt: what waits in", "is not a regular file of that run's"}},
		{"a journal written for another tree", func(t *testing.T, _, stage string) {
			journal := filepath.Join(stage, journalFile)
			data, err := os.ReadFile(journal)
			if err != nil {
				t.Fatal(err)
			}
			_, rest, _ := strings.Cut(string(data), "\n")
			mustWriteFile(t, journal, "{\"op\":\"begin\",\"tree_inode\":1,\"stage_inode\":2}\n"+rest, 0o600)
		}, []string{"holds the journal of a gonew-prod run, but not of one that wrote into this directory", "so gonew-prod does not follow it", "are yours, set aside by that run: put each back at its path"}},
		{"a journal of an older gonew-prod", func(t *testing.T, _, stage string) {
			journal := filepath.Join(stage, journalFile)
			data, err := os.ReadFile(journal)
			if err != nil {
				t.Fatal(err)
			}
			_, rest, _ := strings.Cut(string(data), "\n")
			mustWriteFile(t, journal, "{\"op\":\"begin\"}\n"+rest, 0o600)
		}, []string{"but one written by an older gonew-prod, whose journal does not name the directory it wrote into", "put each back at its path"}},
		{"a named pipe of a stage's name", func(t *testing.T, dir, _ string) {
			treetest.Mkfifo(t, filepath.Join(dir, stagePrefix+"!fifo"), 0o600)
		}, []string{stagePrefix + "!fifo is in the way of gonew-prod's staging directories and is not a directory gonew-prod made"}},
		{"an unreadable journal", func(t *testing.T, _, stage string) {
			mustWriteFile(t, filepath.Join(stage, journalFile), "{\"op\":\"begin\"}\nnot json\n", 0o600)
		}, []string{"its journal is unreadable", "move back the files of yours that wait in"}},
	}
	ops := writeOps(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := killSetup(t)
			killAt(t, dir, len(ops)) // every file is in place; the last sync is not done
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			tt.after(t, dir, left[0])
			before := treetest.Describe(t, dir)
			done, err := Recover(dir, RecoverOptions{})
			if err == nil || len(done) != 0 {
				t.Fatalf("Recover: %v, %+v; want a refusal", err, done)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Recover: %v\nwant it to say %q", err, want)
				}
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Errorf("a refused recovery changed the tree:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// TestRecoverLeavesAStageWithoutAJournal: a staging directory left by a gonew-prod older
// than the journal is refused as before, and left alone.
func TestRecoverLeavesAStageWithoutAJournal(t *testing.T) {
	dir := t.TempDir()
	mustWriteFile(t, filepath.Join(dir, stagePrefix+"1", "saved", "main.go"), "package main\n", 0o644)
	before := treetest.Describe(t, dir)
	if _, err := Recover(dir, RecoverOptions{}); err == nil || !strings.Contains(err.Error(), "its saved/ directory holds 1 file(s) of yours") {
		t.Fatalf("Recover: %v, want the refusal of a stage without a journal", err)
	}
	if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
		t.Error("a refused recovery changed the tree")
	}
}

// TestParseJournalDropsATornLine: the last line, cut by the kill, announces a step that
// was not taken. A placed line belongs to the step right before it, which placed its
// file.
func TestParseJournalDropsATornLine(t *testing.T) {
	tests := []struct {
		data    string
		want    int
		wantErr bool
	}{
		{"{\"op\":\"begin\"}\n{\"op\":\"create\",\"path\":\"a\",\"sha256\":\"00\"}\n", 2, false},
		{"{\"op\":\"begin\"}\n{\"op\":\"create\",\"pa", 1, false},
		{"{\"op\":\"begin\"}\n{\"op\":\"create\",\"path\":\"../a\"}\n", 0, true},
		{"{\"op\":\"save\",\"path\":\"a\"}\n", 0, true},
		{"{\"op\":\"begin\"}\n{\"op\":\"create\",\"path\":\"a\",\"sha256\":\"00\"}\n{\"op\":\"placed\",\"path\":\"a\",\"ctime_ns\":1}\n", 2, false},
		{"{\"op\":\"begin\"}\n{\"op\":\"create\",\"path\":\"a\",\"sha256\":\"00\"}\n{\"op\":\"placed\",\"path\":\"b\",\"ctime_ns\":1}\n", 0, true},
		{"{\"op\":\"begin\"}\n{\"op\":\"mkdir\",\"path\":\"a\"}\n{\"op\":\"placed\",\"path\":\"a\",\"ctime_ns\":1}\n", 0, true},
	}
	for _, tt := range tests {
		got, err := parseJournal([]byte(tt.data))
		if (err != nil) != tt.wantErr || len(got) != tt.want {
			t.Errorf("parseJournal(%q) = %d entries, %v; want %d, error %v", tt.data, len(got), err, tt.want, tt.wantErr)
		}
	}
}

// TestKilledFreshWriteLeavesAMarkedStage: a write of a new tree killed before the
// staged tree is moved into place leaves its stage beside it, marked and no longer
// locked, which is what a later run's sweep removes; a finished write leaves none.
func TestKilledFreshWriteLeavesAMarkedStage(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "svc")
	changes := newChangesFor(t, dir, []File{
		{Path: "go.mod", Mode: 0o644, Content: []byte("module example.test/svc\n")},
		{Path: "cmd/svc/main.go", Mode: 0o644, Content: []byte("package main\n")},
	})
	opts := WriteOptions{fail: func(op, p string) error {
		if op == "create" && p == dir {
			return errKilled
		}
		return nil
	}}
	if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, errKilled) {
		t.Fatalf("killed write: %v", err)
	}
	_, prefix := FreshStage(dir)
	stages, err := filepath.Glob(filepath.Join(parent, prefix+"*"))
	if err != nil || len(stages) != 1 {
		t.Fatalf("stages beside the tree: %v (%v), want one", stages, err)
	}
	if _, err := os.Stat(filepath.Join(stages[0], ScratchMark)); err != nil {
		t.Errorf("the stage is not marked: %v", err)
	}
	unlock, locked, err := TryLockDir(stages[0])
	if err != nil || !locked {
		t.Fatalf("lock the stage a killed run left: locked %v, %v", locked, err)
	}
	unlock()
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("the tree: %v, want none", err)
	}
}

// TestRecoverPutsBackGitsIndex kills a write at its last step, while Finish changes
// git's index (update marks its conflicts unmerged there), then recovers: the index
// is put back byte for byte with the tree, when it says what the run made it say (or
// what it said before); an index changed since in another way (something staged) is
// refused and nothing is rolled back. A Finish that fails puts it back at once.
func TestRecoverPutsBackGitsIndex(t *testing.T) {
	const before, marked = "entries\nstat 1\n", "entries+marks\nstat 2\n"
	tests := []struct {
		name       string
		finish     string // what Finish writes into the index ("" nothing)
		fails      bool   // Finish fails (git update-index failed) instead of the run being killed
		since      string // what the index holds when the next run comes ("" as Finish left it)
		wantIndex  bool   // the recovery says it put back the index
		wantRefuse bool
		relink     bool   // the index's directory is moved and a symbolic link put in its place
		gitGone    bool   // the index's directory is removed since
		renamed    bool   // the tree is renamed after the kill
		under      string // the tree is in a directory of that name (bytes that are not UTF-8)
		outside    bool   // the index is outside the tree (a linked work tree's)
		older      bool   // the journal names the index as an older gonew-prod did (File)
	}{
		{name: "killed once the marks are in", finish: marked, wantIndex: true},
		{name: "killed before the marks are in"},
		{name: "refreshed since by git status", finish: marked, since: "entries+marks\nstat 3\n", wantIndex: true},
		{name: "something staged since", finish: marked, since: "entries+marks+staged\nstat 3\n", wantRefuse: true},
		{name: "marks failing", finish: marked, fails: true},
		{name: "a link on the way to the index", finish: marked, relink: true, wantRefuse: true},
		{name: "the index's directory gone since", finish: marked, gitGone: true, wantRefuse: true},
		{name: "the tree renamed since", finish: marked, renamed: true, wantIndex: true},
		{name: "a tree whose path is not UTF-8", finish: marked, under: "caf\xe9", wantIndex: true},
		{name: "renamed, and its path not UTF-8", finish: marked, under: "caf\xe9", renamed: true, wantIndex: true},
		{name: "an index outside the tree", finish: marked, outside: true, wantIndex: true},
		{name: "an older journal naming the index by File", finish: marked, older: true, wantIndex: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, before)
			if tt.under != "" {
				moved := filepath.Join(t.TempDir(), tt.under, "svc")
				if err := os.MkdirAll(filepath.Dir(moved), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(dir, moved); err != nil {
					t.Fatal(err)
				}
				dir, index = moved, filepath.Join(moved, ".git", "index")
				real, err := filepath.EvalSymlinks(index)
				if err != nil {
					t.Fatal(err)
				}
				ix.Path = real
			}
			if tt.outside {
				index = filepath.Join(t.TempDir(), "repo.git", "worktrees", "svc", "index")
				mustWriteFile(t, index, before, 0o644)
				real, err := filepath.EvalSymlinks(index)
				if err != nil {
					t.Fatal(err)
				}
				ix.Path = real
			}
			want := treetest.Describe(t, dir)
			opts := WriteOptions{
				Index: ix,
				Finish: func() error {
					if tt.finish != "" {
						if err := os.WriteFile(index, []byte(tt.finish), 0o644); err != nil {
							return err
						}
					}
					if tt.fails {
						return errors.New("git update-index failed")
					}
					return errKilled
				},
			}
			_, err := Write(context.Background(), dir, killChanges(t, dir), opts)
			if tt.fails {
				if err == nil || errors.Is(err, errKilled) {
					t.Fatalf("Write with a failing Finish: %v", err)
				}
				if after := treetest.Describe(t, dir); !maps.Equal(want, after) {
					t.Errorf("tree after the failed write differs:\nbefore %v\nafter  %v", want, after)
				}
				return
			}
			if !errors.Is(err, errKilled) {
				t.Fatalf("Write killed in Finish: %v", err)
			}
			if tt.since != "" {
				if err := os.WriteFile(index, []byte(tt.since), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.relink {
				if err := os.Rename(filepath.Join(dir, ".git"), filepath.Join(dir, ".git-moved")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(".git-moved", filepath.Join(dir, ".git")); err != nil {
					t.Fatal(err)
				}
			}
			if tt.older {
				olderJournal(t, dir)
			}
			if tt.renamed {
				renamed := filepath.Join(filepath.Dir(dir), "orders")
				if err := os.Rename(dir, renamed); err != nil {
					t.Fatal(err)
				}
				dir = renamed
			}
			if tt.gitGone {
				if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
					t.Fatal(err)
				}
			}
			killed := treetest.Describe(t, dir)
			done, err := Recover(dir, RecoverOptions{Digest: ix.Digest})
			if tt.wantRefuse {
				if err == nil || !strings.Contains(err.Error(), "git's index") || !strings.Contains(err.Error(), "cp -p") {
					t.Errorf("Recover with an index changed since: %v, want a refusal naming git's index and what to do", err)
				}
				if after := treetest.Describe(t, dir); !maps.Equal(killed, after) {
					t.Errorf("a refused recovery changed the tree:\nbefore %v\nafter  %v", killed, after)
				}
				return
			}
			if err != nil {
				t.Fatalf("Recover: %v", err)
			}
			if len(done) != 1 || (done[0].Index != "") != tt.wantIndex {
				t.Errorf("Recover reports %+v, want the index put back: %v", done, tt.wantIndex)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(want, after) {
				t.Errorf("tree after recovery differs:\nbefore %v\nafter  %v", want, after)
			}
			if data, err := os.ReadFile(index); tt.outside && (err != nil || string(data) != before) {
				t.Errorf("git's index outside the tree = %q, %v; want %q", data, err, before)
			}
		})
	}
}

// olderJournal rewrites the journal of the stage left in dir as a gonew-prod before
// IndexFile wrote it: git's index named by File, its absolute path.
func olderJournal(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*", journalFile))
	if len(left) != 1 {
		t.Fatalf("journals left: %v, want one", left)
	}
	data, err := os.ReadFile(left[0])
	if err != nil {
		t.Fatal(err)
	}
	entries, err := parseJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, e := range entries {
		if e.IndexFile != nil {
			if e.File, err = e.indexAt(dir); err != nil {
				t.Fatal(err)
			}
			e.IndexFile = nil
		}
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, line...), '\n')
	}
	if err := os.WriteFile(left[0], out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFileTurnedIntoADirectory writes a change set that deletes the file conf and
// creates conf/base.yaml (a template version turning its file into a directory): the
// whole write does it, and a write that fails, or is killed and then recovered, at any
// operation leaves the tree as it was, the file conf back.
func TestWriteFileTurnedIntoADirectory(t *testing.T) {
	setups := turnedTrees()
	for name, sc := range setups {
		setup := sc.setup
		changes := sc.changes
		var ops []string
		{
			dir := setup(t)
			opts := WriteOptions{fail: func(op, p string) error { ops = append(ops, op+" "+p); return nil }}
			if _, err := Write(context.Background(), dir, changes, opts); err != nil {
				t.Fatalf("%s: write: %v", name, err)
			}
			p, want, _ := strings.Cut(sc.check, "=")
			if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err != nil || string(got) != want {
				t.Fatalf("%s: %s = %q, %v", name, p, got, err)
			}
		}
		for i, op := range ops {
			t.Run(fmt.Sprintf("%s/fail %d %s", name, i, op), func(t *testing.T) {
				dir := setup(t)
				before := treetest.Describe(t, dir)
				injected := errors.New("disk full")
				n := 0
				opts := WriteOptions{fail: func(string, string) error {
					if n++; n == i+1 {
						return injected
					}
					return nil
				}}
				if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, injected) {
					t.Fatalf("err = %v, want the injected failure", err)
				}
				if after := treetest.Describe(t, dir); !sameFiles(before, after) {
					t.Errorf("tree changed after a failed write:\nbefore %v\nafter  %v", before, after)
				}
			})
			t.Run(fmt.Sprintf("%s/kill %d %s", name, i, op), func(t *testing.T) {
				dir := setup(t)
				before := treetest.Describe(t, dir)
				n := 0
				opts := WriteOptions{fail: func(string, string) error {
					if n++; n == i+1 {
						return errKilled
					}
					return nil
				}}
				if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, errKilled) {
					t.Fatalf("err = %v, want killed", err)
				}
				if _, err := Recover(dir, RecoverOptions{}); err != nil {
					t.Fatalf("Recover: %v", err)
				}
				if after := treetest.Describe(t, dir); !sameFiles(before, after) {
					t.Errorf("tree after recovery differs:\nbefore %v\nafter  %v", before, after)
				}
			})
		}
	}
}

// TestRecoverAStoppedRollback stops a rollback at each of its steps in turn, as SIGKILL
// does once the grace period after SIGTERM is over (docker stop, systemd, a CI runner
// cancelling a job): Write's own rollback after a failure, and Recover's after a kill.
// The next Recover, itself stopped at its first step once (a second kill), and then one
// more, finish the rollback: the tree is the user's again, byte for byte, no stage is
// left, and the recovery says it finished a rollback.
func TestRecoverAStoppedRollback(t *testing.T) {
	type tree struct {
		setup   func(t *testing.T) string
		changes func(t *testing.T, dir string) []Change
	}
	trees := map[string]tree{"user tree": {killSetup, killChanges}}
	for name, sc := range turnedTrees() {
		trees[name] = tree{sc.setup, func(*testing.T, string) []Change { return sc.changes }}
	}
	injected := errors.New("disk full")
	// undoKill kills at the undo step k (counted from 1) and runs next before the others.
	undoKill := func(k int, next func(op string) error) func(op, p string) error {
		undos := 0
		return func(op, _ string) error {
			if op != "undo" {
				return next(op)
			}
			if undos++; undos == k {
				return errKilled
			}
			return nil
		}
	}
	// rollback fails the write at its operation at (counted from 1, of ops), or its
	// Finish when at is 0, and kills the rollback at its undo step k.
	rollback := func(t *testing.T, dir string, changes []Change, at, k int) bool {
		n := 0
		opts := WriteOptions{fail: undoKill(k, func(string) error {
			if n++; n == at {
				return injected
			}
			return nil
		})}
		if at == 0 {
			opts.Finish = func() error { return injected }
		}
		_, err := Write(context.Background(), dir, changes, opts)
		if !errors.Is(err, errKilled) && !errors.Is(err, injected) {
			t.Fatalf("write: %v, want the injected failure or the kill", err)
		}
		return errors.Is(err, errKilled)
	}
	// recovery kills the write at its operation at, and the Recover after it at its undo
	// step k.
	recovery := func(t *testing.T, dir string, changes []Change, at, k int) bool {
		n := 0
		opts := WriteOptions{fail: func(string, string) error {
			if n++; n == at {
				return errKilled
			}
			return nil
		}}
		if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, errKilled) {
			t.Fatalf("write killed at operation %d: %v", at, err)
		}
		_, err := Recover(dir, RecoverOptions{fail: undoKill(k, func(string) error { return nil })})
		if err != nil && !errors.Is(err, errKilled) {
			t.Fatalf("Recover: %v", err)
		}
		return errors.Is(err, errKilled)
	}
	stops := []struct {
		name string
		at   func(ops int) int // the operation of the write that fails or is killed
		stop func(t *testing.T, dir string, changes []Change, at, k int) bool
	}{
		{"Write's rollback after a failure at its last operation", func(ops int) int { return ops }, rollback},
		{"Write's rollback after a failure halfway", func(ops int) int { return ops / 2 }, rollback},
		{"Write's rollback after its Finish fails", func(int) int { return 0 }, rollback},
		{"Recover after a kill at the last operation", func(ops int) int { return ops }, recovery},
		{"Recover after a kill halfway", func(ops int) int { return ops / 2 }, recovery},
	}
	for treeName, tr := range trees {
		ops := 0
		{
			dir := tr.setup(t)
			opts := WriteOptions{fail: func(string, string) error { ops++; return nil }}
			if _, err := Write(context.Background(), dir, tr.changes(t, dir), opts); err != nil {
				t.Fatalf("%s: write: %v", treeName, err)
			}
		}
		for _, st := range stops {
			for k := 1; ; k++ {
				stopped := false
				t.Run(fmt.Sprintf("%s/%s/undo %d", treeName, st.name, k), func(t *testing.T) {
					dir := tr.setup(t)
					before := treetest.Describe(t, dir)
					if stopped = st.stop(t, dir, tr.changes(t, dir), st.at(ops), k); !stopped {
						return // the rollback had fewer steps
					}
					again := undoKill(1, func(string) error { return nil })
					done, err := Recover(dir, RecoverOptions{fail: again})
					if err != nil && !errors.Is(err, errKilled) {
						t.Fatalf("Recover stopped at its first step: %v", err)
					}
					more, err := Recover(dir, RecoverOptions{})
					if err != nil {
						t.Fatalf("Recover: %v", err)
					}
					if done = append(done, more...); len(done) != 1 || !done[0].Resumed || !strings.Contains(done[0].String(), "then while rolling back") {
						t.Errorf("Recover reports %+v, want the stopped rollback finished", done)
					}
					if after := treetest.Describe(t, dir); !sameFiles(before, after) {
						t.Errorf("tree after recovery differs:\nbefore %v\nafter  %v", before, after)
					}
					if left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*")); len(left) != 0 {
						t.Errorf("staging directories left: %v", left)
					}
				})
				if !stopped {
					break
				}
			}
		}
	}
}

// TestRecoverByHandSaysWhatIsLeft: when Recover refuses, the steps by hand it lists
// name the files that wait in saved/ and the created files that still hold what the run
// wrote, as the tree and the stage are then: not a file a stopped rollback (or the user)
// already put back, nor one whose save was journaled but that was never set aside.
func TestRecoverByHandSaysWhatIsLeft(t *testing.T) {
	ops := writeOps(t)
	edit := func(t *testing.T, dir string) { // the refusal: a created file changed since
		mustWriteFile(t, filepath.Join(dir, "cmd/x/main.go"), "package main // edited\n", 0o644)
	}
	tests := []struct {
		name              string
		stop              func(t *testing.T, dir string) // leaves a stage, then edits
		saved, notCreated []string
	}{
		{"a file put back by hand", func(t *testing.T, dir string) {
			killAt(t, dir, len(ops))
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if err := os.Rename(filepath.Join(left[0], "saved", "notes.txt"), filepath.Join(dir, "notes.txt")); err != nil {
				t.Fatal(err)
			}
			edit(t, dir)
		}, []string{"README.md", "scripts/run.sh", RecordFile}, []string{"notes.txt", "cmd/x/main.go"}},
		{"a save journaled, the file not yet set aside", func(t *testing.T, dir string) {
			n := slices.Index(ops, "replace notes.txt")
			if n < 0 {
				t.Fatalf("no replace of notes.txt in %v", ops)
			}
			killAt(t, dir, n+1)
			edit(t, dir)
		}, []string{"README.md"}, []string{"notes.txt", "scripts/run.sh", "cmd/x/main.go"}},
		{"a rollback stopped after it put back a file", func(t *testing.T, dir string) {
			undos := 0
			opts := WriteOptions{Finish: func() error { return errors.New("index locked") }, fail: func(op, p string) error {
				if op == "undo" && p == "notes.txt" {
					undos++ // its create, then its save
				} else if op == "undo" && undos == 2 {
					return errKilled
				}
				return nil
			}}
			if _, err := Write(context.Background(), dir, killChanges(t, dir), opts); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want its rollback killed", err)
			}
			edit(t, dir)
		}, []string{"README.md"}, []string{"notes.txt", "scripts/run.sh", RecordFile, "cmd/x/main.go"}},
	}
	clause := func(msg, after string) []string {
		_, rest, ok := strings.Cut(msg, after)
		if !ok {
			return nil
		}
		list, _, _ := strings.Cut(rest, "; then ")
		return strings.Split(list, ", ")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := killSetup(t)
			tt.stop(t, dir)
			_, err := Recover(dir, RecoverOptions{})
			if err == nil || !strings.Contains(err.Error(), "cmd/x/main.go is not what that run wrote there") {
				t.Fatalf("Recover: %v, want a refusal naming cmd/x/main.go", err)
			}
			saved := clause(err.Error(), "(mv keeps its mode): ")
			slices.Sort(saved)
			if want := slices.Sorted(slices.Values(tt.saved)); !slices.Equal(saved, want) {
				t.Errorf("by hand: the files to move back from saved/ are %q, want %q\n%v", saved, want, err)
			}
			created := clause(err.Error(), "by hand: remove the files that run created that still hold what it wrote (keep any other: it is yours): ")
			if len(created) == 0 {
				t.Errorf("by hand names no created file to remove:\n%v", err)
			}
			for _, p := range tt.notCreated {
				if slices.Contains(created, p) {
					t.Errorf("by hand says to remove %s, which does not hold what the run wrote:\n%v", p, err)
				}
			}
		})
	}
}

// turnedTree is a user's tree and the changes of a template version that turns one of
// its files into a directory, or a directory into a file.
type turnedTree struct {
	files   map[string]string
	changes []Change
	check   string // a file the whole write leaves, with its content after "="
}

// turnedTrees returns the trees of TestWriteFileTurnedIntoADirectory, by name.
func turnedTrees() map[string]turnedTree {
	return map[string]turnedTree{
		"file to directory": {
			files: map[string]string{"conf": "x: 1\n", "keep.txt": "keep\n"},
			changes: []Change{
				{Path: "conf", Delete: true, Old: []byte("x: 1\n")},
				{Path: "conf/base.yaml", Content: []byte("x: 1\n"), Mode: 0o644},
				{Path: "conf/more/deep.yaml", Content: []byte("y: 2\n"), Mode: 0o644},
			},
			check: "conf/more/deep.yaml=y: 2\n",
		},
		"directory to file": {
			files: map[string]string{"old/o.txt": "o\n", "old/sub/p.txt": "p\n", "keep.txt": "keep\n"},
			changes: []Change{
				{Path: "old", Content: []byte("now a file\n"), Mode: 0o644},
				{Path: "old/o.txt", Delete: true, Old: []byte("o\n")},
				{Path: "old/sub/p.txt", Delete: true, Old: []byte("p\n")},
			},
			check: "old=now a file\n",
		},
		"files deleted from directories they leave empty": {
			files: map[string]string{"docs/sub/deep/x.md": "x\n", "docs/README.md": "r\n", "a/b/c.txt": "c\n", "keep.txt": "keep\n"},
			changes: []Change{
				{Path: "docs/sub/deep/x.md", Delete: true, Old: []byte("x\n")},
				{Path: "a/b/c.txt", Delete: true, Old: []byte("c\n"), Backup: true},
				{Path: "new.txt", Content: []byte("n\n"), Mode: 0o644},
			},
			check: "docs/README.md=r\n",
		},
	}
}

// setup makes the user's tree of sc.
func (sc turnedTree) setup(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "svc")
	for p, body := range sc.files {
		mustWriteFile(t, filepath.Join(dir, filepath.FromSlash(p)), body, 0o644)
	}
	if err := os.Chmod(filepath.Join(dir, "keep.txt"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); err == nil {
		if err := os.Chmod(filepath.Join(dir, "old"), 0o750); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sameFiles compares two treetest.Describe maps: every path, and what each holds, but a
// directory's inode (one made again has another).
func sameFiles(a, b map[string]string) bool {
	strip := func(m map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k], _, _ = strings.Cut(v, " inode ")
		}
		return out
	}
	return maps.Equal(strip(a), strip(b))
}

// TestRollbackReportsADirectoryNotMadeAgain: a directory the write removed for a file
// to go in its place, which its rollback cannot make again because a file of another
// program stands there now, is reported, not taken as made. (Recover refuses such a tree
// before it rolls anything back: the tree no longer matches its journal.)
func TestRollbackReportsADirectoryNotMadeAgain(t *testing.T) {
	sc := turnedTrees()["directory to file"]
	dir := sc.setup(t)
	undos := 0
	opts := WriteOptions{Finish: func() error { return errors.New("index locked") }, fail: func(op, p string) error {
		if op == "undo" && p == "old" {
			if undos++; undos == 2 { // its create undone, then its rmdir
				mustWriteFile(t, filepath.Join(dir, "old"), "another program's\n", 0o644)
			}
		}
		return nil
	}}
	_, err := Write(context.Background(), dir, sc.changes, opts)
	if want := "make again the directory " + filepath.Join(dir, "old"); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("write: %v, want a report with %q", err, want)
	}
}

// TestRollbackFollowsNoLinkSwappedOnTheWay: the tree's owner (who owns the stage too,
// and may race a run as root rolling back in the tree) swaps, right before a step of
// the rollback, a directory on the way to the step's file for a symbolic link to a
// directory outside the tree, or plants a hard link to a file outside: in the tree on
// the way to a file the run created or a directory it made (which the rollback removes),
// or to a file it set aside (which the rollback puts back), or in saved/ on the way to
// that file, or in place of it. Write's own rollback and Recover's neither remove,
// create, link nor change the mode of anything outside, and say what is in the way.
func TestRollbackFollowsNoLinkSwappedOnTheWay(t *testing.T) {
	changes := []Change{
		{Path: "sub/keep.txt", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n")},
		{Path: "sub/new.txt", Content: []byte("new\n"), Mode: 0o644},
		{Path: "deep/made/x.txt", Content: []byte("x\n"), Mode: 0o644},
	}
	setup := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "svc")
		mustWriteFile(t, filepath.Join(dir, "sub/keep.txt"), "yours\n", 0o640)
		mustWriteFile(t, filepath.Join(dir, "deep/.keep"), "", 0o644)
		return dir
	}
	// swapForLink moves the directory at p away and puts a link to outside there.
	swapForLink := func(t *testing.T, p, outside string) {
		if err := os.Rename(p, p+".moved"); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, p); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		at   string // the step's path (slash-separated)
		nth  int    // of the rollback's steps on it, counted from 1
		// swap makes outside (it holds secret, of mode 0600) and swaps, in the tree at
		// dir with the stage at stage.
		swap func(t *testing.T, dir, stage, outside string)
	}{
		{name: "tree: created file's directory", at: "sub/new.txt", nth: 1, swap: func(t *testing.T, dir, _, outside string) {
			mustWriteFile(t, filepath.Join(outside, "new.txt"), "new\n", 0o644)
			swapForLink(t, filepath.Join(dir, "sub"), outside)
		}},
		{name: "tree: made directory's parent", at: "deep/made", nth: 1, swap: func(t *testing.T, dir, _, outside string) {
			if err := os.Mkdir(filepath.Join(outside, "made"), 0o755); err != nil {
				t.Fatal(err)
			}
			swapForLink(t, filepath.Join(dir, "deep"), outside)
		}},
		{name: "tree: put-back file's directory", at: "sub/keep.txt", nth: 2, swap: func(t *testing.T, dir, _, outside string) {
			swapForLink(t, filepath.Join(dir, "sub"), outside)
		}},
		{name: "stage: saved file's directory", at: "sub/keep.txt", nth: 2, swap: func(t *testing.T, _, stage, outside string) {
			if err := os.Rename(filepath.Join(outside, "secret"), filepath.Join(outside, "keep.txt")); err != nil {
				t.Fatal(err)
			}
			swapForLink(t, filepath.Join(stage, "saved", "sub"), outside)
		}},
		{name: "stage: saved file hard-linked to one outside", at: "sub/keep.txt", nth: 2, swap: func(t *testing.T, _, stage, outside string) {
			saved := filepath.Join(stage, "saved", "sub", "keep.txt")
			if err := os.Rename(saved, saved+".moved"); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(filepath.Join(outside, "secret"), saved); err != nil {
				t.Fatal(err)
			}
		}},
	}
	runs := []struct {
		name string
		// rollback writes changes into dir and rolls the write back, calling undo before
		// each of its steps.
		rollback func(t *testing.T, dir string, undo func(p string)) error
	}{
		{name: "Write", rollback: func(t *testing.T, dir string, undo func(string)) error {
			opts := WriteOptions{Finish: func() error { return errors.New("index locked") }, fail: func(op, p string) error {
				if op == "undo" {
					undo(p)
				}
				return nil
			}}
			_, err := Write(context.Background(), dir, changes, opts)
			return err
		}},
		{name: "Recover", rollback: func(t *testing.T, dir string, undo func(string)) error {
			opts := WriteOptions{Finish: func() error { return errKilled }}
			if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed in Finish", err)
			}
			_, err := Recover(dir, RecoverOptions{fail: func(_, p string) error { undo(p); return nil }})
			return err
		}},
	}
	for _, run := range runs {
		for _, tt := range tests {
			t.Run(run.name+"/"+tt.name, func(t *testing.T) {
				dir := setup(t)
				outside := t.TempDir()
				mustWriteFile(t, filepath.Join(outside, "secret"), "secret\n", 0o600)
				seen, swapped := 0, false
				var before map[string]string // outside, once swapped in
				err := run.rollback(t, dir, func(p string) {
					if p != tt.at {
						return
					}
					if seen++; seen == tt.nth {
						left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
						tt.swap(t, dir, left[0], outside)
						swapped, before = true, treetest.Describe(t, outside)
					}
				})
				if !swapped {
					t.Fatalf("the rollback (%v) took no step %d on %s", err, tt.nth, tt.at)
				}
				if err == nil || !strings.Contains(err.Error(), "another program put") {
					t.Errorf("rollback: %v, want it refused naming what another program put in the way", err)
				}
				after := treetest.Describe(t, outside)
				if !maps.Equal(before, after) {
					t.Errorf("outside the tree after the rollback:\n%v\nwant as it was:\n%v", after, before)
				}
				_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
					if err == nil && d.IsDir() && strings.HasPrefix(d.Name(), stagePrefix) {
						return filepath.SkipDir // where the swap planted it, left as it is
					}
					if err != nil || !d.Type().IsRegular() {
						return err
					}
					in, _ := os.Lstat(p)
					for name := range after {
						if out, err := os.Lstat(filepath.Join(outside, name)); err == nil && out.Mode().IsRegular() && os.SameFile(in, out) {
							t.Errorf("the tree's %s is the file %s outside it", p, name)
						}
					}
					return nil
				})
			})
		}
	}
}

// TestRollbackPutsBackAFileASnapshotLinked: a hard-link snapshot of the tree (cp -al,
// rsnapshot) taken while a run had set a file of yours aside in saved/ gives that file
// a second name. Write's own rollback and Recover's put it back all the same, as a copy
// of its own with its mode (a write to the tree's file must not change the snapshot's),
// and the snapshot keeps the file it had.
func TestRollbackPutsBackAFileASnapshotLinked(t *testing.T) {
	changes := []Change{
		{Path: "sub/keep.txt", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n")},
		{Path: "sub/new.txt", Content: []byte("new\n"), Mode: 0o644},
	}
	// snapshot links the file set aside in the stage of the tree at dir to snap.
	snapshot := func(t *testing.T, dir, snap string) {
		left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
		if len(left) != 1 {
			t.Fatalf("staging directories: %v, want one", left)
		}
		if err := os.Link(filepath.Join(left[0], "saved", "sub", "keep.txt"), snap); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		rollback func(t *testing.T, dir, snap string) error
	}{
		{"Write", func(t *testing.T, dir, snap string) error {
			linked := false
			opts := WriteOptions{Finish: func() error { return errors.New("index locked") }, fail: func(op, _ string) error {
				if op == "undo" && !linked {
					snapshot(t, dir, snap)
					linked = true
				}
				return nil
			}}
			_, err := Write(context.Background(), dir, changes, opts)
			if err == nil || err.Error() != "nothing written: index locked" {
				return err
			}
			return nil
		}},
		{"Recover", func(t *testing.T, dir, snap string) error {
			if _, err := Write(context.Background(), dir, changes, WriteOptions{Finish: func() error { return errKilled }}); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed in Finish", err)
			}
			snapshot(t, dir, snap)
			_, err := Recover(dir, RecoverOptions{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			mustWriteFile(t, filepath.Join(dir, "sub/keep.txt"), "yours\n", 0o640)
			asRoot := os.Geteuid() == 0
			if asRoot { // the copy is the user's, as the file was
				if err := os.Lchown(filepath.Join(dir, "sub/keep.txt"), 4321, 4322); err != nil {
					t.Fatal(err)
				}
			}
			snap := filepath.Join(t.TempDir(), "keep.txt")
			if err := tt.rollback(t, dir, snap); err != nil {
				t.Fatalf("rollback: %v", err)
			}
			keep := filepath.Join(dir, "sub", "keep.txt")
			info, err := os.Lstat(keep)
			if data, rerr := os.ReadFile(keep); err != nil || rerr != nil || string(data) != "yours\n" || info.Mode() != 0o640 {
				t.Fatalf("sub/keep.txt = %q, %v, %v; want yours, of mode 0640, put back", data, info, errors.Join(err, rerr))
			}
			if uid, gid, _ := ownerIDs(info); asRoot && (uid != 4321 || gid != 4322) {
				t.Errorf("sub/keep.txt is %d:%d, want the user's 4321:4322", uid, gid)
			}
			sinfo, err := os.Lstat(snap)
			if data, rerr := os.ReadFile(snap); err != nil || rerr != nil || string(data) != "yours\n" {
				t.Errorf("the snapshot's file = %q, %v; want yours", data, errors.Join(err, rerr))
			} else if os.SameFile(info, sinfo) {
				t.Errorf("sub/keep.txt is the snapshot's file: a write to it would change the snapshot")
			}
			if _, err := os.Lstat(filepath.Join(dir, "sub", "new.txt")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("sub/new.txt after the rollback: %v, want it removed", err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*")); len(left) > 0 {
				t.Errorf("staging directories left: %v", left)
			}
		})
	}
}

// TestRecoverAppendsToNoJournalSwappedIn: the tree's owner, who owns the stage, swaps
// its journal, between Recover reading it and opening it to append (here while the
// index's digest is read), for a symbolic link or a hard link to a file outside, or for
// a journal with other steps. Recover refuses: it neither cuts the torn last line of,
// nor appends to, the file outside, and takes no step.
func TestRecoverAppendsToNoJournalSwappedIn(t *testing.T) {
	tests := []struct {
		name string
		// swap puts another file at journal, outside being the file outside.
		swap func(t *testing.T, journal, outside string)
	}{
		{"a symbolic link", func(t *testing.T, journal, outside string) {
			if err := os.Symlink(outside, journal); err != nil {
				t.Fatal(err)
			}
		}},
		{"a hard link", func(t *testing.T, journal, outside string) {
			if err := os.Link(outside, journal); err != nil {
				t.Fatal(err)
			}
		}},
		{"other steps", func(t *testing.T, journal, _ string) {
			data, err := os.ReadFile(journal + ".moved")
			if err != nil {
				t.Fatal(err)
			}
			mustWriteFile(t, journal, string(data)+"{}\n", 0o600)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, "entries\nstat\n")
			opts := WriteOptions{Index: ix, Finish: func() error {
				if err := os.WriteFile(index, []byte("entries+marks\nstat\n"), 0o644); err != nil {
					return err
				}
				return errKilled
			}}
			if _, err := Write(context.Background(), dir, killChanges(t, dir), opts); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed in Finish", err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories: %v, want one", left)
			}
			journal := filepath.Join(left[0], journalFile)
			f, err := os.OpenFile(journal, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(`{"op":`); err != nil { // a torn last line, which Recover cuts
				t.Fatal(err)
			}
			f.Close()
			outside := filepath.Join(t.TempDir(), "outside")
			const was = "a file outside the tree\nwithout a newline at its end"
			mustWriteFile(t, outside, was, 0o600)
			swapped := false
			_, err = Recover(dir, RecoverOptions{Digest: func(p string) (string, error) {
				if !swapped {
					swapped = true
					if err := os.Rename(journal, journal+".moved"); err != nil {
						t.Fatal(err)
					}
					tt.swap(t, journal, outside)
				}
				return ix.Digest(p)
			}})
			if !swapped {
				t.Fatalf("Recover read no digest: %v", err)
			}
			if err == nil || !strings.Contains(err.Error(), "another program put") {
				t.Errorf("Recover: %v, want it refused naming what another program put there", err)
			}
			if data, _ := os.ReadFile(outside); string(data) != was {
				t.Errorf("the file outside the tree = %q, want %q", data, was)
			}
			if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "replaced\n" {
				t.Errorf("notes.txt = %q: a step was taken", data)
			}
		})
	}
}
