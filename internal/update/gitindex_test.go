package update

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestMarkUnmergedAfterInterrupt applies the marks of a conflict, prepared before the
// write, with a context already cancelled: the tree is written when they are applied, so
// an interrupt must not leave the conflict looking like an ordinary change that
// `git commit -a` would take in.
func TestMarkUnmergedAfterInterrupt(t *testing.T) {
	dir, env, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"a.txt": "yours\n"})
	git("add", "a.txt")
	git("commit", "-qm", "init")
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("<<<<<<< yours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
	ctx, cancel := context.WithCancel(context.Background())
	marks, err := PrepareMarks(ctx, env, dir, steps)
	if err != nil || !marks.Marking() || len(marks.Staged) > 0 {
		t.Fatalf("PrepareMarks: %+v, err %v", marks, err)
	}
	cancel()
	if err := marks.Apply(ctx); err != nil {
		t.Fatalf("Apply after an interrupt: %v", err)
	}
	var stages []string
	for _, line := range strings.Split(strings.TrimSpace(git("ls-files", "--unmerged")), "\n") {
		if f := strings.Fields(line); len(f) == 4 {
			stages = append(stages, f[2])
		}
	}
	if strings.Join(stages, " ") != "1 2 3" {
		t.Errorf("unmerged stages %v, want 1 2 3", stages)
	}
}

// gitRepo returns the directory of a new git repository, the environment to run git in
// it (no system or global configuration) and a function that runs git there.
func gitRepo(t *testing.T) (dir string, env []string, git func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir = t.TempDir()
	env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	git = func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q")
	return dir, env, git
}

// TestPrepareMarksIndexLocked refuses to prepare marks while another git process holds
// the index's lock, naming the lock file: the conflicts could not be marked once the
// tree is written.
func TestPrepareMarksIndexLocked(t *testing.T) {
	dir, env, git := gitRepo(t)
	writeFiles(t, dir, map[string]string{"a.txt": "yours\n"})
	git("add", "a.txt")
	git("commit", "-qm", "init")
	lock := filepath.Join(dir, ".git", "index.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []Step{{Path: "a.txt", Action: Conflict, Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
	_, err := PrepareMarks(context.Background(), env, dir, steps)
	if err == nil || !strings.Contains(err.Error(), "nothing written: "+lock+" exists: another git process") {
		t.Fatalf("err = %v, want a refusal naming %s", err, lock)
	}
	// Without conflicts there is nothing to mark, and the lock does not matter.
	if m, err := PrepareMarks(context.Background(), env, dir, []Step{{Path: "a.txt", Action: Update}}); err != nil || m.Marking() {
		t.Errorf("no conflicts: %+v, %v", m, err)
	}
}

// TestPrepareMarksWhatGitTracks marks a conflict unmerged only where git tracks the path,
// with each stage stored as git would store the file (after its clean conversion): an
// untracked or git-ignored file stays out of the index, where git reset --hard would
// delete it and git add would commit what the user keeps to themselves.
func TestPrepareMarksWhatGitTracks(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string // committed before the update
		untracked map[string]string // written after the commit, never added
		stage     map[string]string // written and added after the commit
		ours      string
		want      []string // stages of a.txt in the index after Apply: "N content"
		marked    []string
		untrackd  []string
		staged    []string
	}{
		{name: "tracked", files: map[string]string{"a.txt": "yours\n"}, ours: "yours\n",
			want: []string{"1 base\n", "2 yours\n", "3 theirs\n"}, marked: []string{"a.txt"}},
		{name: "untracked", files: map[string]string{"b.txt": "b\n"}, untracked: map[string]string{"a.txt": "never committed\n"}, ours: "never committed\n",
			untrackd: []string{"a.txt"}},
		{name: "ignored", files: map[string]string{".gitignore": "a.txt\n"}, untracked: map[string]string{"a.txt": "TOKEN=s3cr3t\n"}, ours: "TOKEN=s3cr3t\n",
			untrackd: []string{"a.txt"}},
		{name: "added, not committed", files: map[string]string{"b.txt": "b\n"}, stage: map[string]string{"a.txt": "yours\n"}, ours: "yours\n",
			want: []string{"1 base\n", "2 yours\n", "3 theirs\n"}, marked: []string{"a.txt"}},
		{name: "staged other content", files: map[string]string{"a.txt": "committed\n"}, stage: map[string]string{"a.txt": "staged\n"}, ours: "yours\n",
			want: []string{"0 staged\n"}, staged: []string{"a.txt"}},
		{name: "eol=crlf checkout", files: map[string]string{".gitattributes": "* text eol=crlf\n", "a.txt": "yours\n"}, ours: "yours\r\n",
			want: []string{"1 base\n", "2 yours\n", "3 theirs\n"}, marked: []string{"a.txt"}},
		{name: "eol=crlf, the CRLF file staged", files: map[string]string{".gitattributes": "* text eol=crlf\n", "a.txt": "committed\n"}, stage: map[string]string{"a.txt": "yours\r\n"}, ours: "yours\r\n",
			want: []string{"1 base\n", "2 yours\n", "3 theirs\n"}, marked: []string{"a.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env, git := gitRepo(t)
			writeFiles(t, dir, tt.files)
			git("add", "-A")
			git("commit", "-qm", "init")
			writeFiles(t, dir, tt.untracked)
			writeFiles(t, dir, tt.stage)
			for name := range tt.stage {
				git("add", name)
			}
			writeFiles(t, dir, map[string]string{"a.txt": tt.ours})
			steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte(tt.ours), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
			marks, err := PrepareMarks(context.Background(), env, dir, steps)
			if err != nil {
				t.Fatal(err)
			}
			if err := marks.Apply(context.Background()); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(git("ls-files", "-s", "--", "a.txt")), "\n") {
				if f := strings.Fields(line); len(f) == 4 {
					got = append(got, f[2]+" "+git("cat-file", "blob", f[1]))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("index entries of a.txt %q, want %q", got, tt.want)
			}
			if !slices.Equal(marks.Marked, tt.marked) || !slices.Equal(marks.Untracked, tt.untrackd) || !slices.Equal(marks.Staged, tt.staged) {
				t.Errorf("marked %v, untracked %v, staged %v; want %v, %v, %v", marks.Marked, marks.Untracked, marks.Staged, tt.marked, tt.untrackd, tt.staged)
			}
		})
	}
}

// TestWriteStoppedAfterTheMarksPutsBackTheIndex marks a conflict unmerged as the last
// step of a write that then fails (as a run stopped there would be rolled back): git's
// index, the one git uses (a linked work tree's own, GIT_INDEX_FILE), is put back byte
// for byte, with no unmerged entry left, as the file is.
func TestWriteStoppedAfterTheMarksPutsBackTheIndex(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string, env []string, git func(...string) string) (work string, envOut []string, index string)
	}{
		{"repository", func(t *testing.T, dir string, env []string, _ func(...string) string) (string, []string, string) {
			return dir, env, filepath.Join(dir, ".git", "index")
		}},
		{"linked work tree", func(t *testing.T, dir string, env []string, git func(...string) string) (string, []string, string) {
			wt := filepath.Join(t.TempDir(), "wt")
			git("worktree", "add", "-q", wt)
			return wt, env, filepath.Join(dir, ".git", "worktrees", "wt", "index")
		}},
		{"GIT_INDEX_FILE", func(t *testing.T, dir string, env []string, _ func(...string) string) (string, []string, string) {
			index := filepath.Join(t.TempDir(), "other-index")
			data, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(index, data, 0o644); err != nil {
				t.Fatal(err)
			}
			return dir, append(slices.Clone(env), "GIT_INDEX_FILE="+index), index
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env, git := gitRepo(t)
			writeFiles(t, dir, map[string]string{"a.txt": "yours\n", "b.txt": "b\n"})
			git("add", ".")
			git("commit", "-qm", "init")
			work, env, index := tt.setup(t, dir, env, git)
			steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
			ctx := context.Background()
			marks, err := PrepareMarks(ctx, env, work, steps)
			if err != nil || marks.Index() == nil {
				t.Fatalf("PrepareMarks: %+v, err %v", marks, err)
			}
			before, err := os.ReadFile(index)
			if err != nil {
				t.Fatal(err)
			}
			changes := []generator.Change{{Path: "a.txt", Content: []byte("<<<<<<< yours\n"), Mode: 0o644, Old: []byte("yours\n")}}
			_, err = generator.Write(ctx, work, changes, generator.WriteOptions{Index: marks.Index(), Finish: func() error {
				if err := marks.Apply(ctx); err != nil {
					return err
				}
				return errors.New("stopped once the marks are in")
			}})
			if err == nil || !strings.Contains(err.Error(), "stopped once the marks are in") || strings.Contains(err.Error(), "index is left") {
				t.Fatalf("Write: %v, want the Finish error and the index put back", err)
			}
			if after, err := os.ReadFile(index); err != nil || !bytes.Equal(after, before) {
				t.Errorf("git's index %s after the rollback is not what it was (err %v)", index, err)
			}
			cmd := exec.Command("git", "ls-files", "--unmerged")
			cmd.Dir, cmd.Env = work, env
			if out, err := cmd.Output(); err != nil || len(out) > 0 {
				t.Errorf("unmerged entries after the rollback: %q (err %v)", out, err)
			}
			if got := readFileT(t, work, "a.txt"); got != "yours\n" {
				t.Errorf("a.txt after the rollback: %q", got)
			}
		})
	}
}

// TestMarksApplyRechecksIndex writes a conflict with generator.Write, its marks applied
// as update applies them (Finish), after something else changed git's index since they
// were prepared: content staged for the conflicted path (an editor's background git)
// stops the marks before git writes the index, the write is rolled back and the index
// keeps what was staged; a change of another path's entry does not matter.
func TestMarksApplyRechecksIndex(t *testing.T) {
	tests := []struct {
		name   string
		since  func(t *testing.T, dir string, git func(args ...string) string)
		refuse bool
		want   []string // what git ls-files --stage gives for a.txt afterwards: stage and content
	}{
		{name: "nothing changed since", since: func(*testing.T, string, func(...string) string) {},
			want: []string{"1 base\n", "2 yours\n", "3 theirs\n"}},
		{name: "another file staged since", since: func(t *testing.T, dir string, git func(...string) string) {
			writeFiles(t, dir, map[string]string{"b.txt": "staged b\n"})
			git("add", "b.txt")
		}, want: []string{"1 base\n", "2 yours\n", "3 theirs\n"}},
		{name: "the conflict's path staged since", since: func(t *testing.T, dir string, git func(...string) string) {
			writeFiles(t, dir, map[string]string{"a.txt": "staged meanwhile\n"})
			git("add", "a.txt")
			writeFiles(t, dir, map[string]string{"a.txt": "yours\n"}) // the file as the update found it
		}, refuse: true, want: []string{"0 staged meanwhile\n"}},
		{name: "the conflict's path removed from the index since", since: func(t *testing.T, dir string, git func(...string) string) {
			git("rm", "-q", "--cached", "a.txt")
		}, refuse: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env, git := gitRepo(t)
			writeFiles(t, dir, map[string]string{"a.txt": "yours\n", "b.txt": "b\n"})
			git("add", "-A")
			git("commit", "-qm", "init")
			steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
			ctx := context.Background()
			marks, err := PrepareMarks(ctx, env, dir, steps)
			if err != nil || !marks.Marking() {
				t.Fatalf("PrepareMarks: %+v, err %v", marks, err)
			}
			tt.since(t, dir, git)
			changes := []generator.Change{{Path: "a.txt", Content: []byte("<<<<<<< yours\nyours\n=======\ntheirs\n>>>>>>> theirs\n"), Mode: 0o644, Old: []byte("yours\n")}}
			_, err = generator.Write(ctx, dir, changes, generator.WriteOptions{Finish: func() error { return marks.Apply(ctx) }, Index: marks.Index()})
			if tt.refuse != (err != nil) {
				t.Fatalf("Write: %v, want refused %v", err, tt.refuse)
			}
			if tt.refuse {
				if !strings.Contains(err.Error(), "a.txt changed while update wrote the files") || strings.Contains(err.Error(), "restoring the tree also failed") {
					t.Errorf("Write: %v, want a refusal naming a.txt, the tree restored", err)
				}
				if got, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(got) != "yours\n" {
					t.Errorf("a.txt = %q after the rollback, want yours", got)
				}
				if left, _ := filepath.Glob(filepath.Join(dir, ".gonew-prod-stage*")); len(left) > 0 {
					t.Errorf("the rollback left %v", left)
				}
			}
			var got []string
			for _, e := range strings.Split(git("ls-files", "--stage", "-z", "a.txt"), "\x00") {
				if f := strings.Fields(e); len(f) == 4 {
					got = append(got, f[2]+" "+git("cat-file", "blob", f[1]))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("index entries of a.txt %q, want %q", got, tt.want)
			}
		})
	}
}
