package merge

import (
	"fmt"
	"strings"
)

// Preserves checks that result, a merge of ours with some other version of base, kept
// every change ours made to base: the no-line-lost invariant to check before a merged
// file is written.
//
// The user's changes are the hunks of the line diff from base to ours (the diff Text
// uses). Each hunk's added lines — the lines of ours that are not base lines kept in
// place — must appear in result as one contiguous run, and the runs in the order of the
// hunks. A run may be outside conflict blocks or in the first section (ours) of a
// conflict block; a line there may have gained the newline a block adds to a section
// whose last line has none, and so may ours' last line (without a newline) where the
// merge put lines after it (Union joining what both sides appended): only a newline put
// back at the end of the file undoes an edit. Every other line of ours is identical to
// base and may be gone, so nothing is deleted unless it is identical to base.
//
// Lines ours deleted from base are not checked: a deleted line that comes back loses no
// byte of the user's, and by content alone it cannot be told from an equal line the
// other side added. Preserves returns an error naming the first run it cannot find, or a
// malformed conflict block.
func Preserves(base, ours, result []byte) error {
	kept, err := withoutOtherSections(SplitLines(result))
	if err != nil {
		return err
	}
	o := SplitLines(ours)
	at := 0 // the first line of kept not yet used
	for _, h := range diffLines(SplitLines(base), o) {
		added := o[h.side : h.side+h.sideLen]
		if len(added) == 0 {
			continue
		}
		found := indexRun(kept[at:], added)
		if found < 0 {
			where := fmt.Sprintf("line %d", h.side+1)
			if len(added) > 1 {
				where = fmt.Sprintf("lines %d-%d", h.side+1, h.side+len(added))
			}
			return fmt.Errorf("merged result lost %s of yours (%q)", where, strings.TrimRight(added[0], "\r\n"))
		}
		at += found + len(added)
	}
	return nil
}

// A keptLine is a line of a merged result outside conflict blocks or in their ours
// section.
type keptLine struct {
	text string
	// sectionEnd marks the last line of an ours section, and followed a line something
	// comes after in the result: either may have gained a newline.
	sectionEnd, followed bool
}

func (k keptLine) is(line string) bool {
	return k.text == line ||
		(k.sectionEnd || k.followed) && !strings.HasSuffix(line, "\n") &&
			(k.text == line+"\n" || k.text == line+"\r\n")
}

// indexRun returns the index of the first run of lines in kept that matches run, or -1.
func indexRun(kept []keptLine, run []string) int {
	for i := 0; i+len(run) <= len(kept); i++ {
		match := true
		for j, line := range run {
			if !kept[i+j].is(line) {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// withoutOtherSections returns the lines of a merged result with each conflict block
// replaced by its ours section. Outside a block only an opening marker is one; a line
// that only looks like another marker is text, and so is a separator line in the ours
// section of a block with a base section (hasBaseSection).
func withoutOtherSections(lines []string) ([]keptLine, error) {
	var kept []keptLine
	const (
		outside = iota
		inOurs
		inOthers // the base and theirs sections
	)
	state, opened := outside, 0
	for i, line := range lines {
		marker := conflictMarker(line)
		switch {
		case state == outside && marker == markerOurs:
			state, opened = inOurs, i+1
		case state == outside:
			kept = append(kept, keptLine{text: line})
		case state == inOurs && marker == markerSplit && hasBaseSection(lines[i+1:]):
			// A line of the user's (a setext heading's underline): the ours section of a
			// block with a base section ends at its base marker.
			kept = append(kept, keptLine{text: line})
		case state == inOurs && (marker == markerBase || marker == markerSplit):
			if n := len(kept); n > 0 && opened < i {
				kept[n-1].sectionEnd = true
			}
			state = inOthers
		case state == inOurs && marker != "":
			return nil, fmt.Errorf("line %d: conflict marker %s inside the ours section of the block opened on line %d",
				i+1, marker, opened)
		case state == inOurs:
			kept = append(kept, keptLine{text: line})
		case marker == markerTheirs:
			state = outside
		}
	}
	if state != outside {
		return nil, fmt.Errorf("line %d: conflict block is not closed", opened)
	}
	for i := range kept[:max(len(kept)-1, 0)] {
		kept[i].followed = true
	}
	return kept, nil
}

// hasBaseSection reports whether the rest of a conflict block's ours section, rest (up
// to the end of the result), holds the block's base marker followed by its separator
// before the block closes: the block is written with a base section (git merge-file
// --diff3, Text, Whole), so its ours section ends at the base marker, and a separator
// line before it is a line of the user's. Blocks without a base section end their ours
// section at the first separator, as git's.
func hasBaseSection(rest []string) bool {
	base := false
	for _, line := range rest {
		switch conflictMarker(line) {
		case markerBase:
			base = true
		case markerSplit:
			if base {
				return true
			}
		case markerOurs, markerTheirs:
			return false
		}
	}
	return false
}

// conflictMarker returns the marker a line of a merged result is, or "".
func conflictMarker(line string) string {
	line = strings.TrimRight(line, "\r\n")
	for _, m := range []string{markerOurs, markerBase, markerTheirs} {
		if line == m || strings.HasPrefix(line, m+" ") {
			return m
		}
	}
	if line == markerSplit {
		return markerSplit
	}
	return ""
}

// KeepsLines checks what an edit that only inserts may do to a file: every line of before,
// except those in dropped (0-based line numbers), is in after, in order. A last line
// without a newline may gain one ("\n" or "\r\n").
func KeepsLines(before, after []byte, dropped map[int]bool) error {
	old, neu := SplitLines(before), SplitLines(after)
	j := 0
	for i, l := range old {
		if dropped[i] {
			continue
		}
		for j < len(neu) && neu[j] != l && !(i == len(old)-1 && (neu[j] == l+"\n" || neu[j] == l+"\r\n")) {
			j++
		}
		if j == len(neu) {
			return fmt.Errorf("line %d (%q) would be lost", i+1, strings.TrimSuffix(l, "\n"))
		}
		j++
	}
	return nil
}
