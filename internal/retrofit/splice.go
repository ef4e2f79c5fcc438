package retrofit

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// edit replaces content[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

// applyEdits applies non-overlapping edits to content.
func applyEdits(content []byte, edits []edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b edit) int { return b.start - a.start })
	out := slices.Clone(content)
	prev := len(content) + 1
	for _, e := range edits {
		if e.start < 0 || e.end < e.start || e.end > len(content) || e.end > prev {
			return nil, fmt.Errorf("edits overlap or leave the file (at byte %d)", e.start)
		}
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
		prev = e.start
	}
	return out, nil
}

// lineStart returns the offset of the start of the line holding offset.
func lineStart(content []byte, offset int) int {
	return bytes.LastIndexByte(content[:offset], '\n') + 1
}

// lineEnd returns the offset just past the end of the line holding offset (after its
// newline, or the end of content).
func lineEnd(content []byte, offset int) int {
	i := bytes.IndexByte(content[offset:], '\n')
	if i < 0 {
		return len(content)
	}
	return offset + i + 1
}

// indentAt returns the leading white space of the line starting at start.
func indentAt(content []byte, start int) string {
	end := start
	for end < len(content) && (content[end] == ' ' || content[end] == '\t') {
		end++
	}
	return string(content[start:end])
}

// lines splits content into lines, each with its newline.
func lines(content []byte) []string {
	if len(content) == 0 {
		return nil
	}
	ls := strings.SplitAfter(string(content), "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// keepsLines checks the preservation rule for a file the tool edits: every line of
// before, except those in replaced (0-based line numbers), is in after, in order.
func keepsLines(path string, before, after []byte, replaced map[int]bool) error {
	old, neu := lines(before), lines(after)
	j := 0
	for i, l := range old {
		if replaced[i] {
			continue
		}
		for j < len(neu) && neu[j] != l && !(i == len(old)-1 && strings.TrimSuffix(neu[j], "\n") == l) {
			j++
		}
		if j == len(neu) {
			return refuse("preservation check failed for %s: line %d (%q) would be lost; nothing written", path, i+1, strings.TrimSuffix(l, "\n"))
		}
		j++
	}
	return nil
}
