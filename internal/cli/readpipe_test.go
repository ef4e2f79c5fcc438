package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// TestReadsNamedPipe checks that new, and update, given a named pipe where they read a
// file of the user's to check or note on, pass the pipe by at once instead of waiting on
// its open for a writer: the ignore file Docker reads for the Dockerfile of new
// (dockerContext), the go.work GOWORK names for new (enclosingNotes) and for the advice
// of an update left with conflicts (conflictTidy).
func TestReadsNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		pipe string
		run  func(dir string) error
	}{
		{"Dockerfile.dockerignore", "Dockerfile.dockerignore", func(dir string) error {
			steps := []generator.Step{{Path: "Dockerfile", Class: generator.Create, File: &generator.File{Path: "Dockerfile", Content: []byte("FROM scratch\n"), Mode: 0o644}}}
			return dockerContext(dir, "example.test/svc", "cmd/svc", steps)
		}},
		{".dockerignore", ".dockerignore", func(dir string) error {
			steps := []generator.Step{{Path: "Dockerfile", Class: generator.Create, File: &generator.File{Path: "Dockerfile", Content: []byte("FROM scratch\n"), Mode: 0o644}}}
			return dockerContext(dir, "example.test/svc", "cmd/svc", steps)
		}},
		{"go.work of GOWORK", "ws/go.work", func(dir string) error {
			var stderr bytes.Buffer
			env := Env{Stderr: &stderr, Environ: []string{"GOWORK=" + filepath.Join(dir, "ws", "go.work")}, Dir: dir}
			enclosingNotes(t.Context(), env, filepath.Join(dir, "svc"), "svc", nil, true)
			return nil
		}},
		{"go.work of GOWORK, update", "ws/go.work", func(dir string) error {
			plan := &update.Plan{Record: generator.Record{Vars: map[string]string{"moduleDir": "svc"}}}
			conflictTidy(dir, plan, []string{"GOWORK=" + filepath.Join(dir, "ws", "go.work")})
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			pipe := filepath.Join(dir, filepath.FromSlash(tc.pipe))
			if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "svc"), 0o755); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			err := treetest.Returns(t, pipe, 5*time.Second, "gonew-prod waited on the named pipe "+tc.pipe, func() error { return tc.run(dir) })
			if err != nil {
				t.Errorf("err = %v, want none: the pipe is passed by", err)
			}
		})
	}
}

// TestGitIndexNamedPipe checks that add, update and new (into a directory of a work
// tree), given a work tree whose git index is a named pipe, refuse at once, naming it,
// and leave the tree as it was, instead of waiting for good in the git status and git
// ls-files they run, which open the index whatever it is.
func TestGitIndexNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		repo func(t *testing.T) string // the work tree
		args []string
	}{
		{"add", func(t *testing.T) string { return gitRepo(t, service) }, []string{"add", "--yes", "makefile"}},
		{"update", func(t *testing.T) string {
			dir := newProject(t)
			if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
				t.Fatal(err)
			}
			gitRepoIn(t, dir)
			return dir
		}, []string{"update", "--no-verify", "--recreate", "Makefile"}}, // a plan with a file to write, which git is asked about
		{"new", func(t *testing.T) string { return gitRepo(t, service) }, newArgs("--preset", "minimal", "--module", "example.com/acme/orders", "orders")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.repo(t)
			pipe := filepath.Join(dir, ".git", "index")
			if err := os.Remove(pipe); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			before := treetest.Describe(t, dir)
			r := treetest.Returns(t, pipe, 5*time.Second, tc.name+" waited on the named pipe .git/index", func() result { return run(t, dir, tc.args...) })
			if want := "git's index " + pipe + ": not a regular file"; r.code != ExitUsage || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, stderr %q; want %d and a refusal saying %q", r.code, r.stderr, ExitUsage, want)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(after, before) {
				t.Errorf("the tree changed: %v, was %v", after, before)
			}
		})
	}
}

// TestWorkspaceNamedPipe checks that add and update, given a named pipe for the go.work
// the go command finds from the project up (on whose open every go command there would
// wait for good), refuse at once, naming it, and leave the tree as it was, with --no-verify
// too, which runs no go command but leaves a project none can build.
func TestWorkspaceNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name string
		repo func(t *testing.T) string // the work tree, in a directory of its own
		args []string
		want string
	}{
		{"add", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "repo")
			for p, body := range service {
				mustWrite(t, dir, p, body)
			}
			gitRepoIn(t, dir)
			return dir
		}, []string{"add", "--yes", "makefile"}, "add's checks too"},
		{"update", func(t *testing.T) string {
			dir := newProject(t)
			if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
				t.Fatal(err)
			}
			return dir
		}, []string{"update", "--no-verify", "--recreate", "Makefile"}, "update's checks too"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.repo(t)
			pipe := filepath.Join(filepath.Dir(dir), "go.work")
			treetest.Mkfifo(t, pipe, 0o600)
			before := treetest.Describe(t, dir)
			r := treetest.Returns(t, pipe, 5*time.Second, tc.name+" waited on the named pipe go.work", func() result { return run(t, dir, tc.args...) })
			if want := pipe + ", the go.work the go command uses for the module at " + dir + ", cannot be read: read go.work: not a regular file"; r.code != ExitUsage || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and a refusal saying %q and %q", r.code, r.stderr, ExitUsage, want, tc.want)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(after, before) {
				t.Errorf("the tree changed: %v, was %v", after, before)
			}
		})
	}
}

// TestNewWorkspaceNamedPipe checks that new, given a named pipe for the go.work the go
// command finds for the project (from its directory up, or GOWORK's), writes the project
// as it does under any enclosing go.work and notes the pipe, naming it and the way out,
// since every go command run there then waits on it for good and none reports it; the
// dry run says it too. new itself waits on it nowhere: its go mod tidy ignores go.work.
func TestNewWorkspaceNamedPipe(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pipe   string // below the run's directory
		args   []string
		gowork bool // GOWORK names the pipe
	}{
		{"go.work above", "go.work", newArgs("--module", "example.com/acme/pay", "services/pay"), false},
		{"go.work above, without --no-tidy and --no-git", "go.work", []string{"new", "--yes", "--module", "example.com/acme/pay", "services/pay"}, false},
		{"go.work above, dry run", "go.work", newArgs("--dry-run", "--module", "example.com/acme/pay", "services/pay"), false},
		{"go.work of GOWORK", "ws/go.work", newArgs("--module", "example.com/acme/pay", "services/pay"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			pipe := filepath.Join(dir, filepath.FromSlash(tc.pipe))
			if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			var env []string
			if tc.gowork {
				env = []string{"GOWORK=" + pipe}
			}
			r := treetest.Returns(t, pipe, 2*time.Minute, "new waited on the named pipe "+tc.pipe, func() result {
				return runEnv(t, t.Context(), dir, nil, env, tc.args...)
			})
			target := filepath.Join(dir, "services", "pay")
			want := "note: " + pipe + ", the go.work the go command uses for " + target + ", cannot be read: read go.work: not a regular file: every go command run there (make build, go vet ./..., go test) waits on it or fails; remove it, or set GOWORK=off when the project builds without it\n"
			if r.code != ExitOK || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, stderr %q; want %d and the note %q", r.code, r.stderr, ExitOK, want)
			}
			_, err = os.Stat(filepath.Join(target, "go.mod"))
			if dry := slices.Contains(tc.args, "--dry-run"); dry != errors.Is(err, fs.ErrNotExist) {
				t.Errorf("dry run %v, go.mod: %v", dry, err)
			}
		})
	}
}
