//go:build unix

package update

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestIndexCopyOfAKilledRunIsSwept: the directory holding the copy of git's index that
// the marks are tried on (as large as the index: tens of MB in a monorepo) is marked in
// use while PrepareMarks runs, so that the one a run killed outright leaves is removed
// by scratch.Sweep in a later run. A git that copies the directory, as the killed run
// would leave it, stands in for the kill.
func TestIndexCopyOfAKilledRunIsSwept(t *testing.T) {
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	tmp, bin := t.TempDir(), t.TempDir()
	left := filepath.Join(tmp, IndexPrefix+"killed")
	wrapper := "#!/bin/sh\nif [ -n \"$GIT_INDEX_FILE\" ] && [ \"$1\" = update-index ] && [ ! -e \"$LEFT\" ]; then cp -R \"$(dirname \"$GIT_INDEX_FILE\")\" \"$LEFT\" || exit 1; fi\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TMPDIR", tmp)
	t.Setenv("LEFT", left)
	dir, env, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"a.txt": "yours\n"})
	git("add", "a.txt")
	git("commit", "-qm", "init")
	steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
	if _, err := PrepareMarks(context.Background(), env, dir, steps); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(left, "index")); err != nil {
		t.Fatalf("git did not copy the index's directory: %v", err)
	}
	if got := scratch.Sweep("", IndexPrefix); len(got) != 1 || got[0] != left {
		t.Errorf("Sweep removed %q, want the killed run's %s", got, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's copy of the index: %v, want it removed", err)
	}
}

// TestMarksAsRootGiveObjectsToTheOwner prepares the marks as root in a repository another
// user owns: the object directories and objects git writes for the stages are given the
// owner and group of .git/objects, since the user's git could add no object to a
// directory of root's; an object directory that was root's before stays as it was.
// Giving a file to another user takes root, so the test skips when not run as root
// (CI and this machine run as root).
func TestMarksAsRootGiveObjectsToTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root")
	}
	const uid, gid = 4321, 4322
	dir, env, git := gitRepo(t)
	env = append(env, "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=safe.directory", "GIT_CONFIG_VALUE_0=*")
	writeFiles(t, dir, map[string]string{"a.txt": "yours\n"})
	git("add", "a.txt")
	git("commit", "-qm", "init")
	objects := filepath.Join(dir, ".git", "objects")
	base, theirs := []byte("base\n"), []byte("theirs\n")
	oid := func(content []byte) string {
		cmd := exec.Command("git", "hash-object", "--stdin")
		cmd.Dir, cmd.Env, cmd.Stdin = dir, env, strings.NewReader(string(content))
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	baseOID, theirsOID := oid(base), oid(theirs)
	// A directory of root's from before the run, where the base's object goes.
	rootsDir := filepath.Join(objects, baseOID[:2])
	if err := os.MkdirAll(rootsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	before := map[string]bool{}
	if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		before[p] = true
		if p == rootsDir {
			return nil
		}
		return os.Lchown(p, uid, gid)
	}); err != nil {
		t.Fatal(err)
	}
	steps := []Step{{Path: "a.txt", Action: Conflict, Base: base, Ours: []byte("yours\n"), Theirs: theirs, Mode: 0o644, OursMode: 0o644}}
	marks, err := PrepareMarks(context.Background(), env, dir, steps)
	if err != nil || !marks.Marking() {
		t.Fatalf("PrepareMarks: %+v, err %v", marks, err)
	}
	created := map[string]bool{}
	if err := filepath.WalkDir(objects, func(p string, d os.DirEntry, err error) error {
		if err != nil || before[p] {
			return err
		}
		created[p] = true
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := info.Sys().(*syscall.Stat_t)
		if got := [2]int{int(st.Uid), int(st.Gid)}; got != [2]int{uid, gid} {
			t.Errorf("%s, which the marks created, is owned by %v, want the repository's %v", p, got, [2]int{uid, gid})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{baseOID, theirsOID} {
		if p := filepath.Join(objects, id[:2], id[2:]); !created[p] {
			t.Errorf("the marks did not create %s", p)
		}
	}
	info, err := os.Lstat(rootsDir)
	if err != nil {
		t.Fatal(err)
	}
	if st := info.Sys().(*syscall.Stat_t); st.Uid != 0 || st.Gid != 0 {
		t.Errorf("%s, root's before the run, is owned by %d:%d now", rootsDir, st.Uid, st.Gid)
	}
}

// TestIndexNamedPipe: a named pipe for git's index is refused at once, naming it, when
// the marks are prepared, instead of being waited on for a writer for good (by the read
// of it or by the git that reads it).
func TestIndexNamedPipe(t *testing.T) {
	dir, env, _ := gitRepo(t)
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	pipe := filepath.Join(dir, ".git", "index")
	treetest.Mkfifo(t, pipe, 0o600)
	err = treetest.Returns(t, pipe, 5*time.Second, "the marks waited on the named pipe .git/index", func() error {
		_, err := gitRunner{ctx: context.Background(), git: git, dir: dir, env: env}.index([]byte("x"))
		return err
	})
	if !errors.Is(err, generator.ErrNotRegular) || !strings.Contains(err.Error(), pipe) {
		t.Errorf("err = %v, want a refusal naming %s, not a regular file", err, pipe)
	}
}
