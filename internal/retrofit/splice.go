package retrofit

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"slices"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
)

// edit replaces content[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

// applyEdits applies non-overlapping edits to content.
func applyEdits(content []byte, edits []edit) ([]byte, error) {
	edits = slices.Clone(edits)
	// From the end of the file back; of two edits at one offset, the one that replaces
	// first, so that an insertion there lands before the replacement.
	slices.SortFunc(edits, func(a, b edit) int { return cmp.Or(b.start-a.start, b.end-a.end) })
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

// keepsLines checks the preservation rule for a file the tool edits (merge.KeepsLines).
func keepsLines(path string, before, after []byte, replaced map[int]bool) error {
	if err := merge.KeepsLines(before, after, replaced); err != nil {
		return refuse("preservation check failed for %s: %v; nothing written", path, err)
	}
	return nil
}

// gofmtBlocks gives the guarded blocks ids of the Go source src the layout gofmt gives
// them (the indentation of a marker inside an if statement's block, a function body on
// lines of its own), leaving every other line as it is; src stays as it is when gofmt
// cannot parse it.
func gofmtBlocks(src []byte, ids []string) []byte {
	formatted, err := format.Source(src)
	if err != nil {
		return src
	}
	out := src
	for _, id := range ids {
		start, end, ok, _ := generator.FindBlock(out, id)
		fStart, fEnd, fOK, _ := generator.FindBlock(formatted, id)
		if ok && fOK {
			out = slices.Concat(out[:start], formatted[fStart:fEnd], out[end:])
		}
	}
	return out
}
