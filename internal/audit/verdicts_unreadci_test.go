package audit

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// deniedFS is a tree whose file deny cannot be opened (permission denied).
type deniedFS struct {
	fstest.MapFS
	deny string
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if name == d.deny {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.MapFS.Open(name)
}

// TestUnreadableCIFile audits a repository whose only workflow (or .gitlab-ci.yml)
// cannot be read, or is above the size bound: it is listed under the problems, and
// ci and modverify are UNKNOWN ("could not be read"), as for a workflow that does not
// parse, not WARN "no CI configuration".
func TestUnreadableCIFile(t *testing.T) {
	const wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n      - run: golangci-lint run\n      - run: go mod verify\n"
	tree := func(p, src string) fstest.MapFS {
		return fstest.MapFS{
			"go.mod":          {Data: []byte(buildGoMod)},
			"cmd/api/main.go": {Data: []byte(buildMainGo)},
			p:                 {Data: []byte(src)},
		}
	}
	tests := []struct {
		name, check, problem string
		fsys                 fs.FS
	}{
		{"a workflow, permission denied: ci", "ci", "permission denied", deniedFS{tree(".github/workflows/ci.yml", wf), ".github/workflows/ci.yml"}},
		{"a workflow, permission denied: modverify", "modverify", "permission denied", deniedFS{tree(".github/workflows/ci.yml", wf), ".github/workflows/ci.yml"}},
		{".gitlab-ci.yml, permission denied: ci", "ci", "permission denied", deniedFS{tree(".gitlab-ci.yml", "test:\n  script:\n    - go vet ./...\n"), ".gitlab-ci.yml"}},
		{"a workflow above the size bound: ci", "ci", "larger than", tree(".github/workflows/ci.yml", wf+"# "+strings.Repeat("x", 4<<20)+"\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := repo.OpenIn(context.Background(), tt.fsys, ".", "inline")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), r, Options{Only: []string{tt.check}})
			if err != nil {
				t.Fatal(err)
			}
			res := rep.Results[0]
			if res.Status != Unknown || !strings.Contains(res.Message, "could not be read") {
				t.Errorf("%s: %s %q, want UNKNOWN with \"could not be read\"", tt.check, res.Status, res.Message)
			}
			var problems []string
			for _, p := range rep.Problems {
				problems = append(problems, p.String())
			}
			if len(problems) != 1 || !strings.Contains(problems[0], tt.problem) {
				t.Errorf("problems %q, want one holding %q", problems, tt.problem)
			}
		})
	}
}
