package update

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gateProject writes a module beside two others it can reach through relative replace
// directives, and returns its directory. It requires only the one no package imports, with
// a comment, as go mod tidy would not leave it, and names a toolchain.
func gateProject(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	writeFiles(t, parent, map[string]string{
		"dep/go.mod":    "module example.com/dep\n\ngo 1.26\n",
		"dep/dep.go":    "package dep\n\n// X is one.\nfunc X() int { return 1 }\n",
		"unused/go.mod": "module example.com/unused\n\ngo 1.26\n",
		"proj/go.mod": "module example.com/proj\n\ngo 1.26\n\ntoolchain go1.26.1\n\n// used by our release scripts\nrequire example.com/unused v0.0.0\n\n" +
			"replace example.com/dep => ../dep\n\nreplace example.com/unused => ../unused\n",
		"proj/main.go":   "package main\n\nfunc main() {}\n",
		"proj/.git/HEAD": "ref: refs/heads/main\n",
	})
	return filepath.Join(parent, "proj")
}

// TestGate checks the gate on a scratch copy beside the project: the changes are there,
// relative replace directives resolve, what tidy added to go.mod joins the changes while
// nothing of the user's go.mod is lost, and the copy is gone afterwards.
func TestGate(t *testing.T) {
	dir := gateProject(t)
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	changes := []generator.Change{{Path: "main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"),
		Content: []byte("package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.X()) }\n")}}
	var log strings.Builder
	got, err := Gate{Env: env, Tidy: true, Verify: true, Command: "go build ./... && go vet ./... && test ! -e .git", Log: &log}.Run(context.Background(), dir, changes)
	if err != nil {
		t.Fatalf("gate: %v\n%s", err, log.String())
	}
	if len(got) != 2 || got[1].Path != "go.mod" {
		t.Fatalf("changes after tidy: %+v", got)
	}
	for _, want := range []string{"example.com/dep v0.0.0-", "// used by our release scripts\nrequire example.com/unused v0.0.0\n", "toolchain go1.26.1\n"} {
		if !strings.Contains(string(got[1].Content), want) {
			t.Errorf("go.mod after tidy lacks %q:\n%s", want, got[1].Content)
		}
	}
	if string(got[1].Old) != readFileT(t, dir, "go.mod") {
		t.Error("the go.mod change does not expect the tree's go.mod")
	}
	for _, want := range []string{"scratch copy", "go mod tidy", "sh -c go build"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	assertNoScratch(t, dir)
	if readFileT(t, dir, "main.go") != "package main\n\nfunc main() {}\n" {
		t.Error("the gate changed the project itself")
	}

	// A change that does not build fails the gate with the compiler's message.
	broken := []generator.Change{{Path: "main.go", Mode: 0o644, Old: changes[0].Old, Content: []byte("package main\n\nfunc main() { undefinedThing() }\n")}}
	_, err = Gate{Env: env, Verify: true}.Run(context.Background(), dir, broken)
	var ce *poststep.CommandError
	if !errors.As(err, &ce) || ce.Command != "go build ./..." || !strings.Contains(ce.Output, "undefinedThing") {
		t.Fatalf("gate of a broken change: %v", err)
	}
	assertNoScratch(t, dir)
}

// TestGateLinkedProject gates a project reached through a symbolic link elsewhere (update
// --dir LINK, or a working directory entered through one): the copy is made beside the
// directory the link leads to, so the project's `replace ... => ../dep` still resolves.
func TestGateLinkedProject(t *testing.T) {
	dir := gateProject(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	changes := []generator.Change{{Path: "main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"),
		Content: []byte("package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.X()) }\n")}}
	var log strings.Builder
	got, err := Gate{Env: env, Tidy: true, Verify: true, Command: "go build ./...", Log: &log}.Run(context.Background(), link, changes)
	if err != nil {
		t.Fatalf("gate through a link: %v\n%s", err, log.String())
	}
	if len(got) != 2 || !strings.Contains(string(got[1].Content), "example.com/dep v0.0.0-") {
		t.Fatalf("changes after tidy: %+v", got)
	}
	if parent, _ := ScratchPlace(link); parent != filepath.Dir(dir) {
		t.Errorf("ScratchPlace(link) = %s, want beside the real project, %s", parent, filepath.Dir(dir))
	}
	assertNoScratch(t, dir)
}

// TestGateLeavesRepositoryAlone: git run by the gate in the scratch copy finds no
// repository of the user's, so a gate that stages and commits (a check that generated
// files are committed) leaves the user's index and branch as they were: a project in a
// monorepo, whose copy is made inside the repository's work tree; a linked work tree,
// whose .git is a file; and a run from a hook, whose environment names the repository.
func TestGateLeavesRepositoryAlone(t *testing.T) {
	const (
		main    = "package main\n\nfunc main() {}\n"
		changed = "package main\n\nfunc main() { println(1) }\n"
	)
	tests := []struct {
		name string
		// setup returns the project's directory and the checkout whose state must not change.
		setup func(t *testing.T, repo string, git func(dir string, args ...string)) (project, checkout string)
		env   func(repo string) []string
	}{
		{"a project in a monorepo", func(t *testing.T, repo string, git func(string, ...string)) (string, string) {
			writeFiles(t, repo, map[string]string{"services/orders/go.mod": "module example.com/orders\n\ngo 1.26\n", "services/orders/main.go": main})
			git(repo, "add", "-A")
			git(repo, "commit", "-qm", "init")
			return filepath.Join(repo, "services", "orders"), repo
		}, nil},
		{"a monorepo below a directory whose path holds a colon", func(t *testing.T, _ string, git func(string, ...string)) (string, string) {
			// git cannot be stopped at such a directory (GIT_CEILING_DIRECTORIES).
			repo := filepath.Join(t.TempDir(), "team:a", "repo")
			writeFiles(t, repo, map[string]string{"orders/go.mod": "module example.com/orders\n\ngo 1.26\n", "orders/main.go": main})
			git(repo, "init", "-q")
			git(repo, "add", "-A")
			git(repo, "commit", "-qm", "init")
			return filepath.Join(repo, "orders"), repo
		}, nil},
		{"a linked work tree", func(t *testing.T, repo string, git func(string, ...string)) (string, string) {
			writeFiles(t, repo, map[string]string{"go.mod": "module example.com/orders\n\ngo 1.26\n", "main.go": main})
			git(repo, "add", "-A")
			git(repo, "commit", "-qm", "init")
			wt := filepath.Join(t.TempDir(), "wt")
			git(repo, "worktree", "add", "-q", wt, "-b", "feature")
			return wt, wt
		}, nil},
		{"a hook naming the repository", func(t *testing.T, repo string, git func(string, ...string)) (string, string) {
			writeFiles(t, repo, map[string]string{"go.mod": "module example.com/orders\n\ngo 1.26\n", "main.go": main})
			git(repo, "add", "-A")
			git(repo, "commit", "-qm", "init")
			return repo, repo
		}, func(repo string) []string {
			return []string{"GIT_DIR=" + filepath.Join(repo, ".git"), "GIT_WORK_TREE=" + repo, "GIT_INDEX_FILE=" + filepath.Join(repo, ".git", "index")}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, env, _ := gitRepo(t)
			run := func(dir string, args ...string) string {
				t.Helper()
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, env
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
				return string(out)
			}
			project, checkout := tt.setup(t, repo, func(dir string, args ...string) { run(dir, args...) })
			// The user's work: a staged version of a file, edited further.
			writeFiles(t, checkout, map[string]string{"notes.txt": "staged\n"})
			run(checkout, "add", "notes.txt")
			writeFiles(t, checkout, map[string]string{"notes.txt": "staged\nnot staged\n"})
			state := func() string { return run(checkout, "ls-files", "-s") + run(checkout, "rev-parse", "HEAD") }
			before := state()
			gateEnv := slices.Clone(env)
			if tt.env != nil {
				gateEnv = append(gateEnv, tt.env(repo)...)
			}
			changes := []generator.Change{{Path: "main.go", Mode: 0o644, Old: []byte(main), Content: []byte(changed)}}
			_, err := Gate{Env: gateEnv, Verify: true, Command: "git add -A; git commit -qm gate; exit 1"}.Run(context.Background(), project, changes)
			var ce *poststep.CommandError
			if !errors.As(err, &ce) {
				t.Fatalf("gate: %v, want the command's failure", err)
			}
			if after := state(); after != before {
				t.Errorf("the gate changed the user's repository:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

func assertNoScratch(t *testing.T, dir string) {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(filepath.Dir(dir), ".proj.gonew-prod-verify-*"))
	if err != nil || len(left) > 0 {
		t.Errorf("scratch copies left: %v %v", left, err)
	}
}

func readFileT(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestGateModuleBelow gates a project gonew-prod add made for a module below the
// project's root: tidy and the checks run in that module, in the project's workspace
// when its go.work uses the module. A module reached through go.work alone (not required
// in go.mod) gets no requirement of it from tidy.
func TestGateModuleBelow(t *testing.T) {
	const (
		imports = "package main\n\nimport \"example.com/lib\"\n\nfunc main() { println(lib.X) }\n"
		broken  = "package main\n\nfunc main() { undefinedThing() }\n"
	)
	lib := map[string]string{"lib/go.mod": "module example.com/lib\n\ngo 1.26\n", "lib/lib.go": "package lib\n\n// X is one.\nconst X = 1\n"}
	tests := []struct {
		name    string
		files   map[string]string
		main    string // the change to svc/main.go
		wantErr string // in the error, "" for none
	}{
		{"a root module and a nested one, the nested broken", map[string]string{
			"go.mod": "module example.com/root\n\ngo 1.26\n", "root.go": "package root\n",
			"svc/go.mod": "module example.com/svc\n\ngo 1.26\n",
		}, broken, "undefinedThing"},
		{"a workspace, the module importing another of it", map[string]string{
			"go.work":    "go 1.26\n\nuse (\n\t./lib\n\t./svc\n)\n",
			"svc/go.mod": "module example.com/svc\n\ngo 1.26\n",
		}, imports, ""},
		{"a workspace, the module broken", map[string]string{
			"go.work":    "go 1.26\n\nuse (\n\t./lib\n\t./svc\n)\n",
			"svc/go.mod": "module example.com/svc\n\ngo 1.26\n",
		}, broken, "undefinedThing"},
		{"no workspace, the import unresolvable", map[string]string{
			"svc/go.mod": "module example.com/svc\n\ngo 1.26\n",
		}, imports, "example.com/lib"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			writeFiles(t, dir, lib)
			writeFiles(t, dir, map[string]string{"svc/main.go": "package main\n\nfunc main() {}\n"})
			changes := []generator.Change{{Path: "svc/main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"), Content: []byte(tt.main)}}
			env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=")
			var log strings.Builder
			got, err := Gate{Env: env, Tidy: true, Verify: true, Module: "svc", Log: &log}.Run(context.Background(), dir, changes)
			if tt.wantErr != "" {
				var ce *poststep.CommandError
				if !errors.As(err, &ce) || !strings.Contains(ce.Output, tt.wantErr) {
					t.Fatalf("gate: %v, want an error with %q\n%s", err, tt.wantErr, log.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("gate: %v\n%s", err, log.String())
			}
			for _, c := range got {
				if strings.Contains(string(c.Content), "example.com/lib") && c.Path != "svc/main.go" {
					t.Errorf("%s gets the workspace's module:\n%s", c.Path, c.Content)
				}
			}
		})
	}
}

// TestGateOwnWorkspaceGOWORK gates a module below the project's root, of the project's
// own go.work, with GOWORK=off, with which the go command ignores go.work whatever it
// holds: the checks build the module without it, as the user's go build does, so that a
// go.work that does not parse stops nothing, and a module of the workspace the code
// imports is not found. Without GOWORK=off the go.work is used (or named, when it does
// not parse).
func TestGateOwnWorkspaceGOWORK(t *testing.T) {
	const (
		imports = "package main\n\nimport \"example.com/lib\"\n\nfunc main() { println(lib.X) }\n"
		prints  = "package main\n\nfunc main() { println(1) }\n"
		uses    = "go 1.26\n\nuse (\n\t./lib\n\t./svc\n)\n"
		bogus   = "go 1.26\n\nuse ./svc\nbogus directive\n"
	)
	tests := []struct {
		name, work, main string
		env              string // added to the environment
		wantErr          string // in the error (or a failed command's output), "" for none
	}{
		{"GOWORK=off, a go.work that does not parse", bogus, prints, "GOWORK=off", ""},
		{"a go.work that does not parse", bogus, prints, "", "go.work:4: unknown directive: bogus"},
		{"GOWORK=off, a go.work that gives the import", uses, imports, "GOWORK=off", "example.com/lib"},
		{"a go.work that gives the import", uses, imports, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"go.work":     tt.work,
				"lib/go.mod":  "module example.com/lib\n\ngo 1.26\n",
				"lib/lib.go":  "package lib\n\n// X is one.\nconst X = 1\n",
				"svc/go.mod":  "module example.com/svc\n\ngo 1.26\n",
				"svc/main.go": "package main\n\nfunc main() {}\n",
			})
			changes := []generator.Change{{Path: "svc/main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"), Content: []byte(tt.main)}}
			env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=", "GOWORK=")
			if tt.env != "" {
				env = append(env, tt.env)
			}
			var log strings.Builder
			_, err := Gate{Env: env, Tidy: true, Verify: true, Command: "go build ./...", Module: "svc", Log: &log}.Run(context.Background(), dir, changes)
			assertNoScratch(t, dir)
			var ce *poststep.CommandError
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("gate: %v, want none\n%s", err, log.String())
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) && !(errors.As(err, &ce) && strings.Contains(ce.Output, tt.wantErr))):
				t.Fatalf("gate: %v, want an error with %q\n%s", err, tt.wantErr, log.String())
			}
		})
	}
}

// TestGateWorkspaceAbove gates a project that a go.work above it uses (a monorepo's
// workspace), whose code imports another module of the workspace it does not require:
// tidy gets that module from the workspace and go.mod keeps none of it, and the checks
// build in the workspace, as the user's go build does. GOWORK=off leaves it out; a
// go.work that does not parse is named, with the way out.
func TestGateWorkspaceAbove(t *testing.T) {
	const imports = "package main\n\nimport \"example.com/lib\"\n\nfunc main() { println(lib.X) }\n"
	tests := []struct {
		name, work string
		env        string // added to the environment
		wantErr    string // in the error (or a failed command's output), "" for none
	}{
		{"the workspace uses the project", "go 1.26\n\nuse (\n\t./lib\n\t./proj\n)\n", "", ""},
		{"GOWORK=off", "go 1.26\n\nuse (\n\t./lib\n\t./proj\n)\n", "GOWORK=off", "example.com/lib"},
		{"a go.work that does not parse", "go 1.26\n\nuse (\n", "", "go.work"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			writeFiles(t, parent, map[string]string{
				"go.work":      tt.work,
				"lib/go.mod":   "module example.com/lib\n\ngo 1.26\n",
				"lib/lib.go":   "package lib\n\n// X is one.\nconst X = 1\n",
				"proj/go.mod":  "module example.com/proj\n\ngo 1.26\n",
				"proj/main.go": "package main\n\nfunc main() {}\n",
			})
			dir := filepath.Join(parent, "proj")
			changes := []generator.Change{{Path: "main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"), Content: []byte(imports)}}
			env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=", "GOWORK=")
			if tt.env != "" {
				env = append(env, tt.env)
			}
			var log strings.Builder
			got, err := Gate{Env: env, Tidy: true, Verify: true, Command: "go build ./...", Log: &log}.Run(context.Background(), dir, changes)
			assertNoScratch(t, dir)
			if tt.wantErr != "" {
				var ce *poststep.CommandError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) && !(errors.As(err, &ce) && strings.Contains(ce.Output, tt.wantErr)) {
					t.Fatalf("gate: %v, want an error with %q\n%s", err, tt.wantErr, log.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("gate: %v\n%s", err, log.String())
			}
			for _, c := range got {
				if strings.Contains(string(c.Content), "example.com/lib") && c.Path != "main.go" {
					t.Errorf("%s gets the workspace's module:\n%s", c.Path, c.Content)
				}
			}
		})
	}
}

// TestGateRevendor: a vendored module is re-vendored in the copy (Gate.Revendor) once the
// update changes its go.mod, before the checks, and what it returns joins the changes; an
// update that leaves go.mod as it is leaves vendor/ alone. Without vendor/ nothing runs.
func TestGateRevendor(t *testing.T) {
	const mod = "module example.com/proj\n\ngo 1.26\n"
	vendored := func(t *testing.T, vendor bool) string {
		dir := filepath.Join(t.TempDir(), "proj")
		writeFiles(t, dir, map[string]string{"go.mod": mod, "main.go": "package main\n\nfunc main() {}\n"})
		if vendor {
			writeFiles(t, dir, map[string]string{"vendor/modules.txt": ""})
		}
		return dir
	}
	var calls []string
	revendor := func(_ context.Context, _ poststep.Runner, dir, moduleRel, work string, goMod []byte) ([]generator.Change, error) {
		calls = append(calls, moduleRel+" "+string(goMod))
		if got := readFileT(t, work, "go.mod"); !strings.Contains(got, "// merged") {
			t.Errorf("go mod vendor would run on the go.mod %q, not the merged one", got)
		}
		return []generator.Change{{Path: "vendor/modules.txt", Content: []byte("# x\n"), Old: []byte{}, Mode: 0o644}}, nil
	}
	env := append(os.Environ(), "GOPROXY=off", "GOFLAGS=", "GOWORK=off")
	gomod := generator.Change{Path: "go.mod", Mode: 0o644, Old: []byte(mod), Content: []byte(mod + "// merged\n")}
	for _, tt := range []struct {
		name          string
		vendor        bool
		changes       []generator.Change
		tidy, verify  bool
		wantCalls     int
		wantVendorOut bool
	}{
		{"go.mod changed", true, []generator.Change{gomod}, false, true, 1, true},
		{"go.mod changed, no tidy, no checks", true, []generator.Change{gomod}, false, false, 1, true},
		{"go.mod unchanged", true, []generator.Change{{Path: "main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"), Content: []byte("package main\n\nfunc main() { println() }\n")}}, false, true, 0, false},
		{"not vendored", false, []generator.Change{gomod}, false, true, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			calls = nil
			dir := vendored(t, tt.vendor)
			got, err := Gate{Env: env, Tidy: tt.tidy, Verify: tt.verify, Command: "true", Revendor: revendor}.Run(context.Background(), dir, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) != tt.wantCalls || tt.wantCalls > 0 && calls[0] != ". "+mod {
				t.Errorf("Revendor calls %q, want %d with the tree's go.mod", calls, tt.wantCalls)
			}
			if has := slices.ContainsFunc(got, func(c generator.Change) bool { return c.Path == "vendor/modules.txt" }); has != tt.wantVendorOut {
				t.Errorf("vendor/ change in the result: %v, want %v", has, tt.wantVendorOut)
			}
			assertNoScratch(t, dir)
		})
	}
}

// TestCopyFailed asks for room only when the copy ran out of it.
func TestCopyFailed(t *testing.T) {
	full := copyFailed("/p/svc", "/p/.svc.gonew-prod-verify-1", &os.PathError{Op: "write", Path: "/p/.svc.gonew-prod-verify-1/big", Err: syscall.ENOSPC})
	if !strings.Contains(full.Error(), "make room there") || !errors.Is(full, syscall.ENOSPC) {
		t.Errorf("a full disk: %v", full)
	}
	other := copyFailed("/p/svc", "/p/.svc.gonew-prod-verify-1", &os.LinkError{Op: "symlink", Old: "a", New: "/p/x", Err: syscall.EEXIST})
	if strings.Contains(other.Error(), "room") || !strings.Contains(other.Error(), "fix what stops it and run again") {
		t.Errorf("another failure: %v", other)
	}
}

// TestTidiedDropsWhatIsNotTheUsers checks what tidy's drops the gate takes: a require the
// merge took from this version that the user had removed (and tidied away) and no package
// imports goes, with its checksums, and so do the user's checksums of a module version
// the merge raised past (a bot's bump below this version's); the user's own require no
// package imports, and the user's other checksums, stay.
func TestTidiedDropsWhatIsNotTheUsers(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	const (
		mine     = "module example.com/p\n\ngo 1.26\n\nrequire (\n\tgolang.org/x/text v0.35.0\n\texample.com/kept v1.0.0 // ours, unused\n)\n"
		planned  = "module example.com/p\n\ngo 1.26\n\nrequire (\n\tgolang.org/x/text v0.36.0\n\texample.com/kept v1.0.0 // ours, unused\n)\n\nrequire golang.org/x/sync v0.20.0 // indirect\n"
		tidyMod  = "module example.com/p\n\ngo 1.26\n\nrequire golang.org/x/text v0.36.0\n"
		text35   = "golang.org/x/text v0.35.0 h1:t35=\ngolang.org/x/text v0.35.0/go.mod h1:t35m=\n"
		text36   = "golang.org/x/text v0.36.0 h1:t36=\ngolang.org/x/text v0.36.0/go.mod h1:t36m=\n"
		kept     = "example.com/kept v1.0.0 h1:k=\nexample.com/kept v1.0.0/go.mod h1:km=\n"
		sync20   = "golang.org/x/sync v0.20.0 h1:s20=\ngolang.org/x/sync v0.20.0/go.mod h1:s20m=\n"
		mineSum  = kept + text35
		planSum  = kept + sync20 + text35 + text36
		tidySum  = text36
		wantSum  = kept + text36
		wantMine = "example.com/kept v1.0.0 // ours, unused"
	)
	writeFiles(t, dir, map[string]string{"go.mod": mine, "go.sum": mineSum})
	changes := []generator.Change{
		{Path: "go.mod", Mode: 0o644, Old: []byte(mine), Content: []byte(planned)},
		{Path: "go.sum", Mode: 0o644, Old: []byte(mineSum), Content: []byte(planSum)},
	}
	changes, err := tidied(dir, work, "go.mod", []byte(tidyMod), changes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if changes, err = tidied(dir, work, "go.sum", []byte(tidySum), changes, nil); err != nil {
		t.Fatal(err)
	}
	gotMod := string(changes[0].Content)
	if strings.Contains(gotMod, "x/sync") || !strings.Contains(gotMod, "golang.org/x/text v0.36.0") || !strings.Contains(gotMod, wantMine) {
		t.Errorf("go.mod after tidy:\n%s\nwant x/sync (this version's, the user removed it, nothing imports it) gone, x/text v0.36.0 and the user's unused require kept", gotMod)
	}
	if got := string(changes[1].Content); got != wantSum {
		t.Errorf("go.sum after tidy:\n%s\nwant\n%s", got, wantSum)
	}
}

// TestTidiedDropsYoursThisVersionDropped: a require the user changed (pinned otelgin
// below this version's base) that this version dropped (Gate.Dropped) goes when tidy
// drops it, no package importing it any more, and the user's checksums of its module go
// with it, so go mod tidy -diff passes; one tidy keeps (the user's code imports it) stays,
// and so does a require of the user's that is not in Dropped, with its checksums.
func TestTidiedDropsYoursThisVersionDropped(t *testing.T) {
	const (
		otelgin = "go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
		mine    = "module example.com/p\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.11.0\n\t" + otelgin + " v0.65.0 // pinned: INC-7\n)\n"
		tidyOff = "module example.com/p\n\ngo 1.26\n\nrequire github.com/gin-gonic/gin v1.11.0\n"
		tidyOn  = "module example.com/p\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.11.0\n\t" + otelgin + " v0.65.0\n)\n"
		gin     = "github.com/gin-gonic/gin v1.11.0 h1:g=\ngithub.com/gin-gonic/gin v1.11.0/go.mod h1:gm=\n"
		otel    = otelgin + " v0.65.0 h1:o=\n" + otelgin + " v0.65.0/go.mod h1:om=\n"
		without = "module example.com/p\n\ngo 1.26\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.11.0\n)\n"
	)
	tests := []struct {
		name             string
		dropped          []string
		tidyMod, tidySum string
		wantMod, wantSum string
	}{
		{"this version dropped it, nothing imports it", []string{otelgin}, tidyOff, gin, without, gin},
		{"this version dropped it, your code imports it", []string{otelgin}, tidyOn, gin + otel, mine, gin + otel},
		{"yours alone, nothing imports it", nil, tidyOff, gin, mine, gin + otel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, work := t.TempDir(), t.TempDir()
			writeFiles(t, dir, map[string]string{"go.mod": mine, "go.sum": gin + otel})
			// The merge kept the user's go.mod as it is; the plan writes it (the otel
			// packages it imported are deleted).
			changes := []generator.Change{
				{Path: "go.mod", Mode: 0o644, Old: []byte(mine), Content: []byte(mine)},
				{Path: "go.sum", Mode: 0o644, Old: []byte(gin + otel), Content: []byte(gin + otel)},
			}
			changes, err := tidied(dir, work, "go.mod", []byte(tt.tidyMod), changes, tt.dropped)
			if err != nil {
				t.Fatal(err)
			}
			if changes, err = tidied(dir, work, "go.sum", []byte(tt.tidySum), changes, tt.dropped); err != nil {
				t.Fatal(err)
			}
			if got := string(changes[0].Content); got != tt.wantMod {
				t.Errorf("go.mod after tidy:\n%s\nwant\n%s", got, tt.wantMod)
			}
			if got := string(changes[1].Content); got != tt.wantSum {
				t.Errorf("go.sum after tidy:\n%s\nwant\n%s", got, tt.wantSum)
			}
		})
	}
}

// TestGateWithoutCgo: where cgo is off (CGO_ENABLED=0 in the environment, or no C
// compiler), the default gate's go test -race cannot run; the gate says so, and how to
// go on, before it copies the project and builds it, rather than blaming the merged tree
// after build and vet (round 20 update 4).
func TestGateWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	base := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "CGO_ENABLED=") || strings.HasPrefix(kv, "CC=")
	})
	const verify = "--verify-cmd 'go build ./... && go vet ./... && go test ./...'"
	tests := []struct {
		name, want string
		env        []string
		without    string // the way on without -race
	}{
		{"CGO_ENABLED=0", "CGO_ENABLED=0 is set in the environment", append(slices.Clone(base), "CGO_ENABLED=0"), ": " + verify},
		// cgo on: go build needs the missing compiler too, so the way on turns cgo off.
		{"no C compiler", "the C compiler it needs is not installed (go env CC: no-such-cc)", append(slices.Clone(base), "CC=no-such-cc"), ": CGO_ENABLED=0 gonew-prod update ... " + verify},
		{"go env -w CGO_ENABLED=0", "set by go env -w CGO_ENABLED=0 (undo it with go env -u CGO_ENABLED)", append(slices.Clone(base), "GOENV="+goEnvFile(t, "CGO_ENABLED=0\n")), ": " + verify},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gateProject(t)
			env := append(tt.env, "GOPROXY=off", "GOFLAGS=-mod=mod")
			var log strings.Builder
			_, err := Gate{Env: env, Verify: true, Log: &log}.Run(context.Background(), dir, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasSuffix(err.Error(), "without -race"+tt.without) {
				t.Fatalf("gate: %v\nwant %q and the way on without -race %q", err, tt.want, tt.without)
			}
			if log.Len() > 0 {
				t.Errorf("the gate ran before it refused:\n%s", log.String())
			}
		})
	}
	t.Run("a command of the user's", func(t *testing.T) {
		// --verify-cmd may need no cgo: it runs.
		dir := gateProject(t)
		env := append(slices.Clone(base), "CGO_ENABLED=0", "GOPROXY=off", "GOFLAGS=-mod=mod")
		if _, err := (Gate{Env: env, Verify: true, Command: "true"}).Run(context.Background(), dir, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCheckCompiler: the compiler check the gate makes, and the pack build check makes
// before its go vet, finds a C compiler missing only where cgo is on (round27 update/1).
func TestCheckCompiler(t *testing.T) {
	base := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "CGO_ENABLED=") || strings.HasPrefix(kv, "CC=")
	})
	cc := filepath.Join(t.TempDir(), "mycc")
	if err := os.WriteFile(cc, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  []string
		want string // the missing compiler; "" for none
	}{
		{"no such compiler", []string{"CC=no-such-cc"}, "no-such-cc"},
		{"no such compiler by path, with flags", []string{"CC=/no/such/cc -O2"}, "/no/such/cc -O2"},
		{"cgo off", []string{"CC=no-such-cc", "CGO_ENABLED=0"}, ""},
		{"the compiler named", []string{"CC=" + cc + " -O2"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCompiler(context.Background(), t.TempDir(), append(slices.Clone(base), tt.env...))
			var ce *CompilerError
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckCompiler = %v, want nil", err)
			case tt.want != "" && (!errors.As(err, &ce) || ce.CC != tt.want):
				t.Errorf("CheckCompiler = %v, want the compiler %q missing", err, tt.want)
			}
		})
	}
}

// goEnvFile returns a go env configuration file (GOENV) holding content.
func goEnvFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "goenv")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTidyKeeps: the module's go.sum (or go.mod) the plan leaves as it is, because the
// user deleted it or git ignores it where it tracks none, is what the gate's tidy may not
// write either; one the plan changes, or one git tracks, is tidy's to write (round 28
// update/1).
func TestTidyKeeps(t *testing.T) {
	tests := []struct {
		name      string
		moduleDir string
		ignore    string // .gitignore
		tracked   bool   // go.sum committed
		onDisk    bool   // go.sum in the tree
		action    Action // the plan's step for go.sum
		want      string // Keep of go.sum, "" for none
	}{
		{name: "deleted", tracked: true, action: KeepDeleted, want: "you deleted it, and it stays deleted (gonew-prod update --recreate go.sum brings it back)"},
		{name: "deleted below", moduleDir: "svc", tracked: true, action: KeepDeleted, want: "--recreate svc/go.sum brings it back"},
		{name: "deleted and ignored", ignore: "go.sum\n", tracked: true, action: KeepDeleted, want: "you deleted it"},
		{name: "ignored, untracked", ignore: "go.sum\n", onDisk: true, action: Keep, want: "git ignores it (by .gitignore:1:go.sum) and tracks none"},
		{name: "ignored, never written", ignore: "*.sum\n", action: "", want: "git ignores it (by .gitignore:1:*.sum)"},
		{name: "ignored, tracked", ignore: "go.sum\n", tracked: true, onDisk: true, action: Keep},
		{name: "kept", tracked: true, onDisk: true, action: Keep},
		{name: "not recorded, not ignored", action: ""},
		{name: "ignored, changed by the plan", ignore: "go.sum\n", onDisk: true, action: Update},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, env, git := gitRepo(t)
			sum := path.Join(cmp.Or(tt.moduleDir, "."), "go.sum")
			writeFiles(t, dir, map[string]string{path.Join(cmp.Or(tt.moduleDir, "."), "go.mod"): "module example.com/p\n", sum: "example.com/x v1.0.0 h1:x=\n"})
			git("add", "-A")
			if !tt.tracked {
				git("rm", "-q", "--cached", sum)
			}
			if tt.ignore != "" {
				writeFiles(t, dir, map[string]string{".gitignore": tt.ignore})
				git("add", ".gitignore")
			}
			git("commit", "-qm", "init")
			if !tt.onDisk {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(sum))); err != nil {
					t.Fatal(err)
				}
			}
			plan := &Plan{}
			if tt.action != "" {
				plan.Steps = []Step{{Path: sum, Action: tt.action, Ours: []byte("example.com/x v1.0.0 h1:x=\n"), Result: []byte("example.com/x v1.1.0 h1:y=\n"), Mode: 0o644}}
			}
			keep, err := TidyKeeps(context.Background(), env, dir, tt.moduleDir, plan)
			if err != nil {
				t.Fatal(err)
			}
			if len(keep) > 1 {
				t.Errorf("Keep = %q, want go.sum's alone", keep)
			}
			why, ok := keep[sum]
			if ok != (tt.want != "") || !strings.Contains(why, tt.want) {
				t.Errorf("Keep[%s] = %q (%v), want %q", sum, why, ok, tt.want)
			}
		})
	}
}

// TestGateTidiedKept: tidy's go.sum for one the gate keeps (Gate.Keep) is the scratch
// copy's alone, which the checks build with, and logged; a go.sum tidy writes where the
// module had none and nothing keeps it is a change.
func TestGateTidiedKept(t *testing.T) {
	const tidySum = "example.com/x v1.0.0 h1:x=\nexample.com/x v1.0.0/go.mod h1:xm=\n"
	for _, keep := range []bool{true, false} {
		dir, work := t.TempDir(), t.TempDir()
		writeFiles(t, dir, map[string]string{"go.mod": "module example.com/p\n"})
		var log strings.Builder
		g := Gate{Log: &log}
		if keep {
			g.Keep = map[string]string{"go.sum": "you deleted it"}
		}
		changes, err := g.tidied(dir, work, "go.sum", []byte(tidySum), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := readFileT(t, work, "go.sum"); got != tidySum {
			t.Errorf("keep %v: the copy's go.sum is %q, want tidy's", keep, got)
		}
		switch {
		case keep && (len(changes) > 0 || !strings.Contains(log.String(), "go.sum not written: you deleted it; go mod tidy's is the scratch copy's alone")):
			t.Errorf("kept: changes %+v, log %q", changes, log.String())
		case !keep && (len(changes) != 1 || changes[0].Path != "go.sum" || string(changes[0].Content) != tidySum || changes[0].Old != nil):
			t.Errorf("not kept: changes %+v, want go.sum created", changes)
		}
	}
}

// TestScratchDir: a scratch copy's directory is made beside the project, marked in use
// (scratch.Dir), so that paths leading out of the project resolve from it as in the
// tree; under TMPDIR, named after the prefix given, when the parent cannot take it or
// its path holds git's list separator.
func TestScratchDir(t *testing.T) {
	tests := []struct {
		name   string
		dir    func(t *testing.T) string
		beside bool
	}{
		{"a parent that takes it", func(t *testing.T) string { return filepath.Join(t.TempDir(), "svc") }, true},
		{"a parent whose path holds the list separator", func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "a"+string(filepath.ListSeparator)+"b", "svc")
		}, false},
		{"a parent that cannot take it", func(t *testing.T) string {
			parent := filepath.Join(t.TempDir(), "ro")
			if err := os.MkdirAll(filepath.Join(parent, "svc"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(parent, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(parent, 0o755) })
			if f, err := os.CreateTemp(parent, "probe"); err == nil { // root writes anyway
				f.Close()
				t.Skip("the read-only directory takes files (running as root)")
			}
			return filepath.Join(parent, "svc")
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			dir := tt.dir(t)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			work, release, err := ScratchDir(dir, "gonew-prod-test-")
			if err != nil {
				t.Fatal(err)
			}
			defer release()
			parent, prefix := filepath.Dir(dir), ".svc.gonew-prod-verify-"
			if !tt.beside {
				parent, prefix = os.TempDir(), "gonew-prod-test-"
			}
			if filepath.Dir(work) != parent || !strings.HasPrefix(filepath.Base(work), prefix) {
				t.Errorf("ScratchDir = %s, want %s*", work, filepath.Join(parent, prefix))
			}
			if _, err := os.Stat(filepath.Join(work, generator.ScratchMark)); err != nil {
				t.Errorf("the copy is not marked in use: %v", err)
			}
		})
	}
}

// TestScratchPlaceASCII: the scratch copy beside a project is named after the project's
// directory in ASCII only, so that go vet can run in it whatever that name is (a Latin-1
// "café" is no UTF-8), and a copy a killed run left is found by that name again.
func TestScratchPlaceASCII(t *testing.T) {
	tests := []struct {
		name, dir, prefix string
	}{
		{"ASCII", "svc", ".svc.gonew-prod-verify-"},
		{"ASCII punctuation kept", "my-svc_2.0", ".my-svc_2.0.gonew-prod-verify-"},
		{"Latin-1, not UTF-8", "caf\xe9", ".caf_.gonew-prod-verify-"},
		{"UTF-8 beyond ASCII", "café", ".caf_.gonew-prod-verify-"},
		{"a space", "my svc", ".my_svc.gonew-prod-verify-"},
		{"a name as long as a file system allows", strings.Repeat("s", 250), "." + strings.Repeat("s", 64) + ".gonew-prod-verify-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), tt.dir)
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			parent, prefix := ScratchPlace(dir)
			if parent != filepath.Dir(dir) || prefix != tt.prefix {
				t.Fatalf("ScratchPlace = %q, %q; want %q, %q", parent, prefix, filepath.Dir(dir), tt.prefix)
			}
			work, release, err := ScratchDir(dir, "gonew-prod-test-")
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Dir(work) != parent || !strings.HasPrefix(filepath.Base(work), prefix) {
				t.Errorf("ScratchDir = %q, want %q*", work, filepath.Join(parent, prefix))
			}
			release()
			// A killed run leaves its copy marked: the sweep finds it by ScratchPlace.
			left := filepath.Join(parent, prefix+"1")
			writeFiles(t, left, map[string]string{generator.ScratchMark: "", "go.mod": "module example.com/svc\n"})
			if got := scratch.Sweep(ScratchPlace(dir)); !slices.Equal(got, []string{left}) {
				t.Errorf("Sweep(ScratchPlace) = %q, want %q", got, left)
			}
		})
	}
}

// TestGateNotUTF8: the gate checks a project whose directory name is not UTF-8 (its copy
// is named in ASCII); one whose parent's name is not UTF-8, where go vet cannot run, is
// refused before the copy, naming that directory, when the gate runs go vet (the default
// checks, add's), and gated as asked otherwise (a command of the user's, tidy alone).
func TestGateNotUTF8(t *testing.T) {
	tests := []struct {
		name    string
		parent  string // the name of the project's parent, "" for none of its own
		project string
		gate    Gate
		refused string // what the refusal says besides the directory, "" for none
	}{
		{"the project's name, go vet", "", "caf\xe9", Gate{Verify: true, Command: VetCommand}, ""},
		{"the parent's name, go vet", "par\xe9", "svc", Gate{Verify: true, Command: VetCommand}, "rename that directory"},
		{"the parent's name, the default checks", "par\xe9", "svc", Gate{Verify: true}, "--verify-cmd 'go build ./... && go test -race -vet=off ./...', or pass --no-verify"},
		{"the parent's name, a command of the user's", "par\xe9", "svc", Gate{Verify: true, Command: "go build ./..."}, ""},
		{"the parent's name, tidy alone", "par\xe9", "svc", Gate{Tidy: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), tt.parent)
			dir := filepath.Join(parent, tt.project)
			writeFiles(t, dir, map[string]string{
				"go.mod":       "module example.com/svc\n\ngo 1.26\n",
				"main.go":      "package main\n\nfunc main() {}\n",
				"main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestRun(t *testing.T) {}\n",
				// A file of its own, so that go vet runs and does not replay a result it cached.
				"run.go": fmt.Sprintf("package main\n\nconst run = %d\n", time.Now().UnixNano()),
			})
			changes := []generator.Change{{Path: "main.go", Mode: 0o644, Old: []byte("package main\n\nfunc main() {}\n"),
				Content: []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n")}}
			g := tt.gate
			g.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
			var log strings.Builder
			g.Log = &log
			_, err := g.Run(context.Background(), dir, changes)
			if err != nil && strings.Contains(err.Error(), "needs cgo and a C compiler") {
				t.Skip("the default checks' go test -race cannot run here:", err)
			}
			var nu *NotUTF8Error
			switch {
			case tt.refused == "" && err != nil:
				t.Fatalf("gate: %v\n%s", err, log.String())
			case tt.refused != "" && !errors.As(err, &nu):
				t.Fatalf("gate: %v, want a *NotUTF8Error\n%s", err, log.String())
			case tt.refused != "":
				if nu.Path != parent || !strings.Contains(err.Error(), tt.refused) || !strings.Contains(err.Error(), "nothing written") {
					t.Errorf("refusal names %q: %v; want %q and %q", nu.Path, err, parent, tt.refused)
				}
				if strings.Contains(log.String(), "checking the merged tree") {
					t.Errorf("the copy was made before the refusal:\n%s", log.String())
				}
			}
			if left, _ := filepath.Glob(filepath.Join(parent, ".*.gonew-prod-verify-*")); len(left) > 0 {
				t.Errorf("scratch copies left: %q", left)
			}
		})
	}
}

// TestScratchLabelShared: two projects side by side whose names have one ASCII label
// (café and cafè, both caf_) share the beginning of their copies' names, but never a
// copy: each is a new directory (os.MkdirTemp), held in use until released, and the
// sweep of either project's leftovers removes no copy of a run still going.
func TestScratchLabelShared(t *testing.T) {
	parent := t.TempDir()
	var works []string
	for _, name := range []string{"café", "cafè"} {
		dir := filepath.Join(parent, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		work, release, err := ScratchDir(dir, "gonew-prod-test-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(release)
		writeFiles(t, work, map[string]string{"go.mod": "module example.com/" + name + "\n"})
		works = append(works, work)
	}
	if works[0] == works[1] {
		t.Fatalf("both projects got the copy %s", works[0])
	}
	for _, name := range []string{"café", "cafè"} {
		if removed := SweepBeside(filepath.Join(parent, name)); len(removed) > 0 {
			t.Errorf("SweepBeside(%s) removed %q, copies in use", name, removed)
		}
	}
	for i, name := range []string{"café", "cafè"} {
		if got, err := os.ReadFile(filepath.Join(works[i], "go.mod")); err != nil || string(got) != "module example.com/"+name+"\n" {
			t.Errorf("the copy of %s holds %q, %v", name, got, err)
		}
	}
}

// TestLookupEnv: the last setting of a variable counts, and on Windows, where variable
// names know no case, a name of another case is the same variable (Path is PATH).
func TestLookupEnv(t *testing.T) {
	windows := runtime.GOOS == "windows"
	tests := []struct {
		env    []string
		key    string
		want   string
		wantOK bool
	}{
		{[]string{"PATH=/a", "PATH=/b"}, "PATH", "/b", true},
		{[]string{"PATH="}, "PATH", "", true},
		{[]string{"PATHS=/a"}, "PATH", "", false},
		{[]string{"Path=/a"}, "PATH", map[bool]string{true: "/a"}[windows], windows},
		{[]string{"LOCALAPPDATA=/c", "HOME=/h"}, "LocalAppData", map[bool]string{true: "/c"}[windows], windows},
	}
	for _, tt := range tests {
		if got, ok := lookupEnv(tt.env, tt.key); got != tt.want || ok != tt.wantOK {
			t.Errorf("lookupEnv(%q, %s) = %q, %t; want %q, %t", tt.env, tt.key, got, ok, tt.want, tt.wantOK)
		}
	}
}
