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
	o := SplitLines(ours)
	kept, err := withoutOtherSections(SplitLines(result), o)
	if err != nil {
		return err
	}
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
// that only looks like another marker is text, and so is a marker line in the ours
// section (oursSectionEnd). ours, when known, is the user's version the result merged.
func withoutOtherSections(lines, ours []string) ([]keptLine, error) {
	var kept []keptLine
	for i := 0; i < len(lines); i++ {
		if conflictMarker(lines[i]) != markerOurs {
			kept = append(kept, keptLine{text: lines[i]})
			continue
		}
		end, closing, err := oursSectionEnd(lines, i, ours)
		if err != nil {
			return nil, err
		}
		for _, line := range lines[i+1 : end] {
			kept = append(kept, keptLine{text: line})
		}
		if n := len(kept); n > 0 && i+1 < end {
			kept[n-1].sectionEnd = true
		}
		i = closing
	}
	for i := range kept[:max(len(kept)-1, 0)] {
		kept[i].followed = true
	}
	return kept, nil
}

// oursSectionEnd reads the conflict block opened at lines[open]: it returns the index of
// the marker that ends its ours section and of its closing marker. No version of a file
// update merges holds an opening or closing marker (they are refused), so the block
// closes at the first closing marker; but each section may hold lines that look like a
// base marker or a separator (a setext heading's underline, a row of pipes). A block
// written with a base section (git merge-file --diff3, Text, Whole) ends its ours section
// at a base marker followed by a separator: of those, the last one before which the
// section is a run of lines of ours (a user's line that looks like the marker is text),
// else the first. A block without a base section ends it at its first separator, as
// git's.
func oursSectionEnd(lines []string, open int, ours []string) (end, closing int, err error) {
	closing, nested := -1, -1
	var bases, splits []int
	firstMarker := ""
	for j := open + 1; j < len(lines) && closing < 0; j++ {
		m := conflictMarker(lines[j])
		if m != "" && firstMarker == "" {
			firstMarker = m
		}
		switch m {
		case markerTheirs:
			closing = j
		case markerBase:
			bases = append(bases, j)
		case markerSplit:
			splits = append(splits, j)
		case markerOurs:
			if nested < 0 {
				nested = j
			}
		}
	}
	nestedErr := func() error {
		return fmt.Errorf("line %d: conflict marker %s inside the ours section of the block opened on line %d",
			nested+1, markerOurs, open+1)
	}
	if closing < 0 {
		if firstMarker == markerOurs {
			return 0, 0, nestedErr()
		}
		return 0, 0, fmt.Errorf("line %d: conflict block is not closed", open+1)
	}
	var candidates []int
	for _, b := range bases {
		if len(splits) > 0 && splits[len(splits)-1] > b {
			candidates = append(candidates, b)
		}
	}
	switch {
	case len(candidates) > 0:
		end = candidates[0]
		for k := len(candidates) - 1; k > 0 && ours != nil; k-- {
			if isRunOf(lines[open+1:candidates[k]], ours) {
				end = candidates[k]
				break
			}
		}
	case len(splits) > 0:
		end = splits[0]
	default:
		return 0, 0, fmt.Errorf("line %d: conflict marker %s inside the ours section of the block opened on line %d",
			closing+1, markerTheirs, open+1)
	}
	if nested >= 0 && nested < end {
		return 0, 0, nestedErr()
	}
	return end, closing, nil
}

// isRunOf reports whether section is a run of consecutive lines of ours; its last line
// may have gained the newline a conflict block adds to a section.
func isRunOf(section, ours []string) bool {
	for k := 0; k+len(section) <= len(ours); k++ {
		match := true
		for i, line := range section {
			want := ours[k+i]
			if line != want && !(i == len(section)-1 && !strings.HasSuffix(want, "\n") &&
				(line == want+"\n" || line == want+"\r\n")) {
				match = false
				break
			}
		}
		if match {
			return true
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
