package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/audit"
)

// TestAuditSparseCheckout audits a sparse checkout that leaves the tracked CI files
// out of the work tree: ci and modverify are UNKNOWN, not "no CI configuration", and
// the problems name the files; a checkout of the whole tree reads them.
func TestAuditSparseCheckout(t *testing.T) {
	src := t.TempDir()
	mustWrite(t, src, "go.mod", "module example.test/svc\n\ngo 1.26\n")
	mustWrite(t, src, "main.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n\t_ = http.ListenAndServe(\":8080\", nil)\n}\n")
	mustWrite(t, src, "docs/README.md", "docs\n")
	mustWrite(t, src, ".github/workflows/ci.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify && go vet ./... && go test -race ./...\n")
	mustWrite(t, src, ".gitlab-ci.yml", "test:\n  script:\n    - go test -race ./...\n")
	gitIn(t, src, false, "init", "-q")
	gitCommit(t, src)
	dir := filepath.Join(t.TempDir(), "wt")
	gitIn(t, filepath.Dir(dir), false, "clone", "-q", "--no-checkout", src, dir)
	gitIn(t, dir, false, "sparse-checkout", "set", "--no-cone", "/*.go", "/go.mod")
	gitIn(t, dir, false, "checkout", "-q")
	if _, err := os.Stat(filepath.Join(dir, ".github")); err == nil {
		t.Fatal("setup: the sparse checkout has .github")
	}
	for _, tt := range []struct {
		name, check, message string
		want                 audit.Status
	}{
		{"ci", "ci", ".github/workflows/ci.yml, .gitlab-ci.yml could not be read", audit.Unknown},
		{"modverify", "modverify", "", audit.Unknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, dir, "audit", "--only", tt.check, "--format", "json", "--fail-on", "never")
			var rep audit.Report
			if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
				t.Fatalf("exit %d: %v\n%s%s", res.code, err, res.stdout, res.stderr)
			}
			if len(rep.Results) != 1 || rep.Results[0].Status != tt.want || !strings.Contains(rep.Results[0].Message, tt.message) {
				t.Fatalf("results %+v, want %s with %q", rep.Results, tt.want, tt.message)
			}
			var problems []string
			for _, p := range rep.Problems {
				problems = append(problems, p.String())
			}
			want := []string{
				".github/workflows/ci.yml: tracked by git but not in the work tree (a sparse checkout, or --skip-worktree): not read",
				".gitlab-ci.yml: tracked by git but not in the work tree (a sparse checkout, or --skip-worktree): not read",
			}
			if strings.Join(problems, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	gitIn(t, dir, false, "sparse-checkout", "disable")
	if res := run(t, dir, "audit", "--only", "ci", "--format", "json", "--fail-on", "never"); strings.Contains(res.stdout, "not in the work tree") || strings.Contains(res.stdout, "could not be read") {
		t.Errorf("the whole checkout:\n%s", res.stdout)
	}
}
