package update

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkUnmergedAfterInterrupt marks a conflict unmerged with a context already
// cancelled: the tree is written when it runs, so an interrupt must not leave the
// conflict looking like an ordinary change that `git commit -a` would take in.
func TestMarkUnmergedAfterInterrupt(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	git := func(args ...string) string {
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
	writeFiles(t, dir, map[string]string{"a.txt": "yours\n"})
	git("add", "a.txt")
	git("commit", "-qm", "init")
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("<<<<<<< yours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	steps := []Step{{Path: "a.txt", Action: Conflict, Base: []byte("base\n"), Ours: []byte("yours\n"), Theirs: []byte("theirs\n"), Mode: 0o644, OursMode: 0o644}}
	marked, staged, err := MarkUnmerged(ctx, env, dir, steps)
	if err != nil || !marked || len(staged) > 0 {
		t.Fatalf("MarkUnmerged after an interrupt: marked %v, staged %v, err %v", marked, staged, err)
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
