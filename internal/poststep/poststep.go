// Package poststep runs what follows writing a project: go mod tidy, the first git
// commit, and the checks of a rendered tree. Commands run with an explicit environment
// and directory, never the process's.
package poststep

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

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// Runner runs external commands in an explicit environment.
type Runner struct {
	Env []string // the complete environment of every command
	// Apart: the directory lies in a git work tree that ignores all of it, so GitInit
	// gives it a repository of its own there too.
	Apart bool
}

// CommandError is a command that failed, with what it printed.
type CommandError struct {
	Command string // e.g. "go mod tidy"
	Err     error
	Output  string // stdout and stderr, trimmed
}

func (e *CommandError) Error() string {
	line := e.Line()
	if line == "" {
		return fmt.Sprintf("%s: %v", e.Command, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", e.Command, e.Err, line)
}

// Line returns the first line of Output that says what went wrong: not a header of the
// go command's ("# example.com/x/internal/extra", which go build and go vet print above
// a package's errors, says only where), unless there is nothing else; "" for no output.
func (e *CommandError) Line() string {
	first := ""
	for l := range strings.Lines(e.Output) {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case !strings.HasPrefix(l, "# "):
			return l
		case first == "":
			first = l
		}
	}
	return first
}

func (e *CommandError) Unwrap() error { return e.Err }

func (r Runner) run(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{}, r.Env...) // never the process's, even when r.Env is nil
	if name != "git" {
		// A go command killed when the run is stopped cannot remove its work directory
		// (go-build…, with the test binaries it built): it goes in a directory of this
		// run's, removed once the command and every process it started are gone. Git
		// needs none.
		// It is marked in use (scratch.Dir): a run killed outright leaves it for the next
		// add, update or new --force to remove (scratch.Sweep).
		root := TempDir(r.Env)
		work, release, err := scratch.Dir(root, GoWorkPrefix)
		if err != nil {
			return "", fmt.Errorf("%s: make the go command's work directory in %s (GOTMPDIR, else TMPDIR): %w; point TMPDIR at a writable directory", name, root, err)
		}
		defer release()
		cmd.Env = append(cmd.Env, "GOTMPDIR="+work)
		// Killed outright, the run takes it down (on Linux): the gate's go test -race, a
		// --verify-cmd, a go mod tidy in a scratch copy. Not git, which may be writing the
		// user's index: killed half-way, it would leave index.lock behind.
		tieToRun(cmd)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	run := RunOwnGroup
	if name == "git" {
		// Stopped with the run, git removes the lock files it holds first, so that the
		// repository takes the commands new prints to run later.
		run = runGently
	}
	err := run(ctx, cmd)
	text := strings.TrimSpace(out.String())
	if err != nil {
		return text, &CommandError{Command: strings.Join(append([]string{name}, args...), " "), Err: err, Output: text}
	}
	return text, nil
}

// GoWorkPrefix begins the names of the go command's work directories, in TempDir.
const GoWorkPrefix = "gonew-prod-gowork-"

// TempDir is where the go command's work directory goes: GOTMPDIR, else TMPDIR, of the
// environment env, else the system's temporary directory.
func TempDir(env []string) string {
	for _, key := range []string{"GOTMPDIR=", "TMPDIR="} {
		for i := len(env) - 1; i >= 0; i-- { // the last one counts, as for exec
			if v, ok := strings.CutPrefix(env[i], key); ok {
				if v != "" {
					return v
				}
				break
			}
		}
	}
	return os.TempDir()
}

// Tidy runs `go mod tidy` in dir.
func (r Runner) Tidy(ctx context.Context, dir string) error {
	_, err := r.run(ctx, dir, "go", "mod", "tidy")
	return err
}

// Vet runs `go vet ./...` in dir, which type-checks every package.
func (r Runner) Vet(ctx context.Context, dir string) error {
	_, err := r.run(ctx, dir, "go", "vet", "./...")
	return err
}

// ErrInWorkTree reports that dir already belongs to a git work tree, so no repository
// was created.
var ErrInWorkTree = errors.New("already inside a git work tree")

// ErrNoCommit reports that dir is the top of a git work tree that has no commit yet: a
// repository a git init made there, such as the one of a new stopped during its first
// commit, or a fresh clone of an empty repository. GitInit makes no commit in it: what its index holds may be more than paths
// (files the user staged), and its branch is whatever that git init chose.
var ErrNoCommit = errors.New("a git repository of its own with no commit yet")

// ErrNoGit reports that git is not installed.
var ErrNoGit = errors.New("git not found on PATH")

// GitInit creates a repository in dir and commits the files at paths (slash-separated,
// relative to dir: what new wrote, not what else --force found there), unless dir is
// already inside a work tree (ErrInWorkTree, or ErrNoCommit when dir is the top of one
// without a commit) that does not leave it apart (see Apart). A
// missing user.name/user.email does not fail it: the commit is then authored as
// gonew-prod.
//
// Run as root in a directory of another user's (sudo, a root container on a bind mount),
// the repository it creates is given the owner and group of the directories it is in,
// as every directory new writes is, and git is told to trust it for these commands
// alone (its safe.directory check refuses a repository another user owns): else the
// user's own git could not write in .git.
func (r Runner) GitInit(ctx context.Context, dir string, paths []string) (err error) {
	if _, err := exec.LookPath("git"); err != nil {
		return ErrNoGit
	}
	if out, err := r.run(ctx, dir, "git", "rev-parse", "--is-inside-work-tree"); err == nil && out == "true" && !r.Apart {
		if r.noCommit(ctx, dir) {
			return ErrNoCommit
		}
		return ErrInWorkTree
	}
	trust := trusted(dir)
	gitDir := filepath.Join(dir, ".git")
	if _, err := os.Lstat(gitDir); errors.Is(err, fs.ErrNotExist) {
		defer func() {
			if gerr := generator.OwnedAsParents(gitDir); gerr != nil && err == nil {
				err = fmt.Errorf("git init: give %s the owner of %s: %w", gitDir, dir, gerr)
			}
		}()
	}
	// The branch the generated CI runs on pushes to, whatever init.defaultBranch says.
	if _, err := r.run(ctx, dir, "git", "init", "--quiet", "--initial-branch=main"); err != nil {
		return err
	}
	if _, err := r.run(ctx, dir, "git", slices.Concat(trust, []string{"--literal-pathspecs", "add", "--"}, paths)...); err != nil {
		return err
	}
	args := []string{"commit", "--quiet", "--no-verify", "-m", "Initial commit from gonew-prod"}
	_, err = r.run(ctx, dir, "git", slices.Concat(trust, r.identity(ctx, dir, trust), args)...)
	return err
}

// noCommit reports whether dir, in a git work tree, is its top, and git finds no commit
// there (HEAD names a branch not made yet).
func (r Runner) noCommit(ctx context.Context, dir string) bool {
	top, err := r.run(ctx, dir, "git", "rev-parse", "--show-toplevel")
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	if abs, err := filepath.Abs(real); err != nil || filepath.Clean(top) != abs {
		return false
	}
	_, err = r.run(ctx, dir, "git", "rev-parse", "--verify", "--quiet", "HEAD")
	return err != nil
}

// Identity returns the options (-c user.name=gonew-prod, -c user.email=...) that give git
// commit in dir the author GitInit's commit falls back on, for each of user.name and
// user.email git's configuration lacks there: the command new prints to make that commit
// later passes them as GitInit does.
func (r Runner) Identity(ctx context.Context, dir string) []string {
	return r.identity(ctx, dir, trusted(dir))
}

func (r Runner) identity(ctx context.Context, dir string, trust []string) []string {
	var opts []string
	for _, fallback := range []struct{ key, value string }{{"user.name", "gonew-prod"}, {"user.email", "gonew-prod@localhost"}} {
		if v, _ := r.run(ctx, dir, "git", slices.Concat(trust, []string{"config", fallback.key})...); v == "" {
			opts = append(opts, "-c", fallback.key+"="+fallback.value)
		}
	}
	return opts
}

// trusted returns the options that make git trust the repository at dir for one command
// (safe.directory), whoever owns it.
func trusted(dir string) []string {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			return []string{"-c", "safe.directory=" + abs}
		}
	}
	return nil
}

// Go runs the go command with args in dir.
func (r Runner) Go(ctx context.Context, dir string, args ...string) error {
	return r.Run(ctx, dir, "go", args...)
}

// GoOutput runs the go command with args in dir and returns its output, trimmed.
func (r Runner) GoOutput(ctx context.Context, dir string, args ...string) (string, error) {
	return r.run(ctx, dir, "go", args...)
}

// Run runs the command name with args in dir. A command that fails is a *CommandError.
func (r Runner) Run(ctx context.Context, dir, name string, args ...string) error {
	_, err := r.run(ctx, dir, name, args...)
	return err
}
