// Package poststep runs what follows writing a new project: go mod tidy and the first git
// commit. Commands run with an explicit environment and directory, never the process's.
package poststep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Runner runs external commands in an explicit environment.
type Runner struct {
	Env []string // the complete environment of every command
}

func (r Runner) run(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = r.Env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return strings.TrimSpace(out.String()), err
}

// Tidy runs `go mod tidy` in dir.
func (r Runner) Tidy(ctx context.Context, dir string) error {
	out, err := r.run(ctx, dir, "go", "mod", "tidy")
	if err != nil {
		return fmt.Errorf("go mod tidy: %w\n%s", err, out)
	}
	return nil
}

// ErrInWorkTree reports that dir already belongs to a git work tree, so no repository
// was created.
var ErrInWorkTree = errors.New("already inside a git work tree")

// ErrNoGit reports that git is not installed.
var ErrNoGit = errors.New("git not found on PATH")

// GitInit creates a repository in dir and commits every file in it, unless dir is already
// inside a work tree (ErrInWorkTree). A missing user.name/user.email does not fail it: the
// commit is then authored as gonew-prod.
func (r Runner) GitInit(ctx context.Context, dir string) error {
	if _, err := exec.LookPath("git"); err != nil {
		return ErrNoGit
	}
	if out, err := r.run(ctx, dir, "git", "rev-parse", "--is-inside-work-tree"); err == nil && out == "true" {
		return ErrInWorkTree
	}
	if out, err := r.run(ctx, dir, "git", "init", "--quiet"); err != nil {
		return fmt.Errorf("git init: %w\n%s", err, out)
	}
	if out, err := r.run(ctx, dir, "git", "add", "--all"); err != nil {
		return fmt.Errorf("git add: %w\n%s", err, out)
	}
	args := []string{"commit", "--quiet", "--no-verify", "-m", "Initial commit from gonew-prod"}
	if name, _ := r.run(ctx, dir, "git", "config", "user.name"); name == "" {
		args = append([]string{"-c", "user.name=gonew-prod"}, args...)
	}
	if email, _ := r.run(ctx, dir, "git", "config", "user.email"); email == "" {
		args = append([]string{"-c", "user.email=gonew-prod@localhost"}, args...)
	}
	if out, err := r.run(ctx, dir, "git", args...); err != nil {
		return fmt.Errorf("git commit: %w\n%s", err, out)
	}
	return nil
}
