package poststep

import (
	"context"
	"errors"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// isolatedEnv is an environment with no git identity and no user or system git config,
// and Go telemetry off.
func isolatedEnv(t *testing.T) []string {
	t.Helper()
	home := treetest.QuietHome(t)
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1",
	}
}

func TestGitInitWithoutIdentity(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	for _, name := range []string{"main.go", "[x].go", "theirs.bin"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("package main\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := Runner{Env: isolatedEnv(t)}
	if err := r.GitInit(context.Background(), dir, []string{"main.go", "[x].go"}); err != nil {
		t.Fatalf("GitInit: %v", err)
	}
	out, err := r.run(context.Background(), dir, "git", "log", "--format=%an <%ae>|%s", "--name-only")
	if err != nil {
		t.Fatal(err)
	}
	// Only the files named: not another file that was in the directory.
	if !strings.Contains(out, "gonew-prod <gonew-prod@localhost>|Initial commit from gonew-prod") || !strings.Contains(out, "main.go") ||
		!strings.Contains(out, "[x].go") || strings.Contains(out, "theirs.bin") {
		t.Errorf("git log = %q", out)
	}

	sub := filepath.Join(dir, "svc")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := r.GitInit(context.Background(), sub, []string{"x"}); !errors.Is(err, ErrInWorkTree) {
		t.Errorf("GitInit inside a work tree = %v, want ErrInWorkTree", err)
	}
}

// TestGitInitBranchIsMain checks that the first commit is on main, the branch the
// generated GitHub CI runs on pushes to, whatever git's init.defaultBranch (unset: master
// in older gits) or the user's says.
func TestGitInitBranchIsMain(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	for _, config := range []string{"", "[init]\n\tdefaultBranch = master\n", "[init]\n\tdefaultBranch = trunk\n"} {
		env := isolatedEnv(t)
		home := strings.TrimPrefix(env[1], "HOME=")
		if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := Runner{Env: env}
		if err := r.GitInit(context.Background(), dir, []string{"main.go"}); err != nil {
			t.Fatalf("GitInit: %v", err)
		}
		if out, err := r.run(context.Background(), dir, "git", "symbolic-ref", "--short", "HEAD"); err != nil || strings.TrimSpace(out) != "main" {
			t.Errorf("with config %q: branch %q (%v), want main", config, out, err)
		}
	}
}

func TestTidyFailureSaysWhat(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/x\n\ngo 1.26.0\n\nrequire example.invalid/missing v1.0.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nimport _ \"example.invalid/missing\"\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(isolatedEnv(t), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOMODCACHE="+t.TempDir(), "GOCACHE="+t.TempDir(), "GOTOOLCHAIN=local")
	err := Runner{Env: env}.Tidy(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "go mod tidy") || !strings.Contains(err.Error(), "example.invalid/missing") {
		t.Errorf("Tidy = %v, want an error naming go mod tidy and the module", err)
	}
}

// TestRunFailureSaysWhat checks that a command that fails is a *CommandError naming it,
// with what it printed.
func TestRunFailureSaysWhat(t *testing.T) {
	err := Runner{Env: isolatedEnv(t)}.Run(context.Background(), t.TempDir(), "sh", "-c", "echo the tests broke >&2; exit 7")
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Command != "sh -c echo the tests broke >&2; exit 7" || ce.Output != "the tests broke" || !strings.Contains(ce.Err.Error(), "exit status 7") {
		t.Fatalf("Run = %#v, want a *CommandError with the command, its output and its exit status", err)
	}
}

// TestCommandErrorSaysWhatFailed checks the one line a CommandError gives: the first
// line of the output that says what went wrong, not the go command's "# PACKAGE" header
// above a package's errors.
func TestCommandErrorSaysWhatFailed(t *testing.T) {
	tests := []struct {
		name, output, want string
	}{
		{"no output", "", "go vet ./...: exit status 1"},
		{"one line", "pattern ./...: directory prefix . does not contain main module", "go vet ./...: exit status 1: pattern ./...: directory prefix . does not contain main module"},
		{"a vet error under its package header", "# example.com/x/internal/extra\nvet: internal/extra/extra.go:3:23: cannot use \"x\" (untyped string constant) as int value in return statement",
			"go vet ./...: exit status 1: vet: internal/extra/extra.go:3:23: cannot use \"x\" (untyped string constant) as int value in return statement"},
		{"compile errors of two packages", "# example.com/x/a\n\na/a.go:1:1: undefined: y\n# example.com/x/b\nb/b.go:2:2: undefined: z", "go vet ./...: exit status 1: a/a.go:1:1: undefined: y"},
		{"only a header", "# example.com/x/a", "go vet ./...: exit status 1: # example.com/x/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &CommandError{Command: "go vet ./...", Err: errors.New("exit status 1"), Output: tt.output}
			if got := e.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMissingTempDir checks that git runs without a temporary directory, which it does
// not need, and that another command's failure to get its work directory names TMPDIR.
func TestMissingTempDir(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	missing := filepath.Join(t.TempDir(), "nowhere")
	r := Runner{Env: append(isolatedEnv(t), "TMPDIR="+missing)}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.GitInit(context.Background(), dir, []string{"a.txt"}); err != nil {
		t.Errorf("GitInit with TMPDIR missing: %v", err)
	}
	err := r.Run(context.Background(), dir, "sh", "-c", "true")
	if err == nil || !strings.Contains(err.Error(), missing+" (GOTMPDIR, else TMPDIR)") || !strings.Contains(err.Error(), "point TMPDIR at a writable directory") {
		t.Errorf("Run with TMPDIR missing = %v, want TMPDIR named", err)
	}
}

// TestGitInitInAnUncommittedRepository: a directory that is the top of a repository with
// no commit yet (a new killed during its first commit left it, every file staged) is
// told apart from one inside another work tree: GitInit makes no commit there
// (ErrNoCommit), nor in a directory below it (ErrInWorkTree), and leaves the index as
// it is.
func TestGitInitInAnUncommittedRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	r := Runner{Env: isolatedEnv(t)}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "main.go"}} {
		if _, err := r.run(context.Background(), dir, "git", args...); err != nil {
			t.Fatal(err)
		}
	}
	sub := filepath.Join(dir, "svc")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir  string
		want error
	}{{dir, ErrNoCommit}, {sub, ErrInWorkTree}}
	for _, tt := range tests {
		if err := r.GitInit(context.Background(), tt.dir, []string{"main.go"}); !errors.Is(err, tt.want) {
			t.Errorf("GitInit in %s = %v, want %v", tt.dir, err, tt.want)
		}
	}
	if _, err := r.run(context.Background(), dir, "git", "rev-parse", "--verify", "--quiet", "HEAD"); err == nil {
		t.Errorf("GitInit made a commit in a repository it found")
	}
}
