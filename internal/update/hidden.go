package update

import (
	"context"
	"errors"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/gitview"
)

// CheckHidden refuses changes to files of dir that git does not look at: a file marked
// assume-unchanged or skip-worktree that a change edits or deletes (git status would not
// show the edit, a commit would hold the new record with the old file), a file marked
// skip-worktree that the work tree lacks (a sparse checkout) that a change creates, over
// the user's committed file, and a file git ignores that a change writes where git
// tracks none (a commit would leave it out; a clone would lack it, and its update take
// it for deleted). A tracked file the user deleted (git status shows the deletion),
// which --recreate brings back, is no such file. Any change in a directory below dir
// that is a git repository of its own (a submodule, a nested clone) is refused first, as
// add refuses it: git in dir does not answer for that repository's files, so none of
// these checks, the conflicts' marks in the index nor their rollback would hold there.
// command is the command that would write changes (update, or add on a project made by
// gonew-prod new, which merges as update does), named by the refusals. It does nothing
// outside a git work tree.
func CheckHidden(ctx context.Context, env []string, dir, command string, changes []generator.Change) error {
	if len(changes) == 0 || !gitview.InWorkTree(ctx, env, dir) {
		return nil
	}
	if err := checkUnseen(ctx, env, dir, command, changes); err != nil {
		return err
	}
	return checkIgnored(ctx, env, dir, command, changes)
}

// CheckUnseen is CheckHidden without the check of ignored files, for a command that
// checks those in its own way (new --force): it refuses
// changes in a directory below dir that is a git repository of its own, files created
// over a committed one that the work tree lacks (a sparse checkout), and edits of files
// git is told not to look at, each refusal naming command.
func CheckUnseen(ctx context.Context, env []string, dir, command string, changes []generator.Change) error {
	if len(changes) == 0 || !gitview.InWorkTree(ctx, env, dir) {
		return nil
	}
	return checkUnseen(ctx, env, dir, command, changes)
}

// checkUnseen makes CheckUnseen's refusals in dir, a directory of a git work tree.
func checkUnseen(ctx context.Context, env []string, dir, command string, changes []generator.Change) error {
	if n := gitview.FindNested(dir, changes); n != nil {
		todo := "make " + n.Repo + " a plain directory of this repository, then run " + command + " again"
		if command == "update" {
			todo = "port the change there by hand (gonew-prod update --dry-run prints it), or " + todo
		}
		return inputErrorf("%s", n.Refusal(command, dir, todo))
	}
	var edited, created []string
	for _, c := range changes {
		if c.Old != nil {
			edited = append(edited, c.Path)
		} else if !c.Delete {
			created = append(created, c.Path)
		}
	}
	sparse, err := gitview.FindHidden(ctx, env, dir, created)
	if err != nil {
		return err
	}
	if len(sparse.Paths) > 0 {
		whose := "its own file"
		if command == "update" {
			whose = "the new version's file"
		}
		return inputErrorf("nothing written: git tracks %s, which the work tree lacks (a sparse checkout, or --skip-worktree): %s would write %s over the committed one; check it out (git sparse-checkout add, or %s) and run %s again", strings.Join(sparse.Paths, ", "), command, whose, strings.Join(sparse.Undo, " and "), command)
	}
	hidden, err := gitview.FindHidden(ctx, env, dir, edited)
	if err != nil {
		return err
	}
	if len(hidden.Paths) > 0 {
		return inputErrorf("nothing written: git is told not to look at %s (assume-unchanged or skip-worktree): it would neither show nor commit %s's edits there; run %s, then %s again", strings.Join(hidden.Paths, ", "), command, strings.Join(hidden.Undo, " and "), command)
	}
	return nil
}

// checkIgnored refuses changes that write files git ignores where git tracks none.
func checkIgnored(ctx context.Context, env []string, dir, command string, changes []generator.Change) error {
	var written []string
	for _, c := range changes {
		if !c.Delete {
			written = append(written, c.Path)
		}
	}
	ignored, err := gitview.FindUntrackedIgnored(ctx, env, dir, written)
	if _, odd := errors.AsType[*gitview.IgnoreFileError](err); odd {
		return inputErrorf("nothing written: %v and run %s again", err, command)
	}
	if err != nil || len(ignored) == 0 {
		return err
	}
	return &InputError{errors.New(gitview.IgnoredRefusal(command, ignored))}
}

// Uncommitted returns the Input.Uncommitted of the project at dir, git running with env:
// those of the paths it is given that git would not commit, untracked files it ignores
// (gitview.FindUntrackedIgnored); none outside a git work tree.
func Uncommitted(env []string, dir string) func(ctx context.Context, paths []string) ([]string, error) {
	return func(ctx context.Context, paths []string) ([]string, error) {
		ignored, err := untrackedIgnored(ctx, env, dir, paths)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, ig := range ignored {
			names = append(names, ig.Path)
		}
		return names, nil
	}
}

// untrackedIgnored returns those of paths, in the project at dir (git running with env),
// that git ignores and tracks none of (gitview.FindUntrackedIgnored); none outside a git
// work tree. An ignore file git cannot read is the user's to mend: an input error.
func untrackedIgnored(ctx context.Context, env []string, dir string, paths []string) ([]gitview.Ignored, error) {
	if len(paths) == 0 || !gitview.InWorkTree(ctx, env, dir) {
		return nil, nil
	}
	ignored, err := gitview.FindUntrackedIgnored(ctx, env, dir, paths)
	if _, odd := errors.AsType[*gitview.IgnoreFileError](err); odd {
		return nil, inputErrorf("nothing written: %v and run update again", err)
	}
	return ignored, err
}
