package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/prompt"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"github.com/gonew-prod/gonew-prod/internal/update"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// result is what one in-process run of the command line produced.
type result struct {
	code           int
	stdout, stderr string
	dir            string // the run's working directory
}

// run runs the command line in process in a fresh working directory (or dir, when not
// empty), with no terminal and an environment that has nothing of the test process but
// its go caches: HOME is an empty directory of its own.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runCtx(t, context.Background(), dir, args...)
}

func runCtx(t *testing.T, ctx context.Context, dir string, args ...string) result {
	t.Helper()
	return runWith(t, ctx, dir, nil, args...)
}

// runWith runs the command line in process in dir (a new temporary directory when
// empty), with p as the terminal when it is not nil.
func runWith(t *testing.T, ctx context.Context, dir string, p prompt.Prompter, args ...string) result {
	t.Helper()
	return runEnv(t, ctx, dir, p, nil, args...)
}

// runEnv is runWith with the variables extra added to the environment.
func runEnv(t *testing.T, ctx context.Context, dir string, p prompt.Prompter, extra []string, args ...string) result {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	var stdout, stderr bytes.Buffer
	code := Run(ctx, args, Env{
		Stdin:    strings.NewReader(""),
		Stdout:   &stdout,
		Stderr:   &stderr,
		Environ:  slices.Concat([]string{"HOME=" + treetest.QuietHome(t), "PATH=" + os.Getenv("PATH")}, goCaches(), extra),
		Dir:      dir,
		Prompter: p,
	})
	return result{code: code, stdout: stdout.String(), stderr: stderr.String(), dir: dir}
}

// userCache is the user cache directory (XDG_CACHE_HOME) of every run of the package's
// tests (goCaches), made and removed by TestMain.
var userCache string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cli-test-usercache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	userCache = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goCaches are the test process's build and module caches, shared by every run: the go
// commands add and update run would otherwise start from empty caches below HOME each time
// (and leave them in the repository under test). With them comes GOFLAGS=-trimpath, as a
// user's CI may set it: the projects the tests write lie in a new temporary directory each
// time, and without -trimpath their packages' builds (of vet, go test -race and the rest
// of the gates) are keyed by that directory, so none of them is found in the cache; with
// it the same package builds once (a test that ran about 21 s ran in 8-15 s). A test that
// sets GOFLAGS itself replaces it. And one user cache directory for the package's run
// (userCache), where update keeps the binaries of the versions it fetches, so that each
// version is linked once, not in every test that fetches it (HOME is a new directory
// each time).
var goCaches = sync.OnceValue(func() []string {
	caches := []string{"XDG_CACHE_HOME=" + userCache}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		return caches
	}
	dirs := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(dirs) != 2 || dirs[0] == "" || dirs[1] == "" {
		return caches
	}
	return append(caches, "GOCACHE="+dirs[0], "GOMODCACHE="+dirs[1], "GOFLAGS=-trimpath")
})

// newArgs are the arguments of `new` that never touch the network or git.
func newArgs(extra ...string) []string {
	return append([]string{"new", "--yes", "--no-tidy", "--no-git"}, extra...)
}

func TestEnvGetenv(t *testing.T) {
	env := Env{Environ: []string{
		"HOME=/home/a",
		"EMPTY=",
		"DUP=first",
		"WITH_EQUALS=a=b=c",
		"NOEQUALS",
		"DUP=second",
		"=weird",
	}}
	tests := []struct{ key, want string }{
		{"HOME", "/home/a"},
		{"EMPTY", ""},
		{"DUP", "second"}, // the last one wins, as in os/exec
		{"WITH_EQUALS", "a=b=c"},
		{"NOEQUALS", ""},
		{"MISSING", ""},
		{"home", ""}, // case-sensitive
		{"HOM", ""},
	}
	for _, tt := range tests {
		if got := env.Getenv(tt.key); got != tt.want {
			t.Errorf("Getenv(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if got := (Env{}).Getenv("HOME"); got != "" {
		t.Errorf("Getenv on an empty Env = %q, want \"\"", got)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"usage error", usagef("bad %s", "flag"), ExitUsage},
		{"wrapped usage error", fmt.Errorf("new: %w", usagef("bad")), ExitUsage},
		{"answers error", &answers.Error{Key: "go", Where: "--go", Value: "1.20", Reason: "old"}, ExitUsage},
		{"wrapped answers error", fmt.Errorf("resolve: %w", &answers.Error{Key: "go"}), ExitUsage},
		{"missing value", fmt.Errorf("%w: module", answers.ErrMissing), ExitUsage},
		{"runtime failure", errors.New("disk full"), ExitFailure},
		{"wrapped runtime failure", fmt.Errorf("write: %w", fs.ErrPermission), ExitFailure},
		{"unreadable file in the way", fmt.Errorf("plan Makefile: %w", &generator.UnreadableError{Path: "Makefile", Err: fs.ErrPermission}), ExitUsage},
		{"cancelled", context.Canceled, ExitFailure},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	const mod = "example.com/acme/orders"
	tests := []struct {
		name       string
		args       []string
		want       int
		wantStderr []string // substrings; stderr must be empty when want is 0
		wantStdout string   // substring of stdout when want is 0; a failing run prints nothing on stdout
	}{
		{name: "help", args: []string{"--help"}, want: ExitOK, wantStdout: "Usage:"},
		{name: "new help", args: []string{"new", "--help"}, want: ExitOK, wantStdout: "--dry-run"},
		{name: "no command", args: nil, want: ExitOK, wantStdout: "Available Commands"},
		{name: "version", args: []string{"version"}, want: ExitOK, wantStdout: "gonew-prod "},
		{name: "unknown command", args: []string{"nwe"}, want: ExitUsage, wantStderr: []string{`unknown command "nwe"`}},
		{name: "unknown flag", args: newArgs("--module", mod, "--frobnicate"), want: ExitUsage, wantStderr: []string{"unknown flag: --frobnicate", "see 'gonew-prod new --help'"}},
		{name: "bad flag value", args: newArgs("--module", mod, "--http-port", "eighty"), want: ExitUsage, wantStderr: []string{"http-port"}},
		{name: "zero render timeout", args: newArgs("--module", mod, "--render-timeout", "0"), want: ExitUsage, wantStderr: []string{`invalid argument "0" for "--render-timeout" flag: want a positive duration`}},
		{name: "negative render timeout", args: newArgs("--module", mod, "--render-timeout", "-1s"), want: ExitUsage, wantStderr: []string{`"-1s" for "--render-timeout"`, "positive duration"}},
		{name: "zero render timeout of presets validate", args: []string{"presets", "validate", "--render-timeout", "0", "./pack"}, want: ExitUsage, wantStderr: []string{`"0" for "--render-timeout"`, "positive duration", "gonew-prod presets validate --help"}},
		{name: "zero render timeout of update", args: []string{"update", "--render-timeout", "0"}, want: ExitUsage, wantStderr: []string{`"0" for "--render-timeout"`, "positive duration", "gonew-prod update --help"}},
		{name: "too many args", args: newArgs("--module", mod, "a", "b"), want: ExitUsage, wantStderr: []string{"accepts at most 1 arg(s), received 2"}},
		{name: "version takes no args", args: []string{"version", "x"}, want: ExitUsage, wantStderr: []string{"unknown command"}},
		{name: "bad module", args: newArgs("--module", "bad path"), want: ExitUsage, wantStderr: []string{`--module: invalid module "bad path"`, "malformed module path"}},
		{name: "bad name", args: newArgs("--module", mod, "--name", "Orders"), want: ExitUsage, wantStderr: []string{`--name: invalid name "Orders"`}},
		{name: "unknown framework", args: newArgs("--module", mod, "--framework", "chi"), want: ExitUsage, wantStderr: []string{`--framework: invalid framework "chi"`, "gin, echo"}},
		{name: "unknown feature", args: newArgs("--module", mod, "--with", "otel,kafka"), want: ExitUsage, wantStderr: []string{`--with: invalid feature "kafka"`}},
		{name: "old go", args: newArgs("--module", mod, "--go", "1.20"), want: ExitUsage, wantStderr: []string{`--go: invalid go "1.20"`, "1.26 or newer"}},
		{name: "bad ci", args: newArgs("--module", mod, "--ci", "travis"), want: ExitUsage, wantStderr: []string{`--ci: invalid ci "travis"`}},
		{name: "port out of range", args: newArgs("--module", mod, "--http-port", "0"), want: ExitUsage, wantStderr: []string{`--http-port: invalid http_port "0"`}},
		{name: "same ports", args: newArgs("--module", mod, "--admin-port", "8080"), want: ExitUsage, wantStderr: []string{"http_port and admin_port must differ"}},
		{name: "missing module with --yes", args: newArgs(), want: ExitUsage, wantStderr: []string{"missing required value: module", "--module"}},
		{name: "missing module without --yes", args: []string{"new", "--no-tidy", "--no-git"}, want: ExitUsage, wantStderr: []string{"--module", "--yes", "without a terminal"}},
		{name: "missing answers file", args: newArgs("--module", mod, "--answers", "nope.yaml"), want: ExitUsage, wantStderr: []string{"--answers:", "nope.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, "", tt.args...)
			if r.code != tt.want {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.want, r.stdout, r.stderr)
			}
			switch {
			case tt.want == ExitOK && (tt.wantStdout == "" || !strings.Contains(r.stdout, tt.wantStdout)):
				t.Errorf("stdout %q does not contain %q", r.stdout, tt.wantStdout)
			case tt.want != ExitOK && r.stdout != "":
				t.Errorf("a failing run printed on stdout: %q", r.stdout)
			}
			if tt.want == ExitOK && r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
			if tt.want != ExitOK {
				if !strings.HasPrefix(r.stderr, "gonew-prod: ") || strings.Count(r.stderr, "gonew-prod: ") != 1 {
					t.Errorf("stderr %q: want exactly one error line prefixed gonew-prod:", r.stderr)
				}
				if strings.Contains(r.stderr, "Usage:") {
					t.Errorf("stderr prints the usage on an error: %q", r.stderr)
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not contain %q", r.stderr, w)
				}
			}
			if entries := listTree(t, r.dir); len(entries) != 0 && tt.want != ExitOK {
				t.Errorf("a failed run left files behind: %v", entries)
			}
		})
	}
}

func TestRunRuntimeFailure(t *testing.T) {
	dir := t.TempDir()
	// A name longer than the file system takes: the system refuses to look it up.
	// (A parent that is a regular file is invalid input: TestNewTargetUnderAFile.)
	blocker := strings.Repeat("b", 300)
	r := run(t, dir, newArgs("--module", "example.com/acme/orders", blocker+"/orders")...)
	if r.code != ExitFailure {
		t.Fatalf("exit code %d, want %d; stderr: %s", r.code, ExitFailure, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "gonew-prod: ") || !strings.Contains(r.stderr, blocker) {
		t.Errorf("stderr %q: want an error naming the target", r.stderr)
	}
	if got := listTree(t, dir); len(got) != 0 {
		t.Errorf("files after the failure: %v", got)
	}
}

func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCtx(t, ctx, "", newArgs("--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitFailure {
		t.Fatalf("exit code %d, want %d; stderr: %s", r.code, ExitFailure, r.stderr)
	}
	if !strings.Contains(r.stderr, "nothing written") {
		t.Errorf("stderr %q does not say that nothing was written", r.stderr)
	}
	if got := listTree(t, r.dir); len(got) != 0 {
		t.Errorf("an interrupted run left %v", got)
	}
}

func TestNew(t *testing.T) {
	r := run(t, "", newArgs("--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing (status goes to stderr)", r.stdout)
	}
	if !strings.Contains(r.stderr, "created orders (example.com/acme/orders, gin)") {
		t.Errorf("stderr = %q", r.stderr)
	}
	dir := filepath.Join(r.dir, "svc") // relative to Env.Dir, not the process's directory
	got := listTree(t, dir)
	for _, want := range []string{".gitignore", ".gonew-prod.yaml", "Makefile", "README.md", "cmd/orders/main.go", "go.mod", "internal/server/server.go"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	if gomod := readFile(t, dir, "go.mod"); !strings.HasPrefix(gomod, "module example.com/acme/orders\n") {
		t.Errorf("go.mod:\n%s", gomod)
	}
	record := readFile(t, dir, generator.RecordFile)
	for _, want := range []string{"\n  module: example.com/acme/orders\n", "\n  name: orders\n", "\n  framework: gin\n"} {
		if !strings.Contains(record, want) {
			t.Errorf("%s does not contain %q:\n%s", generator.RecordFile, want, record)
		}
	}
	if _, err := os.Stat("svc"); err == nil {
		t.Errorf("new wrote into the process's working directory")
	}
	// Temporary staging directories are gone.
	if left := listTree(t, r.dir); slices.ContainsFunc(left, func(p string) bool { return strings.Contains(p, ".gonew-prod-") }) {
		t.Errorf("staging left behind: %v", left)
	}
}

// TestNewIntoAWorkTreeThatIgnores: new into an existing git work tree (a monorepo)
// whose patterns ignore files it would write refuses before writing anything, naming
// each file and its pattern: a commit would leave the record out, and a clone could not
// be updated.
func TestNewIntoAWorkTreeThatIgnores(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name   string
		ignore string
		dryRun bool
		git    bool // without --no-git
		root   bool // into the work tree's root (--force)
		code   int
		want   string
	}{
		{name: "record and manifests ignored", ignore: "*.yaml\n", code: ExitUsage,
			want: "nothing written: git ignores files new would write: services/svc/.gonew-prod.yaml (by .gitignore:1:*.yaml)"},
		{name: "the dry run says it too", ignore: "*.yaml\n", dryRun: true, code: ExitUsage,
			want: "git ignores files new would write: services/svc/.gonew-prod.yaml (by .gitignore:1:*.yaml)"},
		{name: "a negation keeps them", ignore: "*.yaml\n!services/**\n", code: ExitOK},
		{name: "nothing ignored", ignore: "*.log\n", code: ExitOK},
		{name: "the whole project ignored, --no-git", ignore: "*\n!.gitignore\n", code: ExitOK,
			want: "ignores the whole project (by .gitignore:1:*): it is no part of that repository; git init in "},
		// A project the work tree leaves to itself (a home directory's dotfiles
		// repository) gets a repository of its own, and no note about the CI of the
		// repository that ignores it.
		{name: "the whole project ignored", ignore: "*\n!.gitignore\n", git: true, code: ExitOK,
			want: "ignores the whole project (by .gitignore:1:*): it is no part of that repository; new gives the project a repository of its own"},
		// At the work tree's root the project is that repository's: refused as above.
		{name: "the whole project ignored at the root", ignore: "*\n", git: true, root: true, code: ExitUsage,
			want: "nothing written: git ignores files new would write: .dockerignore (by .git/info/exclude:1:*)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := t.TempDir()
			if tt.root {
				// In the repository's own exclude file: a .gitignore would be tracked.
				mustWrite(t, repo, "notes.txt", "the repository's\n")
				gitRepoIn(t, repo)
				mustWrite(t, repo, ".git/info/exclude", tt.ignore)
			} else {
				mustWrite(t, repo, ".gitignore", tt.ignore)
				gitRepoIn(t, repo)
			}
			target := "services/svc"
			if tt.root {
				target = "."
			}
			args := newArgs("--module", "example.com/acme/svc", "--preset", "minimal", target)
			if tt.root {
				args = append(args, "--force")
			}
			if tt.git {
				args = slices.DeleteFunc(args, func(a string) bool { return a == "--no-git" })
			}
			if tt.dryRun {
				args = append(args, "--dry-run")
			}
			r := run(t, repo, args...)
			wantCode(t, r, tt.code, args...)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if tt.git && !tt.root {
				if _, err := os.Stat(filepath.Join(repo, "services", "svc", ".git")); err != nil {
					t.Errorf("no repository of its own: %v; stderr:\n%s", err, r.stderr)
				}
				if strings.Contains(r.stderr, "runs only the workflows") || strings.Contains(r.stderr, "GitLab CI reads") {
					t.Errorf("a note on the CI of the repository that ignores the project:\n%s", r.stderr)
				}
			}
			if _, err := os.Lstat(filepath.Join(repo, "services")); tt.code != ExitOK && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("services/ written: %v", err)
			}
		})
	}
}

// TestNewSweepsAKilledRunsStage: new removes the stage a run of new killed before it
// moved the tree into place left beside it (marked, not locked), and what killed runs
// left in TMPDIR: update's copy of git's index, build of another gonew-prod, merge
// directory and directory it asks for the latest version in, the go command's work
// directory, add's test binary of a main package, new's type-checked render and scratch
// repository, the go.work of a copy in a workspace and the repository that reads a
// sparse checkout's patterns; and says so. A directory of that name without the mark
// is not ours to remove.
func TestNewSweepsAKilledRunsStage(t *testing.T) {
	work, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	_, prefix := generator.FreshStage(filepath.Join(work, "svc"))
	killed := filepath.Join(work, prefix+"123")
	mustWrite(t, killed, "tree/go.mod", "module example.com/acme/orders\n")
	mustWrite(t, killed, generator.ScratchMark, "")
	var temps []string
	for _, prefix := range []string{update.IndexPrefix, poststep.GoWorkPrefix, update.FetchPrefix, retrofit.StartPrefix, validatePrefix, gitignorePrefix,
		merge.ScratchPrefix, workspace.WorkPrefix, gitview.SparsePrefix, update.LatestPrefix} {
		left := filepath.Join(tmp, prefix+"123")
		mustWrite(t, left, "index", "DIRC")
		mustWrite(t, left, generator.ScratchMark, "")
		temps = append(temps, left)
	}
	unmarked := filepath.Join(work, prefix+"mine")
	mustWrite(t, unmarked, "notes.txt", "not gonew-prod's\n")
	r := run(t, work, newArgs("--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "removed the scratch copies that stopped gonew-prod runs left: "+killed) {
		t.Errorf("stderr does not name the removed stage:\n%s", r.stderr)
	}
	if _, err := os.Lstat(killed); !os.IsNotExist(err) {
		t.Errorf("the killed run's stage: %v, want it removed", err)
	}
	for _, left := range temps {
		if _, err := os.Lstat(left); !os.IsNotExist(err) || !strings.Contains(r.stderr, left) {
			t.Errorf("the killed run's %s: %v, want it removed and named:\n%s", left, err, r.stderr)
		}
	}
	if got := readFile(t, unmarked, "notes.txt"); got != "not gonew-prod's\n" {
		t.Errorf("the unmarked directory's file: %q", got)
	}
}

func TestNewDefaultDir(t *testing.T) {
	r := run(t, "", newArgs("--module", "example.com/acme/Billing_API/v2")...)
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "billing-api", "cmd", "billing-api", "main.go")); err != nil {
		t.Errorf("want the service in ./<name>: %v (tree: %v)", err, listTree(t, r.dir))
	}
}

func TestNewDryRun(t *testing.T) {
	dry := run(t, "", newArgs("--dry-run", "--module", "example.com/acme/orders", "svc")...)
	if dry.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", dry.code, dry.stderr)
	}
	if got := listTree(t, dry.dir); len(got) != 0 {
		t.Errorf("--dry-run wrote %v", got)
	}
	real := run(t, "", newArgs("--module", "example.com/acme/orders", "svc")...)
	if real.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", real.code, real.stderr)
	}
	files := listTree(t, filepath.Join(real.dir, "svc"))
	lines := strings.Split(strings.TrimSuffix(dry.stdout, "\n"), "\n")
	if len(lines) != len(files) {
		t.Errorf("plan has %d lines, the real run wrote %d files\nplan:\n%s", len(lines), len(files), dry.stdout)
	}
	for _, f := range files {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "create") && strings.HasSuffix(l, " "+f) }) {
			t.Errorf("plan has no create line for %s:\n%s", f, dry.stdout)
		}
	}
	if !strings.Contains(dry.stderr, "dry run") {
		t.Errorf("stderr %q does not say it is a dry run", dry.stderr)
	}

	// Into an existing tree with --force: identical and conflicting files are told apart.
	readme := filepath.Join(real.dir, "svc", "README.md")
	if err := os.WriteFile(readme, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	again := run(t, real.dir, newArgs("--dry-run", "--force", "--module", "example.com/acme/orders", "svc")...)
	if again.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", again.code, again.stderr)
	}
	for _, want := range []string{"conflict  0644 README.md (content differs; yours kept as README.md.orig)", "identical 0644 go.mod"} {
		if !strings.Contains(again.stdout, want) {
			t.Errorf("plan does not contain %q:\n%s", want, again.stdout)
		}
	}
	if got := readFile(t, real.dir, "svc/README.md"); got != "mine\n" {
		t.Errorf("--dry-run --force changed README.md to %q", got)
	}
}

func TestNewRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "svc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "svc", "go.mod"), []byte("module mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, newArgs("--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitUsage {
		t.Fatalf("exit code %d, want %d; stderr: %s", r.code, ExitUsage, r.stderr)
	}
	if !strings.Contains(r.stderr, "exists and is non-empty") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("stderr = %q", r.stderr)
	}
	if got := readFile(t, dir, "svc/go.mod"); got != "module mine\n" {
		t.Errorf("go.mod became %q", got)
	}
	if got := listTree(t, dir); !slices.Equal(got, []string{"svc/go.mod"}) {
		t.Errorf("tree = %v", got)
	}
}

// TestNewIntoEmptyClone: a directory whose only entry is .git (a fresh clone of an
// empty repository) takes a project without --force, and .git is left as it was; a
// clone holding one more file is still refused.
func TestNewIntoEmptyClone(t *testing.T) {
	dir := t.TempDir()
	svc := filepath.Join(dir, "svc")
	if err := os.MkdirAll(svc, 0o755); err != nil {
		t.Fatal(err)
	}
	gitIn(t, svc, false, "init", "-q")
	before := listTree(t, dir)
	r := run(t, dir, newArgs("--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitOK {
		t.Fatalf("new into an empty clone: exit %d; stderr: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "svc/go.mod"); !strings.HasPrefix(got, "module example.com/acme/orders\n") {
		t.Errorf("go.mod = %q", got)
	}
	after := listTree(t, dir)
	for _, p := range before {
		if !slices.Contains(after, p) {
			t.Errorf("%s of the clone's .git is gone", p)
		}
	}
	other := filepath.Join(dir, "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	gitIn(t, other, false, "init", "-q")
	mustWrite(t, dir, "other/LICENSE", "mine\n")
	r = run(t, dir, newArgs("--module", "example.com/acme/orders", "other")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "exists and is non-empty") {
		t.Errorf("a clone with a LICENSE: exit %d, stderr %q; want 2 and the non-empty target named", r.code, r.stderr)
	}
}

func TestNewForce(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "svc/notes.txt", "my notes\n")
	mustWrite(t, dir, "svc/README.md", "my readme\n")
	r := run(t, dir, newArgs("--force", "--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "svc/notes.txt"); got != "my notes\n" {
		t.Errorf("notes.txt became %q", got)
	}
	if got := readFile(t, dir, "svc/README.md.orig"); got != "my readme\n" {
		t.Errorf("README.md.orig = %q, want the user's README kept", got)
	}
	if got := readFile(t, dir, "svc/README.md"); got == "my readme\n" || got == "" {
		t.Errorf("README.md was not generated: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "svc", "go.mod")); err != nil {
		t.Error(err)
	}

	// With git: the first commit holds what new wrote, not the user's other files nor
	// the backups.
	if _, err := exec.LookPath("git"); err != nil {
		return
	}
	mustWrite(t, dir, "git-svc/notes.txt", "my notes\n")
	mustWrite(t, dir, "git-svc/README.md", "my readme\n")
	r = run(t, dir, "new", "--yes", "--no-tidy", "--force", "--module", "example.com/acme/orders", "git-svc")
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	out, err := exec.Command("git", "-C", filepath.Join(dir, "git-svc"), "ls-files").Output()
	if err != nil {
		t.Fatal(err)
	}
	committed := strings.Fields(string(out))
	if !slices.Contains(committed, "README.md") || !slices.Contains(committed, "go.mod") ||
		slices.Contains(committed, "notes.txt") || slices.Contains(committed, "README.md.orig") {
		t.Errorf("the first commit holds %v, want the generated files alone", committed)
	}
}

// TestNewInAnUncommittedRepository: new into a directory that is a git repository of
// its own with no commit yet, a fresh clone of an empty repository or one a new killed
// during its first commit left (every file staged; run again with --force), makes no
// commit, whose index may hold what the user staged, but names both causes and the
// command that makes the first commit; not "inside an existing git work tree".
func TestNewInAnUncommittedRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, svc string)
		force bool
	}{
		{name: "a fresh clone of an empty repository", setup: func(t *testing.T, dir, svc string) {
			gitIn(t, dir, false, "init", "-q", "--bare", "empty.git")
			gitIn(t, dir, false, "clone", "-q", "empty.git", "svc")
		}},
		{name: "left by a stopped new", force: true, setup: func(t *testing.T, dir, svc string) {
			mustWrite(t, svc, "notes.txt", "my notes\n")
			gitIn(t, svc, false, "init", "-q", "-b", "main")
			gitIn(t, svc, false, "add", "notes.txt")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			svc := filepath.Join(dir, "svc")
			tt.setup(t, dir, svc)
			args := []string{"new", "--yes", "--no-tidy", "--module", "example.com/acme/orders", "svc"}
			if tt.force {
				args = append(args, "--force")
			}
			r := run(t, dir, args...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			for _, want := range []string{"skipped the first commit: " + svc + " is a git repository of its own with no commit yet (a fresh clone of an empty repository, or one a stopped new left)", "cd " + svc + " && git ", " commit -m 'Initial commit from gonew-prod'"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "existing git work tree") {
				t.Errorf("stderr calls the repository an existing work tree:\n%s", r.stderr)
			}
			if out, err := exec.Command("git", "-C", svc, "rev-parse", "--verify", "--quiet", "HEAD").Output(); err == nil {
				t.Errorf("new made a commit (%s) in the repository it found", out)
			}
		})
	}
}

// TestNewAnswersPrecedence checks that an answers file sits between the preset and flags.
func TestNewAnswersPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		flags []string
		want  map[string]string
	}{
		{
			name:  "file only",
			file:  "framework: echo\nci: gitlab\n",
			flags: []string{"--module", "example.com/acme/orders"},
			want:  map[string]string{"framework": "echo", "ci": "gitlab", "module": "example.com/acme/orders"},
		},
		{
			name:  "flag beats file",
			file:  "framework: echo\nci: gitlab\n",
			flags: []string{"--module", "example.com/acme/orders", "--framework", "gin"},
			want:  map[string]string{"framework": "gin", "ci": "gitlab"},
		},
		{
			name:  "flag equal to the default still beats the file",
			file:  "ci: none\nhttp_port: 9000\n",
			flags: []string{"--module", "example.com/acme/orders", "--ci", "github", "--http-port", "8080"},
			want:  map[string]string{"ci": "github", "http_port": "8080"},
		},
		{
			name:  "file gives the module",
			file:  "module: example.com/acme/billing\nname: bill\n",
			flags: nil,
			want:  map[string]string{"module": "example.com/acme/billing", "name": "bill"},
		},
		{
			name:  "--without on top of the file's features",
			file:  "features: [otel, docker, k8s]\n",
			flags: []string{"--module", "example.com/acme/orders", "--without", "k8s"},
			want:  map[string]string{"features": "otel,docker"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "answers.yaml", tt.file)
			r := run(t, dir, newArgs(append([]string{"--answers", "answers.yaml", "out"}, tt.flags...)...)...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			got := replay(t, filepath.Join(dir, "out"))
			for key, want := range tt.want {
				if got[key] != want {
					t.Errorf("%s = %q, want %q (all: %v)", key, got[key], want, got)
				}
			}
		})
	}
}

func TestNewAnswersFileErrors(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
	}{
		{"unknown key", "module: example.com/acme/orders\nframwork: echo\n", []string{"answers.yaml:2:1:", `unknown key "framwork"`}},
		{"type error", "module: example.com/acme/orders\nhttp_port: \"80\"\n", []string{"answers.yaml:2:12:", "http_port must be an integer"}},
		{"invalid value", "module: example.com/acme/orders\nframework: chi\n", []string{`answers.yaml:2:12: invalid framework "chi"`}},
		{"invalid YAML", "module: [\n", []string{"answers.yaml:1:9: invalid YAML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "answers.yaml", tt.file)
			r := run(t, dir, newArgs("--answers", "answers.yaml", "out")...)
			if r.code != ExitUsage {
				t.Fatalf("exit code %d, want %d; stderr: %s", r.code, ExitUsage, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not contain %q", r.stderr, w)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("out exists after a usage error (%v)", err)
			}
		})
	}
}

func TestNewAnswersFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "big.yaml", "ci: none\n#"+strings.Repeat("x", answers.MaxFileSize))
	r := run(t, dir, newArgs("--module", "example.com/acme/orders", "--answers", "big.yaml", "out")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, fmt.Sprintf("larger than %d bytes", answers.MaxFileSize)) {
		t.Fatalf("exit code %d, stderr %q; want 2 and the size limit", r.code, r.stderr)
	}
}

// TestNewAnswersFromStdin: --answers - reads the answers from standard input, whose
// errors are named as stdin's, within the same bound as a file's.
func TestNewAnswersFromStdin(t *testing.T) {
	runStdin := func(dir, stdin string) result {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), newArgs("--answers", "-", "out"), Env{
			Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
			Environ: slices.Concat([]string{"HOME=" + treetest.QuietHome(t), "PATH=" + os.Getenv("PATH")}, goCaches()),
			Dir:     dir,
		})
		return result{code: code, stdout: stdout.String(), stderr: stderr.String(), dir: dir}
	}
	dir := t.TempDir()
	if r := runStdin(dir, "module: example.com/acme/orders\nframework: echo\n"); r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	if mod := readFile(t, dir, "out/go.mod"); !strings.Contains(mod, "github.com/labstack/echo/v5") {
		t.Errorf("the answers on stdin were not used: go.mod = %q", mod)
	}
	for _, tt := range []struct{ name, stdin, want string }{
		{"unknown key", "module: example.com/acme/orders\nframwork: echo\n", `stdin:2:1: unknown key "framwork"`},
		{"too large", "ci: none\n#" + strings.Repeat("x", answers.MaxFileSize), fmt.Sprintf("larger than %d bytes", answers.MaxFileSize)},
	} {
		dir := t.TempDir()
		if r := runStdin(dir, tt.stdin); r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: exit code %d, stderr %q; want 2 and %q", tt.name, r.code, r.stderr, tt.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: out exists after a usage error (%v)", tt.name, err)
		}
	}
}

// TestNewReplayAndDeterminism renders twice with the same answers (once from flags, once
// from the first project's record) and compares the trees byte for byte.
func TestNewReplayAndDeterminism(t *testing.T) {
	dir := t.TempDir()
	first := run(t, dir, newArgs("--module", "example.com/acme/orders", "--framework", "echo", "--without", "k8s,pprof", "--ci", "gitlab", "a")...)
	if first.code != ExitOK {
		t.Fatalf("first run: exit code %d; stderr: %s", first.code, first.stderr)
	}
	flagsAgain := run(t, dir, newArgs("--ci", "gitlab", "--without", "pprof", "--framework", "echo", "--without", "k8s", "--module", "example.com/acme/orders", "b")...)
	if flagsAgain.code != ExitOK {
		t.Fatalf("second run: exit code %d; stderr: %s", flagsAgain.code, flagsAgain.stderr)
	}
	replayed := run(t, dir, newArgs("--answers", filepath.Join("a", generator.RecordFile), "c")...)
	if replayed.code != ExitOK {
		t.Fatalf("replay: exit code %d; stderr: %s", replayed.code, replayed.stderr)
	}
	want := readTree(t, filepath.Join(dir, "a"))
	if len(want) < 5 {
		t.Fatalf("first tree has only %d files", len(want))
	}
	for _, other := range []string{"b", "c"} {
		got := readTree(t, filepath.Join(dir, other))
		for p, content := range want {
			if g, ok := got[p]; !ok {
				t.Errorf("%s: missing %s", other, p)
			} else if g != content {
				t.Errorf("%s: %s differs:\n%s\nwant:\n%s", other, p, g, content)
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("%s: unexpected %s", other, p)
			}
		}
	}
}

// TestNewReplayOtherModule replays a record: for a new module the name is derived from
// it, whether the record's name was derived from the old module or explicit (the identity
// of the other service, which a note names), and for the record's own module an explicit
// name is kept.
func TestNewReplayOtherModule(t *testing.T) {
	tests := []struct {
		name     string
		first    []string
		replay   []string
		wantName string
		wantNote string
	}{
		{name: "derived name", replay: []string{"--module", "example.com/acme/invoices"}, wantName: "invoices"},
		{name: "explicit name, another module", first: []string{"--name", "order-api"}, replay: []string{"--module", "example.com/acme/invoices"}, wantName: "invoices",
			wantNote: "note: orders/.gonew-prod.yaml:15:9: the name order-api belongs to example.com/acme/orders; this service is named invoices, after its module example.com/acme/invoices (pass --name to choose another)"},
		{name: "explicit name, another module, --name", first: []string{"--name", "order-api"}, replay: []string{"--module", "example.com/acme/invoices", "--name", "invoice-api"}, wantName: "invoice-api"},
		{name: "explicit name, same module", first: []string{"--name", "order-api"}, replay: []string{"--module", "example.com/acme/orders", "again"}, wantName: "order-api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			r := run(t, dir, newArgs(append([]string{"--module", "example.com/acme/orders", "orders"}, tt.first...)...)...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			r = run(t, dir, newArgs(append([]string{"--answers", "orders/" + generator.RecordFile}, tt.replay...)...)...)
			if r.code != ExitOK {
				t.Fatalf("replay: exit code %d; stderr: %s", r.code, r.stderr)
			}
			if got := strings.Contains(r.stderr, "note: "); got != (tt.wantNote != "") || !strings.Contains(r.stderr, tt.wantNote) {
				t.Errorf("stderr %q, want the note %q", r.stderr, tt.wantNote)
			}
			if len(tt.replay) > 2 && !strings.HasPrefix(tt.replay[2], "-") {
				dir = filepath.Join(dir, tt.replay[2])
			} else {
				dir = filepath.Join(dir, tt.wantName)
			}
			main := filepath.Join(dir, "cmd", tt.wantName, "main.go")
			if _, err := os.Stat(main); err != nil {
				t.Errorf("want the replayed service named %s: %v; tree: %v", tt.wantName, err, listTree(t, dir))
			}
		})
	}
}

// TestNewPackNameIsNotCarriedOver: a pack's unlocked answers.name is not every
// service's name: new derives the name from the module given and a note says so; a
// locked name is the pack's to decide.
func TestNewPackNameIsNotCarriedOver(t *testing.T) {
	tests := []struct {
		name, pack, wantName, wantNote string
	}{
		{"unlocked", "name: pn\nextends: default\nanswers:\n  name: orders\n", "billing",
			"note: preset pn (pn/preset.yaml:4:9) gives the name orders, but a pack makes many services, and an unlocked name it gives is not carried over to them; this service is named billing, after its module example.com/acme/billing (pass --name to choose another)"},
		{"locked", "name: pn\nextends: default\nanswers:\n  name: orders\nlocked: [name]\n", "orders", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pn/preset.yaml", tt.pack)
			r := run(t, dir, newArgs("--preset", "./pn", "--module", "example.com/acme/billing", "--dry-run", "svc")...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			if got := strings.Contains(r.stderr, "note: "); got != (tt.wantNote != "") || !strings.Contains(r.stderr, tt.wantNote) {
				t.Errorf("stderr %q, want the note %q", r.stderr, tt.wantNote)
			}
			if want := "cmd/" + tt.wantName + "/main.go"; !strings.Contains(r.stdout+r.stderr, want) {
				t.Errorf("want the service named %s (%s):\n%s", tt.wantName, want, r.stdout)
			}
		})
	}
}

// replay reads back the answers recorded in dir's .gonew-prod.yaml, as strings.
func replay(t *testing.T, dir string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, generator.RecordFile))
	if err != nil {
		t.Fatal(err)
	}
	l, err := answers.ParseFile(generator.RecordFile, data)
	if err != nil {
		t.Fatalf("the record does not replay: %v", err)
	}
	out := map[string]string{}
	for k, v := range l.Values {
		if list, ok := v.Raw.([]string); ok {
			out[k] = strings.Join(list, ",")
		} else {
			out[k] = fmt.Sprint(v.Raw)
		}
	}
	return out
}

// listTree returns every regular file below dir, slash-separated and sorted.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// readTree returns the content and mode of every file below dir.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	for _, p := range listTree(t, dir) {
		info, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		tree[p] = info.Mode().String() + "\n" + readFile(t, dir, p)
	}
	return tree
}

func readFile(t *testing.T, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// fileState is a file's content, or "(none)" when there is no such file: what a test
// compares before and after a run that must leave that file as it was, missing included.
func fileState(t *testing.T, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return "(none)"
	}
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d bytes:\n%s", len(data), data)
}

func mustWrite(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNewForceJoinsIgnoreFiles: new --force into a tree with a .gitignore and a
// .dockerignore of the user's keeps what they ignore (a secret, a data directory), the
// render's patterns first and then the user's it lacks, and the dry run says so; with a
// negation, every line of the user's follows the render's.
func TestNewForceJoinsIgnoreFiles(t *testing.T) {
	clean := run(t, "", newArgs("--module", "example.com/acme/orders", "svc")...)
	if clean.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", clean.code, clean.stderr)
	}
	rendered := map[string]string{".gitignore": readFile(t, clean.dir, "svc/.gitignore"), ".dockerignore": readFile(t, clean.dir, "svc/.dockerignore")}
	mine := map[string]string{
		".gitignore":    "secrets.json\n/data/\n*.sqlite\n/bin/\n",
		".dockerignore": "secrets.json\n*.pem\n!ca.pem\n",
	}
	wantTail := map[string]string{
		".gitignore":    "secrets.json\n/data/\n*.sqlite\n", // /bin/ is the render's already
		".dockerignore": "secrets.json\n*.pem\n!ca.pem\n",   // all of it: a negation's order matters
	}
	if !strings.Contains(rendered[".gitignore"], "/bin/\n") || !strings.Contains(rendered[".dockerignore"], "*.pem\n") {
		t.Fatalf("the test assumes the render ignores /bin/ and *.pem:\n%s\n%s", rendered[".gitignore"], rendered[".dockerignore"])
	}
	dir := t.TempDir()
	for name, content := range mine {
		mustWrite(t, dir, "svc/"+name, content)
	}
	dry := run(t, dir, newArgs("--dry-run", "--force", "--module", "example.com/acme/orders", "svc")...)
	if dry.code != ExitOK {
		t.Fatalf("dry run: exit code %d; stderr: %s", dry.code, dry.stderr)
	}
	r := run(t, dir, newArgs("--force", "--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
	}
	for name := range mine {
		if want := "conflict  0644 " + name + " (" + joinedIgnore + "; yours kept as " + name + ".orig)"; !strings.Contains(dry.stdout, want) {
			t.Errorf("the dry run does not say %q:\n%s", want, dry.stdout)
		}
		if want := "merged your " + name; !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q: %s", want, r.stderr)
		}
		if got, want := readFile(t, dir, "svc/"+name), rendered[name]+wantTail[name]; got != want {
			t.Errorf("%s =\n%s\nwant\n%s", name, got, want)
		}
		if got := readFile(t, dir, "svc/"+name+".orig"); got != mine[name] {
			t.Errorf("%s.orig = %q, want the user's file", name, got)
		}
	}
}

// TestNewForceJoinsIgnoreFilesWithBOM: a .gitignore or .dockerignore of the user's saved
// with a UTF-8 byte order mark (Windows editors) keeps the mark at the start of the
// joined file, where git and Docker skip it, and the user's first pattern joins without
// it, so that what it kept out (a secret) stays out.
func TestNewForceJoinsIgnoreFilesWithBOM(t *testing.T) {
	clean := run(t, "", newArgs("--module", "example.com/acme/orders", "svc")...)
	if clean.code != ExitOK {
		t.Fatalf("exit code %d; stderr: %s", clean.code, clean.stderr)
	}
	tests := []struct {
		name, mine, tail string
	}{
		{".gitignore", "\ufeffsecrets.json\n/data/\n", "secrets.json\n/data/\n"},
		{".dockerignore", "\ufeffsecrets.json\r\n", "secrets.json\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rendered := readFile(t, clean.dir, "svc/"+tt.name)
			if strings.Contains(rendered, "secrets.json") {
				t.Fatalf("the test assumes the render does not ignore secrets.json:\n%s", rendered)
			}
			dir := t.TempDir()
			mustWrite(t, dir, "svc/"+tt.name, tt.mine)
			r := run(t, dir, newArgs("--force", "--module", "example.com/acme/orders", "svc")...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			want := "\ufeff" + rendered + tt.tail
			if strings.HasSuffix(tt.tail, "\r\n") {
				want = "\ufeff" + strings.ReplaceAll(rendered, "\n", "\r\n") + tt.tail
			}
			if got := readFile(t, dir, "svc/"+tt.name); got != want {
				t.Errorf("%s =\n%q\nwant\n%q", tt.name, got, want)
			}
		})
	}
}

// TestNewNotesIdleReplacement checks that new says when the pack's overlay replaces the
// built-in template of a path only for other answers than this project's, whose file is
// the built-in one (preset.Pack.IdleReplacements), and is silent when the answers use it.
func TestNewNotesIdleReplacement(t *testing.T) {
	const note = "note: ib/overlay/deps/gin/go.sum.tmpl is not used: it replaces the built-in go.sum only with framework gin, without otel; with framework gin, with otel, go.sum is rendered from the built-in project/deps/gin-otel/go.sum.tmpl"
	for _, tt := range []struct {
		name  string
		extra []string
		want  bool
	}{
		{"other answers", nil, true},
		{"its answers", []string{"--without", "otel"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "ib/preset.yaml", "name: ib\nextends: default\n")
			mustWrite(t, dir, "ib/overlay/deps/gin/go.sum.tmpl", "\n")
			args := newArgs(append([]string{"--preset", "./ib", "--module", "example.com/acme/orders", "--dry-run", "svc"}, tt.extra...)...)
			r := run(t, dir, args...)
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			if got := strings.Contains(r.stderr, note); got != tt.want {
				t.Errorf("stderr %q: the note %q there is %v, want %v", r.stderr, note, got, tt.want)
			}
		})
	}
}

// TestAddAndUpdateNoteIdleReplacement: update --preset and add, which render the project
// with a pack as new does, give new's note of an overlay template the answers do not use:
// the project moved to pack ib with otel, and a project of ib without otel adding otel,
// render go.sum from the built-in deps/gin-otel/go.sum.tmpl, not from ib's
// deps/gin/go.sum.tmpl.
func TestAddAndUpdateNoteIdleReplacement(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command on a rendered project")
	}
	const note = "note: ib/overlay/deps/gin/go.sum.tmpl is not used: it replaces the built-in go.sum only with framework gin, without otel; with framework gin, with otel, go.sum is rendered from the built-in project/deps/gin-otel/go.sum.tmpl"
	dir := t.TempDir()
	mustWrite(t, dir, "ib/preset.yaml", "name: ib\nextends: default\n")
	mustWrite(t, dir, "ib/overlay/deps/gin/go.sum.tmpl", "\n")
	for _, tt := range []struct {
		name string
		new  []string // new's arguments besides --module and the directory
		args []string // then, from dir, for the project in svc
	}{
		{"update --preset", nil, []string{"update", "--dir", "svc", "--preset", "./ib", "--dry-run"}},
		{"add", []string{"--preset", "./ib", "--without", "otel"}, []string{"add", "--dir", "svc", "--dry-run", "otel"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			svc := filepath.Join(dir, "svc")
			t.Cleanup(func() { _ = os.RemoveAll(svc) })
			if r := run(t, dir, newArgs(append(tt.new, "--module", "example.com/acme/orders", "svc")...)...); r.code != ExitOK {
				t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
			}
			gitRepoIn(t, svc)
			r := run(t, dir, tt.args...)
			wantCode(t, r, ExitOK, tt.args...)
			if !strings.Contains(r.stderr, note) {
				t.Errorf("no note of the overlay template the answers do not use, %q:\n%s", note, r.stderr)
			}
		})
	}
}
