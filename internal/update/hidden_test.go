package update

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestCheckHidden refuses changes git would neither show nor commit: edits of files
// marked assume-unchanged or skip-worktree, files created over a tracked file a sparse
// checkout leaves out of the work tree, and files git ignores written where git tracks
// none, and any change in a directory that is a git repository of its own (a submodule,
// a nested clone), whose files git in the work tree does not answer for.
func TestCheckHidden(t *testing.T) {
	tests := []struct {
		name    string
		mark    []string // git update-index flags set on a.txt
		absent  bool     // a.txt is removed from the work tree after it is marked
		ignore  string   // .gitignore, committed with a.txt
		local   string   // a file of the user's never committed, written after the commit
		nested  string   // a directory made a git repository of its own (a nested clone)
		gitFile bool     // nested's .git is a file, as a submodule's is
		changes []generator.Change
		command string // the command named, "" for update
		want    string // "" for no refusal
	}{
		{name: "plain edit", changes: []generator.Change{{Path: "a.txt", Old: []byte("a\n"), Content: []byte("b\n")}}},
		{name: "assume-unchanged edited", mark: []string{"--assume-unchanged"},
			changes: []generator.Change{{Path: "a.txt", Old: []byte("a\n"), Content: []byte("b\n")}},
			want:    "nothing written: git is told not to look at a.txt (assume-unchanged or skip-worktree): it would neither show nor commit update's edits there; run git update-index --no-assume-unchanged a.txt, then update again"},
		{name: "skip-worktree deleted", mark: []string{"--skip-worktree"},
			changes: []generator.Change{{Path: "a.txt", Old: []byte("a\n"), Delete: true}},
			want:    "run git update-index --no-skip-worktree a.txt, then update again"},
		{name: "other file marked", mark: []string{"--assume-unchanged"},
			changes: []generator.Change{{Path: "b.txt", Content: []byte("b\n")}}},
		{name: "sparse file created", mark: []string{"--skip-worktree"}, absent: true,
			changes: []generator.Change{{Path: "sub/c.txt", Content: []byte("c\n")}, {Path: "a.txt", Content: []byte("theirs\n")}},
			want:    "nothing written: git tracks a.txt, which the work tree lacks (a sparse checkout, or --skip-worktree): update would write the new version's file over the committed one"},
		{name: "a deleted file brought back", absent: true,
			changes: []generator.Change{{Path: "a.txt", Content: []byte("theirs\n")}}},
		{name: "a new file git ignores", ignore: "*.md\n*.log\n",
			changes: []generator.Change{{Path: "docs/RUNBOOK.md", Content: []byte("run\n")}, {Path: "b.txt", Content: []byte("b\n")}, {Path: "x.log", Content: []byte("x\n")}},
			want:    "nothing written: git ignores files update would write: docs/RUNBOOK.md (by .gitignore:1:*.md), x.log (by .gitignore:2:*.log); a commit would leave them out, and a clone would miss them; change the pattern (or add a !exception) and run update again"},
		{name: "a new file git ignores, for add", ignore: "k8s/\n", command: "add",
			changes: []generator.Change{{Path: "k8s/deployment.yaml", Content: []byte("kind: Deployment\n")}},
			want:    "nothing written: git ignores files add would write: k8s/deployment.yaml (by .gitignore:1:k8s/); a commit would leave them out, and a clone would miss them; change the pattern (or add a !exception) and run add again"},
		{name: "a new file a negation keeps", ignore: "*.md\n!RUNBOOK.md\n",
			changes: []generator.Change{{Path: "RUNBOOK.md", Content: []byte("run\n")}}},
		{name: "a file of the user's git ignores, merged", ignore: "RUNBOOK.md\n", local: "RUNBOOK.md",
			changes: []generator.Change{{Path: "RUNBOOK.md", Old: []byte("TOKEN=s3cr3t\n"), Content: []byte("<<<<<<< yours\n")}},
			want:    "git ignores files update would write: RUNBOOK.md (by .gitignore:1:RUNBOOK.md)"},
		{name: "a tracked file a pattern matches", ignore: "a.txt\n",
			changes: []generator.Change{{Path: "a.txt", Old: []byte("a\n"), Content: []byte("b\n")}}},
		{name: "a file git ignores, deleted", ignore: "RUNBOOK.md\n", local: "RUNBOOK.md",
			changes: []generator.Change{{Path: "RUNBOOK.md", Old: []byte("run\n"), Delete: true}}},
		{name: "a file edited in a nested repository", nested: "config",
			changes: []generator.Change{{Path: "b.txt", Content: []byte("b\n")}, {Path: "config/deep/app.conf", Old: []byte("c=3\n"), Content: []byte("c=33\n")}},
			want:    "nothing written: config is a git repository of its own (a submodule, or a nested clone), and update would write config/deep/app.conf in it: git in "},
		{name: "a file deleted in a submodule", nested: "config/deep", gitFile: true,
			changes: []generator.Change{{Path: "config/deep/other.conf", Old: []byte("o=1\n"), Delete: true}},
			want:    "nothing written: config/deep is a git repository of its own (a submodule, or a nested clone), and update would delete config/deep/other.conf in it"},
		{name: "a file beside a nested repository", nested: "config",
			changes: []generator.Change{{Path: "configs/app.conf", Content: []byte("c=3\n")}, {Path: "config.yaml", Content: []byte("c: 3\n")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env, git := gitRepo(t)
			writeFiles(t, dir, map[string]string{"a.txt": "a\n"})
			git("add", "a.txt")
			if tt.ignore != "" {
				writeFiles(t, dir, map[string]string{".gitignore": tt.ignore})
				git("add", ".gitignore")
			}
			git("commit", "-qm", "init")
			if tt.local != "" {
				writeFiles(t, dir, map[string]string{tt.local: "local\n"})
			}
			if tt.nested != "" {
				repo := filepath.Join(dir, filepath.FromSlash(tt.nested))
				if err := os.MkdirAll(repo, 0o755); err != nil {
					t.Fatal(err)
				}
				if tt.gitFile {
					writeFiles(t, repo, map[string]string{".git": "gitdir: ../../.git/modules/config\n"})
				} else {
					git("-C", repo, "init", "-q")
				}
			}
			for _, flag := range tt.mark {
				git("update-index", flag, "a.txt")
			}
			if tt.absent {
				if err := os.Remove(filepath.Join(dir, "a.txt")); err != nil {
					t.Fatal(err)
				}
			}
			err := CheckHidden(context.Background(), env, dir, cmp.Or(tt.command, "update"), tt.changes)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// Outside a git work tree there is nothing to check.
	if err := CheckHidden(context.Background(), nil, t.TempDir(), "update", []generator.Change{{Path: "a.txt", Content: []byte("a\n")}}); err != nil {
		t.Errorf("outside git: %v", err)
	}
}
