package gitview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestInProgress finds the git operation in progress, in the git directory of the work
// tree (a linked worktree's own), by running the operations into a conflict.
func TestInProgress(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name     string
		start    []string // a git command that stops at a conflict (or leaves a state), run on main
		worktree bool     // run in a linked worktree of the repository, on a branch of main
		want     string   // Refusal("update") contains, "" for none
		marker   string   // the marker's path ends so
	}{
		{name: "nothing", want: ""},
		{name: "merge", start: []string{"merge", "side"}, want: "nothing written: a merge is in progress (", marker: "/.git/MERGE_HEAD"},
		{name: "merge in a linked worktree", worktree: true, start: []string{"merge", "side"}, want: "a merge is in progress", marker: "/.git/worktrees/wt/MERGE_HEAD"},
		{name: "rebase", start: []string{"rebase", "side"}, want: "a rebase is in progress", marker: "/.git/rebase-merge"},
		{name: "rebase --apply", start: []string{"rebase", "--apply", "side"}, want: "a rebase is in progress", marker: "/.git/rebase-apply"},
		{name: "cherry-pick", start: []string{"cherry-pick", "side"}, want: "finish it (git cherry-pick --continue) or end it (git cherry-pick --abort), then run update again", marker: "/.git/CHERRY_PICK_HEAD"},
		{name: "revert", start: []string{"revert", "HEAD~1"}, want: "a revert is in progress", marker: "/.git/REVERT_HEAD"},
		{name: "bisect", start: []string{"bisect", "start"}, want: "end it (git bisect reset)", marker: "/.git/BISECT_LOG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_EDITOR=true",
				"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
			git := func(in string, mayFail bool, args ...string) {
				t.Helper()
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = in, env
				if out, err := cmd.CombinedOutput(); err != nil && !mayFail {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			write := func(in, content string) {
				t.Helper()
				if err := os.WriteFile(filepath.Join(in, "a.txt"), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			git(dir, false, "init", "-q", "-b", "main")
			write(dir, "base\n")
			git(dir, false, "add", "a.txt")
			git(dir, false, "commit", "-qm", "base")
			git(dir, false, "branch", "side")
			write(dir, "main\n")
			git(dir, false, "commit", "-qam", "main")
			git(dir, false, "checkout", "-q", "side")
			write(dir, "side\n")
			git(dir, false, "commit", "-qam", "side")
			git(dir, false, "checkout", "-q", "main")
			work := dir
			if tt.worktree {
				work = filepath.Join(dir, "wt")
				git(dir, false, "worktree", "add", "-q", "-b", "other", work, "main")
			}
			if tt.start != nil {
				git(work, true, tt.start...)
			}
			op, err := InProgress(context.Background(), env, work)
			switch {
			case err != nil:
				t.Fatal(err)
			case tt.want == "" && op != nil:
				t.Fatalf("found %+v, want none", op)
			case tt.want == "":
				return
			case op == nil:
				t.Fatalf("found none, want %q", tt.want)
			}
			if got := op.Refusal("update"); !strings.Contains(got, tt.want) || !strings.HasSuffix(filepath.ToSlash(op.Marker), tt.marker) {
				t.Errorf("refusal %q (marker %s), want it to hold %q and the marker to end %s", got, op.Marker, tt.want, tt.marker)
			}
			if tt.worktree {
				// The main work tree has no merge of its own.
				if op, err := InProgress(context.Background(), env, dir); err != nil || op != nil {
					t.Errorf("the main work tree: %+v, %v", op, err)
				}
			}
		})
	}
	// Outside a work tree there is nothing in progress.
	if op, err := InProgress(context.Background(), nil, t.TempDir()); err != nil || op != nil {
		t.Errorf("outside git: %+v, %v", op, err)
	}
}

// TestIgnoredWhere splits a Source into the pattern's file, line and pattern, a colon
// in the file or the pattern included.
func TestIgnoredWhere(t *testing.T) {
	tests := []struct {
		source, file, pattern string
		line                  int
	}{
		{source: ".gitignore:1:*.yaml", file: ".gitignore", line: 1, pattern: "*.yaml"},
		{source: "/home/u/.config/git/ignore:12:go.sum", file: "/home/u/.config/git/ignore", line: 12, pattern: "go.sum"},
		{source: "a:b/.gitignore:3:x:4:y", file: "a:b/.gitignore", line: 3, pattern: "x:4:y"},
	}
	for _, tt := range tests {
		file, line, pattern := Ignored{Path: "p", Source: tt.source}.Where()
		if file != tt.file || line != tt.line || pattern != tt.pattern {
			t.Errorf("Where of %q = %q, %d, %q; want %q, %d, %q", tt.source, file, line, pattern, tt.file, tt.line, tt.pattern)
		}
	}
}

// TestFindIgnored names each ignored path with its pattern, leaves out what a negation
// keeps, and reads unusual names as they are (git quotes them without -z). Below the work
// tree's top (in), the pattern's file is named from there, as the paths are.
func TestFindIgnored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name    string
		files   map[string]string
		in      string // the directory FindIgnored is given, below the top; "" the top
		paths   []string
		want    []Ignored
		shared  []bool
		wantErr string
	}{
		{name: "none", files: map[string]string{".gitignore": "*.log\n"}, paths: []string{"a.txt", "b/c.go"}},
		{name: "patterns and a negation", files: map[string]string{".gitignore": "*.yaml\n!keep.yaml\n", "k8s/.gitignore": "*.json\n"},
			paths: []string{"keep.yaml", "svc/.gonew-prod.yaml", "k8s/x.json", "main.go"},
			want:  []Ignored{{"svc/.gonew-prod.yaml", ".gitignore:1:*.yaml"}, {"k8s/x.json", "k8s/.gitignore:1:*.json"}}, shared: []bool{true, true}},
		{name: "an unusual name", files: map[string]string{".gitignore": "*.md\n"}, paths: []string{"run book é.md"},
			want: []Ignored{{"run book é.md", ".gitignore:1:*.md"}}, shared: []bool{true}},
		{name: "this clone's exclude file", files: map[string]string{".git/info/exclude": "bin/\n"}, paths: []string{"bin/svc"},
			want: []Ignored{{"bin/svc", ".git/info/exclude:1:bin/"}}, shared: []bool{false}},
		{name: "below the top: each file from there", in: "services/api",
			files: map[string]string{".gitignore": "/bin/\nservices/*/k8s/deployment.yaml\n", "services/api/.gitignore": "*.log\n", "services/api/docs/.gitignore": "*.md\n", ".git/info/exclude": "*.tmp\n"},
			paths: []string{"k8s/deployment.yaml", "x.log", "docs/a.md", "a.tmp", "main.go"},
			want: []Ignored{{"k8s/deployment.yaml", "../../.gitignore:2:services/*/k8s/deployment.yaml"}, {"x.log", ".gitignore:1:*.log"},
				{"docs/a.md", "docs/.gitignore:1:*.md"}, {"a.tmp", "../../.git/info/exclude:1:*.tmp"}},
			shared: []bool{true, true, true, false}},
		{name: "a .gitignore that is a directory is no pattern file", files: map[string]string{"a/.gitignore/x": "x\n"}, paths: []string{"a/b.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command("git", "init", "-q")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git init: %v\n%s", err, out)
			}
			for name, content := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			in := filepath.Join(dir, filepath.FromSlash(tt.in))
			if err := os.MkdirAll(in, 0o755); err != nil {
				t.Fatal(err)
			}
			got, err := FindIgnored(context.Background(), append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull), in, tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ignored %q, want %q", got, tt.want)
			}
			for i, ig := range got {
				if i < len(tt.shared) && ig.Shared() != tt.shared[i] {
					t.Errorf("%s: shared %v, want %v", ig.Source, ig.Shared(), tt.shared[i])
				}
			}
		})
	}
	// A named pipe where git reads patterns would make it wait for good: refused.
	dir := t.TempDir()
	treetest.Mkfifo(t, filepath.Join(dir, ".gitignore"), 0o644)
	if _, err := FindIgnored(context.Background(), nil, dir, []string{"a.txt"}); err == nil || !strings.Contains(err.Error(), ".gitignore: not a regular file, which git reads for its ignore rules") {
		t.Errorf("a named pipe at .gitignore: %v", err)
	}
}

// TestReadableIndexNotRegular: Readable refuses a work tree whose git index (the one git
// rev-parse --git-path index names: a linked worktree's own, GIT_INDEX_FILE's, which
// git takes from the work tree's top) exists and is not a regular file, naming it, at
// once: git ls-files and git status, which add and update run next, would wait on a
// named pipe there for good. A regular index, or none yet, is read as before. So for
// the files git reads to find the repository (HEAD, config, commondir, a .git file, the
// HEAD of a directory below the top, where git looks for a bare repository), and those
// git status and git check-ignore read (the branch, packed-refs, info/exclude), before
// any git runs: git rev-parse would wait on them already.
func TestReadableIndexNotRegular(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name  string
		in    string // the directory Readable is given, from the work tree's top
		index string // the index, or another file of git's, from the repository's directory; "" leaves git's
		pipe  bool   // make it a named pipe (else a directory, when index is set)
		link  bool   // .git/index a symbolic link to the index
		env   string // GIT_INDEX_FILE
		want  string // the refusal names this file, from the repository's directory; "" none
	}{
		{name: "a regular index"},
		{name: "a named pipe", index: ".git/index", pipe: true, want: ".git/index"},
		{name: "a named pipe, from a subdirectory", in: "sub", index: ".git/index", pipe: true, want: ".git/index"},
		{name: "a link to a named pipe", index: "elsewhere", pipe: true, link: true, want: ".git/index"},
		{name: "a directory", index: ".git/index", want: ".git/index"},
		{name: "GIT_INDEX_FILE, from a subdirectory", in: "sub", index: "alt", pipe: true, env: "alt", want: "alt"},
		{name: "GIT_INDEX_FILE of no file yet", env: "alt"},
		{name: "a linked worktree's own", in: "wt", index: ".git/worktrees/wt/index", pipe: true, want: ".git/worktrees/wt/index"},
		{name: "HEAD a named pipe", index: ".git/HEAD", pipe: true, want: ".git/HEAD"},
		{name: "HEAD a named pipe, from a subdirectory", in: "sub", index: ".git/HEAD", pipe: true, want: ".git/HEAD"},
		{name: "config a named pipe", index: ".git/config", pipe: true, want: ".git/config"},
		{name: "the branch a named pipe", index: ".git/refs/heads/main", pipe: true, want: ".git/refs/heads/main"},
		{name: "packed-refs a named pipe", index: ".git/packed-refs", pipe: true, want: ".git/packed-refs"},
		{name: "info/exclude a named pipe", index: ".git/info/exclude", pipe: true, want: ".git/info/exclude"},
		{name: "a HEAD below the top a named pipe", in: "sub", index: "sub/HEAD", pipe: true, want: "sub/HEAD"},
		{name: "a linked worktree's HEAD", in: "wt", index: ".git/worktrees/wt/HEAD", pipe: true, want: ".git/worktrees/wt/HEAD"},
		{name: "a linked worktree's commondir", in: "wt", index: ".git/worktrees/wt/commondir", pipe: true, want: ".git/worktrees/wt/commondir"},
		{name: "the common config, from a linked worktree", in: "wt", index: ".git/config", pipe: true, want: ".git/config"},
		{name: "a linked worktree's .git file", in: "wt", index: "wt/.git", pipe: true, want: "wt/.git"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
				"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
			for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"commit", "-qm", "init"}, {"worktree", "add", "-q", "wt"}} {
				if args[0] == "add" {
					if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, "sub", "a.txt"), []byte("a\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			index := filepath.Join(dir, filepath.FromSlash(tt.index))
			if tt.index != "" {
				if err := os.Remove(index); err != nil && !errors.Is(err, fs.ErrNotExist) {
					t.Fatal(err)
				}
				if tt.pipe {
					treetest.Mkfifo(t, index, 0o600)
				} else if err := os.Mkdir(index, 0o755); err != nil {
					t.Fatal(err)
				}
				if tt.link {
					if err := os.Remove(filepath.Join(dir, ".git", "index")); err != nil {
						t.Fatal(err)
					}
					if err := os.Symlink(index, filepath.Join(dir, ".git", "index")); err != nil {
						t.Fatal(err)
					}
				}
			}
			if tt.env != "" {
				env = append(env, "GIT_INDEX_FILE="+tt.env)
			}
			in := filepath.Join(dir, filepath.FromSlash(tt.in))
			err := treetest.Returns(t, index, 5*time.Second, "git waited on the named pipe "+tt.index, func() error {
				err := Readable(context.Background(), env, in, "update")
				if err == nil {
					// What update asks git next, which reads the index.
					_, err = Tracked(context.Background(), env, in, []string{"a.txt"})
				}
				if err == nil {
					// What add asks next (the branch, packed-refs), and update (info/exclude).
					status := exec.Command("git", "status", "--porcelain")
					status.Dir, status.Env = in, env
					if out, serr := status.CombinedOutput(); serr != nil {
						err = fmt.Errorf("git status: %w: %s", serr, out)
					} else {
						_, err = FindIgnored(context.Background(), env, in, []string{"a.txt"})
					}
				}
				return err
			})
			want := filepath.Join(dir, filepath.FromSlash(tt.want))
			if strings.HasSuffix(tt.want, "index") {
				want = "git's index " + want
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tt.want != "" && (!errors.Is(err, generator.ErrNotRegular) || !strings.Contains(err.Error(), want+": not a regular file")):
				t.Errorf("err = %v, want a refusal naming %s, not a regular file", err, want)
			}
		})
	}
}
