// Package gitview tells which of the files a command would write git does not look at:
// files marked assume-unchanged or skip-worktree, whose edits git status and git diff do
// not show and a commit leaves out, and tracked files a sparse checkout leaves out of the
// work tree. gonew-prod add and update refuse to write those.
package gitview

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
)

// Hidden are the files among some paths that git is told not to look at.
type Hidden struct {
	// Paths are the files marked assume-unchanged or skip-worktree.
	Paths []string
	// Undo are the git update-index commands that unmark them, paths quoted for the shell.
	Undo []string
}

// FindHidden returns the files of paths (relative to dir, a directory of a git work tree)
// marked assume-unchanged (git update-index --assume-unchanged) or skip-worktree (git
// update-index --skip-worktree, or a sparse checkout).
func FindHidden(ctx context.Context, env []string, dir string, paths []string) (Hidden, error) {
	entries, err := lsFiles(ctx, env, dir, []string{"-v"}, paths)
	if err != nil {
		return Hidden{}, err
	}
	var h Hidden
	var assumed, skipped []string
	for _, entry := range entries {
		tag, name, ok := strings.Cut(entry, " ") // "h main.go": lower case is assume-unchanged, S (or s) skip-worktree
		if !ok {
			continue
		}
		isAssumed, isSkipped := tag != strings.ToUpper(tag), strings.EqualFold(tag, "S")
		if isAssumed {
			assumed = append(assumed, generator.ShellQuote(name))
		}
		if isSkipped {
			skipped = append(skipped, generator.ShellQuote(name))
		}
		if isAssumed || isSkipped {
			h.Paths = append(h.Paths, name)
		}
	}
	if len(assumed) > 0 {
		h.Undo = append(h.Undo, "git update-index --no-assume-unchanged "+strings.Join(assumed, " "))
	}
	if len(skipped) > 0 {
		h.Undo = append(h.Undo, "git update-index --no-skip-worktree "+strings.Join(skipped, " "))
	}
	return h, nil
}

// Tracked returns the files of paths (relative to dir, a directory of a git work tree)
// that git tracks. Of paths a plan creates, those are files the work tree lacks while git
// has them (a sparse checkout, or git update-index --skip-worktree).
func Tracked(ctx context.Context, env []string, dir string, paths []string) ([]string, error) {
	return lsFiles(ctx, env, dir, nil, paths)
}

// lsFiles runs git ls-files with flags on paths in dir, in batches within the argument
// limit (a re-vendor writes thousands), and returns the entries it prints.
func lsFiles(ctx context.Context, env []string, dir string, flags, paths []string) ([]string, error) {
	var out []string
	for batch := range slices.Chunk(paths, 500) {
		cmd := exec.CommandContext(ctx, "git", slices.Concat([]string{"--literal-pathspecs", "ls-files", "-z"}, flags, []string{"--"}, batch)...)
		cmd.Dir, cmd.Env = dir, env
		b, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git ls-files in %s: %w", dir, err)
		}
		out = append(out, strings.FieldsFunc(string(b), func(r rune) bool { return r == 0 })...)
	}
	return out, nil
}

// InWorkTree reports whether dir is inside a git work tree; false when git is not
// installed.
func InWorkTree(ctx context.Context, env []string, dir string) bool {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--is-inside-work-tree")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	return err == nil && strings.TrimSpace(string(out)) == "true"
}
