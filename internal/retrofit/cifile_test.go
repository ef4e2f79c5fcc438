package retrofit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestChooseCIIrregularGitLab checks that the CI provider add ci detects is not GitHub's
// when .gitlab-ci.yml at the root is there but is no regular file (a named pipe, a
// directory, a symbolic link), which discovery does not read and git does not track: the
// ci component is refused, naming the file and what it is, and --ci says which instead.
// A regular .gitlab-ci.yml is GitLab's, and none at all GitHub's.
func TestChooseCIIrregularGitLab(t *testing.T) {
	for _, tc := range []struct {
		name   string
		make   func(t *testing.T, p string)
		given  string
		want   string // the refusal's text; "" for none
		wantCI string
	}{
		{"named pipe", func(t *testing.T, p string) { treetest.Mkfifo(t, p, 0o600) }, "", ".gitlab-ci.yml is a named pipe, not a regular file", ""},
		{"directory", func(t *testing.T, p string) {
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}, "", ".gitlab-ci.yml is a directory, not a regular file", ""},
		{"symbolic link", func(t *testing.T, p string) {
			writeTree(t, filepath.Dir(p), map[string]string{"ci/gitlab.yml": "test:\n  script: [go test ./...]\n"})
			if err := os.Symlink("ci/gitlab.yml", p); err != nil {
				t.Fatal(err)
			}
		}, "", ".gitlab-ci.yml is a symbolic link, not a regular file", ""},
		{"named pipe, --ci github", func(t *testing.T, p string) { treetest.Mkfifo(t, p, 0o600) }, "github", "", "github"},
		{"regular file", func(t *testing.T, p string) {
			writeTree(t, filepath.Dir(p), map[string]string{".gitlab-ci.yml": "test:\n  script: [go test ./...]\n"})
		}, "", "", "gitlab"},
		{"none", func(*testing.T, string) {}, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"go.mod":  "module example.test/svc\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
			})
			tc.make(t, filepath.Join(dir, ".gitlab-ci.yml"))
			r, err := repo.OpenDir(t.Context(), dir, ".", "svc")
			if err != nil {
				t.Fatal(err)
			}
			target := &Target{Dir: dir, Repo: r, Module: r.Modules[0]}
			p := newTestPlanner(target, nil)
			p.opts.CI = tc.given
			p.plan.Components = []string{"ci"}
			err = p.chooseCI()
			if tc.want == "" {
				if err != nil || target.Answers.CI != tc.wantCI {
					t.Errorf("chooseCI: CI %q, err %v; want %q and no error", target.Answers.CI, err, tc.wantCI)
				}
				return
			}
			var refusal *Refusal
			if !errors.As(err, &refusal) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--ci github or --ci gitlab") {
				t.Errorf("chooseCI: err %v (CI %q); want a refusal saying %q and naming --ci", err, target.Answers.CI, tc.want)
			}
		})
	}
}
