//go:build unix

package poststep

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestGitInitAsRootGivesTheRepositoryToTheOwner runs GitInit as root in a directory
// another user owns (new run with sudo, or in a root container on a bind mount): the
// first commit is made, although git trusts no repository of another user's by itself,
// and every file and directory of .git gets the owner and group of the directory, so
// that the user's own git can commit there.
func TestGitInitAsRootGivesTheRepositoryToTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	const uid, gid = 4321, 4322
	tests := []struct {
		name string
		path func(t *testing.T, dir string) string // the path GitInit is given
	}{
		{"the directory", func(_ *testing.T, dir string) string { return dir }},
		{"a symbolic link to it", func(t *testing.T, dir string) string {
			link := filepath.Join(t.TempDir(), "link")
			if err := os.Symlink(dir, link); err != nil {
				t.Fatal(err)
			}
			return link
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{dir, filepath.Join(dir, "main.go")} {
				if err := os.Chown(p, uid, gid); err != nil {
					t.Fatal(err)
				}
			}
			r := Runner{Env: isolatedEnv(t)}
			if err := r.GitInit(context.Background(), tt.path(t, dir), []string{"main.go"}); err != nil {
				t.Fatalf("GitInit: %v", err)
			}
			entries := 0
			if err := filepath.WalkDir(filepath.Join(dir, ".git"), func(p string, _ os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				info, err := os.Lstat(p)
				if err != nil {
					return err
				}
				entries++
				if st := info.Sys().(*syscall.Stat_t); int(st.Uid) != uid || int(st.Gid) != gid {
					t.Errorf("%s owned by %d:%d, want the directory's %d:%d", p, st.Uid, st.Gid, uid, gid)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if entries < 10 {
				t.Errorf("%d entries in .git, want a repository's", entries)
			}
			out, err := r.run(context.Background(), dir, "git", "-c", "safe.directory=*", "log", "--format=%s", "--name-only")
			if err != nil || !strings.Contains(out, "Initial commit from gonew-prod") || !strings.Contains(out, "main.go") {
				t.Errorf("git log = %q, %v; want the first commit of main.go", out, err)
			}
		})
	}
}
