package cli

import (
	"maps"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewForceRefuses: new --force into a directory of the user's refuses (exit 2,
// nothing written), its dry run alike, what add refuses there: a .dockerignore of the
// user's that, merged, leaves a file the generated Dockerfile's build needs out of the
// build context, or a Dockerfile.dockerignore of the user's that does. A tree without
// any of those is written.
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
