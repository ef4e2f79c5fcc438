package merge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// Lines merges ours and theirs, two edited versions of base, line by line, the way every
// text file of an update is merged. When git is on PATH the result is that of
// `git merge-file -p --diff3`, which is authoritative; otherwise it is Text's, which
// agrees with git except where a diff has several equally short forms (see Text).
func Lines(ctx context.Context, base, ours, theirs []byte, labels Labels) (Result, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return Text(base, ours, theirs, labels), nil
	}
	return gitMerge(ctx, git, base, ours, theirs, labels)
}

// ScratchPrefix begins the names of the directories under TMPDIR that hold the three
// versions git merge-file merges (the user's edited file among them): made with
// scratch.Dir, so that scratch.Sweep removes the one a killed run left.
const ScratchPrefix = "gonew-prod-merge-"

// gitMerge runs `git merge-file -p --diff3` (the binary at git) without the user's or the
// system's configuration.
func gitMerge(ctx context.Context, git string, base, ours, theirs []byte, labels Labels) (Result, error) {
	for _, l := range []string{labels.Ours, labels.Base, labels.Theirs} {
		if strings.ContainsAny(l, "\r\n") {
			return Result{}, fmt.Errorf("merge: label %q spans lines", l)
		}
	}
	dir, release, err := scratch.Dir("", ScratchPrefix)
	if err != nil {
		return Result{}, fmt.Errorf("merge: %w", err)
	}
	defer release()
	for name, data := range map[string][]byte{"base": base, "ours": ours, "theirs": theirs} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return Result{}, fmt.Errorf("merge: %w", err)
		}
	}
	cmd := exec.CommandContext(ctx, git, "merge-file", "-p", "--diff3",
		"-L", labels.Ours, "-L", labels.Base, "-L", labels.Theirs, "ours", "base", "theirs")
	cmd.Dir = dir
	cmd.Env = []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull, "HOME=" + dir}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		// Killed by the cancellation (or by the terminal's SIGINT that caused it).
		return Result{}, fmt.Errorf("git merge-file: %w", ctx.Err())
	case err == nil:
		return Result{Merged: stdout.Bytes()}, nil
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 128:
		// The exit code counts the conflicts (up to 127).
		return Result{Merged: stdout.Bytes(), Conflicts: exit.ExitCode()}, nil
	default:
		return Result{}, fmt.Errorf("git merge-file: %w: %s", err, strings.Join(strings.Fields(stderr.String()), " "))
	}
}

// Whole returns a result that is one conflict block of the three whole versions, for a
// file that must not be merged line by line but whose versions all have to stay visible.
func Whole(base, ours, theirs []byte, labels Labels) Result {
	var out bytes.Buffer
	writeLines(&out, conflictBlock(labels, SplitLines(ours), SplitLines(base), SplitLines(theirs), "\n"))
	return Result{Merged: out.Bytes(), Conflicts: 1}
}

// HasConflictMarkers reports whether data holds a line that opens or closes a conflict
// block ("<<<<<<<" or ">>>>>>>", alone or followed by a space and a label), as a merge
// left it and `git diff --check` reports it. `git diff --check` reports "|||||||" and
// "=======" lines too, but those are text as often (a setext heading's underline, a
// table's rule): see LeftConflict for a file a merge is known to have written blocks into.
func HasConflictMarkers(data []byte) bool { return ConflictMarkerLine(data) > 0 }

// LeftConflict reports whether data, a file a merge wrote conflict blocks into, labelling
// each base section with a label that begins with by, still holds a part of one: a line
// HasConflictMarkers finds, or a base marker ("|||||||", a space and a label) whose label
// begins with by, which is what is left when only a block's "<<<<<<<" and ">>>>>>>" lines
// were removed (`git diff --check` reports it as a leftover conflict marker). A "======="
// line, or a "|||||||" line of another label or none, is still text.
func LeftConflict(data []byte, by string) bool {
	if HasConflictMarkers(data) {
		return true
	}
	for _, line := range SplitLines(data) {
		if conflictMarker(line) == markerBase && strings.HasPrefix(strings.TrimRight(line, "\r\n"), markerBase+" "+by) {
			return true
		}
	}
	return false
}

// ConflictMarkerLine returns the number of the first line of data that HasConflictMarkers
// takes for a conflict marker, 0 when there is none.
func ConflictMarkerLine(data []byte) int {
	for i, line := range SplitLines(data) {
		if m := conflictMarker(line); m == markerOurs || m == markerTheirs {
			return i + 1
		}
	}
	return 0
}
