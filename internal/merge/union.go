package merge

import (
	"bytes"
	"slices"
	"strings"
)

// Adds joins the lines ours and theirs both added at one place of a file, or reports that
// they must stay a conflict.
type Adds func(ours, theirs []string) ([]string, bool)

// Union returns r, a merge by lines (Lines, with labels), with each conflict block where
// both sides only added lines at one place (an empty base section) replaced by what adds
// makes of the two, when it can join them. That is how a file merged by meaning differs
// from text: two independent additions at the end of a Makefile or a .gitignore are both
// kept (the caller knows the file and passes its adds). Every other block stays as it is.
func Union(r Result, labels Labels, adds Adds) Result {
	if r.Clean() {
		return r
	}
	lines := SplitLines(r.Merged)
	var out bytes.Buffer
	conflicts := r.Conflicts
	for i := 0; i < len(lines); i++ {
		end, ours, base, theirs, ok := conflictAt(lines, i, labels)
		if !ok {
			out.WriteString(lines[i])
			continue
		}
		joined, joins := adds(ours, theirs)
		if len(base) > 0 || !joins {
			writeLines(&out, lines[i:end])
		} else {
			writeLines(&out, joined)
			conflicts--
		}
		i = end - 1
	}
	return Result{Merged: out.Bytes(), Conflicts: conflicts}
}

// conflictAt parses the conflict block with labels that starts at lines[i]: the line after
// it, and its three sections.
func conflictAt(lines []string, i int, labels Labels) (end int, ours, base, theirs []string, ok bool) {
	if strings.TrimRight(lines[i], "\r\n") != markerOurs+" "+labels.Ours {
		return 0, nil, nil, nil, false
	}
	sections := [][]string{nil, nil, nil}
	want := []string{markerBase + " " + labels.Base, markerSplit, markerTheirs + " " + labels.Theirs}
	k := 0
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimRight(lines[j], "\r\n") == want[k] {
			if k == 2 {
				return j + 1, sections[0], sections[1], sections[2], true
			}
			k++
			continue
		}
		sections[k] = append(sections[k], lines[j])
	}
	return 0, nil, nil, nil, false
}

// IgnoreAdds joins the patterns both sides added to a .gitignore or .dockerignore: ours',
// then those of theirs' ours lacks. A negation (!pattern) depends on the order of the
// patterns around it, so an addition holding one stays a conflict.
func IgnoreAdds(ours, theirs []string) ([]string, bool) {
	negation := func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "!") }
	if slices.ContainsFunc(ours, negation) || slices.ContainsFunc(theirs, negation) {
		return nil, false
	}
	joined := slices.Clone(ours)
	for _, l := range theirs {
		if !slices.Contains(ours, l) || strings.TrimSpace(l) == "" {
			joined = append(joined, l)
		}
	}
	return joined, true
}
