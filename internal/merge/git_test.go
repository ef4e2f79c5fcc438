package merge

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// requireGit skips the test when git, the oracle the merge is compared with, is absent.
func requireGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: nothing to compare the merge with")
	}
}

// git runs git in dir without the user's or the system's configuration (which could
// choose another diff algorithm) and returns its standard output and exit code.
func git(t testing.TB, dir string, args ...string) ([]byte, int) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out, 0
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 128:
		return out, exit.ExitCode()
	default:
		t.Fatalf("git %v: %v: %s", args, err, stderr.Bytes())
		return nil, 0
	}
}

func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gitMergeFile returns what `git merge-file -p --diff3` makes of the three versions and
// its count of conflicts (its exit code).
func gitMergeFile(t testing.TB, base, ours, theirs []byte, labels Labels) ([]byte, int) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"base": base, "ours": ours, "theirs": theirs})
	return git(t, dir, "merge-file", "-p", "--diff3",
		"-L", labels.Ours, "-L", labels.Base, "-L", labels.Theirs, "ours", "base", "theirs")
}

var hunkHeader = regexp.MustCompile(`(?m)^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// gitDiff returns the hunks of git's line diff from a to b, as merge-file computes it
// (Myers, no indent heuristic).
func gitDiff(t testing.TB, a, b []byte) []hunk {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"a": a, "b": b})
	out, _ := git(t, dir, "diff", "--no-index", "--no-color", "--no-ext-diff",
		"--diff-algorithm=myers", "--no-indent-heuristic", "-U0", "a", "b")
	var hunks []hunk
	for _, m := range hunkHeader.FindAllSubmatch(out, -1) {
		// A header says "start,count", the count omitted when 1; a start counts from 1,
		// except that an empty range names the line before it.
		number := func(s []byte, missing int) int {
			if len(s) == 0 {
				return missing
			}
			n, err := strconv.Atoi(string(s))
			if err != nil {
				t.Fatalf("hunk header %q: %v", m[0], err)
			}
			return n
		}
		h := hunk{base: number(m[1], 0), baseLen: number(m[2], 1), side: number(m[3], 0), sideLen: number(m[4], 1)}
		if h.baseLen > 0 {
			h.base--
		}
		if h.sideLen > 0 {
			h.side--
		}
		hunks = append(hunks, h)
	}
	return hunks
}

// changedLines is the size of a diff: the lines it deletes plus the lines it inserts.
func changedLines(hunks []hunk) int {
	n := 0
	for _, h := range hunks {
		n += h.baseLen + h.sideLen
	}
	return n
}

// agreement is how far Text agreed with git on one triple.
type agreement struct {
	// tie is set when a diff from base to a side had several shortest forms and go-udiff
	// picked another one than git; then the results below may differ.
	tie              bool
	verdictDiffers   bool // one merge is clean, the other is not
	cleanBytesDiffer bool // both are clean, with different bytes
}

// compareWithGit merges the three versions with Text and with git merge-file and fails
// the test where they disagree in a way the package does not allow:
//
//   - when Text's diffs from base to each side are git's diffs, the results must be
//     identical: the count of conflicts and every byte, conflict blocks included;
//   - otherwise a diff had several shortest forms and go-udiff picked another one than
//     git (or git's heuristics gave up on the shortest): each of Text's diffs must be no
//     longer than git's, and the result is only held to the invariants below. It reports
//     how far the results still agree.
//
// In every case the result must keep every change of each side (Preserves), and a clean
// result must contain no conflict marker.
func compareWithGit(t *testing.T, base, ours, theirs []byte) agreement {
	t.Helper()
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	got := Text(base, ours, theirs, labels)
	describe := func() string {
		return "\nbase   " + strconv.Quote(string(base)) + "\nours   " + strconv.Quote(string(ours)) +
			"\ntheirs " + strconv.Quote(string(theirs)) + "\nmerged " + strconv.Quote(string(got.Merged))
	}
	if err := Preserves(base, ours, got.Merged); err != nil {
		t.Fatalf("Preserves(base, ours, merged): %v%s", err, describe())
	}
	if err := Preserves(base, theirs, theirsFirst(got.Merged)); err != nil {
		t.Fatalf("Preserves(base, theirs, merged with the theirs sections first): %v%s", err, describe())
	}
	if got.Clean() && bytes.Contains(got.Merged, []byte(markerOurs)) && !bytes.Contains(ours, []byte(markerOurs)) &&
		!bytes.Contains(theirs, []byte(markerOurs)) {
		t.Fatalf("clean merge with a conflict marker%s", describe())
	}

	want, wantConflicts := gitMergeFile(t, base, ours, theirs, labels)
	b := SplitLines(base)
	sameDiffs := true
	for _, side := range [][]byte{ours, theirs} {
		mine, gits := diffLines(b, SplitLines(side)), gitDiff(t, base, side)
		if changedLines(mine) > changedLines(gits) {
			t.Fatalf("diff from base to %q changes %d lines, git's %d: %v, git %v%s",
				side, changedLines(mine), changedLines(gits), mine, gits, describe())
		}
		if len(mine) != len(gits) {
			sameDiffs = false
			continue
		}
		for i := range mine {
			sameDiffs = sameDiffs && mine[i] == gits[i]
		}
	}
	if !sameDiffs {
		return agreement{
			tie:              true,
			verdictDiffers:   got.Clean() != (wantConflicts == 0),
			cleanBytesDiffer: got.Clean() && wantConflicts == 0 && !bytes.Equal(got.Merged, want),
		}
	}
	if got.Conflicts != wantConflicts || !bytes.Equal(got.Merged, want) {
		t.Fatalf("Text made %d conflicts, git %d\ngit    %q%s", got.Conflicts, wantConflicts, want, describe())
	}
	return agreement{}
}

// theirsFirst swaps the ours and theirs sections of every conflict block in a merged
// result, so Preserves can check the theirs side too.
func theirsFirst(merged []byte) []byte {
	var out, ours, base, theirs []string
	section := &out
	for _, line := range SplitLines(merged) {
		switch conflictMarker(line) {
		case markerOurs:
			ours, base, theirs = []string{line}, nil, nil
			section = &ours
		case markerBase:
			base = []string{line}
			section = &base
		case markerSplit:
			theirs = []string{line}
			section = &theirs
		case markerTheirs:
			out = append(out, ours[0])
			out = append(out, theirs[1:]...)
			out = append(out, base...)
			out = append(out, theirs[0])
			out = append(out, ours[1:]...)
			out = append(out, line)
			section = &out
		default:
			*section = append(*section, line)
		}
	}
	return []byte(strings.Join(out, ""))
}

// TestGitMergeInterrupted cancels a git merge-file that is running (a stand-in that
// waits): the error says the merge was interrupted, for the command to report that
// rather than git's death by a signal.
func TestGitMergeInterrupted(t *testing.T) {
	slow := filepath.Join(t.TempDir(), "git")
	if err := os.WriteFile(slow, []byte("#!/bin/sh\nexec sleep 10\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := gitMerge(ctx, slow, []byte("a\n"), []byte("b\n"), []byte("c\n"), Labels{Ours: "yours", Base: "base", Theirs: "theirs"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("merge cancelled while it runs: %v, want the context's error", err)
	}
}
