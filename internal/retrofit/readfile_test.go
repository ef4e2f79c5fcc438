package retrofit

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestPlanReadsNamedPipe checks that each class of the user's files add reads while it
// plans, only to note on or to check, is read only when it is a regular file: a named pipe
// there (or a link to one), whose open would wait for a writer for good and take no
// signal, is passed by at once. The golangci-lint configuration (noteGolangci), the
// Kustomization beside the manifests (noteKustomization), the go.work the go command
// finds (noteWorkspace) and the workspace's vendor/modules.txt (workspaceVendored).
func TestPlanReadsNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		pipe string // the named pipe, relative to the repository
		link string // a link to it, when not ""
		run  func(p *planner) error
	}{
		{"golangci config", ".golangci.yml", "", func(p *planner) error { return p.noteGolangci() }},
		{"golangci config link", "shared/golangci.yml", ".golangci.yml", func(p *planner) error { return p.noteGolangci() }},
		{"kustomization", "k8s/kustomization.yaml", "", func(p *planner) error {
			p.noteKustomization([]string{"k8s/deployment.yaml"})
			return nil
		}},
		{"go.work of GOWORK", "ws/go.work", "", func(p *planner) error {
			p.opts.Env = []string{"GOWORK=" + p.abs("ws/go.work")}
			return p.noteWorkspace()
		}},
		{"workspace vendor", "vendor/modules.txt", "", func(p *planner) error {
			if err := os.WriteFile(p.abs("go.work"), []byte("go 1.26\n\nuse .\n"), 0o644); err != nil {
				return err
			}
			p.opts.Env = []string{"GOWORK="}
			p.t.Repo.Work = &repo.Work{Path: "go.work", Dir: ".", Use: []string{"."}}
			return p.workspaceVendored()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range map[string]string{
				"go.mod":  "module example.test/svc\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
			} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := repo.OpenDir(t.Context(), dir, ".", "svc")
			if err != nil {
				t.Fatal(err)
			}
			pipe := filepath.Join(dir, filepath.FromSlash(tc.pipe))
			if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			if tc.link != "" {
				if err := os.Symlink(pipe, filepath.Join(dir, filepath.FromSlash(tc.link))); err != nil {
					t.Fatal(err)
				}
			}
			p := &planner{t: &Target{Dir: dir, Repo: r, Module: r.Modules[0]}, contents: map[string][]byte{},
				plan: &Plan{Components: []string{"makefile", "ci", "k8s"}}}
			err = treetest.Returns(t, pipe, 5*time.Second, "add waited on the named pipe "+tc.pipe, func() error { return tc.run(p) })
			if err != nil {
				t.Errorf("err = %v, want none: the pipe is passed by", err)
			}
			if len(p.plan.Notes) > 0 {
				t.Errorf("notes = %q, want none for a pipe", p.plan.Notes)
			}
		})
	}
}

// TestVendorChangesNamedPipe checks that the comparison of what go mod vendor writes with
// the module's vendor/ reads a file of the user's there only when it is a regular one: a
// named pipe at vendor/modules.txt is refused at once (add writes only over regular
// files), not waited on.
func TestVendorChangesNamedPipe(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	writeTree(t, dir, map[string]string{"go.mod": "module example.test/svc\n\ngo 1.26\n"})
	writeTree(t, work, map[string]string{"vendor/modules.txt": "# example.test/lib v1.0.0\n## explicit\nexample.test/lib\n"})
	pipe := filepath.Join(dir, "vendor", "modules.txt")
	if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
		t.Fatal(err)
	}
	treetest.Mkfifo(t, pipe, 0o600)
	target := &Target{Dir: dir, Module: &repo.Module{Dir: "."}}
	p := newTestPlanner(target, nil)
	err := treetest.Returns(t, pipe, 5*time.Second, "add waited on the named pipe vendor/modules.txt", func() error {
		return p.vendorChanges(poststep.Runner{}, work, filepath.Join(dir, "vendor"))
	})
	if err = cmp.Or(err, p.blocked); err == nil || !strings.Contains(err.Error(), "vendor/modules.txt is not a regular file") {
		t.Errorf("err = %v, want a refusal of vendor/modules.txt, not a regular file", err)
	}
}

// TestVendorChangesReplacementNamedPipe checks that the comparison of a vendored file
// that go mod vendor no longer writes with its source, in the directory that replaces the
// module (replace => ../lib, the user's tree), reads that source only when it is a
// regular file: a named pipe there is refused at once, naming it, not waited on.
func TestVendorChangesReplacementNamedPipe(t *testing.T) {
	root, work := t.TempDir(), t.TempDir()
	dir := filepath.Join(root, "svc")
	modulesTxt := "# example.test/lib v1.0.0 => ../lib\n## explicit\nexample.test/lib\n"
	writeTree(t, dir, map[string]string{
		"go.mod":                           "module example.test/svc\n\ngo 1.26\n",
		"vendor/modules.txt":               modulesTxt,
		"vendor/example.test/lib/lib.go":   "package lib\n",
		"vendor/example.test/lib/extra.go": "package lib\n",
	})
	writeTree(t, work, map[string]string{"vendor/modules.txt": modulesTxt, "vendor/example.test/lib/lib.go": "package lib\n"})
	writeTree(t, root, map[string]string{"lib/go.mod": "module example.test/lib\n\ngo 1.26\n", "lib/lib.go": "package lib\n"})
	pipe := filepath.Join(root, "lib", "extra.go")
	treetest.Mkfifo(t, pipe, 0o600)
	target := &Target{Dir: dir, Module: &repo.Module{Dir: "."}}
	p := newTestPlanner(target, nil)
	err := treetest.Returns(t, pipe, 5*time.Second, "add waited on the named pipe ../lib/extra.go", func() error {
		return p.vendorChanges(poststep.Runner{}, work, filepath.Join(dir, "vendor"))
	})
	if err = cmp.Or(err, p.blocked); err == nil || !strings.Contains(err.Error(), "vendor/example.test/lib/extra.go (its source "+pipe+" cannot be compared") || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("err = %v, want a refusal of vendor/example.test/lib/extra.go, whose source %s is not a regular file", err, pipe)
	}
}
