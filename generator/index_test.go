package generator

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestWriteFinishLeavesIndex: a Finish that stops before it changes git's index
// (IndexUntouched: update found content staged for a conflicted path while it wrote)
// fails the write, which is rolled back whole, the stage removed, and the index left as
// it is, what another git staged since it was saved kept: it is never put back from the
// copy, and its change is no failure of the rollback.
func TestWriteFinishLeavesIndex(t *testing.T) {
	const before = "entries\nstat 1\n"
	tests := []struct {
		name  string
		since string // what another git writes into the index after it was saved ("" nothing)
	}{
		{name: "content staged since", since: "entries+staged\nstat 2\n"},
		{name: "the index as it was"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, before)
			want := treetest.Describe(t, dir)
			opts := WriteOptions{
				Index: ix,
				Finish: func() error {
					if tt.since != "" {
						if err := os.WriteFile(index, []byte(tt.since), 0o644); err != nil {
							return err
						}
					}
					return &IndexUntouched{Err: errors.New("content staged since")}
				},
			}
			_, err := Write(context.Background(), dir, killChanges(t, dir), opts)
			if err == nil || !strings.Contains(err.Error(), "content staged since") || strings.Contains(err.Error(), "also failed") {
				t.Fatalf("Write: %v, want Finish's error, the tree restored", err)
			}
			got := treetest.Describe(t, dir)
			wantIndex := before
			if tt.since != "" {
				wantIndex = tt.since
			}
			if data, err := os.ReadFile(index); err != nil || string(data) != wantIndex {
				t.Errorf("git's index = %q, %v; want %q", data, err, wantIndex)
			}
			delete(got, ".git/index")
			delete(want, ".git/index")
			if !maps.Equal(want, got) {
				t.Errorf("tree after the failed write differs:\nbefore %v\nafter  %v", want, got)
			}
		})
	}
}

// indexSetup gives a killSetup tree a .git/index that holds before, and the Index of
// WriteOptions that watches it. Its digest is the index's first line: the rest stands
// for the stat data git refreshes.
func indexSetup(t *testing.T, before string) (dir, index string, ix *Index) {
	t.Helper()
	dir = killSetup(t)
	index = filepath.Join(dir, ".git", "index")
	mustWriteFile(t, index, before, 0o644)
	real, err := filepath.EvalSymlinks(index)
	if err != nil {
		t.Fatal(err)
	}
	digest := func(p string) (string, error) {
		data, err := os.ReadFile(p)
		line, _, _ := strings.Cut(string(data), "\n")
		return line, err
	}
	return dir, index, &Index{Path: real, Before: "entries", After: "entries+marks", Digest: digest}
}

// TestWriteInterruptedWhileFinishing: a signal (ctx cancelled) that comes while Finish
// runs (update marking its conflicts in git's index, which runs to its end whatever
// comes) rolls the write back once Finish returns, as a signal at any earlier step
// does: the tree and git's index are as they were, and Write says it was interrupted.
func TestWriteInterruptedWhileFinishing(t *testing.T) {
	const before = "entries\nstat 1\n"
	tests := []struct {
		name  string
		index bool // Finish changes git's index (WriteOptions.Index)
	}{
		{name: "marks written", index: true},
		{name: "no index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, before)
			want := treetest.Describe(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := WriteOptions{Finish: func() error {
				cancel() // the signal, while git writes the marks
				if tt.index {
					return os.WriteFile(index, []byte("entries+marks\nstat 2\n"), 0o644)
				}
				return nil
			}}
			if tt.index {
				opts.Index = ix
			}
			_, err := Write(ctx, dir, killChanges(t, dir), opts)
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "nothing written") {
				t.Fatalf("Write interrupted in Finish: %v, want it interrupted, nothing written", err)
			}
			if got := treetest.Describe(t, dir); !maps.Equal(want, got) {
				t.Errorf("tree after the interrupted write differs:\nbefore %v\nafter  %v", want, got)
			}
			if data, err := os.ReadFile(index); err != nil || string(data) != before {
				t.Errorf("git's index = %q, %v; want %q", data, err, before)
			}
		})
	}
}

// TestRecoverReadsNoPipeForTheIndex: a named pipe the repository's owner swaps in for
// git's index, or for its copy in the stage, once Recover has looked at them and before
// it reads them, is neither waited on (a run as root would hang in its rollback) nor
// read: Recover refuses, naming it, and leaves everything as it is.
func TestRecoverReadsNoPipeForTheIndex(t *testing.T) {
	for _, tc := range []struct {
		name string
		pipe func(index, stage string) string // the file swapped for a pipe
	}{
		{"the index", func(index, _ string) string { return index }},
		{"its copy", func(_, stage string) string { return filepath.Join(stage, indexFile) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, "entries\nstat 1\n")
			opts := WriteOptions{Index: ix, Finish: func() error {
				if err := os.WriteFile(index, []byte("entries+marks\nstat 2\n"), 0o644); err != nil {
					return err
				}
				return errKilled // once git marked the conflicts
			}}
			if _, err := Write(context.Background(), dir, killChanges(t, dir), opts); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed", err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			pipe := tc.pipe(index, left[0])
			swap := func(op, p string) error {
				if op == "read" && p == ix.Path {
					if err := os.Rename(pipe, pipe+".moved"); err != nil {
						t.Fatal(err)
					}
					treetest.Mkfifo(t, pipe, 0o644)
				}
				return nil
			}
			err := treetest.Returns(t, pipe, 5*time.Second, "Recover waited on the named pipe at "+pipe, func() error {
				_, err := Recover(dir, RecoverOptions{Digest: ix.Digest, fail: swap})
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "is not a regular file") {
				t.Errorf("Recover: %v, want a refusal naming the pipe at %s", err, pipe)
			}
			if _, serr := os.Lstat(pipe + ".moved"); serr != nil {
				t.Errorf("the file moved away for the pipe: %v, want it left as it is", serr)
			}
		})
	}
}
