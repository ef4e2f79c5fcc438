package cli

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewForceRefuses: new --force into a directory of the user's refuses (exit 2,
// nothing written), its dry run alike, what add and update refuse there: a .dockerignore
// of the user's that, merged, leaves a file the generated Dockerfile's build needs out of
// the build context; a file git is told not to look at, or tracks while the work tree
// lacks it; a git operation in progress; a directory that is a repository of its own; a
// path that differs only in letter case from one of the user's. A tree without any of
// those is written.
func TestNewForceRefuses(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name  string
		files map[string]string // the repository's files, below its root; the project is svc
		setup func(t *testing.T, repo string)
		want  []string // what stderr must name; none: the run is not refused
	}{
		{name: "a whitelist .dockerignore",
			files: map[string]string{"svc/.dockerignore": "# only what the build needs\n*\n!cmd/\n!pkg/\n!go.mod\n!go.sum\n"},
			want:  []string{".dockerignore", "leaves internal/", "out of the Docker build context", "pattern *", "!internal/"}},
		{name: "a whitelist .dockerignore that lets the project in",
			files: map[string]string{"svc/.dockerignore": "*\n!cmd/\n!internal/\n!go.mod\n!go.sum\n"}},
		{name: "a Dockerfile.dockerignore, which Docker reads in place of .dockerignore",
			files: map[string]string{"svc/Dockerfile.dockerignore": "internal/\n"},
			want:  []string{"Dockerfile.dockerignore", "leaves internal/", "(pattern internal)", "!internal/"}},
		{name: "a file marked skip-worktree",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "update-index", "--skip-worktree", "svc/Makefile")
			},
			want: []string{"git is told not to look at Makefile", "git update-index --no-skip-worktree Makefile", "then new again"}},
		{name: "a file marked assume-unchanged",
			files: map[string]string{"svc/README.md": "# mine\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "update-index", "--assume-unchanged", "svc/README.md")
			},
			want: []string{"git is told not to look at README.md", "git update-index --no-assume-unchanged README.md"}},
		{name: "a tracked file the work tree lacks",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n", "svc/notes.txt": "mine\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "update-index", "--skip-worktree", "svc/Makefile")
				if err := os.Remove(filepath.Join(repo, "svc", "Makefile")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"git tracks Makefile, which the work tree lacks", "new would write"}},
		{name: "a merge in progress",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "checkout", "-q", "-b", "other")
				mustWrite(t, repo, "svc/Makefile", "build:\n\tgo build -v ./...\n")
				gitCommit(t, repo)
				gitIn(t, repo, false, "checkout", "-q", "-")
				mustWrite(t, repo, "svc/Makefile", "build:\n\tgo build -x ./...\n")
				gitCommit(t, repo)
				gitIn(t, repo, true, "merge", "-q", "other") // conflicts
			},
			want: []string{"a merge is in progress", "MERGE_HEAD", "git merge --abort", "then run new again"}},
		{name: "a repository of its own below the project",
			files: map[string]string{"svc/internal/config/notes.txt": "mine\n"},
			setup: func(t *testing.T, repo string) { gitIn(t, filepath.Join(repo, "svc", "internal"), false, "init", "-q") },
			want:  []string{"internal is a git repository of its own", "new would write internal/"}},
		{name: "paths that differ only in letter case",
			files: map[string]string{"svc/readme.md": "# mine\n", "svc/dockerfile": "FROM scratch\n", "svc/K8S/cm.yaml": "kind: ConfigMap\n"},
			want:  []string{"README.md", "readme.md", "Dockerfile", "dockerfile", "K8S", "git mv"}},
		{name: "a plain tracked file",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := gitRepo(t, maps.Clone(tt.files))
			if tt.setup != nil {
				tt.setup(t, repo)
			}
			before := readTree(t, filepath.Join(repo, "svc"))
			for _, dry := range []bool{true, false} {
				args := newArgs("--force", "--module", "example.com/acme/orders", "svc")
				if dry {
					args = append(args, "--dry-run")
				}
				r := run(t, repo, args...)
				if len(tt.want) == 0 {
					if r.code != ExitOK {
						t.Fatalf("dry run %v: exit %d, want 0; stderr: %s", dry, r.code, r.stderr)
					}
					continue
				}
				if r.code != ExitUsage {
					t.Errorf("dry run %v: exit %d, want 2; stderr: %s", dry, r.code, r.stderr)
				}
				for _, w := range tt.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("dry run %v: stderr does not name %q: %s", dry, w, r.stderr)
					}
				}
				if after := readTree(t, filepath.Join(repo, "svc")); !maps.Equal(before, after) {
					t.Errorf("dry run %v: the tree changed:\nbefore %v\nafter  %v", dry, before, after)
				}
			}
		})
	}
}
