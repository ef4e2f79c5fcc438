package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/audit"
)

// TestAuditGoSumIgnored audits a go.sum as git itself ignores it in a work tree: this
// clone's .git/info/exclude and the user's core.excludesFile count as a .gitignore does,
// and a go.sum git tracks is committed whatever pattern matches it. Without a .git the
// audit reads the .gitignore files, and cannot tell what is tracked.
func TestAuditGoSumIgnored(t *testing.T) {
	const ci = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n"
	tests := []struct {
		name string
		git  bool
		// sub is the directory audited, below the work tree's top: under a directory
		// whose name starts with _, so that the audit does not open the top instead.
		sub string
		// ignore are files to write (.gitignore, .git/info/exclude, "excludes" for the
		// user's core.excludesFile); tracked adds go.sum to the index with git add -f.
		ignore  map[string]string
		tracked bool
		want    audit.Status
		message string
		at      string // the first evidence as file:line; "" leaves it unchecked
	}{
		{name: ".git/info/exclude", git: true, ignore: map[string]string{".git/info/exclude": "go.sum\n"}, want: audit.Fail,
			message: "go.sum is git-ignored (by .git/info/exclude:1: go.sum), so it is never committed", at: ".git/info/exclude:1"},
		{name: "core.excludesFile", git: true, ignore: map[string]string{"excludes": "*.sum\n"}, want: audit.Fail,
			message: "go.sum is git-ignored (by %s:1: *.sum), so it is never committed", at: "go.sum:1"},
		{name: ".gitignore", git: true, ignore: map[string]string{".gitignore": "bin/\ngo.sum\n"}, want: audit.Fail,
			message: "go.sum is git-ignored, so it is never committed", at: ".gitignore:2"},
		{name: ".gitignore, tracked", git: true, ignore: map[string]string{".gitignore": "*.sum\n"}, tracked: true, want: audit.Pass,
			message: "go.sum present, CI verifies modules"},
		{name: ".git/info/exclude, tracked", git: true, ignore: map[string]string{".git/info/exclude": "go.sum\n"}, tracked: true, want: audit.Pass,
			message: "go.sum present, CI verifies modules"},
		{name: "a negation in .gitignore over the exclude file", git: true, ignore: map[string]string{".git/info/exclude": "*.sum\n", ".gitignore": "!go.sum\n"}, want: audit.Pass,
			message: "go.sum present, CI verifies modules"},
		{name: "audited below the top: its own .gitignore", git: true, sub: "_svc", ignore: map[string]string{"_svc/.gitignore": "go.sum\n"}, want: audit.Fail,
			message: "go.sum is git-ignored, so it is never committed", at: ".gitignore:1"},
		{name: "audited below the top: the top's .gitignore", git: true, sub: "_svc", ignore: map[string]string{".gitignore": "*.sum\n"}, want: audit.Fail,
			message: "go.sum is git-ignored (by ../.gitignore:1: *.sum), so it is never committed", at: "go.sum:1"},
		{name: "no .git: the .gitignore files", ignore: map[string]string{".gitignore": "*.sum\n"}, want: audit.Fail,
			message: "go.sum is git-ignored, so it is never committed", at: ".gitignore:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			dir := filepath.Join(top, filepath.FromSlash(tt.sub))
			mustWrite(t, dir, "go.mod", "module example.test/svc\n\ngo 1.26\n\nrequire github.com/google/uuid v1.6.0\n")
			mustWrite(t, dir, "go.sum", "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n")
			mustWrite(t, dir, "main.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n\t_ = http.ListenAndServe(\":8080\", nil)\n}\n")
			mustWrite(t, dir, ".github/workflows/ci.yml", ci)
			if tt.git {
				gitIn(t, top, false, "init", "-q")
			}
			global := filepath.Join(t.TempDir(), "gitconfig")
			mustWrite(t, filepath.Dir(global), "gitconfig", "")
			message := tt.message
			for name, content := range tt.ignore {
				if name == "excludes" {
					excludes := filepath.Join(t.TempDir(), "ignore")
					mustWrite(t, filepath.Dir(excludes), "ignore", content)
					mustWrite(t, filepath.Dir(global), "gitconfig", "[core]\n\texcludesFile = "+excludes+"\n")
					message = fmt.Sprintf(message, excludes)
					continue
				}
				mustWrite(t, top, name, content)
			}
			if tt.tracked {
				gitIn(t, dir, false, "add", "-f", "go.sum")
			}
			res := runEnv(t, context.Background(), dir, nil, []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + global}, "audit", "--only", "modverify", "--format", "json", "--fail-on", "never")
			var rep audit.Report
			if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
				t.Fatalf("exit %d: %v\n%s%s", res.code, err, res.stdout, res.stderr)
			}
			if len(rep.Results) != 1 || rep.Results[0].Status != tt.want || !strings.Contains(rep.Results[0].Message, message) {
				t.Fatalf("results %+v, want %s with %q", rep.Results, tt.want, message)
			}
			if ev := rep.Results[0].Evidence; tt.at != "" && (len(ev) == 0 || fmt.Sprintf("%s:%d", ev[0].File, ev[0].Line) != tt.at) {
				t.Errorf("evidence %+v, want first %s", ev, tt.at)
			}
		})
	}
}
